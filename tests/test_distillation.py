"""generalized_jsd_loss and hinton_distillation_loss against written-out oracles.

The oracles are TRL's ``GKDTrainer.generalized_jsd_loss`` and Liger-Kernel's test
reference (``test/transformers/test_jsd.py``) restated in float64 torch, and torch's own
``F.kl_div`` for Hinton's loss; no expected number is computed by portloss. Values on
every backend, gradients against torch autograd of the same formulas, ``jax.jit`` /
``jax.grad``, float32 at extreme logits, and the errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import portloss
from tests.conftest import get_backend

B, L, V = 2, 3, 7
IGNORE = -100


def _torch():
    torch = pytest.importorskip("torch")
    return torch, torch.nn.functional


def trl_gkd(student, teacher, labels=None, *, beta=0.5, temperature=1.0):
    """TRL's generalized_jsd_loss (reduction="batchmean") written out in torch."""
    torch, F = _torch()
    s_log = F.log_softmax(student / temperature, dim=-1)
    t_log = F.log_softmax(teacher / temperature, dim=-1)
    if beta == 0:
        jsd = F.kl_div(s_log, t_log, reduction="none", log_target=True)
    elif beta == 1:
        jsd = F.kl_div(t_log, s_log, reduction="none", log_target=True)
    else:
        b = torch.tensor(beta, dtype=s_log.dtype)
        mix = torch.logsumexp(torch.stack([s_log + torch.log1p(-b), t_log + torch.log(b)]), 0)
        jsd = b * F.kl_div(mix, t_log, reduction="none", log_target=True) + (1 - b) * F.kl_div(
            mix, s_log, reduction="none", log_target=True
        )
    jsd = jsd.sum(-1)
    if labels is None:  # TRL divides by the first dimension: tokens for (N, V) logits
        return jsd.sum() / jsd.size(0)
    mask = labels != IGNORE
    return jsd[mask].sum() / mask.sum()


def _inputs(seed=0, scale=2.0, ignore=True):
    rng = np.random.default_rng(seed)
    s = scale * rng.standard_normal((B, L, V))
    t = scale * rng.standard_normal((B, L, V))
    labels = rng.integers(0, V, (B, L))
    if ignore:
        labels[0, 0] = labels[1, 2] = IGNORE
    return s, t, labels


def _skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


GKD_OPTIONS = [
    (0.0, 1.0, True),
    (0.5, 1.0, False),
    (0.25, 2.5, True),
    (1.0, 0.7, True),
    (0.9, 1.0, False),
]


@pytest.mark.parametrize(("beta", "temperature", "with_labels"), GKD_OPTIONS)
def test_jsd_matches_trl(beta, temperature, with_labels):
    test_jsd_matches_trl_on_every_backend(get_backend("numpy"), beta, temperature, with_labels)


@pytest.mark.parametrize(("beta", "temperature", "with_labels"), [(0.25, 2.5, True)])
def test_jsd_matches_trl_on_every_backend(backend, beta, temperature, with_labels):
    torch, _ = _torch()
    s, t, labels = _inputs(seed=int(10 * beta))
    if not with_labels:  # (N, V) logits, where TRL's batchmean is per token
        s, t = s.reshape(-1, V), t.reshape(-1, V)
    expected = trl_gkd(
        torch.tensor(s),
        torch.tensor(t),
        torch.tensor(labels) if with_labels else None,
        beta=beta,
        temperature=temperature,
    ).numpy()
    args = [backend.asarray(s), backend.asarray(t)]
    if with_labels:
        args.append(backend.asarray(labels))
    got = portloss.generalized_jsd_loss(*args, beta=beta, temperature=temperature)
    np.testing.assert_allclose(backend.to_numpy(got), expected, rtol=1e-10, atol=1e-12)


