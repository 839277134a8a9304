// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Checkpointing: a sub-computation kept on the tape as its inputs, and recorded again when the
// backward sweep reaches it.
//
// checkpoint(g, inputs...) records g on a tape of its own, copies the result to the active
// tape and records ONE node there that holds copies of g's inputs; g's own recording is then
// dropped. When the backward sweep reaches the node, it runs g again on a nested tape with the
// stored inputs, sweeps that recording seeded with the result's adjoint, and adds what reaches
// g's inputs to their adjoints:
//     y = g(x),   xbar += (dg/dx)^T ybar,   dg/dx taken from a new recording of g at the stored x.
// The tape keeps the memory of g's inputs instead of g's tape, for one more recording of g.
// For time loops, checkpoint_loop (slope/reverse/revolve.hpp) stores at most S states.
//
//     auto layer = [](const slope::VarVector<double>& x, const slope::Var<double>& s) { return (s * x).eval(); };
//     slope::VarVector<double> y = slope::checkpoint(layer, x, s);  // one node; layer's tape is gone
//     tape.backward(loss(y));                                        // layer is recorded again here
//
// g receives each input as: a Var<T> (from a Var or a scalar expression of Vars), a
// VarMatrix<T> of the same shape (from a VarMatrix, VarVector or element-wise expression),
// each on the nested tape; anything else (numbers, Eigen matrices, your own data) as a const
// reference to a copy stored in the node. g returns a Var<T>, a VarMatrix<T> or an
// expression of them; checkpoint returns a Var<T> or a VarMatrix<T>.
// g must be a function of its arguments alone: it must not use a Var or VarMatrix of the
// outer tape (a captured one; debug builds throw slope::usage_error when it does, and when the
// second run's result differs from the first's), and it runs twice. Checkpoints nest (g may
// call checkpoint), work with forward over reverse (T = Dual, slope::hessian) and use
// per-thread tapes. With no active input (plain numbers, Eigen or Dual values), checkpoint
// returns g(inputs...) as it is, so one generic body serves every mode.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/traits.hpp"
#include "slope/reverse/matrix.hpp"
#include "slope/reverse/scratch_tape.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"

namespace slope {

namespace checkpoint_detail {

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// The tapes a checkpoint records on: this thread's scratch tapes (reverse/scratch_tape.hpp),
// shared with the functional API, one per nesting depth.
template <class T>
using NestedTape = slope::detail::ScratchTape<T>;

// ---------------------------------------------------------------- the kind of each input

template <class X>
inline constexpr bool is_var_v = false;
template <class T>
inline constexpr bool is_var_v<Var<T>> = true;

// The T of an active argument (a Var<T>, a scalar expression of Var<T>, a VarMatrix<T> or an
// element-wise expression of one); void for anything else.
template <class X>
auto active_value_probe() {
  using D = std::remove_cvref_t<X>;
  if constexpr (VarDense<D>) {
    return std::type_identity<var_value_t<D>>{};
  } else if constexpr (Expression<D>) {
    if constexpr (is_var_v<active_type_t<D>>) {
      return std::type_identity<value_type_t<active_type_t<D>>>{};
    } else {
      return std::type_identity<void>{};
    }
  } else {
    return std::type_identity<void>{};
  }
}
template <class X>
using active_value_of = typename decltype(active_value_probe<X>())::type;

// The T of the first active argument; void when there is none.
template <class... Args>
struct first_active {
  using type = void;
};
template <class A, class... Rest>
struct first_active<A, Rest...> {
  using type = std::conditional_t<std::is_void_v<active_value_of<A>>, typename first_active<Rest...>::type, active_value_of<A>>;
};
template <class... Args>
using first_active_t = typename first_active<Args...>::type;

// ---------------------------------------------------------------- stored inputs

// A scalar input: its value and its index on the recording tape (kNoIndex: a constant).
// on(): the input on the nested tape; plain(): its value, for a run without recording.
template <class T>
struct StoredScalar {
  T value;
  Index index;

