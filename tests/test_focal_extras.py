"""The focal family's extra options and the asymmetric loss (issue 24, deliverable 5).

Oracles: Keras' ``BinaryFocalCrossentropy`` with ``from_logits=False`` and
``label_smoothing``; kornia's ``binary_focal_loss_with_logits`` (``pos_weight``,
``weight``, ``ignore_index``); segmentation_models_pytorch's ``focal_loss_with_logits``
(``normalized``, ``reduced_threshold``) and Alibaba-MIIL's ``AsymmetricLoss`` written out
verbatim with torch operations (neither package is installed). No expected number is
computed by portloss.
"""

from __future__ import annotations

import importlib
import os
import warnings

import numpy as np
import pytest
from conftest import get_backend

import portloss

RNG = np.random.default_rng(24)
X = RNG.normal(scale=2.0, size=(3, 4, 5))
Y = (RNG.random((3, 4, 5)) < 0.4).astype(np.float64)


def _torch():
    torch = pytest.importorskip("torch")
    return torch, torch.nn.functional


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module("keras")
        except Exception as exc:  # not installed, or no usable Keras backend
            pytest.skip(f"keras unavailable: {exc}")


def smp_focal_loss_with_logits(
    output, target, gamma=2.0, alpha=0.25, normalized=False, reduced_threshold=None, eps=1e-6
):
    """segmentation_models_pytorch losses/_functional.py focal_loss_with_logits, verbatim."""
    torch, F = _torch()
    target = target.type(output.type())
    logpt = F.binary_cross_entropy_with_logits(output, target, reduction="none")
    pt = torch.exp(-logpt)
    if reduced_threshold is None:
        focal_term = (1.0 - pt).pow(gamma)
    else:
        focal_term = ((1.0 - pt) / reduced_threshold).pow(gamma)
        focal_term = torch.where(pt < reduced_threshold, torch.ones_like(pt), focal_term)
    loss = focal_term * logpt
    if alpha is not None:
        loss = loss * (alpha * target + (1 - alpha) * (1 - target))
    if normalized:
        loss = loss / focal_term.sum().clamp_min(eps)
    return loss


def miil_asl(x, y, gamma_neg=4, gamma_pos=1, clip=0.05, eps=1e-8, detach=False):
    """Alibaba-MIIL ASL src/loss_functions/losses.py AsymmetricLoss.forward, unsummed."""
    torch, _ = _torch()
    xs_pos = torch.sigmoid(x)
    xs_neg = 1 - xs_pos
    if clip is not None and clip > 0:
        xs_neg = (xs_neg + clip).clamp(max=1)
    loss = y * torch.log(xs_pos.clamp(min=eps)) + (1 - y) * torch.log(xs_neg.clamp(min=eps))
    if gamma_neg > 0 or gamma_pos > 0:
        with torch.set_grad_enabled(not detach):
            pt = xs_pos * y + xs_neg * (1 - y)
            w = torch.pow(1 - pt, gamma_pos * y + gamma_neg * (1 - y))
        loss = loss * w
    return -loss


@pytest.mark.parametrize(("smoothing", "balancing"), [(0.0, False), (0.1, True), (0.3, False)])
def test_probabilities_match_keras(smoothing, balancing):
    keras = _keras()
    p = 1.0 / (1.0 + np.exp(-X[0]))
    p[0, :3] = [0.0, 1.0, 1e-9]  # Keras clips at 1e-7: finite, as portloss's
    fn = keras.losses.BinaryFocalCrossentropy(
        from_logits=False,
        label_smoothing=smoothing,
        apply_class_balancing=balancing,
        alpha=0.3,
        gamma=1.5,
        reduction="sum_over_batch_size",
    )
    expected = float(np.asarray(fn(Y[0].astype(np.float32), p.astype(np.float32))))
    alpha = 0.3 if balancing else None  # Keras' apply_class_balancing=False
    opts = dict(alpha=alpha, gamma=1.5, label_smoothing=smoothing, convention="keras")
    got = portloss.sigmoid_focal_loss(p.astype(np.float32), Y[0], from_logits=False, **opts)
    assert np.isfinite(got)
    np.testing.assert_allclose(got, expected, rtol=2e-5)


def test_smoothed_logits_equal_smoothed_probabilities():
    # Keras' formula on logits and on their probabilities: the same where nothing clips.
    x = np.clip(X[0], -5, 5)
    p = 1.0 / (1.0 + np.exp(-x))
    opts = dict(gamma=2.0, label_smoothing=0.2, reduction="none")
    got = portloss.sigmoid_focal_loss(x, Y[0], **opts)
    want = portloss.sigmoid_focal_loss(p, Y[0], from_logits=False, probability_clip=0.0, **opts)
    np.testing.assert_allclose(got, want, rtol=1e-10)


