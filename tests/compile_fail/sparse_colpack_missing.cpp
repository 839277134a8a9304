// expect: slope::ColPackColoring needs ColPack
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// With ColPack left out, colouring with it says what is missing and what to use instead.
#define SLOPE_HAVE_COLPACK 0
#include "slope/sparse/colpack.hpp"
#include "slope/sparse/hessian.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  const slope::SparseHessian hess(f, Eigen::VectorXd::Ones(3), slope::HessianPart::full, slope::ColPackColoring{});
  return static_cast<int>(hess.nonZeros());
}
