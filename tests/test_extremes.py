"""Extreme inputs: huge logits, probabilities at exactly 0 and 1, empty and all-ignored
batches, half precision. No inf/NaN in values or gradients unless the documented
semantics say so, and then exactly the documented value.

The value-level tests run on every installed backend (the ``backend`` fixture: NumPy,
array-api-strict, torch, JAX and Dask take different fast paths); gradients are checked
on the autodiff backends; torch.nn.functional serves as an oracle where torch is
installed.
"""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest

import portloss
from conformance.cases import all_cases
from tests._helpers import public_function

RNG_SEED = 1234


def _rng():
    return np.random.default_rng(RNG_SEED)


def _signs(shape):
    return np.where(_rng().uniform(size=shape) < 0.5, -1.0, 1.0)


def _onehot(idx, c):
    return np.eye(c)[idx]


# name -> builder(scale) returning (args as float64 numpy, options); the first argument is
# the logit-like input scaled to +-scale.
N, C = 6, 4


def _logit_losses():
    r = _rng()
    idx = r.integers(0, C, (N,))
    bin_t = r.integers(0, 2, (N, C)).astype(np.float64)
    pm1 = 2.0 * r.integers(0, 2, (N,)) - 1.0
    seg_idx = r.integers(0, C, (2, 5))
    return {
        "cross_entropy": (lambda s: (s * _signs((N, C)), idx), {}),
        "cross_entropy-smoothing": (lambda s: (s * _signs((N, C)), idx), {"label_smoothing": 0.1}),
        "cross_entropy-probs": (
            lambda s: (s * _signs((N, C)), r.dirichlet(np.ones(C), N)),
            {},
        ),
        "poly1_cross_entropy": (lambda s: (s * _signs((N, C)), idx), {}),
        "softmax_focal_loss": (lambda s: (s * _signs((N, C)), idx), {}),
        "binary_cross_entropy_with_logits": (lambda s: (s * _signs((N, C)), bin_t), {}),
        "binary_cross_entropy_with_logits-pos_weight": (
            lambda s: (s * _signs((N, C)), bin_t),
            {"pos_weight": np.full(C, 2.0)},
        ),
        "sigmoid_focal_loss": (lambda s: (s * _signs((N, C)), bin_t), {}),
        "soft_margin_loss": (lambda s: (s * _signs((N,)), pm1), {}),
        "multilabel_soft_margin_loss": (lambda s: (s * _signs((N, C)), bin_t), {}),
        "hinge_loss": (lambda s: (s * _signs((N,)), pm1), {}),
        "categorical_hinge_loss": (lambda s: (s * _signs((N, C)), _onehot(idx, C)), {}),
        "multi_margin_loss": (lambda s: (s * _signs((N, C)), idx), {}),
        "dice_loss-softmax": (
            lambda s: (s * _signs((2, 5, C)), _onehot(seg_idx, C)),
            {"from_logits": True, "activation": "softmax"},
        ),
        "dice_loss-sigmoid": (
            lambda s: (s * _signs((2, 5, C)), _onehot(seg_idx, C)),
            {"from_logits": True, "activation": "sigmoid"},
        ),
        "tversky_loss-softmax": (
            lambda s: (s * _signs((2, 5, C)), _onehot(seg_idx, C)),
            {"from_logits": True, "activation": "softmax"},
        ),
        "lovasz_softmax_loss": (
            lambda s: (s * _signs((2, 5, C)), seg_idx),
            {"from_logits": True, "activation": "softmax"},
        ),
        "lovasz_hinge_loss": (
            lambda s: (s * _signs((2, 5)), r.integers(0, 2, (2, 5)).astype(np.float64)),
            {},
        ),
    }


LOGIT_LOSSES = _logit_losses()
# Losses whose value legitimately grows with the logit (hinge: linear in |x|); these must
# be finite (and not NaN) but may be as large as the input.
LINEAR_IN_X = {
    "hinge_loss",
    "categorical_hinge_loss",
    "multi_margin_loss",
    "lovasz_hinge_loss",
}


