// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// slope::optim: minimize a function with derivatives from slope (or the user's own gradient).
//
//     auto f = [](const auto& x) { return (x.array() - 1.0).square().sum(); };
//     auto result = slope::optim::minimize(f, Eigen::VectorXd::Zero(3), slope::optim::LBFGS{});
//     std::cout << result << '\n';   // converged: |grad| = ... after ... iterations; x = (1, 1, 1)
//
// result.hpp       Status, Options, IterationInfo, Result
// schedule.hpp     Schedule: constant, step_decay, exponential_decay learning rates
// first_order.hpp  GradientDescent, Momentum (Nesterov), AdaGrad, RMSprop, Adam (AdamW)
// line_search.hpp  BacktrackingLineSearch (Armijo)
// newton.hpp       Newton: AD Hessian, LDLT, damping, line search
// lbfgs.hpp        LBFGS: adapter over LBFGSpp (when <LBFGS.h> exists: SLOPE_HAVE_LBFGSPP)
// objective.hpp    ValueFunction, GradientFunction: what minimize accepts from the user
// minimize.hpp     minimize(f, x0, method, options), minimize(f, grad, x0, method, options)
// progress.hpp     (internal) the stopping tests, callback, progress rows and Result of a run

#include "slope/optim/first_order.hpp"
#include "slope/optim/lbfgs.hpp"
#include "slope/optim/line_search.hpp"
#include "slope/optim/minimize.hpp"
#include "slope/optim/newton.hpp"
#include "slope/optim/objective.hpp"
#include "slope/optim/result.hpp"
#include "slope/optim/schedule.hpp"
