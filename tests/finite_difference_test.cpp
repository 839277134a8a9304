// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Finite differences against analytic derivatives, and the derivative checkers.
#include "slope/finite_difference.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "slope_catch.hpp"

namespace test_finite_difference {

namespace {

namespace fd = slope::fd;
using fd::Scheme;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr Scheme kAllSchemes[] = {Scheme::forward, Scheme::backward, Scheme::central,
                                  Scheme::richardson};

const char* name(Scheme scheme) {
  switch (scheme) {
    case Scheme::forward:
      return "forward";
    case Scheme::backward:
      return "backward";
    case Scheme::central:
      return "central";
    case Scheme::richardson:
      return "richardson";
  }
  return "?";
}

// Expected accuracy of a first derivative relative to the function's scale: the
// truncation/rounding balance of each scheme, eps^(1/2) ~ 1.5e-8 and eps^(2/3) ~ 4e-11 (the
// step grows with |x|, so sin at x = 10 is the hardest case), Richardson near eps; margin ~3.
double first_derivative_tolerance(Scheme scheme) {
  switch (scheme) {
    case Scheme::forward:
    case Scheme::backward:
      return 2e-7;
    case Scheme::central:
      return 2e-9;
    case Scheme::richardson:
      return 1e-13;
  }
  return 0.0;
}

// |approx - exact| relative to max(1, |exact|), component-wise maximum.
double relative_error(double approx, double exact) {
  return std::abs(approx - exact) / std::max(1.0, std::abs(exact));
}

double relative_error(const Eigen::MatrixXd& approx, const Eigen::MatrixXd& exact) {
  REQUIRE(approx.rows() == exact.rows());
  REQUIRE(approx.cols() == exact.cols());
  if (approx.size() == 0) return 0.0;
  return ((approx - exact).array().abs() / exact.array().abs().max(1.0)).maxCoeff();
}

Eigen::VectorXd random_vector(std::mt19937& rng, Eigen::Index n, double lo, double hi) {
  std::uniform_real_distribution<double> uniform(lo, hi);
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) v(i) = uniform(rng);
  return v;
}

// The extended Rosenbrock function, its gradient and its Hessian.
double rosenbrock(const Eigen::VectorXd& x) {
  double sum = 0.0;
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    const double a = x(i + 1) - x(i) * x(i);
    const double b = 1.0 - x(i);
    sum += 100.0 * a * a + b * b;
  }
  return sum;
}

Eigen::VectorXd rosenbrock_gradient(const Eigen::VectorXd& x) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(x.size());
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    const double a = x(i + 1) - x(i) * x(i);
    g(i) += -400.0 * x(i) * a - 2.0 * (1.0 - x(i));
    g(i + 1) += 200.0 * a;
  }
  return g;
}

Eigen::MatrixXd rosenbrock_hessian(const Eigen::VectorXd& x) {
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(x.size(), x.size());
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    h(i, i) += 1200.0 * x(i) * x(i) - 400.0 * x(i + 1) + 2.0;
    h(i, i + 1) += -400.0 * x(i);
    h(i + 1, i) += -400.0 * x(i);
    h(i + 1, i + 1) += 200.0;
  }
  return h;
}

// R^3 -> R^4 and its Jacobian.
Eigen::VectorXd vector_function(const Eigen::VectorXd& x) {
  Eigen::VectorXd y(4);
  y << x(0) * x(1), std::sin(x(2)) + x(0) * x(0), std::exp(x(1)) * x(2), x(0) - x(2);
  return y;
}

Eigen::MatrixXd vector_function_jacobian(const Eigen::VectorXd& x) {
  Eigen::MatrixXd j(4, 3);
  j << x(1), x(0), 0.0,                            //
      2.0 * x(0), 0.0, std::cos(x(2)),             //
      0.0, std::exp(x(1)) * x(2), std::exp(x(1)),  //
      1.0, 0.0, -1.0;
  return j;
}

