// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Learning-rate schedules: the rate of step k (k = 0 for the first step).
//
//   constant(lr)                      lr
//   step_decay(lr, factor, every)     lr * factor^floor(k / every)     e.g. halve every 100 steps
//   exponential_decay(lr, rate)       lr * rate^k                      rate is the per-step factor
//
//     slope::optim::Adam adam{.learning_rate = slope::optim::Schedule::step_decay(0.1, 0.5, 100)};
//     slope::optim::GradientDescent gd{.learning_rate = 0.05};   // a number is a constant rate

#include <cmath>

#include "slope/core/check.hpp"

namespace slope::optim {

struct Schedule {
 public:
  // A plain number is a constant rate, so `optimizer.learning_rate = 0.05` reads naturally.
  Schedule(double lr) : lr_(lr) {  // NOLINT(google-explicit-constructor): intended conversion
    check_argument(lr >= 0.0 && std::isfinite(lr),
                   "slope::optim::Schedule: the learning rate must be finite and >= 0");
  }

  static Schedule constant(double lr) { return Schedule(lr); }

  // lr * factor^floor(k / every): multiply the rate by `factor` every `every` steps.
  static Schedule step_decay(double lr, double factor, int every) {
    check_argument(factor > 0.0 && std::isfinite(factor),
                   "slope::optim::Schedule::step_decay: factor must be finite and > 0");
    check_argument(every >= 1, "slope::optim::Schedule::step_decay: every must be >= 1");
    Schedule schedule(lr);
    schedule.kind_ = Kind::step;
    schedule.factor_ = factor;
    schedule.every_ = every;
    return schedule;
  }

  // lr * rate^k: multiply the rate by `rate` (for example 0.99) after every step.
  static Schedule exponential_decay(double lr, double rate) {
    check_argument(rate > 0.0 && std::isfinite(rate),
                   "slope::optim::Schedule::exponential_decay: rate (the per-step factor) must be "
                   "finite and > 0");
    Schedule schedule(lr);
    schedule.kind_ = Kind::exponential;
    schedule.factor_ = rate;
    return schedule;
  }

  // The learning rate of step `iteration` (0 for the first step).
  double operator()(int iteration) const {
    check_argument(iteration >= 0, "slope::optim::Schedule: the iteration must be >= 0");
    switch (kind_) {
      case Kind::constant: return lr_;
      case Kind::step: return lr_ * std::pow(factor_, iteration / every_);
      case Kind::exponential: return lr_ * std::pow(factor_, iteration);
    }
    return lr_;
  }

 private:
  enum class Kind { constant, step, exponential };
  Kind kind_ = Kind::constant;
  double lr_;
  double factor_ = 1.0;
  int every_ = 1;
};

}  // namespace slope::optim
