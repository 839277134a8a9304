// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Broadcasting on active matrices, in Eigen's spelling: colwise() / rowwise() with a vector or
// a reduction, replicate, and asDiagonal(). Part of slope/reverse/matrix.hpp.
//
//   m.colwise() + b       b added to every column: a leaf of the element-wise tree that
//                         repeats b, so `tanh((W * X).colwise() + b)` is still ONE node;
//                         backward: bbar += (weights summed along each row)
//   m.colwise().sum()     one node per reduction (sum, mean, squaredNorm, norm, maxCoeff,
//                         minCoeff), a row vector; rowwise() the same across, a column
//   m.replicate(r, c)     one node; mbar += the sum of the r x c blocks of the result's adjoint
//   d.asDiagonal() * m    diag(d) m = m scaled row by row (m.array().colwise() * d), and
//   m * d.asDiagonal()    m diag(d) column by column: element-wise, fused like the above
//
//     auto hidden = tanh(((W * X).colwise() + b).array());     // W, X, b: VarMatrix or Eigen
//     slope::VarMatrix<double> column_means = X.colwise().mean();

#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/rules.hpp"
#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/interface.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

namespace matrix_detail {

// ---------------------------------------------------------------- a vector repeated over a matrix

// The leaf of a vector repeated along the columns (kColwise: one entry per row) or the rows of
// the expression's shape. The vector itself is a leaf of n x 1 values (a VarMatrix's handle, or
// a plain vector copied to a column) read with its own n x 1 context.
template <class Inner, bool kColwise>
struct BroadcastLeaf {
  using value_type = typename Inner::value_type;
  using T = value_type;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = Inner::kMayBeActive;
  Inner inner;
  Eigen::Index rows_;
  Eigen::Index cols_;

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  bool active() const {
    if constexpr (kMayBeActive) {
      return inner.active();
    } else {
      return false;
    }
  }
  void check(const Tape<T>& tape) const { inner.check(tape); }
  template <bool kNeeded>
  auto record(Tape<T>& tape) const {
    auto recorded = inner.template record<kNeeded>(tape);
    return BroadcastLeaf<decltype(recorded), kColwise>{std::move(recorded), rows_, cols_};
  }
  Context<T> inner_context(const Context<T>& ctx) const { return {ctx.values, ctx.adjoints, kColwise ? rows_ : cols_, 1}; }
  auto values(const Context<T>& ctx) const {
    if constexpr (kColwise) {
      return inner.values(inner_context(ctx)).replicate(1, cols_);
    } else {
      return inner.values(inner_context(ctx)).transpose().replicate(rows_, 1);
    }
  }
  // vbar += the weights summed over the dimension the vector was repeated along
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    if constexpr (kMayBeActive) {
      if constexpr (kColwise) {
        inner.propagate(inner_context(ctx), weight.rowwise().sum());
      } else {
        inner.propagate(inner_context(ctx), weight.colwise().sum().transpose());
      }
    }
  }
};

// The leaf of a vector operand: a VarMatrix (an expression is evaluated first), or a plain
// Eigen vector copied into a column it owns (so that it reads as n x 1 whatever its layout).
template <class T, class V>
auto vector_leaf(const char* operation, V&& v, Eigen::Index length) {
  check_sizes((v.rows() == 1 || v.cols() == 1) && v.size() == length, operation, v.rows(), v.cols(), length, 1,
              "the vector must have one entry per row (colwise) or per column (rowwise)");
  using D = std::remove_cvref_t<V>;
  if constexpr (is_var_matrix_v<D>) {
    return HandleLeaf<T>{v};
  } else if constexpr (is_var_xpr_v<D>) {
    return HandleLeaf<T>{materialize(v.node())};
  } else {
    static_assert(EigenDense<D>, "slope::VarMatrix::colwise/rowwise: the vector must be a VarVector, an expression of one, or an Eigen vector");
    PlainLeaf<T> leaf;
    leaf.owner = SharedValues<T>(PlainMatrix<T>(v.derived().reshaped().template cast<T>()));
    leaf.data = leaf.owner->data();
    leaf.rows_ = length;
    leaf.cols_ = 1;
    leaf.stride = length;
    return leaf;
  }
}

