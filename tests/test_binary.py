"""binary_cross_entropy(_with_logits) and balanced_binary_cross_entropy.

torch.nn.functional is the oracle for the two torch-named losses (computed inside each
test on the same seeded data); the golden values come from golden-values.md, section D;
balanced BCE (no torch peer) is checked against DBNet's ``BalanceCrossEntropyLoss``
written out in NumPy here. ``sample_weight`` and ``label_smoothing`` have no torch peer:
their expected values are torch's unreduced loss (on the smoothed target), weighted and
divided as the docstring says. No expected number is computed by portloss.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from _helpers import TOL
from _helpers import torch_oracle as _torch
from conftest import get_backend

import portloss

N, C = 6, 4
REDUCTIONS = ("none", "mean", "sum")
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")

# golden-values.md, section D
GX = np.array([[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]])
GT1 = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=np.float64)
GT2 = np.array([[1, 0, 0], [1, 1, 1], [0, 1, 1]], dtype=np.float64)


def _t(a, dtype="float64", grad=False):
    torch, _ = _torch()
    t = torch.tensor(np.asarray(a, dtype=dtype))
    return t.requires_grad_(grad)


def data(seed=0, shape=(N, C), soft=True):
    rng = np.random.default_rng(seed)
    x = 2.0 * rng.standard_normal(shape)
    y = rng.uniform(size=shape) if soft else rng.integers(0, 2, shape).astype(np.float64)
    return x, 1.0 / (1.0 + np.exp(-x)), y


def sigmoid32(x):
    return (1.0 / (1.0 + np.exp(-x.astype(np.float32)))).astype(np.float32)


def check_dtype(backend, out, dtype):
    assert out.dtype == getattr(backend.xp, dtype), (out.dtype, dtype)


# --- golden values ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_golden_values(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    rtol = 1e-5 if dtype == "float32" else 1e-6
    x = GX.astype(dtype)
    p = sigmoid32(GX).astype(dtype) if dtype == "float32" else 1 / (1 + np.exp(-GX))
    X, P = backend.asarray(x), backend.asarray(p)
    T1, T2 = backend.asarray(GT1.astype(dtype)), backend.asarray(GT2.astype(dtype))
    got = {
        "bce": portloss.binary_cross_entropy(P, T1),
        "bce_logits": portloss.binary_cross_entropy_with_logits(X, T1),
        "ratio3": portloss.balanced_binary_cross_entropy(
            backend.xp.reshape(P, (1, 1, 3, 3)),
            backend.xp.reshape(T2, (1, 1, 3, 3)),
            mask=backend.asarray(np.ones((1, 1, 3, 3), dtype=dtype)),
            negative_ratio=3.0,
            eps=1e-6,
        ),
        "ratio0.3": portloss.balanced_binary_cross_entropy(
            backend.xp.reshape(P, (1, 1, 3, 3)),
            backend.xp.reshape(T2, (1, 1, 3, 3)),
            mask=backend.asarray(np.ones((1, 1, 3, 3), dtype=dtype)),
            negative_ratio=0.3,
        ),
    }
    expected = {
        "bce": 0.80320752,
        "bce_logits": 0.80320746,
        "ratio3": 0.73876293,
        "ratio0.3": 0.69735660,
    }
    for name, value in expected.items():
        check_dtype(backend, got[name], dtype)
        np.testing.assert_allclose(backend.to_numpy(got[name]), value, rtol=rtol, err_msg=name)


# --- torch as the oracle ----------------------------------------------------------------

# weight shapes torch broadcasts onto (N, C): per class, per row, full
WEIGHTS = {"none": None, "class": (C,), "row": (N, 1), "full": (N, C)}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("weight", list(WEIGHTS))
@pytest.mark.parametrize("soft", [True, False], ids=["soft", "hard"])
def test_bce_matches_torch(backend, dtype, weight, soft):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    _, F = _torch()
    _, p, y = data(1, soft=soft)
    w = (
        None
        if WEIGHTS[weight] is None
        else np.random.default_rng(2).uniform(0.2, 2, WEIGHTS[weight])
    )
    P, Y = backend.asarray(p.astype(dtype)), backend.asarray(y.astype(dtype))
    Wb = None if w is None else backend.asarray(w.astype(dtype))
    for reduction in REDUCTIONS:
        expected = F.binary_cross_entropy(
            _t(p, dtype),
            _t(y, dtype),
            weight=None if w is None else _t(w, dtype),
            reduction=reduction,
        ).numpy()
        out = portloss.binary_cross_entropy(P, Y, weight=Wb, reduction=reduction)
        check_dtype(backend, out, dtype)
        np.testing.assert_allclose(backend.to_numpy(out), expected, **TOL[dtype], err_msg=reduction)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(
    ("weight", "pos_weight"),
    [("none", None), ("class", None), ("none", (C,)), ("full", (C,)), ("row", (N, 1))],
)
def test_bce_with_logits_matches_torch(backend, dtype, weight, pos_weight):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    _, F = _torch()
    x, _, y = data(3)
    rng = np.random.default_rng(4)
    w = None if WEIGHTS[weight] is None else rng.uniform(0.2, 2, WEIGHTS[weight])
    v = None if pos_weight is None else rng.uniform(0.5, 3, pos_weight)
    arrays = [backend.asarray(a.astype(dtype)) for a in (x, y)]
    opts = {
        "weight": None if w is None else backend.asarray(w.astype(dtype)),
        "pos_weight": None if v is None else backend.asarray(v.astype(dtype)),
    }
    t_opts = {
        "weight": None if w is None else _t(w, dtype),
        "pos_weight": None if v is None else _t(v, dtype),
    }
    for reduction in REDUCTIONS:
        expected = F.binary_cross_entropy_with_logits(
            _t(x, dtype), _t(y, dtype), reduction=reduction, **t_opts
        ).numpy()
        out = portloss.binary_cross_entropy_with_logits(*arrays, reduction=reduction, **opts)
        check_dtype(backend, out, dtype)
        np.testing.assert_allclose(backend.to_numpy(out), expected, **TOL[dtype], err_msg=reduction)


@pytest.mark.parametrize("shape", [(5,), (2, 3, 2, 2), (0, C)], ids=["unbatched", "kdim", "empty"])
def test_other_shapes_match_torch(backend, shape):
    _, F = _torch()
    x, p, y = data(5, shape=shape)
    w = np.random.default_rng(6).uniform(0.2, 2, shape[-1:])
    opts = {"weight": backend.asarray(w)}
    for reduction in REDUCTIONS:
        for fn, tfn, a in (
            (portloss.binary_cross_entropy, F.binary_cross_entropy, p),
            (portloss.binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits, x),
        ):
            expected = tfn(_t(a), _t(y), weight=_t(w), reduction=reduction).numpy()
            got = backend.to_numpy(
                fn(backend.asarray(a), backend.asarray(y), reduction=reduction, **opts)
            )
            assert got.shape == expected.shape
            # torch: an empty mean is NaN, an empty sum 0
            np.testing.assert_allclose(got, expected, **TOL["float64"], err_msg=reduction)


@pytest.mark.parametrize("logits", [False, True], ids=["probs", "logits"])
def test_label_smoothing_is_keras_binary_smoothing(backend, logits):
    """Smoothing a = 0.2 equals torch on the target y (1 - a) + a / 2."""
    _, F = _torch()
    x, p, y = data(7, soft=False)
    a = 0.2
    fn = portloss.binary_cross_entropy_with_logits if logits else portloss.binary_cross_entropy
    tfn = F.binary_cross_entropy_with_logits if logits else F.binary_cross_entropy
    inp = x if logits else p
    for reduction in REDUCTIONS:
        expected = tfn(_t(inp), _t(y * (1 - a) + a / 2), reduction=reduction).numpy()
        got = fn(backend.asarray(inp), backend.asarray(y), label_smoothing=a, reduction=reduction)
        np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])


@pytest.mark.parametrize("logits", [False, True], ids=["probs", "logits"])
@pytest.mark.parametrize("s_kind", ["float-row", "float-full", "bool-mask", "scalar"])
def test_sample_weight_mean_divides_by_sum_of_sample_weights(backend, logits, s_kind):
    """sum(s w l) / sum(s): torch's elementwise weight w stays out of the denominator."""
    _, F = _torch()
    x, p, y = data(8)
    rng = np.random.default_rng(9)
    w = rng.uniform(0.2, 2, C)
    s = {
        "float-row": lambda: rng.uniform(0, 2, (N, 1)),
        "float-full": lambda: rng.uniform(0, 2, (N, C)),
        "bool-mask": lambda: rng.uniform(size=(N, 1)) < 0.6,
        "scalar": lambda: np.asarray(2.5),
    }[s_kind]()
    fn = portloss.binary_cross_entropy_with_logits if logits else portloss.binary_cross_entropy
    tfn = F.binary_cross_entropy_with_logits if logits else F.binary_cross_entropy
    inp = x if logits else p
    loss = tfn(_t(inp), _t(y), weight=_t(w), reduction="none").numpy()
    sb = np.broadcast_to(s.astype(np.float64), loss.shape)
    expected = {"none": sb * loss, "mean": (sb * loss).sum() / sb.sum(), "sum": (sb * loss).sum()}
    for reduction in REDUCTIONS:
        got = fn(
            backend.asarray(inp),
            backend.asarray(y),
            weight=backend.asarray(w),
            sample_weight=backend.asarray(s),
            reduction=reduction,
        )
        np.testing.assert_allclose(backend.to_numpy(got), expected[reduction], **TOL["float64"])


