// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Linear algebra on active matrices: linear solves and log-determinants, each ONE node whose
// backward pass is itself linear algebra. Part of slope/reverse/matrix.hpp.
//
//   c = A^-1 b  (LU):     g = A^-T cbar;  bbar += g,  Abar -= g c^T
//   c = A^-1 b  (LLT):    the same with A^-T = A^-1; Abar only on the lower triangle (below)
//   log|det A|  (LU):     Abar += adj A^-T
//   log det A   (LLT):    Abar += adj A^-1, on the lower triangle
// Either operand may be a plain Eigen matrix (a constant). The solve and determinant nodes
// keep their factorization (an Eigen object that owns heap memory, freed by tape.clear()), so
// the backward pass reuses it: O(n^2) per right-hand side instead of a new O(n^3).
// Eigen's LLT reads only the lower triangle of A, so the value of solve_spd and
// log_determinant_spd depends on that triangle only, and so does the derivative: the adjoint
// of A(i, j), i > j, is G(i, j) + G(j, i) for the symmetric gradient G, zero above the
// diagonal. (For an A built symmetric from parameters the chain rule gives the same result.)
//
//     slope::VarVector<double> c = slope::solve(A, b);       // A, b: VarMatrix or Eigen
//     slope::Var<double> ld = slope::log_determinant_spd(S);
//
// The same functions take plain Eigen matrices (of double or of Dual), so that one generic
// body serves every mode.

#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/LU>

#include "slope/core/traits.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

namespace matrix_detail {


// Adds M restricted to what LLT reads: M(i, j) + M(j, i) below the diagonal, M(i, i) on it.
template <class Adjoint, class M>
void add_lower(Adjoint&& a_bar, const M& m) {
  a_bar.template triangularView<Eigen::StrictlyLower>() += m + m.transpose();
  a_bar.diagonal() += m.diagonal();
}

template <class T, class Factorization>
class SolveNode final : public Node<T> {
  static constexpr bool kCholesky = !std::is_same_v<Factorization, Eigen::PartialPivLU<PlainMatrix<T>>>;

 public:
  SolveNode(Factorization factorization, MatrixOperand<T> a, MatrixOperand<T> b, Index out)
      : factorization_(std::move(factorization)), a_(std::move(a)), b_(std::move(b)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const Eigen::Index n = b_.rows, k = b_.cols;
    const Eigen::Map<const PlainMatrix<T>> c_bar(tape.output_adjoints(out_), n, k);
    MatrixMap<T> g(scratch<T>(kBackwardSlot, n * k), n, k);
    if constexpr (kCholesky) {
      g = factorization_.solve(c_bar);  // A^-T = A^-1
    } else {
      g = factorization_.transpose().solve(c_bar);  // g = A^-T cbar
    }
    if (b_.active) b_.adjoints(adjoints) += g;
    if (a_.active) {
      const Eigen::Map<const PlainMatrix<T>> c(tape.values_data() + out_, n, k);
      if constexpr (kCholesky) {
        MatrixMap<T> m(scratch<T>(kBackwardSlot2, n * n), n, n);
        m.noalias() = -g * c.transpose();
        add_lower(a_.adjoints(adjoints), m);
      } else {
        a_.adjoints(adjoints).noalias() -= g * c.transpose();  // Abar -= g c^T
      }
    }
  }

