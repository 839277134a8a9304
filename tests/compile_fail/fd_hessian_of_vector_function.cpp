// expect: ScalarFunctionOfVector
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A Hessian needs a scalar function; a vector-valued one is refused by concept name.
#include "slope/finite_difference.hpp"

int main() {
  const Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
  const Eigen::MatrixXd h = slope::fd::hessian([](const Eigen::VectorXd& v) { return Eigen::VectorXd(2 * v); }, x);
  return static_cast<int>(h.size());
}