// The concepts turn misuse into a compile error naming them (hessian of a vector function,
// gradient of a function that wants to modify x, ...).
struct ScalarOfVector {
  double operator()(const Eigen::VectorXd& x) const { return x.squaredNorm(); }
};
struct GenericScalar {
  auto operator()(const auto& x) const { return x.squaredNorm(); }
};
struct ByValue {
  double operator()(Eigen::VectorXd x) const { return x.sum(); }
};
struct NonConstReference {
  double operator()(Eigen::VectorXd& x) const { return x.sum(); }
};
struct ExpressionOfVector {
  auto operator()(const Eigen::VectorXd& x) const { return 2.0 * x; }
};
static_assert(fd::ScalarFunctionOfVector<ScalarOfVector>);
static_assert(fd::ScalarFunctionOfVector<GenericScalar>);
static_assert(fd::ScalarFunctionOfVector<ByValue>);
static_assert(!fd::ScalarFunctionOfVector<NonConstReference>);
static_assert(!fd::ScalarFunctionOfVector<ExpressionOfVector>);
static_assert(fd::VectorFunctionOfVector<ExpressionOfVector>);
static_assert(!fd::VectorFunctionOfVector<ScalarOfVector>);
static_assert(fd::MatrixFunctionOfVector<ExpressionOfVector>);
static_assert(!fd::VectorFunctionOfVector<Eigen::VectorXd>);  // callable, but data
static_assert(!fd::MatrixFunctionOfVector<Eigen::MatrixXd>);
static_assert(fd::ScalarFunctionOfScalar<double (*)(double)>);
static_assert(!fd::ScalarFunctionOfScalar<ScalarOfVector>);

}  // namespace

TEST_CASE("derivative of 0.1x^2 + 0.01x at 5 is 1.01 for every scheme", "[finite_difference]") {
  const auto f = [](double x) { return 0.1 * x * x + 0.01 * x; };
  for (const Scheme scheme : kAllSchemes) {
    INFO(name(scheme));
    // One-sided differences carry the truncation error f''h/2 = 0.1h; central ones are exact
    // for a quadratic up to rounding.
    CHECK(std::abs(fd::derivative(f, 5.0, {.scheme = scheme}) - 1.01) <=
          first_derivative_tolerance(scheme));
  }
  CHECK(fd::derivative(f, 5.0) == slope_test::Approx(1.01).epsilon(1e-10));
}

TEST_CASE("a user-given step is used as the difference step", "[finite_difference]") {
  // For x^3: (f(x+h) - f(x-h)) / 2h = 3x^2 + h^2; (f(x+h) - f(x)) / h = 3x^2 + 3xh + h^2.
  const auto cube = [](double x) { return x * x * x; };
  const double x = 1.5;
  const double h = 0.25;
  CHECK(fd::derivative(cube, x, {.scheme = Scheme::central, .step = h}) ==
        slope_test::Approx(3 * x * x + h * h).epsilon(1e-14));
  CHECK(fd::derivative(cube, x, {.scheme = Scheme::forward, .step = h}) ==
        slope_test::Approx(3 * x * x + 3 * x * h + h * h).epsilon(1e-14));
  CHECK(fd::derivative(cube, x, {.scheme = Scheme::backward, .step = h}) ==
        slope_test::Approx(3 * x * x - 3 * x * h + h * h).epsilon(1e-14));
  // One Richardson level is the plain central difference at the initial step, with no error
  // estimate.
  const fd::Estimate one_level = fd::derivative_richardson(cube, x, h, 1);
  CHECK(one_level.value == slope_test::Approx(3 * x * x + h * h).epsilon(1e-14));
  CHECK(one_level.error == kInf);
  // Two levels cancel the h^2 term: exact for a cubic.
  const fd::Estimate two_levels = fd::derivative_richardson(cube, x, h, 2);
  CHECK(two_levels.value == slope_test::Approx(3 * x * x).epsilon(1e-14));
  CHECK(std::isfinite(two_levels.error));
}

TEST_CASE("f is evaluated at the points the automatic step rules give", "[finite_difference]") {
  std::vector<double> points;
  const auto recorder = [&points](double t) {
    points.push_back(t);
    return t * t;
  };
  struct Case {
    Scheme scheme;
    double x;
    double lower;  // expected offsets of the first two evaluation points
    double upper;
  };
  const Case cases[] = {
      {Scheme::central, 0.5, -fd::kCentralStep, fd::kCentralStep},              // |x| < 1: absolute
      {Scheme::central, 1e8, -fd::kCentralStep * 1e8, fd::kCentralStep * 1e8},  // relative
      {Scheme::forward, -3.0, 0.0, 3.0 * fd::kForwardStep},
      {Scheme::backward, 1e-9, -fd::kForwardStep, 0.0},
      {Scheme::richardson, 2.0, -0.2, 0.2},
  };
  for (const Case& c : cases) {
    INFO(name(c.scheme) << " at " << c.x);
    points.clear();
    (void)fd::derivative(recorder, c.x, {.scheme = c.scheme});
    REQUIRE(points.size() >= 2);
    const double lower = std::min(points[0], points[1]) - c.x;
    const double upper = std::max(points[0], points[1]) - c.x;
    // Up to the rounding of x + h to a representable point.
    const double ulp = 2.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(c.x));
    CHECK(std::abs(lower - c.lower) <= ulp);
    CHECK(std::abs(upper - c.upper) <= ulp);
  }
}

