"""Every native fast path of ``portloss._backends`` against the pure Array API path.

For each primitive in a backend module's ``NATIVE`` table and each backend where one
applies, the primitive runs twice on the same inputs, with the fast path and inside
``use_native(False)``, and the values (and, on autodiff backends, the gradients of a weighted sum) must
agree. The inputs include large logits, ``-inf`` entries, several axes and a 3-D
array; the NumPy fast paths' row blocks are made tiny so that their blocked code runs.
A fast path whose numbers drift from the standard formula fails here.
"""

from __future__ import annotations

import importlib
import threading
import zlib

import numpy as np
import pytest

from portloss import _backends as B
from portloss import _primitives as P
from portloss._backends import _common
from portloss._backends import numpy as numpy_backend


def _call(name, xp, x, *, axis, index=None, other=None, class_weight=None):
    if name == "class_dot":
        return P.class_dot(xp, x, class_weight, axis=axis)
    if name == "gather_class":
        return P.gather_class(xp, x, index, axis=axis)
    if name == "one_minus_pt":
        return P.one_minus_pt(xp, x, other)
    if name == "sigmoid_cross_entropy":
        return P.sigmoid_cross_entropy(xp, x, other)
    if name == "squared_difference":
        return P.squared_difference(xp, x, other)
    if name == "log_softmax":
        return P.log_softmax(xp, x, axis=axis)
    if name == "logsumexp":
        return P.logsumexp(xp, x, axis=axis)
    if name == "log_softmax_at":
        return P.log_softmax_at(xp, x, index, axis=axis)
    if name == "log_sigmoid":
        return P.log_sigmoid(xp, x)
    if name == "softplus":
        return P.softplus(xp, x)
    if name == "relu":  # both of torch's styles
        return xp.concat([P.relu(xp, x, style="relu"), P.relu(xp, x, style="clamp_min")])
    if name == "absolute":
        return P.absolute(xp, x)
    if name == "pow2_scale":  # a constant for autodiff: checked through the norm it scales
        return _scaled_norm(xp, x, axis=axis)
    if name == "l2_norm":
        return P.l2_norm(xp, x, axis=axis)
    if name == "safe_divide":  # other with exact zeros
        return P.safe_divide(xp, x, xp.where(other > 0.3, other, 0.0), fill=2.0)
    raise KeyError(name)


def _scaled_norm(xp, x, *, axis):
    """The standard path's norm formula around ``pow2_scale`` (native or not)."""
    scale = P.pow2_scale(xp, x, axis=axis)
    r = x / scale
    s = xp.sum(r * r, axis=axis, keepdims=True)
    zero = s == 0
    root = xp.sqrt(xp.where(zero, xp.ones_like(s), s)) * scale
    return xp.squeeze(xp.where(zero, xp.zeros_like(s), root), axis=axis)


def _inputs(shape, axis, dtype, rng):
    x = 3.0 * rng.standard_normal(size=shape)
    flat = x.reshape(-1)
    flat[:3] = [1e4, -1e4, 0.0]  # large logits and an exact 0 (softplus' kink)
    x = flat.reshape(shape).astype(dtype)
    classes = shape[axis]
    index_shape = shape[:axis] + shape[axis + 1 :] if axis >= 0 else shape[:axis]
    index = rng.integers(0, classes, size=index_shape)
    return x, index


CASES = [((6, 7), -1), ((6, 7), 0), ((3, 5, 4), 1)]


@pytest.fixture(autouse=True)
def _tiny_blocks(monkeypatch):
    # The blocked paths run only above these sizes: make them run on small inputs.
    monkeypatch.setattr(numpy_backend, "_BLOCK_ELEMENTS", 8)
    monkeypatch.setattr(_common, "_ROW_BLOCK_ELEMENTS", 8)


def _pure(monkeypatch, fn):
    with B.use_native(False):
        return fn()


def _registered() -> set[str]:
    """Every primitive name with a fast path in some importable backend module."""
    names: set[str] = set()
    for library in ("numpy", "torch", "jax", "cupy", "dask"):
        try:
            module = importlib.import_module(f"portloss._backends.{library}")
        except ImportError:  # the library is not installed; its rows skip below
            continue
        names |= set(module.NATIVE)
    return names


