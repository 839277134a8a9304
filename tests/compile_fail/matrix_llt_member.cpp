// expect: A.llt\(\) / A.ldlt\(\) of a VarMatrix: write slope::solve_spd\(A, b\)
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Eigen's member spelling of a Cholesky solve on a VarMatrix names slope's node instead of
// "no member named 'llt'".
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) {
    const auto a = x.reshaped(2, 2);
    const Eigen::Vector2d b(1.0, 2.0);
    return (a * a.transpose()).llt().solve(b).sum();
  };
  return slope::gradient(f, Eigen::VectorXd::Ones(4)).size() == 4 ? 0 : 1;
}
