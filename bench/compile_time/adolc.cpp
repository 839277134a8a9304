// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with ADOL-C (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3).
#include <adolc/adolc.h>

double run(double* g) {
  double value = 0.0;
  const double x[3] = {1.0, 2.0, 3.0};
  trace_on(1);
  adouble x0, x1, x2;
  x0 <<= x[0];
  x1 <<= x[1];
  x2 <<= x[2];
  adouble y = x0 * x1 + exp(x2) * x0;
  y >>= value;
  trace_off();
  gradient(1, 3, x, g);
  return value;
}
