// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The benchmark workloads as slope's benches see them (reverse_bench.cpp, tape_floor.hpp and
// the slope column of peers_bench.cpp): each is a problem of peers/problems.hpp (input draws,
// fixed data, the hand-coded analytic value and gradient) plus ONE generic objective written
// the natural way for slope (vector code for vector math with slope's helpers, a plain loop
// for the stochastic-volatility recursion). run_function / run_gradient time one method on
// cycling inputs; run_gradient also reports the largest relative deviation of the method's
// gradient from the hand-coded one (counter max_rel_error).

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <iterator>
#include <utility>

#include "peers/problems.hpp"
#include "slope/slope.hpp"

namespace slope_bench {

template <class X>
using ScalarOf = typename std::decay_t<X>::Scalar;

template <class W>
void run_function(benchmark::State& state, const W& w) {
  std::size_t k = 0;
  for (auto _ : state) {
    double v = w.objective(w.inputs[k++ % std::size(w.inputs)]);
    benchmark::DoNotOptimize(v);
  }
}

template <class W, class Method>
void run_gradient(benchmark::State& state, const W& w, const Method& method) {
  double max_rel_error = 0.0;
  for (const auto& x : w.inputs) {
    const Eigen::VectorXd reference = w.hand(x).gradient;
    const Eigen::VectorXd g = method(x);
    max_rel_error = std::max(max_rel_error, (g - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff());
  }
  std::size_t k = 0;
  for (auto _ : state) {
    Eigen::VectorXd g = method(w.inputs[k++ % std::size(w.inputs)]);
    benchmark::DoNotOptimize(g.data());
    benchmark::ClobberMemory();
  }
  state.counters["max_rel_error"] = max_rel_error;
}

// x * x for every scalar type: slope's square (one node) where it applies, else the product.
template <class A>
auto squared(const A& a) {
  if constexpr (requires { slope::square(a); }) {
    return slope::square(a);
  } else {
    return a * a;  // may be an expression of a: used within the caller's full-expression
  }
}

// ---------------------------------------------------------------- the objectives in slope's spelling

// objective(problem, x): problem's objective on x, written for slope (and valid on double).
template <class X> ScalarOf<X> objective(const problem::Sum&, const X& x) { return x.sum(); }

template <class X> ScalarOf<X> objective(const problem::Product&, const X& x) { return x.prod(); }

template <class X> ScalarOf<X> objective(const problem::LogSumExp&, const X& x) { return slope::log_sum_exp(x); }

template <class X> ScalarOf<X> objective(const problem::Normal&, const X& x) {
  const Eigen::Index n = x.size() - 2;
  return slope::normal_log_pdf(x.head(n), x[n], x[n + 1]);
}

template <class X> ScalarOf<X> objective(const problem::MatrixProduct& w, const X& x) {
  const Eigen::Index n = w.n;
  return (x.head(n * n).reshaped(n, n) * x.tail(n * n).reshaped(n, n)).sum();
}

// The data are Eigen::Map views (problems.hpp): slope's matrix nodes borrow them.
template <class X> ScalarOf<X> objective(const problem::Regression& w, const X& x) {
  const Eigen::Index p = x.size() - 1;
  return slope::normal_log_pdf(w.y, w.design * x.head(p), x[p]);
}

template <class X> ScalarOf<X> objective(const problem::StochasticVolatility& w, const X& x) {
  using S = ScalarOf<X>;
  using std::exp;
  using std::log;
  using std::sqrt;
  const Eigen::VectorXd& y = w.y;
  const Eigen::Index n = y.size();
  const S mu = x[n], sigma = x[n + 1], phi = x[n + 2];
  S h = x[0] * sigma / sqrt(1.0 - phi * phi) + mu;
  S lp = -0.5 * squared(y[0] / exp(h / 2.0)) - h / 2.0 - 0.5 * squared(x[0]);
  for (Eigen::Index i = 1; i < n; ++i) {
    h = x[i] * sigma + mu + phi * (h - mu);
    lp += -0.5 * squared(y[i] / exp(h / 2.0)) - h / 2.0 - 0.5 * squared(x[i]);
  }
  // log(1 + u), not log1p: the formula of the other libraries' spelling
  return lp - log(1.0 + squared(sigma / 5.0)) - log(1.0 + squared(mu / 10.0));
}

template <class X> ScalarOf<X> objective(const problem::Mlp& w, const X& x) {
  using M = problem::Mlp;
  const auto w1 = x.head(M::kHidden * M::kIn).reshaped(M::kHidden, M::kIn);
  const auto b1 = x.segment(M::kHidden * M::kIn, M::kHidden);
  const auto w2 = x.segment(M::kHidden * M::kIn + M::kHidden, M::kHidden).reshaped(1, M::kHidden);
  const auto b2 = x[M::kParameters - 1];
  // the bias added to every column: one broadcasting node (it was the outer product b1 1^T,
  // a product node and its backward products, before VarMatrix had colwise())
  const auto hidden = ((w1 * w.inputs_x).colwise() + b1).array().tanh();
  const auto out = (w2 * hidden.matrix()).array() + b2;
  return (out - w.targets.array()).square().mean();
}

template <class X> ScalarOf<X> objective(const problem::Rosenbrock&, const X& x) {
  ScalarOf<X> sum(0.0);
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) sum += 100.0 * squared(x[i + 1] - x[i] * x[i]) + squared(1.0 - x[i]);
  return sum;
}

// A workload: problem P of peers/problems.hpp with its slope objective as a member and the
// allocating form of its hand-coded gradient.
struct ValueGradient {
  double value;
  Eigen::VectorXd gradient;
};

template <class P>
struct Workload : P {
  using P::P;
  using P::hand;
  ValueGradient hand(const Eigen::VectorXd& x) const {
    Eigen::VectorXd g(x.size());
    const double value = P::hand(x, g);
    return {value, std::move(g)};
  }
  template <class X> ScalarOf<X> objective(const X& x) const { return slope_bench::objective(static_cast<const P&>(*this), x); }
};

using Sum = Workload<problem::Sum>;
using Product = Workload<problem::Product>;
using LogSumExp = Workload<problem::LogSumExp>;
using Normal = Workload<problem::Normal>;
using MatrixProduct = Workload<problem::MatrixProduct>;
using Regression = Workload<problem::Regression>;
using StochasticVolatility = Workload<problem::StochasticVolatility>;
using Mlp = Workload<problem::Mlp>;
using Rosenbrock = Workload<problem::Rosenbrock>;

}  // namespace slope_bench
