// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Eigen's AutoDiffScalar<VectorXd> (unsupported/Eigen/AutoDiff, shipped with Eigen): forward
// mode carrying all n derivatives in a heap vector through every operation, on the plain
// Eigen objectives of problems.hpp. Its cost grows as n times the function's, so it runs
// where the workload has at most kForwardModeMaxInputs inputs. Column eigen_autodiff.

#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include "harness.hpp"

namespace {

using namespace slope_bench::peers;

using AD = Eigen::AutoDiffScalar<Eigen::VectorXd>;

void register_eigen_autodiff() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    if (w.inputs[0].size() > kForwardModeMaxInputs) return;
    add(name, "eigen_autodiff", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      const int n = static_cast<int>(x.size());
      Column<AD> active(n);
      for (int i = 0; i < n; ++i) active[i] = AD(x[i], n, i);
      const AD y = w.eigen_objective(active);
      g = y.derivatives();
      return y.value();
    });
  });
}

[[maybe_unused]] const bool registered = add_library(register_eigen_autodiff);

}  // namespace
