// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Matrix-level reverse mode (slope/reverse/matrix.hpp): reductions and element-wise
// arithmetic and functions, each gradient against finite differences and forward mode;
// conversions, passive and plain operands, the tape structure (one node per operation),
// reuse, edge cases, size errors and tape checks. (Products, solves, views and custom nodes
// are in matrix_linalg_test.cpp: two files build faster than one on two cores.)

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

// ---------------------------------------------------------------- reductions

TEST_CASE("reductions: sum, mean, prod, squaredNorm, norm, dot, trace", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return x.sum() * x.mean() + x.prod() + x.squaredNorm() + x.norm(); }, {5, 0.5, 1.5, true});
  check_everywhere([](const auto& x) { return x.head(3).dot(x.tail(3)) + x.dot(kWeights6) + x.reshaped(2, 3).trace(); }, {6});
  check_everywhere([](const auto& x) { return x.dot(x) * x.reshaped(3, 2).prod(); }, {6});
}

TEST_CASE("log_sum_exp and softmax", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return slope::log_sum_exp(x) + slope::log_sum_exp(x.array() * 2.0 - 1.0); }, {6, -3.0, 3.0});
  check_everywhere([](const auto& x) { return slope::softmax(x).dot(kWeights6); }, {6, -3.0, 3.0});
}

// ---------------------------------------------------------------- element-wise arithmetic

TEST_CASE("element-wise arithmetic fuses into one node", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return (x.array() - 1.0).square().sum(); }, {7});
  check_everywhere(
      [](const auto& x) {
        return (x.head(3).array() * x.tail(3).array() + x.head(3).array() / x.tail(3).array()).sum() +
               x.head(3).cwiseQuotient(x.tail(3)).cwiseAbs().sum() + (-x).cwiseProduct(x).sum();
      },
      {6, 0.5, 2.0, true});
  check_everywhere(
      [](const auto& x) {
        return (x - kWeights6).squaredNorm() + (kWeights6.array() - x.array()).cube().sum() +
               (kWeights6.array() * x.array() / (1.0 + x.array().square())).sum() + (kWeights6 + x).norm();
      },
      {6});
  check_everywhere(
      [](const auto& x) {
        return (x * x[0]).sum() + (x[1] * x * 3.0).squaredNorm() + (2.0 * x - x / 3.0).prod() + (2.0 / x.array() + 1.0).sum() +
               (x.array() / (x[0] * x[1])).sum();
      },
      {6, 0.5, 2.0, true});
  check_everywhere(
      [](const auto& x) {
        return x.cwiseAbs2().sum() + x.cwiseSqrt().sum() + x.cwiseInverse().sum() + (x.array() * x.array()).matrix().dot(kWeights6);
      },
      {6, 0.5, 2.0});
}

// ---------------------------------------------------------------- element-wise functions

TEST_CASE("element-wise functions take their derivatives from the rules", "[reverse][matrix]") {
  // One reduction per function (one node each), so that every rule is checked separately.
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.exp().sum() + a.square().sum() + a.tanh().sum() + a.sin().sum() + a.cos().prod() + a.sinh().sum() + a.cosh().sum() +
               a.asinh().sum() + exp(a).sum() + slope::sigmoid(a).sum() + slope::softplus(a * 3.0).sum();
      },
      {6, -1.5, 1.5});
  check_everywhere([](const auto& x) { return (x.array().sin() * x.array().exp() + slope::sigmoid(x.array() * 2.0 - 1.0).log()).sum(); },
                   {6, -1.5, 1.5});
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.log().sum() + a.sqrt().sum() + a.pow(2.5).sum() + (a + 1.5).acosh().sum() + a.log10().sum() + a.log2().sum() + log(a).sum();
      },
      {6, 0.2, 2.0});
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.log1p().sum() + a.expm1().sum() + a.tan().sum() + a.atan().sum() + a.asin().sum() + a.acos().sum() + a.atanh().sum();
      },
      {6, -0.9, 0.9});
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.abs().sum() + a.inverse().sum() + a.abs2().sum() + slope::relu(a).square().sum();
      },
      {6, 0.1, 2.0, true});
  // Functions without an Eigen member: the generic body branches to a scalar loop.
  check_everywhere(
      [](const auto& x) {
        if constexpr (kIsVar<std::decay_t<decltype(x)>>) {
          const auto a = x.array();
          return (slope::erf(a) + slope::erfc(a * 0.5) + slope::lgamma(a + 2.0) + slope::cbrt(a + 3.0) + slope::exp2(a) +
                  slope::pow(x.head(3).array(), x.tail(3).array()).sum() / 3.0 + slope::pow(a, x[0]))
                     .sum() +
                 (slope::hypot(x.head(3).array(), x.tail(3).array()) + slope::atan2(x.head(3).array(), x.tail(3).array())).sum();
        } else {
          using std::atan2, std::cbrt, std::erf, std::erfc, std::exp2, std::hypot, std::lgamma, std::pow;
          ScalarOf<decltype(x)> s = 0.0, powers = 0.0;
          for (Eigen::Index i = 0; i < 3; ++i) powers += pow(x[i], x[i + 3]);
          for (Eigen::Index i = 0; i < x.size(); ++i) {
            s += erf(x[i]) + erfc(x[i] * 0.5) + lgamma(x[i] + 2.0) + cbrt(x[i] + 3.0) + exp2(x[i]) + powers / 3.0 + pow(x[i], x[0]);
          }
          for (Eigen::Index i = 0; i < 3; ++i) s += hypot(x[i], x[i + 3]) + atan2(x[i], x[i + 3]);
          return s;
        }
      },
      {6, 0.2, 2.0});
}

