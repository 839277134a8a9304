// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// VarMatrix<T>: active vectors and matrices for reverse mode, one tape node per operation.
//
// The elements of an active matrix are consecutive variables [first, first + rows * cols) on
// the tape, column-major, so its adjoint is one Eigen::Map over the tape's adjoint array. An
// operation on whole matrices records one node: `C = A * B` computes C with Eigen and, in the
// backward sweep, Abar += Cbar B^T and Bbar += A^T Cbar by two matrix products, not m*n*k
// scalar statements; element-wise expressions are fused into one node (elementwise.hpp).
// A VarMatrix is a handle (indices, like a Var), cheap to copy; its values live on the tape.
// The API mirrors Eigen's (interface.hpp), so one generic body runs on Eigen::VectorXd, on
// vectors of Dual and on VarVector:
//
//     slope::Tape<double> tape;  slope::TapeScope scope(tape);
//     slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Constant(3, 10.0));
//     slope::Var<double> f = (x.array() - 1.0).square().sum();   // one node
//     tape.backward(f);   // x.adjoints() == (18, 18, 18)
//
// This file: the VarMatrix type, element access, make_variables and the conversions from
// Eigen matrices of Vars; views and shape nodes (block, transpose, ...) are in views.hpp.
// Element access x[i] hands out the Var of element i (no node), so scalar loops work:
// `Var s = 0.0; for (...) s += x[i] * x[i];` records one statement per iteration.
// A passive VarMatrix (made from a plain matrix) holds its own values and has no index range:
// every node treats it as a constant.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/interface.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"

namespace slope {

namespace matrix_detail {

// `describe()` names the requested range; it is only called (and its string built) on failure.
// The test is inlined where a view is taken, the throw is out of line: with both in one
// function g++ kept x.head(n) a call of about 70 instructions (normal log-density at n = 16:
// 984 -> 958 instructions per gradient).
template <class Describe>
[[noreturn, gnu::noinline, gnu::cold]] void throw_range_error(const char* operation, const Describe& describe, Eigen::Index rows,
                                                               Eigen::Index cols) {
  throw std::invalid_argument(std::string(operation) + ": " + describe() + " lies outside the " + size_text(rows, cols) + " matrix");
}
template <class Describe>
SLOPE_ALWAYS_INLINE void check_range(bool ok, const char* operation, const Describe& describe, Eigen::Index rows,
                                     Eigen::Index cols) {
  if (!ok) [[unlikely]] throw_range_error(operation, describe, rows, cols);
}

}  // namespace matrix_detail

template <class T>
class VarMatrix : public matrix_detail::VarDenseBase<VarMatrix<T>, T, false> {
  static_assert(std::is_floating_point_v<T> || is_dual_v<T>,
                "slope::VarMatrix<T>: T must be a floating-point type (float, double or long double) "
                "or a slope::Dual; convert integer matrices with .cast<double>() first");

 public:
  using Plain = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  // An empty (0 x 0) constant.
  VarMatrix() = default;

  // A passive constant holding a copy of `values`: no index range, no derivative.
  template <class D>
    requires std::is_same_v<typename D::Scalar, T>
  explicit VarMatrix(const Eigen::DenseBase<D>& values)
      : constant_(Plain(matrix_detail::as_matrix(values.derived()))),
        rows_(values.rows()),
        cols_(values.cols()) {}

  // From an Eigen matrix of Vars (see to_var_matrix): the elements become consecutive
  // variables, one copy statement per element, unless they already are.
  template <class D>
    requires std::is_same_v<typename D::Scalar, Var<T>>
  explicit VarMatrix(const Eigen::DenseBase<D>& elements);

  // Evaluates an element-wise expression: records one node (see elementwise.hpp).
  template <class E, bool K>
  VarMatrix(const VarXpr<T, E, K>& expression)  // NOLINT: implicit, as Eigen evaluates expressions
      : VarMatrix(matrix_detail::materialize(expression.node())) {}

