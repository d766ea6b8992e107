"""The CTC forward (alpha) recursion in log space, used by ``ctc_loss``.

Written with the Array API core only (a ``take`` on flattened arrays instead of
advanced indexing, ``fori_loop`` over the frames), so it runs on every backend,
Dask included, and under ``jax.jit``.
"""

from __future__ import annotations

from typing import Any

from .._backends import device, native
from .._primitives import as_index, class_ramp, cumulative_sum, fori_loop, stop_gradient

__all__ = ["ctc_forward"]


def ctc_forward(
    xp: Any,
    /,
    *,
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    blank: int,
) -> Any:
    """Per-sequence CTC loss of ``log_probs`` (T, N, C) and padded ``targets`` (N, S).

    A length outside ``[0, T]`` or ``[0, S]``, or a label outside ``[0, C)`` or equal
    to the blank within the target length, gives that sequence NaN.
    """
    lp = log_probs
    num_frames, batch, _ = lp.shape
    max_target = targets.shape[1]
    targets = as_index(xp, targets)
    in_len = xp.reshape(as_index(xp, input_lengths), (batch, 1))
    tg_len = xp.reshape(as_index(xp, target_lengths), (batch, 1))
    # A length outside [0, T] or [0, S] has no loss: the sequence gives NaN (NumPy
    # raises up front), and the length is clipped so every index stays in bounds.
    clipped_in, clipped_tg = xp.clip(in_len, 0, num_frames), xp.clip(tg_len, 0, max_target)
    bad = (clipped_in != in_len) | (clipped_tg != tg_len)
    in_len, tg_len = clipped_in, clipped_tg
    labels, bad = _checked_labels(xp, targets, tg_len, bad, blank=blank, num_classes=lp.shape[2])
    impl = native(xp, "ctc_nll")
    loss = NotImplemented
    if impl is not None:
        loss = impl(xp, lp, labels, in_len, tg_len, blank=blank)
    if loss is NotImplemented:
        loss = _standard_nll(xp, lp, labels, in_len, tg_len, blank=blank)
    return xp.where(bad, xp.full_like(loss, xp.nan), loss)


def _standard_nll(xp: Any, lp: Any, labels: Any, in_len: Any, tg_len: Any, /, *, blank: int) -> Any:
    """``-log p(labels | lp)`` per sequence, by the alpha recursion over the frames."""
    batch = lp.shape[1]
    ext, can_skip = _extended_labels(xp, labels, in_len, blank=blank)
    emit = _gather_labels(xp, lp, ext)  # (T, N, L)
    alpha = _alpha(xp, emit, ext, can_skip, in_len)
    tg_len = xp.reshape(tg_len, (batch,))
    end = _pick(xp, alpha, 2 * tg_len)
    has_label = tg_len > 0
    before = xp.where(has_label, 2 * tg_len - 1, xp.zeros_like(tg_len))
    before = xp.where(has_label, _pick(xp, alpha, before), xp.full_like(end, -xp.inf))
    # An empty target's alignment ends on the last blank alone (torch's kernel too).
    return -xp.where(has_label, _logsumexp2(xp, end, before), end)


def _checked_labels(
    xp: Any, targets: Any, tg_len: Any, bad: Any, /, *, blank: int, num_classes: int
) -> tuple[Any, Any]:
    """The labels (N, S) with the blank beyond each target's length and in place of an
    invalid label, and ``bad`` (N,): the sequences with an invalid label."""
    batch, max_target = targets.shape
    # Padding beyond a target's length becomes blank, so it is always a valid class.
    fill = xp.full_like(targets, blank)
    position = xp.arange(max_target, dtype=targets.dtype, device=device(targets))
    within = position < tg_len
    labels = xp.where(within, targets, fill)
    # A label outside [0, C), or the blank, within the target length has no alignment
    # of its own: its sequence's loss is NaN (checked for NumPy up front), and it
    # reads the blank so the gather stays in bounds.
    in_range = labels == xp.clip(labels, 0, num_classes - 1)
    if max_target:
        invalid = ~in_range | (within & (targets == blank))
        bad = bad | xp.any(invalid, axis=1, keepdims=True)
    return xp.where(in_range, labels, fill), xp.reshape(bad, (batch,))


def _extended_labels(xp: Any, labels: Any, in_len: Any, /, *, blank: int) -> tuple[Any, Any]:
    """The extended labels (N, 2S + 1) and where a blank may be skipped."""
    batch, max_target = labels.shape
    width = 2 * max_target + 1
    # Extended labels: blank, l1, blank, l2, ..., blank.
    ones = xp.ones_like(labels)
    pairs = xp.stack((blank * ones, labels), axis=2)
    first = xp.full_like(in_len, blank)
    ext = xp.concat((xp.reshape(pairs, (batch, width - 1)), first), axis=1)
    # s - 2 -> s skips a blank only onto a label that differs from the one before it.
    prev2 = xp.concat((xp.full_like(ext[:, :2], blank)[:, : min(2, width)], ext), axis=1)
    can_skip = (ext != blank) & (ext != prev2[:, :width])
    return ext, can_skip


