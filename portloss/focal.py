"""Focal-style losses: sigmoid and softmax focal loss, PolyLoss."""

from __future__ import annotations

import numbers
from typing import Any

from ._checks import (
    check_bool_option,
    check_class_inputs,
    check_index_range,
    check_integer,
    check_real_option,
    check_reduction,
    check_sample_weight,
    check_unit_interval,
    elementwise_pair,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import ALPHA, loss_options, optional, real
from ._primitives import broadcast_along, log1m_softmax, log_softmax, one_minus_pt
from ._reduction import reduce_loss
from ._terms.sigmoid import bce_logits_terms
from ._terms.softmax import (
    index_terms_from_log_probs,
    probability_terms,
    smoothing_coefficients,
)
from ._typing import Array, Reduction

__all__ = ["poly1_cross_entropy", "sigmoid_focal_loss", "softmax_focal_loss"]


@loss_options(gamma=real("gamma", minimum=0.0), alpha=optional(real("alpha", maximum=1.0)))
def sigmoid_focal_loss(
    input: Array,
    target: Array,
    /,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    reduction: Reduction = "mean",
    sample_weight: Array = None,
    apply_class_balancing: bool = True,
) -> Array:
    r"""Sigmoid focal loss on logits (Lin et al. 2017), torchvision's formula.

    The same numbers as ``torchvision.ops.sigmoid_focal_loss`` with the same
    ``alpha`` and ``gamma``, **except the default reduction**: torchvision returns the
    unreduced loss by default (``reduction="none"``), portloss the mean, like every
    other portloss loss. Pass ``reduction="none"`` for torchvision's default.

    Parameters
    ----------
    input : array
        Logits :math:`x`, real floating, any shape.
    target : array
        Binary (or soft) targets :math:`y` in :math:`[0, 1]`, ``input``'s shape
        (floating, integer or bool).
    alpha : float in [0, 1] or None, default 0.25
        :math:`\alpha`, the weight of the positive term (:math:`1 - \alpha` for the
        negative one). ``None`` or a negative value disables the weighting
        (torchvision: ``alpha < 0``).
    gamma : float >= 0, default 2.0
        :math:`\gamma`, the focusing exponent; 0 gives (alpha-weighted) binary cross
        entropy with logits.
    {{reduction}}
    sample_weight : array, optional
        Per-element weight :math:`s` with ``input``'s number of dimensions, each of
        size 1 or equal (bool works as a mask); ``mean`` divides by its sum.
    apply_class_balancing : bool, default True
        Whether ``alpha`` is applied. ``False`` ignores ``alpha``, as Keras'
        ``BinaryFocalCrossentropy`` does by default: Keras applies
        :math:`\alpha` only with ``apply_class_balancing=True``, and then with the same
        formula as torchvision. So Keras' default loss is
        ``sigmoid_focal_loss(x, y, apply_class_balancing=False)`` and torchvision's
        is ``sigmoid_focal_loss(x, y, reduction="none")``.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s or an option out of range.

    Notes
    -----
    With :math:`p = \sigma(x)`, :math:`p_t = p y + (1 - p)(1 - y)` and the binary cross
    entropy with logits :math:`\mathrm{CE}(x, y)`:

    .. math::

        \ell = \alpha_t\, (1 - p_t)^{\gamma}\, \mathrm{CE}(x, y), \qquad
        \alpha_t = \alpha y + (1 - \alpha)(1 - y)

    (:math:`\alpha_t = 1` when disabled), and :math:`\text{mean} = \sum s\ell / \sum s`
    (:math:`s \equiv 1`: the number of elements, as torchvision's ``mean``; RetinaNet
    instead normalizes the sum by the number of positive anchors: use ``"sum"`` and
    divide).

    Numerics: :math:`1 - p_t = y\,\sigma(-x) + (1 - y)\,\sigma(x)` is never formed from
    a rounded :math:`p`: each sigmoid is accurate to rounding in its tail, and the sum
    of two non-negative terms keeps that relative accuracy, so the factor stays exact
    (about :math:`e^{-\gamma |x|}`) when a confident prediction is right, until it
    underflows. Gradients are finite for logits of :math:`\pm 10^4` and for every
    :math:`\gamma \ge 0`: for :math:`0 < \gamma < 1`, where
    :math:`\frac{d}{dq} q^\gamma` is infinite at :math:`q = 0`, an underflowed
    :math:`1 - p_t` gives the factor 0 with gradient 0 (the true values, rounded).

    Keras computes the same formula from a clipped probability, so its numbers differ
    from these (and torchvision's) once :math:`|x|` is larger than about 16.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input. sample_weight: input's number of dimensions.
    - output: scalar, or input's shape for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]])
    >>> y = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    >>> print(f"{portloss.sigmoid_focal_loss(x, y):.6f}")
    0.108905
    >>> print(f"{portloss.sigmoid_focal_loss(x, y, alpha=0.6, gamma=0.2):.6f}")
    0.335469
    >>> loss = portloss.sigmoid_focal_loss(x, y, apply_class_balancing=False)
    >>> print(f"{loss:.6f}")
    0.216378
    """
    reduction = check_reduction(reduction)
    gamma = check_real_option("gamma", gamma, minimum=0.0)
    if alpha is not None:
        alpha = check_real_option("alpha", alpha, maximum=1.0)
    apply_class_balancing = check_bool_option("apply_class_balancing", apply_class_balancing)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape))

    loss = bce_logits_terms(xp, logits=x, target=y)
    if gamma != 0.0:
        loss = loss * _modulating_factor(xp, x, y, gamma)
    if apply_class_balancing and alpha is not None and alpha >= 0.0:
        loss = loss * ((1.0 - alpha) + (2.0 * alpha - 1.0) * y)  # alpha y + (1-alpha)(1-y)
    out = reduce_loss(xp, loss, reduction=reduction, sample_weight=sample_weight)
    return to_dtype(xp, out, input.dtype)


