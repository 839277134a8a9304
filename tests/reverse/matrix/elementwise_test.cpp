// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Element-wise expressions (slope/reverse/matrix/elementwise.hpp): arithmetic and functions fused into one node,
// each gradient against finite differences and forward mode; the stored result; node counts.

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_elementwise {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("element-wise arithmetic fuses into one node", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return (x.array() - 1.0).square().sum(); }, {7});
  check_everywhere(
      [](const auto& x) {
        return (x.head(3).array() * x.tail(3).array() + x.head(3).array() / x.tail(3).array()).sum() +
               x.head(3).cwiseQuotient(x.tail(3)).cwiseAbs().sum() + (-x).cwiseProduct(x).sum();
      },
      {6, 0.5, 2.0, true});
  check_everywhere(
      [](const auto& x) {
        return (x - kWeights6).squaredNorm() + (kWeights6.array() - x.array()).cube().sum() +
               (kWeights6.array() * x.array() / (1.0 + x.array().square())).sum() + (kWeights6 + x).norm();
      },
      {6});
  check_everywhere(
      [](const auto& x) {
        return (x * x[0]).sum() + (x[1] * x * 3.0).squaredNorm() + (2.0 * x - x / 3.0).prod() + (2.0 / x.array() + 1.0).sum() +
               (x.array() / (x[0] * x[1])).sum();
      },
      {6, 0.5, 2.0, true});
  check_everywhere(
      [](const auto& x) {
        return x.cwiseAbs2().sum() + x.cwiseSqrt().sum() + x.cwiseInverse().sum() + (x.array() * x.array()).matrix().dot(kWeights6);
      },
      {6, 0.5, 2.0});
  // Plain operands that are blocks of a larger matrix: read as contiguous arrays (a block whose
  // columns lie apart, of a Map or of a matrix, is copied once when the expression is built).
  const Eigen::MatrixXd storage = fixed_matrix(4, 5, 0.75);
  const Eigen::Map<const Eigen::MatrixXd> big(storage.data(), 4, 5);
  check_everywhere(
      [&big, &storage](const auto& x) {
        const auto m = mat(x, 0, 3, 2);
        return (m.array() * big.block(1, 1, 3, 2).array()).sum() + (storage.block(0, 2, 3, 2).array() - m.array()).square().sum() +
               (m.row(1).array() * big.row(2).segment(1, 2).array()).sum();
      },
      {6});
}

// A backward weight that both active operands of a node read (tanh(a + b) sends
// w * tanh'(a + b) to a and to b) is evaluated once (EvaluatedWeight), also while an outer
// one is held (nested), and across a broadcast (the MLP's tanh(W X + b)).
TEST_CASE("a backward weight two active operands share is evaluated once, at any depth", "[reverse][matrix]") {
  // Only weights Eigen computes element by element are stored; vectorised ones are recomputed.
  const Eigen::ArrayXd a = Eigen::ArrayXd::LinSpaced(4, -1.0, 1.0);
  const auto branching = [](double v) { return v < 0.0 ? -v : v; };  // no packet form
  STATIC_REQUIRE(slope::matrix_detail::kCostlyWeight<decltype(a.unaryExpr(branching))>);
  STATIC_REQUIRE_FALSE(slope::matrix_detail::kCostlyWeight<decltype(a * 2.0 + a)>);
  STATIC_REQUIRE_FALSE(slope::matrix_detail::kCostlyWeight<Eigen::Map<const Eigen::ArrayXd>>);
  check_everywhere([](const auto& x) { return (x.head(3).array() + x.tail(3).array()).tanh().sum(); }, {9, -1.5, 1.5});
  check_everywhere(
      [](const auto& x) {
        const auto inner = (x.head(3).array() + x.segment(3, 3).array()).tanh();
        return (inner * x.tail(3).array() + x.head(3).array()).tanh().sum() + (x.tail(3).array() - x.head(3).array()).exp().sum();
      },
      {9, -1.5, 1.5});
  check_everywhere(
      [](const auto& x) {
        const auto weights = x.head(6).reshaped(3, 2);
        return ((weights.colwise() + x.tail(3)).array().tanh() * 1.5).square().sum();
      },
      {9, -2.0, 2.0});
}

