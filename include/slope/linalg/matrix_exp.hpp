// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// matrix_exp(A): the matrix exponential e^A of a square A, by scaling and squaring with the
// [13/13] Pade approximant (N. Higham, "The scaling and squaring method for the matrix
// exponential revisited", 2005), written once for every scalar type, so that a Dual runs
// through the same arithmetic (its tangent is the derivative of the approximant) and the
// scaling depends on the values only. One node:
//
//   Abar = L(A^T, Ebar), the Frechet derivative of exp at A^T in the direction Ebar, read off
//          exp([[A^T, Ebar], [0, A^T]]) = [[e^(A^T), L(A^T, Ebar)], [0, e^(A^T)]]
//   (C. Van Loan, "Computing integrals involving the matrix exponential", 1978; the adjoint
//    of L(A, .) is L(A^T, .), Higham, "Functions of Matrices", 2008, chapter 3)
// The block formula gives the derivative of the exponential itself to working precision (the
// approximant's error is below unit round-off), and the backward pass costs one exponential
// of a 2n x 2n matrix, about 8 times the forward pass. Ebar is scaled to A's norm first, so
// that a large or small adjoint does not change the number of squarings.
//
//     slope::VarMatrix<double> e = slope::matrix_exp(a);
//     Eigen::MatrixXd e_plain = slope::matrix_exp(a_plain);

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <Eigen/Core>
#include <Eigen/LU>

#include "slope/linalg/recording.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope {

namespace linalg_detail {

// The 1-norm (largest column sum of absolute values) of the values.
template <class M>
double one_norm(const M& a) {
  double norm = 0.0;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    double column = 0.0;
    for (Eigen::Index i = 0; i < a.rows(); ++i) column += std::abs(static_cast<double>(passive_value(a(i, j))));
    norm = std::max(norm, column);
  }
  return norm;
}

// e^A for a square A of any scalar type (double, Dual, Var).
template <class S>
PlainMatrix<S> pade_exp(PlainMatrix<S> a) {
  // theta_13: the largest 1-norm for which the [13/13] approximant is accurate to unit round-off.
  constexpr double kTheta13 = 5.371920351148152;
  constexpr std::array<double, 14> b = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
                                        1187353796428800.0,  129060195264000.0,   10559470521600.0,
                                        670442572800.0,      33522128640.0,       1323241920.0,
                                        40840800.0,          960960.0,            16380.0,
                                        182.0,               1.0};
  using R = scalar_of_t<S>;  // coefficients as plain numbers of S's kind
  const Eigen::Index n = a.rows();
  const double norm = one_norm(a);
  const int squarings = norm > kTheta13 ? static_cast<int>(std::ceil(std::log2(norm / kTheta13))) : 0;
  if (squarings > 0) a *= R(std::ldexp(1.0, -squarings));  // A / 2^s
  const PlainMatrix<S> identity = PlainMatrix<S>::Identity(n, n);
  const PlainMatrix<S> a2 = a * a, a4 = a2 * a2, a6 = a4 * a2;
  // r(A) = (V - U)^-1 (V + U), U the odd and V the even part of the numerator polynomial.
  PlainMatrix<S> odd = a6 * PlainMatrix<S>(R(b[13]) * a6 + R(b[11]) * a4 + R(b[9]) * a2);
  odd += R(b[7]) * a6 + R(b[5]) * a4 + R(b[3]) * a2 + R(b[1]) * identity;
  const PlainMatrix<S> u = a * odd;
  PlainMatrix<S> v = a6 * PlainMatrix<S>(R(b[12]) * a6 + R(b[10]) * a4 + R(b[8]) * a2);
  v += R(b[6]) * a6 + R(b[4]) * a4 + R(b[2]) * a2 + R(b[0]) * identity;
  PlainMatrix<S> r = Eigen::PartialPivLU<PlainMatrix<S>>(PlainMatrix<S>(v - u)).solve(PlainMatrix<S>(v + u));
  for (int k = 0; k < squarings; ++k) r = (r * r).eval();  // e^A = (e^(A / 2^s))^(2^s)
  return r;
}

// E = e^A. Backward: Abar += L(A^T, Ebar), the top right block of exp([[A^T, Ebar], [0, A^T]]).
template <class T>
class MatrixExpNode final : public Node<T> {
 public:
  MatrixExpNode(MatrixOperand<T> a, Index out) : a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const Eigen::Index n = a_.rows;
    const ValueMap<T> e_bar(tape.output_adjoints(out_), n, n);
    const double e_norm = one_norm(e_bar);
    if (e_norm == 0.0 && all_exact_zero(e_bar)) return;
    const auto a_transpose = a_.values(tape.values_data()).transpose();
    const double a_norm = one_norm(a_transpose);
    // L(A^T, c Ebar) = c L(A^T, Ebar): Ebar is scaled to A's norm, and the result scaled back.
    const double scale = (e_norm > 0.0 && a_norm > 0.0) ? a_norm / e_norm : 1.0;
    PlainMatrix<T> block = PlainMatrix<T>::Zero(2 * n, 2 * n);
    block.topLeftCorner(n, n) = a_transpose;
    block.bottomRightCorner(n, n) = a_transpose;
    block.topRightCorner(n, n) = scalar_of_t<T>(scale) * e_bar;
    const PlainMatrix<T> exponential = pade_exp<T>(std::move(block));
    a_.adjoints(tape.adjoint_space()) += scalar_of_t<T>(1.0 / scale) * exponential.topRightCorner(n, n);
  }

 private:
  MatrixOperand<T> a_;
  Index out_;
};

}  // namespace linalg_detail

// e^A for a square A.
template <VarDense A>
VarMatrix<var_value_t<A>> matrix_exp(A&& a) {
  using T = var_value_t<A>;
  const auto leaf = matrix_detail::dense_leaf<T>(std::forward<A>(a));
  linalg_detail::check_square("slope::matrix_exp", leaf.rows(), leaf.cols());
  Tape<T>* tape = matrix_detail::operands_tape<T>(leaf);
  if (tape == nullptr) return VarMatrix<T>::constant(linalg_detail::pade_exp<T>(leaf.matrix_values(nullptr)));
  matrix_detail::MatrixOperand<T> operand = leaf.operand(tape, true);  // A is read by the backward pass
  const linalg_detail::PlainMatrix<T> e = linalg_detail::pade_exp<T>(operand.values(tape->values_data()));
  const Index first = linalg_detail::record_values(*tape, e.data(), e.size());
  tape->template push_node<linalg_detail::MatrixExpNode<T>>(std::move(operand), first);
  return linalg_detail::result_matrix(*tape, first, e.rows(), e.cols());
}

// The same on a plain Eigen matrix (double, Dual, or Var element by element).
template <class D>
linalg_detail::PlainOf<D> matrix_exp(const Eigen::MatrixBase<D>& a) {
  linalg_detail::check_square("slope::matrix_exp", a.rows(), a.cols());
  return linalg_detail::pade_exp<typename D::Scalar>(a.derived());
}

}  // namespace slope
