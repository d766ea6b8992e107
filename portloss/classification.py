"""Multi-class classification losses: cross entropy and negative log-likelihood."""

from __future__ import annotations

from typing import Any

from ._checks import (
    check_axis,
    check_class_weight,
    check_index_range,
    check_integer,
    check_real_floating,
    check_reduction,
    check_sample_weight,
    check_unit_interval,
    class_target_form,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options
from ._primitives import (
    as_index,
    broadcast_along,
    class_dot,
    gather_class,
    log_softmax,
    log_softmax_at,
    take_weights,
)
from ._reduction import reduce_loss
from ._typing import (
    Array,
    ClassWeightMode,
    ConventionName,
    EmptyMean,
    MeanDenominator,
    Reduction,
    SmoothingVariant,
)
from .conventions import SMOOTHING_VARIANTS, check_choice, resolve_convention

__all__ = ["cross_entropy", "nll_loss"]


@loss_options()
def cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    ignore_index: int = -100,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    axis: int = -1,
    smoothing_variant: SmoothingVariant = "uniform",
    convention: ConventionName = "torch",
    class_weight_mode: ClassWeightMode | None = None,
    mean_denominator: MeanDenominator | None = None,
    empty_mean: EmptyMean | None = None,
) -> Array:
    r"""Cross entropy between logits and class-index or class-probability targets.

    The same numbers as ``torch.nn.functional.cross_entropy`` with the same options,
    for arrays of any Array API library; ``convention="keras"`` or ``"paddle"`` gives
    Keras' or Paddle's numbers where the frameworks differ (class weights with label
    smoothing, the ``mean`` denominator, the empty mean).

    Parameters
    ----------
    input : array
        Unnormalized logits, real floating, with the classes along ``axis``.
    target : array
        Either class indices (integer dtype, ``input``'s shape without the class axis;
        entries equal to ``ignore_index`` are ignored) or class probabilities (floating
        dtype, ``input``'s shape).
    weight : array of shape (C,), optional
        Per-class weight :math:`w_c`; ``class_weight_mode`` says where it applies.
    sample_weight : array, optional
        Per-element weight :math:`s_n` with the unreduced loss's number of dimensions,
        each of size 1 or equal to the loss's (bool works as a mask). It scales the
        loss and, with ``mean_denominator="weights"``, its share of the ``mean``
        denominator.
    {{ignore_index}}
    {{reduction}}
    label_smoothing : float in [0, 1], default 0.0
        :math:`a`, the probability mass moved off the target; ``smoothing_variant``
        says where it goes.
    axis : int, default -1
        The class axis of ``input``. Use ``axis=1`` for torch's ``(N, C, d1, ..., dK)``.
    smoothing_variant : {"uniform", "others"}, default "uniform"
        ``"uniform"`` (torch, Keras, Paddle, optax) spreads :math:`a` over all
        :math:`C` classes, ``"others"`` over the :math:`C - 1` non-target classes
        (needs :math:`C \ge 2` when :math:`a > 0`).
    convention : {"torch", "keras", "paddle"}, default "torch"
        The preset that fills each of the three knobs below left as ``None``; see
        :mod:`portloss.conventions`.
    class_weight_mode : {"per_class", "hard_target", "smoothed_target"}, optional
        Where ``weight`` meets the smoothed target: on each class term (torch), as the
        sample weight of the hard target (Keras), or as the sample weight
        :math:`\sum_c w_c y'_{nc}` of the smoothed target (Paddle).
    mean_denominator : {"weights", "count"}, optional
        What ``"mean"`` divides by: the sum of the applied weights (torch, Paddle) or
        the number of entries that take part (Keras).
    {{empty_mean}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape (index targets) or
        ``input``'s shape without the class axis (probabilities) for ``"none"``; the
        dtype of ``input``.

    Raises
    ------
    ValueError
        For an unknown option value (naming the argument, the accepted values and the
        value received), and for ``smoothing_variant="others"`` with one class.

    Notes
    -----
    Write :math:`\log p_{nc}` for the log-softmax of ``input`` along the class axis,
    :math:`C` for the number of classes and :math:`t_{nc}` for the target as a
    distribution (the one-hot of an index target :math:`y_n`). Label smoothing turns it
    into

    .. math::

        y'_{nc} = (1 - a)\, t_{nc} + \frac{a}{C} \quad \text{(uniform)},
        \qquad
        y'_{nc} = (1 - a)\, t_{nc} + \frac{a}{C - 1} (1 - t_{nc}) \quad \text{(others)},

    so "others" at :math:`a` is "uniform" at :math:`a' = aC/(C - 1)`. With
    :math:`h_n` the hard target (:math:`y_n`, or :math:`\arg\max_c t_{nc}` for
    probability targets), each ``class_weight_mode`` gives a per-element loss
    :math:`\ell_n` and a share :math:`m_n` of the weighted ``mean`` denominator:

    .. math::

        \text{per\_class:} \quad
        \ell_n = -\sum_c w_c\, y'_{nc} \log p_{nc}, \quad
        m_n = w_{y_n} \ \text{(index targets)}, \ 1 \ \text{(probabilities)}

        \text{hard\_target:} \quad
        \ell_n = -w_{h_n} \sum_c y'_{nc} \log p_{nc}, \quad m_n = w_{h_n}

        \text{smoothed\_target:} \quad
        \ell_n = -\sigma_n \sum_c y'_{nc} \log p_{nc}, \quad
        \sigma_n = \sum_c w_c\, y'_{nc}, \quad m_n = \sigma_n

    (:math:`w \equiv 1` without ``weight``, when the three coincide). With sums over
    non-ignored entries,

    .. math::

        \text{sum} = \sum_n s_n \ell_n, \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n m_n} \ \text{(weights)}
        \quad\text{or}\quad \frac{\sum_n s_n \ell_n}{\sum_n 1} \ \text{(count)},

    and a mean with a zero denominator is NaN or 0 (``empty_mean``). An ignored entry's
    unreduced loss is 0. A class index outside ``[0, C)`` raises for NumPy arrays and
    gives NaN elsewhere (checking would need a host sync). float16 and bfloat16 inputs
    are computed in float32 and returned in their own dtype.

    Shape
    -----
    - input: :math:`(C)`, :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: index targets have ``input``'s shape without the class axis;
      probability targets have ``input``'s shape.
    - weight: :math:`(C)`. sample_weight: broadcastable to the unreduced loss.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[1.5, 2.0, 0.5], [1.0, 0.5, 2.5]])
    >>> labels = np.array([1, 2])
    >>> print(f"{portloss.cross_entropy(logits, labels):.6f}")
    0.455243
    >>> w = np.array([0.7, 0.2, 0.1])
    >>> print(f"{portloss.cross_entropy(logits, labels, weight=w):.6f}")
    0.504872
    >>> print(portloss.cross_entropy(logits, labels, reduction="none").round(4))
    [0.6041 0.3064]

    Class weights with label smoothing under the three conventions:

    >>> x = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])
    >>> y, w = np.array([1, 2]), np.array([1.0, 2.0, 3.0])
    >>> for convention in ("torch", "keras", "paddle"):
    ...     loss = portloss.cross_entropy(
    ...         x, y, weight=w, label_smoothing=0.1, convention=convention
    ...     )
    ...     print(f"{convention}: {loss:.5f}")
    torch: 1.05533
    keras: 2.69532
    paddle: 1.07225
    >>> logits = np.array([[1.0, 8.0, 1.0], [1.0, 1.0, 8.0]])
    >>> loss = portloss.cross_entropy(
    ...     logits, labels, label_smoothing=0.05, smoothing_variant="others"
    ... )
    >>> print(f"{loss:.6f}")
    0.351822
    """
    reduction = check_reduction(reduction)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    ignore_index = check_integer("ignore_index", ignore_index)
    smoothing_variant = check_choice("smoothing_variant", smoothing_variant, SMOOTHING_VARIANTS)
    knobs = resolve_convention(
        convention,
        class_weight_mode=class_weight_mode,
        mean_denominator=mean_denominator,
        empty_mean=empty_mean,
    )
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    axis = check_axis(axis, input.ndim)
    form = class_target_form(xp, input, target, axis)
    num_classes = input.shape[axis]
    check_class_weight(xp, weight, num_classes)
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape)
    if form == "probability" and ignore_index != -100:
        raise ValueError(
            f"ignore_index applies to class-index targets only, got ignore_index="
            f"{ignore_index} with class-probability targets of shape {tuple(target.shape)}"
        )
    keep, off = _smoothing_coefficients(label_smoothing, smoothing_variant, num_classes, axis)
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    x = to_dtype(xp, input, dtype)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    mode = knobs.class_weight_mode
    if form == "index":
        # Without smoothing only the target's log-probability is needed: the fused
        # primitive never materializes the log-softmax (issue 8).
        loss, valid, mean_weight = _index_terms(
            xp, x, target, w, ignore_index, keep, off, axis, mode, logits=True
        )
    else:
        logp = log_softmax(xp, x, axis=axis)
        target = to_dtype(xp, target, dtype)
        loss, mean_weight = _probability_terms(xp, logp, target, w, keep, off, axis, mode)
        valid = None
    out = reduce_loss(
        xp,
        loss,
        reduction=reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        mean_denominator=knobs.mean_denominator,
        empty_mean=knobs.empty_mean,
    )
    return to_dtype(xp, out, input.dtype)


