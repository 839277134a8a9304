// expect: does not satisfy 'DifferentiableObjective'|DifferentiableObjective<F, slope::Var<double> ?>.+with F =
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// minimize without a gradient differentiates f by AD: f must accept a vector of Var<double>,
// and one written for Eigen::VectorXd only does not; the error names the concept.
#include "slope/optim.hpp"

int main() {
  const auto f = [](const Eigen::VectorXd& x) { return x.squaredNorm(); };
  return slope::optim::minimize(f, Eigen::VectorXd::Ones(2), slope::optim::Adam{}).iterations;
}
