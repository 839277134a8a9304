// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// inverse(A) and determinant(A) of a square A, one node each (Eigen::PartialPivLU):
//
//   C = A^-1:     Abar -= C^T Cbar C^T          (dC = -C dA C)
//   d = det A:    Abar += dbar d A^-T            (Jacobi's formula, dd = d tr(A^-1 dA))
// The inverse's backward pass reads its result C (on the tape); the determinant's keeps the
// LU factorization. Both need an invertible A for the derivative: at a singular A, inverse
// returns IEEE infinities and determinant's derivative d A^-T is 0 * inf = NaN (the true
// derivative there, the adjugate, is not formed). log_determinant(A), log|det A| by the same
// factorization, and log_determinant_spd(A) are in slope/reverse/matrix.hpp.
//
//     slope::VarMatrix<double> c = slope::inverse(a);     // a: VarMatrix, expression
//     slope::Var<double> d = slope::determinant(a);
//     double d_plain = slope::determinant(a_plain);       // and on Eigen matrices

#include <utility>

#include <Eigen/Core>
#include <Eigen/LU>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

namespace linalg_detail {

// C = A^-1. Backward: Abar -= C^T Cbar C^T.
template <class T>
class InverseNode final : public Node<T> {
 public:
  InverseNode(MatrixOperand<T> a, Index out) : a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index n = a_.rows;
    const ValueMap<T> c(tape.values_data() + out_, n, n);
    const ValueMap<T> c_bar(tape.output_adjoints(out_), n, n);
    MatrixMap<T> partial(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot, n * n), n, n);
    partial.noalias() = c_bar * c.transpose();
    a_.adjoints(tape.adjoint_space()).noalias() -= c.transpose() * partial;
  }

 private:
  MatrixOperand<T> a_;
  Index out_;
};

// d = det A. Backward: Abar += dbar d A^-T.
template <class T>
class DeterminantNode final : public Node<T> {
 public:
  DeterminantNode(Eigen::PartialPivLU<PlainMatrix<T>> lu, MatrixOperand<T> a, Index out)
      : lu_(std::move(lu)), a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    if (is_exact_zero(tape.output_adjoint(out_))) return;
    const T weight = tape.output_adjoint(out_) * tape.value(out_);
    const Eigen::Index n = a_.rows;
    MatrixMap<T> inverse(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot, n * n), n, n);
    inverse = lu_.inverse();
    a_.adjoints(tape.adjoint_space()) += weight * inverse.transpose();
  }

 private:
  Eigen::PartialPivLU<PlainMatrix<T>> lu_;
  MatrixOperand<T> a_;
  Index out_;
};

}  // namespace linalg_detail

// A^-1 by LU with partial pivoting; A square.
template <VarDense A>
VarMatrix<var_value_t<A>> inverse(A&& a) {
  using T = var_value_t<A>;
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  linalg_detail::check_square("slope::inverse", leaf.rows(), leaf.cols());
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  const linalg_detail::PlainMatrix<T> c = Eigen::PartialPivLU<linalg_detail::PlainMatrix<T>>(linalg_detail::values_of(leaf, tape)).inverse();
  if (tape == nullptr) return VarMatrix<T>::constant(c);
  matrix_detail::MatrixOperand<T> operand = leaf.operand(tape, false);
  const Index first = linalg_detail::record_values(*tape, c.data(), c.size());
  tape->template push_node<linalg_detail::InverseNode<T>>(std::move(operand), first);
  return linalg_detail::result_matrix(*tape, first, c.rows(), c.cols());
}

// det A by LU with partial pivoting; A square.
template <VarDense A>
Var<var_value_t<A>> determinant(A&& a) {
  using T = var_value_t<A>;
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  linalg_detail::check_square("slope::determinant", leaf.rows(), leaf.cols());
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  Eigen::PartialPivLU<linalg_detail::PlainMatrix<T>> lu(linalg_detail::values_of(leaf, tape));
  const T value = lu.determinant();
  if (tape == nullptr) return Var<T>(value);
  matrix_detail::MatrixOperand<T> operand = leaf.operand(tape, false);
  const Index out = linalg_detail::record_values(*tape, &value, 1);
  tape->template push_node<linalg_detail::DeterminantNode<T>>(std::move(lu), std::move(operand), out);
  return Var<T>::on_tape(value, out, tape->epoch());
}

// The same on plain Eigen matrices (double, Dual, or Var element by element).
template <class D>
linalg_detail::PlainOf<D> inverse(const Eigen::MatrixBase<D>& a) {
  using Plain = linalg_detail::PlainOf<D>;
  linalg_detail::check_square("slope::inverse", a.rows(), a.cols());
  return Eigen::PartialPivLU<Plain>(Plain(a)).inverse();
}

template <class D>
typename D::Scalar determinant(const Eigen::MatrixBase<D>& a) {
  using Plain = linalg_detail::PlainOf<D>;
  linalg_detail::check_square("slope::determinant", a.rows(), a.cols());
  return Eigen::PartialPivLU<Plain>(Plain(a)).determinant();
}

}  // namespace slope
