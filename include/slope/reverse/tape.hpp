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
// Storage is structure-of-arrays in aligned arrays that keep their capacity after clear(), so a
// steady-state gradient loop allocates nothing. Every array starts on a 64-byte boundary and a
// node's range of several variables starts on one too: Eigen's vectorised kernels (reductions,
// products) split a range into an unaligned head and aligned packets by its address, which
// decides the order of a sum's terms; aligned ranges make a gradient the same to the last bit
// whatever the tape's history, its growth, or the thread that records it.
//
//     slope::Tape<double> tape;
//     slope::TapeScope scope(tape);                 // this thread records onto `tape`
//     auto x = tape.variable(2.0);  slope::Var<double> y = x * x;
//     tape.backward(y);  double dy_dx = tape.adjoint(x);   // 4

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

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

// The alignment of the tape's arrays and of the variable ranges of nodes: a cache line, which
// also covers every SIMD width Eigen uses (16, 32 or 64 bytes).
inline constexpr std::size_t kTapeAlignment = 64;

// Variable indices are 32 bits: the variables of one recording stay below kMaxVariables (the
// indices above it mark nodes in the statement list).
inline constexpr std::size_t kMaxVariables = 0xC0000000u;  // 3 * 2^30

namespace detail {

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_no_active_tape() {
  throw usage_error(
      "slope::Var: no active tape on this thread; create a slope::Tape<T> and a slope::TapeScope "
      "for it (or use slope::gradient, which does both)");
}

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_index_limit() {
  throw usage_error(
      "slope::Tape: this recording needs more than 3 * 2^30 = 3221225472 variables, the limit of "
      "slope's 32-bit tape indices; split the computation (slope::checkpoint) or record less per tape");
}

// Frees a block that grow_aligned_bytes allocated (nullptr: nothing). The unsized form:
// clang 14 has sized deallocation off unless -fsized-deallocation.
inline void release_aligned_bytes(void* data) noexcept {
  if (data != nullptr) ::operator delete(data, std::align_val_t{kTapeAlignment});
}

// A new block on a kTapeAlignment boundary of new_bytes, holding the old block's first
// old_bytes and zero bytes after them; the old block (nullptr: none) is freed. Bytes, not
// elements, so that one function serves every AlignedArray: each element type's own copy
// was compiled again in every translation unit that takes a gradient.
[[gnu::noinline]] inline void* grow_aligned_bytes(void* old, std::size_t old_bytes, std::size_t new_bytes) {
  void* data = ::operator new(new_bytes, std::align_val_t{kTapeAlignment});
  if (old_bytes > 0) std::memcpy(data, old, old_bytes);
  std::memset(static_cast<char*>(data) + old_bytes, 0, new_bytes - old_bytes);
  release_aligned_bytes(old);
  return data;
}

// An array on a kTapeAlignment boundary (std::allocator gives 16 bytes) that only grows:
// what the tape's buffers and the scratch arrays need of a vector. Its elements are
// trivially copyable numbers, indices and pointers, so growing is a memcpy and a zero fill.
// (A std::vector with an aligned allocator, and then std::uninitialized_copy_n and friends,
// had dozens of members and helpers instantiated and compiled in every translation unit that
// takes a gradient.)
template <class A>
class AlignedArray {
  static_assert(std::is_trivially_copyable_v<A>, "slope::detail::AlignedArray holds trivially copyable elements only");

