# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
#
# Shared by tests/, examples/ and bench/. Nothing here is installed or exported.

find_package(Threads REQUIRED)

# Our programs are plain ISO C++ (-std=c++20, not gnu++20), as -Wpedantic
# expects. Only targets created after this include are affected.
set(CMAKE_CXX_EXTENSIONS OFF)

# Strict warnings for the programs we compile ourselves. A separate helper
# target, never the slope INTERFACE target: consumers choose their own flags.
# Eigen, Catch2 and Google Benchmark arrive as imported or SYSTEM targets, so
# their headers are -isystem and do not trip these.
add_library(slope_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(slope_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror)
endif()

# Link our programs with lld where the compiler can use it: the test program (80 MB of -O0
# code) links in 2 CPU-seconds with lld and 13 with GNU ld. SLOPE_LINK_WITH_LLD=OFF keeps the
# default linker.
include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=lld SLOPE_HAVE_LLD)
option(SLOPE_LINK_WITH_LLD "Link slope's own programs (tests, examples, benchmarks) with lld when it is found" ON)
set(slope_program_link_options)
if(SLOPE_HAVE_LLD AND SLOPE_LINK_WITH_LLD)
  set(slope_program_link_options -fuse-ld=lld)
endif()

# slope_add_program(<target> SOURCES <file>... [LIBRARIES <lib>...])
# An executable of ours: slope, the warnings and threads, plus LIBRARIES.
function(slope_add_program target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LIBRARIES")
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE
    slope::slope slope_warnings Threads::Threads ${arg_LIBRARIES})
  target_link_options(${target} PRIVATE ${slope_program_link_options})
  # L-BFGS in slope::optim needs LBFGSpp's headers wherever they are installed.
  if(TARGET slope::lbfgspp)
    target_link_libraries(${target} PRIVATE slope::lbfgspp)
  endif()
  # slope::ColPackColoring (slope/sparse/colpack.hpp) needs ColPack's library.
  if(TARGET slope::colpack)
    target_link_libraries(${target} PRIVATE slope::colpack)
  endif()
endfunction()

# slope_add_run_test(<test name> <target> [ARGS <arg>...] [LABEL <label>])
# Runs <target> in its own scratch directory under the build tree, so programs
# that write files (CSV output of the examples) never write into the sources.
function(slope_add_run_test name target)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "LABEL" "ARGS")
  set(workdir "${CMAKE_CURRENT_BINARY_DIR}/run/${name}")
  file(MAKE_DIRECTORY "${workdir}")
  add_test(NAME ${name} COMMAND ${target} ${arg_ARGS} WORKING_DIRECTORY "${workdir}")
  set_tests_properties(${name} PROPERTIES LABELS "${arg_LABEL}")
endfunction()