// A tanh node's values are on the tape; its backward pass takes 1 - t^2 from them a SIMD
// packet at a time, and for a packet with an element beyond |t| < 0.76 the rule per element,
// whose exponential form at x keeps the precision where t has rounded towards +-1.
TEST_CASE("tanh's partials come from its stored values within the bound and from x beyond", "[reverse][matrix]") {
  const auto sech2 = [](double v) { return 1.0 / (std::cosh(v) * std::cosh(v)); };
  const auto precise = [](double value, double expected) { return std::abs(value - expected) <= 1e-14 * std::abs(expected); };
  // The kernel: each element as the scalar rule gives it, x read only beyond the bound. The
  // first 8 elements lie within it (whole packets for 2, 4 or 8 lanes); the rest do not, or
  // share a packet (or the tail) with one that does not.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::ArrayXd x0 = (Eigen::ArrayXd(12) << 0.3, -0.9, 0.5, -0.2, 0.1, 0.99, -0.6, 0.0, 20.0, nan, 0.5, -30.0).finished();
  const Eigen::ArrayXd w = (Eigen::ArrayXd(12) << 1.0, 0.0, -2.0, 0.5, 1.5, -1.0, 3.0, 2.0, -2.0, 1.0, 0.0, 3.0).finished();
  const Eigen::ArrayXd t = x0.tanh();
  Eigen::ArrayXd out(12);
  std::vector<Eigen::Index> x_read;
  slope::matrix_detail::weighted_bounded_derivative<slope::rules::Tanh>(w.data(), t.data(), out.data(), 12, [&](Eigen::Index i) {
    x_read.push_back(i);
    return x0[i];
  });
  for (Eigen::Index i = 0; i < 12; ++i) {
    INFO("x = " << x0[i] << ", w = " << w[i]);
    const double expected = w[i] == 0.0 ? 0.0 : w[i] * slope::rules::Tanh::derivative(x0[i], t[i]);
    CHECK((out[i] == expected || (std::isnan(out[i]) && std::isnan(expected))));
  }
  CHECK(out[8] != 0.0);  // tanh(20) is 1 in double: 1 - t^2 would be 0
  for (const Eigen::Index i : {Eigen::Index(8), Eigen::Index(9), Eigen::Index(11)}) {
    CHECK(std::find(x_read.begin(), x_read.end(), i) != x_read.end());
  }
  CHECK(std::all_of(x_read.begin(), x_read.end(), [](Eigen::Index i) { return i >= 8; }));  // the packets within: no x
  // Gradients through an evaluated node, within the bound and with one saturated element.
  const Eigen::ArrayXd weights = Eigen::ArrayXd::LinSpaced(37, 0.5, -1.5);
  const auto f = [&weights](const auto& x) { return (x.array().tanh().eval().array() * weights).sum(); };
  Eigen::VectorXd xs = Eigen::VectorXd::LinSpaced(37, -0.99, 0.99);  // |tanh| <= 0.757
  for (int pass = 0; pass < 2; ++pass) {
    const Eigen::VectorXd g = slope::gradient(f, xs);
    for (Eigen::Index i = 0; i < xs.size(); ++i) CHECK(precise(g[i], weights[i] * sech2(xs[i])));
    xs[20] = 20.0;
  }
  // The MLP's layer tanh(W X + b): the bias broadcast over the columns, within and beyond.
  const Eigen::MatrixXd inputs = fixed_matrix(2, 4, 0.3);
  for (const double scale : {0.2, 6.0}) {
    INFO("weights scaled by " << scale);
    const Eigen::VectorXd p = scale * Eigen::VectorXd::LinSpaced(9, -1.0, 0.8);  // W (3x2) and b (3)
    const auto layer = [&inputs](const auto& x) { return ((x.head(6).reshaped(3, 2) * inputs).colwise() + x.tail(3)).array().tanh().sum(); };
    const Eigen::MatrixXd pre = (p.head(6).reshaped(3, 2) * inputs).colwise() + p.tail(3);
    CHECK((pre.array().tanh().abs() < 0.76).all() == (scale < 1.0));
    const Eigen::ArrayXXd d = pre.array().unaryExpr(sech2);
    Eigen::VectorXd expected(9);
    expected.head(6) = (d.matrix() * inputs.transpose()).reshaped();
    expected.tail(3) = d.rowwise().sum();
    const Eigen::VectorXd gl = slope::gradient(layer, p);
    for (Eigen::Index i = 0; i < 9; ++i) CHECK(std::abs(gl[i] - expected[i]) <= 1e-14 * expected.cwiseAbs().maxCoeff());
  }
}

