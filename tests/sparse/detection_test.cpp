// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope/sparse/detection.hpp: jacobian_pattern and hessian_pattern. Exact on functions whose
// pattern is known (banded, arrow, block-diagonal, grid, random), the pattern of the branch
// taken at the point where the body branches on values, conservative for dead code.

#include <Eigen/Core>

#include <random>
#include <stdexcept>
#include <vector>

#include "slope/slope.hpp"
#include "slope/sparse/detection.hpp"
#include "slope_catch.hpp"
#include "sparse/sparse_problems.hpp"

namespace test_sparse_detection {

using slope::SparsityPattern;
using namespace slope_test::sparse;

TEST_CASE("jacobian_pattern finds the pattern of a function exactly", "[sparse][detection]") {
  std::mt19937 rng(3);
  std::vector<SparsityPattern> patterns = {banded(40, 2), arrow(30, 0), arrow(30, 29), block_diagonal(50, 7), grid(6),
                                           random_pattern(60, 45, 3, rng), random_pattern(20, 80, 5, rng),
                                           SparsityPattern(5, 4), SparsityPattern::from_rows(3, {{}, {2}, {}})};
  for (const SparsityPattern& p : patterns) {
    INFO(p);
    const PatternFunction f{p};
    const Eigen::VectorXd x = random_vector(p.cols(), rng);
    CHECK(slope::jacobian_pattern(f, x) == p);
  }
}

TEST_CASE("hessian_pattern finds the pattern of a function exactly", "[sparse][detection]") {
  std::mt19937 rng(4);
  std::vector<SparsityPattern> patterns = {banded(40, 1), banded(33, 3), arrow(25, 12), block_diagonal(30, 4), grid(7),
                                           symmetrized(random_pattern(80, 80, 2, rng), true),
                                           symmetrized(random_pattern(50, 50, 3, rng), false), SparsityPattern(4, 4)};
  for (const SparsityPattern& p : patterns) {
    INFO(p);
    const EdgeObjective f = objective_with(p, rng);
    REQUIRE(f.hessian_pattern() == p);
    CHECK(slope::hessian_pattern(f, random_vector(p.rows(), rng)) == p);
  }
}

TEST_CASE("sparsity detection follows the branch taken at the point", "[sparse][detection]") {
  // where x0 > 0 the function is x0 x1, elsewhere x2^2: the pattern of the branch taken
  const auto branching = [](const auto& x) {
    using S = typename std::decay_t<decltype(x)>::Scalar;
    if (x[0] > 0) return S(x[0] * x[1]);
    return S(x[2] * x[2]);
  };
  CHECK(slope::hessian_pattern(branching, Eigen::Vector3d(1, 2, 3)) == SparsityPattern::from_rows(3, {{1}, {0}, {}}));
  CHECK(slope::hessian_pattern(branching, Eigen::Vector3d(-1, 2, 3)) == SparsityPattern::from_rows(3, {{}, {}, {2}}));
  // a loop whose length depends on a value: the terms the point runs
  const auto loop = [](const auto& x) {
    using S = typename std::decay_t<decltype(x)>::Scalar;
    S sum = 0.0;
    for (Eigen::Index i = 1; i < x.size() && double(i) <= x[0]; ++i) sum += x[i] * x[i];
    return sum;
  };
  CHECK(slope::hessian_pattern(loop, Eigen::Vector4d(2, 1, 1, 1)) == SparsityPattern::from_rows(4, {{}, {1}, {2}, {}}));
  // max is conservative: both arguments, whichever is selected; Eigen's maxCoeff follows the point
  const auto maxima = [](const auto& x) {
    using S = typename std::decay_t<decltype(x)>::Scalar;
    Eigen::Matrix<S, Eigen::Dynamic, 1> y(2);
    y[0] = slope::max(x[0], x[1]);
    y[1] = x.tail(2).maxCoeff();
    return y;
  };
  CHECK(slope::jacobian_pattern(maxima, Eigen::Vector3d(5, 1, 2)) == SparsityPattern::from_rows(3, {{0, 1}, {2}}));
  CHECK(slope::jacobian_pattern(maxima, Eigen::Vector3d(5, 3, 2)) == SparsityPattern::from_rows(3, {{0, 1}, {1}}));
}

TEST_CASE("sparsity detection: constants, dead code, empty input", "[sparse][detection]") {
  // an intermediate that does not reach the output still counts: conservative
  const auto dead = [](const auto& x) {
    using S = typename std::decay_t<decltype(x)>::Scalar;
    const S unused = x[0] * x[1];
    (void)unused;
    return S(2.0 * x[2]);
  };
  CHECK(slope::hessian_pattern(dead, Eigen::Vector3d(1, 2, 3)) == SparsityPattern::from_rows(3, {{1}, {0}, {}}));
  // constant outputs, and floor (derivative 0) depend on nothing
  const auto constants = [](const auto& x) {
    using S = typename std::decay_t<decltype(x)>::Scalar;
    using std::floor;
    Eigen::Matrix<S, Eigen::Dynamic, 1> y(3);
    y[0] = S(1.0);
    y[1] = floor(x[0]) * x[1];
    y[2] = 0.0 * x[0];
    return y;
  };
  CHECK(slope::jacobian_pattern(constants, Eigen::Vector2d(1.5, 2)) == SparsityPattern::from_rows(2, {{}, {1}, {}}));
  const auto sum = [](const auto& x) { return x.sum(); };
  CHECK(slope::hessian_pattern(sum, Eigen::VectorXd(0)) == SparsityPattern(0, 0));
  CHECK(slope::hessian_pattern(sum, Eigen::VectorXd::Ones(3)) == SparsityPattern(3, 3));
  const auto identity = [](const auto& x) { return x; };
  CHECK(slope::jacobian_pattern(identity, Eigen::VectorXd(0)) == SparsityPattern(0, 0));
  CHECK(slope::jacobian_pattern(identity, Eigen::VectorXd::Ones(3)) == banded(3, 0));
}

}  // namespace test_sparse_detection
