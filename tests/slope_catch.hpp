// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Lets the tests build against Catch2 2.13 (Debian) and Catch2 v3 alike.
// Test files include this header instead of a Catch2 header directly.
#include <string>

#if defined(SLOPE_CATCH2_V3)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
namespace slope_test {
using Catch::Approx;
inline auto Contains(const std::string& text) { return Catch::Matchers::ContainsSubstring(text); }
}
#else
#include <catch2/catch.hpp>
namespace slope_test {
using Catch::Detail::Approx;
inline auto Contains(const std::string& text) { return Catch::Matchers::Contains(text); }
}
#endif
