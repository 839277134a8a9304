// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What every optimizer shares: the Options that stop a run, the IterationInfo handed to the
// callback, and the one Result type, whose Status says why the run ended.
//
//   converged            |grad f(x_k)| <= gradient_tolerance, or (when function_tolerance > 0)
//                        |f_k - f_{k-1}| <= function_tolerance * max(1, |f_k|)
//   max_iterations       max_iterations iterations without converging
//   line_search_failed   no step along the search direction decreased f enough
//   non_finite           f or its gradient became NaN or infinite; x is the last finite iterate
//   stopped_by_callback  the callback returned false
//
//     slope::optim::Result r = slope::optim::minimize(f, x0, slope::optim::Newton{});
//     if (r.status != slope::optim::Status::converged) std::cerr << r.message << '\n';
//     std::cout << r;   // message, f, |grad|, iterations, evaluations, x

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <ostream>
#include <string>

#include <Eigen/Core>

namespace slope::optim {

// Why a run ended.
enum class Status { converged, max_iterations, line_search_failed, non_finite, stopped_by_callback };

inline const char* to_string(Status status) {
  switch (status) {
    case Status::converged: return "converged";
    case Status::max_iterations: return "max_iterations";
    case Status::line_search_failed: return "line_search_failed";
    case Status::non_finite: return "non_finite";
    case Status::stopped_by_callback: return "stopped_by_callback";
  }
  return "unknown";
}

inline std::ostream& operator<<(std::ostream& out, Status status) { return out << to_string(status); }

// What the callback sees after each iteration k = 1, 2, ... (not for the starting point).
// `step` is |x_k - x_{k-1}|, the length of the step just taken; `x` refers to the optimizer's
// own iterate and is valid only during the call.
struct IterationInfo {
  int iteration;
  double f;
  double grad_norm;
  double step;
  const Eigen::VectorXd& x;
};

// When to stop, and what to report on the way. Shared by every method.
struct Options {
  int max_iterations = 1000;
  double gradient_tolerance = 1e-8;  // converged when |grad| <= this
  double function_tolerance = 0.0;   // converged when |f_k - f_{k-1}| <= this * max(1, |f_k|); 0 = off
  std::function<bool(const IterationInfo&)> callback{};  // return false to stop (stopped_by_callback)
  int print_every = 0;           // > 0: a row "iteration f |grad| step" every print_every iterations
  std::ostream* out = &std::cout;  // where those rows go
};

// The outcome of a run. x, f and grad_norm describe one iterate: the last one, or on
// non_finite the last finite one. `iterations` is that iterate's number (0 = the starting
// point); `evaluations` counts evaluations of f with its gradient (line-search trials included,
// Newton's Hessians not).
struct Result {
  Eigen::VectorXd x{};
  double f = 0.0;
  double grad_norm = 0.0;
  int iterations = 0;
  int evaluations = 0;
  Status status = Status::max_iterations;
  std::string message{};
};

namespace detail {

// printf-style formatting of one number, e.g. format_number(3.1e-9, 2) == "3.1e-09".
inline std::string format_number(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

}  // namespace detail

// The message, then f, |grad|, the counts and (up to 10 entries of) x.
inline std::ostream& operator<<(std::ostream& out, const Result& result) {
  out << result.message << "\n  f = " << detail::format_number(result.f, 10)
      << ", |grad| = " << detail::format_number(result.grad_norm, 3)
      << ", iterations = " << result.iterations << ", evaluations = " << result.evaluations
      << "\n  x = (";
  const Eigen::Index shown = std::min<Eigen::Index>(result.x.size(), 10);
  for (Eigen::Index i = 0; i < shown; ++i) {
    out << (i ? ", " : "") << detail::format_number(result.x[i], 10);
  }
  if (shown < result.x.size()) out << ", ... (" << result.x.size() << " entries)";
  return out << ")";
}

}  // namespace slope::optim
