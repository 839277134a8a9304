// expect: ScalarObjective
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope::gradient needs a function of a vector returning a number.
#include "slope/slope.hpp"

int main() {
  const Eigen::VectorXd g = slope::gradient([](const auto& x) { return x; }, Eigen::VectorXd::Ones(2));
  return static_cast<int>(g.size());
}