// ---------------------------------------------------------------- partial reductions

enum class PartialKind { kSum, kMean, kSquaredNorm, kNorm, kMax, kMin };

// One reduction per column (kColwise) or per row of a recorded matrix.
//   sum: sbar += o   mean: sbar += o / n   squaredNorm: sbar += 2 s o   norm: sbar += s o / |s|
//   maxCoeff / minCoeff: the adjoint goes to the first extreme entry (as Eigen picks it)
template <class T, bool kColwise>
class PartialReductionNode final : public Node<T> {
 public:
  PartialReductionNode(VarMatrix<T> source, PartialKind kind, Index out)
      : source_(std::move(source)), kind_(kind), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index rows = source_.rows(), cols = source_.cols();
    const Eigen::Index lanes = kColwise ? cols : rows;  // one result per lane
    const Eigen::Index length = kColwise ? rows : cols;
    const ConstMatrixMap<T> s(source_.data(tape.values_data()), rows, cols, Eigen::OuterStride<>(rows));
    MatrixMap<T> s_bar(tape.adjoint_space().at(source_.first()), rows, cols);
    const T* o_bar = tape.output_adjoints(out_);
    const T* o = tape.values_data() + out_;
    for (Eigen::Index k = 0; k < lanes; ++k) {
      const T adjoint = o_bar[k];
      if (is_exact_zero(adjoint)) continue;
      auto lane_bar = [&] { if constexpr (kColwise) return s_bar.col(k); else return s_bar.row(k); }();
      auto lane = [&] { if constexpr (kColwise) return s.col(k); else return s.row(k); }();
      switch (kind_) {
        case PartialKind::kSum: lane_bar.array() += adjoint; break;
        case PartialKind::kMean: lane_bar.array() += T(adjoint / T(static_cast<scalar_of_t<T>>(length))); break;
        case PartialKind::kSquaredNorm: lane_bar += T(T(2) * adjoint) * lane; break;
        case PartialKind::kNorm:
          if (!is_exact_zero(o[k])) lane_bar += T(adjoint / o[k]) * lane;  // 0 at the kink |s| = 0
          break;
        case PartialKind::kMax:
        case PartialKind::kMin: lane_bar(extreme_index(lane, kind_ == PartialKind::kMax)) += adjoint; break;
      }
    }
  }

  template <class Lane>
  static Eigen::Index extreme_index(const Lane& lane, bool largest) {
    Eigen::Index at = 0;
    for (Eigen::Index i = 1; i < lane.size(); ++i) {
      if (largest ? (lane(at) < lane(i)) : (lane(i) < lane(at))) at = i;
    }
    return at;
  }

 private:
  VarMatrix<T> source_;
  PartialKind kind_;
  Index out_;
};

