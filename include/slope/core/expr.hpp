// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Expression-template nodes, shared by forward and reverse mode.
//
// `x * y + sin(x)` builds a tree of nodes whose C++ type is the whole expression. Each node
// computes its value when it is built and offers `propagate(weight, visit)`, which walks
// down to the leaves carrying the product of the partials along the path (the chain rule),
// and calls `visit(leaf, weight)` once per leaf occurrence. The walk is resolved at compile
// time: no virtual calls, no allocation, every partial computed inline.
//
// The leaf type decides what a visit does: a Dual adds `weight * tangent` into the result's
// tangents (forward mode); a Var records `(index, weight)` on the tape (reverse mode). So
// one node and one rule serve both modes.
//
//     slope::Dual<double> x = slope::Dual<double>::variable(2.0);
//     auto e = x * x + 1.0;          // BinaryNode<Add, BinaryNode<Multiply, ...>, Constant>
//     slope::Dual<double> y = e;     // value 5, tangent 4 (evaluated here, in one pass)

#include <type_traits>
#include <utility>

#include "slope/core/rules.hpp"
#include "slope/core/traits.hpp"

namespace slope {

// Every operand is held by value, leaves included. An expression is therefore
// self-contained and may outlive the variables it was built from: a lambda such as
// `[](auto x) { return x * x; }` returns a node that owns its copy of the by-value parameter
// x, instead of a reference to it that dangles once the lambda returns. The copies are of
// small objects in fully inlined code, which the optimiser keeps in registers.
template <class A>
using operand_storage_t = std::remove_cvref_t<A>;

// A plain number inside an expression: it has a value and no leaves.
template <class T>
class Constant {
 public:
  using value_type = T;
  explicit constexpr Constant(const T& value) : value_(value) {}
  constexpr const T& value() const { return value_; }

 private:
  T value_;
};

template <class A>
inline constexpr bool is_constant_v = false;
template <class T>
inline constexpr bool is_constant_v<Constant<T>> = true;

template <class>
inline constexpr bool kAlwaysFalse = false;

// The message when an expression is assigned to a variable holding another expression, as in
// `auto total = 0.0 * x; for (...) total = total + x * y;`: `auto` made `total` an
// unevaluated expression of one fixed shape, not a number.
#define SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE                                                      \
  "slope: this variable holds an unevaluated expression (declared with auto from an expression " \
  "such as `0.0 * x`) and cannot be assigned or updated (=, +=, -=, *=, /=); declare it with its scalar " \
  "type instead: `slope::scalar_t<decltype(x)> total = 0.0;`, or evaluate the first value with " \
  "`auto total = slope::eval(0.0 * x);`"

// `auto total = 0.0 * x; total += x * y;`: the compound assignments of an expression node,
// which would have to change the node's type, fail with the message above (without them the
// compiler only says that no operator+= matches). A base of its own per node type: a node
// holds nodes, and two empty bases of one type may not share an address, so a single guard
// type would pad every nested expression by 8 bytes (measured: sin(a * b) + a, 72 -> 88).
template <class Node>
struct CompoundAssignmentGuard {
  template <class Other>
  void operator+=(const Other&) {
    static_assert(kAlwaysFalse<Other>, SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE);
  }
  template <class Other>
  void operator-=(const Other&) {
    static_assert(kAlwaysFalse<Other>, SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE);
  }
  template <class Other>
  void operator*=(const Other&) {
    static_assert(kAlwaysFalse<Other>, SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE);
  }
  template <class Other>
  void operator/=(const Other&) {
    static_assert(kAlwaysFalse<Other>, SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE);
  }
};

template <class Rule, class A>
class UnaryNode : public CompoundAssignmentGuard<UnaryNode<Rule, A>> {
 public:
  using is_slope_expression = void;
  using active_type = active_type_t<A>;
  using value_type = value_type_t<A>;
  static constexpr bool kIsLeaf = false;
  // Eigen's hook for expression types: its numext functions (abs2, sqrt, ... called by Eigen's
  // algorithms on `a / b` of two scalars, as stableNorm does) then take this node as its
  // active type, evaluated. Only a name: core includes nothing of Eigen.
  using Eigen_BaseClassForSpecializationOfGlobalMathFuncImpl = active_type;

  template <class Other>
    requires(!std::is_same_v<std::remove_cvref_t<Other>, UnaryNode>)
  UnaryNode& operator=(const Other&) {
    static_assert(kAlwaysFalse<Other>, SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE);
    return *this;
  }

