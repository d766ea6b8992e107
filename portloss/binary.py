"""Binary classification losses: binary cross entropy, with logits, hard-negative mining."""

from __future__ import annotations

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
from ._primitives import stop_gradient, sum_top_k
from ._reduction import reduce_loss
from ._terms.sigmoid import bce_logits_terms
from ._typing import Array, Reduction
from .labels import smooth_labels

__all__ = [
    "balanced_binary_cross_entropy",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
]

#: torch clamps each log of binary_cross_entropy at -100.
LOG_CLAMP = -100.0
_TORCH_EPSILON = 1e-12  # torch's binary_cross_entropy_backward denominator floor


@loss_options()
def binary_cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
) -> Array:
    r"""Binary cross entropy between probabilities and binary (or soft) targets.

    The same numbers as ``torch.nn.functional.binary_cross_entropy`` with the same
    options, including torch's clamp of each log at -100 (so an element's loss is at
    most 100 times its weight). ``label_smoothing`` is Keras' binary smoothing.

    Parameters
    ----------
    input : array
        Probabilities :math:`p` in :math:`[0, 1]`, real floating, any shape.
    target : array
        Targets :math:`y` in :math:`[0, 1]`, ``input``'s shape (floating, integer or
        bool; cast to ``input``'s compute dtype).
    {{weight:element}}
        torch's; it does not enter the ``mean`` denominator (torch).
    {{sample_weight}}
    {{reduction}}
    {{label_smoothing:binary}}
        torch has no such option.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s, a weight that does not
        broadcast to it, an unknown option value, and (NumPy arrays only, where it costs
        no host sync) probabilities outside :math:`[0, 1]`.

    Notes
    -----
    .. math::

        y' = y (1 - a) + \frac{a}{2}, \qquad
        \ell = -w \left[ y' \max(\log p, -100) + (1 - y') \max(\log(1 - p), -100) \right]

    (:math:`\log(1 - p)` is computed as ``log1p(-p)``, as torch does), and

    .. math::

        \text{sum} = \sum s \ell, \qquad
        \text{mean} = \frac{\sum s \ell}{\sum s}

    (:math:`s \equiv 1` without ``sample_weight``, so the mean divides by the number of
    elements, whatever :math:`w`, as torch does). A probability outside :math:`[0, 1]`
    gives NaN on arrays other than NumPy's. At :math:`p \in \{0, 1\}` the clamped log is
    a constant, so the gradient stays finite; below :math:`p = 10^{-12}` the slope of
    :math:`\log p` is capped at :math:`10^{12}`, as torch's backward (its denominator
    :math:`\max(p(1 - p), 10^{-12})`), so float32 probabilities near the smallest
    subnormals keep finite gradients. Prefer
    :func:`binary_cross_entropy_with_logits` on logits: it needs no clamp.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input.
    - weight: broadcastable to input. sample_weight: input's number of dimensions.
    - output: scalar, or input's shape for ``reduction="none"``.

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
    """
    reduction = check_option("reduction", reduction)
    label_smoothing = check_option("label_smoothing", label_smoothing)
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    p, y = elementwise_pair(xp, input, target)
    check_broadcast_weight(xp, "weight", weight, tuple(input.shape))
    check_sample_weight(xp, sample_weight, tuple(input.shape))
    check_probability_values(xp, "input", input)

    y = _smooth(y, label_smoothing)
    loss = -(y * _clamped_log(xp, p) + (1.0 - y) * _clamped_log1m(xp, p))
    if weight is not None:
        loss = loss * to_dtype(xp, weight, p.dtype)
    out = reduce_loss(xp, loss, reduction=reduction, sample_weight=sample_weight)
    return to_dtype(xp, out, input.dtype)


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
    label_smoothing: float = 0.0,
) -> Array:
    r"""Binary cross entropy on logits, in the numerically stable form.

    The same numbers as ``torch.nn.functional.binary_cross_entropy_with_logits`` with
    the same options. Stable for any finite logit: no probability is formed, and the
    loss of a logit of :math:`\pm 10^4` is exact.

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
    {{label_smoothing:binary}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

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
    - weight, pos_weight: broadcastable to input. sample_weight: input's number of
      dimensions.
    - output: scalar, or input's shape for ``reduction="none"``.

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
    reduction = check_option("reduction", reduction)
    label_smoothing = check_option("label_smoothing", label_smoothing)
    xp = array_namespace(
        input=input,
        target=target,
        weight=weight,
        pos_weight=pos_weight,
        sample_weight=sample_weight,
    )
    x, y = elementwise_pair(xp, input, target)
    check_broadcast_weight(xp, "weight", weight, tuple(input.shape))
    check_broadcast_weight(xp, "pos_weight", pos_weight, tuple(input.shape))
    check_sample_weight(xp, sample_weight, tuple(input.shape))

    y = _smooth(y, label_smoothing)
    v = None if pos_weight is None else to_dtype(xp, pos_weight, x.dtype)
    loss = bce_logits_terms(xp, logits=x, target=y, pos_weight=v)
    if weight is not None:
        loss = loss * to_dtype(xp, weight, x.dtype)
    out = reduce_loss(xp, loss, reduction=reduction, sample_weight=sample_weight)
    return to_dtype(xp, out, input.dtype)


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
) -> Array:
    r"""Binary cross entropy with online hard-negative mining (DBNet's balanced BCE).

    Every positive element counts, and of the negatives only the :math:`k` with the
    largest loss, :math:`k = \min(n_-, \lfloor n_+ \cdot \text{ratio} \rfloor)`; the
    sum is divided by :math:`n_+ + k + \epsilon`. The selection is a sort and a rank
    mask with :math:`k` kept as an array: no host sync, and it runs under
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
        number of dimensions, each of size 1 or equal. Default: all.
    negative_ratio : float >= 0, default 3.0
        At most this many hard negatives per positive.
    {{eps}}
        Here it is added to the denominator, so that a map with no element selected
        gives 0.
    from_logits : bool, default False
        Whether ``input`` holds logits (stable form of
        :func:`binary_cross_entropy_with_logits`) or probabilities (torch's
        :func:`binary_cross_entropy`, logs clamped at -100).

    Returns
    -------
    array
        0-d, the dtype of ``input``.

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
        \text{loss} = \frac{\sum_i P_i \ell_i + \operatorname{top}_k(Q \ell)}
        {n_+ + k + \epsilon},

    where :math:`\operatorname{top}_k` sums the :math:`k` largest entries over the
    whole array (all samples together, as DBNet's ``BalanceCrossEntropyLoss``). This is
    that class's formula; for targets and masks in {0, 1} it gives its numbers. The
    counts and :math:`\lfloor n_+ r \rfloor` are computed in the input's compute dtype
    (float32 for float32 input). Gradients reach the positives and the selected
    negatives only.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input. mask: input's number of dimensions.
    - output: scalar.

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
    """
    negative_ratio = check_real_option("negative_ratio", negative_ratio, minimum=0.0)
    eps = check_option("eps", eps)
    from_logits = check_bool_option("from_logits", from_logits)
    xp = array_namespace(input=input, target=target, mask=mask)
    x, y = elementwise_pair(xp, input, target)
    if mask is not None:
        if not xp.isdtype(mask.dtype, ("real floating", "integral", "bool")):
            raise TypeError(f"mask must have a bool or real dtype, got {mask.dtype}")
        m_shape, shape = tuple(mask.shape), tuple(input.shape)
        if len(m_shape) != len(shape) or any(m not in (1, n) for m, n in zip(m_shape, shape)):
            raise ValueError(
                f"mask must broadcast to input's shape {shape} (same number of "
                f"dimensions, each of size 1 or equal), got shape {m_shape}"
            )
    if not from_logits:
        check_probability_values(xp, "input", input)

    dtype = x.dtype
    if from_logits:
        loss = bce_logits_terms(xp, logits=x, target=y)
    else:
        loss = -(y * _clamped_log(xp, x) + (1.0 - y) * _clamped_log1m(xp, x))
    m = xp.ones_like(x) if mask is None else to_dtype(xp, mask, dtype)
    if tuple(m.shape) != tuple(x.shape):
        m = xp.broadcast_to(m, tuple(x.shape))
    positive = y * m
    negative = (1.0 - y) * m
    n_pos = xp.sum(positive)
    k = xp.minimum(xp.sum(negative), xp.floor(n_pos * negative_ratio))
    # Positives through the one reduction path; the negatives' top-k by sort + rank mask.
    pos_total = reduce_loss(xp, loss, reduction="sum", sample_weight=positive)
    neg_loss = xp.where(negative > 0, loss * negative, xp.zeros_like(loss))
    if 0 in neg_loss.shape:  # no negatives to mine; Dask cannot flatten an empty chunked array
        total = pos_total
    else:
        total = pos_total + sum_top_k(xp, xp.reshape(neg_loss, (-1,)), k)
    out = total / (n_pos + k + eps)
    return to_dtype(xp, out, input.dtype)


def _smooth(y: Any, label_smoothing: float) -> Any:
    # One formula for binary smoothing, shared with the public helper.
    return smooth_labels(y, label_smoothing, smoothing_variant="binary") if label_smoothing else y


def _clamped_log(xp: Any, p: Any) -> Any:
    """``max(log p, -100)`` as torch, NaN for ``p < 0``, and a zero gradient at ``p = 0``.

    ``p == 0`` is swapped for a constant below ``exp(-100)`` (1e-44, still a float32
    subnormal; a device that flushes it to 0 gets ``-inf``, clamped all the same), so
    no log of 0 is taken and the ``where`` keeps its infinite slope out of the gradient.
    """
    log_p = xp.clip(xp.log(xp.where(p == 0, xp.full_like(p, 1e-44), p)), min=LOG_CLAMP)
    # The slope 1/p overflows float32 below ~3e-39. torch's backward divides by
    # max(p (1 - p), 1e-12); here the slope of log p is capped the same way: below
    # p = 1e-12 it is 1e12 (a straight-through term; the value stays log p).
    steep = (p < _TORCH_EPSILON) & (log_p > LOG_CLAMP)
    capped = stop_gradient(xp, log_p) + (p - stop_gradient(xp, p)) * (1.0 / _TORCH_EPSILON)
    return xp.where(steep, capped, log_p)


def _clamped_log1m(xp: Any, p: Any) -> Any:
    """``max(log1p(-p), -100)`` as torch, NaN for ``p > 1``, a zero gradient at ``p = 1``.

    Double ``where``: ``p == 1`` reads ``log1p(-0)`` and then takes the clamp value.
    """
    one = p == 1
    # clip, not maximum with a scalar: clip takes a Python bound in every revision and
    # array-api-compat's maximum on torch breaks a torch.compile graph (result_type).
    log_q = xp.clip(xp.log1p(-xp.where(one, xp.zeros_like(p), p)), min=LOG_CLAMP)
    return xp.where(one, xp.full_like(p, LOG_CLAMP), log_q)
