"""The binary focal loss with every option, and the asymmetric loss, written out.

``sigmoid_focal_loss`` here supersedes the one in ``binary.py`` (modules load in name
order): the same formula for the options that one takes, plus ``from_logits=False``
(Keras' clipped probabilities), label smoothing, ``pos_weight``, ``weight``,
``ignore_index`` and smp's ``normalized`` / ``reduced_threshold``.
"""

from __future__ import annotations

import numpy as np

from .binary import bce_terms, conv_reduce


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_focal_loss(
    input,
    target,
    *,
    alpha="default",
    gamma=2.0,
    reduction="mean",
    convention="torch",
    sample_weight=None,
    from_logits=True,
    label_smoothing=0.0,
    pos_weight=None,
    weight=None,
    ignore_index=None,
    normalized=False,
    reduced_threshold=None,
    clip=None,
):
    if isinstance(alpha, str):  # Keras' apply_class_balancing=False; torchvision's 0.25
        alpha = None if convention == "keras" else 0.25
    if from_logits and convention == "keras":  # Keras clips the sigmoid's probability
        input, from_logits = _sigmoid(input), False
    valid = None if ignore_index is None else target != ignore_index
    y = target if valid is None else np.where(valid, target, 0.0)
    y = y * (1 - label_smoothing) + 0.5 * label_smoothing
    ce = bce_terms(
        input, y, from_logits=from_logits, clip=clip, convention=convention, pos_weight=pos_weight
    )
    p = _sigmoid(input) if from_logits else input
    p_t = p * y + (1 - p) * (1 - y)
    if reduced_threshold is None:
        factor = (1 - p_t) ** gamma
    else:
        factor = np.where(p_t < reduced_threshold, 1.0, ((1 - p_t) / reduced_threshold) ** gamma)
    loss = ce * factor
    if alpha is not None:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    if weight is not None:
        loss = loss * weight
    if normalized:
        kept = factor if valid is None else np.where(valid, factor, 0.0)
        loss = loss / max(np.sum(kept), 1e-6)
    return conv_reduce(
        loss,
        reduction,
        convention=convention,
        elementwise=True,
        valid=valid,
        sample_weight=sample_weight,
    )


def asymmetric_loss(
    input,
    target,
    *,
    gamma_pos=1.0,
    gamma_neg=4.0,
    clip=0.05,
    eps=1e-8,
    detach_focal_weight=False,
    reduction="mean",
    convention="torch",
    sample_weight=None,
):
    """Alibaba-MIIL's AsymmetricLoss, element by element."""
    p = _sigmoid(input)
    m = clip
    p_neg = 1 - p if not m else np.minimum(1 - p + m, 1.0)
    y = target
    loss = y * np.log(np.maximum(p, eps)) + (1 - y) * np.log(np.maximum(p_neg, eps))
    p_t = p * y + p_neg * (1 - y)
    loss = -loss * (1 - p_t) ** (gamma_pos * y + gamma_neg * (1 - y))
    return conv_reduce(
        loss, reduction, convention=convention, elementwise=True, sample_weight=sample_weight
    )


REFERENCES = {"sigmoid_focal_loss": sigmoid_focal_loss, "asymmetric_loss": asymmetric_loss}
