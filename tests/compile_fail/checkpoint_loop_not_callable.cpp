// expect: slope::checkpoint_loop: step must be callable as step\(state, k, params...\)
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// checkpoint_loop calls step(state, k, params...): this step forgets the step index k.
#include "slope/reverse/checkpoint.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(3));
  const auto step = [](const auto& state) { return (0.5 * state).eval(); };
  const slope::VarVector<double> y = slope::checkpoint_loop(step, x, {.steps = 10, .snapshots = 2});
  return y.size() == 3 ? 0 : 1;
}
