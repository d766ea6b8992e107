"""Cases for portloss.focal: sigmoid / softmax focal loss and poly-1 cross entropy.

torch.nn.functional has none of these; the oracles are the published formulas written
with torch operations (torchvision's ``sigmoid_focal_loss`` verbatim, the softmax focal
and poly-1 terms on top of ``F.cross_entropy`` / ``F.log_softmax``), so the float64
reference and its gradients are still cross-checked against an independent torch
computation.
"""

from __future__ import annotations

from typing import Any

from ..case import Case, Gen, labels, mask, normal, probabilities, uniform
from .binary import binary_targets

C = 4


def torchvision_sigmoid_focal(
    x: Any,
    y: Any,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    reduction: str = "mean",
) -> Any:
    """torchvision.ops.sigmoid_focal_loss (v0.20), with portloss's options."""
    import torch
    import torch.nn.functional as F

    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha is not None:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _class_last(x: Any, axis: int) -> Any:
    return x.movedim(axis, -1)


def torch_softmax_focal(
    x: Any,
    y: Any,
    *,
    alpha: Any = None,
    gamma: float = 2.0,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    axis: int = -1,
) -> Any:
    """-sum_c alpha_c w_c t_c (1 - p_c)^gamma log p_c; torch cross entropy's mean."""
    import torch
    import torch.nn.functional as F

    logp = F.log_softmax(_class_last(x, axis), dim=-1)
    n_classes = logp.shape[-1]
    a = torch.ones(n_classes, dtype=x.dtype) if alpha is None else alpha
    a = a * torch.ones(n_classes, dtype=x.dtype)  # scalar alpha -> per class
    w = torch.ones(n_classes, dtype=x.dtype) if weight is None else weight
    terms = -a * w * (1 - logp.exp()) ** gamma * logp
    if y.is_floating_point():
        loss = (_class_last(y, axis) * terms).sum(-1)
        share = torch.ones_like(loss)
    else:
        valid = y != ignore_index
        safe = torch.where(valid, y, 0)
        loss = torch.where(valid, terms.gather(-1, safe[..., None])[..., 0], 0.0)
        share = torch.where(valid, w[safe], 0.0)
    return {"none": loss, "mean": loss.sum() / share.sum(), "sum": loss.sum()}[reduction]


