"""cross_entropy against torch.nn.functional.cross_entropy, on every backend.

Each test builds seeded NumPy data in torch's layout, computes the torch reference inside
the test, moves the data to the portloss layout under test (class axis at 1 or at -1) and
compares every backend's result with it. ``sample_weight`` has no torch peer: its expected
values come from the docstring's formula written out in NumPy here. No expected number is
ever computed by portloss.
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
# layout under test -> (torch-layout input shape, class axis passed to portloss)
LAYOUTS = {
    "unbatched": ((C,), -1),
    "batched": ((N, C), -1),
    "kdim-axis1": ((N, C, H, W), 1),
    "kdim-last": ((N, C, H, W), -1),
}
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")


# --- helpers --------------------------------------------------------------------------


def torch_ce(x, t, *, dtype, weight=None, grad_of=(), **kw):
    """torch.nn.functional.cross_entropy on NumPy data in torch's layout.

    Returns the result and, for the names in ``grad_of`` ("input", "target"), the
    gradient of its sum from torch's own autograd.
    """
    torch, F = _torch()
    tx = torch.tensor(np.asarray(x, dtype=dtype), requires_grad="input" in grad_of)
    if t.dtype.kind == "f":
        tt = torch.tensor(np.asarray(t, dtype=dtype), requires_grad="target" in grad_of)
    else:
        tt = torch.tensor(t.astype(np.int64))
    tw = None if weight is None else torch.tensor(np.asarray(weight, dtype=dtype))
    out = F.cross_entropy(tx, tt, weight=tw, **kw)
    grads = {}
    if grad_of:
        out.sum().backward()
        grads = {name: {"input": tx, "target": tt}[name].grad.numpy() for name in grad_of}
    return out.detach().numpy(), grads


def to_layout(a, layout):
    """Torch-layout data (class axis 1) moved to the layout under test."""
    return np.moveaxis(a, 1, -1) if layout == "kdim-last" else a


def index_data(layout, ignore, seed=0):
    """Logits (torch layout) and class targets.

    ``ignore`` = "none": no target is ignored; "-100": every third target is -100;
    "1": every third target is class 1, to be ignored with ``ignore_index=1``. An
    unbatched target is 3, -100 or 1 respectively.
    """
    rng = np.random.default_rng(seed)
    shape, _ = LAYOUTS[layout]
    x = 2.0 * rng.standard_normal(shape)
    if len(shape) == 1:
        return x, np.asarray({"none": 3, "-100": -100, "1": 1}[ignore])
    t = rng.integers(0, C, size=shape[:1] + shape[2:])
    if ignore != "none":
        t.reshape(-1)[::3] = -100 if ignore == "-100" else 1
    return x, t


def probability_data(layout, seed=0):
    """Logits and class-probability targets (softmax of random numbers), torch layout."""
    rng = np.random.default_rng(seed)
    shape, _ = LAYOUTS[layout]
    x = 2.0 * rng.standard_normal(shape)
    e = np.exp(rng.standard_normal(shape))
    return x, e / e.sum(axis=0 if len(shape) == 1 else 1, keepdims=True)


def class_weight(seed=1):
    return np.random.default_rng(seed).uniform(0.2, 3.0, size=C)


def evaluate(backend, outs, dtype=None):
    """Results as NumPy arrays, read back in one transfer (one compute on Dask).

    Checks on the way that each result is an array of the backend's library, on its
    device, and (if given) of ``dtype``.
    """
    xp = backend.xp
    for out in outs:
        assert array_api_compat.array_namespace(out) is xp, type(out)
        assert array_api_compat.device(out) == backend.device
        if dtype is not None:
            assert out.dtype == dtype, (out.dtype, dtype)
    flat = backend.to_numpy(xp.concat([xp.reshape(o, (-1,)) for o in outs]))
    sizes = [math.prod(o.shape) for o in outs]
    parts = np.split(flat, np.cumsum(sizes)[:-1])
    return [p.reshape(tuple(o.shape)) for p, o in zip(parts, outs)]


def all_reductions(backend, fn, arrays, dtype=None, **kw):
    """``fn(*arrays, reduction=r, **kw)`` for every reduction, as NumPy arrays."""
    outs = [fn(*arrays, reduction=r, **kw) for r in REDUCTIONS]
    return dict(zip(REDUCTIONS, evaluate(backend, outs, dtype)))


def assert_reductions(got, expected, tol):
    for r in REDUCTIONS:
        assert got[r].shape == np.shape(expected[r]), r
        np.testing.assert_allclose(got[r], expected[r], **tol, err_msg=f"reduction={r}")


# --- oracle: torch.nn.functional.cross_entropy --------------------------------------------

# Option sets covering every pair of {class weight} x {no / -100 / class-1 ignored targets}
# x {label smoothing 0, 0.1}, plus all three together (smoothing 0.1 and 0.3), in float64,
# and a float32 set; every set runs all three reductions. Unbatched input has a single
# target (so its ignore cases are all-ignored) and gets its own list. The lists are kept
# short on purpose: each call costs ~30 ms on Dask and each new shape compiles on JAX.
_FULL_INDEX = [
    ("float64", "none", False, 0.0),
    ("float64", "none", True, 0.1),
    ("float64", "-100", False, 0.1),
    ("float64", "-100", True, 0.0),
    ("float64", "1", False, 0.0),
    ("float64", "1", True, 0.1),
    ("float64", "-100", True, 0.3),
    ("float32", "1", True, 0.3),
]
_UNBATCHED_INDEX = [
    ("float64", "none", False, 0.0),
    ("float64", "none", True, 0.3),
    ("float64", "-100", True, 0.1),
    ("float64", "1", False, 0.3),
]
INDEX_CASES = [("unbatched", *case) for case in _UNBATCHED_INDEX] + [
    (layout, *case) for case in _FULL_INDEX for layout in ["batched", "kdim-axis1", "kdim-last"]
]
_FULL_PROBABILITY = [
    ("float64", False, 0.0),
    ("float64", True, 0.0),
    ("float64", False, 0.3),
    ("float32", True, 0.1),
]
PROBABILITY_CASES = [("unbatched", "float64", True, 0.1)] + [
    (layout, *case)
    for case in _FULL_PROBABILITY
    for layout in ["batched", "kdim-axis1", "kdim-last"]
]


def _ids(cases):
    return ["-".join(str(v) for v in case) for case in cases]


@pytest.mark.parametrize(
    ("layout", "dtype", "ignore", "weighted", "smoothing"), INDEX_CASES, ids=_ids(INDEX_CASES)
)
def test_index_targets_match_torch(backend, layout, dtype, ignore, weighted, smoothing):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    x, t = index_data(layout, ignore)
    w = class_weight() if weighted else None
    kw = {"label_smoothing": smoothing}
    if ignore == "1":
        kw["ignore_index"] = 1
    expected = {r: torch_ce(x, t, dtype=dtype, weight=w, reduction=r, **kw)[0] for r in REDUCTIONS}
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(to_layout(x, layout).astype(dtype)), backend.asarray(t)),
        dtype=getattr(backend.xp, dtype),
        weight=None if w is None else backend.asarray(w.astype(dtype)),
        axis=LAYOUTS[layout][1],
        **kw,
    )
    assert_reductions(got, expected, TOL[dtype])


@pytest.mark.parametrize(
    ("layout", "dtype", "weighted", "smoothing"),
    PROBABILITY_CASES,
    ids=_ids(PROBABILITY_CASES),
)
def test_probability_targets_match_torch(backend, layout, dtype, weighted, smoothing):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    x, p = probability_data(layout)
    w = class_weight() if weighted else None
    expected = {
        r: torch_ce(x, p, dtype=dtype, weight=w, reduction=r, label_smoothing=smoothing)[0]
        for r in REDUCTIONS
    }
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (
            backend.asarray(to_layout(x, layout).astype(dtype)),
            backend.asarray(to_layout(p, layout).astype(dtype)),
        ),
        dtype=getattr(backend.xp, dtype),
        weight=None if w is None else backend.asarray(w.astype(dtype)),
        label_smoothing=smoothing,
        axis=LAYOUTS[layout][1],
    )
    assert_reductions(got, expected, TOL[dtype])


@pytest.mark.parametrize(
    ("layout", "ignore_index", "weighted", "smoothing"),
    [
        ("batched", -100, False, 0.0),
        ("kdim-axis1", 2, True, 0.1),
        ("kdim-last", -100, True, 0.3),
    ],
)
def test_all_ignored_batch(backend, layout, ignore_index, weighted, smoothing):
    """mean is NaN (torch's 0/0), sum is 0, none is all zeros."""
    x, t = index_data(layout, "none")
    t = np.full_like(t, ignore_index)
    w = class_weight() if weighted else None
    kw = {"ignore_index": ignore_index, "label_smoothing": smoothing}
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(to_layout(x, layout)), backend.asarray(t)),
        weight=None if w is None else backend.asarray(w),
        axis=LAYOUTS[layout][1],
        **kw,
    )
    assert got["mean"].shape == ()
    assert np.isnan(got["mean"])
    assert got["sum"].shape == ()
    assert got["sum"] == 0.0
    np.testing.assert_array_equal(got["none"], np.zeros(t.shape))
    # torch agrees
    assert np.isnan(torch_ce(x, t, dtype="float64", weight=w, **kw)[0])
    assert torch_ce(x, t, dtype="float64", weight=w, reduction="sum", **kw)[0] == 0.0