@loss_options(gamma=real("gamma", minimum=0.0), alpha=ALPHA)
def softmax_focal_loss(
    input: Array,
    target: Array,
    /,
    *,
    alpha: Array = None,
    gamma: float = 2.0,
    weight: Array = None,
    ignore_index: int = -100,
    reduction: Reduction = "mean",
    axis: int = -1,
    sample_weight: Array = None,
) -> Array:
    r"""Multi-class (softmax) focal loss on logits, with index or probability targets.

    Cross entropy whose every class term is scaled by :math:`(1 - p_c)^\gamma` and
    :math:`\alpha_c`; with ``gamma=0`` and ``alpha=None`` it is exactly
    :func:`portloss.cross_entropy` (torch's), whose class weights, ``ignore_index``,
    ``axis`` and weighted ``mean`` it shares.

    Parameters
    ----------
    input : array
        Unnormalized logits, real floating, with the classes along ``axis``.
    target : array
        Class indices (integer dtype, ``input``'s shape without the class axis;
        entries equal to ``ignore_index`` are ignored) or class probabilities
        (floating, ``input``'s shape).
    alpha : float >= 0, array of shape (C,), or None, default None
        :math:`\alpha_c`: a scalar multiplies every class (Keras'
        ``CategoricalFocalCrossentropy``, default there 0.25), an array weighs each
        class. Unlike ``weight`` it does not enter the ``mean`` denominator. ``None``
        (optax, MONAI) disables it.
    gamma : float >= 0, default 2.0
        :math:`\gamma`, the focusing exponent.
    weight : array of shape (C,), optional
        Class weight :math:`w_c` (torch's), in the loss and in the ``mean`` denominator
        (index targets), as in :func:`portloss.cross_entropy`.
    {{ignore_index}}
    {{reduction}}
    axis : int, default -1
        The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.
    sample_weight : array, optional
        Per-element weight :math:`s_n` with the unreduced loss's number of dimensions,
        each of size 1 or equal (bool works as a mask).

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape (index targets) or
        ``input``'s shape without the class axis (probabilities) for ``"none"``; the
        dtype of ``input``.

    Raises
    ------
    ValueError
        For an option out of range, a target of the wrong shape, ``weight`` or
        ``alpha`` of the wrong length, ``ignore_index`` with probability targets and
        (NumPy only) a class index outside ``[0, C)``.

    Notes
    -----
    With :math:`p_{nc}` the softmax of ``input`` along the class axis and
    :math:`t_{nc}` the target distribution (the one-hot of an index :math:`y_n`):

    .. math::

        \ell_n = -\sum_c \alpha_c\, w_c\, t_{nc}\, (1 - p_{nc})^{\gamma} \log p_{nc}
        \;=\; -\alpha_{y_n} w_{y_n} (1 - p_{n y_n})^{\gamma} \log p_{n y_n}
        \ \text{(index targets)}.

    ``mean`` is torch's cross-entropy mean: for index targets
    :math:`\sum_n s_n \ell_n / \sum_n s_n w_{y_n}` over non-ignored entries (NaN when
    none is left), for probability targets :math:`\sum_n s_n \ell_n / \sum_n s_n`.
    ``sum`` is :math:`\sum_n s_n \ell_n`; an ignored entry's unreduced loss is 0.

    :math:`\log(1 - p_{nc})` comes from the logits (for the most probable class, as
    the log-sum-exp of the others minus its own logit), never from a rounded
    :math:`p`, and :math:`(1 - p)^\gamma = \exp(\gamma \log(1 - p))`: values and
    gradients stay finite for saturated logits and for every :math:`\gamma \ge 0`.

    Shape
    -----
    - input: :math:`(C)`, :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: index targets have input's shape without the class axis; probability
      targets have input's shape.
    - weight, alpha: :math:`(C)`. sample_weight: the unreduced loss's dimensions.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[1.5, 2.0, 0.5], [1.0, 0.5, 2.5]])
    >>> labels = np.array([1, 2])
    >>> print(f"{portloss.softmax_focal_loss(logits, labels, gamma=0.0):.6f}")
    0.455243
    >>> print(f"{portloss.softmax_focal_loss(logits, labels):.6f}")
    0.072776
    >>> alpha = np.array([0.25, 0.5, 0.25])
    >>> print(portloss.softmax_focal_loss(logits, labels, alpha=alpha, reduction="none").round(5))
    [0.06211 0.00533]
    """
    reduction = check_reduction(reduction)
    gamma = check_real_option("gamma", gamma, minimum=0.0)
    ignore_index = check_integer("ignore_index", ignore_index)
    alpha_array = alpha is not None and not isinstance(alpha, numbers.Real)
    if alpha is not None and not alpha_array:
        alpha = check_real_option("alpha", alpha, minimum=0.0)
    xp = array_namespace(
        input=input,
        target=target,
        weight=weight,
        sample_weight=sample_weight,
        alpha=alpha if alpha_array else None,
    )
    axis, form, num_classes = check_class_inputs(
        xp,
        input,
        target,
        axis=axis,
        weight=weight,
        sample_weight=sample_weight,
        ignore_index=ignore_index,
    )
    if alpha_array:
        _check_alpha_array(xp, alpha, num_classes)
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    x = to_dtype(xp, input, dtype)
    terms = _focal_terms(xp, x, gamma=gamma, alpha=alpha, alpha_array=alpha_array, axis=axis)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    return _class_loss(
        xp,
        terms=terms,
        target=target,
        weight=w,
        form=form,
        ignore_index=ignore_index,
        keep=1.0,
        off=0.0,
        axis=axis,
        reduction=reduction,
        sample_weight=sample_weight,
        out_dtype=input.dtype,
    )


