"""Multi-class classification losses: cross entropy and negative log-likelihood."""

from __future__ import annotations

import numbers
from typing import Any

from ._backends import delegable
from ._checks import (
    check_axis,
    check_bool_option,
    check_class_axes,
    check_class_inputs,
    check_class_weight,
    check_index_range,
    check_integer,
    check_positive_real,
    check_real_floating,
    check_sample_weight,
    check_summed_axes,
    check_unit_interval,
    check_where,
    class_target_form,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options, nonnegative, optional, positive
from ._primitives import axes_last, class_ramp, log_softmax, logsumexp
from ._reduction import reduce_loss
from ._terms.softmax import (
    index_terms_from_log_probs,
    index_terms_from_logits,
    probability_terms,
    smoothing_coefficients,
    softcap_logits,
    z_loss_term,
)
from ._typing import (
    Array,
    ClassWeightMode,
    ConventionName,
    EmptyMean,
    MeanDenominator,
    Reduction,
    SmoothingVariant,
)
from .conventions import SMOOTHING_VARIANTS, check_choice, resolve_loss_convention

__all__ = ["cross_entropy", "nll_loss"]


@delegable
@loss_options(
    z_loss=nonnegative("z_loss"),
    softcap=optional(positive("softcap")),
    axis=lambda value: _axis_option(value),
)
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
    axis: int | tuple[int, ...] = -1,
    smoothing_variant: SmoothingVariant = "uniform",
    convention: ConventionName = "torch",
    class_weight_mode: ClassWeightMode | None = None,
    mean_denominator: MeanDenominator | None = None,
    empty_mean: EmptyMean | None = None,
    from_logits: bool = True,
    probability_clip: float | None = None,
    where: Array = None,
    z_loss: float = 0.0,
    softcap: float | None = None,
) -> Array:
    r"""Cross entropy of logits or probabilities and class-index or class-probability targets.

    The same numbers as ``torch.nn.functional.cross_entropy`` with the same options,
    for arrays of any Array API library; ``convention="keras"`` or ``"paddle"`` gives
    Keras' or Paddle's numbers where the frameworks differ (class weights with label
    smoothing, the ``mean`` denominator, the empty mean, the alignment of a per-sample
    ``sample_weight``, the clipping of probabilities). Keras' losses are:

    - ``keras.losses.CategoricalCrossentropy(from_logits=f, label_smoothing=a)`` with
      one-hot ``y``: ``cross_entropy(x, y, from_logits=f, label_smoothing=a,
      convention="keras")``;
    - ``keras.losses.SparseCategoricalCrossentropy(from_logits=f, ignore_class=k)``:
      the same with class indices and ``ignore_index=k``; ``sample_weight`` as in
      Keras (a per-sample ``(N,)`` weight aligns from the left), a Keras mask as a
      boolean ``sample_weight``.

    optax's losses return the unreduced loss: ``reduction="none"`` gives them.

    - ``optax.losses.softmax_cross_entropy(x, t, axis=a, where=m)``:
      ``cross_entropy(x, t, axis=a, where=m, reduction="none")`` (probability ``t``);
    - ``optax.losses.softmax_cross_entropy_with_integer_labels(x, y, axis=a,
      where=m)``: the same with class indices ``y``.

    Parameters
    ----------
    input : array
        Unnormalized logits, real floating, with the classes along ``axis``; with
        ``from_logits=False``, non-negative class probabilities (Keras' ``y_pred``).
    target : array
        Either class indices (integer dtype, ``input``'s shape without the class axis;
        entries equal to ``ignore_index`` are ignored) or class probabilities (floating
        dtype, ``input``'s shape).
    {{weight:class}}
        ``class_weight_mode`` says where it applies.
    {{sample_weight}}
        With ``mean_denominator="count"`` the ``mean`` divides by the number of entries
        instead.
    {{ignore_index}}
    {{reduction}}
    {{label_smoothing:classes}}
        ``smoothing_variant`` says where it goes.
    {{axis:tuple}}
        The axes are moved, in the order given, behind the others and merged into one
        class axis of their total size, and a class index is a flat (C-order) index
        into that block, as in ``numpy.ravel_multi_index``.
    {{smoothing_variant}}
    {{convention}}
    {{class_weight_mode}}
    {{mean_denominator}}
    {{empty_mean}}
    {{from_logits}}
        torch takes logits only; Keras' default is probabilities: these are normalized
        to sum 1 over the classes, clipped to :math:`[\epsilon, 1 - \epsilon]`
        (``probability_clip``) and their logarithm taken, as Keras does.
    {{probability_clip}}
        Only read with ``from_logits=False``.
    where : array of bool, optional
        The classes that take part (optax's ``where``), broadcastable to ``input``'s
        shape (trailing dimensions aligned), or of the unreduced loss' shape where it
        does not broadcast so (a per-entry mask, expanded along the class axes, as
        optax; for a square ``(N, N)`` input pass ``where[:, None]``). Masked
        classes leave the softmax's normalizer and every sum; an entry with no class
        kept takes no part (its unreduced loss is 0, as optax's, and it leaves the
        ``"mean"``). An index target's own logit is read even where
        it is masked, as in ``optax.losses.softmax_cross_entropy_with_integer_labels``.
    z_loss : float >= 0, default 0.0
        :math:`\zeta`, the coefficient of PaLM's auxiliary z-loss
        :math:`\zeta \log^2 Z_n` added to each element's loss, with
        :math:`\log Z_n = \operatorname{logsumexp}_c x_{nc}` (after ``softcap``). It
        is reduced with the loss (ignored entries excluded, scaled by
        ``sample_weight``, not by class weights).
    softcap : float > 0, optional
        :math:`\kappa`: Gemma 2's soft cap, the logits become
        :math:`\kappa \tanh(x / \kappa)` before the softmax (and the z-loss).

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

    (:math:`w \equiv 1` without ``weight``, when the three coincide), plus
    :math:`\zeta \log^2 Z_n` with ``z_loss``. With sums over non-ignored entries,

    .. math::

        \text{sum} = \sum_n s_n \ell_n, \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n m_n} \ \text{(weights)}
        \quad\text{or}\quad \frac{\sum_n s_n \ell_n}{\sum_n 1} \ \text{(count)},

    and a mean with a zero denominator is NaN or 0 (``empty_mean``). An ignored entry's
    unreduced loss is 0. A class index outside ``[0, C)`` raises for NumPy arrays and
    gives NaN elsewhere (checking would need a host sync). float16 and bfloat16 inputs
    are computed in float32 and returned in their own dtype.

    With ``from_logits=False``, :math:`\log p_{nc}` is
    :math:`\log \operatorname{clip}(x_{nc} / \sum_k x_{nk}, \epsilon, 1 - \epsilon)`,
    read only at the classes a term needs (a probability of exactly 0 where the
    target is 0 gives 0, not :math:`0 \cdot \log 0`); with ``where`` (mask
    :math:`m`), :math:`\log p_{nc} = x_{nc} - \log \sum_{k: m_{nk}} e^{x_{nk}}`
    and the sums over the classes run over the kept ones.

    Shape
    -----
    - input: :math:`(C)`, :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: index targets have ``input``'s shape without the class axis;
      probability targets have ``input``'s shape.
    - weight: :math:`(C)` (the merged size for a tuple ``axis``).
    - sample_weight: broadcastable to the unreduced loss (same number of dimensions;
      Keras: a lower-rank weight aligns from the left).
    - where: broadcastable to ``input``, or the unreduced loss' shape.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    See Also
    --------
    nll_loss : The same from log-probabilities.
    softmax_cross_entropy : The masked, -inf-safe softmax cross entropy of optax.
    poly1_cross_entropy : Cross entropy plus the PolyLoss term.
    softmax_focal_loss : The focal modulation of this loss.
    smooth_labels : The smoothed targets this loss forms.
    class_weights : Class weights from class counts, for ``weight``.

    References
    ----------
    .. [1] C. Szegedy, V. Vanhoucke, S. Ioffe, J. Shlens, Z. Wojna, "Rethinking the
       Inception Architecture for Computer Vision", CVPR 2016 (label smoothing).
    .. [2] A. Chowdhery et al., "PaLM: Scaling Language Modeling with Pathways",
       JMLR 24, 2023 (the z-loss).
    .. [3] Gemma Team, "Gemma 2: Improving Open Language Models at a Practical Size",
       2024 (the logit soft cap).
    .. [4] PyTorch, ``torch.nn.functional.cross_entropy``; Keras,
       ``keras.losses.CategoricalCrossentropy`` and ``SparseCategoricalCrossentropy``;
       optax, ``optax.losses.softmax_cross_entropy``.

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

    Keras' ``SparseCategoricalCrossentropy()`` on probabilities, with a per-sample
    weight:

    >>> p = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])
    >>> s = np.array([1.0, 0.5])
    >>> loss = portloss.cross_entropy(
    ...     p, labels, from_logits=False, sample_weight=s, convention="keras"
    ... )
    >>> print(f"{loss:.6f}")
    0.601293
    """
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    ignore_index = check_integer("ignore_index", ignore_index)
    smoothing_variant = check_choice("smoothing_variant", smoothing_variant, SMOOTHING_VARIANTS)
    from_logits, z_loss, softcap = _check_logit_options(from_logits, z_loss, softcap)
    conv = resolve_loss_convention(
        convention,
        reduction,
        class_weight_mode=class_weight_mode,
        mean_denominator=mean_denominator,
        empty_mean=empty_mean,
        probability_clip=probability_clip,
    )
    masks = {} if where is None else {"where": where}
    xp = array_namespace(
        input=input, target=target, weight=weight, sample_weight=sample_weight, **masks
    )
    out_dtype = input.dtype
    input, target, where, axis = _class_axes(xp, input, target, where, axis)
    axis, form, num_classes = check_class_inputs(
        xp, input, target, axis=axis, weight=weight, sample_weight=None, ignore_index=ignore_index
    )
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    keep, off = smoothing_coefficients(
        label_smoothing=label_smoothing,
        variant=smoothing_variant,
        num_classes=num_classes,
        axis=axis,
    )
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    x = softcap_logits(xp, to_dtype(xp, input, dtype), softcap=softcap)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    loss, valid, mean_weight = _cross_entropy_terms(
        xp,
        x,
        target,
        form=form,
        weight=w,
        ignore_index=ignore_index,
        smoothing=(keep, off),
        axis=axis,
        mode=conv.class_weight_mode,
        link=(from_logits, conv.probability_clip),
        where=where,
    )
    if z_loss > 0.0:
        loss = loss + z_loss_term(xp, x, coef=z_loss, axis=axis)
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        dtype=out_dtype,
    )


