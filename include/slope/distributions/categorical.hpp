// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The categorical distribution over K categories by its logits beta (p = softmax(beta)),
// summed over the observations:
//
//   categorical_logit_log_pmf(y, beta) = sum_i beta[y_i] - ln sum_k exp(beta[k])
//
// y holds category indices 0 .. K-1 (data: an Eigen vector of int or double; anything else
// gives -inf). beta is a vector of K logits shared by every observation, or a K x n matrix with
// one column per observation (multinomial regression: beta = W X); a VarMatrix or an Eigen
// matrix. The log-sum-exp is shifted by the largest logit, so large logits do not overflow;
// d/dbeta = (count of each category) - n softmax(beta), or per column e_{y_i} - softmax.
// Domain: no logit NaN or +inf (else NaN); -inf logits are categories of probability 0.
//
//     Eigen::VectorXi classes = ...;  Eigen::MatrixXd X = ...;   // X: features x observations
//     auto f = [&](const auto& w) { return slope::categorical_logit_log_pmf(classes, w.reshaped(K, p) * X); };
//     Eigen::VectorXd g = slope::gradient(f, w0);

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "slope/distributions/evaluate.hpp"

namespace slope {

namespace distributions_detail {

template <class T>
struct CategoricalLogitLogPmf {
  using Scalar = T;
  static constexpr const char* kName = "slope::categorical_logit_log_pmf";

  static void check(const Input<T>& y, const Input<T>& beta) {
    if (beta.cols() != 1 && beta.cols() != y.size()) [[unlikely]] {
      throw std::invalid_argument(std::string(kName) + ": beta is " + matrix_detail::size_text(beta.rows(), beta.cols()) +
                                  " but y holds " + std::to_string(y.size()) +
                                  " observations; beta must be a vector of logits or have one column per observation");
    }
  }

  // f(i, category) for each observation i (y in column-major order), the category a plain number.
  template <class F>
  static void for_each_observation(const Input<T>& y, F f) {
    Eigen::Index i = 0;
    for (Eigen::Index c = 0; c < y.cols(); ++c) {
      for (Eigen::Index r = 0; r < y.rows(); ++r) f(i++, passive_value(y(r, c)));
    }
  }

  // ln sum_k exp(beta_k) over a column, shifted by its largest (plain) value; the exponentials
  // exp(beta_k - shift) are left in `e`, their sum returned through `sum`.
  template <class Column, class Exponentials>
  static T log_sum_exp(const Column& column, Exponentials& e, T& sum) {
    using std::log;
    double shift = -kInfinity;
    for (Eigen::Index k = 0; k < column.size(); ++k) shift = std::fmax(shift, passive_value(column(k)));
    e = exp_of(column.array() - T(shift));
    sum = T(e.sum());
    if (std::isinf(shift)) return T(shift);  // every logit -inf: no category is possible
    return T(shift + log(sum));
  }

  static T log_density(const Input<T>& y, const Input<T>& beta) {
    check(y, beta);
    const Eigen::Index categories = beta.rows();
    if (any(beta, [](double v) { return std::isnan(v) || v == kInfinity; }) || any(y, is_nan)) {
      return nan_like<T>();
    }
    if (any(y, [categories](double v) { return not_a_count(v) || v >= static_cast<double>(categories); })) {
      return T(-kInfinity);
    }
    if (y.size() == 0) return T(0);
    auto e = scratch_array<T>(matrix_detail::kBackwardSlot, categories, 1);
    T sum(0), total(0);
    const bool shared = beta.cols() == 1;
    if (shared) total = T(-T(static_cast<scalar_of_t<T>>(y.size())) * log_sum_exp(beta.col(0), e, sum));
    for_each_observation(y, [&](Eigen::Index i, double category) {
      const Eigen::Index column = shared ? 0 : i;
      total += beta(static_cast<Eigen::Index>(category), column);
      if (!shared) total -= log_sum_exp(beta.col(column), e, sum);
    });
    return total;
  }

  static void add_partials(const T& w, const Input<T>& y, const Input<T>& beta, MatrixAdjoint<T>,
                           MatrixAdjoint<T> beta_adjoint) {
    if (!beta_adjoint) return;
    const Eigen::Index categories = beta.rows();
    auto adjoint = beta_adjoint.matrix();
    auto e = scratch_array<T>(matrix_detail::kBackwardSlot, categories, 1);
    T sum(0);
    const bool shared = beta.cols() == 1;
    // d/dbeta_k = [y_i = k] - softmax(beta)_k, summed over the observations sharing beta
    if (shared && y.size() > 0) {
      log_sum_exp(beta.col(0), e, sum);
      adjoint.col(0).array() -= T(w * T(static_cast<scalar_of_t<T>>(y.size()))) * e / sum;
    }
    for_each_observation(y, [&](Eigen::Index i, double category) {
      const Eigen::Index column = shared ? 0 : i;
      if (!shared) {
        log_sum_exp(beta.col(column), e, sum);
        adjoint.col(column).array() -= w * e / sum;
      }
      if (category >= 0 && category < static_cast<double>(categories)) {  // not so only when the value is NaN
        adjoint(static_cast<Eigen::Index>(category), column) += w;
      }
    });
  }
};

}  // namespace distributions_detail

template <class Categories, class Logits>
auto categorical_logit_log_pmf(Categories&& y, Logits&& beta) {
  static_assert(distributions_detail::DataVector<Categories>,
                "slope::categorical_logit_log_pmf: the categories y are data, not variables; give them as an "
                "Eigen vector of int or double holding indices 0 .. K-1");
  static_assert(VarDense<Logits> || EigenDense<Logits>,
                "slope::categorical_logit_log_pmf: beta must be a vector of K logits, or a K x n matrix with one "
                "column per observation, not a scalar");
  if constexpr (distributions_detail::DataVector<Categories> && (VarDense<Logits> || EigenDense<Logits>)) {
    return distributions_detail::evaluate<distributions_detail::CategoricalLogitLogPmf>(std::forward<Categories>(y),
                                                                                        std::forward<Logits>(beta));
  }
}

}  // namespace slope
