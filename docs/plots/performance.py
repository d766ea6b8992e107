"""Time ratio portloss / native peer for each benchmarked loss, backend and mode.

Read from ``docs/performance-results.json``, which ``python -m benchmarks`` writes (the
large inputs only: the small ones measure call overhead, not the kernels). Bars below
1 mean portloss is faster than its peer. Run ``python docs/plots/performance.py`` to
write ``performance.png`` here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter

REQUIRES = ("cross_entropy",)
ALT = "Bar chart of the time ratio of portloss to the native peer per loss and backend"
RESULTS = Path(__file__).resolve().parents[1] / "performance-results.json"
LABELS = {
    "cross_entropy": "cross_entropy",
    "cross_entropy_weighted": "cross_entropy\n(weight, smoothing,\nignore_index)",
    "binary_cross_entropy_with_logits": "bce_with_logits",
    "sigmoid_focal_loss": "sigmoid_focal",
    "dice_loss": "dice",
    "mse_loss": "mse",
}


def figure(portloss) -> Figure:
    fig = Figure(figsize=(7.6, 4.2), layout="constrained")
    ax = fig.add_subplot()
    if not RESULTS.is_file():
        ax.text(0.5, 0.5, "no results: run python -m benchmarks", ha="center")
        ax.set_axis_off()
        return fig
    rows = [r for r in json.loads(RESULTS.read_text())["rows"] if r["size"] == "large"]
    losses = list(dict.fromkeys(r["loss"] for r in rows))
    series = list(dict.fromkeys((r["backend"], r["mode"]) for r in rows))
    width = 0.8 / max(1, len(series))
    for k, (backend, mode) in enumerate(series):
        ratios = [
            next(
                (
                    r["ratio"]
                    for r in rows
                    if (r["loss"], r["backend"], r["mode"]) == (loss, backend, mode)
                ),
                np.nan,
            )
            for loss in losses
        ]
        ax.bar(
            np.arange(len(losses)) + (k - (len(series) - 1) / 2) * width,
            ratios,
            width,
            label=f"{backend} {mode}",
        )
    ax.axhline(1.0, color="black", lw=1)
    ax.axhline(1.25, color="0.4", lw=1, ls="--")
    ax.text(len(losses) - 0.5, 1.27, "1.25", color="0.4", ha="right", va="bottom")
    ax.set_xticks(np.arange(len(losses)), [LABELS.get(n, n) for n in losses], fontsize=8)
    ax.set(
        ylabel="time ratio portloss / peer", title="portloss against the native peer (large inputs)"
    )
    ax.set_yscale("log", base=2)
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.legend(frameon=False, fontsize=7, ncols=2)
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("performance.png", dpi=110)