def test_jsd_matches_liger_reference_and_is_symmetric_at_half():
    torch, F = _torch()
    s, t, _ = _inputs(seed=3)
    log_q = F.log_softmax(torch.tensor(s), -1)
    log_p = F.log_softmax(torch.tensor(t), -1)
    for beta in (0.1, 0.5, 0.8):
        # Liger's JSD test module: lerp mixture, KLDivLoss(reduction="none", log_target=True)
        m = torch.lerp(log_q.exp(), log_p.exp(), beta)
        kl = torch.nn.KLDivLoss(reduction="none", log_target=True)
        ref = beta * kl(m.log(), log_p).sum(-1) + (1 - beta) * kl(m.log(), log_q).sum(-1)
        got = portloss.generalized_jsd_loss(s, t, beta=beta, reduction="none")
        np.testing.assert_allclose(got, ref.numpy(), rtol=1e-10, atol=1e-14)
    # beta = 1/2 is the (symmetric) Jensen-Shannon divergence of the two softmaxes
    a = portloss.generalized_jsd_loss(s, t, reduction="none")
    b = portloss.generalized_jsd_loss(t, s, reduction="none")
    js = portloss.js_divergence(log_q.numpy(), log_p.numpy(), log_input=True, log_target=True)
    np.testing.assert_allclose(a, b, rtol=1e-12)
    np.testing.assert_allclose(a.mean(), js, rtol=1e-12)


@pytest.mark.parametrize("temperature", [3.0])
def test_hinton_matches_torch_kl_div_batchmean(backend, temperature):
    torch, F = _torch()
    s, t, labels = _inputs(seed=5)
    s2, t2 = s.reshape(B * L, V), t.reshape(B * L, V)
    expected = F.kl_div(
        F.log_softmax(torch.tensor(s2) / temperature, -1),
        F.softmax(torch.tensor(t2) / temperature, -1),
        reduction="batchmean",
    ) * (temperature**2)
    got = portloss.hinton_distillation_loss(
        backend.asarray(s2), backend.asarray(t2), temperature=temperature
    )
    np.testing.assert_allclose(backend.to_numpy(got), expected.numpy(), rtol=1e-10)
    # with labels: the same mean over the kept rows only
    keep = labels.reshape(-1) != IGNORE
    expected_kept = F.kl_div(
        F.log_softmax(torch.tensor(s2[keep]) / temperature, -1),
        F.softmax(torch.tensor(t2[keep]) / temperature, -1),
        reduction="batchmean",
    ) * (temperature**2)
    got_kept = portloss.hinton_distillation_loss(
        backend.asarray(s), backend.asarray(t), backend.asarray(labels), temperature=temperature
    )
    np.testing.assert_allclose(backend.to_numpy(got_kept), expected_kept.numpy(), rtol=1e-10)


def test_reductions_weights_and_empty_mean():
    torch, _ = _torch()
    s, t, labels = _inputs(seed=7)
    none = portloss.generalized_jsd_loss(s, t, labels, beta=0.3, reduction="none")
    token = np.stack(
        [
            [
                trl_gkd(torch.tensor(s[i, j : j + 1]), torch.tensor(t[i, j : j + 1]), beta=0.3)
                .numpy()
                .item()
                for j in range(L)
            ]
            for i in range(B)
        ]
    )
    valid = labels != IGNORE
    np.testing.assert_allclose(none, np.where(valid, token, 0.0), rtol=1e-10)
    total = portloss.generalized_jsd_loss(s, t, labels, beta=0.3, reduction="sum")
    np.testing.assert_allclose(total, token[valid].sum(), rtol=1e-10)
    w = np.array([[0.5], [2.0]])
    got = portloss.generalized_jsd_loss(s, t, labels, beta=0.3, sample_weight=w)
    ww = np.broadcast_to(w, (B, L)) * valid
    np.testing.assert_allclose(got, (ww * token).sum() / ww.sum(), rtol=1e-10)
    ignored = np.full((B, L), IGNORE)
    assert math.isnan(portloss.hinton_distillation_loss(s, t, ignored))
    assert portloss.hinton_distillation_loss(s, t, ignored, empty_mean="zero") == 0.0
    assert math.isnan(portloss.generalized_jsd_loss(s, t, ignored, empty_mean=None))


