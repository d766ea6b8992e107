"""dpo_loss, simpo_loss, orpo_loss, preference_rewards and sequence_log_probs against
TRL's formulas restated in float64 torch (DPOTrainer.dpo_loss, CPOTrainer.cpo_loss with
loss_type="simpo", ORPOTrainer.odds_ratio_loss and get_batch_logps); no expected number
is computed by portloss. Values on every backend, gradients against torch autograd of
the same formulas, ``jax.jit`` / ``jax.grad``, float32 extremes and the errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import portloss
from tests.conftest import get_backend

N = 6
B, L, V = 3, 5, 11
IGNORE = -100


def _torch():
    torch = pytest.importorskip("torch")
    return torch, torch.nn.functional


def trl_dpo(pc, pr, rc, rr, *, beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    """TRL's DPOTrainer.dpo_loss (losses, chosen_rewards, rejected_rewards)."""
    torch, F = _torch()
    logits = (pc - pr) - (rc - rr)  # pi_logratios - ref_logratios
    eps = label_smoothing
    if loss_type == "sigmoid":
        losses = -F.logsigmoid(beta * logits) * (1 - eps) - F.logsigmoid(-beta * logits) * eps
    elif loss_type == "robust":
        losses = (-F.logsigmoid(beta * logits) * (1 - eps) + F.logsigmoid(-beta * logits) * eps) / (
            1 - 2 * eps
        )
    elif loss_type == "hinge":
        losses = torch.relu(1 - beta * logits)
    else:  # ipo, Eq. (17) of Azar et al.
        losses = (logits - 1 / (2 * beta)) ** 2
    return losses, beta * (pc - rc).detach(), beta * (pr - rr).detach()


def trl_simpo(pc, pr, *, beta=0.1, gamma=0.5, label_smoothing=0.0):
    _, F = _torch()
    logits = (pc - pr) - gamma / beta
    eps = label_smoothing
    return -F.logsigmoid(beta * logits) * (1 - eps) - F.logsigmoid(-beta * logits) * eps


def trl_orpo(pc, pr, *, beta=0.1):
    """ORPOTrainer.odds_ratio_loss's ``losses`` (the trainer's loss is nll - mean)."""
    torch, F = _torch()

    def log1mexp(x):
        return torch.where(
            x < -0.6931471805599453, torch.log1p(-torch.exp(x)), torch.log(-torch.expm1(x))
        )

    log_odds = (pc - pr) - (log1mexp(pc) - log1mexp(pr))
    return beta * F.logsigmoid(log_odds)


def trl_batch_logps(logits, labels, *, average=False, shift=True):
    """get_batch_logps: shift, mask -100, gather the log-softmax, sum or average."""
    torch, _F = _torch()
    if shift:
        labels, logits = labels[:, 1:].clone(), logits[:, :-1, :]
    mask = labels != IGNORE
    labels = torch.where(mask, labels, 0)
    per_token = torch.gather(logits.log_softmax(-1), 2, labels.unsqueeze(2)).squeeze(2)
    if average:
        return (per_token * mask).sum(-1) / mask.sum(-1)
    return (per_token * mask).sum(-1)


def _logps(seed, k=4, low=-40.0, high=-5.0):
    rng = np.random.default_rng(seed)
    return [rng.uniform(low, high, N) for _ in range(k)]


LOSS_TYPES = [("sigmoid", 0.0), ("sigmoid", 0.2), ("robust", 0.3), ("hinge", 0.0), ("ipo", 0.0)]


