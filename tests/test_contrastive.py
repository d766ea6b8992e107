"""Contrastive losses against their peers' formulas, written out in float64 torch.

open_clip's ``ClipLoss`` / ``SigLipLoss`` (src/open_clip/loss.py), sentence-transformers'
``MultipleNegativesRankingLoss`` and Khosla et al.'s ``SupConLoss`` (SupContrast
losses.py) are not installed: their forward passes are transcribed below from their
sources. optax's ``ranking_softmax_loss`` is called itself. Every expected number and
gradient comes from these oracles (torch autograd for gradients), never from portloss.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")
F = torch.nn.functional

N, V, D = 5, 2, 4
TOL64 = {"rtol": 1e-10, "atol": 1e-12}


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def _t(a, grad=False):
    a = np.asarray(a)
    if a.dtype.kind in "iub":
        return torch.tensor(a)
    return torch.tensor(a, dtype=torch.float64).requires_grad_(grad)


# ---------------------------------------------------------------- the peers, transcribed


def open_clip_loss(img, txt, logit_scale, label_smoothing=0.0):
    """open_clip ClipLoss.forward, world_size 1 (label_smoothing: torch's, both ways)."""
    logits_per_image = logit_scale * img @ txt.T
    logits_per_text = logit_scale * txt @ img.T
    labels = torch.arange(logits_per_image.shape[0])
    ce = F.cross_entropy
    return (
        ce(logits_per_image, labels, label_smoothing=label_smoothing)
        + ce(logits_per_text, labels, label_smoothing=label_smoothing)
    ) / 2


def open_clip_siglip(img, txt, logit_scale, logit_bias):
    """open_clip SigLipLoss._loss, world_size 1, no chunking."""
    logits = logit_scale * img @ txt.T + logit_bias
    n = img.shape[0]
    labels = 2 * torch.eye(n, dtype=img.dtype) - torch.ones((n, n), dtype=img.dtype)
    return -F.logsigmoid(labels * logits).sum() / n


def mnrl(anchors, *candidates, scale=20.0):
    """sentence-transformers MultipleNegativesRankingLoss.compute_loss_from_embeddings."""
    cands = torch.cat(candidates, dim=0)
    scores = F.normalize(anchors, p=2, dim=1) @ F.normalize(cands, p=2, dim=1).T * scale
    return F.cross_entropy(scores, torch.arange(anchors.shape[0]))


def supcon_reference(features, labels=None, mask=None, *, temperature=0.07,
                     base_temperature=0.07, contrast_mode="all"):  # fmt: skip
    """SupContrast losses.py SupConLoss.forward, line by line."""
    batch_size = features.shape[0]
    if labels is None and mask is None:
        mask = torch.eye(batch_size, dtype=torch.float64)
    elif labels is not None:
        labels = labels.contiguous().view(-1, 1)
        mask = torch.eq(labels, labels.T).double()
    else:
        mask = mask.double()
    contrast_count = features.shape[1]
    contrast_feature = torch.cat(torch.unbind(features, dim=1), dim=0)
    if contrast_mode == "one":
        anchor_feature, anchor_count = features[:, 0], 1
    else:
        anchor_feature, anchor_count = contrast_feature, contrast_count
    anchor_dot_contrast = torch.div(torch.matmul(anchor_feature, contrast_feature.T), temperature)
    logits_max, _ = torch.max(anchor_dot_contrast, dim=1, keepdim=True)
    logits = anchor_dot_contrast - logits_max.detach()
    mask = mask.repeat(anchor_count, contrast_count)
    logits_mask = torch.scatter(
        torch.ones_like(mask), 1, torch.arange(batch_size * anchor_count).view(-1, 1), 0
    )
    mask = mask * logits_mask
    exp_logits = torch.exp(logits) * logits_mask
    log_prob = logits - torch.log(exp_logits.sum(1, keepdim=True))
    mask_pos_pairs = mask.sum(1)
    mask_pos_pairs = torch.where(mask_pos_pairs < 1e-6, 1, mask_pos_pairs)
    mean_log_prob_pos = (mask * log_prob).sum(1) / mask_pos_pairs
    loss = -(temperature / base_temperature) * mean_log_prob_pos
    return loss.view(anchor_count, batch_size)  # .mean() is the reference's number


def _unit(x):
    return F.normalize(x, p=2, dim=-1)


def _grads(value, *tensors):
    return [g.numpy() for g in torch.autograd.grad(value, tensors)]


def _close(got, expected, **tol):
    np.testing.assert_allclose(np.asarray(got.detach()), np.asarray(expected.detach()), **tol)


# ------------------------------------------------------------------------------ CLIP


@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_clip_loss_matches_open_clip_and_its_gradients(normalize, label_smoothing):
    img, txt = _t(_rand(N, D, seed=1), True), _t(_rand(N, D, seed=2), True)
    scale = _t(np.asarray(7.5), True)
    got = portloss.clip_loss(
        img, txt, logit_scale=scale, normalize=normalize, label_smoothing=label_smoothing
    )
    u, v = (_unit(img), _unit(txt)) if normalize else (img, txt)
    expected = open_clip_loss(u, v, scale, label_smoothing)
    _close(got, expected, **TOL64)
    for a, b in zip(_grads(got, img, txt, scale), _grads(expected, img, txt, scale)):
        np.testing.assert_allclose(a, b, **TOL64)


def test_clip_loss_weights_and_none_are_the_per_pair_mean_of_both_directions():
    img, txt = _t(_rand(N, D, seed=3)), _t(_rand(N, D, seed=4))
    logits = 4.0 * _unit(img) @ _unit(txt).T
    labels = torch.arange(N)
    per_pair = (
        F.cross_entropy(logits, labels, reduction="none")
        + F.cross_entropy(logits.T, labels, reduction="none")
    ) / 2
    none = portloss.clip_loss(img, txt, logit_scale=4.0, reduction="none")
    _close(none, per_pair, **TOL64)
    w = _t(np.array([0.5, 1.0, 2.0, 0.0, 1.5]))
    got = portloss.clip_loss(img, txt, logit_scale=4.0, sample_weight=w)
    _close(got, (w * per_pair).sum() / w.sum(), **TOL64)


# ---------------------------------------------------------------------------- InfoNCE


@pytest.mark.parametrize("negatives_shape", [None, (N, D), (N, 2, D), (3, D)])
def test_infonce_loss_matches_multiple_negatives_ranking_loss(negatives_shape):
    a, p = _t(_rand(N, D, seed=5), True), _t(_rand(N, D, seed=6), True)
    if negatives_shape is None:
        got, expected, inputs = portloss.infonce_loss(a, p), mnrl(a, p), (a, p)
    else:
        neg = _t(_rand(*negatives_shape, seed=7), True)
        got = portloss.infonce_loss(a, p, neg)
        # sentence-transformers: one (N, D) column per negative; any row order gives
        # the same cross entropy, as only column i of row i is the target.
        columns = [neg] if neg.ndim == 2 else list(torch.unbind(neg, dim=1))
        expected, inputs = mnrl(a, p, *columns), (a, p, neg)
    _close(got, expected, **TOL64)
    for g, e in zip(_grads(got, *inputs), _grads(expected, *inputs)):
        np.testing.assert_allclose(g, e, **TOL64)


def test_infonce_loss_dot_product_scale():
    a, p = _t(_rand(N, D, seed=8)), _t(_rand(N, D, seed=9))
    got = portloss.infonce_loss(a, p, scale=0.5, normalize=False, reduction="sum")
    expected = F.cross_entropy(0.5 * a @ p.T, torch.arange(N), reduction="sum")
    _close(got, expected, **TOL64)


# ----------------------------------------------------------------------------- SigLIP


@pytest.mark.parametrize("normalize", [True, False])
def test_siglip_loss_matches_open_clip_and_its_gradients(normalize):
    img, txt = _t(_rand(N, D, seed=10), True), _t(_rand(N, D, seed=11), True)
    scale, bias = _t(np.asarray(10.0), True), _t(np.asarray(-3.0), True)
    got = portloss.siglip_loss(img, txt, logit_scale=scale, logit_bias=bias, normalize=normalize)
    u, v = (_unit(img), _unit(txt)) if normalize else (img, txt)
    expected = open_clip_siglip(u, v, scale, bias)
    _close(got, expected, **TOL64)
    inputs = (img, txt, scale, bias)
    for g, e in zip(_grads(got, *inputs), _grads(expected, *inputs)):
        np.testing.assert_allclose(g, e, **TOL64)
    # the batch mean divides by N: "none" is each image's row sum
    rows = portloss.siglip_loss(img, txt, logit_scale=10.0, logit_bias=-3.0,
                                normalize=normalize, reduction="none")  # fmt: skip
    _close(rows.sum() / N, expected, **TOL64)


# ----------------------------------------------------------------------------- SupCon


@pytest.mark.parametrize(
    ("views", "mode", "kind"),
    [(2, "all", "labels"), (3, "one", "labels"), (2, "all", "none"), (2, "one", "mask")],
)
def test_supcon_loss_matches_the_reference_and_its_gradients(views, mode, kind):
    x = _t(_rand(N, views, D, seed=12), True)
    labels = _t(np.array([0, 1, 0, 2, 1])) if kind == "labels" else None
    mask = _t(np.random.default_rng(13).random((N, N)) < 0.5) if kind == "mask" else None
    options = {"temperature": 0.5, "base_temperature": 0.7, "contrast_mode": mode}
    args = (x,) if labels is None else (x, labels)
    got = portloss.supcon_loss(*args, mask=mask, **options)
    ref = supcon_reference(_unit(x), labels, mask, **options)
    if kind == "mask":
        # anchors whose mask row is empty (besides itself) leave the mean here
        count = (mask.double().repeat(1, views)).sum(1) - (mask.diagonal().double())
        has = (count > 0).view(1, N)
        expected = ref[has].mean()
    else:
        expected = ref.mean()
    _close(got, expected, **TOL64)
    np.testing.assert_allclose(_grads(got, x)[0], _grads(expected, x)[0], **TOL64)
    none = portloss.supcon_loss(*args, mask=mask, reduction="none", **options)
    assert tuple(none.shape) == (N, views if mode == "all" else 1)


def test_supcon_loss_anchors_without_positive_leave_the_mean():
    x = _t(_rand(4, 1, D, seed=14))
    labels = _t(np.array([0, 1, 1, 2]))
    ref = supcon_reference(_unit(x), labels)  # 0 for anchors 0 and 3 (no positive)
    got = portloss.supcon_loss(x, labels, reduction="none")
    _close(got[:, 0], ref[0] * torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=torch.float64))
    _close(portloss.supcon_loss(x, labels), ref[0, 1:3].mean(), **TOL64)
    alone = portloss.supcon_loss(x, _t(np.arange(4)))
    assert torch.isnan(alone)


