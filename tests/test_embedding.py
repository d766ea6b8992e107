"""Embedding, similarity and ranking losses against torch, Keras and optax, on every backend.

torch.nn.functional is the oracle for cosine_embedding_loss, margin_ranking_loss,
triplet_margin_loss and triplet_margin_with_distance_loss; Keras' CosineSimilarity
formula (written in NumPy here, and Keras itself when installed) for
cosine_similarity_loss; ``optax.losses.ntxent`` for ntxent_loss (skipped without optax).
Every expected number is computed inside the test, never by portloss.
"""

from __future__ import annotations

import math
import os

import array_api_compat
import numpy as np
import pytest
from _helpers import TOL
from _helpers import torch_oracle as _torch

import portloss

N, D = 6, 5
REDUCTIONS = ("none", "mean", "sum")


def _t(a, dtype="float64", grad=False):
    torch, _ = _torch()
    a = np.asarray(a)
    if a.dtype.kind in "iu":
        return torch.tensor(a)
    return torch.tensor(a.astype(dtype)).requires_grad_(grad)


def _skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


def _as(backend, a, dtype="float64"):
    a = np.asarray(a)
    return backend.asarray(a if a.dtype.kind in "iub" else a.astype(dtype))


def _check(backend, out, expected, dtype, msg=""):
    assert out.dtype == getattr(backend.xp, dtype), (out.dtype, dtype)
    got = backend.to_numpy(out)
    assert got.shape == np.shape(expected), (msg, got.shape, np.shape(expected))
    np.testing.assert_allclose(got, expected, **TOL[dtype], err_msg=msg)


def embeddings(*shape, seed=0, count=2):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for _ in range(count)]


def signs(*shape, seed=1, zeros=False):
    values = [-1, 0, 1] if zeros else [-1, 1]
    return np.random.default_rng(seed).choice(np.array(values), size=shape)


def torch_call(name, arrays, dtype="float64", **options):
    _, F = _torch()
    return getattr(F, name)(*[_t(a, dtype) for a in arrays], **options).detach().numpy()


# ------------------------------------------------------------- cosine embedding loss

COSINE_CASES = [
    ((N, D), 0.0, False, "float64"),
    ((N, D), 0.3, True, "float64"),
    ((N, D), -0.2, False, "float32"),
    ((D,), 0.1, False, "float64"),
]


@pytest.mark.parametrize(("shape", "margin", "zeros", "dtype"), COSINE_CASES)
def test_cosine_embedding_loss_matches_torch(backend, shape, margin, zeros, dtype):
    _skip_dtype(backend, dtype)
    x1, x2 = embeddings(*shape)
    x2[0] = 0.0  # a zero vector: torch's epsilon keeps the cosine finite
    y = signs(*shape[:-1], zeros=zeros)
    for target in (y, y.astype(np.float64)):
        for reduction in REDUCTIONS:
            expected = torch_call(
                "cosine_embedding_loss", (x1, x2, target), dtype, margin=margin, reduction=reduction
            )
            out = portloss.cosine_embedding_loss(
                _as(backend, x1, dtype),
                _as(backend, x2, dtype),
                _as(backend, target, dtype),
                margin=margin,
                reduction=reduction,
            )
            _check(backend, out, expected, dtype, reduction)


def test_cosine_embedding_loss_more_batch_dimensions(backend):
    """(3, 4, D) equals torch on the flattened (12, D) batch; sample_weight per element."""
    x1, x2 = embeddings(3, 4, D, seed=2)
    y = signs(3, 4, seed=3)
    flat = torch_call(
        "cosine_embedding_loss",
        (x1.reshape(12, D), x2.reshape(12, D), y.reshape(12)),
        reduction="none",
    ).reshape(3, 4)
    args = [backend.asarray(a) for a in (x1, x2, y)]
    _check(backend, portloss.cosine_embedding_loss(*args, reduction="none"), flat, "float64")
    s = np.random.default_rng(4).uniform(0.0, 2.0, (3, 1))
    out = portloss.cosine_embedding_loss(*args, sample_weight=backend.asarray(s))
    _check(backend, out, np.sum(s * flat) / np.sum(s * np.ones((3, 4))), "float64")


# ----------------------------------------------------------------- margin ranking loss


