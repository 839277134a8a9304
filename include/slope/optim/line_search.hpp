// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Backtracking line search with the Armijo (sufficient decrease) condition: along a descent
// direction d (g^T d < 0) from x, try t = t0, t0 * shrink, t0 * shrink^2, ... and accept the
// first t with
//
//   f(x + t d) <= f(x) + armijo * t * g^T d        (and f(x + t d) finite)
//
// A trial whose f is NaN or infinite is refused like one that does not decrease f, so a search
// backs away from where f is undefined (log of a negative number). Used by Newton and,
// optionally, by GradientDescent.
//
//     slope::optim::BacktrackingLineSearch search;
//     auto evaluate = [&](const Eigen::VectorXd& y) { return slope::value_and_gradient(f, y); };
//     auto [found, t, x_new, at_new, trials] = search.search(evaluate, x, fx, g, -g);

#include <cmath>
#include <concepts>
#include <type_traits>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/functional/reverse.hpp"

namespace slope::optim {

// evaluate(x) -> ValueAndGradient: f and its gradient at a point.
template <class E>
concept ValueAndGradientFunction =
    std::invocable<E&, const Eigen::VectorXd&> &&
    std::convertible_to<std::invoke_result_t<E&, const Eigen::VectorXd&>, ValueAndGradient>;

// The outcome of one line search.
struct LineSearchStep {
  bool found = false;      // some trial satisfied the Armijo condition
  double step = 0.0;       // the accepted t (the last one tried when not found)
  Eigen::VectorXd x{};     // x + t d
  ValueAndGradient value{};  // f and the gradient at x + t d (of the last trial when not found)
  int trials = 0;          // evaluations made
};

struct BacktrackingLineSearch {
  double initial_step = 1.0;
  double shrink = 0.5;
  double armijo = 1e-4;
  int max_steps = 50;

  // Searches along `direction` from x, where f = fx and the gradient is `gradient`. Finds
  // nothing (found == false, no evaluation) when the direction is not a descent direction.
  template <ValueAndGradientFunction Evaluate>
  LineSearchStep search(Evaluate&& evaluate, const Eigen::VectorXd& x, double fx,
                        const Eigen::VectorXd& gradient, const Eigen::VectorXd& direction) const {
    check_argument(initial_step > 0.0 && std::isfinite(initial_step),
                   "slope::optim::BacktrackingLineSearch: initial_step must be finite and > 0");
    check_argument(shrink > 0.0 && shrink < 1.0,
                   "slope::optim::BacktrackingLineSearch: shrink must lie in (0, 1)");
    check_argument(armijo > 0.0 && armijo < 1.0,
                   "slope::optim::BacktrackingLineSearch: armijo must lie in (0, 1)");
    check_argument(max_steps >= 1, "slope::optim::BacktrackingLineSearch: max_steps must be >= 1");
    check_argument(x.size() == gradient.size() && x.size() == direction.size(),
                   "slope::optim::BacktrackingLineSearch::search: x, gradient and direction must "
                   "have the same size");
    LineSearchStep result;
    const double slope = gradient.dot(direction);  // g^T d, negative along a descent direction
    if (!(slope < 0.0) || !std::isfinite(fx)) return result;
    double t = initial_step;
    for (int trial = 0; trial < max_steps; ++trial, t *= shrink) {
      result.step = t;
      result.x = x + t * direction;
      result.value = evaluate(std::as_const(result.x));
      ++result.trials;
      const double f = result.value.value;
      if (std::isfinite(f) && f <= fx + armijo * t * slope) {
        result.found = true;
        return result;
      }
    }
    return result;
  }
};

}  // namespace slope::optim