@loss_options(epsilon=real("epsilon", minimum=-1.0))
def poly1_cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    epsilon: float = 1.0,
    weight: Array = None,
    sample_weight: Array = None,
    ignore_index: int = -100,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Array:
    r"""Poly-1 cross entropy (PolyLoss, Leng et al. 2022): CE + epsilon (1 - p_t).

    Cross entropy with the first term of its Taylor expansion in :math:`1 - p`
    reweighted by :math:`1 + \epsilon`. Options as :func:`portloss.cross_entropy`
    (torch's): with ``epsilon=0`` it is exactly ``torch.nn.functional.cross_entropy``
    with the same class weights, ``ignore_index``, label smoothing and reduction.

    Parameters
    ----------
    input : array
        Unnormalized logits, real floating, with the classes along ``axis``.
    target : array
        Class indices (integer dtype, ``input``'s shape without the class axis) or
        class probabilities (floating, ``input``'s shape).
    epsilon : float >= -1, default 1.0
        :math:`\epsilon`, the poly-1 coefficient (the paper's :math:`\epsilon_1`;
        :math:`-1` removes the first Taylor term).
    weight : array of shape (C,), optional
        Per-class weight :math:`w_c`, as torch's cross entropy.
    sample_weight : array, optional
        Per-element weight :math:`s_n` with the unreduced loss's number of dimensions,
        each of size 1 or equal (bool works as a mask).
    {{ignore_index}}
    {{reduction}}
    label_smoothing : float in [0, 1], default 0.0
        :math:`a`; the target becomes :math:`(1 - a)\, t + a / C` (torch, uniform).
    axis : int, default -1
        The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the unreduced loss's shape for ``"none"``;
        the dtype of ``input``.

    Raises
    ------
    ValueError
        As :func:`portloss.cross_entropy`, and for ``epsilon < -1``.

    Notes
    -----
    With :math:`p_{nc}` the softmax and :math:`y'_{nc}` the (smoothed) target
    distribution, every class term of torch's cross entropy gets its poly-1 term:

    .. math::

        \ell_n = \sum_c w_c\, y'_{nc} \left[ -\log p_{nc} + \epsilon\,(1 - p_{nc}) \right]
        = \mathrm{CE}_n + \epsilon \sum_c w_c\, y'_{nc} (1 - p_{nc}).

    Without class weights and with targets summing to one this is the paper's
    :math:`\mathrm{CE}_n + \epsilon (1 - p_t)`, :math:`p_t = \sum_c y'_{nc} p_{nc}`
    (with label smoothing, :math:`p_t` is taken against the smoothed target, as in the
    paper); with class weights the poly term of each class carries that class's
    weight, like its log term. ``mean`` is torch's: for index targets
    :math:`\sum_n s_n \ell_n / \sum_n s_n w_{y_n}` over non-ignored entries, for
    probability targets :math:`\sum_n s_n \ell_n / \sum_n s_n`. :math:`1 - p` is
    computed as ``-expm1(log p)``, accurate when :math:`p` nears 1.

    Shape
    -----
    - input: :math:`(C)`, :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: index targets have input's shape without the class axis; probability
      targets have input's shape.
    - weight: :math:`(C)`. sample_weight: the unreduced loss's dimensions.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[1.5, 2.0, 0.5], [1.0, 0.5, 2.5]])
    >>> labels = np.array([1, 2])
    >>> print(f"{portloss.poly1_cross_entropy(logits, labels, epsilon=0.0):.6f}")
    0.455243
    >>> print(f"{portloss.poly1_cross_entropy(logits, labels):.6f}")
    0.813906
    """
    reduction = check_reduction(reduction)
    epsilon = check_real_option("epsilon", epsilon, minimum=-1.0)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    ignore_index = check_integer("ignore_index", ignore_index)
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    axis, form, num_classes = check_class_inputs(
        xp,
        input,
        target,
        axis=axis,
        weight=weight,
        sample_weight=sample_weight,
        ignore_index=ignore_index,
    )
    keep, off = smoothing_coefficients(
        label_smoothing=label_smoothing, variant="uniform", num_classes=num_classes, axis=axis
    )
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    logp = log_softmax(xp, to_dtype(xp, input, dtype), axis=axis)
    # log p - eps (1 - p): each class's log term with its poly-1 term folded in.
    terms = logp + epsilon * xp.expm1(logp) if epsilon != 0.0 else logp
    w = None if weight is None else to_dtype(xp, weight, dtype)
    return _class_loss(
        xp,
        terms=terms,
        target=target,
        weight=w,
        form=form,
        ignore_index=ignore_index,
        keep=keep,
        off=off,
        axis=axis,
        reduction=reduction,
        sample_weight=sample_weight,
        out_dtype=input.dtype,
    )


