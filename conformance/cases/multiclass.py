"""Cases for portloss.multiclass (optax's and Keras' multiclass extras).

torch has none of these losses: the float64 references in ``reference/multiclass.py``
restate optax's and Keras' formulas (tests/test_multiclass.py checks portloss against
optax and Keras themselves).
"""

from __future__ import annotations

import numpy as np

from ..case import Case, Gen, labels, mask, normal, probabilities, uniform

C = 4


def _logits(*shape: int) -> Gen:
    return normal(*shape, scale=2.0)


def _class_mask(*shape: int) -> Gen:
    """A bool ``where`` with about 70% of the classes kept, class 0 always (last axis)."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        out = rng.uniform(size=shape) < 0.7
        out[..., 0] = True
        return out

    return gen


def _pm1(*shape: int) -> Gen:
    return lambda rng: np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0)


def _positive(*shape: int) -> Gen:
    return lambda rng: rng.uniform(0.1, 2.0, shape)


CASES = [
    Case(
        "generalized_cross_entropy",
        "probabilities-q0.5-mean",
        args=(probabilities(6, C), labels(6, classes=C)),
    ),
    Case(
        "generalized_cross_entropy",
        "logits-q0.3-sample-weight-none",
        args=(_logits(6, C), labels(6, classes=C)),
        arrays={"sample_weight": uniform(6)},
        options={"q": 0.3, "from_logits": True, "reduction": "none"},
    ),
    Case(
        "generalized_cross_entropy",
        "probabilities-keras-sample-weight-mean",
        args=(probabilities(6, C), labels(6, classes=C)),
        arrays={"sample_weight": uniform(6, low=0.2, high=2.0)},
        options={"q": 0.7, "convention": "keras"},
    ),
    Case(
        "multiclass_hinge_loss",
        "index-mean",
        args=(_logits(6, C), labels(6, classes=C)),
    ),
    Case(
        "multiclass_hinge_loss",
        "kdim-axis1-probs-sum",
        args=(_logits(3, C, 2), probabilities(3, C, 2, axis=1)),
        options={"axis": 1, "reduction": "sum"},
        dtypes=("float64",),
    ),
    Case(
        "multiclass_perceptron_loss",
        "index-sample-mask-mean",
        args=(_logits(6, C), labels(6, classes=C)),
        arrays={"sample_weight": mask(6)},
    ),
    Case(
        "perceptron_loss",
        "pm1-none",
        args=(_logits(6, C), _pm1(6, C)),
        options={"reduction": "none"},
    ),
    Case(
        "binary_sparsemax_loss",
        "labels-none",
        # optax's labels, as 0.0 / 1.0 (any real or bool dtype is accepted)
        args=(_logits(6, C), lambda rng: rng.integers(0, 2, (6, C)).astype(np.float64)),
        options={"reduction": "none"},
    ),
    Case(
        "binary_sparsemax_loss",
        "probabilities-sample-weight-mean",
        args=(_logits(6, C), uniform(6, C, low=0.0, high=1.0)),
        arrays={"sample_weight": uniform(6, C)},
    ),
    Case("sparsemax_loss", "index-mean", args=(_logits(6, C), labels(6, classes=C))),
    Case(
        "sparsemax_loss",
        "probs-none",
        args=(_logits(6, C), probabilities(6, C)),
        options={"reduction": "none"},
    ),
    *(
        Case(
            "fenchel_young_loss",
            f"{max_fun}-probs-complete-{complete}",
            args=(_logits(6, C), probabilities(6, C)),
            options={"max_fun": max_fun, "complete": complete},
        )
        for max_fun, complete in (("logsumexp", True), ("sparsemax", False), ("max", False))
    ),
    Case(
        "generalized_kl_divergence",
        "positive-mean",
        args=(normal(6, C), _positive(6, C)),
    ),
    # optax's tuple axis and where: one value per row of (6, 3, C), entries masked
    Case(
        "generalized_kl_divergence",
        "tuple-axis-where-mean",
        args=(normal(6, 3, C), _positive(6, 3, C)),
        arrays={"where": _class_mask(3, C)},
        options={"axis": (1, 2)},
    ),
    Case(
        "softmax_cross_entropy",
        "probs-where-none",
        args=(_logits(6, C), probabilities(6, C)),
        # per class, broadcast over the batch: the batch property tests slice the
        # positional arrays only
        arrays={"where": _class_mask(C)},
        options={"reduction": "none"},
    ),
    Case(
        "softmax_cross_entropy",
        "index-sample-weight-sum",
        args=(_logits(6, C), labels(6, classes=C)),
        arrays={"sample_weight": uniform(6)},
        options={"reduction": "sum"},
    ),
]
