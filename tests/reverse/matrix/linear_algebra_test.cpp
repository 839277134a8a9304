// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Solves and log-determinants (slope/reverse/matrix/linear_algebra.hpp).

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_linear_algebra {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("linear solves and log-determinants reuse their factorization", "[reverse][matrix]") {
  // x = (A as 3x3, b); A is shifted to be well conditioned (and, for Cholesky, positive definite).
  check_everywhere(
      [](const auto& x) {
        return slope::solve(mat(x, 0, 3, 3) + kShift3, vec(x, 9, 3)).dot(kWeights3) + slope::solve(mat(x, 0, 3, 3) + kShift3, kWeights3).sum() +
               slope::solve(kShift3, x.tail(3)).sum();
      },
      {12});
  check_everywhere([](const auto& x) { return slope::solve(mat(x, 0, 3, 3) + kShift3, mat(x, 9, 3, 2)).sum(); }, {15});
  // Cholesky reads the lower triangle only; so do its derivatives (finite differences agree).
  check_everywhere(
      [](const auto& x) {
        const auto m = mat(x, 0, 3, 3);
        return slope::solve_spd(m + kShift3, vec(x, 9, 3)).dot(kWeights3) + slope::solve_spd(m * m.transpose() + kShift3, kWeights3).sum();
      },
      {12});
  check_everywhere([](const auto& x) { return slope::log_determinant(mat(x, 0, 3, 3) + kShift3) + slope::log_determinant_spd(mat(x, 0, 3, 3) + kShift3); },
                   {9});
  check_everywhere([](const auto& x) { return slope::log_determinant(mat(x, 0, 3, 3)); }, {9, 0.5, 2.0, true});
}

}  // namespace test_reverse_matrix_linear_algebra
