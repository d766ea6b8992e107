"""Regression tests of issue 18 (Reliability II), one per behaviour.

NaN and inf propagate as in torch (Keras for Keras-only losses), -inf-masked logits
behave as in cross entropy, float32 extremes equal the float64 value, and bad input
gets a clear error (or NaN where reading values would cost a host sync) on every
backend. Oracles: ``torch.nn.functional`` for torch's losses, ``keras.losses`` for
Keras-only ones, float64 NumPy formulas written out here otherwise.
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest
from _helpers import AUTODIFF
from _helpers import keras_oracle as _keras
from _helpers import torch_oracle as _torch
from conftest import get_backend

import portloss
from conformance.cases import all_cases

NAN = float("nan")


def _np(backend, x):
    return np.asarray(backend.to_numpy(x), dtype=np.float64)


def _torch_value_and_grad(fn, arrays, argnum=0):
    """``fn`` on float64 torch tensors: its value ("none") and the gradient of its sum."""
    torch, _ = _torch()
    tensors = [torch.tensor(a) for a in arrays]
    tensors[argnum].requires_grad_(True)
    out = fn(*tensors)
    (g,) = torch.autograd.grad(out.sum(), tensors[argnum])
    return out.detach().numpy(), g.numpy()


def _check_grad(backend, loss, arrays, expected, argnum=0, **kw):
    """The gradient of ``sum(loss(...))`` on ``backend`` equals ``expected`` (NaN included)."""
    args = [backend.asarray(a) for a in arrays]
    g = backend.grad(
        lambda *a: loss(*a, reduction="sum"), args, argnum=argnum
    )  # reduction "sum": the sum of "none"
    np.testing.assert_allclose(_np(backend, g), expected, rtol=1e-6, atol=1e-12, equal_nan=True)


# --- 1. NaN propagates -------------------------------------------------------------------


def test_margin_ranking_loss_propagates_nan(backend):
    """The issue's example: [0.5, nan, -0.2] against 0 with target 1 -> [0, nan, 0.2]."""
    _, F = _torch()
    x = np.array([0.5, NAN, -0.2, 0.0])
    arrays = [x, 0 * x, np.ones(4)]
    out = portloss.margin_ranking_loss(*(backend.asarray(a) for a in arrays), reduction="none")
    expected, grad = _torch_value_and_grad(
        lambda a, b, y: F.margin_ranking_loss(a, b, y, reduction="none"), arrays
    )
    np.testing.assert_array_equal(_np(backend, out)[:3], [0.0, NAN, 0.2])
    np.testing.assert_allclose(_np(backend, out), expected, equal_nan=True)
    mean = portloss.margin_ranking_loss(*(backend.asarray(a) for a in arrays))
    assert np.isnan(_np(backend, mean))
    if backend.autodiff:
        # torch's clamp_min: gradient 1 at the kink (x = 0), none into the NaN entry
        _check_grad(backend, portloss.margin_ranking_loss, arrays, grad)


def _triplet(F):
    return lambda a, p, n: F.triplet_margin_loss(a, p, n, reduction="none")


def _triplet_distance(F):
    return lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, reduction="none")


def _nan_rows(shape, rng):
    x = rng.standard_normal(shape)
    x[1, 0] = NAN
    return x


def _torch_nan_cases():
    """(name, portloss function, torch function, inputs) with a NaN in the first input."""
    _, F = _torch()
    rng = np.random.default_rng(0)
    a, p, n = _nan_rows((3, 4), rng), rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    x = np.array([0.3, NAN, 1.0, 2.0])  # 1.0: at the margin
    signs = np.array([-1.0, -1.0, -1.0, 1.0])
    x1, x2 = _nan_rows((3, 4), rng), rng.standard_normal((3, 4))
    return {
        "hinge_embedding_loss": (
            portloss.hinge_embedding_loss,
            lambda u, y: F.hinge_embedding_loss(u, y, reduction="none"),
            [x, signs],
        ),
        "triplet_margin_loss": (portloss.triplet_margin_loss, _triplet(F), [a, p, n]),
        "triplet_margin_with_distance_loss": (
            portloss.triplet_margin_with_distance_loss,
            _triplet_distance(F),
            [a, p, n],
        ),
        "cosine_embedding_loss": (
            portloss.cosine_embedding_loss,
            lambda u, v, y: F.cosine_embedding_loss(u, v, y, margin=-0.5, reduction="none"),
            [x1, x2, -np.ones(3)],
        ),
    }


