"""Regression losses: torch.nn.functional, Keras formulas and golden values, on every backend.

torch is the oracle for the torch-named losses (computed inside each test on seeded
data). Where portloss adds a ``weight`` torch lacks (smooth L1, Poisson and Gaussian NLL),
the expected value is torch's unreduced loss times the weight, reduced as the docstrings
say (``mean`` divides by the element count). The Keras losses (log-cosh, MAPE, MSLE) are
checked against their formulas written in NumPy here and against Keras itself when it is
installed. No expected number is computed by portloss.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from _helpers import TOL
from _helpers import torch_oracle as _torch

import portloss
from portloss._backends import use_native

N, D = 6, 5
REDUCTIONS = ("none", "mean", "sum")
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")

# golden-values.md, section D
GX = [[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]]
GT1 = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]


def _t(a, dtype="float64", grad=False):
    torch, _ = _torch()
    return torch.tensor(np.asarray(a, dtype=dtype)).requires_grad_(grad)


def _reduce(loss, reduction):
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


def _as(backend, a, dtype):
    return None if a is None else backend.asarray(np.asarray(a).astype(dtype))


def _check(backend, out, expected, dtype, msg=""):
    assert out.dtype == getattr(backend.xp, dtype), (out.dtype, dtype)
    got = backend.to_numpy(out)
    assert got.shape == np.shape(expected), (msg, got.shape, np.shape(expected))
    np.testing.assert_allclose(got, expected, **TOL[dtype], err_msg=msg)


def data(seed=0, shape=(N, D)):
    rng = np.random.default_rng(seed)
    return 2.0 * rng.standard_normal(shape), rng.standard_normal(shape)


def counts(seed=1, shape=(N, D)):
    return np.random.default_rng(seed).integers(0, 6, shape).astype(np.float64)


def elementwise_weight(kind, shape=(N, D), seed=2):
    rng = np.random.default_rng(seed)
    return {
        None: None,
        "full": rng.uniform(0.1, 2.0, shape),
        "last": rng.uniform(0.1, 2.0, shape[-1:]),  # broadcast along the batch
        "column": rng.uniform(0.1, 2.0, (shape[0], 1)),
    }[kind]


# ----------------------------------------------------------------- torch as the oracle

TORCH_WEIGHT = ("l1_loss", "mse_loss", "huber_loss")  # torch has an elementwise weight


def torch_loss(name, x, y, *extra, weight=None, reduction="mean", dtype="float64", **options):
    """torch.nn.functional.<name> on NumPy data; a weight torch lacks scales its unreduced loss."""
    _, F = _torch()
    args = [a if isinstance(a, float) else _t(a, dtype) for a in (x, y, *extra)]
    fn = getattr(F, name)
    if weight is None:
        return fn(*args, reduction=reduction, **options).numpy()
    w = _t(np.broadcast_to(weight, np.shape(x)), dtype)
    if name in TORCH_WEIGHT:
        return fn(*args, reduction=reduction, weight=w, **options).numpy()
    loss = fn(*args, reduction="none", **options) * w
    if reduction == "mean":  # a weight torch lacks is a sample weight: the mean divides by it
        return (loss.sum() / w.sum()).numpy()
    return _reduce(loss, reduction).numpy()


# (loss, options, weight kind, dtype)
ELEMENTWISE = [
    ("l1_loss", {}, None, "float64"),
    ("l1_loss", {}, "full", "float64"),
    ("l1_loss", {}, "last", "float32"),
    ("mse_loss", {}, None, "float64"),
    ("mse_loss", {}, "column", "float64"),
    ("mse_loss", {}, "full", "float32"),
    ("huber_loss", {}, None, "float64"),
    ("huber_loss", {"delta": 0.5}, "full", "float64"),
    ("huber_loss", {"delta": 2.0}, "last", "float32"),
    ("smooth_l1_loss", {}, None, "float64"),
    ("smooth_l1_loss", {"beta": 0.5}, "column", "float64"),
    ("smooth_l1_loss", {"beta": 0.0}, None, "float64"),
    ("smooth_l1_loss", {"beta": 2.0}, None, "float32"),
]


def _id(case):
    return "-".join(str(v) for v in (case[0], *case[1].values(), case[2], case[3]))


@pytest.mark.parametrize(
    ("name", "options", "weight", "dtype"), ELEMENTWISE, ids=map(_id, ELEMENTWISE)
)
def test_elementwise_losses_match_torch(backend, name, options, weight, dtype):
    _skip_dtype(backend, dtype)
    x, y = data()
    w = elementwise_weight(weight)
    fn = getattr(portloss, name)
    for reduction in REDUCTIONS:
        expected = torch_loss(name, x, y, weight=w, reduction=reduction, dtype=dtype, **options)
        out = fn(
            _as(backend, x, dtype),
            _as(backend, y, dtype),
            weight=_as(backend, w, dtype),
            reduction=reduction,
            **options,
        )
        _check(backend, out, expected, dtype, reduction)


POISSON = [
    (True, False, None, "float64"),
    (True, True, None, "float64"),
    (False, False, None, "float64"),
    (False, True, "column", "float64"),
    (True, True, None, "float32"),
]


@pytest.mark.parametrize(("log_input", "full", "weight", "dtype"), POISSON)
def test_poisson_nll_loss_matches_torch(backend, log_input, full, weight, dtype):
    _skip_dtype(backend, dtype)
    x, _ = data(3)
    if not log_input:
        x = np.abs(x)
        x[0, :2] = 0.0  # a zero rate: log(0 + eps)
    y = counts()
    y[1, :3] = [0.0, 1.0, 2.0]  # the Stirling term starts above 1
    w = elementwise_weight(weight)
    options = {"log_input": log_input, "full": full}
    for reduction in REDUCTIONS:
        expected = torch_loss(
            "poisson_nll_loss", x, y, weight=w, reduction=reduction, dtype=dtype, **options
        )
        out = portloss.poisson_nll_loss(
            _as(backend, x, dtype),
            _as(backend, y, dtype),
            weight=_as(backend, w, dtype),
            reduction=reduction,
            **options,
        )
        _check(backend, out, expected, dtype, reduction)


def test_poisson_nll_loss_eps_and_integer_counts(backend):
    x = np.abs(data(4)[0])
    x[0, 0] = 0.0
    y = counts(5)
    expected = torch_loss("poisson_nll_loss", x, y, log_input=False, eps=1e-3)
    out = portloss.poisson_nll_loss(
        backend.asarray(x), backend.asarray(y.astype(np.int64)), log_input=False, eps=1e-3
    )
    _check(backend, out, expected, "float64")


# var kind -> (input shape, var shape)
GAUSSIAN_VARS = {
    "same": ((N, D), (N, D)),
    "last-1": ((N, D), (N, 1)),
    "no-last-dim": ((N, D), (N,)),
    "one-dim-1": ((3, 4, D), (3, 1, D)),
    "first-1": ((N, D), (1, D)),
    "unbatched": ((D,), ()),
}


@pytest.mark.parametrize("var_kind", list(GAUSSIAN_VARS))
@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_loss_matches_torch(backend, var_kind, full):
    in_shape, var_shape = GAUSSIAN_VARS[var_kind]
    x, y = data(6, in_shape)
    var = np.random.default_rng(7).uniform(0.1, 2.0, var_shape)
    for reduction in REDUCTIONS:
        expected = torch_loss("gaussian_nll_loss", x, y, var, full=full, reduction=reduction)
        out = portloss.gaussian_nll_loss(
            backend.asarray(x),
            backend.asarray(y),
            backend.asarray(var),
            full=full,
            reduction=reduction,
        )
        _check(backend, out, expected, "float64", reduction)


def test_gaussian_nll_loss_options_match_torch(backend):
    """A Python-number var, var below eps (clamped), a weight, float32."""
    x, y = data(8)
    var = np.random.default_rng(9).uniform(0.0, 1e-3, (N, D))
    w = elementwise_weight("last")
    for reduction in REDUCTIONS:
        expected = torch_loss("gaussian_nll_loss", x, y, 0.5, reduction=reduction)
        out = portloss.gaussian_nll_loss(
            backend.asarray(x), backend.asarray(y), 0.5, reduction=reduction
        )
        _check(backend, out, expected, "float64", f"float var {reduction}")
        expected = torch_loss(
            "gaussian_nll_loss", x, y, var, eps=1e-3, weight=w, reduction=reduction, dtype="float32"
        )
        out = portloss.gaussian_nll_loss(
            _as(backend, x, "float32"),
            _as(backend, y, "float32"),
            _as(backend, var, "float32"),
            eps=1e-3,
            weight=_as(backend, w, "float32"),
            reduction=reduction,
        )
        _check(backend, out, expected, "float32", f"clamped var {reduction}")


def test_empty_batch_is_nan_mean_zero_sum(backend):
    x, y = np.zeros((0, D)), np.zeros((0, D))
    for name in ("l1_loss", "mse_loss", "huber_loss", "log_cosh_loss"):
        fn = getattr(portloss, name)
        assert np.isnan(backend.to_numpy(fn(backend.asarray(x), backend.asarray(y))))
        assert backend.to_numpy(fn(backend.asarray(x), backend.asarray(y), reduction="sum")) == 0.0
        none = fn(backend.asarray(x), backend.asarray(y), reduction="none")
        assert tuple(none.shape) == (0, D)
    assert np.isnan(torch_loss("l1_loss", x, y))  # torch agrees


# ------------------------------------------------------------------ sample_weight


@pytest.mark.parametrize(
    "name", ["l1_loss", "huber_loss", "poisson_nll_loss", "mean_absolute_percentage_error"]
)
def test_sample_weight_enters_the_mean_denominator(backend, name):
    """mean = sum(s * w * l) / sum(s * m), m = 1 for huber (torch's weight), w otherwise."""
    x, y = data(10)
    x = np.abs(x) if name == "poisson_nll_loss" else x
    w = elementwise_weight("full")
    s = np.random.default_rng(11).uniform(0.0, 2.0, (N, 1))
    mask = np.array([True, False, True, True, False, True])[:, None]
    fn = getattr(portloss, name)
    unweighted = backend.to_numpy(fn(backend.asarray(x), backend.asarray(y), reduction="none"))
    share = np.ones_like(w) if name == "huber_loss" else w
    for sw in (s, mask):
        got = fn(
            backend.asarray(x),
            backend.asarray(y),
            weight=backend.asarray(w),
            sample_weight=backend.asarray(sw),
        )
        expected = np.sum(sw * w * unweighted) / np.sum(sw * share)
        np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])
        got = fn(
            backend.asarray(x),
            backend.asarray(y),
            sample_weight=backend.asarray(sw),
            reduction="none",
        )
        np.testing.assert_allclose(backend.to_numpy(got), sw * unweighted, **TOL["float64"])


