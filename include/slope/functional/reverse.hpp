// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Reverse-mode functional API: gradient, value_and_gradient, vjp, jacobian, hessian, hvp.
// The whole gradient of f: R^n -> R costs one recording of f and one backward sweep, whatever
// n is. Each call records onto a tape owned by the calling thread and reused from call to
// call, so repeated gradients allocate nothing once the tape has grown to size; calls may
// nest (a function that itself calls slope::gradient) and run on many threads at once.
//
//     auto f = [](const auto& x) { return (x.array() - 1.0).square().sum(); };
//     auto [fx, g] = slope::value_and_gradient(f, Eigen::VectorXd::Constant(3, 10.0)); // 243, (18, 18, 18)
//     Eigen::VectorXd hv = slope::hvp(f, x, v);                                         // 2 v

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/forward/dual.hpp"
#include "slope/functional/arguments.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/forward.hpp"
#include "slope/reverse/matrix.hpp"
#include "slope/reverse/scratch_tape.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"

namespace slope {

// The value of f and its gradient, from one recording: `auto [fx, g] = value_and_gradient(f, x)`.
// The gradient has the point's type (a tuple of them for several points), the value its scalar.
template <class Gradient = Eigen::VectorXd, class Value = double>
struct BasicValueAndGradient {
  Value value;
  Gradient gradient;
};
using ValueAndGradient = BasicValueAndGradient<>;

namespace detail {

// Records x as n consecutive independent variables: the input vector of the callable (a
// VarVector, so that vector code records one node per operation) and the adjoint range
// [first, first + n) holding the gradient after a sweep.
// x outlives the recording and its sweeps, so its values are not copied onto the tape: the
// VarVector reads them from x (VarMatrix::on_tape). Their tape slots stay unwritten; debug
// builds fill them with NaN, so that a read that should have gone to x shows in the tests.
// zero_adjoints = false leaves their adjoint slots as they are, for a caller that zeroes them
// (or does not use them) before the sweep.
template <class T>
VarVector<T> record_inputs(Tape<T>& tape, const Vector<T>& x, bool zero_adjoints = true) {
  const auto n = static_cast<std::size_t>(x.size());
  const Index first = tape.allocate_variables(n, zero_adjoints);
  if constexpr (kChecksEnabled) {
    std::fill_n(tape.values_data() + first, n, T(std::numeric_limits<scalar_of_t<T>>::quiet_NaN()));
  }
  return VarVector<T>::on_tape(first, x.size(), 1, tape.epoch(), x.data());
}

// The inputs' adjoint slots on the tape, as a pointer (input_adjoint_slots) or an Eigen vector
// (input_adjoints). Their adjoints are there unless value_and_gradient_flat makes them external.
template <class T>
T* input_adjoint_slots(Tape<T>& tape, const VarVector<T>& inputs) {
  return tape.adjoint_space().tape + (inputs.size() ? inputs.first() : 0);
}
template <class T>
Eigen::Map<Vector<T>> input_adjoints(Tape<T>& tape, const VarVector<T>& inputs) {
  return {input_adjoint_slots(tape, inputs), inputs.size()};
}

// f applied to the recorded inputs, as the vector type f accepts (InputVector): the VarVector
// itself, or its elements as an Eigen vector of Vars.
template <class F, class T>
decltype(auto) call_on(const F& f, const VarVector<T>& inputs) {
  if constexpr (std::is_same_v<InputVector<F, Var<T>>, VarVector<T>>) {
    return f(inputs);
  } else {
    const Vector<Var<T>> elements = inputs.to_eigen();
    return f(elements);  // a Var or a scalar expression, which holds its operands by value
  }
}

// The outputs of a vector function as one active vector: a VarVector result as it is, an
// expression evaluated (one node), an Eigen vector of Vars gathered (consecutive elements
// are taken as they are).
template <class T, class R>
VarVector<T> as_output_vector(R&& result) {
  if constexpr (VarDense<R>) {
    return VarVector<T>(std::forward<R>(result));
  } else {
    return to_var_matrix(Vector<Var<T>>(std::forward<R>(result)));
  }
}
// F applied to the recorded inputs, its outputs as one active vector (evaluated while the
// inputs F was called with are alive: F may return an expression of them).
template <class F, class T>
VarVector<T> outputs_of(const F& f, const VarVector<T>& inputs) {
  if constexpr (std::is_same_v<InputVector<F, Var<T>>, VarVector<T>>) {
    return as_output_vector<T>(f(inputs));
  } else {
    const Vector<Var<T>> elements = inputs.to_eigen();
    return as_output_vector<T>(f(elements));
  }
}

// Forward over reverse: inputs x + t v (t the Dual direction), so that the adjoints of one
// recording carry (gradient, Hessian times each direction).
template <int N, class S>
Vector<Dual<S, N>> seeded(const Vector<S>& x, const Matrix<S>& directions) {
  Vector<Dual<S, N>> xd(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    typename Dual<S, N>::Tangents t{};
    for (int k = 0; k < N && k < directions.cols(); ++k) t[static_cast<std::size_t>(k)] = directions(i, k);
    xd[i] = Dual<S, N>(x[i], t);
  }
  return xd;
}

// H times the columns of `directions` (at most N of them) by one forward-over-reverse pass.
template <int N, class F, class S>
Matrix<S> hessian_times(const F& f, const Vector<S>& x, const Matrix<S>& directions) {
  using D = Dual<S, N>;
  ScratchTape<D> tape;
  const Vector<D> seeded_x = seeded<N>(x, directions);  // alive until the sweep: see record_inputs
  const VarVector<D> inputs = record_inputs(*tape, seeded_x);
  const Var<D> y = call_on(f, inputs);
  tape->backward(y);
  const Eigen::Map<Vector<D>> adjoints = input_adjoints(*tape, inputs);
  Matrix<S> hv(x.size(), directions.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const D& adjoint = adjoints[i];
    for (Eigen::Index k = 0; k < directions.cols(); ++k) hv(i, k) = adjoint.tangent(static_cast<int>(k));
  }
  return hv;
}

// ---- the modes on a flat vector of S (float or double)

// The gradient goes straight into the caller's vector when f recorded only nodes (vector
// code) and has at least kExternalAdjointsFrom inputs: the inputs' adjoints are `gradient`
// itself (Tape::use_external_adjoints), so there is no zero-fill of tape slots and no copy out
// of the tape, and `gradient` is not zero-filled either when one node writes all of it first
// (a sum, a product, a log-sum-exp or a dot product of the whole x), which then assigns it.
// The copy was the difference to FastAD, which writes into the caller's vector too: sum ÷
// FastAD 1.27-1.29 -> 1.11-1.12 at n = 1024 and 1.25-1.26 -> 1.00-1.01 at 65536, the normal
// log-density 1.05-1.07 -> 0.87-0.89 at 65536 (peers_bench, three interleaved pairs); the
// assignment took the sum's instructions per call from 13568 to 4412 at n = 1024 (callgrind)
// and its time to 0.83-0.84x FastAD's. At n = 16 the same path cost 3-6 ns more per call
// than the copy (sum 29.7 -> 33.2 ns), and the matrix product with 200 inputs 3-6 % more, so
// smaller inputs keep the copy.
// Scalar statements beside the nodes (log(x[n]) beside vector code) cost the sweep two passes
// over their operands with an external range (Tape::sweep_with_external_adjoints), so it is
// used while they are few beside n (at most n / 8 operands); a recording with more (x[i] in
// loops) keeps the inputs' adjoints on the tape and copies them out.
// SLOPE_EXTERNAL_ADJOINTS_FROM overrides the size: slope's own tests set 1, so that every
// gradient they take of vector code goes this way, under the tape's debug check.
#ifndef SLOPE_EXTERNAL_ADJOINTS_FROM
#define SLOPE_EXTERNAL_ADJOINTS_FROM 256
#endif
inline constexpr Eigen::Index kExternalAdjointsFrom = SLOPE_EXTERNAL_ADJOINTS_FROM;

template <class S, class F>
S value_and_gradient_flat(const F& f, const Vector<S>& x, S* gradient) {
  ScratchTape<S> tape;
  const auto n = static_cast<std::size_t>(x.size());
  // Not when the gradient is x's own memory (value_and_gradient(f, x, x)): the nodes read x's
  // values in the backward pass, so x is written only after it.
  const bool overlaps = gradient < x.data() + x.size() && x.data() < gradient + x.size();
  const bool external = x.size() >= kExternalAdjointsFrom && !overlaps;
  const VarVector<S> inputs = record_inputs(*tape, x, /*zero_adjoints=*/!external);
  // A slot that belongs to nothing right after the inputs: no range of variables (an Eigen
  // vector of Vars taken as they are by to_var_matrix) can run from the inputs into what f
  // records, so every range is either all external or all on the tape.
  if (external) tape->new_variable(S(0));
  const Var<S> y = call_on(f, inputs);
  if (external && tape->operands() <= n / 8) {
    // not zero-filled: the sweep sets every entry (Tape::use_external_adjoints)
    tape->use_external_adjoints(inputs.first(), n, gradient);
    tape->backward(y);
    return y.value();
  }
  // A pointer, not input_adjoints' Eigen::Map: the Map's instantiation was 0.8 % of the
  // compiler's work for a one-gradient translation unit.
  S* const tape_slots = input_adjoint_slots(*tape, inputs);
  if (external) std::fill_n(tape_slots, n, S(0));
  tape->backward(y);
  // memcpy, which the C library runs with the widest stores the CPU has: Eigen's copy with
  // x86-64's baseline flags stores 16 bytes at a time, and was store-bound (sum at n = 1024:
  // 28 % of the call); at n = 16 the two copies measured the same. Not std::copy_n, the same
  // memmove behind a dozen small templates (0.2 % of a one-gradient translation unit's
  // compile). The tape's slots never overlap the caller's vector; n = 0 may come with null
  // pointers, which memcpy must not be given.
  static_assert(std::is_trivially_copyable_v<S>);
  if (n != 0) std::memcpy(gradient, tape_slots, n * sizeof(S));
  return y.value();
}

template <class S, class F>
Vector<S> vjp_flat(const F& f, const Vector<S>& x, const Vector<S>& w) {
  ScratchTape<S> tape;
  const VarVector<S> inputs = record_inputs(*tape, x);
  const VarVector<S> y = outputs_of(f, inputs);
  check_argument(y.size() == w.size(), "slope::vjp: w must have as many entries as F has outputs");
  if (y.is_active()) {
    Eigen::Map<Vector<S>>(tape->adjoint_space().at(y.first()), y.size()) += w;
    tape->backward();
  }
  return input_adjoints(*tape, inputs);
}

// One recording, one sweep per output; F's values into *value when asked.
template <class S, class F>
Matrix<S> jacobian_reverse_flat(const F& f, const Vector<S>& x, Vector<S>* value = nullptr) {
  ScratchTape<S> tape;
  const VarVector<S> inputs = record_inputs(*tape, x);
  const VarVector<S> y = outputs_of(f, inputs);
  if (value != nullptr) *value = y.values().reshaped();
  Matrix<S> jac = Matrix<S>::Zero(y.size(), x.size());
  if (!y.is_active()) return jac;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    tape->zero_adjoints();
    tape->adjoint(y.first() + static_cast<Index>(i)) = S(1);
    tape->backward();
    jac.row(i) = input_adjoints(*tape, inputs).transpose();
  }
  return jac;
}

// Reverse mode when m <= n, forward mode when there are more outputs than inputs; the mode
// that compiles when only one does (a custom node without a jvp, a body only Dual can run).
template <class S, class F>
Matrix<S> jacobian_flat(const F& f, const Vector<S>& x) {
  constexpr bool kReverse = VectorFunction<F, Var<S>>;
  constexpr bool kForward = VectorFunction<F, Dual<S>>;
  if constexpr (kReverse && kForward) {
    Matrix<S> reverse = jacobian_reverse_flat(f, x);
    if (reverse.rows() > x.size()) return jacobian_forward_flat<0>(f, x);
    return reverse;
  } else if constexpr (kReverse) {
    return jacobian_reverse_flat(f, x);
  } else {
    return jacobian_forward_flat<0>(f, x);
  }
}

template <int N, class S, class F>
Matrix<S> hessian_flat(const F& f, const Vector<S>& x) {
  const Eigen::Index n = x.size();
  Matrix<S> hess(n, n);
  for (Eigen::Index start = 0; start < n; start += N) {
    const Eigen::Index width = std::min<Eigen::Index>(N, n - start);
    const Matrix<S> block = Matrix<S>::Identity(n, n).middleCols(start, width);
    hess.middleCols(start, width) = hessian_times<N>(f, x, block);
  }
  return hess;
}

// True for a call with one Eigen column vector of double (of any size), which the first
// overloads below take as an Eigen::VectorXd, returning VectorXd derivatives.
template <class... X>
inline constexpr bool kSingleVectorXd = sizeof...(X) == 1 && (kDoubleColumn<X> && ...);

template <class... X>
using points_scalar_t = typename common_point_scalar<std::remove_cvref_t<X>...>::type;

}  // namespace detail

