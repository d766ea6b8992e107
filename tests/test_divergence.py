"""kl_div (torch.nn.functional.kl_div as the oracle) and js_divergence (SciPy and NumPy).

torch's numbers are computed inside each test on seeded data. js_divergence has no torch
peer: it is checked against ``scipy.spatial.distance.jensenshannon`` (squared, natural
log) where SciPy is installed, against its formula written in NumPy, and against the
properties every JS divergence has. No expected number is computed by portloss.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import TOL
from _helpers import torch_oracle as _torch

import portloss

N, C = 6, 5
REDUCTIONS = ("none", "mean", "sum", "batchmean")


def _t(a, dtype="float64", grad=False):
    torch, _ = _torch()
    return torch.tensor(np.asarray(a, dtype=dtype)).requires_grad_(grad)


def torch_kl(x, y, *, dtype="float64", **options):
    _, F = _torch()
    return F.kl_div(_t(x, dtype), _t(y, dtype), **options).numpy()


def _skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


def _as(backend, a, dtype="float64"):
    return backend.asarray(np.asarray(a).astype(dtype))


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def distributions(shape=(N, C), seed=0, zeros=False, axis=-1):
    """Log-probabilities and probabilities (rows along ``axis``), maybe with exact zeros."""
    rng = np.random.default_rng(seed)
    q = softmax(rng.standard_normal(shape), axis)
    p = softmax(2.0 * rng.standard_normal(shape), axis)
    if zeros:
        p = p * (rng.uniform(size=shape) > 0.4)
        p = p / np.maximum(p.sum(axis=axis, keepdims=True), 1e-300)
    return np.log(q), p


pytestmark = pytest.mark.filterwarnings("ignore:reduction. 'mean' divides:UserWarning")

# ------------------------------------------------------------------------------ kl_div

KL_CASES = [
    ((N, C), False, False, "float64"),
    ((N, C), True, False, "float64"),
    ((N, C), False, True, "float64"),
    ((C,), False, False, "float64"),
    ((3, 4, C), True, False, "float64"),
    ((N, C), False, True, "float32"),
    ((N, C), True, False, "float32"),
]


@pytest.mark.parametrize(("shape", "zeros", "log_target", "dtype"), KL_CASES)
def test_kl_div_matches_torch(backend, shape, zeros, log_target, dtype):
    _skip_dtype(backend, dtype)
    x, p = distributions(shape, zeros=zeros)
    y = np.log(p) if log_target else p
    for reduction in REDUCTIONS:
        expected = torch_kl(x, y, dtype=dtype, reduction=reduction, log_target=log_target)
        out = portloss.kl_div(
            _as(backend, x, dtype),
            _as(backend, y, dtype),
            reduction=reduction,
            log_target=log_target,
        )
        assert out.dtype == getattr(backend.xp, dtype)
        got = backend.to_numpy(out)
        assert got.shape == expected.shape, reduction
        np.testing.assert_allclose(got, expected, **TOL[dtype], err_msg=reduction)


def test_kl_div_default_is_torch_mean_and_batchmean_is_the_divergence(backend):
    x, p = distributions(seed=1)
    kl_rows = np.sum(p * (np.log(p) - x), axis=-1)  # the textbook KL per row
    got = portloss.kl_div(backend.asarray(x), backend.asarray(p))
    np.testing.assert_allclose(backend.to_numpy(got), kl_rows.sum() / (N * C), **TOL["float64"])
    got = portloss.kl_div(backend.asarray(x), backend.asarray(p), reduction="batchmean")
    np.testing.assert_allclose(backend.to_numpy(got), kl_rows.mean(), **TOL["float64"])


@pytest.mark.parametrize(
    ("shape", "reduction", "expected"),
    [
        ((0, C), "batchmean", "nan"),  # 0 / 0
        ((0, C), "mean", "nan"),
        ((0, C), "sum", 0.0),
        ((3, 0), "batchmean", 0.0),  # torch: 0 / 3
        ((3, 0), "mean", "nan"),
    ],
)
def test_kl_div_empty(backend, shape, reduction, expected):
    x, y = np.zeros(shape), np.zeros(shape)
    torch_value = torch_kl(x, y, reduction=reduction)
    got = backend.to_numpy(
        portloss.kl_div(backend.asarray(x), backend.asarray(y), reduction=reduction)
    )
    if expected == "nan":
        assert np.isnan(torch_value)
        assert np.isnan(got)
    else:
        assert torch_value == expected
        assert got == expected


def test_kl_div_scalar_batchmean_is_the_sum():
    x, y = np.array(-0.7), np.array(0.3)
    expected = torch_kl(x, y, reduction="batchmean")
    np.testing.assert_allclose(portloss.kl_div(x, y, reduction="batchmean"), expected, rtol=1e-12)
    np.testing.assert_allclose(expected, 0.3 * (math.log(0.3) + 0.7), rtol=1e-12)


def test_kl_div_invalid_and_zero_targets():
    """A negative target probability is NaN, as torch; a log-target of -inf (p = 0) is 0
    like p = 0 without log_target, where torch gives NaN (0 * inf)."""
    x = np.log(np.array([0.5, 0.25, 0.25]))
    y = np.array([0.5, -0.1, 0.6])
    expected = torch_kl(x, y, reduction="none")
    got = portloss.kl_div(x, y, reduction="none")
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    assert np.isnan(got[1])
    y = np.array([0.0, 0.5, 0.5])
    with np.errstate(divide="ignore"):
        log_y = np.log(y)
    expected = torch_kl(x, y, reduction="none")
    assert expected[0] == 0.0
    assert np.isnan(torch_kl(x, log_y, reduction="none", log_target=True)[0])
    got = portloss.kl_div(x, log_y, reduction="none", log_target=True)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


def test_kl_div_sample_weight(backend):
    """Weighted batchmean divides by the weighted number of rows; mean by the weight sum."""
    x, p = distributions(seed=2)
    pointwise = p * (np.log(p) - x)
    s = np.random.default_rng(3).uniform(0.0, 2.0, (N, 1))
    mask = np.array([True, True, False, True, False, True])[:, None]
    for sw in (s, mask):
        args = (backend.asarray(x), backend.asarray(p))
        kw = {"sample_weight": backend.asarray(sw)}
        expected = {
            "none": sw * pointwise,
            "sum": np.sum(sw * pointwise),
            "mean": np.sum(sw * pointwise) / np.sum(np.broadcast_to(sw, (N, C))),
            "batchmean": np.sum(sw * pointwise) / np.sum(sw),
        }
        for reduction, value in expected.items():
            got = portloss.kl_div(*args, reduction=reduction, **kw)
            np.testing.assert_allclose(
                backend.to_numpy(got), value, **TOL["float64"], err_msg=reduction
            )


def test_kl_div_gradients(backend):
    """Input gradient (-p) finite with zero targets and equal to torch's; target gradient
    equal to torch's where p > 0 and -x where p = 0 (torch: NaN there)."""
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x, p = distributions(seed=4, zeros=True)
    assert (p == 0).any()
    xp = backend.xp
    arrays = [backend.asarray(x), backend.asarray(p)]
    grads = [
        backend.to_numpy(
            backend.grad(lambda a, b: portloss.kl_div(a, b, reduction="sum"), arrays, argnum)
        )
        for argnum in (0, 1)
    ]
    _, F = _torch()
    tx, tp = _t(x, grad=True), _t(p, grad=True)
    F.kl_div(tx, tp, reduction="sum").backward()
    assert np.isfinite(grads[0]).all()
    np.testing.assert_allclose(grads[0], tx.grad.numpy(), **TOL["float64"])
    positive = p > 0
    np.testing.assert_allclose(grads[1][positive], tp.grad.numpy()[positive], **TOL["float64"])
    np.testing.assert_allclose(grads[1][~positive], -x[~positive], **TOL["float64"])
    assert xp is backend.xp


