// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The points the functional API takes (slope/functional/arguments.hpp): matrices, float
// vectors, std::vector, plain numbers and several arguments at once, each derivative in the
// point's type, against hand-written derivatives and forward mode.

#include <Eigen/Dense>

#include <tuple>
#include <type_traits>
#include <vector>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_functional_arguments {

namespace {

const Eigen::MatrixXd kA = (Eigen::MatrixXd(3, 2) << 0.5, -1.0, 2.0, 0.25, -0.75, 1.5).finished();
const Eigen::VectorXd kB = Eigen::Vector2d(0.8, -0.3);

// f(A, b) = |A b|^2 + sum(b): df/dA = 2 (A b) b^T, df/db = 2 A^T A b + 1.
const auto quadratic = [](const auto& a, const auto& b) { return (a * b).squaredNorm() + b.sum(); };

// A function written the classic Eigen way: a template on the expression type.
struct Energy {
  template <class D>
  typename D::Scalar operator()(const Eigen::MatrixBase<D>& x) const {
    return x.squaredNorm() * 0.5 + x.prod();
  }
};

}  // namespace

TEST_CASE("gradients in several arguments come back as a tuple shaped like them", "[functional][arguments]") {
  const auto [value, gradients] = slope::value_and_gradient(quadratic, kA, kB);
  const auto& [da, db] = gradients;
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(da)>, Eigen::MatrixXd>);
  CHECK(value == slope_test::Approx((kA * kB).squaredNorm() + kB.sum()));
  CHECK(da.isApprox(2 * (kA * kB) * kB.transpose(), 1e-14));
  CHECK(db.isApprox(2 * kA.transpose() * kA * kB + Eigen::VectorXd::Ones(2), 1e-14));
  const auto [ga, gb] = slope::gradient(quadratic, kA, kB);
  CHECK(ga == da);
  CHECK(gb == db);
  // a number among the arguments
  const auto scaled = [](const auto& x, const auto& s) { return s * x.squaredNorm(); };
  const auto [gx, gs] = slope::gradient(scaled, kB, 3.0);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(gs)>, double>);
  CHECK(gx.isApprox(6.0 * kB));
  CHECK(gs == slope_test::Approx(kB.squaredNorm()));
  // holding an argument constant: capture it
  const Eigen::VectorXd only_b = slope::gradient([&](const auto& b) { return quadratic(kA, b); }, kB);
  CHECK(only_b == db);
}

TEST_CASE("a matrix point: gradient, Hessian, hvp, jacobian, vjp and jvp in its shape", "[functional][arguments]") {
  const auto frobenius = [](const auto& m) { return (m.array() * m.array()).sum() * 0.5 + m.col(0).dot(m.col(1)); };
  const Eigen::MatrixXd g = slope::gradient(frobenius, kA);
  Eigen::MatrixXd expected = kA;
  expected.col(0) += kA.col(1);
  expected.col(1) += kA.col(0);
  CHECK(g.isApprox(expected, 1e-15));
  CHECK(slope::check_gradient(frobenius, kA).passed);
  // The Hessian in the column-major entries: I + the coupling of the two columns.
  const Eigen::MatrixXd h = slope::hessian(frobenius, kA);
  Eigen::MatrixXd h_expected = Eigen::MatrixXd::Identity(6, 6);
  h_expected.topRightCorner(3, 3) += Eigen::MatrixXd::Identity(3, 3);
  h_expected.bottomLeftCorner(3, 3) += Eigen::MatrixXd::Identity(3, 3);
  CHECK(h.isApprox(h_expected, 1e-14));
  const Eigen::MatrixXd hv = slope::hvp(frobenius, kA, kA);
  CHECK(hv.reshaped().isApprox(h_expected * kA.reshaped(), 1e-14));
  // A vector function of a matrix: its column sums.
  const auto column_sums = [](const auto& m) {
    Eigen::Matrix<slope::scalar_t<decltype(m)>, Eigen::Dynamic, 1> sums(m.cols());
    for (Eigen::Index j = 0; j < m.cols(); ++j) sums[j] = m.col(j).sum();
    return sums;
  };
  const Eigen::MatrixXd jac = slope::jacobian(column_sums, kA);
  CHECK(jac.rows() == 2);
  CHECK(jac.cols() == 6);
  CHECK(jac.isApprox(slope::jacobian_forward(column_sums, kA)));
  const Eigen::MatrixXd back = slope::vjp(column_sums, kA, Eigen::VectorXd(Eigen::Vector2d(1.0, -2.0)));
  CHECK(back.col(0).isApprox(Eigen::VectorXd::Constant(3, 1.0)));
  CHECK(back.col(1).isApprox(Eigen::VectorXd::Constant(3, -2.0)));
  CHECK(slope::jvp(column_sums, kA, Eigen::MatrixXd(Eigen::MatrixXd::Ones(3, 2))).isApprox(Eigen::Vector2d(3.0, 3.0)));
}

TEST_CASE("float points compute in float", "[functional][arguments]") {
  const auto f = [](const auto& x) { return (x.array().exp() * x.array()).sum(); };
  const Eigen::VectorXf x = Eigen::Vector3f(0.1f, -0.4f, 0.7f);
  const Eigen::VectorXf g = slope::gradient(f, x);
  const Eigen::VectorXd reference = slope::gradient(f, Eigen::VectorXd(x.cast<double>()));
  CHECK(g.cast<double>().isApprox(reference, 1e-6));
  const Eigen::MatrixXf h = slope::hessian(f, x);
  CHECK(h.cast<double>().isApprox(slope::hessian(f, Eigen::VectorXd(x.cast<double>())), 1e-5));
  CHECK(slope::check_gradient(f, x).passed);
}

TEST_CASE("std::vector points and plain numbers", "[functional][arguments]") {
  const auto sum_of_cubes = [](const auto& v) {
    slope::scalar_t<decltype(v[0])> total = 0.0;
    for (const auto& e : v) total += e * e * e;
    return total;
  };
  const std::vector<double> v{1.0, -2.0, 0.5};
  const std::vector<double> g = slope::gradient(sum_of_cubes, v);
  REQUIRE(g.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(g[i] == slope_test::Approx(3 * v[i] * v[i]));
  const Eigen::MatrixXd h = slope::hessian(sum_of_cubes, v);
  CHECK(h.isApprox(Eigen::Vector3d(6.0, -12.0, 3.0).asDiagonal().toDenseMatrix()));
  CHECK(slope::gradient([](const auto& t) { return t * t * t; }, 2.0) == slope_test::Approx(12.0));
  const std::vector<float> vf{1.0f, 2.0f};
  const std::vector<float> gf = slope::gradient(sum_of_cubes, vf);
  CHECK(gf[1] == slope_test::Approx(12.0f));
}

TEST_CASE("a function written the classic Eigen way, through eigen_input", "[functional][arguments]") {
  const Eigen::VectorXd x = Eigen::Vector3d(0.5, -1.0, 2.0);
  const auto f = slope::eigen_input(Energy{});
  const Eigen::VectorXd g = slope::gradient(f, x);
  CHECK(g.isApprox(x + Eigen::Vector3d(-2.0, 1.0, -0.5), 1e-15));
  CHECK(slope::gradient_forward(f, x).isApprox(g, 1e-15));
  CHECK(slope::hessian(f, x).isApprox(slope::hessian_forward(f, x), 1e-14));
}

}  // namespace test_functional_arguments
