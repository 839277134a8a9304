// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Eigenvalues and eigenvectors of a symmetric A = V diag(lambda) V^T (Eigen's
// SelfAdjointEigenSolver: eigenvalues ascending, unit eigenvectors as columns, signs as Eigen
// picks them; the lower triangle of A is read, see slope/linalg/recording.hpp). One node:
//
//   dlambda_i = v_i^T dA v_i,   dV = V (F o (V^T dA V)),   F_ij = 1 / (lambda_j - lambda_i), F_ii = 0
//   Abar = V (diag(lambdabar) + F o (V^T Vbar)) V^T    (M. Giles, "An extended collection of
//          matrix derivative results for forward and reverse mode AD", 2008)
//
// Repeated eigenvalues: the eigenvalues stay differentiable as long as they are distinct; the
// eigenvectors' derivative divides by the gaps lambda_j - lambda_i, so it grows without bound as
// two eigenvalues approach each other (the basis of a near-degenerate eigenspace is
// ill-determined). At an exact tie the pair's term is set to 0: the derivative is then right
// for functions that depend on the eigenspace only (its projector, sums over it), not on the
// basis Eigen chooses inside it; for the eigenvectors themselves it is not defined there.
// The eigenvectors' term is skipped when their adjoint is zero (only eigenvalues are used).
//
//     slope::VarVector<double> lambda = slope::eigenvalues_sym(s);
//     slope::VarMatrix<double> v = slope::eigenvectors_sym(s);
//     auto [values, vectors] = slope::eigen_sym(s);    // both from one node

#include <stdexcept>
#include <string>
#include <utility>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

// Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix.
template <class Vector, class Matrix = Vector>
struct SymmetricEigen {
  Vector eigenvalues;
  Matrix eigenvectors;
};

namespace linalg_detail {

template <class Plain, class Values>
Eigen::SelfAdjointEigenSolver<Plain> checked_eigen_solver(const Values& a, const char* operation) {
  check_square(operation, a.rows(), a.cols());
  Eigen::SelfAdjointEigenSolver<Plain> solver(a);
  if (solver.info() != Eigen::Success) {
    throw std::invalid_argument(std::string(operation) + ": the eigenvalue iteration did not converge (is A finite?)");
  }
  return solver;
}

// The node's result is [lambda (n), V (n x n)] on the tape, which the backward pass reads.
// Backward: Abar (lower triangle) += V (diag(lambdabar) + F o (V^T Vbar)) V^T.
template <class T>
class SymmetricEigenNode final : public Node<T> {
 public:
  SymmetricEigenNode(MatrixOperand<T> a, Index out) : a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index n = a_.rows;
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const ValueMap<T> lambda(values + out_, n, 1), v(values + out_ + n, n, n);
    const T* output_adjoints = tape.output_adjoints(out_);
    const ValueMap<T> lambda_bar(output_adjoints, n, 1), v_bar(output_adjoints + n, n, n);
    MatrixMap<T> inner(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot, n * n), n, n);
    if (all_exact_zero(v_bar)) {
      inner.setZero();
    } else {
      inner.noalias() = v.transpose() * v_bar;
      inner = inner.cwiseProduct(inverse_gaps<T>(lambda.col(0)));  // F o (V^T Vbar)
    }
    inner.diagonal() += lambda_bar.col(0);
    MatrixMap<T> gradient(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot2, n * n), n, n);
    gradient.noalias() = v * inner * v.transpose();
    matrix_detail::add_lower(a_.adjoints(adjoints), gradient);
  }

 private:
  MatrixOperand<T> a_;
  Index out_;
};

template <class T, class A>
SymmetricEigen<VarMatrix<T>> record_eigen_sym(A&& a, const char* operation) {
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  const auto solver = checked_eigen_solver<PlainMatrix<T>>(values_of(leaf, tape), operation);
  if (tape == nullptr) return {VarMatrix<T>::constant(solver.eigenvalues()), VarMatrix<T>::constant(solver.eigenvectors())};
  const Eigen::Index n = leaf.rows();
  MatrixOperand<T> operand = leaf.operand(tape, false);
  const Index first = record_parts(*tape, solver.eigenvalues(), solver.eigenvectors());
  tape->template push_node<SymmetricEigenNode<T>>(std::move(operand), first);
  return {result_matrix(*tape, first, n, 1), result_matrix(*tape, first + static_cast<Index>(n), n, n)};
}

}  // namespace linalg_detail

// The eigenvalues (ascending) and eigenvectors of a symmetric A, from one node.
template <VarDense A>
SymmetricEigen<VarMatrix<var_value_t<A>>> eigen_sym(A&& a) {
  return linalg_detail::record_eigen_sym<var_value_t<A>>(std::forward<A>(a), "slope::eigen_sym");
}

// The eigenvalues of a symmetric A, ascending.
template <VarDense A>
VarMatrix<var_value_t<A>> eigenvalues_sym(A&& a) {
  return linalg_detail::record_eigen_sym<var_value_t<A>>(std::forward<A>(a), "slope::eigenvalues_sym").eigenvalues;
}

// The unit eigenvectors of a symmetric A, as columns in the order of eigenvalues_sym.
template <VarDense A>
VarMatrix<var_value_t<A>> eigenvectors_sym(A&& a) {
  return linalg_detail::record_eigen_sym<var_value_t<A>>(std::forward<A>(a), "slope::eigenvectors_sym").eigenvectors;
}

// The same on plain Eigen matrices (double, Dual, or Var element by element): Eigen's
// SelfAdjointEigenSolver on that scalar type.
template <class D>
SymmetricEigen<linalg_detail::VectorOf<D>, linalg_detail::PlainOf<D>> eigen_sym(const Eigen::MatrixBase<D>& a) {
  using Plain = linalg_detail::PlainOf<D>;
  const auto solver = linalg_detail::checked_eigen_solver<Plain>(Plain(a), "slope::eigen_sym");
  return {solver.eigenvalues(), solver.eigenvectors()};
}

template <class D>
linalg_detail::VectorOf<D> eigenvalues_sym(const Eigen::MatrixBase<D>& a) {
  using Plain = linalg_detail::PlainOf<D>;
  return linalg_detail::checked_eigen_solver<Plain>(Plain(a), "slope::eigenvalues_sym").eigenvalues();
}

template <class D>
linalg_detail::PlainOf<D> eigenvectors_sym(const Eigen::MatrixBase<D>& a) {
  using Plain = linalg_detail::PlainOf<D>;
  return linalg_detail::checked_eigen_solver<Plain>(Plain(a), "slope::eigenvectors_sym").eigenvectors();
}

}  // namespace slope
