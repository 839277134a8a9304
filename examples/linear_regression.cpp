// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Linear regression by gradient descent, checked against the closed-form solution.
//
// Data: n = 200 points x_i in R^3 (standard normal, fixed seed) with
//   y_i = 2 x_i1 - x_i2 + 0.5 x_i3 + 1 + noise,  noise ~ N(0, 0.1^2).
// Model: y ~ w . x + b. With A = [X 1] (one row per point) and theta = (w, b), least squares
// minimises
//   J(theta) = 1/(2n) ||A theta - y||^2,   grad J = A^T (A theta - y) / n.
// Setting the gradient to zero gives the normal equations A^T A theta = A^T y, solved here
// directly. Gradient descent theta <- theta - lr grad J reaches the same point: J is a convex
// quadratic, and each step shrinks the error along every eigenvector of H = A^T A / n by
// |1 - lr lambda| < 1. slope supplies grad J from the loss alone (reverse mode).
// Writes linear_regression_loss.csv (iteration, loss) into argv[1] (default: the current
// directory). Exits non-zero unless gradient descent agrees with the normal equations to 1e-6.

#include <Eigen/Dense>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <type_traits>

#include "slope/slope.hpp"

namespace {

std::string output_path(int argc, char** argv, const std::string& file) {
  return (argc > 1 ? std::string(argv[1]) + "/" : std::string()) + file;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr Eigen::Index kPoints = 200;
  constexpr Eigen::Index kFeatures = 3;
  const Eigen::Vector3d true_w(2.0, -1.0, 0.5);
  const double true_b = 1.0;

  std::mt19937 rng(42);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd X(kPoints, kFeatures);
  Eigen::VectorXd y(kPoints);
  for (Eigen::Index i = 0; i < kPoints; ++i) {
    for (Eigen::Index j = 0; j < kFeatures; ++j) X(i, j) = normal(rng);
    y[i] = X.row(i).dot(true_w) + true_b + 0.1 * normal(rng);
  }

  // The loss, written once for any scalar: double for printing, slope::Var under slope::gradient.
  // The data are borrowed (slope::borrow: Eigen::Map views), so that reverse mode reads them
  // in place rather than copying X onto the tape at every gradient.
  const auto data_x = slope::borrow(X);
  const auto data_y = slope::borrow(y);
  const auto loss = [&](const auto& theta) {
    using Scalar = slope::scalar_t<decltype(theta)>;
    const auto residual = ((data_x * theta.head(kFeatures)).array() + theta[kFeatures] - data_y.array()).eval();
    return Scalar(0.5 * residual.square().mean());
  };

  std::printf("Linear regression: y = w . x + b fitted to %ld noisy points by gradient descent\n",
              static_cast<long>(kPoints));
  std::printf("loss J = 1/(2n) sum (w . x_i + b - y_i)^2; its gradient comes from slope (reverse mode)\n\n");

  const std::string csv_file = output_path(argc, argv, "linear_regression_loss.csv");
  std::ofstream csv(csv_file);
  csv << "iteration,loss\n";
  csv.precision(10);

  const double learning_rate = 0.1;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(kFeatures + 1);
  std::printf("%9s  %14s  %12s\n", "iteration", "loss", "|grad|");
  int iteration = 0;
  for (; iteration <= 5000; ++iteration) {
    const auto [value, grad] = slope::value_and_gradient(loss, theta);
    csv << iteration << ',' << value << '\n';
    const bool done = grad.norm() < 1e-10;
    if (iteration < 3 || iteration == 10 || iteration == 20 || iteration % 50 == 0 || done) {
      std::printf("%9d  %14.10f  %12.3e\n", iteration, value, grad.norm());
    }
    if (done) break;
    theta -= learning_rate * grad;
  }

  // The closed form: A^T A theta = A^T y.
  Eigen::MatrixXd A(kPoints, kFeatures + 1);
  A << X, Eigen::VectorXd::Ones(kPoints);
  const Eigen::VectorXd exact = (A.transpose() * A).ldlt().solve(A.transpose() * y);
  const double difference = (theta - exact).cwiseAbs().maxCoeff();

  std::printf("\n%12s  %14s  %14s  %6s\n", "parameter", "gradient desc.", "normal eqns", "true");
  const char* names[] = {"w1", "w2", "w3", "b"};
  const double truth[] = {true_w[0], true_w[1], true_w[2], true_b};
  for (Eigen::Index k = 0; k <= kFeatures; ++k) {
    std::printf("%12s  %14.9f  %14.9f  %6.2f\n", names[k], theta[k], exact[k], truth[k]);
  }
  std::printf("\nmax |gradient descent - normal equations| = %.2e after %d iterations (need < 1e-6)\n",
              difference, iteration);
  std::printf("(the fit differs from the true parameters only by the noise in the data)\n");
  std::printf("loss curve written to %s\n", csv_file.c_str());

  const bool ok = difference < 1e-6 && csv.good();
  std::printf("\n%s\n", ok ? "gradient descent agrees with the normal equations"
                           : "FAILED: gradient descent missed the least-squares solution");
  return ok ? 0 : 1;
}
