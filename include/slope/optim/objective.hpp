// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What minimize accepts as an objective, and how it evaluates one.
//
// Either a DifferentiableObjective, a callable generic in its scalar type that slope
// differentiates (gradients by value_and_gradient, Newton's Hessians by hessian), or
//   a ValueFunction f(x) -> double together with a GradientFunction grad(x) -> Eigen::VectorXd
// written by the user.
//
//     auto f = [](const auto& x) { return (x.array() - 1.0).square().sum(); };    // generic: AD
//     auto g = [](const Eigen::VectorXd& x) -> Eigen::VectorXd { return 2.0 * (x.array() - 1.0); };
//     static_assert(slope::optim::GradientFunction<decltype(g)>);

#include <concepts>
#include <type_traits>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/core/traits.hpp"
#include "slope/finite_difference.hpp"
#include "slope/functional/concepts.hpp"
#include "slope/functional/reverse.hpp"
#include "slope/reverse/var.hpp"

namespace slope::optim {

// f: a vector of Scalar -> an active Scalar, so that slope can differentiate it: a generic
// callable (a template, or a lambda taking `const auto&`). A function of Eigen::VectorXd
// does not qualify (ScalarObjective requires the result to be active on Scalar).
template <class F, class Scalar = Var<double>>
concept DifferentiableObjective = ScalarObjective<F, Scalar>;

// f: Eigen::VectorXd -> double, the objective when the user supplies the gradient.
template <class F>
concept ValueFunction =
    !fd::EigenObject<F> && std::invocable<const F&, const Eigen::VectorXd&> &&
    std::convertible_to<std::invoke_result_t<const F&, const Eigen::VectorXd&>, double>;

// grad: Eigen::VectorXd -> Eigen::VectorXd (or an Eigen expression convertible to one), the
// user's own gradient of f.
template <class G>
concept GradientFunction =
    !fd::EigenObject<G> && std::invocable<const G&, const Eigen::VectorXd&> &&
    std::convertible_to<std::invoke_result_t<const G&, const Eigen::VectorXd&>, Eigen::VectorXd>;

namespace detail {

// f and its gradient by reverse mode, counting the evaluations.
template <class F>
class AutodiffObjective {
 public:
  explicit AutodiffObjective(const F& f) : f_(f) {}
  ValueAndGradient operator()(const Eigen::VectorXd& x) {
    ++evaluations_;
    return slope::value_and_gradient(f_, x);
  }
  int evaluations() const { return evaluations_; }

 private:
  const F& f_;
  int evaluations_ = 0;
};

// f and the user's gradient, counting the evaluations (one per point, for both together).
template <class F, class G>
class SuppliedObjective {
 public:
  SuppliedObjective(const F& f, const G& gradient) : f_(f), gradient_(gradient) {}
  ValueAndGradient operator()(const Eigen::VectorXd& x) {
    ++evaluations_;
    ValueAndGradient result{static_cast<double>(f_(x)), Eigen::VectorXd(gradient_(x))};
    check_argument(result.gradient.size() == x.size(),
                   "slope::optim::minimize: the gradient function returned a vector whose size "
                   "differs from x's; it must return one entry per variable");
    return result;
  }
  int evaluations() const { return evaluations_; }

 private:
  const F& f_;
  const G& gradient_;
  int evaluations_ = 0;
};

}  // namespace detail

}  // namespace slope::optim
