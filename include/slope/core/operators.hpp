// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Arithmetic operators and comparisons on slope expressions, for every mode.
//
// The operators accept any mix of a slope expression and a plain number; they are found by
// argument-dependent lookup, so generic code needs no using-declarations.
// Comparisons look at values only: `x < y` compares x.value() with y.value(), so branches in
// user code follow the primal computation (the derivative is that of the branch taken).
//
//     slope::Dual<double> x = slope::Dual<double>::variable(3.0);
//     slope::Dual<double> y = 2.0 * x - x / 4.0;      // y' = 1.75
//     bool positive = y > 0;

#include <compare>
#include <utility>

#include "slope/core/expr.hpp"
#include "slope/core/traits.hpp"

namespace slope {

template <class A, class B>
  requires BinaryOperands<A, B>
auto operator+(A&& a, B&& b) {
  return make_binary<rules::Add>(std::forward<A>(a), std::forward<B>(b));
}

template <class A, class B>
  requires BinaryOperands<A, B>
auto operator-(A&& a, B&& b) {
  return make_binary<rules::Subtract>(std::forward<A>(a), std::forward<B>(b));
}

template <class A, class B>
  requires BinaryOperands<A, B>
auto operator*(A&& a, B&& b) {
  return make_binary<rules::Multiply>(std::forward<A>(a), std::forward<B>(b));
}

template <class A, class B>
  requires BinaryOperands<A, B>
auto operator/(A&& a, B&& b) {
  return make_binary<rules::Divide>(std::forward<A>(a), std::forward<B>(b));
}

template <Expression A>
auto operator-(A&& a) {
  return make_unary<rules::Negate>(std::forward<A>(a));
}

template <Expression A>
decltype(auto) operator+(A&& a) {
  return std::forward<A>(a);
}

template <class A, class B>
  requires BinaryOperands<A, B>
constexpr bool operator==(const A& a, const B& b) {
  return value_of(a) == value_of(b);
}

template <class A, class B>
  requires BinaryOperands<A, B>
constexpr std::partial_ordering operator<=>(const A& a, const B& b) {
  return value_of(a) <=> value_of(b);
}

}  // namespace slope
