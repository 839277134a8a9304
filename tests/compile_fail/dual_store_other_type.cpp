// expect: made of a different kind of dual
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// An expression of Dual<double, 2> cannot be stored in a Dual<double, 3>.
#include "slope/slope.hpp"

int main() {
  const auto a = slope::Dual<double, 2>::variable(1.0, 0);
  const slope::Dual<double, 3> c = a * 2.0;
  return static_cast<int>(c.value());
}
