// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Results that do not depend on where the tape sits (issue: with AVX, Eigen's kernels split a
// range into an unaligned head and aligned packets by its address, which decides the order of
// a sum's terms). Built as its own program with -march=native (tests/CMakeLists.txt), so that
// Eigen uses the widest packets of the machine: every gradient, Hessian and Hessian-vector
// product below must be the same to the last bit before and after the thread's tape has grown
// and moved, after any number of unrelated statements, and on eight threads at once.

#include <Eigen/Dense>

#include <array>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace {

using slope::Var;
using slope::VarVector;

constexpr Eigen::Index kN = 6;

// Constant data shared by the functions: a Map of a 6x6 matrix (borrowed by the nodes), a
// plain matrix (copied onto the tape), weights.
const Eigen::MatrixXd& matrix_a() {
  static const Eigen::MatrixXd a = [] {
    Eigen::MatrixXd m(kN, kN);
    for (Eigen::Index i = 0; i < kN; ++i) {
      for (Eigen::Index j = 0; j < kN; ++j) m(i, j) = 0.3 + 0.17 * static_cast<double>(i) - 0.11 * static_cast<double>(j * j % 5);
    }
    return m;
  }();
  return a;
}
Eigen::Map<const Eigen::MatrixXd> map_a() { return {matrix_a().data(), kN, kN}; }
const Eigen::VectorXd& weights() {
  static const Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(kN, -0.7, 1.3);
  return w;
}

// `padding` unrelated scalar statements before the function's own nodes (each result times
// an exact zero), so that the nodes' results land at different tape indices.
template <class X>
auto unrelated(const X& x, int padding) {
  using S = typename X::Scalar;
  S dummy = x[0];
  for (int k = 0; k < padding; ++k) dummy = dummy * 1.0;
  return S(0.0 * dummy);
}

// Eight generic functions of x in R^6: vector nodes, matrix-vector products, scalar loops.
template <class X>
typename X::Scalar objective(int which, const X& x, int padding) {
  using S = typename X::Scalar;
  using std::exp;
  using std::sin;
  const S zero = unrelated(x, padding);
  switch (which) {
    case 0: return S((map_a() * x).squaredNorm() + zero);
    case 1: return S(slope::log_sum_exp(x) + slope::softmax(x).dot(weights()) + zero);
    case 2: return S((x.array().exp() * weights().array()).sum() + x.norm() + zero);
    case 3: {
      S s = zero;
      for (Eigen::Index i = 0; i + 1 < x.size(); ++i) s += sin(x[i] * x[i + 1]) + exp(-x[i] * x[i]);
      return s;
    }
    case 4: return S(x.dot(matrix_a() * x) + zero);
    case 5: return S((map_a().transpose() * (map_a() * x).array().tanh().matrix()).sum() + zero);
    case 6: return S((x.array() * x.array() + 1.0).log().sum() * x.mean() + zero);
    default: return S(slope::normal_log_pdf(x.head(kN - 1), x[kN - 1], 1.5) + (map_a() * x).dot(weights()) + zero);
  }
}
constexpr int kFunctions = 8;

Eigen::VectorXd point(int p) {
  Eigen::VectorXd x(kN);
  for (Eigen::Index i = 0; i < kN; ++i) x[i] = 0.37 * std::sin(1.3 * static_cast<double>(p + 1) * static_cast<double>(i + 2));
  return x;
}

// Every result of one (function, point, padding) as one flat vector: gradient, Hessian, H v.
Eigen::VectorXd results(int which, const Eigen::VectorXd& x, int padding) {
  const auto f = [which, padding](const auto& v) { return objective(which, v, padding); };
  const Eigen::VectorXd g = slope::gradient(f, x);
  const Eigen::MatrixXd h = slope::hessian(f, x);
  const Eigen::VectorXd hv = slope::hvp(f, x, weights());
  Eigen::VectorXd all(g.size() + h.size() + hv.size());
  all << g, h.reshaped(), hv;
  return all;
}

bool identical(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// Grows this thread's scratch tapes far past their size (reallocating them at new addresses).
void grow_tapes() {
  const auto long_loop = [](const auto& x) {
    typename std::decay_t<decltype(x)>::Scalar s = x[0];
    for (int k = 0; k < 2'000'000; ++k) s = s * 0.999999 + x[1];
    return s;
  };
  const Eigen::VectorXd x = point(0);
  (void)slope::gradient(long_loop, x);
  (void)slope::hvp(long_loop, x, weights());
}

}  // namespace

TEST_CASE("a gradient is the same to the last bit before and after the tape grows", "[reverse][native]") {
  std::vector<Eigen::VectorXd> before;
  for (int which = 0; which < kFunctions; ++which) before.push_back(results(which, point(which), 0));
  grow_tapes();
  for (int which = 0; which < kFunctions; ++which) {
    INFO("function " << which);
    CHECK(identical(results(which, point(which), 0), before[static_cast<std::size_t>(which)]));
  }
}

TEST_CASE("a gradient does not depend on how many statements were recorded before its nodes", "[reverse][native]") {
  for (int which = 0; which < kFunctions; ++which) {
    const Eigen::VectorXd reference = results(which, point(which), 0);
    for (int padding = 1; padding <= 9; ++padding) {
      INFO("function " << which << ", " << padding << " statements before");
      CHECK(identical(results(which, point(which), padding), reference));
    }
  }
}

TEST_CASE("eight threads of 1000 mixed calls each give the serial results bit for bit", "[reverse][native]") {
  constexpr int kThreads = 8;
  constexpr int kCalls = 1000;
  constexpr int kPoints = 4;
  // The serial reference of every (function, point).
  std::vector<Eigen::VectorXd> serial;
  for (int which = 0; which < kFunctions; ++which) {
    for (int p = 0; p < kPoints; ++p) serial.push_back(results(which, point(p), 0));
  }
  std::array<int, kThreads> mismatches{};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks the calls in its own order, and its tapes grow at its own moments.
      for (int call = 0; call < kCalls; ++call) {
        const int k = (call * (2 * t + 1) + t) % (kFunctions * kPoints);
        if (!identical(results(k / kPoints, point(k % kPoints), 0), serial[static_cast<std::size_t>(k)])) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(mismatches[static_cast<std::size_t>(t)] == 0);
  }
}
