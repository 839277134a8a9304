// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The extended Rosenbrock function f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, generic
// in its scalar, with its hand-written gradient and Hessian: the reference that tests and
// benchmarks compare slope's derivatives with.

#include <Eigen/Core>

#include <type_traits>

#include "slope/core/functions.hpp"

namespace slope_test {

inline const auto rosenbrock = [](const auto& x) {
  typename std::decay_t<decltype(x)>::Scalar sum = 0.0;
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    sum += 100.0 * slope::square(x[i + 1] - x[i] * x[i]) + slope::square(1.0 - x[i]);
  }
  return sum;
};

inline Eigen::VectorXd rosenbrock_gradient(const Eigen::VectorXd& x) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(x.size());
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    const double t = x[i + 1] - x[i] * x[i];
    g[i] += -400.0 * t * x[i] - 2.0 * (1.0 - x[i]);
    g[i + 1] += 200.0 * t;
  }
  return g;
}

inline Eigen::MatrixXd rosenbrock_hessian(const Eigen::VectorXd& x) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i + 1 < n; ++i) {
    h(i, i) += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
    h(i, i + 1) += -400.0 * x[i];
    h(i + 1, i) += -400.0 * x[i];
    h(i + 1, i + 1) += 200.0;
  }
  return h;
}

}  // namespace slope_test
