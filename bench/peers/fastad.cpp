// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// FastAD (JamesYang007/FastAD, reverse mode by expression templates): the objective as one
// FastAD expression over VarViews cut from the input and gradient buffers, with FastAD's
// vector and matrix nodes (sum, prod, exp, dot, tanh, pow<2>, normal_adj_log_pdf plus the
// -n/2 log 2 pi it leaves out, constant_view for data) and, for the scalar loops,
// ad::sum / ad::for_each over an index range, with a placeholder vector h for the
// stochastic-volatility recursion. Columns:
//   fastad           per call: build the expression, ad::bind it (allocating its cache),
//                    ad::autodiff; the analogue of recording a tape per call
//   fastad_prebuilt  the expression built and bound once per workload and size, outside the
//                    timing (FastAD's intended use, and ADBenchmark's); per call: copy x into
//                    the bound values, zero the adjoints, ad::autodiff, copy the gradient out.
//                    Valid because no workload's control flow depends on x; not ranked
//                    against per-call gradients (bench/table.py)

#include <fastad>

#include <cstddef>
#include <iterator>
#include <memory>

#include "harness.hpp"

namespace {

using namespace slope_bench::peers;

// An iterator counting indices, for ad::sum and ad::for_each over a range (the operations
// they use).
struct Count {
  using difference_type = std::ptrdiff_t;
  using value_type = std::size_t;
  using pointer = const std::size_t*;
  using reference = std::size_t;
  using iterator_category = std::random_access_iterator_tag;
  std::size_t i;
  std::size_t operator*() const { return i; }
  Count& operator++() { ++i; return *this; }
  Count operator++(int) { Count c = *this; ++i; return c; }
  Count& operator--() { --i; return *this; }
  Count& operator+=(difference_type d) { i = static_cast<std::size_t>(static_cast<difference_type>(i) + d); return *this; }
  friend difference_type operator-(Count a, Count b) { return static_cast<difference_type>(a.i) - static_cast<difference_type>(b.i); }
  friend bool operator!=(Count a, Count b) { return a.i != b.i; }
};

using Vector = ad::VarView<double, ad::vec>;
using Matrix = ad::VarView<double, ad::mat>;
using Scalar = ad::VarView<double>;

std::size_t count(Eigen::Index n) { return static_cast<std::size_t>(n); }

// The value and adjoint storage an expression is built over: x's values and g's entries.
struct Buffers {
  double* values;
  double* adjoints;
  Vector vector(std::size_t offset, std::size_t n) const { return Vector(values + offset, adjoints + offset, n); }
  Matrix matrix(std::size_t offset, std::size_t rows, std::size_t cols) const { return Matrix(values + offset, adjoints + offset, rows, cols); }
  Scalar scalar(std::size_t offset) const { return Scalar(values + offset, adjoints + offset); }
};

// The expression of each workload over the buffers, as a function object of (Buffers,
// placeholder storage). Only stochastic volatility needs a placeholder (its h); the others
// take an empty one.
struct NoPlaceholder {
  explicit NoPlaceholder(std::size_t) {}
};

auto expression(const Sum& w, Buffers b, NoPlaceholder&) { return ad::sum(b.vector(0, count(w.inputs[0].size()))); }
auto expression(const Product& w, Buffers b, NoPlaceholder&) { return ad::prod(b.vector(0, count(w.inputs[0].size()))); }
auto expression(const LogSumExp& w, Buffers b, NoPlaceholder&) { return ad::log(ad::sum(ad::exp(b.vector(0, count(w.inputs[0].size()))))); }
auto expression(const Normal& w, Buffers b, NoPlaceholder&) {
  const std::size_t n = count(w.inputs[0].size() - 2);
  // FastAD's log-pdf leaves out the constant -n/2 log(2 pi)
  return ad::normal_adj_log_pdf(b.vector(0, n), b.scalar(n), b.scalar(n + 1)) - static_cast<double>(n) * kHalfLog2Pi;
}
auto expression(const MatrixProduct& w, Buffers b, NoPlaceholder&) {
  const std::size_t n = count(w.n);
  return ad::sum(ad::dot(b.matrix(0, n, n), b.matrix(n * n, n, n)));
}
auto expression(const Regression& w, Buffers b, NoPlaceholder&) {
  const std::size_t samples = count(w.design.rows()), p = count(w.design.cols());
  const auto design = ad::constant_view(w.design.data(), samples, p);
  const auto y = ad::constant_view(w.y.data(), samples);
  return ad::normal_adj_log_pdf(y, ad::dot(design, b.vector(0, p)), b.scalar(p)) - static_cast<double>(samples) * kHalfLog2Pi;
}
auto expression(const Mlp& w, Buffers b, NoPlaceholder&) {
  constexpr std::size_t in = Mlp::kIn, hidden = Mlp::kHidden, batch = Mlp::kBatch;
  static const Eigen::RowVectorXd ones = Eigen::RowVectorXd::Ones(Mlp::kBatch);
  const auto inputs = ad::constant_view(w.inputs_x.data(), in, batch);
  const auto targets = ad::constant_view(w.targets.data(), 1, batch);
  const auto one = ad::constant_view(ones.data(), 1, batch);
  // the bias added to every column as the outer product b1 1^T
  auto layer = ad::tanh(ad::dot(b.matrix(0, hidden, in), inputs) + ad::dot(b.matrix(hidden * in, hidden, 1), one));
  return ad::sum(ad::pow<2>(ad::dot(b.matrix(hidden * in + hidden, 1, hidden), layer) + b.scalar(count(Mlp::kParameters) - 1) - targets)) /
         static_cast<double>(batch);
}
auto expression(const Rosenbrock& w, Buffers b, NoPlaceholder&) {
  const std::size_t n = count(w.inputs[0].size());
  return ad::sum(Count{0}, Count{n - 1}, [x = b.vector(0, n)](std::size_t i) mutable {
    return 100. * ad::pow<2>(x[i + 1] - x[i] * x[i]) + ad::pow<2>(1. - x[i]);
  });
}

// h_0 = z_0 sigma / sqrt(1 - phi^2) + mu, h_i = z_i sigma + mu + phi (h_{i-1} - mu), written
// as h = z sigma; h_0 /= sqrt(1 - phi^2); h += mu; h_i += phi (h_{i-1} - mu) in order.
using Placeholder = ad::Var<double, ad::vec>;
auto expression(const StochasticVolatility& w, Buffers b, Placeholder& h) {
  const std::size_t n = count(w.y.size());
  const Vector z = b.vector(0, n);
  const Scalar mu = b.scalar(n), sigma = b.scalar(n + 1), phi = b.scalar(n + 2);
  const auto y = ad::constant_view(w.y.data(), n);
  return (h = z * sigma, h[0] /= ad::sqrt(1. - phi * phi), h += mu,
          ad::for_each(Count{1}, Count{n}, [&h, phi, mu](std::size_t i) { return h[i] += phi * (h[i - 1] - mu); }),
          ad::sum(-0.5 * ad::pow<2>(y / ad::exp(h / 2.)) - h / 2. - 0.5 * ad::pow<2>(z)) - ad::log(1. + ad::pow<2>(sigma / 5.)) -
              ad::log(1. + ad::pow<2>(mu / 10.)));
}

template <class W>
using PlaceholderOf = std::conditional_t<std::is_same_v<W, StochasticVolatility>, Placeholder, NoPlaceholder>;

std::size_t placeholder_size(const StochasticVolatility& w) { return count(w.y.size()); }
template <class W>
std::size_t placeholder_size(const W&) {
  return 0;
}

// Built and bound once: the values and adjoints the expression reads, its placeholder, the
// bound expression.
template <class W>
struct Prebuilt {
  Eigen::VectorXd values, adjoints;
  PlaceholderOf<W> placeholder;
  decltype(ad::bind(expression(std::declval<const W&>(), Buffers{}, std::declval<PlaceholderOf<W>&>()))) bound;
  explicit Prebuilt(const W& w)
      : values(Eigen::VectorXd::Zero(w.inputs[0].size())),
        adjoints(Eigen::VectorXd::Zero(w.inputs[0].size())),
        placeholder(placeholder_size(w)),
        bound(ad::bind(expression(w, Buffers{values.data(), adjoints.data()}, placeholder))) {}
};

void register_fastad() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    using W = std::decay_t<decltype(w)>;
    add(name, "fastad", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      g.setZero();
      PlaceholderOf<W> placeholder(placeholder_size(w));
      // FastAD only reads the values of its leaves
      auto bound = ad::bind(expression(w, Buffers{const_cast<double*>(x.data()), g.data()}, placeholder));
      return ad::autodiff(bound);
    });
    auto prebuilt = std::make_shared<Prebuilt<W>>(w);
    add(name, "fastad_prebuilt", size, w, [prebuilt](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      prebuilt->values = x;
      prebuilt->adjoints.setZero();
      if constexpr (std::is_same_v<W, StochasticVolatility>) prebuilt->placeholder.reset_adj();
      const double value = ad::autodiff(prebuilt->bound);
      g = prebuilt->adjoints;
      return value;
    });
  });
}

[[maybe_unused]] const bool registered = add_library(register_fastad);

}  // namespace
