// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Sparse Hessians at n = 10^3, 10^4, 10^5, as multiples of one gradient, on two workloads
// whose Hessians are sparse:
//   rosenbrock: the extended Rosenbrock function, sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
//               (tridiagonal Hessian, 3 colours), the scalar loop of tests/support;
//   laplacian:  the energy of -Laplace(u) + u^3 = f on an m x m grid (m^2 = 1024, 10000,
//               99856), sum over grid edges of 1/2 (u_i - u_j)^2 + h^2 sum_k (u_k^4/4 - f_k u_k)
//               (5-point Hessian, 5 colours at these sizes), a scalar loop as PDE code writes it.
// Methods, named <workload>/<method>/<n>:
//   gradient        slope::value_and_gradient, the unit of the ratios;
//   sparse_hessian  SparseHessian::values(x) (pattern and colouring done once, before the
//                   loop), N = 4 colours per recording (the default); sparse_hessian_N1 and
//                   sparse_hessian_N2 with 1 and 2 colours per recording;
//   sparse_setup    constructing the SparseHessian: pattern detection, star colouring,
//                   recovery plan (paid once per problem);
//   dense_hessian   slope::hessian (n/4 recordings and an n x n matrix), at n = 10^3 only
//                   (at 10^5 it would need 80 GB);
//   hand            the analytic Hessian of Rosenbrock written into the same sparse values.
// Counters: colors, nonzeros, sparse_MB (the Hessian as an Eigen::SparseMatrix), dense_MB
// (an n x n matrix of doubles) and max_rel_error (sparse against hand or dense, checked once
// before timing). Inputs cycle through a few points, all in [-1.5, 1.5].
//
//   build/bench/bench/sparse_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//
// The smoke run of ctest (--benchmark_min_time=0.001) runs every size once; n = 10^5 makes it
// take a few seconds, most of them in building the benchmarks' problems.

#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <array>
#include <cmath>
#include <random>

#include "slope/slope.hpp"
#include "slope/sparse.hpp"
#include "support/rosenbrock.hpp"

namespace {

constexpr std::size_t kInputs = 4;

std::array<Eigen::VectorXd, kInputs> inputs(Eigen::Index n) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> dist(-1.5, 1.5);
  std::array<Eigen::VectorXd, kInputs> xs;
  for (auto& x : xs) {
    x.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = dist(rng);
  }
  return xs;
}

// The energy of the nonlinear Poisson problem on an m x m grid (u = 0 outside it).
struct LaplacianEnergy {
  Eigen::Index m;
  Eigen::VectorXd f;

  template <class X>
  typename X::Scalar operator()(const X& u) const {
    using S = typename X::Scalar;
    const double h2 = 1.0 / double((m + 1) * (m + 1));
    S energy = 0.0;
    for (Eigen::Index r = 0; r < m; ++r) {
      for (Eigen::Index c = 0; c < m; ++c) {
        const Eigen::Index k = r * m + c;
        const S uk = u[k];
        energy += 0.5 * slope::square(c + 1 < m ? S(u[k + 1] - uk) : uk);
        energy += 0.5 * slope::square(r + 1 < m ? S(u[k + m] - uk) : uk);
        if (c == 0) energy += 0.5 * slope::square(uk);
        if (r == 0) energy += 0.5 * slope::square(uk);
        energy += h2 * (0.25 * slope::square(slope::square(uk)) - f[k] * uk);
      }
    }
    return energy;
  }
};

Eigen::Index grid_side(Eigen::Index n) { return static_cast<Eigen::Index>(std::lround(std::sqrt(double(n)))); }

LaplacianEnergy laplacian(Eigen::Index n) {
  const Eigen::Index m = grid_side(n);
  return {m, Eigen::VectorXd::LinSpaced(m * m, -1.0, 1.0)};
}

