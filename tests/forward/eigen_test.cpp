// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Eigen matrices of Duals: arithmetic, mixed products with plain matrices, norm and dot, and
// the LLT, LDLT and PartialPivLU solvers, differentiated through and checked against the
// analytic derivative of a solve, d(A^-1 b) = -A^-1 (dA) A^-1 b, and finite differences.

#include <Eigen/Dense>

#include <random>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_forward_eigen {

namespace {

using slope::Dual;
using D = Dual<double>;
using MatrixD = Eigen::Matrix<D, Eigen::Dynamic, Eigen::Dynamic>;
using VectorD = Eigen::Matrix<D, Eigen::Dynamic, 1>;

// A(t) = A0 + t A1 as a matrix of duals moving along t.
MatrixD moving_matrix(const Eigen::MatrixXd& a0, const Eigen::MatrixXd& a1) {
  MatrixD a(a0.rows(), a0.cols());
  for (Eigen::Index i = 0; i < a0.rows(); ++i) {
    for (Eigen::Index j = 0; j < a0.cols(); ++j) a(i, j) = D(a0(i, j), {a1(i, j)});
  }
  return a;
}

Eigen::MatrixXd values(const MatrixD& m) {
  return m.unaryExpr([](const D& d) { return d.value(); });
}
Eigen::MatrixXd tangents(const MatrixD& m) {
  return m.unaryExpr([](const D& d) { return d.tangent(0); });
}

Eigen::MatrixXd spd_matrix(int n, unsigned seed) {
  std::srand(seed);
  const Eigen::MatrixXd r = Eigen::MatrixXd::Random(n, n);
  return r * r.transpose() + n * Eigen::MatrixXd::Identity(n, n);
}

}  // namespace

TEST_CASE("matrices of duals: sums, products, mixed with plain matrices", "[forward][eigen]") {
  std::srand(3);
  const Eigen::MatrixXd a0 = Eigen::MatrixXd::Random(3, 4), a1 = Eigen::MatrixXd::Random(3, 4);
  const Eigen::MatrixXd b0 = Eigen::MatrixXd::Random(4, 2), b1 = Eigen::MatrixXd::Random(4, 2);
  const Eigen::MatrixXd p = Eigen::MatrixXd::Random(2, 3);
  const MatrixD a = moving_matrix(a0, a1), b = moving_matrix(b0, b1);

  const MatrixD product = a * b;  // d(AB) = A' B + A B'
  CHECK(values(product).isApprox(a0 * b0, 1e-14));
  CHECK(tangents(product).isApprox(a1 * b0 + a0 * b1, 1e-14));

  const MatrixD mixed_left = p * a;  // plain * dual
  CHECK(tangents(mixed_left).isApprox(p * a1, 1e-14));
  const MatrixD mixed_right = a * b0;  // dual * plain
  CHECK(tangents(mixed_right).isApprox(a1 * b0, 1e-14));
  const VectorD mv = a0 * b.col(0);  // plain matrix * dual vector, and the reverse
  CHECK(tangents(mv).isApprox(a0 * b1.col(0), 1e-14));
  const VectorD vm = a * b0.col(1);
  CHECK(tangents(vm).isApprox(a1 * b0.col(1), 1e-14));
  const Eigen::MatrixXd big0 = Eigen::MatrixXd::Random(30, 30), big1 = Eigen::MatrixXd::Random(30, 30);
  const MatrixD big = moving_matrix(big0, big1);  // large enough for Eigen's blocked kernels
  CHECK(tangents(MatrixD(big0 * big)).isApprox(big0 * big1, 1e-13));
  CHECK(tangents(MatrixD(big * big0)).isApprox(big1 * big0, 1e-13));
  const MatrixD scaled = 2.0 * a + a * 3.0 - a;
  CHECK(tangents(scaled).isApprox(4 * a1, 1e-14));
  const MatrixD sum = a + a0;  // plain + dual works through ScalarBinaryOpTraits
  CHECK(tangents(sum).isApprox(a1, 1e-14));
  const MatrixD cwise = a.array() * a.array() + 1.0;
  CHECK(tangents(cwise).isApprox(2 * a0.cwiseProduct(a1), 1e-14));
}