@pytest.mark.parametrize(
    ("shape", "margin", "dtype"),
    [((N,), 0.0, "float64"), ((N, D), 0.5, "float64"), ((N, D), 0.2, "float32")],
)
def test_margin_ranking_loss_matches_torch(backend, shape, margin, dtype):
    _skip_dtype(backend, dtype)
    x1, x2 = embeddings(*shape, seed=5)
    y = signs(*shape, seed=6).astype(np.float64)
    for reduction in REDUCTIONS:
        expected = torch_call(
            "margin_ranking_loss", (x1, x2, y), dtype, margin=margin, reduction=reduction
        )
        args = [_as(backend, a, dtype) for a in (x1, x2, y)]
        _check(
            backend,
            portloss.margin_ranking_loss(*args, margin=margin, reduction=reduction),
            expected,
            dtype,
            reduction,
        )
    # integer targets give the same numbers
    args = [_as(backend, x1, dtype), _as(backend, x2, dtype), backend.asarray(y.astype(np.int64))]
    _check(
        backend,
        portloss.margin_ranking_loss(*args, margin=margin),
        torch_call("margin_ranking_loss", (x1, x2, y), dtype, margin=margin),
        dtype,
    )


# ---------------------------------------------------------------------- triplet losses

TRIPLET_CASES = [
    ({}, (N, D), "float64"),
    ({"p": 1.0, "swap": True}, (N, D), "float64"),
    ({"p": 3.0, "eps": 0.0, "margin": 2.0}, (N, D), "float64"),
    ({"p": 0.5, "margin": 0.5}, (N, D), "float64"),
    ({"p": math.inf, "swap": True}, (N, D), "float64"),
    ({"margin": 3.0, "swap": True}, (D,), "float64"),
    ({"p": 1.5, "swap": True, "margin": 0.7}, (N, D), "float32"),
]


@pytest.mark.parametrize(("options", "shape", "dtype"), TRIPLET_CASES)
def test_triplet_margin_loss_matches_torch(backend, options, shape, dtype):
    _skip_dtype(backend, dtype)
    arrays = embeddings(*shape, seed=7, count=3)
    for reduction in REDUCTIONS:
        expected = torch_call("triplet_margin_loss", arrays, dtype, reduction=reduction, **options)
        out = portloss.triplet_margin_loss(
            *[_as(backend, a, dtype) for a in arrays], reduction=reduction, **options
        )
        _check(backend, out, expected, dtype, reduction)


def l1_distance(x1, x2):
    """An Array API distance: the same function runs on every backend and on torch."""
    xp = array_api_compat.array_namespace(x1, x2)
    return xp.sum(xp.abs(x1 - x2), axis=-1)


def cosine_distance(x1, x2):
    xp = array_api_compat.array_namespace(x1, x2)
    dot = xp.sum(x1 * x2, axis=-1)
    return 1.0 - dot / xp.sqrt(xp.sum(x1 * x1, axis=-1) * xp.sum(x2 * x2, axis=-1))


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"margin": 0.3, "swap": True},
        {"distance_function": l1_distance, "margin": 2.0},
        {"distance_function": cosine_distance, "swap": True, "margin": 0.5},
    ],
    ids=["default", "swap", "l1", "cosine-swap"],
)
def test_triplet_margin_with_distance_loss_matches_torch(backend, options):
    arrays = embeddings(N, D, seed=8, count=3)
    for reduction in REDUCTIONS:
        expected = torch_call(
            "triplet_margin_with_distance_loss", arrays, reduction=reduction, **options
        )
        out = portloss.triplet_margin_with_distance_loss(
            *map(backend.asarray, arrays), reduction=reduction, **options
        )
        _check(backend, out, expected, "float64", reduction)


def test_triplet_default_distance_is_triplet_margin_loss(backend):
    arrays = [backend.asarray(a) for a in embeddings(N, D, seed=9, count=3)]
    s = backend.asarray(np.random.default_rng(10).uniform(0.0, 2.0, N))
    a = portloss.triplet_margin_with_distance_loss(*arrays, swap=True, sample_weight=s)
    b = portloss.triplet_margin_loss(*arrays, swap=True, sample_weight=s)
    np.testing.assert_allclose(backend.to_numpy(a), backend.to_numpy(b), rtol=1e-14)


# -------------------------------------------------------------- cosine similarity loss