// ---------------------------------------------------------------- one vector of double

namespace detail {
// What value_and_gradient(f, x, g) writes the gradient into: a writable Eigen column of double
// with contiguous entries (an Eigen::VectorXd, a Map, a segment, a column of a matrix), which
// is what a non-const Eigen::Ref<Eigen::VectorXd> binds to. Asked of Eigen's compile-time
// flags: taking an Eigen::Ref instantiated that class in every translation unit that takes a
// gradient (0.8 % of the compiler's work for a one-gradient translation unit).
template <class G>
inline constexpr bool kGradientStorage = [] {
  using D = std::remove_cvref_t<G>;
  if constexpr (!std::is_const_v<std::remove_reference_t<G>> && EigenDense<D>) {
    return std::is_same_v<typename D::Scalar, double> && D::ColsAtCompileTime == 1 && (D::Flags & Eigen::LvalueBit) != 0 &&
           (D::Flags & Eigen::DirectAccessBit) != 0 && D::InnerStrideAtCompileTime == 1;
  } else {
    return false;
  }
}();
}  // namespace detail

// The value of f: R^n -> R, its gradient written into `gradient` (x.size() entries, checked):
// for loops that keep one gradient vector, such as an optimizer's, a call allocates nothing
// once the thread's tape has grown. `gradient` may be x itself (x is read before it is
// written), an Eigen::VectorXd or any contiguous vector of double (a Map, a segment).
template <class F, class G>
  requires ScalarObjective<F, Var<double>> && detail::kGradientStorage<G>
