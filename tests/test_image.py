"""Image-quality losses against kornia and MONAI, on every backend.

kornia (float64) is the oracle for the reflect-padded DSSIM, PSNR and total variation;
MONAI (which computes in float32 whatever the input) for the valid ``1 - SSIM`` and
MS-SSIM. No expected number is computed by portloss.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss

SHAPE = (2, 3, 16, 16)
TOL = {"float32": {"rtol": 2e-5, "atol": 2e-6}, "float64": {"rtol": 1e-10, "atol": 1e-12}}
MONAI_TOL = {"rtol": 1e-4, "atol": 2e-6}  # MONAI's float32 against portloss' float64
KORNIA = {"padding": "reflect", "dssim": True, "eps": 1e-12}


def _images(seed=0, shape=SHAPE):
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=shape)
    return x, np.clip(x + 0.2 * rng.standard_normal(shape), 0.0, 1.0)


def _t(a, grad=False):
    torch = pytest.importorskip("torch")
    return torch.tensor(a, requires_grad=grad)


def _kornia():
    return pytest.importorskip("kornia")


def _monai_ssim(x, y, win_size, **kw):
    losses = pytest.importorskip("monai.losses")
    return losses.SSIMLoss(spatial_dims=2, win_size=win_size, **kw)(x.float(), y.float())


def _monai_ms_ssim(x, y, **kw):
    # The metric function itself: the metric object's __call__ detaches its inputs.
    regression = pytest.importorskip("monai.metrics.regression")
    return 1 - regression.compute_ms_ssim(x.float(), y.float(), spatial_dims=2, **kw).ravel()


def _skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


def _expected(name, x, y):
    k = _kornia()
    tx, ty = _t(x), _t(y)
    if name == "ssim_kornia":
        return k.losses.ssim_loss(tx, ty, 5, reduction="none").numpy()
    if name == "ssim_kornia_valid":
        return k.losses.ssim_loss(tx, ty, 5, padding="valid", reduction="none").numpy()
    if name == "psnr":
        return k.losses.psnr_loss(tx, ty, 2.0).numpy()
    if name == "tv":
        return k.losses.total_variation(tx).numpy()
    return k.losses.total_variation(tx, reduction="mean").numpy()


CALLS = {
    "ssim_kornia": lambda x, y: portloss.ssim_loss(x, y, win_size=5, reduction="none", **KORNIA),
    "ssim_kornia_valid": lambda x, y: portloss.ssim_loss(
        x, y, win_size=5, reduction="none", **{**KORNIA, "padding": "valid"}
    ),
    "psnr": lambda x, y: portloss.psnr_loss(x, y, data_range=2.0),
    "tv": lambda x, y: portloss.total_variation(x, reduction="none"),
    "tv_average": lambda x, y: portloss.total_variation(x, average=True, reduction="none"),
}


def _run(backend, fn, *arrays):
    """``fn`` on the backend's arrays, compiled where the backend compiles (JAX)."""
    arrays = [backend.asarray(a) for a in arrays]
    out = backend.jit(fn)(*arrays) if callable(backend.jit) else fn(*arrays)
    return out, backend.to_numpy(out)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_kornia_and_monai_on_every_backend(backend, dtype):
    _skip_dtype(backend, dtype)
    x, y = (a.astype(dtype) for a in _images(1))
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    # Lazy and compiling backends run the distinct code paths only (time).
    names = list(CALLS) if backend.name in ("numpy", "torch") else ["ssim_kornia", "psnr", "tv"]
    for name in names:
        call = CALLS[name]
        out, got = _run(backend, call, x, y)
        assert out.dtype == getattr(backend.xp, dtype), name
        np.testing.assert_allclose(got, _expected(name, x64, y64), **TOL[dtype], err_msg=name)
    tol = MONAI_TOL if dtype == "float64" else {"rtol": 2e-4, "atol": 2e-5}
    expected = _monai_ssim(_t(x64), _t(y64), 7, data_range=2.0, kernel_sigma=1.2, k1=0.02, k2=0.05)
    kw = {"win_size": 7, "data_range": 2.0, "sigma": 1.2, "k1": 0.02, "k2": 0.05}
    _, got = _run(backend, lambda a, b: portloss.ssim_loss(a, b, **kw), x, y)
    np.testing.assert_allclose(got, expected.item(), **tol)
    for weights in [(0.3, 0.3, 0.4)]:
        expected = _monai_ms_ssim(_t(x64), _t(y64), kernel_size=3, weights=weights).numpy()
        _, got = _run(
            backend,
            lambda a, b, w=weights: portloss.ms_ssim_loss(
                a, b, win_size=3, weights=w, reduction="none"
            ),
            x,
            y,
        )
        np.testing.assert_allclose(got, expected, **tol)


