"""hausdorff_erosion_loss against kornia's HausdorffERLoss (2-D) and HausdorffERLoss3D."""

from __future__ import annotations

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")
kornia_losses = pytest.importorskip("kornia.losses", reason="kornia is the oracle")


def _blobs(shape, classes, seed):
    """Class maps with structure (boxes), predictions near them but wrong in places."""
    rng = np.random.default_rng(seed)
    y = np.zeros(shape, dtype=np.int64)
    for n in range(shape[0]):
        for c in range(1, classes):
            lo = [rng.integers(0, d // 2) for d in shape[1:]]
            box = (n, *(slice(a, a + d // 2 + 1) for a, d in zip(lo, shape[1:])))
            y[box] = c
    # the prediction is the map shifted by 2 pixels: bands of near-1 squared errors
    onehot = np.moveaxis(np.eye(classes)[np.roll(y, 2, axis=1)], -1, 1)
    logits = 8.0 * onehot + rng.normal(scale=1.0, size=onehot.shape)
    return logits, y


@pytest.mark.parametrize(
    ("shape", "cls", "k", "alpha", "rtol"),
    [
        ((2, 9, 8), "HausdorffERLoss", 10, 2.0, 1e-6),
        ((2, 9, 8), "HausdorffERLoss", 3, 1.5, 1e-6),
        ((2, 5, 6, 7), "HausdorffERLoss3D", 4, 2.0, 1e-6),  # kornia's 1/7 is float32
    ],
)
def test_matches_kornia_values_and_gradients(shape, cls, k, alpha, rtol):
    logits, y = _blobs(shape, 3, seed=len(shape) + k)
    p = torch.softmax(torch.tensor(logits), 1)
    theirs_in = p.clone().requires_grad_(True)
    theirs = getattr(kornia_losses, cls)(alpha=alpha, k=k)(theirs_in, torch.tensor(y)[:, None])
    (g_theirs,) = torch.autograd.grad(theirs, theirs_in)
    ours_in = p.clone().requires_grad_(True)
    ours = portloss.hausdorff_erosion_loss(
        ours_in, torch.tensor(y), axis=1, iterations=k, alpha=alpha
    )
    (g_ours,) = torch.autograd.grad(ours, ours_in)
    assert theirs.item() > 1e-3  # the erosions survive: the comparison is not of zeros
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=rtol)
    # kornia keeps its kernel weights (1/5, 1/7) as float32 numbers
    g_rtol = 1e-4 if cls.endswith("3D") else 1e-5
    np.testing.assert_allclose(g_ours.numpy(), g_theirs.numpy(), rtol=g_rtol, atol=1e-9)
    # logits in, the softmax inside; channels-last gives the same number
    logits_last = np.moveaxis(logits, 1, -1)
    last = portloss.hausdorff_erosion_loss(
        logits_last, y, from_logits=True, iterations=k, alpha=alpha
    )
    np.testing.assert_allclose(last, theirs.item(), rtol=rtol)


def test_options_and_errors():
    logits, y = _blobs((1, 6, 6), 2, seed=3)
    with pytest.raises(ValueError, match="pass from_logits=True"):
        portloss.hausdorff_erosion_loss(logits, y, axis=1, activation="softmax")
    with pytest.raises(ValueError, match="iterations must be >= 0"):
        portloss.hausdorff_erosion_loss(logits, y, axis=1, iterations=-1)
    with pytest.raises(ValueError, match="at least one spatial axis"):
        portloss.hausdorff_erosion_loss(np.zeros((2, 3)), np.zeros(2, dtype=np.int64))
    p = np.full((1, 1, 4, 4), 0.25)
    # no erosion: nothing is added
    assert float(portloss.hausdorff_erosion_loss(p, p > 0.5, axis=1, iterations=0)) == 0.0
    none = portloss.hausdorff_erosion_loss(logits, y, axis=1, from_logits=True, reduction="none")
    assert none.shape == logits.shape
