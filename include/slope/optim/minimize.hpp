// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// minimize: run a method from x0 until Options stop it, and return one Result.
//
//   minimize(f, x0, method, options)        f generic in its scalar: gradients by reverse mode
//                                           (value_and_gradient), Newton's Hessians by hessian
//   minimize(f, grad, x0, method, options)  the user's f(x) -> double and grad(x) -> VectorXd;
//                                           every method but Newton (which needs AD)
//
// First-order methods iterate x_{k+1} = step(x_k, g(x_k)), one evaluation per iteration;
// minimize reset()s the method first, so a method object can be reused. GradientDescent with a
// line_search, Newton and LBFGS search along their direction instead (trials count as
// evaluations). Status and message: see result.hpp; the stopping tests: see progress.hpp.
//
//     auto rosenbrock = [](const auto& x) {
//       return 100.0 * slope::square(x[1] - x[0] * x[0]) + slope::square(1.0 - x[0]);
//     };
//     auto result = slope::optim::minimize(rosenbrock, Eigen::Vector2d(-1.2, 1.0), slope::optim::Newton{});
//     std::cout << result << '\n';   // converged: |grad| = ... after ... iterations

#include <concepts>
#include <string>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/forward/dual.hpp"
#include "slope/functional/reverse.hpp"
#include "slope/optim/first_order.hpp"
#include "slope/optim/lbfgs.hpp"
#include "slope/optim/line_search.hpp"
#include "slope/optim/newton.hpp"
#include "slope/optim/objective.hpp"
#include "slope/optim/progress.hpp"
#include "slope/optim/result.hpp"
#include "slope/reverse/var.hpp"

namespace slope::optim {

// What minimize runs: a first-order optimizer (step(x, g) and reset()), Newton or LBFGS.
template <class M>
concept Method = FirstOrderMethod<M> || std::same_as<M, Newton> || std::same_as<M, LBFGS>;

namespace detail {

template <class>
inline constexpr bool kDependentFalse = false;

// x_{k+1} = step(x_k, g_k), or for GradientDescent with a line search, x_{k+1} = x_k - t g_k.
template <class M, class Objective>
void run_first_order(M& method, Objective& objective, Progress& progress) {
  method.reset();
  if constexpr (std::same_as<M, GradientDescent>) {
    if (method.line_search) {
      for (;;) {
        const Eigen::VectorXd direction = -progress.gradient();
        LineSearchStep step = method.line_search->search(objective, progress.x(), progress.f(),
                                                         progress.gradient(), direction);
        if (!step.found) {
          progress.stop(Status::line_search_failed,
                        "stopped: the line search found no sufficient decrease along -grad at iteration " +
                            std::to_string(progress.iteration() + 1) + " (" + std::to_string(step.trials) +
                            " trials)");
          return;
        }
        const double length = (step.x - progress.x()).norm();
        if (progress.accept(step.x, std::move(step.value), length)) return;
      }
    }
  }
  Eigen::VectorXd x;
  for (;;) {
    x = progress.x();
    method.step(x, progress.gradient());
    const double length = (x - progress.x()).norm();
    if (progress.accept(x, objective(std::as_const(x)), length)) return;
  }
}

// The part of minimize shared by both overloads: everything but Newton.
template <class M, class Objective>
Result run_gradient_method(M& method, Objective& objective, Eigen::VectorXd x0, const Options& options) {
  Progress progress(options);
  if constexpr (std::same_as<M, LBFGS>) {
#if SLOPE_HAVE_LBFGSPP
    run_lbfgs(method, objective, std::move(x0), progress);
#else
    static_assert(kDependentFalse<M>,
                  "slope::optim::LBFGS needs LBFGSpp, and <LBFGS.h> was not found: install it (Debian: "
                  "liblbfgspp-dev) or add its include directory, or choose another method");
#endif
  } else {
    if (!progress.start(x0, objective(std::as_const(x0)))) run_first_order(method, objective, progress);
  }
  return progress.result(objective.evaluations());
}

}  // namespace detail

// Minimizes f from x0, with f's derivatives by automatic differentiation.
template <DifferentiableObjective F, Method M>
Result minimize(const F& f, Eigen::VectorXd x0, M method, const Options& options = {}) {
  detail::AutodiffObjective<F> objective(f);
  if constexpr (std::same_as<M, Newton>) {
    if constexpr (!DifferentiableObjective<F, Var<Dual<double, 4>>>) {
      static_assert(detail::kDependentFalse<F>,
                    "slope::optim::minimize with Newton: f must also accept a vector of "
                    "Var<Dual<double, 4>> for its Hessian; write f generic in its scalar type "
                    "(a template or a lambda taking `const auto&`)");
      return {};
    } else {
      detail::Progress progress(options);
      if (!progress.start(x0, objective(std::as_const(x0)))) detail::run_newton(method, f, objective, progress);
      return progress.result(objective.evaluations());
    }
  } else {
    return detail::run_gradient_method(method, objective, std::move(x0), options);
  }
}

// Minimizes f from x0 with the user's gradient grad(x).
template <class F, class G, Method M>
  requires ValueFunction<F> && GradientFunction<G>
Result minimize(const F& f, const G& grad, Eigen::VectorXd x0, M method, const Options& options = {}) {
  if constexpr (std::same_as<M, Newton>) {
    static_assert(detail::kDependentFalse<M>,
                  "slope::optim::minimize: Newton needs the Hessian by automatic differentiation and "
                  "cannot use a user-supplied gradient; call minimize(f, x0, Newton{}) with f generic "
                  "in its scalar type, or choose LBFGS or a first-order method");
    return {};
  } else {
    detail::SuppliedObjective<F, G> objective(f, grad);
    return detail::run_gradient_method(method, objective, std::move(x0), options);
  }
}

}  // namespace slope::optim
