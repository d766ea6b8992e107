"""Cross entropy against the focal loss for several gamma, over the target probability.

Lin et al. (2017), figure 1: the focal loss scales the cross entropy by
(1 - p_t) ** gamma, so examples that are already well classified (p_t near 1) add
almost nothing. Both curves are computed by portloss on NumPy arrays.
Run ``python docs/plots/focal.py`` to write ``focal.png`` here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

REQUIRES = ("binary_cross_entropy_with_logits", "sigmoid_focal_loss")
ALT = "Cross entropy and focal loss curves over the probability of the target class"
GAMMAS = (0.5, 1.0, 2.0, 5.0)


def figure(portloss) -> Figure:
    p_t = np.linspace(0.005, 1.0, 400)
    # The logit whose sigmoid is p_t, with target 1: p_t is the target's probability.
    logits = np.log(p_t) - np.log1p(-np.minimum(p_t, 1 - 1e-12))
    target = np.ones_like(logits)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ce = portloss.binary_cross_entropy_with_logits(logits, target, reduction="none")
    ax.plot(p_t, ce, color="black", lw=2, label=r"cross entropy ($\gamma = 0$)")
    for gamma in GAMMAS:
        focal = portloss.sigmoid_focal_loss(
            logits, target, alpha=None, gamma=gamma, reduction="none"
        )
        ax.plot(p_t, focal, label=rf"focal, $\gamma = {gamma:g}$")
    ax.axvspan(0.6, 1.0, color="0.92", zorder=0)
    ax.text(0.8, 4.3, "well-classified\nexamples", ha="center", va="top", color="0.35")
    ax.set(
        xlim=(0, 1),
        ylim=(0, 5),
        xlabel=r"probability of the target class $p_t$",
        ylabel="loss",
        title=r"sigmoid_focal_loss(alpha=None, gamma=$\gamma$)",
    )
    ax.legend(frameon=False)
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("focal.png", dpi=110)
