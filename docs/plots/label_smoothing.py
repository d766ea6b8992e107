"""Label smoothing: the cross entropy over the logit gap, and where its minimum sits.

Ten classes; the target's logit is z, every other logit 0. Without smoothing the loss
keeps falling as z grows (the model is pushed to ever larger logits); with smoothing
a it has a minimum at the finite gap z* = log(1 + C (1 - a) / a), where the softmax
equals the smoothed target. The curves are portloss' cross_entropy on NumPy arrays;
the dotted lines are the closed form, which the curves' minima (dots) must meet.
Run ``python docs/plots/label_smoothing.py`` to write ``label_smoothing.png`` here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

REQUIRES = ("cross_entropy",)
ALT = "Cross entropy with label smoothing over the gap between the target logit and the others"
C = 10
RATES = (0.0, 0.05, 0.1, 0.2)


def figure(portloss) -> Figure:
    gap = np.linspace(-2.0, 16.0, 721)
    logits = np.zeros((gap.size, C))
    logits[:, 0] = gap
    labels = np.zeros(gap.size, dtype=np.int64)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    for rate in RATES:
        loss = portloss.cross_entropy(logits, labels, label_smoothing=rate, reduction="none")
        (line,) = ax.plot(gap, loss, label=f"label_smoothing={rate:g}")
        if rate > 0:
            best = np.argmin(loss)
            ax.plot(gap[best], loss[best], "o", color=line.get_color())
            ax.axvline(np.log1p(C * (1 - rate) / rate), ls=":", color=line.get_color())
    ax.set(
        xlim=(gap[0], gap[-1]),
        ylim=(0, 2.5),
        xlabel=r"logit gap $z$ (target logit $z$, the other nine 0)",
        ylabel="cross entropy",
        title=f"cross_entropy, C = {C}: the optimum gap is finite with smoothing",
    )
    ax.legend(frameon=False, loc="upper right")
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("label_smoothing.png", dpi=110)
