// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// Vector functions (slope/reverse/matrix/vector_functions.hpp): log_sum_exp and softmax.

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "support/matrix_check.hpp"

namespace test_reverse_matrix_vector_functions {

using namespace slope_test::matrix;  // NOLINT: the checks and fixtures of this test family

TEST_CASE("log_sum_exp and softmax", "[reverse][matrix]") {
  check_everywhere([](const auto& x) { return slope::log_sum_exp(x) + slope::log_sum_exp(x.array() * 2.0 - 1.0); }, {6, -3.0, 3.0});
  check_everywhere([](const auto& x) { return slope::softmax(x).dot(kWeights6); }, {6, -3.0, 3.0});
}

// The exponentials of log_sum_exp and softmax (matrix_detail::exp_in_place: the C library's
// exp with SSE2 only, Eigen's with AVX) at every length (vector loops have tails) and at
// spreads where exp(x_i - max) is subnormal or 0, against a long-double reference.
TEST_CASE("log_sum_exp and softmax against a long-double reference", "[reverse][matrix]") {
  std::mt19937 generator(7);
  const auto check_at = [](const Eigen::VectorXd& x) {
    const long double m = static_cast<long double>(x.maxCoeff());
    long double total = 0.0L;
    for (double v : x) total += std::exp(static_cast<long double>(v) - m);
    const long double lse = m + std::log(total);
    const Recorded recorded = record([](const auto& v) { return slope::log_sum_exp(v); }, x);
    CHECK(recorded.value == Approx(static_cast<double>(lse)).epsilon(1e-15));
    const Eigen::VectorXd soft = slope::softmax(x);
    Eigen::VectorXd soft_recorded(x.size());
    {
      slope::Tape<double> tape;
      slope::TapeScope scope(tape);
      soft_recorded = slope::softmax(slope::make_variables(tape, x)).values();
    }
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const auto weight = static_cast<double>(std::exp(static_cast<long double>(x[i]) - lse));
      INFO("n = " << x.size() << ", i = " << i << ", x_i = " << x[i]);
      CHECK(recorded.gradient[i] == Approx(weight).epsilon(1e-14).margin(1e-320));
      CHECK(soft[i] == Approx(weight).epsilon(1e-14).margin(1e-320));
      CHECK(soft_recorded[i] == Approx(weight).epsilon(1e-14).margin(1e-320));
    }
  };
  for (Eigen::Index n : {1, 2, 3, 4, 5, 7, 8, 9, 33, 1000}) {
    check_at(Sampler{n, -30.0, 30.0}(generator));
  }
  Eigen::VectorXd spread(6);
  spread << 0.0, -700.0, -720.0, -745.0, -800.0, -1500.0;  // exp: normal, subnormal, 0
  check_at(spread);
  const Eigen::VectorXd shifted = spread.array() + 700.0;  // the shift keeps every exp finite
  check_at(shifted);
}

}  // namespace test_reverse_matrix_vector_functions
