"""Cases for portloss.contrastive: open_clip's ClipLoss and SigLipLoss, sentence-transformers'
MultipleNegativesRankingLoss, the SupContrast reference SupConLoss and optax's
ranking_softmax_loss, each transcribed to torch from its source.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ..case import Case, mask, normal, uniform

# Shapes shared with the other families, so JAX's per-shape op cache is reused.
N, D = 6, 5
F32 = ("float32",)


def _unit(x: Any, normalize: bool) -> Any:
    import torch.nn.functional as F

    return F.normalize(x, p=2, dim=-1) if normalize else x


def _reduce(loss: Any, reduction: str, sample_weight: Any = None) -> Any:
    if sample_weight is not None:
        loss = loss * sample_weight
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    return total / (loss.numel() if sample_weight is None else sample_weight.sum())


def open_clip_clip(
    image_features: Any,
    text_features: Any,
    *,
    logit_scale: Any,
    normalize: bool = True,
    label_smoothing: float = 0.0,
    sample_weight: Any = None,
    reduction: str = "mean",
) -> Any:
    """open_clip ``ClipLoss.forward`` on one device, per pair before its mean."""
    import torch
    import torch.nn.functional as F

    img, txt = _unit(image_features, normalize), _unit(text_features, normalize)
    logits_per_image = logit_scale * img @ txt.T
    logits_per_text = logit_scale * txt @ img.T
    labels = torch.arange(img.shape[0])
    kw = {"label_smoothing": label_smoothing, "reduction": "none"}
    loss = (
        F.cross_entropy(logits_per_image, labels, **kw)
        + F.cross_entropy(logits_per_text, labels, **kw)
    ) / 2
    return _reduce(loss, reduction, sample_weight)


def sentence_transformers_mnrl(
    anchor: Any,
    positive: Any,
    negatives: Any = None,
    *,
    scale: float = 20.0,
    normalize: bool = True,
    sample_weight: Any = None,
    reduction: str = "mean",
) -> Any:
    """``MultipleNegativesRankingLoss.compute_loss_from_embeddings``, one device."""
    import torch
    import torch.nn.functional as F

    columns = [positive] if negatives is None else [positive, *torch.unbind(negatives, dim=1)]
    candidates = torch.cat(columns, dim=0)
    scores = _unit(anchor, normalize) @ _unit(candidates, normalize).T * scale
    loss = F.cross_entropy(scores, torch.arange(anchor.shape[0]), reduction="none")
    return _reduce(loss, reduction, sample_weight)


def open_clip_siglip(
    image_features: Any,
    text_features: Any,
    *,
    logit_scale: Any = 10.0,
    logit_bias: Any = -10.0,
    normalize: bool = True,
    sample_weight: Any = None,
    reduction: str = "mean",
) -> Any:
    """open_clip ``SigLipLoss._loss`` on one device; "none" is each image's row sum."""
    import torch
    import torch.nn.functional as F

    img, txt = _unit(image_features, normalize), _unit(text_features, normalize)
    logits = logit_scale * img @ txt.T + logit_bias
    n = img.shape[0]
    labels = 2 * torch.eye(n, dtype=img.dtype) - torch.ones((n, n), dtype=img.dtype)
    loss = -F.logsigmoid(labels * logits).sum(dim=1)
    return _reduce(loss, reduction, sample_weight)


def supcon_reference(
    features: Any,
    labels: Any = None,
    *,
    mask: Any = None,
    temperature: float = 0.07,
    base_temperature: float = 0.07,
    contrast_mode: str = "all",
    normalize: bool = True,
    sample_weight: Any = None,
    reduction: str = "mean",
) -> Any:
    """SupContrast ``SupConLoss.forward`` (every anchor here has a positive)."""
    import torch

    features = _unit(features, normalize)
    batch_size = features.shape[0]
    if labels is None and mask is None:
        mask = torch.eye(batch_size, dtype=features.dtype)
    elif labels is not None:
        labels = labels.contiguous().view(-1, 1)
        mask = torch.eq(labels, labels.T).to(features.dtype)
    else:
        mask = mask.to(features.dtype)
    contrast_count = features.shape[1]
    contrast_feature = torch.cat(torch.unbind(features, dim=1), dim=0)
    if contrast_mode == "one":
        anchor_feature, anchor_count = features[:, 0], 1
    else:
        anchor_feature, anchor_count = contrast_feature, contrast_count
    logits = torch.div(torch.matmul(anchor_feature, contrast_feature.T), temperature)
    logits = logits - logits.max(dim=1, keepdim=True).values.detach()
    mask = mask.repeat(anchor_count, contrast_count)
    logits_mask = torch.scatter(
        torch.ones_like(mask), 1, torch.arange(batch_size * anchor_count).view(-1, 1), 0
    )
    mask = mask * logits_mask
    exp_logits = torch.exp(logits) * logits_mask
    log_prob = logits - torch.log(exp_logits.sum(1, keepdim=True))
    mean_log_prob_pos = (mask * log_prob).sum(1) / mask.sum(1)
    loss = -(temperature / base_temperature) * mean_log_prob_pos
    loss = loss.view(anchor_count, batch_size).T
    return _reduce(
        loss, reduction, None if sample_weight is None else sample_weight.expand_as(loss)
    )


