"""CTC written out: the forward recursion of Graves et al. in float64, one sequence at a time."""

from __future__ import annotations

import numpy as np

from ._common import log_softmax


def _ctc_one(lp, target, blank):
    """-log p(target | lp) for one sequence; lp (T', C) log-probabilities."""
    ext = [blank]
    for label in target:
        ext += [int(label), blank]
    s_len, t_len = len(ext), lp.shape[0]
    if t_len == 0:
        return np.inf if target.size else 0.0
    alpha = np.full(s_len, -np.inf)
    alpha[0] = lp[0, ext[0]]
    if s_len > 1:
        alpha[1] = lp[0, ext[1]]
    for t in range(1, t_len):
        new = np.full(s_len, -np.inf)
        for s in range(s_len):
            terms = [alpha[s]]
            if s >= 1:
                terms.append(alpha[s - 1])
            if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:
                terms.append(alpha[s - 2])
            new[s] = np.logaddexp.reduce(terms) + lp[t, ext[s]]
        alpha = new
    ends = [alpha[-1]] + ([alpha[-2]] if s_len > 1 else [])
    return -np.logaddexp.reduce(ends)


def ctc_loss(
    log_probs,
    targets,
    input_lengths,
    target_lengths,
    *,
    blank=0,
    reduction="mean",
    zero_infinity=False,
    batch_first=False,
    from_logits=False,
    sample_weight=None,
    convention="torch",
):
    if from_logits:  # optax's and Keras' input
        m = log_probs.max(-1, keepdims=True)
        log_probs = log_probs - m - np.log(np.exp(log_probs - m).sum(-1, keepdims=True))
    unbatched = log_probs.ndim == 2
    lp = log_probs[:, None] if unbatched else log_probs
    if batch_first and not unbatched:
        lp = np.swapaxes(lp, 0, 1)  # (T, N, C)
    n = lp.shape[1]
    il = np.reshape(input_lengths, (-1,))
    tl = np.reshape(target_lengths, (-1,))
    if targets.ndim == 1 and not unbatched:  # torch's concatenated targets
        starts = np.cumsum(tl) - tl
        width = max(int(tl.max()), 1)
        tg = np.zeros((n, width), dtype=np.int64)
        for i in range(n):
            tg[i, : tl[i]] = targets[starts[i] : starts[i] + tl[i]]
    else:
        tg = np.reshape(targets, (n, -1)) if targets.ndim > 1 or not unbatched else targets[None]
    loss = np.array(
        [_ctc_one(lp[: il[i], i], tg[i, : tl[i]], blank) for i in range(n)], dtype=np.float64
    )
    if zero_infinity:
        loss = np.where(np.isinf(loss), 0.0, loss)
    sw = np.ones(n) if sample_weight is None else np.reshape(sample_weight, (-1,))
    if reduction == "none":
        return (loss * sw)[0] if unbatched else loss * sw
    if reduction == "sum":
        return np.asarray(np.sum(sw * loss))
    if convention == "keras":  # Keras: the weighted sum over the number of sequences
        return np.asarray(np.sum(sw * loss) / n)
    # torch: each sequence over its target length, then the weighted mean
    return np.asarray(np.sum(sw * loss / np.maximum(tl, 1)) / np.sum(sw))


def _logaddexp(a, b):
    return np.logaddexp(a, b)


def ctc_forward_log_probs(
    log_probs,
    targets,
    input_lengths,
    target_lengths,
    *,
    blank=0,
    batch_first=False,
    from_logits=False,
    log_epsilon=-1e5,
):
    """optax's ``ctc_loss_with_forward_probs`` recursion restated, (T, N, C) batched input.

    Returns the per-sequence losses, the blank-state and the label-state log forward
    variables, flattened and concatenated (the harness compares one array).
    """
    lp = np.asarray(log_probs, dtype=np.float64)
    if batch_first:
        lp = np.swapaxes(lp, 0, 1)
    if from_logits:
        lp = log_softmax(lp, -1)
    steps, batch, _ = lp.shape
    labels = np.asarray(targets)
    width = labels.shape[1]
    frame_pad = np.arange(steps)[:, None] >= np.asarray(input_lengths)[None, :]  # (T, N)
    repeat = np.zeros((batch, width))
    repeat[:, :-1] = labels[:, :-1] == labels[:, 1:]
    phi_lp = lp[:, :, blank]  # (T, N)
    emit_lp = np.take_along_axis(lp, np.broadcast_to(labels[None], (steps, batch, width)), axis=2)
    phi = np.full((batch, width + 1), log_epsilon)
    phi[:, 0] = 0.0
    emit = np.full((batch, width), log_epsilon)
    phis, emits = [], []
    for t in range(steps):
        before = phi
        phi = np.concatenate([phi[:, :1], _logaddexp(phi[:, 1:], emit + log_epsilon * repeat)], 1)
        next_emit = _logaddexp(phi[:, :-1] + emit_lp[t], emit + emit_lp[t])
        next_phi = phi + phi_lp[t][:, None]
        added = emit + phi_lp[t][:, None] + log_epsilon * (1.0 - repeat)
        next_phi = np.concatenate([next_phi[:, :1], _logaddexp(next_phi[:, 1:], added)], 1)
        pad = frame_pad[t][:, None]
        emit = np.where(pad, emit, next_emit)
        phi = np.where(pad, before, next_phi)
        phis.append(phi)
        emits.append(emit)
    last = np.concatenate([phis[-1][:, :1], _logaddexp(phis[-1][:, 1:], emits[-1])], 1)
    phis[-1] = last
    loss = -last[np.arange(batch), np.asarray(target_lengths)]
    return np.concatenate([loss, np.stack(phis).reshape(-1), np.stack(emits).reshape(-1)])


REFERENCES = {"ctc_loss": ctc_loss, "ctc_forward_log_probs": ctc_forward_log_probs}
