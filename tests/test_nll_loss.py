"""nll_loss against torch.nn.functional.nll_loss, on every backend.

Seeded NumPy log-probabilities in torch's layout; the torch reference is computed inside
each test and the data moved to the portloss layout under test (class axis at 1 or -1).
``sample_weight`` (no torch peer) is checked against the docstring formula in NumPy.
"""

from __future__ import annotations

import functools
import math

import array_api_compat
import numpy as np
import pytest
from _helpers import TOL
from _helpers import torch_oracle as _torch
from conftest import get_backend

import portloss

N, C, H, W = 6, 5, 3, 2
REDUCTIONS = ("none", "mean", "sum")
LAYOUTS = {
    "unbatched": ((C,), -1),
    "batched": ((N, C), -1),
    "kdim-axis1": ((N, C, H, W), 1),
    "kdim-last": ((N, C, H, W), -1),
}
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")


def torch_nll(x, t, *, dtype, weight=None, grad=False, **kw):
    """torch.nn.functional.nll_loss on NumPy data in torch's layout (and d sum / d input)."""
    torch, F = _torch()
    tx = torch.tensor(np.asarray(x, dtype=dtype), requires_grad=grad)
    tw = None if weight is None else torch.tensor(np.asarray(weight, dtype=dtype))
    out = F.nll_loss(tx, torch.tensor(t.astype(np.int64)), weight=tw, **kw)
    if not grad:
        return out.numpy()
    out.sum().backward()
    return out.detach().numpy(), tx.grad.numpy()


def to_layout(a, layout):
    return np.moveaxis(a, 1, -1) if layout == "kdim-last" else a


def log_probs(shape, rng):
    z = 2.0 * rng.standard_normal(shape)
    axis = 0 if len(shape) == 1 else 1
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def index_data(layout, ignore, seed=0):
    """Log-probabilities (torch layout) and targets; see test_cross_entropy.index_data."""
    rng = np.random.default_rng(seed)
    shape, _ = LAYOUTS[layout]
    x = log_probs(shape, rng)
    if len(shape) == 1:
        return x, np.asarray({"none": 3, "-100": -100, "1": 1}[ignore])
    t = rng.integers(0, C, size=shape[:1] + shape[2:])
    if ignore != "none":
        t.reshape(-1)[::3] = -100 if ignore == "-100" else 1
    return x, t


def class_weight(seed=1):
    return np.random.default_rng(seed).uniform(0.2, 3.0, size=C)


def evaluate(backend, outs, dtype=None):
    """Results as NumPy arrays in one transfer; checks library, device and dtype."""
    xp = backend.xp
    for out in outs:
        assert array_api_compat.array_namespace(out) is xp, type(out)
        assert array_api_compat.device(out) == backend.device
        if dtype is not None:
            assert out.dtype == dtype, (out.dtype, dtype)
    flat = backend.to_numpy(xp.concat([xp.reshape(o, (-1,)) for o in outs]))
    parts = np.split(flat, np.cumsum([math.prod(o.shape) for o in outs])[:-1])
    return [p.reshape(tuple(o.shape)) for p, o in zip(parts, outs)]


def all_reductions(backend, arrays, dtype=None, **kw):
    outs = [portloss.nll_loss(*arrays, reduction=r, **kw) for r in REDUCTIONS]
    return dict(zip(REDUCTIONS, evaluate(backend, outs, dtype)))


def assert_reductions(got, expected, tol):
    for r in REDUCTIONS:
        assert got[r].shape == np.shape(expected[r]), r
        np.testing.assert_allclose(got[r], expected[r], **tol, err_msg=f"reduction={r}")


# every pair of {class weight} x {no / -100 / class-1 ignored targets}, float64, + float32
_FULL = [
    ("float64", ignore, weighted) for ignore in ("none", "-100", "1") for weighted in (False, True)
] + [("float32", "1", True)]
CASES = [
    ("unbatched", "float64", "none", True),
    ("unbatched", "float64", "-100", False),
    ("unbatched", "float64", "1", True),
] + [(layout, *case) for case in _FULL for layout in ["batched", "kdim-axis1", "kdim-last"]]


@pytest.mark.parametrize(
    ("layout", "dtype", "ignore", "weighted"),
    CASES,
    ids=["-".join(str(v) for v in case) for case in CASES],
)
def test_matches_torch(backend, layout, dtype, ignore, weighted):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    x, t = index_data(layout, ignore)
    w = class_weight() if weighted else None
    kw = {"ignore_index": 1} if ignore == "1" else {}
    expected = {r: torch_nll(x, t, dtype=dtype, weight=w, reduction=r, **kw) for r in REDUCTIONS}
    got = all_reductions(
        backend,
        (backend.asarray(to_layout(x, layout).astype(dtype)), backend.asarray(t)),
        dtype=getattr(backend.xp, dtype),
        weight=None if w is None else backend.asarray(w.astype(dtype)),
        axis=LAYOUTS[layout][1],
        **kw,
    )
    assert_reductions(got, expected, TOL[dtype])


