// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Stateful first-order optimizers. `step(x, g)` updates x in place from the gradient g at x (a
// minibatch loop calls it directly); `reset()` clears the state (moments, step count). Step k
// (k = 0, 1, ...) uses the rate eta_k = learning_rate(k); products of vectors are elementwise.
// The optimizers are aggregates (designated initializers work); each keeps its moments and
// step count in a public `state`, cleared by reset().
//
//   GradientDescent  x -= eta_k g
//   Momentum         v = mu v - eta_k g;  x += v                  (heavy ball)
//     nesterov       v = mu v - eta_k g;  x += mu v - eta_k g     (Sutskever et al. 2013)
//   AdaGrad          s += g^2;  x -= eta_k g / (sqrt(s) + eps)
//   RMSprop          s = rho s + (1 - rho) g^2;  x -= eta_k g / (sqrt(s) + eps)
//   Adam             m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//                    m^ = m / (1 - b1^(k+1));  v^ = v / (1 - b2^(k+1));
//                    x -= eta_k (m^ / (sqrt(v^) + eps) + lambda x)  (lambda = weight_decay:
//                    AdamW, decay decoupled from the moments, Loshchilov & Hutter 2019)
//
//     slope::optim::Adam adam{.learning_rate = 0.01};
//     for (const auto& batch : batches) adam.step(w, slope::gradient(loss_on(batch), w));
//     auto result = slope::optim::minimize(f, x0, slope::optim::Adam{.learning_rate = 0.05});
//
// GradientDescent alone may take a BacktrackingLineSearch: minimize then searches along -g
// from line_search->initial_step at every iteration (the learning rate is not used); step()
// ignores it, since it has no f to search with.

#include <cmath>
#include <optional>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/optim/line_search.hpp"
#include "slope/optim/schedule.hpp"

namespace slope::optim {

// An optimizer that minimize can drive with gradients alone: step(x, g) and reset().
template <class M>
concept FirstOrderMethod = requires(M& method, Eigen::VectorXd& x, const Eigen::VectorXd& g) {
  method.step(x, g);
  method.reset();
};

namespace detail {

// Checks the sizes of one step and sizes the state vectors on the first step after a reset.
inline void prepare_step(const char* message, const Eigen::VectorXd& x, const Eigen::VectorXd& g,
                         Eigen::VectorXd& state, int steps) {
  check_argument(x.size() == g.size(), message);
  if (steps == 0) {
    state = Eigen::VectorXd::Zero(x.size());
  } else {
    check_argument(state.size() == x.size(), message);
  }
}

inline constexpr const char* kSizeMessage =
    "slope::optim: step(x, g) needs g of x's size, and x of the same size as on the previous step "
    "(call reset() before optimizing other parameters)";

}  // namespace detail

struct GradientDescent {
  Schedule learning_rate = Schedule::constant(0.01);
  std::optional<BacktrackingLineSearch> line_search{};  // used by minimize only; see above

  void step(Eigen::VectorXd& x, const Eigen::VectorXd& g) {
    check_argument(x.size() == g.size(), detail::kSizeMessage);
    x -= learning_rate(state.steps++) * g;
  }
  void reset() { state = {}; }

  struct State {
    int steps = 0;  // steps taken since the last reset
  } state{};
};

struct Momentum {
  Schedule learning_rate = Schedule::constant(0.01);
  double momentum = 0.9;
  bool nesterov = false;

  void step(Eigen::VectorXd& x, const Eigen::VectorXd& g) {
    check_argument(momentum >= 0.0 && momentum < 1.0, "slope::optim::Momentum: momentum must lie in [0, 1)");
    detail::prepare_step(detail::kSizeMessage, x, g, state.velocity, state.steps);
    const double eta = learning_rate(state.steps++);
    state.velocity = momentum * state.velocity - eta * g;
    if (nesterov) {
      x += momentum * state.velocity - eta * g;
    } else {
      x += state.velocity;
    }
  }
  void reset() { state = {}; }

  struct State {
    int steps = 0;
    Eigen::VectorXd velocity{};  // v
  } state{};
};

struct AdaGrad {
  Schedule learning_rate = Schedule::constant(0.1);
  double epsilon = 1e-8;

  void step(Eigen::VectorXd& x, const Eigen::VectorXd& g) {
    check_argument(epsilon > 0.0, "slope::optim::AdaGrad: epsilon must be > 0");
    detail::prepare_step(detail::kSizeMessage, x, g, state.sum_squares, state.steps);
    const double eta = learning_rate(state.steps++);
    state.sum_squares.array() += g.array().square();
    x.array() -= eta * g.array() / (state.sum_squares.array().sqrt() + epsilon);
  }
  void reset() { state = {}; }

  struct State {
    int steps = 0;
    Eigen::VectorXd sum_squares{};  // s
  } state{};
};

struct RMSprop {
  Schedule learning_rate = Schedule::constant(0.01);
  double decay = 0.9;
  double epsilon = 1e-8;

  void step(Eigen::VectorXd& x, const Eigen::VectorXd& g) {
    check_argument(decay >= 0.0 && decay < 1.0, "slope::optim::RMSprop: decay must lie in [0, 1)");
    check_argument(epsilon > 0.0, "slope::optim::RMSprop: epsilon must be > 0");
    detail::prepare_step(detail::kSizeMessage, x, g, state.mean_square, state.steps);
    const double eta = learning_rate(state.steps++);
    state.mean_square = decay * state.mean_square.array() + (1.0 - decay) * g.array().square();
    x.array() -= eta * g.array() / (state.mean_square.array().sqrt() + epsilon);
  }
  void reset() { state = {}; }

  struct State {
    int steps = 0;
    Eigen::VectorXd mean_square{};  // s
  } state{};
};

struct Adam {
  Schedule learning_rate = Schedule::constant(0.001);
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  double weight_decay = 0.0;  // > 0: AdamW (decoupled)

  void step(Eigen::VectorXd& x, const Eigen::VectorXd& g) {
    check_argument(beta1 >= 0.0 && beta1 < 1.0 && beta2 >= 0.0 && beta2 < 1.0,
                   "slope::optim::Adam: beta1 and beta2 must lie in [0, 1)");
    check_argument(epsilon > 0.0, "slope::optim::Adam: epsilon must be > 0");
    check_argument(weight_decay >= 0.0, "slope::optim::Adam: weight_decay must be >= 0");
    detail::prepare_step(detail::kSizeMessage, x, g, state.first_moment, state.steps);
    if (state.steps == 0) state.second_moment = Eigen::VectorXd::Zero(x.size());
    const double eta = learning_rate(state.steps++);
    state.first_moment = beta1 * state.first_moment + (1.0 - beta1) * g;
    state.second_moment = beta2 * state.second_moment.array() + (1.0 - beta2) * g.array().square();
    const double correction1 = 1.0 - std::pow(beta1, state.steps);
    const double correction2 = 1.0 - std::pow(beta2, state.steps);
    x.array() -= eta * ((state.first_moment.array() / correction1) /
                            ((state.second_moment.array() / correction2).sqrt() + epsilon) +
                        weight_decay * x.array());
  }
  void reset() { state = {}; }

  struct State {
    int steps = 0;
    Eigen::VectorXd first_moment{};   // m
    Eigen::VectorXd second_moment{};  // v
  } state{};
};

}  // namespace slope::optim
