// expect: slope::checkpoint_loop: step must also take an Eigen vector state
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// checkpoint_loop advances without recording by calling step on Eigen vectors: a step that
// only takes a VarVector cannot do that.
#include "slope/reverse/checkpoint.hpp"
#include "slope/slope.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const auto step = [](const slope::VarVector<double>& state, std::size_t) { return (0.5 * state).eval(); };
  const slope::VarVector<double> y = slope::checkpoint_loop(step, x, {.steps = 10, .snapshots = 2});
  return y.size() == 3 ? 0 : 1;
}
