// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Element access and views (slope/reverse/matrix/views.hpp, var_matrix.hpp).

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_views {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("element access hands out Vars, views share indices or gather", "[reverse][matrix]") {
  check_everywhere(
      [](const auto& x) {
        ScalarOf<decltype(x)> s = 0.0;
        for (Eigen::Index i = 0; i + 1 < x.size(); ++i) s += 100.0 * slope::square(x[i + 1] - x(i) * x[i]) + slope::square(1.0 - x[i]);
        return s;
      },
      {6});
  check_everywhere(
      [](const auto& x) {
        const auto m = x.reshaped(3, 4);
        return m(1, 2) * m(2, 3) + m.row(1).squaredNorm() + m.col(2).sum() * m.block(1, 1, 2, 2).sum() + m.rightCols(2).prod() +
               (m.topRows(2).array() * m.bottomRows(2).array()).sum() + m.middleRows(1, 1).sum() + m.middleCols(1, 2).norm() +
               x.segment(1, 3).squaredNorm() * x.head(2).sum() + x.tail(2).prod();
      },
      {12});
  // maxCoeff and minCoeff hand out the Var of the extreme element (well separated here).
  const Eigen::VectorXd spread = (Eigen::VectorXd(6) << 0.0, 6.0, -6.0, 12.0, -12.0, 3.0).finished();
  check_everywhere([&](const auto& x) { return (x + spread).maxCoeff() * (x - spread).minCoeff(); }, {6});
}

}  // namespace test_reverse_matrix_views