def test_kl_div_log_target_gradients_match_torch(backend):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x, p = distributions(seed=5)
    y = np.log(p)
    arrays = [backend.asarray(x), backend.asarray(y)]
    _, F = _torch()
    tx, ty = _t(x, grad=True), _t(y, grad=True)
    F.kl_div(tx, ty, reduction="batchmean", log_target=True).backward()
    for argnum, expected in ((0, tx.grad), (1, ty.grad)):
        got = backend.grad(
            lambda a, b: portloss.kl_div(a, b, reduction="batchmean", log_target=True),
            arrays,
            argnum,
        )
        np.testing.assert_allclose(backend.to_numpy(got), expected.numpy(), **TOL["float64"])


# ------------------------------------------------------------------------ js_divergence


def js_reference(p, q, axis=-1):
    """JS in NumPy with 0 log 0 = 0."""
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        tp = np.where(p > 0, p * np.log(p / m), 0.0)
        tq = np.where(q > 0, q * np.log(q / m), 0.0)
    return 0.5 * np.sum(tp + tq, axis=axis)


def test_js_reference_agrees_with_scipy():
    distance = pytest.importorskip("scipy.spatial.distance")
    _, p = distributions(seed=6, zeros=True)
    _, q = distributions(seed=7, zeros=True)
    expected = distance.jensenshannon(p, q, axis=-1) ** 2  # natural log by default
    np.testing.assert_allclose(js_reference(p, q), expected, rtol=1e-10, atol=1e-15)
    got = portloss.js_divergence(p, q, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-15)


