// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The continuous log-densities of slope/distributions/ (Student-t, Cauchy, lognormal,
// exponential, gamma, beta): each against its formula written element by element and
// differentiated in both modes, finite differences and Hessians (tests/distributions/check.hpp),
// with scalar and vector parameters, data and active observations; then large and small
// parameters, the edges of the supports and the conventions outside them.

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "distributions/check.hpp"

namespace test_distributions_continuous {

namespace {

using namespace slope_test::distributions;

const Eigen::VectorXd kData = (Eigen::VectorXd(4) << -1.3, 0.4, 2.2, 0.9).finished();
const Eigen::VectorXd kPositive = (Eigen::VectorXd(4) << 0.3, 1.7, 0.05, 4.2).finished();
const Eigen::VectorXd kUnit = (Eigen::VectorXd(4) << 0.3, 0.62, 0.05, 0.91).finished();
const Eigen::VectorXd kScales = (Eigen::VectorXd(4) << 0.8, 1.9, 0.4, 1.1).finished();

// Each log-density of one observation, written directly from its definition.
template <class S>
S student_t(const S& y, const S& nu, const S& mu, const S& sigma) {
  using std::lgamma;
  using std::log;
  using std::log1p;
  const S z = (y - mu) / sigma;
  return S(lgamma(S((nu + 1) / 2)) - lgamma(S(nu / 2)) - 0.5 * log(S(nu * std::numbers::pi)) - log(sigma) -
           (nu + 1) / 2 * log1p(S(z * z / nu)));
}
template <class S>
S cauchy(const S& y, const S& mu, const S& sigma) {
  using std::log;
  const S z = (y - mu) / sigma;
  return S(-std::log(std::numbers::pi) - log(sigma) - log(S(1 + z * z)));
}
template <class S>
S lognormal(const S& y, const S& mu, const S& sigma) {
  using std::log;
  const S z = (log(y) - mu) / sigma;
  return S(-log(y) - log(sigma) - 0.5 * std::log(2 * std::numbers::pi) - z * z / 2);
}
template <class S>
S exponential(const S& y, const S& lambda) {
  using std::log;
  return S(log(lambda) - lambda * y);
}
template <class S>
S gamma(const S& y, const S& alpha, const S& beta) {
  using std::lgamma;
  using std::log;
  return S(alpha * log(beta) - lgamma(alpha) + (alpha - 1) * log(y) - beta * y);
}
template <class S>
S beta(const S& y, const S& a, const S& b) {
  using std::lgamma;
  using std::log;
  return S((a - 1) * log(y) + (b - 1) * log(S(1 - y)) - lgamma(a) - lgamma(b) + lgamma(S(a + b)));
}


}  // namespace

TEST_CASE("student_t_log_pdf against its formula, in every mode", "[distributions]") {
  SECTION("observations and every parameter active, scalar parameters") {
    check_case(tested([](const auto& x) { return slope::student_t_log_pdf(x.head(4), x[4], x[5], x[6]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += student_t(x[i], x[4], x[5], x[6]);
                 return total;
               }),
               {{4, -3, 3}, {1, 0.3, 8}, {1, -1, 1}, {1, 0.5, 2}});
  }
  SECTION("data observations, a vector nu and mu, constant scales") {
    check_case(tested([](const auto& x) { return slope::student_t_log_pdf(kData, x.head(4), x.tail(4), kScales); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += student_t<slope::scalar_t<decltype(x)>>(kData[i], x[i], x[4 + i], kScales[i]);
                 return total;
               }),
               {{4, 0.5, 30}, {4, -1, 1}});
  }
}

TEST_CASE("student_t_log_pdf for large nu uses series that do not cancel", "[distributions]") {
  const auto f = [](const auto& x) { return slope::student_t_log_pdf(kData, x[0], 0.3, 1.2); };
  // For large nu, d/dnu = sum_i (1 + 2 z^2 - z^4) / (4 nu^2) + (z^6 / 3 - z^4 / 2) / nu^3 + O(nu^-4):
  // what the lgamma and digamma differences cannot resolve (their error grows like eps nu^2).
  for (double nu : {1e7, 1e8, 1e12, 1e15}) {
    double expected = 0;
    for (Eigen::Index i = 0; i < kData.size(); ++i) {
      const double z2 = std::pow((kData[i] - 0.3) / 1.2, 2);
      expected += (1 + 2 * z2 - z2 * z2) / (4 * nu * nu) + (z2 * z2 * z2 / 3 - z2 * z2 / 2) / (nu * nu * nu);
    }
    const Eigen::VectorXd x = Eigen::VectorXd::Constant(1, nu);
    INFO("nu = " << nu);
    CHECK(slope::gradient(f, x)[0] == Approx(expected).epsilon(1e-12));
    CHECK(slope::gradient_forward(f, x)[0] == Approx(expected).epsilon(1e-12));
    // the value tends to the normal log-density
    const double normal = slope::normal_log_pdf(kData, 0.3, 1.2);
    CHECK(f(x) == Approx(normal).epsilon(2.0 / nu + 1e-14));
  }
  // Where the series take over (nu = 50) both forms agree.
  const double below = slope::gradient(f, Eigen::VectorXd::Constant(1, std::nextafter(50.0, 0.0)))[0];
  CHECK(slope::gradient(f, Eigen::VectorXd::Constant(1, 50.0))[0] == Approx(below).epsilon(1e-10));
  CHECK(f(Eigen::VectorXd::Constant(1, 50.0)) == Approx(f(Eigen::VectorXd::Constant(1, std::nextafter(50.0, 0.0)))).epsilon(1e-14));
  // Small nu and extreme scales at a fixed point.
  const auto g = [](const auto& x) { return slope::student_t_log_pdf(x.head(4), x[4], x[5], x[6]); };
  const auto r = [](const auto& x) {
    slope::scalar_t<decltype(x)> total = 0;
    for (int i = 0; i < 4; ++i) total += student_t(x[i], x[4], x[5], x[6]);
    return total;
  };
  for (const auto& [nu, sigma] : {std::pair{0.02, 1.0}, std::pair{3.0, 1e-4}, std::pair{3.0, 1e4}}) {
    Eigen::VectorXd x(7);
    x << sigma * kData, nu, 0.1 * sigma, sigma;
    check_point(tested(g), reference(r), x, 1e-9);
  }
}

TEST_CASE("cauchy_log_pdf against its formula, in every mode", "[distributions]") {
  SECTION("observations, location and scale active") {
    check_case(tested([](const auto& x) { return slope::cauchy_log_pdf(x.head(4), x[4], x[5]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += cauchy(x[i], x[4], x[5]);
                 return total;
               }),
               {{4, -5, 5}, {1, -1, 1}, {1, 0.2, 3}});
  }
  SECTION("data observations, a vector location, a constant scale") {
    check_case(tested([](const auto& x) { return slope::cauchy_log_pdf(kData, x, 0.7); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += cauchy<slope::scalar_t<decltype(x)>>(kData[i], x[i], 0.7);
                 return total;
               }),
               {{4, -3, 3}});
  }
}

TEST_CASE("lognormal_log_pdf against its formula, in every mode", "[distributions]") {
  SECTION("observations, mu and sigma active") {
    check_case(tested([](const auto& x) { return slope::lognormal_log_pdf(x.head(4), x[4], x[5]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += lognormal(x[i], x[4], x[5]);
                 return total;
               }),
               {{4, 0.1, 5}, {1, -1, 1}, {1, 0.3, 2}});
  }
  SECTION("data observations, a constant mu, a vector sigma") {
    check_case(tested([](const auto& x) { return slope::lognormal_log_pdf(kPositive, -0.2, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += lognormal<slope::scalar_t<decltype(x)>>(kPositive[i], -0.2, x[i]);
                 return total;
               }),
               {{4, 0.3, 3}});
  }
}

TEST_CASE("exponential_log_pdf against its formula, in every mode", "[distributions]") {
  SECTION("observations and rate active") {
    check_case(tested([](const auto& x) { return slope::exponential_log_pdf(x.head(4), x[4]); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += exponential(x[i], x[4]);
                 return total;
               }),
               {{4, 0, 5}, {1, 0.1, 4}});
  }
  SECTION("data observations, a vector rate") {
    check_case(tested([](const auto& x) { return slope::exponential_log_pdf(kPositive, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += exponential<slope::scalar_t<decltype(x)>>(kPositive[i], x[i]);
                 return total;
               }),
               {{4, 0.1, 4}});
  }
}

TEST_CASE("gamma_log_pdf against its formula, in every mode", "[distributions]") {
  const auto r = [](const auto& x) {
    slope::scalar_t<decltype(x)> total = 0;
    for (int i = 0; i < 4; ++i) total += gamma(x[i], x[4], x[5]);
    return total;
  };
  const auto f = [](const auto& x) { return slope::gamma_log_pdf(x.head(4), x[4], x[5]); };
  SECTION("observations, shape and rate active") { check_case(tested(f), reference(r), {{4, 0.1, 5}, {1, 0.2, 6}, {1, 0.2, 4}}); }
  SECTION("data observations, a vector shape, a constant rate") {
    check_case(tested([](const auto& x) { return slope::gamma_log_pdf(kPositive, x, 1.3); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += gamma<slope::scalar_t<decltype(x)>>(kPositive[i], x[i], 1.3);
                 return total;
               }),
               {{4, 0.1, 8}});
  }
  SECTION("small and large shapes and rates") {
    for (const auto& [alpha, rate] : {std::pair{1e-3, 1.0}, std::pair{1e4, 1e3}, std::pair{2.5, 1e-5}, std::pair{0.7, 1e5}}) {
      Eigen::VectorXd x(6);
      x << kPositive * (alpha / rate), alpha, rate;  // observations near the mean alpha / rate
      check_point(tested(f), reference(r), x, 1e-9);
    }
  }
}

TEST_CASE("beta_log_pdf against its formula, in every mode", "[distributions]") {
  const auto r = [](const auto& x) {
    slope::scalar_t<decltype(x)> total = 0;
    for (int i = 0; i < 4; ++i) total += beta(x[i], x[4], x[5]);
    return total;
  };
  const auto f = [](const auto& x) { return slope::beta_log_pdf(x.head(4), x[4], x[5]); };
  SECTION("observations and both shapes active") { check_case(tested(f), reference(r), {{4, 0.02, 0.98}, {2, 0.2, 6}}); }
  SECTION("data observations, a constant a, a vector b") {
    check_case(tested([](const auto& x) { return slope::beta_log_pdf(kUnit, 2.5, x); }),
               reference([](const auto& x) {
                 slope::scalar_t<decltype(x)> total = 0;
                 for (int i = 0; i < 4; ++i) total += beta<slope::scalar_t<decltype(x)>>(kUnit[i], 2.5, x[i]);
                 return total;
               }),
               {{4, 0.1, 8}});
  }
  SECTION("small and large shapes") {
    for (const auto& [a, b] : {std::pair{1e-3, 0.5}, std::pair{300.0, 200.0}, std::pair{0.05, 40.0}}) {
      Eigen::VectorXd x(6);
      x << (a / (a + b)) * Eigen::VectorXd::Ones(4) + 0.01 * kData, a, b;
      x.head(4) = x.head(4).cwiseMax(1e-3).cwiseMin(0.999);
      check_point(tested(f), reference(r), x, 1e-9);
    }
  }
}

TEST_CASE("continuous log-densities at the edges of their supports", "[distributions]") {
  const double inf = kInfinity;
  // outside the support: -inf, and every derivative 0
  const auto exponential_f = [](const auto& x) { return slope::exponential_log_pdf(x.head(2), x[2]); };
  check_outside_support(tested(exponential_f), Eigen::Vector3d(-0.5, 1.0, 2.0));
  const auto gamma_f = [](const auto& x) { return slope::gamma_log_pdf(x.head(2), x[2], x[3]); };
  check_outside_support(tested(gamma_f), Eigen::Vector4d(1.0, -1e-300, 2.0, 1.0));
  check_outside_support(tested(gamma_f), Eigen::Vector4d(0.0, 1.0, 2.0, 1.0));  // shape > 1 at 0: the limit -inf
  const auto lognormal_f = [](const auto& x) { return slope::lognormal_log_pdf(x.head(2), x[2], x[3]); };
  check_outside_support(tested(lognormal_f), Eigen::Vector4d(0.0, 1.0, 0.0, 1.0));  // the limit at 0
  const auto beta_f = [](const auto& x) { return slope::beta_log_pdf(x.head(2), x[2], x[3]); };
  check_outside_support(tested(beta_f), Eigen::Vector4d(0.5, 1.5, 2.0, 2.0));

  // on the edge, the limit of the density: 0 ln 0 = 0 where a shape is 1
  CHECK(slope::exponential_log_pdf(Eigen::Vector2d(0.0, 1.0), 2.0) == Approx(2 * std::log(2.0) - 2).epsilon(1e-15));
  CHECK(slope::gamma_log_pdf(Eigen::Vector2d(0.0, 1.0), 1.0, 2.0) == Approx(2 * std::log(2.0) - 2).epsilon(1e-15));
  CHECK(slope::gamma_log_pdf(Eigen::Vector2d(0.0, 1.0), 0.5, 2.0) == inf);
  CHECK(slope::beta_log_pdf(Eigen::Vector2d(0.0, 1.0), 1.0, 1.0) == Approx(0.0).margin(1e-15));
  CHECK(slope::beta_log_pdf(Eigen::Vector2d(0.0, 0.5), 1.0, 3.0) == Approx(2 * std::log(3.0) + 2 * std::log(0.5)).epsilon(1e-14));
  // ... with finite derivatives there: d/drate of gamma(y | 1, rate) = sum 1/rate - y_i, d/dy_0 = -rate
  const Eigen::Vector3d edge(0.0, 1.0, 2.0);
  const auto gamma_shape_one = [](const auto& x) { return slope::gamma_log_pdf(x.head(2), 1.0, x[2]); };
  const Eigen::Vector3d expected(-2.0, -2.0, 2 / 2.0 - 1.0);
  CHECK(slope::gradient(gamma_shape_one, edge).isApprox(expected, 1e-15));
  CHECK(slope::gradient_forward(gamma_shape_one, edge).isApprox(expected, 1e-15));
  // beta(y | 1, b) at y = 0: d/dy = -(b - 1)/(1 - y), d/db = sum ln(1 - y_i) + n (digamma(b + 1) - digamma(b)) = ... + n / b
  const auto beta_a_one = [](const auto& x) { return slope::beta_log_pdf(x.head(2), 1.0, x[2]); };
  const Eigen::Vector3d beta_edge(0.0, 0.5, 3.0);
  const Eigen::Vector3d beta_expected(-2.0, -4.0, std::log(0.5) + 2 / 3.0);
  CHECK(slope::gradient(beta_a_one, beta_edge).isApprox(beta_expected, 1e-14));
  CHECK(slope::gradient_forward(beta_a_one, beta_edge).isApprox(beta_expected, 1e-14));

  // outside the domain: NaN, and every derivative NaN
  const auto student_f = [](const auto& x) { return slope::student_t_log_pdf(x.head(2), x[2], x[3], x[4]); };
  check_outside_domain(tested(student_f), (Eigen::VectorXd(5) << 0.1, 0.2, 3.0, 0.0, -1.0).finished());
  check_outside_domain(tested(student_f), (Eigen::VectorXd(5) << 0.1, 0.2, 0.0, 0.0, 1.0).finished());
  check_outside_domain(tested(student_f), (Eigen::VectorXd(5) << 0.1, std::numeric_limits<double>::quiet_NaN(), 3.0, 0.0, 1.0).finished());
  check_outside_domain(tested(gamma_f), Eigen::Vector4d(1.0, 2.0, -1.0, 1.0));
  check_outside_domain(tested(beta_f), Eigen::Vector4d(0.2, 0.3, 1.0, 0.0));
  const auto cauchy_f = [](const auto& x) { return slope::cauchy_log_pdf(x.head(2), x[2], x[3]); };
  check_outside_domain(tested(cauchy_f), Eigen::Vector4d(0.2, 0.3, 1.0, -2.0));

  // a parameter vector of the wrong size
  const Eigen::VectorXd three = Eigen::VectorXd::Ones(3), two = Eigen::VectorXd::Ones(2);
  CHECK_THROWS_WITH(slope::student_t_log_pdf(three, 3.0, two, 1.0), slope_test::Contains("slope::student_t_log_pdf: mu is 2x1 but the observations are 3x1"));
  CHECK_THROWS_AS(slope::cauchy_log_pdf(three, 0.0, two), std::invalid_argument);
  CHECK_THROWS_AS(slope::lognormal_log_pdf(three, two, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(slope::exponential_log_pdf(three, two), std::invalid_argument);
  CHECK_THROWS_AS(slope::gamma_log_pdf(three, 1.0, two), std::invalid_argument);
  CHECK_THROWS_WITH(slope::beta_log_pdf(three, two, 1.0), slope_test::Contains("slope::beta_log_pdf"));
}

}  // namespace test_distributions_continuous
