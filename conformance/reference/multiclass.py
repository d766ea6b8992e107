"""portloss.multiclass written out: optax's and Keras' formulas in float64 NumPy."""

from __future__ import annotations

import numpy as np

from ._common import log_softmax, reduce, to_last


def _rows(input, target, axis):
    s = to_last(input, axis)
    if np.issubdtype(target.dtype, np.integer):
        return s, np.eye(s.shape[-1])[target]
    return s, to_last(target, axis)


def _dot(t, s):
    return np.sum(np.where(t == 0, 0.0, t * np.where(t == 0, 0.0, s)), axis=-1)


def _sparsemax(z):
    zs = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    cs = np.cumsum(zs, axis=-1)
    support = 1 + k * zs > cs
    size = support.sum(-1, keepdims=True)
    tau = (np.take_along_axis(cs, size - 1, axis=-1) - 1) / size
    return np.maximum(z - tau, 0)


def generalized_cross_entropy(
    input,
    target,
    *,
    q=0.5,
    from_logits=False,
    reduction="mean",
    sample_weight=None,
    axis=-1,
    convention="torch",
):
    s = to_last(input, axis)
    p = np.exp(log_softmax(s, -1)) if from_logits else s
    p_y = np.take_along_axis(p, target[..., None], axis=-1)[..., 0]
    # Keras divides the weighted sum by the count (a constant weight scales the mean)
    denominator = "count" if convention == "keras" else "weights"
    return reduce(
        (1 - p_y**q) / q, reduction, sample_weight=sample_weight, mean_denominator=denominator
    )


def multiclass_hinge_loss(input, target, *, reduction="mean", sample_weight=None, axis=-1):
    s, t = _rows(input, target, axis)
    return reduce(np.max(s + 1 - t, -1) - _dot(t, s), reduction, sample_weight=sample_weight)


def multiclass_perceptron_loss(input, target, *, reduction="mean", sample_weight=None, axis=-1):
    s, t = _rows(input, target, axis)
    return reduce(np.max(s, -1) - _dot(t, s), reduction, sample_weight=sample_weight)


def perceptron_loss(input, target, *, reduction="mean", sample_weight=None):
    return reduce(np.maximum(0.0, -input * target), reduction, sample_weight=sample_weight)


def binary_sparsemax_loss(input, target, *, reduction="mean", sample_weight=None):
    # optax: sparse_plus(where(label, -s, s)); a probability t: sparsemax_loss on the two
    # scores (0, s) against (1 - t, t)
    s = np.stack([np.zeros_like(input), input], -1)
    t = np.stack([1.0 - target, target], -1).astype(np.float64)
    return sparsemax_loss(s, t, reduction=reduction, sample_weight=sample_weight)


def sparsemax_loss(input, target, *, reduction="mean", sample_weight=None, axis=-1):
    s, t = _rows(input, target, axis)
    p = _sparsemax(s)
    loss = np.sum(p * s - 0.5 * p * p + 0.5 * t * t, -1) - _dot(t, s)
    return reduce(loss, reduction, sample_weight=sample_weight)


def fenchel_young_loss(
    input,
    target,
    *,
    max_fun="logsumexp",
    complete=False,
    reduction="mean",
    sample_weight=None,
    axis=-1,
):
    s, t = _rows(input, target, axis)
    if max_fun == "logsumexp":
        m = s.max(-1, keepdims=True)
        conj = (m + np.log(np.exp(s - m).sum(-1, keepdims=True)))[..., 0]
        omega = np.sum(np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0), -1)
    elif max_fun == "sparsemax":
        p = _sparsemax(s)
        conj, omega = np.sum(p * s - 0.5 * p * p, -1), 0.5 * np.sum(t * t, -1)
    else:
        conj, omega = np.max(s, -1), 0.0
    loss = conj - _dot(t, s) + (omega if complete else 0.0)
    return reduce(loss, reduction, sample_weight=sample_weight)


def generalized_kl_divergence(
    input, target, *, where=None, reduction="mean", sample_weight=None, axis=-1
):
    # optax: jnp.sum(..., axis=axis, where=where); a tuple axis sums over all of them
    axes = axis if isinstance(axis, tuple) else (axis,)
    keep = np.ones(input.shape, bool) if where is None else np.broadcast_to(where, input.shape)
    xlogx = np.where(target > 0, target * np.log(np.where(target > 0, target, 1.0)), 0.0)
    terms = xlogx - target * input + np.exp(input) - target
    loss = np.sum(np.where(keep, terms, 0.0), axis=axes)
    valid = None if where is None else np.any(keep, axis=axes)
    return reduce(loss, reduction, valid=valid, sample_weight=sample_weight)


def softmax_cross_entropy(
    input, target, *, where=None, reduction="mean", sample_weight=None, axis=-1
):
    s, t = _rows(input, target, axis)
    keep = (
        np.ones(s.shape, bool) if where is None else np.broadcast_to(to_last(where, axis), s.shape)
    )
    z = np.where(keep, s, -np.inf)
    m = z.max(-1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))
    used = keep & (t != 0)
    loss = -np.sum(np.where(used, t * np.where(used, logp, 0.0), 0.0), -1)
    return reduce(loss, reduction, sample_weight=sample_weight)


REFERENCES = {
    "binary_sparsemax_loss": binary_sparsemax_loss,
    "fenchel_young_loss": fenchel_young_loss,
    "generalized_cross_entropy": generalized_cross_entropy,
    "generalized_kl_divergence": generalized_kl_divergence,
    "multiclass_hinge_loss": multiclass_hinge_loss,
    "multiclass_perceptron_loss": multiclass_perceptron_loss,
    "perceptron_loss": perceptron_loss,
    "softmax_cross_entropy": softmax_cross_entropy,
    "sparsemax_loss": sparsemax_loss,
}
