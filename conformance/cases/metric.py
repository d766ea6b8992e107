"""Cases for portloss.metric: margin softmaxes (ArcFace, sub-centre ArcFace, CosFace,
SphereFace), Circle (Keras'), multi-similarity and the batch-mining triplet losses, against
the float64 formulas of ``conformance/reference/metric.py``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ..case import Case, labels, mask, normal, uniform

N, D, C = 6, 5, 3
F32 = ("float32",)


def _group_labels(n: int, groups: int) -> Any:
    """Labels with every group present at least twice (so every row has a positive)."""
    return lambda rng: rng.permutation(np.arange(n, dtype=np.int64) % groups)


def _classes(n: int, c: int) -> Any:
    return labels(n, classes=c)


CASES = [
    Case(
        "pairwise_distances",
        "two-squared",
        (normal(N, D), normal(4, D)),
        options={"metric": "squared"},
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case("pairwise_distances", "euclidean", (normal(N, D),), dtypes=F32),
    Case(
        "pairwise_distances",
        "cosine-eps",
        (normal(N, D), normal(4, D)),
        options={"metric": "cosine", "eps": 1e-8},
        dtypes=F32,
    ),
    Case("arcface_loss", "mean", (normal(N, D), normal(C, D), _classes(N, C)), grad_argnums=(0, 1)),
    Case(
        "arcface_loss",
        "easy-sw-none",
        (normal(N, D), normal(C, D), _classes(N, C)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"scale": 8.0, "margin": 0.3, "easy_margin": True, "reduction": "none"},
        dtypes=F32,
    ),
    Case(
        "arcface_loss",
        "fallback-subcentre-sum",
        (normal(N, D), normal(C * 2, D), _classes(N, C)),
        arrays={"sample_weight": mask(N)},
        options={"scale": 16.0, "margin": 2.0, "k": 2, "reduction": "sum"},
        dtypes=F32,
    ),
    Case("cosface_loss", "mean", (normal(N, D), normal(C, D), _classes(N, C)), dtypes=F32),
    Case(
        "cosface_loss",
        "margin-sw-none",
        (normal(N, D), normal(C, D), _classes(N, C)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"scale": 5.0, "margin": 0.1, "reduction": "none"},
        dtypes=F32,
    ),
    Case(
        "sphereface_loss",
        "mean",
        (normal(N, D), normal(C, D), _classes(N, C)),
        options={"scale": 4.0},
        dtypes=F32,
    ),
    Case(
        "sphereface_loss",
        "m3-sw-sum",
        (normal(N, D), normal(C, D), _classes(N, C)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"scale": 2.0, "margin": 3, "reduction": "sum"},
        dtypes=F32,
    ),
    Case("circle_loss", "mean", (normal(N, D), _group_labels(N, 3)), dtypes=F32),
    Case(
        "circle_loss",
        "options-sw-none",
        (normal(N, D), _group_labels(N, 2)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"gamma": 16.0, "margin": 0.25, "normalize": True, "reduction": "none"},
        dtypes=F32,
    ),
    Case(
        "circle_loss",
        "keras-convention-sw-mean",  # Keras' masked "sum_over_batch_size" with weights
        (normal(N, D), _group_labels(N, 3)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"gamma": 16.0, "convention": "keras"},
        dtypes=F32,
    ),
    Case(
        "circle_loss",
        "reference-rows-sum",
        (normal(N, D), _group_labels(N, 3)),
        arrays={"ref_embeddings": normal(4, D), "ref_labels": _group_labels(4, 2)},
        options={"remove_diagonal": False, "normalize": False, "reduction": "sum"},
        grad_argnums=(),
        dtypes=F32,
    ),
    Case("multi_similarity_loss", "mean", (normal(N, D), _group_labels(N, 3)), dtypes=F32),
    Case(
        "multi_similarity_loss",
        "options-sw-none",
        (normal(N, D), _group_labels(N, 2)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"alpha": 1.0, "beta": 10.0, "base": 0.2, "reduction": "none"},
        dtypes=F32,
    ),
    Case("batch_hard_triplet_loss", "mean", (normal(N, D), _group_labels(N, 3)), dtypes=F32),
    Case(
        "batch_hard_triplet_loss",
        "soft-cosine-sw-none",
        (normal(N, D), _group_labels(N, 2)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"soft_margin": True, "metric": "cosine", "reduction": "none"},
        dtypes=F32,
    ),
    Case(
        "batch_hard_triplet_loss",
        "squared-margin-sum",
        (normal(N, D), _group_labels(N, 2)),
        options={"margin": 3.0, "metric": "squared", "reduction": "sum"},
        dtypes=F32,
    ),
    Case("batch_all_triplet_loss", "mean", (normal(N, D), _group_labels(N, 3)), dtypes=F32),
    Case(
        "batch_all_triplet_loss",
        "cosine-sw-sum",
        (normal(N, D), _group_labels(N, 2)),
        arrays={"sample_weight": uniform(N, 1, 1, low=0.1, high=2.0)},
        options={"margin": 0.3, "metric": "cosine", "reduction": "sum"},
        dtypes=F32,
    ),
    Case("triplet_semihard_loss", "mean", (normal(N, D), _group_labels(N, 3)), dtypes=F32),
    Case(
        "triplet_semihard_loss",
        "squared-sw-none",
        (normal(N, D), _group_labels(N, 2)),
        arrays={"sample_weight": uniform(N, 1, low=0.1, high=2.0)},
        options={"margin": 0.5, "metric": "squared", "reduction": "none"},
        dtypes=F32,
    ),
]

# Gradients on these rows only (each costs compilations on JAX); the rest share their code.
GRADIENT_ROWS = {
    "pairwise_distances[two-squared]",
    "arcface_loss[mean]",
    "cosface_loss[mean]",
    "sphereface_loss[mean]",
    "circle_loss[mean]",
    "multi_similarity_loss[mean]",
    "batch_hard_triplet_loss[mean]",
    "batch_all_triplet_loss[mean]",
    "triplet_semihard_loss[mean]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
