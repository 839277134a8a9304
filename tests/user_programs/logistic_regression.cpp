// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A user program, written from the README alone, that must compile unchanged: logistic
// regression on captured data, written as plain Eigen code, minimized with slope::optim
// (Newton's method: slope's Hessian, no optional dependency).
#include <cmath>
#include <cstdio>
#include <random>

#include "slope/optim.hpp"
#include "slope/slope.hpp"

int main() {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  const Eigen::Index n = 400;
  Eigen::MatrixXd X(n, 3);
  Eigen::VectorXd y(n);
  const Eigen::Vector3d truth(1.5, -2.0, 0.5);
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = normal(rng);
    X(i, 1) = normal(rng);
    X(i, 2) = 1.0;
    y[i] = X.row(i).dot(truth) + 0.5 * normal(rng) > 0 ? 1.0 : 0.0;
  }
  // Mean cross-entropy with a small L2 penalty: softplus(z) - y z, z = X w.
  auto loss = [&](const auto& w) {
    const auto z = (X * w).eval();
    return (slope::softplus(z.array()) - y.array() * z.array()).mean() + 1e-3 * w.squaredNorm();
  };
  const auto result = slope::optim::minimize(loss, Eigen::VectorXd::Zero(3), slope::optim::Newton{});
  const auto report = slope::check_gradient(loss, result.x);
  int correct = 0;
  for (Eigen::Index i = 0; i < n; ++i) correct += ((X.row(i).dot(result.x) > 0) == (y[i] > 0.5)) ? 1 : 0;
  std::printf("w = (%.3f, %.3f, %.3f), accuracy %.1f %%, gradient check %s\n", result.x[0], result.x[1], result.x[2],
              100.0 * correct / static_cast<double>(n), report.passed ? "passed" : "FAILED");
  return result.status == slope::optim::Status::converged && report.passed && correct > 0.85 * n ? 0 : 1;
}
