// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Custom nodes (slope/reverse/matrix/custom_node.hpp): normal_log_pdf and a user-defined vjp.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_custom_node {

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

// y = exp(s) * x^2 element-wise (a vector x, a scalar s), written once for every scalar:
// value, vjp (reverse mode, also on Dual scalars under hessian) and jvp (forward mode).
struct ScaledSquare {
  template <class M, class S>
  auto value(const M& x, const S& s) const {
    using std::exp;
    using T = typename M::Scalar;
    return Eigen::Matrix<T, -1, -1>(T(exp(s)) * x.array().square().matrix());
  }
  // xbar += ybar .* 2 exp(s) x,  sbar += sum(ybar .* y)
  template <class YA, class Y, class M, class S, class XA, class SA>
  void vjp(const YA& y_adjoint, const Y& y, const M& x, const S& s, XA x_adjoint, SA s_adjoint) const {
    using std::exp;
    using T = typename M::Scalar;
    x_adjoint += (T(2) * T(exp(s)) * y_adjoint.array() * x.array()).matrix();
    s_adjoint += T((y_adjoint.array() * y.array()).sum());
  }
  // ydot = exp(s) (2 x .* xdot + x^2 sdot)
  template <class Y, class M, class S>
  auto jvp(const Y&, const M& x, const S& s, const M& x_tangent, const S& s_tangent) const {
    using std::exp;
    using T = typename M::Scalar;
    return Eigen::Matrix<T, -1, -1>(T(exp(s)) * (T(2) * x.array() * x_tangent.array() + x.array().square() * s_tangent).matrix());
  }
};

// The same with only a value written on the scalar (no jvp): forward mode runs value on Duals.
struct TemplatedValueOnly {
  template <class M, class S>
  auto value(const M& x, const S& s) const {
    using T = typename M::Scalar;
    return T(x.sum() * s);
  }
  template <class T, class M, class S, class XA, class SA>
  void vjp(const T& adjoint, const T&, const M& x, const S& s, XA x_adjoint, SA s_adjoint) const {
    x_adjoint += Eigen::Matrix<T, -1, -1>::Constant(x.rows(), x.cols(), T(adjoint * s));
    s_adjoint += T(adjoint * x.sum());
  }
};

// s * sum_ij m_ij (i + 2j + 1): reads every element of a matrix input at its place.
struct Positional {
  static double weighted(const slope::MatrixInput<double>& m) {
    double total = 0.0;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      for (Eigen::Index i = 0; i < m.rows(); ++i) total += m(i, j) * double(i + 2 * j + 1);
    }
    return total;
  }
  double value(const slope::MatrixInput<double>& m, double s) const { return s * weighted(m); }
  void vjp(double adjoint, double, const slope::MatrixInput<double>& m, double, slope::MatrixAdjoint<double>,
           slope::ScalarAdjoint<double> s_adjoint) const {
    s_adjoint += adjoint * weighted(m);
  }
};

}  // namespace

TEST_CASE("a custom node reads a strided constant operand as a contiguous MatrixInput", "[reverse][matrix][custom]") {
  // A block of a Map is read in place by the other nodes; a custom node's MatrixInput is
  // contiguous, so the block is copied once when recorded, and read right in both passes.
  const Eigen::MatrixXd storage = fixed_matrix(4, 5, 0.25);
  const Eigen::Map<const Eigen::MatrixXd> big(storage.data(), 4, 5);
  const auto block = big.block(1, 1, 3, 2);  // columns 4 apart
  double expected = 0.0;
  for (Eigen::Index j = 0; j < 2; ++j) {
    for (Eigen::Index i = 0; i < 3; ++i) expected += block(i, j) * double(i + 2 * j + 1);
  }
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Var<double> s = tape.variable(1.5);
  const Var<double> y = slope::custom_node(Positional{}, block, s);
  CHECK(y.value() == Approx(1.5 * expected).epsilon(1e-15));
  tape.backward(y);
  CHECK(tape.adjoint(s) == Approx(expected).epsilon(1e-15));
  // Nothing active: no tape, the same copy.
  CHECK(slope::custom_node(Positional{}, block, Var<double>(2.0)).value() == Approx(2.0 * expected).epsilon(1e-15));
}

TEST_CASE("a custom node with value, vjp and jvp serves every mode", "[reverse][matrix][custom]") {
  const auto f = [](const auto& x) {
    const auto y = slope::custom_node(ScaledSquare{}, x.head(3), x[3]);  // a 3x1 matrix in every mode
    return y.col(0).dot(kWeights3) + slope::custom_node(TemplatedValueOnly{}, x.head(3), x[3]);
  };
  check_everywhere(f, {4, -1.0, 1.0, true});
  check_second_order(f, {4, -1.0, 1.0, true});
  const Eigen::VectorXd x = (Eigen::VectorXd(4) << 0.5, -1.0, 0.25, 0.3).finished();
  CHECK(slope::hessian(f, x).isApprox(slope::hessian_forward(f, x), 1e-13));
  CHECK(slope::hvp(f, x, kWeights6.head(4)).isApprox(slope::hessian(f, x) * kWeights6.head(4), 1e-13));
  // A vector function through the custom node: jacobian in either mode, jvp, vjp.
  const auto g = [](const auto& v) { return slope::custom_node(ScaledSquare{}, v.head(3), v[3]); };
  const Eigen::MatrixXd reverse = slope::jacobian_reverse(g, x);
  CHECK(reverse.isApprox(slope::jacobian_forward(g, x), 1e-14));
  CHECK(slope::jvp(g, x, kWeights6.head(4)).isApprox(reverse * kWeights6.head(4), 1e-14));
  CHECK(slope::vjp(g, x, kWeights3).isApprox(reverse.transpose() * kWeights3, 1e-14));
  CHECK(slope::check_jacobian(g, x).passed);
}

TEST_CASE("jacobian of a function only reverse mode can run", "[reverse][matrix][custom]") {
  // Scale (above) is written for double only: no jvp, no templated value, so forward mode
  // cannot run it; jacobian picks reverse mode at compile time.
  struct OnlyReverse {
    VarVector<double> operator()(const VarVector<double>& v) const { return slope::custom_node(Scale{}, v.head(2), v[2]); }
    Eigen::VectorXd operator()(const Eigen::VectorXd& v) const { return v.head(2) * v[2]; }
  };
  const OnlyReverse only_reverse;
  static_assert(!slope::VectorFunction<OnlyReverse, slope::Dual<double>>);
  static_assert(slope::VectorFunction<OnlyReverse, slope::Var<double>>);
  const Eigen::VectorXd x = Eigen::Vector3d(1.0, 2.0, 3.0);
  Eigen::MatrixXd expected(2, 3);
  expected << 3, 0, 1, 0, 3, 2;
  CHECK(slope::jacobian(only_reverse, x).isApprox(expected));
  CHECK(slope::jacobian_reverse(only_reverse, x).isApprox(expected));
  const auto [value, jac] = slope::value_and_jacobian(only_reverse, x);
  CHECK(value.isApprox(Eigen::Vector2d(3.0, 6.0)));
  CHECK(jac.isApprox(expected));
}

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

}  // namespace test_reverse_matrix_custom_node
