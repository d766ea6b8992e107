"""Metric-learning losses: margin softmaxes on class centres, pair losses and batch mining.

The margin-softmax family (ArcFace, sub-centre ArcFace, CosFace, SphereFace) as
insightface computes it; Keras' Circle loss; pytorch-metric-learning's multi-similarity
loss; batch-hard, batch-all and semi-hard (TensorFlow Addons) triplet mining; and the
``pairwise_distances`` helper they share. Mining is done with masks over the whole
``(N, N)`` distance matrix: no boolean indexing, no host sync, so every loss runs under
``jax.jit`` and lazily on Dask.
"""

from __future__ import annotations

import math
from typing import Any

from ._checks import (
    check_bool_option,
    check_embeddings,
    check_positive_real,
    check_real_option,
    check_sample_weight,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import choice, loss_options, nonnegative, positive, real
from ._primitives import class_ramp, logsumexp, relu, softplus
from ._reduction import reduce_loss
from ._terms.distance import (
    DISTANCE_METRICS,
    distance_matrix,
    label_masks,
    masked_max,
    masked_min,
    unit_rows,
)
from ._typing import Array, ConventionName, DistanceMetric, Reduction
from .conventions import convention_defaults, resolve_loss_convention

__all__ = [
    "arcface_loss",
    "batch_all_triplet_loss",
    "batch_hard_triplet_loss",
    "circle_loss",
    "cosface_loss",
    "multi_similarity_loss",
    "pairwise_distances",
    "sphereface_loss",
    "triplet_semihard_loss",
]

_NORM_EPS = 1e-12  # F.normalize's floor on a row's norm


def _check_labels(xp: Any, name: str, labels: Any, n: int, of: str) -> None:
    if not xp.isdtype(labels.dtype, "integral"):
        raise TypeError(f"{name} must have an integer dtype, got {labels.dtype}")
    if tuple(labels.shape) != (n,):
        raise ValueError(
            f"{name} must have shape ({n},), one label per row of {of}, got shape "
            f"{tuple(labels.shape)}"
        )


@loss_options(metric=choice("metric", DISTANCE_METRICS), eps=nonnegative("eps"))
def pairwise_distances(
    x: Array, y: Array = None, /, *, metric: DistanceMetric = "euclidean", eps: float = _NORM_EPS
) -> Array:
    r"""Compute the distances between the rows of ``x`` and of ``y`` (default: ``x``).

    Parameters
    ----------
    x : array of shape (N, D)
        Real floating.
    y : array of shape (M, D), optional
        Real floating; ``x`` itself when omitted (the diagonal is then exactly 0).
    metric : {"euclidean", "squared", "cosine"}, default "euclidean"
        :math:`\lVert x_i - y_j \rVert`, its square, or :math:`1 - \cos(x_i, y_j)`.
    eps : float >= 0, default 1e-12
        The smallest row norm used by ``"cosine"`` (``F.normalize``'s floor): a zero
        row has cosine 0 with every row.

    Returns
    -------
    array of shape (N, M)
        ``x``'s dtype.

    Raises
    ------
    ValueError
        For arrays that are not matrices with the same number of columns, or an
        unknown ``metric``.

    Notes
    -----
    The euclidean forms use the Gram identity

    .. math::

        d_{ij}^2 = \max\left(0,\ \lVert x_i \rVert^2 + \lVert y_j \rVert^2
            - 2\, x_i \cdot y_j\right)

    on rows divided by one power of two near the largest entry (exact, so float32
    norms up to :math:`3 \cdot 10^{38}` do not overflow), as TensorFlow Addons and
    pytorch-metric-learning do. The square root has gradient 0 at a zero distance
    (identical rows): no NaN from :math:`\sqrt{0}`. Rounding in the Gram form leaves
    distances between distinct rows accurate to about
    :math:`\sqrt{\epsilon} \lVert x \rVert`.

    Shape
    -----
    - x: :math:`(N, D)`; y: :math:`(M, D)`.
    - output: :math:`(N, M)`.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.0, 0.0], [3.0, 4.0]])
    >>> print(portloss.pairwise_distances(x))
    [[0. 5.]
     [5. 0.]]
    >>> print(portloss.pairwise_distances(x, metric="squared")[0, 1])
    25.0

    See Also
    --------
    batch_hard_triplet_loss : The hardest positive and negative per anchor.
    triplet_semihard_loss : Semi-hard negatives (TF-Addons).

    References
    ----------
    .. [1] F. Schroff, D. Kalenichenko and J. Philbin, "FaceNet: A unified embedding for
       face recognition and clustering", CVPR 2015.
    """
    metric = choice("metric", DISTANCE_METRICS)(metric)
    eps = check_positive_real("eps", eps, allow_zero=True)
    same = y is None
    y = x if same else y
    xp = array_namespace(x=x, y=y)
    check_embeddings(xp, "x", x)
    check_embeddings(xp, "y", y)
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"y must have as many columns as x ({x.shape[1]}), got shape {tuple(y.shape)}"
        )
    dtype = compute_dtype(xp, x.dtype)
    a, b = to_dtype(xp, x, dtype), to_dtype(xp, y, dtype)
    return to_dtype(xp, distance_matrix(xp, a, b, metric=metric, eps=eps, same=same), x.dtype)


# ---------------------------------------------------------------- margin softmax family


