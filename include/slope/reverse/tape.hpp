// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Tape<T>: the record of a computation, swept backwards for reverse-mode derivatives.
//
// Every active value (a scalar Var or one element of an active vector) has an index; the
// tape holds its value and its adjoint at that index. Assigning an expression pushes ONE
// statement: the index it defines and one (operand index, partial) pair per leaf (a leaf
// repeated right after itself shares its pair). Matrix-level operations push one node
// instead, whose backward pass is written with Eigen over index ranges. The backward sweep
// runs statements in reverse: adj[operand] += partial * adj[lhs].
// Storage is structure-of-arrays in std::vectors that keep their capacity after clear(), so a
// steady-state gradient loop allocates nothing.
//
//     slope::Tape<double> tape;
//     slope::TapeScope scope(tape);                 // this thread records onto `tape`
//     auto x = tape.variable(2.0);  slope::Var<double> y = x * x;
//     tape.backward(y);  double dy_dx = tape.adjoint(x);   // 4

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/traits.hpp"

namespace slope {

template <class T>
class Var;
template <class T>
class Tape;

using Index = std::uint32_t;
inline constexpr Index kNoIndex = 0xFFFFFFFFu;  // a passive value: a constant, not on any tape

namespace detail {
// A fresh number for every tape and every clear(): a Var remembers the epoch it was recorded
// in, so debug builds catch a Var used on another tape or after its tape was cleared.
inline std::uint32_t next_epoch() {
  static std::atomic<std::uint32_t> counter{0};
  return ++counter;
}
// A contiguous array whose size and capacity are kept apart: `reserve` checks capacity once
// per statement, the pushes after it write without checks, and `clear` keeps the memory.
template <class T>
class Buffer {
 public:
  SLOPE_ALWAYS_INLINE void reserve(std::size_t extra) {
    if (size_ + extra > capacity_) [[unlikely]] grow(extra);
  }
  SLOPE_ALWAYS_INLINE void push_unchecked(const T& value) { storage_[size_++] = value; }
  // After writing `count` elements past the end (at data() + size(), within capacity).
  SLOPE_ALWAYS_INLINE void commit(std::size_t count) { size_ += count; }
  void push(const T& value) {
    reserve(1);
    push_unchecked(value);
  }
  void append_uninitialized(std::size_t count) {
    reserve(count);
    size_ += count;
  }
  void append_copies(std::size_t count, const T& value) {
    reserve(count);
    std::fill_n(storage_.data() + size_, count, value);
    size_ += count;
  }
  void fill(const T& value) { std::fill_n(storage_.data(), size_, value); }
  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return capacity_; }
  T* data() { return storage_.data(); }
  const T* data() const { return storage_.data(); }
  T& operator[](std::size_t i) { return storage_[i]; }
  const T& operator[](std::size_t i) const { return storage_[i]; }
  T& back() { return storage_[size_ - 1]; }
  const T& back() const { return storage_[size_ - 1]; }

 private:
  [[gnu::noinline]] void grow(std::size_t extra) {
    storage_.resize(std::max({2 * capacity_, size_ + extra, std::size_t{256}}));
    capacity_ = storage_.size();
  }

  std::vector<T> storage_;
  std::size_t capacity_ = 0;  // storage_.size(), kept here: the capacity checks read one member
  std::size_t size_ = 0;
};

}  // namespace detail

// A matrix-level operation on the tape. Its backward pass reads and writes adjoints through
// the tape (usually as Eigen::Map over index ranges). Nodes live in the tape's arena.
template <class T>
class Node {
 public:
  virtual ~Node() = default;
  virtual void backward(Tape<T>& tape) const = 0;
};

template <class T>
class Tape {
 public:
  using value_type = T;

  Tape() : epoch_(detail::next_epoch()) {}
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;
  ~Tape() { destroy_nodes(); }

  // ---------------------------------------------------------------- recording

  // A new independent variable with the given value.
  Var<T> variable(const T& value);

  // `count` consecutive new variables with the given values; returns the first index.
  Index new_variables(const T* values, std::size_t count) {
    const Index first = allocate_variables(count);
    std::copy(values, values + count, values_.data() + first);
    return first;
  }

  // `count` consecutive new variables whose values the caller writes next, at
  // values_data() + first, before anything else is recorded (a node's result computed in
  // place, without a staging copy); returns the first index.
  Index allocate_variables(std::size_t count) {
    const Index first = static_cast<Index>(values_.size());
    SLOPE_DEBUG_CHECK(values_.size() + count < kFirstNodeMarker, "slope::Tape: more than 3 * 2^30 variables");
    values_.append_uninitialized(count);
    adjoints_.append_copies(count, T(0));
    return first;
  }