def _check_logit_options(from_logits: Any, z_loss: Any, softcap: Any) -> tuple[bool, float, Any]:
    """``from_logits``, ``z_loss`` and ``softcap``, the last two only on logits."""
    z_loss = check_positive_real("z_loss", z_loss, allow_zero=True)
    softcap = None if softcap is None else check_positive_real("softcap", softcap)
    from_logits = check_bool_option("from_logits", from_logits)
    if not from_logits and (z_loss > 0.0 or softcap is not None):
        raise ValueError(
            f"z_loss and softcap act on logits: pass from_logits=True, got "
            f"from_logits=False with z_loss={z_loss!r}, softcap={softcap!r}"
        )
    return from_logits, z_loss, softcap


def _axis_option(value: Any) -> Any:
    """The loss object's check of ``axis`` (the message of the other int options)."""
    if isinstance(value, tuple):
        return check_class_axes(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"axis must be int, got {value!r} (or a tuple of ints)")
    return value


def _class_axes(xp: Any, input: Any, target: Any, where: Any, axis: Any) -> tuple[Any, ...]:
    """Check ``where`` and merge a tuple of class axes into one last axis (optax).

    optax moves the class axes, in the order given, behind the others and flattens
    them: an index target is then a flat index into that block. A ``where`` of the
    loss' shape (no class axes) is a per-entry mask: it gains the class axes.
    """
    axes = check_summed_axes(axis, input.ndim)
    if where is not None:
        where = check_where(xp, where, input, axes)
    if len(axes) == 1:
        return input, target, where, axes[0]

    def merge(a: Any) -> Any:
        return axes_last(xp, a, axes)

    if tuple(target.shape) == tuple(input.shape):
        target = merge(target)
    where = None if where is None else merge(where)
    return merge(input), target, where, input.ndim - len(axes)


