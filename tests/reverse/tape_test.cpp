// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope::Tape and slope::Var: what a recording holds, sweeping it (several times), clearing
// and reusing it without growing, a steady-state gradient that allocates nothing, a tape of
// 10^7 statements, threads, and the debug-build checks of misuse. The derivative rules
// through Var are tested in core/rules_test.cpp.

#include <Eigen/Dense>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <thread>
#include <vector>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

// For the whole test program, operator new counts its calls, so that a test can check that a
// steady-state gradient allocates nothing through it (std::vector growth, the nodes' arena,
// the tape's 64-byte aligned arrays). Every form is replaced, with every matching delete, so
// that AddressSanitizer sees malloc or aligned_alloc paired with free (Catch2 itself uses
// new(std::nothrow)). Not inlined: g++ would then see free() on memory from a new-expression
// and warn. Eigen allocates with malloc instead; tests/CMakeLists.txt
// defines EIGEN_RUNTIME_NO_MALLOC, with which Eigen asserts on an allocation while
// Eigen::internal::set_is_malloc_allowed(false). (At global scope: replacements of operator new
// must be.)
namespace {
std::atomic<std::size_t> operator_new_calls{0};
void* counted_malloc(std::size_t size) noexcept {
  ++operator_new_calls;
  return std::malloc(size == 0 ? 1 : size);
}
void* counted_malloc_or_throw(std::size_t size) {
  if (void* memory = counted_malloc(size)) return memory;
  throw std::bad_alloc();
}
void* counted_aligned_alloc(std::size_t size, std::align_val_t alignment) noexcept {
  ++operator_new_calls;
  const auto align = static_cast<std::size_t>(alignment);
  // aligned_alloc wants a size that is a multiple of the alignment.
  return std::aligned_alloc(align, (size + align - 1) / align * align + (size == 0 ? align : 0));
}
void* counted_aligned_alloc_or_throw(std::size_t size, std::align_val_t alignment) {
  if (void* memory = counted_aligned_alloc(size, alignment)) return memory;
  throw std::bad_alloc();
}
}  // namespace
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t alignment) {
  return counted_aligned_alloc_or_throw(size, alignment);
}
[[gnu::noinline]] void* operator new[](std::size_t size, std::align_val_t alignment) {
  return counted_aligned_alloc_or_throw(size, alignment);
}
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(size, alignment);
}
[[gnu::noinline]] void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(size, alignment);
}
[[gnu::noinline]] void operator delete(void* memory, std::align_val_t) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete[](void* memory, std::align_val_t) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete(void* memory, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(memory);
}
[[gnu::noinline]] void operator delete[](void* memory, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(memory);
}
[[gnu::noinline]] void* operator new(std::size_t size) { return counted_malloc_or_throw(size); }
[[gnu::noinline]] void* operator new[](std::size_t size) { return counted_malloc_or_throw(size); }
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
[[gnu::noinline]] void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
[[gnu::noinline]] void operator delete(void* memory) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete[](void* memory) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
[[gnu::noinline]] void operator delete(void* memory, const std::nothrow_t&) noexcept {
  std::free(memory);
}
[[gnu::noinline]] void operator delete[](void* memory, const std::nothrow_t&) noexcept {
  std::free(memory);
}

