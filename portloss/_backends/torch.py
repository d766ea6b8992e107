"""PyTorch: native kernels for the primitives, ``detach``, and compile/functorch detection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from .._primitives import broadcast_along
from ._common import ieee_divide_by_count, row_blocks


def is_compiling() -> bool:
    """Whether torch.compile (Dynamo) is tracing: checks that read settings or tensor
    wrappers cannot be traced there (a graph break) and step aside."""
    return bool(torch.compiler.is_compiling())


def is_transformed(x: Any) -> bool:
    """Whether ``x`` is a torch.func wrapper (under ``vmap`` or ``grad``)."""
    # Per-example blocks of a wrapper cannot be written into a plain output. torch has
    # no public test for a wrapper; a torch without functorch has no such wrappers.
    try:
        return bool(torch._C._functorch.is_functorch_wrapped_tensor(x))
    except AttributeError:
        return False


def stop_gradient(x: Any) -> Any:
    return x.detach()


def _log_softmax(xp: Any, x: Any, /, *, axis: int) -> Any:
    return torch.log_softmax(x, dim=axis)


def _logsumexp(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    return torch.logsumexp(x, dim=axis, keepdim=keepdims)


def _log_sigmoid(xp: Any, x: Any, /) -> Any:
    return F.logsigmoid(x)


def _softplus(xp: Any, x: Any, /) -> Any:
    # F.softplus switches to the identity above its threshold (20): not exact in float64.
    return -F.logsigmoid(-x)


def _sigmoid_cross_entropy(xp: Any, x: Any, y: Any, /) -> Any:
    # One fused kernel (with the gradient sigmoid(x) - y) instead of five passes.
    return F.binary_cross_entropy_with_logits(x, y, reduction="none")


def _squared_difference(xp: Any, x: Any, t: Any, /) -> Any:
    # One fused kernel for the values and one for the gradient, instead of two each.
    return F.mse_loss(x, t, reduction="none")


def _class_dot(xp: Any, x: Any, w: Any, /, *, axis: int) -> Any:
    # A matrix-vector product (BLAS), forward and backward; array-api-compat's vecdot
    # for torch broadcasts and multiplies (measured 3x slower with its backward).
    # float32 matmuls follow torch.set_float32_matmul_precision (bf16 or TF32 below
    # "highest"), so those keep the full-precision multiply and sum.
    # Under torch.compile the precision setting cannot be read inside the graph (a graph
    # break), and a value read at trace time would go stale: float32 then always takes
    # the full-precision path, which is what "highest" computes.
    reduced = x.dtype == torch.float32 and (
        is_compiling()
        or torch.get_float32_matmul_precision() != "highest"
        or (x.is_cuda and torch.backends.cuda.matmul.allow_tf32)
    )
    if reduced:
        return torch.sum(x * broadcast_along(xp, w, axis=axis, ndim=x.ndim), dim=axis)
    return torch.matmul(torch.movedim(x, axis, -1), w)


def _one_minus_pt(xp: Any, x: Any, y: Any, /) -> Any:
    # Two native sigmoids (each accurate in its tail) and four elementwise ops: 0.9x
    # torchvision's focal formula, against 1.4x for the one-exp standard path.
    return y * torch.sigmoid(-x) + (1.0 - y) * torch.sigmoid(x)


def _log_softmax_at(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    # torch.compile: the compiler fuses the one-kernel formula itself, and the wrapper
    # check below cannot be traced (a graph break); is_compiling() is checked first.
    if is_compiling() or (x.requires_grad and torch.is_grad_enabled()) or is_transformed(x):
        # Autograd keeps a logits-sized tensor for the backward pass anyway; one
        # unblocked kernel is then the fastest (and the memory is F.cross_entropy's).
        return _log_softmax_at_unblocked(xp, x, index, axis=axis)
    return row_blocks(xp, _log_softmax_at_unblocked, x, index, axis=axis)


def _log_softmax_at_unblocked(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    return _gather_class(xp, _log_softmax(xp, x, axis=axis), index, axis=axis)


def _gather_class(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    # torch.gather directly: the array-api-compat take_along_axis wrapper costs more
    # than the gather itself on small batches (benchmarks: small-input overhead).
    if index.dtype != torch.int64:  # the only index dtype torch.gather takes
        index = index.to(torch.int64)
    return torch.gather(x, axis, torch.unsqueeze(index, axis)).squeeze(axis)


NATIVE: dict[str, Callable[..., Any]] = {
    "log_softmax": _log_softmax,
    "log_softmax_at": _log_softmax_at,
    "class_dot": _class_dot,
    "divide_by_count": ieee_divide_by_count,
    "gather_class": _gather_class,
    "logsumexp": _logsumexp,
    "one_minus_pt": _one_minus_pt,
    "sigmoid_cross_entropy": _sigmoid_cross_entropy,
    "squared_difference": _squared_difference,
    "log_sigmoid": _log_sigmoid,
    "softplus": _softplus,
}
