// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The exponential distribution with rate lambda, summed over the observations:
//
//   exponential_log_pdf(y, lambda) = sum_i ln lambda_i - lambda_i y_i
//
// support y_i >= 0 (y_i < 0 gives -inf); domain lambda > 0 (else NaN). lambda is a number, a
// scalar or a vector of y's size; y and lambda may be data or variables. One node in reverse
// mode, closed-form tangents in forward mode (see slope/distributions/evaluate.hpp).
//
//     Eigen::VectorXd waits = ...;                                  // observed waiting times
//     auto f = [&](const auto& x) { return slope::exponential_log_pdf(waits, exp(x[0])); };
//     Eigen::VectorXd g = slope::gradient(f, Eigen::VectorXd::Zero(1));  // n - sum(waits)

#include <utility>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct ExponentialLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::exponential_log_pdf";

  // For a scalar rate: sum y_i, which its partial needs.
  struct Statistics {
    bool ready = false;
    T sum_y{0};
  };

  template <class Rate>
  static T log_density(Statistics& statistics, const Input<T>& y, const Rate& lambda) {
    using std::log;
    check_size(kName, "lambda", lambda, y);
    if (!every(lambda, positive)) return nan_like<T>();
    if (any(y, negative)) return T(-kInfinity);
    const Broadcast<T> b(y);
    if constexpr (!kPerObservation<Rate>) {
      statistics = {true, T(y.sum())};
      return T(b.count() * log(lambda) - lambda * statistics.sum_y);
    } else {
      return T((b.log(lambda) - b(lambda) * y.array()).sum());
    }
  }

  template <class Rate, class RateAdjoint>
  static void add_partials(const T& w, const Statistics& statistics, const Input<T>& y, const Rate& lambda,
                           MatrixAdjoint<T> y_adjoint, RateAdjoint lambda_adjoint) {
    const Broadcast<T> b(y);
    add(y_adjoint, T(-w) * b(lambda));  // d/dy_i = -lambda_i
    if constexpr (!kPerObservation<Rate>) {
      if (statistics.ready) {
        lambda_adjoint += T(w * T(b.count() / lambda - statistics.sum_y));  // d/dlambda = n/lambda - sum y_i
        return;
      }
    }
    add(lambda_adjoint, w * (b.inverse(lambda) - y.array()));  // d/dlambda_i = 1/lambda_i - y_i
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter Rate>
auto exponential_log_pdf(Y&& y, Rate&& lambda) {
  return distributions_detail::evaluate<distributions_detail::ExponentialLogPdf>(std::forward<Y>(y),
                                                                                  std::forward<Rate>(lambda));
}

}  // namespace slope
