"""Type aliases of the public signatures: the array type and the option values.

Every option with a fixed set of string values has a ``Literal`` type here, so that a
type checker refuses ``cross_entropy(x, y, reduction="average")`` and
``CrossEntropyLoss(reduction="average")`` before the code runs. The tuples of
accepted values the runtime checks use (``conventions.CONVENTION_NAMES``, ...) are
derived from these types with :func:`typing.get_args`, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

__all__ = [
    "Activation",
    "Array",
    "ClassWeightMethod",
    "ClassWeightMode",
    "ConventionName",
    "DistanceMetric",
    "EmptyMean",
    "EmptyTarget",
    "KLReduction",
    "LabelSmoothingVariant",
    "LastAxis",
    "LovaszClasses",
    "MaxFun",
    "MeanDenominator",
    "PreferenceLossType",
    "Reduction",
    "SampleWeightAlignment",
    "SmoothingVariant",
    "WeightType",
]

#: An array of any Array API library (NumPy, CuPy, PyTorch, JAX, Dask, ...). The
#: standard has no static array type that those libraries declare, so this is ``Any``:
#: it documents the role of an argument without refusing any library's array.
Array: TypeAlias = Any

#: The reductions every loss takes: torch's three and Keras' two names of a mean
#: (``"sum_over_batch_size"`` divides by the count, ``"mean_with_sample_weight"`` by the
#: sum of the weights; both give 0 for a mean over nothing).
Reduction: TypeAlias = Literal[
    "none", "mean", "sum", "sum_over_batch_size", "mean_with_sample_weight"
]
#: ``kl_div``'s reductions: torch's, with ``"batchmean"``, and Keras' names of a mean.
KLReduction: TypeAlias = Literal[
    "none", "mean", "sum", "batchmean", "sum_over_batch_size", "mean_with_sample_weight"
]
ConventionName: TypeAlias = Literal["torch", "keras", "paddle"]
ClassWeightMode: TypeAlias = Literal["per_class", "hard_target", "smoothed_target"]
MeanDenominator: TypeAlias = Literal["weights", "count"]
EmptyMean: TypeAlias = Literal["nan", "zero"]
#: Whether an elementwise loss averages over its last axis before weighting (Keras'
#: per-sample loss) or keeps every element (torch).
LastAxis: TypeAlias = Literal["keep", "mean"]
#: How a ``sample_weight`` of lower rank than the unreduced loss is aligned: refused
#: (``"exact"``) or aligned from the left (Keras).
SampleWeightAlignment: TypeAlias = Literal["exact", "left"]
SmoothingVariant: TypeAlias = Literal["uniform", "others"]
#: ``smooth_labels``' variants: the classification ones and the binary one.
LabelSmoothingVariant: TypeAlias = Literal["uniform", "others", "binary"]
ClassWeightMethod: TypeAlias = Literal[
    "inverse", "inverse_sqrt", "balanced", "enet", "effective_number"
]
Activation: TypeAlias = Literal["softmax", "sigmoid"]
EmptyTarget: TypeAlias = Literal["keep", "zero", "ignore"]
WeightType: TypeAlias = Literal["square", "simple", "uniform"]
LovaszClasses: TypeAlias = Literal["present", "all"]
# The metric-learning losses' distances (issue 23).
DistanceMetric: TypeAlias = Literal["euclidean", "squared", "cosine"]
#: ``dpo_loss``'s ``loss_type``: TRL's DPO variants.
PreferenceLossType: TypeAlias = Literal["sigmoid", "hinge", "ipo", "robust"]
#: ``fenchel_young_loss``'s max functions (the regularizers' conjugates).
MaxFun: TypeAlias = Literal["logsumexp", "sparsemax", "max"]
