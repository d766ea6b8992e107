"""cross_entropy's ``z_loss`` (PaLM) and ``softcap`` (Gemma 2) against written-out formulas.

The expected values are the documented formula in float64 NumPy (values) and torch
float64 autograd (gradients), never portloss.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import get_backend

import portloss

N, C = 7, 5


def _data(seed=0):
    rng = np.random.default_rng(seed)
    x = 3.0 * rng.standard_normal((N, C))
    y = rng.integers(0, C, N)
    y[2] = -100
    w = rng.uniform(0.5, 2.0, C)
    p = rng.dirichlet(np.ones(C), N)
    return x, y, w, p


def _reference(
    x, y, *, weight=None, label_smoothing=0.0, z_loss=0.0, softcap=None, reduction="mean"
):
    """torch's cross entropy of capped logits plus ``z_loss * logsumexp**2`` (NumPy)."""
    z = x if softcap is None else softcap * np.tanh(x / softcap)
    m = z.max(-1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(-1, keepdims=True)))[..., 0]
    logp = z - lse[..., None]
    w = np.ones(C) if weight is None else weight
    if y.ndim == z.ndim:  # probability targets: the mean divides by N
        t = (1 - label_smoothing) * y + label_smoothing / C
        loss = -(t * w * logp).sum(-1) + z_loss * lse**2
        return {"none": loss, "sum": loss.sum(), "mean": loss.mean()}[reduction]
    valid = y != -100
    safe = np.where(valid, y, 0)
    a = label_smoothing
    nll = -np.take_along_axis(logp, safe[..., None], -1)[..., 0]
    loss = (1 - a) * w[safe] * nll - a / C * (w * logp).sum(-1) + z_loss * lse**2
    loss = np.where(valid, loss, 0.0)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / np.where(valid, w[safe], 0.0).sum()


CASES = [
    {"z_loss": 1e-4},
    {"softcap": 2.0},
    {"z_loss": 0.1, "softcap": 1.5, "label_smoothing": 0.2, "weight": True},
    {"z_loss": 0.05, "reduction": "none", "weight": True},
    {"softcap": 4.0, "reduction": "sum", "label_smoothing": 0.1},
]


@pytest.mark.parametrize("name", ["numpy", "array_api_strict", "torch", "jax"])
@pytest.mark.parametrize("options", CASES, ids=str)
def test_matches_formula(name, options):
    backend = get_backend(name)
    x, y, w, _ = _data()
    kw = dict(options)
    weight = w if kw.pop("weight", False) else None
    expected = _reference(x, y, weight=weight, **kw)
    extra = {} if weight is None else {"weight": backend.asarray(weight)}
    out = portloss.cross_entropy(backend.asarray(x), backend.asarray(y), **kw, **extra)
    np.testing.assert_allclose(backend.to_numpy(out), expected, rtol=1e-10, atol=1e-12)


def test_probability_targets_and_class_axis():
    x, _, w, p = _data()
    expected = _reference(x, p, weight=w, z_loss=0.01, softcap=2.5, label_smoothing=0.1)
    out = portloss.cross_entropy(x, p, weight=w, z_loss=0.01, softcap=2.5, label_smoothing=0.1)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    # torch's (N, C, d) layout with axis=1: the same numbers per position
    x3 = np.stack([x, x[::-1]], axis=-1)  # (N, C, 2)
    _, y, _, _ = _data()
    y3 = np.stack([y, y[::-1]], axis=-1)
    out = portloss.cross_entropy(x3, y3, axis=1, z_loss=0.01, softcap=2.5, reduction="none")
    np.testing.assert_allclose(
        out[:, 0], _reference(x, y, z_loss=0.01, softcap=2.5, reduction="none"), rtol=1e-12
    )


def test_gradient_matches_torch_formula():
    torch = pytest.importorskip("torch")
    x, y, w, _ = _data()
    tx = torch.tensor(x, requires_grad=True)
    ty, tw = torch.tensor(y), torch.tensor(w)
    z = 1.5 * torch.tanh(tx / 1.5)
    lse = torch.logsumexp(z, -1)
    valid = ty != -100
    ce = torch.nn.functional.cross_entropy(z, ty, weight=tw, label_smoothing=0.2, reduction="sum")
    denom = torch.where(valid, tw[torch.where(valid, ty, 0)], 0.0).sum()
    expected = (ce + 0.1 * torch.where(valid, lse**2, 0.0).sum()) / denom
    (g_expected,) = torch.autograd.grad(expected, tx)
    out = portloss.cross_entropy(tx, ty, weight=tw, label_smoothing=0.2, z_loss=0.1, softcap=1.5)
    torch.testing.assert_close(out, expected.detach(), rtol=1e-12, atol=1e-12)
    (g,) = torch.autograd.grad(out, tx)
    torch.testing.assert_close(g, g_expected, rtol=1e-10, atol=1e-12)


def test_defaults_leave_the_loss_unchanged():
    x, y, w, _ = _data()
    base = portloss.cross_entropy(x, y, weight=w, label_smoothing=0.1)
    same = portloss.cross_entropy(x, y, weight=w, label_smoothing=0.1, z_loss=0.0, softcap=None)
    assert base == same  # exactly: the options off take the old path


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"z_loss": -0.1}, "z_loss must be >= 0"),
        ({"softcap": -1.0}, "softcap must be > 0"),
        ({"softcap": float("nan")}, "softcap must be > 0"),
    ],
)
def test_bad_options(options, message):
    x, y, _, _ = _data()
    with pytest.raises(ValueError, match=message):
        portloss.cross_entropy(x, y, **options)
