"""Focal-style losses: sigmoid and softmax focal loss, PolyLoss."""

from __future__ import annotations

import math
import numbers
from typing import Any

from ._checks import (
    check_bool_option,
    check_broadcast_weight,
    check_class_inputs,
    check_index_range,
    check_integer,
    check_real_option,
    check_sample_weight,
    check_unit_interval,
    elementwise_pair,
)
from ._namespace import array_namespace, compute_dtype, scalar, to_dtype
from ._options import ALPHA, check_option, loss_options, optional, real
from ._primitives import (
    broadcast_along,
    log1m_softmax,
    log_sigmoid,
    log_softmax,
    one_minus_pt,
    stop_gradient,
)
from ._reduction import reduce_loss
from ._terms.sigmoid import bce_terms, clamped_log, focal_factor
from ._terms.softmax import (
    index_terms_from_log_probs,
    probability_terms,
    smoothing_coefficients,
)
from ._typing import Array, ConventionName, Reduction
from .conventions import convention_defaults, resolve_loss_convention

__all__ = [
    "asymmetric_loss",
    "poly1_cross_entropy",
    "sigmoid_focal_loss",
    "softmax_focal_loss",
]


@convention_defaults(keras={"alpha": None})
@loss_options(
    gamma=real("gamma", minimum=0.0),
    alpha=optional(real("alpha", minimum=0.0, maximum=1.0)),
)
def sigmoid_focal_loss(
    input: Array,
    target: Array,
    /,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    from_logits: bool = True,
    label_smoothing: float = 0.0,
    pos_weight: Array = None,
    weight: Array = None,
    ignore_index: int | None = None,
    normalized: bool = False,
    reduced_threshold: float | None = None,
    probability_clip: float | None = None,
) -> Array:
    r"""Sigmoid (binary) focal loss (Lin et al. 2017), torchvision's formula.

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
        negative one); ``None`` is the one way to turn the weighting off
        (torchvision's ``alpha < 0``, Keras' ``apply_class_balancing=False``, its
        default: Keras' ``BinaryFocalCrossentropy(apply_class_balancing=True,
        alpha=a)`` is ``alpha=a`` here). Under ``convention="keras"`` the default is
        ``None``, Keras'.
    gamma : float >= 0, default 2.0
        :math:`\gamma`, the focusing exponent; 0 gives (alpha-weighted) binary cross
        entropy with logits.
    {{reduction}}
    {{convention}}
        Keras: ``"none"`` returns the per-sample mean over the last axis,
        ``probability_clip`` defaults to ``1e-7``, logits are turned into clipped
        probabilities (Keras' ``from_logits=True``), and Keras' default ``alpha=None``
        applies unless given, so ``BinaryFocalCrossentropy(from_logits=f)(y, x)`` is
        ``sigmoid_focal_loss(x, y, from_logits=f, convention="keras")``.
    {{sample_weight}}
    {{from_logits}}
        Logits (torchvision, kornia, smp) or probabilities :math:`p \in [0, 1]`
        (Keras' ``from_logits=False``, its default; a convention never changes what
        the input holds). On probabilities the cross
        entropy's logs are those of :math:`p` clipped to ``probability_clip`` (Keras), or clamped
        at -100 when ``probability_clip`` is 0 (torch's ``binary_cross_entropy``): :math:`p \in
        \{0, 1\}` gives a finite loss either way; the focal factor uses the
        unclipped :math:`p`, as Keras.
    {{label_smoothing:binary}}
        :math:`a`: the target becomes :math:`y (1 - a) + a / 2` (Keras'
        ``BinaryFocalCrossentropy``), in the cross entropy, the focal factor and
        :math:`\alpha_t` alike.
    pos_weight : array, optional
        :math:`v`, the weight of the positive log term (torch's ``pos_weight``,
        kornia's), broadcast against ``input`` (trailing dimensions aligned: for
        kornia's per-channel ``(C,)`` on ``(N, C, H, W)`` pass ``v[:, None, None]``).
    {{weight:element}}
        :math:`w`, a weight of each element's loss broadcast against ``input`` (kornia's
        class ``weight``, with the same alignment as ``pos_weight``).
    {{ignore_index:elementwise}}
        Entries whose target equals it take no part: unreduced loss 0, out of the
        ``mean`` denominator and of the ``normalized`` sum (smp's ``ignore_index``;
        kornia keeps them in its ``mean`` denominator: use ``"sum"`` and divide by the
        element count for kornia's number).
    normalized : bool, default False
        The ``normalized`` of segmentation_models_pytorch (smp): each element's loss
        is divided by the sum of the focal factors :math:`\sum (1 - p_t)^\gamma`
        over the entries taking part (at least :math:`10^{-6}`), before the reduction.
    reduced_threshold : float in (0, 1] or None, default None
        The reduced focal loss of smp (Sergievskiy & Ponamarev 2019): the factor is
        :math:`((1 - p_t) / t)^\gamma` where :math:`p_t \ge t` and 1 where
        :math:`p_t < t`.
    {{probability_clip}}
        Probabilities only: an explicit ``probability_clip`` with ``from_logits=True`` is an error.

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

    (:math:`\alpha_t = 1` when disabled), times :math:`w`, with ``pos_weight`` :math:`v`
    multiplying the positive log term of :math:`\mathrm{CE}`
    (:math:`-v y \log p - (1 - y) \log(1 - p)`), and :math:`\text{mean} = \sum s\ell / \sum s`
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

    Keras computes the same formula from a clipped probability, so its numbers on
    logits differ from these (and torchvision's) once :math:`|x|` is larger than about
    16; ``from_logits=False`` with ``convention="keras"`` reproduces its probability
    path: Keras' default ``BinaryFocalCrossentropy()`` is
    ``sigmoid_focal_loss(p, y, alpha=None, from_logits=False, convention="keras")``.
    For soft targets with ``pos_weight`` or ``gamma > 0`` kornia's formula differs (it weighs
    :math:`(1 - p)^\gamma` and :math:`p^\gamma` by :math:`y` and :math:`1 - y`
    instead of using :math:`(1 - p_t)^\gamma`); for 0/1 targets they agree.

    Shape
    -----
    - input: :math:`(*)`, any shape.
    - target: same shape as input. sample_weight: input's number of dimensions.
    - weight, pos_weight: broadcastable to input.
    - output: scalar, or input's shape for ``reduction="none"`` (without its last axis
      with ``convention="keras"``).

    See Also
    --------
    asymmetric_loss : Different focusing exponents for positives and negatives.
    softmax_focal_loss : The multi-class focal loss.
    binary_cross_entropy : ``gamma=0``, ``alpha=None``.

    References
    ----------
    .. [1] T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár, "Focal Loss for Dense
       Object Detection", ICCV 2017.
    .. [2] N. Sergievskiy, A. Ponamarev, "Reduced Focal Loss: 1st Place Solution to
       xView object detection in Satellite Imagery", arXiv:1903.01347, 2019.
    .. [3] torchvision, ``torchvision.ops.sigmoid_focal_loss``,
       https://pytorch.org/vision/stable/generated/torchvision.ops.sigmoid_focal_loss.html
    .. [4] Keras, ``keras.losses.BinaryFocalCrossentropy``,
       https://keras.io/api/losses/probabilistic_losses/

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
    >>> print(f"{portloss.sigmoid_focal_loss(x, y, alpha=None):.6f}")
    0.216378
    """
    conv = resolve_loss_convention(convention, reduction, probability_clip=probability_clip)
    gamma = check_real_option("gamma", gamma, minimum=0.0)
    if alpha is not None:
        alpha = check_real_option("alpha", alpha, minimum=0.0, maximum=1.0)
    from_logits = _check_from_logits(from_logits, probability_clip)
    normalized = check_bool_option("normalized", normalized)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    if ignore_index is not None:
        ignore_index = check_integer("ignore_index", ignore_index)
    if reduced_threshold is not None:
        reduced_threshold = check_real_option(
            "reduced_threshold", reduced_threshold, minimum=0.0, maximum=1.0
        )
        if reduced_threshold == 0.0:
            raise ValueError("reduced_threshold must be in (0, 1] or None, got 0.0")
    xp = array_namespace(
        input=input,
        target=target,
        sample_weight=sample_weight,
        pos_weight=pos_weight,
        weight=weight,
    )
    x, y = elementwise_pair(xp, input, target)
    if from_logits and conv.probability_clip > 0:  # Keras clips the sigmoid's probability
        x, from_logits = xp.exp(log_sigmoid(xp, x)), False
    check_broadcast_weight(xp, "weight", weight, tuple(input.shape))
    check_broadcast_weight(xp, "pos_weight", pos_weight, tuple(input.shape))
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)

    valid = None if ignore_index is None else target != ignore_index
    if valid is not None:  # an ignored entry reads target 0: finite, then masked out
        y = xp.where(valid, y, xp.zeros_like(y))
    if label_smoothing != 0.0:
        y = y * (1.0 - label_smoothing) + 0.5 * label_smoothing  # Keras: towards 1/2
    v = None if pos_weight is None else to_dtype(xp, pos_weight, x.dtype)
    ce = bce_terms(xp, x, y, from_logits=from_logits, clip=conv.probability_clip, pos_weight=v)
    # 1 - p_t: from the logits' tails, or (Keras) of the unclipped probability
    q = one_minus_pt(xp, x, y) if from_logits else y * (1.0 - x) + (1.0 - y) * x
    factor = focal_factor(xp, q, gamma=gamma, threshold=reduced_threshold)
    loss = ce if gamma == 0.0 and reduced_threshold is None else ce * factor
    if alpha is not None:
        loss = loss * ((1.0 - alpha) + (2.0 * alpha - 1.0) * y)  # alpha y + (1-alpha)(1-y)
    if weight is not None:
        loss = loss * to_dtype(xp, weight, x.dtype)
    if normalized:
        loss = loss / _focal_norm(xp, factor, valid)
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        elementwise=True,
        sample_weight=sample_weight,
        valid=valid,
        dtype=input.dtype,
    )


