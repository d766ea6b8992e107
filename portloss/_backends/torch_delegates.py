"""PyTorch: whole losses computed by ``torch.nn.functional`` where it means the same.

A small eager call spends most of its time in Python and in the dispatch of a dozen
small kernels; ``torch.nn.functional`` computes the same loss in one or two fused
kernels. Each delegate below returns the native result only where the native function
has exactly portloss's semantics (values, gradients, NaN propagation) for the given
options and array metadata, and ``NotImplemented`` otherwise, so the standard path
(the definition, which also gives portloss's errors for bad input) runs. The decision
reads options and metadata (types, dtypes, shapes, devices), never array values: no
host sync. ``docs/performance.md`` says when a delegate is allowed; the conformance
suite and the tests run every case with delegates on and off
(``portloss._backends.use_native(False)``).

Not delegated: ``l1_loss`` (torch's ``abs`` backward gives 0 at a NaN input, portloss's
gradient is NaN there), ``binary_cross_entropy`` (torch raises for a NaN probability
and has its own gradient at the log clamp), ``soft_margin_loss`` (torch's
``log1p(exp(.))`` overflows where portloss's softplus does not).

Out-of-range class indices differ: the standard path gives NaN, torch raises (an
IndexError on CPU, a device assert on CUDA) -- a bad input either way, and the native
error is the one a torch user expects.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from .torch import is_transformed

_FLOATS = (torch.float32, torch.float64)
_REDUCTIONS = ("none", "mean", "sum")
# Above this many logits the standard path's fused log-softmax-at-the-target beats
# F.cross_entropy (benchmarks: 0.55x forward, 0.83x forward+backward at 4096x32000):
# only small class-axis calls, where the call overhead dominates, are delegated.
_MAX_CLASS_ELEMENTS = 1 << 16


def _tensor(x: Any) -> bool:
    return isinstance(x, torch.Tensor)


def _float_pair(input: Any, target: Any) -> bool:
    """Two tensors of one float dtype, one shape and one device, with elements."""
    return (
        _tensor(target)
        and input.dtype in _FLOATS
        and target.dtype == input.dtype
        and input.shape == target.shape
        and input.device == target.device
        and input.numel() > 0
    )


def _positive(value: Any, *, allow_zero: bool = False) -> bool:
    if type(value) not in (int, float) or not math.isfinite(value):
        return False
    return value >= 0 if allow_zero else value > 0


def _elementwise(native: Callable[..., Any], **checks: Callable[[Any], bool]) -> Callable[..., Any]:
    """A delegate for an elementwise loss without weights: ``native(input, target, ...)``."""

    def delegate(
        input: Any,
        target: Any,
        /,
        *,
        weight: Any = None,
        sample_weight: Any = None,
        reduction: str = "mean",
        **options: Any,
    ) -> Any:
        if (
            weight is not None
            or sample_weight is not None
            or reduction not in _REDUCTIONS
            or not all(name in checks and checks[name](v) for name, v in options.items())
            or not _float_pair(input, target)
        ):
            return NotImplemented
        return native(input, target, reduction=reduction, **options)

    return delegate


def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    /,
    *,
    weight: Any = None,
    pos_weight: Any = None,
    sample_weight: Any = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Any:
    if (
        weight is not None
        or pos_weight is not None
        or sample_weight is not None
        or reduction not in _REDUCTIONS
        or label_smoothing != 0.0
        or not _float_pair(input, target)
    ):
        return NotImplemented
    return F.binary_cross_entropy_with_logits(input, target, reduction=reduction)


def kl_div(
    input: Any,
    target: Any,
    /,
    *,
    sample_weight: Any = None,
    reduction: str = "mean",
    log_target: bool = False,
    convention: str = "torch",
    clip: Any = None,
) -> Any:
    if (
        sample_weight is not None
        or convention != "torch"
        or clip is not None
        or reduction not in (*_REDUCTIONS, "batchmean")
        or type(log_target) is not bool
        or not _float_pair(input, target)
        or input.ndim == 0
        # The target's gradient differs where it is 0: portloss' is -input (the limit),
        # torch's is NaN. Delegate only where the target is a constant.
        or target.requires_grad
        or is_transformed(target)
    ):
        return NotImplemented
    if reduction == "none":
        return F.kl_div(input, target, reduction="none", log_target=log_target)
    total = F.kl_div(input, target, reduction="sum", log_target=log_target)
    if reduction == "sum":
        return total
    # torch's "mean" warns that it is not the KL divergence; portloss documents it, so
    # the mean is the sum over the element count (what torch computes), without the
    # warning. "batchmean" divides by the batch size, as torch does.
    return total / (input.numel() if reduction == "mean" else input.shape[0])


def _class_call(
    input: Any,
    target: Any,
    weight: Any,
    sample_weight: Any,
    ignore_index: Any,
    reduction: str,
    axis: Any,
    knobs: tuple[Any, ...],
) -> bool:
    """Whether a (N, C) class-axis call with torch's conventions can go to torch."""
    return (
        sample_weight is None
        and reduction in _REDUCTIONS
        and type(ignore_index) is int
        and type(axis) is int
        and axis in (-1, 1)
        and all(k is None for k in knobs)
        and input.dtype in _FLOATS
        and input.ndim == 2
        and input.shape[0] > 0
        and input.shape[1] > 0
        and input.numel() <= _MAX_CLASS_ELEMENTS
        and _tensor(target)
        and target.device == input.device
        and (
            weight is None
            or (
                _tensor(weight)
                and weight.dtype == input.dtype
                and weight.shape == input.shape[1:]
                and weight.device == input.device
            )
        )
    )


