// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Checks for slope/linalg/ (tests/linalg/*_test.cpp). A function under test is one generic
// body, run on Eigen::VectorXd (value, finite differences), on a vector of Dual (forward mode,
// Eigen's algorithms on Dual through the plain overloads), on VarVector<double> (the reverse
// nodes) and on VarVector<Dual> (the nodes with T = Dual: forward over reverse, the Hessian).
// Type-erased, so that the checking code is compiled once.

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "slope/linalg.hpp"
#include "support/matrix_check.hpp"

namespace slope_test::linalg {

using slope_test::Approx;
using slope_test::matrix::mat;
using slope_test::matrix::Sampler;
using slope_test::matrix::ScalarOf;
using slope_test::matrix::vec;

using slope::Var;
using slope::VarMatrix;
using slope::VarVector;
using Dual1 = slope::Dual<double, 1>;
using VectorD = Eigen::Matrix<Dual1, Eigen::Dynamic, 1>;
using VectorV = Eigen::Matrix<Var<double>, Eigen::Dynamic, 1>;

template <class X>
constexpr bool kIsVar = slope::VarDense<X>;

struct Tested {
  std::function<double(const Eigen::VectorXd&)> plain;
  std::function<Dual1(const VectorD&)> dual;
  std::function<Var<double>(const VarVector<double>&)> reverse;
  std::function<Var<Dual1>(const VarVector<Dual1>&)> second;  // empty: no Hessian check
};

struct Tolerances {
  double forward = 1e-10;  // reverse against forward mode, relative
  double hessian = 1e-6;   // the Hessian against differences of the gradient, relative
};

// max |a - b| / max(1, max |b|)
inline double relative_gap(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const double scale = std::max(1.0, b.cwiseAbs().maxCoeff());
  return (a - b).cwiseAbs().maxCoeff() / scale;
}

// At `points` random points: the value against the plain function; the reverse gradient
// (functional API: the inputs' values stay in x) against forward mode and against Richardson
// differences; and, when `second` is given, the forward-over-reverse Hessian against
// differences of the reverse gradient, and its symmetry.
inline void check_tested(const Tested& f, const Sampler& sampler, int points, Tolerances tolerances = {}) {
  std::mt19937 rng(static_cast<unsigned>(sampler.n * 7919 + points));
  for (int p = 0; p < points; ++p) {
    const Eigen::VectorXd x = sampler(rng);
    INFO("x = " << x.transpose());
    const slope::ValueAndGradient reverse = slope::value_and_gradient(f.reverse, x);
    CHECK(reverse.value == Approx(f.plain(x)).epsilon(1e-12).margin(1e-13));
    const Eigen::VectorXd forward = slope::gradient_forward<1>(f.dual, x);
    INFO("reverse " << reverse.gradient.transpose() << "\nforward " << forward.transpose());
    CHECK(relative_gap(reverse.gradient, forward) <= tolerances.forward);
    const slope::CheckReport against_fd =
        slope::compare_derivatives(reverse.gradient, slope::fd::gradient(f.plain, x, slope::CheckOptions{}.fd));
    INFO(against_fd);
    CHECK(against_fd.passed);
    if (f.second) {
      const Eigen::MatrixXd hessian = slope::hessian<1>(f.second, x);
      const Eigen::MatrixXd differences =
          slope::fd::jacobian_of_gradient([&](const Eigen::VectorXd& v) { return slope::gradient(f.reverse, v); }, x);
      INFO("hessian\n" << hessian << "\ndifferences of the gradient\n" << differences);
      CHECK(relative_gap(hessian, differences) <= tolerances.hessian);
      CHECK(relative_gap(hessian, hessian.transpose()) <= 1e-10);
    }
  }
}

template <class F>
void check_everywhere(const F& f, const Sampler& sampler, int points = 6, Tolerances tolerances = {}) {
  check_tested({f, f, f, f}, sampler, points, tolerances);
}

// The same without the Hessian (functions that are not twice differentiable at the points).
template <class F>
void check_gradients(const F& f, const Sampler& sampler, int points = 6, Tolerances tolerances = {}) {
  check_tested({f, f, f, {}}, sampler, points, tolerances);
}

// sum_ij w_ij m_ij for a fixed weight matrix of m's shape: a scalar that reads every element.
template <class M>
auto weighted_sum(const M& m, double seed) {
  return m.cwiseProduct(slope_test::matrix::fixed_matrix(m.rows(), m.cols(), seed)).sum();
}

// offset + sum_k x_k basis_k, the basis matrices as the columns of `basis` (each of offset's
// size, column-major): a matrix of any size that depends on a few inputs, as a VarMatrix or an
// Eigen matrix.
template <class X>
auto affine_matrix(const X& x, const Eigen::MatrixXd& offset, const Eigen::MatrixXd& basis) {
  const Eigen::Index rows = offset.rows(), cols = offset.cols();
  if constexpr (kIsVar<X>) {
    return VarMatrix<typename ScalarOf<X>::value_type>((basis * x).reshaped(rows, cols) + offset);
  } else {
    using S = ScalarOf<X>;
    const Eigen::Matrix<S, Eigen::Dynamic, 1> combined = basis * x;
    return Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>(combined.reshaped(rows, cols) + offset);
  }
}

// A symmetric positive definite n x n matrix, well conditioned: Q diag(1..n) Q^T, Q orthogonal.
inline Eigen::MatrixXd spd_matrix(Eigen::Index n, double seed) {
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(slope_test::matrix::fixed_matrix(n, n, seed)).householderQ();
  return q * Eigen::VectorXd::LinSpaced(n, 1.0, static_cast<double>(n)).asDiagonal() * q.transpose();
}

// k symmetric n x n basis matrices, as the columns of an (n*n) x k matrix.
inline Eigen::MatrixXd symmetric_basis(Eigen::Index n, Eigen::Index k, double seed) {
  Eigen::MatrixXd basis(n * n, k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const Eigen::MatrixXd m = slope_test::matrix::fixed_matrix(n, n, seed + static_cast<double>(j));
    basis.col(j) = (m + m.transpose()).reshaped();
  }
  return basis;
}

}  // namespace slope_test::linalg
