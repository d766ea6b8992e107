"""The margin family: torch's five losses and the Keras / optax hinge losses.

torch.nn.functional is the oracle for the torch-named losses (computed inside each test
on the same seeded data). Keras' hinge, squared hinge and categorical hinge are written
out in NumPy here from Keras' source, and checked against optax and Keras themselves
where installed. No expected number is computed by portloss.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from _helpers import TOL
from _helpers import keras_oracle as _keras
from _helpers import torch_oracle as _torch
from conftest import get_backend

import portloss

N, C = 6, 4
REDUCTIONS = ("none", "mean", "sum")
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")


def _t(a, dtype="float64", grad=False):
    torch, _ = _torch()
    if np.asarray(a).dtype.kind in "iub":
        return torch.tensor(np.asarray(a))
    return torch.tensor(np.asarray(a, dtype=dtype)).requires_grad_(grad)


def scores(seed, shape=(N, C)):
    return 1.5 * np.random.default_rng(seed).standard_normal(shape)


def signs(seed, shape=(N, C)):
    return 2.0 * np.random.default_rng(seed).integers(0, 2, shape) - 1.0


def multilabel_lists(seed, shape=(N, C)):
    """torch's format: distinct classes, then -1, then anything in [-1, C)."""
    rng = np.random.default_rng(seed)
    rows = np.zeros((int(np.prod(shape[:-1])), shape[-1]), dtype=np.int64)
    for i, row in enumerate(rows):
        k = i % (C + 1)  # 0 (empty list) ... C (every class)
        row[:] = rng.integers(-1, C, C)
        row[:k] = rng.permutation(C)[:k]
        if k < C:
            row[k] = -1
    return rows.reshape(shape)


def check_dtype(backend, out, dtype):
    assert out.dtype == getattr(backend.xp, dtype), (out.dtype, dtype)


def run(backend, fn, arrays, dtype="float64", **kw):
    out = {}
    for r in REDUCTIONS:
        o = fn(*[backend.asarray(a) for a in arrays], reduction=r, **kw)
        check_dtype(backend, o, dtype)
        out[r] = backend.to_numpy(o)
    return out


def torch_all(tfn, arrays, dtype="float64", **kw):
    return {r: tfn(*[_t(a, dtype) for a in arrays], reduction=r, **kw).numpy() for r in REDUCTIONS}


def assert_all(got, expected, dtype="float64"):
    for r in REDUCTIONS:
        assert got[r].shape == expected[r].shape, r
        np.testing.assert_allclose(got[r], expected[r], **TOL[dtype], err_msg=r)


# --- torch's margin family --------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("shape", [(N, C), (C,), (2, 3, C)], ids=["batched", "unbatched", "kdim"])
def test_soft_margin_matches_torch(backend, dtype, shape):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    _, F = _torch()
    x, y = scores(1, shape).astype(dtype), signs(2, shape).astype(dtype)
    assert_all(
        run(backend, portloss.soft_margin_loss, (x, y), dtype),
        torch_all(F.soft_margin_loss, (x, y), dtype),
        dtype,
    )


def test_soft_margin_no_overflow(backend):
    _, F = _torch()
    x = np.array([100.0, -100.0, 1e4, 0.5], dtype=np.float32)
    y = np.array([-1.0, 1.0, -1.0, 1.0], dtype=np.float32)
    got = backend.to_numpy(
        portloss.soft_margin_loss(backend.asarray(x), backend.asarray(y), reduction="none")
    )
    np.testing.assert_allclose(got, [100.0, 100.0, 1e4, np.log1p(np.exp(-0.5))], rtol=1e-6)
    # torch's log1p(exp(-y x)) overflows here
    torch_loss = F.soft_margin_loss(_t(x, "float32"), _t(y, "float32"), reduction="none")
    assert torch_loss.isinf()[0]


