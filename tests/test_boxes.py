"""Box losses against torchvision's own code (loaded without its compiled extension).

torchvision's ``giou_loss.py``, ``diou_loss.py`` and ``ciou_loss.py`` are the oracles
(:mod:`tests.peer_torchvision`); :func:`portloss.box_iou_loss`, which torchvision lacks,
is checked against ``1 - IoU`` written out in NumPy. No expected number is computed by
portloss.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss
from tests.peer_torchvision import load

PEERS = ("generalized_box_iou_loss", "distance_box_iou_loss", "complete_box_iou_loss")
ALL = ("box_iou_loss", *PEERS)
TOL = {"float32": {"rtol": 2e-5, "atol": 2e-6}, "float64": {"rtol": 1e-10, "atol": 1e-12}}


def _tv():
    pytest.importorskip("torch")
    tv = load()
    if tv is None:
        pytest.skip("torchvision is not installed")
    return tv


def _boxes(rng, n):
    """Random proper boxes, about a third of the pairs disjoint, a few identical."""
    xy = rng.uniform(0.0, 4.0, (n, 2))
    wh = rng.uniform(0.2, 3.0, (n, 2))
    b = np.concatenate([xy, xy + wh], axis=-1)
    gxy = xy + rng.uniform(-2.5, 2.5, (n, 2))
    g = np.concatenate([gxy, gxy + rng.uniform(0.2, 3.0, (n, 2))], axis=-1)
    g[0] = b[0]
    return b, g


def _reference(name, b, g, eps=1e-7):
    """The torchvision oracle, or 1 - IoU written out for the plain IoU loss."""
    if name == "box_iou_loss":
        iw = np.minimum(b[..., 2], g[..., 2]) - np.maximum(b[..., 0], g[..., 0])
        ih = np.minimum(b[..., 3], g[..., 3]) - np.maximum(b[..., 1], g[..., 1])
        inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
        area = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
        garea = (g[..., 2] - g[..., 0]) * (g[..., 3] - g[..., 1])
        return 1.0 - inter / (area + garea - inter + eps)
    import torch

    fn = getattr(_tv(), name)
    return fn(torch.tensor(b), torch.tensor(g), eps=eps).numpy()


def _skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_torchvision(backend, name, dtype):
    _skip_dtype(backend, dtype)
    b, g = _boxes(np.random.default_rng(0), 12)
    b, g = b.astype(dtype).astype(np.float64), g.astype(dtype).astype(np.float64)
    expected = _reference(name, b, g)
    fn = getattr(portloss, name)
    xb, xg = backend.asarray(b.astype(dtype)), backend.asarray(g.astype(dtype))
    out = fn(xb, xg, reduction="none")
    assert out.dtype == getattr(backend.xp, dtype)
    np.testing.assert_allclose(backend.to_numpy(out), expected, **TOL[dtype])
    mean = backend.to_numpy(fn(xb, xg))
    np.testing.assert_allclose(mean, expected.mean(), **TOL[dtype])
    total = backend.to_numpy(fn(xb, xg, reduction="sum"))
    np.testing.assert_allclose(total, expected.sum(), **TOL[dtype])


@pytest.mark.parametrize("name", PEERS)
def test_gradients_match_torchvision(name):
    torch = pytest.importorskip("torch")
    b, g = _boxes(np.random.default_rng(1), 10)
    tb = torch.tensor(b, requires_grad=True)
    (expected,) = torch.autograd.grad(getattr(_tv(), name)(tb, torch.tensor(g)).sum(), tb)
    pb = torch.tensor(b, requires_grad=True)
    out = getattr(portloss, name)(pb, torch.tensor(g), reduction="sum")
    (got,) = torch.autograd.grad(out, pb)
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", PEERS)
def test_jax_gradients_match_torchvision(name):
    jax = pytest.importorskip("jax")
    torch = pytest.importorskip("torch")
    jax.config.update("jax_enable_x64", True)
    b, g = _boxes(np.random.default_rng(2), 10)
    tb = torch.tensor(b, requires_grad=True)
    (expected,) = torch.autograd.grad(getattr(_tv(), name)(tb, torch.tensor(g)).sum(), tb)
    fn = getattr(portloss, name)
    got = jax.jit(jax.grad(lambda x: fn(x, jax.numpy.asarray(g), reduction="sum")))(
        jax.numpy.asarray(b)
    )
    np.testing.assert_allclose(np.asarray(got), expected.numpy(), rtol=1e-10, atol=1e-12)


def test_ciou_alpha_carries_no_gradient():
    """The gradient of CIoU is DIoU's plus alpha * dv: alpha is a constant, as torchvision."""
    torch = pytest.importorskip("torch")
    b, g = _boxes(np.random.default_rng(3), 6)
    tb = torch.tensor(b, requires_grad=True)
    loss = portloss.complete_box_iou_loss(tb, torch.tensor(g), reduction="sum")
    (got,) = torch.autograd.grad(loss, tb)
    # Written out: alpha from detached values, v differentiated.
    xb = torch.tensor(b, requires_grad=True)
    tg = torch.tensor(g)
    diou, iou = _tv()._diou_iou_loss(xb, tg, 1e-7)
    w, h = xb[:, 2] - xb[:, 0], xb[:, 3] - xb[:, 1]
    gw, gh = tg[:, 2] - tg[:, 0], tg[:, 3] - tg[:, 1]
    v = (4 / torch.pi**2) * (torch.atan(gw / gh) - torch.atan(w / h)) ** 2
    alpha = (v / (1 - iou + v + 1e-7)).detach()
    (expected,) = torch.autograd.grad((diou + alpha * v).sum(), xb)
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-10, atol=1e-12)
    # and differs from the gradient with alpha differentiated (the check can fail)
    xb2 = torch.tensor(b, requires_grad=True)
    diou2, iou2 = _tv()._diou_iou_loss(xb2, tg, 1e-7)
    w2, h2 = xb2[:, 2] - xb2[:, 0], xb2[:, 3] - xb2[:, 1]
    v2 = (4 / torch.pi**2) * (torch.atan(gw / gh) - torch.atan(w2 / h2)) ** 2
    (full,) = torch.autograd.grad((diou2 + v2 / (1 - iou2 + v2 + 1e-7) * v2).sum(), xb2)
    assert not np.allclose(full.numpy(), expected.numpy(), rtol=1e-6)