def _on(backend, a, dtype="float32"):
    """A NumPy array on ``backend``: floating arrays as ``dtype``, integers as int64."""
    a = np.asarray(a)
    return backend.asarray(a.astype(dtype) if a.dtype.kind == "f" else a.astype(np.int64))


def _grad(backend, fn, x):
    """The gradient of the scalar ``fn(x)``, or None on a backend without autodiff."""
    return None if backend.autodiff is None else backend.to_numpy(backend.grad(fn, [x]))


@pytest.mark.parametrize("scale", [1e4, 1e30], ids=["1e4", "1e30"])
@pytest.mark.parametrize("name", sorted(LOGIT_LOSSES))
def test_huge_float32_logits_finite_value_and_gradient(backend, name, scale):
    if "float32" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float32")
    build, opts = LOGIT_LOSSES[name]
    fn = getattr(portloss, name.split("-")[0])
    args = build(scale)
    x, *rest = (_on(backend, a) for a in args)
    bopts = {k: _on(backend, v) if isinstance(v, np.ndarray) else v for k, v in opts.items()}

    def loss(v):
        return fn(v, *rest, reduction="sum", **bopts)

    out = loss(x)
    assert str(out.dtype).endswith("float32"), (backend.name, out.dtype)
    value = backend.to_numpy(out)
    assert np.isfinite(value), (name, scale, value)
    g = _grad(backend, loss, x)
    assert g is None or np.isfinite(g).all(), (name, scale, g)
    # The float64 value on the same inputs agrees (no digits lost to overflow).
    ref = fn(*args, reduction="sum", **opts)
    np.testing.assert_allclose(np.float64(value), ref, rtol=1e-5, atol=1e-3)


def test_squared_and_regression_losses_at_large_values(backend):
    """Squared losses overflow float32 only where the true value exceeds its range: 1e4
    stays finite (1e8); 1e30 squared is beyond float32 and gives inf (never NaN), as torch."""
    if "float32" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float32")
    x = np.array([1e4, -1e4], dtype=np.float32)
    y = np.array([1.0, -1.0], dtype=np.float32)
    assert np.isfinite(
        backend.to_numpy(portloss.squared_hinge_loss(_on(backend, x), _on(backend, y)))
    )
    assert np.isfinite(backend.to_numpy(portloss.mse_loss(_on(backend, x), _on(backend, -x))))
    huge = np.array([1e30, -1e30], dtype=np.float32)
    zeros = _on(backend, np.zeros(2))
    for name in ("mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss", "log_cosh_loss"):
        fn = getattr(portloss, name)

        def loss(v, fn=fn):
            return fn(v, zeros, reduction="sum")

        t = _on(backend, huge)
        # 1e60 is beyond float32: inf is the value, and NumPy's overflow warning says so.
        with np.errstate(over="ignore"):
            out = backend.to_numpy(loss(t))
        assert not np.isnan(out), name
        torch = _torch_or_none()
        if torch is not None and hasattr(torch.nn.functional, name):
            ref = getattr(torch.nn.functional, name)(
                torch.asarray(huge), torch.zeros(2), reduction="sum"
            )
            np.testing.assert_array_equal(out, ref.numpy())
        g = _grad(backend, loss, t)
        assert g is None or not np.isnan(g).any(), name
    # linear-growth losses stay finite at 1e30
    for name in ("l1_loss", "huber_loss", "smooth_l1_loss", "log_cosh_loss"):
        out = getattr(portloss, name)(_on(backend, np.float32(1e30) * np.ones(2)), zeros)
        assert np.isfinite(backend.to_numpy(out)), name


def _torch_or_none():
    try:
        import torch
    except ImportError:
        return None
    return torch


