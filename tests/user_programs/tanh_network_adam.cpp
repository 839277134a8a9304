// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A user program that must compile unchanged: a two-layer tanh network on a noisy sine,
// written with Eigen's broadcasting ((W * X).colwise() + b), trained by minibatch Adam.
#include <cmath>
#include <cstdio>
#include <random>

#include "slope/optim.hpp"
#include "slope/slope.hpp"

constexpr Eigen::Index kHidden = 16;

// Parameters packed in one vector: W1 (kHidden x 1), b1, w2, b2.
template <class P>
auto predict(const P& p, const Eigen::MatrixXd& inputs) {
  const auto w1 = p.head(kHidden);
  const auto b1 = p.segment(kHidden, kHidden);
  const auto w2 = p.segment(2 * kHidden, kHidden);
  const auto hidden = tanh(((w1 * inputs).colwise() + b1).array());
  return (w2.transpose() * hidden.matrix()).array() + p[3 * kHidden];
}

int main() {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> uniform(-3.0, 3.0);
  std::normal_distribution<double> noise(0.0, 0.05);
  const Eigen::Index n = 256, batch = 32;
  Eigen::MatrixXd x(1, n);
  Eigen::RowVectorXd t(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(0, i) = uniform(rng);
    t[i] = std::sin(x(0, i)) + noise(rng);
  }
  Eigen::VectorXd p(3 * kHidden + 1);
  std::normal_distribution<double> init(0.0, 0.5);
  for (Eigen::Index i = 0; i < p.size(); ++i) p[i] = init(rng);

  const auto full_loss = [&](const auto& q) { return (predict(q, x) - t.array()).square().mean(); };
  const double initial = full_loss(p);
  slope::optim::Adam adam{.learning_rate = slope::optim::Schedule::constant(0.01)};
  for (int epoch = 0; epoch < 300; ++epoch) {
    for (Eigen::Index start = 0; start < n; start += batch) {
      const Eigen::MatrixXd xb = x.middleCols(start, batch);
      const Eigen::RowVectorXd tb = t.segment(start, batch);
      const auto loss = [&](const auto& q) { return (predict(q, xb) - tb.array()).square().mean(); };
      adam.step(p, slope::gradient(loss, p));
    }
  }
  const double final_loss = full_loss(p);
  const bool ok = final_loss < 0.02 && final_loss < 0.2 * initial && slope::check_gradient(full_loss, p).passed;
  std::printf("tanh network by minibatch Adam: mean squared error %.4f -> %.4f\n", initial, final_loss);
  return ok ? 0 : 1;
}