@pytest.mark.parametrize(
    ("layout", "form", "options"),
    [
        ("batched", "index", "plain"),
        ("kdim-axis1", "index", "weight-smoothing"),
        ("batched", "probability", "weight-smoothing"),
        ("kdim-axis1", "probability", "plain"),
    ],
)
def test_zero_size_batch(backend, layout, form, options):
    """N=0: mean NaN, sum 0, none of shape (0, ...), as torch."""
    shape, axis = LAYOUTS[layout]
    shape = (0, *shape[1:])
    loss_shape = shape[:1] + shape[2:]
    x = np.zeros(shape)
    t = np.zeros(loss_shape, dtype=np.int64) if form == "index" else np.zeros(shape)
    w, smoothing = (None, 0.0) if options == "plain" else (class_weight(), 0.1)
    expected = {
        r: torch_ce(x, t, dtype="float64", weight=w, reduction=r, label_smoothing=smoothing)[0]
        for r in REDUCTIONS
    }
    assert np.isnan(expected["mean"])
    assert expected["sum"] == 0.0
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (
            backend.asarray(to_layout(x, layout)),
            backend.asarray(t if form == "index" else to_layout(t, layout)),
        ),
        weight=None if w is None else backend.asarray(w),
        label_smoothing=smoothing,
        axis=axis,
    )
    assert got["none"].shape == loss_shape == expected["none"].shape
    assert got["mean"].shape == ()
    assert np.isnan(got["mean"])
    assert got["sum"].shape == ()
    assert got["sum"] == 0.0


