// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The benchmark workloads, shared by reverse_bench.cpp (slope against its baselines) and
// peers_bench.cpp (slope against other AD libraries). Each workload holds a few input draws,
// ONE generic objective written the natural way (vector code for vector math, a plain loop
// for the stochastic-volatility recursion), and a hand-coded analytic value and gradient.
// run_function / run_gradient time one method on cycling inputs; run_gradient also reports
// the largest relative deviation of the method's gradient from the hand-coded one (counter
// max_rel_error).

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>
#include <type_traits>

#include "slope/slope.hpp"
#include "support/rosenbrock.hpp"

namespace slope_bench {

template <class X>
using ScalarOf = typename std::decay_t<X>::Scalar;

inline constexpr std::size_t kDraws = 4;

inline Eigen::VectorXd uniform(Eigen::Index n, double lo, double hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = dist(rng);
  return x;
}

inline Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  return uniform(rows * cols, -1, 1, seed).reshaped(rows, cols);
}

// A workload: its generic objective, its hand-written value and gradient, its inputs.
struct ValueGradient {
  double value;
  Eigen::VectorXd gradient;
};

template <class Workload>
void run_function(benchmark::State& state, const Workload& w) {
  std::size_t k = 0;
  for (auto _ : state) {
    double v = w.objective(w.inputs[k++ % kDraws]);
    benchmark::DoNotOptimize(v);
  }
}

template <class Workload, class Method>
void run_gradient(benchmark::State& state, const Workload& w, const Method& method) {
  double max_rel_error = 0.0;
  for (const auto& x : w.inputs) {
    const Eigen::VectorXd reference = w.hand(x).gradient;
    const Eigen::VectorXd g = method(x);
    max_rel_error = std::max(max_rel_error, (g - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff());
  }
  std::size_t k = 0;
  for (auto _ : state) {
    Eigen::VectorXd g = method(w.inputs[k++ % kDraws]);
    benchmark::DoNotOptimize(g.data());
    benchmark::ClobberMemory();
  }
  state.counters["max_rel_error"] = max_rel_error;
}

// x * x for every scalar type: slope's square (one node) where it applies, else the product
// (the other libraries' scalar types in peers_bench).
template <class A>
auto squared(const A& a) {
  if constexpr (requires { slope::square(a); }) {
    return slope::square(a);
  } else {
    return a * a;  // may be an expression of a: used within the caller's full-expression
  }
}

// ---------------------------------------------------------------- sum, product, log-sum-exp

struct Sum {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit Sum(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, -1, 1, 10 + static_cast<unsigned>(d)); }
  template <class X> ScalarOf<X> objective(const X& x) const { return x.sum(); }
  ValueGradient hand(const Eigen::VectorXd& x) const { return {x.sum(), Eigen::VectorXd::Ones(x.size())}; }
};

struct Product {
  std::array<Eigen::VectorXd, kDraws> inputs;  // near 1, so that 65536 factors stay finite
  explicit Product(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, 0.999, 1.001, 20 + static_cast<unsigned>(d)); }
  template <class X> ScalarOf<X> objective(const X& x) const { return x.prod(); }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    // d prod / dx_i = prod_{j != i} x_j, by prefix and suffix products (no division)
    const Eigen::Index n = x.size();
    Eigen::VectorXd g(n);
    double prefix = 1.0;
    for (Eigen::Index i = 0; i < n; ++i) { g[i] = prefix; prefix *= x[i]; }
    double suffix = 1.0;
    for (Eigen::Index i = n; i-- > 0;) { g[i] *= suffix; suffix *= x[i]; }
    return {prefix, g};
  }
};

struct LogSumExp {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit LogSumExp(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, -5, 5, 30 + static_cast<unsigned>(d)); }
  template <class X> ScalarOf<X> objective(const X& x) const { return slope::log_sum_exp(x); }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const double m = x.maxCoeff();
    const Eigen::ArrayXd e = (x.array() - m).exp();
    const double s = e.sum();
    return {m + std::log(s), (e / s).matrix()};
  }
};

// ---------------------------------------------------------------- normal log-density