def _cosines(xp: Any, embeddings: Any, weight: Any, k: int) -> Any:
    """The ``(N, C)`` cosines to the class centres (the best of ``k`` sub-centres)."""
    if weight is None:
        cos = embeddings
    else:
        u = unit_rows(xp, embeddings, eps=_NORM_EPS)
        w = unit_rows(xp, weight, eps=_NORM_EPS)
        cos = xp.matmul(u, xp.matrix_transpose(w))
    if k == 1:
        return cos
    n, ck = cos.shape
    # insightface's layout: centre j of class c is row c * k + j.
    grouped = xp.reshape(cos, (n, ck // k, k))
    # (no maximum of an empty batch: its sum has the right shape)
    return xp.sum(grouped, axis=-1) if n == 0 else xp.max(grouped, axis=-1)


def _margin_cross_entropy(xp: Any, cos: Any, labels: Any, phi: Any, scale: float) -> Any:
    """Cross entropy of ``scale * cos`` with the target's cosine replaced by ``phi(cos_y)``.

    A label outside ``[0, C)`` gives NaN (nothing to read on the host).
    """
    target = class_ramp(xp, cos, axis=-1, dtype=labels.dtype) == xp.expand_dims(labels, axis=1)
    cos_y = xp.sum(xp.where(target, cos, xp.zeros_like(cos)), axis=-1, keepdims=True)
    phi_y = phi(cos_y)
    logits = scale * xp.where(target, phi_y, cos)
    # (no maximum of nothing: zero classes leave every label out of range, NaN)
    empty = 0 in logits.shape
    m = xp.sum(logits, axis=-1, keepdims=True) if empty else xp.max(logits, axis=-1, keepdims=True)
    lse = xp.log(xp.sum(xp.exp(logits - m), axis=-1))
    loss = lse - xp.squeeze(scale * phi_y - m, axis=-1)
    in_range = xp.any(target, axis=-1)
    return xp.where(in_range, loss, xp.full_like(loss, xp.nan))


def _safe_sine(xp: Any, c: Any) -> Any:
    """``sqrt(max(1 - c^2, 0))`` with gradient 0 (not inf) at ``c = +-1``; NaN kept."""
    s2 = 1.0 - c * c
    pos = s2 > 0
    root = xp.sqrt(xp.where(pos, s2, xp.ones_like(s2)))  # double where
    return xp.where(pos, root, xp.where(xp.isnan(s2), s2, xp.zeros_like(s2)))


def _margin_inputs(
    xp: Any, embeddings: Any, weight: Any, labels: Any, sample_weight: Any, k: int, conv: Any
) -> Any:
    """Validate the arrays of a margin-softmax loss; return its ``(N, C)`` cosines."""
    check_embeddings(xp, "embeddings", embeddings)
    n = embeddings.shape[0]
    if weight is not None:
        check_embeddings(xp, "weight", weight)
        if weight.shape[1] != embeddings.shape[1]:
            raise ValueError(
                f"weight must have shape (C * k, {embeddings.shape[1]}) (one row per class "
                f"centre, as embeddings' columns), got shape {tuple(weight.shape)}"
            )
    centres = embeddings.shape[1] if weight is None else weight.shape[0]
    if centres % k:
        what = "embeddings (cosine logits)" if weight is None else "weight"
        raise ValueError(f"{what} must have a multiple of k={k} class centres, got {centres}")
    _check_labels(xp, "labels", labels, n, "embeddings")
    check_sample_weight(xp, sample_weight, (n,), conv=conv)
    dtype = compute_dtype(xp, embeddings.dtype)
    e = to_dtype(xp, embeddings, dtype)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    return _cosines(xp, e, w, k)


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be an integer >= 1 (sub-centres per class), got {k!r}")
    return k


_MARGIN_SHARED = """\
    embeddings : array of shape (N, D)
        Real floating; normalised inside (norms up to the dtype's maximum are fine).
        With ``weight=None``, the cosine logits :math:`(N, C k)` themselves.
    weight : array of shape (C k, D) or None
        The class centres, one per row (``torch.nn.Linear(D, C).weight``'s layout, as
        insightface); normalised inside. ``None``: ``embeddings`` are cosines.
    labels : array of shape (N,)
        Integer class of every row, in :math:`[0, C)`; another value gives NaN."""


@loss_options(
    scale=positive("scale"),
    margin=nonnegative("margin"),
    k=_check_k,
)
def arcface_loss(
    embeddings: Array,
    weight: Array,
    labels: Array,
    /,
    *,
    scale: float = 64.0,
    margin: float = 0.5,
    easy_margin: bool = False,
    k: int = 1,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""ArcFace: softmax cross entropy with an additive angular margin on the target.

    insightface's ``ArcFace`` / ``ArcMarginProduct`` (and, with ``k > 1``, its sub-centre
    variant), including the ``th``/``mm`` fallback where :math:`\theta + m > \pi`.

    Parameters
    ----------
    [[embeddings_weight_labels]]
    scale : float > 0, default 64.0
        :math:`s`, multiplying every cosine.
    margin : float >= 0, default 0.5
        :math:`m`, the angle (radians) added to the target's angle.
    easy_margin : bool, default False
        Apply the margin only where :math:`\cos\theta > 0` (plain cosine elsewhere).
    k : int >= 1, default 1
        Sub-centres per class (Deng et al. 2020): ``weight`` has :math:`C k` rows and
        each class takes its best sub-centre, :math:`\max_j \cos\theta_{c,j}`.
    {{sample_weight}}
        Here one weight per row, shape :math:`(N,)`.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N,)` for ``"none"``; ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, a negative ``margin``, ``scale <= 0``, ``k < 1``.
    TypeError
        For non-floating embeddings or weight, or non-integer labels.

    Notes
    -----
    With :math:`c_{ij} = \hat e_i \cdot \hat w_j` (rows normalised),
    :math:`\theta_i` the angle to the target centre and :math:`y_i` its class,

    .. math::

        \phi_i = \begin{cases}
            \cos(\theta_i + m) = c\cos m - \sqrt{1 - c^2}\,\sin m
                & c > \cos(\pi - m) \\
            c - m \sin(\pi - m) & \text{otherwise}
        \end{cases}, \qquad
        \ell_i = -\log \frac{e^{s \phi_i}}{e^{s \phi_i} + \sum_{j \ne y_i} e^{s c_{ij}}}

    (``easy_margin``: :math:`\phi_i = \cos(\theta_i + m)` where :math:`c > 0`, else
    :math:`c`). No arccos is taken: the gradient is finite at :math:`c = \pm 1` (the
    square root's slope there is taken as 0). The softmax is shifted by its maximum, so
    float32 at :math:`s = 64` is exact.

    Shape
    -----
    - embeddings: :math:`(N, D)`; weight: :math:`(C k, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[1.0, 0.1], [0.2, 1.0]])
    >>> w = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> y = np.array([0, 1])
    >>> print(portloss.arcface_loss(e, w, y, scale=4.0, reduction="none").round(4))
    [0.0534 0.0972]

    See Also
    --------
    cosface_loss : Additive cosine margin.
    sphereface_loss : Multiplicative angular margin.

    References
    ----------
    .. [1] J. Deng, J. Guo, N. Xue and S. Zafeiriou, "ArcFace: Additive angular margin
       loss for deep face recognition", CVPR 2019.
    .. [2] J. Deng, J. Guo, T. Liu, M. Gong and S. Zafeiriou, "Sub-center ArcFace:
       Boosting face recognition by large-scale noisy web faces", ECCV 2020.
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    margin = check_positive_real("margin", margin, allow_zero=True)
    easy_margin = check_bool_option("easy_margin", easy_margin)
    k = _check_k(k)
    xp = array_namespace(
        embeddings=embeddings, weight=weight, labels=labels, sample_weight=sample_weight
    )
    cos = _margin_inputs(xp, embeddings, weight, labels, sample_weight, k, conv)
    cos_m, sin_m = math.cos(margin), math.sin(margin)
    th, mm = math.cos(math.pi - margin), math.sin(math.pi - margin) * margin

    def phi(c: Any) -> Any:
        arc = c * cos_m - _safe_sine(xp, c) * sin_m
        if easy_margin:
            return xp.where(c > 0, arc, c)
        return xp.where(c > th, arc, c - mm)

    loss = _margin_cross_entropy(xp, cos, labels, phi, scale)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=embeddings.dtype)


