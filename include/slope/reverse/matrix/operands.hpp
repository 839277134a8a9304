// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The operands of matrix-level reverse mode: what an active matrix expression is made of.
// Part of slope/reverse/matrix.hpp; include that header.
//
// Every operand of a matrix operation becomes a *leaf*: a VarMatrix (active variables, or a
// passive constant it owns), a plain Eigen matrix (a constant), or a scalar broadcast over the
// shape (a Var, or a number). Leaves know where their values are before and after the node
// is recorded, and add adjoints to the tape in the backward pass. This file also classifies
// operands (the concepts VarDense, EigenDense, ScalarOperand) and holds the evaluation context
// the nodes of elementwise.hpp, reductions.hpp and products.hpp read values through.
//
//     auto leaf = slope::matrix_detail::leaf_of<double>(x);   // x: a VarMatrix, Eigen matrix, Var or number
//
// Leaves: a VarMatrix (active variables, or a passive constant it owns), a plain Eigen matrix
// (a constant), and a scalar broadcast over the shape (a Var, or a number).
// Plain Eigen operands, here and in every matrix node: those the backward pass reads are
// copied onto the tape when the node is recorded (O(size) per recording), so they may be
// locals or temporaries of the function being differentiated; an Eigen::Map operand (or a
// block of one) is a view of memory the caller owns and is NOT copied but read again by the
// backward pass: that memory must outlive tape.backward(). Wrap large constant data (a
// design matrix, observations) in an Eigen::Map to avoid the copy.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/rules.hpp"
#include "slope/core/traits.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"

