// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The element-wise kernels of matrix-level reverse mode: the derivative rules of
// slope/core/rules.hpp applied to whole Eigen arrays, plus the scratch memory and the size
// checks every matrix node shares. Part of slope/reverse/matrix.hpp; include that header.
//
// A matrix node's backward pass is `adj_x += adj_y * f'(x)` element-wise. The partial comes
// from the rule, written once: RuleDerivative<Rule, T> calls Rule::derivative(x, f(x)) per
// element through Eigen's binaryExpr. For the rules that are plain arithmetic on functions
// Eigen vectorises (square, exp, log, sqrt, ... see kPacketDerivative), the same rule code is
// also instantiated on Eigen's SIMD packets through PacketValue, a number-like wrapper of a
// packet, so that the sweep runs at vectorised speed:
//
//     // adj_x += w * Tanh'(x), one pass, the partial from rules::Tanh:
//     adj.array() += w.binaryExpr(x, slope::matrix_detail::WeightedDerivative<rules::Tanh, double>{});
//
// A zero weight contributes nothing even where the partial is infinite (sqrt at 0), as in the
// scalar tape's sweep, which skips statements whose adjoint is zero.

#include <atomic>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/rules.hpp"
#include "slope/core/traits.hpp"
#include "slope/reverse/tape.hpp"

