// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The Eigen-like interface of active matrices and of their lazy element-wise expressions
// (VarXpr), and the operators and element-wise functions on them. Part of
// slope/reverse/matrix.hpp; include that header.
//
// As in Eigen, a matrix and an array differ in * and /: `x * y` is the matrix product of two
// matrices, `x.array() * y.array()` the element-wise product; `x.array().exp()` exists on
// arrays only. Scalars (numbers, Vars) broadcast in both. The functions Eigen has as members
// (`.exp()`, `.square()`, `.sum()`, `.dot()`, ...) are members here too, and every
// element-wise function of slope/core/functions.hpp has a free version found by
// argument-dependent lookup: `slope::sigmoid(x.array())`, `exp(x.array())`.
//
//     auto loss = (A * w - y).squaredNorm() + 0.1 * slope::softplus(w.array()).sum();

#include <tuple>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/rules.hpp"
#include "slope/core/traits.hpp"
#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/matrix/reductions.hpp"
#include "slope/reverse/var.hpp"

namespace slope {

namespace matrix_detail {

// ---------------------------------------------------------------- building expressions

template <class T, class E, bool kArray>
VarXpr<T, E, kArray> make_xpr(E node) {
  return VarXpr<T, E, kArray>(std::move(node));
}

template <class Rule, bool kArray, class X>
auto unary(X&& x) {
  using T = var_value_t<X>;
  auto leaf = leaf_of<T>(std::forward<X>(x));
  return make_xpr<T, UnaryXpr<Rule, decltype(leaf)>, kArray>({std::move(leaf)});
}

template <class Rule, class X>
auto unary(X&& x) {
  return unary<Rule, is_array_flavour<X>()>(std::forward<X>(x));
}

template <class Rule, bool kArray, class A, class B>
auto binary(const char* operation, A&& a, B&& b) {
  using T = common_value_t<A, B>;
  auto la = leaf_of<T>(std::forward<A>(a));
  auto lb = leaf_of<T>(std::forward<B>(b));
  if constexpr (!decltype(la)::kScalar && !decltype(lb)::kScalar) {
    check_same_size(operation, la.rows(), la.cols(), lb.rows(), lb.cols());
  }
  return make_xpr<T, BinaryXpr<Rule, decltype(la), decltype(lb)>, kArray>({std::move(la), std::move(lb)});
}

template <class Rule, class A, class B>
auto binary(const char* operation, A&& a, B&& b) {
  return binary<Rule, result_is_array<A, B>()>(operation, std::forward<A>(a), std::forward<B>(b));
}

// Defined with the matrix nodes (products.hpp): the matrix product.
template <class A, class B>
auto product(A&& a, B&& b);

// Defined in views.hpp: the elements in reverse order (one node).
template <class T>
VarMatrix<T> reversed(const VarMatrix<T>& m);

// A VarMatrix as an expression of the given flavour (matrix, or array: x.array().eval()).
template <bool kArray, class T>
auto with_flavour(VarMatrix<T> m) {
  if constexpr (kArray) {
    return make_xpr<T, HandleLeaf<T>, true>(HandleLeaf<T>{std::move(m)});
  } else {
    return m;
  }
}

}  // namespace matrix_detail

// Defined in broadcasting.hpp: what colwise()/rowwise() and asDiagonal() return.
template <class T, class Node, bool kArray, bool kColwise>
class VarBroadcast;
template <class T>
class VarDiagonal;

namespace matrix_detail {

// ---------------------------------------------------------------- the shared interface

#define SLOPE_SPD_DECOMPOSITION_MESSAGE                                                                  \
  "slope: A.llt() / A.ldlt() of a VarMatrix: write slope::solve_spd(A, b) to solve, "                  \
  "slope::log_determinant_spd(A) for log det A, slope::cholesky(A) for the factor (slope/linalg.hpp); " \
  "each one node, differentiated in closed form, and each also takes an Eigen matrix"
#define SLOPE_SVD_MESSAGE                                                                           \
  "slope: Eigen's SVDs as members of a VarMatrix: write `auto [u, s, v] = slope::svd(A);` (the thin " \
  "SVD, slope/linalg.hpp), one node differentiated in closed form, which also takes an Eigen matrix"
// A member of Eigen's that a VarMatrix answers with a sentence naming what to write instead.
// The return type is deduced, so that a call instantiates the body and the sentence is the
// first error (with void, an error about the call's use came first).
#define SLOPE_MEMBER_WRITTEN_AS(name, message)                  \
  template <class... Args>                                      \
  auto name(Args&&...) const {                                  \
    static_assert(kAlwaysFalse<std::tuple<Args...>>, message); \
    return 0;                                                   \
  }
#define SLOPE_DECOMPOSITION_MESSAGE                                                                     \
  "slope: Eigen's LU and QR decompositions as members of a VarMatrix: write slope::solve(A, b) to "    \
  "solve, slope::log_determinant(A) or slope::determinant(A), slope::inverse(A) (slope/linalg.hpp); " \
  "each one node, differentiated in closed form, and each also takes an Eigen matrix"

// A boolean array of current values: what comparisons and isFinite() give.
using Mask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

// What VarMatrix and VarXpr have in common, mirroring Eigen's DenseBase/MatrixBase/ArrayBase.
// kArray selects the flavour: element-wise functions (exp, log, ...) exist on arrays only.
template <class Derived, class T, bool kArray>
class VarDenseBase {
  // The expression tree of Derived (a HandleLeaf for a VarMatrix).
  template <class D = Derived>
  using node_of = std::remove_cvref_t<decltype(std::declval<const D&>().node())>;

