"""Keras' Dice and Tversky losses reproduced with ``convention="keras"`` and
``sample_weight``, against Keras itself (JAX backend)."""

from __future__ import annotations

import os

import numpy as np
import pytest

import portloss

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras", reason="Keras is the oracle")
if keras.backend.backend() != "jax":  # pragma: no cover - another test chose first
    pytest.skip("Keras was imported with another backend", allow_module_level=True)

N = 3
RNG = np.random.default_rng(24)
Y_TRUE = (RNG.uniform(size=(N, 4, 5, 2)) < 0.4).astype(np.float32)
Y_PRED = RNG.uniform(size=(N, 4, 5, 2)).astype(np.float32)
W = np.array([0.5, 2.0, 1.25], dtype=np.float32)
#: Keras' smoothing: backend.epsilon() in the denominator only.
KERAS_SMOOTH = {"smooth_numerator": 0.0, "smooth_denominator": 1e-7}


def _per_sample(a):
    """Keras' axis=(1, 2, 3) pools every element of a sample: one channel per row."""
    return a.reshape(N, -1, 1)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum"])
def test_dice_per_sample_with_sample_weight(reduction):
    loss = keras.losses.Dice(axis=(1, 2, 3), reduction=reduction)
    expected = np.asarray(loss(Y_TRUE, Y_PRED, sample_weight=W))
    # Keras' axis=(1, 2, 3) keeps the batch: batch=False; the classes are pooled by the
    # convention (pool_classes=True), as is Keras' smoothing
    got = portloss.dice_loss(
        Y_PRED, Y_TRUE, batch=False, convention="keras", sample_weight=W, reduction=reduction
    )
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    # the same as one channel per sample with the smoothing spelled out
    spelled = portloss.dice_loss(
        _per_sample(Y_PRED),
        _per_sample(Y_TRUE),
        **KERAS_SMOOTH,
        batch=False,
        pool_classes=False,
        convention="keras",
        sample_weight=W,  # (N,) against the (N, 1) losses: Keras aligns it from the left
        reduction=reduction,
    )
    np.testing.assert_allclose(spelled, expected, rtol=1e-6)


def test_dice_whole_batch():
    """axis=None (Keras' default): one Dice over every element of the batch."""
    expected = np.asarray(keras.losses.Dice()(Y_TRUE, Y_PRED))
    got = portloss.dice_loss(Y_PRED, Y_TRUE, convention="keras")
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_tversky_per_sample_with_sample_weight():
    # Keras' code multiplies sum((1 - p) t), the false negatives, by its alpha.
    a, b = 0.3, 0.7
    loss = keras.losses.Tversky(alpha=a, beta=b, axis=(1, 2, 3))
    expected = np.asarray(loss(Y_TRUE, Y_PRED, sample_weight=W))
    # under the convention alpha keeps Keras' meaning
    got = portloss.tversky_loss(
        Y_PRED, Y_TRUE, alpha=a, beta=b, batch=False, convention="keras", sample_weight=W
    )
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_keras_mean_divides_by_the_count_torch_by_the_weights():
    args = (_per_sample(Y_PRED), _per_sample(Y_TRUE))
    none = portloss.dice_loss(*args, **KERAS_SMOOTH, reduction="none")[:, 0]
    keras_mean = portloss.dice_loss(
        *args, **KERAS_SMOOTH, batch=False, convention="keras", sample_weight=W
    )
    torch_mean = portloss.dice_loss(*args, **KERAS_SMOOTH, sample_weight=W[:, None])
    np.testing.assert_allclose(keras_mean, np.sum(W * none) / N, rtol=1e-6)
    np.testing.assert_allclose(torch_mean, np.sum(W * none) / np.sum(W), rtol=1e-6)
    with pytest.raises(ValueError, match=r"sample_weight.*reshape"):
        portloss.dice_loss(*args, sample_weight=W)  # torch: a (N,) weight is refused
