// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The Eigen-like interface of VarVector / VarMatrix (slope/reverse/matrix/interface.hpp,
// var_matrix.hpp): plain Eigen operands on the left, iteration, fixed-size views, stableNorm,
// maxCoeff with its position, reverse, slope::dot, lpNorm, normalized, elements of expressions.

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

TEST_CASE("lpNorm, normalized, diagonal, corners, cross, logistic, rsqrt and the elements of expressions, as Eigen spells them",
          "[reverse][matrix][interface]") {
  const auto f = [](const auto& x) {
    using S = slope::scalar_t<decltype(x)>;
    // |entries| 4 apart at most and factors 4 apart: no ties of the largest; signs mixed
    const Eigen::VectorXd factors = kSpread6.cwiseProduct(Eigen::VectorXd(Eigen::Vector<double, 6>(1, -1, 1, -1, 1, -1)));
    const auto spread = x.cwiseProduct(factors);
    const auto scaled = (2.0 * x.array()).exp() / x.array().exp().sum();
    const Eigen::Vector3d fixed3(0.3, -1.2, 0.7);  // Eigen's cross needs sizes fixed at compile time
    return S(spread.template lpNorm<1>() + spread.template lpNorm<2>() + spread.template lpNorm<3>() +
             spread.template lpNorm<Eigen::Infinity>() + x.normalized().dot(kWeights6) + scaled(1) + scaled[4] +
             (x.reshaped(2, 3) * 0.5)(1, 2) + (x * x.transpose())(2, 3) + x.reshaped(2, 3).diagonal().dot(kWeights3.head(2)) +
             (x * x.transpose()).diagonal().prod() + mat(x, 0, 3, 2).bottomRightCorner(2, 1).sum() +
             mat(x, 0, 3, 2).topRightCorner(1, 1).sum() * mat(x, 0, 3, 2).bottomLeftCorner(2, 2).squaredNorm() +
             mat(x, 0, 3, 2).topLeftCorner(2, 1).prod() + x.array().logistic().sum() + (x.array().square() + 1.0).rsqrt().sum() +
             x.template head<3>().cross(x.template tail<3>()).dot(kWeights3) + x.template segment<3>(1).cross(fixed3).squaredNorm() +
             x.template head<3>().transpose().cross(fixed3.transpose()).sum());
  };
  check_everywhere(f, {6, 0.5, 2.0, true});
  check_second_order(f, {6, 0.5, 2.0, true});
  // values against the plain formulas
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, kWeights6);
  const Eigen::VectorXd w = kWeights6;
  CHECK(x.lpNorm<1>().value() == slope_test::Approx(w.lpNorm<1>()).epsilon(1e-15));
  CHECK(x.lpNorm<3>().value() == slope_test::Approx(w.lpNorm<3>()).epsilon(1e-14));
  CHECK(x.lpNorm<Eigen::Infinity>().value() == w.lpNorm<Eigen::Infinity>());
  CHECK(x.normalized().values().isApprox(w.normalized(), 1e-15));
  CHECK((x.array() * 2.0)(3).value() == 2.0 * w(3));
  const Eigen::MatrixXd m = w.reshaped(3, 2);
  CHECK(x.reshaped(3, 2).diagonal().values() == m.diagonal());
  CHECK(x.reshaped(2, 3).transpose().diagonal().values() == w.reshaped(2, 3).transpose().diagonal());
  CHECK(x.reshaped(3, 2).bottomRightCorner(2, 2).values() == m.bottomRightCorner(2, 2));
  CHECK(x.reshaped(3, 2).topRightCorner(2, 1).values() == m.topRightCorner(2, 1));
  CHECK(x.array().logistic().matrix().values().isApprox((1.0 / (1.0 + (-w.array()).exp())).matrix(), 1e-15));
  CHECK(x.head(3).cross(x.tail(3)).values() == w.head<3>().cross(w.tail<3>()));
  CHECK_THROWS_WITH(x.head(2).cross(x.tail(3)), slope_test::Contains("slope::cross"));
  // the diagonal's adjoint lands on the diagonal only
  tape.backward(Var<double>(x.reshaped(3, 2).diagonal().sum()));
  CHECK(x.adjoints() == (Eigen::VectorXd(6) << 1, 0, 0, 0, 1, 0).finished());
  // tests of the values, as Eigen's
  const VarVector<double> with_nan = slope::make_variables(tape, Eigen::Vector3d(1.0, std::nan(""), INFINITY));
  CHECK(x.allFinite());
  CHECK_FALSE(x.hasNaN());
  CHECK_FALSE(with_nan.allFinite());
  CHECK(with_nan.hasNaN());
  CHECK((with_nan.array().isFinite() == Eigen::Array<bool, 3, 1>(true, false, false)).all());
  CHECK((with_nan.array().isNaN() == Eigen::Array<bool, 3, 1>(false, true, false)).all());
  CHECK((with_nan.array().isInf() == Eigen::Array<bool, 3, 1>(false, false, true)).all());
  // A zero vector is returned as it is, as Eigen does (so the derivative is the identity's).
  const auto normalized_sum = [](const auto& v) { return slope::scalar_t<decltype(v)>(v.normalized().sum()); };
  CHECK(slope::gradient(normalized_sum, Eigen::VectorXd::Zero(3)) == Eigen::VectorXd::Ones(3));
  CHECK(slope::gradient_forward(normalized_sum, Eigen::VectorXd::Zero(3)) == Eigen::VectorXd::Ones(3));
  const VarVector<double> empty = slope::make_variables(tape, Eigen::VectorXd(0));
  CHECK(empty.lpNorm<1>().value() == 0.0);
  CHECK_THROWS_WITH(empty.lpNorm<Eigen::Infinity>(), slope_test::Contains("slope::lpNorm<Eigen::Infinity>"));
}

}  // namespace test_reverse_matrix_interface
