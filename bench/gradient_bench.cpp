// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The gradient of the extended Rosenbrock function
//   f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
// for n = 2, 8, 32, 128, by every method in one run, so that ratios are taken on one machine
// state: the plain function, a hand-coded gradient, central differences (2n evaluations),
// forward mode (ceil(n/4) passes) and reverse mode (one recording and one sweep, a plain
// scalar loop recorded statement by statement). Names are <workload>/<method>/<n>, for pairing in scripts.
// The counter max_rel_error is the largest relative deviation from the hand-coded gradient.
// Inputs cycle through a few points so that nothing is computed once and cached; all stay in
// [-1.5, 1.5], where every value is finite.
//
//   cmake --workflow --preset bench && build/bench/bench/gradient_bench --benchmark_repetitions=5

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <array>
#include <random>

#include "slope/slope.hpp"
#include "support/rosenbrock.hpp"

namespace {

using slope_test::rosenbrock;
const auto hand_gradient = slope_test::rosenbrock_gradient;

constexpr std::size_t kInputs = 8;

std::array<Eigen::VectorXd, kInputs> inputs(Eigen::Index n) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> dist(-1.5, 1.5);
  std::array<Eigen::VectorXd, kInputs> xs;
  for (auto& x : xs) {
    x.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = dist(rng);
  }
  return xs;
}

// Runs `method` on cycling inputs; reports its largest relative error against hand_gradient.
template <class Method>
void run(benchmark::State& state, const Method& method) {
  const auto xs = inputs(state.range(0));
  double max_rel_error = 0.0;
  for (const auto& x : xs) {
    const Eigen::VectorXd reference = hand_gradient(x);
    const Eigen::VectorXd g = method(x);
    max_rel_error = std::max(max_rel_error, (g - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff());
  }
  std::size_t k = 0;
  for (auto _ : state) {
    Eigen::VectorXd g = method(xs[k++ % kInputs]);
    benchmark::DoNotOptimize(g.data());
    benchmark::ClobberMemory();
  }
  state.counters["max_rel_error"] = max_rel_error;
}

void function(benchmark::State& state) {
  const auto xs = inputs(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) {
    double value = rosenbrock(xs[k++ % kInputs]);
    benchmark::DoNotOptimize(value);
  }
}

void hand(benchmark::State& state) { run(state, hand_gradient); }

void central_fd(benchmark::State& state) {
  run(state, [](const Eigen::VectorXd& x) { return slope::fd::gradient(rosenbrock, x); });
}

void forward(benchmark::State& state) {
  run(state, [](const Eigen::VectorXd& x) { return slope::gradient_forward(rosenbrock, x); });
}

void reverse(benchmark::State& state) {
  run(state, [](const Eigen::VectorXd& x) { return slope::gradient(rosenbrock, x); });
}

}  // namespace

BENCHMARK(function)->Name("rosenbrock/function")->Arg(2)->Arg(8)->Arg(32)->Arg(128);
BENCHMARK(hand)->Name("rosenbrock/hand")->Arg(2)->Arg(8)->Arg(32)->Arg(128);
BENCHMARK(central_fd)->Name("rosenbrock/central_fd")->Arg(2)->Arg(8)->Arg(32)->Arg(128);
BENCHMARK(forward)->Name("rosenbrock/forward")->Arg(2)->Arg(8)->Arg(32)->Arg(128);
BENCHMARK(reverse)->Name("rosenbrock/reverse")->Arg(2)->Arg(8)->Arg(32)->Arg(128);

BENCHMARK_MAIN();
