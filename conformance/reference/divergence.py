"""Divergences, embedding losses and label utilities written out."""

from __future__ import annotations

import math

import numpy as np

from ._common import reduce, to_last
from ._convention import reduce_as


def _sw(sample_weight, shape):
    return None if sample_weight is None else np.broadcast_to(sample_weight, shape)


def _xlogy(x, y):
    return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))


def kl_div(
    input, target, *, sample_weight=None, reduction="mean", log_target=False,
    convention="torch", clip=None, log_input=True,
):  # fmt: skip
    keras = convention == "keras"
    clip = (1e-7 if keras else 0.0) if clip is None else clip
    if not log_input:  # probabilities: clipped (Keras), then their log
        input = np.log(np.clip(input, clip, 1.0) if clip > 0 else input)
    if clip > 0:  # Keras: both probabilities clipped to [clip, 1]
        input = np.clip(input, np.log(clip), 0.0)
        target = np.clip(target, np.log(clip), 0.0) if log_target else np.clip(target, clip, 1.0)
    if log_target:
        p = np.exp(target)
        loss = np.where(p == 0, 0.0, p * (target - input))
    else:
        loss = _xlogy(target, target) - target * input
        loss = np.where(target < 0, np.nan, loss)
    if keras and loss.ndim:
        loss = np.sum(loss, axis=-1)  # Keras' per-sample loss
    if reduction != "batchmean":
        return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)
    if loss.ndim == 0:
        return reduce_as(loss, "sum", sample_weight=sample_weight, convention=convention)
    n, m = input.shape[0], loss.size
    if m == 0:
        return np.asarray(np.nan)  # torch: 0 / 0
    mean = reduce_as(loss, "mean", sample_weight=sample_weight, convention=convention)
    return np.asarray(mean * m / n)


def js_divergence(
    input,
    target,
    *,
    log_input=False,
    log_target=False,
    axis=-1,
    sample_weight=None,
    reduction="mean",
    convention="torch",
):
    p = np.exp(input) if log_input else input
    q = np.exp(target) if log_target else target
    p, q = to_last(p, axis), to_last(q, axis)
    m = 0.5 * (p + q)
    terms = 0.5 * (_xlogy(p, p) - _xlogy(p, m)) + 0.5 * (_xlogy(q, q) - _xlogy(q, m))
    terms = np.where((p < 0) | (q < 0), np.nan, terms)
    loss = np.sum(terms, axis=-1)
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


def cosine_similarity_loss(
    input,
    target,
    *,
    where=None,
    axis=-1,
    eps=1e-7,
    sample_weight=None,
    reduction="mean",
    convention="torch",
):
    # optax: sums over a tuple axis, and over the entries where keeps only
    if where is not None:
        input, target = np.where(where, input, 0.0), np.where(where, target, 0.0)

    def unit(v):
        return v / np.maximum(np.sqrt(np.sum(v * v, axis=axis, keepdims=True)), eps)

    loss = -np.sum(unit(input) * unit(target), axis=axis)
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


def _pnorm(d, p):
    if p == math.inf:
        return np.max(np.abs(d), axis=-1)
    return np.sum(np.abs(d) ** p, axis=-1) ** (1.0 / p)


def triplet_margin_loss(
    anchor,
    positive,
    negative,
    *,
    margin=1.0,
    p=2.0,
    eps=1e-6,
    eps_mode="difference",
    swap=False,
    sample_weight=None,
    reduction="mean",
    convention="torch",
    axis=-1,
):
    anchor, positive, negative = (np.moveaxis(v, axis, -1) for v in (anchor, positive, negative))

    def d(u, v):
        if eps_mode == "power_sum":  # optax: eps under the root
            return (np.sum(np.abs(u - v) ** p, axis=-1) + eps) ** (1.0 / p)
        return _pnorm(u - v + eps, p)

    d_neg = d(anchor, negative)
    if swap:
        d_neg = np.minimum(d_neg, d(positive, negative))
    loss = np.maximum(0.0, margin + d(anchor, positive) - d_neg)
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


def triplet_margin_with_distance_loss(
    anchor,
    positive,
    negative,
    *,
    distance_function=None,
    margin=1.0,
    swap=False,
    sample_weight=None,
    reduction="mean",
):
    if distance_function is None:

        def d(u, v):
            return _pnorm(u - v + 1e-6, 2.0)

    else:
        # The case's distance function is an Array API function of the suite (not
        # portloss); NumPy arrays run it.
        def d(u, v):
            return np.asarray(distance_function(u, v), dtype=np.float64)

    d_neg = d(anchor, negative)
    if swap:
        d_neg = np.minimum(d_neg, d(positive, negative))
    loss = np.maximum(0.0, margin + d(anchor, positive) - d_neg)
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def ntxent_loss(embeddings, labels, *, temperature=0.07, sample_weight=None, reduction="mean"):
    n = embeddings.shape[0]
    eps = np.finfo(np.float64).eps
    u = embeddings / np.sqrt(np.maximum(np.sum(embeddings**2, axis=-1, keepdims=True), eps))
    z = u @ u.T / temperature
    same = labels[:, None] == labels[None, :]
    itself = np.eye(n, dtype=bool)
    positive = same & ~itself
    negative = ~same
    loss = np.zeros((n, n))
    for i in range(n):
        neg_sum = np.sum(np.exp(z[i][negative[i]]))
        for j in range(n):
            if positive[i, j]:
                loss[i, j] = -z[i, j] + np.log(np.exp(z[i, j]) + neg_sum)
    sw = _sw(sample_weight, loss.shape)
    return reduce(loss, reduction, valid=positive, sample_weight=sw)


def class_weights(counts, *, method="inverse", normalize=False, beta=None, c=None, dtype=None):
    n = counts.astype(np.float64)
    total = np.sum(n)
    with np.errstate(divide="ignore"):
        if method == "inverse":
            w = 1.0 / n
        elif method == "inverse_sqrt":
            w = 1.0 / np.sqrt(n)
        elif method == "balanced":
            w = total / (n.size * n)
        elif method == "enet":
            w = 1.0 / np.log((1.02 if c is None else c) + n / total)
        else:  # effective_number
            b = 0.999 if beta is None else beta
            w = (1 - b) / (1 - b**n)
    if normalize in (True, "mean"):
        w = w * n.size / np.sum(w)
    elif normalize == "sum":
        w = w / np.sum(w)
    return w


def one_hot(target, num_classes, *, axis=-1, dtype=None):
    out = (target[..., None] == np.arange(num_classes)).astype(np.float64)
    return np.moveaxis(out, -1, axis)


def smooth_labels(
    target, label_smoothing, *, num_classes=None, smoothing_variant="uniform", axis=None, dtype=None
):
    alpha, variant = label_smoothing, smoothing_variant
    if np.issubdtype(target.dtype, np.integer) and variant != "binary":
        t = one_hot(target, num_classes, axis=-1 if axis is None else axis)
    else:
        t = target.astype(np.float64)
    if variant == "binary":
        return (1 - alpha) * t + alpha / 2
    c = t.shape[-1 if axis is None else axis]
    if variant == "others":
        return (1 - alpha) * t + alpha / (c - 1) * (1 - t)
    return (1 - alpha) * t + alpha / c


REFERENCES = {
    f.__name__: f
    for f in (
        kl_div,
        js_divergence,
        cosine_similarity_loss,
        triplet_margin_loss,
        triplet_margin_with_distance_loss,
        ntxent_loss,
        class_weights,
        one_hot,
        smooth_labels,
    )
}
