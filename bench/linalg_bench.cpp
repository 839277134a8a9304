// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// The gradient of a Gaussian process's negative log marginal likelihood (squared-exponential
// kernel, 3 hyperparameters on the log scale, n data points) with respect to its
// hyperparameters:
//   function     the plain double function: the kernel matrix (n^2 exponentials), one
//                Cholesky factorization (n^3 / 3 flops), one triangular solve
//   hand         a hand-coded gradient: 1/2 tr((K^-1 - alpha alpha^T) dK/dtheta_k), K^-1 from
//                the factorization (value included)
//   reverse      slope::value_and_gradient on the generic body: the kernel as a custom node,
//                slope::cholesky, slope::triangular_solve, slope::diagonal (one node each)
//   elementwise  the same body through Eigen::Matrix<Var>, one statement per scalar operation
//                (n = 100 only: n^3 / 6 statements, about 2 GB of tape at n = 400; set
//                SLOPE_BENCH_SLOW=1 to add n = 400)
//   forward      slope::gradient_forward<3>: Eigen's LLT on Dual<double, 3> (n = 100 only: one
//                call takes 0.4 s at n = 400)
//   central_fd   central differences: 6 evaluations of the function
// Names are gp/<method>/<n>; bench/table.py turns the JSON into a table. Target: reverse
// within 3x the function (the Cholesky's adjoint costs about twice the factorization).
//
//   cmake --workflow --preset bench && python3 bench/table.py build/bench/bench/linalg.json

#include <array>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numbers>
#include <string>
#include <utility>

#include "slope/linalg.hpp"
#include "workloads.hpp"

namespace {

using namespace slope_bench;

// K = sf2 exp(-D / (2 ell^2)) + sn2 I from theta = (log ell, log sf, log sn), as one node
// (the same op as examples/gaussian_process.cpp).
//   dK/dlog ell = (K - sn2 I) o D / ell^2,  dK/dlog sf = 2 (K - sn2 I),  dK/dlog sn = 2 sn2 I
struct SquaredExponential {
  template <class Distances, class S>
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> value(const Distances& d2, const S& log_ell, const S& log_sf,
                                                          const S& log_sn) const {
    using std::exp;
    const S scale = -0.5 * exp(-2.0 * log_ell), sf2 = exp(2.0 * log_sf), sn2 = exp(2.0 * log_sn);
    Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> k = (d2.template cast<S>().array() * scale).exp().matrix() * sf2;
    k.diagonal().array() += sn2;
    return k;
  }
  template <class T>
  void vjp(const slope::MatrixInput<T>& k_bar, const slope::MatrixInput<T>& k, const slope::MatrixInput<T>& d2,
           const T& log_ell, const T&, const T& log_sn, slope::MatrixAdjoint<T>, slope::ScalarAdjoint<T> log_ell_bar,
           slope::ScalarAdjoint<T> log_sf_bar, slope::ScalarAdjoint<T> log_sn_bar) const {
    using std::exp;
    const T sn2 = exp(2.0 * log_sn), noise_weight = k_bar.trace();
    log_ell_bar += exp(-2.0 * log_ell) * T((k_bar.array() * k.array() * d2.array()).sum());
    log_sf_bar += 2.0 * (T((k_bar.array() * k.array()).sum()) - sn2 * noise_weight);
    log_sn_bar += 2.0 * sn2 * noise_weight;
  }
};

// x = (log ell, log sf, log sn); n points on [0, 10] of sin(x) + noise, held as Eigen::Map views.
struct GaussianProcess {
  std::shared_ptr<const Eigen::VectorXd> y_storage;
  std::shared_ptr<const Eigen::MatrixXd> d2_storage;
  Eigen::Map<const Eigen::VectorXd> y;
  Eigen::Map<const Eigen::MatrixXd> d2;
  double constant;
  std::array<Eigen::VectorXd, kDraws> inputs;

  static Eigen::MatrixXd squared_distances(const Eigen::VectorXd& x) {
    return (x.replicate(1, x.size()) - x.transpose().replicate(x.size(), 1)).array().square().matrix();
  }
  explicit GaussianProcess(Eigen::Index n)
      : y_storage(std::make_shared<const Eigen::VectorXd>(uniform(n, 0.0, 10.0, 100).array().sin().matrix() +
                                                          0.2 * uniform(n, -1.0, 1.0, 101))),
        d2_storage(std::make_shared<const Eigen::MatrixXd>(squared_distances(uniform(n, 0.0, 10.0, 100)))),
        y(y_storage->data(), n),
        d2(d2_storage->data(), n, n),
        constant(0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi)) {
    for (std::size_t d = 0; d < kDraws; ++d) {
      inputs[d] = Eigen::Vector3d(0.0, 0.0, -1.6) + 0.1 * uniform(3, -1.0, 1.0, 110 + static_cast<unsigned>(d));
    }
  }

