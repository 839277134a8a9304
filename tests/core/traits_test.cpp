// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Naming the scalar in generic code (slope/core/traits.hpp: scalar_t; slope/core/expr.hpp:
// eval): the same accumulator in every mode.

#include <Eigen/Dense>

#include <cmath>
#include <type_traits>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_core_traits {

namespace {

using slope::Dual;
using slope::Var;

// The accumulator users write, with the scalar named instead of `auto total = 0.0 * kappa`.
const auto accumulate = [](const auto& x) {
  using std::cos;
  const auto kappa = x[0];
  const auto mu = x[1];
  slope::scalar_t<decltype(x)> total = 0.0;
  for (Eigen::Index i = 2; i < x.size(); ++i) total = total - kappa * cos(x[i] - mu);
  return total;
};

}  // namespace

TEST_CASE("scalar_t names the active scalar of vectors, matrices and scalar expressions", "[core][traits]") {
  static_assert(std::is_same_v<slope::scalar_t<Eigen::VectorXd>, double>);
  static_assert(std::is_same_v<slope::scalar_t<const Eigen::MatrixXf&>, float>);
  static_assert(std::is_same_v<slope::scalar_t<double>, double>);
  static_assert(std::is_same_v<slope::scalar_t<Eigen::Matrix<Dual<double, 2>, -1, 1>>, Dual<double, 2>>);
  static_assert(std::is_same_v<slope::scalar_t<slope::VarVector<double>>, Var<double>>);
  static_assert(std::is_same_v<slope::scalar_t<Var<double>>, Var<double>>);
  using Expression = decltype(std::declval<Var<double>>() * 1.0);
  static_assert(std::is_same_v<slope::scalar_t<Expression>, Var<double>>);
  using DualExpression = decltype(sin(std::declval<Dual<double>>()) + 2.0);
  static_assert(std::is_same_v<slope::scalar_t<DualExpression>, Dual<double>>);
  using ArrayExpression = decltype(std::declval<slope::VarVector<double>>().array() * 2.0);
  static_assert(std::is_same_v<slope::scalar_t<ArrayExpression>, Var<double>>);

  const Eigen::VectorXd x = (Eigen::VectorXd(5) << 2.0, 0.3, 0.1, -0.4, 1.2).finished();
  double expected = 0;
  for (Eigen::Index i = 2; i < 5; ++i) expected -= x[0] * std::cos(x[i] - x[1]);
  CHECK(accumulate(x) == slope_test::Approx(expected));
  const Eigen::VectorXd reverse = slope::gradient(accumulate, x);
  CHECK(reverse.isApprox(slope::gradient_forward(accumulate, x), 1e-14));
  CHECK(slope::check_gradient(accumulate, x).passed);
  CHECK(slope::hessian(accumulate, x).isApprox(slope::hessian_forward(accumulate, x), 1e-13));
}

TEST_CASE("eval evaluates scalar expressions and passes everything else through", "[core][traits]") {
  const Dual<double> d = Dual<double>::variable(2.0);
  const auto e = slope::eval(d * d + 1.0);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(e)>, Dual<double>>);
  CHECK(e.value() == 5.0);
  CHECK(e.tangent(0) == 4.0);
  static_assert(std::is_same_v<decltype(slope::eval(2.0)), double>);
  CHECK(slope::eval(2.5) == 2.5);
  static_assert(std::is_same_v<decltype(slope::eval(d)), Dual<double>>);
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Var<double> v = tape.variable(3.0);
  const auto recorded = slope::eval(v * v);  // records the statement
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(recorded)>, Var<double>>);
  CHECK(tape.statements() == 1);
  tape.backward(recorded);
  CHECK(tape.adjoint(v) == 6.0);
  // the branch whose arms are different expressions, with the return type named
  const auto hinge = [](const auto& x) -> slope::scalar_t<decltype(x)> {
    if (x[0] > 1.0) return 0.0 * x[0];
    return 1.0 - x[0];
  };
  CHECK(slope::gradient(hinge, Eigen::VectorXd::Constant(1, 0.5))[0] == -1.0);
  CHECK(slope::gradient(hinge, Eigen::VectorXd::Constant(1, 1.5))[0] == 0.0);
}

