// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// slope: automatic differentiation for C++20 over Eigen. This header brings in everything you
// need to differentiate: forward mode (slope::Dual), reverse mode (slope::Var, slope::Tape,
// slope::VarVector), the functional API (slope::gradient, value_and_gradient, vjp, jacobian,
// hessian, hvp, derivative, gradient_forward, jacobian_forward, jvp, hessian_forward), and
// the finite-difference checkers (slope::fd, slope::check_gradient).
//
// The larger parts a gradient does not need have headers of their own, so that a file that
// only differentiates compiles fast (one gradient: about 1.4x the compile time of an Eigen-only
// file; see bench/compile_time.sh):
//   slope/optim.hpp                optimizers (gradient descent ... Adam, Newton, L-BFGS)
//   slope/linalg.hpp               matrix functions with closed-form adjoints (cholesky, ...)
//   slope/distributions.hpp        log-densities as vector nodes (student_t_log_pdf, ...)
//   slope/sparse.hpp               sparse Jacobians and Hessians
//   slope/reverse/checkpoint.hpp   checkpointing (checkpoint, checkpoint_loop)
//   slope/mpi.hpp                  gradients summed over MPI ranks
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
#include "slope/reverse/matrix.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"