def keras_cosine_similarity(y_true, y_pred, axis=-1):
    """Keras 3: -sum(l2_normalize(y_true) * l2_normalize(y_pred)); x * min(rsqrt(|x|^2), 1/eps)."""

    def normalize(x):
        return x * np.minimum(1.0 / np.sqrt(np.sum(x * x, axis=axis, keepdims=True)), 1e7)

    with np.errstate(divide="ignore"):
        return -np.sum(normalize(y_true) * normalize(y_pred), axis=axis)


@pytest.mark.parametrize(("axis", "dtype"), [(-1, "float64"), (0, "float64"), (-1, "float32")])
def test_cosine_similarity_loss_matches_keras_formula(backend, axis, dtype):
    _skip_dtype(backend, dtype)
    x, y = embeddings(N, D, seed=11)
    y[1] = 0.0  # a zero row: loss 0
    x[2] = 1e-9  # a tiny row: its norm floored at 1e-7
    expected = keras_cosine_similarity(y, x, axis)
    w = np.random.default_rng(12).uniform(0.0, 2.0, expected.shape)
    for reduction, value in (
        ("none", expected),
        ("mean", expected.mean()),
        ("sum", expected.sum()),
    ):
        out = portloss.cosine_similarity_loss(
            _as(backend, x, dtype), _as(backend, y, dtype), axis=axis, reduction=reduction
        )
        _check(backend, out, value, dtype, reduction)
    out = portloss.cosine_similarity_loss(
        _as(backend, x, dtype),
        _as(backend, y, dtype),
        axis=axis,
        sample_weight=_as(backend, w, dtype),
    )
    _check(backend, out, np.sum(w * expected) / np.sum(w), dtype)


def test_cosine_similarity_loss_matches_keras_itself():
    os.environ.setdefault("KERAS_BACKEND", "numpy")
    keras = pytest.importorskip("keras")
    x, y = (a.astype(np.float32) for a in embeddings(N, D, seed=13))
    expected = np.asarray(keras.losses.cosine_similarity(y, x))
    np.testing.assert_allclose(
        portloss.cosine_similarity_loss(x, y, reduction="none"), expected, rtol=1e-5, atol=1e-6
    )
    expected = float(keras.losses.CosineSimilarity()(y, x))
    np.testing.assert_allclose(
        portloss.cosine_similarity_loss(x, y), expected, rtol=1e-5, atol=1e-6
    )


# --------------------------------------------------------------------------- NT-Xent


def optax_ntxent(e, labels, temperature=0.07, grad=False):
    """optax.losses.ntxent in float64 (value, and its jax.grad when ``grad``)."""
    pytest.importorskip("optax")
    pytest.importorskip("jax")
    key = (e.tobytes(), e.shape, labels.tobytes(), float(temperature), grad)
    if key not in _OPTAX:  # one optax run per input, shared by the backends
        _OPTAX[key] = _optax_ntxent(e, labels, temperature, grad)
    return _OPTAX[key]


_OPTAX: dict = {}


def _optax_ntxent(e, labels, temperature, grad):
    import jax
    import jax.numpy as jnp
    import optax

    jax.config.update("jax_enable_x64", True)

    def fn(a, t):
        return optax.losses.ntxent(a, jnp.asarray(labels), t)

    # jit: one compilation instead of one per eager operation
    fn = jax.jit(jax.grad(fn) if grad else fn)
    return np.asarray(fn(jnp.asarray(e, dtype=jnp.float64), temperature))


NTXENT_LABELS = {
    "pairs": np.array([0, 0, 1, 1, 2, 2]),
    "groups": np.array([3, 1, 3, 1, 3, 7]),  # a group of three, a singleton anchor
    "two": np.array([0, 1, 0, 1, 0, 1]),
}


@pytest.mark.parametrize("labels", list(NTXENT_LABELS))
@pytest.mark.parametrize("temperature", [0.07, 0.5, 2.0])
def test_ntxent_loss_matches_optax(backend, labels, temperature):
    (e,) = embeddings(N, D, seed=14, count=1)
    y = NTXENT_LABELS[labels]
    expected = optax_ntxent(e, y, temperature)
    out = portloss.ntxent_loss(backend.asarray(e), backend.asarray(y), temperature=temperature)
    _check(backend, out, expected, "float64")
    if "float32" in backend.dtypes:
        out = portloss.ntxent_loss(
            _as(backend, e, "float32"), backend.asarray(y), temperature=temperature
        )
        _check(backend, out, np.float32(expected), "float32")