  // Used by the nodes: the matrix at tape indices [first, first + rows * cols).
  // `element_values`, when given, is where its values are, in memory that stays unchanged
  // until the last backward sweep of the recording (the caller's input vector, in the
  // functional API, whose values are then not copied onto the tape): every read of the
  // values goes there (data()), and element access x[i] reads them directly, which keeps
  // scalar loops as cheap as on an Eigen vector of Vars.
  static VarMatrix on_tape(Index first, Eigen::Index rows, Eigen::Index cols, std::uint32_t epoch,
                           const T* element_values = nullptr) {
    VarMatrix m;
    m.first_ = first;
    m.rows_ = rows;
    m.cols_ = cols;
    m.epoch_ = epoch;
    m.element_values_ = element_values;
    return m;
  }
  // A passive constant, taking the values without a copy.
  static VarMatrix constant(Plain values) {
    VarMatrix m;
    m.rows_ = values.rows();
    m.cols_ = values.cols();
    m.constant_ = matrix_detail::SharedValues<T>(std::move(values));
    return m;
  }

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  bool is_active() const { return first_ != kNoIndex; }
  // The tape index of element (0, 0); kNoIndex when passive.
  Index first() const { return first_; }
  std::uint32_t epoch() const { return epoch_; }

  // ---- values and adjoints (copies; the tape's arrays move when the tape grows)
  Plain values() const {
    if (size() == 0) return Plain(rows_, cols_);
    if (!is_active()) return *constant_;
    Tape<T>& tape = active_tape<T>();
    check_tape(tape);
    return Plain(Eigen::Map<const Plain>(data(tape.values_data()), rows_, cols_));
  }
  // The adjoints after a backward sweep of the active tape; zeros for a passive matrix.
  Plain adjoints() const {
    if (!is_active()) return Plain::Zero(rows_, cols_);
    Tape<T>& tape = active_tape<T>();
    check_tape(tape);
    return Plain(Eigen::Map<const Plain>(tape.adjoint_space().at(first_), rows_, cols_));
  }

  // ---- element access: the Var of an element (no node)
  SLOPE_ALWAYS_INLINE Var<T> operator[](Eigen::Index i) const { return element(i); }
  SLOPE_ALWAYS_INLINE Var<T> operator()(Eigen::Index i) const { return element(i); }
  Var<T> operator()(Eigen::Index i, Eigen::Index j) const {
    matrix_detail::debug_check(i >= 0 && i < rows_ && j >= 0 && j < cols_, "slope::VarMatrix: element index out of range");
    return element(i + j * rows_);
  }
  Var<T> coeff(Eigen::Index i, Eigen::Index j) const { return (*this)(i, j); }
  // The one element of a 1 x 1 matrix, as Eigen's value(); also an implicit conversion, so
  // that `Var s = x.transpose() * A * x;` works as it does for Eigen.
  Var<T> value() const {
    matrix_detail::check_sizes(rows_ == 1 && cols_ == 1, "slope::VarMatrix::value", rows_, cols_, 1, 1,
                               "the matrix must be 1x1");
    return element(0);
  }
  operator Var<T>() const { return value(); }  // NOLINT: implicit, as Eigen's 1x1 products

