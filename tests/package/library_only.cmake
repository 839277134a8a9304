# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
# Included by the source-tree consumers: slope is not the top-level project
# there, so it must not have built its tests, examples or benchmarks.
if(SLOPE_BUILD_TESTS OR SLOPE_BUILD_EXAMPLES OR SLOPE_BUILD_BENCHMARKS
   OR TARGET slope_warnings)
  message(FATAL_ERROR "slope enabled its development targets inside a consumer project")
endif()
