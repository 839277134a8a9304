#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The slope authors
"""Plot the loss curves that the examples write, as small PNGs for docs/examples.md.

Each training example writes <name>_loss.csv: a header row, the iteration (or epoch, or
step) in the first column, then one column per curve; an empty cell means that curve has
no value there (a run that stopped early). This script turns every such file it finds into
<out>/<name>.png, about 600 x 400 pixels.

    # from the repository root: builds the training examples, runs them, runs this script
    tools/install-deps plots && cmake --preset demo && cmake --build --preset plots

Arguments: the directory holding the CSV files (default: the current directory) and the
output directory (default: the repository's docs/plots). Needs matplotlib (Debian:
python3-matplotlib).
"""

import csv
import math
import sys
from pathlib import Path

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("plot_curves.py needs matplotlib (Debian: apt install python3-matplotlib; pip: matplotlib)")

MAX_POINTS = 800  # per curve: plenty for a 600-pixel-wide plot, and keeps the PNG small

# How each example's curves are best shown. Unknown files get a plain linear plot.
#   log_x / log_y: logarithmic axes;  excess: plot loss - (its last value), to show the rate;
#   columns: the columns to draw (default: all);  panels: groups of columns, one subplot each;
#   reference: horizontal dashed lines {column: (value, label)}.
STYLES = {
    "linear_regression": {
        "title": "Linear regression: gradient descent",
        "ylabel": "loss - final loss",
        "log_y": True,
        "excess": True,
    },
    "logistic_regression": {
        "title": "Logistic regression: objective per penalty",
        "ylabel": "objective",
        "log_x": True,
        "labels": {"loss": "no penalty", "loss_l2": "L2, l2 = 0.1", "loss_l1": "L1, l1 = 0.1"},
    },
    "svm": {
        "title": "Linear SVM: subgradient descent",
        "ylabel": "objective - final objective",
        "log_y": True,
        "excess": True,
        "log_x": True,
        "columns": ["loss"],  # the errors column is 0 from the first step on
    },
    "xor_mlp": {
        "title": "XOR with a 2-4-1 network",
        "ylabel": "mean squared error",
        "xlabel": "epoch",
        "log_y": True,
        "labels": {"loss_sgd": "SGD, lr 0.5", "loss_adam": "Adam, lr 0.02"},
    },
    "gan_1d": {
        "title": "1-D GAN: data N(3, 0.5^2)",
        "panels": [["d_loss", "g_loss"], ["g_mean", "g_std"]],
        "panel_ylabels": ["loss", "generator"],
        "labels": {
            "d_loss": "discriminator loss",
            "g_loss": "generator loss",
            "g_mean": "generator mean b",
            "g_std": "generator spread |a|",
        },
        "reference": {
            "d_loss": (2 * math.log(2), "2 ln 2"),
            "g_loss": (math.log(2), "ln 2"),
            "g_mean": (3.0, "data mean 3"),
            "g_std": (0.5, "data spread 0.5"),
        },
    },
    "newton_lbfgs": {
        "title": "Rosenbrock from (-1.2, 1)",
        "ylabel": "f(x)",
        "log_x": True,
        "log_y": True,
        "labels": {
            "gradient_descent": "gradient descent",
            "momentum": "momentum",
            "adam": "Adam",
            "newton": "Newton",
            "lbfgs": "L-BFGS",
        },
    },
}


def read_curves(path):
    """Returns (x label, x values, {column: [(x, y), ...]}) from one CSV file."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r]
    xs = [float(r[0]) for r in body]
    curves = {}
    for c, name in enumerate(header[1:], start=1):
        points = [(float(r[0]), float(r[c])) for r in body if c < len(r) and r[c].strip()]
        curves[name] = points
    return header[0], xs, curves


def thin(points):
    """At most about MAX_POINTS points: the first 200 all (they matter on a log x axis), then
    evenly spaced in index, always keeping the last."""
    if len(points) <= MAX_POINTS:
        return points
    head, rest = points[:200], points[200:]
    stride = math.ceil(len(rest) / (MAX_POINTS - 200))
    return head + rest[::stride] + ([rest[-1]] if (len(rest) - 1) % stride else [])


def prepare(points, style):
    if style.get("excess") and points:
        final = points[-1][1]
        points = [(x, y - final) for x, y in points]
    if style.get("log_y"):
        points = [(x, y) for x, y in points if y > 0]
    if style.get("log_x"):
        points = [(x, y) for x, y in points if x > 0]
    return thin(points)


def draw(axis, columns, curves, style):
    labels = style.get("labels", {})
    for name in columns:
        points = prepare(curves[name], style)
        if not points:
            continue
        line, = axis.plot([p[0] for p in points], [p[1] for p in points], label=labels.get(name, name), lw=1.4)
        if name in style.get("reference", {}):
            value, text = style["reference"][name]
            axis.axhline(value, ls="--", lw=0.9, color=line.get_color(), alpha=0.7, label=text)
    if style.get("log_y"):
        axis.set_yscale("log")
    if style.get("log_x"):
        axis.set_xscale("log")
    axis.grid(True, which="major", alpha=0.3)


def plot(path, out_dir):
    name = path.name[: -len("_loss.csv")]
    style = STYLES.get(name, {"title": name})
    x_label, _, curves = read_curves(path)
    x_label = style.get("xlabel", x_label)
    panels = style.get("panels")
    fig, axes = plt.subplots(len(panels) if panels else 1, 1, figsize=(6, 4), dpi=100, sharex=True)
    if not panels:
        axes = [axes]
        panels = [style.get("columns", list(curves))]
    for k, (axis, columns) in enumerate(zip(axes, panels)):
        draw(axis, columns, curves, style)
        ylabels = style.get("panel_ylabels")
        axis.set_ylabel(ylabels[k] if ylabels else style.get("ylabel", ""))
        labels = axis.get_legend_handles_labels()[1]
        if len(labels) > 1:
            axis.legend(fontsize=8, frameon=False, ncol=2 if len(labels) > 3 else 1)
    axes[-1].set_xlabel(x_label + (" (log scale)" if style.get("log_x") else ""))
    axes[0].set_title(style.get("title", name), fontsize=11)
    fig.tight_layout()
    out = out_dir / (name + ".png")
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return out


def main(argv):
    csv_dir = Path(argv[1]) if len(argv) > 1 else Path(".")
    out_dir = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parent.parent / "docs" / "plots"
    files = sorted(csv_dir.glob("*_loss.csv"))
    if not files:
        sys.exit(f"plot_curves.py: no *_loss.csv files in {csv_dir}; run the examples with that directory first")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        out = plot(path, out_dir)
        print(f"{path} -> {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv)