 public:
  using Scalar = Var<T>;
  using RealScalar = Var<T>;

  Eigen::Index size() const { return self().rows() * self().cols(); }

  auto array() const { return make_xpr<T, node_of<>, true>(self().node()); }
  auto matrix() const { return make_xpr<T, node_of<>, false>(self().node()); }

  // Code written for Eigen matrices of Var keeps its types: `Eigen::Array<Var<double>, -1, 1>
  // z = (y.array() - mu) / sigma;` converts (the elements as Vars; a statement per element
  // for whatever is computed on them afterwards).
  template <int R, int C, int O, int MR, int MC>
  operator Eigen::Matrix<Var<T>, R, C, O, MR, MC>() const {  // NOLINT: implicit, as Eigen's expressions
    return materialize(self().node()).to_eigen();
  }
  template <int R, int C, int O, int MR, int MC>
  operator Eigen::Array<Var<T>, R, C, O, MR, MC>() const {  // NOLINT: implicit, as Eigen's expressions
    return materialize(self().node()).to_eigen().array();
  }

  // Evaluates into a VarMatrix (one node); on an array expression the result stays an array.
  auto eval() const {
    if constexpr (kArray) {
      return make_xpr<T, HandleLeaf<T>, true>(HandleLeaf<T>{materialize(self().node())});
    } else {
      return materialize(self().node());
    }
  }

  // ---- reductions to a scalar Var: one node each
  Var<T> sum() const { return reduce_sum(self().node()); }
  Var<T> mean() const { return reduce<MeanReducer>(self().node()); }
  Var<T> prod() const { return reduce_product(self().node()); }
  Var<T> squaredNorm() const {
    using Squares = UnaryXpr<rules::Square, node_of<>>;
    return reduce<SumReducerFor<Squares>>(Squares{self().node()});
  }
  Var<T> norm() const { return reduce<NormReducer>(self().node()); }
  // The norm computed without overflow or underflow of the squares (scaled by max |x_i|).
  Var<T> stableNorm() const { return reduce<StableNormReducer>(self().node()); }
  // Eigen's lpNorm<p>(): p = 1 (the sum of |x_i|), 2 (norm()), Eigen::Infinity (the largest
  // |x_i|, as maxCoeff picks it) or any other p > 2 ((sum |x_i|^p)^(1/p)); one node each.
  template <int p>
  Var<T> lpNorm() const {
    static_assert(p >= 1 || p == Eigen::Infinity, "slope: lpNorm<p>() needs p >= 1 or p = Eigen::Infinity, as in Eigen");
    if constexpr (p == 2) {
      return norm();
    } else if constexpr (p == Eigen::Infinity) {
      check_sizes(size() > 0, "slope::lpNorm<Eigen::Infinity>", self().rows(), self().cols(), 0, 0, "the matrix is empty");
      return unary<rules::Abs>(self()).maxCoeff();
    } else if constexpr (p == 1) {
      return unary<rules::Abs>(self()).sum();
    } else {
      using Number = scalar_of_t<T>;
      const Var<T> sum_of_powers = unary<rules::Abs>(self()).array().pow(Number(p)).sum();
      return Var<T>(slope::pow(sum_of_powers, Number(1) / Number(p)));
    }
  }
  // x / norm(), as Eigen's normalized(); a zero vector is returned as it is (as Eigen does).
  VarMatrix<T> normalized() const
    requires(!kArray)
  {
    const VarMatrix<T> x = materialize(self().node());
    if (!(x.values().squaredNorm() > scalar_of_t<T>(0))) return x;
    return VarMatrix<T>(x / x.norm());
  }

