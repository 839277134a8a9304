// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Newton's method with a sparse Hessian on n = 100 489 unknowns, which dense Newton cannot
// touch: its Hessian alone would take 81 GB and n / 4 = 25 000 forward-over-reverse
// recordings per iteration.
//
// The problem: the discrete nonlinear Poisson equation -Laplace(u) + u^3 = f on the unit
// square, u = 0 on the boundary, on an m x m grid of interior points (m = 317, h = 1/(m + 1)),
// as the minimum of the convex energy
//   E(u) = sum over grid edges of 1/2 (u_i - u_j)^2   (u = 0 outside the grid)
//        + h^2 sum_k (u_k^4 / 4 - f_k u_k),
// whose gradient is L u + h^2 (u^3 - f), L the 5-point Laplacian. f is made from a chosen
// u* (f = L u* / h^2 + u*^3, by hand), so the exact minimiser is u*.
//
// slope::SparseHessian detects the 5-point pattern of the Hessian L + 3 h^2 diag(u^2) once,
// star-colours it (5 colours), and then evaluates it at each iterate with two
// forward-over-reverse recordings; Eigen::SimplicialLDLT analyses the pattern once and
// factorizes the lower triangle at every step. A backtracking line search keeps E
// decreasing. Prints the iterations, the times and the colours; exits non-zero unless u
// matches u* to 1e-9 (max norm).

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "slope/slope.hpp"
#include "slope/sparse.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The energy of the nonlinear Poisson problem on an m x m grid, generic in its scalar.
struct PoissonEnergy {
  Eigen::Index m;
  Eigen::VectorXd f;

  double h2() const { return 1.0 / double((m + 1) * (m + 1)); }

  template <class X>
  typename X::Scalar operator()(const X& u) const {
    using S = typename X::Scalar;
    S energy = 0.0;
    for (Eigen::Index r = 0; r < m; ++r) {
      for (Eigen::Index c = 0; c < m; ++c) {
        const Eigen::Index k = r * m + c;
        const S uk = u[k];
        // each edge once: to the right and downwards; the boundary (u = 0) on all four sides
        energy += 0.5 * slope::square(c + 1 < m ? S(u[k + 1] - uk) : uk);
        energy += 0.5 * slope::square(r + 1 < m ? S(u[k + m] - uk) : uk);
        if (c == 0) energy += 0.5 * slope::square(uk);
        if (r == 0) energy += 0.5 * slope::square(uk);
        energy += h2() * (0.25 * slope::square(slope::square(uk)) - f[k] * uk);
      }
    }
    return energy;
  }
};

// u*(x, y) = 4 sin(pi x) sin(2 pi y) (x - 1/4) at the grid points, and f = L u* / h^2 + u*^3.
Eigen::VectorXd chosen_solution(Eigen::Index m) {
  const double h = 1.0 / double(m + 1);
  Eigen::VectorXd u(m * m);
  for (Eigen::Index r = 0; r < m; ++r) {
    for (Eigen::Index c = 0; c < m; ++c) {
      const double x = h * double(c + 1);
      const double y = h * double(r + 1);
      u[r * m + c] = 4.0 * std::sin(std::numbers::pi * x) * std::sin(2.0 * std::numbers::pi * y) * (x - 0.25);
    }
  }
  return u;
}
Eigen::VectorXd right_hand_side(const Eigen::VectorXd& u, Eigen::Index m) {
  const double h2 = 1.0 / double((m + 1) * (m + 1));
  Eigen::VectorXd f(m * m);
  for (Eigen::Index r = 0; r < m; ++r) {
    for (Eigen::Index c = 0; c < m; ++c) {
      const Eigen::Index k = r * m + c;
      double laplacian = 4.0 * u[k];
      if (c > 0) laplacian -= u[k - 1];
      if (c + 1 < m) laplacian -= u[k + 1];
      if (r > 0) laplacian -= u[k - m];
      if (r + 1 < m) laplacian -= u[k + m];
      f[k] = laplacian / h2 + u[k] * u[k] * u[k];
    }
  }
  return f;
}

}  // namespace

int main() {
  const Eigen::Index m = 317;
  const Eigen::Index n = m * m;
  const Eigen::VectorXd solution = chosen_solution(m);
  const PoissonEnergy energy{m, right_hand_side(solution, m)};
  std::printf("Newton's method with a sparse Hessian: -Laplace(u) + u^3 = f on a %ld x %ld grid, n = %ld\n", long(m),
              long(m), long(n));
  std::printf("(a dense Hessian would need %.0f GB and %ld recordings per iteration)\n\n",
              double(n) * double(n) * 8.0 / 1e9, long((n + 3) / 4));

  Eigen::VectorXd u = Eigen::VectorXd::Zero(n);
  const Clock::time_point start = Clock::now();
  const slope::SparseHessian hessian(energy, u, slope::HessianPart::lower);  // pattern and colouring, once
  const double setup = seconds_since(start);
  std::printf("Hessian pattern: %ld entries in the lower triangle, %d colours (%.3f s to detect and colour)\n",
              long(hessian.nonZeros()), hessian.colors().count, setup);

  Eigen::SparseMatrix<double> h = hessian.matrix(u);
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt;  // reads the lower triangle
  ldlt.analyzePattern(h);
  double hessian_time = 0.0;
  double factor_time = 0.0;
  std::printf("\n  %4s  %14s  %10s  %10s  %6s\n", "iter", "E(u)", "|grad E|", "max|u-u*|", "step");
  int iteration = 0;
  for (;; ++iteration) {
    const auto [value, gradient] = slope::value_and_gradient(energy, u);
    const double error = (u - solution).cwiseAbs().maxCoeff();
    std::printf("  %4d  %14.8e  %10.3e  %10.3e", iteration, value, gradient.norm(), error);
    if (gradient.norm() < 1e-11 || iteration == 20) {
      std::printf("\n");
      break;
    }
    Clock::time_point t = Clock::now();
    hessian.matrix(u, h);  // the values only: the structure, and so the analysis, stay
    hessian_time += seconds_since(t);
    t = Clock::now();
    ldlt.factorize(h);
    const Eigen::VectorXd step = ldlt.solve(-gradient);
    factor_time += seconds_since(t);
    if (ldlt.info() != Eigen::Success) {
      std::printf("\nthe factorization failed\n");
      return 1;
    }
    double length = 1.0;  // backtracking: sufficient decrease of E
    while (length > 1e-8 && energy(Eigen::VectorXd(u + length * step)) > value + 1e-4 * length * gradient.dot(step)) length /= 2;
    std::printf("  %6.3g\n", length);
    u += length * step;
  }
  const double total = seconds_since(start);
  const double error = (u - solution).cwiseAbs().maxCoeff();
  std::printf("\n%d Newton iterations in %.2f s: sparse Hessians %.2f s (%.3f s each), LDLT %.2f s\n", iteration, total,
              hessian_time, hessian_time / std::max(iteration, 1), factor_time);
  std::printf("max |u - u*| = %.3e (expected below 1e-9)\n", error);
  return error < 1e-9 && iteration < 20 ? 0 : 1;
}
