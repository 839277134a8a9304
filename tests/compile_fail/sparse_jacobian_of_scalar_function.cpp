// expect: VectorFunction
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope::SparseJacobian needs a function of a vector returning a vector.
#include "slope/sparse.hpp"

int main() {
  const auto f = [](const auto& x) { return x.sum(); };
  const slope::SparseJacobian jac(f, Eigen::VectorXd::Ones(2));
  return static_cast<int>(jac.nonZeros());
}