namespace slope {

template <class T>
class VarMatrix;

// A column vector of active variables: a VarMatrix with one column.
template <class T>
using VarVector = VarMatrix<T>;

template <class T, class E, bool kArray>
class VarXpr;

namespace matrix_detail {

// ---------------------------------------------------------------- operand classification

template <class X>
inline constexpr bool is_var_matrix_v = false;
template <class T>
inline constexpr bool is_var_matrix_v<VarMatrix<T>> = true;

template <class X>
inline constexpr bool is_var_xpr_v = false;
template <class T, class E, bool K>
inline constexpr bool is_var_xpr_v<VarXpr<T, E, K>> = true;

template <class X>
struct var_value;
template <class T>
struct var_value<VarMatrix<T>> {
  using type = T;
  static constexpr bool kArray = false;
};
template <class T, class E, bool K>
struct var_value<VarXpr<T, E, K>> {
  using type = T;
  static constexpr bool kArray = K;
};

}  // namespace matrix_detail

// An active matrix or a lazy element-wise expression of active matrices.
template <class X>
concept VarDense = matrix_detail::is_var_matrix_v<std::remove_cvref_t<X>> || matrix_detail::is_var_xpr_v<std::remove_cvref_t<X>>;

namespace matrix_detail {
template <class D>
void dense_base_probe(const Eigen::DenseBase<D>&);
}  // namespace matrix_detail

// A plain Eigen matrix, array or expression (anything deriving from Eigen::DenseBase).
template <class X>
concept EigenDense = requires(const std::remove_cvref_t<X>& x) { matrix_detail::dense_base_probe(x); };

// A number, a Var, or a scalar slope expression: broadcast over a matrix's elements.
template <class X>
concept ScalarOperand = Arithmetic<X> || Expression<X>;

// The operands of an element-wise operator: one VarDense, the other a VarDense, a plain
// Eigen object or a scalar.
// (VarDense is tested first: it is a cheap trait, and these operators are candidates, through
// argument-dependent lookup, for every operator on slope scalars inside Eigen.)
template <class A, class B>
concept VarDenseOperands = (VarDense<A> && (VarDense<B> || ScalarOperand<B> || EigenDense<B>)) ||
                           (VarDense<B> && (ScalarOperand<A> || EigenDense<A>));

template <VarDense X>
using var_value_t = typename matrix_detail::var_value<std::remove_cvref_t<X>>::type;

namespace matrix_detail {
// The T of an active scalar, a Var<T> or a scalar expression of Var<T>s; void for anything else.
template <class X>
struct var_scalar_value {
  using type = void;
};
template <class T>
struct var_scalar_value<Var<T>> {
  using type = T;
};
template <class X>
  requires Expression<X> && (!std::is_same_v<X, std::remove_cvref_t<active_type_t<X>>>)
struct var_scalar_value<X> : var_scalar_value<std::remove_cvref_t<active_type_t<X>>> {};
}  // namespace matrix_detail

// A Var or a scalar expression of Vars.
template <class X>
concept VarScalar = !std::is_void_v<typename matrix_detail::var_scalar_value<std::remove_cvref_t<X>>::type>;

// A plain Eigen matrix, array or expression of numbers (not of Vars, not of Duals).
template <class X>
concept EigenOfNumbers = EigenDense<X> && Arithmetic<typename std::remove_cvref_t<X>::Scalar>;

namespace matrix_detail {

// The T of the VarDense operand(s); both must agree.
template <class A, class B>
struct common_value {
  static auto pick() {
    if constexpr (VarDense<A> && VarDense<B>) {
      static_assert(std::is_same_v<var_value_t<A>, var_value_t<B>>,
                    "slope::VarMatrix: both operands must be active matrices of the same T "
                    "(a VarMatrix<double> does not combine with a VarMatrix<float>)");
      return std::type_identity<var_value_t<A>>{};
    } else if constexpr (VarDense<A>) {
      return std::type_identity<var_value_t<A>>{};
    } else if constexpr (VarDense<B>) {
      return std::type_identity<var_value_t<B>>{};
    } else if constexpr (VarScalar<A>) {  // plain data with an active scalar (interface.hpp)
      return std::type_identity<typename var_scalar_value<A>::type>{};
    } else {
      return std::type_identity<typename var_scalar_value<B>::type>{};
    }
  }
  using type = typename decltype(pick())::type;
};
template <class A, class B>
using common_value_t = typename common_value<std::remove_cvref_t<A>, std::remove_cvref_t<B>>::type;

// Array flavour (element-wise *, /) or matrix flavour (* is the matrix product), as in Eigen.
template <class X>
consteval bool is_array_flavour() {
  using D = std::remove_cvref_t<X>;
  if constexpr (VarDense<X>) {
    return var_value<D>::kArray;
  } else if constexpr (EigenDense<X>) {
    return std::is_base_of_v<Eigen::ArrayBase<D>, D>;
  } else {
    return false;
  }
}
// Two active operands must have the same flavour, as in Eigen. A plain Eigen operand takes
// the active one's, unless it is itself an array: `w.array() * x` is element-wise.
template <class A, class B>
consteval bool result_is_array() {
  if constexpr (VarDense<A> && VarDense<B>) {
    static_assert(is_array_flavour<A>() == is_array_flavour<B>(),
                  "slope::VarMatrix: cannot combine an array expression with a matrix expression; "
                  "as with Eigen, call .array() or .matrix() on one operand first");
    return is_array_flavour<A>();
  } else {
    return is_array_flavour<A>() || is_array_flavour<B>();
  }
}

// ---------------------------------------------------------------- evaluation context

// Where the leaves find their values and adjoints, and the shape of the whole expression
// (every non-scalar leaf has this shape; scalars are broadcast to it).
template <class T>
struct Context {
  const T* values;  // the tape's values; nullptr when nothing in the expression is active
  AdjointSpace<T> adjoints;  // where the adjoints are, in the backward pass
  Eigen::Index rows;
  Eigen::Index cols;
};

template <class T>
using ValueMap = Eigen::Map<const PlainArray<T>>;
template <class T>
using AdjointMap = Eigen::Map<PlainArray<T>>;
template <class T>
using ConstMatrixMap = Eigen::Map<const PlainMatrix<T>, 0, Eigen::OuterStride<>>;
template <class T>
using MatrixMap = Eigen::Map<PlainMatrix<T>>;

// Where an operand's values are once recorded: memory the caller owns (an Eigen::Map
// operand, or inputs left in the caller's vector), memory kept alive by `owner`, or tape slots
// starting at `first` (data == nullptr). `first` also locates an active operand's adjoints.
template <class T>
struct StoredValues {
  const T* data = nullptr;
  Index first = kNoIndex;
  Eigen::Index stride = 0;  // distance between columns
  SharedValues<T> owner;
  const T* pointer(const T* tape_values) const { return data != nullptr ? data : tape_values + first; }
};

// Copies `rows x cols` values (columns `stride` apart) onto the tape as constants: tape slots
// whose adjoints nobody reads. Returns the first slot.
template <class T>
Index store_on_tape(Tape<T>& tape, const T* data, Eigen::Index rows, Eigen::Index cols, Eigen::Index stride) {
  const Eigen::Index size = rows * cols;
  if (stride != rows && cols > 1) {
    T* staging = scratch<T>(kStagingSlot, size);
    MatrixMap<T>(staging, rows, cols) = ConstMatrixMap<T>(data, rows, cols, Eigen::OuterStride<>(stride));
    data = staging;
  }
  return tape.new_variables(data, static_cast<std::size_t>(size));
}

// ---------------------------------------------------------------- leaves

// A recorded operand of a matrix node (product, solve, ...): its values, and whether it is an
// active VarMatrix whose adjoints are at stored.first.
template <class T>
struct MatrixOperand {
  StoredValues<T> stored;
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  bool active = false;
  ConstMatrixMap<T> values(const T* tape_values) const {
    return ConstMatrixMap<T>(stored.pointer(tape_values), rows, cols, Eigen::OuterStride<>(stored.stride));
  }
  MatrixMap<T> adjoints(const AdjointSpace<T>& space) const { return MatrixMap<T>(space.at(stored.first), rows, cols); }
};

// The record of a VarMatrix operand whose values the backward pass does not read (an operand
// of a sum, of + and -, of a log-sum-exp): where its adjoints start, kNoIndex when it is
// passive. A node holding it is smaller than one holding the whole handle and copies no
// shared values (the sum's gradient at n = 16: 533 -> 497 instructions per call).
template <class T>
struct AdjointRangeLeaf {
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = true;
  Index first = kNoIndex;