@pytest.mark.parametrize(
    ("layout", "form"),
    [
        ("batched", "index"),
        ("kdim-axis1", "index"),
        ("kdim-last", "index"),
        ("kdim-axis1", "probability"),
    ],
)
def test_extreme_logits_float32(backend, layout, form):
    """Logits of +-1e4 in float32: finite results equal to torch's."""
    rng = np.random.default_rng(7)
    shape, axis = LAYOUTS[layout]
    x = rng.choice(np.array([-1e4, 1e4, 0.5, -3.0]), size=shape).astype(np.float32)
    if form == "index":
        # targets on a -1e4 logit (loss ~2e4), on a +1e4 logit (loss ~0) or ignored
        t = np.argmin(x, axis=1)
        t.reshape(-1)[::2] = np.argmax(x, axis=1).reshape(-1)[::2]
        t.reshape(-1)[::3] = -100
        T = backend.asarray(t)
    else:
        t = probability_data(layout, seed=8)[1].astype(np.float32)
        T = backend.asarray(to_layout(t, layout))
    w = class_weight().astype(np.float32)
    expected = {
        r: torch_ce(x, t, dtype="float32", weight=w, reduction=r, label_smoothing=0.1)[0]
        for r in REDUCTIONS
    }
    assert all(np.isfinite(e).all() for e in expected.values())
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(to_layout(x, layout)), T),
        weight=backend.asarray(w),
        label_smoothing=0.1,
        axis=axis,
    )
    for r in REDUCTIONS:
        assert np.isfinite(got[r]).all(), r
    assert_reductions(got, expected, {"rtol": 1e-5, "atol": 1e-5})


