// expect: slope::checkpoint: an Eigen matrix of Vars cannot be an input
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// checkpoint copies its inputs' values and indices: an Eigen matrix of Vars has neither in one
// place; it is passed as a VarMatrix (slope::to_var_matrix).
#include "slope/reverse/checkpoint.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const slope::Var<double> s = tape.variable(2.0);
  const slope::Var<double> y = slope::checkpoint([](const auto& a, const auto& b) { return a.sum() * b; }, x.to_eigen(), s);
  return y.value() > 0.0 ? 0 : 1;
}
