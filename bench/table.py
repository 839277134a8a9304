#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
"""Turns Google Benchmark JSON output into the README's table.

Benchmarks are named <workload>/<method>/<size>. For every workload and size this prints the
median CPU time of each method and its ratio to the hand-coded gradient ("hand"), taken from
the same run. Give it the files of one table: the README's main table comes from reverse and
gradient, the comparison with other libraries from peers (it has workloads of the same names).

    cmake --workflow --preset bench
    python3 bench/table.py build/bench/bench/{reverse,gradient}.json
    python3 bench/table.py build/bench/bench/peers.json
"""
import json
import sys
from collections import defaultdict


def medians(paths):
    times = {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            name = b.get("run_name", b["name"])
            if b.get("aggregate_name", "median") != "median":
                continue
            times[name] = b["cpu_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    return times


def readable(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main(paths):
    rows = defaultdict(dict)
    methods = []
    for name, ns in medians(paths).items():
        workload, method, size = name.split("/")
        rows[(workload, size)][method] = ns
        if method not in methods:
            methods.append(method)
    # a fixed column order (the JSON order varies with --benchmark_enable_random_interleaving)
    preferred = ["central_fd", "forward", "reverse", "slope_reverse", "slope_forward"]
    shown = [m for m in preferred if m in methods] + sorted(m for m in methods if m not in preferred + ["function", "hand"])
    header = ["workload", "n", "function", "hand"] + [f"{m} (× hand)" for m in shown]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    # sizes are numbers or products such as 1000x10: order by their numeric parts
    def order(item):
        (workload, size), _ = item
        return workload, [int(part) for part in size.split("x")]

    for (workload, size), times in sorted(rows.items(), key=order):
        cells = [workload, size]
        cells += [readable(times[m]) if m in times else "" for m in ("function", "hand")]
        for m in shown:
            if m not in times:
                cells.append("")
            elif "hand" in times:
                cells.append(f"{readable(times[m])} ({times[m] / times['hand']:.2f}×)")
            else:
                cells.append(readable(times[m]))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
