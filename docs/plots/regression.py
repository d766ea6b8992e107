"""Regression losses over the error, and their slopes.

L1, MSE, Huber (delta=1), smooth L1 (beta=1) and log-cosh, each computed elementwise
(``reduction="none"``) by portloss on NumPy arrays; the slope is the finite difference
of those values. Huber and smooth L1 coincide for delta = beta = 1.
Run ``python docs/plots/regression.py`` to write ``regression.png`` here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

REQUIRES = ("l1_loss", "mse_loss", "huber_loss", "smooth_l1_loss", "log_cosh_loss")
ALT = "L1, MSE, Huber, smooth L1 and log-cosh losses and their slopes over the error"


def figure(portloss) -> Figure:
    error = np.linspace(-3.0, 3.0, 601)
    zero = np.zeros_like(error)
    curves = {
        "l1_loss": (portloss.l1_loss(error, zero, reduction="none"), "-"),
        "mse_loss": (portloss.mse_loss(error, zero, reduction="none"), "-"),
        "huber_loss(delta=1)": (portloss.huber_loss(error, zero, reduction="none"), "-"),
        "smooth_l1_loss(beta=1)": (
            portloss.smooth_l1_loss(error, zero, beta=1.0, reduction="none"),
            "--",
        ),
        "log_cosh_loss": (portloss.log_cosh_loss(error, zero, reduction="none"), "-"),
    }
    fig = Figure(figsize=(8.6, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    for label, (values, style) in curves.items():
        left.plot(error, values, style, label=label)
        right.plot(error, np.gradient(values, error), style, label=label)
    left.set(ylim=(0, 4), xlabel="error  input - target", ylabel="loss", title="loss")
    right.set(ylim=(-3.2, 3.2), xlabel="error  input - target", ylabel="slope", title="slope")
    left.legend(frameon=False, fontsize="small")
    for ax in (left, right):
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_xlim(error[0], error[-1])
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("regression.png", dpi=110)
