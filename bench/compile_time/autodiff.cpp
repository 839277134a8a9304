// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with autodiff (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3).
#include <autodiff/reverse/var.hpp>

double run(double* g) {
  autodiff::var x0 = 1.0, x1 = 2.0, x2 = 3.0;
  autodiff::var y = x0 * x1 + exp(x2) * x0;
  const auto [d0, d1, d2] = autodiff::derivatives(y, autodiff::wrt(x0, x1, x2));
  g[0] = d0;
  g[1] = d1;
  g[2] = d2;
  return autodiff::val(y);
}
