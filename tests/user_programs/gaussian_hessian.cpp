// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A user program that must compile unchanged: the Hessian of a Gaussian log-likelihood in
// (mu, log sigma), written with an accumulator as users write it (slope::scalar_t), against
// the observed information in closed form.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "slope/slope.hpp"

int main() {
  std::mt19937 rng(11);
  std::normal_distribution<double> normal(3.0, 2.0);
  std::vector<double> data(200);
  for (double& d : data) d = normal(rng);

  const auto log_likelihood = [&](const auto& theta) {
    using std::exp;
    const auto mu = theta[0];
    const auto log_sigma = theta[1];
    slope::scalar_t<decltype(theta)> total = 0.0;
    for (double d : data) {
      const auto z = (d - mu) * exp(-log_sigma);
      total += -0.5 * z * z - log_sigma;
    }
    return total;
  };
  const Eigen::Vector2d theta(2.5, std::log(1.7));
  const Eigen::MatrixXd h = slope::hessian(log_likelihood, Eigen::VectorXd(theta));
  // Closed form: with s = sigma, r_i = d_i - mu: d2/dmu2 = -n/s^2, d2/dmu dlogs = -2 sum r / s^2,
  // d2/dlogs2 = -2 sum r^2 / s^2.
  const double s2 = std::exp(2 * theta[1]);
  double sum_r = 0, sum_r2 = 0;
  for (double d : data) {
    sum_r += d - theta[0];
    sum_r2 += (d - theta[0]) * (d - theta[0]);
  }
  Eigen::Matrix2d expected;
  expected << -static_cast<double>(data.size()) / s2, -2 * sum_r / s2, -2 * sum_r / s2, -2 * sum_r2 / s2;
  const bool ok = h.isApprox(expected, 1e-12) && slope::hessian_forward(log_likelihood, Eigen::VectorXd(theta)).isApprox(expected, 1e-12) &&
                  slope::check_hessian(log_likelihood, Eigen::VectorXd(theta)).passed;
  std::printf("Hessian of the Gaussian log-likelihood: %s\n", ok ? "matches the closed form" : "WRONG");
  return ok ? 0 : 1;
}
