// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Branching element by element on active matrices: comparisons give plain boolean Eigen
// arrays of the current values, and slope::select(condition, a, b) takes a's element where the
// condition holds and b's elsewhere (also spelled as in Eigen, condition.select(a, b), on the
// result of a comparison). Part of slope/reverse/matrix.hpp.
//
//   select(c, a, b):  abar += where(c, w, 0),  bbar += where(c, 0, w)   (w: the weights)
//
// The condition is evaluated once, on values, like an if in scalar code: the derivative is
// that of the branch each element takes. select fuses with the rest of an element-wise
// expression (one node), and takes VarMatrix expressions, plain Eigen objects and scalars
// (numbers, Vars) on either side; on plain Eigen arrays (double, Dual) it is Eigen's select,
// so a generic body may write
//
//     auto relu = slope::select(x.array() > 0.0, x.array(), 0.0);

#include <functional>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/interface.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

namespace matrix_detail {

// The values of an operand of a comparison, as an array of its shape (scalars broadcast).
template <class T, class X>
auto comparison_values(const X& x, Eigen::Index rows, Eigen::Index cols) {
  using D = std::remove_cvref_t<X>;
  if constexpr (VarDense<D>) {
    return PlainArray<T>(x.values().array());
  } else if constexpr (EigenDense<D>) {
    return PlainArray<T>(as_matrix(x.derived()).template cast<T>().array());
  } else {
    return PlainArray<T>(PlainArray<T>::Constant(rows, cols, T(value_of(x))));
  }
}

// The shape of a comparison: that of its matrix operand(s).
template <class X>
std::pair<Eigen::Index, Eigen::Index> shape_of(const X& x) {
  if constexpr (VarDense<X> || EigenDense<X>) {
    return {x.rows(), x.cols()};
  } else {
    return {1, 1};
  }
}

template <class A, class B, class Compare>
Mask compare(const char* operation, const A& a, const B& b, Compare compare_values) {
  using T = common_value_t<A, B>;
  const auto [rows, cols] = VarDense<A> || EigenDense<A> ? shape_of(a) : shape_of(b);
  const PlainArray<T> left = comparison_values<T>(a, rows, cols);
  const PlainArray<T> right = comparison_values<T>(b, rows, cols);
  check_same_size(operation, left.rows(), left.cols(), right.rows(), right.cols());
  return left.binaryExpr(right, [&](const T& l, const T& r) { return compare_values(l, r); });
}

// select's node in an element-wise tree: the mask is shared by the copies of the tree.
template <class A, class B>
struct SelectXpr {
  using T = typename std::conditional_t<A::kScalar, B, A>::value_type;
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = A::kMayBeActive || B::kMayBeActive;
  SharedConst<Mask> mask;
  A a;
  B b;

  Eigen::Index rows() const { return mask->rows(); }
  Eigen::Index cols() const { return mask->cols(); }
  bool active() const { return (A::kMayBeActive && a.active()) || (B::kMayBeActive && b.active()); }
  void check(const Tape<T>& tape) const {
    a.check(tape);
    b.check(tape);
  }
  // The backward pass reads neither operand's values.
  template <bool kNeeded>
  auto record(Tape<T>& tape) const {
    auto ra = a.template record<kNeeded>(tape);
    auto rb = b.template record<kNeeded>(tape);
    return SelectXpr<decltype(ra), decltype(rb)>{mask, std::move(ra), std::move(rb)};
  }
  auto values(const Context<T>& ctx) const { return mask->select(a.values(ctx), b.values(ctx)); }
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    if constexpr (A::kMayBeActive) {
      if (a.active()) a.propagate(ctx, mask->select(weight, T(0)));
    }
    if constexpr (B::kMayBeActive) {
      if (b.active()) b.propagate(ctx, mask->select(T(0), weight));
    }
  }
};

}  // namespace matrix_detail

// An operand of select: an active matrix or expression, a plain Eigen object, or a scalar.
template <class X>
concept SelectOperand = VarDense<X> || EigenDense<X> || ScalarOperand<X>;

// a where `condition` holds, b elsewhere, element by element; at least one of a, b active.
template <class C, class A, class B>
  requires EigenDense<C> && SelectOperand<A> && SelectOperand<B> && (VarDense<A> || VarDense<B>)
