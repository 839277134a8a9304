// expect: T must be a floating-point type
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Integers have no derivatives: Dual<int> is rejected with a sentence naming the fix.
#include "slope/slope.hpp"

int main() {
  slope::Dual<int> x = 1;
  return static_cast<int>(x.value());
}
