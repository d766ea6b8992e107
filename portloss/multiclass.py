"""Multiclass extras from Keras and optax: generalized cross entropy, the Crammer-Singer
hinge, perceptrons, sparsemax and Fenchel-Young losses, the generalized KL divergence and
optax's masked (``where``) softmax cross entropy."""

from __future__ import annotations

from typing import Any

from ._checks import (
    check_axis,
    check_bool_option,
    check_class_axes,
    check_index_range,
    check_real_floating,
    check_real_option,
    check_sample_weight,
    check_summed_axes,
    check_where,
    class_target_form,
    elementwise_pair,
)
from ._namespace import array_namespace, compute_dtype, scalar, to_dtype
from ._options import loss_options, real
from ._primitives import (
    as_index,
    class_ramp,
    cumulative_sum,
    gather_class,
    log_softmax,
    log_softmax_at,
    logsumexp,
    relu,
    safe_divide,
)
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, MaxFun, Reduction
from .conventions import resolve_loss_convention

__all__ = [
    "binary_sparsemax_loss",
    "fenchel_young_loss",
    "generalized_cross_entropy",
    "generalized_kl_divergence",
    "multiclass_hinge_loss",
    "multiclass_perceptron_loss",
    "perceptron_loss",
    "softmax_cross_entropy",
    "sparsemax_loss",
]


def _class_setup(
    xp: Any,
    input: Any,
    target: Any,
    axis: Any,
    sample_weight: Any,
    conv: Any,
    *,
    probabilities: bool,
    one_hot: bool = True,
) -> tuple[Any, Any, int, Any, Any]:
    """Check the class inputs; the logits in the compute dtype, the target as a
    distribution over the classes (the one-hot of an index; None for an index when
    ``one_hot`` is false), the axis, which index targets are out of range, and the
    index clipped into ``[0, C)`` for gathers (both None for distributions)."""
    check_real_floating(xp, "input", input)
    axis = check_axis(axis, input.ndim)
    form = class_target_form(xp, input, target, axis, allow_probabilities=probabilities)
    num_classes = input.shape[axis]
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    x = to_dtype(xp, input, compute_dtype(xp, input.dtype))
    if form != "index":
        return x, to_dtype(xp, target, x.dtype), axis, None, None
    # 0 is a valid class, so it stands for "no ignore_index": every index is checked.
    check_index_range(xp, target, num_classes, 0)
    # Off NumPy an index outside [0, C) is not checked (a host sync): its row becomes
    # NaN in _finish, and its clipped index keeps every gather valid.
    index = as_index(xp, target)
    safe = xp.clip(index, 0, max(num_classes - 1, 0))
    bad = safe != index if num_classes else xp.ones_like(index, dtype=xp.bool)
    t = None
    if one_hot:
        ramp = class_ramp(xp, x, axis=axis, dtype=target.dtype)
        t = to_dtype(xp, ramp == xp.expand_dims(target, axis=axis), x.dtype)
    return x, t, axis, bad, safe


def _target_dot(xp: Any, t: Any, x: Any, safe: Any, /, *, axis: int) -> Any:
    """``sum(t * x, axis)`` (see ``_dot``); for an index target (``safe`` not None) the
    target's score read by a gather: the same value, and no product with the other
    classes (a ``-inf`` or NaN score of another class takes no part, as in ``_dot``)."""
    if safe is not None:
        return gather_class(xp, x, safe, axis=axis)
    return _dot(xp, t, x, axis=axis)


def _dot(xp: Any, t: Any, x: Any, /, *, axis: int) -> Any:
    """``sum(t * x, axis)`` where a zero ``t`` takes no part: a ``-inf`` score (a
    forbidden class) with target 0 gives 0, not ``0 * -inf``, in value and gradient."""
    # One where: at t == 0 the product is 0 * 0, and the where keeps x's slope out.
    safe = xp.where(t == 0.0, scalar(xp, 0.0, x), x)
    return xp.sum(t * safe, axis=axis)


def _finish(
    xp: Any,
    loss: Any,
    conv: Any,
    sample_weight: Any,
    dtype: Any,
    bad: Any = None,
    *,
    elementwise: bool = False,
    valid: Any = None,
) -> Any:
    if bad is not None:
        loss = xp.where(bad, scalar(xp, xp.nan, loss), loss)
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        elementwise=elementwise,
        valid=valid,
        sample_weight=sample_weight,
        dtype=dtype,
    )


