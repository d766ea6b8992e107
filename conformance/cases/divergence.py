"""Cases for portloss.divergence: kl_div (torch's own) and js_divergence (its formula in torch)."""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Any

import numpy as np

from ..case import Case, mask, normal, probabilities, uniform

# Shapes shared with the other families, so JAX's per-shape op cache is reused.
N, C = 6, 5
KDIM = (3, 4, 2, C)
F32 = ("float32",)


def torch_kl_div(x: Any, y: Any, **options: Any) -> Any:
    import torch.nn.functional as F

    with warnings.catch_warnings():  # torch warns that its "mean" is not batchmean
        warnings.simplefilter("ignore", UserWarning)
        return F.kl_div(x, y, **options)


def torch_js_divergence(
    x: Any,
    y: Any,
    *,
    log_input: bool = False,
    log_target: bool = False,
    axis: int = -1,
    reduction: str = "mean",
) -> Any:
    """The textbook formula with torch's ``xlogy`` (0 log 0 = 0)."""
    import torch

    p = x.exp() if log_input else x
    q = y.exp() if log_target else y
    m = 0.5 * (p + q)
    js = 0.5 * (torch.xlogy(p, p) - torch.xlogy(p, m) + torch.xlogy(q, q) - torch.xlogy(q, m))
    loss = js.sum(dim=axis)
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _log_probabilities(*shape: int, axis: int = -1) -> Any:
    probs = probabilities(*shape, axis=axis)
    return lambda rng: np.log(probs(rng))


def _with_zeros(*shape: int) -> Any:
    """Probability rows with about a third of the entries exactly 0."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        p = rng.uniform(0.1, 1.0, shape) * (rng.uniform(size=shape) > 0.35)
        p[..., 0] += 0.1  # no all-zero row
        return p / p.sum(axis=-1, keepdims=True)

    return gen


CASES = [
    Case(
        "kl_div",
        f"batched-{reduction}",
        (_log_probabilities(N, C), probabilities(N, C)),
        options={"reduction": reduction},
        oracle=torch_kl_div,
        grad_argnums=(0, 1) if reduction == "batchmean" else (0,),
        dtypes=F32,
    )
    for reduction in ("batchmean", "mean", "none")
] + [
    Case(
        "kl_div",
        "log-target-batchmean",
        (_log_probabilities(N, C), _log_probabilities(N, C)),
        options={"reduction": "batchmean", "log_target": True},
        oracle=torch_kl_div,
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(  # Keras' KLDivergence: probabilities, both clipped to [1e-7, 1]
        "kl_div",
        "keras-probabilities-mean",
        (probabilities(N, C), _with_zeros(N, C)),
        options={"log_input": False, "convention": "keras"},
        dtypes=F32,
    ),
    Case(  # zeros in the target: 0 log 0 = 0 and a finite input gradient
        "kl_div",
        "target-zeros-batchmean",
        (normal(N, C), _with_zeros(N, C)),
        options={"reduction": "batchmean"},
        oracle=torch_kl_div,
        dtypes=F32,
    ),
    Case(
        "kl_div",
        "unbatched-batchmean",
        (_log_probabilities(C), probabilities(C)),
        options={"reduction": "batchmean"},
        oracle=torch_kl_div,
        dtypes=F32,
    ),
    Case(
        "kl_div",
        "kdim-batchmean",
        (_log_probabilities(*KDIM), probabilities(*KDIM)),
        options={"reduction": "batchmean"},
        oracle=torch_kl_div,
        dtypes=F32,
    ),
    Case(
        "kl_div",
        "empty-batchmean",
        (normal(0, C), normal(0, C)),
        options={"reduction": "batchmean"},
        oracle=torch_kl_div,
        dtypes=F32,
    ),
    Case(
        "kl_div",
        "sample-weight-batchmean",
        (_log_probabilities(N, C), probabilities(N, C)),
        arrays={"sample_weight": uniform(N, 1, low=0.1, high=2.0)},
        options={"reduction": "batchmean"},
        dtypes=F32,
    ),
    # Keras' KLDivergence: the per-sample sum over the last axis, probabilities clipped
    # to [1e-7, 1] (zeros in the target), a (N,) weight, the mean over the count
    Case(
        "kl_div",
        "keras-target-zeros-weighted-mean",
        (_log_probabilities(N, C), _with_zeros(N, C)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"convention": "keras"},
        dtypes=F32,
    ),
    Case(  # a (3,) weight on the (3, 4, 2) per-sample loss, aligned from the left
        "kl_div",
        "keras-kdim-log-target-row-weight-batchmean",
        (_log_probabilities(*KDIM), _log_probabilities(*KDIM)),
        arrays={"sample_weight": uniform(3, low=0.1, high=2.0)},
        options={"convention": "keras", "log_target": True, "reduction": "batchmean"},
        dtypes=F32,
    ),
    Case(
        "js_divergence",
        "keras-weighted-sum-over-batch-size",
        (probabilities(N, C), _with_zeros(N, C)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"convention": "keras", "reduction": "sum_over_batch_size"},
        dtypes=F32,
    ),
    Case(
        "js_divergence",
        "probabilities-mean",
        (probabilities(N, C), _with_zeros(N, C)),
        oracle=torch_js_divergence,
        grad_argnums=(0,),
    ),
    Case(
        "js_divergence",
        "log-both-sample-mask-none",
        (_log_probabilities(N, C), _log_probabilities(N, C)),
        arrays={"sample_weight": mask(N)},
        options={"log_input": True, "log_target": True, "reduction": "none"},
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(
        "js_divergence",
        "kdim-axis1-log-input-sum",
        (_log_probabilities(3, C, 4, 2, axis=1), probabilities(3, C, 4, 2, axis=1)),
        options={"log_input": True, "axis": 1, "reduction": "sum"},
        oracle=torch_js_divergence,
        dtypes=F32,
    ),
]

# Gradients are compared on the rows named here only: on JAX each gradient costs a dozen
# compilations, and the rows left out exercise no other differentiable code path.
GRADIENT_ROWS = {
    "kl_div[batched-batchmean]",
    "kl_div[log-target-batchmean]",
    "kl_div[target-zeros-batchmean]",
    "js_divergence[probabilities-mean]",
    "js_divergence[log-both-sample-mask-none]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
