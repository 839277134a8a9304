// expect: ScalarFunction
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// derivative() is for a number -> number function; a function returning a string is refused.
#include <string>

#include "slope/slope.hpp"

int main() {
  const double d = slope::derivative([](auto) { return std::string("not a number"); }, 1.0);
  return static_cast<int>(d);
}
