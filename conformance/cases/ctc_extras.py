"""Cases for ctc_loss's concatenated 1-D targets and logits input (issue 24).

The oracle is ``torch.nn.functional.ctc_loss``, which takes concatenated targets
itself; for logits it runs on their ``log_softmax``, whose gradient with respect to the
logits is the true one (torch's gradient with respect to ``log_probs`` is not: see
``cases/sequence.py``), so only the logits rows differentiate.
"""

from __future__ import annotations

from typing import Any

from ..case import Case, normal, uniform
from .sequence import C, N, T, _fixed, _log_probs, _targets


def torch_ctc_extras(
    x: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    *,
    reduction: str = "mean",
    batch_first: bool = False,
    from_logits: bool = False,
) -> Any:
    import torch.nn.functional as F

    lp = F.log_softmax(x, dim=-1) if from_logits else x
    if batch_first:
        lp = lp.transpose(0, 1)
    return F.ctc_loss(lp, targets, input_lengths, target_lengths, reduction=reduction)


def torch_ctc_keras(
    x: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    *,
    sample_weight: Any,
    convention: str,
    reduction: str = "mean",
    batch_first: bool = False,
    from_logits: bool = False,
) -> Any:
    """Keras' ``CTC`` numbers: the weighted per-sequence losses over their number."""
    if (convention, reduction) != ("keras", "mean"):
        raise ValueError("this oracle is Keras' sum_over_batch_size")
    per_seq = torch_ctc_extras(
        x, targets, input_lengths, target_lengths, reduction="none",
        batch_first=batch_first, from_logits=from_logits,
    )  # fmt: skip
    return (sample_weight * per_seq).sum() / per_seq.shape[0]


LENGTHS = (_fixed([12, 10, 7]), _fixed([4, 3, 0]))  # the lengths sum to 7

CASES = [
    Case(
        "ctc_loss",
        "concatenated-targets-none",
        args=(_log_probs(T, N, C), _targets(7), *LENGTHS),
        options={"reduction": "none"},
        oracle=torch_ctc_extras,
        grad_argnums=(),
        dtypes=("float32",),
    ),
    Case(
        "ctc_loss",
        "logits-concatenated-mean",
        args=(normal(T, N, C, scale=2.0), _targets(7), *LENGTHS),
        options={"from_logits": True},
        oracle=torch_ctc_extras,
        dtypes=("float32",),
    ),
    Case(
        "ctc_loss",
        "logits-batch-first-padded-sum",
        args=(normal(N, T, C, scale=2.0), _targets(N, 4), *LENGTHS),
        options={"from_logits": True, "batch_first": True, "reduction": "sum"},
        oracle=torch_ctc_extras,
        dtypes=("float64",),
    ),
    Case(
        "ctc_loss",
        "keras-convention-sw-mean",  # keras.losses.CTC with sample_weight: no length division
        args=(normal(N, T, C, scale=2.0), _targets(N, 4), *LENGTHS),
        arrays={"sample_weight": uniform(N, low=0.1, high=2.0)},
        options={"from_logits": True, "batch_first": True, "convention": "keras"},
        oracle=torch_ctc_keras,
        dtypes=("float32",),
    ),
]