namespace slope::matrix_detail {

template <class T>
using PlainMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using PlainArray = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic>;

template <class>
inline constexpr bool kDependentFalse = false;

// ---------------------------------------------------------------- checks

inline std::string size_text(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

// The failure paths are out of line: the checks are in every node, the throws in one place.
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_size_error(const char* operation, Eigen::Index rows_a,
                                                                   Eigen::Index cols_a, Eigen::Index rows_b,
                                                                   Eigen::Index cols_b, const char* requirement) {
  throw std::invalid_argument(std::string(operation) + ": the operands are " + size_text(rows_a, cols_a) + " and " +
                              size_text(rows_b, cols_b) + "; " + requirement);
}
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_usage_error(const char* message) { throw usage_error(message); }

// Always on: one comparison per operation, not per element.
inline void check_sizes(bool ok, const char* operation, Eigen::Index rows_a, Eigen::Index cols_a,
                        Eigen::Index rows_b, Eigen::Index cols_b, const char* requirement) {
  if (!ok) [[unlikely]] throw_size_error(operation, rows_a, cols_a, rows_b, cols_b, requirement);
}

// As SLOPE_DEBUG_CHECK (on unless NDEBUG or SLOPE_ENABLE_CHECKS=0), with the throw out of line.
inline void debug_check(bool ok, const char* message) {
  if constexpr (kChecksEnabled) {
    if (!ok) [[unlikely]] throw_usage_error(message);
  }
}

// ---------------------------------------------------------------- shared constants

// An immutable value shared by every copy of a handle: the values of a passive VarMatrix, a
// plain operand evaluated for a node, a select's mask. An intrusive count with out-of-line
// updates, so that copying expression trees (which hold these by value) stays small code, and
// no <memory>: std::shared_ptr's header was 3 % of the compiler's work for a one-gradient
// translation unit.
template <class V>
class SharedConst {
 public:
  SharedConst() = default;
  explicit SharedConst(V value) : block_(new Block{std::move(value), {1}}) {}
  SharedConst(const SharedConst& other) : block_(other.block_) {
    if (block_ != nullptr) retain(block_);
  }
  SharedConst(SharedConst&& other) noexcept : block_(other.block_) { other.block_ = nullptr; }
  SharedConst& operator=(SharedConst other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  ~SharedConst() {
    if (block_ != nullptr) release(block_);
  }
  explicit operator bool() const { return block_ != nullptr; }
  const V& operator*() const { return block_->value; }
  const V* operator->() const { return &block_->value; }

 private:
  struct Block {
    V value;
    std::atomic<long> count;
  };
  [[gnu::noinline]] static void retain(Block* block) { block->count.fetch_add(1, std::memory_order_relaxed); }
  [[gnu::noinline]] static void release(Block* block) {
    if (block->count.fetch_sub(1, std::memory_order_acq_rel) == 1) delete block;
  }
  Block* block_ = nullptr;
};
template <class T>
using SharedValues = SharedConst<PlainMatrix<T>>;

inline void check_same_size(const char* operation, Eigen::Index rows_a, Eigen::Index cols_a, Eigen::Index rows_b,
                            Eigen::Index cols_b) {
  check_sizes(rows_a == rows_b && cols_a == cols_b, operation, rows_a, cols_a, rows_b, cols_b,
              "element-wise operations need operands of the same size");
}

// ---------------------------------------------------------------- scratch memory

// Per-thread scratch arrays that keep their capacity, so that forward values and backward
// temporaries cost no allocation in a steady-state gradient loop. A slot is only used within
// one call (one recording step or one node's backward pass), never across calls; the
// EvaluatedWeight arrays below are the slots after these, one per nesting depth.
enum ScratchSlot : int { kOutputSlot = 0, kStagingSlot = 1, kBackwardSlot = 2, kBackwardSlot2 = 3, kSlotCount = 4 };

// The array of `key` with room for `size` values. Aligned like the tape (see kTapeAlignment
// in tape.hpp), so that a node's backward pass sums in the same order whatever the scratch
// array's history. A pointer stays valid while other keys' arrays are added or grow.
template <class T>
T* scratch_array(std::size_t key, Eigen::Index size) {
  thread_local std::vector<slope::detail::AlignedArray<T>> arrays(kSlotCount);
  if (arrays.size() <= key) arrays.resize(key + 1);
  slope::detail::AlignedArray<T>& array = arrays[key];
  array.grow_to(static_cast<std::size_t>(size));
  return array.data();
}

template <class T>
T* scratch(ScratchSlot slot, Eigen::Index size) {
  return scratch_array<T>(static_cast<std::size_t>(slot), size);
}

// A backward pass's weight evaluated once, for a node whose two active operands both need
// it: in tanh(W X + b) the weight w * tanh' goes to W X and to b, and as a lazy expression it
// would be computed once per operand (with a branch per element for tanh). One scratch array
// per nesting depth (a weight may be evaluated while another's propagation is under way).
template <class T>
class EvaluatedWeight {
 public:
  template <class W>
  explicit EvaluatedWeight(const W& weight)
      : EvaluatedWeight(weight.rows(), weight.cols(), [&weight](T* data) {
          Eigen::Map<PlainArray<T>>(data, weight.rows(), weight.cols()) = weight;
        }) {}
  // A weight that fill(data) writes (rows x cols values, column-major).
  template <class Fill>
  EvaluatedWeight(Eigen::Index rows, Eigen::Index cols, const Fill& fill)
      : data_(scratch_array<T>(kSlotCount + depth(), rows * cols)), rows_(rows), cols_(cols) {
    fill(data_);
    ++depth();  // only once the array is ours: a failed allocation leaves the depth as it was
  }
  EvaluatedWeight(const EvaluatedWeight&) = delete;
  EvaluatedWeight& operator=(const EvaluatedWeight&) = delete;
  ~EvaluatedWeight() { --depth(); }
  Eigen::Map<const PlainArray<T>> array() const { return {data_, rows_, cols_}; }

 private:
  static std::size_t& depth() {
    thread_local std::size_t d = 0;
    return d;
  }
  T* data_;
  Eigen::Index rows_;
  Eigen::Index cols_;
};

// A weight worth evaluating once: an expression Eigen computes element by element (a rule
// with a branch, such as tanh's, abs or pow, or a scalar type without SIMD packets), not a
// plain array, a map of one or a constant. A vectorised weight (w * 2 x) is recomputed
// per operand: cheaper than storing it and reading it back.
template <class W>
inline constexpr bool kCostlyWeight = (Eigen::internal::evaluator<W>::Flags & Eigen::PacketAccessBit) == 0;
template <class M, int kOptions, class S>
inline constexpr bool kCostlyWeight<Eigen::Map<M, kOptions, S>> = false;
template <class S, int R, int C, int O, int MR, int MC>
inline constexpr bool kCostlyWeight<Eigen::Array<S, R, C, O, MR, MC>> = false;
template <class F, class M>
inline constexpr bool kCostlyWeight<Eigen::CwiseNullaryOp<F, M>> = false;

// ---------------------------------------------------------------- rules on SIMD packets

// A SIMD packet that behaves like a number, so that a rule's template code (T(2) * x,
// T(1) / x, exp(x), ...) runs on a whole packet. Only the operations used by the rules listed
// in kPacketValue/kPacketDerivative exist; a rule with branches (abs, relu, sigmoid) has no
// packet form and runs element by element.
template <class Packet>
struct PacketValue {
  using Scalar = typename Eigen::internal::unpacket_traits<Packet>::type;
  Packet packet;

  PacketValue(const Packet& p) : packet(p) {}  // NOLINT: implicit, a packet is a value
  template <Arithmetic U>
  PacketValue(U value) : packet(Eigen::internal::pset1<Packet>(static_cast<Scalar>(value))) {}  // NOLINT

  friend PacketValue operator+(const PacketValue& a, const PacketValue& b) { return Eigen::internal::padd(a.packet, b.packet); }
  friend PacketValue operator-(const PacketValue& a, const PacketValue& b) { return Eigen::internal::psub(a.packet, b.packet); }
  friend PacketValue operator*(const PacketValue& a, const PacketValue& b) { return Eigen::internal::pmul(a.packet, b.packet); }
  friend PacketValue operator/(const PacketValue& a, const PacketValue& b) { return Eigen::internal::pdiv(a.packet, b.packet); }
  friend PacketValue operator-(const PacketValue& a) { return Eigen::internal::pnegate(a.packet); }
  friend PacketValue exp(const PacketValue& a) { return Eigen::internal::pexp(a.packet); }
  friend PacketValue expm1(const PacketValue& a) { return Eigen::internal::pexpm1(a.packet); }
  friend PacketValue log(const PacketValue& a) { return Eigen::internal::plog(a.packet); }
  friend PacketValue log1p(const PacketValue& a) { return Eigen::internal::plog1p(a.packet); }
  friend PacketValue sqrt(const PacketValue& a) { return Eigen::internal::psqrt(a.packet); }
  friend PacketValue sin(const PacketValue& a) { return Eigen::internal::psin(a.packet); }
  friend PacketValue cos(const PacketValue& a) { return Eigen::internal::pcos(a.packet); }
  friend PacketValue tanh(const PacketValue& a) { return Eigen::internal::ptanh(a.packet); }
};

template <class T>
using PacketTraits = Eigen::internal::packet_traits<T>;

template <class T>
inline constexpr bool kVectorizable = std::is_floating_point_v<T> && PacketTraits<T>::Vectorizable;

// ---------------------------------------------------------------- short contiguous loops

// Loops over contiguous memory that the sums run (the value, then the adjoints; a normal
// log-density's squares), written on packets directly: Eigen's own loops first work out how
// many leading elements to handle one at a time until an aligned address, about 20
// instructions of a loop of 8 packets at n = 16, where a whole gradient is about 500
// (callgrind: the sum's gradient at n = 16, 501 -> 448 instructions per call with the first
// two). Unaligned loads cost nothing extra on aligned tape memory.

// The sum of a[0, n), added in the order of Eigen's sum() over aligned memory (two packet
// accumulators, then the leftover packet, then the scalars), so that the two give the same
// bits there. T vectorizable (kVectorizable).
template <class T>
T contiguous_sum(const T* a, Eigen::Index n) {
  namespace ei = Eigen::internal;
  using Packet = typename PacketTraits<T>::type;
  constexpr Eigen::Index kLanes = PacketTraits<T>::size;
  if (n < kLanes) {
    T sum = n > 0 ? a[0] : T(0);
    for (Eigen::Index i = 1; i < n; ++i) sum += a[i];
    return sum;
  }
  Packet sum0 = ei::ploadu<Packet>(a);
  Eigen::Index i = kLanes;
  if (n >= 2 * kLanes) {
    Packet sum1 = ei::ploadu<Packet>(a + kLanes);
    for (i = 2 * kLanes; i + 2 * kLanes <= n; i += 2 * kLanes) {
      sum0 = ei::padd(sum0, ei::ploadu<Packet>(a + i));
      sum1 = ei::padd(sum1, ei::ploadu<Packet>(a + i + kLanes));
    }
    sum0 = ei::padd(sum0, sum1);
    if (i + kLanes <= n) {
      sum0 = ei::padd(sum0, ei::ploadu<Packet>(a + i));
      i += kLanes;
    }
  }
  T sum = ei::predux(sum0);
  for (; i < n; ++i) sum += a[i];
  return sum;
}

// The sum of the values an Eigen array or map V holds: contiguous_sum when V is a map of
// contiguous vectorizable values (of a PlainArray), Eigen's sum() otherwise.
template <class V>
auto values_sum(const V& v) {
  using T = typename V::Scalar;
  if constexpr (kVectorizable<T> && (std::is_same_v<V, Eigen::Map<const PlainArray<T>>> || std::is_same_v<V, Eigen::Map<PlainArray<T>>>)) {
    return contiguous_sum(v.data(), v.size());
  } else {
    return v.sum();
  }
}

// adj[i] += c for i in [0, n): the same bits as Eigen's `+=` of a constant array, in any order.
// T vectorizable (kVectorizable).
template <class T>
void add_constant(T* adj, Eigen::Index n, const T& c) {
  namespace ei = Eigen::internal;
  using Packet = typename PacketTraits<T>::type;
  constexpr Eigen::Index kLanes = PacketTraits<T>::size;
  const Packet packet = ei::pset1<Packet>(c);
  Eigen::Index i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    ei::pstoreu(adj + i, ei::padd(ei::ploadu<Packet>(adj + i), packet));
    ei::pstoreu(adj + i + kLanes, ei::padd(ei::ploadu<Packet>(adj + i + kLanes), packet));
  }
  for (; i < n; ++i) adj[i] += c;
}

// adj_a[i] += (a[i] - m) scale over n contiguous values (adj_a may be null: not active), and
// the sum of those terms returned: a's partials of the standardized squares and, negated,
// m's, in one pass a SIMD packet at a time. As two Eigen passes (a's, then m's sum) they
// took about 250 instructions at n = 16, mostly in the passes' alignment prologues.
template <class T>
T add_scaled_deviations(const T* a, T* adj_a, Eigen::Index n, const T& m, const T& scale) {
  T sum(0);
  Eigen::Index i = 0;
  if constexpr (kVectorizable<T>) {
    namespace ei = Eigen::internal;
    using Packet = typename PacketTraits<T>::type;
    constexpr Eigen::Index kLanes = PacketTraits<T>::size;
    const Packet mp = ei::pset1<Packet>(m);
    const Packet sp = ei::pset1<Packet>(scale);
    Packet total = ei::pzero(mp);
    for (; i + kLanes <= n; i += kLanes) {
      const Packet term = ei::pmul(ei::psub(ei::ploadu<Packet>(a + i), mp), sp);
      total = ei::padd(total, term);
      if (adj_a != nullptr) ei::pstoreu(adj_a + i, ei::padd(ei::ploadu<Packet>(adj_a + i), term));
    }
    sum = ei::predux(total);
  }
  for (; i < n; ++i) {
    const T term = (a[i] - m) * scale;
    sum += term;
    if (adj_a != nullptr) adj_a[i] += term;
  }
  return sum;
}

// Whether W is an array of one repeated value (PlainArray<T>::Constant), the weight of a sum
// or a mean.
template <class W>
inline constexpr bool kConstantArray = false;
template <class T>
inline constexpr bool kConstantArray<Eigen::CwiseNullaryOp<Eigen::internal::scalar_constant_op<T>, PlainArray<T>>> = true;

// Which rules have a packet form for T: their value, and their derivative (which may need
// the value, so the value's packet function too).
template <class Rule, class T>
inline constexpr bool kPacketValue = false;
template <class T> inline constexpr bool kPacketValue<rules::Negate, T> = kVectorizable<T>;
template <class T> inline constexpr bool kPacketValue<rules::Square, T> = kVectorizable<T>;
template <class T> inline constexpr bool kPacketValue<rules::Exp, T> = kVectorizable<T> && PacketTraits<T>::HasExp;
template <class T> inline constexpr bool kPacketValue<rules::Expm1, T> = kVectorizable<T> && PacketTraits<T>::HasExpm1;
template <class T> inline constexpr bool kPacketValue<rules::Log, T> = kVectorizable<T> && PacketTraits<T>::HasLog;
template <class T> inline constexpr bool kPacketValue<rules::Log1p, T> = kVectorizable<T> && PacketTraits<T>::HasLog1p;
template <class T> inline constexpr bool kPacketValue<rules::Sqrt, T> = kVectorizable<T> && PacketTraits<T>::HasSqrt;
template <class T> inline constexpr bool kPacketValue<rules::Sin, T> = kVectorizable<T> && PacketTraits<T>::HasSin;
template <class T> inline constexpr bool kPacketValue<rules::Cos, T> = kVectorizable<T> && PacketTraits<T>::HasCos;
template <class T> inline constexpr bool kPacketValue<rules::Tanh, T> = kVectorizable<T> && PacketTraits<T>::HasTanh;

// Whether Rule::derivative(x, f) reads f = Rule::value(x); when it does not, f is not computed.
template <class Rule>
inline constexpr bool kDerivativeUsesValue = true;
template <> inline constexpr bool kDerivativeUsesValue<rules::Negate> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Square> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Log> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Log2> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Log10> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Log1p> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Sin> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Cos> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Asin> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Acos> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Atan> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Sinh> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Cosh> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Asinh> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Acosh> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Atanh> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Erf> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Erfc> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Lgamma> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Abs> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Relu> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Sigmoid> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Softplus> = false;
template <> inline constexpr bool kDerivativeUsesValue<rules::Expm1> = false;

// A rule with derivative_from_x(x) (tanh) has a form of its derivative that reads only x,
// used where f(x) is not stored, and another that reads f, used where it is.
template <class Rule, class V>
inline constexpr bool kHasDerivativeFromX = requires(const V& x) { Rule::derivative_from_x(x); };

template <class Rule, class T>
inline constexpr bool kPacketDerivative =
    (kDerivativeUsesValue<Rule> && !kHasDerivativeFromX<Rule, T>)
        ? kPacketValue<Rule, T>
        : (kVectorizable<T> &&
           (std::is_same_v<Rule, rules::Negate> || std::is_same_v<Rule, rules::Square> || std::is_same_v<Rule, rules::Log> ||
            std::is_same_v<Rule, rules::Log1p> || (std::is_same_v<Rule, rules::Sin> && PacketTraits<T>::HasCos) ||
            (std::is_same_v<Rule, rules::Cos> && PacketTraits<T>::HasSin) ||
            ((std::is_same_v<Rule, rules::Expm1> || std::is_same_v<Rule, rules::Tanh>) && PacketTraits<T>::HasExp)));

// The partial of a unary rule at x, with the value computed only when the rule needs it.
template <class Rule, class V>
V rule_derivative(const V& x) {
  if constexpr (kHasDerivativeFromX<Rule, V>) {
    return Rule::derivative_from_x(x);
  } else if constexpr (kDerivativeUsesValue<Rule>) {
    return Rule::derivative(x, V(Rule::value(x)));
  } else {
    return Rule::derivative(x, x);
  }
}

// ---------------------------------------------------------------- Eigen functors

// f(x) element-wise, from the rule.
template <class Rule, class T>
struct RuleValue {
  T operator()(const T& x) const { return Rule::value(x); }
  template <class Packet>
  Packet packetOp(const Packet& x) const {
    return Rule::value(PacketValue<Packet>(x)).packet;
  }
};

// w * d element-wise, 0 where w is 0 (d may be infinite there).
template <class T>
struct GuardedProduct {
  T operator()(const T& w, const T& d) const { return is_exact_zero(w) ? T(0) : T(w * d); }
  template <class Packet>
  Packet packetOp(const Packet& w, const Packet& d) const {
    const Packet zero = Eigen::internal::pzero(w);
    return Eigen::internal::pselect(Eigen::internal::pcmp_eq(w, zero), zero, Eigen::internal::pmul(w, d));
  }
};

// w * f'(x) element-wise, 0 where w is 0.
template <class Rule, class T>
struct WeightedDerivative {
  T operator()(const T& w, const T& x) const { return is_exact_zero(w) ? T(0) : T(w * rule_derivative<Rule>(x)); }
  template <class Packet>
  Packet packetOp(const Packet& w, const Packet& x) const {
    return GuardedProduct<T>{}.packetOp(w, rule_derivative<Rule>(PacketValue<Packet>(x)).packet);
  }
};

// w * f'(x) element-wise given the stored value f = f(x), 0 where w is 0: for the rules whose
// derivative reads f (exp, sqrt, tanh, ...), so that the backward pass of a node whose result
// is on the tape does not compute f(x) a second time.
template <class Rule, class T>
struct WeightedDerivativeGivenValue {
  T operator()(const T& w, const T& x, const T& f) const {
    return is_exact_zero(w) ? T(0) : T(w * Rule::derivative(x, f));
  }
  template <class Packet>
  Packet packetOp(const Packet& w, const Packet& x, const Packet& f) const {
    return GuardedProduct<T>{}.packetOp(w, Rule::derivative(PacketValue<Packet>(x), PacketValue<Packet>(f)).packet);
  }
};

// A rule whose derivative, given f, is a formula of f alone while |f| < Rule::kValueFormBound
// (tanh: 1 - t^2), and needs x beyond.
template <class Rule>
inline constexpr bool kBoundedValueForm = requires { Rule::kValueFormBound; };

// out = w * f'(x) over n contiguous values, 0 where w is 0, for a rule of kBoundedValueForm
// given f = f(x): Rule::derivative_from_value(f) a SIMD packet at a time, and for a packet
// with a lane beyond the bound (or NaN) the rule per lane, at x = x_at(i). So x is computed
// only where it is needed: as an expression it may hold a broadcast (the MLP's
// tanh(W X + b)), which Eigen does not vectorise. Every element gets the scalar rule's value.
template <class Rule, class T, class XAt>
void weighted_bounded_derivative(const T* w, const T* f, T* out, Eigen::Index n, const XAt& x_at) {
  const WeightedDerivativeGivenValue<Rule, T> rule;
  Eigen::Index i = 0;
  if constexpr (kVectorizable<T>) {
    namespace ei = Eigen::internal;
    using Packet = typename ei::packet_traits<T>::type;
    constexpr Eigen::Index kLanes = ei::packet_traits<T>::size;
    const Packet bound = ei::pset1<Packet>(T(Rule::kValueFormBound));
    for (; i + kLanes <= n; i += kLanes) {
      const Packet fp = ei::ploadu<Packet>(f + i);
      const Packet within = ei::pcmp_lt(ei::pabs(fp), bound);
      if (ei::predux_any(ei::pandnot(ei::ptrue(within), within))) {
        for (Eigen::Index k = i; k < i + kLanes; ++k) out[k] = rule(w[k], x_at(k), f[k]);
        continue;
      }
      // PacketValue(fp) deduced: g++ warns when a SIMD type is written as a template argument
      const Packet partial = Rule::derivative_from_value(PacketValue(fp)).packet;
      ei::pstoreu(out + i, GuardedProduct<T>{}.packetOp(ei::ploadu<Packet>(w + i), partial));
    }
  }
  for (; i < n; ++i) out[i] = rule(w[i], x_at(i), f[i]);
}

// The rules whose derivative, given f, is arithmetic that PacketValue has.
template <class Rule, class T>
inline constexpr bool kPacketDerivativeGivenValue =
    kVectorizable<T> && (std::is_same_v<Rule, rules::Sqrt> || std::is_same_v<Rule, rules::Cbrt> ||
                         std::is_same_v<Rule, rules::Exp> || std::is_same_v<Rule, rules::Tan>);

// An element-wise expression of three Eigen arrays of one shape (Eigen has no public spelling).
template <class Functor, class A, class B, class C>
auto ternary_expr(const A& a, const B& b, const C& c, Functor functor) {
  return Eigen::CwiseTernaryOp<Functor, const A, const B, const C>(a, b, c, functor);
}

// Division of an array by a scalar s as a multiplication, x / s = x * (1 / s): one division
// per pass instead of one per element (a packed division costs about four multiplications;
// the Eigen spelling of the normal log-density took 3x longer with them). The values are
// within an ulp of x / s. Where 1 / s overflows although s is finite (|s| below 5.6e-309,
// deep in the subnormals) the results are those of x * inf (README, conventions): an exact
// fallback there would need a second multiplication per element (+30 % on that workload).
template <class T>
struct ScalarDivisor {
  T reciprocal;
  explicit ScalarDivisor(const T& s) : reciprocal(T(1) / s) {}
  template <class E>
  auto divide(const E& x) const {
    return x * reciprocal;
  }
};

// f(x, y) and its partials for the binary rules without a vectorised form (pow, hypot, ...).
template <class Rule, class T>
struct BinaryRuleValue {
  T operator()(const T& x, const T& y) const { return Rule::value(x, y); }
};
template <class Rule, class T, bool kLeft>
struct BinaryRulePartial {
  T operator()(const T& x, const T& y) const {
    const T f = Rule::value(x, y);
    if constexpr (kLeft) {
      return Rule::d_left(x, y, f);
    } else {
      return Rule::d_right(x, y, f);
    }
  }
};

// values[i] = exp(values[i]) for the n contiguous values, for the nodes whose forward pass
// is an exp per element (log-sum-exp, softmax). With SSE2 only (x86-64's flags without
// -march), Eigen's exp works on two lanes, and inside the log-sum-exp node g++ 12 -O3 did not
// inline it (a call per two elements, 80 % of the node's time): the C library's scalar exp
// there took log-sum-exp at n = 1024 from 6.7 to 4.5-5.6 us (FastAD 5.8-6.6 us in the same
// runs). In a loop of their own, inlined, the two measured the same (g++ and clang++ -O2,
// 1024 doubles: 6.0 vs 6.4 us, 6.4 vs 6.4 us). With AVX-512, Eigen's took 0.82 us against
// 3.6-4.1 us. So the C library's below AVX, Eigen's from AVX on, and Eigen's for every
// scalar type but double. The callers store x - shift first and exponentiate it here: Eigen's
// exp of that expression in one pass measured no faster with -march=native (AVX-512,
// interleaved binaries, log-sum-exp n = 16: 71 against 60 ns, 1024: 1.17 against 1.13 us,
// 65536: 87 against 92 us; softmax n = 16: 106 against 95 ns).
template <class T>
void exp_in_place(T* values, Eigen::Index n) {
#if defined(EIGEN_VECTORIZE_SSE2) && !defined(EIGEN_VECTORIZE_AVX)
  constexpr bool kLibraryExp = std::is_same_v<T, double>;
#else
  constexpr bool kLibraryExp = false;
#endif
  if constexpr (kLibraryExp) {
    for (Eigen::Index i = 0; i < n; ++i) values[i] = std::exp(values[i]);
  } else {
    Eigen::Map<PlainArray<T>> array(values, n, 1);
    array = array.exp();
  }
}

}  // namespace slope::matrix_detail

namespace Eigen::internal {

template <class Rule, class T>
struct functor_traits<slope::matrix_detail::RuleValue<Rule, T>> {
  enum { Cost = 10 * NumTraits<T>::MulCost, PacketAccess = slope::matrix_detail::kPacketValue<Rule, T> };
};
template <class Rule, class T>
struct functor_traits<slope::matrix_detail::WeightedDerivative<Rule, T>> {
  enum { Cost = 12 * NumTraits<T>::MulCost, PacketAccess = slope::matrix_detail::kPacketDerivative<Rule, T> };
};
template <class Rule, class T>
struct functor_traits<slope::matrix_detail::WeightedDerivativeGivenValue<Rule, T>> {
  enum { Cost = 4 * NumTraits<T>::MulCost, PacketAccess = slope::matrix_detail::kPacketDerivativeGivenValue<Rule, T> };
};
template <class T>
struct functor_traits<slope::matrix_detail::GuardedProduct<T>> {
  enum { Cost = 2 * NumTraits<T>::MulCost, PacketAccess = slope::matrix_detail::kVectorizable<T> };
};
template <class Rule, class T>
struct functor_traits<slope::matrix_detail::BinaryRuleValue<Rule, T>> {
  enum { Cost = 20 * NumTraits<T>::MulCost, PacketAccess = 0 };
};
template <class Rule, class T, bool kLeft>
struct functor_traits<slope::matrix_detail::BinaryRulePartial<Rule, T, kLeft>> {
  enum { Cost = 30 * NumTraits<T>::MulCost, PacketAccess = 0 };
};

}  // namespace Eigen::internal
