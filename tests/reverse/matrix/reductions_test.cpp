// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Reductions (slope/reverse/matrix/reductions.hpp): sum, mean, prod, norms, dot, trace, and their edge cases.

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_reductions {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("reductions: sum, mean, prod, squaredNorm, norm, dot, trace", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return x.sum() * x.mean() + x.prod() + x.squaredNorm() + x.norm(); }, {5, 0.5, 1.5, true});
  check_everywhere([](const auto& x) { return x.head(3).dot(x.tail(3)) + x.dot(kWeights6) + x.reshaped(2, 3).trace(); }, {6});
  check_everywhere([](const auto& x) { return x.dot(x) * x.reshaped(3, 2).prod(); }, {6});
  // prod's backward divides the product by each element when it is finite and not zero, and
  // forms prefix and suffix products otherwise: both, to second order.
  check_second_order([](const auto& x) { return x.prod() + (x.array() * 2.0).prod(); }, {5, 0.5, 1.5, true});
  const Eigen::VectorXd with_zero = (Eigen::VectorXd(4) << 2.0, 0.0, -3.0, 0.5).finished();
  const auto prod = [](const auto& x) { return x.prod(); };
  CHECK(slope::gradient(prod, with_zero) == (Eigen::VectorXd(4) << 0.0, -3.0, 0.0, 0.0).finished());
  CHECK(slope::hessian(prod, with_zero).isApprox(slope::hessian_forward(prod, with_zero)));
}

TEST_CASE("edge cases: norm at 0, prod with zeros, log-sum-exp of huge values", "[reverse][matrix]") {
  const Recorded at_zero = record([](const auto& x) { return x.norm(); }, Eigen::VectorXd::Zero(4));
  CHECK(at_zero.value == 0.0);
  CHECK(at_zero.gradient == Eigen::VectorXd::Zero(4));

  Eigen::VectorXd one_zero(4);
  one_zero << 2.0, 0.0, 3.0, -1.5;
  const Recorded prod1 = record([](const auto& x) { return x.prod(); }, one_zero);
  CHECK(prod1.value == 0.0);
  CHECK(prod1.gradient == Eigen::Vector4d(0.0, -9.0, 0.0, 0.0));
  Eigen::VectorXd two_zeros = one_zero;
  two_zeros[2] = 0.0;
  CHECK(record([](const auto& x) { return x.prod(); }, two_zeros).gradient == Eigen::VectorXd::Zero(4));

  Eigen::VectorXd huge(3);
  huge << 1000.0, 1000.0, 0.0;
  const Recorded lse = record([](const auto& x) { return slope::log_sum_exp(x); }, huge);
  CHECK(lse.value == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  CHECK(lse.gradient[0] == Approx(0.5).epsilon(1e-12));
  CHECK(lse.gradient[1] == Approx(0.5).epsilon(1e-12));
  CHECK(lse.gradient[2] == Approx(0.0).margin(1e-300));
  CHECK(slope::log_sum_exp(huge) == Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  const Eigen::VectorXd soft = slope::softmax(huge);
  CHECK(soft[0] == Approx(0.5).epsilon(1e-12));
  Eigen::VectorXd very_negative(2);
  very_negative << -1000.0, -1001.0;
  CHECK(record([](const auto& x) { return slope::log_sum_exp(x); }, very_negative).gradient.sum() == Approx(1.0).epsilon(1e-12));

  // A zero weight meets an infinite partial (sqrt at 0): the contribution is 0, not NaN.
  Eigen::VectorXd with_zero(3);
  with_zero << 0.0, 1.0, 4.0;
  const Eigen::VectorXd mask = Eigen::Vector3d(0.0, 1.0, 1.0);
  const Recorded masked = record([&](const auto& x) { return (x.array().sqrt() * mask.array()).sum(); }, with_zero);
  CHECK(masked.gradient == Eigen::Vector3d(0.0, 0.5, 0.25));
  // The same through a stored result (the partial then comes from the stored sqrt).
  const Recorded stored = record([&](const auto& x) { return (x.array().sqrt().eval().array() * mask.array()).sum(); }, with_zero);
  CHECK(stored.gradient == Eigen::Vector3d(0.0, 0.5, 0.25));
}

// sum() of exp(e) keeps the exponentials of its forward pass as the weights of its backward
// pass (reduce_sum_of_exp): of the inputs, of a tree of them, inside log(), to second order;
// the same values and gradients as exp itself and the element-wise tree at every length from
// 0, and exp's at the edges (an overflow to inf, -inf, 0, a tiny exponential).
TEST_CASE("sum of exp: the exponentials kept for the backward pass", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return x.array().exp().sum(); }, {6, -3.0, 3.0});
  check_everywhere([](const auto& x) { return (x.array() * 0.5 - x.mean()).exp().sum() * x.sum(); }, {5, 0.5, 2.0, true});
  check_everywhere([](const auto& x) {
    using std::log;
    return log(x.array().exp().sum());
  }, {7, -2.0, 2.0, true});
  check_second_order([](const auto& x) { return (x.array() * x.array()).exp().sum() + x.head(2).array().exp().sum(); }, {4, 0.1, 1.0, true});

  const auto sum_of_exp = [](const auto& x) { return x.array().exp().sum(); };
  // the element-wise tree: exp evaluated into a VarVector, then summed
  const auto elementwise = [](const auto& x) { return VarVector<double>(x.array().exp()).sum(); };
  std::mt19937 generator(5);
  for (const Eigen::Index n : {0, 1, 2, 3, 16, 37}) {
    INFO("n = " << n);
    const Eigen::VectorXd x = Sampler{n, 0.0, 4.0, true}(generator);
    const Recorded kept = record(sum_of_exp, x);
    const Recorded tree = record(elementwise, x);
    CHECK(kept.value == Approx(x.array().exp().sum()).epsilon(1e-15));
    CHECK(kept.gradient.isApprox(x.array().exp().matrix(), 1e-15));
    CHECK(kept.gradient.isApprox(tree.gradient, 1e-15));
  }
  Eigen::VectorXd edges(4);
  edges << 800.0, -std::numeric_limits<double>::infinity(), 0.0, -700.0;
  const Recorded at_edges = record(sum_of_exp, edges);
  CHECK(at_edges.value == std::numeric_limits<double>::infinity());
  CHECK(at_edges.gradient[0] == std::numeric_limits<double>::infinity());
  CHECK(at_edges.gradient[1] == 0.0);
  CHECK(at_edges.gradient[2] == 1.0);
  CHECK(at_edges.gradient[3] == Approx(std::exp(-700.0)).epsilon(1e-15));
  CHECK(slope::gradient(sum_of_exp, edges) == at_edges.gradient);
}