@loss_options(scale=positive("scale"), margin=nonnegative("margin"))
def cosface_loss(
    embeddings: Array,
    weight: Array,
    labels: Array,
    /,
    *,
    scale: float = 64.0,
    margin: float = 0.35,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""CosFace / AM-Softmax: softmax cross entropy with an additive cosine margin.

    Parameters
    ----------
    [[embeddings_weight_labels]]
    scale : float > 0, default 64.0
        :math:`s`, multiplying every cosine.
    margin : float >= 0, default 0.35
        :math:`m`, subtracted from the target's cosine (pytorch-metric-learning's
        default).
    {{sample_weight}}
        Here one weight per row, shape :math:`(N,)`.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N,)` for ``"none"``; ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, a negative ``margin`` or ``scale <= 0``.
    TypeError
        For non-floating embeddings or weight, or non-integer labels.

    Notes
    -----
    .. math::

        \ell_i = -\log \frac{e^{s (c_{i y_i} - m)}}
            {e^{s (c_{i y_i} - m)} + \sum_{j \ne y_i} e^{s c_{ij}}}

    with :math:`c_{ij}` the cosine between embedding :math:`i` and centre :math:`j`.

    Shape
    -----
    - embeddings: :math:`(N, D)`; weight: :math:`(C, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[1.0, 0.1], [0.2, 1.0]])
    >>> w = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> y = np.array([0, 1])
    >>> print(portloss.cosface_loss(e, w, y, scale=4.0, reduction="none").round(4))
    [0.1069 0.162 ]

    See Also
    --------
    arcface_loss : Additive angular margin (and sub-centres).
    sphereface_loss : Multiplicative angular margin.

    References
    ----------
    .. [1] H. Wang, Y. Wang, Z. Zhou, X. Ji, D. Gong, J. Zhou, Z. Li and W. Liu,
       "CosFace: Large margin cosine loss for deep face recognition", CVPR 2018.
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    margin = check_positive_real("margin", margin, allow_zero=True)
    xp = array_namespace(
        embeddings=embeddings, weight=weight, labels=labels, sample_weight=sample_weight
    )
    cos = _margin_inputs(xp, embeddings, weight, labels, sample_weight, 1, conv)
    loss = _margin_cross_entropy(xp, cos, labels, lambda c: c - margin, scale)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=embeddings.dtype)


