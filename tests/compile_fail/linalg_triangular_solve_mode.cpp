// expect: UpLo must be Eigen::Lower or Eigen::Upper
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/linalg.hpp"

int main() {
  const Eigen::MatrixXd t = Eigen::MatrixXd::Identity(3, 3);
  const Eigen::VectorXd b = Eigen::VectorXd::Ones(3);
  const Eigen::VectorXd x = slope::triangular_solve<Eigen::UnitLower>(t, b);  // UnitLower is not a triangle to read
  return x.size() == 3 ? 0 : 1;
}
