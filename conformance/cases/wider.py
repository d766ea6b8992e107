"""Rows that widen every function to at least 8 cases (issue 19).

Each function gets each reduction, a sample weight (float and bool), K-dim and empty
inputs and float64 (and float16 on one row) on top of its family module's rows. The
float64 reference is the independent one in :mod:`conformance.reference`; no torch
peer is needed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..case import Case, Gen, integers, labels, mask, normal, probabilities, uniform

F32_64 = ("float32", "float64")
HALF = ("float16", "float32", "float64")
REDUCTIONS = ("none", "mean", "sum")
SHAPES = {"batched": (6, 4), "kdim": (3, 4, 2), "empty": (0, 4)}


def _signs(*shape: int) -> Gen:
    return lambda rng: np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0)


def _binary(*shape: int) -> Gen:
    return lambda rng: (rng.uniform(size=shape) < 0.5).astype(np.float64)


def _log_probs(*shape: int) -> Gen:
    probs = probabilities(*shape)
    return lambda rng: np.log(probs(rng)) if shape[0] else np.zeros(shape)


def _elementwise(
    function: str,
    make_args: Callable[[tuple[int, ...]], tuple[Gen, ...]],
    *,
    options: dict[str, Any] | None = None,
    sample_weight: bool = True,
    reductions: tuple[str, ...] = REDUCTIONS,
    grad: tuple[int, ...] = (0,),
) -> list[Case]:
    """Every shape x reduction, a float and a bool sample weight; float16 on one row."""
    options = options or {}
    cases = []
    for shape_name, shape in SHAPES.items():
        for reduction in reductions:
            cases.append(
                Case(
                    function,
                    f"w-{shape_name}-{reduction}",
                    args=make_args(shape),
                    options={**options, "reduction": reduction},
                    dtypes=HALF if (shape_name, reduction) == ("batched", "mean") else F32_64,
                    grad_argnums=grad,
                )
            )
    if sample_weight:
        for kind, gen in (("sw", uniform(6, 4, low=0.0, high=2.0)), ("sw-mask", mask(6, 4))):
            cases.append(
                Case(
                    function,
                    f"w-batched-{kind}-mean",
                    args=make_args((6, 4)),
                    arrays={"sample_weight": gen},
                    options={**options, "reduction": "mean"},
                    dtypes=F32_64,
                    grad_argnums=grad,
                )
            )
    return cases


def _pair(low: float = -2.0, high: float = 2.0) -> Callable[[tuple[int, ...]], tuple[Gen, ...]]:
    return lambda s: (uniform(*s, low=low, high=high), uniform(*s, low=low, high=high))


CASES: list[Case] = [
    *_elementwise("l1_loss", _pair()),
    *_elementwise("mse_loss", _pair()),
    *_elementwise("huber_loss", _pair(), options={"delta": 0.7}),
    *_elementwise("smooth_l1_loss", _pair(), options={"beta": 0.6}),
    *_elementwise("log_cosh_loss", _pair()),
    *_elementwise("mean_absolute_percentage_error", _pair(0.2, 3.0)),
    *_elementwise("mean_squared_logarithmic_error", _pair(0.0, 3.0)),
    *_elementwise("poisson_nll_loss", lambda s: (normal(*s), uniform(*s, low=0.0, high=4.0))),
    *_elementwise(
        "poisson_nll_loss_full",
        lambda s: (uniform(*s, low=0.1, high=3.0), uniform(*s, low=0.0, high=4.0)),
        options={"log_input": False, "full": True},
    ),
    *_elementwise(
        "gaussian_nll_loss",
        lambda s: (normal(*s), normal(*s), uniform(*s, low=0.2, high=2.0)),
        options={"full": True},
    ),
    *_elementwise("soft_margin_loss", lambda s: (normal(*s), _signs(*s))),
    *_elementwise("hinge_loss", lambda s: (normal(*s), _signs(*s))),
    *_elementwise("squared_hinge_loss", lambda s: (normal(*s), _binary(*s))),
    *_elementwise(
        "hinge_embedding_loss", lambda s: (normal(*s), _signs(*s)), options={"margin": 0.8}
    ),
    *_elementwise(
        "margin_ranking_loss",
        lambda s: (normal(*s), normal(*s), _signs(*s)),
        options={"margin": 0.3},
    ),
    *_elementwise(
        "binary_cross_entropy",
        lambda s: (uniform(*s, low=0.02, high=0.98), _binary(*s)),
    ),
    *_elementwise(
        "binary_cross_entropy_with_logits",
        lambda s: (normal(*s, scale=2.0), uniform(*s)),
    ),
    *_elementwise(
        "sigmoid_focal_loss",
        lambda s: (normal(*s, scale=2.0), _binary(*s)),
        options={"alpha": 0.3, "gamma": 1.5},
    ),
    *_elementwise(
        "kl_div",
        lambda s: (_log_probs(*s), probabilities(*s)),
        reductions=("none", "mean", "sum", "batchmean"),
    ),
]
# poisson_nll_loss with log_input=False rides under its own label above; fix its name.
CASES = [
    Case(**{**c.__dict__, "function": "poisson_nll_loss", "name": "full-" + c.name})
    if c.function == "poisson_nll_loss_full"
    else c
    for c in CASES
]


def _class_axis(
    function: str,
    make: Callable[[tuple[int, ...], int], tuple[Gen, ...]],
    *,
    options: dict[str, Any] | None = None,
    variants: dict[str, dict[str, Any]] | None = None,
    sample_weight: bool = True,
    classes: int = 4,
    grad: tuple[int, ...] = (0,),
    empty: bool = True,
) -> list[Case]:
    """(N, C) rows over reductions and variants, a K-dim row with axis=1, an empty batch."""
    options = options or {}
    cases = []
    for variant, extra in (variants or {"plain": {}}).items():
        for reduction in REDUCTIONS:
            cases.append(
                Case(
                    function,
                    f"w-{variant}-{reduction}",
                    args=make((6, classes), -1),
                    options={**options, **extra, "reduction": reduction},
                    dtypes=HALF if (variant, reduction) == ("plain", "mean") else F32_64,
                    grad_argnums=grad,
                )
            )
    if empty:
        cases.append(
            Case(
                function,
                "w-empty-sum",
                args=make((0, classes), -1),
                options={**options, "reduction": "sum"},
                dtypes=F32_64,
                grad_argnums=(),
            )
        )
    if sample_weight:
        cases.append(
            Case(
                function,
                "w-sw-mean",
                args=make((6, classes), -1),
                arrays={"sample_weight": uniform(6, low=0.0, high=2.0)},
                options={**options, "reduction": "mean"},
                dtypes=F32_64,
                grad_argnums=grad,
            )
        )
    return cases


def _listed(n: int, c: int) -> Gen:
    """multilabel_margin_loss targets: a few class indices per row, then -1 padding."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        out = -np.ones((n, c), dtype=np.int64)
        for i in range(n):
            k = int(rng.integers(1, c))
            out[i, :k] = rng.permutation(c)[:k]
        return out

    return gen


