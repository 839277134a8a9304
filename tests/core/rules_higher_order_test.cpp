// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Second and third derivatives where a rule's partial has a branch on its arguments' values
// (pow at y = 0 and x = 0, the kinks of abs, relu and max): nested duals must keep the
// tangents of the partial the branch selects. Every mode (forward over forward, forward over
// reverse on scalars and on vector nodes, hessian_forward, hvp, and third derivatives by
// Dual<Dual<Dual>> and by reverse over Dual<Dual>) against the analytic derivatives of x^y,
// written here from calculus, not from slope's rules.

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_core_rules_higher_order {

namespace {

using slope::Dual;

// f(x, y) = x^y, its derivatives from f = exp(y ln x) (L = ln x), for x > 0; at x = 0 with
// y > 3 every second and third derivative tends to 0.
struct PowReference {
  double x, y;
  double f() const { return std::pow(x, y); }
  double L() const { return std::log(x); }
  double fxx() const { return x == 0 ? 0.0 : y * (y - 1) * f() / (x * x); }
  double fxy() const { return x == 0 ? 0.0 : f() * (1 + y * L()) / x; }
  double fyy() const { return x == 0 ? 0.0 : L() * L() * f(); }
  double fxxx() const { return x == 0 ? 0.0 : y * (y - 1) * (y - 2) * f() / (x * x * x); }
  double fxxy() const { return x == 0 ? 0.0 : ((2 * y - 1) + y * (y - 1) * L()) * f() / (x * x); }
  double fxyy() const { return x == 0 ? 0.0 : L() * (2 + y * L()) * f() / x; }
  double fyyy() const { return x == 0 ? 0.0 : L() * L() * L() * f(); }
  Eigen::Matrix2d hessian() const {
    Eigen::Matrix2d h;
    h << fxx(), fxy(), fxy(), fyy();
    return h;
  }
  // D^3 f [v, v, v]
  double third(const Eigen::Vector2d& v) const {
    const double a = v[0], b = v[1];
    return fxxx() * a * a * a + 3 * fxxy() * a * a * b + 3 * fxyy() * a * b * b + fyyy() * b * b * b;
  }
  // the gradient of D^2 f [v, v]: (d/dx, d/dy) of v^T H v
  Eigen::Vector2d third_gradient(const Eigen::Vector2d& v) const {
    const double a = v[0], b = v[1];
    return {fxxx() * a * a + 2 * fxxy() * a * b + fxyy() * b * b, fxxy() * a * a + 2 * fxyy() * a * b + fyyy() * b * b};
  }
};

bool near(double a, double b, double tol = 1e-12) { return std::abs(a - b) <= tol * std::max(1.0, std::abs(b)); }

const auto pow_scalar = [](const auto& v) {
  using std::pow;
  return pow(v[0], v[1]);
};
// The same as a vector node: pow of a one-element array by a scalar, summed.
const auto pow_vector = [](const auto& v) { return pow(v.head(1).array(), v[1]).sum(); };

// Third derivative along v by forward over forward over forward.
template <class F>
double third_forward(const F& f, const Eigen::Vector2d& x, const Eigen::Vector2d& v) {
  using D3 = Dual<Dual<Dual<double>>>;
  Eigen::Matrix<D3, 2, 1> xd;
  for (int i = 0; i < 2; ++i) {
    const Dual<double> inner(x[i], {v[i]});
    const Dual<Dual<double>> middle(inner, {Dual<double>(v[i])});
    xd[i] = D3(middle, {Dual<Dual<double>>(Dual<double>(v[i]))});
  }
  return D3(f(xd)).tangent(0).tangent(0).tangent(0);
}

// The gradient of D^2 f [v, v] by reverse over forward over forward (Var<Dual<Dual<double>>>).
template <class F>
Eigen::Vector2d third_reverse(const F& f, const Eigen::Vector2d& x, const Eigen::Vector2d& v) {
  using DD = Dual<Dual<double>>;
  slope::Tape<DD> tape;
  slope::TapeScope scope(tape);
  Eigen::Matrix<DD, 2, 1> seeded;
  for (int i = 0; i < 2; ++i) seeded[i] = DD(Dual<double>(x[i], {v[i]}), {Dual<double>(v[i])});
  const slope::VarVector<DD> xv = slope::make_variables(tape, seeded);
  const slope::Var<DD> y = f(xv);
  tape.backward(y);
  const auto adjoints = xv.adjoints();
  return {adjoints(0).tangent(0).tangent(0), adjoints(1).tangent(0).tangent(0)};
}

}  // namespace

TEST_CASE("pow's second and third derivatives at y = 0 and x = 0, in every mode", "[core][rules][higher]") {
  const std::vector<Eigen::Vector2d> points = {{2.0, 0.0}, {0.5, 0.0}, {3.0, 0.0}, {2.0, 1.0},
                                               {1.5, -0.5}, {0.0, 3.5}, {0.0, 4.5}, {0.7, 2.0}};
  const Eigen::Vector2d direction(0.6, -1.1);
  for (const Eigen::Vector2d& p : points) {
    INFO("x = " << p[0] << ", y = " << p[1]);
    const PowReference ref{p[0], p[1]};
    const Eigen::Matrix2d expected = ref.hessian();
    for (const auto* name : {"scalar", "vector"}) {
      INFO(name << " form");
      const bool scalar = std::string(name) == "scalar";
      const Eigen::MatrixXd h = scalar ? slope::hessian(pow_scalar, Eigen::VectorXd(p)) : slope::hessian(pow_vector, Eigen::VectorXd(p));
      CHECK(h.isApprox(expected, 1e-12));
      const Eigen::VectorXd hv = scalar ? slope::hvp(pow_scalar, Eigen::VectorXd(p), Eigen::VectorXd(direction))
                                        : slope::hvp(pow_vector, Eigen::VectorXd(p), Eigen::VectorXd(direction));
      CHECK(hv.isApprox(expected * direction, 1e-12));
      // The gradient of D^2 f [v, v], reverse over nested duals.
      const Eigen::Vector2d third = scalar ? third_reverse(pow_scalar, p, direction) : third_reverse(pow_vector, p, direction);
      CHECK(third.isApprox(ref.third_gradient(direction), 1e-11));
    }
    const Eigen::MatrixXd hf = slope::hessian_forward(pow_scalar, Eigen::VectorXd(p));
    CHECK(hf.isApprox(expected, 1e-12));
    CHECK(near(third_forward(pow_scalar, p, direction), ref.third(direction), 1e-11));
  }
}

TEST_CASE("pow(2 + t, t) has second derivative 1 + ln(2)^2 at t = 0 in every mode", "[core][rules][higher]") {
  const auto h = [](const auto& v) {
    using std::pow;
    return pow(2.0 + v[0], v[0]);
  };
  const double expected = 1 + std::log(2.0) * std::log(2.0);
  const Eigen::VectorXd t = Eigen::VectorXd::Zero(1);
  CHECK(near(slope::hessian(h, t)(0, 0), expected));
  CHECK(near(slope::hessian_forward(h, t)(0, 0), expected));
  CHECK(near(slope::hvp(h, t, Eigen::VectorXd::Ones(1))[0], expected));
  // And against differences of the AD gradient, which involve no second-order rule at all.
  const auto gradient = [&](const Eigen::VectorXd& v) { return slope::gradient(h, v); };
  CHECK(near(slope::fd::jacobian_of_gradient(gradient, t)(0, 0), expected, 1e-8));
}

TEST_CASE("at the kinks of abs, relu and max the higher derivatives are those of the chosen branch", "[core][rules][higher]") {
  // The subgradient conventions pick a constant partial (0 or 1), whose own derivatives are 0.
  const auto kinks = [](const auto& v) {
    using std::abs;
    using std::max;
    return abs(v[0]) * 2.0 + slope::relu(v[1]) + max(v[0], v[1]) * 3.0;
  };
  const Eigen::VectorXd origin = Eigen::VectorXd::Zero(2);
  CHECK(slope::hessian(kinks, origin).isZero());
  CHECK(slope::hessian_forward(kinks, origin).isZero());
  CHECK(slope::hvp(kinks, origin, Eigen::VectorXd::Ones(2)).isZero());
  CHECK(third_reverse([&](const auto& v) { return kinks(v); }, Eigen::Vector2d::Zero(), Eigen::Vector2d(1.0, -2.0)).isZero());
  // The gradient there is the documented one: abs' = 0, relu' = 0, max's tie to the first.
  CHECK(slope::gradient(kinks, origin).isApprox(Eigen::Vector2d(3.0, 0.0)));
}

}  // namespace test_core_rules_higher_order