def test_supcon_loss_equals_ntxent_loss_with_one_positive_per_anchor():
    x = _rand(N, 2, D, seed=15)
    stacked = np.concatenate([x[:, 0], x[:, 1]])
    ids = np.concatenate([np.arange(N), np.arange(N)])
    got = portloss.supcon_loss(x, temperature=0.3, base_temperature=0.3)
    np.testing.assert_allclose(got, portloss.ntxent_loss(stacked, ids, temperature=0.3), **TOL64)


# ------------------------------------------------------------- ranking softmax (optax)


def test_ranking_softmax_loss_matches_optax():
    optax = pytest.importorskip("optax")
    jnp = pytest.importorskip("jax.numpy")
    rng = np.random.default_rng(16)
    s = rng.standard_normal((3, 4, 6)).astype(np.float32)
    y = rng.integers(0, 3, (3, 4, 6)).astype(np.float32)
    where = rng.random((3, 4, 6)) < 0.7
    where[0, 1] = False  # a list with no valid item leaves the mean
    weights = rng.random((3, 4, 6)).astype(np.float32)
    for kw in ({"weights": weights}, {"where": where, "weights": weights}):
        jkw = {k: jnp.asarray(v) for k, v in kw.items()}
        for reduction, fn in (("mean", jnp.mean), ("sum", jnp.sum), ("none", None)):
            expected = optax.losses.ranking_softmax_loss(
                jnp.asarray(s), jnp.asarray(y), reduce_fn=fn, **jkw
            )
            got = portloss.ranking_softmax_loss(s, y, reduction=reduction, **kw)
            np.testing.assert_allclose(got, np.asarray(expected), rtol=2e-6, atol=1e-6)
    none_valid = portloss.ranking_softmax_loss(s, y, where=np.zeros_like(where))
    assert float(none_valid) == 0.0  # optax: a mean over no valid list is 0


