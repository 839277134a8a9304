// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// PatternTracer: a scalar that carries a value and the set of inputs it depends on, so that
// running a generic function body on it yields the sparsity pattern of the body's Jacobian
// and Hessian at that point.
//
// Dependency sets (Jacobian pattern): S(input k) = {k}, a constant depends on nothing, and
// g(a, b) depends on S(a) where dg/da is not identically zero, and likewise on S(b).
// Nonlinear interactions (Hessian pattern): by the chain rule
//   d2 g(a, b) = g_a d2a + g_b d2b + g_aa da da' + g_ab (da db' + db da') + g_bb db db',
// so every operation records the pairs S(a) x S(a) where g_aa is not identically zero,
// S(a) x S(b) (and its mirror) where g_ab is not, S(b) x S(b) where g_bb is not; the Hessian
// pattern of f is the union of all pairs recorded while f ran. x * y records S(x) x S(y),
// x + y and max(x, y) nothing, x / y S(x) x S(y) and S(y) x S(y), sin(x) S(x) x S(x).
// A product with the plain number 0 depends on nothing (its derivative is 0 wherever the
// other factor is finite), so that the zero entries of a plain matrix multiplying the inputs
// stay out of the pattern.
// Which of these partials vanish is a property of each rule in core/rules.hpp, listed below
// (unary_shape, binary_shape); a function of the rules without an entry there is treated as
// fully nonlinear, which is conservative.
//
// The value is carried so that branches in the body (if, max, comparisons) take the path
// they take at the point: the pattern is the pattern AT THIS POINT where control flow depends
// on values. min, max, fmin, fmax are conservative: they depend on both arguments whichever
// one they select. Pairs recorded by intermediate values that do not reach the output
// (dead code, the argument of floor) are kept: conservative too.
//
// Why a tracer scalar rather than reading slope's tape: the tape stores numbers (one partial
// per operand, computed at the point), so it cannot tell x * y from x * 3 and yields no
// Hessian pattern, and a vector node of the tape is an opaque vector-Jacobian product, so
// it yields no Jacobian pattern either. The tracer sees every operation with its kind and
// runs the same generic body users write for Dual, Var and double.
//
// Sets are not copied: a union is one node of a DAG held by the active PatternTrace (node 0
// the empty set, nodes 1..n the inputs), so a sum of n terms costs n nodes, not n^2 indices.
// A set is expanded (inputs_of) only for the outputs and for the recorded pairs.
//
//     slope::detail::PatternTrace trace(3, true);              // 3 inputs, record pairs
//     auto x = trace.inputs(Eigen::Vector3d(1, 2, 3));
//     slope::PatternTracer y = x[0] * sin(x[1]) + x[2];        // S(y) = {0, 1, 2}
//     trace.hessian_pattern();                                 // (0,1), (1,0), (1,1)

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/eigen_scalar.hpp"
#include "slope/core/expr.hpp"
#include "slope/core/functions.hpp"
#include "slope/core/operators.hpp"
#include "slope/core/rules.hpp"
#include "slope/core/traits.hpp"
#include "slope/sparse/pattern.hpp"

namespace slope {

class PatternTracer;

namespace detail {

// The dependency DAG and the recorded pairs of one pattern detection. Constructing one makes
// it this thread's active trace (the one PatternTracer operations use) until it is destroyed.
class PatternTrace {
 public:
  using Node = std::uint32_t;

  PatternTrace(Eigen::Index inputs, bool record_pairs)
      : inputs_(static_cast<Node>(inputs)), record_pairs_(record_pairs), epoch_(next_epoch()), previous_(active()) {
    check_argument(inputs >= 0 && inputs < Eigen::Index(std::numeric_limits<Node>::max() / 2),
                   "slope: sparsity detection: the number of inputs must lie in [0, 2^31)");
    active() = this;
  }
  PatternTrace(const PatternTrace&) = delete;
  PatternTrace& operator=(const PatternTrace&) = delete;
  ~PatternTrace() { active() = previous_; }

  // This thread's active trace, or nullptr.
  static PatternTrace*& active() {
    thread_local PatternTrace* trace = nullptr;
    return trace;
  }

  // The inputs x as tracers: entry k depends on {k}.
  inline Eigen::Matrix<PatternTracer, Eigen::Dynamic, 1> inputs(const Eigen::VectorXd& x) const;