 public:
  AlignedArray() = default;
  AlignedArray(AlignedArray&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  AlignedArray(const AlignedArray&) = delete;
  AlignedArray& operator=(const AlignedArray&) = delete;
  AlignedArray& operator=(AlignedArray&&) = delete;
  ~AlignedArray() { release_aligned_bytes(data_); }

  A* data() { return data_; }
  const A* data() const { return data_; }
  std::size_t size() const { return size_; }
  // Keeps the first size() elements; the new ones are zero bytes (0.0 for the numbers, as
  // std::vector::resize leaves them).
  void grow_to(std::size_t size) {
    if (size <= size_) return;
    data_ = static_cast<A*>(grow_aligned_bytes(data_, size_ * sizeof(A), size * sizeof(A)));
    size_ = size;
  }

 private:
  A* data_ = nullptr;
  std::size_t size_ = 0;
};

// A fresh number for every tape and every clear(): a Var remembers the epoch it was recorded
// in, so debug builds catch a Var used on another tape or after its tape was cleared.
inline std::uint32_t next_epoch() {
  static std::atomic<std::uint32_t> counter{0};
  return ++counter;
}
// Two arrays that always have the same length (value and adjoint of each variable; index and
// partial of each operand; defined variable and operand count of each statement), sharing one
// size and one capacity: recording updates one counter per pair of arrays, not one per array.
// `has_room` is checked once per statement, the pushes after it write without checks, and
// `clear` keeps the memory. The capacity never exceeds `kLimit` elements: a push past it
// fails in `grow`, off the hot path, with the limit named.
template <class A, class B, std::size_t kLimit = static_cast<std::size_t>(-1)>
class PairedBuffer {
 public:
  SLOPE_ALWAYS_INLINE bool has_room(std::size_t extra) const { return size_ + extra <= capacity(); }
  SLOPE_ALWAYS_INLINE void reserve(std::size_t extra) {
    if (!has_room(extra)) [[unlikely]] grow(extra);
  }
  SLOPE_ALWAYS_INLINE void push_unchecked(const A& a, const B& b) {
    first_.data()[size_] = a;
    second_.data()[size_] = b;
    ++size_;
  }
  void push(const A& a, const B& b) {
    reserve(1);
    push_unchecked(a, b);
  }
  // After writing `count` elements past the end of both arrays (within capacity).
  SLOPE_ALWAYS_INLINE void commit(std::size_t count) { size_ += count; }
  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return first_.size(); }  // second_ has the same size
  A* first() { return first_.data(); }
  const A* first() const { return first_.data(); }
  B* second() { return second_.data(); }
  const B* second() const { return second_.data(); }

 private:
  [[gnu::noinline]] void grow(std::size_t extra) {
    if (extra > kLimit - size_) throw_index_limit();
    const std::size_t capacity = std::min(std::max(std::max(2 * this->capacity(), size_ + extra), std::size_t{256}), kLimit);
    first_.grow_to(capacity);
    second_.grow_to(capacity);
  }

  AlignedArray<A> first_;
  AlignedArray<B> second_;
  std::size_t size_ = 0;
};

}  // namespace detail

// Where the adjoints of a recording live: on the tape, indexed like the values, except one
// optional range of inputs whose adjoints are the caller's memory (value_and_gradient writes
// the gradient into the caller's vector this way, without a copy out of the tape). Nodes find
// an adjoint, or the start of a range of them, with at(index); a range never straddles the
// external one (functional/reverse.hpp reserves a slot after it).
// The external range starts unset (`pending`), so that its zero-fill can be skipped: the
// first node of the sweep that writes all of it at once assigns its contribution
// (claim_external); any other access (at) zero-fills the whole range first. A gradient whose
// whole input vector feeds one node (a sum, a dot product, a log-sum-exp of x) then costs one
// pass over g instead of a zero-fill and an update (sum at n = 65536: 27.8 -> 20.4 us for
// those passes).
template <class T>
struct AdjointSpace {
  T* tape = nullptr;
  T* external = nullptr;
  Index external_first = kNoIndex;
  Index external_size = 0;
  bool* pending = nullptr;  // the external range is still unset (not null while there is one)
  // The position of `index` in the external range: external_size or more when it is not in
  // it (the subtraction wraps around below external_first).
  SLOPE_ALWAYS_INLINE Index external_offset(Index index) const { return index - external_first; }
  SLOPE_ALWAYS_INLINE T* at(Index index) const {
    const Index offset = external_offset(index);
    if (offset < external_size) {
      if (*pending) [[unlikely]] zero_fill(external, external_size, pending);
      return external + offset;
    }
    return tape + index;
  }
  // True once for a write of all of the external range while it is unset: the caller then
  // assigns the range (external[0, size)) instead of adding to it.
  SLOPE_ALWAYS_INLINE bool claim_external(Index first, Eigen::Index size) const {
    if (size != static_cast<Eigen::Index>(external_size) || first != external_first || !*pending) return false;
    *pending = false;
    return true;
  }
  // Zero-fills the external range if it is still unset.
  void settle() const {
    if (external_size != 0 && *pending) zero_fill(external, external_size, pending);
  }
  // Out of line: at() is inlined wherever a node finds an adjoint, and gradients below
  // kExternalAdjointsFrom inputs never get here. Static, with the fields as arguments: called
  // as a member (with `this`), it made every node's backward pass build its AdjointSpace in
  // memory first, with or without the call (with the constant weights' path in
  // AdjointRangeLeaf, the sum's gradient at n = 16: 448 -> 416 instructions).
  [[gnu::noinline]] static void zero_fill(T* external, Index size, bool* pending) {
    std::fill_n(external, size, T(0));
    *pending = false;
  }
};