TORCH_NAN = [
    "hinge_embedding_loss",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
    "cosine_embedding_loss",
]


@pytest.mark.parametrize("name", TORCH_NAN)
def test_torch_peer_losses_propagate_nan_like_torch(backend, name):
    """Loss and gradient are NaN exactly where torch's are (cosine_embedding_loss with
    target -1 included)."""
    loss, oracle, arrays = _torch_nan_cases()[name]
    if name == "cosine_embedding_loss":

        def loss(*a, reduction="mean"):  # torch's margin=-0.5: the clamp is active
            return portloss.cosine_embedding_loss(*a, margin=-0.5, reduction=reduction)

    expected, grad = _torch_value_and_grad(oracle, arrays)
    assert np.isnan(expected).any()
    out = loss(*(backend.asarray(a) for a in arrays), reduction="none")
    np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-6, equal_nan=True)
    if backend.autodiff:
        _check_grad(backend, loss, arrays, grad)


@pytest.mark.parametrize("name", ["hinge_loss", "squared_hinge_loss"])
def test_keras_hinge_losses_propagate_nan(backend, name):
    keras = _keras()
    x = np.array([0.5, NAN, -0.2, 2.0])
    y = np.array([1.0, 1.0, 1.0, 0.0])
    expected = np.asarray(getattr(keras.losses, name.removesuffix("_loss"))(y[:, None], x[:, None]))
    out = getattr(portloss, name)(backend.asarray(x), backend.asarray(y), reduction="none")
    np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-6, equal_nan=True)
    assert np.isnan(expected[1])


def test_categorical_hinge_loss_propagates_nan(backend):
    keras = _keras()
    x = np.array([[NAN, 1.0, 0.0], [0.0, NAN, 2.0], [0.2, 0.7, 0.1]])
    y = np.array([1, 1, 2])
    expected = np.asarray(keras.losses.categorical_hinge(np.eye(3)[y], x))
    for target in (y, np.eye(3)[y]):
        out = portloss.categorical_hinge_loss(
            backend.asarray(x), backend.asarray(target), reduction="none"
        )
        np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-6, equal_nan=True)
    assert np.isnan(expected[:2]).all()


def test_js_divergence_propagates_nan(backend):
    p = np.array([[NAN, 0.5], [0.25, 0.75]])
    q = np.array([[0.5, 0.5], [0.5, 0.5]])
    for log_input in (False, True):
        inp = np.log(p) if log_input else p
        for a, b in ((inp, q), (q, inp)):
            first, second = (log_input, False) if a is inp else (False, log_input)
            out = portloss.js_divergence(
                backend.asarray(a),
                backend.asarray(b),
                log_input=first,
                log_target=second,
                reduction="none",
            )
            out = _np(backend, out)
            assert np.isnan(out[0])
            assert np.isfinite(out[1])


def _js_float64(p, q):
    m = 0.5 * (p + q)
    return 0.5 * np.sum(p * np.log(p / m) + q * np.log(q / m), axis=-1)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_js_divergence_is_never_negative(backend, dtype):
    """Nearly equal distributions: rounding must not give a negative divergence."""
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(7), size=64)
    q = p * (1 + 1e-7 * rng.standard_normal(p.shape))
    q /= q.sum(-1, keepdims=True)
    rows = np.concatenate([p, p, q]), np.concatenate([p, q, p])
    out = portloss.js_divergence(
        *(backend.asarray(r.astype(dtype)) for r in rows), reduction="none"
    )
    out = _np(backend, out)
    assert (out >= 0).all(), out.min()
    np.testing.assert_allclose(out, _js_float64(*rows), atol=1e-6 if dtype == "float32" else 1e-14)