  bool active() const { return index != kNoIndex; }
  Var<T> on(Tape<T>& nested) const { return active() ? nested.variable(value) : Var<T>(value); }
  const T& plain() const { return value; }
  // adj_input += adj of the input's copy on the nested tape
  void add_adjoint(const AdjointSpace<T>& adjoints, Tape<T>& nested, const Var<T>& copy) const {
    if (active()) *adjoints.at(index) += nested.adjoint(copy.index());
  }
};

// A matrix input (Values: a matrix, or a vector for checkpoint_loop's parameters): a copy of
// its values and its first index on the recording tape (kNoIndex: a constant).
template <class T, class Values>
struct StoredMatrix {
  Values values;
  Index first;
  VarMatrix<T> constant;  // the values as a passive VarMatrix, for a constant

  bool active() const { return first != kNoIndex; }
  // On the nested tape the values are not copied: the VarMatrix reads them from here.
  VarMatrix<T> on(Tape<T>& nested) const {
    if (!active()) return constant;
    const Index at = nested.allocate_variables(static_cast<std::size_t>(values.size()));
    return VarMatrix<T>::on_tape(at, values.rows(), values.cols(), nested.epoch(), values.data());
  }
  const Values& plain() const { return values; }
  void add_adjoint(const AdjointSpace<T>& adjoints, Tape<T>& nested, const VarMatrix<T>& copy) const {
    if (!active()) return;
    Eigen::Map<Vector<T>>(adjoints.at(first), values.size()) +=
        Eigen::Map<const Vector<T>>(nested.adjoint_space().at(copy.first()), values.size());
  }
};

// Anything else: a constant, passed to g as a const reference to the stored copy.
template <class C>
struct StoredConstant {
  C value;

  static constexpr bool active() { return false; }
  template <class Tape>
  const C& on(Tape&) const {
    return value;
  }
  const C& plain() const { return value; }
  template <class Space, class Tape, class Copy>
  void add_adjoint(const Space&, Tape&, const Copy&) const {}
};

// Copies an input for a node: Vars and active matrices with their indices on `tape` (the
// active tape), other values as they are (Eigen expressions evaluated). With kVector, matrix
// inputs must be vectors (checkpoint_loop's parameters), else std::invalid_argument(message).
template <class T, bool kVector, class X>
auto store(Tape<T>& tape, X&& x, const char* not_a_vector = nullptr) {
  using D = std::remove_cvref_t<X>;
  using Active = active_value_of<D>;
  static_assert(std::is_void_v<Active> || std::is_same_v<Active, T>,
                "slope::checkpoint, slope::checkpoint_loop: every active input must have the same T (a "
                "Var<double> does not mix with a VarVector<float>)");
  if constexpr (VarDense<D>) {
    using Values = std::conditional_t<kVector, Vector<T>, Matrix<T>>;
    const VarMatrix<T> m(std::forward<X>(x));
    if constexpr (kVector) check_argument(m.cols() == 1, not_a_vector);
    m.check_tape(tape);
    const T* tape_values = m.is_active() ? tape.values_data() : nullptr;
    Values values = Eigen::Map<const Matrix<T>>(m.data(tape_values), m.rows(), m.cols());
    VarMatrix<T> constant = m.is_active() ? VarMatrix<T>() : m;
    return StoredMatrix<T, Values>{std::move(values), m.first(), std::move(constant)};
  } else if constexpr (!std::is_void_v<Active>) {
    const Var<T> v(std::forward<X>(x));
    v.check_tape(tape);
    return StoredScalar<T>{v.value(), v.is_active() ? v.index() : kNoIndex};
  } else if constexpr (EigenDense<D>) {
    static_assert(!is_var_v<typename D::Scalar>,
                  "slope::checkpoint: an Eigen matrix of Vars cannot be an input; pass a VarMatrix "
                  "(slope::to_var_matrix(m)) instead");
    return StoredConstant<typename D::PlainObject>{typename D::PlainObject(x)};
  } else {
    return StoredConstant<D>{D(std::forward<X>(x))};
  }
}

// The inputs as g receives them on the nested tape: Var<T>, VarMatrix<T>, or a const
// reference to a stored constant.
template <class T, class... Stored>
auto nested_inputs(const std::tuple<Stored...>& stored, Tape<T>& nested) {
  return std::apply(
      [&](const Stored&... s) { return std::tuple<decltype(s.on(nested))...>(s.on(nested)...); }, stored);
}

// adj_input += adj of its nested copy, for every active input.
template <class T, class Stored, class Copies>
void add_input_adjoints(const Stored& stored, const Copies& copies, const AdjointSpace<T>& adjoints, Tape<T>& nested) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (std::get<I>(stored).add_adjoint(adjoints, nested, std::get<I>(copies)), ...);
  }(std::make_index_sequence<std::tuple_size_v<Stored>>{});
}

