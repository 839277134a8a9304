// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Structured products and diagonals, one node each:
//
//   crossprod(A)   = A^T A:        Abar += A (Cbar + Cbar^T)
//   tcrossprod(A)  = A A^T:        Abar += (Cbar + Cbar^T) A
//   diag_matrix(v) = diag(v):      vbar += diagonal(Cbar)
//   diagonal(A)    = (A_ii):       diagonal(Abar) += dbar
//   kronecker(A, B) = A (x) B, the block matrix [A_ij B]:
//                   Abar_ij += sum(Cbar_(ij) o B),  Bbar += sum_ij A_ij Cbar_(ij)
// (Cbar_(ij) the block of Cbar in place of A_ij B.) crossprod and tcrossprod compute one
// product (Eigen's rank update) where A^T * A would record a transpose and a general product.
//
//     slope::VarMatrix<double> g = slope::crossprod(x);            // x^T x
//     slope::Var<double> log_det = 2.0 * slope::diagonal(l).array().log().sum();

#include <utility>

#include <Eigen/Core>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

namespace linalg_detail {

// A^T A (kTranspose) or A A^T, both triangles filled.
template <bool kTranspose, class S, class A>
PlainMatrix<S> gram(const A& a) {
  const Eigen::Index n = kTranspose ? a.cols() : a.rows();
  PlainMatrix<S> c = PlainMatrix<S>::Zero(n, n);
  if constexpr (kTranspose) {
    c.template selfadjointView<Eigen::Lower>().rankUpdate(a.transpose());
  } else {
    c.template selfadjointView<Eigen::Lower>().rankUpdate(a);
  }
  c.template triangularView<Eigen::StrictlyUpper>() = c.transpose().eval();
  return c;
}

// C = A^T A (kTranspose) or A A^T. Backward: Abar += A (Cbar + Cbar^T), resp. (Cbar + Cbar^T) A.
template <class T, bool kTranspose>
class GramNode final : public Node<T> {
 public:
  GramNode(MatrixOperand<T> a, Index out) : a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index n = kTranspose ? a_.cols : a_.rows;
    const ValueMap<T> c_bar(tape.output_adjoints(out_), n, n);
    MatrixMap<T> symmetric(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot, n * n), n, n);
    symmetric = c_bar + c_bar.transpose();
    const auto a = a_.values(tape.values_data());
    if constexpr (kTranspose) {
      a_.adjoints(tape.adjoint_space()).noalias() += a * symmetric;
    } else {
      a_.adjoints(tape.adjoint_space()).noalias() += symmetric * a;
    }
  }

 private:
  MatrixOperand<T> a_;
  Index out_;
};

// C = diag(v), v of length n. Backward: vbar += diagonal(Cbar).
template <class T>
class DiagMatrixNode final : public Node<T> {
 public:
  DiagMatrixNode(Index source, Eigen::Index n, Index out) : source_(source), n_(n), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    MatrixMap<T>(adjoints.at(source_), n_, 1) += ValueMap<T>(tape.output_adjoints(out_), n_, n_).diagonal();
  }

 private:
  Index source_;
  Eigen::Index n_;
  Index out_;
};

// C = A (x) B. Backward: Abar_ij += sum(Cbar_(ij) o B), Bbar += sum_ij A_ij Cbar_(ij).
template <class T>
class KroneckerNode final : public Node<T> {
 public:
  KroneckerNode(MatrixOperand<T> a, MatrixOperand<T> b, Index out) : a_(std::move(a)), b_(std::move(b)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const Eigen::Index p = b_.rows, q = b_.cols;
    const ValueMap<T> c_bar(tape.output_adjoints(out_), a_.rows * p, a_.cols * q);
    for (Eigen::Index j = 0; j < a_.cols; ++j) {
      for (Eigen::Index i = 0; i < a_.rows; ++i) {
        const auto block = c_bar.block(i * p, j * q, p, q);
        if (a_.active) a_.adjoints(adjoints)(i, j) += block.cwiseProduct(b_.values(values)).sum();
        if (b_.active) b_.adjoints(adjoints) += a_.values(values)(i, j) * block;
      }
    }
  }

 private:
  MatrixOperand<T> a_;
  MatrixOperand<T> b_;
  Index out_;
};

template <class S, class A, class B>
PlainMatrix<S> kronecker_values(const A& a, const B& b) {
  const Eigen::Index p = b.rows(), q = b.cols();
  PlainMatrix<S> c(a.rows() * p, a.cols() * q);
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) c.block(i * p, j * q, p, q) = a(i, j) * b;
  }
  return c;
}

template <class T, bool kTranspose, class A>
VarMatrix<T> record_gram(A&& a) {
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  if (tape == nullptr) return VarMatrix<T>::constant(gram<kTranspose, T>(leaf.matrix_values(nullptr)));
  MatrixOperand<T> operand = leaf.operand(tape, true);
  const PlainMatrix<T> c = gram<kTranspose, T>(operand.values(tape->values_data()));
  const Index first = record_values(*tape, c.data(), c.size());
  tape->template push_node<GramNode<T, kTranspose>>(std::move(operand), first);
  return result_matrix(*tape, first, c.rows(), c.cols());
}

