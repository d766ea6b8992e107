"""Binary cross entropy (probabilities, logits, balanced) and the focal losses."""

from __future__ import annotations

import numpy as np

from ._common import log_softmax, one_hot, reduce, to_last


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _smooth(y: np.ndarray, alpha: float) -> np.ndarray:
    return y * (1 - alpha) + 0.5 * alpha


def conv_reduce(
    loss,
    reduction,
    *,
    convention="torch",
    elementwise=False,
    valid=None,
    sample_weight=None,
    mean_weight=None,
):
    """``reduce`` under a convention: Keras averages an elementwise loss over its last
    axis first, aligns a lower-rank sample weight from the left and divides the mean
    by the count (0 when empty); Paddle's empty mean is 0."""
    if convention != "keras":
        empty = "zero" if convention == "paddle" else "nan"
        return reduce(
            loss,
            reduction,
            valid=valid,
            sample_weight=sample_weight,
            mean_weight=mean_weight,
            empty_mean=empty,
        )
    loss = np.asarray(loss, dtype=np.float64)
    if elementwise and loss.ndim:
        if valid is not None:
            v = np.broadcast_to(valid, loss.shape)
            loss = np.where(v, loss, 0.0).sum(-1) / loss.shape[-1]
            valid = v.any(-1)
        else:
            loss = loss.mean(-1)
    if sample_weight is not None:
        sw = np.asarray(sample_weight)
        sample_weight = sw.reshape(sw.shape + (1,) * (loss.ndim - sw.ndim))
    return reduce(
        loss,
        reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_denominator="count",
        empty_mean="zero",
    )


def bce_terms(p, y, *, from_logits=False, clip=None, convention="torch", pos_weight=None):
    """Logits: the softplus form; probabilities: Keras' clip, else torch's -100 clamp."""
    v = 1.0 if pos_weight is None else pos_weight
    if from_logits:
        return v * y * _softplus(-p) + (1 - y) * _softplus(p)
    eps = (1e-7 if convention == "keras" else 0.0) if clip is None else clip
    if eps > 0:
        c = np.clip(p, eps, 1 - eps)
        return -(v * y * np.log(c) + (1 - y) * np.log(1 - c))
    # torch clamps each log at -100
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_q = np.maximum(np.log1p(-p), -100.0)
    return -(v * y * log_p + (1 - y) * log_q)


def binary_cross_entropy(
    input,
    target,
    *,
    weight=None,
    pos_weight=None,
    sample_weight=None,
    reduction="mean",
    convention="torch",
    from_logits=False,
    label_smoothing=0.0,
    clip=None,
):
    y = _smooth(target, label_smoothing)
    loss = bce_terms(
        input, y, from_logits=from_logits, clip=clip, convention=convention, pos_weight=pos_weight
    )
    if weight is not None:
        loss = loss * weight
    return conv_reduce(
        loss, reduction, convention=convention, elementwise=True, sample_weight=sample_weight
    )


def binary_cross_entropy_with_logits(input, target, **options):
    return binary_cross_entropy(input, target, from_logits=True, **options)


def balanced_binary_cross_entropy(
    input,
    target,
    *,
    mask=None,
    negative_ratio=3.0,
    eps=1e-6,
    from_logits=False,
    sample_weight=None,
    reduction="mean",
    convention="torch",
    clip=None,
):
    loss = bce_terms(input, target, from_logits=from_logits, clip=clip, convention=convention)
    m = np.ones_like(loss) if mask is None else mask.astype(np.float64)
    positive = target * m
    negative = (1 - target) * m
    n_pos = np.sum(positive)
    n_neg = np.sum(negative)
    k = min(n_neg, np.floor(n_pos * negative_ratio))
    # the k hardest negatives (DBNet's sort of loss * negative, over the whole array)
    hardness = np.where(negative > 0, loss * negative, -np.inf).ravel()
    order = np.argsort(-hardness, kind="stable")
    chosen = np.zeros(hardness.size)
    chosen[order[: int(k)]] = 1.0
    taken = positive + negative * chosen.reshape(loss.shape)
    s = np.ones(loss.shape) if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    terms = s * taken * loss
    if reduction == "none":
        return terms
    if reduction == "sum":
        return np.asarray(np.sum(terms))
    if convention == "keras" and s.dtype != bool:
        s = np.ones(loss.shape)  # Keras counts the entries; numeric weights stay out
    return np.asarray(np.sum(terms) / (np.sum(s * taken) + eps))


def sigmoid_focal_loss(
    input,
    target,
    *,
    alpha=0.25,
    gamma=2.0,
    reduction="mean",
    sample_weight=None,
):
    p = 1 / (1 + np.exp(-input))
    ce = target * _softplus(-input) + (1 - target) * _softplus(input)
    p_t = p * target + (1 - p) * (1 - target)
    loss = ce * (1 - p_t) ** gamma
    if alpha is not None:
        loss = (alpha * target + (1 - alpha) * (1 - target)) * loss
    return reduce(loss, reduction, sample_weight=sample_weight)


def softmax_focal_loss(
    input,
    target,
    *,
    alpha="default",
    gamma=2.0,
    weight=None,
    ignore_index=-100,
    reduction="mean",
    convention="torch",
    axis=-1,
    sample_weight=None,
    from_logits=True,
    clip=None,
):
    if input.ndim == 1:
        axis = 0
    x = to_last(input, axis)
    if isinstance(alpha, str):  # Keras' CategoricalFocalCrossentropy has 0.25, the others none
        alpha = 0.25 if convention == "keras" else None
    if from_logits and convention == "keras":  # Keras clips the softmax's probabilities
        x, from_logits = np.exp(log_softmax(x, -1)), False
    if from_logits:
        logp = log_softmax(x, -1)
        p = np.exp(logp)
    else:
        # Keras: normalized, then clipped for the log and the factor alike
        p = x / np.sum(x, axis=-1, keepdims=True)
        eps = (1e-7 if convention == "keras" else 0.0) if clip is None else clip
        if eps > 0:
            p = np.clip(p, eps, 1 - eps)
        with np.errstate(divide="ignore"):
            logp = np.maximum(np.log(p), -100.0)
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
    loss = -np.sum(w * a * y * (1 - p) ** gamma * logp, axis=-1)
    return conv_reduce(
        loss,
        reduction,
        convention=convention,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
    )


REFERENCES = {
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "balanced_binary_cross_entropy": balanced_binary_cross_entropy,
    "sigmoid_focal_loss": sigmoid_focal_loss,
    "softmax_focal_loss": softmax_focal_loss,
}
