// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What the functional API accepts: a callable, generic in its scalar type, invoked with a
// column vector of that scalar: an Eigen vector of Dual for forward mode, of double for finite
// differences, and a slope::VarVector for reverse mode (see InputVector). Each public function
// is constrained by one of these concepts, so a misuse prints the concept's name.
//
//     auto f = [](const auto& x) { return x.squaredNorm(); };
//     static_assert(slope::ScalarObjective<decltype(f), slope::Dual<double>>);
//     static_assert(slope::ScalarObjective<decltype(f), slope::Var<double>>);

#include <concepts>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/traits.hpp"

namespace slope {

template <class Scalar>
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
template <class Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

template <class T>
class Var;
template <class T>
class VarMatrix;

namespace detail {
// The vector type of a mode: VarVector for reverse mode, the Eigen vector otherwise.
template <class Scalar>
struct active_vector {
  using type = Vector<Scalar>;
};
template <class T>
struct active_vector<Var<T>> {
  using type = VarMatrix<T>;
};
template <class Scalar>
using active_vector_t = typename active_vector<Scalar>::type;

template <class F, class Scalar>
struct input_vector {
  using type = std::conditional_t<std::invocable<const F&, const active_vector_t<Scalar>&>, active_vector_t<Scalar>,
                                  Vector<Scalar>>;
};
}  // namespace detail

// The vector f is invoked with: an Eigen column vector of Scalar, except in reverse mode,
// where it is a slope::VarVector (one tape node per vector operation; x[i] is a Var) unless
// f accepts only an Eigen vector of Var (then every scalar operation is one statement).
template <class F, class Scalar>
using InputVector = typename detail::input_vector<F, Scalar>::type;

// The result of a callable evaluated on `Scalar` carries derivatives of that kind: it is the
// scalar itself or an expression of it. (Only "convertible to Scalar" would also admit a
// function computing in plain doubles, since a double converts to a constant Var, and Eigen
// declares conversions between any two vectors.) For plain numbers, any number will do.
template <class R, class Scalar>
concept ResultOf = (Arithmetic<Scalar> && std::convertible_to<R, Scalar>) ||
                   std::same_as<std::remove_cvref_t<R>, Scalar> ||
                   (Expression<R> && std::same_as<active_type_t<R>, Scalar>);

template <class R, class Scalar>
concept VectorResultOf = requires { typename std::remove_cvref_t<R>::Scalar; } &&
                         std::same_as<typename std::remove_cvref_t<R>::Scalar, Scalar> &&
                         (std::convertible_to<R, Vector<Scalar>> || std::convertible_to<R, detail::active_vector_t<Scalar>>);

// f: a number -> a number, callable with the scalar.
template <class F, class Scalar>
concept ScalarFunction =
    std::invocable<const F&, const Scalar&> && ResultOf<std::invoke_result_t<const F&, const Scalar&>, Scalar>;

// f: a vector -> a number, callable with the InputVector of the scalar.
template <class F, class Scalar>
concept ScalarObjective = std::invocable<const F&, const InputVector<F, Scalar>&> &&
                          ResultOf<std::invoke_result_t<const F&, const InputVector<F, Scalar>&>, Scalar>;

// F: a vector -> a vector, callable with the InputVector of the scalar and returning a vector
// (or vector expression) of the same scalar: an Eigen vector, or in reverse mode a VarVector.
template <class F, class Scalar>
concept VectorFunction = std::invocable<const F&, const InputVector<F, Scalar>&> &&
                         VectorResultOf<std::invoke_result_t<const F&, const InputVector<F, Scalar>&>, Scalar>;

// f wrapped so that slope calls it with Eigen vectors in every mode: Eigen::VectorXd for
// values and finite differences, an Eigen vector of Dual in forward mode, and in reverse mode
// an Eigen vector of Var (every scalar operation one statement: slower than a VarVector's
// whole-vector nodes, but any Eigen code runs). For functions written the classic Eigen way:
//
//     template <class D> typename D::Scalar energy(const Eigen::MatrixBase<D>& x);
//     auto g = slope::gradient(slope::eigen_input([](const auto& x) { return energy(x); }), x0);
template <class F>
class EigenInput {
 public:
  explicit EigenInput(F f) : f_(std::move(f)) {}
  template <class D>
  decltype(auto) operator()(const Eigen::MatrixBase<D>& x) const {
    return f_(x.derived());
  }

 private:
  F f_;
};

template <class F>
EigenInput<std::decay_t<F>> eigen_input(F&& f) {
  return EigenInput<std::decay_t<F>>(std::forward<F>(f));
}

}  // namespace slope
