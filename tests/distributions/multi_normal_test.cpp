// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// multi_normal_cholesky_log_pdf against its formula written element by element (forward
// substitution), differentiated in both modes, finite differences and Hessians
// (tests/distributions/check.hpp): one or several observations, a shared, per-observation or
// scalar mean, an active or constant Cholesky factor; then the conventions and sizes.

#include <Eigen/Core>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "distributions/check.hpp"

namespace test_distributions_multi_normal {

namespace {

using namespace slope_test::distributions;

const Eigen::MatrixXd kY = (Eigen::MatrixXd(3, 4) << 0.3, -1.2, 0.8, 2.0,  //
                            1.1, 0.4, -0.6, 0.2,                          //
                            -0.5, 0.9, 1.4, -1.7)
                               .finished();
const Eigen::MatrixXd kFactor = (Eigen::MatrixXd(3, 3) << 1.2, 0, 0,  //
                                 0.4, 0.9, 0,                         //
                                 -0.3, 0.5, 1.5)
                                    .finished();


// ln N(y | mu, L L^T) for one observation: z = L^-1 (y - mu) by forward substitution over the
// lower triangle of L (given column-major in `factor`).
template <class S, class Y, class Mu, class L>
S multi_normal(const Y& y, const Mu& mu, const L& factor) {
  using std::log;
  Vector<S> z(3);
  S total = -1.5 * std::log(2 * std::numbers::pi);
  for (Eigen::Index i = 0; i < 3; ++i) {
    S residual = S(y(i)) - S(mu(i));
    for (Eigen::Index j = 0; j < i; ++j) residual -= S(factor(i + 3 * j)) * z[j];
    z[i] = residual / S(factor(i + 3 * i));
    total -= z[i] * z[i] / 2 + log(S(factor(i + 3 * i)));
  }
  return total;
}

// The entries of a 3 x 3 factor, column-major, with a positive diagonal (the upper triangle
// is random too: it must not matter).
const std::vector<Block> kFactorBlocks = {{1, 0.8, 2}, {3, -0.5, 0.5}, {1, 0.8, 2}, {3, -0.5, 0.5}, {1, 0.8, 2}};

std::vector<Block> blocks(std::vector<Block> head, const std::vector<Block>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

}  // namespace

TEST_CASE("multi_normal_cholesky_log_pdf against its formula, in every mode", "[distributions]") {
  SECTION("one observation, its mean and the factor active") {
    check_case(tested([](const auto& x) {
                 return slope::multi_normal_cholesky_log_pdf(x.head(3), x.segment(3, 3), x.tail(9).reshaped(3, 3));
               }),
               reference([](const auto& x) {
                 return multi_normal<slope::scalar_t<decltype(x)>>(x.head(3), x.segment(3, 3), x.tail(9));
               }),
               blocks({{3, -2, 2}, {3, -1, 1}}, kFactorBlocks));
  }
  SECTION("data observations, a shared mean and the factor active") {
    check_case(tested([](const auto& x) { return slope::multi_normal_cholesky_log_pdf(kY, x.head(3), x.tail(9).reshaped(3, 3)); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index j = 0; j < 4; ++j) total += multi_normal<slope::scalar_t<decltype(x)>>(kY.col(j), x.head(3), x.tail(9));
                 return total;
               }),
               blocks({{3, -1, 1}}, kFactorBlocks));
  }
  SECTION("data observations, a mean per observation, a constant factor") {
    check_case(tested([](const auto& x) { return slope::multi_normal_cholesky_log_pdf(kY, x.reshaped(3, 4), kFactor); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index j = 0; j < 4; ++j) {
                   total += multi_normal<slope::scalar_t<decltype(x)>>(kY.col(j), x.segment(3 * j, 3), kFactor.reshaped());
                 }
                 return total;
               }),
               {{12, -1, 1}});
  }
  SECTION("one active observation, a scalar mean") {
    check_case(tested([](const auto& x) { return slope::multi_normal_cholesky_log_pdf(x.head(3), x[3], kFactor); }),
               reference([](const auto& x) {
                 using S = slope::scalar_t<decltype(x)>;
                 return multi_normal<S>(x.head(3), Vector<S>::Constant(3, x[3]), kFactor.reshaped());
               }),
               {{4, -2, 2}});
  }
}

TEST_CASE("multi_normal_cholesky_log_pdf: a scaled identity factor is independent normals, and conventions", "[distributions]") {
  // L = sigma I: the sum of the normal log-densities of every entry
  const Eigen::MatrixXd factor = 1.7 * Eigen::MatrixXd::Identity(3, 3);
  const Eigen::Vector3d mu(0.1, -0.2, 0.3);
  double expected = 0;
  for (Eigen::Index j = 0; j < kY.cols(); ++j) expected += slope::normal_log_pdf(kY.col(j), mu, 1.7);
  CHECK(slope::multi_normal_cholesky_log_pdf(kY, mu, factor) == Approx(expected).epsilon(1e-14));

  // a non-positive diagonal entry is outside the domain: NaN, every derivative NaN
  const auto f = [](const auto& x) { return slope::multi_normal_cholesky_log_pdf(x.head(3), 0.0, x.tail(9).reshaped(3, 3)); };
  Eigen::VectorXd x(12);
  x << 0.1, 0.2, 0.3, kFactor.reshaped();
  x[3 + 4] = 0.0;  // L(1, 1)
  check_outside_domain(tested(f), x);

  CHECK_THROWS_WITH(slope::multi_normal_cholesky_log_pdf(kY, Eigen::Vector2d::Zero(), kFactor),
                    slope_test::Contains("slope::multi_normal_cholesky_log_pdf: mu is 2x1 but y is 3x4"));
  CHECK_THROWS_WITH(slope::multi_normal_cholesky_log_pdf(kY, 0.0, Eigen::MatrixXd::Identity(2, 2)),
                    slope_test::Contains("slope::multi_normal_cholesky_log_pdf: L is 2x2 but y is 3x4"));
  CHECK_THROWS_AS(slope::multi_normal_cholesky_log_pdf(kY, Eigen::MatrixXd::Zero(3, 2), kFactor), std::invalid_argument);
}

}  // namespace test_distributions_multi_normal
