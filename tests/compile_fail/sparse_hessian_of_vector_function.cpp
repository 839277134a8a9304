// expect: ScalarObjective
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope::sparse_hessian needs a function of a vector returning a number.
#include "slope/sparse.hpp"

int main() {
  const Eigen::SparseMatrix<double> h = slope::sparse_hessian([](const auto& x) { return x; }, Eigen::VectorXd::Ones(2));
  return static_cast<int>(h.nonZeros());
}
