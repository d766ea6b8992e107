"""Numerical building blocks shared by the losses.

This is the only module that may know about particular backends. Each primitive is
written against the Array API standard; a backend-specific fast path may replace a
primitive (never a whole loss) by registering in ``_NATIVE``, and the conformance suite
checks it against the standard path. Backend modules are imported lazily, inside the
fast path, so importing portloss imports no array library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import array_api_compat

__all__ = [
    "as_index",
    "broadcast_along",
    "gather_class",
    "log_softmax",
    "logsumexp",
    "take_weights",
]

# name -> list of (namespace predicate, implementation); consulted by ``_native``.
_NATIVE: dict[str, list[tuple[Callable[[Any], bool], Callable[..., Any]]]] = {}
_USE_NATIVE = True


def _native(xp: Any, name: str) -> Callable[..., Any] | None:
    if not _USE_NATIVE:
        return None
    for applies, impl in _NATIVE.get(name, ()):
        if applies(xp):
            return impl
    return None


def logsumexp(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    """``log(sum(exp(x), axis))`` computed as ``m + log(sum(exp(x - m)))`` with ``m = max(x)``.

    A row that is entirely ``-inf`` gives ``-inf`` (not NaN); a row holding ``+inf``
    gives ``+inf``.
    """
    impl = _native(xp, "logsumexp")
    if impl is not None:
        return impl(xp, x, axis=axis, keepdims=keepdims)
    m = xp.max(x, axis=axis, keepdims=True)
    m = xp.where(xp.isfinite(m), m, xp.zeros_like(m))
    out = xp.log(xp.sum(xp.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else xp.squeeze(out, axis=axis)


def log_softmax(xp: Any, x: Any, /, *, axis: int) -> Any:
    """Log-probabilities ``(x - m) - log(sum(exp(x - m)))`` along ``axis``.

    Subtracting the maximum first keeps every term of the sum in ``(0, 1]`` and the
    result accurate in float32 for large logits, unlike ``logsumexp(x) - x``.
    """
    impl = _native(xp, "log_softmax")
    if impl is not None:
        return impl(xp, x, axis=axis)
    if _empty(x):  # some backends (Dask) cannot take the max of nothing
        return x
    shifted = x - xp.max(x, axis=axis, keepdims=True)
    return shifted - xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True))


def _empty(x: Any) -> bool:
    # Shapes are static metadata (unknown Dask sizes are NaN, never 0): no host sync.
    return any(n == 0 for n in x.shape)


def as_index(xp: Any, index: Any) -> Any:
    """Cast integer class indices to the namespace's default indexing dtype on their device.

    That is the dtype every gather of the namespace accepts (torch's ``take_along_dim``
    takes int64 only; JAX without x64 has no int64).
    """
    try:
        info = xp.__array_namespace_info__()
        wanted = info.default_dtypes(device=array_api_compat.device(index))["indexing"]
    except (AttributeError, TypeError, ValueError):
        wanted = xp.int64
    return index if index.dtype == wanted else xp.astype(index, wanted)


def broadcast_along(xp: Any, v: Any, /, *, axis: int, ndim: int) -> Any:
    """Reshape a 1-D ``v`` so that it broadcasts along ``axis`` of an ``ndim``-D array."""
    shape = [1] * ndim
    shape[axis] = v.shape[0]
    return xp.reshape(v, tuple(shape))


def gather_class(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    """``x`` taken at class ``index`` along ``axis``; ``index`` has ``x``'s shape minus ``axis``.

    ``index`` must already be valid (in ``[0, C)``). No one-hot array is built: a
    gather where the namespace has ``take_along_axis``, else a boolean select and sum.
    """
    expanded = xp.expand_dims(index, axis=axis)
    if hasattr(xp, "take_along_axis"):
        return xp.squeeze(xp.take_along_axis(x, expanded, axis=axis), axis=axis)
    classes = broadcast_along(
        xp, xp.arange(x.shape[axis], dtype=index.dtype), axis=axis, ndim=x.ndim
    )
    return xp.sum(xp.where(classes == expanded, x, xp.zeros_like(x)), axis=axis)


def take_weights(xp: Any, weight: Any, index: Any, /) -> Any:
    """Per-class ``weight`` looked up at every entry of ``index`` (any shape)."""
    flat = xp.reshape(index, (-1,))
    return xp.reshape(xp.take(weight, flat, axis=0), tuple(index.shape))