def _sparsemax(xp: Any, z: Any, /, *, axis: int) -> Any:
    """The Euclidean projection of ``z`` onto the simplex along ``axis`` (sparsemax).

    Martins & Astudillo's sort-based threshold: with ``z`` sorted in decreasing order
    and ``S_k`` its running sums, the support is ``{k : 1 + k z_(k) > S_k}`` (a prefix),
    ``tau = (S_K - 1) / K`` for its size ``K``, and ``p = max(z - tau, 0)``. Static
    shapes only: the support is a mask and its size an array.
    """
    # Descending: tied values are in or out of the support together, so their order
    # changes no value and no gradient.
    zs = xp.sort(z, axis=axis, descending=True)
    running = cumulative_sum(xp, zs, axis=axis)
    k = cumulative_sum(xp, xp.ones_like(zs), axis=axis)  # 1, 2, ..., C
    support = 1.0 + k * zs > running
    size = xp.sum(to_dtype(xp, support, z.dtype), axis=axis, keepdims=True)
    total = xp.sum(xp.where(support, zs, scalar(xp, 0.0, zs)), axis=axis, keepdims=True)
    # An empty support happens only for a NaN row: its threshold is NaN too.
    tau = safe_divide(xp, total - 1.0, size, fill=float("nan"))
    return relu(xp, z - tau)


def _sparsemax_conjugate(xp: Any, z: Any, /, *, axis: int) -> Any:
    """``<p, z> - |p|^2 / 2`` with ``p = sparsemax(z)``: the max function of sparsemax."""
    p = _sparsemax(xp, z, axis=axis)
    return _dot(xp, p, z, axis=axis) - 0.5 * xp.sum(p * p, axis=axis)


@loss_options(q=real("q", minimum=0.0, maximum=1.0))
def generalized_cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    q: float = 0.5,
    from_logits: bool = False,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int = -1,
) -> Array:
    r"""Generalized cross entropy (Zhang & Sabuncu 2018), Keras' categorical GCE.

    Keras' ``CategoricalGeneralizedCrossEntropy``: a noise-robust loss between cross
    entropy (:math:`q \to 0`) and the mean absolute error (:math:`q = 1`):
    :math:`\ell = (1 - p_y^q) / q`. ``keras.losses.CategoricalGeneralizedCrossEntropy(q=q)
    (y, p, sample_weight=s)`` is ``generalized_cross_entropy(p, y, q=q,
    sample_weight=s, convention="keras")``.

    Parameters
    ----------
    input : array
        Class probabilities (Keras' ``y_pred``), or logits with ``from_logits=True``;
        real floating, the classes along ``axis``.
    target : array
        Class indices, integer dtype, ``input``'s shape without the class axis.
    q : float in (0, 1], default 0.5
        :math:`q`, the noise parameter (Keras' default 0.5).
    {{from_logits}}
        With logits, :math:`p_y^q = \exp(q \log p_y)` with the
        log-softmax, finite in value and gradient where :math:`p_y` underflows.
    {{reduction}}
    {{convention}}
    {{sample_weight}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For ``q`` outside (0, 1], a target of the wrong shape or (NumPy only) a class
        index outside ``[0, C)``.

    Notes
    -----
    .. math::

        \ell_n = \frac{1 - p_{n y_n}^{\,q}}{q}.

    On probabilities, as Keras, :math:`p^q` has an infinite slope at :math:`p = 0`
    for :math:`q < 1` (the true derivative); pass logits to stay finite.

    Shape
    -----
    - input: :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: input's shape without the class axis.
    - output: scalar, or the target's shape for ``reduction="none"``.

    See Also
    --------
    cross_entropy : The limit :math:`q \to 0`.
    l1_loss : The limit :math:`q = 1` is the MAE of the probabilities.

    References
    ----------
    .. [1] Z. Zhang, M. R. Sabuncu, "Generalized Cross Entropy Loss for Training Deep
       Neural Networks with Noisy Labels", NeurIPS 2018.
    .. [2] Keras, ``keras.losses.CategoricalGeneralizedCrossEntropy``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    >>> print(f"{portloss.generalized_cross_entropy(p, np.array([0, 2]), q=0.5):.6f}")
    0.388743
    """
    conv = resolve_loss_convention(convention, reduction)
    q = check_real_option("q", q, minimum=0.0, maximum=1.0)
    if q == 0.0:
        raise ValueError("q must be in (0, 1], got 0.0; q -> 0 is cross_entropy")
    from_logits = check_bool_option("from_logits", from_logits)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, _, axis, bad, index = _class_setup(
        xp, input, target, axis, sample_weight, conv, probabilities=False, one_hot=False
    )
    # class 0 for an index out of range, as before: its row is NaN either way
    index = xp.where(bad, scalar(xp, 0, index), index)
    if from_logits:
        power = xp.exp(q * gather_class(xp, log_softmax(xp, x, axis=axis), index, axis=axis))
    else:
        power = gather_class(xp, x, index, axis=axis) ** q
    return _finish(xp, (1.0 - power) / q, conv, sample_weight, input.dtype, bad)


