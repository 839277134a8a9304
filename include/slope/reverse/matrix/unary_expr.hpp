// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// x.unaryExpr(f) on active matrices: a user's scalar function applied to every element, as
// one node. f must be generic in its scalar (`[](auto v) { ... }`); each element is evaluated
// once on a dual number, Dual<T, 1>(x_i, 1), which gives f(x_i) and f'(x_i) together (forward
// mode inside the node), and the backward pass is
//
//   xbar_i += ybar_i f'(x_i)
//
// with f'(x_i) kept in tape slots beside the result. Under forward over reverse (T a Dual)
// the same evaluation nests, so Hessians see f'' too. Part of slope/reverse/matrix.hpp.
//
//     auto y = x.array().unaryExpr([](auto v) { return slope::eval(v * v + sin(v)); });
//
// (On Eigen objects of double or Dual, Eigen's unaryExpr is used as is: the lambda must then
// return the scalar type itself, which slope::eval of an expression does.)

#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include "slope/forward/dual.hpp"
#include "slope/reverse/matrix/elementwise.hpp"
#include "slope/reverse/matrix/interface.hpp"
#include "slope/reverse/matrix/kernels.hpp"
#include "slope/reverse/matrix/var_matrix.hpp"
#include "slope/reverse/tape.hpp"

namespace slope {

namespace matrix_detail {

// Backward: xbar += ybar * f'(x), with f'(x) stored at `partials`.
template <class T>
class UnaryFunctionNode final : public Node<T> {
 public:
  UnaryFunctionNode(Index source, Index out, Index partials, Eigen::Index rows, Eigen::Index cols)
      : source_(source), out_(out), partials_(partials), rows_(rows), cols_(cols) {}
  void backward(Tape<T>& tape) const override {
    const ValueMap<T> y_bar(tape.output_adjoints(out_), rows_, cols_);
    const ValueMap<T> partial(tape.values_data() + partials_, rows_, cols_);
    AdjointMap<T>(tape.adjoint_space().at(source_), rows_, cols_) += y_bar.binaryExpr(partial, GuardedProduct<T>{});
  }

 private:
  Index source_, out_, partials_;
  Eigen::Index rows_, cols_;
};

}  // namespace matrix_detail

template <class Derived, class T, bool kArray>
template <class F>
auto matrix_detail::VarDenseBase<Derived, T, kArray>::unaryExpr(const F& f) const {
  using D = Dual<T, 1>;
  static_assert(std::is_invocable_v<const F&, const D&>,
                "slope::VarMatrix::unaryExpr: f must be generic in its scalar, e.g. [](auto v) { return ...; }, "
                "so that it can be differentiated (it is called with a slope::Dual)");
  using R = std::invoke_result_t<const F&, const D&>;
  static_assert(std::is_convertible_v<R, D>,
                "slope::VarMatrix::unaryExpr: f must return its argument's scalar type or an expression of it "
                "(not a plain double); write the body with the argument, e.g. `return v * v;`");
  const VarMatrix<T> m = materialize(self().node());
  const Eigen::Index rows = m.rows(), cols = m.cols(), n = m.size();
  Tape<T>* tape = m.is_active() ? &active_tape<T>() : nullptr;
  if (tape != nullptr) m.check_tape(*tape);
  // The result and, after it, the derivatives: 2n slots in one allocation.
  const auto [first, out, values] = result_slots(tape, 2 * n);
  T* partials = out + n;
  const T* x = m.data(values);
  for (Eigen::Index i = 0; i < n; ++i) {
    const D y = f(D::variable(x[i]));
    out[i] = y.value();
    partials[i] = y.tangent(0);
  }
  if (tape == nullptr) return with_flavour<kArray>(VarMatrix<T>::constant(MatrixMap<T>(out, rows, cols)));
  tape->template push_node<UnaryFunctionNode<T>>(m.first(), first, first + static_cast<Index>(n), rows, cols);
  return with_flavour<kArray>(VarMatrix<T>::on_tape(first, rows, cols, tape->epoch()));
}

}  // namespace slope