def _kdim(function: str, args: tuple[Gen, ...], **options: Any) -> Case:
    return Case(
        function,
        "w-kdim-axis1-none",
        args=args,
        options={**options, "axis": 1, "reduction": "none"},
        dtypes=F32_64,
        grad_argnums=(0,),
    )


CASES += [
    *_class_axis(
        "categorical_hinge_loss",
        lambda s, a: (normal(*s), labels(s[0], classes=s[1])),
    ),
    _kdim("categorical_hinge_loss", (normal(3, 4, 2), labels(3, 2, classes=4))),
    *_class_axis(
        "multi_margin_loss",
        lambda s, a: (normal(*s), labels(s[0], classes=s[1])),
        variants={"plain": {}, "p2-margin": {"p": 2, "margin": 0.7}},
    ),
    *_class_axis(
        "multilabel_soft_margin_loss",
        lambda s, a: (normal(*s), _binary(*s)),
        variants={"plain": {}},
    ),
    Case(
        "multilabel_soft_margin_loss",
        "w-weight-mean",
        args=(normal(6, 4), _binary(6, 4)),
        arrays={"weight": uniform(4, low=0.2, high=2.0)},
        dtypes=F32_64,
    ),
    *_class_axis(
        "softmax_focal_loss",
        lambda s, a: (normal(*s), labels(s[0], classes=s[1], ignore=-100)),
        variants={"plain": {"gamma": 2.0}, "alpha": {"alpha": 0.25, "gamma": 1.0}},
    ),
    _kdim("softmax_focal_loss", (normal(3, 4, 2), labels(3, 2, classes=4)), gamma=0.5),
    *_class_axis(
        "poly1_cross_entropy",
        lambda s, a: (normal(*s), labels(s[0], classes=s[1], ignore=-100)),
        variants={"plain": {}, "smoothing": {"label_smoothing": 0.1, "epsilon": 0.5}},
    ),
    _kdim("poly1_cross_entropy", (normal(3, 4, 2), labels(3, 2, classes=4))),
    *_class_axis(
        "js_divergence",
        lambda s, a: (probabilities(*s), probabilities(*s)),
        variants={"plain": {}, "logs": {"log_input": True, "log_target": True}},
        grad=(),
    ),
    *_class_axis(
        "cosine_similarity_loss",
        lambda s, a: (normal(*s), normal(*s)),
    ),
    _kdim("cosine_similarity_loss", (normal(3, 4, 2), normal(3, 4, 2))),
    *_class_axis(
        "cosine_embedding_loss",
        lambda s, a: (normal(*s), normal(*s), _signs(s[0])),
        variants={"plain": {}, "margin": {"margin": 0.3}},
    ),
    *_class_axis(
        "triplet_margin_loss",
        lambda s, a: (normal(*s), normal(*s), normal(*s)),
        variants={"plain": {}, "swap-p1": {"swap": True, "p": 1.0}},
    ),
    *_class_axis(
        "triplet_margin_with_distance_loss",
        lambda s, a: (normal(*s), normal(*s), normal(*s)),
        variants={"plain": {}, "swap": {"swap": True, "margin": 0.5}},
    ),
    *_class_axis(
        "multilabel_margin_loss",
        lambda s, a: (normal(*s), _listed(*s)),
    ),
    *_class_axis(
        "ntxent_loss",
        lambda s, a: (normal(*s), integers(s[0], low=0, high=3)),
        variants={"plain": {}, "warm": {"temperature": 0.5}},
        sample_weight=False,
        empty=False,
    ),
]