@loss_options()
def multiclass_hinge_loss(
    input: Array,
    target: Array,
    /,
    *,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int = -1,
) -> Array:
    r"""Crammer-Singer multiclass hinge loss, optax's ``multiclass_hinge_loss``.

    The largest margin violation: :math:`\max_c (s_c + 1 - [c = y]) - s_y`, which is
    0 when the target's score beats every other score by at least 1. This is **not**
    :func:`portloss.categorical_hinge_loss` (Keras' ``categorical_hinge``,
    :math:`\max(0, 1 + \max_{c \ne y} s_c - s_y)` on one-hot targets): the two agree
    for one-hot targets, but Keras' formula reads the target as weights
    (:math:`\sum_c t_c s_c` and :math:`\max_c (1 - t_c) s_c`, so a wrong class with
    negative score counts as 0), while this one takes the plain maximum over classes.

    Parameters
    ----------
    input : array
        Scores :math:`s`, real floating, the classes along ``axis``.
    target : array
        Class indices (integer, ``input``'s shape without the class axis) or a
        distribution :math:`t` over the classes (floating, ``input``'s shape; optax's
        one-hot labels generalized: :math:`\max_c (s_c + 1 - t_c) - \sum_c t_c s_c`).
    {{reduction}}
    {{convention}}
    {{sample_weight}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the class axis for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target of the wrong shape or (NumPy only) a class index outside
        ``[0, C)``.

    Notes
    -----
    .. math::

        \ell_n = \max_c \left(s_{nc} + 1 - t_{nc}\right) - \sum_c t_{nc} s_{nc}.

    Shape
    -----
    - input: :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: index targets have input's shape without the class axis; distributions
      have input's shape.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    See Also
    --------
    categorical_hinge_loss : Keras' categorical hinge.
    multi_margin_loss : Torch's, the mean of the violations instead of the largest.

    References
    ----------
    .. [1] K. Crammer, Y. Singer, "On the Algorithmic Implementation of Multiclass
       Kernel-based Vector Machines", JMLR 2, 2001.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([[2.0, 1.5, -1.0], [0.0, 0.5, 3.0]])
    >>> print(portloss.multiclass_hinge_loss(s, np.array([0, 1]), reduction="none"))
    [0.5 3.5]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t, axis, bad, safe = _class_setup(
        xp, input, target, axis, sample_weight, conv, probabilities=True
    )
    loss = xp.max(x + 1.0 - t, axis=axis) - _target_dot(xp, t, x, safe, axis=axis)
    return _finish(xp, loss, conv, sample_weight, input.dtype, bad)


@loss_options()
def multiclass_perceptron_loss(
    input: Array,
    target: Array,
    /,
    *,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int = -1,
) -> Array:
    r"""Multiclass perceptron loss, optax's ``multiclass_perceptron_loss``.

    :math:`\max_c s_c - s_y`: 0 when the target has the top score, else how far it is
    below it (Collins 2002). It is :func:`fenchel_young_loss` with ``max_fun="max"``.

    Parameters
    ----------
    input : array
        Scores :math:`s`, real floating, the classes along ``axis``.
    target : array
        Class indices (integer, ``input``'s shape without the class axis) or a
        distribution :math:`t` over the classes (floating, ``input``'s shape).
    {{reduction}}
    {{convention}}
    {{sample_weight}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the class axis for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target of the wrong shape or (NumPy only) a class index outside
        ``[0, C)``.

    Notes
    -----
    .. math::

        \ell_n = \max_c s_{nc} - \sum_c t_{nc} s_{nc}.

    Shape
    -----
    - input: :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: input's shape without the class axis (indices) or input's shape.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    See Also
    --------
    perceptron_loss : The binary perceptron.

    References
    ----------
    .. [1] M. Collins, "Discriminative Training Methods for Hidden Markov Models:
       Theory and Experiments with Perceptron Algorithms", EMNLP 2002.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([[2.0, 1.5, -1.0], [0.0, 0.5, 3.0]])
    >>> print(portloss.multiclass_perceptron_loss(s, np.array([0, 1]), reduction="none"))
    [0.  2.5]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t, axis, bad, safe = _class_setup(
        xp, input, target, axis, sample_weight, conv, probabilities=True, one_hot=False
    )
    loss = xp.max(x, axis=axis) - _target_dot(xp, t, x, safe, axis=axis)
    return _finish(xp, loss, conv, sample_weight, input.dtype, bad)


@loss_options()
def perceptron_loss(
    input: Array,
    target: Array,
    /,
    *,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
) -> Array:
    r"""Binary perceptron loss, optax's ``perceptron_loss``: :math:`\max(0, -s y)`.

    Parameters
    ----------
    input : array
        Scores :math:`s`, real floating, any shape.
    target : array
        Labels :math:`y` in :math:`\{-1, 1\}`, ``input``'s shape.
    {{reduction}}
    {{convention}}
    {{sample_weight}}
        Per-element weight with ``input``'s number of dimensions (bool: a mask).

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype of
        ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s.

    Notes
    -----
    :math:`\ell = \max(0, -s y)`; NaN propagates (the clamp keeps NaN). Under
    ``convention="keras"`` the elementwise loss is first averaged over the last axis,
    Keras' per-sample loss (as for its ``Hinge``): ``"none"`` returns
    ``input.shape[:-1]``.

    Shape
    -----
    - input: :math:`(*)`. target: same shape as input.
    - output: scalar, or input's shape for ``reduction="none"``.

    See Also
    --------
    hinge_loss : The same with a margin of 1.
    multiclass_perceptron_loss : The multiclass version.

    References
    ----------
    .. [1] F. Rosenblatt, "The Perceptron: A Probabilistic Model for Information
       Storage and Organization in the Brain", Psychological Review 65, 1958.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([0.5, -2.0, 1.0])
    >>> print(portloss.perceptron_loss(s, np.array([1.0, 1.0, -1.0]), reduction="none"))
    [0. 2. 1.]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, y = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)
    return _finish(xp, relu(xp, -x * y), conv, sample_weight, input.dtype, elementwise=True)


@loss_options()
def binary_sparsemax_loss(
    input: Array,
    target: Array,
    /,
    *,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
) -> Array:
    r"""Binary sparsemax loss (Blondel et al. 2020), optax's ``sparsemax_loss``.

    The Fenchel-Young loss of the sparse sigmoid :math:`p = \mathrm{clip}((s + 1)/2,
    0, 1)`: zero exactly where :math:`p = t`, with gradient :math:`p - t`. For a
    label it is the "sparse plus" of :math:`\pm s`: 0 past the margin, quadratic
    inside it, linear beyond.

    Parameters
    ----------
    input : array
        Scores :math:`s`, real floating, any shape.
    target : array
        Labels :math:`t` in :math:`\{0, 1\}` (real, integer or bool), ``input``'s
        shape; a probability in :math:`[0, 1]` gives the same Fenchel-Young loss of the
        two-class distribution :math:`(1 - t, t)`.
    {{reduction}}
    {{convention}}
    {{sample_weight}}
        Per-element weight with ``input``'s number of dimensions (bool: a mask).

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype of
        ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s.

    Notes
    -----
    .. math::

        \ell = (p - t)(s + 1 - p - t), \qquad
        p = \min(\max((s + 1)/2, 0), 1),

    which for :math:`t = 1` is :math:`\mathrm{sparse\_plus}(-s)` and for :math:`t = 0`
    :math:`\mathrm{sparse\_plus}(s)`, with :math:`\mathrm{sparse\_plus}(z) = 0`
    (:math:`z \le -1`), :math:`(z + 1)^2/4` (:math:`|z| < 1`), :math:`z`
    (:math:`z \ge 1`). It equals :func:`sparsemax_loss` on the two scores
    :math:`(0, s)`. NaN propagates. Under ``convention="keras"`` the elementwise loss
    is first averaged over the last axis, as for :func:`perceptron_loss`.

    Shape
    -----
    - input: :math:`(*)`. target: same shape as input.
    - output: scalar, or input's shape for ``reduction="none"``.

    See Also
    --------
    sparsemax_loss : The multiclass version (optax's ``multiclass_sparsemax_loss``).
    binary_cross_entropy_with_logits : The same role with the (dense) sigmoid.

    References
    ----------
    .. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel-Young
       Losses", JMLR 21, 2020, section 4.4.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([2.0, 0.0, -0.5, 3.0])
    >>> t = np.array([1, 1, 0, 0])
    >>> print(portloss.binary_sparsemax_loss(s, t, reduction="none"))
    [0.     0.25   0.0625 3.    ]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t = elementwise_pair(xp, input, target)
    check_sample_weight(xp, sample_weight, tuple(input.shape), conv=conv, elementwise=True)
    # relu and minimum keep NaN; the clip's flat ends give the slope p - t throughout
    p = xp.minimum(relu(xp, 0.5 * (x + 1.0)), xp.ones_like(x))
    loss = (p - t) * (x + 1.0 - p - t)
    return _finish(xp, loss, conv, sample_weight, input.dtype, elementwise=True)


@loss_options()
def sparsemax_loss(
    input: Array,
    target: Array,
    /,
    *,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int = -1,
) -> Array:
    r"""Sparsemax loss (Martins & Astudillo 2016), optax's ``multiclass_sparsemax_loss``.

    The loss whose gradient is :math:`\mathrm{sparsemax}(s) - t`: the Fenchel-Young
    loss of the squared norm (Blondel et al. 2020), zero when the sparsemax of the
    scores equals the target.

    Parameters
    ----------
    input : array
        Scores :math:`s`, real floating, the classes along ``axis``.
    target : array
        Class indices (integer, ``input``'s shape without the class axis) or a
        distribution :math:`t` over the classes (floating, ``input``'s shape).
    {{reduction}}
    {{convention}}
    {{sample_weight}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the class axis for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target of the wrong shape or (NumPy only) a class index outside
        ``[0, C)``.

    Notes
    -----
    With :math:`p = \mathrm{sparsemax}(s) = \arg\min_{p \in \Delta} \|p - s\|^2`
    (a sort, a running sum and a threshold, all static-shaped):

    .. math::

        \ell_n = \langle p_n, s_n \rangle - \tfrac12 \|p_n\|^2 + \tfrac12 \|t_n\|^2
        - \langle t_n, s_n \rangle,

    which for an index target is the paper's
    :math:`-s_y + \tfrac12 \sum_{j \in S} (s_j^2 - \tau^2) + \tfrac12`.
    The binary ``optax.losses.sparsemax_loss`` is this loss on the two scores
    :math:`(0, x)`: :func:`binary_sparsemax_loss`.

    Shape
    -----
    - input: :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: input's shape without the class axis (indices) or input's shape.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    See Also
    --------
    fenchel_young_loss : With ``max_fun="sparsemax"``, the same loss less
        :math:`\tfrac12 \|t\|^2` (optax's convention).
    binary_sparsemax_loss : The two-class case on one score.

    References
    ----------
    .. [1] A. F. T. Martins, R. F. Astudillo, "From Softmax to Sparsemax: A Sparse
       Model of Attention and Multi-Label Classification", ICML 2016.
    .. [2] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel-Young
       Losses", JMLR 21, 2020.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([[2.0, 1.5, -1.0], [0.0, 0.5, 3.0]])
    >>> print(portloss.sparsemax_loss(s, np.array([0, 1]), reduction="none"))
    [0.0625 2.5   ]
    """
    conv = resolve_loss_convention(convention, reduction)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t, axis, bad, safe = _class_setup(
        xp, input, target, axis, sample_weight, conv, probabilities=True, one_hot=False
    )
    # |t|^2 / 2 of a one-hot target is 1/2 (its out-of-range rows end NaN all the same)
    half_norm = 0.5 if safe is not None else xp.sum(0.5 * t * t, axis=axis)
    loss = (
        _sparsemax_conjugate(xp, x, axis=axis) + half_norm - _target_dot(xp, t, x, safe, axis=axis)
    )
    return _finish(xp, loss, conv, sample_weight, input.dtype, bad)


@loss_options()
def fenchel_young_loss(
    input: Array,
    target: Array,
    /,
    *,
    max_fun: MaxFun = "logsumexp",
    complete: bool = False,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int = -1,
) -> Array:
    r"""Fenchel-Young loss (Blondel et al. 2020), optax's ``make_fenchel_young_loss``.

    :math:`\Omega^*(s) - \langle t, s \rangle` for the max function :math:`\Omega^*`
    of a regularizer :math:`\Omega` over the simplex: optax's loss for the built-in
    choices of ``max_fun``.

    Parameters
    ----------
    input : array
        Scores :math:`s`, real floating, the classes along ``axis``.
    target : array
        Class indices (integer, ``input``'s shape without the class axis) or a
        distribution :math:`t` over the classes (floating, ``input``'s shape).
    max_fun : {"logsumexp", "sparsemax", "max"}, default "logsumexp"
        :math:`\Omega^*`: ``"logsumexp"`` (Shannon negentropy: the softmax cross
        entropy), ``"sparsemax"`` (half the squared norm:
        :math:`\langle p, s \rangle - \tfrac12 \|p\|^2` at
        :math:`p = \mathrm{sparsemax}(s)`), ``"max"`` (no regularizer: the multiclass
        perceptron). optax takes any function; these are the ones with a closed form.
    complete : bool, default False
        Add :math:`\Omega(t)` (:math:`\sum_c t_c \log t_c`, :math:`\tfrac12 \|t\|^2`
        or 0), a constant in :math:`s`, so the loss is non-negative and zero exactly
        when the regularized prediction equals :math:`t` (the paper's definition).
        optax leaves it out (``False``).
    {{reduction}}
    {{convention}}
    {{sample_weight}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the class axis for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For an unknown ``max_fun``, a target of the wrong shape or (NumPy only) a class
        index outside ``[0, C)``.

    Notes
    -----
    .. math::

        \ell_n = \Omega^*(s_n) + [\text{complete}]\,\Omega(t_n)
        - \langle t_n, s_n \rangle,

    with gradient :math:`\nabla \Omega^*(s_n) - t_n` (softmax, sparsemax or the
    argmax indicator, minus the target).

    Shape
    -----
    - input: :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: input's shape without the class axis (indices) or input's shape.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    See Also
    --------
    sparsemax_loss : ``max_fun="sparsemax"``, ``complete=True``.
    multiclass_perceptron_loss : ``max_fun="max"``.
    cross_entropy : ``max_fun="logsumexp"`` with a one-hot or distribution target.

    References
    ----------
    .. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel-Young
       Losses", JMLR 21, 2020.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> s = np.array([[2.0, 1.5, -1.0], [0.0, 0.5, 3.0]])
    >>> y = np.array([0, 1])
    >>> print(portloss.fenchel_young_loss(s, y, max_fun="sparsemax", reduction="none"))
    [-0.4375  2.    ]
    """
    conv = resolve_loss_convention(convention, reduction)
    if max_fun not in ("logsumexp", "sparsemax", "max"):
        raise ValueError(f"max_fun must be 'logsumexp', 'sparsemax' or 'max', got {max_fun!r}")
    complete = check_bool_option("complete", complete)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    x, t, axis, bad, safe = _class_setup(
        xp, input, target, axis, sample_weight, conv, probabilities=True, one_hot=False
    )
    if max_fun == "logsumexp":
        conj = logsumexp(xp, x, axis=axis)
    elif max_fun == "sparsemax":
        conj = _sparsemax_conjugate(xp, x, axis=axis)
    else:
        conj = xp.max(x, axis=axis)
    loss = conj - _target_dot(xp, t, x, safe, axis=axis)
    # A one-hot target's negative entropy is 0 and its |t|^2 / 2 is 1/2.
    if complete and max_fun == "logsumexp" and safe is None:
        loss = loss + xp.sum(_xlogx(xp, t), axis=axis)
    elif complete and max_fun == "sparsemax":
        loss = loss + (0.5 if safe is not None else 0.5 * xp.sum(t * t, axis=axis))
    return _finish(xp, loss, conv, sample_weight, input.dtype, bad)


def _xlogx(xp: Any, t: Any, *, zero: Any = None) -> Any:
    """``t log t`` with ``0 log 0 = 0`` (log of 1 there); NaN and negatives give NaN.

    ``zero`` is ``t == 0`` where the caller has it already."""
    zero = t == 0.0 if zero is None else zero
    # At t == 0 the product is 0 * log(1) = 0 (value and slope): no second where.
    return t * xp.log(xp.where(zero, scalar(xp, 1.0, t), t))


@loss_options(axis=check_class_axes)
def generalized_kl_divergence(
    input: Array,
    target: Array,
    /,
    *,
    where: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int | tuple[int, ...] = -1,
) -> Array:
    r"""Generalized KL divergence of unnormalized measures (optax's).

    optax's ``generalized_kl_divergence``,
    :math:`\sum_c t_c (\log t_c - x_c) + \sum_c (e^{x_c} - t_c)`: the KL divergence plus
    the difference of the total masses, a Bregman divergence that is non-negative
    for any positive measures (they need not sum to one).

    Parameters
    ----------
    input : array
        Log-predictions :math:`x` (optax's ``log_predictions``), real floating.
    target : array
        Non-negative target measure :math:`t`, ``input``'s shape.
    where : array of bool, optional
        The entries that take part (optax's ``where``), broadcastable to ``input``,
        or of the unreduced loss' shape (a per-row mask). A row with no entry kept
        gives 0, as optax, and takes no part in the ``"mean"``.
    {{reduction}}
    {{convention}}
    {{sample_weight}}
        Per-row weight, the unreduced loss's number of dimensions (bool: a mask).
    {{axis:tuple}}
        Here: the axis summed over, or several (optax's tuple ``axis``).

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without ``axis`` for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target whose shape differs from ``input``'s, a repeated or
        out-of-range ``axis``, or a ``where`` that does not broadcast.
    TypeError
        For a ``where`` that is not boolean.

    Notes
    -----
    .. math::

        \ell_n = \sum_{c:\, m_{nc}} \left[ t_{nc} \log t_{nc} - t_{nc} x_{nc}
        + e^{x_{nc}} - t_{nc} \right],

    :math:`0 \log 0 = 0`, :math:`m` the ``where`` mask (all true without it). ``mean`` is
    the mean over the rows (optax returns the rows).
    ``optax.losses.convex_kl_divergence`` is the same function under another name.

    Shape
    -----
    - input: any shape with the summed axes at ``axis``. target: input's shape.
    - where: broadcastable to input, or the unreduced loss' shape.
    - output: scalar, or input's shape without ``axis`` for ``reduction="none"``.

    See Also
    --------
    kl_div : Torch's KL divergence, elementwise.

    References
    ----------
    .. [1] S. Boyd, L. Vandenberghe, "Convex Optimization", Cambridge University
       Press, 2004, p. 90.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.log(np.array([[0.5, 1.0], [2.0, 0.25]]))
    >>> t = np.array([[1.0, 1.0], [1.0, 0.5]])
    >>> print(portloss.generalized_kl_divergence(x, t, reduction="none").round(6))
    [0.193147 0.403426]
    """
    conv = resolve_loss_convention(convention, reduction)
    masks = {} if where is None else {"where": where}
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight, **masks)
    x, t = elementwise_pair(xp, input, target)
    axes = check_summed_axes(axis, input.ndim)
    loss_shape = tuple(n for a, n in enumerate(input.shape) if a not in axes)
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)
    keep, rows = None, None
    if where is not None:
        keep = check_where(xp, where, x, axes)
        rows = xp.any(keep, axis=axes)
        # Double where: a left-out entry's value (an inf, a NaN) reaches no slope.
        x, t = xp.where(keep, x, xp.zeros_like(x)), xp.where(keep, t, xp.zeros_like(t))
    zero = t == 0.0
    cross = t * xp.where(zero, scalar(xp, 0.0, x), x)  # 0 * 0 at t == 0, whatever x is
    terms = _xlogx(xp, t, zero=zero) + xp.exp(x) - t - cross
    terms = terms if keep is None else xp.where(keep, terms, xp.zeros_like(terms))
    return _finish(xp, xp.sum(terms, axis=axes), conv, sample_weight, input.dtype, valid=rows)


@loss_options()
def softmax_cross_entropy(
    input: Array,
    target: Array,
    /,
    *,
    where: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    sample_weight: Array = None,
    axis: int = -1,
) -> Array:
    r"""Softmax cross entropy with optax's ``where`` mask, safe for -inf logits.

    optax's ``softmax_cross_entropy`` with ``where``, and its
    ``safe_softmax_cross_entropy`` for -inf logits: :math:`-\sum_c t_c \log p_c` with
    the softmax taken over the classes that ``where`` keeps; a class with target 0
    contributes 0 even where its logit is
    :math:`-\infty` (no :math:`0 \cdot \infty`), with a zero gradient.

    Parameters
    ----------
    input : array
        Logits, real floating, the classes along ``axis``; :math:`-\infty` forbids a
        class.
    target : array
        Class indices (integer, ``input``'s shape without the class axis) or class
        probabilities :math:`t` (floating, ``input``'s shape).
    where : array of bool, optional
        The classes that take part, broadcastable to ``input``: the others are out of
        the softmax's normalizer and of the sum (optax's ``where``), or of the
        unreduced loss' shape where it does not broadcast so (a per-entry mask). A
        row with no class kept gives 0, as optax, and takes no part in the
        ``"mean"``. A masked class's target mass is lost from the row, as in optax.
    {{reduction}}
    {{convention}}
    {{sample_weight}}
    {{axis}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without the class axis for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For a target or ``where`` of the wrong shape or (NumPy only) a class index
        outside ``[0, C)``.

    Notes
    -----
    With :math:`m` the ``where`` mask and
    :math:`\log p_c = x_c - \log \sum_{j: m_j} e^{x_j}`:

    .. math::

        \ell_n = -\sum_{c:\, m_{nc},\, t_{nc} \ne 0} t_{nc} \log p_{nc}.

    Shape
    -----
    - input: :math:`(N, C)` or any shape with the class axis at ``axis``.
    - target: input's shape without the class axis (indices) or input's shape.
    - where: broadcastable to input, or the unreduced loss' shape.
    - output: scalar, or the unreduced loss's shape for ``reduction="none"``.

    ``optax.losses.softmax_cross_entropy(x, t, where=m)`` is
    ``softmax_cross_entropy(x, t, where=m, reduction="none")`` (and
    ``cross_entropy(x, t, where=m, reduction="none")`` where no kept logit is
    :math:`-\infty`); ``optax.losses.safe_softmax_cross_entropy(x, t)`` is
    ``softmax_cross_entropy(x, t, reduction="none")``.

    See Also
    --------
    cross_entropy : Torch's, with class weights, ``ignore_index``, smoothing, the
        same ``where`` and tuple ``axis``.
    fenchel_young_loss : ``max_fun="logsumexp"``, the same loss for distributions.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio, A. Courville, "Deep Learning", MIT Press, 2016,
       section 6.2.2.3.
    .. [2] optax, ``optax.losses.softmax_cross_entropy`` and
       ``safe_softmax_cross_entropy``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[1.0, 2.0, -np.inf], [0.5, 0.5, 3.0]])
    >>> keep = np.array([[True, True, True], [True, True, False]])
    >>> print(portloss.softmax_cross_entropy(x, np.array([1, 0]), where=keep, reduction="none"))
    [0.31326169 0.69314718]
    """
    conv = resolve_loss_convention(convention, reduction)
    masks = {} if where is None else {"where": where}
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight, **masks)
    x, t, axis, bad, index = _class_setup(
        xp, input, target, axis, sample_weight, conv, probabilities=True, one_hot=where is not None
    )
    if where is None and index is not None:  # only the target's log-probability counts
        loss = -log_softmax_at(xp, x, index, axis=axis)
        return _finish(xp, loss, conv, sample_weight, input.dtype, bad)
    keep, rows = t != 0.0, None
    if where is not None:
        mask = check_where(xp, where, x, (axis,))
        rows = xp.any(mask, axis=axis)
        # A row with no class kept normalizes over all (finite), then takes no part.
        mask = mask | ~xp.expand_dims(rows, axis=axis)
        x = xp.where(mask, x, xp.full_like(x, -xp.inf))
        keep = keep & mask
    logp = log_softmax(xp, x, axis=axis)
    # An unkept class's -inf log p stays out of the product and its slope.
    safe = xp.where(keep, logp, scalar(xp, 0.0, logp))
    if where is None:  # unkept means t == 0: the product is 0 * 0 already
        loss = -xp.sum(t * safe, axis=axis)
    else:  # a class left out by where may hold any t (inf, NaN)
        loss = -xp.sum(xp.where(keep, t * safe, scalar(xp, 0.0, t)), axis=axis)
    return _finish(xp, loss, conv, sample_weight, input.dtype, bad, valid=rows)
