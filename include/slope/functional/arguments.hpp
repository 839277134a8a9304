// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The points the functional API differentiates at, beyond an Eigen::VectorXd: Eigen vectors
// and matrices of float or double (fixed or dynamic size), std::vector<float or double>, a
// plain float or double, and several of these at once. Each call flattens the point(s) into
// one vector, runs the mode on it, and hands f its arguments in the shape it was given them:
//
//   the point                 reverse mode calls f with      forward mode (and checks) with
//   Eigen vector (n)          VarVector (a view)             Eigen::Matrix<Dual, n, 1>
//   Eigen matrix (r x c)      VarMatrix r x c (a view)       Eigen::Matrix<Dual, r, c>
//   std::vector<S>            std::vector<Var<S>>            std::vector<Dual>
//   S (float, double)         Var<S>                         Dual
//
// and returns each derivative in the point's type: a gradient of a matrix is a matrix of its
// shape, of a std::vector<float> a std::vector<float>, of a double a double. (A function that
// cannot take the VarVector/VarMatrix views gets Eigen matrices of Var instead, one statement
// per scalar operation, as for a single vector.)
//
//     auto [fx, grads] = slope::value_and_gradient(f, A, b);   // f(A, b); grads: tuple (dA, db)

#include <concepts>
#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/traits.hpp"
#include "slope/functional/concepts.hpp"

