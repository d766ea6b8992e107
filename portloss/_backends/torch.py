"""PyTorch: native kernels for the primitives, ``detach``, and compile/functorch detection."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.autograd.forward_ad as _forward_ad
import torch.nn.functional as F

from .._primitives import broadcast_along
from ._common import ieee_divide_by_count, row_blocks
from .torch_ctc import ctc_nll


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


def traced_autodiff(*xs: Any) -> bool:
    """Whether torch.compile traces, a forward-mode AD level is open or one of ``xs`` is a
    torch.func wrapper: autodiff that a custom autograd function cannot join and whose
    gradient ``requires_grad`` does not show (metadata only)."""
    return is_compiling() or _forward_ad._current_level >= 0 or any(map(is_transformed, xs))


def may_differentiate(*xs: Any) -> bool:
    """Whether autodiff may take a gradient through ``xs`` (read from metadata only).

    True where :func:`traced_autodiff` is, and for a tensor that requires grad while grad
    mode is on. Where it is False only the values matter, and a primitive (or a whole
    delegated loss) may take torch's function whose gradient differs from portloss's.
    """
    if traced_autodiff(*xs):
        return True
    return torch.is_grad_enabled() and any(x.requires_grad for x in xs)


def _relu(xp: Any, z: Any, /, *, style: str) -> Any:
    if style == "clamp_min":
        # torch.clamp_min is that style, values and gradients: NaN stays NaN (its
        # gradient 0), gradient 1 at z == 0.
        return torch.clamp_min(z, 0)
    if may_differentiate(z):
        # NaN <= 0 is false: a NaN keeps z and its gradient 1 (torch.relu's is 0).
        return z.masked_fill(z <= 0, 0)
    return torch.relu(z)


def _absolute(xp: Any, x: Any, /) -> Any:
    if may_differentiate(x):
        # x * s with s = sign(x), NaN at a NaN (torch.sign gives 0 there), a constant:
        # the gradient is s, and the graph holds one node as torch.abs's does.
        # torch.where instead of array-api-compat's sign, whose NaN fix is an indexed
        # assignment (four times torch.sign's cost on small inputs).
        d = x.detach()
        return x * torch.where(torch.isnan(d), d, torch.sign(d))
    return torch.abs(x)


def _pow2_scale(xp: Any, x: Any, /, *, axis: int) -> Any:
    m = torch.amax(torch.abs(x.detach()), dim=axis, keepdim=True)
    info = torch.finfo(x.dtype)
    low = math.log2(info.smallest_normal)
    high = math.floor(math.log2(info.max))
    # m = f * 2**e with f in [0.5, 1), so 2**(e - 1) <= m < 2**e: floor(log2(m)) without
    # the logarithm. A zero, NaN or infinite m gets some power of two within the clamp
    # (2**-1 where frexp reports exponent 0) instead of the standard path's 1: scaling by
    # any power of two is exact in range, and such rows are 0, NaN or inf either way.
    k = torch.clamp(torch.frexp(m).exponent - 1, int(low), high).to(m.dtype)
    return torch.pow(2.0, k)  # 2.0 ** k without Tensor.__rpow__'s Python wrapper


def _l2_norm(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    # torch's norm of the scaled rows (largest entry in [1, 2): no overflow), times the
    # scale: its backward gives 0 at a zero vector, where the standard path needs two
    # wheres around the square root. Four operations after the scale instead of ten.
    scale = _pow2_scale(xp, x, axis=axis)
    norm = torch.linalg.vector_norm(x / scale, dim=axis, keepdim=True) * scale
    return norm if keepdims else norm.squeeze(axis)


def _safe_divide(xp: Any, numerator: Any, denominator: Any, /, *, fill: float) -> Any:
    # The standard path's double where, with masked_fill instead of a filled array
    # and a where (four operations instead of six; the same values and gradients).
    zero = denominator == 0
    ratio = numerator / denominator.masked_fill(zero, 1)
    return ratio.masked_fill(zero, fill)


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
    return y * torch.sigmoid(-x) + torch.rsub(y, 1.0) * torch.sigmoid(x)  # no __rsub__ wrapper


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


# Linear cross entropy (issue 22): chunks of whole rows, gradients during the forward.


def _linear_cross_entropy(
    xp: Any,
    h: Any,
    W: Any,
    b: Any,
    index: Any,
    w: Any,
    *,
    valid: Any,
    coef: Any,
    keep: float,
    off: float,
    z_loss: float,
    softcap: float | None,
    chunk: int,
) -> Any:
    """Row losses (``coef`` None) or ``sum(where(valid, coef * loss, 0))``, in chunks.

    NotImplemented (the standard path) under torch.func transforms and torch.compile,
    which cannot trace the custom autograd function, and when ``w`` needs a gradient.
    """
    if is_compiling() or is_transformed(h) or (w is not None and w.requires_grad):
        return NotImplemented
    rows = max(1, chunk // W.shape[0])
    spec = _LCESpec(keep, off, z_loss, softcap, rows)
    index = index.to(torch.int64)
    if coef is None:
        return _LCERows.apply(spec, h, W, b, index, w)
    return _LCETotal.apply(spec, h, W, b, index, w, valid, coef)


class _LCESpec:
    """The static options of a linear cross entropy: smoothing, z-loss, cap, chunk rows."""

    def __init__(self, keep: float, off: float, z_loss: float, softcap: Any, rows: int):
        self.keep, self.off, self.z_loss, self.softcap, self.rows = keep, off, z_loss, softcap, rows


def _lce_chunk(spec: _LCESpec, h: Any, W: Any, b: Any, y: Any, w: Any, scale: Any, buf: Any) -> Any:
    """Row losses of a chunk of rows and, with ``scale`` (per row), ``scale * dl/dz_raw``.

    The chunk's logits are computed transposed, ``(V, rows)``, into ``buf`` and turned
    into the gradient in place: one ``(V, rows)`` buffer is all a chunk holds (two
    under the soft cap, which keeps the tanh). The transposed product ``W @ h.T`` and
    the weight gradient ``dW += g @ h`` from a contiguous ``g`` ran faster on CPU than
    the row-major layout at a few hundred rows (measured).
    """
    rows = h.shape[0]
    z = buf.view(-1)[: W.shape[0] * rows].view(W.shape[0], rows)
    if b is None:
        torch.mm(W, h.t(), out=z)
    else:
        torch.addmm(b[:, None], W, h.t(), out=z)
    t = None
    if spec.softcap is not None:
        t = torch.tanh(z.div_(spec.softcap))
        torch.mul(t, spec.softcap, out=z)
    picked = z.gather(0, y[None, :])[0]
    wsum = None
    if spec.off > 0.0:
        wsum = z.sum(0) if w is None else torch.mv(z.t(), w)
    # exp(z - m) in place, then log Z = m + log(sum): no second logits-sized buffer.
    top = z.amax(0)
    total = z.sub_(top).exp_().sum(0)
    lse = top + total.log()
    wy = None if w is None else w[y]
    loss = lse - picked if wy is None else wy * (lse - picked)
    total_w = z.shape[0] if w is None else w.sum()
    if wsum is not None:
        loss = spec.keep * loss + spec.off * (total_w * lse - wsum)
    if spec.z_loss > 0.0:
        loss = loss + spec.z_loss * lse * lse
    if scale is None:
        return loss, None
    # dl/dz = p (k w_y + o W + 2 zeta lse) - k w_y [v = y] - o w_v, with p = exp(z-m)/sum
    hit = spec.keep * (1.0 if wy is None else wy)
    factor = hit + spec.off * total_w + 2.0 * spec.z_loss * lse
    grad = z.mul_(scale * factor / total)
    grad.scatter_add_(0, y[None, :], (-hit * scale)[None, :])
    if spec.off > 0.0:
        grad.sub_(spec.off * (scale[None, :] if w is None else torch.outer(w, scale)))
    if t is not None:
        grad.mul_(t.mul_(t).neg_().add_(1.0))
    return loss, grad


def _lce_sweep(
    spec: _LCESpec, h: Any, W: Any, b: Any, y: Any, w: Any, scale: Any, needs: Any
) -> Any:
    """Row losses over all chunks and, with ``scale``, the gradients ``needs`` asks for."""
    loss = h.new_empty(h.shape[0])
    # The first chunk writes the weight and bias gradients (no zero fill, no read of
    # zeros: one pass less over a weight-sized buffer); zeros only without rows.
    new = torch.empty_like if h.shape[0] else torch.zeros_like
    dh = torch.empty_like(h) if scale is not None and needs[0] else None
    dW = new(W) if scale is not None and needs[1] else None
    db = new(b) if scale is not None and b is not None and needs[2] else None
    # One buffer for every chunk (the last, shorter one uses its front).
    buf = h.new_empty(W.shape[0] * min(spec.rows, max(h.shape[0], 1)))
    for start in range(0, h.shape[0], spec.rows):
        part = slice(start, start + spec.rows)
        chunk_scale = None if scale is None else scale[part]
        loss[part], grad = _lce_chunk(spec, h[part], W, b, y[part], w, chunk_scale, buf)
        if grad is None:
            continue
        if dh is not None:
            torch.mm(grad.t(), W, out=dh[part])
        if dW is not None:  # beta 0 ignores the uninitialized values (NaN included)
            dW.addmm_(grad, h[part], beta=1 if start else 0)
        if db is not None and start:
            db += grad.sum(1)
        elif db is not None:
            torch.sum(grad, 1, out=db)
    return loss, dh, dW, db


class _LCERows(torch.autograd.Function):
    """Row losses; the backward pass recomputes each chunk's logits."""

    @staticmethod
    def forward(ctx: Any, spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any) -> Any:
        ctx.spec = spec
        ctx.save_for_backward(h, W, b, y, w)
        with torch.no_grad():
            return _lce_sweep(spec, h, W, b, y, w, None, ())[0]

    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx: Any, grad: Any) -> Any:
        h, W, b, y, w = ctx.saved_tensors
        needs = ctx.needs_input_grad[1:4]
        _, dh, dW, db = _lce_sweep(ctx.spec, h, W, b, y, w, grad.contiguous(), needs)
        return None, dh, dW, db, None, None


