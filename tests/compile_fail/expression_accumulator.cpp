// expect: declare it with its scalar type instead: `slope::scalar_t<decltype\(x\)> total = 0.0
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// An accumulator declared with auto from an expression holds that expression, not a number:
// assigning the loop's next expression to it names slope::scalar_t.
#include "slope/slope.hpp"

int main() {
  const auto log_likelihood = [](const auto& x) {
    using std::cos;
    const auto kappa = x[0];
    const auto mu = x[1];
    auto total = 0.0 * kappa;
    for (Eigen::Index i = 2; i < x.size(); ++i) total = total - kappa * cos(x[i] - mu);
    return total;
  };
  return slope::gradient(log_likelihood, Eigen::VectorXd::Ones(4)).size() == 4 ? 0 : 1;
}