namespace slope {

template <class T>
class Var;
template <class T>
class VarMatrix;

namespace detail {

// ---------------------------------------------------------------- what a point may be

template <class X>
inline constexpr bool is_std_vector_v = false;
template <class S, class A>
inline constexpr bool is_std_vector_v<std::vector<S, A>> = true;

template <class X>
inline constexpr bool is_eigen_matrix_v = false;
template <class S, int R, int C, int O, int MR, int MC>
inline constexpr bool is_eigen_matrix_v<Eigen::Matrix<S, R, C, O, MR, MC>> = true;

template <class X>
struct point_scalar {
  using type = void;
};
template <class X>
  requires std::is_floating_point_v<X>
struct point_scalar<X> {
  using type = X;
};
template <class X>
  requires is_eigen_matrix_v<X>
struct point_scalar<X> {
  using type = typename X::Scalar;
};
template <class X>
  requires is_std_vector_v<X>
struct point_scalar<X> {
  using type = typename X::value_type;
};

}  // namespace detail

// A point the functional API accepts: an Eigen::Matrix (vector or matrix), a std::vector or a
// plain number, of float or double. (Expressions such as x.head(2) are evaluated first:
// pass Eigen::VectorXd(x.head(2)).)
template <class X>
concept Point = std::is_same_v<typename detail::point_scalar<std::remove_cvref_t<X>>::type, float> ||
                std::is_same_v<typename detail::point_scalar<std::remove_cvref_t<X>>::type, double>;

template <Point X>
using point_scalar_t = typename detail::point_scalar<std::remove_cvref_t<X>>::type;

namespace detail {

// ---------------------------------------------------------------- flattening

template <class X>
Eigen::Index point_size(const X& x) {
  if constexpr (std::is_floating_point_v<X>) {
    return 1;
  } else {
    return static_cast<Eigen::Index>(x.size());
  }
}

// The points' values one after the other (matrices column-major), in scalar S.
template <class S, class... X>
Vector<S> flatten(const X&... x) {
  Vector<S> flat((point_size(x) + ... + 0));
  Eigen::Index offset = 0;
  const auto write = [&](const auto& point) {
    using P = std::remove_cvref_t<decltype(point)>;
    if constexpr (std::is_floating_point_v<P>) {
      flat[offset] = static_cast<S>(point);
    } else if constexpr (is_std_vector_v<P>) {
      for (std::size_t i = 0; i < point.size(); ++i) flat[offset + static_cast<Eigen::Index>(i)] = static_cast<S>(point[i]);
    } else {
      flat.segment(offset, point.size()) = point.reshaped().template cast<S>();
    }
    offset += point_size(point);
  };
  (write(x), ...);
  return flat;
}

// A derivative of the point's type, from its entries in `flat` from `offset` on.
template <class X, class Flat>
X unflatten(const Flat& flat, Eigen::Index offset, const X& shape) {
  using S = typename detail::point_scalar<X>::type;
  if constexpr (std::is_floating_point_v<X>) {
    return static_cast<S>(flat[offset]);
  } else if constexpr (is_std_vector_v<X>) {
    X result(shape.size());
    for (std::size_t i = 0; i < result.size(); ++i) result[i] = static_cast<S>(flat[offset + static_cast<Eigen::Index>(i)]);
    return result;
  } else {
    X result(shape.rows(), shape.cols());
    result.reshaped() = flat.segment(offset, shape.size()).template cast<S>();
    return result;
  }
}

// The offsets of each point in the flat vector.
template <class... X>
std::array<Eigen::Index, sizeof...(X)> point_offsets(const X&... x) {
  std::array<Eigen::Index, sizeof...(X)> offsets{};
  Eigen::Index offset = 0;
  std::size_t k = 0;
  ((offsets[k++] = offset, offset += point_size(x)), ...);
  return offsets;
}

// ---------------------------------------------------------------- what f receives

template <class Flat>
inline constexpr bool is_var_flat_v = false;
template <class T>
inline constexpr bool is_var_flat_v<VarMatrix<T>> = true;

// The type of f's argument for a point of type X, given a flat vector of active scalars
// Flat: for reverse mode's VarVector, a Var, a std::vector of Var, a VarMatrix view or (with
// kEigenOfVar) an Eigen matrix of Var; else the scalar, a std::vector of it or an Eigen matrix
// of it. Named here rather than deduced from argument()'s body: the concepts ask for it in
// every overload they weigh (value_and_gradient(f, x, g) also asks whether f takes x and g as
// two points), and a deduced type would compile the argument's construction each time.
template <bool kEigenOfVar, class Flat, class X>
auto argument_type_of() {
  if constexpr (is_var_flat_v<Flat>) {
    using V = Var<typename Flat::Scalar::value_type>;
    if constexpr (std::is_floating_point_v<X>) {
      return std::type_identity<V>{};
    } else if constexpr (is_std_vector_v<X>) {
      return std::type_identity<std::vector<V>>{};
    } else if constexpr (kEigenOfVar) {
      return std::type_identity<Eigen::Matrix<V, X::RowsAtCompileTime, X::ColsAtCompileTime>>{};
    } else {
      return std::type_identity<Flat>{};  // a view: segment, or segment reshaped
    }
  } else {
    using Q = typename Flat::Scalar;
    if constexpr (std::is_floating_point_v<X>) {
      return std::type_identity<Q>{};
    } else if constexpr (is_std_vector_v<X>) {
      return std::type_identity<std::vector<Q>>{};
    } else {
      return std::type_identity<Eigen::Matrix<Q, X::RowsAtCompileTime, X::ColsAtCompileTime>>{};
    }
  }
}

template <bool kEigenOfVar, class Flat, class X>
using argument_t = typename decltype(argument_type_of<kEigenOfVar, Flat, X>())::type;

// The argument made of flat[offset, offset + size) for a point shaped like x, given a flat
// vector of active scalars Q: an Eigen vector of Q (forward mode, finite differences), or a
// VarVector (reverse mode, views sharing its tape indices; with kEigenOfVar, Eigen matrices of
// Var built from its elements).
template <bool kEigenOfVar, class Flat, class X>
argument_t<kEigenOfVar, Flat, X> argument(const Flat& flat, Eigen::Index offset, const X& x) {
  using Argument = argument_t<kEigenOfVar, Flat, X>;
  if constexpr (is_var_flat_v<Flat>) {
    if constexpr (std::is_floating_point_v<X>) {
      return flat[offset];
    } else if constexpr (is_std_vector_v<X>) {
      Argument elements(x.size());
      for (std::size_t i = 0; i < elements.size(); ++i) elements[i] = flat[offset + static_cast<Eigen::Index>(i)];
      return elements;
    } else if constexpr (kEigenOfVar) {
      Argument elements(x.rows(), x.cols());
      for (Eigen::Index i = 0; i < x.size(); ++i) elements(i) = flat[offset + i];
      return elements;
    } else if constexpr (X::ColsAtCompileTime == 1) {
      return flat.segment(offset, x.size());
    } else {
      return flat.segment(offset, x.size()).reshaped(x.rows(), x.cols());
    }
  } else {
    if constexpr (std::is_floating_point_v<X>) {
      return Argument(flat[offset]);
    } else if constexpr (is_std_vector_v<X>) {
      return Argument(flat.data() + offset, flat.data() + offset + static_cast<Eigen::Index>(x.size()));
    } else {
      Argument value(x.rows(), x.cols());
      value.reshaped() = flat.segment(offset, x.size());
      return value;
    }
  }
}

// f of several points (or of one point of another type than an Eigen vector of S), as a
// function of their flat vector: what the modes differentiate. Invocable only with the flat
// vectors f can take its arguments from, so that the functional API's concepts see through it.
template <class F, class... X>
class Packed {
 public:
  explicit Packed(const F& f, const X&... x) : f_(f), points_(x...), offsets_(point_offsets(x...)) {}