@pytest.mark.parametrize(("loss_type", "eps"), LOSS_TYPES)
@pytest.mark.parametrize("beta", [0.1, 0.5])
def test_dpo_matches_trl(loss_type, eps, beta):
    torch, _ = _torch()
    arrays = _logps(seed=1)
    losses, chosen, rejected = trl_dpo(
        *map(torch.tensor, arrays), beta=beta, label_smoothing=eps, loss_type=loss_type
    )
    options = {"beta": beta, "label_smoothing": eps, "loss_type": loss_type}
    got = portloss.dpo_loss(*arrays, **options, reduction="none")
    np.testing.assert_allclose(got, losses.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(portloss.dpo_loss(*arrays, **options), losses.mean(), rtol=1e-10)
    rewards = portloss.preference_rewards(*arrays, beta=beta)
    np.testing.assert_allclose(rewards[0], chosen.numpy(), rtol=1e-12)
    np.testing.assert_allclose(rewards[1], rejected.numpy(), rtol=1e-12)


def test_losses_and_rewards_on_every_backend(backend):
    torch, _ = _torch()
    pc, pr, rc, rr = _logps(seed=2)
    apc, apr, _arc, _arr = _logps(seed=3, low=-3.0, high=-0.05)
    xs = [backend.asarray(a) for a in (pc, pr, rc, rr)]
    ys = [backend.asarray(a) for a in (apc, apr)]
    t = [torch.tensor(a) for a in (pc, pr, rc, rr)]
    ta = [torch.tensor(a) for a in (apc, apr)]
    checks = [
        (
            portloss.dpo_loss(*xs, loss_type="robust", label_smoothing=0.1),
            trl_dpo(*t, loss_type="robust", label_smoothing=0.1)[0].mean(),
        ),
        (portloss.simpo_loss(*ys, beta=2.0, gamma=1.2), trl_simpo(*ta, beta=2.0, gamma=1.2).mean()),
        (portloss.orpo_loss(*ys, beta=0.3), -trl_orpo(*ta, beta=0.3).mean()),
        (portloss.preference_rewards(*ys, beta=0.3), 0.3 * torch.stack(ta)),
    ]
    for got, expected in checks:
        np.testing.assert_allclose(backend.to_numpy(got), expected.numpy(), rtol=1e-10)


def test_simpo_and_orpo_match_trl():
    torch, _ = _torch()
    pc, pr = _logps(seed=4, k=2, low=-4.0, high=-0.01)
    tc, tr = torch.tensor(pc), torch.tensor(pr)
    for options in ({}, {"beta": 2.5, "gamma": 1.4}, {"beta": 2.0, "label_smoothing": 0.15}):
        got = portloss.simpo_loss(pc, pr, **options, reduction="none")
        np.testing.assert_allclose(got, trl_simpo(tc, tr, **options).numpy(), rtol=1e-10)
    # ORPO: the trainer's loss is policy_nll_loss - losses.mean()
    nll = np.asarray(1.7)
    got = portloss.orpo_loss(pc, pr, nll, beta=0.2)
    np.testing.assert_allclose(got, 1.7 - trl_orpo(tc, tr, beta=0.2).mean().item(), rtol=1e-12)
    per_pair = np.linspace(0.5, 2.0, N)
    got = portloss.orpo_loss(pc, pr, per_pair, reduction="none")
    np.testing.assert_allclose(got, per_pair - trl_orpo(tc, tr).numpy(), rtol=1e-12)
    # reference-free rewards: beta * logps (TRL's CPO and ORPO)
    np.testing.assert_allclose(
        portloss.preference_rewards(pc, pr, beta=0.2), 0.2 * np.stack([pc, pr])
    )


def test_sample_weight_and_sum():
    pc, pr, rc, rr = _logps(seed=5)
    w = np.linspace(0.1, 2.0, N)
    per = portloss.dpo_loss(pc, pr, rc, rr, reduction="none")
    np.testing.assert_allclose(
        portloss.dpo_loss(pc, pr, rc, rr, sample_weight=w), (w * per).sum() / w.sum(), rtol=1e-12
    )
    np.testing.assert_allclose(portloss.dpo_loss(pc, pr, rc, rr, reduction="sum"), per.sum())


@pytest.mark.parametrize(("fn", "k"), [("dpo", 4), ("simpo", 2), ("orpo", 2)])
def test_gradients_match_torch_autograd(fn, k):
    torch, _ = _torch()
    arrays = _logps(seed=6, k=k, low=-3.0, high=-0.05)
    oracle = {
        "dpo": lambda *a: trl_dpo(*a, beta=0.3, label_smoothing=0.1)[0].mean(),
        "simpo": lambda *a: trl_simpo(*a, beta=2.0).mean(),
        "orpo": lambda *a: -trl_orpo(*a, beta=0.3).mean(),
    }[fn]
    loss = {
        "dpo": lambda *a: portloss.dpo_loss(*a, beta=0.3, label_smoothing=0.1),
        "simpo": lambda *a: portloss.simpo_loss(*a, beta=2.0),
        "orpo": lambda *a: portloss.orpo_loss(*a, beta=0.3),
    }[fn]
    ref = [torch.tensor(a, requires_grad=True) for a in arrays]
    oracle(*ref).backward()
    ours = [torch.tensor(a, requires_grad=True) for a in arrays]
    loss(*ours).backward()
    for a, b in zip(ours, ref, strict=True):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-14)
    rewards = portloss.preference_rewards(*ours)
    assert not rewards.requires_grad  # detached, as TRL's