# --- saturation, clamping and gradients -------------------------------------------------


def test_probabilities_at_zero_and_one_clamp_like_torch(backend):
    _, F = _torch()
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 1e-50])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.3, 1.0])
    expected = F.binary_cross_entropy(_t(p), _t(y), reduction="none").numpy()
    got = backend.to_numpy(
        portloss.binary_cross_entropy(backend.asarray(p), backend.asarray(y), reduction="none")
    )
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    np.testing.assert_array_equal(got[:4], [100.0, 100.0, 0.0, 0.0])


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
def test_gradients_finite_at_saturation(backend_name):
    """p in {0, 1} (clamped log: zero gradient there) and logits of ±1e4, in float32."""
    backend = get_backend(backend_name)
    _, F = _torch()
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.3, 0.9], dtype=np.float32)
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.2], dtype=np.float32)
    g = backend.to_numpy(
        backend.grad(
            lambda P, Y: portloss.binary_cross_entropy(P, Y, reduction="sum"),
            [backend.asarray(p), backend.asarray(y)],
        )
    )
    assert np.isfinite(g).all()
    # the interior entries: torch's (p - y) / (p (1 - p))
    pi, yi = p[4:], y[4:]
    np.testing.assert_allclose(g[4:], (pi - yi) / (pi * (1 - pi)), rtol=1e-5)
    # where the clamp is active (p = 0, y = 1; p = 1, y = 0) the loss is the constant 100
    # and the gradient 0; p = 0, y = 0 has loss -log(1 - p) with slope 1 (and -1 at
    # p = 1, y = 1). torch's (p - y) / max(p (1 - p), 1e-12) gives 0 there instead.
    np.testing.assert_array_equal(g[:4], [0.0, 0.0, 1.0, -1.0])

    x = np.array([1e4, -1e4, 1e4, -1e4, 0.0, 3.0], dtype=np.float32)
    v = np.full(6, 2.0, dtype=np.float32)
    tx = _t(x, "float32", grad=True)
    F.binary_cross_entropy_with_logits(
        tx, _t(y, "float32"), pos_weight=_t(v, "float32"), reduction="sum"
    ).backward()
    out = portloss.binary_cross_entropy_with_logits(
        backend.asarray(x), backend.asarray(y), pos_weight=backend.asarray(v), reduction="none"
    )
    expected = F.binary_cross_entropy_with_logits(
        _t(x, "float32"), _t(y, "float32"), pos_weight=_t(v, "float32"), reduction="none"
    ).numpy()
    np.testing.assert_allclose(backend.to_numpy(out), expected, rtol=1e-6)
    g = backend.to_numpy(
        backend.grad(
            lambda X, Y: portloss.binary_cross_entropy_with_logits(
                X, Y, pos_weight=backend.asarray(v), reduction="sum"
            ),
            [backend.asarray(x), backend.asarray(y)],
        )
    )
    assert np.isfinite(g).all()
    np.testing.assert_allclose(g, tx.grad.numpy(), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize("logits", [False, True], ids=["probs", "logits"])
def test_gradients_match_torch(backend_name, logits):
    """Gradients with respect to input and target equal torch's autograd."""
    backend = get_backend(backend_name)
    _, F = _torch()
    x, p, y = data(10)
    w = np.random.default_rng(11).uniform(0.2, 2, C)
    v = np.random.default_rng(12).uniform(0.5, 3, C)
    inp = x if logits else p
    tin, ty = _t(inp, grad=True), _t(y, grad=True)
    if logits:
        F.binary_cross_entropy_with_logits(tin, ty, weight=_t(w), pos_weight=_t(v)).backward()
        opts = {"weight": backend.asarray(w), "pos_weight": backend.asarray(v)}
        fn = functools.partial(portloss.binary_cross_entropy_with_logits, **opts)
    else:
        F.binary_cross_entropy(tin, ty, weight=_t(w)).backward()
        fn = functools.partial(portloss.binary_cross_entropy, weight=backend.asarray(w))
    arrays = [backend.asarray(inp), backend.asarray(y)]
    for argnum, expected in enumerate((tin.grad, ty.grad)):
        g = backend.to_numpy(backend.grad(fn, arrays, argnum=argnum))
        np.testing.assert_allclose(g, expected.numpy(), rtol=1e-10, atol=1e-12)


# --- balanced (hard-negative-mined) BCE -------------------------------------------------


def dbnet_balanced_bce(p, y, mask, ratio, eps=1e-6):
    """DBNet's BalanceCrossEntropyLoss.forward in NumPy (int counts, topk)."""
    positive = (y * mask).astype(np.uint8)
    negative = ((1 - y) * mask).astype(np.uint8)
    n_pos = int(positive.sum())
    k = min(int(negative.sum()), int(n_pos * ratio))
    loss = -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))
    pos = (loss * positive).sum()
    neg = np.sort((loss * negative).reshape(-1))[::-1][:k].sum()
    return (pos + neg) / (n_pos + k + eps)


