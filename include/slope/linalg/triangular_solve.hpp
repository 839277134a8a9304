// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// triangular_solve<UpLo, Side>(T, B): X = T^-1 B (Side = Eigen::OnTheLeft, the default) or
// X = B T^-1 (Eigen::OnTheRight) for a triangular T, reading only the triangle UpLo
// (Eigen::Lower, the default, or Eigen::Upper) as Eigen's triangularView does. One node:
//
//   left,  T X = B:   G = T^-T Xbar;  Bbar += G,  Tbar -= G X^T  (on the triangle)
//   right, X T = B:   G = Xbar T^-T;  Bbar += G,  Tbar -= X^T G  (on the triangle)
// (from dX = T^-1 (dB - dT X), resp. dX = (dB - X dT) T^-1). The backward pass reads T and
// the result X; a zero on T's diagonal gives IEEE infinities, as the division does.
//
//     slope::VarVector<double> alpha = slope::triangular_solve(l, y);                  // L^-1 y
//     auto beta = slope::triangular_solve<Eigen::Lower, Eigen::OnTheRight>(l, b_rows);  // B L^-1

#include <utility>

#include <Eigen/Core>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

namespace linalg_detail {

template <int UpLo, int Side>
consteval void check_triangular_modes() {
  static_assert(UpLo == Eigen::Lower || UpLo == Eigen::Upper,
                "slope::triangular_solve<UpLo, Side>: UpLo must be Eigen::Lower or Eigen::Upper (the triangle of T "
                "that is read)");
  static_assert(Side == Eigen::OnTheLeft || Side == Eigen::OnTheRight,
                "slope::triangular_solve<UpLo, Side>: Side must be Eigen::OnTheLeft (T^-1 B) or Eigen::OnTheRight "
                "(B T^-1)");
}

inline void check_triangular_sizes(bool left, Eigen::Index t_rows, Eigen::Index t_cols, Eigen::Index b_rows,
                                   Eigen::Index b_cols) {
  matrix_detail::check_sizes(t_rows == t_cols && (left ? b_rows : b_cols) == t_rows, "slope::triangular_solve", t_rows,
                             t_cols, b_rows, b_cols,
                             left ? "T must be square with as many rows as B (T^-1 B)"
                                  : "T must be square with as many columns as B (B T^-1)");
}

// The solve itself, on any Eigen operands; evaluated into a plain matrix.
template <int UpLo, int Side, class S, class TriangularValues, class RhsValues>
PlainMatrix<S> solve_triangular(const TriangularValues& t, const RhsValues& b) {
  return t.template triangularView<UpLo>().template solve<Side>(b);
}

template <class T, int UpLo, int Side>
class TriangularSolveNode final : public Node<T> {
 public:
  TriangularSolveNode(MatrixOperand<T> t, MatrixOperand<T> b, Index out) : t_(std::move(t)), b_(std::move(b)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const Eigen::Index rows = b_.rows, cols = b_.cols;
    const ValueMap<T> x_bar(tape.output_adjoints(out_), rows, cols);
    const ValueMap<T> x(values + out_, rows, cols);
    const auto t = t_.values(values).template triangularView<UpLo>();
    MatrixMap<T> g(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot, rows * cols), rows, cols);
    g = t.transpose().template solve<Side>(x_bar);  // G = T^-T Xbar, or Xbar T^-T
    if (b_.active) b_.adjoints(adjoints) += g;
    if (t_.active) {
      if constexpr (Side == Eigen::OnTheLeft) {
        t_.adjoints(adjoints).template triangularView<UpLo>() -= g * x.transpose();  // Tbar -= G X^T
      } else {
        t_.adjoints(adjoints).template triangularView<UpLo>() -= x.transpose() * g;  // Tbar -= X^T G
      }
    }
  }

 private:
  MatrixOperand<T> t_;
  MatrixOperand<T> b_;
  Index out_;
};

}  // namespace linalg_detail

// X = T^-1 B (Side = Eigen::OnTheLeft) or B T^-1 (Eigen::OnTheRight), T triangular (the
// triangle UpLo is read). T and B: VarMatrix, expressions or Eigen matrices, one active.
template <int UpLo = Eigen::Lower, int Side = Eigen::OnTheLeft, class A, class B>
  requires linalg_detail::MatrixArgument<A> && linalg_detail::MatrixArgument<B> && (VarDense<A> || VarDense<B>)
auto triangular_solve(A&& t, B&& b) {
  linalg_detail::check_triangular_modes<UpLo, Side>();
  using T = matrix_detail::common_value_t<A, B>;
  const auto triangle = matrix_detail::dense_leaf<T>(std::forward<A>(t));
  const auto rhs = matrix_detail::dense_leaf<T>(std::forward<B>(b));
  linalg_detail::check_triangular_sizes(Side == Eigen::OnTheLeft, triangle.rows(), triangle.cols(), rhs.rows(), rhs.cols());
  Tape<T>* tape = matrix_detail::operands_tape<T>(triangle, rhs);
  if (tape == nullptr) {
    return VarMatrix<T>::constant(linalg_detail::solve_triangular<UpLo, Side, T>(triangle.matrix_values(nullptr), rhs.matrix_values(nullptr)));
  }
  // T's values are read by the backward pass (stored first: that may move the tape's values).
  matrix_detail::MatrixOperand<T> t_operand = triangle.operand(tape, true);
  matrix_detail::MatrixOperand<T> b_operand = rhs.operand(tape, false);
  const T* values = tape->values_data();
  const linalg_detail::PlainMatrix<T> x =
      linalg_detail::solve_triangular<UpLo, Side, T>(t_operand.values(values), rhs.matrix_values(values));
  const Index first = linalg_detail::record_values(*tape, x.data(), x.size());
  tape->template push_node<linalg_detail::TriangularSolveNode<T, UpLo, Side>>(std::move(t_operand), std::move(b_operand), first);
  return linalg_detail::result_matrix(*tape, first, x.rows(), x.cols());
}

// The same on plain Eigen matrices (double, Dual, or Var element by element). T is read in
// place when it is a matrix (or map, or block) of the result's scalar, else evaluated once.
template <int UpLo = Eigen::Lower, int Side = Eigen::OnTheLeft, class DA, class DB>
auto triangular_solve(const Eigen::MatrixBase<DA>& t, const Eigen::MatrixBase<DB>& b) {
  linalg_detail::check_triangular_modes<UpLo, Side>();
  using S = matrix_detail::solve_scalar_t<DA, DB>;
  linalg_detail::check_triangular_sizes(Side == Eigen::OnTheLeft, t.rows(), t.cols(), b.rows(), b.cols());
  const Eigen::Ref<const linalg_detail::PlainMatrix<S>> triangle(t.template cast<S>());
  constexpr int kCols = Side == Eigen::OnTheLeft ? DB::ColsAtCompileTime : Eigen::Dynamic;
  return Eigen::Matrix<S, Eigen::Dynamic, kCols>(triangle.template triangularView<UpLo>().template solve<Side>(b.template cast<S>()));
}

}  // namespace slope
