# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
#
# Third-party dependencies. Each is declared with FIND_PACKAGE_ARGS, so an
# installed package (Debian's libeigen3-dev, catch2, libbenchmark-dev) is used
# when there is one and the pinned release tarball is downloaded only when
# there is not. SYSTEM keeps warnings from downloaded headers out of our
# -Werror builds (imported targets of installed packages are SYSTEM already).
include(FetchContent)

# Eigen is header-only and its own CMakeLists adds test, doc and BLAS targets
# we do not want, so a download is only unpacked (SOURCE_SUBDIR names a
# directory without a CMakeLists.txt) and given an imported target below.
FetchContent_Declare(Eigen3
  URL https://gitlab.com/libeigen/eigen/-/archive/3.4.0/eigen-3.4.0.tar.gz
  URL_HASH SHA256=8586084f71f9bde545ee7fa6d00288b264a2b7ac3607b974e54d13e7162c1c72
  SOURCE_SUBDIR slope-headers-only
  FIND_PACKAGE_ARGS 3.4 NO_MODULE)
set(_slope_deps Eigen3)

if(SLOPE_BUILD_TESTS)
  # No version: Debian ships 2.13, a download is v3; tests/slope_catch.hpp
  # hides the difference.
  FetchContent_Declare(Catch2
    URL https://github.com/catchorg/Catch2/archive/refs/tags/v3.5.2.tar.gz
    URL_HASH SHA256=269543a49eb76f40b3f93ff231d4c24c27a7e16c90e47d2e45bcc564de470c6e
    SYSTEM
    FIND_PACKAGE_ARGS CONFIG)
  list(APPEND _slope_deps Catch2)
endif()

if(SLOPE_BUILD_BENCHMARKS)
  # Only read if benchmark is downloaded: build the library alone.
  set(BENCHMARK_ENABLE_TESTING OFF CACHE BOOL "Build Google Benchmark's tests")
  set(BENCHMARK_ENABLE_INSTALL OFF CACHE BOOL "Install Google Benchmark")
  set(BENCHMARK_ENABLE_WERROR OFF CACHE BOOL "Google Benchmark's own -Werror")
  FetchContent_Declare(benchmark
    URL https://github.com/google/benchmark/archive/refs/tags/v1.8.3.tar.gz
    URL_HASH SHA256=6bc180a57d23d4d9515519f92b0c83d61b05b5bab188961f36ac7b06b0d9e9ce
    SYSTEM
    FIND_PACKAGE_ARGS CONFIG)
  list(APPEND _slope_deps benchmark)
endif()

FetchContent_MakeAvailable(${_slope_deps})

if(NOT TARGET Eigen3::Eigen)
  # Eigen was downloaded. GLOBAL so that a project doing add_subdirectory(slope)
  # sees the target too.
  add_library(Eigen3::Eigen INTERFACE IMPORTED GLOBAL)
  set_target_properties(Eigen3::Eigen PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${eigen3_SOURCE_DIR}")
endif()

if(SLOPE_BUILD_TESTS)
  # Make Catch's catch_discover_tests() reachable with include(Catch).
  if(catch2_SOURCE_DIR)
    # Downloaded: always v3, whose modules live in extras/.
    set(SLOPE_CATCH2_VERSION 3)
    list(APPEND CMAKE_MODULE_PATH "${catch2_SOURCE_DIR}/extras")
  else()
    # Installed: Catch.cmake sits next to Catch2Config.cmake in 2.13 and v3.
    set(SLOPE_CATCH2_VERSION ${Catch2_VERSION})
    list(APPEND CMAKE_MODULE_PATH "${Catch2_DIR}")
  endif()
endif()

# Optional: LBFGSpp ships no CMake package (Debian's liblbfgspp-dev is a plain
# header). Not a requirement of the installed slope package.
find_path(SLOPE_LBFGSPP_INCLUDE_DIR LBFGS.h
  DOC "Directory containing LBFGSpp's LBFGS.h (optional)")
if(SLOPE_LBFGSPP_INCLUDE_DIR)
  set(SLOPE_HAVE_LBFGSPP ON)
  add_library(slope::lbfgspp INTERFACE IMPORTED)
  set_target_properties(slope::lbfgspp PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${SLOPE_LBFGSPP_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Eigen3::Eigen)
else()
  set(SLOPE_HAVE_LBFGSPP OFF)
endif()
message(STATUS "slope: LBFGSpp ${SLOPE_HAVE_LBFGSPP}")

# Optional: ColPack (Debian libcolpack-dev), a compiled library, for
# slope::ColPackColoring in slope/sparse/colpack.hpp. The sparse drivers
# colour with slope's own code and need nothing. Programs that use
# ColPackColoring link slope::colpack (its headers, -lColPack, and
# SLOPE_HAVE_COLPACK=1). Not a requirement of the installed slope package.
find_path(SLOPE_COLPACK_INCLUDE_DIR ColPack/ColPackHeaders.h
  DOC "Directory containing ColPack/ColPackHeaders.h (optional)")
find_library(SLOPE_COLPACK_LIBRARY ColPack
  DOC "ColPack's library (optional)")
if(SLOPE_COLPACK_INCLUDE_DIR AND SLOPE_COLPACK_LIBRARY)
  set(SLOPE_HAVE_COLPACK ON)
  add_library(slope::colpack INTERFACE IMPORTED)
  set_target_properties(slope::colpack PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${SLOPE_COLPACK_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${SLOPE_COLPACK_LIBRARY}"
    INTERFACE_COMPILE_DEFINITIONS "SLOPE_HAVE_COLPACK=1")
else()
  set(SLOPE_HAVE_COLPACK OFF)
endif()
message(STATUS "slope: ColPack ${SLOPE_HAVE_COLPACK}")