// A matrix-level operation on the tape. Its backward pass reads and writes adjoints through
// the tape (usually as Eigen::Map over index ranges, from AdjointSpace::at). Nodes live in the
// tape's arena.
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
  ~Tape() {
    destroy_nodes();
    while (arena_first_ != nullptr) {
      ArenaBlock* next = arena_first_->next;
      ::operator delete(arena_first_, std::align_val_t{kTapeAlignment});
      arena_first_ = next;
    }
  }

  // ---------------------------------------------------------------- recording

  // A new independent variable with the given value.
  Var<T> variable(const T& value);

  // One new variable with the given value (an independent variable, a node's scalar output):
  // one slot, never padded, so it is a push inlined where it is recorded.
  SLOPE_ALWAYS_INLINE Index new_variable(const T& value) {
    variables_.reserve(1);
    const Index index = static_cast<Index>(variables_.size());
    variables_.push_unchecked(value, T(0));
    return index;
  }

  // `count` consecutive new variables with the given values; returns the first index.
  Index new_variables(const T* values, std::size_t count) {
    const Index first = allocate_variables(count);
    std::copy(values, values + count, variables_.first() + first);
    return first;
  }

  // `count` consecutive new variables whose values the caller writes next, at
  // values_data() + first, before anything else is recorded (a node's result computed in
  // place, without a staging copy); returns the first index. A range of several variables
  // starts on a kTapeAlignment boundary (the slots skipped are zero and belong to nothing).
  // With zero_adjoints = false their adjoints are left as they are (the caller zeroes them or
  // keeps them elsewhere: Tape::use_external_adjoints).
  Index allocate_variables(std::size_t count, bool zero_adjoints = true) {
    const std::size_t padding = count > 1 ? aligned_padding(variables_.size()) : 0;
    variables_.reserve(padding + count);
    const std::size_t start = variables_.size();
    if (padding != 0) std::fill_n(variables_.first() + start, padding, T(0));  // (a call to memset otherwise)
    std::fill_n(variables_.second() + start, padding + (zero_adjoints ? count : 0), T(0));
    variables_.commit(padding + count);
    return static_cast<Index>(start + padding);
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
    // The operand pushed last, kept in a register: the first push of a statement compares
    // with a constant, which the compiler folds away, and no push reads the pairs back.
    Index last = kNoIndex;
    SLOPE_ALWAYS_INLINE void push(Index index, const T& partial) {
      SLOPE_DEBUG_CHECK(index != kNoIndex, "slope::Tape: a passive value pushed as a statement operand");
      if (index == last) {
        partials[count - 1] += partial;
        return;
      }
      indices[count] = index;
      partials[count] = partial;
      ++count;
      last = index;
    }
  };
  SLOPE_ALWAYS_INLINE StatementWriter begin_statement(std::size_t max_operands) {
    // Three comparisons on the hot path; growing is rare and kept out of line.
    if (!operands_.has_room(max_operands) || !statements_.has_room(1) || !variables_.has_room(1)) [[unlikely]] {
      grow_for_statement(max_operands);
    }
    return {operands_.first() + operands_.size(), operands_.second() + operands_.size()};
  }
  SLOPE_ALWAYS_INLINE Index end_statement(const StatementWriter& writer, const T& value) {
    if (writer.count == 0) return kNoIndex;
    operands_.commit(writer.count);
    // Below kFirstNodeMarker: the variables' buffer never grows past it (see kMaxVariables).
    const Index lhs = static_cast<Index>(variables_.size());
    variables_.push_unchecked(value, T(0));
    statements_.push_unchecked(lhs, static_cast<std::uint32_t>(writer.count));
    return lhs;
  }

  // Records a matrix-level node, constructed in place in the tape's arena.
  template <class NodeType, class... Args>
  const NodeType& push_node(Args&&... args) {
    static_assert(std::is_base_of_v<Node<T>, NodeType>, "slope::Tape::push_node: the node type must derive from slope::Node<T>");
    static_assert(alignof(NodeType) <= kTapeAlignment, "slope::Tape::push_node: the node type is over-aligned");
    // Room first, so that nothing can fail once the node is constructed. Node k is the
    // statement lhs kNodeMarker - k, which must stay above every variable index.
    if (node_count_ == nodes_.size()) [[unlikely]] grow_nodes();
    statements_.reserve(1);
    void* memory = arena_allocate(sizeof(NodeType), alignof(NodeType));
    NodeType* node = ::new (memory) NodeType(std::forward<Args>(args)...);
    statements_.push_unchecked(kNodeMarker - static_cast<Index>(node_count_), 0);
    nodes_.data()[node_count_++] = node;
    return *node;
  }

  // ---------------------------------------------------------------- sweeping

  // Seeds adj[output] = 1 and sweeps the whole tape backwards.
  void backward(const Var<T>& output);

  // Sweeps the whole tape backwards with whatever adjoints have been seeded.
  // A recording that is one node (x.sum(), log_sum_exp(x), normal_log_pdf(y, mu, sigma) as
  // the whole function) is that node's backward pass, without the sweep loop's set-up and the
  // six registers it saves: the loop is out of line, so that this test is all that is inlined
  // where a sweep starts. With the arena's first block ready after clear(), the gradient at
  // n = 16 (callgrind, peers_bench): sum 499 -> 453 instructions, product 626 -> 582,
  // log-sum-exp 1775 -> 1730, the normal log-density 832 -> 784; loops of scalar statements
  // within 8. Here rather than in sweep(), which every backward() inlined: there it cost the
  // compiler 17 M more instructions per translation unit that takes a gradient (0.3 %).
  void backward() {
    if (statements_.size() == 1 && node_count_ == 1 && external_size_ == 0) {
      nodes_.data()[0]->backward(*this);
    } else if (external_size_ == 0) {
      sweep();
    } else {
      sweep_with_external_adjoints();  // which leaves the external range set
    }
  }

  // Sets every adjoint back to zero, keeping the recording (for another sweep: Jacobian rows).
  void zero_adjoints() {
    std::fill_n(variables_.second(), variables_.size(), T(0));
    std::fill_n(external_adjoints_, external_size_, T(0));
    external_pending_ = false;
  }

  // From now until clear(), the adjoints of variables [first, first + size) are
  // external[0, size) instead of tape slots, unset until the sweep writes them: the first node
  // writing all of them assigns, any other write zero-fills them first (AdjointSpace), and
  // backward() leaves them zero if nothing wrote them. The tape slots of that range are never
  // read as adjoints (the caller need not zero them). The range must not be part of any
  // larger range of variables. Statements with an operand in the range cost two more passes
  // over the statements' operands in each sweep (see sweep_with_external_adjoints), so the
  // range pays off for recordings that are mostly nodes.
  void use_external_adjoints(Index first, std::size_t size, T* external) {
    external_first_ = first;
    external_size_ = static_cast<Index>(size);
    external_adjoints_ = external;
    external_pending_ = true;
  }

  // Forgets the recording; keeps the memory. Vars recorded before are invalid afterwards.
  void clear() {
    destroy_nodes();
    variables_.clear();
    statements_.clear();
    operands_.clear();
    arena_current_ = arena_first_;  // the next node goes to the first block again (if there is one)
    arena_offset_ = 0;
    arena_used_ = 0;
    external_size_ = 0;  // no external range (at() compares against an empty one)
    external_pending_ = false;
    // A new epoch invalidates the Vars recorded so far; only the debug checks look at it,
    // and without them the atomic increment is a measurable part of a small gradient.
    if constexpr (kChecksEnabled) epoch_ = detail::next_epoch();
  }

  // ---------------------------------------------------------------- access

  // Whether this is the stand-in a thread's active-tape slot holds outside any TapeScope.
  bool is_no_active_tape() const;

  const T& value(Index i) const { return variables_.first()[i]; }
  T& adjoint(Index i) { return *adjoint_space().at(i); }
  const T& adjoint(Index i) const { return *adjoint_space().at(i); }
  T adjoint(const Var<T>& x) const;
  // The adjoints of a node's own outputs, which are never external: no lookup.
  T& output_adjoint(Index i) { return variables_.second()[i]; }
  T* output_adjoints(Index first) { return variables_.second() + first; }
  T* values_data() { return variables_.first(); }
  // Where the adjoints are (AdjointSpace::at(index)): the tape's slots, and the external range
  // if one is set.
  AdjointSpace<T> adjoint_space() const {
    return {const_cast<T*>(variables_.second()), external_adjoints_, external_first_, external_size_, &external_pending_};
  }
  std::uint32_t epoch() const { return epoch_; }

  // Memory statistics.
  std::size_t variables() const { return variables_.size(); }
  std::size_t statements() const { return statements_.size() - node_count_; }
  std::size_t nodes() const { return node_count_; }
  std::size_t operands() const { return operands_.size(); }
  // The memory the tape holds, capacity included: what it keeps between recordings.
  std::size_t bytes() const {
    std::size_t arena = 0;
    for (const ArenaBlock* block = arena_first_; block != nullptr; block = block->next) arena += block->size;
    return footprint(variables_.capacity(), statements_.capacity(), operands_.capacity(), nodes_.size(), arena);
  }
  // The memory the current recording occupies: unlike bytes(), the same for the same
  // recording whatever the tape recorded before (a reused tape keeps its largest capacity).
  std::size_t used_bytes() const {
    return footprint(variables_.size(), statements_.size(), operands_.size(), node_count_, arena_used_);
  }

 private:
  // The statements and nodes in reverse, every adjoint where adjoint_space() says it is,
  // except that statements address theirs by tape index (their inner loop has no lookup).
  // Out of line: see backward().
  [[gnu::noinline]] void sweep() {
    const Index* operands = operands_.first();
    const T* partials = operands_.second();
    T* adjoints = variables_.second();
    const Index* defined = statements_.first();
    const std::uint32_t* operand_counts = statements_.second();
    std::size_t end = operands_.size();  // one past the current statement's last operand
    for (std::size_t s = statements_.size(); s-- > 0;) {
      const Index lhs = defined[s];
      if (lhs >= kFirstNodeMarker) [[unlikely]] {
        nodes_.data()[kNodeMarker - lhs]->backward(*this);
        continue;
      }
      const std::size_t begin = end - operand_counts[s];
      const T a = adjoints[lhs];
      // A zero adjoint contributes nothing; skipping it also keeps an infinite partial from
      // turning into 0 * inf = NaN where the output does not depend on this statement.
      // (For Var<Dual>, "zero" includes the tangents: a zero gradient entry can carry a
      // non-zero second derivative.)
      if (!is_exact_zero(a)) {
        // Two operands per iteration: a statement has a few operands, so the loop's own
        // counting is a good part of the sweep (7 % fewer instructions on stochastic volatility).
        std::size_t k = begin;
        for (; k + 2 <= end; k += 2) {
          adjoints[operands[k]] += partials[k] * a;
          adjoints[operands[k + 1]] += partials[k + 1] * a;
        }
        if (k < end) adjoints[operands[k]] += partials[k] * a;
      }
      end = begin;
    }
  }

  // sweep() with an external range: a statement with an operand in the range adds into that
  // operand's tape slot, so those slots are zeroed before the sweep and added into the range
  // after it (each once, then zeroed again: an input may be the operand of several
  // statements). Debug builds zero the whole range's slots and check afterwards that every
  // one is zero again, i.e. that no node wrote an external adjoint to the tape. Out of line,
  // like sweep(): inlined, its set-up went into every backward(output).
  [[gnu::noinline]] void sweep_with_external_adjoints() {
    const AdjointSpace<T> space = adjoint_space();
    T* const slots = variables_.second() + external_first_;
    const auto for_each_external_operand = [&](const auto& visit) {
      const Index* operands = operands_.first();
      for (std::size_t k = 0, count = operands_.size(); k < count; ++k) {
        const Index offset = space.external_offset(operands[k]);
        if (offset < external_size_) visit(offset);
      }
    };
    if constexpr (kChecksEnabled) {
      std::fill_n(slots, external_size_, T(0));
    } else {
      for_each_external_operand([&](Index offset) { slots[offset] = T(0); });
    }
    sweep();
    space.settle();  // the statements add into the range: set it if no node did
    for_each_external_operand([&](Index offset) {
      external_adjoints_[offset] += slots[offset];
      slots[offset] = T(0);
    });
    if constexpr (kChecksEnabled) {
      for (Index i = 0; i < external_size_; ++i) {
        SLOPE_DEBUG_CHECK(is_exact_zero(slots[i]), "slope::Tape::backward: a node wrote an external adjoint to the tape (internal error)");
      }
    }
  }

  // Node k is stored as the statement lhs kNodeMarker - k; such lhs values are never variables
  // because variable indices stay below kFirstNodeMarker (checked in debug builds).
  static constexpr Index kNodeMarker = kNoIndex - 1;
  static constexpr Index kFirstNodeMarker = static_cast<Index>(kMaxVariables);

  // The number of slots that bring a range starting at `index` to a kTapeAlignment boundary.
  // (Euclid's algorithm by hand: <numeric> for std::gcd was 0.3 % of a gradient's compile.)
  static constexpr std::size_t greatest_common_divisor(std::size_t a, std::size_t b) {
    return b == 0 ? a : greatest_common_divisor(b, a % b);
  }
  static constexpr std::size_t kSlotsPerAlignment = kTapeAlignment / greatest_common_divisor(kTapeAlignment, sizeof(T));
  static std::size_t aligned_padding(std::size_t index) {
    return (kSlotsPerAlignment - index % kSlotsPerAlignment) % kSlotsPerAlignment;
  }

  static std::size_t footprint(std::size_t variables, std::size_t statements, std::size_t operands, std::size_t nodes,
                               std::size_t arena) {
    return variables * 2 * sizeof(T) + statements * (sizeof(Index) + sizeof(std::uint32_t)) + operands * (sizeof(Index) + sizeof(T)) +
           nodes * sizeof(void*) + arena;
  }

  // The nodes' memory: a chain of blocks, each at least twice the size of the one before,
  // kept by clear() and filled from the first again. A block's bytes start kTapeAlignment
  // after its header, so any node alignment up to that holds.
  struct ArenaBlock {
    ArenaBlock* next;
    std::size_t size;  // the bytes after the header
  };
  static std::byte* arena_bytes(ArenaBlock* block) { return reinterpret_cast<std::byte*>(block) + kTapeAlignment; }

  [[gnu::noinline]] void grow_for_statement(std::size_t max_operands) {
    // The stand-in for "no active tape" has no room at all, so a statement recorded outside
    // any TapeScope reaches this cold path instead of a check on the hot one.
    if (is_no_active_tape()) detail::throw_no_active_tape();
    operands_.reserve(max_operands);
    variables_.reserve(1);
    statements_.reserve(1);
  }

  // Room for more nodes, never more than the node markers can number.
  [[gnu::noinline]] void grow_nodes() {
    constexpr std::size_t kLimit = kNodeMarker - kFirstNodeMarker;
    if (node_count_ >= kLimit) detail::throw_index_limit();
    nodes_.grow_to(std::min(std::max<std::size_t>(64, 2 * node_count_), kLimit));
  }

  void* arena_allocate(std::size_t size, std::size_t alignment) {
    while (true) {
      if (arena_current_ != nullptr) {
        const std::size_t start = (arena_offset_ + alignment - 1) / alignment * alignment;
        if (start + size <= arena_current_->size) {
          arena_used_ += size;
          arena_offset_ = start + size;
          return arena_bytes(arena_current_) + start;
        }
      }
      ArenaBlock* next = arena_current_ == nullptr ? arena_first_ : arena_current_->next;
      arena_current_ = next != nullptr ? next : append_arena_block(size);
      arena_offset_ = 0;
    }
  }

  // A new block after the current one (the last), for a node of `size` bytes at least.
  [[gnu::noinline]] ArenaBlock* append_arena_block(std::size_t size) {
    const std::size_t bytes = std::max(size, arena_current_ == nullptr ? std::size_t{4096} : 2 * arena_current_->size);
    ArenaBlock* block = ::new (::operator new(kTapeAlignment + bytes, std::align_val_t{kTapeAlignment})) ArenaBlock{nullptr, bytes};
    (arena_current_ == nullptr ? arena_first_ : arena_current_->next) = block;
    return block;
  }

  void destroy_nodes() {
    Node<T>* const* nodes = nodes_.data();
    for (std::size_t k = 0; k < node_count_; ++k) nodes[k]->~Node();
    node_count_ = 0;
  }

  detail::PairedBuffer<T, T, kMaxVariables> variables_;  // value and adjoint of each variable
  // The variable each statement defines (or a node marker) and its number of operands. The
  // operands of statement s are the operand_count ones before those of the statements after
  // it, so the backward sweep finds them with a running position.
  detail::PairedBuffer<Index, std::uint32_t> statements_;
  detail::PairedBuffer<Index, T> operands_;  // (operand index, partial) of each statement operand
  detail::AlignedArray<Node<T>*> nodes_;  // the first node_count_ are the nodes recorded
  std::size_t node_count_ = 0;
  ArenaBlock* arena_first_ = nullptr;
  ArenaBlock* arena_current_ = nullptr;  // the block being filled (the first after clear()); nullptr while there is none
  std::size_t arena_offset_ = 0;  // in arena_current_
  // The nodes' bytes since the last clear(), without alignment padding: the padding depends on
  // where the blocks begin, which depends on what the tape recorded before.
  std::size_t arena_used_ = 0;
  // use_external_adjoints' range, until clear()
  Index external_first_ = kNoIndex;
  Index external_size_ = 0;
  T* external_adjoints_ = nullptr;
  mutable bool external_pending_ = false;  // AdjointSpace::pending
  std::uint32_t epoch_;
};

