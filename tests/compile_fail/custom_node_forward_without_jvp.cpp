// expect: slope::custom_node: forward mode .* needs a member jvp\(value, inputs..., input_tangents...\)
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// An op written for double only, without a jvp, cannot run in forward mode: the sentence
// names the member to add.
#include "slope/slope.hpp"

struct Scale {
  Eigen::MatrixXd value(const slope::MatrixInput<double>& x, double s) const { return s * x; }
  void vjp(const slope::MatrixInput<double>& y_adjoint, const slope::MatrixInput<double>&, const slope::MatrixInput<double>&,
           double s, slope::MatrixAdjoint<double> x_adjoint, slope::ScalarAdjoint<double>) const {
    x_adjoint += s * y_adjoint;
  }
};

int main() {
  const auto f = [](const auto& x) { return slope::custom_node(Scale{}, x.head(2), x[2]).sum(); };
  return static_cast<int>(slope::gradient_forward(f, Eigen::VectorXd::Ones(3)).size());
}
