r"""Bounding-box regression losses: IoU, generalized IoU, distance IoU and complete IoU.

Boxes are ``(..., 4)`` arrays of corners ``(x1, y1, x2, y2)`` with ``x1 <= x2`` and
``y1 <= y2``; ``input`` holds the predicted boxes and ``target`` the ground truth, of one
shape. The unreduced loss has one value per box, shape ``input.shape[:-1]``.

The numbers are torchvision's (``torchvision.ops.generalized_box_iou_loss``,
``distance_box_iou_loss``, ``complete_box_iou_loss``, with their ``eps=1e-7``), with two
differences a port must know:

- torchvision's default ``reduction`` is ``"none"``; portloss keeps its own default,
  ``"mean"``, as every loss here. A ``"mean"`` over no box is NaN (torchvision returns 0;
  so does ``convention="keras"`` or ``"paddle"``).
- torchvision has no plain IoU loss; :func:`box_iou_loss` is :math:`1 - \mathrm{IoU}`
  with the same ``eps`` in the denominator as the others.

The box losses are defined alike wherever they exist: ``convention`` changes only the
reduction rules (what a ``"mean"`` divides by and returns when empty,
how a lower-rank ``sample_weight`` aligns), never the per-box values.

One engine (:func:`_geometry`) computes the areas, the intersection, the enclosing box
and the centre distance once; each loss adds its own penalty.
"""

from __future__ import annotations

import math
from typing import Any

from ._checks import check_sample_weight, elementwise_pair
from ._namespace import array_namespace
from ._options import loss_options, nonnegative
from ._primitives import stop_gradient
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = [
    "box_iou_loss",
    "complete_box_iou_loss",
    "distance_box_iou_loss",
    "generalized_box_iou_loss",
]

_EPS = nonnegative("eps")  # the shared option's check, run at the call


def _prepare(input: Any, target: Any, sample_weight: Any, conv: Any) -> tuple[Any, Any, Any]:
    """Validate two box arrays; return ``xp`` and both in the compute dtype."""
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t = elementwise_pair(xp, input, target, bool_target=False)
    if x.ndim < 1 or x.shape[-1] != 4:
        raise ValueError(
            f"input must hold boxes (x1, y1, x2, y2) along its last axis, shape (..., 4), "
            f"got shape {tuple(input.shape)}"
        )
    check_sample_weight(xp, sample_weight, tuple(input.shape[:-1]), conv=conv)
    return xp, x, t


def _geometry(xp: Any, b: Any, g: Any, eps: float) -> dict[str, Any]:
    """The box terms every IoU loss reads, one value per box.

    ``iou`` is ``inter / (union + eps)``; the intersection is 0 for boxes that do not
    overlap (a ``where``, as torchvision's mask: a NaN corner still reaches ``union``).
    """
    x1, y1, x2, y2 = b[..., 0], b[..., 1], b[..., 2], b[..., 3]
    gx1, gy1, gx2, gy2 = g[..., 0], g[..., 1], g[..., 2], g[..., 3]
    iw = xp.minimum(x2, gx2) - xp.maximum(x1, gx1)
    ih = xp.minimum(y2, gy2) - xp.maximum(y1, gy1)
    overlap = (iw > 0) & (ih > 0)
    inter = xp.where(overlap, iw * ih, xp.zeros_like(iw))
    w, h, gw, gh = x2 - x1, y2 - y1, gx2 - gx1, gy2 - gy1
    union = w * h + gw * gh - inter
    # The smallest box enclosing both.
    cw = xp.maximum(x2, gx2) - xp.minimum(x1, gx1)
    ch = xp.maximum(y2, gy2) - xp.minimum(y1, gy1)
    dx = (x1 + x2) / 2 - (gx1 + gx2) / 2
    dy = (y1 + y2) / 2 - (gy1 + gy2) / 2
    return {
        "iou": inter / (union + eps),
        "union": union,
        "enclosing_area": cw * ch,
        "diagonal2": cw * cw + ch * ch + eps,
        "centre2": dx * dx + dy * dy,
        "w": w,
        "h": h,
        "gw": gw,
        "gh": gh,
    }


def _distance_penalty(geo: dict[str, Any]) -> Any:
    return geo["centre2"] / geo["diagonal2"]


def _aspect_term(xp: Any, geo: dict[str, Any], eps: float) -> Any:
    """CIoU's ``alpha * v``, with ``alpha`` a constant for autodiff (as torchvision)."""
    angle = xp.atan(geo["gw"] / geo["gh"]) - xp.atan(geo["w"] / geo["h"])
    v = (4.0 / math.pi**2) * angle * angle
    alpha = stop_gradient(xp, v / (1.0 - geo["iou"] + v + eps))
    return alpha * v


