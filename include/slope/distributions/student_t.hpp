// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Student's t distribution with nu degrees of freedom, location mu and scale sigma, summed over
// the observations (z_i = (y_i - mu_i) / sigma_i, r_i = z_i^2 / nu_i):
//
//   student_t_log_pdf(y, nu, mu, sigma) = sum_i C(nu_i) - ln sigma_i - (nu_i + 1)/2 ln(1 + r_i)
//   C(nu) = ln Gamma((nu + 1)/2) - ln Gamma(nu/2) - ln(nu pi)/2
//
// support: every real y; domain nu > 0, sigma > 0 (else NaN). Each parameter is a number, a
// scalar or a vector of y's size; y and the parameters may be data or variables. For large nu,
// C and dC/dnu come from their asymptotic series (the lgamma and digamma differences cancel),
// and ln(1 + r) - r/(1 + r) from its Taylor series for small r, so the nu-derivative stays
// accurate up to nu = 1e15 and beyond (where t is the normal distribution to double precision).
//
//     auto f = [&](const auto& x) { return slope::student_t_log_pdf(y, 4.0, x[0], exp(x[1])); };
//     Eigen::VectorXd g = slope::gradient(f, x0);   // robust regression on a location and log-scale
//     Eigen::MatrixXd h = slope::hessian(f, x0);

#include <cmath>
#include <utility>

#include "slope/core/special.hpp"
#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

// From this nu on, C(nu) and C'(nu) use their series (error < 1e-17 relative there).
inline constexpr double kStudentSeriesFrom = 50;

// C(nu) = ln Gamma((nu+1)/2) - ln Gamma(nu/2) - ln(nu pi)/2. Series: ln Gamma(x + 1/2) -
// ln Gamma(x) = ln(x)/2 + sum_k (2^(1-k) - 2) B_k / (k (k-1) x^(k-1)) (k even, B_k Bernoulli):
//   C(nu) = -ln(2 pi)/2 - 1/(4 nu) + 1/(24 nu^3) - 1/(20 nu^5) + 17/(112 nu^7) - 31/(36 nu^9)
struct StudentConstant {
  template <class T>
  T operator()(const T& nu) const {
    using std::lgamma;
    using std::log;
    if (passive_value(nu) >= kStudentSeriesFrom) {
      const T v = T(1) / nu;
      const T v2 = v * v;
      return T(-kHalfLogTwoPi - v * (0.25 - v2 * (1.0 / 24 - v2 * (1.0 / 20 - v2 * (17.0 / 112 - v2 * (31.0 / 36))))));
    }
    return T(lgamma(T(0.5 * (nu + 1))) - lgamma(T(0.5 * nu)) - 0.5 * (kLogPi + log(nu)));
  }
};

// C'(nu) = (digamma((nu+1)/2) - digamma(nu/2))/2 - 1/(2 nu); series, the derivative of C's:
//   C'(nu) = 1/(4 nu^2) - 1/(8 nu^4) + 1/(4 nu^6) - 17/(16 nu^8) + 31/(4 nu^10)
struct StudentConstantDerivative {
  template <class T>
  T operator()(const T& nu) const {
    if (passive_value(nu) >= kStudentSeriesFrom) {
      const T v2 = T(1) / (nu * nu);
      return T(v2 * (0.25 - v2 * (0.125 - v2 * (0.25 - v2 * (17.0 / 16 - v2 * (31.0 / 4))))));
    }
    return T(0.5 * (digamma(T(0.5 * (nu + 1))) - digamma(T(0.5 * nu))) - 0.5 / nu);
  }
};

// g(r) = r/(1 + r) - ln(1 + r), which cancels for small r: there its Taylor series
//   g(r) = sum_{k >= 2} (-1)^(k+1) (k-1)/k r^k   (to r^9: error < 1e-17 relative for r < 1e-3).
struct RatioMinusLog1p {
  template <class T>
  T operator()(const T& r) const {
    using std::log1p;
    if (passive_value(r) < 1e-3) {
      return T(r * r * (-0.5 + r * (2.0 / 3 + r * (-0.75 + r * (0.8 + r * (-5.0 / 6 + r * (6.0 / 7 + r * (-7.0 / 8 + r * (8.0 / 9)))))))));
    }
    return T(r / (1 + r) - log1p(r));
  }
};

template <class T>
struct StudentTLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::student_t_log_pdf";

  template <class Nu, class Mu, class Sigma>
  static void check(const Input<T>& y, const Nu& nu, const Mu& mu, const Sigma& sigma) {
    check_size(kName, "nu", nu, y);
    check_size(kName, "mu", mu, y);
    check_size(kName, "sigma", sigma, y);
  }

  template <class Nu, class Mu, class Sigma>
  static T log_density(const Input<T>& y, const Nu& nu, const Mu& mu, const Sigma& sigma) {
    check(y, nu, mu, sigma);
    if (!every(nu, positive) || !every(sigma, positive)) return nan_like<T>();
    const Broadcast<T> b(y);
    const auto z = (y.array() - b(mu)) * b.inverse(sigma);
    const auto log1p_r = (z.square() * b.inverse(nu)).log1p();
    return T((b.map(nu, StudentConstant{}) - b.log(sigma) - T(0.5) * (b(nu) + T(1)) * log1p_r).sum());
  }

  template <class Nu, class Mu, class Sigma, class NuAdjoint, class MuAdjoint, class SigmaAdjoint>
  static void add_partials(const T& w, const Input<T>& y, const Nu& nu, const Mu& mu, const Sigma& sigma,
                           MatrixAdjoint<T> y_adjoint, NuAdjoint nu_adjoint, MuAdjoint mu_adjoint,
                           SigmaAdjoint sigma_adjoint) {
    const Broadcast<T> b(y);
    // u = (nu + 1) z / (nu + z^2) = -sigma d/dy, stored: four partials read it
    auto u = scratch_array<T>(matrix_detail::kBackwardSlot, b.rows(), b.cols());
    const auto inverse_sigma = b.inverse(sigma);
    const auto z = (y.array() - b(mu)) * inverse_sigma;
    u = (b(nu) + T(1)) * z / (b(nu) + z.square());
    add(y_adjoint, T(-w) * u * inverse_sigma);                  // d/dy_i = -u_i / sigma_i
    add(mu_adjoint, w * u * inverse_sigma);                     // d/dmu_i = u_i / sigma_i
    add(sigma_adjoint, w * (u * z - T(1)) * inverse_sigma);     // d/dsigma_i = (u_i z_i - 1) / sigma_i
    // d/dnu_i = C'(nu_i) + g(r_i)/2 + r_i / (2 nu_i (1 + r_i)),  g(r) = r/(1+r) - ln(1+r)
    if (nu_adjoint) {
      const auto r = z.square() * b.inverse(nu);
      add(nu_adjoint, w * (b.map(nu, StudentConstantDerivative{}) + T(0.5) * r.unaryExpr(RatioMinusLog1p{}) +
                           T(0.5) * r * b.inverse(nu) / (T(1) + r)));
    }
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter Nu, distributions_detail::Parameter Mu,
          distributions_detail::Parameter Sigma>
auto student_t_log_pdf(Y&& y, Nu&& nu, Mu&& mu, Sigma&& sigma) {
  return distributions_detail::evaluate<distributions_detail::StudentTLogPdf>(
      std::forward<Y>(y), std::forward<Nu>(nu), std::forward<Mu>(mu), std::forward<Sigma>(sigma));
}

}  // namespace slope