  // Statement recording. begin_statement makes room for at most `max_operands` (operand
  // index, partial) pairs and returns where to write them; the writer counts them in a local
  // (so that the compiler keeps the count in a register); end_statement then closes the
  // statement, which defines a new variable. A statement with no operands (every leaf
  // passive) defines nothing and returns kNoIndex. An operand pushed right after itself (the
  // leaves of x * x, or x[i] three times in a row) adds its partial to the previous pair:
  // one pair fewer to write and sweep, and the sweep's updates of one adjoint do not wait
  // on each other (Rosenbrock n = 1024: 18 -> 13.5 us; stochastic volatility: -10 %).
  //
  //     auto w = tape.begin_statement(2);
  //     w.push(x_index, dz_dx);  w.push(y_index, dz_dy);
  //     Index z = tape.end_statement(w, z_value);
  struct StatementWriter {
    Index* indices;
    T* partials;
    std::size_t count = 0;
    SLOPE_ALWAYS_INLINE void push(Index index, const T& partial) {
      if (count != 0 && indices[count - 1] == index) {
        partials[count - 1] += partial;
        return;
      }
      indices[count] = index;
      partials[count] = partial;
      ++count;
    }
  };
  SLOPE_ALWAYS_INLINE StatementWriter begin_statement(std::size_t max_operands) {
    // Three comparisons on the hot path; growing is rare and kept out of line.
    if (operand_index_.size() + max_operands > operand_index_.capacity() ||
        statements_.size() == statements_.capacity() || values_.size() == values_.capacity()) [[unlikely]] {
      grow_for_statement(max_operands);
    }
    return {operand_index_.data() + operand_index_.size(), partials_.data() + partials_.size()};
  }
  SLOPE_ALWAYS_INLINE Index end_statement(const StatementWriter& writer, const T& value) {
    if (writer.count == 0) return kNoIndex;
    operand_index_.commit(writer.count);
    partials_.commit(writer.count);
    const Index lhs = static_cast<Index>(values_.size());
    SLOPE_DEBUG_CHECK(lhs < kFirstNodeMarker, "slope::Tape: more than 3 * 2^30 variables");
    values_.push_unchecked(value);
    adjoints_.push_unchecked(T(0));
    statements_.push_unchecked({lhs, static_cast<std::uint32_t>(writer.count)});
    return lhs;
  }

  // Records a matrix-level node, constructed in place in the tape's arena.
  template <class NodeType, class... Args>
  const NodeType& push_node(Args&&... args) {
    static_assert(std::is_base_of_v<Node<T>, NodeType>, "slope::Tape::push_node: the node type must derive from slope::Node<T>");
    void* memory = arena_allocate(sizeof(NodeType), alignof(NodeType));
    NodeType* node = ::new (memory) NodeType(std::forward<Args>(args)...);
    nodes_.push_back(node);
    statements_.push({kNodeMarker - static_cast<Index>(nodes_.size() - 1), 0});
    return *node;
  }

  // ---------------------------------------------------------------- sweeping

  // Seeds adj[output] = 1 and sweeps the whole tape backwards.
  void backward(const Var<T>& output);

  // Sweeps the whole tape backwards with whatever adjoints have been seeded.
  void backward() {
    const Index* operands = operand_index_.data();
    const T* partials = partials_.data();
    T* adjoints = adjoints_.data();
    std::size_t end = operand_index_.size();  // one past the current statement's last operand
    for (std::size_t s = statements_.size(); s-- > 0;) {
      const Statement statement = statements_[s];
      if (statement.lhs >= kFirstNodeMarker) [[unlikely]] {
        nodes_[kNodeMarker - statement.lhs]->backward(*this);
        continue;
      }
      const std::size_t begin = end - statement.operand_count;
      const T a = adjoints[statement.lhs];
      // A zero adjoint contributes nothing; skipping it also keeps an infinite partial from
      // turning into 0 * inf = NaN where the output does not depend on this statement.
      // (For Var<Dual>, "zero" includes the tangents: a zero gradient entry can carry a
      // non-zero second derivative.)
      if (!is_exact_zero(a)) {
        for (std::size_t k = begin; k < end; ++k) adjoints[operands[k]] += partials[k] * a;
      }
      end = begin;
    }
  }

  // Sets every adjoint back to zero, keeping the recording (for another sweep: Jacobian rows).
  void zero_adjoints() { adjoints_.fill(T(0)); }

  // Forgets the recording; keeps the memory. Vars recorded before are invalid afterwards.
  void clear() {
    destroy_nodes();
    values_.clear();
    adjoints_.clear();
    statements_.clear();
    operand_index_.clear();
    partials_.clear();
    arena_offset_ = 0;
    arena_block_ = 0;
    // A new epoch invalidates the Vars recorded so far; only the debug checks look at it,
    // and without them the atomic increment is a measurable part of a small gradient.
    if constexpr (kChecksEnabled) epoch_ = detail::next_epoch();
  }