# ---------------------------------------------------------------- segmentation
SN, SP, SC = 2, 6, 3  # shared shapes: eager JAX compiles once per shape
S_LAST, S_FIRST = (SN, SP, SC), (SN, SC, SP)


def _overlap_rows(function: str, **fixed: Any) -> list[Case]:
    sw_shape = (SN,) if function == "generalized_dice_loss" else (SN, SC)
    rows = {
        "last-softmax-index-mean": (
            (normal(*S_LAST), labels(SN, SP, classes=SC)),
            {},
            {"from_logits": True, "activation": "softmax"},
        ),
        "axis1-nobg-none": (
            (probabilities(*S_FIRST, axis=1), labels(SN, SP, classes=SC)),
            {},
            {"axis": 1, "include_background": False, "reduction": "none"},
        ),
        "kdim-axis1-ignore-sum": (
            (probabilities(SN, SC, 2, 3, axis=1), labels(SN, 2, 3, classes=SC, ignore=-100)),
            {},
            {"axis": 1, "reduction": "sum"},
        ),
        "sigmoid-mask-batch-mean": (
            (normal(*S_LAST), _binary(*S_LAST)),
            {},
            {"from_logits": True, "activation": "sigmoid", "batch": True},
        ),
        "sample-weight-mean": (
            (probabilities(*S_LAST), labels(SN, SP, classes=SC)),
            # generalized Dice has one loss per sample, the others one per (sample, class)
            {"sample_weight": uniform(*sw_shape, low=0.0, high=2.0)},
            {},
        ),
        "empty-batch-sum": (
            (probabilities(0, SP, SC), labels(0, SP, classes=SC)),
            {},
            {"reduction": "sum"},
        ),
    }
    if function != "generalized_dice_loss":
        rows["weight-ignore-empty-mean"] = (
            (probabilities(*S_LAST), labels(SN, SP, classes=SC - 1)),
            {"weight": uniform(SC, low=0.2, high=2.0)},
            {"empty_target": "ignore"},
        )
        rows["count-zero-mean"] = (
            (probabilities(*S_LAST), labels(SN, SP, classes=SC - 1)),
            {"weight": uniform(SC, low=0.2, high=2.0)},
            {"empty_target": "zero", "mean_denominator": "count"},
        )
    else:
        rows["linear-none"] = (
            (probabilities(*S_LAST), labels(SN, SP, classes=SC)),
            {},
            {"weight_type": "simple", "reduction": "none"},
        )
        rows["uniform-smooth-mean"] = (
            (probabilities(*S_LAST), labels(SN, SP, classes=SC)),
            {},
            {"weight_type": "uniform", "smooth": 0.5},
        )
    return [
        Case(
            function,
            f"w-{name}",
            args=args,
            arrays=arrays,
            options={**fixed, **options},
            dtypes=HALF if name == "last-softmax-index-mean" else F32_64,
            grad_argnums=(0,) if "empty" not in name else (),
        )
        for name, (args, arrays, options) in rows.items()
    ]


