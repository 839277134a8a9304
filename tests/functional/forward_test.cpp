// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The functional API of slope/functional.hpp: derivative, gradient_forward, jacobian_forward,
// jvp, hessian_forward and the AD-vs-differences checkers, on functions with known
// derivatives, at random points, for every choice of directions per pass.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <sstream>
#include <stdexcept>

#include "slope/slope.hpp"
#include "slope_catch.hpp"
#include "support/random_point.hpp"
#include "support/rosenbrock.hpp"

namespace test_functional_forward {

using slope_test::Approx;

namespace {

using slope_test::rosenbrock;
using slope_test::rosenbrock_gradient;
using slope_test::rosenbrock_hessian;

// F: R^3 -> R^2 with a known Jacobian.
const auto vector_function = [](const auto& x) {
  using Scalar = typename std::decay_t<decltype(x)>::Scalar;
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> y(2);
  y[0] = x[0] * x[1] * x[2];
  y[1] = sin(x[0]) + exp(x[1] - x[2]);
  return y;
};

Eigen::MatrixXd vector_function_jacobian(const Eigen::VectorXd& x) {
  Eigen::MatrixXd j(2, 3);
  const double e = std::exp(x[1] - x[2]);
  j << x[1] * x[2], x[0] * x[2], x[0] * x[1], std::cos(x[0]), e, -e;
  return j;
}

using slope_test::random_point;

}  // namespace

TEST_CASE("derivative of a function of one variable", "[functional][forward]") {
  CHECK(slope::derivative([](auto x) { return 0.1 * x * x + 0.01 * x; }, 5.0) == Approx(1.01).epsilon(1e-15));
  CHECK(slope::derivative([](auto x) { return x * x; }, 3.0) == 6.0);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> dist(0.1, 4.0);
  const auto f = [](auto x) { using std::log; using std::sin; return sin(x) * log(x) / (1.0 + x * x); };
  for (int i = 0; i < 50; ++i) {
    const double x = dist(rng);
    const double expected = slope::fd::derivative_richardson([&](double t) { return f(t); }, x, 0.05).value;
    CHECK(slope::derivative(f, x) == Approx(expected).epsilon(1e-9));
  }
}

TEST_CASE("gradient_forward: every direction count gives the hand-written gradient", "[functional][forward]") {
  std::mt19937 rng(17);
  for (Eigen::Index n : {1, 2, 3, 5, 8, 13}) {
    for (int trial = 0; trial < 10; ++trial) {
      const Eigen::VectorXd x = random_point(n, rng);
      const Eigen::VectorXd expected = rosenbrock_gradient(x);
      INFO("n = " << n << ", x = " << x.transpose());
      CHECK(slope::gradient_forward(rosenbrock, x).isApprox(expected, 1e-14));
      CHECK(slope::gradient_forward<1>(rosenbrock, x).isApprox(expected, 1e-14));
      CHECK(slope::gradient_forward<3>(rosenbrock, x).isApprox(expected, 1e-14));
      CHECK(slope::gradient_forward<16>(rosenbrock, x).isApprox(expected, 1e-14));
    }
  }
  CHECK(slope::gradient_forward(rosenbrock, Eigen::VectorXd(0)).size() == 0);
}

TEST_CASE("jacobian_forward and jvp", "[functional][forward]") {
  std::mt19937 rng(23);
  for (int trial = 0; trial < 50; ++trial) {
    const Eigen::VectorXd x = random_point(3, rng), v = random_point(3, rng);
    const Eigen::MatrixXd expected = vector_function_jacobian(x);
    CHECK(slope::jacobian_forward(vector_function, x).isApprox(expected, 1e-14));
    CHECK(slope::jacobian_forward<1>(vector_function, x).isApprox(expected, 1e-14));
    CHECK(slope::jacobian_forward<2>(vector_function, x).isApprox(expected, 1e-14));
    CHECK(slope::jvp(vector_function, x, v).isApprox(expected * v, 1e-14));
  }
  // an Eigen expression as the result (here a matrix-vector product) works too
  const Eigen::MatrixXd m = Eigen::MatrixXd::Random(4, 3);
  const auto linear = [&m](const auto& x) { return (m.cast<typename std::decay_t<decltype(x)>::Scalar>() * x).eval(); };
  CHECK(slope::jacobian_forward(linear, Eigen::VectorXd::Ones(3)).isApprox(m, 1e-15));
  CHECK_THROWS_AS(slope::jvp(vector_function, Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(2)), std::invalid_argument);
  // A function whose output size changes between the passes of one Jacobian is named.
  int calls = 0;
  const auto unstable = [&calls](const auto& x) {
    using Vec = Eigen::Matrix<typename std::decay_t<decltype(x)>::Scalar, Eigen::Dynamic, 1>;
    return Vec(x.head(++calls % 2 == 1 ? 2 : 1));
  };
  CHECK_THROWS_WITH(slope::jacobian_forward<1>(unstable, Eigen::VectorXd::Ones(3)),
                    slope_test::Contains("slope::jacobian_forward: F returned vectors of different sizes"));
}

TEST_CASE("hessian_forward by nesting", "[functional][forward]") {
  std::mt19937 rng(29);
  for (Eigen::Index n : {1, 2, 4, 7, 10}) {
    for (int trial = 0; trial < 5; ++trial) {
      const Eigen::VectorXd x = random_point(n, rng);
      INFO("n = " << n);
      const Eigen::MatrixXd expected = rosenbrock_hessian(x);
      CHECK(slope::hessian_forward(rosenbrock, x).isApprox(expected, 1e-13));
      CHECK(slope::hessian_forward<1>(rosenbrock, x).isApprox(expected, 1e-13));
      CHECK(slope::hessian_forward<3>(rosenbrock, x).isApprox(expected, 1e-13));
    }
  }
  // a function with a dense Hessian against differences of its AD gradient
  const auto f = [](const auto& x) { return exp(x.sum() / 3.0) * x.squaredNorm() + x.prod(); };
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::VectorXd x = random_point(4, rng);
    const auto gradient = [&](const Eigen::VectorXd& p) { return slope::gradient_forward(f, p); };
    const Eigen::MatrixXd fd = slope::fd::jacobian_of_gradient(gradient, x, {slope::fd::Scheme::richardson});
    const Eigen::MatrixXd h = slope::hessian_forward(f, x);
    CHECK(h.isApprox(fd, 1e-8));
    CHECK(h.isApprox(h.transpose(), 0));
  }
}

TEST_CASE("check_gradient and check_jacobian on slope's own derivatives", "[functional][finite_difference]") {
  std::mt19937 rng(31);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd x = random_point(6, rng);
    const slope::CheckReport report = slope::check_gradient(rosenbrock, x);
    INFO(report);
    CHECK(report.passed);
    CHECK(report.max_rel_error < 1e-8);
    const slope::CheckReport jac = slope::check_jacobian(vector_function, random_point(3, rng));
    INFO(jac);
    CHECK(jac.passed);
  }
  // A hand-written gradient with a mistake in one component is caught, with its location.
  const auto wrong_gradient = [](const Eigen::VectorXd& x) {
    Eigen::VectorXd g = rosenbrock_gradient(x);
    g[2] *= 1.001;
    return g;
  };
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(5, 0.5, 1.5);
  const slope::CheckReport bad = slope::check_gradient(rosenbrock, wrong_gradient, x);
  CHECK_FALSE(bad.passed);
  CHECK(bad.worst_row + bad.worst_col == 2);  // a gradient is a column or a row: index 2 either way
  std::ostringstream os;
  os << bad;
  CHECK(os.str().find("FAILED") != std::string::npos);
}

}  // namespace test_functional_forward
