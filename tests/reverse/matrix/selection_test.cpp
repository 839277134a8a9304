// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Comparisons and select (slope/reverse/matrix/selection.hpp), cwiseMax/cwiseMin and array
// max/min: the branch each element takes, in every mode.

#include <Eigen/Dense>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_selection {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

// On first use, not at static initialization: kWeights6 is an inline variable of another
// header, which clang++ may initialize after this file's constants when the test files are
// compiled together.
const Eigen::VectorXd& thresholds6() {
  static const Eigen::VectorXd thresholds = 0.02 * kWeights6;
  return thresholds;
}

TEST_CASE("Eigen's spelling condition.select(a, b) takes active branches", "[reverse][matrix][select]") {
  // The body as written for Eigen arrays: on double and Dual it is Eigen's select, on a
  // VarVector the comparison's result selects between active branches (one fused node).
  const auto f = [](const auto& x) {
    const auto a = vec(x, 0, 6);
    const auto leaky = (a.array() > 0.0).select(a.array(), 0.1 * a.array());
    const auto halves = (a.array() > 0.0).select(0.5 * a.array().square(), a.array().abs() - 0.5);
    const auto to_data = (a.array() < thresholds6().array()).select(kWeights6.array() * a.array(), kWeights6.array());
    return leaky.sum() + halves.sum() + to_data.square().sum() + (a.array() >= x[6] * 0.02).select(a.array().exp(), 0.0).sum();
  };
  // |a| in [0.1, 2] with either sign, the switches within 0.04 of zero: as in the case below
  check_everywhere(f, {7, 0.1, 2.0, true});
  check_second_order(f, {7, 0.1, 2.0, true});
  // against the hand-written branches
  const Eigen::VectorXd x = (Eigen::VectorXd(7) << 1.5, -1.0, 0.5, -0.25, 2.0, -3.0, 10.0).finished();
  const Eigen::VectorXd g = slope::gradient([](const auto& v) { return (v.array() > 0.0).select(v.array().square(), -v.array()).sum(); }, x);
  CHECK(g == (Eigen::VectorXd(7) << 3.0, -1, 1.0, -1, 4.0, -1, 20.0).finished());
}

TEST_CASE("select takes each element from the branch its condition picks", "[reverse][matrix][select]") {
  const auto f = [](const auto& x) {
    const auto a = vec(x, 0, 6);
    const auto relu = slope::select(a.array() > 0.0, a.array(), 0.0);
    // Thresholds within 0.04 of zero and |a| >= 0.1: no sample point lies near a switch,
    // where finite differences would step across it.
    const auto mixed = slope::select(a.array() < thresholds6().array(), a.array().square(), kWeights6.array() * a.array());
    const auto scalar_else = slope::select(a.array() >= x[6] * 0.02, a.array().exp(), x[6]);
    return relu.sum() + mixed.sum() + scalar_else.sum() + slope::select(a.array() != 0.0, 2.0, a.array()).sum();
  };
  // |a| in [0.1, 2] with either sign: away from the switching points, where the derivative
  // is that of one branch
  check_everywhere(f, {7, 0.1, 2.0, true});
  check_second_order(f, {7, 0.1, 2.0, true});
  // the gradient at a point where some elements are negative: relu' = 0 there
  const Eigen::VectorXd x = (Eigen::VectorXd(7) << 1.0, -1.0, 0.5, -0.25, 2.0, -3.0, 10.0).finished();
  const Eigen::VectorXd g = slope::gradient([](const auto& v) { return slope::select(v.array() > 0.0, v.array(), 0.0).sum(); }, x);
  CHECK(g == (Eigen::VectorXd(7) << 1, 0, 1, 0, 1, 0, 1).finished());
  // comparisons give the values' boolean array
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> v = slope::make_variables(tape, x);
  const Eigen::Array<bool, -1, -1> positive = v.array() > 0.0;
  CHECK(positive.count() == 4);
  CHECK((v.array() <= v.array()).all());
  CHECK(((v.array() * 2.0) == (x.array() * 2.0)).all());
  CHECK_THROWS_AS(slope::select(positive, v.head(2).array(), 0.0), std::invalid_argument);
}

TEST_CASE("cwiseMax, cwiseMin and array max/min with numbers and matrices", "[reverse][matrix][select]") {
  const auto f = [](const auto& x) {
    const auto a = vec(x, 0, 6);
    // the switches (at 0.05, within 0.04 of zero, at 0 and 4) away from |a| in [0.1, 2]
    return a.cwiseMax(0.05).sum() + a.cwiseMin(thresholds6()).squaredNorm() + a.array().max(x[6] * 0.02).sum() +
           a.array().min(0.25 * a.array().square()).sum();
  };
  check_everywhere(f, {7, 0.1, 2.0, true});
  check_second_order(f, {7, 0.1, 2.0, true});
  // a tie picks the left side, as max(x, y) does
  const Eigen::Vector2d tie(1.0, 1.0);
  CHECK(slope::gradient([](const auto& v) { return v.head(1).cwiseMax(v.tail(1)).sum(); }, Eigen::VectorXd(tie)) ==
        Eigen::Vector2d(1.0, 0.0));
}

}  // namespace test_reverse_matrix_selection
