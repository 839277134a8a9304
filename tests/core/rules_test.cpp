// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Every derivative rule in slope/core/rules.hpp, through both modes: at >= 60 random points
// of its domain, first derivatives against Richardson differences and against an analytic
// formula written differently from the rule; second derivatives (nested duals) against
// differences of the AD first derivative; reverse mode (Var, and Var<Dual> for second
// derivatives) against forward mode to round-off; float against double; and each edge point
// and convention of the README table exactly, in both modes.

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_core_rules {

namespace {

using slope::Dual;
using D1 = Dual<double>;
using D2 = Dual<Dual<double>>;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kRandomPoints = 60;

// A differentiable-looking agreement: |a - b| <= abs_tol + rel_tol * max(|a|, |b|).
bool close(double a, double b, double rel_tol, double abs_tol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= abs_tol + rel_tol * std::max(std::abs(a), std::abs(b));
}

std::vector<double> uniform_points(double lo, double hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> points(kRandomPoints);
  for (double& p : points) p = dist(rng);
  return points;
}

// The initial Richardson step: small enough to stay clear of the domain edge and of kinks.
double step_within(double x, double lo, double hi, const std::vector<double>& kinks) {
  double room = std::min(x - lo, hi - x);
  for (double k : kinks) room = std::min(room, std::abs(x - k));
  return std::min(0.1 * std::max(1.0, std::abs(x)), 0.25 * room);
}

// Reverse mode: f recorded on a fresh tape, swept from its output. Returns the adjoint of the
// input, of type T (a Dual<double> for forward over reverse).
template <class T, class F>
T reverse_derivative(const F& f, const T& x) {
  slope::Tape<T> tape;
  slope::TapeScope scope(tape);
  const slope::Var<T> v = tape.variable(x);
  const slope::Var<T> y = f(v);
  tape.backward(y);
  return tape.adjoint(v);
}

template <class T, class F>
std::array<T, 2> reverse_partials(const F& f, const T& a, const T& b) {
  slope::Tape<T> tape;
  slope::TapeScope scope(tape);
  const slope::Var<T> va = tape.variable(a), vb = tape.variable(b);
  const slope::Var<T> y = f(va, vb);
  tape.backward(y);
  return {tape.adjoint(va), tape.adjoint(vb)};
}

using Analytic = double (*)(double);

struct UnarySpec {
  const char* name;
  double lo, hi;                 // random points are drawn from [lo, hi]
  std::vector<double> kinks;     // points where differences must not straddle
  Analytic analytic = nullptr;   // f', written independently of the rule
  double float_tol = 2e-5;       // relative agreement of Dual<float> with Dual<double>
};

template <class F>
void check_unary(const UnarySpec& spec, const F& f) {
  const auto f_double = [&](double x) { return static_cast<double>(f(x)); };
  const auto first = [&](double x) { return D1(f(D1::variable(x))).tangent(0); };
  unsigned seed = 7;
  for (const char* c = spec.name; *c; ++c) seed = seed * 31 + static_cast<unsigned>(*c);
  for (double x : uniform_points(spec.lo, spec.hi, seed)) {
    INFO(spec.name << " at x = " << x);
    const D1 y = f(D1::variable(x));
    CHECK(y.value() == f_double(x));
    const double ad = y.tangent(0);
    const double h = step_within(x, spec.lo, spec.hi, spec.kinks);
    const auto fd = slope::fd::derivative_richardson(f_double, x, h);
    INFO("AD " << ad << ", Richardson " << fd.value << " +- " << fd.error);
    CHECK(close(ad, fd.value, 1e-8, 1e-10));
    if (spec.analytic != nullptr) CHECK(close(ad, spec.analytic(x), 1e-12, 1e-14));

    // Nesting: the inner and outer first derivatives agree; the second matches differences.
    const D2 y2 = f(D2::variable(D1::variable(x)));
    CHECK(close(y2.value().tangent(0), ad, 1e-14, 0));
    CHECK(close(y2.tangent(0).value(), ad, 1e-14, 0));
    const double second = y2.tangent(0).tangent(0);
    const auto fd2 = slope::fd::derivative_richardson(first, x, h);
    INFO("second: AD " << second << ", Richardson " << fd2.value << " +- " << fd2.error);
    CHECK(close(second, fd2.value, 1e-7, 1e-9));

    // Reverse mode, and forward over reverse, agree with forward mode to round-off.
    CHECK(close(reverse_derivative(f, x), ad, 1e-13, 1e-300));
    CHECK(close(reverse_derivative(f, D1::variable(x)).tangent(0), second, 1e-12, 1e-300));

    const Dual<float> yf = f(Dual<float>::variable(static_cast<float>(x)));
    CHECK(close(static_cast<double>(yf.tangent(0)), first(static_cast<float>(x)), spec.float_tol,
                spec.float_tol));
  }
}

// An edge point: value and first derivative exactly as documented (NaN and inf included).
template <class F>
void check_edge(const char* name, const F& f, double x, double value, double slope) {
  INFO(name << " at the edge x = " << x);
  const D1 y = f(D1::variable(x));
  CHECK(close(y.value(), value, 1e-15, 0));
  CHECK(close(y.tangent(0), slope, 1e-15, 0));
  CHECK(close(reverse_derivative(f, x), slope, 1e-15, 0));
}

std::vector<double> integers(int from, int to, double offset = 0.0) {
  std::vector<double> v;
  for (int k = from; k <= to; ++k) v.push_back(k + offset);
  return v;
}

}  // namespace

TEST_CASE("powers, roots, exponentials and logarithms", "[core][rules]") {
  // clang-format off
  check_unary({"square", -5, 5, {}, [](double x) { return x + x; }},
              [](const auto& x) { return slope::square(x); });
  check_unary({"sqrt", 1e-3, 10, {0}, [](double x) { return 0.5 / std::sqrt(x); }},
              [](const auto& x) { using std::sqrt; return sqrt(x); });
  check_unary({"cbrt", -10, 10, {0}, [](double x) { return std::pow(std::abs(x), -2.0 / 3.0) / 3.0; }},
              [](const auto& x) { using std::cbrt; return cbrt(x); });
  check_unary({"exp", -5, 5, {}, [](double x) { return std::exp(x); }},
              [](const auto& x) { using std::exp; return exp(x); });
  check_unary({"exp2", -5, 5, {}, [](double x) { return std::log(2.0) * std::pow(2.0, x); }},
              [](const auto& x) { using std::exp2; return exp2(x); });
  check_unary({"expm1", -5, 5, {}, [](double x) { return std::exp(x); }},
              [](const auto& x) { using std::expm1; return expm1(x); });
  check_unary({"log", 1e-2, 10, {0}, [](double x) { return 1 / x; }},
              [](const auto& x) { using std::log; return log(x); });
  check_unary({"log2", 1e-2, 10, {0}, [](double x) { return 1 / (x * std::log(2.0)); }},
              [](const auto& x) { using std::log2; return log2(x); });
  check_unary({"log10", 1e-2, 10, {0}, [](double x) { return 1 / (x * std::log(10.0)); }},
              [](const auto& x) { using std::log10; return log10(x); });
  check_unary({"log1p", -0.99, 10, {-1}, [](double x) { return 1 / (1 + x); }},
              [](const auto& x) { using std::log1p; return log1p(x); });
  // clang-format on
  const auto sqrt_f = [](const auto& x) { using std::sqrt; return sqrt(x); };
  check_edge("sqrt", sqrt_f, 0.0, 0.0, kInf);
  check_edge("sqrt", sqrt_f, -1.0, kNaN, kNaN);
  check_edge("cbrt", [](const auto& x) { using std::cbrt; return cbrt(x); }, 0.0, 0.0, kInf);
  check_edge("log", [](const auto& x) { using std::log; return log(x); }, 0.0, -kInf, kInf);
  check_edge("log", [](const auto& x) { using std::log; return log(x); }, -1.0, kNaN, -1.0);
  check_edge("log1p", [](const auto& x) { using std::log1p; return log1p(x); }, -1.0, -kInf, kInf);
  check_edge("exp", [](const auto& x) { using std::exp; return exp(x); }, 1000.0, kInf, kInf);
}

TEST_CASE("trigonometric and hyperbolic functions", "[core][rules]") {
  // clang-format off
  check_unary({"sin", -10, 10, {}, [](double x) { return std::sin(x + std::numbers::pi / 2); }},
              [](const auto& x) { using std::sin; return sin(x); });
  check_unary({"cos", -10, 10, {}, [](double x) { return std::cos(x + std::numbers::pi / 2); }},
              [](const auto& x) { using std::cos; return cos(x); });
  check_unary({"tan", -1.4, 1.4, {-std::numbers::pi / 2, std::numbers::pi / 2},
               [](double x) { return 1 / (std::cos(x) * std::cos(x)); }},
              [](const auto& x) { using std::tan; return tan(x); });
  check_unary({"asin", -0.95, 0.95, {-1, 1}, [](double x) { return 1 / std::sqrt(1 - x * x); }},
              [](const auto& x) { using std::asin; return asin(x); });
  check_unary({"acos", -0.95, 0.95, {-1, 1}, [](double x) { return -1 / std::sqrt(1 - x * x); }},
              [](const auto& x) { using std::acos; return acos(x); });
  check_unary({"atan", -10, 10, {}, [](double x) { return 1 / (1 + x * x); }},
              [](const auto& x) { using std::atan; return atan(x); });
  check_unary({"sinh", -5, 5, {}, [](double x) { return (std::exp(x) + std::exp(-x)) / 2; }},
              [](const auto& x) { using std::sinh; return sinh(x); });
  check_unary({"cosh", -5, 5, {}, [](double x) { return (std::exp(x) - std::exp(-x)) / 2; }},
              [](const auto& x) { using std::cosh; return cosh(x); });
  check_unary({"tanh", -5, 5, {}, [](double x) { return 1 / (std::cosh(x) * std::cosh(x)); }},
              [](const auto& x) { using std::tanh; return tanh(x); });
  check_unary({"asinh", -10, 10, {}, [](double x) { return 1 / std::sqrt(x * x + 1); }},
              [](const auto& x) { using std::asinh; return asinh(x); });
  check_unary({"acosh", 1.05, 10, {1}, [](double x) { return 1 / std::sqrt(x * x - 1); }},
              [](const auto& x) { using std::acosh; return acosh(x); });
  check_unary({"atanh", -0.95, 0.95, {-1, 1}, [](double x) { return 1 / (1 - x * x); }},
              [](const auto& x) { using std::atanh; return atanh(x); });
  // clang-format on
  check_edge("asin", [](const auto& x) { using std::asin; return asin(x); }, 1.0, std::asin(1.0), kInf);
  check_edge("acos", [](const auto& x) { using std::acos; return acos(x); }, -1.0, std::acos(-1.0), -kInf);
  check_edge("acosh", [](const auto& x) { using std::acosh; return acosh(x); }, 1.0, 0.0, kInf);
  check_edge("atanh", [](const auto& x) { using std::atanh; return atanh(x); }, 1.0, kInf, kInf);
  check_edge("asin", [](const auto& x) { using std::asin; return asin(x); }, 2.0, kNaN, kNaN);
  check_edge("asinh", [](const auto& x) { using std::asinh; return asinh(x); }, 1e300, std::asinh(1e300), 1e-300);
}

TEST_CASE("special functions", "[core][rules]") {
  const double two_over_sqrt_pi = 2 / std::sqrt(std::numbers::pi);
  // clang-format off
  check_unary({"erf", -3, 3, {}, [](double x) { return 2 / std::sqrt(std::numbers::pi) * std::exp(-x * x); }},
              [](const auto& x) { using std::erf; return erf(x); });
  check_unary({"erfc", -3, 3, {}, [](double x) { return -2 / std::sqrt(std::numbers::pi) * std::exp(-x * x); }},
              [](const auto& x) { using std::erfc; return erfc(x); });
  // Gamma and its logarithm: no independent closed form for the derivative, so Richardson
  // alone judges them, on both sides of zero (between the poles -3, -2).
  check_unary({"tgamma", 0.2, 6, {0}, nullptr, 1e-4},
              [](const auto& x) { using std::tgamma; return tgamma(x); });
  check_unary({"tgamma (negative)", -2.9, -2.1, {-3, -2}, nullptr, 1e-4},
              [](const auto& x) { using std::tgamma; return tgamma(x); });
  check_unary({"lgamma", 0.2, 20, {0}, nullptr, 1e-4},
              [](const auto& x) { using std::lgamma; return lgamma(x); });
  check_unary({"lgamma (negative)", -2.9, -2.1, {-3, -2}, nullptr, 1e-4},
              [](const auto& x) { using std::lgamma; return lgamma(x); });
  // clang-format on
  check_edge("erf", [](const auto& x) { using std::erf; return erf(x); }, 0.0, 0.0, two_over_sqrt_pi);
  check_edge("lgamma", [](const auto& x) { using std::lgamma; return lgamma(x); }, -2.0, kInf, kNaN);
}

TEST_CASE("digamma matches its known values", "[core][rules]") {
  constexpr double kEulerGamma = 0.57721566490153286061;
  CHECK(close(slope::digamma(1.0), -kEulerGamma, 1e-15, 0));
  CHECK(close(slope::digamma(0.5), -kEulerGamma - 2 * std::log(2.0), 1e-15, 0));
  double harmonic = 0;
  for (int n = 1; n <= 30; ++n) {
    INFO("n = " << n);
    CHECK(close(slope::digamma(static_cast<double>(n)), harmonic - kEulerGamma, 1e-14, 1e-15));
    harmonic += 1.0 / n;
  }
  // reflection: psi(1 - x) - psi(x) = pi cot(pi x)
  for (double x : {0.1, 0.3, 0.77, 2.4}) {
    CHECK(close(slope::digamma(1 - x) - slope::digamma(x), std::numbers::pi / std::tan(std::numbers::pi * x), 1e-12, 1e-13));
  }
  // its derivative, trigamma, by nesting: psi'(1) = pi^2 / 6
  CHECK(close(slope::digamma(D1::variable(1.0)).tangent(0), std::numbers::pi * std::numbers::pi / 6, 1e-14, 0));
  CHECK(std::isnan(slope::digamma(0.0)));
  CHECK(std::isnan(slope::digamma(-3.0)));
}

TEST_CASE("piecewise functions and their conventions", "[core][rules]") {
  // clang-format off
  check_unary({"abs", -5, 5, {0}, [](double x) { return x > 0 ? 1.0 : -1.0; }},
              [](const auto& x) { using std::abs; return abs(x); });
  check_unary({"fabs", -5, 5, {0}, [](double x) { return x > 0 ? 1.0 : -1.0; }},
              [](const auto& x) { using std::fabs; return fabs(x); });
  check_unary({"relu", -5, 5, {0}, [](double x) { return x > 0 ? 1.0 : 0.0; }},
              [](const auto& x) { return slope::relu(x); });
  check_unary({"floor", -5, 5, integers(-6, 6), [](double) { return 0.0; }},
              [](const auto& x) { using std::floor; return floor(x); });
  check_unary({"ceil", -5, 5, integers(-6, 6), [](double) { return 0.0; }},
              [](const auto& x) { using std::ceil; return ceil(x); });
  check_unary({"trunc", -5, 5, integers(-6, 6), [](double) { return 0.0; }},
              [](const auto& x) { using std::trunc; return trunc(x); });
  check_unary({"round", -5, 5, integers(-6, 6, 0.5), [](double) { return 0.0; }},
              [](const auto& x) { using std::round; return round(x); });
  // clang-format on
  const auto abs_f = [](const auto& x) { using std::abs; return abs(x); };
  const auto relu_f = [](const auto& x) { return slope::relu(x); };
  check_edge("abs", abs_f, 0.0, 0.0, 0.0);
  check_edge("abs", abs_f, -0.0, 0.0, 0.0);
  check_edge("abs", abs_f, kNaN, kNaN, 0.0);
  check_edge("relu", relu_f, 0.0, 0.0, 0.0);
  check_edge("relu", relu_f, kNaN, kNaN, 0.0);
  check_edge("floor", [](const auto& x) { using std::floor; return floor(x); }, 2.0, 2.0, 0.0);
}

TEST_CASE("machine-learning helpers", "[core][rules]") {
  // clang-format off
  check_unary({"sigmoid", -20, 20, {}, [](double x) { return std::exp(-x) / ((1 + std::exp(-x)) * (1 + std::exp(-x))); }},
              [](const auto& x) { return slope::sigmoid(x); });
  check_unary({"softplus", -20, 20, {}, [](double x) { return 1 / (1 + std::exp(-x)); }},
              [](const auto& x) { return slope::softplus(x); });
  // clang-format on
  const auto sigmoid_f = [](const auto& x) { return slope::sigmoid(x); };
  const auto softplus_f = [](const auto& x) { return slope::softplus(x); };
  check_edge("sigmoid", sigmoid_f, 0.0, 0.5, 0.25);
  check_edge("sigmoid", sigmoid_f, 800.0, 1.0, 0.0);  // no overflow in exp
  check_edge("sigmoid", sigmoid_f, -800.0, 0.0, 0.0);
  check_edge("softplus", softplus_f, 800.0, 800.0, 1.0);
  check_edge("softplus", softplus_f, -800.0, 0.0, 0.0);
  check_edge("softplus", softplus_f, 0.0, std::log(2.0), 0.5);
  CHECK(slope::sigmoid(0) == 0.5);  // integers are promoted to double
  CHECK(slope::relu(-3.5) == 0.0);
  CHECK(close(slope::softplus(1.0), std::log1p(std::exp(1.0)), 1e-15, 0));
}

// ---------------------------------------------------------------- binary functions

namespace {

using Analytic2 = double (*)(double, double);
using D1x2 = Dual<double, 2>;
using D2x2 = Dual<Dual<double, 2>, 2>;

struct BinarySpec {
  const char* name;
  double lo_a, hi_a, lo_b, hi_b;
  Analytic2 d_a = nullptr, d_b = nullptr;
  // The largest step that stays clear of the kinks and edges near (a, b).
  std::function<double(double, double)> max_step = [](double, double) { return 0.1; };
};

template <class F>
void check_binary(const BinarySpec& spec, const F& f) {
  const auto points_a = uniform_points(spec.lo_a, spec.hi_a, 11);
  const auto points_b = uniform_points(spec.lo_b, spec.hi_b, 13);
  const auto f_double = [&](double a, double b) { return static_cast<double>(f(a, b)); };
  const auto gradient_ad = [&](double a, double b) {
    const D1x2 y = f(D1x2::variable(a, 0), D1x2::variable(b, 1));
    return std::array<double, 2>{y.tangent(0), y.tangent(1)};
  };
  for (std::size_t i = 0; i < points_a.size(); ++i) {
    const double a = points_a[i], b = points_b[i];
    const double h = spec.max_step(a, b);
    INFO(spec.name << " at (" << a << ", " << b << "), step " << h);
    if (!(h > 1e-4)) continue;  // too close to a kink for differences to mean anything
    const D1x2 y = f(D1x2::variable(a, 0), D1x2::variable(b, 1));
    CHECK(y.value() == f_double(a, b));
    const auto fd_a = slope::fd::derivative_richardson([&](double t) { return f_double(t, b); }, a, h);
    const auto fd_b = slope::fd::derivative_richardson([&](double t) { return f_double(a, t); }, b, h);
    INFO("AD (" << y.tangent(0) << ", " << y.tangent(1) << "), Richardson (" << fd_a.value << ", " << fd_b.value << ")");
    CHECK(close(y.tangent(0), fd_a.value, 1e-8, 1e-10));
    CHECK(close(y.tangent(1), fd_b.value, 1e-8, 1e-10));
    if (spec.d_a != nullptr) CHECK(close(y.tangent(0), spec.d_a(a, b), 1e-12, 1e-14));
    if (spec.d_b != nullptr) CHECK(close(y.tangent(1), spec.d_b(a, b), 1e-12, 1e-14));

    // One argument a plain number: the mixed overloads give the same partials.
    CHECK(close(D1(f(D1::variable(a), b)).tangent(0), y.tangent(0), 1e-15, 0));
    CHECK(close(D1(f(a, D1::variable(b))).tangent(0), y.tangent(1), 1e-15, 0));

    // The Hessian by nesting against differences of the AD gradient.
    using Inner = Dual<double, 2>;
    const D2x2 y2 = f(D2x2::variable(Inner::variable(a, 0), 0), D2x2::variable(Inner::variable(b, 1), 1));
    const auto da = slope::fd::derivative_richardson([&](double t) { return gradient_ad(t, b)[0]; }, a, h);
    const auto db = slope::fd::derivative_richardson([&](double t) { return gradient_ad(a, t)[1]; }, b, h);
    const auto dab = slope::fd::derivative_richardson([&](double t) { return gradient_ad(a, t)[0]; }, b, h);
    INFO("Hessian AD [" << y2.tangent(0).tangent(0) << ", " << y2.tangent(0).tangent(1) << "; "
                        << y2.tangent(1).tangent(1) << "], differences [" << da.value << ", " << dab.value << "; " << db.value << "]");
    CHECK(close(y2.tangent(0).tangent(0), da.value, 1e-7, 1e-9));
    CHECK(close(y2.tangent(1).tangent(1), db.value, 1e-7, 1e-9));
    CHECK(close(y2.tangent(0).tangent(1), dab.value, 1e-7, 1e-9));
    CHECK(close(y2.tangent(1).tangent(0), dab.value, 1e-7, 1e-9));

    // Reverse mode and forward over reverse against forward mode.
    const auto reverse = reverse_partials(f, a, b);
    CHECK(close(reverse[0], y.tangent(0), 1e-13, 1e-300));
    CHECK(close(reverse[1], y.tangent(1), 1e-13, 1e-300));
    const auto over = reverse_partials(f, D1(a, {1.0}), D1(b, {0.0}));  // Hessian column a
    CHECK(close(over[0].tangent(0), y2.tangent(0).tangent(0), 1e-12, 1e-300));
    CHECK(close(over[1].tangent(0), y2.tangent(0).tangent(1), 1e-12, 1e-300));
  }
}

template <class F>
void check_edge2(const char* name, const F& f, double a, double b, double value, double d_a, double d_b) {
  INFO(name << " at the edge (" << a << ", " << b << ")");
  const D1x2 y = f(D1x2::variable(a, 0), D1x2::variable(b, 1));
  CHECK(close(y.value(), value, 1e-13, 0));
  CHECK(close(y.tangent(0), d_a, 1e-13, 0));
  CHECK(close(y.tangent(1), d_b, 1e-13, 0));
  const auto reverse = reverse_partials(f, a, b);
  CHECK(close(reverse[0], d_a, 1e-13, 0));
  CHECK(close(reverse[1], d_b, 1e-13, 0));
}

double away_from_diagonal(double a, double b) { return std::min(0.1, 0.4 * std::abs(a - b)); }

}  // namespace

TEST_CASE("arithmetic operators", "[core][rules]") {
  // clang-format off
  check_binary({"+", -5, 5, -5, 5, [](double, double) { return 1.0; }, [](double, double) { return 1.0; }},
               [](const auto& a, const auto& b) { return a + b; });
  check_binary({"-", -5, 5, -5, 5, [](double, double) { return 1.0; }, [](double, double) { return -1.0; }},
               [](const auto& a, const auto& b) { return a - b; });
  check_binary({"*", -5, 5, -5, 5, [](double, double b) { return b; }, [](double a, double) { return a; }},
               [](const auto& a, const auto& b) { return a * b; });
  check_binary({"/", -5, 5, 0.5, 5, [](double, double b) { return 1 / b; }, [](double a, double b) { return -a / (b * b); }},
               [](const auto& a, const auto& b) { return a / b; });
  // clang-format on
  check_unary({"unary -", -5, 5, {}, [](double) { return -1.0; }}, [](const auto& x) { return -x; });
  check_edge2("/", [](const auto& a, const auto& b) { return a / b; }, 1.0, 0.0, kInf, kInf, -kInf);
}

TEST_CASE("pow, hypot, atan2 and log_sum_exp", "[core][rules]") {
  // clang-format off
  check_binary({"pow", 0.1, 5, -3, 3,
                [](double a, double b) { return b * std::pow(a, b) / a; },
                [](double a, double b) { return std::pow(a, b) * std::log(a); },
                [](double a, double) { return std::min(0.1, 0.4 * a); }},
               [](const auto& a, const auto& b) { using std::pow; return pow(a, b); });
  check_binary({"hypot", -5, 5, -5, 5,
                [](double a, double b) { return a / std::sqrt(a * a + b * b); },
                [](double a, double b) { return b / std::sqrt(a * a + b * b); },
                [](double a, double b) { return std::min(0.1, 0.25 * std::hypot(a, b)); }},
               [](const auto& a, const auto& b) { using std::hypot; return hypot(a, b); });
  check_binary({"atan2", -5, 5, -5, 5,
                [](double y, double x) { return x / (x * x + y * y); },
                [](double y, double x) { return -y / (x * x + y * y); },
                // also clear of the branch cut on the negative x axis
                [](double y, double x) { return std::min(0.1, 0.25 * (x < 0 ? std::abs(y) : std::hypot(x, y))); }},
               [](const auto& a, const auto& b) { using std::atan2; return atan2(a, b); });
  check_binary({"log_sum_exp", -10, 10, -10, 10,
                [](double a, double b) { return 1 / (1 + std::exp(b - a)); },
                [](double a, double b) { return 1 / (1 + std::exp(a - b)); }},
               [](const auto& a, const auto& b) { return slope::log_sum_exp(a, b); });
  // clang-format on
  const auto pow_f = [](const auto& a, const auto& b) { using std::pow; return pow(a, b); };
  check_edge2("pow", pow_f, 0.0, 2.0, 0.0, 0.0, 0.0);         // 0^y = 0 near y > 0
  check_edge2("pow", pow_f, 0.0, 1.0, 0.0, 1.0, 0.0);
  check_edge2("pow", pow_f, 0.0, 0.5, 0.0, kInf, 0.0);        // sqrt's infinite slope
  check_edge2("pow", pow_f, 0.0, 0.0, 1.0, 0.0, -kInf);       // x^0 = 1 constant in x
  check_edge2("pow", pow_f, -2.0, 3.0, -8.0, 12.0, kNaN);     // (-2)^y is not real near 3
  check_edge2("pow", pow_f, 3.0, 0.0, 1.0, 0.0, std::log(3.0));
  const auto hypot_f = [](const auto& a, const auto& b) { using std::hypot; return hypot(a, b); };
  check_edge2("hypot", hypot_f, 0.0, 0.0, 0.0, 0.0, 0.0);
  check_edge2("atan2", [](const auto& a, const auto& b) { using std::atan2; return atan2(a, b); }, 0.0, 0.0, 0.0, kNaN, kNaN);
  const auto lse = [](const auto& a, const auto& b) { return slope::log_sum_exp(a, b); };
  check_edge2("log_sum_exp", lse, 1000.0, 1000.0, 1000.0 + std::log(2.0), 0.5, 0.5);
  check_edge2("log_sum_exp", lse, -kInf, 0.0, 0.0, 0.0, 1.0);
  check_edge2("log_sum_exp", lse, kInf, 0.0, kInf, kNaN, 0.0);  // exp(inf - inf) in x

  // The variadic form, mixed with plain numbers, against its definition.
  const D1x2 a = D1x2::variable(0.3, 0), b = D1x2::variable(-1.2, 1);
  const D1x2 y = slope::log_sum_exp(a, 2.0, b, -0.5);
  const double total = std::exp(0.3) + std::exp(2.0) + std::exp(-1.2) + std::exp(-0.5);
  CHECK(close(y.value(), std::log(total), 1e-15, 0));
  CHECK(close(y.tangent(0), std::exp(0.3) / total, 1e-15, 0));
  CHECK(close(y.tangent(1), std::exp(-1.2) / total, 1e-15, 0));
  CHECK(close(slope::log_sum_exp(1000.0, 1000.0, 1000.0), 1000 + std::log(3.0), 1e-15, 0));
}

TEST_CASE("min, max, fmin, fmax and copysign", "[core][rules]") {
  // clang-format off
  check_binary({"max", -5, 5, -5, 5, [](double a, double b) { return a >= b ? 1.0 : 0.0; },
                [](double a, double b) { return a >= b ? 0.0 : 1.0; }, away_from_diagonal},
               [](const auto& a, const auto& b) { return slope::max(a, b); });
  check_binary({"min", -5, 5, -5, 5, [](double a, double b) { return a <= b ? 1.0 : 0.0; },
                [](double a, double b) { return a <= b ? 0.0 : 1.0; }, away_from_diagonal},
               [](const auto& a, const auto& b) { return slope::min(a, b); });
  check_binary({"fmax", -5, 5, -5, 5, [](double a, double b) { return a >= b ? 1.0 : 0.0; },
                [](double a, double b) { return a >= b ? 0.0 : 1.0; }, away_from_diagonal},
               [](const auto& a, const auto& b) { using std::fmax; return fmax(a, b); });
  check_binary({"fmin", -5, 5, -5, 5, [](double a, double b) { return a <= b ? 1.0 : 0.0; },
                [](double a, double b) { return a <= b ? 0.0 : 1.0; }, away_from_diagonal},
               [](const auto& a, const auto& b) { using std::fmin; return fmin(a, b); });
  check_binary({"copysign", -5, 5, -5, 5,
                [](double a, double b) { return (a > 0) == (b > 0) ? 1.0 : -1.0; },
                [](double, double) { return 0.0; },
                [](double a, double b) { return std::min({0.1, 0.4 * std::abs(a), 0.4 * std::abs(b)}); }},
               [](const auto& a, const auto& b) { using std::copysign; return copysign(a, b); });
  // clang-format on
  const auto max_f = [](const auto& a, const auto& b) { return slope::max(a, b); };
  const auto min_f = [](const auto& a, const auto& b) { return slope::min(a, b); };
  const auto fmax_f = [](const auto& a, const auto& b) { using std::fmax; return fmax(a, b); };
  const auto fmin_f = [](const auto& a, const auto& b) { using std::fmin; return fmin(a, b); };
  check_edge2("max", max_f, 2.0, 2.0, 2.0, 1.0, 0.0);  // a tie goes to the first argument
  check_edge2("min", min_f, 2.0, 2.0, 2.0, 1.0, 0.0);
  check_edge2("max", max_f, kNaN, 1.0, kNaN, 1.0, 0.0);  // NaN propagates
  check_edge2("max", max_f, 1.0, kNaN, kNaN, 0.0, 1.0);
  check_edge2("min", min_f, 1.0, kNaN, kNaN, 0.0, 1.0);
  check_edge2("fmax", fmax_f, kNaN, 1.0, 1.0, 0.0, 1.0);  // NaN is ignored, as in C
  check_edge2("fmax", fmax_f, 1.0, kNaN, 1.0, 1.0, 0.0);
  check_edge2("fmin", fmin_f, kNaN, 1.0, 1.0, 0.0, 1.0);
  check_edge2("fmax", fmax_f, 2.0, 2.0, 2.0, 1.0, 0.0);
  const auto copysign_f = [](const auto& a, const auto& b) { using std::copysign; return copysign(a, b); };
  check_edge2("copysign", copysign_f, 0.0, -1.0, -0.0, 0.0, 0.0);
  check_edge2("copysign", copysign_f, 2.0, -1.0, -2.0, -1.0, 0.0);
}

}  // namespace test_core_rules