template <class T, bool kColwise>
VarMatrix<T> partial_reduction(const VarMatrix<T>& source, PartialKind kind, const char* operation) {
  using std::sqrt;
  const Eigen::Index rows = source.rows(), cols = source.cols();
  const bool extreme = kind == PartialKind::kMax || kind == PartialKind::kMin;
  check_sizes(!extreme || (kColwise ? rows : cols) > 0, operation, rows, cols, 0, 0, "the lanes must not be empty");
  Tape<T>* tape = source.is_active() ? &active_tape<T>() : nullptr;
  if (tape != nullptr) source.check_tape(*tape);
  const Eigen::Index lanes = kColwise ? cols : rows;
  const auto [first, out, values] = result_slots(tape, lanes);
  const ConstMatrixMap<T> s(source.data(values), rows, cols, Eigen::OuterStride<>(rows));
  for (Eigen::Index k = 0; k < lanes; ++k) {
    const auto lane = [&] { if constexpr (kColwise) return s.col(k); else return s.row(k); }();
    switch (kind) {
      case PartialKind::kSum: out[k] = lane.sum(); break;
      case PartialKind::kMean: out[k] = T(lane.sum() / T(static_cast<scalar_of_t<T>>(lane.size()))); break;
      case PartialKind::kSquaredNorm: out[k] = lane.squaredNorm(); break;
      case PartialKind::kNorm: out[k] = T(sqrt(T(lane.squaredNorm()))); break;
      case PartialKind::kMax:
      case PartialKind::kMin:
        out[k] = lane(PartialReductionNode<T, kColwise>::extreme_index(lane, kind == PartialKind::kMax));
        break;
    }
  }
  const Eigen::Index out_rows = kColwise ? 1 : rows, out_cols = kColwise ? cols : 1;
  if (tape == nullptr) return VarMatrix<T>::constant(MatrixMap<T>(out, out_rows, out_cols));
  tape->template push_node<PartialReductionNode<T, kColwise>>(source, kind, first);
  return VarMatrix<T>::on_tape(first, out_rows, out_cols, tape->epoch());
}

}  // namespace matrix_detail

// ---------------------------------------------------------------- colwise() and rowwise()

// What x.colwise() (kColwise) and x.rowwise() return: element-wise + - * / with a vector
// repeated across, and one reduction per column (row). `Node` is x's expression tree, kept
// lazy so that the broadcast operation fuses with what follows it.
template <class T, class Node, bool kArray, bool kColwise>
class VarBroadcast {
 public:
  explicit VarBroadcast(Node node) : node_(std::move(node)) {}

  template <class V>
  auto operator+(V&& v) const {
    return combine<rules::Add>("slope::operator+ (broadcast)", std::forward<V>(v));
  }
  template <class V>
  auto operator-(V&& v) const {
    return combine<rules::Subtract>("slope::operator- (broadcast)", std::forward<V>(v));
  }
  template <class V>
  auto operator*(V&& v) const {
    return combine<rules::Multiply>("slope::operator* (broadcast)", std::forward<V>(v));
  }
  template <class V>
  auto operator/(V&& v) const {
    return combine<rules::Divide>("slope::operator/ (broadcast)", std::forward<V>(v));
  }

  auto sum() const { return reduce(matrix_detail::PartialKind::kSum, "slope::colwise/rowwise().sum"); }
  auto mean() const { return reduce(matrix_detail::PartialKind::kMean, "slope::colwise/rowwise().mean"); }
  auto squaredNorm() const { return reduce(matrix_detail::PartialKind::kSquaredNorm, "slope::colwise/rowwise().squaredNorm"); }
  auto norm() const { return reduce(matrix_detail::PartialKind::kNorm, "slope::colwise/rowwise().norm"); }
  auto maxCoeff() const { return reduce(matrix_detail::PartialKind::kMax, "slope::colwise/rowwise().maxCoeff"); }
  auto minCoeff() const { return reduce(matrix_detail::PartialKind::kMin, "slope::colwise/rowwise().minCoeff"); }

 private:
  template <class Rule, class V>
  auto combine(const char* operation, V&& v) const {
    auto vector = matrix_detail::vector_leaf<T>(operation, std::forward<V>(v), kColwise ? node_.rows() : node_.cols());
    using Leaf = matrix_detail::BroadcastLeaf<decltype(vector), kColwise>;
    using Xpr = matrix_detail::BinaryXpr<Rule, Node, Leaf>;
    return matrix_detail::make_xpr<T, Xpr, kArray>(Xpr{node_, Leaf{std::move(vector), node_.rows(), node_.cols()}});
  }
  // A row (colwise) or column (rowwise) of results, of x's flavour.
  auto reduce(matrix_detail::PartialKind kind, const char* operation) const {
    VarMatrix<T> result = matrix_detail::partial_reduction<T, kColwise>(matrix_detail::materialize(node_), kind, operation);
    if constexpr (kArray) {
      return matrix_detail::make_xpr<T, matrix_detail::HandleLeaf<T>, true>(matrix_detail::HandleLeaf<T>{std::move(result)});
    } else {
      return result;
    }
  }

