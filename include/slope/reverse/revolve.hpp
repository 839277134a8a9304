// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Binomial checkpointing of time loops: checkpoint_loop runs state = step(state, k, params...)
// for k = 0, ..., N - 1 storing at most S states, and reverses it in the backward sweep by
// Griewank and Walther's schedule (Revolve).
//
// The backward sweep of a loop needs its states in reverse order. Keeping every step's tape
// costs N step tapes (10^7 steps of a 100-dimensional state: about 10^9 tape entries); keeping
// S states, the others are recomputed by running forward again from a stored one, and only one
// step is recorded at a time. Griewank and Walther (ACM TOMS 26(1), 2000, Algorithm 799
// "revolve") show that the fewest forward steps such a reversal needs is
//     t(N, S) = r N - beta(S + 1, r - 1),    beta(s, r) = (s + r)! / (s! r!),
// where the repetition number r is the least with beta(S, r) >= N (no step runs forward more
// than r times), and that their schedule attains it. With S = 100, r is 2 up to N = 5151, 3
// up to 176851 and 4 up to 4598126. Memory: S states and one step's tape.
//
//     auto euler = [h](const auto& x, std::size_t, const auto& theta) { return (x + h * rhs(x, theta)).eval(); };
//     slope::VarVector<double> xN = slope::checkpoint_loop(euler, x0, {.steps = 100000, .snapshots = 100}, theta);
//     tape.backward(loss(xN));   // adjoints of x0 and theta, recording one step at a time
//
// step(state, k, params...) is called two ways, so it is written generically (as for
// slope::gradient_forward): to advance without recording, with the state an Eigen vector of T
// and each parameter a T (for a Var) or an Eigen vector of T (for a VarVector); to record a
// step, with a VarVector<T> state and each parameter a Var<T> or VarVector<T> on the step's
// tape. It returns the next state (an Eigen or VarVector expression of the state's size).
// Parameters that are matrices are passed as vectors (W.reshaped(W.size(), 1)) and reshaped
// inside step (theta.reshaped(n, n)); numbers, Eigen matrices and other data that are not
// differentiated are passed as they are, to both calls. Everything step reads that has a
// derivative must come through its arguments: a Var or VarVector it captured belongs to the
// outer tape and cannot be recorded on the step's tape (debug builds throw slope::usage_error).
// A running cost (the integral of a loss over the trajectory) is carried as one more
// component of the state.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/traits.hpp"
#include "slope/reverse/checkpoint.hpp"
#include "slope/reverse/matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

// The schedule itself: it knows nothing of states or tapes, the caller performs its actions.
//
//     slope::Revolve schedule(steps, snapshots);   // the caller's state is x_0, at position 0
//     for (auto a = schedule.next(); a != slope::Revolve::Action::terminate; a = schedule.next()) {
//       /* perform a: see Action */ }
class Revolve {
 public:
  // What the caller does next, holding one current state at position p (initially x_0, p = 0).
  enum class Action {
    takeshot,   // store the current state (p == capo()) in snapshot slot slot()
    advance,    // run steps p, p + 1, ..., capo() - 1 forward without recording; p = capo()
    firsturn,   // record step capo() (p == capo(), the last step N - 1) and sweep it backward,
                // seeded with the adjoint of x_N
    youturn,    // record step capo() (p == capo()) and sweep it backward, seeded with the
                // adjoint of x_{capo() + 1} that the previous sweep left
    restore,    // make the state in snapshot slot slot() current; p = capo()
    terminate,  // every step has been reversed: the adjoint of x_0 is complete
  };

  // A schedule for `steps` steps with at most `snapshots` stored states (x_0 among them).
  Revolve(std::size_t steps, std::size_t snapshots) : fine_(steps), snapshots_(snapshots) {
    check_argument(snapshots >= 1, "slope::Revolve: at least one snapshot (of x_0) is needed");
    stored_.reserve(std::min(snapshots, std::max<std::size_t>(steps, 1)));
  }

  Action next() {
    if (capo_ == fine_) {  // steps [capo, ...) are reversed: back to the latest snapshot
      if (fine_ == 0) return Action::terminate;
      capo_ = stored_.back();
      return Action::restore;
    }
    if (fine_ - capo_ == 1) {  // the step from capo is the next one to reverse
      --fine_;
      if (!stored_.empty() && stored_.back() == capo_) stored_.pop_back();  // no longer needed
      if (turned_) return Action::youturn;
      turned_ = true;
      return Action::firsturn;
    }
    if (stored_.empty() || stored_.back() != capo_) {
      // The schedule below never asks for more slots than it has.
      SLOPE_DEBUG_CHECK(stored_.size() < snapshots_, "slope::Revolve: internal error, out of snapshot slots");
      stored_.push_back(capo_);
      return Action::takeshot;
    }
    capo_ += advance_length(fine_ - capo_, snapshots_ - (stored_.size() - 1));
    return Action::advance;
  }

