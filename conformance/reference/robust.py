"""Robust losses written out: Barron's general loss and its named special cases."""

from __future__ import annotations

import numpy as np

from ._convention import reduce_as


def _finish(loss, sample_weight, reduction, convention="torch"):
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


def _rho(s, alpha):
    """Barron's rho of the squared scaled residual s, alpha elementwise."""
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), s.shape)
    out = np.empty_like(s)
    for i, (si, a) in enumerate(zip(s.ravel(), alpha.ravel())):
        if a == 2:
            v = 0.5 * si
        elif a == 0:
            v = np.log1p(0.5 * si)
        elif a == -np.inf:
            v = -np.expm1(-0.5 * si)
        elif a == np.inf:
            v = np.expm1(0.5 * si)
        else:
            b = abs(a - 2)
            v = b / a * ((si / b + 1) ** (a / 2) - 1)
        out.flat[i] = v
    return out


def general_adaptive_loss(
    input, target, *, alpha=1.0, scale=1.0, sample_weight=None, reduction="mean",
    convention="torch",
):  # fmt: skip
    s = ((input - target) / scale) ** 2
    return _finish(_rho(s, alpha), sample_weight, reduction, convention)


def _named(alpha, name):
    def loss(input, target, *, scale=1.0, sample_weight=None, reduction="mean", **conv):
        return general_adaptive_loss(
            input,
            target,
            alpha=alpha,
            scale=scale,
            sample_weight=sample_weight,
            reduction=reduction,
            **conv,
        )

    loss.__name__ = name
    return loss


REFERENCES = {
    "general_adaptive_loss": general_adaptive_loss,
    "charbonnier_loss": _named(1.0, "charbonnier_loss"),
    "cauchy_loss": _named(0.0, "cauchy_loss"),
    "geman_mcclure_loss": _named(-2.0, "geman_mcclure_loss"),
    "welsch_loss": _named(-np.inf, "welsch_loss"),
}
