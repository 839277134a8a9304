// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The functional API: derivatives of a generic callable at a point.
//
// Write the function once, generic in its scalar type, and ask for its derivatives:
//
//     auto f = [](const auto& x) { return (x.array() - 1.0).square().sum(); };
//     Eigen::VectorXd g = slope::gradient(f, x);          // reverse mode: one recording
//     Eigen::MatrixXd H = slope::hessian(f, x);           // forward over reverse
//     auto report = slope::check_gradient(f, x);          // against finite differences
//
// forward.hpp: derivative, gradient_forward, jacobian_forward, jvp, hessian_forward.
// reverse.hpp: gradient, value_and_gradient, vjp, jacobian, hessian, hvp.
// check.hpp:   check_gradient, check_jacobian on slope's own derivatives.

#include "slope/functional/check.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/forward.hpp"
#include "slope/functional/reverse.hpp"
