// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Element-wise expressions over active matrices: the matrix-level "compile-time tape".
// Part of slope/reverse/matrix.hpp; include that header.
//
// `(x.array() - 1.0).square().sum()` with x a slope::VarVector records nothing until the
// sum: `x.array() - 1.0` and `.square()` build a lazy tree (a VarXpr) whose type is the whole
// expression, like an Eigen expression or a scalar slope expression. A reduction (sum, mean,
// prod, norm, dot, log_sum_exp) or an evaluation into a VarMatrix then records ONE node:
//   forward:  the value, one vectorised Eigen pass over the tape's values;
//   backward: for each active leaf, one vectorised pass adj_leaf += w * (chain of partials),
//             the partials coming from the rules of slope/core/rules.hpp.
// Intermediate values are recomputed in the backward pass rather than stored, so an
// element-wise expression costs no tape memory beyond its result; `.eval()` stores one
// (worth it before a reduction that reuses an expensive intermediate many times). The result
// itself is on the tape, so the outermost function's derivative reads it there when the rule
// needs f(x) (exp' = exp, sqrt' = 1 / (2 sqrt)): `(W * x + b).array().exp()` calls exp once per element.
// The leaves of these trees are in operands.hpp, the reductions in reductions.hpp, the
// user-facing interface in interface.hpp.
//
//     auto y = (x.array() * w.array()).exp();    // nothing recorded yet (w: a VarVector)
//     slope::Var<double> s = y.sum();            // one node; its backward updates adj_x, adj_w

#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/rules.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/tape.hpp"

namespace slope::matrix_detail {
// ---------------------------------------------------------------- nodes

template <class Rule>
inline constexpr bool is_linear_rule_v =
    std::is_same_v<Rule, rules::Add> || std::is_same_v<Rule, rules::Subtract>;

template <class Rule, class A>
struct UnaryXpr {
  using T = typename A::value_type;
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kZero = rules::ZeroDerivativeRule<Rule>;
  static constexpr bool kMayBeActive = A::kMayBeActive && !kZero;
  A a;

  Eigen::Index rows() const { return a.rows(); }
  Eigen::Index cols() const { return a.cols(); }
  bool active() const {
    if constexpr (kMayBeActive) {
      return a.active();
    } else {
      return false;
    }
  }
  void check(const Tape<T>& tape) const { a.check(tape); }
  template <bool kNeeded>
  auto record(Tape<T>& tape) const {
    auto ra = a.template record<!kZero>(tape);
    return UnaryXpr<Rule, decltype(ra)>{std::move(ra)};
  }
  auto values(const Context<T>& ctx) const { return a.values(ctx).unaryExpr(RuleValue<Rule, T>{}); }
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    if constexpr (kMayBeActive) {
      // adj_a += w * f'(a)
      if (a.active()) a.propagate(ctx, weight.binaryExpr(a.values(ctx), WeightedDerivative<Rule, T>{}));
    }
  }
  // The same when f(a) is known (stored on the tape as a node's result): rules whose
  // derivative reads f(a) (exp, sqrt, tan, ...) take it instead of computing it again.
  template <class W, class F>
  void propagate_given_value(const Context<T>& ctx, const W& weight, const F& value) const {
    if constexpr (kMayBeActive && kBoundedValueForm<Rule>) {
      // tanh: 1 - t^2 from the stored values a packet at a time, x computed only for the
      // elements beyond the bound (weighted_bounded_derivative); weight and values are the
      // node's contiguous arrays.
      if (a.active()) {
        const auto x = a.values(ctx);
        const Eigen::internal::evaluator<std::remove_const_t<decltype(x)>> x_coefficients(x);
        const Eigen::Index rows = value.rows();
        const auto x_at = [&x_coefficients, rows](Eigen::Index i) { return T(x_coefficients.coeff(i % rows, i / rows)); };
        const EvaluatedWeight<T> partial(value.rows(), value.cols(), [&](T* out) {
          weighted_bounded_derivative<Rule>(weight.data(), value.data(), out, value.size(), x_at);
        });
        a.propagate(ctx, partial.array());
        return;
      }
    }
    if constexpr (kMayBeActive && kDerivativeUsesValue<Rule>) {
      if (a.active()) a.propagate(ctx, ternary_expr(weight, a.values(ctx), value, WeightedDerivativeGivenValue<Rule, T>{}));
    } else {
      propagate(ctx, weight);
    }
  }
};

