// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Vector functions (slope/reverse/matrix/vector_functions.hpp): log_sum_exp and softmax.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_vector_functions {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("log_sum_exp and softmax", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return slope::log_sum_exp(x) + slope::log_sum_exp(x.array() * 2.0 - 1.0); }, {6, -3.0, 3.0});
  check_everywhere([](const auto& x) { return slope::softmax(x).dot(kWeights6); }, {6, -3.0, 3.0});
}

}  // namespace test_reverse_matrix_vector_functions