  // The position of the state the current action is about (see Action).
  std::size_t capo() const { return capo_; }
  // Steps [0, fine()) are still to be reversed.
  std::size_t fine() const { return fine_; }
  // The snapshot slot of a takeshot or restore, in [0, snapshots).
  std::size_t slot() const { return stored_.size() - 1; }
  // Snapshot slots holding a state the schedule still needs.
  std::size_t stored() const { return stored_.size(); }

  // beta(s, r) = (s + r)! / (s! r!): the most steps that s snapshots can reverse when no step
  // runs forward more than r times. 0 for s < 0 or r < 0; saturates at the largest uint64.
  static std::uint64_t beta(std::int64_t s, std::int64_t r) {
    if (s < 0 || r < 0) return 0;
    const auto k = static_cast<std::uint64_t>(std::min(s, r));
    const auto n = static_cast<std::uint64_t>(s + r);
    std::uint64_t c = 1;  // C(n - k + i, i) after step i: exact, and increasing in i
    for (std::uint64_t i = 1; i <= k; ++i) {
      const std::uint64_t factor = n - k + i;
      if (c > std::numeric_limits<std::uint64_t>::max() / factor) return std::numeric_limits<std::uint64_t>::max();
      c = c * factor / i;
    }
    return c;
  }
  // The repetition number r: the least with beta(snapshots, r) >= steps.
  static std::size_t repetitions(std::size_t steps, std::size_t snapshots) {
    std::size_t r = 0;
    while (beta(signed_of(snapshots), signed_of(r)) < steps) ++r;
    return r;
  }
  // t(N, S) = r N - beta(S + 1, r - 1): the fewest forward steps (without recording) that
  // reverse N steps with S snapshots; Revolve's schedule takes exactly this many.
  static std::size_t minimal_advances(std::size_t steps, std::size_t snapshots) {
    const std::size_t r = repetitions(steps, snapshots);
    return r * steps - static_cast<std::size_t>(beta(signed_of(snapshots) + 1, signed_of(r) - 1));
  }

 private:
  static std::int64_t signed_of(std::size_t n) { return static_cast<std::int64_t>(n); }

  // How far to advance from the latest snapshot when `length` steps remain to be reversed
  // with `free` snapshots (the one just taken among them). With r the repetition number of
  // (length, free), the next snapshot splits the range in two parts, the first reversed with
  // `free` snapshots and r repetitions, the second with one snapshot fewer; the positions
  // that keep the total at t(length, free) form an interval, and this picks the one the
  // original revolve code picks (its binomial case analysis, b1..b5 below).
  static std::size_t advance_length(std::size_t length, std::size_t free) {
    const std::int64_t c = signed_of(free), l = signed_of(length);
    std::int64_t r = 0;
    std::uint64_t range = 1;
    while (range < length) range = beta(c, ++r);
    // Signed, and small enough that the sums below cannot overflow (only values below
    // `length` take part in the arithmetic; larger ones are only compared).
    const auto b = [](std::int64_t s, std::int64_t reps) {
      return static_cast<std::int64_t>(std::min<std::uint64_t>(beta(s, reps), std::uint64_t{1} << 62));
    };
    const std::int64_t b1 = b(c, r - 1), b2 = b(c - 1, r - 1), b3 = b(c - 2, r - 1), b4 = b(c, r - 2), b5 = b(c - 3, r);
    const std::int64_t whole = b(c, r);
    std::int64_t step;
    if (l <= b1 + b3) {
      step = b4;
    } else if (l >= whole - b5) {
      step = b1;
    } else {
      step = l - b2 - b3;
    }
    return static_cast<std::size_t>(std::max<std::int64_t>(step, 1));
  }

  std::size_t capo_ = 0;
  std::size_t fine_;
  std::size_t snapshots_;
  bool turned_ = false;
  std::vector<std::size_t> stored_;  // the position of the state in each slot in use
};

// ---------------------------------------------------------------- checkpoint_loop

// What a checkpointed loop did; see LoopCheckpoints::stats.
struct LoopCheckpointStats {
  std::size_t advances = 0;         // steps run forward without recording (x_N's included)
  std::size_t recorded_steps = 0;   // steps recorded on the step tape and swept backward
  std::size_t stored_states = 0;    // the most snapshots held at once (x_0 among them)
  std::size_t state_bytes = 0;      // the node's states: snapshots, x_0 and two working states
  std::size_t step_tape_bytes = 0;  // the largest recording of one step (Tape::used_bytes() of the step tape)
};

