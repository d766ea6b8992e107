"""Cases for portloss.embedding: torch's cosine embedding, margin ranking and triplet losses
(their own oracles), Keras' cosine similarity loss and optax's NT-Xent (their code
transcribed to torch).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import array_api_compat
import numpy as np

from ..case import Case, mask, normal, uniform

# Shapes shared with the other families, so JAX's per-shape op cache is reused.
N, D = 6, 5
F32 = ("float32",)


def _torch_fn(name: str) -> Any:
    def oracle(*args: Any, **options: Any) -> Any:
        import torch.nn.functional as F

        return getattr(F, name)(*args, **options)

    oracle.__name__ = f"torch_{name}"
    return oracle


def keras_cosine_similarity(
    x: Any, y: Any, *, axis: int = -1, reduction: str = "mean", eps: float = 1e-7
) -> Any:
    """Keras: -sum(normalize(y_true) * normalize(y_pred)), norms floored at epsilon."""
    import torch.nn.functional as F

    loss = -(F.normalize(x, dim=axis, eps=eps) * F.normalize(y, dim=axis, eps=eps)).sum(dim=axis)
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def optax_triplet_margin_loss(
    anchor: Any,
    positive: Any,
    negative: Any,
    *,
    p: float = 2.0,
    margin: float = 1.0,
    eps: float = 1e-6,
    eps_mode: str = "power_sum",
    reduction: str = "none",
    axis: int = -1,
) -> Any:
    """``optax.losses.triplet_margin_loss`` (0.2.8, ``norm_degree=p``) transcribed to torch."""
    import torch

    if eps_mode != "power_sum" or reduction != "none":
        raise ValueError("the optax transcription covers eps_mode='power_sum', reduction='none'")
    d_pos = ((anchor - positive) ** p).sum(axis).add(eps) ** (1 / p)
    d_neg = ((anchor - negative) ** p).sum(axis).add(eps) ** (1 / p)
    return torch.clamp_min(d_pos - d_neg + margin, 0.0)


def optax_ntxent(
    embeddings: Any, labels: Any, *, temperature: float = 0.07, reduction: str = "mean"
) -> Any:
    """``optax.losses.ntxent`` (0.2.8) transcribed line by line to torch."""
    import torch

    eps = torch.finfo(embeddings.dtype).eps
    a, b = embeddings[None, :, :], embeddings[:, None, :]
    a_unit = a / torch.sqrt((a * a).sum(-1, keepdim=True).clamp_min(eps))
    b_unit = b / torch.sqrt((b * b).sum(-1, keepdim=True).clamp_min(eps))
    xcs = (a_unit * b_unit).sum(-1) / temperature
    matches = labels[:, None] == labels[None, :]
    diffs = ~matches
    matches = matches & ~torch.eye(len(labels), dtype=torch.bool)
    minus_inf = torch.full_like(xcs, -torch.inf)
    xcs_diffs = torch.where(diffs, xcs, minus_inf)
    xcs_matches = torch.where(matches, xcs, minus_inf)
    comb = torch.cat((xcs_diffs, xcs_matches), dim=-1)
    xcs_max = comb.max(dim=1, keepdim=True).values.detach()
    numer = xcs_matches - xcs_max
    denom = torch.exp(xcs_diffs - xcs_max).sum(dim=1, keepdim=True) + torch.exp(numer)
    log_softm = numer - torch.log(denom)
    pair = torch.where(matches, -log_softm, torch.zeros_like(log_softm))
    if reduction == "none":
        return pair
    return pair.sum() / matches.sum() if reduction == "mean" else pair.sum()


def l1_distance(x1: Any, x2: Any) -> Any:
    """An Array API distance function: works on every backend and on torch tensors."""
    xp = array_api_compat.array_namespace(x1, x2)
    return xp.sum(xp.abs(x1 - x2), axis=-1)


def _signs(*shape: int, zeros: bool = False) -> Any:
    values = [-1, 0, 1] if zeros else [-1, 1]
    return lambda rng: rng.choice(np.array(values, dtype=np.int64), size=shape)


def _float_signs(*shape: int) -> Any:
    return lambda rng: rng.choice(np.array([-1.0, 1.0]), size=shape)


def _group_labels(n: int, groups: int) -> Any:
    """Labels with every group present at least twice (so there are positive pairs)."""
    return lambda rng: rng.permutation(np.arange(n, dtype=np.int64) % groups)


def _triples(*shape: int) -> tuple[Any, Any, Any]:
    return normal(*shape), normal(*shape), normal(*shape)


CASES = [
    Case(
        "cosine_embedding_loss",
        "batched-mean",
        (normal(N, D), normal(N, D), _signs(N)),
        oracle=_torch_fn("cosine_embedding_loss"),
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(
        "cosine_embedding_loss",
        "margin-other-labels-none",
        (normal(N, D), normal(N, D), _signs(N, zeros=True)),
        options={"margin": -0.2, "reduction": "none"},
        oracle=_torch_fn("cosine_embedding_loss"),
        dtypes=F32,
    ),
    Case(
        "cosine_embedding_loss",
        "kdim-sample-weight-mean",
        (normal(3, 4, D), normal(3, 4, D), _signs(3, 4)),
        arrays={"sample_weight": uniform(3, 1, low=0.1, high=2.0)},
        dtypes=F32,
    ),
    Case(
        "margin_ranking_loss",
        "mean",
        (normal(N, D), normal(N, D), _float_signs(N, D)),
        oracle=_torch_fn("margin_ranking_loss"),
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(
        "margin_ranking_loss",
        "margin-none",
        (normal(N, D), normal(N, D), _float_signs(N, D)),
        options={"margin": 0.5, "reduction": "none"},
        oracle=_torch_fn("margin_ranking_loss"),
        dtypes=F32,
    ),
    Case(
        "triplet_margin_loss",
        "p2-mean",
        _triples(N, D),
        oracle=_torch_fn("triplet_margin_loss"),
        grad_argnums=(0, 2),
        dtypes=F32,
    ),
    Case(
        "triplet_margin_loss",
        "p1-swap-none",
        _triples(N, D),
        options={"p": 1.0, "swap": True, "margin": 2.0, "reduction": "none"},
        oracle=_torch_fn("triplet_margin_loss"),
        grad_argnums=(0, 2),
        dtypes=F32,
    ),
    Case(
        "triplet_margin_loss",
        "unbatched-p3-eps0",
        _triples(D),
        options={"p": 3.0, "eps": 0.0, "margin": 3.0},
        oracle=_torch_fn("triplet_margin_loss"),
        dtypes=F32,
    ),
    # optax's triplet_margin_loss: eps under the root (even norm degrees only)
    Case(
        "triplet_margin_loss",
        "optax-power-sum-p4-none",
        _triples(N, D),
        options={
            "p": 4.0,
            "eps": 1e-3,
            "eps_mode": "power_sum",
            "margin": 2.0,
            "reduction": "none",
        },
        oracle=optax_triplet_margin_loss,
        dtypes=F32,
    ),
    Case(
        "triplet_margin_loss",
        "optax-power-sum-axis0-mean",
        _triples(D, N),
        options={"eps_mode": "power_sum", "axis": 0},
        dtypes=F32,
    ),
    Case(
        "triplet_margin_loss",
        "pinf-sample-mask-sum",
        _triples(N, D),
        arrays={"sample_weight": mask(N)},
        options={"p": float("inf"), "reduction": "sum"},
        dtypes=F32,
    ),
    Case(
        "triplet_margin_with_distance_loss",
        "default-mean",
        _triples(N, D),
        oracle=_torch_fn("triplet_margin_with_distance_loss"),
        grad_argnums=(0, 2),
        dtypes=F32,
    ),
    Case(
        "triplet_margin_with_distance_loss",
        "l1-swap-none",
        _triples(N, D),
        options={
            "distance_function": l1_distance,
            "swap": True,
            "margin": 2.0,
            "reduction": "none",
        },
        oracle=_torch_fn("triplet_margin_with_distance_loss"),
        dtypes=F32,
    ),
    # optax's cosine_similarity: a tuple of feature axes and a where mask
    Case(
        "cosine_similarity_loss",
        "optax-tuple-axis-where-none",
        (normal(N, 3, D), normal(N, 3, D)),
        arrays={"where": lambda rng: rng.uniform(size=(3, D)) < 0.7},
        options={"axis": (1, 2), "reduction": "none"},
        dtypes=F32,
    ),
    Case(
        "cosine_similarity_loss",
        "mean",
        (normal(N, D), normal(N, D)),
        oracle=keras_cosine_similarity,
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(
        "cosine_similarity_loss",
        "axis0-none",
        (normal(N, D), normal(N, D)),
        options={"axis": 0, "reduction": "none"},
        oracle=keras_cosine_similarity,
        dtypes=F32,
    ),
    # Keras' CosineSimilarity with a (3,) weight aligned from the left on a (3, 4) loss
    Case(
        "cosine_similarity_loss",
        "keras-kdim-row-weight-mean",
        (normal(3, 4, D), normal(3, 4, D)),
        arrays={"sample_weight": uniform(3, low=0.1, high=2.0)},
        options={"convention": "keras"},
        dtypes=F32,
    ),
    Case(
        "triplet_margin_loss",
        "keras-weighted-mean",
        _triples(N, D),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"convention": "keras"},
        dtypes=F32,
    ),
    Case(
        "ntxent_loss",
        "mean",
        (normal(N, D), _group_labels(N, 3)),
        oracle=optax_ntxent,
        dtypes=F32,
    ),
    Case(
        "ntxent_loss",
        "temperature-none",
        (normal(N, D), _group_labels(N, 2)),
        options={"temperature": 0.5, "reduction": "none"},
        oracle=optax_ntxent,
        dtypes=F32,
    ),
]

# Gradients are compared on the rows named here only: on JAX each gradient costs a dozen
# compilations, and the rows left out exercise no other differentiable code path.
GRADIENT_ROWS = {
    "cosine_embedding_loss[batched-mean]",
    "margin_ranking_loss[mean]",
    "triplet_margin_loss[p2-mean]",
    "triplet_margin_loss[p1-swap-none]",
    "triplet_margin_with_distance_loss[default-mean]",
    "cosine_similarity_loss[mean]",
    "ntxent_loss[mean]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