def test_huge_logits_value_cross_entropy_exact(backend):
    if "float32" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float32")
    # Correct class at +1e30 among -1e30: loss exactly 0; wrong class: 2e30.
    x = _on(backend, [[1e30, -1e30], [-1e30, 1e30]])
    out = portloss.cross_entropy(x, _on(backend, [0, 0]), reduction="none")
    assert str(out.dtype).endswith("float32")
    np.testing.assert_array_equal(backend.to_numpy(out), np.array([0.0, 2e30], dtype=np.float32))
    out = portloss.binary_cross_entropy_with_logits(
        _on(backend, [1e4, -1e4, 1e4]), _on(backend, [1.0, 0.0, 0.0]), reduction="none"
    )
    np.testing.assert_array_equal(
        backend.to_numpy(out), np.array([0.0, 0.0, 1e4], dtype=np.float32)
    )


# --- probabilities at exactly 0 and 1 -------------------------------------------------


def test_bce_probabilities_at_zero_and_one(backend):
    """torch clamps the log at -100: p in {0, 1} gives 0 or 100, gradients finite."""
    dtype = "float64" if "float64" in backend.dtypes else "float32"
    p = _on(backend, [0.0, 1.0, 0.0, 1.0], dtype)
    y = _on(backend, [0.0, 1.0, 1.0, 0.0], dtype)
    out = backend.to_numpy(portloss.binary_cross_entropy(p, y, reduction="none"))
    np.testing.assert_array_equal(out, [0.0, 0.0, 100.0, 100.0])
    g = _grad(backend, lambda v: portloss.binary_cross_entropy(v, y, reduction="sum"), p)
    assert g is None or np.isfinite(g).all()
    torch = _torch_or_none()
    if torch is not None:
        ref = torch.nn.functional.binary_cross_entropy(
            torch.tensor([0.0, 1.0, 0.0, 1.0]), torch.tensor([0.0, 1.0, 1.0, 0.0]), reduction="none"
        )
        np.testing.assert_array_equal(out, ref.numpy())


def test_divergences_with_zero_probabilities(backend):
    if "float64" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float64")
    p = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    q = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]])
    pb, qb = _on(backend, p, "float64"), _on(backend, q, "float64")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # target 0 contributes 0 (0 log 0 = 0); input log 0 = -inf gives +inf where target > 0
        logp = _on(backend, np.log(np.where(p > 0, p, 1.0)), "float64")
        kl = backend.to_numpy(portloss.kl_div(logp, pb, reduction="sum"))
        assert kl == 0.0
        js = backend.to_numpy(portloss.js_divergence(pb, qb, reduction="none"))
    # JS of two distributions is bounded by log 2, finite even with disjoint supports.
    assert np.all(np.isfinite(js))
    assert np.all(js <= math.log(2) + 1e-12)
    np.testing.assert_allclose(js[0], math.log(2))
    g = _grad(backend, lambda v: portloss.js_divergence(v, qb), pb)
    assert g is None or np.isfinite(g).all()


def test_cross_entropy_probability_targets_with_zeros(backend):
    if "float32" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float32")
    x = _on(backend, [[1e4, -1e4, 0.0]])
    t = _on(backend, [[1.0, 0.0, 0.0]])
    assert backend.to_numpy(portloss.cross_entropy(x, t)) == 0.0
    g = _grad(backend, lambda v: portloss.cross_entropy(v, t), x)
    assert g is None or np.isfinite(g).all()


@pytest.mark.parametrize("name", ["dice_loss", "jaccard_loss", "tversky_loss"])
def test_overlap_losses_at_hard_probabilities(backend, name):
    if "float64" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float64")
    t_np = _onehot(_rng().integers(0, C, (2, 5)), C)
    t = _on(backend, t_np, "float64")
    fn = getattr(portloss, name)
    perfect = backend.to_numpy(fn(t, t, reduction="none"))
    np.testing.assert_allclose(perfect, 0.0, atol=1e-12)
    wrong = backend.to_numpy(fn(_on(backend, 1.0 - t_np, "float64"), t, reduction="none"))
    assert np.all(np.isfinite(wrong))
    assert np.all(wrong <= 1.0)
    g = _grad(backend, lambda v: fn(v, t), t)
    assert g is None or np.isfinite(g).all()


