// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Checks for matrix-level reverse mode (tests/reverse/matrix/*_test.cpp): a function under
// test is ONE generic body that runs on Eigen::VectorXd (values, finite differences), on a
// vector of Dual (forward mode) and on slope::VarVector (reverse mode); check_everywhere
// compares the reverse gradient with central differences and with forward mode at many points.

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <type_traits>

#include "slope/finite_difference.hpp"
#include "slope/functional.hpp"
#include "slope/reverse/matrix.hpp"
#include "slope_catch.hpp"

namespace slope_test::matrix {

using slope_test::Approx;

using slope::Var;
using slope::VarMatrix;
using slope::VarVector;

template <class X>
constexpr bool kIsVar = slope::VarDense<X>;

// One recording of f at x on a tape reused from call to call; the value and the gradient.
struct Recorded {
  double value;
  Eigen::VectorXd gradient;
};

inline slope::Tape<double>& shared_tape() {
  static slope::Tape<double> tape;
  return tape;
}

template <class F>
Recorded record(const F& f, const Eigen::VectorXd& x) {
  slope::Tape<double>& tape = shared_tape();
  tape.clear();
  slope::TapeScope scope(tape);
  const VarVector<double> variables = slope::make_variables(tape, x);
  const Var<double> y = f(variables);
  tape.backward(y);
  return {y.value(), variables.adjoints()};
}

// Uniform in [low, high], with a random sign when `both_signs`.
struct Sampler {
  Eigen::Index n;
  double low = -2.0;
  double high = 2.0;
  bool both_signs = false;
  Eigen::VectorXd operator()(std::mt19937& rng) const {
    std::uniform_real_distribution<double> magnitude(low, high);
    std::bernoulli_distribution sign(0.5);
    Eigen::VectorXd x(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = (both_signs && sign(rng) ? -1.0 : 1.0) * magnitude(rng);
    return x;
  }
};

// A function under test, as the three kinds of vector it runs on (type-erased, so that the
// checking code below is compiled once rather than once per function).
using Dual1 = slope::Dual<double, 1>;
struct Tested {
  std::function<double(const Eigen::VectorXd&)> plain;
  std::function<Dual1(const Eigen::Matrix<Dual1, Eigen::Dynamic, 1>&)> dual;
  std::function<Var<double>(const VarVector<double>&)> reverse;
};

// The reverse gradient of f against central differences (Richardson) and against forward
// mode (to 1e-12 relative), and its value against the plain function, at `points` points.
inline void check_tested(const Tested& f, const Sampler& sampler, int points) {
  std::mt19937 rng(static_cast<unsigned>(sampler.n * 7919 + points));
  for (int p = 0; p < points; ++p) {
    const Eigen::VectorXd x = sampler(rng);
    INFO("x = " << x.transpose());
    const Recorded reverse = record(f.reverse, x);
    // The same through the functional API, whose input values stay in x (not on the tape;
    // NaN in their tape slots in debug builds): every node must read them from there.
    const slope::ValueAndGradient api = slope::value_and_gradient([&](const VarVector<double>& v) { return f.reverse(v); }, x);
    CHECK(api.value == Approx(reverse.value).epsilon(1e-14).margin(1e-300));
    CHECK(api.gradient.isApprox(reverse.gradient, 1e-13));
    const double plain = f.plain(x);
    CHECK(reverse.value == Approx(plain).epsilon(1e-12).margin(1e-300));
    const slope::CheckReport against_fd = slope::compare_derivatives(reverse.gradient, slope::fd::gradient(f.plain, x, slope::CheckOptions{}.fd));
    INFO(against_fd);
    CHECK(against_fd.passed);
    const Eigen::VectorXd forward = slope::gradient_forward<1>(f.dual, x);
    const double scale = std::max(1.0, forward.cwiseAbs().maxCoeff());
    const slope::CheckReport against_forward =
        slope::compare_derivatives(reverse.gradient, forward, {.rel_tol = 1e-12, .abs_tol = 1e-13 * scale});
    INFO("forward mode: " << against_forward);
    CHECK(against_forward.passed);
  }
}

template <class F>
void check_everywhere(const F& f, const Sampler& sampler, int points = 10) {
  check_tested({f, f, f}, sampler, points);
}

// Second order: the Hessian by forward over reverse (Var<Dual<double, 4>>) against
// differences of the reverse gradient (slope::check_hessian), type-erased like Tested.
using Dual4 = slope::Dual<double, 4>;
struct SecondOrder {
  std::function<Var<double>(const VarVector<double>&)> reverse;
  std::function<Var<Dual4>(const VarVector<Dual4>&)> forward_over_reverse;
  Var<double> operator()(const VarVector<double>& x) const { return reverse(x); }
  Var<Dual4> operator()(const VarVector<Dual4>& x) const { return forward_over_reverse(x); }
};
inline void check_second_order_tested(const SecondOrder& f, const Sampler& sampler, int points) {
  std::mt19937 rng(static_cast<unsigned>(sampler.n * 104729 + points));
  for (int p = 0; p < points; ++p) {
    const Eigen::VectorXd x = sampler(rng);
    INFO("x = " << x.transpose());
    const slope::CheckReport report = slope::check_hessian(f, x, {.rel_tol = 1e-6, .abs_tol = 1e-7});
    INFO(report);
    CHECK(report.passed);
  }
}
template <class F>
void check_second_order(const F& f, const Sampler& sampler, int points = 4) {
  check_second_order_tested({f, f}, sampler, points);
}

template <class X>
using ScalarOf = typename std::decay_t<X>::Scalar;

// Part of x as a rows x cols matrix: a VarMatrix sharing x's indices, or a plain Eigen matrix
// (evaluated, so that the Eigen and Dual versions instantiate few product and solver types).
template <class X>
auto mat(const X& x, Eigen::Index start, Eigen::Index rows, Eigen::Index cols) {
  if constexpr (kIsVar<X>) {
    return x.segment(start, rows * cols).reshaped(rows, cols);
  } else {
    return Eigen::Matrix<ScalarOf<X>, Eigen::Dynamic, Eigen::Dynamic>(x.segment(start, rows * cols).reshaped(rows, cols));
  }
}
template <class X>
auto vec(const X& x, Eigen::Index start, Eigen::Index size) {
  if constexpr (kIsVar<X>) {
    return x.segment(start, size);
  } else {
    return Eigen::Matrix<ScalarOf<X>, Eigen::Dynamic, 1>(x.segment(start, size));
  }
}

inline const Eigen::VectorXd kWeights6 = (Eigen::VectorXd(6) << 0.3, -1.2, 0.7, 2.0, -0.4, 1.1).finished();
inline const Eigen::VectorXd kWeights3 = (Eigen::VectorXd(3) << 0.3, -1.2, 0.7).finished();  // kWeights6's head

inline Eigen::MatrixXd fixed_matrix(Eigen::Index rows, Eigen::Index cols, double seed) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = std::sin(seed + 1.3 * double(i) + 0.7 * double(j * j + 1));
  }
  return m;
}

inline const Eigen::MatrixXd kA43 = fixed_matrix(4, 3, 0.5);
inline const Eigen::MatrixXd kB32 = fixed_matrix(3, 2, 1.5);
inline const Eigen::MatrixXd kShift3 = 4.0 * Eigen::MatrixXd::Identity(3, 3);


}  // namespace slope_test::matrix
