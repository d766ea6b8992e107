"""portloss.ctc_loss against torch.nn.functional.ctc_loss and optax.ctc_loss.

Seeded random inputs on every backend: values (float64 and float32), gradients with
respect to logits (``log_probs = log_softmax(logits)``, where torch's native gradient
is exact) and with respect to ``log_probs`` (torch's kernel returns
``exp(log_probs) - gamma`` there, the true gradient is ``-gamma``), repeated labels,
zero-length targets, infeasible alignments with and without ``zero_infinity``,
variable lengths, unbatched input, ``batch_first``, ``jax.jit``, and errors. optax
(an extra oracle, skipped when absent) is checked on the per-sequence losses.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")
F = torch.nn.functional

T, N, C, S = 12, 4, 5, 4
REDUCTIONS = ("none", "mean", "sum")


def _log_softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _inputs(seed: int = 0, *, blank: int = 0, t: int = T, n: int = N, s: int = S):
    """Logits (T, N, C), padded targets with repeats, and varied lengths.

    Sequence 0: repeated labels (a a b b), full length. Sequence 1: shorter input and
    target. Sequence 2: target length 0. Sequence 3: input too short for its target
    (infinite loss). Padding holds arbitrary labels, which must be ignored.
    """
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(t, n, C))
    choices = np.array([c for c in range(C) if c != blank])
    targets = rng.choice(choices, size=(n, s)).astype(np.int64)
    targets[0, :4] = [choices[0], choices[0], choices[1], choices[1]]
    input_lengths = np.array([t, t - 3, t - 5, 3])[:n].astype(np.int64)
    target_lengths = np.array([s, s - 2, 0, s])[:n].astype(np.int64)
    return logits, targets, input_lengths, target_lengths


def _torch(logits, targets, il, tl, **options):
    lp = F.log_softmax(torch.as_tensor(logits), dim=-1)
    return F.ctc_loss(
        lp, torch.as_tensor(targets), torch.as_tensor(il), torch.as_tensor(tl), **options
    )


def _tolerance(dtype: str) -> dict:
    return {"rtol": 1e-10, "atol": 1e-10} if dtype == "float64" else {"rtol": 2e-5, "atol": 2e-5}


def _on(backend, *arrays):
    return [backend.asarray(a) for a in arrays]


@pytest.mark.parametrize(
    ("reduction", "zero_infinity"),
    [("none", False), ("mean", False), ("mean", True), ("sum", True)],
)
def test_values_match_torch(backend, reduction: str, zero_infinity: bool) -> None:
    logits, targets, il, tl = _inputs(1)
    expected = _torch(logits, targets, il, tl, reduction=reduction, zero_infinity=zero_infinity)
    for dtype in ("float64", "float32"):
        if dtype not in backend.dtypes:
            continue
        lp = _log_softmax(logits).astype(dtype)
        args = _on(backend, lp, targets, il, tl)
        got = portloss.ctc_loss(*args, reduction=reduction, zero_infinity=zero_infinity)
        assert str(got.dtype).endswith(dtype)
        got = backend.to_numpy(got)
        assert got.shape == tuple(expected.shape)
        np.testing.assert_allclose(got, expected.numpy(), **_tolerance(dtype))


def test_infinite_loss_without_zero_infinity(backend) -> None:
    logits, targets, il, tl = _inputs(2)
    args = _on(backend, _log_softmax(logits), targets, il, tl)
    loss = backend.to_numpy(portloss.ctc_loss(*args, reduction="none"))
    assert np.isinf(loss[3])
    assert loss[3] > 0
    assert np.all(np.isfinite(loss[:3]))
    assert loss[2] >= 0  # empty target: -log P(all blank)
    np.testing.assert_allclose(loss[2], -_log_softmax(logits)[: il[2], 2, 0].sum(), rtol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_gradient_wrt_logits_matches_torch(backend, reduction: str) -> None:
    if backend.autodiff is None:
        pytest.skip(f"backend {backend.name} has no autodiff")
    logits, targets, il, tl = _inputs(3)
    x = torch.tensor(logits, requires_grad=True)
    ref = _torch(x, targets, il, tl, reduction=reduction, zero_infinity=True).sum()
    (expected,) = torch.autograd.grad(ref, x)
    xp = backend.xp
    fixed = _on(backend, targets, il, tl)

    def fn(z):
        lp = z - xp.log(xp.sum(xp.exp(z), axis=-1, keepdims=True))
        return xp.sum(portloss.ctc_loss(lp, *fixed, reduction=reduction, zero_infinity=True))

    for dtype in ("float64", "float32"):
        if dtype not in backend.dtypes:
            continue
        g = backend.to_numpy(backend.grad(fn, [backend.asarray(logits.astype(dtype))]))
        assert np.all(np.isfinite(g))
        np.testing.assert_allclose(g, expected.numpy(), **_tolerance(dtype))


def test_gradient_wrt_log_probs_is_minus_occupancy(backend) -> None:
    """d loss / d log_probs = -gamma; torch's kernel gives exp(log_probs) - gamma."""
    if backend.autodiff is None:
        pytest.skip(f"backend {backend.name} has no autodiff")
    logits, targets, il, tl = _inputs(4)
    lp = _log_softmax(logits)
    x = torch.tensor(lp, requires_grad=True)
    ref = F.ctc_loss(
        x, *map(torch.as_tensor, (targets, il, tl)), reduction="sum", zero_infinity=True
    )
    (torch_grad,) = torch.autograd.grad(ref, x)
    frames = np.arange(T)[:, None] < il[None, :]
    finite = np.array([True, True, True, False])
    expected = torch_grad.numpy() - np.exp(lp) * (frames & finite)[..., None]
    fixed = _on(backend, targets, il, tl)
    xp = backend.xp

    def fn(z):
        return xp.sum(portloss.ctc_loss(z, *fixed, reduction="sum", zero_infinity=True))

    g = backend.to_numpy(backend.grad(fn, [backend.asarray(lp)]))
    np.testing.assert_allclose(g, expected, rtol=1e-9, atol=1e-10)
    # The occupancy of every valid frame sums to one; padding frames and the
    # zeroed infinite sequence get no gradient.
    np.testing.assert_allclose(-g.sum(-1), (frames & finite).astype(float), atol=1e-9)


