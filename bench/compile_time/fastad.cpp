// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with FastAD (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3).
#include <fastad>

double run(double* g) {
  ad::Var<double> x0(1.0), x1(2.0), x2(3.0);
  auto expression = ad::bind(x0 * x1 + ad::exp(x2) * x0);
  const double value = ad::autodiff(expression);
  g[0] = x0.get_adj();
  g[1] = x1.get_adj();
  g[2] = x2.get_adj();
  return value;
}