  std::uint32_t epoch() const { return epoch_; }
  Eigen::Index input_count() const { return Eigen::Index(inputs_); }

  // The node of S(a) u S(b).
  Node join(Node a, Node b) {
    if (a == 0 || a == b) return b;
    if (b == 0) return a;
    if (unions_.size() >= std::size_t(std::numeric_limits<Node>::max() - inputs_)) {
      throw std::length_error("slope: sparsity detection: more than 2^32 operations on dependency sets");
    }
    unions_.push_back({a, b});
    return static_cast<Node>(inputs_ + unions_.size());
  }

  // Records S(a) x S(b) (and its mirror) as possibly nonzero second derivatives.
  void record_pair(Node a, Node b) {
    if (!record_pairs_ || a == 0 || b == 0) return;
    pairs_.emplace_back(std::min(a, b), std::max(a, b));
  }

  // The inputs in S(node), ascending.
  std::vector<Eigen::Index> inputs_of(Node node) {
    std::vector<Eigen::Index> result;
    if (node == 0) return result;
    next_stamp();
    input_stamps_.resize(inputs_, 0);
    union_stamps_.resize(unions_.size(), 0);
    stack_.assign(1, node);
    while (!stack_.empty()) {
      const Node v = stack_.back();
      stack_.pop_back();
      if (v <= inputs_) {
        if (input_stamps_[v - 1] != stamp_) {
          input_stamps_[v - 1] = stamp_;
          result.push_back(Eigen::Index(v - 1));
        }
      } else if (union_stamps_[v - inputs_ - 1] != stamp_) {
        union_stamps_[v - inputs_ - 1] = stamp_;
        stack_.push_back(unions_[v - inputs_ - 1].first);
        stack_.push_back(unions_[v - inputs_ - 1].second);
      }
    }
    std::sort(result.begin(), result.end());
    return result;
  }

  // The union of every recorded pair, mirrored: a symmetric n x n pattern.
  SparsityPattern hessian_pattern() {
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
    std::vector<std::vector<Eigen::Index>> rows(inputs_);
    for (const auto& [a, b] : pairs_) {
      const std::vector<Eigen::Index> left = inputs_of(a);
      const std::vector<Eigen::Index> right = a == b ? left : inputs_of(b);
      for (Eigen::Index i : left) {
        for (Eigen::Index j : right) {
          rows[std::size_t(i)].push_back(j);
          if (a != b) rows[std::size_t(j)].push_back(i);
        }
      }
    }
    return SparsityPattern::from_rows(Eigen::Index(inputs_), std::move(rows));
  }

 private:
  static std::uint32_t next_epoch() {
    static std::atomic<std::uint32_t> epochs{0};
    return ++epochs;
  }
  void next_stamp() {
    if (++stamp_ == 0) {  // wrapped: forget every old stamp
      std::fill(input_stamps_.begin(), input_stamps_.end(), 0);
      std::fill(union_stamps_.begin(), union_stamps_.end(), 0);
      stamp_ = 1;
    }
  }

