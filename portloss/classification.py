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
from ._primitives import as_index, broadcast_along, gather_class, log_softmax, take_weights
from ._reduction import reduce_loss

__all__ = ["cross_entropy", "nll_loss"]


def cross_entropy(
    input: Any,
    target: Any,
    /,
    *,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    r"""Cross entropy between logits and class-index or class-probability targets.

    The same numbers as ``torch.nn.functional.cross_entropy`` with the same options,
    for arrays of any Array API library.

    Parameters
    ----------
    input : array
        Unnormalized logits, real floating, with the classes along ``axis``.
    target : array
        Either class indices (integer dtype, ``input``'s shape without the class axis;
        entries equal to ``ignore_index`` are ignored) or class probabilities (floating
        dtype, ``input``'s shape).
    weight : array of shape (C,), optional
        Per-class weight :math:`w_c`.
    sample_weight : array, optional
        Per-element weight :math:`s_n` with the unreduced loss's number of dimensions,
        each of size 1 or equal to the loss's (bool works as a mask). It scales the
        loss and its share of the ``mean`` denominator.
    ignore_index : int, default -100
        Class index whose targets contribute neither loss nor weight. Only for index
        targets.
    reduction : {"mean", "sum", "none"}, default "mean"
        Weighted mean, sum, or the unreduced loss.
    label_smoothing : float in [0, 1], default 0.0
        :math:`a`: the target becomes :math:`(1 - a)\,\text{onehot}(y) + a / C`.
    axis : int, default -1
        The class axis of ``input``. Use ``axis=1`` for torch's ``(N, C, d1, ..., dK)``.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape (index targets) or
        ``input``'s shape without the class axis (probabilities) for ``"none"``; the
        dtype of ``input``.

    Notes
    -----
    With :math:`\log p_{nc}` the log-softmax of ``input`` along the class axis and
    :math:`C` classes, index targets :math:`y_n` give

    .. math::

        \ell_n = (1 - a)\, w_{y_n} (-\log p_{n y_n})
                 + \frac{a}{C} \sum_c w_c (-\log p_{nc}),
        \qquad \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n w_{y_n}},

    with both sums over non-ignored entries (an empty sum gives NaN, as in torch; an
    ignored entry's unreduced loss is 0). Probability targets :math:`t_{nc}`, smoothed
    to :math:`t'_{nc} = (1 - a) t_{nc} + a / C`, give

    .. math::

        \ell_n = -\sum_c w_c\, t'_{nc} \log p_{nc},
        \qquad \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n},

    so class weights do not enter the denominator there (torch divides by the number of
    samples). ``sum`` is :math:`\sum_n s_n \ell_n`. A class index outside
    ``[0, C)`` raises for NumPy arrays and gives NaN elsewhere (checking would need a
    host sync). float16 and bfloat16 inputs are computed in float32 and returned in
    their own dtype.

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
    """
    reduction = check_reduction(reduction)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    ignore_index = check_integer("ignore_index", ignore_index)
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
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    logp = log_softmax(xp, to_dtype(xp, input, dtype), axis=axis)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    if form == "index":
        loss, valid, mean_weight = _index_terms(
            xp, logp, target, w, ignore_index, label_smoothing, axis
        )
    else:
        loss = _probability_terms(xp, logp, to_dtype(xp, target, dtype), w, label_smoothing, axis)
        valid = mean_weight = None
    out = reduce_loss(
        xp,
        loss,
        reduction=reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
    )
    return to_dtype(xp, out, input.dtype)


def nll_loss(
    input: Any,
    target: Any,
    /,
    *,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    axis: int = -1,
) -> Any:
    r"""Negative log-likelihood of class-index targets under log-probabilities.

    The same numbers as ``torch.nn.functional.nll_loss`` with the same options.
    ``nll_loss(log_softmax(x), y)`` equals ``cross_entropy(x, y)``.

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
    ignore_index : int, default -100
        Class index whose targets contribute neither loss nor weight.
    reduction : {"mean", "sum", "none"}, default "mean"
        Weighted mean, sum, or the unreduced loss.
    axis : int, default -1
        The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape for ``"none"``; the dtype
        of ``input``.

    Notes
    -----
    .. math::

        \ell_n = -w_{y_n} x_{n y_n},
        \qquad \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n w_{y_n}},

    both sums over entries whose target is not ``ignore_index`` (an empty mean is NaN,
    as in torch). Ignored entries have unreduced loss 0. A class index outside ``[0, C)``
    raises for NumPy arrays and gives NaN elsewhere.

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
    """
    reduction = check_reduction(reduction)
    ignore_index = check_integer("ignore_index", ignore_index)
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
        xp, to_dtype(xp, input, dtype), target, w, ignore_index, 0.0, axis
    )
    out = reduce_loss(
        xp,
        loss,
        reduction=reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
    )
    return to_dtype(xp, out, input.dtype)


def _index_terms(
    xp: Any,
    logp: Any,
    target: Any,
    weight: Any,
    ignore_index: int,
    label_smoothing: float,
    axis: int,
) -> tuple[Any, Any, Any]:
    """Per-element loss, validity mask and mean share for class-index targets."""
    num_classes = logp.shape[axis]
    target = as_index(xp, target)
    valid = target != ignore_index
    in_range = (target >= 0) & (target < num_classes)
    # Ignored and out-of-range entries read class 0, then get masked below.
    safe = xp.where(in_range, target, xp.zeros_like(target))
    loss = -gather_class(xp, logp, safe, axis=axis)
    mean_weight = None
    if weight is not None:
        mean_weight = take_weights(xp, weight, safe)
        loss = mean_weight * loss
    if label_smoothing > 0.0:
        terms = (
            logp
            if weight is None
            else logp * broadcast_along(xp, weight, axis=axis, ndim=logp.ndim)
        )
        smooth = -xp.sum(terms, axis=axis)
        loss = (1.0 - label_smoothing) * loss + (label_smoothing / num_classes) * smooth
    # A class outside [0, C) has no defined loss: NaN rather than a finite wrong number.
    loss = xp.where(in_range | ~valid, loss, xp.full_like(loss, xp.nan))
    return loss, valid, mean_weight


def _probability_terms(
    xp: Any, logp: Any, target: Any, weight: Any, label_smoothing: float, axis: int
) -> Any:
    """Per-element loss for class-probability targets."""
    num_classes = logp.shape[axis]
    if label_smoothing > 0.0:
        target = (1.0 - label_smoothing) * target + label_smoothing / num_classes
    terms = target * logp
    if weight is not None:
        terms = terms * broadcast_along(xp, weight, axis=axis, ndim=logp.ndim)
    return -xp.sum(terms, axis=axis)
