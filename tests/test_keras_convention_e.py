"""Keras' numbers with ``sample_weight`` under ``convention="keras"`` alone (issue 21):
``keras.losses.Circle`` and ``keras.losses.CTC``, Keras itself (``KERAS_BACKEND=jax``) the
oracle. Keras' CTC takes ``(y_true, y_pred)``: labels padded with 0 (its blank, so the
target length is the count of non-zero labels) and logits ``(N, T, C)`` whose every frame
counts."""

from __future__ import annotations

import os

import numpy as np
import pytest

import portloss


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "jax":
        pytest.skip(f"Keras runs on {keras.backend.backend()} here, the oracle wants jax")
    return keras


RNG = np.random.default_rng(21)


# (tests/test_metric.py::test_circle_matches_keras runs Circle's other reductions)
REDUCTIONS = ("sum_over_batch_size", "none")


def test_circle_keras_convention():
    keras = _keras()
    e = RNG.normal(size=(8, 4)).astype(np.float32)
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    y = np.array([0, 0, 1, 1, 2, 2, 3, 9])  # the last row has no positive: Keras masks it
    sw = np.linspace(0.5, 2.0, 8).astype(np.float32)
    # Keras' default reduction is portloss' "mean" under the keras convention
    mean = portloss.circle_loss(e, y, gamma=16.0, sample_weight=sw, convention="keras")
    want = keras.losses.Circle(gamma=16.0)(y, e, sample_weight=sw)
    np.testing.assert_allclose(mean, np.asarray(want), rtol=2e-5, atol=1e-6)


def test_ctc_keras_convention():
    keras = _keras()
    n, steps, classes = 3, 7, 5
    logits = RNG.normal(size=(n, steps, classes)).astype(np.float32)
    y_true = np.array([[1, 2, 2, 0], [3, 1, 4, 4], [2, 0, 0, 0]])  # 0-padded (blank)
    sw = np.array([0.5, 1.0, 2.5], dtype=np.float32)
    lengths = (np.full(n, steps), np.sum(y_true != 0, axis=-1))
    for reduction in REDUCTIONS:
        want = keras.losses.CTC(reduction=reduction)(y_true, logits, sample_weight=sw)
        got = portloss.ctc_loss(
            logits,
            y_true,
            *lengths,
            batch_first=True,
            from_logits=True,
            sample_weight=sw,
            convention="keras",
            reduction="mean" if reduction == "sum_over_batch_size" else reduction,
        )
        np.testing.assert_allclose(got, np.asarray(want), rtol=2e-5, atol=1e-5)