template <class Rule, class A, class B>
struct BinaryXpr {
  using T = typename std::conditional_t<A::kScalar, B, A>::value_type;
  using value_type = T;
  static constexpr bool kScalar = false;
  static constexpr bool kMayBeActive = A::kMayBeActive || B::kMayBeActive;
  A a;
  B b;

  Eigen::Index rows() const {
    if constexpr (A::kScalar) {
      return b.rows();
    } else {
      return a.rows();
    }
  }
  Eigen::Index cols() const {
    if constexpr (A::kScalar) {
      return b.cols();
    } else {
      return a.cols();
    }
  }
  bool active() const { return (A::kMayBeActive && a.active()) || (B::kMayBeActive && b.active()); }
  void check(const Tape<T>& tape) const {
    a.check(tape);
    b.check(tape);
  }
  // The backward pass of + and - reads no operand values: those are needed only if a parent's is.
  template <bool kNeeded>
  auto record(Tape<T>& tape) const {
    constexpr bool kChildrenNeeded = is_linear_rule_v<Rule> ? kNeeded : true;
    auto ra = a.template record<kChildrenNeeded>(tape);
    auto rb = b.template record<kChildrenNeeded>(tape);
    return BinaryXpr<Rule, decltype(ra), decltype(rb)>{std::move(ra), std::move(rb)};
  }
  // Add, Subtract, Multiply and Divide use Eigen's vectorised operators; their formulas are
  // those of rules::Add, ...: d(x + y) = dx + dy, d(xy) = y dx + x dy, d(x/y) = dx/y - x dy/y^2.
  // An array divided by a scalar is multiplied by its reciprocal (ScalarDivisor).
  auto values(const Context<T>& ctx) const {
    if constexpr (std::is_same_v<Rule, rules::Add>) {
      return a.values(ctx) + b.values(ctx);
    } else if constexpr (std::is_same_v<Rule, rules::Subtract>) {
      return a.values(ctx) - b.values(ctx);
    } else if constexpr (std::is_same_v<Rule, rules::Multiply>) {
      return a.values(ctx) * b.values(ctx);
    } else if constexpr (std::is_same_v<Rule, rules::Divide> && B::kScalar) {
      return ScalarDivisor<T>(b.scalar()).divide(a.values(ctx));
    } else if constexpr (std::is_same_v<Rule, rules::Divide>) {
      return a.values(ctx) / b.values(ctx);
    } else {
      return a.values(ctx).binaryExpr(b.values(ctx), BinaryRuleValue<Rule, T>{});
    }
  }
  template <class W>
  void propagate(const Context<T>& ctx, const W& weight) const {
    if constexpr (A::kMayBeActive && B::kMayBeActive && kCostlyWeight<W>) {
      if (a.active() && b.active()) {  // both sides read the weight: evaluate it once
        const EvaluatedWeight<T> evaluated(weight);
        propagate(ctx, evaluated.array());
        return;
      }
    }
    if constexpr (A::kMayBeActive) {
      if (a.active()) {
        if constexpr (is_linear_rule_v<Rule>) {
          a.propagate(ctx, weight);
        } else if constexpr (std::is_same_v<Rule, rules::Multiply>) {
          a.propagate(ctx, weight * b.values(ctx));
        } else if constexpr (std::is_same_v<Rule, rules::Divide> && B::kScalar) {
          a.propagate(ctx, ScalarDivisor<T>(b.scalar()).divide(weight));
        } else if constexpr (std::is_same_v<Rule, rules::Divide>) {
          a.propagate(ctx, weight / b.values(ctx));
        } else {
          a.propagate(ctx, weight.binaryExpr(a.values(ctx).binaryExpr(b.values(ctx), BinaryRulePartial<Rule, T, true>{}),
                                             GuardedProduct<T>{}));
        }
      }
    }
    if constexpr (B::kMayBeActive) {
      if (b.active()) {
        if constexpr (std::is_same_v<Rule, rules::Add>) {
          b.propagate(ctx, weight);
        } else if constexpr (std::is_same_v<Rule, rules::Subtract>) {
          b.propagate(ctx, -weight);
        } else if constexpr (std::is_same_v<Rule, rules::Multiply>) {
          b.propagate(ctx, weight * a.values(ctx));
        } else if constexpr (std::is_same_v<Rule, rules::Divide> && B::kScalar) {
          // d(x / s)/ds = -(x / s) / s, x / s being this node's values
          b.propagate(ctx, -ScalarDivisor<T>(b.scalar()).divide(weight * values(ctx)));
        } else if constexpr (std::is_same_v<Rule, rules::Divide>) {
          b.propagate(ctx, -(weight * a.values(ctx)) / b.values(ctx).square());
        } else {
          b.propagate(ctx, weight.binaryExpr(a.values(ctx).binaryExpr(b.values(ctx), BinaryRulePartial<Rule, T, false>{}),
                                             GuardedProduct<T>{}));
        }
      }
    }
  }
};

