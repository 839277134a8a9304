// expect: ScalarObjective
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// gradient_forward needs a function of a vector; an int is not one, and the error names the
// concept it fails.
#include "slope/slope.hpp"

int main() {
  const Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
  const Eigen::VectorXd g = slope::gradient_forward(42, x);
  return static_cast<int>(g.size());
}
