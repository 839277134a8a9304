// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Traits and concepts shared by every mode.
//
// An *expression* is anything with `value()` and `propagate(weight, visit)`: a leaf (a Dual
// or, in reverse mode, a Var) or a node built from leaves by operators and functions. Its
// `active_type` is the leaf type the expression evaluates to; two operands can be combined
// only when their active types agree.
//
//     static_assert(slope::Expression<slope::Dual<double>>);
//     static_assert(std::is_same_v<slope::scalar_of_t<slope::Dual<slope::Dual<float>>>, float>);
//     double v = slope::passive_value(x * y);   // the innermost plain number

#include <concepts>
#include <type_traits>

// Forces inlining of the few small functions that every recorded statement calls. In a large
// function being differentiated (a loop of many statements), GCC stops inlining them at its
// growth limits, and each operation then pays calls and spills.
#if defined(__GNUC__) || defined(__clang__)
#define SLOPE_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#define SLOPE_ALWAYS_INLINE inline
#endif

namespace slope {

// A plain number that may be mixed into expressions as a constant (bool is not a number).
template <class T>
concept Arithmetic = std::is_arithmetic_v<std::remove_cvref_t<T>> &&
                     !std::is_same_v<std::remove_cvref_t<T>, bool>;

// Satisfied by every slope expression: leaves (Dual, Var) and the nodes built from them.
template <class E>
concept Expression = requires {
  typename std::remove_cvref_t<E>::is_slope_expression;
  typename std::remove_cvref_t<E>::value_type;
  typename std::remove_cvref_t<E>::active_type;
};

// A leaf is an expression that owns its derivative information (Dual, Var).
template <class E>
concept Leaf = Expression<E> && std::remove_cvref_t<E>::kIsLeaf;

// The operands of a binary operator: at least one slope expression, the other an expression
// or a plain number. Whether the two expressions may be combined is checked with a
// static_assert in make_binary, so a mismatch reads as a sentence rather than "no match".
template <class A, class B>
concept BinaryOperands = (Expression<A> && (Expression<B> || Arithmetic<B>)) ||
                         (Arithmetic<A> && Expression<B>);

template <class E>
using active_type_t = typename std::remove_cvref_t<E>::active_type;

template <class E>
using value_type_t = typename std::remove_cvref_t<E>::value_type;

// scalar_of_t<T>: the innermost plain number type (double for Dual<Dual<double>>).
template <class T, class = void>
struct scalar_of {
  using type = T;
};
template <class T>
struct scalar_of<T, std::void_t<typename T::value_type, typename T::is_slope_expression>> {
  using type = typename scalar_of<typename T::value_type>::type;
};
template <class T>
using scalar_of_t = typename scalar_of<std::remove_cvref_t<T>>::type;

// The value one level down: value() of an expression, the number itself otherwise.
template <class T>
constexpr decltype(auto) value_of(const T& x) {
  if constexpr (Expression<T>) {
    return x.value();
  } else {
    return (x);
  }
}

// The innermost plain number, through any nesting: used for comparisons and branches.
template <class T>
constexpr scalar_of_t<T> passive_value(const T& x) {
  if constexpr (Expression<T>) {
    return passive_value(x.value());
  } else {
    return x;
  }
}

// T, as a type that depends on Context: code written with it inside a template (a branch
// for another mode, say) is compiled when the template is instantiated, not when the header
// is parsed by every translation unit that includes it.
namespace detail {
template <class Context, class T>
struct deferred {
  using type = T;
};
}  // namespace detail
template <class Context, class T>
using deferred_t = typename detail::deferred<Context, T>::type;

// ---------------------------------------------------------------- naming the scalar type

namespace detail {
template <class X>
struct active_scalar {
  using type = std::remove_cvref_t<X>;  // a plain number
};
template <class X>
  requires requires { typename std::remove_cvref_t<X>::Scalar; }
struct active_scalar<X> {
  using type = typename std::remove_cvref_t<X>::Scalar;  // an Eigen object, a VarMatrix
};
template <Expression X>
struct active_scalar<X> {
  using type = active_type_t<X>;  // a Dual, a Var, or an expression of them
};
}  // namespace detail

// The scalar a generic function computes in, for any of its inputs or intermediate values:
// double for plain numbers and Eigen objects of double, Dual<...> in forward mode, Var<...> in
// reverse mode, for scalars, scalar expressions (`x[0] * 1.0`), vectors, matrices and arrays.
// Use it to declare accumulators and return types in generic code:
//
//     slope::scalar_t<X> total = 0.0;               // X: the type of the function's argument
//     for (...) total += kappa * cos(theta[i] - mu);
template <class X>
using scalar_t = typename detail::active_scalar<X>::type;

// Exactly zero, tangents of duals (at any nesting) included. The derivative sweeps skip
// exactly-zero weights (so that 0 * inf does not make NaN); for a Dual, comparing the value
// alone would also skip a zero first derivative whose second-order part is not zero.
template <class T>
constexpr bool is_exact_zero(const T& t) {
  if constexpr (requires { t.tangents(); }) {
    if (!is_exact_zero(t.value())) return false;
    for (const auto& component : t.tangents()) {
      if (!is_exact_zero(component)) return false;
    }
    return true;
  } else {
    return t == 0;
  }
}

}  // namespace slope
