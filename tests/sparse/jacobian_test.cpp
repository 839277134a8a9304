// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/jacobian.hpp: SparseJacobian and sparse_jacobian in forward and reverse mode
// against the dense slope::jacobian (to 1e-12) and the analytic Jacobian on banded, arrow,
// block-diagonal, grid and random patterns (square and not) up to a few hundred inputs,
// forward against reverse to round-off, against finite differences, colour counts, the
// automatic choice of mode, the fixed order of values, threads, and misuse.

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "slope/finite_difference.hpp"
#include "slope/slope.hpp"
#include "slope/sparse/jacobian.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"

namespace test_sparse_jacobian {

using slope::JacobianMode;
using slope::SparseJacobian;
using slope::SparsityPattern;
using namespace slope_test::sparse;

namespace {

// The diagonal plus a dense row 0 (dense_row) or a dense column 0.
SparsityPattern diagonal_and_dense(Index n, bool dense_row) {
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    rows[std::size_t(i)].push_back(i);
    if (dense_row) {
      rows[0].push_back(i);
    } else {
      rows[std::size_t(i)].push_back(0);
    }
  }
  return SparsityPattern::from_rows(n, std::move(rows));
}

struct OneColor {
  static slope::Coloring all_zero(Index size) { return {std::vector<int>(std::size_t(size), 0), size > 0 ? 1 : 0}; }
  slope::Coloring columns(const SparsityPattern& p) const { return all_zero(p.cols()); }
  slope::Coloring rows(const SparsityPattern& p) const { return all_zero(p.rows()); }
  slope::Coloring star(const SparsityPattern& p) const { return all_zero(p.rows()); }
};

}  // namespace

TEST_CASE("SparseJacobian equals the dense and the analytic Jacobian, in both modes", "[sparse][jacobian]") {
  std::mt19937 rng(31);
  const std::vector<SparsityPattern> patterns = {banded(200, 1), banded(150, 3), arrow(120, 0), arrow(99, 50),
                                                 block_diagonal(200, 6), grid(11), random_pattern(300, 250, 3, rng),
                                                 random_pattern(80, 300, 6, rng), random_pattern(250, 40, 2, rng),
                                                 diagonal_and_dense(90, true), diagonal_and_dense(90, false),
                                                 SparsityPattern(5, 7), SparsityPattern::from_rows(3, {{}, {1}})};
  for (const SparsityPattern& p : patterns) {
    INFO(p);
    const PatternFunction f{p};
    const Eigen::VectorXd x0 = random_vector(p.cols(), rng);
    const SparseJacobian automatic(f, x0);
    const SparseJacobian forward(f, x0, JacobianMode::forward);
    const SparseJacobian reverse(f, x0, JacobianMode::reverse);
    CHECK(automatic.pattern() == p);
    CHECK(forward.mode() == JacobianMode::forward);
    CHECK(reverse.mode() == JacobianMode::reverse);
    CHECK(forward.colors() == slope::column_coloring(p));
    CHECK(reverse.colors() == slope::row_coloring(p));
    // automatic mode takes reverse mode exactly when it needs fewer colours
    CHECK(automatic.mode() == (reverse.colors().count < forward.colors().count ? JacobianMode::reverse : JacobianMode::forward));
    for (int point = 0; point < 2; ++point) {
      const Eigen::VectorXd x = random_vector(p.cols(), rng);
      const Eigen::MatrixXd dense = slope::jacobian(f, x);
      const Eigen::MatrixXd by_forward = Eigen::MatrixXd(forward.matrix(x));
      const Eigen::MatrixXd by_reverse = Eigen::MatrixXd(reverse.matrix(x));
      CHECK(relative_error(by_forward, dense) <= 1e-12);
      CHECK(relative_error(by_reverse, dense) <= 1e-12);
      CHECK(relative_error(by_forward, by_reverse) <= 1e-14);
      CHECK(relative_error(by_forward, pattern_function_jacobian(f, x)) <= 1e-12);
      CHECK(automatic.values(x) == (automatic.mode() == JacobianMode::forward ? forward.values(x) : reverse.values(x)));
    }
  }
}

TEST_CASE("SparseJacobian: colour counts and the choice of mode", "[sparse][jacobian]") {
  std::mt19937 rng(32);
  for (Index b = 0; b <= 4; ++b) {
    for (Index n : {Index(10), Index(300)}) {
      const PatternFunction f{banded(n, b)};
      const Eigen::VectorXd x = random_vector(n, rng);
      CHECK(SparseJacobian(f, x, JacobianMode::forward).colors().count == 2 * b + 1);
      CHECK(SparseJacobian(f, x, JacobianMode::reverse).colors().count == 2 * b + 1);
      CHECK(SparseJacobian(f, x).mode() == JacobianMode::forward);  // a tie goes to forward mode
    }
  }
  // a dense row needs a colour per column but two row colours: reverse mode; a dense column the opposite
  const PatternFunction dense_row{diagonal_and_dense(50, true)};
  const SparseJacobian by_rows(dense_row, random_vector(50, rng));
  CHECK(by_rows.mode() == JacobianMode::reverse);
  CHECK(by_rows.colors().count == 2);
  const PatternFunction dense_column{diagonal_and_dense(50, false)};
  const SparseJacobian by_columns(dense_column, random_vector(50, rng));
  CHECK(by_columns.mode() == JacobianMode::forward);
  CHECK(by_columns.colors().count == 2);
}

