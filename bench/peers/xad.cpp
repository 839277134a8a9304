// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// XAD (auto-differentiation/xad), xad::AReal<double> with one xad::Tape<double> for the
// thread, created once, on the plain Eigen objectives of problems.hpp
// (Eigen::Matrix<AReal<double>>). Per call: clearAll (which keeps the tape's memory), the
// inputs set and registered, newRecording, the objective, registerOutput, the output's
// adjoint seeded, computeAdjoints, the adjoints read out. Column xad.

#include <XAD/XAD.hpp>

#include "harness.hpp"

// double data mixed with active unknowns in Eigen expressions
namespace Eigen {
template <class BinaryOp>
struct ScalarBinaryOpTraits<double, xad::AReal<double>, BinaryOp> {
  using ReturnType = xad::AReal<double>;
};
template <class BinaryOp>
struct ScalarBinaryOpTraits<xad::AReal<double>, double, BinaryOp> {
  using ReturnType = xad::AReal<double>;
};
}  // namespace Eigen

namespace {

using namespace slope_bench::peers;

using Active = xad::AReal<double>;

xad::Tape<double>& tape() {
  static xad::Tape<double> the_tape;  // activates itself for this thread
  return the_tape;
}

void register_xad() {
  tape();
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    add(name, "xad", size, w, [&w](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      xad::Tape<double>& t = tape();
      t.clearAll();
      Column<Active> active(x.size());
      for (Eigen::Index i = 0; i < x.size(); ++i) {
        active[i] = x[i];
        t.registerInput(active[i]);
      }
      t.newRecording();
      Active y = w.eigen_objective(active);
      t.registerOutput(y);
      xad::derivative(y) = 1.0;
      t.computeAdjoints();
      for (Eigen::Index i = 0; i < x.size(); ++i) g[i] = xad::derivative(active[i]);
      return xad::value(y);
    });
  });
}

[[maybe_unused]] const bool registered = add_library(register_xad);

}  // namespace
