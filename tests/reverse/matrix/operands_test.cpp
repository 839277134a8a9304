// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Operands (slope/reverse/matrix/operands.hpp): plain Eigen operands are copied, Eigen::Map operands borrowed.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_operands {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("plain Eigen operands are copied when recorded, Eigen::Map operands are borrowed", "[reverse][matrix]") {
  // The constants below die when f returns, before the backward sweep: the nodes hold copies.
  const auto f = [](const VarVector<double>& x) {
    const Eigen::VectorXd target = Eigen::VectorXd::LinSpaced(x.size(), -1.0, 1.0);
    const Eigen::MatrixXd scale = 2.0 * Eigen::MatrixXd::Identity(x.size(), x.size());
    return (x - target).squaredNorm() + (scale * x).dot(target) + (x.array() * (target.array() + 1.0)).prod() +
           (x.array() * Eigen::ArrayXd::LinSpaced(x.size(), 0.0, 1.0)).sum();
  };
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(4, 0.5, 2.0);
  const Eigen::VectorXd t = Eigen::VectorXd::LinSpaced(4, -1.0, 1.0);
  const Eigen::ArrayXd u = Eigen::ArrayXd::LinSpaced(4, 0.0, 1.0);
  const Recorded r = record(f, x0);
  Eigen::VectorXd expected = 2.0 * (x0 - t) + 2.0 * t + u.matrix();
  // d prod / d x_i with a zero factor (t_0 + 1 = 0): only the zero factor's own partial survives.
  Eigen::VectorXd others = Eigen::VectorXd::Ones(4);
  for (Eigen::Index i = 0; i < 4; ++i) {
    for (Eigen::Index j = 0; j < 4; ++j) others[i] *= j == i ? (t[j] + 1.0) : x0[j] * (t[j] + 1.0);
  }
  expected += others;
  CHECK(r.gradient.isApprox(expected, 1e-14));

  // A Map is read again by the backward pass: the memory it views must still be alive.
  const Eigen::VectorXd data = kWeights6;
  const Eigen::Map<const Eigen::VectorXd> view(data.data(), data.size());
  const Recorded mapped = record([&](const VarVector<double>& x) { return (x.array() * view.array()).square().sum(); }, kWeights3.replicate(2, 1));
  CHECK(mapped.gradient.isApprox((2.0 * kWeights3.replicate(2, 1).array() * data.array().square()).matrix(), 1e-14));
}

}  // namespace test_reverse_matrix_operands
