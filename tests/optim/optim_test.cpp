// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/optim: every method on a convex quadratic with a known minimiser and on the 2-D
// Rosenbrock function from (-1.2, 1); the schedules; the stopping paths of Options (non_finite,
// max_iterations, callback, function_tolerance, line_search_failed); the user-gradient overload
// against AD; step() against minimize; Newton's damping; the progress rows.
//
// What each method reaches on Rosenbrock from (-1.2, 1) with |grad| <= 1e-8 (g++ -O1; the
// checks below leave some slack):
//   Newton                                       21 iterations,     29 evaluations, |x - 1| 1e-10
//   LBFGS (memory 6)                             38 iterations,     51 evaluations, |x - 1| 3e-10
//   Adam (rate 0.1)                            1987 iterations,                     |x - 1| 2e-8
//   Momentum (rate 1e-3, 0.9)                  4128 iterations (Nesterov 4178),     |x - 1| 2e-8
//   AdaGrad (rate 0.5)                        22452 iterations,                     |x - 1| 2e-8
//   RMSprop (step decay 1e-2, x0.5 / 2000)    24002 iterations,                     |x - 1| 1e-8
//   GradientDescent (rate 1e-3)               43605 iterations,                     |x - 1| 3e-8
//   GradientDescent + line search             19435 iterations, 193366 evaluations
//   RMSprop at a constant rate 1e-3 does not converge: it hovers at f ~ 2e-4 (|x - 1| ~ 1e-3),
//   its steps stay about rate-sized because g / sqrt(E[g^2]) does not shrink with g.

#include "slope/optim.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_optim_optim {

using slope_test::Approx;
using slope_test::Contains;

namespace {

namespace optim = slope::optim;
using optim::Status;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const auto rosenbrock = [](const auto& x) {
  return 100.0 * slope::square(x[1] - x[0] * x[0]) + slope::square(1.0 - x[0]);
};

Eigen::VectorXd rosenbrock_gradient(const Eigen::VectorXd& x) {
  return Eigen::Vector2d(-400.0 * (x[1] - x[0] * x[0]) * x[0] - 2.0 * (1.0 - x[0]),
                         200.0 * (x[1] - x[0] * x[0]));
}

const Eigen::VectorXd kRosenbrockStart = Eigen::Vector2d(-1.2, 1.0);
const Eigen::VectorXd kRosenbrockMinimum = Eigen::Vector2d(1.0, 1.0);

// f(x) = 1/2 x^T A x - b^T x with A symmetric positive definite: minimiser A^{-1} b, gradient
// A x - b. Written with scalar loops so that it is generic in the scalar type.
struct Quadratic {
  Eigen::MatrixXd a;
  Eigen::VectorXd b;

  template <class Vector>
  auto operator()(const Vector& x) const {
    typename Vector::Scalar sum = 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      for (Eigen::Index j = 0; j < x.size(); ++j) sum += 0.5 * a(i, j) * x[i] * x[j];
      sum -= b[i] * x[i];
    }
    return sum;
  }
  Eigen::VectorXd gradient(const Eigen::VectorXd& x) const { return a * x - b; }
  Eigen::VectorXd minimiser() const { return a.ldlt().solve(b); }
};

Quadratic quadratic() {
  Eigen::Matrix3d a;
  a << 4.0, 1.0, 0.0,  //
      1.0, 3.0, 0.5,   //
      0.0, 0.5, 2.0;
  return {a, Eigen::Vector3d(1.0, -2.0, 3.0)};
}

const Eigen::VectorXd kQuadraticStart = Eigen::Vector3d(5.0, 5.0, -5.0);

double distance(const Eigen::VectorXd& x, const Eigen::VectorXd& y) { return (x - y).norm(); }

