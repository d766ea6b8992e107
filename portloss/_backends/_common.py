"""Pieces that several backend modules share (pure Array API code, no library import)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import array_api_compat

from .._primitives import _empty
from . import device


def ieee_divide_by_count(xp: Any, total: Any, count: Any, /, *, empty_nan: bool) -> Any:
    # torch and JAX divide 0 by 0 silently (IEEE NaN); 0-d ops cost microseconds each.
    if empty_nan:
        return total / count
    return total / xp.maximum(count, xp.ones_like(count))


# Row-blocks of the generic blocked path (torch without autograd, CuPy) hold at most
# this many elements: 16 MB of float32 scratch, ~0.4% of 8192 x 128256 logits, and few
# enough blocks that per-block dispatch (and kernel launches) stays negligible.
_ROW_BLOCK_ELEMENTS = 1 << 22


def row_blocks(xp: Any, fn: Callable[..., Any], x: Any, index: Any, /, *, axis: int) -> Any:
    """``fn(xp, x, index, axis=axis)`` evaluated over blocks of rows, then concatenated.

    ``fn`` maps ``x`` (class axis ``axis``) and ``index`` (``x``'s shape minus ``axis``)
    to an ``index``-shaped array, one value per row; each block's temporaries are at
    most ``_ROW_BLOCK_ELEMENTS`` elements, so peak extra memory is a small fraction
    of ``x`` whatever the vocabulary. The blocks split the first non-class axis of
    ``x``, which is always axis 0 of ``index``.
    """
    size = math.prod(x.shape)
    if x.ndim < 2 or _empty(x) or size <= _ROW_BLOCK_ELEMENTS:
        return fn(xp, x, index, axis=axis)
    axis = axis % x.ndim
    along = 1 if axis == 0 else 0
    rows = x.shape[along]
    step = max(1, _ROW_BLOCK_ELEMENTS // (size // rows))
    where: list[Any] = [slice(None)] * x.ndim
    parts, out = [], None
    for start in range(0, rows, step):
        where[along] = slice(start, start + step)
        part = fn(xp, x[tuple(where)], index[start : start + step, ...], axis=axis)
        if array_api_compat.is_jax_array(part):  # immutable: gather the parts, then join
            parts.append(part)
            continue
        # Written into one output as it comes: a list of small parts, each allocated
        # between two block-sized temporaries, fragments the heap so that every
        # block takes fresh memory (measured: the logits' size again, on torch).
        if out is None:
            out = xp.empty(tuple(index.shape), dtype=part.dtype, device=device(part))
        out[start : start + step, ...] = part
    return xp.concat(parts, axis=0) if parts else out
