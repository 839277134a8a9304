// expect: f must also accept a vector of Var<Dual<double, 4>>
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Newton's Hessian needs f generic in its scalar type; one written for Var<double> only is not.
#include "slope/optim.hpp"

int main() {
  const auto f = [](const slope::Vector<slope::Var<double>>& x) { return slope::Var<double>(x[0] * x[0]); };
  return slope::optim::minimize(f, Eigen::VectorXd::Ones(1), slope::optim::Newton{}).iterations;
}