namespace test_reverse_tape {

using slope::Tape;
using slope::TapeScope;
using slope::Var;
using slope_test::Approx;

TEST_CASE("one statement per assignment, one operand per active leaf", "[reverse][tape]") {
  Tape<double> tape;
  TapeScope scope(tape);
  const Var<double> x = tape.variable(2.0), y = tape.variable(3.0);
  const Var<double> c = 10.0;  // a constant: never recorded
  CHECK_FALSE(c.is_active());
  const Var<double> z = x * y + sin(x) * c - 1.0;  // leaves x, y, x (c and 1 are constants)
  CHECK(tape.variables() == 3);
  CHECK(tape.statements() == 1);
  CHECK(tape.operands() == 3);
  const Var<double> passive = c * 2.0 + 1.0;  // no active leaf: no statement
  CHECK_FALSE(passive.is_active());
  CHECK(passive.value() == 21.0);
  CHECK(tape.statements() == 1);
  tape.backward(z);
  CHECK(tape.adjoint(x) == Approx(3.0 + 10 * std::cos(2.0)).epsilon(1e-15));
  CHECK(tape.adjoint(y) == 2.0);
  CHECK(x.adjoint() == tape.adjoint(x));
  CHECK(tape.adjoint(c) == 0.0);
}

TEST_CASE("a leaf repeated right after itself shares one operand pair", "[reverse][tape]") {
  Tape<double> tape;
  TapeScope scope(tape);
  const Var<double> x = tape.variable(1.5), y = tape.variable(-0.5);
  const Var<double> cube = x * x * x;  // leaves x, x, x: one pair, partial 3 x^2
  CHECK(tape.operands() == 1);
  const Var<double> mixed = x * x + y - x;  // leaves x, x, y, x: pairs (x), (y), (x)
  CHECK(tape.operands() == 4);
  const Var<double> twice_y = y + y;  // partials 1 + 1
  CHECK(tape.operands() == 5);
  tape.backward(cube);
  CHECK(tape.adjoint(x) == Approx(3 * 1.5 * 1.5).epsilon(1e-15));
  tape.zero_adjoints();
  tape.backward(mixed);
  CHECK(tape.adjoint(x) == Approx(2 * 1.5 - 1).epsilon(1e-15));
  CHECK(tape.adjoint(y) == 1.0);
  tape.zero_adjoints();
  tape.backward(twice_y);
  CHECK(tape.adjoint(y) == 2.0);
  CHECK(tape.adjoint(x) == 0.0);
  // Infinite partials of one leaf still meet as they would in two pairs: inf - inf = NaN.
  const Var<double> zero = tape.variable(0.0);
  const Var<double> kinks = sqrt(zero) - sqrt(zero);
  tape.zero_adjoints();
  tape.backward(kinks);
  CHECK(std::isnan(tape.adjoint(zero)));
}

TEST_CASE("a repeated leaf of a forward-over-reverse statement keeps its tangents", "[reverse][tape]") {
  // d/dx (x * x * x) = 3 x^2 and its derivative 6 x, through one merged pair of Duals
  using D = slope::Dual<double>;
  Tape<D> tape;
  TapeScope scope(tape);
  const Var<D> x = tape.variable(D(2.0, {1.0}));
  const Var<D> cube = x * x * x;
  CHECK(tape.operands() == 1);
  tape.backward(cube);
  CHECK(tape.adjoint(x).value() == Approx(12.0).epsilon(1e-15));
  CHECK(tape.adjoint(x).tangent(0) == Approx(12.0).epsilon(1e-15));
}

TEST_CASE("assignment, compound assignment and aliasing", "[reverse][tape]") {
  Tape<double> tape;
  TapeScope scope(tape);
  const Var<double> x = tape.variable(1.5);
  Var<double> acc = 0.0;
  for (int i = 1; i <= 4; ++i) acc += x * i;  // 10 x
  acc *= acc;                                 // 100 x^2
  Var<double> r = acc;
  r = r / x - r;  // 100 x - 100 x^2
  tape.backward(r);
  CHECK(r.value() == Approx(150 - 225).epsilon(1e-15));
  CHECK(tape.adjoint(x) == Approx(100 - 300).epsilon(1e-14));
}

TEST_CASE("one recording, several sweeps: the rows of a Jacobian", "[reverse][tape]") {
  Tape<double> tape;
  TapeScope scope(tape);
  const Var<double> x = tape.variable(0.5), y = tape.variable(-2.0);
  const Var<double> f1 = x * y, f2 = exp(x) + y * y;
  tape.backward(f1);
  CHECK(tape.adjoint(x) == -2.0);
  CHECK(tape.adjoint(y) == 0.5);
  tape.zero_adjoints();
  tape.backward(f2);
  CHECK(tape.adjoint(x) == Approx(std::exp(0.5)).epsilon(1e-15));
  CHECK(tape.adjoint(y) == -4.0);
  // seeding several outputs at once gives the weighted sum: w1 grad f1 + w2 grad f2
  tape.zero_adjoints();
  tape.adjoint(f1.index()) = 2.0;
  tape.adjoint(f2.index()) = -1.0;
  tape.backward();
  CHECK(tape.adjoint(x) == Approx(-4.0 - std::exp(0.5)).epsilon(1e-15));
}

TEST_CASE("a recording that is one node sweeps as the statement loop does", "[reverse][tape]") {
  // Tape::backward() calls the node directly when it is the whole recording; with a statement
  // after it the loop runs. Both give the node's weights, bit for bit.
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(7, -1.5, 2.0);
  const Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(7, 0.3, -0.9);
  Tape<double> tape;
  TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, x0);
  const Var<double> y = (x.array() * w.array()).sum();
  REQUIRE(tape.nodes() == 1);
  REQUIRE(tape.statements() == 0);
  tape.backward(y);
  Eigen::VectorXd one_node(7);
  for (Eigen::Index i = 0; i < 7; ++i) one_node[i] = tape.adjoint(x[i]);
  CHECK(one_node == w);
  // another seed, another sweep of the same recording
  tape.zero_adjoints();
  tape.adjoint(y.index()) = -2.5;
  tape.backward();
  for (Eigen::Index i = 0; i < 7; ++i) CHECK(tape.adjoint(x[i]) == -2.5 * w[i]);
  // a statement after the node: the loop, which reaches the node through the statement
  const Var<double> z = 1.0 * y;
  REQUIRE(tape.statements() == 1);
  tape.zero_adjoints();
  tape.backward(z);
  for (Eigen::Index i = 0; i < 7; ++i) CHECK(tape.adjoint(x[i]) == one_node[i]);
  // a cleared tape records one node again (into the first block of its arena) and sweeps it
  tape.clear();
  const slope::VarVector<double> x2 = slope::make_variables(tape, x0);
  const Var<double> y2 = x2.squaredNorm();
  tape.backward(y2);
  for (Eigen::Index i = 0; i < 7; ++i) CHECK(tape.adjoint(x2[i]) == 2.0 * x0[i]);
}

