// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The elementary functions on slope expressions, for every mode, found by argument-dependent
// lookup: generic code writes `using std::exp; exp(x)` (or just `exp(x)` on a slope type) and
// gets the plain function for numbers and the differentiable one for Dual and Var.
// The machine-learning helpers (sigmoid, softplus, relu, log_sum_exp) have no std version,
// so they also accept plain numbers here.
//
//     auto y = slope::sigmoid(x) * exp(-x);               // x: any slope expression
//     double z = slope::log_sum_exp(1000.0, 1000.0, 0.0); // 1000 + ln 2, no overflow
//
// Each function's value and derivative is its rule in slope/core/rules.hpp.

#include <cmath>
#include <type_traits>
#include <utility>

#include "slope/core/expr.hpp"
#include "slope/core/rules.hpp"
#include "slope/core/traits.hpp"

namespace slope {

// An integer argument is promoted to double, as the std math functions do.
template <Arithmetic T>
using floating_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

// clang-format off
template <Expression A> auto abs(A&& a)   { return make_unary<rules::Abs>(std::forward<A>(a)); }
template <Expression A> auto fabs(A&& a)  { return make_unary<rules::Abs>(std::forward<A>(a)); }
template <Expression A> auto square(A&& a){ return make_unary<rules::Square>(std::forward<A>(a)); }
template <Expression A> auto sqrt(A&& a)  { return make_unary<rules::Sqrt>(std::forward<A>(a)); }
template <Expression A> auto cbrt(A&& a)  { return make_unary<rules::Cbrt>(std::forward<A>(a)); }
template <Expression A> auto exp(A&& a)   { return make_unary<rules::Exp>(std::forward<A>(a)); }
template <Expression A> auto exp2(A&& a)  { return make_unary<rules::Exp2>(std::forward<A>(a)); }
template <Expression A> auto expm1(A&& a) { return make_unary<rules::Expm1>(std::forward<A>(a)); }
template <Expression A> auto log(A&& a)   { return make_unary<rules::Log>(std::forward<A>(a)); }
template <Expression A> auto log2(A&& a)  { return make_unary<rules::Log2>(std::forward<A>(a)); }
template <Expression A> auto log10(A&& a) { return make_unary<rules::Log10>(std::forward<A>(a)); }
template <Expression A> auto log1p(A&& a) { return make_unary<rules::Log1p>(std::forward<A>(a)); }
template <Expression A> auto sin(A&& a)   { return make_unary<rules::Sin>(std::forward<A>(a)); }
template <Expression A> auto cos(A&& a)   { return make_unary<rules::Cos>(std::forward<A>(a)); }
template <Expression A> auto tan(A&& a)   { return make_unary<rules::Tan>(std::forward<A>(a)); }
template <Expression A> auto asin(A&& a)  { return make_unary<rules::Asin>(std::forward<A>(a)); }
template <Expression A> auto acos(A&& a)  { return make_unary<rules::Acos>(std::forward<A>(a)); }
template <Expression A> auto atan(A&& a)  { return make_unary<rules::Atan>(std::forward<A>(a)); }
template <Expression A> auto sinh(A&& a)  { return make_unary<rules::Sinh>(std::forward<A>(a)); }
template <Expression A> auto cosh(A&& a)  { return make_unary<rules::Cosh>(std::forward<A>(a)); }
template <Expression A> auto tanh(A&& a)  { return make_unary<rules::Tanh>(std::forward<A>(a)); }
template <Expression A> auto asinh(A&& a) { return make_unary<rules::Asinh>(std::forward<A>(a)); }
template <Expression A> auto acosh(A&& a) { return make_unary<rules::Acosh>(std::forward<A>(a)); }
template <Expression A> auto atanh(A&& a) { return make_unary<rules::Atanh>(std::forward<A>(a)); }
template <Expression A> auto erf(A&& a)   { return make_unary<rules::Erf>(std::forward<A>(a)); }
template <Expression A> auto erfc(A&& a)  { return make_unary<rules::Erfc>(std::forward<A>(a)); }
template <Expression A> auto tgamma(A&& a){ return make_unary<rules::Tgamma>(std::forward<A>(a)); }
template <Expression A> auto lgamma(A&& a){ return make_unary<rules::Lgamma>(std::forward<A>(a)); }
template <Expression A> auto floor(A&& a) { return make_unary<rules::Floor>(std::forward<A>(a)); }
template <Expression A> auto ceil(A&& a)  { return make_unary<rules::Ceil>(std::forward<A>(a)); }
template <Expression A> auto round(A&& a) { return make_unary<rules::Round>(std::forward<A>(a)); }
template <Expression A> auto trunc(A&& a) { return make_unary<rules::Trunc>(std::forward<A>(a)); }

template <class A, class B> requires BinaryOperands<A, B>
auto pow(A&& a, B&& b)      { return make_binary<rules::Pow>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto hypot(A&& a, B&& b)    { return make_binary<rules::Hypot>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto atan2(A&& a, B&& b)    { return make_binary<rules::Atan2>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto max(A&& a, B&& b)      { return make_binary<rules::Max>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto min(A&& a, B&& b)      { return make_binary<rules::Min>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto fmax(A&& a, B&& b)     { return make_binary<rules::Fmax>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto fmin(A&& a, B&& b)     { return make_binary<rules::Fmin>(std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires BinaryOperands<A, B>
auto copysign(A&& a, B&& b) { return make_binary<rules::Copysign>(std::forward<A>(a), std::forward<B>(b)); }
// clang-format on

// square, max and min have no std form that mixes types, so generic code calls slope's, and
// these accept plain numbers too (promoted as by the usual arithmetic conversions).
template <Arithmetic T> floating_t<T> square(T x) { return rules::Square::value(floating_t<T>(x)); }
template <Arithmetic A, Arithmetic B>
floating_t<std::common_type_t<A, B>> max(A a, B b) {
  using T = floating_t<std::common_type_t<A, B>>;
  return rules::Max::value(T(a), T(b));
}
template <Arithmetic A, Arithmetic B>
floating_t<std::common_type_t<A, B>> min(A a, B b) {
  using T = floating_t<std::common_type_t<A, B>>;
  return rules::Min::value(T(a), T(b));
}

// Classification looks at the innermost value, as std's does for numbers.
template <Expression A> bool isnan(const A& a) { return std::isnan(passive_value(a)); }
template <Expression A> bool isinf(const A& a) { return std::isinf(passive_value(a)); }
template <Expression A> bool isfinite(const A& a) { return std::isfinite(passive_value(a)); }
template <Expression A> bool signbit(const A& a) { return std::signbit(passive_value(a)); }

// ---------------------------------------------------------------- machine-learning helpers

// sigmoid(x) = 1 / (1 + exp(-x))
template <Expression A> auto sigmoid(A&& a) { return make_unary<rules::Sigmoid>(std::forward<A>(a)); }
template <Arithmetic T> floating_t<T> sigmoid(T x) { return rules::Sigmoid::value(floating_t<T>(x)); }

// softplus(x) = ln(1 + exp(x))
template <Expression A> auto softplus(A&& a) { return make_unary<rules::Softplus>(std::forward<A>(a)); }
template <Arithmetic T> floating_t<T> softplus(T x) { return rules::Softplus::value(floating_t<T>(x)); }

// relu(x) = max(x, 0)
template <Expression A> auto relu(A&& a) { return make_unary<rules::Relu>(std::forward<A>(a)); }
template <Arithmetic T> floating_t<T> relu(T x) { return rules::Relu::value(floating_t<T>(x)); }

// log_sum_exp(x1, ..., xk) = ln(exp(x1) + ... + exp(xk)), computed pairwise, each pair
// shifted by its maximum so that nothing overflows.
template <class A, class B, class... Rest>
  requires(Expression<A> || Expression<B> || (Expression<Rest> || ...))
auto log_sum_exp(A&& a, B&& b, Rest&&... rest) {
  if constexpr (sizeof...(Rest) == 0) {
    return make_binary<rules::LogSumExp>(std::forward<A>(a), std::forward<B>(b));
  } else {
    return log_sum_exp(log_sum_exp(std::forward<A>(a), std::forward<B>(b)),
                       std::forward<Rest>(rest)...);
  }
}
template <Arithmetic A, Arithmetic B, Arithmetic... Rest>
auto log_sum_exp(A a, B b, Rest... rest) {
  using T = floating_t<std::common_type_t<A, B, Rest...>>;
  T result = rules::LogSumExp::value(T(a), T(b));
  ((result = rules::LogSumExp::value(result, T(rest))), ...);
  return result;
}

}  // namespace slope
