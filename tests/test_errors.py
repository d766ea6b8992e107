"""Argument validation of cross_entropy / nll_loss and of the namespace layer.

Every check asserts the exception type and, with ``match=``, that the message names the
argument (and the fix, where there is one). Shape and dtype checks read no values, so
they run on every backend; the class-range check reads values on NumPy only and
elsewhere must give NaN, never a finite number.
"""

from __future__ import annotations

import contextlib
import functools
import re

import numpy as np
import pytest
from conftest import get_backend

import portloss
from portloss import _namespace
from portloss._backends import use_native

N, C, H, W = 6, 5, 3, 2
LOSSES = {"cross_entropy": portloss.cross_entropy, "nll_loss": portloss.nll_loss}


@pytest.fixture(params=list(LOSSES))
def loss(request):
    return LOSSES[request.param]


def logits(*shape):
    return np.random.default_rng(0).standard_normal(shape)


def labels(*shape, high=C):
    return np.random.default_rng(1).integers(0, high, size=shape)


# --- namespace: libraries, devices, non-arrays --------------------------------------------


def test_mixed_libraries_name_both_arguments(loss):
    torch = pytest.importorskip("torch")
    x, t = logits(N, C), labels(N)
    with pytest.raises(TypeError, match=r"input is a numpy array but target is a torch array"):
        loss(x, torch.asarray(t))
    with pytest.raises(TypeError, match=r"input is a torch array but target is a numpy array"):
        loss(torch.asarray(x), t)
    with pytest.raises(TypeError, match=r"input is a numpy array but weight is a torch array"):
        loss(x, t, weight=torch.ones(C, dtype=torch.float64))
    with pytest.raises(TypeError, match=r"input is a numpy array but sample_weight is a torch"):
        loss(x, t, sample_weight=torch.ones(N, dtype=torch.float64))


def test_mixed_libraries_jax_weight(loss):
    jnp = pytest.importorskip("jax.numpy")
    with pytest.raises(TypeError, match=r"input is a numpy array but weight is a jax"):
        loss(logits(N, C), labels(N), weight=jnp.ones(C))


def test_non_array_arguments(loss):
    x, t = logits(N, C), labels(N)
    with pytest.raises(TypeError, match=r"target must be an array.*got list"):
        loss(x, t.tolist())
    with pytest.raises(TypeError, match=r"input must be an array.*got list"):
        loss(x.tolist(), t)
    with pytest.raises(TypeError, match=r"weight must be an array.*got list"):
        loss(x, t, weight=[1.0] * C)
    with pytest.raises(TypeError, match=r"sample_weight must be an array.*got float"):
        loss(x, t, sample_weight=2.0)


def test_arrays_on_different_devices(loss):
    xp = pytest.importorskip("array_api_strict")
    other = xp.Device("device1")
    x = xp.asarray(logits(N, C), device=other)
    t = xp.asarray(labels(N))
    with pytest.raises(ValueError, match=r"target is on device .* but input is on device"):
        loss(x, t)
    t = xp.asarray(labels(N), device=other)
    with pytest.raises(ValueError, match=r"weight is on device .* but input is on device"):
        loss(x, t, weight=xp.ones(C, dtype=xp.float64))
    # the same arrays on one non-default device are fine
    out = loss(x, t, weight=xp.ones(C, dtype=xp.float64, device=other))
    assert out.device == other


def test_namespace_helpers():
    with pytest.raises(TypeError, match=r"no array argument"):
        _namespace.array_namespace(weight=None, sample_weight=None)
    with pytest.raises(TypeError, match=r"^input must be an array .*got None"):
        _namespace.array_namespace(input=None, target=None)
    x = np.zeros(3, dtype=np.float32)
    xp = _namespace.array_namespace(input=x, weight=None)
    assert _namespace.to_dtype(xp, x, xp.float32) is x  # no copy, no re-wrap
    assert _namespace.to_dtype(xp, x, xp.float64).dtype == np.float64
    assert _namespace.compute_dtype(xp, xp.float16) == xp.float32
    assert _namespace.compute_dtype(xp, xp.float64) == xp.float64


# --- target form and shape ----------------------------------------------------------------


def test_wrong_index_target_shape(backend, loss):
    x = backend.asarray(logits(N, C))
    with pytest.raises(ValueError, match=r"target must be class indices of shape \(6,\)"):
        loss(x, backend.asarray(labels(N - 1)))
    with pytest.raises(ValueError, match=r"target must be class indices of shape \(6,\)"):
        loss(x, backend.asarray(labels(N, 1)))