# -------------------------------------------------------------- Keras' losses (NumPy)


def keras_formula(name, y_pred, y_true):
    """Keras 3's definitions (keras/src/losses/losses.py), elementwise, in NumPy."""
    eps = 1e-7
    if name == "log_cosh_loss":
        d = y_pred - y_true
        return d + np.log1p(np.exp(-2.0 * d)) - np.log(2.0)  # Keras: x + softplus(-2x) - log 2
    if name == "mean_absolute_percentage_error":
        return 100.0 * np.abs((y_true - y_pred) / np.maximum(np.abs(y_true), eps))
    first = np.log(np.maximum(y_pred, eps) + 1.0)
    second = np.log(np.maximum(y_true, eps) + 1.0)
    return (first - second) ** 2


KERAS = ["log_cosh_loss", "mean_absolute_percentage_error", "mean_squared_logarithmic_error"]


@pytest.mark.parametrize("name", KERAS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_keras_losses_match_their_formulas(backend, name, dtype):
    _skip_dtype(backend, dtype)
    x, y = data(12)
    if name == "mean_squared_logarithmic_error":
        x, y = np.abs(x) - 0.5, np.abs(y)  # some predictions below the clamp
    if name == "mean_absolute_percentage_error":
        y[0, 0] = 0.0  # a zero target: the eps floor
    w = elementwise_weight("last")
    unreduced = keras_formula(name, x, y)
    fn = getattr(portloss, name)
    tol = (
        TOL[dtype]
        if name != "mean_absolute_percentage_error"
        else {**TOL[dtype], "rtol": 5 * TOL[dtype]["rtol"]}
    )
    for reduction in REDUCTIONS:
        out = fn(_as(backend, x, dtype), _as(backend, y, dtype), reduction=reduction)
        assert out.dtype == getattr(backend.xp, dtype)
        np.testing.assert_allclose(backend.to_numpy(out), _reduce(unreduced, reduction), **tol)
        out = fn(
            _as(backend, x, dtype),
            _as(backend, y, dtype),
            weight=_as(backend, w, dtype),
            reduction=reduction,
        )
        wb = np.broadcast_to(w, unreduced.shape)
        expected = (
            np.sum(unreduced * wb) / np.sum(wb)  # portloss' weight is a sample weight
            if reduction == "mean"
            else _reduce(unreduced * wb, reduction)
        )
        np.testing.assert_allclose(backend.to_numpy(out), expected, **tol)


def test_keras_itself_when_installed():
    """Keras' per-sample values are portloss' unreduced loss averaged over the last axis."""
    os.environ.setdefault("KERAS_BACKEND", "numpy")
    keras = pytest.importorskip("keras")
    x, y = data(13)
    pos_x, pos_y = np.abs(x), np.abs(y)
    for name, keras_fn, (pred, true) in (
        ("log_cosh_loss", keras.losses.log_cosh, (x, y)),
        ("mean_absolute_percentage_error", keras.losses.mean_absolute_percentage_error, (x, y)),
        (
            "mean_squared_logarithmic_error",
            keras.losses.mean_squared_logarithmic_error,
            (pos_x - 0.5, pos_y),
        ),
    ):
        expected = np.asarray(keras_fn(true.astype(np.float32), pred.astype(np.float32)))
        got = getattr(portloss, name)(
            pred.astype(np.float32), true.astype(np.float32), reduction="none"
        )
        np.testing.assert_allclose(got.mean(axis=-1), expected, rtol=2e-5, atol=1e-6, err_msg=name)
    # Keras' sample_weight with "sum_over_batch_size" is convention="keras"
    sw = np.random.default_rng(14).uniform(0.1, 2.0, N).astype(np.float32)
    loss = keras.losses.MeanSquaredLogarithmicError()
    expected = float(loss(pos_y.astype(np.float32), pos_x.astype(np.float32), sample_weight=sw))
    got = portloss.mean_squared_logarithmic_error(
        pos_x.astype(np.float32), pos_y.astype(np.float32), sample_weight=sw, convention="keras"
    )
    np.testing.assert_allclose(got, expected, rtol=2e-5)


def test_log_cosh_is_stable_and_accurate():
    """Exact for tiny errors (no cancellation), finite for huge ones, float32 and float64."""
    d = np.array([0.0, 1e-8, -1e-4, 0.3, -0.999, 1.0, 5.0, -30.0, 1e4, -1e30])
    exact = np.array(
        [float(np.log(np.cosh(v))) if abs(v) < 300 else abs(v) - math.log(2.0) for v in d]
    )
    exact[1] = 0.5e-16  # log cosh x = x^2/2 - x^4/12 + ...
    exact[2] = 0.5e-8 - 1e-16 / 12
    got = portloss.log_cosh_loss(d, np.zeros_like(d), reduction="none")
    np.testing.assert_allclose(got, exact, rtol=1e-14, atol=0)
    got32 = portloss.log_cosh_loss(
        d.astype(np.float32), np.zeros(d.shape, np.float32), reduction="none"
    )
    assert got32.dtype == np.float32
    np.testing.assert_allclose(got32, exact.astype(np.float32), rtol=2e-6, atol=0)


# ---------------------------------------------------------------------- golden values


@pytest.mark.parametrize(("name", "expected"), [("l1_loss", 0.55333334), ("mse_loss", 0.44668886)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_golden_values(backend, name, expected, dtype):
    _skip_dtype(backend, dtype)
    out = getattr(portloss, name)(_as(backend, GX, dtype), _as(backend, GT1, dtype))
    assert out.dtype == getattr(backend.xp, dtype)
    rtol = 1e-5 if dtype == "float32" else 1e-6
    np.testing.assert_allclose(backend.to_numpy(out), expected, rtol=rtol)


# -------------------------------------------------------------------------- gradients


def _grad(backend, fn, arrays, argnum=0):
    return backend.to_numpy(backend.grad(fn, [backend.asarray(a) for a in arrays], argnum))


def _torch_grad(name, arrays, argnum, **options):
    _, F = _torch()
    ts = [_t(a, grad=i == argnum) for i, a in enumerate(arrays)]
    getattr(F, name)(*ts, **options).sum().backward()
    return ts[argnum].grad.numpy()


KINKS = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 0.25])


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("l1_loss", {}),
        ("mse_loss", {}),
        ("huber_loss", {"delta": 1.0}),  # |x - y| = delta exactly
        ("huber_loss", {"delta": 2.0}),
        ("smooth_l1_loss", {"beta": 0.0}),  # pure L1, x == y included
        ("smooth_l1_loss", {"beta": 0.5}),  # |x - y| = beta exactly
    ],
)
def test_gradients_at_kinks_match_torch(backend, name, options):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x = np.stack([KINKS, KINKS + 1.0])
    y = np.stack([np.zeros_like(KINKS), np.ones_like(KINKS)])
    fn = getattr(portloss, name)
    xp = backend.xp
    for argnum in (0, 1):
        got = _grad(
            backend, lambda a, b: xp.sum(fn(a, b, reduction="none", **options)), [x, y], argnum
        )
        expected = _torch_grad(name, [x, y], argnum, reduction="sum", **options)
        assert np.isfinite(got).all()
        np.testing.assert_allclose(got, expected, **TOL["float64"])


