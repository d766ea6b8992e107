"""Binary cross entropy (probabilities, logits, balanced) and the focal losses."""

from __future__ import annotations

import numpy as np

from ._common import log_softmax, one_hot, reduce, to_last


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _smooth(y: np.ndarray, alpha: float) -> np.ndarray:
    return y * (1 - alpha) + 0.5 * alpha


def binary_cross_entropy(
    input, target, *, weight=None, sample_weight=None, reduction="mean", label_smoothing=0.0
):
    y = _smooth(target, label_smoothing)
    # torch clamps each log at -100
    log_p = np.maximum(np.log(input), -100.0)
    log_q = np.maximum(np.log1p(-input), -100.0)
    loss = -(y * log_p + (1 - y) * log_q)
    if weight is not None:
        loss = loss * weight
    return reduce(loss, reduction, sample_weight=sample_weight)


def binary_cross_entropy_with_logits(
    input,
    target,
    *,
    weight=None,
    pos_weight=None,
    sample_weight=None,
    reduction="mean",
    label_smoothing=0.0,
):
    y = _smooth(target, label_smoothing)
    pw = 1.0 if pos_weight is None else pos_weight
    # -[pw y log s(x) + (1 - y) log(1 - s(x))]
    loss = pw * y * _softplus(-input) + (1 - y) * _softplus(input)
    if weight is not None:
        loss = loss * weight
    return reduce(loss, reduction, sample_weight=sample_weight)


def balanced_binary_cross_entropy(
    input, target, *, mask=None, negative_ratio=3.0, eps=1e-6, from_logits=False
):
    if from_logits:
        loss = target * _softplus(-input) + (1 - target) * _softplus(input)
    else:
        loss = -(
            target * np.maximum(np.log(input), -100.0)
            + (1 - target) * np.maximum(np.log1p(-input), -100.0)
        )
    m = np.ones_like(loss) if mask is None else mask.astype(np.float64)
    positive = target * m
    negative = (1 - target) * m
    n_pos = np.sum(positive)
    n_neg = np.sum(negative)
    k = min(n_neg, np.floor(n_pos * negative_ratio))
    neg_loss = np.sort((loss * negative).ravel())[::-1]
    top = np.sum(neg_loss[np.arange(neg_loss.size) < k])
    return np.asarray((np.sum(loss * positive) + top) / (n_pos + k + eps))


def sigmoid_focal_loss(
    input,
    target,
    *,
    alpha=0.25,
    gamma=2.0,
    reduction="mean",
    sample_weight=None,
    apply_class_balancing=True,
):
    p = 1 / (1 + np.exp(-input))
    ce = target * _softplus(-input) + (1 - target) * _softplus(input)
    p_t = p * target + (1 - p) * (1 - target)
    loss = ce * (1 - p_t) ** gamma
    if alpha is not None and apply_class_balancing:
        loss = (alpha * target + (1 - alpha) * (1 - target)) * loss
    return reduce(loss, reduction, sample_weight=sample_weight)


def softmax_focal_loss(
    input,
    target,
    *,
    alpha=None,
    gamma=2.0,
    weight=None,
    ignore_index=-100,
    reduction="mean",
    axis=-1,
    sample_weight=None,
):
    if input.ndim == 1:
        axis = 0
    logp = log_softmax(to_last(input, axis), -1)
    classes = logp.shape[-1]
    w = np.ones(classes) if weight is None else weight
    a = np.ones(classes) if alpha is None else np.broadcast_to(alpha, (classes,))
    if np.issubdtype(target.dtype, np.integer):
        valid = target != ignore_index
        y = one_hot(np.where(valid, target, 0), classes)
        mean_weight = np.sum(y * w, axis=-1) if weight is not None else None
    else:
        valid = None
        y = to_last(target, axis)
        mean_weight = None
    p = np.exp(logp)
    loss = -np.sum(w * a * y * (1 - p) ** gamma * logp, axis=-1)
    return reduce(
        loss, reduction, valid=valid, sample_weight=sample_weight, mean_weight=mean_weight
    )


REFERENCES = {
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "balanced_binary_cross_entropy": balanced_binary_cross_entropy,
    "sigmoid_focal_loss": sigmoid_focal_loss,
    "softmax_focal_loss": softmax_focal_loss,
}