  // Not a copy: without the constraint this constructor, a better match than the copy
  // constructor for a non-const lvalue node, would wrap a copied node around itself
  // (`auto s = exp(x); log(s)` computed log(exp(exp(x)))).
  template <class Operand>
    requires(!std::is_same_v<std::remove_cvref_t<Operand>, UnaryNode>)
  explicit UnaryNode(Operand&& a)
      : a_(std::forward<Operand>(a)), value_(Rule::value(a_.value())) {}

  const value_type& value() const { return value_; }

  template <class Visitor>
  void propagate(const value_type& weight, Visitor&& visit) const {
    if constexpr (!rules::ZeroDerivativeRule<Rule>) {
      a_.propagate(value_type(weight * Rule::derivative(a_.value(), value_)), visit);
    }
  }

 private:
  A a_;
  value_type value_;
};

template <class Rule, class A, class B>
class BinaryNode : public CompoundAssignmentGuard<BinaryNode<Rule, A, B>> {
  // Each side is either an expression or a Constant; at least one is an expression.
  using ActiveSide = std::conditional_t<is_constant_v<std::remove_cvref_t<A>>, B, A>;

 public:
  using is_slope_expression = void;
  using active_type = active_type_t<ActiveSide>;
  using value_type = value_type_t<ActiveSide>;
  static constexpr bool kIsLeaf = false;
  using Eigen_BaseClassForSpecializationOfGlobalMathFuncImpl = active_type;  // as UnaryNode's

  template <class Other>
    requires(!std::is_same_v<std::remove_cvref_t<Other>, BinaryNode>)
  BinaryNode& operator=(const Other&) {
    static_assert(kAlwaysFalse<Other>, SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE);
    return *this;
  }

  template <class Left, class Right>
  BinaryNode(Left&& a, Right&& b)
      : a_(std::forward<Left>(a)),
        b_(std::forward<Right>(b)),
        value_(Rule::value(a_.value(), b_.value())) {}

  const value_type& value() const { return value_; }

  // A constant side has no leaves, so its partial is never computed.
  template <class Visitor>
  void propagate(const value_type& weight, Visitor&& visit) const {
    if constexpr (!is_constant_v<std::remove_cvref_t<A>>) {
      a_.propagate(value_type(weight * Rule::d_left(a_.value(), b_.value(), value_)), visit);
    }
    if constexpr (!is_constant_v<std::remove_cvref_t<B>>) {
      b_.propagate(value_type(weight * Rule::d_right(a_.value(), b_.value(), value_)), visit);
    }
  }

 private:
  A a_;
  B b_;
  value_type value_;
};

// make_unary / make_binary: the one place where operands are wrapped and checked.
template <class Rule, Expression A>
auto make_unary(A&& a) {
  return UnaryNode<Rule, operand_storage_t<A&&>>(std::forward<A>(a));
}

template <class T, class A>
decltype(auto) as_operand(A&& a) {
  if constexpr (Arithmetic<A>) {
    return Constant<T>(T(a));
  } else {
    return std::forward<A>(a);
  }
}

template <class Rule, class A, class B>
  requires BinaryOperands<A, B>
auto make_binary(A&& a, B&& b) {
  if constexpr (Expression<A> && Expression<B>) {
    static_assert(std::is_same_v<active_type_t<A>, active_type_t<B>>,
                  "slope: both operands of an expression must have the same active type; "
                  "a Dual<T, N> combines only with a Dual<T, N> of the same T and N (or with a "
                  "plain number), and a Var<T> only with a Var<T>: convert one operand first");
  }
  using T = value_type_t<std::conditional_t<Expression<A>, A, B>>;
  using Left = std::conditional_t<Arithmetic<A>, Constant<T>, operand_storage_t<A&&>>;
  using Right = std::conditional_t<Arithmetic<B>, Constant<T>, operand_storage_t<B&&>>;
  return BinaryNode<Rule, Left, Right>(as_operand<T>(std::forward<A>(a)),
                                       as_operand<T>(std::forward<B>(b)));
}

// A scalar expression evaluated to its scalar type (a Dual or a Var: in reverse mode this
// records the statement); a plain number, an evaluated Dual or Var, or any other object is
// returned unchanged, so generic code may call it on whatever it holds:
//
//     auto total = slope::eval(0.0 * x[0]);   // a Var in reverse mode, a double on doubles
template <class E>
auto eval(E&& e) {
  if constexpr (Expression<E> && !Leaf<E>) {
    return active_type_t<E>(e);
  } else {
    return std::remove_cvref_t<E>(std::forward<E>(e));
  }
}

}  // namespace slope

#undef SLOPE_EXPRESSION_ASSIGNMENT_MESSAGE
