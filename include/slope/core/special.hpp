// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Special functions the derivative rules need and the standard library lacks.
//
// digamma(x) = d/dx lgamma(x) = Gamma'(x) / Gamma(x). Written generically, with only
// arithmetic, log and tan, so that it also runs on Dual numbers: that is how the second
// derivative of tgamma and lgamma (which needs trigamma) comes out of nesting for free.
//
//     double psi = slope::digamma(1.0);            // -0.5772156649... (minus Euler's gamma)
//     slope::Dual<double> d = slope::digamma(slope::Dual<double>::variable(2.0));
//     double trigamma_2 = d.tangent(0);            // pi^2/6 - 1

#include <cmath>
#include <limits>
#include <numbers>

#include "slope/core/traits.hpp"

namespace slope {

template <class T>
T digamma(T x) {
  using std::log;
  using std::tan;
  using S = scalar_of_t<T>;
  constexpr S kPi = std::numbers::pi_v<S>;
  // Past this point the asymptotic series below is accurate to double round-off.
  constexpr S kAsymptoticFrom = 10;

  T result(0);
  if (x <= 0) {
    const S primal = passive_value(x);
    if (primal == std::floor(primal)) {  // a pole of Gamma: digamma is undefined there
      return T(std::numeric_limits<S>::quiet_NaN());
    }
    // reflection: psi(x) = psi(1 - x) - pi / tan(pi x)
    result = -kPi / tan(kPi * x);
    x = T(1) - x;
  }
  // recurrence: psi(x) = psi(x + 1) - 1/x
  while (x < kAsymptoticFrom) {
    result -= T(1) / x;
    x += T(1);
  }
  // psi(x) ~ ln x - 1/(2x) - sum_k B_2k / (2k x^2k), the Bernoulli numbers B_2 .. B_14
  const T inv = T(1) / x;
  const T inv2 = inv * inv;
  const T tail =
      inv2 * (S(1) / 12 -
              inv2 * (S(1) / 120 -
                      inv2 * (S(1) / 252 -
                              inv2 * (S(1) / 240 -
                                      inv2 * (S(1) / 132 - inv2 * (S(691) / 32760 - inv2 / 12))))));
  result += log(x) - S(0.5) * inv - tail;
  return result;
}

}  // namespace slope
