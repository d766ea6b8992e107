"""Cases for portloss.sequence: ctc_loss.

Small shapes (T = 12 frames, N = 3 sequences, C = 5 classes, S = 4 labels): the
recursion is a Python loop over the frames, unrolled under ``jax.jit``, and JAX compiles
once per shape and option set.

The oracle is ``torch.nn.functional.ctc_loss``. Its values are taken as they are; its
gradient with respect to ``log_probs`` is torch's native ``exp(log_probs) - gamma``
on the valid frames, which is the true gradient ``-gamma`` only after a log-softmax, so
the adapter adds a term of value 0 whose gradient removes ``exp(log_probs)`` there
(see the Notes of :func:`portloss.ctc_loss`). tests/test_sequence.py checks the
gradients with respect to logits against torch's unmodified kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..case import Case, Gen

T, N, C, S = 12, 3, 5, 4


def _log_probs(*shape: int) -> Gen:
    """A log-softmax of Gaussians along the last axis."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal(shape)
        z = z - z.max(axis=-1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))

    return gen


def _targets(*shape: int, blank: int = 0, repeat: bool = True) -> Gen:
    """Labels in ``[0, C)`` other than ``blank``; the first sequence repeats labels."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        choices = np.array([c for c in range(C) if c != blank])
        out = rng.choice(choices, size=shape).astype(np.int64)
        if repeat and out.ndim == 2 and out.shape[1] >= 4:
            out[0, :4] = [choices[0], choices[0], choices[1], choices[1]]
        return out

    return gen


def _fixed(values: Any) -> Gen:
    return lambda rng: np.asarray(values, dtype=np.int64)


def torch_ctc_loss(
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    *,
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
    batch_first: bool = False,
) -> Any:
    """``F.ctc_loss`` with its gradient for ``log_probs`` made the true one (see above)."""
    import torch
    import torch.nn.functional as F

    lp = log_probs
    if lp.ndim == 3 and batch_first:
        lp = lp.transpose(0, 1)
    if lp.ndim == 2:  # torch reads unbatched 1-D targets as exactly the target, unpadded
        targets = targets[: int(target_lengths)]
    options = {"blank": blank, "zero_infinity": zero_infinity}
    loss = F.ctc_loss(lp, targets, input_lengths, target_lengths, reduction=reduction, **options)
    if not lp.requires_grad:
        return loss
    unbatched = lp.ndim == 2
    lp3 = lp.unsqueeze(1) if unbatched else lp  # (T, N, C)
    il = input_lengths.reshape(-1)
    tl = target_lengths.reshape(-1)
    per_seq = F.ctc_loss(
        lp3.detach(), targets.reshape(tl.shape[0], -1), il, tl, blank=blank, reduction="none"
    )
    frames = torch.arange(lp3.shape[0]).reshape(-1, 1) < il.reshape(1, -1)  # (T, N)
    live = frames & torch.isfinite(per_seq).reshape(1, -1)
    e = lp3.exp()
    extra = ((e - e.detach()) * live.unsqueeze(-1)).sum(dim=(0, 2))  # (N,), value 0
    if reduction == "mean":
        extra = extra / tl.clamp(min=1).to(extra.dtype) / (1 if unbatched else tl.shape[0])
    if reduction == "none" and unbatched:
        extra = extra.reshape(())
    elif reduction != "none":
        extra = extra.sum()
    return loss - extra


def _case(name: str, args: tuple[Gen, ...], **options: Any) -> Case:
    # float32 only but for the first row: each row costs a JAX compile per dtype.
    dtypes = options.pop("dtypes", ("float32",))
    grad = options.pop("grad", True)
    return Case(
        "ctc_loss",
        name,
        args=args,
        options=options,
        oracle=torch_ctc_loss,
        grad_argnums=(0,) if grad else (),
        dtypes=dtypes,
    )


LENGTHS = (_fixed([12, 10, 7]), _fixed([4, 3, 0]))  # a zero-length target
EDGES = (_fixed([12, 3, 9]), _fixed([4, 4, 2]))  # the second cannot be aligned

CASES: list[Case] = [
    _case(
        "tnc-mean",
        (_log_probs(T, N, C), _targets(N, S), *LENGTHS),
        dtypes=("float16", "float32", "float64"),
    ),
    _case(
        "tnc-blank-last-sum",
        (_log_probs(T, N, C), _targets(N, S, blank=C - 1), *LENGTHS),
        blank=C - 1,
        reduction="sum",
    ),
    _case(
        "batch-first-none",
        (_log_probs(N, T, C), _targets(N, S), *LENGTHS),
        batch_first=True,
        reduction="none",
    ),
    _case(
        "infeasible-zero-infinity-mean",
        (_log_probs(T, N, C), _targets(N, S), *EDGES),
        zero_infinity=True,
    ),
    _case(
        "infeasible-inf-none",
        (_log_probs(T, N, C), _targets(N, S), *EDGES),
        reduction="none",
        grad=False,
    ),
    _case(
        "unbatched-none",
        (_log_probs(T, C), _targets(S, repeat=False), _fixed(11), _fixed(3)),
        reduction="none",
    ),
    # optax's forward probabilities: the losses and both state arrays, flattened
    Case(
        "ctc_forward_log_probs",
        "tnc",
        args=(_log_probs(T, N, C), _targets(N, S), *LENGTHS),
        grad_argnums=(),
        dtypes=("float32", "float64"),
    ),
    Case(
        "ctc_forward_log_probs",
        "batch-first-logits-blank-last",
        args=(_log_probs(N, T, C), _targets(N, S, blank=C - 1), *LENGTHS),
        options={"batch_first": True, "from_logits": True, "blank": C - 1},
        grad_argnums=(),
        dtypes=("float32",),
    ),
]
