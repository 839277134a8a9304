// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Why automatic differentiation is exact and finite differences are not.
//
// f(x) = 0.1 x^2 + 0.01 x has f'(x) = 0.2 x + 0.01: 1.01 at x = 5 and 2.01 at x = 10.
//  - a one-sided difference (f(x + h) - f(x)) / h = f'(x) + 0.1 h: a truncation error of 0.1 h;
//  - a central difference (f(x + h) - f(x - h)) / (2h) is exact for a quadratic in exact
//    arithmetic, but in floating point it divides a rounding error of about eps |f| by 2h;
//  - a dual number carries the derivative through the arithmetic itself: no step, no error
//    beyond the rounding of the final operations.
// The second table sweeps h for g(x) = exp(x) sin(x) (not a polynomial, so no step is exact
// by luck) to show the trade-off: truncation error shrinks with h while rounding error grows
// as 1/h, so differences never reach full precision.
// Exits non-zero if the dual number is not exact to round-off or a difference beats it.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "slope/slope.hpp"

namespace {

const auto f = [](auto x) { return 0.1 * x * x + 0.01 * x; };
const auto g = [](auto x) { using std::exp; using std::sin; return exp(x) * sin(x); };

template <class F>
double one_sided(const F& fn, double x, double h) {
  return slope::fd::derivative(fn, x, {.scheme = slope::fd::Scheme::forward, .step = h});
}
template <class F>
double central(const F& fn, double x, double h) {
  return slope::fd::derivative(fn, x, {.scheme = slope::fd::Scheme::central, .step = h});
}

}  // namespace

int main() {
  std::printf("f(x) = 0.1 x^2 + 0.01 x, f'(x) = 0.2 x + 0.01\n\n");
  std::printf("%5s  %-10s  %-22s  %-10s\n", "x", "method", "f'(x)", "error");
  bool ok = true;
  for (double x : {5.0, 10.0}) {
    const double exact = 0.2 * x + 0.01;
    const double h = 1e-4;
    const double by_forward = one_sided(f, x, h);
    const double by_central = central(f, x, h);
    const double by_dual = slope::derivative(f, x);
    std::printf("%5g  %-10s  %-22.17g  %.3g\n", x, "one-sided", by_forward, std::abs(by_forward - exact));
    std::printf("%5g  %-10s  %-22.17g  %.3g\n", x, "central", by_central, std::abs(by_central - exact));
    std::printf("%5g  %-10s  %-22.17g  %.3g\n", x, "dual", by_dual, std::abs(by_dual - exact));
    ok = ok && std::abs(by_dual - exact) <= 4e-16 * exact;                     // exact to round-off
    ok = ok && std::abs(std::abs(by_forward - exact) - 0.1 * h) < 0.01 * 0.1 * h;  // truncation 0.1 h
  }

  const double x0 = 1.3;
  const double exact = std::exp(x0) * (std::sin(x0) + std::cos(x0));
  std::printf("\ng(x) = exp(x) sin(x) at x = 1.3: error against the step h\n");
  std::printf("(truncation falls with h, rounding grows as 1/h)\n");
  std::printf("%8s  %12s  %12s\n", "h", "one-sided", "central");
  double best_difference = 1.0;
  for (int e = 1; e <= 12; ++e) {
    const double h = std::pow(10.0, -e);
    const double forward_error = std::abs(one_sided(g, x0, h) - exact);
    const double central_error = std::abs(central(g, x0, h) - exact);
    best_difference = std::min({best_difference, forward_error, central_error});
    std::printf("%8.0e  %12.3e  %12.3e\n", h, forward_error, central_error);
  }
  const double dual_error = std::abs(slope::derivative(g, x0) - exact);
  std::printf("dual number error: %.3e; the best any step achieved: %.3e\n", dual_error, best_difference);
  ok = ok && dual_error <= 4e-16 * std::abs(exact) && dual_error < best_difference;
  std::printf("\n%s\n", ok ? "the dual number is exact; differences trade truncation for rounding"
                           : "FAILED: unexpected accuracy");
  return ok ? 0 : 1;
}
