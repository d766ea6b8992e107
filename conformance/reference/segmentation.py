"""Overlap losses (Dice, Jaccard, Tversky, focal Tversky, generalized Dice) and the
Lovász losses, written out: per-(sample, class) sums, then the documented weighting.
The Lovász formulas follow Berman et al.'s reference code (sort, Jaccard gradient).
"""

from __future__ import annotations

import numpy as np

from ._common import reduce


def _activate(x, activation, axis):
    if activation == "softmax":
        e = np.exp(x - np.max(x, axis=axis, keepdims=True)) if x.size else x
        return e / np.sum(e, axis=axis, keepdims=True) if x.size else x
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-x))
    return x


def _terms(
    input,
    target,
    *,
    activation,
    axis,
    include_background,
    ignore_index,
    squared,
    batch,
    mask=None,
    soft_label=False,
):
    """(N, C') or (C',) sums I, P, T (and the squared P, T), class axis last.

    ``mask`` (MONAI's MaskedDiceLoss) multiplies p and t; ``soft_label`` takes MONAI's
    intersection (P + T - sum |p - t|) / 2."""
    axis = axis % input.ndim
    p = np.moveaxis(_activate(input.astype(np.float64), activation, axis), axis, -1)
    c = p.shape[-1]
    if target.shape == input.shape:
        t = np.moveaxis(target.astype(np.float64), axis, -1)
        valid = np.ones((*t.shape[:-1], 1), dtype=bool)
    else:
        valid = (target != ignore_index)[..., None]
        t = (np.where(valid[..., 0], target, -1)[..., None] == np.arange(c)).astype(np.float64)
    p = np.where(valid, p, 0.0)
    t = np.where(valid, t, 0.0)
    if mask is not None:
        m = mask[..., None] if mask.ndim == input.ndim - 1 else np.moveaxis(mask, axis, -1)
        p, t = p * m, t * m
    if not include_background:
        p, t = p[..., 1:], t[..., 1:]
    axes = tuple(range(0 if batch else 1, p.ndim - 1))
    inter = np.sum(p * t, axis=axes)
    if soft_label and not squared:
        inter = 0.5 * (np.sum(p, axis=axes) + np.sum(t, axis=axes) - np.sum(abs(p - t), axis=axes))
    pred = np.sum(p * p if squared else p, axis=axes)
    targ = np.sum(t * t if squared else t, axis=axes)
    return inter, np.sum(p, axis=axes), np.sum(t, axis=axes), pred, targ


def _smooth(smooth, smooth_numerator, smooth_denominator):
    nr = smooth if smooth_numerator is None else smooth_numerator
    dr = smooth if smooth_denominator is None else smooth_denominator
    return nr, dr


def _ratio(num, den, empty=1.0):
    return np.where(den == 0, empty, num / np.where(den == 0, 1.0, den))


def _finish(
    loss,
    present,
    weight,
    sample_weight,
    reduction,
    *,
    empty_target,
    mean_denominator,
    include_background,
    batch,
    keep=None,
):
    valid = None
    if empty_target == "zero":
        loss = np.where(present, loss, 0.0)
    elif empty_target == "ignore":
        valid = present
    if keep is not None:
        keep = np.broadcast_to(keep, loss.shape)
        valid = keep if valid is None else valid & keep
    w = None
    if weight is not None:
        w = weight[1:] if not include_background else weight
        w = np.broadcast_to(w, loss.shape)
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    if mean_denominator == "weights":
        if w is not None:
            sw = w if sw is None else sw * w
    else:
        if w is not None:
            loss = loss * w
        if sw is not None and sw.dtype != bool:
            loss = loss * sw
            sw = None
    return reduce(loss, reduction, valid=valid, sample_weight=sw)


