// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The multivariate normal distribution with mean mu and covariance L L^T, by the Cholesky
// factor L, summed over the observations (the columns y_j of y; Z = L^-1 (y - mu)):
//
//   multi_normal_cholesky_log_pdf(y, mu, L)
//       = sum_j -|L^-1 (y_j - mu_j)|^2 / 2 - sum_k ln L_kk - d ln(2 pi)/2
//
// y is a d-vector (one observation) or a d x n matrix; mu a d-vector shared by the columns, a
// d x n matrix, or a number or scalar (every component); L a d x d lower-triangular matrix
// with a positive diagonal (else NaN); its strict upper triangle is not read (its derivative
// is 0). Any of them may be data or variables. Partials, with A = L^-T Z:
//   d/dy = -A,  d/dmu = A (summed over the columns sharing mu),
//   d/dL = lower(A Z^T) - n diag(1 / L_kk)
// by two triangular solves and one product: O(d^2 n), no inverse formed.
//
//     Eigen::MatrixXd Y = ...;   // d x n observations
//     auto f = [&](const auto& x) { return slope::multi_normal_cholesky_log_pdf(Y, x.head(d), L); };
//     Eigen::VectorXd g = slope::gradient(f, mu0);   // sum_j Sigma^-1 (y_j - mu)

#include <stdexcept>
#include <string>
#include <utility>

#include <Eigen/Core>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct MultiNormalCholeskyLogPdf {
  using Scalar = T;
  static constexpr const char* kName = "slope::multi_normal_cholesky_log_pdf";
  using Scratch = Eigen::Map<PlainMatrix<T>>;

  template <class Mu>
  static void check(const Input<T>& y, const Mu& mu, const Input<T>& factor) {
    if (factor.rows() != y.rows() || factor.cols() != y.rows()) [[unlikely]] {
      throw std::invalid_argument(std::string(kName) + ": L is " + matrix_detail::size_text(factor.rows(), factor.cols()) +
                                  " but y is " + matrix_detail::size_text(y.rows(), y.cols()) +
                                  "; L must be d x d for observations of dimension d (the rows of y)");
    }
    if constexpr (kPerObservation<Mu>) {
      if (mu.rows() != y.rows() || (mu.cols() != 1 && mu.cols() != y.cols())) [[unlikely]] {
        throw std::invalid_argument(std::string(kName) + ": mu is " + matrix_detail::size_text(mu.rows(), mu.cols()) +
                                    " but y is " + matrix_detail::size_text(y.rows(), y.cols()) +
                                    "; mu must be a number, a scalar, a d-vector, or have y's size");
      }
    }
  }

  // z = L^-1 (y - mu), into scratch memory.
  template <class Mu>
  static Scratch standardized(const Input<T>& y, const Mu& mu, const Input<T>& factor, matrix_detail::ScratchSlot slot) {
    Scratch z(matrix_detail::scratch<T>(slot, y.size()), y.rows(), y.cols());
    if constexpr (kPerObservation<Mu>) {
      if (mu.cols() == y.cols()) {
        z = y - mu;
      } else {
        z = y.colwise() - mu.col(0);
      }
    } else {
      z = (y.array() - mu).matrix();
    }
    factor.template triangularView<Eigen::Lower>().solveInPlace(z);
    return z;
  }

  template <class Mu>
  static T log_density(const Input<T>& y, const Mu& mu, const Input<T>& factor) {
    using std::log;
    check(y, mu, factor);
    if (!every(factor.diagonal(), positive)) return nan_like<T>();
    const Scratch z = standardized(y, mu, factor, matrix_detail::kBackwardSlot);
    const auto n = static_cast<scalar_of_t<T>>(y.cols()), d = static_cast<scalar_of_t<T>>(y.rows());
    return T(T(-0.5) * z.squaredNorm() - n * T(factor.diagonal().array().log().sum() + d * kHalfLogTwoPi));
  }

  template <class Mu, class MuAdjoint>
  static void add_partials(const T& w, const Input<T>& y, const Mu& mu, const Input<T>& factor, MatrixAdjoint<T> y_adjoint,
                           MuAdjoint mu_adjoint, MatrixAdjoint<T> factor_adjoint) {
    const Scratch z = standardized(y, mu, factor, matrix_detail::kBackwardSlot);
    Scratch a(matrix_detail::scratch<T>(matrix_detail::kBackwardSlot2, y.size()), y.rows(), y.cols());
    a = w * z;
    factor.template triangularView<Eigen::Lower>().transpose().solveInPlace(a);  // a = w L^-T z
    if (y_adjoint) y_adjoint -= a;                                                // d/dy = -L^-T z
    if constexpr (kPerObservation<Mu>) {
      if (mu_adjoint) {                                                           // d/dmu = L^-T z
        if (mu.cols() == y.cols()) {
          mu_adjoint += a;
        } else {
          mu_adjoint += a.rowwise().sum();
        }
      }
    } else {
      add(mu_adjoint, a.array());
    }
    if (factor_adjoint) {
      // d/dL = lower(L^-T z z^T) - n diag(1 / L_kk)
      auto adjoint = factor_adjoint.matrix();
      adjoint.template triangularView<Eigen::Lower>() += a * z.transpose();
      adjoint.diagonal().array() -= T(w * T(static_cast<scalar_of_t<T>>(y.cols()))) / factor.diagonal().array();
      // The strict upper triangle is not read, its partial is 0: w * 0, so that a NaN weight
      // (see LogDensityNode) reaches it as it reaches every other input.
      adjoint.template triangularView<Eigen::StrictlyUpper>() += PlainMatrix<T>::Constant(y.rows(), y.rows(), T(w * T(0)));
    }
  }
};

}  // namespace distributions_detail

template <distributions_detail::Observations Y, distributions_detail::Parameter Mu, class Factor>
auto multi_normal_cholesky_log_pdf(Y&& y, Mu&& mu, Factor&& factor) {
  static_assert(VarDense<Factor> || EigenDense<Factor>,
                "slope::multi_normal_cholesky_log_pdf: L must be the d x d lower-triangular Cholesky factor of "
                "the covariance (a VarMatrix or an Eigen matrix), not a scalar");
  if constexpr (VarDense<Factor> || EigenDense<Factor>) {
    return distributions_detail::evaluate<distributions_detail::MultiNormalCholeskyLogPdf>(
        std::forward<Y>(y), std::forward<Mu>(mu), std::forward<Factor>(factor));
  }
}

}  // namespace slope
