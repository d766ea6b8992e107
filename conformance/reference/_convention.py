"""The reduction of a reference under a convention: Keras' count denominator, its empty
mean of 0 and its left alignment of a lower-rank ``sample_weight``, as documented in
``portloss.conventions`` (restated here, not imported)."""

from __future__ import annotations

import numpy as np

from ._common import knobs, reduce


def reduce_as(loss, reduction, *, sample_weight=None, convention="torch", valid=None):
    """``reduce`` with the knobs of ``convention`` and Keras' reduction strings."""
    _, denominator, empty = knobs({"convention": convention})
    if reduction in ("sum_over_batch_size", "mean_with_sample_weight"):
        denominator = "count" if reduction == "sum_over_batch_size" else "weights"
        reduction, empty = "mean", "zero"
    loss = np.asarray(loss, dtype=np.float64)
    if sample_weight is not None:
        # torch's exact rank is checked by portloss; a lower rank aligns from the left
        extra = (1,) * (loss.ndim - sample_weight.ndim)
        sample_weight = np.broadcast_to(
            sample_weight.reshape(sample_weight.shape + extra), loss.shape
        )
    return reduce(
        loss, reduction, valid=valid, sample_weight=sample_weight,
        mean_denominator=denominator, empty_mean=empty,
    )  # fmt: skip
