"""Regression losses written out: elementwise formula times weight, then the reduction.

``weight`` enters the ``mean`` denominator (torch's weighted mean for l1/mse, and the
rule for every weight torch lacks) except for huber, whose torch ``weight`` does not.
"""

from __future__ import annotations

import math

import numpy as np

from ._common import reduce
from .binary import conv_reduce


def _finish(loss, weight, sample_weight, reduction, *, weight_in_mean):
    if weight is not None:
        loss = loss * weight
    mean_weight = weight if (weight is not None and weight_in_mean) else None
    if sample_weight is not None:
        sample_weight = np.broadcast_to(sample_weight, loss.shape)
    return reduce(loss, reduction, sample_weight=sample_weight, mean_weight=mean_weight)


def l1_loss(input, target, *, weight=None, sample_weight=None, reduction="mean"):
    return _finish(np.abs(input - target), weight, sample_weight, reduction, weight_in_mean=True)


def mse_loss(input, target, *, weight=None, sample_weight=None, reduction="mean"):
    d = input - target
    return _finish(d * d, weight, sample_weight, reduction, weight_in_mean=True)


def huber_loss(input, target, *, weight=None, sample_weight=None, reduction="mean", delta=1.0):
    z = np.abs(input - target)
    loss = np.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
    return _finish(loss, weight, sample_weight, reduction, weight_in_mean=False)


def smooth_l1_loss(input, target, *, weight=None, sample_weight=None, reduction="mean", beta=1.0):
    z = np.abs(input - target)
    loss = z if beta == 0 else np.where(z < beta, z * z / (2 * beta), z - 0.5 * beta)
    return _finish(loss, weight, sample_weight, reduction, weight_in_mean=True)


def log_cosh_loss(input, target, *, weight=None, sample_weight=None, reduction="mean"):
    loss = np.log(np.cosh(input - target))
    return _finish(loss, weight, sample_weight, reduction, weight_in_mean=True)


def gaussian_nll_loss(
    input, target, var, *, full=False, eps=1e-6, weight=None, sample_weight=None, reduction="mean"
):
    var = np.asarray(var, dtype=np.float64)
    if var.ndim == input.ndim - 1 and var.shape == input.shape[:-1]:
        var = var[..., None]  # torch: (N, *) without its last dimension
    v = np.broadcast_to(np.maximum(var, eps), input.shape)
    loss = 0.5 * (np.log(v) + (input - target) ** 2 / v)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _finish(loss, weight, sample_weight, reduction, weight_in_mean=True)


def poisson_nll_loss(
    input,
    target,
    *,
    log_input=True,
    full=False,
    eps=None,
    weight=None,
    sample_weight=None,
    reduction="mean",
    convention="torch",
):
    keras = convention == "keras"
    eps = (1e-7 if keras else 1e-8) if eps is None else eps  # Keras' backend.epsilon()
    loss = np.exp(input) - target * input if log_input else input - target * np.log(input + eps)
    if full:
        y = np.where(target > 1, target, 2.0)
        stirling = y * np.log(y) - y + 0.5 * np.log(2 * math.pi * y)
        loss = loss + np.where(target > 1, stirling, 0.0)
    if keras:
        assert weight is None, "the reference has Keras' Poisson, which has no weight"
        return conv_reduce(
            loss, reduction, convention=convention, elementwise=True, sample_weight=sample_weight
        )
    return _finish(loss, weight, sample_weight, reduction, weight_in_mean=True)


def mean_absolute_percentage_error(
    input, target, *, weight=None, sample_weight=None, reduction="mean", eps=1e-7
):
    loss = 100.0 * np.abs(target - input) / np.maximum(np.abs(target), eps)
    return _finish(loss, weight, sample_weight, reduction, weight_in_mean=True)


def mean_squared_logarithmic_error(
    input, target, *, weight=None, sample_weight=None, reduction="mean", eps=1e-7
):
    d = np.log1p(np.maximum(input, eps)) - np.log1p(np.maximum(target, eps))
    return _finish(d * d, weight, sample_weight, reduction, weight_in_mean=True)


REFERENCES = {
    f.__name__: f
    for f in (
        l1_loss,
        mse_loss,
        huber_loss,
        smooth_l1_loss,
        log_cosh_loss,
        gaussian_nll_loss,
        poisson_nll_loss,
        mean_absolute_percentage_error,
        mean_squared_logarithmic_error,
    )
}