def balanced_data(seed, shape=(2, 1, 5, 4), pos_frac=0.3):
    rng = np.random.default_rng(seed)
    x = 2.0 * rng.standard_normal(shape)
    y = (rng.uniform(size=shape) < pos_frac).astype(np.float64)
    mask = rng.uniform(size=shape) < 0.85
    return x, 1 / (1 + np.exp(-x)), y, mask


@pytest.mark.parametrize(
    ("ratio", "pos_frac"),
    [(3.0, 0.3), (0.5, 0.3), (3.0, 0.6), (0.0, 0.3), (2.5, 0.0)],
    ids=["ratio3", "ratio0.5", "k-limited-by-negatives", "ratio0", "no-positives"],
)
def test_balanced_matches_dbnet(backend, ratio, pos_frac):
    x, p, y, mask = balanced_data(13, pos_frac=pos_frac)
    expected = dbnet_balanced_bce(p, y, mask, ratio)
    kw = {"mask": backend.asarray(mask), "negative_ratio": ratio}
    got = portloss.balanced_binary_cross_entropy(backend.asarray(p), backend.asarray(y), **kw)
    np.testing.assert_allclose(backend.to_numpy(got), expected, rtol=1e-10)
    # logits: the same selection on the stable logits loss
    got = portloss.balanced_binary_cross_entropy(
        backend.asarray(x), backend.asarray(y), from_logits=True, **kw
    )
    np.testing.assert_allclose(backend.to_numpy(got), expected, rtol=1e-9)