  template <class X> ScalarOf<X> objective(const X& theta) const {
    const auto k = slope::custom_node(SquaredExponential{}, d2, theta[0], theta[1], theta[2]);
    return likelihood_from_kernel(k);
  }
  // The same with the kernel built element by element (for Eigen::Matrix<Var>).
  template <class X> ScalarOf<X> objective_elementwise(const X& theta) const {
    return likelihood_from_kernel(SquaredExponential{}.value(d2, theta[0], theta[1], theta[2]));
  }
  template <class K> auto likelihood_from_kernel(const K& k) const {
    const auto l = slope::cholesky(k);
    const auto alpha = slope::triangular_solve(l, y);  // L^-1 y
    return 0.5 * alpha.squaredNorm() + slope::diagonal(l).array().log().sum() + constant;
  }

  ValueGradient hand(const Eigen::VectorXd& theta) const {
    const Eigen::Index n = y.size();
    const double inv_ell2 = std::exp(-2.0 * theta[0]), sn2 = std::exp(2.0 * theta[2]);
    const Eigen::MatrixXd k = SquaredExponential{}.value(d2, theta[0], theta[1], theta[2]);
    const Eigen::LLT<Eigen::MatrixXd> llt(k);
    const Eigen::VectorXd alpha = llt.solve(Eigen::VectorXd(y));
    // W = K^-1 - alpha alpha^T; d(-log p)/dtheta_k = 1/2 tr(W dK/dtheta_k)
    Eigen::MatrixXd w = llt.solve(Eigen::MatrixXd::Identity(n, n));
    w.noalias() -= alpha * alpha.transpose();
    const double signal = (w.array() * k.array()).sum() - sn2 * w.trace();  // <W, K - sn2 I>
    Eigen::VectorXd g(3);
    g[0] = 0.5 * inv_ell2 * (w.array() * k.array() * d2.array()).sum();
    g[1] = signal;
    g[2] = sn2 * w.trace();
    const double value = 0.5 * y.dot(alpha) + llt.matrixLLT().diagonal().array().log().sum() + constant;
    return {value, g};
  }
};

void register_gp(Eigen::Index n, bool elementwise, bool forward) {
  const std::string size = std::to_string(n);
  const GaussianProcess w(n);
  benchmark::RegisterBenchmark(("gp/function/" + size).c_str(), [w](benchmark::State& s) { run_function(s, w); });
  benchmark::RegisterBenchmark(("gp/hand/" + size).c_str(), [w](benchmark::State& s) {
    run_gradient(s, w, [&w](const Eigen::VectorXd& x) { return w.hand(x).gradient; });
  });
  benchmark::RegisterBenchmark(("gp/reverse/" + size).c_str(), [w](benchmark::State& s) {
    run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
      return slope::value_and_gradient([&w](const auto& v) { return w.objective(v); }, x).gradient;
    });
  });
  benchmark::RegisterBenchmark(("gp/central_fd/" + size).c_str(), [w](benchmark::State& s) {
    run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
      return slope::fd::gradient([&w](const Eigen::VectorXd& v) { return w.objective(v); }, x);
    });
  });
  if (elementwise) {
    benchmark::RegisterBenchmark(("gp/elementwise/" + size).c_str(), [w](benchmark::State& s) {
      run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
        return slope::value_and_gradient(
                   [&w](const Eigen::Matrix<slope::Var<double>, Eigen::Dynamic, 1>& v) { return w.objective_elementwise(v); }, x)
            .gradient;
      });
    });
  }
  if (forward) {
    benchmark::RegisterBenchmark(("gp/forward/" + size).c_str(), [w](benchmark::State& s) {
      run_gradient(s, w, [&w](const Eigen::VectorXd& x) {
        return slope::gradient_forward<3>([&w](const auto& v) { return w.objective(v); }, x);
      });
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* slow = std::getenv("SLOPE_BENCH_SLOW");
  const bool with_slow = slow != nullptr && std::string(slow) == "1";
  register_gp(100, true, true);
  register_gp(400, with_slow, false);
  register_gp(1000, false, false);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