def _check_integer_margin(margin: Any) -> int:
    if isinstance(margin, bool) or not isinstance(margin, int) or margin < 1:
        raise ValueError(
            f"margin must be an integer >= 1 (SphereFace's angle multiplier), got {margin!r}"
        )
    return margin


@loss_options(scale=positive("scale"), margin=_check_integer_margin)
def sphereface_loss(
    embeddings: Array,
    weight: Array,
    labels: Array,
    /,
    *,
    scale: float = 64.0,
    margin: int = 4,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""SphereFace (A-Softmax): a multiplicative angular margin on the target.

    The original A-Softmax :math:`\psi` (Liu et al. 2017), on normalised embeddings and
    centres scaled by ``scale`` (the normalised form insightface and most later code use,
    instead of multiplying by the embedding's norm), without the training-time
    :math:`\lambda` annealing of the paper's code.

    Parameters
    ----------
    [[embeddings_weight_labels]]
    scale : float > 0, default 64.0
        :math:`s`, multiplying every logit.
    margin : int >= 1, default 4
        :math:`m`, the angle multiplier (1: the normalised softmax).
    {{sample_weight}}
        Here one weight per row, shape :math:`(N,)`.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N,)` for ``"none"``; ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, a ``margin`` that is not a positive integer or
        ``scale <= 0``.
    TypeError
        For non-floating embeddings or weight, or non-integer labels.

    Notes
    -----
    For the target angle :math:`\theta \in [k\pi/m, (k+1)\pi/m]`,

    .. math::

        \psi(\theta) = (-1)^k \cos(m\theta) - 2k, \qquad
        \ell_i = -\log \frac{e^{s \psi(\theta_i)}}
            {e^{s \psi(\theta_i)} + \sum_{j \ne y_i} e^{s c_{ij}}},

    a decreasing continuation of :math:`\cos(m\theta)` over :math:`[0, \pi]`.
    :math:`\cos(m\theta)` is the Chebyshev polynomial :math:`T_m(\cos\theta)` and
    :math:`k` counts the thresholds :math:`\cos(j\pi/m)` at or above :math:`\cos\theta`:
    no arccos, a finite gradient at :math:`\cos\theta = \pm 1`.

    Shape
    -----
    - embeddings: :math:`(N, D)`; weight: :math:`(C, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[1.0, 0.1], [0.2, 1.0]])
    >>> w = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> y = np.array([0, 1])
    >>> print(portloss.sphereface_loss(e, w, y, scale=4.0, reduction="none").round(4))
    [0.0366 0.1232]

    See Also
    --------
    arcface_loss : Additive angular margin (and sub-centres).
    cosface_loss : Additive cosine margin.

    References
    ----------
    .. [1] W. Liu, Y. Wen, Z. Yu, M. Li, B. Raj and L. Song, "SphereFace: Deep
       hypersphere embedding for face recognition", CVPR 2017.
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    margin = _check_integer_margin(margin)
    xp = array_namespace(
        embeddings=embeddings, weight=weight, labels=labels, sample_weight=sample_weight
    )
    cos = _margin_inputs(xp, embeddings, weight, labels, sample_weight, 1, conv)
    loss = _margin_cross_entropy(xp, cos, labels, lambda c: _psi(xp, c, margin), scale)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=embeddings.dtype)


def _psi(xp: Any, c: Any, m: int) -> Any:
    """A-Softmax's ``(-1)^k T_m(c) - 2k``; NaN in ``c`` gives NaN."""
    previous, t = xp.ones_like(c), c
    for _ in range(m - 1):  # Chebyshev: T_{j+1} = 2 c T_j - T_{j-1}
        previous, t = t, 2.0 * c * t - previous
    k = xp.zeros_like(c)
    for j in range(1, m):
        k = k + xp.astype(c <= math.cos(j * math.pi / m), c.dtype)
    sign = 1.0 - 2.0 * (k - 2.0 * xp.floor(k / 2.0))
    return sign * t - 2.0 * k


def _share_docs(placeholder: str, paragraph: str, *functions: Any) -> None:
    for function in functions:
        function.__doc__ = (function.__doc__ or "").replace(f"    [[{placeholder}]]", paragraph)


_share_docs("embeddings_weight_labels", _MARGIN_SHARED, arcface_loss, cosface_loss, sphereface_loss)


# ---------------------------------------------------------------- pair losses


def _pair_inputs(
    xp: Any, embeddings: Any, labels: Any, sample_weight: Any, conv: Any, weight_shape: Any = None
) -> Any:
    check_embeddings(xp, "embeddings", embeddings)
    n = embeddings.shape[0]
    _check_labels(xp, "labels", labels, n, "embeddings")
    check_sample_weight(
        xp, sample_weight, (n,) if weight_shape is None else weight_shape, conv=conv
    )
    return to_dtype(xp, embeddings, compute_dtype(xp, embeddings.dtype))