TEST_CASE("an external adjoint range collects what nodes and statements add, over several sweeps", "[reverse][tape]") {
  const Eigen::VectorXd x0 = (Eigen::VectorXd(5) << 0.5, 1.5, -2.0, 3.0, 0.25).finished();
  // y = sum x_i^2 (nodes) + x0 x1 + x1 exp(x4) (statements with the inputs as operands)
  Eigen::VectorXd expected = 2.0 * x0;
  expected[0] += x0[1];
  expected[1] += x0[0] + std::exp(x0[4]);
  expected[4] += x0[1] * std::exp(x0[4]);
  Tape<double> tape;
  TapeScope scope(tape);
  const slope::VarVector<double> x = slope::make_variables(tape, x0);
  const Var<double> y = (x.array() * x.array()).sum() + x[0] * x[1] + x[1] * exp(x[4]);
  Eigen::VectorXd gradient = Eigen::VectorXd::Zero(5);
  tape.use_external_adjoints(x.first(), 5, gradient.data());
  tape.backward(y);
  for (Eigen::Index i = 0; i < 5; ++i) {
    CHECK(gradient[i] == Approx(expected[i]).epsilon(1e-15));
    CHECK(tape.adjoint(x[i]) == gradient[i]);  // adjoint() reads the external range
  }
  // A second sweep finds the statements' tape slots zero again: the same gradient, bit for bit.
  const Eigen::VectorXd first_sweep = gradient;
  tape.zero_adjoints();
  CHECK(gradient.isZero(0.0));
  tape.backward(y);
  CHECK(gradient == first_sweep);
}

TEST_CASE("clear keeps the memory: a steady-state loop does not grow the tape", "[reverse][tape]") {
  Tape<double> tape;
  TapeScope scope(tape);
  std::size_t bytes_after_first = 0;
  for (int round = 0; round < 1000; ++round) {
    tape.clear();
    Var<double> x = tape.variable(0.1 * round), y = 1.0;
    for (int i = 0; i < 100; ++i) y = y * x + sin(y);
    tape.backward(y);
    if (round == 0) bytes_after_first = tape.bytes();
    REQUIRE(tape.bytes() == bytes_after_first);
  }
  CHECK(tape.statements() == 100);
}

