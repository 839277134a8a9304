// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/hessian.hpp: SparseHessian and sparse_hessian against the dense
// slope::hessian (to 1e-12) and the analytic Hessian on banded, arrow, block-diagonal, grid
// and random patterns up to n = 300, against finite differences of the gradient, colour
// counts, the lower triangle, the fixed order of values, threads, and misuse.

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "slope/finite_difference.hpp"
#include "slope/slope.hpp"
#include "slope/sparse/hessian.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"
#include "support/rosenbrock.hpp"

namespace test_sparse_hessian {

using slope::HessianPart;
using slope::SparseHessian;
using slope::SparsityPattern;
using namespace slope_test::sparse;

namespace {

std::vector<SparsityPattern> hessian_patterns(std::mt19937& rng) {
  return {banded(200, 1), banded(150, 2), banded(120, 4), arrow(150, 0), arrow(101, 50), block_diagonal(200, 5),
          block_diagonal(60, 13), grid(12), symmetrized(random_pattern(300, 300, 2, rng), true),
          symmetrized(random_pattern(100, 100, 4, rng), false), banded(1, 0), SparsityPattern(6, 6)};
}

// Gives every vertex colour 0: not a star colouring as soon as there is an edge.
struct OneHessianColor {
  static slope::Coloring all_zero(Index size) { return {std::vector<int>(std::size_t(size), 0), size > 0 ? 1 : 0}; }
  slope::Coloring columns(const SparsityPattern& p) const { return all_zero(p.cols()); }
  slope::Coloring rows(const SparsityPattern& p) const { return all_zero(p.rows()); }
  slope::Coloring star(const SparsityPattern& p) const { return all_zero(p.rows()); }
};

}  // namespace

TEST_CASE("SparseHessian equals the dense and the analytic Hessian", "[sparse][hessian]") {
  std::mt19937 rng(21);
  for (const SparsityPattern& p : hessian_patterns(rng)) {
    INFO(p);
    const EdgeObjective f = objective_with(p, rng);
    const SparseHessian hess(f, random_vector(p.rows(), rng));
    CHECK(hess.pattern() == p);
    CHECK(hess.size() == p.rows());
    CHECK(hess.colors() == slope::star_coloring(p));
    for (int point = 0; point < 3; ++point) {
      const Eigen::VectorXd x = random_vector(p.rows(), rng);
      const Eigen::MatrixXd sparse = Eigen::MatrixXd(hess.matrix(x));
      CHECK(relative_error(sparse, slope::hessian(f, x)) <= 1e-12);
      CHECK(relative_error(sparse, edge_objective_hessian(f, x)) <= 1e-12);
    }
  }
}

TEST_CASE("SparseHessian: colour counts, recordings, the lower triangle", "[sparse][hessian]") {
  std::mt19937 rng(22);
  // a band of half bandwidth b takes 2b + 1 colours at any n
  for (Index b = 0; b <= 4; ++b) {
    for (Index n : {Index(20), Index(250)}) {
      const EdgeObjective f = objective_with(banded(n, b), rng);
      CHECK(SparseHessian(f, random_vector(n, rng)).colors().count == 2 * b + 1);
    }
  }
  CHECK(SparseHessian(objective_with(arrow(80, 40), rng), random_vector(80, rng)).colors().count == 2);
  // extended Rosenbrock: tridiagonal, three colours, exact against its hand-written Hessian
  for (Index n : {2, 3, 10, 101}) {
    INFO("n = " << n);
    const Eigen::VectorXd x0 = random_vector(n, rng);
    const SparseHessian hess(slope_test::rosenbrock, x0);
    CHECK(hess.colors().count == (n <= 3 ? 2 : 3));  // a path of 2 or 3 vertices needs 2
    CHECK(relative_error(Eigen::MatrixXd(hess.matrix(x0)), slope_test::rosenbrock_hessian(x0)) <= 1e-14);
    const SparseHessian lower(slope_test::rosenbrock, x0, HessianPart::lower);
    CHECK(lower.part() == HessianPart::lower);
    CHECK(lower.pattern() == hess.pattern().lower_triangle());
    CHECK(lower.full_pattern() == hess.pattern());
    const Eigen::MatrixXd expected = slope_test::rosenbrock_hessian(x0).triangularView<Eigen::Lower>();
    CHECK(relative_error(Eigen::MatrixXd(lower.matrix(x0)), expected) <= 1e-14);
    CHECK(Eigen::MatrixXd(slope::sparse_hessian(slope_test::rosenbrock, x0, HessianPart::lower)) == Eigen::MatrixXd(lower.matrix(x0)));
  }
}

TEST_CASE("SparseHessian against finite differences of the gradient", "[sparse][hessian]") {
  std::mt19937 rng(23);
  for (const SparsityPattern& p : {banded(12, 2), arrow(10, 3), grid(4), symmetrized(random_pattern(15, 15, 2, rng), true)}) {
    INFO(p);
    const EdgeObjective f = objective_with(p, rng);
    const SparseHessian hess(f, random_vector(p.rows(), rng));
    const auto grad = [&f](const Eigen::VectorXd& v) { return slope::gradient(f, v); };
    for (int point = 0; point < 4; ++point) {
      const Eigen::VectorXd x = random_vector(p.rows(), rng);
      const Eigen::MatrixXd fd = slope::fd::jacobian_of_gradient(grad, x, {.scheme = slope::fd::Scheme::richardson});
      const slope::CheckReport report = slope::compare_derivatives(Eigen::MatrixXd(hess.matrix(x)), fd, {.rel_tol = 1e-8, .abs_tol = 1e-9});
      INFO(report);
      CHECK(report.passed);
    }
  }
}

TEST_CASE("SparseHessian: values, triplets and matrices in one fixed order", "[sparse][hessian]") {
  std::mt19937 rng(24);
  const EdgeObjective f = objective_with(grid(6), rng);
  const SparseHessian hess(f, random_vector(36, rng), HessianPart::lower);
  const Eigen::VectorXd x = random_vector(36, rng);
  const Eigen::VectorXd values = hess.values(x);
  REQUIRE(values.size() == hess.nonZeros());
  const Eigen::SparseMatrix<double> m = hess.matrix(x);
  CHECK(Eigen::Map<const Eigen::VectorXd>(m.valuePtr(), m.nonZeros()) == values);
  const auto triplets = hess.triplets(x);
  const Eigen::MatrixXd dense = slope::hessian(f, x);
  for (std::size_t k = 0; k < triplets.size(); ++k) {
    CHECK(triplets[k].row() == hess.row_indices()[k]);
    CHECK(triplets[k].col() == hess.col_indices()[k]);
    CHECK(triplets[k].row() >= triplets[k].col());
    CHECK(triplets[k].value() == values[Index(k)]);
    CHECK(triplets[k].value() == Approx(dense(triplets[k].row(), triplets[k].col())).epsilon(1e-12).margin(1e-300));
  }
  // into the caller's matrix: its storage is kept once it has the structure
  Eigen::SparseMatrix<double> target;
  hess.matrix(x, target);
  const double* storage = target.valuePtr();
  const Eigen::VectorXd y = random_vector(36, rng);
  hess.matrix(y, target);
  CHECK(target.valuePtr() == storage);
  CHECK(Eigen::Map<const Eigen::VectorXd>(target.valuePtr(), target.nonZeros()) == hess.values(y));
  Eigen::VectorXd into(hess.nonZeros());
  hess.values(y, into);
  CHECK(into == hess.values(y));
}

TEST_CASE("SparseHessian: a given pattern, threads, empty and constant functions", "[sparse][hessian]") {
  std::mt19937 rng(25);
  const SparsityPattern p = symmetrized(random_pattern(60, 60, 2, rng), true);
  const EdgeObjective f = objective_with(p, rng);
  const Eigen::VectorXd x = random_vector(60, rng);
  const SparseHessian detected(f, x);
  const SparseHessian given(f, p);  // no detection
  CHECK(given.pattern() == detected.pattern());
  CHECK(given.values(x) == detected.values(x));
  // evaluations on two threads at once give the serial values bit for bit
  const Eigen::VectorXd x2 = random_vector(60, rng);
  const Eigen::VectorXd serial1 = detected.values(x);
  const Eigen::VectorXd serial2 = detected.values(x2);
  Eigen::VectorXd threaded1;
  Eigen::VectorXd threaded2;
  std::thread worker([&] { threaded1 = detected.values(x); });
  threaded2 = detected.values(x2);
  worker.join();
  CHECK(threaded1 == serial1);
  CHECK(threaded2 == serial2);
  // n = 0, and a function whose Hessian is zero
  const EdgeObjective none{};
  CHECK(SparseHessian(none, Eigen::VectorXd(0)).matrix(Eigen::VectorXd(0)).size() == 0);
  EdgeObjective linear;
  linear.n = 4;
  const SparseHessian zero(linear, random_vector(4, rng));
  CHECK(zero.nonZeros() == 0);
  CHECK(zero.colors().count == 1);  // every vertex has a colour, though no entry needs one
  CHECK(zero.matrix(random_vector(4, rng)).rows() == 4);
}

TEST_CASE("SparseHessian: misuse", "[sparse][hessian]") {
  std::mt19937 rng(26);
  const EdgeObjective f = objective_with(banded(10, 1), rng);
  const SparseHessian hess(f, random_vector(10, rng));
  CHECK_THROWS_WITH(hess.values(random_vector(9, rng)), slope_test::Contains("slope::SparseHessian"));
  Eigen::VectorXd wrong(3);
  CHECK_THROWS_AS(hess.values(random_vector(10, rng), wrong), std::invalid_argument);
  CHECK_THROWS_WITH(SparseHessian(f, SparsityPattern::from_rows(10, {{1}})), slope_test::Contains("symmetric"));
  // a colouring that is not a star colouring cannot give the entries directly
  CHECK_THROWS_WITH(SparseHessian(f, random_vector(10, rng), HessianPart::full, OneHessianColor{}),
                    slope_test::Contains("does not give entry"));
}

}  // namespace test_sparse_hessian