// Whether f can be called as f(leading..., elements of a const tuple of type Copies...).
template <class F, class Copies, class... Leading>
inline constexpr bool kCallableWith = false;
template <class F, class... C, class... Leading>
inline constexpr bool kCallableWith<F, std::tuple<C...>, Leading...> = std::is_invocable_v<const F&, Leading..., const C&...>;

template <class Stored>
bool any_active(const Stored& stored) {
  return std::apply([](const auto&... s) { return (s.active() || ...); }, stored);
}

// What g returned, as a Var<T> or a VarMatrix<T> (expressions evaluated).
template <class T, class R>
auto result_of(R&& result) {
  using D = std::remove_cvref_t<R>;
  if constexpr (VarDense<D>) {
    static_assert(std::is_same_v<var_value_t<D>, T>, "slope::checkpoint: g must return values of its inputs' T");
    return VarMatrix<T>(std::forward<R>(result));
  } else {
    static_assert(std::is_same_v<active_value_of<D>, T>,
                  "slope::checkpoint: g must return a Var, a VarVector or VarMatrix, or an expression of them");
    return Var<T>(std::forward<R>(result));
  }
}

template <class R>
inline constexpr bool kScalarResult = is_var_v<R>;

// The result of g as recorded on `tape`: its values (number of elements, first element).
template <class T>
std::pair<Eigen::Index, const T*> result_values(const Var<T>& r, Tape<T>&) {
  return {1, &r.value()};
}
template <class T>
std::pair<Eigen::Index, const T*> result_values(const VarMatrix<T>& r, Tape<T>& tape) {
  return {r.size(), r.data(r.is_active() ? tape.values_data() : nullptr)};
}

// The checkpoint node: g, copies of its inputs, and where its result is on the tape.
// Backward: g recorded again on a nested tape at the stored inputs; that recording swept with
// the result's adjoint; adj_input += what reaches each input.
template <class T, class G, class Stored, class Result>
class CheckpointNode final : public Node<T> {
 public:
  CheckpointNode(G g, Stored stored, Index out, Eigen::Index rows, Eigen::Index cols)
      : g_(std::move(g)), stored_(std::move(stored)), out_(out), rows_(rows), cols_(cols) {}

  void backward(Tape<T>& tape) const override {
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    const Eigen::Map<const Vector<T>> result_adjoint(tape.output_adjoints(out_), rows_ * cols_);
    bool zero = true;
    for (Eigen::Index i = 0; i < result_adjoint.size() && zero; ++i) zero = is_exact_zero(result_adjoint[i]);
    if (zero) return;  // nothing depends on the result: no need to run g again
    NestedTape<T> nested;
    const auto copies = nested_inputs(stored_, *nested);
    const Result result = result_of<T>(std::apply(g_, copies));
    const auto [count, values] = result_values(result, *nested);
    if constexpr (kChecksEnabled) check_same_result(values, count, tape.values_data() + out_);
    if (!result.is_active()) return;
    const Index first = first_index(result);
    Eigen::Map<Vector<T>>(nested->adjoint_space().at(first), count) += result_adjoint;
    nested->backward();
    add_input_adjoints(stored_, copies, adjoints, *nested);
  }

