// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The gamma distribution with shape alpha and rate beta, summed over the observations:
//
//   gamma_log_pdf(y, alpha, beta) = sum_i alpha_i ln beta_i - ln Gamma(alpha_i)
//                                         + (alpha_i - 1) ln y_i - beta_i y_i
//
// support y >= 0 (y < 0 gives -inf; at y = 0 the limit: +inf for alpha < 1, ln beta for
// alpha = 1, -inf for alpha > 1); domain alpha > 0, beta > 0 (else NaN). alpha and beta are
// each a number, a scalar or a vector of y's size; y and the parameters may be data or variables.
//
//     auto f = [&](const auto& x) { return slope::gamma_log_pdf(y, exp(x[0]), exp(x[1])); };
//     Eigen::VectorXd g = slope::gradient(f, x0);    // d/dalpha uses digamma (slope/core/special.hpp)
//     Eigen::MatrixXd h = slope::hessian(f, x0);     // and trigamma, through a nested dual

#include <utility>

#include "slope/core/special.hpp"
#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct GammaLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::gamma_log_pdf";

  // For scalar shape and rate, away from y = 0: sum ln y_i and sum y_i, which their partials need.
  struct Statistics {
    bool ready = false;
    T sum_log_y{0};
    T sum_y{0};
  };

  template <class Alpha, class Beta>
  static T log_density(Statistics& statistics, const Input<T>& y, const Alpha& alpha, const Beta& beta) {
    check_size(kName, "alpha", alpha, y);
    check_size(kName, "beta", beta, y);
    if (!every(alpha, positive) || !every(beta, positive)) return nan_like<T>();
    const SupportScan support = scan(y, negative, is_zero);
    if (support.outside) return T(-kInfinity);
    const Broadcast<T> b(y);
    if constexpr (!kPerObservation<Alpha> && !kPerObservation<Beta>) {
      if (!support.edge) {
        using std::log;
        statistics = {true, T(y.array().log().sum()), T(y.sum())};
        return T(b.count() * T(alpha * log(beta) - LogGamma{}(alpha)) + (alpha - 1) * statistics.sum_log_y -
                 beta * statistics.sum_y);
      }
    }
    const auto rest = b(alpha) * b.log(beta) - b.map(alpha, LogGamma{}) - b(beta) * y.array();
    if (support.edge) return T(T(rest.sum()) + sum_product<T>(b(alpha) - T(1), y.array().log(), true));
    return T((rest + (b(alpha) - T(1)) * y.array().log()).sum());  // one pass
  }

  template <class Alpha, class Beta, class AlphaAdjoint, class BetaAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& y, const Alpha& alpha,
                           const Beta& beta, MatrixAdjoint<T> y_adjoint, AlphaAdjoint alpha_adjoint,
                           BetaAdjoint beta_adjoint) {
    const Broadcast<T> b(y);
    // d/dy_i = (alpha_i - 1) / y_i - beta_i
    if (y_adjoint) {
      add_ratio(y_adjoint, w, b(alpha) - T(1), y.array(), any(y, is_zero));
      add(y_adjoint, T(-w) * b(beta));
    }
    if constexpr (!kPerObservation<Alpha> && !kPerObservation<Beta>) {
      if (statistics.ready) {
        using std::log;
        // d/dalpha = n (ln beta - digamma(alpha)) + sum ln y_i,  d/dbeta = n alpha / beta - sum y_i
        alpha_adjoint += T(w * T(b.count() * T(log(beta) - digamma(alpha)) + statistics.sum_log_y));
        beta_adjoint += T(w * T(b.count() * alpha / beta - statistics.sum_y));
        return;
      }
    }
    // d/dalpha_i = ln beta_i - digamma(alpha_i) + ln y_i
    add(alpha_adjoint, w * (b.log(beta) - b.map(alpha, Digamma{}) + y.array().log()));
    // d/dbeta_i = alpha_i / beta_i - y_i
    add(beta_adjoint, w * (b(alpha) * b.inverse(beta) - y.array()));
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter Alpha, distributions_detail::Parameter Beta>
auto gamma_log_pdf(Y&& y, Alpha&& alpha, Beta&& beta) {
  return distributions_detail::evaluate<distributions_detail::GammaLogPdf>(std::forward<Y>(y), std::forward<Alpha>(alpha),
                                                                            std::forward<Beta>(beta));
}

}  // namespace slope
