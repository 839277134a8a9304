// expect: both operands of an expression must have the same active type
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A reverse-mode Var and a forward-mode Dual cannot meet in one expression.
#include "slope/slope.hpp"

int main() {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const slope::Var<double> x = tape.variable(1.0);
  const auto d = slope::Dual<double>::variable(2.0);
  const slope::Var<double> y = x + d;
  return static_cast<int>(y.value());
}
