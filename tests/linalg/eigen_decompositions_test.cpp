// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Eigen's decompositions on Eigen::Matrix<Dual> (forward mode) and on Eigen::Matrix<Var>
// (reverse mode, element by element): SelfAdjointEigenSolver, JacobiSVD, BDCSVD,
// HouseholderQR, ColPivHouseholderQR, FullPivLU, LLT and LDLT. Each derivative against the
// closed-form node of slope/linalg/ (or slope::solve, solve_spd, log_determinant) and against
// Richardson differences of the same code on double.

#include <Eigen/Dense>

#include <functional>
#include <random>

#include "linalg/linalg_check.hpp"

namespace test_linalg_eigen_decompositions {

using namespace slope_test::linalg;  // NOLINT: the checks and fixtures of this test family

namespace {

// One quantity computed two ways: through an Eigen decomposition (on double, Dual and Var
// scalars) and through slope's nodes (on VarVector).
struct Decomposition {
  std::function<double(const Eigen::VectorXd&)> plain;
  std::function<Dual1(const VectorD&)> dual;
  std::function<Var<double>(const VectorV&)> elementwise;
  std::function<Var<double>(const VarVector<double>&)> node;
};

template <class F, class G>
Decomposition make_decomposition(const F& via_eigen, const G& via_node) {
  return {via_eigen, via_eigen, via_eigen, via_node};
}

void check_decomposition(const Decomposition& f, const Sampler& sampler, int points = 4) {
  std::mt19937 rng(static_cast<unsigned>(sampler.n * 104729 + points));
  for (int p = 0; p < points; ++p) {
    const Eigen::VectorXd x = sampler(rng);
    INFO("x = " << x.transpose());
    const slope::ValueAndGradient node = slope::value_and_gradient(f.node, x);
    const slope::ValueAndGradient elementwise = slope::value_and_gradient(f.elementwise, x);
    const Eigen::VectorXd forward = slope::gradient_forward<1>(f.dual, x);
    CHECK(node.value == Approx(f.plain(x)).epsilon(1e-12).margin(1e-13));
    CHECK(elementwise.value == Approx(f.plain(x)).epsilon(1e-12).margin(1e-13));
    INFO("node " << node.gradient.transpose() << "\nforward (Dual) " << forward.transpose() << "\nelement-wise (Var) "
                 << elementwise.gradient.transpose());
    CHECK(relative_gap(forward, node.gradient) <= 1e-10);
    CHECK(relative_gap(elementwise.gradient, node.gradient) <= 1e-10);
    const slope::CheckReport against_fd =
        slope::compare_derivatives(node.gradient, slope::fd::gradient(f.plain, x, slope::CheckOptions{}.fd));
    INFO(against_fd);
    CHECK(against_fd.passed);
  }
}

template <class X>
using MatrixOf = Eigen::Matrix<ScalarOf<X>, Eigen::Dynamic, Eigen::Dynamic>;

// Entries uniform in [-1, 1] from a fixed seed.
Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index k = 0; k < m.size(); ++k) m(k) = uniform(rng);
  return m;
}

const Eigen::VectorXd kRhs4 = (Eigen::VectorXd(4) << 0.4, -1.1, 0.8, 1.7).finished();
const Eigen::VectorXd kDirection4Eigen = (Eigen::VectorXd(4) << 0.6, -0.3, 0.9, 0.2).finished();
const Eigen::MatrixXd kShift4 = 5.0 * Eigen::MatrixXd::Identity(4, 4);

template <class M>
auto squared_projections_of(const M& v, const Eigen::VectorXd& direction) {
  return weighted_sum((direction.transpose() * v).array().square().matrix(), 1.9);
}

}  // namespace

TEST_CASE("SelfAdjointEigenSolver on Dual and Var agrees with eigen_sym", "[linalg][eigen]") {
  check_decomposition(make_decomposition(
                          [](const auto& x) {
                            const MatrixOf<decltype(x)> m = x.reshaped(4, 4);
                            const Eigen::SelfAdjointEigenSolver<MatrixOf<decltype(x)>> solver(MatrixOf<decltype(x)>(m + m.transpose()));
                            return weighted_sum(solver.eigenvalues(), 0.2) + squared_projections_of(solver.eigenvectors(), kDirection4Eigen);
                          },
                          [](const VarVector<double>& x) {
                            const VarMatrix<double> m = x.reshaped(4, 4);
                            const auto [values, vectors] = slope::eigen_sym(m + m.transpose());
                            return weighted_sum(values, 0.2) + squared_projections_of(vectors, kDirection4Eigen);
                          }),
                      {16});
}

