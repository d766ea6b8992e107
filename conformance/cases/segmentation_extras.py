"""Cases for the segmentation additions of issue 24: Dice+CE and Dice+focal in one call,
the spatial ``mask``, MONAI's ``soft_label`` and segmentation_models_pytorch's
``log_loss`` and ``classes`` on the overlap losses.

The float64 reference is ``conformance/reference/segmentation.py``; the oracles (MONAI's
``DiceCELoss``, ``DiceFocalLoss``, ``MaskedDiceLoss`` and ``soft_label``, smp's formula)
are checked in tests/test_segmentation_extras.py.
"""

from __future__ import annotations

import numpy as np

from ..case import Case, Gen, labels, mask, normal, probabilities, uniform

C = 3
N, P = 2, 6
LAST, FIRST = (N, P, C), (N, C, P)
F32 = ("float32",)
BOTH = ("float32", "float64")


def _binary(*shape: int) -> Gen:
    return lambda rng: (rng.uniform(size=shape) < 0.5).astype(np.float64)


def _compound() -> list[Case]:
    return [
        Case(
            "dice_ce_loss",
            "axis1-index-weights-mean",
            args=(normal(*FIRST), labels(N, P, classes=C)),
            arrays={"weight": uniform(C, low=0.2, high=2.0)},
            options={"axis": 1, "lambda_dice": 0.7, "lambda_ce": 1.3},
            dtypes=BOTH,
        ),
        Case(
            "dice_ce_loss",
            "soft-target-smoothing-nobg-sum",
            args=(normal(*LAST), probabilities(*LAST, axis=-1)),
            options={"label_smoothing": 0.1, "include_background": False, "reduction": "sum"},
            dtypes=F32,
        ),
        Case(
            "dice_ce_loss",
            "ignore-sample-weight-none",
            args=(normal(*LAST), labels(N, P, classes=C, ignore=-100, frac=0.3)),
            arrays={"sample_weight": uniform(N, low=0.2, high=2.0)},
            options={"reduction": "none"},
            dtypes=F32,
        ),
        Case(
            "dice_ce_loss",
            "one-channel-sigmoid-batch-mean",
            args=(normal(N, P, 1), _binary(N, P, 1)),
            arrays={"weight": uniform(1, low=0.5, high=2.0)},
            options={"from_logits": True, "activation": "sigmoid", "batch": True},
            dtypes=F32,
        ),
        Case(
            "dice_focal_loss",
            "axis1-index-weights-alpha-mean",
            args=(normal(*FIRST), labels(N, P, classes=C)),
            arrays={"weight": uniform(C, low=0.2, high=2.0)},
            options={"axis": 1, "gamma": 1.5, "alpha": 0.3, "lambda_focal": 2.0},
            dtypes=BOTH,
        ),
        Case(
            "dice_focal_loss",
            "mask-target-nobg-softmax-sum",
            args=(normal(*LAST), _binary(*LAST)),
            options={
                "include_background": False,
                "from_logits": True,
                "activation": "softmax",
                "reduction": "sum",
            },
            dtypes=F32,
        ),
        Case(
            "dice_focal_loss",
            "ignore-bool-sample-weight-none",
            args=(normal(*LAST), labels(N, P, classes=C, ignore=-100, frac=0.3)),
            arrays={"sample_weight": mask(N)},
            options={"reduction": "none", "gamma": 0.5},
            dtypes=F32,
        ),
    ]