@loss_options()
def nll_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    ignore_index: int = -100,
    reduction: Reduction = "mean",
    axis: int = -1,
    convention: ConventionName = "torch",
    mean_denominator: MeanDenominator | None = None,
    empty_mean: EmptyMean | None = None,
) -> Array:
    r"""Negative log-likelihood of class-index targets under log-probabilities.

    The same numbers as ``torch.nn.functional.nll_loss`` with the same options.
    ``nll_loss(log_softmax(x), y)`` equals ``cross_entropy(x, y)`` under every
    convention.

    Parameters
    ----------
    input : array
        Log-probabilities, real floating, with the classes along ``axis``.
    target : array
        Class indices, integer dtype, ``input``'s shape without the class axis.
    weight : array of shape (C,), optional
        Per-class weight :math:`w_c`.
    sample_weight : array, optional
        Per-element weight :math:`s_n` broadcastable to the unreduced loss (same
        number of dimensions; bool works as a mask).
    {{ignore_index}}
    {{reduction}}
    axis : int, default -1
        The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.
    convention : {"torch", "keras", "paddle"}, default "torch"
        The preset that fills ``mean_denominator`` and ``empty_mean`` when they are
        left as ``None``; see :mod:`portloss.conventions`. (Without label smoothing
        the three ways of applying class weights coincide, so this loss has no
        ``class_weight_mode``.)
    mean_denominator : {"weights", "count"}, optional
        What ``"mean"`` divides by: the sum of the applied weights (torch, Paddle) or
        the number of non-ignored entries (Keras).
    {{empty_mean}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For an unknown option value, naming the argument, the accepted values and the
        value received.

    Notes
    -----
    .. math::

        \ell_n = -w_{y_n} x_{n y_n},
        \qquad \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n w_{y_n}}
        \ \text{(weights)} \quad\text{or}\quad
        \frac{\sum_n s_n \ell_n}{\sum_n 1} \ \text{(count)},

    all sums over entries whose target is not ``ignore_index``; a mean over no entry
    is NaN (torch) or 0 (``empty_mean="zero"``). Ignored entries have unreduced loss 0.
    A class index outside ``[0, C)`` raises for NumPy arrays and gives NaN elsewhere.

    Shape
    -----
    - input: :math:`(C)`, :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: ``input``'s shape without the class axis.
    - output: scalar, or the target's shape for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logp = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
    >>> print(portloss.nll_loss(logp, np.array([0, 2]), reduction="none").round(4))
    [0.3567 0.2231]
    >>> print(f"{portloss.nll_loss(logp, np.array([0, -100])):.4f}")
    0.3567
    >>> print(portloss.nll_loss(logp, np.array([-100, -100])))
    nan
    >>> print(portloss.nll_loss(logp, np.array([-100, -100]), convention="keras"))
    0.0
    """
    reduction = check_reduction(reduction)
    ignore_index = check_integer("ignore_index", ignore_index)
    knobs = resolve_convention(convention, mean_denominator=mean_denominator, empty_mean=empty_mean)
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    axis = check_axis(axis, input.ndim)
    class_target_form(xp, input, target, axis, allow_probabilities=False)
    num_classes = input.shape[axis]
    check_class_weight(xp, weight, num_classes)
    check_sample_weight(xp, sample_weight, tuple(target.shape))
    check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    loss, valid, mean_weight = _index_terms(
        xp, to_dtype(xp, input, dtype), target, w, ignore_index, 1.0, 0.0, axis, "per_class"
    )
    out = reduce_loss(
        xp,
        loss,
        reduction=reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        mean_denominator=knobs.mean_denominator,
        empty_mean=knobs.empty_mean,
    )
    return to_dtype(xp, out, input.dtype)