def test_channels_last_is_the_transposed_layout():
    x, y = _images(4)
    last = (0, 2, 3, 1)
    xl, yl = x.transpose(last), y.transpose(last)
    expected = _expected("ssim_kornia", x, y).transpose(last)
    got = portloss.ssim_loss(xl, yl, win_size=5, channels_last=True, reduction="none", **KORNIA)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
    expected = _monai_ms_ssim(_t(x), _t(y), kernel_size=3, weights=(0.5, 0.5)).numpy()
    got = portloss.ms_ssim_loss(
        xl, yl, win_size=3, weights=(0.5, 0.5), channels_last=True, reduction="none"
    )
    np.testing.assert_allclose(got, expected, **MONAI_TOL)
    tv = _kornia().losses.total_variation(_t(x)).numpy()
    got = portloss.total_variation(xl, channels_last=True, reduction="none")
    np.testing.assert_allclose(got, tv, rtol=1e-12)


@pytest.mark.parametrize("name", ["ssim_kornia", "ssim_kornia_valid", "psnr", "tv", "tv_average"])
def test_gradients_match_kornia(name):
    torch = pytest.importorskip("torch")
    k = _kornia()
    x, y = _images(5)
    tx = _t(x, grad=True)
    theirs = {
        "ssim_kornia": lambda a: k.losses.ssim_loss(a, _t(y), 5, reduction="sum"),
        "ssim_kornia_valid": lambda a: k.losses.ssim_loss(
            a, _t(y), 5, padding="valid", reduction="sum"
        ),
        "psnr": lambda a: k.losses.psnr_loss(a, _t(y), 2.0),
        "tv": lambda a: k.losses.total_variation(a).sum(),
        "tv_average": lambda a: k.losses.total_variation(a, reduction="mean").sum(),
    }[name]
    (expected,) = torch.autograd.grad(theirs(tx), tx)
    px = _t(x, grad=True)
    (got,) = torch.autograd.grad(CALLS[name](px, _t(y)).sum(), px)
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-9, atol=1e-12)


def test_ssim_and_ms_ssim_gradients_match_monai_under_jax_jit():
    jax = pytest.importorskip("jax")
    torch = pytest.importorskip("torch")
    jax.config.update("jax_enable_x64", True)
    x, y = _images(6)
    tx = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float32)
    losses = pytest.importorskip("monai.losses")
    ssim = losses.SSIMLoss(spatial_dims=2, win_size=5)(tx, ty)
    (g_ssim,) = torch.autograd.grad(ssim, tx)
    tx2 = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    ms = _monai_ms_ssim(tx2, ty, kernel_size=3, weights=(0.5, 0.5))
    (g_ms,) = torch.autograd.grad(ms.mean(), tx2)
    jy = jax.numpy.asarray(y)
    f1 = jax.jit(jax.grad(lambda a: portloss.ssim_loss(a, jy, win_size=5)))
    f2 = jax.jit(jax.grad(lambda a: portloss.ms_ssim_loss(a, jy, win_size=3, weights=(0.5, 0.5))))
    scale1 = np.abs(g_ssim.numpy()).max()
    np.testing.assert_allclose(
        np.asarray(f1(jax.numpy.asarray(x))), g_ssim.numpy(), rtol=1e-3, atol=1e-4 * scale1
    )
    scale2 = np.abs(g_ms.numpy()).max()
    np.testing.assert_allclose(
        np.asarray(f2(jax.numpy.asarray(x))), g_ms.numpy(), rtol=1e-3, atol=1e-4 * scale2
    )


