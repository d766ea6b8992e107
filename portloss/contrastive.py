"""Contrastive and listwise losses: CLIP, InfoNCE with in-batch negatives, SigLIP,
supervised contrastive, and a listwise ranking softmax.

open_clip's ``ClipLoss`` and ``SigLipLoss`` on one device, sentence-transformers'
``MultipleNegativesRankingLoss``, Khosla et al.'s ``SupConLoss`` and optax's
``ranking_softmax_loss``. Embeddings have their features along the last axis. Every
softmax is taken in log space, and normalisation scales each vector before squaring,
so float32 stays finite at temperature 0.01 and for norms up to the dtype's maximum.
"""

from __future__ import annotations

import math
from typing import Any

from ._backends import device as _device
from ._checks import (
    check_bool_option,
    check_embeddings,
    check_positive_real,
    check_real_floating,
    check_real_option,
    check_sample_weight,
    check_unit_interval,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import Option, choice, is_array, loss_options, positive
from ._primitives import l2_norm, log_softmax, log_softmax_at, logsumexp, safe_divide, softplus
from ._reduction import reduce_loss
from ._terms.softmax import index_terms_from_logits, smoothing_coefficients
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = [
    "clip_loss",
    "infonce_loss",
    "ranking_softmax_loss",
    "siglip_loss",
    "supcon_loss",
]

# torch.nn.functional.normalize's floor on the norm (open_clip, sentence-transformers).
_NORM_EPS = 1e-12
# (str in the signature: the generated loss objects read aliases from _typing only)
_CONTRAST_MODES = ("all", "one")


def _number_or_array(name: str) -> Option:
    """An option that is a finite real number or a 0-d array (a learnable scale)."""
    return Option(name, lambda value: _check_number_or_array(name, value), array=True)


def _check_number_or_array(name: str, value: Any) -> Any:
    if is_array(value):
        return value
    if isinstance(value, (list, tuple)):
        raise TypeError(
            f"{name} must be an array (0-d) or a real number, got {type(value).__name__}; "
            f"pass a number, or a 0-d array of your library for a learnable {name}"
        )
    return check_real_option(name, value)


def _namespace(optional: dict[str, Any], **arrays: Any) -> Any:
    """The arrays' namespace. Of ``optional`` (optional arrays, and scalar options that
    may be 0-d arrays) only the arrays take part; a required array that is None or
    anything else that is not an array is refused, naming it."""
    named = {**arrays, **{k: v for k, v in optional.items() if is_array(v)}}
    for k, v in optional.items():
        if v is not None and not is_array(v) and k not in _SCALARS:
            named[k] = v  # refused by array_namespace, with its name
    return array_namespace(**named)


# Options that are a Python number or a 0-d array.
_SCALARS = ("logit_scale", "logit_bias", "scale")


def _operand(xp: Any, name: str, value: Any, dtype: Any) -> Any:
    """A scalar option as a Python float, or a 0-d array in ``dtype`` (keeps its gradient)."""
    if not is_array(value):
        return _check_number_or_array(name, value)
    if value.ndim != 0:
        raise ValueError(f"{name} must be a number or a 0-d array, got shape {tuple(value.shape)}")
    check_real_floating(xp, name, value)
    return to_dtype(xp, value, dtype)


def _check_towers(xp: Any, names: tuple[str, str], a: Any, b: Any) -> None:
    check_embeddings(xp, names[0], a)
    check_embeddings(xp, names[1], b)
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(
            f"{names[1]} must have the shape of {names[0]}, {tuple(a.shape)} (row i of one is "
            f"paired with row i of the other), got shape {tuple(b.shape)}"
        )


def _unit(xp: Any, x: Any, normalize: bool) -> Any:
    """``x / max(||x||, 1e-12)`` along the last axis (``F.normalize``), norms scaled
    before squaring so float32 norms beyond 1.8e19 do not overflow."""
    if not normalize:
        return x
    norm = l2_norm(xp, x, axis=-1, keepdims=True)
    return x / xp.where(norm < _NORM_EPS, xp.full_like(norm, _NORM_EPS), norm)


def _units(xp: Any, arrays: tuple[Any, ...], normalize: bool) -> tuple[Any, ...]:
    """``_unit`` of each ``(rows, D)`` array, normalized as one stacked array: each row's
    own arithmetic (the same values and gradients), one norm's operations for all."""
    if not normalize or len(arrays) < 2:
        return tuple(_unit(xp, a, normalize) for a in arrays)
    units = _unit(xp, xp.concat(arrays, axis=0), normalize)
    out, start = [], 0
    for a in arrays:
        out.append(units[start : start + a.shape[0], ...])
        start += a.shape[0]
    return tuple(out)


def _similarity(xp: Any, a: Any, b: Any) -> Any:
    return xp.matmul(a, xp.matrix_transpose(b))


def _eye(xp: Any, rows: int, cols: int, like: Any) -> Any:
    """``r == c`` on a ``(rows, cols)`` grid (the diagonal), without ``xp.eye``'s device."""
    dev = _device(like)
    r = xp.arange(rows, device=dev)
    c = xp.arange(cols, device=dev)
    return xp.expand_dims(r, axis=1) == xp.expand_dims(c, axis=0)


def _row_cross_entropy(xp: Any, logits: Any, *, label_smoothing: float = 0.0) -> Any:
    """torch's ``cross_entropy(logits, arange(N), label_smoothing=a, reduction="none")``:
    row ``i``'s target is column ``i``."""
    rows, cols = logits.shape
    keep, off = smoothing_coefficients(
        label_smoothing=label_smoothing, variant="uniform", num_classes=max(cols, 1), axis=-1
    )
    target = xp.arange(rows, device=_device(logits))
    if label_smoothing == 0.0:
        # What the engine computes here (every target in range, none ignored), without
        # its masks: the same values and gradients in a few operations fewer.
        return -log_softmax_at(xp, logits, target, axis=-1)
    loss, _, _ = index_terms_from_logits(
        xp,
        logits=logits,
        target=target,
        weight=None,
        ignore_index=-100,
        keep=keep,
        off=off,
        axis=-1,
        mode="per_class",
    )
    return loss


@loss_options(logit_scale=_number_or_array("logit_scale"))
def clip_loss(
    image_features: Array,
    text_features: Array,
    /,
    *,
    logit_scale: float | Array = 100.0,
    normalize: bool = True,
    label_smoothing: float = 0.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Symmetric InfoNCE loss of CLIP, as open_clip's ``ClipLoss`` on one device.

    Image :math:`i` and text :math:`i` are a positive pair; every other text (image) of
    the batch is a negative of image (text) :math:`i`. The loss is the mean of the cross
    entropies of picking the right text for each image and the right image for each text.

    Parameters
    ----------
    image_features : array of shape (N, D)
        Real floating.
    text_features : array of shape (N, D)
        Real floating; row :math:`i` is paired with ``image_features[i]``.
    logit_scale : float or 0-d array, default 100.0
        The multiplier :math:`s` of the cosine similarities, **not its logarithm**: pass
        what open_clip's model returns (``model.logit_scale.exp()``). A 0-d array
        (a learnable scale) receives its gradient.
    normalize : bool, default True
        L2-normalise each feature vector first. ``False`` uses the features as given,
        exactly as ``ClipLoss`` (whose models normalise before calling it).
    {{label_smoothing:classes}}
        The label smoothing of torch's ``cross_entropy``, in both directions.
    {{sample_weight}}
        Here one weight per pair.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, :math:`(N)` for ``"none"`` (the mean of the two
        directions per pair); the dtype of the features.

    Raises
    ------
    ValueError
        For features that are not (N, D) of one shape, a non-0-d ``logit_scale`` array,
        ``label_smoothing`` outside [0, 1] or an unknown ``reduction``.
    TypeError
        For non-floating features.

    See Also
    --------
    siglip_loss : The pairwise sigmoid alternative.
    infonce_loss : One direction, with extra hard negatives.

    Notes
    -----
    With :math:`u_i`, :math:`v_j` the (normalised) image and text features and
    :math:`z_{ij} = s\, u_i \cdot v_j`,

    .. math::

        \ell_i = \tfrac12 \Big( -\log \operatorname{softmax}_j(z_{ij})\big|_{j=i}
                 - \log \operatorname{softmax}_j(z_{ji})\big|_{j=i} \Big),
        \qquad \text{mean} = \frac{\sum_i w_i \ell_i}{\sum_i w_i},

    each log-softmax taken as :math:`(z - m) - \log \sum e^{z - m}` (finite in float32 at
    :math:`s = 100`). With label smoothing :math:`a` each cross entropy is
    :math:`(1 - a)(-\log p_{ii}) + \frac{a}{N} \sum_j -\log p_{ij}` (torch's).

    Shape
    -----
    - image_features, text_features: :math:`(N, D)`.
    - sample_weight: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> img = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> txt = np.array([[0.8, 0.6], [0.6, 0.8]])
    >>> print(f"{portloss.clip_loss(img, txt, logit_scale=10.0):.6f}")
    0.126928

    References
    ----------
    .. [1] A. Radford et al., "Learning Transferable Visual Models From Natural Language
       Supervision", ICML 2021.
    .. [2] A. van den Oord, Y. Li, O. Vinyals, "Representation Learning with Contrastive
       Predictive Coding", arXiv:1807.03748, 2018.
    """
    conv = resolve_loss_convention(convention, reduction)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    normalize = check_bool_option("normalize", normalize)
    names = ("image_features", "text_features")
    xp = _namespace(
        {"logit_scale": logit_scale, "sample_weight": sample_weight},
        image_features=image_features,
        text_features=text_features,
    )
    _check_towers(xp, names, image_features, text_features)
    check_sample_weight(xp, sample_weight, (image_features.shape[0],), conv=conv)
    dtype = compute_dtype(xp, xp.result_type(image_features, text_features))
    scale = _operand(xp, "logit_scale", logit_scale, dtype)
    u, v = _units(
        xp, (to_dtype(xp, image_features, dtype), to_dtype(xp, text_features, dtype)), normalize
    )
    per_image = scale * _similarity(xp, u, v)
    per_text = scale * _similarity(xp, v, u)
    loss = (
        _row_cross_entropy(xp, per_image, label_smoothing=label_smoothing)
        + _row_cross_entropy(xp, per_text, label_smoothing=label_smoothing)
    ) / 2
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=image_features.dtype)


@loss_options(scale=_number_or_array("scale"))
def infonce_loss(
    anchor: Array,
    positive: Array,
    negatives: Array = None,
    /,
    *,
    scale: float | Array = 20.0,
    normalize: bool = True,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""One-directional InfoNCE with in-batch negatives (``MultipleNegativesRankingLoss``).

    sentence-transformers' loss on one device: anchor :math:`i` must pick its positive
    :math:`i` among every positive of the batch and every extra (hard) negative, a cross
    entropy over the scaled cosine similarities.

    Parameters
    ----------
    anchor : array of shape (N, D)
        Real floating.
    positive : array of shape (N, D)
        Real floating; row :math:`i` is anchor :math:`i`'s positive, and a negative of
        every other anchor.
    negatives : array of shape (N, D), (N, K, D) or (M, D), optional
        Extra negatives, each a candidate for **every** anchor (sentence-transformers'
        third and later columns of (anchor, positive, negative_1, ..., negative_K)).
    scale : float or 0-d array, default 20.0
        The multiplier :math:`s` of the similarities, :math:`1 / \tau` (20 is a
        temperature of 0.05).
    normalize : bool, default True
        Cosine similarity (sentence-transformers' default ``util.cos_sim``); ``False``
        takes the dot product of the features as given.
    {{sample_weight}}
        Here one weight per anchor.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, :math:`(N)` for ``"none"``; the dtype of
        ``anchor``.

    Raises
    ------
    ValueError
        For shapes that do not fit, a non-0-d ``scale`` array or an unknown
        ``reduction``.
    TypeError
        For non-floating inputs.

    See Also
    --------
    clip_loss : Both directions (symmetric).
    supcon_loss : Several positives per anchor.

    Notes
    -----
    With :math:`c_1, \dots, c_{N+M}` the positives followed by the negatives (all
    normalised) and :math:`z_{ij} = s\, a_i \cdot c_j`,

    .. math::

        \ell_i = -z_{ii} + \log \sum_{j=1}^{N+M} e^{z_{ij}},

    computed as a shifted log-softmax (finite in float32 at :math:`s = 100`).

    Shape
    -----
    - anchor, positive: :math:`(N, D)`; negatives: :math:`(M, D)` or :math:`(N, K, D)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> a = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> p = np.array([[0.9, 0.1], [0.2, 0.8]])
    >>> print(f"{portloss.infonce_loss(a, p, scale=5.0):.6f}")
    0.018294
    >>> print(f"{portloss.infonce_loss(a, p, scale=1.0):.6f}")
    0.369703

    References
    ----------
    .. [1] M. Henderson et al., "Efficient Natural Language Response Suggestion for
       Smart Reply", arXiv:1705.00652, 2017.
    .. [2] A. van den Oord, Y. Li, O. Vinyals, "Representation Learning with Contrastive
       Predictive Coding", arXiv:1807.03748, 2018.
    """
    conv = resolve_loss_convention(convention, reduction)
    normalize = check_bool_option("normalize", normalize)
    xp = _namespace(
        {"scale": scale, "negatives": negatives, "sample_weight": sample_weight},
        anchor=anchor,
        positive=positive,
    )
    _check_towers(xp, ("anchor", "positive"), anchor, positive)
    check_sample_weight(xp, sample_weight, (anchor.shape[0],), conv=conv)
    arrays = (anchor, positive) if negatives is None else (anchor, positive, negatives)
    dtype = compute_dtype(xp, xp.result_type(*arrays))
    s = _operand(xp, "scale", scale, dtype)
    rows = [to_dtype(xp, anchor, dtype), to_dtype(xp, positive, dtype)]
    if negatives is not None:
        rows.append(to_dtype(xp, _negative_rows(xp, negatives, anchor), dtype))
    a, *candidates = _units(xp, tuple(rows), normalize)
    logits = _similarity(xp, a, candidates[0])
    if negatives is not None:
        logits = xp.concat((logits, _similarity(xp, a, candidates[1])), axis=1)
    loss = _row_cross_entropy(xp, s * logits)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=anchor.dtype)


def _negative_rows(xp: Any, negatives: Any, anchor: Any) -> Any:
    """The extra negatives as rows ``(M, D)``."""
    check_real_floating(xp, "negatives", negatives)
    d = anchor.shape[-1]
    if negatives.ndim not in (2, 3) or negatives.shape[-1] != d:
        raise ValueError(
            f"negatives must have shape (M, {d}) or (N, K, {d}) (the features last, as "
            f"anchor's), got shape {tuple(negatives.shape)}"
        )
    if negatives.ndim == 2:
        return negatives
    return xp.reshape(negatives, (negatives.shape[0] * negatives.shape[1], d))


@loss_options(
    logit_scale=_number_or_array("logit_scale"), logit_bias=_number_or_array("logit_bias")
)
def siglip_loss(
    image_features: Array,
    text_features: Array,
    /,
    *,
    logit_scale: float | Array = 10.0,
    logit_bias: float | Array = -10.0,
    normalize: bool = True,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Pairwise sigmoid loss of SigLIP, as open_clip's ``SigLipLoss`` on one device.

    Every (image, text) pair of the batch is a binary problem: positive on the diagonal,
    negative elsewhere. The loss sums the :math:`N^2` sigmoid cross entropies and divides
    by :math:`N` (the batch size, as the paper and open_clip do, not the pair count).

    Parameters
    ----------
    image_features : array of shape (N, D)
        Real floating.
    text_features : array of shape (N, D)
        Real floating; row :math:`i` is paired with ``image_features[i]``.
    logit_scale : float or 0-d array, default 10.0
        The multiplier :math:`s` of the similarities, **not its logarithm** (open_clip
        passes ``model.logit_scale.exp()``; SigLIP initialises it at 10).
    logit_bias : float or 0-d array, default -10.0
        The bias :math:`b` added to every logit (SigLIP's initial value).
    normalize : bool, default True
        L2-normalise each feature vector first. ``False`` uses the features as given,
        exactly as ``SigLipLoss`` (whose models normalise before calling it).
    {{sample_weight}}
        Weight of each image's row of pairs; bool works as a mask. It enters the
        ``mean`` denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, :math:`(N)` for ``"none"`` (the sum over image
        :math:`i`'s row); the dtype of the features.

    Raises
    ------
    ValueError
        For features that are not (N, D) of one shape, a non-0-d scale or bias array or
        an unknown ``reduction``.
    TypeError
        For non-floating features.

    See Also
    --------
    clip_loss : The softmax (InfoNCE) form.

    Notes
    -----
    With :math:`z_{ij} = s\, u_i \cdot v_j + b` and :math:`y_{ij} = 1` for
    :math:`i = j`, :math:`-1` otherwise,

    .. math::

        \ell_i = \sum_j \log\big(1 + e^{-y_{ij} z_{ij}}\big), \qquad
        \text{mean} = \frac{\sum_i w_i \ell_i}{\sum_i w_i}
        = \frac{1}{N} \sum_{ij} -\log \sigma(y_{ij} z_{ij}) \text{ unweighted},

    each term a stable softplus.

    Shape
    -----
    - image_features, text_features: :math:`(N, D)`.
    - sample_weight: :math:`(N)`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> img = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> txt = np.array([[0.8, 0.6], [0.6, 0.8]])
    >>> print(f"{portloss.siglip_loss(img, txt, logit_scale=10.0, logit_bias=-5.0):.6f}")
    1.361849

    References
    ----------
    .. [1] X. Zhai, B. Mustafa, A. Kolesnikov, L. Beyer, "Sigmoid Loss for Language Image
       Pre-Training", ICCV 2023.
    """
    conv = resolve_loss_convention(convention, reduction)
    normalize = check_bool_option("normalize", normalize)
    xp = _namespace(
        {"logit_scale": logit_scale, "logit_bias": logit_bias, "sample_weight": sample_weight},
        image_features=image_features,
        text_features=text_features,
    )
    _check_towers(xp, ("image_features", "text_features"), image_features, text_features)
    n = image_features.shape[0]
    check_sample_weight(xp, sample_weight, (n,), conv=conv)
    dtype = compute_dtype(xp, xp.result_type(image_features, text_features))
    s = _operand(xp, "logit_scale", logit_scale, dtype)
    b = _operand(xp, "logit_bias", logit_bias, dtype)
    u, v = _units(
        xp, (to_dtype(xp, image_features, dtype), to_dtype(xp, text_features, dtype)), normalize
    )
    z = s * _similarity(xp, u, v) + b
    # -log sigmoid(y z) = softplus(-y z): -z on the diagonal, z elsewhere.
    signed = xp.where(_eye(xp, n, n, z), -z, z)
    loss = xp.sum(softplus(xp, signed), axis=1)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=image_features.dtype)


@loss_options(
    temperature=positive("temperature"),
    base_temperature=positive("base_temperature"),
    contrast_mode=choice("contrast_mode", _CONTRAST_MODES),
)
def supcon_loss(
    features: Array,
    labels: Array = None,
    /,
    *,
    mask: Array = None,
    temperature: float = 0.07,
    base_temperature: float = 0.07,
    contrast_mode: str = "all",
    normalize: bool = True,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Supervised contrastive loss (Khosla et al.), as the authors' ``SupConLoss``.

    Every view of every sample is an anchor (``contrast_mode="all"``; ``"one"``: the first
    view only). Its positives are all other views of samples of its class (or of itself),
    any number of them; its softmax runs over every other view in the batch. The loss of
    an anchor is minus the mean log-probability of its positives. Without ``labels`` and
    ``mask`` the positives are the other views of the same sample (SimCLR).

    Parameters
    ----------
    features : array of shape (N, V, D)
        ``V`` views of ``N`` samples, real floating (more trailing axes are flattened
        into ``D``, as the reference does).
    labels : array of shape (N,), optional
        Class labels, integer; equal labels mark positives.
    mask : array of shape (N, N), optional
        ``mask[i, j]`` marks sample ``j`` as a positive of anchor sample ``i`` (bool or
        real weights; may be asymmetric). Not together with ``labels``.
    temperature : float > 0, default 0.07
        :math:`\tau`.
    base_temperature : float > 0, default 0.07
        :math:`\tau_b`: the loss is multiplied by :math:`\tau / \tau_b`.
    contrast_mode : {"all", "one"}, default "all"
        Anchors: every view, or the first view of each sample.
    normalize : bool, default True
        L2-normalise each feature vector first (the reference's networks do before the
        loss); ``False`` takes the features as given, exactly as the reference.
    {{sample_weight}}
        Weight per anchor, broadcastable to :math:`(N, A)` with two dimensions
        (e.g. :math:`(N, 1)` per sample); bool works as a mask. It enters the ``mean``
        denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, :math:`(N, A)` for ``"none"`` (``A = V`` for
        ``"all"``, 1 for ``"one"``); the dtype of ``features``.

    Raises
    ------
    ValueError
        For shapes that do not fit, ``labels`` and ``mask`` together, a non-positive
        temperature, an unknown ``contrast_mode`` or ``reduction``.
    TypeError
        For non-floating features or non-integer labels.

    See Also
    --------
    ntxent_loss : Optax's NT-Xent, equal where every anchor has one positive.

    Notes
    -----
    With anchors :math:`a`, contrast views :math:`k \ne a`, :math:`z_{ak} = u_a \cdot
    u_k / \tau`, positives :math:`P(a)` (weights :math:`m_{ak}`),

    .. math::

        \ell_a = -\frac{\tau}{\tau_b} \, \frac{1}{\sum_{p} m_{ap}}
            \sum_{p \in P(a)} m_{ap} \Big( z_{ap} - \log \sum_{k \ne a} e^{z_{ak}} \Big),
        \qquad \text{mean} = \frac{\sum_a w_a \ell_a}{\sum_{a: P(a) \ne \emptyset} w_a},

    the log-sum-exp shifted by its maximum (finite in float32 at :math:`\tau = 0.01`).

    **Anchors without a positive** (a class with one member and one view) have no
    defined loss; the reference once gave NaN (0/0) and now counts them as 0 in its mean.
    Here they take no part: 0 in ``"none"``, left out of the ``"mean"`` denominator
    (the mean over anchors that have positives; NaN when no anchor has one). Where
    every anchor has a positive, as with two or more views, the number is the
    reference's.

    Shape
    -----
    - features: :math:`(N, V, D)`. labels: :math:`(N)`. mask: :math:`(N, N)`.
    - output: scalar, or :math:`(N, A)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> f = np.array([[[1.0, 0.0], [0.9, 0.1]], [[0.0, 1.0], [0.1, 0.9]],
    ...               [[1.0, 0.1], [0.8, 0.2]]])
    >>> labels = np.array([0, 1, 0])
    >>> print(f"{portloss.supcon_loss(f, labels, temperature=0.5, base_temperature=0.5):.6f}")
    1.006860

    References
    ----------
    .. [1] P. Khosla et al., "Supervised Contrastive Learning", NeurIPS 2020.
    .. [2] T. Chen et al., "A Simple Framework for Contrastive Learning of Visual
       Representations", ICML 2020.
    """
    conv = resolve_loss_convention(convention, reduction)
    temperature = check_positive_real("temperature", temperature)
    base_temperature = check_positive_real("base_temperature", base_temperature)
    normalize = check_bool_option("normalize", normalize)
    contrast_mode = choice("contrast_mode", _CONTRAST_MODES)(contrast_mode)
    xp = _namespace(
        {"labels": labels, "mask": mask, "sample_weight": sample_weight}, features=features
    )
    features = _supcon_features(xp, features)
    n, views, d = features.shape
    anchors = views if contrast_mode == "all" else 1
    check_sample_weight(xp, sample_weight, (n, anchors), conv=conv)
    dtype = compute_dtype(xp, features.dtype)
    positives = _supcon_positives(xp, labels, mask, n, dtype, features)

    f = _unit(xp, to_dtype(xp, features, dtype), normalize)
    # The reference's order: view-major rows (all samples' view 0, then view 1, ...).
    contrast = xp.reshape(xp.permute_dims(f, (1, 0, 2)), (views * n, d))
    anchor = contrast[: anchors * n, :]
    z = _similarity(xp, anchor, contrast) / temperature
    itself = _eye(xp, anchors * n, views * n, z)
    pos = xp.concat([xp.concat([positives] * views, axis=1)] * anchors, axis=0)
    pos = xp.where(itself, xp.zeros_like(pos), pos)
    log_prob = z - _others_logsumexp(xp, z, itself)
    count = xp.sum(pos, axis=1)
    # where, not pos * log_prob: log_prob is +inf on a row that has no other view.
    total = xp.sum(xp.where(pos != 0, pos * log_prob, xp.zeros_like(z)), axis=1)
    loss = -(temperature / base_temperature) * safe_divide(xp, total, count, fill=0.0)
    loss = xp.matrix_transpose(xp.reshape(loss, (anchors, n)))
    valid = xp.matrix_transpose(xp.reshape(count != 0, (anchors, n)))
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        sample_weight=sample_weight,
        valid=valid,
        dtype=features.dtype,
    )


def _supcon_features(xp: Any, features: Any) -> Any:
    check_real_floating(xp, "features", features)
    if features.ndim < 3:
        raise ValueError(
            f"features must have shape (N, V, D) (samples, views, features), got shape "
            f"{tuple(features.shape)}; for one view pass features[:, None, :]"
        )
    if features.ndim == 3:
        return features
    return xp.reshape(features, (features.shape[0], features.shape[1], -1))


def _supcon_positives(xp: Any, labels: Any, mask: Any, n: int, dtype: Any, like: Any) -> Any:
    """The ``(N, N)`` positive weights from ``labels``, ``mask`` or the identity."""
    if labels is not None and mask is not None:
        raise ValueError("pass labels or mask, not both")
    if mask is not None:
        if tuple(mask.shape) != (n, n):
            raise ValueError(f"mask must have shape ({n}, {n}), got shape {tuple(mask.shape)}")
        if not xp.isdtype(mask.dtype, ("bool", "real floating", "integral")):
            raise TypeError(f"mask must have a bool or real dtype, got {mask.dtype}")
        return to_dtype(xp, mask, dtype)
    if labels is None:
        return to_dtype(xp, _eye(xp, n, n, like), dtype)
    if not xp.isdtype(labels.dtype, "integral"):
        raise TypeError(f"labels must have an integer dtype, got {labels.dtype}")
    if tuple(labels.shape) != (n,):
        raise ValueError(
            f"labels must have shape ({n},), one label per sample, got shape {tuple(labels.shape)}"
        )
    same = xp.expand_dims(labels, axis=1) == xp.expand_dims(labels, axis=0)
    return to_dtype(xp, same, dtype)


def _others_logsumexp(xp: Any, z: Any, itself: Any) -> Any:
    """``log sum_{k != a} exp(z_ak)`` per row, ``-inf`` for a row with no other column."""
    others = ~itself
    has_other = xp.any(others, axis=1, keepdims=True)
    masked = xp.where(others, z, xp.full_like(z, -math.inf))
    # Double where: a row without others takes the log-sum-exp of zeros, then -inf, so
    # no 0 * inf reaches the gradient.
    masked = xp.where(has_other, masked, xp.zeros_like(z))
    lse = logsumexp(xp, masked, axis=1, keepdims=True) if z.shape[0] else masked[:, :1]
    return xp.where(has_other, lse, xp.full_like(lse, -math.inf))


@loss_options()
def ranking_softmax_loss(
    scores: Array,
    labels: Array,
    /,
    *,
    where: Array = None,
    weights: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Listwise ranking softmax loss, as ``optax.losses.ranking_softmax_loss``.

    Each list (the last axis) is a softmax over its items' scores; the loss is the cross
    entropy of the relevance labels (not normalised: a list with two relevant items
    counts both) under it.

    Parameters
    ----------
    scores : array of shape (..., L)
        Item scores, real floating.
    labels : array of shape (..., L)
        Relevance labels, real or integer (cast to the scores' dtype).
    where : array of shape (..., L), optional
        Bool: which items take part. The others leave the softmax and the sum, and a list
        with no valid item leaves the ``"mean"`` (optax's ``where``).
    weights : array of shape (..., L), optional
        Per-item weights, multiplying the labels (optax's ``weights``).
    {{sample_weight}}
        Per-list weight with the lists' shape ``(...)`` (dimensions of size 1 broadcast);
        bool works as a mask. It enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the lists' shape ``(...)`` for ``"none"``
        (0 for a list with no valid item); the dtype of ``scores``.

    Raises
    ------
    ValueError
        For arrays whose shapes do not fit or an unknown ``reduction``.
    TypeError
        For non-floating scores, a non-bool ``where`` or non-real labels or weights.

    See Also
    --------
    infonce_loss : The same softmax over candidates, with one positive per anchor.

    Notes
    -----
    With :math:`M_i` the valid items of list :math:`i` and :math:`\omega_{ij}` the item
    weights,

    .. math::

        \ell_i = -\sum_{j \in M_i} \omega_{ij} y_{ij}
            \Big(s_{ij} - \log \sum_{k \in M_i} e^{s_{ik}}\Big), \qquad
        \text{mean} = \frac{\sum_i w_i \ell_i}{\sum_{i: M_i \ne \emptyset} w_i}.

    As optax, a mean over no valid list is 0 (not NaN), and NaN in a valid item
    reaches the result.

    Shape
    -----
    - scores, labels, where, weights: :math:`(*, L)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([[2.0, 1.0, 0.0], [0.0, 0.5, 3.0]])
    >>> y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    >>> print(portloss.ranking_softmax_loss(s, y, reduction="none").round(6))
    [0.407606 2.747746]
    >>> print(f"{portloss.ranking_softmax_loss(s, y):.6f}")
    1.577676

    References
    ----------
    .. [1] Z. Cao, T. Qin, T.-Y. Liu, M.-F. Tsai, H. Li, "Learning to Rank: From Pairwise
       Approach to Listwise Approach", ICML 2007.
    .. [2] S. Bruch, X. Wang, M. Bendersky, M. Najork, "An Analysis of the Softmax Cross
       Entropy Loss for Learning-to-Rank with Binary Relevance", ICTIR 2019.
    """
    conv = resolve_loss_convention(convention, reduction, empty_mean="zero")
    xp = _namespace(
        {"where": where, "weights": weights, "sample_weight": sample_weight},
        scores=scores,
        labels=labels,
    )
    _check_lists(xp, scores, labels, where, weights)
    check_sample_weight(xp, sample_weight, tuple(scores.shape[:-1]), conv=conv)
    dtype = compute_dtype(xp, scores.dtype)
    s = to_dtype(xp, scores, dtype)
    y = to_dtype(xp, labels, dtype)
    if weights is not None:
        y = y * to_dtype(xp, weights, dtype)
    if where is None:
        loss = -xp.sum(y * log_softmax(xp, s, axis=-1), axis=-1)
        return reduce_loss(
            xp,
            loss,
            conv=conv,
            sample_weight=sample_weight,
            dtype=scores.dtype,
        )
    any_valid = xp.any(where, axis=-1, keepdims=True)
    masked = xp.where(where, s, xp.full_like(s, -math.inf))
    # Double where: a list with no valid item takes the softmax of zeros (no -inf - -inf
    # = NaN in its gradient); its terms are masked below either way.
    masked = xp.where(any_valid, masked, xp.zeros_like(s))
    # Masked items have log p = -inf: zero them before the product (no 0 * -inf).
    log_p = xp.where(where, log_softmax(xp, masked, axis=-1), xp.zeros_like(s))
    loss = -xp.sum(y * log_p, axis=-1)
    valid = xp.squeeze(any_valid, axis=-1)
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        sample_weight=sample_weight,
        valid=valid,
        dtype=scores.dtype,
    )


def _check_lists(xp: Any, scores: Any, labels: Any, where: Any, weights: Any) -> None:
    check_real_floating(xp, "scores", scores)
    if scores.ndim == 0:
        raise ValueError("scores must have at least one dimension (the list, last), got 0-d")
    shape = tuple(scores.shape)
    for name, x, kinds in (
        ("labels", labels, ("real floating", "integral", "bool")),
        ("where", where, "bool"),
        ("weights", weights, ("real floating", "integral")),
    ):
        if x is None:
            continue
        if not xp.isdtype(x.dtype, kinds):
            raise TypeError(f"{name} must have a {_kinds(kinds)} dtype, got {x.dtype}")
        if tuple(x.shape) != shape:
            raise ValueError(f"{name} must have scores' shape {shape}, got {tuple(x.shape)}")


def _kinds(kinds: Any) -> str:
    return kinds if isinstance(kinds, str) else " or ".join(k.split()[-1] for k in kinds)
