// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Run-time checks of how the library is used.
//
// check_argument: cheap checks at the API boundary (sizes of the vectors a caller passes);
// always on, they throw std::invalid_argument with a message that names the function.
// SLOPE_DEBUG_CHECK: checks on hot paths (every tape operation, every element access); on
// unless NDEBUG is defined, or forced with -DSLOPE_ENABLE_CHECKS=0/1; they throw
// slope::usage_error.
//
//     slope::check_argument(x.size() == v.size(), "slope::jvp: x and v must have the same size");

#include <stdexcept>
#include <string>

#ifndef SLOPE_ENABLE_CHECKS
#ifdef NDEBUG
#define SLOPE_ENABLE_CHECKS 0
#else
#define SLOPE_ENABLE_CHECKS 1
#endif
#endif

namespace slope {

// Thrown by the debug-build checks: the program used the library in a way it does not allow.
class usage_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

inline void check_argument(bool ok, const char* message) {
  if (!ok) throw std::invalid_argument(message);
}

inline constexpr bool kChecksEnabled = SLOPE_ENABLE_CHECKS != 0;

}  // namespace slope

#if SLOPE_ENABLE_CHECKS
#define SLOPE_DEBUG_CHECK(condition, message) \
  do {                                        \
    if (!(condition)) throw ::slope::usage_error(message); \
  } while (false)
#else
// Not evaluated, but still "used": variables that only a check reads raise no warning.
#define SLOPE_DEBUG_CHECK(condition, message) \
  do {                                        \
    (void)sizeof(condition);                  \
  } while (false)
#endif
