// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// checkpoint(g, inputs...) (slope/reverse/checkpoint.hpp): gradients against finite
// differences, forward mode and the same function on the plain tape; Hessians (forward over
// reverse); nested checkpoints; what the tape holds; repeated sweeps; threads; misuse.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "slope/reverse/checkpoint.hpp"
#include "support/matrix_check.hpp"

namespace test_reverse_checkpoint {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

namespace {

// Bodies written once over a `call` that either checkpoints g(args...) or calls it directly
// (the plain tape), so that both versions of each function can be compared.
struct Checkpointed {
  template <class G, class... Args>
  auto operator()(const G& g, const Args&... args) const {
    return slope::checkpoint(g, args...);
  }
};
struct Direct {
  template <class G, class... Args>
  auto operator()(const G& g, const Args&... args) const {
    return g(args...);
  }
};

const Eigen::MatrixXd kA33 = fixed_matrix(3, 3, 0.25);

// Every kind of input and result: a VarVector view and a scalar expression in, a VarVector
// out; an element-wise expression, a constant matrix and a number in, a scalar expression out.
template <class Call>
struct Layers {
  template <class X>
  auto operator()(const X& x) const {  // x: 6 entries
    const auto layer = [](const auto& v, const auto& s) { return (s * v.array().tanh()).matrix().eval(); };
    const auto y = Call{}(layer, x.head(3), x[3] * x[4]);
    const auto mix = [](const auto& v, const Eigen::MatrixXd& m, double c) { return (m * v).array().sin().sum() * c; };
    return ScalarOf<X>(Call{}(mix, (y.array() + x.tail(3).array()).matrix(), kA33, 0.7) + y.squaredNorm());
  }
};

// A checkpoint inside a checkpoint, and one that returns its input.
template <class Call>
struct Nested {
  template <class X>
  auto operator()(const X& x) const {  // x: 5 entries
    const auto inner = [](const auto& v) { return (v.array().square() + 1.0).log().matrix().eval(); };
    const auto outer = [inner](const auto& v, const auto& s) {
      const auto u = Call{}(inner, v);
      return (u.array() * s).sum() + v.dot(u);
    };
    const auto identity = [](const auto& v) { return v; };
    return ScalarOf<X>(Call{}(outer, x.head(3), x[3]) * Call{}(identity, x.tail(2)).sum());
  }
};

// A scalar loop: 200 statements on the plain tape, one node when checkpointed.
template <class Call>
struct ScalarLoop {
  template <class X>
  auto operator()(const X& x) const {
    const auto loop = [](const auto& v) {
      using std::sin;
      ScalarOf<std::decay_t<decltype(v)>> s(0.0);
      for (int i = 0; i < 200; ++i) s = s + sin(v[i % v.size()] * (0.01 * (i + 1)));
      return s;
    };
    return ScalarOf<X>(Call{}(loop, x));
  }
};

bool close(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tolerance) {
  return ((a - b).cwiseAbs().array() <= tolerance * b.cwiseAbs().array().max(1.0)).all();
}

template <template <class> class Body>
void check_against_plain_tape(Eigen::Index n, int points) {
  std::mt19937 rng(static_cast<unsigned>(n));
  for (int p = 0; p < points; ++p) {
    const Eigen::VectorXd x = Sampler{n}(rng);
    INFO("x = " << x.transpose());
    const slope::ValueAndGradient checkpointed = slope::value_and_gradient(Body<Checkpointed>{}, x);
    const slope::ValueAndGradient direct = slope::value_and_gradient(Body<Direct>{}, x);
    CHECK(checkpointed.value == Approx(direct.value).epsilon(1e-15));
    CHECK(close(checkpointed.gradient, direct.gradient, 1e-14));
    // Forward over reverse through the checkpoints (Var<Dual<double, 4>>).
    const Eigen::MatrixXd hessian = slope::hessian(Body<Checkpointed>{}, x);
    CHECK(close(hessian, slope::hessian(Body<Direct>{}, x), 1e-13));
    const Eigen::MatrixXd fd = slope::fd::jacobian([](const Eigen::VectorXd& y) { return slope::gradient(Body<Checkpointed>{}, y); }, x);
    CHECK(close(hessian, fd, 1e-6));
  }
}

}  // namespace

TEST_CASE("checkpoint: gradients against finite differences and forward mode", "[checkpoint]") {
  check_everywhere(Layers<Checkpointed>{}, {6});
  check_everywhere(Nested<Checkpointed>{}, {5});
  check_everywhere(ScalarLoop<Checkpointed>{}, {7});
}

TEST_CASE("checkpoint: the plain tape's gradient and Hessian, nested checkpoints included", "[checkpoint]") {
  check_against_plain_tape<Layers>(6, 4);
  check_against_plain_tape<Nested>(5, 4);
  check_against_plain_tape<ScalarLoop>(7, 2);
  // Hessian-vector products (Var<Dual<double, 1>>), on one body (each body costs compile time).
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(5, -0.8, 1.3), v = Eigen::VectorXd::LinSpaced(5, -1.0, 2.0);
  CHECK(close(slope::hvp(Nested<Checkpointed>{}, x, v), slope::hessian(Nested<Direct>{}, x) * v, 1e-13));
}

TEST_CASE("checkpoint: the tape holds the inputs and one node, not g's recording", "[checkpoint]") {
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(50, -1.0, 1.0);
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> v = slope::make_variables(tape, x);
  const Var<double> y = ScalarLoop<Checkpointed>{}(v);
  CHECK(tape.statements() == 0);
  CHECK(tape.nodes() == 1);
  CHECK(tape.variables() == 50 + 1);
  tape.backward(y);
  const Eigen::VectorXd g = v.adjoints();
  CHECK(close(g, slope::gradient(ScalarLoop<Direct>{}, x), 1e-15));
  // A second sweep of the same recording records g again and gives the same adjoints.
  tape.zero_adjoints();
  tape.backward(y);
  CHECK(v.adjoints() == g);

  slope::Tape<double> plain;
  slope::TapeScope plain_scope(plain);
  const VarVector<double> w = slope::make_variables(plain, x);
  const Var<double> z = ScalarLoop<Direct>{}(w);
  CHECK(plain.statements() == 200);
  (void)z;
}

TEST_CASE("checkpoint: Jacobians (one sweep per output) agree with the plain tape's", "[checkpoint]") {
  const auto f = [](const auto& call, const auto& x) {
    const auto layer = [](const auto& v, const auto& s) { return (s * v.array().tanh()).matrix().eval(); };
    return call(layer, x.head(3), x[3]).eval();
  };
  const Eigen::VectorXd x = (Eigen::VectorXd(4) << 0.3, -1.2, 0.8, 1.7).finished();
  const Eigen::MatrixXd jac = slope::jacobian([&](const auto& v) { return f(Checkpointed{}, v); }, x);
  CHECK(close(jac, slope::jacobian([&](const auto& v) { return f(Direct{}, v); }, x), 1e-15));
  const Eigen::VectorXd w(Eigen::Vector3d(0.5, -2.0, 1.0));
  CHECK(close(slope::vjp([&](const auto& v) { return f(Checkpointed{}, v); }, x, w), jac.transpose() * w, 1e-15));
}

TEST_CASE("checkpoint: g runs again only when the backward sweep needs its result", "[checkpoint]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, Eigen::Vector3d(0.1, 0.2, 0.3));
  int calls = 0;  // counts runs; the result does not depend on it
  const auto g = [&calls](const VarVector<double>& v) {
    ++calls;
    return v.array().exp().sum();
  };
  const Var<double> used = slope::checkpoint(g, x), unused = slope::checkpoint(g, x);
  CHECK(calls == 2);
  tape.backward(used);
  CHECK(calls == 3);  // `unused` had a zero adjoint: g was not run again for it
  CHECK(x.adjoints().isApprox(Eigen::Vector3d(0.1, 0.2, 0.3).array().exp().matrix()));
  (void)unused;
}

TEST_CASE("checkpoint: constants only record nothing", "[checkpoint]") {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const auto g = [](const auto& v, const auto& s) { return (v * s).eval(); };
  const VarVector<double> y = slope::checkpoint(g, VarVector<double>(Eigen::Vector2d(1.0, 2.0)), Var<double>(3.0));
  CHECK(!y.is_active());
  CHECK(y.values() == Eigen::Vector2d(3.0, 6.0));
  CHECK(tape.nodes() == 0);
  CHECK(tape.variables() == 0);
  // With plain numbers g is simply called.
  CHECK(slope::checkpoint([](double a, double b) { return a * b; }, 2.0, 4.0) == 8.0);
}

TEST_CASE("checkpoint: misuse is reported in debug builds", "[checkpoint]") {
  if constexpr (!slope::kChecksEnabled) {
    SUCCEED("the checks are compiled out of release builds");
    return;
  }
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> x = slope::make_variables(tape, Eigen::Vector3d(0.1, 0.2, 0.3));
  const VarVector<double> w = slope::make_variables(tape, Eigen::Vector3d(1.0, 2.0, 3.0));
  // A Var of the outer tape captured by g.
  const auto captures = [&w](const VarVector<double>& v) { return v.dot(w); };
  CHECK_THROWS_AS(slope::checkpoint(captures, x), slope::usage_error);
  // A result that changes between the two runs of g.
  int calls = 0;
  const auto drifts = [&calls](const VarVector<double>& v) { return (v.array() * double(++calls)).sum(); };
  const Var<double> y = slope::checkpoint(drifts, x);
  CHECK_THROWS_WITH(tape.backward(y), slope_test::Contains("slope::checkpoint: g returned another result"));
}

TEST_CASE("checkpoint on several threads gives the serial gradients bit for bit", "[checkpoint]") {
  std::mt19937 rng(5);
  std::vector<Eigen::VectorXd> points;
  for (int p = 0; p < 4; ++p) points.push_back(Sampler{5}(rng));
  std::vector<Eigen::VectorXd> serial, parallel(points.size());
  for (const Eigen::VectorXd& x : points) serial.push_back(slope::gradient(Nested<Checkpointed>{}, x));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < points.size(); ++t) {
    threads.emplace_back([&, t] { parallel[t] = slope::gradient(Nested<Checkpointed>{}, points[t]); });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t t = 0; t < points.size(); ++t) CHECK(parallel[t] == serial[t]);
}

}  // namespace test_reverse_checkpoint