def _check_alpha_array(xp: Any, alpha: Any, num_classes: int) -> None:
    if not xp.isdtype(alpha.dtype, ("real floating", "integral")):
        raise TypeError(f"alpha must be a number or an array with a real dtype, got {alpha.dtype}")
    if tuple(alpha.shape) != (num_classes,):
        raise ValueError(
            f"alpha must be a number or have shape ({num_classes},), one entry per "
            f"class, got shape {tuple(alpha.shape)}"
        )


def _focal_terms(
    xp: Any, x: Any, /, *, gamma: float, alpha: Any, alpha_array: bool, axis: int
) -> Any:
    """``alpha_c (1 - p_c) ** gamma log p_c`` per class of the logits ``x``: the terms
    that stand in for ``log p`` in the cross entropy."""
    terms = log_softmax(xp, x, axis=axis)
    if gamma != 0.0:
        factor = xp.exp(gamma * log1m_softmax(xp, x, axis=axis))
        # A -inf logit (a forbidden class) has log p = -inf and factor 1. Double where:
        # -inf stays out of the product, whose gradient would be 0 * -inf = NaN.
        forbidden = terms == -xp.inf
        safe = xp.where(forbidden, xp.zeros_like(terms), terms)
        terms = xp.where(forbidden, terms, safe * factor)
    if alpha_array:
        terms = terms * broadcast_along(xp, to_dtype(xp, alpha, x.dtype), axis=axis, ndim=x.ndim)
    elif alpha is not None:
        terms = alpha * terms
    return terms