def _sequence_inputs():
    rng = np.random.default_rng(7)
    logits = 3.0 * rng.standard_normal((B, L, V))
    labels = rng.integers(0, V, (B, L))
    labels[:, :2] = IGNORE  # the prompt
    labels[2, 4] = IGNORE  # padding
    return logits, labels


def test_sequence_log_probs_matches_trl_on_every_backend(backend):
    torch, _ = _torch()
    logits, labels = _sequence_inputs()
    expected = trl_batch_logps(torch.tensor(logits), torch.tensor(labels), average=True)
    got = portloss.sequence_log_probs(
        backend.asarray(logits), backend.asarray(labels), average=True
    )
    np.testing.assert_allclose(backend.to_numpy(got), expected.numpy(), rtol=1e-10)


@pytest.mark.parametrize(("shift", "average"), [(True, False), (False, False), (False, True)])
def test_sequence_log_probs_matches_trl(shift, average):
    torch, _ = _torch()
    logits, labels = _sequence_inputs()
    expected = trl_batch_logps(
        torch.tensor(logits), torch.tensor(labels), average=average, shift=shift
    )
    got = portloss.sequence_log_probs(logits, labels, shift=shift, average=average)
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10)


def test_sequence_log_probs_gradient_extremes_and_edges():
    torch, _ = _torch()
    rng = np.random.default_rng(8)
    logits = 3.0 * rng.standard_normal((B, L, V))
    labels = rng.integers(0, V, (B, L))
    labels[0, 1] = IGNORE
    a = torch.tensor(logits, requires_grad=True)
    trl_batch_logps(a, torch.tensor(labels), average=True).sum().backward()
    b = torch.tensor(logits, requires_grad=True)
    portloss.sequence_log_probs(b, torch.tensor(labels), average=True).sum().backward()
    np.testing.assert_allclose(b.grad.numpy(), a.grad.numpy(), rtol=1e-10, atol=1e-15)
    # float32 logits far beyond exp's range: the float64 result on the same values
    big = (1e4 * rng.standard_normal((B, L, V))).astype(np.float32)
    got = portloss.sequence_log_probs(big, labels)
    expected = trl_batch_logps(torch.tensor(big.astype(np.float64)), torch.tensor(labels))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-6)
    # every position ignored: sum 0, average NaN (0/0, as TRL); a label >= V: NaN
    ignored = np.full((B, L), IGNORE)
    np.testing.assert_array_equal(portloss.sequence_log_probs(logits, ignored), np.zeros(B))
    assert np.isnan(portloss.sequence_log_probs(logits, ignored, average=True)).all()
    bad = labels.copy()
    bad[1, 3] = V
    out = portloss.sequence_log_probs(logits, bad)
    assert np.isnan(out[1])
    assert np.isfinite(out[[0, 2]]).all()