TEST_CASE("difference quotients divide by the step actually taken", "[finite_difference]") {
  // x + h is rounded; dividing by the nominal h instead of the distance between the evaluated
  // points would make the identity's derivative differ from 1 by up to eps |x| / h (~1e-10).
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uniform(-100.0, 100.0);
  const auto identity = [](double t) { return t; };
  for (int k = 0; k < 50; ++k) {
    const double x = uniform(rng);
    for (const Scheme scheme : kAllSchemes) {
      INFO(name(scheme) << " at " << x);
      CHECK(fd::derivative(identity, x, {.scheme = scheme}) == 1.0);
      CHECK(fd::derivative(identity, x, {.scheme = scheme, .step = 1e-3 / 3.0}) == 1.0);
    }
  }
}

TEST_CASE("sin, exp and log derivatives at random points, with each scheme's accuracy",
          "[finite_difference]") {
  struct Function {
    const char* name;
    double (*f)(double);
    double (*df)(double);
    double lo;
    double hi;
  };
  const Function functions[] = {
      {"sin", [](double t) { return std::sin(t); }, [](double t) { return std::cos(t); }, -10.0,
       10.0},
      {"exp", [](double t) { return std::exp(t); }, [](double t) { return std::exp(t); }, -5.0,
       5.0},
      {"log", [](double t) { return std::log(t); }, [](double t) { return 1.0 / t; }, 0.2, 20.0},
  };
  std::mt19937 rng(42);
  for (const Function& fn : functions) {
    std::uniform_real_distribution<double> uniform(fn.lo, fn.hi);
    double worst[4] = {0.0, 0.0, 0.0, 0.0};
    for (int k = 0; k < 60; ++k) {
      const double x = uniform(rng);
      const double exact = fn.df(x);
      // Errors relative to the derivative's scale, and to the function's (where cos ~ 0).
      const double scale = std::max({1.0, std::abs(exact), std::abs(fn.f(x))});
      for (std::size_t s = 0; s < 4; ++s) {
        const double value = fd::derivative(fn.f, x, {.scheme = kAllSchemes[s]});
        worst[s] = std::max(worst[s], std::abs(value - exact) / scale);
      }
      // Richardson's error estimate bounds the actual error.
      const fd::Estimate estimate = fd::derivative_richardson(fn.f, x);
      INFO(fn.name << " at " << x << ": richardson " << estimate.value << " +- " << estimate.error
                   << ", exact " << exact);
      CHECK(std::abs(estimate.value - exact) <= estimate.error);
      CHECK(estimate.error <= 1e-11 * scale);
    }
    for (std::size_t s = 0; s < 4; ++s) {
      INFO(fn.name << " " << name(kAllSchemes[s]) << ": worst relative error " << worst[s]);
      CHECK(worst[s] <= first_derivative_tolerance(kAllSchemes[s]));
    }
    // Each scheme is an order better than the one before it.
    CHECK(worst[2] < 0.1 * std::min(worst[0], worst[1]));
    CHECK(worst[3] < 0.1 * worst[2]);
  }
}

TEST_CASE("Richardson stops early and survives steps outside the domain", "[finite_difference]") {
  int evaluations = 0;
  const auto counted_exp = [&evaluations](double t) {
    ++evaluations;
    return std::exp(t);
  };
  // 32 levels would be 64 evaluations; the tableau stops once rounding makes it diverge.
  const fd::Estimate estimate = fd::derivative_richardson(counted_exp, 0.7, 0.0, 32);
  CHECK(evaluations < 40);
  CHECK(relative_error(estimate.value, std::exp(0.7)) <= 1e-12);

  // The first steps (0.1, then 0.05) reach log's pole and beyond; the tableau restarts below them.
  const auto log = [](double t) { return std::log(t); };
  const fd::Estimate near_pole = fd::derivative_richardson(log, 0.05);
  CHECK(std::abs(near_pole.value - 20.0) <= near_pole.error);
  CHECK(near_pole.error <= 1e-8);
}

