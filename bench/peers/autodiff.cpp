// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// autodiff (autodiff/autodiff), reverse mode with autodiff::var: an expression tree of
// reference-counted nodes, propagated depth-first by autodiff::gradient. On the plain Eigen
// objectives of problems.hpp (autodiff::VectorXvar). Per call: the variables made from x,
// the objective, gradient(y, x). Column autodiff. Not at stochastic volatility n = 65536:
// the depth-first propagation visits h_i once per path from the output, about n^2 / 2
// visits there.

#include <autodiff/reverse/var.hpp>
#include <autodiff/reverse/var/eigen.hpp>

#include "harness.hpp"

namespace {

using namespace slope_bench::peers;

void register_autodiff() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    using W = std::decay_t<decltype(w)>;
    if constexpr (std::is_same_v<W, StochasticVolatility>) {
      if (w.y.size() > 1024) return;
    }
    add(name, "autodiff", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      autodiff::VectorXvar active = x.cast<autodiff::var>();  // gradient() takes it by non-const reference
      const autodiff::var y = w.eigen_objective(active);
      g = autodiff::gradient(y, active);
      return autodiff::val(y);
    });
  });
}

[[maybe_unused]] const bool registered = add_library(register_autodiff);

}  // namespace