def test_gradient_finite_for_infinite_loss(backend) -> None:
    """Without zero_infinity the infinite sequence's loss is inf, the others' grads finite."""
    if backend.autodiff is None:
        pytest.skip(f"backend {backend.name} has no autodiff")
    logits, targets, il, tl = _inputs(5)
    fixed = _on(backend, targets, il, tl)
    xp = backend.xp

    def fn(z):
        loss = portloss.ctc_loss(z, *fixed, reduction="none")
        return xp.sum(loss[:3])

    g = backend.to_numpy(backend.grad(fn, [backend.asarray(_log_softmax(logits))]))
    assert np.all(np.isfinite(g))
    assert np.all(g[:, 3] == 0)


@pytest.mark.parametrize("blank", [0, C - 1])
def test_batch_first_and_blank(backend, blank: int) -> None:
    logits, targets, il, tl = _inputs(6, blank=blank)
    expected = _torch(logits, targets, il, tl, blank=blank, reduction="none", zero_infinity=True)
    lp = np.ascontiguousarray(np.swapaxes(_log_softmax(logits), 0, 1))
    got = portloss.ctc_loss(
        *_on(backend, lp, targets, il, tl),
        blank=blank,
        reduction="none",
        zero_infinity=True,
        batch_first=True,
    )
    np.testing.assert_allclose(backend.to_numpy(got), expected.numpy(), rtol=1e-10)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_unbatched(backend, reduction: str) -> None:
    logits, targets, il, tl = _inputs(7)
    lp = _log_softmax(logits)[:, 1]
    # torch reads unbatched 1-D targets as exactly the target (no padding)
    expected = F.ctc_loss(
        torch.as_tensor(lp),
        torch.as_tensor(targets[1, : tl[1]]),
        torch.as_tensor(il[1]),
        torch.as_tensor(tl[1]),
        reduction=reduction,
    )
    got = portloss.ctc_loss(*_on(backend, lp, targets[1], il[1], tl[1]), reduction=reduction)
    got = backend.to_numpy(got)
    assert got.shape == tuple(expected.shape) == ()
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10)


