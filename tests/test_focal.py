"""sigmoid_focal_loss, softmax_focal_loss and poly1_cross_entropy.

torch has none of these, so the references are the published formulas written with
torch operations inside the tests: torchvision's ``sigmoid_focal_loss`` verbatim
(torchvision is not installed), the softmax focal loss on ``F.log_softmax``, PolyLoss on
``F.cross_entropy``. optax's and Keras' implementations are further oracles where
installed. Golden values from golden-values.md, section D. No expected number is
computed by portloss.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from _helpers import keras_oracle as _keras
from _helpers import torch_oracle as _torch
from conftest import get_backend

import portloss

N, C, H, W = 6, 4, 3, 2
REDUCTIONS = ("none", "mean", "sum")
TOL = {"float32": {"rtol": 2e-5, "atol": 1e-6}, "float64": {"rtol": 1e-10, "atol": 1e-12}}
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")

# golden-values.md, section D
GX = np.array([[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]])
GT2 = np.array([[1, 0, 0], [1, 1, 1], [0, 1, 1]], dtype=np.float64)


def _t(a, dtype="float64", grad=False):
    torch, _ = _torch()
    if np.asarray(a).dtype.kind in "iub":
        return torch.tensor(np.asarray(a))
    return torch.tensor(np.asarray(a, dtype=dtype)).requires_grad_(grad)


def _reduce(loss, reduction, denominator=None):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (loss.numel() if denominator is None else denominator)


def torchvision_sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):
    """torchvision.ops.sigmoid_focal_loss, verbatim (v0.20)."""
    torch, F = _torch()
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "none":
        pass
    elif reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def torch_softmax_focal(
    x, y, *, alpha=None, gamma=2.0, weight=None, ignore_index=-100, axis=-1, reduction="mean"
):
    """-sum_c alpha_c w_c t_c (1 - p_c)^gamma log p_c, torch cross entropy's mean."""
    torch, F = _torch()
    logp = F.log_softmax(x.movedim(axis, -1), dim=-1)
    ones = torch.ones(logp.shape[-1], dtype=x.dtype)
    a = ones if alpha is None else alpha * ones
    w = ones if weight is None else weight
    terms = -a * w * (1 - logp.exp()) ** gamma * logp
    if y.is_floating_point():
        loss = (y.movedim(axis, -1) * terms).sum(-1)
        return _reduce(loss, reduction, loss.numel())
    valid = y != ignore_index
    safe = torch.where(valid, y, 0)
    loss = torch.where(valid, terms.gather(-1, safe[..., None])[..., 0], 0.0)
    return _reduce(loss, reduction, torch.where(valid, w[safe], 0.0).sum())


def torch_poly1(
    x, y, *, epsilon, weight=None, ignore_index=-100, label_smoothing=0.0, axis=-1, reduction="mean"
):
    """F.cross_entropy (unreduced) + eps * sum_c w_c y'_c (1 - p_c), cross entropy's mean."""
    torch, F = _torch()
    x_t = x.movedim(axis, 1) if x.ndim > 1 else x
    y_t = y.movedim(axis, 1) if y.is_floating_point() and y.ndim > 1 else y
    kw = {"weight": weight, "label_smoothing": label_smoothing}
    ce = F.cross_entropy(x_t, y_t, reduction="none", ignore_index=ignore_index, **kw)
    p = F.softmax(x.movedim(axis, -1), dim=-1)
    n_classes = p.shape[-1]
    w = torch.ones(n_classes, dtype=x.dtype) if weight is None else weight
    if y.is_floating_point():
        target, valid = y.movedim(axis, -1), torch.ones_like(ce, dtype=torch.bool)
        denominator = ce.numel()
    else:
        valid = y != ignore_index
        safe = torch.where(valid, y, 0)
        target = F.one_hot(safe, n_classes).to(x.dtype)
        denominator = torch.where(valid, w[safe], 0.0).sum()
    smoothed = (1 - label_smoothing) * target + label_smoothing / n_classes
    loss = ce + epsilon * torch.where(valid, (w * smoothed * (1 - p)).sum(-1), 0.0)
    return _reduce(loss, reduction, denominator)


