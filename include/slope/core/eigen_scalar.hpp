// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What Eigen needs from every slope scalar (Dual, Var): the NumTraits members they share,
// std::numeric_limits, and matrix products that mix plain numbers with slope scalars, in
// either order.
//
// Eigen's decompositions read std::numeric_limits<Scalar> directly (JacobiSVD, BDCSVD,
// SelfAdjointEigenSolver, LDLT, Householder: `min()` as the threshold below which a number
// counts as zero, BDCSVD also `sqrt(max())` and `epsilon()`). Unspecialized, every member
// would be a zero-valued Dual, and BDCSVD divides by sqrt(max()) = 0. So Dual<T, N> and
// Var<T> get T's limits, as constants (zero tangents, not on any tape).
//
// Eigen's matrix-matrix and matrix-vector kernels cannot mix a plain scalar with a custom one
// (their packet code assumes the product has one operand's type). Such a mixed product,
// `MatrixXd * Matrix<Dual<double>>` say, is therefore promoted: the plain operand is cast to
// the slope scalar and the product runs on one scalar type. A C++20-constrained partial
// specialization is more specialised than Eigen's own, so it is picked exactly for these.
//
//     Eigen::MatrixXd a = ...;  Eigen::Matrix<slope::Dual<double>, -1, -1> b = ...;
//     Eigen::Matrix<slope::Dual<double>, -1, -1> c = a * b;   // works, via the promotion below

#include <limits>

#include <Eigen/Core>

#include "slope/core/traits.hpp"

namespace slope {
template <class T, int N>
class Dual;
template <class T>
class Var;
}  // namespace slope

namespace slope::detail {

// NumTraits of a slope scalar Self over the plain (or inner) scalar T: Self is its own real,
// non-integer and literal type, and its limits are T's. Each scalar adds its cost estimates.
template <class Self, class T>
struct SlopeNumTraits : Eigen::GenericNumTraits<Self> {
  using Real = Self;
  using NonInteger = Self;
  using Nested = Self;
  using Literal = Self;
  static inline Real epsilon() { return Real(Eigen::NumTraits<T>::epsilon()); }
  static inline Real dummy_precision() { return Real(Eigen::NumTraits<T>::dummy_precision()); }
  static inline Real highest() { return Real(Eigen::NumTraits<T>::highest()); }
  static inline Real lowest() { return Real(Eigen::NumTraits<T>::lowest()); }
  static inline Real infinity() { return Real(Eigen::NumTraits<T>::infinity()); }
  static inline Real quiet_NaN() { return Real(Eigen::NumTraits<T>::quiet_NaN()); }
  static inline int digits10() { return Eigen::NumTraits<T>::digits10(); }
  static inline int digits() { return Eigen::NumTraits<T>::digits(); }
  static inline int min_exponent() { return Eigen::NumTraits<T>::min_exponent(); }
  static inline int max_exponent() { return Eigen::NumTraits<T>::max_exponent(); }
};

// std::numeric_limits of a slope scalar Self over T: T's limits and properties, as Self.
template <class Self, class T>
struct SlopeNumericLimits {
  using Limits = std::numeric_limits<T>;
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = Limits::is_signed;
  static constexpr bool is_integer = false;
  static constexpr bool is_exact = false;
  static constexpr bool has_infinity = Limits::has_infinity;
  static constexpr bool has_quiet_NaN = Limits::has_quiet_NaN;
  static constexpr bool has_signaling_NaN = Limits::has_signaling_NaN;
  static constexpr std::float_denorm_style has_denorm = Limits::has_denorm;
  static constexpr bool has_denorm_loss = Limits::has_denorm_loss;
  static constexpr std::float_round_style round_style = Limits::round_style;
  static constexpr bool is_iec559 = false;  // Self is not an IEC 559 number, T may be
  static constexpr bool is_bounded = Limits::is_bounded;
  static constexpr bool is_modulo = false;
  static constexpr int digits = Limits::digits;
  static constexpr int digits10 = Limits::digits10;
  static constexpr int max_digits10 = Limits::max_digits10;
  static constexpr int radix = Limits::radix;
  static constexpr int min_exponent = Limits::min_exponent;
  static constexpr int min_exponent10 = Limits::min_exponent10;
  static constexpr int max_exponent = Limits::max_exponent;
  static constexpr int max_exponent10 = Limits::max_exponent10;
  static constexpr bool traps = Limits::traps;
  static constexpr bool tinyness_before = Limits::tinyness_before;
  static constexpr Self min() noexcept { return Self(Limits::min()); }
  static constexpr Self max() noexcept { return Self(Limits::max()); }
  static constexpr Self lowest() noexcept { return Self(Limits::lowest()); }
  static constexpr Self epsilon() noexcept { return Self(Limits::epsilon()); }
  static constexpr Self round_error() noexcept { return Self(Limits::round_error()); }
  static constexpr Self infinity() noexcept { return Self(Limits::infinity()); }
  static constexpr Self quiet_NaN() noexcept { return Self(Limits::quiet_NaN()); }
  static constexpr Self signaling_NaN() noexcept { return Self(Limits::signaling_NaN()); }
  static constexpr Self denorm_min() noexcept { return Self(Limits::denorm_min()); }
};

}  // namespace slope::detail

template <class T, int N>
class std::numeric_limits<slope::Dual<T, N>> : public slope::detail::SlopeNumericLimits<slope::Dual<T, N>, T> {};
template <class T>
class std::numeric_limits<slope::Var<T>> : public slope::detail::SlopeNumericLimits<slope::Var<T>, T> {};

namespace Eigen::internal {

template <class Lhs, class Rhs>
concept MixedSlopeProduct = slope::Leaf<typename Lhs::Scalar> != slope::Leaf<typename Rhs::Scalar>;

template <class Lhs, class Rhs>
struct promoted_slope_product {
  using Scalar = typename Product<Lhs, Rhs>::Scalar;
  static auto promoted(const Lhs& lhs, const Rhs& rhs) {
    return lhs.template cast<Scalar>() * rhs.template cast<Scalar>();
  }
  // Eigen sizes dst before evalTo; accumulating into it, rather than assigning (which may
  // resize), also keeps g++ 12 at -O2 from a false -Wuse-after-free on the resize path.
  template <class Dst> static void evalTo(Dst& dst, const Lhs& lhs, const Rhs& rhs) {
    dst.setZero();
    dst.noalias() += promoted(lhs, rhs);
  }
  template <class Dst> static void addTo(Dst& dst, const Lhs& lhs, const Rhs& rhs) { dst.noalias() += promoted(lhs, rhs); }
  template <class Dst> static void subTo(Dst& dst, const Lhs& lhs, const Rhs& rhs) { dst.noalias() -= promoted(lhs, rhs); }
  template <class Dst>
  static void scaleAndAddTo(Dst& dst, const Lhs& lhs, const Rhs& rhs, const Scalar& alpha) {
    dst.noalias() += alpha * promoted(lhs, rhs);
  }
};

template <class Lhs, class Rhs>
  requires MixedSlopeProduct<Lhs, Rhs>
struct generic_product_impl<Lhs, Rhs, DenseShape, DenseShape, GemmProduct> : promoted_slope_product<Lhs, Rhs> {};

template <class Lhs, class Rhs>
  requires MixedSlopeProduct<Lhs, Rhs>
struct generic_product_impl<Lhs, Rhs, DenseShape, DenseShape, GemvProduct> : promoted_slope_product<Lhs, Rhs> {};

}  // namespace Eigen::internal

// Eigen::BDCSVD on matrices of slope scalars runs JacobiSVD (see there for why).
#include "slope/core/eigen_svd.hpp"
