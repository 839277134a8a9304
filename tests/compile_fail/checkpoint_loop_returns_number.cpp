// expect: slope::checkpoint_loop: step, called with an Eigen vector to advance without recording, must return an Eigen vector
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// step returns the next state, a vector of x0's size: not a number.
#include "slope/reverse/checkpoint.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const auto step = [](const auto& state, std::size_t) { return state.sum(); };
  const slope::VarVector<double> y = slope::checkpoint_loop(step, x, {.steps = 10, .snapshots = 2});
  return y.size() == 3 ? 0 : 1;
}
