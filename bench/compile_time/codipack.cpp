// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with CoDiPack (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3).
#include <codi.hpp>

double run(double* g) {
  using Real = codi::RealReverse;
  auto& tape = Real::getTape();
  tape.setActive();
  Real x0 = 1.0, x1 = 2.0, x2 = 3.0;
  tape.registerInput(x0);
  tape.registerInput(x1);
  tape.registerInput(x2);
  Real y = x0 * x1 + exp(x2) * x0;
  tape.registerOutput(y);
  tape.setPassive();
  y.setGradient(1.0);
  tape.evaluate();
  g[0] = x0.getGradient();
  g[1] = x1.getGradient();
  g[2] = x2.getGradient();
  tape.reset();
  return y.getValue();
}