 private:
  Factorization factorization_;
  MatrixOperand<T> a_;
  MatrixOperand<T> b_;
  Index out_;
};

template <class Factorization>
void check_factorization(const Factorization& factorization, const char* operation) {
  if constexpr (!std::is_base_of_v<Eigen::PartialPivLU<typename Factorization::MatrixType>, Factorization>) {
    if (factorization.info() != Eigen::Success) {
      throw std::invalid_argument(std::string(operation) + ": A is not symmetric positive definite");
    }
  }
}

template <class T, class Factorization, class A, class B>
VarMatrix<T> solve_with(const char* operation, A&& a, B&& b) {
  const auto matrix = dense_leaf<T>(std::forward<A>(a));
  const auto rhs = dense_leaf<T>(std::forward<B>(b));
  check_sizes(matrix.rows() == matrix.cols() && matrix.rows() == rhs.rows(), operation, matrix.rows(), matrix.cols(),
              rhs.rows(), rhs.cols(), "A must be square with as many rows as b");
  Tape<T>* tape = operands_tape<T>(matrix, rhs);
  const T* values = tape == nullptr ? nullptr : tape->values_data();
  Factorization factorization(matrix.matrix_values(values));
  check_factorization(factorization, operation);
  const Eigen::Index n = rhs.rows(), k = rhs.cols();
  T* out = scratch<T>(kOutputSlot, n * k);
  MatrixMap<T>(out, n, k) = factorization.solve(rhs.matrix_values(values));
  if (tape == nullptr) return VarMatrix<T>::constant(MatrixMap<T>(out, n, k));
  // The backward pass reads the factorization and c, never the operands' values.
  MatrixOperand<T> a_operand = matrix.operand(tape, false);
  MatrixOperand<T> b_operand = rhs.operand(tape, false);
  const Index first = tape->new_variables(out, static_cast<std::size_t>(n * k));
  tape->template push_node<SolveNode<T, Factorization>>(std::move(factorization), std::move(a_operand),
                                                        std::move(b_operand), first);
  return VarMatrix<T>::on_tape(first, n, k, tape->epoch());
}

// ---------------------------------------------------------------- log-determinants

template <class T, class Factorization>
class LogDeterminantNode final : public Node<T> {
  static constexpr bool kCholesky = !std::is_same_v<Factorization, Eigen::PartialPivLU<PlainMatrix<T>>>;

 public:
  LogDeterminantNode(Factorization factorization, MatrixOperand<T> a, Index out)
      : factorization_(std::move(factorization)), a_(std::move(a)), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const T adjoint = tape.output_adjoint(out_);
    if (is_exact_zero(adjoint)) return;
    const Eigen::Index n = a_.rows;
    MatrixMap<T> inverse(scratch<T>(kBackwardSlot, n * n), n, n);
    inverse = factorization_.solve(PlainMatrix<T>::Identity(n, n));
    if constexpr (kCholesky) {
      inverse *= adjoint;
      add_lower(a_.adjoints(tape.adjoint_space()), inverse);  // adj A^-1 on the lower triangle
    } else {
      a_.adjoints(tape.adjoint_space()) += adjoint * inverse.transpose();  // adj A^-T
    }
  }

 private:
  Factorization factorization_;
  MatrixOperand<T> a_;
  Index out_;
};

template <class T, class Factorization, class A>
Var<T> log_determinant_with(const char* operation, A&& a) {
  using std::abs;
  using std::log;
  const auto matrix = dense_leaf<T>(std::forward<A>(a));
  check_sizes(matrix.rows() == matrix.cols(), operation, matrix.rows(), matrix.cols(), matrix.rows(), matrix.cols(),
              "A must be square");
  Tape<T>* tape = operands_tape<T>(matrix);
  Factorization factorization(matrix.matrix_values(tape == nullptr ? nullptr : tape->values_data()));
  check_factorization(factorization, operation);
  T value;
  if constexpr (std::is_same_v<Factorization, Eigen::PartialPivLU<PlainMatrix<T>>>) {
    value = factorization.matrixLU().diagonal().array().abs().log().sum();  // log|det A| = sum log|U_ii|
  } else {
    value = T(2) * factorization.matrixLLT().diagonal().array().log().sum();  // log det A = 2 sum log L_ii
  }
  if (tape == nullptr) return Var<T>(value);
  MatrixOperand<T> operand = matrix.operand(tape, false);
  const Index out = tape->new_variable(value);
  tape->template push_node<LogDeterminantNode<T, Factorization>>(std::move(factorization), std::move(operand), out);
  return Var<T>::on_tape(value, out, tape->epoch());
}

template <class A, class B>
concept SolveOperands = (VarDense<A> || EigenDense<A>) && (VarDense<B> || EigenDense<B>);

template <class D>
void check_plain_solve(const char* operation, const D& a, Eigen::Index rhs_rows, Eigen::Index rhs_cols) {
  check_sizes(a.rows() == a.cols() && a.rows() == rhs_rows, operation, a.rows(), a.cols(), rhs_rows, rhs_cols,
              "A must be square with as many rows as b");
}

}  // namespace matrix_detail

// ---------------------------------------------------------------- the public functions

// A^-1 b by LU with partial pivoting; A square and invertible, b a vector or a matrix.
template <class A, class B>
  requires matrix_detail::SolveOperands<A, B> && (VarDense<A> || VarDense<B>)
auto solve(A&& a, B&& b) {
  using T = matrix_detail::common_value_t<A, B>;
  return matrix_detail::solve_with<T, Eigen::PartialPivLU<matrix_detail::PlainMatrix<T>>>("slope::solve", std::forward<A>(a),
                                                                                          std::forward<B>(b));
}