double value_and_gradient(const F& f, const Eigen::VectorXd& x, G&& gradient) {
  check_argument(gradient.size() == x.size(), "slope::value_and_gradient: the gradient vector must have as many entries as x");
  return detail::value_and_gradient_flat<double>(f, x, gradient.data());
}

// The gradient of f: R^n -> R and its value, by one recording and one backward sweep.
template <class F>
  requires ScalarObjective<F, Var<double>>
ValueAndGradient value_and_gradient(const F& f, const Eigen::VectorXd& x) {
  ValueAndGradient result{0.0, Eigen::VectorXd(x.size())};
  result.value = value_and_gradient(f, x, result.gradient);
  return result;
}

// The gradient of f: R^n -> R by reverse mode.
template <class F>
  requires ScalarObjective<F, Var<double>>
Eigen::VectorXd gradient(const F& f, const Eigen::VectorXd& x) {
  return value_and_gradient(f, x).gradient;
}

// The vector-Jacobian product w^T J(x) of F: R^n -> R^m, by one recording and one sweep.
template <class F>
  requires VectorFunction<F, Var<double>>
Eigen::VectorXd vjp(const F& f, const Eigen::VectorXd& x, const Eigen::VectorXd& w) {
  return detail::vjp_flat<double>(f, x, w);
}

