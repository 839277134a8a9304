// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// cholesky(A): the lower-triangular factor L of a symmetric positive definite A = L L^T, as
// one node (Eigen::LLT; the lower triangle of A is read, see slope/linalg/recording.hpp).
//
//   forward:   dL = L Phi(L^-1 dA L^-T),  Phi(X) = the lower triangle of X, diagonal halved
//   backward:  Abar = L^-T Phi(L^T Lbar) L^-1, symmetrized onto the lower triangle
//              (I. Murray, "Differentiation of the Cholesky decomposition", 2016)
// The backward pass is Murray's blocked algorithm: the Cholesky recurrence run backwards over
// blocks of 64 columns, so that nearly all of its work is matrix products, about twice the
// cost of the factorization itself. The factor L is the node's result (on the tape), which is
// all the backward pass reads.
//
//     slope::VarMatrix<double> l = slope::cholesky(k);          // k: a VarMatrix or an expression
//     slope::Var<double> log_det = 2.0 * slope::diagonal(l).array().log().sum();
//     Eigen::MatrixXd l_plain = slope::cholesky(k_plain);       // the same on Eigen matrices

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

namespace linalg_detail {

// The adjoint of A = D D^T for one diagonal block D (the non-blocked formula), in place: on
// entry dbar holds Lbar's block (lower triangle; any upper part is ignored), on exit the full
// symmetric G + G^T with G = D^-T Phi(D^T Dbar) D^-1. Phi(M) + Phi(M)^T is M's lower triangle
// mirrored.
template <class T, class Block, class Work>
void cholesky_block_adjoint(const Block& d, Eigen::Ref<PlainMatrix<T>> dbar, Work& work) {
  const Eigen::Index b = d.rows();
  work.resize(b, b);
  work.noalias() = d.transpose() * dbar.template triangularView<Eigen::Lower>();
  work.template triangularView<Eigen::StrictlyUpper>() = work.transpose().eval();
  d.transpose().template triangularView<Eigen::Upper>().solveInPlace(work);                       // D^-T S
  d.template triangularView<Eigen::Lower>().template solveInPlace<Eigen::OnTheRight>(work);       // (D^-T S) D^-1
  dbar = work;
}

// Lbar (lower triangle of `adjoint`, n x n) to Abar for A = L L^T, in place, in the
// lower-triangle convention of recording.hpp (upper triangle zero on exit).
// The factorization runs over column blocks [j, k): with R = L[j:k, :j], D = L[j:k, j:k],
// B = L[k:, :j], C = L[k:, j:k], it computes D = chol(A_D - R R^T) and
// C = (A_C - B R^T) D^-T. Backwards, last block first:
//   C = M D^-T:            Mbar = Cbar D^-1 (that is Abar_C),  Dbar -= Mbar^T C
//   M = A_C - B R^T:       Bbar -= Mbar R,  Rbar -= Mbar^T B
//   D = chol(N):           Nbar + Nbar^T by the block formula above
//   N = A_D - R R^T:       Rbar -= (Nbar + Nbar^T) R
template <class T, class Factor>
void cholesky_adjoint(const Factor& l, Eigen::Ref<PlainMatrix<T>> adjoint) {
  constexpr Eigen::Index kBlock = 64;
  const Eigen::Index n = l.rows();
  adjoint.template triangularView<Eigen::StrictlyUpper>().setZero();
  PlainMatrix<T> work;
  for (Eigen::Index k = n; k > 0; k -= kBlock) {
    const Eigen::Index j = std::max<Eigen::Index>(0, k - kBlock), b = k - j, below = n - k;
    const auto r = l.block(j, 0, b, j);
    const auto d = l.block(j, j, b, b);
    const auto bl = l.block(k, 0, below, j);
    const auto c = l.block(k, j, below, b);
    auto r_bar = adjoint.block(j, 0, b, j);
    auto d_bar = adjoint.block(j, j, b, b);
    auto b_bar = adjoint.block(k, 0, below, j);
    auto c_bar = adjoint.block(k, j, below, b);
    if (below > 0) {
      d.template triangularView<Eigen::Lower>().template solveInPlace<Eigen::OnTheRight>(c_bar);  // Mbar = Cbar D^-1
      b_bar.noalias() -= c_bar * r;                                                                // Bbar -= Mbar R
      d_bar.noalias() -= c_bar.transpose() * c;                                                    // Dbar -= Mbar^T C
      r_bar.noalias() -= c_bar.transpose() * bl;                                                   // Rbar -= Mbar^T B
    }
    cholesky_block_adjoint<T>(d, d_bar, work);
    r_bar.noalias() -= d_bar * r;  // Rbar -= (Nbar + Nbar^T) R
    d_bar.diagonal() *= T(0.5);    // back to the lower-triangle convention: G_ii on the diagonal
    d_bar.template triangularView<Eigen::StrictlyUpper>().setZero();
  }
}

// L = chol(A). Backward: Abar (lower triangle) += cholesky_adjoint(L, Lbar).
template <class T>
class CholeskyNode final : public Node<T> {
 public:
  CholeskyNode(MatrixOperand<T> a, Index out) : a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index n = a_.rows;
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    MatrixMap<T> work(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot, n * n), n, n);
    work = ValueMap<T>(tape.output_adjoints(out_), n, n);
    if (all_exact_zero(work)) return;
    cholesky_adjoint<T>(ValueMap<T>(tape.values_data() + out_, n, n), work);
    a_.adjoints(adjoints).template triangularView<Eigen::Lower>() += work;
  }

 private:
  MatrixOperand<T> a_;
  Index out_;
};

