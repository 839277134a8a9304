// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A user program that must compile unchanged: the Jacobian of the Lorenz system's right-hand
// side, written with the argument's Scalar, in reverse mode, forward mode and against the
// analytic Jacobian.
#include <cstdio>

#include "slope/slope.hpp"

template <class State>
Eigen::Matrix<typename State::Scalar, 3, 1> lorenz(const State& u, double sigma, double rho, double beta) {
  Eigen::Matrix<typename State::Scalar, 3, 1> du;
  du[0] = sigma * (u[1] - u[0]);
  du[1] = u[0] * (rho - u[2]) - u[1];
  du[2] = u[0] * u[1] - beta * u[2];
  return du;
}

int main() {
  const double sigma = 10.0, rho = 28.0, beta = 8.0 / 3.0;
  const auto rhs = [&](const auto& u) { return lorenz(u, sigma, rho, beta); };
  const Eigen::Vector3d u(1.0, -2.0, 20.0);
  Eigen::Matrix3d expected;
  expected << -sigma, sigma, 0, rho - u[2], -1, -u[0], u[1], u[0], -beta;
  const Eigen::MatrixXd reverse = slope::jacobian_reverse(rhs, Eigen::VectorXd(u));
  const Eigen::MatrixXd forward = slope::jacobian_forward(rhs, Eigen::VectorXd(u));
  const Eigen::MatrixXd either = slope::jacobian(rhs, u);
  const auto [value, jac] = slope::value_and_jacobian(rhs, Eigen::VectorXd(u));
  const bool ok = reverse.isApprox(expected, 1e-14) && forward.isApprox(expected, 1e-14) && either.isApprox(expected, 1e-14) &&
                  jac.isApprox(expected, 1e-14) && value.isApprox(lorenz(u, sigma, rho, beta)) &&
                  slope::check_jacobian(rhs, Eigen::VectorXd(u)).passed;
  std::printf("Lorenz Jacobian at (1, -2, 20): %s\n", ok ? "exact in every mode" : "WRONG");
  return ok ? 0 : 1;
}
