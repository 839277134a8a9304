// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Finite differences: the numerical reference that automatic derivatives are checked against.
//
//   forward   f'(x) ~= (f(x + h) - f(x)) / h              error O(h),   best h ~ eps^(1/2)
//   backward  f'(x) ~= (f(x) - f(x - h)) / h              error O(h),   best h ~ eps^(1/2)
//   central   f'(x) ~= (f(x + h) - f(x - h)) / (2h)       error O(h^2), best h ~ eps^(1/3)
//   Richardson: central differences D(h), D(h/2), D(h/4), ... extrapolated to h = 0, which
//   cancels the h^2, h^4, ... terms of D(h) = f' + c1 h^2 + c2 h^4 + ...; the tableau also
//   yields an error estimate.
// Steps are relative to max(1, |x_i|), so they stay meaningful for x = 1e8 and for x = 1e-8.
//
//   auto f = [](const Eigen::VectorXd& x) { return x.squaredNorm(); };
//   Eigen::VectorXd g = slope::fd::gradient(f, Eigen::VectorXd::Ones(3));   // ~= (2, 2, 2)
//   auto report = slope::check_gradient(f, my_gradient, x);  std::cout << report;
//
// Non-finite values are never an error: a NaN or Inf in x or in f's result propagates
// through the IEEE arithmetic into the result (typically as NaN), and nothing throws. A step
// too small to move x at all gives 0/0 = NaN for the same reason.
// Only programming errors throw std::invalid_argument: a vector function whose result size
// changes between calls, or derivative matrices of different sizes given to a checker.
// Depends on Eigen and the standard library only.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <concepts>
#include <functional>
#include <ios>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace slope::fd {

// ---------------------------------------------------------------------------------------------
// Concepts: what kind of function each routine differentiates. A misuse (say, hessian of a
// vector-valued function) fails to compile with the concept's name in the message.

// Eigen vectors are callable too (v(indices) is an indexed view), but they are data, not
// functions: excluding them keeps fd::jacobian(x, x) from compiling and keeps a vector in the
// function position of check_gradient from matching.
template <class F>
concept EigenObject =
    std::is_base_of_v<Eigen::EigenBase<std::remove_cvref_t<F>>, std::remove_cvref_t<F>>;

// f: double -> double.
template <class F>
concept ScalarFunctionOfScalar =
    std::invocable<const F&, double> &&
    std::convertible_to<std::invoke_result_t<const F&, double>, double>;

// f: Eigen::VectorXd -> double. Taking the vector by const reference, by value or as a generic
// `const auto&` all qualify: the function is always called with a `const Eigen::VectorXd&`.
template <class F>
concept ScalarFunctionOfVector =
    !EigenObject<F> && std::invocable<const F&, const Eigen::VectorXd&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Eigen::VectorXd&>, double>;

// f: Eigen::VectorXd -> any Eigen vector (or vector expression) convertible to VectorXd.
template <class F>
concept VectorFunctionOfVector =
    !EigenObject<F> && std::invocable<const F&, const Eigen::VectorXd&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Eigen::VectorXd&>, Eigen::VectorXd>;

// f: Eigen::VectorXd -> any Eigen matrix (or expression) convertible to MatrixXd.
template <class F>
concept MatrixFunctionOfVector =
    !EigenObject<F> && std::invocable<const F&, const Eigen::VectorXd&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Eigen::VectorXd&>, Eigen::MatrixXd>;

// ---------------------------------------------------------------------------------------------
// Options and step rules.

enum class Scheme { forward, backward, central, richardson };

inline constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

// Automatic steps, multiplied by max(1, |x_i|). Each balances truncation against rounding:
// forward/backward first differences: h/2 |f''| + eps |f| / h is smallest at h ~ eps^(1/2).
inline constexpr double kForwardStep = 1.4901161193847656e-08;  // eps^(1/2) = 2^-26
// central first differences: h^2/6 |f'''| + eps |f| / h is smallest at h ~ eps^(1/3).
inline constexpr double kCentralStep = 6.055454452393343e-06;  // eps^(1/3)
// forward/backward second differences: h |f'''| + 4 eps |f| / h^2 is smallest at h ~ eps^(1/3).
inline constexpr double kSecondForwardStep = kCentralStep;
// central second differences: h^2/12 |f''''| + 4 eps |f| / h^2 is smallest at h ~ eps^(1/4).
inline constexpr double kSecondCentralStep = 1.220703125e-04;  // eps^(1/4) = 2^-13
// Richardson starts where rounding is negligible (eps |f| / h ~ 1e-15 |f|) and lets the
// extrapolation remove the truncation error; halving 9 times (10 levels) reaches 2e-4, so
// features of f narrower than 0.1 are still resolved by the later rows.
inline constexpr double kRichardsonInitialStep = 0.1;
// The step shrinks by 2 per row: the Neville weights 1/(4^j - 1) are small (the extrapolation
// amplifies rounding noise by less than 2 in total) and h/2 is exact in binary.
inline constexpr double kRichardsonRatio = 2.0;
inline constexpr int kDefaultRichardsonLevels = 10;
// Beyond ~30 halvings the step is below any useful size; larger requests are clamped.
inline constexpr int kMaxRichardsonLevels = 32;