  bool active() const { return first != kNoIndex; }
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    if (!active()) return;
    if constexpr (kVectorizable<T> && kConstantArray<W>) {  // a sum's or a mean's weight
      add_constant_weight(ctx.adjoints, ctx.rows * ctx.cols, weight.functor()());
      return;
    }
    // The first write of a whole external range (the caller's gradient) assigns it, not
    // zero-filled before (AdjointSpace): 0 + w, the sum the update would make, to the bit.
    // Out of line behind one comparison, so that the usual update stays as small as it was
    // (and inlined where it was); the fields as arguments, not the context's address, so that
    // the context need not be built in memory (see AdjointSpace::zero_fill).
    if constexpr (std::is_floating_point_v<T>) {
      if (static_cast<Eigen::Index>(ctx.adjoints.external_size) == ctx.rows * ctx.cols) [[unlikely]] {
        if (assign_external(ctx.adjoints, ctx.rows, ctx.cols, weight)) return;
      }
    }
    AdjointMap<T>(ctx.adjoints.at(first), ctx.rows, ctx.cols) += weight;
  }
  // The same for a weight that is one number: inline, the claim of the external range
  // included (a fill). Through assign_external like other weights, the sum's gradient took
  // 439 -> 453 instructions at n = 16 and 4201 -> 4241 at n = 1024 (callgrind).
  void add_constant_weight(const AdjointSpace<T>& adjoints, Eigen::Index size, const T& weight) const {
    if (static_cast<Eigen::Index>(adjoints.external_size) == size && adjoints.claim_external(first, size)) [[unlikely]] {
      std::fill_n(adjoints.external, size, T(weight + T(0)));
      return;
    }
    add_constant(adjoints.at(first), size, weight);
  }
  // Whether this write claimed the external range, and then assigned it.
  template <class W>
  [[gnu::noinline]] bool assign_external(AdjointSpace<T> adjoints, Eigen::Index rows, Eigen::Index cols, const W& weight) const {
    if (!adjoints.claim_external(first, rows * cols)) return false;
    AdjointMap<T>(adjoints.external, rows, cols) = weight + T(0);
    return true;
  }
};

// A VarMatrix operand, held by value (a handle: an index range, or shared ownership of the
// values of a passive matrix). The same object serves before and after recording when the
// backward pass reads its values; otherwise its record is the AdjointRangeLeaf.
template <class T>
struct HandleLeaf {
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = true;
  VarMatrix<T> matrix;

