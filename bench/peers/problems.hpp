// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// The nine benchmark problems as every AD library sees them, without any AD library: each
// holds a few input draws, its fixed data, the plain double function (`function`), a
// hand-coded analytic value and gradient written into the caller's vector (`hand`), and the
// objective spelled as plain Eigen code generic in the scalar type (`eigen_objective`): the
// natural spelling for the libraries whose active type is a scalar that goes through Eigen
// (ADOL-C, CoDiPack, XAD, autodiff, Ceres' Jet, Eigen's AutoDiffScalar). The scalar loops
// (stochastic volatility, Rosenbrock) only index x[i], so they also take a pointer.
//   sum, prod, log_sum_exp   sum x, prod x, log sum exp x                       n inputs
//   normal                   sum_i log N(y_i | mu, sigma)                       x = (y, mu, sigma)
//   matmul                   sum(A B), A and B N x N                            x = (vec A, vec B)
//   regression               sum_i log N(y_i | (X beta)_i, sigma), X, y fixed    x = (beta, sigma)
//   stochastic_volatility    the non-centred recursion below                     x = (z, mu, sigma, phi)
//   mlp                      16 -> 32 tanh -> 1, batch 64, mean squared error    577 parameters
//   rosenbrock               sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2          n inputs
// bench/workloads.hpp adds slope's spelling of each objective; bench/peers/*.cpp each
// library's. Nothing here includes slope, so that no other library's translation unit does.
//
//     const slope_bench::problem::Sum sum(1024);
//     Eigen::VectorXd g(1024);
//     double f = sum.hand(sum.inputs[0], g);  // g = (1, ..., 1)

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>
#include <type_traits>
#include <utility>

namespace slope_bench {

inline constexpr std::size_t kDraws = 4;

inline Eigen::VectorXd uniform(Eigen::Index n, double lo, double hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = dist(rng);
  return x;
}

inline Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  return uniform(rows * cols, -1, 1, seed).reshaped(rows, cols);
}

namespace problem {

// The element type of anything indexable: an Eigen vector, a std::vector, a pointer.
template <class X>
using ElementOf = std::decay_t<decltype(std::declval<const X&>()[0])>;

template <class T>
using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;

inline const double kHalfLog2Pi = 0.5 * std::log(2 * std::numbers::pi);

// a * a on any operand, an expression of a in expression-template libraries: used within the
// caller's full-expression only
template <class A>
auto times_itself(const A& a) {
  return a * a;
}

// ---------------------------------------------------------------- sum, product, log-sum-exp

struct Sum {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit Sum(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, -1, 1, 10 + static_cast<unsigned>(d)); }
  double function(const Eigen::VectorXd& x) const { return x.sum(); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    g.setOnes();
    return x.sum();
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const { return x.sum(); }
};

struct Product {
  std::array<Eigen::VectorXd, kDraws> inputs;  // near 1, so that 65536 factors stay finite
  explicit Product(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, 0.999, 1.001, 20 + static_cast<unsigned>(d)); }
  double function(const Eigen::VectorXd& x) const { return x.prod(); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // d prod / dx_i = prod_{j != i} x_j, by prefix and suffix products (no division)
    const Eigen::Index n = x.size();
    double prefix = 1.0;
    for (Eigen::Index i = 0; i < n; ++i) { g[i] = prefix; prefix *= x[i]; }
    double suffix = 1.0;
    for (Eigen::Index i = n; i-- > 0;) { g[i] *= suffix; suffix *= x[i]; }
    return prefix;
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const { return x.prod(); }
};

struct LogSumExp {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit LogSumExp(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, -5, 5, 30 + static_cast<unsigned>(d)); }
  // unshifted: exp(x) cannot overflow on these inputs, in [-5, 5]
  double function(const Eigen::VectorXd& x) const { return std::log(x.array().exp().sum()); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // d lse / dx_i = exp(x_i - lse), computed shifted by max x
    const double m = x.maxCoeff();
    const Eigen::ArrayXd e = (x.array() - m).exp();
    const double s = e.sum();
    g = (e / s).matrix();
    return m + std::log(s);
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    using std::log;
    return log(x.array().exp().sum());
  }
};

// ---------------------------------------------------------------- normal log-density