def _options() -> list[Case]:
    return [
        Case(
            "dice_loss",
            "mask-float-softmax-axis1-mean",
            args=(normal(*FIRST), labels(N, P, classes=C)),
            arrays={"mask": uniform(N, 1, P, low=0.0, high=1.0)},
            options={"from_logits": True, "activation": "softmax", "axis": 1},
            dtypes=BOTH,
        ),
        Case(
            "jaccard_loss",
            "mask-bool-no-class-axis-none",
            args=(probabilities(*LAST, axis=-1), labels(N, P, classes=C)),
            arrays={"mask": mask(N, P)},
            options={"reduction": "none"},
            dtypes=F32,
        ),
        Case(
            "generalized_dice_loss",
            "mask-soft-label-simple",
            args=(normal(*LAST), probabilities(*LAST, axis=-1)),
            arrays={"mask": uniform(N, P, 1, low=0.0, high=1.0)},
            options={
                "from_logits": True,
                "activation": "softmax",
                "soft_label": True,
                "weight_type": "simple",
            },
            dtypes=F32,
        ),
        Case(
            "dice_loss",
            "soft-label-soft-target-mean",
            args=(normal(*LAST), probabilities(*LAST, axis=-1)),
            options={"from_logits": True, "activation": "softmax", "soft_label": True},
            dtypes=F32,
        ),
        Case(
            "tversky_loss",
            "soft-label-log-loss-classes-mean",
            args=(normal(*LAST), probabilities(*LAST, axis=-1)),
            options={
                "from_logits": True,
                "activation": "softmax",
                "soft_label": True,
                "log_loss": True,
                "classes": (0, 2),
                "alpha": 0.3,
                "beta": 0.7,
            },
            dtypes=F32,
        ),
        Case(  # segmentation_models_pytorch's DiceLoss(mode="multiclass", classes, log_loss)
            "dice_loss",
            "smp-batch-zero-log-loss-classes-mean",
            args=(normal(*FIRST), labels(N, P, classes=C)),
            options={
                "from_logits": True,
                "activation": "softmax",
                "axis": 1,
                "batch": True,
                "smooth": 0.0,
                "empty_target": "zero",
                "log_loss": True,
                "classes": [1, 2],
            },
            dtypes=F32,
        ),
        Case(
            "jaccard_loss",
            "nobg-classes-focal-none",
            args=(normal(*LAST), labels(N, P, classes=C)),
            options={
                "from_logits": True,
                "activation": "sigmoid",
                "include_background": False,
                "classes": (2,),
                "reduction": "none",
            },
            dtypes=F32,
        ),
        Case(
            "focal_tversky_loss",
            "mask-soft-label-mean",
            args=(normal(*LAST), probabilities(*LAST, axis=-1)),
            arrays={"mask": mask(N, P, 1)},
            options={"from_logits": True, "activation": "softmax", "soft_label": True},
            dtypes=F32,
        ),
    ]


def _lovasz() -> list[Case]:
    return [
        Case(  # kornia's lovasz_softmax_loss(pred, target, weight)
            "lovasz_softmax_loss",
            "kornia-weight-all-per-image-mean",
            args=(normal(*FIRST), labels(N, P, classes=C)),
            arrays={"weight": uniform(C, low=0.2, high=2.0)},
            options={
                "from_logits": True,
                "activation": "softmax",
                "axis": 1,
                "classes": "all",
                "per_image": True,
            },
            dtypes=F32,
        ),
        Case(
            "lovasz_softmax_loss",
            "weight-present-ignore",
            args=(probabilities(*LAST, axis=-1), labels(N, P, classes=C, ignore=-100, frac=0.3)),
            arrays={"weight": uniform(C, low=0.2, high=2.0)},
            dtypes=F32,
        ),
    ]


def _mcc() -> list[Case]:
    return [
        Case(  # smp: input (N, 1, H, W) probabilities, target (N, H, W)
            "mcc_loss",
            "smp-batch-mean",
            args=(uniform(N, 1, P, low=0.01, high=0.99), _binary(N, P)),
            dtypes=BOTH,
        ),
        Case(
            "mcc_loss",
            "sigmoid-per-image-weights-none",
            args=(normal(N, P), _binary(N, P)),
            arrays={"sample_weight": uniform(N, low=0.2, high=2.0)},
            options={
                "from_logits": True,
                "activation": "sigmoid",
                "per_image": True,
                "eps": 1e-3,
                "reduction": "none",
            },
            dtypes=F32,
        ),
    ]


def _cldice() -> list[Case]:
    return [
        Case(  # MONAI SoftclDiceLoss(softmax=True, to_onehot_y=True), 2-D
            "cldice_loss",
            "axis1-softmax-2d-iter1-mean",
            args=(normal(N, C, 5, 4), labels(N, 5, 4, classes=C)),
            # One skeleton step: more repeat the same ops, and each costs JAX compiles.
            options={"from_logits": True, "activation": "softmax", "axis": 1, "iterations": 1},
            dtypes=F32,
        ),
        Case(
            "cldice_loss",
            "3d-last-sigmoid-mask-nobg-iter0-weights-none",
            args=(normal(N, 3, 4, 3, C), _binary(N, 3, 4, 3, C)),
            arrays={"sample_weight": uniform(N, low=0.2, high=2.0)},
            options={
                "from_logits": True,
                "activation": "sigmoid",
                "include_background": False,
                "iterations": 0,
                "reduction": "none",
            },
            dtypes=F32,
            grad_argnums=(),
        ),
    ]


CASES = [*_compound(), *_options(), *_lovasz(), *_mcc(), *_cldice()]
