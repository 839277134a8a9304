// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// ColPack's colourings for the sparse drivers (https://github.com/CSCsw/ColPack, Debian
// libcolpack-dev; a compiled library: link with -lColPack, or the CMake target
// slope::colpack). Pass ColPackColoring{} where a sparse driver takes a ColoringMethod:
//
//     #include "slope/sparse/colpack.hpp"
//     slope::SparseHessian hess(f, x0, slope::HessianPart::full, slope::ColPackColoring{"SMALLEST_LAST"});
//
// Available when <ColPack/ColPackHeaders.h> is found (SLOPE_HAVE_COLPACK is then 1; define it
// to 0 to leave ColPack out); using ColPackColoring without it fails to compile with a
// sentence that says so. ColPack offers more vertex orderings than slope's own colourings
// (sparse/coloring.hpp: natural and largest-first), which are otherwise the same greedy
// algorithms and are the default, for three reasons measured on Debian's ColPack 1.0.10:
//   - its headers bring `using namespace std;` at global scope, `enum boolean {FALSE, TRUE}`
//     and about 110 macros (DOT, TWOPI = 3, FILE_H, HEADER_H, _TRUE, ...) into every file
//     that includes them, which a header-only library would impose on all its users; this
//     header is therefore separate from slope/sparse.hpp: include it only where it is used;
//   - Debian builds it with OpenMP, and its documented Jacobian colouring
//     (PartialDistanceTwoColoring) then runs a parallel algorithm whose result changes from
//     run to run (38 or 39 colours on the same 20000-column pattern, two threads); here the
//     serial variants are called, so results are deterministic;
//   - every user of the sparse drivers would have to link a compiled library (and libgomp).
//   - with its LARGEST_FIRST ordering, its Jacobian (bipartite) colourings read and write
//     out of bounds and leave vertices uncoloured (valgrind); ColPackColoring refuses that
//     ordering for Jacobians, and checks that ColPack coloured every vertex.
// Orderings (ColPack's names): "NATURAL", "SMALLEST_LAST", "INCIDENCE_DEGREE", "RANDOM" (not
// reproducible), and for Hessians (star colouring) also "LARGEST_FIRST",
// "DYNAMIC_LARGEST_FIRST", "DISTANCE_TWO_SMALLEST_LAST" and ColPack's other distance-two orderings.

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "slope/sparse/coloring.hpp"
#include "slope/sparse/pattern.hpp"

#ifndef SLOPE_HAVE_COLPACK
#if __has_include(<ColPack/ColPackHeaders.h>)
#define SLOPE_HAVE_COLPACK 1
#else
#define SLOPE_HAVE_COLPACK 0
#endif
#endif

#if SLOPE_HAVE_COLPACK
// ColPack declares `enum boolean {FALSE, TRUE}`: a TRUE or FALSE macro of another library
// would break it. Its headers are not written for our warning flags either.
#pragma push_macro("TRUE")
#pragma push_macro("FALSE")
#undef TRUE
#undef FALSE
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#endif
#include <ColPack/ColPackHeaders.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#pragma pop_macro("FALSE")
#pragma pop_macro("TRUE")
#endif

namespace slope {

namespace detail {
template <class>
inline constexpr bool kColPackDependentFalse = false;

#if SLOPE_HAVE_COLPACK
// A pattern in the row-compressed form ColPack reads from ADOL-C: row i is an array whose
// first entry is its length, followed by its column indices.
class ColPackRows {
 public:
  explicit ColPackRows(const SparsityPattern& pattern) {
    storage_.reserve(static_cast<std::size_t>(pattern.rows() + pattern.nonZeros()));
    std::vector<std::size_t> starts;
    for (Eigen::Index i = 0; i < pattern.rows(); ++i) {
      starts.push_back(storage_.size());
      storage_.push_back(static_cast<unsigned>(pattern.row(i).size()));
      for (Eigen::Index j : pattern.row(i)) storage_.push_back(static_cast<unsigned>(j));
    }
    for (std::size_t start : starts) rows_.push_back(storage_.data() + start);
  }
  unsigned** data() { return rows_.data(); }

