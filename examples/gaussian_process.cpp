// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Gaussian-process regression: the hyperparameters of a squared-exponential kernel fitted to
// 200 noisy samples of a smooth function by maximising the log marginal likelihood.
//
// Data: x_i uniform on [0, 10] (fixed seed), y_i = f(x_i) + noise, f(x) = sin(x) + 0.4 cos(2.3 x),
// noise ~ N(0, 0.2^2), so the true noise variance is 0.04.
// Model: y ~ N(0, K), K_ij = sf2 exp(-(x_i - x_j)^2 / (2 ell^2)) + sn2 [i = j], with the
// length scale ell, signal variance sf2 and noise variance sn2 fitted on the log scale,
// theta = (log ell, log sf, log sn). The negative log marginal likelihood is
//   -log p(y | theta) = 1/2 y^T K^-1 y + 1/2 log det K + n/2 log(2 pi)
//                     = 1/2 |alpha|^2 + sum_i log L_ii + n/2 log(2 pi),  K = L L^T, alpha = L^-1 y,
// written once, generic in its scalar: the kernel matrix is one custom node (its
// vector-Jacobian product by hand, below), the Cholesky factor, the triangular solve and
// the log-determinant one node each (slope/linalg.hpp). In reverse mode one recording is 6
// nodes, whatever n is; the gradient costs about three Cholesky factorizations.
// Steps: check the gradient against finite differences; minimise with L-BFGS from
// (ell, sf, sn) = (1, 1, 0.5); confirm with Newton's method (Hessians by forward over
// reverse through the same nodes), whose Hessian at the optimum also gives the standard
// errors of the log-hyperparameters (Laplace approximation); predict on a grid.
// Writes gaussian_process_data.csv (x, y) and gaussian_process_fit.csv (x, f(x), posterior
// mean, mean -+ 2 posterior standard deviations) into argv[1] (default: the current
// directory); examples/plot_gp.py draws them. Exits non-zero unless the gradient check
// passes, both optimizers converge to the same point and the fitted noise variance is within
// 20 % of 0.04.

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "slope/linalg.hpp"
#include "slope/optim.hpp"
#include "slope/slope.hpp"

namespace {

constexpr double kTrueNoiseSd = 0.2;

double true_function(double x) { return std::sin(x) + 0.4 * std::cos(2.3 * x); }

// K = sf2 exp(-D / (2 ell^2)) + sn2 I for the squared distances D, from theta = (log ell,
// log sf, log sn), as one node. value() is templated, so that the same op also computes K on
// double and Dual (custom_node calls it directly when nothing is a Var).
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
    // <Kbar, K o D> needs no correction: D is zero on the diagonal, where sn2 sits.
    log_ell_bar += exp(-2.0 * log_ell) * T((k_bar.array() * k.array() * d2.array()).sum());
    log_sf_bar += 2.0 * (T((k_bar.array() * k.array()).sum()) - sn2 * noise_weight);
    log_sn_bar += 2.0 * sn2 * noise_weight;
  }
};

// The data as Eigen::Map views of storage that outlives every gradient: the nodes borrow
// them instead of copying them onto the tape at each recording.
struct GaussianProcess {
  Eigen::VectorXd x_storage, y_storage;
  Eigen::MatrixXd d2_storage;
  Eigen::Map<const Eigen::VectorXd> x, y;
  Eigen::Map<const Eigen::MatrixXd> d2;

  GaussianProcess(Eigen::VectorXd inputs, Eigen::VectorXd outputs)
      : x_storage(std::move(inputs)),
        y_storage(std::move(outputs)),
        d2_storage(squared_distances(x_storage, x_storage)),
        x(x_storage.data(), x_storage.size()),
        y(y_storage.data(), y_storage.size()),
        d2(d2_storage.data(), d2_storage.rows(), d2_storage.cols()) {}

  static Eigen::MatrixXd squared_distances(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return (a.replicate(1, b.size()) - b.transpose().replicate(a.size(), 1)).array().square().matrix();
  }

  // -log p(y | theta), for theta a VectorXd, a vector of Dual or a VarVector.
  template <class Theta>
  auto negative_log_likelihood(const Theta& theta) const {
    const auto k = slope::custom_node(SquaredExponential{}, d2, theta[0], theta[1], theta[2]);
    const auto l = slope::cholesky(k);
    const auto alpha = slope::triangular_solve(l, y);  // L^-1 y
    const double constant = 0.5 * static_cast<double>(y.size()) * std::log(2.0 * std::numbers::pi);
    return 0.5 * alpha.squaredNorm() + slope::diagonal(l).array().log().sum() + constant;
  }
};

std::string output_path(int argc, char** argv, const std::string& file) {
  return (argc > 1 ? std::string(argv[1]) + "/" : std::string()) + file;
}

void print_hyperparameters(const char* name, const slope::optim::Result& r) {
  const Eigen::VectorXd v = r.x.array().exp();
  std::printf("%-8s %-10s %4d iterations  ell = %.4f  sf2 = %.4f  sn2 = %.5f  log-likelihood = %.4f  |grad| = %.1e\n", name,
              slope::optim::to_string(r.status), r.iterations, v[0], v[1] * v[1], v[2] * v[2], -r.f, r.grad_norm);
}

}  // namespace

