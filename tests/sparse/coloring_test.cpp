// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/coloring.hpp: column, row and star colourings, checked by brute force (no row
// with two columns of one colour; no two-coloured path on four vertices) on banded, arrow,
// block-diagonal, grid and random patterns, and their colour counts where they are known.

#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "slope/sparse/coloring.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"

namespace test_sparse_coloring {

using slope::ColoringOrder;
using slope::SparsityPattern;
using namespace slope_test::sparse;

namespace {
constexpr ColoringOrder kOrders[] = {ColoringOrder::natural, ColoringOrder::largest_first};
}

TEST_CASE("column and row colourings are valid", "[sparse][coloring]") {
  std::mt19937 rng(11);
  std::vector<SparsityPattern> patterns = {banded(30, 2), arrow(20, 0), arrow(20, 19), block_diagonal(40, 6), grid(5),
                                           SparsityPattern(3, 4), SparsityPattern(0, 0)};
  for (int trial = 0; trial < 60; ++trial) {
    patterns.push_back(random_pattern(1 + trial % 40, 1 + (trial * 7) % 50, 1 + trial % 5, rng));
  }
  for (const SparsityPattern& p : patterns) {
    INFO(p);
    for (ColoringOrder order : kOrders) {
      const slope::Coloring columns = slope::column_coloring(p, order);
      CHECK(is_column_coloring(p, columns));
      const slope::Coloring rows = slope::row_coloring(p, order);
      CHECK(is_column_coloring(p.transpose(), rows));
      // every colour is used, and the groups partition the columns
      std::size_t grouped = 0;
      for (const auto& group : columns.groups()) {
        CHECK_FALSE(group.empty());
        grouped += group.size();
      }
      CHECK(grouped == std::size_t(p.cols()));
    }
  }
}

TEST_CASE("star colourings are valid", "[sparse][coloring]") {
  std::mt19937 rng(12);
  std::vector<SparsityPattern> patterns = {banded(30, 2), arrow(20, 0), arrow(21, 10), block_diagonal(40, 6), grid(8),
                                           banded(5, 0), SparsityPattern(3, 3), SparsityPattern(0, 0)};
  for (int trial = 0; trial < 200; ++trial) {
    const Index n = 1 + trial % 60;
    patterns.push_back(symmetrized(random_pattern(n, n, 1 + trial % 4, rng), trial % 3 != 0));
  }
  for (const SparsityPattern& p : patterns) {
    INFO(p);
    for (ColoringOrder order : kOrders) CHECK(is_star_coloring(p, slope::star_coloring(p, order)));
  }
  CHECK_THROWS_AS(slope::star_coloring(SparsityPattern::from_rows(2, {{1}, {}})), std::invalid_argument);
  CHECK_THROWS_AS(slope::star_coloring(SparsityPattern(2, 3)), std::invalid_argument);
}

TEST_CASE("colour counts: the band width for bands, 2 for an arrow, the block size for blocks", "[sparse][coloring]") {
  for (Index b = 0; b <= 5; ++b) {
    INFO("half bandwidth " << b);
    const SparsityPattern band = banded(50, b);
    CHECK(slope::column_coloring(band).count == 2 * b + 1);
    CHECK(slope::row_coloring(band).count == 2 * b + 1);
    CHECK(slope::star_coloring(band).count == 2 * b + 1);
  }
  for (Index hub : {0, 7, 14}) {
    const SparsityPattern a = arrow(15, hub);
    CHECK(slope::star_coloring(a).count == 2);  // the hub, and every other vertex
    CHECK(slope::column_coloring(a).count == 15);  // the dense row couples every column
  }
  CHECK(slope::star_coloring(block_diagonal(40, 6)).count == 6);
  CHECK(slope::column_coloring(block_diagonal(40, 6)).count == 6);
  CHECK(slope::star_coloring(grid(10)).count == 5);
  CHECK(slope::star_coloring(banded(4, 0)).count == 1);  // no edges: one colour
  CHECK(slope::star_coloring(SparsityPattern(0, 0)).count == 0);
  CHECK(slope::column_coloring(SparsityPattern(2, 0)).count == 0);
}

TEST_CASE("colourings are deterministic, on any thread", "[sparse][coloring]") {
  std::mt19937 rng(13);
  const SparsityPattern p = symmetrized(random_pattern(300, 300, 3, rng), true);
  const slope::Coloring star = slope::star_coloring(p);
  const slope::Coloring columns = slope::column_coloring(p, ColoringOrder::largest_first);
  slope::Coloring star_on_thread;
  slope::Coloring columns_on_thread;
  std::thread worker([&] {
    star_on_thread = slope::star_coloring(p);
    columns_on_thread = slope::column_coloring(p, ColoringOrder::largest_first);
  });
  worker.join();
  CHECK(star_on_thread == star);
  CHECK(columns_on_thread == columns);
  CHECK(slope::GreedyColoring{}.star(p) == star);
  CHECK(slope::GreedyColoring{ColoringOrder::largest_first}.columns(p) == columns);
}

}  // namespace test_sparse_coloring
