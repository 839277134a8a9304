// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/pattern.hpp: SparsityPattern (rows of sorted column indices) and the
// column-major layout in which the sparse drivers return values.

#include <Eigen/SparseCore>

#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "slope/sparse/pattern.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"

namespace test_sparse_pattern {

using slope::SparsityPattern;
using slope_test::sparse::Index;

TEST_CASE("SparsityPattern from rows: sorted, distinct, checked", "[sparse]") {
  const SparsityPattern p = SparsityPattern::from_rows(4, {{3, 1, 1}, {}, {0, 2, 0}});
  CHECK(p.rows() == 3);
  CHECK(p.cols() == 4);
  CHECK(p.nonZeros() == 4);
  CHECK(std::vector<Index>(p.row(0).begin(), p.row(0).end()) == std::vector<Index>{1, 3});
  CHECK(p.row(1).empty());
  CHECK(std::vector<Index>(p.row(2).begin(), p.row(2).end()) == std::vector<Index>{0, 2});
  CHECK(p.row_starts() == std::vector<Index>{0, 2, 2, 4});
  CHECK(p.contains(0, 3));
  CHECK_FALSE(p.contains(0, 2));
  CHECK_FALSE(p.contains(5, 0));
  CHECK(p.position(2, 2) == 3);
  CHECK(p.position(1, 0) == -1);
  CHECK_THROWS_AS(SparsityPattern::from_rows(2, {{0, 2}}), std::invalid_argument);
  CHECK_THROWS_AS(SparsityPattern::from_rows(2, {{-1}}), std::invalid_argument);
  CHECK_THROWS_AS(SparsityPattern(-1, 2), std::invalid_argument);
  const SparsityPattern empty;
  CHECK(empty.rows() == 0);
  CHECK(empty.nonZeros() == 0);
  CHECK(empty.is_symmetric());
}

TEST_CASE("SparsityPattern transpose, symmetry, lower triangle, Eigen round trip", "[sparse]") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const Index rows = 1 + trial % 7;
    const Index cols = 1 + (trial * 3) % 5;
    const SparsityPattern p = slope_test::sparse::random_pattern(rows, cols, 3, rng);
    const SparsityPattern t = p.transpose();
    CHECK(t.rows() == cols);
    CHECK(t.nonZeros() == p.nonZeros());
    for (Index i = 0; i < rows; ++i) {
      for (Index j = 0; j < cols; ++j) CHECK(p.contains(i, j) == t.contains(j, i));
    }
    CHECK(t.transpose() == p);
    // to_matrix and of() are inverse to each other
    const Eigen::SparseMatrix<double> ones = p.to_matrix();
    CHECK(ones.nonZeros() == p.nonZeros());
    CHECK(SparsityPattern::of(ones) == p);
    const SparsityPattern s = slope_test::sparse::symmetrized(slope_test::sparse::random_pattern(rows, rows, 2, rng), trial % 2 == 0);
    CHECK(s.is_symmetric());
    const SparsityPattern lower = s.lower_triangle();
    for (Index i = 0; i < rows; ++i) {
      for (Index j = 0; j < rows; ++j) CHECK(lower.contains(i, j) == (s.contains(i, j) && j <= i));
    }
  }
  CHECK_FALSE(SparsityPattern::from_rows(2, {{1}, {}}).is_symmetric());
  CHECK_FALSE(SparsityPattern::from_rows(3, {{0}, {1}}).is_symmetric());  // not square
  // explicit zeros of an Eigen matrix count as entries
  Eigen::SparseMatrix<double> m(2, 2);
  m.insert(0, 1) = 0.0;
  m.insert(1, 0) = 2.0;
  CHECK(SparsityPattern::of(m) == SparsityPattern::from_rows(2, {{1}, {0}}));
}

TEST_CASE("SparsityPattern prints small patterns as a grid", "[sparse]") {
  std::ostringstream small;
  small << SparsityPattern::from_rows(3, {{0, 2}, {1}});
  CHECK(small.str() == "2 x 3 pattern, 3 entries\nx.x\n.x.");
  std::ostringstream large;
  large << slope_test::sparse::banded(100, 1);
  CHECK(large.str() == "100 x 100 pattern, 298 entries");
}

TEST_CASE("column-major layout: Eigen's order, filled in place", "[sparse]") {
  const SparsityPattern p = SparsityPattern::from_rows(3, {{0, 2}, {1}, {0, 1, 2}});
  const slope::detail::ColumnMajorLayout layout(p);
  // column 0: rows 0, 2; column 1: rows 1, 2; column 2: rows 0, 2
  CHECK(layout.rows() == std::vector<Index>{0, 2, 1, 2, 0, 2});
  CHECK(layout.cols() == std::vector<Index>{0, 0, 1, 1, 2, 2});
  const Eigen::VectorXd values = Eigen::VectorXd::LinSpaced(6, 1.0, 6.0);
  const Eigen::SparseMatrix<double> m = layout.matrix(values);
  for (std::size_t k = 0; k < 6; ++k) CHECK(m.coeff(layout.rows()[k], layout.cols()[k]) == values[Index(k)]);
  CHECK(m.nonZeros() == 6);
  CHECK(Eigen::Map<const Eigen::VectorXd>(m.valuePtr(), 6) == values);
  const auto triplets = layout.triplets(values);
  REQUIRE(triplets.size() == 6);
  for (std::size_t k = 0; k < 6; ++k) {
    CHECK(triplets[k].row() == layout.rows()[k]);
    CHECK(triplets[k].col() == layout.cols()[k]);
    CHECK(triplets[k].value() == values[Index(k)]);
  }
  // A matrix with this structure is refilled in place (same storage); another is replaced.
  Eigen::SparseMatrix<double> target = m;
  const double* storage = target.valuePtr();
  layout.fill(2.0 * values, target);
  CHECK(target.valuePtr() == storage);
  CHECK(Eigen::MatrixXd(target) == 2.0 * Eigen::MatrixXd(m));
  Eigen::SparseMatrix<double> other(3, 3);
  other.insert(1, 1) = 5.0;
  layout.fill(values, other);
  CHECK(Eigen::MatrixXd(other) == Eigen::MatrixXd(m));
}

}  // namespace test_sparse_pattern