TEST_CASE("norm, squaredNorm, dot and sum of dual vectors", "[forward][eigen]") {
  const Eigen::VectorXd v0 = Eigen::VectorXd::LinSpaced(5, -1.0, 2.0), v1 = Eigen::VectorXd::LinSpaced(5, 0.3, 0.7);
  const Eigen::VectorXd w0 = Eigen::VectorXd::LinSpaced(5, 2.0, -2.0);
  const VectorD v = moving_matrix(v0, v1);
  const D norm = v.norm();  // d|v| = v.v' / |v|
  CHECK(norm.value() == Approx(v0.norm()).epsilon(1e-15));
  CHECK(norm.tangent(0) == Approx(v0.dot(v1) / v0.norm()).epsilon(1e-14));
  const D squared = v.squaredNorm();
  CHECK(squared.tangent(0) == Approx(2 * v0.dot(v1)).epsilon(1e-14));
  const D dot = v.dot(w0.cast<D>());
  CHECK(dot.tangent(0) == Approx(v1.dot(w0)).epsilon(1e-14));
  const D total = (v.array() - 1.0).square().sum();
  CHECK(total.tangent(0) == Approx(2 * (v0.array() - 1.0).matrix().dot(v1)).epsilon(1e-14));
}

TEST_CASE("LLT, LDLT and PartialPivLU solves differentiate through", "[forward][eigen]") {
  const int n = 5;
  const Eigen::MatrixXd a0 = spd_matrix(n, 11);
  Eigen::MatrixXd a1 = Eigen::MatrixXd::Random(n, n);
  a1 = (a1 + a1.transpose()).eval();  // a symmetric direction keeps A SPD for LLT/LDLT
  const Eigen::VectorXd b0 = Eigen::VectorXd::Random(n);
  const MatrixD a = moving_matrix(a0, a1);
  const VectorD b = b0.cast<D>();

  const Eigen::VectorXd x0 = a0.llt().solve(b0);
  const Eigen::VectorXd expected = -a0.llt().solve(a1 * x0);  // d(A^-1 b) = -A^-1 A' A^-1 b

  const VectorD by_llt = a.llt().solve(b);
  const VectorD by_ldlt = a.ldlt().solve(b);
  const VectorD by_lu = a.partialPivLu().solve(b);
  for (const VectorD* solution : {&by_llt, &by_ldlt, &by_lu}) {
    CHECK(values(*solution).isApprox(x0, 1e-12));
    CHECK(tangents(*solution).isApprox(expected, 1e-10));
  }

  // and against central differences of the plain solve along the same direction
  const double h = 1e-6;
  const Eigen::VectorXd fd = ((a0 + h * a1).lu().solve(b0) - (a0 - h * a1).lu().solve(b0)) / (2 * h);
  CHECK(tangents(by_lu).isApprox(fd, 1e-7));

  // the determinant's derivative: d det A = det A tr(A^-1 A')
  const D det = a.partialPivLu().determinant();
  CHECK(det.tangent(0) == Approx(a0.determinant() * (a0.inverse() * a1).trace()).epsilon(1e-10));
}

TEST_CASE("the same generic function runs on double, Dual and nested Dual matrices", "[forward][eigen]") {
  const auto f = [](const auto& x) { return (x.array() - 1.0).square().sum() + x.norm(); };
  Eigen::VectorXd x0(3);
  x0 << 0.5, -2.0, 3.0;
  const double plain = f(x0);
  const Eigen::VectorXd g = slope::gradient_forward(f, x0);
  const Eigen::MatrixXd h = slope::hessian_forward(f, x0);
  CHECK(plain == Approx((x0.array() - 1.0).square().sum() + x0.norm()).epsilon(1e-15));
  const Eigen::VectorXd g_expected = 2 * (x0.array() - 1.0).matrix() + x0 / x0.norm();
  CHECK(g.isApprox(g_expected, 1e-14));
  const double r = x0.norm();
  const Eigen::MatrixXd h_expected = 2 * Eigen::MatrixXd::Identity(3, 3) +
                                     (Eigen::MatrixXd::Identity(3, 3) - x0 * x0.transpose() / (r * r)) / r;
  CHECK(h.isApprox(h_expected, 1e-13));
}

}  // namespace test_forward_eigen