def torch_poly1(
    x: Any,
    y: Any,
    *,
    epsilon: float = 1.0,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """F.cross_entropy plus eps * sum_c w_c y'_c (1 - p_c), over cross entropy's mean."""
    import torch
    import torch.nn.functional as F

    x_t = x.movedim(axis, 1) if x.ndim > 1 else x
    y_t = y.movedim(axis, 1) if y.is_floating_point() and y.ndim > 1 else y
    ce = F.cross_entropy(
        x_t,
        y_t,
        weight=weight,
        ignore_index=ignore_index,
        reduction="none",
        label_smoothing=label_smoothing,
    )
    p = F.softmax(_class_last(x, axis), dim=-1)
    n_classes = p.shape[-1]
    w = torch.ones(n_classes, dtype=x.dtype) if weight is None else weight
    if y.is_floating_point():
        target = _class_last(y, axis)
        share = torch.ones_like(ce)
        valid = torch.ones_like(ce, dtype=torch.bool)
    else:
        valid = y != ignore_index
        safe = torch.where(valid, y, 0)
        target = F.one_hot(safe, n_classes).to(x.dtype)
        share = torch.where(valid, w[safe], 0.0)
    smoothed = (1 - label_smoothing) * target + label_smoothing / n_classes
    poly = torch.where(valid, (w * smoothed * (1 - p)).sum(-1), 0.0)
    loss = ce + epsilon * poly
    return {"none": loss, "mean": loss.sum() / share.sum(), "sum": loss.sum()}[reduction]


def _logits(*shape: int) -> Gen:
    return normal(*shape, scale=2.0)


SIGMOID = [
    ("batched-default-mean", (6, C), binary_targets(6, C), {}, {}, (0,)),
    (
        "batched-soft-alpha0.6-gamma0.2-none",
        (6, C),
        uniform(6, C),
        {},
        {"alpha": 0.6, "gamma": 0.2, "reduction": "none"},
        (0, 1),
    ),
    (
        "batched-keras-no-balancing-gamma0.5-sum",
        (6, C),
        binary_targets(6, C),
        {},
        {"gamma": 0.5, "reduction": "sum", "alpha": None},
        (0,),
    ),
    (
        "batched-no-alpha-gamma0-sample-mask-mean",
        (6, C),
        binary_targets(6, C),
        {"sample_weight": mask(6, 1)},
        {"alpha": None, "gamma": 0.0},
        (0,),
    ),
]

SOFTMAX = [
    (
        "batched-index-alpha-array-weight-ignore-mean",
        ((6, C), labels(6, classes=C, ignore=-100)),
        {"alpha": uniform(C, low=0.1, high=1.0), "weight": uniform(C, low=0.2, high=2.0)},
        {"reduction": "mean"},
    ),
    (
        "batched-index-gamma0.5-none",
        ((6, C), labels(6, classes=C)),
        {},
        {"gamma": 0.5, "reduction": "none"},
    ),
    (
        "batched-probs-alpha-scalar-weight-sum",
        ((6, C), probabilities(6, C)),
        {"weight": uniform(C, low=0.2, high=2.0)},
        {"alpha": 0.25, "reduction": "sum"},
    ),
]

POLY1 = [
    (
        "batched-index-weight-ignore-smoothing-mean",
        ((6, C), labels(6, classes=C, ignore=-100)),
        {"weight": uniform(C, low=0.2, high=2.0)},
        {"label_smoothing": 0.1, "reduction": "mean"},
    ),
    (
        "kdim-axis1-index-eps2-none",
        ((3, C, 2), labels(3, 2, classes=C)),
        {},
        {"epsilon": 2.0, "axis": 1, "reduction": "none"},
    ),
    (
        "batched-probs-weight-smoothing-eps-neg-mean",
        ((6, C), probabilities(6, C)),
        {"weight": uniform(C, low=0.2, high=2.0)},
        {"epsilon": -0.5, "label_smoothing": 0.2},
    ),
]

CASES = [
    *(
        Case(
            "sigmoid_focal_loss",
            name,
            args=(_logits(*shape), target),
            arrays=arrays,
            options=options,
            oracle=None if arrays else torchvision_sigmoid_focal,
            grad_argnums=grads,
        )
        for name, shape, target, arrays, options, grads in SIGMOID
    ),
    *(
        Case(
            "softmax_focal_loss",
            name,
            args=(_logits(*shape), target),
            arrays=arrays,
            options=options,
            oracle=torch_softmax_focal,
        )
        for name, (shape, target), arrays, options in SOFTMAX
    ),
    *(
        Case(
            "poly1_cross_entropy",
            name,
            args=(_logits(*shape), target),
            arrays=arrays,
            options=options,
            oracle=torch_poly1,
            # the K-dim row only in float64: each new shape costs JAX compile time
            dtypes=("float64",) if len(shape) > 2 else ("float32", "float64"),
        )
        for name, (shape, target), arrays, options in POLY1
    ),
    Case(
        "poly1_cross_entropy",
        "batched-sample-weight-mean",
        args=(_logits(6, C), labels(6, classes=C, ignore=-100)),
        arrays={"weight": uniform(C, low=0.2, high=2.0), "sample_weight": uniform(6)},
        options={"epsilon": 1.0},
    ),
    # Keras' CategoricalFocalCrossentropy: probabilities, alpha 0.25, count mean
    Case(
        "softmax_focal_loss",
        "keras-probabilities-sample-weight-mean",
        args=(uniform(6, C, low=0.05, high=1.0), probabilities(6, C)),
        arrays={"sample_weight": uniform(6, low=0.2, high=2.0)},
        options={"convention": "keras", "from_logits": False, "alpha": 0.25},
    ),
    # Keras' defaults under the convention: BinaryFocalCrossentropy(from_logits=True)
    # (no class balancing; the sigmoid's probability clipped, so saturated logits stay
    # finite and exact) and CategoricalFocalCrossentropy(from_logits=True) (alpha 0.25).
    Case(
        "sigmoid_focal_loss",
        "keras-defaults-saturated-logits-sample-weight-mean",
        args=(normal(6, C, scale=20.0), binary_targets(6, C)),
        arrays={"sample_weight": uniform(6, low=0.2, high=2.0)},
        options={"convention": "keras"},
        grad_argnums=(),
        # float64 only: the clip bound 1 - 1e-7 is 1 - 1.19e-7 in float32, so a saturated
        # logit's loss depends on the dtype by design (as in Keras)
        dtypes=("float64",),
    ),
    Case(
        "softmax_focal_loss",
        "keras-defaults-logits-none",
        args=(_logits(6, C), labels(6, classes=C)),
        options={"convention": "keras", "reduction": "none"},
    ),
]