def test_ranking_softmax_loss_gradient_matches_torch_autograd():
    rng = np.random.default_rng(17)
    s = _t(rng.standard_normal((4, 5)), True)
    y = _t(rng.integers(0, 3, (4, 5)).astype(np.float64))
    where = _t(rng.random((4, 5)) < 0.7)
    where[2] = False
    got = portloss.ranking_softmax_loss(s, y, where=where)
    valid = where.any(-1)
    lsm = torch.log_softmax(torch.where(where, s, -torch.inf), dim=-1)
    per_list = -torch.where(where, y * lsm, 0.0).sum(-1)
    expected = per_list[valid].mean()
    _close(got, expected, **TOL64)
    g = _grads(got, s)[0]
    assert np.isfinite(g).all()
    np.testing.assert_allclose(g, _grads(expected, s)[0], **TOL64)


# ----------------------------------------------------------------- jit, grad, extremes


def _all_losses(xp_rand, labels, where):
    return {
        "clip": lambda a, b: portloss.clip_loss(a, b, logit_scale=100.0),
        "infonce": lambda a, b: portloss.infonce_loss(a, b, scale=100.0),
        "siglip": lambda a, b: portloss.siglip_loss(a, b, logit_scale=100.0, logit_bias=-10.0),
        "supcon": lambda a, b: portloss.supcon_loss(
            xp_rand.stack([a, b], axis=1), labels, temperature=0.01
        ),
        "ranking": lambda a, b: portloss.ranking_softmax_loss(100.0 * a, b, where=where),
    }