def _overlap(input, target, kw, index):
    # Keras' Dice/Tversky defaults: axis=None (batch and classes pooled), epsilon 1e-7
    # in the denominator only, and its count mean.
    keras = kw.pop("convention", "torch") == "keras"
    pool = kw.pop("pool_classes", keras)
    o = dict(
        activation=kw.pop("activation", None),
        axis=kw.pop("axis", -1),
        include_background=kw.pop("include_background", True),
        ignore_index=kw.pop("ignore_index", -100),
        squared=kw.pop("squared", False),
        batch=kw.pop("batch", keras),
        mask=kw.pop("mask", None),
        soft_label=kw.pop("soft_label", False),
    )
    log_loss = kw.pop("log_loss", False)
    classes = kw.pop("classes", None)
    nr, dr = _smooth(
        kw.pop("smooth", 1e-5),
        kw.pop("smooth_numerator", 0.0 if keras else None),
        kw.pop("smooth_denominator", 1e-7 if keras else None),
    )
    sums = _terms(input, target, **o)
    if pool:
        sums = tuple(np.sum(s, axis=-1) for s in sums)
    inter, p_sum, t_sum, pred, targ = sums
    loss = index(inter, p_sum, t_sum, pred, targ, nr, dr, kw)
    if log_loss:  # segmentation_models_pytorch: -log(max(score, 1e-7))
        loss = -np.log(np.maximum(1 - loss, 1e-7))
    keep = None
    if classes is not None:
        first = 0 if o["include_background"] else 1
        keep = np.isin(np.arange(first, first + loss.shape[-1]), classes)
    return _finish(
        loss,
        t_sum > 0,
        kw.pop("weight", None),
        kw.pop("sample_weight", None),
        kw.pop("reduction", "mean"),
        empty_target=kw.pop("empty_target", "keep"),
        mean_denominator=kw.pop("mean_denominator", "count" if keras else "weights"),
        include_background=o["include_background"],
        batch=o["batch"],
        keep=keep,
    )


def dice_loss(input, target, **kw):
    return _overlap(
        input,
        target,
        kw,
        lambda i, p, t, pred, targ, nr, dr, kw: 1 - _ratio(2 * i + nr, pred + targ + dr),
    )


def jaccard_loss(input, target, **kw):
    return _overlap(
        input,
        target,
        kw,
        lambda i, p, t, pred, targ, nr, dr, kw: 1 - _ratio(i + nr, pred + targ - i + dr),
    )


def _tversky(i, p, t, nr, dr, alpha, beta):
    return _ratio(i + nr, i + alpha * (p - i) + beta * (t - i) + dr)


def tversky_loss(input, target, *, alpha=0.5, beta=0.5, **kw):
    if kw.get("convention") == "keras":  # Keras' alpha weighs the false negatives
        alpha, beta = beta, alpha
    return _overlap(
        input,
        target,
        kw,
        lambda i, p, t, pred, targ, nr, dr, kw: 1 - _tversky(i, p, t, nr, dr, alpha, beta),
    )


def focal_tversky_loss(input, target, *, alpha=0.5, beta=0.5, gamma=0.75, **kw):
    def index(i, p, t, pred, targ, nr, dr, kw):
        base = 1 - _tversky(i, p, t, nr, dr, alpha, beta)
        return np.where(base > 0, np.maximum(base, 0.0) ** gamma, 0.0)

    return _overlap(input, target, kw, index)


def generalized_dice_loss(
    input,
    target,
    *,
    weight_type="square",
    activation=None,
    axis=-1,
    include_background=True,
    smooth=1e-5,
    smooth_numerator=None,
    smooth_denominator=None,
    batch=False,
    sample_weight=None,
    ignore_index=-100,
    reduction="mean",
    mask=None,
    soft_label=False,
):
    nr, dr = _smooth(smooth, smooth_numerator, smooth_denominator)
    inter, p_sum, t_sum, _, _ = _terms(
        input,
        target,
        activation=activation,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        squared=False,
        batch=batch,
        mask=mask,
        soft_label=soft_label,
    )
    if weight_type == "uniform":
        w = np.ones_like(t_sum)
    else:
        power = t_sum**2 if weight_type == "square" else t_sum
        with np.errstate(divide="ignore"):
            raw = np.where(power == 0, np.inf, 1.0 / np.where(power == 0, 1.0, power))
        infinite = np.isinf(raw)
        finite = np.where(infinite, 0.0, raw)
        largest = np.max(finite, axis=-1, keepdims=True)
        w = np.where(infinite, largest, finite)
    num = 2 * np.sum(w * inter, axis=-1) + nr
    den = np.sum(w * (p_sum + t_sum), axis=-1) + dr
    loss = 1 - _ratio(num, den)
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