def _lovasz_rows() -> list[Case]:
    hinge = [
        Case(
            "lovasz_hinge_loss",
            f"w-{name}",
            args=args,
            arrays=arrays,
            options=options,
            dtypes=F32_64,
        )
        for name, args, arrays, options in (
            ("per-image-mean", (normal(SN, SP, scale=2.0), integers(SN, SP)), {}, {}),
            (
                "per-image-sum",
                (normal(SN, SP, scale=2.0), integers(SN, SP)),
                {},
                {"reduction": "sum"},
            ),
            ("kdim-none", (normal(SN, 2, 3), integers(SN, 2, 3)), {}, {"reduction": "none"}),
            (
                "sample-weight-mean",
                (normal(SN, SP), integers(SN, SP)),
                {"sample_weight": uniform(SN, low=0.0, high=2.0)},
                {},
            ),
            (
                "batch-ignore",
                (normal(SN, SP), labels(SN, SP, classes=2, ignore=7)),
                {},
                {"per_image": False, "ignore_index": 7},
            ),
            ("empty-sum", (normal(0, SP), integers(0, SP)), {}, {"reduction": "sum"}),
        )
    ]
    softmax = [
        Case(
            "lovasz_softmax_loss",
            f"w-{name}",
            args=args,
            arrays={},
            options=options,
            dtypes=F32_64,
        )
        for name, args, options in (
            ("last-present-mean", (probabilities(*S_LAST), labels(SN, SP, classes=SC)), {}),
            (
                "last-all-mean",
                (probabilities(*S_LAST), labels(SN, SP, classes=SC)),
                {"classes": "all"},
            ),
            (
                "list-per-image-none",
                (probabilities(*S_LAST), labels(SN, SP, classes=SC)),
                {"classes": [0, 2], "per_image": True, "reduction": "none"},
            ),
            (
                "axis1-softmax-ignore",
                (normal(*S_FIRST), labels(SN, SP, classes=SC, ignore=-100)),
                {"axis": 1, "from_logits": True, "activation": "softmax"},
            ),
            (
                "kdim-per-image-sum",
                (probabilities(SN, 2, 3, SC), labels(SN, 2, 3, classes=SC)),
                {"per_image": True, "reduction": "sum"},
            ),
            (
                "empty-sum",
                (probabilities(0, SP, SC), labels(0, SP, classes=SC)),
                {"per_image": True, "reduction": "sum"},
            ),
        )
    ]
    return hinge + softmax


