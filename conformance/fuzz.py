"""``python -m conformance --fuzz``: hypothesis-drawn cases for any backend.

Draws shapes (empty ones included), the index dtype (int32 or int64), weights,
ignored entries and option combinations for the class-index losses and the elementwise
losses, as ordinary :class:`~conformance.case.Case` rows, so every check of the table
applies. Seeded: the same ``--seed`` and ``--examples`` give the same cases (ids
``fuzz-<seed>-<n>``), which ``--repro`` reproduces.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .case import Case, labels, normal, uniform

__all__ = ["fuzz_cases"]

_ELEMENTWISE = {
    "l1_loss": {},
    "mse_loss": {},
    "huber_loss": {"delta": [0.5, 1.0, 2.0]},
    "smooth_l1_loss": {"beta": [0.0, 0.5, 1.0]},
    "log_cosh_loss": {},
    "binary_cross_entropy_with_logits": {"label_smoothing": [0.0, 0.1]},
    "soft_margin_loss": {},
}
_CLASS = {
    "cross_entropy": {"label_smoothing": [0.0, 0.1]},
    "nll_loss": {},
    "poly1_cross_entropy": {"epsilon": [-0.5, 1.0, 2.0]},
    "softmax_focal_loss": {"gamma": [0.0, 0.5, 2.0]},
}


def _index_dtype(gen: Any, dtype: str) -> Any:
    return lambda rng: gen(rng).astype(dtype)


def fuzz_cases(*, seed: int = 0, examples: int = 50) -> list[Case]:
    """``examples`` cases drawn by hypothesis with ``seed``."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    drawn: list[Case] = []

    @st.composite
    def case(draw: Any) -> Case:
        n = len(drawn)
        batch = draw(st.integers(0, 5))
        extra = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
        reduction = draw(st.sampled_from(["none", "mean", "sum"]))
        dtypes = (draw(st.sampled_from(["float32", "float64"])),)
        if draw(st.booleans()):
            function = draw(st.sampled_from(sorted(_CLASS)))
            classes = draw(st.integers(2, 5))
            axis = draw(st.sampled_from([-1, 1])) if extra else -1
            in_shape = (batch, classes, *extra) if axis == 1 else (batch, *extra, classes)
            t_shape = (batch, *extra)
            ignore = draw(st.sampled_from([None, -100]))
            index = draw(st.sampled_from(["int32", "int64"]))
            options = {k: draw(st.sampled_from(v)) for k, v in _CLASS[function].items()}
            arrays = {}
            if draw(st.booleans()):
                arrays["weight"] = uniform(classes, low=0.2, high=2.0)
            target = _index_dtype(labels(*t_shape, classes=classes, ignore=ignore), index)
            args = (normal(*in_shape), target)
            if function == "nll_loss":
                args = (_log_softmax(normal(*in_shape), axis), target)
            options.update(axis=axis, reduction=reduction)
            name = f"fuzz-{seed}-{n}-{index}"
        else:
            function = draw(st.sampled_from(sorted(_ELEMENTWISE)))
            shape = (batch, *extra)
            options = {k: draw(st.sampled_from(v)) for k, v in _ELEMENTWISE[function].items()}
            options["reduction"] = reduction
            arrays = {}
            if draw(st.booleans()):
                arrays["sample_weight"] = uniform(*shape, low=0.0, high=2.0)
            second = uniform(*shape) if "logits" in function else normal(*shape)
            if function == "soft_margin_loss":
                second = _signs(shape)
            args = (normal(*shape), second)
            name = f"fuzz-{seed}-{n}"
        return Case(function, name, args=args, arrays=arrays, options=options, dtypes=dtypes)

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(case())
    def collect(c: Case) -> None:
        drawn.append(c)

    collect()
    return drawn


def _log_softmax(gen: Any, axis: int) -> Any:
    def make(rng: np.random.Generator) -> np.ndarray:
        z = gen(rng)
        if not z.size:
            return z
        z = z - z.max(axis=axis, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))

    return make


def _signs(shape: tuple[int, ...]) -> Any:
    return lambda rng: np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0)
