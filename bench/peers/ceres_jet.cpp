// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Ceres' Jet<double, N> (ceres/jet.h, header-only; Debian's libceres-dev): forward mode with
// the N derivatives on the stack, N fixed at compile time, on the plain Eigen objectives of
// problems.hpp. It runs where the workload has few inputs (the vector workloads at n = 16:
// 16, 18 or 19 inputs; the regression with 10 features: 11), one instantiation per N.
// Column ceres_jet.

#include <ceres/jet.h>

#include "harness.hpp"

namespace {

using namespace slope_bench::peers;

// The Jet's size for each workload at its smallest size; 0: not run.
template <class W> constexpr int kJetInputs = 16;  // sum, prod, log_sum_exp, rosenbrock: n = 16
template <> constexpr int kJetInputs<Normal> = 18;  // (y, mu, sigma)
template <> constexpr int kJetInputs<StochasticVolatility> = 19;  // (z, mu, sigma, phi)
template <> constexpr int kJetInputs<Regression> = 11;  // (beta, sigma), 10 features
template <> constexpr int kJetInputs<MatrixProduct> = 0;  // 200 inputs at N = 10
template <> constexpr int kJetInputs<Mlp> = 0;  // 577 inputs

template <int N, class W>
void add_jet(const std::string& name, const std::string& size, const W& w) {
  add(name, "ceres_jet", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    using Jet = ceres::Jet<double, N>;
    Column<Jet> active(N);
    for (int i = 0; i < N; ++i) active[i] = Jet(x[i], i);
    const Jet y = w.eigen_objective(active);
    g = y.v;
    return y.a;
  });
}

void register_ceres_jet() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    constexpr int N = kJetInputs<std::decay_t<decltype(w)>>;
    if constexpr (N > 0) {
      if (w.inputs[0].size() == N) add_jet<N>(name, size, w);
    }
  });
}

[[maybe_unused]] const bool registered = add_library(register_ceres_jet);

}  // namespace