def test_lovasz_hinge_loss_propagates_nan(backend):
    x = np.array([[NAN, 1.0, -1.0], [0.5, 1.0, -1.0]])
    y = np.array([[1, 0, 1], [1, 0, 1]])
    out = portloss.lovasz_hinge_loss(
        backend.asarray(x), backend.asarray(y), per_image=True, reduction="none"
    )
    out = _np(backend, out)
    assert np.isnan(out[0])
    assert np.isfinite(out[1])


def test_ctc_loss_nan_log_probability_is_nan_like_torch(backend):
    torch, F = _torch()
    rng = np.random.default_rng(0)
    lp = np.log(rng.dirichlet(np.ones(4), size=(5, 2)))
    lp[1, 0, 1] = NAN
    args = [lp, np.array([[1, 2], [2, 3]]), np.array([5, 5]), np.array([2, 2])]
    expected = F.ctc_loss(*(torch.tensor(a) for a in args), reduction="none").numpy()
    out = portloss.ctc_loss(*(backend.asarray(a) for a in args), reduction="none")
    np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-6, equal_nan=True)
    assert np.isnan(expected[0])
    assert np.isfinite(expected[1])


def test_multi_margin_losses_propagate_nan(backend):
    """torch's kernels skip a NaN (``z > 0`` is false); portloss returns NaN, not a
    finite wrong number."""
    x = np.array([[0.1, NAN, 0.3], [0.2, 0.1, 0.5]])
    out = portloss.multi_margin_loss(
        backend.asarray(x), backend.asarray(np.array([0, 1])), reduction="none"
    )
    assert np.isnan(_np(backend, out)[0])
    assert np.isfinite(_np(backend, out)[1])
    out = portloss.multilabel_margin_loss(
        backend.asarray(x), backend.asarray(np.array([[0, -1, 1], [1, -1, 0]])), reduction="none"
    )
    assert np.isnan(_np(backend, out)[0])
    assert np.isfinite(_np(backend, out)[1])


def test_hinge_embedding_loss_gradient_at_margin_matches_torch(backend):
    """torch's clamp_min has slope 1 at 0: the gradient at x == margin is -1."""
    if not backend.autodiff:
        pytest.skip(f"{backend.name} has no autodiff")
    _, F = _torch()
    arrays = [np.array([1.0, 0.5, 2.0]), np.array([-1.0, -1.0, -1.0])]
    _, grad = _torch_value_and_grad(
        lambda x, y: F.hinge_embedding_loss(x, y, reduction="none"), arrays
    )
    np.testing.assert_array_equal(grad, [-1.0, -1.0, 0.0])
    _check_grad(backend, portloss.hinge_embedding_loss, arrays, grad)


# --- 2. -inf-masked logits ---------------------------------------------------------------


def test_categorical_hinge_loss_with_masked_logits_matches_keras(backend):
    """A -inf logit (a forbidden class) gives Keras' value for a very negative logit,
    not 0 (Keras itself returns NaN for -inf: 0 * -inf)."""
    keras = _keras()
    x = np.array([[-np.inf, 0.2, 0.7], [0.0, 2.0, -np.inf], [1.0, -np.inf, -np.inf]])
    y = np.array([1, 0, 0])
    finite = np.where(np.isinf(x), -1e30, x)
    expected = np.asarray(keras.losses.categorical_hinge(np.eye(3)[y], finite), dtype=np.float64)
    np.testing.assert_allclose(expected, [1.5, 3.0, 0.0])
    for target in (y, np.eye(3)[y]):
        out = portloss.categorical_hinge_loss(
            backend.asarray(x), backend.asarray(target), reduction="none"
        )
        np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-6)
    if backend.autodiff:
        g = backend.grad(
            lambda a: portloss.categorical_hinge_loss(a, backend.asarray(y)), [backend.asarray(x)]
        )
        assert np.isfinite(_np(backend, g)).all()


MASKED = np.array([[-np.inf, 1.0, 0.5], [0.0, 2.0, -np.inf], [-np.inf, -np.inf, 3.0]])
MASKED_Y = np.array([1, 0, 2])


def _torch_focal(x, y, gamma):
    """-(1 - p_y)^gamma log p_y, written out on torch, at logits without -inf."""
    torch, _ = _torch()
    logp = torch.log_softmax(x, dim=-1).gather(1, y[:, None])[:, 0]
    return (-((1 - logp.exp()) ** gamma) * logp).mean()


