// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope against the other C++ AD libraries that this machine's package manager (Debian)
// provides, on the same generic objective bodies (workloads.hpp), every method in one run:
//   function           the plain double function
//   hand               the hand-coded analytic gradient (value included)
//   slope_reverse      slope::value_and_gradient: one recording and one sweep per call
//   slope_forward      slope::gradient_forward: ceil(n/4) passes of Dual<double, 4>
//   adolc              ADOL-C 2.7, a tape library like Adept, CoDiPack and XAD: the function is
//                      taped at every call (trace_on with keep = 1, so that no forward sweep
//                      is repeated) and one first-order reverse sweep (fos_reverse) follows
//   adolc_reused_tape  ADOL-C with the tape recorded once, outside the timing, and replayed
//                      (gradient = forward sweep + reverse sweep): valid only while the
//                      control flow of f does not depend on x, as in these workloads; slope
//                      has no such mode, every slope gradient records anew
//   eigen_autodiff     Eigen's AutoDiffScalar<VectorXd>: forward mode carrying all n
//                      derivatives in a heap vector through every operation
//   ceres_jet          Ceres' Jet<double, N> (forward mode, N fixed at compile time), at n = 16
// The workloads, n = 16 and 1024: two scalar loops, the extended Rosenbrock function and the
// stochastic-volatility recursion, and the normal log-density as Eigen array code
// (normal_arrays), which slope records as a few vector nodes and the other libraries run
// element by element on an Eigen vector of their scalar type. Names are
// <workload>/<method>/<size>; the counter max_rel_error compares each gradient with the
// hand-coded one.
//
//   cmake --workflow --preset bench && python3 bench/table.py build/bench/bench/peers.json

#include <adolc/adolc.h>
#include <ceres/jet.h>
#include <unsupported/Eigen/AutoDiff>

#include <stdexcept>
#include <string>

#include "workloads.hpp"

// Eigen::Matrix<adouble> (the vector the generic objectives index), as ADOL-C ships no
// NumTraits of its own.
namespace Eigen {
template <>
struct NumTraits<adouble> : NumTraits<double> {
  using Real = adouble;
  using NonInteger = adouble;
  using Nested = adouble;
  using Literal = double;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1, ReadCost = 1, AddCost = 3, MulCost = 3 };
};
}  // namespace Eigen

namespace {

using namespace slope_bench;

template <class T>
using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// Records f(x) on ADOL-C tape `tag`, keeping the values for a reverse sweep.
template <class Workload>
void adolc_record(const Workload& w, const Eigen::VectorXd& x, short tag) {
  double value = 0.0;
  trace_on(tag, 1);
  {  // every adouble of the recording dies before trace_off
    Column<adouble> active(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) active[i] <<= x[i];
    adouble y = w.objective(active);
    y >>= value;
  }
  trace_off();
}

template <class Workload>
Eigen::VectorXd adolc_gradient(const Workload& w, const Eigen::VectorXd& x) {
  constexpr short kTag = 0;
  adolc_record(w, x, kTag);
  Eigen::VectorXd g(x.size());
  double weight = 1.0;
  fos_reverse(kTag, 1, static_cast<int>(x.size()), &weight, g.data());
  return g;
}

template <class Workload>
Eigen::VectorXd eigen_autodiff_gradient(const Workload& w, const Eigen::VectorXd& x) {
  using AD = Eigen::AutoDiffScalar<Eigen::VectorXd>;
  const auto n = static_cast<int>(x.size());
  Column<AD> active(x.size());
  for (int i = 0; i < n; ++i) active[i] = AD(x[i], n, i);
  return w.objective(active).derivatives();
}

template <int N, class Workload>
Eigen::VectorXd ceres_jet_gradient(const Workload& w, const Eigen::VectorXd& x) {
  using J = ceres::Jet<double, N>;
  Column<J> active(N);
  for (int i = 0; i < N; ++i) active[i] = J(x[i], i);
  return w.objective(active).v;
}

template <class Workload, class Method>
void add(const std::string& workload, const std::string& method, Eigen::Index n, const Workload& w, Method gradient) {
  benchmark::RegisterBenchmark((workload + "/" + method + "/" + std::to_string(n)).c_str(),
                               [w, gradient](benchmark::State& s) { run_gradient(s, w, gradient); });
}

// Every method on one workload. The Jet runs where the workload has kJetDimension inputs
// (n = 16): its size is a template argument.
template <int kJetDimension, class Workload>
void register_peers(const std::string& name, Eigen::Index n, const Workload& w, short reused_tag) {
  benchmark::RegisterBenchmark((name + "/function/" + std::to_string(n)).c_str(), [w](benchmark::State& s) { run_function(s, w); });
  add(name, "hand", n, w, [w](const Eigen::VectorXd& x) { return w.hand(x).gradient; });
  add(name, "slope_reverse", n, w, [w](const Eigen::VectorXd& x) {
    return slope::value_and_gradient([&w](const auto& v) { return w.objective(v); }, x).gradient;
  });
  add(name, "slope_forward", n, w, [w](const Eigen::VectorXd& x) {
    return slope::gradient_forward([&w](const auto& v) { return w.objective(v); }, x);
  });
  add(name, "adolc", n, w, [w](const Eigen::VectorXd& x) { return adolc_gradient(w, x); });
  adolc_record(w, w.inputs[0], reused_tag);
  add(name, "adolc_reused_tape", n, w, [reused_tag](const Eigen::VectorXd& x) {
    Eigen::VectorXd g(x.size());
    // A negative return: the tape's control flow does not hold at this x (never here).
    if (gradient(reused_tag, static_cast<int>(x.size()), x.data(), g.data()) < 0) {
      throw std::runtime_error("ADOL-C: the recorded tape is not valid at this x");
    }
    return g;
  });
  add(name, "eigen_autodiff", n, w, [w](const Eigen::VectorXd& x) { return eigen_autodiff_gradient(w, x); });
  if (w.inputs[0].size() == kJetDimension) {
    add(name, "ceres_jet", n, w, [w](const Eigen::VectorXd& x) { return ceres_jet_gradient<kJetDimension>(w, x); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  short tag = 1;
  for (Eigen::Index n : {16, 1024}) {
    register_peers<16>("rosenbrock", n, Rosenbrock(n), tag++);
    register_peers<16 + 3>("stochastic_volatility", n, StochasticVolatility(n), tag++);
    register_peers<16 + 2>("normal_arrays", n, NormalArrays(n), tag++);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