  // ---- views: a contiguous range shares the indices (no node); others gather (one node)
  // Always inlined, as is slice: where g++ kept segment a call (a lambda recording a few more
  // statements), it cost about 50 instructions for a handful of stores.
  SLOPE_ALWAYS_INLINE VarMatrix segment(Eigen::Index start, Eigen::Index n) const {
    matrix_detail::check_range(is_vector() && start >= 0 && n >= 0 && start + n <= size(), "slope::VarMatrix::segment",
                               [&] { return "segment(" + std::to_string(start) + ", " + std::to_string(n) + ")"; }, rows_, cols_);
    return slice(start, rows_ == 1 ? 1 : n, rows_ == 1 ? n : 1);
  }
  SLOPE_ALWAYS_INLINE VarMatrix head(Eigen::Index n) const { return segment(0, n); }
  SLOPE_ALWAYS_INLINE VarMatrix tail(Eigen::Index n) const { return segment(size() - n, n); }
  VarMatrix block(Eigen::Index i, Eigen::Index j, Eigen::Index p, Eigen::Index q) const;
  VarMatrix col(Eigen::Index j) const { return block(0, j, rows_, 1); }
  VarMatrix row(Eigen::Index i) const { return block(i, 0, 1, cols_); }
  VarMatrix leftCols(Eigen::Index n) const { return block(0, 0, rows_, n); }
  VarMatrix rightCols(Eigen::Index n) const { return block(0, cols_ - n, rows_, n); }
  VarMatrix middleCols(Eigen::Index j, Eigen::Index n) const { return block(0, j, rows_, n); }
  VarMatrix topRows(Eigen::Index n) const { return block(0, 0, n, cols_); }
  VarMatrix bottomRows(Eigen::Index n) const { return block(rows_ - n, 0, n, cols_); }
  VarMatrix middleRows(Eigen::Index i, Eigen::Index n) const { return block(i, 0, n, cols_); }
  VarMatrix topLeftCorner(Eigen::Index p, Eigen::Index q) const { return block(0, 0, p, q); }
  VarMatrix topRightCorner(Eigen::Index p, Eigen::Index q) const { return block(0, cols_ - q, p, q); }
  VarMatrix bottomLeftCorner(Eigen::Index p, Eigen::Index q) const { return block(rows_ - p, 0, p, q); }
  VarMatrix bottomRightCorner(Eigen::Index p, Eigen::Index q) const { return block(rows_ - p, cols_ - q, p, q); }
  // Fixed-size forms, as Eigen's: x.head<3>(), x.segment<2>(i), A.block<2, 2>(i, j).
  template <int N>
  VarMatrix head() const {
    return head(N);
  }
  template <int N>
  VarMatrix tail() const {
    return tail(N);
  }
  template <int N>
  VarMatrix segment(Eigen::Index start) const {
    return segment(start, N);
  }
  template <int R, int C>
  VarMatrix block(Eigen::Index i, Eigen::Index j) const {
    return block(i, j, R, C);
  }
  // The same elements in another column-major shape (shares the indices).
  VarMatrix reshaped(Eigen::Index rows, Eigen::Index cols) const;
  VarMatrix reshaped() const { return reshaped(size(), 1); }
  // A vector's transpose shares its indices; a matrix's is one node (a transposed copy).
  VarMatrix transpose() const;
  // The sum of the diagonal (one node).
  Var<T> trace() const;
  // The diagonal as a column vector, min(rows, cols) long (one node: a gathered copy).
  VarMatrix diagonal() const;

  // The elements as an Eigen matrix of Vars, for Eigen algorithms outside VarMatrix's set
  // (every scalar operation is then one statement); back with slope::to_var_matrix.
  Eigen::Matrix<Var<T>, Eigen::Dynamic, Eigen::Dynamic> to_eigen() const {
    Eigen::Matrix<Var<T>, Eigen::Dynamic, Eigen::Dynamic> elements(rows_, cols_);
    for (Eigen::Index k = 0; k < size(); ++k) elements(k) = element(k);
    return elements;
  }

  // ---- iteration over the elements' Vars, column-major: range-for, std::accumulate
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Var<T>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Var<T>;
    const_iterator() = default;
    const_iterator(const VarMatrix* matrix, Eigen::Index position) : matrix_(matrix), position_(position) {}
    Var<T> operator*() const { return (*matrix_)[position_]; }
    Var<T> operator[](difference_type k) const { return (*matrix_)[position_ + k]; }
    const_iterator& operator++() { ++position_; return *this; }
    const_iterator operator++(int) { const_iterator before = *this; ++position_; return before; }
    const_iterator& operator--() { --position_; return *this; }
    const_iterator operator--(int) { const_iterator before = *this; --position_; return before; }
    const_iterator& operator+=(difference_type k) { position_ += k; return *this; }
    const_iterator& operator-=(difference_type k) { position_ -= k; return *this; }
    friend const_iterator operator+(const_iterator it, difference_type k) { return it += k; }
    friend const_iterator operator+(difference_type k, const_iterator it) { return it += k; }
    friend const_iterator operator-(const_iterator it, difference_type k) { return it -= k; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) { return a.position_ - b.position_; }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.position_ == b.position_; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.position_ <=> b.position_; }

