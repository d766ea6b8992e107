"""The one place where per-element losses, weights, ignored entries and reductions meet.

A loss computes its unreduced per-element values (with any weighting that is part of
its formula, e.g. class weights inside label smoothing) and hands them here with

- ``valid``: which entries take part (ignored targets are ``False``);
- ``sample_weight``: the caller's per-element weight, which scales each loss and its
  share of the ``mean`` denominator;
- ``mean_weight``: each entry's share of the ``mean`` denominator before the sample
  weight (torch's ``w[y]`` for class-weighted cross entropy; 1 when ``None``).

and, for ``reduction="mean"``, two knobs: what the mean divides by and what a mean over
nothing returns.

- ``mean_denominator="weights"`` (default, torch and Paddle)::

      mean = sum(valid * sample_weight * loss) / sum(valid * sample_weight * mean_weight)

- ``mean_denominator="count"`` (Keras' ``"sum_over_batch_size"``)::

      mean = sum(valid * sample_weight * loss) / sum(valid * mask)

  the number of entries that take part: ``mean_weight`` and numeric sample weights do
  not enter it, a *boolean* ``sample_weight`` is a mask (``mask``) and does.
- ``empty_mean``: what a mean with a zero denominator returns, ``"nan"`` (torch) or
  ``"zero"`` (Keras, Paddle).

The knobs are resolved from a convention in :mod:`portloss.conventions`: a loss
resolves ``conv = resolve_loss_convention(convention, reduction, ...)`` once and passes
``conv=conv``, which also brings Keras' per-sample mean over the last axis of an
elementwise loss (``elementwise=True``, ``last_axis="mean"``) and its left alignment
of a lower-rank ``sample_weight``. A loss never reduces by itself.
"""

from __future__ import annotations

import math
from typing import Any

from ._checks import check_sample_weight
from ._namespace import to_dtype
from ._primitives import divide_by_count, safe_divide
from .conventions import EMPTY_MEANS, KERAS_REDUCTIONS, MEAN_DENOMINATORS

__all__ = ["reduce_loss"]


def reduce_loss(
    xp: Any,
    loss: Any,
    /,
    *,
    reduction: str | None = None,
    valid: Any = None,
    sample_weight: Any = None,
    mean_weight: Any = None,
    mean_denominator: str = "weights",
    empty_mean: str = "nan",
    dtype: Any = None,
    conv: Any = None,
    elementwise: bool = False,
) -> Any:
    """Apply ``valid``, ``sample_weight`` and ``reduction`` to the per-element ``loss``.

    With ``conv`` (a resolved :class:`~portloss.conventions.Convention`), its
    ``reduction``, ``mean_denominator`` and ``empty_mean`` are used instead of the
    keywords; an ``elementwise`` loss is first averaged over its last axis where
    ``conv.last_axis == "mean"`` (Keras' per-sample loss), and a lower-rank
    ``sample_weight`` is aligned from the left where ``conv`` says so (Keras).
    The result has ``loss``'s dtype, or ``dtype`` where given (a loss computed in a
    wider dtype than its input's returns the input's: pass ``dtype=input.dtype``).
    The other options are those of :func:`_reduce`.
    """
    if (
        conv is not None
        and valid is None
        and sample_weight is None
        and mean_weight is None
        and not (elementwise and conv.last_axis == "mean")
    ):
        # The common call (no weights, nothing ignored): the sum, or the sum over the
        # static element count, with none of the general path's Python.
        out = _plain(xp, loss, conv.reduction, conv.empty_mean)
        if out is not None:
            return out if dtype is None or out.dtype == dtype else xp.astype(out, dtype)
    if conv is not None:
        reduction = conv.reduction
        mean_denominator, empty_mean = conv.mean_denominator, conv.empty_mean
        if elementwise and conv.last_axis == "mean" and loss.ndim >= 1:
            loss, valid, mean_weight = _mean_last_axis(xp, loss, valid, mean_weight)
        if sample_weight is not None:
            check_sample_weight(xp, sample_weight, tuple(loss.shape), conv=conv)
            if sample_weight.ndim < loss.ndim:
                extra = (1,) * (loss.ndim - sample_weight.ndim)
                sample_weight = xp.reshape(sample_weight, (*sample_weight.shape, *extra))
    elif reduction in KERAS_REDUCTIONS:
        mean_denominator, empty_mean = KERAS_REDUCTIONS[reduction], "zero"
        reduction = "mean"
    if reduction is None:
        raise TypeError("reduce_loss needs reduction= or conv=")
    out = _reduce(
        xp,
        loss,
        reduction=reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        mean_denominator=mean_denominator,
        empty_mean=empty_mean,
    )
    return out if dtype is None else to_dtype(xp, out, dtype)


