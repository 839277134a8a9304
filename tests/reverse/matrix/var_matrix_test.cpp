// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The VarMatrix type (slope/reverse/matrix/var_matrix.hpp): conversions, passive matrices, reuse of a tape,
// size errors and tape checks.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_var_matrix {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("VarMatrix converts to and from Eigen matrices of Vars", "[reverse][matrix]") {
  const auto f = [](const VarVector<double>& x) {
    Eigen::Matrix<Var<double>, Eigen::Dynamic, Eigen::Dynamic> elements = x.to_eigen();
    elements.reverseInPlace();  // an Eigen algorithm outside VarMatrix's set
    elements(0) = elements(0) * elements(1);
    const VarVector<double> back = slope::to_var_matrix(elements);
    return back.dot(kWeights6) + (back.array().square() * kWeights6.array()).sum();
  };
  std::mt19937 rng(5);
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::VectorXd x = Sampler{6}(rng);
    const auto plain = [](const Eigen::VectorXd& v) {
      Eigen::VectorXd r = v.reverse();
      r(0) = r(0) * r(1);
      return r.dot(kWeights6) + (r.array().square() * kWeights6.array()).sum();
    };
    const Recorded reverse = record(f, x);
    CHECK(reverse.value == Approx(plain(x)).epsilon(1e-14));
    CHECK(slope::compare_derivatives(reverse.gradient, slope::fd::gradient(plain, x, slope::CheckOptions{}.fd)).passed);
  }
  // Consecutive elements of one recording come back without copies.
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, kWeights6);
  const VarVector<double> same = slope::to_var_matrix(x.to_eigen());
  CHECK(same.first() == x.first());
  CHECK(tape.variables() == 6);
  // The same through the functional API, whose inputs' values are not on the tape: the
  // adopted elements bring their values along.
  const auto adopt = [](const VarVector<double>& v) { return slope::to_var_matrix(v.to_eigen()).squaredNorm(); };
  const slope::ValueAndGradient adopted = slope::value_and_gradient(adopt, kWeights6);
  CHECK(adopted.value == Approx(kWeights6.squaredNorm()).epsilon(1e-15));
  CHECK(adopted.gradient.isApprox(2.0 * kWeights6, 1e-15));
  // All passive: a passive VarMatrix.
  const Eigen::Matrix<Var<double>, Eigen::Dynamic, 1> constants = kWeights3.cast<Var<double>>();
  CHECK_FALSE(slope::to_var_matrix(constants).is_active());
}

TEST_CASE("a passive VarMatrix is a constant for every node", "[reverse][matrix]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarMatrix<double> a(kA43);
  CHECK_FALSE(a.is_active());
  const VarVector<double> x = slope::make_variables(tape, kWeights3);
  const Var<double> f = (a * x).squaredNorm() + (a.array() * 2.0).sum() + slope::softmax(a).sum();
  tape.backward(f);
  CHECK(x.adjoints().isApprox(2.0 * kA43.transpose() * kA43 * kWeights3, 1e-14));
  CHECK(f.value() == Approx((kA43 * kWeights3).squaredNorm() + 2.0 * kA43.sum() + 1.0).epsilon(1e-14));
  CHECK(a.adjoints().isZero());
  // Operations on passive operands only record nothing.
  const std::size_t nodes = tape.nodes();
  CHECK_FALSE((a.transpose() * a).is_active());
  CHECK_FALSE(VarMatrix<double>(a.array().exp()).is_active());
  CHECK_FALSE(slope::solve(VarMatrix<double>(kShift3), kWeights3).is_active());
  CHECK(tape.nodes() == nodes);
}

TEST_CASE("a tape reused after clear() gives identical results", "[reverse][matrix]") {
  const auto f = [](const VarVector<double>& x) {
    const VarMatrix<double> m = x.head(9).reshaped(3, 3);
    return slope::solve(m + kShift3, x.tail(3)).dot(kWeights3) + slope::log_sum_exp(x.array() * x.array()) + (m * m).trace();
  };
  std::mt19937 rng(8);
  const Eigen::VectorXd x = Sampler{12}(rng);
  const Recorded first = record(f, x);
  for (int repeat = 0; repeat < 20; ++repeat) {
    const Recorded again = record(f, x);
    REQUIRE(again.value == first.value);
    REQUIRE(again.gradient == first.gradient);
  }
}

namespace {

template <class F>
std::string invalid_argument_message(const F& f) {
  try {
    f();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(nothing thrown)";
}

}  // namespace

TEST_CASE("size mismatches throw std::invalid_argument naming the operation and both sizes", "[reverse][matrix]") {
  using Catch::Matchers::Contains;
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Ones(6));
  const VarMatrix<double> a = slope::make_variables(tape, Eigen::MatrixXd::Ones(2, 3));
  const std::string sum = invalid_argument_message([&] { (void)(x.head(3) + x.head(4)); });
  CHECK_THAT(sum, Contains("slope::operator+") && Contains("3x1 and 4x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)(x.array() * Eigen::ArrayXd::Ones(5)); }),
             Contains("slope::operator*") && Contains("6x1 and 5x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)(a * x); }), Contains("matrix product") && Contains("2x3 and 6x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)x.dot(Eigen::VectorXd::Ones(2)); }), Contains("slope::dot") && Contains("6x1 and 2x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)slope::solve(a, x); }), Contains("slope::solve") && Contains("2x3 and 6x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)slope::log_determinant(a); }), Contains("slope::log_determinant") && Contains("2x3"));
  CHECK_THAT(invalid_argument_message([&] { (void)x.reshaped(4, 2); }), Contains("reshaped") && Contains("6x1 and 4x2"));
  CHECK_THAT(invalid_argument_message([&] { (void)x.segment(4, 3); }), Contains("segment(4, 3)") && Contains("6x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)a.block(1, 1, 2, 1); }), Contains("block(1, 1, 2, 1)") && Contains("2x3"));
  CHECK_THAT(invalid_argument_message([&] { (void)slope::solve(Eigen::MatrixXd::Ones(2, 3), Eigen::VectorXd::Ones(2)); }),
             Contains("slope::solve") && Contains("2x3 and 2x1"));
  CHECK_THAT(invalid_argument_message([&] { (void)slope::solve_spd(-Eigen::MatrixXd::Identity(2, 2), Eigen::VectorXd::Ones(2)); }),
             Contains("not symmetric positive definite"));
  CHECK(tape.nodes() == 0);
}

TEST_CASE("a VarMatrix from another tape or a cleared one is caught in debug builds", "[reverse][matrix]") {
  if (!slope::kChecksEnabled) return;
  slope::Tape<double> first;
  slope::Tape<double> second;
  const VarVector<double> x = slope::make_variables(first, Eigen::VectorXd::Ones(3));
  slope::TapeScope scope(second);
  CHECK_THROWS_AS(x.sum(), slope::usage_error);
  CHECK_THROWS_AS(x[0], slope::usage_error);
  const VarVector<double> y = slope::make_variables(second, Eigen::VectorXd::Ones(3));
  CHECK_THROWS_AS((x.array() * y.array()).sum(), slope::usage_error);
  second.clear();
  CHECK_THROWS_AS((y * 2.0).sum(), slope::usage_error);
  CHECK_THROWS_AS(y.adjoints(), slope::usage_error);
}

}  // namespace test_reverse_matrix_var_matrix