TEST_CASE("gradient of the extended Rosenbrock function at random points", "[finite_difference]") {
  std::mt19937 rng(1);
  for (int k = 0; k < 10; ++k) {
    const Eigen::VectorXd x = random_vector(rng, 5, -2.0, 2.0);
    const Eigen::VectorXd exact = rosenbrock_gradient(x);
    // The Rosenbrock function has scale ~1e3; tolerances are relative to that.
    const double scale = std::max(1.0, std::abs(rosenbrock(x)));
    for (const Scheme scheme : kAllSchemes) {
      INFO(name(scheme));
      const Eigen::VectorXd g = fd::gradient(rosenbrock, x, {.scheme = scheme});
      CHECK((g - exact).cwiseAbs().maxCoeff() <= 10.0 * first_derivative_tolerance(scheme) * scale);
    }
  }
}

TEST_CASE("gradient of a quadratic form is (A + A^T) x", "[finite_difference]") {
  std::mt19937 rng(2);
  const Eigen::Index n = 4;
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index j = 0; j < n; ++j) a.col(j) = random_vector(rng, n, -1.0, 1.0);
  const auto quadratic = [&a](const auto& x) { return x.dot(a * x); };  // generic lambda
  for (int k = 0; k < 10; ++k) {
    const Eigen::VectorXd x = random_vector(rng, n, -3.0, 3.0);
    const Eigen::VectorXd exact = (a + a.transpose()) * x;
    CHECK(relative_error(fd::gradient(quadratic, x), exact) <= 1e-9);
    CHECK(relative_error(fd::gradient(quadratic, x, {.scheme = Scheme::richardson}), exact) <=
          1e-12);
    CHECK(relative_error(fd::gradient(quadratic, x, {.scheme = Scheme::forward}), exact) <= 1e-6);
  }
}

TEST_CASE("gradient accepts callables taking the vector by value", "[finite_difference]") {
  const auto sum_of_cubes = [](Eigen::VectorXd x) { return x.array().cube().sum(); };
  Eigen::VectorXd x(3);
  x << 1.0, -2.0, 0.5;
  const Eigen::VectorXd exact = 3.0 * x.array().square().matrix();
  CHECK(relative_error(fd::gradient(sum_of_cubes, x), exact) <= 1e-9);
  // A user step h gives 3 x_i^2 + h^2 per coordinate.
  const double h = 0.125;
  const Eigen::VectorXd stepped = fd::gradient(sum_of_cubes, x, {.step = h});
  CHECK(relative_error(stepped, (exact.array() + h * h).matrix()) <= 1e-14);
  CHECK(fd::gradient(sum_of_cubes, Eigen::VectorXd()).size() == 0);
}

TEST_CASE("gradient steps scale with |x|, so large coordinates stay accurate",
          "[finite_difference]") {
  // d/dx log(x) = 1e-8 at x = 1e8: an absolute step of 6e-6 would lose 7 digits to rounding.
  const auto sum_of_logs = [](const Eigen::VectorXd& x) { return x.array().log().sum(); };
  Eigen::VectorXd x(3);
  x << 1e8, 3e8, 0.5;
  const Eigen::VectorXd exact = x.cwiseInverse();
  const Eigen::VectorXd central = fd::gradient(sum_of_logs, x);
  const Eigen::VectorXd richardson = fd::gradient(sum_of_logs, x, {.scheme = Scheme::richardson});
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    INFO("component " << i);
    CHECK(std::abs(central(i) - exact(i)) <= 1e-8 * std::abs(exact(i)));
    CHECK(std::abs(richardson(i) - exact(i)) <= 1e-11 * std::abs(exact(i)));
  }
}

TEST_CASE("jacobian of a vector function at random points", "[finite_difference]") {
  std::mt19937 rng(3);
  for (int k = 0; k < 10; ++k) {
    const Eigen::VectorXd x = random_vector(rng, 3, -2.0, 2.0);
    const Eigen::MatrixXd exact = vector_function_jacobian(x);
    for (const Scheme scheme : kAllSchemes) {
      INFO(name(scheme));
      const Eigen::MatrixXd jac = fd::jacobian(vector_function, x, {.scheme = scheme});
      CHECK(relative_error(jac, exact) <= 10.0 * first_derivative_tolerance(scheme));
    }
  }
}

