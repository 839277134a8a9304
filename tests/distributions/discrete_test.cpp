// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The discrete log-densities of slope/distributions/ (Poisson by rate and by log-rate, binomial
// and Bernoulli by logit, categorical by logits): each against its formula written element by
// element and differentiated in both modes, finite differences and Hessians
// (tests/distributions/check.hpp), with scalar and vector parameters (regressions: X beta) and
// int or double data; then extreme logits and log-rates against long-double references, and
// the conventions outside the support and the domain.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "distributions/check.hpp"

namespace test_distributions_discrete {

namespace {

using namespace slope_test::distributions;

const Eigen::VectorXd kCounts = (Eigen::VectorXd(5) << 0, 3, 1, 7, 2).finished();
const Eigen::VectorXi kCountsInt = kCounts.cast<int>();
const Eigen::VectorXi kTrials = (Eigen::VectorXi(5) << 7, 3, 12, 8, 2).finished();
const Eigen::VectorXd kLabels = (Eigen::VectorXd(5) << 1, 0, 0, 1, 1).finished();
const Eigen::VectorXi kLabelsInt = kLabels.cast<int>();
const Eigen::VectorXi kClasses = (Eigen::VectorXi(5) << 2, 0, 1, 2, 2).finished();
const Eigen::MatrixXd kDesign = (Eigen::MatrixXd(5, 2) << 1, 0.5, 1, -1.2, 1, 0.3, 1, 2.0, 1, -0.7).finished();


// Each log-probability of one observation, written directly from its definition.
template <class S>
S poisson(double n, const S& lambda) {
  using std::log;
  return S(n * log(lambda) - lambda - std::lgamma(n + 1));
}
template <class S>
S poisson_log_rate(double n, const S& eta) {
  using std::exp;
  return S(n * eta - exp(eta) - std::lgamma(n + 1));
}
template <class S>
S binomial_logit(double k, double trials, const S& alpha) {
  using std::exp;
  using std::log;
  const S p = 1 / (1 + exp(S(-alpha)));
  const double log_choose = std::lgamma(trials + 1) - std::lgamma(k + 1) - std::lgamma(trials - k + 1);
  return S(log_choose + k * log(p) + (trials - k) * log(S(1 - p)));
}
// eta = design row i . x
template <class X>
slope::scalar_t<X> linear(const X& x, Eigen::Index i) {
  slope::scalar_t<X> eta = 0;
  for (Eigen::Index j = 0; j < kDesign.cols(); ++j) eta += kDesign(i, j) * x[j];
  return eta;
}
// beta[y] - ln sum_k exp(beta_k) for one vector of logits
template <class X>
slope::scalar_t<X> categorical(const X& logits, Eigen::Index category) {
  using std::exp;
  using std::log;
  using S = slope::scalar_t<X>;
  S sum = 0;
  for (Eigen::Index k = 0; k < logits.size(); ++k) sum += exp(S(logits[k]));
  return S(logits[category] - log(sum));
}

}  // namespace

TEST_CASE("poisson_log_pmf and poisson_log_rate_log_pmf against their formulas, in every mode", "[distributions]") {
  SECTION("one rate") {
    check_case(tested([](const auto& x) { return slope::poisson_log_pmf(kCounts, x[0]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += poisson(kCounts[i], x[0]);
                 return total;
               }),
               {{1, 0.2, 8}});
  }
  SECTION("a rate per count, int counts") {
    check_case(tested([](const auto& x) { return slope::poisson_log_pmf(kCountsInt, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += poisson(kCounts[i], x[i]);
                 return total;
               }),
               {{5, 0.2, 8}});
  }
  SECTION("one log-rate") {
    check_case(tested([](const auto& x) { return slope::poisson_log_rate_log_pmf(kCounts, x[0]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += poisson_log_rate(kCounts[i], x[0]);
                 return total;
               }),
               {{1, -2, 3}});
  }
  SECTION("Poisson regression, log-rates X beta, int counts") {
    check_case(tested([](const auto& x) { return slope::poisson_log_rate_log_pmf(kCountsInt, kDesign * x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += poisson_log_rate(kCounts[i], linear(x, i));
                 return total;
               }),
               {{2, -1, 1}});
  }
}

TEST_CASE("binomial_logit_log_pmf and bernoulli_logit_log_pmf against their formulas, in every mode", "[distributions]") {
  SECTION("binomial, one log-odds, one number of trials") {
    check_case(tested([](const auto& x) { return slope::binomial_logit_log_pmf(kCounts, 10, x[0]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += binomial_logit(kCounts[i], 10.0, x[0]);
                 return total;
               }),
               {{1, -4, 4}});
  }
  SECTION("binomial, log-odds and trials per observation, int data") {
    check_case(tested([](const auto& x) { return slope::binomial_logit_log_pmf(kCountsInt.cwiseMin(kTrials), kTrials, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) {
                   total += binomial_logit(std::min(kCounts[i], double(kTrials[i])), double(kTrials[i]), x[i]);
                 }
                 return total;
               }),
               {{5, -4, 4}});
  }
  SECTION("Bernoulli, one log-odds") {
    check_case(tested([](const auto& x) { return slope::bernoulli_logit_log_pmf(kLabels, x[0]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += binomial_logit(kLabels[i], 1.0, x[0]);
                 return total;
               }),
               {{1, -4, 4}});
  }
  SECTION("Bernoulli, a log-odds per observation, int labels") {
    check_case(tested([](const auto& x) { return slope::bernoulli_logit_log_pmf(kLabelsInt, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += binomial_logit(kLabels[i], 1.0, x[i]);
                 return total;
               }),
               {{5, -4, 4}});
  }
}

TEST_CASE("categorical_logit_log_pmf against its formula, in every mode", "[distributions]") {
  SECTION("one vector of logits for every observation") {
    check_case(tested([](const auto& x) { return slope::categorical_logit_log_pmf(kClasses, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += categorical(x, kClasses[i]);
                 return total;
               }),
               {{3, -3, 3}});
  }
  SECTION("a column of logits per observation (3 x 5)") {
    check_case(tested([](const auto& x) { return slope::categorical_logit_log_pmf(kClasses, x.reshaped(3, 5)); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (Eigen::Index i = 0; i < 5; ++i) total += categorical(x.segment(3 * i, 3), kClasses[i]);
                 return total;
               }),
               {{15, -3, 3}});
  }
}

TEST_CASE("logit and log-rate forms at extreme parameters, against long double", "[distributions]") {
  // bernoulli: ln p(y | alpha) = -softplus((1 - 2y) alpha), d/dalpha = (1 - 2y) (-sigmoid((1 - 2y) alpha))
  const auto bernoulli = [](const auto& x) { return slope::bernoulli_logit_log_pmf(Eigen::Vector2d(1, 0), x); };
  for (double a : {-800.0, -40.0, -1e-8, 35.0, 40.0, 700.0, 800.0}) {
    const Eigen::Vector2d alpha(a, -a);  // y = 1 with alpha, y = 0 with -alpha: both ln sigmoid(a)
    const long double la = a;
    const long double expected_value = -2 * (la > 0 ? std::log1p(std::exp(-la)) : -la + std::log1p(std::exp(la)));
    const long double expected_slope = 1 / (1 + std::exp(la));  // sigmoid(-a)
    INFO("alpha = " << a);
    CHECK(bernoulli(alpha) == Approx(double(expected_value)).epsilon(1e-15).margin(1e-300));
    const Eigen::VectorXd g = slope::gradient(bernoulli, Eigen::VectorXd(alpha));
    CHECK(g[0] == Approx(double(expected_slope)).epsilon(1e-14).margin(1e-300));
    CHECK(g[1] == Approx(-double(expected_slope)).epsilon(1e-14).margin(1e-300));
    CHECK(slope::gradient_forward(bernoulli, Eigen::VectorXd(alpha)).isApprox(g, 1e-15));
  }
  // binomial with every trial a success or a failure, at alpha = +-inf: the limits
  const auto binomial = [](const auto& x) { return slope::binomial_logit_log_pmf(Eigen::Vector2d(4, 0), 4, x); };
  const double inf = kInfinity;
  CHECK(binomial(Eigen::Vector2d(inf, -inf)) == 0.0);
  CHECK(slope::gradient(binomial, Eigen::Vector2d(inf, -inf)).isZero(0.0));
  CHECK(binomial(Eigen::Vector2d(-inf, -inf)) == -inf);
  // binomial at large |alpha|: 4 successes of 4 at alpha = 50 is -4 softplus(-50) = -4 exp(-50)
  CHECK(binomial(Eigen::Vector2d(50, -50)) == Approx(-8 * std::exp(-50.0)).epsilon(1e-14));
  CHECK(slope::gradient(binomial, Eigen::Vector2d(50, -50)).isApprox(Eigen::Vector2d(4, -4) * std::exp(-50.0), 1e-14));

  // Poisson by log-rate: n eta - exp(eta) - ln n!, exact from eta = -1e300 to 709
  const auto poisson = [](const auto& x) { return slope::poisson_log_rate_log_pmf(Eigen::Vector2d(3, 0), x); };
  for (double eta : {-1e300, -700.0, -30.0, 30.0, 700.0}) {
    const long double le = eta;
    const long double expected = 3 * le - 2 * std::exp(le) - std::log(6.0L);
    INFO("eta = " << eta);
    const Eigen::Vector2d x(eta, eta);
    CHECK(poisson(x) == Approx(double(expected)).epsilon(1e-15));
    const Eigen::VectorXd g = slope::gradient(poisson, Eigen::VectorXd(x));
    CHECK(g[0] == Approx(double(3 - std::exp(le))).epsilon(1e-15));
    CHECK(g[1] == Approx(double(-std::exp(le))).epsilon(1e-15).margin(1e-300));
    CHECK(slope::gradient_forward(poisson, Eigen::VectorXd(x)).isApprox(g, 1e-15));
  }
  // past eta = 709.78, -exp(eta) rounds to -inf: the convention for -inf (derivatives 0)
  check_outside_support(tested(poisson), Eigen::Vector2d(1.0, 710.0));

  // categorical: logits near 1000 do not overflow
  const auto categorical_f = [](const auto& x) { return slope::categorical_logit_log_pmf(Eigen::Vector2i(1, 0), x); };
  const Eigen::Vector3d logits(1000, 1001, 999);
  const double lse = 1001 + std::log1p(std::exp(-1.0) + std::exp(-2.0));
  CHECK(categorical_f(logits) == Approx(1001 + 1000 - 2 * lse).epsilon(1e-15));
  const Eigen::Vector3d shifted = (logits.array() - 1001).exp();  // exact shifts: lse itself is only good to 1e-13 here
  const Eigen::Vector3d softmax = shifted / shifted.sum();
  CHECK(slope::gradient(categorical_f, logits).isApprox(Eigen::Vector3d(1, 1, 0) - 2 * softmax, 1e-14));
  CHECK(slope::gradient_forward(categorical_f, logits).isApprox(Eigen::Vector3d(1, 1, 0) - 2 * softmax, 1e-14));
  // a logit of -inf is a category of probability 0: fine unless observed
  const Eigen::Vector3d impossible(0.5, 0.0, -inf);
  CHECK(categorical_f(impossible) == Approx(0.5 - 2 * std::log(std::exp(0.5) + 1)).epsilon(1e-15));
  CHECK(slope::categorical_logit_log_pmf(Eigen::Vector2i(2, 0), impossible) == -inf);
}

TEST_CASE("discrete log-densities: int and double data agree, conventions outside the support", "[distributions]") {
  const auto rates = [](const auto& x) { return slope::poisson_log_pmf(kCounts, x); };
  const auto rates_int = [](const auto& x) { return slope::poisson_log_pmf(kCountsInt, x); };
  const Eigen::VectorXd lambda = (Eigen::VectorXd(5) << 0.5, 2.0, 1.5, 6.0, 3.0).finished();
  CHECK(rates(lambda) == rates_int(lambda));
  CHECK(slope::gradient(rates, lambda) == slope::gradient(rates_int, lambda));

  // a rate of 0: a zero count has probability 1 (0 ln 0 = 0), a positive one 0
  const auto zero_rate = [](const auto& x) { return slope::poisson_log_pmf(Eigen::Vector2d(0, 0), x[0]); };
  CHECK(zero_rate(Eigen::VectorXd::Zero(1)) == 0.0);
  CHECK(slope::gradient(zero_rate, Eigen::VectorXd::Zero(1))[0] == -2.0);  // d/dlambda = sum n_i/lambda - 1
  CHECK(slope::gradient_forward(zero_rate, Eigen::VectorXd::Zero(1))[0] == -2.0);
  check_outside_support(tested([](const auto& x) { return slope::poisson_log_pmf(Eigen::Vector2d(0, 1), x[0]); }),
                        Eigen::VectorXd::Zero(1));

  // observations outside the support: -inf, derivatives 0
  const auto poisson_f = [](const auto& x) { return slope::poisson_log_rate_log_pmf(Eigen::Vector2d(1, -1), x[0]); };
  check_outside_support(tested(poisson_f), Eigen::VectorXd::Ones(1));
  check_outside_support(tested([](const auto& x) { return slope::poisson_log_pmf(Eigen::Vector2d(1, 2.5), x[0]); }),
                        Eigen::VectorXd::Ones(1));
  check_outside_support(tested([](const auto& x) { return slope::binomial_logit_log_pmf(Eigen::Vector2i(1, 4), 3, x); }),
                        Eigen::Vector2d(0.1, 0.2));
  check_outside_support(tested([](const auto& x) { return slope::bernoulli_logit_log_pmf(Eigen::Vector2d(1, 2), x[0]); }),
                        Eigen::VectorXd::Ones(1));
  check_outside_support(tested([](const auto& x) { return slope::categorical_logit_log_pmf(Eigen::Vector2i(1, 3), x); }),
                        Eigen::Vector3d(0.1, 0.2, 0.3));
  // parameters outside the domain: NaN, derivatives NaN
  const double nan = std::numeric_limits<double>::quiet_NaN();
  check_outside_domain(tested([](const auto& x) { return slope::poisson_log_pmf(kCounts, x[0]); }), -Eigen::VectorXd::Ones(1));
  check_outside_domain(tested(poisson_f), Eigen::VectorXd::Constant(1, kInfinity));
  check_outside_domain(tested([](const auto& x) { return slope::binomial_logit_log_pmf(Eigen::Vector2i(1, 0), 2.5, x[0]); }),
                       Eigen::VectorXd::Ones(1));
  check_outside_domain(tested([](const auto& x) { return slope::bernoulli_logit_log_pmf(kLabels, x[0]); }),
                       Eigen::VectorXd::Constant(1, nan));
  check_outside_domain(tested([](const auto& x) { return slope::categorical_logit_log_pmf(kClasses, x); }),
                       Eigen::Vector3d(0.1, kInfinity, 0.3));

  // sizes
  const Eigen::VectorXd two = Eigen::VectorXd::Ones(2);
  CHECK_THROWS_WITH(slope::poisson_log_pmf(kCounts, two), slope_test::Contains("slope::poisson_log_pmf: lambda is 2x1 but the observations are 5x1"));
  CHECK_THROWS_AS(slope::poisson_log_rate_log_pmf(kCountsInt, two), std::invalid_argument);
  CHECK_THROWS_WITH(slope::binomial_logit_log_pmf(kCounts, kTrials.head(2), 0.0), slope_test::Contains("slope::binomial_logit_log_pmf"));
  CHECK_THROWS_AS(slope::bernoulli_logit_log_pmf(kLabels, two), std::invalid_argument);
  CHECK_THROWS_WITH(slope::categorical_logit_log_pmf(kClasses, Eigen::MatrixXd::Ones(3, 2)),
                    slope_test::Contains("slope::categorical_logit_log_pmf: beta is 3x2 but y holds 5 observations"));
}

}  // namespace test_distributions_discrete
