// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The Eigen-like interface of VarVector / VarMatrix (slope/reverse/matrix/interface.hpp,
// var_matrix.hpp): plain Eigen operands on the left, iteration, fixed-size views, stableNorm,
// maxCoeff with its position, reverse, slope::dot.

#include <Eigen/Dense>

#include <numeric>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_interface {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("plain Eigen operands on the left of *, +, -, dot and element-wise products", "[reverse][matrix][interface]") {
  const auto f = [](const auto& x) {
    const auto beta = vec(x, 0, 3);
    const Eigen::VectorXd y = kA43 * kWeights3;
    return (y - kA43 * beta).squaredNorm() + slope::dot(kWeights3, beta) + (kWeights3 + beta).prod() +
           (kWeights3.array() * beta.array()).sum() + (kWeights3.transpose() * beta).value() +
           (2.0 - beta.array()).square().sum() + (kWeights3.cwiseProduct(kWeights3) - beta).sum();
  };
  check_everywhere(f, {3, -1.0, 1.0, true});
  check_second_order(f, {3, -1.0, 1.0, true});
}

const Eigen::VectorXd kSpread6 = (Eigen::VectorXd(6) << 16, 1, 1024, 4, 64, 256).finished();

TEST_CASE("iteration, fixed-size views, stableNorm, maxCoeff with its position, reverse", "[reverse][matrix][interface]") {
  const auto f = [](const auto& x) {
    using S = slope::scalar_t<decltype(x)>;
    S total = std::accumulate(x.begin(), x.end(), S(0.0), [](const S& a, const auto& b) { return S(a + b * b); });
    for (const auto& v : x) total += v * 0.5;
    // max and min of x scaled apart (x in [0.5, 2], factors 4 apart), so that no two entries
    // come near a tie, where finite differences would step across the kink.
    Eigen::Index at = -1, row = -1, col = -1;
    const auto spread = x.cwiseProduct(kSpread6);
    total += spread.maxCoeff(&at) + spread.minCoeff(&at) * 2.0 + spread.reshaped(2, 3).maxCoeff(&row, &col);
    return S(total + x.template head<2>().sum() + x.template tail<2>().prod() + x.template segment<3>(1).norm() +
             mat(x, 0, 2, 3).template block<2, 2>(0, 1).sum() + x.stableNorm() + x.reverse().dot(kWeights6));
  };
  check_everywhere(f, {6, 0.5, 2.0, true});
  check_second_order(f, {6, 0.5, 2.0, true});
  // stableNorm neither overflows nor underflows where the squares would
  const Eigen::Vector2d huge(1e200, 1e200), tiny(1e-200, 1e-200);
  const auto stable = [](const auto& x) { return x.stableNorm(); };
  CHECK(slope::value_and_gradient(stable, Eigen::VectorXd(huge)).value == slope_test::Approx(std::sqrt(2.0) * 1e200));
  CHECK(slope::gradient(stable, Eigen::VectorXd(tiny)).isApprox(Eigen::Vector2d::Constant(1 / std::sqrt(2.0)), 1e-14));
  // positions
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, kWeights6);
  Eigen::Index at = -1;
  CHECK(x.maxCoeff(&at).value() == 2.0);
  CHECK(at == 3);
  int row = -1, col = -1;
  CHECK(x.reshaped(2, 3).minCoeff(&row, &col).value() == -1.2);
  CHECK(row == 1);
  CHECK(col == 0);
  CHECK(std::distance(x.begin(), x.end()) == 6);
  CHECK((*(x.begin() + 3)).value() == 2.0);
}

}  // namespace test_reverse_matrix_interface
