// expect: value_and_gradient\(f, x, g\): g cannot take the gradient
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The gradient written into a const vector, and into a row of a column-major matrix (its
// entries are not contiguous).
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  Eigen::MatrixXd gradients(3, 2);
  const Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
  const Eigen::VectorXd fixed(2);
  const double value = slope::value_and_gradient(f, x, fixed);
  return static_cast<int>(value + slope::value_and_gradient(f, x, gradients.row(0).transpose()));
}
