// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The derivative rules: for every elementary function, its value and its partial
// derivative(s), written once and consumed by every mode.
//
// A unary rule has `value(x)` and `derivative(x, fx)` (fx = value(x), so exp and tanh reuse
// it); a binary rule has `value(x, y)`, `d_left(x, y, f)` and `d_right(x, y, f)`. Each is a
// template over the scalar T, which is float, double, long double or a Dual (nesting gives
// higher derivatives: the rule itself is then differentiated). Forward mode multiplies the
// partials into tangents, reverse mode records them on the tape.
//
//     double y  = slope::rules::Tanh::value(0.5);
//     double dy = slope::rules::Tanh::derivative(0.5, y);   // 1 - tanh(0.5)^2
//
// Conventions at non-differentiable and singular points (also tabled in README.md):
// a kink gets the smallest subgradient in magnitude (abs, relu, copysign at 0: 0; hypot at
// the origin: 0); a tie of min/max goes to the first argument; a genuinely infinite slope is
// +-inf (sqrt and cbrt at 0); elsewhere outside the domain IEEE NaN/Inf propagate unchanged.

#include <cmath>
#include <numbers>

#include "slope/core/special.hpp"
#include "slope/core/traits.hpp"

namespace slope::rules {

// sgn(x) in {-1, 0, 1}; sgn(0) = 0 picks the zero subgradient at a kink.
template <class T>
T sign(const T& x) {
  return x > 0 ? T(1) : (x < 0 ? T(-1) : T(0));
}

// A rule whose derivative is identically zero (floor, round, ...) says so, and is skipped.
template <class Rule>
concept ZeroDerivativeRule = Rule::kZeroDerivative;

// ---------------------------------------------------------------- arithmetic

struct Negate {
  // d(-x) = -dx
  template <class T> static T value(const T& x) { return -x; }
  template <class T> static T derivative(const T&, const T&) { return T(-1); }
};

struct Square {
  // d(x^2) = 2x dx
  template <class T> static T value(const T& x) { return x * x; }
  template <class T> static T derivative(const T& x, const T&) { return T(2) * x; }
};

struct Add {
  // d(x + y) = dx + dy
  template <class T> static T value(const T& x, const T& y) { return x + y; }
  template <class T> static T d_left(const T&, const T&, const T&) { return T(1); }
  template <class T> static T d_right(const T&, const T&, const T&) { return T(1); }
};

struct Subtract {
  // d(x - y) = dx - dy
  template <class T> static T value(const T& x, const T& y) { return x - y; }
  template <class T> static T d_left(const T&, const T&, const T&) { return T(1); }
  template <class T> static T d_right(const T&, const T&, const T&) { return T(-1); }
};

struct Multiply {
  // d(xy) = y dx + x dy
  template <class T> static T value(const T& x, const T& y) { return x * y; }
  template <class T> static T d_left(const T&, const T& y, const T&) { return y; }
  template <class T> static T d_right(const T& x, const T&, const T&) { return x; }
};

struct Divide {
  // d(x/y) = dx/y - (x/y) dy/y
  template <class T> static T value(const T& x, const T& y) { return x / y; }
  template <class T> static T d_left(const T&, const T& y, const T&) { return T(1) / y; }
  // -f * (1/y) rather than -f/y: where both partials are needed the compiler computes 1/y
  // once (one division instead of two), for at most one more rounding.
  template <class T> static T d_right(const T&, const T& y, const T& f) { return -f * (T(1) / y); }
};

// ---------------------------------------------------------------- powers and roots

struct Sqrt {
  // d sqrt(x) = dx / (2 sqrt(x)); +inf at 0
  template <class T> static T value(const T& x) { using std::sqrt; return sqrt(x); }
  template <class T> static T derivative(const T&, const T& f) { return T(0.5) / f; }
};

struct Cbrt {
  // d cbrt(x) = dx / (3 cbrt(x)^2); +inf at 0
  template <class T> static T value(const T& x) { using std::cbrt; return cbrt(x); }
  template <class T> static T derivative(const T&, const T& f) { return T(1) / (T(3) * f * f); }
};

struct Pow {
  // d x^y = y x^(y-1) dx + ln(x) x^y dy
  // Conventions where the formula is 0 * inf: at x = 0 and y = 0, d/dx = 0 (x^0 is constant);
  // at x = 0 with y > 0, d/dy = 0 (0^y = 0 near y). x < 0 gives d/dy = NaN (x^y is not real
  // near y). The branches test the point itself, not y alone: at y = 0 and x != 0 the formula
  // is kept, so that nested duals (second derivatives) keep d/dy (y x^(y-1)) = x^(y-1) there.
  // At the branch points themselves the partial is a constant: its own derivatives are 0.
  template <class T> static T value(const T& x, const T& y) { using std::pow; return pow(x, y); }
  template <class T> static T d_left(const T& x, const T& y, const T&) {
    using std::pow;
    return (x == 0 && y == 0) ? T(0) : T(y * pow(x, T(y - 1)));
  }
  template <class T> static T d_right(const T& x, const T& y, const T& f) {
    using std::log;
    return (x == 0 && y > 0) ? T(0) : T(log(x) * f);
  }
};

struct Hypot {
  // d hypot(x, y) = (x dx + y dy) / hypot(x, y); 0 at the origin (the kink of |(x, y)|)
  template <class T> static T value(const T& x, const T& y) { using std::hypot; return hypot(x, y); }
  template <class T> static T d_left(const T& x, const T&, const T& f) { return f == 0 ? T(0) : T(x / f); }
  template <class T> static T d_right(const T&, const T& y, const T& f) { return f == 0 ? T(0) : T(y / f); }
};

// ---------------------------------------------------------------- exponentials and logarithms

struct Exp {
  // d exp(x) = exp(x) dx
  template <class T> static T value(const T& x) { using std::exp; return exp(x); }
  template <class T> static T derivative(const T&, const T& f) { return f; }
};

struct Exp2 {
  // d 2^x = ln(2) 2^x dx
  template <class T> static T value(const T& x) { using std::exp2; return exp2(x); }
  template <class T> static T derivative(const T&, const T& f) {
    return T(std::numbers::ln2_v<scalar_of_t<T>>) * f;
  }
};

struct Expm1 {
  // d (exp(x) - 1) = exp(x) dx
  // exp(x) itself rather than expm1(x) + 1, which is exactly 1 - 1 = 0 for x < -37 and loses
  // relative precision from x < -1 on, where exp(x) is still a normal number.
  template <class T> static T value(const T& x) { using std::expm1; return expm1(x); }
  template <class T> static T derivative(const T& x, const T&) { using std::exp; return exp(x); }
};

struct Log {
  // d ln(x) = dx / x
  template <class T> static T value(const T& x) { using std::log; return log(x); }
  template <class T> static T derivative(const T& x, const T&) { return T(1) / x; }
};

struct Log2 {
  // d log2(x) = dx / (x ln 2)
  template <class T> static T value(const T& x) { using std::log2; return log2(x); }
  template <class T> static T derivative(const T& x, const T&) {
    return T(std::numbers::log2e_v<scalar_of_t<T>>) / x;
  }
};

struct Log10 {
  // d log10(x) = dx / (x ln 10)
  template <class T> static T value(const T& x) { using std::log10; return log10(x); }
  template <class T> static T derivative(const T& x, const T&) {
    return T(std::numbers::log10e_v<scalar_of_t<T>>) / x;
  }
};

struct Log1p {
  // d ln(1 + x) = dx / (1 + x)
  template <class T> static T value(const T& x) { using std::log1p; return log1p(x); }
  template <class T> static T derivative(const T& x, const T&) { return T(1) / (T(1) + x); }
};

// ---------------------------------------------------------------- trigonometric

struct Sin {
  // d sin(x) = cos(x) dx
  template <class T> static T value(const T& x) { using std::sin; return sin(x); }
  template <class T> static T derivative(const T& x, const T&) { using std::cos; return cos(x); }
};

struct Cos {
  // d cos(x) = -sin(x) dx
  template <class T> static T value(const T& x) { using std::cos; return cos(x); }
  template <class T> static T derivative(const T& x, const T&) { using std::sin; return -sin(x); }
};

struct Tan {
  // d tan(x) = (1 + tan(x)^2) dx
  template <class T> static T value(const T& x) { using std::tan; return tan(x); }
  template <class T> static T derivative(const T&, const T& f) { return T(1) + f * f; }
};

struct Asin {
  // d asin(x) = dx / sqrt((1 - x)(1 + x)); +inf at +-1
  template <class T> static T value(const T& x) { using std::asin; return asin(x); }
  template <class T> static T derivative(const T& x, const T&) {
    using std::sqrt;
    return T(1) / sqrt(T((T(1) - x) * (T(1) + x)));
  }
};

struct Acos {
  // d acos(x) = -dx / sqrt((1 - x)(1 + x)); -inf at +-1
  template <class T> static T value(const T& x) { using std::acos; return acos(x); }
  template <class T> static T derivative(const T& x, const T&) {
    using std::sqrt;
    return T(-1) / sqrt(T((T(1) - x) * (T(1) + x)));
  }
};

struct Atan {
  // d atan(x) = dx / (1 + x^2)
  template <class T> static T value(const T& x) { using std::atan; return atan(x); }
  template <class T> static T derivative(const T& x, const T&) { return T(1) / (T(1) + x * x); }
};

struct Atan2 {
  // d atan2(y, x) = (x dy - y dx) / (x^2 + y^2); NaN at the origin, where the angle is undefined
  template <class T> static T value(const T& y, const T& x) { using std::atan2; return atan2(y, x); }
  template <class T> static T d_left(const T& y, const T& x, const T&) { return x / T(x * x + y * y); }
  template <class T> static T d_right(const T& y, const T& x, const T&) { return -y / T(x * x + y * y); }
};

// ---------------------------------------------------------------- hyperbolic

struct Sinh {
  // d sinh(x) = cosh(x) dx
  template <class T> static T value(const T& x) { using std::sinh; return sinh(x); }
  template <class T> static T derivative(const T& x, const T&) { using std::cosh; return cosh(x); }
};

struct Cosh {
  // d cosh(x) = sinh(x) dx
  template <class T> static T value(const T& x) { using std::cosh; return cosh(x); }
  template <class T> static T derivative(const T& x, const T&) { using std::sinh; return sinh(x); }
};

struct Tanh {
  // d tanh(x) = sech^2(x) dx = 1 - tanh(x)^2 dx
  // 1 - t^2 from the value t = tanh(x) costs a multiplication, and is exact to 4 ulp while
  // |x| < 1 (t^2 < 0.58: the rounding of t, relative to 1 - t^2, stays small). Beyond, t rounds
  // to +-1 as tanh saturates: 1 - t^2 loses relative precision (1e-8 at |x| = 10) and is 0
  // beyond |x| ~ 19, where sech^2 is still representable (down to denormals at |x| ~ 372);
  // there derivative_from_x's exponential form is used. Both forms are smooth formulas of
  // tanh's derivative, so nested duals get tanh's higher derivatives from either.
  // The branch is taken on t, |t| < 0.76 (|x| < 0.996), so that a vector node whose values
  // all lie within it runs 1 - t^2 as one SIMD pass over the stored values, without x.
  static constexpr double kValueFormBound = 0.76;
  template <class T> static T value(const T& x) { using std::tanh; return tanh(x); }
  template <class T> static T derivative_from_value(const T& t) { return T(1) - t * t; }
  template <class T> static T derivative(const T& x, const T& t) {
    if constexpr (requires(const T& v) { v < 1.0; }) {  // numbers and duals; SIMD packets take the other form
      using std::abs;
      if (abs(t) < kValueFormBound) return derivative_from_value(t);
    }
    return derivative_from_x(x);
  }
  // The same without the value: sech^2(x) = (2 q)^2, q = 1 / (e^x + e^-x), which neither
  // overflows nor cancels, and 4 q q underflows gracefully (one exponential, two divisions,
  // branch-free, so SIMD packets run it too). For vector nodes that do not store tanh(x).
  template <class T> static T derivative_from_x(const T& x) {
    using std::exp;
    const T e = exp(x);
    const T q = T(1) / T(e + T(1) / e);
    return T(4) * q * q;
  }
};

struct Asinh {
  // d asinh(x) = dx / sqrt(x^2 + 1)   (written with hypot so that large |x| does not overflow)
  template <class T> static T value(const T& x) { using std::asinh; return asinh(x); }
  template <class T> static T derivative(const T& x, const T&) { using std::hypot; return T(1) / hypot(x, T(1)); }
};

struct Acosh {
  // d acosh(x) = dx / (sqrt(x - 1) sqrt(x + 1)); +inf at 1
  template <class T> static T value(const T& x) { using std::acosh; return acosh(x); }
  template <class T> static T derivative(const T& x, const T&) {
    using std::sqrt;
    return T(1) / T(sqrt(T(x - 1)) * sqrt(T(x + 1)));
  }
};

struct Atanh {
  // d atanh(x) = dx / ((1 - x)(1 + x)); +inf at +-1
  template <class T> static T value(const T& x) { using std::atanh; return atanh(x); }
  template <class T> static T derivative(const T& x, const T&) { return T(1) / T((T(1) - x) * (T(1) + x)); }
};

// ---------------------------------------------------------------- special functions

// exp(-x^2) to full relative precision. exp(-x*x) inherits the rounding error of x*x times
// x^2 (about 26 ulp at x = 5.1, 700 ulp in the tails of erf); x^2 = hi + lo exactly, with lo
// the rounding error (one fma on the innermost values), and exp(-lo) = 1 - lo to ~1e-32. The
// correction is a constant factor, so nested duals' tangents are those of exp(-hi), scaled.
template <class T>
T exp_minus_square(const T& x) {
  using std::exp;
  const T hi = x * x;
  const auto inner = passive_value(x);
  const auto lo = std::fma(inner, inner, -passive_value(hi));
  return exp(T(-hi)) * T(1 - lo);
}

struct Erf {
  // d erf(x) = 2/sqrt(pi) exp(-x^2) dx
  template <class T> static T value(const T& x) { using std::erf; return erf(x); }
  template <class T> static T derivative(const T& x, const T&) {
    return T(2 * std::numbers::inv_sqrtpi_v<scalar_of_t<T>>) * exp_minus_square(x);
  }
};

struct Erfc {
  // d erfc(x) = -2/sqrt(pi) exp(-x^2) dx
  template <class T> static T value(const T& x) { using std::erfc; return erfc(x); }
  template <class T> static T derivative(const T& x, const T&) {
    return T(-2 * std::numbers::inv_sqrtpi_v<scalar_of_t<T>>) * exp_minus_square(x);
  }
};

struct Tgamma {
  // d Gamma(x) = Gamma(x) digamma(x) dx; NaN at the poles 0, -1, -2, ...
  template <class T> static T value(const T& x) { using std::tgamma; return tgamma(x); }
  template <class T> static T derivative(const T& x, const T& f) { return f * digamma(x); }
};

struct Lgamma {
  // d ln|Gamma(x)| = digamma(x) dx; NaN at the poles 0, -1, -2, ...
  template <class T> static T value(const T& x) { using std::lgamma; return lgamma(x); }
  template <class T> static T derivative(const T& x, const T&) { return digamma(x); }
};

// ---------------------------------------------------------------- piecewise

struct Abs {
  // d |x| = sgn(x) dx; 0 at x = 0
  template <class T> static T value(const T& x) { using std::abs; return abs(x); }
  template <class T> static T derivative(const T& x, const T&) { return sign(x); }
};

// Which argument max/min select; the derivative follows the selection.
// max, min: NaN propagates (a NaN argument is selected); ties select the first argument.
// fmax, fmin: NaN is ignored as in C (the other argument is selected); ties as above.
struct Max {
  template <class T> static bool selects_left(const T& x, const T& y) { return x != x || (y == y && !(x < y)); }
  template <class T> static T value(const T& x, const T& y) { return selects_left(x, y) ? x : y; }
  // d max(x, y) = dx where x is selected, dy otherwise
  template <class T> static T d_left(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 1 : 0); }
  template <class T> static T d_right(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 0 : 1); }
};