   private:
    const VarMatrix* matrix_ = nullptr;
    Eigen::Index position_ = 0;
  };
  using iterator = const_iterator;
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

  // ---- compound assignment: rebinds this handle to the result, as for Var
  template <class Other>
  VarMatrix& operator+=(Other&& other) {
    return *this = VarMatrix(*this + std::forward<Other>(other));
  }
  template <class Other>
  VarMatrix& operator-=(Other&& other) {
    return *this = VarMatrix(*this - std::forward<Other>(other));
  }
  template <class Other>
  VarMatrix& operator*=(Other&& other) {
    return *this = VarMatrix(*this * std::forward<Other>(other));
  }
  template <class Other>
  VarMatrix& operator/=(Other&& other) {
    return *this = VarMatrix(*this / std::forward<Other>(other));
  }

  // ---- used by the nodes
  using matrix_detail::VarDenseBase<VarMatrix<T>, T, false>::size;
  matrix_detail::HandleLeaf<T> node() const { return {*this}; }
  // The first value: on the tape (whose values array is `tape_values`), in the memory given
  // to on_tape, or owned.
  const T* data(const T* tape_values) const {
    if (is_active()) return element_values_ != nullptr ? element_values_ : tape_values + first_;
    return constant_ ? constant_->data() : nullptr;
  }
  // The memory given to on_tape (nullptr: the values are on the tape, or owned).
  const T* element_values() const { return element_values_; }
  const matrix_detail::SharedValues<T>& constant_storage() const { return constant_; }
  // Debug builds: the matrix must belong to `tape` as it is now (not another tape, not cleared).
  void check_tape(const Tape<T>& tape) const {
    matrix_detail::debug_check(
        !is_active() || (epoch_ == tape.epoch() && first_ + static_cast<std::size_t>(size()) <= tape.variables()),
        "slope::VarMatrix: this matrix was recorded on another tape, or on this tape before it was cleared; "
        "it cannot be used in the current recording");
  }

 private:
  bool is_vector() const { return rows_ == 1 || cols_ == 1; }
  SLOPE_ALWAYS_INLINE Var<T> element(Eigen::Index k) const {
    matrix_detail::debug_check(k >= 0 && k < size(), "slope::VarMatrix: element index out of range");
    if (!is_active()) return Var<T>((*constant_)(k));
    const Index index = first_ + static_cast<Index>(k);
    if constexpr (kChecksEnabled) check_tape(active_tape<T>());
    if (element_values_ != nullptr) return Var<T>::on_tape(element_values_[k], index, epoch_);
    return Var<T>::on_tape(active_tape<T>().value(index), index, epoch_);
  }
  // Elements [offset, offset + rows * cols) as a rows x cols matrix.
  SLOPE_ALWAYS_INLINE VarMatrix slice(Eigen::Index offset, Eigen::Index rows, Eigen::Index cols) const {
    if (is_active()) [[likely]] {
      return on_tape(first_ + static_cast<Index>(offset), rows, cols, epoch_,
                     element_values_ == nullptr ? nullptr : element_values_ + offset);
    }
    return constant_slice(offset, rows, cols);
  }
  // A passive matrix's slice copies its values: out of line, so that an active slice stays a
  // few inlined instructions.
  [[gnu::noinline]] VarMatrix constant_slice(Eigen::Index offset, Eigen::Index rows, Eigen::Index cols) const {
    return constant(Eigen::Map<const Plain>(constant_ ? constant_->data() + offset : nullptr, rows, cols));
  }

  // rows_ and cols_ are not neighbours on purpose. A node builder (reduce, an element-wise
  // node) takes the caller's just-copied handle by reference and reads rows() and cols()
  // together; as neighbours g++ reads them with one 16-byte load, which the CPU cannot
  // forward from the caller's two 8-byte stores still in flight, and the load waits for them
  // to reach the cache: the sum's gradient at n = 16 took 39 ns per call with the stall and
  // 24 ns without it, for the same instructions (perf on a small program, median of 5).
  matrix_detail::SharedValues<T> constant_;  // the values of a passive matrix
  Eigen::Index rows_ = 0;
  Index first_ = kNoIndex;
  std::uint32_t epoch_ = 0;
  Eigen::Index cols_ = 0;
  const T* element_values_ = nullptr;  // see on_tape
};

// ---------------------------------------------------------------- making active matrices