def test_balanced_float_mask_and_no_mask(backend):
    _, p, y, mask = balanced_data(14)
    P, Y = backend.asarray(p), backend.asarray(y)
    full = portloss.balanced_binary_cross_entropy(P, Y)
    np.testing.assert_allclose(
        backend.to_numpy(full), dbnet_balanced_bce(p, y, np.ones_like(p), 3.0), rtol=1e-10
    )
    masked = portloss.balanced_binary_cross_entropy(
        P, Y, mask=backend.asarray(mask.astype(np.float64))
    )
    np.testing.assert_allclose(
        backend.to_numpy(masked), dbnet_balanced_bce(p, y, mask, 3.0), rtol=1e-10
    )


def test_balanced_jit_and_gradient_match_torch_topk():
    """Under jax.jit (k stays traced) and through jax.grad, as DBNet's torch code."""
    backend = get_backend("jax")
    _, F = _torch()
    import jax

    _, p, y, mask = balanced_data(15)
    expected = dbnet_balanced_bce(p, y, mask, 3.0)
    fn = functools.partial(
        portloss.balanced_binary_cross_entropy, mask=backend.asarray(mask), negative_ratio=3.0
    )
    P, Y = backend.asarray(p), backend.asarray(y)
    np.testing.assert_allclose(np.asarray(jax.jit(fn)(P, Y)), expected, rtol=1e-10)

    tp = _t(p, grad=True)
    ty, tm = _t(y), _t(mask)
    positive, negative = ty * tm, (1 - ty) * tm
    n_pos = int(positive.sum())
    k = min(int(negative.sum()), int(n_pos * 3.0))
    loss = F.binary_cross_entropy(tp, ty, reduction="none")
    neg, _ = (loss * negative).view(-1).topk(k)
    ((loss * positive).sum() + neg.sum()).div(n_pos + k + 1e-6).backward()
    g = jax.jit(jax.grad(fn))(P, Y)
    np.testing.assert_allclose(np.asarray(g), tp.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_balanced_gradient_finite_at_saturation_torch():
    backend = get_backend("torch")
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 2.0]], dtype=np.float32)
    y = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]], dtype=np.float32)
    for logits, inp in ((True, x), (False, (x > 0).astype(np.float32))):
        g = backend.to_numpy(
            backend.grad(
                lambda X, Y, logits=logits: portloss.balanced_binary_cross_entropy(
                    X, Y, from_logits=logits
                ),
                [backend.asarray(inp), backend.asarray(y)],
            )
        )
        assert np.isfinite(g).all(), logits


