// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Reductions of element-wise expressions to a scalar Var: sum, mean, prod, norm, squared norm,
// dot (a sum of products) and log-sum-exp. Part of slope/reverse/matrix.hpp; include that.
//
// Each records ONE node holding the expression tree (indices, or stored constants): its
// value is one Eigen reduction over the tape's values; its backward pass sends the weights
// w_i = d value / d element_i down the tree, one vectorised pass per active leaf. prod keeps
// nothing and rebuilds the products of the other elements in its backward pass; log-sum-exp
// and the sum of exp(e) keep the exponentials in tape slots, so that exp runs once per element:
//
//     Var s = (x.array() * w.array()).sum();   // backward: adj_x += adj_s * w, adj_w += adj_s * x

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/traits.hpp"
#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"

namespace slope::matrix_detail {

// A reduction of an element-wise expression to a scalar Var: value(values) and the weights
// w = d value / d element sent down the tree in the backward pass. It keeps the reduced value
// (the output's value unless the reducer has `output`, below).
template <class T, class Reducer, class Rec>
class ReductionNode final : public Node<T> {
 public:
  ReductionNode(Rec rec, Eigen::Index rows, Eigen::Index cols, Index out, const T& reduced)
      : rec_(std::move(rec)), rows_(rows), cols_(cols), out_(out), reduced_(reduced) {}
  void backward(Tape<T>& tape) const override {
    const T adjoint = tape.output_adjoint(out_);
    if (is_exact_zero(adjoint)) return;
    const Context<T> ctx{tape.values_data(), tape.adjoint_space(), rows_, cols_};
    Reducer::propagate(ctx, rec_, adjoint, reduced_);
  }

 private:
  Rec rec_;
  Eigen::Index rows_;
  Eigen::Index cols_;
  Index out_;
  T reduced_;
};

// The value of a reduction: the reduced value itself, or a function of it and of the tree's
// scalars when the reducer has `output` (a log-density from its sum of squares: one node
// instead of a node and scalar statements). The node keeps the reduced value for `propagate`.
template <class Reducer, class T, class E>
T reduction_output(const T& reduced, const E& e) {
  if constexpr (requires { Reducer::output(reduced, e); }) {
    return Reducer::output(reduced, e);
  } else {
    return reduced;
  }
}

template <class Reducer, class E>
Var<typename E::value_type> reduce(const E& e) {
  using T = typename E::value_type;
  const Eigen::Index rows = e.rows(), cols = e.cols();
  Tape<T>* tape = recording_tape<T>(e);
  const T reduced = Reducer::value(e.values(Context<T>{tape == nullptr ? nullptr : tape->values_data(), {}, rows, cols}));
  const T value = reduction_output<Reducer>(reduced, e);
  if (tape == nullptr) return Var<T>(value);
  auto rec = e.template record<Reducer::kNeedsValues>(*tape);
  const Index out = tape->new_variable(value);
  tape->template push_node<ReductionNode<T, Reducer, decltype(rec)>>(std::move(rec), rows, cols, out, reduced);
  return Var<T>::on_tape(value, out, tape->epoch());
}

// sum: d sum / d x_i = 1
struct SumReducer {
  static constexpr bool kNeedsValues = false;
  template <class V>
  static auto value(const V& v) {
    return values_sum(v);
  }
  template <class T, class Rec>
  static void propagate(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T&) {
    rec.propagate(ctx, PlainArray<T>::Constant(ctx.rows, ctx.cols, adjoint));
  }
};

// sum(((a - m) / s)^2) with m and s scalars, the plain Eigen spelling of a normal
// log-density's squares, has closed-form partials: with d_i = a_i - m and S the value,
//   dS/da_i = 2 d_i / s^2,   dS/dm = -2 sum_i d_i / s^2,   dS/ds = -2 S / s,
// one backward pass for a (one more when m is active) where the element-wise tree would make
// three, each recomputing (a - m) / s. sum() and squaredNorm() pick this reducer for that tree
// (SumReducerFor); the value is the tree's own.
template <class E>
inline constexpr bool is_standardized_squares_v = false;
template <class A, class M, class S>
inline constexpr bool is_standardized_squares_v<UnaryXpr<rules::Square, BinaryXpr<rules::Divide, BinaryXpr<rules::Subtract, A, M>, S>>> =
    !A::kScalar && M::kScalar && S::kScalar;

struct StandardizedSquaresReducer : SumReducer {  // the value: the sum
  static constexpr bool kNeedsValues = true;
  template <class T, class Rec>
  static void propagate(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T& squares) {
    propagate_squares(ctx, rec, adjoint, squares, T(0));
  }
  // The partials above times `adjoint` (the adjoint of S), and `sigma_term` more into s's
  // adjoint: a function of S and s (the normal log-density) adds its own term in s here.
  template <class T, class Rec>
  static void propagate_squares(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T& squares,
                                const T& sigma_term) {
    const auto& a = rec.a.a.a;  // Square(Divide(Subtract(a, m), s))
    const auto& m = rec.a.a.b;
    const auto& s = rec.a.b;
    const T inverse = T(1) / s.scalar();
    const T scale = T(2) * adjoint * inverse * inverse;
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(a)>, HandleLeaf<T>>) {
      // a's values and adjoints are contiguous: both partials in one pass
      if (a.active() || m.active()) {
        T* const adj_a = a.active() ? ctx.adjoints.at(a.matrix.first()) : nullptr;
        const T sum = add_scaled_deviations(a.values(ctx).data(), adj_a, ctx.rows * ctx.cols, T(m.scalar()), scale);
        if (m.active()) m.propagate(ctx, PlainArray<T>::Constant(1, 1, T(-sum)));
      }
    } else {
      if (a.active()) a.propagate(ctx, (a.values(ctx) - m.scalar()) * scale);
      if (m.active()) m.propagate(ctx, (a.values(ctx) - m.scalar()) * T(-scale));
    }
    if (s.active()) s.propagate(ctx, PlainArray<T>::Constant(1, 1, T(T(-2) * adjoint * squares * inverse + sigma_term)));
  }
};