  // ---------------------------------------------------------------- access

  const T& value(Index i) const { return values_[i]; }
  T& adjoint(Index i) { return adjoints_[i]; }
  const T& adjoint(Index i) const { return adjoints_[i]; }
  T adjoint(const Var<T>& x) const;
  T* values_data() { return values_.data(); }
  T* adjoints_data() { return adjoints_.data(); }
  std::uint32_t epoch() const { return epoch_; }

  // Memory statistics.
  std::size_t variables() const { return values_.size(); }
  std::size_t statements() const { return statements_.size() - nodes_.size(); }
  std::size_t nodes() const { return nodes_.size(); }
  std::size_t operands() const { return operand_index_.size(); }
  std::size_t bytes() const {
    std::size_t arena = 0;
    for (const auto& block : arena_) arena += block.size;
    return values_.capacity() * sizeof(T) + adjoints_.capacity() * sizeof(T) +
           statements_.capacity() * sizeof(Statement) + operand_index_.capacity() * sizeof(Index) +
           partials_.capacity() * sizeof(T) + nodes_.capacity() * sizeof(void*) + arena;
  }

 private:
  // 8 bytes: the operands of statement s are the operand_count ones before those of the
  // statements after it, so the backward sweep finds them with a running position.
  struct Statement {
    Index lhs;                   // the variable it defines, or a node marker
    std::uint32_t operand_count;  // at most leaf_count_v of one expression; 0 for a node
  };
  // Node k is stored as the statement lhs kNodeMarker - k; such lhs values are never variables
  // because variable indices stay below kFirstNodeMarker (checked in debug builds).
  static constexpr Index kNodeMarker = kNoIndex - 1;
  static constexpr Index kFirstNodeMarker = 0xC0000000u;

  struct ArenaBlock {
    std::unique_ptr<std::byte[]> data;
    std::size_t size;
  };

  [[gnu::noinline]] void grow_for_statement(std::size_t max_operands) {
    operand_index_.reserve(max_operands);
    partials_.reserve(max_operands);
    values_.reserve(1);
    adjoints_.reserve(1);
    statements_.reserve(1);
  }

  void* arena_allocate(std::size_t size, std::size_t alignment) {
    while (true) {
      if (arena_block_ < arena_.size()) {
        ArenaBlock& block = arena_[arena_block_];
        const std::size_t start = (arena_offset_ + alignment - 1) / alignment * alignment;
        if (start + size <= block.size) {
          arena_offset_ = start + size;
          return block.data.get() + start;
        }
        ++arena_block_;
        arena_offset_ = 0;
        continue;
      }
      const std::size_t block_size = std::max<std::size_t>(size + alignment, arena_.empty() ? 4096 : 2 * arena_.back().size);
      arena_.push_back({std::make_unique<std::byte[]>(block_size), block_size});
    }
  }

  void destroy_nodes() {
    for (Node<T>* node : nodes_) node->~Node();
    nodes_.clear();
  }

  detail::Buffer<T> values_;
  detail::Buffer<T> adjoints_;
  detail::Buffer<Statement> statements_;
  detail::Buffer<Index> operand_index_;
  detail::Buffer<T> partials_;
  std::vector<Node<T>*> nodes_;
  std::vector<ArenaBlock> arena_;
  std::size_t arena_block_ = 0;
  std::size_t arena_offset_ = 0;
  std::uint32_t epoch_;
};

// ---------------------------------------------------------------- the active tape

namespace detail {
template <class T>
Tape<T>*& active_tape_slot() {
  thread_local Tape<T>* tape = nullptr;
  return tape;
}
}  // namespace detail

// The tape this thread records Var<T> operations onto.
template <class T>
SLOPE_ALWAYS_INLINE Tape<T>& active_tape() {
  Tape<T>* tape = detail::active_tape_slot<T>();
  SLOPE_DEBUG_CHECK(tape != nullptr,
                    "slope::Var: no active tape on this thread; create a slope::Tape<T> and a "
                    "slope::TapeScope for it (or use slope::gradient, which does both)");
  return *tape;
}

// Makes `tape` the active tape of this thread until the scope ends; scopes nest.
template <class T>
class TapeScope {
 public:
  explicit TapeScope(Tape<T>& tape) : previous_(detail::active_tape_slot<T>()) {
    detail::active_tape_slot<T>() = &tape;
  }
  TapeScope(const TapeScope&) = delete;
  TapeScope& operator=(const TapeScope&) = delete;
  ~TapeScope() { detail::active_tape_slot<T>() = previous_; }

 private:
  Tape<T>* previous_;
};

template <class T>
TapeScope(Tape<T>&) -> TapeScope<T>;

}  // namespace slope
