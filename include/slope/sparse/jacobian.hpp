// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Sparse Jacobians of F: R^n -> R^m by compression, in either mode:
//   forward: a column colouring into p colours; ceil(p / N) passes of F on Dual<double, N>,
//            each seeded with N colour groups, give J S, and J(i, j) = (J S)(i, colour(j));
//   reverse: a row colouring into q colours; one recording of F and q backward sweeps, each
//            seeded with a group of outputs, give S' J, and J(i, j) = (S' J)(colour(i), j).
// JacobianMode::automatic colours both and takes reverse mode when it needs fewer sweeps than
// forward mode needs directions (q < p), forward mode otherwise (a forward direction costs
// about what a sweep does, and forward mode needs no tape). A banded Jacobian of half
// bandwidth b takes 2b + 1 colours either way, whatever n is.
//
// SparseJacobian detects the pattern once (sparse/detection.hpp: the pattern AT x0), colours
// it once, and evaluates at any point; values come in a fixed order (column by column, rows
// ascending: Eigen's order) as an Eigen::SparseMatrix, a vector, or (row, col, value) triplets.
//
//     slope::SparseJacobian jac(F, x0);                      // pattern and colouring, once
//     Eigen::SparseMatrix<double> J = jac.matrix(x);         // at any x
//     auto entries = jac.triplets(x);                        // (row, col, value), same order each call

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "slope/core/check.hpp"
#include "slope/forward/dual.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/forward.hpp"
#include "slope/functional/reverse.hpp"
#include "slope/reverse/var.hpp"
#include "slope/sparse/coloring.hpp"
#include "slope/sparse/detection.hpp"
#include "slope/sparse/pattern.hpp"
#include "slope/sparse/tracer.hpp"

namespace slope {

// How a sparse Jacobian is evaluated: chosen from the colour counts, or forced.
enum class JacobianMode { automatic, forward, reverse };

namespace detail {

// Throws unless no row of `pattern` has two columns of one colour (a column colouring).
inline void check_column_coloring(const SparsityPattern& pattern, const Coloring& coloring, const char* message) {
  check_argument(std::ssize(coloring.colors) == pattern.cols(),
                 "slope::SparseJacobian: the coloring must give one color per column (per row in reverse mode)");
  for (int c : coloring.colors) {
    check_argument(c >= 0 && c < coloring.count, "slope::SparseJacobian: a color lies outside [0, count)");
  }
  std::vector<Eigen::Index> seen_in(static_cast<std::size_t>(coloring.count), -1);
  for (Eigen::Index i = 0; i < pattern.rows(); ++i) {
    for (Eigen::Index j : pattern.row(i)) {
      Eigen::Index& last = seen_in[std::size_t(coloring.colors[std::size_t(j)])];
      check_argument(last != i, message);
      last = i;
    }
  }
}

}  // namespace detail

template <class F, int N = 4>
class SparseJacobian {
  static_assert(N >= 1, "slope::SparseJacobian<F, N>: N is the number of colors per forward pass and must be at least 1");

 public:
  // Detects the pattern at x0 and colours it.
  template <ColoringMethod M = GreedyColoring>
    requires VectorFunction<F, PatternTracer> && VectorFunction<F, Dual<double, N>> && VectorFunction<F, Var<double>>
  SparseJacobian(F f, const Eigen::VectorXd& x0, JacobianMode mode = JacobianMode::automatic, const M& coloring = {})
      : f_(std::move(f)), pattern_(jacobian_pattern(f_, x0)) {
    set_up(mode, coloring);
  }

  // With a pattern the caller knows (m x n): no detection.
  template <ColoringMethod M = GreedyColoring>
    requires VectorFunction<F, Dual<double, N>> && VectorFunction<F, Var<double>>
  SparseJacobian(F f, SparsityPattern pattern, JacobianMode mode = JacobianMode::automatic, const M& coloring = {})
      : f_(std::move(f)), pattern_(std::move(pattern)) {
    set_up(mode, coloring);
  }

  Eigen::Index rows() const { return pattern_.rows(); }
  Eigen::Index cols() const { return pattern_.cols(); }
  const SparsityPattern& pattern() const { return pattern_; }
  // The colouring used: of the columns in forward mode, of the rows in reverse mode.
  const Coloring& colors() const { return coloring_; }
  // forward or reverse: the mode chosen.
  JacobianMode mode() const { return mode_; }
  Eigen::Index nonZeros() const { return layout_.nonZeros(); }
  // Row and column of value k, in the fixed order of every evaluation.
  const std::vector<Eigen::Index>& row_indices() const { return layout_.rows(); }
  const std::vector<Eigen::Index>& col_indices() const { return layout_.cols(); }

