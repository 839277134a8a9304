// expect: slope::multi_normal_cholesky_log_pdf: L must be the d x d lower-triangular Cholesky factor
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/distributions.hpp"

int main() {
  const Eigen::VectorXd y = Eigen::VectorXd::Ones(3);
  (void)slope::multi_normal_cholesky_log_pdf(y, 0.0, 2.0);
  return 0;
}