// The reducer of sum() and squaredNorm() for the tree E.
template <class E>
using SumReducerFor = std::conditional_t<is_standardized_squares_v<E>, StandardizedSquaresReducer, SumReducer>;

// Whether E is exp of an element-wise tree, whose sum is reduce_sum_of_exp (below).
template <class E>
inline constexpr bool is_exp_v = false;
template <class A>
inline constexpr bool is_exp_v<UnaryXpr<rules::Exp, A>> = !A::kScalar;

// mean: d mean / d x_i = 1/n
struct MeanReducer {
  static constexpr bool kNeedsValues = false;
  template <class V>
  static auto value(const V& v) {
    using T = typename V::Scalar;
    return T(values_sum(v) / T(static_cast<scalar_of_t<T>>(v.size())));
  }
  template <class T, class Rec>
  static void propagate(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T&) {
    const T weight = adjoint / T(static_cast<scalar_of_t<T>>(ctx.rows * ctx.cols));
    rec.propagate(ctx, PlainArray<T>::Constant(ctx.rows, ctx.cols, weight));
  }
};

// norm: d |x| / d x_i = x_i / |x|; 0 at x = 0 (the kink, as rules::Hypot at the origin)
struct NormReducer {
  static constexpr bool kNeedsValues = true;
  template <class V>
  static auto value(const V& v) {
    using std::sqrt;
    using T = typename V::Scalar;
    return T(sqrt(T(v.square().sum())));
  }
  template <class T, class Rec>
  static void propagate(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T& norm) {
    if (is_exact_zero(norm)) return;
    rec.propagate(ctx, T(adjoint / norm) * rec.values(ctx));
  }
};

// stableNorm: the same norm and derivative, its value computed as s sqrt(sum (x_i / s)^2)
// with s = max |x_i| (a constant, which cancels), so that the squares neither overflow nor
// underflow: |(1e200, 1e200)| is 1.41e200, not inf.
struct StableNormReducer {
  static constexpr bool kNeedsValues = true;
  template <class V>
  static auto value(const V& v) {
    using std::abs;
    using std::sqrt;
    using T = typename V::Scalar;
    scalar_of_t<T> scale = 0;
    for (Eigen::Index j = 0; j < v.cols(); ++j) {
      for (Eigen::Index i = 0; i < v.rows(); ++i) scale = std::max(scale, std::abs(passive_value(v(i, j))));
    }
    if (scale == 0 || !std::isfinite(scale)) return NormReducer::value(v);
    return T(T(scale) * sqrt(T((v / T(scale)).square().sum())));
  }
  template <class T, class Rec>
  static void propagate(const Context<T>& ctx, const Rec& rec, const T& adjoint, const T& norm) {
    NormReducer::propagate(ctx, rec, adjoint, norm);
  }
};

