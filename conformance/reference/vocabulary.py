"""Large-vocabulary losses written out: dense logits, then torch's cross entropy.

The logits ``input @ linear_weight.T + linear_bias`` are built whole here (the
reference is about the numbers, not the memory), capped (``softcap * tanh(z /
softcap)``), and the per-token loss is torch's per-class weighted, label-smoothed
cross entropy plus the z-loss ``z_loss * logsumexp(z)**2``.
"""

from __future__ import annotations

import numpy as np

from ._common import reduce


def linear_cross_entropy(
    input,
    linear_weight,
    target,
    *,
    linear_bias=None,
    weight=None,
    sample_weight=None,
    ignore_index=-100,
    reduction="mean",
    label_smoothing=0.0,
    z_loss=0.0,
    softcap=None,
    chunk_size=None,
):
    classes = linear_weight.shape[0]
    z = input @ linear_weight.T
    if linear_bias is not None:
        z = z + linear_bias
    if softcap is not None:
        z = softcap * np.tanh(z / softcap)
    m = z.max(axis=-1, keepdims=True)
    lse = m[..., 0] + np.log(np.exp(z - m).sum(axis=-1))
    logp = z - lse[..., None]
    w = np.ones(classes) if weight is None else weight
    valid = target != ignore_index
    safe = np.where(valid, target, 0)
    picked = np.take_along_axis(logp, safe[..., None], axis=-1)[..., 0]
    a = label_smoothing
    loss = -(1.0 - a) * w[safe] * picked - a / classes * (logp * w).sum(axis=-1)
    loss = loss + z_loss * lse * lse
    if sample_weight is not None:
        sample_weight = np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, valid=valid, sample_weight=sample_weight, mean_weight=w[safe])


REFERENCES = {"linear_cross_entropy": linear_cross_entropy}
