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
#include <cstddef>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/forward/dual.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/forward.hpp"
#include "slope/reverse/matrix.hpp"
#include "slope/reverse/tape.hpp"
#include "slope/reverse/var.hpp"

namespace slope {

// The value of f and its gradient, from one recording: `auto [fx, g] = value_and_gradient(f, x)`.
struct ValueAndGradient {
  double value;
  Eigen::VectorXd gradient;
};

namespace detail {

// This thread's tapes for the functional API, one per nesting depth, kept between calls so
// that their memory is reused. Acquiring one clears it and makes it the active tape.
template <class T>
class ScratchTape {
 public:
  ScratchTape() : tape_(acquire()), scope_(tape_) { tape_.clear(); }
  ScratchTape(const ScratchTape&) = delete;
  ScratchTape& operator=(const ScratchTape&) = delete;
  ~ScratchTape() { --depth(); }
  Tape<T>& operator*() { return tape_; }
  Tape<T>* operator->() { return &tape_; }

 private:
  static std::size_t& depth() {
    thread_local std::size_t d = 0;
    return d;
  }
  static Tape<T>& acquire() {
    thread_local std::vector<std::unique_ptr<Tape<T>>> tapes;
    if (depth() == tapes.size()) tapes.push_back(std::make_unique<Tape<T>>());
    return *tapes[depth()++];
  }
  Tape<T>& tape_;
  TapeScope<T> scope_;
};

// Records x as n consecutive independent variables: the input vector of the callable (a
// VarVector, so that vector code records one node per operation) and the adjoint range
// [first, first + n) holding the gradient after a sweep.
// x outlives the recording and its sweeps, so its values are not copied onto the tape: the
// VarVector reads them from x (VarMatrix::on_tape). Their tape slots stay unwritten; debug
// builds fill them with NaN, so that a read that should have gone to x shows in the tests.
template <class T>
VarVector<T> record_inputs(Tape<T>& tape, const Vector<T>& x) {
  const auto n = static_cast<std::size_t>(x.size());
  const Index first = tape.allocate_variables(n);
  if constexpr (kChecksEnabled) {
    std::fill_n(tape.values_data() + first, n, T(std::numeric_limits<scalar_of_t<T>>::quiet_NaN()));
  }
  return VarVector<T>::on_tape(first, x.size(), 1, tape.epoch(), x.data());
}

template <class T>
Eigen::Map<const Vector<T>> input_adjoints(Tape<T>& tape, const VarVector<T>& inputs) {
  return {tape.adjoints_data() + (inputs.size() ? inputs.first() : 0), inputs.size()};
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
template <int N>
Vector<Dual<double, N>> seeded(const Eigen::VectorXd& x, const Eigen::MatrixXd& directions) {
  Vector<Dual<double, N>> xd(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    typename Dual<double, N>::Tangents t{};
    for (int k = 0; k < N && k < directions.cols(); ++k) t[static_cast<std::size_t>(k)] = directions(i, k);
    xd[i] = Dual<double, N>(x[i], t);
  }
  return xd;
}

// H times the columns of `directions` (at most N of them) by one forward-over-reverse pass.
template <int N, class F>
Eigen::MatrixXd hessian_times(const F& f, const Eigen::VectorXd& x, const Eigen::MatrixXd& directions) {
  using D = Dual<double, N>;
  ScratchTape<D> tape;
  const Vector<D> seeded_x = seeded<N>(x, directions);  // alive until the sweep: see record_inputs
  const VarVector<D> inputs = record_inputs(*tape, seeded_x);
  const Var<D> y = call_on(f, inputs);
  tape->backward(y);
  const Eigen::Map<const Vector<D>> adjoints = input_adjoints(*tape, inputs);
  Eigen::MatrixXd hv(x.size(), directions.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const D& adjoint = adjoints[i];
    for (Eigen::Index k = 0; k < directions.cols(); ++k) hv(i, k) = adjoint.tangent(static_cast<int>(k));
  }
  return hv;
}

}  // namespace detail

// The value of f: R^n -> R, its gradient written into `gradient` (x.size() entries, checked):
// for loops that keep one gradient vector, such as an optimizer's, a call allocates nothing
// once the thread's tape has grown. `gradient` may be x itself (x is read before it is
// written).
template <class F>
  requires ScalarObjective<F, Var<double>>
double value_and_gradient(const F& f, const Eigen::VectorXd& x, Eigen::Ref<Eigen::VectorXd> gradient) {
  check_argument(gradient.size() == x.size(),
                 "slope::value_and_gradient: the gradient vector must have as many entries as x");
  detail::ScratchTape<double> tape;
  const VarVector<double> inputs = detail::record_inputs(*tape, x);
  const Var<double> y = detail::call_on(f, inputs);
  tape->backward(y);
  gradient = detail::input_adjoints(*tape, inputs);
  return y.value();
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
  detail::ScratchTape<double> tape;
  const VarVector<double> inputs = detail::record_inputs(*tape, x);
  const VarVector<double> y = detail::outputs_of(f, inputs);
  check_argument(y.size() == w.size(), "slope::vjp: w must have as many entries as F has outputs");
  if (y.is_active()) {
    Eigen::Map<Eigen::VectorXd>(tape->adjoints_data() + y.first(), y.size()) += w;
    tape->backward();
  }
  return detail::input_adjoints(*tape, inputs);
}

// The m x n Jacobian of F: R^n -> R^m. Reverse mode (one recording, m sweeps) when m <= n,
// forward mode (ceil(n/4) passes) when there are more outputs than inputs.
template <class F>
  requires VectorFunction<F, Var<double>> && VectorFunction<F, Dual<double>>
Eigen::MatrixXd jacobian(const F& f, const Eigen::VectorXd& x) {
  detail::ScratchTape<double> tape;
  const VarVector<double> inputs = detail::record_inputs(*tape, x);
  const VarVector<double> y = detail::outputs_of(f, inputs);
  if (y.size() > x.size()) return jacobian_forward(f, x);
  Eigen::MatrixXd jac = Eigen::MatrixXd::Zero(y.size(), x.size());
  if (!y.is_active()) return jac;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    tape->zero_adjoints();
    tape->adjoint(y.first() + static_cast<Index>(i)) = 1.0;
    tape->backward();
    jac.row(i) = detail::input_adjoints(*tape, inputs).transpose();
  }
  return jac;
}

// The Hessian-vector product H(x) v of f: R^n -> R by forward over reverse: one recording
// with Var<Dual<double>>, one sweep, H never formed.
template <class F>
  requires ScalarObjective<F, Var<Dual<double>>>
Eigen::VectorXd hvp(const F& f, const Eigen::VectorXd& x, const Eigen::VectorXd& v) {
  check_argument(x.size() == v.size(), "slope::hvp: x and v must have the same size");
  return detail::hessian_times<1>(f, x, v);
}

// The n x n Hessian of f: R^n -> R by forward over reverse: ceil(n/N) recordings, each giving
// N columns (N = 4 unless chosen).
template <int N = 4, class F>
  requires ScalarObjective<F, Var<Dual<double, N>>>
Eigen::MatrixXd hessian(const F& f, const Eigen::VectorXd& x) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd hess(n, n);
  for (Eigen::Index start = 0; start < n; start += N) {
    const Eigen::Index width = std::min<Eigen::Index>(N, n - start);
    const Eigen::MatrixXd block = Eigen::MatrixXd::Identity(n, n).middleCols(start, width);
    hess.middleCols(start, width) = detail::hessian_times<N>(f, x, block);
  }
  return hess;
}

}  // namespace slope