@delegable
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
    {{weight:class}}
    {{sample_weight}}
    {{ignore_index}}
    {{reduction}}
    axis : int, default -1
        The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.
    {{convention}}
        (Without label smoothing the three ways of applying class weights coincide, so this
        loss has no ``class_weight_mode``.)
    {{mean_denominator}}
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

    See Also
    --------
    cross_entropy : The same from logits (or probabilities), with label smoothing.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.functional.nll_loss``.
    .. [2] C. M. Bishop, "Pattern Recognition and Machine Learning", Springer, 2006,
       section 4.3.4 (multiclass logistic regression).

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
    ignore_index = check_integer("ignore_index", ignore_index)
    conv = resolve_loss_convention(
        convention, reduction, mean_denominator=mean_denominator, empty_mean=empty_mean
    )
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    axis = check_axis(axis, input.ndim)
    class_target_form(xp, input, target, axis, allow_probabilities=False)
    num_classes = input.shape[axis]
    check_class_weight(xp, weight, num_classes)
    check_sample_weight(xp, sample_weight, tuple(target.shape), conv=conv)
    check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    loss, valid, mean_weight = index_terms_from_log_probs(
        xp,
        log_probs=to_dtype(xp, input, dtype),
        target=target,
        weight=w,
        ignore_index=ignore_index,
        keep=1.0,
        off=0.0,
        axis=axis,
        mode="per_class",
    )
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        dtype=input.dtype,
    )


