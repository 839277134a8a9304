// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Graph colourings that compress a sparse Jacobian or Hessian into a few dense columns.
//
// Column colouring (Jacobian by forward passes): columns that share no row get the same
// colour; then J S, S the n x p matrix whose column c is the indicator of colour c, holds
// every J(i, j) alone in row i, column colour(j): p forward passes instead of n. Row
// colouring is the same for the transpose (reverse sweeps seeded with row groups).
// Star colouring (Hessian by forward over reverse): a distance-1 colouring of the adjacency
// graph of a symmetric pattern in which every path on four vertices uses at least three
// colours (every two-coloured subgraph is a collection of stars). Then H(i, j) can be read
// directly from H S: it is (H S)(i, colour(j)) when j is the only vertex of its colour in row
// i, else (H S)(j, colour(i)), and one of the two always holds. A banded pattern of half
// bandwidth b gets 2b + 1 colours either way, an arrow (one dense row and column) 2 star
// colours.
//
// The algorithms are the greedy ones of Gebremedhin, Manne and Pothen, "What color is your
// Jacobian?" (SIAM Review 47, 2005), and Gebremedhin, Tarafdar, Manne and Pothen, "New
// acyclic and star coloring algorithms with application to computing Hessians" (SIAM J. Sci.
// Comput. 29, 2007, Algorithm 4.1: stars kept as they form, each with its hub), as ColPack
// implements them; they are written here rather than taken from ColPack (see
// sparse/colpack.hpp for using ColPack instead, and why it is not the default). Costs: column
// colouring sum_j sum_{i in column j} |row i|, star colouring sum_v sum_{w adjacent to v}
// deg(w): linear in n for banded and stencil patterns, n^2 for a dense row. Deterministic.
//
//     slope::Coloring c = slope::star_coloring(slope::hessian_pattern(f, x));
//     c.count;        // number of colours: forward-over-reverse directions for the Hessian
//     c.colors[j];    // colour of column j, in [0, count)

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <numeric>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/sparse/pattern.hpp"

namespace slope {

// A colouring of the columns (or rows, or vertices) of a pattern: colors[j] in [0, count).
struct Coloring {
  std::vector<int> colors;
  int count = 0;