def test_jax_jit_and_grad():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    torch, _ = _torch()
    rng = np.random.default_rng(9)
    logits = rng.standard_normal((2, B, L, V)).astype(np.float32)
    labels = rng.integers(0, V, (2, B, L))
    labels[:, :, 0] = IGNORE
    ref_logps = rng.uniform(-20.0, -5.0, (2, B)).astype(np.float32)

    def dpo_from_logits(z, y, ref):
        logps = portloss.sequence_log_probs(z, y)
        return portloss.dpo_loss(logps[0], logps[1], ref[0], ref[1], beta=0.2)

    value, grad = jax.jit(jax.value_and_grad(dpo_from_logits))(
        jnp.asarray(logits), jnp.asarray(labels), jnp.asarray(ref_logps)
    )
    tz = torch.tensor(logits.astype(np.float64), requires_grad=True)
    logps = trl_batch_logps(tz.reshape(2 * B, L, V), torch.tensor(labels).reshape(2 * B, L))
    logps = logps.reshape(2, B)
    ref = torch.tensor(ref_logps.astype(np.float64))
    expected = trl_dpo(logps[0], logps[1], ref[0], ref[1], beta=0.2)[0].mean()
    expected.backward()
    np.testing.assert_allclose(float(value), expected.item(), rtol=2e-6)
    np.testing.assert_allclose(np.asarray(grad), tz.grad.numpy(), rtol=2e-5, atol=1e-8)


@pytest.mark.parametrize("scale", [1e3, 1e6])
def test_float32_extremes(scale):
    """Very negative log-probabilities in float32: finite, and the float64 result."""
    torch, _ = _torch()
    arrays = [a.astype(np.float32) for a in _logps(seed=10, low=-scale, high=-scale / 10)]
    t = [torch.tensor(a.astype(np.float64)) for a in arrays]
    got = portloss.dpo_loss(*arrays, reduction="none")
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, trl_dpo(*t)[0].numpy(), rtol=1e-5, atol=1e-6)
    got = portloss.orpo_loss(*arrays[:2], reduction="none")
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, -trl_orpo(*t[:2]).numpy(), rtol=1e-5, atol=1e-30)


def test_nan_propagates():
    pc, pr, rc, rr = _logps(seed=11)
    pc[2] = np.nan
    assert math.isnan(portloss.dpo_loss(pc, pr, rc, rr, loss_type="hinge"))
    assert math.isnan(portloss.simpo_loss(pc, pr))
    assert math.isnan(portloss.orpo_loss(pc, pr))
    # a positive log-probability has no odds: NaN, not a finite number
    assert math.isnan(portloss.orpo_loss(np.array([0.1]), np.array([-1.0])))


def test_errors():
    pc, pr, rc, rr = _logps(seed=12)
    with pytest.raises(ValueError, match="label_smoothing applies to loss_type 'sigmoid'"):
        portloss.dpo_loss(pc, pr, rc, rr, loss_type="ipo", label_smoothing=0.1)
    with pytest.raises(ValueError, match=r"in \[0, 0.5\) for loss_type 'robust', got 0.5"):
        portloss.dpo_loss(pc, pr, rc, rr, loss_type="robust", label_smoothing=0.5)
    with pytest.raises(ValueError, match="loss_type"):
        portloss.dpo_loss(pc, pr, rc, rr, loss_type="kto")
    with pytest.raises(ValueError, match="beta must be > 0"):
        portloss.simpo_loss(pc, pr, beta=0.0)
    with pytest.raises(ValueError, match="reference_rejected_logps"):
        portloss.dpo_loss(pc, pr, rc, rr[:3])
    with pytest.raises(ValueError, match="chosen_nll must broadcast"):
        portloss.orpo_loss(pc, pr, np.ones(4))
    with pytest.raises(TypeError, match=r"^reference_rejected_logps must be an array"):
        portloss.preference_rewards(pc, pr, rc)
    with pytest.raises(ValueError, match="gamma must be >= 0"):
        portloss.simpo_loss(pc, pr, gamma=-0.5)
    with pytest.raises(ValueError, match=r"labels must have the shape of logits"):
        portloss.sequence_log_probs(np.zeros((2, 3, 4)), np.zeros((2, 4), dtype=int))
    with pytest.raises(TypeError, match="labels must have an integer dtype"):
        portloss.sequence_log_probs(np.zeros((2, 3, 4)), np.zeros((2, 3)))
    with pytest.raises(TypeError, match="shift must be"):
        portloss.sequence_log_probs(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int), shift=1)
    with pytest.raises(TypeError, match=r"mixed|one library"):
        portloss.simpo_loss(pc, get_backend("torch").asarray(pr))
