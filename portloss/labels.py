r"""Label helpers: one-hot encoding, label smoothing and class weights.

Everything here is written against the Array API standard and, like the losses, never
reads array values on the host: it works on device arrays, under ``jax.jit`` and on lazy
Dask arrays. The smoothing formulas are the ones :func:`portloss.cross_entropy` uses
for its ``label_smoothing`` and ``smoothing_variant``, and
``smoothing_variant="binary"`` is the Keras binary smoothing for the binary cross-entropy losses.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, cast

from ._backends import device as _device
from ._backends import dtype_name, host_values
from ._checks import check_axis, check_integer, check_unit_interval
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._primitives import as_index, broadcast_along
from ._typing import Array, ClassWeightMethod, LabelSmoothingVariant
from .conventions import check_choice

__all__ = ["class_weights", "one_hot", "smooth_labels"]

SMOOTHING_VARIANTS = ("uniform", "others", "binary")
CLASS_WEIGHT_METHODS = ("inverse", "inverse_sqrt", "balanced", "enet", "effective_number")
NORMALIZATIONS = ("mean", "sum")
ENET_C = 1.02
EFFECTIVE_NUMBER_BETA = 0.999


def _default_float(xp: Any, x: Any) -> Any:
    """The namespace's default real floating dtype on ``x``'s device."""
    try:
        info = xp.__array_namespace_info__()
        return info.default_dtypes(device=_device(x))["real floating"]
    except (AttributeError, TypeError, ValueError):
        return xp.float64


def _namespace_dtype(xp: Any, dtype: Any) -> Any:
    """``dtype`` as a dtype of ``xp``: a name (``"float32"``) or a NumPy dtype is looked
    up by name, so NumPy spellings work on torch and array-api-strict arrays too."""
    if dtype is None:
        return None
    name = dtype if isinstance(dtype, str) else None
    if name is None:
        name = dtype_name(dtype)  # np.dtype("float32"), np.float32
    if name is None:
        return dtype
    found = getattr(xp, name, None) if name.isidentifier() else None
    if found is None or (callable(found) and not isinstance(found, type)):
        raise TypeError(f"dtype must be a dtype of the target's library or its name, got {dtype!r}")
    return found


def _is_real_floating(xp: Any, dtype: Any) -> bool:
    try:
        return bool(xp.isdtype(dtype, "real floating"))
    except (TypeError, ValueError, AttributeError):  # not a dtype of xp at all
        return False


def _astype(xp: Any, x: Any, dtype: Any) -> Any:
    try:
        return to_dtype(xp, x, dtype)
    except (TypeError, ValueError, AttributeError):
        raise TypeError(
            f"dtype must be a dtype of the target's library or its name, got {dtype!r}"
        ) from None


def one_hot(target: Array, /, num_classes: int, *, axis: int = -1, dtype: Any = None) -> Array:
    r"""One-hot encoding of class indices, with the new class axis at ``axis``.

    Parameters
    ----------
    target : array
        Class indices, integer dtype, any shape.
    num_classes : int
        :math:`C`, the length of the class axis (at least 1). Required: inferring it
        from the largest index, as ``torch.nn.functional.one_hot`` does by default,
        would read the array's values on the host. Positional or keyword, so that
        ``one_hot(y, 3)`` (torch, JAX) and ``one_hot(y, num_classes=3)`` both work.
    axis : int, default -1
        Where the class axis goes in the output (of ``target.ndim + 1`` dimensions);
        ``axis=1`` gives torch's ``(N, C, d1, ..., dK)`` layout.
    dtype : dtype, optional
        Output dtype: a dtype of ``target``'s namespace, or its name or NumPy dtype
        (``"float32"``, ``np.float32``; looked up in the namespace, so they work on
        torch arrays too). Default: the namespace's default real floating dtype (as
        ``jax.nn.one_hot``; torch returns int64, which ``dtype=target.dtype`` gives).

    Returns
    -------
    array
        1 where the class equals the target, 0 elsewhere.

    Notes
    -----
    .. math::

        \text{out}_{\ldots c \ldots} = [\, y_{\ldots} = c \,], \qquad c = 0, \ldots, C - 1.

    An index outside :math:`[0, C)` (e.g. an ``ignore_index`` of -100) gives a row of
    zeros, as ``jax.nn.one_hot``; checking would need a host sync.

    Shape
    -----
    - target: :math:`(*)`.
    - output: :math:`(*, C)` for ``axis=-1``; in general ``target``'s shape with
      :math:`C` inserted at ``axis``.

    See Also
    --------
    smooth_labels : One-hot rows with label smoothing.
    cross_entropy : Takes class indices directly (no one-hot needed).

    References
    ----------
    .. [1] PyTorch, ``torch.nn.functional.one_hot``; JAX, ``jax.nn.one_hot``.

    Examples
    --------
    >>> import numpy as np
    >>> from portloss import one_hot
    >>> one_hot(np.array([0, 2, 1]), 3)
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    >>> one_hot(np.array([[0, 2]]), 3, axis=1, dtype=np.int64)
    array([[[1, 0],
            [0, 0],
            [0, 1]]])
    """
    xp = array_namespace(target=target)
    if not xp.isdtype(target.dtype, "integral"):
        raise TypeError(f"target must hold class indices with an integer dtype, got {target.dtype}")
    num_classes = check_integer("num_classes", num_classes)
    if num_classes < 1:
        raise ValueError(f"num_classes must be a positive int, got {num_classes}")
    ndim = target.ndim + 1
    axis = check_axis(axis, ndim, of="the one-hot output")
    dtype = _default_float(xp, target) if dtype is None else _namespace_dtype(xp, dtype)
    index = as_index(xp, target)
    classes = xp.arange(num_classes, dtype=index.dtype, device=_device(target))
    hot = xp.expand_dims(index, axis=axis) == broadcast_along(xp, classes, axis=axis, ndim=ndim)
    return _astype(xp, hot, dtype)


def smooth_labels(
    target: Array,
    /,
    label_smoothing: float,
    *,
    num_classes: int | None = None,
    smoothing_variant: LabelSmoothingVariant = "uniform",
    axis: int | None = None,
    dtype: Any = None,
) -> Array:
    r"""Label smoothing: move probability mass ``label_smoothing`` off the target.

    Parameters
    ----------
    target : array
        For ``"uniform"`` and ``"others"``: class indices (integer dtype; needs
        ``num_classes``) or class probabilities / one-hot rows (real floating, classes
        along ``axis``). For ``"binary"``: binary or multi-label targets in
        :math:`[0, 1]` of any shape and a bool, integer or real floating dtype.
    label_smoothing : float in [0, 1]
        :math:`a`, the smoothing rate, the losses' ``label_smoothing`` (torch's and
        Keras' name; optax's ``alpha``). Positional or keyword, so that
        ``optax.smooth_labels(labels, alpha)`` reads ``smooth_labels(labels, alpha)``.
    num_classes : int, optional
        :math:`C`. Required for index targets; for probability targets it must match
        the class axis if given. Not used by ``"binary"``.
    smoothing_variant : {"uniform", "others", "binary"}, default "uniform"
        ``"uniform"``: torch, Keras, Paddle, optax; ``"others"``: :math:`1 - a` on the
        target and :math:`a / (C - 1)` on each other class; ``"binary"``: Keras'
        binary smoothing, elementwise.
    axis : int, optional
        The class axis: of the output for index targets (where the new axis goes), of
        ``target`` for probability targets. Default -1. Not used by ``"binary"``.
    dtype : dtype, optional
        Output dtype, real floating: a dtype of ``target``'s namespace, or its name or
        NumPy dtype (as for :func:`one_hot`). Default: ``target``'s for floating
        targets, the namespace's default real floating dtype otherwise.

    Returns
    -------
    array
        The smoothed targets; each row along the class axis sums to 1 when the input
        rows do.

    Raises
    ------
    ValueError
        For ``num_classes`` missing (index targets), contradicting the class axis, or
        given with ``"binary"``; for ``axis`` given with ``"binary"``; for ``"others"``
        with one class and :math:`a > 0`.

    Notes
    -----
    With :math:`t` the target distribution (the one-hot of an index target),

    .. math::

        \text{uniform:}\ t' = (1 - a)\, t + \frac{a}{C}, \qquad
        \text{others:}\ t' = (1 - a)\, t + \frac{a}{C - 1} (1 - t), \qquad
        \text{binary:}\ t' = (1 - a)\, t + \frac{a}{2}.

    "others" at :math:`a` equals "uniform" at :math:`a' = aC / (C - 1)`; "binary" is
    "uniform" with :math:`C = 2` applied to each element. The binary form with
    :math:`a = 2s` is segmentation_models_pytorch's ``smooth_factor=s``,
    :math:`t(1 - s) + (1 - t)s`.

    Shape
    -----
    - target: :math:`(*)` (index targets, ``"binary"``) or :math:`(*, C)` with the
      classes along ``axis`` (probabilities).
    - output: :math:`(*, C)` with the classes along ``axis``; ``target``'s shape for
      ``"binary"``.

    See Also
    --------
    cross_entropy : Smooths inside the loss (``label_smoothing``,
        ``smoothing_variant``), without building the smoothed rows.
    one_hot : The unsmoothed rows.

    References
    ----------
    .. [1] C. Szegedy, V. Vanhoucke, S. Ioffe, J. Shlens, Z. Wojna, "Rethinking the
       Inception Architecture for Computer Vision", CVPR 2016.
    .. [2] R. Müller, S. Kornblith, G. Hinton, "When Does Label Smoothing Help?",
       NeurIPS 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from portloss import smooth_labels
    >>> smooth_labels(np.array([0, 2]), 0.3, num_classes=3)
    array([[0.8, 0.1, 0.1],
           [0.1, 0.1, 0.8]])
    >>> smooth_labels(np.array([[1.0, 0.0, 0.0]]), 0.3, smoothing_variant="others")
    array([[0.7 , 0.15, 0.15]])
    >>> smooth_labels(np.array([1, 0, 1]), 0.1, smoothing_variant="binary")
    array([0.95, 0.05, 0.95])
    """
    variant = check_choice("smoothing_variant", smoothing_variant, SMOOTHING_VARIANTS)
    alpha = check_unit_interval("label_smoothing", label_smoothing)
    xp = array_namespace(target=target)
    dtype = _namespace_dtype(xp, dtype)
    if dtype is not None and not _is_real_floating(xp, dtype):
        raise TypeError(f"dtype must be a real floating dtype (smoothed labels), got {dtype!r}")
    if variant == "binary":
        for name, value in (("num_classes", num_classes), ("axis", axis)):
            if value is not None:
                raise ValueError(
                    f"{name} is for class-axis smoothing (smoothing_variant='uniform' or "
                    f"'others'); smoothing_variant='binary' smooths each element and takes "
                    f"{name}=None, got {name}={value!r}"
                )
        if not xp.isdtype(target.dtype, ("bool", "integral", "real floating")):
            raise TypeError(f"target must have a bool, integer or real dtype, got {target.dtype}")
        t = _astype(xp, target, _out_dtype(xp, target, dtype))
        return t * (1.0 - alpha) + alpha / 2.0

    axis = -1 if axis is None else axis
    if xp.isdtype(target.dtype, "integral"):
        if num_classes is None:
            raise ValueError(
                f"num_classes is needed to smooth class indices (target of integer dtype "
                f"{target.dtype}), got num_classes=None"
            )
        t = one_hot(target, num_classes, axis=axis, dtype=dtype)
        classes = num_classes
    elif xp.isdtype(target.dtype, "real floating"):
        axis = check_axis(axis, target.ndim, of="target")
        classes = target.shape[axis]
        if num_classes is not None and check_integer("num_classes", num_classes) != classes:
            raise ValueError(
                f"num_classes must match target's class axis {axis} of length {classes}, "
                f"got num_classes={num_classes}"
            )
        t = _astype(xp, target, _out_dtype(xp, target, dtype))
    else:
        raise TypeError(
            f"target must hold class indices (integer dtype) or class probabilities (real "
            f"floating dtype), got {target.dtype}; for binary labels pass "
            f"smoothing_variant='binary'"
        )
    if variant == "uniform":
        return t * (1.0 - alpha) + alpha / classes
    if classes < 2 and alpha > 0.0:
        raise ValueError(
            f"smoothing_variant='others' spreads label_smoothing over the other classes and "
            f"needs at least 2 classes, got {classes}; use smoothing_variant='uniform'"
        )
    off = alpha / (classes - 1) if alpha > 0.0 else 0.0
    return t * (1.0 - alpha) + (1.0 - t) * off


def _out_dtype(xp: Any, x: Any, dtype: Any) -> Any:
    if dtype is not None:
        return dtype
    if xp.isdtype(x.dtype, "real floating"):
        return x.dtype
    return _default_float(xp, x)


def class_weights(
    counts: Array,
    /,
    *,
    method: ClassWeightMethod = "inverse",
    normalize: bool | str = False,
    beta: float | None = None,
    c: float | None = None,
    dtype: Any = None,
) -> Array:
    r"""Per-class weights from class counts, for the ``weight`` of the classification losses.

    Parameters
    ----------
    counts : array of shape (C,)
        :math:`n_c`, the number of samples (or pixels, or total weight) of each class;
        integer or real floating, non-negative.
    method : {"inverse", "inverse_sqrt", "balanced", "enet", "effective_number"}
        The weighting formula (see Notes). Default ``"inverse"``.
    normalize : {False, True, "mean", "sum"}, default False
        Rescale the weights to average 1 (``True`` or ``"mean"``: they sum to
        :math:`C`) or to sum to 1 (``"sum"``); ``False`` keeps the formula's values.
    beta : float in [0, 1), optional
        :math:`\beta` of ``"effective_number"`` (default 0.999); only for that method.
    c : float > 1, optional
        :math:`c` of ``"enet"`` (default 1.02); only for that method.
    dtype : dtype, optional
        Output dtype. Default: ``counts``' dtype if floating, else the namespace's
        default real floating dtype.

    Returns
    -------
    array of shape (C,)
        The class weights.

    Raises
    ------
    ValueError
        For an unknown ``method`` or ``normalize``, a ``beta`` or ``c`` given to a method
        that does not use it or out of range, ``counts`` that are not 1-D, or negative
        or non-finite NumPy counts.

    Notes
    -----
    With :math:`N = \sum_c n_c` and the class frequency :math:`p_c = n_c / N`:

    .. math::

        \text{inverse:}\ w_c = \frac{1}{n_c}, \qquad
        \text{inverse\_sqrt:}\ w_c = \frac{1}{\sqrt{n_c}}, \qquad
        \text{balanced:}\ w_c = \frac{N}{C\, n_c},

        \text{enet:}\ w_c = \frac{1}{\ln(c + p_c)}, \qquad
        \text{effective\_number:}\ w_c = \frac{1 - \beta}{1 - \beta^{n_c}}.

    "balanced" is scikit-learn's ``class_weight="balanced"``; "enet" is from Paszke et
    al. (2016), ENet; "effective_number" is Cui et al. (2019), "Class-Balanced Loss
    Based on Effective Number of Samples" (computed as
    :math:`\operatorname{expm1}(\ln\beta) / \operatorname{expm1}(n_c \ln\beta)`, accurate
    in float32 for :math:`\beta` near 1). A class with :math:`n_c = 0` gets
    :math:`w_c = 0` under every method: it has no samples to weight, and the inverse
    formulas would give an infinite weight that turns a normalized vector into NaN.
    Normalization then gives

    .. math::

        \text{mean:}\ w_c \leftarrow \frac{C\, w_c}{\sum_k w_k}, \qquad
        \text{sum:}\ w_c \leftarrow \frac{w_c}{\sum_k w_k}

    (all zeros stay zeros). A negative count raises for NumPy arrays and gives NaN
    elsewhere (checking would need a host sync).

    Shape
    -----
    - counts: :math:`(C)`.
    - output: :math:`(C)`.

    See Also
    --------
    cross_entropy : Takes the weights as ``weight``.
    one_hot : Class counts from class indices, summed over the samples.

    References
    ----------
    .. [1] Y. Cui, M. Jia, T.-Y. Lin, Y. Song, S. Belongie, "Class-Balanced Loss Based
       on Effective Number of Samples", CVPR 2019.
    .. [2] A. Paszke, A. Chaurasia, S. Kim, E. Culurciello, "ENet: A Deep Neural
       Network Architecture for Real-Time Semantic Segmentation", arXiv:1606.02147,
       2016.
    .. [3] G. King, L. Zeng, "Logistic Regression in Rare Events Data", Political
       Analysis 9, 2001 (the "balanced" weights of scikit-learn).

    Examples
    --------
    >>> import numpy as np
    >>> from portloss import class_weights, one_hot
    >>> counts = np.array([90, 9, 1])
    >>> class_weights(counts).round(4)
    array([0.0111, 0.1111, 1.    ])
    >>> class_weights(counts, method="inverse_sqrt", normalize=True).round(4)
    array([0.2198, 0.6951, 2.0852])
    >>> class_weights(counts, method="enet").round(4)
    array([ 1.533 ,  9.5822, 33.8309])
    >>> class_weights(counts, method="effective_number", beta=0.9).round(4)
    array([0.1   , 0.1632, 1.    ])

    Counts from class-index targets:

    >>> y = np.array([0, 0, 2, 0, 1])
    >>> class_weights(np.sum(one_hot(y, 3), axis=0), normalize="sum").round(4)
    array([0.1429, 0.4286, 0.4286])
    """
    method = check_choice("method", method, CLASS_WEIGHT_METHODS)
    normalization = _check_normalize(normalize)
    beta = _method_parameter("beta", beta, method, "effective_number", EFFECTIVE_NUMBER_BETA)
    c = _method_parameter("c", c, method, "enet", ENET_C)
    if beta is not None and not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")
    if c is not None and not c > 1.0:
        raise ValueError(f"c must be greater than 1 (so that ln(c + p) > 0), got {c!r}")
    xp = array_namespace(counts=counts)
    if not xp.isdtype(counts.dtype, ("integral", "real floating")):
        raise TypeError(f"counts must have an integer or real floating dtype, got {counts.dtype}")
    if counts.ndim != 1:
        raise ValueError(
            f"counts must be 1-D, one count per class, got shape {tuple(counts.shape)}"
        )
    _check_counts(xp, counts)

    out_dtype = _out_dtype(xp, counts, dtype)
    n = to_dtype(xp, counts, compute_dtype(xp, out_dtype))
    num_classes = n.shape[0]
    present = n > 0
    ones = xp.ones_like(n)
    safe = xp.where(present, n, ones)  # double where: absent classes never divide by 0
    if method == "inverse":
        w = 1.0 / safe
    elif method == "inverse_sqrt":
        w = 1.0 / xp.sqrt(safe)
    elif method == "balanced":
        w = xp.sum(n) / (num_classes * safe)
    elif method == "enet":
        total = xp.sum(n)
        p = safe / xp.where(total > 0, total, xp.ones_like(total))
        w = 1.0 / xp.log(c + p)
    elif beta == 0.0:
        w = ones
    else:
        log_beta = math.log(cast(float, beta))  # set: the method is effective_number
        w = (-math.expm1(log_beta)) / (-xp.expm1(safe * log_beta))
    w = xp.where(present, w, xp.zeros_like(w))
    # A negative (or NaN) count has no weight: NaN rather than a finite wrong number.
    w = xp.where(n >= 0, w, xp.full_like(w, xp.nan))
    if normalization is not None:
        total = xp.sum(w)
        empty = total == 0
        scale = (num_classes if normalization == "mean" else 1) / xp.where(
            empty, xp.ones_like(total), total
        )
        w = xp.where(empty, xp.zeros_like(w), w * scale)
    return to_dtype(xp, w, out_dtype)


def _check_normalize(normalize: Any) -> str | None:
    if normalize is False or normalize is None:
        return None
    if normalize is True:
        return "mean"
    if isinstance(normalize, str) and normalize in NORMALIZATIONS:
        return normalize
    raise ValueError(f"normalize must be False, True, 'mean' or 'sum', got {normalize!r}")


def _method_parameter(
    name: str, value: Any, method: str, owner: str, default: float
) -> float | None:
    """``value`` (default ``default``) for the method that uses it; an error for others."""
    if method != owner:
        if value is not None:
            raise ValueError(
                f"{name} applies to method={owner!r} only, got {name}={value!r} with "
                f"method={method!r}; drop {name} or pass method={owner!r}"
            )
        return None
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _check_counts(xp: Any, counts: Any) -> None:
    """Raise for negative or non-finite NumPy counts; other arrays would need a host sync."""
    if not host_values(counts):
        return
    bad = ~xp.isfinite(counts) | (counts < 0)
    if bad.any():
        where = xp.nonzero(bad)[0][0]
        raise ValueError(
            f"counts must be finite and non-negative, got {counts[where]} at class {where}"
        )
