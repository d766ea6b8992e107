"""Cases for portloss.vocabulary: linear_cross_entropy.

torch's ``F.linear_cross_entropy`` is the oracle where it has the options (it has no
z-loss, soft cap, sample weight or leading shapes beyond one batch axis). Chunk sizes
are chosen so that chunks divide neither the rows nor the classes.
"""

from __future__ import annotations

from typing import Any

from ..case import Case, labels, normal, uniform

N, H, V = 6, 4, 11
BOTH = ("float32", "float64")
F32 = ("float32",)


def torch_linear_cross_entropy(*args: Any, chunk_size: Any = None, **options: Any) -> Any:
    import torch.nn.functional as F

    return F.linear_cross_entropy(*args, **options)


CASES = [
    Case(
        "linear_cross_entropy",
        "bias-mean",
        (normal(N, H), normal(V, H), labels(N, classes=V)),
        arrays={"linear_bias": normal(V)},
        oracle=torch_linear_cross_entropy,
        grad_argnums=(0, 1),
        dtypes=BOTH,
    ),
    Case(
        "linear_cross_entropy",
        "weight-smoothing-ignore-sum",
        (normal(N, H), normal(V, H), labels(N, classes=V, ignore=-100)),
        arrays={"weight": uniform(V, low=0.2, high=2.0)},
        options={"label_smoothing": 0.2, "reduction": "sum", "chunk_size": 25},
        oracle=torch_linear_cross_entropy,
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(
        "linear_cross_entropy",
        "zloss-softcap-none",
        (normal(N, H, scale=2.0), normal(V, H), labels(N, classes=V, ignore=-100)),
        arrays={"linear_bias": normal(V)},
        options={"z_loss": 0.01, "softcap": 3.0, "reduction": "none", "chunk_size": 7},
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
    Case(
        "linear_cross_entropy",
        "leading-sample-weight-mean",
        (normal(2, 3, H), normal(V, H), labels(2, 3, classes=V, ignore=-100)),
        arrays={"sample_weight": uniform(2, 3, low=0.1, high=2.0)},
        options={"label_smoothing": 0.1, "z_loss": 0.001, "chunk_size": 20},
        grad_argnums=(0, 1),
        dtypes=F32,
    ),
]