// The m x n Jacobian of F: R^n -> R^m. Reverse mode (one recording, m sweeps) when m <= n,
// forward mode (ceil(n/4) passes) when there are more outputs than inputs; when F can run in
// one mode only, that one.
template <class F>
  requires VectorFunction<F, Var<double>> || VectorFunction<F, Dual<double>>
Eigen::MatrixXd jacobian(const F& f, const Eigen::VectorXd& x) {
  return detail::jacobian_flat<double>(f, x);
}

// The Jacobian by reverse mode only: one recording, one sweep per output.
template <class F>
  requires VectorFunction<F, Var<double>>
Eigen::MatrixXd jacobian_reverse(const F& f, const Eigen::VectorXd& x) {
  return detail::jacobian_reverse_flat<double>(f, x);
}

// The Hessian-vector product H(x) v of f: R^n -> R by forward over reverse: one recording
// with Var<Dual<double>>, one sweep, H never formed.
template <class F>
  requires ScalarObjective<F, Var<Dual<double>>>
Eigen::VectorXd hvp(const F& f, const Eigen::VectorXd& x, const Eigen::VectorXd& v) {
  check_argument(x.size() == v.size(), "slope::hvp: x and v must have the same size");
  return detail::hessian_times<1>(f, x, Eigen::MatrixXd(v));
}

