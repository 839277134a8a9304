// expect: does not satisfy 'Method'|Method<M>.+with M = double
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The method must be one of slope::optim's (or have step(x, g) and reset()); the error names
// the concept.
#include "slope/optim.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  return slope::optim::minimize(f, Eigen::VectorXd::Ones(2), 0.1).iterations;
}
