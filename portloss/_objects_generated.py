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
    classification,
    divergence,
    embedding,
    focal,
    margin,
    regression,
    segmentation,
    sequence,
    vocabulary,
)
from ._typing import (
    Activation,
    Array,
    ClassWeightMode,
    ConventionName,
    EmptyMean,
    EmptyTarget,
    KLReduction,
    MeanDenominator,
    Reduction,
    SmoothingVariant,
    WeightType,
)
from .objects import Loss


class BalancedBinaryCrossEntropyLoss(Loss, function=binary.balanced_binary_cross_entropy):
    def __init__(
        self, *, negative_ratio: float = 3.0, eps: float = 1e-06, from_logits: bool = False
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, mask: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, mask=mask, **self._options)


class BCELoss(Loss, function=binary.binary_cross_entropy):
    def __init__(
        self, *, weight: Array = None, reduction: Reduction = "mean", label_smoothing: float = 0.0
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class BCEWithLogitsLoss(Loss, function=binary.binary_cross_entropy_with_logits):
    def __init__(
        self,
        *,
        weight: Array = None,
        pos_weight: Array = None,
        reduction: Reduction = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CategoricalHingeLoss(Loss, function=margin.categorical_hinge_loss):
    def __init__(self, *, reduction: Reduction = "mean", axis: int = -1) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CosineEmbeddingLoss(Loss, function=embedding.cosine_embedding_loss):
    def __init__(self, *, margin: float = 0.0, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(
        self, input1: Array, input2: Array, target: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input1, input2, target, sample_weight=sample_weight, **self._options)


class CosineSimilarityLoss(Loss, function=embedding.cosine_similarity_loss):
    def __init__(
        self, *, axis: int = -1, eps: float = 1e-07, reduction: Reduction = "mean"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CrossEntropyLoss(Loss, function=classification.cross_entropy):
    def __init__(
        self,
        *,
        weight: Array = None,
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
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class CTCLoss(Loss, function=sequence.ctc_loss):
    def __init__(
        self,
        *,
        blank: int = 0,
        reduction: Reduction = "mean",
        zero_infinity: bool = False,
        batch_first: bool = False,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, log_probs: Array, targets: Array, input_lengths: Array, target_lengths: Array, /
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(log_probs, targets, input_lengths, target_lengths, **self._options)


class DiceLoss(Loss, function=segmentation.dice_loss):
    def __init__(
        self,
        *,
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
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator = "weights",
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class FocalTverskyLoss(Loss, function=segmentation.focal_tversky_loss):
    def __init__(
        self,
        *,
        alpha: float = 0.5,
        beta: float = 0.5,
        gamma: float = 0.75,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        batch: bool = False,
        weight: Array = None,
        ignore_index: int = -100,
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator = "weights",
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class GaussianNLLLoss(Loss, function=regression.gaussian_nll_loss):
    def __init__(
        self,
        *,
        full: bool = False,
        eps: float = 1e-06,
        weight: Array = None,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, target: Array, var: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, var, sample_weight=sample_weight, **self._options)


class GeneralizedDiceLoss(Loss, function=segmentation.generalized_dice_loss):
    def __init__(
        self,
        *,
        weight_type: WeightType = "square",
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        batch: bool = False,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HingeEmbeddingLoss(Loss, function=margin.hinge_embedding_loss):
    def __init__(self, *, margin: float = 1.0, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HingeLoss(Loss, function=margin.hinge_loss):
    def __init__(self, *, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class HuberLoss(Loss, function=regression.huber_loss):
    def __init__(
        self, *, weight: Array = None, reduction: Reduction = "mean", delta: float = 1.0
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class JaccardLoss(Loss, function=segmentation.jaccard_loss):
    def __init__(
        self,
        *,
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
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator = "weights",
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class JsDivergenceLoss(Loss, function=divergence.js_divergence):
    def __init__(
        self,
        *,
        log_input: bool = False,
        log_target: bool = False,
        axis: int = -1,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class KLDivLoss(Loss, function=divergence.kl_div):
    def __init__(self, *, reduction: KLReduction = "mean", log_target: bool = False) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class L1Loss(Loss, function=regression.l1_loss):
    def __init__(self, *, weight: Array = None, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class LinearCrossEntropyLoss(Loss, function=vocabulary.linear_cross_entropy):
    def __init__(
        self,
        *,
        linear_bias: Array = None,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        label_smoothing: float = 0.0,
        z_loss: float = 0.0,
        softcap: float | None = None,
        chunk_size: int | None = None,
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, input: Array, linear_weight: Array, target: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(
            input, linear_weight, target, sample_weight=sample_weight, **self._options
        )


class LogCoshLoss(Loss, function=regression.log_cosh_loss):
    def __init__(self, *, weight: Array = None, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class LovaszHingeLoss(Loss, function=segmentation.lovasz_hinge_loss):
    def __init__(
        self, *, per_image: bool = True, ignore_index: int = -100, reduction: Reduction = "mean"
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class LovaszSoftmaxLoss(Loss, function=segmentation.lovasz_softmax_loss):
    def __init__(
        self,
        *,
        activation: Activation | None = None,
        axis: int = -1,
        classes: Any = "present",
        per_image: bool = False,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MarginRankingLoss(Loss, function=embedding.margin_ranking_loss):
    def __init__(self, *, margin: float = 0.0, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(
        self, input1: Array, input2: Array, target: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input1, input2, target, sample_weight=sample_weight, **self._options)


class MeanAbsolutePercentageErrorLoss(Loss, function=regression.mean_absolute_percentage_error):
    def __init__(
        self, *, weight: Array = None, reduction: Reduction = "mean", eps: float = 1e-07
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MeanSquaredLogarithmicErrorLoss(Loss, function=regression.mean_squared_logarithmic_error):
    def __init__(
        self, *, weight: Array = None, reduction: Reduction = "mean", eps: float = 1e-07
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MSELoss(Loss, function=regression.mse_loss):
    def __init__(self, *, weight: Array = None, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiMarginLoss(Loss, function=margin.multi_margin_loss):
    def __init__(
        self,
        *,
        p: int = 1,
        margin: float = 1.0,
        weight: Array = None,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiLabelMarginLoss(Loss, function=margin.multilabel_margin_loss):
    def __init__(self, *, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class MultiLabelSoftMarginLoss(Loss, function=margin.multilabel_soft_margin_loss):
    def __init__(self, *, weight: Array = None, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class NLLLoss(Loss, function=classification.nll_loss):
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
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class NtxentLoss(Loss, function=embedding.ntxent_loss):
    def __init__(self, *, temperature: float = 0.07, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(
        self, embeddings: Array, labels: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(embeddings, labels, sample_weight=sample_weight, **self._options)


class PoissonNLLLoss(Loss, function=regression.poisson_nll_loss):
    def __init__(
        self,
        *,
        log_input: bool = True,
        full: bool = False,
        eps: float = 1e-08,
        weight: Array = None,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class Poly1CrossEntropyLoss(Loss, function=focal.poly1_cross_entropy):
    def __init__(
        self,
        *,
        epsilon: float = 1.0,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        label_smoothing: float = 0.0,
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SigmoidFocalLoss(Loss, function=focal.sigmoid_focal_loss):
    def __init__(
        self,
        *,
        alpha: float | None = 0.25,
        gamma: float = 2.0,
        reduction: Reduction = "mean",
        apply_class_balancing: bool = True,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SmoothL1Loss(Loss, function=regression.smooth_l1_loss):
    def __init__(
        self, *, weight: Array = None, reduction: Reduction = "mean", beta: float = 1.0
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SoftMarginLoss(Loss, function=margin.soft_margin_loss):
    def __init__(self, *, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SoftmaxFocalLoss(Loss, function=focal.softmax_focal_loss):
    def __init__(
        self,
        *,
        alpha: Array = None,
        gamma: float = 2.0,
        weight: Array = None,
        ignore_index: int = -100,
        reduction: Reduction = "mean",
        axis: int = -1,
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class SquaredHingeLoss(Loss, function=margin.squared_hinge_loss):
    def __init__(self, *, reduction: Reduction = "mean") -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)


class TripletMarginLoss(Loss, function=embedding.triplet_margin_loss):
    def __init__(
        self,
        *,
        margin: float = 1.0,
        p: float = 2.0,
        eps: float = 1e-06,
        swap: bool = False,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, anchor: Array, positive: Array, negative: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(
            anchor, positive, negative, sample_weight=sample_weight, **self._options
        )


class TripletMarginWithDistanceLoss(Loss, function=embedding.triplet_margin_with_distance_loss):
    def __init__(
        self,
        *,
        distance_function: Callable[[Any, Any], Any] | None = None,
        margin: float = 1.0,
        swap: bool = False,
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(
        self, anchor: Array, positive: Array, negative: Array, /, *, sample_weight: Array = None
    ) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(
            anchor, positive, negative, sample_weight=sample_weight, **self._options
        )


class TverskyLoss(Loss, function=segmentation.tversky_loss):
    def __init__(
        self,
        *,
        alpha: float = 0.5,
        beta: float = 0.5,
        activation: Activation | None = None,
        axis: int = -1,
        include_background: bool = True,
        smooth: float = 1e-05,
        smooth_numerator: float | None = None,
        smooth_denominator: float | None = None,
        batch: bool = False,
        weight: Array = None,
        ignore_index: int = -100,
        empty_target: EmptyTarget = "keep",
        mean_denominator: MeanDenominator = "weights",
        reduction: Reduction = "mean",
    ) -> None:
        self._set_options(locals())

    def __call__(self, input: Array, target: Array, /, *, sample_weight: Array = None) -> Array:
        """The loss of the arrays (see the function)."""
        return self.function(input, target, sample_weight=sample_weight, **self._options)
