"""The torch adapter classes, one per loss object: written by tools/generate_objects.py.

Do not edit: run ``python tools/generate_objects.py``. The behaviour is in
:class:`LossModule` (``portloss/_torch_adapters.py``); use the classes from
:mod:`portloss.torch`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import objects
from ._torch_adapters import LossModule
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


class ArcfaceLoss(LossModule, loss=objects.ArcfaceLoss):
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
        LossModule.__init__(self, locals())


class AsymmetricLoss(LossModule, loss=objects.AsymmetricLoss):
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
        LossModule.__init__(self, locals())


class BalancedBinaryCrossEntropyLoss(LossModule, loss=objects.BalancedBinaryCrossEntropyLoss):
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
        LossModule.__init__(self, locals())


class BatchAllTripletLoss(LossModule, loss=objects.BatchAllTripletLoss):
    def __init__(
        self,
        *,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class BatchHardTripletLoss(LossModule, loss=objects.BatchHardTripletLoss):
    def __init__(
        self,
        *,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        soft_margin: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class BCELoss(LossModule, loss=objects.BCELoss):
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
        LossModule.__init__(self, locals())


class BCEWithLogitsLoss(LossModule, loss=objects.BCEWithLogitsLoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        pos_weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        label_smoothing: float = 0.0,
    ) -> None:
        LossModule.__init__(self, locals())


class BinarySparsemaxLoss(LossModule, loss=objects.BinarySparsemaxLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        LossModule.__init__(self, locals())


class BoxIouLoss(LossModule, loss=objects.BoxIouLoss):
    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CategoricalHingeLoss(LossModule, loss=objects.CategoricalHingeLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        LossModule.__init__(self, locals())


class CauchyLoss(LossModule, loss=objects.CauchyLoss):
    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CharbonnierLoss(LossModule, loss=objects.CharbonnierLoss):
    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CircleLoss(LossModule, loss=objects.CircleLoss):
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
        LossModule.__init__(self, locals())


class CldiceLoss(LossModule, loss=objects.CldiceLoss):
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
        LossModule.__init__(self, locals())


class ClipLoss(LossModule, loss=objects.ClipLoss):
    def __init__(
        self,
        *,
        logit_scale: float | Array = 100.0,
        normalize: bool = True,
        label_smoothing: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CompleteBoxIouLoss(LossModule, loss=objects.CompleteBoxIouLoss):
    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CosfaceLoss(LossModule, loss=objects.CosfaceLoss):
    def __init__(
        self,
        *,
        scale: float = 64.0,
        margin: float = 0.35,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CosineEmbeddingLoss(LossModule, loss=objects.CosineEmbeddingLoss):
    def __init__(
        self,
        *,
        margin: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CosineSimilarityLoss(LossModule, loss=objects.CosineSimilarityLoss):
    def __init__(
        self,
        *,
        where: Array = None,
        axis: int | tuple[int, ...] = -1,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class CrossEntropyLoss(LossModule, loss=objects.CrossEntropyLoss):
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
        LossModule.__init__(self, locals())


class CTCLoss(LossModule, loss=objects.CTCLoss):
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
        LossModule.__init__(self, locals())


class DiceCeLoss(LossModule, loss=objects.DiceCeLoss):
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
        LossModule.__init__(self, locals())


class DiceFocalLoss(LossModule, loss=objects.DiceFocalLoss):
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
        LossModule.__init__(self, locals())


class DiceLoss(LossModule, loss=objects.DiceLoss):
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
        LossModule.__init__(self, locals())


class DistanceBoxIouLoss(LossModule, loss=objects.DistanceBoxIouLoss):
    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class DpoLoss(LossModule, loss=objects.DpoLoss):
    def __init__(
        self,
        *,
        beta: float = 0.1,
        label_smoothing: float = 0.0,
        loss_type: PreferenceLossType = "sigmoid",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class FenchelYoungLoss(LossModule, loss=objects.FenchelYoungLoss):
    def __init__(
        self,
        *,
        max_fun: MaxFun = "logsumexp",
        complete: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        LossModule.__init__(self, locals())


class FocalTverskyLoss(LossModule, loss=objects.FocalTverskyLoss):
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
        LossModule.__init__(self, locals())


class GaussianNLLLoss(LossModule, loss=objects.GaussianNLLLoss):
    def __init__(
        self,
        *,
        full: bool = False,
        eps: float = 1e-06,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class GemanMcclureLoss(LossModule, loss=objects.GemanMcclureLoss):
    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class GeneralAdaptiveLoss(LossModule, loss=objects.GeneralAdaptiveLoss):
    def __init__(
        self,
        *,
        alpha: float | Array = 1.0,
        scale: float | Array = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class GeneralizedBoxIouLoss(LossModule, loss=objects.GeneralizedBoxIouLoss):
    def __init__(
        self,
        *,
        eps: float = 1e-07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class GeneralizedCrossEntropyLoss(LossModule, loss=objects.GeneralizedCrossEntropyLoss):
    def __init__(
        self,
        *,
        q: float = 0.5,
        from_logits: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        LossModule.__init__(self, locals())


class GeneralizedDiceLoss(LossModule, loss=objects.GeneralizedDiceLoss):
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
        LossModule.__init__(self, locals())


class GeneralizedJsdLoss(LossModule, loss=objects.GeneralizedJsdLoss):
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
        LossModule.__init__(self, locals())


class GeneralizedKlDivergenceLoss(LossModule, loss=objects.GeneralizedKlDivergenceLoss):
    def __init__(
        self,
        *,
        where: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int | tuple[int, ...] = -1,
    ) -> None:
        LossModule.__init__(self, locals())


class HausdorffErosionLoss(LossModule, loss=objects.HausdorffErosionLoss):
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
        LossModule.__init__(self, locals())


class HingeEmbeddingLoss(LossModule, loss=objects.HingeEmbeddingLoss):
    def __init__(
        self,
        *,
        margin: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class HingeLoss(LossModule, loss=objects.HingeLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        LossModule.__init__(self, locals())


class HintonDistillationLoss(LossModule, loss=objects.HintonDistillationLoss):
    def __init__(
        self,
        *,
        temperature: float = 1.0,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        empty_mean: EmptyMean | None = None,
    ) -> None:
        LossModule.__init__(self, locals())


class HuberLoss(LossModule, loss=objects.HuberLoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        delta: float = 1.0,
    ) -> None:
        LossModule.__init__(self, locals())


class InfonceLoss(LossModule, loss=objects.InfonceLoss):
    def __init__(
        self,
        *,
        scale: float | Array = 20.0,
        normalize: bool = True,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class JaccardLoss(LossModule, loss=objects.JaccardLoss):
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
        LossModule.__init__(self, locals())


class JsDivergenceLoss(LossModule, loss=objects.JsDivergenceLoss):
    def __init__(
        self,
        *,
        log_input: bool = False,
        log_target: bool = False,
        axis: int = -1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class KLDivLoss(LossModule, loss=objects.KLDivLoss):
    def __init__(
        self,
        *,
        reduction: KLReduction = "mean",
        log_target: bool = False,
        log_input: bool = True,
        convention: ConventionName = "torch",
        probability_clip: float | None = None,
    ) -> None:
        LossModule.__init__(self, locals())


class L1Loss(LossModule, loss=objects.L1Loss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class LinearCrossEntropyLoss(LossModule, loss=objects.LinearCrossEntropyLoss):
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
        LossModule.__init__(self, locals())


class LogCoshLoss(LossModule, loss=objects.LogCoshLoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class LovaszHingeLoss(LossModule, loss=objects.LovaszHingeLoss):
    def __init__(
        self,
        *,
        per_image: bool = True,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class LovaszSoftmaxLoss(LossModule, loss=objects.LovaszSoftmaxLoss):
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
        LossModule.__init__(self, locals())


class MarginRankingLoss(LossModule, loss=objects.MarginRankingLoss):
    def __init__(
        self,
        *,
        margin: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class MccLoss(LossModule, loss=objects.MccLoss):
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
        LossModule.__init__(self, locals())


class MeanAbsolutePercentageErrorLoss(LossModule, loss=objects.MeanAbsolutePercentageErrorLoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        eps: float = 1e-07,
    ) -> None:
        LossModule.__init__(self, locals())


class MeanSquaredLogarithmicErrorLoss(LossModule, loss=objects.MeanSquaredLogarithmicErrorLoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        eps: float = 1e-07,
    ) -> None:
        LossModule.__init__(self, locals())


class MsSsimLoss(LossModule, loss=objects.MsSsimLoss):
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
        LossModule.__init__(self, locals())


class MSELoss(LossModule, loss=objects.MSELoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class MultiMarginLoss(LossModule, loss=objects.MultiMarginLoss):
    def __init__(
        self,
        *,
        p: int = 1,
        margin: float = 1.0,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class MultiSimilarityLoss(LossModule, loss=objects.MultiSimilarityLoss):
    def __init__(
        self,
        *,
        alpha: float = 2.0,
        beta: float = 50.0,
        base: float = 0.5,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class MulticlassHingeLoss(LossModule, loss=objects.MulticlassHingeLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        LossModule.__init__(self, locals())


class MulticlassPerceptronLoss(LossModule, loss=objects.MulticlassPerceptronLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        LossModule.__init__(self, locals())


class MultiLabelMarginLoss(LossModule, loss=objects.MultiLabelMarginLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        LossModule.__init__(self, locals())


class MultiLabelSoftMarginLoss(LossModule, loss=objects.MultiLabelSoftMarginLoss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class NLLLoss(LossModule, loss=objects.NLLLoss):
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
        LossModule.__init__(self, locals())


class NtxentLoss(LossModule, loss=objects.NtxentLoss):
    def __init__(
        self,
        *,
        temperature: float = 0.07,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class OrpoLoss(LossModule, loss=objects.OrpoLoss):
    def __init__(
        self,
        *,
        beta: float = 0.1,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class PerceptronLoss(LossModule, loss=objects.PerceptronLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        LossModule.__init__(self, locals())


class PoissonNLLLoss(LossModule, loss=objects.PoissonNLLLoss):
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
        LossModule.__init__(self, locals())


class Poly1CrossEntropyLoss(LossModule, loss=objects.Poly1CrossEntropyLoss):
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
        LossModule.__init__(self, locals())


class PsnrLoss(LossModule, loss=objects.PsnrLoss):
    def __init__(
        self,
        *,
        data_range: float = 1.0,
        per_image: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class RankingSoftmaxLoss(LossModule, loss=objects.RankingSoftmaxLoss):
    def __init__(
        self,
        *,
        where: Array = None,
        weights: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class SiglipLoss(LossModule, loss=objects.SiglipLoss):
    def __init__(
        self,
        *,
        logit_scale: float | Array = 10.0,
        logit_bias: float | Array = -10.0,
        normalize: bool = True,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class SigmoidFocalLoss(LossModule, loss=objects.SigmoidFocalLoss):
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
        LossModule.__init__(self, locals())


class SimpoLoss(LossModule, loss=objects.SimpoLoss):
    def __init__(
        self,
        *,
        beta: float = 0.1,
        gamma: float = 0.5,
        label_smoothing: float = 0.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class SmoothL1Loss(LossModule, loss=objects.SmoothL1Loss):
    def __init__(
        self,
        *,
        weight: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        beta: float = 1.0,
    ) -> None:
        LossModule.__init__(self, locals())


class SoftMarginLoss(LossModule, loss=objects.SoftMarginLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        LossModule.__init__(self, locals())


class SoftmaxCrossEntropyLoss(LossModule, loss=objects.SoftmaxCrossEntropyLoss):
    def __init__(
        self,
        *,
        where: Array = None,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
        axis: int = -1,
    ) -> None:
        LossModule.__init__(self, locals())


class SoftmaxFocalLoss(LossModule, loss=objects.SoftmaxFocalLoss):
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
        LossModule.__init__(self, locals())


class SparsemaxLoss(LossModule, loss=objects.SparsemaxLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch", axis: int = -1
    ) -> None:
        LossModule.__init__(self, locals())


class SpherefaceLoss(LossModule, loss=objects.SpherefaceLoss):
    def __init__(
        self,
        *,
        scale: float = 64.0,
        margin: int = 4,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class SquaredHingeLoss(LossModule, loss=objects.SquaredHingeLoss):
    def __init__(
        self, *, reduction: Reduction = "mean", convention: ConventionName = "torch"
    ) -> None:
        LossModule.__init__(self, locals())


class SsimLoss(LossModule, loss=objects.SsimLoss):
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
        LossModule.__init__(self, locals())


class SupconLoss(LossModule, loss=objects.SupconLoss):
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
        LossModule.__init__(self, locals())


class TotalVariationLoss(LossModule, loss=objects.TotalVariationLoss):
    def __init__(
        self,
        *,
        average: bool = False,
        channels_last: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class TripletMarginLoss(LossModule, loss=objects.TripletMarginLoss):
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
        LossModule.__init__(self, locals())


class TripletMarginWithDistanceLoss(LossModule, loss=objects.TripletMarginWithDistanceLoss):
    def __init__(
        self,
        *,
        distance_function: Callable[[Any, Any], Any] | None = None,
        margin: float = 1.0,
        swap: bool = False,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class TripletSemihardLoss(LossModule, loss=objects.TripletSemihardLoss):
    def __init__(
        self,
        *,
        margin: float = 1.0,
        metric: DistanceMetric = "euclidean",
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())


class TverskyLoss(LossModule, loss=objects.TverskyLoss):
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
        LossModule.__init__(self, locals())


class WelschLoss(LossModule, loss=objects.WelschLoss):
    def __init__(
        self,
        *,
        scale: float = 1.0,
        reduction: Reduction = "mean",
        convention: ConventionName = "torch",
    ) -> None:
        LossModule.__init__(self, locals())
