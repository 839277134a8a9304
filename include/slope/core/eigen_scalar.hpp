// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// What Eigen needs from every slope scalar (Dual, Var): the NumTraits members they share, and
// matrix products that mix plain numbers with slope scalars, in either order.
//
// Eigen's matrix-matrix and matrix-vector kernels cannot mix a plain scalar with a custom one
// (their packet code assumes the product has one operand's type). Such a mixed product,
// `MatrixXd * Matrix<Dual<double>>` say, is therefore promoted: the plain operand is cast to
// the slope scalar and the product runs on one scalar type. A C++20-constrained partial
// specialization is more specialised than Eigen's own, so it is picked exactly for these.
//
//     Eigen::MatrixXd a = ...;  Eigen::Matrix<slope::Dual<double>, -1, -1> b = ...;
//     Eigen::Matrix<slope::Dual<double>, -1, -1> c = a * b;   // works, via the promotion below

#include <Eigen/Core>

#include "slope/core/traits.hpp"

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

}  // namespace slope::detail

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
