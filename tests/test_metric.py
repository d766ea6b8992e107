"""Metric-learning losses (portloss.metric) against the peers' formulas written out in
float64 torch (insightface's ArcFace/CosFace, A-Softmax's psi, pytorch-metric-learning's
multi-similarity, TF-Addons' semi-hard mining, Hermans et al.'s batch-hard/batch-all),
Keras' Circle loss itself, torch autograd of those formulas, jax.jit/grad, extremes."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")
F = torch.nn.functional

N, D, C = 8, 5, 3
RNG = np.random.default_rng(23)


def _data(n=N, d=D, groups=3, seed=0):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((n, d))
    y = rng.permutation(np.arange(n) % groups).astype(np.int64)
    return e, y


def _t(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


# ---------------------------------------------------------------- written-out formulas


def ref_arcface(e, w, y, scale=64.0, margin=0.5, easy_margin=False, k=1):
    """insightface's ArcMarginProduct (with its sub-centre max), transcribed."""
    cos = F.linear(F.normalize(e), F.normalize(w))
    if k > 1:
        cos = cos.view(-1, w.shape[0] // k, k).max(dim=2).values
    sine = torch.sqrt((1.0 - cos**2).clamp(0, 1))
    phi = cos * math.cos(margin) - sine * math.sin(margin)
    if easy_margin:
        phi = torch.where(cos > 0, phi, cos)
    else:
        th, mm = math.cos(math.pi - margin), math.sin(math.pi - margin) * margin
        phi = torch.where(cos > th, phi, cos - mm)
    one_hot = F.one_hot(torch.as_tensor(y), cos.shape[1]).to(cos.dtype)
    logits = scale * (one_hot * phi + (1 - one_hot) * cos)
    return F.cross_entropy(logits, torch.as_tensor(y), reduction="none")


def ref_cosface(e, w, y, scale=64.0, margin=0.35):
    cos = F.linear(F.normalize(e), F.normalize(w))
    one_hot = F.one_hot(torch.as_tensor(y), cos.shape[1]).to(cos.dtype)
    return F.cross_entropy(scale * (cos - margin * one_hot), torch.as_tensor(y), reduction="none")


def ref_sphereface(e, w, y, scale=64.0, margin=4):
    """A-Softmax's psi with the angle from arccos (Liu et al. 2017)."""
    cos = F.linear(F.normalize(e), F.normalize(w)).clamp(-1 + 1e-12, 1 - 1e-12)
    theta = torch.acos(cos)
    k = torch.floor(margin * theta / math.pi)
    psi = (-1.0) ** k * torch.cos(margin * theta) - 2 * k
    one_hot = F.one_hot(torch.as_tensor(y), cos.shape[1]).bool()
    logits = scale * torch.where(one_hot, psi, cos)
    return F.cross_entropy(logits, torch.as_tensor(y), reduction="none")


def ref_multi_similarity(e, y, alpha=2.0, beta=50.0, base=0.5):
    """pytorch-metric-learning's MultiSimilarityLoss (no miner), transcribed."""
    u = F.normalize(e)
    s = u @ u.T
    y = torch.as_tensor(y)
    same = y[:, None] == y[None, :]
    pos = same & ~torch.eye(len(y), dtype=torch.bool)
    neg = ~same

    def lse_add_one(x, keep):
        x = torch.where(keep, x, torch.full_like(x, -torch.inf))
        x = torch.cat([x, torch.zeros_like(x[:, :1])], dim=1)
        return torch.logsumexp(x, dim=1)

    pos_loss = lse_add_one(-alpha * (s - base), pos) / alpha
    neg_loss = lse_add_one(beta * (s - base), neg) / beta
    return pos_loss + neg_loss


def ref_circle(e, y, gamma=80.0, margin=0.4):
    """keras.losses.circle (3.x) transcribed, on normalised rows."""
    u = F.normalize(e)
    d = (1 - u @ u.T).clamp_min(0)
    y = torch.as_tensor(y)
    pos = (y[:, None] == y[None, :]) & ~torch.eye(len(y), dtype=torch.bool)
    neg = y[:, None] != y[None, :]
    pw = ((margin + d) * pos).clamp_min(0)
    nw = ((1 + margin - d) * neg).clamp_min(0)
    p = torch.logsumexp(torch.where(pos, -gamma * pw * (margin - d), -torch.inf), dim=1)
    n = torch.logsumexp(torch.where(neg, gamma * nw * (1 - margin - d), -torch.inf), dim=1)
    return F.softplus(p + n)


def ref_distances(e):
    return torch.cdist(e, e)


def ref_batch_hard(e, y, margin=1.0):
    d = ref_distances(e)
    y = torch.as_tensor(y)
    same = y[:, None] == y[None, :]
    pos = same & ~torch.eye(len(y), dtype=torch.bool)
    hp = torch.where(pos, d, -torch.inf).max(dim=1).values
    hn = torch.where(~same, d, torch.inf).min(dim=1).values
    return (margin + hp - hn).clamp_min(0)


def ref_batch_all(e, y, margin=1.0):
    d = ref_distances(e)
    y = torch.as_tensor(y)
    same = y[:, None] == y[None, :]
    pos = same & ~torch.eye(len(y), dtype=torch.bool)
    valid = pos[:, :, None] & ~same[:, None, :]
    loss = (margin + d[:, :, None] - d[:, None, :]).clamp_min(0) * valid
    return loss.sum() / (loss > 0).sum()


def ref_semihard(e, y, margin=1.0):
    """tfa.losses.triplet_semihard_loss transcribed line by line (tile/reshape) to torch."""
    pdist = ref_distances(e)
    b = len(y)
    y = torch.as_tensor(y)[:, None]
    adjacency = y == y.T
    adjacency_not = ~adjacency
    pdist_tile = pdist.repeat(b, 1)
    mask = adjacency_not.repeat(b, 1) & (pdist_tile > pdist.T.reshape(-1, 1))
    mask_final = (mask.sum(1, keepdim=True) > 0).reshape(b, b).T

    def masked_min(data, m):
        mx = data.max(1, keepdim=True).values
        return ((data - mx) * m).min(1, keepdim=True).values + mx

    def masked_max(data, m):
        mn = data.min(1, keepdim=True).values
        return ((data - mn) * m).max(1, keepdim=True).values + mn

    outside = masked_min(pdist_tile, mask).reshape(b, b).T
    inside = masked_max(pdist, adjacency_not).repeat(1, b)
    semi = torch.where(mask_final, outside, inside)
    loss_mat = margin + pdist - semi
    mask_pos = adjacency.double() - torch.eye(b, dtype=torch.float64)
    return (loss_mat * mask_pos).clamp_min(0).sum() / mask_pos.sum()


# ---------------------------------------------------------------- values and gradients


def _margin_case(k=1, seed=1):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((N, D))
    w = rng.standard_normal((C * k, D))
    y = rng.integers(0, C, N)
    return e, w, y


MARGIN_CASES = [
    ("arcface_loss", ref_arcface, {}),
    ("arcface_loss", ref_arcface, {"scale": 8.0, "margin": 0.3, "easy_margin": True}),
    ("arcface_loss", ref_arcface, {"scale": 16.0, "margin": 2.0}),  # the th/mm fallback
    ("arcface_loss", ref_arcface, {"k": 3, "scale": 10.0}),
    ("cosface_loss", ref_cosface, {}),
    ("cosface_loss", ref_cosface, {"scale": 5.0, "margin": 0.1}),
    ("sphereface_loss", ref_sphereface, {"scale": 4.0}),
    ("sphereface_loss", ref_sphereface, {"scale": 2.0, "margin": 3}),
]


@pytest.mark.parametrize(("name", "ref", "options"), MARGIN_CASES)
def test_margin_softmax_matches_formula_and_gradient(name, ref, options):
    e, w, y = _margin_case(options.get("k", 1))
    te, tw = _t(e), _t(w)
    want = ref(te, tw, y, **options)
    want.mean().backward()
    got = getattr(portloss, name)(e, w, y, reduction="none", **options)
    np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-10, atol=1e-10)
    pe, pw = _t(e), _t(w)
    getattr(portloss, name)(pe, pw, torch.as_tensor(y), **options).backward()
    np.testing.assert_allclose(pe.grad, te.grad, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(pw.grad, tw.grad, rtol=1e-8, atol=1e-10)


def test_margin_softmax_takes_cosine_logits():
    e, w, y = _margin_case()
    cos = (F.normalize(_t(e)) @ F.normalize(_t(w)).T).detach().numpy()
    for name in ("arcface_loss", "cosface_loss", "sphereface_loss"):
        fn = getattr(portloss, name)
        np.testing.assert_allclose(fn(cos, None, y), fn(e, w, y), rtol=1e-12)


def test_margin_softmax_gradient_finite_at_cos_pm1():
    w = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    # target cosine exactly 1 for row 0 and exactly -1 for row 1
    e = torch.tensor([[3.0, 0.0], [0.0, -2.0]], requires_grad=True)
    y = torch.tensor([0, 1])
    for name in ("arcface_loss", "cosface_loss", "sphereface_loss"):
        cos = torch.tensor([[1.0, 0.0], [0.0, -1.0]], requires_grad=True)
        loss = getattr(portloss, name)(cos, None, y)
        loss.backward()
        assert torch.isfinite(loss), name
        assert torch.isfinite(cos.grad).all(), name
        e.grad = None
        getattr(portloss, name)(e, torch.as_tensor(w), y).backward()
        assert torch.isfinite(e.grad).all(), name


def test_margin_softmax_float32_scale64_and_huge_norms():
    e, w, y = _margin_case()
    want = ref_arcface(_t(e), _t(w), y).detach().numpy()
    got = portloss.arcface_loss(
        (e * 1e19).astype(np.float32), w.astype(np.float32), y, reduction="none"
    )
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-3)
    got = portloss.cosface_loss(
        e.astype(np.float32), (w * 1e18).astype(np.float32), y, reduction="none"
    )
    np.testing.assert_allclose(got, ref_cosface(_t(e), _t(w), y).detach(), rtol=2e-4, atol=2e-3)


