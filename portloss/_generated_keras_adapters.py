"""The Keras adapter classes, one per loss object: written by tools/generate_objects.py.

Do not edit: run ``python tools/generate_objects.py``. The behaviour is in
:class:`Loss` (``portloss/_keras_adapters.py``); use the classes from
:mod:`portloss.keras`.
"""

from __future__ import annotations

from typing import Any

from . import objects
from ._keras_adapters import Loss, _register
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
    Reduction,
    SmoothingVariant,
    WeightType,
)
from .conventions import CONVENTION_DEFAULT


@_register
class AsymmetricLoss(Loss, loss=objects.AsymmetricLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        gamma_pos: float = 1.0,
        gamma_neg: float = 4.0,
        clip: float | None = 0.05,
        eps: float = 1e-08,
        detach_focal_weight: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BalancedBinaryCrossEntropyLoss(Loss, loss=objects.BalancedBinaryCrossEntropyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        negative_ratio: float = 3.0,
        eps: float = 1e-06,
        from_logits: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        probability_clip: float | None = None,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BatchAllTripletLoss(Loss, loss=objects.BatchAllTripletLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BatchHardTripletLoss(Loss, loss=objects.BatchHardTripletLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        soft_margin: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BCELoss(Loss, loss=objects.BCELoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        pos_weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        probability_clip: float | None = None,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BCEWithLogitsLoss(Loss, loss=objects.BCEWithLogitsLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        pos_weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        label_smoothing: float = 0.0,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BinarySparsemaxLoss(Loss, loss=objects.BinarySparsemaxLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class BoxIouLoss(Loss, loss=objects.BoxIouLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CategoricalHingeLoss(Loss, loss=objects.CategoricalHingeLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CauchyLoss(Loss, loss=objects.CauchyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CharbonnierLoss(Loss, loss=objects.CharbonnierLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CircleLoss(Loss, loss=objects.CircleLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        gamma: float = 80.0,
        margin: float = 0.4,
        remove_diagonal: bool = True,
        normalize: bool = CONVENTION_DEFAULT,
        ref_embeddings: Array = None,
        ref_labels: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CldiceLoss(Loss, loss=objects.CldiceLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class ClipLoss(Loss, loss=objects.ClipLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        logit_scale: float | Array = 100.0,
        normalize: bool = True,
        label_smoothing: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CompleteBoxIouLoss(Loss, loss=objects.CompleteBoxIouLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CosineSimilarityLoss(Loss, loss=objects.CosineSimilarityLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        where: Array = None,
        axis: int | tuple[int, ...] = -1,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class CrossEntropyLoss(Loss, loss=objects.CrossEntropyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class DiceCeLoss(Loss, loss=objects.DiceCeLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class DiceFocalLoss(Loss, loss=objects.DiceFocalLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class DiceLoss(Loss, loss=objects.DiceLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class DistanceBoxIouLoss(Loss, loss=objects.DistanceBoxIouLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class FenchelYoungLoss(Loss, loss=objects.FenchelYoungLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        max_fun: MaxFun = "logsumexp",
        complete: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class FocalTverskyLoss(Loss, loss=objects.FocalTverskyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class GemanMcclureLoss(Loss, loss=objects.GemanMcclureLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class GeneralAdaptiveLoss(Loss, loss=objects.GeneralAdaptiveLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        alpha: float | Array = 1.0,
        scale: float | Array = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class GeneralizedBoxIouLoss(Loss, loss=objects.GeneralizedBoxIouLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class GeneralizedCrossEntropyLoss(Loss, loss=objects.GeneralizedCrossEntropyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        q: float = 0.5,
        from_logits: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class GeneralizedDiceLoss(Loss, loss=objects.GeneralizedDiceLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class GeneralizedKlDivergenceLoss(Loss, loss=objects.GeneralizedKlDivergenceLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        where: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int | tuple[int, ...] = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class HausdorffErosionLoss(Loss, loss=objects.HausdorffErosionLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        iterations: int = 10,
        alpha: float = 2.0,
        from_logits: bool = False,
        activation: Activation | None = None,
        axis: int = -1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class HingeEmbeddingLoss(Loss, loss=objects.HingeEmbeddingLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        margin: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class HingeLoss(Loss, loss=objects.HingeLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class HuberLoss(Loss, loss=objects.HuberLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        delta: float = 1.0,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class JaccardLoss(Loss, loss=objects.JaccardLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class JsDivergenceLoss(Loss, loss=objects.JsDivergenceLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        log_input: bool = False,
        log_target: bool = False,
        axis: int = -1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class KLDivLoss(Loss, loss=objects.KLDivLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: KLReduction = "mean",
        log_target: bool = False,
        log_input: bool = True,
        convention: ConventionName = "torch",
        probability_clip: float | None = None,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class L1Loss(Loss, loss=objects.L1Loss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class LogCoshLoss(Loss, loss=objects.LogCoshLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class LovaszHingeLoss(Loss, loss=objects.LovaszHingeLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        per_image: bool = True,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class LovaszSoftmaxLoss(Loss, loss=objects.LovaszSoftmaxLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class MccLoss(Loss, loss=objects.MccLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        from_logits: bool = False,
        activation: Activation | None = None,
        eps: float = 1e-05,
        per_image: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MeanAbsolutePercentageErrorLoss(Loss, loss=objects.MeanAbsolutePercentageErrorLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        eps: float = 1e-07,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MeanSquaredLogarithmicErrorLoss(Loss, loss=objects.MeanSquaredLogarithmicErrorLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        eps: float = 1e-07,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MsSsimLoss(Loss, loss=objects.MsSsimLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class MSELoss(Loss, loss=objects.MSELoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MultiMarginLoss(Loss, loss=objects.MultiMarginLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        p: int = 1,
        margin: float = 1.0,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MultiSimilarityLoss(Loss, loss=objects.MultiSimilarityLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        alpha: float = 2.0,
        beta: float = 50.0,
        base: float = 0.5,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MulticlassHingeLoss(Loss, loss=objects.MulticlassHingeLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MulticlassPerceptronLoss(Loss, loss=objects.MulticlassPerceptronLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MultiLabelMarginLoss(Loss, loss=objects.MultiLabelMarginLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class MultiLabelSoftMarginLoss(Loss, loss=objects.MultiLabelSoftMarginLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class NLLLoss(Loss, loss=objects.NLLLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        axis: int = -1,
        convention: ConventionName = "torch",
        mean_denominator: MeanDenominator | None = None,
        empty_mean: EmptyMean | None = None,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class NtxentLoss(Loss, loss=objects.NtxentLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        temperature: float = 0.07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class PerceptronLoss(Loss, loss=objects.PerceptronLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class PoissonNLLLoss(Loss, loss=objects.PoissonNLLLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        log_input: bool = True,
        full: bool = False,
        eps: float = CONVENTION_DEFAULT,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class Poly1CrossEntropyLoss(Loss, loss=objects.Poly1CrossEntropyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        epsilon: float = 1.0,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        label_smoothing: float = 0.0,
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class PsnrLoss(Loss, loss=objects.PsnrLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        data_range: float = 1.0,
        per_image: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class RankingSoftmaxLoss(Loss, loss=objects.RankingSoftmaxLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        where: Array = None,
        weights: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SiglipLoss(Loss, loss=objects.SiglipLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        logit_scale: float | Array = 10.0,
        logit_bias: float | Array = -10.0,
        normalize: bool = True,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SigmoidFocalLoss(Loss, loss=objects.SigmoidFocalLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class SimpoLoss(Loss, loss=objects.SimpoLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        beta: float = 0.1,
        gamma: float = 0.5,
        label_smoothing: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SmoothL1Loss(Loss, loss=objects.SmoothL1Loss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        beta: float = 1.0,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SoftMarginLoss(Loss, loss=objects.SoftMarginLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SoftmaxCrossEntropyLoss(Loss, loss=objects.SoftmaxCrossEntropyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        where: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SoftmaxFocalLoss(Loss, loss=objects.SoftmaxFocalLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class SparsemaxLoss(Loss, loss=objects.SparsemaxLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SquaredHingeLoss(Loss, loss=objects.SquaredHingeLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class SsimLoss(Loss, loss=objects.SsimLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class TripletSemihardLoss(Loss, loss=objects.TripletSemihardLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())


@_register
class TverskyLoss(Loss, loss=objects.TverskyLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
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
        Loss.__init__(self, locals())


@_register
class WelschLoss(Loss, loss=objects.WelschLoss):
    def __init__(
        self,
        *,
        name: str | None = None,
        dtype: Any = None,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        Loss.__init__(self, locals())