# --- sample_weight: portloss only, expected values from the docstring formula -------------


def np_log_softmax(x, axis):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def np_index_terms(x, t, *, axis, weight=None, ignore_index=-100, smoothing=0.0):
    """(l_n, w_{y_n}) of the docstring, both 0 on ignored entries; float64 NumPy.

    l_n = (1 - a) w_{y_n} (-log p_{n y_n}) + a / C sum_c w_c (-log p_nc)
    """
    logp = np.moveaxis(np_log_softmax(x, axis), axis, -1)
    num_classes = logp.shape[-1]
    w = np.ones(num_classes) if weight is None else weight
    valid = t != ignore_index
    y = np.where(valid, t, 0)
    nll = -np.take_along_axis(logp, y[..., None], axis=-1)[..., 0]
    smooth = -(w * logp).sum(axis=-1)
    loss = (1 - smoothing) * w[y] * nll + smoothing / num_classes * smooth
    return np.where(valid, loss, 0.0), np.where(valid, w[y], 0.0)


def np_probability_terms(x, p, *, axis, weight=None, smoothing=0.0):
    """l_n = -sum_c w_c t'_nc log p_nc with t' = (1 - a) t + a / C."""
    logp = np.moveaxis(np_log_softmax(x, axis), axis, -1)
    p = np.moveaxis(p, axis, -1)
    num_classes = logp.shape[-1]
    w = np.ones(num_classes) if weight is None else weight
    smoothed = (1 - smoothing) * p + smoothing / num_classes
    return -(w * smoothed * logp).sum(axis=-1)


def np_reductions(loss, share, s):
    """none = s l, mean = sum(s l) / sum(s share), sum = sum(s l)."""
    s = np.broadcast_to(np.asarray(s, dtype=np.float64), loss.shape)
    total = (s * loss).sum()
    return {"none": s * loss, "mean": total / (s * share).sum(), "sum": total}


@pytest.mark.parametrize(
    ("layout", "s_kind"),
    [
        ("batched", "float"),
        ("batched", "int"),
        ("batched", "scalar"),
        ("kdim-axis1", "per-sample"),
        ("kdim-last", "per-sample"),
        ("kdim-last", "full"),
    ],
)
def test_sample_weight_index_targets(backend, layout, s_kind):
    """mean = sum s_n l_n / sum s_n w_{y_n} over non-ignored entries."""
    x, t = index_data(layout, "-100", seed=3)
    x = to_layout(x, layout)
    axis = LAYOUTS[layout][1]
    w = class_weight()
    rng = np.random.default_rng(4)
    s = {
        "float": lambda: rng.uniform(0.0, 2.0, size=t.shape),
        "int": lambda: rng.integers(0, 4, size=t.shape),
        "scalar": lambda: np.asarray(2.5),
        "per-sample": lambda: rng.uniform(0.0, 2.0, size=(N, 1, 1)),  # broadcasts over H, W
        "full": lambda: rng.uniform(0.0, 2.0, size=t.shape),
    }[s_kind]()
    loss, share = np_index_terms(x, t, axis=axis, weight=w, smoothing=0.1)
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(x), backend.asarray(t)),
        weight=backend.asarray(w),
        sample_weight=backend.asarray(s),
        label_smoothing=0.1,
        axis=axis,
    )
    assert_reductions(got, np_reductions(loss, share, s), TOL["float64"])


