"""Cross-backend fuzzing: random shapes, dtypes and options, each backend against NumPy
float64.

The budget is ``PORTLOSS_FUZZ_EXAMPLES`` hypothesis examples per loss (default 15, so CI
runs a short version); e.g. ``PORTLOSS_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import portloss
from tests.conftest import get_backend

EXAMPLES = int(os.environ.get("PORTLOSS_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 50,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BACKENDS = ["torch", "jax", "array_api_strict"]
TOL = {"float32": (2e-5, 2e-6), "float64": (1e-10, 1e-12)}


# The backend is a pytest parameter, not a hypothesis draw: a missing backend then skips
# its own tests with the reason, and never hides the other backends' results.
@pytest.fixture(scope="module", params=BACKENDS)
def fuzz_backend(request):
    return get_backend(request.param)


def _dtype(backend, data):
    return data.draw(st.sampled_from([d for d in ("float32", "float64") if d in backend.dtypes]))


def _compare(backend, dtype, fn, args, arrays, options):
    ref = np.asarray(fn(*args, **arrays, **options), dtype=np.float64)

    def conv(a):
        if a.dtype.kind == "f":
            a = a.astype(dtype)
        return backend.asarray(a)

    out = fn(*[conv(a) for a in args], **{k: conv(v) for k, v in arrays.items()}, **options)
    assert str(out.dtype).endswith(dtype), (backend.name, out.dtype, dtype)
    got = np.asarray(backend.to_numpy(out), dtype=np.float64)
    assert got.shape == ref.shape
    rtol, atol = TOL[dtype]
    scale = max(1.0, float(np.max(np.abs(ref[np.isfinite(ref)]), initial=0.0)))
    np.testing.assert_allclose(got, ref, rtol=rtol, atol=atol * scale, equal_nan=True)


def _rng(data):
    return np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))


shapes = st.lists(st.integers(0, 4), min_size=0, max_size=3)


@FUZZ
@given(data=st.data())
def test_fuzz_cross_entropy(fuzz_backend, data):
    backend, dtype = fuzz_backend, _dtype(fuzz_backend, data)
    rng = _rng(data)
    c = data.draw(st.integers(1, 5), label="classes")
    batch = data.draw(shapes, label="batch")
    axis = data.draw(st.sampled_from([-1, 1] if batch else [-1]), label="axis")
    shape = (*batch, c) if axis == -1 else (batch[0], c, *batch[1:])
    scale = data.draw(st.sampled_from([1.0, 10.0, 100.0]))
    x = scale * rng.standard_normal(shape)
    options = {
        "axis": axis,
        "reduction": data.draw(st.sampled_from(["none", "mean", "sum"])),
        "label_smoothing": data.draw(st.sampled_from([0.0, 0.1, 0.5])),
    }
    arrays = {}
    if data.draw(st.booleans(), label="weight"):
        arrays["weight"] = rng.uniform(0.1, 2.0, (c,))
    if data.draw(st.booleans(), label="probability targets"):
        p = rng.dirichlet(np.ones(c), tuple(batch)) if batch else rng.dirichlet(np.ones(c))
        target = np.moveaxis(p, -1, 1) if axis == 1 else p
    else:
        target = rng.integers(0, c, tuple(batch))
        if target.size and data.draw(st.booleans(), label="ignore"):
            target[rng.uniform(size=target.shape) < 0.3] = -100
    if data.draw(st.booleans(), label="sample_weight"):
        arrays["sample_weight"] = rng.uniform(0.0, 2.0, tuple(batch))
    _compare(backend, dtype, portloss.cross_entropy, [x, target], arrays, options)


@FUZZ
@given(data=st.data())
def test_fuzz_binary_cross_entropy_with_logits(fuzz_backend, data):
    backend, dtype = fuzz_backend, _dtype(fuzz_backend, data)
    rng = _rng(data)
    shape = tuple(data.draw(shapes, label="shape"))
    scale = data.draw(st.sampled_from([1.0, 30.0, 1e3]))
    x = scale * rng.standard_normal(shape)
    y = rng.uniform(size=shape) if data.draw(st.booleans()) else rng.integers(0, 2, shape) * 1.0
    arrays = {}
    last = shape[-1:] if shape else ()
    if data.draw(st.booleans(), label="weight"):
        arrays["weight"] = rng.uniform(0.1, 2.0, last)
    if data.draw(st.booleans(), label="pos_weight"):
        arrays["pos_weight"] = rng.uniform(0.1, 4.0, last)
    if data.draw(st.booleans(), label="sample_weight"):
        arrays["sample_weight"] = rng.uniform(0.0, 2.0, shape)
    options = {
        "reduction": data.draw(st.sampled_from(["none", "mean", "sum"])),
        "label_smoothing": data.draw(st.sampled_from([0.0, 0.2])),
    }
    _compare(backend, dtype, portloss.binary_cross_entropy_with_logits, [x, y], arrays, options)


@FUZZ
@given(data=st.data())
def test_fuzz_mse_loss(fuzz_backend, data):
    backend, dtype = fuzz_backend, _dtype(fuzz_backend, data)
    rng = _rng(data)
    shape = tuple(data.draw(shapes, label="shape"))
    scale = data.draw(st.sampled_from([1e-3, 1.0, 1e3]))
    x, y = scale * rng.standard_normal(shape), scale * rng.standard_normal(shape)
    arrays = {}
    if data.draw(st.booleans(), label="weight"):
        arrays["weight"] = rng.uniform(0.1, 2.0, shape)
    if data.draw(st.booleans(), label="mask"):
        arrays["sample_weight"] = rng.uniform(size=shape) < 0.5
    options = {"reduction": data.draw(st.sampled_from(["none", "mean", "sum"]))}
    _compare(backend, dtype, portloss.mse_loss, [x, y], arrays, options)


@FUZZ
@given(data=st.data())
def test_fuzz_dice_loss(fuzz_backend, data):
    backend, dtype = fuzz_backend, _dtype(fuzz_backend, data)
    rng = _rng(data)
    n = data.draw(st.integers(1, 3), label="batch")
    c = data.draw(st.integers(2, 4), label="classes")
    pixels = tuple(data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=2)))
    x = 3.0 * rng.standard_normal((n, *pixels, c))
    options = {
        "activation": data.draw(st.sampled_from([None, "softmax", "sigmoid"])),
        "reduction": data.draw(st.sampled_from(["none", "mean", "sum"])),
        "squared": data.draw(st.booleans()),
        "batch": data.draw(st.booleans()),
        "include_background": data.draw(st.booleans()),
        "smooth": data.draw(st.sampled_from([0.0, 1e-5, 1.0])),
    }
    if options["activation"] is None:
        x = 1.0 / (1.0 + np.exp(-x))
    else:
        options["from_logits"] = True
    target = rng.integers(0, c, (n, *pixels))
    if options["activation"] == "softmax" and data.draw(st.booleans(), label="ignore"):
        target[rng.uniform(size=target.shape) < 0.3] = -100
    elif data.draw(st.booleans(), label="one-hot"):
        target = np.eye(c)[target]
    arrays = {}
    if data.draw(st.booleans(), label="weight"):
        arrays["weight"] = rng.uniform(0.1, 2.0, (c,))
    _compare(backend, dtype, portloss.dice_loss, [x, target], arrays, options)