TEST_CASE("JacobiSVD and BDCSVD on Dual and Var agree with svd", "[linalg][eigen]") {
  // sum_k c_k (u_k . d)(v_k . e) + sum_k w_k s_k: invariant under the sign of each pair.
  const auto paired = [](const auto& u, const auto& s, const auto& v) {
    const Eigen::VectorXd d = slope_test::matrix::fixed_matrix(u.rows(), 1, 0.3), e = slope_test::matrix::fixed_matrix(v.rows(), 1, 0.8);
    return weighted_sum(((d.transpose() * u).array() * (e.transpose() * v).array()).matrix(), 1.2) + weighted_sum(s, 0.4);
  };
  check_decomposition(make_decomposition(
                          [&](const auto& x) {
                            const Eigen::JacobiSVD<MatrixOf<decltype(x)>> svd(MatrixOf<decltype(x)>(x.reshaped(5, 3)),
                                                                              Eigen::ComputeThinU | Eigen::ComputeThinV);
                            return paired(svd.matrixU(), svd.singularValues(), svd.matrixV());
                          },
                          [&](const VarVector<double>& x) {
                            const auto [u, s, v] = slope::svd(x.reshaped(5, 3));
                            return paired(u, s, v);
                          }),
                      {15});
  // 20 x 17: BDCSVD's divide and conquer (from 16 columns) on double; Jacobi on Dual and Var
  // (slope/core/eigen_svd.hpp). A = A0 + sum_k x_k B_k, 4 inputs, A0 and B_k random (full
  // rank: distinct, non-zero singular values).
  const Eigen::MatrixXd offset = random_matrix(20, 17, 7);
  const Eigen::MatrixXd basis = 0.1 * random_matrix(20 * 17, 4, 8);
  check_decomposition(make_decomposition(
                          [&](const auto& x) {
                            const Eigen::BDCSVD<MatrixOf<decltype(x)>> svd(affine_matrix(x, offset, basis), Eigen::ComputeThinU | Eigen::ComputeThinV);
                            return paired(svd.matrixU(), svd.singularValues(), svd.matrixV());
                          },
                          [&](const VarVector<double>& x) {
                            const auto [u, s, v] = slope::svd(affine_matrix(x, offset, basis));
                            return paired(u, s, v);
                          }),
                      {4, -1.0, 1.0}, 3);
}

TEST_CASE("HouseholderQR, ColPivHouseholderQR and FullPivLU on Dual and Var agree with solve and the determinants",
          "[linalg][eigen]") {
  // A = M + 5 I from 16 inputs.
  const auto via_node = [](const VarVector<double>& x) {
    const VarMatrix<double> a = x.reshaped(4, 4) + kShift4;
    return weighted_sum(slope::solve(a, kRhs4), 0.1) + slope::log_determinant(a) + slope::determinant(a) / 100.0;
  };
  check_decomposition(make_decomposition(
                          [](const auto& x) {
                            const Eigen::HouseholderQR<MatrixOf<decltype(x)>> qr(MatrixOf<decltype(x)>(x.reshaped(4, 4) + kShift4));
                            const MatrixOf<decltype(x)> r = qr.matrixQR().template triangularView<Eigen::Upper>();
                            using std::abs;
                            // det A = det Q det R, |det Q| = 1; the sign of det A is that of det(A + 5 I) near I: positive
                            const auto det = abs(r.diagonal().prod());
                            return weighted_sum(qr.solve(kRhs4.cast<ScalarOf<decltype(x)>>()), 0.1) + qr.logAbsDeterminant() + det / 100.0;
                          },
                          via_node),
                      {16, -1.0, 1.0});
  check_decomposition(make_decomposition(
                          [](const auto& x) {
                            const Eigen::ColPivHouseholderQR<MatrixOf<decltype(x)>> qr(MatrixOf<decltype(x)>(x.reshaped(4, 4) + kShift4));
                            return weighted_sum(qr.solve(kRhs4.cast<ScalarOf<decltype(x)>>()), 0.1) + qr.logAbsDeterminant() +
                                   qr.absDeterminant() / 100.0;
                          },
                          via_node),
                      {16, -1.0, 1.0});
  check_decomposition(make_decomposition(
                          [](const auto& x) {
                            const Eigen::FullPivLU<MatrixOf<decltype(x)>> lu(MatrixOf<decltype(x)>(x.reshaped(4, 4) + kShift4));
                            using std::abs;
                            using std::log;
                            return weighted_sum(lu.solve(kRhs4.cast<ScalarOf<decltype(x)>>()), 0.1) + log(abs(lu.determinant())) +
                                   lu.determinant() / 100.0;
                          },
                          via_node),
                      {16, -1.0, 1.0});
}

TEST_CASE("LLT and LDLT on Dual and Var agree with solve_spd, cholesky and log_determinant_spd", "[linalg][eigen]") {
  // S = M M^T + I from 16 inputs.
  check_decomposition(make_decomposition(
                          [](const auto& x) {
                            const MatrixOf<decltype(x)> m = x.reshaped(4, 4);
                            const Eigen::LLT<MatrixOf<decltype(x)>> llt(MatrixOf<decltype(x)>(m * m.transpose() + Eigen::MatrixXd::Identity(4, 4)));
                            const MatrixOf<decltype(x)> l = llt.matrixL();
                            return weighted_sum(llt.solve(kRhs4.cast<ScalarOf<decltype(x)>>()), 0.1) + weighted_sum(l, 0.6);
                          },
                          [](const VarVector<double>& x) {
                            const VarMatrix<double> s = slope::tcrossprod(x.reshaped(4, 4)) + Eigen::MatrixXd::Identity(4, 4);
                            return weighted_sum(slope::solve_spd(s, kRhs4), 0.1) + weighted_sum(slope::cholesky(s), 0.6);
                          }),
                      {16});
  check_decomposition(make_decomposition(
                          [](const auto& x) {
                            const MatrixOf<decltype(x)> m = x.reshaped(4, 4);
                            const Eigen::LDLT<MatrixOf<decltype(x)>> ldlt(MatrixOf<decltype(x)>(m * m.transpose() + Eigen::MatrixXd::Identity(4, 4)));
                            return weighted_sum(ldlt.solve(kRhs4.cast<ScalarOf<decltype(x)>>()), 0.1) + ldlt.vectorD().array().log().sum();
                          },
                          [](const VarVector<double>& x) {
                            const VarMatrix<double> s = slope::tcrossprod(x.reshaped(4, 4)) + Eigen::MatrixXd::Identity(4, 4);
                            return weighted_sum(slope::solve_spd(s, kRhs4), 0.1) + slope::log_determinant_spd(s);
                          }),
                      {16});
}

}  // namespace test_linalg_eigen_decompositions
