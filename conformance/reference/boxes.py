"""Box losses written out: corners to areas, then torchvision's formulas, in float64."""

from __future__ import annotations

import math

import numpy as np

from ._convention import reduce_as


def _terms(b, g, eps):
    x1, y1, x2, y2 = (b[..., i] for i in range(4))
    p1, q1, p2, q2 = (g[..., i] for i in range(4))
    iw = np.minimum(x2, p2) - np.maximum(x1, p1)
    ih = np.minimum(y2, q2) - np.maximum(y1, q1)
    inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
    union = (x2 - x1) * (y2 - y1) + (p2 - p1) * (q2 - q1) - inter
    cw = np.maximum(x2, p2) - np.minimum(x1, p1)
    ch = np.maximum(y2, q2) - np.minimum(y1, q1)
    rho2 = ((x1 + x2) / 2 - (p1 + p2) / 2) ** 2 + ((y1 + y2) / 2 - (q1 + q2) / 2) ** 2
    iou = inter / (union + eps)
    diou = 1 - iou + rho2 / (cw**2 + ch**2 + eps)
    v = 4 / math.pi**2 * (np.arctan((p2 - p1) / (q2 - q1)) - np.arctan((x2 - x1) / (y2 - y1))) ** 2
    return {
        "iou": 1 - iou,
        "giou": 1 - iou + (cw * ch - union) / (cw * ch + eps),
        "diou": diou,
        "ciou": diou + v / (1 - iou + v + eps) * v,
    }


def _loss(kind):
    def fn(input, target, *, eps=1e-7, sample_weight=None, reduction="mean", convention="torch"):
        loss = _terms(input, target, eps)[kind]
        return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)

    return fn


REFERENCES = {
    "box_iou_loss": _loss("iou"),
    "generalized_box_iou_loss": _loss("giou"),
    "distance_box_iou_loss": _loss("diou"),
    "complete_box_iou_loss": _loss("ciou"),
}
