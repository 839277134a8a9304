// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Five optimizers on the Rosenbrock function, all through slope::optim::minimize.
//
//   f(x, y) = 100 (y - x^2)^2 + (1 - x)^2,  minimum f = 0 at (1, 1), start (-1.2, 1).
// The minimum lies in a long, curved, flat-bottomed valley: the Hessian there has
// eigenvalues ~0.4 and ~1000 (condition number ~2500). That is hard for first-order methods:
//   - gradient descent needs a step below 2 / 1000 to stay stable across the valley, and then
//     crawls along it, where the curvature is 2500 times smaller;
//   - momentum (heavy ball) and Adam move faster along the valley, but need thousands of
//     steps too;
//   - Newton's method rescales the step by the inverse Hessian (from slope, forward over
//     reverse) and converges quadratically once near the minimum;
//   - L-BFGS builds a Hessian approximation from the last few gradient differences: nearly
//     Newton's speed with gradients only.
// All runs share one budget: 20000 iterations, converged when |grad f| <= 1e-8. The table
// reports what each run did, converged or not (plain gradient descent does not make it).
// Only Newton and L-BFGS are guaranteed to converge here, so only they are checked: each
// must reach (1, 1) within 1e-6.
// Writes newton_lbfgs_loss.csv (iteration, then f for each method, empty once that run has
// stopped; every iteration up to 100, then every 50th and each run's last) into argv[1]
// (default: the current directory).

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "slope/optim.hpp"
#include "slope/slope.hpp"

namespace {

const auto rosenbrock = [](const auto& x) {
  return 100.0 * slope::square(x[1] - x[0] * x[0]) + slope::square(1.0 - x[0]);
};

struct Run {
  std::string name;
  std::string column;  // in the CSV file
  slope::optim::Result result;
  std::vector<double> curve;  // f at iterations 0, 1, 2, ...
};

template <class Method>
Run run(const std::string& name, const std::string& column, Method method) {
  Run run{name, column, {}, {rosenbrock(Eigen::Vector2d(-1.2, 1.0))}};
  slope::optim::Options options;
  options.max_iterations = 20000;
  options.gradient_tolerance = 1e-8;
  options.callback = [&run](const slope::optim::IterationInfo& info) {
    run.curve.push_back(info.f);
    return true;
  };
  run.result = slope::optim::minimize(rosenbrock, Eigen::Vector2d(-1.2, 1.0), method, options);
  return run;
}

std::string output_path(int argc, char** argv, const std::string& file) {
  return (argc > 1 ? std::string(argv[1]) + "/" : std::string()) + file;
}

}  // namespace

int main(int argc, char** argv) {
  namespace optim = slope::optim;
  std::printf("Rosenbrock f = 100 (y - x^2)^2 + (1 - x)^2 from (-1.2, 1); minimum at (1, 1)\n");
  std::printf("budget: 20000 iterations; converged when |grad f| <= 1e-8\n\n");

  std::vector<Run> runs;
  runs.push_back(run("gradient descent, lr 1e-3", "gradient_descent", optim::GradientDescent{.learning_rate = 1e-3}));
  runs.push_back(run("momentum 0.9, lr 1e-3", "momentum", optim::Momentum{.learning_rate = 1e-3, .momentum = 0.9}));
  runs.push_back(run("Adam, lr 0.01", "adam", optim::Adam{.learning_rate = 0.01}));
  runs.push_back(run("Newton", "newton", optim::Newton{}));
#if SLOPE_HAVE_LBFGSPP
  runs.push_back(run("L-BFGS, memory 6", "lbfgs", optim::LBFGS{}));
#endif

  const Eigen::Vector2d minimum(1.0, 1.0);
  std::printf("%-26s  %-15s  %10s  %11s  %12s  %10s\n", "method", "status", "iterations", "evaluations",
              "|x - (1,1)|", "f");
  bool ok = true;
  for (const Run& r : runs) {
    const double error = (r.result.x - minimum).norm();
    std::printf("%-26s  %-15s  %10d  %11d  %12.3e  %10.3e\n", r.name.c_str(), optim::to_string(r.result.status),
                r.result.iterations, r.result.evaluations, error, r.result.f);
    if (r.column == "newton" || r.column == "lbfgs") {
      ok = ok && r.result.status == optim::Status::converged && error < 1e-6;
    }
  }
#if !SLOPE_HAVE_LBFGSPP
  std::printf("%-26s  not built: LBFGSpp (<LBFGS.h>) was not found\n", "L-BFGS");
#endif
  std::printf("\nmax_iterations means the run used up its budget before |grad f| fell below 1e-8;\n"
              "its error column shows how far it got. Evaluations count f with its gradient,\n"
              "line-search trials included (Newton's Hessians are not counted).\n");

  const std::string csv_file = output_path(argc, argv, "newton_lbfgs_loss.csv");
  std::ofstream csv(csv_file);
  csv << "iteration";
  std::size_t rows = 0;
  for (const Run& r : runs) {
    csv << ',' << r.column;
    rows = std::max(rows, r.curve.size());
  }
  csv << '\n';
  csv.precision(10);
  const auto last_of_a_run = [&runs](std::size_t k) {
    for (const Run& r : runs) {
      if (k + 1 == r.curve.size()) return true;
    }
    return false;
  };
  for (std::size_t k = 0; k < rows; ++k) {
    if (k > 100 && k % 50 != 0 && !last_of_a_run(k)) continue;
    csv << k;
    for (const Run& r : runs) {
      csv << ',';
      if (k < r.curve.size()) csv << r.curve[k];
    }
    csv << '\n';
  }
  std::printf("convergence curves written to %s\n", csv_file.c_str());
  ok = ok && csv.good();

  std::printf("\n%s\n", ok ? "Newton and L-BFGS reached (1, 1) to 1e-6"
                           : "FAILED: Newton or L-BFGS missed the minimum");
  return ok ? 0 : 1;
}