# --- zero-size batches ------------------------------------------------------------------


def _empty_cases():
    out = []
    for case in all_cases():
        params = inspect.signature(getattr(portloss, case.function)).parameters
        if "reduction" not in params:
            continue
        args, _ = case.inputs()
        if args[0].size == 0:
            out.append(case)
    return out


EMPTY_CASES = _empty_cases()


def test_empty_batch_cases_cover_several_losses():
    assert len({c.function for c in EMPTY_CASES}) >= 8, {c.function for c in EMPTY_CASES}


def _sliceable_cases():
    """Per loss, the first non-empty case whose arrays share a leading batch axis."""
    seen = {}
    for case in all_cases():
        params = inspect.signature(getattr(portloss, case.function)).parameters
        if case.function in seen or "reduction" not in params:
            continue
        args, _arrays = case.inputs()
        x = args[0]
        if (
            x.ndim < 2
            or x.shape[0] < 2
            or not all(a.ndim and a.shape[0] == x.shape[0] for a in args)
        ):
            continue
        seen[case.function] = case
    return list(seen.values())


SLICEABLE = _sliceable_cases()


POOLED_OVER_BATCH = {"psnr_loss[mean]", "mcc_loss[smp-batch-mean]"}


@pytest.mark.parametrize("case", SLICEABLE, ids=[c.id for c in SLICEABLE])
def test_zero_size_batch_every_loss(case):
    """Every loss accepts a batch sliced to zero rows: sum 0, mean NaN or 0, no warning."""
    args, arrays = case.inputs()
    n = args[0].shape[0]
    args = [a[:0] for a in args]
    arrays = {
        k: (v[:0] if (v.ndim == args[0].ndim or k == "sample_weight") and v.shape[0] == n else v)
        for k, v in arrays.items()
    }
    fn = public_function(case.function)
    opts = {k: v for k, v in case.options.items() if k != "reduction"}
    if case.function == "ctc_loss":  # as torch: CTC needs at least one sequence
        with pytest.raises(ValueError, match="log_probs must hold at least one sequence"):
            fn(*args, **arrays, **opts)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        total = fn(*args, **arrays, **opts, reduction="sum")
        mean = fn(*args, **arrays, **opts, reduction="mean")
        none = fn(*args, **arrays, **opts, reduction="none")
    if case.id in POOLED_OVER_BATCH:
        # One value for the whole batch: an empty batch is that loss on no data (PSNR
        # NaN, MCC 1 from its smoothed counts), not a sum over no rows.
        assert np.asarray(none).size == 1
        return
    assert float(total) == 0.0
    assert math.isnan(float(mean)) or float(mean) == 0.0
    per_image = case.options.get(
        "per_image", inspect.signature(fn).parameters.get("per_image", inspect.Parameter).default
    )
    if case.options.get("batch") or per_image is False:
        # one value per class / per batch, aggregated over the (empty) batch
        assert np.all(np.asarray(none) == 0.0)
    else:
        assert np.asarray(none).size == 0