  // The dot product of two vectors of the same size (a row and a column vector may be mixed).
  template <class Other>
    requires(VarDense<Other> || EigenDense<Other>)
  Var<T> dot(Other&& other) const {
    const auto& x = self();
    const bool vectors = (x.rows() == 1 || x.cols() == 1) && (other.rows() == 1 || other.cols() == 1);
    check_sizes(vectors && x.size() == other.size(), "slope::dot", x.rows(), x.cols(), other.rows(), other.cols(),
                "dot needs two vectors of the same size");
    if (x.rows() == other.rows()) {
      return (x.array() * as_array(std::forward<Other>(other))).sum();
    }
    // Orientations differ: view both as columns.
    const VarMatrix<T> column = materialize(x.node()).reshaped(x.size(), 1);
    if constexpr (VarDense<Other>) {
      const VarMatrix<T> other_column = materialize(leaf_of<T>(other)).reshaped(x.size(), 1);
      return (column.array() * other_column.array()).sum();
    } else {
      return (column.array() * other.derived().reshaped(x.size(), 1).array()).sum();
    }
  }

  // The cross product of two vectors of 3 elements (a VarMatrix, a VarXpr or an Eigen vector;
  // either orientation), with this vector's shape, as Eigen's cross: six products of elements,
  // a statement each.
  template <class Other>
    requires(VarDense<Other> || EigenDense<Other>)
  VarMatrix<T> cross(const Other& other) const {
    const auto& x = self();
    const auto is_3_vector = [](Eigen::Index rows, Eigen::Index cols) { return rows * cols == 3 && (rows == 1 || cols == 1); };
    check_sizes(is_3_vector(x.rows(), x.cols()) && is_3_vector(other.rows(), other.cols()), "slope::cross", x.rows(), x.cols(),
                other.rows(), other.cols(), "cross needs two vectors of 3 elements");
    const VarMatrix<T> a = materialize(x.node());
    const auto b = [&] {
      if constexpr (VarDense<Other>) {
        return materialize(leaf_of<T>(other));
      } else {
        return other.derived().reshaped().eval();
      }
    }();
    Eigen::Matrix<Var<T>, Eigen::Dynamic, 1> c(3);
    c << Var<T>(a[1] * b(2) - a[2] * b(1)), Var<T>(a[2] * b(0) - a[0] * b(2)), Var<T>(a[0] * b(1) - a[1] * b(0));
    return VarMatrix<T>(c).reshaped(x.rows(), x.cols());
  }

  // The largest (smallest) element, as the Var at its position: no node. With index
  // pointers, also where it is (the first such element, column-major, as Eigen).
  Var<T> maxCoeff() const { return extreme(true).first; }
  Var<T> minCoeff() const { return extreme(false).first; }
  template <class I>
    requires std::is_integral_v<I>
  Var<T> maxCoeff(I* index) const {
    return extreme_at(true, index);
  }
  template <class I>
    requires std::is_integral_v<I>
  Var<T> minCoeff(I* index) const {
    return extreme_at(false, index);
  }
  template <class I>
    requires std::is_integral_v<I>
  Var<T> maxCoeff(I* row, I* col) const {
    return extreme_at(true, row, col);
  }
  template <class I>
    requires std::is_integral_v<I>
  Var<T> minCoeff(I* row, I* col) const {
    return extreme_at(false, row, col);
  }

  // ---- broadcasting (broadcasting.hpp)
  // x.colwise() + v, x.colwise().sum(), ...: per column; rowwise() per row.
  auto colwise() const;
  auto rowwise() const;
  // The matrix repeated times_down x times_across times (one node).
  auto replicate(Eigen::Index times_down, Eigen::Index times_across) const;
  template <int kDown, int kAcross>
  auto replicate() const {
    return replicate(kDown, kAcross);
  }
  // A vector as a diagonal matrix, for products: d.asDiagonal() * m scales m's rows.
  VarDiagonal<T> asDiagonal() const;
  // The elements in reverse order (a vector's, or a matrix's rows and columns both), one node.
  auto reverse() const { return with_flavour<kArray>(reversed(materialize(self().node()))); }

