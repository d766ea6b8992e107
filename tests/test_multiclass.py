"""portloss.multiclass against optax and Keras (issue 24, deliverable 6).

Oracles: optax's ``multiclass_hinge_loss``, ``perceptron_loss``,
``multiclass_perceptron_loss``, ``multiclass_sparsemax_loss``, ``sparsemax_loss``,
``make_fenchel_young_loss``, ``generalized_kl_divergence``, ``softmax_cross_entropy``
(``where``) and ``safe_softmax_cross_entropy``; Keras'
``CategoricalGeneralizedCrossEntropy``; float64 NumPy formulas. No expected number is
computed by portloss.
"""

from __future__ import annotations

import importlib
import os
import warnings

import numpy as np
import pytest
from conftest import get_backend

import portloss

RNG = np.random.default_rng(6)
N, C = 7, 5
S = RNG.normal(scale=1.5, size=(N, C))
Y = RNG.integers(0, C, N)
T = RNG.dirichlet(np.ones(C), N)


def _optax():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optax = pytest.importorskip("optax")
    import jax

    jax.config.update("jax_enable_x64", True)
    return optax, jax


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module("keras")
        except Exception as exc:  # not installed, or no usable Keras backend
            pytest.skip(f"keras unavailable: {exc}")


def _close(got, want, rtol=1e-10):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=rtol, atol=1e-12)


def _check_with_grad(ours, theirs, *args):
    """Values and gradients (w.r.t. the first argument) of ours, on torch tensors, and
    theirs, an optax function returning per-row losses (compiled: eager JAX is slow)."""
    _, jax = _optax()
    torch = pytest.importorskip("torch")
    jargs = [jax.numpy.asarray(a) for a in args]
    targs = [torch.tensor(a) for a in args]
    targs[0].requires_grad_(True)
    got = ours(*targs)
    _close(got.detach(), jax.jit(theirs)(*jargs))
    (g_ours,) = torch.autograd.grad(got.sum(), targs[0])
    g_theirs = jax.jit(jax.grad(lambda s, *rest: theirs(s, *rest).sum()))(*jargs)
    _close(g_ours, g_theirs)


def test_multiclass_hinge_matches_optax():
    optax, _ = _optax()
    fn = portloss.multiclass_hinge_loss
    _check_with_grad(
        lambda s, y: fn(s, y, reduction="none"), optax.losses.multiclass_hinge_loss, S, Y
    )
    one_hot = np.eye(C)[Y]  # the distribution form, on a one-hot target
    _close(fn(S, one_hot, reduction="none"), fn(S, Y, reduction="none"))


def test_multiclass_perceptron_matches_optax():
    optax, _ = _optax()
    fn = portloss.multiclass_perceptron_loss
    _check_with_grad(
        lambda s, y: fn(s, y, reduction="none"), optax.losses.multiclass_perceptron_loss, S, Y
    )


def test_perceptron_matches_optax():
    optax, _ = _optax()
    y = np.where(RNG.random(N) < 0.5, -1.0, 1.0)
    x = S[:, 0]
    _check_with_grad(
        lambda s, t: portloss.perceptron_loss(s, t, reduction="none"),
        optax.losses.perceptron_loss,
        x,
        y,
    )


def test_sparsemax_matches_optax():
    optax, _ = _optax()
    fn = portloss.sparsemax_loss
    scores = np.concatenate([S, np.array([[3.0, 3.0, -1.0, 0.0, 3.0]])])  # ties
    labels = np.concatenate([Y, [1]])
    _check_with_grad(
        lambda s, y: fn(s, y, reduction="none"), optax.losses.multiclass_sparsemax_loss,
        scores, labels,
    )  # fmt: skip


def test_binary_sparsemax_through_two_scores():
    optax, _ = _optax()
    x = np.array([-3.0, -0.5, 0.0, 0.3, 2.5])
    labels = np.array([0, 1, 1, 0, 1])
    two = np.stack([np.zeros_like(x), x], axis=-1)
    want = optax.losses.sparsemax_loss(x, labels)
    _close(portloss.sparsemax_loss(two, labels, reduction="none"), want)


def _sparsemax_np(z):
    zs = np.sort(z)[::-1]
    k = np.arange(1, z.size + 1)
    support = 1 + k * zs > np.cumsum(zs)
    tau = (np.cumsum(zs)[support][-1] - 1) / k[support][-1]
    return np.maximum(z - tau, 0)


@pytest.mark.parametrize("max_fun", ["logsumexp", "sparsemax", "max"])
def test_fenchel_young_matches_optax(max_fun):
    optax, jax = _optax()
    jnp = jax.numpy
    max_funs = {
        "logsumexp": jax.scipy.special.logsumexp,
        "sparsemax": lambda z: (
            jnp.dot(optax.projections.projection_simplex(z), z)
            - 0.5 * jnp.sum(optax.projections.projection_simplex(z) ** 2)
        ),
        "max": jnp.max,
    }
    theirs = optax.losses.make_fenchel_young_loss(max_funs[max_fun])
    _check_with_grad(
        lambda s, t: portloss.fenchel_young_loss(s, t, max_fun=max_fun, reduction="none"),
        theirs,
        S,
        T,
    )


