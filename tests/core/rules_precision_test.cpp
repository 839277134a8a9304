// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Relative precision of every rule's derivative over the function's whole range, |x| up to
// 700 (the tails where tanh, erf and expm1 saturate included), against a long double
// reference written from calculus in a form that is exact in long double. Checked through
// forward mode (the scalar rule) and through a vector node (the SIMD form of the same rule).

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_core_rules_precision {

namespace {

using slope::Dual;
using Reference = long double (*)(long double);

constexpr long double kInvSqrtPi = 0.564189583547756286948079451560772586L;

// Relative agreement to ~45 ulp; results in the denormal range (where a double has fewer
// digits) to a few of the smallest denormals.
bool precise(double value, long double reference) {
  const double expected = static_cast<double>(reference);
  if (std::isinf(expected) || expected == 0) return value == expected;
  return std::abs(value - expected) <= 1e-14 * std::abs(expected) + 8 * std::numeric_limits<double>::denorm_min();
}

// Points spread over [lo, hi] on a logarithmic scale of |x| (both signs where the range has
// them), plus the ends.
std::vector<double> spread(double lo, double hi) {
  std::vector<double> points;
  for (double sign : {-1.0, 1.0}) {
    for (double e = -8; e <= std::log10(700.0); e += 0.0625) {
      const double x = sign * std::pow(10.0, e) * 1.0137;
      if (x > lo && x < hi) points.push_back(x);
    }
  }
  for (double x = lo; x <= hi && points.size() < 2000; x += (hi - lo) / 97) {
    if (x > lo && x < hi) points.push_back(x);
  }
  return points;
}

template <class F>
void check_precision(const std::string& name, const F& f, Reference reference, double lo, double hi) {
  const std::vector<double> points = spread(lo, hi);
  REQUIRE(points.size() > 20);
  // Forward mode: the scalar rule.
  for (double x : points) {
    INFO(name << "'(" << x << ") by forward mode: reference " << static_cast<double>(reference(x)));
    CHECK(precise(Dual<double>(f(Dual<double>::variable(x))).tangent(0), reference(x)));
  }
  // Reverse mode on a vector: one element-wise node inside a sum, its partials from the
  // packet form (f(x) not stored).
  const Eigen::VectorXd xs = Eigen::Map<const Eigen::VectorXd>(points.data(), static_cast<Eigen::Index>(points.size()));
  const Eigen::VectorXd g = slope::gradient([&](const auto& v) { return f(v.array()).sum(); }, xs);
  for (Eigen::Index i = 0; i < xs.size(); ++i) {
    INFO(name << "'(" << xs[i] << ") by a vector node: reference " << static_cast<double>(reference(xs[i])));
    CHECK(precise(g[i], reference(xs[i])));
  }
  // The same node evaluated (its values stored on the tape): rules whose derivative reads
  // f(x) (exp, sqrt, tanh, ...) take the stored values in the backward pass.
  const Eigen::VectorXd stored = slope::gradient([&](const auto& v) { return f(v.array()).eval().sum(); }, xs);
  for (Eigen::Index i = 0; i < xs.size(); ++i) {
    INFO(name << "'(" << xs[i] << ") by a vector node whose values are stored: reference " << static_cast<double>(reference(xs[i])));
    CHECK(precise(stored[i], reference(xs[i])));
  }
}

}  // namespace

#define SLOPE_FN(fn) [](const auto& x) { using std::fn; return fn(x); }

TEST_CASE("exponentials and logarithms: derivatives to full relative precision", "[core][rules][precision]") {
  check_precision("exp", SLOPE_FN(exp), [](long double x) { return std::exp(x); }, -700, 700);
  check_precision("exp2", SLOPE_FN(exp2), [](long double x) { return std::numbers::ln2_v<long double> * std::exp2(x); }, -1000, 1000);
  check_precision("expm1", SLOPE_FN(expm1), [](long double x) { return std::exp(x); }, -700, 700);
  check_precision("log", SLOPE_FN(log), [](long double x) { return 1 / x; }, 0, 700);
  check_precision("log2", SLOPE_FN(log2), [](long double x) { return 1 / (x * std::numbers::ln2_v<long double>); }, 0, 700);
  check_precision("log10", SLOPE_FN(log10), [](long double x) { return 1 / (x * std::numbers::ln10_v<long double>); }, 0, 700);
  check_precision("log1p", SLOPE_FN(log1p), [](long double x) { return 1 / (1 + x); }, -1, 700);
  check_precision("sqrt", SLOPE_FN(sqrt), [](long double x) { return 0.5L / std::sqrt(x); }, 0, 700);
  check_precision("cbrt", SLOPE_FN(cbrt), [](long double x) { return 1 / (3 * std::cbrt(x) * std::cbrt(x)); }, -700, 700);
}

TEST_CASE("trigonometric and hyperbolic functions: derivatives to full relative precision", "[core][rules][precision]") {
  check_precision("sin", SLOPE_FN(sin), [](long double x) { return std::cos(x); }, -700, 700);
  check_precision("cos", SLOPE_FN(cos), [](long double x) { return -std::sin(x); }, -700, 700);
  check_precision("tan", SLOPE_FN(tan), [](long double x) { return 1 / (std::cos(x) * std::cos(x)); }, -1.5, 1.5);
  check_precision("asin", SLOPE_FN(asin), [](long double x) { return 1 / std::sqrt((1 - x) * (1 + x)); }, -1, 1);
  check_precision("acos", SLOPE_FN(acos), [](long double x) { return -1 / std::sqrt((1 - x) * (1 + x)); }, -1, 1);
  check_precision("atan", SLOPE_FN(atan), [](long double x) { return 1 / (1 + x * x); }, -700, 700);
  check_precision("sinh", SLOPE_FN(sinh), [](long double x) { return std::cosh(x); }, -700, 700);
  check_precision("cosh", SLOPE_FN(cosh), [](long double x) { return std::sinh(x); }, -700, 700);
  check_precision("tanh", SLOPE_FN(tanh), [](long double x) { return 1 / (std::cosh(x) * std::cosh(x)); }, -700, 700);
  check_precision("asinh", SLOPE_FN(asinh), [](long double x) { return 1 / std::sqrt(1 + x * x); }, -700, 700);
  check_precision("acosh", SLOPE_FN(acosh), [](long double x) { return 1 / std::sqrt((x - 1) * (x + 1)); }, 1, 700);
  check_precision("atanh", SLOPE_FN(atanh), [](long double x) { return 1 / ((1 - x) * (1 + x)); }, -1, 1);
}

TEST_CASE("erf, erfc and the machine-learning helpers: derivatives to full relative precision", "[core][rules][precision]") {
  check_precision("erf", SLOPE_FN(erf), [](long double x) { return 2 * kInvSqrtPi * std::exp(-x * x); }, -27.5, 27.5);
  check_precision("erfc", SLOPE_FN(erfc), [](long double x) { return -2 * kInvSqrtPi * std::exp(-x * x); }, -27.5, 27.5);
  const auto sigmoid_prime = [](long double x) {
    const long double e = std::exp(-std::abs(x));
    return e / ((1 + e) * (1 + e));
  };
  check_precision("sigmoid", [](const auto& x) { return slope::sigmoid(x); }, sigmoid_prime, -700, 700);
  check_precision("softplus", [](const auto& x) { return slope::softplus(x); }, [](long double x) { return 1 / (1 + std::exp(-x)); }, -700, 700);
}

#undef SLOPE_FN

}  // namespace test_core_rules_precision
