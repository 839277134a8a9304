// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// custom_node: a function with a hand-written vector-Jacobian product, recorded as one node.
// Part of slope/reverse/matrix.hpp; include that header.
//
//
//     struct Scale {                       // y = s * x, for a vector x and a scalar s
//       Eigen::MatrixXd value(const slope::MatrixInput<double>& x, double s) const { return s * x; }
//       void vjp(const slope::MatrixInput<double>& y_adj, const slope::MatrixInput<double>& y,
//                const slope::MatrixInput<double>& x, double s,
//                slope::MatrixAdjoint<double> x_adj, slope::ScalarAdjoint<double> s_adj) const {
//         x_adj += s * y_adj;                // accumulate: x_adj += J_x^T y_adj
//         s_adj += y_adj.cwiseProduct(x).sum();
//       }
//     };
//     slope::VarVector<double> y = slope::custom_node(Scale{}, x, s);   // x: VarVector, s: Var
//
// value(inputs...) receives each matrix operand (VarMatrix, expression or Eigen matrix) as a
// MatrixInput<T> (an Eigen::Map) and each scalar operand (Var, number) as a T, and returns a
// T (the node's result is then a Var) or an Eigen matrix (a VarMatrix). vjp(adjoint, value,
// inputs..., adjoints...) receives the result's adjoint and value (T, or MatrixInput<T>) and
// adds J^T adjoint into one MatrixAdjoint<T> or ScalarAdjoint<T> per input; for a constant
// input the adjoint is inactive (`if (x_adj)` is false) and adding to it does nothing.
// Forward mode: with Dual arguments (Eigen matrices of Dual, Dual scalars) and an optional
// member jvp(value, inputs..., input_tangents...) returning the result's tangent (a number or
// a matrix of the value's shape; a constant input's tangent is 0), custom_node calls value on
// the inputs' values and jvp once per tangent direction. Without a jvp it calls
// op.value(args...) on the Duals themselves, which works when value is a template on the
// scalar. With neither Var nor Dual among the arguments it calls op.value(args...) as given.
// Written as templates on the scalar, one op serves every mode: gradient (value, vjp),
// hessian and hvp (value and vjp on Dual scalars), gradient_forward, jvp, jacobian_forward
// (jvp); a mode that needs a missing member stops with a sentence naming it. The op object is
// stored in the node (in the tape's arena).

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/traits.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/operands.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

// The values of a matrix input of a custom node: a contiguous column-major Map, so that Eigen
// reduces it with its linear, unrolled kernels (a Map with a run-time outer stride is reduced
// column by column with one accumulator: 1.75x the time of `((y - mu) * s).square().sum()` at
// n >= 1024). A strided constant operand (a block of an Eigen::Map) is copied once at recording.
template <class T>
using MatrixInput = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>;

// Where a custom node's vjp adds the adjoint of a scalar input; inactive for a constant.
template <class T>
class ScalarAdjoint {
 public:
  explicit ScalarAdjoint(T* target) : target_(target) {}
  bool active() const { return target_ != nullptr; }
  explicit operator bool() const { return active(); }
  ScalarAdjoint& operator+=(const T& value) {
    if (target_ != nullptr) *target_ += value;
    return *this;
  }
  ScalarAdjoint& operator-=(const T& value) {
    if (target_ != nullptr) *target_ -= value;
    return *this;
  }

 private:
  T* target_;
};

// Where a custom node's vjp adds the adjoint of a matrix input; inactive for a constant.
template <class T>
class MatrixAdjoint {
 public:
  using Map = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>;
  MatrixAdjoint(T* data, Eigen::Index rows, Eigen::Index cols) : data_(data), rows_(rows), cols_(cols) {}
  bool active() const { return data_ != nullptr; }
  explicit operator bool() const { return active(); }
  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  // The adjoint matrix itself (active only).
  Map matrix() const {
    matrix_detail::debug_check(active(), "slope::MatrixAdjoint: the input is a constant and has no adjoint");
    return Map(data_, rows_, cols_);
  }
  template <class D>
  MatrixAdjoint& operator+=(const Eigen::DenseBase<D>& value) {
    if (active()) matrix().array() += value.derived().array();
    return *this;
  }
  template <class D>
  MatrixAdjoint& operator-=(const Eigen::DenseBase<D>& value) {
    if (active()) matrix().array() -= value.derived().array();
    return *this;
  }

 private:
  T* data_;
  Eigen::Index rows_;
  Eigen::Index cols_;
};

