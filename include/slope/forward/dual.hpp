// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Dual<T, N>: forward-mode automatic differentiation.
//
// A dual number carries a value a and N tangents b_1..b_N, and stands for a + sum_k b_k e_k
// with e_j e_k = 0. Then f(a + b e) = f(a) + f'(a) b e: evaluating f on duals yields the value
// and N directional derivatives in one pass. An expression such as `x * y + sin(x)` is
// evaluated by expression templates when it is assigned to a Dual: the value first, then all
// N tangents in one fused loop per leaf (no temporaries). T may itself be a Dual
// (Dual<Dual<double>>), which differentiates the derivative: second and higher derivatives.
//
//     using slope::Dual;
//     Dual<double> x = Dual<double>::variable(2.0);   // value 2, tangent 1
//     Dual<double> y = x * x + sin(x);                // y.value() = 4 + sin 2, y.tangent(0) = 4 + cos 2

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <ostream>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/eigen_scalar.hpp"
#include "slope/core/expr.hpp"
#include "slope/core/functions.hpp"
#include "slope/core/operators.hpp"
#include "slope/core/traits.hpp"

namespace slope {

template <class T, int N>
class Dual;

template <class T>
inline constexpr bool is_dual_v = false;
template <class T, int N>
inline constexpr bool is_dual_v<Dual<T, N>> = true;

template <class T, int N = 1>
class Dual {
  static_assert(std::is_floating_point_v<T> || is_dual_v<T>,
                "slope::Dual<T, N>: T must be a floating-point type (float, double or long "
                "double) or a slope::Dual for higher derivatives; integers have no derivatives, "
                "so convert to double first");
  static_assert(N >= 1,
                "slope::Dual<T, N>: N is the number of tangent directions and must be at least 1");

 public:
  using is_slope_expression = void;
  using value_type = T;
  using active_type = Dual;
  using Tangents = std::array<T, static_cast<std::size_t>(N)>;
  static constexpr bool kIsLeaf = true;
  static constexpr int kDirections = N;

  // A constant: value 0 (or the given number) and zero tangents.
  constexpr Dual() : value_{}, tangents_{} {}
  template <Arithmetic U>
  constexpr Dual(U value) : value_(static_cast<T>(value)), tangents_{} {}  // NOLINT: implicit, like double
  // For nesting: a constant whose value is itself a dual.
  constexpr explicit Dual(const T& value)
    requires is_dual_v<T>
      : value_(value), tangents_{} {}
  constexpr Dual(const T& value, const Tangents& tangents) : value_(value), tangents_(tangents) {}

  // The independent variable number `direction` (0-based): its tangent is the unit vector e_direction.
  static constexpr Dual variable(const T& value, int direction = 0) {
    Dual x(value, Tangents{});
    x.tangents_[static_cast<std::size_t>(direction)] = T(1);
    return x;
  }

  // Evaluates an expression: the value, then every tangent in one pass over its leaves.
  template <Expression E>
    requires(!std::is_same_v<std::remove_cvref_t<E>, Dual> && !std::is_same_v<std::remove_cvref_t<E>, T>)
  Dual(const E& e) : value_(e.value()), tangents_{} {  // NOLINT: implicit, expressions are Duals
    static_assert(std::is_same_v<active_type_t<E>, Dual>,
                  "slope::Dual<T, N>: this expression is made of a different kind of dual (another "
                  "T or N) and cannot be stored here; use one Dual type throughout");
    e.propagate(T(1), [this](const Dual& leaf, const T& weight) { accumulate(leaf, weight); });
  }

  // Assignment from an expression that may read this very Dual (x = x * y): evaluate first.
  template <Expression E>
    requires(!std::is_same_v<std::remove_cvref_t<E>, Dual> && !std::is_same_v<std::remove_cvref_t<E>, T>)
  Dual& operator=(const E& e) {
    Dual result(e);
    return *this = std::move(result);
  }
  template <Arithmetic U>
  Dual& operator=(U value) {
    value_ = static_cast<T>(value);
    tangents_.fill(T(0));
    return *this;
  }

  template <class E> Dual& operator+=(E&& e) { return *this = *this + std::forward<E>(e); }
  template <class E> Dual& operator-=(E&& e) { return *this = *this - std::forward<E>(e); }
  template <class E> Dual& operator*=(E&& e) { return *this = *this * std::forward<E>(e); }
  template <class E> Dual& operator/=(E&& e) { return *this = *this / std::forward<E>(e); }

  constexpr const T& value() const { return value_; }
  constexpr T& value() { return value_; }
  constexpr const Tangents& tangents() const { return tangents_; }
  constexpr Tangents& tangents() { return tangents_; }
  constexpr const T& tangent(int k = 0) const { return tangents_[static_cast<std::size_t>(k)]; }
  constexpr T& tangent(int k = 0) { return tangents_[static_cast<std::size_t>(k)]; }

  // A leaf of an expression: the visit adds weight * tangents into the result.
  template <class Visitor>
  void propagate(const T& weight, Visitor&& visit) const {
    visit(*this, weight);
  }

  friend std::ostream& operator<<(std::ostream& os, const Dual& x) {
    os << x.value_ << " [";
    for (std::size_t k = 0; k < std::size_t(N); ++k) os << (k ? ", " : "") << x.tangents_[k];
    return os << ']';
  }

 private:
  // tangents += weight * leaf.tangents. A non-finite partial (sqrt at 0, pow(0, y) in y) must
  // not turn a direction in which the leaf does not move (tangent exactly 0) into 0 * inf =
  // NaN: that direction's derivative does not involve the partial at all.
  void accumulate(const Dual& leaf, const T& weight) {
    if (std::isfinite(passive_value(weight))) [[likely]] {
      for (std::size_t k = 0; k < std::size_t(N); ++k) tangents_[k] += weight * leaf.tangents_[k];
    } else {
      for (std::size_t k = 0; k < std::size_t(N); ++k) {
        if (!is_exact_zero(leaf.tangents_[k])) tangents_[k] += weight * leaf.tangents_[k];
      }
    }
  }

  T value_;
  Tangents tangents_;
};

}  // namespace slope

// ---------------------------------------------------------------- Eigen integration

namespace Eigen {

// Lets Eigen::Matrix<slope::Dual<T, N>, ...> use norm, dot, LLT/LDLT/LU and friends.
template <class T, int N>
struct NumTraits<slope::Dual<T, N>> : slope::detail::SlopeNumTraits<slope::Dual<T, N>, T> {
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = (N + 1) * NumTraits<T>::ReadCost,
    AddCost = (N + 1) * NumTraits<T>::AddCost,
    MulCost = (2 * N + 1) * NumTraits<T>::MulCost,
  };
};

// Mixed products and sums with plain numbers (MatrixXd * Matrix<Dual>, Dual * double) in
// both orders. The plain number is the innermost scalar, also for nested duals.
template <class T, int N, class BinaryOp>
struct ScalarBinaryOpTraits<slope::Dual<T, N>, slope::scalar_of_t<T>, BinaryOp> {
  using ReturnType = slope::Dual<T, N>;
};
template <class T, int N, class BinaryOp>
struct ScalarBinaryOpTraits<slope::scalar_of_t<T>, slope::Dual<T, N>, BinaryOp> {
  using ReturnType = slope::Dual<T, N>;
};


}  // namespace Eigen