@pytest.mark.parametrize("case", EMPTY_CASES, ids=[c.id for c in EMPTY_CASES])
def test_zero_size_batch(case):
    """sum is 0, none is empty, mean is NaN (torch: mean over nothing) or 0, never an error;
    gradients are finite (and empty)."""
    args, arrays = case.inputs()
    fn = public_function(case.function)
    opts = dict(case.options)
    opts.pop("reduction", None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        total = fn(*args, **arrays, **opts, reduction="sum")
        none = fn(*args, **arrays, **opts, reduction="none")
        mean = fn(*args, **arrays, **opts, reduction="mean")
    assert float(total) == 0.0
    assert np.asarray(none).size == 0 or case.function in ("dice_loss",)
    assert math.isnan(float(mean)) or float(mean) == 0.0
    # Gradients: torch (the oracle of the empty-mean semantics) where installed.
    torch = pytest.importorskip("torch")
    targs = [torch.asarray(a) for a in args]
    targs[0] = targs[0].requires_grad_(True)
    tarrays = {k: torch.asarray(v) for k, v in arrays.items()}
    (g,) = torch.autograd.grad(fn(*targs, **tarrays, **opts, reduction="mean"), targs[0])
    assert g.shape == targs[0].shape
    assert torch.isfinite(g).all()


@pytest.mark.parametrize(
    "name",
    ["cross_entropy", "nll_loss", "mse_loss", "l1_loss", "binary_cross_entropy_with_logits"],
)
def test_zero_size_batch_matches_torch(name):
    torch = pytest.importorskip("torch")
    x = torch.zeros((0, 3), dtype=torch.float64)
    if name in ("cross_entropy", "nll_loss"):
        y = torch.zeros((0,), dtype=torch.int64)
    else:
        y = torch.zeros((0, 3), dtype=torch.float64)
    ours = getattr(portloss, name)
    theirs = getattr(torch.nn.functional, name)
    for reduction in ("mean", "sum"):
        a, b = ours(x, y, reduction=reduction), theirs(x, y, reduction=reduction)
        torch.testing.assert_close(a, b, equal_nan=True)


# --- all-ignored batches --------------------------------------------------------------

IGNORING = ["cross_entropy", "nll_loss", "poly1_cross_entropy", "softmax_focal_loss"]


@pytest.mark.parametrize("name", IGNORING)
def test_all_ignored_batch_torch_semantics(backend, name):
    """torch: an all-ignored mean is NaN (0/0), the sum 0; gradients finite (zero)."""
    if "float64" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float64")
    x_np = np.random.default_rng(0).standard_normal((5, 3))
    x, y = _on(backend, x_np, "float64"), _on(backend, np.full(5, -100))
    fn = getattr(portloss, name)
    assert backend.to_numpy(fn(x, y, reduction="sum")) == 0.0
    g = _grad(backend, lambda v: fn(v, y, reduction="sum"), x)
    assert g is None or np.array_equal(g, np.zeros((5, 3)))
    assert math.isnan(backend.to_numpy(fn(x, y, reduction="mean")))
    torch = _torch_or_none()
    if torch is not None and hasattr(torch.nn.functional, name):
        assert math.isnan(
            getattr(torch.nn.functional, name)(torch.asarray(x_np), torch.full((5,), -100)).item()
        )
    np.testing.assert_array_equal(backend.to_numpy(fn(x, y, reduction="none")), np.zeros(5))
    g = _grad(backend, lambda v: fn(v, y, reduction="none").sum(), x)
    assert g is None or np.isfinite(g).all()


@pytest.mark.parametrize("name", IGNORING)
def test_sample_weight_gradient_zero_on_ignored_entries(backend, name):
    """d loss / d sample_weight is each entry's loss, 0 where the target is ignored."""
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x = _on(backend, np.random.default_rng(1).standard_normal((5, 3)), "float64")
    y = _on(backend, [0, -100, 2, 1, -100])
    fn = getattr(portloss, name)
    sw = _on(backend, np.ones(5), "float64")
    g = backend.to_numpy(backend.grad(lambda s: fn(x, y, sample_weight=s, reduction="sum"), [sw]))
    np.testing.assert_allclose(g, backend.to_numpy(fn(x, y, reduction="none")), rtol=1e-12)
    assert g[1] == 0.0
    assert g[4] == 0.0


@pytest.mark.parametrize("name", ["dice_loss", "lovasz_softmax_loss"])
def test_all_ignored_segmentation_is_finite_or_nan_not_error(backend, name):
    if "float64" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float64")
    x = _on(backend, np.random.default_rng(0).standard_normal((2, 5, C)), "float64")
    y = _on(backend, np.full((2, 5), -100))
    fn = getattr(portloss, name)
    opts = {"from_logits": True, "activation": "softmax"}
    if name == "dice_loss":
        # all pixels ignored: every class is empty in input and target
        out = backend.to_numpy(fn(x, y, **opts, reduction="none"))
        np.testing.assert_allclose(out, 0.0, atol=1e-12)
    assert backend.to_numpy(fn(x, y, **opts, reduction="sum")) == 0.0
    g = _grad(backend, lambda v: fn(v, y, **opts, reduction="sum"), x)
    assert g is None or np.isfinite(g).all()


# --- half precision -------------------------------------------------------------------


def _half_cases():
    seen = {}
    for case in all_cases():
        if case.function in seen:
            continue
        args, _arrays = case.inputs()
        if args[0].size == 0 or args[0].dtype.kind != "f":
            continue
        seen[case.function] = case
    return list(seen.values())


HALF_CASES = _half_cases()
HALF_SKIP = {"class_weights", "one_hot", "smooth_labels"}  # not losses on float inputs


@pytest.mark.parametrize("lib", ["numpy", "torch"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize(
    "case", [c for c in HALF_CASES if c.function not in HALF_SKIP], ids=lambda c: c.id
)
def test_half_precision(case, dtype, lib):
    """float16 (NumPy and torch) and bfloat16 (torch): computed in float32, returned in the
    input dtype, finite where the float64 value is, close to it."""
    if lib == "numpy" and dtype == "bfloat16":
        pytest.skip("NumPy has no bfloat16")
    if case.function == "ctc_forward_log_probs":
        pytest.skip("optax's log_epsilon (-1e5) is below float16's range: -inf there, as in optax")
    torch = pytest.importorskip("torch") if lib == "torch" else None
    args, arrays = case.inputs()
    fn = public_function(case.function)
    ref = np.asarray(fn(*args, **arrays, **case.options), dtype=np.float64)
    tol = 0.05 if dtype == "bfloat16" else 0.01
    if torch is not None:
        tdtype = getattr(torch, dtype)

        def cast(a):
            return torch.asarray(a).to(tdtype) if a.dtype.kind == "f" else torch.asarray(a)
    else:
        tdtype = np.dtype(dtype)

        def cast(a):
            return a.astype(tdtype) if a.dtype.kind == "f" else a

    out = fn(*[cast(a) for a in args], **{k: cast(v) for k, v in arrays.items()}, **case.options)
    if case.check_dtype:
        assert out.dtype == tdtype, (lib, out.dtype)
    got = out.float().numpy() if torch is not None else np.asarray(out, dtype=np.float64)
    # Inputs were rounded to half precision: compare loosely, scaled by the magnitude.
    np.testing.assert_allclose(
        got, ref, rtol=tol, atol=tol * max(1.0, float(np.max(np.abs(ref), initial=0.0)))
    )


@pytest.mark.parametrize("name", ["cross_entropy", "binary_cross_entropy_with_logits"])
def test_bfloat16_huge_logits_jax(name):
    jnp = pytest.importorskip("jax.numpy")
    import jax

    x = jnp.asarray(1e30 * _signs((N, C)), dtype=jnp.bfloat16)
    if name == "cross_entropy":
        y = jnp.asarray(_rng().integers(0, C, (N,)))
    else:
        y = jnp.asarray(_rng().integers(0, 2, (N, C)), dtype=jnp.bfloat16)
    fn = getattr(portloss, name)
    out = fn(x, y)
    assert out.dtype == jnp.bfloat16
    assert bool(jnp.isfinite(out))
    g = jax.grad(lambda v: fn(v, y).astype(jnp.float32))(x)
    assert bool(jnp.all(jnp.isfinite(g)))