def test_ntxent_loss_reductions_and_weights(backend):
    """none: the pair losses (0 off positive pairs); mean over the positive pairs is optax's."""
    (e,) = embeddings(N, D, seed=15, count=1)
    y = NTXENT_LABELS["groups"]
    pairs = backend.to_numpy(
        portloss.ntxent_loss(backend.asarray(e), backend.asarray(y), reduction="none")
    )
    positive = (y[:, None] == y[None, :]) & ~np.eye(N, dtype=bool)
    assert pairs.shape == (N, N)
    assert (pairs[~positive] == 0).all()
    assert (pairs[positive] > 0).all()
    np.testing.assert_allclose(pairs[positive].mean(), optax_ntxent(e, y), **TOL["float64"])
    total = portloss.ntxent_loss(backend.asarray(e), backend.asarray(y), reduction="sum")
    np.testing.assert_allclose(backend.to_numpy(total), pairs.sum(), **TOL["float64"])
    s = np.random.default_rng(16).uniform(0.0, 2.0, (N, 1))
    out = portloss.ntxent_loss(
        backend.asarray(e), backend.asarray(y), sample_weight=backend.asarray(s)
    )
    np.testing.assert_allclose(
        backend.to_numpy(out), np.sum(s * pairs) / np.sum(s * positive), **TOL["float64"]
    )


def test_ntxent_loss_without_positive_pairs_is_nan():
    (e,) = embeddings(N, D, seed=17, count=1)
    y = np.arange(N)
    assert np.isnan(optax_ntxent(e, y))
    assert np.isnan(portloss.ntxent_loss(e, y))
    assert np.isnan(portloss.ntxent_loss(e[:1], y[:1]))
    assert portloss.ntxent_loss(e, y, reduction="sum") == 0.0


def test_ntxent_loss_gradient_matches_optax(backend):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    (e,) = embeddings(N, D, seed=18, count=1)
    e[3] = 0.0  # a zero embedding: norm floored at machine epsilon, gradient finite
    y = NTXENT_LABELS["groups"]
    expected = optax_ntxent(e, y, 0.1, grad=True)
    labels = backend.asarray(y)
    got = backend.grad(
        lambda a: portloss.ntxent_loss(a, labels, temperature=0.1), [backend.asarray(e)]
    )
    got = backend.to_numpy(got)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


# -------------------------------------------------------------------------- gradients


def _torch_grads(name, arrays, argnums, **options):
    _, F = _torch()
    ts = [_t(a, grad=i in argnums) for i, a in enumerate(arrays)]
    getattr(F, name)(*ts, **options).sum().backward()
    return [ts[i].grad.numpy() for i in argnums]


@pytest.mark.parametrize(
    ("name", "options", "argnums"),
    [
        ("cosine_embedding_loss", {"margin": 0.1}, (0, 1)),
        ("margin_ranking_loss", {"margin": 0.5}, (0, 1)),
        ("triplet_margin_loss", {"swap": True}, (0, 1, 2)),
        ("triplet_margin_loss", {"p": 1.0}, (0, 1, 2)),
        ("triplet_margin_with_distance_loss", {"distance_function": l1_distance}, (0, 1, 2)),
    ],
)
def test_gradients_match_torch(backend, name, options, argnums):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    if name == "cosine_embedding_loss":
        arrays = [*embeddings(N, D, seed=19), signs(N, seed=20, zeros=True)]
        arrays[1][0] = 0.0
    elif name == "margin_ranking_loss":
        x1, x2 = embeddings(N, seed=21)
        x2[:2] = x1[:2] + 0.5  # hinge exactly at 0: torch's clamp_min passes the gradient
        arrays = [x1, x2, np.ones(N)]
    else:
        arrays = embeddings(N, D, seed=22, count=3)
        arrays[1][0] = arrays[0][0] - 1e-6  # a zero difference after torch's eps
    expected = _torch_grads(name, arrays, argnums, reduction="sum", **options)
    fn = getattr(portloss, name)
    backend_arrays = [backend.asarray(a) for a in arrays]
    for argnum, want in zip(argnums, expected):
        got = backend.grad(lambda *a: fn(*a, reduction="sum", **options), backend_arrays, argnum)
        got = backend.to_numpy(got)
        assert np.isfinite(got).all()
        # rtol 1e-7: the zero vector's cosine gradient is ~1e6 (torch's epsilon is 1e-12)
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-12, err_msg=f"argument {argnum}")


