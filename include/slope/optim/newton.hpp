// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Newton's method with an exact Hessian from slope (forward over reverse), an LDLT solve,
// Levenberg-style damping and a backtracking Armijo line search:
//
//   H_k = hessian(f, x_k);  solve (H_k + mu I) d = -g_k  with mu = 0, or, when H_k is not
//   positive definite, the first of mu_0 = initial_damping * max(1, max_i |H_ii|),
//   mu_0 * damping_increase, ... that makes it so (then d is a descent direction);
//   x_{k+1} = x_k + t d, t = 1, 1/2, 1/4, ... until f decreases by armijo * t * g^T d.
//
// Near a minimum with a positive-definite Hessian, t = 1 and mu = 0: quadratic convergence.
// Each iteration costs one Hessian (ceil(n/4) forward-over-reverse recordings) and an O(n^3)
// solve: meant for small and medium n. Needs f generic enough for Var<Dual<double, 4>>.
//
//     auto result = slope::optim::minimize(rosenbrock, x0, slope::optim::Newton{});

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/functional/reverse.hpp"
#include "slope/optim/line_search.hpp"
#include "slope/optim/progress.hpp"
#include "slope/optim/result.hpp"

namespace slope::optim {

struct Newton {
  int max_line_search = 50;       // backtracking trials per iteration
  double armijo = 1e-4;           // sufficient-decrease constant
  double initial_damping = 1e-3;  // first mu, relative to max(1, max |H_ii|)
  double damping_increase = 10.0; // mu grows by this factor until H + mu I is positive definite
};

namespace detail {

struct NewtonDirection {
  Eigen::VectorXd direction;
  double damping = 0.0;  // the mu used
  bool solved = false;   // false: no mu up to the cap gave a positive-definite matrix
};

// True when the LDLT factors are those of a (numerically) positive-definite matrix: every
// pivot positive and none below round-off relative to the largest.
inline bool positive_definite(const Eigen::LDLT<Eigen::MatrixXd>& ldlt) {
  if (ldlt.info() != Eigen::Success || ldlt.rows() == 0) return ldlt.info() == Eigen::Success;
  const Eigen::VectorXd d = ldlt.vectorD();
  const double floor = std::numeric_limits<double>::epsilon() * static_cast<double>(d.size()) *
                       d.cwiseAbs().maxCoeff();
  return d.allFinite() && d.minCoeff() > floor;
}

inline NewtonDirection newton_direction(const Eigen::MatrixXd& hessian, const Eigen::VectorXd& gradient,
                                        const Newton& method) {
  constexpr int kMaxDampingTrials = 100;
  const Eigen::Index n = hessian.rows();
  const double scale = n ? std::max(1.0, hessian.diagonal().cwiseAbs().maxCoeff()) : 1.0;
  Eigen::LDLT<Eigen::MatrixXd> ldlt;
  double mu = 0.0;
  for (int trial = 0; trial < kMaxDampingTrials; ++trial) {
    ldlt.compute(hessian + mu * Eigen::MatrixXd::Identity(n, n));
    if (positive_definite(ldlt)) {
      Eigen::VectorXd direction = ldlt.solve(-gradient);
      if (direction.allFinite()) return {std::move(direction), mu, true};
    }
    mu = mu == 0.0 ? method.initial_damping * scale : mu * method.damping_increase;
  }
  return {-gradient, mu, false};
}

template <class F, class Objective>
void run_newton(const Newton& method, const F& f, Objective& objective, Progress& progress) {
  check_argument(method.max_line_search >= 1, "slope::optim::Newton: max_line_search must be >= 1");
  check_argument(method.armijo > 0.0 && method.armijo < 1.0, "slope::optim::Newton: armijo must lie in (0, 1)");
  check_argument(method.initial_damping > 0.0, "slope::optim::Newton: initial_damping must be > 0");
  check_argument(method.damping_increase > 1.0, "slope::optim::Newton: damping_increase must be > 1");
  const BacktrackingLineSearch search{.initial_step = 1.0, .shrink = 0.5, .armijo = method.armijo,
                                      .max_steps = method.max_line_search};
  for (;;) {
    const std::string at = " at iteration " + std::to_string(progress.iteration() + 1);
    const Eigen::MatrixXd hessian = slope::hessian(f, progress.x());
    if (!hessian.allFinite()) {
      progress.stop(Status::non_finite, "stopped: the Hessian is not finite" + at + "; returning iterate " +
                                            std::to_string(progress.iteration()));
      return;
    }
    const NewtonDirection newton = newton_direction(hessian, progress.gradient(), method);
    LineSearchStep step = search.search(objective, progress.x(), progress.f(), progress.gradient(), newton.direction);
    if (!step.found) {
      progress.stop(Status::line_search_failed,
                    "stopped: the line search found no sufficient decrease along the Newton direction" + at +
                        " (" + std::to_string(step.trials) + " trials, damping mu = " +
                        format_number(newton.damping, 2) + ")");
      return;
    }
    const double length = (step.x - progress.x()).norm();
    if (progress.accept(step.x, std::move(step.value), length)) return;
  }
}

}  // namespace detail

}  // namespace slope::optim