def binary_data(seed, shape=(N, C), soft=True):
    rng = np.random.default_rng(seed)
    x = 2.0 * rng.standard_normal(shape)
    y = rng.uniform(size=shape) if soft else rng.integers(0, 2, shape).astype(np.float64)
    return x, y


# layout -> (torch-layout input shape, axis for portloss)
LAYOUTS = {
    "batched": ((N, C), -1),
    "kdim-axis1": ((N, C, H, W), 1),
    "kdim-last": ((N, C, H, W), -1),
}


def to_layout(a, layout):
    return np.moveaxis(a, 1, -1) if layout == "kdim-last" else a


def class_data(layout, seed, form="index", ignore=True):
    """Logits and targets in torch's layout (classes at 1), a third of indices ignored."""
    rng = np.random.default_rng(seed)
    shape, _ = LAYOUTS[layout]
    x = 2.0 * rng.standard_normal(shape)
    if form == "probability":
        e = np.exp(rng.standard_normal(shape))
        return x, e / e.sum(axis=1, keepdims=True)
    t = rng.integers(0, C, size=shape[:1] + shape[2:])
    if ignore:
        t.reshape(-1)[::3] = -100
    return x, t


def check_dtype(backend, out, dtype):
    assert out.dtype == getattr(backend.xp, dtype), (out.dtype, dtype)


# --- sigmoid focal ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sigmoid_golden_values(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    X, T = backend.asarray(GX.astype(dtype)), backend.asarray(GT2.astype(dtype))
    rtol = 1e-5 if dtype == "float32" else 1e-6
    out = portloss.sigmoid_focal_loss(X, T, alpha=0.6, gamma=0.2)
    check_dtype(backend, out, dtype)
    np.testing.assert_allclose(backend.to_numpy(out), 0.33546859, rtol=rtol)
    out = portloss.sigmoid_focal_loss(X, T, alpha=0.25, gamma=2.0)
    np.testing.assert_allclose(backend.to_numpy(out), 0.10890470, rtol=rtol)


SIGMOID_CASES = [
    ("float64", 0.25, 2.0, True),
    ("float64", 0.6, 0.2, False),
    ("float64", None, 0.0, True),
    ("float64", None, 0.2, True),
    ("float32", 0.25, 2.0, False),
    ("float32", 0.6, 0.2, True),
]


@pytest.mark.parametrize(("dtype", "alpha", "gamma", "soft"), SIGMOID_CASES, ids=str)
def test_sigmoid_matches_torchvision(backend, dtype, alpha, gamma, soft):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    x, y = binary_data(1, soft=soft)
    X, Y = backend.asarray(x.astype(dtype)), backend.asarray(y.astype(dtype))
    for reduction in REDUCTIONS:
        expected = torchvision_sigmoid_focal_loss(
            _t(x, dtype),
            _t(y, dtype),
            alpha=-1.0 if alpha is None else alpha,
            gamma=gamma,
            reduction=reduction,
        ).numpy()
        out = portloss.sigmoid_focal_loss(X, Y, alpha=alpha, gamma=gamma, reduction=reduction)
        check_dtype(backend, out, dtype)
        np.testing.assert_allclose(backend.to_numpy(out), expected, **TOL[dtype], err_msg=reduction)


def test_sigmoid_alpha_none_turns_alpha_off(backend):
    """alpha=None: torchvision's alpha < 0 and Keras' apply_class_balancing=False."""
    x, y = binary_data(2)
    expected = torchvision_sigmoid_focal_loss(
        _t(x), _t(y), alpha=-1.0, gamma=2.0, reduction="sum"
    ).numpy()
    X, Y = backend.asarray(x), backend.asarray(y)
    out = portloss.sigmoid_focal_loss(X, Y, alpha=None, reduction="sum")
    np.testing.assert_allclose(backend.to_numpy(out), expected, **TOL["float64"])