@pytest.mark.parametrize(("probability_clip", "log_floor"), [(None, -100.0), (1e-7, np.log(1e-7))])
def test_probability_zero_and_one_finite_gradients(probability_clip, log_floor):
    torch, _ = _torch()
    p = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0], dtype=torch.float64)
    loss = portloss.sigmoid_focal_loss(
        p, y, from_logits=False, reduction="sum", probability_clip=probability_clip
    )
    (g,) = torch.autograd.grad(loss, p)
    assert torch.isfinite(loss)
    assert torch.isfinite(g).all()
    # a wrong sure prediction costs alpha_t (1)^gamma (-log floor): torch's clamp of
    # the log at -100 by default, Keras' clip at 1e-7; a right one 0
    expected = (0.25 + 0.75) * -log_floor + 0.25 * 0.25 * np.log(2)
    np.testing.assert_allclose(loss.item(), expected)


@pytest.mark.parametrize("ignore", [None, -100])
def test_matches_kornia_pos_weight_weight_ignore(ignore):
    torch, _ = _torch()
    kornia_focal = pytest.importorskip("kornia.losses.focal")
    y = Y.copy()
    if ignore is not None:
        y[0, 1, :2] = ignore
    pw = np.array([2.0, 0.5, 1.0, 3.0])
    w = np.array([1.0, 0.2, 0.7, 1.5])
    tx = torch.tensor(X, requires_grad=True)
    kw = dict(alpha=0.3, gamma=2.0, ignore_index=ignore)
    want = kornia_focal.binary_focal_loss_with_logits(
        tx, torch.tensor(y), pos_weight=torch.tensor(pw), weight=torch.tensor(w), **kw
    )
    px = torch.tensor(X, requires_grad=True)
    got = portloss.sigmoid_focal_loss(
        px, torch.tensor(y), pos_weight=torch.tensor(pw[:, None]),
        weight=torch.tensor(w[:, None]), reduction="none", **kw,
    )  # fmt: skip
    np.testing.assert_allclose(got.detach(), want.detach(), rtol=1e-10, atol=1e-14)
    (g_want,) = torch.autograd.grad(want.sum(), tx)
    (g_got,) = torch.autograd.grad(got.sum(), px)
    np.testing.assert_allclose(g_got, g_want, rtol=1e-10, atol=1e-14)
    if ignore is not None:  # portloss's mean leaves the ignored entries out; kornia's not
        mean = portloss.sigmoid_focal_loss(X, y, pos_weight=pw[:, None], weight=w[:, None], **kw)
        np.testing.assert_allclose(mean, want.sum().item() / (y != ignore).sum())


@pytest.mark.parametrize(
    ("normalized", "threshold", "gamma"),
    [(True, None, 2.0), (False, 0.5, 2.0), (True, 0.3, 1.5), (False, 0.7, 0.5)],
)
def test_matches_smp_normalized_reduced(normalized, threshold, gamma):
    torch, _ = _torch()
    tx = torch.tensor(X, requires_grad=True)
    want = smp_focal_loss_with_logits(
        tx, torch.tensor(Y), gamma=gamma, normalized=normalized, reduced_threshold=threshold
    ).mean()
    px = torch.tensor(X, requires_grad=True)
    opts = dict(gamma=gamma, normalized=normalized, reduced_threshold=threshold)
    got = portloss.sigmoid_focal_loss(px, torch.tensor(Y), **opts)
    np.testing.assert_allclose(got.item(), want.item(), rtol=1e-10)
    (g_want,) = torch.autograd.grad(want, tx)
    (g_got,) = torch.autograd.grad(got, px)
    np.testing.assert_allclose(g_got, g_want, rtol=1e-9, atol=1e-14)


def test_smp_ignore_index_drops_entries():
    # smp's FocalLoss drops ignored entries before the functional; portloss masks them.
    torch, _ = _torch()
    y = Y.copy()
    y[1, 2, :] = -1
    keep = y != -1
    want = smp_focal_loss_with_logits(
        torch.tensor(X[keep]), torch.tensor(y[keep]), normalized=True
    ).mean()
    got = portloss.sigmoid_focal_loss(X, y, ignore_index=-1, normalized=True)
    np.testing.assert_allclose(got, want.item(), rtol=1e-10)


