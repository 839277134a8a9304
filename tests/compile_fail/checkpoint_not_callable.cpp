// expect: slope::checkpoint: g must be callable with the inputs
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope::checkpoint calls g with the inputs given: here g takes two arguments, one is given.
#include "slope/reverse/checkpoint.hpp"
#include "slope/slope.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const slope::Var<double> y = slope::checkpoint([](const auto& a, const auto& b) { return a.dot(b); }, x);
  return y.value() > 0.0 ? 0 : 1;
}
