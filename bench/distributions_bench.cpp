// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Log-densities of slope/distributions/ as one reverse-mode node each, against their baselines,
// every method of a workload in one run:
//   function   the plain double function (slope's log-density on doubles)
//   hand       a hand-coded analytic gradient (value included), one loop
//   reverse    slope::value_and_gradient on the generic body: ONE node with closed-form partials
//   eigen_var  the same log-density written element by element over Eigen::Matrix<slope::Var>,
//              the spelling without the node (one statement per scalar operation)
//   forward    slope::gradient_forward on the generic body (closed-form tangents), at n = 16
// Workloads (n observations):
//   student_t   x = (y_1..y_n, nu, mu, sigma), everything active
//   gamma       x = (alpha, beta), data y: two scalar parameters, lgamma and digamma once
//   bernoulli   x = log-odds alpha_1..alpha_n, data labels: -sum softplus((1 - 2 y_i) alpha_i)
// Names are <workload>/<method>/<n>; bench/table.py turns the JSON into the README table. The
// counter max_rel_error is the largest deviation of a method's gradient from the hand-coded one.
//
//   cmake --workflow --preset bench && python3 bench/table.py build/bench/bench/distributions.json

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <utility>

#include "slope/distributions.hpp"
#include "slope/slope.hpp"
#include "workloads.hpp"

namespace {

using slope::Var;
using VarEigen = Eigen::Matrix<Var<double>, Eigen::Dynamic, 1>;
constexpr std::size_t kDraws = 8;

struct ValueGradient {
  double value;
  Eigen::VectorXd gradient;
};

// ---------------------------------------------------------------- Student-t

struct StudentT {
  Eigen::Index n;
  std::array<Eigen::VectorXd, kDraws> inputs;

  explicit StudentT(Eigen::Index size) : n(size) {
    std::mt19937 rng(7);
    std::normal_distribution<double> y(0.0, 2.0);
    std::uniform_real_distribution<double> nu(2.0, 8.0), mu(-0.5, 0.5), sigma(0.8, 1.5);
    for (auto& x : inputs) {
      x.resize(n + 3);
      for (Eigen::Index i = 0; i < n; ++i) x[i] = y(rng);
      x[n] = nu(rng), x[n + 1] = mu(rng), x[n + 2] = sigma(rng);
    }
  }
  template <class X>
  auto objective(const X& x) const {
    return slope::student_t_log_pdf(x.head(n), x[n], x[n + 1], x[n + 2]);
  }
  Var<double> elementwise(const VarEigen& x) const {
    using std::lgamma;
    using std::log;
    using std::log1p;
    const Var<double> nu = x[n], mu = x[n + 1], sigma = x[n + 2];
    Var<double> total = double(n) * (lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * std::numbers::pi) - log(sigma));
    for (Eigen::Index i = 0; i < n; ++i) {
      const Var<double> z = (x[i] - mu) / sigma;
      total -= (nu + 1) / 2 * log1p(z * z / nu);
    }
    return total;
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const double nu = x[n], mu = x[n + 1], sigma = x[n + 2];
    Eigen::VectorXd g(n + 3);
    double value = 0, d_mu = 0, d_sigma = 0, d_nu = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double z = (x[i] - mu) / sigma, r = z * z / nu, u = (nu + 1) * z / (nu + z * z);
      value -= (nu + 1) / 2 * std::log1p(r);
      g[i] = -u / sigma;
      d_mu += u;
      d_sigma += u * z;
      d_nu += -0.5 * std::log1p(r) + u * z / (2 * nu);
    }
    const double c = std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2) - 0.5 * std::log(nu * std::numbers::pi);
    const double dc = 0.5 * (slope::digamma((nu + 1) / 2) - slope::digamma(nu / 2)) - 0.5 / nu;
    const double count = double(n);
    value += count * (c - std::log(sigma));
    g[n] = d_nu + count * dc;
    g[n + 1] = d_mu / sigma;
    g[n + 2] = (d_sigma - count) / sigma;
    return {value, g};
  }
};

// ---------------------------------------------------------------- gamma

struct Gamma {
  Eigen::Index n;
  Eigen::VectorXd y;
  std::array<Eigen::VectorXd, kDraws> inputs;