@pytest.mark.parametrize("layout", ["batched", "kdim-axis1"])
def test_sample_weight_bool_mask_removes_rows(backend, layout):
    """A bool sample_weight is a mask: the same as dropping the masked rows."""
    x, t = index_data(layout, "1", seed=5)
    axis = LAYOUTS[layout][1]
    w = class_weight()
    keep = np.array([True, False, True, True, False, True])
    mask = keep if layout == "batched" else keep[:, None, None]  # (N, 1, 1) broadcasts
    # expected: the formula on the kept rows alone, with no sample weight
    loss, share = np_index_terms(
        x[keep], t[keep], axis=axis, weight=w, ignore_index=1, smoothing=0.3
    )
    none = np.zeros(t.shape)
    none[keep] = loss
    expected = {"none": none, "mean": loss.sum() / share.sum(), "sum": loss.sum()}
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(x), backend.asarray(t)),
        weight=backend.asarray(w),
        sample_weight=backend.asarray(mask),
        ignore_index=1,
        label_smoothing=0.3,
        axis=axis,
    )
    assert_reductions(got, expected, TOL["float64"])


@pytest.mark.parametrize(("layout", "s_shape"), [("batched", (N,)), ("kdim-last", (N, 1, 1))])
def test_sample_weight_probability_targets(backend, layout, s_shape):
    """Probability targets: mean = sum s_n l_n / sum s_n (class weights not in it)."""
    x, p = probability_data(layout, seed=6)
    x, p = to_layout(x, layout), to_layout(p, layout)
    axis = LAYOUTS[layout][1]
    w = class_weight()
    s = np.random.default_rng(9).uniform(0.0, 2.0, size=s_shape)
    loss = np_probability_terms(x, p, axis=axis, weight=w, smoothing=0.1)
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(x), backend.asarray(p)),
        weight=backend.asarray(w),
        sample_weight=backend.asarray(s),
        label_smoothing=0.1,
        axis=axis,
    )
    assert_reductions(got, np_reductions(loss, np.ones(loss.shape), s), TOL["float64"])


def test_sample_weight_all_zero_gives_nan_mean(backend):
    x, t = index_data("batched", "none")
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (backend.asarray(x), backend.asarray(t)),
        sample_weight=backend.asarray(np.zeros(N)),
    )
    assert np.isnan(got["mean"])
    assert got["sum"] == 0.0
    np.testing.assert_array_equal(got["none"], np.zeros(N))


# --- gradients ----------------------------------------------------------------------------