def _balanced_bce_rows() -> list[Case]:
    shape = (2, 1, 5, 4)
    rows = []
    for name, args, arrays, options in (
        ("probs-ratio3", (uniform(*shape, low=0.02, high=0.98), _binary(*shape)), {}, {}),
        (
            "probs-mask",
            (uniform(*shape, low=0.02, high=0.98), _binary(*shape)),
            {"mask": _binary(*shape)},
            {},
        ),
        (
            "logits-ratio1",
            (normal(*shape), _binary(*shape)),
            {},
            {"from_logits": True, "negative_ratio": 1.0},
        ),
        ("logits-eps", (normal(*shape), _binary(*shape)), {}, {"from_logits": True, "eps": 0.5}),
        (
            "flat-ratio-large",
            (uniform(12, low=0.02, high=0.98), _binary(12)),
            {},
            {"negative_ratio": 10.0},
        ),
        ("empty", (uniform(0, 4, low=0.1, high=0.9), _binary(0, 4)), {}, {}),
    ):
        rows.append(
            Case(
                "balanced_binary_cross_entropy",
                f"w-{name}",
                args=args,
                arrays=arrays,
                options=options,
                dtypes=F32_64,
                grad_argnums=() if name == "empty" else (0,),
            )
        )
    return rows


def _ctc_log_probs(*shape: int) -> Gen:
    return _log_probs(*shape)


CASES += [
    *_overlap_rows("dice_loss", squared=False),
    *_overlap_rows("jaccard_loss"),
    *_overlap_rows("tversky_loss", alpha=0.7, beta=0.3),
    *_overlap_rows("focal_tversky_loss", alpha=0.6, beta=0.4, gamma=1.5),
    *_overlap_rows("generalized_dice_loss"),
    *_lovasz_rows(),
    *_balanced_bce_rows(),
    *[
        Case(
            "one_hot",
            f"w-{name}",
            args=(gen,),
            options={"num_classes": 4, **options},
            grad_argnums=(),
            dtypes=("float32",),
            check_dtype=False,
        )
        for name, gen, options in (
            ("empty", labels(0, classes=4), {}),
            ("out-of-range-row", lambda rng: np.array([0, 3, -100, 4], dtype=np.int64), {}),
            ("kdim-axis0", labels(2, 3, classes=4), {"axis": 0}),
        )
    ],
    Case(
        "smooth_labels",
        "w-index-uniform-axis1",
        args=(labels(3, 2, classes=4),),
        options={"label_smoothing": 0.3, "num_classes": 4, "axis": 1},
        grad_argnums=(),
        dtypes=("float32",),
        check_dtype=False,
    ),
    *[
        Case(
            "ctc_loss",
            f"w-{name}",
            args=(
                _ctc_log_probs(8, 2, 4),
                lambda rng: rng.integers(1, 4, (2, 3), dtype=np.int64),
                lambda rng: np.array([8, 6], dtype=np.int64),
                lambda rng: np.array([3, 2], dtype=np.int64),
            ),
            options=options,
            dtypes=("float32",),
            grad_argnums=(0,),
        )
        for name, options in (("short-sum", {"reduction": "sum"}), ("short-mean", {}))
    ],
    Case(
        "multilabel_margin_loss",
        "w-unbatched-none",
        args=(normal(4), lambda rng: np.array([2, 0, -1, 1], dtype=np.int64)),
        options={"reduction": "none"},
        dtypes=F32_64,
    ),
    Case(
        "multilabel_margin_loss",
        "w-repeats-mean",
        args=(normal(3, 4), lambda rng: np.array([[1, 1, -1, 0], [3, -1, 2, 2], [0, 1, 2, 3]])),
        dtypes=F32_64,
    ),
]
