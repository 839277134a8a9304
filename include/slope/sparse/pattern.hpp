// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#pragma once
// SparsityPattern: which entries of a rows x cols matrix may be nonzero, stored row by row
// (compressed sparse rows): the column indices of row i, sorted and distinct, are
// columns()[row_starts()[i] .. row_starts()[i + 1]). Entries outside the pattern are zero
// wherever the pattern holds; entries inside may be zero too (a pattern is conservative).
//
//     slope::SparsityPattern p = slope::SparsityPattern::from_rows(3, {{0, 1}, {1}, {2, 0}});
//     p.contains(2, 0);   // true; p.row(2) is {0, 2}
//     p.nonZeros();       // 5

#include <algorithm>
#include <cstddef>
#include <limits>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "slope/core/check.hpp"

namespace slope {

class SparsityPattern {
 public:
  using Index = Eigen::Index;

  SparsityPattern() : SparsityPattern(0, 0) {}
  // The empty pattern of a rows x cols matrix (every entry zero).
  SparsityPattern(Index rows, Index cols) : rows_(rows), cols_(cols) {
    check_argument(rows >= 0 && cols >= 0, "slope::SparsityPattern: the sizes must not be negative");
    row_starts_.assign(std::size_t(rows) + 1, 0);
  }

  // From the column indices of each row, in any order, repeats allowed; cols columns.
  static SparsityPattern from_rows(Index cols, std::vector<std::vector<Index>> rows) {
    SparsityPattern pattern(static_cast<Index>(rows.size()), cols);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<Index>& row = rows[i];
      std::sort(row.begin(), row.end());
      row.erase(std::unique(row.begin(), row.end()), row.end());
      check_argument(row.empty() || (row.front() >= 0 && row.back() < cols),
                     "slope::SparsityPattern::from_rows: a column index lies outside [0, cols)");
      pattern.columns_.insert(pattern.columns_.end(), row.begin(), row.end());
      pattern.row_starts_[i + 1] = static_cast<Index>(pattern.columns_.size());
    }
    return pattern;
  }

  // The entries stored in an Eigen sparse matrix (explicit zeros included): its pattern.
  template <class Derived>
  static SparsityPattern of(const Eigen::SparseMatrixBase<Derived>& matrix) {
    const Eigen::SparseMatrix<double, Eigen::RowMajor, Index> rows = matrix.derived().template cast<double>();
    std::vector<std::vector<Index>> entries(static_cast<std::size_t>(rows.rows()));
    for (Index i = 0; i < rows.rows(); ++i) {
      for (typename decltype(rows)::InnerIterator it(rows, i); it; ++it) entries[std::size_t(i)].push_back(it.col());
    }
    return from_rows(rows.cols(), std::move(entries));
  }

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  Index nonZeros() const { return static_cast<Index>(columns_.size()); }

  // The column indices of row i, ascending.
  std::span<const Index> row(Index i) const {
    const auto begin = static_cast<std::size_t>(row_starts_[std::size_t(i)]);
    const auto end = static_cast<std::size_t>(row_starts_[std::size_t(i) + 1]);
    return std::span<const Index>(columns_).subspan(begin, end - begin);
  }
  const std::vector<Index>& row_starts() const { return row_starts_; }
  const std::vector<Index>& columns() const { return columns_; }

  bool contains(Index i, Index j) const {
    if (i < 0 || i >= rows_) return false;
    const std::span<const Index> r = row(i);
    return std::binary_search(r.begin(), r.end(), j);
  }

  // The position of entry (i, j) in columns(), or -1 when it is not in the pattern.
  Index position(Index i, Index j) const {
    const std::span<const Index> r = row(i);
    const auto it = std::lower_bound(r.begin(), r.end(), j);
    if (it == r.end() || *it != j) return -1;
    return row_starts_[std::size_t(i)] + static_cast<Index>(it - r.begin());
  }

  SparsityPattern transpose() const {
    SparsityPattern result(cols_, rows_);
    for (Index j : columns_) ++result.row_starts_[std::size_t(j) + 1];
    for (std::size_t j = 0; j < std::size_t(cols_); ++j) result.row_starts_[j + 1] += result.row_starts_[j];
    result.columns_.resize(columns_.size());
    std::vector<Index> next(result.row_starts_.begin(), result.row_starts_.end() - 1);
    for (Index i = 0; i < rows_; ++i) {
      for (Index j : row(i)) result.columns_[std::size_t(next[std::size_t(j)]++)] = i;
    }
    return result;
  }

  bool is_symmetric() const { return rows_ == cols_ && *this == transpose(); }

  // The entries (i, j) with j <= i.
  SparsityPattern lower_triangle() const {
    std::vector<std::vector<Index>> entries(static_cast<std::size_t>(rows_));
    for (Index i = 0; i < rows_; ++i) {
      for (Index j : row(i)) {
        if (j <= i) entries[std::size_t(i)].push_back(j);
      }
    }
    return from_rows(cols_, std::move(entries));
  }

