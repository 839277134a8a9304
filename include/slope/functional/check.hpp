// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// check_gradient / check_jacobian / check_hessian on slope's own derivatives: the reverse-mode
// gradient (Jacobian, Hessian) of a generic callable against finite differences of the same
// callable on plain doubles (for the Hessian: of slope's gradient, so that it checks the
// second-order part alone). The overloads that take your own gradient function are in
// slope/finite_difference.hpp.
//
//     auto report = slope::check_gradient(f, x);   // f generic in its scalar
//     if (!report) std::cerr << report;            // names the worst entry and both values

#include <Eigen/Core>

#include "slope/finite_difference.hpp"
#include "slope/functional/arguments.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/reverse.hpp"

namespace slope {

// Compares slope's gradient of f at x with finite differences (see CheckOptions).
template <class F>
  requires ScalarObjective<F, Var<double>> && ScalarObjective<F, double>
CheckReport check_gradient(const F& f, const Eigen::VectorXd& x, const CheckOptions& options = {}) {
  const auto as_double = [&f](const Eigen::VectorXd& v) { return static_cast<double>(f(v)); };
  return detail::compare_derivatives_for<F>("slope::check_gradient", gradient(f, x), fd::gradient(as_double, x, options.fd),
                                         options);
}

// The same at any point (a matrix, a float vector, a std::vector, a number): the entries in
// the point's flattened order (column-major for a matrix); the differences are taken in double.
template <class F, Point X>
  requires(!detail::kDoubleColumn<X> && ScalarObjective<detail::Packed<F, X>, Var<point_scalar_t<X>>> &&
           ScalarObjective<detail::Packed<F, X>, double>)
CheckReport check_gradient(const F& f, const X& x, const CheckOptions& options = {}) {
  using S = point_scalar_t<X>;
  const detail::Packed<F, X> packed(f, x);
  Vector<S> ad(detail::point_size(x));
  (void)detail::value_and_gradient_flat<S>(packed, detail::flatten<S>(x), ad.data());
  const auto as_double = [&packed](const Eigen::VectorXd& v) { return static_cast<double>(packed(v)); };
  return detail::compare_derivatives_for<F>("slope::check_gradient", ad.template cast<double>(),
                                         fd::gradient(as_double, detail::flatten<double>(x), options.fd), options);
}

// Compares slope's Jacobian of F at x with finite differences.
template <class F>
  requires(VectorFunction<F, Var<double>> || VectorFunction<F, Dual<double>>) && VectorFunction<F, double>
CheckReport check_jacobian(const F& f, const Eigen::VectorXd& x, const CheckOptions& options = {}) {
  const auto as_double = [&f](const Eigen::VectorXd& v) -> Eigen::VectorXd { return f(v); };
  return detail::compare_derivatives_for<F>("slope::check_jacobian", jacobian(f, x), fd::jacobian(as_double, x, options.fd),
                                         options);
}

// Compares slope's Hessian of f at x (forward over reverse) with differences of slope's
// gradient: the gradient is exact, so what the check sees is the second-order part alone,
// with the precision of first differences (central by default here: Richardson would ask for
// many more gradients). The same report; entries are (row, column).
template <class F>
  requires ScalarObjective<F, Var<Dual<double, 4>>> && ScalarObjective<F, Var<double>>
CheckReport check_hessian(const F& f, const Eigen::VectorXd& x, const CheckOptions& options = {}) {
  const auto g = [&f](const Eigen::VectorXd& v) { return gradient(f, v); };
  const Eigen::MatrixXd reference = fd::jacobian_of_gradient(g, x, options.fd);
  return detail::compare_derivatives_for<F>("slope::check_hessian", hessian(f, x), reference, options);
}

}  // namespace slope
