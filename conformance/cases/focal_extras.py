"""Cases for the focal family's extra options and ``asymmetric_loss`` (issue 24).

The oracles are the peers' formulas written with torch operations: kornia's
``binary_focal_loss_with_logits`` (0/1 targets, where it agrees with torchvision's
formula), Keras' probability path and Alibaba-MIIL's ``AsymmetricLoss``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..case import Case, Gen, mask, normal, uniform
from .binary import binary_targets

C = 4


def ignored_binary_targets(*shape: int, ignore: int = -100) -> Gen:
    """0.0 / 1.0 floats with about a quarter set to ``ignore`` (the first entry kept)."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        out = rng.integers(0, 2, shape).astype(np.float64)
        hit = rng.uniform(size=shape) < 0.25
        hit.flat[0] = False
        return np.where(hit, float(ignore), out)

    return gen


def torch_focal_extras(x: Any, y: Any, **options: Any) -> Any:
    """The binary focal loss with the extra options, on torch tensors."""
    import torch

    o = {"alpha": 0.25, "gamma": 2.0, "reduction": "mean", "probability_clip": None, **options}
    valid = torch.ones_like(y, dtype=torch.bool)
    if o.get("ignore_index") is not None:
        valid = y != o["ignore_index"]
    y = torch.where(valid, y, 0.0)
    a = o.get("label_smoothing", 0.0)
    y = y * (1 - a) + 0.5 * a
    v = o.get("pos_weight", 1.0)
    if o.get("from_logits", True):
        p = torch.sigmoid(x)
        ce = -(
            v * y * torch.nn.functional.logsigmoid(x) + (1 - y) * torch.nn.functional.logsigmoid(-x)
        )
    else:
        p = x
        if o["probability_clip"]:
            c = x.clamp(o["probability_clip"], 1 - o["probability_clip"])
            ce = -(v * y * torch.log(c) + (1 - y) * torch.log(1 - c))
        else:  # torch's binary_cross_entropy: each log clamped at -100
            ce = -(v * y * torch.log(x).clamp_min(-100) + (1 - y) * torch.log1p(-x).clamp_min(-100))
    p_t = p * y + (1 - p) * (1 - y)
    factor = (1 - p_t) ** o["gamma"]
    loss = ce * factor * (o["alpha"] * y + (1 - o["alpha"]) * (1 - y)) * o.get("weight", 1.0)
    if o.get("normalized"):
        loss = loss / torch.where(valid, factor, 0.0).sum().clamp_min(1e-6)
    loss = torch.where(valid, loss, 0.0)
    return {"none": loss, "mean": loss.sum() / valid.sum(), "sum": loss.sum()}[o["reduction"]]


def torch_asl(x: Any, y: Any, *, reduction: str = "mean", **options: Any) -> Any:
    """Alibaba-MIIL ASL ``AsymmetricLoss.forward`` with portloss's reduction."""
    import torch

    o = {"gamma_pos": 1.0, "gamma_neg": 4.0, "clip": 0.05, "eps": 1e-8, **options}
    xs_pos = torch.sigmoid(x)
    xs_neg = 1 - xs_pos
    if o["clip"]:
        xs_neg = (xs_neg + o["clip"]).clamp(max=1)
    loss = y * torch.log(xs_pos.clamp(min=o["eps"])) + (1 - y) * torch.log(
        xs_neg.clamp(min=o["eps"])
    )
    pt = xs_pos * y + xs_neg * (1 - y)
    loss = -loss * torch.pow(1 - pt, o["gamma_pos"] * y + o["gamma_neg"] * (1 - y))
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _logits(*shape: int) -> Gen:
    return normal(*shape, scale=2.0)


FOCAL = [
    (
        "probabilities-smoothing-none",
        (uniform(6, C, low=0.02, high=0.98), binary_targets(6, C)),
        {},
        {"from_logits": False, "label_smoothing": 0.1, "reduction": "none"},
    ),
    (
        "pos-weight-weight-ignore-mean",
        (_logits(6, C), ignored_binary_targets(6, C)),
        {"pos_weight": uniform(C, low=0.5, high=2.0), "weight": uniform(C, low=0.2, high=2.0)},
        {"ignore_index": -100},
    ),
    (
        "normalized-ignore-sum",
        (_logits(6, C), ignored_binary_targets(6, C)),
        {},
        {"normalized": True, "ignore_index": -100, "reduction": "sum"},
    ),
]

CASES = [
    *(
        Case(
            "sigmoid_focal_loss",
            name,
            args=args,
            arrays=arrays,
            options=options,
            oracle=torch_focal_extras,
        )
        for name, args, arrays, options in FOCAL
    ),
    Case(
        "sigmoid_focal_loss",
        "reduced-threshold-gamma1.5-sample-mask-mean",
        args=(_logits(6, C), binary_targets(6, C)),
        arrays={"sample_weight": mask(6, 1)},
        options={"reduced_threshold": 0.5, "gamma": 1.5},
    ),
    # Keras' BinaryFocalCrossentropy(): probabilities, no alpha, per-sample means
    Case(
        "sigmoid_focal_loss",
        "keras-probabilities-sample-weight-mean",
        args=(uniform(6, C, low=0.02, high=0.98), binary_targets(6, C)),
        arrays={"sample_weight": uniform(6, low=0.2, high=2.0)},
        options={"convention": "keras", "from_logits": False, "alpha": None},
    ),
    Case(
        "asymmetric_loss",
        "default-mean",
        args=(_logits(6, C), binary_targets(6, C)),
        oracle=torch_asl,
    ),
    Case(
        "asymmetric_loss",
        "gamma-pos0-clip0.2-eps-sum",
        args=(_logits(6, C), binary_targets(6, C)),
        options={
            "gamma_pos": 0.0,
            "gamma_neg": 2.0,
            "clip": 0.2,
            "eps": 1e-3,
            "reduction": "sum",
        },
        oracle=torch_asl,
    ),
    Case(
        "asymmetric_loss",
        "no-clip-soft-sample-weight-none",
        args=(_logits(6, C), uniform(6, C)),
        arrays={"sample_weight": uniform(6, 1)},
        options={
            "clip": None,
            "gamma_pos": 2.0,
            "gamma_neg": 3.0,
            "reduction": "none",
        },
    ),
]