@pytest.mark.parametrize("name", ALL)
def test_degenerate_boxes(name):
    """Identical, touching and empty boxes, as torchvision (eps keeps empty boxes finite)."""
    b = np.array([[1.0, 1.0, 3.0, 2.0], [0.0, 0.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    g = np.array([[1.0, 1.0, 3.0, 2.0], [1.0, 0.0, 2.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    got = portloss.__dict__[name](b[:2], g[:2], reduction="none")
    np.testing.assert_allclose(got, _reference(name, b[:2], g[:2]), rtol=1e-12, atol=1e-12)
    assert got[0] < 1e-6  # identical boxes: no loss
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0 is the point here
        empty = portloss.__dict__[name](b[2:], g[2:], reduction="none")
        if name == "complete_box_iou_loss":  # 0 / 0 in the aspect ratio, as torchvision
            assert np.isnan(empty).all()
            assert np.isnan(_reference(name, b[2:], g[2:])).all()
        else:
            np.testing.assert_allclose(empty, _reference(name, b[2:], g[2:]), rtol=1e-12)
            assert np.isnan(portloss.__dict__[name](b[2:], g[2:], eps=0.0)).all()


@pytest.mark.parametrize(
    "name", ["box_iou_loss", "generalized_box_iou_loss", "distance_box_iou_loss"]
)
def test_eps_matches_torchvision(name):
    b, g = _boxes(np.random.default_rng(4), 8)
    b[1], g[1] = [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]  # empty boxes: eps decides
    got = getattr(portloss, name)(b, g, eps=0.5, reduction="none")
    np.testing.assert_allclose(got, _reference(name, b, g, eps=0.5), rtol=1e-12, atol=1e-12)
    assert not np.allclose(got, _reference(name, b, g), rtol=1e-6)


def test_ciou_eps_enters_every_term():
    """torchvision passes eps to CIoU's alpha only; portloss to every term (documented)."""
    torch = pytest.importorskip("torch")
    b, g = _boxes(np.random.default_rng(5), 8)
    tb, tg = torch.tensor(b), torch.tensor(g)
    diou, iou = _tv()._diou_iou_loss(tb, tg, 0.5)
    w, h = tb[:, 2] - tb[:, 0], tb[:, 3] - tb[:, 1]
    gw, gh = tg[:, 2] - tg[:, 0], tg[:, 3] - tg[:, 1]
    v = (4 / torch.pi**2) * (torch.atan(gw / gh) - torch.atan(w / h)) ** 2
    expected = (diou + v / (1 - iou + v + 0.5) * v).numpy()
    got = portloss.complete_box_iou_loss(b, g, eps=0.5, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_sample_weight_and_batch_shape():
    rng = np.random.default_rng(6)
    b, g = _boxes(rng, 6)
    b, g = b.reshape(2, 3, 4), g.reshape(2, 3, 4)
    expected = _reference("generalized_box_iou_loss", b.reshape(6, 4), g.reshape(6, 4))
    s = rng.uniform(0.5, 2.0, (2, 3))
    got = portloss.generalized_box_iou_loss(b, g, sample_weight=s)
    np.testing.assert_allclose(got, (expected * s.ravel()).sum() / s.sum(), rtol=1e-12)
    per_sample = portloss.generalized_box_iou_loss(b, g, sample_weight=s[:, :1], reduction="sum")
    np.testing.assert_allclose(per_sample, (expected * np.repeat(s[:, 0], 3)).sum(), rtol=1e-12)
    assert np.isnan(portloss.generalized_box_iou_loss(b[:0], g[:0]))


def test_nan_propagates():
    b, g = _boxes(np.random.default_rng(7), 3)
    b[1, 2] = np.nan
    for name in ALL:
        out = getattr(portloss, name)(b, g, reduction="none")
        assert np.isnan(out[1]), name
        assert np.isfinite(out[[0, 2]]).all(), name


@pytest.mark.parametrize(
    ("b", "g", "kw", "error", "match"),
    [
        (
            np.zeros((3, 5)),
            np.zeros((3, 5)),
            {},
            ValueError,
            r"shape \(\.\.\., 4\), got shape \(3, 5\)",
        ),
        (np.zeros((3, 4)), np.zeros((2, 4)), {}, ValueError, "target must have the shape of input"),
        (np.zeros((3, 4)), np.zeros((3, 4)), {"eps": -1.0}, ValueError, "eps must be >= 0"),
        (np.zeros((3, 4), int), np.zeros((3, 4)), {}, TypeError, "input must have a real floating"),
        (
            np.zeros((3, 4)),
            np.zeros((3, 4)),
            {"sample_weight": np.ones(4)},
            ValueError,
            "sample_weight",
        ),
    ],
)
def test_bad_input_names_the_argument(b, g, kw, error, match):
    with pytest.raises(error, match=match):
        portloss.complete_box_iou_loss(b, g, **kw)
