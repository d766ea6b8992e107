"""Memory of linear cross entropy over the vocabulary size, at 4096 tokens (float32).

The dense loss's logits (and, in training, their gradient) grow with the vocabulary;
portloss's default chunk (``portloss.vocabulary.default_chunk_size``, read from the
code) is a fixed sixteenth of them, clipped to ``[2^22, 2^27]`` values. The markers are
the measured peaks beyond the inputs and gradients at 4096 x 1024 x 32000 (``python -m
benchmarks.linear_cross_entropy``, 2026-12-01, docs/large-vocabularies.md). Run
``python docs/plots/large_vocabulary.py`` to write ``large_vocabulary.png`` here.
"""

from __future__ import annotations

import importlib

import numpy as np
from matplotlib.figure import Figure

REQUIRES = ("linear_cross_entropy",)
ALT = "Memory against vocabulary size: dense logits grow, portloss's chunk stays a sixteenth"
ROWS = 4096
#: Measured peaks beyond inputs and gradients (MiB) at V = 32000, forward + backward.
MEASURED = {
    "torch-dense": 1369.0,
    "portloss-torch": 34.0,
    "optax-dense": 1027.0,
    "portloss-jax": 38.0,
}


def figure(portloss) -> Figure:
    vocabulary = importlib.import_module("portloss.vocabulary")
    classes = np.geomspace(8000, 262144, 60)
    mb = 4 / 2**20  # MiB per float32 value
    logits = ROWS * classes * mb
    chunk = np.array([vocabulary.default_chunk_size(ROWS, int(v)) for v in classes]) * mb
    fig = Figure(figsize=(7.0, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(classes, logits, label="dense logits (N x V float32)")
    ax.plot(classes, 2 * logits, ls="--", label="dense logits and their gradient")
    ax.plot(classes, 0.1 * logits, color="0.5", ls=":", label="10% of the logits (target)")
    ax.plot(classes, chunk, lw=2, label="portloss default chunk (torch: one buffer)")
    for (name, value), marker in zip(MEASURED.items(), "os^D"):
        ax.plot([32000], [value], marker, label=f"measured {name}, fwd+bwd")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set(
        xlabel="vocabulary size V",
        ylabel="MiB beyond inputs and gradients",
        title=f"Linear cross entropy memory at N = {ROWS} tokens",
    )
    ax.legend(frameon=False, fontsize=7)
    return fig


if __name__ == "__main__":
    import portloss

    figure(portloss).savefig("large_vocabulary.png", dpi=110)