# Elementwise and along-axis primitives; divide_by_count has its own test below,
# linear_cross_entropy (a whole loss) is compared with its standard path in
# tests/test_linear_cross_entropy.py, ctc_nll in tests/test_ctc_fast_path.py.
ARRAY_PRIMITIVES = sorted(_registered() - {"divide_by_count", "linear_cross_entropy", "ctc_nll"})


@pytest.mark.parametrize("name", ARRAY_PRIMITIVES)
@pytest.mark.parametrize(("shape", "axis"), CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fast_path_matches_pure_path(backend, monkeypatch, name, shape, axis, dtype):
    if B.native(backend.xp, name) is None:
        pytest.skip(f"no {name} fast path for {backend.name}")
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    # zlib.crc32, not hash(): str hashes change with PYTHONHASHSEED, and a failure must
    # reproduce on the next run.
    rng = np.random.default_rng(zlib.crc32(repr((name, shape, axis)).encode()))
    x_np, index_np = _inputs(shape, axis, dtype, rng)
    xp = backend.xp
    # targets in [0, 1] (soft labels for sigmoid_cross_entropy)
    other = backend.asarray(rng.uniform(0.0, 1.0, size=shape).astype(dtype))
    class_weight = backend.asarray(rng.uniform(0.5, 2.0, size=shape[axis]).astype(dtype))
    x, index = backend.asarray(x_np), backend.asarray(index_np)
    if name in ("log_softmax_at", "gather_class"):
        index = P.as_index(xp, index)

    def call(v):
        return _call(name, xp, v, axis=axis, index=index, other=other, class_weight=class_weight)

    fast = backend.to_numpy(call(x))
    pure = backend.to_numpy(_pure(monkeypatch, lambda: call(x)))
    rtol = 1e-5 if dtype == "float32" else 1e-12
    assert fast.dtype == pure.dtype
    assert fast.shape == pure.shape
    np.testing.assert_allclose(fast, pure, rtol=rtol, atol=rtol)

    if backend.autodiff is None:
        return
    weights_np = rng.uniform(0.5, 1.5, size=pure.shape).astype(dtype)
    weights = backend.asarray(weights_np)

    def objective(v):
        return xp.sum(call(v) * weights)

    g_fast = backend.to_numpy(backend.grad(objective, [x]))
    g_pure = backend.to_numpy(_pure(monkeypatch, lambda: backend.grad(objective, [x])))
    assert np.all(np.isfinite(g_fast))
    np.testing.assert_allclose(g_fast, g_pure, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("name", ["log_softmax", "logsumexp"])
def test_infinite_rows_match(backend, monkeypatch, name):
    """Rows of ``-inf`` and rows holding ``+inf`` give what the pure path gives."""
    if B.native(backend.xp, name) is None:
        pytest.skip(f"no {name} fast path for {backend.name}")
    x_np = np.array(
        [[-np.inf, -np.inf, -np.inf], [np.inf, 0.0, 1.0], [-np.inf, 0.0, 1.0]], dtype="float64"
    )
    if "float64" not in backend.dtypes:
        x_np = x_np.astype("float32")
    x = backend.asarray(x_np)
    with np.errstate(invalid="ignore"):
        fast = backend.to_numpy(_call(name, backend.xp, x, axis=-1))
        pure = backend.to_numpy(_pure(monkeypatch, lambda: _call(name, backend.xp, x, axis=-1)))
    np.testing.assert_array_equal(fast, pure)


@pytest.mark.parametrize(("shape", "axis"), CASES)
def test_row_blocks_match_one_block(backend, monkeypatch, shape, axis):
    """The memory-bounded path (torch without autograd, CuPy) equals the unblocked one.

    ``row_blocks`` runs the standard formula block by block (8-element blocks here,
    so several rows per block, one row per block, and a ragged last block all occur).
    """
    xp = backend.xp
    dtype = "float64" if "float64" in backend.dtypes else "float32"
    rng = np.random.default_rng(7)
    x_np, index_np = _inputs(shape, axis, dtype, rng)
    x = backend.asarray(x_np)
    index = P.as_index(xp, backend.asarray(index_np))
    std = P._standard_log_softmax_at
    blocked = backend.to_numpy(_common.row_blocks(xp, std, x, index, axis=axis))
    monkeypatch.setattr(_common, "_ROW_BLOCK_ELEMENTS", 1 << 30)
    whole = backend.to_numpy(_common.row_blocks(xp, std, x, index, axis=axis))
    assert blocked.shape == whole.shape == index_np.shape
    np.testing.assert_allclose(blocked, whole, rtol=1e-6, atol=1e-6)


def test_torch_without_autograd_takes_the_blocked_path(monkeypatch):
    """Without autograd, torch's log_softmax_at runs in row blocks; values unchanged."""
    torch = pytest.importorskip("torch")
    import array_api_compat

    from portloss._backends import torch as torch_backend

    calls = []
    inner = torch_backend._log_softmax_at_unblocked

    def counting(*args, **kwargs):
        calls.append(args[1].shape)
        return inner(*args, **kwargs)

    monkeypatch.setattr(torch_backend, "_log_softmax_at_unblocked", counting)
    x = torch.randn(6, 5, dtype=torch.float64)
    index = torch.tensor([0, 4, 2, 1, 3, 0])
    xp = array_api_compat.array_namespace(x)
    with torch.no_grad():
        blocked = P.log_softmax_at(xp, x, index, axis=-1)
    assert len(calls) == 6  # one row (5 elements) per 8-element block
    want = torch.log_softmax(x, dim=-1)[torch.arange(6), index]
    torch.testing.assert_close(blocked, want, rtol=1e-12, atol=1e-12)
    calls.clear()
    x.requires_grad_(True)
    P.log_softmax_at(xp, x, index, axis=-1)
    assert calls == [x.shape]  # with autograd: one unblocked kernel over all rows


def test_torch_blocked_path_under_vmap(monkeypatch):
    """torch.func.vmap without autograd: the one-kernel path, per-example values."""
    torch = pytest.importorskip("torch")
    import portloss

    x = torch.randn(3, 6, 5, dtype=torch.float64)
    t = torch.randint(0, 5, (3, 6))
    got = torch.func.vmap(lambda a, b: portloss.cross_entropy(a, b))(x, t)
    want = torch.stack([torch.nn.functional.cross_entropy(x[i], t[i]) for i in range(3)])
    torch.testing.assert_close(got, want)


def test_torch_class_dot_keeps_float32_precision():
    """A reduced float32 matmul precision (bf16 / TF32) must not reach the loss."""
    torch = pytest.importorskip("torch")
    import portloss

    g = torch.Generator().manual_seed(0)
    x = 10 * torch.randn(64, 5, 16, 16, generator=g)
    t = torch.randint(0, 5, (64, 16, 16), generator=g)
    w = torch.rand(5, generator=g) + 0.5
    ref = torch.nn.functional.cross_entropy(
        x.double(), t, weight=w.double(), label_smoothing=0.1, reduction="none"
    )
    before = torch.get_float32_matmul_precision()
    try:
        for precision in ("highest", "high", "medium"):
            torch.set_float32_matmul_precision(precision)
            got = portloss.cross_entropy(
                x, t, weight=w, label_smoothing=0.1, axis=1, reduction="none"
            )
            torch.testing.assert_close(got.double(), ref, rtol=1e-5, atol=1e-5)
    finally:
        torch.set_float32_matmul_precision(before)


@pytest.mark.parametrize("empty_nan", [True, False])
def test_divide_by_count_matches(backend, monkeypatch, empty_nan):
    """Fast and pure paths agree on a count of 0 (NaN or 0) and on a positive count."""
    xp = backend.xp
    dtype = "float64" if "float64" in backend.dtypes else "float32"
    for total_np, count_np, want in [(0.0, 0.0, np.nan if empty_nan else 0.0), (3.0, 2.0, 1.5)]:
        total = backend.asarray(np.asarray(total_np, dtype=dtype))
        count = backend.asarray(np.asarray(count_np, dtype=dtype))

        def divide(total=total, count=count):
            return backend.to_numpy(P.divide_by_count(xp, total, count, empty_nan=empty_nan))

        fast = divide()
        pure = _pure(monkeypatch, divide)
        np.testing.assert_array_equal(fast, pure)
        np.testing.assert_array_equal(fast, want)


# The fast paths each library must get (or the benchmarks and docs/performance.md lie).
REGISTERED = {
    "numpy": [
        "log_sigmoid",
        "log_softmax",
        "log_softmax_at",
        "softplus",
        "squared_difference",
    ],
    "torch": [
        "absolute",
        "class_dot",
        "ctc_nll",
        "divide_by_count",
        "gather_class",
        "l2_norm",
        "log_sigmoid",
        "log_softmax",
        "log_softmax_at",
        "logsumexp",
        "one_minus_pt",
        "pow2_scale",
        "relu",
        "safe_divide",
        "sigmoid_cross_entropy",
        "softplus",
        "squared_difference",
    ],
    "jax": ["divide_by_count", "log_softmax", "log_softmax_at", "logsumexp"],
    "cupy": ["log_softmax_at"],
}


@pytest.mark.parametrize("library", sorted(REGISTERED))
def test_fast_paths_are_registered(library):
    """Each library gets the native primitives that the performance page lists."""
    from conformance.backends import BackendUnavailable, load_backend

    try:
        xp = load_backend(library).xp
    except BackendUnavailable as exc:
        pytest.skip(str(exc))
    names = REGISTERED[library]
    for name in names:
        assert B.native(xp, name) is not None, name
    with B.use_native(False):
        assert B.native(xp, "log_softmax") is None
        with B.use_native(True):  # blocks nest
            assert B.native(xp, "log_softmax") is not None
        assert B.native(xp, "log_softmax") is None
    assert B.native(xp, "log_softmax") is not None


def test_use_native_is_per_thread():
    """use_native(False) in one thread leaves the fast paths on in another."""
    xp = importlib.import_module("array_api_compat.numpy")
    inside = threading.Event()
    release = threading.Event()
    seen = []

    def switched_off():
        with B.use_native(False):
            seen.append(B.native(xp, "log_softmax"))
            inside.set()
            release.wait(timeout=30)

    worker = threading.Thread(target=switched_off)
    worker.start()
    try:
        assert inside.wait(timeout=30)
        assert B.native(xp, "log_softmax") is not None  # this thread: still on
    finally:
        release.set()
        worker.join()
    assert seen == [None]


EDGES = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -2.5, 1e30, -1e-30, 3e-39]


@pytest.mark.parametrize("name", ["relu", "absolute", "pow2_scale", "l2_norm", "safe_divide"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_kinks_and_non_finite_entries_match(backend, monkeypatch, name, dtype):
    """At NaN, +-inf, +-0, huge and subnormal entries, with and without autodiff, the
    fast path gives the standard path's values and gradients (NaN where it is NaN).

    The no-autodiff call takes the library's one-kernel function where there is one
    (torch.relu, torch.abs), whose gradient would differ at a NaN: both are compared.
    """
    xp = backend.xp
    if B.native(xp, name) is None:
        pytest.skip(f"no {name} fast path for {backend.name}")
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    # rows of the edge values (pow2_scale's norm runs along rows); a row without NaN too
    x_np = np.array([EDGES, [*EDGES[1:], 2.0], [0.0] * len(EDGES)], dtype=dtype)
    x = backend.asarray(x_np)
    other = backend.asarray(np.abs(x_np[::-1]))  # safe_divide's denominator: zeros, NaN, inf

    def call(v):
        return _call(name, xp, v, axis=-1, other=other)

    with np.errstate(all="ignore"):
        fast = backend.to_numpy(call(x))
        pure = backend.to_numpy(_pure(monkeypatch, lambda: call(x)))
        np.testing.assert_array_equal(fast, pure)
        if backend.autodiff is None:
            return
        weights = backend.asarray(
            np.linspace(0.5, 1.5, fast.size).reshape(fast.shape).astype(dtype)
        )

        def objective(v):
            return xp.sum(call(v) * weights)

        g_fast = backend.to_numpy(backend.grad(objective, [x]))
        g_pure = backend.to_numpy(_pure(monkeypatch, lambda: backend.grad(objective, [x])))
    np.testing.assert_array_equal(g_fast, g_pure)