// The n x n Hessian of f: R^n -> R by forward over reverse: ceil(n/N) recordings, each giving
// N columns (N = 4 unless chosen).
template <int N = 4, class F>
  requires ScalarObjective<F, Var<Dual<double, N>>>
Eigen::MatrixXd hessian(const F& f, const Eigen::VectorXd& x) {
  return detail::hessian_flat<N, double>(f, x);
}

// The values of F: R^n -> R^m and its m x n Jacobian, from the same evaluations:
// `auto [y, J] = slope::value_and_jacobian(F, x)`.
struct ValueAndJacobian {
  Eigen::VectorXd value;
  Eigen::MatrixXd jacobian;
};

// F(x) and its Jacobian: by reverse mode when m <= n (the value read off the recording),
// else by forward mode (the value from the first pass), as jacobian chooses.
template <class F>
  requires VectorFunction<F, Var<double>> || VectorFunction<F, Dual<double>>
ValueAndJacobian value_and_jacobian(const F& f, const Eigen::VectorXd& x) {
  if constexpr (VectorFunction<F, Var<double>>) {
    ValueAndJacobian result;
    result.jacobian = detail::jacobian_reverse_flat<double>(f, x, &result.value);
    if constexpr (VectorFunction<F, Dual<double>>) {
      if (result.value.size() > x.size()) result.jacobian = jacobian_forward(f, x);
    }
    return result;
  } else {
    using D = deferred_t<F, Dual<double>>;
    Vector<D> xd = detail::constant_duals<D>(x);
    const Vector<D> y = f(std::as_const(xd));
    Eigen::VectorXd value(y.size());
    for (Eigen::Index i = 0; i < y.size(); ++i) value[i] = y[i].value();
    return {std::move(value), jacobian_forward(f, x)};
  }
}

// ---------------------------------------------------------------- functions slope cannot call

