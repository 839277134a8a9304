// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Sparse test problems for tests/sparse/*_test.cpp. Each is ONE function object whose
// structure is data (a pattern, a list of edges), so that every pattern of the tests (banded,
// arrow, block-diagonal, random, grid) runs through the same template instantiations of the
// drivers: compile time stays that of one problem.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "slope/sparse/coloring.hpp"
#include "slope/sparse/pattern.hpp"

namespace slope_test::sparse {

using Index = Eigen::Index;
using slope::SparsityPattern;

// ---------------------------------------------------------------- patterns

// Entries (i, j) with |i - j| <= b: a symmetric band of half bandwidth b (2b + 1 diagonals).
inline SparsityPattern banded(Index n, Index b) {
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    for (Index j = std::max<Index>(0, i - b); j <= std::min(n - 1, i + b); ++j) rows[std::size_t(i)].push_back(j);
  }
  return SparsityPattern::from_rows(n, std::move(rows));
}

// The diagonal plus a dense row and column `hub`.
inline SparsityPattern arrow(Index n, Index hub) {
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    rows[std::size_t(i)].push_back(i);
    rows[std::size_t(i)].push_back(hub);
    rows[std::size_t(hub)].push_back(i);
  }
  return SparsityPattern::from_rows(n, std::move(rows));
}

// Dense diagonal blocks of size `block` (the last one smaller when block does not divide n).
inline SparsityPattern block_diagonal(Index n, Index block) {
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    const Index first = i - i % block;
    for (Index j = first; j < std::min(n, first + block); ++j) rows[std::size_t(i)].push_back(j);
  }
  return SparsityPattern::from_rows(n, std::move(rows));
}

// The 5-point stencil of an m x m grid (vertex k = r m + c): a 2-D Laplacian's pattern.
inline SparsityPattern grid(Index m) {
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(m * m));
  for (Index r = 0; r < m; ++r) {
    for (Index c = 0; c < m; ++c) {
      std::vector<Index>& row = rows[std::size_t(r * m + c)];
      row.push_back(r * m + c);
      if (r > 0) row.push_back((r - 1) * m + c);
      if (r + 1 < m) row.push_back((r + 1) * m + c);
      if (c > 0) row.push_back(r * m + c - 1);
      if (c + 1 < m) row.push_back(r * m + c + 1);
    }
  }
  return SparsityPattern::from_rows(m * m, std::move(rows));
}

// About `per_row` random entries per row of a rows x cols pattern (repeats merge).
inline SparsityPattern random_pattern(Index rows, Index cols, int per_row, std::mt19937& rng) {
  std::uniform_int_distribution<Index> column(0, std::max<Index>(0, cols - 1));
  std::vector<std::vector<Index>> entries(static_cast<std::size_t>(rows));
  for (auto& row : entries) {
    for (int k = 0; k < per_row && cols > 0; ++k) row.push_back(column(rng));
  }
  return SparsityPattern::from_rows(cols, std::move(entries));
}

// The pattern made symmetric (each entry mirrored), with the diagonal when `diagonal`.
inline SparsityPattern symmetrized(const SparsityPattern& p, bool diagonal) {
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(p.rows()));
  for (Index i = 0; i < p.rows(); ++i) {
    if (diagonal) rows[std::size_t(i)].push_back(i);
    for (Index j : p.row(i)) {
      rows[std::size_t(i)].push_back(j);
      rows[std::size_t(j)].push_back(i);
    }
  }
  return SparsityPattern::from_rows(p.cols(), std::move(rows));
}

// ---------------------------------------------------------------- colourings, by brute force

// No row has two columns of one colour (and every colour lies in [0, count)).
inline bool is_column_coloring(const SparsityPattern& p, const slope::Coloring& c) {
  if (Index(c.colors.size()) != p.cols()) return false;
  for (int color : c.colors) {
    if (color < 0 || color >= c.count) return false;
  }
  for (Index i = 0; i < p.rows(); ++i) {
    for (Index j : p.row(i)) {
      for (Index k : p.row(i)) {
        if (j != k && c.colors[std::size_t(j)] == c.colors[std::size_t(k)]) return false;
      }
    }
  }
  return true;
}