// How checkpoint_loop runs.
struct LoopCheckpoints {
  std::size_t steps = 0;      // N: state = step(state, k, params...) for k = 0, ..., N - 1
  std::size_t snapshots = 0;  // S >= 1: the most states stored at once, x_0 among them
  // When given: reset when the loop is recorded, added to by each backward sweep through it
  // (so it must outlive them).
  LoopCheckpointStats* stats = nullptr;
};

namespace checkpoint_detail {

// The parameters as step receives them when advancing without recording.
template <class Stored>
struct plain_params;
template <class... S>
struct plain_params<std::tuple<S...>> {
  using type = std::tuple<decltype(std::declval<const S&>().plain())...>;
};
template <class Stored>
using plain_params_t = typename plain_params<Stored>::type;

// The state of a checkpointed loop between its recording and its backward sweeps: the step,
// copies of x_0 and of the parameters, the schedule and its snapshots.
template <class T, class Step, class Params>
class Loop {
 public:
  Loop(Step step, Params params, Vector<T> x0, std::size_t steps, std::size_t snapshots, LoopCheckpointStats* stats)
      : step_(std::move(step)),
        params_(std::move(params)),
        x0_(std::move(x0)),
        steps_(steps),
        snapshot_count_(snapshots),
        stats_(stats),
        schedule_(steps, snapshots),
        current_(x0_.size()),
        next_(x0_.size()) {
    if (stats_ != nullptr) *stats_ = {};
  }

  // Runs the schedule from x_0 to its first turn: the current state is then x_{N-1}.
  void run_to_first_turn() {
    schedule_ = Revolve(steps_, snapshot_count_);
    current_ = x0_;
    position_ = 0;
    while (true) {
      switch (schedule_.next()) {
        case Revolve::Action::takeshot:
          take_snapshot();
          break;
        case Revolve::Action::advance:
          advance_to(schedule_.capo());
          break;
        case Revolve::Action::firsturn:
          return;
        default:  // restore, youturn and terminate come only after the first turn
          SLOPE_DEBUG_CHECK(false, "slope::checkpoint_loop: internal error, Revolve turned back before its first turn");
          return;
      }
    }
  }

  // x_N = step(x_{N-1}, N - 1), once run_to_first_turn has made x_{N-1} current.
  const Vector<T>& last_state() {
    plain_step(steps_ - 1, next_);
    return next_;
  }

  // The backward sweep of the loop: `lambda` holds adj x_N on entry and adj x_0 on return;
  // adj_param += the parameters' adjoints, in `adjoints` (the recording tape's array).
  void reverse(Vector<T>& lambda, const AdjointSpace<T>& adjoints) {
    NestedTape<T> nested;
    if (swept_) run_to_first_turn();  // another sweep of the same recording starts from x_0 again
    swept_ = true;
    reverse_step(position_, lambda, adjoints, *nested);  // the first turn: step N - 1
    while (true) {
      switch (schedule_.next()) {
        case Revolve::Action::takeshot:
          take_snapshot();
          break;
        case Revolve::Action::advance:
          advance_to(schedule_.capo());
          break;
        case Revolve::Action::restore:
          current_ = snapshots_[schedule_.slot()];
          position_ = schedule_.capo();
          break;
        case Revolve::Action::youturn:
          reverse_step(position_, lambda, adjoints, *nested);
          break;
        case Revolve::Action::firsturn:
        case Revolve::Action::terminate:
          return;
      }
    }
  }

 private:
  Eigen::Index size() const { return x0_.size(); }

  void take_snapshot() {
    const std::size_t slot = schedule_.slot();
    if (slot >= snapshots_.size()) snapshots_.resize(slot + 1);
    snapshots_[slot] = current_;
    if (stats_ != nullptr) {
      stats_->stored_states = std::max(stats_->stored_states, schedule_.stored());
      stats_->state_bytes = (snapshots_.size() + 3) * static_cast<std::size_t>(size()) * sizeof(T);
    }
  }

  void advance_to(std::size_t position) {
    for (; position_ < position; ++position_) {
      plain_step(position_, next_);
      current_.swap(next_);
    }
  }