def test_margin_softmax_bad_label_is_nan_and_errors():
    e, w, _ = _margin_case()
    y = np.array([0, 1, 2, 3, 0, 1, 2, 0])  # 3 is out of range
    out = portloss.cosface_loss(e, w, y, reduction="none")
    assert np.isnan(out[3])
    assert np.isfinite(np.delete(out, 3)).all()
    with pytest.raises(ValueError, match="k must be an integer"):
        portloss.arcface_loss(e, w, y, k=0)
    with pytest.raises(ValueError, match="multiple of k=2"):
        portloss.arcface_loss(e, w, y, k=2)
    with pytest.raises(ValueError, match="margin must be an integer"):
        portloss.sphereface_loss(e, w, y, margin=1.5)
    with pytest.raises(ValueError, match="weight must have shape"):
        portloss.arcface_loss(e, w[:, :2], y)


PAIR_CASES = [
    ("multi_similarity_loss", ref_multi_similarity, {}),
    ("multi_similarity_loss", ref_multi_similarity, {"alpha": 1.0, "beta": 10.0, "base": 0.2}),
    ("circle_loss", ref_circle, {}),
    ("circle_loss", ref_circle, {"gamma": 16.0, "margin": 0.25}),
    ("batch_hard_triplet_loss", ref_batch_hard, {}),
    ("batch_hard_triplet_loss", ref_batch_hard, {"margin": 3.0}),
]


