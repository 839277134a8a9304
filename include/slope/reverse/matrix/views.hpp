// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Views and shape operations of active matrices. Part of slope/reverse/matrix.hpp.
//
// A contiguous range (segment, head, tail, a column, whole columns, reshaped, a vector's
// transpose) shares the matrix's tape indices: no node. The others record one node each:
//   block / row / topRows ... (not contiguous): a gathered copy;  adj_source.block += adj_block
//   transpose of a matrix: a transposed copy;                     adj_source += adj_out^T
//   trace:                                                         adj_source.diagonal() += adj
//   diagonal (a gathered copy):                                    adj_source.diagonal() += adj_out
//
//     slope::VarMatrix<double> r = A.row(1);        // one gather node
//     slope::Var<double> t = A.trace();             // one node

#include <algorithm>
#include <string>

#include <Eigen/Core>

#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

namespace matrix_detail {

// A block that is not contiguous (a row of a matrix, ...): a gathered copy.
// Backward: adj_source.block(i, j, p, q) += adj_block.
template <class T>
class BlockNode final : public Node<T> {
 public:
  BlockNode(Index source, Eigen::Index rows, Eigen::Index cols, Eigen::Index i, Eigen::Index j, Eigen::Index p,
            Eigen::Index q, Index out)
      : source_(source), rows_(rows), cols_(cols), i_(i), j_(j), p_(p), q_(q), out_(out) {}
  void backward(Tape<T>& tape) const override {
    MatrixMap<T>(tape.adjoint_space().at(source_), rows_, cols_).block(i_, j_, p_, q_) +=
        Eigen::Map<const PlainMatrix<T>>(tape.output_adjoints(out_), p_, q_);
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_, i_, j_, p_, q_;
  Index out_;
};

// A transposed copy. Backward: adj_source += adj_out^T.
template <class T>
class TransposeNode final : public Node<T> {
 public:
  TransposeNode(Index source, Eigen::Index rows, Eigen::Index cols, Index out)
      : source_(source), rows_(rows), cols_(cols), out_(out) {}
  void backward(Tape<T>& tape) const override {
    MatrixMap<T>(tape.adjoint_space().at(source_), rows_, cols_) +=
        Eigen::Map<const PlainMatrix<T>>(tape.output_adjoints(out_), cols_, rows_).transpose();
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_;
  Index out_;
};

// The trace. Backward: adj_source.diagonal() += adj_out.
template <class T>
class TraceNode final : public Node<T> {
 public:
  TraceNode(Index source, Eigen::Index rows, Eigen::Index cols, Index out)
      : source_(source), rows_(rows), cols_(cols), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const T adjoint = tape.output_adjoint(out_);
    if (is_exact_zero(adjoint)) return;
    MatrixMap<T>(tape.adjoint_space().at(source_), rows_, cols_).diagonal().array() += adjoint;
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_;
  Index out_;
};

// The diagonal, gathered. Backward: adj_source.diagonal() += adj_out.
template <class T>
class DiagonalNode final : public Node<T> {
 public:
  DiagonalNode(Index source, Eigen::Index rows, Eigen::Index cols, Index out)
      : source_(source), rows_(rows), cols_(cols), out_(out) {}
  void backward(Tape<T>& tape) const override {
    MatrixMap<T>(tape.adjoint_space().at(source_), rows_, cols_).diagonal() +=
        Eigen::Map<const PlainMatrix<T>>(tape.output_adjoints(out_), std::min(rows_, cols_), 1);
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_;
  Index out_;
};

// The elements in reverse order. Backward: adj_source += adj_out reversed.
template <class T>
class ReverseNode final : public Node<T> {
 public:
  ReverseNode(Index source, Eigen::Index rows, Eigen::Index cols, Index out)
      : source_(source), rows_(rows), cols_(cols), out_(out) {}
  void backward(Tape<T>& tape) const override {
    MatrixMap<T>(tape.adjoint_space().at(source_), rows_, cols_) +=
        Eigen::Map<const PlainMatrix<T>>(tape.output_adjoints(out_), rows_, cols_).reverse();
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_;
  Index out_;
};

// Records `values(tape_values)` (an Eigen expression over the tape's values, given where
// they are) as a new range of variables, computed in place.
template <class T, class Values>
Index record_values(Tape<T>& tape, Eigen::Index rows, Eigen::Index cols, const Values& values) {
  const Index first = tape.allocate_variables(static_cast<std::size_t>(rows * cols));
  MatrixMap<T>(tape.values_data() + first, rows, cols) = values(static_cast<const T*>(tape.values_data()));
  return first;
}

}  // namespace matrix_detail

namespace matrix_detail {
template <class T>
VarMatrix<T> reversed(const VarMatrix<T>& m) {
  using Plain = PlainMatrix<T>;
  if (!m.is_active()) return VarMatrix<T>::constant(Plain(Eigen::Map<const Plain>(m.data(nullptr), m.rows(), m.cols()).reverse()));
  Tape<T>& tape = active_tape<T>();
  m.check_tape(tape);
  const Index out = record_values(tape, m.rows(), m.cols(), [&](const T* values) {
    return Eigen::Map<const Plain>(m.data(values), m.rows(), m.cols()).reverse();
  });
  tape.template push_node<ReverseNode<T>>(m.first(), m.rows(), m.cols(), out);
  return VarMatrix<T>::on_tape(out, m.rows(), m.cols(), tape.epoch());
}
}  // namespace matrix_detail

template <class T>
VarMatrix<T> VarMatrix<T>::block(Eigen::Index i, Eigen::Index j, Eigen::Index p, Eigen::Index q) const {
  matrix_detail::check_range(i >= 0 && j >= 0 && p >= 0 && q >= 0 && i + p <= rows_ && j + q <= cols_, "slope::VarMatrix::block",
                             [&] {
                               return "block(" + std::to_string(i) + ", " + std::to_string(j) + ", " + std::to_string(p) +
                                      ", " + std::to_string(q) + ")";
                             },
                             rows_, cols_);
  if (q <= 1 || p == rows_) return slice(i + j * rows_, p, q);  // contiguous in column-major order
  if (!is_active()) return constant(constant_->block(i, j, p, q));
  Tape<T>& tape = active_tape<T>();
  check_tape(tape);
  const Index out = matrix_detail::record_values(tape, p, q, [&](const T* values) {
    return Eigen::Map<const Plain>(data(values), rows_, cols_).block(i, j, p, q);
  });
  tape.template push_node<matrix_detail::BlockNode<T>>(first_, rows_, cols_, i, j, p, q, out);
  return on_tape(out, p, q, tape.epoch());
}

template <class T>
VarMatrix<T> VarMatrix<T>::reshaped(Eigen::Index rows, Eigen::Index cols) const {
  matrix_detail::check_sizes(rows >= 0 && cols >= 0 && rows * cols == size(), "slope::VarMatrix::reshaped", rows_, cols_,
                             rows, cols, "a reshape must keep the number of elements");
  if (is_active()) return on_tape(first_, rows, cols, epoch_, element_values_);
  return constant(Eigen::Map<const Plain>(data(nullptr), rows, cols));
}

template <class T>
VarMatrix<T> VarMatrix<T>::transpose() const {
  if (is_vector()) return reshaped(cols_, rows_);
  if (!is_active()) return constant(constant_->transpose());
  Tape<T>& tape = active_tape<T>();
  check_tape(tape);
  const Index out = matrix_detail::record_values(
      tape, cols_, rows_, [&](const T* values) { return Eigen::Map<const Plain>(data(values), rows_, cols_).transpose(); });
  tape.template push_node<matrix_detail::TransposeNode<T>>(first_, rows_, cols_, out);
  return on_tape(out, cols_, rows_, tape.epoch());
}

template <class T>
Var<T> VarMatrix<T>::trace() const {
  if (!is_active()) return Var<T>(T(constant_ ? constant_->trace() : T(0)));
  Tape<T>& tape = active_tape<T>();
  check_tape(tape);
  const T value = Eigen::Map<const Plain>(data(tape.values_data()), rows_, cols_).trace();
  const Index out = tape.new_variable(value);
  tape.template push_node<matrix_detail::TraceNode<T>>(first_, rows_, cols_, out);
  return Var<T>::on_tape(value, out, tape.epoch());
}

template <class T>
VarMatrix<T> VarMatrix<T>::diagonal() const {
  const Eigen::Index k = std::min(rows_, cols_);
  if (!is_active()) return constant(Plain(Eigen::Map<const Plain>(data(nullptr), rows_, cols_).diagonal()));
  Tape<T>& tape = active_tape<T>();
  check_tape(tape);
  const Index out = matrix_detail::record_values(
      tape, k, 1, [&](const T* values) { return Eigen::Map<const Plain>(data(values), rows_, cols_).diagonal(); });
  tape.template push_node<matrix_detail::DiagonalNode<T>>(first_, rows_, cols_, out);
  return on_tape(out, k, 1, tape.epoch());
}

}  // namespace slope
