// expect: slope::checkpoint: g must return a Var, a VarVector or VarMatrix, or an expression of them
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A checkpointed g returns an active value: a plain number has no derivative to propagate.
#include "slope/reverse/checkpoint.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const auto y = slope::checkpoint([](const slope::VarVector<double>& a) { return a.values().sum(); }, x);
  return y.value() > 0.0 ? 0 : 1;
}
