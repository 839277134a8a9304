// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The thin singular value decomposition A = U diag(s) V^T of an m x n A (k = min(m, n)
// singular values, descending; U m x k, V n x k; Eigen's JacobiSVD, in every mode, so that the
// signs of the singular vectors agree between modes). One node:
//
//   Abar = U [ (F o (U^T Ubar - Ubar^T U)) S + diag(sbar) + S (F o (V^T Vbar - Vbar^T V)) ] V^T
//          + (I - U U^T) Ubar S^-1 V^T + U S^-1 Vbar^T (I - V V^T),
//   S = diag(s),  F_ij = 1 / (s_j^2 - s_i^2), F_ii = 0
//   (J. Townsend, "Differentiating the singular value decomposition", 2016;
//    singular values alone: Abar = U diag(sbar) V^T)
//
// The singular values are differentiable where they are distinct and non-zero (s_i = 0 is a
// kink of |.|). The singular vectors' derivative divides by the gaps s_j^2 - s_i^2, and for a
// non-square A also by s_i: it grows without bound near a tie or a zero singular value. At an
// exact tie the pair's term is set to 0 (right for functions of the shared singular subspace,
// not of the basis Eigen picks in it; see eigen_sym.hpp); at s_i = 0 the terms with S^-1 are
// IEEE infinities. The singular vectors' terms are skipped when their adjoints are zero.
//
//     slope::VarVector<double> s = slope::singular_values(a);
//     auto [u, s2, v] = slope::svd(a);   // one node for all three

#include <algorithm>
#include <utility>

#include <Eigen/Core>
#include <Eigen/SVD>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

// The thin SVD A = U diag(singular_values) V^T.
template <class Matrix, class Vector = Matrix>
struct Svd {
  Matrix u;
  Vector singular_values;
  Matrix v;
};

namespace linalg_detail {

template <class Plain, class Values>
Eigen::JacobiSVD<Plain> thin_svd(const Values& a) {
  return Eigen::JacobiSVD<Plain>(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
}

// The node's result is [U (m x k), s (k), V (n x k)] on the tape, which the backward pass reads.
template <class T>
class SvdNode final : public Node<T> {
 public:
  SvdNode(MatrixOperand<T> a, Index out) : a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index m = a_.rows, n = a_.cols, k = std::min(m, n);
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const Index s_at = out_ + static_cast<Index>(m * k), v_at = s_at + static_cast<Index>(k);
    const ValueMap<T> u(values + out_, m, k), s(values + s_at, k, 1), v(values + v_at, n, k);
    const ValueMap<T> u_bar(tape.output_adjoints(out_), m, k), s_bar(tape.output_adjoints(s_at), k, 1);
    const ValueMap<T> v_bar(tape.output_adjoints(v_at), n, k);
    const bool vectors = !all_exact_zero(u_bar) || !all_exact_zero(v_bar);
    PlainMatrix<T> inner = PlainMatrix<T>::Zero(k, k);
    if (vectors) {
      const PlainMatrix<T> f = inverse_gaps<T>(s.col(0).array().square().matrix());
      const PlainMatrix<T> ut_ubar = u.transpose() * u_bar, vt_vbar = v.transpose() * v_bar;
      inner = f.cwiseProduct(ut_ubar - ut_ubar.transpose()) * s.col(0).asDiagonal();  // (F o (U^T Ubar - Ubar^T U)) S
      inner += s.col(0).asDiagonal() * f.cwiseProduct(vt_vbar - vt_vbar.transpose());  // S (F o (V^T Vbar - Vbar^T V))
    }
    inner.diagonal() += s_bar.col(0);
    auto a_bar = a_.adjoints(adjoints);
    a_bar.noalias() += u * inner * v.transpose();
    if (!vectors) return;
    const auto s_inverse = s.col(0).cwiseInverse().asDiagonal();
    if (m > k) {
      const PlainMatrix<T> projected = u_bar - u * (u.transpose() * u_bar);  // (I - U U^T) Ubar
      a_bar.noalias() += projected * s_inverse * v.transpose();
    }
    if (n > k) {
      const PlainMatrix<T> projected = v_bar - v * (v.transpose() * v_bar);  // (I - V V^T) Vbar
      a_bar.noalias() += u * s_inverse * projected.transpose();
    }
  }

 private:
  MatrixOperand<T> a_;
  Index out_;
};

template <class T, class A>
Svd<VarMatrix<T>> record_svd(A&& a) {
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  const auto svd = thin_svd<PlainMatrix<T>>(values_of(leaf, tape));
  if (tape == nullptr) {
    return {VarMatrix<T>::constant(svd.matrixU()), VarMatrix<T>::constant(svd.singularValues()), VarMatrix<T>::constant(svd.matrixV())};
  }
  const Eigen::Index m = leaf.rows(), n = leaf.cols(), k = std::min(m, n);
  MatrixOperand<T> operand = leaf.operand(tape, false);
  const Index first = record_parts(*tape, svd.matrixU(), svd.singularValues(), svd.matrixV());
  tape->template push_node<SvdNode<T>>(std::move(operand), first);
  const Index s_at = first + static_cast<Index>(m * k);
  return {result_matrix(*tape, first, m, k), result_matrix(*tape, s_at, k, 1), result_matrix(*tape, s_at + static_cast<Index>(k), n, k)};
}

}  // namespace linalg_detail

// The thin SVD of A: u (m x k), singular_values (k, descending), v (n x k), from one node.
template <VarDense A>
Svd<VarMatrix<var_value_t<A>>> svd(A&& a) {
  return linalg_detail::record_svd<var_value_t<A>>(std::forward<A>(a));
}

// The singular values of A, descending.
template <VarDense A>
VarMatrix<var_value_t<A>> singular_values(A&& a) {
  return linalg_detail::record_svd<var_value_t<A>>(std::forward<A>(a)).singular_values;
}

// The same on plain Eigen matrices (double, Dual, or Var element by element).
template <class D>
Svd<linalg_detail::PlainOf<D>, linalg_detail::VectorOf<D>> svd(const Eigen::MatrixBase<D>& a) {
  const auto decomposition = linalg_detail::thin_svd<linalg_detail::PlainOf<D>>(a.derived());
  return {decomposition.matrixU(), decomposition.singularValues(), decomposition.matrixV()};
}

template <class D>
linalg_detail::VectorOf<D> singular_values(const Eigen::MatrixBase<D>& a) {
  return Eigen::JacobiSVD<linalg_detail::PlainOf<D>>(a.derived()).singularValues();  // no U, V
}

}  // namespace slope
