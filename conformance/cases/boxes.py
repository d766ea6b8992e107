"""Cases for portloss.boxes: the IoU, GIoU, DIoU and CIoU losses.

torchvision's losses are checked in ``tests/test_boxes.py`` (loaded from their source
files); here every backend meets the float64 formulas of ``conformance/reference``.
"""

from __future__ import annotations

import numpy as np

from ..case import Case, mask, uniform

F32 = ("float32",)
BOTH = ("float32", "float64")
FUNCTIONS = (
    "box_iou_loss",
    "generalized_box_iou_loss",
    "distance_box_iou_loss",
    "complete_box_iou_loss",
)


def boxes(*shape: int, shift: float = 0.0):
    """Proper boxes ``(x1, y1, x2, y2)``: corners in [0, 4), sides in [0.2, 3)."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        xy = rng.uniform(0.0, 4.0, (*shape, 2)) + shift
        return np.concatenate([xy, xy + rng.uniform(0.2, 3.0, (*shape, 2))], axis=-1)

    return gen


def _cases(function: str, every: bool) -> list[Case]:
    cases = [
        Case(function, "batched-mean", (boxes(8), boxes(8, shift=0.5)), dtypes=BOTH),
        Case(
            function,
            "kdim-none",
            (boxes(2, 3), boxes(2, 3, shift=1.0)),
            options={"reduction": "none"},
            dtypes=F32,
        ),
    ]
    if every:
        cases += [
            Case(
                function,
                "sample-weight-eps-sum",
                (boxes(6), boxes(6, shift=2.0)),
                arrays={"sample_weight": uniform(6, low=0.1, high=2.0)},
                options={"eps": 0.25, "reduction": "sum"},
                dtypes=F32,
            ),
            Case(
                function,
                "mask-mean",
                (boxes(6), boxes(6)),
                arrays={"sample_weight": mask(6)},
                dtypes=F32,
            ),
            Case(function, "empty-mean", (boxes(0), boxes(0)), dtypes=F32),
        ]
    return cases


CASES = [c for i, f in enumerate(FUNCTIONS) for c in _cases(f, every=i in (1, 3))] + [
    # Keras' convention: a weight per image (2,) aligned from the left over its 3 boxes
    Case(
        "generalized_box_iou_loss",
        "keras-row-weight-mean",
        (boxes(2, 3), boxes(2, 3, shift=1.0)),
        arrays={"sample_weight": uniform(2, low=0.1, high=2.0)},
        options={"convention": "keras"},
        dtypes=F32,
        grad_argnums=(),
    ),
    Case(
        "complete_box_iou_loss",
        "keras-mask-empty-mean",
        (boxes(4), boxes(4, shift=0.5)),
        arrays={"sample_weight": lambda rng: np.zeros(4, dtype=bool)},
        options={"convention": "keras"},
        dtypes=F32,
        grad_argnums=(),
    ),
]
