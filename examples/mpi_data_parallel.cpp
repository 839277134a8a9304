// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Gradients across processes: a loss that is a sum over data shards, each MPI rank
// differentiating its own shard with slope, the gradients added by MPI_Allreduce.
//
//   L(theta) = sum_r L_r(theta),   grad L = sum_r grad L_r   (one MPI_Allreduce of n + 1 numbers)
//
// The problem: L2-regularised logistic regression on 40000 samples with 32 features,
//   L_r(theta) = sum_{i in shard r} softplus(x_i . theta) - t_i x_i . theta   (+ lambda |theta|^2 on rank 0),
// each rank holding a contiguous shard of the samples (here every rank generates the same
// data set from one seed and keeps its shard; a real program would read only its own).
// slope::mpi::value_and_gradient (slope/mpi.hpp) is slope::value_and_gradient of the shard's
// loss followed by the MPI_Allreduce. Every rank then takes the same Adam step on the same
// summed gradient, so the ranks stay in step without a parameter server.
// Checks, each with a non-zero exit when missed: the summed gradient equals the gradient of
// the whole loss computed by one process to 1e-12; after the descent every rank holds the same
// parameters (bit for bit, checked against rank 0's), equal to a one-process descent's to 1e-10;
// the loss decreased. Prints the ranks, the shard sizes and the time per step.
//
//   mpirun -np 2 build/test/examples/mpi_data_parallel
//   (as root add --allow-run-as-root; with more ranks than cores add --oversubscribe)

#include <mpi.h>

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "slope/mpi.hpp"
#include "slope/optim.hpp"
#include "slope/slope.hpp"

namespace {

constexpr Eigen::Index kFeatures = 32;
constexpr Eigen::Index kSamples = 40000;
constexpr double kLambda = 0.01;

struct DataSet {
  Eigen::MatrixXd x;  // one sample per row
  Eigen::VectorXd t;  // label 0 or 1
};

DataSet make_data() {
  std::mt19937 rng(2026);
  std::normal_distribution<double> normal(0.0, 1.0);
  DataSet data{Eigen::MatrixXd(kSamples, kFeatures), Eigen::VectorXd(kSamples)};
  Eigen::VectorXd direction(kFeatures);
  for (Eigen::Index j = 0; j < kFeatures; ++j) direction[j] = normal(rng);
  for (Eigen::Index i = 0; i < kSamples; ++i) {
    for (Eigen::Index j = 0; j < kFeatures; ++j) data.x(i, j) = normal(rng);
    data.t[i] = data.x.row(i).dot(direction) + normal(rng) > 0.0 ? 1.0 : 0.0;
  }
  return data;
}

// The loss of one shard, generic in its scalar (a VarVector theta records a product node and
// one element-wise node). The shard's data are Eigen::Maps, so slope's nodes borrow them
// instead of copying them onto the tape at every gradient.
struct ShardLoss {
  Eigen::Map<const Eigen::MatrixXd> x;
  Eigen::Map<const Eigen::VectorXd> t;
  double lambda;  // the regulariser's weight on this rank (non-zero on one rank only)
  template <class Theta>
  auto operator()(const Theta& theta) const {
    const auto z = (x * theta).eval();
    return (slope::softplus(z.array()) - t.array() * z.array()).sum() + lambda * theta.squaredNorm();
  }
};

double max_relative_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(b.cwiseAbs().maxCoeff(), 1e-300);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  const DataSet data = make_data();
  // This rank's shard: samples [begin, end), copied into memory of its own.
  const Eigen::Index begin = kSamples * rank / ranks, end = kSamples * (rank + 1) / ranks;
  const Eigen::MatrixXd shard_x = data.x.middleRows(begin, end - begin);
  const Eigen::VectorXd shard_t = data.t.segment(begin, end - begin);
  const ShardLoss shard_loss{{shard_x.data(), shard_x.rows(), shard_x.cols()},
                             {shard_t.data(), shard_t.size()},
                             rank == 0 ? kLambda : 0.0};
  const ShardLoss whole_loss{{data.x.data(), data.x.rows(), data.x.cols()}, {data.t.data(), data.t.size()}, kLambda};