TEST_CASE("used_bytes counts the recording, bytes the memory held, whatever the tape recorded before", "[reverse][tape]") {
  const auto record = [](Tape<double>& tape, int length) {
    Var<double> x = tape.variable(0.3), y = 1.0;
    for (int i = 0; i < length; ++i) y = y * x + sin(y);
    const slope::VarVector<double> v = slope::make_variables(tape, Eigen::VectorXd::LinSpaced(8, 0.1, 0.8));
    return Var<double>(y + (v.array() * v.array()).sum());  // a node in the arena too
  };
  Tape<double> fresh;
  std::size_t used_fresh = 0;
  {
    TapeScope scope(fresh);
    (void)record(fresh, 50);
    used_fresh = fresh.used_bytes();
    CHECK(used_fresh > 50 * 2 * sizeof(double));
    CHECK(used_fresh <= fresh.bytes());
  }
  Tape<double> grown;
  TapeScope scope(grown);
  (void)record(grown, 100000);
  const std::size_t held = grown.bytes();
  grown.clear();
  CHECK(grown.used_bytes() == 0);
  (void)record(grown, 50);
  CHECK(grown.used_bytes() == used_fresh);
  CHECK(grown.bytes() == held);
  CHECK(grown.bytes() > 100 * used_fresh);
}

TEST_CASE("the gradient functions reuse their tape: 1000 calls, no growth", "[reverse][tape]") {
  const auto f = [](const auto& x) {
    typename std::decay_t<decltype(x)>::Scalar s = 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) s += x[i] * x[i] * (1.0 + static_cast<double>(i));
    return s;
  };
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(50, -1, 1);
  const Eigen::VectorXd first = slope::gradient(f, x);
  const std::size_t calls_before = operator_new_calls;  // the tape's vectors and arena
  bool same = true;
  for (int call = 0; call < 1000; ++call) same = same && slope::gradient(f, x) == first;
  CHECK(operator_new_calls == calls_before);
  CHECK(same);
}

TEST_CASE("a steady-state gradient into the caller's vector allocates nothing", "[reverse][tape]") {
  // scalar statements, whole-vector nodes, and a matrix-vector product with a borrowed matrix
  const Eigen::MatrixXd a = Eigen::MatrixXd::NullaryExpr(4, 6, [](Eigen::Index i, Eigen::Index j) {
    return std::sin(static_cast<double>(3 * i + j));
  });
  const Eigen::Map<const Eigen::MatrixXd> a_view(a.data(), a.rows(), a.cols());
  const auto f = [&](const auto& x) {
    using Scalar = typename std::decay_t<decltype(x)>::Scalar;
    Scalar s = (x.array() - 1.0).square().sum() + (a_view * x).squaredNorm();
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) s += x[i] * sin(x[i + 1]);
    return s;
  };
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(6, -1, 1);
  const slope::ValueAndGradient expected = slope::value_and_gradient(f, x);  // grows the tape
  Eigen::VectorXd g(6);
  const std::size_t calls_before = operator_new_calls;
  Eigen::internal::set_is_malloc_allowed(false);
  bool same = true;
  for (int call = 0; call < 1000; ++call) {
    same = same && slope::value_and_gradient(f, x, g) == expected.value && g == expected.gradient;
  }
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(operator_new_calls == calls_before);
  CHECK(same);
  CHECK(g.isApprox(slope::gradient_forward(f, x), 1e-14));
}

TEST_CASE("a tape of 10^7 statements records and sweeps (iteratively)", "[reverse][tape]") {
  Tape<double> tape;
  TapeScope scope(tape);
  const Var<double> x = tape.variable(1.0);
  Var<double> y = x;
  // y_{k+1} = 0.999999 y_k + x: dy/dx = sum_k 0.999999^k, a geometric series
  constexpr int kStatements = 10'000'000;
  const double rate = 0.999999;
  for (int k = 0; k < kStatements; ++k) y = rate * y + x;
  CHECK(tape.statements() == static_cast<std::size_t>(kStatements));
  tape.backward(y);
  const double expected = (1 - std::pow(rate, kStatements + 1)) / (1 - rate);
  CHECK(tape.adjoint(x) == Approx(expected).epsilon(1e-8));
}

