"""Keras' and optax's numbers from the classification losses under their conventions.

Keras (``KERAS_BACKEND=jax``) is the oracle for ``convention="keras"`` alone:
``CategoricalCrossentropy`` and ``SparseCategoricalCrossentropy`` from logits and from
probabilities, with ``sample_weight`` (per sample, left-aligned on a per-token loss),
label smoothing, ``ignore_class`` and Keras masks (a boolean ``sample_weight``), and
``CategoricalGeneralizedCrossEntropy``. optax is the oracle for the tuple ``axis`` and
the ``where`` mask of ``cross_entropy``. Keras computes in float32: 1e-5 relative.
"""

from __future__ import annotations

import importlib
import os
import warnings

import numpy as np
import pytest

import portloss

RTOL = 1e-5


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module("keras")
        except Exception as exc:  # not installed, or no usable Keras backend
            pytest.skip(f"keras unavailable: {exc}")


def _data(shape=(5,), classes=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(*shape, classes))
    p = np.exp(x) / np.exp(x).sum(-1, keepdims=True)
    p[0, ..., 1] = 0.0  # a probability of exactly 0 (Keras clips it)
    y = rng.integers(0, classes, size=shape)
    y.flat[0] = 1  # ... at the target: Keras' clip decides the number
    w = rng.uniform(0.2, 2.0, size=shape[:1])
    return x, p, y, w


def _keras_weight(w, shape):
    """Keras' explicit form of a per-sample weight on a loss of ``shape``."""
    return w.reshape(w.shape + (1,) * (len(shape) - 1)).astype(np.float32)


def _keras_loss(keras, cls, y, pred, w, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = getattr(keras.losses, cls)(**options)(y, pred.astype(np.float32), sample_weight=w)
    return float(np.asarray(out))


@pytest.mark.parametrize("from_logits", [True, False])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("shape", [(5,), (3, 4)], ids=["per-sample", "per-token"])
def test_categorical_crossentropy(from_logits, label_smoothing, shape):
    keras = _keras()
    x, p, y, w = _data(shape)
    pred = x if from_logits else p
    onehot = np.eye(4)[y]
    want = _keras_loss(
        keras,
        "CategoricalCrossentropy",
        onehot.astype(np.float32),
        pred,
        _keras_weight(w, shape),
        from_logits=from_logits,
        label_smoothing=label_smoothing,
    )
    opts = dict(from_logits=from_logits, label_smoothing=label_smoothing, convention="keras")
    # a per-sample (N,) weight on a per-token (N, T) loss aligns from the left, as Keras
    np.testing.assert_allclose(
        portloss.cross_entropy(pred, onehot, sample_weight=w, **opts), want, rtol=RTOL
    )
    np.testing.assert_allclose(
        portloss.cross_entropy(pred, y, sample_weight=w, **opts), want, rtol=RTOL
    )


@pytest.mark.parametrize("from_logits", [True, False])
def test_sparse_categorical_crossentropy_with_ignore_class(from_logits):
    keras = _keras()
    x, p, y, w = _data((3, 4))
    pred = x if from_logits else p
    y[1, 2] = y[2, 0] = 3
    want = _keras_loss(
        keras,
        "SparseCategoricalCrossentropy",
        y,
        pred,
        _keras_weight(w, y.shape),
        from_logits=from_logits,
        ignore_class=3,
    )
    got = portloss.cross_entropy(
        pred, y, from_logits=from_logits, ignore_index=3, sample_weight=w, convention="keras"
    )
    np.testing.assert_allclose(got, want, rtol=RTOL)
    # Keras' mask divides by the entries it keeps: a boolean sample_weight does the same
    mask = y != 3
    none = portloss.cross_entropy(
        pred, y, from_logits=from_logits, reduction="none", convention="keras"
    )
    want_mask = np.sum(np.where(mask, none, 0.0)) / mask.sum()
    got_mask = portloss.cross_entropy(
        pred, y, from_logits=from_logits, sample_weight=mask, convention="keras"
    )
    np.testing.assert_allclose(got_mask, want_mask, rtol=1e-12)


def test_keras_mask_is_a_boolean_sample_weight():
    keras = _keras()
    if keras.backend.backend() != "jax":
        pytest.skip("Keras masks are set on JAX arrays here")
    import jax.numpy as jnp

    x, _, y, _ = _data((6,))
    mask = np.array([True, False, True, True, False, True])
    pred = jnp.asarray(x, dtype=jnp.float32)
    keras.src.backend.set_keras_mask(pred, jnp.asarray(mask))
    want = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, pred))
    got = portloss.cross_entropy(x, y, sample_weight=mask, convention="keras")
    np.testing.assert_allclose(got, want, rtol=RTOL)