TEST_CASE("an array divided by a scalar: multiplied by its reciprocal, within an ulp of the quotient", "[reverse][matrix]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(37, -3.0, 5.0);
  const Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(37, 0.5, -1.5);
  for (const double s0 : {3.0, -0.7, 1e-300, 7.3e300, 0.1}) {
    INFO("s = " << s0);
    tape.clear();
    const VarVector<double> x = slope::make_variables(tape, x0);
    const Var<double> s = tape.variable(s0);
    const VarVector<double> by_var = x / s, by_number = x / s0;
    const Eigen::ArrayXd exact = x0.array() / s0;
    const double ulp = std::numeric_limits<double>::epsilon();
    for (Eigen::Index i = 0; i < x0.size(); ++i) {
      CHECK(std::abs(by_var.values()(i, 0) - exact[i]) <= ulp * std::abs(exact[i]));
      CHECK(by_number.values()(i, 0) == by_var.values()(i, 0));
    }
    // d/dx_i sum w (x / s) = w_i / s,  d/ds = -sum w_i x_i / s^2 (where s^2 is a double)
    const Var<double> f = (w.array() * (x.array() / s)).sum();
    tape.backward(f);
    CHECK(x.adjoints().isApprox(w / s0, 1e-15));
    if (std::abs(s0) > 1e-150 && std::abs(s0) < 1e150) CHECK(tape.adjoint(s) == Approx(-w.dot(x0) / s0 / s0).epsilon(1e-14));
  }
  // The IEEE cases are those of x / s: s = 0, +-inf, NaN.
  for (const double s0 : {0.0, -0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::quiet_NaN()}) {
    INFO("s = " << s0);
    tape.clear();
    const VarVector<double> x = slope::make_variables(tape, x0);
    const Eigen::ArrayXd expected = x0.array() / s0, got = (x / tape.variable(s0)).values().array();
    for (Eigen::Index i = 0; i < x0.size(); ++i) {
      CHECK(std::isnan(got[i]) == std::isnan(expected[i]));
      if (!std::isnan(expected[i])) CHECK(got[i] == expected[i]);
    }
  }
  // Where 1 / s overflows (|s| < 5.6e-309) the results are those of x * (1 / s) (README,
  // conventions): the one place where they differ from x / s.
  tape.clear();
  {
    const VarVector<double> x = slope::make_variables(tape, Eigen::Vector3d(1e-300, -2e-300, 0.0));
    const Eigen::ArrayXd got = (x / tape.variable(1e-310)).values().array();
    CHECK(got[0] == std::numeric_limits<double>::infinity());  // 1e-300 / 1e-310 = 1e10
    CHECK(got[1] == -std::numeric_limits<double>::infinity());
    CHECK(std::isnan(got[2]));
  }
  // The Eigen spelling of the normal log-density (sum(((a - m) / s)^2) is one node with
  // closed-form partials, reductions.hpp) in its variants: a constant, an expression, m or s
  // numbers, a of odd length and overlapping m; first and second order against differences
  // and forward mode.
  const auto divided = [](const auto& x) {
    using std::log;
    const auto mu = x[6], sigma = x[7];
    const auto eigen_spelling = -0.5 * ((x.head(6).array() - mu) / sigma).square().sum() - 6.0 * log(sigma);
    return eigen_spelling + 3.0 * ((x.head(6).array() - mu) / 2.5).sum() + (x.head(6) / sigma).squaredNorm() +
           ((kWeights6.array() - mu) / sigma).square().sum() + ((x.head(6).array().exp() - 1.0) / sigma).square().sum() +
           ((x.head(6).array() - mu) / 2.5).square().sum() + ((x.head(6).array() - x[7]) / mu).matrix().squaredNorm() +
           ((x.head(5).array() - 1.5) / sigma).square().sum() + ((x.segment(1, 7).array() - mu) / sigma).square().sum();
  };
  check_everywhere(divided, {8, 0.5, 2.0});
  check_second_order(divided, {8, 0.5, 2.0});
  tape.clear();
  const Eigen::VectorXd y0 = Eigen::VectorXd::LinSpaced(50, -2.0, 3.0);
  const VarVector<double> y = slope::make_variables(tape, y0);
  const Var<double> mu = tape.variable(0.3), sigma = tape.variable(1.7);
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  const Var<double> spelled = -0.5 * ((y.array() - mu) / sigma).square().sum() - 50.0 * (log(sigma) + kHalfLog2Pi);
  const Var<double> library = slope::normal_log_pdf(y, mu, sigma);
  CHECK(spelled.value() == Approx(library.value()).epsilon(1e-14));
  tape.backward(spelled);
  const Eigen::VectorXd y_spelled = y.adjoints();
  const double mu_spelled = tape.adjoint(mu), sigma_spelled = tape.adjoint(sigma);
  tape.zero_adjoints();
  tape.backward(library);
  CHECK(y_spelled.isApprox(y.adjoints(), 1e-14));
  CHECK(mu_spelled == Approx(tape.adjoint(mu)).epsilon(1e-13));
  CHECK(sigma_spelled == Approx(tape.adjoint(sigma)).epsilon(1e-13));
  // normal_log_pdf on an active y is that one node, its density formula included: nothing
  // else on the tape (no scalar statements around it).
  tape.clear();
  const VarVector<double> y2 = slope::make_variables(tape, y0);
  const Var<double> mu2 = tape.variable(0.3), sigma2 = tape.variable(1.7);
  const Var<double> alone = slope::normal_log_pdf(y2, mu2, sigma2);
  CHECK(tape.nodes() == 1);
  CHECK(tape.statements() == 0);
  CHECK(alone.value() == Approx(spelled.value()).epsilon(1e-14));
  tape.backward(alone);
  CHECK(y_spelled.isApprox(y2.adjoints(), 1e-14));
  CHECK(mu_spelled == Approx(tape.adjoint(mu2)).epsilon(1e-13));
  CHECK(sigma_spelled == Approx(tape.adjoint(sigma2)).epsilon(1e-13));
}