namespace detail {
// A call of gradient / value_and_gradient that one of the overloads above or below takes.
template <class X, class G>
concept PointAndGradientOut = std::convertible_to<const X&, Eigen::VectorXd> && kGradientStorage<G&>;
// value_and_gradient(f, x, g), the overload that writes into g.
template <class F, class... X>
concept PointAndGradientCall =
    sizeof...(X) == 2 &&
    PointAndGradientOut<std::tuple_element_t<0, std::tuple<X...>>, std::tuple_element_t<1, std::tuple<X...>>> &&
    ScalarObjective<F, Var<double>>;
// A call of gradient(f, x...) or value_and_gradient(f, x...) with points only (the types as
// a forwarding reference deduces them).
template <class F, class... X>
concept PointsCall =
    (sizeof...(X) == 1 && (std::convertible_to<const X&, Eigen::VectorXd> && ...) && ScalarObjective<F, Var<double>>) ||
    (sizeof...(X) >= 1 && (Point<std::remove_cvref_t<X>> && ...) && !kSingleVectorXd<X...> &&
     ScalarObjective<Packed<F, std::remove_cvref_t<X>...>, Var<points_scalar_t<X...>>>);
// PointAndGradientCall first: a call that writes into g is not also tried as f of two points
// (which would instantiate f with Eigen matrices of Var: +140 M compiler instructions, 2.2 %,
// for a one-gradient translation unit).
template <class F, class... X>
concept GradientCall = PointAndGradientCall<F, X...> || PointsCall<F, X...>;

// The sentence for a function reverse mode cannot call (its concept is ScalarObjective).
#define SLOPE_NOT_DIFFERENTIABLE_MESSAGE(function)                                                              \
  "slope::" function ": f must be a ScalarObjective: callable with slope's active vector "                      \
  "(slope::VarVector in reverse mode) and returning a number of its scalar type. Write f generic in its "       \
  "scalar, e.g. [](const auto& x) { ... } or template <class T> T f(const Eigen::Matrix<T, -1, 1>& x); "        \
  "a function written for Eigen types (template <class D> f(const Eigen::MatrixBase<D>&)) can be passed as "    \
  "slope::eigen_input(f); a function of double only (double f(const Eigen::VectorXd&)) has no derivatives "   \
  "slope can take"

// value_and_gradient(f, x, g) whose f is fine but whose g cannot hold the gradient (a float
// vector, a row or a strided view, a const vector): the sentence names g, not f.
template <class F, class... X>
inline constexpr bool kGradientOutMisfit = [] {
  if constexpr (sizeof...(X) == 2) {
    using Point = std::tuple_element_t<0, std::tuple<X...>>;
    return std::convertible_to<const Point&, Eigen::VectorXd> && ScalarObjective<F, Var<double>>;
  } else {
    return false;
  }
}();
}  // namespace detail

// X&& rather than const X&: a const g is told apart from a writable one.
template <class F, class... X>
  requires(!detail::GradientCall<F, X...>)
auto value_and_gradient(const F&, X&&...) {
  static_assert(!detail::kGradientOutMisfit<F, X...>,
                "slope::value_and_gradient(f, x, g): g cannot take the gradient. Pass a non-const Eigen column of "
                "double whose entries are contiguous (an Eigen::VectorXd, an Eigen::Map<Eigen::VectorXd>, a "
                "segment, a column of a column-major matrix) with x.size() entries; for any other type, take "
                "auto [value, g] = slope::value_and_gradient(f, x) and convert g");
  static_assert(detail::kGradientOutMisfit<F, X...>, SLOPE_NOT_DIFFERENTIABLE_MESSAGE("value_and_gradient"));
}
template <class F, class... X>
  requires(!detail::PointsCall<F, X...>)
auto gradient(const F&, X&&...) {
  static_assert(!detail::kGradientOutMisfit<F, X...>,
                "slope::gradient(f, x, g): gradient returns the gradient and takes no vector to write it into; "
                "write slope::value_and_gradient(f, x, g), which writes it into g and returns f(x)");
  static_assert(detail::kGradientOutMisfit<F, X...>, SLOPE_NOT_DIFFERENTIABLE_MESSAGE("gradient"));
}
#undef SLOPE_NOT_DIFFERENTIABLE_MESSAGE

// ---------------------------------------------------------------- other points, several points

// The same for any point (detail/arguments.hpp): a float vector, a matrix, a std::vector, a
// number, or several of them at once (f(x, y, ...)). Derivatives come back in the points'
// types; with several points, a std::tuple of them, in order.
//
//     auto [fx, g] = slope::value_and_gradient(f, A);          // g: a matrix of A's shape
//     auto [gx, gy] = slope::gradient(f, x, y);                // the gradients in x and in y
//
// To hold an argument constant, pass a lambda that captures it:
// `slope::gradient([&](const auto& x) { return f(x, data); }, x)` (a member function the same
// way: `[&](const auto& x) { return model.loss(x); }`).
// A call that value_and_gradient(f, x, g) takes is not also tried as f of two points: f is
// not asked about Eigen matrices of Var (which made the compiler instantiate them: a sixth of
// the compile time of a one-gradient translation unit's slope part), and a function of any
// number of points called so still means f(x) with its gradient written into g.
template <class F, Point... X>
  requires(sizeof...(X) >= 1 && !detail::kSingleVectorXd<X...> && !detail::PointAndGradientCall<F, X...> &&
           ScalarObjective<detail::Packed<F, X...>, Var<detail::points_scalar_t<X...>>>)
