// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The demo: plain gradient descent with gradients from slope.
//
//   1. f(theta) = theta^2 from theta = 10, learning rate 0.1, 100 steps: each step multiplies
//      theta by (1 - 2 * 0.1) = 0.8, so theta_100 = 10 * 0.8^100.
//   2. f(x, y, z) = 2(x - 1)^2 + (y - 0.5)^2 + (z + 4)^2 from (10, 10, 10): the minimum is at
//      (1, 0.5, -4).
// The objective is written once, generic in its scalar; slope differentiates it exactly.
// Exits non-zero if either run misses its known answer.

#include <Eigen/Core>

#include <cmath>
#include <cstdio>

#include "slope/slope.hpp"

namespace {

bool one_variable() {
  std::printf("1. minimise theta^2 from theta = 10 (learning rate 0.1, 100 steps)\n");
  const auto f = [](auto theta) { return theta * theta; };
  double theta = 10.0;
  const double learning_rate = 0.1;
  for (int step = 1; step <= 100; ++step) {
    theta -= learning_rate * slope::derivative(f, theta);
    if (step % 20 == 0) std::printf("   step %3d  theta = %-12.6g f = %.6g\n", step, theta, f(theta));
  }
  const double expected = 10.0 * std::pow(0.8, 100);
  std::printf("   theta = %.6g (exactly 10 * 0.8^100 = %.6g)\n\n", theta, expected);
  return std::abs(theta - expected) <= 1e-12 * expected;
}

bool three_variables() {
  std::printf("2. minimise 2(x - 1)^2 + (y - 0.5)^2 + (z + 4)^2 from (10, 10, 10)\n");
  const auto f = [](const auto& v) {
    return 2.0 * slope::square(v[0] - 1.0) + slope::square(v[1] - 0.5) + slope::square(v[2] + 4.0);
  };
  Eigen::VectorXd x = Eigen::VectorXd::Constant(3, 10.0);
  const double learning_rate = 0.1;
  std::printf("   %9s  %14s  %12s\n", "iteration", "f", "|grad|");
  int iteration = 0;
  for (; iteration < 1000; ++iteration) {
    const Eigen::VectorXd g = slope::gradient_forward(f, x);
    if (iteration % 10 == 0 || g.norm() < 1e-10) {
      std::printf("   %9d  %14.8g  %12.4g\n", iteration, f(x), g.norm());
    }
    if (g.norm() < 1e-10) break;
    x -= learning_rate * g;
  }
  const Eigen::Vector3d minimum(1.0, 0.5, -4.0);
  std::printf("   converged after %d iterations to (%.9f, %.9f, %.9f); the minimum is (1, 0.5, -4)\n",
              iteration, x[0], x[1], x[2]);
  return (x - minimum).norm() < 1e-9;
}

}  // namespace

int main() {
  std::printf("Gradient descent with exact derivatives from slope\n\n");
  const bool first_ok = one_variable();
  const bool second_ok = three_variables();
  const bool ok = first_ok && second_ok;
  std::printf("\n%s\n", ok ? "both runs reached their known minimum" : "FAILED: a run missed its minimum");
  return ok ? 0 : 1;
}
