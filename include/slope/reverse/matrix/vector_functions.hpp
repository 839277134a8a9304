// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Vector functions for machine learning and statistics on active vectors, each one node.
// Part of slope/reverse/matrix.hpp; include that header.
//
//   log_sum_exp(x) = m + ln sum exp(x_i - m), m = max x_i        d/dx_i = softmax(x)_i
//   softmax(x)_i   = exp(x_i - m) / sum_j exp(x_j - m)           xbar += y (ybar - ybar.y)
//   normal_log_pdf(y, mu, sigma) = sum_i -z_i^2/2 - ln sigma - ln(2 pi)/2,  z_i = (y_i - mu)/sigma
//
// Each is one node on active matrices; the same names work on plain Eigen matrices of double
// or of Dual (slope/core/eigen_functions.hpp, and here sigmoid, softplus, relu of matrices),
// so that one generic body compiles for all three:
//
//     auto f = [](const auto& x) { return slope::log_sum_exp(x) + slope::sigmoid(x.array()).sum(); };

#include <cmath>
#include <limits>
#include <numbers>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/eigen_functions.hpp"
#include "slope/core/functions.hpp"
#include "slope/core/traits.hpp"
#include "slope/reverse/matrix/custom_node.hpp"
#include "slope/reverse/matrix/reductions.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"

namespace slope {

// ---------------------------------------------------------------- log_sum_exp and softmax

// log(sum(exp(x))) over all elements, without overflow; one node.
template <VarDense X>
Var<var_value_t<X>> log_sum_exp(X&& x) {
  return matrix_detail::reduce_log_sum_exp(matrix_detail::leaf_of<var_value_t<X>>(std::forward<X>(x)));
}

namespace matrix_detail {

// y = softmax(x). Backward: xbar += y (ybar - sum_j ybar_j y_j).
template <class T>
class SoftmaxNode final : public Node<T> {
 public:
  SoftmaxNode(Index source, Eigen::Index rows, Eigen::Index cols, Index out)
      : source_(source), rows_(rows), cols_(cols), out_(out) {}
  void backward(Tape<T>& tape) const override {
    const ValueMap<T> y(tape.values_data() + out_, rows_, cols_);
    const ValueMap<T> y_bar(tape.output_adjoints(out_), rows_, cols_);
    const T weighted = (y_bar * y).sum();
    AdjointMap<T>(tape.adjoint_space().at(source_), rows_, cols_) += y * (y_bar - weighted);
  }

