// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The reverse-mode functional API of slope/functional/reverse.hpp: gradient,
// value_and_gradient, vjp, jacobian, hessian and hvp, against hand-written derivatives,
// against forward mode to round-off, and against finite differences, at random points.

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "slope/slope.hpp"
#include "slope_catch.hpp"
#include "support/random_point.hpp"
#include "support/rosenbrock.hpp"

namespace test_functional_reverse {

using slope_test::Approx;

namespace {

using slope_test::rosenbrock;
using slope_test::rosenbrock_gradient;
using slope_test::rosenbrock_hessian;

// Two to five outputs from three inputs, so jacobian takes both its reverse and forward paths.
const auto few_outputs = [](const auto& x) {
  Eigen::Matrix<typename std::decay_t<decltype(x)>::Scalar, Eigen::Dynamic, 1> y(2);
  y[0] = x[0] * x[1] * x[2];
  y[1] = sin(x[0]) + exp(x[1] - x[2]);
  return y;
};
const auto many_outputs = [](const auto& x) {
  Eigen::Matrix<typename std::decay_t<decltype(x)>::Scalar, Eigen::Dynamic, 1> y(5);
  for (Eigen::Index i = 0; i < 5; ++i) y[i] = x[i % 3] * x[(i + 1) % 3] + tanh(x[(i + 2) % 3] * (1.0 + static_cast<double>(i)));
  return y;
};

using slope_test::random_point;

}  // namespace

TEST_CASE("gradient and value_and_gradient", "[functional][reverse]") {
  std::mt19937 rng(41);
  for (Eigen::Index n : {1, 2, 3, 10, 57}) {
    for (int trial = 0; trial < 10; ++trial) {
      const Eigen::VectorXd x = random_point(n, rng);
      INFO("n = " << n);
      const auto [value, g] = slope::value_and_gradient(rosenbrock, x);
      CHECK(value == rosenbrock(x));
      CHECK(g.isApprox(rosenbrock_gradient(x), 1e-14));
      CHECK(slope::gradient(rosenbrock, x).isApprox(slope::gradient_forward(rosenbrock, x), 1e-14));
    }
  }
  // a function that does not use an input has a zero derivative there, and a constant
  // function a zero gradient
  const auto partial = [](const auto& x) { return x[0] * x[0] + 0.0 * x[2]; };
  CHECK(slope::gradient(partial, Eigen::Vector3d(1, 2, 3)) == Eigen::Vector3d(2, 0, 0));
  const auto constant = [](const auto& x) { return typename std::decay_t<decltype(x)>::Scalar(3.0); };
  CHECK(slope::gradient(constant, Eigen::Vector3d(1, 2, 3)) == Eigen::Vector3d::Zero());
  CHECK(slope::gradient(rosenbrock, Eigen::VectorXd(0)).size() == 0);
}

TEST_CASE("value_and_gradient into the caller's vector", "[functional][reverse]") {
  std::mt19937 rng(43);
  for (Eigen::Index n : {1, 2, 7, 40}) {
    const Eigen::VectorXd x = random_point(n, rng);
    INFO("n = " << n);
    Eigen::VectorXd g = Eigen::VectorXd::Constant(n, 99.0);  // overwritten, not added to
    CHECK(slope::value_and_gradient(rosenbrock, x, g) == rosenbrock(x));
    CHECK(g.isApprox(rosenbrock_gradient(x), 1e-14));
    // into a view, and into x itself (read before it is written)
    Eigen::MatrixXd columns = Eigen::MatrixXd::Zero(n, 2);
    slope::value_and_gradient(rosenbrock, x, columns.col(1));
    CHECK(columns.col(1) == g);
    CHECK(columns.col(0).isZero(0.0));
    Eigen::VectorXd in_place = x;
    slope::value_and_gradient(rosenbrock, in_place, in_place);
    CHECK(in_place == g);
  }
  // Vector code (one node per operation, no scalar statements): the nodes write the gradient
  // into g directly (from 256 inputs, and at every size in this test program, which sets
  // SLOPE_EXTERNAL_ADJOINTS_FROM=1). Whatever g held, also x itself, whose values the nodes
  // read in the backward pass. With a few scalar statements too (the product with x[0] below:
  // two operands), the same where n >= 8 operands (n = 300 here), the statements' part of
  // x[0]'s adjoint added from its tape slot after the sweep; otherwise the copy path.
  const auto vector_code = [](const auto& v) {
    const Eigen::Index n = v.size();
    return slope::scalar_t<decltype(v)>((v.array() * v.array().sin()).sum() + slope::log_sum_exp(v) +
                                        v.head(n / 2).dot(v.tail(n / 2)) + v.prod());
  };
  const auto mixed_code = [&vector_code](const auto& v) { return slope::scalar_t<decltype(v)>(vector_code(v) * v[0]); };
  for (Eigen::Index n : {1, 6, 300}) {
    INFO("n = " << n);
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, 0.5, 1.5);
    for (const bool mixed : {false, true}) {
      INFO("mixed = " << mixed);
      const auto f = [&](const auto& v) { return mixed ? mixed_code(v) : vector_code(v); };
      const Eigen::VectorXd expected = slope::gradient_forward(f, x);
      Eigen::VectorXd g = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
      const double value = slope::value_and_gradient(f, x, g);
      CHECK(value == Approx(f(x)).epsilon(1e-13));
      CHECK(g.isApprox(expected, 1e-12));
      // In place, the copy path: the same to the last bit for vector code; with statements
      // too, an input's adjoint is the nodes' part plus the statements' part in another order.
      Eigen::VectorXd in_place = x;
      CHECK(slope::value_and_gradient(f, in_place, in_place) == value);
      if (mixed) {
        CHECK((in_place - g).cwiseAbs().maxCoeff() <= 1e-15 * g.cwiseAbs().maxCoeff());
      } else {
        CHECK(in_place == g);
      }
    }
  }
  // A function of any number of points called with (x, g) is f(x), its gradient written into
  // g: not f(x, g) of two points (which returned both gradients and left g as it was).
  const auto any_points = [](const auto&... v) { return ((v.array() * v.array()).sum() + ...); };
  const Eigen::VectorXd x3 = Eigen::VectorXd::LinSpaced(3, 1.0, 3.0);
  Eigen::VectorXd g3 = Eigen::VectorXd::Zero(3);
  const double value3 = slope::value_and_gradient(any_points, x3, g3);
  CHECK(value3 == 14.0);
  CHECK(g3 == 2.0 * x3);
  Eigen::VectorXd too_short(2);
  CHECK_THROWS_WITH(slope::value_and_gradient(rosenbrock, Eigen::VectorXd::Ones(3), too_short),
                    slope_test::Contains("the gradient vector must have as many entries as x"));
  // Any contiguous vector of double takes the gradient (an Eigen::Ref): a segment of a larger
  // vector, whose other entries stay as they are, and a Map; the same check of its size.
  Eigen::VectorXd larger = Eigen::VectorXd::Constant(7, -1.0);
  CHECK(slope::value_and_gradient(any_points, x3, larger.segment(2, 3)) == 14.0);
  CHECK(larger.segment(2, 3) == 2.0 * x3);
  CHECK((larger.head(2).array() == -1.0).all());
  CHECK((larger.tail(2).array() == -1.0).all());
  double storage[3] = {0.0, 0.0, 0.0};
  CHECK(slope::value_and_gradient(any_points, x3, Eigen::Map<Eigen::VectorXd>(storage, 3)) == 14.0);
  CHECK(Eigen::Map<Eigen::VectorXd>(storage, 3) == 2.0 * x3);
  CHECK_THROWS_WITH(slope::value_and_gradient(rosenbrock, Eigen::VectorXd::Ones(3), larger.segment(0, 4)),
                    slope_test::Contains("the gradient vector must have as many entries as x"));
}

