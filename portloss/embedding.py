"""Embedding, similarity and ranking losses.

torch's ``cosine_embedding_loss``, ``margin_ranking_loss``, ``triplet_margin_loss`` and
``triplet_margin_with_distance_loss``; Keras' ``CosineSimilarity`` loss; optax's NT-Xent.
Embeddings have their features along the last axis; every other axis is a batch axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import array_api_compat

from ._backends import delegable
from ._backends import device as _device
from ._checks import (
    check_axis,
    check_bool_option,
    check_class_axes,
    check_embeddings,
    check_positive_real,
    check_real_floating,
    check_real_option,
    check_same_shape,
    check_sample_weight,
    check_summed_axes,
    check_where,
)
from ._namespace import array_namespace, compute_dtype, scalar, to_dtype
from ._options import check_option, loss_options, positive
from ._primitives import absolute, axes_last, l2_norm, logsumexp, pow2_scale, relu, softplus
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, Reduction
from .conventions import check_choice, resolve_loss_convention

__all__ = [
    "cosine_embedding_loss",
    "cosine_similarity_loss",
    "margin_ranking_loss",
    "ntxent_loss",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
]

_COSINE_EPS = 1e-12  # torch's cosine_embedding_loss: added to each squared norm
_KERAS_EPSILON = 1e-7


# torch's losses here clamp with clamp_min(z, 0): gradient 1 at z == 0 (and NaN kept).
_TORCH_CLAMP = "clamp_min"
#: Where ``triplet_margin_loss`` adds ``eps``: torch's place or optax's.
EPS_MODES = ("difference", "power_sum")


def _check_real_or_integer(xp: Any, name: str, x: Any) -> None:
    if not xp.isdtype(x.dtype, ("real floating", "integral")):
        raise TypeError(f"{name} must have a real floating or integer dtype, got {x.dtype}")


def _check_embeddings(name: str, x: Any) -> None:
    if x.ndim == 0:
        raise ValueError(
            f"{name} must have at least one dimension (the features, last), got a 0-d array"
        )


def _finish(xp: Any, loss: Any, like: Any, sample_weight: Any, conv: Any, **kw: Any) -> Any:
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=like.dtype, **kw)


@loss_options()
def cosine_embedding_loss(
    input1: Array,
    input2: Array,
    target: Array,
    /,
    *,
    margin: float = 0.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Cosine embedding loss: pull pairs labelled 1 together, push pairs labelled -1 apart.

    The same numbers as ``torch.nn.functional.cosine_embedding_loss``, for any number
    of batch dimensions (torch takes :math:`(N, D)` or :math:`(D)` only).

    Parameters
    ----------
    input1, input2 : array
        Embeddings of one shape, real floating, features along the last axis.
    target : array
        1 (similar) or -1 (dissimilar) per pair, shape ``input1.shape[:-1]``, real
        floating or integer. Pairs with any other label contribute 0 (as torch).
    margin : float, default 0.0
        :math:`m`; cosines below it cost nothing for dissimilar pairs. torch suggests
        values in :math:`[-1, 1]`.
    {{sample_weight}}
        One per pair: the target's shape.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape for ``"none"``; the dtype
        of ``input1``.

    Raises
    ------
    ValueError
        For shapes that do not fit or an unknown ``reduction``.

    Notes
    -----
    With :math:`\cos_n = \frac{x_{1n} \cdot x_{2n}}
    {\sqrt{(\lVert x_{1n} \rVert^2 + \epsilon)(\lVert x_{2n} \rVert^2 + \epsilon)}}` and
    :math:`\epsilon = 10^{-12}` (torch's),

    .. math::

        \ell_n = \begin{cases}
            1 - \cos_n & y_n = 1 \\
            \max(0, \cos_n - m) & y_n = -1 \\
            0 & \text{otherwise}
        \end{cases}, \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n}.

    Shape
    -----
    - input1, input2: :math:`(*, D)`.
    - target: :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    cosine_similarity_loss : Keras' negative cosine similarity.
    margin_ranking_loss : Hinge on the difference of two scores.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.functional.cosine_embedding_loss``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.cosine_embedding_loss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> a = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> b = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 0.0]])
    >>> y = np.array([1, -1, -1])
    >>> print(portloss.cosine_embedding_loss(a, b, y, reduction="none").round(4))
    [0.2929 1.     0.    ]
    >>> print(f"{portloss.cosine_embedding_loss(a, b, y, margin=0.5):.4f}")
    0.2643
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_real_option("margin", margin)
    xp = array_namespace(input1=input1, input2=input2, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input1", input1)
    check_real_floating(xp, "input2", input2)
    _check_real_or_integer(xp, "target", target)
    _check_embeddings("input1", input1)
    check_same_shape("input2", input2, "input1", input1)
    loss_shape = tuple(input1.shape[:-1])
    if tuple(target.shape) != loss_shape:
        raise ValueError(
            f"target must have shape {loss_shape} (input1's shape {tuple(input1.shape)} "
            f"without the feature axis), got shape {tuple(target.shape)}"
        )
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)

    dtype = compute_dtype(xp, input1.dtype)
    x1, x2 = to_dtype(xp, input1, dtype), to_dtype(xp, input2, dtype)
    cos = _torch_cosine(xp, x1, x2)
    dissimilar = xp.where(
        target == -1, relu(xp, cos - margin, style=_TORCH_CLAMP), scalar(xp, 0.0, cos)
    )
    loss = xp.where(target == 1, 1.0 - cos, dissimilar)
    return _finish(xp, loss, input1, sample_weight, conv)


def _torch_cosine(xp: Any, x1: Any, x2: Any) -> Any:
    """torch's ``x1 . x2 / sqrt((|x1|^2 + eps) (|x2|^2 + eps))`` along the last axis.

    Each vector is divided by a power of two near its largest entry first, so float32
    norms up to the dtype's maximum neither overflow nor underflow: with ``r = x / s``
    the ratio is ``r1 . r2 / sqrt((|r1|^2 + eps / s1^2) (|r2|^2 + eps / s2^2))``.
    """
    if 0 in x1.shape:  # no features (torch's 0 / sqrt(eps^2)) or no rows: no maximum to take
        return xp.sum(x1 * x2, axis=-1)
    # x1 and x2 (one shape, one dtype) scaled as one stacked array: each entry's own
    # arithmetic (the same values and gradients), half the operations.
    x = xp.stack([x1, x2])
    scale = pow2_scale(xp, x, axis=-1)
    r = x / scale
    sq = xp.sum(r * r, axis=-1, keepdims=True) + _COSINE_EPS / scale / scale
    # (the indexing drops the kept axis: no squeeze)
    return xp.sum(r[0, ...] * r[1, ...], axis=-1) / xp.sqrt(sq[0, ..., 0] * sq[1, ..., 0])


@delegable
@loss_options()
def margin_ranking_loss(
    input1: Array,
    input2: Array,
    target: Array,
    /,
    *,
    margin: float = 0.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Margin ranking loss: ``input1`` should rank above ``input2`` where ``target`` is 1.

    The same numbers as ``torch.nn.functional.margin_ranking_loss``.

    Parameters
    ----------
    input1, input2 : array
        Scores of one shape, real floating.
    target : array
        1 (``input1`` should be larger) or -1 (``input2`` should be), ``input1``'s
        shape, real floating or integer.
    margin : float, default 0.0
        :math:`m`, the required gap.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input1``'s shape for ``"none"``; the dtype
        of ``input1``.

    Raises
    ------
    ValueError
        For arrays of different shapes or an unknown ``reduction``.

    Notes
    -----
    .. math::

        \ell_i = \max\left(0, -y_i (x_{1i} - x_{2i}) + m\right), \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i}.

    At :math:`\ell_i = 0` exactly the gradient is that of the linear piece, as torch's
    ``clamp_min``.

    Shape
    -----
    - input1, input2, target: any shape :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    cosine_embedding_loss : Hinge on the cosine of a pair of embeddings.
    triplet_margin_loss : Hinge on the difference of two distances.

    References
    ----------
    .. [1] PyTorch, ``torch.nn.functional.margin_ranking_loss``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.margin_ranking_loss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x1, x2 = np.array([0.8, 0.1, 0.5]), np.array([0.2, 0.4, 0.5])
    >>> y = np.array([1.0, 1.0, -1.0])
    >>> print(portloss.margin_ranking_loss(x1, x2, y, reduction="none").round(4))
    [0.  0.3 0. ]
    >>> print(portloss.margin_ranking_loss(x1, x2, y, margin=0.5, reduction="none").round(4))
    [0.  0.8 0.5]
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_real_option("margin", margin)
    xp = array_namespace(input1=input1, input2=input2, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input1", input1)
    check_real_floating(xp, "input2", input2)
    _check_real_or_integer(xp, "target", target)
    check_same_shape("input2", input2, "input1", input1)
    check_same_shape("target", target, "input1", input1)
    check_sample_weight(xp, sample_weight, tuple(input1.shape), conv=conv)

    dtype = compute_dtype(xp, input1.dtype)
    x1, x2 = to_dtype(xp, input1, dtype), to_dtype(xp, input2, dtype)
    y = to_dtype(xp, target, dtype)
    loss = relu(xp, -y * (x1 - x2) + margin, style=_TORCH_CLAMP)
    return _finish(xp, loss, input1, sample_weight, conv)


def _p_norm(xp: Any, d: Any, p: float) -> Any:
    """The p-norm of ``d`` along its last axis (kept), with torch's gradient 0 at a zero
    vector."""
    if 0 in d.shape:  # no maximum of nothing (chunked Dask reduces its empty chunks)
        return xp.sum(d, axis=-1, keepdims=True)  # zeros of the right shape
    if p == math.inf:
        return xp.max(absolute(xp, d), axis=-1, keepdims=True)
    if p == 1.0:
        return xp.sum(absolute(xp, d), axis=-1, keepdims=True)
    if p == 2.0:
        return l2_norm(xp, d, axis=-1, keepdims=True)
    # Scaled by a power of two near the largest entry: no overflow of |d| ** p.
    scale = pow2_scale(xp, d, axis=-1)
    a = absolute(xp, d / scale)
    # Double where: a ** p has an infinite slope at 0 for p < 1 (torch's gradient is 0).
    flat = a == 0
    powers = xp.where(flat, scalar(xp, 0.0, a), xp.where(flat, scalar(xp, 1.0, a), a) ** p)
    s = xp.sum(powers, axis=-1, keepdims=True)
    zero = s == 0
    safe = xp.where(zero, scalar(xp, 1.0, s), s)  # double where: finite gradient at 0
    return xp.where(zero, scalar(xp, 0.0, s), safe ** (1.0 / p) * scale)


def _triplet_distances(
    xp: Any, a: Any, po: Any, ne: Any, p: float, eps: float, power_sum: bool, swap: bool
) -> tuple[Any, Any]:
    """``d(a, po)`` and ``d(a, ne)`` (with ``swap``, ``min(d(a, ne), d(po, ne))``) over
    the last axis: torch's ``pairwise_distance`` ``|| x1 - x2 + eps ||_p``, or with
    ``power_sum`` optax's ``(||x1 - x2||_p ** p + eps) ** (1 / p)``.

    The differences are one stacked array with one norm: each entry's own arithmetic
    (the same values and gradients), a half or a third of the operations.
    """
    diff = xp.stack([a, a, po]) - xp.stack([po, ne, ne]) if swap else a - xp.stack([po, ne])
    d = (_p_norm(xp, diff, p) ** p + eps) ** (1.0 / p) if power_sum else _p_norm(xp, diff + eps, p)
    # (the indexing drops the kept axis: no squeeze)
    d_neg = d[1, ..., 0]
    if swap:
        d_neg = xp.minimum(d_neg, d[2, ..., 0])
    return d[0, ..., 0], d_neg


def _check_triplet(xp: Any, anchor: Any, positive: Any, negative: Any) -> None:
    for name, x in (("anchor", anchor), ("positive", positive), ("negative", negative)):
        check_real_floating(xp, name, x)
    _check_embeddings("anchor", anchor)
    check_same_shape("positive", positive, "anchor", anchor)
    check_same_shape("negative", negative, "anchor", anchor)


@loss_options(p=positive("p", allow_inf=True))
def triplet_margin_loss(
    anchor: Array,
    positive: Array,
    negative: Array,
    /,
    *,
    margin: float = 1.0,
    p: float = 2.0,
    eps: float = 1e-6,
    eps_mode: str = "difference",
    swap: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    axis: int = -1,
) -> Array:
    r"""Triplet margin loss: the anchor should be closer to the positive than to the negative.

    The same numbers as ``torch.nn.functional.triplet_margin_loss``, for any number of
    batch dimensions.

    Parameters
    ----------
    anchor, positive, negative : array
        Embeddings of one shape, real floating, features along ``axis``.
    margin : float, default 1.0
        :math:`m`, the required gap between the two distances.
    p : float > 0 or ``math.inf``, default 2.0
        The norm degree of the distance.
    {{eps}}
        Where it goes is ``eps_mode``'s choice.
    eps_mode : {"difference", "power_sum"}, default "difference"
        ``"difference"`` adds :math:`\varepsilon` to each difference before the norm,
        as torch's ``pairwise_distance``; ``"power_sum"`` adds it to the sum of the
        powers under the root, :math:`(\sum_k |u_k - v_k|^p + \varepsilon)^{1/p}`, as
        optax's ``triplet_margin_loss`` (its ``norm_degree`` is ``p``). Needs a finite
        ``p``.
    swap : bool, default False
        Use the smaller of :math:`d(a, n)` and :math:`d(p, n)` as the negative distance
        (Balntas et al., 2016).
    {{sample_weight}}
        One per triplet: ``anchor.ndim - 1`` dimensions.
    {{reduction}}
    {{convention}}
    {{axis:feature}}
        optax's ``axis``; torch's is the last.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``anchor``'s shape without ``axis`` for
        ``"none"``; the dtype of ``anchor``.

    Raises
    ------
    ValueError
        For arrays of different shapes, ``p <= 0`` (torch also takes those, which are
        not norms), ``eps < 0``, an unknown ``eps_mode`` or ``reduction``, and
        ``eps_mode="power_sum"`` with an infinite ``p``.

    Notes
    -----
    With :math:`d(u, v) = \lVert u - v + \varepsilon \rVert_p` over the feature axis
    (or :math:`(\lVert u - v \rVert_p^p + \varepsilon)^{1/p}` with
    ``eps_mode="power_sum"``),

    .. math::

        \ell_n = \max\left(0,\ m + d(a_n, p_n) - d^-_n\right), \quad
        d^-_n = d(a_n, n_n) \ \text{or, with swap, }
            \min\left(d(a_n, n_n), d(p_n, n_n)\right),

    and :math:`\text{mean} = \sum_n s_n \ell_n / \sum_n s_n`. optax's
    ``norm_degree`` takes no absolute value: its odd degrees are no norm (1 sums the
    signed differences, 3 gives NaN), so only its even degrees are ``p`` here.

    Shape
    -----
    - anchor, positive, negative: :math:`(*, D)` (``D`` at ``axis``).
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    triplet_margin_with_distance_loss : The same with any distance function.
    margin_ranking_loss : Hinge on the difference of two scores.

    References
    ----------
    .. [1] F. Schroff, D. Kalenichenko and J. Philbin, "FaceNet: A Unified Embedding
       for Face Recognition and Clustering", CVPR 2015, arXiv:1503.03832.
    .. [2] V. Balntas, E. Riba, D. Ponsa and K. Mikolajczyk, "Learning local feature
       descriptors with triplets and shallow convolutional neural networks", BMVC 2016.
    .. [3] PyTorch, ``torch.nn.functional.triplet_margin_loss``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.triplet_margin_loss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> a = np.array([[0.0, 0.0], [1.0, 1.0]])
    >>> pos = np.array([[0.0, 1.0], [1.0, 1.5]])
    >>> neg = np.array([[3.0, 0.0], [1.0, 0.0]])
    >>> print(portloss.triplet_margin_loss(a, pos, neg, reduction="none").round(4))
    [0.  0.5]
    >>> out = portloss.triplet_margin_loss(a, pos, neg, p=1.0, swap=True, reduction="none")
    >>> print(out.round(4))
    [0.  0.5]
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_real_option("margin", margin)
    p = check_positive_real("p", p, allow_inf=True)
    eps = check_option("eps", eps)
    eps_mode = check_choice("eps_mode", eps_mode, EPS_MODES)
    if eps_mode == "power_sum" and p == math.inf:
        raise ValueError("eps_mode='power_sum' needs a finite p, got p=inf")
    swap = check_bool_option("swap", swap)
    xp = array_namespace(
        anchor=anchor, positive=positive, negative=negative, sample_weight=sample_weight
    )
    _check_triplet(xp, anchor, positive, negative)
    axis = check_axis(axis, anchor.ndim)
    order = (*(d for d in range(anchor.ndim) if d != axis), axis)  # features last
    check_sample_weight(xp, sample_weight, tuple(anchor.shape[d] for d in order[:-1]), conv=conv)

    dtype = compute_dtype(xp, anchor.dtype)
    a, po, ne = (to_dtype(xp, v, dtype) for v in (anchor, positive, negative))
    if axis != anchor.ndim - 1:
        a, po, ne = (xp.permute_dims(v, order) for v in (a, po, ne))
    d_pos, d_neg = _triplet_distances(xp, a, po, ne, p, eps, eps_mode == "power_sum", swap)
    loss = relu(xp, margin + d_pos - d_neg, style=_TORCH_CLAMP)
    return _finish(xp, loss, anchor, sample_weight, conv)


