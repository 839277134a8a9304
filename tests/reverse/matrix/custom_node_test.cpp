// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Custom nodes (slope/reverse/matrix/custom_node.hpp): normal_log_pdf and a user-defined vjp.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

namespace {

// A user-defined node: y = s * x (x a vector, s a scalar), with its vector-Jacobian product.
struct Scale {
  Eigen::MatrixXd value(const slope::MatrixInput<double>& x, double s) const { return s * x; }
  void vjp(const slope::MatrixInput<double>& y_adjoint, const slope::MatrixInput<double>&, const slope::MatrixInput<double>& x,
           double s, slope::MatrixAdjoint<double> x_adjoint, slope::ScalarAdjoint<double> s_adjoint) const {
    x_adjoint += s * y_adjoint;
    s_adjoint += y_adjoint.cwiseProduct(x).sum();
  }
};

}  // namespace

TEST_CASE("custom nodes: normal_log_pdf and a user-defined vjp", "[reverse][matrix]") {
  const auto log_likelihood = [](const auto& x) {
    using std::exp;
    return slope::normal_log_pdf(x.head(5), x[5], exp(x[6]));
  };
  check_everywhere(log_likelihood, {7});
  const Eigen::VectorXd data = kWeights6;
  check_everywhere(
      [&](const auto& x) {
        using std::exp;
        return slope::normal_log_pdf(data, x[0], exp(x[1])) + slope::normal_log_pdf(x * 2.0, 0.5, 1.5);
      },
      {2});

  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Eigen::VectorXd x0 = kWeights3;
  const VarVector<double> x = slope::make_variables(tape, x0);
  const Var<double> s = tape.variable(1.7);
  const VarVector<double> y = slope::custom_node(Scale{}, x, s);
  CHECK(tape.nodes() == 1);
  CHECK(y.values().isApprox(1.7 * x0, 1e-15));
  const Var<double> f = y.dot(kWeights3);
  tape.backward(f);
  CHECK(x.adjoints().isApprox(1.7 * kWeights3, 1e-15));
  CHECK(s.adjoint() == Approx(x0.dot(kWeights3)).epsilon(1e-14));
  // With no active argument the op runs as is and nothing is recorded.
  CHECK(slope::custom_node(Scale{}, VarVector<double>(x0), 2.0).values().isApprox(2.0 * x0, 1e-15));
}
