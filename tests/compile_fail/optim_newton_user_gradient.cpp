// expect: Newton needs the Hessian by automatic differentiation
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Newton computes its Hessian by AD, so it cannot run on a user-supplied gradient.
#include "slope/optim.hpp"

int main() {
  const auto f = [](const Eigen::VectorXd& x) { return x.squaredNorm(); };
  const auto g = [](const Eigen::VectorXd& x) -> Eigen::VectorXd { return 2.0 * x; };
  return slope::optim::minimize(f, g, Eigen::VectorXd::Ones(2), slope::optim::Newton{}).iterations;
}