  Eigen::Index rows() const { return matrix.rows(); }
  Eigen::Index cols() const { return matrix.cols(); }
  bool active() const { return matrix.is_active(); }
  void check(const Tape<T>& tape) const { matrix.check_tape(tape); }
  template <bool kNeeded>
  auto record(Tape<T>&) const {
    if constexpr (kNeeded) {
      return *this;
    } else {
      return AdjointRangeLeaf<T>{matrix.first()};
    }
  }
  ValueMap<T> values(const Context<T>& ctx) const { return ValueMap<T>(matrix.data(ctx.values), ctx.rows, ctx.cols); }
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    AdjointRangeLeaf<T>{matrix.first()}.propagate(ctx, weight);
  }
  ConstMatrixMap<T> matrix_values(const T* tape_values) const {
    return ConstMatrixMap<T>(matrix.data(tape_values), rows(), cols(), Eigen::OuterStride<>(rows()));
  }
  MatrixOperand<T> operand(Tape<T>*, bool /*needed*/) const {
    if (matrix.is_active()) return {{matrix.element_values(), matrix.first(), rows(), {}}, rows(), cols(), true};
    return {{matrix.data(nullptr), kNoIndex, rows(), matrix.constant_storage()}, rows(), cols(), false};
  }
};

// A recorded plain constant.
template <class T>
struct ConstantLeaf {
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = false;
  StoredValues<T> stored;

  bool active() const { return false; }
  ValueMap<T> values(const Context<T>& ctx) const { return ValueMap<T>(stored.pointer(ctx.values), ctx.rows, ctx.cols); }
  template <class W>
  void propagate(const Context<T>&, const W&) const {}
};

// A constant whose values the backward pass never reads (an operand of + or -): not stored.
template <class T>
struct DroppedLeaf {
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = false;
  bool active() const { return false; }
  template <class W>
  void propagate(const Context<T>&, const W&) const {}
};

// A plain Eigen operand (a constant), as built: a view of the caller's memory, or values
// evaluated into memory the leaf shares ownership of (expressions, temporaries).
template <class T>
struct PlainLeaf {
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = false;
  const T* data = nullptr;
  Eigen::Index rows_ = 0;
  Eigen::Index cols_ = 0;
  Eigen::Index stride = 0;  // distance between columns
  SharedValues<T> owner;
  bool borrowed = false;  // a view of an Eigen::Map: read again in the backward pass, not copied

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  bool active() const { return false; }
  void check(const Tape<T>&) const {}
  // In element-wise expressions, where leaf_of has made the values contiguous.
  ValueMap<T> values(const Context<T>& ctx) const { return ValueMap<T>(data, ctx.rows, ctx.cols); }
  template <class W>
  void propagate(const Context<T>&, const W&) const {}
  ConstMatrixMap<T> matrix_values(const T*) const {
    return ConstMatrixMap<T>(data, rows_, cols_, Eigen::OuterStride<>(stride));
  }
  // Where the values will be found in the backward pass; copied onto the tape unless owned
  // or borrowed. Without a tape (nothing active), or when not needed: where they are now.
  StoredValues<T> store(Tape<T>* tape, bool needed = true) const {
    if (owner || borrowed || tape == nullptr || !needed) return {data, kNoIndex, stride, owner};
    return {nullptr, store_on_tape(*tape, data, rows_, cols_, stride), rows_, {}};
  }
  template <bool kNeeded>
  auto record(Tape<T>& tape) const {
    if constexpr (kNeeded) {
      return ConstantLeaf<T>{store(&tape)};
    } else {
      return DroppedLeaf<T>{};
    }
  }
  MatrixOperand<T> operand(Tape<T>* tape, bool needed) const { return {store(tape, needed), rows_, cols_, false}; }
};

// A scalar broadcast over the expression's shape: a Var (active or not) or a number.
template <class T>
struct ScalarLeaf {
  using value_type = T;
  static constexpr bool kScalar = true;
  static constexpr bool kMayBeActive = true;
  Var<T> var;