  Node node_;
};

namespace matrix_detail {

template <class Derived, class T, bool kArray>
auto VarDenseBase<Derived, T, kArray>::colwise() const {
  return VarBroadcast<T, node_of<>, kArray, true>(self().node());
}
template <class Derived, class T, bool kArray>
auto VarDenseBase<Derived, T, kArray>::rowwise() const {
  return VarBroadcast<T, node_of<>, kArray, false>(self().node());
}

// ---------------------------------------------------------------- replicate

// Backward: sbar += the sum of the r x c blocks of the result's adjoint.
template <class T>
class ReplicateNode final : public Node<T> {
 public:
  ReplicateNode(Index source, Eigen::Index rows, Eigen::Index cols, Eigen::Index times_down, Eigen::Index times_across, Index out)
      : source_(source), rows_(rows), cols_(cols), down_(times_down), across_(times_across), out_(out) {}
  void backward(Tape<T>& tape) const override {
    MatrixMap<T> s_bar(tape.adjoint_space().at(source_), rows_, cols_);
    const Eigen::Map<const PlainMatrix<T>> o_bar(tape.output_adjoints(out_), rows_ * down_, cols_ * across_);
    for (Eigen::Index j = 0; j < across_; ++j) {
      for (Eigen::Index i = 0; i < down_; ++i) s_bar += o_bar.block(i * rows_, j * cols_, rows_, cols_);
    }
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_, down_, across_;
  Index out_;
};

template <class Derived, class T, bool kArray>
auto VarDenseBase<Derived, T, kArray>::replicate(Eigen::Index times_down, Eigen::Index times_across) const {
  const VarMatrix<T> m = materialize(self().node());
  check_sizes(times_down >= 0 && times_across >= 0, "slope::replicate", m.rows(), m.cols(), times_down, times_across,
              "the repetition counts must not be negative");
  const Eigen::Index rows = m.rows() * times_down, cols = m.cols() * times_across;
  Tape<T>* tape = m.is_active() ? &active_tape<T>() : nullptr;
  if (tape != nullptr) m.check_tape(*tape);
  const auto [first, out, values] = result_slots(tape, rows * cols);
  MatrixMap<T>(out, rows, cols) = ConstMatrixMap<T>(m.data(values), m.rows(), m.cols(), Eigen::OuterStride<>(m.rows()))
                                      .replicate(times_down, times_across);
  VarMatrix<T> result = tape == nullptr ? VarMatrix<T>::constant(MatrixMap<T>(out, rows, cols))
                                        : VarMatrix<T>::on_tape(first, rows, cols, tape->epoch());
  if (tape != nullptr) tape->template push_node<ReplicateNode<T>>(m.first(), m.rows(), m.cols(), times_down, times_across, first);
  if constexpr (kArray) {
    return make_xpr<T, HandleLeaf<T>, true>(HandleLeaf<T>{std::move(result)});
  } else {
    return result;
  }
}

}  // namespace matrix_detail

// ---------------------------------------------------------------- asDiagonal

// d.asDiagonal() for an active vector d: multiplied with a matrix it scales its rows (on the
// left) or columns (on the right), element-wise and fused; toDenseMatrix() records the square
// diagonal matrix (one node).
template <class T>
class VarDiagonal {
 public:
  using value_type = T;
  explicit VarDiagonal(VarMatrix<T> diagonal) : diagonal_(std::move(diagonal)) {}
  const VarMatrix<T>& diagonal() const { return diagonal_; }
  Eigen::Index rows() const { return diagonal_.size(); }
  Eigen::Index cols() const { return diagonal_.size(); }
  // The diagonal matrix itself: diag(d) = (the identity's columns) scaled by d.
  VarMatrix<T> toDenseMatrix() const {
    const Eigen::Index n = diagonal_.size();
    auto identity = matrix_detail::leaf_of<T>(matrix_detail::PlainMatrix<T>(matrix_detail::PlainMatrix<T>::Identity(n, n)));
    return VarMatrix<T>(VarBroadcast<T, decltype(identity), false, false>(std::move(identity)) * diagonal_);
  }