@pytest.mark.parametrize("beta", [0.0, 0.4, 1.0])
def test_gradients_match_torch_autograd(beta):
    torch, _ = _torch()
    s, t, labels = _inputs(seed=9)
    ts, tt = (torch.tensor(a, requires_grad=True) for a in (s, t))
    trl_gkd(ts, tt, torch.tensor(labels), beta=beta, temperature=1.5).backward()
    ps, pt = (torch.tensor(a, requires_grad=True) for a in (s, t))
    out = portloss.generalized_jsd_loss(ps, pt, torch.tensor(labels), beta=beta, temperature=1.5)
    out.backward()
    np.testing.assert_allclose(ps.grad.numpy(), ts.grad.numpy(), rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(pt.grad.numpy(), tt.grad.numpy(), rtol=1e-9, atol=1e-13)
    # ignored positions get no gradient
    assert not ps.grad[0, 0].any()
    assert not ps.grad[1, 2].any()


def test_jax_jit_and_grad_match_torch():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    torch, F = _torch()
    s, t, labels = _inputs(seed=11)
    s32, t32 = s.astype(np.float32), t.astype(np.float32)
    ts = torch.tensor(s32.astype(np.float64), requires_grad=True)
    ref = trl_gkd(ts, torch.tensor(t32.astype(np.float64)), torch.tensor(labels), beta=0.2)
    ref.backward()

    @jax.jit
    def f(a, b, y):
        return portloss.generalized_jsd_loss(a, b, y, beta=0.2)

    value, grad = jax.jit(jax.value_and_grad(f))(jnp.asarray(s32), jnp.asarray(t32), labels)
    np.testing.assert_allclose(float(value), ref.item(), rtol=2e-6)
    np.testing.assert_allclose(np.asarray(grad), ts.grad.numpy(), rtol=2e-5, atol=1e-7)

    t_jax = jnp.asarray(t32)
    g = jax.jit(jax.grad(lambda a: portloss.hinton_distillation_loss(a, t_jax, temperature=2.0)))(
        jnp.asarray(s32)
    )
    ts2 = torch.tensor(s32.astype(np.float64), requires_grad=True)
    (
        F.kl_div(
            F.log_softmax(ts2.reshape(-1, V) / 2, -1),
            F.softmax(torch.tensor(t32.astype(np.float64)).reshape(-1, V) / 2, -1),
            reduction="batchmean",
        )
        * 4
    ).backward()
    np.testing.assert_allclose(np.asarray(g), ts2.grad.numpy(), rtol=2e-5, atol=1e-7)


@pytest.mark.parametrize("scale", [1e3, 3e4])
@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0])
def test_float32_large_logits_finite_and_exact(beta, scale):
    """Logits far beyond exp's float32 range: the float64 result on the same values."""
    torch, _ = _torch()
    s, t, labels = _inputs(seed=13, scale=scale)
    s32, t32 = s.astype(np.float32), t.astype(np.float32)
    expected = trl_gkd(
        torch.tensor(s32.astype(np.float64)),
        torch.tensor(t32.astype(np.float64)),
        torch.tensor(labels),
        beta=beta,
    ).item()
    got = portloss.generalized_jsd_loss(s32, t32, labels, beta=beta)
    assert got.dtype == np.float32
    assert np.isfinite(got)
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    ts = torch.tensor(s32, requires_grad=True)
    portloss.generalized_jsd_loss(ts, torch.tensor(t32), torch.tensor(labels), beta=beta).backward()
    assert torch.isfinite(ts.grad).all()


