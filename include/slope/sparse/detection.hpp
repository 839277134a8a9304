// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Sparsity detection: the Jacobian pattern of F: R^n -> R^m and the Hessian pattern of
// f: R^n -> R, found by running the same generic body on slope::PatternTracer (see
// sparse/tracer.hpp for the rules and why a tracer rather than the tape). One run of the body,
// whatever n is; the cost is about that of one evaluation plus the size of the pattern.
//
// The pattern is the pattern AT x: where the body branches on values (an `if`, a loop bound,
// Eigen's maxCoeff), the branch x takes is traced. It is conservative otherwise: an entry of
// the pattern may be zero at every point (x - x), an entry outside it is zero at every point
// that takes the same branches.
//
//     auto f = [](const auto& x) { return x[0] * x[1] + sin(x[2]); };
//     slope::SparsityPattern h = slope::hessian_pattern(f, Eigen::Vector3d(1, 2, 3));
//     // h: (0, 1), (1, 0), (2, 2)

#include <cstddef>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "slope/functional/concepts.hpp"
#include "slope/sparse/pattern.hpp"
#include "slope/sparse/tracer.hpp"

namespace slope {

// The m x n pattern of the Jacobian of F at x: entry (i, j) when output i depends on input j.
template <class F>
  requires VectorFunction<F, PatternTracer>
SparsityPattern jacobian_pattern(const F& f, const Eigen::VectorXd& x) {
  detail::PatternTrace trace(x.size(), false);
  const Vector<PatternTracer> inputs = trace.inputs(x);
  const Vector<PatternTracer> outputs = f(inputs);
  std::vector<std::vector<Eigen::Index>> rows(static_cast<std::size_t>(outputs.size()));
  for (Eigen::Index i = 0; i < outputs.size(); ++i) {
    if (outputs[i].is_constant()) continue;
    PatternTracer::trace(outputs[i]);  // checks that the output belongs to this detection
    rows[std::size_t(i)] = trace.inputs_of(outputs[i].node());
  }
  return SparsityPattern::from_rows(x.size(), std::move(rows));
}

// The symmetric n x n pattern of the Hessian of f: R^n -> R at x.
template <class F>
  requires ScalarObjective<F, PatternTracer>
SparsityPattern hessian_pattern(const F& f, const Eigen::VectorXd& x) {
  detail::PatternTrace trace(x.size(), true);
  const Vector<PatternTracer> inputs = trace.inputs(x);
  const PatternTracer y = f(inputs);
  if (!y.is_constant()) PatternTracer::trace(y);  // checks that y belongs to this detection
  return trace.hessian_pattern();
}

}  // namespace slope