 private:
  Index source_;
  Eigen::Index rows_, cols_;
  Index out_;
};

// out = softmax(v), shifted by the largest element; out may not overlap v.
template <class T>
void softmax_into(const ValueMap<T>& v, T* out) {
  Eigen::Map<PlainArray<T>> e(out, v.rows(), v.cols());
  e = v - T(max_value(v));
  exp_in_place(out, v.size());
  e /= T(e.sum());
}

}  // namespace matrix_detail

// exp(x_i) / sum_j exp(x_j) over all elements, shifted by the maximum; one node.
template <VarDense X>
VarMatrix<var_value_t<X>> softmax(X&& x) {
  using T = var_value_t<X>;
  const VarMatrix<T> v = matrix_detail::materialize(matrix_detail::leaf_of<T>(std::forward<X>(x)));
  const Eigen::Index rows = v.rows(), cols = v.cols();
  if (v.size() == 0) return v;
  Tape<T>* tape = v.is_active() ? &active_tape<T>() : nullptr;
  if (tape != nullptr) v.check_tape(*tape);
  const auto [first, out, values] = matrix_detail::result_slots(tape, v.size());
  matrix_detail::softmax_into(matrix_detail::ValueMap<T>(v.data(values), rows, cols), out);
  if (tape == nullptr) return VarMatrix<T>::constant(matrix_detail::MatrixMap<T>(out, rows, cols));
  tape->template push_node<matrix_detail::SoftmaxNode<T>>(v.first(), rows, cols, first);
  return VarMatrix<T>::on_tape(first, rows, cols, tape->epoch());
}

// ---------------------------------------------------------------- the plain-Eigen versions

// log_sum_exp, softmax, normal_log_pdf and the array versions of sigmoid, softplus and relu
// for plain Eigen objects (double or Dual) are in slope/core/eigen_functions.hpp; the matrix
// versions of the element-wise three complete them here, so that a generic body may apply
// them to x as well as to x.array(), as it may on a VarVector.
template <class D>
auto sigmoid(const Eigen::MatrixBase<D>& x) {
  return x.derived().unaryExpr([](const typename D::Scalar& v) { return typename D::Scalar(slope::sigmoid(v)); });
}
template <class D>
auto softplus(const Eigen::MatrixBase<D>& x) {
  return x.derived().unaryExpr([](const typename D::Scalar& v) { return typename D::Scalar(slope::softplus(v)); });
}
template <class D>
auto relu(const Eigen::MatrixBase<D>& x) {
  return x.derived().unaryExpr([](const typename D::Scalar& v) { return typename D::Scalar(slope::relu(v)); });
}

// ---------------------------------------------------------------- normal_log_pdf

namespace matrix_detail {

// The normal log-density summed over a vector, a custom node with closed-form partials:
//   f = sum_i -z_i^2/2 - n ln sigma - n ln(2 pi)/2,  z_i = (y_i - mu_i) / sigma
//   df/dy_i = -z_i/sigma,  df/dmu_i = z_i/sigma (summed for a scalar mu),
//   df/dsigma = (sum_i z_i^2 - n) / sigma
// mu is a scalar (Mean = T) or a vector of y's size (Mean = MatrixInput<T>).
template <class T>
struct NormalLogPdf {
  static constexpr double kHalfLogTwoPi = 0.91893853320467274178;  // ln(2 pi) / 2

  // z = (y - mu) * (1 / sigma): one division per call instead of one per element (a vector
  // division costs several multiplications; at n = 1024 the divisions were most of a pass).
  static auto standardized(const MatrixInput<T>& y, const T& mu, const T& inverse_sigma) {
    return (y.array() - mu) * inverse_sigma;
  }
  static auto standardized(const MatrixInput<T>& y, const MatrixInput<T>& mu, const T& inverse_sigma) {
    check_sizes(mu.rows() == y.rows() && mu.cols() == y.cols(), "slope::normal_log_pdf", y.rows(), y.cols(), mu.rows(),
                mu.cols(), "mu must be a scalar or have y's size");
    return (y.array() - mu.array()) * inverse_sigma;
  }
  static T count(const MatrixInput<T>& y) { return T(static_cast<scalar_of_t<T>>(y.size())); }

  // The density from sum_i z_i^2 and ln sigma, R = T here and Var<T> in normal_log_pdf's
  // element-wise spelling: the one place the formula is written.
  template <class R>
  static R from_squares(const R& squares, const R& log_sigma, scalar_of_t<T> n) {
    using Number = scalar_of_t<T>;  // constants of any T (a Dual times a Var<Dual> would not compile)
    return R(Number(-0.5) * squares - n * (log_sigma + Number(kHalfLogTwoPi)));
  }

