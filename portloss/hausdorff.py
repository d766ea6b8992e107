r"""Hausdorff-distance surrogates for segmentation.

The erosion-based soft Hausdorff loss of Karimi and Salcudean (2019) erodes the
squared error map :math:`(p - t)^2` again and again with a cross-shaped kernel:
what survives many erosions lies far from the boundary agreement, and a larger
weight on later erosions penalizes large boundary distances, a differentiable
stand-in for the Hausdorff distance.
"""

from __future__ import annotations

from typing import Any

from ._backends import device as _device
from ._checks import (
    check_axis,
    check_binary_labels,
    check_index_range,
    check_integer,
    check_real_floating,
    check_real_option,
    check_sample_weight,
    class_target_form,
)
from ._namespace import array_namespace, compute_dtype, scalar, to_dtype
from ._options import loss_options
from ._primitives import as_index, broadcast_along
from ._reduction import reduce_loss
from ._terms.overlap import apply_link, cross_mean, resolve_link
from ._typing import Activation, Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = ["hausdorff_erosion_loss"]


@loss_options(iterations=lambda value: check_integer("iterations", value))
def hausdorff_erosion_loss(
    input: Array,
    target: Array,
    /,
    *,
    iterations: int = 10,
    alpha: float = 2.0,
    from_logits: bool = False,
    activation: Activation | None = None,
    axis: int = -1,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Erosion-based soft Hausdorff loss (Karimi & Salcudean, 2019).

    kornia's ``HausdorffERLoss`` (2-D) and ``HausdorffERLoss3D`` (3-D) in one function,
    for any number of spatial axes.

    Parameters
    ----------
    input : array
        Probabilities (or logits with ``from_logits=True``), real floating, batch
        along axis 0, classes along ``axis`` and one or more spatial axes.
    target : array
        Class indices (``input``'s shape without the class axis) or a mask with
        ``input``'s shape (binary or soft, values in [0, 1]).
    iterations : int, default 10
        :math:`K`, the number of erosions (kornia's ``k``), ``>= 0``.
    alpha : float >= 0, default 2.0
        The exponent of the erosion weights :math:`k^\alpha`.
    {{from_logits}}
    activation : {None, "softmax", "sigmoid"}, default None
        The link applied to logits (``from_logits=True`` only, an error otherwise);
        None takes the natural one: softmax, or sigmoid for one channel.
    {{axis}}
        The class axis (not 0); ``axis=1`` for kornia's ``(N, C, H, W[, D])``.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``; ``input``'s shape for ``"none"`` (one value
        per pixel and class). The dtype of ``input``.

    Raises
    ------
    ValueError
        For ``iterations < 0``, ``alpha < 0``, an input without a spatial axis,
        ``axis`` on the batch axis, a target whose shape fits neither form, and
        ``activation`` without ``from_logits=True``.

    Notes
    -----
    With :math:`B_0 = (p - t)^2` per sample and class, each erosion step
    :math:`k = 1, \dots, K` convolves with the cross kernel (the pixel and its two
    neighbours along each spatial axis, each :math:`1/(1 + 2d)` in :math:`d`
    dimensions, zeros beyond the border), soft-thresholds at 0.5 and rescales to
    [0, 1] by the minimum and maximum over the image (left as is where they agree):

    .. math::

        D_k = \operatorname{cross}(B_{k-1}), \quad
        E_k = \max(D_k - 0.5, 0), \quad
        B_k = \frac{E_k - \min E_k}{\max E_k - \min E_k}, \qquad
        \ell = \sum_{k=1}^{K} k^\alpha B_k .

    The loss is elementwise (per pixel and class); ``"mean"`` averages every
    element, as kornia. This is the convolution form of the authors' and kornia's
    code; the cross convolution is separable shifted-slice sums, so it runs on every
    backend. Index targets are one-hot along the class axis (kornia compares each
    channel with ``target == c``). float16 and bfloat16 are computed in float32.

    Shape
    -----
    - input: :math:`(N, C, d_1, \dots, d_K)` (``axis=1``) or
      :math:`(N, d_1, \dots, d_K, C)` (``axis=-1``), :math:`K \ge 1`.
    - target: :math:`(N, d_1, \dots, d_K)` indices or ``input``'s shape.
    - output: scalar, or ``input``'s shape for ``reduction="none"``.

    See Also
    --------
    dice_loss : The region overlap, often added to this boundary term.
    cldice_loss : The topology-preserving Dice of soft skeletons.

    References
    ----------
    .. [1] D. Karimi and S. E. Salcudean, "Reducing the Hausdorff Distance in Medical
       Image Segmentation with Convolutional Neural Networks", IEEE Transactions on
       Medical Imaging 39(2), 2020 (arXiv:1904.10030, 2019).
    .. [2] kornia, ``kornia.losses.HausdorffERLoss``,
       https://kornia.readthedocs.io/en/latest/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> t = np.zeros((1, 1, 6, 6)); t[0, 0, 1:4, 1:4] = 1.0  # a square
    >>> p = np.roll(t, 2, axis=3) * 0.9 + 0.05  # predicted 2 pixels to the right
    >>> print(f"{portloss.hausdorff_erosion_loss(p, t, axis=1, iterations=3):.4f}")
    0.1534
    >>> print(f"{portloss.hausdorff_erosion_loss(t, t, axis=1):.4f}")
    0.0000
    """
    conv = resolve_loss_convention(convention, reduction)
    iterations = check_integer("iterations", iterations)
    if iterations < 0:
        raise ValueError(f"iterations must be >= 0, got {iterations}")
    alpha = check_real_option("alpha", alpha, minimum=0.0)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    if input.ndim < 3:
        raise ValueError(
            f"hausdorff_erosion_loss needs input with a batch axis, a class axis and at "
            f"least one spatial axis, got shape {tuple(input.shape)}"
        )
    axis = check_axis(axis, input.ndim)
    if axis == 0:
        raise ValueError(
            f"axis=0 is the batch axis; the class axis of input with shape "
            f"{tuple(input.shape)} must be another one (1 for (N, C, ...), -1 for (N, ..., C))"
        )
    link = resolve_link("hausdorff_erosion_loss", from_logits, activation, input, axis)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv)
    p, t = _probabilities_and_target(xp, input, target, axis, link)
    spatial = tuple(a for a in range(p.ndim) if a not in (0, axis))
    bound = (p - t) ** 2
    loss = xp.zeros_like(bound)
    for k in range(1, iterations + 1):
        bound = _erode(xp, bound, spatial)
        loss = loss + bound * float(k) ** alpha
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


def _erode(xp: Any, bound: Any, spatial: tuple[int, ...]) -> Any:
    """One soft erosion: the cross mean, the soft threshold at 0.5 and the min-max
    rescaling over the image (NaN kept)."""
    dilation = cross_mean(xp, bound, axes=spatial)
    erosion = xp.where(dilation < 0.5, xp.zeros_like(dilation), dilation - 0.5)
    high = xp.max(erosion, axis=spatial, keepdims=True)
    low = xp.min(erosion, axis=spatial, keepdims=True)
    span = high - low
    flat = span == 0
    # Double where: a flat image keeps its values and divides by a safe 1.
    scaled = (erosion - low) / xp.where(flat, xp.ones_like(span), span)
    return xp.where(flat, erosion, scaled)


def _probabilities_and_target(
    xp: Any, input: Any, target: Any, axis: int, link: str | None
) -> tuple[Any, Any]:
    """The probabilities and the (one-hot) target, in the compute dtype."""
    dtype = compute_dtype(xp, input.dtype)
    p = apply_link(xp, to_dtype(xp, input, dtype), link, axis)
    num_classes = input.shape[axis]
    same = tuple(target.shape) == tuple(input.shape)
    if same or class_target_form(xp, input, target, axis) != "index":
        check_binary_labels(xp, "target", target, None)
        t = to_dtype(xp, target, dtype)
        if not xp.isdtype(target.dtype, "bool"):
            # A mask value outside [0, 1]: NaN, never a finite wrong number.
            t = xp.where((t < 0) | (t > 1), xp.full_like(t, xp.nan), t)
        return p, t
    check_index_range(xp, target, num_classes, -100)
    index = xp.expand_dims(as_index(xp, target), axis=axis)
    ids = xp.arange(num_classes, dtype=index.dtype, device=_device(index))
    t = to_dtype(xp, index == broadcast_along(xp, ids, axis=axis, ndim=p.ndim), dtype)
    # A class outside [0, C) has no defined loss: NaN rather than a finite wrong number.
    bad = (index < 0) | (index >= num_classes)
    return xp.where(bad, scalar(xp, xp.nan, p), p), t