  std::vector<long> shard_sizes(static_cast<std::size_t>(ranks));
  const long my_size = static_cast<long>(end - begin);
  MPI_Gather(&my_size, 1, MPI_LONG, shard_sizes.data(), 1, MPI_LONG, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    std::printf("Logistic regression, %ld samples, %ld features, on %d MPI ranks; shard sizes:", static_cast<long>(kSamples),
                static_cast<long>(kFeatures), ranks);
    for (long size : shard_sizes) std::printf(" %ld", size);
    std::printf("\n\n");
  }

  // 1. The summed gradient against one process's gradient of the whole loss.
  const Eigen::VectorXd theta0 = Eigen::VectorXd::LinSpaced(kFeatures, -0.3, 0.3);
  const slope::ValueAndGradient summed = slope::mpi::value_and_gradient(shard_loss, theta0, MPI_COMM_WORLD);
  const slope::ValueAndGradient whole = slope::value_and_gradient(whole_loss, theta0);
  const double gradient_error = max_relative_difference(summed.gradient, whole.gradient);
  const double value_error = std::abs(summed.value - whole.value) / std::abs(whole.value);

  // 2. Adam on every rank with the summed gradient, timed.
  constexpr int kSteps = 60;
  Eigen::VectorXd theta = theta0;
  slope::optim::Adam adam{.learning_rate = slope::optim::Schedule::constant(0.05)};
  double first_loss = 0.0, last_loss = 0.0;
  MPI_Barrier(MPI_COMM_WORLD);
  const auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < kSteps; ++step) {
    const slope::ValueAndGradient vg = slope::mpi::value_and_gradient(shard_loss, theta, MPI_COMM_WORLD);
    if (step == 0) first_loss = vg.value;
    last_loss = vg.value;
    adam.step(theta, vg.gradient);
  }
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  double milliseconds_per_step = elapsed.count() / kSteps, slowest = 0.0;
  MPI_Reduce(&milliseconds_per_step, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);

  // 3. Every rank holds rank 0's parameters; rank 0's equal a one-process descent's.
  Eigen::VectorXd theta_rank0 = theta;
  MPI_Bcast(theta_rank0.data(), static_cast<int>(kFeatures), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  int same = theta == theta_rank0 ? 1 : 0, all_same = 0;
  MPI_Allreduce(&same, &all_same, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);

  int ok = 1;
  if (rank == 0) {
    Eigen::VectorXd single = theta0;
    slope::optim::Adam single_adam{.learning_rate = slope::optim::Schedule::constant(0.05)};
    const auto single_start = std::chrono::steady_clock::now();
    for (int step = 0; step < kSteps; ++step) single_adam.step(single, slope::value_and_gradient(whole_loss, single).gradient);
    const std::chrono::duration<double, std::milli> single_elapsed = std::chrono::steady_clock::now() - single_start;
    const double descent_error = max_relative_difference(theta, single);

    std::printf("gradient at theta0: summed over ranks vs one process: max relative difference %.2e (need <= 1e-12)\n",
                gradient_error);
    std::printf("loss at theta0: %.10f summed, %.10f one process\n", summed.value, whole.value);
    std::printf("%d Adam steps: loss %.6f -> %.6f, %.3f ms per step (slowest rank); one process: %.3f ms per step\n", kSteps,
                first_loss, last_loss, slowest, single_elapsed.count() / kSteps);
    std::printf("(times for information: they depend on the cores free at the time)\n");
    std::printf("parameters identical on every rank: %s\n", all_same == 1 ? "yes" : "NO");
    std::printf("parameters vs a one-process descent: max relative difference %.2e (need <= 1e-10)\n", descent_error);
    ok = gradient_error <= 1e-12 && value_error <= 1e-12 && all_same == 1 && descent_error <= 1e-10 && last_loss < first_loss;
    std::printf("\n%s\n", ok ? "the summed gradients equal the single-process ones" : "FAILED");
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return ok ? 0 : 1;
}
