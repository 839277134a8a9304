// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// How a log-density family (slope/distributions/detail.hpp) runs on the arguments a user gives,
// its closed forms serving every mode:
//   reverse mode: an argument is a VarMatrix, a Var or an Eigen matrix of Var; one custom_node
//     per call (slope/reverse/matrix/custom_node.hpp), whose vjp is the family's add_partials;
//   forward mode: an argument is a Dual<U, N>; value and gradient in U by the same closed forms,
//     then each tangent is gradient . tangent, so forward and reverse agree to round-off and a
//     nested dual (second derivatives) differentiates the closed forms themselves;
//   plain numbers: log_density alone.
// In every mode the conventions of detail.hpp are applied to the family's raw value.
//
//     template <Observations Y, Parameter Rate>
//     auto exponential_log_pdf(Y&& y, Rate&& lambda) {                     // the public function
//       return evaluate<ExponentialLogPdf>(std::forward<Y>(y), std::forward<Rate>(lambda)); }

#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/core/traits.hpp"
#include "slope/distributions/detail.hpp"
#include "slope/forward/dual.hpp"
#include "slope/reverse/matrix.hpp"

namespace slope::distributions_detail {

// A family's Statistics, or none.
struct NoStatistics {};
template <class Family>
struct statistics_of {
  using type = NoStatistics;
};
template <class Family>
  requires requires { typename Family::Statistics; }
struct statistics_of<Family> {
  using type = typename Family::Statistics;
};

template <class Family, class Statistics, class... Args>
auto log_density_of(Statistics& statistics, const Args&... args) {
  if constexpr (std::is_same_v<Statistics, NoStatistics>) {
    return Family::log_density(args...);
  } else {
    return Family::log_density(statistics, args...);
  }
}
template <class Family, class Statistics, class W, class... Args>
void add_partials_of(const W& w, const Statistics& statistics, const Args&... args) {
  if constexpr (std::is_same_v<Statistics, NoStatistics>) {
    Family::add_partials(w, args...);
  } else {
    Family::add_partials(w, statistics, args...);
  }
}

// The custom_node op of a family: its value with the conventions applied, and its vjp.
// custom_node calls value() on the op it then keeps in the node, so the statistics value()
// leaves reach vjp; were they lost (a copy taken before value()), vjp would make its full pass.
template <class Family>
struct LogDensityNode {
  using T = typename Family::Scalar;
  typename statistics_of<Family>::type statistics{};

  template <class... Inputs>
  T value(const Inputs&... inputs) {
    return finish(log_density_of<Family>(statistics, inputs...));
  }
  template <class... InputsAndAdjoints>
  void vjp(const T& adjoint, const T& value, const InputsAndAdjoints&... args) const {
    const auto v = passive_value(value);
    if (v == -kInfinity) return;  // -inf on a neighbourhood: every partial is 0
    add_partials_of<Family>(std::isnan(v) ? nan_like<T>() : adjoint, statistics, args...);
  }
};

// The T of reverse mode: that of the first VarMatrix, Var (or Var expression) or Eigen matrix
// of Var among the arguments; void when there is none.
template <class A>
struct reverse_value_of {
  using type = void;
};
template <class A>
  requires VarDense<A>
struct reverse_value_of<A> {
  using type = var_value_t<A>;
};
template <class A>
  requires(Expression<A> && matrix_detail::is_var_v<active_type_t<A>>)
struct reverse_value_of<A> {
  using type = value_type_t<active_type_t<A>>;
};
template <class A>
  requires(EigenDense<A> && matrix_detail::is_var_v<typename std::remove_cvref_t<A>::Scalar>)
struct reverse_value_of<A> {
  using type = value_type_t<typename std::remove_cvref_t<A>::Scalar>;
};

template <class... Args>
struct reverse_value {
  using type = void;
};
template <class A, class... Rest>
struct reverse_value<A, Rest...> {
  using first = typename reverse_value_of<std::remove_cvref_t<A>>::type;
  using type = std::conditional_t<std::is_void_v<first>, typename reverse_value<Rest...>::type, first>;
};
template <class... Args>
using reverse_value_t = typename reverse_value<Args...>::type;

// The scalar of forward mode and of plain evaluation: the first Dual among the arguments
// (a Dual, a Dual expression, an Eigen matrix of Dual), else double.
template <class A>
struct plain_scalar_of {
  using type = void;
};
template <class A>
  requires(Expression<A> && is_dual_v<active_type_t<A>>)
struct plain_scalar_of<A> {
  using type = active_type_t<A>;
};
template <class A>
  requires(EigenDense<A> && is_dual_v<typename std::remove_cvref_t<A>::Scalar>)
struct plain_scalar_of<A> {
  using type = typename std::remove_cvref_t<A>::Scalar;
};

template <class... Args>
struct plain_scalar {
  using type = double;
};
template <class A, class... Rest>
struct plain_scalar<A, Rest...> {
  using first = typename plain_scalar_of<std::remove_cvref_t<A>>::type;
  using type = std::conditional_t<std::is_void_v<first>, typename plain_scalar<Rest...>::type, first>;
};

// An argument as custom_node takes it: an Eigen matrix of Var becomes a VarMatrix (no copy
// when its elements are consecutive variables), integer data is converted to T.
template <class T, class A>
decltype(auto) node_argument(A&& a) {
  using D = std::remove_cvref_t<A>;
  if constexpr (EigenDense<D>) {
    using S = typename D::Scalar;
    if constexpr (std::is_same_v<S, Var<T>>) {
      return to_var_matrix(a);
    } else if constexpr (std::is_same_v<S, T> || std::is_same_v<S, scalar_of_t<T>>) {
      return std::forward<A>(a);
    } else {
      return matrix_detail::as_matrix(a).template cast<T>();
    }
  } else {
    return std::forward<A>(a);
  }
}

// An argument of plain evaluation in the scalar U: an Eigen object viewed (copied only if its
// layout or scalar differs), a scalar converted. Never active.
template <class U, class A>
class PlainInput {
 public:
  explicit PlainInput(const A& a) : value_(static_cast<U>(a)) {}
  const U& view() const { return value_; }
  ScalarAdjoint<U> adjoint() { return ScalarAdjoint<U>(nullptr); }
  U tangent_dot(int) const { return U(0); }

