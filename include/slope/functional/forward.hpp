// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Forward-mode functional API: derivative, gradient_forward, jacobian_forward, jvp,
// hessian_forward. One evaluation of f per N input directions: the right choice for few
// inputs or many outputs.
//
//     auto f = [](const auto& x) { return (x.array() - 1.0).square().sum(); };
//     Eigen::VectorXd g = slope::gradient_forward(f, Eigen::VectorXd::Constant(3, 10.0)); // 18, 18, 18
//     Eigen::MatrixXd H = slope::hessian_forward(f, Eigen::VectorXd::Constant(3, 10.0));  // 2 I

#include <cstddef>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/forward/dual.hpp"
#include "slope/functional/arguments.hpp"
#include "slope/functional/concepts.hpp"

namespace slope {

namespace detail {

// The number of tangent directions per pass when the caller does not choose: enough for the
// whole input when it is small, at most 4. Expression nodes hold their operands by value (so
// that they cannot dangle); a Dual of 4 directions is 40 bytes, small enough for g++ to keep
// those copies in registers, while at 8 (72 bytes) it spills them to memory and a pass costs
// more than the two passes of 4 it replaces (measured on extended Rosenbrock, n = 8..128).
// Runs body.operator()<M>() with M = N directions, or, for N = 0, with M picked from n.
template <int N, class Body>
decltype(auto) with_directions(Eigen::Index n, Body&& body) {
  if constexpr (N != 0) {
    return body.template operator()<N>();
  } else {
    if (n <= 1) return body.template operator()<1>();
    if (n <= 2) return body.template operator()<2>();
    return body.template operator()<4>();
  }
}

template <class D, class S>
Vector<D> constant_duals(const Vector<S>& x) {
  Vector<D> xd(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) xd[i] = D(x[i]);
  return xd;
}

// Seeds (or clears) the directions of inputs [start, start + N) of a vector of duals.
template <class D>
void seed_block(Vector<D>& xd, Eigen::Index start, bool on) {
  constexpr int N = D::kDirections;
  for (int k = 0; k < N && start + k < xd.size(); ++k) xd[start + k].tangent(k) = on ? 1.0 : 0.0;
}

template <int N, class F, class S>
Vector<S> gradient_forward_with(const F& f, const Vector<S>& x) {
  using D = Dual<S, N>;
  Vector<D> xd = constant_duals<D>(x);
  Vector<S> g(x.size());
  for (Eigen::Index start = 0; start < x.size(); start += N) {
    seed_block(xd, start, true);
    const D y = f(std::as_const(xd));
    for (int k = 0; k < N && start + k < x.size(); ++k) g[start + k] = y.tangent(k);
    seed_block(xd, start, false);
  }
  return g;
}

template <int N, class F, class S>
Matrix<S> jacobian_forward_with(const F& f, const Vector<S>& x) {
  using D = Dual<S, N>;
  Vector<D> xd = constant_duals<D>(x);
  Matrix<S> jac;
  for (Eigen::Index start = 0; start < x.size(); start += N) {
    seed_block(xd, start, true);
    const Vector<D> y = f(std::as_const(xd));
    if (start == 0) jac.resize(y.size(), x.size());
    check_argument(y.size() == jac.rows(),
                   "slope::jacobian_forward: F returned vectors of different sizes in two passes at the same x");
    for (Eigen::Index i = 0; i < y.size(); ++i) {
      for (int k = 0; k < N && start + k < x.size(); ++k) jac(i, start + k) = y[i].tangent(k);
    }
    seed_block(xd, start, false);
  }
  if (x.size() == 0) jac.resize(Vector<D>(f(xd)).size(), 0);
  return jac;
}

template <int N, class S, class F>
Matrix<S> jacobian_forward_flat(const F& f, const Vector<S>& x) {
  return with_directions<N>(x.size(), [&]<int M>() { return jacobian_forward_with<M>(f, x); });
}

template <class S, class F>
Vector<S> jvp_flat(const F& f, const Vector<S>& x, const Vector<S>& v) {
  check_argument(x.size() == v.size(), "slope::jvp: x and v must have the same size");
  Vector<Dual<S>> xd(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) xd[i] = Dual<S>(x[i], {v[i]});
  const Vector<Dual<S>> y = f(std::as_const(xd));
  Vector<S> jv(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) jv[i] = y[i].tangent(0);
  return jv;
}

// Forward over forward: the outer dual moves along input i, the inner one along a block of N
// inputs j, so one pass yields the block H(i, j..j+N) of second derivatives.
template <int N, class F>
Eigen::MatrixXd hessian_forward_with(const F& f, const Eigen::VectorXd& x) {
  using Inner = Dual<double, N>;
  using Outer = Dual<Inner, 1>;
  const Eigen::Index n = x.size();
  Vector<Outer> xd(n);
  for (Eigen::Index i = 0; i < n; ++i) xd[i] = Outer(Inner(x[i]));
  Eigen::MatrixXd hess(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    xd[i].tangent(0) = Inner(1.0);
    // By symmetry only the blocks from column i on are evaluated.
    for (Eigen::Index start = i - i % N; start < n; start += N) {
      for (int k = 0; k < N && start + k < n; ++k) xd[start + k].value().tangent(k) = 1.0;
      const Outer y = f(std::as_const(xd));
      for (int k = 0; k < N && start + k < n; ++k) {
        hess(i, start + k) = y.tangent(0).tangent(k);
        hess(start + k, i) = hess(i, start + k);
      }
      for (int k = 0; k < N && start + k < n; ++k) xd[start + k].value().tangent(k) = 0.0;
    }
    xd[i].tangent(0) = Inner(0.0);
  }
  return hess;
}

}  // namespace detail

// df/dx of a function of one variable, exact to round-off.
template <class F>
  requires ScalarFunction<F, Dual<double>>
double derivative(const F& f, double x) {
  const Dual<double> y = f(Dual<double>::variable(x));
  return y.tangent(0);
}

// The gradient of f: R^n -> R by forward mode, N directions per pass (ceil(n/N) passes).
// N = 0 picks N from n (1, 2 or 4). Prefer slope::gradient (reverse mode) for many inputs.
template <int N = 0, class F>
  requires ScalarObjective<F, Dual<double, (N == 0 ? 1 : N)>>
Eigen::VectorXd gradient_forward(const F& f, const Eigen::VectorXd& x) {
  return detail::with_directions<N>(x.size(), [&]<int M>() { return detail::gradient_forward_with<M>(f, x); });
}

// The m x n Jacobian of F: R^n -> R^m by forward mode, ceil(n/N) passes.
template <int N = 0, class F>
  requires VectorFunction<F, Dual<double, (N == 0 ? 1 : N)>>
Eigen::MatrixXd jacobian_forward(const F& f, const Eigen::VectorXd& x) {
  return detail::jacobian_forward_flat<N, double>(f, x);
}

// The Jacobian-vector product J(x) v in one forward pass, without forming J.
template <class F>
  requires VectorFunction<F, Dual<double>>
Eigen::VectorXd jvp(const F& f, const Eigen::VectorXd& x, const Eigen::VectorXd& v) {
  return detail::jvp_flat<double>(f, x, v);
}

// The same for any point (see slope/functional/arguments.hpp): F's inputs are a float vector,
// a matrix, a std::vector or a number, and v has x's type; the result is a vector of x's scalar.
template <int N = 0, class F, Point X>
  requires(!detail::kDoubleColumn<X> && VectorFunction<detail::Packed<F, X>, Dual<point_scalar_t<X>, (N == 0 ? 1 : N)>>)
Matrix<point_scalar_t<X>> jacobian_forward(const F& f, const X& x) {
  using S = point_scalar_t<X>;
  return detail::jacobian_forward_flat<N, S>(detail::Packed<F, X>(f, x), detail::flatten<S>(x));
}

template <class F, Point X>
  requires(!detail::kDoubleColumn<X> && VectorFunction<detail::Packed<F, X>, Dual<point_scalar_t<X>>>)
Vector<point_scalar_t<X>> jvp(const F& f, const X& x, const X& v) {
  using S = point_scalar_t<X>;
  return detail::jvp_flat<S>(detail::Packed<F, X>(f, x), detail::flatten<S>(x), detail::flatten<S>(v));
}

// The n x n Hessian of f: R^n -> R by nested forward mode (forward over forward), about
// n * ceil(n/N) / 2 passes: meant for small n.
template <int N = 0, class F>
  requires ScalarObjective<F, Dual<Dual<double, (N == 0 ? 1 : N)>, 1>>
Eigen::MatrixXd hessian_forward(const F& f, const Eigen::VectorXd& x) {
  return detail::with_directions<N>(x.size(), [&]<int M>() { return detail::hessian_forward_with<M>(f, x); });
}

}  // namespace slope