def test_sample_weight_and_reductions():
    x, y = _images(7)
    expected = _expected("ssim_kornia", x, y)
    s = np.random.default_rng(7).uniform(0.5, 2.0, (2, 1, 1, 1))
    got = portloss.ssim_loss(x, y, win_size=5, sample_weight=s, **KORNIA)
    w = np.broadcast_to(s, expected.shape)
    np.testing.assert_allclose(got, (expected * w).sum() / w.sum(), rtol=1e-12)
    total = portloss.ssim_loss(x, y, win_size=5, reduction="sum", **KORNIA)
    np.testing.assert_allclose(total, expected.sum(), rtol=1e-12)
    ms = _monai_ms_ssim(_t(x), _t(y), kernel_size=3, weights=(0.5, 0.5)).numpy()
    got = portloss.ms_ssim_loss(x, y, win_size=3, weights=(0.5, 0.5), sample_weight=s.ravel())
    np.testing.assert_allclose(got, (ms * s.ravel()).sum() / s.sum(), **MONAI_TOL)
    # psnr per image: MONAI's metric, weighted over the images
    metrics = pytest.importorskip("monai.metrics")
    per_image = metrics.PSNRMetric(max_val=1.0, reduction="none")(_t(x), _t(y)).numpy().ravel()
    got = portloss.psnr_loss(x, y, per_image=True, reduction="none")
    np.testing.assert_allclose(got, -per_image, rtol=1e-10)
    got = portloss.psnr_loss(x, y, per_image=True, sample_weight=s.ravel())
    np.testing.assert_allclose(got, -(per_image * s.ravel()).sum() / s.sum(), rtol=1e-10)


def test_identical_images():
    x, _ = _images(9)
    assert portloss.ssim_loss(x, x, win_size=5) < 1e-12
    assert portloss.ms_ssim_loss(x, x, win_size=3, weights=(0.5, 0.5)) < 1e-12
    with np.errstate(divide="ignore"):
        assert portloss.psnr_loss(x, x) == -np.inf  # as kornia
    assert _kornia().losses.psnr_loss(_t(x), _t(x), 1.0).item() == -np.inf


def test_nan_propagates():
    x, y = _images(10, shape=(2, 1, 16, 16))
    x[1, 0, 5, 5] = np.nan
    ssim = portloss.ssim_loss(x, y, win_size=5, reduction="none", **KORNIA)
    assert np.isnan(ssim[1]).any()
    assert np.isfinite(ssim[0]).all()
    ms = portloss.ms_ssim_loss(x, y, win_size=3, weights=(0.5, 0.5), reduction="none")
    assert np.isnan(ms[1])
    assert np.isfinite(ms[0])
    assert np.isnan(portloss.psnr_loss(x, y))
    tv = portloss.total_variation(x, reduction="none")
    assert np.isnan(tv[1, 0])
    assert np.isfinite(tv[0, 0])


@pytest.mark.parametrize(
    ("fn", "args", "kw", "error", "match"),
    [
        (
            portloss.ssim_loss,
            (np.zeros((2, 16, 16)),) * 2,
            {},
            ValueError,
            r"\(N, C, H, W\), 4 dim",
        ),
        (portloss.ssim_loss, (np.zeros((1, 1, 8, 8)),) * 2, {}, ValueError, "too small"),
        (
            portloss.ssim_loss,
            (np.zeros((1, 1, 8, 8)),) * 2,
            {"win_size": 4},
            ValueError,
            "win_size must be an odd",
        ),
        (
            portloss.ssim_loss,
            (np.zeros((1, 1, 8, 8)),) * 2,
            {"padding": "same"},
            ValueError,
            "padding must be",
        ),
        (
            portloss.ssim_loss,
            (np.zeros((1, 1, 8, 8)),) * 2,
            {"data_range": 0.0},
            ValueError,
            "data_range must be > 0",
        ),
        (
            portloss.ms_ssim_loss,
            (np.zeros((1, 1, 32, 32)),) * 2,
            {},
            ValueError,
            "pass fewer weights",
        ),
        (
            portloss.ms_ssim_loss,
            (np.zeros((1, 1, 32, 32)),) * 2,
            {"weights": ()},
            TypeError,
            "weights must be",
        ),
        (portloss.total_variation, (np.zeros(5),), {}, ValueError, "at least 2 dimensions"),
        (
            portloss.psnr_loss,
            (np.zeros(3), np.zeros(4)),
            {},
            ValueError,
            "target must have the shape",
        ),
    ],
)
def test_bad_input_names_the_argument(fn, args, kw, error, match):
    with pytest.raises(error, match=match):
        fn(*args, **kw)
