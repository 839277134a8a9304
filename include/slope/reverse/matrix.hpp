// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Active vectors and matrices for reverse mode (VarMatrix, VarVector): one tape node per
// Eigen operation. Including this header brings in all of slope/reverse/matrix/:
//
//   kernels.hpp           the derivative rules on whole arrays (SIMD), scratch memory, checks
//   operands.hpp          what an operand becomes (leaves) and the operand concepts
//   elementwise.hpp       lazy element-wise expressions, fused into one node
//   reductions.hpp        sum, mean, prod, norm, log-sum-exp of an expression
//   interface.hpp         the Eigen-like interface (VarDenseBase, VarXpr) and the operators
//   var_matrix.hpp        the VarMatrix type, element access, make_variables, conversions
//   views.hpp             block, row, transpose, trace, reshaped, reverse
//   broadcasting.hpp      colwise()/rowwise() with a vector or a reduction, replicate, asDiagonal
//   selection.hpp         comparisons (a boolean Eigen array of values) and select(c, a, b)
//   unary_expr.hpp        unaryExpr(f) of a generic scalar lambda, by forward mode inside a node
//   products.hpp          the matrix product
//   linear_algebra.hpp    solves and log-determinants that reuse their factorization
//   custom_node.hpp       user-defined nodes with a hand-written vector-Jacobian product
//   vector_functions.hpp  log_sum_exp, softmax, normal_log_pdf, sigmoid/softplus/relu
//
// Each file depends only on the ones above it, by includes; the nodes' code is templated, so
// a call resolved by name at instantiation (the matrix product from interface.hpp) reaches a
// file further down, which this header includes.
//
//     slope::Tape<double> tape;  slope::TapeScope scope(tape);
//     slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::Constant(3, 10.0));
//     slope::Var<double> f = (x.array() - 1.0).square().sum();   // one node

#include "slope/reverse/matrix/broadcasting.hpp"
#include "slope/reverse/matrix/custom_node.hpp"
#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/interface.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/linear_algebra.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/matrix/products.hpp"
#include "slope/reverse/matrix/reductions.hpp"
#include "slope/reverse/matrix/selection.hpp"
#include "slope/reverse/matrix/unary_expr.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/matrix/vector_functions.hpp"
#include "slope/reverse/matrix/views.hpp"
