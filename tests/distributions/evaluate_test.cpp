// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// How every log-density of slope/distributions/ runs (slope/distributions/evaluate.hpp): one
// tape node per call and no statement, also from an Eigen::Matrix<Var> body and with
// expressions and borrowed Eigen::Map data as arguments; forward over forward (nested duals)
// against forward over reverse; the partials of scalar parameters with and without the
// statistics value() leaves for vjp.

#include <Eigen/Core>

#include <array>
#include <cstddef>
#include <utility>

#include "distributions/check.hpp"

namespace test_distributions_evaluate {

namespace {

using namespace slope_test::distributions;

const Eigen::VectorXd kPositiveParameters = (Eigen::VectorXd(4) << 0.3, 1.7, 0.05, 4.2).finished();
const Eigen::VectorXd kCountsEvaluate = (Eigen::VectorXd(4) << 0, 3, 1, 2).finished();
const Eigen::VectorXi kClassesEvaluate = (Eigen::VectorXi(4) << 2, 0, 1, 2).finished();

}  // namespace

TEST_CASE("each log-density records one node and no statement", "[distributions]") {
  const Eigen::VectorXd x = (Eigen::VectorXd(9) << 0.2, 0.3, 0.6, 0.9, 2.5, 0.1, 1.3, 0.7, 1.1).finished();
  check_one_node([](const auto& v) { return slope::student_t_log_pdf(v.head(4), v[4], v[5], v[6]); }, x);
  check_one_node([](const auto& v) { return slope::cauchy_log_pdf(v.head(4), v.tail(4), v[4]); }, x);
  check_one_node([](const auto& v) { return slope::lognormal_log_pdf(v.head(4), v[5], v[6]); }, x);
  check_one_node([](const auto& v) { return slope::exponential_log_pdf(v.head(4), v.tail(4)); }, x);
  check_one_node([](const auto& v) { return slope::gamma_log_pdf(kPositiveParameters, v[4], v.tail(4)); }, x);
  check_one_node([](const auto& v) { return slope::beta_log_pdf(v.head(4), v[7], v[8]); }, x);
  check_one_node([](const auto& v) { return slope::poisson_log_pmf(kCountsEvaluate, v.tail(4)); }, x);
  check_one_node([](const auto& v) { return slope::poisson_log_rate_log_pmf(kCountsEvaluate, v[5]); }, x);
  check_one_node([](const auto& v) { return slope::binomial_logit_log_pmf(kCountsEvaluate, 3, v.tail(4)); }, x);
  check_one_node([](const auto& v) { return slope::bernoulli_logit_log_pmf(kClassesEvaluate.cwiseMin(1), v[5]); }, x);
  check_one_node([](const auto& v) { return slope::categorical_logit_log_pmf(kClassesEvaluate, v.head(3)); }, x);
  check_one_node([](const auto& v) { return slope::multi_normal_cholesky_log_pdf(v.head(2), v[4], v.segment(5, 4).reshaped(2, 2)); }, x);
}

TEST_CASE("log-densities in a body written for Eigen::Matrix<Var>, and with expressions and maps as arguments",
          "[distributions]") {
  using VarEigen = Vector<Var<double>>;
  const Eigen::VectorXd x = (Eigen::VectorXd(6) << 0.2, -0.3, 0.6, 0.9, 2.5, 1.3).finished();
  // The Eigen::Matrix<Var> spelling reaches the same single node (its consecutive elements are
  // taken as they are) and the same gradient as the generic body on a VarVector.
  const auto generic = [](const auto& v) { return slope::student_t_log_pdf(v.head(4), v[4], 0.5, v[5]); };
  const auto eigen = [&](const VarEigen& v) { return generic(v); };
  const slope::ValueAndGradient expected = slope::value_and_gradient(generic, x);
  const slope::ValueAndGradient through_eigen = slope::value_and_gradient(eigen, x);
  CHECK(through_eigen.value == Approx(expected.value).epsilon(1e-15));
  CHECK(through_eigen.gradient.isApprox(expected.gradient, 1e-15));
  {
    slope::Tape<double> tape;
    slope::TapeScope scope(tape);
    const VarEigen v = slope::make_variables(tape, x).to_eigen();
    const std::size_t statements = tape.statements();
    const Var<double> y = eigen(v);
    CHECK(tape.nodes() == 1);
    CHECK(tape.statements() == statements);
    tape.backward(y);
    for (Eigen::Index i = 0; i < x.size(); ++i) CHECK(v[i].adjoint() == Approx(expected.gradient[i]).epsilon(1e-15));
  }
  // A rate given as an expression (evaluated by one more node), data given as a borrowed map.
  const Eigen::Map<const Eigen::VectorXd> counts(kCountsEvaluate.data(), kCountsEvaluate.size());
  const auto with_expression = [&](const auto& v) {
    using std::exp;
    return slope::poisson_log_pmf(counts, exp(v.head(4).array()).matrix()) + slope::gamma_log_pdf(kPositiveParameters, exp(v[4]), 2.0 * v[5]);
  };
  check_close(slope::gradient(with_expression, x), slope::gradient_forward(with_expression, x), 1e-14, "expressions as arguments");
  const slope::CheckReport report = slope::check_gradient(with_expression, x);
  INFO(report);
  CHECK(report.passed);
}

TEST_CASE("log-densities under nested duals: forward over forward equals forward over reverse", "[distributions]") {
  const Eigen::VectorXd x = (Eigen::VectorXd(7) << 0.2, -0.3, 0.6, 0.9, 2.5, 0.4, 1.3).finished();
  const auto f = [](const auto& v) {
    return slope::student_t_log_pdf(v.head(4), v[4], v[5], v[6]) + slope::categorical_logit_log_pmf(kClassesEvaluate, v.head(3)) +
           slope::gamma_log_pdf(kPositiveParameters, v[4], v.segment(3, 4)) +
           slope::multi_normal_cholesky_log_pdf(v.head(2), v[5], (Eigen::Matrix2d() << 1.5, 0, 0.4, 0.8).finished());
  };
  check_close(slope::hessian_forward<1>(f, x), slope::hessian<1>(f, x), 1e-12, "forward over forward against forward over reverse");
}

namespace {

// vjp of an op whose value() never ran (no statistics: the full pass over the data) against vjp
// of the op that computed the value (the statistics), for scalar parameters.
template <class Family, class... Parameters, std::size_t... I>
void check_without_statistics(const Eigen::VectorXd& y, std::index_sequence<I...>, const Parameters&... parameters) {
  using Op = slope::distributions_detail::LogDensityNode<Family>;
  const slope::MatrixInput<double> observations(y.data(), y.rows(), y.cols());
  Op recorded;
  const double value = recorded.value(observations, parameters...);
  REQUIRE(recorded.statistics.ready);
  Op fresh;
  REQUIRE(!fresh.statistics.ready);
  Eigen::VectorXd y_with = Eigen::VectorXd::Zero(y.size()), y_without = y_with;
  std::array<double, sizeof...(Parameters)> with{}, without{};
  recorded.vjp(1.0, value, observations, parameters..., slope::MatrixAdjoint<double>(y_with.data(), y.size(), 1),
               slope::ScalarAdjoint<double>(&with[I])...);
  fresh.vjp(1.0, value, observations, parameters..., slope::MatrixAdjoint<double>(y_without.data(), y.size(), 1),
            slope::ScalarAdjoint<double>(&without[I])...);
  CHECK(y_with.isApprox(y_without, 1e-14));
  for (std::size_t k = 0; k < with.size(); ++k) CHECK(with[k] == Approx(without[k]).epsilon(1e-12));
}
template <template <class> class Family, class... Parameters>
void check_without_statistics(const Eigen::VectorXd& y, const Parameters&... parameters) {
  check_without_statistics<Family<double>>(y, std::index_sequence_for<Parameters...>{}, parameters...);
}

}  // namespace

TEST_CASE("partials of scalar parameters from the statistics of value() and from a full pass agree", "[distributions]") {
  using namespace slope::distributions_detail;
  check_without_statistics<ExponentialLogPdf>(kPositiveParameters, 1.3);
  check_without_statistics<GammaLogPdf>(kPositiveParameters, 2.5, 0.7);
  check_without_statistics<BetaLogPdf>((Eigen::VectorXd(3) << 0.2, 0.55, 0.9).finished(), 1.5, 3.0);
  check_without_statistics<PoissonLogPmf>(kCountsEvaluate, 1.7);
  check_without_statistics<PoissonLogRateLogPmf>(kCountsEvaluate, -0.4);
  check_without_statistics<BernoulliLogitLogPmf>((Eigen::VectorXd(4) << 1, 0, 0, 1).finished(), 0.8);
  check_without_statistics<BinomialLogitLogPmf>(kCountsEvaluate, 3.0, -1.2);
}

}  // namespace test_distributions_evaluate
