"""Cases for portloss.image: SSIM (MONAI's and kornia's forms), MS-SSIM, PSNR, total variation.

kornia and MONAI are checked in ``tests/test_image.py``; here every backend meets the
float64 formulas of ``conformance/reference/image.py`` (a 2-D window over sliding views).
"""

from __future__ import annotations

from ..case import Case, mask, uniform

F32 = ("float32",)
BOTH = ("float32", "float64")
IMG = (2, 2, 12, 12)
KORNIA = {"padding": "reflect", "dssim": True, "eps": 1e-12}


def noisy(*shape: int):
    """Pixels in [0, 1): a second draw, correlated with nothing (SSIM's hard case)."""
    return uniform(*shape)


def _pair(*shape: int):
    return uniform(*shape), noisy(*shape)


def _last(shape):
    return (shape[0], shape[2], shape[3], shape[1])


CASES = [
    Case("ssim_loss", "monai-mean", _pair(*IMG), options={"win_size": 5}, dtypes=BOTH),
    Case(
        "ssim_loss",
        "kornia-none",
        _pair(*IMG),
        options={"win_size": 5, "reduction": "none", **KORNIA},
        dtypes=F32,
    ),
    Case(
        "ssim_loss",
        "channels-last-options-sum",
        _pair(*_last(IMG)),
        arrays={"sample_weight": uniform(2, 1, 1, 1, low=0.5, high=2.0)},
        options={
            "win_size": 3,
            "sigma": 0.8,
            "data_range": 2.0,
            "k1": 0.02,
            "k2": 0.05,
            "channels_last": True,
            "reduction": "sum",
        },
        dtypes=F32,
    ),
    Case(
        "ms_ssim_loss",
        "three-scales-none",
        _pair(*IMG),
        options={"win_size": 3, "weights": (0.3, 0.3, 0.4), "reduction": "none"},
        dtypes=BOTH,
    ),
    Case(
        "ms_ssim_loss",
        "channels-last-mask-mean",
        _pair(*_last(IMG)),
        arrays={"sample_weight": mask(2)},
        options={"win_size": 3, "weights": (0.5, 0.5), "channels_last": True},
        dtypes=F32,
    ),
    Case("psnr_loss", "mean", _pair(*IMG), options={"data_range": 2.0}, dtypes=BOTH),
    Case(
        "psnr_loss",
        "per-image-weighted-mean",
        _pair(*IMG),
        arrays={"sample_weight": uniform(2, low=0.5, high=2.0)},
        options={"per_image": True},
        dtypes=F32,
    ),
    Case(
        "psnr_loss", "per-image-none", _pair(4, 5), options={"per_image": True, "reduction": "none"}
    ),
    Case("total_variation", "sum-none", (uniform(*IMG),), options={"reduction": "none"}),
    Case(
        "total_variation",
        "average-channels-last-weighted",
        (uniform(*_last(IMG)),),
        arrays={"sample_weight": uniform(2, 1, low=0.5, high=2.0)},
        options={"average": True, "channels_last": True},
        dtypes=F32,
    ),
    # Keras' convention: a weight per image aligned from the left over the SSIM map
    Case(
        "ssim_loss",
        "keras-image-weight-mean",
        _pair(*IMG),
        arrays={"sample_weight": uniform(2, low=0.5, high=2.0)},
        options={"win_size": 5, "convention": "keras"},
        dtypes=F32,
        grad_argnums=(),
    ),
    Case(
        "psnr_loss",
        "keras-per-image-mean-with-sample-weight",
        _pair(*IMG),
        arrays={"sample_weight": uniform(2, low=0.5, high=2.0)},
        options={"per_image": True, "reduction": "mean_with_sample_weight", "convention": "keras"},
        dtypes=F32,
        grad_argnums=(),
    ),
    Case("total_variation", "empty-mean", (uniform(0, 3, 4),), dtypes=F32),
]