  explicit Gamma(Eigen::Index size) : n(size), y(size) {
    std::mt19937 rng(11);
    std::gamma_distribution<double> draw(2.5, 1.0);
    for (Eigen::Index i = 0; i < n; ++i) y[i] = draw(rng);
    std::uniform_real_distribution<double> alpha(1.5, 4.0), beta(0.5, 2.0);
    for (auto& x : inputs) x = Eigen::Vector2d(alpha(rng), beta(rng));
  }
  template <class X>
  auto objective(const X& x) const {
    return slope::gamma_log_pdf(y, x[0], x[1]);
  }
  Var<double> elementwise(const VarEigen& x) const {
    using std::lgamma;
    using std::log;
    const Var<double> alpha = x[0], beta = x[1];
    Var<double> total = double(n) * (alpha * log(beta) - lgamma(alpha));
    for (Eigen::Index i = 0; i < n; ++i) total += (alpha - 1) * std::log(y[i]) - beta * y[i];
    return total;
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const double alpha = x[0], beta = x[1], count = double(n);
    double sum_log = 0, sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) sum_log += std::log(y[i]), sum += y[i];
    const double value = count * (alpha * std::log(beta) - std::lgamma(alpha)) + (alpha - 1) * sum_log - beta * sum;
    return {value, Eigen::Vector2d(count * (std::log(beta) - slope::digamma(alpha)) + sum_log, count * alpha / beta - sum)};
  }
};

// ---------------------------------------------------------------- Bernoulli with log-odds

struct Bernoulli {
  Eigen::Index n;
  Eigen::VectorXd labels;
  std::array<Eigen::VectorXd, kDraws> inputs;

  explicit Bernoulli(Eigen::Index size) : n(size), labels(size) {
    std::mt19937 rng(13);
    std::bernoulli_distribution label(0.4);
    for (Eigen::Index i = 0; i < n; ++i) labels[i] = label(rng) ? 1.0 : 0.0;
    std::normal_distribution<double> alpha(0.0, 3.0);
    for (auto& x : inputs) {
      x.resize(n);
      for (Eigen::Index i = 0; i < n; ++i) x[i] = alpha(rng);
    }
  }
  template <class X>
  auto objective(const X& x) const {
    return slope::bernoulli_logit_log_pmf(labels, x);
  }
  Var<double> elementwise(const VarEigen& x) const {
    Var<double> total = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) total -= slope::softplus((1 - 2 * labels[i]) * x[i]);
    return total;
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    Eigen::VectorXd g(n);
    double value = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double s = 1 - 2 * labels[i], a = s * x[i];
      const double e = std::exp(-std::abs(a));
      value -= std::max(a, 0.0) + std::log1p(e);
      g[i] = -s * (a >= 0 ? 1 / (1 + e) : e / (1 + e));  // -s sigmoid(s alpha)
    }
    return {value, g};
  }
};

// ---------------------------------------------------------------- registration (timing and checking: slope_bench::run_function / run_gradient of workloads.hpp)

template <class W>
void register_workload(const std::string& name, const W& w) {
  const std::string size = std::to_string(w.n);
  benchmark::RegisterBenchmark((name + "/function/" + size).c_str(), [w](benchmark::State& s) {
    slope_bench::run_function(s, w);
  });
  benchmark::RegisterBenchmark((name + "/hand/" + size).c_str(), [w](benchmark::State& s) {
    slope_bench::run_gradient(s, w, [&w](const Eigen::VectorXd& x) { return w.hand(x).gradient; });
  });
  benchmark::RegisterBenchmark((name + "/reverse/" + size).c_str(), [w](benchmark::State& s) {
    slope_bench::run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
      return slope::value_and_gradient([&w](const auto& v) { return w.objective(v); }, x).gradient;
    });
  });
  benchmark::RegisterBenchmark((name + "/eigen_var/" + size).c_str(), [w](benchmark::State& s) {
    slope_bench::run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
      return slope::value_and_gradient([&w](const VarEigen& v) { return w.elementwise(v); }, x).gradient;
    });
  });
  if (w.inputs[0].size() <= 32) {
    benchmark::RegisterBenchmark((name + "/forward/" + size).c_str(), [w](benchmark::State& s) {
      slope_bench::run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
        return slope::gradient_forward([&w](const auto& v) { return w.objective(v); }, x);
      });
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (Eigen::Index n : {16, 1024, 65536}) {
    register_workload("student_t", StudentT(n));
    register_workload("gamma", Gamma(n));
    register_workload("bernoulli", Bernoulli(n));
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
