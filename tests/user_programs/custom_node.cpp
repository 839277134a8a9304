// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// A user program that must compile unchanged: a user-defined operation with a hand-written
// vjp and jvp, used in every mode (gradient, hessian, hvp, gradient_forward, jacobian).
#include <cmath>
#include <cstdio>

#include "slope/slope.hpp"

// y = log(1 + exp(a . x)) for a vector x and a scalar a (a softplus of a scaled sum).
struct ScaledSoftplus {
  template <class M, class S>
  auto value(const M& x, const S& a) const {
    using std::exp;
    using std::log1p;
    using T = typename M::Scalar;
    const T z = a * x.sum();
    return T(log1p(exp(z)));
  }
  // dy = sigmoid(z) (a dx_sum + sum(x) da)
  template <class T, class M, class S, class MA, class SA>
  void vjp(const T& adjoint, const T&, const M& x, const S& a, MA x_adjoint, SA a_adjoint) const {
    using std::exp;
    const T z = a * x.sum();
    const T sigma = T(1) / (T(1) + exp(-z));
    x_adjoint += Eigen::Matrix<T, -1, -1>::Constant(x.rows(), x.cols(), adjoint * sigma * a);
    a_adjoint += adjoint * sigma * x.sum();
  }
  template <class T, class M, class S>
  T jvp(const T&, const M& x, const S& a, const M& x_tangent, const S& a_tangent) const {
    using std::exp;
    const T z = a * x.sum();
    const T sigma = T(1) / (T(1) + exp(-z));
    return sigma * (a * x_tangent.sum() + x.sum() * a_tangent);
  }
};

int main() {
  const auto f = [](const auto& v) { return slope::custom_node(ScaledSoftplus{}, v.head(3), v[3]); };
  const Eigen::Vector4d v(0.3, -0.2, 0.5, 1.5);
  const double z = v[3] * v.head(3).sum();
  const double sigma = 1 / (1 + std::exp(-z));
  Eigen::Vector4d expected;
  expected << Eigen::Vector3d::Constant(sigma * v[3]), sigma * v.head(3).sum();
  const Eigen::VectorXd reverse = slope::gradient(f, Eigen::VectorXd(v));
  const Eigen::VectorXd forward = slope::gradient_forward(f, Eigen::VectorXd(v));
  const Eigen::MatrixXd h = slope::hessian(f, Eigen::VectorXd(v));
  const Eigen::VectorXd hv = slope::hvp(f, Eigen::VectorXd(v), Eigen::VectorXd::Ones(4));
  const auto hessian_check = slope::check_hessian(f, Eigen::VectorXd(v));
  const bool ok = reverse.isApprox(expected, 1e-14) && forward.isApprox(expected, 1e-14) && hessian_check.passed &&
                  hv.isApprox(h * Eigen::Vector4d::Ones(), 1e-13) && slope::check_gradient(f, Eigen::VectorXd(v)).passed;
  std::printf("custom node in every mode: %s\n", ok ? "consistent" : "WRONG");
  return ok ? 0 : 1;
}
