// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/linalg/: eigenvalues_sym, eigenvectors_sym, svd, singular_values and matrix_exp.
// Gradients against forward mode (Eigen's algorithms, or the Pade approximant, on Dual),
// Richardson differences and the forward-over-reverse Hessian, at points with distinct
// eigenvalues and singular values; the documented behaviour at an exact tie.

#include <Eigen/Dense>

#include <cmath>
#include <utility>

#include "linalg/linalg_check.hpp"

namespace test_linalg_spectral {

using namespace slope_test::linalg;  // NOLINT: the checks and fixtures of this test family

namespace {

const Eigen::VectorXd kDirection4 = (Eigen::VectorXd(4) << 0.6, -0.3, 0.9, 0.2).finished();

// A sign-invariant function of unit vectors (columns of v): sum_k c_k (v_k . d)^2.
template <class M>
auto squared_projections(const M& v, const Eigen::VectorXd& direction) {
  return weighted_sum((direction.transpose() * v).array().square().matrix(), 1.9);
}

}  // namespace

TEST_CASE("eigenvalues_sym and eigenvectors_sym of a symmetric matrix", "[linalg]") {
  // S = M + M^T from 16 inputs: distinct eigenvalues at random points.
  check_everywhere(
      [](const auto& x) {
        const auto m = mat(x, 0, 4, 4);
        const auto [values, vectors] = slope::eigen_sym(m + m.transpose());
        return weighted_sum(values, 0.2) + squared_projections(vectors, kDirection4);
      },
      {16});
  check_everywhere([](const auto& x) { return slope::eigenvalues_sym(mat(x, 0, 4, 4)).squaredNorm(); }, {16});  // lower triangle
  check_everywhere(
      [](const auto& x) {
        const auto m = mat(x, 0, 4, 4);
        const auto v = slope::eigenvectors_sym(slope::tcrossprod(m) + Eigen::MatrixXd::Identity(4, 4));
        return squared_projections(v, kDirection4) + weighted_sum(v.col(3).array().square().matrix(), 0.8);
      },
      {16});
}

TEST_CASE("eigenvectors_sym at an exact tie: functions of the eigenspace are differentiated right", "[linalg]") {
  // S(t) = diag(1, 1, 4) + t E: at t = 0 the eigenvalue 1 is double (exactly, as computed).
  // The projector onto its eigenspace is I - v3 v3^T, so f = sum over the tied pair of
  // (v_k . d)^2 = d^T (I - v3 v3^T) d depends on the eigenspace only.
  const Eigen::MatrixXd s0 = Eigen::Vector3d(1.0, 1.0, 4.0).asDiagonal();
  const Eigen::MatrixXd e = slope_test::matrix::fixed_matrix(3, 3, 1.4) + slope_test::matrix::fixed_matrix(3, 3, 1.4).transpose();
  const Eigen::Vector3d d(0.3, -0.8, 0.5);
  const auto f = [&](const VarVector<double>& t) {
    const VarMatrix<double> v = slope::eigenvectors_sym((e.reshaped() * t).reshaped(3, 3) + s0);
    return (d.transpose() * v.leftCols(2)).array().square().sum() + slope::eigenvalues_sym((e.reshaped() * t).reshaped(3, 3) + s0).sum();
  };
  const auto plain = [&](const Eigen::VectorXd& t) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(s0 + t[0] * e);
    // the same as a function of the eigenspace: d^T (I - v3 v3^T) d
    return d.squaredNorm() - std::pow(d.dot(solver.eigenvectors().col(2)), 2) + solver.eigenvalues().sum();
  };
  const Eigen::VectorXd at_tie = Eigen::VectorXd::Zero(1);
  const Eigen::VectorXd g = slope::gradient(f, at_tie);
  CHECK(std::isfinite(g[0]));
  CHECK(slope::compare_derivatives(g, slope::fd::gradient(plain, at_tie)).passed);
}

TEST_CASE("svd and singular_values: square, tall and wide", "[linalg]") {
  for (const auto& shape : {std::pair<Eigen::Index, Eigen::Index>{4, 4}, {5, 3}, {3, 5}}) {
    const Eigen::Index rows = shape.first, cols = shape.second;
    INFO(rows << " x " << cols);
    // sum_k c_k (u_k . d)(v_k . e) is invariant under the sign flip of a pair (u_k, v_k).
    check_everywhere(
        [rows, cols](const auto& x) {
          const auto [u, s, v] = slope::svd(mat(x, 0, rows, cols));
          const Eigen::VectorXd d = slope_test::matrix::fixed_matrix(rows, 1, 0.3), e = slope_test::matrix::fixed_matrix(cols, 1, 0.8);
          const auto paired = ((d.transpose() * u).array() * (e.transpose() * v).array()).matrix();
          return weighted_sum(s, 0.4) + weighted_sum(paired, 1.2) + slope::singular_values(mat(x, 0, rows, cols)).sum();
        },
        {rows * cols});
  }
}

TEST_CASE("matrix_exp: without and with scaling and squaring", "[linalg]") {
  check_everywhere([](const auto& x) { return weighted_sum(slope::matrix_exp(mat(x, 0, 3, 3)), 0.5); }, {9, -1.0, 1.0});
  // 1-norms up to 12: one or two squarings
  check_everywhere([](const auto& x) { return weighted_sum(slope::matrix_exp(mat(x, 0, 3, 3)), 0.5); }, {9, 1.0, 4.0, true}, 4,
                   {.forward = 1e-10, .hessian = 1e-5});
  // against closed forms: exp of a diagonal matrix, and of the rotation generator [[0, -t], [t, 0]]
  const Eigen::Vector3d d(0.5, -1.0, 2.0);
  CHECK((slope::matrix_exp(Eigen::MatrixXd(d.asDiagonal())) - Eigen::MatrixXd(d.array().exp().matrix().asDiagonal())).cwiseAbs().maxCoeff() <
        1e-14);
  const double t = 7.3;
  Eigen::Matrix2d rotation, generator;
  generator << 0.0, -t, t, 0.0;
  rotation << std::cos(t), -std::sin(t), std::sin(t), std::cos(t);
  CHECK((slope::matrix_exp(generator) - rotation).cwiseAbs().maxCoeff() < 1e-13);
  // d/dt trace(exp(t G)) = trace(G exp(t G)) = -2 sin t
  const Eigen::VectorXd at = Eigen::VectorXd::Constant(1, t);
  const auto trace_of_exp = [](const auto& s) {
    const Eigen::MatrixXd unit_generator = (Eigen::MatrixXd(2, 2) << 0.0, -1.0, 1.0, 0.0).finished();
    return slope::matrix_exp((unit_generator.reshaped() * s).reshaped(2, 2)).trace();
  };
  CHECK(slope::gradient(trace_of_exp, at)[0] == Approx(-2.0 * std::sin(t)).epsilon(1e-12));
}

}  // namespace test_linalg_spectral