def _smoothing_coefficients(
    label_smoothing: float, variant: str, num_classes: int, axis: int
) -> tuple[float, float]:
    """``(keep, off)`` such that the smoothed target is ``keep * t + off``.

    ``t`` is the target distribution (one-hot for index targets). "uniform":
    ``(1 - a, a / C)``; "others": ``1 - a`` on the target and ``a / (C - 1)``
    elsewhere, i.e. ``(1 - a - a / (C - 1), a / (C - 1))``.
    """
    a = label_smoothing
    if a == 0.0:
        return 1.0, 0.0
    if variant == "uniform":
        return 1.0 - a, a / num_classes
    if num_classes < 2:
        raise ValueError(
            f"smoothing_variant='others' spreads label_smoothing over the other classes "
            f"and needs at least 2 classes, got input with {num_classes} class along "
            f"axis {axis}; use smoothing_variant='uniform' or label_smoothing=0"
        )
    off = a / (num_classes - 1)
    return 1.0 - a - off, off


def _index_terms(
    xp: Any,
    logp: Any,
    target: Any,
    weight: Any,
    ignore_index: int,
    keep: float,
    off: float,
    axis: int,
    mode: str,
    logits: bool = False,
) -> tuple[Any, Any, Any]:
    """Per-element loss, validity mask and mean share for class-index targets.

    The smoothed target is ``keep * onehot(target) + off``; ``mode`` is the
    ``class_weight_mode``. With ``logits=True`` the array ``logp`` holds logits and the
    log-softmax is taken here (only at the targets when there is no smoothing).
    """
    num_classes = logp.shape[axis]
    target = as_index(xp, target)
    valid = target != ignore_index
    # Ignored and out-of-range entries read a class in range, then get masked below.
    safe = xp.clip(target, 0, max(num_classes - 1, 0))
    in_range = safe == target
    smoothing = off > 0.0
    if logits and not smoothing:
        loss = -log_softmax_at(xp, logp, safe, axis=axis)
    else:
        if logits:
            logp = log_softmax(xp, logp, axis=axis)
        loss = -gather_class(xp, logp, safe, axis=axis)
    mean_weight = None if weight is None else take_weights(xp, weight, safe)
    if mode == "per_class":
        # torch: every class term carries its own weight; the share is w[y].
        if mean_weight is not None:
            loss = mean_weight * loss
        if smoothing:
            if weight is None:
                total = xp.sum(logp, axis=axis)
            else:
                total = class_dot(xp, logp, weight, axis=axis)
            loss = keep * loss + off * -total
    else:
        # Keras / Paddle: the unweighted smoothed cross entropy times a sample weight.
        if smoothing:
            loss = keep * loss + off * -xp.sum(logp, axis=axis)
        if mean_weight is not None:
            if mode == "smoothed_target" and smoothing:
                # sum_c w_c y'_c with y' = keep * onehot + off
                mean_weight = keep * mean_weight + off * xp.sum(weight)
            loss = mean_weight * loss
    # A class outside [0, C) has no defined loss: NaN rather than a finite wrong number.
    # Ignored entries keep a finite value: a NaN there would reach the gradient of
    # sample_weight (0 * NaN) through reduce_loss's product before its mask.
    loss = xp.where(in_range | ~valid, loss, xp.full_like(loss, xp.nan))
    return loss, valid, mean_weight


def _probability_terms(
    xp: Any,
    logp: Any,
    target: Any,
    weight: Any,
    keep: float,
    off: float,
    axis: int,
    mode: str,
) -> tuple[Any, Any]:
    """Per-element loss and mean share for class-probability targets."""
    smoothed = keep * target + off if off > 0.0 else target
    terms = smoothed * logp
    if weight is None:
        return -xp.sum(terms, axis=axis), None
    w = broadcast_along(xp, weight, axis=axis, ndim=logp.ndim)
    if mode == "per_class":
        # torch: weights inside the sum, and the mean divides by the number of samples.
        return -xp.sum(terms * w, axis=axis), None
    if mode == "hard_target":
        # Keras turns class_weight into a sample weight from the argmax of the target.
        share = take_weights(xp, weight, as_index(xp, xp.argmax(target, axis=axis)))
    else:
        share = xp.sum(smoothed * w, axis=axis)
    return share * -xp.sum(terms, axis=axis), share