// sum_i log N(y_i | mu, sigma) with respect to y (n), mu and sigma: x = (y, mu, sigma).
struct Normal {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit Normal(Eigen::Index n) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = uniform(n + 2, -2, 2, 40 + static_cast<unsigned>(d));
      inputs[d][n] = 0.3;        // mu
      inputs[d][n + 1] = 1.7;    // sigma
    }
  }
  double function(const Eigen::VectorXd& x) const { return eigen_objective(x); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // with z_i = (y_i - mu) / sigma: d/dy_i = -z_i / sigma, d/dmu = sum z / sigma,
    // d/dsigma = (sum z^2 - n) / sigma
    const Eigen::Index n = x.size() - 2;
    const double mu = x[n], sigma = x[n + 1];
    const Eigen::ArrayXd z = (x.head(n).array() - mu) / sigma;
    const double value = -0.5 * z.square().sum() - static_cast<double>(n) * (std::log(sigma) + kHalfLog2Pi);
    g.head(n) = -z / sigma;
    g[n] = z.sum() / sigma;
    g[n + 1] = (z.square().sum() - static_cast<double>(n)) / sigma;
    return value;
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    using std::log;
    using T = ElementOf<X>;
    const Eigen::Index n = x.size() - 2;
    const T mu = x[n], sigma = x[n + 1];
    return -0.5 * ((x.head(n).array() - mu) / sigma).square().sum() - static_cast<double>(n) * (log(sigma) + kHalfLog2Pi);
  }
};

// ---------------------------------------------------------------- sum of a matrix product

// sum(A B) for N x N matrices A, B: x = (vec A, vec B), column-major.
struct MatrixProduct {
  Eigen::Index n;
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit MatrixProduct(Eigen::Index size) : n(size) {
    for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(2 * n * n, -1, 1, 50 + static_cast<unsigned>(d));
  }
  double function(const Eigen::VectorXd& x) const { return eigen_objective(x); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    const Eigen::Map<const Eigen::MatrixXd> a(x.data(), n, n), b(x.data() + n * n, n, n);
    // d sum(AB) / dA = 1 1^T B^T (every row: the row sums of B), d / dB = A^T 1 1^T
    const Eigen::VectorXd row_sums_b = b.rowwise().sum(), col_sums_a = a.colwise().sum().transpose();
    Eigen::Map<Eigen::MatrixXd>(g.data(), n, n) = Eigen::VectorXd::Ones(n) * row_sums_b.transpose();
    Eigen::Map<Eigen::MatrixXd>(g.data() + n * n, n, n) = col_sums_a * Eigen::RowVectorXd::Ones(n);
    return (a * b).sum();
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    return (x.head(n * n).reshaped(n, n) * x.tail(n * n).reshaped(n, n)).sum();
  }
};

// ---------------------------------------------------------------- linear regression

// log-likelihood of y ~ N(X beta, sigma): x = (beta, sigma), X and y fixed synthetic data.
// The data are held as Eigen::Map views of storage that outlives every gradient, the way to
// pass large constant data to slope's reverse mode: a matrix node borrows a Map, while it
// copies a plain Eigen operand (which might be a local of the function, dead by the backward
// sweep).
struct Regression {
  std::shared_ptr<const Eigen::MatrixXd> design_storage;
  std::shared_ptr<const Eigen::VectorXd> y_storage;
  Eigen::Map<const Eigen::MatrixXd> design;
  Eigen::Map<const Eigen::VectorXd> y;
  std::array<Eigen::VectorXd, kDraws> inputs;
  Regression(Eigen::Index samples, Eigen::Index features)
      : design_storage(std::make_shared<const Eigen::MatrixXd>(random_matrix(samples, features, 7))),
        y_storage(std::make_shared<const Eigen::VectorXd>(*design_storage * uniform(features, -1, 1, 60) +
                                                          0.1 * random_matrix(samples, 1, 8))),
        design(design_storage->data(), samples, features),
        y(y_storage->data(), samples) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = uniform(features + 1, -1, 1, 61 + static_cast<unsigned>(d));
      inputs[d][features] = 0.8;  // sigma
    }
  }
  double function(const Eigen::VectorXd& x) const {
    const Eigen::Index p = x.size() - 1;
    const double sigma = x[p];
    return -0.5 * (y - design * x.head(p)).squaredNorm() / (sigma * sigma) - static_cast<double>(y.size()) * (std::log(sigma) + kHalfLog2Pi);
  }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // with r = y - X beta: d/dbeta = X^T r / sigma^2, d/dsigma = |r|^2 / sigma^3 - n / sigma
    const Eigen::Index p = x.size() - 1;
    const double sigma = x[p];
    const Eigen::VectorXd r = y - design * x.head(p);
    const double n = static_cast<double>(y.size());
    const double value = -0.5 * r.squaredNorm() / (sigma * sigma) - n * (std::log(sigma) + kHalfLog2Pi);
    g.head(p) = design.transpose() * r / (sigma * sigma);
    g[p] = r.squaredNorm() / (sigma * sigma * sigma) - n / sigma;
    return value;
  }
  // X beta as lazyProduct: Eigen 3.4's matrix-product kernels cast a non-double factor to
  // double (BlasUtil's get_factor), so `design * beta` does not compile for an active scalar,
  // and design.cast<T>() would copy X into active scalars at every call.
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    using std::log;
    using T = ElementOf<X>;
    const Eigen::Index p = x.size() - 1;
    const T sigma = x[p];
    const Column<T> r = y - design.lazyProduct(x.head(p));
    return -0.5 * r.squaredNorm() / (sigma * sigma) - static_cast<double>(y.size()) * (log(sigma) + kHalfLog2Pi);
  }
};

