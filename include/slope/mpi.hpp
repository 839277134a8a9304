// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Gradients summed across MPI processes, for a loss that is a sum of per-process parts
// (data parallelism): L(x) = sum_r L_r(x), so grad L = sum_r grad L_r. Each rank
// differentiates its own part with slope, and one MPI_Allreduce of n + 1 numbers adds the
// values and gradients, leaving the same sum on every rank (so that every rank can take the
// same optimizer step). Optional: only MPI programs include this header (it includes <mpi.h>;
// slope/slope.hpp does not include it).
//
//     auto shard_loss = [&](const auto& theta) { return (my_x * theta - my_y).squaredNorm(); };
//     auto [loss, grad] = slope::mpi::value_and_gradient(shard_loss, theta, MPI_COMM_WORLD);
//     adam.step(theta, grad);   // the same step on every rank
//
// Every rank of the communicator must call it, with x of the same size (collective call).

#include <mpi.h>

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>

#include "slope/core/check.hpp"
#include "slope/functional/reverse.hpp"

namespace slope::mpi {

// Sums value and gradient over the ranks of `comm`, in place, by one MPI_Allreduce.
inline void sum(ValueAndGradient& local, MPI_Comm comm = MPI_COMM_WORLD) {
  const Eigen::Index n = local.gradient.size();
  check_argument(n < std::numeric_limits<int>::max(), "slope::mpi::sum: more than 2^31 - 2 gradient entries");
  thread_local std::vector<double> buffer;  // gradient and value, sent together
  buffer.resize(static_cast<std::size_t>(n) + 1);
  Eigen::Map<Eigen::VectorXd>(buffer.data(), n) = local.gradient;
  buffer[static_cast<std::size_t>(n)] = local.value;
  if (MPI_Allreduce(MPI_IN_PLACE, buffer.data(), static_cast<int>(n + 1), MPI_DOUBLE, MPI_SUM, comm) != MPI_SUCCESS) {
    throw std::runtime_error("slope::mpi::sum: MPI_Allreduce failed");
  }
  local.gradient = Eigen::Map<const Eigen::VectorXd>(buffer.data(), n);
  local.value = buffer[static_cast<std::size_t>(n)];
}

// The value and gradient of sum over the ranks of `comm` of each rank's f at x: each rank's
// slope::value_and_gradient(f, x), summed by slope::mpi::sum.
template <class F>
  requires ScalarObjective<F, Var<double>>
ValueAndGradient value_and_gradient(const F& f, const Eigen::VectorXd& x, MPI_Comm comm = MPI_COMM_WORLD) {
  ValueAndGradient result = slope::value_and_gradient(f, x);
  sum(result, comm);
  return result;
}

}  // namespace slope::mpi
