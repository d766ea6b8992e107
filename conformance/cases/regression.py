"""Cases for portloss.regression: l1, mse, huber, smooth_l1, log_cosh, poisson and gaussian
NLL, MAPE and MSLE.

torch's losses are their own oracles. Where portloss adds a ``weight`` torch lacks, the
adapter applies it to torch's unreduced loss and reduces the way portloss documents (the
weight scales, ``mean`` divides by the element count). The Keras losses (log-cosh, MAPE,
MSLE) are checked against their Keras formulas written with torch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ..case import Case, mask, normal, uniform

# Shapes shared with the other families, so JAX's per-shape op cache is reused.
N, D = 6, 5
KDIM = (3, 4, 2, 5)
F32 = ("float32",)
BOTH = ("float32", "float64")


def _reduce(loss: Any, reduction: str) -> Any:
    return {"none": lambda v: v, "mean": lambda v: v.mean(), "sum": lambda v: v.sum()}[reduction](
        loss
    )


def _with_weight(fn: Any) -> Any:
    """torch's unreduced ``fn`` times ``weight`` (a weight torch lacks: a sample weight)."""

    def oracle(
        x: Any, y: Any, *rest: Any, weight: Any = None, reduction: str = "mean", **kw: Any
    ) -> Any:
        if weight is None:
            return fn(x, y, *rest, reduction=reduction, **kw)
        return _weighted(fn(x, y, *rest, reduction="none", **kw), weight, reduction)

    return oracle


def torch_l1_loss(x: Any, y: Any, *, weight: Any = None, **kw: Any) -> Any:
    import torch.nn.functional as F

    return F.l1_loss(x, y, weight=None if weight is None else weight.expand(x.shape), **kw)


def torch_mse_loss(x: Any, y: Any, *, weight: Any = None, **kw: Any) -> Any:
    import torch.nn.functional as F

    return F.mse_loss(x, y, weight=None if weight is None else weight.expand(x.shape), **kw)


def torch_huber_loss(x: Any, y: Any, *, weight: Any = None, **kw: Any) -> Any:
    import torch.nn.functional as F

    return F.huber_loss(x, y, weight=None if weight is None else weight.expand(x.shape), **kw)


def torch_smooth_l1_loss(*args: Any, **kw: Any) -> Any:
    import torch.nn.functional as F

    return _with_weight(F.smooth_l1_loss)(*args, **kw)


def torch_poisson_nll_loss(*args: Any, **kw: Any) -> Any:
    import torch.nn.functional as F

    return _with_weight(F.poisson_nll_loss)(*args, **kw)


def torch_gaussian_nll_loss(*args: Any, **kw: Any) -> Any:
    import torch.nn.functional as F

    return _with_weight(F.gaussian_nll_loss)(*args, **kw)


def _weighted(loss: Any, weight: Any, reduction: str) -> Any:
    """A weight torch lacks is portloss' sample weight: the mean divides by its sum."""
    if weight is None:
        return _reduce(loss, reduction)
    weight = weight.expand_as(loss)
    if reduction == "mean":
        return (loss * weight).sum() / weight.sum()
    return _reduce(loss * weight, reduction)


def keras_log_cosh(x: Any, y: Any, *, weight: Any = None, reduction: str = "mean") -> Any:
    import torch

    d = x - y  # moderate values: the textbook form is exact enough in float64
    loss = torch.log(torch.cosh(d))
    return _weighted(loss, weight, reduction)


def keras_mape(x: Any, y: Any, *, weight: Any = None, reduction: str = "mean") -> Any:
    loss = 100.0 * (y - x).abs() / y.abs().clamp_min(1e-7)
    return _weighted(loss, weight, reduction)


def keras_msle(x: Any, y: Any, *, weight: Any = None, reduction: str = "mean") -> Any:
    import torch

    d = torch.log(x.clamp_min(1e-7) + 1.0) - torch.log(y.clamp_min(1e-7) + 1.0)
    loss = d * d
    return _weighted(loss, weight, reduction)


def _counts(*shape: int) -> Any:
    return lambda rng: rng.integers(0, 6, shape).astype(np.float64)


def _pair(*shape: int, scale: float = 1.0) -> tuple[Any, Any]:
    return normal(*shape, scale=scale), normal(*shape)


def _basic_cases(function: str, oracle: Any, *, every: bool) -> list[Case]:
    """l1 and mse: shapes, reductions, torch's weight, a sample weight, an empty batch.

    The two share their code path, so mse (``every=False``) gets the first rows only.
    """
    cases = [
        Case(function, "batched-mean", _pair(N, D), oracle=oracle, dtypes=BOTH if every else F32),
        Case(
            function,
            "kdim-weight-none",
            _pair(*KDIM),
            arrays={"weight": uniform(D, low=0.1, high=2.0)},
            options={"reduction": "none"},
            oracle=oracle,
            dtypes=F32,
        ),
        Case(
            function,
            "sample-weight-mean",
            _pair(N, D),
            arrays={"weight": uniform(N, D, low=0.1, high=2.0), "sample_weight": mask(N, 1)},
            dtypes=F32,
        ),
    ]
    if every:
        cases += [
            Case(
                function,
                "scalar-sum",
                _pair(),
                options={"reduction": "sum"},
                oracle=oracle,
                dtypes=F32,
            ),
            Case(function, "empty-mean", _pair(0, D), oracle=oracle, dtypes=F32),
        ]
    return cases


