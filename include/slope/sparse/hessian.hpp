// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Sparse Hessians of f: R^n -> R by compression: with a star colouring of the pattern into p
// colours and S the n x p matrix whose column c is the indicator of colour c, H S costs
// ceil(p / N) forward-over-reverse recordings (Var<Dual<double, N>>, N colours each, as
// slope::hessian does with N unit vectors), whatever n is, and every H(i, j) is read directly
// from it (see sparse/coloring.hpp). A banded Hessian of half bandwidth b takes 2b + 1
// colours, so the Hessian of extended Rosenbrock (b = 1) is one recording at any n, where
// slope::hessian needs n / 4 recordings and n^2 doubles.
//
// SparseHessian detects the pattern once (sparse/detection.hpp: the pattern AT x0, see there
// for branches), colours it once, and then evaluates at any point, returning the values in a
// fixed order (column by column, rows ascending: Eigen's order) as an Eigen::SparseMatrix,
// a vector, or (row, col, value) triplets. HessianPart::lower keeps the entries with
// row >= col only: what Eigen's SimplicialLDLT reads and what IPOPT asks for.
//
//     slope::SparseHessian hess(f, x0);                     // pattern and colouring, once
//     Eigen::SparseMatrix<double> H = hess.matrix(x);       // at any x: ceil(p/4) recordings
//     Eigen::VectorXd v = hess.values(x);                   // the same values, hess.row_indices()/col_indices() say where

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "slope/core/check.hpp"
#include "slope/forward/dual.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/reverse.hpp"
#include "slope/reverse/var.hpp"
#include "slope/sparse/coloring.hpp"
#include "slope/sparse/detection.hpp"
#include "slope/sparse/pattern.hpp"
#include "slope/sparse/tracer.hpp"

namespace slope {

// Which entries a sparse Hessian returns: all of them, or the lower triangle (row >= col).
enum class HessianPart { full, lower };

namespace detail {

// For each entry (i, j) of `part` (in column-major order), where to read it in H S: the
// flat index c * n + r of (r, c) = (i, colour(j)) when j is the only vertex of its colour in
// row i of the full pattern, else (j, colour(i)). Throws when neither holds (not a star
// colouring).
inline std::vector<Eigen::Index> direct_recovery(const SparsityPattern& full, const Coloring& coloring,
                                                 const ColumnMajorLayout& part) {
  const Eigen::Index n = full.rows();
  check_argument(std::ssize(coloring.colors) == n,
                 "slope::SparseHessian: the coloring must give one color per row of the Hessian");
  for (int c : coloring.colors) {
    check_argument(c >= 0 && c < coloring.count, "slope::SparseHessian: a color lies outside [0, count)");
  }
  // alone[p]: the column at position p of the full pattern is the only one of its colour in its row.
  std::vector<char> alone(static_cast<std::size_t>(full.nonZeros()));
  std::vector<int> in_row(static_cast<std::size_t>(coloring.count), 0);
  const auto color = [&](Eigen::Index v) { return coloring.colors[std::size_t(v)]; };
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j : full.row(i)) ++in_row[std::size_t(color(j))];
    Eigen::Index p = full.row_starts()[std::size_t(i)];
    for (Eigen::Index j : full.row(i)) alone[std::size_t(p++)] = in_row[std::size_t(color(j))] == 1;
    for (Eigen::Index j : full.row(i)) in_row[std::size_t(color(j))] = 0;
  }
  std::vector<Eigen::Index> source(static_cast<std::size_t>(part.nonZeros()));
  for (std::size_t k = 0; k < source.size(); ++k) {
    const Eigen::Index i = part.rows()[k];
    const Eigen::Index j = part.cols()[k];
    if (alone[std::size_t(full.position(i, j))]) {
      source[k] = color(j) * n + i;
    } else if (alone[std::size_t(full.position(j, i))]) {
      source[k] = color(i) * n + j;
    } else {
      throw std::invalid_argument("slope::SparseHessian: the coloring does not give entry (" + std::to_string(i) + ", " +
                                  std::to_string(j) + ") of the Hessian directly; use a star coloring");
    }
  }
  return source;
}

