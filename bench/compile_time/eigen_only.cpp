// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The baseline of bench/compile_time.sh: <Eigen/Dense> alone and the gradient of
// f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3) written by hand.
#include <Eigen/Dense>

#include <cmath>

double run(double* g) {
  const Eigen::Vector3d x(1.0, 2.0, 3.0);
  const double e = std::exp(x[2]);
  Eigen::Map<Eigen::Vector3d> gradient(g);
  gradient = Eigen::Vector3d(x[1] + e, x[0], e * x[0]);
  return x[0] * x[1] + e * x[0];
}
