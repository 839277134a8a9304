# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
#
# The AD libraries that peers_bench measures beside slope and that no Debian package
# provides: FastAD, CoDiPack, Adept-2, XAD and autodiff, brought by FetchContent at the
# commits pinned below (git clone from GitHub at configure time). Included by
# bench/CMakeLists.txt when SLOPE_BENCH_PEERS is ON; never part of an ordinary build.
#
# Without network access, point each at a local checkout of its pinned commit:
#   cmake --preset bench -DSLOPE_BENCH_PEERS=ON \
#     -DFETCHCONTENT_SOURCE_DIR_FASTAD=<dir> -DFETCHCONTENT_SOURCE_DIR_CODIPACK=<dir> \
#     -DFETCHCONTENT_SOURCE_DIR_ADEPT2=<dir> -DFETCHCONTENT_SOURCE_DIR_XAD=<dir> \
#     -DFETCHCONTENT_SOURCE_DIR_AUTODIFF=<dir>
# A local checkout at another commit is used with a warning.
#
# Each becomes a target slope_peer_<name> that bench/CMakeLists.txt links to that library's
# translation unit only. Their headers are SYSTEM (our -Werror warnings stop at our code);
# the two compiled libraries are built with the build's own flags, as every other
# translation unit of peers_bench (XAD's own -m<SIMD> option set to SSE2, which x86-64
# always has, so that XAD gets no instruction set the others do not).
include(FetchContent)

# name, repository, pinned commit (those of the reference harness, ../shared/peers/README.md)
set(_slope_peers
  "FastAD|https://github.com/JamesYang007/FastAD.git|36e3c863dc15c4609b963fab8cf003cfed1df4ee"
  "CoDiPack|https://github.com/SciCompKL/CoDiPack.git|99c71a7998e2140e1003c447dece69e0fde13238"
  "Adept2|https://github.com/rjhogan/Adept-2.git|c8a07a48a971ddb53836adb10f1a81b31330cfc1"
  "xad|https://github.com/auto-differentiation/xad.git|adb45376181ea9c40babc96038eb0487f433ff2b"
  "autodiff|https://github.com/autodiff/autodiff.git|6690fed87d2723358ace700cc27bbcade39e3d47")

foreach(peer IN LISTS _slope_peers)
  string(REPLACE "|" ";" peer "${peer}")
  list(GET peer 0 name)
  list(GET peer 1 repository)
  list(GET peer 2 commit)
  FetchContent_Declare(${name} GIT_REPOSITORY ${repository} GIT_TAG ${commit})
  # Populate only: their own CMakeLists would add tests, examples or downloads of their own
  # (XAD's is added below, on purpose).
  FetchContent_GetProperties(${name})
  string(TOLOWER ${name} lower)
  if(NOT ${lower}_POPULATED)
    FetchContent_Populate(${name})
  endif()
  string(TOUPPER ${name} upper)
  if(FETCHCONTENT_SOURCE_DIR_${upper} AND EXISTS "${${lower}_SOURCE_DIR}/.git")
    execute_process(COMMAND git -C "${${lower}_SOURCE_DIR}" rev-parse HEAD
      OUTPUT_VARIABLE checked_out OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(checked_out AND NOT checked_out STREQUAL commit)
      message(WARNING "slope: ${name} in ${${lower}_SOURCE_DIR} is at ${checked_out}, not at the pinned ${commit}")
    endif()
  endif()
  message(STATUS "slope: peer ${name} from ${${lower}_SOURCE_DIR}")
endforeach()

# Header-only: FastAD (which includes Eigen), CoDiPack, autodiff.
add_library(slope_peer_fastad INTERFACE)
target_include_directories(slope_peer_fastad SYSTEM INTERFACE "${fastad_SOURCE_DIR}/include")
target_link_libraries(slope_peer_fastad INTERFACE Eigen3::Eigen)
add_library(slope_peer_codipack INTERFACE)
target_include_directories(slope_peer_codipack SYSTEM INTERFACE "${codipack_SOURCE_DIR}/include")
add_library(slope_peer_autodiff INTERFACE)
target_include_directories(slope_peer_autodiff SYSTEM INTERFACE "${autodiff_SOURCE_DIR}")
target_link_libraries(slope_peer_autodiff INTERFACE Eigen3::Eigen)

# Adept-2 is built with autotools, which we do not require: its library sources are
# compiled here into a static library. Matrix products (the matrix product, regression and
# MLP workloads) need BLAS (-DHAVE_BLAS); OpenBLAS is preferred (Debian:
# libopenblas-serial-dev, single-threaded like every other library measured), any BLAS
# otherwise, and without one Adept runs the other six workloads only.
set(BLA_VENDOR OpenBLAS)
find_package(BLAS QUIET)
if(NOT BLAS_FOUND)
  unset(BLA_VENDOR)
  find_package(BLAS QUIET)
endif()
file(GLOB _slope_adept_sources "${adept2_SOURCE_DIR}/adept/*.cpp")
add_library(slope_peer_adept STATIC ${_slope_adept_sources})
target_include_directories(slope_peer_adept SYSTEM PUBLIC "${adept2_SOURCE_DIR}/include")
if(BLAS_FOUND)
  target_compile_definitions(slope_peer_adept PRIVATE HAVE_BLAS)
  target_link_libraries(slope_peer_adept PUBLIC ${BLAS_LIBRARIES})
  message(STATUS "slope: Adept-2 with BLAS ${BLAS_LIBRARIES}")
else()
  message(STATUS "slope: Adept-2 without BLAS: its matrix product, regression and MLP are not measured")
endif()

# XAD builds with CMake (a static library holding its tape): added as a subproject, its
# tests off, XAD_USE_STRONG_INLINE on (XAD's documented option for speed).
set(XAD_ENABLE_TESTS OFF CACHE BOOL "XAD's tests")
set(XAD_WARNINGS_PARANOID OFF CACHE BOOL "XAD's -Werror")
set(XAD_USE_STRONG_INLINE ON CACHE BOOL "XAD: forced inlining")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  set(XAD_SIMD_OPTION SSE2 CACHE STRING "XAD's instruction set flag")
endif()
add_subdirectory("${xad_SOURCE_DIR}" "${xad_BINARY_DIR}" EXCLUDE_FROM_ALL SYSTEM)
add_library(slope_peer_xad INTERFACE)
target_link_libraries(slope_peer_xad INTERFACE XAD::xad)