TEST_CASE("jacobian accepts Eigen expressions and respects the step", "[finite_difference]") {
  Eigen::MatrixXd a(2, 3);
  a << 1.0, 2.0, 3.0, -4.0, 5.0, 0.5;
  // Returns an unevaluated product expression, m = 2 outputs of n = 3 inputs.
  const auto linear = [&a](const Eigen::VectorXd& x) { return a * x; };
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(3, -1.0, 2.0);
  CHECK(relative_error(fd::jacobian(linear, x), a) <= 1e-9);
  CHECK(relative_error(fd::jacobian(linear, x, {.scheme = Scheme::richardson}), a) <= 1e-12);

  int evaluations = 0;
  const auto counted_cubes = [&evaluations](const Eigen::VectorXd& t) {
    ++evaluations;
    return Eigen::VectorXd(t.array().cube());
  };
  const double h = 0.25;
  const Eigen::MatrixXd forward =
      fd::jacobian(counted_cubes, x, {.scheme = Scheme::forward, .step = h});
  CHECK(evaluations == 4);  // f(x) once, then one per coordinate
  // Forward difference of t^3 with step h: 3t^2 + 3th + h^2, on the diagonal only.
  const Eigen::VectorXd expected = 3.0 * x.array().square() + 3.0 * h * x.array() + h * h;
  CHECK(relative_error(forward, Eigen::MatrixXd(expected.asDiagonal())) <= 1e-14);

  // With no inputs the Jacobian is m x 0, m found from one evaluation.
  const Eigen::MatrixXd empty = fd::jacobian(
      [](const Eigen::VectorXd&) { return Eigen::VectorXd::Ones(2); }, Eigen::VectorXd());
  CHECK(empty.rows() == 2);
  CHECK(empty.cols() == 0);
}

TEST_CASE("jacobian throws when the result size depends on x", "[finite_difference]") {
  const auto unstable = [](const Eigen::VectorXd& x) {
    return Eigen::VectorXd::Zero(x(0) > 1.0 ? 3 : 2).eval();
  };
  Eigen::VectorXd x(1);
  x << 1.0;
  CHECK_THROWS_AS(fd::jacobian(unstable, x), std::invalid_argument);
}

TEST_CASE("hessian of a quadratic form is A + A^T, for every scheme", "[finite_difference]") {
  std::mt19937 rng(4);
  const Eigen::Index n = 4;
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index j = 0; j < n; ++j) a.col(j) = random_vector(rng, n, -1.0, 1.0);
  const auto quadratic = [&a](const Eigen::VectorXd& x) { return x.dot(a * x); };
  const Eigen::MatrixXd exact = a + a.transpose();
  for (int k = 0; k < 5; ++k) {
    const Eigen::VectorXd x = random_vector(rng, n, -3.0, 3.0);
    for (const Scheme scheme : kAllSchemes) {
      INFO(name(scheme));
      const Eigen::MatrixXd hess = fd::hessian(quadratic, x, {.scheme = scheme});
      // Second differences of a quadratic have no truncation error: rounding only,
      // ~eps |f| / h^2 with h = eps^(1/4) (central: 1e-8) or eps^(1/3) (one-sided: 5e-6).
      const double tolerance = scheme == Scheme::richardson ? 1e-11
                               : scheme == Scheme::central  ? 5e-7
                                                            : 2e-4;
      CHECK((hess - exact).cwiseAbs().maxCoeff() <=
            tolerance * std::max(1.0, std::abs(quadratic(x))));
      CHECK(hess == hess.transpose());
    }
  }
}

TEST_CASE("hessian of the extended Rosenbrock function at random points", "[finite_difference]") {
  std::mt19937 rng(5);
  for (int k = 0; k < 5; ++k) {
    const Eigen::VectorXd x = random_vector(rng, 4, -1.5, 1.5);
    const Eigen::MatrixXd exact = rosenbrock_hessian(x);
    const double scale = exact.cwiseAbs().maxCoeff();
    CHECK((fd::hessian(rosenbrock, x) - exact).cwiseAbs().maxCoeff() <= 1e-7 * scale);
    CHECK((fd::hessian(rosenbrock, x, {.scheme = Scheme::forward}) - exact).cwiseAbs().maxCoeff() <=
          1e-4 * scale);
    CHECK((fd::hessian(rosenbrock, x, {.scheme = Scheme::richardson}) - exact)
              .cwiseAbs()
              .maxCoeff() <= 1e-11 * scale);
  }
}

