// expect: value_and_gradient\(f, x, g\): g cannot take the gradient
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The gradient written into a vector of float: g must be a contiguous column of double.
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  Eigen::VectorXf g(2);
  const double value = slope::value_and_gradient(f, Eigen::VectorXd::Ones(2), g);
  return static_cast<int>(value);
}
