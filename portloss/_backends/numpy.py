"""NumPy: in-place and row-blocked forms of the primitives (fewer and smaller buffers).

NumPy has no autodiff, so these keep only the values of the standard formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._primitives import _empty, gather_class, log_softmax

# Row-blocks of the NumPy log-softmax hold at most this many elements of scratch.
_BLOCK_ELEMENTS = 1 << 20


def _softplus(xp: Any, x: Any, /) -> Any:
    # The standard max(x, 0) + log1p(exp(-|x|)) in two buffers instead of six (NumPy
    # has no autodiff to keep the gradient's form for); np.logaddexp measured slower.
    if not isinstance(x, np.ndarray) or x.ndim == 0:
        return np.logaddexp(0.0, x, dtype=x.dtype)
    out = np.abs(x)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(x, 0.0, dtype=x.dtype)
    return out


def _log_sigmoid(xp: Any, x: Any, /) -> Any:
    out = _softplus(xp, -x)
    return np.negative(out, out=out) if isinstance(out, np.ndarray) else -out


def _squared_difference(xp: Any, x: Any, t: Any, /) -> Any:
    # Squaring in place saves the second input-sized allocation (and its page faults).
    d = np.subtract(x, t)
    if not isinstance(d, np.ndarray):  # 0-d inputs give a NumPy scalar
        return d * d
    return np.multiply(d, d, out=d)


def _log_softmax(xp: Any, x: Any, /, *, axis: int) -> Any:
    """The standard formula with one output-sized buffer: peak extra memory ~1x ``x``.

    ``x - m`` is written once; ``sum(exp(.))`` runs over blocks of rows into a small
    scratch buffer; ``log`` of the sums is subtracted in place.
    """
    if _empty(x):  # NumPy has no maximum of nothing
        return x
    if x.ndim < 2 or x.size <= _BLOCK_ELEMENTS:
        shifted = x - np.max(x, axis=axis, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    out = np.subtract(x, np.max(x, axis=axis, keepdims=True))
    sums = _sum_exp_shifted(out, np.zeros((1,) * out.ndim, dtype=out.dtype), axis)
    out -= np.log(sums, out=sums)
    return out


def _sum_exp_shifted(x: Any, m: Any, axis: int) -> Any:
    """``sum(exp(x - m), axis, keepdims=True)`` over blocks of rows (small scratch)."""
    axis = axis % x.ndim
    sums = np.empty((*x.shape[:axis], 1, *x.shape[axis + 1 :]), dtype=x.dtype)
    along = 1 if axis == 0 else 0  # block over a non-class axis
    rows = x.shape[along]
    step = max(1, _BLOCK_ELEMENTS // (x.size // rows))
    index: list[Any] = [slice(None)] * x.ndim
    for start in range(0, rows, step):
        index[along] = slice(start, start + step)
        block = tuple(index)
        scratch = np.subtract(x[block], m[block] if m.shape[along] == rows else m)
        np.exp(scratch, out=scratch)
        np.sum(scratch, axis=axis, keepdims=True, out=sums[block])
    return sums


def _log_softmax_at(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    """The standard formula at one class per row without an ``x``-sized temporary."""
    if x.ndim < 2 or _empty(x) or x.size <= _BLOCK_ELEMENTS:
        return gather_class(xp, log_softmax(xp, x, axis=axis), index, axis=axis)
    m = np.max(x, axis=axis, keepdims=True)
    sums = _sum_exp_shifted(x, m, axis)
    picked = gather_class(xp, x, index, axis=axis) - np.squeeze(m, axis=axis)
    return picked - np.squeeze(np.log(sums), axis=axis)


NATIVE: dict[str, Callable[..., Any]] = {
    "log_softmax": _log_softmax,
    "log_softmax_at": _log_softmax_at,
    "squared_difference": _squared_difference,
    "log_sigmoid": _log_sigmoid,
    "softplus": _softplus,
}
