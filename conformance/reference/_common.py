"""Shared pieces of the independent references: softmax, one-hot, the reduction."""

from __future__ import annotations

from typing import Any

import numpy as np

PRESETS = {
    # convention -> (class_weight_mode, mean_denominator, empty_mean), as documented
    "torch": ("per_class", "weights", "nan"),
    "keras": ("hard_target", "count", "zero"),
    "paddle": ("smoothed_target", "weights", "zero"),
}


def log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    if x.size == 0:
        return x.astype(np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


def to_last(x: np.ndarray, axis: int) -> np.ndarray:
    return np.moveaxis(x, axis, -1)


def one_hot(index: np.ndarray, classes: int) -> np.ndarray:
    safe = np.clip(index, 0, classes - 1)
    out = (safe[..., None] == np.arange(classes)).astype(np.float64)
    return out


def reduce(
    loss: np.ndarray,
    reduction: str,
    *,
    valid: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
    mean_weight: np.ndarray | None = None,
    mean_denominator: str = "weights",
    empty_mean: str = "nan",
) -> np.ndarray:
    """``none`` / ``sum`` / ``mean`` of ``loss`` with the documented weight semantics.

    mean = sum(valid * sw * loss) / sum(valid * sw * mean_weight) ("weights"), or
    / sum(valid * bool-sw) ("count"); a zero denominator gives NaN or 0 (``empty_mean``).
    """
    loss = np.asarray(loss, dtype=np.float64)
    is_mask = sample_weight is not None and sample_weight.dtype == bool
    if sample_weight is not None:
        loss = loss * sample_weight.astype(np.float64)
    if valid is not None:
        loss = np.where(valid, loss, 0.0)
    if reduction == "none":
        return loss
    total = np.sum(loss)
    if reduction == "sum":
        return np.asarray(total)
    share = np.ones(loss.shape)
    if mean_denominator == "count":
        if is_mask:
            share = share * np.broadcast_to(sample_weight, loss.shape)
    else:
        if mean_weight is not None:
            share = share * np.broadcast_to(mean_weight, loss.shape)
        if sample_weight is not None:
            share = share * np.broadcast_to(sample_weight, loss.shape)
    if valid is not None:
        share = np.where(valid, share, 0.0)
    denominator = np.sum(share)
    if denominator == 0:
        return np.asarray(np.nan if empty_mean == "nan" else 0.0)
    return np.asarray(total / denominator)


def knobs(options: dict[str, Any]) -> tuple[str, str, str]:
    mode, denominator, empty = PRESETS[options.pop("convention", "torch") or "torch"]
    mode = options.pop("class_weight_mode", None) or mode
    denominator = options.pop("mean_denominator", None) or denominator
    empty = options.pop("empty_mean", None) or empty
    return mode, denominator, empty
