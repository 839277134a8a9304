// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The beta distribution with shapes a and b, summed over the observations:
//
//   beta_log_pdf(y, a, b) = sum_i (a_i - 1) ln y_i + (b_i - 1) ln(1 - y_i) - ln B(a_i, b_i)
//   ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b)
//
// support 0 <= y <= 1 (outside: -inf; at 0 and 1 the limits, as for the gamma density);
// domain a > 0, b > 0 (else NaN). a and b are each a number, a scalar or a vector of y's size;
// y and the parameters may be data or variables. ln B and its derivatives are differences of
// lgamma and digamma values, which lose about log10(max(a, b) / min(a, b)) digits when one
// shape is much larger than the other.
//
//     auto f = [&](const auto& x) { return slope::beta_log_pdf(rates, exp(x[0]), exp(x[1])); };
//     Eigen::VectorXd g = slope::gradient(f, x0);    // one node
//     Eigen::MatrixXd h = slope::hessian(f, x0);     // forward over reverse

#include <utility>

#include "slope/core/special.hpp"
#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct BetaLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::beta_log_pdf";

  struct LogGammaOfSum {
    T operator()(const T& a, const T& b) const { return LogGamma{}(T(a + b)); }
  };
  struct DigammaOfSum {
    T operator()(const T& a, const T& b) const { return digamma(T(a + b)); }
  };
  static SupportScan scan_support(const Input<T>& y) {
    return scan(y, [](double v) { return v < 0 || v > 1; }, [](double v) { return v == 0 || v == 1; });
  }

  // For scalar shapes, away from 0 and 1: sum ln y_i and sum ln(1 - y_i), which their partials need.
  struct Statistics {
    bool ready = false;
    T sum_log_y{0};
    T sum_log1m_y{0};
  };

  template <class A, class B>
  static T log_density(Statistics& statistics, const Input<T>& y, const A& a, const B& b) {
    check_size(kName, "a", a, y);
    check_size(kName, "b", b, y);
    if (!every(a, positive) || !every(b, positive)) return nan_like<T>();
    const SupportScan support = scan_support(y);
    if (support.outside) return T(-kInfinity);
    const Broadcast<T> each(y);
    const bool edge = support.edge;
    if constexpr (!kPerObservation<A> && !kPerObservation<B>) {
      if (!edge) {
        statistics = {true, T(y.array().log().sum()), T((-y.array()).log1p().sum())};
        const T log_beta(LogGamma{}(a) + LogGamma{}(b) - LogGammaOfSum{}(a, b));
        return T((a - 1) * statistics.sum_log_y + (b - 1) * statistics.sum_log1m_y - each.count() * log_beta);
      }
    }
    const T log_beta((each.map(a, LogGamma{}) + each.map(b, LogGamma{}) - each.map(a, b, LogGammaOfSum{})).sum());
    return T(sum_product<T>(each(a) - T(1), y.array().log(), edge) +
             sum_product<T>(each(b) - T(1), (-y.array()).log1p(), edge) - log_beta);
  }

  template <class A, class B, class AAdjoint, class BAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& y, const A& a, const B& b,
                           MatrixAdjoint<T> y_adjoint, AAdjoint a_adjoint, BAdjoint b_adjoint) {
    const Broadcast<T> each(y);
    // d/dy_i = (a_i - 1) / y_i - (b_i - 1) / (1 - y_i)
    if (y_adjoint) {
      const bool edge = scan_support(y).edge;
      add_ratio(y_adjoint, w, each(a) - T(1), y.array(), edge);
      add_ratio(y_adjoint, T(-w), each(b) - T(1), T(1) - y.array(), edge);
    }
    if constexpr (!kPerObservation<A> && !kPerObservation<B>) {
      if (statistics.ready) {
        // d/da = sum ln y_i - n (digamma(a) - digamma(a + b)), d/db = sum ln(1 - y_i) - n (digamma(b) - ...)
        const T digamma_of_sum = DigammaOfSum{}(a, b);
        a_adjoint += T(w * T(statistics.sum_log_y - each.count() * T(digamma(a) - digamma_of_sum)));
        b_adjoint += T(w * T(statistics.sum_log1m_y - each.count() * T(digamma(b) - digamma_of_sum)));
        return;
      }
    }
    const auto digamma_sum = each.map(a, b, DigammaOfSum{});
    // d/da_i = ln y_i - digamma(a_i) + digamma(a_i + b_i)
    add(a_adjoint, w * (y.array().log() - each.map(a, Digamma{}) + digamma_sum));
    // d/db_i = ln(1 - y_i) - digamma(b_i) + digamma(a_i + b_i)
    add(b_adjoint, w * ((-y.array()).log1p() - each.map(b, Digamma{}) + digamma_sum));
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter A, distributions_detail::Parameter B>
auto beta_log_pdf(Y&& y, A&& a, B&& b) {
  return distributions_detail::evaluate<distributions_detail::BetaLogPdf>(std::forward<Y>(y), std::forward<A>(a),
                                                                           std::forward<B>(b));
}

}  // namespace slope