def test_fenchel_young_complete_is_nonnegative_and_zero_at_the_prediction():
    p = np.exp(S - S.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    fy = portloss.fenchel_young_loss
    _close(fy(S, p, complete=True, reduction="none"), np.zeros(N), rtol=0)
    ce = -(T * np.log(p)).sum(-1)
    entropy = -(T * np.log(T)).sum(-1)
    _close(fy(S, T, complete=True, reduction="none"), ce - entropy)  # KL(T || p)
    sp = np.stack([_sparsemax_np(z) for z in S])
    _close(fy(S, sp, max_fun="sparsemax", complete=True, reduction="none"), np.zeros(N), rtol=0)
    _close(
        fy(S, Y, max_fun="sparsemax", complete=True, reduction="none"),
        portloss.sparsemax_loss(S, Y, reduction="none"),
    )


def test_generalized_kl_matches_optax():
    optax, _ = _optax()
    t = RNG.uniform(0.0, 2.0, (N, C))
    t[0, :2] = 0.0  # 0 log 0 = 0
    _check_with_grad(
        lambda x, t: portloss.generalized_kl_divergence(x, t, reduction="none"),
        optax.losses.generalized_kl_divergence,
        S,
        t,
    )


def test_softmax_cross_entropy_where_matches_optax():
    optax, _ = _optax()
    where = RNG.random((N, C)) < 0.7
    where[:, 0] = True
    _check_with_grad(
        lambda s, t, w: portloss.softmax_cross_entropy(s, t, where=w, reduction="none"),
        lambda s, t, w: optax.losses.softmax_cross_entropy(s, t, where=w),
        S,
        T,
        where,
    )


def test_softmax_cross_entropy_minus_inf_matches_safe():
    optax, _ = _optax()
    s = S.copy()
    t = T.copy()
    s[:, 3] = -np.inf
    t[:, 3] = 0.0
    t /= t.sum(-1, keepdims=True)
    _check_with_grad(
        lambda s, t: portloss.softmax_cross_entropy(s, t, reduction="none"),
        optax.losses.safe_softmax_cross_entropy,
        s,
        t,
    )
    _close(
        portloss.softmax_cross_entropy(s, Y % 3, reduction="none"),
        optax.losses.safe_softmax_cross_entropy(s, np.eye(C)[Y % 3]),
    )


@pytest.mark.parametrize("q", [0.2, 0.8])
def test_generalized_cross_entropy_matches_keras(q):
    keras = _keras()
    p = np.exp(S) / np.exp(S).sum(-1, keepdims=True)
    fn = keras.losses.CategoricalGeneralizedCrossEntropy(q=q)
    want = float(np.asarray(fn(Y.astype(np.int32), p.astype(np.float32))))
    _close(portloss.generalized_cross_entropy(p.astype(np.float32), Y, q=q), want, rtol=2e-6)
    # from logits: the same numbers
    _close(
        portloss.generalized_cross_entropy(S, Y, q=q, from_logits=True),
        portloss.generalized_cross_entropy(p, Y, q=q),
    )


def test_generalized_cross_entropy_logits_finite_gradient():
    _, jax = _optax()
    s = jax.numpy.asarray(np.array([[200.0, 0.0, -200.0]]))
    fn = portloss.generalized_cross_entropy
    g = jax.grad(lambda s: fn(s, jax.numpy.asarray([2]), q=0.3, from_logits=True))(s)
    assert np.isfinite(np.asarray(g)).all()


# JAX (compiled) and Dask run every case of conformance/cases; eager JAX is slow here.
@pytest.mark.parametrize("backend_name", ["numpy", "array_api_strict", "torch"])
def test_backends_agree(backend_name):
    backend = get_backend(backend_name)
    s_inf = S.copy()
    s_inf[:, 1] = -np.inf
    t_inf = T.copy()
    t_inf[:, 1] = 0.0
    cases = [
        (portloss.multiclass_hinge_loss, S, Y),
        (portloss.multiclass_perceptron_loss, S, T),
        (portloss.sparsemax_loss, S, Y),
        (portloss.fenchel_young_loss, S, T),
        (portloss.generalized_kl_divergence, S, T),
        (portloss.softmax_cross_entropy, s_inf, t_inf),
        (portloss.perceptron_loss, S, np.sign(T - 0.2)),
    ]
    for fn, x, y in cases:
        want = fn(x, y, reduction="none")
        got = fn(backend.asarray(x), backend.asarray(y), reduction="none")
        _close(backend.to_numpy(got), want)
    got = portloss.fenchel_young_loss(backend.asarray(S), backend.asarray(T), max_fun="sparsemax")
    _close(backend.to_numpy(got), portloss.fenchel_young_loss(S, T, max_fun="sparsemax"))


def test_jit():
    _, jax = _optax()
    jnp = jax.numpy
    s, y, t = jnp.asarray(S), jnp.asarray(Y), jnp.asarray(T)

    def loss(s):
        return (
            portloss.sparsemax_loss(s, y)
            + portloss.multiclass_hinge_loss(s, y)
            + portloss.generalized_cross_entropy(s, y, from_logits=True)
            + portloss.softmax_cross_entropy(s, t, where=s > -1.0)
        )

    _close(jax.jit(loss)(s), loss(s))
    assert np.isfinite(np.asarray(jax.jit(jax.grad(loss))(s))).all()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: portloss.generalized_cross_entropy(S, Y, q=0.0), ValueError, "q"),
        (lambda: portloss.generalized_cross_entropy(S, T), ValueError, "target"),
        (lambda: portloss.multiclass_hinge_loss(S, Y + C), ValueError, "class indices"),
        (lambda: portloss.fenchel_young_loss(S, T, max_fun="entmax"), ValueError, "max_fun"),
        (lambda: portloss.softmax_cross_entropy(S, T, where=S), TypeError, "where"),
        (
            lambda: portloss.softmax_cross_entropy(S, T, where=np.ones((2, C), bool)),
            ValueError,
            "where",
        ),
        (lambda: portloss.perceptron_loss(S, T[:, :2]), ValueError, "target"),
    ],
)
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()
