// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope against the other C++ AD libraries, the gradient of nine workloads (bench/peers/
// problems.hpp: sum, prod, log_sum_exp, normal, matmul, regression, stochastic_volatility,
// mlp, rosenbrock) per call, every library in its own translation unit and in its natural
// spelling, every gradient checked against the hand-coded one in the run (harness.hpp).
// This translation unit holds main, the baselines and slope's columns:
//   function        the plain double function
//   hand            the hand-coded analytic gradient (value included)
//   slope           slope::value_and_gradient(f, x, g) on the objective of bench/workloads.hpp
//                   (slope's helpers log_sum_exp and normal_log_pdf where they apply), the
//                   gradient written into the caller's vector: one recording, one sweep
//   slope_eigen     log_sum_exp and normal as plain Eigen array code, as the others spell them
//   slope_forward   slope::gradient_forward: ceil(n/4) passes of Dual<double, 4> (n <= 1100)
//   tape_floor      sum only: the work of any tape that keeps its adjoints apart from the
//                   caller's gradient, as slope's does (not a library; bench/table.py does
//                   not rank it)
// The peers, each in bench/peers/<library>.cpp: from Debian's packages, built when found,
// ADOL-C (adolc, adolc_reused_tape), Ceres' Jet (ceres_jet) and Eigen's AutoDiffScalar
// (eigen_autodiff); with -DSLOPE_BENCH_PEERS=ON (fetched at pinned commits, or local
// checkouts) FastAD (fastad, fastad_prebuilt), Adept-2 (adept), CoDiPack (codipack,
// codipack_matrix), XAD (xad) and autodiff (autodiff). Names are <workload>/<method>/<size>.
//
//   cmake --workflow --preset bench && python3 bench/table.py build/bench/bench/peers.json

#include <algorithm>
#include <memory>
#include <string>

#include "peers/harness.hpp"
#include "workloads.hpp"

namespace {

using namespace slope_bench::peers;

// slope's reverse mode on objective(x), the gradient written into g.
template <class Objective>
auto slope_reverse(Objective objective) {
  return [objective](const Eigen::VectorXd& x, Eigen::VectorXd& g) { return slope::value_and_gradient(objective, x, g); };
}

// slope's forward mode; the value is the one of the last pass.
template <class Objective>
auto slope_forward(Objective objective) {
  return [objective](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    double value = 0.0;
    g = slope::gradient_forward(
        [&objective, &value](const auto& v) {
          auto y = objective(v);
          value = y.value();
          return y;
        },
        x);
    return value;
  };
}

void register_baselines_and_slope() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    using W = std::decay_t<decltype(w)>;
    benchmark::RegisterBenchmark((name + "/function/" + size).c_str(), [&w](benchmark::State& state) {
      std::size_t k = 0;
      for (auto _ : state) {
        double value = w.function(w.inputs[k++ % slope_bench::kDraws]);
        benchmark::DoNotOptimize(value);
      }
    });
    add(name, "hand", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) { return w.hand(x, g); });
    const auto objective = [&w](const auto& v) { return slope_bench::objective(w, v); };
    add(name, "slope", size, w, slope_reverse(objective));
    if constexpr (std::is_same_v<W, LogSumExp>) {
      add(name, "slope_eigen", size, w, slope_reverse([](const auto& v) {
            using std::log;
            return log(v.array().exp().sum());
          }));
    } else if constexpr (std::is_same_v<W, Normal>) {
      add(name, "slope_eigen", size, w, slope_reverse([](const auto& v) {
            using std::log;
            const Eigen::Index n = v.size() - 2;
            const slope_bench::ScalarOf<decltype(v)> mu = v[n], sigma = v[n + 1];
            return -0.5 * ((v.head(n).array() - mu) / sigma).square().sum() - static_cast<double>(n) * (log(sigma) + kHalfLog2Pi);
          }));
    }
    if (w.inputs[0].size() <= kForwardModeMaxInputs) add(name, "slope_forward", size, w, slope_forward(objective));
    if constexpr (std::is_same_v<W, Sum>) {
      // The sum's gradient by a tape whose adjoints live apart from g: zero the n adjoints,
      // the sum, its backward (+1 into each adjoint), the copy into g, with the operations
      // slope uses for them (memset, Eigen's sum and +=, memmove). A library that writes the
      // adjoints into g (FastAD) saves the copy: one pass over n doubles.
      auto adjoints = std::make_shared<Eigen::VectorXd>(w.inputs[0].size());
      add(name, "tape_floor", size, w, [adjoints](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
        Eigen::VectorXd& a = *adjoints;
        std::fill_n(a.data(), a.size(), 0.0);
        const double value = x.sum();
        a.array() += 1.0;
        std::copy_n(a.data(), a.size(), g.data());
        return value;
      });
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  register_baselines_and_slope();
  for (const Registration registration : libraries()) registration();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return failed() ? 1 : 0;
}