 private:
  VarMatrix<T> diagonal_;
};

namespace matrix_detail {
template <class Derived, class T, bool kArray>
VarDiagonal<T> VarDenseBase<Derived, T, kArray>::asDiagonal() const {
  const VarMatrix<T> d = materialize(self().node());
  check_sizes(d.rows() == 1 || d.cols() == 1, "slope::asDiagonal", d.rows(), d.cols(), 0, 0, "asDiagonal needs a vector");
  return VarDiagonal<T>(d.reshaped(d.size(), 1));
}

template <class X>
inline constexpr bool is_var_diagonal_v = false;
template <class T>
inline constexpr bool is_var_diagonal_v<VarDiagonal<T>> = true;

template <class D>
void diagonal_probe(const Eigen::DiagonalBase<D>&);

// A diagonal matrix: VarDiagonal, or Eigen's (v.asDiagonal() of a plain vector v).
template <class X>
concept DiagonalOperand = is_var_diagonal_v<std::remove_cvref_t<X>> ||
                          requires(const std::remove_cvref_t<X>& x) { diagonal_probe(x); };

// The diagonal's entries as a vector operand of colwise/rowwise.
template <class X>
decltype(auto) diagonal_entries(const X& d) {
  if constexpr (is_var_diagonal_v<std::remove_cvref_t<X>>) {
    return d.diagonal();
  } else {
    return d.diagonal();  // Eigen's: an expression of the plain vector
  }
}

// The active scalar T of a product with a diagonal: from whichever side is active.
template <class D, class M>
struct diagonal_product_value {
  static auto pick() {
    if constexpr (VarDense<M>) {
      return std::type_identity<var_value_t<M>>{};
    } else {
      return std::type_identity<typename std::remove_cvref_t<D>::value_type>{};
    }
  }
  using type = typename decltype(pick())::type;
};

}  // namespace matrix_detail

// diag(d) m = m with row i scaled by d_i; m diag(d) = m with column j scaled by d_j. Either
// side active (a VarDiagonal from asDiagonal() of an active vector, or an active matrix), the
// other may be plain; element-wise, so the product fuses with what follows it.
template <class D, class M>
  requires matrix_detail::DiagonalOperand<D> && (VarDense<M> || EigenDense<M>) &&
           (VarDense<M> || matrix_detail::is_var_diagonal_v<std::remove_cvref_t<D>>)
auto operator*(const D& d, M&& m) {
  using T = typename matrix_detail::diagonal_product_value<D, M>::type;
  auto leaf = matrix_detail::leaf_of<T>(std::forward<M>(m));
  matrix_detail::check_sizes(d.cols() == leaf.rows(), "slope::operator* (diagonal times matrix)", d.rows(), d.cols(),
                             leaf.rows(), leaf.cols(), "the diagonal must have one entry per row of the matrix");
  return VarBroadcast<T, decltype(leaf), false, true>(std::move(leaf)) * matrix_detail::diagonal_entries(d);
}

template <class M, class D>
  requires matrix_detail::DiagonalOperand<D> && (VarDense<M> || EigenDense<M>) &&
           (VarDense<M> || matrix_detail::is_var_diagonal_v<std::remove_cvref_t<D>>)
auto operator*(M&& m, const D& d) {
  using T = typename matrix_detail::diagonal_product_value<D, M>::type;
  auto leaf = matrix_detail::leaf_of<T>(std::forward<M>(m));
  matrix_detail::check_sizes(leaf.cols() == d.rows(), "slope::operator* (matrix times diagonal)", leaf.rows(), leaf.cols(),
                             d.rows(), d.cols(), "the diagonal must have one entry per column of the matrix");
  return VarBroadcast<T, decltype(leaf), false, false>(std::move(leaf)) * matrix_detail::diagonal_entries(d);
}

}  // namespace slope
