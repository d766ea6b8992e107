"""Cases for portloss.margin: torch's margin family and the Keras / optax hinge losses."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..case import Case, Gen, labels, mask, normal, uniform
from .binary import binary_targets

C = 4


def signs(*shape: int) -> Gen:
    """-1.0 / 1.0 floats."""
    return lambda rng: 2.0 * rng.integers(0, 2, shape) - 1.0


def multilabel_lists(*shape: int) -> Gen:
    """torch's multilabel_margin_loss targets: distinct classes, then -1, then junk."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        rows = np.reshape(np.zeros(shape, dtype=np.int64), (-1, shape[-1]))
        n = shape[-1]
        for row in rows:
            k = rng.integers(0, n + 1)
            row[:] = rng.integers(-1, n, n)  # what follows the end is ignored
            row[:k] = rng.permutation(n)[:k]
            if k < n:
                row[k] = -1
        return rows.reshape(shape)

    return gen


def _F() -> Any:
    import torch.nn.functional as F

    return F


def torch_soft_margin(x: Any, y: Any, **options: Any) -> Any:
    return _F().soft_margin_loss(x, y, **options)


def torch_multilabel_soft_margin(x: Any, y: Any, **options: Any) -> Any:
    return _F().multilabel_soft_margin_loss(x, y, **options)


def torch_multi_margin(x: Any, y: Any, **options: Any) -> Any:
    return _F().multi_margin_loss(x, y, **options)


def torch_multilabel_margin(x: Any, y: Any, **options: Any) -> Any:
    return _F().multilabel_margin_loss(x, y, **options)


def torch_hinge_embedding(x: Any, y: Any, **options: Any) -> Any:
    return _F().hinge_embedding_loss(x, y, **options)


def _reduce(loss: Any, reduction: str) -> Any:
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _keras_labels(y: Any) -> Any:
    import torch

    binary = ((y == 0) | (y == 1)).all()
    return torch.where(binary, 2 * y - 1, y)


def keras_hinge(x: Any, y: Any, *, reduction: str = "mean") -> Any:
    """Keras' hinge, elementwise: max(0, 1 - y' x) with {0, 1} labels mapped to {-1, 1}."""
    return _reduce((1 - _keras_labels(y) * x).clamp_min(0), reduction)


def keras_squared_hinge(x: Any, y: Any, *, reduction: str = "mean") -> Any:
    return _reduce((1 - _keras_labels(y) * x).clamp_min(0) ** 2, reduction)


def keras_categorical_hinge(x: Any, y: Any, *, reduction: str = "mean", axis: int = -1) -> Any:
    """Keras' categorical_hinge on one-hot targets (index targets are one-hot encoded)."""
    import torch.nn.functional as F

    if not y.is_floating_point():
        y = F.one_hot(y, x.shape[axis]).to(x.dtype).movedim(-1, axis)
    pos = (y * x).sum(axis)
    neg = ((1 - y) * x).amax(axis)
    return _reduce((neg - pos + 1).clamp_min(0), reduction)


def _one_hot(*shape: int, axis: int = -1) -> Gen:
    def gen(rng: np.random.Generator) -> np.ndarray:
        n = shape[axis]
        return np.moveaxis(
            np.eye(n)[rng.integers(0, n, shape[:axis] + shape[axis + 1 :])], -1, axis
        )

    return gen


def _x(*shape: int) -> Gen:
    return normal(*shape, scale=1.5)


# function, name, (input, target), arrays, options, oracle
ROWS: list[tuple[str, str, tuple[Gen, Gen], dict[str, Gen], dict[str, Any], Any]] = [
    (
        "soft_margin_loss",
        "batched-none",
        (_x(6, C), signs(6, C)),
        {},
        {"reduction": "none"},
        torch_soft_margin,
    ),
    ("soft_margin_loss", "empty-mean", (_x(0, C), signs(0, C)), {}, {}, torch_soft_margin),
    (
        "soft_margin_loss",
        "batched-sample-weight-mean",
        (_x(6, C), signs(6, C)),
        {"sample_weight": uniform(6, 1)},
        {},
        None,
    ),
    (
        "multilabel_soft_margin_loss",
        "batched-weight-mean",
        (_x(6, C), binary_targets(6, C)),
        {"weight": uniform(C, low=0.2, high=2.0)},
        {},
        torch_multilabel_soft_margin,
    ),
    (
        "multilabel_soft_margin_loss",
        "unbatched-sum",
        (_x(C), binary_targets(C)),
        {},
        {"reduction": "sum"},
        torch_multilabel_soft_margin,
    ),
    (
        "multi_margin_loss",
        "batched-p2-margin0.5-weight-mean",
        (_x(6, C), labels(6, classes=C)),
        {"weight": uniform(C, low=0.2, high=2.0)},
        {"p": 2, "margin": 0.5},
        torch_multi_margin,
    ),
    (
        "multi_margin_loss",
        "batched-p1-none",
        (_x(6, C), labels(6, classes=C)),
        {},
        {"reduction": "none"},
        torch_multi_margin,
    ),
    (
        "multilabel_margin_loss",
        "batched-none",
        (_x(6, C), multilabel_lists(6, C)),
        {},
        {"reduction": "none"},
        torch_multilabel_margin,
    ),
    (
        "hinge_embedding_loss",
        "batched-margin0.5-mean",
        (uniform(6, C, high=2.0), signs(6, C)),
        {},
        {"margin": 0.5},
        torch_hinge_embedding,
    ),
    (
        "hinge_loss",
        "batched-01-labels-mean",
        (_x(6, C), binary_targets(6, C)),
        {},
        {},
        keras_hinge,
    ),
    (
        "hinge_loss",
        "batched-signed-mask-mean",
        (_x(6, C), signs(6, C)),
        {"sample_weight": mask(6, C)},
        {},
        None,
    ),
    (
        "squared_hinge_loss",
        "batched-signed-none",
        (_x(6, C), signs(6, C)),
        {},
        {"reduction": "none"},
        keras_squared_hinge,
    ),
    (
        "categorical_hinge_loss",
        "batched-index-sum",
        (_x(6, C), labels(6, classes=C)),
        {},
        {"reduction": "sum"},
        keras_categorical_hinge,
    ),
    (
        "categorical_hinge_loss",
        "kdim-axis1-one-hot-none",
        (_x(3, C, 2), _one_hot(3, C, 2, axis=1)),
        {},
        {"axis": 1, "reduction": "none"},
        keras_categorical_hinge,
    ),
    # Keras' numbers: per-sample means, (N,) weights aligned left, the count mean
    (
        "hinge_loss",
        "keras-sample-weight-mean",
        (_x(6, C), binary_targets(6, C)),
        {"sample_weight": uniform(6, low=0.2, high=2.0)},
        {"convention": "keras"},
        None,
    ),
    (
        "categorical_hinge_loss",
        "keras-sample-weight-sum",
        (_x(6, C), labels(6, classes=C)),
        {"sample_weight": uniform(6, low=0.2, high=2.0)},
        {"convention": "keras", "reduction": "sum"},
        None,
    ),
]

CASES = [
    Case(function, name, args=args, arrays=arrays, options=options, oracle=oracle)
    for function, name, args, arrays, options, oracle in ROWS
]