auto value_and_gradient(const F& f, const X&... x) {
  using S = detail::points_scalar_t<X...>;
  const detail::Packed<F, X...> packed(f, x...);
  const Vector<S> flat = detail::flatten<S>(x...);
  Vector<S> g(flat.size());
  const S value = detail::value_and_gradient_flat<S>(packed, flat, g.data());
  auto gradients = detail::unflatten_all(g, x...);
  return BasicValueAndGradient<decltype(gradients), S>{value, std::move(gradients)};
}

template <class F, Point... X>
  requires(sizeof...(X) >= 1 && !detail::kSingleVectorXd<X...> &&
           ScalarObjective<detail::Packed<F, X...>, Var<detail::points_scalar_t<X...>>>)
auto gradient(const F& f, const X&... x) {
  return value_and_gradient(f, x...).gradient;
}

template <class F, Point X>
  requires(!detail::kSingleVectorXd<X> && VectorFunction<detail::Packed<F, X>, Var<point_scalar_t<X>>>)
X vjp(const F& f, const X& x, const Vector<point_scalar_t<X>>& w) {
  using S = point_scalar_t<X>;
  return detail::unflatten(detail::vjp_flat<S>(detail::Packed<F, X>(f, x), detail::flatten<S>(x), w), 0, x);
}

template <class F, Point X>
  requires(!detail::kSingleVectorXd<X> && (VectorFunction<detail::Packed<F, X>, Var<point_scalar_t<X>>> ||
                                            VectorFunction<detail::Packed<F, X>, Dual<point_scalar_t<X>>>))
Matrix<point_scalar_t<X>> jacobian(const F& f, const X& x) {
  using S = point_scalar_t<X>;
  return detail::jacobian_flat<S>(detail::Packed<F, X>(f, x), detail::flatten<S>(x));
}

template <class F, Point X>
  requires(!detail::kSingleVectorXd<X> && VectorFunction<detail::Packed<F, X>, Var<point_scalar_t<X>>>)
Matrix<point_scalar_t<X>> jacobian_reverse(const F& f, const X& x) {
  using S = point_scalar_t<X>;
  return detail::jacobian_reverse_flat<S>(detail::Packed<F, X>(f, x), detail::flatten<S>(x));
}

// H v with v of x's type; the result too.
template <class F, Point X>
  requires(!detail::kSingleVectorXd<X> && ScalarObjective<detail::Packed<F, X>, Var<Dual<point_scalar_t<X>>>>)
X hvp(const F& f, const X& x, const X& v) {
  using S = point_scalar_t<X>;
  check_argument(detail::point_size(x) == detail::point_size(v), "slope::hvp: x and v must have the same size");
  const Matrix<S> hv = detail::hessian_times<1>(detail::Packed<F, X>(f, x), detail::flatten<S>(x), Matrix<S>(detail::flatten<S>(v)));
  return detail::unflatten(hv.col(0), 0, x);
}

// The Hessian in the flattened entries of x (column-major for a matrix): n x n, n = x's size.
template <int N = 4, class F, Point X>
  requires(!detail::kSingleVectorXd<X> && ScalarObjective<detail::Packed<F, X>, Var<Dual<point_scalar_t<X>, N>>>)
Matrix<point_scalar_t<X>> hessian(const F& f, const X& x) {
  using S = point_scalar_t<X>;
  return detail::hessian_flat<N, S>(detail::Packed<F, X>(f, x), detail::flatten<S>(x));
}

}  // namespace slope