@pytest.mark.parametrize(("name", "ref", "options"), PAIR_CASES)
def test_pair_losses_match_formula_and_gradient(name, ref, options):
    e, y = _data()
    te = _t(e)
    want = ref(te, y, **options)
    want.mean().backward()
    got = getattr(portloss, name)(e, y, reduction="none", **options)
    np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-10, atol=1e-10)
    pe = _t(e)
    getattr(portloss, name)(pe, torch.as_tensor(y), **options).backward()
    np.testing.assert_allclose(pe.grad, te.grad, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize(
    ("name", "ref"),
    [("batch_all_triplet_loss", ref_batch_all), ("triplet_semihard_loss", ref_semihard)],
)
@pytest.mark.parametrize("margin", [1.0, 0.3])
def test_mining_matches_reference_and_gradient(name, ref, margin):
    e, y = _data(seed=3)
    te = _t(e)
    want = ref(te, y, margin=margin)
    want.backward()
    pe = _t(e)
    got = getattr(portloss, name)(pe, torch.as_tensor(y), margin=margin)
    got.backward()
    np.testing.assert_allclose(got.detach(), want.detach(), rtol=1e-10)
    np.testing.assert_allclose(pe.grad, te.grad, rtol=1e-8, atol=1e-10)


def test_circle_matches_keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "jax":
        pytest.skip(f"Keras runs on {keras.backend.backend()} here, the oracle wants jax")
    e, y = _data(n=10, seed=5)
    e = (e / np.linalg.norm(e, axis=1, keepdims=True)).astype(np.float32)
    y[-1] = 7  # a row without positives: masked out of Keras' mean
    sw = np.linspace(0.5, 2.0, 10).astype(np.float32)
    rows = [
        ({}, "sum_over_batch_size", sw),
        ({"gamma": 20.0, "margin": 0.25}, "sum", None),
        ({"remove_diagonal": False}, "none", sw),
        ({}, "sum_over_batch_size", None),
    ]
    for options, reduction, weight in rows:
        want = np.asarray(
            keras.losses.Circle(reduction=reduction, **options)(y, e, sample_weight=weight)
        )
        got = portloss.circle_loss(
            e, y, reduction=reduction, convention="keras", sample_weight=weight, **options
        )
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-5)
    # unnormalised input: Keras does not normalise; normalize=False is Keras' number
    raw = e * 3.0
    want = np.asarray(keras.losses.Circle()(y, raw))
    np.testing.assert_allclose(portloss.circle_loss(raw, y, normalize=False), want, rtol=2e-5)


