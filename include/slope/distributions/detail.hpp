// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What the log-densities of slope/distributions/ are written with: the kinds of argument, the
// conventions outside the support and the domain, the checks, parameters broadcast over the
// observations, and adding partials to adjoints. How a family then runs in each mode (one
// reverse node, closed-form forward tangents, plain values): slope/distributions/evaluate.hpp.
//
// A family is a struct template over the scalar T with two static functions,
//   log_density(y, params...)                  sum over the observations of log p(y_i | params_i)
//   add_partials(w, y, params..., adjoints...)  adds w * d(log_density)/d(input) to each adjoint
// where y is a MatrixInput<T> and each parameter a T (one value for every observation) or a
// MatrixInput<T> of y's shape (one value per observation). A family may also declare a struct
// Statistics, passed first to both: sums of the data that log_density computes anyway (sum ln y,
// sum of the counts, ...) and that make the partials of scalar parameters O(1) instead of
// another pass over the data; add_partials falls back to that pass when they are not `ready`.
//
//     const Broadcast<T> b(y);                                     // y's shape
//     T value((b.log(lambda) - b(lambda) * y.array()).sum());      // lambda: a T or a MatrixInput<T>
//     add(lambda_adjoint, w * (b.inverse(lambda) - y.array()));    // summed for a scalar lambda
//
// Conventions, for every family:
// - a parameter outside its domain (a scale <= 0, ...) or a NaN anywhere: the value is NaN and
//   every derivative NaN;
// - an observation outside the support: the value is -inf and every derivative 0 (the sum is
//   -inf on a whole neighbourhood, a constant); the same for any other value of -inf (a Poisson
//   rate 0 with a positive count, a gamma density at y = 0 with shape > 1, ...);
// - a vector parameter whose size is not y's throws std::invalid_argument naming the function.

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/traits.hpp"
#include "slope/forward/dual.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope::distributions_detail {

template <class T>
using Input = MatrixInput<T>;
template <class T>
using PlainArray = matrix_detail::PlainArray<T>;
template <class T>
using PlainMatrix = matrix_detail::PlainMatrix<T>;

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
inline constexpr double kHalfLogTwoPi = 0.91893853320467274178;  // ln(2 pi) / 2
inline constexpr double kLogPi = 1.14472988584940017414;         // ln(pi)

// ---------------------------------------------------------------- argument kinds

// Observations of a continuous family: an active matrix (or expression) or an Eigen object.
template <class Y>
concept Observations = VarDense<Y> || EigenDense<Y>;

// A parameter: a number, a scalar (Dual, Var or an expression of them), or a vector of the
// observations' size (a VarVector, an expression of one, or an Eigen vector).
template <class P>
concept Parameter = ScalarOperand<P> || VarDense<P> || EigenDense<P>;

// Data that is never differentiated (counts, category indices, numbers of trials): a number or
// an Eigen object of numbers (int or floating point).
template <class X>
concept Data = Arithmetic<X> || (EigenDense<X> && Arithmetic<typename std::remove_cvref_t<X>::Scalar>);

// Observations of a discrete family (counts, outcomes, category indices): an Eigen object of
// numbers.
template <class X>
concept DataVector = EigenDense<X> && Arithmetic<typename std::remove_cvref_t<X>::Scalar>;

// A parameter given per observation (a MatrixInput once the arguments are normalized).
template <class P>
inline constexpr bool kPerObservation = EigenDense<P>;

// ---------------------------------------------------------------- results outside the domain

// NaN in the value and in every tangent, at every nesting level.
template <class T>
T nan_like() {
  if constexpr (is_dual_v<T>) {
    using U = typename T::value_type;
    typename T::Tangents tangents;
    tangents.fill(nan_like<U>());
    return T(nan_like<U>(), tangents);
  } else {
    return std::numeric_limits<T>::quiet_NaN();
  }
}

// The conventions above, applied to a family's raw value: NaN everywhere, or a constant -inf.
template <class T>
T finish(const T& raw) {
  const auto value = passive_value(raw);
  if (std::isnan(value)) return nan_like<T>();
  if (value == -kInfinity) return T(-kInfinity);
  return raw;
}

// ---------------------------------------------------------------- checks

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_parameter_size(const char* function, const char* name,
                                                                       Eigen::Index rows, Eigen::Index cols,
                                                                       Eigen::Index y_rows, Eigen::Index y_cols) {
  throw std::invalid_argument(std::string(function) + ": " + name + " is " + matrix_detail::size_text(rows, cols) +
                              " but the observations are " + matrix_detail::size_text(y_rows, y_cols) + "; " + name +
                              " must be a number, a scalar, or have the observations' size");
}

