// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Var<T>: reverse-mode automatic differentiation.
//
// A Var is a value plus an index into the thread's active Tape; it is 16 bytes for double and
// cheap to copy. Assigning an expression such as `x * y + sin(x)` to a Var evaluates it and
// records ONE statement on the tape: the new index plus an (index, partial) pair per leaf
// (one for a leaf repeated right after itself, as in x * x), the partials being the
// chain-rule weights the expression nodes compute inline (the same nodes and rules as
// forward mode). Sweeping the tape backwards then yields the derivatives of one output with
// respect to every input at a cost of a small multiple of the function.
// A Var made from a plain number is passive (a constant) and is never recorded.
//
//     slope::Tape<double> tape;  slope::TapeScope scope(tape);
//     slope::Var<double> x = tape.variable(3.0), y = x * x + sin(x);
//     tape.backward(y);   // tape.adjoint(x) == 6 + cos(3)

#include <cstdint>
#include <ostream>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/eigen_scalar.hpp"
#include "slope/core/expr.hpp"
#include "slope/core/functions.hpp"
#include "slope/core/operators.hpp"
#include "slope/core/traits.hpp"
#include "slope/forward/dual.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

// The number of leaf occurrences in an expression type: the most operands a statement
// recording it can push, known at compile time.
template <class E>
inline constexpr std::size_t leaf_count_v = 0;
template <Leaf E>
inline constexpr std::size_t leaf_count_v<E> = 1;
template <class Rule, class A>
inline constexpr std::size_t leaf_count_v<UnaryNode<Rule, A>> = leaf_count_v<A>;
template <class Rule, class A, class B>
inline constexpr std::size_t leaf_count_v<BinaryNode<Rule, A, B>> = leaf_count_v<A> + leaf_count_v<B>;

template <class T>
class Var {
  static_assert(std::is_floating_point_v<T> || is_dual_v<T>,
                "slope::Var<T>: T must be a floating-point type (float, double or long double) "
                "or a slope::Dual for forward-over-reverse; convert integers to double first");

 public:
  using is_slope_expression = void;
  using value_type = T;
  using active_type = Var;
  static constexpr bool kIsLeaf = true;

  // A constant: not on the tape, no derivative.
  constexpr Var() : value_{}, index_(kNoIndex), epoch_(0) {}
  template <Arithmetic U>
  constexpr Var(U value) : value_(static_cast<T>(value)), index_(kNoIndex), epoch_(0) {}  // NOLINT: implicit
  constexpr explicit Var(const T& value)
    requires is_dual_v<T>
      : value_(value), index_(kNoIndex), epoch_(0) {}

  // Evaluates an expression and records it as one statement on the active tape.
  template <Expression E>
    requires(!std::is_same_v<std::remove_cvref_t<E>, Var>)
  Var(const E& e) : value_(e.value()) {  // NOLINT: implicit, expressions are Vars
    static_assert(std::is_same_v<active_type_t<E>, Var>,
                  "slope::Var<T>: this expression is made of another kind of active value (a "
                  "Dual, or a Var of another T) and cannot be stored here");
    record(e);
  }

  template <Expression E>
    requires(!std::is_same_v<std::remove_cvref_t<E>, Var>)
  Var& operator=(const E& e) {
    Var result(e);
    return *this = result;
  }
  template <Arithmetic U>
  Var& operator=(U value) {
    return *this = Var(value);
  }

  template <class E> Var& operator+=(E&& e) { return *this = *this + std::forward<E>(e); }
  template <class E> Var& operator-=(E&& e) { return *this = *this - std::forward<E>(e); }
  template <class E> Var& operator*=(E&& e) { return *this = *this * std::forward<E>(e); }
  template <class E> Var& operator/=(E&& e) { return *this = *this / std::forward<E>(e); }

  const T& value() const { return value_; }
  Index index() const { return index_; }
  bool is_active() const { return index_ != kNoIndex; }

  // The derivative accumulated for this Var by the last backward sweep of the active tape.
  T adjoint() const {
    if (!is_active()) return T(0);
    check_tape(active_tape<T>());
    return active_tape<T>().adjoint(index_);
  }

  // A leaf of an expression: the visit records (index, weight) on the tape.
  template <class Visitor>
  void propagate(const T& weight, Visitor&& visit) const {
    visit(*this, weight);
  }

  friend std::ostream& operator<<(std::ostream& os, const Var& x) {
    os << x.value_;
    if (x.is_active()) os << " (#" << x.index_ << ')';
    return os;
  }

  // Used by Tape and matrix nodes: a Var for an index already on the tape.
  static Var on_tape(const T& value, Index index, std::uint32_t epoch) {
    Var v(value);
    v.index_ = index;
    v.epoch_ = epoch;
    return v;
  }

  // Debug builds: the Var must belong to `tape` as it is now (not another tape, not cleared).
  void check_tape(const Tape<T>& tape) const {
    SLOPE_DEBUG_CHECK(!is_active() || epoch_ == tape.epoch(),
                      "slope::Var: this variable was recorded on another tape, or on this tape "
                      "before it was cleared; it cannot be used in the current recording");
  }

 private:
  template <class E>
  SLOPE_ALWAYS_INLINE void record(const E& e) {
    Tape<T>& tape = statement_tape<T>();
    auto writer = tape.begin_statement(leaf_count_v<E>);
    e.propagate(T(1), [&tape, &writer](const Var& leaf, const T& weight) {
      if (leaf.is_active()) {
        leaf.check_tape(tape);
        writer.push(leaf.index_, weight);
      }
    });
    index_ = tape.end_statement(writer, value_);
    epoch_ = tape.epoch();
  }

  T value_;
  Index index_;
  std::uint32_t epoch_;  // the recording this Var belongs to (checked in debug builds)
};

template <class T>
Var<T> Tape<T>::variable(const T& value) {
  return Var<T>::on_tape(value, new_variable(value), epoch_);
}

template <class T>
void Tape<T>::backward(const Var<T>& output) {
  output.check_tape(*this);
  if (output.is_active()) adjoint(output.index()) = T(1);
  backward();
}

template <class T>
T Tape<T>::adjoint(const Var<T>& x) const {
  if (!x.is_active()) return T(0);
  x.check_tape(*this);
  return adjoint(x.index());
}

}  // namespace slope

// ---------------------------------------------------------------- Eigen integration

namespace Eigen {

// Eigen::Matrix<slope::Var<T>, ...> works element-wise: every scalar operation is a statement.
template <class T>
struct NumTraits<slope::Var<T>> : slope::detail::SlopeNumTraits<slope::Var<T>, T> {
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 1,
    AddCost = 4,
    MulCost = 4,
  };
};

template <class T, class BinaryOp>
struct ScalarBinaryOpTraits<slope::Var<T>, slope::scalar_of_t<T>, BinaryOp> {
  using ReturnType = slope::Var<T>;
};
template <class T, class BinaryOp>
struct ScalarBinaryOpTraits<slope::scalar_of_t<T>, slope::Var<T>, BinaryOp> {
  using ReturnType = slope::Var<T>;
};

}  // namespace Eigen