# --- dtypes, jit ------------------------------------------------------------------------


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
def test_low_precision_computed_in_float32(backend, low):
    if low not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {low}")
    _, F = _torch()
    xp = backend.xp
    x, p, y = data(16)
    for fn, tfn, a in (
        (portloss.binary_cross_entropy, F.binary_cross_entropy, p),
        (portloss.binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits, x),
    ):
        A = xp.astype(backend.asarray(a.astype(np.float32)), getattr(xp, low))
        Y = xp.astype(backend.asarray(y.astype(np.float32)), getattr(xp, low))
        a32 = backend.to_numpy(A).astype(np.float32)
        y32 = backend.to_numpy(Y).astype(np.float32)
        out = fn(A, Y)
        assert out.dtype == getattr(xp, low)
        expected = tfn(_t(a32, "float32"), _t(y32, "float32")).numpy()
        rtol = 2.0**-10 if low == "float16" else 2.0**-7
        np.testing.assert_allclose(backend.to_numpy(out).astype(np.float32), expected, rtol=rtol)


def test_jax_jit_equals_torch():
    backend = get_backend("jax")
    _, F = _torch()
    import jax

    x, _, y = data(17)
    v = np.random.default_rng(18).uniform(0.5, 3, C)
    fn = functools.partial(
        portloss.binary_cross_entropy_with_logits,
        pos_weight=backend.asarray(v),
        label_smoothing=0.1,
        reduction="none",
    )
    expected = F.binary_cross_entropy_with_logits(
        _t(x), _t(y * 0.9 + 0.05), pos_weight=_t(v), reduction="none"
    ).numpy()
    got = jax.jit(fn)(backend.asarray(x), backend.asarray(y))
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10, atol=1e-12)