def test_cosine_similarity_loss_gradient_is_finite_at_zero(backend):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x, y = embeddings(N, D, seed=23)
    x[0] = 0.0
    y[1] = 0.0
    for argnum in (0, 1):
        g = backend.grad(
            portloss.cosine_similarity_loss, [backend.asarray(x), backend.asarray(y)], argnum
        )
        assert np.isfinite(backend.to_numpy(g)).all()


def test_jit_matches_eager(backend):
    if not backend.jit:
        pytest.skip(f"{backend.name} has no jit")
    x1, x2, x3 = (backend.asarray(a) for a in embeddings(N, D, seed=24, count=3))
    y = backend.asarray(signs(N, seed=25))
    labels = backend.asarray(NTXENT_LABELS["pairs"])
    calls = [
        (lambda a, b, t: portloss.cosine_embedding_loss(a, b, t, reduction="none"), (x1, x2, y)),
        (lambda a, b: portloss.margin_ranking_loss(a, b, -b, reduction="none"), (x1, x2)),
        (
            lambda a, b, c: portloss.triplet_margin_loss(a, b, c, swap=True, reduction="none"),
            (x1, x2, x3),
        ),
        (
            lambda a, b, c: portloss.triplet_margin_with_distance_loss(
                a, b, c, distance_function=l1_distance
            ),
            (x1, x2, x3),
        ),
        (lambda a, b: portloss.cosine_similarity_loss(a, b, reduction="none"), (x1, x2)),
        (lambda a, t: portloss.ntxent_loss(a, t, reduction="none"), (x1, labels)),
    ]
    for fn, arrays in calls:
        np.testing.assert_allclose(
            backend.to_numpy(backend.jit_call(fn, list(arrays))),
            backend.to_numpy(fn(*arrays)),
            rtol=1e-12,
            atol=1e-14,
        )


def test_half_precision(backend):
    if "float16" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float16")
    x1, x2, x3 = (a.astype(np.float16) for a in embeddings(N, D, seed=26, count=3))
    y = signs(N, seed=27)
    labels = NTXENT_LABELS["pairs"]
    for fn, arrays in (
        (portloss.cosine_embedding_loss, (x1, x2, y)),
        (portloss.margin_ranking_loss, (x1, x2, np.sign(x3))),
        (portloss.triplet_margin_loss, (x1, x2, x3)),
        (portloss.cosine_similarity_loss, (x1, x2)),
        (portloss.ntxent_loss, (x1, labels)),
    ):
        out = fn(*[backend.asarray(a) for a in arrays])
        assert out.dtype == backend.xp.float16
        expected = fn(*[a.astype(np.float32) if a.dtype == np.float16 else a for a in arrays])
        np.testing.assert_allclose(
            np.float32(backend.to_numpy(out)), expected, rtol=1e-2, atol=1e-3
        )


# ------------------------------------------------------------------------------ errors


