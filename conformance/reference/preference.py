"""The preference losses written out from the papers' formulas with TRL's options."""

from __future__ import annotations

import numpy as np

from ._common import log_softmax, reduce


def _log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def _reduce(loss, sample_weight, reduction):
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sw)


def dpo_loss(
    pc,
    pr,
    rc,
    rr,
    *,
    beta=0.1,
    label_smoothing=0.0,
    loss_type="sigmoid",
    sample_weight=None,
    reduction="mean",
):
    z = (pc - pr) - (rc - rr)  # Rafailov et al. Eq. (7): pi log-ratio minus ref's
    eps = label_smoothing
    if loss_type == "sigmoid":
        loss = -(1 - eps) * _log_sigmoid(beta * z) - eps * _log_sigmoid(-beta * z)
    elif loss_type == "robust":
        loss = (-(1 - eps) * _log_sigmoid(beta * z) + eps * _log_sigmoid(-beta * z)) / (1 - 2 * eps)
    elif loss_type == "hinge":
        loss = np.maximum(0.0, 1 - beta * z)
    else:
        loss = (z - 1 / (2 * beta)) ** 2
    return _reduce(loss, sample_weight, reduction)


def simpo_loss(
    pc, pr, *, beta=0.1, gamma=0.5, label_smoothing=0.0, sample_weight=None, reduction="mean"
):
    u = beta * (pc - pr) - gamma  # Meng et al. Eq. (6)
    eps = label_smoothing
    loss = -(1 - eps) * _log_sigmoid(u) - eps * _log_sigmoid(-u)
    return _reduce(loss, sample_weight, reduction)


def orpo_loss(pc, pr, chosen_nll=None, *, beta=0.1, sample_weight=None, reduction="mean"):
    # Hong et al. Eqs. (4)-(7): odds = P / (1 - P)
    odds_c = np.exp(pc) / (1 - np.exp(pc))
    odds_r = np.exp(pr) / (1 - np.exp(pr))
    loss = -beta * _log_sigmoid(np.log(odds_c / odds_r))
    if chosen_nll is not None:
        loss = loss + chosen_nll
    return _reduce(loss, sample_weight, reduction)


def preference_rewards(pc, pr, rc=None, rr=None, *, beta=0.1):
    if rc is None:
        return beta * np.stack([pc, pr])
    return beta * np.stack([pc - rc, pr - rr])


def sequence_log_probs(logits, labels, *, ignore_index=-100, shift=True, average=False):
    if shift:
        logits, labels = logits[..., :-1, :], labels[..., 1:]
    valid = labels != ignore_index
    lp = log_softmax(logits, -1)
    picked = np.take_along_axis(lp, np.where(valid, labels, 0)[..., None], axis=-1)[..., 0]
    total = np.sum(np.where(valid, picked, 0.0), axis=-1)
    return total / np.sum(valid, axis=-1) if average else total


REFERENCES = {
    "dpo_loss": dpo_loss,
    "orpo_loss": orpo_loss,
    "preference_rewards": preference_rewards,
    "sequence_log_probs": sequence_log_probs,
    "simpo_loss": simpo_loss,
}