TEST_CASE("gradients on several threads at once equal the serial ones", "[reverse][tape]") {
  const auto f = [](const auto& x) {
    typename std::decay_t<decltype(x)>::Scalar s = 0.0;
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) s += sin(x[i] * x[i + 1]) + exp(-x[i] * x[i]);
    return s;
  };
  std::vector<Eigen::VectorXd> points;
  for (int p = 0; p < 8; ++p) points.push_back(Eigen::VectorXd::LinSpaced(200, -1.0 + 0.1 * p, 1.0));
  std::vector<Eigen::VectorXd> serial;
  for (const auto& x : points) serial.push_back(slope::gradient(f, x));
  std::vector<Eigen::VectorXd> parallel(points.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t p = t; p < points.size(); p += 4) {
        for (int repeat = 0; repeat < 20; ++repeat) parallel[p] = slope::gradient(f, points[p]);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t p = 0; p < points.size(); ++p) CHECK(parallel[p] == serial[p]);
}

TEST_CASE("Eigen matrices of Var work element-wise", "[reverse][tape][eigen]") {
  Tape<double> tape;
  TapeScope scope(tape);
  Eigen::MatrixXd a0(3, 3);
  a0 << 4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2;
  Eigen::Matrix<Var<double>, 3, 3> a;
  for (int i = 0; i < 9; ++i) a(i) = tape.variable(a0(i));
  const Eigen::Vector3d b(1.0, -2.0, 0.5);
  // d det(A) / dA = det(A) A^-T
  const Var<double> det = a.partialPivLu().determinant();
  tape.backward(det);
  const Eigen::MatrixXd expected = a0.determinant() * a0.inverse().transpose();
  for (int i = 0; i < 9; ++i) CHECK(tape.adjoint(a(i)) == Approx(expected(i)).epsilon(1e-12));
  // mixed plain * Var products, and an LU solve (LLT would read the lower triangle only)
  tape.zero_adjoints();
  const Eigen::Matrix<Var<double>, 3, 1> x = a.partialPivLu().solve(b.cast<Var<double>>());
  const Var<double> total = (Eigen::Matrix3d::Identity() * x).sum();
  tape.backward(total);
  // d(1^T A^-1 b)/dA = -A^-T 1 (A^-1 b)^T
  const Eigen::MatrixXd d_solve = -(a0.inverse().transpose() * Eigen::Vector3d::Ones()) * (a0.inverse() * b).transpose();
  for (int i = 0; i < 9; ++i) CHECK(tape.adjoint(a(i)) == Approx(d_solve(i)).epsilon(1e-10));
}

TEST_CASE("float tapes", "[reverse][tape]") {
  Tape<float> tape;
  TapeScope scope(tape);
  const Var<float> x = tape.variable(0.5f);
  const Var<float> y = tanh(x) * 3.0 + x;
  tape.backward(y);
  CHECK(tape.adjoint(x) == Approx(3 * (1 - std::tanh(0.5) * std::tanh(0.5)) + 1).epsilon(1e-6));
}

TEST_CASE("scopes nest and restore the previous tape", "[reverse][tape]") {
  Tape<double> outer, inner;
  TapeScope outer_scope(outer);
  const Var<double> x = outer.variable(1.0);
  {
    TapeScope inner_scope(inner);
    const Var<double> u = inner.variable(2.0);
    const Var<double> v = u * u;
    inner.backward(v);
    CHECK(inner.adjoint(u) == 4.0);
  }
  const Var<double> y = x * 3.0;  // recorded on `outer` again
  outer.backward(y);
  CHECK(outer.adjoint(x) == 3.0);
  CHECK(inner.statements() == 1);
  CHECK(outer.statements() == 1);
}

TEST_CASE("debug builds stop misuse with a message", "[reverse][tape][checks]") {
  if constexpr (!slope::kChecksEnabled) {
    SUCCEED("checks are compiled out (NDEBUG): nothing to test in this build");
    return;
  } else {
    Tape<double> tape;
    Var<double> stale;
    {
      TapeScope scope(tape);
      stale = tape.variable(1.0);
      tape.clear();
      const Var<double> fresh = tape.variable(2.0);
      CHECK_THROWS_AS(Var<double>(stale * fresh), slope::usage_error);
      CHECK_THROWS_WITH(Var<double>(stale + 1.0), slope_test::Contains("before it was cleared"));
      CHECK_THROWS_AS(tape.adjoint(stale), slope::usage_error);
      Tape<double> other;
      const Var<double> foreign = other.variable(3.0);
      CHECK_THROWS_WITH(Var<double>(foreign * 2.0), slope_test::Contains("another tape"));
    }
    // no active tape on this thread at all
    CHECK_THROWS_WITH(Var<double>(stale * 2.0), slope_test::Contains("no active tape"));
  }
}