// The indicator columns of colours [first, first + count): the directions of one recording.
inline Eigen::MatrixXd color_directions(const Coloring& coloring, int first, int count) {
  Eigen::MatrixXd directions = Eigen::MatrixXd::Zero(std::ssize(coloring.colors), count);
  for (std::size_t j = 0; j < coloring.colors.size(); ++j) {
    const int c = coloring.colors[j] - first;
    if (c >= 0 && c < count) directions(Eigen::Index(j), c) = 1.0;
  }
  return directions;
}

}  // namespace detail

template <class F, int N = 4>
class SparseHessian {
  static_assert(N >= 1, "slope::SparseHessian<F, N>: N is the number of colors per recording and must be at least 1");

 public:
  // Detects the pattern at x0 and colours it.
  template <ColoringMethod M = GreedyColoring>
    requires ScalarObjective<F, PatternTracer> && ScalarObjective<F, Var<Dual<double, N>>>
  SparseHessian(F f, const Eigen::VectorXd& x0, HessianPart part = HessianPart::full, const M& coloring = {})
      : f_(std::move(f)), full_(hessian_pattern(f_, x0)) {
    set_up(part, coloring);
  }

  // With a pattern the caller knows (square and symmetric): no detection.
  template <ColoringMethod M = GreedyColoring>
    requires ScalarObjective<F, Var<Dual<double, N>>>
  SparseHessian(F f, SparsityPattern pattern, HessianPart part = HessianPart::full, const M& coloring = {})
      : f_(std::move(f)), full_(std::move(pattern)) {
    set_up(part, coloring);
  }

  Eigen::Index size() const { return full_.rows(); }
  // The entries returned: the full pattern, or its lower triangle.
  const SparsityPattern& pattern() const { return part_ == HessianPart::full ? full_ : lower_; }
  const SparsityPattern& full_pattern() const { return full_; }
  const Coloring& colors() const { return coloring_; }
  HessianPart part() const { return part_; }
  Eigen::Index nonZeros() const { return layout_.nonZeros(); }
  // Row and column of value k, in the fixed order of every evaluation.
  const std::vector<Eigen::Index>& row_indices() const { return layout_.rows(); }
  const std::vector<Eigen::Index>& col_indices() const { return layout_.cols(); }

  // The values at x, in the order of row_indices() and col_indices().
  void values(const Eigen::VectorXd& x, Eigen::Ref<Eigen::VectorXd> out) const {
    check_argument(x.size() == size(), "slope::SparseHessian: x must have as many entries as the x0 it was built at");
    check_argument(out.size() == nonZeros(), "slope::SparseHessian::values: out must have nonZeros() entries");
    if (source_.empty()) return;  // nothing to evaluate
    const Eigen::Index n = size();
    Eigen::MatrixXd compressed(n, coloring_.count);  // H S
    for (int first = 0; first < coloring_.count; first += N) {
      const int count = std::min(N, coloring_.count - first);
      compressed.middleCols(first, count) =
          detail::hessian_times<N>(f_, x, detail::color_directions(coloring_, first, count));
    }
    for (std::size_t k = 0; k < source_.size(); ++k) out[Eigen::Index(k)] = compressed.data()[source_[k]];
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
  void set_up(HessianPart part, const M& coloring) {
    check_argument(full_.is_symmetric(), "slope::SparseHessian: the pattern must be square and symmetric");
    lower_ = full_.lower_triangle();
    part_ = part;
    coloring_ = coloring.star(full_);
    layout_ = detail::ColumnMajorLayout(pattern());
    source_ = detail::direct_recovery(full_, coloring_, layout_);
  }

  F f_;
  SparsityPattern full_;
  SparsityPattern lower_;
  HessianPart part_ = HessianPart::full;
  Coloring coloring_;
  detail::ColumnMajorLayout layout_;
  std::vector<Eigen::Index> source_;  // where value k lies in H S (flat, column-major)
};

// The Hessian of f: R^n -> R at x as a sparse matrix (pattern detected and coloured at x).
template <int N = 4, class F>
  requires ScalarObjective<F, PatternTracer> && ScalarObjective<F, Var<Dual<double, N>>>
Eigen::SparseMatrix<double> sparse_hessian(const F& f, const Eigen::VectorXd& x, HessianPart part = HessianPart::full) {
  return SparseHessian<const F&, N>(f, x, part).matrix(x);
}

}  // namespace slope
