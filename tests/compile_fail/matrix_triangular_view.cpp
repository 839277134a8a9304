// expect: A.triangularView<Mode>\(\) of a VarMatrix: write slope::triangular_solve<Mode>\(A, b\)
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A triangular solve spelled with Eigen's view names slope::triangular_solve instead of "no
// member named 'triangularView'".
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) {
    const Eigen::Vector2d b(1.0, 2.0);
    return x.reshaped(2, 2).template triangularView<Eigen::Lower>().solve(b).sum();
  };
  return slope::gradient(f, Eigen::VectorXd::Ones(4)).size() == 4 ? 0 : 1;
}