def test_probabilities_are_clipped_as_keras():
    """Saturated probabilities: Keras' 1e-7 clip, and the explicit knob on torch's."""
    keras = _keras()
    p = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    y = np.array([1, 1])
    want = _keras_loss(keras, "SparseCategoricalCrossentropy", y, p, None)
    np.testing.assert_allclose(
        portloss.cross_entropy(p, y, from_logits=False, convention="keras"), want, rtol=RTOL
    )
    np.testing.assert_allclose(
        portloss.cross_entropy(p, y, from_logits=False, probability_clip=1e-7), want, rtol=RTOL
    )
    # torch's convention clips nothing: -log 0 is infinite, not a finite wrong number
    with np.errstate(divide="ignore"):
        assert np.isinf(portloss.cross_entropy(p, y, from_logits=False))
    with pytest.raises(ValueError, match="z_loss and softcap act on logits"):
        portloss.cross_entropy(p, y, from_logits=False, z_loss=1e-4)


def test_categorical_generalized_cross_entropy():
    keras = _keras()
    _, p, y, w = _data((5,))
    p = np.clip(p, 1e-3, None)
    want = _keras_loss(
        keras, "CategoricalGeneralizedCrossEntropy", y, p, w.astype(np.float32), q=0.7
    )
    got = portloss.generalized_cross_entropy(p, y, q=0.7, sample_weight=w, convention="keras")
    np.testing.assert_allclose(got, want, rtol=RTOL)


def _optax():
    optax = pytest.importorskip("optax")
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return optax


@pytest.mark.parametrize("form", ["index", "probability"])
def test_optax_tuple_axis_and_where(form):
    optax = _optax()
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 4, 2))  # class axes (1, 3): 3 * 2 = 6 merged classes
    where = rng.uniform(size=x.shape) > 0.3
    where[0, :, 1, :] = False  # an entry with no class kept: optax's 0
    y = rng.integers(0, 6, size=(2, 4))
    if form == "index":
        t = y
        want = optax.losses.softmax_cross_entropy_with_integer_labels(
            x, y, axis=(1, 3), where=where
        )
    else:
        t = rng.dirichlet(np.ones(6), size=(2, 4)).reshape(2, 4, 3, 2).transpose(0, 2, 1, 3)
        want = optax.losses.softmax_cross_entropy(x, t, axis=(1, 3), where=where)
    got = portloss.cross_entropy(x, t, axis=(1, 3), where=where, reduction="none")
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-10, atol=1e-12)
    # the entry with no class kept leaves the mean
    mean = portloss.cross_entropy(x, t, axis=(1, 3), where=where)
    np.testing.assert_allclose(mean, np.sum(got) / 7, rtol=1e-10)


def test_optax_per_entry_where_and_softmax_cross_entropy():
    optax = _optax()
    rng = np.random.default_rng(2)
    x = rng.normal(size=(5, 4))
    y = rng.integers(0, 4, size=5)
    rows = np.array([True, True, False, True, True])
    want = optax.losses.softmax_cross_entropy_with_integer_labels(x, y, where=rows)
    got = portloss.cross_entropy(x, y, where=rows, reduction="none")
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-10, atol=1e-12)
    keep = rng.uniform(size=x.shape) > 0.2
    keep[np.arange(5), y] = True
    np.testing.assert_allclose(
        portloss.cross_entropy(x, y, where=keep, reduction="none"),
        portloss.softmax_cross_entropy(x, y, where=keep, reduction="none"),
        rtol=1e-12,
    )


def test_class_axes_errors():
    x, y = np.zeros((2, 3, 4)), np.zeros((2,), dtype=np.int64)
    with pytest.raises(ValueError, match="distinct axes"):
        portloss.cross_entropy(x, y, axis=(1, -2))
    with pytest.raises(TypeError, match="axis must be an int or a non-empty tuple"):
        portloss.cross_entropy(x, y, axis=())
    with pytest.raises(TypeError, match="where must be a boolean array"):
        portloss.cross_entropy(x, y, axis=(1, 2), where=np.ones((2, 3, 4)))


def test_torch_tensors_take_the_new_options():
    # The torch delegate of cross_entropy must step aside for options it does not know.
    torch = pytest.importorskip("torch")
    p = np.array([[0.2, 0.8, 0.0], [0.5, 0.25, 0.25]])
    y = np.array([1, 0])
    keep = np.array([[True, True, False], [True, True, True]])
    for options in ({"from_logits": False}, {"where": keep}):
        want = portloss.cross_entropy(p, y, **options)
        torch_options = {k: torch.tensor(v) if k == "where" else v for k, v in options.items()}
        got = portloss.cross_entropy(torch.tensor(p), torch.tensor(y), **torch_options)
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
