// expect: cannot be assigned or updated .*declare it with its scalar type instead
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// `auto s = x[0] * 0.0; s += ...`: the accumulator holds an expression, and += on it names
// the fix (the same as for =) instead of "no viable overloaded '+='".
#include "slope/slope.hpp"

int main() {
  const auto sum_of_squares = [](const auto& x) {
    auto s = x[0] * 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) s += x[i] * x[i];
    return s;
  };
  return slope::gradient(sum_of_squares, Eigen::VectorXd::Ones(4)).size() == 4 ? 0 : 1;
}
