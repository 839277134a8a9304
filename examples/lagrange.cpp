// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Constrained minimisation with a Lagrange multiplier: Newton's method on grad L = 0.
//
// To minimise f(x, y) subject to c(x, y) = 0, form the Lagrangian
//   L(x, y, lambda) = f(x, y) - lambda c(x, y).
// At a constrained minimum, grad f is parallel to grad c (grad f = lambda grad c) and c = 0:
// together, grad L = 0 in all three variables. That point is a SADDLE of L, not a minimum
// (the Hessian of L has a negative eigenvalue), so L cannot be minimised by descent; instead
// Newton's method solves the equations grad L = 0 directly:
//   z <- z - H(z)^-1 grad L(z),  z = (x, y, lambda),  H = the Hessian of L
// (the Jacobian of grad L). slope supplies both: gradient by reverse mode, Hessian by forward
// over reverse.
//   1. f = x^2 + y^2, c = x + y - 1. L is quadratic, so one Newton step lands on the answer
//      (0.5, 0.5), lambda = 1. lambda is the sensitivity of the optimum: with x + y = s the
//      minimum is s^2 / 2, whose derivative at s = 1 is 1.
//   2. f = x + y, c = x^2 + y^2 - 1 (the unit circle). The answer is x = y = -1/sqrt(2),
//      lambda = -1/sqrt(2); Newton converges quadratically (the error squares each step).
// Exits non-zero if either solution is off by more than 1e-12.

#include <Eigen/Dense>

#include <cmath>
#include <cstdio>

#include "slope/slope.hpp"

namespace {

// Newton's method on grad L = 0 from z; prints each iterate.
template <class Lagrangian>
Eigen::VectorXd solve_stationary(const Lagrangian& lagrangian, Eigen::VectorXd z) {
  std::printf("   %4s  %12s  %12s  %12s  %10s\n", "step", "x", "y", "lambda", "|grad L|");
  for (int step = 0; step <= 20; ++step) {
    const Eigen::VectorXd grad = slope::gradient(lagrangian, z);
    std::printf("   %4d  %12.9f  %12.9f  %12.9f  %10.3e\n", step, z[0], z[1], z[2], grad.norm());
    if (grad.norm() < 1e-14) break;
    const Eigen::MatrixXd hess = slope::hessian(lagrangian, z);
    z -= hess.partialPivLu().solve(grad);
  }
  return z;
}

}  // namespace

int main() {
  std::printf("Lagrange multipliers: solve grad L = 0 by Newton's method with slope's Hessian\n\n");

  std::printf("1. minimise x^2 + y^2 subject to x + y = 1, from (x, y, lambda) = (3, -2, 0)\n");
  const auto quadratic = [](const auto& z) { return z[0] * z[0] + z[1] * z[1] - z[2] * (z[0] + z[1] - 1.0); };
  const Eigen::VectorXd first = solve_stationary(quadratic, Eigen::Vector3d(3.0, -2.0, 0.0));
  const Eigen::VectorXd eigenvalues =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(slope::hessian(quadratic, first)).eigenvalues();
  std::printf("   eigenvalues of the Hessian of L: %.4f, %.4f, %.4f -- a saddle point, as expected\n",
              eigenvalues[0], eigenvalues[1], eigenvalues[2]);
  std::printf("   lambda = %.12f: d(minimum)/d(right-hand side) = d(s^2/2)/ds at s = 1 = 1\n\n", first[2]);
  const bool first_ok = (first - Eigen::Vector3d(0.5, 0.5, 1.0)).norm() < 1e-12 && eigenvalues[0] < 0.0;

  std::printf("2. minimise x + y subject to x^2 + y^2 = 1, from (x, y, lambda) = (-1, -0.2, -1)\n");
  const auto circle = [](const auto& z) { return z[0] + z[1] - z[2] * (z[0] * z[0] + z[1] * z[1] - 1.0); };
  const Eigen::VectorXd second = solve_stationary(circle, Eigen::Vector3d(-1.0, -0.2, -1.0));
  const double r = 1.0 / std::sqrt(2.0);
  std::printf("   expected x = y = lambda = -1/sqrt(2) = %.9f\n", -r);
  // A minimum, not a maximum: along the circle, the curvature of L in (x, y) is -2 lambda > 0.
  std::printf("   curvature of L along the constraint: -2 lambda = %.6f > 0, so a minimum\n", -2.0 * second[2]);
  const bool second_ok = (second - Eigen::Vector3d(-r, -r, -r)).norm() < 1e-12;

  const bool ok = first_ok && second_ok;
  std::printf("\n%s\n", ok ? "both constrained minima found" : "FAILED: a constrained minimum was missed");
  return ok ? 0 : 1;
}