// The caller's gradient vector is not zero-filled before the sweep (Tape::use_external_adjoints):
// the first node writing all of it assigns, any other write zero-fills it first, and an
// unwritten gradient ends zero. Every entry is set whatever g held (NaN here), each the same
// to the last bit (sign of zero included) as on the copy path (x and g the same vector).
TEST_CASE("value_and_gradient sets every entry of an unset gradient vector", "[functional][reverse]") {
  using slope::scalar_t;
  for (const Eigen::Index n : {9, 300}) {
    INFO("n = " << n);
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, -1.5, 2.0);
    Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(n, -2.0, 2.0);
    w[1] = -0.0;  // a contribution of -0.0: 0 + (-0.0) is +0.0 on either path
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    Eigen::VectorXd all_but_last = ones;
    all_but_last[n - 1] = 0.0;
    Eigen::VectorXd first_only = Eigen::VectorXd::Zero(n);
    first_only[0] = 1.0;
    const auto check = [&](const char* what, const auto& f, const Eigen::VectorXd& expected) {
      INFO(what);
      Eigen::VectorXd g = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
      slope::value_and_gradient(f, x, g);
      CHECK(g.isApprox(expected, 1e-14));
      CHECK(((g - expected).array().abs() <= 1e-14).all());
      Eigen::VectorXd in_place = x;
      slope::value_and_gradient(f, in_place, in_place);
      for (Eigen::Index i = 0; i < n; ++i) {
        CHECK(std::signbit(in_place[i]) == std::signbit(g[i]));
        CHECK(in_place[i] == g[i]);
      }
    };
    // one node reads all of x: it assigns
    check("sum", [](const auto& v) { return scalar_t<decltype(v)>(v.sum()); }, ones);
    check("weighted sum", [&w](const auto& v) { return scalar_t<decltype(v)>((v.array() * w.array()).sum()); }, w);
    // a node reads part of x: the rest zero-filled
    check("head", [](const auto& v) { return scalar_t<decltype(v)>(v.head(v.size() - 1).sum()); }, all_but_last);
    // two nodes read all of x: the first assigns, the second adds
    check("sum and squared norm", [](const auto& v) { return scalar_t<decltype(v)>(v.sum() + v.squaredNorm()); },
          (ones + 2.0 * x).eval());
    // a node whose adjoint is zero writes nothing: the gradient ends zero
    check("zero weight", [](const auto& v) { return scalar_t<decltype(v)>(v.sum() * 0.0); }, Eigen::VectorXd::Zero(n));
    // a scalar statement only (the external path from 8 inputs), and x[0] itself as the value
    check("statement", [](const auto& v) { return scalar_t<decltype(v)>(v[0] * 2.0); }, (2.0 * first_only).eval());
    check("an input", [](const auto& v) { return scalar_t<decltype(v)>(v[0]); }, first_only);
  }
}