// sum and mean run their own packet loops (matrix_detail::contiguous_sum for the value,
// add_constant for the adjoints), which have two-packet, one-packet and scalar tails: at every
// length up to 37, the value has the bits of Eigen's sum() (the tape's values are aligned, as
// an Eigen vector's) and every gradient entry is exactly its weight; in float too; and through
// slope::value_and_gradient, whose gradient vector the sum's node may assign directly.
TEST_CASE("sum and mean at every length: Eigen's value, exact weights", "[reverse][matrix]") {
  const auto sum_of = [](const auto& v) { return v.sum(); };
  const auto tail_sum = [](const auto& v) { return v.tail(v.size() - 1).sum(); };
  std::mt19937 generator(11);
  for (Eigen::Index n = 0; n <= 37; ++n) {
    INFO("n = " << n);
    const Eigen::VectorXd x = Sampler{n, 0.1, 2.0, true}(generator);
    const Recorded sum = record(sum_of, x);
    CHECK(sum.value == x.sum());
    CHECK((sum.gradient.array() == 1.0).all());
    // the sum of an evaluated intermediate: the weight 3 added into its tape slots, then 2 * 3
    const Recorded intermediate = record([](const auto& v) { return 3.0 * VarVector<double>(v * 2.0).sum(); }, x);
    CHECK((intermediate.gradient.array() == 6.0).all());
    const slope::ValueAndGradient functional = slope::value_and_gradient(sum_of, x);
    CHECK(functional.value == x.sum());
    CHECK((functional.gradient.array() == 1.0).all());
    if (n > 0) {
      const Recorded mean = record([](const auto& v) { return v.mean(); }, x);
      CHECK(mean.value == x.mean());
      CHECK((mean.gradient.array() == 1.0 / static_cast<double>(n)).all());
      // an unaligned range of the tape (values and adjoints start one element in)
      const Recorded tail = record(tail_sum, x);
      CHECK(tail.value == Approx(x.tail(n - 1).sum()).epsilon(1e-15));
      CHECK(tail.gradient[0] == 0.0);
      CHECK((tail.gradient.tail(n - 1).array() == 1.0).all());
      // through value_and_gradient: part of the gradient vector (zero-filled first, then added
      // into), and the whole of it twice (assigned, then added into)
      const Eigen::VectorXd tail_gradient = slope::gradient(tail_sum, x);
      CHECK(tail_gradient[0] == 0.0);
      CHECK((tail_gradient.tail(n - 1).array() == 1.0).all());
      const auto sum_and_mean = [](const auto& v) { return v.sum() + v.mean(); };
      CHECK((slope::gradient(sum_and_mean, x).array() == 1.0 + 1.0 / static_cast<double>(n)).all());
    }
    const Eigen::VectorXf xf = x.cast<float>();
    slope::Tape<float> tape;
    slope::TapeScope<float> scope(tape);
    const VarVector<float> v = slope::make_variables(tape, xf);
    const Var<float> y = v.sum();
    tape.backward(y);
    CHECK(y.value() == xf.sum());
    CHECK((v.adjoints().array() == 1.0F).all());
  }
}

}  // namespace test_reverse_matrix_reductions