TEST_CASE("plain data with an active scalar is one element-wise node, not Eigen's array of Vars", "[reverse][matrix]") {
  // y.array() - mu, (..) / sigma, X * s, 2 / (y + mu): the data as a leaf of the node, for a
  // Var or a scalar expression of Vars, on either side.
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(40, -2.0, 3.0);
  const Eigen::MatrixXd data = fixed_matrix(4, 3, 0.1);
  const auto model = [&y, &data](const auto& x) {
    using std::exp;
    const auto mu = x[0];
    return -0.5 * ((y.array() - mu) / exp(x[1])).square().sum() + (data * x[2]).sum() + (2.0 / (y.array() + 3.0 + x[0])).sum() +
           (x[1] * y).squaredNorm() + (y.array() * mu - x[2]).sum() + (mu + y.array()).prod() * 1e-3 + (data / x[1]).norm() +
           (x[2] - y.array()).cube().sum() * 1e-2;
  };
  check_everywhere(model, {3, 0.5, 1.5});
  check_second_order(model, {3, 0.5, 1.5});
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Var<double> mu = tape.variable(0.3), sigma = tape.variable(1.7);
  const std::size_t before = tape.statements() + tape.nodes();
  const Var<double> squares = ((y.array() - mu) / sigma).square().sum();
  CHECK(tape.statements() + tape.nodes() - before == 1);  // one node for 40 elements
  Eigen::ArrayXd z = (y.array() - 0.3) / 1.7;
  CHECK(squares.value() == Approx(z.square().sum()).epsilon(1e-14));
  tape.backward(squares);
  CHECK(tape.adjoint(mu) == Approx(-2.0 * z.sum() / 1.7).epsilon(1e-13));
  CHECK(tape.adjoint(sigma) == Approx(-2.0 * z.square().sum() / 1.7).epsilon(1e-13));
}