// Records every iterate the callback sees.
struct Trace {
  std::vector<Eigen::VectorXd> x;
  std::vector<double> f;
  std::vector<double> step;
  std::function<bool(const optim::IterationInfo&)> callback() {
    return [this](const optim::IterationInfo& info) {
      CHECK(info.iteration == static_cast<int>(x.size()) + 1);
      x.push_back(info.x);
      f.push_back(info.f);
      step.push_back(info.step);
      return true;
    };
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// result.hpp

TEST_CASE("every status has a name, and a Result prints its message and iterate", "[optim]") {
  CHECK(std::string(optim::to_string(Status::converged)) == "converged");
  CHECK(std::string(optim::to_string(Status::max_iterations)) == "max_iterations");
  CHECK(std::string(optim::to_string(Status::line_search_failed)) == "line_search_failed");
  CHECK(std::string(optim::to_string(Status::non_finite)) == "non_finite");
  CHECK(std::string(optim::to_string(Status::stopped_by_callback)) == "stopped_by_callback");

  const optim::Result result = optim::minimize(quadratic(), kQuadraticStart, optim::Newton{});
  std::ostringstream out;
  out << result;
  CHECK_THAT(out.str(), Contains(result.message));
  CHECK_THAT(out.str(), Contains("evaluations = 2"));
  CHECK_THAT(out.str(), Contains("x = ("));
}

TEST_CASE("invalid options are rejected with a message naming the field", "[optim]") {
  const Quadratic q = quadratic();
  CHECK_THROWS_WITH(optim::minimize(q, kQuadraticStart, optim::GradientDescent{}, {.max_iterations = -1}),
                    Contains("max_iterations"));
  CHECK_THROWS_WITH(optim::minimize(q, kQuadraticStart, optim::GradientDescent{}, {.gradient_tolerance = -1.0}),
                    Contains("gradient_tolerance"));
  CHECK_THROWS_AS(optim::minimize(q, kQuadraticStart, optim::Momentum{.momentum = 1.5}), std::invalid_argument);
  CHECK_THROWS_AS(optim::minimize(q, kQuadraticStart, optim::Newton{.armijo = 2.0}), std::invalid_argument);
  CHECK_THROWS_AS(optim::minimize(q, kQuadraticStart, optim::LBFGS{.memory = 0}), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// objective.hpp, minimize.hpp: what minimize accepts

namespace optim_test {
struct PlainF {  // a function of Eigen::VectorXd only
  double operator()(const Eigen::VectorXd& x) const { return x.squaredNorm(); }
};
struct PlainGradient {
  Eigen::VectorXd operator()(const Eigen::VectorXd& x) const { return 2.0 * x; }
};
}  // namespace optim_test

static_assert(optim::DifferentiableObjective<decltype(rosenbrock)>);
static_assert(optim::DifferentiableObjective<decltype(rosenbrock), slope::Var<slope::Dual<double, 4>>>);
static_assert(optim::DifferentiableObjective<Quadratic>);
static_assert(!optim::DifferentiableObjective<optim_test::PlainF>,
              "a function of Eigen::VectorXd only is not differentiable by slope");
static_assert(optim::ValueFunction<optim_test::PlainF> && optim::ValueFunction<decltype(rosenbrock)>);
static_assert(optim::GradientFunction<optim_test::PlainGradient>);
static_assert(!optim::GradientFunction<optim_test::PlainF>, "a gradient returns a vector");
static_assert(!optim::GradientFunction<Eigen::VectorXd>, "a vector is data, not a gradient function");
static_assert(optim::Method<optim::GradientDescent> && optim::Method<optim::Adam> && optim::Method<optim::Newton> &&
              optim::Method<optim::LBFGS>);
static_assert(!optim::Method<double>);

// ---------------------------------------------------------------------------------------------
// schedule.hpp

TEST_CASE("schedules give the documented rates", "[optim]") {
  const optim::Schedule constant = optim::Schedule::constant(0.1);
  CHECK(constant(0) == 0.1);
  CHECK(constant(1000) == 0.1);

  const optim::Schedule step = optim::Schedule::step_decay(0.1, 0.5, 10);  // 0.1 * 0.5^floor(k/10)
  CHECK(step(0) == 0.1);
  CHECK(step(9) == 0.1);
  CHECK(step(10) == Approx(0.05));
  CHECK(step(19) == Approx(0.05));
  CHECK(step(25) == Approx(0.025));

  const optim::Schedule exponential = optim::Schedule::exponential_decay(0.1, 0.9);  // 0.1 * 0.9^k
  CHECK(exponential(0) == 0.1);
  CHECK(exponential(1) == Approx(0.09));
  CHECK(exponential(3) == Approx(0.1 * 0.729));

  const optim::Schedule number = 0.25;  // a plain number is a constant rate
  CHECK(number(7) == 0.25);

  CHECK_THROWS_AS(optim::Schedule::step_decay(0.1, 0.5, 0), std::invalid_argument);
  CHECK_THROWS_AS(optim::Schedule::exponential_decay(0.1, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(optim::Schedule(-0.1), std::invalid_argument);
}

TEST_CASE("gradient descent takes step k at the schedule's rate k", "[optim]") {
  // f = x^2 / 2: x_{k+1} = (1 - eta_k) x_k, so x_K = x_0 * prod_k (1 - eta_k).
  const auto half_square = [](const auto& x) { return 0.5 * x[0] * x[0]; };
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(1, 1.0);
  const optim::Options five_steps{.max_iterations = 5, .gradient_tolerance = 0.0};

  SECTION("step decay") {
    const auto schedule = optim::Schedule::step_decay(0.5, 0.5, 2);  // 0.5, 0.5, 0.25, 0.25, 0.125
    const auto result = optim::minimize(half_square, x0, optim::GradientDescent{.learning_rate = schedule}, five_steps);
    CHECK(result.x[0] == Approx(0.5 * 0.5 * 0.75 * 0.75 * 0.875));
  }
  SECTION("exponential decay") {
    const auto schedule = optim::Schedule::exponential_decay(0.5, 0.5);  // 0.5, 0.25, 0.125, ...
    const auto result = optim::minimize(half_square, x0, optim::GradientDescent{.learning_rate = schedule}, five_steps);
    CHECK(result.x[0] == Approx(0.5 * 0.75 * 0.875 * 0.9375 * 0.96875));
  }
}

// ---------------------------------------------------------------------------------------------
// first_order.hpp

TEST_CASE("first-order steps follow their formulas on a fixed gradient", "[optim]") {
  // One variable, x0 = 1, gradient 2 at both steps.
  const auto two_steps = [](auto method, double first, double second) {
    const Eigen::VectorXd g = Eigen::VectorXd::Constant(1, 2.0);
    Eigen::VectorXd x = Eigen::VectorXd::Constant(1, 1.0);
    method.step(x, g);
    CHECK(x[0] == Approx(first));
    method.step(x, g);
    CHECK(x[0] == Approx(second));
  };
  // x -= 0.1 * 2
  two_steps(optim::GradientDescent{.learning_rate = 0.1}, 0.8, 0.6);
  // v = -0.2, x = 0.8; v = 0.9 * -0.2 - 0.2 = -0.38, x = 0.42
  two_steps(optim::Momentum{.learning_rate = 0.1}, 0.8, 0.42);
  // v = -0.2, x += 0.9 v - 0.2 = -0.38 -> 0.62; v = -0.38, x += 0.9 v - 0.2 = -0.542 -> 0.078
  two_steps(optim::Momentum{.learning_rate = 0.1, .nesterov = true}, 0.62, 0.078);
  // s = 4, x -= 0.1 * 2 / 2 -> 0.9; s = 8, x -= 0.2 / sqrt(8)
  two_steps(optim::AdaGrad{.learning_rate = 0.1}, 0.9, 0.9 - 0.2 / std::sqrt(8.0));
  // s = 0.4, x -= 0.2 / sqrt(0.4); s = 0.9 * 0.4 + 0.4 = 0.76, x -= 0.2 / sqrt(0.76)
  two_steps(optim::RMSprop{.learning_rate = 0.1}, 1.0 - 0.2 / std::sqrt(0.4),
            1.0 - 0.2 / std::sqrt(0.4) - 0.2 / std::sqrt(0.76));
  // The bias-corrected moments are exactly g and g^2 for a constant g: x -= 0.1 at each step.
  two_steps(optim::Adam{.learning_rate = 0.1}, 0.9, 0.8);
  // AdamW: x -= 0.1 * (1 + 0.5 x): 1 -> 0.85 -> 0.85 - 0.1 * (1 + 0.425) = 0.7075
  two_steps(optim::Adam{.learning_rate = 0.1, .weight_decay = 0.5}, 0.85, 0.7075);
}

TEST_CASE("step() on a size it was not started with throws until reset()", "[optim]") {
  optim::Adam adam;
  Eigen::VectorXd x = Eigen::VectorXd::Ones(3);
  adam.step(x, Eigen::VectorXd::Ones(3));
  Eigen::VectorXd other = Eigen::VectorXd::Ones(2);
  CHECK_THROWS_WITH(adam.step(other, Eigen::VectorXd::Ones(2)), Contains("reset()"));
  CHECK_THROWS_AS(adam.step(x, Eigen::VectorXd::Ones(2)), std::invalid_argument);
  adam.reset();
  CHECK(adam.state.steps == 0);
  adam.step(other, Eigen::VectorXd::Ones(2));
  CHECK(adam.state.steps == 1);
}

namespace {

// minimize's iterates (seen by the callback) equal a hand-written loop of step(x, gradient(x)).
template <class Method>
void check_step_reproduces_minimize(Method method) {
  const Quadratic q = quadratic();
  Trace trace;
  const auto result = optim::minimize(q, kQuadraticStart, method,
                                      {.max_iterations = 25, .gradient_tolerance = 0.0, .callback = trace.callback()});
  REQUIRE(result.status == Status::max_iterations);
  REQUIRE(trace.x.size() == 25);
  for (int pass = 0; pass < 2; ++pass) {  // the second pass after reset() repeats the first
    method.reset();
    Eigen::VectorXd x = kQuadraticStart;
    for (const Eigen::VectorXd& expected : trace.x) {
      method.step(x, slope::gradient(q, x));
      CHECK(x == expected);
    }
  }
  CHECK(result.x == trace.x.back());
}

}  // namespace

TEST_CASE("step(x, g) reproduces minimize's iterates, and reset() restarts", "[optim]") {
  SECTION("gradient descent") { check_step_reproduces_minimize(optim::GradientDescent{.learning_rate = 0.1}); }
  SECTION("momentum") { check_step_reproduces_minimize(optim::Momentum{.learning_rate = 0.05}); }
  SECTION("nesterov") { check_step_reproduces_minimize(optim::Momentum{.learning_rate = 0.05, .nesterov = true}); }
  SECTION("adagrad") { check_step_reproduces_minimize(optim::AdaGrad{.learning_rate = 0.5}); }
  SECTION("rmsprop") { check_step_reproduces_minimize(optim::RMSprop{.learning_rate = 0.05}); }
  SECTION("adam") { check_step_reproduces_minimize(optim::Adam{.learning_rate = 0.1, .weight_decay = 0.01}); }
}

TEST_CASE("a method object is reset by minimize, so it can be reused", "[optim]") {
  const Quadratic q = quadratic();
  optim::Adam adam{.learning_rate = 0.1};
  Eigen::VectorXd x = kQuadraticStart;
  for (int k = 0; k < 10; ++k) adam.step(x, q.gradient(x));
  const auto after_steps = optim::minimize(q, kQuadraticStart, adam, {.max_iterations = 20});
  const auto fresh = optim::minimize(q, kQuadraticStart, optim::Adam{.learning_rate = 0.1}, {.max_iterations = 20});
  CHECK(after_steps.x == fresh.x);
}

TEST_CASE("first-order methods find the minimiser of a convex quadratic", "[optim]") {
  const Quadratic q = quadratic();
  const optim::Options options{.max_iterations = 20000, .gradient_tolerance = 1e-9};
  const auto check = [&](const optim::Result& result) {
    INFO(result);
    CHECK(result.status == Status::converged);
    CHECK(distance(result.x, q.minimiser()) <= 1e-6);
    CHECK(result.evaluations == result.iterations + 1);
  };
  SECTION("gradient descent") { check(optim::minimize(q, kQuadraticStart, optim::GradientDescent{.learning_rate = 0.2}, options)); }
  SECTION("momentum") { check(optim::minimize(q, kQuadraticStart, optim::Momentum{.learning_rate = 0.05}, options)); }
  SECTION("nesterov") {
    check(optim::minimize(q, kQuadraticStart, optim::Momentum{.learning_rate = 0.05, .nesterov = true}, options));
  }
  SECTION("adagrad") { check(optim::minimize(q, kQuadraticStart, optim::AdaGrad{.learning_rate = 1.0}, options)); }
  SECTION("rmsprop, with a decaying rate") {
    // At a constant rate RMSprop's steps stay rate-sized (g / sqrt(E[g^2]) ~ 1): the rate must decay.
    const auto rate = optim::Schedule::step_decay(0.05, 0.5, 500);
    check(optim::minimize(q, kQuadraticStart, optim::RMSprop{.learning_rate = rate}, options));
  }
  SECTION("adam") { check(optim::minimize(q, kQuadraticStart, optim::Adam{.learning_rate = 0.1}, options)); }
  SECTION("gradient descent with a line search") {
    const auto result = optim::minimize(q, kQuadraticStart,
                                        optim::GradientDescent{.line_search = optim::BacktrackingLineSearch{}}, options);
    INFO(result);
    CHECK(result.status == Status::converged);
    CHECK(distance(result.x, q.minimiser()) <= 1e-6);
    CHECK(result.evaluations > result.iterations + 1);  // trials count as evaluations
  }
}

TEST_CASE("first-order methods on Rosenbrock: what each reaches", "[optim]") {
  const auto converges = [](const optim::Result& result, int max_iterations) {
    INFO(result);
    CHECK(result.status == Status::converged);
    CHECK(result.iterations <= max_iterations);
    CHECK(distance(result.x, kRosenbrockMinimum) <= 1e-6);
  };
  const optim::Options options{.max_iterations = 60000};
  SECTION("adam") { converges(optim::minimize(rosenbrock, kRosenbrockStart, optim::Adam{.learning_rate = 0.1}, options), 3000); }
  SECTION("momentum") {
    converges(optim::minimize(rosenbrock, kRosenbrockStart, optim::Momentum{.learning_rate = 1e-3}, options), 6000);
  }
  SECTION("nesterov") {
    converges(optim::minimize(rosenbrock, kRosenbrockStart,
                              optim::Momentum{.learning_rate = 1e-3, .nesterov = true}, options),
              6000);
  }
  SECTION("adagrad") {
    converges(optim::minimize(rosenbrock, kRosenbrockStart, optim::AdaGrad{.learning_rate = 0.5}, options), 30000);
  }
  SECTION("rmsprop with step decay") {
    const auto rate = optim::Schedule::step_decay(1e-2, 0.5, 2000);
    converges(optim::minimize(rosenbrock, kRosenbrockStart, optim::RMSprop{.learning_rate = rate}, options), 30000);
  }
  SECTION("gradient descent") {
    converges(optim::minimize(rosenbrock, kRosenbrockStart, optim::GradientDescent{.learning_rate = 1e-3}, options),
              50000);
  }
  SECTION("rmsprop at a constant rate reduces f but does not converge") {
    const auto result = optim::minimize(rosenbrock, kRosenbrockStart, optim::RMSprop{.learning_rate = 1e-3},
                                        {.max_iterations = 20000});
    CHECK(result.status == Status::max_iterations);
    CHECK(result.f < 1e-3);  // from 24.2
    CHECK(distance(result.x, kRosenbrockMinimum) < 1e-2);
  }
  SECTION("gradient descent with a line search, to a looser tolerance") {
    const auto result = optim::minimize(rosenbrock, kRosenbrockStart,
                                        optim::GradientDescent{.line_search = optim::BacktrackingLineSearch{}},
                                        {.max_iterations = 20000, .gradient_tolerance = 1e-4});
    INFO(result);
    CHECK(result.status == Status::converged);
    CHECK(distance(result.x, kRosenbrockMinimum) <= 1e-3);
  }
}

// ---------------------------------------------------------------------------------------------
// newton.hpp

TEST_CASE("Newton solves a quadratic in one iteration", "[optim]") {
  const Quadratic q = quadratic();
  const auto result = optim::minimize(q, kQuadraticStart, optim::Newton{});
  INFO(result);
  CHECK(result.status == Status::converged);
  CHECK(result.iterations == 1);
  CHECK(result.evaluations == 2);
  CHECK(distance(result.x, q.minimiser()) <= 1e-12);
}

TEST_CASE("Newton converges on Rosenbrock", "[optim]") {
  const auto result = optim::minimize(rosenbrock, kRosenbrockStart, optim::Newton{});
  INFO(result);
  CHECK(result.status == Status::converged);
  CHECK(result.iterations <= 30);
  CHECK(distance(result.x, kRosenbrockMinimum) <= 1e-6);
  CHECK(result.grad_norm <= 1e-8);
}

TEST_CASE("Newton damps an indefinite Hessian and still descends", "[optim]") {
  // f = x^2 - y^2 + y^4 / 4: a saddle at the origin, minima at (0, +-sqrt 2) with f = -1. At
  // (1, 0.1) the Hessian diag(2, 3y^2 - 2) is indefinite, and the undamped Newton step would
  // jump to the saddle (0, -0.001).
  const auto saddle = [](const auto& v) { return v[0] * v[0] - v[1] * v[1] + 0.25 * slope::square(v[1] * v[1]); };
  Trace trace;
  const auto result = optim::minimize(saddle, Eigen::Vector2d(1.0, 0.1), optim::Newton{}, {.callback = trace.callback()});
  INFO(result);
  CHECK(result.status == Status::converged);
  CHECK(result.f == Approx(-1.0));
  CHECK(std::abs(result.x[1]) == Approx(std::sqrt(2.0)));
  double previous = saddle(Eigen::Vector2d(1.0, 0.1));
  for (const double f : trace.f) {
    CHECK(f < previous);
    previous = f;
  }
  // Rosenbrock from (0, 1), where its Hessian diag(-398, 200) is indefinite, too.
  const auto from_indefinite = optim::minimize(rosenbrock, Eigen::Vector2d(0.0, 1.0), optim::Newton{});
  CHECK(from_indefinite.status == Status::converged);
  CHECK(distance(from_indefinite.x, kRosenbrockMinimum) <= 1e-6);
}

TEST_CASE("Newton's line search steps back from where f is undefined", "[optim]") {
  // f = x - 2 log x (minimum at x = 2): from x = 0.1 the full Newton step overshoots to x < 0.
  const auto f = [](const auto& x) { return x[0] - 2.0 * log(x[0]); };
  const auto result = optim::minimize(f, Eigen::VectorXd::Constant(1, 0.1), optim::Newton{});
  INFO(result);
  CHECK(result.status == Status::converged);
  CHECK(result.x[0] == Approx(2.0));
}

// ---------------------------------------------------------------------------------------------
// lbfgs.hpp

#if SLOPE_HAVE_LBFGSPP
TEST_CASE("L-BFGS finds the minimiser of a quadratic and of Rosenbrock", "[optim]") {
  const Quadratic q = quadratic();
  const auto on_quadratic = optim::minimize(q, kQuadraticStart, optim::LBFGS{});
  CHECK(on_quadratic.status == Status::converged);
  CHECK(distance(on_quadratic.x, q.minimiser()) <= 1e-6);

  const auto result = optim::minimize(rosenbrock, kRosenbrockStart, optim::LBFGS{});
  INFO(result);
  CHECK(result.status == Status::converged);
  CHECK(result.iterations <= 60);
  CHECK(distance(result.x, kRosenbrockMinimum) <= 1e-6);
}

TEST_CASE("L-BFGS honours max_iterations, the callback and the function tolerance", "[optim]") {
  Trace trace;
  const auto limited = optim::minimize(rosenbrock, kRosenbrockStart, optim::LBFGS{},
                                       {.max_iterations = 5, .callback = trace.callback()});
  CHECK(limited.status == Status::max_iterations);
  CHECK(limited.iterations == 5);
  REQUIRE(trace.x.size() == 5);
  CHECK(limited.x == trace.x.back());
  CHECK(limited.f == trace.f.back());

  const auto stopped = optim::minimize(rosenbrock, kRosenbrockStart, optim::LBFGS{},
                                       {.callback = [](const optim::IterationInfo& info) { return info.iteration < 3; }});
  CHECK(stopped.status == Status::stopped_by_callback);
  CHECK(stopped.iterations == 3);

  const auto loose = optim::minimize(rosenbrock, kRosenbrockStart, optim::LBFGS{},
                                     {.gradient_tolerance = 0.0, .function_tolerance = 1e-3});
  CHECK(loose.status == Status::converged);
  CHECK_THAT(loose.message, Contains("|f_k - f_{k-1}|"));
}

TEST_CASE("an L-BFGS line-search failure is reported with the last accepted iterate", "[optim]") {
  // A wrong gradient (its sign flipped) makes LBFGSpp search uphill; its line search gives up.
  const auto wrong_gradient = [](const Eigen::VectorXd& x) -> Eigen::VectorXd { return -rosenbrock_gradient(x); };
  const auto result = optim::minimize(rosenbrock, wrong_gradient, kRosenbrockStart, optim::LBFGS{});
  INFO(result);
  CHECK(result.status == Status::line_search_failed);
  CHECK_THAT(result.message, Contains("LBFGSpp"));
  CHECK(result.iterations == 0);
  CHECK(result.x == kRosenbrockStart);
  CHECK(result.f == Approx(24.2));
}

TEST_CASE("L-BFGS stops on a non-finite gradient, and lets f's own exceptions through", "[optim]") {
  // The gradient turns NaN once x[0] > 0: the last iterate with x[0] <= 0 is returned.
  const auto nan_gradient = [](const Eigen::VectorXd& x) -> Eigen::VectorXd {
    return x[0] > 0.0 ? Eigen::VectorXd::Constant(2, kNaN) : rosenbrock_gradient(x);
  };
  const auto result = optim::minimize(rosenbrock, nan_gradient, kRosenbrockStart, optim::LBFGS{});
  INFO(result);
  CHECK(result.status == Status::non_finite);
  CHECK(result.x[0] <= 0.0);
  CHECK(std::isfinite(result.f));
  CHECK(std::isfinite(result.grad_norm));

  int calls = 0;
  const auto throwing = [&calls](const Eigen::VectorXd& x) -> double {
    if (++calls == 3) throw std::runtime_error("f failed");
    return rosenbrock(x);
  };
  CHECK_THROWS_WITH(optim::minimize(throwing, rosenbrock_gradient, kRosenbrockStart, optim::LBFGS{}), "f failed");
  // So does the callback's (std::runtime_error is also what LBFGSpp throws when its search fails).
  const optim::Options throwing_callback{.callback = [](const optim::IterationInfo& info) -> bool {
    if (info.iteration == 2) throw std::runtime_error("callback failed");
    return true;
  }};
  CHECK_THROWS_WITH(optim::minimize(rosenbrock, kRosenbrockStart, optim::LBFGS{}, throwing_callback), "callback failed");
}
#endif

// ---------------------------------------------------------------------------------------------
// minimize.hpp: the stopping paths, the user-gradient overload, the progress rows

TEST_CASE("a non-finite f stops the run at the last finite iterate", "[optim]") {
  // f = log x: gradient descent at rate 0.5 from x = 1 goes to 0.5, then to 0.5 - 0.5 * 2 < 0.
  const auto log_of = [](const auto& x) { return log(x[0]); };
  const auto result = optim::minimize(log_of, Eigen::VectorXd::Constant(1, 1.0),
                                      optim::GradientDescent{.learning_rate = 0.5});
  INFO(result);
  CHECK(result.status == Status::non_finite);
  CHECK(result.iterations == 1);
  CHECK(result.evaluations == 3);
  CHECK(result.x[0] == 0.5);
  CHECK(result.f == Approx(std::log(0.5)));
  CHECK(result.grad_norm == Approx(2.0));
  CHECK_THAT(result.message, Contains("not finite at iteration 2"));

  // Diverging gradient descent on Rosenbrock overflows to infinity, and stops too.
  const auto diverging = optim::minimize(rosenbrock, kRosenbrockStart, optim::GradientDescent{.learning_rate = 1e-2});
  CHECK(diverging.status == Status::non_finite);
  CHECK(std::isfinite(diverging.f));
  CHECK(diverging.x.allFinite());
}

TEST_CASE("a gradient returning NaN stops the run at the last finite iterate", "[optim]") {
  const Quadratic q = quadratic();
  int calls = 0;
  const auto nan_after_three = [&](const Eigen::VectorXd& x) -> Eigen::VectorXd {
    return ++calls > 3 ? Eigen::VectorXd::Constant(3, kNaN) : q.gradient(x);
  };
  const auto f = [&q](const Eigen::VectorXd& x) { return q(x); };
  const auto result = optim::minimize(f, nan_after_three, kQuadraticStart, optim::Adam{.learning_rate = 0.1});
  CHECK(result.status == Status::non_finite);
  CHECK(result.iterations == 2);  // the starting point and iterates 1 and 2 had finite gradients
  CHECK(result.evaluations == 4);
  CHECK(std::isfinite(result.grad_norm));
  CHECK_THAT(result.message, Contains("the gradient is not finite"));

  const auto at_start = optim::minimize(f, [](const Eigen::VectorXd&) { return Eigen::VectorXd::Constant(3, kNaN); },
                                        kQuadraticStart, optim::GradientDescent{});
  CHECK(at_start.status == Status::non_finite);
  CHECK(at_start.iterations == 0);
  CHECK(at_start.x == kQuadraticStart);
}

TEST_CASE("max_iterations, a callback and function_tolerance end a run", "[optim]") {
  const Quadratic q = quadratic();
  SECTION("max_iterations") {
    const auto result = optim::minimize(q, kQuadraticStart, optim::GradientDescent{}, {.max_iterations = 5});
    CHECK(result.status == Status::max_iterations);
    CHECK(result.iterations == 5);
    CHECK(result.evaluations == 6);
    CHECK_THAT(result.message, Contains("max_iterations = 5"));
    const auto none = optim::minimize(q, kQuadraticStart, optim::GradientDescent{}, {.max_iterations = 0});
    CHECK(none.status == Status::max_iterations);
    CHECK(none.x == kQuadraticStart);
  }
  SECTION("callback") {
    std::vector<int> seen;
    const auto result = optim::minimize(q, kQuadraticStart, optim::GradientDescent{},
                                        {.callback = [&](const optim::IterationInfo& info) {
                                          seen.push_back(info.iteration);
                                          CHECK(info.f == Approx(q(info.x)));
                                          CHECK(info.grad_norm == Approx(q.gradient(info.x).norm()));
                                          return info.iteration < 4;
                                        }});
    CHECK(result.status == Status::stopped_by_callback);
    CHECK(result.iterations == 4);
    CHECK(seen == std::vector<int>{1, 2, 3, 4});
  }
  SECTION("function_tolerance") {
    Trace trace;
    const double tolerance = 1e-6;
    const auto result = optim::minimize(
        q, kQuadraticStart, optim::GradientDescent{.learning_rate = 0.05},
        {.gradient_tolerance = 0.0, .function_tolerance = tolerance, .callback = trace.callback()});
    INFO(result);
    CHECK(result.status == Status::converged);
    CHECK_THAT(result.message, Contains("|f_k - f_{k-1}|"));
    const std::size_t n = trace.f.size();
    REQUIRE(n >= 3);
    CHECK(std::abs(result.f - trace.f[n - 2]) <= tolerance * std::max(1.0, std::abs(result.f)));
    // The function changed by more than the tolerance at every earlier iteration.
    CHECK(std::abs(trace.f[n - 2] - trace.f[n - 3]) > tolerance * std::max(1.0, std::abs(trace.f[n - 2])));
  }
  SECTION("a start that is already a minimiser") {
    const auto result = optim::minimize(q, q.minimiser(), optim::Adam{});
    CHECK(result.status == Status::converged);
    CHECK(result.iterations == 0);
    CHECK(result.evaluations == 1);
    CHECK_THAT(result.message, Contains("after 0 iterations"));
  }
}

TEST_CASE("converged messages read as a sentence", "[optim]") {
  const auto result = optim::minimize(quadratic(), kQuadraticStart, optim::Newton{});
  CHECK_THAT(result.message, Contains("converged: |grad| = "));
  CHECK_THAT(result.message, Contains(" <= 1e-08 after 1 iteration"));
}

TEST_CASE("minimize with the user's gradient equals minimize with AD", "[optim]") {
  const Quadratic q = quadratic();
  const auto f = [&q](const Eigen::VectorXd& x) { return q(x); };
  const auto g = [&q](const Eigen::VectorXd& x) { return q.gradient(x); };
  const optim::Options options{.max_iterations = 200};
  const auto compare = [](const optim::Result& user, const optim::Result& ad) {
    CHECK(user.status == ad.status);
    CHECK(user.iterations == ad.iterations);
    CHECK(user.evaluations == ad.evaluations);
    CHECK(distance(user.x, ad.x) <= 1e-10);
  };
  compare(optim::minimize(f, g, kQuadraticStart, optim::Adam{.learning_rate = 0.1}, options),
          optim::minimize(q, kQuadraticStart, optim::Adam{.learning_rate = 0.1}, options));
  compare(optim::minimize(f, g, kQuadraticStart, optim::Momentum{.learning_rate = 0.05}, options),
          optim::minimize(q, kQuadraticStart, optim::Momentum{.learning_rate = 0.05}, options));
#if SLOPE_HAVE_LBFGSPP
  compare(optim::minimize(rosenbrock, rosenbrock_gradient, kRosenbrockStart, optim::LBFGS{}),
          optim::minimize(rosenbrock, kRosenbrockStart, optim::LBFGS{}));
#endif
  // A gradient of the wrong size is a programming error.
  const auto short_gradient = [](const Eigen::VectorXd&) { return Eigen::VectorXd::Ones(2); };
  CHECK_THROWS_WITH(optim::minimize(f, short_gradient, kQuadraticStart, optim::GradientDescent{}),
                    Contains("one entry per variable"));
}

TEST_CASE("gradient descent with a line search reports a failed search", "[optim]") {
  const auto wrong_gradient = [](const Eigen::VectorXd& x) -> Eigen::VectorXd { return -rosenbrock_gradient(x); };
  const auto result = optim::minimize(rosenbrock, wrong_gradient, kRosenbrockStart,
                                      optim::GradientDescent{.line_search = optim::BacktrackingLineSearch{.max_steps = 10}});
  CHECK(result.status == Status::line_search_failed);
  CHECK(result.evaluations == 11);
  CHECK(result.x == kRosenbrockStart);
}

TEST_CASE("print_every writes a row every k iterations, the last row and the message", "[optim]") {
  // f = x^2 / 2 at rate 0.5 from x = 1: x_k = |grad_k| = step_k = 2^-k, f_k = 2^-(2k+1).
  const auto half_square = [](const auto& x) { return 0.5 * x[0] * x[0]; };
  std::ostringstream out;
  const auto result = optim::minimize(half_square, Eigen::VectorXd::Constant(1, 1.0),
                                      optim::GradientDescent{.learning_rate = 0.5},
                                      {.max_iterations = 5, .print_every = 2, .out = &out});
  CHECK(result.status == Status::max_iterations);
  CHECK(out.str() ==
        "iteration                 f      |grad|        step\n"
        "        0   5.000000000e-01   1.000e+00   0.000e+00\n"
        "        2   3.125000000e-02   2.500e-01   2.500e-01\n"
        "        4   1.953125000e-03   6.250e-02   6.250e-02\n"
        "        5   4.882812500e-04   3.125e-02   3.125e-02\n"
        "stopped: reached max_iterations = 5 with |grad| = 0.031 > 1e-08\n");

  std::ostringstream silent;
  optim::minimize(half_square, Eigen::VectorXd::Constant(1, 1.0), optim::GradientDescent{.learning_rate = 0.5},
                  {.max_iterations = 5, .out = &silent});
  CHECK(silent.str().empty());
}

}  // namespace test_optim_optim