// sum_i log N(y_i | mu, sigma) with respect to y (n), mu and sigma: x = (y, mu, sigma).
struct Normal {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit Normal(Eigen::Index n) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = uniform(n + 2, -2, 2, 40 + static_cast<unsigned>(d));
      inputs[d][n] = 0.3;        // mu
      inputs[d][n + 1] = 1.7;    // sigma
    }
  }
  template <class X> ScalarOf<X> objective(const X& x) const {
    const Eigen::Index n = x.size() - 2;
    return slope::normal_log_pdf(x.head(n), x[n], x[n + 1]);
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const Eigen::Index n = x.size() - 2;
    const double mu = x[n], sigma = x[n + 1];
    const Eigen::ArrayXd z = (x.head(n).array() - mu) / sigma;
    const double value = -0.5 * z.square().sum() - static_cast<double>(n) * (std::log(sigma) + 0.5 * std::log(2 * std::numbers::pi));
    Eigen::VectorXd g(n + 2);
    g.head(n) = -z / sigma;
    g[n] = z.sum() / sigma;
    g[n + 1] = (z.square().sum() - static_cast<double>(n)) / sigma;
    return {value, g};
  }
};

// The same density written as plain Eigen array code: the form in which every library's
// scalar type goes through Eigen (peers_bench); slope records it as a few vector nodes, a
// scalar tape as several operations per sample.
struct NormalArrays : Normal {
  using Normal::Normal;
  template <class X> ScalarOf<X> objective(const X& x) const {
    using std::log;
    const Eigen::Index n = x.size() - 2;
    const ScalarOf<X> mu = x[n], sigma = x[n + 1];
    const auto z = (x.head(n).array() - mu) / sigma;
    return -0.5 * z.square().sum() - static_cast<double>(n) * (log(sigma) + 0.5 * std::log(2 * std::numbers::pi));
  }
};

// ---------------------------------------------------------------- sum of a matrix product

// sum(A B) for N x N matrices A, B: x = (vec A, vec B), column-major.
struct MatrixProduct {
  Eigen::Index n;
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit MatrixProduct(Eigen::Index size) : n(size) {
    for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(2 * n * n, -1, 1, 50 + static_cast<unsigned>(d));
  }
  template <class X> ScalarOf<X> objective(const X& x) const {
    return (x.head(n * n).reshaped(n, n) * x.tail(n * n).reshaped(n, n)).sum();
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const Eigen::Map<const Eigen::MatrixXd> a(x.data(), n, n), b(x.data() + n * n, n, n);
    // d sum(AB) / dA = 1 1^T B^T (every row: the row sums of B), d / dB = A^T 1 1^T
    const Eigen::VectorXd row_sums_b = b.rowwise().sum(), col_sums_a = a.colwise().sum().transpose();
    Eigen::VectorXd g(2 * n * n);
    Eigen::Map<Eigen::MatrixXd>(g.data(), n, n) = Eigen::VectorXd::Ones(n) * row_sums_b.transpose();
    Eigen::Map<Eigen::MatrixXd>(g.data() + n * n, n, n) = col_sums_a * Eigen::RowVectorXd::Ones(n);
    return {(a * b).sum(), g};
  }
};

// ---------------------------------------------------------------- linear regression

// log-likelihood of y ~ N(X beta, sigma): x = (beta, sigma), X and y fixed synthetic data.
// The data are held as Eigen::Map views of storage that outlives every gradient, the way to
// pass large constant data to reverse mode: a matrix node borrows a Map, while it copies a
// plain Eigen operand (which might be a local of the function, dead by the backward sweep).
struct Regression {
  std::shared_ptr<const Eigen::MatrixXd> design_storage;
  std::shared_ptr<const Eigen::VectorXd> y_storage;
  Eigen::Map<const Eigen::MatrixXd> design;
  Eigen::Map<const Eigen::VectorXd> y;
  std::array<Eigen::VectorXd, kDraws> inputs;
  Regression(Eigen::Index samples, Eigen::Index features)
      : design_storage(std::make_shared<const Eigen::MatrixXd>(random_matrix(samples, features, 7))),
        y_storage(std::make_shared<const Eigen::VectorXd>(*design_storage * uniform(features, -1, 1, 60) +
                                                          0.1 * random_matrix(samples, 1, 8))),
        design(design_storage->data(), samples, features),
        y(y_storage->data(), samples) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = uniform(features + 1, -1, 1, 61 + static_cast<unsigned>(d));
      inputs[d][features] = 0.8;  // sigma
    }
  }
  template <class X> ScalarOf<X> objective(const X& x) const {
    const Eigen::Index p = x.size() - 1;
    return slope::normal_log_pdf(y, design * x.head(p), x[p]);
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const Eigen::Index p = x.size() - 1;
    const double sigma = x[p];
    const Eigen::VectorXd r = y - design * x.head(p);
    const double n = static_cast<double>(y.size());
    const double value = -0.5 * r.squaredNorm() / (sigma * sigma) - n * (std::log(sigma) + 0.5 * std::log(2 * std::numbers::pi));
    Eigen::VectorXd g(p + 1);
    g.head(p) = design.transpose() * r / (sigma * sigma);
    g[p] = r.squaredNorm() / (sigma * sigma * sigma) - n / sigma;
    return {value, g};
  }
};

