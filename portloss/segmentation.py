r"""Segmentation and overlap losses: Dice, Jaccard, (focal) Tversky, generalized Dice, Lovász.

The overlap losses compare a predicted mask :math:`p` (probabilities, or logits with
``activation``) with a target mask :math:`t` (one-hot of class indices, or a binary or
soft mask) class by class. For each sample :math:`n` and class :math:`c` they sum over
the spatial positions :math:`i` (and over the batch too with ``batch=True``):

.. math::

    I_{nc} = \sum_i p_{nic}\, t_{nic}, \qquad
    P_{nc} = \sum_i p_{nic}, \qquad
    T_{nc} = \sum_i t_{nic},

turn these into one loss per (sample, class) and hand the losses, with the class and
sample weights, to the shared reduction. The axis conventions: axis 0 is the batch
axis, ``axis`` the class axis (-1, channels-last, by default; ``axis=1`` for torch's and
MONAI's ``(N, C, H, W[, D])``), every other axis is spatial.

The Lovász losses (Berman et al., 2018) optimize the Jaccard index directly through
its Lovász extension, built from a sort of the per-pixel errors and cumulative sums.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ._backends import device as _device
from ._checks import (
    check_axis,
    check_binary_labels,
    check_bool_option,
    check_class_weight,
    check_index_range,
    check_integer,
    check_real_floating,
    check_real_option,
    check_sample_weight,
    class_target_form,
)
from ._namespace import array_namespace, compute_dtype, scalar, to_dtype
from ._options import (
    SEGMENTATION_MEAN,
    Option,
    check_option,
    loss_options,
    nonnegative,
    optional,
    real,
)
from ._primitives import (
    as_index,
    broadcast_along,
    cumulative_sum,
    relu,
    safe_divide,
    take_along_axis,
    take_weights,
)
from ._reduction import reduce_loss
from ._terms.overlap import (
    OverlapTerms,
    apply_link,
    finish_per_class,
    overlap_sums,
    resolve_link,
    soft_skeleton,
    tversky_index,
)
from ._typing import (
    Activation,
    Array,
    ConventionName,
    EmptyTarget,
    MeanDenominator,
    Reduction,
    WeightType,
)
from .binary import binary_cross_entropy_with_logits
from .classification import cross_entropy
from .conventions import Convention, check_choice, convention_defaults, resolve_loss_convention
from .focal import sigmoid_focal_loss

__all__ = [
    "cldice_loss",
    "dice_ce_loss",
    "dice_focal_loss",
    "dice_loss",
    "focal_tversky_loss",
    "generalized_dice_loss",
    "jaccard_loss",
    "lovasz_hinge_loss",
    "lovasz_softmax_loss",
    "mcc_loss",
    "tversky_loss",
]

ACTIVATIONS = ("softmax", "sigmoid")
EMPTY_TARGETS = ("keep", "zero", "ignore")
WEIGHT_TYPES = ("square", "simple", "uniform")
LOVASZ_CLASSES = ("present", "all")
#: smp's ``classes`` of the overlap losses: a sequence of class indices (checked against
#: the number of classes in the call), or None.
CLASSES = Option("classes", lambda value: value)


# --------------------------------------------------------------------------- losses


#: Keras' ``Dice`` and ``Tversky`` defaults: ``backend.epsilon()`` in the denominator
#: only, and ``axis=None``, which sums over everything (batch and classes pooled).
_KERAS_OVERLAP = {
    "smooth_numerator": 0.0,
    "smooth_denominator": 1e-7,
    "batch": True,
    "pool_classes": True,
}


@convention_defaults(keras=_KERAS_OVERLAP)
@loss_options(
    classes=CLASSES,
    mean_denominator=SEGMENTATION_MEAN,
)
def dice_loss(
    input: Array,
    target: Array,
    /,
    *,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    squared: bool = False,
    batch: bool = False,
    pool_classes: bool = False,
    weight: Array = None,
    sample_weight: Array = None,
    mask: Array = None,
    soft_label: bool = False,
    log_loss: bool = False,
    classes: list[int] | tuple[int, ...] | None = None,
    ignore_index: int = -100,
    empty_target: EmptyTarget = "keep",
    mean_denominator: MeanDenominator | None = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Soft Dice loss, one value per (sample, class), MONAI's ``DiceLoss`` semantics.

    With its knobs it reproduces MONAI ``DiceLoss``, Keras ``Dice``, optax
    ``dice_loss``, segmentation_models_pytorch ``DiceLoss`` and the V-Net form with
    squared denominators (see the Notes and ``docs/segmentation.md``).

    Parameters
    ----------
    input : array
        Predictions, real floating, with the batch along axis 0 and the classes along
        ``axis``: probabilities (``activation=None``) or logits.
    target : array
        Either class indices (integer dtype, ``input``'s shape without the class axis;
        entries equal to ``ignore_index`` are ignored) or a mask with ``input``'s shape
        (one-hot, binary or soft; floating, integer or bool dtype).
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis; not 0, the batch axis. ``axis=1`` is the ``(N, C, H, W[, D])``
        layout of torch and MONAI.
    include_background : bool, default True
        With ``False`` class 0 is left out (after the activation, so the softmax
        still sees it). Needs at least two classes.
    {{smooth}}
        Added to the numerator and the denominator (MONAI's default).
    {{smooth_numerator}}
        Override ``smooth`` in the numerator or the denominator alone.
    squared : bool, default False
        Squared sums :math:`\sum p^2 + \sum t^2` in the denominator (V-Net, MONAI's
        ``squared_pred``).
    batch : bool, default False
        Sum over the batch axis too, giving one Dice per class (MONAI's ``batch``).
    pool_classes : bool, default False
        Sum the overlap terms over the classes too: one score per sample (one in all
        with ``batch=True``), Keras' ``Dice``/``Tversky`` with an ``axis`` that holds
        the class axis (its default ``axis=None`` pools the batch as well). Class
        weights and ``classes`` need per-class scores: with ``pool_classes`` they are
        an error.
    {{weight:class}}
        Per-class weight, one entry per class of ``input`` (the background's entry is
        unused with ``include_background=False``).
    {{sample_weight}}
        Weight broadcast to the unreduced loss ``(N, C')`` (or ``(C',)`` with
        ``batch=True``): same number of dimensions, each of size 1 or equal. Bool
        works as a mask.
    mask : array, optional
        A spatial mask or weight map (MONAI's ``MaskedDiceLoss`` ``mask``): ``input``'s
        shape with size 1 along the class axis, or ``input``'s shape without it (each
        dimension of size 1 or equal; real or bool). The probabilities (after the
        activation) and the target are multiplied by it before the sums.
    soft_label : bool, default False
        MONAI's ``soft_label``: the intersection as :math:`(P + T - \sum |p - t|) / 2`,
        which equals :math:`\sum p t` for 0/1 targets and is the right overlap for
        soft targets (no effect with ``squared=True``, where the two agree).
    log_loss : bool, default False
        The ``log_loss`` of segmentation_models_pytorch: the loss is
        :math:`-\log \max(S, 10^{-7})` of the score :math:`S` instead of
        :math:`1 - S`.
    classes : sequence of int, optional
        Only these classes (indices of ``input``'s classes) enter the loss and its
        mean (segmentation_models_pytorch's ``classes``); the others are 0 in the
        ``"none"`` output.
    {{ignore_index}}
    empty_target : {"keep", "zero", "ignore"}, default "keep"
        A (sample, class) whose target is empty (:math:`T = 0`): its loss as the
        formula gives it, 0 but still counted in the mean (segmentation_models_pytorch),
        or left out of the loss and of the mean.
    {{mean_denominator}}
        ``"count"`` is also MONAI's and optax's mean: they multiply the losses by
        the class weights and average over the (sample, class) entries.
    {{reduction}}
    {{convention}}
        ``convention="keras"`` also takes Keras' ``Dice`` defaults unless given:
        ``smooth_numerator=0``, ``smooth_denominator=1e-7`` (``backend.epsilon()``),
        ``batch=True`` and ``pool_classes=True`` (Keras' ``axis=None``: one score
        over everything).

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``; for ``"none"`` shape ``(N, C')`` (per sample
        and class) or ``(C',)`` with ``batch=True`` (``(N,)`` or 0-d with
        ``pool_classes``), where :math:`C' = C` or
        :math:`C - 1` without the background. The dtype of ``input``.

    Raises
    ------
    ValueError
        For an unknown option value, an input without a batch axis, ``axis`` on the
        batch axis, a target whose shape fits neither form, and ``softmax`` or
        ``include_background=False`` with one class.

    Notes
    -----
    With :math:`s_n, s_d` the numerator and denominator smoothing,

    .. math::

        \ell_{nc} = 1 - \frac{2 I_{nc} + s_n}{D_{nc} + s_d}, \qquad
        D_{nc} = P_{nc} + T_{nc} \quad\text{or}\quad
        \sum_i p_{nic}^2 + \sum_i t_{nic}^2 \ (\text{squared}).

    A zero denominator (nothing predicted, nothing in the target, :math:`s_d = 0`)
    defines the Dice as 1, so the loss is 0 and its gradient finite; with
    :math:`s_n = s_d > 0` the same case gives :math:`s/s = 1` by the formula. Ignored
    pixels are zeroed in both :math:`p` and :math:`t` before the sums. With class weights
    :math:`w_c` and sample weights :math:`s_{nc}`,

    .. math::

        \text{mean} = \frac{\sum_{nc} s_{nc} w_c \ell_{nc}}{\sum_{nc} s_{nc} w_c}
        \ (\text{weights}) \quad\text{or}\quad
        \frac{\sum_{nc} s_{nc} w_c \ell_{nc}}{\sum_{nc} 1} \ (\text{count}).

    The V-Net form of the golden values, :math:`1 - 2\sum pt / (\sum p^2 + 0.001 +
    \sum t^2 + 0.001)`, is ``squared=True, smooth_numerator=0,
    smooth_denominator=0.002``. A class index outside ``[0, C)`` raises for NumPy
    arrays and gives NaN elsewhere. float16 and bfloat16 are computed in float32.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` with ``axis=1`` or
      :math:`(N, d_1, \dots, d_K, C)` with ``axis=-1``; :math:`K \ge 0`.
    - target: index targets :math:`(N, d_1, \dots, d_K)`; masks ``input``'s shape.
    - output: scalar, or :math:`(N, C')` / :math:`(C')` for ``reduction="none"``.

    See Also
    --------
    jaccard_loss : The intersection over union of the same sums.
    tversky_loss : Separate weights on false positives and false negatives.
    generalized_dice_loss : Class weights from the target volumes.
    dice_ce_loss : Dice plus cross entropy (MONAI's DiceCELoss).

    References
    ----------
    .. [1] F. Milletari, N. Navab and S.-A. Ahmadi, "V-Net: Fully Convolutional Neural
       Networks for Volumetric Medical Image Segmentation", 3DV 2016.
    .. [2] C. H. Sudre et al., "Generalised Dice Overlap as a Deep Learning Loss
       Function for Highly Unbalanced Segmentations", DLMIA 2017.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[[2.0, 0.1], [0.3, 1.5], [1.0, -1.0]]])  # (N=1, H=3, C=2)
    >>> labels = np.array([[0, 1, 1]])
    >>> print(portloss.dice_loss(logits, labels, from_logits=True, reduction="none").round(4))
    [[0.4166 0.4117]]
    >>> print(f"{portloss.dice_loss(logits, labels, from_logits=True):.4f}")
    0.4141

    The V-Net form with squared denominators, one binary channel per row:

    >>> p = np.array([[0.6, 0.2, 0.9]])[..., None]
    >>> t = np.array([[1.0, 0.0, 1.0]])[..., None]
    >>> loss = portloss.dice_loss(
    ...     p, t, squared=True, smooth_numerator=0.0, smooth_denominator=0.002
    ... )
    >>> print(f"{loss:.6f}")
    0.066002
    """
    conv = resolve_loss_convention(convention, reduction, mean_denominator=mean_denominator)
    nr, dr = _smoothing(smooth, smooth_numerator, smooth_denominator)
    squared = check_bool_option("squared", squared)
    terms = _overlap_terms(
        "dice_loss",
        input,
        target,
        weight=weight,
        sample_weight=sample_weight,
        mask=mask,
        soft_label=soft_label,
        from_logits=from_logits,
        activation=activation,
        conv=conv,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=batch,
        squared=squared,
        empty_target=empty_target,
        pooled=check_bool_option("pool_classes", pool_classes),
    )
    terms = _pool_classes(terms, weight, classes) if pool_classes else terms
    xp = terms.xp
    denominator = terms.pred_sq + terms.target_sq if squared else terms.pred + terms.target
    score = safe_divide(xp, 2.0 * terms.intersection + nr, denominator + dr, fill=1.0)
    return finish_per_class(
        terms,
        loss=_score_loss(terms.xp, score, log_loss),
        weight=weight,
        sample_weight=sample_weight,
        conv=conv,
        classes=_check_class_subset(classes, terms),
    )