TEST_CASE("hessian respects a user step", "[finite_difference]") {
  // For t^4: (f(t+h) - 2f(t) + f(t-h)) / h^2 = 12t^2 + 2h^2;
  // the mixed difference of t0^2 t1^2 is (2 t0)(2 t1) exactly.
  const auto f = [](const Eigen::VectorXd& t) {
    return t(0) * t(0) * t(0) * t(0) + t(0) * t(0) * t(1) * t(1);
  };
  Eigen::VectorXd x(2);
  x << 1.5, -0.5;
  const double h = 0.25;
  const Eigen::MatrixXd hess = fd::hessian(f, x, {.step = h});
  CHECK(hess(0, 0) ==
        slope_test::Approx(12 * x(0) * x(0) + 2 * h * h + 2 * x(1) * x(1)).epsilon(1e-13));
  CHECK(hess(1, 1) == slope_test::Approx(2 * x(0) * x(0)).epsilon(1e-13));
  CHECK(hess(0, 1) == slope_test::Approx(4 * x(0) * x(1)).epsilon(1e-13));
}

TEST_CASE("jacobian_of_gradient of an exact gradient is the Hessian", "[finite_difference]") {
  std::mt19937 rng(6);
  for (int k = 0; k < 5; ++k) {
    const Eigen::VectorXd x = random_vector(rng, 5, -1.5, 1.5);
    const Eigen::MatrixXd exact = rosenbrock_hessian(x);
    const double scale = exact.cwiseAbs().maxCoeff();
    CHECK((fd::jacobian_of_gradient(rosenbrock_gradient, x) - exact).cwiseAbs().maxCoeff() <=
          1e-8 * scale);
    CHECK((fd::jacobian_of_gradient(rosenbrock_gradient, x, {.scheme = Scheme::richardson}) - exact)
              .cwiseAbs()
              .maxCoeff() <= 1e-11 * scale);
  }
  // Not symmetrised: a "gradient" with an asymmetric Jacobian shows it.
  Eigen::MatrixXd a(2, 2);
  a << 1.0, 2.0, 3.0, 4.0;
  const auto linear = [&a](const Eigen::VectorXd& x) { return a * x; };
  CHECK(relative_error(fd::jacobian_of_gradient(linear, Eigen::VectorXd::Ones(2)), a) <= 1e-9);
  // A "gradient" of the wrong size is a programming error.
  const auto wrong_size = [](const Eigen::VectorXd& x) { return Eigen::VectorXd(x.size() + 1); };
  CHECK_THROWS_AS(fd::jacobian_of_gradient(wrong_size, Eigen::VectorXd::Ones(2)),
                  std::invalid_argument);
}

TEST_CASE("non-finite inputs and outputs propagate, nothing throws", "[finite_difference]") {
  const auto nan_function = [](double) { return kNaN; };
  const auto sine = [](double t) { return std::sin(t); };
  const auto inf_beyond_one = [](double t) { return t > 1.0 ? kInf : t; };
  for (const Scheme scheme : kAllSchemes) {
    INFO(name(scheme));
    CHECK(std::isnan(fd::derivative(nan_function, 1.0, {.scheme = scheme})));
    CHECK(std::isnan(fd::derivative(sine, kNaN, {.scheme = scheme})));
    CHECK(!std::isfinite(fd::derivative(sine, kInf, {.scheme = scheme})));
  }
  CHECK(std::isinf(fd::derivative(inf_beyond_one, 1.0, {.scheme = Scheme::forward})));
  CHECK(fd::derivative(inf_beyond_one, 1.0, {.scheme = Scheme::backward}) == 1.0);
  const fd::Estimate nan_estimate = fd::derivative_richardson(nan_function, 1.0);
  CHECK(std::isnan(nan_estimate.value));
  CHECK(nan_estimate.error == kInf);
  // A step too small to move x: 0/0.
  CHECK(std::isnan(fd::derivative(sine, 1.0, {.step = 1e-20})));

  // A NaN coordinate reaches every evaluation of f, so the whole gradient/Hessian is NaN.
  Eigen::VectorXd x(3);
  x << 1.0, kNaN, 2.0;
  for (const Scheme scheme : kAllSchemes) {
    INFO(name(scheme));
    CHECK(fd::gradient(rosenbrock, x, {.scheme = scheme}).array().isNaN().all());
    CHECK(fd::jacobian(vector_function, x, {.scheme = scheme}).col(1).array().isNaN().all());
    CHECK(fd::hessian(rosenbrock, x, {.scheme = scheme}).array().isNaN().all());
  }
  // A function that is NaN only at some outputs leaves the other rows finite.
  const auto partly_nan = [](const Eigen::VectorXd& t) {
    Eigen::VectorXd y(2);
    y << t.sum(), kNaN;
    return y;
  };
  const Eigen::MatrixXd jac =
      fd::jacobian(partly_nan, Eigen::VectorXd::Ones(2), {.scheme = Scheme::richardson});
  CHECK(jac.row(0).isApproxToConstant(1.0, 1e-12));
  CHECK(jac.row(1).array().isNaN().all());
}