TEST_CASE("an evaluated function's stored result serves the derivatives that read it", "[reverse][matrix]") {
  // .eval() records one element-wise node whose result is on the tape; its backward pass
  // takes f(x) from there for exp, exp2, expm1, sqrt, cbrt, tan, tanh and tgamma.
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        if constexpr (kIsVar<std::decay_t<decltype(x)>>) {
          return (a.exp().eval().array() * a.tanh().eval().array() + a.sqrt().eval().array() + a.expm1().eval().array().square() +
                  a.tan().eval().array() + slope::exp2(a).eval().array() + slope::cbrt(a).eval().array() +
                  slope::tgamma(a + 1.0).eval().array())
              .matrix()
              .dot(kWeights6);
        } else {
          using std::cbrt, std::exp2, std::tgamma;
          const auto scalar_exp2 = [](const auto& v) -> std::decay_t<decltype(v)> { return exp2(v); };
          const auto scalar_cbrt = [](const auto& v) -> std::decay_t<decltype(v)> { return cbrt(v); };
          const auto scalar_tgamma = [](const auto& v) -> std::decay_t<decltype(v)> { return tgamma(v); };
          return (a.exp() * a.tanh() + a.sqrt() + a.expm1().square() + a.tan() + a.unaryExpr(scalar_exp2) + a.unaryExpr(scalar_cbrt) +
                  (a + 1.0).unaryExpr(scalar_tgamma))
              .matrix()
              .dot(kWeights6);
        }
      },
      {6, 0.2, 1.4});
}

// ---------------------------------------------------------------- conversions

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

// ---------------------------------------------------------------- passive matrices

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

// ---------------------------------------------------------------- plain operands

TEST_CASE("plain Eigen operands are copied when recorded, Eigen::Map operands are borrowed", "[reverse][matrix]") {
  // The constants below die when f returns, before the backward sweep: the nodes hold copies.
  const auto f = [](const VarVector<double>& x) {
    const Eigen::VectorXd target = Eigen::VectorXd::LinSpaced(x.size(), -1.0, 1.0);
    const Eigen::MatrixXd scale = 2.0 * Eigen::MatrixXd::Identity(x.size(), x.size());
    return (x - target).squaredNorm() + (scale * x).dot(target) + (x.array() * (target.array() + 1.0)).prod() +
           (x.array() * Eigen::ArrayXd::LinSpaced(x.size(), 0.0, 1.0)).sum();
  };
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(4, 0.5, 2.0);
  const Eigen::VectorXd t = Eigen::VectorXd::LinSpaced(4, -1.0, 1.0);
  const Eigen::ArrayXd u = Eigen::ArrayXd::LinSpaced(4, 0.0, 1.0);
  const Recorded r = record(f, x0);
  Eigen::VectorXd expected = 2.0 * (x0 - t) + 2.0 * t + u.matrix();
  // d prod / d x_i with a zero factor (t_0 + 1 = 0): only the zero factor's own partial survives.
  Eigen::VectorXd others = Eigen::VectorXd::Ones(4);
  for (Eigen::Index i = 0; i < 4; ++i) {
    for (Eigen::Index j = 0; j < 4; ++j) others[i] *= j == i ? (t[j] + 1.0) : x0[j] * (t[j] + 1.0);
  }
  expected += others;
  CHECK(r.gradient.isApprox(expected, 1e-14));

  // A Map is read again by the backward pass: the memory it views must still be alive.
  const Eigen::VectorXd data = kWeights6;
  const Eigen::Map<const Eigen::VectorXd> view(data.data(), data.size());
  const Recorded mapped = record([&](const VarVector<double>& x) { return (x.array() * view.array()).square().sum(); }, kWeights3.replicate(2, 1));
  CHECK(mapped.gradient.isApprox((2.0 * kWeights3.replicate(2, 1).array() * data.array().square()).matrix(), 1e-14));
}