def test_sigmoid_sample_weight(backend):
    x, y = binary_data(3)
    s = np.random.default_rng(4).uniform(0, 2, (N, 1))
    loss = torchvision_sigmoid_focal_loss(_t(x), _t(y)).numpy()
    sb = np.broadcast_to(s, loss.shape)
    expected = {"none": sb * loss, "mean": (sb * loss).sum() / sb.sum(), "sum": (sb * loss).sum()}
    for reduction in REDUCTIONS:
        out = portloss.sigmoid_focal_loss(
            backend.asarray(x),
            backend.asarray(y),
            sample_weight=backend.asarray(s),
            reduction=reduction,
        )
        np.testing.assert_allclose(backend.to_numpy(out), expected[reduction], **TOL["float64"])


@pytest.mark.parametrize(("alpha", "gamma"), [(None, 2.0), (0.25, 2.0), (0.6, 0.2), (0.25, 0.0)])
def test_sigmoid_matches_optax(alpha, gamma):
    optax = pytest.importorskip("optax")
    backend = get_backend("jax")
    x, y = binary_data(5, soft=False)
    expected = np.asarray(
        optax.losses.sigmoid_focal_loss(
            backend.asarray(x), backend.asarray(y), alpha=alpha, gamma=gamma
        )
    )
    got = portloss.sigmoid_focal_loss(
        backend.asarray(x), backend.asarray(y), alpha=alpha, gamma=gamma, reduction="none"
    )
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("balancing", [False, True])
def test_sigmoid_matches_keras_binary_focal(balancing):
    keras = _keras()
    x, y = binary_data(6, soft=False)
    x = np.clip(x, -4, 4)  # Keras clips probabilities at 1e-7: keep away from that
    loss = keras.losses.BinaryFocalCrossentropy(
        apply_class_balancing=balancing, alpha=0.3, gamma=1.5, from_logits=True
    )
    expected = float(np.asarray(loss(y.astype(np.float32), x.astype(np.float32))))
    alpha = 0.3 if balancing else None  # Keras' apply_class_balancing=False
    got = portloss.sigmoid_focal_loss(x, y, alpha=alpha, gamma=1.5, convention="keras")
    np.testing.assert_allclose(got, expected, rtol=2e-5)


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize(
    ("gamma", "dtype"), [(0.0, "float32"), (0.2, "float32"), (2.0, "float32"), (0.2, "float64")]
)
def test_sigmoid_saturated_logits_finite_values_and_gradients(backend_name, gamma, dtype):
    backend = get_backend(backend_name)
    torch, _ = _torch()
    alpha = 0.25
    x = np.array([1e4, 1e4, -1e4, -1e4, 1e4, 30.0, -30.0, 0.0], dtype=dtype)
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.3, 1.0, 1.0, 1.0], dtype=dtype)
    X, Y = backend.asarray(x), backend.asarray(y)
    fn = functools.partial(portloss.sigmoid_focal_loss, alpha=alpha, gamma=gamma, reduction="sum")
    loss = backend.to_numpy(
        portloss.sigmoid_focal_loss(X, Y, alpha=alpha, gamma=gamma, reduction="none")
    )
    g = backend.to_numpy(backend.grad(fn, [X, Y]))
    assert np.isfinite(loss).all()
    assert np.isfinite(g).all()
    # the limits: a right confident prediction costs 0, a wrong one alpha_t |x|, slope alpha_t
    np.testing.assert_allclose(loss[:4], [0.0, 0.75e4, 0.25e4, 0.0], rtol=1e-6, atol=1e-30)
    np.testing.assert_allclose(g[:4], [0.0, 0.75, -0.25, 0.0], rtol=1e-6, atol=1e-30)
    # where torchvision's formula is still finite, the same values and gradients
    tx = _t(x[4:], "float64", grad=True)
    ref = torchvision_sigmoid_focal_loss(tx, _t(y[4:]), alpha=alpha, gamma=gamma)
    ref.sum().backward()
    np.testing.assert_allclose(loss[4:], ref.detach().numpy(), **TOL[dtype])
    np.testing.assert_allclose(g[4:], tx.grad.numpy(), **TOL[dtype])
    if 0 < gamma < 1:
        # ... while torchvision's own gradient is NaN at saturation: pow(0, gamma - 1)
        tx = torch.tensor([1e4], dtype=torch.float64, requires_grad=True)
        torchvision_sigmoid_focal_loss(
            tx, torch.ones(1, dtype=torch.float64), gamma=gamma
        ).sum().backward()
        assert torch.isnan(tx.grad).all()


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize("native", [True, False])
def test_sigmoid_subnormal_one_minus_pt_small_gamma(backend_name, native):
    """float32 logits near 100 on the right side make 1 - p_t subnormal; with gamma < 1
    the slope gamma * q ** (gamma - 1) would overflow. Loss and gradient stay finite
    and ~0, fast paths on or off."""
    from portloss._backends import use_native

    backend = get_backend(backend_name)
    with use_native(native):
        x = np.array([86.0, 95.0, 100.0, 102.0, -100.0], dtype="float32")
        y = np.array([1.0, 1.0, 1.0, 1.0, 0.0], dtype="float32")
        X, Y = backend.asarray(x), backend.asarray(y)
        fn = functools.partial(portloss.sigmoid_focal_loss, gamma=0.05, reduction="sum")
        loss = backend.to_numpy(portloss.sigmoid_focal_loss(X, Y, gamma=0.05, reduction="none"))
        g = backend.to_numpy(backend.grad(fn, [X, Y]))
        assert np.isfinite(loss).all()
        assert np.isfinite(g).all()
        np.testing.assert_allclose(loss, 0.0, atol=1e-35)
        np.testing.assert_allclose(g, 0.0, atol=1e-35)


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
def test_sigmoid_gradients_match_torchvision(backend_name):
    backend = get_backend(backend_name)
    x, y = binary_data(7)
    tx, ty = _t(x, grad=True), _t(y, grad=True)
    torchvision_sigmoid_focal_loss(tx, ty, alpha=0.6, gamma=0.2, reduction="mean").backward()
    fn = functools.partial(portloss.sigmoid_focal_loss, alpha=0.6, gamma=0.2)
    arrays = [backend.asarray(x), backend.asarray(y)]
    for argnum, expected in enumerate((tx.grad, ty.grad)):
        g = backend.to_numpy(backend.grad(fn, arrays, argnum=argnum))
        np.testing.assert_allclose(g, expected.numpy(), rtol=1e-9, atol=1e-12)


