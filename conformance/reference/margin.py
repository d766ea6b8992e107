"""Margin and ranking losses written out (torch's, or Keras' where torch has none)."""

from __future__ import annotations

import numpy as np

from ._common import reduce, to_last
from .binary import conv_reduce


def _sw(sample_weight, shape):
    return None if sample_weight is None else np.broadcast_to(sample_weight, shape)


def _signed(y):
    # {0, 1} labels (every one of them) become {-1, 1}, as Keras converts them
    return 2 * y - 1 if np.all((y == 0) | (y == 1)) else y


def hinge_loss(input, target, *, sample_weight=None, reduction="mean", convention="torch"):
    loss = np.maximum(0.0, 1 - _signed(target) * input)
    return conv_reduce(
        loss, reduction, convention=convention, elementwise=True, sample_weight=sample_weight
    )


def squared_hinge_loss(input, target, *, sample_weight=None, reduction="mean", convention="torch"):
    loss = np.maximum(0.0, 1 - _signed(target) * input) ** 2
    return conv_reduce(
        loss, reduction, convention=convention, elementwise=True, sample_weight=sample_weight
    )


def categorical_hinge_loss(
    input, target, *, sample_weight=None, reduction="mean", convention="torch", axis=-1
):
    x = to_last(input, axis)
    if np.issubdtype(target.dtype, np.integer):
        t = (target[..., None] == np.arange(x.shape[-1])).astype(np.float64)
    else:
        t = to_last(target, axis)
    pos = np.sum(t * x, axis=-1)
    neg = np.max((1 - t) * x, axis=-1) if x.size else np.zeros(x.shape[:-1])
    loss = np.maximum(0.0, neg - pos + 1)
    return conv_reduce(loss, reduction, convention=convention, sample_weight=sample_weight)


def multi_margin_loss(
    input, target, *, p=1, margin=1.0, weight=None, sample_weight=None, reduction="mean"
):
    x = input if input.ndim == 2 else input[None]
    y = np.atleast_1d(target)
    c = x.shape[-1]
    x_y = np.take_along_axis(x, y[:, None], axis=-1)
    terms = np.maximum(0.0, margin - x_y + x) ** p
    terms = np.where(np.arange(c) == y[:, None], 0.0, terms)
    w = np.ones(c) if weight is None else weight
    loss = w[y] * np.sum(terms, axis=-1) / c
    if input.ndim == 1:
        loss = loss[0]
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, np.shape(loss)))


def multilabel_margin_loss(input, target, *, sample_weight=None, reduction="mean"):
    x = input if input.ndim == 2 else input[None]
    t = target if target.ndim == 2 else target[None]
    n, c = x.shape
    loss = np.zeros(n)
    for i in range(n):
        listed = []
        for j in t[i]:
            if j < 0:
                break
            listed.append(int(j))
        is_listed = np.zeros(c, dtype=bool)
        is_listed[listed] = True
        for j in listed:  # repeats counted, as torch does
            for k in range(c):
                if not is_listed[k]:
                    loss[i] += max(0.0, 1 - (x[i, j] - x[i, k]))
    loss = loss / c
    if input.ndim == 1:
        loss = loss[0]
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, np.shape(loss)))


def multilabel_soft_margin_loss(
    input, target, *, weight=None, sample_weight=None, reduction="mean"
):
    log_sig = -np.logaddexp(0.0, -input)
    log_sig_neg = -np.logaddexp(0.0, input)
    terms = target * log_sig + (1 - target) * log_sig_neg
    if weight is not None:
        terms = terms * weight
    loss = -np.mean(terms, axis=-1) if input.shape[-1] else np.zeros(input.shape[:-1])
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, np.shape(loss)))


def soft_margin_loss(input, target, *, sample_weight=None, reduction="mean"):
    loss = np.logaddexp(0.0, -target * input)
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def margin_ranking_loss(
    input1, input2, target, *, margin=0.0, sample_weight=None, reduction="mean"
):
    loss = np.maximum(0.0, -target * (input1 - input2) + margin)
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def hinge_embedding_loss(input, target, *, margin=1.0, sample_weight=None, reduction="mean"):
    loss = np.where(target != 1, np.maximum(0.0, margin - input), 0.0) + np.where(
        target != -1, input, 0.0
    )
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def cosine_embedding_loss(
    input1, input2, target, *, margin=0.0, sample_weight=None, reduction="mean"
):
    eps = 1e-12
    dot = np.sum(input1 * input2, axis=-1)
    n1 = np.sum(input1 * input1, axis=-1) + eps
    n2 = np.sum(input2 * input2, axis=-1) + eps
    cos = dot / np.sqrt(n1 * n2)
    loss = np.where(
        target == 1, 1 - cos, np.where(target == -1, np.maximum(0.0, cos - margin), 0.0)
    )
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, np.shape(loss)))


REFERENCES = {
    f.__name__: f
    for f in (
        hinge_loss,
        squared_hinge_loss,
        categorical_hinge_loss,
        multi_margin_loss,
        multilabel_margin_loss,
        multilabel_soft_margin_loss,
        soft_margin_loss,
        margin_ranking_loss,
        hinge_embedding_loss,
        cosine_embedding_loss,
    )
}