// Overwrites the square matrix m with its Cholesky factor L (Eigen::LLT in place, reading
// the lower triangle; zeros above the diagonal), without allocating.
template <class S>
void factor_in_place(Eigen::Ref<PlainMatrix<S>> m, const char* operation) {
  check_square(operation, m.rows(), m.cols());
  const Eigen::LLT<Eigen::Ref<PlainMatrix<S>>> llt(m);
  if (llt.info() != Eigen::Success) {
    throw std::invalid_argument(std::string(operation) + ": A is not symmetric positive definite");
  }
  m.template triangularView<Eigen::StrictlyUpper>().setZero();
}

}  // namespace linalg_detail

// The Cholesky factor L (lower triangular, zeros above the diagonal) of a symmetric positive
// definite A = L L^T; only A's lower triangle is read. Throws std::invalid_argument when A is
// not square or not positive definite.
template <VarDense A>
VarMatrix<var_value_t<A>> cholesky(A&& a) {
  using T = var_value_t<A>;
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  linalg_detail::check_square("slope::cholesky", leaf.rows(), leaf.cols());
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  const Eigen::Index n = leaf.rows();
  // Factored in this thread's scratch memory (no allocation once it has grown), then recorded.
  linalg_detail::MatrixMap<T> factor(matrix_detail::scratch<T>(matrix_detail::kOutputSlot, n * n), n, n);
  factor = linalg_detail::values_of(leaf, tape);
  linalg_detail::factor_in_place<T>(factor, "slope::cholesky");
  if (tape == nullptr) return VarMatrix<T>::constant(factor);
  matrix_detail::MatrixOperand<T> operand = leaf.operand(tape, false);
  const Index first = linalg_detail::record_values(*tape, factor.data(), factor.size());
  tape->template push_node<linalg_detail::CholeskyNode<T>>(std::move(operand), first);
  return linalg_detail::result_matrix(*tape, first, n, n);
}

// The same on a plain Eigen matrix (double, Dual, or Var element by element).
template <class D>
linalg_detail::PlainOf<D> cholesky(const Eigen::MatrixBase<D>& a) {
  linalg_detail::PlainOf<D> factor = a;
  linalg_detail::factor_in_place<typename D::Scalar>(factor, "slope::cholesky");
  return factor;
}

}  // namespace slope