def test_shape_errors(backend):
    x = backend.asarray(np.ones((N, D)))
    with pytest.raises(
        ValueError, match=r"input2 must have the shape of input1, \(6, 5\), got shape \(6, 4\)"
    ):
        portloss.cosine_embedding_loss(
            x, backend.asarray(np.ones((N, D - 1))), backend.asarray(np.ones(N))
        )
    with pytest.raises(
        ValueError,
        match=r"target must have shape \(6,\) \(input1's shape \(6, 5\) without the feature axis\), got shape \(6, 5\)",
    ):
        portloss.cosine_embedding_loss(x, x, x)
    with pytest.raises(ValueError, match="input1 must have at least one dimension"):
        portloss.cosine_embedding_loss(*(backend.asarray(np.ones(())),) * 3)
    with pytest.raises(
        ValueError, match=r"target must have the shape of input1, \(6, 5\), got shape \(6,\)"
    ):
        portloss.margin_ranking_loss(x, x, backend.asarray(np.ones(N)))
    with pytest.raises(
        ValueError, match=r"negative must have the shape of anchor, \(6, 5\), got shape \(1, 5\)"
    ):
        portloss.triplet_margin_loss(x, x, backend.asarray(np.ones((1, D))))
    with pytest.raises(ValueError, match=r"positive must have the shape of anchor"):
        portloss.triplet_margin_with_distance_loss(x, backend.asarray(np.ones((N, D, 1))), x)
    with pytest.raises(ValueError, match=r"target must have the shape of input"):
        portloss.cosine_similarity_loss(x, backend.asarray(np.ones((D, N))))
    with pytest.raises(ValueError, match=r"embeddings must have shape \(N, D\), got shape \(6,\)"):
        portloss.ntxent_loss(backend.asarray(np.ones(N)), backend.asarray(np.arange(N)))
    with pytest.raises(
        ValueError,
        match=r"labels must have shape \(6,\), one label per embedding, got shape \(5,\)",
    ):
        portloss.ntxent_loss(x, backend.asarray(np.arange(N - 1)))
    with pytest.raises(
        ValueError, match=r"sample_weight must broadcast to the unreduced loss of shape \(6,\)"
    ):
        portloss.triplet_margin_loss(x, x, x, sample_weight=backend.asarray(np.ones((N, 1))))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda x, y: portloss.cosine_embedding_loss(x, x, y, margin="0"),
            TypeError,
            "margin must be a real number",
        ),
        (
            lambda x, y: portloss.cosine_embedding_loss(x, x, y, reduction="batchmean"),
            ValueError,
            "reduction must be one of",
        ),
        (
            lambda x, y: portloss.margin_ranking_loss(x, x, x, margin=None),
            TypeError,
            "margin must be a real number",
        ),
        (lambda x, y: portloss.triplet_margin_loss(x, x, x, p=0), ValueError, "p must be > 0"),
        (lambda x, y: portloss.triplet_margin_loss(x, x, x, p=-1.0), ValueError, "p must be > 0"),
        (
            lambda x, y: portloss.triplet_margin_loss(x, x, x, eps=-1e-6),
            ValueError,
            "eps must be >= 0",
        ),
        (
            lambda x, y: portloss.triplet_margin_loss(x, x, x, swap=1),
            TypeError,
            "swap must be True or False",
        ),
        (
            lambda x, y: portloss.triplet_margin_with_distance_loss(x, x, x, margin=0.0),
            ValueError,
            "margin must be > 0",
        ),
        (
            lambda x, y: portloss.triplet_margin_with_distance_loss(
                x, x, x, distance_function="l2"
            ),
            TypeError,
            "distance_function must be a callable",
        ),
        (
            lambda x, y: portloss.triplet_margin_with_distance_loss(
                x, x, x, distance_function=lambda a, b: 1.0
            ),
            TypeError,
            "must return an array of the inputs' library",
        ),
        (
            lambda x, y: portloss.cosine_similarity_loss(x, x, axis=2),
            ValueError,
            "axis=2 is out of range",
        ),
        (
            lambda x, y: portloss.cosine_similarity_loss(x, x, eps=-1.0),
            ValueError,
            "eps must be >= 0",
        ),
        (
            lambda x, y: portloss.ntxent_loss(x, y, temperature=0.0),
            ValueError,
            "temperature must be > 0",
        ),
        (
            lambda x, y: portloss.ntxent_loss(x, y * 1.0),
            TypeError,
            "labels must have an integer dtype",
        ),
        (
            lambda x, y: portloss.ntxent_loss(x.astype(np.int64), y),
            TypeError,
            "embeddings must have a real floating dtype",
        ),
        (
            lambda x, y: portloss.triplet_margin_loss(x, x, x.astype(np.int64)),
            TypeError,
            "negative must have a real floating dtype",
        ),
        (
            lambda x, y: portloss.cosine_embedding_loss(x, x, y.astype(bool)),
            TypeError,
            "target must have a real floating or integer dtype",
        ),
    ],
)
def test_option_and_dtype_errors(call, error, match):
    x, y = np.ones((N, D)), np.arange(N) % 2
    with pytest.raises(error, match=match):
        call(x, y)


def test_distance_function_returning_mismatched_shapes():
    x = np.ones((N, D))
    calls = iter([np.ones(N), np.ones((N, 1))])
    with pytest.raises(
        ValueError,
        match=r"distances of shape \(6,\) for the positives and \(6, 1\) for the negatives",
    ):
        portloss.triplet_margin_with_distance_loss(
            x, x, x, distance_function=lambda a, b: next(calls)
        )


def test_mixed_libraries_are_an_error():
    torch, _ = _torch()
    x = np.ones((N, D))
    with pytest.raises(TypeError, match="anchor is a numpy array but negative is a torch array"):
        portloss.triplet_margin_loss(x, x, torch.ones(N, D))
    with pytest.raises(TypeError, match="embeddings is a numpy array but labels is a torch array"):
        portloss.ntxent_loss(x, torch.arange(N))
