"""Numerical building blocks shared by the losses.

Each primitive is written against the Array API standard and names no library. A
library's fast path may replace a primitive: the primitive asks
``_backends.native(xp, name)``, and the backend module of that library (imported only
when one of its arrays shows up) answers from its ``NATIVE`` table; tests and the
conformance suite check it against the standard path (``_backends.use_native(False)``).
"""

from __future__ import annotations

import math
from typing import Any

from . import _backends
from ._backends import fori_loop, native, stop_gradient
from ._namespace import has_feature, scalar

__all__ = [
    "as_index",
    "axes_last",
    "broadcast_along",
    "gather_class",
    "log_softmax",
    "logsumexp",
    "take_weights",
]


def axes_last(xp: Any, x: Any, /, axes: tuple[int, ...]) -> Any:
    """``x`` with ``axes`` moved, in the order given, behind the others and flattened
    into one last axis (optax's tuple ``axis``)."""
    rest = tuple(a for a in range(x.ndim) if a not in axes)
    # the sizes, not -1: a zero-size batch has no -1 to infer
    shape = (*(x.shape[a] for a in rest), math.prod(x.shape[a] for a in axes))
    return xp.reshape(xp.permute_dims(x, rest + tuple(axes)), shape)


def logsumexp(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    """``log(sum(exp(x), axis))`` computed as ``m + log(sum(exp(x - m)))`` with ``m = max(x)``.

    A row that is entirely ``-inf`` gives ``-inf`` (not NaN); a row holding ``+inf``
    gives ``+inf``.
    """
    impl = native(xp, "logsumexp")
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
    impl = native(xp, "log_softmax")
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
    takes int64 only; JAX without x64 has no int64). int64 indices are kept as they
    are: a library that has int64 arrays gathers with them.
    """
    if index.dtype == xp.int64:  # the common case, without a namespace-info lookup
        return index
    try:
        info = xp.__array_namespace_info__()
        wanted = info.default_dtypes(device=_backends.device(index))["indexing"]
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
    impl = native(xp, "gather_class")
    if impl is not None:
        return impl(xp, x, index, axis=axis)
    expanded = xp.expand_dims(index, axis=axis)
    if has_feature(xp, "take_along_axis"):
        return xp.squeeze(xp.take_along_axis(x, expanded, axis=axis), axis=axis)
    device = _backends.device(x)
    classes = broadcast_along(
        xp, xp.arange(x.shape[axis], dtype=index.dtype, device=device), axis=axis, ndim=x.ndim
    )
    return xp.sum(xp.where(classes == expanded, x, xp.zeros_like(x)), axis=axis)


def take_weights(xp: Any, weight: Any, index: Any, /) -> Any:
    """Per-class ``weight`` looked up at every entry of ``index`` (any shape).

    A class gather of ``weight`` broadcast to ``index``'s shape, not ``take``: a lazy
    library whose ``take`` reads its indices while the graph is built would compute
    data here. The broadcast is a view on eager libraries (nothing ``index x C`` is
    written where the namespace gathers).
    """
    shape = (*index.shape, weight.shape[0])
    return gather_class(xp, xp.broadcast_to(weight, shape), index, axis=-1)


# Appended for gaussian_nll_loss's variance clamp (issue 6); per library, in _backends.
__all__ += ["stop_gradient"]


# Appended for the binary, focal and margin losses (issue 5).
__all__ += ["log1m_softmax", "log_sigmoid", "softplus", "sum_top_k"]


def softplus(xp: Any, x: Any, /) -> Any:
    """``log(1 + exp(x))`` without overflow, and with the exact gradient ``sigmoid(x)``.

    Computed as ``max(x, 0) + log1p(exp(-|x|))`` where the maximum and ``-|x|`` come from
    one ``where`` on ``x > 0``: nothing overflows for any finite ``x``, and autodiff gives
    ``sigmoid(x)`` everywhere, 1/2 at 0 (not a subgradient of ``max`` or ``abs``).
    """
    impl = native(xp, "softplus")
    if impl is not None:
        return impl(xp, x)
    positive = x > 0
    neg_abs = xp.where(positive, -x, x)
    relu = xp.where(positive, x, xp.zeros_like(x))
    return relu + xp.log1p(xp.exp(neg_abs))


def log_sigmoid(xp: Any, x: Any, /) -> Any:
    """``log(sigmoid(x)) = -softplus(-x)``: finite for every finite ``x``, exact gradient."""
    impl = native(xp, "log_sigmoid")
    if impl is not None:
        return impl(xp, x)
    return -softplus(xp, -x)


def log1m_softmax(xp: Any, x: Any, /, *, axis: int, logp: Any = None) -> Any:
    """``log(1 - softmax(x))`` along ``axis``, accurate where a probability nears 1.

    The largest class (the first maximum) gets ``log_sigmoid(L)`` with ``L`` the
    log-sum-exp of the other logits minus its own, i.e. ``log(S / (1 + S))`` with
    ``S = sum_{c != top} exp(x_c - x_top)``: exact however dominant it is, and finite
    for finite logits (about ``-(x_top - x_c)`` when one class saturates). Every other
    class has a probability of at most 1/2, where ``log1p(-exp(log p))`` is accurate.
    A single class gives ``-inf`` (``1 - 1``). Gradients are finite for finite logits
    and at least two classes. ``logp``: the caller's ``log_softmax(x)``, if it has one.
    """
    if logp is None:
        logp = log_softmax(xp, x, axis=axis)
    if x.shape[axis] == 1:
        return xp.full_like(logp, -xp.inf)
    if _empty(x):
        return logp
    top = xp.expand_dims(as_index(xp, xp.argmax(x, axis=axis)), axis=axis)
    is_top = class_ramp(xp, x, axis=axis, dtype=top.dtype) == top
    zero, neg_inf = scalar(xp, 0.0, x), scalar(xp, -xp.inf, x)
    # the top logit as a masked sum: its value and its gradient (to the first maximum
    # only), in two operations
    x_top = xp.sum(xp.where(is_top, x, zero), axis=axis, keepdims=True)
    others = xp.where(is_top, neg_inf, x - x_top)
    # Double where: a row whose other classes are all -inf (forbidden) has no log-sum-exp
    # gradient (exp(-inf - -inf) is NaN); it takes log(1 - 1) = -inf directly.
    some = xp.max(others, axis=axis, keepdims=True) != -xp.inf  # (NaN != -inf)
    lse = logsumexp(xp, xp.where(some, others, zero), axis=axis, keepdims=True)
    log_rest = log_sigmoid(xp, xp.where(some, lse, neg_inf))
    safe = xp.where(is_top, scalar(xp, -1.0, logp), logp)
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
    rank = class_ramp(xp, ordered, axis=-1)
    keep = rank < k
    return xp.sum(xp.where(keep, ordered, xp.zeros_like(ordered)))


# Appended for the Lovász losses (issue 7).
__all__ += ["cumulative_sum", "take_along_axis"]


def cumulative_sum(xp: Any, x: Any, /, *, axis: int) -> Any:
    """Inclusive cumulative sum along ``axis``.

    The Array API's ``cumulative_sum`` (2023.12); namespaces that predate it have
    ``cumsum`` with the same meaning.
    """
    if has_feature(xp, "cumulative_sum"):
        return xp.cumulative_sum(x, axis=axis)
    return xp.cumsum(x, axis=axis)


def take_along_axis(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    """``x`` gathered at ``index`` along ``axis`` (``index`` has ``x``'s shape).

    The Array API's ``take_along_axis`` (2024.12) where the namespace has it (NumPy,
    PyTorch, JAX, array-api-strict); elsewhere (Dask) a 1-D ``take`` on the flattened
    array with per-row offsets, which needs no boolean mask and no host sync.
    """
    if has_feature(xp, "take_along_axis"):
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
    device = _backends.device(index)
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
    impl = native(xp, "absolute")
    if impl is not None:
        return impl(xp, x)
    return x * xp.sign(x)


# Appended for the performance work (issue 8).
__all__ += ["log_softmax_at"]


def log_softmax_at(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    """``gather_class(log_softmax(x), index)`` without materializing the log-softmax.

    The same formula at one class per row: ``(x_y - m) - log(sum(exp(x - m)))``; the
    values equal the gathered log-softmax exactly. ``index`` must be valid (in
    ``[0, C)``), with ``x``'s shape minus ``axis``.
    """
    impl = native(xp, "log_softmax_at")
    if impl is not None:
        return impl(xp, x, index, axis=axis)
    return _standard_log_softmax_at(xp, x, index, axis=axis)


def _standard_log_softmax_at(
    xp: Any, x: Any, index: Any, /, *, axis: int, constant_shift: bool = False
) -> Any:
    # constant_shift: the max as a constant for autodiff (the same values).
    if _empty(x):
        return gather_class(xp, x, index, axis=axis)
    m = xp.max(x, axis=axis, keepdims=True)
    if constant_shift:
        m = stop_gradient(xp, m)
    picked = gather_class(xp, x, index, axis=axis) - xp.squeeze(m, axis=axis)
    return picked - xp.log(xp.sum(xp.exp(x - m), axis=axis))


__all__ += ["sigmoid_cross_entropy", "squared_difference"]


def sigmoid_cross_entropy(xp: Any, x: Any, y: Any, /) -> Any:
    """``-(y log sigmoid(x) + (1 - y) log sigmoid(-x))`` from logits ``x``, elementwise.

    Computed as ``(1 - y) x + softplus(-x)``: finite for every finite ``x`` and any real
    ``y``, with the exact gradient ``sigmoid(x) - y`` with respect to ``x``.
    """
    impl = native(xp, "sigmoid_cross_entropy")
    if impl is not None:
        return impl(xp, x, y)
    return (1.0 - y) * x + softplus(xp, -x)


def squared_difference(xp: Any, x: Any, t: Any, /) -> Any:
    """``(x - t) ** 2`` elementwise, with the gradient ``2 (x - t)``."""
    impl = native(xp, "squared_difference")
    if impl is not None:
        return impl(xp, x, t)
    d = x - t
    return d * d


__all__ += ["class_dot"]


def class_dot(xp: Any, x: Any, w: Any, /, *, axis: int) -> Any:
    """``sum(x * w, axis)`` for a 1-D ``w`` along ``axis`` (a per-class weighted sum).

    A ``vecdot``: no ``x``-sized product is written.
    """
    impl = native(xp, "class_dot")
    if impl is not None:
        return impl(xp, x, w, axis=axis)
    w = broadcast_along(xp, w, axis=axis, ndim=x.ndim)
    return xp.vecdot(x, w, axis=axis % x.ndim - x.ndim)  # the standard wants axis < 0


__all__ += ["one_minus_pt"]


def one_minus_pt(xp: Any, x: Any, y: Any, /) -> Any:
    """``y sigmoid(-x) + (1 - y) sigmoid(x)``: the probability of the other outcome.

    ``(c + (1 - c) e) / (1 + e)`` with ``e = exp(-|x|)`` and ``c`` the target weight
    of the larger sigmoid, ``1 / (1 + e)``: one ``exp``, no overflow, and sums of
    non-negative terms only, so a tiny value (a confident, right prediction) keeps
    its relative accuracy instead of being ``1 - p`` of a rounded ``p``.
    """
    impl = native(xp, "one_minus_pt")
    if impl is not None:
        return impl(xp, x, y)
    nonneg = x >= 0
    e = xp.exp(xp.where(nonneg, -x, x))
    c = xp.where(nonneg, 1.0 - y, y)
    return (c + (1.0 - c) * e) / (1.0 + e)


__all__ += ["divide_by_count"]


def divide_by_count(xp: Any, total: Any, count: Any, /, *, empty_nan: bool) -> Any:
    """``total / count`` for a 0-d entry count, where ``count == 0`` implies ``total == 0``.

    An empty count gives NaN (``empty_nan``) or 0, and never divides 0 by 0, which
    NumPy would warn about: the standard path divides by NaN or 1 instead.
    """
    impl = native(xp, "divide_by_count")
    if impl is not None:
        return impl(xp, total, count, empty_nan=empty_nan)
    fill = xp.full_like(count, xp.nan if empty_nan else 1.0)
    return total / xp.where(count == 0, fill, count)


# Appended for ctc_loss (issue 12); per library, in _backends.
__all__ += ["fori_loop"]


# --------------------------------------------------------------------------------------
# Appended for NaN propagation and float32 range (issue 18).
__all__ += ["l2_norm", "pow2_scale", "relu"]

# torch's two clamps at zero differ only in their gradient, at the kink and at NaN.
RELU_STYLES = ("relu", "clamp_min")


def relu(xp: Any, z: Any, /, *, style: str = "relu") -> Any:
    """``max(z, 0)`` that keeps NaN (a NaN ``z`` gives NaN), with torch's gradient.

    ``style="relu"`` is ``torch.nn.functional.relu``: gradient 0 at ``z == 0`` and 1 at
    a NaN. ``style="clamp_min"`` is ``torch.clamp_min(z, 0)``, which torch's margin and
    embedding losses use: gradient 1 at ``z == 0`` and 0 at a NaN (the NaN comes from a
    constant). A bare ``where(z > 0, z, 0)`` would turn a NaN into 0 and hide it.
    """
    if style not in RELU_STYLES:
        raise ValueError(f"style must be one of {RELU_STYLES}, got {style!r}")
    impl = native(xp, "relu")
    if impl is not None:
        return impl(xp, z, style=style)
    zero = xp.zeros_like(z)
    if style == "relu":
        # NaN <= 0 is false, so a NaN keeps z (and its gradient 1); at 0 the constant
        # wins (gradient 0): torch's relu in three operations (eager cost is per op).
        return xp.where(z <= 0, zero, z)
    nan = xp.full_like(z, xp.nan)
    return xp.where(z >= 0, z, xp.where(xp.isnan(z), nan, zero))


def pow2_scale(xp: Any, x: Any, /, *, axis: int) -> Any:
    """A power of two near ``max(|x|)`` along ``axis`` (kept), a constant for autodiff.

    Dividing by it brings the largest entry into ``[1, 2)`` exactly (no rounding), so a
    sum of squares neither overflows nor underflows, and multiplying back gives the
    same bits as the unscaled formula wherever that one is in range. The exponent is
    kept within the normal range of the dtype; a zero, NaN or infinite maximum gives 1
    (NaN and inf then reach the result unscaled; torch's fast path gives some power of
    two in range there, which changes no result: such rows are 0, NaN or inf either
    way). ``x`` must not be empty along ``axis``.
    """
    impl = native(xp, "pow2_scale")
    if impl is not None:
        return impl(xp, x, axis=axis)
    m = stop_gradient(xp, xp.max(xp.abs(x), axis=axis, keepdims=True))
    one = xp.ones_like(m)
    ok = (m > 0) & (m < xp.inf)
    info = xp.finfo(x.dtype)
    low = math.log2(float(info.smallest_normal))
    high = math.floor(math.log2(float(info.max)))
    # clip with Python bounds and a scalar base: two operations where maximum, minimum
    # and pow against filled arrays took six (k is finite here, the same values).
    k = xp.clip(xp.floor(xp.log2(xp.where(ok, m, one))), min=low, max=high)
    return xp.where(ok, 2.0**k, one)


def l2_norm(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    """The Euclidean norm along ``axis``, scaled before squaring (no float32 overflow
    for norms up to the dtype's maximum), with gradient 0 at a zero vector.

    NaN in ``x`` gives NaN; an infinite entry gives ``inf``.
    """
    if 0 in x.shape:  # no maximum of nothing (chunked Dask reduces its empty chunks)
        return xp.sum(x, axis=axis, keepdims=keepdims)  # zeros of the right shape
    impl = native(xp, "l2_norm")
    if impl is not None:
        return impl(xp, x, axis=axis, keepdims=keepdims)
    scale = pow2_scale(xp, x, axis=axis)
    r = x / scale
    s = xp.sum(r * r, axis=axis, keepdims=True)
    zero = s == 0
    # Double where: sqrt's infinite slope at 0 never meets the zero cotangent.
    root = xp.sqrt(xp.where(zero, xp.ones_like(s), s)) * scale
    out = xp.where(zero, xp.zeros_like(s), root)
    return out if keepdims else xp.squeeze(out, axis=axis)


# One safe division and one class-index ramp for every family (issue 20).
__all__ += ["class_ramp", "safe_divide"]


def safe_divide(xp: Any, numerator: Any, denominator: Any, /, *, fill: float) -> Any:
    """``numerator / denominator``, and ``fill`` where the denominator is 0.

    Double where: the untaken branch divides by 1, so no 0/0 is computed and the
    gradient stays finite (a single ``where`` would pass ``0 * inf = NaN`` back).
    """
    impl = native(xp, "safe_divide")
    if impl is not None:
        return impl(xp, numerator, denominator, fill=fill)
    zero = denominator == 0
    ratio = numerator / xp.where(zero, xp.ones_like(denominator), denominator)
    return xp.where(zero, xp.full_like(ratio, fill), ratio)


def class_ramp(xp: Any, x: Any, /, *, axis: int, dtype: Any = None) -> Any:
    """``0, 1, ..., n - 1`` along ``axis``, with ``x``'s shape and ``dtype`` (default
    ``x``'s): the class (or position) number of every entry of ``x``.

    A cumulative sum of ones rather than ``arange``: it needs no device argument and
    keeps ``x``'s chunks on Dask.
    """
    ones = xp.ones_like(x) if dtype is None else xp.ones_like(x, dtype=dtype)
    return cumulative_sum(xp, ones, axis=axis) - 1
