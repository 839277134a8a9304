// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// check_gradient / check_jacobian on slope's own derivatives: the reverse-mode gradient
// (or Jacobian) of a generic callable against finite differences of the same callable on
// plain doubles. The overloads that take your own gradient function are in
// slope/finite_difference.hpp.
//
//     auto report = slope::check_gradient(f, x);   // f generic in its scalar
//     if (!report) std::cerr << report;            // names the worst component and both values

#include <Eigen/Core>

#include "slope/finite_difference.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/reverse.hpp"

namespace slope {

// Compares slope's gradient of f at x with finite differences (see CheckOptions).
template <class F>
  requires ScalarObjective<F, Var<double>> && ScalarObjective<F, double>
CheckReport check_gradient(const F& f, const Eigen::VectorXd& x, const CheckOptions& options = {}) {
  const auto as_double = [&f](const Eigen::VectorXd& v) { return static_cast<double>(f(v)); };
  return compare_derivatives(gradient(f, x), fd::gradient(as_double, x, options.fd), options);
}

// Compares slope's Jacobian of F at x with finite differences.
template <class F>
  requires VectorFunction<F, Var<double>> && VectorFunction<F, Dual<double>> && VectorFunction<F, double>
CheckReport check_jacobian(const F& f, const Eigen::VectorXd& x, const CheckOptions& options = {}) {
  const auto as_double = [&f](const Eigen::VectorXd& v) -> Eigen::VectorXd { return f(v); };
  return compare_derivatives(jacobian(f, x), fd::jacobian(as_double, x, options.fd), options);
}

}  // namespace slope
