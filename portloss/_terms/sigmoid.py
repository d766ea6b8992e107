"""Sigmoid cross entropy terms of logits, shared by the binary, focal and margin losses."""

from __future__ import annotations

from typing import Any

from .._namespace import scalar
from .._primitives import sigmoid_cross_entropy, softplus

__all__ = ["bce_logits_terms"]


def bce_logits_terms(xp: Any, /, *, logits: Any, target: Any, pos_weight: Any = None) -> Any:
    """torch's ``(1 - y) x + (1 + (v - 1) y) softplus(-x)`` per element.

    ``x`` are the logits, ``y`` the target probabilities and ``v`` the ``pos_weight``
    (``v = 1``, the plain sigmoid cross entropy, when it is ``None``).
    """
    if pos_weight is None:
        return sigmoid_cross_entropy(xp, logits, target)
    sp = (1.0 + (pos_weight - 1.0) * target) * softplus(xp, -logits)
    return (1.0 - target) * logits + sp


__all__ += ["bce_probability_terms", "focal_factor"]


def bce_probability_terms(
    xp: Any, /, *, probs: Any, target: Any, epsilon: float, pos_weight: Any = None
) -> Any:
    """Keras' ``-(v y log p + (1 - y) log(1 - p))`` with ``p`` clipped to ``[eps, 1 - eps]``.

    ``maximum``/``minimum`` rather than ``clip``: the standard has them propagate NaN.
    A clipped ``p`` has gradient 0, as Keras' (and ``clip``'s) has.
    """
    p = xp.minimum(xp.maximum(probs, scalar(xp, epsilon, probs)), scalar(xp, 1.0 - epsilon, probs))
    positive = xp.log(p) if pos_weight is None else pos_weight * xp.log(p)
    return -(target * positive + (1.0 - target) * xp.log1p(-p))


def focal_factor(xp: Any, q: Any, /, *, gamma: float, threshold: float | None = None) -> Any:
    """``q ** gamma`` of ``q = 1 - p_t``, or smp's reduced focal factor.

    With a ``threshold`` ``t``: ``(q / t) ** gamma`` where ``p_t >= t``, 1 where
    ``p_t < t`` (segmentation_models_pytorch's ``reduced_threshold``). For
    ``gamma < 1`` a subnormal or zero ``q`` takes the factor 0 with gradient 0: the slope
    ``gamma q ** (gamma - 1)`` would overflow there (double ``where``).
    """
    scaled = q if threshold is None else q / threshold
    if gamma == 0.0:
        factor = xp.ones_like(q)
    elif gamma >= 1.0:
        factor = scaled**gamma
    else:
        normal = q >= xp.finfo(q.dtype).smallest_normal
        safe = xp.where(normal, scaled, xp.ones_like(q))
        factor = xp.where(normal, safe**gamma, xp.zeros_like(q))
    if threshold is None:
        return factor
    # p_t < t, i.e. q > 1 - t: the unreduced loss; NaN stays NaN through the where's
    # false branch (a NaN comparison is False).
    return xp.where(q > 1.0 - threshold, xp.ones_like(q), factor)
