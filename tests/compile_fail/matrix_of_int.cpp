// expect: slope::VarMatrix<T>: T must be a floating-point type
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/slope.hpp"

int main() {
  const slope::VarMatrix<int> m;
  return static_cast<int>(m.rows());
}
