// expect: does not satisfy 'GradientFunction'|GradientFunction<G>.+with G =
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The user's gradient must map an Eigen::VectorXd to a vector; one returning a double is not.
#include "slope/optim.hpp"

int main() {
  const auto f = [](const Eigen::VectorXd& x) { return x.squaredNorm(); };
  const auto g = [](const Eigen::VectorXd& x) { return x.sum(); };
  return slope::optim::minimize(f, g, Eigen::VectorXd::Ones(2), slope::optim::Adam{}).iterations;
}