// ---------------------------------------------------------------- stochastic volatility

// Non-centred stochastic volatility: x = (z_0..z_{n-1}, mu, sigma, phi), y fixed returns.
//   h_0 = z_0 sigma / sqrt(1 - phi^2) + mu,  h_i = z_i sigma + mu + phi (h_{i-1} - mu)
//   f = sum_i [-0.5 (y_i / exp(h_i / 2))^2 - h_i / 2 - 0.5 z_i^2] - ln(1 + (sigma/5)^2) - ln(1 + (mu/10)^2)
struct StochasticVolatility {
  Eigen::VectorXd y;
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit StochasticVolatility(Eigen::Index n) : y(uniform(n, -0.5, 0.5, 70)) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = uniform(n + 3, -1, 1, 71 + static_cast<unsigned>(d));
      inputs[d][n] = -1.0;       // mu
      inputs[d][n + 1] = 0.3;    // sigma
      inputs[d][n + 2] = 0.9;    // phi
    }
  }
  double function(const Eigen::VectorXd& x) const { return eigen_objective(x); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // forward pass storing h, then the adjoint recursion backwards
    const Eigen::Index n = y.size();
    const double mu = x[n], sigma = x[n + 1], phi = x[n + 2];
    const double root = std::sqrt(1.0 - phi * phi);
    Eigen::VectorXd h(n);
    h[0] = x[0] * sigma / root + mu;
    for (Eigen::Index i = 1; i < n; ++i) h[i] = x[i] * sigma + mu + phi * (h[i - 1] - mu);
    double value = 0.0;
    g.setZero();
    double h_bar = 0.0;  // adjoint of h_i flowing from h_{i+1}
    for (Eigen::Index i = n; i-- > 0;) {
      const double e = y[i] * y[i] * std::exp(-h[i]);
      value += -0.5 * e - 0.5 * h[i] - 0.5 * x[i] * x[i];
      const double dh = h_bar + 0.5 * e - 0.5;  // total adjoint of h_i
      g[i] = -x[i];
      if (i > 0) {
        g[i] += dh * sigma;
        g[n] += dh * (1.0 - phi);
        g[n + 1] += dh * x[i];
        g[n + 2] += dh * (h[i - 1] - mu);
        h_bar = dh * phi;
      } else {
        g[i] += dh * sigma / root;
        g[n] += dh;
        g[n + 1] += dh * x[0] / root;
        g[n + 2] += dh * x[0] * sigma * phi / (root * root * root);
      }
    }
    value += -std::log1p((sigma / 5) * (sigma / 5)) - std::log1p((mu / 10) * (mu / 10));
    g[n + 1] += -2 * sigma / 25 / (1 + (sigma / 5) * (sigma / 5));
    g[n] += -2 * mu / 100 / (1 + (mu / 10) * (mu / 10));
    return value;
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    using T = ElementOf<X>;
    using std::exp;
    using std::log;
    using std::sqrt;
    const Eigen::Index n = y.size();
    const T mu = x[n], sigma = x[n + 1], phi = x[n + 2];
    T h = x[0] * sigma / sqrt(1.0 - phi * phi) + mu;
    T lp = -0.5 * times_itself(y[0] / exp(h / 2.0)) - h / 2.0 - 0.5 * times_itself(x[0]);
    for (Eigen::Index i = 1; i < n; ++i) {
      h = x[i] * sigma + mu + phi * (h - mu);
      lp += -0.5 * times_itself(y[i] / exp(h / 2.0)) - h / 2.0 - 0.5 * times_itself(x[i]);
    }
    // log(1 + u), not log1p: not every library has log1p
    return lp - log(1.0 + times_itself(sigma / 5.0)) - log(1.0 + times_itself(mu / 10.0));
  }
};

// ---------------------------------------------------------------- a small MLP