def _plain(xp: Any, loss: Any, reduction: str, empty_mean: str) -> Any:
    """``_reduce`` without weights or ``valid``; ``None`` where that needs the general path."""
    if reduction == "none" or loss.ndim == 0:  # a 0-d loss is its own sum and mean
        return loss
    if reduction == "sum":
        return xp.sum(loss)
    count = math.prod(loss.shape)
    if reduction != "mean" or count == 0 or math.isnan(count):
        return None
    # The libraries' mean is their sum divided by the count (the same float32 and
    # float64 bits), in one call: a division by a Python number is an extra eager
    # operation, and one of the costlier ones on small torch tensors.
    return xp.mean(loss)


def _mean_last_axis(xp: Any, loss: Any, valid: Any, mean_weight: Any) -> tuple[Any, Any, Any]:
    """Keras' per-sample loss: the mean over the last axis of an elementwise loss.

    Entries that take no part count as 0 in their row's mean (Keras' masked zeros);
    a row takes part where any of its entries does.
    """
    size = loss.shape[-1]
    if valid is not None:
        valid = xp.broadcast_to(valid, loss.shape)
        loss = xp.sum(xp.where(valid, loss, xp.zeros_like(loss)), axis=-1) / size
        valid = xp.any(valid, axis=-1)
    else:
        loss = xp.mean(loss, axis=-1)
    if mean_weight is not None:
        mean_weight = to_dtype(xp, mean_weight, loss.dtype)
        shape = (*loss.shape, size)
        mean_weight = xp.mean(xp.broadcast_to(mean_weight, shape), axis=-1)
    return loss, valid, mean_weight


def _reduce(
    xp: Any,
    loss: Any,
    /,
    *,
    reduction: str,
    valid: Any,
    sample_weight: Any,
    mean_weight: Any,
    mean_denominator: str,
    empty_mean: str,
) -> Any:
    """Apply ``valid``, ``sample_weight`` and ``reduction`` to the per-element ``loss``.

    ``mean_denominator`` says what a mean divides by: ``"weights"`` the sum of the
    applied weights ``valid * sample_weight * mean_weight`` (torch), ``"count"`` the
    number of entries that take part, ``valid`` and a boolean ``sample_weight``
    counting as masks and every other weight left out (Keras).
    ``empty_mean`` says what a mean whose denominator is zero returns (an all-ignored
    or zero-size batch, or all-zero weights): ``"nan"`` as torch (0/0), ``"zero"`` as
    Keras. Returned values have ``loss``'s dtype.
    """
    # Guards for new callers; public losses validated these already.
    if mean_denominator not in MEAN_DENOMINATORS:
        raise ValueError(f"mean_denominator must be 'weights' or 'count', got {mean_denominator!r}")
    if empty_mean not in EMPTY_MEANS:
        raise ValueError(f"empty_mean must be 'nan' or 'zero', got {empty_mean!r}")
    is_mask = sample_weight is not None and xp.isdtype(sample_weight.dtype, "bool")
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

    unweighted = mean_weight is None or mean_denominator == "count"
    unmasked = sample_weight is None or (mean_denominator == "count" and not is_mask)
    count = math.prod(loss.shape)
    if valid is None and unweighted and unmasked and not math.isnan(count):
        # Every entry counts once: the denominator is the (static) element count, with
        # no array of ones to build and sum.
        if count == 0:  # total is the empty sum, 0, and keeps the autograd graph
            return total if empty_mean == "zero" else total + xp.nan
        return total / count
    if valid is not None and unweighted and unmasked and valid.shape == loss.shape:
        # The number of entries that take part. When it is 0, ``total`` is 0 and
        # ``valid`` masked every entry, so no gradient reaches the division either.
        count_valid = xp.sum(to_dtype(xp, valid, dtype))
        return divide_by_count(xp, total, count_valid, empty_nan=empty_mean == "nan")
    if mean_denominator == "count":
        share = xp.ones_like(loss)
        if is_mask:
            share = share * sample_weight
    else:
        share = xp.ones_like(loss) if mean_weight is None else to_dtype(xp, mean_weight, dtype)
        if sample_weight is not None:
            share = share * sample_weight
    if valid is not None:
        share = xp.where(valid, share, xp.zeros_like(share))
    if tuple(share.shape) != tuple(loss.shape):
        share = xp.broadcast_to(share, loss.shape)
    denominator = xp.sum(share)
    return safe_divide(xp, total, denominator, fill=xp.nan if empty_mean == "nan" else 0.0)