GRAD_CASES = {
    "kdim-axis1-ignore-weight-smooth-mean": ("kdim-axis1", "-100", True, 0.1, "mean"),
    "kdim-last-ignore1-weight-smooth-sum": ("kdim-last", "1", True, 0.3, "sum"),
}


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize("case", list(GRAD_CASES))
def test_input_gradient_matches_torch(backend_name, case):
    backend = get_backend(backend_name)
    layout, ignore, weighted, smoothing, reduction = GRAD_CASES[case]
    x, t = index_data(layout, ignore, seed=11)
    w = class_weight() if weighted else None
    kw = {"label_smoothing": smoothing, "reduction": reduction}
    if ignore == "1":
        kw["ignore_index"] = 1
    _, grads = torch_ce(x, t, dtype="float64", weight=w, grad_of=("input",), **kw)
    Wb = None if w is None else backend.asarray(w)

    def f(X, T):
        return portloss.cross_entropy(X, T, weight=Wb, axis=LAYOUTS[layout][1], **kw)

    g = backend.grad(f, [backend.asarray(to_layout(x, layout)), backend.asarray(t)])
    np.testing.assert_allclose(
        backend.to_numpy(g), to_layout(grads["input"], layout), rtol=1e-10, atol=1e-12
    )


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
def test_probability_target_gradients_match_torch(backend_name):
    """Gradients with respect to the input and to the probability targets."""
    backend = get_backend(backend_name)
    x, p = probability_data("kdim-last", seed=12)
    w = class_weight()
    kw = {"label_smoothing": 0.1}
    _, grads = torch_ce(x, p, dtype="float64", weight=w, grad_of=("input", "target"), **kw)
    Wb = backend.asarray(w)

    def f(X, P):
        return portloss.cross_entropy(X, P, weight=Wb, **kw)

    arrays = [
        backend.asarray(to_layout(x, "kdim-last")),
        backend.asarray(to_layout(p, "kdim-last")),
    ]
    for argnum, name in enumerate(("input", "target")):
        g = backend.to_numpy(backend.grad(f, arrays, argnum=argnum))
        expected = to_layout(grads[name], "kdim-last")
        np.testing.assert_allclose(g, expected, rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
def test_gradient_finite_at_extreme_logits(backend_name):
    backend = get_backend(backend_name)
    rng = np.random.default_rng(13)
    x = rng.choice(np.array([-1e4, 1e4, 0.0]), size=(N, C, H, W)).astype(np.float32)
    t = np.argmin(x, axis=1)  # the target sits on a -1e4 logit where there is one
    t.reshape(-1)[::4] = -100
    w = class_weight().astype(np.float32)
    kw = {"label_smoothing": 0.1}
    _, grads = torch_ce(x, t, dtype="float32", weight=w, grad_of=("input",), **kw)
    Wb = backend.asarray(w)

    def f(X, T):
        return portloss.cross_entropy(X, T, weight=Wb, axis=1, **kw)

    g = backend.to_numpy(backend.grad(f, [backend.asarray(x), backend.asarray(t)]))
    assert np.isfinite(g).all()
    np.testing.assert_allclose(g, grads["input"], rtol=1e-5, atol=1e-7)


# --- jax.jit --------------------------------------------------------------------------------

JIT_CASES = ["probability-sum", "index-sample_weight-mean"]


@pytest.mark.parametrize("case", JIT_CASES)
def test_jax_jit_equals_eager_and_torch(case):
    """Options closed over with functools.partial; value and jax.grad under jit."""
    backend = get_backend("jax")
    import jax

    reduction = case.rsplit("-", 1)[1]
    w = class_weight()
    if case.startswith("probability"):
        x, t = probability_data("kdim-axis1", seed=14)
        kw = {"label_smoothing": 0.1}
    else:
        x, t = index_data("kdim-axis1", "1", seed=14)
        kw = {"label_smoothing": 0.1, "ignore_index": 1}
    expected, grads = torch_ce(
        x, t, dtype="float64", weight=w, reduction=reduction, grad_of=("input",), **kw
    )
    opts = {"weight": backend.asarray(w), "reduction": reduction, "axis": 1, **kw}
    if "sample_weight" in case:
        opts["sample_weight"] = backend.asarray(np.ones((N, 1, 1)))
    fn = functools.partial(portloss.cross_entropy, **opts)
    X, T = backend.asarray(x), backend.asarray(t)

    jitted = np.asarray(backend.jit_call(fn, [X, T]))
    np.testing.assert_allclose(jitted, np.asarray(fn(X, T)), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(jitted, expected, rtol=1e-10, atol=1e-12)

    g = jax.jit(jax.grad(lambda X, T: fn(X, T).sum()))(X, T)
    np.testing.assert_allclose(np.asarray(g), grads["input"], rtol=1e-10, atol=1e-12)


# --- dtypes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
@pytest.mark.parametrize("form", ["index", "probability"])
def test_low_precision_computed_in_float32(backend, low, form):
    """float16/bfloat16 in: that dtype out, equal to the float32 loss of the upcast input
    up to one rounding to the low precision."""
    if low not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {low}")
    xp = backend.xp
    low_dtype = getattr(xp, low)

    def lowp(a):
        return xp.astype(backend.asarray(a.astype(np.float32)), low_dtype)

    if form == "index":
        x, t = index_data("kdim-axis1", "-100", seed=15)
        T = backend.asarray(t)
    else:
        x, t = probability_data("kdim-axis1", seed=15)
        T = lowp(t)
        t = backend.to_numpy(T).astype(np.float32)  # the low-precision values, upcast
    X, Wb = lowp(x), lowp(class_weight())
    x32 = backend.to_numpy(X).astype(np.float32)
    w32 = backend.to_numpy(Wb).astype(np.float32)
    expected = {
        r: torch_ce(x32, t, dtype="float32", weight=w32, label_smoothing=0.1, reduction=r)[0]
        for r in REDUCTIONS
    }
    got = all_reductions(
        backend,
        portloss.cross_entropy,
        (X, T),
        dtype=low_dtype,
        weight=Wb,
        label_smoothing=0.1,
        axis=1,
    )
    got = {r: v.astype(np.float32) for r, v in got.items()}
    ulp = 2.0**-10 if low == "float16" else 2.0**-7
    assert_reductions(got, expected, {"rtol": ulp, "atol": 1e-6})


INT_DTYPES = ("int8", "int16", "int32", "int64", "uint8")


def test_any_integer_target_dtype(backend):
    x, t = index_data("kdim-axis1", "1", seed=16)
    w = class_weight()
    kw = {"ignore_index": 1, "label_smoothing": 0.1}
    expected = {
        r: torch_ce(x, t, dtype="float64", weight=w, reduction=r, **kw)[0] for r in REDUCTIONS
    }
    X, Wb = backend.asarray(x), backend.asarray(w)
    outs = [
        portloss.cross_entropy(
            X, backend.asarray(t.astype(d)), weight=Wb, reduction=r, axis=1, **kw
        )
        for d in INT_DTYPES
        for r in REDUCTIONS
    ]
    got = evaluate(backend, outs, dtype=backend.xp.float64)
    for i, d in enumerate(INT_DTYPES):
        for j, r in enumerate(REDUCTIONS):
            np.testing.assert_allclose(
                got[3 * i + j], expected[r], **TOL["float64"], err_msg=f"{d}, reduction={r}"
            )


# --- inputs are left alone ------------------------------------------------------------------


@pytest.mark.parametrize("form", ["index", "probability"])
def test_inputs_not_modified(backend, form):
    if form == "index":
        x, t = index_data("kdim-last", "-100", seed=17)
    else:
        x, t = probability_data("kdim-last", seed=17)
        t = to_layout(t, "kdim-last")
    originals = {
        "input": to_layout(x, "kdim-last"),
        "target": t,
        "weight": class_weight(),
        "sample_weight": np.random.default_rng(18).uniform(0.5, 2.0, size=(N, 1, 1)),
    }
    copies = {k: a.copy() for k, a in originals.items()}
    arrays = {k: backend.asarray(a) for k, a in originals.items()}
    all_reductions(
        backend,
        portloss.cross_entropy,
        (arrays["input"], arrays["target"]),
        weight=arrays["weight"],
        sample_weight=arrays["sample_weight"],
        label_smoothing=0.1,
    )
    for name, a in arrays.items():
        np.testing.assert_array_equal(backend.to_numpy(a), copies[name], err_msg=name)
        np.testing.assert_array_equal(originals[name], copies[name], err_msg=name)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_torch_autograd_reaches_caller_tensors(dtype):
    """No re-wrapping: the loss has a grad_fn and gradients land on the caller's tensors."""
    torch, _ = _torch()
    get_backend("torch")
    tdtype = getattr(torch, dtype)
    x, p = probability_data("batched", seed=19)
    X = torch.tensor(x, dtype=tdtype, requires_grad=True)
    P = torch.tensor(p, dtype=tdtype, requires_grad=True)
    S = torch.ones(N, dtype=tdtype, requires_grad=True)
    loss = portloss.cross_entropy(X, P, sample_weight=S)
    assert loss.grad_fn is not None
    loss.backward()
    for name, a in (("input", X), ("target", P), ("sample_weight", S)):
        assert a.grad is not None, name
        assert bool(torch.isfinite(a.grad).all()), name
        assert bool((a.grad != 0).any()), name

    _, t = index_data("batched", "none")
    X2 = torch.tensor(x, dtype=tdtype, requires_grad=True)
    out = portloss.cross_entropy(X2, torch.tensor(t), reduction="none")
    assert out.grad_fn is not None
    out.sum().backward()
    assert X2.grad is not None
