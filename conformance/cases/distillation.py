"""Cases for portloss.distillation: the generalized JSD (GKD / Liger) and Hinton's KD."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..case import Case, labels, mask, normal, uniform

N, V = 6, 5
B, L = 2, 3


def torch_hinton(s: Any, t: Any, *, temperature: float = 1.0, reduction: str = "mean") -> Any:
    """The usual torch form: batchmean KL of the softened distributions times T^2."""
    import torch.nn.functional as F

    out = F.kl_div(
        F.log_softmax(s / temperature, dim=-1),
        F.log_softmax(t / temperature, dim=-1),
        reduction="batchmean" if reduction == "mean" else "sum",
        log_target=True,
    )
    return out * temperature**2


def torch_liger_jsd(s: Any, t: Any, *, beta: float = 0.5, reduction: str = "mean") -> Any:
    """Liger's test reference (test/transformers/test_jsd.py), on log-softmaxes."""
    import torch
    import torch.nn.functional as F

    log_q, log_p = F.log_softmax(s, dim=-1), F.log_softmax(t, dim=-1)

    def kl(a: Any, b: Any) -> Any:  # KLDivLoss(reduction="none", log_target=True)(a, b)
        return F.kl_div(a, b, reduction="none", log_target=True).sum(dim=-1)

    if beta == 0.0:
        loss = kl(log_q, log_p)
    elif beta == 1.0:
        loss = kl(log_p, log_q)
    else:
        m = torch.lerp(log_q.exp(), log_p.exp(), beta)
        loss = beta * kl(m.log(), log_p) + (1 - beta) * kl(m.log(), log_q)
    return loss.mean() if reduction == "mean" else loss.sum()


CASES = [
    *[
        Case(
            "generalized_jsd_loss",
            f"beta{beta}-{reduction}",
            (normal(N, V, scale=2.0), normal(N, V, scale=2.0)),
            options={"beta": beta, "reduction": reduction},
            oracle=torch_liger_jsd,
            grad_argnums=(0, 1),
        )
        for beta, reduction in ((0.0, "mean"), (0.5, "mean"), (1.0, "sum"), (0.1, "mean"))
    ],
    Case(
        "generalized_jsd_loss",
        "beta0.3-labels-temperature-mean",
        (normal(B, L, V), normal(B, L, V), labels(B, L, classes=V, ignore=-100, frac=0.4)),
        options={"beta": 0.3, "temperature": 2.0},
        dtypes=("float32",),
    ),
    Case(
        "generalized_jsd_loss",
        "beta0.7-sample-weight-none",
        (normal(B, L, V), normal(B, L, V)),
        arrays={"sample_weight": uniform(B, 1, low=0.5, high=2.0)},
        options={"beta": 0.7, "reduction": "none"},
        dtypes=("float32",),
    ),
    Case(
        "generalized_jsd_loss",
        "beta1-labels-empty-zero-mean",
        (normal(N, V), normal(N, V), labels(N, classes=V, ignore=7, frac=0.5)),
        options={"beta": 1.0, "ignore_index": 7, "empty_mean": "zero"},
        dtypes=("float32",),
    ),
    Case(
        "hinton_distillation_loss",
        "t1-mean",
        (normal(N, V, scale=2.0), normal(N, V, scale=2.0)),
        oracle=torch_hinton,
        grad_argnums=(0, 1),
    ),
    Case(
        "hinton_distillation_loss",
        "t4-sum",
        (normal(N, V, scale=3.0), normal(N, V, scale=3.0)),
        options={"temperature": 4.0, "reduction": "sum"},
        oracle=torch_hinton,
    ),
    Case(
        "hinton_distillation_loss",
        "t2-labels-mask-mean",
        (normal(B, L, V), normal(B, L, V), labels(B, L, classes=V, ignore=-100)),
        arrays={"sample_weight": mask(B, L)},
        options={"temperature": 2.0},
        dtypes=("float32",),
    ),
]

GRADIENT_ROWS = {
    "generalized_jsd_loss[beta0.0-mean]",
    "generalized_jsd_loss[beta0.5-mean]",
    "generalized_jsd_loss[beta1.0-sum]",
    "generalized_jsd_loss[beta0.3-labels-temperature-mean]",
    "hinton_distillation_loss[t1-mean]",
    "hinton_distillation_loss[t2-labels-mask-mean]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