TEST_CASE("code typed for Eigen matrices of Var mixes with the element-wise nodes", "[reverse][matrix]") {
  // The data-with-scalar node converts to an Eigen array of Vars, and an Eigen matrix of Vars
  // is an operand of the node (its elements gathered).
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(5, -1.0, 1.0);
  const auto typed = [&y](const auto& theta) {
    using T = typename std::decay_t<decltype(theta)>::Scalar;
    const Eigen::Matrix<T, Eigen::Dynamic, 1> t = theta;
    Eigen::Array<T, Eigen::Dynamic, 1> z = (y.array() - t[0]) / t[1];
    Eigen::Matrix<T, Eigen::Dynamic, 1> w = y * t[2];
    return T((z * t.head(5).array()).sum() + w.sum() + ((y.array() - t[0]) * t.head(5).array()).sum());
  };
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(6, 0.2, 0.7);
  const Eigen::VectorXd reverse = slope::gradient([&](const Eigen::Matrix<Var<double>, Eigen::Dynamic, 1>& t) { return typed(t); }, x);
  const Eigen::VectorXd forward = slope::gradient_forward([&](const auto& t) { return typed(t); }, x);
  CHECK(reverse.isApprox(forward, 1e-13));
  CHECK(slope::compare_derivatives(reverse, slope::fd::gradient([&](const Eigen::VectorXd& t) { return typed(t); }, x)).passed);
}

TEST_CASE("element-wise functions take their derivatives from the rules", "[reverse][matrix]") {
  // One reduction per function (one node each), so that every rule is checked separately.
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.exp().sum() + a.square().sum() + a.tanh().sum() + a.sin().sum() + a.cos().prod() + a.sinh().sum() + a.cosh().sum() +
               a.asinh().sum() + exp(a).sum() + slope::sigmoid(a).sum() + slope::softplus(a * 3.0).sum();
      },
      {6, -1.5, 1.5});
  check_everywhere([](const auto& x) { return (x.array().sin() * x.array().exp() + slope::sigmoid(x.array() * 2.0 - 1.0).log()).sum(); },
                   {6, -1.5, 1.5});
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.log().sum() + a.sqrt().sum() + a.pow(2.5).sum() + (a + 1.5).acosh().sum() + a.log10().sum() + a.log2().sum() + log(a).sum();
      },
      {6, 0.2, 2.0});
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.log1p().sum() + a.expm1().sum() + a.tan().sum() + a.atan().sum() + a.asin().sum() + a.acos().sum() + a.atanh().sum();
      },
      {6, -0.9, 0.9});
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        return a.abs().sum() + a.inverse().sum() + a.abs2().sum() + slope::relu(a).square().sum();
      },
      {6, 0.1, 2.0, true});
  // Functions without an Eigen member: the generic body branches to a scalar loop.
  check_everywhere(
      [](const auto& x) {
        if constexpr (kIsVar<std::decay_t<decltype(x)>>) {
          const auto a = x.array();
          return (slope::erf(a) + slope::erfc(a * 0.5) + slope::lgamma(a + 2.0) + slope::cbrt(a + 3.0) + slope::exp2(a) +
                  slope::pow(x.head(3).array(), x.tail(3).array()).sum() / 3.0 + slope::pow(a, x[0]))
                     .sum() +
                 (slope::hypot(x.head(3).array(), x.tail(3).array()) + slope::atan2(x.head(3).array(), x.tail(3).array())).sum();
        } else {
          using std::atan2, std::cbrt, std::erf, std::erfc, std::exp2, std::hypot, std::lgamma, std::pow;
          ScalarOf<decltype(x)> s = 0.0, powers = 0.0;
          for (Eigen::Index i = 0; i < 3; ++i) powers += pow(x[i], x[i + 3]);
          for (Eigen::Index i = 0; i < x.size(); ++i) {
            s += erf(x[i]) + erfc(x[i] * 0.5) + lgamma(x[i] + 2.0) + cbrt(x[i] + 3.0) + exp2(x[i]) + powers / 3.0 + pow(x[i], x[0]);
          }
          for (Eigen::Index i = 0; i < 3; ++i) s += hypot(x[i], x[i + 3]) + atan2(x[i], x[i + 3]);
          return s;
        }
      },
      {6, 0.2, 2.0});
}

