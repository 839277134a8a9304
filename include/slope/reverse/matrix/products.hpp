// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The matrix product of active matrices: ONE node whose backward pass is two products,
//   C = A B:   Abar += Cbar B^T,  Bbar += A^T Cbar
// (matrix-product speed, not m*n*k scalar statements). Either operand may be a plain Eigen
// matrix (a constant); each operand's values are kept only if the other one is active.
// Part of slope/reverse/matrix.hpp; `A * x` on active matrices calls it.
//
//     slope::VarVector<double> y = A * x;          // A: VarMatrix or Eigen matrix, x: VarVector

#include <utility>

#include <Eigen/Core>

#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope::matrix_detail {

template <class T>
class ProductNode final : public Node<T> {
 public:
  ProductNode(MatrixOperand<T> a, MatrixOperand<T> b, Index out)
      : a_(std::move(a)), b_(std::move(b)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const Eigen::Map<const PlainMatrix<T>> c_bar(tape.output_adjoints(out_), a_.rows, b_.cols);
    if (a_.active) a_.adjoints(adjoints).noalias() += c_bar * b_.values(values).transpose();  // Abar += Cbar B^T
    if (b_.active) b_.adjoints(adjoints).noalias() += a_.values(values).transpose() * c_bar;  // Bbar += A^T Cbar
  }

 private:
  MatrixOperand<T> a_;
  MatrixOperand<T> b_;
  Index out_;
};

template <class A, class B>
auto product(A&& a, B&& b) {
  using T = common_value_t<A, B>;
  const auto left = dense_leaf<T>(std::forward<A>(a));
  const auto right = dense_leaf<T>(std::forward<B>(b));
  check_sizes(left.cols() == right.rows(), "slope::operator* (matrix product)", left.rows(), left.cols(), right.rows(),
              right.cols(), "the left operand must have as many columns as the right one has rows");
  const Eigen::Index m = left.rows(), n = right.cols();
  Tape<T>* tape = operands_tape<T>(left, right);
  if (tape == nullptr) {
    T* out = scratch<T>(kOutputSlot, m * n);
    MatrixMap<T>(out, m, n).noalias() = left.matrix_values(nullptr) * right.matrix_values(nullptr);
    return VarMatrix<T>::constant(MatrixMap<T>(out, m, n));
  }
  // Each operand's values are needed by the backward pass only for the other's adjoint.
  MatrixOperand<T> left_operand = left.operand(tape, right.active());
  MatrixOperand<T> right_operand = right.operand(tape, left.active());
  // C computed in place in its tape slots (after the operands, which may record copies).
  const auto [first, out, values] = result_slots(tape, m * n);
  MatrixMap<T>(out, m, n).noalias() = left.matrix_values(values) * right.matrix_values(values);
  tape->template push_node<ProductNode<T>>(std::move(left_operand), std::move(right_operand), first);
  return VarMatrix<T>::on_tape(first, m, n, tape->epoch());
}

}  // namespace slope::matrix_detail