def _lovasz_grad(gt_sorted):
    gts = gt_sorted.sum()
    intersection = gts - np.cumsum(gt_sorted)
    union = gts + np.cumsum(1.0 - gt_sorted)
    jaccard = 1.0 - intersection / union
    if len(gt_sorted) > 1:
        jaccard[1:] = jaccard[1:] - jaccard[:-1]
    return jaccard


def _hinge_flat(logits, labels):
    if len(labels) == 0:
        return 0.0
    errors = 1.0 - logits * (2.0 * labels - 1.0)
    perm = np.argsort(-errors, kind="stable")
    return float(np.dot(np.maximum(errors[perm], 0.0), _lovasz_grad(labels[perm])))


def lovasz_hinge_loss(
    input, target, *, per_image=True, ignore_index=-100, sample_weight=None, reduction="mean"
):
    def flat(x, y):
        x, y = x.reshape(-1), y.reshape(-1)
        keep = y != ignore_index
        return x[keep], y[keep].astype(np.float64)

    if per_image:
        loss = np.array([_hinge_flat(*flat(x, y)) for x, y in zip(input, target)])
    else:
        loss = np.asarray(_hinge_flat(*flat(input, target)))
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


def _softmax_flat(probas, labels, classes, weight=None):
    if probas.size == 0:
        return 0.0
    losses = []
    for c in range(probas.shape[1]) if classes in ("all", "present") else classes:
        fg = (labels == c).astype(np.float64)
        if classes == "present" and fg.sum() == 0:
            continue
        errors = np.abs(fg - probas[:, c])
        perm = np.argsort(-errors, kind="stable")
        w = 1.0 if weight is None else weight[c]  # kornia: weights the term, not the mean
        losses.append(w * np.dot(errors[perm], _lovasz_grad(fg[perm])))
    return float(np.mean(losses)) if losses else 0.0


def lovasz_softmax_loss(
    input,
    target,
    *,
    activation=None,
    axis=-1,
    classes="present",
    per_image=False,
    ignore_index=-100,
    weight=None,
    sample_weight=None,
    reduction="mean",
):
    axis = axis % input.ndim
    p = np.moveaxis(_activate(input.astype(np.float64), activation, axis), axis, -1)
    c = p.shape[-1]

    def flat(pp, y):
        pp, y = pp.reshape(-1, c), y.reshape(-1)
        keep = y != ignore_index
        return pp[keep], y[keep]

    if per_image:
        loss = np.array([_softmax_flat(*flat(pp, y), classes, weight) for pp, y in zip(p, target)])
    else:
        loss = np.asarray(_softmax_flat(*flat(p, target), classes, weight))
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


def _per_sample(x, pooled):
    if pooled:
        return np.mean(x)
    return np.mean(x, axis=tuple(range(1, x.ndim))) if x.ndim > 1 else x


def _ce(input, target, axis, weight, label_smoothing, ignore_index, sample_weight, reduction):
    """MONAI's CE term: softmax cross entropy; binary CE on logits with one class."""
    from .binary import binary_cross_entropy_with_logits
    from .classification import cross_entropy

    if sample_weight is not None:
        sample_weight = sample_weight.reshape((-1,) + (1,) * (input.ndim - 2))
    if input.shape[axis] == 1:
        sw = None if sample_weight is None else sample_weight[..., None]
        return binary_cross_entropy_with_logits(
            input,
            target.astype(np.float64),
            pos_weight=weight,
            sample_weight=sw,
            reduction=reduction,
        )
    if target.shape == input.shape:
        target = target.astype(np.float64)
    return cross_entropy(
        input,
        target,
        weight=weight,
        sample_weight=sample_weight,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
        axis=axis,
        reduction=reduction,
    )