struct Min {
  template <class T> static bool selects_left(const T& x, const T& y) { return x != x || (y == y && !(y < x)); }
  template <class T> static T value(const T& x, const T& y) { return selects_left(x, y) ? x : y; }
  // d min(x, y) = dx where x is selected, dy otherwise
  template <class T> static T d_left(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 1 : 0); }
  template <class T> static T d_right(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 0 : 1); }
};

struct Fmax {
  template <class T> static bool selects_left(const T& x, const T& y) { return y != y || (x == x && !(x < y)); }
  template <class T> static T value(const T& x, const T& y) { return selects_left(x, y) ? x : y; }
  // d fmax(x, y) = dx where x is selected, dy otherwise
  template <class T> static T d_left(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 1 : 0); }
  template <class T> static T d_right(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 0 : 1); }
};

struct Fmin {
  template <class T> static bool selects_left(const T& x, const T& y) { return y != y || (x == x && !(y < x)); }
  template <class T> static T value(const T& x, const T& y) { return selects_left(x, y) ? x : y; }
  // d fmin(x, y) = dx where x is selected, dy otherwise
  template <class T> static T d_left(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 1 : 0); }
  template <class T> static T d_right(const T& x, const T& y, const T&) { return T(selects_left(x, y) ? 0 : 1); }
};

