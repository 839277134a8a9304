// expect: N is the number of tangent directions and must be at least 1
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/slope.hpp"

int main() {
  slope::Dual<double, 0> x = 1.0;
  return static_cast<int>(x.value());
}
