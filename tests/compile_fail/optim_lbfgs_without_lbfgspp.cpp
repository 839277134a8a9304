// expect: slope::optim::LBFGS needs LBFGSpp
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// With LBFGSpp left out, minimizing with LBFGS says what is missing.
#define SLOPE_HAVE_LBFGSPP 0
#include "slope/optim.hpp"

int main() {
  const auto f = [](const auto& x) { return x.squaredNorm(); };
  return slope::optim::minimize(f, Eigen::VectorXd::Ones(2), slope::optim::LBFGS{}).iterations;
}
