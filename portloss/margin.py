"""Margin and hinge losses: torch's margin family and Keras / optax hinge losses."""

from __future__ import annotations

from typing import Any

from ._backends import delegable, device, host_values
from ._checks import (
    check_axis,
    check_broadcast_weight,
    check_class_weight,
    check_index_range,
    check_integer,
    check_real_floating,
    check_real_option,
    check_same_shape,
    check_sample_weight,
    class_target_form,
    elementwise_pair,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options
from ._primitives import (
    as_index,
    broadcast_along,
    cumulative_sum,
    log_sigmoid,
    relu,
)
from ._reduction import reduce_loss
from ._terms.sigmoid import bce_logits_terms
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = [
    "categorical_hinge_loss",
    "hinge_embedding_loss",
    "hinge_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "soft_margin_loss",
    "squared_hinge_loss",
]


# --- torch's margin family ------------------------------------------------------------


@loss_options()
def soft_margin_loss(
    input: Array,
    target: Array,
    /,
    *,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Two-class logistic loss :math:`\log(1 + e^{-y x})` for targets :math:`y = \pm 1`.

    The same numbers as ``torch.nn.functional.soft_margin_loss``, computed without
    overflow (torch's ``log1p(exp(-y x))`` is ``inf`` once :math:`-yx` exceeds about 89
    in float32; here it is :math:`-yx`).

    Parameters
    ----------
    input : array
        Scores :math:`x`, real floating, any shape.
    target : array
        Labels :math:`y`, 1 or -1, ``input``'s shape (floating or integer).
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s or an unknown reduction.

    Notes
    -----
    .. math::

        \ell = \operatorname{softplus}(-y x) = \log(1 + e^{-y x}), \qquad
        \text{mean} = \frac{\sum s \ell}{\sum s}

    (:math:`s \equiv 1` without ``sample_weight``: the number of elements).

    Shape
    -----
    - input: :math:`(*)`. target: same shape. output: scalar, or :math:`(*)` for
      ``"none"`` (:math:`(*)` without its last axis with ``convention="keras"``).

    See Also
    --------
    binary_cross_entropy_with_logits : The same loss for {0, 1} targets.
    hinge_loss : The non-smooth margin loss of the same labels.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.SoftMarginLoss``,
       https://pytorch.org/docs/stable/generated/torch.nn.SoftMarginLoss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([0.5, -2.0, 3.0])
    >>> y = np.array([1.0, 1.0, -1.0])
    >>> print(portloss.soft_margin_loss(x, y, reduction="none").round(4))
    [0.4741 2.1269 3.0486]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)
    # -log_sigmoid(yx) is softplus(-yx) bit for bit; torch's native log-sigmoid is one
    # operation, its softplus three (-log_sigmoid(-z)).
    loss = -log_sigmoid(xp, y * x)
    return reduce_loss(
        xp, loss, conv=conv, elementwise=True, sample_weight=sample_weight, dtype=input.dtype
    )


@delegable
@loss_options()
def multilabel_soft_margin_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Multi-label one-versus-all logistic loss, averaged over the classes.

    The same numbers as ``torch.nn.functional.multilabel_soft_margin_loss``: the
    binary cross entropy with logits of every class, weighted, averaged over the last
    (class) dimension.

    Parameters
    ----------
    input : array
        Logits :math:`x`, real floating, with the :math:`C` classes along the last
        dimension: :math:`(C)`, :math:`(N, C)` or :math:`(*, C)`.
    target : array
        Labels :math:`y` in {0, 1} (or soft), ``input``'s shape.
    {{weight:element}}
    {{sample_weight}}
        Its shape: ``input``'s without the class axis.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the last dimension
        for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a 0-d input, a target of another shape, a weight that does not broadcast,
        or an unknown reduction.

    Notes
    -----
    .. math::

        \ell_n = -\frac{1}{C} \sum_c w_{nc} \left[ y_{nc} \log \sigma(x_{nc})
        + (1 - y_{nc}) \log \sigma(-x_{nc}) \right], \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n}.

    Shape
    -----
    - input: :math:`(*, C)`. target: same shape. output: scalar, or :math:`(*)` for
      ``"none"``.

    See Also
    --------
    binary_cross_entropy_with_logits : The elementwise loss, without the class mean.
    multilabel_margin_loss : The hinge version, with index-list targets.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.MultiLabelSoftMarginLoss``,
       https://pytorch.org/docs/stable/generated/torch.nn.MultiLabelSoftMarginLoss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[1.0, -1.0, 0.5], [0.2, 2.0, -3.0]])
    >>> y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    >>> print(portloss.multilabel_soft_margin_loss(x, y, reduction="none").round(4))
    [0.5335 0.3246]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    if input.ndim == 0:
        raise ValueError("input must have at least one dimension (the classes), got a 0-d array")
    check_broadcast_weight(xp, "weight", weight, tuple(input.shape))
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape[:-1]), conv=conv)
    terms = bce_logits_terms(xp, logits=x, target=y)
    if weight is not None:
        terms = terms * to_dtype(xp, weight, x.dtype)
    loss = xp.mean(terms, axis=-1)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options(p=lambda value: check_integer("p", value))
