"""NumPy: cross entropy in a few fused NumPy operations where that means the same.

The standard path of a small cross-entropy call is about fifteen NumPy operations,
each a few microseconds of Python and dispatch; the same loss written out for the
common case (2-d float32/float64 logits, integer class indices, no weights, no label
smoothing, torch's convention) is five. ``cross_entropy`` below computes it with the
standard path's semantics: ``logsumexp - logit at the target`` with the maximum
shifted out, NaN rows NaN, ignored entries 0 (their mean over the kept ones; NaN when
none is kept), the input's dtype. Anything else returns ``NotImplemented`` and the
standard path (the definition) runs; ``tests/test_delegation.py`` compares both.

NumPy's values are on the host, where the standard path reads the target's index
range to raise for an out-of-range class: so does the delegate, stepping aside for
such a target so that the standard path raises its error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._delegation import REDUCTIONS, at_defaults

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_CROSS_ENTROPY = {
    "convention": "torch",
    "sample_weight": None,
    "weight": None,
    "label_smoothing": 0.0,
    "axis": -1,
    "smoothing_variant": "uniform",
    "class_weight_mode": None,
    "mean_denominator": None,
    "empty_mean": None,
    "z_loss": 0.0,
    "softcap": None,
}
_KEYS = frozenset({"reduction", "ignore_index"})
# Small calls only, where the call overhead dominates: the formula below holds two
# logits-sized temporaries, the standard path's row-blocked log-softmax a small
# fraction of the logits (docs/performance.md: peak memory of NumPy cross entropy).
_MAX_ELEMENTS = 1 << 16


def cross_entropy(input: Any, target: Any, /, **options: Any) -> Any:
    reduction, ignore_index = "mean", -100
    if options:
        if not at_defaults({k: v for k, v in options.items() if k not in _KEYS}, _CROSS_ENTROPY):
            return NotImplemented
        reduction = options.get("reduction", "mean")
        ignore_index = options.get("ignore_index", -100)
        if reduction not in REDUCTIONS or type(ignore_index) is not int:
            return NotImplemented
    if (
        type(target) is not np.ndarray
        or input.dtype not in _FLOATS
        or input.ndim != 2
        or target.dtype.kind not in "iu"
        or target.shape != input.shape[:1]
        or input.size == 0
        or input.size > _MAX_ELEMENTS
    ):
        return NotImplemented
    n, c = input.shape
    keep = target != ignore_index
    every = bool(keep.all())
    index = target if every else np.where(keep, target, 0)
    if index.min() < 0 or index.max() >= c:
        return NotImplemented  # out of range: the standard path's error
    # The same operations as the standard path where it warns (inf - inf for a row
    # without a finite logit: a RuntimeWarning both ways).
    shift = input.max(axis=-1, keepdims=True)
    shifted = input - shift
    loss = np.log(np.exp(shifted).sum(axis=-1)) - shifted[np.arange(n), index]
    if not every:
        loss = np.where(keep, loss, input.dtype.type(0))
    if reduction == "none":
        return loss
    total = loss.sum(dtype=input.dtype)
    if reduction == "sum":
        return total
    with np.errstate(invalid="ignore", divide="ignore"):  # none kept: 0 / 0, NaN, quiet
        return total / input.dtype.type(n if every else int(keep.sum()))


DELEGATES: dict[str, Callable[..., Any]] = {"cross_entropy": cross_entropy}
DEFAULTS: dict[str, dict[str, Any]] = {
    "cross_entropy": {**_CROSS_ENTROPY, "reduction": "mean", "ignore_index": -100}
}