TEST_CASE("recording with no active tape throws in every build", "[reverse][tape][checks]") {
  // Not a debug check: without it a release build would write through a null tape.
  const Var<double> constant = 2.0;
  Tape<double> tape;
  Var<double> recorded;
  {
    TapeScope scope(tape);
    recorded = tape.variable(1.0);
  }
  CHECK_THROWS_WITH(Var<double>(recorded * constant), slope_test::Contains("no active tape"));
  CHECK_THROWS_AS(slope::make_variables(Eigen::VectorXd::Ones(3)), slope::usage_error);
  CHECK_THROWS_WITH(recorded.adjoint(), slope_test::Contains("no active tape"));
  // The stand-in tape stays empty: recording afterwards inside a scope works as usual.
  Tape<double> fresh;
  TapeScope scope(fresh);
  const Var<double> x = fresh.variable(2.0);
  const Var<double> y = x * constant;
  fresh.backward(y);
  CHECK(fresh.adjoint(x) == 2.0);
}

TEST_CASE("the tape's arrays and node ranges start on 64-byte boundaries", "[reverse][tape]") {
  const auto aligned = [](const void* p) { return reinterpret_cast<std::uintptr_t>(p) % slope::kTapeAlignment == 0; };
  Tape<double> tape;
  TapeScope scope(tape);
  const Var<double> a = tape.variable(1.0);  // index 0
  const Var<double> b = a * 2.0;             // index 1: scalars are not padded
  CHECK(b.index() == 1);
  const slope::VarVector<double> x = slope::make_variables(tape, Eigen::VectorXd::LinSpaced(5, 1.0, 2.0));
  CHECK(x.first() == 8);  // the next multiple of 64 bytes / 8 bytes
  const slope::VarVector<double> y = (x.array() * 3.0).matrix();
  CHECK(y.first() == 16);
  CHECK(aligned(tape.values_data()));
  CHECK(aligned(tape.adjoint_space().tape));
  CHECK(aligned(tape.values_data() + x.first()));
  CHECK(aligned(tape.adjoint_space().at(y.first())));
  // The padding slots are zero and belong to nothing: the gradient is unaffected.
  tape.backward(y.sum() + b);
  CHECK(x.adjoints().isApprox(Eigen::VectorXd::Constant(5, 3.0)));
  CHECK(tape.adjoint(a) == 2.0);
  // Forward over reverse: Dual<double, 4> is 40 bytes, so ranges start at multiples of 8
  // slots (320 bytes).
  Tape<slope::Dual<double, 4>> dual_tape;
  TapeScope dual_scope(dual_tape);
  (void)dual_tape.variable(slope::Dual<double, 4>(1.0));
  const auto xd = slope::make_variables(dual_tape, Eigen::Matrix<slope::Dual<double, 4>, -1, 1>::Constant(3, slope::Dual<double, 4>(2.0)));
  CHECK(xd.first() == 8);
  CHECK(aligned(dual_tape.values_data() + xd.first()));
}

TEST_CASE("a recording past 3 * 2^30 variables stops with the limit named", "[reverse][tape][checks]") {
  // The check sits where the arrays grow, before anything is allocated: asking for one
  // range past the limit exercises it without 48 GB of memory.
  Tape<double> tape;
  CHECK_THROWS_WITH(tape.allocate_variables(std::size_t{1} << 32), slope_test::Contains("3221225472 variables"));
  CHECK_THROWS_AS(tape.allocate_variables(slope::kMaxVariables + 1), slope::usage_error);
  // The tape stays usable.
  TapeScope scope(tape);
  const Var<double> x = tape.variable(3.0);
  const Var<double> y = x * x;
  tape.backward(y);
  CHECK(tape.adjoint(x) == 6.0);
}

}  // namespace test_reverse_tape
