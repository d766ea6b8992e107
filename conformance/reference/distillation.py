"""The distillation losses written out: GKD's generalized JSD (Liger's ends) and Hinton's KD."""

from __future__ import annotations

import numpy as np

from ._common import log_softmax, reduce


def _kl(log_a, log_b):
    """sum_v a (log a - log b) over the last axis (no masked classes in the cases)."""
    return np.sum(np.exp(log_a) * (log_a - log_b), axis=-1)


def _jsd(student, teacher, beta, temperature):
    log_q = log_softmax(student / temperature, -1)
    log_p = log_softmax(teacher / temperature, -1)
    if beta == 0.0:
        return _kl(log_p, log_q)
    if beta == 1.0:
        return _kl(log_q, log_p)
    m = beta * np.exp(log_p) + (1.0 - beta) * np.exp(log_q)
    return beta * _kl(log_p, np.log(m)) + (1.0 - beta) * _kl(log_q, np.log(m))


def _reduce(loss, labels, ignore_index, sample_weight, reduction, empty_mean):
    valid = None if labels is None else labels != ignore_index
    sw = None if sample_weight is None else np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, valid=valid, sample_weight=sw, empty_mean=empty_mean)


def generalized_jsd_loss(
    input,
    target,
    labels=None,
    *,
    beta=0.5,
    temperature=1.0,
    ignore_index=-100,
    sample_weight=None,
    reduction="mean",
    empty_mean="nan",
):
    loss = _jsd(input, target, beta, temperature)
    return _reduce(loss, labels, ignore_index, sample_weight, reduction, empty_mean)


def hinton_distillation_loss(
    input,
    target,
    labels=None,
    *,
    temperature=1.0,
    ignore_index=-100,
    sample_weight=None,
    reduction="mean",
    empty_mean="nan",
):
    loss = temperature**2 * _jsd(input, target, 0.0, temperature)
    return _reduce(loss, labels, ignore_index, sample_weight, reduction, empty_mean)


REFERENCES = {
    "generalized_jsd_loss": generalized_jsd_loss,
    "hinton_distillation_loss": hinton_distillation_loss,
}