int main(int argc, char** argv) {
  constexpr Eigen::Index kPoints = 200;
  std::mt19937 rng(2026);
  std::uniform_real_distribution<double> uniform(0.0, 10.0);
  std::normal_distribution<double> noise(0.0, kTrueNoiseSd);
  Eigen::VectorXd inputs(kPoints), outputs(kPoints);
  for (Eigen::Index i = 0; i < kPoints; ++i) inputs[i] = uniform(rng);
  std::sort(inputs.begin(), inputs.end());
  for (Eigen::Index i = 0; i < kPoints; ++i) outputs[i] = true_function(inputs[i]) + noise(rng);
  const GaussianProcess gp(inputs, outputs);
  const auto objective = [&gp](const auto& theta) { return gp.negative_log_likelihood(theta); };

  std::printf("Gaussian process, squared-exponential kernel, %ld noisy samples of sin(x) + 0.4 cos(2.3 x)\n",
              static_cast<long>(kPoints));
  std::printf("true noise variance %.4f; hyperparameters fitted on the log scale by maximum marginal likelihood\n\n",
              kTrueNoiseSd * kTrueNoiseSd);

  const Eigen::Vector3d start(0.0, 0.0, std::log(0.5));  // ell = 1, sf = 1, sn = 0.5
  {
    slope::Tape<double> tape;
    slope::TapeScope scope(tape);
    const slope::VarVector<double> theta = slope::make_variables(tape, Eigen::VectorXd(start));
    const slope::Var<double> value = gp.negative_log_likelihood(theta);
    std::printf("one recording of -log p(y | theta): %zu nodes and %zu scalar statement%s (value %.4f)\n", tape.nodes(),
                tape.statements(), tape.statements() == 1 ? "" : "s", value.value());
  }
  const slope::CheckReport report = slope::check_gradient(objective, start);
  std::cout << "gradient check at the start: " << report << '\n';

  slope::optim::Options options;
  options.gradient_tolerance = 1e-6;
  options.max_iterations = 200;
#if SLOPE_HAVE_LBFGSPP
  const slope::optim::Result lbfgs = slope::optim::minimize(objective, start, slope::optim::LBFGS{}, options);
  print_hyperparameters("L-BFGS", lbfgs);
#endif
  const slope::optim::Result newton = slope::optim::minimize(objective, start, slope::optim::Newton{}, options);
  print_hyperparameters("Newton", newton);
#if SLOPE_HAVE_LBFGSPP
  const slope::optim::Result& fit = lbfgs;
  const bool agree = (lbfgs.x - newton.x).cwiseAbs().maxCoeff() < 1e-4;
#else
  std::printf("L-BFGS   not built: LBFGSpp (<LBFGS.h>) was not found; Newton's result is used\n");
  const slope::optim::Result& fit = newton;
  const bool agree = true;
#endif

  // Laplace approximation: the inverse Hessian of -log p at the optimum approximates the
  // posterior covariance of theta.
  const Eigen::MatrixXd hessian = slope::hessian(objective, fit.x);
  const Eigen::VectorXd standard_errors = hessian.inverse().diagonal().cwiseSqrt();
  std::printf("standard errors on the log scale (inverse Hessian): log ell %.3f, log sf %.3f, log sn %.3f\n",
              standard_errors[0], standard_errors[1], standard_errors[2]);

  // The posterior of f on a grid: mean k*^T K^-1 y, variance k** - |L^-1 k*|^2.
  const double ell = std::exp(fit.x[0]), sf2 = std::exp(2.0 * fit.x[1]), sn2 = std::exp(2.0 * fit.x[2]);
  const Eigen::MatrixXd k = SquaredExponential{}.value(gp.d2, fit.x[0], fit.x[1], fit.x[2]);
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  const Eigen::VectorXd weights = llt.solve(Eigen::VectorXd(gp.y));
  const Eigen::VectorXd grid = Eigen::VectorXd::LinSpaced(401, 0.0, 10.0);
  const Eigen::MatrixXd cross = (-0.5 / (ell * ell) * GaussianProcess::squared_distances(gp.x_storage, grid).array()).exp() * sf2;
  const Eigen::VectorXd mean = cross.transpose() * weights;
  const Eigen::MatrixXd v = llt.matrixL().solve(cross);
  const Eigen::VectorXd sd = (sf2 - v.colwise().squaredNorm().transpose().array()).max(0.0).sqrt();
  double worst = 0.0;
  for (Eigen::Index i = 0; i < grid.size(); ++i) worst = std::max(worst, std::abs(mean[i] - true_function(grid[i])));

  std::ofstream data_csv(output_path(argc, argv, "gaussian_process_data.csv"));
  data_csv << "x,y\n";
  data_csv.precision(10);
  for (Eigen::Index i = 0; i < kPoints; ++i) data_csv << gp.x[i] << ',' << gp.y[i] << '\n';
  std::ofstream fit_csv(output_path(argc, argv, "gaussian_process_fit.csv"));
  fit_csv << "x,truth,mean,lower,upper\n";
  fit_csv.precision(10);
  for (Eigen::Index i = 0; i < grid.size(); ++i) {
    fit_csv << grid[i] << ',' << true_function(grid[i]) << ',' << mean[i] << ',' << mean[i] - 2.0 * sd[i] << ','
            << mean[i] + 2.0 * sd[i] << '\n';
  }

  const double true_noise = kTrueNoiseSd * kTrueNoiseSd, relative_error = std::abs(sn2 - true_noise) / true_noise;
  std::printf("\nfitted noise variance %.5f, true %.5f: off by %.1f %% (allowed 20 %%)\n", sn2, true_noise,
              100.0 * relative_error);
  std::printf("posterior mean against the true function on [0, 10]: largest difference %.3f\n", worst);
  const bool converged = fit.status == slope::optim::Status::converged && newton.status == slope::optim::Status::converged;
  const bool ok = report.passed && converged && agree && relative_error <= 0.2;
  std::printf("%s\n", ok ? "OK" : "FAILED");
  return ok ? 0 : 1;
}