 private:
  // Debug builds: the second run must give the first run's result (to round-off: a sum may be
  // taken in another order when its data lies at another alignment).
  void check_same_result(const T* values, Eigen::Index count, const T* recorded) const {
    bool same = count == rows_ * cols_;
    for (Eigen::Index i = 0; i < count && same; ++i) {
      const double a = static_cast<double>(passive_value(values[i])), b = static_cast<double>(passive_value(recorded[i]));
      same = a == b || (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-10 * std::max(std::abs(a), std::abs(b));
    }
    SLOPE_DEBUG_CHECK(same,
                      "slope::checkpoint: g returned another result when it was run again in the backward sweep; g "
                      "must depend on its arguments only (no captured Vars, no random numbers)");
  }
  static Index first_index(const Var<T>& r) { return r.index(); }
  static Index first_index(const VarMatrix<T>& r) { return r.first(); }

  G g_;
  Stored stored_;
  Index out_;
  Eigen::Index rows_, cols_;
};

}  // namespace checkpoint_detail

namespace checkpoint_detail {

// checkpoint's recording, once g is known to accept the stored inputs.
template <class T, class G, class Stored>
auto record_checkpoint(Tape<T>& tape, G g, Stored stored) {
  using Result = decltype(result_of<T>(std::apply(g, std::declval<const decltype(nested_inputs(stored, tape))&>())));
  if (!any_active(stored)) {  // constants only: no derivative to record
    const auto copies = nested_inputs(stored, tape);
    return Result(result_of<T>(std::apply(g, copies)));
  }
  Index out = kNoIndex;
  Eigen::Index rows = 1, cols = 1;
  Result passive;
  {
    NestedTape<T> nested;
    const auto copies = nested_inputs(stored, *nested);
    const Result result = result_of<T>(std::apply(g, copies));
    if (!result.is_active()) {
      passive = result;  // does not depend on the inputs; holds its values itself
    } else {
      const auto [count, values] = result_values(result, *nested);
      out = tape.new_variables(values, static_cast<std::size_t>(count));
      if constexpr (!kScalarResult<Result>) {
        rows = result.rows();
        cols = result.cols();
      }
    }
  }  // g's recording is forgotten here
  if (out == kNoIndex) return passive;
  tape.template push_node<CheckpointNode<T, G, Stored, Result>>(std::move(g), std::move(stored), out, rows, cols);
  if constexpr (kScalarResult<Result>) {
    return Var<T>::on_tape(tape.value(out), out, tape.epoch());
  } else {
    return VarMatrix<T>::on_tape(out, rows, cols, tape.epoch());
  }
}

}  // namespace checkpoint_detail

// g(inputs...) recorded as one node that stores g's inputs and records g again in the backward
// sweep (see the top of this file). Returns a Var<T> or a VarMatrix<T>; with no active input,
// g(inputs...) as it is.
template <class G, class... Inputs>
auto checkpoint(G g, Inputs&&... inputs) {
  using T = checkpoint_detail::first_active_t<Inputs...>;
  if constexpr (std::is_void_v<T>) {
    return g(std::forward<Inputs>(inputs)...);
  } else {
    Tape<T>& tape = active_tape<T>();
    auto stored = std::make_tuple(checkpoint_detail::store<T, false>(tape, std::forward<Inputs>(inputs))...);
    constexpr bool kCallable = checkpoint_detail::kCallableWith<G, decltype(checkpoint_detail::nested_inputs(stored, tape))>;
    static_assert(kCallable,
                  "slope::checkpoint: g must be callable with the inputs, each as a Var, a VarMatrix or a const "
                  "reference to a copy of a constant (see slope/reverse/checkpoint.hpp)");
    if constexpr (kCallable) return checkpoint_detail::record_checkpoint(tape, std::move(g), std::move(stored));
  }
}

}  // namespace slope

#include "slope/reverse/revolve.hpp"