JS_CASES = [
    (False, False, "float64", False),
    (True, False, "float64", True),
    (False, True, "float64", True),
    (True, True, "float64", False),
    (False, False, "float32", True),
    (True, True, "float32", False),
]


@pytest.mark.parametrize(("log_input", "log_target", "dtype", "zeros"), JS_CASES)
def test_js_divergence_matches_reference(backend, log_input, log_target, dtype, zeros):
    _skip_dtype(backend, dtype)
    _, p = distributions(seed=8, zeros=zeros)
    _, q = distributions(seed=9, zeros=zeros)
    expected = js_reference(p, q)
    with np.errstate(divide="ignore"):
        a = np.log(p) if log_input else p
        b = np.log(q) if log_target else q
    options = {"log_input": log_input, "log_target": log_target}
    for reduction, value in (
        ("none", expected),
        ("mean", expected.mean()),
        ("sum", expected.sum()),
    ):
        out = portloss.js_divergence(
            _as(backend, a, dtype), _as(backend, b, dtype), reduction=reduction, **options
        )
        assert out.dtype == getattr(backend.xp, dtype)
        np.testing.assert_allclose(backend.to_numpy(out), value, **TOL[dtype], err_msg=reduction)


def test_js_divergence_axis_and_sample_weight(backend):
    _, p = distributions((3, C, 4), seed=10, axis=1)
    _, q = distributions((3, C, 4), seed=11, axis=1)
    expected = js_reference(p, q, axis=1)
    got = portloss.js_divergence(backend.asarray(p), backend.asarray(q), axis=1, reduction="none")
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])
    s = np.random.default_rng(12).uniform(0.0, 2.0, (3, 1))
    got = portloss.js_divergence(
        backend.asarray(p), backend.asarray(q), axis=1, sample_weight=backend.asarray(s)
    )
    np.testing.assert_allclose(
        backend.to_numpy(got), np.sum(s * expected) / np.sum(s * np.ones((3, 4))), **TOL["float64"]
    )


def test_js_divergence_properties():
    _, p = distributions(seed=13, zeros=True)
    _, q = distributions(seed=14)
    forward = portloss.js_divergence(p, q, reduction="none")
    np.testing.assert_allclose(forward, portloss.js_divergence(q, p, reduction="none"), rtol=1e-12)
    assert (forward >= 0).all()
    assert (forward <= math.log(2.0)).all()
    np.testing.assert_allclose(portloss.js_divergence(p, p, reduction="none"), 0.0, atol=1e-15)
    disjoint = portloss.js_divergence(
        np.array([[0.3, 0.7, 0.0, 0.0]]), np.array([[0.0, 0.0, 0.5, 0.5]])
    )
    np.testing.assert_allclose(disjoint, math.log(2.0), rtol=1e-14)
    assert np.isnan(portloss.js_divergence(np.array([0.5, -0.5, 1.0]), np.array([0.2, 0.3, 0.5])))


