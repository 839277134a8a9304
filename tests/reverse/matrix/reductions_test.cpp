// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Reductions (slope/reverse/matrix/reductions.hpp): sum, mean, prod, norms, dot, trace, and their edge cases.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_reductions {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("reductions: sum, mean, prod, squaredNorm, norm, dot, trace", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return x.sum() * x.mean() + x.prod() + x.squaredNorm() + x.norm(); }, {5, 0.5, 1.5, true});
  check_everywhere([](const auto& x) { return x.head(3).dot(x.tail(3)) + x.dot(kWeights6) + x.reshaped(2, 3).trace(); }, {6});
  check_everywhere([](const auto& x) { return x.dot(x) * x.reshaped(3, 2).prod(); }, {6});
  // prod's backward divides the product by each element when it is finite and not zero, and
  // forms prefix and suffix products otherwise: both, to second order.
  check_second_order([](const auto& x) { return x.prod() + (x.array() * 2.0).prod(); }, {5, 0.5, 1.5, true});
  const Eigen::VectorXd with_zero = (Eigen::VectorXd(4) << 2.0, 0.0, -3.0, 0.5).finished();
  const auto prod = [](const auto& x) { return x.prod(); };
  CHECK(slope::gradient(prod, with_zero) == (Eigen::VectorXd(4) << 0.0, -3.0, 0.0, 0.0).finished());
  CHECK(slope::hessian(prod, with_zero).isApprox(slope::hessian_forward(prod, with_zero)));
}

TEST_CASE("edge cases: norm at 0, prod with zeros, log-sum-exp of huge values", "[reverse][matrix]") {
  const Recorded at_zero = record([](const auto& x) { return x.norm(); }, Eigen::VectorXd::Zero(4));
  CHECK(at_zero.value == 0.0);
  CHECK(at_zero.gradient == Eigen::VectorXd::Zero(4));

  Eigen::VectorXd one_zero(4);
  one_zero << 2.0, 0.0, 3.0, -1.5;
  const Recorded prod1 = record([](const auto& x) { return x.prod(); }, one_zero);
  CHECK(prod1.value == 0.0);
  CHECK(prod1.gradient == Eigen::Vector4d(0.0, -9.0, 0.0, 0.0));
  Eigen::VectorXd two_zeros = one_zero;
  two_zeros[2] = 0.0;
  CHECK(record([](const auto& x) { return x.prod(); }, two_zeros).gradient == Eigen::VectorXd::Zero(4));

  Eigen::VectorXd huge(3);
  huge << 1000.0, 1000.0, 0.0;
  const Recorded lse = record([](const auto& x) { return slope::log_sum_exp(x); }, huge);
  CHECK(lse.value == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  CHECK(lse.gradient[0] == Approx(0.5).epsilon(1e-12));
  CHECK(lse.gradient[1] == Approx(0.5).epsilon(1e-12));
  CHECK(lse.gradient[2] == Approx(0.0).margin(1e-300));
  CHECK(slope::log_sum_exp(huge) == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  const Eigen::VectorXd soft = slope::softmax(huge);
  CHECK(soft[0] == Approx(0.5).epsilon(1e-12));
  Eigen::VectorXd very_negative(2);
  very_negative << -1000.0, -1001.0;
  CHECK(record([](const auto& x) { return slope::log_sum_exp(x); }, very_negative).gradient.sum() == Approx(1.0).epsilon(1e-12));

  // A zero weight meets an infinite partial (sqrt at 0): the contribution is 0, not NaN.
  Eigen::VectorXd with_zero(3);
  with_zero << 0.0, 1.0, 4.0;
  const Eigen::VectorXd mask = Eigen::Vector3d(0.0, 1.0, 1.0);
  const Recorded masked = record([&](const auto& x) { return (x.array().sqrt() * mask.array()).sum(); }, with_zero);
  CHECK(masked.gradient == Eigen::Vector3d(0.0, 0.5, 0.25));
  // The same through a stored result (the partial then comes from the stored sqrt).
  const Recorded stored = record([&](const auto& x) { return (x.array().sqrt().eval().array() * mask.array()).sum(); }, with_zero);
  CHECK(stored.gradient == Eigen::Vector3d(0.0, 0.5, 0.25));
}

}  // namespace test_reverse_matrix_reductions