TEST_CASE("check_gradient passes a correct gradient", "[finite_difference]") {
  std::mt19937 rng(8);
  const Eigen::VectorXd x = random_vector(rng, 6, -1.5, 1.5);
  const slope::CheckReport report = slope::check_gradient(rosenbrock, rosenbrock_gradient, x);
  INFO(report);
  CHECK(report.passed);
  CHECK(static_cast<bool>(report));
  CHECK(report.ad.rows() == 6);
  CHECK(report.ad.cols() == 1);
  CHECK(report.fd.rows() == 6);
  CHECK(report.max_abs_error < 1e-6);
  std::ostringstream out;
  out << report;
  CHECK(out.str().find("PASSED") != std::string::npos);
}

TEST_CASE("check_gradient names the wrong component of a gradient", "[finite_difference]") {
  std::mt19937 rng(9);
  const Eigen::VectorXd x = random_vector(rng, 6, -1.5, 1.5);
  const auto wrong_gradient = [](const Eigen::VectorXd& t) {
    Eigen::VectorXd g = rosenbrock_gradient(t);
    g(3) *= 1.0 + 1e-3;
    return g;
  };
  const slope::CheckReport report = slope::check_gradient(rosenbrock, wrong_gradient, x);
  CHECK(!report.passed);
  CHECK(!report);
  CHECK(report.worst_row == 3);
  CHECK(report.worst_col == 0);
  CHECK(report.ad_value == wrong_gradient(x)(3));
  CHECK(report.fd_value == slope_test::Approx(rosenbrock_gradient(x)(3)).epsilon(1e-9));
  CHECK(report.max_rel_error == slope_test::Approx(1e-3 / (1.0 + 1e-3)).epsilon(1e-4));
  std::ostringstream out;
  out << report;
  const std::string text = out.str();
  INFO(text);
  CHECK(text.find("FAILED") != std::string::npos);
  CHECK(text.find("worst entry [3]") != std::string::npos);  // a gradient: by index
  CHECK(text.find("6 entries") != std::string::npos);
  // The stream's own formatting is left as it was.
  out.str("");
  out << 0.1;
  CHECK(out.str() == "0.1");
}

TEST_CASE("check_jacobian compares a Jacobian function", "[finite_difference]") {
  std::mt19937 rng(10);
  const Eigen::VectorXd x = random_vector(rng, 3, -1.0, 1.0);
  const slope::CheckReport good =
      slope::check_jacobian(vector_function, vector_function_jacobian, x);
  INFO(good);
  CHECK(good.passed);
  CHECK(good.ad.rows() == 4);
  CHECK(good.ad.cols() == 3);

  const auto wrong_jacobian = [](const Eigen::VectorXd& t) {
    Eigen::MatrixXd j = vector_function_jacobian(t);
    j(2, 1) += 1e-3 * std::abs(j(2, 1));
    return j;
  };
  const slope::CheckReport bad = slope::check_jacobian(vector_function, wrong_jacobian, x);
  CHECK(!bad.passed);
  CHECK(bad.worst_row == 2);
  CHECK(bad.worst_col == 1);
  std::ostringstream out;
  out << bad;
  INFO(out.str());
  CHECK(out.str().find("worst entry (2, 1)") != std::string::npos);  // a matrix: row and column
  CHECK(out.str().find("4x3 matrix") != std::string::npos);
}

