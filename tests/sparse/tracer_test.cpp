// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/tracer.hpp: PatternTracer. For every function of the core rules, the Jacobian
// and Hessian patterns it records are the expected ones (exact, not merely conservative),
// they contain every entry that finite differences find nonzero, and the value is that of the
// plain function. Then Eigen code on tracers, the conservative fallback, and misuse.

#include <Eigen/Core>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "slope/finite_difference.hpp"
#include "slope/slope.hpp"
#include "slope/sparse/detection.hpp"
#include "slope/sparse/tracer.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"

namespace test_sparse_tracer {

using slope::PatternTracer;
using slope::SparsityPattern;
using slope_test::sparse::Index;

namespace {

// Function number `which` of a = x[0] and b = x[1]: every elementary function once, binary
// ones also with a plain number on either side.
struct Elementary {
  int which;

  template <class X>
  typename X::Scalar operator()(const X& x) const {
    using S = typename X::Scalar;
    // clang-format off
    using std::abs; using std::fabs; using std::sqrt; using std::cbrt; using std::exp; using std::exp2;
    using std::expm1; using std::log; using std::log2; using std::log10; using std::log1p; using std::sin;
    using std::cos; using std::tan; using std::asin; using std::acos; using std::atan; using std::sinh;
    using std::cosh; using std::tanh; using std::asinh; using std::acosh; using std::atanh; using std::erf;
    using std::erfc; using std::tgamma; using std::lgamma; using std::floor; using std::ceil; using std::round;
    using std::trunc; using std::pow; using std::hypot; using std::atan2; using std::fmax; using std::fmin;
    using std::copysign;
    // clang-format on
    const S a = x[0];
    const S b = x[1];
    switch (which) {
      case 0: return abs(a);
      case 1: return fabs(a);
      case 2: return slope::square(a);
      case 3: return sqrt(a);
      case 4: return cbrt(a);
      case 5: return exp(a);
      case 6: return exp2(a);
      case 7: return expm1(a);
      case 8: return log(a);
      case 9: return log2(a);
      case 10: return log10(a);
      case 11: return log1p(a);
      case 12: return sin(a);
      case 13: return cos(a);
      case 14: return tan(a);
      case 15: return asin(a);
      case 16: return acos(a);
      case 17: return atan(a);
      case 18: return sinh(a);
      case 19: return cosh(a);
      case 20: return tanh(a);
      case 21: return asinh(a);
      case 22: return acosh(1.0 + a);
      case 23: return atanh(a);
      case 24: return erf(a);
      case 25: return erfc(a);
      case 26: return tgamma(a);
      case 27: return lgamma(a);
      case 28: return floor(a);
      case 29: return ceil(a);
      case 30: return round(a);
      case 31: return trunc(a);
      case 32: return slope::sigmoid(a);
      case 33: return slope::softplus(a);
      case 34: return slope::relu(a);
      case 35: return -a;
      case 36: return a + b;
      case 37: return a - b;
      case 38: return a * b;
      case 39: return a / b;
      case 40: return pow(a, b);
      case 41: return hypot(a, b);
      case 42: return atan2(a, b);
      case 43: return slope::max(a, b);
      case 44: return slope::min(a, b);
      case 45: return fmax(a, b);
      case 46: return fmin(a, b);
      case 47: return copysign(a, b);
      case 48: return slope::log_sum_exp(a, b);
      case 49: return a * 3.0;
      case 50: return 2.0 / b;
      case 51: return pow(a, 3.0);
      case 52: return pow(2.0, b);
      case 53: return a / 4.0;
      case 54: return 3.0 - b;
      case 55: return slope::digamma(a);
      default: {  // compound assignment: a b + a
        S s = a;
        s *= b;
        s += a;
        return s;
      }
    }
  }
};
constexpr int kElementaryCount = 57;

// The output as a vector, for jacobian_pattern.
struct ElementaryVector {
  int which;
  template <class X>
  Eigen::Matrix<typename X::Scalar, Eigen::Dynamic, 1> operator()(const X& x) const {
    Eigen::Matrix<typename X::Scalar, Eigen::Dynamic, 1> y(1);
    y[0] = Elementary{which}(x);
    return y;
  }
};

// What function `which` depends on (a, b) and which second derivatives are not identically
// zero (aa, ab, bb).
struct Shape {
  bool a, b, aa, ab, bb;
};
Shape expected_shape(int which) {
  constexpr Shape kLinearA{true, false, false, false, false};
  constexpr Shape kCurvedA{true, false, true, false, false};
  constexpr Shape kConstant{false, false, false, false, false};
  constexpr Shape kLinearAB{true, true, false, false, false};
  constexpr Shape kCurvedAB{true, true, true, true, true};
  switch (which) {
    case 0: case 1: case 34: case 35: case 49: case 53: case 47: return kLinearA;
    case 28: case 29: case 30: case 31: return kConstant;
    case 36: case 37: case 43: case 44: case 45: case 46: return kLinearAB;
    case 38: case 56: return {true, true, false, true, false};
    case 39: return {true, true, false, true, true};
    case 40: case 41: case 42: case 48: return kCurvedAB;
    case 50: case 52: return {false, true, false, false, true};
    case 54: return {false, true, false, false, false};
    default: return kCurvedA;  // the unary functions with curvature, pow(a, 3), digamma
  }
}

SparsityPattern jacobian_of(const Shape& s) {
  std::vector<Index> row;
  if (s.a) row.push_back(0);
  if (s.b) row.push_back(1);
  return SparsityPattern::from_rows(2, {row});
}
SparsityPattern hessian_of(const Shape& s) {
  std::vector<std::vector<Index>> rows(2);
  if (s.aa) rows[0].push_back(0);
  if (s.ab) {
    rows[0].push_back(1);
    rows[1].push_back(0);
  }
  if (s.bb) rows[1].push_back(1);
  return SparsityPattern::from_rows(2, rows);
}

// A point where every function of Elementary is smooth (round jumps at 0.5, floor at 1).
Eigen::VectorXd smooth_point(std::mt19937& rng) {
  std::uniform_real_distribution<double> a(0.55, 0.9);
  std::uniform_real_distribution<double> b(0.3, 0.9);
  return Eigen::Vector2d(a(rng), b(rng));
}

}  // namespace

TEST_CASE("PatternTracer: the patterns of every elementary function", "[sparse][tracer]") {
  std::mt19937 rng(17);
  for (int which = 0; which < kElementaryCount; ++which) {
    INFO("function " << which);
    const Shape shape = expected_shape(which);
    const Elementary f{which};
    Eigen::Vector2d largest_h = Eigen::Vector2d::Zero();
    Eigen::Matrix2d largest_hh = Eigen::Matrix2d::Zero();
    for (int point = 0; point < 4; ++point) {
      // max, min, fmax, fmin depend on both arguments (conservatively): the first point has
      // b > a, the others mostly a > b, so that each argument is selected somewhere.
      const Eigen::VectorXd x = point == 0 ? Eigen::VectorXd(Eigen::Vector2d(0.6, 0.85)) : smooth_point(rng);
      INFO("x = " << x.transpose());
      const SparsityPattern jac = slope::jacobian_pattern(ElementaryVector{which}, x);
      const SparsityPattern hess = slope::hessian_pattern(f, x);
      CHECK(jac == jacobian_of(shape));
      CHECK(hess == hessian_of(shape));
      // the tracer's value is the plain function's, bit for bit
      {
        slope::detail::PatternTrace trace(2, false);
        CHECK(f(trace.inputs(x)).value() == f(x));
      }
      // every derivative finite differences see is in the pattern
      const Eigen::VectorXd g = slope::fd::gradient(f, x, {.scheme = slope::fd::Scheme::richardson});
      const Eigen::MatrixXd h = slope::fd::hessian(f, x);
      for (Index j = 0; j < 2; ++j) {
        if (std::abs(g[j]) > 1e-9) CHECK(jac.contains(0, j));
        largest_h[j] = std::max(largest_h[j], std::abs(g[j]));
        for (Index k = 0; k < 2; ++k) {
          if (std::abs(h(j, k)) > 1e-5) CHECK(hess.contains(j, k));
          largest_hh(j, k) = std::max(largest_hh(j, k), std::abs(h(j, k)));
        }
      }
    }
    // and the expected entries are really there: nonzero at some of the points
    for (Index j = 0; j < 2; ++j) {
      if (jacobian_of(shape).contains(0, j)) CHECK(largest_h[j] > 1e-3);
      for (Index k = 0; k < 2; ++k) {
        if (hessian_of(shape).contains(j, k)) CHECK(largest_hh(j, k) > 1e-3);
      }
    }
  }
}

TEST_CASE("PatternTracer: Eigen code, reductions and products with plain matrices", "[sparse][tracer]") {
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(5, 0.3, 1.1);
  const auto diagonal = slope_test::sparse::banded(5, 0);
  // element-wise expressions and a sum: a diagonal Hessian
  const auto separable = [](const auto& v) { return (v.array() - 1.0).square().sum() + v.squaredNorm(); };
  CHECK(slope::hessian_pattern(separable, x) == diagonal);
  // x' A x with a tridiagonal A: the pattern of A + A'
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(5, 5);
  for (Index i = 0; i < 5; ++i) {
    a(i, i) = 2.0;
    if (i + 1 < 5) a(i, i + 1) = -1.0;
  }
  const auto quadratic = [&a](const auto& v) {
    using S = typename std::decay_t<decltype(v)>::Scalar;
    const Eigen::Matrix<S, Eigen::Dynamic, 1> av = a * v;  // MatrixXd times a vector of tracers
    return S(v.dot(av));
  };
  CHECK(slope::hessian_pattern(quadratic, x) == slope_test::sparse::banded(5, 1));
  // norm, log_sum_exp and softmax of a vector couple every pair
  const auto coupled = [](const auto& v) { return v.norm() + slope::log_sum_exp(v) + slope::softmax(v)[0]; };
  CHECK(slope::hessian_pattern(coupled, x).nonZeros() == 25);
  // a linear map: its Jacobian pattern is the pattern of the matrix, its Hessian empty
  const auto linear = [&a](const auto& v) {
    using S = typename std::decay_t<decltype(v)>::Scalar;
    return Eigen::Matrix<S, Eigen::Dynamic, 1>(a * v);
  };
  CHECK(slope::jacobian_pattern(linear, x) == slope::SparsityPattern::of(a.sparseView()));
  const auto sum_of_linear = [&](const auto& v) { return linear(v).sum(); };
  CHECK(slope::hessian_pattern(sum_of_linear, x).nonZeros() == 0);
  // a long sum is a chain of unions, not of copied sets: n = 10^5 inputs, diagonal pattern
  const Eigen::VectorXd big = Eigen::VectorXd::Constant(100000, 0.5);
  const SparsityPattern p = slope::hessian_pattern(separable, big);
  CHECK(p.nonZeros() == 100000);
  CHECK(p.contains(99999, 99999));
}

TEST_CASE("PatternTracer: a function without a tracer overload is traced conservatively", "[sparse][tracer]") {
  slope::detail::PatternTrace trace(3, true);
  const auto x = trace.inputs(Eigen::Vector3d(0.5, 1.5, 2.5));
  // An expression node over tracers, as a slope function without a tracer overload would make:
  // the result depends on both tracers and every pair of them interacts.
  const PatternTracer y = slope::make_unary<slope::rules::Exp>(PatternTracer(x[0] + x[2]));
  CHECK(y.value() == std::exp(3.0));
  CHECK(trace.inputs_of(y.node()) == std::vector<Index>{0, 2});
  const PatternTracer z = slope::make_binary<slope::rules::Add>(x[1], 1.0);  // linear, but not known to be
  CHECK(z.value() == 2.5);
  CHECK(trace.hessian_pattern() == SparsityPattern::from_rows(3, {{0, 2}, {1}, {0, 2}}));
}

TEST_CASE("PatternTracer: constants, nesting and use after the detection ends", "[sparse][tracer]") {
  const PatternTracer constant = 2.0;
  CHECK(constant.is_constant());
  CHECK((constant * constant + 1).value() == 5.0);  // constants need no trace
  PatternTracer escaped;
  {
    slope::detail::PatternTrace outer(2, true);
    const auto x = outer.inputs(Eigen::Vector2d(1.0, 2.0));
    {
      slope::detail::PatternTrace inner(1, true);
      const auto y = inner.inputs(Eigen::VectorXd::Constant(1, 3.0));
      CHECK(inner.inputs_of((y[0] * y[0]).node()) == std::vector<Index>{0});
      if constexpr (slope::kChecksEnabled) CHECK_THROWS_AS(x[0] * x[1], slope::usage_error);  // outer's tracers
    }
    // the outer detection is active again
    const PatternTracer product = x[0] * x[1];
    CHECK(outer.inputs_of(product.node()) == std::vector<Index>{0, 1});
    CHECK(outer.hessian_pattern() == SparsityPattern::from_rows(2, {{1}, {0}}));
    escaped = product;
  }
  if constexpr (slope::kChecksEnabled) {
    CHECK_THROWS_WITH(sin(escaped), slope_test::Contains("has ended"));
  }
  CHECK_THROWS_AS(slope::detail::PatternTrace(2, true).inputs(Eigen::Vector3d::Zero()), std::invalid_argument);
}

}  // namespace test_sparse_tracer