@pytest.mark.parametrize("weight", [None, (C,), (N, C), (N, 1)], ids=str)
@pytest.mark.parametrize("shape", [(N, C), (C,)], ids=["batched", "unbatched"])
def test_multilabel_soft_margin_matches_torch(backend, weight, shape):
    if len(shape) == 1 and weight not in (None, (C,)):
        pytest.skip("a per-row weight needs a batch")
    _, F = _torch()
    x = scores(3, shape)
    y = np.random.default_rng(4).integers(0, 2, shape).astype(np.float64)
    w = None if weight is None else np.random.default_rng(5).uniform(0.2, 2, weight)
    got = run(
        backend,
        portloss.multilabel_soft_margin_loss,
        (x, y),
        weight=None if w is None else backend.asarray(w),
    )
    expected = torch_all(F.multilabel_soft_margin_loss, (x, y), weight=None if w is None else _t(w))
    assert_all(got, expected)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(
    ("p", "margin", "weighted"), [(1, 1.0, False), (2, 0.5, True), (1, 2.0, True)]
)
def test_multi_margin_matches_torch(backend, dtype, p, margin, weighted):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    _, F = _torch()
    x = scores(6).astype(dtype)
    y = np.random.default_rng(7).integers(0, C, N)
    w = np.random.default_rng(8).uniform(0.2, 2, C).astype(dtype) if weighted else None
    kw = {"p": p, "margin": margin}
    got = run(
        backend,
        portloss.multi_margin_loss,
        (x, y),
        dtype,
        weight=None if w is None else backend.asarray(w),
        **kw,
    )
    expected = torch_all(
        F.multi_margin_loss, (x, y), dtype, weight=None if w is None else _t(w, dtype), **kw
    )
    assert_all(got, expected, dtype)
    # unbatched
    got = portloss.multi_margin_loss(backend.asarray(x[0]), backend.asarray(y[0]), **kw)
    expected = F.multi_margin_loss(_t(x[0], dtype), _t(y[0]), **kw).numpy()
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL[dtype])


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_multilabel_margin_matches_torch(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")
    _, F = _torch()
    x = scores(9, (10, C)).astype(dtype)
    y = multilabel_lists(10, (10, C))  # empty lists, full lists, junk after -1
    assert_all(
        run(backend, portloss.multilabel_margin_loss, (x, y), dtype),
        torch_all(F.multilabel_margin_loss, (x, y), dtype),
        dtype,
    )
    got = portloss.multilabel_margin_loss(backend.asarray(x[3]), backend.asarray(y[3]))
    expected = F.multilabel_margin_loss(_t(x[3], dtype), _t(y[3])).numpy()
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL[dtype])


def test_multilabel_margin_repeated_classes_count_twice(backend):
    _, F = _torch()
    x = scores(11, (3, C))
    y = np.array([[2, 2, -1, 0], [1, 3, 1, -1], [0, 0, 0, 0]])
    expected = F.multilabel_margin_loss(_t(x), _t(y), reduction="none").numpy()
    got = portloss.multilabel_margin_loss(backend.asarray(x), backend.asarray(y), reduction="none")
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])


@pytest.mark.parametrize("margin", [1.0, 0.3, -0.5])
def test_hinge_embedding_matches_torch(backend, margin):
    _, F = _torch()
    x = np.abs(scores(12))
    y = signs(13)
    y[0, 0] = 0.0  # neither label: torch adds both terms
    assert_all(
        run(backend, portloss.hinge_embedding_loss, (x, y), margin=margin),
        torch_all(F.hinge_embedding_loss, (x, y), margin=margin),
    )


# --- Keras / optax hinge losses ---------------------------------------------------------


def keras_labels(y):
    """keras.src.losses.losses._maybe_convert_labels."""
    return 2.0 * y - 1.0 if np.all((y == 0) | (y == 1)) else y


def np_hinge(x, y):
    return np.maximum(1.0 - keras_labels(y) * x, 0.0)


def np_categorical_hinge(x, t):
    pos = (t * x).sum(-1)
    neg = ((1.0 - t) * x).max(-1)
    return np.maximum(neg - pos + 1.0, 0.0)


def expected_reductions(loss, s=None):
    s = np.ones_like(loss) if s is None else np.broadcast_to(s.astype(np.float64), loss.shape)
    return {"none": s * loss, "mean": (s * loss).sum() / s.sum(), "sum": (s * loss).sum()}


@pytest.mark.parametrize("labels", ["01", "signed", "bool", "int01"])
def test_hinge_and_squared_hinge_match_keras_formula(backend, labels):
    x = scores(14)
    raw = np.random.default_rng(15).integers(0, 2, (N, C))
    y = {
        "01": raw.astype(np.float64),
        "signed": 2.0 * raw - 1.0,
        "bool": raw.astype(bool),
        "int01": raw,
    }[labels]
    h = np_hinge(x, y.astype(np.float64))
    assert_all(run(backend, portloss.hinge_loss, (x, y)), expected_reductions(h))
    assert_all(run(backend, portloss.squared_hinge_loss, (x, y)), expected_reductions(h**2))


def test_hinge_other_labels_are_not_converted(backend):
    """Only all-{0, 1} labels are mapped (Keras); {-1, 0, 1} stays as given."""
    x = scores(16)
    y = np.random.default_rng(17).integers(-1, 2, (N, C)).astype(np.float64)
    y[0, :3] = [-1.0, 0.0, 1.0]
    got = portloss.hinge_loss(backend.asarray(x), backend.asarray(y), reduction="none")
    np.testing.assert_allclose(backend.to_numpy(got), np.maximum(1 - y * x, 0), **TOL["float64"])


