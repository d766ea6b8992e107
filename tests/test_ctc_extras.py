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


# ---------------------------------------------------------------- forward probabilities

FW_LABELS = np.array([[1, 2, 2, 0], [3, 3, 1, 4], [2, 0, 0, 0]])  # a repeat, padding
FW_TL = np.array([3, 4, 1])
FW_IL = np.array([9, 7, 4])


def _optax_forward(logits_ntc):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optax = pytest.importorskip("optax")
    in_pad = (np.arange(T) >= FW_IL[:, None]).astype(np.float32)
    tg_pad = (np.arange(4) >= FW_TL[:, None]).astype(np.float32)
    out = optax.losses.ctc_loss_with_forward_probs(logits_ntc, in_pad, FW_LABELS, tg_pad)
    return [np.asarray(a) for a in out]


@pytest.mark.parametrize("backend_name", ["numpy", "torch", "jax"])
def test_forward_log_probs_match_optax(backend_name):
    """optax's (loss, logalpha_phi, logalpha_emit), unreachable states included."""
    logits = np.swapaxes(LOGITS, 0, 1).astype(np.float32)  # optax: (N, T, C)
    want = _optax_forward(logits)
    backend = get_backend(backend_name)
    args = [backend.asarray(a) for a in (logits, FW_LABELS, FW_IL, FW_TL)]
    got = portloss.ctc_forward_log_probs(*args, batch_first=True, from_logits=True)
    for name, g, w in zip(("loss", "log_alpha_blank", "log_alpha_label"), got, want):
        g = backend.to_numpy(g)
        assert g.shape == w.shape, name
        assert g.dtype == np.float32, name
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=2e-5, err_msg=name)
    # the loss is ctc_loss's (torch oracle through the concatenated form)
    torch, F = _torch()
    lp = np.swapaxes(LP, 0, 1)
    loss, _, _ = portloss.ctc_forward_log_probs(lp, FW_LABELS, FW_IL, FW_TL, batch_first=True)
    flat = np.concatenate([row[:n] for row, n in zip(FW_LABELS, FW_TL)])
    want_loss = F.ctc_loss(
        torch.tensor(LP), torch.tensor(flat), torch.tensor(FW_IL), torch.tensor(FW_TL),
        reduction="none",
    )  # fmt: skip
    np.testing.assert_allclose(loss, want_loss.numpy(), rtol=1e-9)


def test_forward_log_probs_unbatched_and_checks():
    lp = np.swapaxes(LP, 0, 1)
    batched = portloss.ctc_forward_log_probs(lp, FW_LABELS, FW_IL, FW_TL, batch_first=True)
    one = portloss.ctc_forward_log_probs(LP[:, 1], FW_LABELS[1], FW_IL[1], FW_TL[1])
    for b, o in zip(batched, one):
        np.testing.assert_allclose(o, b[..., 1, :] if b.ndim == 3 else b[1], rtol=1e-12)
    with pytest.raises(ValueError, match="log_epsilon must be a finite number"):
        portloss.ctc_forward_log_probs(LP, FW_LABELS, FW_IL, FW_TL, log_epsilon=-np.inf)
    with pytest.raises(ValueError, match="target_lengths must be in"):
        portloss.ctc_forward_log_probs(LP, FW_LABELS, FW_IL, FW_TL + 1)


@pytest.mark.parametrize("convention", ["torch", "paddle", "keras"])
def test_sample_weight_mean_per_convention(convention):
    """torch/Paddle: each sequence over its target length, weighted mean; Keras: no length."""
    torch, F = _torch()
    sw = np.array([0.5, 2.0, 1.5])
    per_seq = F.ctc_loss(*(torch.tensor(a) for a in (LP, FLAT, IL, TL)), reduction="none")
    per_seq = per_seq.numpy()
    if convention == "keras":
        want = np.sum(sw * per_seq) / N
    else:
        want = np.sum(sw * per_seq / np.maximum(TL, 1)) / np.sum(sw)
    got = portloss.ctc_loss(LP, FLAT, IL, TL, sample_weight=sw, convention=convention)
    np.testing.assert_allclose(got, want, rtol=1e-10)
    with pytest.raises(ValueError, match="sample_weight must broadcast"):
        portloss.ctc_loss(LP, FLAT, IL, TL, sample_weight=np.ones(N + 1))
