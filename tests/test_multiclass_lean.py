"""Index targets read by a gather, not a one-hot row (issue 25): forbidden (-inf)
classes, an index out of range and saturated or tied logits, against written-out
float64 NumPy formulas (values) and their closed-form gradients (torch autograd)."""

from __future__ import annotations

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")

# Row 0 and 1 forbid a class other than the target; no ties at the maxima (of s and
# of the hinge's s + 1 - t).
S = np.array([[2.5, -np.inf, 0.5, 1.0], [0.3, 0.9, -1.0, -np.inf], [1.0, 2.0, 3.0, 4.5]])
Y = np.array([0, 1, 2])
ROWS = np.arange(len(Y))
ONE_HOT = np.eye(S.shape[1])[Y]


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _sparsemax(z: np.ndarray) -> np.ndarray:
    out = np.zeros_like(z)
    for n, row in enumerate(z):
        zs = np.sort(row)[::-1]
        k = np.arange(1, len(row) + 1)
        support = 1 + k * zs > np.cumsum(zs)
        tau = (zs[support].sum() - 1) / support.sum()
        out[n] = np.maximum(row - tau, 0.0)
    return out


def _sparsemax_loss(s: np.ndarray) -> np.ndarray:
    p = _sparsemax(s)
    dot = np.where(p > 0, p * np.where(p > 0, s, 0.0), 0.0).sum(-1)
    return dot - 0.5 * (p * p).sum(-1) + 0.5 - s[ROWS, Y]


def _hinge_argmax(s: np.ndarray) -> np.ndarray:
    return np.eye(s.shape[1])[np.argmax(s + 1 - ONE_HOT, axis=-1)]


# loss -> (value formula, gradient formula) on S, Y
CASES = {
    "multiclass_perceptron_loss": (
        lambda s: s.max(-1) - s[ROWS, Y],
        lambda s: np.eye(s.shape[1])[np.argmax(s, -1)] - ONE_HOT,
    ),
    "multiclass_hinge_loss": (
        lambda s: (s + 1 - ONE_HOT).max(-1) - s[ROWS, Y],
        lambda s: _hinge_argmax(s) - ONE_HOT,
    ),
    "fenchel_young_loss": (
        lambda s: np.log(np.exp(s).sum(-1)) - s[ROWS, Y],
        lambda s: _softmax(s) - ONE_HOT,
    ),
    "sparsemax_loss": (_sparsemax_loss, lambda s: _sparsemax(s) - ONE_HOT),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_index_target_with_forbidden_classes(name, dtype):
    value, gradient = CASES[name]
    s = torch.tensor(S, dtype=getattr(torch, dtype), requires_grad=True)
    loss = getattr(portloss, name)(s, torch.tensor(Y), reduction="none")
    (g,) = torch.autograd.grad(loss.sum(), s)
    rtol = 1e-6 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(loss.detach().numpy(), value(S), rtol=rtol, atol=rtol)
    np.testing.assert_allclose(g.numpy(), gradient(S), rtol=rtol, atol=rtol)
    # NumPy reads the same target's score
    np.testing.assert_allclose(getattr(portloss, name)(S, Y, reduction="none"), value(S))


@pytest.mark.parametrize("name", sorted(CASES))
def test_index_out_of_range_is_nan_in_its_row_only(name):
    # Off NumPy a bad index is not an error (no host sync): its row is NaN, and the
    # clipped index it reads for the gather sends no gradient.
    value, gradient = CASES[name]
    s = torch.tensor(S, requires_grad=True)
    y = torch.tensor([0, 7, 2])
    loss = getattr(portloss, name)(s, y, reduction="none")
    (g,) = torch.autograd.grad(loss.sum(), s)
    got = loss.detach().numpy()
    assert np.isnan(got[1])
    np.testing.assert_allclose(got[[0, 2]], value(S)[[0, 2]], rtol=1e-12)
    np.testing.assert_allclose(g.numpy()[[0, 2]], gradient(S)[[0, 2]], rtol=1e-12, atol=1e-12)
    assert (g.numpy()[1] == 0).all()


def test_softmax_focal_log1m_on_saturated_and_tied_logits():
    # (1 - p)^2 log p from the logits: exact for a dominant class, where 1 - p rounds
    # to 0; ties take the first maximum's formula and the others' alike.
    x = np.array([[40.0, 0.0, -5.0], [2.0, 2.0, 2.0], [0.0, -np.inf, 1.0]])
    y = np.array([0, 1, 2])
    logp = x - x.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    others = np.where(np.eye(3)[y] > 0, 0.0, np.exp(logp)).sum(-1)  # 1 - p_y, summed
    want = -(others**2) * logp[ROWS, y]
    got = portloss.softmax_focal_loss(torch.tensor(x), torch.tensor(y), reduction="none")
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)