def test_unnormalized_input_matches_torch(backend):
    """nll_loss takes any real input (torch does not check it is a log-probability)."""
    rng = np.random.default_rng(2)
    x = 3.0 * rng.standard_normal((N, C))
    t = rng.integers(0, C, size=N)
    w = class_weight()
    expected = {r: torch_nll(x, t, dtype="float64", weight=w, reduction=r) for r in REDUCTIONS}
    got = all_reductions(
        backend, (backend.asarray(x), backend.asarray(t)), weight=backend.asarray(w)
    )
    assert_reductions(got, expected, TOL["float64"])


@pytest.mark.parametrize(("layout", "weighted"), [("batched", False), ("kdim-axis1", True)])
def test_all_ignored_batch(backend, layout, weighted):
    x, t = index_data(layout, "none")
    t = np.full_like(t, -100)
    w = class_weight() if weighted else None
    got = all_reductions(
        backend,
        (backend.asarray(to_layout(x, layout)), backend.asarray(t)),
        weight=None if w is None else backend.asarray(w),
        axis=LAYOUTS[layout][1],
    )
    assert got["mean"].shape == ()
    assert np.isnan(got["mean"])
    assert got["sum"].shape == ()
    assert got["sum"] == 0.0
    np.testing.assert_array_equal(got["none"], np.zeros(t.shape))
    assert np.isnan(torch_nll(x, t, dtype="float64", weight=w))


@pytest.mark.parametrize("layout", ["batched", "kdim-last"])
def test_zero_size_batch(backend, layout):
    shape, axis = LAYOUTS[layout]
    shape = (0, *shape[1:])
    loss_shape = shape[:1] + shape[2:]
    x, t = np.zeros(shape), np.zeros(loss_shape, dtype=np.int64)
    w = class_weight()
    assert np.isnan(torch_nll(x, t, dtype="float64", weight=w))
    got = all_reductions(
        backend,
        (backend.asarray(to_layout(x, layout)), backend.asarray(t)),
        weight=backend.asarray(w),
        axis=axis,
    )
    assert got["none"].shape == loss_shape
    assert got["mean"].shape == ()
    assert np.isnan(got["mean"])
    assert got["sum"].shape == ()
    assert got["sum"] == 0.0


# --- sample_weight: the docstring formula in NumPy ----------------------------------------


def np_nll_terms(x, t, *, axis, weight=None, ignore_index=-100):
    """(l_n = -w_{y_n} x_{n y_n}, w_{y_n}), both 0 on ignored entries."""
    x = np.moveaxis(x, axis, -1)
    w = np.ones(x.shape[-1]) if weight is None else weight
    valid = t != ignore_index
    y = np.where(valid, t, 0)
    picked = np.take_along_axis(x, y[..., None], axis=-1)[..., 0]
    return np.where(valid, -w[y] * picked, 0.0), np.where(valid, w[y], 0.0)


@pytest.mark.parametrize(
    ("layout", "s_shape"),
    [("batched", (N,)), ("kdim-axis1", (N, 1, 1)), ("kdim-last", (N, H, W))],
)
def test_sample_weight(backend, layout, s_shape):
    """mean = sum s_n l_n / sum s_n w_{y_n} over non-ignored entries."""
    x, t = index_data(layout, "-100", seed=3)
    x = to_layout(x, layout)
    axis = LAYOUTS[layout][1]
    w = class_weight()
    s = np.random.default_rng(4).uniform(0.0, 2.0, size=s_shape)
    loss, share = np_nll_terms(x, t, axis=axis, weight=w)
    sb = np.broadcast_to(s, loss.shape)
    expected = {
        "none": sb * loss,
        "mean": (sb * loss).sum() / (sb * share).sum(),
        "sum": (sb * loss).sum(),
    }
    got = all_reductions(
        backend,
        (backend.asarray(x), backend.asarray(t)),
        weight=backend.asarray(w),
        sample_weight=backend.asarray(s),
        axis=axis,
    )
    assert_reductions(got, expected, TOL["float64"])


def test_sample_weight_bool_mask_removes_rows(backend):
    x, t = index_data("kdim-axis1", "1", seed=5)
    w = class_weight()
    keep = np.array([False, True, True, False, True, True])
    loss, share = np_nll_terms(x[keep], t[keep], axis=1, weight=w, ignore_index=1)
    none = np.zeros(t.shape)
    none[keep] = loss
    expected = {"none": none, "mean": loss.sum() / share.sum(), "sum": loss.sum()}
    got = all_reductions(
        backend,
        (backend.asarray(x), backend.asarray(t)),
        weight=backend.asarray(w),
        sample_weight=backend.asarray(keep[:, None, None]),
        ignore_index=1,
        axis=1,
    )
    assert_reductions(got, expected, TOL["float64"])


