#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
"""Runs peers_bench one row at a time and merges the rows' JSON into one file.

A row is a workload at one size (benchmarks <workload>/<method>/<size>): every method of the
row runs in one process, its repetitions interleaved with the other methods' (the flags
given), so that the ratios of a row come from one machine state. Each row gets its own
process because some libraries keep process-wide state from a large problem that slows every
later small one (ADOL-C: bench/peers/adolc.cpp), which an optimizer evaluating one function
never sees. The merged file has the benchmarks of every row and, in its context, the date and
1-minute load average at the start of each row ("load_avg" becomes one list per row). The
processes run in the output file's directory (ADOL-C writes large traces to files there).
Each row runs from a fresh copy of the binary: a copy's code lands on other physical pages,
and on this project's machine the same file timed slope's sum at n = 16 at 37-39 ns in every
process for minutes while a copy of it timed 23 ns; with one file, every row of a run, and
every run while the file stays cached, would share one such draw.
Exit status 1 if any row failed (a gradient off: see harness.hpp).

    python3 bench/peers/run_rows.py build/bench/bench/peers_bench build/bench/bench/peers.json \\
        --benchmark_repetitions=5 --benchmark_min_time=0.1 \\
        --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
    python3 bench/peers/run_rows.py BINARY OUT.json --rows='^normal/' [flags]   # some rows only
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    binary, out = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    flags = [a for a in argv[3:] if not a.startswith("--rows=")]
    only = [re.compile(a[len("--rows="):]) for a in argv[3:] if a.startswith("--rows=")]
    names = subprocess.run([binary, "--benchmark_list_tests"], check=True, capture_output=True, text=True).stdout.split()
    rows = []
    for name in names:
        workload, _, size = name.split("/")
        if (workload, size) not in rows and all(r.search(name) for r in only):
            rows.append((workload, size))
    merged, load, failed = None, [], []
    workdir = os.path.dirname(out)
    with tempfile.TemporaryDirectory() as scratch:
        for i, (workload, size) in enumerate(rows):
            part = os.path.join(scratch, f"row{i}.json")
            copy = os.path.join(scratch, f"row{i}_{os.path.basename(binary)}")
            shutil.copy2(binary, copy)
            print(f"[{i + 1}/{len(rows)}] {workload} at {size}", file=sys.stderr, flush=True)
            done = subprocess.run([copy, f"--benchmark_filter=^{workload}/[^/]+/{size}$", *flags,
                                   f"--benchmark_out={part}", "--benchmark_out_format=json"], cwd=workdir)
            os.remove(copy)
            if done.returncode != 0:
                failed.append(f"{workload}/{size}")
            if not os.path.exists(part):
                continue
            with open(part) as f:
                data = json.load(f)
            load.append(data["context"].get("load_avg", []))
            if merged is None:
                merged = data
            else:
                merged["benchmarks"] += data["benchmarks"]
    if merged is None:
        sys.exit("run_rows.py: no row produced output")
    merged["context"]["load_avg"] = load
    with open(out, "w") as f:
        json.dump(merged, f, indent=1)
    print(f"{len(rows)} rows, {len(merged['benchmarks'])} results in {out}", file=sys.stderr)
    if failed:
        print("rows that failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