namespace matrix_detail {

template <class T>
struct ScalarInput {
  T value;
  Index index;  // kNoIndex for a constant
};

// A normalized argument as the node stores it.
template <class T, class X>
auto custom_input(X&& x, Tape<T>* tape) {
  using D = std::remove_cvref_t<X>;
  if constexpr (std::is_same_v<D, Var<T>>) {
    if (tape != nullptr) x.check_tape(*tape);
    return ScalarInput<T>{x.value(), x.is_active() ? x.index() : kNoIndex};
  } else {
    // a strided constant copied (contiguous_leaf), so that input_view is a contiguous MatrixInput
    const auto leaf = contiguous_leaf(dense_leaf<T>(std::forward<X>(x)));
    if (tape != nullptr) leaf.check(*tape);
    return leaf.operand(tape, true);
  }
}

template <class T>
MatrixInput<T> input_view(const MatrixOperand<T>& operand, const T* values) {
  return MatrixInput<T>(operand.stored.pointer(values), operand.rows, operand.cols);
}
template <class T>
const T& input_view(const ScalarInput<T>& input, const T*) {
  return input.value;
}
template <class T>
MatrixAdjoint<T> adjoint_view(const MatrixOperand<T>& operand, const AdjointSpace<T>& adjoints) {
  return MatrixAdjoint<T>(operand.active ? adjoints.at(operand.stored.first) : nullptr, operand.rows, operand.cols);
}
template <class T>
ScalarAdjoint<T> adjoint_view(const ScalarInput<T>& input, const AdjointSpace<T>& adjoints) {
  return ScalarAdjoint<T>(input.index != kNoIndex ? adjoints.at(input.index) : nullptr);
}
template <class T>
bool input_active(const MatrixOperand<T>& operand) {
  return operand.active;
}
template <class T>
bool input_active(const ScalarInput<T>& input) {
  return input.index != kNoIndex;
}

template <class T, class Op, bool kScalarResult, class InputTuple>
class CustomNode;
template <class T, class Op, bool kScalarResult, class... Inputs>
class CustomNode<T, Op, kScalarResult, std::tuple<Inputs...>> final : public Node<T> {
 public:
  CustomNode(Op op, std::tuple<Inputs...> inputs, Index out, Eigen::Index rows, Eigen::Index cols)
      : op_(std::move(op)), inputs_(std::move(inputs)), out_(out), rows_(rows), cols_(cols) {}
  void backward(Tape<T>& tape) const override {
    const T* values = tape.values_data();
    const AdjointSpace<T> adjoints = tape.adjoint_space();
    std::apply(
        [&](const Inputs&... inputs) {
          if constexpr (kScalarResult) {
            const T adjoint = tape.output_adjoint(out_);
            if (is_exact_zero(adjoint)) return;
            call_vjp(adjoint, values[out_], input_view(inputs, values)..., adjoint_view(inputs, adjoints)...);
          } else {
            const MatrixInput<T> adjoint(tape.output_adjoints(out_), rows_, cols_);
            const MatrixInput<T> value(values + out_, rows_, cols_);
            call_vjp(adjoint, value, input_view(inputs, values)..., adjoint_view(inputs, adjoints)...);
          }
        },
        inputs_);
  }

 private:
  template <class... Arguments>
  void call_vjp(const Arguments&... arguments) const {
    if constexpr (requires { op_.vjp(arguments...); }) {
      op_.vjp(arguments...);
    } else {
      static_assert(kAlwaysFalse<Op>,
                    "slope::custom_node: reverse mode needs a member vjp(adjoint, value, inputs..., input_adjoints...) "
                    "callable with these arguments; under hessian and hvp it is called with slope::Dual scalars, so "
                    "write value and vjp as templates on the scalar (see slope/reverse/matrix/custom_node.hpp)");
    }
  }

  Op op_;
  std::tuple<Inputs...> inputs_;
  Index out_;
  Eigen::Index rows_;
  Eigen::Index cols_;
};

template <class X>
inline constexpr bool is_var_v = false;
template <class T>
inline constexpr bool is_var_v<Var<T>> = true;

// The T of the first VarMatrix or Var argument; void when there is none.
template <class... Args>
struct custom_value {
  using type = void;
};
template <class A, class... Rest>
struct custom_value<A, Rest...> {
  static auto pick() {
    using D = std::remove_cvref_t<A>;
    if constexpr (VarDense<D>) {
      return std::type_identity<var_value_t<D>>{};
    } else if constexpr (Expression<D>) {
      if constexpr (is_var_v<active_type_t<D>>) {
        return std::type_identity<value_type_t<active_type_t<D>>>{};
      } else {
        return std::type_identity<typename custom_value<Rest...>::type>{};
      }
    } else {
      return std::type_identity<typename custom_value<Rest...>::type>{};
    }
  }
  using type = typename decltype(pick())::type;
};

// An argument in its recorded kind: a VarMatrix (expressions evaluated), a Var (scalar
// expressions and numbers), or the plain Eigen object itself (by reference).
template <class T, class X>
decltype(auto) normalize(X&& x) {
  using D = std::remove_cvref_t<X>;
  if constexpr (is_var_xpr_v<D>) {
    return materialize(x.node());
  } else if constexpr (is_var_matrix_v<D>) {
    return D(x);
  } else if constexpr (EigenDense<D>) {
    return std::forward<X>(x);
  } else if constexpr (Arithmetic<D>) {
    return Var<T>(static_cast<T>(x));
  } else {
    return leaf_of<T>(std::forward<X>(x)).var;
  }
}

template <class T, class X>
bool normalized_active(const X& x) {
  if constexpr (is_var_matrix_v<X> || is_var_v<X>) {
    return x.is_active();
  } else {
    return false;
  }
}

}  // namespace matrix_detail