@pytest.mark.parametrize("name", ["softmax_focal_loss", "poly1_cross_entropy"])
@pytest.mark.parametrize("backend_name", AUTODIFF)
def test_masked_logits_give_finite_gradients_like_cross_entropy(backend_name, name):
    """Where cross_entropy's gradient is finite, so are focal's and poly1's; with the
    focusing / poly term off they equal torch's cross-entropy gradient."""
    backend = get_backend(backend_name)
    torch, F = _torch()
    plain = {"softmax_focal_loss": {"gamma": 0.0}, "poly1_cross_entropy": {"epsilon": 0.0}}[name]
    x, y = backend.asarray(MASKED), backend.asarray(MASKED_Y)
    loss = getattr(portloss, name)
    tx = torch.tensor(MASKED, requires_grad=True)
    F.cross_entropy(tx, torch.tensor(MASKED_Y)).backward()
    assert np.isfinite(tx.grad.numpy()).all()
    g = backend.grad(lambda a: loss(a, y, **plain), [x])
    np.testing.assert_allclose(_np(backend, g), tx.grad.numpy(), rtol=1e-10, atol=1e-15)
    for options in ({}, {"label_smoothing": 0.1} if name == "poly1_cross_entropy" else {}):
        g = backend.grad(lambda a, options=options: loss(a, y, **options), [x])
        assert np.isfinite(_np(backend, g)).all(), (options, _np(backend, g))
    if name == "softmax_focal_loss":
        for gamma in (2.0, 0.5):
            g = backend.grad(lambda a, gamma=gamma: loss(a, y, gamma=gamma), [x])
            tx = torch.tensor(np.where(np.isinf(MASKED), -1e30, MASKED), requires_grad=True)
            _torch_focal(tx, torch.tensor(MASKED_Y), gamma).backward()
            # the last row has p_y = 1, where the oracle's (1 - p)^0.5 has an infinite
            # slope (NaN); portloss's factor is 0 there, with a zero gradient
            g = _np(backend, g)
            assert np.isfinite(g).all()
            np.testing.assert_allclose(g[:2], tx.grad.numpy()[:2], rtol=1e-9, atol=1e-15)


# --- 3. float32 extremes ----------------------------------------------------------------


def _ntxent_float64(e, labels, temperature):
    """optax's NT-Xent mean, written out in float64 (log-sum-exp with a max shift)."""
    u = e / np.linalg.norm(e, axis=-1, keepdims=True)
    z = u @ u.T / temperature
    same = labels[:, None] == labels[None, :]
    losses = []
    for i in range(len(e)):
        for j in range(len(e)):
            if i != j and same[i, j]:
                terms = np.concatenate([[z[i, j]], z[i, ~same[i]]])
                m = terms.max()
                losses.append(m + np.log(np.exp(terms - m).sum()) - z[i, j])
    return np.mean(losses)


NTXENT_E = np.array([[1.0, 0.0], [1.0, 0.001], [-1.0, 0.05], [-0.3, 1.0], [-0.2, 1.0]])
NTXENT_LABELS = np.array([0, 0, 0, 1, 1])


def test_ntxent_loss_float32_small_temperature_matches_float64(backend):
    """At temperature 0.01 a shifted sum of exponentials underflows in float32 (it gave
    -inf); the log-space form gives the float64 value."""
    expected = _ntxent_float64(NTXENT_E, NTXENT_LABELS, 0.01)
    assert 10 < expected < 100
    out = portloss.ntxent_loss(
        backend.asarray(NTXENT_E.astype(np.float32)),
        backend.asarray(NTXENT_LABELS),
        temperature=0.01,
    )
    np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-5)