 private:
  U value_;
};
template <class U, class A>
  requires EigenDense<A>
class PlainInput<U, A> {
 public:
  // Read in place; columns that lie apart (a block) copied, an Input being contiguous.
  explicit PlainInput(const A& a) : ref_(matrix_detail::as_matrix(a).template cast<U>()) {
    if (ref_.cols() > 1 && ref_.outerStride() != ref_.rows()) copy_ = ref_;
  }
  Input<U> view() const { return Input<U>(copy_.size() != 0 ? copy_.data() : ref_.data(), ref_.rows(), ref_.cols()); }
  MatrixAdjoint<U> adjoint() { return MatrixAdjoint<U>(nullptr, ref_.rows(), ref_.cols()); }
  U tangent_dot(int) const { return U(0); }

 private:
  Eigen::Ref<const PlainMatrix<U>, 0, Eigen::OuterStride<>> ref_;
  PlainMatrix<U> copy_;
};

// An argument of forward mode whose type is the dual S = Dual<U, N>: its values (in U), its
// tangents, and the gradient with respect to it that add_partials fills.
template <class S, class A>
class DualInput {
  using U = typename S::value_type;

 public:
  explicit DualInput(const A& a) : dual_(a), value_(dual_.value()) {}
  const U& view() const { return value_; }
  ScalarAdjoint<U> adjoint() { return ScalarAdjoint<U>(&gradient_); }
  U tangent_dot(int k) const { return gradient_ * dual_.tangent(k); }

 private:
  S dual_;
  U value_;
  U gradient_{0};
};
template <class S, class A>
  requires EigenDense<A>
class DualInput<S, A> {
  using U = typename S::value_type;

 public:
  explicit DualInput(const A& a)
      : duals_(matrix_detail::as_matrix(a)),
        values_(duals_.unaryExpr([](const S& d) { return d.value(); })),
        gradient_(PlainMatrix<U>::Zero(duals_.rows(), duals_.cols())) {}
  Input<U> view() const { return Input<U>(values_.data(), values_.rows(), values_.cols()); }
  MatrixAdjoint<U> adjoint() { return MatrixAdjoint<U>(gradient_.data(), gradient_.rows(), gradient_.cols()); }
  U tangent_dot(int k) const {
    return U(gradient_.cwiseProduct(duals_.unaryExpr([k](const S& d) { return d.tangent(k); })).sum());
  }

 private:
  PlainMatrix<S> duals_;
  PlainMatrix<U> values_;
  PlainMatrix<U> gradient_;
};

// An argument of forward mode that is not of the dual type S: a constant in U.
template <class S, class A>
struct forward_input {
  using type = PlainInput<typename S::value_type, A>;
};
template <class S, class A>
  requires(std::is_same_v<typename plain_scalar_of<A>::type, S>)
struct forward_input<S, A> {
  using type = DualInput<S, A>;
};

// Forward mode: the value and the gradient in U by the family's closed forms, each tangent
// the gradient's dot product with the arguments' tangents.
template <class S, class Family, class... Inputs>
S forward_value(Inputs... inputs) {
  using U = typename S::value_type;
  typename statistics_of<Family>::type statistics{};
  const U value = finish(log_density_of<Family>(statistics, inputs.view()...));
  const auto v = passive_value(value);
  if (std::isnan(v)) return nan_like<S>();
  typename S::Tangents tangents{};
  if (v == -kInfinity) return S(value, tangents);
  add_partials_of<Family>(U(1), statistics, inputs.view()..., inputs.adjoint()...);
  for (int k = 0; k < S::kDirections; ++k) {
    tangents[static_cast<std::size_t>(k)] = (U(0) + ... + inputs.tangent_dot(k));
  }
  return S(value, tangents);
}

// A family evaluated on the arguments as given: a node in reverse mode, closed-form tangents in
// forward mode, the plain value otherwise.
template <template <class> class Family, class... Args>
auto evaluate(Args&&... args) {
  using T = reverse_value_t<Args...>;
  if constexpr (!std::is_void_v<T>) {
    return custom_node(LogDensityNode<Family<T>>{}, node_argument<T>(std::forward<Args>(args))...);
  } else {
    using S = typename plain_scalar<Args...>::type;
    if constexpr (is_dual_v<S>) {
      using U = typename S::value_type;
      return forward_value<S, Family<U>>(typename forward_input<S, std::remove_cvref_t<Args>>::type(args)...);
    } else {
      return LogDensityNode<Family<S>>{}.value(PlainInput<S, std::remove_cvref_t<Args>>(args).view()...);
    }
  }
}

}  // namespace slope::distributions_detail
