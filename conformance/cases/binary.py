"""Cases for portloss.binary: binary cross entropy (probabilities, logits), balanced BCE."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..case import Case, Gen, mask, normal, uniform


def binary_targets(*shape: int) -> Gen:
    """0.0 / 1.0 floats (torch's binary losses want floating targets)."""
    return lambda rng: rng.integers(0, 2, shape).astype(np.float64)


def _smoothed(y: Any, label_smoothing: float) -> Any:
    return y * (1.0 - label_smoothing) + 0.5 * label_smoothing


def torch_bce(p: Any, y: Any, *, label_smoothing: float = 0.0, **options: Any) -> Any:
    import torch.nn.functional as F

    return F.binary_cross_entropy(p, _smoothed(y, label_smoothing), **options)


def torch_bce_logits(x: Any, y: Any, *, label_smoothing: float = 0.0, **options: Any) -> Any:
    import torch.nn.functional as F

    return F.binary_cross_entropy_with_logits(x, _smoothed(y, label_smoothing), **options)


def _cases(function: str, oracle: Any, inputs: Any) -> list[Case]:
    """A few rows covering shapes, reductions and every option (the suite's time is shared)."""
    logits = function.endswith("logits")
    pos_weight = {"pos_weight": uniform(4, low=0.5, high=3.0)} if logits else {}
    rows: list[tuple[str, tuple[int, ...], Gen, dict[str, Gen], dict[str, Any], bool]] = [
        # name, shape, target, arrays, options, torch peer?
        (
            "batched-weight-mean",
            (6, 4),
            uniform(6, 4),  # soft targets
            {"weight": uniform(4, low=0.2, high=2.0), **pos_weight},
            {"reduction": "mean"},
            True,
        ),
        (
            "batched-hard-row-weight-none",
            (6, 4),
            binary_targets(6, 4),
            {"weight": uniform(6, 1, low=0.2, high=2.0), **pos_weight},
            {"reduction": "none"},
            True,
        ),
        (
            "batched-smoothing-sum",
            (6, 4),
            binary_targets(6, 4),
            {},
            {"reduction": "sum", "label_smoothing": 0.2},
            True,
        ),
        (
            "empty-weight-mean",
            (0, 4),
            binary_targets(0, 4),
            {"weight": uniform(4, low=0.2, high=2.0)},
            {"reduction": "mean"},
            True,
        ),
        (
            # sample weights have no torch peer
            "batched-sample-mask-mean",
            (6, 4),
            binary_targets(6, 4),
            {"weight": uniform(4, low=0.2, high=2.0), "sample_weight": mask(6, 1)},
            {"reduction": "mean", "label_smoothing": 0.1},
            False,
        ),
    ]
    return [
        Case(
            function,
            name,
            args=(inputs(*shape), target),
            arrays=arrays,
            options=options,
            oracle=oracle if peer else None,
            grad_argnums=(0, 1),
        )
        for name, shape, target, arrays, options, peer in rows
    ]


def _probabilities(*shape: int) -> Gen:
    # Away from 0 and 1, where torch's gradient (an eps in the denominator) and the
    # clamped log's (zero) differ by design.
    return uniform(*shape, low=0.02, high=0.98)


def _logits(*shape: int) -> Gen:
    return normal(*shape, scale=3.0)


def _balanced_cases() -> list[Case]:
    cases = []
    shape = (6, 4)
    cases.append(
        Case(
            "balanced_binary_cross_entropy",
            "probabilities-mask-ratio3",
            args=(_probabilities(*shape), binary_targets(*shape)),
            arrays={"mask": mask(*shape, frac=0.8)},
            options={"negative_ratio": 3.0},
        )
    )
    cases.append(
        Case(
            "balanced_binary_cross_entropy",
            "logits-ratio0.5",
            args=(_logits(*shape), binary_targets(*shape)),
            options={"from_logits": True, "negative_ratio": 0.5},
        )
    )
    return cases


CASES = [
    *_cases("binary_cross_entropy", torch_bce, _probabilities),
    *_cases("binary_cross_entropy_with_logits", torch_bce_logits, _logits),
    *_balanced_cases(),
    # Keras' numbers: per-sample means over the last axis, (N,) weights aligned from
    # the left, the weighted sum divided by the count, probabilities clipped at 1e-7
    Case(
        "binary_cross_entropy",
        "keras-sample-weight-smoothing-mean",
        args=(_probabilities(6, 4), binary_targets(6, 4)),
        arrays={"sample_weight": uniform(6, low=0.2, high=2.0)},
        options={"convention": "keras", "label_smoothing": 0.1},
    ),
    Case(
        "binary_cross_entropy",
        "keras-logits-sample-weight-none",
        args=(_logits(6, 4), binary_targets(6, 4)),
        arrays={"sample_weight": uniform(6, low=0.2, high=2.0)},
        options={"convention": "keras", "from_logits": True, "reduction": "none"},
    ),
    Case(
        "balanced_binary_cross_entropy",
        "keras-sample-weight-mean",
        args=(_probabilities(6, 4), binary_targets(6, 4)),
        arrays={"sample_weight": uniform(6, 4, low=0.2, high=2.0)},
        options={"convention": "keras", "negative_ratio": 1.0},
    ),
]
