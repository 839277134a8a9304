// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Tape floors: for the workloads whose speed targets slope's reverse mode misses, the work
// that any reverse mode built the way the library is (operations recorded as they run,
// adjoints kept beside the recording and zeroed for each call, the gradient returned in a new
// vector) has to do, written by hand as directly as we could for that one workload. A floor
// pays nothing a library must: no capacity or activity checks, no thread-local tape, no
// virtual calls, storage sized once, every operand known when the code was written. So it
// bounds slope's `reverse` method from below; it is not a way to compute gradients. reverse_bench.cpp times them as
// <workload>/tape_floor/<size>, beside the hand-coded gradient of the same run.
//   sum                    zero n adjoints, the sum, its backward (+1 into each adjoint), copy out
//   matmul                 C = A B, then Abar = Cbar Bᵀ and Bbar = Aᵀ Cbar with Cbar = 1 1ᵀ
//   stochastic_volatility  a statement tape holding what slope records per time step, minus
//                          one pair: two statements, eight (operand, partial) pairs

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "workloads.hpp"

namespace slope_bench {

// The smallest statement tape: each statement defines one variable and owns the
// (operand, partial) pairs pushed since the previous statement; the sweep runs
// adj[operand] += partial * adj[defined] backwards. Sized once for one workload and size.
class StatementTape {
 public:
  StatementTape(std::size_t inputs, std::size_t statements, std::size_t pairs)
      : inputs_(static_cast<std::uint32_t>(inputs)),
        adjoints_(inputs + statements),
        defined_(statements),
        counts_(statements),
        operands_(pairs),
        partials_(pairs) {}

  // A new recording over the inputs 0 .. inputs - 1, their adjoints zeroed.
  void start() {
    std::fill_n(adjoints_.begin(), inputs_, 0.0);
    variables_ = inputs_;
    statements_ = 0;
    pairs_ = 0;
    statement_begin_ = 0;
  }
  void push(std::uint32_t operand, double partial) {
    operands_[pairs_] = operand;
    partials_[pairs_++] = partial;
  }
  // Closes a statement over the pairs pushed since the last one; returns the variable it defines.
  std::uint32_t define() {
    defined_[statements_] = variables_;
    counts_[statements_++] = static_cast<std::uint32_t>(pairs_ - statement_begin_);
    statement_begin_ = pairs_;
    adjoints_[variables_] = 0.0;
    return variables_++;
  }
  // Seeds the output, sweeps, and returns the inputs' adjoints.
  Eigen::VectorXd gradient(std::uint32_t output) {
    adjoints_[output] = 1.0;
    std::size_t end = pairs_;  // one past the current statement's last pair
    for (std::size_t s = statements_; s-- > 0;) {
      const double a = adjoints_[defined_[s]];
      const std::size_t begin = end - counts_[s];
      for (std::size_t k = begin; k < end; ++k) adjoints_[operands_[k]] += partials_[k] * a;
      end = begin;
    }
    return Eigen::Map<const Eigen::VectorXd>(adjoints_.data(), inputs_);
  }

