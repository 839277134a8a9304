// expect: both operands of an expression must have the same active type
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A Dual with 2 directions cannot be added to one with 3: the tangents would not line up.
#include "slope/slope.hpp"

int main() {
  const auto a = slope::Dual<double, 2>::variable(1.0, 0);
  const auto b = slope::Dual<double, 3>::variable(2.0, 1);
  auto c = a + b;
  return static_cast<int>(c.value());
}
