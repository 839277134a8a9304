// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with Adept-2 (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3).
#include <adept.h>

double run(double* g) {
  adept::Stack stack;
  adept::adouble x0 = 1.0, x1 = 2.0, x2 = 3.0;
  stack.new_recording();
  adept::adouble y = x0 * x1 + exp(x2) * x0;
  y.set_gradient(1.0);
  stack.reverse();
  g[0] = x0.get_gradient();
  g[1] = x1.get_gradient();
  g[2] = x2.get_gradient();
  return y.value();
}
