// expect: slope::categorical_logit_log_pmf: beta must be a vector of K logits
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The slope authors
#include "slope/distributions.hpp"

int main() {
  const Eigen::VectorXi categories = Eigen::VectorXi::Zero(3);
  (void)slope::categorical_logit_log_pmf(categories, 0.5);
  return 0;
}
