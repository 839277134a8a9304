// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What the functional API accepts: a callable, generic in its scalar type, invoked with an
// Eigen column vector of that scalar (Dual for forward mode, Var for reverse mode, double for
// finite differences). Each public function is constrained by one of these concepts, so a
// misuse prints the concept's name.
//
//     auto f = [](const auto& x) { return x.squaredNorm(); };
//     static_assert(slope::ScalarObjective<decltype(f), slope::Dual<double>>);
//     static_assert(slope::ScalarObjective<decltype(f), slope::Var<double>>);

#include <concepts>
#include <type_traits>

#include <Eigen/Core>

namespace slope {

template <class Scalar>
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

// f: a number -> a number, callable with the scalar.
template <class F, class Scalar>
concept ScalarFunction = std::invocable<const F&, const Scalar&> &&
                         std::convertible_to<std::invoke_result_t<const F&, const Scalar&>, Scalar>;

// f: a vector -> a number, callable with an Eigen vector of the scalar.
template <class F, class Scalar>
concept ScalarObjective =
    std::invocable<const F&, const Vector<Scalar>&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Vector<Scalar>&>, Scalar>;

// F: a vector -> a vector, callable with an Eigen vector and returning an Eigen expression
// convertible to a column vector of the same scalar.
template <class F, class Scalar>
concept VectorFunction =
    std::invocable<const F&, const Vector<Scalar>&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Vector<Scalar>&>, Vector<Scalar>>;

}  // namespace slope
