#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
"""Plot the Gaussian-process fit that examples/gaussian_process.cpp writes, for docs/examples.md.

The example writes gaussian_process_data.csv (x, y: the noisy samples) and
gaussian_process_fit.csv (x, truth, mean, lower, upper: the true function, the posterior mean
and the band of two posterior standard deviations on a grid). This script draws them into
<out>/gaussian_process.png, about 600 x 400 pixels.

    # from the repository root: builds and runs the training examples, then both scripts
    tools/install-deps plots && cmake --preset demo && cmake --build --preset plots

Arguments: the directory holding the CSV files (default: the current directory) and the
output directory (default: the repository's docs/plots). Needs matplotlib (Debian:
python3-matplotlib).
"""

import csv
import sys
from pathlib import Path

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_gp.py needs matplotlib (Debian: apt install python3-matplotlib; pip: matplotlib)")


def read_columns(path):
    """Returns {column name: [values]} from a CSV file with a header row."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r]
    return {name: [float(r[c]) for r in body] for c, name in enumerate(header)}


def main(argv):
    csv_dir = Path(argv[1]) if len(argv) > 1 else Path(".")
    out_dir = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parent.parent / "docs" / "plots"
    data_path, fit_path = csv_dir / "gaussian_process_data.csv", csv_dir / "gaussian_process_fit.csv"
    if not data_path.exists() or not fit_path.exists():
        sys.exit(f"plot_gp.py: no gaussian_process_*.csv in {csv_dir}; run examples/gaussian_process with that directory first")
    data, fit = read_columns(data_path), read_columns(fit_path)
    fig, axis = plt.subplots(figsize=(6, 4), dpi=100)
    axis.fill_between(fit["x"], fit["lower"], fit["upper"], color="tab:blue", alpha=0.2, lw=0, label="mean ± 2 sd")
    axis.plot(data["x"], data["y"], ".", ms=3.5, color="0.45", label="200 noisy samples")
    axis.plot(fit["x"], fit["truth"], "--", lw=1.2, color="tab:red", label="true function")
    axis.plot(fit["x"], fit["mean"], lw=1.6, color="tab:blue", label="posterior mean")
    low = min(min(data["y"]), min(fit["lower"]))
    high = max(max(data["y"]), max(fit["upper"]))
    axis.set_ylim(low - 0.05 * (high - low), high + 0.3 * (high - low))  # room for the legend above the data
    axis.set_xlabel("x")
    axis.set_ylabel("y")
    axis.set_title("Gaussian process, hyperparameters by L-BFGS", fontsize=11)
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=8, frameon=False, ncol=2, loc="upper center")
    fig.tight_layout()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "gaussian_process.png"
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)
    print(f"{data_path}, {fit_path} -> {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv)