@loss_options(
    classes=CLASSES,
    mean_denominator=SEGMENTATION_MEAN,
)
def jaccard_loss(
    input: Array,
    target: Array,
    /,
    *,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    squared: bool = False,
    batch: bool = False,
    weight: Array = None,
    sample_weight: Array = None,
    mask: Array = None,
    soft_label: bool = False,
    log_loss: bool = False,
    classes: list[int] | tuple[int, ...] | None = None,
    ignore_index: int = -100,
    empty_target: EmptyTarget = "keep",
    mean_denominator: MeanDenominator | None = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Soft Jaccard (IoU) loss, one value per (sample, class).

    Every option means what it means for :func:`dice_loss`.

    Parameters
    ----------
    input : array
        Probabilities, or logits with ``activation``; batch along axis 0, classes
        along ``axis``.
    target : array
        Class indices (``input``'s shape without the class axis) or a mask with
        ``input``'s shape.
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0).
    include_background : bool, default True
        With ``False`` class 0 is left out.
    {{smooth}}
        Added to the numerator and the denominator.
    {{smooth_numerator}}
        Override ``smooth`` on one side.
    squared : bool, default False
        Squared sums in the union, :math:`\sum p^2 + \sum t^2 - I`.
    batch : bool, default False
        Sum over the batch axis too (one loss per class).
    {{weight:class}}
        Per-class weight.
    {{sample_weight}}
        Weight broadcast to the unreduced loss.
    mask : array, optional
        A spatial mask or weight map (MONAI's ``MaskedDiceLoss`` ``mask``): ``input``'s
        shape with size 1 along the class axis, or ``input``'s shape without it (each
        dimension of size 1 or equal; real or bool). The probabilities (after the
        activation) and the target are multiplied by it before the sums.
    soft_label : bool, default False
        MONAI's ``soft_label``: the intersection as :math:`(P + T - \sum |p - t|) / 2`,
        which equals :math:`\sum p t` for 0/1 targets and is the right overlap for
        soft targets (no effect with ``squared=True``, where the two agree).
    log_loss : bool, default False
        The ``log_loss`` of segmentation_models_pytorch: the loss is
        :math:`-\log \max(S, 10^{-7})` of the score :math:`S` instead of
        :math:`1 - S`.
    classes : sequence of int, optional
        Only these classes (indices of ``input``'s classes) enter the loss and its
        mean (segmentation_models_pytorch's ``classes``); the others are 0 in the
        ``"none"`` output.
    {{ignore_index}}
    empty_target : {"keep", "zero", "ignore"}, default "keep"
        What an empty target class contributes (see :func:`dice_loss`).
    {{mean_denominator:no_convention}}
        What ``"mean"`` divides by.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``(N, C')`` / ``(C',)`` for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        As :func:`dice_loss`.

    Notes
    -----
    .. math::

        \ell_{nc} = 1 - \frac{I_{nc} + s_n}{U_{nc} + s_d}, \qquad
        U_{nc} = P_{nc} + T_{nc} - I_{nc}

    (squared sums in :math:`U` with ``squared=True``), a zero denominator giving loss
    0. MONAI's ``DiceLoss(jaccard=True)`` computes
    :math:`(2I + s)/(2U + s)`, which is this loss with ``smooth=s/2``.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N, C')` / :math:`(C')` for ``reduction="none"``.

    See Also
    --------
    dice_loss : The Dice (F1) form of the same sums.
    lovasz_softmax_loss : The Lovász extension of the Jaccard loss.

    References
    ----------
    .. [1] F. Milletari, N. Navab and S.-A. Ahmadi, "V-Net: Fully Convolutional Neural
       Networks for Volumetric Medical Image Segmentation", 3DV 2016.
    .. [2] M. A. Rahman and Y. Wang, "Optimizing Intersection-Over-Union in Deep Neural
       Networks for Image Segmentation", ISVC 2016.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[[0.8], [0.6], [0.1]]])  # (N=1, H=3, C=1)
    >>> t = np.array([[[1.0], [0.0], [0.0]]])
    >>> print(f"{portloss.jaccard_loss(p, t, smooth=0.0):.4f}")  # 1 - 0.8 / 1.7
    0.5294
    """
    conv = resolve_loss_convention(convention, reduction, mean_denominator=mean_denominator)
    nr, dr = _smoothing(smooth, smooth_numerator, smooth_denominator)
    squared = check_bool_option("squared", squared)
    terms = _overlap_terms(
        "jaccard_loss",
        input,
        target,
        weight=weight,
        sample_weight=sample_weight,
        mask=mask,
        soft_label=soft_label,
        from_logits=from_logits,
        activation=activation,
        conv=conv,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=batch,
        squared=squared,
        empty_target=empty_target,
    )
    xp = terms.xp
    total = terms.pred_sq + terms.target_sq if squared else terms.pred + terms.target
    union = total - terms.intersection
    score = safe_divide(xp, terms.intersection + nr, union + dr, fill=1.0)
    return finish_per_class(
        terms,
        loss=_score_loss(terms.xp, score, log_loss),
        weight=weight,
        sample_weight=sample_weight,
        conv=conv,
        classes=_check_class_subset(classes, terms),
    )


@convention_defaults(keras=_KERAS_OVERLAP)
@loss_options(
    classes=CLASSES,
    alpha=nonnegative("alpha", allow_inf=True),
    beta=nonnegative("beta", allow_inf=True),
    mean_denominator=SEGMENTATION_MEAN,
)
def tversky_loss(
    input: Array,
    target: Array,
    /,
    *,
    alpha: float = 0.5,
    beta: float = 0.5,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    batch: bool = False,
    pool_classes: bool = False,
    weight: Array = None,
    sample_weight: Array = None,
    mask: Array = None,
    soft_label: bool = False,
    log_loss: bool = False,
    classes: list[int] | tuple[int, ...] | None = None,
    ignore_index: int = -100,
    empty_target: EmptyTarget = "keep",
    mean_denominator: MeanDenominator | None = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Tversky loss: Dice with separate weights on false positives and false negatives.

    MONAI's ``TverskyLoss`` and optax's ``dice_loss(alpha, beta)``; every other option
    means what it means for :func:`dice_loss`.

    Parameters
    ----------
    input : array
        Probabilities, or logits with ``activation``; batch along axis 0, classes
        along ``axis``.
    target : array
        Class indices or a mask with ``input``'s shape.
    alpha : float, default 0.5
        Weight :math:`\alpha \ge 0` of the false positives.
    beta : float, default 0.5
        Weight :math:`\beta \ge 0` of the false negatives.
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0).
    include_background : bool, default True
        With ``False`` class 0 is left out.
    {{smooth}}
        Added to the numerator and the denominator.
    {{smooth_numerator}}
        Override ``smooth`` on one side.
    batch : bool, default False
        Sum over the batch axis too (one loss per class).
    pool_classes : bool, default False
        Sum the overlap terms over the classes too, as :func:`dice_loss`.
    {{weight:class}}
        Per-class weight.
    {{sample_weight}}
        Weight broadcast to the unreduced loss.
    mask : array, optional
        A spatial mask or weight map (MONAI's ``MaskedDiceLoss`` ``mask``): ``input``'s
        shape with size 1 along the class axis, or ``input``'s shape without it (each
        dimension of size 1 or equal; real or bool). The probabilities (after the
        activation) and the target are multiplied by it before the sums.
    soft_label : bool, default False
        MONAI's ``soft_label``: the intersection as :math:`(P + T - \sum |p - t|) / 2`,
        which equals :math:`\sum p t` for 0/1 targets and is the right overlap for
        soft targets (no effect with ``squared=True``, where the two agree).
    log_loss : bool, default False
        The ``log_loss`` of segmentation_models_pytorch: the loss is
        :math:`-\log \max(S, 10^{-7})` of the score :math:`S` instead of
        :math:`1 - S`.
    classes : sequence of int, optional
        Only these classes (indices of ``input``'s classes) enter the loss and its
        mean (segmentation_models_pytorch's ``classes``); the others are 0 in the
        ``"none"`` output.
    {{ignore_index}}
    empty_target : {"keep", "zero", "ignore"}, default "keep"
        What an empty target class contributes (see :func:`dice_loss`).
    {{mean_denominator:no_convention}}
        What ``"mean"`` divides by.
    {{reduction}}
    {{convention}}
        ``convention="keras"`` also takes Keras' ``Tversky`` defaults and meaning: ``alpha``
        weighs the false negatives and ``beta`` the false positives, and, unless
        given, ``smooth_numerator=0``, ``smooth_denominator=1e-7``, ``batch=True`` and
        ``pool_classes=True`` (Keras' ``axis=None``).

    Returns
    -------
    array
        0-d, or ``(N, C')`` / ``(C',)`` for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        As :func:`dice_loss`, and for a negative ``alpha`` or ``beta``.

    Notes
    -----
    With :math:`FP = \sum p(1 - t) = P - I` and :math:`FN = \sum (1 - p) t = T - I`,

    .. math::

        \ell_{nc} = 1 - \frac{I_{nc} + s_n}
        {I_{nc} + \alpha\, FP_{nc} + \beta\, FN_{nc} + s_d},

    a zero denominator giving loss 0. With :math:`\alpha = \beta = 1/2` it is
    :func:`dice_loss` with twice the smoothing (exactly Dice without smoothing).
    Keras' ``Tversky`` multiplies :math:`\sum (1 - p) t` (the false negatives) by its
    ``alpha``: under ``convention="keras"`` this function reads ``alpha`` and ``beta``
    that way, so Keras' arguments carry over unchanged.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N, C')` / :math:`(C')` for ``reduction="none"``.

    See Also
    --------
    dice_loss : The case alpha = beta = 0.5.
    focal_tversky_loss : The Tversky loss raised to a power.

    References
    ----------
    .. [1] S. S. M. Salehi, D. Erdogmus and A. Gholipour, "Tversky Loss Function for
       Image Segmentation Using 3D Fully Convolutional Deep Networks", MLMI 2017.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[[0.8], [0.6], [0.1]]])
    >>> t = np.array([[[1.0], [0.0], [1.0]]])
    >>> loss = portloss.tversky_loss(p, t, alpha=0.3, beta=0.7, smooth=0.0)
    >>> print(f"{loss:.4f}")  # 1 - 0.9 / (0.9 + 0.3 * 0.6 + 0.7 * 1.1)
    0.5135
    """
    conv = resolve_loss_convention(convention, reduction, mean_denominator=mean_denominator)
    nr, dr = _smoothing(smooth, smooth_numerator, smooth_denominator)
    alpha = check_real_option("alpha", alpha, minimum=0.0)
    beta = check_real_option("beta", beta, minimum=0.0)
    if conv.name == "keras":  # Keras' alpha weighs the false negatives
        alpha, beta = beta, alpha
    terms = _overlap_terms(
        "tversky_loss",
        input,
        target,
        weight=weight,
        sample_weight=sample_weight,
        mask=mask,
        soft_label=soft_label,
        from_logits=from_logits,
        activation=activation,
        conv=conv,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=batch,
        squared=False,
        empty_target=empty_target,
        pooled=check_bool_option("pool_classes", pool_classes),
    )
    terms = _pool_classes(terms, weight, classes) if pool_classes else terms
    score = tversky_index(terms, alpha=alpha, beta=beta, nr=nr, dr=dr)
    return finish_per_class(
        terms,
        loss=_score_loss(terms.xp, score, log_loss),
        weight=weight,
        sample_weight=sample_weight,
        conv=conv,
        classes=_check_class_subset(classes, terms),
    )


@loss_options(
    alpha=nonnegative("alpha", allow_inf=True),
    beta=nonnegative("beta", allow_inf=True),
    gamma=nonnegative("gamma", allow_inf=True),
    mean_denominator=SEGMENTATION_MEAN,
)
def focal_tversky_loss(
    input: Array,
    target: Array,
    /,
    *,
    alpha: float = 0.5,
    beta: float = 0.5,
    gamma: float = 0.75,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    batch: bool = False,
    weight: Array = None,
    sample_weight: Array = None,
    mask: Array = None,
    soft_label: bool = False,
    ignore_index: int = -100,
    empty_target: EmptyTarget = "keep",
    mean_denominator: MeanDenominator | None = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Focal Tversky loss (Abraham & Khan, 2019): the Tversky loss raised to ``gamma``.

    Every option but ``gamma`` means what it means for :func:`tversky_loss`.

    Parameters
    ----------
    input : array
        Probabilities, or logits with ``activation``; batch along axis 0, classes
        along ``axis``.
    target : array
        Class indices or a mask with ``input``'s shape.
    alpha : float, default 0.5
        Weight of the false positives.
    beta : float, default 0.5
        Weight of the false negatives.
    gamma : float, default 0.75
        Exponent :math:`\gamma > 0` applied to each (sample, class) Tversky loss. The
        paper writes the exponent as :math:`1/\gamma'` and recommends
        :math:`\gamma' = 4/3`, i.e. ``gamma=0.75`` here (with ``alpha=0.3,
        beta=0.7``).
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0).
    include_background : bool, default True
        With ``False`` class 0 is left out.
    {{smooth}}
        Added to the numerator and the denominator.
    {{smooth_numerator}}
        Override ``smooth`` on one side.
    batch : bool, default False
        Sum over the batch axis too (one loss per class).
    {{weight:class}}
        Per-class weight.
    {{sample_weight}}
        Weight broadcast to the unreduced loss.
    mask : array, optional
        A spatial mask or weight map (MONAI's ``MaskedDiceLoss`` ``mask``): ``input``'s
        shape with size 1 along the class axis, or ``input``'s shape without it (each
        dimension of size 1 or equal; real or bool). The probabilities (after the
        activation) and the target are multiplied by it before the sums.
    soft_label : bool, default False
        MONAI's ``soft_label``: the intersection as :math:`(P + T - \sum |p - t|) / 2`,
        which equals :math:`\sum p t` for 0/1 targets and is the right overlap for
        soft targets (no effect with ``squared=True``, where the two agree).
    {{ignore_index}}
    empty_target : {"keep", "zero", "ignore"}, default "keep"
        What an empty target class contributes (see :func:`dice_loss`).
    {{mean_denominator:no_convention}}
        What ``"mean"`` divides by.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``(N, C')`` / ``(C',)`` for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        As :func:`tversky_loss`, and for ``gamma <= 0``.

    Notes
    -----
    .. math::

        \ell_{nc} = \left(1 - TI_{nc}\right)^{\gamma}, \qquad
        TI_{nc} = \frac{I_{nc} + s_n}{I_{nc} + \alpha\, FP_{nc} + \beta\, FN_{nc} + s_d}.

    For :math:`\gamma < 1` the derivative of :math:`x^\gamma` is infinite at
    :math:`x = 0` (a perfect or an empty class); there the loss is 0 and its gradient
    is taken as 0, so gradients stay finite. ``gamma=1`` is :func:`tversky_loss`.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N, C')` / :math:`(C')` for ``reduction="none"``.

    See Also
    --------
    tversky_loss : The case gamma = 1.
    dice_loss : The case alpha = beta = 0.5, gamma = 1.

    References
    ----------
    .. [1] N. Abraham and N. M. Khan, "A Novel Focal Tversky Loss Function with
       Improved Attention U-Net for Lesion Segmentation", ISBI 2019.
    .. [2] S. S. M. Salehi, D. Erdogmus and A. Gholipour, "Tversky Loss Function for
       Image Segmentation Using 3D Fully Convolutional Deep Networks", MLMI 2017.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[[0.8], [0.6], [0.1]]])
    >>> t = np.array([[[1.0], [0.0], [1.0]]])
    >>> loss = portloss.focal_tversky_loss(p, t, gamma=2.0, smooth=0.0)
    >>> print(f"{loss:.4f}")  # (1 - 0.9 / 1.75) ** 2
    0.2359
    """
    conv = resolve_loss_convention(convention, reduction, mean_denominator=mean_denominator)
    nr, dr = _smoothing(smooth, smooth_numerator, smooth_denominator)
    alpha = check_real_option("alpha", alpha, minimum=0.0)
    beta = check_real_option("beta", beta, minimum=0.0)
    gamma = check_real_option("gamma", gamma, minimum=0.0)
    if gamma == 0.0:
        raise ValueError("gamma must be > 0, got 0.0; gamma=1 is the plain Tversky loss")
    terms = _overlap_terms(
        "focal_tversky_loss",
        input,
        target,
        weight=weight,
        sample_weight=sample_weight,
        mask=mask,
        soft_label=soft_label,
        from_logits=from_logits,
        activation=activation,
        conv=conv,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=batch,
        squared=False,
        empty_target=empty_target,
    )
    xp = terms.xp
    base = 1.0 - tversky_index(terms, alpha=alpha, beta=beta, nr=nr, dr=dr)
    if gamma == 1.0:
        loss = base
    else:
        positive = base > 0
        # Double where: x ** gamma has an infinite slope at 0 for gamma < 1.
        safe = xp.where(positive, base, scalar(xp, 1.0, base))
        # base * 0.0 keeps a NaN base (an out-of-range target) NaN instead of 0.
        loss = xp.where(positive, safe**gamma, base * 0.0)
    return finish_per_class(terms, loss=loss, weight=weight, sample_weight=sample_weight, conv=conv)


@loss_options()
def generalized_dice_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight_type: WeightType = "square",
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    batch: bool = False,
    sample_weight: Array = None,
    mask: Array = None,
    soft_label: bool = False,
    ignore_index: int = -100,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Generalized Dice loss (Sudre et al., 2017), MONAI's ``GeneralizedDiceLoss``.

    The classes are pooled into one ratio per sample, each weighted by the inverse
    (squared) volume of its target.

    Parameters
    ----------
    input : array
        Probabilities, or logits with ``activation``; batch along axis 0, classes
        along ``axis``.
    target : array
        Class indices (``input``'s shape without the class axis) or a mask with
        ``input``'s shape.
    weight_type : {"square", "simple", "uniform"}, default "square"
        Class weight :math:`w_c = 1/T_c^2`, :math:`1/T_c` or 1.
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0).
    include_background : bool, default True
        With ``False`` class 0 is left out (also from the weights).
    {{smooth}}
        Added to the numerator and the denominator.
    {{smooth_numerator}}
        Override ``smooth`` on one side.
    batch : bool, default False
        Sum over the batch axis too: one ratio for the whole batch.
    {{sample_weight}}
        Weight broadcast to the unreduced loss ``(N,)`` (bool works as a mask).
    mask : array, optional
        A spatial mask or weight map (MONAI's ``MaskedDiceLoss`` ``mask``): ``input``'s
        shape with size 1 along the class axis, or ``input``'s shape without it (each
        dimension of size 1 or equal; real or bool). The probabilities (after the
        activation) and the target are multiplied by it before the sums.
    soft_label : bool, default False
        MONAI's ``soft_label``: the intersection as :math:`(P + T - \sum |p - t|) / 2`,
        which equals :math:`\sum p t` for 0/1 targets and is the right overlap for
        soft targets (no effect with ``squared=True``, where the two agree).
    {{ignore_index}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``, ``"sum"`` and for ``"none"`` with ``batch=True``; shape
        ``(N,)`` for ``"none"``. The dtype of ``input``.

    Raises
    ------
    ValueError
        As :func:`dice_loss`, and for an unknown ``weight_type``.

    Notes
    -----
    .. math::

        \ell_n = 1 - \frac{2 \sum_c w_{nc} I_{nc} + s_n}
        {\sum_c w_{nc} (P_{nc} + T_{nc}) + s_d}, \qquad
        w_{nc} = T_{nc}^{-2},\ T_{nc}^{-1} \ \text{or}\ 1.

    A class absent from the target (:math:`T_{nc} = 0`) would have an infinite weight;
    as in MONAI it gets the largest finite weight of the same sample (of the batch with
    ``batch=True``), and 0 when no class of the sample is present, which makes the
    loss :math:`1 - s_n / s_d` (0 with the default smoothing; a zero denominator also
    gives 0).

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N)` for ``reduction="none"`` (scalar with
      ``batch=True``).

    See Also
    --------
    dice_loss : The per-class Dice with given class weights.

    References
    ----------
    .. [1] C. H. Sudre, W. Li, T. Vercauteren, S. Ourselin and M. J. Cardoso,
       "Generalised Dice Overlap as a Deep Learning Loss Function for Highly
       Unbalanced Segmentations", DLMIA 2017.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.7, 0.3]]])  # (1, 4, 2)
    >>> labels = np.array([[0, 1, 0, 0]])
    >>> print(f"{portloss.generalized_dice_loss(p, labels):.4f}")
    0.3472
    """
    conv = resolve_loss_convention(convention, reduction)
    nr, dr = _smoothing(smooth, smooth_numerator, smooth_denominator)
    weight_type = check_choice("weight_type", weight_type, WEIGHT_TYPES)
    terms = _overlap_terms(
        "generalized_dice_loss",
        input,
        target,
        weight=None,
        sample_weight=sample_weight,
        mask=mask,
        soft_label=soft_label,
        from_logits=from_logits,
        activation=activation,
        conv=conv,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=batch,
        squared=False,
        pooled=True,
    )
    xp = terms.xp
    volume = terms.target
    if weight_type == "uniform":
        w = xp.ones_like(volume)
    else:
        power = volume * volume if weight_type == "square" else volume
        raw = safe_divide(xp, 1.0, power, fill=0.0)
        infinite = (power == 0) | xp.isinf(raw)
        finite = xp.where(infinite, scalar(xp, 0.0, raw), raw)
        # No maximum of nothing (an empty batch: Dask reduces its empty chunks).
        largest = xp.max(finite, axis=-1, keepdims=True) if 0 not in finite.shape else finite
        w = xp.where(infinite, largest, finite)
    numerator = 2.0 * xp.sum(w * terms.intersection, axis=-1) + nr
    denominator = xp.sum(w * (terms.pred + terms.target), axis=-1) + dr
    loss = 1.0 - safe_divide(xp, numerator, denominator, fill=1.0)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=terms.out_dtype)


@loss_options()
def lovasz_hinge_loss(
    input: Array,
    target: Array,
    /,
    *,
    per_image: bool = True,
    ignore_index: int = -100,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Binary Lovász hinge loss (Berman et al., 2018) on logits.

    The Lovász extension of the Jaccard loss evaluated at the hinge errors, as in the
    authors' ``lovasz_hinge``: a sort of the errors and cumulative sums, no host sync.

    Parameters
    ----------
    input : array
        Logits, real floating, batch along axis 0 (any further axes are pixels).
    target : array
        Binary labels (0 or 1) with ``input``'s shape; floating, integer or bool.
        A label outside :math:`[0, 1]` other than ``ignore_index`` raises for NumPy
        arrays and gives NaN elsewhere.
    per_image : bool, default True
        One loss per image (axis 0), else one loss over all pixels of the batch.
    {{ignore_index:label}}
        Label value whose pixels are left out.
    {{sample_weight}}
        Weight broadcast to the unreduced loss, shape ``(N,)`` (or ``()`` without
        ``per_image``); bool works as a mask.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or shape ``(N,)`` for ``"none"`` with ``per_image`` (0-d without). The
        dtype of ``input``.

    Raises
    ------
    ValueError
        For an unknown option value, a 0-d input, or a target of another shape.

    Notes
    -----
    With hinge errors :math:`e_i = 1 - x_i (2 y_i - 1)` sorted in decreasing order
    :math:`e_{\pi_1} \ge e_{\pi_2} \ge \dots` and the Jaccard loss of the top-:math:`k`
    prefix :math:`J_k = 1 - \frac{|G| - |G \cap \pi_{1..k}|}{|G| + |\pi_{1..k}
    \setminus G|}` (:math:`G` the positive pixels, :math:`J_0 = 0`),

    .. math::

        \ell = \sum_k \max(e_{\pi_k}, 0)\, (J_k - J_{k-1}).

    Ignored pixels are sorted last with error 0 and label 0, which leaves the value
    and the gradient exactly as if they were removed; an image with no valid pixel
    has loss 0 (and still counts in the mean, as in the reference code).

    Shape
    -----
    - input: :math:`(N, *)`; target: the same.
    - output: scalar, or :math:`(N)` for ``reduction="none"`` with ``per_image``.

    See Also
    --------
    lovasz_softmax_loss : The multi-class version on probabilities.
    jaccard_loss : The soft Jaccard (IoU) loss.

    References
    ----------
    .. [1] M. Berman, A. Rannen Triki and M. B. Blaschko, "The Lovász-Softmax Loss: A
       Tractable Surrogate for the Optimization of the Intersection-over-Union Measure
       in Neural Networks", CVPR 2018.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[2.0, -1.0, 0.5], [-0.5, 1.5, -2.0]])
    >>> labels = np.array([[1, 0, 0], [0, 1, 1]])
    >>> print(portloss.lovasz_hinge_loss(logits, labels, reduction="none").round(4))
    [0.75   1.5833]
    """
    conv = resolve_loss_convention(convention, reduction)
    per_image = check_bool_option("per_image", per_image)
    ignore_index = check_integer("ignore_index", ignore_index)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    if input.ndim < 1:
        raise ValueError(
            "input must have at least one dimension (pixels, or a batch axis 0 and "
            "pixels), got a 0-d array"
        )
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(
            f"target must have input's shape {tuple(input.shape)} (binary labels), "
            f"got shape {tuple(target.shape)}"
        )
    if not xp.isdtype(target.dtype, ("real floating", "integral", "bool")):
        raise TypeError(f"target must have a real, integer or bool dtype, got {target.dtype}")
    loss_shape = (input.shape[0],) if per_image else ()
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    check_binary_labels(xp, "target", target, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    x = _rows(xp, to_dtype(xp, input, dtype), per_image)
    t = _rows(xp, to_dtype(xp, target, dtype), per_image)
    valid = t != ignore_index
    # A label outside [0, 1] (not ignored): NaN, never a finite wrong number.
    bad_row = xp.any(valid & ((t < 0) | (t > 1)), axis=-1)
    valid = valid & ~((t < 0) | (t > 1))
    labels = xp.where(valid, t, scalar(xp, 0.0, t))
    errors = 1.0 - x * (2.0 * labels - 1.0)
    hinge = xp.where(valid, relu(xp, errors), xp.zeros_like(errors))  # NaN kept
    loss = _lovasz_extension(xp, errors, hinge, labels, valid)
    loss = xp.where(bad_row, xp.full_like(loss, xp.nan), loss)
    if not per_image:
        loss = xp.reshape(loss, ())
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options()
def lovasz_softmax_loss(
    input: Array,
    target: Array,
    /,
    *,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    classes: Any = "present",
    per_image: bool = False,
    ignore_index: int = -100,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Multi-class Lovász-softmax loss (Berman et al., 2018).

    The Lovász extension of each class's Jaccard loss at the errors
    :math:`|[y_i = c] - p_{ic}|`, averaged over classes, as in the authors'
    ``lovasz_softmax``: sorts and cumulative sums, no host sync, no boolean indexing.

    Parameters
    ----------
    input : array
        Class probabilities (``activation=None``, as in the reference code) or logits,
        real floating, batch along axis 0 and classes along ``axis``.
    target : array
        Class indices, integer dtype, ``input``'s shape without the class axis.
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0); ``axis=1`` for ``(N, C, H, W)``.
    classes : {"present", "all"} or sequence of int, default "present"
        Average over the classes present in the (valid) target, over all classes, or
        over the listed classes.
    per_image : bool, default False
        One loss per image (then averaged by ``reduction``), else one loss over all
        pixels of the batch.
    {{ignore_index}}
    {{weight:class}}
        Class weight, as kornia's: it multiplies each class's term, and the mean over the
        classes still divides by their number (so a uniform weight of 2 doubles the
        loss).
    {{weight:class}}
        It multiplies each class's Lovász loss before the mean over the classes
        (kornia's ``weight``).
    {{sample_weight}}
        Weight broadcast to the unreduced loss, shape ``(N,)`` with ``per_image`` or
        ``()``; bool works as a mask.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or shape ``(N,)`` for ``"none"`` with ``per_image``. The dtype of
        ``input``.

    Raises
    ------
    ValueError
        For an unknown option value, a class in ``classes`` outside ``[0, C)``, an
        input without batch and class axes, or a target of the wrong shape.

    Notes
    -----
    For class :math:`c` with errors :math:`e_i = |[y_i = c] - p_{ic}|` sorted in
    decreasing order and :math:`J_k` the Jaccard loss of class :math:`c` when the top
    :math:`k` pixels are predicted as :math:`c` (see :func:`lovasz_hinge_loss`),

    .. math::

        \ell_c = \sum_k e_{\pi_k} (J_k - J_{k-1}), \qquad
        \ell = \frac{1}{|K|} \sum_{c \in K} w_c \ell_c,

    :math:`K` the averaged classes; with ``classes="present"`` and no class present
    (every pixel ignored) the loss is 0, as in the reference code. Ignored pixels are
    sorted last with error 0 and no class, exactly as if removed. A class index
    outside ``[0, C)`` raises for NumPy arrays and gives NaN elsewhere.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"`` with ``per_image``.

    See Also
    --------
    lovasz_hinge_loss : The binary version on logits.
    jaccard_loss : The soft Jaccard (IoU) loss.

    References
    ----------
    .. [1] M. Berman, A. Rannen Triki and M. B. Blaschko, "The Lovász-Softmax Loss: A
       Tractable Surrogate for the Optimization of the Intersection-over-Union Measure
       in Neural Networks", CVPR 2018.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> probs = np.array([[[0.7, 0.3], [0.4, 0.6], [0.8, 0.2]]])  # (N=1, H=3, C=2)
    >>> labels = np.array([[0, 1, 1]])
    >>> print(f"{portloss.lovasz_softmax_loss(probs, labels):.4f}")
    0.5833
    """
    conv = resolve_loss_convention(convention, reduction)
    link = resolve_link("lovasz_softmax_loss", from_logits, activation, input, axis)
    per_image = check_bool_option("per_image", per_image)
    ignore_index = check_integer("ignore_index", ignore_index)
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    axis = _check_batched("lovasz_softmax_loss", input, axis)
    num_classes = input.shape[axis]
    class_target_form(xp, input, target, axis, allow_probabilities=False)
    selected = _check_lovasz_classes(classes, num_classes)
    check_class_weight(xp, weight, num_classes)
    if link == "softmax" and num_classes < 2:
        raise ValueError(_one_class_softmax(input, axis))
    loss_shape = (input.shape[0],) if per_image else ()
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    check_index_range(xp, target, num_classes, ignore_index)

    dtype = compute_dtype(xp, input.dtype)
    p = apply_link(xp, to_dtype(xp, input, dtype), link, axis)
    per_class, fg = _lovasz_softmax_terms(
        xp, p, target, axis=axis, ignore_index=ignore_index, per_image=per_image
    )
    if weight is not None:
        per_class = per_class * xp.reshape(to_dtype(xp, weight, dtype), (1, num_classes))
    chosen = _chosen_classes(xp, selected, fg, per_class)
    count = xp.sum(to_dtype(xp, chosen, dtype), axis=-1)
    total = xp.sum(xp.where(chosen, per_class, scalar(xp, 0.0, per_class)), axis=-1)
    loss = safe_divide(xp, total, count, fill=0.0)
    if not per_image:
        loss = xp.reshape(loss, ())
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options()
def mcc_loss(
    input: Array,
    target: Array,
    /,
    *,
    from_logits: bool = False,
    activation: Activation | None = None,
    eps: float = 1e-5,
    per_image: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""MCC loss: one minus the soft Matthews correlation coefficient (smp's ``MCCLoss``).

    For binary segmentation (Abhishek & Hamarneh, 2021).

    Parameters
    ----------
    input : array
        Foreground probabilities (or logits with ``from_logits=True``), real
        floating, batch along axis 0.
    target : array
        Binary (or soft) foreground labels in :math:`[0, 1]` with as many entries per
        sample as ``input`` (smp: ``input`` ``(N, 1, H, W)``, ``target`` ``(N, H, W)``).
    {{from_logits}}
    activation : {None, "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only); None takes the
        natural one, the sigmoid (the loss is binary).
    {{eps}}
        Added to each of the four soft counts (smp's ``eps``), so a batch of one class
        has a defined loss.
    per_image : bool, default False
        One loss per sample; by default one over the whole batch, as smp.
    {{sample_weight}}
        With ``per_image``, a weight of shape ``(N,)`` (bool works as a mask).
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``(N,)`` for ``"none"`` with ``per_image``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For an input without a batch axis, a target with another number of entries,
        ``activation="softmax"``, ``activation`` with ``from_logits=False``, or an
        unknown option value.

    Notes
    -----
    With the soft counts :math:`TP = \sum p t + \epsilon`, :math:`TN = \sum (1 - p)(1
    - t) + \epsilon`, :math:`FP = \sum p (1 - t) + \epsilon`, :math:`FN = \sum (1 -
    p) t + \epsilon`,

    .. math::

        \ell = 1 - \frac{TP \cdot TN - FP \cdot FN}
        {\sqrt{(TP + FP)(TP + FN)(TN + FP)(TN + FN)}}.

    Shape
    -----
    - input: :math:`(N, *)`; target: :math:`(N, *)` with the same number of entries.
    - output: scalar, or :math:`(N)` for ``reduction="none"`` with ``per_image``.

    See Also
    --------
    dice_loss : The soft Dice loss.
    jaccard_loss : The soft Jaccard (IoU) loss.

    References
    ----------
    .. [1] K. Abhishek and G. Hamarneh, "Matthews Correlation Coefficient Loss for Deep
       Convolutional Networks: Application to Skin Lesion Segmentation", ISBI 2021.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[0.9, 0.2, 0.7, 0.1]])
    >>> t = np.array([[1.0, 0.0, 1.0, 0.0]])
    >>> print(f"{portloss.mcc_loss(p, t):.4f}")
    0.3492
    """
    conv = resolve_loss_convention(convention, reduction)
    link = resolve_link("mcc_loss", from_logits, activation, input, -1)
    if link is not None and activation is None:
        link = "sigmoid"  # binary: the sigmoid is the natural link
    eps = check_option("eps", eps)
    per_image = check_bool_option("per_image", per_image)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    if link == "softmax":
        raise ValueError("mcc_loss is binary: activation must be None or 'sigmoid', got 'softmax'")
    n = input.shape[0] if input.ndim else 0
    if input.ndim < 1 or target.ndim < 1 or target.shape[0] != n or _count(target) != _count(input):
        raise ValueError(
            f"mcc_loss needs input and target with a batch axis 0 and as many entries per "
            f"sample, got shapes {tuple(input.shape)} and {tuple(target.shape)}"
        )
    check_sample_weight(xp, sample_weight, (n,) if per_image else (), conv=conv)
    dtype = compute_dtype(xp, input.dtype)
    p = _rows(xp, apply_link(xp, to_dtype(xp, input, dtype), link, -1), per_image)
    t = _rows(xp, to_dtype(xp, target, dtype), per_image)
    tp = xp.sum(p * t, axis=-1) + eps
    tn = xp.sum((1.0 - p) * (1.0 - t), axis=-1) + eps
    fp = xp.sum(p * (1.0 - t), axis=-1) + eps
    fn = xp.sum((1.0 - p) * t, axis=-1) + eps
    denominator = xp.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    loss = 1.0 - (tp * tn - fp * fn) / denominator
    if not per_image:
        loss = xp.reshape(loss, ())
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options(iterations=lambda value: check_integer("iterations", value))
def cldice_loss(
    input: Array,
    target: Array,
    /,
    *,
    iterations: int = 3,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    topology_smooth_numerator: float = 1.0,
    topology_smooth_denominator: float = 1.0,
    eps: float = 1e-4,
    ignore_index: int = -100,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Soft clDice loss (Shit et al., 2021), MONAI's ``SoftclDiceLoss``.

    The Dice of the soft skeletons of the prediction and of the target.

    Parameters
    ----------
    input : array
        Probabilities, or logits with ``activation``; batch along axis 0, classes
        along ``axis``, one or more spatial axes (2-D and 3-D as MONAI).
    target : array
        Class indices (``input``'s shape without the class axis) or a mask with
        ``input``'s shape.
    iterations : int, default 3
        Erosion steps of the soft skeleton (MONAI's ``iter_``), ``>= 0``.
    {{from_logits}}
        With True, ``activation`` turns them into probabilities.
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only; with
        ``from_logits=False`` it is an error): a softmax along the class axis (needs
        two classes or more) or an elementwise sigmoid (multi-label, or one binary
        channel). None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0).
    include_background : bool, default True
        With ``False`` class 0 is left out.
    topology_smooth_numerator, topology_smooth_denominator : float >= 0, default 1.0
        Added to the numerators and to the denominators of the topology precision
        and sensitivity (MONAI's ``smooth_nr``, ``smooth_dr``).
    {{eps}}
        Added to the denominator of their harmonic mean (MONAI's ``smooth``).
    {{ignore_index}}
    {{sample_weight}}
        Per-sample weight (bool works as a mask).
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``(N,)`` for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        As :func:`dice_loss`, for ``iterations < 0`` or ``eps < 0``, and for an
        input without a spatial axis.

    Notes
    -----
    With :math:`S_p, S_t` the soft skeletons of the probabilities and of the target
    (iterated soft erosion: a minimum over the 3-neighbourhood cross; soft opening:
    erosion then a 3 x ... x 3 maximum; the border padded as torch's pooling), summed
    over the classes and pixels of each sample,

    .. math::

        T_{prec} = \frac{\sum S_p t + s_n}{\sum S_p + s_d}, \quad
        T_{sens} = \frac{\sum S_t p + s_n}{\sum S_t + s_d}, \quad
        \ell_n = 1 - \frac{2\, T_{prec} T_{sens}}{T_{prec} + T_{sens} + \epsilon}.

    The minima and maxima pass the gradient to the selected neighbour, as torch's
    pooling does (a tie splits it).

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``), :math:`K \ge 1`.
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    See Also
    --------
    dice_loss : The soft Dice loss of the masks themselves.

    References
    ----------
    .. [1] S. Shit et al., "clDice - a Novel Topology-Preserving Loss Function for
       Tubular Structure Segmentation", CVPR 2021.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> t = np.zeros((1, 1, 5, 5)); t[0, 0, 2, :] = 1.0  # a horizontal line
    >>> p = 0.8 * t + 0.1
    >>> print(f"{portloss.cldice_loss(p, t, axis=1):.4f}")
    0.0435
    """
    conv = resolve_loss_convention(convention, reduction)
    iterations = check_integer("iterations", iterations)
    if iterations < 0:
        raise ValueError(f"iterations must be >= 0, got {iterations}")
    eps = check_option("eps", eps)
    nr = check_real_option("topology_smooth_numerator", topology_smooth_numerator, minimum=0.0)
    dr = check_real_option("topology_smooth_denominator", topology_smooth_denominator, minimum=0.0)
    terms = _overlap_terms(
        "cldice_loss",
        input,
        target,
        weight=None,
        sample_weight=sample_weight,
        from_logits=from_logits,
        activation=activation,
        conv=conv,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=False,
        squared=False,
        pooled=True,
    )
    if input.ndim < 3:
        raise ValueError(
            f"cldice_loss needs input with a batch axis, a class axis and at least one "
            f"spatial axis, got shape {tuple(input.shape)}"
        )
    xp, p, t, class_axis = terms.xp, terms.p, terms.t, terms.axis
    spatial = tuple(a for a in range(p.ndim) if a not in (0, class_axis))
    skel_p = soft_skeleton(xp, p, axes=spatial, iterations=iterations)
    skel_t = soft_skeleton(xp, t, axes=spatial, iterations=iterations)
    rest = tuple(range(1, p.ndim))
    precision = (xp.sum(skel_p * t, axis=rest) + nr) / (xp.sum(skel_p, axis=rest) + dr)
    sensitivity = (xp.sum(skel_t * p, axis=rest) + nr) / (xp.sum(skel_t, axis=rest) + dr)
    # eps = 0 with both ratios 0: the harmonic mean of nothing is 0 (loss 1), not 0/0.
    harmonic = safe_divide(
        xp, 2.0 * precision * sensitivity, precision + sensitivity + eps, fill=0.0
    )
    loss = 1.0 - harmonic
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=terms.out_dtype)


# ------------------------------------------------------------------ compound losses


@loss_options(
    lambda_dice=nonnegative("lambda_dice"),
    lambda_ce=nonnegative("lambda_ce"),
)
def dice_ce_loss(
    input: Array,
    target: Array,
    /,
    *,
    lambda_dice: float = 1.0,
    lambda_ce: float = 1.0,
    from_logits: bool = True,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    squared: bool = False,
    batch: bool = False,
    weight: Array = None,
    label_smoothing: float = 0.0,
    ignore_index: int = -100,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Dice loss plus cross entropy on logits, MONAI's ``DiceCELoss`` in one call.

    Parameters
    ----------
    input : array
        Logits, real floating, batch along axis 0 and classes along ``axis``.
    target : array
        Class indices (``input``'s shape without the class axis) or a mask with
        ``input``'s shape (one-hot or soft, for the cross entropy's probability
        targets; the one binary channel with one class).
    lambda_dice, lambda_ce : float, default 1.0
        The weights :math:`\lambda_d, \lambda_{ce} \ge 0` of the two terms.
    {{from_logits}}
        Must be True: the cross-entropy term takes logits.
    activation : {None, "softmax", "sigmoid"}, default None
        The link that turns the logits into the Dice term's probabilities (the cross
        entropy always takes the logits). None takes the natural one: softmax
        (MONAI's ``softmax=True``), or sigmoid for one channel.
    {{axis}}
        The class axis (not 0); ``axis=1`` for MONAI's ``(N, C, H, W[, D])``.
    include_background : bool, default True
        With ``False`` class 0 leaves the Dice term (the cross entropy keeps it, as
        MONAI).
    {{smooth}}
    {{smooth_numerator}}
        MONAI's ``smooth_nr``, ``smooth_dr``.
    squared, batch
        The Dice term's options, as :func:`dice_loss` (MONAI's ``squared_pred``,
        ``batch``).
    {{weight:class}}
        Class weight of both terms: torch's ``weight`` of the cross entropy and the
        Dice term's class weight, multiplying its losses (MONAI). With one class it
        is the binary cross entropy's ``pos_weight`` only, as MONAI.
    {{label_smoothing:classes}}
        The cross entropy's label smoothing.
    {{ignore_index}}
    {{sample_weight}}
        Per-sample weight of both terms (bool works as a mask).
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``; shape ``(N,)`` for ``"none"``. The dtype of
        ``input``.

    Raises
    ------
    ValueError
        As :func:`dice_loss` and :func:`cross_entropy`, for a negative ``lambda_*``,
        and for ``sample_weight`` with ``batch=True``.

    Notes
    -----
    With :math:`\ell^{d}_{nc}` the Dice losses of :func:`dice_loss` and
    :math:`\ell^{ce}_{ni}` the per-pixel cross entropy (binary cross entropy on logits
    when there is one class, as MONAI),

    .. math::

        \ell = \lambda_d \operatorname{red}_{nc}(w_c \ell^{d}_{nc})
        + \lambda_{ce} \operatorname{red}_{ni}(\ell^{ce}_{ni}),

    each term reduced on its own as MONAI does: ``"mean"`` averages the Dice losses
    over (sample, class) (``mean_denominator="count"``) and takes torch's (weighted)
    cross-entropy mean; ``"sum"`` sums both. MONAI has no ``"none"``; here it is one
    value per sample, :math:`\lambda_d \frac{1}{C'} \sum_c w_c \ell^{d}_{nc} +
    \lambda_{ce} \frac{1}{|i|} \sum_i \ell^{ce}_{ni}` (ignored pixels count 0; with
    ``batch=True`` the Dice term is one number shared by every sample). MONAI takes
    the index target as ``(N, 1, H, W)``; here it is ``(N, H, W)``.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    See Also
    --------
    dice_loss : The Dice term.
    cross_entropy : The cross-entropy term.
    dice_focal_loss : Dice plus the sigmoid focal loss.

    References
    ----------
    .. [1] F. Milletari, N. Navab and S.-A. Ahmadi, "V-Net: Fully Convolutional Neural
       Networks for Volumetric Medical Image Segmentation", 3DV 2016.
    .. [2] F. Isensee et al., "nnU-Net: a self-configuring method for deep
       learning-based biomedical image segmentation", Nature Methods 18, 2021.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[[2.0, 0.1], [0.3, 1.5], [1.0, -1.0]]])  # (N=1, H=3, C=2)
    >>> labels = np.array([[0, 1, 1]])
    >>> print(f"{portloss.dice_ce_loss(logits, labels):.4f}")
    1.2573
    """
    conv = resolve_loss_convention(convention, reduction)
    _check_from_logits("dice_ce_loss", from_logits, "its cross entropy needs them")
    lambda_dice = check_real_option("lambda_dice", lambda_dice, minimum=0.0)
    lambda_ce = check_real_option("lambda_ce", lambda_ce, minimum=0.0)
    xp, axis = _compound_setup(
        "dice_ce_loss", input, target, weight, sample_weight, batch, axis, conv
    )
    dice = dice_loss(
        input,
        target,
        from_logits=True,
        activation=activation,
        axis=axis,
        include_background=include_background,
        smooth=smooth,
        smooth_numerator=smooth_numerator,
        smooth_denominator=smooth_denominator,
        squared=squared,
        batch=batch,
        # With one class MONAI's weight is the binary cross entropy's pos_weight only.
        weight=weight if input.shape[axis] > 1 else None,
        ignore_index=ignore_index,
        mean_denominator="count",
        reduction="none",
    )
    ce, valid, mean_weight = _ce_term(
        xp,
        input,
        target,
        axis=axis,
        weight=weight,
        label_smoothing=label_smoothing,
        ignore_index=ignore_index,
    )
    return _compound_reduce(
        xp,
        conv,
        [(lambda_dice, dice, None, None), (lambda_ce, ce, valid, mean_weight)],
        sample_weight,
        pooled=batch,
        dtype=input.dtype,
    )


@loss_options(
    lambda_dice=nonnegative("lambda_dice"),
    lambda_focal=nonnegative("lambda_focal"),
    gamma=nonnegative("gamma"),
    alpha=optional(real("alpha", minimum=0.0, maximum=1.0)),
)
def dice_focal_loss(
    input: Array,
    target: Array,
    /,
    *,
    lambda_dice: float = 1.0,
    lambda_focal: float = 1.0,
    gamma: float = 2.0,
    alpha: float | None = None,
    from_logits: bool = True,
    activation: Activation | None = None,
    axis: int = -1,
    include_background: bool = True,
    smooth: float = 1e-5,
    smooth_numerator: float | None = None,
    smooth_denominator: float | None = None,
    squared: bool = False,
    batch: bool = False,
    weight: Array = None,
    ignore_index: int = -100,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Dice loss plus sigmoid focal loss on logits, MONAI's ``DiceFocalLoss``.

    Parameters
    ----------
    input : array
        Logits, real floating, batch along axis 0 and classes along ``axis``.
    target : array
        Class indices (``input``'s shape without the class axis; one-hot inside, as
        MONAI's ``to_onehot_y=True``) or a mask with ``input``'s shape.
    lambda_dice, lambda_focal : float, default 1.0
        The weights :math:`\lambda_d, \lambda_f \ge 0` of the two terms.
    gamma : float, default 2.0
        The focal term's focusing parameter.
    alpha : float in [0, 1] or None, default None
        The focal term's balance :math:`\alpha t + (1 - \alpha)(1 - t)`; None: off
        (MONAI's default; torchvision's is 0.25).
    {{from_logits}}
        Must be True: the focal term takes logits.
    activation : {None, "sigmoid", "softmax"}, default None
        The link that turns the logits into the Dice term's probabilities (the focal
        term is a sigmoid focal loss on the logits, as MONAI's
        ``FocalLoss(use_softmax=False)``). None takes the natural one, the sigmoid
        (MONAI's ``sigmoid=True``).
    {{axis}}
        The class axis (not 0).
    include_background : bool, default True
        With ``False`` class 0 leaves both terms.
    {{smooth}}
    {{smooth_numerator}}
    squared, batch
        The Dice term's options, as :func:`dice_loss`.
    {{weight:class}}
        Class weight multiplying both terms' losses (one entry per input class).
    {{ignore_index}}
    {{sample_weight}}
        Per-sample weight of both terms (bool works as a mask).
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``; shape ``(N,)`` for ``"none"``. The dtype of
        ``input``.

    Raises
    ------
    ValueError
        As :func:`dice_loss` and :func:`sigmoid_focal_loss`, for a negative
        ``lambda_*``, and for ``sample_weight`` with ``batch=True``.

    Notes
    -----
    With :math:`f_{nci}` the sigmoid focal loss of logit :math:`x_{nci}` and one-hot
    target :math:`t_{nci}` (:func:`sigmoid_focal_loss`), :math:`w_c` the class weight
    and :math:`|i|` the number of (non-ignored) pixels,

    .. math::

        \ell = \lambda_d \operatorname{red}_{nc}(w_c \ell^{d}_{nc})
        + \lambda_f \operatorname{red}_{nc}\Big(\frac{w_c}{|i|} \sum_i f_{nci}\Big),

    ``"mean"`` averaging over (sample, class) and ``"sum"`` summing, which is
    MONAI's ``FocalLoss`` reduction (a mean over every element; for ``"sum"`` a mean
    over the pixels, then a sum). ``"none"`` gives one value per sample, the mean
    over the classes of both terms. Ignored pixels (index targets) leave the focal
    term and its pixel count.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``).
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    See Also
    --------
    dice_loss : The Dice term.
    sigmoid_focal_loss : The focal term, per element.
    dice_ce_loss : Dice plus cross entropy.

    References
    ----------
    .. [1] F. Milletari, N. Navab and S.-A. Ahmadi, "V-Net", 3DV 2016.
    .. [2] T.-Y. Lin, P. Goyal, R. Girshick, K. He and P. Dollár, "Focal Loss for
       Dense Object Detection", ICCV 2017.
    .. [3] W. Zhu et al., "AnatomyNet: Deep learning for fast and fully automated
       whole-volume segmentation of head and neck anatomy", Medical Physics 46(2), 2019.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.array([[[2.0, 0.1], [0.3, 1.5], [1.0, -1.0]]])  # (N=1, H=3, C=2)
    >>> labels = np.array([[0, 1, 1]])
    >>> print(f"{portloss.dice_focal_loss(logits, labels):.4f}")
    0.7393
    """
    conv = resolve_loss_convention(convention, reduction)
    _check_from_logits("dice_focal_loss", from_logits, "its focal term needs them")
    lambda_dice = check_real_option("lambda_dice", lambda_dice, minimum=0.0)
    lambda_focal = check_real_option("lambda_focal", lambda_focal, minimum=0.0)
    if alpha is not None:
        alpha = check_real_option("alpha", alpha, minimum=0.0, maximum=1.0)
    xp, axis = _compound_setup(
        "dice_focal_loss", input, target, weight, sample_weight, batch, axis, conv
    )
    dice = dice_loss(
        input,
        target,
        from_logits=True,
        activation="sigmoid" if activation is None else activation,
        axis=axis,
        include_background=include_background,
        smooth=smooth,
        smooth_numerator=smooth_numerator,
        smooth_denominator=smooth_denominator,
        squared=squared,
        batch=batch,
        weight=weight,
        ignore_index=ignore_index,
        mean_denominator="count",
        reduction="none",
    )
    focal = _focal_term(
        xp,
        input,
        target,
        axis=axis,
        gamma=gamma,
        alpha=alpha,
        include_background=include_background,
        ignore_index=ignore_index,
        weight=weight,
    )
    return _compound_reduce(
        xp,
        conv,
        [(lambda_dice, dice, None, None), (lambda_focal, focal, None, None)],
        sample_weight,
        pooled=batch,
        dtype=input.dtype,
    )


def _compound_setup(
    name: str,
    input: Any,
    target: Any,
    weight: Any,
    sample_weight: Any,
    batch: Any,
    axis: Any,
    conv: Convention,
) -> tuple[Any, int]:
    """Check what the two terms of a compound loss share; return ``xp`` and the class
    axis. ``sample_weight`` is per sample: ``(N,)``."""
    xp = array_namespace(input=input, target=target, weight=weight, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    axis = _check_batched(name, input, axis)
    check_sample_weight(xp, sample_weight, (input.shape[0],), conv=conv)
    if sample_weight is not None and check_bool_option("batch", batch):
        raise ValueError(
            f"{name}: sample_weight weighs samples, but batch=True pools the batch into one "
            f"Dice per class; pass batch=False or drop sample_weight"
        )
    return xp, axis


def _compound_reduce(
    xp: Any, conv: Convention, terms: list[Any], sample_weight: Any, *, pooled: bool, dtype: Any
) -> Any:
    """Reduce ``[(lambda, loss, valid, mean_weight), ...]``, each loss ``(N, ...)`` (a
    ``pooled`` Dice term ``(C',)``). ``"mean"``: each term's own weighted mean, as
    MONAI reduces each term; ``"none"``: per sample, the sum of each term's mean over
    its non-batch axes; ``"sum"``: the (weighted) sum of ``"none"``."""
    if conv.reduction == "mean":
        total = None
        for lam, loss, valid, mean_weight in terms:
            sw = _pad_weight(xp, sample_weight, loss.ndim)
            term = lam * reduce_loss(
                xp, loss, conv=conv, valid=valid, sample_weight=sw, mean_weight=mean_weight
            )
            total = term if total is None else total + term
        return to_dtype(xp, total, dtype)
    per_sample = None
    for i, (lam, loss, _, _) in enumerate(terms):
        # The Dice term comes first; with ``batch`` it is one value per class.
        term = lam * _per_sample(xp, loss, pooled=pooled and i == 0)
        per_sample = term if per_sample is None else per_sample + term
    return reduce_loss(xp, per_sample, conv=conv, sample_weight=sample_weight, dtype=dtype)


def _ce_term(
    xp: Any,
    input: Any,
    target: Any,
    *,
    axis: int,
    weight: Any,
    label_smoothing: Any,
    ignore_index: int,
) -> tuple[Any, Any, Any]:
    """MONAI's cross-entropy term, unreduced: softmax cross entropy, or with one class
    the binary cross entropy on logits with ``weight`` as ``pos_weight``; with the
    valid entries and the weights torch's mean divides by (``w_y`` of index targets)."""
    form = _mask_or_index(xp, input, target, axis)
    if form == "mask" and not xp.isdtype(target.dtype, "real floating"):
        target = to_dtype(xp, target, compute_dtype(xp, input.dtype))
    if input.shape[axis] == 1:
        if form != "mask":
            raise ValueError(
                f"with one class the cross-entropy term is a binary cross entropy and "
                f"needs a target mask of shape {tuple(input.shape)}, got shape "
                f"{tuple(target.shape)}"
            )
        loss = binary_cross_entropy_with_logits(input, target, pos_weight=weight, reduction="none")
        return loss, None, None
    loss = cross_entropy(
        input,
        target,
        weight=weight,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
        axis=axis,
        reduction="none",
    )
    if form == "mask":
        return loss, None, None  # torch's probability-target mean divides by the count
    index = as_index(xp, target)
    valid = index != ignore_index
    if weight is None:
        return loss, valid, None
    # An out-of-range class makes the loss NaN; its weight lookup must not fail first.
    inside = valid & (index >= 0) & (index < input.shape[axis])
    safe = xp.where(inside, index, xp.zeros_like(index))
    w = take_weights(xp, to_dtype(xp, weight, loss.dtype), safe)
    return loss, valid, w


def _focal_term(
    xp: Any,
    input: Any,
    target: Any,
    *,
    axis: int,
    gamma: Any,
    alpha: Any,
    include_background: bool,
    ignore_index: int,
    weight: Any,
) -> Any:
    """MONAI's focal term per (sample, class): the class-weighted mean over the
    (non-ignored) pixels of the sigmoid focal loss of the logits and the one-hot target."""
    form = _mask_or_index(xp, input, target, axis)
    x, t = _overlap_inputs(
        xp,
        input,
        target,
        form=form,
        activation=None,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
    )
    focal = sigmoid_focal_loss(x, t, alpha=alpha, gamma=gamma, reduction="none")
    spatial = tuple(a for a in range(x.ndim) if a not in (0, axis))
    if form == "index":
        valid = xp.expand_dims(as_index(xp, target) != ignore_index, axis=axis)
        focal = xp.where(valid, focal, xp.zeros_like(focal))
        count = to_dtype(xp, valid, focal.dtype)
    else:
        count = xp.ones_like(focal)
    total = xp.sum(focal, axis=spatial) if spatial else focal
    count = xp.sum(count, axis=spatial) if spatial else count
    # A sample with every pixel ignored has no focal term: 0, as its Dice with no pixel.
    per_class = safe_divide(xp, total, count, fill=0.0)
    if weight is not None:
        w = to_dtype(xp, weight, per_class.dtype)
        per_class = per_class * xp.reshape(w if include_background else w[1:], (1, -1))
    return per_class


def _per_sample(xp: Any, x: Any, *, pooled: bool) -> Any:
    """A compound loss' ``"none"``: the mean of a term over everything but the batch
    axis; a ``pooled`` term (one value per class) is one number for every sample."""
    if pooled:
        return xp.mean(x)
    return xp.mean(x, axis=tuple(range(1, x.ndim))) if x.ndim > 1 else x


# -------------------------------------------------------------------------- helpers


def _overlap_terms(
    name: str,
    input: Any,
    target: Any,
    *,
    weight: Any,
    sample_weight: Any,
    from_logits: Any,
    activation: Any,
    conv: Convention,
    axis: Any,
    include_background: Any,
    ignore_index: Any,
    batch: Any,
    squared: bool,
    empty_target: Any = "keep",
    pooled: bool = False,
    mask: Any = None,
    soft_label: Any = False,
) -> OverlapTerms:
    """Validate the shared arguments and return the sums :math:`I, P, T` (and squares).

    Sums run over the spatial axes (and the batch axis with ``batch``); the results
    have shape ``(N, C')`` or ``(C',)``. ``pooled`` losses (generalized Dice) have one
    value per sample instead, which is what ``sample_weight`` is checked against.
    """
    activation = resolve_link(name, from_logits, activation, input, axis)
    empty_target = check_choice("empty_target", empty_target, EMPTY_TARGETS)
    include_background = check_bool_option("include_background", include_background)
    batch = check_bool_option("batch", batch)
    ignore_index = check_integer("ignore_index", ignore_index)
    xp = array_namespace(
        input=input, target=target, weight=weight, sample_weight=sample_weight, mask=mask
    )
    axis, form = _check_overlap_arrays(
        xp,
        name,
        input,
        target,
        weight=weight,
        sample_weight=sample_weight,
        axis=axis,
        activation=activation,
        include_background=include_background,
        ignore_index=ignore_index,
        batch=batch,
        pooled=pooled,
        conv=conv,
    )
    p, t = _overlap_inputs(
        xp,
        input,
        target,
        form=form,
        activation=activation,
        axis=axis,
        include_background=include_background,
        ignore_index=ignore_index,
        mask=_spatial_mask(xp, mask, input, axis),
    )
    return overlap_sums(
        xp,
        p=p,
        t=t,
        axis=axis,
        batch=batch,
        squared=squared,
        soft_label=check_bool_option("soft_label", soft_label),
        out_dtype=input.dtype,
        include_background=include_background,
        empty_target=empty_target,
        mean_denominator=conv.mean_denominator,
    )


def _check_overlap_arrays(
    xp: Any,
    name: str,
    input: Any,
    target: Any,
    *,
    weight: Any,
    sample_weight: Any,
    axis: Any,
    activation: str | None,
    include_background: bool,
    ignore_index: int,
    batch: bool,
    pooled: bool,
    conv: Convention,
) -> tuple[int, str]:
    """Check the arrays of an overlap loss; return the class axis and the target form."""
    check_real_floating(xp, "input", input)
    axis = _check_batched(name, input, axis)
    num_classes = input.shape[axis]
    form = _mask_or_index(xp, input, target, axis)
    if form == "mask" and ignore_index != -100:
        raise ValueError(
            f"ignore_index applies to class-index targets only, got ignore_index="
            f"{ignore_index} with a target mask of shape {tuple(target.shape)}; "
            f"zero the ignored pixels of input and target instead"
        )
    if activation == "softmax" and num_classes < 2:
        raise ValueError(_one_class_softmax(input, axis))
    if not include_background and num_classes < 2:
        raise ValueError(
            f"include_background=False leaves out class 0 and needs at least 2 classes, "
            f"got input of shape {tuple(input.shape)} with {num_classes} class along "
            f"axis {axis}"
        )
    check_class_weight(xp, weight, num_classes)
    kept = num_classes if include_background else num_classes - 1
    n = input.shape[0]
    if pooled:
        loss_shape: tuple[int, ...] = () if batch else (n,)
    else:
        loss_shape = (kept,) if batch else (n, kept)
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    if form == "index":
        check_index_range(xp, target, num_classes, ignore_index)
    else:
        check_binary_labels(xp, "target", target, None)
    return axis, form


def _overlap_inputs(
    xp: Any,
    input: Any,
    target: Any,
    *,
    form: str,
    activation: str | None,
    axis: int,
    include_background: bool,
    ignore_index: int,
    mask: Any = None,
) -> tuple[Any, Any]:
    """The probabilities ``p`` and the one-hot (or mask) target ``t``, classes along
    ``axis``, both times the spatial ``mask``, class 0 dropped unless
    ``include_background``."""
    num_classes = input.shape[axis]
    dtype = compute_dtype(xp, input.dtype)
    p = apply_link(xp, to_dtype(xp, input, dtype), activation, axis)
    if form == "index":
        index = as_index(xp, target)
        valid = xp.expand_dims(index != ignore_index, axis=axis)
        bad = xp.expand_dims((index < 0) | (index >= num_classes), axis=axis) & valid
        class_ids = broadcast_along(
            xp,
            xp.arange(num_classes, dtype=index.dtype, device=_device(index)),
            axis=axis,
            ndim=p.ndim,
        )
        t = to_dtype(xp, (xp.expand_dims(index, axis=axis) == class_ids) & valid, dtype)
        p = xp.where(valid, p, scalar(xp, 0.0, p))
        # A class outside [0, C) has no defined loss: NaN rather than a finite wrong number.
        p = xp.where(bad, scalar(xp, xp.nan, p), p)
    else:
        t = to_dtype(xp, target, dtype)
        if not xp.isdtype(target.dtype, "bool"):
            # A mask value outside [0, 1] (a {0, 255} image): NaN, not a finite wrong
            # number (checked for NumPy up front).
            # Three passes over the mask (clip, compare, where), not five.
            t = xp.where(xp.clip(t, 0.0, 1.0) == t, t, scalar(xp, xp.nan, t))
    if mask is not None:
        p, t = p * to_dtype(xp, mask, dtype), t * to_dtype(xp, mask, dtype)
    if not include_background:
        # The standard wants every axis indexed, so the trailing ones by an ellipsis.
        drop = (*(slice(None),) * axis, slice(1, None), ...)
        p, t = p[drop], t[drop]
    return p, t


def _spatial_mask(xp: Any, mask: Any, input: Any, axis: int) -> Any:
    """``mask`` checked and with the class axis (size 1) in place, or None."""
    if mask is None:
        return None
    if not xp.isdtype(mask.dtype, ("real floating", "integral", "bool")):
        raise TypeError(f"mask must have a real or bool dtype, got {mask.dtype}")
    if mask.ndim == input.ndim - 1:
        mask = xp.expand_dims(mask, axis=axis)
    shape, full = tuple(mask.shape), tuple(input.shape)
    fits = len(shape) == len(full) and shape[axis] == 1
    if not (fits and all(m == 1 or m == n for m, n in zip(shape, full))):
        expected = (*full[:axis], 1, *full[axis + 1 :])
        raise ValueError(
            f"mask must have input's shape with size 1 along the class axis {expected} "
            f"(or without the class axis; each dimension 1 or equal), got shape "
            f"{tuple(mask.shape)}"
        )
    return mask


def _check_from_logits(name: str, from_logits: Any, what: str) -> None:
    if not check_bool_option("from_logits", from_logits):
        raise ValueError(f"{name} takes logits ({what}): from_logits must be True, got False")


def _pad_weight(xp: Any, sample_weight: Any, ndim: int) -> Any:
    """A left-aligned (Keras) lower-rank ``sample_weight`` with trailing axes of 1."""
    if sample_weight is None or sample_weight.ndim >= ndim:
        return sample_weight
    return xp.reshape(sample_weight, (*sample_weight.shape, *(1,) * (ndim - sample_weight.ndim)))


def _lovasz_softmax_terms(
    xp: Any, p: Any, target: Any, /, *, axis: int, ignore_index: int, per_image: bool
) -> tuple[Any, Any]:
    """The Lovasz extension of each class's errors, (R, C), and the foreground (R, C, S)
    of the probabilities ``p`` (classes along ``axis``) and index ``target``; R is the
    number of images, or 1 when the batch is one image."""
    num_classes = p.shape[axis]
    dtype = p.dtype
    p = _class_major(xp, p, axis)  # (N, C, S)
    n, _, s = p.shape
    index = xp.reshape(as_index(xp, target), (n, 1, s))
    valid = index != ignore_index
    in_range = (index >= 0) & (index < num_classes)
    class_ids = xp.reshape(
        xp.arange(num_classes, dtype=index.dtype, device=_device(index)), (1, num_classes, 1)
    )
    fg = to_dtype(xp, (index == class_ids) & valid, dtype)
    errors = xp.abs(fg - p)
    # A class outside [0, C) has no defined loss: NaN rather than a finite wrong number.
    errors = xp.where(valid & ~in_range, scalar(xp, xp.nan, errors), errors)
    valid = xp.broadcast_to(valid, errors.shape)
    if not per_image:
        # (C, N * S) as one "image"
        errors, fg, valid = (
            xp.reshape(xp.permute_dims(a, (1, 0, 2)), (1, num_classes, n * s))
            for a in (errors, fg, valid)
        )
    masked = xp.where(valid, errors, scalar(xp, 0.0, errors))
    per_class = _lovasz_extension(xp, errors, masked, fg, valid)  # (R, C)
    return per_class, fg


def _chosen_classes(xp: Any, selected: Any, fg: Any, per_class: Any) -> Any:
    """Which classes of ``per_class`` (R, C) the mean takes: ``classes="present"``,
    ``"all"`` or the listed ones."""
    num_classes = per_class.shape[-1]
    if selected == "present":
        chosen = xp.sum(fg, axis=-1) > 0
    elif selected == "all":
        chosen = xp.ones(per_class.shape, dtype=xp.bool, device=_device(per_class))
    else:
        ids = xp.arange(num_classes, device=_device(per_class))
        chosen = xp.zeros((num_classes,), dtype=xp.bool, device=_device(per_class))
        for c in selected:
            chosen = chosen | (ids == c)
        chosen = xp.broadcast_to(xp.reshape(chosen, (1, num_classes)), per_class.shape)
    return chosen


def _lovasz_extension(xp: Any, key: Any, errors: Any, labels: Any, valid: Any) -> Any:
    """Lovász extension of the Jaccard loss along the last axis.

    ``key`` orders the pixels (decreasing; invalid pixels go last), ``errors`` are the
    values the extension is evaluated at (0 at invalid pixels) and ``labels`` the 0/1
    ground truth (0 at invalid pixels). Returns the last axis reduced.
    """
    if any(d == 0 for d in key.shape):
        # No pixel (or no row): the loss of an empty set is 0.
        return xp.sum(errors, axis=-1) * 0.0
    order_key = xp.where(valid, key, scalar(xp, -xp.inf, key))
    order = xp.argsort(order_key, axis=-1, descending=True, stable=True)
    errors_sorted = take_along_axis(xp, errors, order, axis=-1)
    labels_sorted = take_along_axis(xp, labels, order, axis=-1)
    total = xp.sum(labels_sorted, axis=-1, keepdims=True)
    intersection = total - cumulative_sum(xp, labels_sorted, axis=-1)
    union = total + cumulative_sum(xp, 1.0 - labels_sorted, axis=-1)
    # union >= 1 for 0/1 labels; the guard keeps soft labels from dividing by 0.
    jaccard = 1.0 - safe_divide(xp, intersection, union, fill=1.0)
    previous = xp.concat([xp.zeros_like(jaccard[..., :1]), jaccard[..., :-1]], axis=-1)
    return xp.sum(errors_sorted * (jaccard - previous), axis=-1)


def _count(x: Any) -> int:
    count = 1
    for d in x.shape:
        count *= d
    return count


def _rows(xp: Any, x: Any, per_image: bool) -> Any:
    """``x`` as ``(N, pixels)`` (per image) or ``(1, all pixels)``."""
    if per_image:
        pixels = 1
        for d in x.shape[1:]:
            pixels *= d
        return xp.reshape(x, (x.shape[0], pixels))
    return xp.reshape(x, (1, -1))


def _class_major(xp: Any, p: Any, axis: int) -> Any:
    """``p`` as ``(N, C, pixels)``, the spatial axes in their order."""
    if axis != 1:
        order = (0, axis, *(a for a in range(1, p.ndim) if a != axis))
        p = xp.permute_dims(p, order)
    pixels = 1
    for d in p.shape[2:]:
        pixels *= d
    return xp.reshape(p, (p.shape[0], p.shape[1], pixels))


def _mask_or_index(xp: Any, input: Any, target: Any, axis: int) -> str:
    """``"index"`` for class indices, ``"mask"`` for a target with ``input``'s shape."""
    if tuple(target.shape) == tuple(input.shape) and xp.isdtype(target.dtype, ("integral", "bool")):
        return "mask"
    if xp.isdtype(target.dtype, "bool"):
        raise TypeError(
            f"target must be class indices with an integer dtype or a mask of shape "
            f"{tuple(input.shape)}, got shape {tuple(target.shape)} and dtype bool"
        )
    form = class_target_form(xp, input, target, axis)
    return "index" if form == "index" else "mask"


def _check_batched(name: str, input: Any, axis: Any) -> int:
    if input.ndim < 2:
        raise ValueError(
            f"{name} needs input with a batch axis 0 and a class axis, got shape "
            f"{tuple(input.shape)}; for a single image add a batch axis (input[None])"
        )
    axis = check_axis(axis, input.ndim)
    if axis == 0:
        raise ValueError(
            f"axis=0 is the batch axis; the class axis of input with shape "
            f"{tuple(input.shape)} must be another one (1 for (N, C, ...), -1 for "
            f"(N, ..., C))"
        )
    return axis


def _one_class_softmax(input: Any, axis: int) -> str:
    return (
        f"activation='softmax' needs at least 2 classes (a softmax over one class is 1 "
        f"everywhere), got input of shape {tuple(input.shape)} with 1 class along axis "
        f"{axis}; use from_logits=True, activation='sigmoid' for a binary channel"
    )


def _score_loss(xp: Any, score: Any, log_loss: Any) -> Any:
    """``1 - score``, or segmentation_models_pytorch's ``-log(max(score, 1e-7))``."""
    if not check_bool_option("log_loss", log_loss):
        return 1.0 - score
    # where, not maximum: a NaN score stays NaN.
    return -xp.log(xp.where(score < 1e-7, scalar(xp, 1e-7, score), score))


def _check_class_subset(classes: Any, terms: OverlapTerms) -> tuple[int, ...] | None:
    """``classes`` as a tuple of the input's class indices (None: every class)."""
    if classes is None:
        return None
    if isinstance(classes, str):
        raise TypeError(f"classes must be a sequence of class indices or None, got {classes!r}")
    first = 0 if terms.include_background else 1
    chosen = _check_lovasz_classes(classes, terms.intersection.shape[-1] + first)
    if min(chosen) < first:
        raise ValueError(
            f"classes names class 0, which include_background=False leaves out, got {classes!r}"
        )
    return chosen


def _pool_classes(terms: OverlapTerms, weight: Any, classes: Any) -> OverlapTerms:
    """The sums over the classes too (the last axis of the per-class sums); per-class
    options have no meaning once pooled."""
    if weight is not None or classes is not None:
        given = "weight" if weight is not None else "classes"
        raise ValueError(
            f"pool_classes=True sums the classes into one score (convention='keras' "
            f"does by default, as Keras' axis=None): {given} (per class) must be None, "
            f"got {given}={weight if weight is not None else classes!r}; pass "
            f"pool_classes=False for one score per class"
        )
    xp = terms.xp

    def pool(x: Any) -> Any:
        return None if x is None else xp.sum(x, axis=-1)

    return dataclasses.replace(
        terms,
        intersection=pool(terms.intersection),
        pred=pool(terms.pred),
        target=pool(terms.target),
        pred_sq=pool(terms.pred_sq),
        target_sq=pool(terms.target_sq),
    )


def _smoothing(smooth: Any, numerator: Any, denominator: Any) -> tuple[float, float]:
    s = check_real_option("smooth", smooth, minimum=0.0)
    nr = s if numerator is None else check_real_option("smooth_numerator", numerator, minimum=0.0)
    dr = (
        s
        if denominator is None
        else check_real_option("smooth_denominator", denominator, minimum=0.0)
    )
    return nr, dr


def _check_lovasz_classes(classes: Any, num_classes: int) -> Any:
    if isinstance(classes, str):
        return check_choice("classes", classes, LOVASZ_CLASSES)
    try:
        chosen = tuple(classes)
    except TypeError:
        raise TypeError(
            f"classes must be 'present', 'all' or a sequence of class indices, got {classes!r}"
        ) from None
    for c in chosen:
        c = check_integer("classes entries", c)
        if not 0 <= c < num_classes:
            raise ValueError(f"classes must hold class indices in [0, {num_classes}), got {c}")
    if not chosen:
        raise ValueError("classes must name at least one class, got an empty sequence")
    return tuple(int(c) for c in chosen)