// The largest element by value; only a shift for log-sum-exp and softmax, so its derivative
// does not matter.
template <class V>
scalar_of_t<typename V::Scalar> max_value(const V& v) {
  using S = scalar_of_t<typename V::Scalar>;
  if constexpr (std::is_same_v<S, typename V::Scalar>) {
    return v.maxCoeff();
  } else {
    S best = -std::numeric_limits<S>::infinity();
    for (Eigen::Index j = 0; j < v.cols(); ++j) {
      for (Eigen::Index i = 0; i < v.rows(); ++i) best = std::max(best, passive_value(v(i, j)));
    }
    return best;
  }
}

// A reduction whose weights are exponentials kept from its forward pass, times a constant:
// log-sum-exp (exp(x_i - m) / sum_j exp(x_j - m), the softmax) and sum(exp(e)) (exp(e_i)).
// The exponentials sit in tape slots, so that exp runs once per element, not again in the
// backward pass. Backward: adj_e += adj * scale * stored.
template <class T, class Rec>
class StoredExponentialsNode final : public Node<T> {
 public:
  StoredExponentialsNode(Rec rec, Eigen::Index rows, Eigen::Index cols, Index out, Index exps, const T& scale)
      : rec_(std::move(rec)), rows_(rows), cols_(cols), out_(out), exps_(exps), scale_(scale) {}
  void backward(Tape<T>& tape) const override {
    const T adjoint = tape.output_adjoint(out_);
    if (is_exact_zero(adjoint)) return;
    const Context<T> ctx{tape.values_data(), tape.adjoint_space(), rows_, cols_};
    rec_.propagate(ctx, T(adjoint * scale_) * ValueMap<T>(tape.values_data() + exps_, rows_, cols_));
  }

 private:
  Rec rec_;
  Eigen::Index rows_;
  Eigen::Index cols_;
  Index out_;
  Index exps_;
  T scale_;
};

// exp(e_i - shift) for the elements of e, in n new tape slots (the scratch when nothing is
// recorded), and their sum. The slots' adjoints are never read, so they are not zeroed.
// Left to the compiler to inline: forced into reduce_log_sum_exp, g++ 12 made its exp loop
// two instructions per element costlier (callgrind, n = 1024: 70890 -> 72913 per gradient).
template <class T>
struct Exponentials {
  Index first;  // the slots' index on the tape; kNoIndex when nothing is recorded
  T total;
};
template <class E, class T = typename E::value_type>
Exponentials<T> store_exponentials(Tape<T>* tape, const E& e, const T& shift) {
  const Eigen::Index rows = e.rows(), cols = e.cols();
  const auto [first, out, values] = result_slots(tape, rows * cols, /*zero_adjoints=*/false);
  Eigen::Map<PlainArray<T>> exps(out, rows, cols);
  exps = e.values(Context<T>{values, {}, rows, cols}) - shift;
  exp_in_place(out, rows * cols);
  return {first, T(values_sum(exps))};
}

// The node of a reduction by stored exponentials, its output a new variable of value `value`.
template <class E, class T = typename E::value_type>
SLOPE_ALWAYS_INLINE Var<T> record_stored_exponentials(Tape<T>& tape, const E& e, const T& value, Index exps, const T& scale) {
  auto rec = e.template record<false>(tape);
  const Index out = tape.new_variable(value);
  tape.template push_node<StoredExponentialsNode<T, decltype(rec)>>(std::move(rec), e.rows(), e.cols(), out, exps, scale);
  return Var<T>::on_tape(value, out, tape.epoch());
}

// log-sum-exp: lse = m + ln sum exp(x_i - m) with m = max x_i, so nothing overflows;
// d lse / d x_i = exp(x_i - lse), the softmax weights: adj_x += adj * exp(x - m) / sum.
template <class E>
Var<typename E::value_type> reduce_log_sum_exp(const E& e) {
  using T = typename E::value_type;
  using S = scalar_of_t<T>;
  using std::log;
  Tape<T>* tape = recording_tape<T>(e);
  // the maximum read before the exponentials' slots are allocated, which may move the values
  const S m = e.rows() * e.cols() == 0
                  ? -std::numeric_limits<S>::infinity()
                  : max_value(e.values(Context<T>{tape == nullptr ? nullptr : tape->values_data(), {}, e.rows(), e.cols()}));
  // value = m + ln sum exp(x_i - m); when m is not finite (+inf, NaN, or every x_i = -inf)
  // the value is m and the weights follow the formula exp(x_i - lse).
  const bool finite = std::isfinite(m);
  const Exponentials<T> exps = store_exponentials(tape, e, T(m));
  const T total = finite ? exps.total : T(1);
  const T value = finite ? T(T(m) + log(total)) : T(m);
  if (tape == nullptr) return Var<T>(value);
  return record_stored_exponentials(*tape, e, value, exps.first, T(T(1) / total));
}

