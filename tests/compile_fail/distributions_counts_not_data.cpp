// expect: slope::poisson_log_pmf: the counts n are data, not variables
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/distributions.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> counts = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  (void)slope::poisson_log_pmf(counts, 2.0);
  return 0;
}
