// expect: slope::checkpoint_loop: x0 must be a VarVector \(or an Eigen vector, a constant\)
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The state of a checkpointed loop is a vector; a scalar state is a vector of size 1.
#include "slope/reverse/checkpoint.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::Var<double> x = tape.variable(1.0);
  const auto step = [](const auto& state, std::size_t) { return 0.5 * state; };
  const auto y = slope::checkpoint_loop(step, x, {.steps = 10, .snapshots = 2});
  return y.value() > 0.0 ? 0 : 1;
}