  // A matrix with 1 at every entry of the pattern.
  Eigen::SparseMatrix<double> to_matrix() const {
    std::vector<Eigen::Triplet<double>> ones;
    ones.reserve(columns_.size());
    for (Index i = 0; i < rows_; ++i) {
      for (Index j : row(i)) ones.emplace_back(static_cast<int>(i), static_cast<int>(j), 1.0);
    }
    Eigen::SparseMatrix<double> m(rows_, cols_);
    m.setFromTriplets(ones.begin(), ones.end());
    return m;
  }

  friend bool operator==(const SparsityPattern&, const SparsityPattern&) = default;

  // Small patterns as a grid ('x' an entry, '.' none), larger ones as their sizes.
  friend std::ostream& operator<<(std::ostream& os, const SparsityPattern& p) {
    os << p.rows_ << " x " << p.cols_ << " pattern, " << p.nonZeros() << " entries";
    if (p.rows_ > 40 || p.cols_ > 80) return os;
    for (Index i = 0; i < p.rows_; ++i) {
      std::string line(static_cast<std::size_t>(p.cols_), '.');
      for (Index j : p.row(i)) line[std::size_t(j)] = 'x';
      os << '\n' << line;
    }
    return os;
  }

 private:
  Index rows_;
  Index cols_;
  std::vector<Index> row_starts_;  // rows_ + 1 offsets into columns_
  std::vector<Index> columns_;
};

namespace detail {

// The entries of a pattern in column-major order (column by column, rows ascending): the
// order of Eigen::SparseMatrix<double>'s values, in which the sparse drivers return values.
class ColumnMajorLayout {
 public:
  ColumnMajorLayout() = default;
  explicit ColumnMajorLayout(const SparsityPattern& pattern) {
    check_argument(pattern.nonZeros() <= std::numeric_limits<int>::max() && pattern.rows() <= std::numeric_limits<int>::max() &&
                       pattern.cols() <= std::numeric_limits<int>::max(),
                   "slope: a sparse derivative with more than 2^31 - 1 rows, columns or entries does not fit an "
                   "Eigen::SparseMatrix<double>");
    const SparsityPattern by_column = pattern.transpose();
    std::vector<int> outer(by_column.row_starts().begin(), by_column.row_starts().end());
    std::vector<int> inner(by_column.columns().begin(), by_column.columns().end());
    std::vector<double> zeros(inner.size(), 0.0);
    structure_ = Eigen::Map<const Eigen::SparseMatrix<double>>(pattern.rows(), pattern.cols(), pattern.nonZeros(),
                                                               outer.data(), inner.data(), zeros.data());
    rows_ = by_column.columns();
    cols_.reserve(rows_.size());
    for (Eigen::Index j = 0; j < pattern.cols(); ++j) cols_.insert(cols_.end(), by_column.row(j).size(), j);
  }

  // Row and column of value k.
  const std::vector<Eigen::Index>& rows() const { return rows_; }
  const std::vector<Eigen::Index>& cols() const { return cols_; }
  Eigen::Index nonZeros() const { return static_cast<Eigen::Index>(rows_.size()); }

  Eigen::SparseMatrix<double> matrix(const Eigen::VectorXd& values) const {
    Eigen::SparseMatrix<double> result = structure_;
    fill(values, result);
    return result;
  }
  // Writes values into m, first giving m this structure unless it has it already (then
  // nothing is allocated, and a factorization's analysed pattern stays valid).
  void fill(const Eigen::VectorXd& values, Eigen::SparseMatrix<double>& m) const {
    if (!same_structure(m)) m = structure_;
    Eigen::Map<Eigen::VectorXd>(m.valuePtr(), m.nonZeros()) = values;
  }
  std::vector<Eigen::Triplet<double>> triplets(const Eigen::VectorXd& values) const {
    std::vector<Eigen::Triplet<double>> result;
    result.reserve(rows_.size());
    for (std::size_t k = 0; k < rows_.size(); ++k) {
      result.emplace_back(static_cast<int>(rows_[k]), static_cast<int>(cols_[k]), values[Eigen::Index(k)]);
    }
    return result;
  }

 private:
  bool same_structure(const Eigen::SparseMatrix<double>& m) const {
    if (m.rows() != structure_.rows() || m.cols() != structure_.cols() || m.nonZeros() != structure_.nonZeros() ||
        !m.isCompressed()) {
      return false;
    }
    return std::equal(m.outerIndexPtr(), m.outerIndexPtr() + m.outerSize() + 1, structure_.outerIndexPtr()) &&
           std::equal(m.innerIndexPtr(), m.innerIndexPtr() + m.nonZeros(), structure_.innerIndexPtr());
  }

  Eigen::SparseMatrix<double> structure_;
  std::vector<Eigen::Index> rows_;
  std::vector<Eigen::Index> cols_;
};

}  // namespace detail

}  // namespace slope