// ---------------------------------------------------------------- the active tape

namespace detail {
// What a thread's slot holds outside any TapeScope: an empty tape with no room, never used
// to record. A statement recorded onto it fails in the tape's cold growth path, so the hot
// path needs no check; every other use goes through active_tape(), which checks for it.
template <class T>
inline Tape<T> no_active_tape;

template <class T>
Tape<T>*& active_tape_slot() {
  thread_local Tape<T>* tape = &no_active_tape<T>;
  return tape;
}
}  // namespace detail

template <class T>
bool Tape<T>::is_no_active_tape() const {
  return this == &detail::no_active_tape<T>;
}

// The tape this thread records Var<T> operations onto; slope::usage_error outside any
// TapeScope, in every build (also with NDEBUG, where recording would otherwise write through
// an invalid tape).
template <class T>
Tape<T>& active_tape() {
  Tape<T>* tape = detail::active_tape_slot<T>();
  if (tape->is_no_active_tape()) [[unlikely]] detail::throw_no_active_tape();
  return *tape;
}

// The same without the check, for recording a statement (the hot path): the stand-in has no
// room, so begin_statement reaches grow_for_statement, which throws the same error.
template <class T>
SLOPE_ALWAYS_INLINE Tape<T>& statement_tape() {
  return *detail::active_tape_slot<T>();
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
