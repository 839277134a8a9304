// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Log-densities as vector nodes: each is a sum over a vector of observations, with each
// parameter a number, a scalar or a vector (broadcast), and runs in every mode from one generic
// body: on doubles, on Eigen vectors of Dual (closed-form tangents), and as ONE reverse-mode node
// with closed-form partials on VarVector / VarMatrix, Var and Eigen matrices of Var
// (slope/distributions/evaluate.hpp). Conventions outside the support and the domain:
// slope/distributions/detail.hpp. (normal_log_pdf, the first of them, is in
// slope/reverse/matrix/vector_functions.hpp.)
//
//     #include "slope/distributions.hpp"
//     auto f = [&](const auto& x) { return slope::student_t_log_pdf(y, 4.0, x[0], exp(x[1])); };
//     auto [lp, g] = slope::value_and_gradient(f, x0);

#include "slope/distributions/beta.hpp"
#include "slope/distributions/binomial.hpp"
#include "slope/distributions/categorical.hpp"
#include "slope/distributions/cauchy.hpp"
#include "slope/distributions/detail.hpp"
#include "slope/distributions/evaluate.hpp"
#include "slope/distributions/exponential.hpp"
#include "slope/distributions/gamma.hpp"
#include "slope/distributions/lognormal.hpp"
#include "slope/distributions/multi_normal.hpp"
#include "slope/distributions/poisson.hpp"
#include "slope/distributions/student_t.hpp"