// ---------------------------------------------------------------- tape structure

TEST_CASE("one node per operation, none per element", "[reverse][matrix]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(1000, -1.0, 1.0);
  const VarVector<double> x = slope::make_variables(tape, x0);
  const Var<double> f = (x.array() - 1.0).square().sum();
  CHECK(tape.nodes() == 1);
  CHECK(tape.statements() == 0);
  CHECK(tape.variables() == 1001);
  tape.backward(f);
  CHECK(x.adjoints().isApprox(2.0 * (x0.array() - 1.0).matrix(), 1e-15));

  const VarMatrix<double> a = slope::make_variables(tape, Eigen::MatrixXd(kA43));
  const VarMatrix<double> product = a * a.transpose();
  CHECK(tape.nodes() == 3);  // the sum, the transpose, the product
  CHECK(product.rows() == 4);
  CHECK(product.cols() == 4);
  CHECK(tape.statements() == 0);
  // A vector's transpose and contiguous views share indices: no node.
  const VarVector<double> row = x.transpose();
  CHECK(row.first() == x.first());
  CHECK(x.segment(10, 5).first() == x.first() + 10);
  CHECK(a.col(1).first() == a.first() + 4);
  CHECK(tape.nodes() == 3);
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

// ---------------------------------------------------------------- edge cases

TEST_CASE("edge cases: norm at 0, prod with zeros, log-sum-exp of huge values", "[reverse][matrix]") {
  const Recorded at_zero = record([](const auto& x) { return x.norm(); }, Eigen::VectorXd::Zero(4));
  CHECK(at_zero.value == 0.0);
  CHECK(at_zero.gradient == Eigen::VectorXd::Zero(4));

  Eigen::VectorXd one_zero(4);
  one_zero << 2.0, 0.0, 3.0, -1.5;
  const Recorded prod1 = record([](const auto& x) { return x.prod(); }, one_zero);
  CHECK(prod1.value == 0.0);
  CHECK(prod1.gradient == Eigen::Vector4d(0.0, -9.0, 0.0, 0.0));
  Eigen::VectorXd two_zeros = one_zero;
  two_zeros[2] = 0.0;
  CHECK(record([](const auto& x) { return x.prod(); }, two_zeros).gradient == Eigen::VectorXd::Zero(4));

  Eigen::VectorXd huge(3);
  huge << 1000.0, 1000.0, 0.0;
  const Recorded lse = record([](const auto& x) { return slope::log_sum_exp(x); }, huge);
  CHECK(lse.value == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  CHECK(lse.gradient[0] == Approx(0.5).epsilon(1e-12));
  CHECK(lse.gradient[1] == Approx(0.5).epsilon(1e-12));
  CHECK(lse.gradient[2] == Approx(0.0).margin(1e-300));
  CHECK(slope::log_sum_exp(huge) == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  const Eigen::VectorXd soft = slope::softmax(huge);
  CHECK(soft[0] == Approx(0.5).epsilon(1e-12));
  Eigen::VectorXd very_negative(2);
  very_negative << -1000.0, -1001.0;
  CHECK(record([](const auto& x) { return slope::log_sum_exp(x); }, very_negative).gradient.sum() == Approx(1.0).epsilon(1e-12));

  // A zero weight meets an infinite partial (sqrt at 0): the contribution is 0, not NaN.
  Eigen::VectorXd with_zero(3);
  with_zero << 0.0, 1.0, 4.0;
  const Eigen::VectorXd mask = Eigen::Vector3d(0.0, 1.0, 1.0);
  const Recorded masked = record([&](const auto& x) { return (x.array().sqrt() * mask.array()).sum(); }, with_zero);
  CHECK(masked.gradient == Eigen::Vector3d(0.0, 0.5, 0.25));
  // The same through a stored result (the partial then comes from the stored sqrt).
  const Recorded stored = record([&](const auto& x) { return (x.array().sqrt().eval().array() * mask.array()).sum(); }, with_zero);
  CHECK(stored.gradient == Eigen::Vector3d(0.0, 0.5, 0.25));
}

// ---------------------------------------------------------------- errors

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