def test_integer_and_bool_targets(backend):
    _, F = _torch()
    x, _, y = data(19, soft=False)
    expected = F.binary_cross_entropy_with_logits(_t(x), _t(y)).numpy()
    for target in (y.astype(np.int32), y.astype(bool)):
        got = portloss.binary_cross_entropy_with_logits(backend.asarray(x), backend.asarray(target))
        np.testing.assert_allclose(backend.to_numpy(got), expected, rtol=1e-10)


def test_inputs_not_modified(backend):
    x, p, y = data(20)
    w = np.random.default_rng(21).uniform(0.2, 2, C)
    originals = [x, p, y, w]
    copies = [a.copy() for a in originals]
    arrays = [backend.asarray(a) for a in originals]
    backend.to_numpy(portloss.binary_cross_entropy(arrays[1], arrays[2], weight=arrays[3]))
    backend.to_numpy(
        portloss.binary_cross_entropy_with_logits(arrays[0], arrays[2], pos_weight=arrays[3])
    )
    backend.to_numpy(portloss.balanced_binary_cross_entropy(arrays[1], arrays[2]))
    for a, copy in zip(arrays, copies):
        np.testing.assert_array_equal(backend.to_numpy(a), copy)


# --- errors -----------------------------------------------------------------------------


def test_errors():
    x, p, y = data(22)
    bce, bcel = portloss.binary_cross_entropy, portloss.binary_cross_entropy_with_logits
    with pytest.raises(ValueError, match=r"target must have the shape of input, \(6, 4\)"):
        bce(p, y[:, :3])
    with pytest.raises(ValueError, match=r"weight must broadcast to input's shape \(6, 4\)"):
        bce(p, y, weight=np.ones((2, N, C)))
    with pytest.raises(ValueError, match=r"weight must broadcast .* got shape \(3,\)"):
        bce(p, y, weight=np.ones(3))
    with pytest.raises(ValueError, match=r"pos_weight must broadcast .* got shape \(6,\)"):
        bcel(x, y, pos_weight=np.ones(N))
    with pytest.raises(ValueError, match="sample_weight must broadcast"):
        bcel(x, y, sample_weight=np.ones(N))
    with pytest.raises(ValueError, match="reduction must be one of"):
        bce(p, y, reduction="batchmean")
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\], got 1.5"):
        bcel(x, y, label_smoothing=1.5)
    with pytest.raises(ValueError, match=r"input must hold probabilities in \[0, 1\], got 1.5"):
        bce(np.full((2,), 1.5), np.ones(2))
    with pytest.raises(TypeError, match="input must have a real floating dtype"):
        bcel(np.ones(3, dtype=np.int64), np.ones(3))
    with pytest.raises(ValueError, match=r"negative_ratio must be >= 0\.0, got -1\.0"):
        portloss.balanced_binary_cross_entropy(p, y, negative_ratio=-1.0)
    with pytest.raises(ValueError, match=r"mask must broadcast to input's shape \(6, 4\)"):
        portloss.balanced_binary_cross_entropy(p, y, mask=np.ones(C))
    with pytest.raises(TypeError, match="from_logits must be True or False"):
        portloss.balanced_binary_cross_entropy(p, y, from_logits=1)


def test_mixed_libraries_and_out_of_range_without_host_sync():
    torch, _ = _torch()
    x, _, y = data(23)
    with pytest.raises(TypeError, match="pos_weight is a numpy array"):
        portloss.binary_cross_entropy_with_logits(
            torch.tensor(x), torch.tensor(y), pos_weight=np.ones(C)
        )
    # torch arrays are not inspected: an out-of-range probability gives NaN, not a number
    out = portloss.binary_cross_entropy(
        torch.tensor([1.5, -0.5, 0.5]), torch.ones(3), reduction="none"
    )
    assert torch.isnan(out[:2]).all()
    assert torch.isfinite(out[2])