// ---------------------------------------------------------------- stochastic volatility

// Non-centred stochastic volatility: x = (z_0..z_{n-1}, mu, sigma, phi), y fixed returns.
//   h_0 = z_0 sigma / sqrt(1 - phi^2) + mu,  h_i = z_i sigma + mu + phi (h_{i-1} - mu)
//   f = sum_i [-0.5 (y_i / exp(h_i / 2))^2 - h_i / 2 - 0.5 z_i^2] - ln(1 + (sigma/5)^2) - ln(1 + (mu/10)^2)
struct StochasticVolatility {
  Eigen::VectorXd y;
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit StochasticVolatility(Eigen::Index n) : y(uniform(n, -0.5, 0.5, 70)) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = uniform(n + 3, -1, 1, 71 + static_cast<unsigned>(d));
      inputs[d][n] = -1.0;       // mu
      inputs[d][n + 1] = 0.3;    // sigma
      inputs[d][n + 2] = 0.9;    // phi
    }
  }
  template <class X> ScalarOf<X> objective(const X& x) const {
    using S = ScalarOf<X>;
    using std::exp;
    using std::log;
    using std::sqrt;
    const Eigen::Index n = y.size();
    const S mu = x[n], sigma = x[n + 1], phi = x[n + 2];
    S h = x[0] * sigma / sqrt(1.0 - phi * phi) + mu;
    S lp = -0.5 * squared(y[0] / exp(h / 2.0)) - h / 2.0 - 0.5 * squared(x[0]);
    for (Eigen::Index i = 1; i < n; ++i) {
      h = x[i] * sigma + mu + phi * (h - mu);
      lp += -0.5 * squared(y[i] / exp(h / 2.0)) - h / 2.0 - 0.5 * squared(x[i]);
    }
    // log(1 + u), not log1p: the other libraries in peers_bench lack log1p
    return lp - log(1.0 + squared(sigma / 5.0)) - log(1.0 + squared(mu / 10.0));
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    // forward pass storing h, then the adjoint recursion backwards
    const Eigen::Index n = y.size();
    const double mu = x[n], sigma = x[n + 1], phi = x[n + 2];
    const double root = std::sqrt(1.0 - phi * phi);
    Eigen::VectorXd h(n);
    h[0] = x[0] * sigma / root + mu;
    for (Eigen::Index i = 1; i < n; ++i) h[i] = x[i] * sigma + mu + phi * (h[i - 1] - mu);
    double value = 0.0;
    Eigen::VectorXd g = Eigen::VectorXd::Zero(n + 3);
    double h_bar = 0.0;  // adjoint of h_i flowing from h_{i+1}
    for (Eigen::Index i = n; i-- > 0;) {
      const double e = y[i] * y[i] * std::exp(-h[i]);
      value += -0.5 * e - 0.5 * h[i] - 0.5 * x[i] * x[i];
      const double dh = h_bar + 0.5 * e - 0.5;  // total adjoint of h_i
      g[i] = -x[i];
      if (i > 0) {
        g[i] += dh * sigma;
        g[n] += dh * (1.0 - phi);
        g[n + 1] += dh * x[i];
        g[n + 2] += dh * (h[i - 1] - mu);
        h_bar = dh * phi;
      } else {
        g[i] += dh * sigma / root;
        g[n] += dh;
        g[n + 1] += dh * x[0] / root;
        g[n + 2] += dh * x[0] * sigma * phi / (root * root * root);
      }
    }
    value += -std::log1p((sigma / 5) * (sigma / 5)) - std::log1p((mu / 10) * (mu / 10));
    g[n + 1] += -2 * sigma / 25 / (1 + (sigma / 5) * (sigma / 5));
    g[n] += -2 * mu / 100 / (1 + (mu / 10) * (mu / 10));
    return {value, g};
  }
};

