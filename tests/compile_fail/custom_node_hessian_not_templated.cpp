// expect: slope::custom_node: reverse mode needs a member vjp.*write value and vjp as templates on the scalar
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Under hessian the op's vjp is called with Dual scalars: a vjp written for double only is
// named, with what to write instead.
#include "slope/slope.hpp"

struct Scale {
  template <class M, class S>
  auto value(const M& x, const S& s) const {
    return Eigen::Matrix<typename M::Scalar, -1, -1>(s * x);
  }
  void vjp(const slope::MatrixInput<double>& y_adjoint, const slope::MatrixInput<double>&, const slope::MatrixInput<double>&,
           double s, slope::MatrixAdjoint<double> x_adjoint, slope::ScalarAdjoint<double>) const {
    x_adjoint += s * y_adjoint;
  }
};

int main() {
  const auto f = [](const auto& x) { return slope::custom_node(Scale{}, x.head(2), x[2]).sum(); };
  return static_cast<int>(slope::hessian(f, Eigen::VectorXd::Ones(3)).size());
}
