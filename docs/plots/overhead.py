"""Call overhead on small inputs: time ratio portloss / native call per loss and mode.

Read from ``docs/overhead-results.json``, which ``python -m benchmarks.overhead``
writes. Torch twins against ``torch.nn.functional`` (target 1.5, dashed), the other
losses against a written-out torch formula and NumPy cross entropy against a NumPy
formula (target 3, dotted). Run ``python docs/plots/overhead.py`` to write
``overhead.png`` here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter

REQUIRES = ("cross_entropy",)
ALT = "Bar chart of the time ratio of portloss to the native call per loss on small inputs"
RESULTS = Path(__file__).resolve().parents[1] / "overhead-results.json"


def figure(portloss) -> Figure:
    rows = json.loads(RESULTS.read_text())["rows"] if RESULTS.is_file() else []
    losses = list(dict.fromkeys(r["loss"] for r in rows))
    # one bar pair per loss (every public loss has a row): the height grows with them
    fig = Figure(figsize=(7.6, max(8.0, 1.2 + 0.16 * len(losses))), layout="constrained")
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "no results: run python -m benchmarks.overhead", ha="center")
        ax.set_axis_off()
        return fig
    by = {(r["loss"], r["mode"]): r for r in rows}
    y = np.arange(len(losses))
    for k, mode in enumerate(("forward", "forward+backward")):
        ratios = [by[(n, mode)]["ratio"] if (n, mode) in by else np.nan for n in losses]
        ax.barh(y + (k - 0.5) * 0.4, ratios, 0.4, label=mode)
    kinds = [next(r["kind"] for r in rows if r["loss"] == n) for n in losses]
    for k, kind in enumerate(kinds):
        target = 1.5 if kind == "twin" else 3.0
        ax.plot([target, target], [k - 0.45, k + 0.45], color="black", lw=1.2, ls="--")
    ax.axvline(1.0, color="0.4", lw=0.8)
    ax.set_yticks(y, losses, fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.set(
        xlabel="time ratio portloss / native call (dashes: the target)",
        title="Eager call overhead on small inputs (torch CPU; NumPy for the last row)",
    )
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("overhead.png", dpi=110)
