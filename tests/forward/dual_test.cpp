// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
// slope::Dual<T, N> as a type: construction, arithmetic with plain numbers, compound
// assignment (including aliasing), comparisons, several directions, nesting to third order,
// float, IEEE propagation. The derivative rules themselves are tested in core/rules_test.cpp.

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <sstream>
#include <type_traits>

#include "slope/slope.hpp"
#include "slope_catch.hpp"

namespace test_forward_dual {

using slope::Dual;
using slope_test::Approx;

TEST_CASE("a Dual is a value with tangents", "[forward][dual]") {
  const Dual<double, 3> c = 2.5;
  CHECK(c.value() == 2.5);
  for (int k = 0; k < 3; ++k) CHECK(c.tangent(k) == 0.0);

  const auto x = Dual<double, 3>::variable(1.5, 2);
  CHECK(x.value() == 1.5);
  CHECK(x.tangent(0) == 0.0);
  CHECK(x.tangent(1) == 0.0);
  CHECK(x.tangent(2) == 1.0);

  const Dual<double, 2> y(4.0, {0.5, -1.0});
  CHECK(y.tangents()[1] == -1.0);

  const Dual<float> f = 3;  // integers convert like to double
  CHECK(f.value() == 3.0f);

  std::ostringstream os;
  os << y;
  CHECK(os.str() == "4 [0.5, -1]");

  static_assert(slope::Expression<Dual<double>>);
  static_assert(std::is_same_v<slope::scalar_of_t<Dual<Dual<float>>>, float>);
  static_assert(std::is_trivially_copyable_v<Dual<double, 4>>);
}

TEST_CASE("the analytic example: d/dx (0.1 x^2 + 0.01 x) at 5 is 1.01", "[forward][dual]") {
  const auto f = [](const auto& x) { return 0.1 * x * x + 0.01 * x; };
  const Dual<double> y = f(Dual<double>::variable(5.0));
  CHECK(y.value() == Approx(2.55).epsilon(1e-15));
  CHECK(y.tangent(0) == Approx(1.01).epsilon(1e-15));
  CHECK(slope::derivative(f, 10.0) == Approx(2.01).epsilon(1e-15));
}

TEST_CASE("plain numbers mix in on either side", "[forward][dual]") {
  const auto x = Dual<double>::variable(3.0);
  const Dual<double> a = 2 + x, b = x + 2.0f, c = 10.0 - x, d = x - 1, e = 4 * x, g = x * 0.5,
                     h = 6.0 / x, k = x / 2, m = -x, p = +x;
  CHECK(a.value() == 5.0);
  CHECK(a.tangent(0) == 1.0);
  CHECK(b.tangent(0) == 1.0);
  CHECK(c.value() == 7.0);
  CHECK(c.tangent(0) == -1.0);
  CHECK(d.tangent(0) == 1.0);
  CHECK(e.tangent(0) == 4.0);
  CHECK(g.tangent(0) == 0.5);
  CHECK(h.value() == 2.0);
  CHECK(h.tangent(0) == Approx(-6.0 / 9.0).epsilon(1e-15));
  CHECK(k.tangent(0) == 0.5);
  CHECK(m.value() == -3.0);
  CHECK(m.tangent(0) == -1.0);
  CHECK(p.tangent(0) == 1.0);
}

TEST_CASE("compound assignment, also when the right side reads the left", "[forward][dual]") {
  auto x = Dual<double>::variable(3.0);
  const auto y = Dual<double>::variable(2.0) * 0.0 + 2.0;  // a constant 2 as an expression
  x += 1.0;  // x + 1: value 4, slope 1
  CHECK(x.value() == 4.0);
  CHECK(x.tangent(0) == 1.0);
  x *= x;  // (t + 1)^2 at t = 3: value 16, slope 2 (t + 1) = 8
  CHECK(x.value() == 16.0);
  CHECK(x.tangent(0) == 8.0);
  x = x * x - x;  // u^2 - u: slope (2u - 1) u' = 31 * 8
  CHECK(x.value() == 240.0);
  CHECK(x.tangent(0) == 248.0);
  x /= y;
  CHECK(x.value() == 120.0);
  CHECK(x.tangent(0) == 124.0);
  const auto& alias = x;  // the right side is the left side itself
  x -= alias;
  CHECK(x.value() == 0.0);
  CHECK(x.tangent(0) == 0.0);
  x = 7;
  CHECK(x.value() == 7.0);
  CHECK(x.tangent(0) == 0.0);
}

TEST_CASE("a variable used many times in one expression", "[forward][dual]") {
  // f(x) = x^5 built from products: each occurrence contributes to the tangent.
  const auto x = Dual<double>::variable(1.3);
  const Dual<double> y = x * x * x * x * x;
  CHECK(y.tangent(0) == Approx(5 * std::pow(1.3, 4)).epsilon(1e-14));
  // a deep expression: sums of 40 terms in one statement
  Dual<double> z = 0.0;
  for (int i = 1; i <= 40; ++i) z += sin(x * i) / i;
  double expected = 0;
  for (int i = 1; i <= 40; ++i) expected += std::cos(1.3 * i);
  CHECK(z.tangent(0) == Approx(expected).epsilon(1e-13));
}

TEST_CASE("comparisons look at values only", "[forward][dual]") {
  const auto x = Dual<double>::variable(2.0);
  const Dual<double> y(2.0, {5.0});
  CHECK(x == y);  // same value, different tangents
  CHECK(!(x != y));
  CHECK(x < 3);
  CHECK(3.0 > x);
  CHECK(x <= y);
  CHECK(x * x > x);  // expressions compare too
  CHECK((x <=> 1.0) == std::partial_ordering::greater);
  const Dual<double> nan = std::numeric_limits<double>::quiet_NaN();
  CHECK((nan <=> x) == std::partial_ordering::unordered);
  CHECK(nan != nan);
  using DD = Dual<Dual<double>>;
  CHECK(DD::variable(Dual<double>::variable(1.0)) < 2.0);
}

TEST_CASE("N directions at once give the gradient in one pass", "[forward][dual]") {
  using D = Dual<double, 3>;
  const D x = D::variable(0.5, 0), y = D::variable(-1.5, 1), z = D::variable(2.0, 2);
  const D f = x * y * z + exp(x) * sin(y) - z / y;
  CHECK(f.tangent(0) == Approx(-1.5 * 2.0 + std::exp(0.5) * std::sin(-1.5)).epsilon(1e-14));
  CHECK(f.tangent(1) == Approx(0.5 * 2.0 + std::exp(0.5) * std::cos(-1.5) + 2.0 / (1.5 * 1.5)).epsilon(1e-14));
  CHECK(f.tangent(2) == Approx(0.5 * -1.5 + 1 / 1.5).epsilon(1e-14));
}

TEST_CASE("nesting gives second and third derivatives", "[forward][dual]") {
  using D2 = Dual<Dual<double>>;
  using D3 = Dual<D2>;
  const double x0 = 0.7;
  // f = x^3 exp(x): f' = (x^3 + 3x^2) e^x, f'' = (x^3 + 6x^2 + 6x) e^x, f''' = (x^3 + 9x^2 + 18x + 6) e^x
  const auto f = [](const auto& x) { return x * x * x * exp(x); };
  const D3 x = D3::variable(D2::variable(Dual<double>::variable(x0)));
  const D3 y = f(x);
  const double e = std::exp(x0);
  CHECK(y.value().value().value() == Approx(x0 * x0 * x0 * e).epsilon(1e-15));
  CHECK(y.tangent(0).value().value() == Approx((x0 * x0 * x0 + 3 * x0 * x0) * e).epsilon(1e-14));
  CHECK(y.tangent(0).tangent(0).value() == Approx((x0 * x0 * x0 + 6 * x0 * x0 + 6 * x0) * e).epsilon(1e-14));
  CHECK(y.tangent(0).tangent(0).tangent(0) ==
        Approx((x0 * x0 * x0 + 9 * x0 * x0 + 18 * x0 + 6) * e).epsilon(1e-13));

  // nested duals mix with plain numbers at the innermost level
  const D2 z = 3.0 * D2::variable(Dual<double>::variable(2.0)) + 1;
  CHECK(z.value().value() == 7.0);
  CHECK(z.tangent(0).value() == 3.0);
  CHECK(z.tangent(0).tangent(0) == 0.0);
}

TEST_CASE("float duals", "[forward][dual]") {
  const auto x = Dual<float>::variable(0.3f);
  const Dual<float> y = tanh(x) * 2.0 + sqrt(x);  // double constants narrow to float
  static_assert(std::is_same_v<decltype(y.value()), const float&>);
  CHECK(y.tangent(0) == Approx(2.0 * (1 - std::tanh(0.3) * std::tanh(0.3)) + 0.5 / std::sqrt(0.3)).epsilon(1e-6));
}

TEST_CASE("expressions holding temporaries do not dangle", "[forward][dual]") {
  // The operand Dual is an rvalue: the node must own it (AddressSanitizer checks this).
  const auto x = Dual<double>::variable(0.25);
  const Dual<double> y = sin(Dual<double>(x * 2.0)) + exp(Dual<double>::variable(1.0) * 0.0 + x);
  CHECK(y.tangent(0) == Approx(2 * std::cos(0.5) + std::exp(0.25)).epsilon(1e-14));
}

TEST_CASE("domain errors follow IEEE: NaN and Inf propagate", "[forward][dual]") {
  const auto x = Dual<double>::variable(-1.0);
  const Dual<double> l = log(x);
  CHECK(std::isnan(l.value()));
  CHECK(l.tangent(0) == -1.0);  // 1/x is finite; the value already signals the domain error
  const Dual<double> s = sqrt(x);
  CHECK(slope::isnan(s));
  CHECK(std::isnan(s.tangent(0)));
  const Dual<double> big = exp(Dual<double>::variable(1000.0));
  CHECK(slope::isinf(big));
  CHECK(!slope::isfinite(big));
  CHECK(std::isinf(big.tangent(0)));
  const Dual<double> nan_in = Dual<double>(std::numeric_limits<double>::quiet_NaN()) + x;
  CHECK(std::isnan(nan_in.value()));
  CHECK(nan_in.tangent(0) == 1.0);
  // a non-finite partial leaves directions that do not move alone
  using D2 = Dual<double, 2>;
  const D2 r = sqrt(D2::variable(0.0, 0)) + D2::variable(3.0, 1);
  CHECK(std::isinf(r.tangent(0)));
  CHECK(r.tangent(1) == 1.0);
}

TEST_CASE("a lambda may return an expression built from its by-value parameters", "[forward][dual]") {
  // The expression outlives the parameter x; it owns copies of its operands.
  const auto f = [](auto x) { return sin(x) * log(x) / (1.0 + x * x); };
  const double x0 = 1.7;
  const double expected = (std::cos(x0) * std::log(x0) + std::sin(x0) / x0) / (1 + x0 * x0) -
                          std::sin(x0) * std::log(x0) * 2 * x0 / ((1 + x0 * x0) * (1 + x0 * x0));
  CHECK(slope::derivative(f, x0) == Approx(expected).epsilon(1e-14));
  const auto e = f(Dual<double>::variable(x0));  // an unevaluated expression, kept in a variable
  const Dual<double> y = e;
  CHECK(y.tangent(0) == Approx(expected).epsilon(1e-14));
}

}  // namespace test_forward_dual