 private:
  std::uint32_t inputs_;
  std::vector<double> adjoints_;
  std::vector<std::uint32_t> defined_;
  std::vector<std::uint32_t> counts_;  // the number of pairs of each statement
  std::vector<std::uint32_t> operands_;
  std::vector<double> partials_;
  std::uint32_t variables_ = 0;
  std::size_t statements_ = 0;
  std::size_t pairs_ = 0;
  std::size_t statement_begin_ = 0;  // the first pair of the statement being recorded
};

// sum(x): one node. Its adjoints are zeroed, the node's backward adds the output's adjoint
// (1) to each, and the gradient is copied out.
struct SumFloor {
  Eigen::VectorXd adjoints;
  explicit SumFloor(const Sum& workload) : adjoints(workload.inputs[0].size()) {}
  ValueGradient operator()(const Eigen::VectorXd& x) {
    adjoints.setZero();
    const double value = x.sum();
    adjoints.array() += 1.0;
    return {value, adjoints};
  }
};

// sum(A B): the product node's three matrix products (the sum node hands it Cbar = 1 1ᵀ, a
// matrix like any other). The floor writes the gradient directly instead of zeroing and
// adding.
struct MatrixProductFloor {
  Eigen::Index n;
  Eigen::MatrixXd product, product_adjoint;
  explicit MatrixProductFloor(const MatrixProduct& workload)
      : n(workload.n), product(n, n), product_adjoint(Eigen::MatrixXd::Ones(n, n)) {}
  ValueGradient operator()(const Eigen::VectorXd& x) {
    const Eigen::Map<const Eigen::MatrixXd> a(x.data(), n, n), b(x.data() + n * n, n, n);
    product.noalias() = a * b;
    Eigen::VectorXd g(2 * n * n);
    Eigen::Map<Eigen::MatrixXd>(g.data(), n, n).noalias() = product_adjoint * b.transpose();
    Eigen::Map<Eigen::MatrixXd>(g.data() + n * n, n, n).noalias() = a.transpose() * product_adjoint;
    return {product.sum(), g};
  }
};

// Stochastic volatility: per time step slope records two statements, h_i (operands z_i,
// sigma, mu, phi, h_{i-1}, and mu again) and lp += term (operands lp, h_i, z_i). The floor
// records the same statements, with mu's two pairs merged into one, which slope's writer does
// only for a leaf repeated right after itself.
struct StochasticVolatilityFloor {
  const Eigen::VectorXd& y;  // the workload's returns
  StatementTape tape;
  explicit StochasticVolatilityFloor(const StochasticVolatility& workload)
      : y(workload.y), tape(steps() + 3, 2 * steps() + 1, 8 * steps() + 3) {}
  std::size_t steps() const { return static_cast<std::size_t>(y.size()); }
  ValueGradient operator()(const Eigen::VectorXd& x) {
    const Eigen::Index n = y.size();
    const auto index_of = [](Eigen::Index i) { return static_cast<std::uint32_t>(i); };
    const std::uint32_t mu_index = index_of(n), sigma_index = mu_index + 1;
    const std::uint32_t phi_index = mu_index + 2;
    const double mu = x[n], sigma = x[n + 1], phi = x[n + 2];
    tape.start();
    // The log-density term of step i at h = h_i: its value, and in d_h its derivative with
    // respect to h_i. It also depends on z_i (derivative -z_i) and is added to lp (derivative 1).
    const auto term = [&](Eigen::Index i, double h, double& d_h) {
      const double q = y[i] / std::exp(h / 2);
      d_h = 0.5 * q * q - 0.5;
      return -0.5 * q * q - h / 2 - 0.5 * x[i] * x[i];
    };
    const double root = std::sqrt(1 - phi * phi);
    double h = x[0] * sigma / root + mu;
    tape.push(0, sigma / root);
    tape.push(sigma_index, x[0] / root);
    tape.push(phi_index, x[0] * sigma * phi / (root * root * root));
    tape.push(mu_index, 1);
    std::uint32_t h_index = tape.define();
    double d_h = 0;
    double lp = term(0, h, d_h);
    tape.push(h_index, d_h);
    tape.push(0, -x[0]);
    std::uint32_t lp_index = tape.define();
    for (Eigen::Index i = 1; i < n; ++i) {
      tape.push(index_of(i), sigma);
      tape.push(sigma_index, x[i]);
      tape.push(mu_index, 1 - phi);
      tape.push(phi_index, h - mu);
      tape.push(h_index, phi);
      h = x[i] * sigma + mu + phi * (h - mu);
      h_index = tape.define();
      lp += term(i, h, d_h);
      tape.push(lp_index, 1);
      tape.push(h_index, d_h);
      tape.push(index_of(i), -x[i]);
      lp_index = tape.define();
    }
    const double u = sigma / 5, v = mu / 10;
    tape.push(lp_index, 1);
    tape.push(sigma_index, -2 * u / 5 / (1 + u * u));
    tape.push(mu_index, -2 * v / 10 / (1 + v * v));
    const std::uint32_t f_index = tape.define();
    return {lp - std::log(1 + u * u) - std::log(1 + v * v), tape.gradient(f_index)};
  }
};

}  // namespace slope_bench
