"""Dice, Jaccard and Tversky losses over the overlap of a prediction with its target.

A 1-D image of 200 pixels whose object covers the first 40. Left: the predicted mask
grows past the object (false positives only); right: it shrinks inside it (false
negatives only). The x axis is the intersection over union of the two masks. Tversky
with alpha=0.3, beta=0.7 (false negatives weigh more) punishes the right-hand case
harder than the left-hand one; Dice (alpha = beta = 0.5) treats them alike. Every value
is computed by portloss on NumPy arrays.
Run ``python docs/plots/overlap.py`` to write ``overlap.png`` here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

REQUIRES = ("dice_loss", "tversky_loss")
ALT = "Dice, Jaccard and Tversky losses over the overlap of a predicted mask and its target"
PIXELS, OBJECT = 200, 40


def _masks(stop: np.ndarray) -> np.ndarray:
    """One (N, PIXELS, 1) batch of hard masks covering pixels [0, stop)."""
    return (np.arange(PIXELS)[None, :] < stop[:, None]).astype(float)[..., None]


def figure(portloss) -> Figure:
    fig = Figure(figsize=(8.6, 3.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    cases = (
        ("prediction too large: false positives", np.arange(OBJECT, PIXELS + 1)),
        ("prediction too small: false negatives", np.arange(OBJECT, 3, -1)),
    )
    for ax, (title, stop) in zip(axes, cases):
        pred = _masks(stop)
        target = np.broadcast_to(_masks(np.array([OBJECT])), pred.shape)
        inter = np.minimum(stop, OBJECT)
        iou = inter / (np.maximum(stop, OBJECT))
        curves = {
            "dice_loss": portloss.dice_loss(pred, target, reduction="none"),
            "tversky_loss(alpha=0.3, beta=0.7)": portloss.tversky_loss(
                pred, target, alpha=0.3, beta=0.7, reduction="none"
            ),
            "tversky_loss(alpha=0.7, beta=0.3)": portloss.tversky_loss(
                pred, target, alpha=0.7, beta=0.3, reduction="none"
            ),
        }
        if hasattr(portloss, "jaccard_loss"):
            curves["jaccard_loss"] = portloss.jaccard_loss(pred, target, reduction="none")
        for label, values in curves.items():
            ax.plot(iou, values[:, 0], label=label)
        ax.set(xlim=(1, 0.1), ylim=(0, 1), xlabel="intersection over union", title=title)
    axes[0].set_ylabel("loss")
    axes[1].legend(frameon=False, fontsize="small")
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("overlap.png", dpi=110)
