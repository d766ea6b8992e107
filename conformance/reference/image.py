"""Image losses written out: a 2-D Gaussian window over sliding views, in float64.

The window is the outer product of the 1-D Gaussian (not a separable filter, as
portloss computes it), the padding ``numpy.pad(mode="reflect")``, the pooling a reshape.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._convention import reduce_as


def _window(win_size, sigma):
    d = np.arange(win_size) - (win_size - 1) / 2
    g = np.exp(-0.5 * (d / sigma) ** 2)
    g = g / g.sum()
    return np.outer(g, g)


def _blur(z, kernel):
    # z: (N, C, H, W); valid correlation with the 2-D kernel
    views = sliding_window_view(z, kernel.shape, axis=(2, 3))
    return np.einsum("nchwij,ij->nchw", views, kernel)


def _maps(x, y, data_range, win_size, sigma, k1, k2, eps=0.0, padding="valid"):
    if padding == "reflect":
        r = win_size // 2
        x, y = (np.pad(z, ((0, 0), (0, 0), (r, r), (r, r)), mode="reflect") for z in (x, y))
    kernel = _window(win_size, sigma)
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    mx, my = _blur(x, kernel), _blur(y, kernel)
    vx = _blur(x * x, kernel) - mx**2
    vy = _blur(y * y, kernel) - my**2
    cxy = _blur(x * y, kernel) - mx * my
    ssim = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx**2 + my**2 + c1) * (vx + vy + c2) + eps)
    return ssim, (2 * cxy + c2) / (vx + vy + c2)


def _layout(a, channels_last):
    return np.moveaxis(a, -1, 1) if channels_last else a


def ssim_loss(
    input, target, *, data_range=1.0, win_size=11, sigma=1.5, k1=0.01, k2=0.03,
    padding="valid", dssim=False, eps=0.0, channels_last=False, sample_weight=None,
    reduction="mean", convention="torch",
):  # fmt: skip
    x, y = _layout(input, channels_last), _layout(target, channels_last)
    ssim, _ = _maps(x, y, data_range, win_size, sigma, k1, k2, eps, padding)
    loss = np.clip((1 - ssim) / 2, 0, 1) if dssim else 1 - ssim
    if channels_last:
        loss = np.moveaxis(loss, 1, -1)
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


def ms_ssim_loss(
    input, target, *, data_range=1.0, win_size=11, sigma=1.5, k1=0.01, k2=0.03,
    weights=(0.0448, 0.2856, 0.3001, 0.2363, 0.1333), channels_last=False,
    sample_weight=None, reduction="mean", convention="torch",
):  # fmt: skip
    x, y = _layout(input, channels_last), _layout(target, channels_last)
    score = np.ones(x.shape[0])
    for j, w in enumerate(weights):
        ssim, cs = _maps(x, y, data_range, win_size, sigma, k1, k2)
        term = (ssim if j == len(weights) - 1 else cs).reshape(x.shape[0], -1).mean(axis=1)
        score = score * np.maximum(term, 0) ** w
        n, c, h, wd = x.shape
        x, y = (
            z[:, :, : h // 2 * 2, : wd // 2 * 2].reshape(n, c, h // 2, 2, wd // 2, 2).mean((3, 5))
            for z in (x, y)
        )
    return reduce_as(1 - score, reduction, sample_weight=sample_weight, convention=convention)


def psnr_loss(
    input, target, *, data_range=1.0, per_image=False, sample_weight=None, reduction="mean",
    convention="torch",
):  # fmt: skip
    se = (input - target) ** 2
    mse = se.reshape(se.shape[0], -1).mean(axis=1) if per_image else np.asarray(se.mean())
    loss = -10 * np.log10(data_range**2 / mse)
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


def total_variation(
    input, *, average=False, channels_last=False, sample_weight=None, reduction="mean",
    convention="torch",
):  # fmt: skip
    z = np.moveaxis(input, -1, 0) if channels_last else input
    dv = np.abs(np.diff(z, axis=-2))
    dh = np.abs(np.diff(z, axis=-1))
    tv_v, tv_h = dv.sum((-2, -1)), dh.sum((-2, -1))
    if average:
        tv_v = tv_v / max(math.prod(dv.shape[-2:]), 1)
        tv_h = tv_h / max(math.prod(dh.shape[-2:]), 1)
    loss = tv_v + tv_h
    if channels_last:
        loss = np.moveaxis(loss, 0, -1)
    return reduce_as(loss, reduction, sample_weight=sample_weight, convention=convention)


REFERENCES = {
    "ssim_loss": ssim_loss,
    "ms_ssim_loss": ms_ssim_loss,
    "psnr_loss": psnr_loss,
    "total_variation": total_variation,
}
