// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// CoDiPack (SciCompKL/CoDiPack), codi::RealReverse (a Jacobian tape with linear index
// handling), on the plain Eigen objectives of problems.hpp (Eigen::Matrix<RealReverse>).
// Per call: setActive, the inputs registered, the objective, registerOutput, setPassive,
// the output's adjoint seeded, evaluate, the adjoints read out, reset (which keeps the
// tape's memory). Columns:
//   codipack         the plain Eigen objective
//   codipack_matrix  the matrix products through CoDiPack's Eigen-based low-level function
//                    codi::matrixMatrixMultiplicationColMajor (CODI_EnableEigen), one tape
//                    entry per product: matmul at N = 10 and 32 and the MLP. Not at N = 64:
//                    a low-level function keeps its operands in one block whose size is a
//                    uint16_t (codi::Config::LowLevelFunctionDataSizeMax), and A and B alone
//                    take 64 KiB there.

#define CODI_EnableEigen 1
#include <codi.hpp>

#include <memory>

#include "harness.hpp"

// double data mixed with active unknowns in Eigen expressions
namespace Eigen {
template <class BinaryOp>
struct ScalarBinaryOpTraits<double, codi::RealReverse, BinaryOp> {
  using ReturnType = codi::RealReverse;
};
template <class BinaryOp>
struct ScalarBinaryOpTraits<codi::RealReverse, double, BinaryOp> {
  using ReturnType = codi::RealReverse;
};
}  // namespace Eigen

namespace {

using namespace slope_bench::peers;

using Real = codi::RealReverse;
using RealMatrix = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;

// CoDiPack's gradient of objective(Column<Real>) -> Real.
template <class Objective>
auto codipack(Objective objective) {
  return [objective](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    auto& tape = Real::getTape();
    tape.setActive();
    Column<Real> active(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      active[i] = x[i];
      tape.registerInput(active[i]);
    }
    Real y = objective(active);
    tape.registerOutput(y);
    tape.setPassive();
    y.setGradient(1.0);
    tape.evaluate();
    for (Eigen::Index i = 0; i < x.size(); ++i) g[i] = active[i].getGradient();
    tape.reset();
    return y.getValue();
  };
}

void register_codipack() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    using W = std::decay_t<decltype(w)>;
    add(name, "codipack", size, w, codipack([&w](const Column<Real>& x) { return w.eigen_objective(x); }));
    if constexpr (std::is_same_v<W, MatrixProduct>) {
      const int n = static_cast<int>(w.n);
      if (2 * static_cast<std::size_t>(n * n) * sizeof(double) + 64 > codi::Config::LowLevelFunctionDataSizeMax) return;
      add(name, "codipack_matrix", size, w, codipack([n](const Column<Real>& x) {
            RealMatrix product(n, n);
            codi::matrixMatrixMultiplicationColMajor(x.data(), x.data() + n * n, product.data(), n, n, n);
            return Real(product.sum());
          }));
    } else if constexpr (std::is_same_v<W, Mlp>) {
      static constexpr int in = Mlp::kIn, hidden = Mlp::kHidden, batch = Mlp::kBatch;
      // the data as passive Reals, made once: the low-level function takes Real operands
      auto inputs = std::make_shared<const RealMatrix>(w.inputs_x.template cast<Real>());
      add(name, "codipack_matrix", size, w, codipack([&w, inputs](const Column<Real>& x) {
            const Eigen::Map<const Column<Real>> b1(x.data() + hidden * in, hidden);
            const Real b2 = x[Mlp::kParameters - 1];
            RealMatrix pre(hidden, batch);
            codi::matrixMatrixMultiplicationColMajor(x.data(), inputs->data(), pre.data(), hidden, in, batch);
            const RealMatrix a = (pre.colwise() + b1).array().tanh().matrix();
            Eigen::Matrix<Real, 1, Eigen::Dynamic> out(batch);
            codi::matrixMatrixMultiplicationColMajor(x.data() + hidden * in + hidden, a.data(), out.data(), 1, hidden, batch);
            return Real((out.array() + b2 - w.targets.array()).square().sum() / static_cast<double>(batch));
          }));
    }
  });
}

[[maybe_unused]] const bool registered = add_library(register_codipack);

}  // namespace
