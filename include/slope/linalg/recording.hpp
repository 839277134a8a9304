// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What the linear-algebra nodes of slope/linalg/ share: reading an operand (a VarMatrix, a
// VarMatrix expression or a plain Eigen matrix), recording a result, the size checks, and the
// convention for functions of a symmetric matrix. Include slope/linalg.hpp, not this file.
//
// Every function of slope/linalg/ is ONE node on active matrices: the forward pass computes
// the decomposition once with Eigen, and the backward pass reuses it (or the result, which is
// on the tape) for a closed-form vector-Jacobian product. The same names take plain Eigen
// matrices (of double, of Dual, or of Var element by element), so one generic body runs in
// every mode:
//
//     auto log_det = [](const auto& s) { return 2.0 * slope::diagonal(slope::cholesky(s)).array().log().sum(); };
//
// Symmetric input (cholesky, eigenvalues_sym, eigenvectors_sym, as Eigen's LLT and
// SelfAdjointEigenSolver): only the lower triangle of A is read, so the value and the
// derivative depend on that triangle only. With G the gradient with respect to a symmetric A,
// the adjoint of A(i, j), i > j, is G(i, j) + G(j, i), of A(i, i) it is G(i, i), and of the
// upper triangle 0 (matrix_detail::add_lower). For an A built symmetric from parameters, the
// chain rule gives the same result.

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/traits.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope::linalg_detail {

using matrix_detail::ConstMatrixMap;
using matrix_detail::MatrixMap;
using matrix_detail::MatrixOperand;
using matrix_detail::PlainMatrix;

template <class T>
using ValueMap = Eigen::Map<const PlainMatrix<T>>;

// An active (VarDense) or plain (Eigen) matrix operand.
template <class X>
concept MatrixArgument = VarDense<X> || EigenDense<X>;

// The values of a leaf as they are now (on the tape, in the caller's memory, or owned).
template <class T, class L>
ConstMatrixMap<T> values_of(const L& leaf, Tape<T>* tape) {
  return leaf.matrix_values(tape == nullptr ? nullptr : tape->values_data());
}

inline void check_square(const char* operation, Eigen::Index rows, Eigen::Index cols) {
  matrix_detail::check_sizes(rows == cols, operation, rows, cols, rows, cols, "A must be square");
}

// Records `values` as `count` new variables (the node's outputs) and returns the first index.
template <class T>
Index record_values(Tape<T>& tape, const T* values, Eigen::Index count) {
  return tape.new_variables(values, static_cast<std::size_t>(count));
}

// Records the matrices `parts` as ONE range of consecutive new variables (a node with several
// outputs; separate allocations need not be adjacent, the tape aligns each range) and returns
// the first index; part k starts where part k - 1 ends.
template <class T, class... Parts>
Index record_parts(Tape<T>& tape, const Parts&... parts) {
  const Eigen::Index total = (parts.size() + ...);
  const Index first = tape.allocate_variables(static_cast<std::size_t>(total));
  T* out = tape.values_data() + first;
  ((MatrixMap<T>(out, parts.rows(), parts.cols()) = parts, out += parts.size()), ...);
  return first;
}

// The matrix of `rows x cols` tape variables starting at `first`, as a VarMatrix.
template <class T>
VarMatrix<T> result_matrix(const Tape<T>& tape, Index first, Eigen::Index rows, Eigen::Index cols) {
  return VarMatrix<T>::on_tape(first, rows, cols, tape.epoch());
}

// True when every element is exactly zero: an output whose adjoint is all zero (not used by
// the function being differentiated) contributes nothing, and its term is skipped.
template <class M>
bool all_exact_zero(const M& m) {
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      if (!is_exact_zero(m(i, j))) return false;
    }
  }
  return true;
}

// The plain matrix of a plain Eigen operand (double, Dual or Var scalars).
template <class D>
using PlainOf = Eigen::Matrix<typename D::Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <class D>
using VectorOf = Eigen::Matrix<typename D::Scalar, Eigen::Dynamic, 1>;

// 1 / (x_j - x_i) off the diagonal, 0 on it and where x_i == x_j exactly: the weights of the
// derivative of eigenvectors and singular vectors. An exact tie gives the pair's term 0,
// which is right for functions that depend on the shared eigenspace only (its projector, sums
// over it), not on the basis Eigen picks in it; see eigen_sym.hpp.
template <class T, class V>
PlainMatrix<T> inverse_gaps(const V& x) {
  const Eigen::Index n = x.size();
  PlainMatrix<T> f(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const T gap = T(x[j] - x[i]);
      f(i, j) = (i == j || passive_value(gap) == 0) ? T(0) : T(T(1) / gap);
    }
  }
  return f;
}

}  // namespace slope::linalg_detail
