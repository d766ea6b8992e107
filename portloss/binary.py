"""Binary classification losses: binary cross entropy, with logits, hard-negative mining."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ._backends import delegable
from ._checks import (
    check_bool_option,
    check_broadcast_weight,
    check_probability_values,
    check_real_option,
    check_sample_weight,
    elementwise_pair,
)
from ._namespace import array_namespace, to_dtype
from ._options import check_option, loss_options, real
from ._primitives import safe_divide
from ._reduction import reduce_loss
from ._terms.sigmoid import bce_terms
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention
from .labels import smooth_labels

__all__ = [
    "balanced_binary_cross_entropy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
]


@loss_options()
def binary_cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    pos_weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    probability_clip: float | None = None,
) -> Array:
    r"""Binary cross entropy between probabilities (or logits) and binary or soft targets.

    The same numbers as ``torch.nn.functional.binary_cross_entropy`` with the same
    options by default, including torch's clamp of each log at -100 (so an element's
    loss is at most 100 times its weight); with ``from_logits=True`` those of
    :func:`binary_cross_entropy_with_logits`; with ``convention="keras"`` those of
    Keras' ``BinaryCrossentropy`` (probabilities clipped to :math:`[10^{-7},
    1 - 10^{-7}]`, the mean over the last axis per sample, ``sample_weight`` and
    ``"sum_over_batch_size"`` as Keras). ``label_smoothing`` is Keras' binary smoothing.

    Parameters
    ----------
    input : array
        Probabilities :math:`p` in :math:`[0, 1]` (logits :math:`x` with
        ``from_logits=True``), real floating, any shape.
    target : array
        Targets :math:`y` in :math:`[0, 1]`, ``input``'s shape (floating, integer or
        bool; cast to ``input``'s compute dtype).
    {{weight:element}}
        torch's; it does not enter the ``mean`` denominator (torch).
    pos_weight : array, optional
        Weight :math:`v` of the positive term, broadcast like ``weight``, so a
        ``(C,)`` array is one weight per class along the last dimension (torch's
        ``binary_cross_entropy_with_logits``; here on probabilities too).
    {{sample_weight}}
    {{reduction}}
    {{convention}}
        Keras: ``"none"`` returns the per-sample mean over the last axis
        (``input.shape[:-1]``) and ``probability_clip`` defaults to ``1e-7``.
    {{from_logits}}
        ``True`` is :func:`binary_cross_entropy_with_logits` (torch's name).
    {{label_smoothing:binary}}
        torch has no such option.
    {{probability_clip}}
        Probabilities only: an explicit ``probability_clip`` with ``from_logits=True`` is an error.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the unreduced loss's shape for ``"none"``;
        the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s, a weight that does not
        broadcast to it, an unknown option value, ``probability_clip`` with ``from_logits=True``,
        and (NumPy arrays only, where it costs no host sync) probabilities outside
        :math:`[0, 1]`.

    Notes
    -----
    With :math:`y' = y (1 - a) + a / 2`, on probabilities with ``probability_clip`` :math:`= 0`
    (torch):

    .. math::

        \ell = -w \left[ v\, y' \max(\log p, -100) + (1 - y') \max(\log(1 - p), -100)
        \right]

    (:math:`\log(1 - p)` is computed as ``log1p(-p)``, as torch does); with ``probability_clip``
    :math:`= \epsilon > 0` (Keras) the logs are those of
    :math:`\min(\max(p, \epsilon), 1 - \epsilon)`, without the -100 clamp; on logits
    the stable form of :func:`binary_cross_entropy_with_logits`. Then

    .. math::

        \text{sum} = \sum s \ell, \qquad
        \text{mean} = \frac{\sum s \ell}{\sum s}

    (:math:`s \equiv 1` without ``sample_weight``, so the mean divides by the number of
    elements, whatever :math:`w`, as torch does; Keras divides by the count). A
    probability outside :math:`[0, 1]` gives NaN on arrays other than NumPy's, clipped
    or not. At :math:`p \in \{0, 1\}` the clamped (or clipped) log is a constant, so
    the gradient stays finite; below :math:`p = 10^{-12}` the slope of :math:`\log p`
    is capped at :math:`10^{12}`, as torch's backward (its denominator
    :math:`\max(p(1 - p), 10^{-12})`), so float32 probabilities near the smallest
    subnormals keep finite gradients. Prefer logits (``from_logits=True``): they need
    no clamp.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input.
    - weight, pos_weight: broadcastable to input. sample_weight: the unreduced loss's
      number of dimensions (Keras: aligned from the left).
    - output: scalar, or input's shape for ``reduction="none"`` (without its last axis
      with ``convention="keras"``).

    See Also
    --------
    binary_cross_entropy_with_logits : The same with ``from_logits=True`` (torch's name).
    balanced_binary_cross_entropy : With hard-negative mining.
    sigmoid_focal_loss : Down-weights the easy elements.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.functional.binary_cross_entropy``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy.html
    .. [2] Keras, ``keras.losses.BinaryCrossentropy``,
       https://keras.io/api/losses/probabilistic_losses/

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([0.9, 0.2, 0.6])
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> print(f"{portloss.binary_cross_entropy(p, y):.6f}")
    0.414932
    >>> print(portloss.binary_cross_entropy(p, y, reduction="none").round(4))
    [0.1054 0.2231 0.9163]
    >>> print(portloss.binary_cross_entropy(np.array([0.0]), np.array([1.0])))
    100.0
    >>> p = np.array([[0.0, 1.0], [0.4, 0.6]])  # Keras clips: log(1e-7)
    >>> y = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> print(f"{portloss.binary_cross_entropy(p, y, convention='keras'):.4f}")
    8.3145
    """
    conv = resolve_loss_convention(convention, reduction, probability_clip=probability_clip)
    from_logits = check_bool_option("from_logits", from_logits)
    label_smoothing = check_option("label_smoothing", label_smoothing)
    if from_logits and probability_clip is not None:
        raise ValueError(
            f"probability_clip applies to probabilities (from_logits=False); got "
            f"probability_clip={probability_clip!r} with from_logits=True"
        )
    xp = array_namespace(
        input=input,
        target=target,
        weight=weight,
        pos_weight=pos_weight,
        sample_weight=sample_weight,
    )
    x, y = elementwise_pair(xp, input, target)
    shape = tuple(input.shape)
    check_broadcast_weight(xp, "weight", weight, shape)
    check_broadcast_weight(xp, "pos_weight", pos_weight, shape)
    check_sample_weight(xp, sample_weight, shape, conv=conv, elementwise=True)
    if not from_logits:
        check_probability_values(xp, "input", input)

    y = _smooth(y, label_smoothing)
    v = None if pos_weight is None else to_dtype(xp, pos_weight, x.dtype)
    loss = bce_terms(xp, x, y, from_logits=from_logits, clip=conv.probability_clip, pos_weight=v)
    if weight is not None:
        loss = loss * to_dtype(xp, weight, x.dtype)
    return reduce_loss(
        xp, loss, conv=conv, elementwise=True, sample_weight=sample_weight, dtype=input.dtype
    )


@delegable
@loss_options()
def binary_cross_entropy_with_logits(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    pos_weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    label_smoothing: float = 0.0,
) -> Array:
    r"""Binary cross entropy on logits, in the numerically stable form.

    torch's name of ``binary_cross_entropy(..., from_logits=True)``: the same numbers
    as ``torch.nn.functional.binary_cross_entropy_with_logits`` with the same options,
    and Keras' ``BinaryCrossentropy(from_logits=True)`` with ``convention="keras"``.
    Stable for any finite logit: no probability is formed, and the loss of a logit of
    :math:`\pm 10^4` is exact.

    Parameters
    ----------
    input : array
        Logits :math:`x`, real floating, any shape.
    target : array
        Targets :math:`y` in :math:`[0, 1]`, ``input``'s shape (floating, integer or
        bool; cast to ``input``'s compute dtype).
    {{weight:element}}
        torch's; it does not enter the ``mean`` denominator (torch).
    pos_weight : array, optional
        Weight :math:`v` of the positive term, broadcast like ``weight``, so a
        ``(C,)`` array is one weight per class along the last dimension (torch).
    {{sample_weight}}
    {{reduction}}
    {{convention}}
        Keras: ``"none"`` returns the per-sample mean over the last axis.
    {{label_smoothing:binary}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the unreduced loss's shape for ``"none"``;
        the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s, a ``weight`` or
        ``pos_weight`` that does not broadcast to it, or an unknown option value.

    Notes
    -----
    With :math:`y' = y (1 - a) + a/2` and
    :math:`\operatorname{softplus}(z) = \log(1 + e^{z})`,

    .. math::

        \ell = w \left[ (1 - y')\, x + \bigl(1 + (v - 1)\, y'\bigr)
        \operatorname{softplus}(-x) \right],

    which for :math:`v = 1` is :math:`w\,[\max(x, 0) - x y' + \log(1 + e^{-|x|})]`, the
    usual stable form; ``softplus`` is evaluated without overflow. Reductions as in
    :func:`binary_cross_entropy`: :math:`\text{mean} = \sum s \ell / \sum s`, the
    number of elements without ``sample_weight``.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input.
    - weight, pos_weight: broadcastable to input. sample_weight: the unreduced loss's
      number of dimensions (Keras: aligned from the left).
    - output: scalar, or input's shape for ``reduction="none"`` (without its last axis
      with ``convention="keras"``).

    See Also
    --------
    binary_cross_entropy : The same loss, on probabilities by default.
    sigmoid_focal_loss : Down-weights the easy elements.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.functional.binary_cross_entropy_with_logits``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy_with_logits.html
    .. [2] Keras, ``keras.losses.BinaryCrossentropy``,
       https://keras.io/api/losses/probabilistic_losses/

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[2.0, -1.0, 0.5], [-3.0, 0.0, 1e4]])
    >>> y = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    >>> print(portloss.binary_cross_entropy_with_logits(x, y, reduction="none").round(4))
    [[1.269e-01 3.133e-01 4.741e-01]
     [4.860e-02 6.931e-01 1.000e+04]]
    >>> v = np.array([1.0, 2.0, 3.0])
    >>> loss = portloss.binary_cross_entropy_with_logits(x[:1], y[:1], pos_weight=v)
    >>> print(f"{loss:.6f}")
    0.620807
    """
    return binary_cross_entropy(
        input,
        target,
        weight=weight,
        pos_weight=pos_weight,
        sample_weight=sample_weight,
        reduction=reduction,
        convention=convention,
        from_logits=True,
        label_smoothing=label_smoothing,
    )


@loss_options(negative_ratio=real("negative_ratio", minimum=0.0))
def balanced_binary_cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    mask: Array = None,
    negative_ratio: float = 3.0,
    eps: float = 1e-6,
    from_logits: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    probability_clip: float | None = None,
) -> Array:
    r"""Binary cross entropy with online hard-negative mining (DBNet's balanced BCE).

    Every positive element counts, and of the negatives only the :math:`k` with the
    largest loss, :math:`k = \min(n_-, \lfloor n_+ \cdot \text{ratio} \rfloor)`; the
    sum is divided by :math:`n_+ + k + \epsilon`. The selection is a rank (two stable
    argsorts) with :math:`k` kept as an array: no host sync, and it runs under
    ``jax.jit`` and on lazy arrays.

    Parameters
    ----------
    input : array
        Probabilities (or logits with ``from_logits=True``), real floating, any shape,
        e.g. a ``(N, 1, H, W)`` map.
    target : array
        Binary targets (0 or 1), ``input``'s shape (floating, integer or bool).
    mask : array, optional
        Which elements take part (1 or ``True``) and which not (0), with ``input``'s
        number of dimensions, each of size 1 or equal. Default: all. Unlike
        ``sample_weight`` it decides the counts :math:`n_\pm` and the mining.
    negative_ratio : float >= 0, default 3.0
        At most this many hard negatives per positive.
    {{eps}}
        Here it is added to the denominator, so that a map with no element selected
        gives 0.
    {{from_logits}}
        Logits use the stable form of :func:`binary_cross_entropy_with_logits`,
        probabilities torch's :func:`binary_cross_entropy` (logs clamped at -100).
    {{sample_weight}}
        It scales each element's share after the mining; it enters neither the
        counts nor the selection (``mask`` does).
    {{reduction}}
        ``"none"`` returns each entry's loss where it is mined (a positive or a
        selected negative) and 0 elsewhere; ``"mean"`` (DBNet's number) divides
        their sum by the number of mined entries plus :math:`\epsilon` (under
        torch's convention by their ``sample_weight``, under Keras' by their count),
        so it is not the mean of the ``"none"`` entries.
    {{convention}}
    {{probability_clip}}
        Probabilities only.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s, a mask that does not
        broadcast to it, a negative ``negative_ratio`` or ``eps``, and (NumPy
        probabilities only) values outside :math:`[0, 1]`.

    Notes
    -----
    With the per-element binary cross entropy :math:`\ell_i`, target :math:`y_i` and
    mask :math:`m_i`, positives :math:`P_i = y_i m_i` and negatives
    :math:`Q_i = (1 - y_i) m_i`, counts :math:`n_+ = \sum_i P_i`, :math:`n_- = \sum_i Q_i`:

    .. math::

        k = \min\bigl(n_-, \lfloor n_+ r \rfloor\bigr), \qquad
        t_i = P_i + Q_i\, [\operatorname{rank}_i(Q \ell) < k], \qquad
        \text{mean} = \frac{\sum_i s_i t_i \ell_i}{\sum_i s_i t_i + \epsilon},

    where :math:`\operatorname{rank}_i` is the place of element :math:`i` among the
    negatives in descending order of :math:`Q \ell` over the whole array (all samples
    together, as DBNet's ``BalanceCrossEntropyLoss``; ties in input order). Without
    ``sample_weight`` the denominator is :math:`n_+ + k + \epsilon`, that class's
    formula: for targets and masks in {0, 1} it gives its numbers. ``"sum"`` is
    :math:`\sum_i s_i t_i \ell_i` and ``"none"`` :math:`s_i t_i \ell_i`. The
    counts and :math:`\lfloor n_+ r \rfloor` are computed in the input's compute
    dtype (float32 for float32 input). Gradients reach the positives and the selected
    negatives only.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input. mask, sample_weight: input's number of dimensions.
    - output: scalar, or input's shape for ``reduction="none"``.

    See Also
    --------
    binary_cross_entropy : Every element, no mining.

    References
    ----------
    .. [1] M. Liao, Z. Wan, C. Yao, K. Chen, X. Bai, "Real-time Scene Text Detection
       with Differentiable Binarization", AAAI 2020.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[0.9, 0.8, 0.3], [0.6, 0.1, 0.05]])
    >>> y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> # one positive, so the two hardest negatives (0.8 and 0.6) at ratio 2
    >>> loss = portloss.balanced_binary_cross_entropy(p, y, negative_ratio=2.0)
    >>> print(f"{loss:.6f}")
    0.877029
    >>> share = portloss.balanced_binary_cross_entropy(p, y, negative_ratio=2.0, reduction="none")
    >>> print((share > 0).astype(int))
    [[1 1 0]
     [1 0 0]]
    """
    conv = resolve_loss_convention(convention, reduction, probability_clip=probability_clip)
    negative_ratio = check_real_option("negative_ratio", negative_ratio, minimum=0.0)
    eps = check_option("eps", eps)
    from_logits = check_bool_option("from_logits", from_logits)
    xp = array_namespace(input=input, target=target, mask=mask, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    shape = tuple(input.shape)
    _check_mask(xp, mask, shape)
    check_sample_weight(xp, sample_weight, shape, conv=conv)
    if not from_logits:
        check_probability_values(xp, "input", input)

    loss = bce_terms(xp, x, y, from_logits=from_logits, clip=conv.probability_clip)
    m = xp.ones_like(x) if mask is None else to_dtype(xp, mask, x.dtype)
    if tuple(m.shape) != shape:
        m = xp.broadcast_to(m, shape)
    positive = y * m
    negative = (1.0 - y) * m
    n_pos = xp.sum(positive)
    k = xp.minimum(xp.sum(negative), xp.floor(n_pos * negative_ratio))
    chosen = _hardest(xp, loss * negative, negative > 0, k)
    taken = positive + negative * chosen  # each entry's part in the loss and its mean
    loss = loss * taken
    if conv.reduction != "mean":
        return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)
    return _mined_mean(xp, loss, taken, sample_weight, conv, eps, dtype=input.dtype)


def _mined_mean(
    xp: Any, loss: Any, taken: Any, sample_weight: Any, conv: Any, eps: float, dtype: Any
) -> Any:
    """The mean over the mined entries, ``eps`` added to its denominator (DBNet's)."""
    as_sum = replace(conv, reduction="sum")
    total = reduce_loss(xp, loss, conv=as_sum, sample_weight=sample_weight)
    is_mask = sample_weight is not None and xp.isdtype(sample_weight.dtype, "bool")
    # torch: the weights that were applied; Keras: the count of entries taking part
    # (a boolean sample_weight is a mask and counts).
    counting = sample_weight if conv.mean_denominator == "weights" or is_mask else None
    denominator = reduce_loss(xp, taken, conv=as_sum, sample_weight=counting) + eps
    fill = xp.nan if conv.empty_mean == "nan" else 0.0
    return to_dtype(xp, safe_divide(xp, total, denominator, fill=fill), dtype)


def _check_mask(xp: Any, mask: Any, shape: tuple[int, ...]) -> None:
    if mask is None:
        return
    if not xp.isdtype(mask.dtype, ("real floating", "integral", "bool")):
        raise TypeError(f"mask must have a bool or real dtype, got {mask.dtype}")
    m_shape = tuple(mask.shape)
    if len(m_shape) != len(shape) or any(m not in (1, n) for m, n in zip(m_shape, shape)):
        raise ValueError(
            f"mask must broadcast to input's shape {shape} (same number of "
            f"dimensions, each of size 1 or equal), got shape {m_shape}"
        )


def _hardest(xp: Any, values: Any, candidate: Any, k: Any) -> Any:
    """1.0 where an entry is among the ``k`` largest ``values`` of the candidates, else 0.

    The rank of each entry is two stable argsorts of the flattened array, so ``k`` (a
    0-d array) stays on the device: no host sync, jit-able; a NaN value still reaches
    the sum through its (zero) selection factor.
    """
    if 0 in values.shape:  # nothing to rank; Dask cannot flatten an empty chunked array
        return xp.zeros_like(values)
    ranked = xp.where(candidate, values, xp.full_like(values, -xp.inf))
    order = xp.argsort(xp.reshape(ranked, (-1,)), descending=True, stable=True)
    rank = xp.reshape(xp.argsort(order, stable=True), tuple(values.shape))
    return to_dtype(xp, to_dtype(xp, rank, values.dtype) < k, values.dtype)


def _smooth(y: Any, label_smoothing: float) -> Any:
    # One formula for binary smoothing, shared with the public helper.
    return smooth_labels(y, label_smoothing, smoothing_variant="binary") if label_smoothing else y