// A star colouring of the adjacency graph of a symmetric pattern: adjacent vertices differ,
// and no path a - b - c - d on four distinct vertices has colours (x, y, x, y).
inline bool is_star_coloring(const SparsityPattern& p, const slope::Coloring& c) {
  if (Index(c.colors.size()) != p.rows()) return false;
  const auto color = [&](Index v) { return c.colors[std::size_t(v)]; };
  for (Index a = 0; a < p.rows(); ++a) {
    if (color(a) < 0 || color(a) >= c.count) return false;
    for (Index b : p.row(a)) {
      if (b == a) continue;
      if (color(a) == color(b)) return false;
      for (Index cc : p.row(b)) {
        if (cc == b || cc == a || color(cc) != color(a)) continue;
        for (Index d : p.row(cc)) {
          if (d != cc && d != b && d != a && color(d) == color(b)) return false;
        }
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------- functions

// F: R^n -> R^m whose Jacobian has exactly the given pattern: output i is
//   sum_{j in row i} sin(c_ij x_j) + x_first x_last   (first and last: the ends of row i)
// with c_ij in [0.5, 0.9].
struct PatternFunction {
  SparsityPattern pattern;

  static double coefficient(Index i, Index j) { return 0.5 + 0.1 * double((7 * i + 3 * j) % 5); }

  template <class X>
  Eigen::Matrix<typename X::Scalar, Eigen::Dynamic, 1> operator()(const X& x) const {
    using Scalar = typename X::Scalar;
    using std::sin;
    Eigen::Matrix<Scalar, Eigen::Dynamic, 1> y(pattern.rows());
    for (Index i = 0; i < pattern.rows(); ++i) {
      Scalar sum = 0.0;
      const auto row = pattern.row(i);
      for (Index j : row) sum += sin(coefficient(i, j) * x[j]);
      if (!row.empty()) sum += x[row.front()] * x[row.back()];
      y[i] = sum;
    }
    return y;
  }
};

// The exact Jacobian of PatternFunction.
inline Eigen::MatrixXd pattern_function_jacobian(const PatternFunction& f, const Eigen::VectorXd& x) {
  Eigen::MatrixXd jac = Eigen::MatrixXd::Zero(f.pattern.rows(), f.pattern.cols());
  for (Index i = 0; i < f.pattern.rows(); ++i) {
    const auto row = f.pattern.row(i);
    for (Index j : row) jac(i, j) += PatternFunction::coefficient(i, j) * std::cos(PatternFunction::coefficient(i, j) * x[j]);
    if (!row.empty()) {
      jac(i, row.front()) += x[row.back()];
      jac(i, row.back()) += x[row.front()];
    }
  }
  return jac;
}

// f: R^n -> R whose Hessian has exactly the pattern of `edges` and `curved` vertices:
//   sum over edges (i, j, coupled):  w x_i x_j                          (coupled = false)
//                                    w x_i x_j + 0.25 sin(x_i - 0.5 x_j) (coupled = true)
//   + sum over curved vertices v:     0.5 cosh(0.3 x_v)
// An uncoupled edge contributes H(i, j) = H(j, i) = w only; a coupled one also H(i, i) and
// H(j, j); a curved vertex H(v, v). w = 1 + 0.1 ((i + 2 j) mod 7).
struct EdgeObjective {
  struct Edge {
    Index i;
    Index j;
    bool coupled;
  };
  Index n = 0;
  std::vector<Edge> edges;
  std::vector<Index> curved;

  static double weight(Index i, Index j) { return 1.0 + 0.1 * double((i + 2 * j) % 7); }

  template <class X>
  typename X::Scalar operator()(const X& x) const {
    using Scalar = typename X::Scalar;
    using std::cosh;
    using std::sin;
    Scalar sum = 0.0;
    for (const Edge& e : edges) {
      sum += weight(e.i, e.j) * x[e.i] * x[e.j];
      if (e.coupled) sum += 0.25 * sin(x[e.i] - 0.5 * x[e.j]);
    }
    for (Index v : curved) sum += 0.5 * cosh(0.3 * x[v]);
    return sum;
  }

  // The pattern this objective's Hessian has (exactly, at a generic point).
  SparsityPattern hessian_pattern() const {
    std::vector<std::vector<Index>> rows(static_cast<std::size_t>(n));
    for (const Edge& e : edges) {
      rows[std::size_t(e.i)].push_back(e.j);
      rows[std::size_t(e.j)].push_back(e.i);
      if (e.coupled) {
        rows[std::size_t(e.i)].push_back(e.i);
        rows[std::size_t(e.j)].push_back(e.j);
      }
    }
    for (Index v : curved) rows[std::size_t(v)].push_back(v);
    return SparsityPattern::from_rows(n, std::move(rows));
  }
};

// The exact Hessian of EdgeObjective.
inline Eigen::MatrixXd edge_objective_hessian(const EdgeObjective& f, const Eigen::VectorXd& x) {
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(f.n, f.n);
  for (const EdgeObjective::Edge& e : f.edges) {
    const double w = EdgeObjective::weight(e.i, e.j);
    h(e.i, e.j) += w;
    h(e.j, e.i) += w;
    if (e.coupled) {
      const double s = -0.25 * std::sin(x[e.i] - 0.5 * x[e.j]);  // second derivative of 0.25 sin(u)
      h(e.i, e.i) += s;
      h(e.j, e.j) += 0.25 * s;
      h(e.i, e.j) += -0.5 * s;
      h(e.j, e.i) += -0.5 * s;
    }
  }
  for (Index v : f.curved) h(v, v) += 0.5 * 0.09 * std::cosh(0.3 * x[v]);
  return h;
}

// An objective with the given symmetric pattern: each off-diagonal entry an edge (coupled
// when both ends are on the diagonal of the pattern, so that no diagonal entry is added
// that the pattern lacks), each remaining diagonal entry a curved vertex.
inline EdgeObjective objective_with(const SparsityPattern& symmetric, std::mt19937& rng) {
  EdgeObjective f;
  f.n = symmetric.rows();
  std::bernoulli_distribution coin(0.5);
  std::vector<char> diagonal_done(static_cast<std::size_t>(f.n), 0);
  for (Index i = 0; i < f.n; ++i) {
    for (Index j : symmetric.row(i)) {
      if (j >= i) continue;
      const bool coupled = symmetric.contains(i, i) && symmetric.contains(j, j) && coin(rng);
      f.edges.push_back({i, j, coupled});
      if (coupled) diagonal_done[std::size_t(i)] = diagonal_done[std::size_t(j)] = 1;
    }
  }
  for (Index v = 0; v < f.n; ++v) {
    if (symmetric.contains(v, v) && (!diagonal_done[std::size_t(v)] || coin(rng))) f.curved.push_back(v);
  }
  return f;
}

inline Eigen::VectorXd random_vector(Index n, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(-2.0, 2.0);
  Eigen::VectorXd x(n);
  for (Index i = 0; i < n; ++i) x[i] = dist(rng);
  return x;
}

// Largest |a - b| over the largest |b| (or 1): the relative error of a matrix.
inline double relative_error(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.size() == 0) return 0.0;
  return (a - b).cwiseAbs().maxCoeff() / std::max(1.0, b.cwiseAbs().maxCoeff());
}

}  // namespace slope_test::sparse
