"""Distances and similarities between the rows of two embedding matrices, and the label
masks and masked extrema that batch mining needs (shared by the metric-learning losses
and any family that compares embeddings pairwise).

Everything works on whole ``(N, M)`` matrices with masks: no boolean indexing, no
data-dependent shapes, so it runs under ``jax.jit`` and lazily on Dask.
"""

from __future__ import annotations

import math
from typing import Any

from .._backends import device, stop_gradient
from .._primitives import l2_norm, pow2_scale, relu

__all__ = [
    "DISTANCE_METRICS",
    "distance_matrix",
    "identity_mask",
    "label_masks",
    "masked_max",
    "masked_min",
    "unit_rows",
]

DISTANCE_METRICS = ("euclidean", "squared", "cosine")


def unit_rows(xp: Any, x: Any, /, *, eps: float) -> Any:
    """``x / max(||x||, eps)`` along the last axis (``F.normalize``'s floor).

    The norm is scaled by a power of two before squaring, so float32 rows with norms up
    to the dtype's maximum neither overflow nor underflow.
    """
    norm = l2_norm(xp, x, axis=-1, keepdims=True)
    return x / xp.where(norm < eps, xp.full_like(norm, eps), norm)


def _common_scale(xp: Any, x: Any, y: Any) -> Any:
    # One power of two near the largest entry of both matrices (a constant for autodiff):
    # the Gram matrix of x / g and y / g cannot overflow, and multiplying by g is exact.
    if 0 in x.shape or 0 in y.shape:
        return xp.ones((1, 1), dtype=x.dtype)
    gx = xp.max(pow2_scale(xp, x, axis=-1), axis=0, keepdims=True)
    gy = xp.max(pow2_scale(xp, y, axis=-1), axis=0, keepdims=True)
    return stop_gradient(xp, xp.maximum(gx, gy))


def identity_mask(xp: Any, n: int, like: Any, /) -> Any:
    """The ``(n, n)`` boolean identity, on ``like``'s device."""
    idx = xp.arange(n, device=device(like))
    return xp.expand_dims(idx, axis=1) == xp.expand_dims(idx, axis=0)


def distance_matrix(xp: Any, x: Any, y: Any, /, *, metric: str, eps: float, same: bool) -> Any:
    """The ``(N, M)`` matrix of distances between the rows of ``x`` and ``y``.

    ``"squared"`` and ``"euclidean"`` use the Gram form
    ``|x_i|^2 + |y_j|^2 - 2 x_i . y_j`` on rows divided by one common power of two
    (no float32 overflow up to the dtype's maximum), clamped at 0 (rounding can make it
    slightly negative; NaN is kept). ``same`` says ``y`` is ``x``: the diagonal is then
    exactly 0. The square root has a finite gradient (0) at a zero distance: double
    where, so sqrt's infinite slope at 0 never meets the chain rule. ``"cosine"`` is
    ``1 - u_i . v_j`` on rows normalised with norm floor ``eps``.
    """
    if metric == "cosine":
        u, v = unit_rows(xp, x, eps=eps), unit_rows(xp, y, eps=eps)
        d = 1.0 - xp.matmul(u, xp.matrix_transpose(v))
    else:
        g = _common_scale(xp, x, y)
        r, q = x / g, y / g
        rr = xp.sum(r * r, axis=-1)
        qq = xp.sum(q * q, axis=-1)
        gram = xp.matmul(r, xp.matrix_transpose(q))
        sq = relu(xp, xp.expand_dims(rr, axis=1) + xp.expand_dims(qq, axis=0) - 2.0 * gram)
        if same:
            sq = xp.where(identity_mask(xp, x.shape[0], x), xp.zeros_like(sq), sq)
        if metric == "squared":
            return (sq * g) * g
        zero = sq == 0
        root = xp.sqrt(xp.where(zero, xp.ones_like(sq), sq))
        return xp.where(zero, xp.zeros_like(sq), root) * g
    if same:
        d = xp.where(identity_mask(xp, x.shape[0], x), xp.zeros_like(d), d)
    return d


def label_masks(
    xp: Any, labels: Any, ref_labels: Any, /, *, remove_diagonal: bool
) -> tuple[Any, Any]:
    """``(positive, negative)`` boolean ``(N, M)`` masks: equal labels (without the
    diagonal when ``remove_diagonal``) and different labels."""
    same = xp.expand_dims(labels, axis=1) == xp.expand_dims(ref_labels, axis=0)
    positive = same & ~identity_mask(xp, labels.shape[0], labels) if remove_diagonal else same
    return positive, ~same


def masked_max(xp: Any, d: Any, mask: Any, /, *, axis: int) -> Any:
    """The maximum of ``d`` over the entries where ``mask`` is true along ``axis``
    (kept), and ``-inf`` where there are none. NaN in a masked-in entry gives NaN."""
    if 0 in d.shape:
        return xp.sum(d, axis=axis, keepdims=True) - math.inf
    return xp.max(xp.where(mask, d, xp.full_like(d, -math.inf)), axis=axis, keepdims=True)


def masked_min(xp: Any, d: Any, mask: Any, /, *, axis: int) -> Any:
    """The minimum of ``d`` where ``mask`` is true along ``axis`` (kept), ``inf`` if none."""
    if 0 in d.shape:
        return xp.sum(d, axis=axis, keepdims=True) + math.inf
    return xp.min(xp.where(mask, d, xp.full_like(d, math.inf)), axis=axis, keepdims=True)