def _check_from_logits(from_logits: Any, probability_clip: Any) -> bool:
    from_logits = check_bool_option("from_logits", from_logits)
    if from_logits and probability_clip is not None:
        raise ValueError(
            f"probability_clip applies to probabilities (from_logits=False); got "
            f"probability_clip={probability_clip!r} with from_logits=True"
        )
    return from_logits


@loss_options(
    gamma_pos=real("gamma_pos", minimum=0.0),
    gamma_neg=real("gamma_neg", minimum=0.0),
    clip=optional(real("clip", minimum=0.0, maximum=1.0)),
)
def asymmetric_loss(
    input: Array,
    target: Array,
    /,
    *,
    gamma_pos: float = 1.0,
    gamma_neg: float = 4.0,
    clip: float | None = 0.05,
    eps: float = 1e-8,
    detach_focal_weight: bool = False,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
) -> Array:
    r"""Asymmetric loss (ASL, Ridnik et al. 2021) for multi-label classification.

    A sigmoid focal loss with one focusing exponent for the positives and another for
    the negatives, and a probability margin ``clip`` (the official code's name) that
    discards easy negatives:
    the official Alibaba-MIIL ``AsymmetricLoss`` (``src/loss_functions/losses.py``),
    element by element, with portloss's reductions.

    Parameters
    ----------
    input : array
        Logits :math:`x`, real floating, any shape (usually ``(N, C)``).
    target : array
        Multi-label targets :math:`y` in :math:`\{0, 1\}` (soft targets in
        :math:`[0, 1]` mix the two terms), ``input``'s shape.
    gamma_pos : float >= 0, default 1.0
        :math:`\gamma_+`, the focusing exponent of the positive term.
    gamma_neg : float >= 0, default 4.0
        :math:`\gamma_-`, the focusing exponent of the negative term.
    clip : float in [0, 1] or None, default 0.05
        :math:`m`, the probability margin of the negatives (the paper's asymmetric
        clipping, ``clip`` in the official code; not Keras' clipping of probabilities,
        which is ``probability_clip`` elsewhere); ``None`` or 0 turns it off.
    {{eps}}
        The floor of both probabilities inside the logarithms, as the official code's
        ``clamp(min=eps)``: each log term is at least :math:`\log \epsilon`, with
        gradient 0 below it.
    detach_focal_weight : bool, default False
        Stop the gradient through the focusing weight :math:`(1 - p_t)^{\gamma_t}`,
        as the official ``AsymmetricLoss``'s ``disable_torch_grad_focal_loss=True``
        (its class default, used by its training script); the default ``False`` is
        the gradient of the loss as written (``AsymmetricLossOptimized``'s default).
    {{reduction}}
    {{convention}}
    {{sample_weight}}
        Per-element weight with ``input``'s number of dimensions, each of size 1 or
        equal (bool works as a mask).

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype of
        ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s or an option out of range.

    Notes
    -----
    With :math:`p = \sigma(x)` and the shifted negative probability
    :math:`p_- = \min(1 - p + m, 1)`:

    .. math::

        \ell = -\left[ y \log \max(p, \epsilon) + (1 - y) \log \max(p_-, \epsilon)
        \right] (1 - p_t)^{\gamma_t},

    :math:`p_t = y p + (1 - y) p_-` and :math:`\gamma_t = \gamma_+ y + \gamma_- (1 - y)`.
    The official code returns the **sum** (``-loss.sum()``); portloss's default is the
    mean over elements: pass ``reduction="sum"`` for its number. :math:`1 - p` is
    :math:`\sigma(-x)` and :math:`\log p` is :math:`\log\sigma(x)`, accurate in the
    tails, where the official code rounds :math:`1 - \sigma(x)` (the two agree to
    rounding until :math:`\log \epsilon` takes over).

    Shape
    -----
    - input: :math:`(*)`, any shape. target: same shape as input.
    - sample_weight: input's number of dimensions.
    - output: scalar, or input's shape for ``reduction="none"`` (without its last axis
      with ``convention="keras"``).

    See Also
    --------
    sigmoid_focal_loss : One exponent for both terms (``gamma_pos == gamma_neg``,
        ``clip=None``, ``eps=0`` give it with ``alpha=None``).

    References
    ----------
    .. [1] T. Ridnik, E. Ben-Baruch, N. Zamir, A. Noy, I. Friedman, M. Protter,
       L. Zelnik-Manor, "Asymmetric Loss For Multi-Label Classification", ICCV 2021
       (arXiv:2009.14119).

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[2.0, -1.0, 0.5], [-3.0, 1.0, 0.0]])
    >>> y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    >>> print(f"{portloss.asymmetric_loss(x, y, reduction='sum'):.6f}")
    0.537774
    """
    conv = resolve_loss_convention(convention, reduction)
    gamma_pos = check_real_option("gamma_pos", gamma_pos, minimum=0.0)
    gamma_neg = check_real_option("gamma_neg", gamma_neg, minimum=0.0)
    margin = clip
    margin = 0.0 if margin is None else check_real_option("clip", margin, minimum=0.0, maximum=1.0)
    # The shared spec first (the loss object's check, the same message), then the
    # bound that only this loss has.
    eps = check_real_option("eps", check_option("eps", eps), minimum=0.0, maximum=1.0)
    detach = check_bool_option("detach_focal_weight", detach_focal_weight)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)

    log_pos, log_neg = log_sigmoid(xp, x), log_sigmoid(xp, -x)  # log p, log(1 - p)
    p_pos, one_m_p = xp.exp(log_pos), xp.exp(log_neg)
    # 1 - p_- = max(p - m, 0): the margin's shift, without the rounding of 1 - (1 - p + m).
    one_m_neg = xp.maximum(p_pos - margin, xp.zeros_like(p_pos)) if margin > 0.0 else p_pos
    if margin > 0.0:
        log_neg = xp.log(xp.minimum(one_m_p + margin, xp.ones_like(one_m_p)))
    floor = scalar(xp, math.log(eps) if eps > 0.0 else -math.inf, x)
    # max(log p, log eps) is log(max(p, eps)), with log p from the logits.
    loss = -(y * xp.maximum(log_pos, floor) + (1.0 - y) * xp.maximum(log_neg, floor))
    if gamma_pos > 0.0 or gamma_neg > 0.0:
        q = y * one_m_p + (1.0 - y) * one_m_neg  # 1 - p_t, exactly as y + (1 - y) = 1
        w = _power(xp, q, gamma_pos * y + gamma_neg * (1.0 - y))
        loss = loss * (stop_gradient(xp, w) if detach else w)
    return reduce_loss(
        xp, loss, conv=conv, elementwise=True, sample_weight=sample_weight, dtype=input.dtype
    )


