// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The harness of peers_bench: every workload at every size (one instance each, shared by all
// translation units), the timing and checking of one method, and the registry through which
// each library's translation unit (bench/peers/<library>.cpp, slope's in peers_bench.cpp)
// adds its methods. A method is `double method(const Eigen::VectorXd& x, Eigen::VectorXd& g)`:
// it returns f(x) and writes the gradient into the caller's vector (sized by the caller, as
// an optimizer hands its buffer in); whatever a library needs per call (tape reset, input
// registration, expression building, reading adjoints out) happens inside the call.
// Benchmarks are named <workload>/<method>/<size>. Before timing, each method runs on the
// workload's draws and is compared with the hand-coded gradient (counters max_rel_error =
// max_i |g_i - ref_i| / max_i |ref_i| and value_rel_error = |f - ref| / max(1, |ref|)); a
// method off by more than kTolerance is reported as an error and makes the program exit 1.
//
//     void register_mine() {
//       for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
//         add(name, "mine", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) { return w.hand(x, g); }); });
//     }
//     [[maybe_unused]] const bool registered = add_library(register_mine);

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "problems.hpp"

namespace slope_bench::peers {

using namespace slope_bench::problem;

// Every gradient is exact up to rounding: the largest deviation seen is about 1e-13.
inline constexpr double kTolerance = 1e-10;

// Set by any method whose value or gradient is off; main returns 1.
inline std::atomic<bool>& failed() {
  static std::atomic<bool> flag{false};
  return flag;
}

// The sizes (the reference harness of ../shared/peers): the vector workloads at n = 16, 1024,
// 65536, the matrix product at N = 10, 32, 64, the regression at 1000 samples x 10 and 100
// features, the MLP (577 parameters), Rosenbrock at n = 16 and 1024.
struct Workloads {
  std::vector<Sum> sums;
  std::vector<Product> products;
  std::vector<LogSumExp> log_sum_exps;
  std::vector<Normal> normals;
  std::vector<MatrixProduct> matrix_products;
  std::vector<Regression> regressions;
  std::vector<StochasticVolatility> stochastic_volatilities;
  Mlp mlp;
  std::vector<Rosenbrock> rosenbrocks;
  Workloads() {
    for (Eigen::Index n : {16, 1024, 65536}) {
      sums.emplace_back(n);
      products.emplace_back(n);
      log_sum_exps.emplace_back(n);
      normals.emplace_back(n);
      stochastic_volatilities.emplace_back(n);
    }
    for (Eigen::Index n : {10, 32, 64}) matrix_products.emplace_back(n);
    for (Eigen::Index p : {10, 100}) regressions.emplace_back(1000, p);
    for (Eigen::Index n : {16, 1024}) rosenbrocks.emplace_back(n);
  }
};

inline const Workloads& workloads() {
  static const Workloads all;
  return all;
}

// The size in a benchmark's name: n, N for the matrix product, samples x features.
inline std::string size_name(Eigen::Index n) { return std::to_string(n); }
inline std::string size_name(const Sum& w) { return size_name(w.inputs[0].size()); }
inline std::string size_name(const Product& w) { return size_name(w.inputs[0].size()); }
inline std::string size_name(const LogSumExp& w) { return size_name(w.inputs[0].size()); }
inline std::string size_name(const Normal& w) { return size_name(w.inputs[0].size() - 2); }
inline std::string size_name(const MatrixProduct& w) { return size_name(w.n); }
inline std::string size_name(const Regression& w) { return size_name(w.design.rows()) + "x" + size_name(w.design.cols()); }
inline std::string size_name(const StochasticVolatility& w) { return size_name(w.y.size()); }
inline std::string size_name(const Mlp&) { return size_name(Mlp::kParameters); }
inline std::string size_name(const Rosenbrock& w) { return size_name(w.inputs[0].size()); }

// fn(name, size, workload) for every workload at every size; fn is generic, so that each
// library's translation unit instantiates its methods per workload type.
template <class Fn>
void for_each_workload(Fn&& fn) {
  const Workloads& all = workloads();
  for (const auto& w : all.sums) fn("sum", size_name(w), w);
  for (const auto& w : all.products) fn("prod", size_name(w), w);
  for (const auto& w : all.log_sum_exps) fn("log_sum_exp", size_name(w), w);
  for (const auto& w : all.normals) fn("normal", size_name(w), w);
  for (const auto& w : all.matrix_products) fn("matmul", size_name(w), w);
  for (const auto& w : all.regressions) fn("regression", size_name(w), w);
  for (const auto& w : all.stochastic_volatilities) fn("stochastic_volatility", size_name(w), w);
  fn("mlp", size_name(all.mlp), all.mlp);
  for (const auto& w : all.rosenbrocks) fn("rosenbrock", size_name(w), w);
}

// Forward mode costs about n times the function: the forward-mode columns are measured where
// the workload has at most this many inputs (not at n = 65536 nor for the two larger
// matrix products, where one gradient would take seconds).
inline constexpr Eigen::Index kForwardModeMaxInputs = 1100;

// Registers <workload>/<method>/<size>: checks `method` on the workload's draws, then times
// it cycling through them.
// With SLOPE_PEERS_ITERATIONS=N in the environment every benchmark runs exactly N iterations
// in one round (no calibration rounds), so that two runs under callgrind with different N
// give a method's instructions per gradient (bench/peers/instructions.py).
template <class W, class Method>
void add(const std::string& workload, const std::string& method_name, const std::string& size, const W& w, Method method) {
  const std::string name = workload + "/" + method_name + "/" + size;
  benchmark::internal::Benchmark* registered = benchmark::RegisterBenchmark(name.c_str(), [&w, method, name](benchmark::State& state) mutable {
    const Eigen::Index n = w.inputs[0].size();
    Eigen::VectorXd g(n), reference(n);
    double max_rel_error = 0.0, value_rel_error = 0.0;
    for (const auto& x : w.inputs) {
      const double reference_value = w.hand(x, reference);
      g.setConstant(std::numeric_limits<double>::quiet_NaN());  // a method must write every entry
      const double value = method(x, g);
      const double error = (g - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff();
      const double value_error = std::abs(value - reference_value) / std::max(1.0, std::abs(reference_value));
      // a NaN compares false: counted as an infinite error
      max_rel_error = std::max(max_rel_error, error <= std::numeric_limits<double>::max() ? error : std::numeric_limits<double>::infinity());
      value_rel_error = std::max(value_rel_error, value_error <= std::numeric_limits<double>::max() ? value_error : std::numeric_limits<double>::infinity());
    }
    state.counters["max_rel_error"] = max_rel_error;
    state.counters["value_rel_error"] = value_rel_error;
    if (max_rel_error > kTolerance || value_rel_error > kTolerance) {
      failed() = true;
      char message[256];
      std::snprintf(message, sizeof message, "%s: gradient off by %.3g, value by %.3g (relative to the hand-coded ones)", name.c_str(),
                    max_rel_error, value_rel_error);
      state.SkipWithError(message);
      return;
    }
    std::size_t k = 0;
    for (auto _ : state) {
      double value = method(w.inputs[k++ % kDraws], g);
      benchmark::DoNotOptimize(value);
      benchmark::DoNotOptimize(g.data());
      benchmark::ClobberMemory();
    }
  });
  if (const char* iterations = std::getenv("SLOPE_PEERS_ITERATIONS")) registered->Iterations(std::atoll(iterations));
}

// The libraries' registration functions, called by main before the benchmarks run: each
// library's translation unit adds its own at static initialisation (add_library), so main
// needs to know none of them.
using Registration = void (*)();

inline std::vector<Registration>& libraries() {
  static std::vector<Registration> all;
  return all;
}

inline bool add_library(Registration registration) {
  libraries().push_back(registration);
  return true;
}

}  // namespace slope_bench::peers
