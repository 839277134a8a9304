// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Links one TU of bench/compile_time/ and checks its value and gradient: f(x) = x0 x1 +
// exp(x2) x0 at (1, 2, 3) is 2 + e^3, its gradient (x1 + e^x2, x0, e^x2 x0) = (2 + e^3, 1, e^3).
#include <cmath>
#include <cstdio>

double run(double* g);

int main() {
  double g[3] = {0.0, 0.0, 0.0};
  const double value = run(g);
  const double e = std::exp(3.0);
  const double error = std::fabs(value - (2 + e)) + std::fabs(g[0] - (2 + e)) + std::fabs(g[1] - 1) + std::fabs(g[2] - e);
  std::printf("%s", error < 1e-12 ? "" : "wrong value or gradient\n");
  return error < 1e-12 ? 0 : 1;
}