def _alpha(xp: Any, emit: Any, ext: Any, can_skip: Any, in_len: Any) -> Any:
    """The forward variables after each sequence's last frame, (N, L)."""
    num_frames, _, width = emit.shape
    ext_pos = class_ramp(xp, ext, axis=1)
    neg_inf = xp.full_like(emit[0, ...], -xp.inf)
    start = ext_pos < 2
    empty_input = in_len == 0
    # Before any frame, only the empty prefix has probability 1 (log 0); it matters
    # for an input of length 0.
    alpha = xp.where(
        empty_input,
        xp.where(ext_pos == 0, xp.zeros_like(neg_inf), neg_inf),
        xp.where(start, emit[0, ...], neg_inf),
    )
    pad1 = neg_inf[:, : min(1, width)]
    pad2 = neg_inf[:, : min(2, width)]

    def step(t: Any, alpha: Any) -> Any:
        shift1 = xp.concat((pad1, alpha[:, : width - 1]), axis=1)
        shift2 = xp.concat((pad2, alpha[:, : max(width - 2, 0)]), axis=1)
        shift2 = xp.where(can_skip, shift2, neg_inf)
        new = _logsumexp3(xp, alpha, shift1, shift2) + emit[t, ...]
        return xp.where(t < in_len, new, alpha)

    return fori_loop(xp, 1, num_frames, step, alpha)


def _pick(xp: Any, x: Any, index: Any) -> Any:
    """``x[n, index[n]]`` for a 2-D ``x``: a 1-D ``take`` on the flattened array.

    ``take`` of the Array API core works on every backend, Dask included, with no
    boolean mask and no host sync.
    """
    _rows, width = x.shape
    flat = index + class_ramp(xp, index, axis=0) * width
    return xp.take(xp.reshape(x, (-1,)), flat, axis=0)


def _gather_labels(xp: Any, lp: Any, ext: Any) -> Any:
    """``lp[t, n, ext[n, s]]`` as a (T, N, L) array, by a 1-D ``take``."""
    num_frames, batch, num_classes = lp.shape
    width = ext.shape[1]
    # flat index (t * N + n) * C + ext[n, s]
    seq = class_ramp(xp, ext[:, 0], axis=0)
    per_seq = xp.reshape(seq * num_classes, (batch, 1)) + ext  # (N, L)
    steps = xp.full_like(ext[:1, :1], batch * num_classes)
    steps = xp.broadcast_to(steps, (num_frames, 1, 1))
    time_offset = cumulative_sum(xp, steps, axis=0) - steps  # (T, 1, 1)
    flat = xp.reshape(time_offset + xp.expand_dims(per_seq, axis=0), (-1,))
    taken = xp.take(xp.reshape(lp, (-1,)), flat, axis=0)
    return xp.reshape(taken, (num_frames, batch, width))


def _logsumexp3(xp: Any, a: Any, b: Any, c: Any) -> Any:
    """``log(e^a + e^b + e^c)``: ``-inf`` where all three are, with finite gradients.

    A ``+inf`` maximum is not shifted away: ``inf - inf`` gives NaN, as torch's CTC
    kernel does for log-probabilities above 0 (not log-probabilities at all).
    """
    m = xp.maximum(xp.maximum(a, b), c)
    m = stop_gradient(xp, xp.where(m == -xp.inf, xp.zeros_like(m), m))
    total = xp.exp(a - m) + xp.exp(b - m) + xp.exp(c - m)
    return _safe_log(xp, total, m)


def _logsumexp2(xp: Any, a: Any, b: Any) -> Any:
    m = xp.maximum(a, b)
    m = stop_gradient(xp, xp.where(m == -xp.inf, xp.zeros_like(m), m))
    return _safe_log(xp, xp.exp(a - m) + xp.exp(b - m), m)


def _safe_log(xp: Any, total: Any, m: Any) -> Any:
    # Only an exact 0 (no path) is -inf: a NaN total stays NaN (a NaN log-probability).
    empty = total == 0
    safe = xp.where(empty, xp.ones_like(total), total)
    return xp.where(empty, xp.full_like(total, -xp.inf), xp.log(safe) + m)


__all__ += ["pad_concatenated_targets"]


