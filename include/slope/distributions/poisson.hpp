// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The Poisson distribution, by its rate lambda or its log-rate eta, summed over the counts:
//
//   poisson_log_pmf(n, lambda)        = sum_i n_i ln lambda_i - lambda_i - ln(n_i!)
//   poisson_log_rate_log_pmf(n, eta)  = sum_i n_i eta_i - exp(eta_i) - ln(n_i!)
//
// The counts n are data: an Eigen vector (or matrix) of int or double holding integers >= 0
// (anything else gives -inf; an int vector is converted on each call, a double one is not).
// Domain: 0 <= lambda < inf (0 ln 0 = 0: a rate of 0 gives 0 for a zero count), eta finite;
// else NaN. The log-rate form never forms exp(eta) / lambda's logarithm, so it is exact for
// every eta down to -1e308, and for eta > 709.78 the value -exp(eta) rounds to -inf (then the
// derivatives are 0, see slope/distributions/detail.hpp). Each parameter is a number, a scalar
// or a vector of the counts' size (Poisson regression: eta = X beta).
//
//     Eigen::VectorXd counts = ...;  Eigen::MatrixXd X = ...;
//     auto f = [&](const auto& beta) { return slope::poisson_log_rate_log_pmf(counts, X * beta); };
//     Eigen::MatrixXd h = slope::hessian(f, beta0);   // -X^T diag(exp(X beta)) X

#include <cmath>
#include <utility>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct PoissonLogPmf {
  using Scalar = T;
  static constexpr const char* kName = "slope::poisson_log_pmf";

  // For a scalar rate: the sum of the counts, which its partial needs.
  struct Statistics {
    bool ready = false;
    T sum_n{0};
  };

  template <class Rate>
  static T log_density(Statistics& statistics, const Input<T>& n, const Rate& lambda) {
    using std::log;
    check_size(kName, "lambda", lambda, n);
    if (!every(lambda, [](double v) { return v >= 0 && v < kInfinity; })) return nan_like<T>();
    const CountSummary counts = summarize_counts(n);
    if (counts.nan) return nan_like<T>();
    if (counts.outside) return T(-kInfinity);
    const Broadcast<T> b(n);
    if constexpr (!kPerObservation<Rate>) {
      statistics = {true, T(n.sum())};
      const T log_term = passive_value(statistics.sum_n) == 0 ? T(0) : T(statistics.sum_n * log(lambda));  // 0 ln 0 = 0
      return T(log_term - b.count() * lambda - counts.log_factorials);
    } else {
      return T(sum_product<T>(n.array(), b.log(lambda), any(lambda, is_zero)) - b(lambda).sum() - counts.log_factorials);
    }
  }

  template <class Rate, class RateAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& n, const Rate& lambda,
                           MatrixAdjoint<T>, RateAdjoint lambda_adjoint) {
    const Broadcast<T> b(n);
    if constexpr (!kPerObservation<Rate>) {
      if (statistics.ready) {
        // d/dlambda = sum n_i / lambda - n, with 0 / 0 = 0
        const T ratio = passive_value(statistics.sum_n) == 0 ? T(0) : T(statistics.sum_n / lambda);
        lambda_adjoint += T(w * T(ratio - b.count()));
        return;
      }
    }
    // d/dlambda_i = n_i / lambda_i - 1
    add_ratio(lambda_adjoint, w, n.array(), b(lambda), any(lambda, is_zero));
    add(lambda_adjoint, b.constant(T(-w)));
  }
};

// exp of a number, or of an Eigen array (see exp_of): once for a scalar log-rate.
struct Exp {
  template <class A>
  auto operator()(const A& a) const {
    using std::exp;
    if constexpr (EigenDense<A>) {
      return exp_of(a);
    } else {
      return exp(a);
    }
  }
};

template <class T>
struct PoissonLogRateLogPmf {
  using Scalar = T;
  static constexpr const char* kName = "slope::poisson_log_rate_log_pmf";

  // For a scalar log-rate: the sum of the counts, which its partial needs.
  struct Statistics {
    bool ready = false;
    T sum_n{0};
  };

  template <class LogRate>
  static T log_density(Statistics& statistics, const Input<T>& n, const LogRate& eta) {
    using std::exp;
    check_size(kName, "eta", eta, n);
    if (!every(eta, [](double v) { return std::isfinite(v); })) return nan_like<T>();
    const CountSummary counts = summarize_counts(n);
    if (counts.nan) return nan_like<T>();
    if (counts.outside) return T(-kInfinity);
    const Broadcast<T> b(n);
    if constexpr (!kPerObservation<LogRate>) {
      statistics = {true, T(n.sum())};
      return T(statistics.sum_n * eta - b.count() * exp(eta) - counts.log_factorials);
    } else {
      return T((n.array() * b(eta) - b.apply(eta, Exp{})).sum() - counts.log_factorials);
    }
  }

  template <class LogRate, class LogRateAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& n, const LogRate& eta,
                           MatrixAdjoint<T>, LogRateAdjoint eta_adjoint) {
    using std::exp;
    const Broadcast<T> b(n);
    if constexpr (!kPerObservation<LogRate>) {
      if (statistics.ready) {
        eta_adjoint += T(w * T(statistics.sum_n - b.count() * exp(eta)));  // d/deta = sum n_i - n exp(eta)
        return;
      }
    }
    add(eta_adjoint, w * (n.array() - b.apply(eta, Exp{})));  // d/deta_i = n_i - exp(eta_i)
  }
};

}  // namespace distributions_detail

template <class Counts, distributions_detail::Parameter Rate>
auto poisson_log_pmf(Counts&& n, Rate&& lambda) {
  static_assert(distributions_detail::DataVector<Counts>,
                "slope::poisson_log_pmf: the counts n are data, not variables; give them as an Eigen vector "
                "of int or double");
  if constexpr (distributions_detail::DataVector<Counts>) {
    return distributions_detail::evaluate<distributions_detail::PoissonLogPmf>(std::forward<Counts>(n),
                                                                                std::forward<Rate>(lambda));
  }
}

template <class Counts, distributions_detail::Parameter LogRate>
auto poisson_log_rate_log_pmf(Counts&& n, LogRate&& eta) {
  static_assert(distributions_detail::DataVector<Counts>,
                "slope::poisson_log_rate_log_pmf: the counts n are data, not variables; give them as an Eigen "
                "vector of int or double");
  if constexpr (distributions_detail::DataVector<Counts>) {
    return distributions_detail::evaluate<distributions_detail::PoissonLogRateLogPmf>(std::forward<Counts>(n),
                                                                                       std::forward<LogRate>(eta));
  }
}

}  // namespace slope
