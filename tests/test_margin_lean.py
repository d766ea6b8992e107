"""Edges of the margin losses' lean formulations (issue 25), against written-out formulas.

Keras' {0, 1} label conversion is decided by one test over the whole array; labels that
are almost binary (tiny, just above 1, infinite, NaN) must not be converted. (Not a
subnormal: XLA on CPU treats subnormals as 0, in the labels as in the arithmetic.) The class
masks are built by comparing a class ramp with the target, so an out-of-range index of
either sign matches no class and gives NaN. Expected values are float64 NumPy formulas
or torch.nn.functional, never portloss.
"""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import TOL
from _helpers import torch_oracle as _torch

import portloss

N, C = 5, 4


def keras_hinge(x, y):
    """Keras' hinge, elementwise: labels all in {0, 1} become 2y - 1, others stay."""
    y = y.astype(np.float64)
    with np.errstate(invalid="ignore"):
        binary = bool(np.all((y == 0) | (y == 1)))
        return np.maximum(1.0 - (2.0 * y - 1.0 if binary else y) * x, 0.0)


ALMOST_BINARY = {
    "tiny": 1e-30,
    "next-after-1": 1.0 + 2.0**-52,
    "inf": np.inf,
    "-inf": -np.inf,
    "nan": np.nan,
    "half": 0.5,
}


@pytest.mark.parametrize("odd", list(ALMOST_BINARY), ids=list(ALMOST_BINARY))
def test_almost_binary_labels_are_not_converted(backend, odd):
    x = np.random.default_rng(1).standard_normal((N, C))
    y = np.random.default_rng(2).integers(0, 2, (N, C)).astype(np.float64)
    y[0, 0] = -0.0  # still a 0 (converted to -1 when the rest is binary)
    y[2, 1] = ALMOST_BINARY[odd]
    got = portloss.hinge_loss(backend.asarray(x), backend.asarray(y), reduction="none")
    np.testing.assert_allclose(backend.to_numpy(got), keras_hinge(x, y), **TOL["float64"])
    y[2, 1] = 1.0
    got = portloss.squared_hinge_loss(backend.asarray(x), backend.asarray(y), reduction="none")
    np.testing.assert_allclose(backend.to_numpy(got), keras_hinge(x, y) ** 2, **TOL["float64"])


def test_bool_labels_are_converted_with_their_gradient():
    torch, _ = _torch()
    x = torch.tensor(np.random.default_rng(3).standard_normal((N, C)), requires_grad=True)
    y = np.random.default_rng(4).integers(0, 2, (N, C)).astype(bool)
    portloss.hinge_loss(x, torch.tensor(y), reduction="sum").backward()
    signed = torch.tensor(2.0 * y - 1.0)
    x2 = x.detach().clone().requires_grad_(True)
    torch.clamp_min(1.0 - signed * x2, 0.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), x2.grad.numpy())


def test_negative_and_large_indices_give_nan():
    torch, _ = _torch()
    x = torch.tensor(np.random.default_rng(5).standard_normal((N, C)))
    y = torch.tensor([0, -1, 3, C, 2])
    for fn in (portloss.multi_margin_loss, portloss.categorical_hinge_loss):
        out = fn(x, y, reduction="none").numpy()
        assert np.isnan(out[[1, 3]]).all(), fn.__name__
        assert np.isfinite(out[[0, 2, 4]]).all(), fn.__name__
    ok = torch.tensor([0, 1, 3, 1, 2])
    expected = torch.nn.functional.multi_margin_loss(x, ok, reduction="none")
    out = portloss.multi_margin_loss(x, y, reduction="none")
    np.testing.assert_allclose(out[[0, 2, 4]].numpy(), expected[[0, 2, 4]].numpy(), rtol=1e-12)


def test_multilabel_bad_value_anywhere_in_the_row_gives_nan():
    torch, _ = _torch()
    F = torch.nn.functional
    x = torch.tensor(np.random.default_rng(6).standard_normal((N, C)))
    y = torch.tensor([[2, 2, -1, 3], [-1, 0, 1, 2], [3, 0, -1, C], [1, -2, 0, 0], [0, 1, 2, 3]])
    out = portloss.multilabel_margin_loss(x, y.to(torch.int32), reduction="none").numpy()
    assert np.isnan(out[[2, 3]]).all()  # C after the end, -2 inside: torch raises for both
    good = [0, 1, 4]
    expected = F.multilabel_margin_loss(x[good], y[good], reduction="none").numpy()
    np.testing.assert_allclose(out[good], expected, rtol=1e-12)


def test_categorical_hinge_index_targets_on_a_middle_axis(backend):
    x = np.random.default_rng(7).standard_normal((2, C, 3))
    x[0, 1, 2] = -np.inf  # a forbidden class, not the target
    t = np.random.default_rng(8).integers(0, C, (2, 3))
    t[0, 2] = 0
    onehot = np.moveaxis(np.eye(C)[t], -1, 1)
    pos = np.where(onehot == 1, x, 0.0).sum(1)
    neg = np.where(onehot == 1, 0.0, x).max(1)
    expected = np.maximum(neg - pos + 1.0, 0.0)
    got = portloss.categorical_hinge_loss(
        backend.asarray(x), backend.asarray(t), axis=1, reduction="none"
    )
    np.testing.assert_allclose(backend.to_numpy(got), expected, **TOL["float64"])
