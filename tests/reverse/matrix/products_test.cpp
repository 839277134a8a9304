// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Matrix products (slope/reverse/matrix/products.hpp): one node, adjoints by matrix products.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_products {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("matrix products: one node, adjoints by matrix products", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return (mat(x, 0, 3, 3) * vec(x, 9, 3)).dot(kWeights3) + (mat(x, 0, 3, 3) * mat(x, 0, 3, 3)).trace(); },
                   {12});
  check_everywhere([](const auto& x) { return (kA43 * x).squaredNorm() + (x.transpose() * kA43.transpose() * kA43 * x).value(); }, {3});
  check_everywhere(
      [](const auto& x) {
        return (mat(x, 0, 2, 3) * kB32).sum() + (kA43 * mat(x, 0, 3, 2)).sum() + (mat(x, 0, 2, 3) * mat(x, 6, 3, 2)).squaredNorm();
      },
      {12});
  check_everywhere(
      [](const auto& x) {
        return (mat(x, 0, 2, 3).transpose() * vec(x, 6, 2)).dot(kWeights3) + ((x.head(3).array() * 2.0).matrix().transpose() * x.tail(3)).value();
      },
      {8});
}

}  // namespace test_reverse_matrix_products
