// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// L-BFGS through LBFGSpp (https://github.com/yixuan/LBFGSpp, header-only, MIT): slope supplies
// f and the gradient, LBFGSpp the two-loop recursion over the last `memory` pairs
// (s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k) and a backtracking line search that ends on the
// strong Wolfe conditions
//
//   f(x + t d) <= f(x) + armijo * t * g^T d,    |g(x + t d)^T d| <= wolfe * |g^T d|
//
// (the curvature condition keeps s^T y > 0, so the quasi-Newton matrix stays positive definite).
// A trial point where f is NaN or infinite counts as no decrease: the search steps back.
//
// Available when <LBFGS.h> is found (SLOPE_HAVE_LBFGSPP is then 1; define it to 0 to leave
// LBFGSpp out). LBFGS itself is always declared; minimizing with it when LBFGSpp is missing
// fails to compile with a message that says so.
//
//     auto result = slope::optim::minimize(f, x0, slope::optim::LBFGS{.memory = 10});
//
// How the adapter keeps slope's Options in charge: LBFGSpp's own stopping tests are switched
// off, and after every line search a hook applies Options (gradient and function tolerance,
// callback, max_iterations, non-finite values, progress rows) to the accepted point; to stop,
// it throws a private exception that unwinds LBFGSpp's loop. An exception from LBFGSpp's line
// search becomes Status::line_search_failed, with LBFGSpp's reason in the message; the point
// returned is then the last accepted iterate (LBFGSpp's own x is the last trial).
// An exception thrown by f, the gradient or the callback is not caught: it reaches the caller
// unchanged.

#include "slope/optim/progress.hpp"
#include "slope/optim/result.hpp"

#ifndef SLOPE_HAVE_LBFGSPP
#if __has_include(<LBFGS.h>)
#define SLOPE_HAVE_LBFGSPP 1
#else
#define SLOPE_HAVE_LBFGSPP 0
#endif
#endif

#if SLOPE_HAVE_LBFGSPP
#include <cmath>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <Eigen/Core>
// LBFGSpp is not written for -Wconversion -Wshadow: keep its warnings out of our -Werror builds
// even when it is found on a plain -I path rather than a system one.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#endif
#include <LBFGS.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "slope/core/check.hpp"
#include "slope/functional/reverse.hpp"
#endif

namespace slope::optim {

struct LBFGS {
  int memory = 6;            // correction pairs kept (LBFGSpp's m)
  int max_line_search = 20;  // trials per line search
  double armijo = 1e-4;      // sufficient-decrease constant (LBFGSpp's ftol), in (0, 0.5)
  double wolfe = 0.9;        // curvature constant, in (armijo, 1)
};

#if SLOPE_HAVE_LBFGSPP
namespace detail {

// Thrown by the hook once Progress has recorded why the run ends.
struct LbfgsStop {};

// The functor LBFGSpp calls: f(x, grad) -> f. It hands a non-finite f to LBFGSpp as NaN, which
// its line search treats as "no decrease".
template <class Objective>
class LbfgsFunction {
 public:
  LbfgsFunction(Objective& objective, Progress& progress) : objective_(objective), progress_(progress) {}

  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    ValueAndGradient at_x = guarded([&] { return objective_(x); });
    if (!started_) {
      started_ = true;
      if (guarded([&] { return progress_.start(x, at_x); })) throw LbfgsStop{};
    }
    gradient = std::move(at_x.gradient);
    return std::isfinite(at_x.value) ? at_x.value : std::numeric_limits<double>::quiet_NaN();
  }

  // Called after each successful line search with the point it accepted.
  void accepted(const Eigen::VectorXd& x, double fx, const Eigen::VectorXd& gradient, const Eigen::VectorXd& previous) {
    if (guarded([&] { return progress_.accept(x, ValueAndGradient{fx, gradient}, (x - previous).norm()); })) {
      throw LbfgsStop{};
    }
  }

  void rethrow_error() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  // Runs user code (f, the gradient, the callback, the output stream); an exception it throws is
  // kept for rethrow_error and LBFGSpp is unwound by LbfgsStop, so that the catch clauses for
  // LBFGSpp's own failures never see it.
  template <class Body>
  auto guarded(Body&& body) {
    try {
      return body();
    } catch (...) {
      error_ = std::current_exception();
      throw LbfgsStop{};
    }
  }

  Objective& objective_;
  Progress& progress_;
  bool started_ = false;
  std::exception_ptr error_;
};

// LBFGSpp's backtracking line search, followed by the hook.
template <class Scalar>
struct ObservedLineSearch {
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  template <class Function>
  static void LineSearch(Function& f, Scalar& fx, Vector& x, Vector& grad, Scalar& step, const Vector& drt,
                         const Vector& xp, const LBFGSpp::LBFGSParam<Scalar>& param) {
    LBFGSpp::LineSearchBacktracking<Scalar>::LineSearch(f, fx, x, grad, step, drt, xp, param);
    f.accepted(x, fx, grad, xp);
  }
};

inline void lbfgs_failed(Progress& progress, const std::exception& failure) {
  progress.stop(Status::line_search_failed, "stopped: the L-BFGS line search failed at iteration " +
                                                std::to_string(progress.iteration() + 1) + " (LBFGSpp: " +
                                                failure.what() + ")");
}

template <class Objective>
void run_lbfgs(const LBFGS& method, Objective& objective, Eigen::VectorXd x, Progress& progress) {
  check_argument(method.memory >= 1, "slope::optim::LBFGS: memory must be >= 1");
  check_argument(method.max_line_search >= 1, "slope::optim::LBFGS: max_line_search must be >= 1");
  check_argument(method.armijo > 0.0 && method.armijo < 0.5, "slope::optim::LBFGS: armijo must lie in (0, 0.5)");
  check_argument(method.wolfe > method.armijo && method.wolfe < 1.0,
                 "slope::optim::LBFGS: wolfe must lie in (armijo, 1)");
  LBFGSpp::LBFGSParam<double> param;
  param.m = method.memory;
  param.max_linesearch = method.max_line_search;
  param.ftol = method.armijo;
  param.wolfe = method.wolfe;
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE;
  // Every stopping test is Progress's: LBFGSpp's would only ever see what Progress let pass.
  param.epsilon = 0.0;
  param.epsilon_rel = 0.0;
  param.past = 0;
  param.max_iterations = 0;
  LBFGSpp::LBFGSSolver<double, ObservedLineSearch> solver(param);
  LbfgsFunction<Objective> function(objective, progress);
  double fx = 0.0;
  try {
    solver.minimize(function, x, fx);
  } catch (const LbfgsStop&) {
    function.rethrow_error();
    return;
  } catch (const std::runtime_error& failure) {  // the line search gave up
    lbfgs_failed(progress, failure);
    return;
  } catch (const std::logic_error& failure) {  // the direction was not a descent direction
    lbfgs_failed(progress, failure);
    return;
  }
  // LBFGSpp returns by itself only when the gradient is exactly zero, which Progress has
  // already reported as converged.
  if (!progress.done()) progress.stop(Status::converged, "converged: LBFGSpp found a zero gradient");
}

}  // namespace detail
#endif

}  // namespace slope::optim