struct Copysign {
  // d copysign(x, y) = +-dx (+ where x and y have the same sign), 0 at x = 0; 0 dy
  template <class T> static T value(const T& x, const T& y) { using std::copysign; return copysign(x, y); }
  template <class T> static T d_left(const T& x, const T& y, const T&) {
    if (x == 0) return T(0);
    return T(std::signbit(passive_value(x)) == std::signbit(passive_value(y)) ? 1 : -1);
  }
  template <class T> static T d_right(const T&, const T&, const T&) { return T(0); }
};

// Rounding: piecewise constant, so the derivative is 0 (also at the jumps, by convention).
struct Floor {
  static constexpr bool kZeroDerivative = true;
  template <class T> static T value(const T& x) { using std::floor; return floor(x); }
};
struct Ceil {
  static constexpr bool kZeroDerivative = true;
  template <class T> static T value(const T& x) { using std::ceil; return ceil(x); }
};
struct Round {
  static constexpr bool kZeroDerivative = true;
  template <class T> static T value(const T& x) { using std::round; return round(x); }
};
struct Trunc {
  static constexpr bool kZeroDerivative = true;
  template <class T> static T value(const T& x) { using std::trunc; return trunc(x); }
};

// ---------------------------------------------------------------- machine learning

struct Sigmoid {
  // d sigmoid(x) = sigmoid(x) (1 - sigmoid(x)) dx = sigmoid(x) sigmoid(-x) dx
  // The value never evaluates exp of a positive number, so it cannot overflow.
  template <class T> static T value(const T& x) {
    using std::exp;
    if (x >= 0) return T(1) / T(T(1) + exp(T(-x)));
    const T e = exp(x);
    return e / T(T(1) + e);
  }
  // Evaluated as e / (1 + e)^2 with e = exp(-|x|): f (1 - f) would cancel for large |x|.
  template <class T> static T derivative(const T& x, const T&) {
    using std::abs;
    using std::exp;
    const T e = exp(T(-abs(x)));
    return e / T((T(1) + e) * (T(1) + e));
  }
};

