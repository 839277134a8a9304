// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The binomial and Bernoulli distributions by their log-odds alpha (p = sigmoid(alpha)),
// summed over the observations:
//
//   binomial_logit_log_pmf(k, trials, alpha)
//       = sum_i ln C(N_i, k_i) - k_i softplus(-alpha_i) - (N_i - k_i) softplus(alpha_i)
//   bernoulli_logit_log_pmf(y, alpha) = sum_i -softplus(-alpha_i) if y_i = 1, -softplus(alpha_i) if 0
//
// using ln sigmoid(a) = -softplus(-a) and ln(1 - sigmoid(a)) = -softplus(a), softplus(a) =
// max(a, 0) + ln(1 + exp(-|a|)): no overflow and full relative precision for every alpha, and
// d/dalpha_i = k_i sigmoid(-alpha_i) - (N_i - k_i) sigmoid(alpha_i) likewise (sigmoid(-40) is
// 4.2e-18, not 1 - 1 = 0). alpha = +-inf gives the limits (p = 1 or 0).
// k, y and trials are data: numbers or Eigen vectors of int or double. Support: k_i an integer
// in [0, N_i], y_i in {0, 1} (else -inf); domain: N_i an integer >= 0, alpha not NaN (else NaN).
// alpha is a number, a scalar or a vector of the observations' size (logistic regression:
// alpha = X beta).
//
//     Eigen::VectorXd labels = ...;  Eigen::MatrixXd X = ...;         // labels in {0, 1}
//     auto f = [&](const auto& beta) { return slope::bernoulli_logit_log_pmf(labels, X * beta); };
//     Eigen::VectorXd g = slope::gradient(f, beta0);                   // X^T (labels - p)

#include <cmath>
#include <utility>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

// ln(1 + e) for e in [0, 1], as ln(u) - ((u - 1) - e) / u with u = 1 + e: the logarithm of the
// rounded 1 + e, corrected to first order for that rounding (u - 1 and (u - 1) - e are exact), so
// a tiny e keeps its relative precision (ln u alone is 0 below e = 1.1e-16). Written with log and
// no branch, it is vectorised by Eigen for double, whose log1p is vectorised for float only.
template <class T, class E>
auto log1p_of_fraction(const E& e) {
  using std::log;
  return log(T(1) + e) - ((T(1) + e) - T(1) - e) / (T(1) + e);
}

// For a scalar alpha: the numbers of successes and failures, which its partial needs.
template <class T>
struct LogitStatistics {
  bool ready = false;
  T successes{0};
  T failures{0};
};

// The log-likelihood of s_i successes and f_i failures with log-odds alpha_i, N_i = s_i + f_i:
//   -sum_i s_i softplus(-alpha_i) + f_i softplus(alpha_i)
//   = -sum_i s_i max(-alpha_i, 0) + f_i max(alpha_i, 0) + N_i ln(1 + exp(-|alpha_i|))
// one exponential and one logarithm per observation (once for a scalar alpha), in one pass.
template <class T, class Successes, class Failures, class Alpha>
T logit_log_likelihood(LogitStatistics<T>& statistics, const Broadcast<T>& b, const Successes& s, const Failures& f,
                       const Alpha& alpha) {
  using std::abs;
  using std::exp;
  using std::log1p;
  if constexpr (kPerObservation<Alpha>) {
    const auto a = alpha.array();
    auto e = scratch_array<T>(matrix_detail::kBackwardSlot, b.rows(), b.cols());
    e = exp_of(-a.abs());
    const auto log1p_e = log1p_of_fraction<T>(e);
    if (any(alpha, is_infinite)) {  // then 0 * max(+-alpha, 0) = 0 * inf is taken as 0
      return T(-(sum_product<T>(s, (-a).max(T(0)), true) + sum_product<T>(f, a.max(T(0)), true) +
                 ((s + f) * log1p_e).sum()));
    }
    return T(-(s * (-a).max(T(0)) + f * a.max(T(0)) + (s + f) * log1p_e).sum());
  } else {
    statistics = {true, T(s.sum()), T(f.sum())};
    const T log1p_e = log1p(exp(T(-abs(alpha))));
    // s softplus(-alpha) + f softplus(alpha), with 0 * softplus(+-inf) = 0
    const auto term = [](const T& count, const T& softplus) { return passive_value(count) == 0 ? T(0) : T(count * softplus); };
    return T(-(term(statistics.successes, T((alpha < 0 ? T(-alpha) : T(0)) + log1p_e)) +
               term(statistics.failures, T((alpha > 0 ? alpha : T(0)) + log1p_e))));
  }
}

// d/dalpha_i = s_i sigmoid(-alpha_i) - f_i sigmoid(alpha_i). With h = sigmoid(-|alpha|) =
// e / (1 + e), e = exp(-|alpha|), computed exactly however small, that is
//   N_i h - f_i for alpha_i >= 0,   s_i - N_i h for alpha_i < 0
// (never 1 - sigmoid(alpha), which is 0 in double from alpha = 37 on).
template <class T, class Successes, class Failures, class Alpha, class AlphaAdjoint>
void add_logit_partials(const T& w, const LogitStatistics<T>& statistics, const Broadcast<T>& b, const Successes& s,
                        const Failures& f, const Alpha& alpha, AlphaAdjoint alpha_adjoint) {
  using std::abs;
  using std::exp;
  if (!alpha_adjoint) return;
  if constexpr (kPerObservation<Alpha>) {
    auto h = scratch_array<T>(matrix_detail::kBackwardSlot, b.rows(), b.cols());
    h = exp_of(-alpha.array().abs());
    h = h / (T(1) + h);
    add(alpha_adjoint, w * (alpha.array() >= T(0)).select((s + f) * h - f, s - (s + f) * h));
  } else {
    const T e = exp(T(-abs(alpha)));
    const T h = e / T(1 + e);
    if (statistics.ready) {  // the same with the sums of s and f
      const T successes = statistics.successes, failures = statistics.failures;
      alpha_adjoint += T(w * (alpha >= 0 ? T((successes + failures) * h - failures) : T(successes - (successes + failures) * h)));
    } else if (alpha >= 0) {
      add(alpha_adjoint, w * ((s + f) * h - f));
    } else {
      add(alpha_adjoint, w * (s - (s + f) * h));
    }
  }
}

