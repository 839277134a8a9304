// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A linear support vector machine trained by subgradient descent.
//
// Labels y in {-1, +1}, score s(x) = w . x + b, objective
//   f(w, b) = (lambda / 2) ||w||^2 + 1/n sum_i max(0, 1 - y_i s(x_i)).
// The hinge max(0, 1 - m) of the margin m = y s(x) is 0 for points beyond the margin (m > 1)
// and grows linearly inside it. It has a kink at m = 1 where no derivative exists, and
// descent uses a subgradient: any slope between the one-sided derivatives -1 and 0 there.
// slope makes a definite choice: max(a, b) selects the FIRST argument on a tie and the
// derivative follows the selection, so max(0, 1 - m) has derivative 0 at m = 1 (the 0 was
// selected) while max(1 - m, 0) has derivative -1; relu(1 - m) has relu'(0) = 0. This
// example writes max(0, 1 - m), so a point exactly on the margin contributes nothing.
// Subgradient descent with a decaying step lr_t = lr_0 / sqrt(1 + t / 100) is not a descent
// method (f may rise from one step to the next); the steps shrink so that it settles.
// Data: two Gaussian clouds with a gap of width 1 around the line x1 + x2 = 0 (points in the
// gap are discarded), so the classes are separable and the SVM must classify all correctly.
// Writes svm_loss.csv (iteration, loss, errors) into argv[1] (default: the current
// directory). Exits non-zero unless the training accuracy is 100 %.

#include <Eigen/Core>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <type_traits>

#include "slope/slope.hpp"

namespace {

struct DataSet {
  Eigen::MatrixXd x;  // one point per row
  Eigen::VectorXd y;  // -1 or +1
};

DataSet make_separable_data(std::mt19937& rng, Eigen::Index per_class) {
  std::normal_distribution<double> normal(0.0, 0.8);
  DataSet data{Eigen::MatrixXd(2 * per_class, 2), Eigen::VectorXd(2 * per_class)};
  for (Eigen::Index i = 0; i < 2 * per_class; ++i) {
    const double label = i % 2 == 0 ? 1.0 : -1.0;
    double x1 = 0.0;
    double x2 = 0.0;
    do {  // distance to x1 + x2 = 0 on the class's own side at least 0.5
      x1 = label * 1.5 + normal(rng);
      x2 = label * 1.0 + normal(rng);
    } while (label * (x1 + x2) / std::sqrt(2.0) < 0.5);
    data.x(i, 0) = x1;
    data.x(i, 1) = x2;
    data.y[i] = label;
  }
  return data;
}

std::string output_path(int argc, char** argv, const std::string& file) {
  return (argc > 1 ? std::string(argv[1]) + "/" : std::string()) + file;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("Linear SVM: hinge loss + L2 penalty, minimised by subgradient descent\n\n");

  // The subgradient slope picks at the kink of the hinge, margin m = 1 exactly.
  const double hinge_first_zero = slope::derivative([](auto m) { return slope::max(0.0, 1.0 - m); }, 1.0);
  const double hinge_first_margin = slope::derivative([](auto m) { return slope::max(1.0 - m, 0.0); }, 1.0);
  const double hinge_relu = slope::derivative([](auto m) { return slope::relu(1.0 - m); }, 1.0);
  std::printf("d/dm at the kink m = 1 (any value in [-1, 0] is a subgradient):\n");
  std::printf("  max(0, 1 - m): %2g  (a tie selects the first argument, the constant 0)\n", hinge_first_zero);
  std::printf("  max(1 - m, 0): %2g  (a tie selects 1 - m)\n", hinge_first_margin);
  std::printf("  relu(1 - m):   %2g  (relu'(0) = 0)\n\n", hinge_relu);
  bool ok = hinge_first_zero == 0.0 && hinge_first_margin == -1.0 && hinge_relu == 0.0;

  std::mt19937 rng(2026);
  const DataSet data = make_separable_data(rng, 100);
  const auto n = static_cast<double>(data.x.rows());
  const double lambda = 0.01;

  const auto objective = [&data, n, lambda](const auto& theta) {
    using Scalar = slope::scalar_t<decltype(theta)>;
    Scalar hinge_sum = 0.0;
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
      const Scalar margin = data.y[i] * (theta[0] * data.x(i, 0) + theta[1] * data.x(i, 1) + theta[2]);
      hinge_sum += slope::max(0.0, 1.0 - margin);
    }
    return Scalar(0.5 * lambda * (theta[0] * theta[0] + theta[1] * theta[1]) + hinge_sum / n);
  };
  const auto errors = [&data](const Eigen::VectorXd& theta) {
    int count = 0;
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
      count += data.y[i] * (data.x.row(i).dot(theta.head(2)) + theta[2]) <= 0.0;
    }
    return count;
  };

  const std::string csv_file = output_path(argc, argv, "svm_loss.csv");
  std::ofstream csv(csv_file);
  csv << "iteration,loss,errors\n";
  csv.precision(10);

  Eigen::VectorXd theta = Eigen::VectorXd::Zero(3);  // (w1, w2, b)
  const int iterations = 3000;
  std::printf("%9s  %12s  %17s\n", "iteration", "objective", "misclassified");
  for (int t = 0; t <= iterations; ++t) {
    const auto [value, subgradient] = slope::value_and_gradient(objective, theta);
    const int wrong = errors(theta);
    csv << t << ',' << value << ',' << wrong << '\n';
    if (t == 0 || t == 10 || t == 100 || t % 1000 == 0) std::printf("%9d  %12.6f  %17d\n", t, value, wrong);
    if (t < iterations) theta -= 0.5 / std::sqrt(1.0 + t / 100.0) * subgradient;
  }

  const int wrong = errors(theta);
  const double margin_width = 2.0 / theta.head(2).norm();
  int on_or_inside_margin = 0;
  for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
    on_or_inside_margin += data.y[i] * (data.x.row(i).dot(theta.head(2)) + theta[2]) <= 1.0 + 1e-3;
  }
  std::printf("\nw = (%.4f, %.4f), b = %.4f; margin width 2 / ||w|| = %.3f\n", theta[0], theta[1], theta[2],
              margin_width);
  std::printf("points on or inside the margin (the support vectors): %d of %ld\n", on_or_inside_margin,
              static_cast<long>(data.x.rows()));
  std::printf("training accuracy: %.1f %%\n", 100.0 * (1.0 - wrong / n));
  std::printf("objective curve written to %s\n", csv_file.c_str());
  ok = ok && wrong == 0 && csv.good();

  std::printf("\n%s\n", ok ? "the SVM separates the data perfectly" : "FAILED: misclassified points remain");
  return ok ? 0 : 1;
}