  template <class Mean>
  T value(const MatrixInput<T>& y, const Mean& mu, const T& sigma) const {
    using std::log;
    const T squares = standardized(y, mu, T(T(1) / sigma)).square().sum();
    return from_squares(squares, T(log(sigma)), static_cast<scalar_of_t<T>>(y.size()));
  }
  // sum z_i^2 is recovered from the value (one pass fewer); sum z_i costs one pass.
  template <class Mean, class MeanAdjoint>
  void vjp(const T& adjoint, const T& value, const MatrixInput<T>& y, const Mean& mu, const T& sigma,
           MatrixAdjoint<T> y_adjoint, MeanAdjoint mu_adjoint, ScalarAdjoint<T> sigma_adjoint) const {
    using std::log;
    const T inverse_sigma = T(1) / sigma;
    const T scale = adjoint * inverse_sigma;
    const auto z = standardized(y, mu, inverse_sigma);
    if (y_adjoint) y_adjoint += -scale * z;
    if constexpr (std::is_same_v<Mean, T>) {
      if (mu_adjoint) mu_adjoint += scale * T(z.sum());
    } else {
      if (mu_adjoint) mu_adjoint += scale * z;
    }
    if (sigma_adjoint) {
      const T n = count(y);
      const T squares = T(-2) * (value + n * (log(sigma) + T(kHalfLogTwoPi)));
      sigma_adjoint += scale * (squares - n);
    }
  }
};

// The density of an active y around a scalar mean as one reduction node: the tree
// ((y - mu) / sigma)^2 reduced to S = sum_i z_i^2 (StandardizedSquaresReducer), its output
// from_squares(S, ln sigma, n) = -S/2 - n (ln sigma + ln(2 pi)/2). Backward: S's partials
// times df/dS = -1/2, and sigma's own term df/dsigma = -n / sigma. No scalar statements
// around the node: at n = 16 they were a fifth of the call.
struct NormalDensityReducer : StandardizedSquaresReducer {
  template <class T, class E>
  static T output(const T& squares, const E& e) {
    using std::log;
    const T& sigma = e.a.b.scalar();  // Square(Divide(Subtract(y, mu), sigma))
    return NormalLogPdf<T>::from_squares(squares, T(log(sigma)), static_cast<scalar_of_t<T>>(e.rows() * e.cols()));
  }
  template <class T, class Rec>
  static void propagate(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T& squares) {
    const T n(static_cast<scalar_of_t<T>>(ctx.rows * ctx.cols));
    propagate_squares(ctx, rec, T(T(-0.5) * adjoint), squares, T(-adjoint * n / rec.a.b.scalar()));
  }
};

}  // namespace matrix_detail

// sum_i log N(y_i | mu_i, sigma) for a vector y, a mean mu (a scalar, or a vector of y's size)
// and a scalar sigma > 0, when any argument is active: y and a vector mu VarVectors, their
// expressions or Eigen vectors; a scalar mu and sigma Vars, scalar expressions of Vars, or
// numbers. One custom node, except for an active y with a scalar mean (below). (All plain,
// double or Dual: slope/core/eigen_functions.hpp.)
template <class Y, class M, class S>
  requires(VarDense<Y> || EigenDense<Y>) && (ScalarOperand<M> || VarDense<M> || EigenDense<M>) && ScalarOperand<S> &&
          (!std::is_void_v<typename matrix_detail::custom_value<Y, M, S>::type>)
auto normal_log_pdf(Y&& y, M&& mu, S&& sigma) {
  using T = typename matrix_detail::custom_value<Y, M, S>::type;
  if constexpr (VarDense<Y> && ScalarOperand<M>) {
    // An active y around a scalar mean: the element-wise spelling's sum of squares, one node
    // with closed-form partials that also applies the density's formula (NormalDensityReducer):
    // one backward pass for y, none for sigma (0.33 us at n = 1024, as the custom node on data
    // y). The same numbers: z = (y - mu) * (1 / sigma). sigma is evaluated once (an
    // expression named twice would be computed twice).
    const Var<T> s(std::forward<S>(sigma));
    const auto squares = ((y.array() - std::forward<M>(mu)) / s).square();
    return matrix_detail::reduce<matrix_detail::NormalDensityReducer>(squares.node());
  } else {
    return custom_node(matrix_detail::NormalLogPdf<T>{}, std::forward<Y>(y), std::forward<M>(mu), std::forward<S>(sigma));
  }
}

}  // namespace slope