 private:
  std::vector<unsigned> storage_;
  std::vector<unsigned*> rows_;
};

// ColPack's colours as a Coloring, checked: one colour, at least 0, per vertex.
inline Coloring from_colpack(std::vector<int> colors, Eigen::Index vertices) {
  if (std::ssize(colors) != vertices || std::any_of(colors.begin(), colors.end(), [](int c) { return c < 0; })) {
    throw std::runtime_error("slope::ColPackColoring: ColPack left a vertex uncolored");
  }
  Coloring result{std::move(colors), 0};
  for (int c : result.colors) result.count = std::max(result.count, c + 1);
  return result;
}
#endif
}  // namespace detail

// ColPack's greedy colourings with one of its vertex orderings; a ColoringMethod.
struct ColPackColoring {
  std::string ordering = "NATURAL";

  // Partial distance-2 colouring of the columns (serial).
  template <class Pattern = SparsityPattern>
  Coloring columns(const Pattern& pattern) const {
    return partial_distance_two(pattern, "COLUMN_PARTIAL_DISTANCE_TWO");
  }
  // Partial distance-2 colouring of the rows: of the columns of the transpose (the same
  // colouring; one ColPack routine to rely on).
  template <class Pattern = SparsityPattern>
  Coloring rows(const Pattern& pattern) const {
    return partial_distance_two(pattern.transpose(), "COLUMN_PARTIAL_DISTANCE_TWO");
  }
  // Star colouring of a symmetric pattern (ColPack's "STAR").
  template <class Pattern = SparsityPattern>
  Coloring star(const Pattern& pattern) const {
#if SLOPE_HAVE_COLPACK
    check_argument(pattern.is_symmetric(), "slope::ColPackColoring::star: the pattern must be square and symmetric");
    if (pattern.rows() == 0) return {};
    detail::ColPackRows rows(pattern);
    ColPack::GraphColoringInterface graph(SRC_MEM_ADOLC, rows.data(), static_cast<int>(pattern.rows()));
    graph.Coloring(ordering, "STAR");
    std::vector<int> colors;
    graph.GetVertexColors(colors);
    return detail::from_colpack(std::move(colors), pattern.rows());
#else
    return missing<Pattern>();
#endif
  }

 private:
  template <class Pattern>
  static Coloring missing() {
    static_assert(detail::kColPackDependentFalse<Pattern>,
                  "slope::ColPackColoring needs ColPack, and <ColPack/ColPackHeaders.h> was not found: install it "
                  "(Debian: libcolpack-dev) and link with -lColPack (CMake: slope::colpack), or use slope's own "
                  "slope::GreedyColoring");
    return {};
  }
  template <class Pattern>
  Coloring partial_distance_two(const Pattern& pattern, const std::string& variant) const {
#if SLOPE_HAVE_COLPACK
    check_argument(ordering != "LARGEST_FIRST",
                   "slope::ColPackColoring: ColPack's LARGEST_FIRST ordering of a Jacobian's rows or columns "
                   "reads and writes out of bounds (ColPack 1.0.10, found with valgrind); choose another ordering, "
                   "or slope::GreedyColoring{slope::ColoringOrder::largest_first}");
    if (pattern.rows() == 0 || pattern.cols() == 0) {  // ColPack needs a nonempty graph
      return {std::vector<int>(std::size_t(pattern.cols()), 0), pattern.cols() > 0 ? 1 : 0};
    }
    detail::ColPackRows rows(pattern);
    ColPack::BipartiteGraphPartialColoringInterface graph(SRC_MEM_ADOLC, rows.data(), static_cast<int>(pattern.rows()),
                                                          static_cast<int>(pattern.cols()));
    graph.OrderVertices(ordering, variant);
    graph.PartialDistanceTwoColumnColoring_serial();
    std::vector<int> colors;
    graph.GetRightVertexColors(colors);
    return detail::from_colpack(std::move(colors), pattern.cols());
#else
    (void)variant;
    return missing<Pattern>();
#endif
  }
};

}  // namespace slope
