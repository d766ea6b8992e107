"""Per-class overlap counts of the segmentation losses (Dice, Jaccard, Tversky, ...).

:func:`overlap_sums` reduces probabilities ``p`` and one-hot targets ``t`` to the sums
:math:`I = \\sum p t`, :math:`P = \\sum p`, :math:`T = \\sum t` (and squares) per
(sample, class); :func:`finish_per_class` applies the empty-target rule, the class and
sample weights and the reduction to a per-class loss built from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._backends import device
from .._checks import check_bool_option
from .._namespace import scalar, to_dtype
from .._options import ACTIVATION
from .._primitives import log_softmax, safe_divide
from .._primitives import relu as _relu
from .._reduction import reduce_loss

__all__ = [
    "OverlapTerms",
    "finish_per_class",
    "overlap_sums",
    "soft_dilate",
    "soft_erode",
    "soft_skeleton",
    "tversky_index",
]


@dataclass(frozen=True)
class OverlapTerms:
    """Per-(sample, class) sums of one overlap loss call, and what finishing needs."""

    xp: Any
    out_dtype: Any
    include_background: bool
    batch: bool
    empty_target: str
    mean_denominator: str
    intersection: Any
    pred: Any
    target: Any
    pred_sq: Any = None
    target_sq: Any = None
    #: The probabilities and targets the sums were taken of, classes along ``axis``
    #: (the losses that need more than the sums: clDice).
    p: Any = None
    t: Any = None
    axis: int = -1


def overlap_sums(
    xp: Any,
    /,
    *,
    p: Any,
    t: Any,
    axis: int,
    batch: bool,
    squared: bool,
    out_dtype: Any,
    include_background: bool,
    empty_target: str,
    mean_denominator: str,
    soft_label: bool = False,
) -> OverlapTerms:
    r"""The sums over the spatial axes (and the batch axis 0 with ``batch``) of ``p`` and
    ``t``, whose classes are along ``axis``: shape ``(N, C')`` or ``(C',)``.

    With ``soft_label`` (and not ``squared``) the intersection is MONAI's soft-label
    form :math:`(P + T - \sum |p - t|) / 2`, equal to :math:`\sum p t` for 0/1
    targets and right for soft ones (Wang & Blaschko, 2023).
    """
    spatial = tuple(a for a in range(p.ndim) if a not in (0, axis))
    axes = ((0,) if batch else ()) + spatial
    pred, target = _sum(xp, p, axes), _sum(xp, t, axes)
    if soft_label and not squared:
        intersection = 0.5 * (pred + target - _sum(xp, xp.abs(p - t), axes))
    else:
        intersection = _sum(xp, p * t, axes)
    return OverlapTerms(
        xp=xp,
        out_dtype=out_dtype,
        include_background=include_background,
        batch=batch,
        empty_target=empty_target,
        mean_denominator=mean_denominator,
        intersection=intersection,
        pred=pred,
        target=target,
        pred_sq=_sum(xp, p * p, axes) if squared else None,
        target_sq=_sum(xp, t * t, axes) if squared else None,
        p=p,
        t=t,
        axis=axis,
    )


def finish_per_class(
    terms: OverlapTerms,
    /,
    *,
    loss: Any,
    weight: Any,
    sample_weight: Any,
    conv: Any,
    classes: tuple[int, ...] | None = None,
) -> Any:
    """Empty-target handling, the class subset, class and sample weights, and the
    reduction. ``classes`` (indices of the input's classes) leaves the other classes
    out of the loss and of the mean (segmentation_models_pytorch's ``classes``).
    ``conv`` is the loss' resolved convention (reduction, denominator, alignment)."""
    xp = terms.xp
    if sample_weight is not None and sample_weight.ndim < loss.ndim:
        # Keras aligns a lower-rank weight from the left (checked by the caller).
        extra = (1,) * (loss.ndim - sample_weight.ndim)
        sample_weight = xp.reshape(sample_weight, (*sample_weight.shape, *extra))
    empty_target, mean_denominator = terms.empty_target, terms.mean_denominator
    valid = None
    if empty_target != "keep":
        present = terms.target > 0
        if empty_target == "zero":
            loss = xp.where(present, loss, scalar(xp, 0.0, loss))
        else:
            valid = present
    if classes is not None:
        keep = _class_subset(terms, classes, loss)
        valid = keep if valid is None else valid & keep
    class_weight = None
    if weight is not None:
        class_weight = to_dtype(xp, weight, loss.dtype)
        if not terms.include_background:
            class_weight = class_weight[1:]
        if not terms.batch:
            class_weight = xp.reshape(class_weight, (1, class_weight.shape[0]))
    if mean_denominator == "weights":
        if class_weight is not None and sample_weight is not None:
            sample_weight = to_dtype(xp, sample_weight, loss.dtype) * class_weight
        elif class_weight is not None:
            sample_weight = class_weight
    else:
        # The weights scale the losses and stay out of the denominator; a boolean
        # sample_weight is a mask and still decides which entries are counted.
        if class_weight is not None:
            loss = loss * class_weight
        if sample_weight is not None and not xp.isdtype(sample_weight.dtype, "bool"):
            loss = loss * to_dtype(xp, sample_weight, loss.dtype)
            sample_weight = None
    return reduce_loss(
        xp, loss, conv=conv, valid=valid, sample_weight=sample_weight, dtype=terms.out_dtype
    )


def tversky_index(
    terms: OverlapTerms, /, *, alpha: float, beta: float, nr: float, dr: float
) -> Any:
    """:math:`(I + n_r) / (I + \\alpha (P - I) + \\beta (T - I) + d_r)`, 1 where the
    denominator is 0 (``nr``, ``dr``: the smoothing terms)."""
    inter = terms.intersection
    false_pos = terms.pred - inter
    false_neg = terms.target - inter
    return safe_divide(
        terms.xp, inter + nr, inter + alpha * false_pos + beta * false_neg + dr, fill=1.0
    )


def _class_subset(terms: OverlapTerms, classes: tuple[int, ...], loss: Any) -> Any:
    """Bool over the class axis of ``loss`` (the last): True for the listed classes."""
    xp = terms.xp
    offset = 0 if terms.include_background else 1
    ids = xp.arange(loss.shape[-1], device=device(loss)) + offset
    keep = xp.zeros(ids.shape, dtype=xp.bool, device=device(loss))
    for c in classes:
        keep = keep | (ids == c)
    return xp.broadcast_to(keep, loss.shape)


def _sum(xp: Any, x: Any, axes: tuple[int, ...]) -> Any:
    return xp.sum(x, axis=axes) if axes else x


# ---------------------------------------------------------------- soft morphology


def _neighbours(xp: Any, x: Any, axis: int, fill: float) -> tuple[Any, Any]:
    """``x`` shifted by one along ``axis`` both ways, the border filled with ``fill``."""
    edge_shape = tuple(1 if a == axis else d for a, d in enumerate(x.shape))
    edge = xp.full(edge_shape, fill, dtype=x.dtype, device=device(x))
    before = tuple(slice(None, -1) if a == axis else slice(None) for a in range(x.ndim))
    after = tuple(slice(1, None) if a == axis else slice(None) for a in range(x.ndim))
    return xp.concat([x[after], edge], axis=axis), xp.concat([edge, x[before]], axis=axis)


def soft_erode(xp: Any, x: Any, /, *, axes: tuple[int, ...]) -> Any:
    """Soft erosion (Shit et al., 2021): the minimum over a 3-window along each spatial
    axis, then over the axes (a cross), the border left out (torch's padded min-pool)."""
    out = None
    for axis in axes:
        left, right = _neighbours(xp, x, axis, float("inf"))
        m = xp.minimum(xp.minimum(left, x), right)
        out = m if out is None else xp.minimum(out, m)
    return x if out is None else out


def soft_dilate(xp: Any, x: Any, /, *, axes: tuple[int, ...]) -> Any:
    """Soft dilation: the maximum over the 3 x ... x 3 box (separable along the axes)."""
    for axis in axes:
        left, right = _neighbours(xp, x, axis, -float("inf"))
        x = xp.maximum(xp.maximum(left, x), right)
    return x


def soft_skeleton(xp: Any, x: Any, /, *, axes: tuple[int, ...], iterations: int) -> Any:
    """Soft skeleton of Shit et al. (2021) by iterated soft erosion and opening, as
    their reference code and MONAI's ``soft_skel``; ``relu`` keeps NaN."""

    def relu(z: Any) -> Any:
        return _relu(xp, z)

    def opening(z: Any) -> Any:
        return soft_dilate(xp, soft_erode(xp, z, axes=axes), axes=axes)

    skeleton = relu(x - opening(x))
    for _ in range(iterations):
        x = soft_erode(xp, x, axes=axes)
        delta = relu(x - opening(x))
        skeleton = skeleton + relu(delta - skeleton * delta)
    return skeleton


def cross_mean(xp: Any, x: Any, /, *, axes: tuple[int, ...]) -> Any:
    """The mean over the cross of a pixel and its two neighbours along each of ``axes``,
    zeros beyond the border: the convolution with Karimi and Salcudean's cross kernel
    (``1/5`` in 2-D, ``1/7`` in 3-D) as separable shifted slices."""
    total = x
    for axis in axes:
        left, right = _neighbours(xp, x, axis, 0.0)
        total = total + left + right
    return total / float(1 + 2 * len(axes))


def resolve_link(name: str, from_logits: Any, activation: Any, input: Any, axis: Any) -> str | None:
    """The link applied to ``input``: None for probabilities, else ``activation`` or
    the natural one (softmax; sigmoid for one channel)."""
    from_logits = check_bool_option("from_logits", from_logits)
    activation = ACTIVATION.check(activation)
    if not from_logits:
        if activation is not None:
            # Before from_logits, activation= alone meant logits: refuse, never reinterpret.
            raise ValueError(
                f"{name}: activation={activation!r} is the link applied to logits, but "
                f"from_logits=False says input holds probabilities; pass from_logits=True "
                f"with activation={activation!r} (or drop activation)"
            )
        return None
    if activation is not None:
        return str(activation)
    channels = input.shape[axis] if input.ndim > 1 and -input.ndim <= axis < input.ndim else 2
    return "softmax" if channels > 1 else "sigmoid"


def apply_link(xp: Any, x: Any, activation: str | None, axis: int) -> Any:
    """``x`` through the link ``activation`` (softmax along ``axis`` or sigmoid)."""
    if activation == "softmax":
        return xp.exp(log_softmax(xp, x, axis=axis))
    if activation == "sigmoid":
        # exp(-|x|) never overflows, so neither branch makes inf (or a NaN gradient).
        z = xp.exp(-xp.abs(x))
        return xp.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return x
