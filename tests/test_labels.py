"""portloss.labels: one_hot, smooth_labels and class_weights on every backend.

Expected values are independent NumPy expressions written here (np.eye, the smoothing
formulas of golden-values.md section C, the class-weight formulas of their papers),
never portloss itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import portloss
from portloss import class_weights, one_hot, smooth_labels


def np_out(backend, x):
    return backend.to_numpy(x)


def close(got, expected):
    """assert_allclose at the precision of ``got``'s dtype (index inputs get the default
    floating dtype: float32 on torch)."""
    rtol = 1e-5 if got.dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=1e-15)


# --- one_hot --------------------------------------------------------------------------


def test_one_hot_values(backend):
    y = np.asarray([[0, 2, 1], [1, 1, 0]])
    out = one_hot(backend.asarray(y), 3)
    assert backend.xp.isdtype(out.dtype, "real floating")
    np.testing.assert_array_equal(np_out(backend, out), np.eye(3)[y])
    # torch's layout: the class axis at 1.
    out = one_hot(backend.asarray(y), num_classes=3, axis=1)
    np.testing.assert_array_equal(np_out(backend, out), np.moveaxis(np.eye(3)[y], -1, 1))


def test_one_hot_dtype_and_out_of_range(backend):
    y = backend.asarray(np.asarray([0, -100, 3, 2]))
    out = one_hot(y, 3, dtype=backend.xp.int32)
    assert out.dtype == backend.xp.int32
    np.testing.assert_array_equal(
        np_out(backend, out), [[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 1]]
    )


def test_one_hot_errors():
    with pytest.raises(
        TypeError, match=r"target must hold class indices with an integer dtype, got float64"
    ):
        one_hot(np.zeros(3), 3)
    with pytest.raises(ValueError, match=r"num_classes must be a positive int, got 0"):
        one_hot(np.zeros(3, np.int64), 0)
    with pytest.raises(TypeError, match=r"num_classes must be an int, got 2.5"):
        one_hot(np.zeros(3, np.int64), 2.5)
    with pytest.raises(
        ValueError, match=r"axis=2 is out of range for the one-hot output with 2 dimension"
    ):
        one_hot(np.zeros(3, np.int64), 3, axis=2)


# --- smooth_labels --------------------------------------------------------------------


def np_smooth(t, a, variant):
    C = t.shape[-1]
    if variant == "uniform":
        return (1 - a) * t + a / C
    return np.where(t == 1, 1 - a, a / (C - 1)) if variant == "others" else None


@pytest.mark.parametrize("variant", ["uniform", "others"])
def test_smooth_index_targets(backend, variant):
    y = np.asarray([2, 0, 4, 1])
    out = smooth_labels(backend.asarray(y), 0.3, num_classes=5, smoothing_variant=variant)
    expected = np_smooth(np.eye(5)[y], 0.3, variant)
    close(np_out(backend, out), expected)
    close(np_out(backend, out).sum(-1), 1.0)
    # Class axis elsewhere.
    out = smooth_labels(
        backend.asarray(y[None]), 0.3, num_classes=5, smoothing_variant=variant, axis=1
    )
    close(np_out(backend, out), np.moveaxis(expected[None], -1, 1))


@pytest.mark.parametrize("variant", ["uniform", "others"])
def test_smooth_probability_targets(backend, variant):
    t = np.eye(4, dtype=np.float32)[[3, 1, 0]]
    out = smooth_labels(backend.asarray(t), 0.2, smoothing_variant=variant)
    assert np_out(backend, out).dtype == np.float32
    np.testing.assert_allclose(np_out(backend, out), np_smooth(t, 0.2, variant), rtol=1e-6)
    # Soft targets: the same linear maps, t(1 - a) + a/C and t(1 - a) + (1 - t) a/(C - 1).
    rng = np.random.default_rng(0)
    soft = rng.dirichlet(np.ones(4), size=3)
    out = np_out(
        backend, smooth_labels(backend.asarray(soft.T), 0.2, smoothing_variant=variant, axis=0)
    )
    expected = soft * 0.8 + 0.05 if variant == "uniform" else soft * 0.8 + (1 - soft) * 0.2 / 3
    np.testing.assert_allclose(out, expected.T, rtol=1e-12)


def test_smooth_binary(backend):
    t = np.asarray([[1, 0, 0], [1, 1, 1]])
    out = smooth_labels(backend.asarray(t), 0.1, smoothing_variant="binary")
    assert backend.xp.isdtype(out.dtype, "real floating")
    close(np_out(backend, out), t * 0.9 + 0.05)
    tf = backend.asarray(t.astype(np.float32))
    out = smooth_labels(tf, 0.1, smoothing_variant="binary")
    assert out.dtype == tf.dtype
    # smp's smooth_factor s is a = 2 s: t (1 - s) + (1 - t) s.
    out = smooth_labels(tf, 0.2, smoothing_variant="binary")
    np.testing.assert_allclose(np_out(backend, out), t * 0.9 + (1 - t) * 0.1, rtol=1e-6)
    mask = backend.asarray(t.astype(bool))
    close(np_out(backend, smooth_labels(mask, 0.1, smoothing_variant="binary")), t * 0.9 + 0.05)


@pytest.mark.parametrize("variant", ["uniform", "others"])
def test_smooth_labels_agrees_with_cross_entropy(backend, variant):
    """cross_entropy on smoothed probabilities = cross_entropy with label_smoothing."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 4))
    y = np.asarray([0, 3, 1, 1, 2])
    xb, yb = backend.asarray(x), backend.asarray(y)
    soft = smooth_labels(yb, 0.25, num_classes=4, smoothing_variant=variant, dtype=xb.dtype)
    got = portloss.cross_entropy(xb, soft)
    expected = portloss.cross_entropy(xb, yb, label_smoothing=0.25, smoothing_variant=variant)
    np.testing.assert_allclose(np_out(backend, got), np_out(backend, expected), rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    a=st.floats(0.0, 1.0),
    c=st.integers(2, 7),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_others_is_uniform_rescaled(a, c, seed):
    """'others' at a is 'uniform' at a' = a C / (C - 1) (a' may exceed 1)."""
    y = np.random.default_rng(seed).integers(0, c, size=6)
    others = smooth_labels(y, a, num_classes=c, smoothing_variant="others")
    np.testing.assert_allclose(
        others, (1 - a * c / (c - 1)) * np.eye(c)[y] + a / (c - 1), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(others.sum(-1), 1.0, rtol=1e-12)


@pytest.mark.parametrize(
    ("args", "kw", "error", "message"),
    [
        (
            (np.zeros(3, np.int64), 0.1),
            {},
            ValueError,
            r"num_classes is needed .* got num_classes=None",
        ),
        (
            (np.zeros((2, 3)), 0.1),
            {"num_classes": 4},
            ValueError,
            r"num_classes must match target's class axis 1 of length 3, got num_classes=4",
        ),
        (
            (np.zeros(3), 0.1),
            {"smoothing_variant": "binary", "num_classes": 2},
            ValueError,
            r"smoothing_variant='binary' smooths each element and takes num_classes=None, got num_classes=2",
        ),
        (
            (np.zeros(3), 0.1),
            {"smoothing_variant": "binary", "axis": 0},
            ValueError,
            r"takes axis=None, got axis=0",
        ),
        (
            (np.zeros(3, np.int64), 0.1),
            {"num_classes": 1, "smoothing_variant": "others"},
            ValueError,
            r"smoothing_variant='others' .* at least 2 classes, got 1",
        ),
        (
            (np.zeros(3, bool), 0.1),
            {"num_classes": 2},
            TypeError,
            r"got bool; for binary labels pass smoothing_variant='binary'",
        ),
        (
            (np.zeros(3, np.int64), 1.5),
            {"num_classes": 2},
            ValueError,
            r"label_smoothing must be in \[0, 1\], got 1.5",
        ),
        (
            (np.zeros(3, np.int64), 0.1),
            {"smoothing_variant": "soft"},
            ValueError,
            r"smoothing_variant must be 'uniform' \| 'others' \| 'binary', got 'soft'",
        ),
    ],
)
def test_smooth_labels_errors(args, kw, error, message):
    with pytest.raises(error, match=message):
        smooth_labels(*args, **kw)


# --- class_weights --------------------------------------------------------------------

COUNTS = np.asarray([500, 120, 30, 7, 1, 0])


def np_class_weights(n, method, *, beta=0.999, c=1.02):
    """The formulas of the papers, in float64; an absent class weighs 0."""
    n = np.asarray(n, np.float64)
    present = n > 0
    safe = np.where(present, n, 1.0)
    w = {
        "inverse": lambda: 1.0 / safe,
        "inverse_sqrt": lambda: 1.0 / np.sqrt(safe),
        "balanced": lambda: n.sum() / (n.size * safe),
        "enet": lambda: 1.0 / np.log(c + safe / n.sum()),
        "effective_number": lambda: (1.0 - beta) / (1.0 - beta**safe),
    }[method]()
    return np.where(present, w, 0.0)


METHOD_CASES = [
    ("inverse", {}),
    ("inverse_sqrt", {}),
    ("balanced", {}),
    ("enet", {}),
    ("enet", {"c": 1.5}),
    ("effective_number", {}),
    ("effective_number", {"beta": 0.9}),
    ("effective_number", {"beta": 0.9999}),
    ("effective_number", {"beta": 0.0}),
]


@pytest.mark.parametrize(("method", "params"), METHOD_CASES)
@pytest.mark.parametrize("dtype", ["int64", "float32", "float64"])
def test_class_weights_formulas(backend, method, params, dtype):
    if dtype.startswith("float") and dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    counts = backend.asarray(COUNTS.astype(dtype))
    out = class_weights(counts, method=method, **params)
    expected = np_class_weights(COUNTS, method, **params)
    got = np_out(backend, out)
    if dtype.startswith("float"):
        assert got.dtype == np.dtype(dtype)
    close(got, expected)
    assert got[-1] == 0.0  # the absent class


@pytest.mark.parametrize("method", ["inverse", "enet", "effective_number"])
def test_class_weights_normalize(backend, method):
    counts = backend.asarray(COUNTS)
    raw = np_class_weights(COUNTS, method)
    for normalize, expected in (
        (True, raw * raw.size / raw.sum()),
        ("mean", raw * raw.size / raw.sum()),
        ("sum", raw / raw.sum()),
        (False, raw),
    ):
        got = np_out(backend, class_weights(counts, method=method, normalize=normalize))
        close(got, expected)
    got = np_out(backend, class_weights(counts, method=method, normalize=True))
    close(got.mean(), 1.0)
    zeros = backend.asarray(np.zeros(3, np.int64))
    np.testing.assert_array_equal(np_out(backend, class_weights(zeros, normalize=True)), 0.0)


def test_class_weights_feed_cross_entropy(backend):
    """The output is a valid ``weight``: same namespace, device and dtype as the logits."""
    y = np.asarray([0, 0, 0, 1, 2, 2])
    x = np.random.default_rng(2).standard_normal((6, 3)).astype(np.float32)
    yb = backend.asarray(y)
    w = class_weights(backend.xp.sum(one_hot(yb, 3, dtype=backend.xp.float32), axis=0))
    got = portloss.cross_entropy(backend.asarray(x), yb, weight=w)
    expected = portloss.cross_entropy(x, y, weight=np.asarray([1 / 3, 1.0, 1 / 2], np.float32))
    np.testing.assert_allclose(np_out(backend, got), expected, rtol=1e-5)


def test_class_weights_negative_counts_are_nan(backend):
    """No host sync off NumPy: a negative count gives NaN, never a finite wrong weight."""
    if backend.name == "numpy":
        pytest.skip("NumPy counts are checked on the host and raise")
    out = np_out(backend, class_weights(backend.asarray(np.asarray([3.0, -1.0, 2.0]))))
    assert np.isnan(out[1])
    np.testing.assert_allclose(out[[0, 2]], [1 / 3, 1 / 2])


def test_labels_jit_and_lazy(backend):
    y = backend.asarray(np.asarray([0, 2, 1, 2]))
    counts = backend.asarray(COUNTS.astype(np.float64))

    def fn(y_, counts_):
        w = class_weights(counts_, method="effective_number", normalize=True)
        soft = smooth_labels(y_, 0.1, num_classes=6, smoothing_variant="others", dtype=w.dtype)
        return backend.xp.sum(soft * w) + backend.xp.sum(one_hot(y_, 6, dtype=w.dtype) * w)

    expected = np_out(backend, fn(y, counts))
    if backend.jit:
        np.testing.assert_allclose(np_out(backend, backend.jit_call(fn, [y, counts])), expected)
    elif backend.count_computes is not None:
        _, computes = backend.count_computes(lambda: fn(y, counts))
        assert computes == 0
    else:
        pytest.skip(f"{backend.name} is neither jit-able nor lazy")


@pytest.mark.parametrize(
    ("args", "kw", "error", "message"),
    [
        (
            (COUNTS,),
            {"method": "focal"},
            ValueError,
            r"method must be 'inverse' \| 'inverse_sqrt' \| 'balanced' \| 'enet' \| 'effective_number', got 'focal'",
        ),
        (
            (COUNTS,),
            {"normalize": "max"},
            ValueError,
            r"normalize must be False, True, 'mean' or 'sum', got 'max'",
        ),
        (
            (COUNTS,),
            {"beta": 0.9},
            ValueError,
            r"beta applies to method='effective_number' only, got beta=0.9 with method='inverse'",
        ),
        (
            (COUNTS,),
            {"method": "effective_number", "c": 1.1},
            ValueError,
            r"c applies to method='enet' only, got c=1.1 with method='effective_number'",
        ),
        (
            (COUNTS,),
            {"method": "effective_number", "beta": 1.0},
            ValueError,
            r"beta must be in \[0, 1\), got 1.0",
        ),
        (
            (COUNTS,),
            {"method": "enet", "c": 1.0},
            ValueError,
            r"c must be greater than 1 .* got 1.0",
        ),
        (
            (COUNTS,),
            {"method": "enet", "c": "1.02"},
            TypeError,
            r"c must be a real number, got str",
        ),
        (
            (COUNTS.reshape(2, 3),),
            {},
            ValueError,
            r"counts must be 1-D, one count per class, got shape \(2, 3\)",
        ),
        (
            (COUNTS > 0,),
            {},
            TypeError,
            r"counts must have an integer or real floating dtype, got bool",
        ),
        (
            (np.asarray([3, -2, 1]),),
            {},
            ValueError,
            r"counts must be finite and non-negative, got -2 at class 1",
        ),
        ((np.asarray([3.0, np.inf]),), {}, ValueError, r"got inf at class 1"),
    ],
)
def test_class_weights_errors(args, kw, error, message):
    with pytest.raises(error, match=message):
        class_weights(*args, **kw)


def test_public_api():
    for name in ("one_hot", "smooth_labels", "class_weights"):
        assert name in portloss.__all__
        assert getattr(portloss, name) is getattr(portloss.labels, name)
    assert portloss.__all__ == sorted(portloss.__all__)
