// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// ADOL-C 2.7 (Debian's libadolc-dev), a tape library like Adept, CoDiPack and XAD, on the
// plain Eigen objectives of problems.hpp (Eigen::Matrix<adouble>). Columns:
//   adolc              per call: the function taped (trace_on with keep = 1, so that the
//                      values stay for the reverse sweep), then one first-order reverse sweep
//                      (fos_reverse)
//   adolc_reused_tape  the tape recorded once, at the first call (outside the timing), and
//                      replayed: a forward sweep (zos_forward) and a reverse sweep. Valid only while
//                      the control flow of f does not depend on x, as in these workloads; not
//                      ranked against per-call gradients (bench/table.py)
// ADOL-C keeps process-wide state from a large trace that slows every later small one
// (README of ../shared/peers: sum at n = 16 went from 3 us to 50 us per gradient after
// matmul at N = 64 had been traced), so bench/peers/run_rows.py runs each row (a workload at
// one size) in its own process.

#include <adolc/adolc.h>

#include <memory>
#include <stdexcept>

#include "harness.hpp"

// Eigen::Matrix<adouble>, as ADOL-C ships no NumTraits of its own; and double data mixed
// with adouble unknowns in Eigen expressions.
namespace Eigen {
template <>
struct NumTraits<adouble> : NumTraits<double> {
  using Real = adouble;
  using NonInteger = adouble;
  using Nested = adouble;
  using Literal = double;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1, ReadCost = 1, AddCost = 3, MulCost = 3 };
};
template <class BinaryOp>
struct ScalarBinaryOpTraits<double, adouble, BinaryOp> {
  using ReturnType = adouble;
};
template <class BinaryOp>
struct ScalarBinaryOpTraits<adouble, double, BinaryOp> {
  using ReturnType = adouble;
};
}  // namespace Eigen

namespace {

using namespace slope_bench::peers;

// One tape tag per workload and size, shared by both columns: ADOL-C keeps at most 32 tapes
// with their Taylor buffers (TBUFNUM), and the per-call column traces the same function (its
// control flow does not depend on x) that the reused column replays.
struct Tape {
  short tag;
  bool recorded = false;
};

std::shared_ptr<Tape> next_tape() {
  static short tag = 0;
  return std::make_shared<Tape>(Tape{++tag});
}

// Tapes w's objective at x on tape `tag`; returns f(x).
template <class W>
double record(const W& w, const Eigen::VectorXd& x, short tag) {
  double value = 0.0;
  trace_on(tag, 1);
  {  // every adouble of the recording dies before trace_off
    Column<adouble> active(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) active[i] <<= x[i];
    adouble y = w.eigen_objective(active);
    y >>= value;
  }
  trace_off();
  return value;
}

void register_adolc() {
  for_each_workload([](const std::string& name, const std::string& size, const auto& w) {
    const std::shared_ptr<Tape> tape = next_tape();
    add(name, "adolc", size, w, [&w, tape](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      const double value = record(w, x, tape->tag);
      tape->recorded = true;
      double weight = 1.0;
      fos_reverse(tape->tag, 1, static_cast<int>(x.size()), &weight, g.data());
      return value;
    });
    add(name, "adolc_reused_tape", size, w, [&w, tape](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      if (!tape->recorded) {
        record(w, x, tape->tag);
        tape->recorded = true;
      }
      // what ADOL-C's gradient() driver does, keeping the value: a zero-order forward sweep
      // that keeps its values (keep = 1), then the first-order reverse sweep
      double value = 0.0, weight = 1.0;
      const int n = static_cast<int>(x.size());
      if (zos_forward(tape->tag, 1, n, 1, x.data(), &value) < 0) {
        throw std::runtime_error("ADOL-C: the recorded tape is not valid at this x");  // never here
      }
      fos_reverse(tape->tag, 1, n, &weight, g.data());
      return value;
    });
  });
}

[[maybe_unused]] const bool registered = add_library(register_adolc);

}  // namespace
