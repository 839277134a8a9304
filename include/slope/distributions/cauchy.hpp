// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The Cauchy distribution with location mu and scale sigma, summed over the observations
// (z_i = (y_i - mu_i) / sigma_i):
//
//   cauchy_log_pdf(y, mu, sigma) = sum_i -ln pi - ln sigma_i - ln(1 + z_i^2)
//
// support: every real y; domain sigma > 0 (else NaN). mu and sigma are each a number, a scalar
// or a vector of y's size; y and the parameters may be data or variables.
//
//     auto f = [&](const auto& x) { return slope::cauchy_log_pdf(y, x[0], exp(x[1])); };
//     Eigen::VectorXd g = slope::gradient(f, x0);    // one node
//     Eigen::MatrixXd h = slope::hessian(f, x0);     // forward over reverse

#include <utility>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct CauchyLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::cauchy_log_pdf";

  template <class Mu, class Sigma>
  static T log_density(const Input<T>& y, const Mu& mu, const Sigma& sigma) {
    check_size(kName, "mu", mu, y);
    check_size(kName, "sigma", sigma, y);
    if (!every(sigma, positive)) return nan_like<T>();
    const Broadcast<T> b(y);
    const auto z = (y.array() - b(mu)) * b.inverse(sigma);
    return T((T(-kLogPi) - b.log(sigma) - z.square().log1p()).sum());
  }

  template <class Mu, class Sigma, class MuAdjoint, class SigmaAdjoint>
  static void add_partials(const T& w, const Input<T>& y, const Mu& mu, const Sigma& sigma, MatrixAdjoint<T> y_adjoint,
                           MuAdjoint mu_adjoint, SigmaAdjoint sigma_adjoint) {
    const Broadcast<T> b(y);
    // u = 2 z / (1 + z^2) = -sigma d/dy, stored: three partials read it
    auto u = scratch_array<T>(matrix_detail::kBackwardSlot, b.rows(), b.cols());
    const auto inverse_sigma = b.inverse(sigma);
    const auto z = (y.array() - b(mu)) * inverse_sigma;
    u = T(2) * z / (T(1) + z.square());
    add(y_adjoint, T(-w) * u * inverse_sigma);                // d/dy_i = -u_i / sigma_i
    add(mu_adjoint, w * u * inverse_sigma);                   // d/dmu_i = u_i / sigma_i
    add(sigma_adjoint, w * (u * z - T(1)) * inverse_sigma);   // d/dsigma_i = (u_i z_i - 1) / sigma_i
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter Mu, distributions_detail::Parameter Sigma>
auto cauchy_log_pdf(Y&& y, Mu&& mu, Sigma&& sigma) {
  return distributions_detail::evaluate<distributions_detail::CauchyLogPdf>(std::forward<Y>(y), std::forward<Mu>(mu),
                                                                             std::forward<Sigma>(sigma));
}

}  // namespace slope
