// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Quadratic forms as one node, without the intermediate products:
//
//   trace_quad_form(A, B) = tr(B^T A B):   Abar += sbar B B^T,  Bbar += sbar (A + A^T) B
//   quad_form(A, x)       = x^T A x:       the same with B = x, a vector
// (A n x n, B n x k; A need not be symmetric). The backward pass reads A and B.
//
//     slope::Var<double> q = slope::quad_form(a, x);          // a, x: VarMatrix or Eigen, one active
//     slope::Var<double> t = slope::trace_quad_form(a, b);

#include <utility>

#include <Eigen/Core>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

namespace linalg_detail {

inline void check_quad_form(const char* operation, Eigen::Index a_rows, Eigen::Index a_cols, Eigen::Index b_rows,
                            Eigen::Index b_cols, bool vector) {
  matrix_detail::check_sizes(a_rows == a_cols && b_rows == a_rows && (!vector || b_cols == 1), operation, a_rows, a_cols,
                             b_rows, b_cols,
                             vector ? "A must be square and x a column vector with as many rows"
                                    : "A must be square and B must have as many rows as A");
}

// tr(B^T A B) = sum(B o (A B)).
template <class A, class B>
auto trace_quad_form_value(const A& a, const B& b) {
  using S = typename A::Scalar;
  return S((b.array() * (a * b).array()).sum());
}

// s = tr(B^T A B). Backward: Abar += sbar B B^T, Bbar += sbar (A + A^T) B.
template <class T>
class TraceQuadFormNode final : public Node<T> {
 public:
  TraceQuadFormNode(MatrixOperand<T> a, MatrixOperand<T> b, Index out) : a_(std::move(a)), b_(std::move(b)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const T weight = tape.output_adjoint(out_);
    if (is_exact_zero(weight)) return;
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const auto b = b_.values(values);
    if (a_.active) a_.adjoints(adjoints).noalias() += weight * (b * b.transpose());
    if (b_.active) {
      const auto a = a_.values(values);
      b_.adjoints(adjoints).noalias() += weight * (a * b + a.transpose() * b);
    }
  }

 private:
  MatrixOperand<T> a_;
  MatrixOperand<T> b_;
  Index out_;
};

template <class T, class A, class B>
Var<T> record_trace_quad_form(const char* operation, bool vector, A&& a, B&& b) {
  const auto matrix = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  const auto right = matrix_detail::dense_leaf<T>(std::forward<B>(b));
  check_quad_form(operation, matrix.rows(), matrix.cols(), right.rows(), right.cols(), vector);
  Tape<T>* tape = matrix_detail::operands_tape<T>(matrix, right);
  if (tape == nullptr) return Var<T>(trace_quad_form_value(matrix.matrix_values(nullptr), right.matrix_values(nullptr)));
  // A's values are read by the backward pass only for Bbar; B's always.
  MatrixOperand<T> a_operand = matrix.operand(tape, right.active());
  MatrixOperand<T> b_operand = right.operand(tape, true);
  const T* values = tape->values_data();
  const T value = trace_quad_form_value(matrix.matrix_values(values), b_operand.values(values));
  const Index out = record_values(*tape, &value, 1);
  tape->template push_node<TraceQuadFormNode<T>>(std::move(a_operand), std::move(b_operand), out);
  return Var<T>::on_tape(value, out, tape->epoch());
}

}  // namespace linalg_detail

// x^T A x for a square A and a column vector x.
template <class A, class X>
  requires linalg_detail::MatrixArgument<A> && linalg_detail::MatrixArgument<X> && (VarDense<A> || VarDense<X>)
auto quad_form(A&& a, X&& x) {
  return linalg_detail::record_trace_quad_form<matrix_detail::common_value_t<A, X>>("slope::quad_form", true, std::forward<A>(a),
                                                                                    std::forward<X>(x));
}

// tr(B^T A B) for a square A and a matrix B with as many rows.
template <class A, class B>
  requires linalg_detail::MatrixArgument<A> && linalg_detail::MatrixArgument<B> && (VarDense<A> || VarDense<B>)
auto trace_quad_form(A&& a, B&& b) {
  return linalg_detail::record_trace_quad_form<matrix_detail::common_value_t<A, B>>("slope::trace_quad_form", false,
                                                                                    std::forward<A>(a), std::forward<B>(b));
}

// The same on plain Eigen matrices (double, Dual, or Var element by element).
template <class DA, class DX>
matrix_detail::solve_scalar_t<DA, DX> quad_form(const Eigen::MatrixBase<DA>& a, const Eigen::MatrixBase<DX>& x) {
  using S = matrix_detail::solve_scalar_t<DA, DX>;
  linalg_detail::check_quad_form("slope::quad_form", a.rows(), a.cols(), x.rows(), x.cols(), true);
  return linalg_detail::trace_quad_form_value(linalg_detail::PlainMatrix<S>(a.template cast<S>()),
                                              linalg_detail::PlainMatrix<S>(x.template cast<S>()));
}

template <class DA, class DB>
matrix_detail::solve_scalar_t<DA, DB> trace_quad_form(const Eigen::MatrixBase<DA>& a, const Eigen::MatrixBase<DB>& b) {
  using S = matrix_detail::solve_scalar_t<DA, DB>;
  linalg_detail::check_quad_form("slope::trace_quad_form", a.rows(), a.cols(), b.rows(), b.cols(), false);
  return linalg_detail::trace_quad_form_value(linalg_detail::PlainMatrix<S>(a.template cast<S>()),
                                              linalg_detail::PlainMatrix<S>(b.template cast<S>()));
}

}  // namespace slope