// ---------------------------------------------------------------- recording

// The tape an expression records onto: the active tape, checked against every active leaf
// (debug builds). nullptr when nothing in the expression is active.
template <class T, class E>
Tape<T>* recording_tape(const E& e) {
  if (!e.active()) return nullptr;
  Tape<T>& tape = active_tape<T>();
  e.check(tape);
  return &tape;
}

// Where a node's result of `count` values is written: `count` new tape slots, computed in
// place, when recording (tape != nullptr); else this thread's scratch array, for a passive
// result. The allocation may move the tape's values, so the operands are read through the
// `values` returned here, taken after it. zero_adjoints = false for slots that only store
// values for the node's backward pass (no Var refers to them, nothing reads their adjoints).
template <class T>
struct ResultSlots {
  Index first;       // kNoIndex for a passive result
  T* out;            // the result's values go here
  const T* values;   // the tape's values after the allocation; nullptr for a passive result
};
template <class T>
ResultSlots<T> result_slots(Tape<T>* tape, Eigen::Index count, bool zero_adjoints = true) {
  if (tape == nullptr) return {kNoIndex, scratch<T>(kOutputSlot, count), nullptr};
  const Index first = tape->allocate_variables(static_cast<std::size_t>(count), zero_adjoints);
  return {first, tape->values_data() + first, tape->values_data()};
}

// Evaluates an element-wise expression into a new VarMatrix: one node whose backward pass
// sends the result's adjoint down the tree.
template <class T, class Rec>
class ElementwiseNode final : public Node<T> {
 public:
  ElementwiseNode(Rec rec, Eigen::Index rows, Eigen::Index cols, Index first)
      : rec_(std::move(rec)), rows_(rows), cols_(cols), first_(first) {}
  void backward(Tape<T>& tape) const override {
    const Context<T> ctx{tape.values_data(), tape.adjoint_space(), rows_, cols_};
    const ValueMap<T> weight(tape.output_adjoints(first_), rows_, cols_);
    if constexpr (requires { rec_.propagate_given_value(ctx, weight, weight); }) {
      rec_.propagate_given_value(ctx, weight, ValueMap<T>(tape.values_data() + first_, rows_, cols_));
    } else {
      rec_.propagate(ctx, weight);
    }
  }

 private:
  Rec rec_;
  Eigen::Index rows_;
  Eigen::Index cols_;
  Index first_;
};

template <class E>
VarMatrix<typename E::value_type> materialize(const E& e) {
  using T = typename E::value_type;
  if constexpr (std::is_same_v<E, HandleLeaf<T>>) {
    return e.matrix;
  } else {
    const Eigen::Index rows = e.rows(), cols = e.cols();
    Tape<T>* tape = recording_tape<T>(e);
    const auto [first, out, values] = result_slots(tape, rows * cols);
    Eigen::Map<PlainArray<T>>(out, rows, cols) = e.values(Context<T>{values, {}, rows, cols});
    if (tape == nullptr) return VarMatrix<T>::constant(MatrixMap<T>(out, rows, cols));
    auto rec = e.template record<false>(*tape);
    tape->template push_node<ElementwiseNode<T, decltype(rec)>>(std::move(rec), rows, cols, first);
    return VarMatrix<T>::on_tape(first, rows, cols, tape->epoch());
  }
}

}  // namespace slope::matrix_detail