// 16 inputs -> 32 tanh -> 1 output, batch of 64, mean squared error; 577 parameters
// x = (vec W1 (32x16), b1 (32), W2 (1x32), b2 (1)).
struct Mlp {
  static constexpr Eigen::Index kIn = 16, kHidden = 32, kBatch = 64;
  static constexpr Eigen::Index kParameters = kHidden * kIn + kHidden + kHidden + 1;
  // The data as Eigen::Map views of storage that outlives every gradient (see Regression).
  std::shared_ptr<const Eigen::VectorXd> data_storage;  // kIn x kBatch inputs, then kBatch targets
  Eigen::Map<const Eigen::MatrixXd> inputs_x;
  Eigen::Map<const Eigen::RowVectorXd> targets;
  std::array<Eigen::VectorXd, kDraws> inputs;
  Mlp()
      : data_storage(std::make_shared<const Eigen::VectorXd>(uniform((kIn + 1) * kBatch, -1, 1, 9))),
        inputs_x(data_storage->data(), kIn, kBatch),
        targets(data_storage->data() + kIn * kBatch, kBatch) {
    for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(kParameters, -0.3, 0.3, 80 + static_cast<unsigned>(d));
  }
  double function(const Eigen::VectorXd& x) const {
    const Eigen::Map<const Eigen::MatrixXd> w1(x.data(), kHidden, kIn);
    const Eigen::Map<const Eigen::VectorXd> b1(x.data() + kHidden * kIn, kHidden);
    const Eigen::Map<const Eigen::RowVectorXd> w2(x.data() + kHidden * kIn + kHidden, kHidden);
    const Eigen::MatrixXd a = ((w1 * inputs_x).colwise() + b1).array().tanh().matrix();
    return (((w2 * a).array() + x[kParameters - 1]).matrix() - targets).squaredNorm() / kBatch;
  }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // backpropagation: d out = 2 r / batch, d pre = (w2^T d out) .* (1 - a^2)
    const Eigen::Map<const Eigen::MatrixXd> w1(x.data(), kHidden, kIn);
    const Eigen::Map<const Eigen::VectorXd> b1(x.data() + kHidden * kIn, kHidden);
    const Eigen::Map<const Eigen::RowVectorXd> w2(x.data() + kHidden * kIn + kHidden, kHidden);
    const double b2 = x[kParameters - 1];
    const Eigen::MatrixXd a = ((w1 * inputs_x).colwise() + b1).array().tanh().matrix();
    const Eigen::RowVectorXd out = (w2 * a).array() + b2;
    const Eigen::RowVectorXd r = out - targets;
    const double value = r.squaredNorm() / kBatch;
    const Eigen::RowVectorXd d_out = 2.0 * r / kBatch;
    const Eigen::MatrixXd d_pre = ((w2.transpose() * d_out).array() * (1.0 - a.array().square())).matrix();
    Eigen::Map<Eigen::MatrixXd>(g.data(), kHidden, kIn) = d_pre * inputs_x.transpose();
    g.segment(kHidden * kIn, kHidden) = d_pre.rowwise().sum();
    g.segment(kHidden * kIn + kHidden, kHidden) = (d_out * a.transpose()).transpose();
    g[kParameters - 1] = d_out.sum();
    return value;
  }
  // W1 X as lazyProduct (see Regression); the active product w2 a through Eigen's kernels.
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    using T = ElementOf<X>;
    const Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>> w1(x.data(), kHidden, kIn);
    const Eigen::Map<const Column<T>> b1(x.data() + kHidden * kIn, kHidden);
    const Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> w2(x.data() + kHidden * kIn + kHidden, kHidden);
    const T b2 = x[kParameters - 1];
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> a = (w1.lazyProduct(inputs_x).colwise() + b1).array().tanh().matrix();
    const Eigen::Matrix<T, 1, Eigen::Dynamic> out = (w2 * a).array() + b2;
    return (out - targets).squaredNorm() / static_cast<double>(kBatch);
  }
};

// ---------------------------------------------------------------- Rosenbrock

// The extended Rosenbrock function.
struct Rosenbrock {
  std::array<Eigen::VectorXd, kDraws> inputs;
  explicit Rosenbrock(Eigen::Index n) { for (std::size_t d = 0; d < kDraws; ++d) inputs[d] = uniform(n, -1.5, 1.5, 90 + static_cast<unsigned>(d)); }
  double function(const Eigen::VectorXd& x) const { return eigen_objective(x); }
  double hand(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    // d/dx_i = -400 x_i (x_{i+1} - x_i^2) - 2 (1 - x_i), d/dx_{i+1} = 200 (x_{i+1} - x_i^2)
    double value = 0.0;
    g.setZero();
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
      const double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
      value += 100.0 * a * a + b * b;
      g[i] += -400.0 * a * x[i] - 2.0 * b;
      g[i + 1] += 200.0 * a;
    }
    return value;
  }
  template <class X> ElementOf<X> eigen_objective(const X& x) const {
    ElementOf<X> sum(0.0);
    for (Eigen::Index i = 0; i + 1 < inputs[0].size(); ++i) sum += 100.0 * times_itself(x[i + 1] - x[i] * x[i]) + times_itself(1.0 - x[i]);
    return sum;
  }
};

}  // namespace problem
}  // namespace slope_bench