  template <class Flat>
    requires std::invocable<const F&, argument_t<false, Flat, X>...> ||
             (is_var_flat_v<Flat> && std::invocable<const F&, argument_t<true, Flat, X>...>)
  decltype(auto) operator()(const Flat& flat) const {
    constexpr bool kEigenOfVar = !std::invocable<const F&, argument_t<false, Flat, X>...>;
    return call<kEigenOfVar>(flat, std::index_sequence_for<X...>{});
  }

  const std::tuple<const X&...>& points() const { return points_; }
  const std::array<Eigen::Index, sizeof...(X)>& offsets() const { return offsets_; }

 private:
  template <bool kEigenOfVar, class Flat, std::size_t... I>
  decltype(auto) call(const Flat& flat, std::index_sequence<I...>) const {
    return f_(argument<kEigenOfVar>(flat, offsets_[I], std::get<I>(points_))...);
  }

  const F& f_;
  std::tuple<const X&...> points_;
  std::array<Eigen::Index, sizeof...(X)> offsets_;
};

// Each point's derivative from the flat one: one value for one point, else a tuple.
template <class Flat, class... X>
auto unflatten_all(const Flat& flat, const X&... x) {
  const auto offsets = point_offsets(x...);
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    const std::tuple<const X&...> points(x...);
    if constexpr (sizeof...(X) == 1) {
      return unflatten(flat, offsets[0], std::get<0>(points));
    } else {
      return std::make_tuple(unflatten(flat, offsets[I], std::get<I>(points))...);
    }
  }(std::index_sequence_for<X...>{});
}

// The one scalar all the points share (a float point with a double one is a mistake).
template <class... X>
struct common_point_scalar;
template <class X, class... Rest>
struct common_point_scalar<X, Rest...> {
  using type = point_scalar_t<X>;
  static_assert((std::is_same_v<type, point_scalar_t<Rest>> && ...),
                "slope: the points of one call must all be float or all double; convert one of them");
};

// An Eigen column vector of double (of any size): the point of the API's first overloads,
// taken as an Eigen::VectorXd (and giving VectorXd derivatives) rather than flattened.
template <class X>
inline constexpr bool kDoubleColumn = [] {
  if constexpr (is_eigen_matrix_v<std::remove_cvref_t<X>>) {
    return std::remove_cvref_t<X>::ColsAtCompileTime == 1 && std::is_same_v<typename std::remove_cvref_t<X>::Scalar, double>;
  } else {
    return false;
  }
}();

}  // namespace detail

}  // namespace slope
