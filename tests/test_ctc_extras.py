"""ctc_loss's concatenated 1-D targets and logits input (issue 24, deliverable 7).

Oracles: ``torch.nn.functional.ctc_loss`` (which takes concatenated targets itself) and
``optax.ctc_loss`` (which takes logits). No expected number is computed by portloss.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import get_backend

import portloss

RNG = np.random.default_rng(7)
T, N, C = 9, 3, 5
LOGITS = RNG.normal(size=(T, N, C))
LP = LOGITS - np.log(np.exp(LOGITS).sum(-1, keepdims=True))
TL = np.array([3, 0, 4])
IL = np.array([9, 6, 8])
FLAT = RNG.integers(1, C, int(TL.sum()))


def _torch():
    torch = pytest.importorskip("torch")
    return torch, torch.nn.functional


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_concatenated_targets_match_torch(reduction):
    torch, F = _torch()
    tlp = torch.tensor(LP, requires_grad=True)
    want = F.ctc_loss(
        tlp, torch.tensor(FLAT), torch.tensor(IL), torch.tensor(TL), reduction=reduction
    )
    plp = torch.tensor(LP, requires_grad=True)
    got = portloss.ctc_loss(
        plp, torch.tensor(FLAT), torch.tensor(IL), torch.tensor(TL), reduction=reduction
    )
    np.testing.assert_allclose(got.detach(), want.detach(), rtol=1e-10)
    # the padded form gives the same numbers
    padded = np.zeros((N, TL.max()), dtype=np.int64)
    for n, (start, length) in enumerate(zip(np.cumsum(TL) - TL, TL)):
        padded[n, :length] = FLAT[start : start + length]
    np.testing.assert_allclose(
        got.detach(), portloss.ctc_loss(LP, padded, IL, TL, reduction=reduction), rtol=1e-12
    )


def test_logits_gradient_matches_torch():
    torch, F = _torch()
    tx = torch.tensor(LOGITS, requires_grad=True)
    want = F.ctc_loss(F.log_softmax(tx, -1), torch.tensor(FLAT), torch.tensor(IL), torch.tensor(TL))
    px = torch.tensor(LOGITS, requires_grad=True)
    got = portloss.ctc_loss(
        px, torch.tensor(FLAT), torch.tensor(IL), torch.tensor(TL), from_logits=True
    )
    np.testing.assert_allclose(got.item(), want.item(), rtol=1e-10)
    (g_want,) = torch.autograd.grad(want, tx)
    (g_got,) = torch.autograd.grad(got, px)
    np.testing.assert_allclose(g_got, g_want, rtol=1e-8, atol=1e-12)


def test_logits_match_optax():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optax = pytest.importorskip("optax")
    logits = np.swapaxes(LOGITS, 0, 1)  # optax: (N, T, C)
    padded = np.zeros((N, 4), dtype=np.int64)
    for n, (start, length) in enumerate(zip(np.cumsum(TL) - TL, TL)):
        padded[n, :length] = FLAT[start : start + length]
    in_pad = (np.arange(T) >= IL[:, None]).astype(np.float64)
    tg_pad = (np.arange(4) >= TL[:, None]).astype(np.float64)
    want = optax.ctc_loss(logits, in_pad, padded, tg_pad)
    got = portloss.ctc_loss(
        logits, FLAT, IL, TL, batch_first=True, from_logits=True, reduction="none"
    )
    np.testing.assert_allclose(got, np.asarray(want), rtol=1e-5)


# JAX (compiled) and Dask run every case of conformance/cases; eager JAX is slow here.
@pytest.mark.parametrize("backend_name", ["numpy", "array_api_strict", "torch"])
def test_backends_agree(backend_name):
    backend = get_backend(backend_name)
    want = portloss.ctc_loss(LOGITS, FLAT, IL, TL, from_logits=True, reduction="none")
    args = [backend.asarray(a) for a in (LOGITS, FLAT, IL, TL)]
    got = portloss.ctc_loss(*args, from_logits=True, reduction="none")
    np.testing.assert_allclose(backend.to_numpy(got), want, rtol=1e-10)


def test_jit_concatenated():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    args = [jnp.asarray(a) for a in (LOGITS, FLAT, IL, TL)]

    def loss(x, flat, il, tl):
        return portloss.ctc_loss(x, flat, il, tl, from_logits=True)

    want = portloss.ctc_loss(LOGITS, FLAT, IL, TL, from_logits=True)
    np.testing.assert_allclose(jax.jit(loss)(*args), want, rtol=1e-5)


def test_lengths_past_the_concatenation():
    with pytest.raises(ValueError, match="sum to at most"):
        portloss.ctc_loss(LP, FLAT[:5], IL, TL)
    torch, _ = _torch()  # off NumPy: NaN for the sequence that runs past, not a number
    got = portloss.ctc_loss(*(torch.tensor(a) for a in (LP, FLAT[:5], IL, TL)), reduction="none")
    assert np.isfinite(got[0].item())
    assert np.isnan(got[2].item())