TEST_CASE("compare_derivatives fails on NaN and throws on a size mismatch", "[finite_difference]") {
  const Eigen::MatrixXd reference = Eigen::MatrixXd::Constant(2, 2, 1.0);
  Eigen::MatrixXd with_nan = reference;
  with_nan(1, 0) = kNaN;
  const slope::CheckReport nan_ad = slope::compare_derivatives(with_nan, reference);
  CHECK(!nan_ad.passed);
  CHECK(nan_ad.worst_row == 1);
  CHECK(nan_ad.worst_col == 0);
  CHECK(std::isnan(nan_ad.max_abs_error));
  CHECK(!slope::compare_derivatives(reference, with_nan).passed);
  CHECK(!slope::compare_derivatives(with_nan, with_nan).passed);
  Eigen::MatrixXd with_inf = reference;
  with_inf(0, 1) = kInf;
  CHECK(!slope::compare_derivatives(with_inf, with_inf).passed);

  // A NaN from the function under finite differences fails as well.
  const auto nan_function = [](const Eigen::VectorXd&) { return kNaN; };
  const auto zero_gradient = [](const Eigen::VectorXd& t) {
    return Eigen::VectorXd::Zero(t.size()).eval();
  };
  CHECK(!slope::check_gradient(nan_function, zero_gradient, Eigen::VectorXd::Ones(2)).passed);

  // The tolerance: |ad - fd| <= abs_tol + rel_tol * max(|ad|, |fd|).
  const Eigen::MatrixXd close = reference.array() + 0.9e-6;
  CHECK(slope::compare_derivatives(close, reference).passed);
  const Eigen::MatrixXd far = reference.array() + 1.1e-6 + 1e-8;
  CHECK(!slope::compare_derivatives(far, reference).passed);
  CHECK(slope::compare_derivatives(far, reference, {.rel_tol = 1e-5}).passed);
  CHECK(slope::compare_derivatives(Eigen::MatrixXd(), Eigen::MatrixXd()).passed);

  try {
    (void)slope::compare_derivatives(Eigen::MatrixXd::Zero(3, 1), Eigen::MatrixXd::Zero(2, 1));
    FAIL("expected std::invalid_argument");
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    CHECK(message.find("3x1") != std::string::npos);
    CHECK(message.find("2x1") != std::string::npos);
  }
  // A gradient function of the wrong length reaches the same check.
  const auto short_gradient = [](const Eigen::VectorXd&) {
    return Eigen::VectorXd::Zero(1).eval();
  };
  CHECK_THROWS_AS(slope::check_gradient(rosenbrock, short_gradient, Eigen::VectorXd::Ones(2)),
                  std::invalid_argument);
  // The message names the function the user called, not the internal comparison.
  CHECK_THROWS_WITH(slope::check_gradient(rosenbrock, short_gradient, Eigen::VectorXd::Ones(2)),
                    slope_test::Contains("slope::check_gradient: the derivative is 1x1"));
  const auto wide_jacobian = [](const Eigen::VectorXd&) { return Eigen::MatrixXd::Zero(4, 5).eval(); };
  CHECK_THROWS_WITH(slope::check_jacobian(vector_function, wide_jacobian, Eigen::VectorXd::Ones(3)),
                    slope_test::Contains("slope::check_jacobian: the derivative is 4x5"));
}

TEST_CASE("Richardson does not stop on an accidental early agreement", "[finite_difference]") {
  // At the initial step 0.1 the differences of tanh(3x) are not yet in their h^2 regime and
  // two rows can agree by accident (near x = -0.22); the tableau must go on past them.
  int failures = 0;
  for (int i = 0; i <= 4000; ++i) {
    const double x = -2.0 + 0.001 * i;
    const double exact = 3.0 / (std::cosh(3 * x) * std::cosh(3 * x));
    const auto estimate = slope::fd::derivative_richardson([](double t) { return std::tanh(3 * t); }, x);
    if (std::abs(estimate.value - exact) > 1e-8 * std::max(1.0, std::abs(exact))) ++failures;
  }
  CHECK(failures == 0);
}

}  // namespace test_finite_difference