def pad_concatenated_targets(xp: Any, flat: Any, lengths: Any, /, *, device: Any) -> Any:
    """torch's concatenated 1-D targets ``(sum(lengths),)`` as padded ``(N, S)`` targets.

    ``S`` is the concatenation's own length, the one static bound on every target
    length, so the shape never depends on the lengths' values (``jax.jit``, Dask).
    Row ``n`` reads ``flat[offset_n + s]`` with ``offset_n`` the exclusive running sum
    of the lengths; a position past the concatenation (lengths summing to more than
    it) reads -1, which makes that sequence's loss NaN, never a finite wrong number.
    """
    size, batch = flat.shape[0], lengths.shape[0]
    if size == 0:
        return xp.zeros((batch, 0), dtype=flat.dtype, device=device)
    lengths = as_index(xp, lengths)
    offsets = cumulative_sum(xp, lengths, axis=0) - lengths
    pos = xp.reshape(offsets, (batch, 1)) + xp.reshape(
        xp.arange(size, dtype=lengths.dtype, device=device), (1, size)
    )
    inside = pos < size
    safe = xp.where(inside, pos, xp.zeros_like(pos))
    padded = xp.reshape(xp.take(flat, xp.reshape(safe, (-1,)), axis=0), (batch, size))
    return xp.where(inside, padded, xp.full_like(padded, -1))


__all__ += ["ctc_forward_probs"]


def ctc_forward_probs(
    xp: Any,
    /,
    *,
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    blank: int,
    log_epsilon: float,
) -> tuple[Any, Any, Any]:
    """optax's CTC forward variables: ``(loss (N,), log_alpha_blank (T, N, S + 1),
    log_alpha_label (T, N, S))`` of ``log_probs`` (T, N, C) and padded ``targets`` (N, S).

    optax's recursion (``ctc_loss_with_forward_probs``) step for step, with its
    ``log_epsilon`` standing in for log 0, so unreachable states hold the same
    finite values as optax's. A length outside ``[0, T]`` or ``[0, S]`` gives NaN.
    """
    num_frames, batch, num_classes = log_probs.shape
    max_target = targets.shape[1]
    targets = as_index(xp, targets)
    in_len = xp.reshape(as_index(xp, input_lengths), (batch, 1))
    tg_len = xp.reshape(as_index(xp, target_lengths), (batch,))
    bad = (in_len[:, 0] < 0) | (in_len[:, 0] > num_frames) | (tg_len < 0) | (tg_len > max_target)
    zero = xp.zeros_like(log_probs[0, :, :1])  # (N, 1)
    # repeat[n, s]: label s equals label s + 1 (padding included, as optax's).
    repeat = xp.concat((targets[:, :-1] == targets[:, 1:], zero == 1), axis=1)
    eps_if_repeat = xp.where(repeat, zero + log_epsilon, zero)
    eps_unless_repeat = xp.where(repeat, zero, zero + log_epsilon)
    blank_lp = log_probs[:, :, blank : blank + 1]  # (T, N, 1)
    # optax's one-hot product: a label outside [0, C) emits log-probability 0.
    in_range = (targets >= 0) & (targets < num_classes)
    labels = xp.where(in_range, targets, xp.zeros_like(targets))
    if max_target:
        emit_lp = _gather_labels(xp, log_probs, labels)  # (T, N, S)
        emit_lp = xp.where(in_range, emit_lp, xp.zeros_like(emit_lp))
    else:
        emit_lp = log_probs[:, :, :0]
    phi = xp.concat((zero, xp.broadcast_to(zero + log_epsilon, (batch, max_target))), axis=1)
    emit = xp.broadcast_to(zero + log_epsilon, (batch, max_target))
    phis, emits = [], []
    for t in range(num_frames):  # every step is kept: a Python loop, unrolled under jit
        phi_next, emit_next = _optax_step(
            xp, phi, emit, emit_lp[t, ...], blank_lp[t, ...], eps_if_repeat, eps_unless_repeat
        )
        keep = t >= in_len  # padded frames keep the previous values (optax's paddings)
        phi = xp.where(keep, phi, phi_next)
        emit = xp.where(keep, emit, emit_next)
        phis.append(phi)
        emits.append(emit)
    # The last row takes the final label -> blank transition (optax's "last epsilon").
    phis[-1] = _add_to_tail(xp, phis[-1], emits[-1])
    tg_len = xp.clip(tg_len, 0, max_target)
    loss = -_pick(xp, phis[-1], tg_len)
    loss = xp.where(bad, xp.full_like(loss, xp.nan), loss)
    return loss, xp.stack(phis, axis=0), xp.stack(emits, axis=0)


def _add_to_tail(xp: Any, phi: Any, added: Any) -> Any:
    """``phi[:, 1:] = logaddexp(phi[:, 1:], added)``: optax's ``update_phi_score``."""
    return xp.concat((phi[:, :1], xp.logaddexp(phi[:, 1:], added)), axis=1)


def _optax_step(
    xp: Any,
    phi: Any,
    emit: Any,
    emit_lp: Any,
    blank_lp: Any,
    eps_if_repeat: Any,
    eps_unless_repeat: Any,
) -> tuple[Any, Any]:
    """One frame of optax's recursion on (N, S + 1) blank and (N, S) label states."""
    entered = _add_to_tail(xp, phi, emit + eps_if_repeat)  # label -> blank, unless repeated
    emit_next = xp.logaddexp(entered[:, :-1] + emit_lp, emit + emit_lp)
    phi_next = _add_to_tail(xp, entered + blank_lp, emit + blank_lp + eps_unless_repeat)
    return phi_next, emit_next