// sum(exp(e)), the plain Eigen spelling x.array().exp().sum() (as in log(x.array().exp().sum())):
// d/de_i = exp(e_i), the exponentials of the forward pass kept, where the element-wise tree
// would compute exp(e_i) again for its derivative. No shift: the value overflows where the
// spelling does, and slope::log_sum_exp is the form that does not.
template <class E>
Var<typename E::value_type> reduce_sum_of_exp(const E& e) {
  using T = typename E::value_type;
  Tape<T>* tape = recording_tape<T>(e);
  const Exponentials<T> exps = store_exponentials(tape, e, T(0));
  if (tape == nullptr) return Var<T>(exps.total);
  return record_stored_exponentials(*tape, e, exps.total, exps.first, T(1));
}

// sum() of the tree E: of an exponential by its stored exponentials, otherwise by the reducer
// SumReducerFor picks.
template <class E>
Var<typename E::value_type> reduce_sum(const E& e) {
  if constexpr (is_exp_v<E>) {
    return reduce_sum_of_exp(e.a);
  } else {
    return reduce<SumReducerFor<E>>(e);
  }
}

// others[i] = values[0] * ... * values[i - 1]
template <class T>
void prefix_products(const T* values, T* others, Eigen::Index n) {
  T prefix(1);
  for (Eigen::Index i = 0; i < n; ++i) {
    others[i] = prefix;
    prefix *= values[i];
  }
}

// prod: d prod / d x_i = the product of the other elements. Where the product p is finite
// and not zero (so is every element), that is p / x_i: one vectorised pass. Otherwise (a
// zero, an infinity, an overflow or underflow) it is formed by prefix and suffix products,
// which need no division: two sequential passes.
template <class T, class Rec>
class ProductReductionNode final : public Node<T> {
 public:
  ProductReductionNode(Rec rec, Eigen::Index rows, Eigen::Index cols, Index out, const T& product)
      : rec_(std::move(rec)), rows_(rows), cols_(cols), out_(out), product_(product) {}
  void backward(Tape<T>& tape) const override {
    const T adjoint = tape.output_adjoint(out_);
    if (is_exact_zero(adjoint)) return;
    const Context<T> ctx{tape.values_data(), tape.adjoint_space(), rows_, cols_};
    const auto p = passive_value(product_);
    if (std::isfinite(p) && p != 0) {
      // xbar_i += adjoint p / x_i
      const T scaled = adjoint * product_;
      rec_.propagate(ctx, scaled / rec_.values(ctx));
      return;
    }
    const Eigen::Index n = rows_ * cols_;
    T* others = scratch<T>(kBackwardSlot2, n);
    if constexpr (std::is_same_v<Rec, HandleLeaf<T>>) {
      // The product of a matrix's elements: its values read in place, and the suffix pass
      // adds to the adjoints directly.
      const T* values = rec_.matrix.data(ctx.values);
      prefix_products(values, others, n);
      T* adjoints = ctx.adjoints.at(rec_.matrix.first());
      T suffix(1);
      for (Eigen::Index i = n; i-- > 0;) {
        adjoints[i] += adjoint * T(others[i] * suffix);
        suffix *= values[i];
      }
    } else {
      T* values = scratch<T>(kBackwardSlot, n);
      Eigen::Map<PlainArray<T>>(values, rows_, cols_) = rec_.values(ctx);
      prefix_products(values, others, n);
      T suffix(1);
      for (Eigen::Index i = n; i-- > 0;) {
        others[i] *= suffix;
        suffix *= values[i];
      }
      rec_.propagate(ctx, adjoint * ValueMap<T>(others, rows_, cols_));
    }
  }

 private:
  Rec rec_;
  Eigen::Index rows_;
  Eigen::Index cols_;
  Index out_;
  T product_;
};

template <class E>
Var<typename E::value_type> reduce_product(const E& e) {
  using T = typename E::value_type;
  const Eigen::Index rows = e.rows(), cols = e.cols();
  Tape<T>* tape = recording_tape<T>(e);
  const T value = e.values(Context<T>{tape == nullptr ? nullptr : tape->values_data(), {}, rows, cols}).prod();
  if (tape == nullptr) return Var<T>(value);
  auto rec = e.template record<true>(*tape);
  const Index out = tape->new_variable(value);
  tape->template push_node<ProductReductionNode<T, decltype(rec)>>(std::move(rec), rows, cols, out, value);
  return Var<T>::on_tape(value, out, tape->epoch());
}

}  // namespace slope::matrix_detail