TEST_CASE("gradients nest: a function may call slope::gradient itself", "[functional][reverse]") {
  // f(x) = |grad g(x)|^2 computed with an inner gradient on plain doubles, wrapped as a
  // constant: the outer gradient must not be disturbed by the inner recording.
  const auto g = [](const auto& x) { return x.squaredNorm(); };
  const auto outer = [&](const auto& x) {
    Eigen::VectorXd plain;
    if constexpr (slope::VarDense<std::decay_t<decltype(x)>>) {
      plain = x.values();  // reverse mode: a VarVector
    } else {
      plain = x.unaryExpr([](const auto& v) { return slope::passive_value(v); });
    }
    const double inner_norm = slope::gradient(g, plain).squaredNorm();  // 4 |x|^2, a constant here
    return x.sum() * inner_norm;
  };
  const Eigen::Vector3d x(1.0, 2.0, -1.0);
  const Eigen::VectorXd expected = Eigen::VectorXd::Constant(3, 4 * x.squaredNorm());
  CHECK(slope::gradient(outer, x).isApprox(expected, 1e-15));
}

TEST_CASE("vjp and jacobian, reverse and forward paths", "[functional][reverse]") {
  std::mt19937 rng(43);
  for (int trial = 0; trial < 30; ++trial) {
    const Eigen::VectorXd x = random_point(3, rng);
    const Eigen::MatrixXd j_few = slope::jacobian_forward(few_outputs, x);
    const Eigen::MatrixXd j_many = slope::jacobian_forward(many_outputs, x);
    CHECK(slope::jacobian(few_outputs, x).isApprox(j_few, 1e-14));    // m = 2 < n: reverse sweeps
    CHECK(slope::jacobian(many_outputs, x).isApprox(j_many, 1e-14));  // m = 5 > n: forward passes
    const Eigen::VectorXd w2 = random_point(2, rng), w5 = random_point(5, rng);
    CHECK(slope::vjp(few_outputs, x, w2).isApprox(j_few.transpose() * w2, 1e-14));
    CHECK(slope::vjp(many_outputs, x, w5).isApprox(j_many.transpose() * w5, 1e-14));
    const slope::CheckReport report = slope::check_jacobian(many_outputs, x);
    INFO(report);
    CHECK(report.passed);
  }
  CHECK_THROWS_AS(slope::vjp(few_outputs, Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(3)), std::invalid_argument);
}