// A^-1 b by Cholesky (Eigen::LLT, lower triangle); A symmetric positive definite.
template <class A, class B>
  requires matrix_detail::SolveOperands<A, B> && (VarDense<A> || VarDense<B>)
auto solve_spd(A&& a, B&& b) {
  using T = matrix_detail::common_value_t<A, B>;
  return matrix_detail::solve_with<T, Eigen::LLT<matrix_detail::PlainMatrix<T>>>("slope::solve_spd", std::forward<A>(a),
                                                                                 std::forward<B>(b));
}

// log|det A| by LU; A square. (-inf for a singular A.)
template <VarDense A>
Var<var_value_t<A>> log_determinant(A&& a) {
  using T = var_value_t<A>;
  return matrix_detail::log_determinant_with<T, Eigen::PartialPivLU<matrix_detail::PlainMatrix<T>>>("slope::log_determinant",
                                                                                                    std::forward<A>(a));
}

// log det A by Cholesky (lower triangle); A symmetric positive definite.
template <VarDense A>
Var<var_value_t<A>> log_determinant_spd(A&& a) {
  using T = var_value_t<A>;
  return matrix_detail::log_determinant_with<T, Eigen::LLT<matrix_detail::PlainMatrix<T>>>("slope::log_determinant_spd",
                                                                                           std::forward<A>(a));
}

// The same on plain Eigen matrices (double, or Dual for forward mode): what a generic body
// calls when it runs on Eigen types.
namespace matrix_detail {
// The scalar of a solve on plain matrices: the slope scalar (Dual) if either side has one.
template <class DA, class DB>
using solve_scalar_t = std::conditional_t<Leaf<typename DA::Scalar>, typename DA::Scalar, typename DB::Scalar>;
}  // namespace matrix_detail

// (Operands are evaluated into plain matrices first, so that Eigen's solvers are compiled
// once per scalar type rather than once per operand expression type.)
template <class DA, class DB>
auto solve(const Eigen::MatrixBase<DA>& a, const Eigen::MatrixBase<DB>& b) {
  using S = matrix_detail::solve_scalar_t<DA, DB>;
  using Plain = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  matrix_detail::check_plain_solve("slope::solve", a, b.rows(), b.cols());
  const Eigen::PartialPivLU<Plain> lu(Plain(a.template cast<S>()));
  return Eigen::Matrix<S, Eigen::Dynamic, DB::ColsAtCompileTime>(Plain(lu.solve(Plain(b.template cast<S>()))));
}

template <class DA, class DB>
auto solve_spd(const Eigen::MatrixBase<DA>& a, const Eigen::MatrixBase<DB>& b) {
  using S = matrix_detail::solve_scalar_t<DA, DB>;
  using Plain = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  matrix_detail::check_plain_solve("slope::solve_spd", a, b.rows(), b.cols());
  const Eigen::LLT<Plain> llt(Plain(a.template cast<S>()));
  matrix_detail::check_factorization(llt, "slope::solve_spd");
  return Eigen::Matrix<S, Eigen::Dynamic, DB::ColsAtCompileTime>(Plain(llt.solve(Plain(b.template cast<S>()))));
}

template <class D>
typename D::Scalar log_determinant(const Eigen::MatrixBase<D>& a) {
  using S = typename D::Scalar;
  using std::abs;
  using std::log;
  matrix_detail::check_plain_solve("slope::log_determinant", a, a.rows(), a.cols());
  using Plain = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::PartialPivLU<Plain> lu{Plain(a)};
  S sum(0);
  for (Eigen::Index i = 0; i < a.rows(); ++i) sum += log(S(abs(lu.matrixLU()(i, i))));
  return sum;
}

template <class D>
typename D::Scalar log_determinant_spd(const Eigen::MatrixBase<D>& a) {
  using S = typename D::Scalar;
  using std::log;
  matrix_detail::check_plain_solve("slope::log_determinant_spd", a, a.rows(), a.cols());
  using Plain = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::LLT<Plain> llt{Plain(a)};
  matrix_detail::check_factorization(llt, "slope::log_determinant_spd");
  S sum(0);
  for (Eigen::Index i = 0; i < a.rows(); ++i) sum += log(S(llt.matrixLLT()(i, i)));
  return S(2.0 * sum);
}

}  // namespace slope