def _power(xp: Any, q: Any, gamma: Any) -> Any:
    """``q ** gamma`` for ``q >= 0`` and an array ``gamma >= 0``, with finite gradients.

    ``exp(gamma log q)`` where ``q`` is a normal number; elsewhere (0 or subnormal, where
    the slope ``gamma q ** (gamma - 1)`` is infinite or ``0 * inf``) the limit: 1 for
    ``gamma == 0``, else 0, with gradient 0 (double ``where``). NaN stays NaN.
    """
    normal = q >= xp.finfo(q.dtype).smallest_normal
    safe = xp.where(normal, q, xp.ones_like(q))
    limit = xp.where(gamma == 0.0, xp.ones_like(q), xp.zeros_like(q))
    limit = xp.where(xp.isnan(q), q, limit)
    return xp.where(normal, xp.exp(gamma * xp.log(safe)), limit)


def _focal_norm(xp: Any, factor: Any, valid: Any) -> Any:
    """smp's ``normalized``: the sum of the focal factors that take part, at least 1e-6."""
    if valid is not None:
        factor = xp.where(valid, factor, xp.zeros_like(factor))
    return xp.maximum(xp.sum(factor), scalar(xp, 1e-6, factor))


@convention_defaults(keras={"alpha": 0.25})
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
    convention: ConventionName = "torch",
    axis: int = -1,
    sample_weight: Array = None,
    from_logits: bool = True,
    probability_clip: float | None = None,
) -> Array:
    r"""Multi-class (softmax) focal loss on logits or probabilities, index or soft targets.

    Cross entropy whose every class term is scaled by :math:`(1 - p_c)^\gamma` and
    :math:`\alpha_c`; with ``gamma=0`` and ``alpha=None`` it is exactly
    :func:`portloss.cross_entropy` (torch's), whose class weights, ``ignore_index``,
    ``axis`` and weighted ``mean`` it shares. With ``convention="keras"`` (which
    defaults ``alpha`` to ``0.25``, Keras' value, and turns logits into clipped
    probabilities, as Keras) and Keras' ``from_logits`` it is Keras'
    ``CategoricalFocalCrossentropy``.

    Parameters
    ----------
    input : array
        Unnormalized logits (probabilities with ``from_logits=False``), real
        floating, with the classes along ``axis``.
    target : array
        Class indices (integer dtype, ``input``'s shape without the class axis;
        entries equal to ``ignore_index`` are ignored) or class probabilities
        (floating, ``input``'s shape).
    alpha : float >= 0, array of shape (C,), or None, default None
        :math:`\alpha_c`: a scalar multiplies every class (Keras'
        ``CategoricalFocalCrossentropy``, default there 0.25, and here under
        ``convention="keras"``), an array weighs each class. Unlike ``weight`` it does
        not enter the ``mean`` denominator. ``None`` (optax, MONAI) disables it.
    gamma : float >= 0, default 2.0
        :math:`\gamma`, the focusing exponent.
    {{weight:class}}
        torch's; it enters the ``mean`` denominator too (index targets), as in
        :func:`portloss.cross_entropy`.
    {{ignore_index}}
    {{reduction}}
    {{convention}}
    axis : int, default -1
        The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.
    {{sample_weight}}
    {{from_logits}}
        Probabilities are first divided by their sum along ``axis`` (Keras).
    {{probability_clip}}
        Probabilities only: an explicit ``probability_clip`` with ``from_logits=True`` is an error.

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

    On probabilities (``from_logits=False``) :math:`p` is ``input`` divided by its sum
    over the classes; with ``probability_clip`` :math:`= \epsilon > 0` (Keras) it is clipped to
    :math:`[\epsilon, 1 - \epsilon]` in the log and the factor alike (Keras'
    formula), with ``probability_clip`` 0 its log is clamped at -100 (torch's probability
    losses), so a probability of 0 or 1 gives a finite loss.

    Shape
    -----
    - input: :math:`(C)`, :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: index targets have input's shape without the class axis; probability
      targets have input's shape.
    - weight, alpha: :math:`(C)`. sample_weight: the unreduced loss's dimensions.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    See Also
    --------
    sigmoid_focal_loss : The binary (per-element sigmoid) focal loss.
    cross_entropy : ``gamma=0``, ``alpha=None``.
    poly1_cross_entropy : Another reweighting of the cross entropy's Taylor terms.

    References
    ----------
    .. [1] T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár, "Focal Loss for Dense
       Object Detection", ICCV 2017.
    .. [2] Keras, ``keras.losses.CategoricalFocalCrossentropy``,
       https://keras.io/api/losses/probabilistic_losses/

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
    conv = resolve_loss_convention(convention, reduction, probability_clip=probability_clip)
    gamma = check_real_option("gamma", gamma, minimum=0.0)
    ignore_index = check_integer("ignore_index", ignore_index)
    from_logits = _check_from_logits(from_logits, probability_clip)
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
        sample_weight=None,
        ignore_index=ignore_index,
    )
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    if alpha_array:
        _check_alpha_array(xp, alpha, num_classes)
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    x = to_dtype(xp, input, dtype)
    if from_logits and conv.probability_clip > 0:  # Keras clips the softmax's probabilities
        x, from_logits = xp.exp(log_softmax(xp, x, axis=axis)), False
    terms = _focal_terms(
        xp, x, gamma=gamma, axis=axis, probabilities=not from_logits, clip=conv.probability_clip
    )
    if alpha_array:
        terms = terms * broadcast_along(xp, to_dtype(xp, alpha, dtype), axis=axis, ndim=x.ndim)
    elif alpha is not None:
        terms = alpha * terms
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
        conv=conv,
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
    convention: ConventionName = "torch",
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
    {{weight:class}}
        As torch's cross entropy.
    {{sample_weight}}
    {{ignore_index}}
    {{reduction}}
    {{convention}}
    {{label_smoothing:classes}}
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

    See Also
    --------
    cross_entropy : ``epsilon=0``.
    softmax_focal_loss : The focal reweighting of the cross entropy.

    References
    ----------
    .. [1] Z. Leng, M. Tan, C. Liu, E. D. Cubuk, X. Shi, S. Cheng, D. Anguelov,
       "PolyLoss: A Polynomial Expansion Perspective of Classification Loss
       Functions", ICLR 2022.

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
    conv = resolve_loss_convention(convention, reduction)
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
        sample_weight=None,
        ignore_index=ignore_index,
    )
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
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
        conv=conv,
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
    xp: Any, x: Any, /, *, gamma: float, axis: int, probabilities: bool, clip: float
) -> Any:
    """``(1 - p_c) ** gamma log p_c`` per class: the terms that stand in for ``log p``
    in the cross entropy, from logits or (``probabilities``) from probabilities."""
    if probabilities:
        return _probability_focal_terms(xp, x, gamma=gamma, axis=axis, clip=clip)
    terms = log_softmax(xp, x, axis=axis)
    if gamma != 0.0:
        factor = xp.exp(gamma * log1m_softmax(xp, x, logp=terms, axis=axis))
        # A -inf logit (a forbidden class) has log p = -inf and factor 1. Double where:
        # -inf stays out of the product, whose gradient would be 0 * -inf = NaN.
        forbidden = terms == -xp.inf
        safe = xp.where(forbidden, scalar(xp, 0.0, terms), terms)
        terms = xp.where(forbidden, terms, safe * factor)
    return terms


def _probability_focal_terms(xp: Any, p: Any, /, *, gamma: float, axis: int, clip: float) -> Any:
    """Keras' ``CategoricalFocalCrossentropy`` terms on probabilities.

    ``p`` is normalized to sum to 1 along ``axis`` (Keras); then clipped to
    ``[clip, 1 - clip]`` for the log and the factor (Keras), or, with ``clip == 0``,
    its log clamped at -100 (torch's probability losses), so 0 and 1 stay finite.
    """
    p = p / xp.sum(p, axis=axis, keepdims=True)
    if clip > 0.0:
        p = xp.minimum(xp.maximum(p, scalar(xp, clip, p)), scalar(xp, 1.0 - clip, p))
        log_p = xp.log(p)
    else:
        log_p = clamped_log(xp, p)
    if gamma == 0.0:
        return log_p
    return focal_factor(xp, 1.0 - p, gamma=gamma) * log_p


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
    conv: Any,
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
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        valid=valid,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        dtype=out_dtype,
    )