def _weighted_mean(loss, sample_weight):
    """torch's weighted mean of (N, ...) losses with a per-sample weight (N,)."""
    if sample_weight is None:
        return np.mean(loss)
    sw = np.broadcast_to(sample_weight.reshape((-1,) + (1,) * (loss.ndim - 1)), loss.shape)
    return np.sum(loss * sw) / np.sum(sw.astype(np.float64))


def _compound(terms, sample_weight, reduction, pooled):
    """MONAI reduces each term on its own ("mean"); portloss' "none" is per sample the
    sum of each term's mean over its non-batch axes and "sum" the sum of "none"."""
    if reduction == "mean":
        return sum(lam * mean for lam, _, mean in terms)
    per = sum(lam * _per_sample(loss, pooled and i == 0) for i, (lam, loss, _) in enumerate(terms))
    return reduce(per, reduction, sample_weight=sample_weight)


def dice_ce_loss(
    input,
    target,
    *,
    lambda_dice=1.0,
    lambda_ce=1.0,
    activation=None,
    axis=-1,
    weight=None,
    label_smoothing=0.0,
    ignore_index=-100,
    sample_weight=None,
    reduction="mean",
    **kw,
):
    c = input.shape[axis]
    dice = dice_loss(
        input,
        target,
        activation=activation or ("softmax" if c > 1 else "sigmoid"),
        axis=axis,
        weight=weight if c > 1 else None,
        ignore_index=ignore_index,
        mean_denominator="count",
        reduction="none",
        **kw,
    )
    args = (input, target, axis % input.ndim, weight, label_smoothing, ignore_index)
    terms = [
        (lambda_dice, dice, _weighted_mean(dice, sample_weight)),
        (lambda_ce, _ce(*args, None, "none"), _ce(*args, sample_weight, "mean")),
    ]
    return _compound(terms, sample_weight, reduction, kw.get("batch", False))


def _focal(input, target, axis, gamma, alpha, include_background, ignore_index, weight):
    """(N, C') class-weighted means over the valid pixels of the sigmoid focal loss."""
    x = np.moveaxis(input.astype(np.float64), axis, -1)
    c = x.shape[-1]
    if target.shape == input.shape:
        t = np.moveaxis(target.astype(np.float64), axis, -1)
        valid = np.ones((*t.shape[:-1], 1))
    else:
        valid = (target != ignore_index)[..., None].astype(np.float64)
        t = (target[..., None] == np.arange(c)).astype(np.float64) * valid
    if not include_background:
        x, t = x[..., 1:], t[..., 1:]
    p = 1 / (1 + np.exp(-x))
    ce = np.maximum(x, 0) - x * t + np.log1p(np.exp(-abs(x)))
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce * (1 - p_t) ** gamma
    if alpha is not None:
        loss = loss * (alpha * t + (1 - alpha) * (1 - t))
    axes = tuple(range(1, x.ndim - 1))
    total = np.sum(loss * valid, axis=axes)
    count = np.sum(np.broadcast_to(valid, loss.shape), axis=axes)
    per_class = np.where(count > 0, total / np.where(count > 0, count, 1), 0.0)
    if weight is not None:
        per_class = per_class * (weight if include_background else weight[1:])
    return per_class


def dice_focal_loss(
    input,
    target,
    *,
    lambda_dice=1.0,
    lambda_focal=1.0,
    gamma=2.0,
    alpha=None,
    activation=None,
    axis=-1,
    include_background=True,
    weight=None,
    ignore_index=-100,
    sample_weight=None,
    reduction="mean",
    **kw,
):
    dice = dice_loss(
        input,
        target,
        activation=activation or "sigmoid",
        axis=axis,
        include_background=include_background,
        weight=weight,
        ignore_index=ignore_index,
        mean_denominator="count",
        reduction="none",
        **kw,
    )
    focal = _focal(
        input, target, axis % input.ndim, gamma, alpha, include_background, ignore_index, weight
    )
    terms = [
        (lambda_dice, dice, _weighted_mean(dice, sample_weight)),
        (lambda_focal, focal, _weighted_mean(focal, sample_weight)),
    ]
    return _compound(terms, sample_weight, reduction, kw.get("batch", False))


