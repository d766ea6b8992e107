r"""Image-quality losses: SSIM, MS-SSIM, PSNR and total variation.

Images are ``(N, C, H, W)`` batches (torch's, kornia's and MONAI's layout), or
``(N, H, W, C)`` with ``channels_last=True``. The standard has no convolution, so the
Gaussian window is applied as a separable filter: a sum of shifted slices weighted by
the window's taps, along H and then along W (and MS-SSIM's 2x2 average pooling is a sum
of strided slices). Every step is static in the shapes: no Python ``if`` on values, so
the losses compile under ``jax.jit`` and stay lazy on Dask.

kornia and MONAI compute SSIM differently, and both are available:

- MONAI (``monai.losses.SSIMLoss``, ``monai.metrics.SSIMMetric``) filters without
  padding (a *valid* convolution, as the paper's MATLAB code) and its loss is
  :math:`1 - \mathrm{SSIM}`. This is portloss's default.
- kornia (``kornia.losses.ssim_loss``) pads the images by reflection, so the map keeps
  ``(H, W)``, adds ``eps=1e-12`` to the denominator and its loss is
  :math:`(1 - \mathrm{SSIM}) / 2` clamped to :math:`[0, 1]`: pass
  ``padding="reflect", dssim=True, eps=1e-12``.

torch and Keras have none of these losses: ``convention`` changes only the reduction
rules (what a ``"mean"`` divides by and returns when empty, how a lower-rank
``sample_weight`` aligns), never the per-pixel or per-image values.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from ._checks import (
    check_bool_option,
    check_real_floating,
    check_sample_weight,
    elementwise_pair,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options, nonnegative, positive
from ._primitives import absolute, relu, squared_difference
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = ["ms_ssim_loss", "psnr_loss", "ssim_loss", "total_variation"]

PADDINGS = ("valid", "reflect")
#: MONAI's (and the MS-SSIM paper's) weights of the five scales, finest first.
MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def _win_size(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"win_size must be an odd int, got {value!r} ({type(value).__name__})")
    if value < 1 or value % 2 == 0:
        raise ValueError(f"win_size must be an odd int >= 1, got {value!r}")
    return int(value)


def _padding(value: Any) -> str:
    if value not in PADDINGS:
        raise ValueError(f"padding must be 'valid' or 'reflect', got {value!r}")
    return str(value)


def _weights(value: Any) -> tuple[float, ...]:
    if not isinstance(value, (tuple, list)) or not value:
        raise TypeError(f"weights must be a non-empty tuple of real numbers, got {value!r}")
    return tuple(nonnegative("weights")(w) for w in value)


_CHECKS: dict[str, Any] = {
    "data_range": positive("data_range"),
    "win_size": _win_size,
    "sigma": positive("sigma"),
    "k1": nonnegative("k1"),
    "k2": nonnegative("k2"),
    "eps": nonnegative("eps"),
    "padding": _padding,
    "dssim": lambda value: check_bool_option("dssim", value),
    "channels_last": lambda value: check_bool_option("channels_last", value),
    "average": lambda value: check_bool_option("average", value),
    "weights": _weights,
}


def _checked(**options: Any) -> dict[str, Any]:
    return {name: _CHECKS[name](value) for name, value in options.items()}


# ------------------------------------------------------------------ filtering engine


def _take(x: Any, axis: int, start: int, stop: int, step: int = 1) -> Any:
    index = [slice(None)] * x.ndim
    index[axis] = slice(start, stop, step)
    return x[tuple(index)]


def gaussian_taps(win_size: int, sigma: float) -> list[float]:
    """The normalized Gaussian window at the integer offsets from its centre."""
    half = (win_size - 1) / 2
    taps = [math.exp(-(((i - half) / sigma) ** 2) / 2) for i in range(win_size)]
    total = math.fsum(taps)
    return [t / total for t in taps]


def _reflect(xp: Any, x: Any, radius: int, axis: int) -> Any:
    """``x`` padded by ``radius`` along ``axis`` by reflection without the edge (torch's)."""
    if radius == 0:
        return x
    n = x.shape[axis]
    left = xp.flip(_take(x, axis, 1, radius + 1), axis=axis)
    right = xp.flip(_take(x, axis, n - radius - 1, n - 1), axis=axis)
    return xp.concat([left, x, right], axis=axis)


def _filter(xp: Any, x: Any, taps: list[float], axes: tuple[int, int], reflect: bool) -> Any:
    """The separable window over ``axes``: a valid correlation, after padding if asked."""
    k = len(taps)
    for axis in axes:
        if reflect:
            x = _reflect(xp, x, k // 2, axis)
        n = x.shape[axis] - k + 1
        out = taps[0] * _take(x, axis, 0, n)
        for j in range(1, k):
            out = out + taps[j] * _take(x, axis, j, j + n)
        x = out
    return x


def _ssim_maps(xp: Any, x: Any, y: Any, opts: dict[str, Any], axes: tuple[int, int]) -> Any:
    """The SSIM map and the contrast-structure map of two image batches."""
    taps = gaussian_taps(opts["win_size"], opts["sigma"])
    reflect = opts.get("padding", "valid") == "reflect"

    c1 = (opts["k1"] * opts["data_range"]) ** 2
    c2 = (opts["k2"] * opts["data_range"]) ** 2
    # The five maps filtered as one stacked array: the same arithmetic per element (the
    # same values and gradients), a fifth of the operations (eager cost is per op).
    stacked = xp.stack([x, y, x * x, y * y, x * y])
    shifted = (axes[0] + 1 if axes[0] >= 0 else axes[0], axes[1] + 1 if axes[1] >= 0 else axes[1])
    blurred = _filter(xp, stacked, taps, shifted, reflect)
    mu_x, mu_y = blurred[0, ...], blurred[1, ...]
    mu_xy, mu_xx, mu_yy = mu_x * mu_y, mu_x * mu_x, mu_y * mu_y
    var_x = blurred[2, ...] - mu_xx
    var_y = blurred[3, ...] - mu_yy
    cov = blurred[4, ...] - mu_xy
    cs_num, cs_den = 2.0 * cov + c2, var_x + var_y + c2
    num = (2.0 * mu_xy + c1) * cs_num
    den = (mu_xx + mu_yy + c1) * cs_den
    return num / (den + opts.get("eps", 0.0)), cs_num / cs_den


def _average_pool(xp: Any, x: Any, axes: tuple[int, int]) -> Any:
    """2x2 average pooling (odd last rows and columns dropped, as torch's avg_pool2d)."""
    for axis in axes:
        n = x.shape[axis] // 2 * 2
        x = (_take(x, axis, 0, n, 2) + _take(x, axis, 1, n, 2)) / 2
    return x


def _image_pair(input: Any, target: Any, sample_weight: Any, channels_last: bool) -> Any:
    """Validate two ``(N, C, H, W)`` batches; return ``xp``, both arrays and the axes."""
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t = elementwise_pair(xp, input, target, bool_target=False)
    if x.ndim != 4:
        layout = "(N, H, W, C)" if channels_last else "(N, C, H, W)"
        raise ValueError(
            f"input must be a batch of images {layout}, 4 dimensions, got shape "
            f"{tuple(input.shape)}"
        )
    return xp, x, t, ((1, 2) if channels_last else (2, 3))


def _check_size(shape: Any, axes: tuple[int, int], smallest: int, why: str) -> None:
    size = tuple(shape[a] for a in axes)
    if min(size) < smallest:
        raise ValueError(
            f"input's spatial size {size} is too small: {why} needs at least {smallest} "
            f"pixels along H and W"
        )


def _finish(xp: Any, loss: Any, input: Any, sample_weight: Any, conv: Any) -> Any:
    check_sample_weight(xp, sample_weight, tuple(loss.shape), conv=conv)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


# ------------------------------------------------------------------------------ losses


@loss_options(**{n: _CHECKS[n] for n in ("data_range", "win_size", "sigma", "k1", "k2", "padding")})
def ssim_loss(
    input: Array,
    target: Array,
    /,
    *,
    data_range: float = 1.0,
    win_size: int = 11,
    sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    padding: str = "valid",
    dssim: bool = False,
    eps: float = 0.0,
    channels_last: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""One minus the structural similarity (SSIM) of two image batches, per pixel.

    The default is MONAI's ``SSIMLoss`` (valid filtering, :math:`1 - \mathrm{SSIM}`);
    ``padding="reflect", dssim=True, eps=1e-12`` is kornia's ``ssim_loss``.

    Parameters
    ----------
    input : array
        Images ``(N, C, H, W)`` (``(N, H, W, C)`` with ``channels_last``), real floating.
    target : array
        Reference images of ``input``'s shape.
    data_range : float, default 1.0
        The range :math:`L` of the pixel values (255 for 8-bit images); kornia's
        ``max_val``.
    win_size : int, default 11
        Taps of the Gaussian window along each axis, odd; kornia's ``window_size``.
    sigma : float, default 1.5
        The window's standard deviation, in pixels (MONAI's ``kernel_sigma``).
    k1, k2 : float, default 0.01, 0.03
        The stabilizing constants :math:`c_1 = (k_1 L)^2`, :math:`c_2 = (k_2 L)^2`.
    padding : {"valid", "reflect"}, default "valid"
        ``"valid"``: the map covers the positions where the window fits, ``(H - w + 1,
        W - w + 1)`` (MONAI, the paper's code); ``"reflect"``: the images are padded by
        reflection and the map keeps ``(H, W)`` (kornia).
    dssim : bool, default False
        False: the loss is :math:`1 - \mathrm{SSIM}` (MONAI); True: the structural
        dissimilarity :math:`(1 - \mathrm{SSIM}) / 2` clamped to :math:`[0, 1]` (kornia).
    {{eps}}
        Added to the SSIM denominator (kornia's is 1e-12), >= 0.
    channels_last : bool, default False
        Whether the channels are the last axis.
    {{sample_weight}}
        A weight per entry of the SSIM map (4 dimensions, each of size 1 or equal; bool
        works as a mask); it enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the map's shape for ``"none"``; ``input``'s
        dtype.

    Raises
    ------
    ValueError
        For shapes that differ or are not 4-D, images smaller than the window, or a bad
        option.
    TypeError
        For a non-floating ``input`` or arrays of different libraries.

    Notes
    -----
    With :math:`\mu, \sigma^2, \sigma_{xy}` the local means, variances and covariance
    under the Gaussian window :math:`g`, e.g. :math:`\mu_x = g * x` and
    :math:`\sigma_{xy} = g * (xy) - \mu_x \mu_y`,

    .. math::

        \mathrm{SSIM} = \frac{(2\mu_x\mu_y + c_1)(2\sigma_{xy} + c_2)}
                             {(\mu_x^2 + \mu_y^2 + c_1)(\sigma_x^2 + \sigma_y^2 + c_2)
                              + \epsilon}.

    ``"mean"`` averages the map, which for MONAI's ``reduction="mean"`` is the same
    number (every image has as many map entries); MONAI's ``"none"`` is the map averaged
    per image, kornia's ``"none"`` the map itself. MONAI computes in float32 whatever the
    input dtype; portloss in the input's.

    Shape
    -----
    - input, target: :math:`(N, C, H, W)`, or :math:`(N, H, W, C)` with
      ``channels_last``.
    - output: scalar, or :math:`(N, C, H', W')` for ``reduction="none"``, with
      :math:`H' = H - w + 1` under ``"valid"`` and :math:`H' = H` under ``"reflect"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.linspace(0.0, 1.0, 2 * 1 * 8 * 8).reshape(2, 1, 8, 8)
    >>> print(f"{portloss.ssim_loss(x, x, win_size=5):.6f}")
    0.000000
    >>> print(portloss.ssim_loss(x, x[::-1], win_size=5, reduction="none").shape)
    (2, 1, 4, 4)

    See Also
    --------
    ms_ssim_loss : SSIM over several scales.
    psnr_loss : Negative peak signal-to-noise ratio.

    References
    ----------
    .. [1] Z. Wang, A. C. Bovik, H. R. Sheikh and E. P. Simoncelli, "Image quality
       assessment: from error visibility to structural similarity", IEEE Transactions
       on Image Processing 13(4), 600-612, 2004.
    .. [2] MONAI, ``monai.losses.SSIMLoss``, https://docs.monai.io/en/stable/losses.html;
       kornia, ``kornia.losses.ssim_loss``, https://kornia.readthedocs.io/en/latest/losses.html
    """
    conv = resolve_loss_convention(convention, reduction)
    opts = _checked(
        data_range=data_range, win_size=win_size, sigma=sigma, k1=k1, k2=k2, eps=eps,
        padding=padding, dssim=dssim, channels_last=channels_last,
    )  # fmt: skip
    xp, x, t, axes = _image_pair(input, target, sample_weight, opts["channels_last"])
    if opts["padding"] == "valid":
        _check_size(x.shape, axes, opts["win_size"], f"a valid window of {win_size}")
    else:
        _check_size(x.shape, axes, opts["win_size"] // 2 + 1, f"reflecting {win_size // 2}")
    ssim, _ = _ssim_maps(xp, x, t, opts, axes)
    loss = 1.0 - ssim
    if opts["dssim"]:
        loss = loss / 2
        # kornia's clamp to [0, 1]; NaN fails both tests and stays.
        loss = xp.where(loss < 0, xp.zeros_like(loss), xp.where(loss > 1, xp.ones_like(loss), loss))
    return _finish(xp, loss, input, sample_weight, conv)


@loss_options(**{n: _CHECKS[n] for n in ("data_range", "win_size", "sigma", "k1", "k2", "weights")})
def ms_ssim_loss(
    input: Array,
    target: Array,
    /,
    *,
    data_range: float = 1.0,
    win_size: int = 11,
    sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    weights: tuple[float, ...] = MS_SSIM_WEIGHTS,
    channels_last: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""One minus the multi-scale structural similarity (MS-SSIM) of each image.

    The same numbers as ``1 - monai.metrics.MultiScaleSSIMMetric`` (valid filtering,
    2x2 average pooling between scales).

    Parameters
    ----------
    input : array
        Images ``(N, C, H, W)`` (``(N, H, W, C)`` with ``channels_last``), real floating.
    target : array
        Reference images of ``input``'s shape.
    data_range : float, default 1.0
        The range :math:`L` of the pixel values.
    win_size : int, default 11
        Taps of the Gaussian window along each axis, odd (MONAI's ``kernel_size``).
    sigma : float, default 1.5
        The window's standard deviation, in pixels (MONAI's ``kernel_sigma``).
    k1, k2 : float, default 0.01, 0.03
        The stabilizing constants :math:`c_1 = (k_1 L)^2`, :math:`c_2 = (k_2 L)^2`.
    weights : tuple of float, default (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
        The exponent of each scale, finest first; their number is the number of scales.
    channels_last : bool, default False
        Whether the channels are the last axis.
    {{sample_weight}}
        A weight per image, shape ``(N,)`` (bool works as a mask).
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``(N,)`` for ``"none"``; ``input``'s dtype.

    Raises
    ------
    ValueError
        For shapes that differ or are not 4-D, images whose coarsest scale is smaller
        than the window, or a bad option.
    TypeError
        For a non-floating ``input`` or arrays of different libraries.

    Notes
    -----
    At scale :math:`j = 1 \dots M` (the images average-pooled :math:`j - 1` times),
    :math:`\mathrm{cs}_j` is the mean over channels and positions of the
    contrast-structure term :math:`(2\sigma_{xy} + c_2) / (\sigma_x^2 + \sigma_y^2 +
    c_2)` and :math:`s_M` the mean SSIM at the coarsest scale:

    .. math::

        \ell = 1 - \max(s_M, 0)^{w_M} \prod_{j < M} \max(\mathrm{cs}_j, 0)^{w_j}.

    MONAI requires :math:`\lfloor H / (M - 1)^2 \rfloor > w - 1` (and the same of
    :math:`W`); portloss asks only that the coarsest scale, :math:`\lfloor H / 2^{M-1}
    \rfloor`, holds the window.

    Shape
    -----
    - input, target: :math:`(N, C, H, W)`, or :math:`(N, H, W, C)` with
      ``channels_last``.
    - sample_weight: :math:`(N,)`.
    - output: scalar, or :math:`(N,)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.linspace(0.0, 1.0, 2 * 1 * 16 * 16).reshape(2, 1, 16, 16)
    >>> print(f"{portloss.ms_ssim_loss(x, x, win_size=3, weights=(0.5, 0.5)):.6f}")
    0.000000

    See Also
    --------
    ssim_loss : SSIM at one scale.

    References
    ----------
    .. [1] Z. Wang, E. P. Simoncelli and A. C. Bovik, "Multiscale structural similarity
       for image quality assessment", 37th Asilomar Conference on Signals, Systems and
       Computers, 2003.
    .. [2] MONAI, ``monai.metrics.MultiScaleSSIMMetric``,
       https://docs.monai.io/en/stable/metrics.html
    """
    conv = resolve_loss_convention(convention, reduction)
    opts = _checked(
        data_range=data_range, win_size=win_size, sigma=sigma, k1=k1, k2=k2,
        weights=weights, channels_last=channels_last,
    )  # fmt: skip
    xp, x, t, axes = _image_pair(input, target, sample_weight, opts["channels_last"])
    scales = len(opts["weights"])
    coarsest = tuple(x.shape[a] // 2 ** (scales - 1) for a in axes)
    if min(coarsest) < opts["win_size"]:
        raise ValueError(
            f"input's spatial size {tuple(x.shape[a] for a in axes)} is too small for "
            f"{scales} scales and win_size={win_size}: the coarsest scale, {coarsest}, must "
            f"hold the window; pass fewer weights or a smaller win_size"
        )
    score: Any = None
    for j, w in enumerate(opts["weights"]):
        ssim, cs = _ssim_maps(xp, x, t, opts, axes)
        term = ssim if j == scales - 1 else cs
        term = relu(xp, xp.mean(term, axis=(1, 2, 3)))  # per image
        factor = term**w
        score = factor if score is None else score * factor
        if j < scales - 1:  # the coarsest scale is not pooled again
            x, t = _average_pool(xp, x, axes), _average_pool(xp, t, axes)
    return _finish(xp, 1.0 - score, input, sample_weight, conv)


@loss_options(data_range=_CHECKS["data_range"])
def psnr_loss(
    input: Array,
    target: Array,
    /,
    *,
    data_range: float = 1.0,
    per_image: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""The negative peak signal-to-noise ratio, in decibels.

    The same numbers as ``kornia.losses.psnr_loss`` (one PSNR of the squared error
    pooled over the whole batch); with ``per_image=True`` one PSNR per image along axis
    0, as ``monai.metrics.PSNRMetric``, whose ``"mean"`` averages the images' values.

    Parameters
    ----------
    input : array
        Predictions, real floating, any shape (images along axis 0 for ``per_image``).
    target : array
        Targets of ``input``'s shape.
    data_range : float, default 1.0
        The range :math:`L` of the values (kornia's ``max_val``, MONAI's ``max_val``).
    per_image : bool, default False
        False: the mean squared error of the whole input, one value (kornia); True: of
        each ``input[i]`` (MONAI).
    {{sample_weight}}
        A weight per value of the unreduced loss: 0-d, or ``(N,)`` for ``per_image``
        (bool works as a mask); it enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``(N,)`` for ``per_image`` with ``reduction="none"``; ``input``'s dtype.

    Raises
    ------
    ValueError
        For shapes that differ or a bad option.
    TypeError
        For a non-floating ``input`` or arrays of different libraries.

    Notes
    -----
    With :math:`m` the mean squared error (of everything, or of one image),

    .. math::

        \ell = -10 \log_{10} \frac{L^2}{m} = 10 \log_{10} m - 20 \log_{10} L,

    :math:`-\infty` for identical inputs, as kornia and MONAI.

    Shape
    -----
    - input, target: any shape :math:`(*)`; :math:`(N, *)` for ``per_image``.
    - sample_weight: :math:`()`, or :math:`(N,)` for ``per_image``.
    - output: scalar, or :math:`(N,)` for ``per_image`` and ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> print(f"{portloss.psnr_loss(np.ones(1), np.full(1, 1.2), data_range=2.0):.4f}")
    -20.0000

    See Also
    --------
    ssim_loss : SSIM at one scale.
    mse_loss : Mean squared error.

    References
    ----------
    .. [1] Q. Huynh-Thu and M. Ghanbari, "Scope of validity of PSNR in image/video
       quality assessment", Electronics Letters 44(13), 800-801, 2008.
    .. [2] kornia, ``kornia.losses.psnr_loss``, https://kornia.readthedocs.io/en/latest/losses.html
    """
    conv = resolve_loss_convention(convention, reduction)
    data_range = _CHECKS["data_range"](data_range)
    per_image = check_bool_option("per_image", per_image)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t = elementwise_pair(xp, input, target, bool_target=False)
    if per_image and x.ndim == 0:
        raise ValueError(
            "input must have a batch axis (axis 0) for per_image=True, got a 0-d array"
        )
    axes = tuple(range(1 if per_image else 0, x.ndim))
    squares = squared_difference(xp, x, t)
    # An empty image (or batch, pooled) has no mean square error: NaN, without NumPy's
    # mean-of-empty warning (the count comes from the shape, not the values).
    count = math.prod(x.shape[a] for a in axes)
    mse = xp.mean(squares, axis=axes) if count else xp.sum(squares, axis=axes) * math.nan
    loss = 10.0 * xp.log10(mse)
    if data_range != 1.0:  # log10(1) = 0: nothing to subtract
        loss = loss - 20.0 * math.log10(data_range)
    return _finish(xp, loss, input, sample_weight, conv)


@loss_options()
def total_variation(
    input: Array,
    /,
    *,
    average: bool = False,
    channels_last: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""The anisotropic total variation of each image: neighbours' absolute differences.

    The same numbers as ``kornia.losses.total_variation`` with ``reduction="none"``
    here; kornia's ``reduction`` is ``average`` here (kornia's ``"mean"`` is
    ``average=True``).

    Parameters
    ----------
    input : array
        Images ``(*, H, W)`` (``(*, H, W, C)`` with ``channels_last``), real floating.
    average : bool, default False
        False: the differences are summed (kornia's ``"sum"``); True: the vertical and the
        horizontal ones are each averaged over their own count and the two means added
        (kornia's ``"mean"``).
    channels_last : bool, default False
        Whether the channels are the last axis.
    {{sample_weight}}
        A weight per image (the output's shape, each dimension of size 1 or equal).
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``(*)`` (``(*, C)`` with ``channels_last``) for
        ``"none"``; ``input``'s dtype.

    Raises
    ------
    ValueError
        For too few dimensions or a bad option.
    TypeError
        For a non-floating ``input``.

    Notes
    -----
    .. math::

        \mathrm{TV}(x) = \sum_{i, j} |x_{i+1, j} - x_{i, j}| + \sum_{i, j} |x_{i, j+1} -
        x_{i, j}|.

    An axis of size 1 contributes 0 (also with ``average``, as kornia).

    Shape
    -----
    - input: :math:`(*, H, W)`, or :math:`(*, H, W, C)` with ``channels_last``.
    - output: scalar, or :math:`(*)` (:math:`(*, C)`) for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.0, 1.0], [3.0, 1.0]])
    >>> print(f"{portloss.total_variation(x):.1f}")  # |3| + |0| + |1| + |-2|
    6.0

    See Also
    --------
    l1_loss : Mean absolute error.

    References
    ----------
    .. [1] L. I. Rudin, S. Osher and E. Fatemi, "Nonlinear total variation based noise
       removal algorithms", Physica D 60, 259-268, 1992.
    .. [2] kornia, ``kornia.losses.total_variation``, https://kornia.readthedocs.io/en/latest/losses.html
    """
    conv = resolve_loss_convention(convention, reduction)
    opts = _checked(average=average, channels_last=channels_last)
    xp = array_namespace(input=input, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    x = to_dtype(xp, input, compute_dtype(xp, input.dtype))
    rank = 3 if opts["channels_last"] else 2
    if x.ndim < rank:
        raise ValueError(
            f"input must have at least {rank} dimensions, "
            f"{'(H, W, C)' if rank == 3 else '(H, W)'}, got shape {tuple(input.shape)}"
        )
    axes = (x.ndim - 3, x.ndim - 2) if opts["channels_last"] else (x.ndim - 2, x.ndim - 1)
    loss = None
    for axis in axes:
        n = x.shape[axis]
        diff = absolute(xp, _take(x, axis, 1, n) - _take(x, axis, 0, n - 1))
        term = xp.sum(diff, axis=axes)
        if opts["average"] and math.prod(diff.shape[a] for a in axes) > 0:
            term = term / math.prod(diff.shape[a] for a in axes)
        loss = term if loss is None else loss + term
    return _finish(xp, loss, input, sample_weight, conv)