def test_circle_reference_rows():
    e, y = _data(seed=6)
    ref_e, ref_y = _data(n=5, seed=7)
    got = portloss.circle_loss(
        e, y, ref_embeddings=ref_e, ref_labels=ref_y, remove_diagonal=False, reduction="none"
    )
    u, r = F.normalize(_t(e)), F.normalize(_t(ref_e))
    d = (1 - u @ r.T).clamp_min(0)
    yy = torch.as_tensor(y)[:, None] == torch.as_tensor(ref_y)[None, :]
    p = torch.logsumexp(torch.where(yy, -80 * (0.4 + d) * (0.4 - d), -torch.inf), 1)
    n = torch.logsumexp(torch.where(~yy, 80 * (1.4 - d).clamp_min(0) * (0.6 - d), -torch.inf), 1)
    want = torch.where(yy.any(1) & (~yy).any(1), F.softplus(p + n), 0.0)
    np.testing.assert_allclose(got, want.detach(), rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="remove_diagonal=True"):
        portloss.circle_loss(e, y, ref_embeddings=ref_e, ref_labels=ref_y)


# ---------------------------------------------------------------- distances


@pytest.mark.parametrize("metric", ["euclidean", "squared", "cosine"])
def test_pairwise_distances(metric):
    x, _ = _data(seed=8)
    y, _ = _data(n=4, seed=9)
    tx, ty = _t(x), _t(y)
    if metric == "cosine":
        want = 1 - F.normalize(tx) @ F.normalize(ty).T
    else:
        want = torch.cdist(tx, ty) ** (2 if metric == "squared" else 1)
    want.sum().backward()
    px, py = _t(x), _t(y)
    got = portloss.pairwise_distances(px, py, metric=metric)
    got.sum().backward()
    np.testing.assert_allclose(got.detach(), want.detach(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(px.grad, tx.grad, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(py.grad, ty.grad, rtol=1e-7, atol=1e-9)


def test_pairwise_distances_identical_rows_and_huge_norms():
    x = torch.tensor([[1.0, 2.0], [1.0, 2.0], [0.0, 0.0]], requires_grad=True)
    for metric in ("euclidean", "squared", "cosine"):
        d = portloss.pairwise_distances(x, metric=metric)
        d.sum().backward()
        assert torch.isfinite(x.grad).all(), metric
        assert abs(float(d.detach()[0, 1])) < 1e-6, metric
        x.grad = None
    big = np.array([[1e19, 0.0, 3e18], [0.0, 2e19, 0.0]], dtype=np.float32)
    want = np.linalg.norm(big[:, None].astype(np.float64) - big[None].astype(np.float64), axis=-1)
    np.testing.assert_allclose(portloss.pairwise_distances(big), want, rtol=1e-5)
    cos = portloss.pairwise_distances(big, metric="cosine")
    np.testing.assert_allclose(cos, [[0, 1], [1, 0]], atol=1e-6)
    with pytest.raises(ValueError, match="metric"):
        portloss.pairwise_distances(big, metric="l1")


def test_pair_losses_float32_huge_norms_and_nan():
    e, y = _data()
    for name in ("circle_loss", "multi_similarity_loss"):
        fn = getattr(portloss, name)
        want = fn(e, y)
        got = fn((e * 1e19).astype(np.float32), y)
        assert np.isfinite(got)
        np.testing.assert_allclose(got, want, rtol=1e-4)
    bad = e.copy()
    bad[0, 0] = np.nan
    for name in (
        "circle_loss",
        "multi_similarity_loss",
        "batch_hard_triplet_loss",
        "batch_all_triplet_loss",
        "triplet_semihard_loss",
    ):
        assert np.isnan(getattr(portloss, name)(bad, y)), name


# ---------------------------------------------------------------- jax


def test_jax_jit_and_grad():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    e, y = _data()
    _, w, yc = _margin_case()
    je, jy, jw, jyc = (
        jnp.asarray(e, jnp.float32),
        jnp.asarray(y),
        jnp.asarray(w, jnp.float32),
        jnp.asarray(yc),
    )
    # One compilation per engine (the conformance suite runs every loss under JAX).
    for name in ("circle_loss", "triplet_semihard_loss"):
        fn = getattr(portloss, name)
        value, g = jax.jit(jax.value_and_grad(lambda v, fn=fn: fn(v, jy)))(je)
        assert bool(jnp.isfinite(g).all()), name
        np.testing.assert_allclose(value, fn(e, y), rtol=1e-4)
    value, g = jax.jit(jax.value_and_grad(lambda v: portloss.arcface_loss(v, jw, jyc)))(je)
    assert bool(jnp.isfinite(g).all())
    np.testing.assert_allclose(value, portloss.arcface_loss(e, w, yc), rtol=1e-4)
    d = jax.jit(lambda v: portloss.pairwise_distances(v))(je)
    np.testing.assert_allclose(d, portloss.pairwise_distances(e), rtol=1e-4, atol=1e-5)


def test_sample_weight_and_reductions():
    e, y = _data()
    sw = np.linspace(0.1, 1.0, N)
    per = portloss.multi_similarity_loss(e, y, reduction="none")
    got = portloss.multi_similarity_loss(e, y, sample_weight=sw)
    np.testing.assert_allclose(got, (sw * per).sum() / sw.sum())
    np.testing.assert_allclose(portloss.multi_similarity_loss(e, y, reduction="sum"), per.sum())
    with pytest.raises(ValueError, match="sample_weight"):
        portloss.batch_hard_triplet_loss(e, y, sample_weight=np.ones(3))
    with pytest.raises(TypeError, match="labels must have an integer dtype"):
        portloss.circle_loss(e, y.astype(np.float64))
