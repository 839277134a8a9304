// expect: slope::value_and_gradient: f must be a ScalarObjective
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The same for a lambda written for Eigen::VectorXd.
#include "slope/slope.hpp"

int main() {
  const auto f = [](const Eigen::VectorXd& x) { return x.squaredNorm(); };
  const auto result = slope::value_and_gradient(f, Eigen::VectorXd::Ones(2));
  return static_cast<int>(result.gradient.size());
}
