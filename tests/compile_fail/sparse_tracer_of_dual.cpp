// expect: slope::PatternTracer: this expression is made of another kind of slope scalar
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A PatternTracer cannot hold an expression of Duals (a body that mixes scalar types).
#include "slope/sparse.hpp"

int main() {
  const slope::Dual<double> d = slope::Dual<double>::variable(2.0);
  const slope::PatternTracer t = d * d;
  return static_cast<int>(t.value());
}