def test_binary_cross_entropy_float32_tiny_probabilities_have_finite_gradients(backend):
    """Below ~3e-39 the slope 1/p overflows float32; torch's is (p - y) / max(p (1 - p),
    1e-12). portloss caps the slope of log p the same way, so it equals torch's there."""
    if not backend.autodiff:
        pytest.skip(f"{backend.name} has no autodiff")
    torch, F = _torch()
    p = np.array([1e-40, 2e-39, 1e-30, 5e-13, 0.3], dtype=np.float32)
    y = np.ones(5, dtype=np.float32)
    tp = torch.tensor(p, requires_grad=True)
    F.binary_cross_entropy(tp, torch.tensor(y), reduction="sum").backward()
    g = backend.grad(
        lambda a: portloss.binary_cross_entropy(a, backend.asarray(y), reduction="sum"),
        [backend.asarray(p)],
    )
    g = _np(backend, g)
    assert np.isfinite(tp.grad.numpy()).all()
    assert np.isfinite(g).all()
    # XLA on CPU flushes subnormals to 0, where the clamp at -100 has slope 0; elsewhere
    # the gradient is torch's
    start = 2 if backend.name.startswith("jax") else 0
    np.testing.assert_allclose(g[start:], tp.grad.numpy()[start:], rtol=1e-6)


def _cosine_similarity_float64(x, y):
    return -np.sum(
        x
        / np.linalg.norm(x, axis=-1, keepdims=True)
        * y
        / np.linalg.norm(y, axis=-1, keepdims=True),
        axis=-1,
    )


def _triplet_float64(a, p, n, margin, norm_p):
    d = lambda u, v: np.sum(np.abs(u - v) ** norm_p, axis=-1) ** (1 / norm_p)  # noqa: E731
    return np.maximum(margin + d(a, p) - d(a, n), 0.0)


@pytest.mark.parametrize("scale", [1e19, 1e25, 1e30])
def test_embedding_losses_scale_before_squaring(backend, scale):
    """float32 norms beyond 1.8e19 overflowed the sum of squares (the loss became 0)."""
    rng = np.random.default_rng(5)
    x, y, z = (rng.standard_normal((4, 6)) for _ in range(3))

    def f32(a):
        return backend.asarray((a * scale).astype(np.float32))

    out = portloss.cosine_similarity_loss(
        f32(x), backend.asarray(y.astype(np.float32)), reduction="none"
    )
    np.testing.assert_allclose(_np(backend, out), _cosine_similarity_float64(x, y), rtol=1e-5)

    for norm_p in (2.0, 1.5):
        out = portloss.triplet_margin_loss(
            f32(x), f32(y), f32(z), margin=0.5 * scale, p=norm_p, eps=0.0, reduction="none"
        )
        expected = _triplet_float64(x, y, z, 0.5, norm_p) * scale
        np.testing.assert_allclose(_np(backend, out), expected, rtol=1e-5, atol=1e-6 * scale)

    out = portloss.ntxent_loss(f32(NTXENT_E), backend.asarray(NTXENT_LABELS), temperature=0.5)
    np.testing.assert_allclose(
        _np(backend, out), _ntxent_float64(NTXENT_E, NTXENT_LABELS, 0.5), rtol=1e-5
    )


