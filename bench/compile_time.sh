#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
#
# Compile time of one gradient: each TU of bench/compile_time/ computes the value and gradient
# of f(x) = x0 x1 + exp(x2) x0 at (1, 2, 3), eigen_only.cpp by hand with <Eigen/Dense> (the
# baseline), slope.cpp with slope's umbrella header slope/slope.hpp, slope_functional.cpp with
# slope/functional.hpp alone, and, when their sources are given, one TU per other AD library.
# Each is compiled with `$CXX -std=c++20 -O2 -c` REPEATS times (default 3), one TU after the
# other in turn; printed are the median wall and CPU (user + system) seconds and their ratio
# to the baseline's, then slope's two targets (issue 14: the umbrella at most 1.5x the
# baseline, functional.hpp at most 1.2x). Before timing, each TU is linked with
# check_main.cpp and run: a wrong value or gradient stops the script.
#
#   bench/compile_time.sh                                    # baseline and slope
#   PEERS_SRC=build/peers-src PEERS_BUILD=build/peers bench/compile_time.sh
#
# PEERS_SRC holds checkouts named FastAD, CoDiPack, Adept-2, xad, autodiff (the layout of
# the README's peers section); PEERS_BUILD is a build directory configured with
# -DSLOPE_BENCH_PEERS=ON and built (XAD's generated headers and library, Adept's library).
# ADOL-C is measured when its headers are installed (Debian: libadolc-dev). CXX (default
# g++), EIGEN_INCLUDE_DIR (default /usr/include/eigen3). The machine is shared: the CPU
# seconds are the steadier figure; say the load (uptime) beside them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tus="$root/bench/compile_time"
cxx=${CXX:-g++}
repeats=${REPEATS:-3}
eigen=${EIGEN_INCLUDE_DIR:-/usr/include/eigen3}
peers_src=${PEERS_SRC:-}
peers_build=${PEERS_BUILD:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# name | compile flags | link flags (for the check)
cases=(
  "eigen_only|-isystem $eigen|"
  "slope|-I$root/include -isystem $eigen|"
  "slope_functional|-I$root/include -isystem $eigen|"
)
if [[ -n $peers_src ]]; then
  cases+=(
    "fastad|-isystem $peers_src/FastAD/include -isystem $eigen|"
    "codipack|-isystem $peers_src/CoDiPack/include|"
    "autodiff|-isystem $peers_src/autodiff -isystem $eigen|"
  )
  if [[ -n $peers_build ]]; then
    adept_library=$(find "$peers_build" -name 'libslope_peer_adept.a' | head -n 1)
    xad_build="$peers_build/_deps/xad-build"
    xad_library=$(find "$peers_build" -name 'libxad*.a' | head -n 1)  # XAD writes it to <build>/lib
    blas=$(grep -m1 '^BLAS_openblas_LIBRARY:\|^BLAS_blas_LIBRARY:' "$peers_build/CMakeCache.txt" 2>/dev/null | cut -d= -f2)
    [[ -n $adept_library ]] && cases+=("adept|-isystem $peers_src/Adept-2/include|$adept_library $blas")
    [[ -n $xad_library ]] && cases+=("xad|-isystem $peers_src/xad/src -isystem $xad_build/src|$xad_library -pthread")
  fi
fi
[[ -f /usr/include/adolc/adolc.h ]] && cases+=("adolc||-ladolc")

# the check: each TU linked with check_main.cpp, run
for entry in "${cases[@]}"; do
  IFS='|' read -r name flags libraries <<<"$entry"
  # shellcheck disable=SC2086  # flags are lists of words
  "$cxx" -std=c++20 -O2 $flags "$tus/$name.cpp" "$tus/check_main.cpp" -o "$scratch/$name" $libraries
  (cd "$scratch" && "./$name") || { echo "compile_time.sh: $name computes a wrong value or gradient" >&2; exit 1; }
done

# the timing: REPEATS rounds, each compiling every TU once, in turn
declare -A wall cpu
TIMEFORMAT='%R %U %S'
for ((round = 0; round < repeats; round++)); do
  for entry in "${cases[@]}"; do
    IFS='|' read -r name flags _ <<<"$entry"
    # shellcheck disable=SC2086
    times=$( { time "$cxx" -std=c++20 -O2 $flags -c "$tus/$name.cpp" -o "$scratch/$name.o"; } 2>&1 )
    read -r real user system <<<"$times"
    wall[$name]+="$real "
    cpu[$name]+="$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.3f", u + s }') "
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
base_wall=$(median "${wall[eigen_only]}")
base_cpu=$(median "${cpu[eigen_only]}")
echo "$cxx -std=c++20 -O2 -c, median of $repeats; $(uptime | sed 's/.*load/load/')"
printf '| %s | %s | %s | %s | %s |\n' TU "wall s" "CPU s" "wall ÷ Eigen only" "CPU ÷ Eigen only"
printf '|---|---|---|---|---|\n'
for entry in "${cases[@]}"; do
  IFS='|' read -r name _ _ <<<"$entry"
  w=$(median "${wall[$name]}")
  c=$(median "${cpu[$name]}")
  awk -v n="$name" -v w="$w" -v c="$c" -v bw="$base_wall" -v bc="$base_cpu" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.2f |\n", n, w, c, w / bw, c / bc }'
done
for target in "slope 1.5" "slope_functional 1.2"; do
  read -r name limit <<<"$target"
  awk -v n="$name" -v l="$limit" -v c="$(median "${cpu[$name]}")" -v bc="$base_cpu" \
    'BEGIN { r = c / bc; printf "%s: %.2fx the Eigen-only CPU time, target %.1fx: %s\n", n, r, l, (r <= l) ? "met" : "not met" }'
done
