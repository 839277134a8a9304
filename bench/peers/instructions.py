#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
"""Instructions per gradient of peers_bench's methods, counted by callgrind.

Times on a shared machine move by tens of percent from run to run; instruction counts do not.
Where a row's time ratio crosses 1.0 from run to run, the counts say whether the two methods
do the same work (then the time ratio is noise and the CPU's throughput) or not. Each method
of a row runs twice under `valgrind --tool=callgrind` with SLOPE_PEERS_ITERATIONS set
(bench/peers/harness.hpp: exactly that many gradients, one round), N1 and N2 gradients; the
difference of the two totals divided by N2 - N1 is the method's instructions per gradient,
start-up, checking and the other workloads' set-up cancelled. The inputs cycle through the
workload's draws, so N1 and N2 are multiples of their number (4).

Instructions are not time from one library to another: callgrind counts each iteration of
`rep stosb` (the C library's memset of kilobytes) as an instruction per byte, and libraries
may compute the same function with cheaper or costlier instructions (README, Benchmarks).

    python3 bench/peers/instructions.py build/bench/bench/peers_bench \\
        --rows='^(sum|prod|normal)/[^/]+/16$' --methods='^(hand|slope|fastad|codipack|adept|xad)$'

Prints a Markdown table: instructions per gradient of each method (row by row), the fewest
of the other libraries' (not hand, tape_floor nor slope's own columns), and slope ÷ that.
Exit status 1 if a run fails.
"""
import os
import re
import subprocess
import sys
import tempfile

N1, N2 = 16, 48  # gradients per run; multiples of the workload's 4 draws (kDraws)
OWN = {"hand", "tape_floor", "slope", "slope_eigen", "slope_forward", "function"}


def instructions(binary, name, iterations):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, SLOPE_PEERS_ITERATIONS=str(iterations))
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary,
             f"--benchmark_filter=^{re.escape(name)}(/iterations:[0-9]+)?$"],  # Iterations() adds the suffix
            env=env, capture_output=True, text=True, cwd=tmp)
        if run.returncode != 0 or f"{name}/iterations:{iterations}" not in run.stdout:
            sys.exit(f"{name}: exit {run.returncode}, did not run {iterations} iterations\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
        found = re.search(r"Collected : (\d+)", run.stderr)
        if not found:
            sys.exit(f"{name}: no callgrind total in\n{run.stderr[-2000:]}")
        return int(found.group(1))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    rows = re.compile(next((a[len("--rows="):] for a in argv[2:] if a.startswith("--rows=")), "."))
    methods = re.compile(next((a[len("--methods="):] for a in argv[2:] if a.startswith("--methods=")), "."))
    names = subprocess.run([binary, "--benchmark_list_tests"], check=True, capture_output=True, text=True).stdout.split()
    table = {}  # (workload, size) -> {method: instructions per gradient}, in the binary's order
    for name in names:
        workload, method, size = name.split("/")
        if not rows.search(name) or not methods.search(method):
            continue
        per_gradient = (instructions(binary, name, N2) - instructions(binary, name, N1)) / (N2 - N1)
        table.setdefault((workload, size), {})[method] = per_gradient
        print(f"{name}: {per_gradient:.0f}", file=sys.stderr, flush=True)
    columns = []
    for cells in table.values():
        columns += [m for m in cells if m not in columns]
    print("Instructions per gradient (callgrind), slope ÷ the fewest of the other libraries'.\n")
    print("| workload | n | " + " | ".join(columns) + " | fewest peer | slope ÷ fewest peer |")
    print("|---|---|" + "---|" * len(columns) + "---|---|")
    for row, cells in table.items():
        peers = {m: v for m, v in cells.items() if m not in OWN}
        best = min(peers, key=peers.get) if peers else None
        ratio = f"{cells['slope'] / peers[best]:.2f}" if best and "slope" in cells else ""
        print(f"| {row[0]} | {row[1]} | " + " | ".join(f"{cells[m]:.0f}" if m in cells else "" for m in columns) +
              f" | {best or ''} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv)
