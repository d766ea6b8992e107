"""Metric-learning losses written out in float64 NumPy: angles from arccos, distances from
explicit differences, mining by loops over anchors (independent of portloss's masks)."""

from __future__ import annotations

import numpy as np

from ._common import reduce


def _unit(x, eps=1e-12):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), eps)


def _dist(x, y, metric="euclidean", eps=1e-12):
    if metric == "cosine":
        return 1.0 - _unit(x, eps) @ _unit(y, eps).T
    sq = np.sum((x[:, None, :] - y[None, :, :]) ** 2, axis=-1)
    return sq if metric == "squared" else np.sqrt(sq)


def pairwise_distances(x, y=None, *, metric="euclidean", eps=1e-12):
    return _dist(x, x if y is None else y, metric, eps)


def _cos(e, w, k=1):
    cos = _unit(e) @ _unit(w).T
    return cos.reshape(len(e), -1, k).max(axis=-1)


def _ce(logits, y):
    m = logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(logits - m).sum(axis=1)) + m[:, 0]
    return lse - logits[np.arange(len(y)), y]


def _margin(cos, y, target, scale):
    logits = cos.copy()
    rows = np.arange(len(y))
    logits[rows, y] = target
    return _ce(scale * logits, y)


def arcface_loss(e, w, y, *, scale=64.0, margin=0.5, easy_margin=False, k=1,
                 sample_weight=None, reduction="mean"):  # fmt: skip
    cos = _cos(e, w, k)
    c = cos[np.arange(len(y)), y]
    theta = np.arccos(np.clip(c, -1, 1))
    phi = np.cos(theta + margin)
    if easy_margin:
        phi = np.where(c > 0, phi, c)
    else:  # past theta + m > pi: the linear continuation
        phi = np.where(theta + margin < np.pi, phi, c - margin * np.sin(margin))
    return reduce(_margin(cos, y, phi, scale), reduction, sample_weight=sample_weight)


def cosface_loss(e, w, y, *, scale=64.0, margin=0.35, sample_weight=None, reduction="mean"):
    cos = _cos(e, w)
    phi = cos[np.arange(len(y)), y] - margin
    return reduce(_margin(cos, y, phi, scale), reduction, sample_weight=sample_weight)


def sphereface_loss(e, w, y, *, scale=64.0, margin=4, sample_weight=None, reduction="mean"):
    cos = _cos(e, w)
    theta = np.arccos(np.clip(cos[np.arange(len(y)), y], -1, 1))
    k = np.minimum(np.floor(margin * theta / np.pi), margin - 1)
    psi = (-1.0) ** k * np.cos(margin * theta) - 2 * k
    return reduce(_margin(cos, y, psi, scale), reduction, sample_weight=sample_weight)


def _lse(values):
    if len(values) == 0:
        return -np.inf
    m = max(values)
    return m + np.log(sum(np.exp(v - m) for v in values))


def circle_loss(e, y, *, gamma=80.0, margin=0.4, remove_diagonal=True, normalize=None,
                ref_embeddings=None, ref_labels=None, sample_weight=None,
                reduction="mean", convention="torch"):  # fmt: skip
    r = e if ref_embeddings is None else ref_embeddings
    ry = y if ref_labels is None else ref_labels
    if normalize is None:  # Keras does not normalise
        normalize = convention != "keras"
    if normalize:
        e, r = _unit(e), _unit(r)
    d = np.maximum(1 - e @ r.T, 0.0)
    loss, valid = np.zeros(len(e)), np.zeros(len(e), dtype=bool)
    for i in range(len(e)):
        pos = [j for j in range(len(r)) if ry[j] == y[i] and not (remove_diagonal and j == i)]
        neg = [j for j in range(len(r)) if ry[j] != y[i]]
        p = _lse([-gamma * (margin + d[i, j]) * (margin - d[i, j]) for j in pos])
        n = _lse([gamma * max(1 + margin - d[i, j], 0) * (1 - margin - d[i, j]) for j in neg])
        valid[i] = bool(pos) and bool(neg)
        loss[i] = np.logaddexp(0.0, p + n) if valid[i] else 0.0
    # the mean over the rows that take part: their weights (torch), their number (Keras)
    denominator = "count" if convention == "keras" else "weights"
    return reduce(loss, reduction, valid=valid, sample_weight=sample_weight,
                  mean_denominator=denominator, empty_mean="zero")  # fmt: skip


def multi_similarity_loss(e, y, *, alpha=2.0, beta=50.0, base=0.5, sample_weight=None,
                          reduction="mean"):  # fmt: skip
    s = _unit(e) @ _unit(e).T
    loss = np.zeros(len(e))
    for i in range(len(e)):
        pos = [s[i, j] for j in range(len(e)) if y[j] == y[i] and j != i]
        neg = [s[i, j] for j in range(len(e)) if y[j] != y[i]]
        loss[i] = (
            np.log1p(sum(np.exp(-alpha * (v - base)) for v in pos)) / alpha
            + np.log1p(sum(np.exp(beta * (v - base)) for v in neg)) / beta
        )
    return reduce(loss, reduction, sample_weight=sample_weight)


def _groups(y):
    n = len(y)
    pos = [[j for j in range(n) if y[j] == y[i] and j != i] for i in range(n)]
    neg = [[j for j in range(n) if y[j] != y[i]] for i in range(n)]
    return pos, neg


def batch_hard_triplet_loss(e, y, *, margin=1.0, metric="euclidean", soft_margin=False,
                            sample_weight=None, reduction="mean"):  # fmt: skip
    d = _dist(e, e, metric)
    pos, neg = _groups(y)
    loss, valid = np.zeros(len(e)), np.zeros(len(e), dtype=bool)
    for a in range(len(e)):
        if pos[a] and neg[a]:
            gap = max(d[a, pos[a]]) - min(d[a, neg[a]])
            loss[a] = np.logaddexp(0.0, gap) if soft_margin else max(margin + gap, 0.0)
            valid[a] = True
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, valid=valid, sample_weight=sw)


def batch_all_triplet_loss(e, y, *, margin=1.0, metric="euclidean", sample_weight=None,
                           reduction="mean"):  # fmt: skip
    d = _dist(e, e, metric)
    n = len(e)
    pos, neg = _groups(y)
    loss = np.zeros((n, n, n))
    for a in range(n):
        for p in pos[a]:
            for q in neg[a]:
                loss[a, p, q] = max(margin + d[a, p] - d[a, q], 0.0)
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, valid=loss > 0, sample_weight=sw, empty_mean="zero")


def triplet_semihard_loss(e, y, *, margin=1.0, metric="euclidean", sample_weight=None,
                          reduction="mean"):  # fmt: skip
    d = _dist(e, e, metric)
    n = len(e)
    pos, neg = _groups(y)
    loss, valid = np.zeros((n, n)), np.zeros((n, n), dtype=bool)
    for a in range(n):
        for p in pos[a]:
            beyond = [d[a, q] for q in neg[a] if d[a, q] > d[a, p]]
            fallback = max(d[a, neg[a]]) if neg[a] else min(d[a])
            semi = min(beyond) if beyond else fallback
            loss[a, p] = max(margin + d[a, p] - semi, 0.0)
            valid[a, p] = True
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, valid=valid, sample_weight=sw)


REFERENCES = {
    f.__name__: f
    for f in (
        pairwise_distances,
        arcface_loss,
        cosface_loss,
        sphereface_loss,
        circle_loss,
        multi_similarity_loss,
        batch_hard_triplet_loss,
        batch_all_triplet_loss,
        triplet_semihard_loss,
    )
}