# --- softmax focal ----------------------------------------------------------------------

SOFTMAX_CASES = [
    ("batched", "index", "array", 0.5, True),
    ("batched", "probability", "array", 2.0, True),
    ("kdim-axis1", "index", 0.25, 2.0, True),
    ("kdim-last", "index", None, 1.0, False),
]


@pytest.mark.parametrize(("layout", "form", "alpha", "gamma", "weighted"), SOFTMAX_CASES, ids=str)
def test_softmax_focal_matches_formula(backend, layout, form, alpha, gamma, weighted):
    x, t = class_data(layout, 8, form)
    rng = np.random.default_rng(9)
    w = rng.uniform(0.2, 2, C) if weighted else None
    a = rng.uniform(0.1, 1, C) if alpha == "array" else alpha
    axis = LAYOUTS[layout][1]
    T = backend.asarray(to_layout(t, layout) if form == "probability" else t)
    opts = {
        "alpha": backend.asarray(a) if alpha == "array" else a,
        "weight": None if w is None else backend.asarray(w),
        "gamma": gamma,
        "axis": axis,
    }
    t_opts = {
        "alpha": None if a is None else _t(a),
        "weight": None if w is None else _t(w),
        "gamma": gamma,
    }
    for reduction in REDUCTIONS:
        expected = torch_softmax_focal(
            _t(x), _t(t), axis=1 if len(x.shape) > 1 else -1, reduction=reduction, **t_opts
        ).numpy()
        got = portloss.softmax_focal_loss(
            backend.asarray(to_layout(x, layout)), T, reduction=reduction, **opts
        )
        np.testing.assert_allclose(
            backend.to_numpy(got), expected, **TOL["float64"], err_msg=reduction
        )


