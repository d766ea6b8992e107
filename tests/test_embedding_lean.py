"""The embedding losses' stacked norms (issue 25): one norm over input and target, or
over all the differences of a triplet, keeps each vector's own scale and gradients.

Oracles: torch.nn.functional in float64 and float64 NumPy formulas, never portloss.
"""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import torch_oracle as _torch

import portloss


def _triplets():
    rng = np.random.default_rng(31)
    a, po, ne = (rng.standard_normal((5, 4)) for _ in range(3))
    a[0], po[0] = 0.0, 1e-6  # a - po + eps is exactly the zero vector: gradient 0
    ne[1] = po[1] + 0.01  # with swap, d(po, ne) is the smaller negative distance
    return [a, po, ne]


def _torch_loss_and_grads(name, arrays, **options):
    torch, F = _torch()
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    loss = getattr(F, name)(*ts, reduction="sum", **options)
    loss.backward()
    return loss.item(), [t.grad.numpy() for t in ts]


@pytest.mark.parametrize("swap", [False, True])
def test_default_distance_values_and_gradients_match_torch(backend, swap):
    arrays = _triplets()
    want, want_grads = _torch_loss_and_grads("triplet_margin_with_distance_loss", arrays, swap=swap)
    xs = [backend.asarray(a) for a in arrays]

    def f(*a):
        return portloss.triplet_margin_with_distance_loss(*a, swap=swap, reduction="sum")

    np.testing.assert_allclose(float(backend.to_numpy(f(*xs))), want, rtol=1e-12)
    if backend.autodiff is None:
        return
    for argnum, expected in enumerate(want_grads):
        got = backend.to_numpy(backend.grad(f, xs, argnum))
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)
    assert np.all(backend.to_numpy(backend.grad(f, xs, 1))[0] == 0.0)  # zero vector


def test_triplet_stacked_distances_keep_each_scale_in_float32(backend):
    # Rows near 1e20 (squares overflow float32) beside rows near 1e-20 (squares
    # underflow): every difference in the stack needs its own power-of-two scale.
    if "float32" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float32")
    rng = np.random.default_rng(32)
    rows = np.array([1e20, 1e20, 1e-20, 1e-20])[:, None]
    a, ne = (rng.standard_normal((4, 3)) * rows for _ in range(2))
    po = 2.0 * ne - a  # d(a, po) = 2 d(a, ne) and d(po, ne) = d(a, ne): every loss > 0
    arrays = [v.astype(np.float32) for v in (a, po, ne)]
    torch, F = _torch()
    for options in ({"swap": True}, {"p": 3.0}, {}):
        common = {"margin": 1e-30, "eps": 0.0, "reduction": "none", **options}
        want = F.triplet_margin_loss(
            *[torch.tensor(v, dtype=torch.float64) for v in arrays], **common
        )
        out = portloss.triplet_margin_loss(*[backend.asarray(v) for v in arrays], **common)
        got = backend.to_numpy(out)
        assert np.all(want.numpy() > 0), "every row should be in the hinge's linear part"
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-5, err_msg=str(options))


def _keras_cosine(x, y, keep, eps):
    """Keras' formula in float64 NumPy, with optax's ``where`` as zeroed entries."""
    x, y = np.where(keep, x, 0.0), np.where(keep, y, 0.0)

    def unit(v):
        norm = np.sqrt(np.sum(v * v, axis=(1, 2), keepdims=True))
        return v / np.maximum(norm, eps)

    return -np.sum(unit(x) * unit(y), axis=(1, 2))


def test_cosine_similarity_stacked_scales_where_and_axes(backend):
    if "float32" not in backend.dtypes:
        pytest.skip(f"{backend.name} has no float32")
    rng = np.random.default_rng(33)
    x = rng.standard_normal((4, 2, 3)) * 1e30  # squares overflow float32
    # 2**-100 of it underflows float32: a scale shared with x would lose y
    y = rng.standard_normal((4, 2, 3)) * 1e-2
    x[0] = 0.0  # a zero vector: loss 0
    keep = rng.random((4, 2, 3)) > 0.3
    keep[1] = False  # a row with every entry left out: loss 0
    x, y = (v.astype(np.float32).astype(np.float64) for v in (x, y))
    want = _keras_cosine(x, y, keep, 1e-7)
    out = portloss.cosine_similarity_loss(
        backend.asarray(x.astype(np.float32)),
        backend.asarray(y.astype(np.float32)),
        where=backend.asarray(keep),
        axis=(1, 2),
        reduction="none",
    )
    got = backend.to_numpy(out)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
    assert got[0] == 0.0
    assert got[1] == 0.0