# --- gradients, jit -----------------------------------------------------------------------


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize(
    ("layout", "ignore", "weighted", "reduction"),
    [("kdim-axis1", "-100", True, "mean"), ("kdim-last", "1", False, "sum")],
)
def test_input_gradient_matches_torch(backend_name, layout, ignore, weighted, reduction):
    backend = get_backend(backend_name)
    x, t = index_data(layout, ignore, seed=6)
    w = class_weight() if weighted else None
    kw = {"reduction": reduction, **({"ignore_index": 1} if ignore == "1" else {})}
    _, expected = torch_nll(x, t, dtype="float64", weight=w, grad=True, **kw)
    Wb = None if w is None else backend.asarray(w)

    def f(X, T):
        return portloss.nll_loss(X, T, weight=Wb, axis=LAYOUTS[layout][1], **kw)

    g = backend.grad(f, [backend.asarray(to_layout(x, layout)), backend.asarray(t)])
    np.testing.assert_allclose(
        backend.to_numpy(g), to_layout(expected, layout), rtol=1e-10, atol=1e-12
    )


@pytest.mark.parametrize("reduction", ["mean"])
def test_jax_jit_equals_eager_and_torch(reduction):
    backend = get_backend("jax")
    import jax

    x, t = index_data("kdim-axis1", "1", seed=7)
    w = class_weight()
    expected, grad = torch_nll(
        x, t, dtype="float64", weight=w, reduction=reduction, ignore_index=1, grad=True
    )
    fn = functools.partial(
        portloss.nll_loss, weight=backend.asarray(w), ignore_index=1, reduction=reduction, axis=1
    )
    X, T = backend.asarray(x), backend.asarray(t)
    jitted = np.asarray(backend.jit_call(fn, [X, T]))
    np.testing.assert_allclose(jitted, np.asarray(fn(X, T)), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(jitted, expected, rtol=1e-10, atol=1e-12)
    g = jax.jit(jax.grad(lambda X, T: fn(X, T).sum()))(X, T)
    np.testing.assert_allclose(np.asarray(g), grad, rtol=1e-10, atol=1e-12)


# --- dtypes, inputs -----------------------------------------------------------------------


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
def test_low_precision_computed_in_float32(backend, low):
    if low not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {low}")
    xp = backend.xp
    low_dtype = getattr(xp, low)
    x, t = index_data("kdim-axis1", "-100", seed=8)
    X = xp.astype(backend.asarray(x.astype(np.float32)), low_dtype)
    Wb = xp.astype(backend.asarray(class_weight().astype(np.float32)), low_dtype)
    x32 = backend.to_numpy(X).astype(np.float32)
    w32 = backend.to_numpy(Wb).astype(np.float32)
    expected = {r: torch_nll(x32, t, dtype="float32", weight=w32, reduction=r) for r in REDUCTIONS}
    got = all_reductions(backend, (X, backend.asarray(t)), dtype=low_dtype, weight=Wb, axis=1)
    got = {r: v.astype(np.float32) for r, v in got.items()}
    ulp = 2.0**-10 if low == "float16" else 2.0**-7
    assert_reductions(got, expected, {"rtol": ulp, "atol": 1e-6})


def test_any_integer_target_dtype(backend):
    x, t = index_data("batched", "1", seed=9)
    w = class_weight()
    expected = {
        r: torch_nll(x, t, dtype="float64", weight=w, reduction=r, ignore_index=1)
        for r in REDUCTIONS
    }
    X, Wb = backend.asarray(x), backend.asarray(w)
    dtypes = ("int8", "int16", "int32", "int64", "uint8")
    outs = [
        portloss.nll_loss(X, backend.asarray(t.astype(d)), weight=Wb, ignore_index=1, reduction=r)
        for d in dtypes
        for r in REDUCTIONS
    ]
    got = evaluate(backend, outs, dtype=backend.xp.float64)
    for i, d in enumerate(dtypes):
        for j, r in enumerate(REDUCTIONS):
            np.testing.assert_allclose(
                got[3 * i + j], expected[r], **TOL["float64"], err_msg=f"{d}, reduction={r}"
            )


def test_inputs_not_modified(backend):
    x, t = index_data("kdim-last", "-100", seed=10)
    originals = {
        "input": to_layout(x, "kdim-last"),
        "target": t,
        "weight": class_weight(),
        "sample_weight": np.random.default_rng(11).uniform(0.5, 2.0, size=(N, 1, 1)),
    }
    copies = {k: a.copy() for k, a in originals.items()}
    arrays = {k: backend.asarray(a) for k, a in originals.items()}
    all_reductions(
        backend,
        (arrays["input"], arrays["target"]),
        weight=arrays["weight"],
        sample_weight=arrays["sample_weight"],
    )
    for name, a in arrays.items():
        np.testing.assert_array_equal(backend.to_numpy(a), copies[name], err_msg=name)
        np.testing.assert_array_equal(originals[name], copies[name], err_msg=name)


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_torch_autograd_reaches_caller_tensors(dtype):
    torch, _ = _torch()
    get_backend("torch")
    x, t = index_data("batched", "-100", seed=12)
    X = torch.tensor(x, dtype=getattr(torch, dtype), requires_grad=True)
    S = torch.ones(N, dtype=getattr(torch, dtype), requires_grad=True)
    loss = portloss.nll_loss(X, torch.tensor(t), sample_weight=S)
    assert loss.grad_fn is not None
    loss.backward()
    assert X.grad is not None
    assert bool((X.grad != 0).any())
    assert S.grad is not None