static_assert(kForwardStep * kForwardStep == kEpsilon,
              "slope::fd::kForwardStep must be sqrt(epsilon)");
static_assert(kCentralStep * kCentralStep * kCentralStep > 0.999999 * kEpsilon &&
                  kCentralStep * kCentralStep * kCentralStep < 1.000001 * kEpsilon,
              "slope::fd::kCentralStep must be cbrt(epsilon)");
static_assert(kSecondCentralStep * kSecondCentralStep * kSecondCentralStep * kSecondCentralStep ==
                  kEpsilon,
              "slope::fd::kSecondCentralStep must be epsilon^(1/4)");

struct Options {
  Scheme scheme = Scheme::central;
  // Absolute step; 0 (or any non-positive value) = automatic: k * max(1, |x_i|) with k one of
  // the constants above. For Richardson this is the initial step.
  double step = 0.0;
  // Maximum tableau size (number of step sizes) for Richardson, clamped to [1, 32].
  int richardson_levels = kDefaultRichardsonLevels;
};

// A Richardson result: the best extrapolated value and an estimate of its absolute error
// (+Inf when there is none: a single level, or no finite difference at any step).
struct Estimate {
  double value;
  double error;
};

namespace detail {

// Its T, as a type that depends on Context: Eigen code written with it inside a template is
// checked and instantiated when the template is, not when the header is parsed (this header
// is in every TU that includes slope/functional.hpp; most never call a finite difference).
template <class Context, class T>
struct deferred {
  using type = T;
};

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The step is relative to |x| for large |x| and absolute near 0, where |x| says nothing.
inline double scale(double x) { return std::max(1.0, std::abs(x)); }

// x + h rounded to double and forced through memory. The difference quotients divide by the
// distance between the points f actually saw (b - a), not by the nominal h, which the
// rounding of x + h changes by up to ulp(x) (a relative error eps |x| / h in the derivative:
// ~1e-10 for a central step at x = 1). The volatile store keeps the compiler from folding
// (x + h) - (x - h) back into 2h (allowed under -ffast-math) and from keeping x + h in a
// wider register than the double f receives (x87); std::nextafter tricks would not stop either.
inline double displaced(double x, double h) {
  volatile double point = x + h;
  return point;
}

template <class F>
double evaluate_scalar(const F& f, const Eigen::VectorXd& x) {
  return static_cast<double>(std::invoke(f, x));
}

inline std::string size_text(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

template <class F>
Eigen::VectorXd evaluate_vector(const F& f, const Eigen::VectorXd& x, Eigen::Index expected,
                                const char* who) {
  Eigen::VectorXd value = std::invoke(f, x);
  if (expected >= 0 && value.size() != expected) {
    throw std::invalid_argument(std::string(who) + ": the function returned a vector of size " +
                                std::to_string(value.size()) + " after one of size " +
                                std::to_string(expected) +
                                "; its result size must not depend on x");
  }
  return value;
}

// Offsets, in units of h, of the two points of a first difference.
struct FirstPoints {
  double lower;
  double upper;
};

inline FirstPoints first_points(Scheme scheme) {
  switch (scheme) {
    case Scheme::forward:
      return {0.0, 1.0};
    case Scheme::backward:
      return {-1.0, 0.0};
    case Scheme::central:
    case Scheme::richardson:
      break;
  }
  return {-1.0, 1.0};
}

inline double first_step(Scheme scheme, double step, double x) {
  if (step > 0.0) return step;
  switch (scheme) {
    case Scheme::forward:
    case Scheme::backward:
      return kForwardStep * scale(x);
    case Scheme::richardson:
      return kRichardsonInitialStep * scale(x);
    case Scheme::central:
      break;
  }
  return kCentralStep * scale(x);
}

inline double second_step(Scheme scheme, double step, double x) {
  if (step > 0.0) return step;
  switch (scheme) {
    case Scheme::forward:
    case Scheme::backward:
      return kSecondForwardStep * scale(x);
    case Scheme::richardson:
      return kRichardsonInitialStep * scale(x);
    case Scheme::central:
      break;
  }
  return kSecondCentralStep * scale(x);
}

// Second divided difference through (t0, f0), (t1, f1), (t2, f2), times 2:
// f'' ~= 2 [(f2 - f1)/(t2 - t1) - (f1 - f0)/(t1 - t0)] / (t2 - t0),
// exact for quadratics even when rounding made the two spacings unequal.
inline double second_difference(double t0, double t1, double t2, double f0, double f1, double f2) {
  return 2.0 * ((f2 - f1) / (t2 - t1) - (f1 - f0) / (t1 - t0)) / (t2 - t0);
}

// One row of a Richardson tableau: the difference estimates at one step, and the rounding
// noise of each (eps * sum |weight_k f_k|), below which differences in the tableau mean nothing.
// Column is Eigen::ArrayXd, as a type that depends on the caller (see deferred).
template <class Column>
struct Sample {
  Column value;
  Column noise;
};

template <class Column>
struct Extrapolation {
  Column value;
  Column error;
};

// The sum of |Neville weights| for ratio 2 is prod_j (4^j + 1)/(4^j - 1) < 1.97: how much the
// extrapolation can amplify the rounding noise of the raw differences.
inline constexpr double kNoiseAmplification = 2.0;
// A row whose highest-order estimate moves by more than this multiple of the best error so
// far is dominated by rounding; smaller steps would only be worse, so the component stops.
inline constexpr double kErrorGrowth = 2.0;
// Rows computed before the early stop may end a tableau (steps down to h0 / 2^5).
inline constexpr int kRichardsonMinimumRows = 5;

// Richardson extrapolation (Neville's scheme) of estimates D(h) with an even error expansion
// D(h) = D + c1 h^2 + c2 h^4 + ..., element-wise over the components of D. `difference(s)`
// returns the estimates at the step s * h0 for s = 1, 1/2, 1/4, ...
// Each component keeps its own tableau, best value and stopping point: one slow component
// does not spoil the others. A non-finite estimate before any finite one (the large first steps
// left f's domain) restarts that component at the next step; after finite ones it stops it.
template <class Difference>
Extrapolation<typename deferred<Difference, Eigen::ArrayXd>::type> richardson_extrapolate(const Difference& difference,
                                                                                      int levels) {
  using Column = typename deferred<Difference, Eigen::ArrayXd>::type;
  using Table = typename deferred<Difference, Eigen::ArrayXXd>::type;
  using Counts = typename deferred<Difference, Eigen::ArrayXi>::type;
  using Flags = typename deferred<Difference, Eigen::Array<bool, Eigen::Dynamic, 1>>::type;
  const int rows = std::clamp(levels, 1, kMaxRichardsonLevels);
  double shrink = 1.0;
  Sample<Column> sample = difference(shrink);
  const Eigen::Index m = sample.value.size();
  Extrapolation<Column> best{sample.value, Column::Constant(m, kInfinity)};
  Table previous(m, rows);
  Table current(m, rows);
  Counts depth = Counts::Zero(m);  // rows in each component's tableau
  Flags done = Flags::Constant(m, false);

  for (int row = 0; row < rows; ++row) {
    if (row > 0) {
      shrink /= kRichardsonRatio;
      sample = difference(shrink);
    }
    for (Eigen::Index k = 0; k < m; ++k) {
      if (done(k)) continue;
      const double d = sample.value(k);
      if (!std::isfinite(d)) {
        if (depth(k) == 0) {
          best.value(k) = d;  // propagates if no step ever gives a finite difference
        } else {
          done(k) = true;
        }
        continue;
      }
      const int r = depth(k);
      current(k, 0) = d;
      if (r == 0) best.value(k) = d;
      double factor = 1.0;
      for (int j = 1; j <= r; ++j) {
        factor *= kRichardsonRatio * kRichardsonRatio;
        // T(r, j) = T(r, j-1) + (T(r, j-1) - T(r-1, j-1)) / (c^(2j) - 1) cancels the h^(2j) term
        current(k, j) =
            current(k, j - 1) + (current(k, j - 1) - previous(k, j - 1)) / (factor - 1.0);
        // Error of T(r, j): its distance to the two lower-order values it came from, but never
        // below the rounding noise those values carry.
        const double noise =
            kNoiseAmplification * sample.noise(k) + kEpsilon * std::abs(current(k, j));
        const double error = std::max({std::abs(current(k, j) - current(k, j - 1)),
                                       std::abs(current(k, j) - previous(k, j - 1)), noise});
        if (error <= best.error(k)) {
          best.error(k) = error;
          best.value(k) = current(k, j);
        }
      }
      // Stop once the diagonal moves away from the best estimate again, but not within the
      // first rows: at large steps the differences are not yet in their h^2 regime and can
      // agree by accident (tanh(3x) near x = -0.22 converged falsely at the second row).
      if (r >= kRichardsonMinimumRows && std::abs(current(k, r) - previous(k, r - 1)) >= kErrorGrowth * best.error(k)) {
        done(k) = true;
      }
      ++depth(k);
    }
    if (done.all()) break;
    previous.swap(current);
  }
  return best;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Scalar derivatives.

// Richardson-extrapolated central differences at h, h/2, h/4, ... (at most `levels` steps;
// initial_step <= 0 means 0.1 * max(1, |x|)). Stops early once the error estimate starts to
// grow and returns the best tableau entry with its error estimate.
template <ScalarFunctionOfScalar F>
Estimate derivative_richardson(const F& f, double x, double initial_step = 0.0,
                               int levels = kDefaultRichardsonLevels) {
  using Column = typename detail::deferred<F, Eigen::ArrayXd>::type;
  const double h0 = detail::first_step(Scheme::richardson, initial_step, x);
  auto difference = [&](double shrink) {
    const double a = detail::displaced(x, -shrink * h0);
    const double b = detail::displaced(x, shrink * h0);
    const double fa = static_cast<double>(std::invoke(f, a));
    const double fb = static_cast<double>(std::invoke(f, b));
    // D(h) = (f(x + h) - f(x - h)) / (2h)
    return detail::Sample<Column>{
        Column::Constant(1, (fb - fa) / (b - a)),
        Column::Constant(1, kEpsilon * (std::abs(fa) + std::abs(fb)) / (b - a))};
  };
  const detail::Extrapolation<Column> result = detail::richardson_extrapolate(difference, levels);
  return {result.value(0), result.error(0)};
}

// f'(x) by the scheme in `options` (central by default).
template <ScalarFunctionOfScalar F>
double derivative(const F& f, double x, const Options& options = {}) {
  if (options.scheme == Scheme::richardson) {
    return derivative_richardson(f, x, options.step, options.richardson_levels).value;
  }
  const double h = detail::first_step(options.scheme, options.step, x);
  const detail::FirstPoints offsets = detail::first_points(options.scheme);
  const double a = detail::displaced(x, offsets.lower * h);
  const double b = detail::displaced(x, offsets.upper * h);
  // f'(x) ~= (f(b) - f(a)) / (b - a)
  return (static_cast<double>(std::invoke(f, b)) - static_cast<double>(std::invoke(f, a))) /
         (b - a);
}

// ---------------------------------------------------------------------------------------------
// Gradient, Jacobian, Hessian. Each coordinate is perturbed in one working copy of x and
// restored afterwards, so f sees exactly x everywhere else.

// The gradient of f: VectorXd -> double (n entries; central differences by default).
// Cost: 2n evaluations (n + 1 for forward/backward; up to 2n * levels for Richardson).
template <ScalarFunctionOfVector F>
Eigen::VectorXd gradient(const F& f, const Eigen::VectorXd& x, const Options& options = {}) {
  using Vector = typename detail::deferred<F, Eigen::VectorXd>::type;
  const Eigen::Index n = x.size();
  Vector g(n);
  Vector point = x;
  if (options.scheme == Scheme::richardson) {
    for (Eigen::Index i = 0; i < n; ++i) {
      auto along_i = [&](double t) {
        point(i) = t;
        return detail::evaluate_scalar(f, point);
      };
      g(i) = derivative_richardson(along_i, x(i), options.step, options.richardson_levels).value;
      point(i) = x(i);
    }
    return g;
  }
  const detail::FirstPoints offsets = detail::first_points(options.scheme);
  // Forward and backward share f(x) among all coordinates.
  const double fx = options.scheme == Scheme::central ? 0.0 : detail::evaluate_scalar(f, x);
  auto value_at = [&](Eigen::Index i, double coordinate, double offset) {
    if (offset == 0.0) return fx;
    point(i) = coordinate;
    return detail::evaluate_scalar(f, point);
  };
  for (Eigen::Index i = 0; i < n; ++i) {
    const double h = detail::first_step(options.scheme, options.step, x(i));
    const double a = detail::displaced(x(i), offsets.lower * h);
    const double b = detail::displaced(x(i), offsets.upper * h);
    const double fa = value_at(i, a, offsets.lower);
    const double fb = value_at(i, b, offsets.upper);
    point(i) = x(i);
    // df/dx_i ~= (f(x + (b - x_i) e_i) - f(x + (a - x_i) e_i)) / (b - a)
    g(i) = (fb - fa) / (b - a);
  }
  return g;
}

namespace detail {

// The Jacobian (m x n) of any vector function; `who` names the public entry point in errors.
template <class F>
Eigen::MatrixXd jacobian_impl(const F& f, const Eigen::VectorXd& x, const Options& options,
                              const char* who) {
  using Vector = typename deferred<F, Eigen::VectorXd>::type;
  using Matrix = typename deferred<F, Eigen::MatrixXd>::type;
  using Column = typename deferred<F, Eigen::ArrayXd>::type;
  const Eigen::Index n = x.size();
  Vector point = x;
  const bool needs_fx =
      options.scheme == Scheme::forward || options.scheme == Scheme::backward || n == 0;
  const Vector fx = needs_fx ? evaluate_vector(f, x, -1, who) : Vector();
  Eigen::Index m = needs_fx ? fx.size() : -1;  // known after the first evaluation
  Matrix jac(std::max<Eigen::Index>(m, 0), n);

  auto value_at = [&](Eigen::Index j, double coordinate) {
    point(j) = coordinate;
    Vector value = evaluate_vector(f, point, m, who);
    if (m < 0) {
      m = value.size();
      jac.resize(m, n);
    }
    return value;
  };

  for (Eigen::Index j = 0; j < n; ++j) {
    if (options.scheme == Scheme::richardson) {
      const double h0 = first_step(Scheme::richardson, options.step, x(j));
      auto difference = [&](double shrink) {
        const double a = displaced(x(j), -shrink * h0);
        const double b = displaced(x(j), shrink * h0);
        const Vector fa = value_at(j, a);
        const Vector fb = value_at(j, b);
        // D(h) = (f(x + h e_j) - f(x - h e_j)) / (2h), per output
        return Sample<Column>{((fb - fa) / (b - a)).array(),
                      kEpsilon * (fa.array().abs() + fb.array().abs()) / (b - a)};
      };
      const Extrapolation<Column> column = richardson_extrapolate(difference, options.richardson_levels);
      jac.col(j) = column.value.matrix();
    } else {
      const double h = first_step(options.scheme, options.step, x(j));
      const FirstPoints offsets = first_points(options.scheme);
      const double a = displaced(x(j), offsets.lower * h);
      const double b = displaced(x(j), offsets.upper * h);
      const Vector fa = offsets.lower == 0.0 ? fx : value_at(j, a);
      const Vector fb = offsets.upper == 0.0 ? fx : value_at(j, b);
      // J(:, j) ~= (f(x + (b - x_j) e_j) - f(x + (a - x_j) e_j)) / (b - a)
      const Vector column = (fb - fa) / (b - a);
      jac.col(j) = column;
    }
    point(j) = x(j);
  }
  return jac;
}

}  // namespace detail

// The Jacobian (m x n) of f: VectorXd (n) -> VectorXd (m); column j differences x_j.
// Cost: 2n evaluations (n + 1 for forward/backward; up to 2n * levels for Richardson).
template <VectorFunctionOfVector F>
Eigen::MatrixXd jacobian(const F& f, const Eigen::VectorXd& x, const Options& options = {}) {
  return detail::jacobian_impl(f, x, options, "slope::fd::jacobian");
}

// The Jacobian of a gradient function g: VectorXd (n) -> VectorXd (n): first differences of
// an exact gradient, to check second derivatives (an AD Hessian). Not symmetrised, so an
// asymmetry in g's derivatives shows. Throws std::invalid_argument if g's size is not n.
template <VectorFunctionOfVector G>
Eigen::MatrixXd jacobian_of_gradient(const G& g, const Eigen::VectorXd& x,
                                     const Options& options = {}) {
  Eigen::MatrixXd hess = detail::jacobian_impl(g, x, options, "slope::fd::jacobian_of_gradient");
  if (hess.rows() != x.size() && x.size() > 0) {
    throw std::invalid_argument("slope::fd::jacobian_of_gradient: the gradient function returned " +
                                std::to_string(hess.rows()) + " entries for x of size " +
                                std::to_string(x.size()) + "; a gradient has one entry per input");
  }
  return hess;
}

// The Hessian (n x n, symmetric) of f: VectorXd -> double from second differences of f.
// central: diagonal  f_ii ~= (f(x + h e_i) - 2 f(x) + f(x - h e_i)) / h^2,
//          off-diag  f_ij ~= (f(++) - f(+-) - f(-+) + f(--)) / (4 h_i h_j),
//                    where f(+-) = f(x + h_i e_i - h_j e_j) and so on;
// forward/backward use the one-sided points x, x + h, x + 2h (resp. minus);
// Richardson extrapolates the central formulas over h, h/2, ...
// Each entry is computed once for i <= j and mirrored, so the result is exactly symmetric.
// Automatic steps: eps^(1/4) * max(1, |x_i|) central, eps^(1/3) one-sided (see kSecond*Step).
// Cost: about 2n^2 evaluations (times the levels used for Richardson).
template <ScalarFunctionOfVector F>
Eigen::MatrixXd hessian(const F& f, const Eigen::VectorXd& x, const Options& options = {}) {
  using Vector = typename detail::deferred<F, Eigen::VectorXd>::type;
  using Matrix = typename detail::deferred<F, Eigen::MatrixXd>::type;
  using Column = typename detail::deferred<F, Eigen::ArrayXd>::type;
  const Eigen::Index n = x.size();
  Matrix hess(n, n);
  Vector point = x;
  const bool richardson = options.scheme == Scheme::richardson;
  // Offsets in units of h of the three diagonal points and of the two points per coordinate
  // of the mixed difference.
  const double sign = options.scheme == Scheme::backward ? -1.0 : 1.0;
  const bool one_sided = options.scheme == Scheme::forward || options.scheme == Scheme::backward;
  const double diagonal_offsets[3] = {one_sided ? 0.0 : -1.0, one_sided ? sign : 0.0,
                                      one_sided ? 2.0 * sign : 1.0};
  const double mixed_offsets[2] = {one_sided ? 0.0 : -1.0, one_sided ? sign : 1.0};
  const double fx = detail::evaluate_scalar(f, x);

  auto diagonal = [&](Eigen::Index i, double h) {
    double t[3];
    double values[3];
    for (int k = 0; k < 3; ++k) {
      t[k] = detail::displaced(x(i), diagonal_offsets[k] * h);
      if (diagonal_offsets[k] == 0.0) {
        values[k] = fx;
      } else {
        point(i) = t[k];
        values[k] = detail::evaluate_scalar(f, point);
      }
    }
    point(i) = x(i);
    // Backward points run right to left; the divided difference wants t0 < t1 < t2.
    if (sign < 0.0) {
      std::swap(t[0], t[2]);
      std::swap(values[0], values[2]);
    }
    const double spread = (t[1] - t[0]) * (t[2] - t[1]);
    return std::pair{detail::second_difference(t[0], t[1], t[2], values[0], values[1], values[2]),
                     kEpsilon *
                         (std::abs(values[0]) + 2.0 * std::abs(values[1]) + std::abs(values[2])) /
                         spread};
  };

  auto mixed = [&](Eigen::Index i, Eigen::Index j, double hi, double hj) {
    const double a[2] = {detail::displaced(x(i), mixed_offsets[0] * hi),
                         detail::displaced(x(i), mixed_offsets[1] * hi)};
    const double b[2] = {detail::displaced(x(j), mixed_offsets[0] * hj),
                         detail::displaced(x(j), mixed_offsets[1] * hj)};
    double values[2][2];
    double magnitude = 0.0;
    for (int p = 0; p < 2; ++p) {
      for (int q = 0; q < 2; ++q) {
        if (mixed_offsets[p] == 0.0 && mixed_offsets[q] == 0.0) {
          values[p][q] = fx;  // one-sided schemes: the corner at x itself
        } else {
          point(i) = a[p];
          point(j) = b[q];
          values[p][q] = detail::evaluate_scalar(f, point);
        }
        magnitude += std::abs(values[p][q]);
      }
    }
    point(i) = x(i);
    point(j) = x(j);
    const double area = (a[1] - a[0]) * (b[1] - b[0]);
    // f_ij ~= (f(a1, b1) - f(a1, b0) - f(a0, b1) + f(a0, b0)) / ((a1 - a0)(b1 - b0))
    return std::pair{(values[1][1] - values[1][0] - values[0][1] + values[0][0]) / area,
                     kEpsilon * magnitude / std::abs(area)};
  };

  auto as_sample = [](std::pair<double, double> estimate) {
    return detail::Sample<Column>{Column::Constant(1, estimate.first),
                          Column::Constant(1, estimate.second)};
  };

  for (Eigen::Index i = 0; i < n; ++i) {
    const double hi = detail::second_step(options.scheme, options.step, x(i));
    if (richardson) {
      auto difference = [&](double shrink) { return as_sample(diagonal(i, shrink * hi)); };
      hess(i, i) = detail::richardson_extrapolate(difference, options.richardson_levels).value(0);
    } else {
      hess(i, i) = diagonal(i, hi).first;
    }
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double hj = detail::second_step(options.scheme, options.step, x(j));
      if (richardson) {
        auto difference = [&](double shrink) {
          return as_sample(mixed(i, j, shrink * hi, shrink * hj));
        };
        hess(i, j) = detail::richardson_extrapolate(difference, options.richardson_levels).value(0);
      } else {
        hess(i, j) = mixed(i, j, hi, hj).first;
      }
      hess(j, i) = hess(i, j);
    }
  }
  return hess;
}

}  // namespace slope::fd

namespace slope {

// ---------------------------------------------------------------------------------------------
// Derivative checkers: any derivative (hand-written, forward or reverse AD) against finite
// differences. Component (r, c) passes iff both values are finite and
//   |ad - fd| <= abs_tol + rel_tol * max(|ad|, |fd|).
// A NaN or Inf anywhere therefore fails the check; it never passes silently.

struct CheckOptions {
  double rel_tol = 1e-6;
  double abs_tol = 1e-8;
  slope::fd::Options fd = {.scheme = slope::fd::Scheme::richardson};
};

// Gradients are stored as n x 1 columns (like Eigen::VectorXd): worst_row is the index of the
// gradient entry and worst_col is 0. Jacobians are m x n (row = output, column = input).
struct CheckReport {
  bool passed;
  double max_abs_error;  // max |ad - fd|; NaN if any component is NaN
  double max_rel_error;  // max |ad - fd| / max(|ad|, |fd|, tiny); NaN if any component is NaN
  // The component furthest past (or closest to) its tolerance, by
  // |ad - fd| / (abs_tol + rel_tol * max(|ad|, |fd|)), non-finite components first, ties to
  // the first in column-major order; -1 when the matrices are empty.
  Eigen::Index worst_row;
  Eigen::Index worst_col;
  double ad_value;  // both values at the worst component (NaN when empty)
  double fd_value;
  Eigen::MatrixXd ad;
  Eigen::MatrixXd fd;
  explicit operator bool() const { return passed; }
};

// The functions below are templates, although they take and give plain types, so that a
// translation unit that includes this header and never checks a derivative compiles none of
// their Eigen and stream code: as inline functions they were 1 % of the compiler's work for a
// one-gradient translation unit (slope/functional.hpp includes this header).
template <class Char, class Traits>
std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>& out, const CheckReport& report) {
  const std::ios_base::fmtflags flags = out.flags();
  const std::streamsize precision = out.precision();
  out.unsetf(std::ios_base::floatfield);
  out.precision(std::numeric_limits<double>::max_digits10);
  // A gradient (one column) is described by entry, a Jacobian or Hessian by row and column.
  const bool vector = report.ad.cols() == 1;
  out << "slope derivative check " << (report.passed ? "PASSED" : "FAILED") << " (";
  if (vector) {
    out << report.ad.rows() << (report.ad.rows() == 1 ? " entry" : " entries");
  } else {
    out << report.ad.rows() << "x" << report.ad.cols() << " matrix";
  }
  out << ", derivative vs finite differences)\n";
  if (report.worst_row < 0) {
    out << "  no components to compare\n";
  } else {
    out << "  max abs error: " << report.max_abs_error << "\n"
        << "  max rel error: " << report.max_rel_error << "\n"
        << "  worst ";
    if (vector) {
      out << "entry [" << report.worst_row << "]";
    } else {
      out << "entry (" << report.worst_row << ", " << report.worst_col << ")";
    }
    out << ": derivative = " << report.ad_value << ", finite difference = " << report.fd_value
        << ", |difference| = " << std::abs(report.ad_value - report.fd_value) << "\n";
  }
  out.flags(flags);
  out.precision(precision);
  return out;
}

namespace detail {
// compare_derivatives for the checker `who` (the function the user called, named in the error).
// Context is the caller's template parameter (the function checked), which defers the body.
template <class Context>
using DeferredMatrix = typename fd::detail::deferred<Context, Eigen::MatrixXd>::type;
template <class Context>
CheckReport compare_derivatives_for(const char* who, const DeferredMatrix<Context>& ad, const DeferredMatrix<Context>& fd,
                                    const CheckOptions& options);
}  // namespace detail

// The core comparison; `ad` is the derivative under test, `fd` the reference.
// Throws std::invalid_argument if the sizes differ. (Deferred: see operator<< above.)
template <class Deferred = void>
CheckReport compare_derivatives(const Eigen::MatrixXd& ad, const Eigen::MatrixXd& fd, const CheckOptions& options = {}) {
  return detail::compare_derivatives_for<Deferred>("slope::compare_derivatives", ad, fd, options);
}

template <class Context>
CheckReport detail::compare_derivatives_for(const char* who, const DeferredMatrix<Context>& ad,
                                            const DeferredMatrix<Context>& fd, const CheckOptions& options) {
  if (ad.rows() != fd.rows() || ad.cols() != fd.cols()) {
    throw std::invalid_argument(std::string(who) + ": the derivative is " +
                                slope::fd::detail::size_text(ad.rows(), ad.cols()) +
                                " but the finite-difference reference is " +
                                slope::fd::detail::size_text(fd.rows(), fd.cols()) +
                                "; they must have the same size");
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  CheckReport report{true, 0.0, 0.0, -1, -1, kNaN, kNaN, ad, fd};
  double worst_ratio = -1.0;
  for (Eigen::Index c = 0; c < ad.cols(); ++c) {
    for (Eigen::Index r = 0; r < ad.rows(); ++r) {
      const double u = ad(r, c);
      const double v = fd(r, c);
      const double difference = std::abs(u - v);
      const double magnitude = std::max(std::abs(u), std::abs(v));
      const double relative = difference / std::max(magnitude, std::numeric_limits<double>::min());
      // NaN sticks once seen (a NaN comparison is false, so test it explicitly).
      if (std::isnan(difference) || difference > report.max_abs_error) {
        report.max_abs_error = difference;
      }
      if (std::isnan(relative) || relative > report.max_rel_error) {
        report.max_rel_error = relative;
      }
      const double allowed = options.abs_tol + options.rel_tol * magnitude;
      const bool finite = std::isfinite(u) && std::isfinite(v);
      if (!finite || !(difference <= allowed)) report.passed = false;
      // How far along its tolerance this component is (> 1 fails); non-finite ones rank first.
      const double ratio = !finite            ? kInfinity
                           : allowed > 0.0    ? difference / allowed
                           : difference > 0.0 ? kInfinity
                                              : 0.0;
      if (ratio > worst_ratio) {
        worst_ratio = ratio;
        report.worst_row = r;
        report.worst_col = c;
        report.ad_value = u;
        report.fd_value = v;
      }
    }
  }
  return report;
}

// A user-supplied gradient function against fd::gradient of f (Richardson by default).
// The 4-argument form: grad must be callable with a VectorXd, which CheckOptions is not, so a
// later check_gradient(f, x, options) overload cannot be confused with it.
template <slope::fd::ScalarFunctionOfVector F, slope::fd::VectorFunctionOfVector G>
CheckReport check_gradient(const F& f, const G& grad, const Eigen::VectorXd& x,
                           const CheckOptions& options = {}) {
  const Eigen::VectorXd analytic = std::invoke(grad, x);
  return detail::compare_derivatives_for<F>("slope::check_gradient", analytic, slope::fd::gradient(f, x, options.fd),
                                         options);
}

// A user-supplied Jacobian function (m x n) against fd::jacobian of f (Richardson by default).
template <slope::fd::VectorFunctionOfVector F, slope::fd::MatrixFunctionOfVector J>
CheckReport check_jacobian(const F& f, const J& jac, const Eigen::VectorXd& x,
                           const CheckOptions& options = {}) {
  const Eigen::MatrixXd analytic = std::invoke(jac, x);
  return detail::compare_derivatives_for<F>("slope::check_jacobian", analytic, slope::fd::jacobian(f, x, options.fd),
                                         options);
}

}  // namespace slope
