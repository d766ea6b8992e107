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

Every delegate knows a fixed set of options (``DEFAULTS``: the value that means the
loss' default); an option at another value, one it does not know (an option a loss
gains later), a convention other than ``"torch"`` or a reduction torch's function does
not have returns ``NotImplemented``.

Delegated only where no gradient is taken (``_no_gradient``: decided from grad mode,
``requires_grad``, forward-mode AD and ``torch.func`` wrappers), because torch's values
are portloss's but its gradients are not: ``l1_loss`` (torch's ``abs`` backward gives 0
at a NaN input, portloss's gradient is NaN), ``poisson_nll_loss`` with ``full=True``
(torch's Stirling term gives a NaN target gradient where the target is 0 or 1) and
``ctc_loss`` (torch's ``log_probs`` gradient is ``exp(log_probs) - gamma``, the loss'
``-gamma``; on the CPU, see its delegate).

Not delegated, because torch's function differs (docs/performance.md has the table):
``cosine_embedding_loss``, ``triplet_margin_loss`` and
``triplet_margin_with_distance_loss`` (in float32 torch's norms overflow at large
scales where portloss's are scaled: ``tests/test_nan_properties.py``),
``binary_cross_entropy`` (torch raises
for a NaN probability and has its own gradient at the log clamp),
``soft_margin_loss`` (torch's ``log1p(exp(.))`` overflows where portloss's softplus
does not, and has no target gradient), ``multi_margin_loss`` and
``multilabel_margin_loss`` (torch skips a NaN score: ``NaN > 0`` is false).
``gaussian_nll_loss`` is delegated on CPU only:
torch reads the variance's values to raise for a negative one, a host sync elsewhere.

Out-of-range class indices differ: the standard path gives NaN, torch raises (an
IndexError on CPU, a device assert on CUDA) -- a bad input either way, and the native
error is the one a torch user expects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import torch
import torch.nn.functional as F

from ._delegation import REDUCTIONS, at_defaults
from .torch import is_transformed, may_differentiate

_Tensor = torch.Tensor
_FLOATS = (torch.float32, torch.float64)
_INT64 = torch.int64
_REDUCTIONS = REDUCTIONS
# Above this many logits the standard path's fused log-softmax-at-the-target beats
# F.cross_entropy (benchmarks: 0.55x forward, 0.83x forward+backward at 4096x32000):
# only small class-axis calls, where the call overhead dominates, are delegated.
_MAX_CLASS_ELEMENTS = 1 << 16

# F.cross_entropy and F.nll_loss are, after a __torch_function__ check, one call each to
# these operators with the reduction as an enum; calling them directly (after the same
# check: a tensor subclass or a torch function mode still gets F's dispatch) saves a
# third of torch's own Python overhead, which is most of a small call. Where a torch
# version lacks them, F.
_NAMES = ("none", "mean", "sum")
_nn = getattr(torch._C, "_nn", None)
_cross_entropy = getattr(_nn, "cross_entropy_loss", None) or (
    lambda x, t, w, r, i, s: F.cross_entropy(
        x, t, weight=w, reduction=_NAMES[r], ignore_index=i, label_smoothing=s
    )
)
_nll_loss = getattr(_nn, "nll_loss_nd", None) or (
    lambda x, t, w, r, i: F.nll_loss(x, t, weight=w, reduction=_NAMES[r], ignore_index=i)
)
_has_torch_function = torch.overrides.has_torch_function_variadic
_ENUM = {name: k for k, name in enumerate(_NAMES)}  # torch.nn._reduction.get_enum

# The options a delegate accepts only at their default (the loss' default, which
# tests/test_delegation.py checks): any other value, and any keyword not listed (an
# option added to the loss later), sends the call to the standard path. ``convention``
# is everywhere: only torch's is torch's semantics.
_COMMON = {"convention": "torch", "sample_weight": None}


def _float_pair(input: Any, target: Any) -> bool:
    """Two tensors of one float dtype, one shape and one device, with elements."""
    return (
        isinstance(target, _Tensor)
        and input.dtype in _FLOATS
        and target.dtype is input.dtype
        and input.shape == target.shape
        and input.numel() > 0
        and input.device == target.device
    )


def _no_gradient(*arrays: Any) -> bool:
    """Whether no gradient of any kind can flow through ``arrays`` (metadata only).

    Some twins compute portloss's values but not its gradients (``l1_loss``'s ``abs``
    backward is 0 at NaN, ...): they may compute a call only when no gradient is taken
    (``may_differentiate`` is False: grad mode off or nothing requires one, no
    forward-mode AD level, no ``torch.func`` wrapper). Under ``torch.compile`` the
    standard path is traced.
    """
    return not may_differentiate(*arrays)


def _positive(value: Any, *, allow_zero: bool = False) -> bool:
    if type(value) not in (int, float) or not math.isfinite(value):
        return False
    return value >= 0 if allow_zero else value > 0


def _elementwise(
    native: Callable[..., Any], option: str | None = None, default: float = 1.0
) -> Callable[..., Any]:
    """A delegate for an elementwise loss without weights: ``native(input, target, ...)``
    with at most one positive float ``option`` (``delta``, ``beta``)."""
    defaults = {**_COMMON, "weight": None}

    def delegate(input: Any, target: Any, /, *, reduction: str = "mean", **options: Any) -> Any:
        value = default
        if options and option is not None and option in options:
            options = dict(options)
            value = options.pop(option)
            if not _positive(value):
                return NotImplemented
        if (
            (options and not at_defaults(options, defaults))
            or reduction not in _REDUCTIONS
            or not _float_pair(input, target)
        ):
            return NotImplemented
        if option is None:
            return native(input, target, reduction=reduction)
        return native(input, target, reduction=reduction, **{option: value})

    return delegate


def _values_only(delegate: Callable[..., Any]) -> Callable[..., Any]:
    """``delegate`` for calls that take no gradient (``_no_gradient``), where the twin
    computes portloss's values but not its gradients."""

    def values_only(input: Any, target: Any, /, **options: Any) -> Any:
        if not (isinstance(target, _Tensor) and _no_gradient(input, target)):
            return NotImplemented
        return delegate(input, target, **options)

    return values_only


_BCE_LOGITS = {**_COMMON, "weight": None, "pos_weight": None, "label_smoothing": 0.0}


def binary_cross_entropy_with_logits(
    input: Any, target: Any, /, *, reduction: str = "mean", **options: Any
) -> Any:
    if (
        (options and not at_defaults(options, _BCE_LOGITS))
        or reduction not in _REDUCTIONS
        or not _float_pair(input, target)
    ):
        return NotImplemented
    return F.binary_cross_entropy_with_logits(input, target, reduction=reduction)


def kl_div(
    input: Any,
    target: Any,
    /,
    *,
    reduction: str = "mean",
    log_target: bool = False,
    **options: Any,
) -> Any:
    if (
        (options and not at_defaults(options, _COMMON))
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


def _class_target(input: Any, target: Any, weight: Any) -> int:
    """The kind of a small (N, C) class-axis call torch computes as portloss does:
    1 for (N,) int64 class indices, 2 for (N, C) probabilities, 0 for neither."""
    shape = input.shape
    if len(shape) != 2 or input.dtype not in _FLOATS or not isinstance(target, _Tensor):
        return 0
    n, c = shape
    if not (n > 0 and c > 0 and n * c <= _MAX_CLASS_ELEMENTS) or target.device != input.device:
        return 0
    if weight is not None and not (
        isinstance(weight, _Tensor)
        and weight.dtype is input.dtype
        and weight.shape == shape[1:]
        and weight.device == input.device
    ):
        return 0
    kind = target.shape
    if target.dtype is _INT64 and len(kind) == 1 and kind[0] == n:
        return 1
    return 2 if target.dtype is input.dtype and kind == shape else 0


_CLASS_KEYS = frozenset({"weight", "ignore_index", "reduction", "label_smoothing", "axis"})


def _class_options(
    options: dict[str, Any], fixed: Mapping[str, Any]
) -> tuple[Any, int, str, float] | None:
    """``(weight, ignore_index, reduction, label_smoothing)`` of a class-axis call whose
    other options are at their defaults (``fixed``), or None."""
    if not _CLASS_KEYS.issuperset(options) and not at_defaults(
        {k: v for k, v in options.items() if k not in _CLASS_KEYS}, fixed
    ):
        return None
    get = options.get
    ignore_index = get("ignore_index", -100)
    reduction = get("reduction", "mean")
    smoothing = get("label_smoothing", 0.0)
    axis = get("axis", -1)
    if (
        type(axis) is not int
        or axis not in (-1, 1)
        or type(ignore_index) is not int
        or reduction not in _REDUCTIONS
        or type(smoothing) not in (int, float)
        or not 0.0 <= smoothing <= 1.0
    ):
        return None
    return get("weight"), ignore_index, reduction, float(smoothing)


_CROSS_ENTROPY = {
    **_COMMON,
    "smoothing_variant": "uniform",
    "class_weight_mode": None,
    "mean_denominator": None,
    "empty_mean": None,
    "z_loss": 0.0,
    "softcap": None,
}
_NO_OPTIONS = (None, -100, "mean", 0.0)


# The two hottest delegates take their options as one dict: a call without options (the
# common case) then skips every option check (benchmarks/overhead.py).
def cross_entropy(input: Any, target: Any, /, **options: Any) -> Any:
    values = _class_options(options, _CROSS_ENTROPY) if options else _NO_OPTIONS
    if values is None:
        return NotImplemented
    weight, ignore_index, reduction, smoothing = values
    kind = _class_target(input, target, weight)
    # probability targets with an explicit ignore_index are portloss's error
    if kind == 0 or (kind == 2 and ignore_index != -100):
        return NotImplemented
    if _has_torch_function(input, target, weight):
        return F.cross_entropy(
            input,
            target,
            weight=weight,
            ignore_index=ignore_index,
            reduction=reduction,
            label_smoothing=smoothing,
        )
    return _cross_entropy(input, target, weight, _ENUM[reduction], ignore_index, smoothing)


_NLL = {**_COMMON, "mean_denominator": None, "empty_mean": None}


def nll_loss(input: Any, target: Any, /, **options: Any) -> Any:
    values = _class_options(options, _NLL) if options else _NO_OPTIONS
    if values is None or values[3] != 0.0 or _class_target(input, target, values[0]) != 1:
        return NotImplemented
    weight, ignore_index, reduction, _ = values
    if _has_torch_function(input, target, weight):
        return F.nll_loss(
            input, target, weight=weight, ignore_index=ignore_index, reduction=reduction
        )
    return _nll_loss(input, target, weight, _ENUM[reduction], ignore_index)


_LINEAR = {
    **_COMMON,
    "linear_bias": None,
    "weight": None,
    "label_smoothing": 0.0,
    "z_loss": 0.0,
    "softcap": None,
    "chunk_size": None,
}


def linear_cross_entropy(
    input: Any,
    linear_weight: Any,
    target: Any,
    /,
    *,
    reduction: str = "mean",
    ignore_index: int = -100,
    **options: Any,
) -> Any:
    """A head whose logits fit the small class-axis bound: the logits are then no more
    memory than one chunk of the chunked path, and ``F.cross_entropy(F.linear(h, W), t)``
    computes the same loss (the same formula, gradients and ignored rows)."""
    if (
        (options and not at_defaults(options, _LINEAR))
        or reduction not in _REDUCTIONS
        or type(ignore_index) is not int
        or not isinstance(linear_weight, _Tensor)
        or not isinstance(target, _Tensor)
    ):
        return NotImplemented
    shape, head = input.shape, linear_weight.shape
    if (
        len(shape) != 2
        or len(head) != 2
        or input.dtype not in _FLOATS
        or linear_weight.dtype is not input.dtype
        or target.dtype is not _INT64
        or target.shape != shape[:1]
        or head[1] != shape[1]
        or not 0 < shape[0] * head[0] <= _MAX_CLASS_ELEMENTS
        or linear_weight.device != input.device
        or target.device != input.device
    ):
        return NotImplemented
    logits = F.linear(input, linear_weight)
    if _has_torch_function(logits, target):
        return F.cross_entropy(logits, target, ignore_index=ignore_index, reduction=reduction)
    return _cross_entropy(logits, target, None, _ENUM[reduction], ignore_index, 0.0)


def _real(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _float_triple(a: Any, b: Any, c: Any) -> bool:
    """Three tensors of one float dtype, one shape and one device, with elements."""
    return (
        _float_pair(a, b)
        and isinstance(c, _Tensor)
        and c.dtype is a.dtype
        and c.shape == a.shape
        and c.device == a.device
    )


def margin_ranking_loss(
    input1: Any,
    input2: Any,
    target: Any,
    /,
    *,
    margin: float = 0.0,
    reduction: str = "mean",
    **options: Any,
) -> Any:
    if (
        (options and not at_defaults(options, _COMMON))
        or reduction not in _REDUCTIONS
        or not _real(margin)
        or not _float_triple(input1, input2, target)
    ):
        return NotImplemented
    return F.margin_ranking_loss(input1, input2, target, margin=margin, reduction=reduction)


def hinge_embedding_loss(
    input: Any, target: Any, /, *, margin: float = 1.0, reduction: str = "mean", **options: Any
) -> Any:
    if (
        (options and not at_defaults(options, _COMMON))
        or reduction not in _REDUCTIONS
        or not _real(margin)
        or not _float_pair(input, target)
    ):
        return NotImplemented
    return F.hinge_embedding_loss(input, target, margin=margin, reduction=reduction)


def multilabel_soft_margin_loss(
    input: Any, target: Any, /, *, weight: Any = None, reduction: str = "mean", **options: Any
) -> Any:
    if (
        (options and not at_defaults(options, _COMMON))
        or reduction not in _REDUCTIONS
        or not _float_pair(input, target)
        or input.ndim != 2
        or not (
            weight is None
            or (
                isinstance(weight, _Tensor)
                and weight.dtype is input.dtype
                and weight.shape == input.shape[1:]
                and weight.device == input.device
            )
        )
    ):
        return NotImplemented
    return F.multilabel_soft_margin_loss(input, target, weight=weight, reduction=reduction)


_POISSON = {**_COMMON, "weight": None, "full": False}


def poisson_nll_loss(
    input: Any,
    target: Any,
    /,
    *,
    log_input: bool = True,
    full: bool = False,
    eps: float = 1e-8,
    reduction: str = "mean",
    **options: Any,
) -> Any:
    # full=True only without a gradient: torch's Stirling term gives a NaN target
    # gradient where the target is 0 or 1 (its values are portloss's, masked where
    # target <= 1)
    if (
        (options and not at_defaults(options, _POISSON))
        or reduction not in _REDUCTIONS
        or type(log_input) is not bool
        or type(full) is not bool
        or not _positive(eps)
        or not _float_pair(input, target)
        or (full and not _no_gradient(input, target))
    ):
        return NotImplemented
    return F.poisson_nll_loss(
        input, target, log_input=log_input, full=full, eps=eps, reduction=reduction
    )


_GAUSSIAN = {**_COMMON, "weight": None}


def gaussian_nll_loss(
    input: Any,
    target: Any,
    var: Any,
    /,
    *,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
    **options: Any,
) -> Any:
    # CPU only: torch reads var's values (a negative variance is its ValueError), which on
    # an accelerator is a host sync per call.
    if (
        (options and not at_defaults(options, _GAUSSIAN))
        or reduction not in _REDUCTIONS
        or type(full) is not bool
        or not _positive(eps)
        or not _float_triple(input, target, var)
        or input.device.type != "cpu"
    ):
        return NotImplemented
    return F.gaussian_nll_loss(input, target, var, full=full, eps=eps, reduction=reduction)


_INDEX = (torch.int32, torch.int64)


def _ctc_arrays(lp: Any, targets: Any, input_lengths: Any, target_lengths: Any) -> bool:
    """(T, N, C) float log-probabilities with frames, (N, S) padded int32/int64 targets
    and (N,) integer lengths, all tensors on the CPU."""
    if (
        not isinstance(targets, _Tensor)
        or not isinstance(input_lengths, _Tensor)
        or not isinstance(target_lengths, _Tensor)
        or lp.dtype not in _FLOATS
        or lp.ndim != 3
        or lp.numel() == 0
        or targets.ndim != 2
        or targets.dtype not in _INDEX
    ):
        return False
    batch = lp.shape[1]
    return (
        targets.shape[0] == batch
        and input_lengths.shape == (batch,)
        and target_lengths.shape == (batch,)
        and input_lengths.dtype in _INDEX
        and target_lengths.dtype in _INDEX
        # torch's CUDA kernel differs (and copies the lengths to the host): CPU only
        and lp.device.type == "cpu"
        and targets.device.type == "cpu"
        and input_lengths.device.type == "cpu"
        and target_lengths.device.type == "cpu"
    )


def _ctc_in_range(
    lp: Any, targets: Any, input_lengths: Any, target_lengths: Any, blank: int
) -> tuple[Any, Any, Any, Any]:
    """Targets and lengths clamped into range, and the sequences (N,) that have no loss.

    A length outside [0, T] or [0, S], or a label outside [0, C) or the blank within
    its target length, has no loss: the standard path's is NaN, torch's kernel raises
    for a length and computes a finite number for a label (reading out of bounds
    outside [0, C)). Lengths and labels are clamped into range for torch, and those
    sequences' losses made NaN by the caller, with tensor operations (no value is read).
    """
    num_frames, _, num_classes = lp.shape
    span = targets.shape[1]
    lengths = input_lengths.clamp(0, num_frames)
    spans = target_lengths.clamp(0, span)
    safe = targets.clamp(0, num_classes - 1)
    within = torch.arange(span) < spans.unsqueeze(1)
    bad = (within & ((safe != targets) | (targets == blank))).any(1)
    bad = bad | (lengths != input_lengths) | (spans != target_lengths)
    return safe, lengths, spans, bad


def ctc_loss(
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    /,
    *,
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
    batch_first: bool = False,
    from_logits: bool = False,
    **options: Any,
) -> Any:
    # Without a gradient only: torch's log_probs gradient is exp(log_probs) - gamma, the
    # loss' is -gamma (with a gradient, portloss/_backends/torch_ctc.py runs torch's
    # kernels with the gradient corrected). Where log_probs reach +inf (values above 0:
    # not log-probabilities) torch's log-add-exp and the standard path's both give NaN
    # (-inf for an empty target, on CPU).
    if (
        (options and not at_defaults(options, _COMMON))
        or reduction not in _REDUCTIONS
        or type(blank) is not int
        or type(zero_infinity) is not bool
        or type(batch_first) is not bool
        or type(from_logits) is not bool
        or not isinstance(log_probs, _Tensor)
    ):
        return NotImplemented
    lp = log_probs.transpose(0, 1) if batch_first and log_probs.ndim == 3 else log_probs
    if (
        not _ctc_arrays(lp, targets, input_lengths, target_lengths)
        or not 0 <= blank < lp.shape[2]
        or not _no_gradient(lp)
    ):
        return NotImplemented
    if from_logits:
        lp = torch.log_softmax(lp, -1)
    safe, lengths, spans, bad = _ctc_in_range(lp, targets, input_lengths, target_lengths, blank)
    loss = F.ctc_loss(
        lp,
        safe,
        lengths,
        spans,
        blank=blank,
        reduction=reduction,
        zero_infinity=zero_infinity,
    )
    return torch.where(bad if reduction == "none" else bad.any(), math.nan, loss)


_REDUCTION = {"reduction": "mean"}
_ELEMENTWISE = {**_COMMON, **_REDUCTION, "weight": None}
_CLASS = {**_REDUCTION, "weight": None, "ignore_index": -100, "axis": -1}

#: Every option each delegate knows, at the value where it means the loss' default
#: (tests/test_delegation.py checks them against the losses' own defaults).
DEFAULTS: dict[str, dict[str, Any]] = {
    "binary_cross_entropy_with_logits": {**_BCE_LOGITS, **_REDUCTION},
    "cross_entropy": {**_CROSS_ENTROPY, **_CLASS, "label_smoothing": 0.0},
    "huber_loss": {**_ELEMENTWISE, "delta": 1.0},
    "kl_div": {**_COMMON, **_REDUCTION, "log_target": False},
    "l1_loss": _ELEMENTWISE,
    "mse_loss": _ELEMENTWISE,
    "nll_loss": {**_NLL, **_CLASS},
    "smooth_l1_loss": {**_ELEMENTWISE, "beta": 1.0},
    "margin_ranking_loss": {**_COMMON, **_REDUCTION, "margin": 0.0},
    "hinge_embedding_loss": {**_COMMON, **_REDUCTION, "margin": 1.0},
    "multilabel_soft_margin_loss": {**_COMMON, **_REDUCTION, "weight": None},
    "poisson_nll_loss": {**_POISSON, **_REDUCTION, "log_input": True, "eps": 1e-8},
    "gaussian_nll_loss": {**_GAUSSIAN, **_REDUCTION, "full": False, "eps": 1e-6},
    "linear_cross_entropy": {**_LINEAR, **_REDUCTION, "ignore_index": -100},
    "ctc_loss": {
        **_COMMON,
        **_REDUCTION,
        "blank": 0,
        "zero_infinity": False,
        "batch_first": False,
        "from_logits": False,
    },
}

DELEGATES: dict[str, Callable[..., Any]] = {
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "cross_entropy": cross_entropy,
    "huber_loss": _elementwise(F.huber_loss, "delta"),
    "kl_div": kl_div,
    "l1_loss": _values_only(_elementwise(F.l1_loss)),
    "mse_loss": _elementwise(F.mse_loss),
    "nll_loss": nll_loss,
    "smooth_l1_loss": _elementwise(F.smooth_l1_loss, "beta"),
    "margin_ranking_loss": margin_ranking_loss,
    "hinge_embedding_loss": hinge_embedding_loss,
    "multilabel_soft_margin_loss": multilabel_soft_margin_loss,
    "poisson_nll_loss": poisson_nll_loss,
    "gaussian_nll_loss": gaussian_nll_loss,
    "linear_cross_entropy": linear_cross_entropy,
    "ctc_loss": ctc_loss,
}
