"""Sigmoid cross entropy terms of logits, shared by the binary, focal and margin losses."""

from __future__ import annotations

from typing import Any

from .._namespace import scalar
from .._primitives import sigmoid_cross_entropy, softplus, stop_gradient

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


__all__ += ["LOG_CLAMP", "bce_terms", "clamped_log", "clamped_log1m"]

#: torch clamps each log of binary_cross_entropy at -100.
LOG_CLAMP = -100.0
_TORCH_EPSILON = 1e-12  # torch's binary_cross_entropy_backward denominator floor


def bce_terms(
    xp: Any, x: Any, y: Any, /, *, from_logits: bool, clip: float, pos_weight: Any = None
) -> Any:
    """The per-element binary cross entropy of logits or of probabilities.

    Logits: the stable form (``clip`` unused). Probabilities: with ``clip > 0`` Keras'
    (``p`` clipped to ``[clip, 1 - clip]``; a ``p`` outside ``[0, 1]`` gives NaN, not
    the clipped value's finite loss), with ``clip == 0`` torch's logs clamped at -100.
    """
    if from_logits:
        return bce_logits_terms(xp, logits=x, target=y, pos_weight=pos_weight)
    if clip > 0.0:
        loss = bce_probability_terms(xp, probs=x, target=y, epsilon=clip, pos_weight=pos_weight)
        outside = (x < 0.0) | (x > 1.0)
        return xp.where(outside, xp.full_like(loss, xp.nan), loss)
    log_p = clamped_log(xp, x)
    if pos_weight is not None:
        log_p = pos_weight * log_p
    # torch's (y - 1) log(1 - p) - y log p: bit for bit -(y log p + (1 - y) log(1 - p)),
    # one operation fewer (eager cost is per operation).
    return (y - 1.0) * clamped_log1m(xp, x) - y * log_p


def clamped_log(xp: Any, p: Any) -> Any:
    """``max(log p, -100)`` as torch, NaN for ``p < 0``, and a zero gradient at ``p = 0``.

    ``p == 0`` is swapped for a constant below ``exp(-100)`` (1e-44, still a float32
    subnormal; a device that flushes it to 0 gets ``-inf``, clamped all the same), so
    no log of 0 is taken and the ``where`` keeps its infinite slope out of the gradient.
    """
    tiny = scalar(xp, 1e-44, p)
    log_p = xp.clip(xp.log(xp.where(p == 0, tiny, p)), min=LOG_CLAMP)
    # The slope 1/p overflows float32 below ~3e-39. torch's backward divides by
    # max(p (1 - p), 1e-12); here the slope of log p is capped the same way: below
    # p = 1e-12 it is 1e12 (a straight-through term; the value stays log p).
    steep = (p < _TORCH_EPSILON) & (log_p > LOG_CLAMP)
    capped = stop_gradient(xp, log_p) + (p - stop_gradient(xp, p)) * (1.0 / _TORCH_EPSILON)
    return xp.where(steep, capped, log_p)


def clamped_log1m(xp: Any, p: Any) -> Any:
    """``max(log1p(-p), -100)`` as torch, NaN for ``p > 1``, a zero gradient at ``p = 1``.

    Double ``where``: ``p == 1`` reads ``log1p(-0)`` and then takes the clamp value.
    """
    one = p == 1
    # clip, not maximum with a scalar: clip takes a Python bound in every revision and
    # array-api-compat's maximum on torch breaks a torch.compile graph (result_type).
    # (Its value never binds below p == 1; it keeps a zero slope where p > 1.)
    log_q = xp.clip(xp.log1p(-xp.where(one, scalar(xp, 0.0, p), p)), min=LOG_CLAMP)
    return xp.where(one, scalar(xp, LOG_CLAMP, p), log_q)