  bool active() const { return var.is_active(); }
  void check(const Tape<T>& tape) const { var.check_tape(tape); }
  template <bool kNeeded>
  ScalarLeaf record(Tape<T>&) const {
    return *this;
  }
  const T& scalar() const { return var.value(); }
  auto values(const Context<T>& ctx) const { return PlainArray<T>::Constant(ctx.rows, ctx.cols, var.value()); }
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    if (var.is_active()) *ctx.adjoints.at(var.index()) += weight.sum();
  }
};

// A number broadcast over the expression's shape: never active, so no backward code for it
// is compiled.
template <class T>
struct NumberLeaf {
  using value_type = T;
  static constexpr bool kScalar = true;
  static constexpr bool kMayBeActive = false;
  T number;

  bool active() const { return false; }
  void check(const Tape<T>&) const {}
  template <bool kNeeded>
  NumberLeaf record(Tape<T>&) const {
    return *this;
  }
  const T& scalar() const { return number; }
  auto values(const Context<T>& ctx) const { return PlainArray<T>::Constant(ctx.rows, ctx.cols, number); }
  template <class W>
  void propagate(const Context<T>&, const W&) const {}
};

// ---------------------------------------------------------------- making leaves

// An Eigen::Map (or a block or wrapper of one): memory the caller owns and keeps alive.
template <class D>
inline constexpr bool is_borrowed_view_v = false;
template <class P, int O, class S>
inline constexpr bool is_borrowed_view_v<Eigen::Map<P, O, S>> = true;
template <class X>
inline constexpr bool is_borrowed_view_v<Eigen::ArrayWrapper<X>> = is_borrowed_view_v<std::remove_const_t<X>>;
template <class X>
inline constexpr bool is_borrowed_view_v<Eigen::MatrixWrapper<X>> = is_borrowed_view_v<std::remove_const_t<X>>;
template <class X, int R, int C, bool I>
inline constexpr bool is_borrowed_view_v<Eigen::Block<X, R, C, I>> = is_borrowed_view_v<std::remove_const_t<X>>;
template <class X, int S>
inline constexpr bool is_borrowed_view_v<Eigen::VectorBlock<X, S>> = is_borrowed_view_v<std::remove_const_t<X>>;
template <class X>
inline constexpr bool is_borrowed_view_v<Eigen::Transpose<X>> = is_borrowed_view_v<std::remove_const_t<X>>;

}  // namespace matrix_detail

// Constant data a function captures (a design matrix, observations), marked as borrowed:
// the nodes that read it in their backward pass read it where it is, instead of copying it
// onto the tape at every recording (which a plain Eigen matrix operand costs, since it might
// be a local that is gone by the time of the sweep). The data must outlive the derivative
// call, as data captured by reference from outside the function does. In forward mode and on
// plain doubles it is the same view. Returns an Eigen::Map of x (x must be a plain Eigen
// matrix, vector or array).
//
//     const auto X = slope::borrow(design);              // design: an Eigen::MatrixXd
//     auto loss = [&](const auto& beta) { return (X * beta - y).squaredNorm(); };
template <class D>
auto borrow(const Eigen::PlainObjectBase<D>& x) {
  return Eigen::Map<const D>(x.data(), x.rows(), x.cols());
}

