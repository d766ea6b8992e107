"""linear_cross_entropy against torch.nn.functional.linear_cross_entropy and dense oracles.

Expected numbers come from torch (``F.linear_cross_entropy``, and ``F.cross_entropy`` of
the dense logits where torch has no option: z-loss, soft cap, leading shapes, written out
in float64 torch code here); never from portloss. Chunk sizes are chosen so that the
chunks do not divide the rows or the classes. The memory tests count what is kept, never
how long anything takes.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from conftest import get_backend

import portloss
from portloss._backends import use_native

torch = pytest.importorskip("torch")
F = torch.nn.functional

N, H, V = 9, 6, 13
TOL = {torch.float32: {"rtol": 2e-5, "atol": 2e-6}, torch.float64: {"rtol": 1e-10, "atol": 1e-12}}
# Chunk sizes (logits per chunk): 1 class at a time, rows that do not divide N (torch:
# 40 // 13 = 3 rows... 9 = 3 x 3, so 52 // 13 = 4 rows), columns that do not divide V.
CHUNKS = (None, 1, 52, 50)


def _data(dtype=np.float64, seed=0, rows=N, ignore=True):
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((rows, H)).astype(dtype)
    W = (0.7 * rng.standard_normal((V, H))).astype(dtype)
    b = rng.standard_normal(V).astype(dtype)
    y = rng.integers(0, V, rows)
    if ignore:
        y[1] = -100
    w = rng.uniform(0.2, 2.0, V).astype(dtype)
    s = rng.uniform(0.0, 2.0, rows).astype(dtype)
    return h, W, b, y, w, s


def _dense_reference(
    h,
    W,
    b,
    y,
    *,
    weight=None,
    label_smoothing=0.0,
    z_loss=0.0,
    softcap=None,
    reduction="mean",
    sample_weight=None,
):
    """The documented formula, written out with torch float64 autograd ops."""
    z = h @ W.T + (0.0 if b is None else b)
    if softcap is not None:
        z = softcap * torch.tanh(z / softcap)
    logp = torch.log_softmax(z, dim=-1)
    lse = torch.logsumexp(z, dim=-1)
    valid = y != -100
    safe = torch.where(valid, y, 0)
    w = torch.ones(V, dtype=z.dtype) if weight is None else weight
    a = label_smoothing
    loss = -(1 - a) * w[safe] * logp.gather(-1, safe[..., None])[..., 0]
    loss = loss - a / V * (logp * w).sum(-1) + z_loss * lse**2
    s = torch.ones_like(loss) if sample_weight is None else sample_weight
    loss = torch.where(valid, s * loss, 0.0)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / torch.where(valid, s * w[safe], 0.0).sum()


def _leaves(*arrays, dtype):
    return [torch.tensor(a, dtype=dtype, requires_grad=True) for a in arrays]


def _assert_close(actual, expected, dtype):
    torch.testing.assert_close(actual, expected, **TOL[dtype])


# --- values and gradients against torch ------------------------------------------------

TORCH_OPTIONS = [
    {},
    {"weight": True},
    {"label_smoothing": 0.15},
    {"weight": True, "label_smoothing": 0.3, "reduction": "sum"},
    {"reduction": "none"},
    {"reduction": "none", "weight": True, "label_smoothing": 0.1},
]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
@pytest.mark.parametrize("options", TORCH_OPTIONS, ids=str)
@pytest.mark.parametrize("bias", [True, False], ids=["bias", "nobias"])
def test_matches_torch_linear_cross_entropy(dtype, options, bias):
    h, W, b, y, w, _ = _data()
    th, tW, tb = _leaves(h, W, b, dtype=dtype)
    ty = torch.tensor(y)
    kw = dict(options)
    if kw.pop("weight", False):
        kw["weight"] = torch.tensor(w, dtype=dtype)
    bias_arg = tb if bias else None
    expected = F.linear_cross_entropy(th, tW, ty, linear_bias=bias_arg, **kw)
    upstream = torch.linspace(0.5, 1.5, expected.numel(), dtype=dtype).reshape(expected.shape)
    wrt = (th, tW, tb) if bias else (th, tW)
    expected_grads = torch.autograd.grad((expected * upstream).sum(), wrt)
    for chunk in CHUNKS:
        actual = portloss.linear_cross_entropy(
            th, tW, ty, linear_bias=bias_arg, chunk_size=chunk, **kw
        )
        assert actual.dtype == dtype
        assert actual.shape == expected.shape
        _assert_close(actual, expected, dtype)
        grads = torch.autograd.grad((actual * upstream).sum(), wrt)
        for g, e in zip(grads, expected_grads):
            _assert_close(g, e, dtype)


AUX_OPTIONS = [
    {"z_loss": 1e-3},
    {"softcap": 2.5},
    {"z_loss": 0.05, "softcap": 1.5, "label_smoothing": 0.2, "weight": True},
    {"z_loss": 0.05, "softcap": 3.0, "reduction": "none", "weight": True},
    {"sample_weight": True, "weight": True, "label_smoothing": 0.1},
    {"sample_weight": True, "reduction": "sum", "z_loss": 0.01},
]


@pytest.mark.parametrize("options", AUX_OPTIONS, ids=str)
def test_matches_written_out_formula_with_gradients(options):
    h, W, b, y, w, s = _data()
    th, tW, tb, ts = _leaves(h, W, b, s, dtype=torch.float64)
    ty = torch.tensor(y)
    kw = dict(options)
    if kw.pop("weight", False):
        kw["weight"] = torch.tensor(w)
    if kw.pop("sample_weight", False):
        kw["sample_weight"] = ts
    expected = _dense_reference(th, tW, tb, ty, **kw)
    wrt = (th, tW, tb, ts) if "sample_weight" in kw else (th, tW, tb)
    expected_grads = torch.autograd.grad(expected.sum(), wrt)
    for chunk in (None, 52):
        actual = portloss.linear_cross_entropy(th, tW, ty, linear_bias=tb, chunk_size=chunk, **kw)
        _assert_close(actual, expected, torch.float64)
        for g, e in zip(torch.autograd.grad(actual.sum(), wrt), expected_grads):
            _assert_close(g, e, torch.float64)


def test_leading_shapes_match_dense_cross_entropy():
    h, W, b, y, _w, _ = _data(rows=12)
    th, tW, tb = _leaves(h.reshape(3, 4, H), W, b, dtype=torch.float64)
    ty = torch.tensor(y.reshape(3, 4))
    for reduction in ("none", "mean"):
        expected = F.cross_entropy(
            (th @ tW.T + tb).reshape(12, V),
            ty.reshape(12),
            reduction=reduction,
            label_smoothing=0.1,
        )
        actual = portloss.linear_cross_entropy(
            th, tW, ty, linear_bias=tb, reduction=reduction, label_smoothing=0.1, chunk_size=30
        )
        assert actual.shape == (() if reduction == "mean" else (3, 4))
        _assert_close(actual.reshape(expected.shape), expected, torch.float64)
    # unbatched: input (H,), target ()
    single = portloss.linear_cross_entropy(th[0, 0], tW, torch.tensor(3), linear_bias=tb)
    _assert_close(
        single, F.linear_cross_entropy(th[0, 0], tW, torch.tensor(3), linear_bias=tb), torch.float64
    )


def test_all_ignored_mean_is_nan_and_gradient_zero():
    h, W, _b, _, _, _ = _data()
    th, tW = _leaves(h, W, dtype=torch.float64)
    y = torch.full((N,), -100)
    loss = portloss.linear_cross_entropy(th, tW, y)
    assert torch.isnan(loss)
    assert torch.isnan(F.linear_cross_entropy(th, tW, y))
    gh, gW = torch.autograd.grad(
        portloss.linear_cross_entropy(th, tW, y, reduction="sum"), (th, tW)
    )
    assert not gh.any()
    assert not gW.any()


def test_no_rows_gives_zero_gradients():
    """The weight and bias gradients start from the first chunk: none, then zeros."""
    _, W, b, _, _, _ = _data()
    tW, tb = _leaves(W, b, dtype=torch.float64)
    th = torch.zeros((0, H), dtype=torch.float64, requires_grad=True)
    loss = portloss.linear_cross_entropy(
        th, tW, torch.zeros(0, dtype=torch.int64), linear_bias=tb, reduction="sum"
    )
    assert loss.item() == 0.0
    gh, gW, gb = torch.autograd.grad(loss, (th, tW, tb))
    assert gh.shape == (0, H)
    assert not gW.any()
    assert not gb.any()


def test_out_of_range_target_is_nan_off_numpy():
    h, W, _, y, _, _ = _data()
    th, tW = _leaves(h, W, dtype=torch.float64)
    ty = torch.tensor(y)
    ty[0] = V  # out of range: no finite wrong number
    with use_native(False):
        assert torch.isnan(portloss.linear_cross_entropy(th, tW, ty))
        assert torch.isnan(portloss.linear_cross_entropy(th, tW, ty, reduction="none")[0])
    # a small head is delegated to F.cross_entropy, which raises (as cross_entropy's
    # delegate does: a bad input either way, docs/performance.md)
    with pytest.raises(IndexError):
        portloss.linear_cross_entropy(th, tW, ty)
    with pytest.raises(ValueError, match=r"target must hold class indices in \[0, 13\)"):
        portloss.linear_cross_entropy(h, W, np.where(np.arange(N) == 0, V, y))


def test_gradcheck_float64():
    h, W, b, y, _, s = _data(rows=4)
    th, tW, tb, ts = _leaves(h, W, b, s[:4], dtype=torch.float64)
    ty = torch.tensor(y)
    opts = {"z_loss": 0.1, "softcap": 2.0, "label_smoothing": 0.2, "chunk_size": 30}

    def reduced(h, W, b, s):
        return portloss.linear_cross_entropy(h, W, ty, linear_bias=b, sample_weight=s, **opts)

    def rows(h, W, b):
        return portloss.linear_cross_entropy(h, W, ty, linear_bias=b, reduction="none", **opts)

    assert torch.autograd.gradcheck(reduced, (th, tW, tb, ts))
    assert torch.autograd.gradcheck(rows, (th, tW, tb))


def test_second_backward_recomputes():
    h, W, _, y, _, _ = _data()
    th, tW = _leaves(h, W, dtype=torch.float64)
    loss = portloss.linear_cross_entropy(th, tW, torch.tensor(y))
    first = torch.autograd.grad(loss, (th, tW), retain_graph=True)
    second = torch.autograd.grad(2.0 * loss, (th, tW))
    for a, b in zip(first, second):
        torch.testing.assert_close(2.0 * a, b)


def test_standard_path_equals_native_on_torch():
    h, W, b, y, w, _ = _data()
    th, tW, tb = _leaves(h, W, b, dtype=torch.float64)
    ty, tw = torch.tensor(y), torch.tensor(w)
    opts = {"weight": tw, "label_smoothing": 0.1, "z_loss": 0.01, "softcap": 4.0, "chunk_size": 50}
    native = portloss.linear_cross_entropy(th, tW, ty, linear_bias=tb, **opts)
    with use_native(False):
        standard = portloss.linear_cross_entropy(th, tW, ty, linear_bias=tb, **opts)
    _assert_close(native, standard, torch.float64)


# --- JAX ---------------------------------------------------------------------------------


def _jax():
    jax = pytest.importorskip("jax")
    importlib.import_module("jax.extend.core")  # for jaxprs_in_params

    jax.config.update("jax_enable_x64", True)
    return jax, jax.numpy


@pytest.mark.parametrize(
    "options",
    [
        {"reduction": "mean"},
        {
            "reduction": "none",
            "weight": True,
            "label_smoothing": 0.2,
            "z_loss": 0.01,
            "softcap": 2.0,
        },
    ],
    ids=str,
)
def test_jax_values_and_gradients_match_torch(options):
    jax, jnp = _jax()
    h, W, b, y, w, _ = _data()
    kw = dict(options)
    use_weight = kw.pop("weight", False)
    th, tW, tb = _leaves(h, W, b, dtype=torch.float64)
    expected = _dense_reference(
        th, tW, tb, torch.tensor(y), weight=torch.tensor(w) if use_weight else None, **kw
    )
    expected_grads = torch.autograd.grad(expected.sum(), (th, tW, tb))
    jkw = dict(kw, weight=jnp.asarray(w) if use_weight else None)
    args = (jnp.asarray(h), jnp.asarray(W), jnp.asarray(b))
    # 640: one chunk of everything; 120: row chunks of 2 (the last shifted back: 2 does
    # not divide 9 rows), weight-gradient slices of 2 classes (nor 13), 1-column chunks.
    for chunk in (640, 120):

        def loss(h, W, b, chunk=chunk):
            out = portloss.linear_cross_entropy(
                h, W, jnp.asarray(y), linear_bias=b, chunk_size=chunk, **jkw
            )
            return 1.5 * jnp.sum(out)  # an upstream gradient other than 1

        value, grads = jax.jit(jax.value_and_grad(loss, argnums=(0, 1, 2)))(*args)
        np.testing.assert_allclose(float(value), 1.5 * float(expected.sum().detach()), rtol=1e-10)
        for g, e in zip(grads, expected_grads):
            np.testing.assert_allclose(np.asarray(g), 1.5 * e.numpy(), rtol=1e-9, atol=1e-12)


def test_jax_jit_holds_no_logits_sized_array():
    """Every intermediate of the jitted value-and-gradient is smaller than (N, V)."""
    jax, jnp = _jax()
    rows, classes = 64, 1000
    rng = np.random.default_rng(1)
    h = jnp.asarray(rng.standard_normal((rows, H)))
    W = jnp.asarray(rng.standard_normal((classes, H)))
    y = jnp.asarray(rng.integers(0, classes, rows))

    def loss(h, W):
        # An eighth of the logits (the training path's row chunks hold a quarter of it).
        return portloss.linear_cross_entropy(h, W, y, chunk_size=rows * classes // 8)

    jaxpr = jax.make_jaxpr(jax.value_and_grad(loss, argnums=(0, 1)))(h, W)
    text = str(jaxpr)
    assert "scan[" in text or "while[" in text  # the chunk loop is a lax loop, not unrolled
    sizes = []

    def visit(jp):
        for eqn in jp.eqns:
            sizes.extend(int(np.prod(v.aval.shape)) for v in eqn.outvars)
            for sub in jax.extend.core.jaxprs_in_params(eqn.params):
                visit(sub)

    visit(jaxpr.jaxpr)
    assert max(sizes) < rows * classes / 10


# --- other backends (forward) ------------------------------------------------------------


@pytest.mark.parametrize("name", ["numpy", "array_api_strict", "dask", "cupy"])
def test_forward_on_other_backends(name):
    backend = get_backend(name)
    h, W, b, y, w, s = _data()
    expected = _dense_reference(
        *(torch.tensor(a) for a in (h, W, b, y)),
        weight=torch.tensor(w),
        label_smoothing=0.1,
        z_loss=0.01,
        softcap=3.0,
        sample_weight=torch.tensor(s),
    )
    args = [backend.asarray(a) for a in (h, W, y)]
    for chunk in (7, 40):
        out = portloss.linear_cross_entropy(
            *args,
            linear_bias=backend.asarray(b),
            weight=backend.asarray(w),
            sample_weight=backend.asarray(s),
            label_smoothing=0.1,
            z_loss=0.01,
            softcap=3.0,
            chunk_size=chunk,
        )
        np.testing.assert_allclose(backend.to_numpy(out), expected.detach().item(), rtol=1e-10)


# --- memory --------------------------------------------------------------------------------


def test_torch_keeps_no_logits_sized_tensor_for_backward():
    rows, classes = 64, 1000
    rng = np.random.default_rng(2)
    th, tW = _leaves(
        rng.standard_normal((rows, H)), rng.standard_normal((classes, H)), dtype=torch.float32
    )
    y = torch.tensor(rng.integers(0, classes, rows))
    for reduction in ("mean", "none"):
        saved: list[int] = []
        with torch.autograd.graph.saved_tensors_hooks(
            lambda t, saved=saved: saved.append(t.numel()) or t, lambda t: t
        ):
            loss = portloss.linear_cross_entropy(
                th, tW, y, reduction=reduction, chunk_size=8 * classes
            )
        assert saved
        assert max(saved) <= classes * H
        loss.sum().backward()
    # The dense loss does keep one (the test can fail):
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(
        lambda t: saved.append(t.numel()) or t, lambda t: t
    ):
        F.cross_entropy(th @ tW.T, y)
    assert max(saved) >= rows * classes


def test_numpy_forward_peak_is_a_chunk():
    import tracemalloc

    rows, classes = 256, 4000
    rng = np.random.default_rng(3)
    h, W = rng.standard_normal((rows, H)), rng.standard_normal((classes, H))
    y = rng.integers(0, classes, rows)
    logits_bytes = rows * classes * 8
    tracemalloc.start()
    try:
        portloss.linear_cross_entropy(h, W, y, chunk_size=16 * classes)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        portloss.cross_entropy(h @ W.T, y)
        _, dense_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < logits_bytes / 4
    assert dense_peak >= logits_bytes  # the check can fail: the dense path holds them


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"W": np.zeros((V, 2, H))}, "K-dimensional head"),
        ({"W": np.zeros((V, H + 1))}, "features in its last axis"),
        ({"y": np.zeros((N, V))}, "class indices"),
        ({"y": np.zeros(N + 1, dtype=int)}, "leading shape"),
        ({"b": np.zeros(V + 1)}, r"linear_bias must have shape \(13,\)"),
        ({"chunk_size": 0}, "chunk_size must be a positive int"),
        ({"z_loss": -1.0}, "z_loss must be >= 0"),
        ({"softcap": 0.0}, "softcap must be > 0"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_input_names_the_argument(change, message):
    h, W, b, y, _, _ = _data()
    args = {"W": W, "y": y, "b": b}
    options = {k: v for k, v in change.items() if k not in args}
    args.update({k: v for k, v in change.items() if k in args})
    with pytest.raises((ValueError, TypeError), match=message):
        portloss.linear_cross_entropy(h, args["W"], args["y"], linear_bias=args["b"], **options)


@pytest.mark.parametrize("convention", ["keras", "paddle"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "sum_over_batch_size", "none"])
def test_convention_matches_cross_entropy_of_the_logits(convention, reduction):
    """The convention changes the reduction as it does for ``cross_entropy`` of the dense
    logits (ignored entries, a per-sequence ``sample_weight`` aligned from the left
    under Keras, a chunk that does not divide the rows)."""
    rng = np.random.default_rng(5)
    h = rng.standard_normal((3, 4, 6))
    W = rng.standard_normal((11, 6))
    y = rng.integers(0, 11, (3, 4))
    y[0, 1] = y[2, 3] = -100
    s = rng.uniform(0.5, 2.0, (3,) if convention == "keras" else (3, 1))
    got = portloss.linear_cross_entropy(
        h, W, y, sample_weight=s, reduction=reduction, convention=convention, chunk_size=5 * 11
    )
    want = portloss.cross_entropy(
        h @ W.T, y, axis=-1, sample_weight=s.reshape(3, 1), reduction=reduction,
        convention=convention,
    )  # fmt: skip
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
