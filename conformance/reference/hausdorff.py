"""The erosion-based soft Hausdorff loss written out from Karimi & Salcudean (2019) and
the reference code kornia refactored: the cross kernel as an explicit zero-padded
stencil, a loop over the erosions, float64 NumPy."""

from __future__ import annotations

import numpy as np

from ._common import reduce


def _cross(b, spatial):
    padded = np.pad(b, [(1, 1) if a in spatial else (0, 0) for a in range(b.ndim)])
    inner = tuple(slice(1, -1) if a in spatial else slice(None) for a in range(b.ndim))
    total = padded[inner].copy()
    for a in spatial:
        for step in (0, 2):
            sl = list(inner)
            sl[a] = slice(step, step + b.shape[a])
            total = total + padded[tuple(sl)]
    return total / (1 + 2 * len(spatial))


def hausdorff_erosion_loss(
    input,
    target,
    *,
    iterations=10,
    alpha=2.0,
    from_logits=False,
    activation=None,
    axis=-1,
    sample_weight=None,
    reduction="mean",
):
    axis = axis % input.ndim
    x = input.astype(np.float64)
    if from_logits:
        if (activation or ("softmax" if x.shape[axis] > 1 else "sigmoid")) == "softmax":
            e = np.exp(x - x.max(axis=axis, keepdims=True))
            x = e / e.sum(axis=axis, keepdims=True)
        else:
            x = 1 / (1 + np.exp(-x))
    if target.shape == input.shape:
        t = target.astype(np.float64)
    else:
        t = np.moveaxis(np.eye(x.shape[axis])[target], -1, axis)
    spatial = tuple(a for a in range(x.ndim) if a not in (0, axis))
    bound = (x - t) ** 2
    loss = np.zeros_like(bound)
    for k in range(1, iterations + 1):
        e = np.maximum(_cross(bound, spatial) - 0.5, 0.0)
        lo, hi = e.min(axis=spatial, keepdims=True), e.max(axis=spatial, keepdims=True)
        bound = np.where(hi > lo, (e - lo) / np.where(hi > lo, hi - lo, 1.0), e)
        loss = loss + bound * k**alpha
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


REFERENCES = {"hausdorff_erosion_loss": hausdorff_erosion_loss}