// Records the values as new independent variables on `tape`, consecutive and column-major.
template <class T, class D>
VarMatrix<T> make_variables(Tape<T>& tape, const Eigen::DenseBase<D>& values) {
  static_assert(std::is_same_v<typename D::Scalar, T>,
                "slope::make_variables: the values must have the tape's scalar type T; convert them "
                "with .cast<T>() first");
  const Eigen::Index rows = values.rows(), cols = values.cols();
  const auto count = static_cast<std::size_t>(rows * cols);
  constexpr bool kDirect = (Eigen::internal::traits<D>::Flags & Eigen::DirectAccessBit) != 0 && !D::IsRowMajor;
  Index first;
  if constexpr (kDirect) {
    const D& direct = values.derived();
    if (direct.innerStride() == 1 && (cols <= 1 || direct.outerStride() == rows)) {
      first = tape.new_variables(direct.data(), count);
      return VarMatrix<T>::on_tape(first, rows, cols, tape.epoch());
    }
  }
  const matrix_detail::PlainMatrix<T> copy = matrix_detail::as_matrix(values.derived());
  first = tape.new_variables(copy.data(), count);
  return VarMatrix<T>::on_tape(first, rows, cols, tape.epoch());
}

// The same on this thread's active tape.
template <class D>
VarMatrix<typename D::Scalar> make_variables(const Eigen::DenseBase<D>& values) {
  return make_variables(active_tape<typename D::Scalar>(), values);
}

// An Eigen matrix of Vars as a VarMatrix: consecutive elements of one recording are taken as
// they are; otherwise each element is copied by one statement (a passive element becomes a
// new variable nobody differentiates). All passive: a passive VarMatrix.
template <class D>
  requires(Leaf<typename D::Scalar>)
auto to_var_matrix(const Eigen::DenseBase<D>& elements) {
  using T = typename D::Scalar::value_type;
  return VarMatrix<T>(elements);
}

template <class T>
template <class D>
  requires std::is_same_v<typename D::Scalar, Var<T>>
VarMatrix<T>::VarMatrix(const Eigen::DenseBase<D>& elements) : rows_(elements.rows()), cols_(elements.cols()) {
  const Eigen::Matrix<Var<T>, Eigen::Dynamic, Eigen::Dynamic> e = elements;
  const Eigen::Index n = e.size();
  bool any_active = false, consecutive = n > 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    any_active = any_active || e(k).is_active();
    consecutive = consecutive && e(k).is_active() && e(k).index() == e(0).index() + static_cast<Index>(k);
  }
  if (!any_active) {
    constant_ = matrix_detail::SharedValues<T>(Plain(e.unaryExpr([](const Var<T>& v) { return v.value(); })));
    return;
  }
  Tape<T>& tape = active_tape<T>();
  for (Eigen::Index k = 0; k < n; ++k) e(k).check_tape(tape);
  epoch_ = tape.epoch();
  if (consecutive) {
    // The same variables; their values are written to their tape slots, which nodes read
    // (the slots of inputs whose values were left in the caller's vector hold none).
    first_ = e(0).index();
    for (Eigen::Index k = 0; k < n; ++k) tape.values_data()[first_ + static_cast<Index>(k)] = e(k).value();
    return;
  }
  for (Eigen::Index k = 0; k < n; ++k) {
    const Var<T>& v = e(k);
    Index index;
    if (v.is_active()) {
      auto writer = tape.begin_statement(1);
      writer.push(v.index(), T(1));  // y_k = x_k
      index = tape.end_statement(writer, v.value());
    } else {
      index = tape.new_variable(v.value());
    }
    if (k == 0) first_ = index;
  }
}

// ---------------------------------------------------------------- operands of matrix nodes

namespace matrix_detail {

// A VarMatrix for an active operand (an expression is evaluated first), a PlainLeaf for a
// plain Eigen one.
template <class T, class X>
auto dense_leaf(X&& x) {
  using D = std::remove_cvref_t<X>;
  if constexpr (is_var_matrix_v<D>) {
    return HandleLeaf<T>{x};
  } else if constexpr (is_var_xpr_v<D>) {
    return HandleLeaf<T>{materialize(x.node())};
  } else {
    static_assert(EigenDense<D>, "slope: a matrix operand must be a VarMatrix, a VarMatrix expression or an Eigen matrix");
    return make_plain_leaf<T>(std::forward<X>(x));
  }
}

template <class T, class... Leaves>
Tape<T>* operands_tape(const Leaves&... leaves) {
  if (!(leaves.active() || ...)) return nullptr;
  Tape<T>& tape = active_tape<T>();
  (leaves.check(tape), ...);
  return &tape;
}

}  // namespace matrix_detail

}  // namespace slope