namespace matrix_detail {

// ---- forward mode: arguments of Dual scalars (gradient_forward, jvp, jacobian_forward)

// The Dual type of an argument: its Eigen scalar or its active type when that is a Dual.
template <class X>
struct dual_of {
  using type = void;
};
template <class X>
  requires EigenDense<X> && requires { std::remove_cvref_t<X>::Scalar::kDirections; }
struct dual_of<X> {
  using type = typename std::remove_cvref_t<X>::Scalar;
};
template <class X>
  requires Expression<X> && requires { active_type_t<X>::kDirections; }
struct dual_of<X> {
  using type = active_type_t<X>;
};
template <class... Args>
struct first_dual {
  using type = void;
};
template <class A, class... Rest>
struct first_dual<A, Rest...> {
  using type = std::conditional_t<std::is_void_v<typename dual_of<A>::type>, typename first_dual<Rest...>::type,
                                  typename dual_of<A>::type>;
};

// An argument split into its value (P, or a P matrix) and its k-th tangent (zero for a
// constant: a plain matrix or number).
template <class D, class X>
auto primal_part(const X& x) {
  using P = typename D::value_type;
  if constexpr (EigenDense<X>) {
    return PlainMatrix<P>(x.derived().unaryExpr([](const auto& v) { return P(value_of(v)); }));
  } else {
    return P(value_of(x));
  }
}
template <class D, class X>
auto tangent_part(const X& x, int k) {
  using P = typename D::value_type;
  if constexpr (EigenDense<X>) {
    if constexpr (std::is_same_v<typename X::Scalar, D>) {
      return PlainMatrix<P>(x.derived().unaryExpr([k](const D& v) { return v.tangent(k); }));
    } else {
      return PlainMatrix<P>(PlainMatrix<P>::Zero(x.rows(), x.cols()));
    }
  } else if constexpr (std::is_void_v<typename dual_of<X>::type>) {
    return P(0);
  } else {
    return P(D(x).tangent(k));
  }
}
// What op.value and op.jvp receive for a part: a MatrixInput (Map) of a matrix, the number itself.
template <class P>
MatrixInput<P> as_input(const PlainMatrix<P>& m) {
  return MatrixInput<P>(m.data(), m.rows(), m.cols());
}
template <class P>
const P& as_input(const P& number) {
  return number;
}

// What jvp receives as the value: a MatrixInput for a matrix value, the number itself.
template <class P, class V>
auto value_input(const V& value) {
  if constexpr (EigenDense<V>) {
    return MatrixInput<P>(value.data(), value.rows(), value.cols());
  } else {
    return P(value);
  }
}

// Whether op has a jvp that forward mode can call with these arguments.
template <class D, class Op, class... Args>
concept ForwardJvp = requires(const Op& op, const Args&... args) {
  op.jvp(value_input<typename D::value_type>(PlainMatrix<typename D::value_type>()), as_input(primal_part<D>(args))...,
         as_input(tangent_part<D>(args, 0))...);
} || requires(const Op& op, const Args&... args) {
  op.jvp(typename D::value_type(), as_input(primal_part<D>(args))..., as_input(tangent_part<D>(args, 0))...);
};

// op applied to Dual arguments through its jvp: the value from the values, each of the N
// tangents from jvp(value, inputs..., tangents...).
template <class D, class Op, class... Args>
auto forward_custom_node(const Op& op, const Args&... args) {
  using P = typename D::value_type;
  constexpr int N = D::kDirections;
  const auto primals = std::make_tuple(primal_part<D>(args)...);
  return std::apply(
      [&](const auto&... primal) {
        const auto value = op.value(as_input(primal)...);
        using Value = std::remove_cvref_t<decltype(value)>;
        if constexpr (EigenDense<Value>) {
          const PlainMatrix<P> v = value;
          const MatrixInput<P> value_input = as_input(v);
          Eigen::Matrix<D, Eigen::Dynamic, Eigen::Dynamic> result(v.rows(), v.cols());
          for (Eigen::Index i = 0; i < v.size(); ++i) result(i) = D(v(i));
          for (int k = 0; k < N; ++k) {
            const auto tangents = std::make_tuple(tangent_part<D>(args, k)...);
            const PlainMatrix<P> t = std::apply(
                [&](const auto&... tangent) { return PlainMatrix<P>(op.jvp(value_input, as_input(primal)..., as_input(tangent)...)); },
                tangents);
            check_sizes(t.rows() == v.rows() && t.cols() == v.cols(), "slope::custom_node (jvp)", t.rows(), t.cols(), v.rows(),
                        v.cols(), "jvp must return a tangent of the value's shape");
            for (Eigen::Index i = 0; i < v.size(); ++i) result(i).tangent(k) = t(i);
          }
          return result;
        } else {
          const P v(value);
          D result(v);
          for (int k = 0; k < N; ++k) {
            const auto tangents = std::make_tuple(tangent_part<D>(args, k)...);
            result.tangent(k) =
                std::apply([&](const auto&... tangent) { return P(op.jvp(v, as_input(primal)..., as_input(tangent)...)); }, tangents);
          }
          return result;
        }
      },
      primals);
}

}  // namespace matrix_detail

