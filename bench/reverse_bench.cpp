// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Reverse-mode gradients against their baselines, every workload in one run:
//   function    the plain double function (the floor any gradient pays once)
//   hand        a hand-coded analytic gradient (value included)
//   central_fd  central differences, 2n evaluations (only where one call stays well under 1 s)
//   reverse     slope::value_and_gradient on the generic body (tape reset included)
//   forward     slope::gradient_forward, at the smallest size only
//   tape_floor  for sum, matmul and stochastic volatility: the least work any tape-based
//               reverse mode must do there, written by hand (tape_floor.hpp)
// Names are <workload>/<method>/<size>; bench/table.py turns the JSON into the README table.
// The workloads (one generic objective each, and its hand-coded gradient) are in
// workloads.hpp; peers_bench.cpp runs some of them through other AD libraries.
//
//   cmake --workflow --preset bench && python3 bench/table.py build/bench/bench/{reverse,gradient}.json

#include <string>

#include "tape_floor.hpp"
#include "workloads.hpp"

namespace {

using namespace slope_bench;

// Registers <name>/{function,hand,central_fd,reverse[,forward]}/<size> for one workload.
template <class Workload>
void register_workload(const std::string& name, const std::string& size, const Workload& w, bool with_fd, bool with_forward) {
  benchmark::RegisterBenchmark((name + "/function/" + size).c_str(), [w](benchmark::State& s) { run_function(s, w); });
  benchmark::RegisterBenchmark((name + "/hand/" + size).c_str(), [w](benchmark::State& s) {
    run_gradient(s, w, [&w](const Eigen::VectorXd& x) { return w.hand(x).gradient; });
  });
  if (with_fd) {
    benchmark::RegisterBenchmark((name + "/central_fd/" + size).c_str(), [w](benchmark::State& s) {
      run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
        return slope::fd::gradient([&w](const Eigen::VectorXd& v) { return w.objective(v); }, x);
      });
    });
  }
  benchmark::RegisterBenchmark((name + "/reverse/" + size).c_str(), [w](benchmark::State& s) {
    run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
      return slope::value_and_gradient([&w](const auto& v) { return w.objective(v); }, x).gradient;
    });
  });
  if (with_forward) {
    benchmark::RegisterBenchmark((name + "/forward/" + size).c_str(), [w](benchmark::State& s) {
      run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
        return slope::gradient_forward([&w](const auto& v) { return w.objective(v); }, x);
      });
    });
  }
}

// Registers <name>/tape_floor/<size>: Floor(w)(x), the tape floor of workload w (tape_floor.hpp).
template <class Floor, class Workload>
void register_floor(const std::string& name, const std::string& size, const Workload& w) {
  benchmark::RegisterBenchmark((name + "/tape_floor/" + size).c_str(), [w](benchmark::State& s) {
    Floor floor(w);
    run_gradient(s, w, [&floor](const Eigen::VectorXd& x) { return floor(x).gradient; });
  });
}

}  // namespace

int main(int argc, char** argv) {
  for (Eigen::Index n : {16, 1024, 65536}) {
    const std::string size = std::to_string(n);
    const bool fd = n <= 1024, forward = n == 16;
    const Sum sum(n);
    register_workload("sum", size, sum, fd, forward);
    register_floor<SumFloor>("sum", size, sum);
    register_workload("prod", size, Product(n), fd, forward);
    register_workload("log_sum_exp", size, LogSumExp(n), fd, forward);
    register_workload("normal", size, Normal(n), fd, forward);
    const StochasticVolatility stochastic_volatility(n);
    register_workload("stochastic_volatility", size, stochastic_volatility, fd, forward);
    register_floor<StochasticVolatilityFloor>("stochastic_volatility", size, stochastic_volatility);
  }
  for (Eigen::Index n : {10, 32, 64}) {
    const MatrixProduct product(n);
    register_workload("matmul", std::to_string(n), product, n <= 32, n == 10);
    register_floor<MatrixProductFloor>("matmul", std::to_string(n), product);
  }
  register_workload("regression", "1000x10", Regression(1000, 10), true, true);
  register_workload("regression", "1000x100", Regression(1000, 100), true, false);
  register_workload("regression", "10000x100", Regression(10000, 100), false, false);
  register_workload("mlp", "577", Mlp(), true, false);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
