"""JAX: ``jax.nn`` log-softmax and log-sum-exp, IEEE division, ``lax`` loops and stop_gradient.

No softplus, sigmoid cross entropy or squared difference entries: XLA fuses the
standard formulas as well as ``jax.nn``'s (measured).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from .._primitives import _standard_log_softmax_at
from ._common import ieee_divide_by_count


def _log_softmax(xp: Any, x: Any, /, *, axis: int) -> Any:
    return jax.nn.log_softmax(x, axis=axis)


def _logsumexp(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)


def _log_softmax_at(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    # The pure formula with a constant shift (as jax.nn.log_softmax): the gradient does
    # not flow through the max, and XLA fuses exp-sum without writing x - m.
    return _standard_log_softmax_at(xp, x, index, axis=axis, constant_shift=True)


def stop_gradient(x: Any) -> Any:
    return jax.lax.stop_gradient(x)


def fori_loop(lower: int, upper: int, body: Callable[[Any, Any], Any], init: Any) -> Any:
    # A scan with static bounds: one compiled step instead of an unrolled body.
    return jax.lax.fori_loop(lower, upper, body, init)


# Linear cross entropy (issue 22): chunks of whole columns in lax loops for the value
# and the row losses (a custom VJP whose backward recomputes each chunk's logits), and
# for a differentiated total a custom VJP whose forward pass forms the gradients in
# chunks of whole rows.


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
    """Row losses (``coef`` None) or ``sum(where(valid, coef * loss, 0))``.

    Column chunks hold all rows and ``chunk // (8 N)`` classes (static, so ``jax.jit``
    compiles one loop step); the last chunk is shifted back to end at ``V`` and masks
    the classes an earlier chunk already covered, so no padded copy of the weight
    exists. Row chunks (the gradient of the total) are shifted the same way.
    """
    rows, num_classes = h.shape[0], W.shape[0]
    # An eighth of the chunk: the row losses' backward step holds the tile and its
    # gradient, an (N, H) product before it is added into the input gradient, and the
    # weight slice and its gradient. At 4096 x 1024 x 32000 (8.2 M-value chunk), that
    # backward measured beyond the gradients, compiled ahead: chunk // (4 N) = 500
    # columns 9.9% of the logits (XLA's temporaries 5.2%), chunk // (8 N) = 250 columns
    # 8.7% (4.2%), at the same speed (three interleaved rounds, 1.43x and 1.39x optax).
    cols = max(1, min(num_classes, chunk // max(8 * rows, 1)))
    spec = (keep, off, z_loss, softcap, cols)
    if coef is None:
        return _lce_rows(spec, h, W, b, index, w)
    # Training (a scalar): chunks of whole rows that form the gradients as they go, a
    # quarter of a chunk each; the weight gradient is added an eighth of a chunk at a
    # time, (chunk // (8 H), H). At 4096 x 1024 x 32000, beyond the gradients (RSS;
    # XLA's temporaries in brackets; glibc keeps much of the rest resident after XLA
    # frees it): 128 rows and 2000 classes 11.8% of the logits (5.0%), 128 and 500
    # 9.1-10.2% (3.7%), 96 and 500 11.4%, 64 and 1000 7.5-8.9% (2.4%). Fewer rows cost
    # speed (each row chunk reads and writes the whole weight gradient): CPU time
    # 1.05x optax at 128 rows, 1.20x at 64 (interleaved rounds, loaded machine).
    hidden = h.shape[1]
    tile = (
        max(1, min(rows, chunk // (4 * num_classes))),
        max(1, min(num_classes, chunk // max(8 * hidden, 1))),
    )
    return _lce_total((*spec, *tile), h, W, b, index, w, valid, coef)


def _lce_tile(spec: Any, h: Any, W: Any, b: Any, w: Any, i: Any) -> Any:
    """Chunk ``i``'s capped logits, tanh (or None), fresh-column mask, columns, weights."""
    cols = spec[4]
    num_classes, hidden = W.shape
    start = jnp.minimum(i * cols, num_classes - cols)
    z = h @ jax.lax.dynamic_slice(W, (start, 0), (cols, hidden)).T
    if b is not None:
        z = z + jax.lax.dynamic_slice(b, (start,), (cols,))
    t = None
    if spec[3] is not None:
        t = jnp.tanh(z / spec[3])
        z = spec[3] * t
    column = start + jnp.arange(cols)
    fresh = column >= i * cols
    wc = None if w is None else jax.lax.dynamic_slice(w, (start,), (cols,))
    return z, t, fresh, column, wc, start