auto select(const C& condition, A&& a, B&& b) {
  using T = matrix_detail::common_value_t<A, B>;
  auto mask = matrix_detail::SharedConst<matrix_detail::Mask>(matrix_detail::Mask(condition.derived().template cast<bool>()));
  auto la = matrix_detail::leaf_of<T>(std::forward<A>(a));
  auto lb = matrix_detail::leaf_of<T>(std::forward<B>(b));
  if constexpr (!decltype(la)::kScalar) {
    matrix_detail::check_same_size("slope::select", mask->rows(), mask->cols(), la.rows(), la.cols());
  }
  if constexpr (!decltype(lb)::kScalar) {
    matrix_detail::check_same_size("slope::select", mask->rows(), mask->cols(), lb.rows(), lb.cols());
  }
  using Xpr = matrix_detail::SelectXpr<decltype(la), decltype(lb)>;
  constexpr bool kArray = matrix_detail::result_is_array<A, B>();
  return matrix_detail::make_xpr<T, Xpr, kArray>(Xpr{std::move(mask), std::move(la), std::move(lb)});
}

// The same on plain Eigen objects (double, Dual): Eigen's select, with scalars broadcast.
template <class C, class A, class B>
  requires EigenDense<C> && (!VarDense<A> && !VarDense<B>) && (EigenDense<A> || EigenDense<B>)
auto select(const C& condition, const A& a, const B& b) {
  if constexpr (EigenDense<A> && EigenDense<B>) {
    return condition.derived().select(a.derived(), b.derived());
  } else if constexpr (EigenDense<A>) {
    return condition.derived().select(a.derived(), typename A::Scalar(b));
  } else {
    return condition.derived().select(typename B::Scalar(a), b.derived());
  }
}

// ---------------------------------------------------------------- comparisons

// What a comparison of an active matrix gives: the boolean Eigen array of the current values,
// which also takes Eigen's own spelling of select with active branches,
// `(x.array() > 0.0).select(x.array(), 0.1 * x.array())`, as slope::select above. (Eigen's
// select, kept for plain branches, cannot take a VarMatrix: it needs Eigen expressions.)
class ComparisonMask : public matrix_detail::Mask {
 public:
  ComparisonMask(matrix_detail::Mask values) : matrix_detail::Mask(std::move(values)) {}  // NOLINT: a Mask is one
  using matrix_detail::Mask::select;
  template <class A, class B>
    requires SelectOperand<A> && SelectOperand<B> && (VarDense<A> || VarDense<B>)
  auto select(A&& a, B&& b) const {
    return slope::select(static_cast<const matrix_detail::Mask&>(*this), std::forward<A>(a), std::forward<B>(b));
  }
};

// Comparisons of an active matrix (or expression) with a number, a Var, a plain Eigen object
// or another active matrix: a boolean Eigen array of the current values, element-wise, as
// Eigen's arrays compare.
template <class A, class B>
  requires VarDenseOperands<A, B>
ComparisonMask operator<(const A& a, const B& b) {
  return matrix_detail::compare("slope::operator<", a, b, std::less<>{});
}
template <class A, class B>
  requires VarDenseOperands<A, B>
ComparisonMask operator<=(const A& a, const B& b) {
  return matrix_detail::compare("slope::operator<=", a, b, std::less_equal<>{});
}
template <class A, class B>
  requires VarDenseOperands<A, B>
ComparisonMask operator>(const A& a, const B& b) {
  return matrix_detail::compare("slope::operator>", a, b, std::greater<>{});
}
template <class A, class B>
  requires VarDenseOperands<A, B>
ComparisonMask operator>=(const A& a, const B& b) {
  return matrix_detail::compare("slope::operator>=", a, b, std::greater_equal<>{});
}
template <class A, class B>
  requires VarDenseOperands<A, B>
ComparisonMask operator==(const A& a, const B& b) {
  return matrix_detail::compare("slope::operator==", a, b, std::equal_to<>{});
}
template <class A, class B>
  requires VarDenseOperands<A, B>
ComparisonMask operator!=(const A& a, const B& b) {
  return matrix_detail::compare("slope::operator!=", a, b, std::not_equal_to<>{});
}

}  // namespace slope