def _cross_entropy_terms(
    xp: Any,
    x: Any,
    target: Any,
    /,
    *,
    form: str,
    weight: Any,
    ignore_index: int,
    smoothing: tuple[float, float],
    axis: int,
    mode: str,
    link: tuple[bool, float],
    where: Any,
) -> tuple[Any, Any, Any]:
    """Per-element loss, validity mask (``None``: every entry) and mean share."""
    keep, off = smoothing
    from_logits, clip = link
    engine = {"keep": keep, "off": off, "axis": axis, "mode": mode, "weight": weight}
    if from_logits and where is None:
        if form == "index":
            return index_terms_from_logits(
                xp, logits=x, target=target, ignore_index=ignore_index, **engine
            )
        logp = log_softmax(xp, x, axis=axis)
        t = to_dtype(xp, target, x.dtype)
        loss, mean_weight = probability_terms(xp, log_probs=logp, target=t, **engine)
        return loss, None, mean_weight
    t = None if form == "index" else to_dtype(xp, target, x.dtype)
    rows = None
    if where is not None:
        rows = xp.any(where, axis=axis)
        # A row without a kept class normalizes over every class (finite, also in the
        # gradient) and then takes no part: optax's 0.
        where = where | ~xp.expand_dims(rows, axis=axis)
        t = None if t is None else xp.where(where, t, xp.zeros_like(t))
    if from_logits:
        z = x if where is None else xp.where(where, x, xp.full_like(x, -xp.inf))
        logp = x - logsumexp(xp, z, axis=axis, keepdims=True)
    else:
        logp = _log_probabilities(xp, x, target, t, smoothing, axis, clip, where)
    summed = logp if where is None else xp.where(where, logp, xp.zeros_like(logp))
    if form == "index":
        loss, valid, mean_weight = index_terms_from_log_probs(
            xp, log_probs=logp, summed=summed, target=target, ignore_index=ignore_index, **engine
        )
    else:
        loss, mean_weight = probability_terms(xp, log_probs=summed, target=t, **engine)
        valid = None
    if rows is not None:
        valid = rows if valid is None else valid & rows
    return loss, valid, mean_weight


def _log_probabilities(
    xp: Any,
    p: Any,
    target: Any,
    t: Any,
    smoothing: tuple[float, float],
    axis: int,
    clip: float,
    where: Any,
) -> Any:
    """``log p`` of probabilities, as Keras: normalized to sum 1 over the classes,
    clipped to ``[clip, 1 - clip]``; 0 at the classes no term reads.

    Only the classes that a term reads take a logarithm (the target's class, every
    class with smoothing, the nonzero targets): a probability of exactly 0 elsewhere
    gives neither ``0 * log 0`` nor an infinite slope.
    """
    keep, off = smoothing
    if where is not None:
        p = xp.where(where, p, xp.zeros_like(p))
    p = p / xp.sum(p, axis=axis, keepdims=True)
    if clip > 0.0:
        p = xp.clip(p, clip, 1.0 - clip)
    if t is not None:
        used = (keep * t + off) != 0.0
    elif off > 0.0:
        used = xp.ones_like(p, dtype=xp.bool)
    else:
        ramp = class_ramp(xp, p, axis=axis, dtype=target.dtype)
        used = ramp == xp.expand_dims(target, axis=axis)
    if where is not None:
        used = used & where
    safe = xp.where(used, p, xp.ones_like(p))
    return xp.where(used, xp.log(safe), xp.zeros_like(p))
