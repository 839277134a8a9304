// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Adept-2 (rjhogan/Adept-2), one adept::Stack for the thread, created once. Per call: the
// independent variables made from x, new_recording, the objective, the output's gradient
// seeded, reverse, the gradients read out. The vector workloads in Adept's active arrays
// (aVector, aMatrix: sum, product, exp, tanh, spread, and ** for matrix products, which
// Adept hands to BLAS); the scalar loops on a std::vector<aReal> with the loops of
// problems.hpp (indexed through its data pointer). Adept's arrays are row-major, so a column-major N x M block of x read as
// an Adept matrix is the M x N transpose (A = At.T(), a view). Matrix products need Adept
// built with BLAS (-DHAVE_BLAS; without it Adept throws on them): without, the matrix
// product, regression and MLP are not registered. Column adept.

#include <adept_arrays.h>

#include <vector>

#include "harness.hpp"

namespace {

using namespace slope_bench::peers;

using adept::aMatrix;
using adept::aReal;
using adept::aVector;

adept::Stack& stack() {
  static adept::Stack the_stack;  // the thread's active stack
  return the_stack;
}

int count(Eigen::Index n) { return static_cast<int>(n); }

// Adept views of double storage (no copy).
adept::Vector vector_view(const double* data, Eigen::Index n) { return adept::Vector(const_cast<double*>(data), adept::dimensions(count(n))); }
adept::Matrix matrix_view(const double* data, Eigen::Index rows, Eigen::Index cols) {
  return adept::Matrix(const_cast<double*>(data), adept::dimensions(count(rows), count(cols)));
}

// objective(aVector&) -> aReal on x as one active vector.
template <class Objective>
auto on_vector(Objective objective) {
  return [objective](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    adept::Stack& s = stack();
    aVector active = vector_view(x.data(), x.size());
    s.new_recording();
    aReal y = objective(active);
    y.set_gradient(1.0);
    s.reverse();
    adept::Vector gradient = vector_view(g.data(), g.size());
    gradient = active.get_gradient();
    return adept::value(y);
  };
}

// objective(aReal*) -> aReal on x as active scalars.
template <class Objective>
auto on_scalars(Objective objective) {
  return [objective](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    adept::Stack& s = stack();
    std::vector<aReal> active(static_cast<std::size_t>(x.size()));
    adept::set_values(active.data(), count(x.size()), x.data());
    s.new_recording();
    aReal y = objective(active.data());
    y.set_gradient(1.0);
    s.reverse();
    adept::get_gradients(active.data(), count(x.size()), g.data());
    return adept::value(y);
  };
}

auto adept_method(const Sum&) { return on_vector([](aVector& x) -> aReal { return sum(x); }); }
auto adept_method(const Product&) { return on_vector([](aVector& x) -> aReal { return product(x); }); }
auto adept_method(const LogSumExp&) { return on_vector([](aVector& x) -> aReal { return log(sum(exp(x))); }); }
auto adept_method(const Normal& w) {
  const int n = count(w.inputs[0].size() - 2);
  return on_vector([n](aVector& x) -> aReal {
    aReal mu = x(n), sigma = x(n + 1);
    aVector z = (x.subset(0, n - 1) - mu) / sigma;
    return -0.5 * sum(z * z) - n * (log(sigma) + kHalfLog2Pi);
  });
}
auto adept_method(const StochasticVolatility& w) {
  return on_scalars([&w](const aReal* x) { return w.eigen_objective(x); });
}
auto adept_method(const Rosenbrock& w) {
  return on_scalars([&w](const aReal* x) { return w.eigen_objective(x); });
}

auto adept_method(const MatrixProduct& w) {
  const int n = count(w.n);
  return [n](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    adept::Stack& s = stack();
    aMatrix at = matrix_view(x.data(), n, n), bt = matrix_view(x.data() + n * n, n, n);  // A^T, B^T
    s.new_recording();
    aReal y = sum(at.T() ** bt.T());
    y.set_gradient(1.0);
    s.reverse();
    adept::Matrix gradient_a = matrix_view(g.data(), n, n), gradient_b = matrix_view(g.data() + n * n, n, n);
    gradient_a = at.get_gradient();
    gradient_b = bt.get_gradient();
    return adept::value(y);
  };
}

auto adept_method(const Regression& w) {
  const int samples = count(w.design.rows()), p = count(w.design.cols());
  const adept::Matrix design_t = matrix_view(w.design.data(), p, samples);  // X^T
  const adept::Vector y = vector_view(w.y.data(), samples);
  return [design_t, y, samples, p](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    adept::Stack& s = stack();
    aVector beta = vector_view(x.data(), p);
    aReal sigma = x[p];
    s.new_recording();
    aVector r = y - design_t.T() ** beta;
    aReal f = -0.5 * sum(r * r) / (sigma * sigma) - samples * (log(sigma) + kHalfLog2Pi);
    f.set_gradient(1.0);
    s.reverse();
    adept::Vector gradient_beta = vector_view(g.data(), p);
    gradient_beta = beta.get_gradient();
    g[p] = sigma.get_gradient();
    return adept::value(f);
  };
}

auto adept_method(const Mlp& w) {
  constexpr int in = Mlp::kIn, hidden = Mlp::kHidden, batch = Mlp::kBatch;
  const adept::Matrix inputs_t = matrix_view(w.inputs_x.data(), batch, in);  // X^T, 64 x 16
  const adept::Vector targets = vector_view(w.targets.data(), batch);
  return [inputs_t, targets](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    adept::Stack& s = stack();
    aMatrix w1t = matrix_view(x.data(), in, hidden);  // W1^T, 16 x 32
    aVector b1 = vector_view(x.data() + hidden * in, hidden);
    aVector w2 = vector_view(x.data() + hidden * in + hidden, hidden);
    aReal b2 = x[Mlp::kParameters - 1];
    s.new_recording();
    aMatrix layer_t = tanh(inputs_t ** w1t + adept::spread<0>(b1, batch));  // 64 x 32
    aVector residual = layer_t ** w2 + b2 - targets;
    aReal f = sum(residual * residual) / static_cast<double>(batch);
    f.set_gradient(1.0);
    s.reverse();
    adept::Matrix gradient_w1t = matrix_view(g.data(), in, hidden);
    gradient_w1t = w1t.get_gradient();
    adept::Vector gradient_b1 = vector_view(g.data() + hidden * in, hidden);
    gradient_b1 = b1.get_gradient();
    adept::Vector gradient_w2 = vector_view(g.data() + hidden * in + hidden, hidden);
    gradient_w2 = w2.get_gradient();
    g[Mlp::kParameters - 1] = b2.get_gradient();
    return adept::value(f);
  };
}

void register_adept() {
  stack();
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    using W = std::decay_t<decltype(w)>;
    constexpr bool kMatrixProducts = std::is_same_v<W, MatrixProduct> || std::is_same_v<W, Regression> || std::is_same_v<W, Mlp>;
    if (kMatrixProducts && !adept::have_matrix_multiplication()) return;
    add(name, "adept", size, w, adept_method(w));
  });
}

[[maybe_unused]] const bool registered = add_library(register_adept);

}  // namespace
