"""Cases for portloss.robust: Charbonnier, Cauchy, Geman-McClure, Welsch and Barron's
general adaptive loss.

kornia's robust losses (scale 1, reduction "none" by default) are the oracles of the
named losses; the general loss has the float64 reference's written-out formula only
(kornia has no general form).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..case import Case, mask, normal, uniform

N, D = 6, 5
F32 = ("float32",)
BOTH = ("float32", "float64")


def _kornia(name: str) -> Any:
    def oracle(x: Any, y: Any, *, scale: float = 1.0, reduction: str = "mean", **kw: Any) -> Any:
        import kornia.losses

        return getattr(kornia.losses, name)(x / scale, y / scale, reduction=reduction)

    oracle.__name__ = f"kornia_{name}"
    return oracle


def _pair(*shape: int, scale: float = 2.0) -> tuple[Any, Any]:
    return normal(*shape, scale=scale), normal(*shape)


def _alphas(*shape: int) -> Any:
    # The special values 2, 0, -inf and +inf and ordinary ones next to them.
    values = np.array([2.0, 0.0, -np.inf, np.inf, 1.0, -2.0, 0.5, 3.0, -7.0, 1.999])
    return lambda rng: np.resize(values, shape)


CASES = [
    *(
        Case(name, "mean", _pair(N, D), oracle=_kornia(name), dtypes=BOTH)
        for name in ("charbonnier_loss", "cauchy_loss", "geman_mcclure_loss", "welsch_loss")
    ),
    *(
        Case(
            name,
            "scale-sample-weight-none",
            _pair(N, D),
            arrays={"sample_weight": mask(N, 1)},
            options={"scale": 0.5, "reduction": "none"},
            dtypes=F32,
            grad_argnums=(),
        )
        for name in ("charbonnier_loss", "cauchy_loss", "geman_mcclure_loss", "welsch_loss")
    ),
    Case("general_adaptive_loss", "alpha1-mean", _pair(N, D), dtypes=BOTH),
    Case(
        "general_adaptive_loss",
        "alpha-neg-scale-sum",
        _pair(N, D),
        arrays={"sample_weight": uniform(N, D, low=0.1, high=2.0)},
        options={"alpha": -3.5, "scale": 0.7, "reduction": "sum"},
        dtypes=F32,
    ),
    Case(
        "general_adaptive_loss",
        "alpha-inf-none",
        (normal(N, D), normal(N, D)),
        options={"alpha": float("inf"), "reduction": "none"},
        dtypes=F32,
    ),
    Case(  # an array alpha holding every special value, and an array scale
        "general_adaptive_loss",
        "alpha-array-scale-array-none",
        (normal(N, D), normal(N, D)),
        arrays={"alpha": _alphas(N, D), "scale": uniform(D, low=0.5, high=2.0)},
        options={"reduction": "none"},
        dtypes=BOTH,
    ),
    # Keras' convention: a (N,) weight aligned from the left, the mean over the count
    Case(
        "charbonnier_loss",
        "keras-row-weight-mean",
        _pair(N, D),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"scale": 0.5, "convention": "keras"},
        dtypes=F32,
        grad_argnums=(),
    ),
    Case(
        "general_adaptive_loss",
        "keras-weighted-sum-over-batch-size",
        _pair(N, D),
        arrays={"sample_weight": uniform(N, D, low=0.1, high=2.0)},
        options={"alpha": 0.5, "reduction": "sum_over_batch_size", "convention": "keras"},
        dtypes=F32,
        grad_argnums=(),
    ),
]