def _masked_logsumexp(xp: Any, z: Any, mask: Any) -> Any:
    """Row-wise ``log(sum(exp(z)))`` over ``mask``; ``-inf`` (gradient 0) for an empty row."""
    has = xp.any(mask, axis=1)
    masked = xp.where(mask, z, xp.full_like(z, -math.inf))
    # Double where: an empty row takes the log-sum-exp of zeros, not log(0)'s slope.
    masked = xp.where(xp.expand_dims(has, axis=1), masked, xp.zeros_like(z))
    # (no maximum of nothing: an empty row's sum is the empty sum)
    lse = xp.sum(masked, axis=1) - math.inf if 0 in z.shape else logsumexp(xp, masked, axis=1)
    return xp.where(has, lse, xp.full_like(lse, -math.inf)), has


def _cosine_matrix(xp: Any, e: Any, ref: Any, normalize: bool) -> Any:
    if normalize:
        e, ref = unit_rows(xp, e, eps=_NORM_EPS), unit_rows(xp, ref, eps=_NORM_EPS)
    return xp.matmul(e, xp.matrix_transpose(ref))


def _reference(
    xp: Any, e: Any, labels: Any, ref_embeddings: Any, ref_labels: Any
) -> tuple[Any, Any]:
    if (ref_embeddings is None) != (ref_labels is None):
        raise ValueError("ref_embeddings and ref_labels must be given together or not at all")
    if ref_embeddings is None:
        return e, labels
    check_embeddings(xp, "ref_embeddings", ref_embeddings)
    if ref_embeddings.shape[1] != e.shape[1]:
        raise ValueError(
            f"ref_embeddings must have {e.shape[1]} columns as embeddings, got shape "
            f"{tuple(ref_embeddings.shape)}"
        )
    _check_labels(xp, "ref_labels", ref_labels, ref_embeddings.shape[0], "ref_embeddings")
    return to_dtype(xp, ref_embeddings, e.dtype), ref_labels