  Node inputs_;
  bool record_pairs_;
  std::uint32_t epoch_;
  PatternTrace* previous_;
  std::vector<std::pair<Node, Node>> unions_;  // node inputs_ + 1 + k is the union of unions_[k]
  std::vector<std::pair<Node, Node>> pairs_;
  // Scratch of inputs_of: a node is visited once per call, an input reported once.
  std::vector<std::uint32_t> input_stamps_;
  std::vector<std::uint32_t> union_stamps_;
  std::vector<Node> stack_;
  std::uint32_t stamp_ = 0;
};

// Which partials of a rule are identically zero. A unary g: depends (g' is not identically
// zero) and curved (g'' is not). Piecewise-linear functions (abs, relu) are not curved: g''
// is zero except at a kink, where slope's rules give a constant derivative too.
struct UnaryShape {
  bool depends = true;
  bool curved = true;
};
template <class Rule>
inline constexpr UnaryShape unary_shape = rules::ZeroDerivativeRule<Rule> ? UnaryShape{false, false} : UnaryShape{};
template <> inline constexpr UnaryShape unary_shape<rules::Negate>{true, false};  // -x
template <> inline constexpr UnaryShape unary_shape<rules::Abs>{true, false};     // |x|
template <> inline constexpr UnaryShape unary_shape<rules::Relu>{true, false};    // max(x, 0)

// A binary g(a, b): which first partials and which second partials are not identically zero.
struct BinaryShape {
  bool left = true;
  bool right = true;
  bool left_left = true;
  bool left_right = true;
  bool right_right = true;
};
template <class Rule>
inline constexpr BinaryShape binary_shape{};  // pow, hypot, atan2, log_sum_exp: all of them
inline constexpr BinaryShape kLinear{true, true, false, false, false};
template <> inline constexpr BinaryShape binary_shape<rules::Add> = kLinear;       // a + b
template <> inline constexpr BinaryShape binary_shape<rules::Subtract> = kLinear;  // a - b
template <> inline constexpr BinaryShape binary_shape<rules::Max> = kLinear;       // a or b, whichever is selected
template <> inline constexpr BinaryShape binary_shape<rules::Min> = kLinear;
template <> inline constexpr BinaryShape binary_shape<rules::Fmax> = kLinear;
template <> inline constexpr BinaryShape binary_shape<rules::Fmin> = kLinear;
template <> inline constexpr BinaryShape binary_shape<rules::Multiply>{true, true, false, true, false};  // g_ab = 1
template <> inline constexpr BinaryShape binary_shape<rules::Divide>{true, true, false, true, true};     // g_aa = 0
template <> inline constexpr BinaryShape binary_shape<rules::Copysign>{true, false, false, false, false};  // +-|a|

}  // namespace detail

class PatternTracer {
 public:
  using is_slope_expression = void;
  using value_type = double;
  using active_type = PatternTracer;
  static constexpr bool kIsLeaf = true;
  using Node = detail::PatternTrace::Node;

  // A constant: depends on no input.
  PatternTracer() = default;
  template <Arithmetic U>
  PatternTracer(U value) : value_(static_cast<double>(value)) {}  // NOLINT: implicit, like double

  // An expression of tracers built by a slope function that has no tracer overload below
  // (every function of core/functions.hpp has one): conservatively, the result depends on
  // every tracer in it and all of their pairs interact.
  template <Expression E>
    requires(!std::is_same_v<std::remove_cvref_t<E>, PatternTracer>)
  PatternTracer(const E& e) : value_(e.value()) {  // NOLINT: implicit, expressions are tracers
    static_assert(std::is_same_v<active_type_t<E>, PatternTracer>,
                  "slope::PatternTracer: this expression is made of another kind of slope scalar "
                  "(Dual or Var) and cannot be stored in a PatternTracer; use one scalar type throughout");
    e.propagate(1.0, [this](const PatternTracer& leaf, double) {
      if (leaf.node_ != 0) *this = PatternTracer(value_, joined(*this, leaf), leaf.epoch_);
    });
    if (node_ != 0) trace(*this).record_pair(node_, node_);
  }

  template <class B> PatternTracer& operator+=(const B& b) { return *this = *this + b; }
  template <class B> PatternTracer& operator-=(const B& b) { return *this = *this - b; }
  template <class B> PatternTracer& operator*=(const B& b) { return *this = *this * b; }
  template <class B> PatternTracer& operator/=(const B& b) { return *this = *this / b; }

  double value() const { return value_; }
  // The DAG node of the inputs this value depends on (0: none).
  Node node() const { return node_; }
  // Whether the value depends on any input.
  bool is_constant() const { return node_ == 0; }

  // A leaf of an expression (used by the conservative conversion above).
  template <class Visitor>
  void propagate(double weight, Visitor&& visit) const {
    visit(*this, weight);
  }

  // Input k of the active trace.
  static PatternTracer input(const detail::PatternTrace& trace, Eigen::Index k, double value) {
    return PatternTracer(value, static_cast<Node>(k + 1), trace.epoch());
  }

  // The active trace, which must be the one this tracer belongs to.
  static detail::PatternTrace& trace(const PatternTracer& t) {
    detail::PatternTrace* active = detail::PatternTrace::active();
    SLOPE_DEBUG_CHECK(active != nullptr && active->epoch() == t.epoch_,
                      "slope::PatternTracer: this tracer belongs to a sparsity detection that has ended "
                      "(or to another thread's); tracers live only while the detection runs");
    return *active;
  }

