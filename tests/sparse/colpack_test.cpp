// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/colpack.hpp: ColPack's colourings through ColPackColoring. With the NATURAL
// ordering they are exactly slope's own (the same greedy algorithms), which checks slope's
// colourings against ColPack; the other orderings give valid colourings, deterministic from
// run to run (LARGEST_FIRST is refused for Jacobians: ColPack 1.0.10 corrupts memory there);
// the drivers work with them. Compiled where the build links ColPack: the CMake
// target slope::colpack defines SLOPE_HAVE_COLPACK=1 (a header found without the library
// would not link).

#if defined(SLOPE_HAVE_COLPACK) && SLOPE_HAVE_COLPACK

// Another library's TRUE and FALSE macros must survive ColPack's `enum boolean {FALSE, TRUE}`.
#define TRUE 1
#define FALSE 0
#include "slope/sparse/colpack.hpp"
static_assert(TRUE == 1 && FALSE == 0, "slope/sparse/colpack.hpp must restore TRUE and FALSE");
#undef TRUE
#undef FALSE

#include <random>
#include <string>
#include <vector>

#include "slope/slope.hpp"
#include "slope/sparse/hessian.hpp"
#include "slope/sparse/jacobian.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"

namespace test_sparse_colpack {

using slope::ColPackColoring;
using slope::SparsityPattern;
using namespace slope_test::sparse;

TEST_CASE("ColPack with the natural ordering colours exactly as slope does", "[sparse][colpack]") {
  std::mt19937 rng(41);
  std::vector<SparsityPattern> symmetric = {banded(60, 1), banded(40, 3), arrow(30, 0), arrow(31, 15), grid(9),
                                            block_diagonal(50, 7)};
  for (int trial = 0; trial < 100; ++trial) {
    const Index n = 2 + trial % 70;
    symmetric.push_back(symmetrized(random_pattern(n, n, 1 + trial % 4, rng), trial % 2 == 0));
  }
  for (const SparsityPattern& p : symmetric) {
    INFO(p);
    CHECK(ColPackColoring{}.star(p) == slope::star_coloring(p));
    CHECK(ColPackColoring{}.columns(p) == slope::column_coloring(p));
    CHECK(ColPackColoring{}.rows(p) == slope::row_coloring(p));
  }
  for (int trial = 0; trial < 50; ++trial) {
    const SparsityPattern p = random_pattern(1 + trial % 40, 1 + (trial * 3) % 50, 1 + trial % 5, rng);
    CHECK(ColPackColoring{}.columns(p) == slope::column_coloring(p));
    CHECK(ColPackColoring{}.rows(p) == slope::row_coloring(p));
  }
}

TEST_CASE("ColPack's other orderings give valid, reproducible colourings", "[sparse][colpack]") {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 40; ++trial) {
    const Index n = 2 + trial % 50;
    const SparsityPattern symmetric = symmetrized(random_pattern(n, n, 1 + trial % 3, rng), true);
    const SparsityPattern general = random_pattern(n, 1 + (trial * 7) % 40, 1 + trial % 4, rng);
    for (const std::string ordering : {"SMALLEST_LAST", "INCIDENCE_DEGREE"}) {
      INFO(ordering);
      const ColPackColoring colpack{ordering};
      const slope::Coloring star = colpack.star(symmetric);
      CHECK(is_star_coloring(symmetric, star));
      CHECK(colpack.star(symmetric) == star);
      const slope::Coloring columns = colpack.columns(general);
      CHECK(is_column_coloring(general, columns));
      CHECK(colpack.columns(general) == columns);
      CHECK(is_column_coloring(general.transpose(), colpack.rows(general)));
    }
    for (const std::string ordering : {"LARGEST_FIRST", "DYNAMIC_LARGEST_FIRST", "DISTANCE_TWO_SMALLEST_LAST"}) {
      CHECK(is_star_coloring(symmetric, ColPackColoring{ordering}.star(symmetric)));
    }
    // ColPack's LARGEST_FIRST Jacobian colourings corrupt memory: refused
    CHECK_THROWS_WITH(ColPackColoring{"LARGEST_FIRST"}.columns(general), slope_test::Contains("out of bounds"));
    CHECK_THROWS_WITH(ColPackColoring{"LARGEST_FIRST"}.rows(general), slope_test::Contains("out of bounds"));
  }
  CHECK(ColPackColoring{}.star(SparsityPattern(0, 0)).count == 0);
  CHECK(ColPackColoring{}.columns(SparsityPattern(0, 3)).count == 1);
  CHECK(ColPackColoring{}.rows(SparsityPattern(0, 3)).count == 0);
}

TEST_CASE("the sparse drivers with ColPack's colourings", "[sparse][colpack]") {
  std::mt19937 rng(43);
  const SparsityPattern p = symmetrized(random_pattern(120, 120, 3, rng), true);
  const EdgeObjective f = objective_with(p, rng);
  const slope::SparseHessian hess(f, random_vector(120, rng), slope::HessianPart::lower, ColPackColoring{"SMALLEST_LAST"});
  const PatternFunction g{random_pattern(90, 120, 3, rng)};
  const slope::SparseJacobian jac(g, random_vector(120, rng), slope::JacobianMode::automatic, ColPackColoring{"SMALLEST_LAST"});
  for (int point = 0; point < 3; ++point) {
    const Eigen::VectorXd x = random_vector(120, rng);
    const Eigen::MatrixXd lower = slope::hessian(f, x).triangularView<Eigen::Lower>();
    CHECK(relative_error(Eigen::MatrixXd(hess.matrix(x)), lower) <= 1e-12);
    CHECK(relative_error(Eigen::MatrixXd(jac.matrix(x)), slope::jacobian(g, x)) <= 1e-12);
  }
}

}  // namespace test_sparse_colpack

#endif