def test_js_divergence_gradients(backend):
    """Finite with zero probabilities (in both spaces) and equal to torch's autograd of the
    formula where every probability is positive."""
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    torch, _ = _torch()

    def torch_js(p, q):
        m = 0.5 * (p + q)
        return (
            0.5
            * (torch.xlogy(p, p) - torch.xlogy(p, m) + torch.xlogy(q, q) - torch.xlogy(q, m)).sum()
        )

    _, p = distributions(seed=15)
    _, q = distributions(seed=16)
    tp, tq = _t(p, grad=True), _t(q, grad=True)
    torch_js(tp, tq).backward()
    arrays = [backend.asarray(p), backend.asarray(q)]
    for argnum, expected in ((0, tp.grad), (1, tq.grad)):
        got = backend.grad(
            lambda a, b: portloss.js_divergence(a, b, reduction="sum"), arrays, argnum
        )
        np.testing.assert_allclose(backend.to_numpy(got), expected.numpy(), **TOL["float64"])
    _, pz = distributions(seed=17, zeros=True)
    with np.errstate(divide="ignore"):
        log_pz = np.log(pz)
    for a, log_input in ((pz, False), (log_pz, True)):
        arrays = [backend.asarray(a), backend.asarray(pz)]
        for argnum in (0, 1):
            got = backend.grad(
                lambda u, v, li=log_input: portloss.js_divergence(
                    u, v, log_input=li, reduction="sum"
                ),
                arrays,
                argnum,
            )
            assert np.isfinite(backend.to_numpy(got)).all(), (log_input, argnum)


def test_jit_matches_eager(backend):
    if not backend.jit:
        pytest.skip(f"{backend.name} has no jit")
    x, p = distributions(seed=18, zeros=True)
    arrays = [backend.asarray(x), backend.asarray(p)]
    for fn in (
        lambda a, b: portloss.kl_div(a, b, reduction="batchmean"),
        lambda a, b: portloss.js_divergence(a, b, log_input=True, reduction="none"),
    ):
        np.testing.assert_allclose(
            backend.to_numpy(backend.jit_call(fn, arrays)),
            backend.to_numpy(fn(*arrays)),
            rtol=1e-12,
        )


def test_half_precision(backend):
    if "float16" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float16")
    x, p = distributions(seed=19)
    args = [backend.asarray(a.astype(np.float16)) for a in (x, p)]
    rounded = [np.asarray(backend.to_numpy(a), dtype=np.float32) for a in args]
    for fn in (portloss.kl_div, portloss.js_divergence):
        out = fn(*args)
        assert out.dtype == args[0].dtype
        np.testing.assert_allclose(
            np.float32(backend.to_numpy(out)), fn(*rounded), rtol=1e-2, atol=1e-3
        )


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize("fn", [portloss.kl_div, portloss.js_divergence])
def test_errors(backend, fn):
    x = backend.asarray(np.full((N, C), 0.2))
    with pytest.raises(
        ValueError, match=r"target must have the shape of input, \(6, 5\), got shape \(6, 1\)"
    ):
        fn(x, backend.asarray(np.ones((N, 1))))
    with pytest.raises(ValueError, match="reduction must be one of"):
        fn(x, x, reduction="batch_mean")
    with pytest.raises(TypeError, match="input must have a real floating dtype"):
        fn(backend.asarray(np.ones((N, C), dtype=np.int64)), x)
    with pytest.raises(TypeError, match="target must have a real floating dtype"):
        fn(x, backend.asarray(np.ones((N, C), dtype=np.int64)))
    with pytest.raises(TypeError, match="log_target must be True or False"):
        fn(x, x, log_target=1)
    with pytest.raises(ValueError, match="sample_weight must broadcast"):
        fn(x, x, sample_weight=backend.asarray(np.ones(7)))


def test_js_divergence_errors():
    p = np.full((N, C), 0.2)
    with pytest.raises(ValueError, match=r"reduction must be one of 'none' \| 'mean' \| 'sum'"):
        portloss.js_divergence(p, p, reduction="batchmean")
    with pytest.raises(ValueError, match="axis=2 is out of range"):
        portloss.js_divergence(p, p, axis=2)
    with pytest.raises(ValueError, match="at least one dimension"):
        portloss.js_divergence(np.array(0.5), np.array(0.5))
    with pytest.raises(TypeError, match="log_input must be True or False"):
        portloss.js_divergence(p, p, log_input=None)
    with pytest.raises(
        ValueError, match=r"sample_weight must broadcast to the unreduced loss of shape \(6,\)"
    ):
        portloss.js_divergence(p, p, sample_weight=np.ones((N, C)))