@pytest.mark.parametrize("form", ["index", "probability"])
def test_softmax_focal_gamma0_is_cross_entropy(backend, form):
    """gamma = 0, alpha = None: torch's cross entropy, weights and ignore_index included."""
    _, F = _torch()
    x, t = class_data("kdim-axis1", 10, form)
    w = np.random.default_rng(11).uniform(0.2, 2, C)
    for reduction in REDUCTIONS:
        expected = F.cross_entropy(_t(x), _t(t), weight=_t(w), reduction=reduction).numpy()
        got = portloss.softmax_focal_loss(
            backend.asarray(x),
            backend.asarray(t),
            gamma=0.0,
            weight=backend.asarray(w),
            axis=1,
            reduction=reduction,
        )
        np.testing.assert_allclose(
            backend.to_numpy(got), expected, **TOL["float64"], err_msg=reduction
        )


def test_softmax_focal_unbatched_all_ignored_and_sample_weight(backend):
    x, t = class_data("batched", 12)
    X = backend.asarray(x)
    # unbatched: one sample
    expected = torch_softmax_focal(_t(x[1]), _t(t[1])).numpy()
    got = portloss.softmax_focal_loss(backend.asarray(x[1]), backend.asarray(t[1]))
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])
    # all ignored: NaN mean (torch's 0/0), zero sum
    ignored = backend.asarray(np.full(N, -100))
    assert np.isnan(backend.to_numpy(portloss.softmax_focal_loss(X, ignored)))
    assert backend.to_numpy(portloss.softmax_focal_loss(X, ignored, reduction="sum")) == 0.0
    # sample weight: sum(s l) / sum(s w_y) over non-ignored entries
    s = np.random.default_rng(13).uniform(0, 2, N)
    w = np.random.default_rng(14).uniform(0.2, 2, C)
    loss = torch_softmax_focal(_t(x), _t(t), weight=_t(w), reduction="none").numpy()
    share = np.where(t != -100, w[np.where(t != -100, t, 0)], 0.0)
    got = portloss.softmax_focal_loss(
        X, backend.asarray(t), weight=backend.asarray(w), sample_weight=backend.asarray(s)
    )
    np.testing.assert_allclose(
        backend.to_numpy(got), (s * loss).sum() / (s * share).sum(), **TOL["float64"]
    )


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize("gamma", [0.0, 0.2, 2.0])
def test_softmax_focal_saturated_logits(backend_name, gamma):
    """Logits of ±1e4 in float32: finite values and gradients for every gamma."""
    backend = get_backend(backend_name)
    x = np.array(
        [[1e4, -1e4, 0.0, 1.0], [1e4, -1e4, 0.0, 1.0], [-1e4, 1e4, 1e4, 0.0], [0.0, 0.0, 0.0, 0.0]],
        dtype=np.float32,
    )
    t = np.array([0, 1, 2, 3])  # right and saturated, wrong by 2e4, tied top, all tied
    X, T = backend.asarray(x), backend.asarray(t)
    fn = functools.partial(portloss.softmax_focal_loss, gamma=gamma, reduction="sum")
    loss = backend.to_numpy(portloss.softmax_focal_loss(X, T, gamma=gamma, reduction="none"))
    g = backend.to_numpy(backend.grad(fn, [X, T]))
    assert np.isfinite(loss).all()
    assert np.isfinite(g).all()
    np.testing.assert_allclose(loss[:2], [0.0, 2e4], rtol=1e-6)
    # the rows where the naive formula is finite agree with it (float64), gradients too
    tx = _t(x[2:].astype(np.float64), grad=True)
    ref = torch_softmax_focal(tx, _t(t[2:]), gamma=gamma, reduction="none")
    ref.sum().backward()
    np.testing.assert_allclose(loss[2:], ref.detach().numpy(), rtol=1e-5)
    np.testing.assert_allclose(g[2:], tx.grad.numpy(), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize("form", ["index", "probability"])
def test_softmax_focal_gradients_match_torch(backend_name, form):
    backend = get_backend(backend_name)
    x, t = class_data("kdim-axis1", 15, form)
    rng = np.random.default_rng(16)
    w, a = rng.uniform(0.2, 2, C), rng.uniform(0.1, 1, C)
    tx = _t(x, grad=True)
    torch_softmax_focal(tx, _t(t), alpha=_t(a), weight=_t(w), gamma=1.5, axis=1).backward()
    fn = functools.partial(
        portloss.softmax_focal_loss,
        alpha=backend.asarray(a),
        weight=backend.asarray(w),
        gamma=1.5,
        axis=1,
    )
    g = backend.to_numpy(backend.grad(fn, [backend.asarray(x), backend.asarray(t)]))
    np.testing.assert_allclose(g, tx.grad.numpy(), rtol=1e-9, atol=1e-12)


# --- poly-1 -----------------------------------------------------------------------------

POLY_CASES = [
    ("batched", "index", 1.0, True, 0.1),
    ("batched", "probability", -1.0, True, 0.2),
    ("kdim-axis1", "index", 2.0, False, 0.0),
    ("kdim-last", "index", 0.5, True, 0.1),
]


@pytest.mark.parametrize(
    ("layout", "form", "epsilon", "weighted", "smoothing"), POLY_CASES, ids=str
)
def test_poly1_matches_formula(backend, layout, form, epsilon, weighted, smoothing):
    x, t = class_data(layout, 17, form)
    w = np.random.default_rng(18).uniform(0.2, 2, C) if weighted else None
    axis = LAYOUTS[layout][1]
    T = backend.asarray(to_layout(t, layout) if form == "probability" else t)
    opts = {"epsilon": epsilon, "label_smoothing": smoothing, "axis": axis}
    for reduction in REDUCTIONS:
        expected = torch_poly1(
            _t(x),
            _t(t),
            epsilon=epsilon,
            weight=None if w is None else _t(w),
            label_smoothing=smoothing,
            axis=1,
            reduction=reduction,
        ).numpy()
        got = portloss.poly1_cross_entropy(
            backend.asarray(to_layout(x, layout)),
            T,
            weight=None if w is None else backend.asarray(w),
            reduction=reduction,
            **opts,
        )
        np.testing.assert_allclose(
            backend.to_numpy(got), expected, **TOL["float64"], err_msg=reduction
        )


def test_poly1_epsilon0_is_torch_cross_entropy_and_paper_form(backend):
    _, F = _torch()
    x, t = class_data("batched", 19)
    w = np.random.default_rng(20).uniform(0.2, 2, C)
    X, T = backend.asarray(x), backend.asarray(t)
    kw = {"label_smoothing": 0.1, "reduction": "none"}
    expected = F.cross_entropy(_t(x), _t(t), weight=_t(w), **kw).numpy()
    got = portloss.poly1_cross_entropy(X, T, epsilon=0.0, weight=backend.asarray(w), **kw)
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])
    # the paper: CE + eps (1 - p_t), p_t = sum(y' softmax(x)) with the smoothed one-hot y'
    valid = t != -100
    onehot = np.eye(C)[np.where(valid, t, 0)]
    smoothed = 0.9 * onehot + 0.1 / C
    p = np.exp(x - x.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    ce = -(smoothed * np.log(p)).sum(1)
    paper = np.where(valid, ce + 2.0 * (1 - (smoothed * p).sum(1)), 0.0)
    got = portloss.poly1_cross_entropy(X, T, epsilon=2.0, **kw)
    np.testing.assert_allclose(backend.to_numpy(got), paper, **TOL["float64"])


def test_poly1_matches_optax():
    optax = pytest.importorskip("optax")
    backend = get_backend("jax")
    x, p = class_data("kdim-last", 21, "probability")
    x, p = to_layout(x, "kdim-last"), to_layout(p, "kdim-last")
    expected = optax.losses.poly_loss_cross_entropy(
        backend.asarray(x), backend.asarray(p), epsilon=2.0
    )
    got = portloss.poly1_cross_entropy(
        backend.asarray(x), backend.asarray(p), epsilon=2.0, reduction="none"
    )
    np.testing.assert_allclose(np.asarray(got), np.asarray(expected), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
def test_poly1_gradients_match_torch_and_are_finite_at_saturation(backend_name):
    backend = get_backend(backend_name)
    x, t = class_data("kdim-axis1", 22)
    w = np.random.default_rng(23).uniform(0.2, 2, C)
    tx = _t(x, grad=True)
    torch_poly1(tx, _t(t), epsilon=1.0, weight=_t(w), label_smoothing=0.1, axis=1).backward()
    fn = functools.partial(
        portloss.poly1_cross_entropy, weight=backend.asarray(w), label_smoothing=0.1, axis=1
    )
    g = backend.to_numpy(backend.grad(fn, [backend.asarray(x), backend.asarray(t)]))
    np.testing.assert_allclose(g, tx.grad.numpy(), rtol=1e-9, atol=1e-12)
    xs = np.array([[1e4, -1e4, 0.0, 1.0], [-1e4, 1e4, 0.0, 1.0]] * 2, dtype=np.float32)
    g = backend.to_numpy(
        backend.grad(
            portloss.poly1_cross_entropy,
            [backend.asarray(xs), backend.asarray(np.array([0, 0, 1, 3]))],
        )
    )
    assert np.isfinite(g).all()


# --- jit, dtypes, errors ----------------------------------------------------------------


def test_jax_jit_equals_formula():
    backend = get_backend("jax")
    import jax

    x, t = class_data("kdim-axis1", 24)
    a = np.random.default_rng(25).uniform(0.1, 1, C)
    X, T = backend.asarray(x), backend.asarray(t)
    focal = functools.partial(
        portloss.softmax_focal_loss, alpha=backend.asarray(a), gamma=0.5, axis=1
    )
    expected = torch_softmax_focal(_t(x), _t(t), alpha=_t(a), gamma=0.5, axis=1).numpy()
    np.testing.assert_allclose(np.asarray(jax.jit(focal)(X, T)), expected, rtol=1e-10)
    poly = functools.partial(portloss.poly1_cross_entropy, epsilon=2.0, axis=1)
    expected = torch_poly1(_t(x), _t(t), epsilon=2.0, axis=1).numpy()
    np.testing.assert_allclose(np.asarray(jax.jit(poly)(X, T)), expected, rtol=1e-10)
    xb, yb = binary_data(26)
    sig = functools.partial(portloss.sigmoid_focal_loss, gamma=0.2)
    expected = torchvision_sigmoid_focal_loss(_t(xb), _t(yb), gamma=0.2, reduction="mean").numpy()
    got = jax.jit(sig)(backend.asarray(xb), backend.asarray(yb))
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-10)


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
def test_low_precision_computed_in_float32(backend, low):
    if low not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {low}")
    xp = backend.xp
    x, t = class_data("batched", 27)
    X = xp.astype(backend.asarray(x.astype(np.float32)), getattr(xp, low))
    x32 = backend.to_numpy(X).astype(np.float32)
    rtol = 2.0**-10 if low == "float16" else 2.0**-7
    for fn, ref in (
        (portloss.softmax_focal_loss, torch_softmax_focal),
        (
            functools.partial(portloss.poly1_cross_entropy, epsilon=1.0),
            functools.partial(torch_poly1, epsilon=1.0),
        ),
    ):
        out = fn(X, backend.asarray(t))
        assert out.dtype == getattr(xp, low)
        expected = ref(_t(x32, "float32"), _t(t)).numpy()
        np.testing.assert_allclose(backend.to_numpy(out).astype(np.float32), expected, rtol=rtol)
    yb = (np.random.default_rng(28).uniform(size=x.shape) < 0.4).astype(np.float32)
    Y = xp.astype(backend.asarray(yb), getattr(xp, low))
    out = portloss.sigmoid_focal_loss(X, Y)
    assert out.dtype == getattr(xp, low)
    expected = torchvision_sigmoid_focal_loss(
        _t(x32, "float32"), _t(yb, "float32"), reduction="mean"
    ).numpy()
    np.testing.assert_allclose(backend.to_numpy(out).astype(np.float32), expected, rtol=rtol)


def test_errors():
    x, t = class_data("batched", 28)
    xb, yb = binary_data(29)
    with pytest.raises(ValueError, match=r"gamma must be >= 0\.0, got -1\.0"):
        portloss.sigmoid_focal_loss(xb, yb, gamma=-1.0)
    with pytest.raises(ValueError, match=r"alpha must be in \[0\.0, 1\.0\], got 1\.5"):
        portloss.sigmoid_focal_loss(xb, yb, alpha=1.5)
    with pytest.raises(ValueError, match=r"alpha must be in \[0\.0, 1\.0\], got -1\.0"):
        portloss.sigmoid_focal_loss(xb, yb, alpha=-1.0)  # alpha=None turns it off
    with pytest.raises(ValueError, match=r"target must have the shape of input"):
        portloss.sigmoid_focal_loss(xb, yb[:3])
    with pytest.raises(ValueError, match=r"alpha must be a number or have shape \(4,\)"):
        portloss.softmax_focal_loss(x, t, alpha=np.ones(3))
    with pytest.raises(ValueError, match=r"alpha must be >= 0\.0"):
        portloss.softmax_focal_loss(x, t, alpha=-0.5)
    with pytest.raises(ValueError, match="ignore_index applies to class-index targets only"):
        portloss.softmax_focal_loss(x, np.full(x.shape, 0.25), ignore_index=0)
    with pytest.raises(ValueError, match=r"target must hold class indices in \[0, 4\)"):
        portloss.softmax_focal_loss(x, np.full(N, 7))
    with pytest.raises(ValueError, match="pass axis=1"):
        portloss.softmax_focal_loss(np.zeros((N, C, H)), np.zeros((N, H), dtype=np.int64))
    with pytest.raises(ValueError, match=r"epsilon must be >= -1\.0, got -2\.0"):
        portloss.poly1_cross_entropy(x, t, epsilon=-2.0)
    with pytest.raises(ValueError, match=r"weight must have shape \(4,\)"):
        portloss.poly1_cross_entropy(x, t, weight=np.ones(5))
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        portloss.poly1_cross_entropy(x, t, label_smoothing=2.0)


def test_out_of_range_class_gives_nan_without_host_sync():
    torch, _ = _torch()
    x, _ = class_data("batched", 30)
    t = torch.tensor([0, 1, 9, 2, -100, 3])
    for fn in (portloss.softmax_focal_loss, portloss.poly1_cross_entropy):
        out = fn(torch.tensor(x), t, reduction="none")
        assert torch.isnan(out[2])
        assert torch.isfinite(out[[0, 1, 3, 4, 5]]).all()