  // into = step(current, k) on plain values.
  void plain_step(std::size_t k, Vector<T>& into) {
    const Vector<T>& state = current_;
    std::apply([&](const auto&... p) { assign_state(into, step_(state, k, p.plain()...)); }, params_);
    if (stats_ != nullptr) ++stats_->advances;
  }
  template <class R>
  void assign_state(Vector<T>& into, const R& next) const {
    static_assert(EigenDense<R>,
                  "slope::checkpoint_loop: step, called with an Eigen vector to advance without recording, must return "
                  "an Eigen vector or expression; write it generic in the state's type");
    check_argument(next.rows() == size() && next.cols() == 1,
                   "slope::checkpoint_loop: step must return a vector of the size of x0");
    into.noalias() = next.matrix();
  }

  // Records step k from the current state on the nested tape and sweeps it: lambda = adj x_k
  // from adj x_{k+1}; adj_param += what reaches each parameter.
  void reverse_step(std::size_t k, Vector<T>& lambda, const AdjointSpace<T>& adjoints, Tape<T>& nested) {
    nested.clear();
    const Index first = nested.allocate_variables(static_cast<std::size_t>(size()));
    const VarVector<T> state = VarVector<T>::on_tape(first, size(), 1, nested.epoch(), current_.data());
    const auto copies = nested_inputs(params_, nested);
    const VarVector<T> next = std::apply([&](const auto&... p) { return recorded_state(step_(state, k, p...)); }, copies);
    check_argument(next.rows() == size() && next.cols() == 1,
                   "slope::checkpoint_loop: step must return a vector of the size of x0");
    if (next.is_active()) {
      Eigen::Map<Vector<T>>(nested.adjoint_space().at(next.first()), size()) += lambda;
      nested.backward();
      lambda = Eigen::Map<const Vector<T>>(nested.adjoint_space().at(first), size());
      add_input_adjoints(params_, copies, adjoints, nested);
    } else {
      lambda.setZero();  // the next state depends on neither the state nor the parameters
    }
    if (stats_ != nullptr) {
      ++stats_->recorded_steps;
      stats_->step_tape_bytes = std::max(stats_->step_tape_bytes, nested.used_bytes());
    }
  }
  template <class R>
  static VarVector<T> recorded_state(R&& next) {
    static_assert(VarDense<R>,
                  "slope::checkpoint_loop: step, called with a VarVector state to record a step, must return a "
                  "VarVector or an expression of one");
    return VarVector<T>(std::forward<R>(next));
  }

  Step step_;
  Params params_;
  Vector<T> x0_;
  std::size_t steps_;
  std::size_t snapshot_count_;
  LoopCheckpointStats* stats_;
  Revolve schedule_;
  std::vector<Vector<T>> snapshots_;  // by slot; allocated as the schedule first uses them
  Vector<T> current_, next_;
  std::size_t position_ = 0;  // the step index of current_
  bool swept_ = false;
};

// The checkpointed loop on the tape. Backward: adj x_0 and adj params from adj x_N, by the
// schedule (one step recorded at a time).
template <class T, class LoopState>
class LoopNode final : public Node<T> {
 public:
  LoopNode(LoopState loop, Index x0, Index out, Eigen::Index size)
      : loop_(std::move(loop)), x0_(x0), out_(out), size_(size) {}
  void backward(Tape<T>& tape) const override {
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    Vector<T> lambda = Eigen::Map<const Vector<T>>(tape.output_adjoints(out_), size_);
    bool zero = true;
    for (Eigen::Index i = 0; i < size_ && zero; ++i) zero = is_exact_zero(lambda[i]);
    if (zero) return;  // nothing depends on x_N
    loop_.reverse(lambda, adjoints);
    if (x0_ != kNoIndex) Eigen::Map<Vector<T>>(adjoints.at(x0_), size_) += lambda;
  }

 private:
  mutable LoopState loop_;  // the schedule and snapshots change during a sweep
  Index x0_;
  Index out_;
  Eigen::Index size_;
};

}  // namespace checkpoint_detail

