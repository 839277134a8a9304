#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
"""Turns Google Benchmark JSON output into the README's tables.

Benchmarks are named <workload>/<method>/<size>; the median CPU time of each is read
(median aggregate, or the plain result). Files whose benchmarks are disjoint make up one run
(reverse.json and gradient.json); a file repeating a benchmark of the run so far starts the
next run (run1/peers.json run2/peers.json).

Slope's own table (reverse_bench, gradient_bench): for every workload and size, each
method's median CPU time and its ratio to the hand-coded gradient ("hand"), one table per run.

The peers table (peers_bench; chosen when another library's method is in the files): for
every workload and size, the hand-coded gradient's time and every method's time as a ratio
to it (cells "run 1 / run 2 / ..."), the fastest other library per run and slope's best
column divided by it ("slope ÷ fastest peer": below 1, slope is faster). Ranked are the
methods that compute each gradient from scratch per call; fastad_prebuilt (FastAD's
expression built once) and adolc_reused_tape (ADOL-C's tape recorded once) are shown but not
ranked, as are columns of no library (tape_floor: the work of a tape design, not a library).
Then every method's largest deviation from the hand-coded gradient, and any
benchmark that reported an error (a gradient off: bench/peers/harness.hpp).

    cmake --workflow --preset bench
    python3 bench/table.py build/bench/bench/{reverse,gradient}.json
    python3 bench/table.py build/bench/bench/peers.json [another_run/peers.json]
"""
import json
import math
import sys
from collections import defaultdict

SLOPE = ["slope", "slope_eigen", "slope_forward"]
PEERS = ["fastad", "fastad_prebuilt", "adept", "codipack", "codipack_matrix", "xad", "autodiff",
         "adolc", "adolc_reused_tape", "ceres_jet", "eigen_autodiff"]
UNRANKED = {"fastad_prebuilt", "adolc_reused_tape"}
WORKLOADS = ["sum", "prod", "log_sum_exp", "normal", "matmul", "regression", "stochastic_volatility",
             "mlp", "rosenbrock"]
UNITS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


class Run:
    """One run: median CPU times in ns, counters and errors by (workload, method, size)."""

    def __init__(self):
        self.times, self.errors, self.deviation, self.contexts = {}, {}, {}, []

    def add(self, data):
        self.contexts.append(data.get("context", {}))
        for b in data["benchmarks"]:
            if b.get("aggregate_name", "median") != "median":
                continue
            key = tuple(b.get("run_name", b["name"]).split("/"))
            if b.get("error_occurred"):
                self.errors[key] = b.get("error_message", "error")
                continue
            self.times[key] = b["cpu_time"] * UNITS[b["time_unit"]]
            if "max_rel_error" in b:
                self.deviation[key] = b["max_rel_error"]

    def names(self):
        return set(self.times) | set(self.errors)


def read_runs(paths):
    runs = [Run()]
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        names = {tuple(b.get("run_name", b["name"]).split("/")) for b in data["benchmarks"]}
        if names & runs[-1].names():
            runs.append(Run())
        runs[-1].add(data)
    return runs


def readable(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def ratio(r):
    return f"{r:.2f}" if r < 100 else f"{r:.0f}"


def size_order(size):
    # sizes are numbers or products such as 1000x10: order by their numeric parts
    return [int(part) for part in size.split("x")]


def slope_table(run):
    rows = defaultdict(dict)
    methods = []
    for (workload, method, size), ns in run.times.items():
        rows[(workload, size)][method] = ns
        if method not in methods:
            methods.append(method)
    # a fixed column order (the JSON order varies with --benchmark_enable_random_interleaving)
    preferred = ["central_fd", "forward", "reverse", "slope_reverse", "slope_forward"]
    shown = [m for m in preferred if m in methods] + sorted(m for m in methods if m not in preferred + ["function", "hand"])
    header = ["workload", "n", "function", "hand"] + [f"{m} (× hand)" for m in shown]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for (workload, size), times in sorted(rows.items(), key=lambda item: (item[0][0], size_order(item[0][1]))):
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


def load_range(context):
    """The 1-minute load averages of a run: one per process (run_rows.py) or one in all."""
    load = context.get("load_avg") or []
    ones = [row[0] for row in load if row] if load and isinstance(load[0], list) else load[:1]
    return ones


def peers_table(runs):
    rows = sorted({(w, s) for run in runs for (w, _, s) in run.names()},
                  key=lambda k: (WORKLOADS.index(k[0]) if k[0] in WORKLOADS else len(WORKLOADS), k[0], size_order(k[1])))
    present = {m for run in runs for (_, m, _) in run.names()}
    known = SLOPE + PEERS
    methods = [m for m in known if m in present] + sorted(present - set(known) - {"function", "hand"})
    for i, run in enumerate(runs):
        ones = [x for c in run.contexts for x in load_range(c)]
        date = run.contexts[0].get("date", "") if run.contexts else ""
        load = f", 1-minute load average {min(ones):.1f} to {max(ones):.1f}" if ones else ""
        print(f"run {i + 1}: {date}{load}")
    print()
    cells = ", run 1 / run 2" + (" / ..." if len(runs) > 2 else "") if len(runs) > 1 else ""
    print(f"Median CPU time of the repetitions; method cells: time ÷ hand{cells}.")
    print()
    header = ["workload", "n", "function", "hand"] + [f"**{m}**" if m in SLOPE else m for m in methods] + \
             ["fastest peer", "slope ÷ fastest peer"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for workload, size in rows:
        cells = [workload, size]
        for m in ("function", "hand"):
            cells.append(" / ".join(readable(r.times[(workload, m, size)]) if (workload, m, size) in r.times else "–" for r in runs))
        for m in methods:
            values = []
            for r in runs:
                t, hand = r.times.get((workload, m, size)), r.times.get((workload, "hand", size))
                values.append("–" if t is None or not hand else ratio(t / hand))
            cells.append("" if all(v == "–" for v in values) else " / ".join(values))
        fastest, standing = [], []
        for r in runs:
            peers = {m: r.times[(workload, m, size)] for m in PEERS if m not in UNRANKED and (workload, m, size) in r.times}
            ours = [r.times[(workload, m, size)] for m in SLOPE if (workload, m, size) in r.times]
            if not peers or not ours:
                fastest.append("–")
                standing.append("–")
                continue
            best = min(peers, key=peers.get)
            fastest.append(best)
            standing.append(f"{min(ours) / peers[best]:.2f}")
        cells.append(" / ".join(fastest))
        cells.append(" / ".join(standing))
        print("| " + " | ".join(cells) + " |")
    print()
    worst = defaultdict(float)
    for r in runs:
        for (_, m, _), e in r.deviation.items():
            worst[m] = max(worst[m], e if not math.isnan(e) else math.inf)
    print("Largest max_rel_error (max_i |g_i - hand_i| / max_i |hand_i|) per method: " +
          ", ".join(f"{m} {e:.2g}" for m, e in sorted(worst.items())) + ".")
    errors = [(i + 1, "/".join(k), msg) for i, r in enumerate(runs) for k, msg in sorted(r.errors.items())]
    if errors:
        print()
        print("ERRORS (no time taken):")
        for run, name, msg in errors:
            print(f"- run {run}, {name}: {msg}")


def main(paths):
    runs = read_runs(paths)
    if any(m in PEERS for run in runs for (_, m, _) in run.names()):
        peers_table(runs)
        return
    for i, run in enumerate(runs):
        if len(runs) > 1:
            print(f"\nrun {i + 1}\n")
        slope_table(run)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
