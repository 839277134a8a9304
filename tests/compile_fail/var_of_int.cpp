// expect: slope::Var<T>: T must be a floating-point type
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/slope.hpp"

int main() {
  slope::Var<int> x = 1;
  return x.value();
}
