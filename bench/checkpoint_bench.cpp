// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Checkpointing against the plain tape on a time loop: explicit Euler over a 100-dimensional
// state, n = 100 bistable units coupled through their mean,
//   x_i' = x_i - x_i^3 + kappa (mean(x) - x_i) + b_i cos(0.001 k),   h = 0.01,  k = 0 .. N-1,
// and the gradient of L = ||x_N||^2 / 2 with respect to x_0, b and kappa (201 inputs):
//   function         the loop on doubles (no derivative)
//   reverse          the plain tape: every step recorded on one tape, one backward sweep
//   checkpoint_S<S>  slope::checkpoint_loop with S snapshots (Revolve's schedule), S = 100, 10
// Counters: tape_MB, the memory of a gradient's recording (plain: the tape; checkpointed: the
// outer tape, the step tape and the stored states, from their byte counts); advances_per_step,
// the forward steps run without recording per step (Revolve's t(N, S) / N, plus x_N's step);
// max_rel_error of the gradient against the plain tape's.
// Each method computes one gradient before its timing starts, so that its tapes have grown to
// size (as in an optimizer's loop, where the thread's tape is reused from call to call).
// N = 10^4 and 10^5 steps; 10^6 as well with --large (the plain tape then takes about 2 GB).
//
//   build/bench/bench/checkpoint_bench --large --benchmark_repetitions=5 --benchmark_min_time=0.1
//       --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "slope/slope.hpp"
#include "slope/reverse/checkpoint.hpp"

namespace {

constexpr Eigen::Index kUnits = 100;

// One explicit-Euler step; generic: Eigen vectors of double (advancing, the plain function)
// or VarVectors (recording).
struct Euler {
  double h = 0.01;
  template <class X, class B, class K>
  auto operator()(const X& x, std::size_t k, const B& b, const K& kappa) const {
    const double forcing = std::cos(0.001 * static_cast<double>(k));
    const auto mean = x.mean();
    const auto a = x.array();
    return (a + h * (a - a * a.square() + kappa * (mean - a) + forcing * b.array())).matrix().eval();
  }
};

// The inputs z = (x_0, b, kappa), a few of them cycled through, all finite.
std::vector<Eigen::VectorXd> inputs() {
  std::vector<Eigen::VectorXd> zs;
  for (int c = 0; c < 4; ++c) {
    Eigen::VectorXd z(2 * kUnits + 1);
    for (Eigen::Index i = 0; i < kUnits; ++i) {
      z[i] = std::sin(0.37 * double(i) + c);
      z[kUnits + i] = 0.2 * std::cos(0.91 * double(i) - c);
    }
    z[2 * kUnits] = 0.5 + 0.1 * c;
    zs.push_back(z);
  }
  return zs;
}

template <class Z>
auto loss_of(const Z& z, std::size_t steps) {
  auto x = z.head(kUnits).eval();
  const auto b = z.segment(kUnits, kUnits);
  const auto kappa = z[2 * kUnits];
  for (std::size_t k = 0; k < steps; ++k) x = Euler{}(x, k, b, kappa);
  return 0.5 * x.squaredNorm();
}

// The gradient of f at z recorded on `tape` (so that its size can be read afterwards).
template <class F>
double gradient_on(slope::Tape<double>& tape, const F& f, const Eigen::VectorXd& z, Eigen::VectorXd& g) {
  tape.clear();
  slope::TapeScope scope(tape);
  const slope::VarVector<double> v = slope::make_variables(tape, z);
  const slope::Var<double> y = f(v);
  tape.backward(y);
  g = v.adjoints();
  return y.value();
}

// The plain tape's gradient at the first input, by N: computed by the plain tape's benchmark
// (or here, when it has not run).
std::map<std::size_t, Eigen::VectorXd>& reference_gradients() {
  static std::map<std::size_t, Eigen::VectorXd> gradients;
  return gradients;
}
const Eigen::VectorXd& reference_gradient(std::size_t steps) {
  auto [at, inserted] = reference_gradients().try_emplace(steps);
  if (inserted) {
    slope::Tape<double> tape;
    gradient_on(tape, [steps](const auto& z) { return loss_of(z, steps); }, inputs()[0], at->second);
  }
  return at->second;
}

double max_rel_error(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return ((a - b).cwiseAbs().array() / b.cwiseAbs().array().max(1e-300)).maxCoeff();
}

void function(benchmark::State& state, std::size_t steps) {
  const std::vector<Eigen::VectorXd> zs = inputs();
  std::size_t c = 0;
  for (auto _ : state) benchmark::DoNotOptimize(loss_of(zs[c++ % zs.size()], steps));
}

void plain_tape(benchmark::State& state, std::size_t steps) {
  const std::vector<Eigen::VectorXd> zs = inputs();
  slope::Tape<double> tape;
  Eigen::VectorXd g;
  const auto f = [steps](const auto& z) { return loss_of(z, steps); };
  gradient_on(tape, f, zs[0], g);  // the tape grows to size before the timing, as in an optimizer's loop
  reference_gradients()[steps] = g;
  std::size_t c = 0;
  for (auto _ : state) benchmark::DoNotOptimize(gradient_on(tape, f, zs[c++ % zs.size()], g));
  state.counters["tape_MB"] = double(tape.bytes()) / 1e6;
}

void checkpointed(benchmark::State& state, std::size_t steps, std::size_t snapshots) {
  const std::vector<Eigen::VectorXd> zs = inputs();
  slope::Tape<double> tape;
  slope::LoopCheckpointStats stats;
  const auto f = [&](const auto& z) {
    const auto xN = slope::checkpoint_loop(Euler{}, z.head(kUnits), {.steps = steps, .snapshots = snapshots, .stats = &stats},
                                           z.segment(kUnits, kUnits), z[2 * kUnits]);
    return slope::Var<double>(0.5 * xN.squaredNorm());
  };
  Eigen::VectorXd g;
  gradient_on(tape, f, zs.back(), g);  // as for the plain tape
  std::size_t c = 0;
  for (auto _ : state) benchmark::DoNotOptimize(gradient_on(tape, f, zs[c++ % zs.size()], g));
  state.counters["tape_MB"] = double(tape.bytes() + stats.step_tape_bytes + stats.state_bytes) / 1e6;
  state.counters["advances_per_step"] = double(stats.advances) / double(steps);
  // Checked outside the timing: the same gradient as the plain tape's.
  gradient_on(tape, f, zs[0], g);
  state.counters["max_rel_error"] = max_rel_error(g, reference_gradient(steps));
}

}  // namespace

int main(int argc, char** argv) {
  // --large adds N = 10^6 (seconds per gradient, gigabytes of plain tape).
  bool large = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--large") == 0) {
      large = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  std::vector<std::size_t> sizes = {10000, 100000};
  if (large) sizes.push_back(1000000);
  for (std::size_t steps : sizes) {
    const std::string n = std::to_string(steps);
    benchmark::RegisterBenchmark(("euler/function/" + n).c_str(), function, steps)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("euler/reverse/" + n).c_str(), plain_tape, steps)->Unit(benchmark::kMillisecond);
    for (std::size_t snapshots : {std::size_t{100}, std::size_t{10}}) {
      benchmark::RegisterBenchmark(("euler/checkpoint_S" + std::to_string(snapshots) + "/" + n).c_str(), checkpointed, steps, snapshots)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