def _index_target(input: Any, target: Any) -> bool:
    return target.dtype == torch.int64 and target.shape == input.shape[:1]


def cross_entropy(
    input: Any,
    target: Any,
    /,
    *,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    axis: int = -1,
    smoothing_variant: str = "uniform",
    convention: str = "torch",
    class_weight_mode: Any = None,
    mean_denominator: Any = None,
    empty_mean: Any = None,
    **options: Any,
) -> Any:
    if (
        convention != "torch"
        or smoothing_variant != "uniform"
        or any(value not in (None, 0.0) for value in options.values())
        or type(label_smoothing) not in (int, float)
        or not 0.0 <= label_smoothing <= 1.0
        or not _class_call(
            input,
            target,
            weight,
            sample_weight,
            ignore_index,
            reduction,
            axis,
            (class_weight_mode, mean_denominator, empty_mean),
        )
        # probability targets with an explicit ignore_index are portloss's error
        or not (
            _index_target(input, target) or (ignore_index == -100 and _float_pair(input, target))
        )
    ):
        return NotImplemented
    return F.cross_entropy(
        input,
        target,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=float(label_smoothing),
    )


def nll_loss(
    input: Any,
    target: Any,
    /,
    *,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    axis: int = -1,
    convention: str = "torch",
    mean_denominator: Any = None,
    empty_mean: Any = None,
) -> Any:
    if (
        convention != "torch"
        or not _class_call(
            input,
            target,
            weight,
            sample_weight,
            ignore_index,
            reduction,
            axis,
            (mean_denominator, empty_mean),
        )
        or not _index_target(input, target)
    ):
        return NotImplemented
    return F.nll_loss(input, target, weight=weight, ignore_index=ignore_index, reduction=reduction)


DELEGATES: dict[str, Callable[..., Any]] = {
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "cross_entropy": cross_entropy,
    "huber_loss": _elementwise(F.huber_loss, delta=_positive),
    "kl_div": kl_div,
    "mse_loss": _elementwise(F.mse_loss),
    "nll_loss": nll_loss,
    "smooth_l1_loss": _elementwise(F.smooth_l1_loss, beta=_positive),
}