namespace matrix_detail {

template <class D>
decltype(auto) as_matrix(const D& x) {
  if constexpr (std::is_base_of_v<Eigen::ArrayBase<D>, D>) {
    return x.matrix();
  } else {
    return (x);
  }
}

template <class T, class X>
PlainLeaf<T> make_plain_leaf(X&& x) {
  using D = std::remove_cvref_t<X>;
  using S = typename D::Scalar;
  static_assert(std::is_same_v<S, T> || std::is_same_v<S, scalar_of_t<T>>,
                "slope::VarMatrix<T>: a plain Eigen operand must have the scalar type T; convert it "
                "with .cast<T>() first");
  PlainLeaf<T> leaf;
  leaf.rows_ = x.rows();
  leaf.cols_ = x.cols();
  constexpr bool kDirect = std::is_same_v<S, T> && (Eigen::internal::traits<D>::Flags & Eigen::DirectAccessBit) != 0;
  constexpr bool kTemporary = !std::is_lvalue_reference_v<X> && std::is_base_of_v<Eigen::PlainObjectBase<D>, D>;
  if constexpr (std::is_same_v<D, PlainMatrix<T>> && kTemporary) {
    // A temporary matrix: moved into shared ownership (no copy of the values).
    leaf.owner = SharedValues<T>(std::move(x));
    leaf.data = leaf.owner->data();
    leaf.stride = leaf.rows_;
    return leaf;
  } else if constexpr (kDirect && !kTemporary) {
    const Eigen::Index row_step = D::IsRowMajor ? x.outerStride() : x.innerStride();
    const Eigen::Index column_step = D::IsRowMajor ? x.innerStride() : x.outerStride();
    if (row_step == 1 || leaf.rows_ <= 1) {
      leaf.data = x.data();
      leaf.stride = leaf.cols_ <= 1 ? leaf.rows_ : column_step;
      leaf.borrowed = is_borrowed_view_v<D>;
      return leaf;
    }
  }
  // An expression, a temporary, or a layout a column-major map cannot describe: evaluated
  // once here, into memory the leaf (and later its node) shares.
  leaf.owner = SharedValues<T>(PlainMatrix<T>(as_matrix(x).template cast<T>()));
  leaf.data = leaf.owner->data();
  leaf.stride = leaf.rows_;
  return leaf;
}

// A plain operand of an element-wise operation, read as one contiguous array (ValueMap):
// Eigen reduces a contiguous map with its unrolled linear kernels, a map with an outer stride
// column by column with one accumulator (1.75x the time of a sum of squares at n >= 1024). A
// view whose columns lie apart (a block of a larger matrix) is copied once here; matrix nodes
// (products, solves) take such views as they are (dense_leaf); custom nodes make theirs
// contiguous here too. An active operand's values are contiguous already.
template <class T>
HandleLeaf<T> contiguous_leaf(HandleLeaf<T> leaf) {
  return leaf;
}
template <class T>
PlainLeaf<T> contiguous_leaf(PlainLeaf<T> leaf) {
  if (leaf.cols() > 1 && leaf.stride != leaf.rows()) {
    leaf.owner = SharedValues<T>(PlainMatrix<T>(leaf.matrix_values(nullptr)));
    leaf.data = leaf.owner->data();
    leaf.stride = leaf.rows();
    leaf.borrowed = false;
  }
  return leaf;
}

// The leaf of any operand of an element-wise operation on VarMatrix<T>.
template <class T, class X>
auto leaf_of(X&& x) {
  using D = std::remove_cvref_t<X>;
  if constexpr (is_var_matrix_v<D>) {
    return HandleLeaf<T>{x};
  } else if constexpr (is_var_xpr_v<D>) {
    return x.node();
  } else if constexpr (EigenDense<D>) {
    if constexpr (std::is_same_v<typename D::Scalar, Var<T>>) {
      // An Eigen matrix of Vars (code written for Eigen types): its elements as a VarMatrix,
      // taken as they are when consecutive on the tape, else gathered by one statement each.
      return HandleLeaf<T>{VarMatrix<T>(x)};
    } else {
      return contiguous_leaf(make_plain_leaf<T>(std::forward<X>(x)));
    }
  } else if constexpr (Arithmetic<D>) {
    return NumberLeaf<T>{static_cast<T>(x)};
  } else if constexpr (std::is_same_v<D, T>) {
    // A constant of the tape's own scalar (a Dual, under forward over reverse: x.cube()'s 3).
    return NumberLeaf<T>{x};
  } else if constexpr (std::is_same_v<D, Var<T>>) {
    return ScalarLeaf<T>{x};
  } else if constexpr (Expression<D>) {
    static_assert(std::is_same_v<active_type_t<D>, Var<T>>,
                  "slope::VarMatrix<T>: a scalar operand must be a number, a slope::Var<T> or an "
                  "expression of Var<T> (not a Dual, nor a Var of another T)");
    return ScalarLeaf<T>{Var<T>(x)};
  } else {
    static_assert(kDependentFalse<D>,
                  "slope::VarMatrix: unsupported operand; use a VarMatrix, a plain Eigen matrix or "
                  "array, a slope::Var or a number");
  }
}

}  // namespace matrix_detail

}  // namespace slope