@pytest.mark.parametrize("form", ["one-hot", "index", "index-axis0"])
def test_categorical_hinge_matches_keras_formula(backend, form):
    x = scores(18)
    t = np.random.default_rng(19).integers(0, C, N)
    onehot = np.eye(C)[t]
    expected = expected_reductions(np_categorical_hinge(x, onehot))
    if form == "one-hot":
        got = run(backend, portloss.categorical_hinge_loss, (x, onehot))
    elif form == "index":
        got = run(backend, portloss.categorical_hinge_loss, (x, t))
    else:
        got = run(backend, portloss.categorical_hinge_loss, (x.T.copy(), t), axis=0)
    assert_all(got, expected)


def test_keras_hinge_losses_sample_weight(backend):
    x = scores(20)
    y = signs(21)
    s = np.random.default_rng(22).uniform(0, 2, (N, 1))
    got = run(backend, portloss.hinge_loss, (x, y), sample_weight=backend.asarray(s))
    assert_all(got, expected_reductions(np_hinge(x, y), s))
    t = np.random.default_rng(23).integers(0, C, N)
    s1 = s[:, 0]
    got = run(backend, portloss.categorical_hinge_loss, (x, t), sample_weight=backend.asarray(s1))
    assert_all(got, expected_reductions(np_categorical_hinge(x, np.eye(C)[t]), s1))


def test_hinge_matches_optax():
    optax = pytest.importorskip("optax")
    backend = get_backend("jax")
    x, y = scores(24), signs(25)
    expected = np.asarray(optax.losses.hinge_loss(backend.asarray(x), backend.asarray(y)))
    got = portloss.hinge_loss(backend.asarray(x), backend.asarray(y), reduction="none")
    np.testing.assert_allclose(np.asarray(got), expected, **TOL["float64"])


def test_hinge_losses_match_keras():
    keras = _keras()
    x = scores(26).astype(np.float32)
    y01 = np.random.default_rng(27).integers(0, 2, (N, C)).astype(np.float32)
    onehot = np.eye(C, dtype=np.float32)[np.random.default_rng(28).integers(0, C, N)]
    for loss, ours, target in (
        (keras.losses.Hinge(), portloss.hinge_loss, y01),
        (keras.losses.SquaredHinge(), portloss.squared_hinge_loss, y01),
        (keras.losses.CategoricalHinge(), portloss.categorical_hinge_loss, onehot),
    ):
        expected = float(np.asarray(loss(target, x)))
        np.testing.assert_allclose(
            ours(x, target), expected, rtol=1e-5, err_msg=type(loss).__name__
        )


# --- gradients, jit ---------------------------------------------------------------------

GRAD_CASES = {
    "soft_margin": lambda F: (F.soft_margin_loss, portloss.soft_margin_loss, "signs", {}),
    "multilabel_soft_margin": lambda F: (
        F.multilabel_soft_margin_loss,
        portloss.multilabel_soft_margin_loss,
        "binary",
        {},
    ),
    "multi_margin": lambda F: (
        F.multi_margin_loss,
        portloss.multi_margin_loss,
        "index",
        {"p": 2, "margin": 0.7},
    ),
    "multilabel_margin": lambda F: (
        F.multilabel_margin_loss,
        portloss.multilabel_margin_loss,
        "lists",
        {},
    ),
    "hinge_embedding": lambda F: (
        F.hinge_embedding_loss,
        portloss.hinge_embedding_loss,
        "signs",
        {"margin": 0.5},
    ),
}


def _targets(kind):
    return {
        "signs": lambda: signs(30),
        "binary": lambda: (signs(30) > 0).astype(np.float64),
        "index": lambda: np.random.default_rng(30).integers(0, C, N),
        "lists": lambda: multilabel_lists(30),
    }[kind]()