def _class_loss(
    xp: Any,
    /,
    *,
    terms: Any,
    target: Any,
    weight: Any,
    form: str,
    ignore_index: int,
    keep: float,
    off: float,
    axis: int,
    reduction: str,
    sample_weight: Any,
    out_dtype: Any,
) -> Any:
    """torch's cross entropy machinery on per-class terms that stand in for ``log p``.

    The softmax engines turn them into :math:`-\\sum_c w_c y'_c \\,\\text{terms}_c`
    with torch's ignore handling and mean shares; the reduction happens in
    ``reduce_loss``.
    """
    if form == "index":
        loss, valid, mean_weight = index_terms_from_log_probs(
            xp,
            log_probs=terms,
            target=target,
            weight=weight,
            ignore_index=ignore_index,
            keep=keep,
            off=off,
            axis=axis,
            mode="per_class",
        )
    else:
        target = to_dtype(xp, target, terms.dtype)
        loss, mean_weight = probability_terms(
            xp,
            log_probs=terms,
            target=target,
            weight=weight,
            keep=keep,
            off=off,
            axis=axis,
            mode="per_class",
        )
        valid = None
    out = reduce_loss(
        xp,
        loss,
        reduction=reduction,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
    )
    return to_dtype(xp, out, out_dtype)


def _modulating_factor(xp: Any, x: Any, y: Any, gamma: float) -> Any:
    """``(1 - p_t) ** gamma`` with ``1 - p_t = y sigmoid(-x) + (1 - y) sigmoid(x)``.

    Two sigmoids of opposite signs, each accurate to rounding however far it is in its
    tail, and a sum of two non-negative terms: no ``1 - p`` of a rounded ``p``, so the
    factor keeps its relative accuracy where a confident prediction is right. Where
    ``1 - p_t`` is subnormal or 0 (``|x|`` past ~87 in float32) and ``gamma < 1``, the
    double ``where`` keeps the overflowing slope of ``q ** gamma`` out of the gradient.
    """
    q = one_minus_pt(xp, x, y)
    if gamma >= 1.0:
        return q**gamma
    # gamma * q ** (gamma - 1) overflows for subnormal q: those (and 0) take the factor
    # 0, which changes the loss by less than q * q ** gamma, itself below the normals.
    normal = q >= xp.finfo(q.dtype).smallest_normal
    safe = xp.where(normal, q, xp.ones_like(q))
    return xp.where(normal, safe**gamma, xp.zeros_like(q))