  // g(a) for a unary rule: the value, S(a) if g depends on a, and the pair S(a) x S(a) if g is curved.
  template <class Rule>
  static PatternTracer unary(const PatternTracer& a) {
    constexpr detail::UnaryShape shape = detail::unary_shape<Rule>;
    const double value = Rule::value(a.value_);
    if (!shape.depends || a.node_ == 0) return PatternTracer(value);
    if (shape.curved) trace(a).record_pair(a.node_, a.node_);
    return PatternTracer(value, a.node_, a.epoch_);
  }

  // g(a, b) for a binary rule (a constant operand has the empty set).
  template <class Rule>
  static PatternTracer binary(const PatternTracer& a, const PatternTracer& b) {
    constexpr detail::BinaryShape shape = detail::binary_shape<Rule>;
    const double value = Rule::value(a.value_, b.value_);
    const PatternTracer& owner = a.node_ != 0 ? a : b;
    if (owner.node_ == 0) return PatternTracer(value);
    // 0 x is 0 wherever x is finite: a plain matrix's zero entries stay out of the pattern.
    if constexpr (std::is_same_v<Rule, rules::Multiply>) {
      if ((a.node_ == 0 && a.value_ == 0.0) || (b.node_ == 0 && b.value_ == 0.0)) return PatternTracer(value);
    }
    detail::PatternTrace& t = trace(owner);
    if (a.node_ != 0 && b.node_ != 0) SLOPE_DEBUG_CHECK(a.epoch_ == b.epoch_, "slope::PatternTracer: tracers of two detections mixed");
    if (shape.left_left) t.record_pair(a.node_, a.node_);
    if (shape.left_right) t.record_pair(a.node_, b.node_);
    if (shape.right_right) t.record_pair(b.node_, b.node_);
    const Node node = t.join(shape.left ? a.node_ : 0, shape.right ? b.node_ : 0);
    return PatternTracer(value, node, owner.epoch_);
  }

  friend std::ostream& operator<<(std::ostream& os, const PatternTracer& t) {
    return os << t.value_ << (t.node_ == 0 ? " [constant]" : " [depends on inputs]");
  }

 private:
  PatternTracer(double value, Node node, std::uint32_t epoch) : value_(value), node_(node), epoch_(epoch) {}
  static Node joined(const PatternTracer& a, const PatternTracer& b) { return trace(b).join(a.node_, b.node_); }

  double value_ = 0.0;
  Node node_ = 0;
  std::uint32_t epoch_ = 0;
};

}  // namespace slope

// ---------------------------------------------------------------- Eigen integration

namespace Eigen {

// Lets Eigen::Matrix<slope::PatternTracer, ...> run generic bodies: arithmetic, reductions,
// norms, products with plain matrices.
template <>
struct NumTraits<slope::PatternTracer> : slope::detail::SlopeNumTraits<slope::PatternTracer, double> {
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 2,
    AddCost = 4,
    MulCost = 4,
  };
};

template <class BinaryOp>
struct ScalarBinaryOpTraits<slope::PatternTracer, double, BinaryOp> {
  using ReturnType = slope::PatternTracer;
};
template <class BinaryOp>
struct ScalarBinaryOpTraits<double, slope::PatternTracer, BinaryOp> {
  using ReturnType = slope::PatternTracer;
};

}  // namespace Eigen