@pytest.mark.parametrize("backend_name", AUTODIFF_BACKENDS)
@pytest.mark.parametrize("name", list(GRAD_CASES))
def test_gradients_match_torch(backend_name, name):
    backend = get_backend(backend_name)
    _, F = _torch()
    tfn, fn, kind, kw = GRAD_CASES[name](F)
    x, y = scores(31), _targets(kind)
    tx = _t(x, grad=True)
    tfn(tx, _t(y), **kw).backward()
    g = backend.grad(functools.partial(fn, **kw), [backend.asarray(x), backend.asarray(y)])
    np.testing.assert_allclose(backend.to_numpy(g), tx.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_jax_jit_multilabel_margin_has_no_data_dependent_shapes():
    backend = get_backend("jax")
    _, F = _torch()
    import jax

    x, y = scores(32, (10, C)), multilabel_lists(33, (10, C))
    expected = F.multilabel_margin_loss(_t(x), _t(y), reduction="none").numpy()
    fn = functools.partial(portloss.multilabel_margin_loss, reduction="none")
    got = jax.jit(fn)(backend.asarray(x), backend.asarray(y))
    np.testing.assert_allclose(np.asarray(got), expected, **TOL["float64"])
    # Keras' label conversion decides on the traced array, inside the compiled function
    labels = (y >= 0).astype(np.float64)
    hinge = jax.jit(portloss.hinge_loss)(backend.asarray(x), backend.asarray(labels))
    np.testing.assert_allclose(np.asarray(hinge), np_hinge(x, labels).mean(), **TOL["float64"])


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
def test_low_precision_computed_in_float32(backend, low):
    if low not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {low}")
    _, F = _torch()
    xp = backend.xp
    X = xp.astype(backend.asarray(scores(34).astype(np.float32)), getattr(xp, low))
    x32 = backend.to_numpy(X).astype(np.float32)
    y = np.random.default_rng(35).integers(0, C, N)
    rtol = 2.0**-10 if low == "float16" else 2.0**-7
    out = portloss.multi_margin_loss(X, backend.asarray(y))
    assert out.dtype == getattr(xp, low)
    expected = F.multi_margin_loss(_t(x32, "float32"), _t(y)).numpy()
    np.testing.assert_allclose(backend.to_numpy(out).astype(np.float32), expected, rtol=rtol)


# --- errors -----------------------------------------------------------------------------


def test_errors():
    x, y = scores(36), signs(37)
    t = np.random.default_rng(38).integers(0, C, N)
    with pytest.raises(ValueError, match=r"target must have the shape of input, \(6, 4\)"):
        portloss.soft_margin_loss(x, y[:, :2])
    with pytest.raises(ValueError, match="p must be 1 or 2, got 3"):
        portloss.multi_margin_loss(x, t, p=3)
    with pytest.raises(ValueError, match=r"input must have shape \(C,\) or \(N, C\)"):
        portloss.multi_margin_loss(np.zeros((2, 3, C)), np.zeros((2, 3), dtype=np.int64))
    with pytest.raises(ValueError, match=r"target must hold class indices in \[0, 4\)"):
        portloss.multi_margin_loss(x, np.full(N, 4))
    with pytest.raises(ValueError, match=r"weight must have shape \(4,\)"):
        portloss.multi_margin_loss(x, t, weight=np.ones(3))
    with pytest.raises(TypeError, match="target must hold class indices with an integer dtype"):
        portloss.multilabel_margin_loss(x, y)
    with pytest.raises(ValueError, match=r"target must hold class indices in \[0, 4\) or -1"):
        portloss.multilabel_margin_loss(x, np.full((N, C), -2))
    with pytest.raises(ValueError, match=r"weight must broadcast to input's shape"):
        portloss.multilabel_soft_margin_loss(x, (y > 0).astype(float), weight=np.ones(N))
    with pytest.raises(ValueError, match="at least one dimension"):
        portloss.multilabel_soft_margin_loss(np.zeros(()), np.zeros(()))
    with pytest.raises(TypeError, match="margin must be a real number"):
        portloss.hinge_embedding_loss(x, y, margin="1")
    with pytest.raises(ValueError, match="reduction must be one of"):
        portloss.hinge_loss(x, y, reduction="batchmean")
    with pytest.raises(ValueError, match="pass axis=0"):
        portloss.categorical_hinge_loss(x.T.copy(), t)


def test_out_of_range_targets_give_nan_without_host_sync():
    torch, _ = _torch()
    x = torch.tensor(scores(39))
    out = portloss.multi_margin_loss(x, torch.tensor([0, 1, 7, 2, 3, 0]), reduction="none")
    assert torch.isnan(out[2])
    assert torch.isfinite(out[[0, 1, 3, 4, 5]]).all()
    y = torch.tensor(multilabel_lists(40))
    y[1, 0] = 9
    out = portloss.multilabel_margin_loss(x, y, reduction="none")
    assert torch.isnan(out[1])
    assert torch.isfinite(out[[0, 2, 3, 4, 5]]).all()
    out = portloss.categorical_hinge_loss(x, torch.tensor([0, 1, 5, 2, 3, 0]), reduction="none")
    assert torch.isnan(out[2])