def optax_ranking_softmax(
    logits: Any,
    labels: Any,
    *,
    where: Any = None,
    weights: Any = None,
    sample_weight: Any = None,
    reduction: str = "mean",
) -> Any:
    """``optax.losses.ranking_softmax_loss`` (0.2.8) transcribed to torch."""
    import torch

    labels = labels.to(logits.dtype)
    if where is not None:
        labels = torch.where(where, labels, torch.zeros_like(labels))
        logits = torch.where(where, logits, -torch.ones_like(logits) * torch.inf)
    if weights is not None:
        labels = labels * weights
    log_softmax = torch.log_softmax(logits, dim=-1)
    terms = labels * log_softmax
    if where is not None:
        terms = torch.where(where, terms, torch.zeros_like(terms))
    loss = -terms.sum(dim=-1)
    valid = torch.ones_like(loss) if where is None else where.any(dim=-1).to(loss.dtype)
    weight = valid if sample_weight is None else valid * sample_weight
    loss = torch.where(valid > 0, loss, torch.zeros_like(loss)) * (
        1 if sample_weight is None else sample_weight
    )
    if reduction == "none":
        return loss
    return loss.sum() if reduction == "sum" else loss.sum() / weight.sum()


def _scalar(low: float, high: float) -> Any:
    return lambda rng: np.asarray(rng.uniform(low, high))


def _grades(*shape: int) -> Any:
    """Relevance grades 0, 1, 2 as floats (optax casts labels to the scores' dtype)."""
    return lambda rng: rng.integers(0, 3, shape).astype(np.float64)


def _group_labels(n: int, groups: int) -> Any:
    return lambda rng: rng.permutation(np.arange(n, dtype=np.int64) % groups)


CASES = [
    Case(
        "clip_loss",
        "mean",
        (normal(N, D), normal(N, D)),
        options={"logit_scale": 5.0},
        oracle=open_clip_clip,
        grad_argnums=(0, 1),
    ),
    Case(
        "clip_loss",
        "array-scale-smoothing-none",
        (normal(N, D), normal(N, D)),
        arrays={"logit_scale": _scalar(2.0, 8.0)},
        options={"label_smoothing": 0.1, "reduction": "none"},
        oracle=open_clip_clip,
        dtypes=F32,
    ),
    Case(
        "clip_loss",
        "raw-sample-weight-sum",
        (normal(N, D, scale=0.5), normal(N, D, scale=0.5)),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"logit_scale": 2.0, "normalize": False, "reduction": "sum"},
        oracle=open_clip_clip,
        dtypes=F32,
    ),
    Case(
        "infonce_loss",
        "mean",
        (normal(N, D), normal(N, D)),
        oracle=sentence_transformers_mnrl,
        grad_argnums=(0, 1),
    ),
    Case(
        "infonce_loss",
        "hard-negatives-weight-none",
        (normal(N, D), normal(N, D), normal(N, 2, D)),
        arrays={"sample_weight": mask(N)},
        options={"scale": 5.0, "reduction": "none"},
        oracle=sentence_transformers_mnrl,
        grad_argnums=(0, 2),
        dtypes=F32,
    ),
    Case(
        "siglip_loss",
        "mean",
        (normal(N, D), normal(N, D)),
        options={"logit_scale": 10.0, "logit_bias": -3.0},
        oracle=open_clip_siglip,
        grad_argnums=(0, 1),
    ),
    Case(
        "siglip_loss",
        "raw-array-bias-sample-weight-none",
        (normal(N, D, scale=0.5), normal(N, D, scale=0.5)),
        arrays={"logit_bias": _scalar(-4.0, 0.0), "sample_weight": uniform(N)},
        options={"logit_scale": 3.0, "normalize": False, "reduction": "none"},
        oracle=open_clip_siglip,
        dtypes=F32,
    ),
    Case(
        "supcon_loss",
        "labels-all-mean",
        (normal(N, 2, D), _group_labels(N, 3)),
        options={"temperature": 0.5, "base_temperature": 0.7},
        oracle=supcon_reference,
    ),
    Case(
        "supcon_loss",
        "mask-one-none",
        (normal(N, 3, D),),
        arrays={"mask": mask(N, N)},
        options={"contrast_mode": "one", "temperature": 0.3, "reduction": "none"},
        oracle=supcon_reference,
        dtypes=F32,
    ),
    Case(
        "supcon_loss",
        "simclr-sample-weight-sum",
        (normal(N, 2, D),),
        arrays={"sample_weight": uniform(N, 1, low=0.1, high=2.0)},
        options={"temperature": 0.2, "reduction": "sum"},
        oracle=supcon_reference,
        dtypes=F32,
    ),
    Case(
        "ranking_softmax_loss",
        "mean",
        (normal(N, D), _grades(N, D)),
        oracle=optax_ranking_softmax,
    ),
    Case(
        "ranking_softmax_loss",
        "where-weights-none",
        (normal(3, N, D), _grades(3, N, D)),
        arrays={"where": mask(3, N, D, frac=0.5), "weights": uniform(3, N, D)},
        options={"reduction": "none"},
        oracle=optax_ranking_softmax,
        dtypes=F32,
    ),
    Case(
        "ranking_softmax_loss",
        "where-sample-weight-mean",
        (normal(N, D), uniform(N, D)),
        arrays={"where": mask(N, D, frac=0.3), "sample_weight": uniform(N, low=0.1, high=2.0)},
        oracle=optax_ranking_softmax,
        dtypes=F32,
    ),
]

# Gradients on these rows only: on JAX each gradient costs a dozen compilations.
GRADIENT_ROWS = {
    "clip_loss[mean]",
    "infonce_loss[mean]",
    "infonce_loss[hard-negatives-weight-none]",
    "siglip_loss[mean]",
    "supcon_loss[labels-all-mean]",
    "ranking_softmax_loss[where-sample-weight-mean]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
