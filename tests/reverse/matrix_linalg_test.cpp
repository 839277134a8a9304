// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Matrix-level reverse mode: products, solves, log-determinants, element access and
// views, custom nodes; each gradient against finite differences and forward mode.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

// ---------------------------------------------------------------- products and transposes

TEST_CASE("matrix products: one node, adjoints by matrix products", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return (mat(x, 0, 3, 3) * vec(x, 9, 3)).dot(kWeights3) + (mat(x, 0, 3, 3) * mat(x, 0, 3, 3)).trace(); },
                   {12});
  check_everywhere([](const auto& x) { return (kA43 * x).squaredNorm() + (x.transpose() * kA43.transpose() * kA43 * x).value(); }, {3});
  check_everywhere(
      [](const auto& x) {
        return (mat(x, 0, 2, 3) * kB32).sum() + (kA43 * mat(x, 0, 3, 2)).sum() + (mat(x, 0, 2, 3) * mat(x, 6, 3, 2)).squaredNorm();
      },
      {12});
  check_everywhere(
      [](const auto& x) {
        return (mat(x, 0, 2, 3).transpose() * vec(x, 6, 2)).dot(kWeights3) + ((x.head(3).array() * 2.0).matrix().transpose() * x.tail(3)).value();
      },
      {8});
}

TEST_CASE("linear solves and log-determinants reuse their factorization", "[reverse][matrix]") {
  // x = (A as 3x3, b); A is shifted to be well conditioned (and, for Cholesky, positive definite).
  check_everywhere(
      [](const auto& x) {
        return slope::solve(mat(x, 0, 3, 3) + kShift3, vec(x, 9, 3)).dot(kWeights3) + slope::solve(mat(x, 0, 3, 3) + kShift3, kWeights3).sum() +
               slope::solve(kShift3, x.tail(3)).sum();
      },
      {12});
  check_everywhere([](const auto& x) { return slope::solve(mat(x, 0, 3, 3) + kShift3, mat(x, 9, 3, 2)).sum(); }, {15});
  // Cholesky reads the lower triangle only; so do its derivatives (finite differences agree).
  check_everywhere(
      [](const auto& x) {
        const auto m = mat(x, 0, 3, 3);
        return slope::solve_spd(m + kShift3, vec(x, 9, 3)).dot(kWeights3) + slope::solve_spd(m * m.transpose() + kShift3, kWeights3).sum();
      },
      {12});
  check_everywhere([](const auto& x) { return slope::log_determinant(mat(x, 0, 3, 3) + kShift3) + slope::log_determinant_spd(mat(x, 0, 3, 3) + kShift3); },
                   {9});
  check_everywhere([](const auto& x) { return slope::log_determinant(mat(x, 0, 3, 3)); }, {9, 0.5, 2.0, true});
}

// ---------------------------------------------------------------- element access and views

TEST_CASE("element access hands out Vars, views share indices or gather", "[reverse][matrix]") {
  check_everywhere(
      [](const auto& x) {
        ScalarOf<decltype(x)> s = 0.0;
        for (Eigen::Index i = 0; i + 1 < x.size(); ++i) s += 100.0 * slope::square(x[i + 1] - x(i) * x[i]) + slope::square(1.0 - x[i]);
        return s;
      },
      {6});
  check_everywhere(
      [](const auto& x) {
        const auto m = x.reshaped(3, 4);
        return m(1, 2) * m(2, 3) + m.row(1).squaredNorm() + m.col(2).sum() * m.block(1, 1, 2, 2).sum() + m.rightCols(2).prod() +
               (m.topRows(2).array() * m.bottomRows(2).array()).sum() + m.middleRows(1, 1).sum() + m.middleCols(1, 2).norm() +
               x.segment(1, 3).squaredNorm() * x.head(2).sum() + x.tail(2).prod();
      },
      {12});
  // maxCoeff and minCoeff hand out the Var of the extreme element (well separated here).
  const Eigen::VectorXd spread = (Eigen::VectorXd(6) << 0.0, 6.0, -6.0, 12.0, -12.0, 3.0).finished();
  check_everywhere([&](const auto& x) { return (x + spread).maxCoeff() * (x - spread).minCoeff(); }, {6});
}

// ---------------------------------------------------------------- custom nodes

namespace {

// A user-defined node: y = s * x (x a vector, s a scalar), with its vector-Jacobian product.
struct Scale {
  Eigen::MatrixXd value(const slope::MatrixInput<double>& x, double s) const { return s * x; }
  void vjp(const slope::MatrixInput<double>& y_adjoint, const slope::MatrixInput<double>&, const slope::MatrixInput<double>& x,
           double s, slope::MatrixAdjoint<double> x_adjoint, slope::ScalarAdjoint<double> s_adjoint) const {
    x_adjoint += s * y_adjoint;
    s_adjoint += y_adjoint.cwiseProduct(x).sum();
  }
};

}  // namespace

TEST_CASE("custom nodes: normal_log_pdf and a user-defined vjp", "[reverse][matrix]") {
  const auto log_likelihood = [](const auto& x) {
    using std::exp;
    return slope::normal_log_pdf(x.head(5), x[5], exp(x[6]));
  };
  check_everywhere(log_likelihood, {7});
  const Eigen::VectorXd data = kWeights6;
  check_everywhere(
      [&](const auto& x) {
        using std::exp;
        return slope::normal_log_pdf(data, x[0], exp(x[1])) + slope::normal_log_pdf(x * 2.0, 0.5, 1.5);
      },
      {2});

  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Eigen::VectorXd x0 = kWeights3;
  const VarVector<double> x = slope::make_variables(tape, x0);
  const Var<double> s = tape.variable(1.7);
  const VarVector<double> y = slope::custom_node(Scale{}, x, s);
  CHECK(tape.nodes() == 1);
  CHECK(y.values().isApprox(1.7 * x0, 1e-15));
  const Var<double> f = y.dot(kWeights3);
  tape.backward(f);
  CHECK(x.adjoints().isApprox(1.7 * kWeights3, 1e-15));
  CHECK(s.adjoint() == Approx(x0.dot(kWeights3)).epsilon(1e-14));
  // With no active argument the op runs as is and nothing is recorded.
  CHECK(slope::custom_node(Scale{}, VarVector<double>(x0), 2.0).values().isApprox(2.0 * x0, 1e-15));
}

