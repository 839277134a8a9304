// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with slope's umbrella header (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0
// at (1, 2, 3), by slope::value_and_gradient.
#include "slope/slope.hpp"

double run(double* g) {
  const auto f = [](const auto& x) {
    using std::exp;
    return x[0] * x[1] + exp(x[2]) * x[0];
  };
  Eigen::VectorXd gradient(3);
  const double value = slope::value_and_gradient(f, Eigen::Vector3d(1.0, 2.0, 3.0), gradient);
  Eigen::Map<Eigen::Vector3d>{g} = gradient;
  return value;
}