TEST_CASE("hessian and hvp by forward over reverse", "[functional][reverse]") {
  std::mt19937 rng(47);
  for (Eigen::Index n : {1, 2, 5, 9}) {
    for (int trial = 0; trial < 5; ++trial) {
      const Eigen::VectorXd x = random_point(n, rng), v = random_point(n, rng);
      const Eigen::MatrixXd expected = rosenbrock_hessian(x);
      INFO("n = " << n);
      CHECK(slope::hessian(rosenbrock, x).isApprox(expected, 1e-13));
      CHECK(slope::hessian<1>(rosenbrock, x).isApprox(expected, 1e-13));
      CHECK(slope::hvp(rosenbrock, x, v).isApprox(expected * v, 1e-13));
    }
  }
  // a dense Hessian: reverse against nested forward, and against differences of the gradient
  const auto f = [](const auto& x) { return exp(x.sum() / 3.0) * x.squaredNorm() + x.prod(); };
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::VectorXd x = random_point(4, rng), v = random_point(4, rng);
    const Eigen::MatrixXd h = slope::hessian(f, x);
    CHECK(h.isApprox(slope::hessian_forward(f, x), 1e-13));
    const auto grad = [&](const Eigen::VectorXd& p) { return slope::gradient(f, p); };
    CHECK(h.isApprox(slope::fd::jacobian_of_gradient(grad, x, {slope::fd::Scheme::richardson}), 1e-8));
    CHECK(slope::hvp(f, x, v).isApprox(h * v, 1e-13));
  }
  CHECK_THROWS_AS(slope::hvp(rosenbrock, Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(2)), std::invalid_argument);
}

TEST_CASE("Hessians where a first derivative is exactly zero", "[functional][reverse]") {
  // At x = (0, 1) the adjoint of (x_1 - 1) is exactly 0 while its second-order part is 2:
  // the sweep must not skip it (a regression: it once compared the value alone).
  const auto f = [](const auto& x) { return (x.array() - 1.0).square().sum(); };
  const Eigen::Vector2d x(0.0, 1.0);
  CHECK(slope::hessian(f, x).isApprox(2 * Eigen::Matrix2d::Identity(), 0));
  CHECK(slope::hvp(f, x, Eigen::Vector2d(0.0, 1.0)).isApprox(Eigen::Vector2d(0.0, 2.0), 0));
  CHECK(slope::hessian_forward(f, x).isApprox(2 * Eigen::Matrix2d::Identity(), 0));
}

namespace {

// Vector code as it is written for Eigen: in reverse mode the callable receives a
// slope::VarVector, so each vector operation below is one tape node.
const Eigen::MatrixXd kDesign = (Eigen::MatrixXd(4, 3) << 0.5, -1.0, 0.3, 1.2, 0.4, -0.7, -0.2, 0.9, 1.1, 0.8, -0.6, 0.1).finished();
const Eigen::VectorXd kObserved = (Eigen::VectorXd(4) << 0.3, -0.8, 1.4, 0.2).finished();

const auto vector_code = [](const auto& x) {
  using std::exp;
  const auto beta = x.head(3);
  return slope::normal_log_pdf(kObserved, kDesign * beta, exp(x[3])) + slope::log_sum_exp(x) +
         slope::softmax(x).dot(kObserved) + (x.array().tanh() * 2.0).square().sum() +
         x.array().exp().eval().array().sqrt().sum();  // a stored exp node, read by its own backward pass
};
const auto vector_outputs = [](const auto& x) { return (kDesign * x.head(3)).array().tanh().matrix(); };

}  // namespace