def mcc_loss(
    input,
    target,
    *,
    activation=None,
    eps=1e-5,
    per_image=False,
    sample_weight=None,
    reduction="mean",
):
    """segmentation_models_pytorch's MCCLoss (Abhishek & Hamarneh, 2021)."""
    n = input.shape[0]
    p = _activate(input.astype(np.float64), activation, -1).reshape(n if per_image else 1, -1)
    t = target.astype(np.float64).reshape(p.shape)
    tp = np.sum(p * t, -1) + eps
    tn = np.sum((1 - p) * (1 - t), -1) + eps
    fp = np.sum(p * (1 - t), -1) + eps
    fn = np.sum((1 - p) * t, -1) + eps
    loss = 1 - (tp * tn - fp * fn) / np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    loss = loss if per_image else loss.reshape(())
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


def _shift_min_max(x, axis, fn, fill):
    pad = [(0, 0)] * x.ndim
    pad[axis] = (1, 1)
    xp_ = np.pad(x, pad, constant_values=fill)
    n = x.shape[axis]
    parts = [np.take(xp_, np.arange(k, k + n), axis=axis) for k in range(3)]
    return fn(fn(parts[0], parts[1]), parts[2])


def _skeleton(img, axes, iterations):
    """MONAI's soft_skel (Shit et al.): min-pool crosses, max-pool boxes, padded."""

    def erode(z):
        return np.minimum.reduce([_shift_min_max(z, a, np.minimum, np.inf) for a in axes])

    def dilate(z):
        for a in axes:
            z = _shift_min_max(z, a, np.maximum, -np.inf)
        return z

    skel = np.maximum(img - dilate(erode(img)), 0)
    for _ in range(iterations):
        img = erode(img)
        delta = np.maximum(img - dilate(erode(img)), 0)
        skel = skel + np.maximum(delta - skel * delta, 0)
    return skel


def cldice_loss(
    input,
    target,
    *,
    iterations=3,
    activation=None,
    axis=-1,
    include_background=True,
    topology_smooth_numerator=1.0,
    topology_smooth_denominator=1.0,
    eps=1e-4,
    ignore_index=-100,
    sample_weight=None,
    reduction="mean",
):
    axis = axis % input.ndim
    p = np.moveaxis(_activate(input.astype(np.float64), activation, axis), axis, -1)
    c = p.shape[-1]
    if target.shape == input.shape:
        t = np.moveaxis(target.astype(np.float64), axis, -1)
        valid = np.ones((*t.shape[:-1], 1), dtype=bool)
    else:
        valid = (target != ignore_index)[..., None]
        t = (target[..., None] == np.arange(c)).astype(np.float64)
    p, t = np.where(valid, p, 0.0), np.where(valid, t, 0.0)
    if not include_background:
        p, t = p[..., 1:], t[..., 1:]
    axes = tuple(range(1, p.ndim - 1))
    sp, st = _skeleton(p, axes, iterations), _skeleton(t, axes, iterations)
    rest = tuple(range(1, p.ndim))
    nr, dr = topology_smooth_numerator, topology_smooth_denominator
    prec = (np.sum(sp * t, axis=rest) + nr) / (np.sum(sp, axis=rest) + dr)
    sens = (np.sum(st * p, axis=rest) + nr) / (np.sum(st, axis=rest) + dr)
    loss = 1 - 2 * prec * sens / (prec + sens + eps)
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


def _logits_option(f):
    """The reference of a loss with ``from_logits``: ``activation`` is the link applied
    to logits and only given with ``from_logits=True`` (the cases name it)."""

    def reference(input, target, *, from_logits=None, **kw):
        assert from_logits or kw.get("activation") is None, "activation needs from_logits"
        return f(input, target, **kw)

    reference.__name__ = f.__name__
    return reference


REFERENCES = {
    f.__name__: _logits_option(f)
    for f in (
        cldice_loss,
        mcc_loss,
        dice_ce_loss,
        dice_focal_loss,
        dice_loss,
        jaccard_loss,
        tversky_loss,
        focal_tversky_loss,
        generalized_dice_loss,
        lovasz_hinge_loss,
        lovasz_softmax_loss,
    )
}
