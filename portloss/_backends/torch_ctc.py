"""PyTorch: the CTC negative log-likelihood from torch's kernel, with portloss's gradient.

torch's CTC kernel runs the alpha recursion in C++ (one call where the standard path
takes a dozen array operations per frame), and its backward kernel returns
``(exp(lp) - gamma) * g``: the gradient with respect to the logits of a log-softmax,
not with respect to ``log_probs`` themselves (``-gamma * g``, the loss as written).
The backward below subtracts ``exp(lp) * g`` again over the entries an alignment may
read, so the gradient is portloss's, computed in float64 (a float32 input's gradient
is then at least as accurate as the standard path's). In a sequence whose loss is NaN
every entry an alignment may read gets a NaN gradient (the standard path's autodiff
leaves some of them finite).

CPU only: torch's kernels take the lengths as host integers, a device-to-host copy
(a sync) for tensors on an accelerator.
"""

from __future__ import annotations

from typing import Any

import torch

_FLOATS = (torch.float32, torch.float64)
_ctc = torch.ops.aten._ctc_loss.Tensor
_ctc_backward = torch.ops.aten._ctc_loss_backward


class _CTC(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, lp: Any, targets: Any, in_len: Any, tg_len: Any, blank: int) -> Any:
        # float64 throughout: torch's float32 kernel loses about 1e-5 of the gradient
        # over a few frames (log-space sums of terms near the loss), the standard path
        # under 1e-6.
        wide = lp.to(torch.float64)
        nll, log_alpha = _ctc(wide, targets, in_len, tg_len, blank, False)
        ctx.blank = blank
        ctx.save_for_backward(wide, targets, in_len, tg_len, nll, log_alpha)
        return nll.to(lp.dtype)

    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx: Any, g: Any) -> Any:
        lp, targets, in_len, tg_len, nll, log_alpha = ctx.saved_tensors
        dtype, g = g.dtype, g.to(torch.float64)
        # zero_infinity=True: a sequence without any alignment (an infinite loss) gets
        # gradient 0, as the standard path's -inf branch does.
        grad = _ctc_backward(
            g, lp, targets, in_len.tolist(), tg_len.tolist(), nll, log_alpha, ctx.blank, True
        )
        # The entries an alignment may read: the sequence's frames, its labels and the
        # blank. Every other entry's gradient is exactly 0 (torch's formula leaves
        # exp(lp) g there, and NaN at a NaN or -inf log-probability).
        read = torch.zeros(lp.shape[1:], dtype=torch.bool, device=lp.device)
        read.scatter_(1, targets, True)
        read[:, ctx.blank] = True
        frames = torch.arange(lp.shape[0], device=lp.device)[:, None] < in_len[None, :]
        used = frames[..., None] & read[None, ...]
        finite = torch.isfinite(nll)[None, :, None]
        grad = grad - torch.where(used & finite, torch.exp(lp) * g[None, :, None], 0.0)
        # A -inf log-probability where the loss is finite carries no alignment: torch's
        # exp(-inf + inf) is NaN there, the gradient 0.
        grad = torch.where(used & ~(finite & (lp == -torch.inf)), grad, 0.0)
        return grad.to(dtype), None, None, None, None


def ctc_nll(xp: Any, lp: Any, labels: Any, in_len: Any, tg_len: Any, /, *, blank: int) -> Any:
    """Per-sequence ``-log p(labels | lp)``, (N,), or NotImplemented (the standard path).

    ``labels`` (N, S) are valid classes other than the blank within each target length,
    ``in_len`` in ``[0, T]``, ``tg_len`` in ``[0, S]`` (the caller has masked the rest).
    """
    # torch.compile and torch.func cannot trace the autograd function, forward-mode AD
    # has no rule for it: the standard path.
    # Imported here: portloss._backends.torch imports this module while it loads.
    from .torch import traced_autodiff

    if (
        lp.device.type != "cpu"
        or lp.dtype not in _FLOATS
        or labels.shape[1] == 0
        or traced_autodiff(lp)
    ):
        return NotImplemented
    long = torch.int64
    arrays = (labels, in_len.reshape(-1), tg_len.reshape(-1))
    labels, in_len, tg_len = (x if x.dtype is long else x.to(long) for x in arrays)
    return _CTC.apply(lp, labels, in_len, tg_len, blank)
