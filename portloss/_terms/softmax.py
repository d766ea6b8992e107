"""Softmax cross entropy terms, shared by the classification and focal losses.

The smoothed target is ``keep * t + off`` (``t`` the target distribution, one-hot for
class indices); :func:`smoothing_coefficients` gives ``(keep, off)``. ``mode`` is the
``class_weight_mode`` (see :mod:`portloss.conventions`). Each engine returns the
per-element loss and its share of a weighted mean, for ``reduce_loss``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._primitives import (
    as_index,
    broadcast_along,
    class_dot,
    gather_class,
    log_softmax,
    log_softmax_at,
    logsumexp,
    take_weights,
)

__all__ = [
    "index_terms_from_log_probs",
    "index_terms_from_logits",
    "probability_terms",
    "smoothing_coefficients",
]


def smoothing_coefficients(
    *, label_smoothing: float, variant: str, num_classes: int, axis: int
) -> tuple[float, float]:
    """``(keep, off)`` such that the smoothed target is ``keep * t + off``.

    ``t`` is the target distribution (one-hot for index targets). "uniform":
    ``(1 - a, a / C)``; "others": ``1 - a`` on the target and ``a / (C - 1)``
    elsewhere, i.e. ``(1 - a - a / (C - 1), a / (C - 1))``.
    """
    a = label_smoothing
    if a == 0.0:
        return 1.0, 0.0
    if variant == "uniform":
        return 1.0 - a, a / num_classes
    if num_classes < 2:
        raise ValueError(
            f"smoothing_variant='others' spreads label_smoothing over the other classes "
            f"and needs at least 2 classes, got input with {num_classes} class along "
            f"axis {axis}; use smoothing_variant='uniform' or label_smoothing=0"
        )
    off = a / (num_classes - 1)
    return 1.0 - a - off, off


def index_terms_from_logits(
    xp: Any,
    /,
    *,
    logits: Any,
    target: Any,
    weight: Any,
    ignore_index: int,
    keep: float,
    off: float,
    axis: int,
    mode: str,
) -> tuple[Any, Any, Any]:
    """Per-element loss, validity mask and mean share of class-index ``target`` under
    the softmax of ``logits`` along ``axis``.

    Without smoothing only the target's log-probability is needed: the fused primitive
    never materializes the log-softmax (issue 8).
    """
    if off > 0.0:
        log_probs = log_softmax(xp, logits, axis=axis)
        return index_terms_from_log_probs(
            xp,
            log_probs=log_probs,
            target=target,
            weight=weight,
            ignore_index=ignore_index,
            keep=keep,
            off=off,
            axis=axis,
            mode=mode,
        )
    return _index_terms(
        xp,
        pick=lambda safe: log_softmax_at(xp, logits, safe, axis=axis),
        log_probs=None,
        num_classes=logits.shape[axis],
        target=target,
        weight=weight,
        ignore_index=ignore_index,
        keep=keep,
        off=off,
        axis=axis,
        mode=mode,
    )


def index_terms_from_log_probs(
    xp: Any,
    /,
    *,
    log_probs: Any,
    target: Any,
    weight: Any,
    ignore_index: int,
    keep: float,
    off: float,
    axis: int,
    mode: str,
    summed: Any = None,
) -> tuple[Any, Any, Any]:
    """Per-element loss, validity mask and mean share of class-index ``target`` under
    ``log_probs`` (log-probabilities, or per-class terms that stand in for them).

    ``summed`` (default ``log_probs``) are the per-class terms that label smoothing
    sums over: optax's ``where`` reads the target's term from ``log_probs`` and sums
    only the kept classes."""
    return _index_terms(
        xp,
        pick=lambda safe: gather_class(xp, log_probs, safe, axis=axis),
        log_probs=log_probs if summed is None else summed,
        num_classes=log_probs.shape[axis],
        target=target,
        weight=weight,
        ignore_index=ignore_index,
        keep=keep,
        off=off,
        axis=axis,
        mode=mode,
    )


def _index_terms(
    xp: Any,
    /,
    *,
    pick: Callable[[Any], Any],
    log_probs: Any,
    num_classes: int,
    target: Any,
    weight: Any,
    ignore_index: int,
    keep: float,
    off: float,
    axis: int,
    mode: str,
) -> tuple[Any, Any, Any]:
    """The index-target engine; ``pick(safe)`` reads ``log p`` at the class indices
    ``safe``, and ``log_probs`` (the full log-probabilities) is only read when
    ``off > 0``."""
    target = as_index(xp, target)
    valid = target != ignore_index
    # Ignored and out-of-range entries read a class in range, then get masked below.
    safe = xp.clip(target, 0, max(num_classes - 1, 0))
    in_range = safe == target
    smoothing = off > 0.0
    loss = -pick(safe)
    mean_weight = None if weight is None else take_weights(xp, weight, safe)
    if mode == "per_class":
        # torch: every class term carries its own weight; the share is w[y].
        if mean_weight is not None:
            loss = mean_weight * loss
        if smoothing:
            if weight is None:
                total = xp.sum(log_probs, axis=axis)
            else:
                total = class_dot(xp, log_probs, weight, axis=axis)
            loss = keep * loss + off * -total
    else:
        # Keras / Paddle: the unweighted smoothed cross entropy times a sample weight.
        if smoothing:
            loss = keep * loss + off * -xp.sum(log_probs, axis=axis)
        if mean_weight is not None:
            if mode == "smoothed_target" and smoothing:
                # sum_c w_c y'_c with y' = keep * onehot + off
                mean_weight = keep * mean_weight + off * xp.sum(weight)
            loss = mean_weight * loss
    # A class outside [0, C) has no defined loss: NaN rather than a finite wrong number.
    # Ignored entries keep a finite value: a NaN there would reach the gradient of
    # sample_weight (0 * NaN) through reduce_loss's product before its mask.
    loss = xp.where(in_range | ~valid, loss, xp.full_like(loss, xp.nan))
    return loss, valid, mean_weight


def probability_terms(
    xp: Any,
    /,
    *,
    log_probs: Any,
    target: Any,
    weight: Any,
    keep: float,
    off: float,
    axis: int,
    mode: str,
) -> tuple[Any, Any]:
    """Per-element loss and mean share of class-probability ``target`` under
    ``log_probs`` (or per-class terms that stand in for them)."""
    smoothed = keep * target + off if off > 0.0 else target
    terms = smoothed * log_probs
    if weight is None:
        return -xp.sum(terms, axis=axis), None
    w = broadcast_along(xp, weight, axis=axis, ndim=log_probs.ndim)
    if mode == "per_class":
        # torch: weights inside the sum, and the mean divides by the number of samples.
        return -xp.sum(terms * w, axis=axis), None
    if mode == "hard_target":
        # Keras turns class_weight into a sample weight from the argmax of the target.
        share = take_weights(xp, weight, as_index(xp, xp.argmax(target, axis=axis)))
    else:
        share = xp.sum(smoothed * w, axis=axis)
    return share * -xp.sum(terms, axis=axis), share


# Appended for the large-vocabulary losses (issue 22).
__all__ += ["linear_row_loss", "softcap_logits", "z_loss_term"]


def softcap_logits(xp: Any, x: Any, /, *, softcap: float | None) -> Any:
    """Gemma 2's soft cap ``c * tanh(x / c)`` (``x`` itself when ``softcap`` is None)."""
    if softcap is None:
        return x
    return softcap * xp.tanh(x / softcap)


