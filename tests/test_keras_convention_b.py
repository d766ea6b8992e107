"""Keras' own numbers from ``convention="keras"`` alone: binary, focal and hinge losses.

Each Keras loss object (on its JAX backend, float32) is called with a per-sample
``sample_weight`` of shape ``(N,)`` and its default ``"sum_over_batch_size"`` (and
``None``, Keras' unreduced per-sample loss); portloss gets the same arguments plus
``convention="keras"``. Probabilities of exactly 0 and 1 are included where Keras
clips them.
"""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import keras_oracle

import portloss

RNG = np.random.default_rng(2107)
N, C = 5, 4
S = RNG.uniform(0.2, 2.0, N).astype(np.float32)
Y01 = RNG.integers(0, 2, (N, C)).astype(np.float32)
LOGITS = RNG.normal(0.0, 2.0, (N, C)).astype(np.float32)
P = (1.0 / (1.0 + np.exp(-LOGITS))).astype(np.float32)
P_SATURATED = P.copy()
P_SATURATED[0, :3] = [0.0, 1.0, 1e-9]  # Keras clips these to [1e-7, 1 - 1e-7]
ONEHOT = np.eye(C, dtype=np.float32)[RNG.integers(0, C, N)]


def _check(keras_loss, portloss_fn, y, x, **options):
    """Keras' reduced and unreduced numbers against portloss under its convention."""
    keras = keras_oracle()
    for keras_reduction, reduction in (("sum_over_batch_size", "mean"), (None, "none")):
        loss = keras_loss(keras, keras_reduction)
        want = np.asarray(loss(y, x, sample_weight=S))
        got = portloss_fn(x, y, sample_weight=S, reduction=reduction, convention="keras", **options)
        assert np.all(np.isfinite(got))
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6, err_msg=str(reduction))


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_binary_crossentropy_saturated_probabilities(smoothing):
    def keras_loss(keras, reduction):
        return keras.losses.BinaryCrossentropy(label_smoothing=smoothing, reduction=reduction)

    fn = portloss.binary_cross_entropy
    _check(keras_loss, fn, Y01, P_SATURATED, label_smoothing=smoothing)


def test_binary_crossentropy_from_logits():
    def keras_loss(keras, reduction):
        return keras.losses.BinaryCrossentropy(from_logits=True, reduction=reduction)

    _check(keras_loss, portloss.binary_cross_entropy, Y01, LOGITS, from_logits=True)
    _check(keras_loss, portloss.binary_cross_entropy_with_logits, Y01, LOGITS)


def test_saturated_bce_differs_between_conventions():
    """The issue's example: Keras clips at 1e-7 (log 1e-7 = -16.1), torch at -100."""
    p = np.array([[0.0, 1.0]])
    y = np.array([[1.0, 0.0]])
    np.testing.assert_allclose(portloss.binary_cross_entropy(p, y), 100.0)
    np.testing.assert_allclose(
        portloss.binary_cross_entropy(p, y, convention="keras"), -np.log(1e-7), rtol=1e-6
    )


@pytest.mark.parametrize(
    ("from_logits", "balancing", "smoothing"),
    [(False, False, 0.0), (False, True, 0.1), (True, True, 0.0), (True, False, 0.1)],
)
def test_binary_focal_crossentropy(from_logits, balancing, smoothing):
    def keras_loss(keras, reduction):
        return keras.losses.BinaryFocalCrossentropy(
            apply_class_balancing=balancing,
            alpha=0.3,
            gamma=1.5,
            from_logits=from_logits,
            label_smoothing=smoothing,
            reduction=reduction,
        )

    x = LOGITS if from_logits else P_SATURATED
    alpha = 0.3 if balancing else None  # Keras' apply_class_balancing=False
    opts = dict(alpha=alpha, gamma=1.5, from_logits=from_logits, label_smoothing=smoothing)
    _check(keras_loss, portloss.sigmoid_focal_loss, Y01, x, **opts)


@pytest.mark.parametrize("name", ["Hinge", "SquaredHinge"])
def test_hinge_and_squared_hinge(name):
    def keras_loss(keras, reduction):
        return getattr(keras.losses, name)(reduction=reduction)

    fn = {"Hinge": portloss.hinge_loss, "SquaredHinge": portloss.squared_hinge_loss}[name]
    _check(keras_loss, fn, Y01, LOGITS)


def test_categorical_hinge():
    def keras_loss(keras, reduction):
        return keras.losses.CategoricalHinge(reduction=reduction)

    _check(keras_loss, portloss.categorical_hinge_loss, ONEHOT, LOGITS)


@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_focal_crossentropy(from_logits):
    def keras_loss(keras, reduction):
        return keras.losses.CategoricalFocalCrossentropy(
            from_logits=from_logits, reduction=reduction
        )

    x = LOGITS if from_logits else P_SATURATED  # rows not summing to 1: Keras rescales
    opts = dict(alpha=0.25, gamma=2.0, from_logits=from_logits)
    _check(keras_loss, portloss.softmax_focal_loss, ONEHOT, x, **opts)