CASES = [
    *_basic_cases("l1_loss", torch_l1_loss, every=True),
    *_basic_cases("mse_loss", torch_mse_loss, every=False),
    Case(
        "mse_loss",
        "half-mean",
        _pair(N, D),
        oracle=torch_mse_loss,
        dtypes=("float16",),
    ),
    Case("huber_loss", "mean", _pair(N, D, scale=2.0), oracle=torch_huber_loss, dtypes=F32),
    Case(
        "huber_loss",
        "delta-weight-none",
        _pair(N, D, scale=2.0),
        arrays={"weight": uniform(N, D, low=0.1, high=2.0)},
        options={"delta": 0.5, "reduction": "none"},
        oracle=torch_huber_loss,
        dtypes=F32,
    ),
    Case("smooth_l1_loss", "mean", _pair(N, D, scale=2.0), oracle=torch_smooth_l1_loss, dtypes=F32),
    Case(
        "smooth_l1_loss",
        "beta0-none",
        _pair(N, D),
        options={"beta": 0.0, "reduction": "none"},
        oracle=torch_smooth_l1_loss,
        dtypes=F32,
    ),
    Case(
        "smooth_l1_loss",
        "beta-weight-sum",
        _pair(N, D, scale=2.0),
        arrays={"weight": uniform(N, 1, low=0.1, high=2.0)},
        options={"beta": 0.5, "reduction": "sum"},
        oracle=torch_smooth_l1_loss,
        dtypes=F32,
    ),
    Case("log_cosh_loss", "mean", _pair(N, D, scale=3.0), oracle=keras_log_cosh, dtypes=F32),
    Case(  # small errors: the near-zero branch
        "log_cosh_loss",
        "small-weight-none",
        (normal(N, D, scale=0.01), normal(N, D, scale=0.01)),
        arrays={"weight": uniform(D, low=0.1, high=2.0)},
        options={"reduction": "none"},
        oracle=keras_log_cosh,
        dtypes=F32,
    ),
    Case(
        "poisson_nll_loss",
        "log-input-mean",
        (normal(N, D), _counts(N, D)),
        oracle=torch_poisson_nll_loss,
        dtypes=F32,
    ),
    Case(
        "poisson_nll_loss",
        "rate-full-none",
        (uniform(N, D, low=0.0, high=4.0), _counts(N, D)),
        options={"log_input": False, "full": True, "reduction": "none"},
        oracle=torch_poisson_nll_loss,
        dtypes=F32,
    ),
    Case(  # Keras' Poisson: rates, eps 1e-7 (the convention's), per-sample weights
        "poisson_nll_loss",
        "keras-rate-sample-weight-mean",
        (uniform(N, D, low=0.1, high=4.0), _counts(N, D)),
        arrays={"sample_weight": uniform(N, low=0.2, high=2.0)},
        options={"log_input": False, "convention": "keras"},
        dtypes=F32,
    ),
    Case(
        "gaussian_nll_loss",
        "var-full-mean",
        (*_pair(N, D), uniform(N, D, low=0.1, high=2.0)),
        oracle=torch_gaussian_nll_loss,
        grad_argnums=(0, 2),
        dtypes=F32,
    ),
    Case(
        "gaussian_nll_loss",
        "var-no-last-dim-full-weight-sum",
        (*_pair(N, D), uniform(N, low=0.1, high=2.0)),
        arrays={"weight": uniform(D, low=0.1, high=2.0)},
        options={"full": True, "reduction": "sum"},
        oracle=torch_gaussian_nll_loss,
        grad_argnums=(0, 2),
        dtypes=F32,
    ),
    Case(  # variances below eps: torch's clamp passes the gradient straight through
        "gaussian_nll_loss",
        "var-below-eps-mean",
        (*_pair(N, D), uniform(N, D, low=0.0, high=2e-6)),
        options={"eps": 1e-6},
        oracle=torch_gaussian_nll_loss,
        grad_argnums=(0, 2),
        dtypes=("float64",),
    ),
    Case(
        "mean_absolute_percentage_error",
        "weight-none",
        _pair(N, D),
        arrays={"weight": uniform(N, 1, low=0.1, high=2.0)},
        options={"reduction": "none"},
        oracle=keras_mape,
        dtypes=F32,
    ),
    Case(
        "mean_squared_logarithmic_error",
        "weight-mean",
        (uniform(N, D, low=-0.5, high=3.0), uniform(N, D, low=0.0, high=3.0)),
        arrays={"weight": uniform(D, low=0.1, high=2.0)},
        oracle=keras_msle,
        dtypes=F32,
    ),
]

# Gradients are compared on the rows named here only: on JAX each gradient costs a dozen
# compilations, and the rows left out exercise no other differentiable code path.
GRADIENT_ROWS = {
    "l1_loss[batched-mean]",
    "mse_loss[batched-mean]",
    "huber_loss[mean]",
    "smooth_l1_loss[mean]",
    "smooth_l1_loss[beta0-none]",
    "log_cosh_loss[mean]",
    "log_cosh_loss[small-weight-none]",
    "poisson_nll_loss[log-input-mean]",
    "poisson_nll_loss[rate-full-none]",
    "gaussian_nll_loss[var-full-mean]",
    "gaussian_nll_loss[var-below-eps-mean]",
    "mean_absolute_percentage_error[weight-none]",
    "mean_squared_logarithmic_error[weight-mean]",
}
CASES = [c if c.id in GRADIENT_ROWS else replace(c, grad_argnums=()) for c in CASES]