@pytest.mark.parametrize(
    "opts",
    [
        {},
        dict(gamma_pos=0.0, gamma_neg=4.0, clip=0.05),
        dict(gamma_pos=2.0, gamma_neg=0.5, clip=None),
        dict(gamma_pos=0.0, gamma_neg=0.0, clip=0.2, eps=1e-3),
        dict(detach_focal_weight=True),
    ],
)
def test_asymmetric_matches_official(opts):
    torch, _ = _torch()
    x = np.clip(X, -6, 6)  # the official code rounds 1 - sigmoid(x): keep out of the tails
    ref = dict(opts)
    detach = ref.pop("detach_focal_weight", False)
    tx = torch.tensor(x, requires_grad=True)
    want = miil_asl(tx, torch.tensor(Y), detach=detach, **ref)
    px = torch.tensor(x, requires_grad=True)
    got = portloss.asymmetric_loss(px, torch.tensor(Y), reduction="none", **opts)
    np.testing.assert_allclose(got.detach(), want.detach(), rtol=1e-9, atol=1e-14)
    (g_want,) = torch.autograd.grad(want.sum(), tx)
    (g_got,) = torch.autograd.grad(got.sum(), px)
    np.testing.assert_allclose(g_got, g_want, rtol=1e-8, atol=1e-14)


def test_asymmetric_saturated_logits_finite():
    torch, _ = _torch()
    x = torch.tensor([1e4, -1e4, 1e4, -1e4, 40.0, -40.0], requires_grad=True)
    y = torch.tensor([1.0, 1.0, 0.0, 0.0, 1.0, 0.0])
    for opts in (
        {},
        dict(gamma_pos=0.0, gamma_neg=0.5),
        dict(gamma_pos=0.3, clip=None),
    ):
        loss = portloss.asymmetric_loss(x, y, reduction="sum", **opts)
        (g,) = torch.autograd.grad(loss, x)
        assert torch.isfinite(loss), opts
        assert torch.isfinite(g).all(), opts


# JAX (compiled) and Dask run every case of conformance/cases; eager JAX is slow here.
@pytest.mark.parametrize("backend_name", ["numpy", "array_api_strict", "torch"])
def test_backends_agree(backend_name):
    backend = get_backend(backend_name)
    ignored = Y.copy()
    ignored[0, 0, :2] = -100
    p = 1.0 / (1.0 + np.exp(-X))
    cases = [
        (portloss.asymmetric_loss, X, Y, {}),
        (portloss.sigmoid_focal_loss, X, ignored, dict(ignore_index=-100, normalized=True)),
        (portloss.sigmoid_focal_loss, p, Y, dict(from_logits=False, label_smoothing=0.1)),
    ]
    for fn, x, y, opts in cases:
        want = fn(x, y, reduction="none", **opts)
        got = fn(backend.asarray(x), backend.asarray(y), reduction="none", **opts)
        np.testing.assert_allclose(backend.to_numpy(got), want, rtol=1e-12, atol=1e-15)


def test_jit():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    x, y = jnp.asarray(X, dtype=jnp.float32), jnp.asarray(Y, dtype=jnp.float32)

    def loss(x, y):
        return portloss.asymmetric_loss(x, y) + portloss.sigmoid_focal_loss(
            x, y, ignore_index=-1, normalized=True, reduced_threshold=0.5
        )

    np.testing.assert_allclose(jax.jit(loss)(x, y), loss(x, y), rtol=1e-5)
    assert np.isfinite(np.asarray(jax.jit(jax.grad(loss))(x, y))).all()


@pytest.mark.parametrize(
    ("opts", "match"),
    [
        (dict(reduced_threshold=0.0), "reduced_threshold"),
        (dict(reduced_threshold=1.5), "reduced_threshold"),
        (dict(label_smoothing=2.0), "label_smoothing"),
        (dict(probability_clip=0.7), "probability_clip"),
        (dict(probability_clip=1e-7), "probability_clip applies to probabilities"),
        (dict(pos_weight=np.ones((2, 4, 5))), "pos_weight"),
        (dict(weight=np.ones(3)), "weight"),
    ],
)
def test_focal_bad_options(opts, match):
    with pytest.raises(ValueError, match=match):
        portloss.sigmoid_focal_loss(X, Y, **opts)


@pytest.mark.parametrize(
    ("opts", "match"),
    [
        (dict(gamma_neg=-1.0), "gamma_neg"),
        (dict(clip=1.5), "clip"),
        (dict(eps=2.0), "eps"),
    ],
)
def test_asymmetric_bad_options(opts, match):
    with pytest.raises(ValueError, match=match):
        portloss.asymmetric_loss(X, Y, **opts)
