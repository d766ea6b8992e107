"""Cases for portloss.classification: cross_entropy and nll_loss."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..case import Case, labels, mask, normal, probabilities, uniform

C = 5  # classes


def _torch_class_axis(x: Any, axis: int) -> Any:
    # torch wants classes at dim 1 (or 0 for unbatched input).
    # contiguous: torch's nll_loss backward refuses a strided (moved) input.
    return x if x.ndim == 1 or axis in (1, 1 - x.ndim) else x.movedim(axis, 1).contiguous()


def torch_cross_entropy(x: Any, y: Any, *, axis: int = -1, **options: Any) -> Any:
    import torch.nn.functional as F

    if y.is_floating_point():
        y = _torch_class_axis(y, axis)
    return F.cross_entropy(_torch_class_axis(x, axis), y, **options)


def torch_nll_loss(x: Any, y: Any, *, axis: int = -1, **options: Any) -> Any:
    import torch.nn.functional as F

    return F.nll_loss(_torch_class_axis(x, axis), y, **options)


# name -> (input shape, index-target shape, class axis)
SHAPES = {
    "unbatched": ((C,), (), -1),
    "batched": ((6, C), (6,), -1),
    "kdim-axis1": ((3, C, 4, 2), (3, 4, 2), 1),
    "kdim-last": ((3, 4, 2, C), (3, 4, 2), -1),
    "empty": ((0, C), (0,), -1),
}

# name -> (options, class weights?)
INDEX_VARIANTS = {
    "plain": ({}, False),
    "weight": ({}, True),
    "ignore": ({"ignore_index": -100}, False),
    "ignore-valid-class": ({"ignore_index": 1}, True),
    "smoothing": ({"label_smoothing": 0.2}, False),
    "weight-ignore-smoothing": ({"label_smoothing": 0.1}, True),
}


def _dtypes(shape_name: str, variant: str) -> tuple[str, ...]:
    # Half precision (computed in float32, returned in float16) on a few representative rows.
    if shape_name in ("batched", "kdim-axis1") and variant in ("plain", "weight-ignore-smoothing"):
        return ("float16", "float32", "float64")
    return ("float32", "float64")


def _index_cases(function: str, oracle: Any, inputs: Any, smoothing: bool) -> list[Case]:
    cases = []
    for shape_name, (in_shape, t_shape, axis) in SHAPES.items():
        for variant, (options, weighted) in INDEX_VARIANTS.items():
            if "label_smoothing" in options and not smoothing:
                continue
            ignore = -100 if variant.startswith(("ignore", "weight-ignore")) else None
            if "ignore_index" in options:
                ignore = options["ignore_index"]
            arrays = {"weight": uniform(C, low=0.2, high=2.0)} if weighted else {}
            for reduction in ("none", "mean", "sum"):
                cases.append(
                    Case(
                        function,
                        f"{shape_name}-{variant}-{reduction}",
                        args=(
                            inputs(*in_shape, axis=axis),
                            labels(*t_shape, classes=C, ignore=ignore),
                        ),
                        arrays=arrays,
                        options={**options, "axis": axis, "reduction": reduction},
                        oracle=oracle,
                        dtypes=_dtypes(shape_name, variant),
                    )
                )
        # sample weights: a float weight per element and a bool mask (no torch peer).
        for kind, gen in (
            ("sample-weight", uniform(*t_shape, low=0.0, high=2.0)),
            ("sample-mask", mask(*t_shape)),
        ):
            for reduction in ("none", "mean"):
                cases.append(
                    Case(
                        function,
                        f"{shape_name}-{kind}-{reduction}",
                        args=(
                            inputs(*in_shape, axis=axis),
                            labels(*t_shape, classes=C, ignore=-100),
                        ),
                        arrays={"weight": uniform(C, low=0.2, high=2.0), "sample_weight": gen},
                        options={"axis": axis, "reduction": reduction},
                    )
                )
    return cases


def _probability_cases() -> list[Case]:
    cases = []
    for shape_name, (in_shape, _, axis) in SHAPES.items():
        for variant, options, weighted in (
            ("plain", {}, False),
            ("weight", {}, True),
            ("weight-smoothing", {"label_smoothing": 0.15}, True),
        ):
            for reduction in ("none", "mean", "sum"):
                cases.append(
                    Case(
                        "cross_entropy",
                        f"{shape_name}-probs-{variant}-{reduction}",
                        args=(normal(*in_shape), probabilities(*in_shape, axis=axis)),
                        arrays={"weight": uniform(C, low=0.2, high=2.0)} if weighted else {},
                        options={**options, "axis": axis, "reduction": reduction},
                        oracle=torch_cross_entropy,
                        grad_argnums=(0, 1),
                    )
                )
    return cases


def _logits(*shape: int, axis: int) -> Any:
    return normal(*shape, scale=2.0)


def _log_probabilities(*shape: int, axis: int) -> Any:
    probs = probabilities(*shape, axis=axis)
    return lambda rng: np.log(probs(rng))


CASES = [
    *_index_cases("cross_entropy", torch_cross_entropy, _logits, smoothing=True),
    *_probability_cases(),
    *_index_cases("nll_loss", torch_nll_loss, _log_probabilities, smoothing=False),
]


def _convention_cases() -> list[Case]:
    # Keras and Paddle presets where they differ from torch: class weights meeting label
    # smoothing, the mean's denominator, the empty mean. No peer installed: the float64
    # reference is checked against golden values in tests/test_conventions.py.
    cases = []
    for convention in ("keras", "paddle"):
        for shape_name in ("batched", "kdim-axis1"):
            in_shape, t_shape, axis = SHAPES[shape_name]
            for reduction in ("none", "mean"):
                cases.append(
                    Case(
                        "cross_entropy",
                        f"{shape_name}-{convention}-weight-ignore-smoothing-{reduction}",
                        args=(
                            _logits(*in_shape, axis=axis),
                            labels(*t_shape, classes=C, ignore=-100),
                        ),
                        arrays={"weight": uniform(C, low=0.2, high=2.0)},
                        options={
                            "convention": convention,
                            "label_smoothing": 0.1,
                            "axis": axis,
                            "reduction": reduction,
                        },
                    )
                )
        cases.append(
            Case(
                "cross_entropy",
                f"batched-probs-{convention}-weight-smoothing-mean",
                args=(normal(6, C), probabilities(6, C)),
                arrays={"weight": uniform(C, low=0.2, high=2.0)},
                options={"convention": convention, "label_smoothing": 0.1},
                grad_argnums=(0,),
            )
        )
        cases.append(
            Case(
                "nll_loss",
                f"batched-{convention}-weight-ignore-mean",
                args=(_log_probabilities(6, C, axis=-1), labels(6, classes=C, ignore=-100)),
                arrays={"weight": uniform(C, low=0.2, high=2.0)},
                options={"convention": convention},
            )
        )
    # Keras' SparseCategoricalCrossentropy() on probabilities (normalized, clipped at
    # 1e-7) with a per-sample weight aligned from the left on a per-pixel loss.
    cases.append(
        Case(
            "cross_entropy",
            "kdim-axis1-probs-input-keras-sample-weight-mean",
            args=(probabilities(3, C, 4, axis=1), labels(3, 4, classes=C)),
            arrays={"sample_weight": uniform(3, low=0.2, high=2.0)},
            options={"convention": "keras", "from_logits": False, "axis": 1},
        )
    )
    cases.append(
        Case(
            "cross_entropy",
            "batched-others-smoothing-mean",
            args=(_logits(6, C, axis=-1), labels(6, classes=C)),
            options={"label_smoothing": 0.2, "smoothing_variant": "others"},
        )
    )
    return cases


CASES += _convention_cases()
