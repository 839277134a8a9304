// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One gradient with XAD (bench/compile_time.sh): f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3).
#include <XAD/XAD.hpp>

double run(double* g) {
  using Active = xad::AReal<double>;
  xad::Tape<double> tape;
  Active x0 = 1.0, x1 = 2.0, x2 = 3.0;
  tape.registerInput(x0);
  tape.registerInput(x1);
  tape.registerInput(x2);
  tape.newRecording();
  Active y = x0 * x1 + exp(x2) * x0;
  tape.registerOutput(y);
  xad::derivative(y) = 1.0;
  tape.computeAdjoints();
  g[0] = xad::derivative(x0);
  g[1] = xad::derivative(x1);
  g[2] = xad::derivative(x2);
  return xad::value(y);
}