TEST_CASE("an expression kept in a variable is an operand like any other", "[core][traits]") {
  // `auto s = exp(x)` holds an expression node; used as an operand (a non-const lvalue) it is
  // copied, not wrapped around itself (slope/core/expr.hpp: computed log(exp(exp(x))) once).
  const auto body = [](const auto& x) {
    using std::cos, std::exp, std::log, std::sin, std::sqrt;
    auto s = exp(x[0]);
    auto square = x[1] * x[1];
    const auto t = sin(s);
    return log(s) + t * s - cos(s) + sqrt(square) + exp(-square);
  };
  const Eigen::Vector2d x(0.3, -1.2);
  const double s = std::exp(x[0]);
  const double value = x[0] + std::sin(s) * s - std::cos(s) + 1.2 + std::exp(-1.44);
  // d/dx0 = 1 + (cos(s) s + sin(s)) s + sin(s) s;  d/dx1 = sign(x1) - 2 x1 exp(-x1^2)
  const Eigen::Vector2d expected((1 + (std::cos(s) * s + std::sin(s)) * s + std::sin(s) * s), -1.0 + 2.4 * std::exp(-1.44));
  CHECK(body(x) == Approx(value).epsilon(1e-15));
  const slope::ValueAndGradient reverse = slope::value_and_gradient(body, Eigen::VectorXd(x));
  CHECK(reverse.value == Approx(value).epsilon(1e-15));
  CHECK(reverse.gradient.isApprox(expected, 1e-14));
  CHECK(slope::gradient_forward(body, Eigen::VectorXd(x)).isApprox(expected, 1e-14));
  // and on a Var and a Dual directly
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Var<double> v = tape.variable(0.3);
  auto e = exp(v);
  const Var<double> y = log(e) + sin(e);
  tape.backward(y);
  CHECK(y.value() == Approx(0.3 + std::sin(s)).epsilon(1e-15));
  CHECK(tape.adjoint(v) == Approx(1 + std::cos(s) * s).epsilon(1e-15));
  const auto d = Dual<double>::variable(0.3);
  auto de = exp(d);
  const Dual<double> dy = log(de) + sin(de);
  CHECK(dy.value() == Approx(0.3 + std::sin(s)).epsilon(1e-15));
  CHECK(dy.tangent(0) == Approx(1 + std::cos(s) * s).epsilon(1e-15));
}

// An expression node holds its operands and its value, nothing more: the nodes stay small
// enough for the optimiser to keep in registers. (A node's empty base, which rejects +=, must
// not pad nested nodes: one base type shared by all nodes did, 72 -> 88 bytes below.)
template <class E>
constexpr bool kNodeIsOperandsAndValue = false;
template <class Rule, class A, class B>
constexpr bool kNodeIsOperandsAndValue<slope::BinaryNode<Rule, A, B>> =
    sizeof(slope::BinaryNode<Rule, A, B>) == sizeof(A) + sizeof(B) + sizeof(typename slope::BinaryNode<Rule, A, B>::value_type);
static_assert(kNodeIsOperandsAndValue<decltype(Var<double>() * Var<double>())>);
static_assert(kNodeIsOperandsAndValue<decltype(sin(Var<double>() * Var<double>()) + Var<double>())>);
static_assert(kNodeIsOperandsAndValue<decltype((Var<double>() * Var<double>()) * (Var<double>() + Var<double>()))>);
static_assert(kNodeIsOperandsAndValue<decltype(sin(Dual<double>() * Dual<double>()) + Dual<double>())>);
static_assert(sizeof(decltype(sin(Var<double>() * Var<double>()))) == sizeof(Var<double>) * 2 + 2 * sizeof(double));

}  // namespace test_core_traits