// A per-observation parameter must have y's shape.
template <class P, class Y>
void check_size(const char* function, const char* name, const P& p, const Y& y) {
  if constexpr (kPerObservation<P>) {
    if (p.rows() != y.rows() || p.cols() != y.cols()) [[unlikely]] {
      throw_parameter_size(function, name, p.rows(), p.cols(), y.rows(), y.cols());
    }
  }
}

// Whether pred holds for every value of p (its innermost plain values): a scalar, or each entry.
template <class P, class Pred>
bool every(const P& p, Pred pred) {
  if constexpr (kPerObservation<P>) {
    for (Eigen::Index j = 0; j < p.cols(); ++j) {
      for (Eigen::Index i = 0; i < p.rows(); ++i) {
        if (!pred(passive_value(p(i, j)))) return false;
      }
    }
    return true;
  } else {
    return pred(passive_value(p));
  }
}
template <class P, class Pred>
bool any(const P& p, Pred pred) {
  return !every(p, [&pred](double v) { return !pred(v); });
}

// One pass over the observations: is one outside the support, is one on its edge?
struct SupportScan {
  bool outside = false;
  bool edge = false;
};
template <class Y, class Outside, class Edge>
SupportScan scan(const Y& y, Outside outside, Edge edge) {
  SupportScan result;
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    for (Eigen::Index i = 0; i < y.rows(); ++i) {
      const double v = passive_value(y(i, j));
      result.outside = result.outside || outside(v);
      result.edge = result.edge || edge(v);
    }
  }
  return result;
}

// Written so that NaN fails `positive` (a NaN parameter is outside the domain) and passes the
// support tests of the observations (a NaN observation then makes the value NaN, not -inf).
// Lambda objects rather than functions, so that every() inlines them.
inline constexpr auto positive = [](double v) { return v > 0; };
inline constexpr auto negative = [](double v) { return v < 0; };
inline constexpr auto is_zero = [](double v) { return v == 0; };
inline constexpr auto is_nan = [](double v) { return std::isnan(v); };
inline constexpr auto is_infinite = [](double v) { return std::isinf(v); };
// Not a count (an integer >= 0); true for NaN.
inline constexpr auto not_a_count = [](double v) { return !(v >= 0) || std::isinf(v) || v != std::floor(v); };

// ln(k!) for a count k: a table for small k (counts usually are), lgamma(k + 1) beyond.
inline double log_factorial(double k) {
  constexpr std::size_t kTableSize = 256;
  static const std::array<double, kTableSize> table = [] {
    std::array<double, kTableSize> t{};
    for (std::size_t i = 0; i < kTableSize; ++i) t[i] = std::lgamma(static_cast<double>(i) + 1.0);
    return t;
  }();
  if (k >= 0 && k < static_cast<double>(kTableSize)) return table[static_cast<std::size_t>(k)];
  return std::lgamma(k + 1.0);
}

// ---------------------------------------------------------------- broadcasting

// ln Gamma(x) and digamma(x) as functors, for unaryExpr and Broadcast::map.
struct LogGamma {
  template <class T>
  T operator()(const T& x) const {
    using std::lgamma;
    return T(lgamma(x));
  }
};
struct Digamma {
  template <class T>
  T operator()(const T& x) const {
    return digamma(x);
  }
};

// Parameters as arrays of the observations' shape: a scalar is broadcast (Eigen's constant
// expression), and a function of a scalar parameter is computed once, not per observation.
template <class T>
class Broadcast {
 public:
  template <class Y>
  explicit Broadcast(const Y& y) : rows_(y.rows()), cols_(y.cols()) {}

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  Eigen::Index size() const { return rows_ * cols_; }
  // The number of observations, as a T.
  T count() const { return T(static_cast<scalar_of_t<T>>(size())); }
  auto constant(const T& v) const { return PlainArray<T>::Constant(rows_, cols_, v); }

