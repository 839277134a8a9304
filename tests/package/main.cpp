// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A program a user of slope would write. tests/package/ builds it against an
// installed slope, through add_subdirectory and through FetchContent.
#include "slope/slope.hpp"

#include <cstdio>

int main() {
  const double slope_at_3 = slope::derivative([](auto x) { return x * x; }, 3.0);
  if (slope_at_3 != 6.0) {
    std::fprintf(stderr, "d/dx x^2 at 3: expected 6, got %g\n", slope_at_3);
    return 1;
  }
  return 0;
}
