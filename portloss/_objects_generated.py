"""The loss-object classes, one per loss: written by tools/generate_objects.py.

Do not edit: run ``python tools/generate_objects.py`` after changing a loss' signature.
The behaviour is in :class:`portloss.objects.Loss`; import the classes from
:mod:`portloss.objects`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import (
    binary,
    boxes,
    classification,
    contrastive,
    distillation,
    divergence,
    embedding,
    focal,
    hausdorff,
    image,
    margin,
    metric,
    multiclass,
    preference,
    regression,
    robust,
    segmentation,
    sequence,
    vocabulary,
)
from ._typing import (
    Activation,
    Array,
    ClassWeightMode,
    ConventionName,
    DistanceMetric,
    EmptyMean,
    EmptyTarget,
    KLReduction,
    MaxFun,
    MeanDenominator,
    PreferenceLossType,
    Reduction,
    SmoothingVariant,
    WeightType,
)
from .conventions import CONVENTION_DEFAULT
from .objects import Loss


class ArcfaceLoss(Loss, function=metric.arcface_loss):
    """Loss object of :func:`portloss.arcface_loss`.

    ``criterion(embeddings, weight, labels, sample_weight=None)`` returns
    ``portloss.arcface_loss(embeddings, weight, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.arcface_loss`; default ``64.0``.
    margin : object
        As in :func:`portloss.arcface_loss`; default ``0.5``.
    easy_margin : object
        As in :func:`portloss.arcface_loss`; default ``False``.
    k : object
        As in :func:`portloss.arcface_loss`; default ``1``.
    reduction : object
        As in :func:`portloss.arcface_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.arcface_loss`; default ``'torch'``.

    See Also
    --------
    portloss.arcface_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import ArcfaceLoss
    >>> criterion = ArcfaceLoss()
    >>> criterion
    ArcfaceLoss()
    >>> criterion == ArcfaceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 64.0,
        margin: float = 0.5,
        easy_margin: bool = False,
        k: int = 1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, weight: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            embeddings, weight, labels, sample_weight=sample_weight, **self._options
        )


class AsymmetricLoss(Loss, function=focal.asymmetric_loss):
    """Loss object of :func:`portloss.asymmetric_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.asymmetric_loss(input, target, sample_weight=sample_weight, **options)`` with
    the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    gamma_pos : object
        As in :func:`portloss.asymmetric_loss`; default ``1.0``.
    gamma_neg : object
        As in :func:`portloss.asymmetric_loss`; default ``4.0``.
    clip : object
        As in :func:`portloss.asymmetric_loss`; default ``0.05``.
    eps : object
        As in :func:`portloss.asymmetric_loss`; default ``1e-08``.
    detach_focal_weight : object
        As in :func:`portloss.asymmetric_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.asymmetric_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.asymmetric_loss`; default ``'torch'``.

    See Also
    --------
    portloss.asymmetric_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import AsymmetricLoss
    >>> criterion = AsymmetricLoss()
    >>> criterion
    AsymmetricLoss()
    >>> criterion == AsymmetricLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        gamma_pos: float = 1.0,
        gamma_neg: float = 4.0,
        clip: float | None = 0.05,
        eps: float = 1e-08,
        detach_focal_weight: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class BalancedBinaryCrossEntropyLoss(Loss, function=binary.balanced_binary_cross_entropy):
    """Loss object of :func:`portloss.balanced_binary_cross_entropy`.

    ``criterion(input, target, mask=None, sample_weight=None)`` returns
    ``portloss.balanced_binary_cross_entropy(input, target, mask=mask,
    sample_weight=sample_weight, **options)`` with the options given to the constructor (see
    :class:`Loss`).

    Parameters
    ----------
    negative_ratio : object
        As in :func:`portloss.balanced_binary_cross_entropy`; default ``3.0``.
    eps : object
        As in :func:`portloss.balanced_binary_cross_entropy`; default ``1e-06``.
    from_logits : object
        As in :func:`portloss.balanced_binary_cross_entropy`; default ``False``.
    reduction : object
        As in :func:`portloss.balanced_binary_cross_entropy`; default ``'mean'``.
    convention : object
        As in :func:`portloss.balanced_binary_cross_entropy`; default ``'torch'``.
    probability_clip : object
        As in :func:`portloss.balanced_binary_cross_entropy`; default ``None``.

    See Also
    --------
    portloss.balanced_binary_cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BalancedBinaryCrossEntropyLoss
    >>> criterion = BalancedBinaryCrossEntropyLoss()
    >>> criterion
    BalancedBinaryCrossEntropyLoss()
    >>> criterion == BalancedBinaryCrossEntropyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        negative_ratio: float = 3.0,
        eps: float = 1e-06,
        from_logits: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        probability_clip: float | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, /, *, mask: Array = None, sample_weight: Array = None
    ) -> Array:
        return self.function(input, target, mask=mask, sample_weight=sample_weight, **self._options)


class BatchAllTripletLoss(Loss, function=metric.batch_all_triplet_loss):
    """Loss object of :func:`portloss.batch_all_triplet_loss`.

    ``criterion(embeddings, labels, sample_weight=None)`` returns
    ``portloss.batch_all_triplet_loss(embeddings, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.batch_all_triplet_loss`; default ``1.0``.
    metric : object
        As in :func:`portloss.batch_all_triplet_loss`; default ``'euclidean'``.
    reduction : object
        As in :func:`portloss.batch_all_triplet_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.batch_all_triplet_loss`; default ``'torch'``.

    See Also
    --------
    portloss.batch_all_triplet_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BatchAllTripletLoss
    >>> criterion = BatchAllTripletLoss()
    >>> criterion
    BatchAllTripletLoss()
    >>> criterion == BatchAllTripletLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class BatchHardTripletLoss(Loss, function=metric.batch_hard_triplet_loss):
    """Loss object of :func:`portloss.batch_hard_triplet_loss`.

    ``criterion(embeddings, labels, sample_weight=None)`` returns
    ``portloss.batch_hard_triplet_loss(embeddings, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.batch_hard_triplet_loss`; default ``1.0``.
    metric : object
        As in :func:`portloss.batch_hard_triplet_loss`; default ``'euclidean'``.
    soft_margin : object
        As in :func:`portloss.batch_hard_triplet_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.batch_hard_triplet_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.batch_hard_triplet_loss`; default ``'torch'``.

    See Also
    --------
    portloss.batch_hard_triplet_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BatchHardTripletLoss
    >>> criterion = BatchHardTripletLoss()
    >>> criterion
    BatchHardTripletLoss()
    >>> criterion == BatchHardTripletLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        soft_margin: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class BCELoss(Loss, function=binary.binary_cross_entropy):
    """Loss object of :func:`portloss.binary_cross_entropy`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.binary_cross_entropy(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.binary_cross_entropy`; default ``None``.
    pos_weight : object
        As in :func:`portloss.binary_cross_entropy`; default ``None``.
    reduction : object
        As in :func:`portloss.binary_cross_entropy`; default ``'mean'``.
    convention : object
        As in :func:`portloss.binary_cross_entropy`; default ``'torch'``.
    from_logits : object
        As in :func:`portloss.binary_cross_entropy`; default ``False``.
    label_smoothing : object
        As in :func:`portloss.binary_cross_entropy`; default ``0.0``.
    probability_clip : object
        As in :func:`portloss.binary_cross_entropy`; default ``None``.

    See Also
    --------
    portloss.binary_cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BCELoss
    >>> criterion = BCELoss()
    >>> criterion
    BCELoss()
    >>> criterion == BCELoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        pos_weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        probability_clip: float | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class BCEWithLogitsLoss(Loss, function=binary.binary_cross_entropy_with_logits):
    """Loss object of :func:`portloss.binary_cross_entropy_with_logits`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.binary_cross_entropy_with_logits(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.binary_cross_entropy_with_logits`; default ``None``.
    pos_weight : object
        As in :func:`portloss.binary_cross_entropy_with_logits`; default ``None``.
    reduction : object
        As in :func:`portloss.binary_cross_entropy_with_logits`; default ``'mean'``.
    convention : object
        As in :func:`portloss.binary_cross_entropy_with_logits`; default ``'torch'``.
    label_smoothing : object
        As in :func:`portloss.binary_cross_entropy_with_logits`; default ``0.0``.

    See Also
    --------
    portloss.binary_cross_entropy_with_logits : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BCEWithLogitsLoss
    >>> criterion = BCEWithLogitsLoss()
    >>> criterion
    BCEWithLogitsLoss()
    >>> criterion == BCEWithLogitsLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        pos_weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        label_smoothing: float = 0.0,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class BinarySparsemaxLoss(Loss, function=multiclass.binary_sparsemax_loss):
    """Loss object of :func:`portloss.binary_sparsemax_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.binary_sparsemax_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.binary_sparsemax_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.binary_sparsemax_loss`; default ``'torch'``.

    See Also
    --------
    portloss.binary_sparsemax_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BinarySparsemaxLoss
    >>> criterion = BinarySparsemaxLoss()
    >>> criterion
    BinarySparsemaxLoss()
    >>> criterion == BinarySparsemaxLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class BoxIouLoss(Loss, function=boxes.box_iou_loss):
    """Loss object of :func:`portloss.box_iou_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.box_iou_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    eps : object
        As in :func:`portloss.box_iou_loss`; default ``1e-07``.
    reduction : object
        As in :func:`portloss.box_iou_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.box_iou_loss`; default ``'torch'``.

    See Also
    --------
    portloss.box_iou_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import BoxIouLoss
    >>> criterion = BoxIouLoss()
    >>> criterion
    BoxIouLoss()
    >>> criterion == BoxIouLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CategoricalHingeLoss(Loss, function=margin.categorical_hinge_loss):
    """Loss object of :func:`portloss.categorical_hinge_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.categorical_hinge_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.categorical_hinge_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.categorical_hinge_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.categorical_hinge_loss`; default ``-1``.

    See Also
    --------
    portloss.categorical_hinge_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CategoricalHingeLoss
    >>> criterion = CategoricalHingeLoss()
    >>> criterion
    CategoricalHingeLoss()
    >>> criterion == CategoricalHingeLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CauchyLoss(Loss, function=robust.cauchy_loss):
    """Loss object of :func:`portloss.cauchy_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.cauchy_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.cauchy_loss`; default ``1.0``.
    reduction : object
        As in :func:`portloss.cauchy_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.cauchy_loss`; default ``'torch'``.

    See Also
    --------
    portloss.cauchy_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CauchyLoss
    >>> criterion = CauchyLoss()
    >>> criterion
    CauchyLoss()
    >>> criterion == CauchyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CharbonnierLoss(Loss, function=robust.charbonnier_loss):
    """Loss object of :func:`portloss.charbonnier_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.charbonnier_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.charbonnier_loss`; default ``1.0``.
    reduction : object
        As in :func:`portloss.charbonnier_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.charbonnier_loss`; default ``'torch'``.

    See Also
    --------
    portloss.charbonnier_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CharbonnierLoss
    >>> criterion = CharbonnierLoss()
    >>> criterion
    CharbonnierLoss()
    >>> criterion == CharbonnierLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CircleLoss(Loss, function=metric.circle_loss):
    """Loss object of :func:`portloss.circle_loss`.

    ``criterion(embeddings, labels, sample_weight=None)`` returns
    ``portloss.circle_loss(embeddings, labels, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    gamma : object
        As in :func:`portloss.circle_loss`; default ``80.0``.
    margin : object
        As in :func:`portloss.circle_loss`; default ``0.4``.
    remove_diagonal : object
        As in :func:`portloss.circle_loss`; default ``True``.
    normalize : object
        As in :func:`portloss.circle_loss`; default ``True`` (``False`` under
        ``convention='keras'``).
    ref_embeddings : object
        As in :func:`portloss.circle_loss`; default ``None``.
    ref_labels : object
        As in :func:`portloss.circle_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.circle_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.circle_loss`; default ``'torch'``.

    See Also
    --------
    portloss.circle_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CircleLoss
    >>> criterion = CircleLoss()
    >>> criterion
    CircleLoss()
    >>> criterion == CircleLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        gamma: float = 80.0,
        margin: float = 0.4,
        remove_diagonal: bool = True,
        normalize: bool = CONVENTION_DEFAULT,
        ref_embeddings: Array = None,
        ref_labels: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class CldiceLoss(Loss, function=segmentation.cldice_loss):
    """Loss object of :func:`portloss.cldice_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.cldice_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    iterations : object
        As in :func:`portloss.cldice_loss`; default ``3``.
    from_logits : object
        As in :func:`portloss.cldice_loss`; default ``False``.
    activation : object
        As in :func:`portloss.cldice_loss`; default ``None``.
    axis : object
        As in :func:`portloss.cldice_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.cldice_loss`; default ``True``.
    topology_smooth_numerator : object
        As in :func:`portloss.cldice_loss`; default ``1.0``.
    topology_smooth_denominator : object
        As in :func:`portloss.cldice_loss`; default ``1.0``.
    eps : object
        As in :func:`portloss.cldice_loss`; default ``0.0001``.
    ignore_index : object
        As in :func:`portloss.cldice_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.cldice_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.cldice_loss`; default ``'torch'``.

    See Also
    --------
    portloss.cldice_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CldiceLoss
    >>> criterion = CldiceLoss()
    >>> criterion
    CldiceLoss()
    >>> criterion == CldiceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        iterations: int = 3,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        topology_smooth_numerator: float = 1.0,
        topology_smooth_denominator: float = 1.0,
        eps: float = 0.0001,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class ClipLoss(Loss, function=contrastive.clip_loss):
    """Loss object of :func:`portloss.clip_loss`.

    ``criterion(image_features, text_features, sample_weight=None)`` returns
    ``portloss.clip_loss(image_features, text_features, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    logit_scale : object
        As in :func:`portloss.clip_loss`; default ``100.0``.
    normalize : object
        As in :func:`portloss.clip_loss`; default ``True``.
    label_smoothing : object
        As in :func:`portloss.clip_loss`; default ``0.0``.
    reduction : object
        As in :func:`portloss.clip_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.clip_loss`; default ``'torch'``.

    See Also
    --------
    portloss.clip_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import ClipLoss
    >>> criterion = ClipLoss()
    >>> criterion
    ClipLoss()
    >>> criterion == ClipLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        logit_scale: float | Array = 100.0,
        normalize: bool = True,
        label_smoothing: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, image_features: Array, text_features: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            image_features, text_features, sample_weight=sample_weight, **self._options
        )


class CompleteBoxIouLoss(Loss, function=boxes.complete_box_iou_loss):
    """Loss object of :func:`portloss.complete_box_iou_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.complete_box_iou_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    eps : object
        As in :func:`portloss.complete_box_iou_loss`; default ``1e-07``.
    reduction : object
        As in :func:`portloss.complete_box_iou_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.complete_box_iou_loss`; default ``'torch'``.

    See Also
    --------
    portloss.complete_box_iou_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CompleteBoxIouLoss
    >>> criterion = CompleteBoxIouLoss()
    >>> criterion
    CompleteBoxIouLoss()
    >>> criterion == CompleteBoxIouLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CosfaceLoss(Loss, function=metric.cosface_loss):
    """Loss object of :func:`portloss.cosface_loss`.

    ``criterion(embeddings, weight, labels, sample_weight=None)`` returns
    ``portloss.cosface_loss(embeddings, weight, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.cosface_loss`; default ``64.0``.
    margin : object
        As in :func:`portloss.cosface_loss`; default ``0.35``.
    reduction : object
        As in :func:`portloss.cosface_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.cosface_loss`; default ``'torch'``.

    See Also
    --------
    portloss.cosface_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CosfaceLoss
    >>> criterion = CosfaceLoss()
    >>> criterion
    CosfaceLoss()
    >>> criterion == CosfaceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 64.0,
        margin: float = 0.35,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, weight: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            embeddings, weight, labels, sample_weight=sample_weight, **self._options
        )


class CosineEmbeddingLoss(Loss, function=embedding.cosine_embedding_loss):
    """Loss object of :func:`portloss.cosine_embedding_loss`.

    ``criterion(input1, input2, target, sample_weight=None)`` returns
    ``portloss.cosine_embedding_loss(input1, input2, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.cosine_embedding_loss`; default ``0.0``.
    reduction : object
        As in :func:`portloss.cosine_embedding_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.cosine_embedding_loss`; default ``'torch'``.

    See Also
    --------
    portloss.cosine_embedding_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CosineEmbeddingLoss
    >>> criterion = CosineEmbeddingLoss()
    >>> criterion
    CosineEmbeddingLoss()
    >>> criterion == CosineEmbeddingLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input1: Array, input2: Array, target: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(input1, input2, target, sample_weight=sample_weight, **self._options)


class CosineSimilarityLoss(Loss, function=embedding.cosine_similarity_loss):
    """Loss object of :func:`portloss.cosine_similarity_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.cosine_similarity_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    where : object
        As in :func:`portloss.cosine_similarity_loss`; default ``None``.
    axis : object
        As in :func:`portloss.cosine_similarity_loss`; default ``-1``.
    eps : object
        As in :func:`portloss.cosine_similarity_loss`; default ``1e-07``.
    reduction : object
        As in :func:`portloss.cosine_similarity_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.cosine_similarity_loss`; default ``'torch'``.

    See Also
    --------
    portloss.cosine_similarity_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CosineSimilarityLoss
    >>> criterion = CosineSimilarityLoss()
    >>> criterion
    CosineSimilarityLoss()
    >>> criterion == CosineSimilarityLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        where: Array = None,
        axis: int | tuple[int, ...] = -1,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CrossEntropyLoss(Loss, function=classification.cross_entropy):
    """Loss object of :func:`portloss.cross_entropy`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.cross_entropy(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.cross_entropy`; default ``None``.
    ignore_index : object
        As in :func:`portloss.cross_entropy`; default ``-100``.
    reduction : object
        As in :func:`portloss.cross_entropy`; default ``'mean'``.
    label_smoothing : object
        As in :func:`portloss.cross_entropy`; default ``0.0``.
    axis : object
        As in :func:`portloss.cross_entropy`; default ``-1``.
    smoothing_variant : object
        As in :func:`portloss.cross_entropy`; default ``'uniform'``.
    convention : object
        As in :func:`portloss.cross_entropy`; default ``'torch'``.
    class_weight_mode : object
        As in :func:`portloss.cross_entropy`; default ``None``.
    mean_denominator : object
        As in :func:`portloss.cross_entropy`; default ``None``.
    empty_mean : object
        As in :func:`portloss.cross_entropy`; default ``None``.
    from_logits : object
        As in :func:`portloss.cross_entropy`; default ``True``.
    probability_clip : object
        As in :func:`portloss.cross_entropy`; default ``None``.
    where : object
        As in :func:`portloss.cross_entropy`; default ``None``.
    z_loss : object
        As in :func:`portloss.cross_entropy`; default ``0.0``.
    softcap : object
        As in :func:`portloss.cross_entropy`; default ``None``.

    See Also
    --------
    portloss.cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CrossEntropyLoss
    >>> criterion = CrossEntropyLoss()
    >>> criterion
    CrossEntropyLoss()
    >>> criterion == CrossEntropyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
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
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CTCLoss(Loss, function=sequence.ctc_loss):
    """Loss object of :func:`portloss.ctc_loss`.

    ``criterion(log_probs, targets, input_lengths, target_lengths, sample_weight=None)``
    returns ``portloss.ctc_loss(log_probs, targets, input_lengths, target_lengths,
    sample_weight=sample_weight, **options)`` with the options given to the constructor (see
    :class:`Loss`).

    Parameters
    ----------
    blank : object
        As in :func:`portloss.ctc_loss`; default ``0``.
    reduction : object
        As in :func:`portloss.ctc_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.ctc_loss`; default ``'torch'``.
    zero_infinity : object
        As in :func:`portloss.ctc_loss`; default ``False``.
    batch_first : object
        As in :func:`portloss.ctc_loss`; default ``False``.
    from_logits : object
        As in :func:`portloss.ctc_loss`; default ``False``.

    See Also
    --------
    portloss.ctc_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import CTCLoss
    >>> criterion = CTCLoss()
    >>> criterion
    CTCLoss()
    >>> criterion == CTCLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        blank: int = 0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        zero_infinity: bool = False,
        batch_first: bool = False,
        from_logits: bool = False,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self,
        log_probs: Array,
        targets: Array,
        input_lengths: Array,
        target_lengths: Array,
        /,
        *,
        sample_weight: Array = None,
    ) -> Array:
        return self.function(
            log_probs,
            targets,
            input_lengths,
            target_lengths,
            sample_weight=sample_weight,
            **self._options,
        )


class DiceCeLoss(Loss, function=segmentation.dice_ce_loss):
    """Loss object of :func:`portloss.dice_ce_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.dice_ce_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    lambda_dice : object
        As in :func:`portloss.dice_ce_loss`; default ``1.0``.
    lambda_ce : object
        As in :func:`portloss.dice_ce_loss`; default ``1.0``.
    from_logits : object
        As in :func:`portloss.dice_ce_loss`; default ``True``.
    activation : object
        As in :func:`portloss.dice_ce_loss`; default ``None``.
    axis : object
        As in :func:`portloss.dice_ce_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.dice_ce_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.dice_ce_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.dice_ce_loss`; default ``None``.
    smooth_denominator : object
        As in :func:`portloss.dice_ce_loss`; default ``None``.
    squared : object
        As in :func:`portloss.dice_ce_loss`; default ``False``.
    batch : object
        As in :func:`portloss.dice_ce_loss`; default ``False``.
    weight : object
        As in :func:`portloss.dice_ce_loss`; default ``None``.
    label_smoothing : object
        As in :func:`portloss.dice_ce_loss`; default ``0.0``.
    ignore_index : object
        As in :func:`portloss.dice_ce_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.dice_ce_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.dice_ce_loss`; default ``'torch'``.

    See Also
    --------
    portloss.dice_ce_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import DiceCeLoss
    >>> criterion = DiceCeLoss()
    >>> criterion
    DiceCeLoss()
    >>> criterion == DiceCeLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        lambda_dice: float = 1.0,
        lambda_ce: float = 1.0,
        from_logits: bool = True,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        squared: bool = False,
        batch: bool = False,
        weight: Array = None,
        label_smoothing: float = 0.0,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class DiceFocalLoss(Loss, function=segmentation.dice_focal_loss):
    """Loss object of :func:`portloss.dice_focal_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.dice_focal_loss(input, target, sample_weight=sample_weight, **options)`` with
    the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    lambda_dice : object
        As in :func:`portloss.dice_focal_loss`; default ``1.0``.
    lambda_focal : object
        As in :func:`portloss.dice_focal_loss`; default ``1.0``.
    gamma : object
        As in :func:`portloss.dice_focal_loss`; default ``2.0``.
    alpha : object
        As in :func:`portloss.dice_focal_loss`; default ``None``.
    from_logits : object
        As in :func:`portloss.dice_focal_loss`; default ``True``.
    activation : object
        As in :func:`portloss.dice_focal_loss`; default ``None``.
    axis : object
        As in :func:`portloss.dice_focal_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.dice_focal_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.dice_focal_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.dice_focal_loss`; default ``None``.
    smooth_denominator : object
        As in :func:`portloss.dice_focal_loss`; default ``None``.
    squared : object
        As in :func:`portloss.dice_focal_loss`; default ``False``.
    batch : object
        As in :func:`portloss.dice_focal_loss`; default ``False``.
    weight : object
        As in :func:`portloss.dice_focal_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.dice_focal_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.dice_focal_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.dice_focal_loss`; default ``'torch'``.

    See Also
    --------
    portloss.dice_focal_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import DiceFocalLoss
    >>> criterion = DiceFocalLoss()
    >>> criterion
    DiceFocalLoss()
    >>> criterion == DiceFocalLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        lambda_dice: float = 1.0,
        lambda_focal: float = 1.0,
        gamma: float = 2.0,
        alpha: float | None = None,
        from_logits: bool = True,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        squared: bool = False,
        batch: bool = False,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class DiceLoss(Loss, function=segmentation.dice_loss):
    """Loss object of :func:`portloss.dice_loss`.

    ``criterion(input, target, sample_weight=None, mask=None)`` returns
    ``portloss.dice_loss(input, target, sample_weight=sample_weight, mask=mask, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    from_logits : object
        As in :func:`portloss.dice_loss`; default ``False``.
    activation : object
        As in :func:`portloss.dice_loss`; default ``None``.
    axis : object
        As in :func:`portloss.dice_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.dice_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.dice_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.dice_loss`; default ``None`` (``0.0`` under
        ``convention='keras'``).
    smooth_denominator : object
        As in :func:`portloss.dice_loss`; default ``None`` (``1e-07`` under
        ``convention='keras'``).
    squared : object
        As in :func:`portloss.dice_loss`; default ``False``.
    batch : object
        As in :func:`portloss.dice_loss`; default ``False`` (``True`` under
        ``convention='keras'``).
    pool_classes : object
        As in :func:`portloss.dice_loss`; default ``False`` (``True`` under
        ``convention='keras'``).
    weight : object
        As in :func:`portloss.dice_loss`; default ``None``.
    soft_label : object
        As in :func:`portloss.dice_loss`; default ``False``.
    log_loss : object
        As in :func:`portloss.dice_loss`; default ``False``.
    classes : object
        As in :func:`portloss.dice_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.dice_loss`; default ``-100``.
    empty_target : object
        As in :func:`portloss.dice_loss`; default ``'keep'``.
    mean_denominator : object
        As in :func:`portloss.dice_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.dice_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.dice_loss`; default ``'torch'``.

    See Also
    --------
    portloss.dice_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import DiceLoss
    >>> criterion = DiceLoss()
    >>> criterion
    DiceLoss()
    >>> criterion == DiceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = CONVENTION_DEFAULT,
        smooth_denominator: float | None = CONVENTION_DEFAULT,
        squared: bool = False,
        batch: bool = CONVENTION_DEFAULT,
        pool_classes: bool = CONVENTION_DEFAULT,
        weight: Array = None,
        soft_label: bool = False,
        log_loss: bool = False,
        classes: list[int] | tuple[int, ...] | None = None,
        ignore_index: int = -100,
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator | None = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, /, *, sample_weight: Array = None, mask: Array = None
    ) -> Array:
        return self.function(input, target, sample_weight=sample_weight, mask=mask, **self._options)


class DistanceBoxIouLoss(Loss, function=boxes.distance_box_iou_loss):
    """Loss object of :func:`portloss.distance_box_iou_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.distance_box_iou_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    eps : object
        As in :func:`portloss.distance_box_iou_loss`; default ``1e-07``.
    reduction : object
        As in :func:`portloss.distance_box_iou_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.distance_box_iou_loss`; default ``'torch'``.

    See Also
    --------
    portloss.distance_box_iou_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import DistanceBoxIouLoss
    >>> criterion = DistanceBoxIouLoss()
    >>> criterion
    DistanceBoxIouLoss()
    >>> criterion == DistanceBoxIouLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class DpoLoss(Loss, function=preference.dpo_loss):
    """Loss object of :func:`portloss.dpo_loss`.

    ``criterion(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
    reference_rejected_logps, sample_weight=None)`` returns
    ``portloss.dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
    reference_rejected_logps, sample_weight=sample_weight, **options)`` with the options
    given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    beta : object
        As in :func:`portloss.dpo_loss`; default ``0.1``.
    label_smoothing : object
        As in :func:`portloss.dpo_loss`; default ``0.0``.
    loss_type : object
        As in :func:`portloss.dpo_loss`; default ``'sigmoid'``.
    reduction : object
        As in :func:`portloss.dpo_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.dpo_loss`; default ``'torch'``.

    See Also
    --------
    portloss.dpo_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import DpoLoss
    >>> criterion = DpoLoss()
    >>> criterion
    DpoLoss()
    >>> criterion == DpoLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        beta: float = 0.1,
        label_smoothing: float = 0.0,
        loss_type: PreferenceLossType = "sigmoid",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self,
        policy_chosen_logps: Array,
        policy_rejected_logps: Array,
        reference_chosen_logps: Array,
        reference_rejected_logps: Array,
        /,
        *,
        sample_weight: Array = None,
    ) -> Array:
        return self.function(
            policy_chosen_logps,
            policy_rejected_logps,
            reference_chosen_logps,
            reference_rejected_logps,
            sample_weight=sample_weight,
            **self._options,
        )


class FenchelYoungLoss(Loss, function=multiclass.fenchel_young_loss):
    """Loss object of :func:`portloss.fenchel_young_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.fenchel_young_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    max_fun : object
        As in :func:`portloss.fenchel_young_loss`; default ``'logsumexp'``.
    complete : object
        As in :func:`portloss.fenchel_young_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.fenchel_young_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.fenchel_young_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.fenchel_young_loss`; default ``-1``.

    See Also
    --------
    portloss.fenchel_young_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import FenchelYoungLoss
    >>> criterion = FenchelYoungLoss()
    >>> criterion
    FenchelYoungLoss()
    >>> criterion == FenchelYoungLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        max_fun: MaxFun = "logsumexp",
        complete: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class FocalTverskyLoss(Loss, function=segmentation.focal_tversky_loss):
    """Loss object of :func:`portloss.focal_tversky_loss`.

    ``criterion(input, target, sample_weight=None, mask=None)`` returns
    ``portloss.focal_tversky_loss(input, target, sample_weight=sample_weight, mask=mask,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    alpha : object
        As in :func:`portloss.focal_tversky_loss`; default ``0.5``.
    beta : object
        As in :func:`portloss.focal_tversky_loss`; default ``0.5``.
    gamma : object
        As in :func:`portloss.focal_tversky_loss`; default ``0.75``.
    from_logits : object
        As in :func:`portloss.focal_tversky_loss`; default ``False``.
    activation : object
        As in :func:`portloss.focal_tversky_loss`; default ``None``.
    axis : object
        As in :func:`portloss.focal_tversky_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.focal_tversky_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.focal_tversky_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.focal_tversky_loss`; default ``None``.
    smooth_denominator : object
        As in :func:`portloss.focal_tversky_loss`; default ``None``.
    batch : object
        As in :func:`portloss.focal_tversky_loss`; default ``False``.
    weight : object
        As in :func:`portloss.focal_tversky_loss`; default ``None``.
    soft_label : object
        As in :func:`portloss.focal_tversky_loss`; default ``False``.
    ignore_index : object
        As in :func:`portloss.focal_tversky_loss`; default ``-100``.
    empty_target : object
        As in :func:`portloss.focal_tversky_loss`; default ``'keep'``.
    mean_denominator : object
        As in :func:`portloss.focal_tversky_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.focal_tversky_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.focal_tversky_loss`; default ``'torch'``.

    See Also
    --------
    portloss.focal_tversky_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import FocalTverskyLoss
    >>> criterion = FocalTverskyLoss()
    >>> criterion
    FocalTverskyLoss()
    >>> criterion == FocalTverskyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        alpha: float = 0.5,
        beta: float = 0.5,
        gamma: float = 0.75,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        batch: bool = False,
        weight: Array = None,
        soft_label: bool = False,
        ignore_index: int = -100,
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator | None = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, /, *, sample_weight: Array = None, mask: Array = None
    ) -> Array:
        return self.function(input, target, sample_weight=sample_weight, mask=mask, **self._options)


class GaussianNLLLoss(Loss, function=regression.gaussian_nll_loss):
    """Loss object of :func:`portloss.gaussian_nll_loss`.

    ``criterion(input, target, var, sample_weight=None)`` returns
    ``portloss.gaussian_nll_loss(input, target, var, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    full : object
        As in :func:`portloss.gaussian_nll_loss`; default ``False``.
    eps : object
        As in :func:`portloss.gaussian_nll_loss`; default ``1e-06``.
    weight : object
        As in :func:`portloss.gaussian_nll_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.gaussian_nll_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.gaussian_nll_loss`; default ``'torch'``.

    See Also
    --------
    portloss.gaussian_nll_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GaussianNLLLoss
    >>> criterion = GaussianNLLLoss()
    >>> criterion
    GaussianNLLLoss()
    >>> criterion == GaussianNLLLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        full: bool = False,
        eps: float = 1e-06,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, var: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(input, target, var, sample_weight=sample_weight, **self._options)


class GemanMcclureLoss(Loss, function=robust.geman_mcclure_loss):
    """Loss object of :func:`portloss.geman_mcclure_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.geman_mcclure_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.geman_mcclure_loss`; default ``1.0``.
    reduction : object
        As in :func:`portloss.geman_mcclure_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.geman_mcclure_loss`; default ``'torch'``.

    See Also
    --------
    portloss.geman_mcclure_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GemanMcclureLoss
    >>> criterion = GemanMcclureLoss()
    >>> criterion
    GemanMcclureLoss()
    >>> criterion == GemanMcclureLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class GeneralAdaptiveLoss(Loss, function=robust.general_adaptive_loss):
    """Loss object of :func:`portloss.general_adaptive_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.general_adaptive_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    alpha : object
        As in :func:`portloss.general_adaptive_loss`; default ``1.0``.
    scale : object
        As in :func:`portloss.general_adaptive_loss`; default ``1.0``.
    reduction : object
        As in :func:`portloss.general_adaptive_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.general_adaptive_loss`; default ``'torch'``.

    See Also
    --------
    portloss.general_adaptive_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GeneralAdaptiveLoss
    >>> criterion = GeneralAdaptiveLoss()
    >>> criterion
    GeneralAdaptiveLoss()
    >>> criterion == GeneralAdaptiveLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        alpha: float | Array = 1.0,
        scale: float | Array = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class GeneralizedBoxIouLoss(Loss, function=boxes.generalized_box_iou_loss):
    """Loss object of :func:`portloss.generalized_box_iou_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.generalized_box_iou_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    eps : object
        As in :func:`portloss.generalized_box_iou_loss`; default ``1e-07``.
    reduction : object
        As in :func:`portloss.generalized_box_iou_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.generalized_box_iou_loss`; default ``'torch'``.

    See Also
    --------
    portloss.generalized_box_iou_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GeneralizedBoxIouLoss
    >>> criterion = GeneralizedBoxIouLoss()
    >>> criterion
    GeneralizedBoxIouLoss()
    >>> criterion == GeneralizedBoxIouLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class GeneralizedCrossEntropyLoss(Loss, function=multiclass.generalized_cross_entropy):
    """Loss object of :func:`portloss.generalized_cross_entropy`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.generalized_cross_entropy(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    q : object
        As in :func:`portloss.generalized_cross_entropy`; default ``0.5``.
    from_logits : object
        As in :func:`portloss.generalized_cross_entropy`; default ``False``.
    reduction : object
        As in :func:`portloss.generalized_cross_entropy`; default ``'mean'``.
    convention : object
        As in :func:`portloss.generalized_cross_entropy`; default ``'torch'``.
    axis : object
        As in :func:`portloss.generalized_cross_entropy`; default ``-1``.

    See Also
    --------
    portloss.generalized_cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GeneralizedCrossEntropyLoss
    >>> criterion = GeneralizedCrossEntropyLoss()
    >>> criterion
    GeneralizedCrossEntropyLoss()
    >>> criterion == GeneralizedCrossEntropyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        q: float = 0.5,
        from_logits: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class GeneralizedDiceLoss(Loss, function=segmentation.generalized_dice_loss):
    """Loss object of :func:`portloss.generalized_dice_loss`.

    ``criterion(input, target, sample_weight=None, mask=None)`` returns
    ``portloss.generalized_dice_loss(input, target, sample_weight=sample_weight, mask=mask,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight_type : object
        As in :func:`portloss.generalized_dice_loss`; default ``'square'``.
    from_logits : object
        As in :func:`portloss.generalized_dice_loss`; default ``False``.
    activation : object
        As in :func:`portloss.generalized_dice_loss`; default ``None``.
    axis : object
        As in :func:`portloss.generalized_dice_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.generalized_dice_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.generalized_dice_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.generalized_dice_loss`; default ``None``.
    smooth_denominator : object
        As in :func:`portloss.generalized_dice_loss`; default ``None``.
    batch : object
        As in :func:`portloss.generalized_dice_loss`; default ``False``.
    soft_label : object
        As in :func:`portloss.generalized_dice_loss`; default ``False``.
    ignore_index : object
        As in :func:`portloss.generalized_dice_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.generalized_dice_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.generalized_dice_loss`; default ``'torch'``.

    See Also
    --------
    portloss.generalized_dice_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GeneralizedDiceLoss
    >>> criterion = GeneralizedDiceLoss()
    >>> criterion
    GeneralizedDiceLoss()
    >>> criterion == GeneralizedDiceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight_type: WeightType = "square",
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        batch: bool = False,
        soft_label: bool = False,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, /, *, sample_weight: Array = None, mask: Array = None
    ) -> Array:
        return self.function(input, target, sample_weight=sample_weight, mask=mask, **self._options)


class GeneralizedJsdLoss(Loss, function=distillation.generalized_jsd_loss):
    """Loss object of :func:`portloss.generalized_jsd_loss`.

    ``criterion(input, target, labels, sample_weight=None)`` returns
    ``portloss.generalized_jsd_loss(input, target, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    beta : object
        As in :func:`portloss.generalized_jsd_loss`; default ``0.5``.
    temperature : object
        As in :func:`portloss.generalized_jsd_loss`; default ``1.0``.
    ignore_index : object
        As in :func:`portloss.generalized_jsd_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.generalized_jsd_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.generalized_jsd_loss`; default ``'torch'``.
    empty_mean : object
        As in :func:`portloss.generalized_jsd_loss`; default ``None``.

    See Also
    --------
    portloss.generalized_jsd_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GeneralizedJsdLoss
    >>> criterion = GeneralizedJsdLoss()
    >>> criterion
    GeneralizedJsdLoss()
    >>> criterion == GeneralizedJsdLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        beta: float = 0.5,
        temperature: float = 1.0,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        empty_mean: EmptyMean | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, labels: Array = None, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(input, target, labels, sample_weight=sample_weight, **self._options)


class GeneralizedKlDivergenceLoss(Loss, function=multiclass.generalized_kl_divergence):
    """Loss object of :func:`portloss.generalized_kl_divergence`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.generalized_kl_divergence(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    where : object
        As in :func:`portloss.generalized_kl_divergence`; default ``None``.
    reduction : object
        As in :func:`portloss.generalized_kl_divergence`; default ``'mean'``.
    convention : object
        As in :func:`portloss.generalized_kl_divergence`; default ``'torch'``.
    axis : object
        As in :func:`portloss.generalized_kl_divergence`; default ``-1``.

    See Also
    --------
    portloss.generalized_kl_divergence : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import GeneralizedKlDivergenceLoss
    >>> criterion = GeneralizedKlDivergenceLoss()
    >>> criterion
    GeneralizedKlDivergenceLoss()
    >>> criterion == GeneralizedKlDivergenceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        where: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int | tuple[int, ...] = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HausdorffErosionLoss(Loss, function=hausdorff.hausdorff_erosion_loss):
    """Loss object of :func:`portloss.hausdorff_erosion_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.hausdorff_erosion_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    iterations : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``10``.
    alpha : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``2.0``.
    from_logits : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``False``.
    activation : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``None``.
    axis : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``-1``.
    reduction : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.hausdorff_erosion_loss`; default ``'torch'``.

    See Also
    --------
    portloss.hausdorff_erosion_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import HausdorffErosionLoss
    >>> criterion = HausdorffErosionLoss()
    >>> criterion
    HausdorffErosionLoss()
    >>> criterion == HausdorffErosionLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        iterations: int = 10,
        alpha: float = 2.0,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HingeEmbeddingLoss(Loss, function=margin.hinge_embedding_loss):
    """Loss object of :func:`portloss.hinge_embedding_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.hinge_embedding_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.hinge_embedding_loss`; default ``1.0``.
    reduction : object
        As in :func:`portloss.hinge_embedding_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.hinge_embedding_loss`; default ``'torch'``.

    See Also
    --------
    portloss.hinge_embedding_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import HingeEmbeddingLoss
    >>> criterion = HingeEmbeddingLoss()
    >>> criterion
    HingeEmbeddingLoss()
    >>> criterion == HingeEmbeddingLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HingeLoss(Loss, function=margin.hinge_loss):
    """Loss object of :func:`portloss.hinge_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.hinge_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.hinge_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.hinge_loss`; default ``'torch'``.

    See Also
    --------
    portloss.hinge_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import HingeLoss
    >>> criterion = HingeLoss()
    >>> criterion
    HingeLoss()
    >>> criterion == HingeLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HintonDistillationLoss(Loss, function=distillation.hinton_distillation_loss):
    """Loss object of :func:`portloss.hinton_distillation_loss`.

    ``criterion(input, target, labels, sample_weight=None)`` returns
    ``portloss.hinton_distillation_loss(input, target, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    temperature : object
        As in :func:`portloss.hinton_distillation_loss`; default ``1.0``.
    ignore_index : object
        As in :func:`portloss.hinton_distillation_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.hinton_distillation_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.hinton_distillation_loss`; default ``'torch'``.
    empty_mean : object
        As in :func:`portloss.hinton_distillation_loss`; default ``None``.

    See Also
    --------
    portloss.hinton_distillation_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import HintonDistillationLoss
    >>> criterion = HintonDistillationLoss()
    >>> criterion
    HintonDistillationLoss()
    >>> criterion == HintonDistillationLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        temperature: float = 1.0,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        empty_mean: EmptyMean | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, labels: Array = None, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(input, target, labels, sample_weight=sample_weight, **self._options)


class HuberLoss(Loss, function=regression.huber_loss):
    """Loss object of :func:`portloss.huber_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.huber_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.huber_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.huber_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.huber_loss`; default ``'torch'``.
    delta : object
        As in :func:`portloss.huber_loss`; default ``1.0``.

    See Also
    --------
    portloss.huber_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import HuberLoss
    >>> criterion = HuberLoss()
    >>> criterion
    HuberLoss()
    >>> criterion == HuberLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        delta: float = 1.0,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class InfonceLoss(Loss, function=contrastive.infonce_loss):
    """Loss object of :func:`portloss.infonce_loss`.

    ``criterion(anchor, positive, negatives, sample_weight=None)`` returns
    ``portloss.infonce_loss(anchor, positive, negatives, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.infonce_loss`; default ``20.0``.
    normalize : object
        As in :func:`portloss.infonce_loss`; default ``True``.
    reduction : object
        As in :func:`portloss.infonce_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.infonce_loss`; default ``'torch'``.

    See Also
    --------
    portloss.infonce_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import InfonceLoss
    >>> criterion = InfonceLoss()
    >>> criterion
    InfonceLoss()
    >>> criterion == InfonceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float | Array = 20.0,
        normalize: bool = True,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self,
        anchor: Array,
        positive: Array,
        negatives: Array = None,
        /,
        *,
        sample_weight: Array = None,
    ) -> Array:
        return self.function(
            anchor, positive, negatives, sample_weight=sample_weight, **self._options
        )


class JaccardLoss(Loss, function=segmentation.jaccard_loss):
    """Loss object of :func:`portloss.jaccard_loss`.

    ``criterion(input, target, sample_weight=None, mask=None)`` returns
    ``portloss.jaccard_loss(input, target, sample_weight=sample_weight, mask=mask,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    from_logits : object
        As in :func:`portloss.jaccard_loss`; default ``False``.
    activation : object
        As in :func:`portloss.jaccard_loss`; default ``None``.
    axis : object
        As in :func:`portloss.jaccard_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.jaccard_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.jaccard_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.jaccard_loss`; default ``None``.
    smooth_denominator : object
        As in :func:`portloss.jaccard_loss`; default ``None``.
    squared : object
        As in :func:`portloss.jaccard_loss`; default ``False``.
    batch : object
        As in :func:`portloss.jaccard_loss`; default ``False``.
    weight : object
        As in :func:`portloss.jaccard_loss`; default ``None``.
    soft_label : object
        As in :func:`portloss.jaccard_loss`; default ``False``.
    log_loss : object
        As in :func:`portloss.jaccard_loss`; default ``False``.
    classes : object
        As in :func:`portloss.jaccard_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.jaccard_loss`; default ``-100``.
    empty_target : object
        As in :func:`portloss.jaccard_loss`; default ``'keep'``.
    mean_denominator : object
        As in :func:`portloss.jaccard_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.jaccard_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.jaccard_loss`; default ``'torch'``.

    See Also
    --------
    portloss.jaccard_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import JaccardLoss
    >>> criterion = JaccardLoss()
    >>> criterion
    JaccardLoss()
    >>> criterion == JaccardLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        squared: bool = False,
        batch: bool = False,
        weight: Array = None,
        soft_label: bool = False,
        log_loss: bool = False,
        classes: list[int] | tuple[int, ...] | None = None,
        ignore_index: int = -100,
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator | None = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, /, *, sample_weight: Array = None, mask: Array = None
    ) -> Array:
        return self.function(input, target, sample_weight=sample_weight, mask=mask, **self._options)


class JsDivergenceLoss(Loss, function=divergence.js_divergence):
    """Loss object of :func:`portloss.js_divergence`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.js_divergence(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    log_input : object
        As in :func:`portloss.js_divergence`; default ``False``.
    log_target : object
        As in :func:`portloss.js_divergence`; default ``False``.
    axis : object
        As in :func:`portloss.js_divergence`; default ``-1``.
    reduction : object
        As in :func:`portloss.js_divergence`; default ``'mean'``.
    convention : object
        As in :func:`portloss.js_divergence`; default ``'torch'``.

    See Also
    --------
    portloss.js_divergence : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import JsDivergenceLoss
    >>> criterion = JsDivergenceLoss()
    >>> criterion
    JsDivergenceLoss()
    >>> criterion == JsDivergenceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        log_input: bool = False,
        log_target: bool = False,
        axis: int = -1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class KLDivLoss(Loss, function=divergence.kl_div):
    """Loss object of :func:`portloss.kl_div`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.kl_div(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.kl_div`; default ``'mean'``.
    log_target : object
        As in :func:`portloss.kl_div`; default ``False``.
    log_input : object
        As in :func:`portloss.kl_div`; default ``True``.
    convention : object
        As in :func:`portloss.kl_div`; default ``'torch'``.
    probability_clip : object
        As in :func:`portloss.kl_div`; default ``None``.

    See Also
    --------
    portloss.kl_div : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import KLDivLoss
    >>> criterion = KLDivLoss()
    >>> criterion
    KLDivLoss()
    >>> criterion == KLDivLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        reduction: KLReduction = "mean",
        log_target: bool = False,
        log_input: bool = True,
        convention: ConventionName = "torch",
        probability_clip: float | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class L1Loss(Loss, function=regression.l1_loss):
    """Loss object of :func:`portloss.l1_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.l1_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.l1_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.l1_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.l1_loss`; default ``'torch'``.

    See Also
    --------
    portloss.l1_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import L1Loss
    >>> criterion = L1Loss()
    >>> criterion
    L1Loss()
    >>> criterion == L1Loss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class LinearCrossEntropyLoss(Loss, function=vocabulary.linear_cross_entropy):
    """Loss object of :func:`portloss.linear_cross_entropy`.

    ``criterion(input, linear_weight, target, sample_weight=None)`` returns
    ``portloss.linear_cross_entropy(input, linear_weight, target,
    sample_weight=sample_weight, **options)`` with the options given to the constructor (see
    :class:`Loss`).

    Parameters
    ----------
    linear_bias : object
        As in :func:`portloss.linear_cross_entropy`; default ``None``.
    weight : object
        As in :func:`portloss.linear_cross_entropy`; default ``None``.
    ignore_index : object
        As in :func:`portloss.linear_cross_entropy`; default ``-100``.
    reduction : object
        As in :func:`portloss.linear_cross_entropy`; default ``'mean'``.
    convention : object
        As in :func:`portloss.linear_cross_entropy`; default ``'torch'``.
    label_smoothing : object
        As in :func:`portloss.linear_cross_entropy`; default ``0.0``.
    z_loss : object
        As in :func:`portloss.linear_cross_entropy`; default ``0.0``.
    softcap : object
        As in :func:`portloss.linear_cross_entropy`; default ``None``.
    chunk_size : object
        As in :func:`portloss.linear_cross_entropy`; default ``None``.

    See Also
    --------
    portloss.linear_cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import LinearCrossEntropyLoss
    >>> criterion = LinearCrossEntropyLoss()
    >>> criterion
    LinearCrossEntropyLoss()
    >>> criterion == LinearCrossEntropyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        linear_bias: Array = None,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        label_smoothing: float = 0.0,
        z_loss: float = 0.0,
        softcap: float | None = None,
        chunk_size: int | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, linear_weight: Array, target: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            input, linear_weight, target, sample_weight=sample_weight, **self._options
        )


class LogCoshLoss(Loss, function=regression.log_cosh_loss):
    """Loss object of :func:`portloss.log_cosh_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.log_cosh_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.log_cosh_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.log_cosh_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.log_cosh_loss`; default ``'torch'``.

    See Also
    --------
    portloss.log_cosh_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import LogCoshLoss
    >>> criterion = LogCoshLoss()
    >>> criterion
    LogCoshLoss()
    >>> criterion == LogCoshLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class LovaszHingeLoss(Loss, function=segmentation.lovasz_hinge_loss):
    """Loss object of :func:`portloss.lovasz_hinge_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.lovasz_hinge_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    per_image : object
        As in :func:`portloss.lovasz_hinge_loss`; default ``True``.
    ignore_index : object
        As in :func:`portloss.lovasz_hinge_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.lovasz_hinge_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.lovasz_hinge_loss`; default ``'torch'``.

    See Also
    --------
    portloss.lovasz_hinge_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import LovaszHingeLoss
    >>> criterion = LovaszHingeLoss()
    >>> criterion
    LovaszHingeLoss()
    >>> criterion == LovaszHingeLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        per_image: bool = True,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class LovaszSoftmaxLoss(Loss, function=segmentation.lovasz_softmax_loss):
    """Loss object of :func:`portloss.lovasz_softmax_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.lovasz_softmax_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    from_logits : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``False``.
    activation : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``None``.
    axis : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``-1``.
    classes : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``'present'``.
    per_image : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``False``.
    ignore_index : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``-100``.
    weight : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.lovasz_softmax_loss`; default ``'torch'``.

    See Also
    --------
    portloss.lovasz_softmax_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import LovaszSoftmaxLoss
    >>> criterion = LovaszSoftmaxLoss()
    >>> criterion
    LovaszSoftmaxLoss()
    >>> criterion == LovaszSoftmaxLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        classes: Any = "present",
        per_image: bool = False,
        ignore_index: int = -100,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MarginRankingLoss(Loss, function=embedding.margin_ranking_loss):
    """Loss object of :func:`portloss.margin_ranking_loss`.

    ``criterion(input1, input2, target, sample_weight=None)`` returns
    ``portloss.margin_ranking_loss(input1, input2, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.margin_ranking_loss`; default ``0.0``.
    reduction : object
        As in :func:`portloss.margin_ranking_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.margin_ranking_loss`; default ``'torch'``.

    See Also
    --------
    portloss.margin_ranking_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MarginRankingLoss
    >>> criterion = MarginRankingLoss()
    >>> criterion
    MarginRankingLoss()
    >>> criterion == MarginRankingLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input1: Array, input2: Array, target: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(input1, input2, target, sample_weight=sample_weight, **self._options)


class MccLoss(Loss, function=segmentation.mcc_loss):
    """Loss object of :func:`portloss.mcc_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.mcc_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    from_logits : object
        As in :func:`portloss.mcc_loss`; default ``False``.
    activation : object
        As in :func:`portloss.mcc_loss`; default ``None``.
    eps : object
        As in :func:`portloss.mcc_loss`; default ``1e-05``.
    per_image : object
        As in :func:`portloss.mcc_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.mcc_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.mcc_loss`; default ``'torch'``.

    See Also
    --------
    portloss.mcc_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MccLoss
    >>> criterion = MccLoss()
    >>> criterion
    MccLoss()
    >>> criterion == MccLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        from_logits: bool = False,
        activation: Activation | None = None,
        eps: float = 1e-05,
        per_image: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MeanAbsolutePercentageErrorLoss(Loss, function=regression.mean_absolute_percentage_error):
    """Loss object of :func:`portloss.mean_absolute_percentage_error`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.mean_absolute_percentage_error(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.mean_absolute_percentage_error`; default ``None``.
    reduction : object
        As in :func:`portloss.mean_absolute_percentage_error`; default ``'mean'``.
    convention : object
        As in :func:`portloss.mean_absolute_percentage_error`; default ``'torch'``.
    eps : object
        As in :func:`portloss.mean_absolute_percentage_error`; default ``1e-07``.

    See Also
    --------
    portloss.mean_absolute_percentage_error : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MeanAbsolutePercentageErrorLoss
    >>> criterion = MeanAbsolutePercentageErrorLoss()
    >>> criterion
    MeanAbsolutePercentageErrorLoss()
    >>> criterion == MeanAbsolutePercentageErrorLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        eps: float = 1e-07,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MeanSquaredLogarithmicErrorLoss(Loss, function=regression.mean_squared_logarithmic_error):
    """Loss object of :func:`portloss.mean_squared_logarithmic_error`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.mean_squared_logarithmic_error(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.mean_squared_logarithmic_error`; default ``None``.
    reduction : object
        As in :func:`portloss.mean_squared_logarithmic_error`; default ``'mean'``.
    convention : object
        As in :func:`portloss.mean_squared_logarithmic_error`; default ``'torch'``.
    eps : object
        As in :func:`portloss.mean_squared_logarithmic_error`; default ``1e-07``.

    See Also
    --------
    portloss.mean_squared_logarithmic_error : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MeanSquaredLogarithmicErrorLoss
    >>> criterion = MeanSquaredLogarithmicErrorLoss()
    >>> criterion
    MeanSquaredLogarithmicErrorLoss()
    >>> criterion == MeanSquaredLogarithmicErrorLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        eps: float = 1e-07,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MsSsimLoss(Loss, function=image.ms_ssim_loss):
    """Loss object of :func:`portloss.ms_ssim_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.ms_ssim_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    data_range : object
        As in :func:`portloss.ms_ssim_loss`; default ``1.0``.
    win_size : object
        As in :func:`portloss.ms_ssim_loss`; default ``11``.
    sigma : object
        As in :func:`portloss.ms_ssim_loss`; default ``1.5``.
    k1 : object
        As in :func:`portloss.ms_ssim_loss`; default ``0.01``.
    k2 : object
        As in :func:`portloss.ms_ssim_loss`; default ``0.03``.
    weights : object
        As in :func:`portloss.ms_ssim_loss`; default ``(0.0448, 0.2856, 0.3001, 0.2363,
        0.1333)``.
    channels_last : object
        As in :func:`portloss.ms_ssim_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.ms_ssim_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.ms_ssim_loss`; default ``'torch'``.

    See Also
    --------
    portloss.ms_ssim_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MsSsimLoss
    >>> criterion = MsSsimLoss()
    >>> criterion
    MsSsimLoss()
    >>> criterion == MsSsimLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        data_range: float = 1.0,
        win_size: int = 11,
        sigma: float = 1.5,
        k1: float = 0.01,
        k2: float = 0.03,
        weights: tuple[float, ...] = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333),
        channels_last: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MSELoss(Loss, function=regression.mse_loss):
    """Loss object of :func:`portloss.mse_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.mse_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.mse_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.mse_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.mse_loss`; default ``'torch'``.

    See Also
    --------
    portloss.mse_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MSELoss
    >>> criterion = MSELoss()
    >>> criterion
    MSELoss()
    >>> criterion == MSELoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiMarginLoss(Loss, function=margin.multi_margin_loss):
    """Loss object of :func:`portloss.multi_margin_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.multi_margin_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    p : object
        As in :func:`portloss.multi_margin_loss`; default ``1``.
    margin : object
        As in :func:`portloss.multi_margin_loss`; default ``1.0``.
    weight : object
        As in :func:`portloss.multi_margin_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.multi_margin_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.multi_margin_loss`; default ``'torch'``.

    See Also
    --------
    portloss.multi_margin_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MultiMarginLoss
    >>> criterion = MultiMarginLoss()
    >>> criterion
    MultiMarginLoss()
    >>> criterion == MultiMarginLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        p: int = 1,
        margin: float = 1.0,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiSimilarityLoss(Loss, function=metric.multi_similarity_loss):
    """Loss object of :func:`portloss.multi_similarity_loss`.

    ``criterion(embeddings, labels, sample_weight=None)`` returns
    ``portloss.multi_similarity_loss(embeddings, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    alpha : object
        As in :func:`portloss.multi_similarity_loss`; default ``2.0``.
    beta : object
        As in :func:`portloss.multi_similarity_loss`; default ``50.0``.
    base : object
        As in :func:`portloss.multi_similarity_loss`; default ``0.5``.
    reduction : object
        As in :func:`portloss.multi_similarity_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.multi_similarity_loss`; default ``'torch'``.

    See Also
    --------
    portloss.multi_similarity_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MultiSimilarityLoss
    >>> criterion = MultiSimilarityLoss()
    >>> criterion
    MultiSimilarityLoss()
    >>> criterion == MultiSimilarityLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        alpha: float = 2.0,
        beta: float = 50.0,
        base: float = 0.5,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class MulticlassHingeLoss(Loss, function=multiclass.multiclass_hinge_loss):
    """Loss object of :func:`portloss.multiclass_hinge_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.multiclass_hinge_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.multiclass_hinge_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.multiclass_hinge_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.multiclass_hinge_loss`; default ``-1``.

    See Also
    --------
    portloss.multiclass_hinge_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MulticlassHingeLoss
    >>> criterion = MulticlassHingeLoss()
    >>> criterion
    MulticlassHingeLoss()
    >>> criterion == MulticlassHingeLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MulticlassPerceptronLoss(Loss, function=multiclass.multiclass_perceptron_loss):
    """Loss object of :func:`portloss.multiclass_perceptron_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.multiclass_perceptron_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.multiclass_perceptron_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.multiclass_perceptron_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.multiclass_perceptron_loss`; default ``-1``.

    See Also
    --------
    portloss.multiclass_perceptron_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MulticlassPerceptronLoss
    >>> criterion = MulticlassPerceptronLoss()
    >>> criterion
    MulticlassPerceptronLoss()
    >>> criterion == MulticlassPerceptronLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiLabelMarginLoss(Loss, function=margin.multilabel_margin_loss):
    """Loss object of :func:`portloss.multilabel_margin_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.multilabel_margin_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.multilabel_margin_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.multilabel_margin_loss`; default ``'torch'``.

    See Also
    --------
    portloss.multilabel_margin_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MultiLabelMarginLoss
    >>> criterion = MultiLabelMarginLoss()
    >>> criterion
    MultiLabelMarginLoss()
    >>> criterion == MultiLabelMarginLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiLabelSoftMarginLoss(Loss, function=margin.multilabel_soft_margin_loss):
    """Loss object of :func:`portloss.multilabel_soft_margin_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.multilabel_soft_margin_loss(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.multilabel_soft_margin_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.multilabel_soft_margin_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.multilabel_soft_margin_loss`; default ``'torch'``.

    See Also
    --------
    portloss.multilabel_soft_margin_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import MultiLabelSoftMarginLoss
    >>> criterion = MultiLabelSoftMarginLoss()
    >>> criterion
    MultiLabelSoftMarginLoss()
    >>> criterion == MultiLabelSoftMarginLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class NLLLoss(Loss, function=classification.nll_loss):
    """Loss object of :func:`portloss.nll_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.nll_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.nll_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.nll_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.nll_loss`; default ``'mean'``.
    axis : object
        As in :func:`portloss.nll_loss`; default ``-1``.
    convention : object
        As in :func:`portloss.nll_loss`; default ``'torch'``.
    mean_denominator : object
        As in :func:`portloss.nll_loss`; default ``None``.
    empty_mean : object
        As in :func:`portloss.nll_loss`; default ``None``.

    See Also
    --------
    portloss.nll_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import NLLLoss
    >>> criterion = NLLLoss()
    >>> criterion
    NLLLoss()
    >>> criterion == NLLLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        axis: int = -1,
        convention: ConventionName = "torch",
        mean_denominator: MeanDenominator | None = None,
        empty_mean: EmptyMean | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class NtxentLoss(Loss, function=embedding.ntxent_loss):
    """Loss object of :func:`portloss.ntxent_loss`.

    ``criterion(embeddings, labels, sample_weight=None)`` returns
    ``portloss.ntxent_loss(embeddings, labels, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    temperature : object
        As in :func:`portloss.ntxent_loss`; default ``0.07``.
    reduction : object
        As in :func:`portloss.ntxent_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.ntxent_loss`; default ``'torch'``.

    See Also
    --------
    portloss.ntxent_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import NtxentLoss
    >>> criterion = NtxentLoss()
    >>> criterion
    NtxentLoss()
    >>> criterion == NtxentLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        temperature: float = 0.07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class OrpoLoss(Loss, function=preference.orpo_loss):
    """Loss object of :func:`portloss.orpo_loss`.

    ``criterion(policy_chosen_logps, policy_rejected_logps, chosen_nll,
    sample_weight=None)`` returns ``portloss.orpo_loss(policy_chosen_logps,
    policy_rejected_logps, chosen_nll, sample_weight=sample_weight, **options)`` with the
    options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    beta : object
        As in :func:`portloss.orpo_loss`; default ``0.1``.
    reduction : object
        As in :func:`portloss.orpo_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.orpo_loss`; default ``'torch'``.

    See Also
    --------
    portloss.orpo_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import OrpoLoss
    >>> criterion = OrpoLoss()
    >>> criterion
    OrpoLoss()
    >>> criterion == OrpoLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        beta: float = 0.1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self,
        policy_chosen_logps: Array,
        policy_rejected_logps: Array,
        chosen_nll: Array = None,
        /,
        *,
        sample_weight: Array = None,
    ) -> Array:
        return self.function(
            policy_chosen_logps,
            policy_rejected_logps,
            chosen_nll,
            sample_weight=sample_weight,
            **self._options,
        )


class PerceptronLoss(Loss, function=multiclass.perceptron_loss):
    """Loss object of :func:`portloss.perceptron_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.perceptron_loss(input, target, sample_weight=sample_weight, **options)`` with
    the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.perceptron_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.perceptron_loss`; default ``'torch'``.

    See Also
    --------
    portloss.perceptron_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import PerceptronLoss
    >>> criterion = PerceptronLoss()
    >>> criterion
    PerceptronLoss()
    >>> criterion == PerceptronLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class PoissonNLLLoss(Loss, function=regression.poisson_nll_loss):
    """Loss object of :func:`portloss.poisson_nll_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.poisson_nll_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    log_input : object
        As in :func:`portloss.poisson_nll_loss`; default ``True``.
    full : object
        As in :func:`portloss.poisson_nll_loss`; default ``False``.
    eps : object
        As in :func:`portloss.poisson_nll_loss`; default ``1e-08`` (``1e-07`` under
        ``convention='keras'``).
    weight : object
        As in :func:`portloss.poisson_nll_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.poisson_nll_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.poisson_nll_loss`; default ``'torch'``.

    See Also
    --------
    portloss.poisson_nll_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import PoissonNLLLoss
    >>> criterion = PoissonNLLLoss()
    >>> criterion
    PoissonNLLLoss()
    >>> criterion == PoissonNLLLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        log_input: bool = True,
        full: bool = False,
        eps: float = CONVENTION_DEFAULT,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class Poly1CrossEntropyLoss(Loss, function=focal.poly1_cross_entropy):
    """Loss object of :func:`portloss.poly1_cross_entropy`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.poly1_cross_entropy(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    epsilon : object
        As in :func:`portloss.poly1_cross_entropy`; default ``1.0``.
    weight : object
        As in :func:`portloss.poly1_cross_entropy`; default ``None``.
    ignore_index : object
        As in :func:`portloss.poly1_cross_entropy`; default ``-100``.
    reduction : object
        As in :func:`portloss.poly1_cross_entropy`; default ``'mean'``.
    convention : object
        As in :func:`portloss.poly1_cross_entropy`; default ``'torch'``.
    label_smoothing : object
        As in :func:`portloss.poly1_cross_entropy`; default ``0.0``.
    axis : object
        As in :func:`portloss.poly1_cross_entropy`; default ``-1``.

    See Also
    --------
    portloss.poly1_cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import Poly1CrossEntropyLoss
    >>> criterion = Poly1CrossEntropyLoss()
    >>> criterion
    Poly1CrossEntropyLoss()
    >>> criterion == Poly1CrossEntropyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        epsilon: float = 1.0,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        label_smoothing: float = 0.0,
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class PsnrLoss(Loss, function=image.psnr_loss):
    """Loss object of :func:`portloss.psnr_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.psnr_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    data_range : object
        As in :func:`portloss.psnr_loss`; default ``1.0``.
    per_image : object
        As in :func:`portloss.psnr_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.psnr_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.psnr_loss`; default ``'torch'``.

    See Also
    --------
    portloss.psnr_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import PsnrLoss
    >>> criterion = PsnrLoss()
    >>> criterion
    PsnrLoss()
    >>> criterion == PsnrLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        data_range: float = 1.0,
        per_image: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class RankingSoftmaxLoss(Loss, function=contrastive.ranking_softmax_loss):
    """Loss object of :func:`portloss.ranking_softmax_loss`.

    ``criterion(scores, labels, sample_weight=None)`` returns
    ``portloss.ranking_softmax_loss(scores, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    where : object
        As in :func:`portloss.ranking_softmax_loss`; default ``None``.
    weights : object
        As in :func:`portloss.ranking_softmax_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.ranking_softmax_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.ranking_softmax_loss`; default ``'torch'``.

    See Also
    --------
    portloss.ranking_softmax_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import RankingSoftmaxLoss
    >>> criterion = RankingSoftmaxLoss()
    >>> criterion
    RankingSoftmaxLoss()
    >>> criterion == RankingSoftmaxLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        where: Array = None,
        weights: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, scores: Array, labels: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(scores, labels, sample_weight=sample_weight, **self._options)


class SiglipLoss(Loss, function=contrastive.siglip_loss):
    """Loss object of :func:`portloss.siglip_loss`.

    ``criterion(image_features, text_features, sample_weight=None)`` returns
    ``portloss.siglip_loss(image_features, text_features, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    logit_scale : object
        As in :func:`portloss.siglip_loss`; default ``10.0``.
    logit_bias : object
        As in :func:`portloss.siglip_loss`; default ``-10.0``.
    normalize : object
        As in :func:`portloss.siglip_loss`; default ``True``.
    reduction : object
        As in :func:`portloss.siglip_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.siglip_loss`; default ``'torch'``.

    See Also
    --------
    portloss.siglip_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SiglipLoss
    >>> criterion = SiglipLoss()
    >>> criterion
    SiglipLoss()
    >>> criterion == SiglipLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        logit_scale: float | Array = 10.0,
        logit_bias: float | Array = -10.0,
        normalize: bool = True,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, image_features: Array, text_features: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            image_features, text_features, sample_weight=sample_weight, **self._options
        )


class SigmoidFocalLoss(Loss, function=focal.sigmoid_focal_loss):
    """Loss object of :func:`portloss.sigmoid_focal_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.sigmoid_focal_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    alpha : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``0.25`` (``None`` under
        ``convention='keras'``).
    gamma : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``2.0``.
    reduction : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``'torch'``.
    from_logits : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``True``.
    label_smoothing : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``0.0``.
    pos_weight : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``None``.
    weight : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``None``.
    normalized : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``False``.
    reduced_threshold : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``None``.
    probability_clip : object
        As in :func:`portloss.sigmoid_focal_loss`; default ``None``.

    See Also
    --------
    portloss.sigmoid_focal_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SigmoidFocalLoss
    >>> criterion = SigmoidFocalLoss()
    >>> criterion
    SigmoidFocalLoss()
    >>> criterion == SigmoidFocalLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        alpha: float | None = CONVENTION_DEFAULT,
        gamma: float = 2.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        from_logits: bool = True,
        label_smoothing: float = 0.0,
        pos_weight: Array = None,
        weight: Array = None,
        ignore_index: int | None = None,
        normalized: bool = False,
        reduced_threshold: float | None = None,
        probability_clip: float | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SimpoLoss(Loss, function=preference.simpo_loss):
    """Loss object of :func:`portloss.simpo_loss`.

    ``criterion(policy_chosen_logps, policy_rejected_logps, sample_weight=None)`` returns
    ``portloss.simpo_loss(policy_chosen_logps, policy_rejected_logps,
    sample_weight=sample_weight, **options)`` with the options given to the constructor (see
    :class:`Loss`).

    Parameters
    ----------
    beta : object
        As in :func:`portloss.simpo_loss`; default ``0.1``.
    gamma : object
        As in :func:`portloss.simpo_loss`; default ``0.5``.
    label_smoothing : object
        As in :func:`portloss.simpo_loss`; default ``0.0``.
    reduction : object
        As in :func:`portloss.simpo_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.simpo_loss`; default ``'torch'``.

    See Also
    --------
    portloss.simpo_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SimpoLoss
    >>> criterion = SimpoLoss()
    >>> criterion
    SimpoLoss()
    >>> criterion == SimpoLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        beta: float = 0.1,
        gamma: float = 0.5,
        label_smoothing: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self,
        policy_chosen_logps: Array,
        policy_rejected_logps: Array,
        /,
        *,
        sample_weight: Array = None,
    ) -> Array:
        return self.function(
            policy_chosen_logps, policy_rejected_logps, sample_weight=sample_weight, **self._options
        )


class SmoothL1Loss(Loss, function=regression.smooth_l1_loss):
    """Loss object of :func:`portloss.smooth_l1_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.smooth_l1_loss(input, target, sample_weight=sample_weight, **options)`` with
    the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    weight : object
        As in :func:`portloss.smooth_l1_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.smooth_l1_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.smooth_l1_loss`; default ``'torch'``.
    beta : object
        As in :func:`portloss.smooth_l1_loss`; default ``1.0``.

    See Also
    --------
    portloss.smooth_l1_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SmoothL1Loss
    >>> criterion = SmoothL1Loss()
    >>> criterion
    SmoothL1Loss()
    >>> criterion == SmoothL1Loss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        beta: float = 1.0,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SoftMarginLoss(Loss, function=margin.soft_margin_loss):
    """Loss object of :func:`portloss.soft_margin_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.soft_margin_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.soft_margin_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.soft_margin_loss`; default ``'torch'``.

    See Also
    --------
    portloss.soft_margin_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SoftMarginLoss
    >>> criterion = SoftMarginLoss()
    >>> criterion
    SoftMarginLoss()
    >>> criterion == SoftMarginLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SoftmaxCrossEntropyLoss(Loss, function=multiclass.softmax_cross_entropy):
    """Loss object of :func:`portloss.softmax_cross_entropy`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.softmax_cross_entropy(input, target, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    where : object
        As in :func:`portloss.softmax_cross_entropy`; default ``None``.
    reduction : object
        As in :func:`portloss.softmax_cross_entropy`; default ``'mean'``.
    convention : object
        As in :func:`portloss.softmax_cross_entropy`; default ``'torch'``.
    axis : object
        As in :func:`portloss.softmax_cross_entropy`; default ``-1``.

    See Also
    --------
    portloss.softmax_cross_entropy : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SoftmaxCrossEntropyLoss
    >>> criterion = SoftmaxCrossEntropyLoss()
    >>> criterion
    SoftmaxCrossEntropyLoss()
    >>> criterion == SoftmaxCrossEntropyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        where: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SoftmaxFocalLoss(Loss, function=focal.softmax_focal_loss):
    """Loss object of :func:`portloss.softmax_focal_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.softmax_focal_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    alpha : object
        As in :func:`portloss.softmax_focal_loss`; default ``None`` (``0.25`` under
        ``convention='keras'``).
    gamma : object
        As in :func:`portloss.softmax_focal_loss`; default ``2.0``.
    weight : object
        As in :func:`portloss.softmax_focal_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.softmax_focal_loss`; default ``-100``.
    reduction : object
        As in :func:`portloss.softmax_focal_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.softmax_focal_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.softmax_focal_loss`; default ``-1``.
    from_logits : object
        As in :func:`portloss.softmax_focal_loss`; default ``True``.
    probability_clip : object
        As in :func:`portloss.softmax_focal_loss`; default ``None``.

    See Also
    --------
    portloss.softmax_focal_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SoftmaxFocalLoss
    >>> criterion = SoftmaxFocalLoss()
    >>> criterion
    SoftmaxFocalLoss()
    >>> criterion == SoftmaxFocalLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        alpha: Array = CONVENTION_DEFAULT,
        gamma: float = 2.0,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
        from_logits: bool = True,
        probability_clip: float | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SparsemaxLoss(Loss, function=multiclass.sparsemax_loss):
    """Loss object of :func:`portloss.sparsemax_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.sparsemax_loss(input, target, sample_weight=sample_weight, **options)`` with
    the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.sparsemax_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.sparsemax_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.sparsemax_loss`; default ``-1``.

    See Also
    --------
    portloss.sparsemax_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SparsemaxLoss
    >>> criterion = SparsemaxLoss()
    >>> criterion
    SparsemaxLoss()
    >>> criterion == SparsemaxLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SpherefaceLoss(Loss, function=metric.sphereface_loss):
    """Loss object of :func:`portloss.sphereface_loss`.

    ``criterion(embeddings, weight, labels, sample_weight=None)`` returns
    ``portloss.sphereface_loss(embeddings, weight, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.sphereface_loss`; default ``64.0``.
    margin : object
        As in :func:`portloss.sphereface_loss`; default ``4``.
    reduction : object
        As in :func:`portloss.sphereface_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.sphereface_loss`; default ``'torch'``.

    See Also
    --------
    portloss.sphereface_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SpherefaceLoss
    >>> criterion = SpherefaceLoss()
    >>> criterion
    SpherefaceLoss()
    >>> criterion == SpherefaceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 64.0,
        margin: int = 4,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, weight: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            embeddings, weight, labels, sample_weight=sample_weight, **self._options
        )


class SquaredHingeLoss(Loss, function=margin.squared_hinge_loss):
    """Loss object of :func:`portloss.squared_hinge_loss`.

    ``criterion(input, target, sample_weight=None)`` returns
    ``portloss.squared_hinge_loss(input, target, sample_weight=sample_weight, **options)``
    with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    reduction : object
        As in :func:`portloss.squared_hinge_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.squared_hinge_loss`; default ``'torch'``.

    See Also
    --------
    portloss.squared_hinge_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SquaredHingeLoss
    >>> criterion = SquaredHingeLoss()
    >>> criterion
    SquaredHingeLoss()
    >>> criterion == SquaredHingeLoss(**criterion.options)
    True
    """

    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SsimLoss(Loss, function=image.ssim_loss):
    """Loss object of :func:`portloss.ssim_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.ssim_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    data_range : object
        As in :func:`portloss.ssim_loss`; default ``1.0``.
    win_size : object
        As in :func:`portloss.ssim_loss`; default ``11``.
    sigma : object
        As in :func:`portloss.ssim_loss`; default ``1.5``.
    k1 : object
        As in :func:`portloss.ssim_loss`; default ``0.01``.
    k2 : object
        As in :func:`portloss.ssim_loss`; default ``0.03``.
    padding : object
        As in :func:`portloss.ssim_loss`; default ``'valid'``.
    dssim : object
        As in :func:`portloss.ssim_loss`; default ``False``.
    eps : object
        As in :func:`portloss.ssim_loss`; default ``0.0``.
    channels_last : object
        As in :func:`portloss.ssim_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.ssim_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.ssim_loss`; default ``'torch'``.

    See Also
    --------
    portloss.ssim_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SsimLoss
    >>> criterion = SsimLoss()
    >>> criterion
    SsimLoss()
    >>> criterion == SsimLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        data_range: float = 1.0,
        win_size: int = 11,
        sigma: float = 1.5,
        k1: float = 0.01,
        k2: float = 0.03,
        padding: str = "valid",
        dssim: bool = False,
        eps: float = 0.0,
        channels_last: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SupconLoss(Loss, function=contrastive.supcon_loss):
    """Loss object of :func:`portloss.supcon_loss`.

    ``criterion(features, labels, mask=None, sample_weight=None)`` returns
    ``portloss.supcon_loss(features, labels, mask=mask, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    temperature : object
        As in :func:`portloss.supcon_loss`; default ``0.07``.
    base_temperature : object
        As in :func:`portloss.supcon_loss`; default ``0.07``.
    contrast_mode : object
        As in :func:`portloss.supcon_loss`; default ``'all'``.
    normalize : object
        As in :func:`portloss.supcon_loss`; default ``True``.
    reduction : object
        As in :func:`portloss.supcon_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.supcon_loss`; default ``'torch'``.

    See Also
    --------
    portloss.supcon_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import SupconLoss
    >>> criterion = SupconLoss()
    >>> criterion
    SupconLoss()
    >>> criterion == SupconLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        temperature: float = 0.07,
        base_temperature: float = 0.07,
        contrast_mode: str = "all",
        normalize: bool = True,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self,
        features: Array,
        labels: Array = None,
        /,
        *,
        mask: Array = None,
        sample_weight: Array = None,
    ) -> Array:
        return self.function(
            features, labels, mask=mask, sample_weight=sample_weight, **self._options
        )


class TotalVariationLoss(Loss, function=image.total_variation):
    """Loss object of :func:`portloss.total_variation`.

    ``criterion(input, sample_weight=None)`` returns ``portloss.total_variation(input,
    sample_weight=sample_weight, **options)`` with the options given to the constructor (see
    :class:`Loss`).

    Parameters
    ----------
    average : object
        As in :func:`portloss.total_variation`; default ``False``.
    channels_last : object
        As in :func:`portloss.total_variation`; default ``False``.
    reduction : object
        As in :func:`portloss.total_variation`; default ``'mean'``.
    convention : object
        As in :func:`portloss.total_variation`; default ``'torch'``.

    See Also
    --------
    portloss.total_variation : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import TotalVariationLoss
    >>> criterion = TotalVariationLoss()
    >>> criterion
    TotalVariationLoss()
    >>> criterion == TotalVariationLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        average: bool = False,
        channels_last: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, sample_weight=sample_weight, **self._options)


class TripletMarginLoss(Loss, function=embedding.triplet_margin_loss):
    """Loss object of :func:`portloss.triplet_margin_loss`.

    ``criterion(anchor, positive, negative, sample_weight=None)`` returns
    ``portloss.triplet_margin_loss(anchor, positive, negative, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.triplet_margin_loss`; default ``1.0``.
    p : object
        As in :func:`portloss.triplet_margin_loss`; default ``2.0``.
    eps : object
        As in :func:`portloss.triplet_margin_loss`; default ``1e-06``.
    eps_mode : object
        As in :func:`portloss.triplet_margin_loss`; default ``'difference'``.
    swap : object
        As in :func:`portloss.triplet_margin_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.triplet_margin_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.triplet_margin_loss`; default ``'torch'``.
    axis : object
        As in :func:`portloss.triplet_margin_loss`; default ``-1``.

    See Also
    --------
    portloss.triplet_margin_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import TripletMarginLoss
    >>> criterion = TripletMarginLoss()
    >>> criterion
    TripletMarginLoss()
    >>> criterion == TripletMarginLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 1.0,
        p: float = 2.0,
        eps: float = 1e-06,
        eps_mode: str = "difference",
        swap: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, anchor: Array, positive: Array, negative: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            anchor, positive, negative, sample_weight=sample_weight, **self._options
        )


class TripletMarginWithDistanceLoss(Loss, function=embedding.triplet_margin_with_distance_loss):
    """Loss object of :func:`portloss.triplet_margin_with_distance_loss`.

    ``criterion(anchor, positive, negative, sample_weight=None)`` returns
    ``portloss.triplet_margin_with_distance_loss(anchor, positive, negative,
    sample_weight=sample_weight, **options)`` with the options given to the constructor (see
    :class:`Loss`).

    Parameters
    ----------
    distance_function : object
        As in :func:`portloss.triplet_margin_with_distance_loss`; default ``None``.
    margin : object
        As in :func:`portloss.triplet_margin_with_distance_loss`; default ``1.0``.
    swap : object
        As in :func:`portloss.triplet_margin_with_distance_loss`; default ``False``.
    reduction : object
        As in :func:`portloss.triplet_margin_with_distance_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.triplet_margin_with_distance_loss`; default ``'torch'``.

    See Also
    --------
    portloss.triplet_margin_with_distance_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import TripletMarginWithDistanceLoss
    >>> criterion = TripletMarginWithDistanceLoss()
    >>> criterion
    TripletMarginWithDistanceLoss()
    >>> criterion == TripletMarginWithDistanceLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        distance_function: Callable[[Any, Any], Any] | None = None,
        margin: float = 1.0,
        swap: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, anchor: Array, positive: Array, negative: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(
            anchor, positive, negative, sample_weight=sample_weight, **self._options
        )


class TripletSemihardLoss(Loss, function=metric.triplet_semihard_loss):
    """Loss object of :func:`portloss.triplet_semihard_loss`.

    ``criterion(embeddings, labels, sample_weight=None)`` returns
    ``portloss.triplet_semihard_loss(embeddings, labels, sample_weight=sample_weight,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    margin : object
        As in :func:`portloss.triplet_semihard_loss`; default ``1.0``.
    metric : object
        As in :func:`portloss.triplet_semihard_loss`; default ``'euclidean'``.
    reduction : object
        As in :func:`portloss.triplet_semihard_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.triplet_semihard_loss`; default ``'torch'``.

    See Also
    --------
    portloss.triplet_semihard_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import TripletSemihardLoss
    >>> criterion = TripletSemihardLoss()
    >>> criterion
    TripletSemihardLoss()
    >>> criterion == TripletSemihardLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class TverskyLoss(Loss, function=segmentation.tversky_loss):
    """Loss object of :func:`portloss.tversky_loss`.

    ``criterion(input, target, sample_weight=None, mask=None)`` returns
    ``portloss.tversky_loss(input, target, sample_weight=sample_weight, mask=mask,
    **options)`` with the options given to the constructor (see :class:`Loss`).

    Parameters
    ----------
    alpha : object
        As in :func:`portloss.tversky_loss`; default ``0.5``.
    beta : object
        As in :func:`portloss.tversky_loss`; default ``0.5``.
    from_logits : object
        As in :func:`portloss.tversky_loss`; default ``False``.
    activation : object
        As in :func:`portloss.tversky_loss`; default ``None``.
    axis : object
        As in :func:`portloss.tversky_loss`; default ``-1``.
    include_background : object
        As in :func:`portloss.tversky_loss`; default ``True``.
    smooth : object
        As in :func:`portloss.tversky_loss`; default ``1e-05``.
    smooth_numerator : object
        As in :func:`portloss.tversky_loss`; default ``None`` (``0.0`` under
        ``convention='keras'``).
    smooth_denominator : object
        As in :func:`portloss.tversky_loss`; default ``None`` (``1e-07`` under
        ``convention='keras'``).
    batch : object
        As in :func:`portloss.tversky_loss`; default ``False`` (``True`` under
        ``convention='keras'``).
    pool_classes : object
        As in :func:`portloss.tversky_loss`; default ``False`` (``True`` under
        ``convention='keras'``).
    weight : object
        As in :func:`portloss.tversky_loss`; default ``None``.
    soft_label : object
        As in :func:`portloss.tversky_loss`; default ``False``.
    log_loss : object
        As in :func:`portloss.tversky_loss`; default ``False``.
    classes : object
        As in :func:`portloss.tversky_loss`; default ``None``.
    ignore_index : object
        As in :func:`portloss.tversky_loss`; default ``-100``.
    empty_target : object
        As in :func:`portloss.tversky_loss`; default ``'keep'``.
    mean_denominator : object
        As in :func:`portloss.tversky_loss`; default ``None``.
    reduction : object
        As in :func:`portloss.tversky_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.tversky_loss`; default ``'torch'``.

    See Also
    --------
    portloss.tversky_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import TverskyLoss
    >>> criterion = TverskyLoss()
    >>> criterion
    TverskyLoss()
    >>> criterion == TverskyLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        alpha: float = 0.5,
        beta: float = 0.5,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = CONVENTION_DEFAULT,
        smooth_denominator: float | None = CONVENTION_DEFAULT,
        batch: bool = CONVENTION_DEFAULT,
        pool_classes: bool = CONVENTION_DEFAULT,
        weight: Array = None,
        soft_label: bool = False,
        log_loss: bool = False,
        classes: list[int] | tuple[int, ...] | None = None,
        ignore_index: int = -100,
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator | None = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, /, *, sample_weight: Array = None, mask: Array = None
    ) -> Array:
        return self.function(input, target, sample_weight=sample_weight, mask=mask, **self._options)


class WelschLoss(Loss, function=robust.welsch_loss):
    """Loss object of :func:`portloss.welsch_loss`.

    ``criterion(input, target, sample_weight=None)`` returns ``portloss.welsch_loss(input,
    target, sample_weight=sample_weight, **options)`` with the options given to the
    constructor (see :class:`Loss`).

    Parameters
    ----------
    scale : object
        As in :func:`portloss.welsch_loss`; default ``1.0``.
    reduction : object
        As in :func:`portloss.welsch_loss`; default ``'mean'``.
    convention : object
        As in :func:`portloss.welsch_loss`; default ``'torch'``.

    See Also
    --------
    portloss.welsch_loss : The function the object calls.

    Examples
    --------
    >>> from portloss.objects import WelschLoss
    >>> criterion = WelschLoss()
    >>> criterion
    WelschLoss()
    >>> criterion == WelschLoss(**criterion.options)
    True
    """

    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        return self.function(input, target, sample_weight=sample_weight, **self._options)