@convention_defaults(keras={"normalize": False})
@loss_options(gamma=positive("gamma"), margin=nonnegative("margin"))
def circle_loss(
    embeddings: Array,
    labels: Array,
    /,
    *,
    gamma: float = 80.0,
    margin: float = 0.4,
    remove_diagonal: bool = True,
    normalize: bool = True,
    ref_embeddings: Array = None,
    ref_labels: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Circle loss with Keras' numbers and options (``keras.losses.Circle``).

    Parameters
    ----------
    embeddings : array of shape (N, D)
        Real floating; normalised inside unless ``normalize=False``.
    labels : array of shape (N,)
        Integer labels; equal labels are positive pairs.
    gamma : float > 0, default 80.0
        :math:`\gamma`, the scale.
    margin : float >= 0, default 0.4
        :math:`m`, the relaxation.
    remove_diagonal : bool, default True
        Leave each embedding's pair with itself out of its positives (Keras').
        Meant for ``ref_embeddings=None``, where row :math:`i` is reference :math:`i`.
    normalize : bool, default True
        Normalise the rows first. Keras expects normalised input and does not
        normalise; on normalised input both agree, ``False`` is Keras on any input
        (the default under ``convention="keras"``).
    ref_embeddings, ref_labels : array, optional
        Reference rows :math:`(M, D)` and labels :math:`(M,)` to compare with (Keras'
        ``ref_embeddings``/``ref_labels``); default ``embeddings`` and ``labels``.
    {{sample_weight}}
        Here one weight per row, shape :math:`(N,)`.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N,)` for ``"none"``; ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, ``gamma <= 0`` or a negative ``margin``.
    TypeError
        For non-floating embeddings or non-integer labels.

    Notes
    -----
    With :math:`d_{ij} = \max(0, 1 - \hat e_i \cdot \hat r_j)`, positives
    :math:`P_i` and negatives :math:`N_i` of row :math:`i`,

    .. math::

        \ell_i = \operatorname{softplus}\Big(
            \log\sum_{j \in P_i} e^{-\gamma (m + d_{ij})(m - d_{ij})}
            + \log\sum_{j \in N_i} e^{\gamma \max(0, 1 + m - d_{ij})(1 - m - d_{ij})}\Big)

    (Keras' weights :math:`\max(0, \cdot)` are not detached, as in Keras). A row
    without positives or negatives gives 0 and takes no part in the mean; ``"mean"``
    divides the weighted sum by the sample weights of the rows that take part
    (``convention="torch"``; their number without ``sample_weight``), or by their
    number (``convention="keras"``: Keras' masked ``"sum_over_batch_size"``, the same
    numbers as ``keras.losses.Circle`` with ``sample_weight``); 0 when no row takes
    part. Both sums are log-sum-exps: no overflow at :math:`\gamma = 80` in float32.

    Shape
    -----
    - embeddings: :math:`(N, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [-0.6, 0.8]])
    >>> y = np.array([0, 0, 1, 1])
    >>> print(portloss.circle_loss(e, y, gamma=4.0, reduction="none").round(4))
    [0.6653 0.9945 0.9945 0.6653]

    See Also
    --------
    multi_similarity_loss : Pair weighting by similarity.

    References
    ----------
    .. [1] Y. Sun, C. Cheng, Y. Zhang, C. Zhang, L. Zheng, Z. Wang and Y. Wei, "Circle
       loss: A unified perspective of pair similarity optimization", CVPR 2020.
    """
    conv = resolve_loss_convention(convention, reduction, empty_mean="zero")
    gamma = check_positive_real("gamma", gamma)
    margin = check_positive_real("margin", margin, allow_zero=True)
    remove_diagonal = check_bool_option("remove_diagonal", remove_diagonal)
    normalize = check_bool_option("normalize", normalize)
    refs = {"ref_embeddings": ref_embeddings, "ref_labels": ref_labels}
    refs = {name: x for name, x in refs.items() if x is not None}
    xp = array_namespace(embeddings=embeddings, labels=labels, sample_weight=sample_weight, **refs)
    e = _pair_inputs(xp, embeddings, labels, sample_weight, conv)
    ref, ref_y = _reference(xp, e, labels, ref_embeddings, ref_labels)
    if remove_diagonal and ref.shape[0] != e.shape[0]:
        raise ValueError(
            "remove_diagonal=True needs as many reference rows as embeddings "
            f"({e.shape[0]}), got {ref.shape[0]}; pass remove_diagonal=False"
        )
    d = relu(xp, 1.0 - _cosine_matrix(xp, e, ref, normalize))
    pos, neg = label_masks(xp, labels, ref_y, remove_diagonal=remove_diagonal)
    pos_logits = -gamma * (margin + d) * (margin - d)
    neg_logits = gamma * relu(xp, 1.0 + margin - d) * (1.0 - margin - d)
    p_loss, has_pos = _masked_logsumexp(xp, pos_logits, pos)
    n_loss, has_neg = _masked_logsumexp(xp, neg_logits, neg)
    loss = softplus(xp, p_loss + n_loss)
    valid = has_pos & has_neg
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        sample_weight=sample_weight,
        valid=valid,
        dtype=embeddings.dtype,
    )


@loss_options(alpha=positive("alpha"), beta=positive("beta"), base=real("base"))
def multi_similarity_loss(
    embeddings: Array,
    labels: Array,
    /,
    *,
    alpha: float = 2.0,
    beta: float = 50.0,
    base: float = 0.5,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Multi-similarity loss (Wang et al. 2019), pytorch-metric-learning's numbers.

    The loss of ``MultiSimilarityLoss`` on cosine similarities, without a miner: every
    positive and negative pair of the batch is weighted (the paper's pair mining is a
    separate step, ``MultiSimilarityMiner`` in pytorch-metric-learning; mask pairs out
    before if you want it).

    Parameters
    ----------
    embeddings : array of shape (N, D)
        Real floating; normalised inside.
    labels : array of shape (N,)
        Integer labels; equal labels are positive pairs (an embedding with itself is
        not one).
    alpha : float > 0, default 2.0
        :math:`\alpha`, the positive scale.
    beta : float > 0, default 50.0
        :math:`\beta`, the negative scale.
    base : float, default 0.5
        :math:`\lambda`, the similarity offset.
    {{sample_weight}}
        Here one weight per row, shape :math:`(N,)`.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N,)` for ``"none"``; ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit or non-positive ``alpha``/``beta``.
    TypeError
        For non-floating embeddings or non-integer labels.

    Notes
    -----
    With cosine similarities :math:`S_{ij}`, positives :math:`P_i`, negatives
    :math:`N_i`,

    .. math::

        \ell_i = \frac{1}{\alpha} \log\Big(1 + \sum_{j \in P_i}
            e^{-\alpha (S_{ij} - \lambda)}\Big)
            + \frac{1}{\beta} \log\Big(1 + \sum_{j \in N_i} e^{\beta (S_{ij} - \lambda)}\Big),

    computed as :math:`\operatorname{softplus}` of masked log-sum-exps (an empty sum
    gives 0). ``"mean"`` is over all rows (pytorch-metric-learning's ``MeanReducer``).

    Shape
    -----
    - embeddings: :math:`(N, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [-0.6, 0.8]])
    >>> y = np.array([0, 0, 1, 1])
    >>> print(portloss.multi_similarity_loss(e, y, reduction="none").round(4))
    [0.2187 0.3189 0.3189 0.2187]

    See Also
    --------
    circle_loss : Keras' Circle loss on pair similarities.

    References
    ----------
    .. [1] X. Wang, X. Han, W. Huang, D. Dong and M. R. Scott, "Multi-similarity loss
       with general pair weighting for deep metric learning", CVPR 2019.
    """
    conv = resolve_loss_convention(convention, reduction)
    alpha = check_positive_real("alpha", alpha)
    beta = check_positive_real("beta", beta)
    base = check_real_option("base", base)
    xp = array_namespace(embeddings=embeddings, labels=labels, sample_weight=sample_weight)
    e = _pair_inputs(xp, embeddings, labels, sample_weight, conv)
    s = _cosine_matrix(xp, e, e, True)
    pos, neg = label_masks(xp, labels, labels, remove_diagonal=True)
    p_lse, _ = _masked_logsumexp(xp, -alpha * (s - base), pos)
    n_lse, _ = _masked_logsumexp(xp, beta * (s - base), neg)
    loss = softplus(xp, p_lse) / alpha + softplus(xp, n_lse) / beta
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=embeddings.dtype)


# ---------------------------------------------------------------- triplet mining

_MINING_SHARED = """\
    embeddings : array of shape (N, D)
        Real floating.
    labels : array of shape (N,)
        Integer labels; equal labels are positives (an embedding is not its own).
    margin : float >= 0, default 1.0
        :math:`m`, the required gap between the two distances.
    metric : {"euclidean", "squared", "cosine"}, default "euclidean"
        The distance, as :func:`pairwise_distances`."""


