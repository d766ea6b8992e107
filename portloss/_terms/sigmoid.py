"""Sigmoid cross entropy terms of logits, shared by the binary, focal and margin losses."""

from __future__ import annotations

from typing import Any

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