template <class T>
struct BinomialLogitLogPmf {
  using Scalar = T;
  static constexpr const char* kName = "slope::binomial_logit_log_pmf";
  using Statistics = LogitStatistics<T>;

  template <class Trials, class Alpha>
  static T log_density(Statistics& statistics, const Input<T>& k, const Trials& trials, const Alpha& alpha) {
    check_size(kName, "trials", trials, k);
    check_size(kName, "alpha", alpha, k);
    // The data in one pass: NaN, numbers of trials that are not counts (outside the domain),
    // successes that are not counts or exceed the trials (outside the support), and
    // ln C(N, k) = ln N! - ln k! - ln (N - k)!.
    bool nan = false, outside = false;
    double log_binomial = 0;
    for (Eigen::Index j = 0; j < k.cols(); ++j) {
      for (Eigen::Index i = 0; i < k.rows(); ++i) {
        const double n = passive_value(element(trials, i, j)), successes = passive_value(k(i, j));
        if (std::isnan(successes) || not_a_count(n)) {
          nan = true;
        } else if (not_a_count(successes) || successes > n) {
          outside = true;
        } else {
          log_binomial += log_factorial(n) - log_factorial(successes) - log_factorial(n - successes);
        }
      }
    }
    if (nan) return nan_like<T>();
    if (outside) return T(-kInfinity);
    const Broadcast<T> b(k);
    const auto failures = b(trials) - k.array();
    return T(logit_log_likelihood(statistics, b, k.array(), failures, alpha) + log_binomial);
  }

  template <class Trials, class Alpha, class TrialsAdjoint, class AlphaAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& k, const Trials& trials,
                           const Alpha& alpha, MatrixAdjoint<T>, TrialsAdjoint, AlphaAdjoint alpha_adjoint) {
    const Broadcast<T> b(k);
    add_logit_partials(w, statistics, b, k.array(), b(trials) - k.array(), alpha, alpha_adjoint);
  }

 private:
  template <class P>
  static T element(const P& p, Eigen::Index i, Eigen::Index j) {
    if constexpr (kPerObservation<P>) {
      return p(i, j);
    } else {
      return p;
    }
  }
};

template <class T>
struct BernoulliLogitLogPmf {
  using Scalar = T;
  static constexpr const char* kName = "slope::bernoulli_logit_log_pmf";
  using Statistics = LogitStatistics<T>;

  template <class Alpha>
  static T log_density(Statistics& statistics, const Input<T>& y, const Alpha& alpha) {
    check_size(kName, "alpha", alpha, y);
    if (any(y, [](double v) { return v != 0 && v != 1 && !std::isnan(v); })) return T(-kInfinity);  // NaN: NaN below
    const Broadcast<T> b(y);
    return logit_log_likelihood(statistics, b, y.array(), T(1) - y.array(), alpha);
  }

  template <class Alpha, class AlphaAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& y, const Alpha& alpha,
                           MatrixAdjoint<T>, AlphaAdjoint alpha_adjoint) {
    const Broadcast<T> b(y);
    add_logit_partials(w, statistics, b, y.array(), T(1) - y.array(), alpha, alpha_adjoint);
  }
};

}  // namespace distributions_detail

template <class Successes, class Trials, distributions_detail::Parameter Alpha>
auto binomial_logit_log_pmf(Successes&& k, Trials&& trials, Alpha&& alpha) {
  static_assert(distributions_detail::DataVector<Successes> && distributions_detail::Data<Trials>,
                "slope::binomial_logit_log_pmf: the successes k and the numbers of trials are data, not "
                "variables; give k as an Eigen vector of int or double, trials as a number or such a vector");
  if constexpr (distributions_detail::DataVector<Successes> && distributions_detail::Data<Trials>) {
    return distributions_detail::evaluate<distributions_detail::BinomialLogitLogPmf>(
        std::forward<Successes>(k), std::forward<Trials>(trials), std::forward<Alpha>(alpha));
  }
}

template <class Outcomes, distributions_detail::Parameter Alpha>
auto bernoulli_logit_log_pmf(Outcomes&& y, Alpha&& alpha) {
  static_assert(distributions_detail::DataVector<Outcomes>,
                "slope::bernoulli_logit_log_pmf: the outcomes y are data, not variables; give them as an Eigen "
                "vector of int or double holding 0 and 1");
  if constexpr (distributions_detail::DataVector<Outcomes>) {
    return distributions_detail::evaluate<distributions_detail::BernoulliLogitLogPmf>(std::forward<Outcomes>(y),
                                                                                       std::forward<Alpha>(alpha));
  }
}

}  // namespace slope
