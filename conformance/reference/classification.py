"""cross_entropy, nll_loss, poly1_cross_entropy, written out (torch semantics)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._common import knobs, log_softmax, one_hot, reduce, to_last


def _smoothed(target: np.ndarray, classes: int, alpha: float, variant: str) -> np.ndarray:
    if alpha == 0:
        return target
    if variant == "others":  # the true class keeps 1 - alpha, the others share alpha
        return target * (1 - alpha) + (1 - target) * alpha / (classes - 1)
    return target * (1 - alpha) + alpha / classes


def _class_ce(
    logp: np.ndarray,
    target: np.ndarray,
    *,
    weight: np.ndarray | None,
    sample_weight: np.ndarray | None,
    ignore_index: int,
    label_smoothing: float,
    smoothing_variant: str,
    reduction: str,
    options: dict[str, Any],
    poly_epsilon: float | None = None,
) -> np.ndarray:
    """Cross entropy on class-last log-probabilities ``logp`` (..., C)."""
    mode, denominator, empty = knobs(options)
    classes = logp.shape[-1]
    w = np.ones(classes) if weight is None else weight
    if np.issubdtype(target.dtype, np.integer):
        valid = target != ignore_index
        hard = one_hot(np.where(valid, target, 0), classes)
        y = _smoothed(hard, classes, label_smoothing, smoothing_variant)
        hard_weight = np.sum(hard * w, axis=-1)
    else:
        valid = None
        hard = target
        y = _smoothed(target, classes, label_smoothing, smoothing_variant)
        # Keras weighs a probability target by its argmax class; torch divides by N
        hard_weight = w[np.argmax(target, axis=-1)] if target.size else np.zeros(target.shape[:-1])
    if mode == "per_class":
        loss = -np.sum(w * y * logp, axis=-1)
        mean_weight = hard_weight if np.issubdtype(target.dtype, np.integer) else None
        if weight is None:
            mean_weight = None
    else:
        s = hard_weight if mode == "hard_target" else np.sum(w * y, axis=-1)
        loss = -s * np.sum(y * logp, axis=-1)
        mean_weight = s if weight is not None else None
    if poly_epsilon is not None:
        # every class term carries its poly-1 term with its class weight
        loss = loss + poly_epsilon * np.sum(w * y * (1 - np.exp(logp)), axis=-1)
    if valid is not None:
        loss = np.where(valid, loss, 0.0)
    return reduce(
        loss,
        reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        mean_denominator=denominator,
        empty_mean=empty,
    )


def cross_entropy(
    input: np.ndarray,
    target: np.ndarray,
    *,
    weight: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    smoothing_variant: str = "uniform",
    axis: int = -1,
    **options: Any,
) -> np.ndarray:
    if input.ndim == 1:
        axis = 0
    if options.pop("from_logits", True):
        logp = log_softmax(to_last(input, axis), -1)
    else:  # Keras: normalized, clipped to [clip, 1 - clip], then the log
        p = to_last(input, axis)
        p = p / np.sum(p, axis=-1, keepdims=True)
        clip = options.pop("clip", None)
        clip = (1e-7 if options.get("convention") == "keras" else 0.0) if clip is None else clip
        logp = np.log(np.clip(p, clip, 1 - clip))
    if np.issubdtype(target.dtype, np.floating):
        target = to_last(target, axis)
    if sample_weight is not None and options.get("convention") == "keras":
        # Keras aligns a lower-rank weight from the left
        extra = target.ndim - (0 if np.issubdtype(target.dtype, np.integer) else 1)
        sample_weight = sample_weight.reshape(
            sample_weight.shape + (1,) * (extra - sample_weight.ndim)
        )
    return _class_ce(
        logp,
        target,
        weight=weight,
        sample_weight=sample_weight,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
        smoothing_variant=smoothing_variant,
        reduction=reduction,
        options=dict(options),
    )


def nll_loss(
    input: np.ndarray,
    target: np.ndarray,
    *,
    weight: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    axis: int = -1,
    **options: Any,
) -> np.ndarray:
    if input.ndim == 1:
        axis = 0
    return _class_ce(
        to_last(input, axis),
        target,
        weight=weight,
        sample_weight=sample_weight,
        ignore_index=ignore_index,
        label_smoothing=0.0,
        smoothing_variant="uniform",
        reduction=reduction,
        options=dict(options),
    )


REFERENCES = {"cross_entropy": cross_entropy, "nll_loss": nll_loss}


def poly1_cross_entropy(
    input: np.ndarray,
    target: np.ndarray,
    *,
    epsilon: float = 1.0,
    weight: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> np.ndarray:
    if input.ndim == 1:
        axis = 0
    logp = log_softmax(to_last(input, axis), -1)
    if np.issubdtype(target.dtype, np.floating):
        target = to_last(target, axis)
    return _class_ce(
        logp,
        target,
        weight=weight,
        sample_weight=sample_weight,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
        smoothing_variant="uniform",
        reduction=reduction,
        options={},
        poly_epsilon=epsilon,
    )


REFERENCES["poly1_cross_entropy"] = poly1_cross_entropy