_SHARED_DOC = """
    Parameters
    ----------
    input : array
        Predicted boxes ``(x1, y1, x2, y2)`` along the last axis, real floating.
    target : array
        Ground-truth boxes of ``input``'s shape, real floating or integer.
    {{eps}}
        Here: added to the union (and to the other denominators), >= 0: keeps degenerate
        boxes finite. torchvision's default.
    {{sample_weight}}
        A weight per box, shape ``input.shape[:-1]`` (each dimension of size 1 or equal;
        bool works as a mask); it enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input.shape[:-1]`` for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        When the last axis is not of size 4, the shapes differ, ``eps < 0`` or
        ``reduction`` is unknown.
    TypeError
        For a non-floating ``input`` or arrays of different libraries.
"""

_SHAPE_DOC = """
    Shape
    -----
    - input, target: :math:`(*, 4)`.
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.
"""


def _doc(head: str, notes: str, tail: str) -> str:
    return head + _SHARED_DOC + notes + _SHAPE_DOC + tail


def box_iou_loss(
    input: Array,
    target: Array,
    /,
    *,
    eps: float = 1e-7,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    return _run(
        input, target, eps, sample_weight, reduction, convention, lambda xp, geo: 1.0 - geo["iou"]
    )


def generalized_box_iou_loss(
    input: Array,
    target: Array,
    /,
    *,
    eps: float = 1e-7,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    def loss(xp: Any, geo: dict[str, Any]) -> Any:
        area_c = geo["enclosing_area"]
        return 1.0 - geo["iou"] + (area_c - geo["union"]) / (area_c + eps)

    return _run(input, target, eps, sample_weight, reduction, convention, loss)


def distance_box_iou_loss(
    input: Array,
    target: Array,
    /,
    *,
    eps: float = 1e-7,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    def loss(xp: Any, geo: dict[str, Any]) -> Any:
        return 1.0 - geo["iou"] + _distance_penalty(geo)

    return _run(input, target, eps, sample_weight, reduction, convention, loss)


def complete_box_iou_loss(
    input: Array,
    target: Array,
    /,
    *,
    eps: float = 1e-7,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    def loss(xp: Any, geo: dict[str, Any]) -> Any:
        return 1.0 - geo["iou"] + _distance_penalty(geo) + _aspect_term(xp, geo, eps)

    return _run(input, target, eps, sample_weight, reduction, convention, loss)


def _run(
    input: Any,
    target: Any,
    eps: Any,
    sample_weight: Any,
    reduction: Any,
    convention: Any,
    loss: Any,
) -> Any:
    """Check the options, build the geometry, apply ``loss(xp, geo)`` and reduce."""
    conv = resolve_loss_convention(convention, reduction)
    eps = _EPS(eps)
    xp, b, g = _prepare(input, target, sample_weight, conv)
    return reduce_loss(
        xp,
        loss(xp, _geometry(xp, b, g, eps)),
        conv=conv,
        sample_weight=sample_weight,
        dtype=input.dtype,
    )


box_iou_loss.__doc__ = _doc(
    r"""One minus the intersection over union of each pair of boxes.

    torchvision has no plain IoU loss: this is :math:`1 - \mathrm{IoU}` with the IoU of
    torchvision's box losses (``eps`` in the denominator), the first term of the three
    losses below.
""",
    r"""
    Notes
    -----
    With :math:`I` the intersection area and :math:`U` the union area of a box pair,

    .. math::

        \ell = 1 - \frac{I}{U + \epsilon}.

    The loss is in :math:`[0, 1]` for proper boxes and 1 for disjoint ones, where its
    gradient is 0 (the reason for the other three losses). Two empty boxes give 1 for
    ``eps > 0`` and NaN for ``eps=0``; a NaN corner gives NaN.
""",
    r"""
    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> b = np.array([[0.0, 0.0, 2.0, 2.0]])
    >>> g = np.array([[1.0, 1.0, 3.0, 3.0]])
    >>> print(f"{portloss.box_iou_loss(b, g):.6f}")  # 1 - 1/7
    0.857143

    See Also
    --------
    generalized_box_iou_loss : IoU with the enclosing-box penalty.
    distance_box_iou_loss : IoU with the centre-distance penalty.
    complete_box_iou_loss : Distance IoU with the aspect-ratio penalty.

    References
    ----------
    .. [1] J. Yu, Y. Jiang, Z. Wang, Z. Cao and T. Huang, "UnitBox: An Advanced Object
       Detection Network", ACM Multimedia 2016.
""",
)

generalized_box_iou_loss.__doc__ = _doc(
    r"""The generalized IoU loss: IoU with a penalty for the empty part of the enclosing box.

    The same numbers as ``torchvision.ops.generalized_box_iou_loss`` (whose default
    ``reduction`` is ``"none"``).
""",
    r"""
    Notes
    -----
    With :math:`C` the area of the smallest box enclosing both,

    .. math::

        \ell = 1 - \frac{I}{U + \epsilon} + \frac{C - U}{C + \epsilon},

    in :math:`[0, 2)`: unlike the IoU loss it has a gradient for disjoint boxes.
    Symmetric in its two arguments.
""",
    r"""
    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> b = np.array([[0.0, 0.0, 1.0, 1.0]])
    >>> g = np.array([[2.0, 0.0, 3.0, 1.0]])
    >>> print(f"{portloss.generalized_box_iou_loss(b, g):.6f}")  # 1 - 0 + (3 - 2) / 3
    1.333333

    See Also
    --------
    box_iou_loss : Plain 1 - IoU.
    distance_box_iou_loss : IoU with the centre-distance penalty.
    complete_box_iou_loss : Distance IoU with the aspect-ratio penalty.

    References
    ----------
    .. [1] H. Rezatofighi, N. Tsoi, J. Gwak, A. Sadeghian, I. Reid and S. Savarese,
       "Generalized Intersection over Union: A Metric and a Loss for Bounding Box
       Regression", CVPR 2019, arXiv:1902.09630.
    .. [2] torchvision, ``torchvision.ops.generalized_box_iou_loss``,
       https://pytorch.org/vision/main/generated/torchvision.ops.generalized_box_iou_loss.html
""",
)

distance_box_iou_loss.__doc__ = _doc(
    r"""The distance IoU loss: IoU with a penalty on the distance of the box centres.

    The same numbers as ``torchvision.ops.distance_box_iou_loss`` (whose default
    ``reduction`` is ``"none"``).
""",
    r"""
    Notes
    -----
    With :math:`\rho` the distance between the two box centres and :math:`c` the
    diagonal of the smallest enclosing box,

    .. math::

        \ell = 1 - \frac{I}{U + \epsilon} + \frac{\rho^2}{c^2 + \epsilon}.
""",
    r"""
    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> b = np.array([[0.0, 0.0, 1.0, 1.0]])
    >>> g = np.array([[2.0, 0.0, 3.0, 1.0]])
    >>> print(f"{portloss.distance_box_iou_loss(b, g, eps=0.0):.6f}")  # 1 + 4 / 10
    1.400000

    See Also
    --------
    box_iou_loss : Plain 1 - IoU.
    generalized_box_iou_loss : IoU with the enclosing-box penalty.
    complete_box_iou_loss : Distance IoU with the aspect-ratio penalty.

    References
    ----------
    .. [1] Z. Zheng, P. Wang, W. Liu, J. Li, R. Ye and D. Ren, "Distance-IoU Loss:
       Faster and Better Learning for Bounding Box Regression", AAAI 2020,
       arXiv:1911.08287.
    .. [2] torchvision, ``torchvision.ops.distance_box_iou_loss``,
       https://pytorch.org/vision/main/generated/torchvision.ops.distance_box_iou_loss.html
""",
)

complete_box_iou_loss.__doc__ = _doc(
    r"""The complete IoU loss: distance IoU with a penalty on the aspect ratios.

    The same numbers as ``torchvision.ops.complete_box_iou_loss`` at its default
    ``eps`` (whose default ``reduction`` is ``"none"``). torchvision passes ``eps`` to
    the aspect term only and keeps 1e-7 in its distance-IoU part; portloss uses ``eps``
    in every term, so the two differ for another ``eps``.
""",
    r"""
    Notes
    -----
    With the distance-IoU loss :math:`\ell_D` above and the widths and heights
    :math:`w, h` (prediction) and :math:`w^g, h^g` (target),

    .. math::

        v = \frac{4}{\pi^2}\left(\arctan\frac{w^g}{h^g} - \arctan\frac{w}{h}\right)^2,
        \qquad \alpha = \frac{v}{1 - \mathrm{IoU} + v + \epsilon},
        \qquad \ell = \ell_D + \alpha v.

    :math:`\alpha` is a constant for autodiff (no gradient flows through it), as in
    torchvision and the paper. A box of zero height gives NaN (``0 / 0`` in the aspect
    ratio for two such boxes), as torchvision.
""",
    r"""
    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> b = np.array([[0.0, 0.0, 2.0, 2.0]])
    >>> print(f"{portloss.complete_box_iou_loss(b, b):.6f}")
    0.000000

    See Also
    --------
    box_iou_loss : Plain 1 - IoU.
    generalized_box_iou_loss : IoU with the enclosing-box penalty.
    distance_box_iou_loss : IoU with the centre-distance penalty.

    References
    ----------
    .. [1] Z. Zheng, P. Wang, W. Liu, J. Li, R. Ye and D. Ren, "Distance-IoU Loss:
       Faster and Better Learning for Bounding Box Regression", AAAI 2020,
       arXiv:1911.08287.
    .. [2] torchvision, ``torchvision.ops.complete_box_iou_loss``,
       https://pytorch.org/vision/main/generated/torchvision.ops.complete_box_iou_loss.html
""",
)

# The docstrings are assembled above, so the options are recorded (and the shared
# paragraphs substituted) after them.
for _loss in (box_iou_loss, generalized_box_iou_loss, distance_box_iou_loss, complete_box_iou_loss):
    loss_options()(_loss)
del _loss
