// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The lognormal distribution (ln y is normal with mean mu and standard deviation sigma), summed
// over the observations (z_i = (ln y_i - mu_i) / sigma_i):
//
//   lognormal_log_pdf(y, mu, sigma) = sum_i -ln y_i - ln sigma_i - ln(2 pi)/2 - z_i^2 / 2
//
// support y > 0 (y <= 0 gives -inf, the limit at 0); domain sigma > 0 (else NaN). mu and sigma
// are each a number, a scalar or a vector of y's size; y and the parameters may be data or
// variables.
//
//     auto f = [&](const auto& x) { return slope::lognormal_log_pdf(incomes, x[0], exp(x[1])); };
//     Eigen::VectorXd g = slope::gradient(f, x0);    // one node
//     Eigen::MatrixXd h = slope::hessian(f, x0);     // forward over reverse

#include <utility>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct LognormalLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::lognormal_log_pdf";

  template <class Mu, class Sigma>
  static T log_density(const Input<T>& y, const Mu& mu, const Sigma& sigma) {
    check_size(kName, "mu", mu, y);
    check_size(kName, "sigma", sigma, y);
    if (!every(sigma, positive)) return nan_like<T>();
    if (any(y, [](double v) { return v <= 0; })) return T(-kInfinity);
    const Broadcast<T> b(y);
    const auto log_y = y.array().log();
    const auto z = (log_y - b(mu)) * b.inverse(sigma);
    return T((T(-kHalfLogTwoPi) - log_y - b.log(sigma) - T(0.5) * z.square()).sum());
  }

  template <class Mu, class Sigma, class MuAdjoint, class SigmaAdjoint>
  static void add_partials(const T& w, const Input<T>& y, const Mu& mu, const Sigma& sigma, MatrixAdjoint<T> y_adjoint,
                           MuAdjoint mu_adjoint, SigmaAdjoint sigma_adjoint) {
    const Broadcast<T> b(y);
    // z is stored: three partials read it, and it costs a logarithm
    auto z = scratch_array<T>(matrix_detail::kBackwardSlot, b.rows(), b.cols());
    const auto inverse_sigma = b.inverse(sigma);
    z = (y.array().log() - b(mu)) * inverse_sigma;
    add(y_adjoint, T(-w) * (T(1) + z * inverse_sigma) / y.array());   // d/dy_i = -(1 + z_i/sigma_i) / y_i
    add(mu_adjoint, w * z * inverse_sigma);                           // d/dmu_i = z_i / sigma_i
    add(sigma_adjoint, w * (z.square() - T(1)) * inverse_sigma);      // d/dsigma_i = (z_i^2 - 1) / sigma_i
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter Mu, distributions_detail::Parameter Sigma>
auto lognormal_log_pdf(Y&& y, Mu&& mu, Sigma&& sigma) {
  return distributions_detail::evaluate<distributions_detail::LognormalLogPdf>(std::forward<Y>(y), std::forward<Mu>(mu),
                                                                                std::forward<Sigma>(sigma));
}

}  // namespace slope
