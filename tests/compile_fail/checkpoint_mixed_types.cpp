// expect: every active input must have the same T
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// One checkpoint records onto one tape: its active inputs share one scalar type.
#include "slope/reverse/checkpoint.hpp"

int main() {
  slope::Tape<double> tape;
  slope::Tape<float> other;
  slope::TapeScope scope(tape);
  slope::TapeScope other_scope(other);
  const slope::Var<double> a = tape.variable(1.0);
  const slope::VarVector<float> b = slope::make_variables(other, Eigen::VectorXf::Ones(3));
  const auto y = slope::checkpoint([](const auto& s, const auto& v) { return (v.array() * float(s.value())).sum(); }, a, b);
  return y.value() > 0.0 ? 0 : 1;
}