// The analytic Hessian of extended Rosenbrock, written into the values of `layout` (the
// sparse Hessian's order).
Eigen::VectorXd rosenbrock_values(const Eigen::VectorXd& x, const std::vector<Eigen::Index>& rows,
                                  const std::vector<Eigen::Index>& cols) {
  const Eigen::Index n = x.size();
  Eigen::VectorXd values(Eigen::Index(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Eigen::Index i = rows[k];
    const Eigen::Index j = cols[k];
    double h = 0.0;
    if (i == j) {
      if (i + 1 < n) h += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
      if (i > 0) h += 200.0;
    } else {
      h = -400.0 * x[std::min(i, j)];
    }
    values[Eigen::Index(k)] = h;
  }
  return values;
}

template <class Hessian>
void report(benchmark::State& state, const Hessian& hess, double max_rel_error) {
  const auto n = double(hess.size());
  const auto nonzeros = double(hess.nonZeros());
  state.counters["colors"] = hess.colors().count;
  state.counters["nonzeros"] = nonzeros;
  state.counters["sparse_MB"] = (nonzeros * (8.0 + 4.0) + (n + 1.0) * 4.0) / 1e6;
  state.counters["dense_MB"] = n * n * 8.0 / 1e6;
  state.counters["max_rel_error"] = max_rel_error;
}

double relative_error(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return a.size() == 0 ? 0.0 : (a - b).cwiseAbs().maxCoeff() / std::max(1.0, b.cwiseAbs().maxCoeff());
}

// The sparse Hessian at x against a dense one.
template <class Hessian>
double dense_error(const Hessian& hess, const Eigen::MatrixXd& dense, const Eigen::VectorXd& x) {
  const Eigen::MatrixXd sparse = hess.matrix(x);
  return relative_error(sparse.reshaped(), dense.reshaped());
}

// --------------------------------------------------------------------------- rosenbrock

const auto& rosenbrock = slope_test::rosenbrock;

void rosenbrock_gradient(benchmark::State& state) {
  const auto xs = inputs(state.range(0));
  Eigen::VectorXd g(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(slope::value_and_gradient(rosenbrock, xs[k++ % kInputs], g));
    benchmark::ClobberMemory();
  }
}

template <int N>
void rosenbrock_sparse(benchmark::State& state) {
  const auto xs = inputs(state.range(0));
  const slope::SparseHessian<decltype(rosenbrock), N> hess(rosenbrock, xs[0]);
  report(state, hess,
         relative_error(hess.values(xs[1]), rosenbrock_values(xs[1], hess.row_indices(), hess.col_indices())));
  Eigen::VectorXd values(hess.nonZeros());
  std::size_t k = 0;
  for (auto _ : state) {
    hess.values(xs[k++ % kInputs], values);
    benchmark::DoNotOptimize(values.data());
    benchmark::ClobberMemory();
  }
}

void rosenbrock_setup(benchmark::State& state) {
  const auto xs = inputs(state.range(0));
  std::size_t k = 0;
  for (auto _ : state) {
    const slope::SparseHessian hess(rosenbrock, xs[k++ % kInputs]);
    benchmark::DoNotOptimize(hess.nonZeros());
  }
}

void rosenbrock_hand(benchmark::State& state) {
  const auto xs = inputs(state.range(0));
  const slope::SparseHessian hess(rosenbrock, xs[0]);
  std::size_t k = 0;
  for (auto _ : state) {
    Eigen::VectorXd values = rosenbrock_values(xs[k++ % kInputs], hess.row_indices(), hess.col_indices());
    benchmark::DoNotOptimize(values.data());
    benchmark::ClobberMemory();
  }
}

void rosenbrock_dense(benchmark::State& state) {
  const auto xs = inputs(state.range(0));
  const slope::SparseHessian hess(rosenbrock, xs[0]);
  report(state, hess, dense_error(hess, slope::hessian(rosenbrock, xs[1]), xs[1]));
  std::size_t k = 0;
  for (auto _ : state) {
    Eigen::MatrixXd h = slope::hessian(rosenbrock, xs[k++ % kInputs]);
    benchmark::DoNotOptimize(h.data());
    benchmark::ClobberMemory();
  }
}

// --------------------------------------------------------------------------- laplacian

void laplacian_gradient(benchmark::State& state) {
  const LaplacianEnergy energy = laplacian(state.range(0));
  const auto xs = inputs(energy.m * energy.m);
  Eigen::VectorXd g(energy.m * energy.m);
  std::size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(slope::value_and_gradient(energy, xs[k++ % kInputs], g));
    benchmark::ClobberMemory();
  }
}

