"""The decision margin of ArcFace and CosFace against the plain normalised softmax.

A 2-D toy: two class centres at 0 and 90 degrees, unit embeddings at every angle
between them. Each curve is the probability a loss gives the embedding's own class,
exp(-loss), for class 0 (solid) and class 1 (dashed); where a pair of curves crosses
0.5 is that class's decision boundary. Softmax's two boundaries meet at 45 degrees;
a margin pulls each class's boundary towards its own centre, leaving a gap between
them (ArcFace: a constant angle, CosFace: a constant cosine). All numbers are
portloss's on NumPy arrays. Run ``python docs/plots/margins.py`` to write
``margins.png`` here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

REQUIRES = ("arcface_loss", "cosface_loss")
ALT = "Probability of the own class over the angle of a 2-D embedding: softmax, CosFace, ArcFace"
SCALE = 16.0


def figure(portloss) -> Figure:
    degrees = np.linspace(0.0, 90.0, 361)
    phi = np.radians(degrees)
    e = np.stack([np.cos(phi), np.sin(phi)], axis=1)
    centres = np.eye(2)
    curves = {
        "softmax": lambda y: portloss.cosface_loss(
            e, centres, y, scale=SCALE, margin=0.0, reduction="none"
        ),
        "CosFace, m = 0.35": lambda y: portloss.cosface_loss(
            e, centres, y, scale=SCALE, margin=0.35, reduction="none"
        ),
        "ArcFace, m = 0.5": lambda y: portloss.arcface_loss(
            e, centres, y, scale=SCALE, margin=0.5, reduction="none"
        ),
    }
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    for (label, loss), color in zip(curves.items(), ("black", "tab:blue", "tab:red"), strict=True):
        for cls, style in ((0, "-"), (1, "--")):
            y = np.full(len(e), cls)
            ax.plot(
                degrees, np.exp(-loss(y)), style, color=color, label=label if cls == 0 else None
            )
    ax.axhline(0.5, color="0.8", lw=0.8, zorder=0)
    ax.set(
        xlim=(0, 90),
        ylim=(0, 1.02),
        xlabel="angle of the embedding (degrees); class centres at 0 and 90",
        ylabel="probability of its own class",
        title=f"scale s = {SCALE:g}; solid: class 0, dashed: class 1",
    )
    ax.legend(frameon=False, loc="center left")
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("margins.png", dpi=110)
