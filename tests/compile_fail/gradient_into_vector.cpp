// expect: slope::gradient\(f, x, g\): gradient returns the gradient
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// gradient(f, x, g) as if gradient wrote into g: that is value_and_gradient(f, x, g).
#include "slope/slope.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  Eigen::VectorXd g(2);
  slope::gradient(f, Eigen::VectorXd::Ones(2).eval(), g);
  return static_cast<int>(g.size());
}
