// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Checks for the log-densities of slope/distributions/. A case is one generic body calling a
// log-density (the way a user writes it) and a reference: the same log-density written out
// element by element with scalar functions. check_case compares, at random points:
//   the body's value on doubles with the reference's;
//   the body's reverse gradient (one node) with its forward gradient (closed-form tangents,
//     1e-10), with the reference differentiated element by element through
//     Eigen::Matrix<slope::Var<double>> (reverse, scalar path) and through Eigen vectors of
//     Dual (forward), and with Richardson finite differences of the body on doubles;
//   the body's Hessian by slope::hessian (forward over reverse through the node) with finite
//     differences of the node's reverse gradient (fd::jacobian_of_gradient); detail_test.cpp
//     compares it with forward over forward (nested duals).
// Everything is type-erased (std::function), so this code is compiled once.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "slope/distributions.hpp"
#include "slope/finite_difference.hpp"
#include "slope/functional.hpp"
#include "slope_catch.hpp"

namespace slope_test::distributions {

using slope_test::Approx;

using slope::Var;
using slope::VarVector;
using Dual1 = slope::Dual<double, 1>;
template <class S>
using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;

// The body under test on the four kinds of input vector it runs on.
struct Tested {
  std::function<double(const Eigen::VectorXd&)> plain;
  std::function<Dual1(const Vector<Dual1>&)> forward;
  std::function<Var<double>(const VarVector<double>&)> reverse;
  std::function<Var<Dual1>(const VarVector<Dual1>&)> second;  // for slope::hessian (forward over reverse)
};
template <class F>
Tested tested(const F& f) {
  return {f, f, f, f};
}

// The reference formula, element by element, on Eigen vectors of double, Var and Dual.
struct Reference {
  std::function<double(const Vector<double>&)> plain;
  std::function<Var<double>(const Vector<Var<double>>&)> reverse;
  std::function<Dual1(const Vector<Dual1>&)> forward;
};
template <class R>
Reference reference(const R& r) {
  return {r, r, r};
}

// A random point: consecutive blocks of entries, each uniform in its own [low, high].
struct Block {
  Eigen::Index count;
  double low;
  double high;
};
inline Eigen::VectorXd random_point(const std::vector<Block>& blocks, std::mt19937& rng) {
  Eigen::Index n = 0;
  for (const Block& b : blocks) n += b.count;
  Eigen::VectorXd x(n);
  Eigen::Index i = 0;
  for (const Block& b : blocks) {
    std::uniform_real_distribution<double> dist(b.low, b.high);
    for (Eigen::Index k = 0; k < b.count; ++k) x[i++] = dist(rng);
  }
  return x;
}

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

inline double max_abs(const Eigen::MatrixXd& m) { return m.size() == 0 ? 0.0 : m.cwiseAbs().maxCoeff(); }

// |a - b| <= tolerance * max(1e-300, max |b|), entry by entry, with a readable failure.
inline void check_close(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tolerance, const char* what) {
  INFO(what << ":\n" << a << "\nagainst\n" << b);
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  CHECK(max_abs(a - b) <= tolerance * std::max(1e-300, max_abs(b)));
}

// Everything listed at the top, at the point x. Derivatives are compared in relative
// coordinates x = s u (s_i = |x_i|, or 1 where x_i = 0): the gradient as s g, the Hessian as
// S H S, so that entries of very different sizes (a scale of 1e-5 beside one of 1e5) are
// compared at their own magnitude, and finite differences step by a fraction of each entry (a
// scale of 1e-5 is not stepped out of its domain).
inline void check_point(const Tested& f, const Reference& r, const Eigen::VectorXd& x, double tolerance = 1e-10) {
  INFO("x = " << x.transpose());
  const Eigen::ArrayXd s = (x.array() == 0).select(1.0, x.array().abs());
  const Eigen::VectorXd u = x.array() / s;
  const auto relative = [&](const Eigen::VectorXd& g) { return Eigen::VectorXd(g.array() * s); };
  const double value = f.plain(x);
  CHECK(value == Approx(r.plain(x)).epsilon(tolerance).margin(1e-300));
  const slope::ValueAndGradient reverse = slope::value_and_gradient(f.reverse, x);
  CHECK(reverse.value == Approx(value).epsilon(1e-14).margin(1e-300));
  const Eigen::VectorXd gradient = relative(reverse.gradient);
  check_close(gradient, relative(slope::gradient_forward<1>(f.forward, x)), tolerance, "reverse against forward");
  check_close(gradient, relative(slope::gradient(r.reverse, x)), tolerance, "reverse against the formula on Eigen::Matrix<Var>");
  check_close(gradient, relative(slope::gradient_forward<1>(r.forward, x)), tolerance, "reverse against the formula on Dual");
  const auto scaled = [&](const Eigen::VectorXd& v) { return f.plain((v.array() * s).matrix()); };
  const slope::CheckReport against_fd =
      slope::compare_derivatives(gradient, slope::fd::gradient(scaled, u, slope::CheckOptions{}.fd));
  INFO("finite differences: " << against_fd);
  CHECK(against_fd.passed);
  if (f.second) {
    const auto relative_hessian = [&](const Eigen::MatrixXd& h) {
      return Eigen::MatrixXd(s.matrix().asDiagonal() * h * s.matrix().asDiagonal());
    };
    const Eigen::MatrixXd hessian = relative_hessian(slope::hessian<1>(f.second, x));
    const auto scaled_gradient = [&](const Eigen::VectorXd& v) {
      return relative(slope::gradient(f.reverse, (v.array() * s).matrix()));
    };
    check_close(hessian, slope::fd::jacobian_of_gradient(scaled_gradient, u), 1e-6, "Hessian against differences of the gradient");
  }
}

// check_point at `points` random points.
inline void check_case(const Tested& f, const Reference& r, const std::vector<Block>& blocks, int points = 6,
                       double tolerance = 1e-10) {
  std::mt19937 rng(static_cast<unsigned>(blocks.size() * 7919 + static_cast<std::size_t>(points)));
  for (int p = 0; p < points; ++p) check_point(f, r, random_point(blocks, rng), tolerance);
}

// The conventions at a point outside the support (value -inf, every derivative 0) or outside
// the domain (value NaN, every derivative NaN), in every mode.
inline void check_outside_support(const Tested& f, const Eigen::VectorXd& x) {
  INFO("x = " << x.transpose());
  CHECK(f.plain(x) == -kInfinity);
  const slope::ValueAndGradient reverse = slope::value_and_gradient(f.reverse, x);
  CHECK(reverse.value == -kInfinity);
  CHECK(reverse.gradient.isZero(0.0));
  CHECK(slope::gradient_forward<1>(f.forward, x).isZero(0.0));
  if (f.second) CHECK(slope::hessian<1>(f.second, x).isZero(0.0));
}
inline void check_outside_domain(const Tested& f, const Eigen::VectorXd& x) {
  INFO("x = " << x.transpose());
  CHECK(std::isnan(f.plain(x)));
  const slope::ValueAndGradient reverse = slope::value_and_gradient(f.reverse, x);
  CHECK(std::isnan(reverse.value));
  CHECK(reverse.gradient.array().isNaN().all());
  CHECK(slope::gradient_forward<1>(f.forward, x).array().isNaN().all());
  if (f.second) CHECK(slope::hessian<1>(f.second, x).array().isNaN().all());
}

// One call on active arguments records exactly one node and no statement.
template <class F>
void check_one_node(const F& f, const Eigen::VectorXd& x) {
  slope::Tape<double> tape;
  slope::TapeScope scope(tape);
  const VarVector<double> v = slope::make_variables(tape, x);
  const std::size_t statements = tape.statements();
  const Var<double> y = f(v);
  CHECK(tape.nodes() == 1);
  CHECK(tape.statements() == statements);
  CHECK(y.is_active());
}

}  // namespace slope_test::distributions