// Records op (see the top of this file) applied to args as one node; returns a Var<T> or a
// VarMatrix<T>. With Dual arguments (forward mode), op's jvp gives the tangents, or, without
// a jvp, op.value runs on the Duals (when it is a template). With neither Var nor Dual among
// the arguments, returns op.value(args...) as is.
template <class Op, class... Args>
auto custom_node(Op op, Args&&... args) {
  using T = typename matrix_detail::custom_value<Args...>::type;
  using D = typename matrix_detail::first_dual<std::remove_cvref_t<Args>...>::type;
  if constexpr (std::is_void_v<T> && !std::is_void_v<D>) {
    if constexpr (matrix_detail::ForwardJvp<D, Op, std::remove_cvref_t<Args>...>) {
      return matrix_detail::forward_custom_node<D>(op, args...);
    } else if constexpr (requires { op.value(std::forward<Args>(args)...); }) {
      return op.value(std::forward<Args>(args)...);
    } else {
      static_assert(kAlwaysFalse<Op>,
                    "slope::custom_node: forward mode (gradient_forward, jvp, jacobian_forward, hessian_forward) needs "
                    "a member jvp(value, inputs..., input_tangents...) returning the result's tangent, or a value(...) "
                    "written as a template on the scalar so that it runs on slope::Dual");
    }
  } else if constexpr (std::is_void_v<T>) {
    return op.value(std::forward<Args>(args)...);
  } else {
    std::tuple<decltype(matrix_detail::normalize<T>(std::forward<Args>(args)))...> normalized(
        matrix_detail::normalize<T>(std::forward<Args>(args))...);
    const bool active =
        std::apply([](const auto&... v) { return (matrix_detail::normalized_active<T>(v) || ...); }, normalized);
    Tape<T>* tape = active ? &active_tape<T>() : nullptr;
    // Constant operands are stored (copied onto the tape) first; the value is then computed
    // from where the backward pass reads them.
    auto inputs = std::apply(
        [&](auto&&... v) { return std::make_tuple(matrix_detail::custom_input<T>(std::forward<decltype(v)>(v), tape)...); },
        std::move(normalized));
    const T* values = tape == nullptr ? nullptr : tape->values_data();
    auto value = std::apply([&](const auto&... in) { return op.value(matrix_detail::input_view(in, values)...); }, inputs);
    using Result = decltype(value);
    constexpr bool kScalarResult = !EigenDense<Result>;
    static_assert(!kScalarResult || std::is_convertible_v<Result, T>,
                  "slope::custom_node: Op::value must return a number (T) or an Eigen matrix of T");
    using Node = matrix_detail::CustomNode<T, Op, kScalarResult, std::remove_cvref_t<decltype(inputs)>>;
    if constexpr (kScalarResult) {
      const T result(value);
      if (tape == nullptr) return Var<T>(result);
      const Index out = tape->new_variable(result);
      tape->template push_node<Node>(std::move(op), std::move(inputs), out, 1, 1);
      return Var<T>::on_tape(result, out, tape->epoch());
    } else {
      matrix_detail::PlainMatrix<T> result = value;
      if (tape == nullptr) return VarMatrix<T>::constant(std::move(result));
      const Index out = tape->new_variables(result.data(), static_cast<std::size_t>(result.size()));
      tape->template push_node<Node>(std::move(op), std::move(inputs), out, result.rows(), result.cols());
      return VarMatrix<T>::on_tape(out, result.rows(), result.cols(), tape->epoch());
    }
  }
}

template <class Op, class... Args>
auto custom_node(Args&&... args) {
  return custom_node(Op{}, std::forward<Args>(args)...);
}

}  // namespace slope
