// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Vector functions Eigen lacks, for Eigen vectors and arrays of any scalar: double, Dual
// (forward mode) or Var (reverse mode, element by element). One generic body each, written
// with Eigen operations and the scalar functions of core/functions.hpp, so every mode
// differentiates them through the same rules.
//
//     Eigen::VectorXd x = ...;
//     double lse = slope::log_sum_exp(x);                     // stable: shifted by max x
//     Eigen::VectorXd p = slope::softmax(x);                  // sums to 1
//     double lp = slope::normal_log_pdf(y, mu, sigma);        // sum_i log N(y_i | mu(_i), sigma)
//     Eigen::ArrayXd s = slope::sigmoid(x.array());           // element-wise, also softplus, relu

#include <cmath>
#include <limits>
#include <numbers>
#include <type_traits>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/functions.hpp"
#include "slope/core/traits.hpp"

namespace slope {

namespace detail {

// The scalar of an Eigen object, or the type itself for a number or a slope scalar.
template <class T>
struct scalar_type {
  using type = std::remove_cvref_t<T>;
};
template <class T>
  requires requires { typename std::remove_cvref_t<T>::Scalar; }
struct scalar_type<T> {
  using type = typename std::remove_cvref_t<T>::Scalar;
};
template <class T>
using scalar_type_t = typename scalar_type<T>::type;

// The scalar a mix of operands computes in: the active one (Dual or Var) if any, else double.
template <class... Ts>
struct promoted_scalar {
  using type = double;
};
template <class T, class... Ts>
struct promoted_scalar<T, Ts...> {
  using type = std::conditional_t<Leaf<scalar_type_t<T>>, scalar_type_t<T>, typename promoted_scalar<Ts...>::type>;
};
template <class... Ts>
using promoted_scalar_t = typename promoted_scalar<Ts...>::type;

}  // namespace detail

// log(sum_i exp(x_i)), shifted by the (constant) maximum so that nothing overflows; the shift
// cancels exactly, so the derivative, softmax(x), is unaffected by it. An empty vector gives
// -inf (the log of an empty sum), as on a VarVector.
template <class Derived>
typename Derived::Scalar log_sum_exp(const Eigen::DenseBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  using std::exp;
  using std::log;
  if (x.size() == 0) return Scalar(-std::numeric_limits<scalar_of_t<Scalar>>::infinity());
  const auto shift = x.derived().unaryExpr([](const Scalar& v) { return passive_value(v); }).maxCoeff();
  if (std::isinf(shift)) return Scalar(shift);  // +inf dominates; -inf only if every entry is
  return Scalar(log(Scalar(x.derived().array().unaryExpr([shift](const Scalar& v) { return Scalar(exp(Scalar(v - shift))); }).sum())) + shift);
}

// softmax(x)_i = exp(x_i - log_sum_exp(x)).
template <class Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1> softmax(const Eigen::MatrixBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  using std::exp;
  const Scalar lse = log_sum_exp(x);
  return x.unaryExpr([&lse](const Scalar& v) { return Scalar(exp(Scalar(v - lse))); });
}

// sum_i log N(y_i | mu_i, sigma) for a vector y and a scalar sigma; mu is a scalar or a
// vector of y's size: -1/2 sum z_i^2 - n log sigma - n/2 log 2 pi, z_i = (y_i - mu_i) / sigma.
template <class Y, class Mu, class Sigma>
detail::promoted_scalar_t<Y, Mu, Sigma> normal_log_pdf(const Eigen::MatrixBase<Y>& y, const Mu& mu, const Sigma& sigma) {
  using Scalar = detail::promoted_scalar_t<Y, Mu, Sigma>;
  using std::log;
  const auto n = static_cast<double>(y.size());
  const Scalar s(sigma);
  Scalar squares(0.0);
  if constexpr (requires { mu.size(); }) {
    check_argument(mu.size() == y.size(), "slope::normal_log_pdf: mu must be a scalar or have y's size");
    const Eigen::Matrix<Scalar, Eigen::Dynamic, 1> z =
        (y.template cast<Scalar>() - mu.template cast<Scalar>()) / s;
    squares = z.squaredNorm();
  } else {
    const Eigen::Matrix<Scalar, Eigen::Dynamic, 1> z = (y.template cast<Scalar>().array() - Scalar(mu)).matrix() / s;
    squares = z.squaredNorm();
  }
  return Scalar(-0.5 * squares - n * log(s) - 0.5 * n * std::log(2 * std::numbers::pi));
}

// Element-wise sigmoid, softplus and relu of an Eigen array (the scalar rules, entry by entry).
template <class Derived>
auto sigmoid(const Eigen::ArrayBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  return x.derived().unaryExpr([](const Scalar& v) { return Scalar(sigmoid(v)); });
}
template <class Derived>
auto softplus(const Eigen::ArrayBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  return x.derived().unaryExpr([](const Scalar& v) { return Scalar(softplus(v)); });
}
template <class Derived>
auto relu(const Eigen::ArrayBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  return x.derived().unaryExpr([](const Scalar& v) { return Scalar(relu(v)); });
}

}  // namespace slope