def test_log_cosh_gradient_is_tanh(backend):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    d = np.array([0.0, 1e-6, -0.5, 0.999, 1.0, 1.001, -5.0, 1e4, -1e4])
    xp = backend.xp
    got = _grad(
        backend,
        lambda a: xp.sum(portloss.log_cosh_loss(a, xp.zeros_like(a), reduction="none")),
        [d],
    )
    np.testing.assert_allclose(got, np.tanh(d), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("log_input", [True, False])
def test_poisson_gradients_match_torch(backend, log_input):
    """Finite everywhere; torch's where torch's is finite."""
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x = np.abs(data(15)[0]) + 0.1
    y = counts(16)
    y[0, :3] = [0.0, 1.0, 2.0]
    xp = backend.xp
    options = {"log_input": log_input, "full": True}
    for argnum in (0, 1):
        got = _grad(
            backend,
            lambda a, b: xp.sum(portloss.poisson_nll_loss(a, b, reduction="none", **options)),
            [x, y],
            argnum,
        )
        expected = _torch_grad("poisson_nll_loss", [x, y], argnum, reduction="sum", **options)
        assert np.isfinite(got).all()
        # torch's target gradient is NaN where its masked Stirling term sees y <= 1
        finite = np.isfinite(expected)
        assert finite[y > 1].all()
        np.testing.assert_allclose(got[finite], expected[finite], **TOL["float64"])


@pytest.mark.parametrize("var_kind", ["same", "no-last-dim"])
def test_gaussian_gradients_match_torch_through_the_clamp(backend, var_kind):
    """Variances below eps: torch's clamp under no_grad passes the gradient straight through."""
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    in_shape, var_shape = GAUSSIAN_VARS[var_kind]
    x, y = data(17, in_shape)
    var = np.random.default_rng(18).uniform(0.0, 2.0, var_shape)
    var.reshape(-1)[::2] = np.random.default_rng(19).uniform(0.0, 1e-6, var.reshape(-1)[::2].shape)
    xp = backend.xp
    for argnum in (0, 1, 2):
        got = _grad(
            backend,
            lambda a, b, v: xp.sum(portloss.gaussian_nll_loss(a, b, v, reduction="none")),
            [x, y, var],
            argnum,
        )
        expected = _torch_grad("gaussian_nll_loss", [x, y, var], argnum, reduction="sum")
        assert np.isfinite(got).all()
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_keras_gradients_are_finite(backend):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x = np.array([[-1.0, 0.0, 1e-8, 0.5, 3.0]])
    y = np.array([[0.0, 0.0, 0.0, 0.5, -1.0]])
    xp = backend.xp
    for name in KERAS:
        fn = getattr(portloss, name)
        g = _grad(backend, lambda a, b, fn=fn: xp.sum(fn(a, b, reduction="none")), [x, y])
        assert np.isfinite(g).all(), name


# -------------------------------------------------------------- dtypes, jit, devices

ALL = [
    "l1_loss",
    "mse_loss",
    "huber_loss",
    "smooth_l1_loss",
    "log_cosh_loss",
    "poisson_nll_loss",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_computed_in_float32(backend, dtype):
    _skip_dtype(backend, dtype)
    if dtype == "bfloat16" and backend.autodiff != "torch":
        pytest.skip("bfloat16 arrays are built from torch here")
    x, y = data(20)
    for name in [*ALL, "gaussian_nll_loss"]:
        fn = getattr(portloss, name)
        extra = [np.full((N, D), 0.5)] if name == "gaussian_nll_loss" else []
        if dtype == "bfloat16":
            torch, _ = _torch()
            args = [torch.tensor(a).to(torch.bfloat16) for a in (x, y, *extra)]
        else:
            args = [backend.asarray(a.astype(dtype)) for a in (x, y, *extra)]
        out = fn(*args)
        assert out.dtype == args[0].dtype, name
        rounded = [np.asarray(backend.to_numpy(a), dtype=np.float32) for a in args]
        expected = fn(*rounded)  # the same rounded inputs, in float32
        np.testing.assert_allclose(
            np.float32(backend.to_numpy(out)), expected, rtol=1e-2, err_msg=name
        )


def test_jit_matches_eager(backend):
    if not backend.jit:
        pytest.skip(f"{backend.name} has no jit")
    x, y = data(21)
    var = np.full((N,), 0.7)
    for name in ALL:
        fn = getattr(portloss, name)
        arrays = [backend.asarray(x), backend.asarray(np.abs(y))]
        jitted = backend.jit_call(lambda a, b, fn=fn: fn(a, b, reduction="none"), arrays)
        np.testing.assert_allclose(
            backend.to_numpy(jitted), backend.to_numpy(fn(*arrays, reduction="none")), rtol=1e-12
        )
    arrays = [backend.asarray(a) for a in (x, y, var)]
    jitted = backend.jit_call(lambda a, b, v: portloss.gaussian_nll_loss(a, b, v), arrays)
    np.testing.assert_allclose(
        backend.to_numpy(jitted), backend.to_numpy(portloss.gaussian_nll_loss(*arrays)), rtol=1e-12
    )


def test_negative_var_is_nan_off_numpy(backend):
    """NumPy raises, and so does the torch delegate on CPU (torch's own check, which reads
    the host values); elsewhere a negative variance gives NaN (a check would need a host
    sync)."""
    x, y = data(22)
    var = np.full((N, D), 0.5)
    var[2, 3] = -1.0
    if backend.name == "numpy":
        with pytest.raises(ValueError, match="var must be non-negative"):
            portloss.gaussian_nll_loss(x, y, var)
        return
    if backend.name == "torch":
        with pytest.raises(ValueError, match="var has negative"):
            portloss.gaussian_nll_loss(*map(backend.asarray, (x, y, var)), reduction="none")
        with use_native(False):
            out = portloss.gaussian_nll_loss(*map(backend.asarray, (x, y, var)), reduction="none")
        assert np.isnan(backend.to_numpy(out)[2, 3])
        return
    out = backend.to_numpy(
        portloss.gaussian_nll_loss(*map(backend.asarray, (x, y, var)), reduction="none")
    )
    assert np.isnan(out[2, 3])
    assert np.isfinite(np.delete(out.reshape(-1), 2 * D + 3)).all()


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize("name", [*ALL, "gaussian_nll_loss"])
def test_shape_mismatch_is_an_error(backend, name):
    fn = getattr(portloss, name)
    extra = [backend.asarray(np.ones((N, D)))] if name == "gaussian_nll_loss" else []
    with pytest.raises(
        ValueError, match=r"target must have the shape of input, \(6, 5\), got shape \(6, 1\)"
    ):
        fn(backend.asarray(np.ones((N, D))), backend.asarray(np.ones((N, 1))), *extra)
    with pytest.raises(ValueError, match="target must have the shape of input"):
        fn(backend.asarray(np.ones((N, D))), backend.asarray(np.ones(D)), *extra)


@pytest.mark.parametrize("var_shape", [(N, 2), (D,), (N, D, 1), (1, 1), (N - 1, D), (2, N, D)])
def test_bad_var_shape(var_shape):
    x = np.zeros((N, D))
    with pytest.raises(
        ValueError, match=rf"var must have input's shape \(6, 5\).*got shape {re_shape(var_shape)}"
    ):
        portloss.gaussian_nll_loss(x, x, np.ones(var_shape))


def re_shape(shape):
    return str(tuple(shape)).replace("(", r"\(").replace(")", r"\)")


@pytest.mark.parametrize(
    ("name", "options", "error", "match"),
    [
        ("l1_loss", {"reduction": "batchmean"}, ValueError, "reduction must be one of"),
        ("mse_loss", {"reduction": None}, ValueError, "reduction must be one of"),
        ("huber_loss", {"delta": 0.0}, ValueError, "delta must be > 0"),
        ("huber_loss", {"delta": -1.0}, ValueError, "delta must be > 0"),
        ("huber_loss", {"delta": math.inf}, ValueError, "delta must be > 0 and finite"),
        ("huber_loss", {"delta": "1"}, TypeError, "delta must be a real number"),
        ("smooth_l1_loss", {"beta": -0.5}, ValueError, "beta must be >= 0"),
        ("smooth_l1_loss", {"beta": math.nan}, ValueError, "beta must be >= 0"),
        ("poisson_nll_loss", {"log_input": 1}, TypeError, "log_input must be True or False"),
        ("poisson_nll_loss", {"full": "yes"}, TypeError, "full must be True or False"),
        ("poisson_nll_loss", {"eps": -1e-8}, ValueError, "eps must be >= 0"),
        ("mean_absolute_percentage_error", {"eps": True}, TypeError, "eps must be a real number"),
        ("mean_squared_logarithmic_error", {"eps": -1.0}, ValueError, "eps must be >= 0"),
    ],
)
def test_bad_options(name, options, error, match):
    x = np.zeros((N, D))
    with pytest.raises(error, match=match):
        getattr(portloss, name)(x, x, **options)


def test_gaussian_bad_options():
    x = np.zeros((N, D))
    with pytest.raises(ValueError, match="var must be >= 0"):
        portloss.gaussian_nll_loss(x, x, -1.0)
    with pytest.raises(TypeError, match="full must be True or False"):
        portloss.gaussian_nll_loss(x, x, 1.0, full=None)
    with pytest.raises(ValueError, match="eps must be >= 0"):
        portloss.gaussian_nll_loss(x, x, 1.0, eps=-1.0)
    with pytest.raises(TypeError, match="var must have a real dtype"):
        portloss.gaussian_nll_loss(x, x, np.ones((N, D), dtype=bool))


@pytest.mark.parametrize("name", ALL)
def test_bad_arrays(name):
    fn = getattr(portloss, name)
    x = np.zeros((N, D))
    with pytest.raises(TypeError, match="input must have a real floating dtype"):
        fn(x.astype(np.int64), x)
    with pytest.raises(TypeError, match="target must have a real floating or integer dtype"):
        fn(x, x.astype(bool))
    with pytest.raises(ValueError, match=r"weight must broadcast to input's shape \(6, 5\)"):
        fn(x, x, weight=np.ones((N, 2)))
    with pytest.raises(ValueError, match=r"weight must broadcast to input's shape"):
        fn(x, x, weight=np.ones((2, N, D)))
    with pytest.raises(ValueError, match="sample_weight must broadcast to the unreduced loss"):
        fn(x, x, sample_weight=np.ones(N))
    with pytest.raises(TypeError, match="must be an array"):
        fn(x, x.tolist())


def test_mixed_libraries_are_an_error():
    torch, _ = _torch()
    x = np.zeros((N, D))
    with pytest.raises(TypeError, match="input is a numpy array but target is a torch array"):
        portloss.mse_loss(x, torch.zeros(N, D))
    with pytest.raises(TypeError, match="but weight is a torch array"):
        portloss.l1_loss(x, x, weight=torch.ones(N, D))
    with pytest.raises(TypeError, match="but var is a torch array"):
        portloss.gaussian_nll_loss(x, x, torch.ones(N, D))