// ---------------------------------------------------------------- a small MLP

// 16 inputs -> 32 tanh -> 1 output, batch of 64, mean squared error; 577 parameters
// x = (vec W1 (32x16), b1 (32), W2 (1x32), b2 (1)).
struct Mlp {
  static constexpr Eigen::Index kIn = 16, kHidden = 32, kBatch = 64;
  static constexpr Eigen::Index kParameters = kHidden * kIn + kHidden + kHidden + 1;
  // The data as Eigen::Map views of storage that outlives every gradient (see Regression).
  std::shared_ptr<const Eigen::VectorXd> data_storage;  // kIn x kBatch inputs, then kBatch targets
  Eigen::Map<const Eigen::MatrixXd> inputs_x;
  Eigen::Map<const Eigen::RowVectorXd> targets;
  std::array<Eigen::VectorXd, kDraws> inputs;
  Mlp()
      : data_storage(std::make_shared<const Eigen::VectorXd>(uniform((kIn + 1) * kBatch, -1, 1, 9))),
        inputs_x(data_storage->data(), kIn, kBatch),
        targets(data_storage->data() + kIn * kBatch, kBatch) {
    for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(kParameters, -0.3, 0.3, 80 + static_cast<unsigned>(d));
  }
  template <class X> ScalarOf<X> objective(const X& x) const {
    const auto w1 = x.head(kHidden * kIn).reshaped(kHidden, kIn);
    const auto b1 = x.segment(kHidden * kIn, kHidden);
    const auto w2 = x.segment(kHidden * kIn + kHidden, kHidden).reshaped(1, kHidden);
    const auto b2 = x[kParameters - 1];
    // the bias added to every column as the outer product b1 1^T
    const auto hidden = (w1 * inputs_x + b1 * Eigen::RowVectorXd::Ones(kBatch)).array().tanh();
    const auto out = (w2 * hidden.matrix()).array() + b2;
    return (out - targets.array()).square().mean();
  }
  ValueGradient hand(const Eigen::VectorXd& x) const {
    const Eigen::Map<const Eigen::MatrixXd> w1(x.data(), kHidden, kIn);
    const Eigen::Map<const Eigen::VectorXd> b1(x.data() + kHidden * kIn, kHidden);
    const Eigen::Map<const Eigen::RowVectorXd> w2(x.data() + kHidden * kIn + kHidden, kHidden);
    const double b2 = x[kParameters - 1];
    const Eigen::MatrixXd a = ((w1 * inputs_x).colwise() + b1).array().tanh().matrix();
    const Eigen::RowVectorXd out = (w2 * a).array() + b2;
    const Eigen::RowVectorXd r = out - targets;
    const double value = r.squaredNorm() / kBatch;
    const Eigen::RowVectorXd d_out = 2.0 * r / kBatch;
    const Eigen::MatrixXd d_pre = ((w2.transpose() * d_out).array() * (1.0 - a.array().square())).matrix();
    Eigen::VectorXd g(kParameters);
    Eigen::Map<Eigen::MatrixXd>(g.data(), kHidden, kIn) = d_pre * inputs_x.transpose();
    g.segment(kHidden * kIn, kHidden) = d_pre.rowwise().sum();
    g.segment(kHidden * kIn + kHidden, kHidden) = (d_out * a.transpose()).transpose();
    g[kParameters - 1] = d_out.sum();
    return {value, g};
  }
};

// ---------------------------------------------------------------- Rosenbrock

// The extended Rosenbrock function (tests/support/rosenbrock.hpp has it for the tests), here
// spelled for every library's scalar type.
struct Rosenbrock {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit Rosenbrock(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, -1.5, 1.5, 90 + static_cast<unsigned>(d)); }
  template <class X> ScalarOf<X> objective(const X& x) const {
    ScalarOf<X> sum(0.0);
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) sum += 100.0 * squared(x[i + 1] - x[i] * x[i]) + squared(1.0 - x[i]);
    return sum;
  }
  ValueGradient hand(const Eigen::VectorXd& x) const { return {slope_test::rosenbrock(x), slope_test::rosenbrock_gradient(x)}; }
};

}  // namespace slope_bench
