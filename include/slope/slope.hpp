// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// slope: automatic differentiation for C++20 over Eigen. Including this header brings in
// everything: forward mode (slope::Dual), reverse mode (slope::Var, slope::Tape), the
// functional API (slope::gradient, value_and_gradient, vjp, jacobian, hessian, hvp,
// derivative, gradient_forward, jacobian_forward, jvp, hessian_forward), and the
// finite-difference checkers (slope::fd, slope::check_gradient), and the optimizers
// (slope::optim).
//
//     #include "slope/slope.hpp"
//     double d = slope::derivative([](auto x) { return 0.1 * x * x + 0.01 * x; }, 5.0);  // 1.01

#include "slope/core/check.hpp"
#include "slope/core/eigen_functions.hpp"
#include "slope/core/expr.hpp"
#include "slope/core/functions.hpp"
#include "slope/core/operators.hpp"
#include "slope/core/rules.hpp"
#include "slope/core/special.hpp"
#include "slope/core/traits.hpp"
#include "slope/finite_difference.hpp"
#include "slope/forward/dual.hpp"
#include "slope/functional.hpp"
#include "slope/optim.hpp"
#include "slope/reverse/matrix.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"