def z_loss_term(xp: Any, logits: Any, /, *, coef: float, axis: int) -> Any:
    """PaLM's auxiliary loss ``coef * logsumexp(logits)**2`` along ``axis``."""
    lse = logsumexp(xp, logits, axis=axis)
    return coef * (lse * lse)


def linear_row_loss(
    xp: Any,
    /,
    *,
    lse: Any,
    picked: Any,
    weighted_sum: Any,
    target_weight: Any,
    weight_total: float | Any,
    keep: float,
    off: float,
    z_loss: float,
) -> Any:
    """Per-row cross entropy from its sufficient statistics over the classes.

    ``lse = logsumexp_v z_v``, ``picked = z_y``, ``weighted_sum = sum_v w_v z_v`` (read
    only with smoothing), ``target_weight = w_y`` (None: 1) and ``weight_total =
    sum_v w_v``; the loss is torch's per-class weighted smoothed cross entropy
    ``keep * w_y (lse - z_y) + off * (W lse - sum_v w_v z_v)`` plus the z-loss
    ``z_loss * lse**2``. A blocked sweep over the classes gathers these statistics
    without holding a row's logits.
    """
    loss = lse - picked
    if target_weight is not None:
        loss = target_weight * loss
    if off > 0.0:
        loss = keep * loss + off * (weight_total * lse - weighted_sum)
    if z_loss > 0.0:
        loss = loss + z_loss * (lse * lse)
    return loss
