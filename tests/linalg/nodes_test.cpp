// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/linalg/: cholesky, triangular_solve, inverse, determinant, quad_form,
// trace_quad_form, crossprod, tcrossprod, diag_matrix, diagonal, kronecker. Each gradient
// (reverse mode, one node) against forward mode (Eigen on Dual), Richardson differences and,
// where smooth, its forward-over-reverse Hessian against differences of the gradient.

#include <Eigen/Dense>

#include <stdexcept>

#include "linalg/linalg_check.hpp"

namespace test_linalg_nodes {

using namespace slope_test::linalg;  // NOLINT: the checks and fixtures of this test family

namespace {

const Eigen::MatrixXd kShift3 = 4.0 * Eigen::MatrixXd::Identity(3, 3);
const Eigen::MatrixXd kB34 = slope_test::matrix::fixed_matrix(3, 4, 2.5);

}  // namespace

TEST_CASE("cholesky: one node, Murray's adjoint, the lower triangle read", "[linalg]") {
  // S = M M^T + I for M the first 9 inputs (3x3): symmetric positive definite everywhere.
  check_everywhere(
      [](const auto& x) {
        const auto m = mat(x, 0, 3, 3);
        const auto l = slope::cholesky(slope::tcrossprod(m) + Eigen::MatrixXd::Identity(3, 3));
        return weighted_sum(l, 0.3) + slope::diagonal(l).array().log().sum();
      },
      {9});
  // A raw (non-symmetric) matrix: only its lower triangle is read, by the value and by the
  // derivatives (finite differences of the plain function agree).
  check_everywhere([](const auto& x) { return weighted_sum(slope::cholesky(mat(x, 0, 3, 3) + kShift3), 0.7); }, {9, -1.0, 1.0});
  // 150 x 150: three column blocks of the blocked backward pass (64, 64, 22).
  const Eigen::MatrixXd offset = 2.0 * spd_matrix(150, 0.4), basis = symmetric_basis(150, 3, 1.1) * 0.05;
  check_everywhere(
      [&](const auto& x) {
        const auto l = slope::cholesky(affine_matrix(x, offset, basis));
        return weighted_sum(l, 0.9) + 2.0 * slope::diagonal(l).array().log().sum();
      },
      {3, -1.0, 1.0}, 2);
}

TEST_CASE("cholesky: 2 log-sum of the factor's diagonal is log_determinant_spd", "[linalg]") {
  const Eigen::MatrixXd s = spd_matrix(5, 0.2);
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarMatrix<double> a = slope::make_variables(tape, s);
  const Var<double> via_factor = 2.0 * slope::diagonal(slope::cholesky(a)).array().log().sum();
  tape.backward(via_factor);
  const Eigen::MatrixXd adjoint = a.adjoints();
  tape.zero_adjoints();
  const Var<double> direct = slope::log_determinant_spd(a);
  tape.backward(direct);
  CHECK(via_factor.value() == Approx(direct.value()).epsilon(1e-14));
  CHECK((adjoint - a.adjoints()).cwiseAbs().maxCoeff() < 1e-13);
  // The plain overload and the node give the same factor.
  CHECK((slope::cholesky(s) - slope::cholesky(a).values()).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("triangular_solve: lower and upper, left and right", "[linalg]") {
  // T from the first 9 inputs (the triangle not read is ignored), B from the rest or constant.
  check_everywhere(
      [](const auto& x) {
        const auto t = (mat(x, 0, 3, 3) + kShift3).eval();  // (auto of an Eigen expression of a temporary would dangle)
        return weighted_sum(slope::triangular_solve(t, mat(x, 9, 3, 2)), 0.1) +
               weighted_sum(slope::triangular_solve<Eigen::Upper>(t, mat(x, 9, 3, 2)), 0.2) +
               weighted_sum(slope::triangular_solve<Eigen::Lower, Eigen::OnTheRight>(t, mat(x, 9, 2, 3)), 0.3) +
               weighted_sum(slope::triangular_solve<Eigen::Upper, Eigen::OnTheRight>(t, mat(x, 9, 2, 3)), 0.4);
      },
      {15});
  check_everywhere(
      [](const auto& x) {
        return slope::triangular_solve(mat(x, 0, 3, 3) + kShift3, slope_test::matrix::kWeights3).squaredNorm() +
               slope::triangular_solve<Eigen::Upper, Eigen::OnTheRight>(kShift3, mat(x, 0, 4, 3)).sum();
      },
      {12});
}

TEST_CASE("inverse and determinant", "[linalg]") {
  check_everywhere([](const auto& x) { return weighted_sum(slope::inverse(mat(x, 0, 3, 3) + kShift3), 0.5); }, {9});
  check_everywhere([](const auto& x) { return slope::determinant(mat(x, 0, 4, 4)); }, {16, -2.0, 2.0});
  // the determinant of a product is the product of determinants (values and derivatives)
  check_everywhere(
      [](const auto& x) {
        const auto a = mat(x, 0, 3, 3);
        const auto b = mat(x, 9, 3, 3);
        return slope::determinant(a * b) - slope::determinant(a) * slope::determinant(b) + slope::determinant(slope::inverse(b + kShift3));
      },
      {18, -1.0, 1.0});
}

TEST_CASE("quad_form and trace_quad_form", "[linalg]") {
  check_everywhere(
      [](const auto& x) {
        const auto a = mat(x, 0, 3, 3);
        return slope::quad_form(a, vec(x, 9, 3)) + slope::trace_quad_form(a, mat(x, 9, 3, 2)) +
               slope::quad_form(kShift3, vec(x, 12, 3)) + slope::trace_quad_form(a, kB34);
      },
      {15});
}

TEST_CASE("crossprod, tcrossprod, diag_matrix, diagonal and kronecker", "[linalg]") {
  check_everywhere(
      [](const auto& x) {
        const auto a = mat(x, 0, 4, 3);
        return weighted_sum(slope::crossprod(a), 0.1) + weighted_sum(slope::tcrossprod(a), 0.2) +
               weighted_sum(slope::diag_matrix(vec(x, 3, 5)) * mat(x, 0, 5, 2), 0.3) + weighted_sum(slope::diagonal(a), 0.4);
      },
      {12});
  check_everywhere(
      [](const auto& x) {
        const auto a = mat(x, 0, 2, 3);
        const auto b = mat(x, 6, 3, 2);
        return weighted_sum(slope::kronecker(a, b), 0.5) + weighted_sum(slope::kronecker(kB34, b), 0.6) +
               weighted_sum(slope::kronecker(a, kB34), 0.7);
      },
      {12});
}

TEST_CASE("linalg nodes: sizes and non-positive-definite input throw, naming the function", "[linalg]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarMatrix<double> a = slope::make_variables(tape, Eigen::MatrixXd(slope_test::matrix::kA43));
  const VarMatrix<double> indefinite = slope::make_variables(tape, Eigen::MatrixXd(-Eigen::MatrixXd::Identity(2, 2)));
  CHECK_THROWS_WITH(slope::cholesky(a), slope_test::Contains("slope::cholesky") && slope_test::Contains("square"));
  CHECK_THROWS_WITH(slope::cholesky(indefinite), slope_test::Contains("slope::cholesky: A is not symmetric positive definite"));
  CHECK_THROWS_WITH(slope::cholesky(Eigen::MatrixXd(-Eigen::MatrixXd::Identity(2, 2))), slope_test::Contains("slope::cholesky"));
  CHECK_THROWS_AS(slope::inverse(a), std::invalid_argument);
  CHECK_THROWS_WITH(slope::determinant(a), slope_test::Contains("slope::determinant"));
  CHECK_THROWS_WITH(slope::triangular_solve(a, kB34), slope_test::Contains("slope::triangular_solve"));
  CHECK_THROWS_WITH(slope::quad_form(kShift3, kB34), slope_test::Contains("slope::quad_form"));
  CHECK_THROWS_WITH(slope::quad_form(a, kB34.col(0)), slope_test::Contains("slope::quad_form"));
  CHECK_THROWS_WITH(slope::trace_quad_form(a, a), slope_test::Contains("slope::trace_quad_form"));
  CHECK_THROWS_WITH(slope::diag_matrix(a), slope_test::Contains("slope::diag_matrix"));
  CHECK_THROWS_WITH(slope::matrix_exp(a), slope_test::Contains("slope::matrix_exp"));
  CHECK_THROWS_WITH(slope::eigenvalues_sym(a), slope_test::Contains("slope::eigenvalues_sym"));
  CHECK(tape.nodes() == 0);
}

}  // namespace test_linalg_nodes
