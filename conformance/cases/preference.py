"""Cases for portloss.preference: DPO (four loss types), SimPO, ORPO, the rewards and
the per-sequence log-probabilities."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ..case import Case, Gen, labels, normal, uniform

N = 6
B, L, V = 3, 5, 7


def _logps(low: float = -30.0, high: float = -2.0) -> Gen:
    return uniform(N, low=low, high=high)


def _avg_logps() -> Gen:
    return uniform(N, low=-3.0, high=-0.05)


def _scalar(low: float, high: float) -> Gen:
    return lambda rng: np.asarray(rng.uniform(low, high))


def torch_dpo(pc: Any, pr: Any, rc: Any, rr: Any, **options: Any) -> Any:
    """TRL's DPOTrainer.dpo_loss (the pre-1.0 formula with label smoothing) in torch."""
    import torch
    import torch.nn.functional as F

    beta, eps = options.get("beta", 0.1), options.get("label_smoothing", 0.0)
    loss_type = options.get("loss_type", "sigmoid")
    logits = (pc - pr) - (rc - rr)
    if loss_type == "sigmoid":
        losses = -F.logsigmoid(beta * logits) * (1 - eps) - F.logsigmoid(-beta * logits) * eps
    elif loss_type == "robust":
        losses = (-F.logsigmoid(beta * logits) * (1 - eps) + F.logsigmoid(-beta * logits) * eps) / (
            1 - 2 * eps
        )
    elif loss_type == "hinge":
        losses = torch.relu(1 - beta * logits)
    else:
        losses = (logits - 1 / (2 * beta)) ** 2
    return {"mean": losses.mean(), "sum": losses.sum(), "none": losses}[
        options.get("reduction", "mean")
    ]


CASES = [
    *[
        Case(
            "dpo_loss",
            f"{loss_type}-ls{eps}-{reduction}",
            (_logps(), _logps(), _logps(), _logps()),
            options={"loss_type": loss_type, "label_smoothing": eps, "reduction": reduction},
            oracle=torch_dpo,
            grad_argnums=(0, 1),
        )
        for loss_type, eps, reduction in (
            ("sigmoid", 0.0, "mean"),
            ("sigmoid", 0.1, "none"),
            ("robust", 0.2, "mean"),
            ("hinge", 0.0, "sum"),
            ("ipo", 0.0, "mean"),
        )
    ],
    Case(
        "dpo_loss",
        "beta0.5-sample-weight-mean",
        (_logps(), _logps(), _logps(), _logps()),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"beta": 0.5},
        dtypes=("float32",),
    ),
    Case("simpo_loss", "default-mean", (_avg_logps(), _avg_logps()), grad_argnums=(0, 1)),
    Case(
        "simpo_loss",
        "beta2-gamma1-ls0.1-none",
        (_avg_logps(), _avg_logps()),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"beta": 2.0, "gamma": 1.0, "label_smoothing": 0.1, "reduction": "none"},
    ),
    Case("orpo_loss", "ratio-only-mean", (_avg_logps(), _avg_logps()), grad_argnums=(0, 1)),
    Case(
        "orpo_loss",
        "scalar-nll-beta0.25-mean",
        (_avg_logps(), _avg_logps(), _scalar(0.5, 3.0)),
        options={"beta": 0.25},
        grad_argnums=(0, 1, 2),
    ),
    Case(
        "orpo_loss",
        "pair-nll-sample-weight-sum",
        (_avg_logps(), _avg_logps(), uniform(N, low=0.5, high=3.0)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"reduction": "sum"},
        dtypes=("float32",),
    ),
    Case(
        "preference_rewards",
        "dpo",
        (_logps(), _logps(), _logps(), _logps()),
        options={"beta": 0.2},
        grad_argnums=(),
    ),
    Case("preference_rewards", "reference-free", (_avg_logps(), _avg_logps()), grad_argnums=()),
    Case(
        "sequence_log_probs",
        "shift-sum",
        (normal(B, L, V, scale=3.0), labels(B, L, classes=V, ignore=-100, frac=0.4)),
    ),
    Case(
        "sequence_log_probs",
        "no-shift-average",
        (normal(B, L, V, scale=3.0), labels(B, L, classes=V, ignore=-100, frac=0.4)),
        options={"shift": False, "average": True},
    ),
    Case(
        "sequence_log_probs",
        "kdim-ignore0-average",
        (normal(2, B, L, V), labels(2, B, L, classes=V, ignore=0, frac=0.3)),
        options={"ignore_index": 0, "average": True},
        dtypes=("float32",),
    ),
]

GRADIENT_ROWS = {
    "dpo_loss[sigmoid-ls0.0-mean]",
    "dpo_loss[robust-ls0.2-mean]",
    "dpo_loss[ipo-ls0.0-mean]",
    "simpo_loss[default-mean]",
    "orpo_loss[ratio-only-mean]",
    "orpo_loss[scalar-nll-beta0.25-mean]",
    "sequence_log_probs[shift-sum]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
