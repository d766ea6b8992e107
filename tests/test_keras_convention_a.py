"""``convention="keras"`` alone reproduces Keras' KLDivergence and CosineSimilarity.

Keras itself is the oracle (JAX backend, float32), with ``sample_weight`` of the
per-sample loss' rank and of lower rank (Keras aligns it from the left), and each of
Keras' reductions. The losses of ``robust``, ``image`` and ``boxes`` have no Keras
counterpart; the convention changes only their reduction rules (``tests/test_one_api.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss
from tests._helpers import keras_oracle

REDUCTIONS = ("sum_over_batch_size", "sum", "none", "mean_with_sample_weight")
RTOL, ATOL = 2e-5, 1e-6


def _probabilities(rng, shape, zeros=False):
    p = rng.uniform(0.05, 1.0, shape)
    if zeros:
        p = p * (rng.uniform(size=shape) > 0.3)
        p[..., 0] += 0.05  # no all-zero row
    return (p / p.sum(axis=-1, keepdims=True)).astype(np.float32)


def _weights(rng, shape):
    return rng.uniform(0.1, 2.0, shape).astype(np.float32)


def _keras(keras, loss_class, reduction, y_true, y_pred, sample_weight):
    loss = loss_class(reduction=reduction)
    return np.asarray(loss(y_true, y_pred, sample_weight=sample_weight))


# (input shape, sample_weight shape): the per-sample loss is input.shape[:-1]. A (3,)
# weight on a (3, 4) per-sample loss is aligned from the left by portloss' Keras
# convention; Keras' Loss.__call__ itself broadcasts only its (3, 1) form, which is
# what it is given.
SHAPES = [((6, 5), (6,)), ((3, 4, 5), (3,))]


def _reductions(sw, loss_ndim):
    """Keras' reductions; for a broadcast weight, Keras' "mean_with_sample_weight"
    divides by the sum of the weight as given (3 entries), not as broadcast to the
    loss (12 entries, portloss' reduce_loss): left to the core (reported)."""
    if sw.ndim < loss_ndim:
        return tuple(r for r in REDUCTIONS if r != "mean_with_sample_weight")
    return REDUCTIONS


def _keras_weight(sw, loss_ndim):
    return sw.reshape(sw.shape + (1,) * (loss_ndim - sw.ndim))


@pytest.mark.parametrize(("shape", "weight_shape"), SHAPES)
def test_kl_div_is_keras_kl_divergence(shape, weight_shape):
    keras = keras_oracle()
    rng = np.random.default_rng(0)
    p = _probabilities(rng, shape, zeros=True)  # zeros: Keras clips them to 1e-7
    q = _probabilities(rng, shape, zeros=True)
    sw = _weights(rng, weight_shape)
    with np.errstate(divide="ignore"):
        log_q = np.log(q)  # -inf where q = 0: clipped to log(1e-7), as Keras clips q
    ksw = _keras_weight(sw, len(shape) - 1)
    for reduction in _reductions(sw, len(shape) - 1):
        expected = _keras(keras, keras.losses.KLDivergence, reduction, p, q, ksw)
        got = portloss.kl_div(log_q, p, convention="keras", reduction=reduction, sample_weight=sw)
        assert got.shape == expected.shape, reduction
        np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL, err_msg=reduction)
    # Keras' default reduction is portloss' "mean" under the Keras convention
    default = _keras(keras, keras.losses.KLDivergence, "sum_over_batch_size", p, q, ksw)
    got = portloss.kl_div(log_q, p, convention="keras", sample_weight=sw)
    np.testing.assert_allclose(got, default, rtol=RTOL, atol=ATOL)


def test_kl_div_keras_log_target_and_clip_option():
    """``log_target`` takes ``log p`` (clipped the same way); ``clip=0`` turns clipping off."""
    keras = keras_oracle()
    rng = np.random.default_rng(1)
    p, q = _probabilities(rng, (6, 5)), _probabilities(rng, (6, 5))
    expected = float(keras.losses.KLDivergence()(p, q))
    got = portloss.kl_div(np.log(q), np.log(p), log_target=True, convention="keras")
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)
    # Without clipping (no entry below 1e-7 here) the number is the same
    unclipped = portloss.kl_div(np.log(q), p, convention="keras", probability_clip=0.0)
    np.testing.assert_allclose(unclipped, expected, rtol=RTOL, atol=ATOL)
    # and the torch convention's "batchmean" is the same number for 2-D input
    batchmean = portloss.kl_div(np.log(q), p, reduction="batchmean")
    np.testing.assert_allclose(batchmean, expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize(("shape", "weight_shape"), SHAPES)
def test_cosine_similarity_loss_is_keras_cosine_similarity(shape, weight_shape):
    keras = keras_oracle()
    rng = np.random.default_rng(2)
    x = rng.normal(size=shape).astype(np.float32)
    y = rng.normal(size=shape).astype(np.float32)
    sw = _weights(rng, weight_shape)
    ksw = _keras_weight(sw, len(shape) - 1)
    for reduction in _reductions(sw, len(shape) - 1):
        expected = _keras(keras, keras.losses.CosineSimilarity, reduction, y, x, ksw)
        got = portloss.cosine_similarity_loss(
            x, y, convention="keras", reduction=reduction, sample_weight=sw
        )
        assert got.shape == expected.shape, reduction
        np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL, err_msg=reduction)


def test_torch_convention_refuses_a_lower_rank_weight_with_the_fix():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 4, 5)).astype(np.float32)
    with pytest.raises(ValueError, match=r"reshape it to \(3, 1\).*convention='keras'"):
        portloss.cosine_similarity_loss(x, x, sample_weight=np.ones(3, np.float32))


def test_kl_div_refuses_a_bad_clip_and_convention():
    p = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"probability_clip must be .*0\.7"):
        portloss.kl_div(np.log(p), p, probability_clip=0.7)
    with pytest.raises(ValueError, match=r"convention must be .*'tf'"):
        portloss.kl_div(np.log(p), p, convention="tf")