@loss_options(margin=positive("margin"))
def triplet_margin_with_distance_loss(
    anchor: Array,
    positive: Array,
    negative: Array,
    /,
    *,
    distance_function: Callable[[Any, Any], Any] | None = None,
    margin: float = 1.0,
    swap: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Triplet margin loss with any distance function.

    The same numbers as ``torch.nn.functional.triplet_margin_with_distance_loss``.

    Parameters
    ----------
    anchor, positive, negative : array
        Embeddings of one shape, real floating.
    distance_function : callable, optional
        ``distance_function(x1, x2)`` returns the distances between paired rows as an
        array of the same library (any Array API code works on every backend; write it
        with ``array_api_compat.array_namespace(x1)``). Default: torch's
        ``pairwise_distance`` (Euclidean, with ``eps=1e-6`` added to the difference).
        It is called on the arrays cast to the computation dtype (float32 for
        float16/bfloat16).
    margin : float > 0, default 1.0
        :math:`m`, the required gap; must be positive, as in torch.
    swap : bool, default False
        Use the smaller of :math:`d(a, n)` and :math:`d(p, n)` as the negative distance.
    {{sample_weight}}
        One per triplet: the distances' shape.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the distances' shape for ``"none"``; the
        dtype of ``anchor``.

    Raises
    ------
    ValueError
        For arrays of different shapes, ``margin <= 0``, distances of different shapes
        or an unknown ``reduction``.
    TypeError
        For a ``distance_function`` that is not callable or returns no array of the
        inputs' library.

    Notes
    -----
    .. math::

        \ell_n = \max\left(0,\ m + d(a_n, p_n) - d^-_n\right), \quad
        d^-_n = d(a_n, n_n) \ \text{or, with swap, }
            \min\left(d(a_n, n_n), d(p_n, n_n)\right),

    and :math:`\text{mean} = \sum_n s_n \ell_n / \sum_n s_n`.

    Shape
    -----
    - anchor, positive, negative: :math:`(*, D)`.
    - output: scalar, or the distances' shape (:math:`(*)` for the default) for
      ``reduction="none"``.

    See Also
    --------
    triplet_margin_loss : The same with the p-norm distance.

    References
    ----------
    .. [1] F. Schroff, D. Kalenichenko and J. Philbin, "FaceNet: A Unified Embedding
       for Face Recognition and Clustering", CVPR 2015, arXiv:1503.03832.
    .. [2] PyTorch, ``torch.nn.functional.triplet_margin_with_distance_loss``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.triplet_margin_with_distance_loss.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> a = np.array([[0.0, 0.0], [1.0, 1.0]])
    >>> pos = np.array([[0.0, 1.0], [1.0, 1.5]])
    >>> neg = np.array([[3.0, 0.0], [1.0, 0.0]])
    >>> def l1(x, y):
    ...     return np.sum(np.abs(x - y), axis=-1)
    >>> out = portloss.triplet_margin_with_distance_loss(
    ...     a, pos, neg, distance_function=l1, reduction="none"
    ... )
    >>> print(out.round(4))
    [0.  0.5]
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_positive_real("margin", margin)
    swap = check_bool_option("swap", swap)
    if distance_function is not None and not callable(distance_function):
        raise TypeError(
            f"distance_function must be a callable (x1, x2) -> distances or None, "
            f"got {type(distance_function).__name__}"
        )
    xp = array_namespace(
        anchor=anchor, positive=positive, negative=negative, sample_weight=sample_weight
    )
    _check_triplet(xp, anchor, positive, negative)

    dtype = compute_dtype(xp, anchor.dtype)
    a, po, ne = (to_dtype(xp, v, dtype) for v in (anchor, positive, negative))

    if distance_function is None:  # torch's pairwise_distance
        d_pos, d_neg = _triplet_distances(xp, a, po, ne, 2.0, 1e-6, False, swap)
    else:
        d_pos, d_neg = _user_distances(xp, distance_function, a, po, ne, swap)
    if tuple(d_pos.shape) != tuple(d_neg.shape):
        raise ValueError(
            f"distance_function returned distances of shape {tuple(d_pos.shape)} for the "
            f"positives and {tuple(d_neg.shape)} for the negatives; they must match"
        )
    check_sample_weight(xp, sample_weight, tuple(d_pos.shape), conv=conv)
    loss = relu(xp, margin + d_pos - d_neg, style=_TORCH_CLAMP)
    return _finish(xp, loss, anchor, sample_weight, conv)


def _user_distances(
    xp: Any, function: Callable[[Any, Any], Any], a: Any, po: Any, ne: Any, swap: bool
) -> tuple[Any, Any]:
    """``function(a, po)`` and ``function(a, ne)`` (with ``swap``, the smaller of that
    and ``function(po, ne)``), checked to be arrays of ``xp``, floats cast to ``a``'s
    dtype."""

    def distance(x1: Any, x2: Any, which: str) -> Any:
        d = function(x1, x2)
        try:
            same = array_api_compat.array_namespace(d) is xp
        except TypeError:
            same = False
        if not same:
            raise TypeError(
                f"distance_function must return an array of the inputs' library, got "
                f"{type(d).__name__} for d({which})"
            )
        return to_dtype(xp, d, a.dtype) if xp.isdtype(d.dtype, "real floating") else d

    d_pos = distance(a, po, "anchor, positive")
    d_neg = distance(a, ne, "anchor, negative")
    if swap:
        d_neg = xp.minimum(d_neg, distance(po, ne, "positive, negative"))
    return d_pos, d_neg


@loss_options(axis=check_class_axes)
def cosine_similarity_loss(
    input: Array,
    target: Array,
    /,
    *,
    where: Array = None,
    axis: int | tuple[int, ...] = -1,
    eps: float = _KERAS_EPSILON,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Negative cosine similarity along ``axis`` (Keras' ``CosineSimilarity`` loss).

    Keras' definition: both sides are L2-normalized with their norms floored at
    ``eps``, and the loss is minus their dot product, in :math:`[-1, 1]` (-1 is best).

    Parameters
    ----------
    input : array
        Predictions :math:`\hat y`, real floating.
    target : array
        Targets :math:`y` of ``input``'s shape, real floating or integer.
    where : array of bool, optional
        The entries that take part, broadcastable to ``input`` (optax's ``where``): the
        others are left out of the dot product and of both norms.
    {{axis:feature}}
        The cosine is taken along it; a tuple names several feature axes (optax's).
    {{eps}}
        Here it is the smallest norm of either side, Keras' ``backend.epsilon()``.
    {{sample_weight}}
        One per row: ``input``'s shape without ``axis``.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without ``axis`` for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For arrays of different shapes, a 0-d ``input``, an invalid or repeated
        ``axis``, an invalid ``eps``, a ``where`` that does not broadcast or an unknown
        ``reduction``.
    TypeError
        For a ``where`` that is not boolean.

    Notes
    -----
    .. math::

        \ell_n = -\sum_c \frac{\hat y_{nc}}{\max(\lVert \hat y_n \rVert, \varepsilon)}
            \frac{y_{nc}}{\max(\lVert y_n \rVert, \varepsilon)}, \qquad
        \text{mean} = \frac{\sum_n s_n \ell_n}{\sum_n s_n}.

    A zero vector gives 0 and a finite gradient. optax's ``cosine_similarity`` is
    :math:`-\ell` with ``eps`` the square root of its ``epsilon`` (it floors the
    squared norms).

    Shape
    -----
    - input, target: :math:`(*, D)` or any shape with the features at ``axis``.
    - output: scalar, or the shape without ``axis`` for ``reduction="none"``.

    See Also
    --------
    cosine_embedding_loss : The pairwise cosine loss of torch, with labels and a margin.

    References
    ----------
    .. [1] Keras, ``keras.losses.CosineSimilarity``,
       https://keras.io/api/losses/regression_losses/#cosinesimilarity-class

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> y_true = np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    >>> y_pred = np.array([[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]])
    >>> print(portloss.cosine_similarity_loss(y_pred, y_true, reduction="none").round(4))
    [-0. -1.  1.]
    >>> print(f"{portloss.cosine_similarity_loss(y_pred, y_true):.4f}")
    0.0000
    """
    conv = resolve_loss_convention(convention, reduction)
    eps = check_option("eps", eps)
    masks = {} if where is None else {"where": where}
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight, **masks)
    check_real_floating(xp, "input", input)
    _check_real_or_integer(xp, "target", target)
    check_same_shape("target", target, "input", input)
    _check_embeddings("input", input)
    axes = check_summed_axes(axis, input.ndim)
    loss_shape = tuple(n for d, n in enumerate(input.shape) if d not in axes)
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)

    dtype = compute_dtype(xp, input.dtype)
    # input and target as one stacked array (leading axis 2): one scaled norm for both,
    # each entry with its own arithmetic (the same values and gradients).
    v = xp.stack([to_dtype(xp, input, dtype), to_dtype(xp, target, dtype)])
    if where is not None:
        keep = check_where(xp, where, input, axes)
        v = xp.where(keep, v, scalar(xp, 0.0, v))
    axis = axes[0] + 1
    if len(axes) > 1:  # the feature axes, in the order given, as one last axis
        v = axes_last(xp, v, tuple(a + 1 for a in axes))
        axis = len(loss_shape) + 1
    # max(|v|, eps) with a zero gradient below the floor (and at a zero vector, where
    # the norm is 0); the norm is scaled before squaring, so float32 norms beyond 1.8e19
    # do not overflow (and an empty array has norms 0).
    norm = l2_norm(xp, v, axis=axis, keepdims=True)
    u = v / xp.where(norm < eps, scalar(xp, eps, norm), norm)
    loss = -xp.sum(u[0, ...] * u[1, ...], axis=axis - 1)
    return _finish(xp, loss, input, sample_weight, conv)


@loss_options(temperature=positive("temperature"))
def ntxent_loss(
    embeddings: Array,
    labels: Array,
    /,
    *,
    temperature: float = 0.07,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Normalized temperature-scaled cross entropy (NT-Xent), as ``optax.losses.ntxent``.

    Every ordered pair of distinct embeddings with equal labels is a positive pair; its
    loss is the cross entropy of picking the positive among itself and all embeddings
    with other labels, on cosine similarities divided by ``temperature``. The default
    ``"mean"`` over positive pairs is optax's number.

    Parameters
    ----------
    embeddings : array of shape (N, D)
        Real floating.
    labels : array of shape (N,)
        Group labels, integer; equal labels mark positive pairs.
    temperature : float > 0, default 0.07
        :math:`\tau`.
    {{sample_weight}}
        One per ordered pair, broadcastable to :math:`(N, N)` (e.g. :math:`(N, 1)` per
        anchor).
    {{reduction}}
        Here ``\"mean\"`` averages over the positive pairs (optax) and ``\"none\"`` gives
        the :math:`(N, N)` matrix of pair losses (0 off positive pairs).
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, :math:`(N, N)` for ``"none"``; the dtype of
        ``embeddings``.

    Raises
    ------
    ValueError
        For shapes that do not fit, ``temperature <= 0`` or an unknown ``reduction``.
    TypeError
        For non-floating embeddings or non-integer labels.

    Notes
    -----
    With :math:`u_i = e_i / \sqrt{\max(\lVert e_i \rVert^2, \epsilon)}`, :math:`\epsilon`
    the machine epsilon of the computation dtype (optax's), and
    :math:`z_{ij} = u_i \cdot u_j / \tau`, for :math:`i \ne j` with :math:`y_i = y_j`

    .. math::

        \ell_{ij} = -z_{ij} + \log\Big(e^{z_{ij}} + \sum_{k: y_k \ne y_i} e^{z_{ik}}\Big),
        \qquad
        \text{mean} = \frac{\sum_{ij} s_{ij} \ell_{ij}}{\sum_{ij} s_{ij}},

    sums over positive pairs, computed in log space as
    :math:`\operatorname{softplus}(\log \sum_{k: y_k \ne y_i} e^{z_{ik}} - z_{ij})`, which
    keeps float32 exact at small temperatures (a shifted sum of exponentials underflows
    there). The norms are scaled before squaring. Without positive pairs the mean is NaN
    (optax: 0/0).

    Shape
    -----
    - embeddings: :math:`(N, D)`. labels: :math:`(N)`.
    - output: scalar, or :math:`(N, N)` for ``reduction="none"``.

    See Also
    --------
    cosine_similarity_loss : Negative cosine similarity of paired vectors.

    References
    ----------
    .. [1] T. Chen, S. Kornblith, M. Norouzi and G. Hinton, "A Simple Framework for
       Contrastive Learning of Visual Representations", ICML 2020, arXiv:2002.05709.
    .. [2] K. Sohn, "Improved Deep Metric Learning with Multi-class N-pair Loss
       Objective", NeurIPS 2016.
    .. [3] optax, ``optax.losses.ntxent``,
       https://optax.readthedocs.io/en/latest/api/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> labels = np.array([0, 0, 1, 1])
    >>> print(f"{portloss.ntxent_loss(e, labels):.6f}")
    0.000011
    >>> print(f"{portloss.ntxent_loss(e, labels, temperature=1.0):.6f}")
    0.603416
    """
    conv = resolve_loss_convention(convention, reduction)
    temperature = check_positive_real("temperature", temperature)
    xp = array_namespace(embeddings=embeddings, labels=labels, sample_weight=sample_weight)
    check_embeddings(xp, "embeddings", embeddings)
    if not xp.isdtype(labels.dtype, "integral"):
        raise TypeError(f"labels must have an integer dtype, got {labels.dtype}")
    n = embeddings.shape[0]
    if tuple(labels.shape) != (n,):
        raise ValueError(
            f"labels must have shape ({n},), one label per embedding, got shape "
            f"{tuple(labels.shape)}"
        )
    check_sample_weight(xp, sample_weight, (n, n), conv=conv)

    dtype = compute_dtype(xp, embeddings.dtype)
    e = to_dtype(xp, embeddings, dtype)
    norm = l2_norm(xp, e, axis=-1, keepdims=True)  # scaled: no float32 overflow
    floor = math.sqrt(float(xp.finfo(dtype).eps))
    u = e / xp.where(norm < floor, xp.full_like(norm, floor), norm)
    z = xp.matmul(u, xp.matrix_transpose(u)) / temperature

    idx = xp.arange(n, device=_device(labels))
    same = xp.expand_dims(labels, axis=1) == xp.expand_dims(labels, axis=0)
    itself = xp.expand_dims(idx, axis=1) == xp.expand_dims(idx, axis=0)
    positive = same & ~itself
    negative = ~same

    # In log space: l_ij = log(1 + sum_k exp(z_ik - z_ij)) = softplus(L_i - z_ij) with
    # L_i the log-sum-exp of row i over its negatives. A sum of exponentials shifted by
    # the row maximum underflows to 0 in float32 at small temperatures (log 0 = -inf).
    has_negative = xp.any(negative, axis=1, keepdims=True)
    masked = xp.where(negative, z, xp.full_like(z, -math.inf))
    # Double where: a row without negatives takes the log-sum-exp of zeros, then -inf.
    masked = xp.where(has_negative, masked, xp.zeros_like(z))
    # (a static shape: some backends have no maximum over an empty row)
    lse = logsumexp(xp, masked, axis=1, keepdims=True) if n else masked[:, :1]
    lse = xp.where(has_negative, lse, xp.full_like(lse, -math.inf))
    loss = softplus(xp, lse - xp.where(positive, z, xp.zeros_like(z)))
    return _finish(xp, loss, embeddings, sample_weight, conv, valid=positive)