namespace checkpoint_detail {

// The loop on plain values (no active x0 or parameter): the state takes the scalar of step's
// result, so that Dual parameters make a double x0's successors Duals.
template <class Step, class State, class... Params>
auto run_plain_loop(const Step& step, const State& x0, std::size_t steps, const Params&... params) {
  using Start = Vector<typename State::Scalar>;
  using Next = std::remove_cvref_t<decltype(step(std::declval<const Start&>(), std::size_t{0}, params...))>;
  static_assert(EigenDense<Next>,
                "slope::checkpoint_loop: step, called with an Eigen vector to advance without recording, must return "
                "an Eigen vector or expression; write it generic in the state's type");
  Vector<typename Next::Scalar> state = x0.template cast<typename Next::Scalar>(), next(state.size());
  for (std::size_t k = 0; k < steps; ++k) {
    const auto& result = step(std::as_const(state), k, params...);
    check_argument(result.rows() == state.size() && result.cols() == 1,
                   "slope::checkpoint_loop: step must return a vector of the size of x0");
    next.noalias() = result.matrix();
    state.swap(next);
  }
  return state;
}

// The loop recorded as one LoopNode on `tape`, once step is known to take both kinds of
// arguments.
template <class T, class Step, class Stored>
VarVector<T> record_loop(Tape<T>& tape, Step step, const VarVector<T>& start, Stored stored, const LoopCheckpoints& loop) {
  if (loop.steps == 0) return start;
  Vector<T> x0_values = Eigen::Map<const Vector<T>>(start.data(start.is_active() ? tape.values_data() : nullptr), start.size());
  const bool active = start.is_active() || any_active(stored);
  using LoopState = Loop<T, Step, Stored>;
  LoopState runner(std::move(step), std::move(stored), std::move(x0_values), loop.steps, loop.snapshots, loop.stats);
  runner.run_to_first_turn();
  const Vector<T>& last = runner.last_state();
  if (!active) return VarVector<T>::constant(last);
  const Index out = tape.new_variables(last.data(), static_cast<std::size_t>(last.size()));
  const Eigen::Index size = last.size();
  tape.template push_node<LoopNode<T, LoopState>>(std::move(runner), start.is_active() ? start.first() : kNoIndex, out, size);
  return VarVector<T>::on_tape(out, size, 1, tape.epoch());
}

}  // namespace checkpoint_detail

// The loop state = step(state, k, params...), k = 0, ..., N - 1, from state = x0, recorded as
// one node that stores at most S states and reverses the loop by Revolve's schedule in the
// backward sweep (see the top of this file). x0 is a VarVector<T> (or an Eigen vector, then a
// constant); params are Vars, VarVectors or constants. Returns x_N as a VarVector<T>; with no
// active x0 or parameter, as an Eigen vector (the loop run plainly).
template <class Step, class State, class... Params>
auto checkpoint_loop(Step step, State&& x0, const LoopCheckpoints& loop, Params&&... params) {
  constexpr bool kVectorState = VarDense<State> || EigenDense<State>;
  static_assert(kVectorState, "slope::checkpoint_loop: x0 must be a VarVector (or an Eigen vector, a constant)");
  if constexpr (kVectorState) {
    check_argument(loop.snapshots >= 1, "slope::checkpoint_loop: snapshots must be at least 1 (x0 is one)");
    check_argument(x0.cols() == 1, "slope::checkpoint_loop: x0 must be a vector (one column)");
    using T = checkpoint_detail::first_active_t<State, Params...>;
    if constexpr (std::is_void_v<T>) {
      return checkpoint_detail::run_plain_loop(step, x0, loop.steps, params...);
    } else {
      Tape<T>& tape = active_tape<T>();
      VarVector<T> start;
      if constexpr (VarDense<State>) {
        start = VarVector<T>(std::forward<State>(x0));
        start.check_tape(tape);
      } else {
        start = VarVector<T>(x0.template cast<T>());  // a constant
      }
      auto stored = std::make_tuple(checkpoint_detail::store<T, true>(
          tape, std::forward<Params>(params),
          "slope::checkpoint_loop: a matrix parameter must be passed as a vector (m.reshaped(m.size(), 1)) and "
          "reshaped inside step")...);
      using Stored = decltype(stored);
      constexpr bool kRecordable =
          checkpoint_detail::kCallableWith<Step, decltype(checkpoint_detail::nested_inputs(stored, tape)), const VarVector<T>&,
                                           std::size_t>;
      constexpr bool kAdvanceable = checkpoint_detail::kCallableWith<Step, checkpoint_detail::plain_params_t<Stored>,
                                                                     const checkpoint_detail::Vector<T>&, std::size_t>;
      static_assert(kRecordable,
                    "slope::checkpoint_loop: step must be callable as step(state, k, params...) with the state a "
                    "VarVector<T>, k a std::size_t and the parameters as passed (see slope/reverse/revolve.hpp)");
      static_assert(kAdvanceable,
                    "slope::checkpoint_loop: step must also take an Eigen vector state and plain parameters (it "
                    "advances without recording); write it generic: [](const auto& state, std::size_t k, const auto& "
                    "theta) { ... }");
      if constexpr (kRecordable && kAdvanceable) {
        return checkpoint_detail::record_loop(tape, std::move(step), start, std::move(stored), loop);
      }
    }
  }
}

}  // namespace slope