template <int N>
void laplacian_sparse(benchmark::State& state) {
  const LaplacianEnergy energy = laplacian(state.range(0));
  const auto xs = inputs(energy.m * energy.m);
  const slope::SparseHessian<LaplacianEnergy, N> hess(energy, xs[0]);
  // against forward over reverse one column at a time (slope::hvp with unit vectors) on a
  // few columns
  double error = 0.0;
  const Eigen::SparseMatrix<double> h = hess.matrix(xs[1]);
  for (Eigen::Index j = 0; j < h.cols(); j += std::max<Eigen::Index>(1, h.cols() / 3)) {
    const Eigen::VectorXd column = slope::hvp(energy, xs[1], Eigen::VectorXd::Unit(h.cols(), j));
    error = std::max(error, relative_error(Eigen::VectorXd(h.col(j)), column));
  }
  report(state, hess, error);
  Eigen::VectorXd values(hess.nonZeros());
  std::size_t k = 0;
  for (auto _ : state) {
    hess.values(xs[k++ % kInputs], values);
    benchmark::DoNotOptimize(values.data());
    benchmark::ClobberMemory();
  }
}

void laplacian_setup(benchmark::State& state) {
  const LaplacianEnergy energy = laplacian(state.range(0));
  const auto xs = inputs(energy.m * energy.m);
  std::size_t k = 0;
  for (auto _ : state) {
    const slope::SparseHessian hess(energy, xs[k++ % kInputs]);
    benchmark::DoNotOptimize(hess.nonZeros());
  }
}

void laplacian_dense(benchmark::State& state) {
  const LaplacianEnergy energy = laplacian(state.range(0));
  const auto xs = inputs(energy.m * energy.m);
  const slope::SparseHessian hess(energy, xs[0]);
  report(state, hess, dense_error(hess, slope::hessian(energy, xs[1]), xs[1]));
  std::size_t k = 0;
  for (auto _ : state) {
    Eigen::MatrixXd h = slope::hessian(energy, xs[k++ % kInputs]);
    benchmark::DoNotOptimize(h.data());
    benchmark::ClobberMemory();
  }
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
}

BENCHMARK(rosenbrock_gradient)->Name("rosenbrock/gradient")->Apply(sizes);
BENCHMARK(rosenbrock_sparse<4>)->Name("rosenbrock/sparse_hessian")->Apply(sizes);
BENCHMARK(rosenbrock_sparse<1>)->Name("rosenbrock/sparse_hessian_N1")->Apply(sizes);
BENCHMARK(rosenbrock_sparse<2>)->Name("rosenbrock/sparse_hessian_N2")->Apply(sizes);
BENCHMARK(rosenbrock_setup)->Name("rosenbrock/sparse_setup")->Apply(sizes);
BENCHMARK(rosenbrock_hand)->Name("rosenbrock/hand")->Apply(sizes);
BENCHMARK(rosenbrock_dense)->Name("rosenbrock/dense_hessian")->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(laplacian_gradient)->Name("laplacian/gradient")->Apply(sizes);
BENCHMARK(laplacian_sparse<4>)->Name("laplacian/sparse_hessian")->Apply(sizes);
BENCHMARK(laplacian_sparse<1>)->Name("laplacian/sparse_hessian_N1")->Apply(sizes);
BENCHMARK(laplacian_sparse<2>)->Name("laplacian/sparse_hessian_N2")->Apply(sizes);
BENCHMARK(laplacian_setup)->Name("laplacian/sparse_setup")->Apply(sizes);
BENCHMARK(laplacian_dense)->Name("laplacian/dense_hessian")->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