def test_lengths_as_tuples() -> None:
    logits, targets, il, tl = _inputs(8)
    lp = _log_softmax(logits)
    expected = F.ctc_loss(
        torch.as_tensor(lp), torch.as_tensor(targets), tuple(il.tolist()), tuple(tl.tolist())
    )
    got = portloss.ctc_loss(lp, targets, tuple(il.tolist()), tuple(tl.tolist()))
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10)


def test_many_seeds_and_repeats_numpy() -> None:
    """Many random batches, labels drawn from few classes so repeats are common."""
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        t, n, s = rng.integers(1, 15), rng.integers(1, 5), rng.integers(0, 6)
        logits = rng.normal(size=(t, n, C))
        targets = rng.integers(1, 3, size=(n, s))
        il = rng.integers(0, t + 1, size=n)
        tl = rng.integers(0, s + 1, size=n)
        for zi in (False, True):
            expected = _torch(logits, targets, il, tl, reduction="none", zero_infinity=zi)
            got = portloss.ctc_loss(
                _log_softmax(logits), targets, il, tl, reduction="none", zero_infinity=zi
            )
            np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10, atol=1e-12)


def test_half_precision_torch() -> None:
    logits, targets, il, tl = _inputs(9)
    lp = torch.as_tensor(_log_softmax(logits))
    expected = F.ctc_loss(lp, *map(torch.as_tensor, (targets, il, tl)), zero_infinity=True)
    for dtype in (torch.float16, torch.bfloat16):
        got = portloss.ctc_loss(
            lp.to(dtype), *map(torch.as_tensor, (targets, il, tl)), zero_infinity=True
        )
        assert got.dtype == dtype
        np.testing.assert_allclose(got.double().numpy(), expected.numpy(), rtol=2e-2)


def test_jax_jit_and_grad() -> None:
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    logits, targets, il, tl = _inputs(10)
    lp = _log_softmax(logits).astype(np.float32)
    expected = _torch(logits, targets, il, tl, zero_infinity=True).numpy()

    @jax.jit
    def f(z, y, a, b):
        return portloss.ctc_loss(z, y, a, b, zero_infinity=True)

    got = f(*(jnp.asarray(v) for v in (lp, targets, il, tl)))
    np.testing.assert_allclose(np.asarray(got), expected, rtol=2e-5)
    # lengths are traced arguments: new values, same compiled function
    il2 = np.array([T, T, T, T])
    expected2 = _torch(logits, targets, il2, tl, zero_infinity=True).numpy()
    got2 = f(*(jnp.asarray(v) for v in (lp, targets, il2, tl)))
    np.testing.assert_allclose(np.asarray(got2), expected2, rtol=2e-5)
    g = jax.jit(jax.grad(lambda z: f(z, *(jnp.asarray(v) for v in (targets, il, tl)))))(
        jnp.asarray(lp)
    )
    assert np.all(np.isfinite(np.asarray(g)))


def test_optax_per_sequence() -> None:
    optax = pytest.importorskip("optax")
    jnp = pytest.importorskip("jax").numpy
    for seed, blank in ((11, 0), (12, 0), (13, C - 1)):
        logits, targets, il, tl = _inputs(seed, blank=blank)
        keep = slice(0, 3)  # optax gives a large finite value, not inf, for sequence 3
        logits, targets, il, tl = logits[:, keep], targets[keep], il[keep], tl[keep]
        btc = np.swapaxes(logits, 0, 1).astype(np.float32)
        logit_pad = (np.arange(T)[None, :] >= il[:, None]).astype(np.float32)
        label_pad = (np.arange(S)[None, :] >= tl[:, None]).astype(np.float32)
        expected = optax.ctc_loss(
            jnp.asarray(btc),
            jnp.asarray(logit_pad),
            jnp.asarray(targets.astype(np.int32)),
            jnp.asarray(label_pad),
            blank_id=blank,
        )
        got = portloss.ctc_loss(
            _log_softmax(btc.astype(np.float64)),
            targets,
            il,
            tl,
            blank=blank,
            reduction="none",
            batch_first=True,
        )
        np.testing.assert_allclose(got, np.asarray(expected), rtol=1e-5, atol=1e-5)