@pytest.mark.parametrize("backend_name", AUTODIFF)
def test_triplet_margin_loss_p_below_one_zero_difference_gradient_matches_torch(backend_name):
    """|d|^p has an infinite slope at 0 for p < 1; torch's gradient there is 0."""
    backend = get_backend(backend_name)
    _, F = _torch()
    a = np.array([[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]])
    pos = np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.5]])
    neg = np.array([[3.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    arrays = [a, pos, neg]
    _, grad = _torch_value_and_grad(
        lambda u, v, w: F.triplet_margin_loss(
            u, v, w, p=0.5, eps=0.0, margin=50.0, reduction="none"
        ),
        arrays,
    )
    assert np.isfinite(grad).all()

    def loss(*args, reduction):
        return portloss.triplet_margin_loss(*args, p=0.5, eps=0.0, margin=50.0, reduction=reduction)

    _check_grad(backend, loss, arrays, grad)


# --- 4. bad input ------------------------------------------------------------------------

FUNCTIONS = sorted(n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n)))


def _first_cases():
    seen = {}
    for case in all_cases():
        if case.function not in seen:
            seen[case.function] = case
    return seen


CASES = _first_cases()
# The margin softmaxes take weight=None (the first array is then cosine logits),
# pairwise_distances y=None (x itself).
OPTIONAL_WEIGHT = {"arcface_loss", "cosface_loss", "sphereface_loss", "pairwise_distances"}


def _required(name, i):
    # An optional positional array (supcon_loss's labels) may be None.
    params = list(inspect.signature(getattr(portloss, name)).parameters.values())
    return params[i].default is inspect.Parameter.empty


NONE_CASES = [
    (name, i)
    for name in FUNCTIONS
    if name in CASES
    for i in range(len(CASES[name].args))
    if not (name in OPTIONAL_WEIGHT and i == 1)
    if _required(name, i)
]


def _positional(name):
    params = inspect.signature(getattr(portloss, name)).parameters.values()
    return [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_ONLY]


@pytest.mark.parametrize(("name", "index"), NONE_CASES, ids=[f"{n}-{i}" for n, i in NONE_CASES])
def test_none_array_argument_names_it(backend, name, index):
    """``None`` where an array is required: a TypeError naming it, not AttributeError."""
    case = CASES[name]
    args, arrays = case.inputs()
    args = [backend.asarray(a) for a in args]
    arrays = {k: backend.asarray(v) for k, v in arrays.items()}
    args[index] = None
    arg = _positional(name)[index]
    with pytest.raises(TypeError, match=rf"^{arg} must be an array .*got None"):
        getattr(portloss, name)(*args, **arrays, **case.options)


def _ctc_inputs():
    rng = np.random.default_rng(0)
    lp = np.log(rng.dirichlet(np.ones(4), size=(5, 3)))
    targets = np.array([[1, 2, 3], [1, 1, 2], [2, 3, 1]])
    return lp, targets, np.array([5, 5, 5]), np.array([3, 2, 3])


CTC_BAD = {
    "input-length-above-T": (2, 0, 7),
    "negative-input-length": (2, 0, -1),
    "negative-target-length": (3, 0, -1),
    "target-length-above-S": (3, 0, 4),
    "blank-in-target": (1, (0, 1), 0),
}


@pytest.mark.parametrize("bad", list(CTC_BAD))
def test_ctc_loss_bad_values_raise_on_numpy_and_give_nan_elsewhere(backend, bad):
    """Values that have no loss raise where they can be read (NumPy); elsewhere the
    sequence's loss is NaN, never a finite number and never an IndexError."""
    arrays = list(_ctc_inputs())
    which, at, value = CTC_BAD[bad]
    arrays[which] = arrays[which].copy()
    arrays[which][at] = value
    args = [backend.asarray(a) for a in arrays]
    names = ("log_probs", "targets", "input_lengths", "target_lengths")
    if backend.name == "numpy":
        with pytest.raises(ValueError, match=names[which]):
            portloss.ctc_loss(*args, reduction="none")
        return
    for zero_infinity in (False, True):
        out = _np(backend, portloss.ctc_loss(*args, reduction="none", zero_infinity=zero_infinity))
        assert np.isnan(out[0]), out
        assert np.isfinite(out[1:]).all(), out
        mean = _np(backend, portloss.ctc_loss(*args, zero_infinity=zero_infinity))
        assert np.isnan(mean)


def test_ctc_loss_without_frames_is_refused(backend):
    lp, targets, _, target_lengths = _ctc_inputs()
    args = [lp[:0], targets, np.zeros(3, dtype=np.int64), target_lengths]
    with pytest.raises(ValueError, match=r"log_probs must hold at least one frame"):
        portloss.ctc_loss(*(backend.asarray(a) for a in args))


OVERLAP = [
    "dice_loss",
    "jaccard_loss",
    "tversky_loss",
    "focal_tversky_loss",
    "generalized_dice_loss",
]


@pytest.mark.parametrize("name", OVERLAP)
def test_overlap_losses_refuse_0_255_mask(backend, name):
    """A {0, 255} image mask gave a negative loss; NumPy refuses it, elsewhere NaN."""
    rng = np.random.default_rng(2)
    p = rng.uniform(size=(2, 5, 3))
    mask = (rng.uniform(size=(2, 5, 3)) < 0.5).astype(np.int64) * 255
    mask[0, 0, 0] = 255
    loss = getattr(portloss, name)
    for target in (mask, mask.astype(np.float64)):
        args = backend.asarray(p), backend.asarray(target)
        if backend.name == "numpy":
            with pytest.raises(ValueError, match=r"target must hold labels in \[0, 1\].*255"):
                loss(*args)
        else:
            assert np.isnan(_np(backend, loss(*args)))
    ok = loss(backend.asarray(p), backend.asarray(mask // 255))
    assert np.isfinite(_np(backend, ok))


FLOAT_OPTIONS = (
    "margin",
    "eps",
    "gamma",
    "alpha",
    "beta",
    "epsilon",
    "negative_ratio",
    "smooth",
    "smooth_numerator",
    "smooth_denominator",
    "delta",
    "temperature",
    "label_smoothing",
    "c",
    "p",
)
# documented: p = inf is the max norm
INF_ALLOWED = {
    ("triplet_margin_loss", "p", math.inf),
    # Barron's alpha = +-inf are the loss' own limits (Welsch-like and the L2 limit).
    ("general_adaptive_loss", "alpha", math.inf),
    ("general_adaptive_loss", "alpha", -math.inf),
}
INF_CASES = [
    (name, option, value)
    for name in FUNCTIONS
    for option in FLOAT_OPTIONS
    if option in inspect.signature(getattr(portloss, name)).parameters
    and inspect.signature(getattr(portloss, name)).parameters[option].kind
    is inspect.Parameter.KEYWORD_ONLY
    for value in (math.inf, -math.inf)
    if (name, option, value) not in INF_ALLOWED
]


def _option_for_method(name, option):
    """class_weights takes beta / c only with the method that uses them."""
    if name == "class_weights":
        return {"beta": {"method": "effective_number"}, "c": {"method": "enet"}}[option]
    return {}


@pytest.mark.parametrize(
    ("name", "option", "value"), INF_CASES, ids=[f"{n}-{o}={v}" for n, o, v in INF_CASES]
)
def test_infinite_option_is_refused(name, option, value):
    case = CASES[name]
    args, arrays = case.inputs()
    options = {**case.options, **_option_for_method(name, option), option: value}
    with pytest.raises((ValueError, TypeError), match=option):
        getattr(portloss, name)(*args, **arrays, **options)


@pytest.mark.parametrize("dtype", [np.float32, np.dtype("float32"), "float32"])
def test_one_hot_and_smooth_labels_accept_numpy_and_string_dtypes(backend, dtype):
    y = backend.asarray(np.array([0, 2, 1]))
    want = backend.xp.float32
    assert portloss.one_hot(y, 3, dtype=dtype).dtype == want
    assert portloss.smooth_labels(y, 0.1, num_classes=3, dtype=dtype).dtype == want
    assert portloss.smooth_labels(y, 0.1, smoothing_variant="binary", dtype=dtype).dtype == want


@pytest.mark.parametrize("dtype", ["float33", 5, "sum"])
def test_one_hot_and_smooth_labels_name_a_bad_dtype(backend, dtype):
    y = backend.asarray(np.array([0, 2, 1]))
    with pytest.raises(TypeError, match=r"^dtype must"):
        portloss.one_hot(y, 3, dtype=dtype)
    with pytest.raises(TypeError, match=r"^dtype must"):
        portloss.smooth_labels(y, 0.1, num_classes=3, dtype=dtype)


def test_smooth_labels_refuses_an_integer_dtype(backend):
    y = backend.asarray(np.array([0, 2, 1]))
    with pytest.raises(TypeError, match=r"^dtype must be a real floating dtype"):
        portloss.smooth_labels(y, 0.1, num_classes=3, dtype="int64")


def test_dask_unknown_chunk_sizes_name_compute_chunk_sizes():
    da = pytest.importorskip("dask.array")
    x = da.from_array(np.random.default_rng(0).standard_normal((8, 3)), chunks=4)
    x = x[x[:, 0] > -10]  # boolean indexing: the row count is unknown (NaN)
    y = da.from_array(np.zeros(8, dtype=np.int64), chunks=4)
    y = y[y > -1]
    for call in (lambda: portloss.cross_entropy(x, y), lambda: portloss.mse_loss(x, x)):
        with pytest.raises(ValueError, match=r"compute_chunk_sizes\(\)") as info:
            call()
        message = str(info.value)
        assert "nan" not in message  # no "expected shape (nan,), got shape (nan,)"
