// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The bookkeeping of one run, shared by every method (internal): it holds the current iterate,
// applies the stopping tests of Options in one order, calls the callback, prints the progress
// rows and writes the Result and its message. A method only proposes iterates:
//
//     detail::Progress progress(options);
//     if (progress.start(x0, objective(x0))) return progress.result(objective.evaluations());
//     while (!progress.accept(x_new, objective(x_new), step)) { ... }
//
// After each iteration: a non-finite f or gradient refuses the iterate (the previous one is kept
// and the run ends); otherwise the iterate is taken, its row printed, the callback called (on
// every iteration, the last one included), and then the tests in this order: |grad| <=
// gradient_tolerance, the change in f, the callback's answer, max_iterations.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <utility>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/functional/reverse.hpp"
#include "slope/optim/result.hpp"

namespace slope::optim::detail {

class Progress {
 public:
  explicit Progress(const Options& options) : options_(options) {
    check_argument(options.max_iterations >= 0,
                   "slope::optim::minimize: Options::max_iterations must be >= 0");
    check_argument(options.gradient_tolerance >= 0.0,
                   "slope::optim::minimize: Options::gradient_tolerance must be >= 0");
    check_argument(options.function_tolerance >= 0.0,
                   "slope::optim::minimize: Options::function_tolerance must be >= 0 (0 = off)");
    check_argument(options.print_every >= 0,
                   "slope::optim::minimize: Options::print_every must be >= 0 (0 = silent)");
    check_argument(options.print_every == 0 || options.out != nullptr,
                   "slope::optim::minimize: Options::out must not be null when print_every > 0");
  }

  // The starting point. Returns true when the run is over already: f or its gradient is not
  // finite there, the gradient is small enough, or max_iterations is 0.
  bool start(const Eigen::VectorXd& x, ValueAndGradient at_x) {
    x_ = x;
    f_ = at_x.value;
    gradient_ = std::move(at_x.gradient);
    grad_norm_ = gradient_.norm();
    if (printing()) {
      char header[80];
      std::snprintf(header, sizeof header, "%9s  %16s  %10s  %10s\n", "iteration", "f", "|grad|", "step");
      *options_.out << header;
      print_row(0.0);
    }
    if (!std::isfinite(f_) || !gradient_.allFinite()) {
      return finish(Status::non_finite, std::string("stopped: ") +
                                            (std::isfinite(f_) ? "the gradient" : "f") +
                                            " is not finite at the starting point",
                    0.0);
    }
    if (gradient_converged()) return finish(Status::converged, gradient_message(), 0.0);
    if (options_.max_iterations == 0) return finish(Status::max_iterations, max_iterations_message(), 0.0);
    return false;
  }

  // A new iterate, reached by a step of length `step`. Returns true when the run is over.
  bool accept(const Eigen::VectorXd& x, ValueAndGradient at_x, double step) {
    const int iteration = iteration_ + 1;
    if (!std::isfinite(at_x.value) || !at_x.gradient.allFinite()) {
      const std::string what = std::isfinite(at_x.value) ? "the gradient is" : "f is";
      return finish(Status::non_finite,
                    "stopped: " + what + " not finite at iteration " + std::to_string(iteration) +
                        "; returning iterate " + std::to_string(iteration_) + ", the last finite one",
                    last_step_);
    }
    const double previous_f = f_;
    iteration_ = iteration;
    x_ = x;
    f_ = at_x.value;
    gradient_ = std::move(at_x.gradient);
    grad_norm_ = gradient_.norm();
    last_step_ = step;
    if (printing() && iteration_ % options_.print_every == 0) print_row(step);

    // The callback sees every iterate, the last one included; convergence outranks its "stop".
    const bool go_on = !options_.callback || options_.callback(IterationInfo{iteration_, f_, grad_norm_, step, x_});
    if (gradient_converged()) return finish(Status::converged, gradient_message(), step);
    const double change = std::abs(f_ - previous_f);
    const double scale = std::max(1.0, std::abs(f_));
    if (options_.function_tolerance > 0.0 && change <= options_.function_tolerance * scale) {
      return finish(Status::converged,
                    "converged: |f_k - f_{k-1}| = " + format_number(change, 2) + " <= " +
                        format_number(options_.function_tolerance, 2) + " * max(1, |f_k|) after " +
                        iterations_text(),
                    step);
    }
    if (!go_on) {
      return finish(Status::stopped_by_callback,
                    "stopped by the callback at iteration " + std::to_string(iteration_), step);
    }
    if (iteration_ >= options_.max_iterations) {
      return finish(Status::max_iterations, max_iterations_message(), step);
    }
    return false;
  }

  // Ends the run for a reason the method found (a failed line search, a non-finite Hessian).
  void stop(Status status, std::string message) { finish(status, std::move(message), last_step_); }

  bool done() const { return done_; }
  int iteration() const { return iteration_; }
  const Eigen::VectorXd& x() const { return x_; }
  double f() const { return f_; }
  const Eigen::VectorXd& gradient() const { return gradient_; }
  double grad_norm() const { return grad_norm_; }

  Result result(int evaluations) const {
    return {x_, f_, grad_norm_, iteration_, evaluations, status_, message_};
  }

 private:
  bool printing() const { return options_.print_every > 0; }

  void print_row(double step) {
    char row[96];
    std::snprintf(row, sizeof row, "%9d  %16.9e  %10.3e  %10.3e\n", iteration_, f_, grad_norm_, step);
    *options_.out << row;
    printed_ = iteration_;
  }

  bool gradient_converged() const { return grad_norm_ <= options_.gradient_tolerance; }

  std::string iterations_text() const {
    return std::to_string(iteration_) + (iteration_ == 1 ? " iteration" : " iterations");
  }

  std::string gradient_message() const {
    return "converged: |grad| = " + format_number(grad_norm_, 2) +
           " <= " + format_number(options_.gradient_tolerance, 2) + " after " + iterations_text();
  }

  std::string max_iterations_message() const {
    return "stopped: reached max_iterations = " + std::to_string(options_.max_iterations) +
           " with |grad| = " + format_number(grad_norm_, 2) + " > " +
           format_number(options_.gradient_tolerance, 2);
  }

  bool finish(Status status, std::string message, double step) {
    status_ = status;
    message_ = std::move(message);
    done_ = true;
    if (printing()) {
      if (printed_ != iteration_) print_row(step);
      *options_.out << message_ << '\n';
    }
    return true;
  }

  const Options& options_;
  Eigen::VectorXd x_;
  double f_ = 0.0;
  Eigen::VectorXd gradient_;
  double grad_norm_ = 0.0;
  double last_step_ = 0.0;
  int iteration_ = 0;
  int printed_ = -1;
  bool done_ = false;
  Status status_ = Status::max_iterations;
  std::string message_;
};

}  // namespace slope::optim::detail