def test_empty_label_axis() -> None:
    """S = 0: every target is empty; the loss is -log P(all blanks)."""
    logits = np.random.default_rng(14).normal(size=(5, 2, C))
    targets = np.zeros((2, 0), dtype=np.int64)
    il, tl = np.array([5, 2]), np.array([0, 0])
    expected = _torch(logits, targets, il, tl, reduction="none")
    got = portloss.ctc_loss(_log_softmax(logits), targets, il, tl, reduction="none")
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-12)


# ------------------------------------------------------------------------- errors


def _good():
    logits, targets, il, tl = _inputs(0)
    return _log_softmax(logits), targets, il, tl


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"reduction": "batchmean"}, ValueError, "reduction must be one of"),
        ({"blank": 5}, ValueError, r"blank must be a class index in \[0, 5\)"),
        ({"blank": 1.0}, TypeError, "blank"),
        ({"zero_infinity": 1}, TypeError, "zero_infinity must be True or False"),
        ({"batch_first": "yes"}, TypeError, "batch_first must be True or False"),
    ],
)
def test_option_errors(change, error, match) -> None:
    with pytest.raises(error, match=match):
        portloss.ctc_loss(*_good(), **change)


def test_shape_and_dtype_errors() -> None:
    lp, targets, il, tl = _good()
    with pytest.raises(TypeError, match="log_probs"):
        portloss.ctc_loss(lp.astype(np.int64), targets, il, tl)
    with pytest.raises(TypeError, match="targets must have an integer dtype"):
        portloss.ctc_loss(lp, targets.astype(float), il, tl)
    with pytest.raises(TypeError, match="input_lengths must have an integer dtype"):
        portloss.ctc_loss(lp, targets, il.astype(float), tl)
    with pytest.raises(ValueError, match=r"log_probs must have shape \(T, N, C\)"):
        portloss.ctc_loss(lp[None], targets, il, tl)
    with pytest.raises(ValueError, match="target_lengths must be >= 0 and sum to at most"):
        portloss.ctc_loss(lp, targets.reshape(-1)[:3], il, tl)
    with pytest.raises(ValueError, match=r"targets must have shape \(N, S\) = \(4, S\)"):
        portloss.ctc_loss(lp, targets[:3], il, tl)
    with pytest.raises(ValueError, match=r"target_lengths must have shape \(N,\) = \(4,\)"):
        portloss.ctc_loss(lp, targets, il, tl[:2])
    with pytest.raises(ValueError, match=r"targets must have shape \(N, S\) = \(12, S\)"):
        portloss.ctc_loss(np.swapaxes(lp, 0, 1), targets, il, tl)
    with pytest.raises(ValueError, match="must be 0-d for unbatched"):
        portloss.ctc_loss(lp[:, 0], targets[0], il, tl[0])
    with pytest.raises(TypeError, match="pass arrays of one library"):
        portloss.ctc_loss(torch.as_tensor(lp), targets, il, tl)


def test_value_errors_numpy() -> None:
    lp, targets, il, tl = _good()
    with pytest.raises(ValueError, match=r"input_lengths must be in \[0, 12\], got 13"):
        portloss.ctc_loss(lp, targets, il + 1, tl)
    with pytest.raises(ValueError, match=r"target_lengths must be in \[0, 4\], got 5"):
        portloss.ctc_loss(lp, targets, il, tl + 1)
    bad = targets.copy()
    bad[0, 0] = 0  # the blank, inside the target length
    with pytest.raises(ValueError, match="other than blank=0"):
        portloss.ctc_loss(lp, bad, il, tl)
    bad[0, 0] = 7
    with pytest.raises(ValueError, match=r"labels in \[0, 5\)"):
        portloss.ctc_loss(lp, bad, il, tl)
    padded = targets.copy()
    padded[1, 3] = -1  # beyond target length 2: ignored
    np.testing.assert_allclose(
        portloss.ctc_loss(lp, padded, il, tl, reduction="none"),
        portloss.ctc_loss(lp, targets, il, tl, reduction="none"),
    )