TEST_CASE("the functional API hands reverse mode a VarVector: vector code records whole-vector nodes",
          "[functional][reverse]") {
  const auto kind = [](const auto& x) {
    static_assert(std::is_same_v<std::decay_t<decltype(x)>, slope::VarVector<double>>,
                  "reverse mode calls the function with a slope::VarVector");
    return x.sum();
  };
  CHECK(slope::gradient(kind, Eigen::VectorXd::Ones(3)) == Eigen::VectorXd::Ones(3));

  std::mt19937 rng(53);
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd x = random_point(4, rng);
    const auto [value, g] = slope::value_and_gradient(vector_code, x);
    CHECK(value == Approx(vector_code(x)).epsilon(1e-14));
    CHECK(g.isApprox(slope::gradient_forward(vector_code, x), 1e-13));
    const slope::CheckReport report = slope::check_gradient(vector_code, x);
    INFO(report);
    CHECK(report.passed);
    // second order through the same nodes on Dual scalars (Var<Dual>)
    const Eigen::MatrixXd h = slope::hessian(vector_code, x);
    CHECK(h.isApprox(slope::hessian_forward(vector_code, x), 1e-12));
    const Eigen::VectorXd v = random_point(4, rng);
    CHECK(slope::hvp(vector_code, x, v).isApprox(h * v, 1e-12));
    // a vector-valued expression as the output: reverse sweeps (4 outputs <= 4 inputs), vjp
    const Eigen::MatrixXd j = slope::jacobian_forward(vector_outputs, x);
    CHECK(slope::jacobian(vector_outputs, x).isApprox(j, 1e-14));
    const Eigen::VectorXd w = random_point(4, rng);
    CHECK(slope::vjp(vector_outputs, x, w).isApprox(j.transpose() * w, 1e-14));
  }
  // an output that does not depend on x: a zero Jacobian
  const auto constant_outputs = [](const auto& x) { return (kObserved * 0.0 + x * 0.0).eval(); };
  CHECK(slope::jacobian(constant_outputs, Eigen::VectorXd::Ones(4)).isZero(0));
}

TEST_CASE("a function written for an Eigen vector of Var runs element by element", "[functional][reverse]") {
  // Opting out of the VarVector: the parameter type names Eigen::Matrix<Var>, so the
  // functional API passes the same inputs as an Eigen vector (one statement per operation).
  using VectorOfVar = Eigen::Matrix<slope::Var<double>, Eigen::Dynamic, 1>;
  const auto f = [](const VectorOfVar& x) { return slope::Var<double>(x.array().square().sum() + x.prod()); };
  const auto outputs = [](const VectorOfVar& x) { return VectorOfVar(x.reverse() * x[0]); };
  std::mt19937 rng(59);
  for (int trial = 0; trial < 10; ++trial) {
    const Eigen::VectorXd x = random_point(3, rng);
    const Eigen::VectorXd expected = 2.0 * x + Eigen::Vector3d(x[1] * x[2], x[0] * x[2], x[0] * x[1]);
    CHECK(slope::gradient(f, x).isApprox(expected, 1e-14));
    Eigen::Matrix3d j = x[0] * Eigen::Matrix3d::Identity().rowwise().reverse();
    j.col(0) += x.reverse();
    const Eigen::VectorXd w = random_point(3, rng);
    CHECK(slope::vjp(outputs, x, w).isApprox(j.transpose() * w, 1e-14));  // (jacobian also needs Dual)
  }
}

}  // namespace test_functional_reverse
