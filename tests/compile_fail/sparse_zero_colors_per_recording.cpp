// expect: slope::SparseHessian<F, N>: N is the number of colors per recording
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A sparse Hessian evaluates at least one colour per recording.
#include "slope/sparse.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  const slope::SparseHessian<decltype(f), 0> hess(f, Eigen::VectorXd::Ones(2));
  return static_cast<int>(hess.nonZeros());
}