  // p at every observation.
  template <class P>
  auto operator()(const P& p) const {
    if constexpr (kPerObservation<P>) {
      return p.array();
    } else {
      return constant(p);
    }
  }
  // f(p) at every observation.
  template <class P, class F>
  auto map(const P& p, F f) const {
    if constexpr (kPerObservation<P>) {
      return p.array().unaryExpr(f);
    } else {
      return constant(T(f(p)));
    }
  }
  // f(p, q) at every observation.
  template <class P, class Q, class F>
  auto map(const P& p, const Q& q, F f) const {
    if constexpr (kPerObservation<P> || kPerObservation<Q>) {
      return (*this)(p).binaryExpr((*this)(q), f);
    } else {
      return constant(T(f(p, q)));
    }
  }
  // f(p) at every observation, f written for numbers and Eigen arrays alike (Eigen's global
  // exp, log1p, abs, ... are found by argument-dependent lookup): vectorised for a vector p.
  template <class P, class F>
  auto apply(const P& p, F f) const {
    if constexpr (kPerObservation<P>) {
      return f(p.array());
    } else {
      return constant(T(f(p)));
    }
  }
  template <class P>
  auto log(const P& p) const {
    using std::log;
    if constexpr (kPerObservation<P>) {
      return p.array().log();
    } else {
      return constant(T(log(p)));
    }
  }
  template <class P>
  auto inverse(const P& p) const {
    if constexpr (kPerObservation<P>) {
      return p.array().inverse();
    } else {
      return constant(T(T(1) / p));
    }
  }

 private:
  Eigen::Index rows_;
  Eigen::Index cols_;
};

// exp of an Eigen array, as exp(x / 2)^2: Eigen's vectorised exp for double clamps its argument
// at -709.4 (exp(-1000) and exp(-inf) come out as 5.6e-309, not 0); the half argument reaches
// IEEE's underflow to 0 (and denormals) by the squaring, at the cost of one multiplication.
template <class X>
auto exp_of(const X& x) {
  using S = typename X::Scalar;
  return (x * S(0.5)).exp().square();
}

// A per-thread scratch array of the observations' shape, for an intermediate that several
// partials read (kept between calls: no allocation in a steady-state gradient loop).
template <class T>
Eigen::Map<PlainArray<T>> scratch_array(matrix_detail::ScratchSlot slot, Eigen::Index rows, Eigen::Index cols) {
  return Eigen::Map<PlainArray<T>>(matrix_detail::scratch<T>(slot, rows * cols), rows, cols);
}

// ---------------------------------------------------------------- adding partials

// adjoint += the partials summed (a scalar input) or element by element (a vector input).
template <class T, class E>
void add(ScalarAdjoint<T> adjoint, const E& partials) {
  if (adjoint) adjoint += T(partials.sum());
}
template <class T, class E>
void add(MatrixAdjoint<T> adjoint, const E& partials) {
  if (adjoint) adjoint += partials;
}

// The sum of x * v with 0 * v = 0 even where v is infinite: 0 ln 0 = 0 where a density's
// support ends (a gamma shape of 1 at y = 0), 0 * softplus(inf) = 0 for a logit of +-inf. The
// select runs only when such a point is present (at_edge).
template <class T, class X, class V>
T sum_product(const X& x, const V& v, bool at_edge) {
  if (at_edge) return T((x == T(0)).select(T(0), x * v).sum());
  return T((x * v).sum());
}

// adjoint += w x / d, with 0 / 0 = 0 where x = 0 (the derivative of x ln d in d, or of
// x ln y in y, at the same points).
template <class T, class Adjoint, class X, class D>
void add_ratio(Adjoint adjoint, const T& w, const X& x, const D& d, bool at_edge) {
  if (!adjoint) return;
  if (at_edge) {
    add(adjoint, (x == T(0)).select(T(0), w * x / d));
  } else {
    add(adjoint, w * x / d);
  }
}

// Counts (data, never differentiated): whether one is NaN or not a count (an integer >= 0),
// and the sum of ln(n_i!), in one pass over the innermost plain values.
struct CountSummary {
  bool nan = false;
  bool outside = false;
  double log_factorials = 0;
};
template <class N>
CountSummary summarize_counts(const N& n) {
  CountSummary summary;
  for (Eigen::Index j = 0; j < n.cols(); ++j) {
    for (Eigen::Index i = 0; i < n.rows(); ++i) {
      const double v = passive_value(n(i, j));
      if (std::isnan(v)) {
        summary.nan = true;
      } else if (not_a_count(v)) {
        summary.outside = true;
      } else {
        summary.log_factorials += log_factorial(v);
      }
    }
  }
  return summary;
}

}  // namespace slope::distributions_detail