class _LCETotal(torch.autograd.Function):
    """``sum(where(valid, coef * loss, 0))``; gradients computed in the forward pass.

    The upstream gradient of a scalar only scales them, so each chunk's softmax
    gradient is used while its logits are at hand (no recomputation): the forward
    and backward together cost the dense loss's three matrix products. The first
    backward scales the precomputed gradients in place (no second gradient-sized
    buffer); a later one (``retain_graph=True``, gradcheck) recomputes them.
    """

    @staticmethod
    def forward(
        ctx: Any, spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any, valid: Any, coef: Any
    ) -> Any:
        needs = ctx.needs_input_grad[1:4]
        scale = torch.where(valid, coef, 0.0) if any(needs) else None
        with torch.no_grad():
            loss, *grads = _lce_sweep(spec, h, W, b, y, w, scale, needs)
            total = torch.where(valid, coef * loss, 0.0).sum()
        ctx.spec, ctx.grads = spec, grads
        ctx.save_for_backward(h, W, b, y, w, valid, coef, torch.where(valid, loss, 0.0))
        return total

    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx: Any, grad: Any) -> Any:
        h, W, b, y, w, valid, coef, loss = ctx.saved_tensors
        grads, ctx.grads = ctx.grads, None
        if grads is None:  # a second backward: the first one consumed the buffers
            # The forward's computation again (bit for bit), then the same scaling.
            scale = torch.where(valid, coef, 0.0)
            grads = _lce_sweep(ctx.spec, h, W, b, y, w, scale, ctx.needs_input_grad[1:4])[1:]
        grads = [None if g is None else g.mul_(grad) for g in grads]
        dcoef = loss * grad if ctx.needs_input_grad[7] else None
        return (None, *grads, None, None, None, dcoef)


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
    "linear_cross_entropy": _linear_cross_entropy,
    "relu": _relu,
    "absolute": _absolute,
    "pow2_scale": _pow2_scale,
    "l2_norm": _l2_norm,
    "safe_divide": _safe_divide,
    "ctc_nll": ctc_nll,
}
