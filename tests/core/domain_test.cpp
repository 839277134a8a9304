// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Outside a function's domain (README's conventions table): the value is NaN as IEEE has it,
// and the derivative is the derivative formula's value at that point, as JAX and PyTorch give
// it (finite for the logarithms and atanh, NaN where the formula itself takes a root or a
// logarithm of a negative number). The same in forward mode, in reverse mode on scalars and
// in reverse mode's vector nodes.

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_core_domain {

namespace {

using slope::Dual;
using slope::Var;

constexpr double kNotANumber = std::numeric_limits<double>::quiet_NaN();

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b || std::abs(a - b) <= 1e-15 * std::abs(b); }

template <class F>
void check_outside(const std::string& name, const F& f, double x, double derivative) {
  INFO(name << " at " << x);
  // forward mode
  const Dual<double> y = f(Dual<double>::variable(x));
  CHECK(std::isnan(y.value()));
  CHECK(same(y.tangent(0), derivative));
  // reverse mode on a scalar
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Var<double> v = tape.variable(x);
  const Var<double> r = f(v);
  CHECK(std::isnan(r.value()));
  tape.backward(r);
  CHECK(same(tape.adjoint(v), derivative));
  // reverse mode, one vector node over [x, 0.5]: the element outside the domain gets the
  // formula's value, the other its ordinary derivative
  const Eigen::Vector2d xs(x, 0.5);
  const slope::ValueAndGradient vg = slope::value_and_gradient([&](const auto& u) { return f(u.array()).sum(); }, xs);
  CHECK(std::isnan(vg.value));
  CHECK(same(vg.gradient[0], derivative));
  CHECK(same(vg.gradient[1], Dual<double>(f(Dual<double>::variable(0.5))).tangent(0)));
}

}  // namespace

#define SLOPE_FN(fn) [](const auto& u) { using std::fn; return fn(u); }

TEST_CASE("outside the domain: NaN value, the derivative formula's value", "[core][rules][domain]") {
  check_outside("log", SLOPE_FN(log), -1.0, -1.0);
  check_outside("log2", SLOPE_FN(log2), -1.0, -1 / std::numbers::ln2);
  check_outside("log10", SLOPE_FN(log10), -1.0, -1 / std::numbers::ln10);
  check_outside("log1p", SLOPE_FN(log1p), -2.0, -1.0);
  check_outside("atanh", SLOPE_FN(atanh), 2.0, -1.0 / 3.0);
  check_outside("sqrt", SLOPE_FN(sqrt), -1.0, kNotANumber);
  check_outside("asin", SLOPE_FN(asin), 2.0, kNotANumber);
  check_outside("acos", SLOPE_FN(acos), -2.0, kNotANumber);
  check_outside("acosh", SLOPE_FN(acosh), 0.5, kNotANumber);
  check_outside("pow(x, 0.5)", [](const auto& u) { using std::pow; return pow(u, 0.5); }, -2.0, kNotANumber);
}

TEST_CASE("sum(log(x)) on a VarVector with a negative element follows the same convention", "[core][rules][domain]") {
  const Eigen::Vector3d x(2.0, -1.0, 4.0);
  const slope::ValueAndGradient vg = slope::value_and_gradient([](const auto& v) { return v.array().log().sum(); }, x);
  CHECK(std::isnan(vg.value));
  CHECK(vg.gradient.isApprox(Eigen::Vector3d(0.5, -1.0, 0.25)));
  CHECK(slope::gradient_forward([](const auto& v) { return v.array().log().sum(); }, x).isApprox(vg.gradient));
}

TEST_CASE("log_sum_exp of an empty vector is -inf for every scalar type", "[core][domain]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(slope::log_sum_exp(Eigen::VectorXd(0)) == -inf);
  CHECK(slope::log_sum_exp(Eigen::Matrix<Dual<double>, -1, 1>(0)).value() == -inf);
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  CHECK(slope::log_sum_exp(slope::make_variables(tape, Eigen::VectorXd(0))).value() == -inf);
  CHECK(slope::log_sum_exp(Eigen::Matrix<Var<double>, -1, 1>(0)).value() == -inf);
  // and its gradient is empty
  CHECK(slope::gradient([](const auto& v) { return slope::log_sum_exp(v); }, Eigen::VectorXd(0)).size() == 0);
}

#undef SLOPE_FN

}  // namespace test_core_domain
