// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Matrix functions and decompositions, each ONE reverse-mode node with a closed-form adjoint,
// and the same names on plain Eigen matrices (double, Dual, or Var element by element), so that
// one generic body runs in every mode:
//
//   cholesky(A)                 L, A = L L^T                    slope/linalg/cholesky.hpp
//   triangular_solve<UpLo, Side>(T, B)  T^-1 B or B T^-1        slope/linalg/triangular_solve.hpp
//   inverse(A), determinant(A)                                  slope/linalg/inverse_determinant.hpp
//   eigenvalues_sym(A), eigenvectors_sym(A), eigen_sym(A)       slope/linalg/eigen_sym.hpp
//   singular_values(A), svd(A)  thin U, s, V                    slope/linalg/svd.hpp
//   matrix_exp(A)               e^A                             slope/linalg/matrix_exp.hpp
//   quad_form(A, x), trace_quad_form(A, B)                      slope/linalg/quad_form.hpp
//   crossprod, tcrossprod, diag_matrix, diagonal, kronecker     slope/linalg/products.hpp
// solve, solve_spd, log_determinant and log_determinant_spd are in slope/reverse/matrix.hpp.
// Functions of a symmetric matrix read its lower triangle (slope/linalg/recording.hpp).
// Also: Eigen::BDCSVD on Dual and Var matrices runs JacobiSVD (slope/core/eigen_svd.hpp).
//
//     auto f = [](const auto& x) {    // x: VectorXd, a vector of Dual, or a VarVector
//       const auto a = x.reshaped(3, 3);
//       return slope::eigenvalues_sym(slope::crossprod(a)).sum() + slope::determinant(a);
//     };

#include "slope/linalg/cholesky.hpp"
#include "slope/linalg/eigen_sym.hpp"
#include "slope/linalg/inverse_determinant.hpp"
#include "slope/linalg/matrix_exp.hpp"
#include "slope/linalg/products.hpp"
#include "slope/linalg/quad_form.hpp"
#include "slope/linalg/svd.hpp"
#include "slope/linalg/triangular_solve.hpp"
