// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Sparse derivatives: the Jacobian of F: R^n -> R^m and the Hessian of f: R^n -> R as Eigen
// sparse matrices, at the cost of a few dense evaluations (as many as a colouring of the
// pattern needs colours), for n in the hundreds of thousands.
//
//     slope::SparseHessian hess(f, x0);                  // pattern (detected at x0) and colouring, once
//     Eigen::SparseMatrix<double> H = hess.matrix(x);    // then at any point
//     Eigen::SparseMatrix<double> J = slope::sparse_jacobian(F, x);
//
// sparse/pattern.hpp:   SparsityPattern, the pattern of a matrix
// sparse/tracer.hpp:    PatternTracer, the scalar that detects patterns
// sparse/detection.hpp: jacobian_pattern, hessian_pattern
// sparse/coloring.hpp:  column_coloring, row_coloring, star_coloring, GreedyColoring
// sparse/jacobian.hpp:  SparseJacobian, sparse_jacobian (forward or reverse mode)
// sparse/hessian.hpp:   SparseHessian, sparse_hessian (forward over reverse)
// Not included here: sparse/colpack.hpp (ColPackColoring, ColPack's colourings; it brings
// ColPack's headers and needs its library: include it where it is used).

#include "slope/sparse/coloring.hpp"
#include "slope/sparse/detection.hpp"
#include "slope/sparse/hessian.hpp"
#include "slope/sparse/jacobian.hpp"
#include "slope/sparse/pattern.hpp"
#include "slope/sparse/tracer.hpp"
