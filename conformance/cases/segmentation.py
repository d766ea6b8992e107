"""Cases for portloss.segmentation: Dice, Jaccard, Tversky, focal Tversky, generalized
Dice and the Lovász losses.

torch has none of these losses, so the rows have no ``oracle``: the float64 reference is
the independent one in ``conformance/reference/segmentation.py``, and
tests/test_segmentation.py checks portloss against the MONAI, Keras, optax,
segmentation_models_pytorch and Berman et al. definitions written out in NumPy.
"""

from __future__ import annotations

import numpy as np

from ..case import Case, Gen, integers, labels, mask, normal, probabilities, uniform

C = 3  # classes


def _binary_mask(*shape: int) -> Gen:
    """A 0/1 float mask (a binary or one-hot-like target), about half ones."""
    return lambda rng: (rng.uniform(size=shape) < 0.5).astype(np.float64)


def _with_empty_class(*shape: int, axis: int, empty: int) -> Gen:
    """Probabilities with class ``empty`` predicted nowhere (exactly 0)."""
    probs = probabilities(*shape, axis=axis)

    def gen(rng: np.random.Generator) -> np.ndarray:
        p = probs(rng)
        index = [slice(None)] * p.ndim
        index[axis] = empty
        p[tuple(index)] = 0.0
        return p

    return gen


def _labels_without(*shape: int, classes: int, missing: int) -> Gen:
    """Class indices in ``[0, classes)`` that never hit class ``missing``."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        out = rng.integers(0, classes - 1, shape, dtype=np.int64)
        return np.where(out >= missing, out + 1, out)

    return gen


# One pixel count and class count for (almost) every row: eager JAX compiles each
# operation once per shape, so shared shapes keep the family's run short.
N, P = 2, 6
LAST, FIRST = (N, P, C), (N, C, P)
F32 = ("float32",)


def _dice_family() -> list[Case]:
    return [
        Case(
            "dice_loss",
            "axis1-softmax-index-mean",
            args=(normal(*FIRST), labels(N, P, classes=C)),
            options={"from_logits": True, "activation": "softmax", "axis": 1},
            dtypes=F32,
        ),
        Case(
            "dice_loss",
            "3d-last-softmax-ignore-weights-nobg-count-zero-mean",
            args=(normal(N, 1, 2, 3, C), labels(N, 1, 2, 3, classes=C, ignore=255, frac=0.3)),
            arrays={
                "weight": uniform(C, low=0.2, high=2.0),
                "sample_weight": uniform(N, 1, low=0.0, high=2.0),
            },
            options={
                "from_logits": True,
                "activation": "softmax",
                "ignore_index": 255,
                "include_background": False,
                "mean_denominator": "count",
                "empty_target": "zero",
            },
            dtypes=F32,
        ),
        # sigmoid and a soft-mask target, differentiable in both; 2-D channel-first
        Case(
            "dice_loss",
            "2d-axis1-sigmoid-mask-sum",
            args=(normal(N, C, 2, 3), uniform(N, C, 2, 3)),
            options={"from_logits": True, "activation": "sigmoid", "axis": 1, "reduction": "sum"},
            grad_argnums=(0, 1),
            dtypes=F32,
        ),
        # V-Net: probabilities, squared denominators, smoothing in the denominator only
        Case(
            "dice_loss",
            "vnet-squared-none",
            args=(uniform(3, 3, 1), _binary_mask(3, 3, 1)),
            options={
                "squared": True,
                "smooth_numerator": 0.0,
                "smooth_denominator": 0.002,
                "reduction": "none",
            },
        ),
        Case(
            "dice_loss",
            "zero-batch-empty-target-ignore-mean",
            args=(normal(0, P, C), labels(0, P, classes=C)),
            options={"from_logits": True, "activation": "softmax", "empty_target": "ignore"},
            dtypes=F32,
        ),
        Case(
            "jaccard_loss",
            "squared-sigmoid-mask-batch-none",
            args=(normal(*LAST), _binary_mask(*LAST)),
            options={
                "from_logits": True,
                "activation": "sigmoid",
                "squared": True,
                "batch": True,
                "reduction": "none",
            },
            dtypes=F32,
        ),
        # Keras' Dice() and Tversky(alpha, beta, axis=(1, 2)) under the convention
        Case(
            "dice_loss",
            "keras-defaults-pooled-mean",
            args=(probabilities(*LAST), _binary_mask(*LAST)),
            options={"convention": "keras"},
            dtypes=F32,
        ),
        Case(
            "tversky_loss",
            "keras-alpha-per-image-sample-weight-none",
            args=(probabilities(*LAST), _binary_mask(*LAST)),
            arrays={"sample_weight": uniform(N, low=0.2, high=2.0)},
            options={
                "alpha": 0.3,
                "beta": 0.7,
                "batch": False,
                "convention": "keras",
                "reduction": "none",
            },
            dtypes=F32,
        ),
        Case(
            "tversky_loss",
            "axis1-probs-ignore-weight-none",
            args=(probabilities(*FIRST, axis=1), labels(N, P, classes=C, ignore=-100)),
            arrays={"weight": uniform(C, low=0.2, high=2.0)},
            options={"axis": 1, "alpha": 0.8, "beta": 0.2, "reduction": "none"},
            dtypes=F32,
        ),
        # gamma < 1 at an empty class: loss 0 there, gradient kept finite
        Case(
            "focal_tversky_loss",
            "empty-class-gamma-0.75-none",
            args=(
                _with_empty_class(*LAST, axis=-1, empty=0),
                _labels_without(N, P, classes=C, missing=0),
            ),
            options={"alpha": 0.3, "beta": 0.7, "gamma": 0.75, "smooth": 0.0, "reduction": "none"},
            dtypes=F32,
        ),
        Case(
            "generalized_dice_loss",
            "square-axis1-softmax-absent-class-mean",
            args=(normal(*FIRST), _labels_without(N, P, classes=C, missing=2)),
            arrays={"sample_weight": mask(N)},
            options={"from_logits": True, "activation": "softmax", "axis": 1},
            dtypes=F32,
        ),
    ]


def _lovasz() -> list[Case]:
    return [
        Case(
            "lovasz_hinge_loss",
            "per-image-none",
            args=(normal(N, P, scale=2.0), integers(N, P)),
            options={"reduction": "none"},
            dtypes=F32,
        ),
        Case(
            "lovasz_hinge_loss",
            "batch-float-target-ignore-mean",
            args=(normal(N, P, scale=2.0), labels(N, P, classes=2, ignore=255, frac=0.3)),
            options={"per_image": False, "ignore_index": 255},
            dtypes=F32,
        ),
        Case(
            "lovasz_softmax_loss",
            "present-axis1-probs-mean",
            args=(probabilities(*FIRST, axis=1), labels(N, P, classes=C)),
            options={"axis": 1},
            dtypes=F32,
        ),
        Case(
            "lovasz_softmax_loss",
            "all-softmax-per-image-ignore-sample-weight-none",
            args=(normal(*LAST, scale=2.0), labels(N, P, classes=C, ignore=-100, frac=0.3)),
            arrays={"sample_weight": uniform(N, low=0.0, high=2.0)},
            options={
                "from_logits": True,
                "activation": "softmax",
                "classes": "all",
                "per_image": True,
                "reduction": "none",
            },
            dtypes=F32,
        ),
    ]


CASES = [*_dice_family(), *_lovasz()]
