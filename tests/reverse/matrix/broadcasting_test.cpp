// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Broadcasting (slope/reverse/matrix/broadcasting.hpp): colwise()/rowwise() with a vector and
// with reductions, replicate, asDiagonal products; reverse against finite differences and
// forward mode, Hessians against differences of gradients, one node per operation.

#include <Eigen/Dense>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_broadcasting {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("colwise and rowwise with a vector, fused into the element-wise node", "[reverse][matrix][broadcast]") {
  // x: a 3x4 matrix (12) and a 3-vector b and a 4-vector c (7 more).
  const auto f = [](const auto& x) {
    const auto m = mat(x, 0, 3, 4);
    const auto b = vec(x, 12, 3);
    const auto c = vec(x, 15, 4);
    const auto hidden = tanh((m.colwise() + b).array());
    return hidden.sum() + ((m.rowwise() - c.transpose()).array().square() * 0.5).sum() +
           (m.array().colwise() * b.array()).sum() + (m.array().rowwise() / (c.transpose().array() + 3.0)).sum() +
           (m.colwise() - kWeights3).array().cube().sum();
  };
  check_everywhere(f, {19, -1.0, 1.0, true});
  check_second_order(f, {19, -1.0, 1.0, true});
  // one node for the whole tanh(m.colwise() + b) expression
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarMatrix<double> m = slope::make_variables(tape, Eigen::MatrixXd(kA43));
  const VarVector<double> b = slope::make_variables(tape, Eigen::VectorXd(kWeights6.head(4)));
  const std::size_t before = tape.nodes();
  const Var<double> s = tanh((m.colwise() + b).array()).sum();
  CHECK(tape.nodes() == before + 1);
  tape.backward(s);
  const Eigen::ArrayXXd t = (kA43.colwise() + kWeights6.head(4)).array().tanh();
  CHECK(b.adjoints().isApprox((1 - t.square()).rowwise().sum().matrix(), 1e-14));
  // a plain matrix with an active vector, and sizes checked
  CHECK_THROWS_WITH(VarMatrix<double>(m.colwise() + kWeights3), slope_test::Contains("one entry per row"));
}

TEST_CASE("colwise and rowwise reductions", "[reverse][matrix][broadcast]") {
  const auto f = [](const auto& x) {
    const auto m = mat(x, 0, 3, 4);
    return m.colwise().sum().dot(kWeights6.head(4)) + m.rowwise().mean().dot(kWeights3) +
           m.colwise().squaredNorm().sum() + m.rowwise().norm().dot(kWeights3) +
           m.colwise().maxCoeff().sum() + 2.0 * m.rowwise().minCoeff().sum();
  };
  check_everywhere(f, {12, -2.0, 2.0, true});
  check_second_order(f, {12, 0.5, 2.0});
  // maxCoeff's adjoint goes to the first largest entry, as Eigen picks it
  const Eigen::VectorXd ties = Eigen::VectorXd::Ones(6);
  const Eigen::VectorXd g = slope::gradient([](const auto& x) { return mat(x, 0, 3, 2).colwise().maxCoeff().sum(); }, ties);
  CHECK(g == (Eigen::VectorXd(6) << 1, 0, 0, 1, 0, 0).finished());
}

TEST_CASE("replicate and asDiagonal", "[reverse][matrix][broadcast]") {
  const auto f = [](const auto& x) {
    const auto m = mat(x, 0, 2, 3);
    const auto d = vec(x, 6, 2);
    const auto e = vec(x, 8, 3);
    return (m.replicate(2, 3).array() * m.replicate(2, 3).array()).sum() * 0.1 +
           (d.asDiagonal() * m).array().exp().sum() + (m * e.asDiagonal()).squaredNorm() +
           (kWeights3.asDiagonal() * e).sum() + (m * kWeights3.asDiagonal()).sum() +
           (e.asDiagonal() * kA43.transpose()).sum();
  };
  check_everywhere(f, {11, -1.0, 1.0, true});
  check_second_order(f, {11, -1.0, 1.0, true});
  // the dense diagonal matrix
  const auto dense = [](const auto& x) {
    if constexpr (kIsVar<decltype(x)>) {
      return (x.head(3).asDiagonal().toDenseMatrix() * kA43.transpose()).sum();
    } else {
      return (Eigen::MatrixXd(x.head(3).asDiagonal()) * kA43.transpose()).sum();
    }
  };
  const Eigen::VectorXd x = kWeights6;
  CHECK(slope::gradient(dense, x).head(3).isApprox(kA43.transpose().rowwise().sum(), 1e-14));
}

}  // namespace test_reverse_matrix_broadcasting