  // The values at x, in the order of row_indices() and col_indices().
  void values(const Eigen::VectorXd& x, Eigen::Ref<Eigen::VectorXd> out) const {
    check_argument(x.size() == cols(), "slope::SparseJacobian: x must have as many entries as the x0 it was built at");
    check_argument(out.size() == nonZeros(), "slope::SparseJacobian::values: out must have nonZeros() entries");
    if (out.size() == 0) return;  // nothing to evaluate
    if (mode_ == JacobianMode::forward) {
      const Eigen::MatrixXd compressed = forward_compressed(x);  // J S, m x p
      for (Eigen::Index k = 0; k < out.size(); ++k) {
        out[k] = compressed(layout_.rows()[std::size_t(k)], coloring_.colors[std::size_t(layout_.cols()[std::size_t(k)])]);
      }
    } else {
      const Eigen::MatrixXd compressed = reverse_compressed(x);  // S' J, q x n
      for (Eigen::Index k = 0; k < out.size(); ++k) {
        out[k] = compressed(coloring_.colors[std::size_t(layout_.rows()[std::size_t(k)])], layout_.cols()[std::size_t(k)]);
      }
    }
  }
  Eigen::VectorXd values(const Eigen::VectorXd& x) const {
    Eigen::VectorXd out(nonZeros());
    values(x, out);
    return out;
  }
  Eigen::SparseMatrix<double> matrix(const Eigen::VectorXd& x) const { return layout_.matrix(values(x)); }
  // Into m: when m already has this structure (a previous result), only its values are written.
  void matrix(const Eigen::VectorXd& x, Eigen::SparseMatrix<double>& m) const { layout_.fill(values(x), m); }
  std::vector<Eigen::Triplet<double>> triplets(const Eigen::VectorXd& x) const { return layout_.triplets(values(x)); }

 private:
  template <class M>
  void set_up(JacobianMode mode, const M& coloring) {
    if (mode == JacobianMode::automatic) {
      Coloring columns = coloring.columns(pattern_);
      Coloring rows = coloring.rows(pattern_);
      const bool reverse = rows.count < columns.count;
      mode_ = reverse ? JacobianMode::reverse : JacobianMode::forward;
      coloring_ = std::move(reverse ? rows : columns);
    } else {
      mode_ = mode;
      coloring_ = mode == JacobianMode::forward ? coloring.columns(pattern_) : coloring.rows(pattern_);
    }
    if (mode_ == JacobianMode::forward) {
      detail::check_column_coloring(pattern_, coloring_,
                                    "slope::SparseJacobian: the column coloring gives two columns of one row the same color");
    } else {
      detail::check_column_coloring(pattern_.transpose(), coloring_,
                                    "slope::SparseJacobian: the row coloring gives two rows of one column the same color");
    }
    layout_ = detail::ColumnMajorLayout(pattern_);
  }

  // F's outputs as a vector, checked against the pattern's row count.
  template <class Result>
  void check_outputs(const Result& y) const {
    check_argument(y.size() == rows(), "slope::SparseJacobian: F returned a different number of outputs than at x0");
  }

  // J S by ceil(p / N) forward passes, N colour groups each.
  Eigen::MatrixXd forward_compressed(const Eigen::VectorXd& x) const {
    using D = Dual<double, N>;
    Vector<D> xd = detail::constant_duals<D>(x);
    Eigen::MatrixXd compressed = Eigen::MatrixXd::Zero(rows(), coloring_.count);
    for (int first = 0; first < coloring_.count; first += N) {
      for (Eigen::Index j = 0; j < x.size(); ++j) {
        const int k = coloring_.colors[std::size_t(j)] - first;
        for (int d = 0; d < N; ++d) xd[j].tangent(d) = d == k ? 1.0 : 0.0;
      }
      const Vector<D> y = f_(std::as_const(xd));
      check_outputs(y);
      for (int d = 0; d < N && first + d < coloring_.count; ++d) {
        for (Eigen::Index i = 0; i < y.size(); ++i) compressed(i, first + d) = y[i].tangent(d);
      }
    }
    return compressed;
  }

  // S' J by one recording and q sweeps, each seeded with one group of outputs.
  Eigen::MatrixXd reverse_compressed(const Eigen::VectorXd& x) const {
    detail::ScratchTape<double> tape;
    const VarVector<double> inputs = detail::record_inputs(*tape, x);
    const VarVector<double> y = detail::outputs_of(f_, inputs);
    check_outputs(y);
    Eigen::MatrixXd compressed = Eigen::MatrixXd::Zero(coloring_.count, cols());
    if (!y.is_active()) return compressed;
    for (int c = 0; c < coloring_.count; ++c) {
      tape->zero_adjoints();
      for (Eigen::Index i = 0; i < y.size(); ++i) {
        if (coloring_.colors[std::size_t(i)] == c) tape->adjoint(y.first() + static_cast<Index>(i)) = 1.0;
      }
      tape->backward();
      compressed.row(c) = detail::input_adjoints(*tape, inputs).transpose();
    }
    return compressed;
  }

  F f_;
  SparsityPattern pattern_;
  JacobianMode mode_ = JacobianMode::forward;
  Coloring coloring_;
  detail::ColumnMajorLayout layout_;
};

// The Jacobian of F: R^n -> R^m at x as a sparse matrix (pattern detected and coloured at x).
template <int N = 4, class F>
  requires VectorFunction<F, PatternTracer> && VectorFunction<F, Dual<double, N>> && VectorFunction<F, Var<double>>
Eigen::SparseMatrix<double> sparse_jacobian(const F& f, const Eigen::VectorXd& x, JacobianMode mode = JacobianMode::automatic) {
  return SparseJacobian<const F&, N>(f, x, mode).matrix(x);
}

}  // namespace slope
