// expect: slope::gradient: f must be a ScalarObjective.*Write f generic in its scalar.*slope::eigen_input
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A function of double only has no derivatives slope can take: the message says what to write.
#include "slope/slope.hpp"

double energy(const Eigen::VectorXd& x) { return x.squaredNorm(); }

int main() {
  const Eigen::VectorXd g = slope::gradient(energy, Eigen::VectorXd::Ones(2));
  return static_cast<int>(g.size());
}