TEST_CASE("an evaluated function's stored result serves the derivatives that read it", "[reverse][matrix]") {
  // .eval() records one element-wise node whose result is on the tape; its backward pass
  // takes f(x) from there for exp, exp2, expm1, sqrt, cbrt, tan, tanh and tgamma.
  check_everywhere(
      [](const auto& x) {
        const auto a = x.array();
        if constexpr (kIsVar<std::decay_t<decltype(x)>>) {
          return (a.exp().eval().array() * a.tanh().eval().array() + a.sqrt().eval().array() + a.expm1().eval().array().square() +
                  a.tan().eval().array() + slope::exp2(a).eval().array() + slope::cbrt(a).eval().array() +
                  slope::tgamma(a + 1.0).eval().array())
              .matrix()
              .dot(kWeights6);
        } else {
          using std::cbrt, std::exp2, std::tgamma;
          const auto scalar_exp2 = [](const auto& v) -> std::decay_t<decltype(v)> { return exp2(v); };
          const auto scalar_cbrt = [](const auto& v) -> std::decay_t<decltype(v)> { return cbrt(v); };
          const auto scalar_tgamma = [](const auto& v) -> std::decay_t<decltype(v)> { return tgamma(v); };
          return (a.exp() * a.tanh() + a.sqrt() + a.expm1().square() + a.tan() + a.unaryExpr(scalar_exp2) + a.unaryExpr(scalar_cbrt) +
                  (a + 1.0).unaryExpr(scalar_tgamma))
              .matrix()
              .dot(kWeights6);
        }
      },
      {6, 0.2, 1.4});
}

TEST_CASE("one node per operation, none per element", "[reverse][matrix]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(1000, -1.0, 1.0);
  const VarVector<double> x = slope::make_variables(tape, x0);
  const Var<double> f = (x.array() - 1.0).square().sum();
  CHECK(tape.nodes() == 1);
  CHECK(tape.statements() == 0);
  CHECK(tape.variables() == 1001);
  tape.backward(f);
  CHECK(x.adjoints().isApprox(2.0 * (x0.array() - 1.0).matrix(), 1e-15));

  const VarMatrix<double> a = slope::make_variables(tape, Eigen::MatrixXd(kA43));
  const VarMatrix<double> product = a * a.transpose();
  CHECK(tape.nodes() == 3);  // the sum, the transpose, the product
  CHECK(product.rows() == 4);
  CHECK(product.cols() == 4);
  CHECK(tape.statements() == 0);
  // A vector's transpose and contiguous views share indices: no node.
  const VarVector<double> row = x.transpose();
  CHECK(row.first() == x.first());
  CHECK(x.segment(10, 5).first() == x.first() + 10);
  CHECK(a.col(1).first() == a.first() + 4);
  CHECK(tape.nodes() == 3);
}

}  // namespace test_reverse_matrix_elementwise
