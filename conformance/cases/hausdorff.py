"""Cases for the erosion-based soft Hausdorff loss (Karimi & Salcudean, 2019).

The float64 reference is ``conformance/reference/hausdorff.py``; kornia's
``HausdorffERLoss`` / ``HausdorffERLoss3D`` are the oracle in tests/test_hausdorff.py.
"""

from __future__ import annotations

from ..case import Case, labels, normal, probabilities, uniform

N, C = 2, 3
F32 = ("float32",)
BOTH = ("float32", "float64")

CASES = [
    Case(
        "hausdorff_erosion_loss",
        "2d-axis1-index-mean",
        args=(probabilities(N, C, 6, 5, axis=1), labels(N, 6, 5, classes=C)),
        options={"axis": 1, "iterations": 4},
        dtypes=BOTH,
    ),
    Case(
        "hausdorff_erosion_loss",
        "3d-logits-softmax-alpha-sum",
        args=(normal(N, C, 3, 4, 5, scale=3.0), labels(N, 3, 4, 5, classes=C)),
        options={"axis": 1, "from_logits": True, "iterations": 3, "alpha": 1.5, "reduction": "sum"},
        dtypes=F32,
    ),
    Case(
        "hausdorff_erosion_loss",
        "last-mask-sample-weight-none",
        args=(probabilities(N, 6, 5, C), probabilities(N, 6, 5, C)),
        arrays={"sample_weight": uniform(N, 1, 1, 1, low=0.2, high=2.0)},
        options={"iterations": 2, "reduction": "none"},
        dtypes=F32,
    ),
]