def test_every_loss_jits_and_differentiates_under_jax():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    a64, b64 = _rand(N, D, seed=18), _rand(N, D, seed=19)
    labels = np.array([0, 1, 0, 2, 1])
    where = np.random.default_rng(20).random((N, D)) < 0.6
    eager = _all_losses(torch, _t(labels), _t(where))
    traced = _all_losses(jnp, jnp.asarray(labels), jnp.asarray(where))
    a, b = jnp.asarray(a64, dtype=jnp.float32), jnp.asarray(b64, dtype=jnp.float32)
    for name, fn in traced.items():
        # one compilation per loss: eager JAX would compile every operation
        value, (ga, gb) = jax.jit(jax.value_and_grad(fn, argnums=(0, 1)))(a, b)
        expected = eager[name](_t(a64), _t(b64))
        np.testing.assert_allclose(value, expected, rtol=1e-4, atol=1e-5, err_msg=name)
        assert np.isfinite(np.asarray(ga)).all(), name
        assert np.isfinite(np.asarray(gb)).all(), name


def test_float32_at_temperature_001_and_norms_1e19_matches_float64():
    a64, b64 = _rand(N, D, seed=21), _rand(N, D, seed=22)
    labels = _t(np.array([0, 1, 0, 2, 1]))
    where = _t(np.random.default_rng(23).random((N, D)) < 0.6)
    norms = np.array([1e19, 3e18, 1.0, 1e-3, 2e19])[:, None]
    for name, fn in _all_losses(torch, labels, where).items():
        huge = name != "ranking"  # the scores are not embeddings there
        a32 = torch.tensor(a64 * norms if huge else a64, dtype=torch.float32, requires_grad=True)
        b32 = torch.tensor(b64 * norms if huge else b64, dtype=torch.float32, requires_grad=True)
        expected = fn(_t(a64), _t(b64))
        got = fn(a32, b32)
        assert got.dtype == torch.float32
        np.testing.assert_allclose(got.detach(), expected, rtol=2e-4, atol=1e-4, err_msg=name)
        ga, gb = torch.autograd.grad(got, (a32, b32))
        assert torch.isfinite(ga).all(), name
        assert torch.isfinite(gb).all(), name


# ----------------------------------------------------------------------------- errors


def test_errors_name_the_argument():
    x, y = _rand(N, D), _rand(N, D)
    with pytest.raises(ValueError, match="text_features must have the shape of image_features"):
        portloss.clip_loss(x, _rand(N + 1, D), logit_scale=1.0)
    with pytest.raises(ValueError, match="logit_scale must be a number or a 0-d array"):
        portloss.clip_loss(x, y, logit_scale=np.ones(2))
    with pytest.raises(ValueError, match="negatives must have shape"):
        portloss.infonce_loss(x, y, _rand(N, D + 1))
    with pytest.raises(ValueError, match="features must have shape \\(N, V, D\\)"):
        portloss.supcon_loss(x)
    with pytest.raises(ValueError, match="labels or mask, not both"):
        portloss.supcon_loss(x[:, None], np.arange(N), mask=np.eye(N, dtype=bool))
    with pytest.raises(ValueError, match="contrast_mode"):
        portloss.supcon_loss(x[:, None], contrast_mode="some")
    with pytest.raises(TypeError, match="where must have a bool dtype"):
        portloss.ranking_softmax_loss(x, y, where=y)
    with pytest.raises(ValueError, match="weights must have scores' shape"):
        portloss.ranking_softmax_loss(x, y, weights=y[:, :2])