  // The indices of each colour, ascending.
  std::vector<std::vector<Eigen::Index>> groups() const {
    std::vector<std::vector<Eigen::Index>> result(static_cast<std::size_t>(count));
    for (std::size_t j = 0; j < colors.size(); ++j) result[std::size_t(colors[j])].push_back(Eigen::Index(j));
    return result;
  }
  friend bool operator==(const Coloring&, const Coloring&) = default;
};

// The order in which the greedy algorithms colour: index order, or by decreasing degree
// (ties in index order), which often needs fewer colours on irregular patterns.
enum class ColoringOrder { natural, largest_first };

namespace detail {

inline std::vector<Eigen::Index> coloring_order(const SparsityPattern& adjacency, ColoringOrder order) {
  std::vector<Eigen::Index> vertices(static_cast<std::size_t>(adjacency.rows()));
  std::iota(vertices.begin(), vertices.end(), Eigen::Index(0));
  if (order == ColoringOrder::largest_first) {
    std::stable_sort(vertices.begin(), vertices.end(), [&](Eigen::Index a, Eigen::Index b) {
      return adjacency.row(a).size() > adjacency.row(b).size();
    });
  }
  return vertices;
}

// The smallest colour not marked forbidden for `vertex`.
inline int smallest_allowed(const std::vector<Eigen::Index>& forbidden, Eigen::Index vertex) {
  int c = 0;
  while (forbidden[std::size_t(c)] == vertex) ++c;
  return c;
}

}  // namespace detail

// Columns j and k get different colours whenever some row has entries in both.
inline Coloring column_coloring(const SparsityPattern& pattern, ColoringOrder order = ColoringOrder::natural) {
  const SparsityPattern columns = pattern.transpose();  // row j: the rows of column j
  const std::size_t n = std::size_t(pattern.cols());
  Coloring result{std::vector<int>(n, -1), 0};
  // forbidden[c] == j: colour c is taken by a column sharing a row with column j.
  std::vector<Eigen::Index> forbidden(n + 1, -1);
  for (Eigen::Index j : detail::coloring_order(columns, order)) {
    for (Eigen::Index i : columns.row(j)) {
      for (Eigen::Index k : pattern.row(i)) {
        if (result.colors[std::size_t(k)] >= 0) forbidden[std::size_t(result.colors[std::size_t(k)])] = j;
      }
    }
    const int c = detail::smallest_allowed(forbidden, j);
    result.colors[std::size_t(j)] = c;
    result.count = std::max(result.count, c + 1);
  }
  return result;
}

// Rows i and k get different colours whenever some column has entries in both.
inline Coloring row_coloring(const SparsityPattern& pattern, ColoringOrder order = ColoringOrder::natural) {
  return column_coloring(pattern.transpose(), order);
}

// A star colouring of the adjacency graph of a symmetric pattern (the diagonal is ignored).
inline Coloring star_coloring(const SparsityPattern& pattern, ColoringOrder order = ColoringOrder::natural) {
  using Vertex = Eigen::Index;
  check_argument(pattern.is_symmetric(), "slope::star_coloring: the pattern must be square and symmetric");
  const std::size_t n = std::size_t(pattern.rows());
  const std::vector<Vertex>& starts = pattern.row_starts();
  const std::vector<Vertex>& adjacent = pattern.columns();
  std::vector<int> color(n, -1);
  std::vector<Vertex> forbidden(n + 1, -1);
  // first_neighbor[c]: (v, position of w in row v) for the first neighbour w of colour c seen
  // while colouring v.
  std::vector<std::pair<Vertex, Vertex>> first_neighbor(n + 1, {-1, -1});
  std::vector<Vertex> treated(n, -1);
  // The two-coloured stars: star[p] for the edge at position p of the pattern (both
  // directions of an edge hold the same star), hub[s] its centre, -1 while it is one edge.
  std::vector<Vertex> star(adjacent.size(), -1);
  std::vector<Vertex> hub;

  const auto colored = [&](Vertex v) { return color[std::size_t(v)] >= 0; };
  const auto color_of = [&](Vertex v) { return std::size_t(color[std::size_t(v)]); };
  // Forbids the colours of the coloured neighbours of w (other than v): v must not close a
  // two-coloured path through a vertex w whose colour v already meets twice.
  const auto treat = [&](Vertex v, Vertex w) {
    for (Vertex p = starts[std::size_t(w)]; p < starts[std::size_t(w) + 1]; ++p) {
      const Vertex x = adjacent[std::size_t(p)];
      if (x != w && x != v && colored(x)) forbidden[color_of(x)] = v;
    }
    treated[std::size_t(w)] = v;
  };
  const auto set_star = [&](Vertex p_vw, Vertex v, Vertex w, Vertex s) {
    star[std::size_t(p_vw)] = s;
    star[std::size_t(pattern.position(w, v))] = s;
  };

  for (Vertex v : detail::coloring_order(pattern, order)) {
    const Vertex begin = starts[std::size_t(v)];
    const Vertex end = starts[std::size_t(v) + 1];
    for (Vertex p = begin; p < end; ++p) {
      const Vertex w = adjacent[std::size_t(p)];
      if (w != v && colored(w)) forbidden[color_of(w)] = v;
    }
    for (Vertex p = begin; p < end; ++p) {
      const Vertex w = adjacent[std::size_t(p)];
      if (w == v || !colored(w)) continue;
      auto& [seen_by, first] = first_neighbor[color_of(w)];
      if (seen_by == v) {  // a second neighbour of this colour: v becomes the hub of their star
        const Vertex q = adjacent[std::size_t(first)];
        if (treated[std::size_t(q)] != v) treat(v, q);
        treat(v, w);
      } else {
        seen_by = v;
        first = p;
        // v may join the star of edge (w, x) as a leaf of w, not when its hub is x.
        for (Vertex r = starts[std::size_t(w)]; r < starts[std::size_t(w) + 1]; ++r) {
          const Vertex x = adjacent[std::size_t(r)];
          if (x != w && x != v && colored(x) && hub[std::size_t(star[std::size_t(r)])] == x) forbidden[color_of(x)] = v;
        }
      }
    }
    color[std::size_t(v)] = detail::smallest_allowed(forbidden, v);

    // Place the new edges (v, w) in their stars.
    for (Vertex p = begin; p < end; ++p) {
      const Vertex w = adjacent[std::size_t(p)];
      if (w == v || !colored(w)) continue;
      Vertex joined = -1;
      for (Vertex r = starts[std::size_t(w)]; r < starts[std::size_t(w) + 1]; ++r) {
        const Vertex x = adjacent[std::size_t(r)];
        if (x != v && x != w && color[std::size_t(x)] == color[std::size_t(v)]) {
          joined = star[std::size_t(r)];  // v and x are leaves of w
          hub[std::size_t(joined)] = w;
          break;
        }
      }
      if (joined < 0) {
        const auto [seen_by, first] = first_neighbor[color_of(w)];
        if (seen_by == v && adjacent[std::size_t(first)] != w) {  // w and the first are leaves of v
          joined = star[std::size_t(first)];
          hub[std::size_t(joined)] = v;
        } else {
          joined = static_cast<Vertex>(hub.size());
          hub.push_back(-1);
        }
      }
      set_star(p, v, w, joined);
    }
  }
  Coloring result{std::move(color), 0};
  for (int c : result.colors) result.count = std::max(result.count, c + 1);
  return result;
}

// How the sparse drivers colour: columns or rows of a Jacobian pattern, and a symmetric
// Hessian pattern (a star colouring).
template <class M>
concept ColoringMethod = requires(const M& method, const SparsityPattern& pattern) {
  { method.columns(pattern) } -> std::same_as<Coloring>;
  { method.rows(pattern) } -> std::same_as<Coloring>;
  { method.star(pattern) } -> std::same_as<Coloring>;
};

// slope's own greedy colourings (above): the default of the sparse drivers.
struct GreedyColoring {
  ColoringOrder order = ColoringOrder::natural;
  Coloring columns(const SparsityPattern& pattern) const { return column_coloring(pattern, order); }
  Coloring rows(const SparsityPattern& pattern) const { return row_coloring(pattern, order); }
  Coloring star(const SparsityPattern& pattern) const { return star_coloring(pattern, order); }
};

}  // namespace slope
