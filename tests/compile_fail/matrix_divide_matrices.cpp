// expect: '/' between two matrices is not defined
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/slope.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const slope::Var<double> y = (x / x).sum();  // element-wise needs x.array() / x.array()
  return y.value() > 0 ? 0 : 1;
}