def multi_margin_loss(
    input: Array,
    target: Array,
    /,
    *,
    p: int = 1,
    margin: float = 1.0,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Multi-class hinge loss (one target class per sample), torch's definition.

    The same numbers as ``torch.nn.functional.multi_margin_loss`` with the same
    options.

    Parameters
    ----------
    input : array
        Scores :math:`x`, real floating, :math:`(C)` or :math:`(N, C)`.
    target : array
        Class indices :math:`y` in :math:`[0, C)`, integer, :math:`()` or :math:`(N)`.
    p : {1, 2}, default 1
        Exponent of the hinge.
    margin : float, default 1.0
        The margin :math:`m`.
    {{weight:class}}
        It does not enter the ``mean`` denominator (torch).
    {{sample_weight}}
        Its shape: the target's.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For ``p`` other than 1 or 2, input not 1-D or 2-D, a target of the wrong
        shape, a weight of the wrong length, an unknown reduction, and (NumPy only)
        a class index outside :math:`[0, C)`; elsewhere such an index gives NaN.

    Notes
    -----
    .. math::

        \ell_n = \frac{w_{y_n}}{C} \sum_{i \ne y_n}
        \max(0,\, m - x_{n y_n} + x_{ni})^{p}, \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n}.

    A NaN score gives a NaN loss for its sample (torch's kernel skips it and returns a
    finite number).

    Shape
    -----
    - input: :math:`(C)` or :math:`(N, C)`. target: :math:`()` or :math:`(N)`.
    - output: scalar, or the target's shape for ``"none"``.

    See Also
    --------
    categorical_hinge_loss : Keras' multi-class hinge (the largest violation only).
    multilabel_margin_loss : Several target classes per sample.

    References
    ----------
    .. [1] J. Weston, C. Watkins, "Support Vector Machines for Multi-Class Pattern
       Recognition", ESANN 1999.
    .. [2] PyTorch, ``torch.nn.MultiMarginLoss``,
       https://pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.1, 0.2, 0.4, 0.8], [0.5, -0.5, 0.0, 0.3]])
    >>> y = np.array([3, 0])
    >>> print(portloss.multi_margin_loss(x, y, reduction="none").round(4))
    [0.325 0.325]
    """
    conv = resolve_loss_convention(convention, reduction)
    p = check_integer("p", p)
    if p not in (1, 2):
        raise ValueError(f"p must be 1 or 2, got {p}")
    margin = check_real_option("margin", margin)
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    _check_1d_or_2d(input)
    class_target_form(xp, input, target, input.ndim - 1, allow_probabilities=False)
    num_classes = input.shape[-1]
    check_class_weight(xp, weight, num_classes)
    check_sample_weight(xp, sample_weight, tuple(target.shape), conv=conv)
    # No ignore_index here: 0 is a valid class, so it exempts nothing.
    check_index_range(xp, target, num_classes, 0)

    dtype = compute_dtype(xp, input.dtype)
    x = to_dtype(xp, input, dtype)
    y = as_index(xp, target)
    # An out-of-range index names no class: its row has no target (made NaN below).
    classes = xp.arange(num_classes, dtype=y.dtype, device=device(x))
    is_target = classes == xp.expand_dims(y, axis=-1)
    # Array operands, not Python scalars: in eager torch a scalar operand costs more
    # than the operation. x_y by a select and sum (exact): the mask is needed anyway.
    zeros = xp.zeros_like(x)
    x_target = xp.sum(xp.where(is_target, x, zeros), axis=-1, keepdims=True)
    # x - (x_y - m): the bits of (m - x_y) + x once clamped; a scalar on the right
    # spares torch's Python-level reflected operator.
    hinge = xp.where(is_target, zeros, relu(xp, x - (x_target - margin)))
    if p == 2:
        hinge = hinge * hinge
    loss = xp.sum(hinge, axis=-1) / num_classes
    in_range = xp.any(is_target, axis=-1)
    if weight is not None:
        # w_y by the same select and sum: another class's NaN weight stays out
        w = xp.where(is_target, to_dtype(xp, weight, dtype), zeros)
        loss = loss * xp.sum(w, axis=-1)
    loss = xp.where(in_range, loss, xp.full_like(loss, xp.nan))
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options()
def multilabel_margin_loss(
    input: Array,
    target: Array,
    /,
    *,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Multi-label hinge loss with torch's ``-1``-terminated target index lists.

    The same numbers as ``torch.nn.functional.multilabel_margin_loss``. Each target
    row lists the sample's classes, ended by the first ``-1`` (the rest of the row is
    ignored); every listed class must beat every unlisted class by a margin of 1.
    Computed with fixed shapes (a :math:`C \times C` comparison per sample), so it
    needs no host sync and runs under ``jax.jit``.

    Parameters
    ----------
    input : array
        Scores :math:`x`, real floating, :math:`(C)` or :math:`(N, C)`.
    target : array
        Integer, ``input``'s shape: class indices, then ``-1`` and anything.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, :math:`()` or :math:`(N)` for ``"none"``;
        the dtype of ``input``.

    Raises
    ------
    ValueError
        For input not 1-D or 2-D, a target of another shape or not integer, an unknown
        reduction, and (NumPy only) target values outside :math:`[-1, C)` as torch;
        elsewhere a row holding such a value gives NaN.

    Notes
    -----
    With :math:`J_n` the listed classes of sample :math:`n` (its target entries before
    the first -1, repeats counted as torch does):

    .. math::

        \ell_n = \frac{1}{C} \sum_{j \in J_n} \sum_{i \notin J_n}
        \max\bigl(0,\, 1 - (x_{nj} - x_{ni})\bigr), \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n}.

    A mean over an empty batch is NaN (torch returns an uninitialized value). A NaN
    score that enters a pair gives a NaN loss for its sample (torch's kernel skips it).

    Shape
    -----
    - input: :math:`(C)` or :math:`(N, C)`. target: same shape, integer.
    - output: scalar, or :math:`()` / :math:`(N)` for ``"none"``.

    See Also
    --------
    multi_margin_loss : One target class per sample.
    multilabel_soft_margin_loss : The logistic version, with {0, 1} targets.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.MultiLabelMarginLoss``,
       https://pytorch.org/docs/stable/generated/torch.nn.MultiLabelMarginLoss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.1, 0.2, 0.4, 0.8]])
    >>> y = np.array([[3, 0, -1, 1]])  # classes 3 and 0
    >>> print(f"{portloss.multilabel_margin_loss(x, y):.4f}")
    0.8500
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    _check_1d_or_2d(input)
    if not xp.isdtype(target.dtype, "integral"):
        raise TypeError(f"target must hold class indices with an integer dtype, got {target.dtype}")
    check_same_shape("target", target, "input", input)
    check_sample_weight(xp, sample_weight, tuple(input.shape[:-1]), conv=conv)
    num_classes = input.shape[-1]
    if host_values(target):
        bad = (target < -1) | (target >= num_classes)
        if bad.any():
            raise ValueError(
                f"target must hold class indices in [0, {num_classes}) or -1 (end of "
                f"the list), got {target[bad].flat[0]}"
            )

    dtype = compute_dtype(xp, input.dtype)
    x = to_dtype(xp, input, dtype)
    y = as_index(xp, target)
    zeros_y = xp.zeros_like(y)
    # listed: the entries before the first negative one (the running sum of the
    # negative entries is still 0 there)
    listed = cumulative_sum(xp, xp.minimum(y, zeros_y), axis=-1) == zeros_y
    listed_j = xp.expand_dims(listed, axis=-1)
    classes = xp.arange(num_classes, dtype=y.dtype, device=device(x))
    # hit[..., j, c]: list entry j names class c (entries after the end name nothing)
    hit = (xp.expand_dims(y, axis=-1) == classes) & listed_j
    is_listed = xp.any(hit, axis=-2)  # (..., C)
    x_i = xp.expand_dims(x, axis=-2)
    zeros = xp.zeros_like(hit, dtype=dtype)
    x_listed = xp.sum(xp.where(hit, x_i, zeros), axis=-1)
    z = x_i - xp.expand_dims(x_listed - 1.0, axis=-1)  # as x - (x_y - m) above
    take = listed_j & ~xp.expand_dims(is_listed, axis=-2)
    loss = xp.sum(xp.where(take, relu(xp, z), zeros), axis=(-2, -1)) / num_classes
    # a value outside [-1, C) anywhere in the row (torch raises): one clip, not two tests
    bad = xp.any(xp.clip(y, -1, num_classes - 1) != y, axis=-1)
    loss = xp.where(bad, xp.full_like(loss, xp.nan), loss)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@delegable
@loss_options()
def hinge_embedding_loss(
    input: Array,
    target: Array,
    /,
    *,
    margin: float = 1.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Hinge embedding loss for distances with similar (1) / dissimilar (-1) labels.

    The same numbers as ``torch.nn.functional.hinge_embedding_loss``.

    Parameters
    ----------
    input : array
        Values :math:`x` (typically distances), real floating, any shape.
    target : array
        Labels :math:`y`, 1 or -1, ``input``'s shape (floating or integer).
    margin : float, default 1.0
        The margin :math:`\Delta`.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s or an unknown reduction.

    Notes
    -----
    .. math::

        \ell = [y \ne 1] \max(0, \Delta - x) + [y \ne -1]\, x,

    which is :math:`x` for :math:`y = 1` and :math:`\max(0, \Delta - x)` for
    :math:`y = -1`; a label that is neither gets both terms, as in torch.

    Shape
    -----
    - input: :math:`(*)`. target: same shape. output: scalar, or :math:`(*)` for
      ``"none"`` (:math:`(*)` without its last axis with ``convention="keras"``).

    See Also
    --------
    hinge_loss : The margin loss of scores with {-1, 1} labels.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.HingeEmbeddingLoss``,
       https://pytorch.org/docs/stable/generated/torch.nn.HingeEmbeddingLoss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> d = np.array([0.3, 0.3, 1.5])
    >>> y = np.array([1.0, -1.0, -1.0])
    >>> print(portloss.hinge_embedding_loss(d, y, reduction="none").round(4))
    [0.3 0.7 0. ]
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_real_option("margin", margin)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)
    zeros = xp.zeros_like(x)
    # torch's clamp_min: the gradient at the margin is -1, as torch's.
    to_margin = xp.where(y != 1, relu(xp, margin - x, style="clamp_min"), zeros)
    loss = to_margin + xp.where(y != -1, x, zeros)
    return reduce_loss(
        xp, loss, conv=conv, elementwise=True, sample_weight=sample_weight, dtype=input.dtype
    )


# --- Keras / optax hinge losses -------------------------------------------------------


@loss_options()
def hinge_loss(
    input: Array,
    target: Array,
    /,
    *,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Binary hinge loss :math:`\max(0, 1 - y x)`, labels in {-1, 1} or {0, 1}.

    Keras' ``hinge`` and optax's ``hinge_loss``. Labels that are all 0 or 1 are mapped
    to -1 and 1 first, as Keras does (decided on the whole array, without a host sync).

    Parameters
    ----------
    input : array
        Scores :math:`x`, real floating, any shape.
    target : array
        Labels, ``input``'s shape: -1 / 1, or 0 / 1 (floating, integer or bool).
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s or an unknown reduction.

    Notes
    -----
    .. math::

        y' = \begin{cases} 2y - 1 & \text{every } y \in \{0, 1\} \\
        y & \text{otherwise} \end{cases}, \qquad \ell = \max(0,\, 1 - y' x).

    Keras' ``hinge`` returns the mean over the last axis, per sample: with
    ``convention="keras"`` so does ``"none"`` here, and ``sample_weight`` and the
    reductions apply to those per-sample means, Keras' numbers. With the default
    ``convention="torch"`` ``"none"`` is elementwise (optax's output) and ``"mean"``
    equals Keras' unweighted reduced value. optax does not convert {0, 1} labels.

    Shape
    -----
    - input: :math:`(*)`. target: same shape. output: scalar, or :math:`(*)` for
      ``"none"`` (:math:`(*)` without its last axis with ``convention="keras"``).

    See Also
    --------
    squared_hinge_loss : The squared hinge.
    soft_margin_loss : The smooth (logistic) margin loss.
    categorical_hinge_loss : The multi-class hinge.

    References
    ----------
    .. [1] C. Cortes, V. Vapnik, "Support-Vector Networks", Machine Learning 20,
       273-297, 1995.
    .. [2] Keras, ``keras.losses.Hinge``, https://keras.io/api/losses/hinge_losses/
    .. [3] optax, ``optax.losses.hinge_loss``,
       https://optax.readthedocs.io/en/latest/api/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([0.6, -0.2, 2.0])
    >>> print(portloss.hinge_loss(x, np.array([1, 0, 0]), reduction="none").round(4))
    [0.4 0.8 3. ]
    >>> print(portloss.hinge_loss(x, np.array([1, -1, -1]), reduction="none").round(4))
    [0.4 0.8 3. ]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)
    loss = relu(xp, 1.0 - _keras_signed_labels(xp, y, target) * x)
    return reduce_loss(
        xp, loss, conv=conv, elementwise=True, sample_weight=sample_weight, dtype=input.dtype
    )


@loss_options()
def squared_hinge_loss(
    input: Array,
    target: Array,
    /,
    *,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Squared hinge loss :math:`\max(0, 1 - y x)^2`, labels in {-1, 1} or {0, 1}.

    Keras' ``squared_hinge``, with :func:`hinge_loss`'s label conversion and
    reductions.

    Parameters
    ----------
    input : array
        Scores :math:`x`, real floating, any shape.
    target : array
        Labels, ``input``'s shape: -1 / 1, or 0 / 1 (floating, integer or bool).
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s or an unknown reduction.

    Notes
    -----
    .. math::

        \ell = \max(0,\, 1 - y' x)^2

    with :math:`y'` as in :func:`hinge_loss`. Keras returns the mean over the last
    axis per sample, as ``"none"`` here with ``convention="keras"``; without a
    ``sample_weight`` the ``"mean"`` of either convention is Keras' reduced value.

    Shape
    -----
    - input: :math:`(*)`. target: same shape. output: scalar, or :math:`(*)` for
      ``"none"`` (:math:`(*)` without its last axis with ``convention="keras"``).

    See Also
    --------
    hinge_loss : The hinge, not squared.

    References
    ----------
    .. [1] Keras, ``keras.losses.SquaredHinge``,
       https://keras.io/api/losses/hinge_losses/

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([0.6, -0.2, 2.0])
    >>> y = np.array([1.0, 0.0, 0.0])
    >>> print(portloss.squared_hinge_loss(x, y, reduction="none").round(4))
    [0.16 0.64 9.  ]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)
    h = relu(xp, 1.0 - _keras_signed_labels(xp, y, target) * x)
    return reduce_loss(
        xp, h * h, conv=conv, elementwise=True, sample_weight=sample_weight, dtype=input.dtype
    )


@loss_options()
def categorical_hinge_loss(
    input: Array,
    target: Array,
    /,
    *,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    axis: int = -1,
) -> Array:
    r"""Categorical (Crammer-Singer style) hinge loss, Keras' ``categorical_hinge``.

    Parameters
    ----------
    input : array
        Scores :math:`x`, real floating, with the classes along ``axis``.
    target : array
        One-hot targets :math:`t` (floating, ``input``'s shape) or class indices
        (integer, ``input``'s shape without the class axis; turned into one-hot).
    {{sample_weight}}
    {{reduction}}
    {{convention}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the class axis for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target of the wrong shape, an unknown reduction and (NumPy only) a class
        index outside :math:`[0, C)`; elsewhere such an index gives NaN.

    Notes
    -----
    Keras' formula, on the one-hot (or given) target:

    .. math::

        \text{pos}_n = \sum_c t_{nc} x_{nc}, \qquad
        \text{neg}_n = \max_c\, (1 - t_{nc})\, x_{nc}, \qquad
        \ell_n = \max(0,\, \text{neg}_n - \text{pos}_n + 1).

    The target class enters :math:`\text{neg}_n` as 0 (Keras' :math:`(1 - t) x`), so
    :math:`\text{neg}_n \ge 0`. ``mean`` is :math:`\sum s_n \ell_n / \sum s_n`
    (torch convention) or :math:`\sum s_n \ell_n / N` (``convention="keras"``,
    Keras' ``"sum_over_batch_size"``); the two agree without ``sample_weight``.

    Shape
    -----
    - input: :math:`(*, C)` with the classes at ``axis``. target: same, or without
      the class axis. output: scalar, or input's shape without the class axis.

    See Also
    --------
    multi_margin_loss : The multi-class hinge of torch (every violation, averaged).
    hinge_loss : The binary hinge.

    References
    ----------
    .. [1] K. Crammer, Y. Singer, "On the Algorithmic Implementation of Multiclass
       Kernel-based Vector Machines", JMLR 2, 265-292, 2001.
    .. [2] Keras, ``keras.losses.CategoricalHinge``,
       https://keras.io/api/losses/hinge_losses/

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.2, 0.7, 0.1], [1.5, -0.3, 0.4]])
    >>> print(portloss.categorical_hinge_loss(x, np.array([1, 2]), reduction="none"))
    [0.5 2.1]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    axis = check_axis(axis, input.ndim)
    form = class_target_form(xp, input, target, axis)
    num_classes = input.shape[axis]
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    if form == "index":
        check_index_range(xp, target, num_classes, 0)

    dtype = compute_dtype(xp, input.dtype)
    x = to_dtype(xp, input, dtype)
    # Keras' sum(t x) and max((1 - t) x) without its products 0 * x: a -inf logit (a
    # forbidden class) would make them NaN. A NaN logit still reaches pos or neg.
    # Comparisons with this array, not Python scalars: in eager torch a scalar operand
    # costs more than the operation.
    zeros = xp.zeros_like(x)
    if form == "index":
        y = as_index(xp, target)
        classes = xp.arange(num_classes, dtype=y.dtype, device=device(x))
        if axis != x.ndim - 1:
            classes = broadcast_along(xp, classes, axis=axis, ndim=x.ndim)
        # An out-of-range index names no class (its loss is made NaN below). pos by a
        # select and sum (exact), not a gather: the mask is needed for neg anyway.
        is_target = classes == xp.expand_dims(y, axis=axis)
        pos = xp.sum(xp.where(is_target, x, zeros), axis=axis)
        other = xp.where(is_target, zeros, x)
    else:
        t = to_dtype(xp, target, dtype)
        u = 1.0 - t
        pos = xp.sum(t * xp.where(t == zeros, zeros, x), axis=axis)
        other = u * xp.where(u == zeros, zeros, x)  # u == 0 exactly where t == 1
    neg = xp.max(other, axis=axis) if 0 not in x.shape else xp.zeros_like(pos)
    loss = relu(xp, neg - pos + 1.0)
    if form == "index":
        in_range = xp.any(is_target, axis=axis)
        loss = xp.where(in_range, loss, xp.full_like(loss, xp.nan))
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


# --- helpers --------------------------------------------------------------------------


def _check_1d_or_2d(input: Any) -> None:
    if input.ndim not in (1, 2):
        raise ValueError(
            f"input must have shape (C,) or (N, C), got {input.ndim} dimension(s) "
            f"{tuple(input.shape)}; flatten the extra dimensions into N"
        )


def _keras_signed_labels(xp: Any, y: Any, target: Any) -> Any:
    """Keras' ``_maybe_convert_labels``: {0, 1} labels to {-1, 1}, decided on the array.

    ``y`` is ``target`` in the compute dtype. The test ``all(y in {0, 1})`` stays a 0-d
    array inside ``where``: no host sync. It is "no ``y (y - 1)`` is nonzero", exact for
    every float (``inf`` and NaN count as nonzero, and nothing underflows to 0), and
    ``y + (y - 1)`` is ``2y - 1``, exact on {0, 1}: fewer eager operations than two
    comparisons and a scalar product.
    """
    v = y - 1.0
    if target.dtype == xp.bool:  # every bool label is 0 or 1: no test to make
        return y + v
    return xp.where(xp.any(y * v), y, y + v)
