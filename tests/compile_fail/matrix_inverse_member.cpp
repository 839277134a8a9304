// expect: A.inverse\(\) of a VarMatrix: write slope::inverse\(A\)
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A matrix inverse spelled as Eigen's member names slope::inverse (an array's inverse() is
// element-wise and compiles).
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) { return x.reshaped(2, 2).inverse().sum() + x.array().inverse().sum(); };
  return slope::gradient(f, Eigen::VectorXd::Ones(4)).size() == 4 ? 0 : 1;
}