  // f applied to every element, f generic in its scalar ([](auto v) { return ...; }); one
  // node, each element's derivative by forward mode (a Dual) while the value is computed.
  template <class F>
  auto unaryExpr(const F& f) const;

  // ---- element-wise maximum and minimum with a matrix or a number (a tie picks this side)
  template <class Other>
  auto cwiseMax(Other&& other) const {
    return binary<rules::Max, kArray>("slope::cwiseMax", self(), std::forward<Other>(other));
  }
  template <class Other>
  auto cwiseMin(Other&& other) const {
    return binary<rules::Min, kArray>("slope::cwiseMin", self(), std::forward<Other>(other));
  }
  template <class Other>
  auto max(Other&& other) const
    requires kArray
  {
    return binary<rules::Max, true>("slope::max", self(), std::forward<Other>(other));
  }
  template <class Other>
  auto min(Other&& other) const
    requires kArray
  {
    return binary<rules::Min, true>("slope::min", self(), std::forward<Other>(other));
  }

  // Eigen's decompositions and matrix functions as members would run Eigen's algorithms on Var
  // scalars; slope records them as nodes differentiated in closed form instead, as free
  // functions that also take Eigen matrices (so a generic body keeps one spelling). Each
  // member says which function to write (see SLOPE_MEMBER_WRITTEN_AS; the three below with
  // a constraint or a template argument are written out).
  template <class... Args>
  auto inverse(Args&&...) const
    requires(!kArray)
  {
    static_assert(kAlwaysFalse<std::tuple<Args...>>,
                  "slope: A.inverse() of a VarMatrix: write slope::inverse(A) (slope/linalg.hpp), or slope::solve(A, b) for "
                  "inverse(A) * b (x.array().inverse() is 1 / x element by element)");
    return 0;
  }
  SLOPE_MEMBER_WRITTEN_AS(determinant,
                          "slope: A.determinant() of a VarMatrix: write slope::determinant(A) (slope/linalg.hpp), or "
                          "slope::log_determinant(A) for log |det A|")
  SLOPE_MEMBER_WRITTEN_AS(llt, SLOPE_SPD_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(ldlt, SLOPE_SPD_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(lu, SLOPE_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(partialPivLu, SLOPE_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(fullPivLu, SLOPE_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(householderQr, SLOPE_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(colPivHouseholderQr, SLOPE_DECOMPOSITION_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(jacobiSvd, SLOPE_SVD_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(bdcSvd, SLOPE_SVD_MESSAGE)
  SLOPE_MEMBER_WRITTEN_AS(eigenvalues,
                          "slope: A.eigenvalues() of a VarMatrix: for a symmetric A write "
                          "`auto [values, vectors] = slope::eigen_sym(A);` (slope/linalg.hpp), one node")

  template <unsigned int Mode, class... Args>
  auto triangularView(Args&&...) const {
    static_assert(kAlwaysFalse<std::tuple<Args...>>,
                  "slope: A.triangularView<Mode>() of a VarMatrix: write slope::triangular_solve<Mode>(A, b) for "
                  "inverse(triangle of A) * b (slope/linalg.hpp), one node; for a product with a triangle, zero the other "
                  "one in the data or form it with slope::select");
    return 0;
  }
  template <unsigned int UpLo, class... Args>
  auto selfadjointView(Args&&...) const {
    static_assert(kAlwaysFalse<std::tuple<Args...>>,
                  "slope: A.selfadjointView<UpLo>() of a VarMatrix: write slope::solve_spd(A, b), slope::cholesky(A), "
                  "slope::eigen_sym(A) or slope::log_determinant_spd(A) (slope/linalg.hpp), each one node");
    return 0;
  }

  // Tests of the current values, as Eigen's (nothing recorded).
  bool allFinite() const { return values().allFinite(); }
  bool hasNaN() const { return values().hasNaN(); }
  Mask isFinite() const requires kArray { return values().array().isFinite(); }
  Mask isNaN() const requires kArray { return values().array().isNaN(); }
  Mask isInf() const requires kArray { return values().array().isInf(); }

  // The current values, read without recording anything (for comparisons, branches).
  PlainMatrix<T> values() const {
    const Eigen::Index rows = self().rows(), cols = self().cols();
    const auto& e = self().node();
    Tape<T>* tape = recording_tape<T>(e);
    return PlainMatrix<T>(e.values(Context<T>{tape == nullptr ? nullptr : tape->values_data(), {}, rows, cols}).matrix());
  }

  // ---- element-wise operations, as on Eigen matrices
  auto operator-() const { return unary<rules::Negate>(self()); }
  template <class Other>
  auto cwiseProduct(Other&& other) const {
    return binary<rules::Multiply, kArray>("slope::cwiseProduct", self(), std::forward<Other>(other));
  }
  template <class Other>
  auto cwiseQuotient(Other&& other) const {
    return binary<rules::Divide, kArray>("slope::cwiseQuotient", self(), std::forward<Other>(other));
  }
  auto cwiseAbs() const { return unary<rules::Abs>(self()); }
  auto cwiseAbs2() const { return unary<rules::Square>(self()); }
  auto cwiseSqrt() const { return unary<rules::Sqrt>(self()); }
  auto cwiseInverse() const { return binary<rules::Divide, kArray>("slope::cwiseInverse", T(1), self()); }

  // ---- element-wise functions of arrays (x.array().exp()), each from its rule
  // clang-format off
  auto abs() const    requires kArray { return unary<rules::Abs>(self()); }
  auto abs2() const   requires kArray { return unary<rules::Square>(self()); }
  auto square() const requires kArray { return unary<rules::Square>(self()); }
  auto cube() const   requires kArray { return binary<rules::Pow, true>("slope::cube", self(), T(3)); }
  auto sqrt() const   requires kArray { return unary<rules::Sqrt>(self()); }
  auto exp() const    requires kArray { return unary<rules::Exp>(self()); }
  auto expm1() const  requires kArray { return unary<rules::Expm1>(self()); }
  auto log() const    requires kArray { return unary<rules::Log>(self()); }
  auto log1p() const  requires kArray { return unary<rules::Log1p>(self()); }
  auto log2() const   requires kArray { return unary<rules::Log2>(self()); }
  auto log10() const  requires kArray { return unary<rules::Log10>(self()); }
  auto sin() const    requires kArray { return unary<rules::Sin>(self()); }
  auto cos() const    requires kArray { return unary<rules::Cos>(self()); }
  auto tan() const    requires kArray { return unary<rules::Tan>(self()); }
  auto asin() const   requires kArray { return unary<rules::Asin>(self()); }
  auto acos() const   requires kArray { return unary<rules::Acos>(self()); }
  auto atan() const   requires kArray { return unary<rules::Atan>(self()); }
  auto sinh() const   requires kArray { return unary<rules::Sinh>(self()); }
  auto cosh() const   requires kArray { return unary<rules::Cosh>(self()); }
  auto tanh() const   requires kArray { return unary<rules::Tanh>(self()); }
  auto asinh() const  requires kArray { return unary<rules::Asinh>(self()); }
  auto acosh() const  requires kArray { return unary<rules::Acosh>(self()); }
  auto atanh() const  requires kArray { return unary<rules::Atanh>(self()); }
  auto erf() const    requires kArray { return unary<rules::Erf>(self()); }
  auto erfc() const   requires kArray { return unary<rules::Erfc>(self()); }
  auto lgamma() const requires kArray { return unary<rules::Lgamma>(self()); }
  auto floor() const  requires kArray { return unary<rules::Floor>(self()); }
  auto ceil() const   requires kArray { return unary<rules::Ceil>(self()); }
  auto round() const  requires kArray { return unary<rules::Round>(self()); }
  auto inverse() const requires kArray { return binary<rules::Divide, true>("slope::inverse", T(1), self()); }
  auto rsqrt() const   requires kArray { return binary<rules::Divide, true>("slope::rsqrt", T(1), unary<rules::Sqrt>(self())); }
  auto logistic() const requires kArray { return unary<rules::Sigmoid>(self()); }
  // clang-format on
  // x^p element-wise; p a number, a Var, or an array of the same shape
  template <class Exponent>
  auto pow(Exponent&& exponent) const
    requires kArray
  {
    return binary<rules::Pow, true>("slope::pow", self(), std::forward<Exponent>(exponent));
  }

  // ---- shape: evaluated first (one node), then as on VarMatrix
  VarMatrix<T> transpose() const { return materialize(self().node()).transpose(); }
  VarMatrix<T> reshaped(Eigen::Index rows, Eigen::Index cols) const { return materialize(self().node()).reshaped(rows, cols); }
  Var<T> trace() const { return materialize(self().node()).trace(); }
  VarMatrix<T> diagonal() const { return materialize(self().node()).diagonal(); }
  // The one element of a 1x1 matrix (as Eigen's value()).
  Var<T> value() const { return materialize(self().node()).value(); }

 protected:
  const Derived& self() const { return static_cast<const Derived&>(*this); }

 private:
  template <class Other>
  static decltype(auto) as_array(Other&& other) {
    if constexpr (VarDense<Other>) {
      return other.array();
    } else {
      return other.derived().array();
    }
  }
  // The extreme element's Var and its column-major position.
  std::pair<Var<T>, Eigen::Index> extreme(bool largest) const {
    const VarMatrix<T> m = materialize(self().node());
    check_sizes(m.size() > 0, largest ? "slope::maxCoeff" : "slope::minCoeff", m.rows(), m.cols(), 0, 0,
                "the matrix must not be empty");
    const PlainMatrix<T> v = m.values();
    Eigen::Index at = 0;
    for (Eigen::Index i = 1; i < v.size(); ++i) {
      if (largest ? (v(at) < v(i)) : (v(i) < v(at))) at = i;
    }
    return {m[at], at};
  }
  template <class I>
  Var<T> extreme_at(bool largest, I* index) const {
    const auto [var, at] = extreme(largest);
    if (index != nullptr) *index = static_cast<I>(at);
    return var;
  }
  template <class I>
  Var<T> extreme_at(bool largest, I* row, I* col) const {
    const auto [var, at] = extreme(largest);
    const Eigen::Index rows = self().rows();
    if (row != nullptr) *row = static_cast<I>(at % rows);
    if (col != nullptr) *col = static_cast<I>(at / rows);
    return var;
  }
};

}  // namespace matrix_detail

// ---------------------------------------------------------------- VarXpr

// A lazy element-wise expression of active matrices (see the top of this file). Its Scalar is
// Var<T>; reductions return Var<T>; it converts to a VarMatrix (recording one node).
template <class T, class E, bool kArray>
class VarXpr : public matrix_detail::VarDenseBase<VarXpr<T, E, kArray>, T, kArray> {
 public:
  explicit VarXpr(E node) : node_(std::move(node)) {}
  const E& node() const { return node_; }
  Eigen::Index rows() const { return node_.rows(); }
  Eigen::Index cols() const { return node_.cols(); }

  // An element, as of an Eigen expression: the expression is evaluated (one node for all of
  // its elements) and the element's Var returned. To read several elements, evaluate once:
  // `const slope::VarMatrix<double> y = e;`, then y(i).
  Var<T> operator()(Eigen::Index i) const { return matrix_detail::materialize(node_)(i); }
  Var<T> operator[](Eigen::Index i) const { return (*this)(i); }
  Var<T> operator()(Eigen::Index i, Eigen::Index j) const { return matrix_detail::materialize(node_)(i, j); }
  Var<T> coeff(Eigen::Index i, Eigen::Index j) const { return (*this)(i, j); }

 private:
  E node_;
};

// ---------------------------------------------------------------- operators

// Element-wise + and - of a VarDense with a VarDense, a plain Eigen object or a scalar.
template <class A, class B>
  requires VarDenseOperands<A, B>
auto operator+(A&& a, B&& b) {
  return matrix_detail::binary<rules::Add>("slope::operator+", std::forward<A>(a), std::forward<B>(b));
}

template <class A, class B>
  requires VarDenseOperands<A, B>
auto operator-(A&& a, B&& b) {
  return matrix_detail::binary<rules::Subtract>("slope::operator-", std::forward<A>(a), std::forward<B>(b));
}

// With a scalar, or between arrays: element-wise. Between matrices: the matrix product.
template <class A, class B>
  requires VarDenseOperands<A, B>
auto operator*(A&& a, B&& b) {
  if constexpr (ScalarOperand<A> || ScalarOperand<B> || matrix_detail::result_is_array<A, B>()) {
    return matrix_detail::binary<rules::Multiply>("slope::operator*", std::forward<A>(a), std::forward<B>(b));
  } else {
    return matrix_detail::product(std::forward<A>(a), std::forward<B>(b));
  }
}

template <class A, class B>
  requires VarDenseOperands<A, B>
auto operator/(A&& a, B&& b) {
  static_assert(ScalarOperand<A> || ScalarOperand<B> || matrix_detail::result_is_array<A, B>(),
                "slope::VarMatrix: '/' between two matrices is not defined (as in Eigen); use "
                "x.array() / y.array() or x.cwiseQuotient(y) for the element-wise quotient");
  return matrix_detail::binary<rules::Divide>("slope::operator/", std::forward<A>(a), std::forward<B>(b));
}

// Plain data (an Eigen array or matrix of numbers) with an active scalar: `y.array() - mu`,
// `(y.array() - mu) / sigma`, `X * s`, for data y, X and a Var (or a scalar expression of
// Vars) mu, sigma, s, are the element-wise nodes above, as with a VarMatrix operand, rather
// than Eigen's arrays of Var (a statement per element and operation: 50-60x slower at
// n = 1024). Eigen's own scalar operators take the data by a reference to its base class;
// these take it as it is, so they are the better match. As in Eigen: + and - and a scalar
// divided by data need an array; a matrix takes * and / by a scalar.
template <class A, class S>
concept DataWithVarScalar = (EigenOfNumbers<A> && VarScalar<S>) || (VarScalar<A> && EigenOfNumbers<S>);
namespace matrix_detail {
template <class A, class B>
consteval bool data_is_array() {
  return EigenOfNumbers<A> ? is_array_flavour<A>() : is_array_flavour<B>();
}
}  // namespace matrix_detail

template <class A, class B>
  requires DataWithVarScalar<A, B> && (matrix_detail::data_is_array<A, B>())
auto operator+(A&& a, B&& b) {
  return matrix_detail::binary<rules::Add>("slope::operator+", std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires DataWithVarScalar<A, B> && (matrix_detail::data_is_array<A, B>())
auto operator-(A&& a, B&& b) {
  return matrix_detail::binary<rules::Subtract>("slope::operator-", std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires DataWithVarScalar<A, B>
auto operator*(A&& a, B&& b) {
  return matrix_detail::binary<rules::Multiply>("slope::operator*", std::forward<A>(a), std::forward<B>(b));
}
template <class A, class B>
  requires DataWithVarScalar<A, B> && (EigenOfNumbers<A> || matrix_detail::data_is_array<A, B>())
auto operator/(A&& a, B&& b) {
  return matrix_detail::binary<rules::Divide>("slope::operator/", std::forward<A>(a), std::forward<B>(b));
}

// The dot product with either operand plain or active: Eigen's member c.dot(x) cannot take a
// VarVector (C++ cannot add members to Eigen's types), so generic code that may see a plain
// vector on the left writes slope::dot(c, x); on two plain vectors it is c.dot(x).
template <class A, class B>
  requires(VarDense<A> || EigenDense<A>) && (VarDense<B> || EigenDense<B>)
auto dot(const A& a, const B& b) {
  if constexpr (VarDense<A>) {
    return a.dot(b);
  } else if constexpr (VarDense<B>) {
    return b.dot(a);
  } else {
    return a.derived().dot(b.derived());
  }
}

// ---------------------------------------------------------------- element-wise functions

// The element-wise functions of slope/core/functions.hpp on active matrices and arrays, found
// by argument-dependent lookup like their scalar versions: exp(x.array()), slope::sigmoid(x).
// clang-format off
template <VarDense X> auto abs(X&& x)    { return matrix_detail::unary<rules::Abs>(std::forward<X>(x)); }
template <VarDense X> auto fabs(X&& x)   { return matrix_detail::unary<rules::Abs>(std::forward<X>(x)); }
template <VarDense X> auto square(X&& x) { return matrix_detail::unary<rules::Square>(std::forward<X>(x)); }
template <VarDense X> auto sqrt(X&& x)   { return matrix_detail::unary<rules::Sqrt>(std::forward<X>(x)); }
template <VarDense X> auto cbrt(X&& x)   { return matrix_detail::unary<rules::Cbrt>(std::forward<X>(x)); }
template <VarDense X> auto exp(X&& x)    { return matrix_detail::unary<rules::Exp>(std::forward<X>(x)); }
template <VarDense X> auto exp2(X&& x)   { return matrix_detail::unary<rules::Exp2>(std::forward<X>(x)); }
template <VarDense X> auto expm1(X&& x)  { return matrix_detail::unary<rules::Expm1>(std::forward<X>(x)); }
template <VarDense X> auto log(X&& x)    { return matrix_detail::unary<rules::Log>(std::forward<X>(x)); }
template <VarDense X> auto log2(X&& x)   { return matrix_detail::unary<rules::Log2>(std::forward<X>(x)); }
template <VarDense X> auto log10(X&& x)  { return matrix_detail::unary<rules::Log10>(std::forward<X>(x)); }
template <VarDense X> auto log1p(X&& x)  { return matrix_detail::unary<rules::Log1p>(std::forward<X>(x)); }
template <VarDense X> auto sin(X&& x)    { return matrix_detail::unary<rules::Sin>(std::forward<X>(x)); }
template <VarDense X> auto cos(X&& x)    { return matrix_detail::unary<rules::Cos>(std::forward<X>(x)); }
template <VarDense X> auto tan(X&& x)    { return matrix_detail::unary<rules::Tan>(std::forward<X>(x)); }
template <VarDense X> auto asin(X&& x)   { return matrix_detail::unary<rules::Asin>(std::forward<X>(x)); }
template <VarDense X> auto acos(X&& x)   { return matrix_detail::unary<rules::Acos>(std::forward<X>(x)); }
template <VarDense X> auto atan(X&& x)   { return matrix_detail::unary<rules::Atan>(std::forward<X>(x)); }
template <VarDense X> auto sinh(X&& x)   { return matrix_detail::unary<rules::Sinh>(std::forward<X>(x)); }
template <VarDense X> auto cosh(X&& x)   { return matrix_detail::unary<rules::Cosh>(std::forward<X>(x)); }
template <VarDense X> auto tanh(X&& x)   { return matrix_detail::unary<rules::Tanh>(std::forward<X>(x)); }
template <VarDense X> auto asinh(X&& x)  { return matrix_detail::unary<rules::Asinh>(std::forward<X>(x)); }
template <VarDense X> auto acosh(X&& x)  { return matrix_detail::unary<rules::Acosh>(std::forward<X>(x)); }
template <VarDense X> auto atanh(X&& x)  { return matrix_detail::unary<rules::Atanh>(std::forward<X>(x)); }
template <VarDense X> auto erf(X&& x)    { return matrix_detail::unary<rules::Erf>(std::forward<X>(x)); }
template <VarDense X> auto erfc(X&& x)   { return matrix_detail::unary<rules::Erfc>(std::forward<X>(x)); }
template <VarDense X> auto tgamma(X&& x) { return matrix_detail::unary<rules::Tgamma>(std::forward<X>(x)); }
template <VarDense X> auto lgamma(X&& x) { return matrix_detail::unary<rules::Lgamma>(std::forward<X>(x)); }
template <VarDense X> auto floor(X&& x)  { return matrix_detail::unary<rules::Floor>(std::forward<X>(x)); }
template <VarDense X> auto ceil(X&& x)   { return matrix_detail::unary<rules::Ceil>(std::forward<X>(x)); }
template <VarDense X> auto round(X&& x)  { return matrix_detail::unary<rules::Round>(std::forward<X>(x)); }
template <VarDense X> auto trunc(X&& x)  { return matrix_detail::unary<rules::Trunc>(std::forward<X>(x)); }
template <VarDense X> auto sigmoid(X&& x)  { return matrix_detail::unary<rules::Sigmoid>(std::forward<X>(x)); }
template <VarDense X> auto softplus(X&& x) { return matrix_detail::unary<rules::Softplus>(std::forward<X>(x)); }
template <VarDense X> auto relu(X&& x)     { return matrix_detail::unary<rules::Relu>(std::forward<X>(x)); }

template <class A, class B> requires VarDenseOperands<A, B>
auto pow(A&& a, B&& b)   { return matrix_detail::binary<rules::Pow>("slope::pow", std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires VarDenseOperands<A, B>
auto hypot(A&& a, B&& b) { return matrix_detail::binary<rules::Hypot>("slope::hypot", std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires VarDenseOperands<A, B>
auto atan2(A&& a, B&& b) { return matrix_detail::binary<rules::Atan2>("slope::atan2", std::forward<A>(a), std::forward<B>(b)); }
// clang-format on

#undef SLOPE_SPD_DECOMPOSITION_MESSAGE
#undef SLOPE_DECOMPOSITION_MESSAGE
#undef SLOPE_SVD_MESSAGE
#undef SLOPE_MEMBER_WRITTEN_AS

}  // namespace slope