struct Softplus {
  // softplus(x) = ln(1 + exp(x)); d softplus(x) = sigmoid(x) dx
  // Written as max(x, 0) + ln(1 + exp(-|x|)) so that large |x| neither overflows nor cancels.
  template <class T> static T value(const T& x) {
    using std::exp;
    using std::log1p;
    if (x > 0) return x + log1p(exp(T(-x)));
    return log1p(exp(x));
  }
  template <class T> static T derivative(const T& x, const T&) { return Sigmoid::value(x); }
};

struct Relu {
  // relu(x) = max(x, 0); d relu(x) = [x > 0] dx, so 0 at x = 0; NaN propagates
  template <class T> static T value(const T& x) { return !(x <= 0) ? x : T(0); }
  template <class T> static T derivative(const T& x, const T&) { return T(x > 0 ? 1 : 0); }
};

struct LogSumExp {
  // lse(x, y) = ln(exp(x) + exp(y)) = max + ln(1 + exp(min - max));
  // d lse = exp(x - lse) dx + exp(y - lse) dy  (the softmax weights)
  template <class T> static T value(const T& x, const T& y) {
    using std::exp;
    using std::log1p;
    const T& hi = x < y ? y : x;
    const T& lo = x < y ? x : y;
    if (std::isinf(passive_value(hi))) return hi;  // +inf dominates; -inf only if both are
    return hi + log1p(exp(T(lo - hi)));
  }
  template <class T> static T d_left(const T& x, const T&, const T& f) { using std::exp; return exp(T(x - f)); }
  template <class T> static T d_right(const T&, const T& y, const T& f) { using std::exp; return exp(T(y - f)); }
};

}  // namespace slope::rules
