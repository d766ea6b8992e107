"""The one place where per-element losses, weights, ignored entries and reductions meet.

A loss computes its unreduced per-element values (with any weighting that is part of
its formula, e.g. class weights inside label smoothing) and hands them here with

- ``valid``: which entries take part (ignored targets are ``False``);
- ``sample_weight``: the caller's per-element weight, which scales each loss and its
  share of the ``mean`` denominator;
- ``mean_weight``: each entry's share of the ``mean`` denominator before the sample
  weight (torch's ``w[y]`` for class-weighted cross entropy; 1 when ``None``).

So ``mean = sum(valid * sample_weight * loss) / sum(valid * sample_weight * mean_weight)``.
"""

from __future__ import annotations

from typing import Any

from ._namespace import to_dtype

__all__ = ["reduce_loss"]

EMPTY_MEANS = ("nan", "zero")


def reduce_loss(
    xp: Any,
    loss: Any,
    /,
    *,
    reduction: str,
    valid: Any = None,
    sample_weight: Any = None,
    mean_weight: Any = None,
    empty_mean: str = "nan",
) -> Any:
    """Apply ``valid``, ``sample_weight`` and ``reduction`` to the per-element ``loss``.

    ``empty_mean`` says what a mean whose denominator is zero returns (an all-ignored
    or zero-size batch, or all-zero weights): ``"nan"`` as torch (0/0), ``"zero"`` as
    Keras. Returned values have ``loss``'s dtype.
    """
    dtype = loss.dtype
    if sample_weight is not None:
        sample_weight = to_dtype(xp, sample_weight, dtype)
        loss = loss * sample_weight
    if valid is not None:
        # where, not multiply: an ignored entry's loss may be inf/NaN and must not leak.
        loss = xp.where(valid, loss, xp.zeros_like(loss))
    if reduction == "none":
        return loss
    total = xp.sum(loss)
    if reduction == "sum":
        return total
    if reduction != "mean":  # the public function validated it; this guards new callers
        raise ValueError(f"reduction must be 'none', 'mean' or 'sum', got {reduction!r}")

    share = xp.ones_like(loss) if mean_weight is None else to_dtype(xp, mean_weight, dtype)
    if sample_weight is not None:
        share = share * sample_weight
    if valid is not None:
        share = xp.where(valid, share, xp.zeros_like(share))
    if tuple(share.shape) != tuple(loss.shape):
        share = xp.broadcast_to(share, loss.shape)
    denominator = xp.sum(share)
    return _divide(xp, total, denominator, empty_mean)


def _divide(xp: Any, total: Any, denominator: Any, empty_mean: str) -> Any:
    empty = denominator == 0
    # Double where: the untaken branch divides by 1, so its gradient stays finite.
    ratio = total / xp.where(empty, xp.ones_like(denominator), denominator)
    fill = xp.nan if empty_mean == "nan" else 0.0
    return xp.where(empty, xp.full_like(ratio, fill), ratio)