def test_masked_vocabulary_entries():
    """A class at -inf in both (a masked vocabulary entry) contributes 0; in the
    student only, the reverse and mixed divergences stay finite, the forward KL is inf."""
    s, t, _ = _inputs(seed=15)
    s_m, t_m = s.copy(), t.copy()
    s_m[..., 2] = t_m[..., 2] = -np.inf
    for beta in (0.0, 0.5, 1.0):
        got = portloss.generalized_jsd_loss(s_m, t_m, beta=beta)
        kept = portloss.generalized_jsd_loss(
            np.delete(s, 2, axis=-1), np.delete(t, 2, axis=-1), beta=beta
        )
        np.testing.assert_allclose(got, kept, rtol=1e-12)
    s_only = s.copy()
    s_only[..., 4] = -np.inf
    assert np.isfinite(portloss.generalized_jsd_loss(s_only, t, beta=0.5))
    assert np.isfinite(portloss.generalized_jsd_loss(s_only, t, beta=1.0))
    assert portloss.generalized_jsd_loss(s_only, t, beta=0.0) == np.inf


def test_nan_propagates():
    s, t, labels = _inputs(seed=17)
    s[1, 1, 3] = np.nan
    assert math.isnan(portloss.generalized_jsd_loss(s, t, labels))
    assert math.isnan(portloss.hinton_distillation_loss(t, s, labels))


def test_errors():
    s, t, labels = _inputs()
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\], got 1.5"):
        portloss.generalized_jsd_loss(s, t, beta=1.5)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        portloss.hinton_distillation_loss(s, t, temperature=0.0)
    with pytest.raises(ValueError, match=r"labels must have input's shape .* \(2, 3\), got"):
        portloss.generalized_jsd_loss(s, t, labels[:, :2])
    with pytest.raises(TypeError, match="labels must have an integer dtype"):
        portloss.generalized_jsd_loss(s, t, labels * 1.0)
    with pytest.raises(ValueError, match="target"):
        portloss.hinton_distillation_loss(s, t[..., :3])
    with pytest.raises(ValueError, match="at least one dimension"):
        portloss.generalized_jsd_loss(np.float64(1.0) * np.ones(()), np.ones(()))
    with pytest.raises(ValueError, match="empty_mean"):
        portloss.generalized_jsd_loss(s, t, empty_mean="zeros")


@pytest.mark.parametrize("beta", [0.0, 0.35, 1.0])
def test_blocked_over_the_vocabulary_matches_torch(monkeypatch, beta):
    """Blocks of 3 of the 7 classes (3 + 3 + 1: a block that does not divide V) give
    the oracle's values and gradients, for both losses."""
    import importlib

    torch, F = _torch()
    module = importlib.import_module("portloss.distillation")
    monkeypatch.setattr(module, "default_chunk_size", lambda rows, classes: 3 * rows)
    s, t, labels = _inputs(seed=21)
    ts, tt = (torch.tensor(a, requires_grad=True) for a in (s, t))
    ref = trl_gkd(ts, tt, torch.tensor(labels), beta=beta, temperature=1.3)
    ref.backward()
    ps, pt = (torch.tensor(a, requires_grad=True) for a in (s, t))
    out = portloss.generalized_jsd_loss(ps, pt, torch.tensor(labels), beta=beta, temperature=1.3)
    out.backward()
    np.testing.assert_allclose(out.item(), ref.item(), rtol=1e-12)
    np.testing.assert_allclose(ps.grad.numpy(), ts.grad.numpy(), rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(pt.grad.numpy(), tt.grad.numpy(), rtol=1e-9, atol=1e-13)
    if beta == 0.0:
        kl = F.kl_div(
            F.log_softmax(torch.tensor(s) / 1.3, -1).reshape(-1, V),
            F.softmax(torch.tensor(t) / 1.3, -1).reshape(-1, V),
            reduction="batchmean",
        )
        hinton = portloss.hinton_distillation_loss(s, t, temperature=1.3)
        np.testing.assert_allclose(hinton, 1.3**2 * kl.item(), rtol=1e-12)
