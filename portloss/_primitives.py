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


# Appended for gaussian_nll_loss's variance clamp (issue 6).
__all__ += ["stop_gradient"]


def stop_gradient(xp: Any, x: Any, /) -> Any:
    """``x`` as a constant for autodiff: ``detach`` on torch, ``lax.stop_gradient`` on JAX.

    Libraries without autodiff get ``x`` itself. ``x + stop_gradient(f(x) - x)`` has the
    value ``f(x)`` and the gradient of ``x`` (a straight-through estimator).
    """
    if array_api_compat.is_torch_array(x):
        return x.detach()
    if array_api_compat.is_jax_array(x):
        import jax

        return jax.lax.stop_gradient(x)
    return x


# Appended for the binary, focal and margin losses (issue 5).
__all__ += ["log1m_softmax", "log_sigmoid", "softplus", "sum_top_k"]


def softplus(xp: Any, x: Any, /) -> Any:
    """``log(1 + exp(x))`` without overflow, and with the exact gradient ``sigmoid(x)``.

    Computed as ``max(x, 0) + log1p(exp(-|x|))`` where the maximum and ``-|x|`` come from
    one ``where`` on ``x > 0``: nothing overflows for any finite ``x``, and autodiff gives
    ``sigmoid(x)`` everywhere, 1/2 at 0 (not a subgradient of ``max`` or ``abs``).
    """
    positive = x > 0
    neg_abs = xp.where(positive, -x, x)
    relu = xp.where(positive, x, xp.zeros_like(x))
    return relu + xp.log1p(xp.exp(neg_abs))


def log_sigmoid(xp: Any, x: Any, /) -> Any:
    """``log(sigmoid(x)) = -softplus(-x)``: finite for every finite ``x``, exact gradient."""
    return -softplus(xp, -x)


def log1m_softmax(xp: Any, x: Any, /, *, axis: int) -> Any:
    """``log(1 - softmax(x))`` along ``axis``, accurate where a probability nears 1.

    The largest class (the first maximum) gets ``log_sigmoid(L)`` with ``L`` the
    log-sum-exp of the other logits minus its own, i.e. ``log(S / (1 + S))`` with
    ``S = sum_{c != top} exp(x_c - x_top)``: exact however dominant it is, and finite
    for finite logits (about ``-(x_top - x_c)`` when one class saturates). Every other
    class has a probability of at most 1/2, where ``log1p(-exp(log p))`` is accurate.
    A single class gives ``-inf`` (``1 - 1``). Gradients are finite for finite logits
    and at least two classes.
    """
    logp = log_softmax(xp, x, axis=axis)
    num_classes = x.shape[axis]
    if num_classes == 1:
        return xp.full_like(logp, -xp.inf)
    if _empty(x):
        return logp
    top = as_index(xp, xp.argmax(x, axis=axis))
    # class numbers along the axis, built on x's device (no arange device argument)
    classes = xp.cumulative_sum(xp.ones_like(x, dtype=top.dtype), axis=axis) - 1
    is_top = classes == xp.expand_dims(top, axis=axis)
    x_top = xp.expand_dims(gather_class(xp, x, top, axis=axis), axis=axis)
    others = xp.where(is_top, xp.full_like(x, -xp.inf), x - x_top)
    log_rest = log_sigmoid(xp, logsumexp(xp, others, axis=axis, keepdims=True))
    safe = xp.where(is_top, xp.full_like(logp, -1.0), logp)
    return xp.where(is_top, log_rest, xp.log1p(-xp.exp(safe)))


def sum_top_k(xp: Any, values: Any, k: Any, /) -> Any:
    """Sum of the ``k`` largest entries of the 1-D ``values``; ``k`` is a 0-d array.

    A descending sort and a rank mask (``rank < k``), so ``k`` stays an array: no host
    sync, jit-able, and the gradient reaches exactly the selected entries. ``k`` may be
    fractional (entries of rank below ``k`` count) and larger than the length.
    """
    if _empty(values):
        return xp.sum(values)
    ordered = xp.sort(values, axis=-1, descending=True)
    rank = xp.cumulative_sum(xp.ones_like(ordered)) - 1
    keep = rank < k
    return xp.sum(xp.where(keep, ordered, xp.zeros_like(ordered)))


# Appended for the Lovász losses (issue 7).
__all__ += ["cumulative_sum", "take_along_axis"]


def cumulative_sum(xp: Any, x: Any, /, *, axis: int) -> Any:
    """Inclusive cumulative sum along ``axis``.

    The Array API's ``cumulative_sum`` (2023.12); namespaces that predate it have
    ``cumsum`` with the same meaning.
    """
    if hasattr(xp, "cumulative_sum"):
        return xp.cumulative_sum(x, axis=axis)
    return xp.cumsum(x, axis=axis)


def take_along_axis(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    """``x`` gathered at ``index`` along ``axis`` (``index`` has ``x``'s shape).

    The Array API's ``take_along_axis`` (2024.12) where the namespace has it (NumPy,
    PyTorch, JAX, array-api-strict); elsewhere (Dask) a 1-D ``take`` on the flattened
    array with per-row offsets, which needs no boolean mask and no host sync.
    """
    if hasattr(xp, "take_along_axis"):
        return xp.take_along_axis(x, index, axis=axis)
    axis = axis % x.ndim
    last = x.ndim - 1
    if axis != last:
        order = (*(a for a in range(x.ndim) if a != axis), axis)
        x, index = xp.permute_dims(x, order), xp.permute_dims(index, order)
    shape = tuple(x.shape)
    n = shape[-1]
    rows = 1
    for s in shape[:-1]:
        rows *= s
    device = array_api_compat.device(index)
    offsets = xp.reshape(xp.arange(rows, dtype=index.dtype, device=device) * n, (rows, 1))
    flat = xp.reshape(xp.reshape(index, (rows, n)) + offsets, (-1,))
    out = xp.reshape(xp.take(xp.reshape(x, (-1,)), flat, axis=0), shape)
    if axis != last:
        inverse = [0] * x.ndim
        for position, a in enumerate(order):
            inverse[a] = position
        out = xp.permute_dims(out, tuple(inverse))
    return out


# Appended for the regression and embedding losses (issue 6).
__all__ += ["absolute"]


def absolute(xp: Any, x: Any, /) -> Any:
    """``|x|`` whose gradient is ``sign(x)``, 0 at ``x == 0``, on every backend.

    torch's ``abs`` has that gradient; ``jax.numpy.abs`` gives 1 at 0. ``x * sign(x)``
    has the same values and torch's gradient everywhere (``sign`` has gradient 0).
    """
    return x * xp.sign(x)