TEST_CASE("SparseJacobian against finite differences", "[sparse][jacobian]") {
  std::mt19937 rng(33);
  for (const SparsityPattern& p : {banded(12, 2), arrow(10, 4), random_pattern(9, 14, 3, rng), random_pattern(15, 6, 2, rng)}) {
    INFO(p);
    const PatternFunction f{p};
    for (JacobianMode mode : {JacobianMode::forward, JacobianMode::reverse}) {
      const SparseJacobian jac(f, random_vector(p.cols(), rng), mode);
      for (int point = 0; point < 3; ++point) {
        const Eigen::VectorXd x = random_vector(p.cols(), rng);
        const Eigen::MatrixXd fd = slope::fd::jacobian(f, x, {.scheme = slope::fd::Scheme::richardson});
        const slope::CheckReport report = slope::compare_derivatives(Eigen::MatrixXd(jac.matrix(x)), fd, {.rel_tol = 1e-9, .abs_tol = 1e-10});
        INFO(report);
        CHECK(report.passed);
      }
    }
  }
}

TEST_CASE("SparseJacobian: values, triplets and matrices in one fixed order, and threads", "[sparse][jacobian]") {
  std::mt19937 rng(34);
  const PatternFunction f{random_pattern(40, 30, 3, rng)};
  for (JacobianMode mode : {JacobianMode::forward, JacobianMode::reverse}) {
    const SparseJacobian jac(f, random_vector(30, rng), mode);
    CHECK(jac.rows() == 40);
    CHECK(jac.cols() == 30);
    const Eigen::VectorXd x = random_vector(30, rng);
    const Eigen::VectorXd values = jac.values(x);
    const Eigen::SparseMatrix<double> m = jac.matrix(x);
    CHECK(Eigen::Map<const Eigen::VectorXd>(m.valuePtr(), m.nonZeros()) == values);
    const auto triplets = jac.triplets(x);
    REQUIRE(Index(triplets.size()) == jac.nonZeros());
    for (std::size_t k = 0; k < triplets.size(); ++k) {
      CHECK(triplets[k].row() == jac.row_indices()[k]);
      CHECK(triplets[k].col() == jac.col_indices()[k]);
      CHECK(triplets[k].value() == values[Index(k)]);
      if (k > 0) {  // column by column, rows ascending
        CHECK((jac.col_indices()[k] > jac.col_indices()[k - 1] ||
               (jac.col_indices()[k] == jac.col_indices()[k - 1] && jac.row_indices()[k] > jac.row_indices()[k - 1])));
      }
    }
    Eigen::SparseMatrix<double> target = m;
    const double* storage = target.valuePtr();
    const Eigen::VectorXd y = random_vector(30, rng);
    jac.matrix(y, target);
    CHECK(target.valuePtr() == storage);
    CHECK(Eigen::MatrixXd(target) == Eigen::MatrixXd(jac.matrix(y)));
    // two threads at once give the serial values bit for bit
    Eigen::VectorXd threaded_x;
    Eigen::VectorXd threaded_y;
    std::thread worker([&] { threaded_x = jac.values(x); });
    threaded_y = jac.values(y);
    worker.join();
    CHECK(threaded_x == values);
    CHECK(threaded_y == jac.values(y));
    // a given pattern skips the detection and gives the same values
    CHECK(SparseJacobian(f, f.pattern, mode).values(x) == values);
  }
  CHECK(Eigen::MatrixXd(slope::sparse_jacobian(f, random_vector(30, rng))).rows() == 40);
}

TEST_CASE("SparseJacobian: misuse", "[sparse][jacobian]") {
  std::mt19937 rng(35);
  const PatternFunction f{banded(8, 1)};
  const SparseJacobian jac(f, random_vector(8, rng));
  CHECK_THROWS_WITH(jac.values(random_vector(7, rng)), slope_test::Contains("slope::SparseJacobian"));
  Eigen::VectorXd wrong(2);
  CHECK_THROWS_AS(jac.values(random_vector(8, rng), wrong), std::invalid_argument);
  // a pattern with another number of rows than F has outputs
  for (JacobianMode mode : {JacobianMode::forward, JacobianMode::reverse}) {
    const SparseJacobian mismatched(f, banded(9, 1).transpose(), mode);
    CHECK(mismatched.rows() == 9);
    CHECK_THROWS_WITH(mismatched.values(random_vector(9, rng)), slope_test::Contains("number of outputs"));
  }
  // colourings that put two entries of one row (or column) in one group are refused
  CHECK_THROWS_WITH(SparseJacobian(f, random_vector(8, rng), JacobianMode::forward, OneColor{}),
                    slope_test::Contains("two columns of one row"));
  CHECK_THROWS_WITH(SparseJacobian(f, random_vector(8, rng), JacobianMode::reverse, OneColor{}),
                    slope_test::Contains("two rows of one column"));
}

}  // namespace test_sparse_jacobian