def _lce_forward(spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any) -> Any:
    off, cols = spec[1], spec[4]
    num_classes = W.shape[0]

    def body(i: Any, carry: Any) -> Any:
        lse, picked, wsum = carry
        z, _, fresh, column, wc, _ = _lce_tile(spec, h, W, b, w, i)
        lse = jnp.logaddexp(lse, jax.nn.logsumexp(jnp.where(fresh, z, -jnp.inf), axis=1))
        hit = fresh & (column == y[:, None])
        picked = picked + jnp.sum(jnp.where(hit, z, 0.0), axis=1)
        if off > 0.0:
            zw = z if wc is None else z * wc
            wsum = wsum + jnp.sum(jnp.where(fresh, zw, 0.0), axis=1)
        return lse, picked, wsum

    zeros = jnp.zeros(h.shape[:1], dtype=h.dtype)
    init = (jnp.full_like(zeros, -jnp.inf), zeros, zeros)
    chunks = -(-num_classes // cols)
    lse, picked, wsum = jax.lax.fori_loop(0, chunks, body, init)
    return _lce_loss(spec, lse, picked, wsum, y, w, num_classes), lse


def _lce_loss(spec: Any, lse: Any, picked: Any, wsum: Any, y: Any, w: Any, classes: int) -> Any:
    """Row losses from ``log Z``, the target logit and the weighted logit sum."""
    keep, off, z_loss = spec[:3]
    wy = 1.0 if w is None else w[y]
    loss = wy * (lse - picked)
    if off > 0.0:
        total_w = classes if w is None else jnp.sum(w)
        loss = keep * loss + off * (total_w * lse - wsum)
    if z_loss > 0.0:
        loss = loss + z_loss * lse * lse
    return loss


@functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
def _lce_rows(spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any) -> Any:
    return _lce_forward(spec, h, W, b, y, w)[0]


def _lce_rows_fwd(spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any) -> Any:
    loss, lse = _lce_forward(spec, h, W, b, y, w)
    return loss, (h, W, b, y, w, lse)


def _lce_rows_bwd(spec: Any, residuals: Any, g: Any) -> Any:
    keep, off, z_loss, _, cols = spec
    h, W, b, y, w, lse = residuals
    num_classes, hidden = W.shape
    wy = 1.0 if w is None else w[y]
    total_w = num_classes if w is None else jnp.sum(w)
    scale = (g * (keep * wy + off * total_w + 2.0 * z_loss * lse))[:, None]
    hit_scale = (keep * wy * g)[:, None]

    def body(i: Any, carry: Any) -> Any:
        dh, dW, db = carry
        z, t, fresh, column, wc, start = _lce_tile(spec, h, W, b, w, i)
        grad = jnp.exp(z - lse[:, None]) * scale
        grad = grad - jnp.where(column == y[:, None], hit_scale, 0.0)
        if off > 0.0:
            grad = grad - off * (g[:, None] if wc is None else g[:, None] * wc)
        if t is not None:
            grad = grad * (1.0 - t * t)
        grad = jnp.where(fresh, grad, 0.0)
        dh = dh + grad @ jax.lax.dynamic_slice(W, (start, 0), (cols, hidden))
        # Added into the carried gradient in place (an update of a slice, not a
        # full-size temporary per step).
        part = jax.lax.dynamic_slice(dW, (start, 0), (cols, hidden)) + grad.T @ h
        dW = jax.lax.dynamic_update_slice(dW, part, (start, 0))
        if db is not None:
            part_b = jax.lax.dynamic_slice(db, (start,), (cols,)) + jnp.sum(grad, axis=0)
            db = jax.lax.dynamic_update_slice(db, part_b, (start,))
        return dh, dW, db

    init = (jnp.zeros_like(h), jnp.zeros_like(W), None if b is None else jnp.zeros_like(b))
    dh, dW, db = jax.lax.fori_loop(0, -(-num_classes // cols), body, init)
    return dh, dW, db, None, None


_lce_rows.defvjp(_lce_rows_fwd, _lce_rows_bwd)


@functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
def _lce_total(spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any, valid: Any, coef: Any) -> Any:
    # Without a gradient: the column chunks' forward (one matrix product).
    loss = _lce_forward(spec[:5], h, W, b, y, w)[0]
    return jnp.sum(jnp.where(valid, coef * loss, 0.0))


def _lce_total_fwd(spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any, valid: Any, coef: Any) -> Any:
    # The upstream gradient of a scalar only scales the gradients, so they are formed
    # while each chunk's logits are at hand: three matrix products, as the dense loss.
    loss, dh, dW, db = _lce_row_sweep(spec, h, W, b, y, w, jnp.where(valid, coef, 0.0))
    loss = jnp.where(valid, loss, 0.0)
    return jnp.sum(coef * loss), (dh, dW, db, loss)


def _lce_total_bwd(spec: Any, residuals: Any, g: Any) -> Any:
    dh, dW, db, loss = residuals
    db = None if db is None else g * db
    return g * dh, g * dW, db, None, None, None, g * loss


_lce_total.defvjp(_lce_total_fwd, _lce_total_bwd)


def _lce_row_sweep(spec: Any, h: Any, W: Any, b: Any, y: Any, w: Any, scale: Any) -> Any:
    """Row losses and the gradients of ``sum(scale * loss)``, in chunks of whole rows.

    The last chunk is shifted back to end at ``N``; its rows that an earlier chunk
    covered get a zero scale (their gradient is zero) and their loss is written again
    with the same value. The weight gradient is added a slice of classes at a time:
    a whole ``(V, H)`` product per chunk would be a weight-sized temporary.
    """
    rows, cols = spec[5:]
    hidden, total_rows = W.shape[1], h.shape[0]

    def body(i: Any, carry: Any) -> Any:
        loss, dh, dW, db = carry
        start = jnp.minimum(i * rows, total_rows - rows)
        hr = jax.lax.dynamic_slice(h, (start, 0), (rows, hidden))
        yr = jax.lax.dynamic_slice(y, (start,), (rows,))
        fresh = start + jnp.arange(rows) >= i * rows
        sr = jnp.where(fresh, jax.lax.dynamic_slice(scale, (start,), (rows,)), 0.0)
        part, grad = _lce_row_chunk(spec, hr, W, b, yr, w, sr)
        loss = jax.lax.dynamic_update_slice(loss, part, (start,))
        dh_part = jax.lax.dynamic_slice(dh, (start, 0), (rows, hidden)) + grad @ W
        dh = jax.lax.dynamic_update_slice(dh, dh_part, (start, 0))
        dW = _add_weight_gradient(cols, dW, grad, hr)
        return loss, dh, dW, None if db is None else db + jnp.sum(grad, axis=0)

    zeros = jnp.zeros(h.shape[:1], dtype=h.dtype)
    init = (zeros, jnp.zeros_like(h), jnp.zeros_like(W), None if b is None else jnp.zeros_like(b))
    return jax.lax.fori_loop(0, -(-total_rows // rows), body, init)


def _lce_row_chunk(spec: Any, hr: Any, W: Any, b: Any, yr: Any, w: Any, sr: Any) -> Any:
    """A chunk of rows: its losses and ``sr * dl/dz_raw``, shape ``(rows, V)``."""
    keep, off, z_loss, softcap = spec[:4]
    num_classes = W.shape[0]
    z = hr @ W.T
    if b is not None:
        z = z + b
    t = None
    if softcap is not None:
        t = jnp.tanh(z / softcap)
        z = softcap * t
    lse = jax.nn.logsumexp(z, axis=1)
    picked = jnp.take_along_axis(z, yr[:, None], axis=1)[:, 0]
    wsum = None
    if off > 0.0:
        wsum = jnp.sum(z, axis=1) if w is None else z @ w
    loss = _lce_loss(spec, lse, picked, wsum, yr, w, num_classes)
    wy = 1.0 if w is None else w[yr]
    total_w = num_classes if w is None else jnp.sum(w)
    factor = sr * (keep * wy + off * total_w + 2.0 * z_loss * lse)
    hit = (keep * wy * sr)[:, None]
    grad = jnp.exp(z - lse[:, None]) * factor[:, None]
    grad = grad - jnp.where(jnp.arange(num_classes) == yr[:, None], hit, 0.0)
    if off > 0.0:
        grad = grad - off * (sr[:, None] if w is None else sr[:, None] * w)
    if t is not None:
        grad = grad * (1.0 - t * t)
    return loss, grad


def _add_weight_gradient(cols: int, dW: Any, grad: Any, hr: Any) -> Any:
    """``dW + grad.T @ hr``, a slice of ``cols`` classes at a time (in place)."""
    num_classes, hidden = dW.shape
    rows = grad.shape[0]

    def body(j: Any, dW: Any) -> Any:
        start = jnp.minimum(j * cols, num_classes - cols)
        fresh = start + jnp.arange(cols) >= j * cols
        part = jnp.where(fresh, jax.lax.dynamic_slice(grad, (0, start), (rows, cols)), 0.0)
        new = jax.lax.dynamic_slice(dW, (start, 0), (cols, hidden)) + part.T @ hr
        return jax.lax.dynamic_update_slice(dW, new, (start, 0))

    return jax.lax.fori_loop(0, -(-num_classes // cols), body, dW)


NATIVE: dict[str, Callable[..., Any]] = {
    "log_softmax": _log_softmax,
    "log_softmax_at": _log_softmax_at,
    "logsumexp": _logsumexp,
    "divide_by_count": ieee_divide_by_count,
    "linear_cross_entropy": _linear_cross_entropy,
}