def test_misplaced_class_axis_hint(backend, loss):
    x = backend.asarray(logits(8, 5, 4, 4))  # torch layout
    t = backend.asarray(labels(8, 4, 4))
    with pytest.raises(ValueError, match=r"target must be class indices .*; pass axis=1"):
        loss(x, t, axis=-1)
    with pytest.raises(ValueError, match=r"has its class axis at 3; pass axis=1"):
        loss(x, t)  # the default axis is -1
    x_last = backend.asarray(logits(8, 4, 4, 5))
    with pytest.raises(ValueError, match=r"has its class axis at 1; pass axis=3"):
        loss(x_last, t, axis=1)


def test_input_without_classes(backend, loss):
    """Class indices into no class raise; an empty batch of them is torch's NaN mean."""
    x = backend.asarray(np.zeros((N, 0)))
    with pytest.raises(ValueError, match=r"input must have at least one class along axis 1"):
        loss(x, backend.asarray(labels(N)))
    empty = loss(backend.asarray(np.zeros((0, 0))), backend.asarray(labels(0)))
    assert np.isnan(backend.to_numpy(empty))


def test_float_target_with_index_shape(backend, loss):
    x = backend.asarray(logits(N, C))
    t = backend.asarray(labels(N).astype(np.float64))
    with pytest.raises(TypeError, match=r"target must be class indices.*cast the class indices"):
        loss(x, t)


def test_bool_target(backend, loss):
    x = backend.asarray(logits(N, C))
    with pytest.raises(
        TypeError, match=r"target must be class indices.*got shape \(6,\) and dtype \S*bool"
    ):
        loss(x, backend.asarray(labels(N) > 1))


def test_nll_loss_rejects_probability_targets(backend):
    p = np.full((N, C), 1.0 / C)
    with pytest.raises(ValueError, match=r"target must be class indices.*no class probabilities"):
        portloss.nll_loss(backend.asarray(logits(N, C)), backend.asarray(p))


def test_probability_target_of_wrong_shape(backend):
    with pytest.raises(ValueError, match=r"target must be class indices .* or class probabilities"):
        portloss.cross_entropy(
            backend.asarray(logits(N, C)), backend.asarray(np.full((N, C + 1), 0.2))
        )


def test_ignore_index_with_probability_targets(backend):
    p = np.full((N, C), 1.0 / C)
    with pytest.raises(ValueError, match=r"ignore_index applies to class-index targets only"):
        portloss.cross_entropy(backend.asarray(logits(N, C)), backend.asarray(p), ignore_index=0)


# --- dtypes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["int64", "int32", "complex128"])
def test_non_real_floating_input(backend, loss, dtype):
    x = backend.asarray(labels(N, C).astype(dtype))
    with pytest.raises(TypeError, match=r"input must have a real floating dtype"):
        loss(x, backend.asarray(labels(N)))


def test_weight_and_sample_weight_dtypes(loss):
    x, t = logits(N, C), labels(N)
    with pytest.raises(TypeError, match=r"weight must have a real dtype"):
        loss(x, t, weight=np.ones(C, dtype=np.complex128))
    with pytest.raises(TypeError, match=r"sample_weight must have a real or bool dtype"):
        loss(x, t, sample_weight=np.ones(N, dtype=np.complex128))


# --- options --------------------------------------------------------------------------------


def test_weight_of_wrong_shape(backend, loss):
    x, t = backend.asarray(logits(N, C)), backend.asarray(labels(N))
    for shape in [(C - 1,), (C + 1,), (1, C)]:
        with pytest.raises(ValueError, match=r"weight must have shape \(5,\), one entry per class"):
            loss(x, t, weight=backend.asarray(np.ones(shape)))


@pytest.mark.parametrize("reduction", ["avg", "MEAN", "batchmean", None, 0])
def test_unknown_reduction(loss, reduction):
    with pytest.raises(
        ValueError, match=re.escape("reduction must be one of 'none' | 'mean' | 'sum'")
    ):
        loss(logits(N, C), labels(N), reduction=reduction)


@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan"), float("inf")])
def test_label_smoothing_out_of_range(value):
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        portloss.cross_entropy(logits(N, C), labels(N), label_smoothing=value)


@pytest.mark.parametrize("value", ["0.1", None, True, [0.1], 1j])
def test_label_smoothing_of_wrong_type(value):
    with pytest.raises(TypeError, match=r"label_smoothing must be a real number"):
        portloss.cross_entropy(logits(N, C), labels(N), label_smoothing=value)


@pytest.mark.parametrize("value", [1.0, True, "1", None])
def test_ignore_index_of_wrong_type(loss, value):
    with pytest.raises(TypeError, match=r"ignore_index must be an int"):
        loss(logits(N, C), labels(N), ignore_index=value)