inline void check_vector(const char* operation, Eigen::Index rows, Eigen::Index cols) {
  matrix_detail::check_sizes(rows == 1 || cols == 1, operation, rows, cols, rows, cols, "v must be a vector");
}

}  // namespace linalg_detail

// A^T A.
template <VarDense A>
VarMatrix<var_value_t<A>> crossprod(A&& a) {
  return linalg_detail::record_gram<var_value_t<A>, true>(std::forward<A>(a));
}

// A A^T.
template <VarDense A>
VarMatrix<var_value_t<A>> tcrossprod(A&& a) {
  return linalg_detail::record_gram<var_value_t<A>, false>(std::forward<A>(a));
}

// The n x n diagonal matrix with the vector v (n elements) on its diagonal.
template <VarDense V>
VarMatrix<var_value_t<V>> diag_matrix(V&& v) {
  using T = var_value_t<V>;
  const VarMatrix<T> source = matrix_detail::materialize(matrix_detail::leaf_of<T>(std::forward<V>(v)));
  linalg_detail::check_vector("slope::diag_matrix", source.rows(), source.cols());
  const Eigen::Index n = source.size();
  const linalg_detail::PlainMatrix<T> c = source.values().reshaped(n, 1).asDiagonal();
  if (!source.is_active()) return VarMatrix<T>::constant(c);
  Tape<T>& tape = active_tape<T>();
  source.check_tape(tape);
  const Index first = linalg_detail::record_values(tape, c.data(), c.size());
  tape.template push_node<linalg_detail::DiagMatrixNode<T>>(source.first(), n, first);
  return linalg_detail::result_matrix(tape, first, n, n);
}

// The diagonal (A_00, A_11, ...) of an m x n A, as a column vector of min(m, n) elements: the
// matrices' own diagonal() (slope/reverse/matrix/views.hpp), one node.
template <VarDense A>
VarMatrix<var_value_t<A>> diagonal(A&& a) {
  return matrix_detail::materialize(matrix_detail::leaf_of<var_value_t<A>>(std::forward<A>(a))).diagonal();
}

// The Kronecker product A (x) B: the block matrix [A_ij B].
template <class A, class B>
  requires linalg_detail::MatrixArgument<A> && linalg_detail::MatrixArgument<B> && (VarDense<A> || VarDense<B>)
auto kronecker(A&& a, B&& b) {
  using T = matrix_detail::common_value_t<A, B>;
  const auto left = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  const auto right = matrix_detail::dense_leaf<T>(std::forward<B>(b));
  Tape<T>* tape = matrix_detail::operands_tape<T>(left, right);
  if (tape == nullptr) return VarMatrix<T>::constant(linalg_detail::kronecker_values<T>(left.matrix_values(nullptr), right.matrix_values(nullptr)));
  // Each operand's values are read by the backward pass only for the other's adjoint.
  matrix_detail::MatrixOperand<T> a_operand = left.operand(tape, right.active());
  matrix_detail::MatrixOperand<T> b_operand = right.operand(tape, left.active());
  const T* values = tape->values_data();
  const linalg_detail::PlainMatrix<T> c = linalg_detail::kronecker_values<T>(left.matrix_values(values), right.matrix_values(values));
  const Index first = linalg_detail::record_values(*tape, c.data(), c.size());
  tape->template push_node<linalg_detail::KroneckerNode<T>>(std::move(a_operand), std::move(b_operand), first);
  return linalg_detail::result_matrix(*tape, first, c.rows(), c.cols());
}

// The same on plain Eigen matrices (double, Dual, or Var element by element).
template <class D>
linalg_detail::PlainOf<D> crossprod(const Eigen::MatrixBase<D>& a) {
  return linalg_detail::gram<true, typename D::Scalar>(a.derived());
}
template <class D>
linalg_detail::PlainOf<D> tcrossprod(const Eigen::MatrixBase<D>& a) {
  return linalg_detail::gram<false, typename D::Scalar>(a.derived());
}
template <class D>
linalg_detail::PlainOf<D> diag_matrix(const Eigen::MatrixBase<D>& v) {
  linalg_detail::check_vector("slope::diag_matrix", v.rows(), v.cols());
  return linalg_detail::VectorOf<D>(v.reshaped()).asDiagonal();
}
template <class D>
linalg_detail::VectorOf<D> diagonal(const Eigen::MatrixBase<D>& a) {
  return a.diagonal();
}
template <class DA, class DB>
linalg_detail::PlainMatrix<matrix_detail::solve_scalar_t<DA, DB>> kronecker(const Eigen::MatrixBase<DA>& a,
                                                                           const Eigen::MatrixBase<DB>& b) {
  using S = matrix_detail::solve_scalar_t<DA, DB>;
  return linalg_detail::kronecker_values<S>(linalg_detail::PlainMatrix<S>(a.template cast<S>()),
                                            linalg_detail::PlainMatrix<S>(b.template cast<S>()));
}

}  // namespace slope
