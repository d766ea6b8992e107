"""Multi-class classification losses: cross entropy and negative log-likelihood."""

from __future__ import annotations

from typing import Any

from ._backends import delegable
from ._checks import (
    check_axis,
    check_class_inputs,
    check_class_weight,
    check_index_range,
    check_integer,
    check_positive_real,
    check_real_floating,
    check_reduction,
    check_sample_weight,
    check_unit_interval,
    class_target_form,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options, nonnegative, optional, positive
from ._primitives import (
    log_softmax,
)
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
from .conventions import SMOOTHING_VARIANTS, check_choice, resolve_convention

__all__ = ["cross_entropy", "nll_loss"]


@delegable
@loss_options(z_loss=nonnegative("z_loss"), softcap=optional(positive("softcap")))
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
    z_loss: float = 0.0,
    softcap: float | None = None,
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
    {{weight:class}}
        ``class_weight_mode`` says where it applies.
    {{sample_weight}}
        With ``mean_denominator="count"`` the ``mean`` divides by the number of entries
        instead.
    {{ignore_index}}
    {{reduction}}
    {{label_smoothing:classes}}
        ``smoothing_variant`` says where it goes.
    {{axis}}
    {{smoothing_variant}}
    {{convention}}
    {{class_weight_mode}}
    {{mean_denominator}}
    {{empty_mean}}
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
    z_loss = check_positive_real("z_loss", z_loss, allow_zero=True)
    softcap = None if softcap is None else check_positive_real("softcap", softcap)
    ignore_index = check_integer("ignore_index", ignore_index)
    smoothing_variant = check_choice("smoothing_variant", smoothing_variant, SMOOTHING_VARIANTS)
    knobs = resolve_convention(
        convention,
        class_weight_mode=class_weight_mode,
        mean_denominator=mean_denominator,
        empty_mean=empty_mean,
    )
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
        keep=keep,
        off=off,
        axis=axis,
        mode=knobs.class_weight_mode,
    )
    if z_loss > 0.0:
        loss = loss + z_loss_term(xp, x, coef=z_loss, axis=axis)
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


def _cross_entropy_terms(
    xp: Any,
    x: Any,
    target: Any,
    /,
    *,
    form: str,
    weight: Any,
    ignore_index: int,
    keep: float,
    off: float,
    axis: int,
    mode: str,
) -> tuple[Any, Any, Any]:
    """Per-element loss, validity mask (``None`` for probabilities) and mean share."""
    if form == "index":
        return index_terms_from_logits(
            xp,
            logits=x,
            target=target,
            weight=weight,
            ignore_index=ignore_index,
            keep=keep,
            off=off,
            axis=axis,
            mode=mode,
        )
    logp = log_softmax(xp, x, axis=axis)
    target = to_dtype(xp, target, x.dtype)
    loss, mean_weight = probability_terms(
        xp, log_probs=logp, target=target, weight=weight, keep=keep, off=off, axis=axis, mode=mode
    )
    return loss, None, mean_weight