namespace slope {

inline Eigen::Matrix<PatternTracer, Eigen::Dynamic, 1> detail::PatternTrace::inputs(const Eigen::VectorXd& x) const {
  check_argument(x.size() == input_count(), "slope: sparsity detection: x must have one entry per input");
  Eigen::Matrix<PatternTracer, Eigen::Dynamic, 1> result(x.size());
  for (Eigen::Index k = 0; k < x.size(); ++k) result[k] = PatternTracer::input(*this, k, x[k]);
  return result;
}

// ---------------------------------------------------------------- functions on tracers
// These take precedence over the generic templates of core/functions.hpp and
// core/operators.hpp (same signatures, more constrained), which would build expression nodes.

template <class A>
concept PatternTracerType = std::is_same_v<std::remove_cvref_t<A>, PatternTracer>;

// A tracer with a tracer or a plain number, in either order.
template <class A, class B>
concept PatternTracerOperands = BinaryOperands<A, B> && ((PatternTracerType<A> && (PatternTracerType<B> || Arithmetic<B>)) ||
                                                         (Arithmetic<A> && PatternTracerType<B>));

namespace detail {
template <class Rule, class A, class B>
PatternTracer tracer_binary(const A& a, const B& b) {
  return PatternTracer::binary<Rule>(PatternTracer(a), PatternTracer(b));
}
}  // namespace detail

// clang-format off
template <Expression A> requires PatternTracerType<A> PatternTracer abs(A&& a)    { return PatternTracer::unary<rules::Abs>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer fabs(A&& a)   { return PatternTracer::unary<rules::Abs>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer square(A&& a) { return PatternTracer::unary<rules::Square>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer sqrt(A&& a)   { return PatternTracer::unary<rules::Sqrt>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer cbrt(A&& a)   { return PatternTracer::unary<rules::Cbrt>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer exp(A&& a)    { return PatternTracer::unary<rules::Exp>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer exp2(A&& a)   { return PatternTracer::unary<rules::Exp2>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer expm1(A&& a)  { return PatternTracer::unary<rules::Expm1>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer log(A&& a)    { return PatternTracer::unary<rules::Log>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer log2(A&& a)   { return PatternTracer::unary<rules::Log2>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer log10(A&& a)  { return PatternTracer::unary<rules::Log10>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer log1p(A&& a)  { return PatternTracer::unary<rules::Log1p>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer sin(A&& a)    { return PatternTracer::unary<rules::Sin>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer cos(A&& a)    { return PatternTracer::unary<rules::Cos>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer tan(A&& a)    { return PatternTracer::unary<rules::Tan>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer asin(A&& a)   { return PatternTracer::unary<rules::Asin>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer acos(A&& a)   { return PatternTracer::unary<rules::Acos>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer atan(A&& a)   { return PatternTracer::unary<rules::Atan>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer sinh(A&& a)   { return PatternTracer::unary<rules::Sinh>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer cosh(A&& a)   { return PatternTracer::unary<rules::Cosh>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer tanh(A&& a)   { return PatternTracer::unary<rules::Tanh>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer asinh(A&& a)  { return PatternTracer::unary<rules::Asinh>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer acosh(A&& a)  { return PatternTracer::unary<rules::Acosh>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer atanh(A&& a)  { return PatternTracer::unary<rules::Atanh>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer erf(A&& a)    { return PatternTracer::unary<rules::Erf>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer erfc(A&& a)   { return PatternTracer::unary<rules::Erfc>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer tgamma(A&& a) { return PatternTracer::unary<rules::Tgamma>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer lgamma(A&& a) { return PatternTracer::unary<rules::Lgamma>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer floor(A&& a)  { return PatternTracer::unary<rules::Floor>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer ceil(A&& a)   { return PatternTracer::unary<rules::Ceil>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer round(A&& a)  { return PatternTracer::unary<rules::Round>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer trunc(A&& a)  { return PatternTracer::unary<rules::Trunc>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer sigmoid(A&& a)  { return PatternTracer::unary<rules::Sigmoid>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer softplus(A&& a) { return PatternTracer::unary<rules::Softplus>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer relu(A&& a)     { return PatternTracer::unary<rules::Relu>(a); }
template <Expression A> requires PatternTracerType<A> PatternTracer operator-(A&& a) { return PatternTracer::unary<rules::Negate>(a); }

template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer operator+(A&& a, B&& b)      { return detail::tracer_binary<rules::Add>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer operator-(A&& a, B&& b)      { return detail::tracer_binary<rules::Subtract>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer operator*(A&& a, B&& b)      { return detail::tracer_binary<rules::Multiply>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer operator/(A&& a, B&& b)      { return detail::tracer_binary<rules::Divide>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer pow(A&& a, B&& b)            { return detail::tracer_binary<rules::Pow>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer hypot(A&& a, B&& b)          { return detail::tracer_binary<rules::Hypot>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer atan2(A&& a, B&& b)          { return detail::tracer_binary<rules::Atan2>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer max(A&& a, B&& b)            { return detail::tracer_binary<rules::Max>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer min(A&& a, B&& b)            { return detail::tracer_binary<rules::Min>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer fmax(A&& a, B&& b)           { return detail::tracer_binary<rules::Fmax>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer fmin(A&& a, B&& b)           { return detail::tracer_binary<rules::Fmin>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer copysign(A&& a, B&& b)       { return detail::tracer_binary<rules::Copysign>(a, b); }
template <class A, class B> requires PatternTracerOperands<A, B>
PatternTracer log_sum_exp(A&& a, B&& b)    { return detail::tracer_binary<rules::LogSumExp>(a, b); }
// clang-format on

}  // namespace slope
