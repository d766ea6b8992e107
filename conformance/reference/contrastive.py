"""Contrastive losses written out: CLIP, InfoNCE, SigLIP, SupCon, ranking softmax.

Plain float64 NumPy loops over pairs, from the papers' formulas (open_clip,
sentence-transformers, the SupContrast reference code, optax), not from portloss.
"""

from __future__ import annotations

import numpy as np

from ._common import log_softmax, reduce


def _sw(sample_weight, shape):
    return None if sample_weight is None else np.broadcast_to(sample_weight, shape)


def _unit(x, normalize):
    if not normalize:
        return x
    norm = np.sqrt(np.sum(x * x, axis=-1, keepdims=True))
    return x / np.maximum(norm, 1e-12)


def _ce_rows(logits, smoothing=0.0):
    """torch's cross entropy of row i against column i, with uniform label smoothing."""
    lp = log_softmax(logits, axis=1)
    n, c = logits.shape
    out = np.empty(n)
    for i in range(n):
        out[i] = (1 - smoothing) * -lp[i, i] + smoothing / c * -np.sum(lp[i])
    return out


def clip_loss(
    image_features,
    text_features,
    *,
    logit_scale,
    normalize=True,
    label_smoothing=0.0,
    sample_weight=None,
    reduction="mean",
):
    u, v = _unit(image_features, normalize), _unit(text_features, normalize)
    logits = logit_scale * (u @ v.T)
    loss = (_ce_rows(logits, label_smoothing) + _ce_rows(logits.T, label_smoothing)) / 2
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def infonce_loss(
    anchor, positive, negatives=None, *, scale=20.0, normalize=True, sample_weight=None,
    reduction="mean",
):  # fmt: skip
    candidates = positive if negatives is None else np.concatenate(
        [positive, negatives.reshape(-1, anchor.shape[-1])]
    )  # fmt: skip
    logits = scale * (_unit(anchor, normalize) @ _unit(candidates, normalize).T)
    loss = _ce_rows(logits)
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def siglip_loss(
    image_features,
    text_features,
    *,
    logit_scale=10.0,
    logit_bias=-10.0,
    normalize=True,
    sample_weight=None,
    reduction="mean",
):
    u, v = _unit(image_features, normalize), _unit(text_features, normalize)
    n = u.shape[0]
    loss = np.zeros(n)
    for i in range(n):
        for j in range(n):
            y = 1.0 if i == j else -1.0
            z = logit_scale * np.dot(u[i], v[j]) + logit_bias
            loss[i] += np.logaddexp(0.0, -y * z)  # -log sigmoid(y z)
    return reduce(loss, reduction, sample_weight=_sw(sample_weight, loss.shape))


def supcon_loss(
    features,
    labels=None,
    *,
    mask=None,
    temperature=0.07,
    base_temperature=0.07,
    contrast_mode="all",
    normalize=True,
    sample_weight=None,
    reduction="mean",
):
    n, views = features.shape[:2]
    f = _unit(features.reshape(n, views, -1), normalize)
    if mask is not None:
        pos = mask.astype(np.float64)
    elif labels is not None:
        pos = (labels[:, None] == labels[None, :]).astype(np.float64)
    else:
        pos = np.eye(n)
    anchors = views if contrast_mode == "all" else 1
    loss, valid = np.zeros((n, anchors)), np.zeros((n, anchors), dtype=bool)
    others = [(j, w) for w in range(views) for j in range(n)]
    for i in range(n):
        for a in range(anchors):
            rest = [(j, w) for (j, w) in others if (j, w) != (i, a)]
            z = {jw: np.dot(f[i, a], f[jw[0], jw[1]]) / temperature for jw in rest}
            lse = np.log(np.sum(np.exp(list(z.values())))) if rest else -np.inf
            weights = {jw: pos[i, jw[0]] for jw in rest}
            count = sum(weights.values())
            if count != 0:
                total = sum(m * (z[jw] - lse) for jw, m in weights.items() if m != 0)
                loss[i, a] = -(temperature / base_temperature) * total / count
                valid[i, a] = True
    return reduce(loss, reduction, valid=valid, sample_weight=_sw(sample_weight, loss.shape))


def ranking_softmax_loss(
    logits, labels, *, where=None, weights=None, sample_weight=None, reduction="mean"
):
    lists = logits.reshape(-1, logits.shape[-1])
    y = labels.reshape(lists.shape).astype(np.float64)
    w = np.ones(lists.shape) if weights is None else weights.reshape(lists.shape)
    ok = np.ones(lists.shape, dtype=bool) if where is None else where.reshape(lists.shape)
    loss, valid = np.zeros(len(lists)), ok.any(axis=1)
    for i in range(len(lists)):
        s = lists[i][ok[i]]
        if s.size:
            lp = s - np.log(np.sum(np.exp(s - s.max()))) - s.max()
            loss[i] = -np.sum(w[i][ok[i]] * y[i][ok[i]] * lp)
    shape = logits.shape[:-1]
    loss, valid = loss.reshape(shape), valid.reshape(shape)
    sw = _sw(sample_weight, shape)
    return reduce(loss, reduction, valid=valid, sample_weight=sw, empty_mean="zero")


REFERENCES = {
    f.__name__: f for f in (clip_loss, infonce_loss, siglip_loss, supcon_loss, ranking_softmax_loss)
}
