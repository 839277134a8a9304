// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The vector functions of slope/core/eigen_functions.hpp: values against their definitions on
// doubles, and gradients in reverse mode against forward mode and finite differences, at
// random points and at the edges (huge and infinite entries).

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_core_eigen_functions {

using slope_test::Approx;

namespace {

Eigen::VectorXd random_vector(Eigen::Index n, double lo, double hi, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(lo, hi);
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = dist(rng);
  return x;
}

// Reverse against forward to round-off, and against finite differences.
template <class F>
void check_all_modes(const F& f, const Eigen::VectorXd& x) {
  const Eigen::VectorXd reverse = slope::gradient(f, x);
  CHECK(reverse.isApprox(slope::gradient_forward(f, x), 1e-13));
  const slope::CheckReport report = slope::check_gradient(f, x);
  INFO(report);
  CHECK(report.passed);
}

}  // namespace

TEST_CASE("log_sum_exp and softmax of a vector", "[core][eigen_functions]") {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd x = random_vector(1 + trial % 7, -5, 5, rng);
    CHECK(slope::log_sum_exp(x) == Approx(std::log(x.array().exp().sum())).epsilon(1e-14));
    const Eigen::VectorXd p = slope::softmax(x);
    CHECK(p.sum() == Approx(1.0).epsilon(1e-14));
    CHECK(p.isApprox((x.array().exp() / x.array().exp().sum()).matrix(), 1e-14));
    check_all_modes([](const auto& v) { return slope::log_sum_exp(v); }, x);
    // the gradient of log_sum_exp is softmax
    CHECK(slope::gradient([](const auto& v) { return slope::log_sum_exp(v); }, x).isApprox(p, 1e-14));
    check_all_modes([](const auto& v) { return slope::softmax(v).dot(v); }, x);
  }
  const Eigen::Vector2d huge(1000.0, 1000.0);
  CHECK(slope::log_sum_exp(huge) == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  CHECK(slope::gradient([](const auto& v) { return slope::log_sum_exp(v); }, huge).isApprox(Eigen::Vector2d(0.5, 0.5), 1e-15));
  const Eigen::Vector2d tiny(-1000.0, -1000.0);
  CHECK(slope::gradient([](const auto& v) { return slope::log_sum_exp(v); }, tiny).sum() == Approx(1.0).epsilon(1e-15));
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(slope::log_sum_exp(Eigen::Vector2d(-inf, -inf)) == -inf);
  CHECK(slope::log_sum_exp(Eigen::Vector2d(inf, 0.0)) == inf);
  CHECK(slope::log_sum_exp(Eigen::VectorXd(0)) == -inf);  // the log of an empty sum (core/domain_test.cpp)
}

TEST_CASE("normal_log_pdf with a scalar or a vector mean", "[core][eigen_functions]") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd y = random_vector(6, -2, 2, rng);
    const double mu = 0.3, sigma = 1.7;
    double expected = 0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      expected += -0.5 * std::pow((y[i] - mu) / sigma, 2) - std::log(sigma) - 0.5 * std::log(2 * std::numbers::pi);
    }
    CHECK(slope::normal_log_pdf(y, mu, sigma) == Approx(expected).epsilon(1e-14));
    // all of y, mu and sigma active: x = (y, mu, sigma)
    Eigen::VectorXd x(8);
    x << y, mu, sigma;
    check_all_modes([](const auto& v) { return slope::normal_log_pdf(v.head(6), v[6], v[7]); }, x);
    // a vector mean from a linear model, mu = A beta, with plain data y
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(6, 3);
    Eigen::VectorXd beta_sigma(4);
    beta_sigma << random_vector(3, -1, 1, rng), 0.9;
    check_all_modes([&](const auto& v) { return slope::normal_log_pdf(y, a * v.head(3), v[3]); }, beta_sigma);
  }
  CHECK_THROWS_AS(slope::normal_log_pdf(Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(2), 1.0), std::invalid_argument);
}

TEST_CASE("element-wise sigmoid, softplus and relu of arrays", "[core][eigen_functions]") {
  std::mt19937 rng(7);
  const Eigen::VectorXd x = random_vector(9, -4, 4, rng);
  const Eigen::ArrayXd s = slope::sigmoid(x.array());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    CHECK(s[i] == Approx(1 / (1 + std::exp(-x[i]))).epsilon(1e-15));
    CHECK(Eigen::ArrayXd(slope::softplus(x.array()))[i] == Approx(std::log1p(std::exp(x[i]))).epsilon(1e-14));
    CHECK(Eigen::ArrayXd(slope::relu(x.array()))[i] == std::max(x[i], 0.0));
  }
  check_all_modes([](const auto& v) { return slope::sigmoid(v.array()).sum(); }, x);
  check_all_modes([](const auto& v) { return (slope::softplus(v.array()) * v.array()).sum(); }, x);
  check_all_modes([](const auto& v) { return slope::relu(v.array()).square().sum(); }, x);
}

}  // namespace test_core_eigen_functions
