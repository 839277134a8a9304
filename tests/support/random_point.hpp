// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// A random test point: n entries uniform in [-2, 2].

#include <Eigen/Core>

#include <random>

namespace slope_test {

inline Eigen::VectorXd random_point(Eigen::Index n, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(-2.0, 2.0);
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = dist(rng);
  return x;
}

}  // namespace slope_test
