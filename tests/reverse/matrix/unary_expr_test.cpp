// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// unaryExpr of a generic lambda (slope/reverse/matrix/unary_expr.hpp): one node whose
// partials come from a dual number, first and second derivatives.

#include <Eigen/Dense>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_unary_expr {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("unaryExpr differentiates a generic lambda element by element", "[reverse][matrix][unary_expr]") {
  const auto f = [](const auto& x) {
    const auto wave = [](auto v) {
      using std::sin;
      return slope::eval(v * v * sin(v) + 1.0 / (1.0 + v * v));
    };
    return x.unaryExpr(wave).dot(kWeights6) + (x.array().unaryExpr(wave) * x.array()).sum();
  };
  check_everywhere(f, {6, -2.0, 2.0, true});
  check_second_order(f, {6, -2.0, 2.0, true});
  // one node, the values and partials beside each other
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, kWeights6);
  const std::size_t nodes = tape.nodes();
  const VarVector<double> y = x.unaryExpr([](auto v) { return slope::eval(v * v * v); });
  CHECK(tape.nodes() == nodes + 1);
  CHECK(y.values().isApprox(kWeights6.array().cube().matrix()));
  tape.backward(y.sum());
  CHECK(x.adjoints().isApprox((3 * kWeights6.array().square()).matrix(), 1e-15));
}

}  // namespace test_reverse_matrix_unary_expr