def _distances(xp: Any, e: Any, labels: Any, metric: str) -> tuple[Any, Any, Any]:
    d = distance_matrix(xp, e, e, metric=metric, eps=_NORM_EPS, same=True)
    pos, neg = label_masks(xp, labels, labels, remove_diagonal=True)
    return d, pos, neg


@loss_options(margin=nonnegative("margin"), metric=choice("metric", DISTANCE_METRICS))
def batch_hard_triplet_loss(
    embeddings: Array,
    labels: Array,
    /,
    *,
    margin: float = 1.0,
    metric: DistanceMetric = "euclidean",
    soft_margin: bool = False,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Batch-hard triplet loss: each anchor with its farthest positive and nearest negative.

    Parameters
    ----------
    [[mining_shared]]
    soft_margin : bool, default False
        :math:`\operatorname{softplus}(d^+ - d^-)` instead of the hinge (Hermans et al.'s
        soft margin; ``margin`` is then unused).
    {{sample_weight}}
        Here one weight per anchor, shape :math:`(N,)`.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N,)` for ``"none"``; ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, a negative margin or an unknown metric.
    TypeError
        For non-floating embeddings or non-integer labels.

    Notes
    -----
    .. math::

        \ell_a = \max\Big(0,\ m + \max_{p \in P_a} d_{ap} - \min_{n \in N_a} d_{an}\Big).

    An anchor without a positive or a negative gives 0 and takes no part in the mean
    (the common TensorFlow reference counts it, with :math:`d^+ = 0`); the mean is over
    the anchors that have both, as Hermans et al. define it on P x K batches.

    Shape
    -----
    - embeddings: :math:`(N, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[0.0, 0.0], [0.0, 1.0], [1.5, 0.0], [3.0, 0.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> print(portloss.batch_hard_triplet_loss(e, y, reduction="none").round(4))
    [0.5    0.1972 1.     0.    ]

    See Also
    --------
    batch_all_triplet_loss : Every valid triplet of the batch.
    triplet_semihard_loss : Semi-hard negatives (TF-Addons).
    triplet_margin_loss : Triplets given explicitly (torch's).

    References
    ----------
    .. [1] A. Hermans, L. Beyer and B. Leibe, "In defense of the triplet loss for person
       re-identification", arXiv:1703.07737, 2017.
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_positive_real("margin", margin, allow_zero=True)
    metric = choice("metric", DISTANCE_METRICS)(metric)
    soft_margin = check_bool_option("soft_margin", soft_margin)
    xp = array_namespace(embeddings=embeddings, labels=labels, sample_weight=sample_weight)
    e = _pair_inputs(xp, embeddings, labels, sample_weight, conv)
    d, pos, neg = _distances(xp, e, labels, metric)
    hardest_pos = xp.squeeze(masked_max(xp, d, pos, axis=1), axis=1)
    hardest_neg = xp.squeeze(masked_min(xp, d, neg, axis=1), axis=1)
    valid = xp.any(pos, axis=1) & xp.any(neg, axis=1)
    # Double where: an anchor without positives or negatives has -inf/inf extremes.
    gap = xp.where(valid, hardest_pos - hardest_neg, xp.zeros_like(hardest_pos))
    loss = softplus(xp, gap) if soft_margin else relu(xp, margin + gap)
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        sample_weight=sample_weight,
        valid=valid,
        dtype=embeddings.dtype,
    )


@loss_options(margin=nonnegative("margin"), metric=choice("metric", DISTANCE_METRICS))
def batch_all_triplet_loss(
    embeddings: Array,
    labels: Array,
    /,
    *,
    margin: float = 1.0,
    metric: DistanceMetric = "euclidean",
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Batch-all triplet loss: every valid triplet of the batch, averaged over the active ones.

    Parameters
    ----------
    [[mining_shared]]
    {{sample_weight}}
        Per-triplet weight broadcastable to :math:`(N, N, N)` (anchor, positive,
        negative) with three dimensions, e.g. :math:`(N, 1, 1)` per anchor.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N, N, N)` for ``"none"`` (0 off valid
        triplets); ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, a negative margin or an unknown metric.
    TypeError
        For non-floating embeddings or non-integer labels.

    Notes
    -----
    .. math::

        \ell_{apn} = \max(0,\ m + d_{ap} - d_{an}), \quad
        y_a = y_p,\ p \ne a,\ y_n \ne y_a;
        \qquad \text{mean} = \frac{\sum s\,\ell}{\sum_{\ell_{apn} > 0} s},

    the mean over the triplets with a positive loss (Hermans et al.'s "BA≠0", as the
    common TensorFlow reference computes it); 0 when no triplet is active. The
    :math:`(N, N, N)` array is built in memory.

    Shape
    -----
    - embeddings: :math:`(N, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N, N, N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[0.0, 0.0], [0.0, 1.0], [1.5, 0.0], [3.0, 0.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> print(f"{portloss.batch_all_triplet_loss(e, y):.4f}")
    0.5986

    See Also
    --------
    batch_hard_triplet_loss : The hardest positive and negative per anchor.
    triplet_semihard_loss : Semi-hard negatives (TF-Addons).

    References
    ----------
    .. [1] A. Hermans, L. Beyer and B. Leibe, "In defense of the triplet loss for person
       re-identification", arXiv:1703.07737, 2017.
    """
    conv = resolve_loss_convention(convention, reduction, empty_mean="zero")
    margin = check_positive_real("margin", margin, allow_zero=True)
    metric = choice("metric", DISTANCE_METRICS)(metric)
    xp = array_namespace(embeddings=embeddings, labels=labels, sample_weight=sample_weight)
    n = embeddings.shape[0] if getattr(embeddings, "ndim", 0) == 2 else 0
    e = _pair_inputs(xp, embeddings, labels, sample_weight, conv, (n, n, n))
    d, pos, neg = _distances(xp, e, labels, metric)
    triplet = xp.expand_dims(pos, axis=2) & xp.expand_dims(neg, axis=1)
    loss = relu(xp, margin + xp.expand_dims(d, axis=2) - xp.expand_dims(d, axis=1))
    active = triplet & ((loss > 0) | xp.isnan(loss))
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        sample_weight=sample_weight,
        valid=active,
        dtype=embeddings.dtype,
    )


@loss_options(margin=nonnegative("margin"), metric=choice("metric", DISTANCE_METRICS))
def triplet_semihard_loss(
    embeddings: Array,
    labels: Array,
    /,
    *,
    margin: float = 1.0,
    metric: DistanceMetric = "euclidean",
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Triplet loss with semi-hard negative mining (TensorFlow Addons' numbers).

    Every positive pair :math:`(a, p)` takes the nearest negative that is farther than
    the positive; where there is none, the farthest negative (FaceNet's online
    semi-hard mining as ``tfa.losses.triplet_semihard_loss`` computes it).

    Parameters
    ----------
    [[mining_shared]]
        TF-Addons' ``"L2"`` is ``"euclidean"``, ``"squared-L2"`` is ``"squared"``,
        ``"angular"`` is ``"cosine"``.
    {{sample_weight}}
        Per-pair weight broadcastable to :math:`(N, N)` (anchor, positive) with two
        dimensions, e.g. :math:`(N, 1)` per anchor.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"``/``"sum"``, :math:`(N, N)` for ``"none"`` (0 off positive
        pairs); ``embeddings``' dtype.

    Raises
    ------
    ValueError
        For shapes that do not fit, a negative margin or an unknown metric.
    TypeError
        For non-floating embeddings or non-integer labels.

    Notes
    -----
    .. math::

        n^*_{ap} = \begin{cases}
            \min\{d_{an} : n \in N_a,\ d_{an} > d_{ap}\} & \text{if any} \\
            \max\{d_{an} : n \in N_a\} & \text{otherwise}
        \end{cases}, \qquad
        \ell_{ap} = \max(0,\ m + d_{ap} - n^*_{ap}),

    averaged over the positive pairs (NaN without any, as TF-Addons' 0/0). An anchor
    without negatives takes :math:`n^* = \min_j d_{aj} = 0`, as TF-Addons.

    Shape
    -----
    - embeddings: :math:`(N, D)`; labels: :math:`(N)`.
    - output: scalar, or :math:`(N, N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> e = np.array([[0.0, 0.0], [0.0, 1.0], [1.5, 0.0], [3.0, 0.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> print(f"{portloss.triplet_semihard_loss(e, y):.4f}")
    0.3486

    See Also
    --------
    batch_hard_triplet_loss : The hardest positive and negative per anchor.
    batch_all_triplet_loss : Every valid triplet of the batch.

    References
    ----------
    .. [1] F. Schroff, D. Kalenichenko and J. Philbin, "FaceNet: A unified embedding for
       face recognition and clustering", CVPR 2015.
    """
    conv = resolve_loss_convention(convention, reduction)
    margin = check_positive_real("margin", margin, allow_zero=True)
    metric = choice("metric", DISTANCE_METRICS)(metric)
    xp = array_namespace(embeddings=embeddings, labels=labels, sample_weight=sample_weight)
    n = embeddings.shape[0] if getattr(embeddings, "ndim", 0) == 2 else 0
    e = _pair_inputs(xp, embeddings, labels, sample_weight, conv, (n, n))
    d, pos, neg = _distances(xp, e, labels, metric)
    # [a, p, n]: negative n of anchor a lies beyond the positive p.
    d_an = xp.expand_dims(d, axis=1)
    beyond = xp.expand_dims(neg, axis=1) & (d_an > xp.expand_dims(d, axis=2))
    outside = xp.squeeze(
        masked_min(xp, xp.broadcast_to(d_an, beyond.shape), beyond, axis=2), axis=2
    )
    has_neg = xp.any(neg, axis=1, keepdims=True)
    row_min = xp.min(d, axis=1, keepdims=True) if n else d[:, :1]
    inside = xp.where(has_neg, masked_max(xp, d, neg, axis=1), row_min)
    found = xp.any(beyond, axis=2)
    # Double where: an unfound semi-hard negative is inf, and must not meet the chain rule.
    semi = xp.where(found, xp.where(found, outside, xp.zeros_like(outside)), inside)
    loss = relu(xp, margin + d - semi)
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        sample_weight=sample_weight,
        valid=pos,
        dtype=embeddings.dtype,
    )


_share_docs(
    "mining_shared",
    _MINING_SHARED,
    batch_hard_triplet_loss,
    batch_all_triplet_loss,
    triplet_semihard_loss,
)
