// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// Eigen::BDCSVD on matrices of slope scalars (Dual, Var) runs Eigen::JacobiSVD.
//
// BDCSVD (divide and conquer; matrices of 16 columns or more, smaller ones go to JacobiSVD)
// finds the singular values of its merged blocks as roots of a secular equation, by an
// iteration that mixes bisection with rational interpolation, and then recomputes the
// problem's data from the roots (Gu and Eisenstat's stabilisation). Run on dual numbers, the
// values are right but the derivatives are not: a bisection step's derivative is that of the
// bracket's ends, not of the root (tried: a random 20 x 20 matrix of Dual gave wrong tangents
// for 8 of its 20 singular values). JacobiSVD is a sequence of plane rotations, each a smooth function of
// the matrix, and its derivatives agree with the closed form of slope::svd to 1e-10. So on
// slope scalars, BDCSVD<M> is a JacobiSVD<M> with BDCSVD's constructors and compute().
// Part of slope/core/eigen_scalar.hpp, which every header defining a slope scalar includes:
// the specialization is seen wherever Dual or Var is, so no two files of a program can see
// different BDCSVD classes.
//
//     Eigen::Matrix<slope::Dual<double>, -1, -1> a = ...;
//     Eigen::BDCSVD<decltype(a)> svd(a, Eigen::ComputeThinU | Eigen::ComputeThinV);   // Jacobi inside

// Eigen/Core declares BDCSVD and JacobiSVD (Eigen/src/Core/util/ForwardDeclarations.h), which
// is all a partial specialization needs: its base is complete where it is instantiated, in
// code that includes <Eigen/SVD> to use an SVD. Not including <Eigen/SVD> here keeps it out of
// every translation unit that takes a gradient (g++ -O2: about 0.05 s of 1.6).
#include <Eigen/Core>

namespace slope {
template <class T, int N>
class Dual;
template <class T>
class Var;
}  // namespace slope

namespace slope::detail {

// BDCSVD's interface over JacobiSVD.
template <class MatrixType>
class JacobiBackedBdcsvd : public Eigen::JacobiSVD<MatrixType> {
  using Base = Eigen::JacobiSVD<MatrixType>;

 public:
  JacobiBackedBdcsvd() = default;
  JacobiBackedBdcsvd(Eigen::Index rows, Eigen::Index cols, unsigned int options = 0) : Base(rows, cols, options) {}
  explicit JacobiBackedBdcsvd(const MatrixType& matrix, unsigned int options = 0) : Base(matrix, options) {}
  // Kept for BDCSVD's interface; Jacobi has no switch size.
  void setSwitchSize(int) {}
};

}  // namespace slope::detail

namespace Eigen {

template <class T, int N, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
class BDCSVD<Matrix<slope::Dual<T, N>, Rows, Cols, Options, MaxRows, MaxCols>>
    : public slope::detail::JacobiBackedBdcsvd<Matrix<slope::Dual<T, N>, Rows, Cols, Options, MaxRows, MaxCols>> {
  using Base = slope::detail::JacobiBackedBdcsvd<Matrix<slope::Dual<T, N>, Rows, Cols, Options, MaxRows, MaxCols>>;

 public:
  using Base::Base;
  BDCSVD& compute(const typename Base::MatrixType& matrix, unsigned int options) {
    Base::compute(matrix, options);
    return *this;
  }
  BDCSVD& compute(const typename Base::MatrixType& matrix) {
    Base::compute(matrix);
    return *this;
  }
};

template <class T, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
class BDCSVD<Matrix<slope::Var<T>, Rows, Cols, Options, MaxRows, MaxCols>>
    : public slope::detail::JacobiBackedBdcsvd<Matrix<slope::Var<T>, Rows, Cols, Options, MaxRows, MaxCols>> {
  using Base = slope::detail::JacobiBackedBdcsvd<Matrix<slope::Var<T>, Rows, Cols, Options, MaxRows, MaxCols>>;

 public:
  using Base::Base;
  BDCSVD& compute(const typename Base::MatrixType& matrix, unsigned int options) {
    Base::compute(matrix, options);
    return *this;
  }
  BDCSVD& compute(const typename Base::MatrixType& matrix) {
    Base::compute(matrix);
    return *this;
  }
};

}  // namespace Eigen
