// expect: slope::VarMatrix::unaryExpr: f must be generic in its scalar
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// unaryExpr differentiates f with a dual number: a lambda of double is named.
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) { return x.unaryExpr([](double v) { return v * v; }).sum(); };
  return static_cast<int>(slope::gradient(f, Eigen::VectorXd::Ones(3)).size());
}