@pytest.mark.parametrize("axis", [2, -3, 10])
def test_axis_out_of_range(loss, axis):
    with pytest.raises(
        ValueError, match=rf"axis={axis} is out of range for input with 2 dimension"
    ):
        loss(logits(N, C), labels(N), axis=axis)


@pytest.mark.parametrize("axis", [1.0, None, "1"])
def test_axis_of_wrong_type(loss, axis):
    with pytest.raises(TypeError, match=r"axis must be an int"):
        loss(logits(N, C), labels(N), axis=axis)


def test_sample_weight_that_does_not_broadcast(backend, loss):
    t = backend.asarray(labels(N, H, W))
    for x, axis in [(logits(N, H, W, C), -1), (logits(N, C, H, W), 1)]:
        X = backend.asarray(x)
        with pytest.raises(ValueError, match=r"for a per-sample weight reshape it to \(6, 1, 1\)"):
            loss(X, t, axis=axis, sample_weight=backend.asarray(np.ones(N)))
        # right-aligned (H, W) is refused too, without the per-sample hint
        with pytest.raises(
            ValueError, match=r"sample_weight must broadcast .* got shape \(3, 2\)$"
        ):
            loss(X, t, axis=axis, sample_weight=backend.asarray(np.ones((H, W))))
    with pytest.raises(ValueError, match=r"sample_weight must broadcast .* \(6,\)"):
        loss(
            backend.asarray(logits(N, C)),
            backend.asarray(labels(N)),
            sample_weight=backend.asarray(np.ones(N + 1)),
        )


# --- class indices out of range -------------------------------------------------------------


@pytest.mark.parametrize("bad", [C, -1])
def test_out_of_range_class_index(backend, loss, bad):
    """NumPy raises; other backends (no host sync) give NaN, never a finite number;
    torch's own function, where a small call is delegated to it, raises."""
    t = labels(N)
    t[3] = bad
    kw = {"weight": backend.asarray(np.linspace(0.5, 2.0, C))}
    if loss is portloss.cross_entropy:
        kw["label_smoothing"] = 0.1
    x, t = backend.asarray(logits(N, C)), backend.asarray(t)
    if backend.name == "numpy":
        with pytest.raises(
            ValueError, match=rf"target must hold class indices in \[0, 5\).*got {bad}"
        ):
            loss(x, t, **kw)
        return
    if backend.name.startswith("torch"):
        # Small eager torch calls are delegated to torch.nn.functional, which raises for
        # the bad index (docs/performance.md); the standard path gives NaN.
        with pytest.raises(IndexError, match=rf"Target {bad} is out of bounds"):
            loss(x, t, **kw)
        context = use_native(False)
    else:
        context = contextlib.nullcontext()
    with context:
        for reduction in ("mean", "sum"):
            assert np.isnan(backend.to_numpy(loss(x, t, reduction=reduction, **kw))), reduction
        none = backend.to_numpy(loss(x, t, reduction="none", **kw))
    assert np.isnan(none[3])
    assert np.isfinite(np.delete(none, 3)).all()


def test_out_of_range_class_index_kdim_torch_layout(backend):
    t = labels(N, H, W)
    t[2, 1, 1] = C
    x, t = backend.asarray(logits(N, C, H, W)), backend.asarray(t)
    if backend.name == "numpy":
        with pytest.raises(ValueError, match=r"target must hold class indices in \[0, 5\)"):
            portloss.cross_entropy(x, t, axis=1)
        return
    none = backend.to_numpy(portloss.cross_entropy(x, t, axis=1, reduction="none"))
    assert np.isnan(none[2, 1, 1])
    assert np.isfinite(none).sum() == none.size - 1
    assert np.isnan(backend.to_numpy(portloss.cross_entropy(x, t, axis=1)))


def test_ignore_index_outside_class_range_is_not_an_error(loss):
    t = labels(N)
    t[2] = -1
    out = loss(logits(N, C), t, ignore_index=-1, reduction="none")
    assert out[2] == 0.0
    assert np.isfinite(out).all()


@pytest.mark.parametrize("name", list(LOSSES))
def test_out_of_range_class_index_under_jax_jit(name):
    backend = get_backend("jax")
    import jax

    t = labels(N)
    t[0] = C
    fn = jax.jit(functools.partial(LOSSES[name], reduction="none"))
    out = np.asarray(fn(backend.asarray(logits(N, C)), backend.asarray(t)))
    assert np.isnan(out[0])
    assert np.isfinite(out[1:]).all()
