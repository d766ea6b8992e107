r"""Robust regression losses: Charbonnier, Cauchy, Geman-McClure, Welsch and Barron's
general adaptive loss.

Every loss here is a function of the scaled residual :math:`z = (x - y) / c` and a
member of Barron's (2019) family

.. math::

    \rho(z; \alpha) = \frac{|\alpha - 2|}{\alpha}
    \left(\left(\frac{z^2}{|\alpha - 2|} + 1\right)^{\alpha / 2} - 1\right),

with its limits at :math:`\alpha = 2` (:math:`z^2 / 2`), :math:`\alpha = 0`
(Cauchy, :math:`\log(z^2/2 + 1)`), :math:`\alpha = -\infty` (Welsch,
:math:`1 - e^{-z^2/2}`) and :math:`\alpha = +\infty` (:math:`e^{z^2/2} - 1`).
Charbonnier is :math:`\alpha = 1`, Geman-McClure :math:`\alpha = -2`. kornia's
``charbonnier_loss``, ``cauchy_loss``, ``geman_mcclure_loss`` and ``welsch_loss`` are
these at :math:`c = 1`.

The losses are elementwise: ``input`` and ``target`` have one shape and the unreduced
loss has it too. portloss' default ``reduction`` is ``"mean"`` (kornia's is ``"none"``).
torch and Keras have none of these losses: ``convention`` changes only the reduction
rules (what a ``"mean"`` divides by and returns when empty, how a lower-rank
``sample_weight`` aligns), never the elementwise values.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from ._backends import device as _device
from ._checks import (
    check_broadcast_weight,
    check_positive_real,
    check_real_option,
    check_sample_weight,
    elementwise_pair,
)
from ._namespace import array_namespace, scalar, to_dtype
from ._options import Option, is_array, loss_options, positive
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = [
    "cauchy_loss",
    "charbonnier_loss",
    "geman_mcclure_loss",
    "general_adaptive_loss",
    "welsch_loss",
]


def _refuse_sequence(name: str, value: Any) -> None:
    if isinstance(value, (list, tuple)):
        raise TypeError(
            f"{name} must be an array or a real number, got {value!r}; wrap a list in "
            f"an array of input's library"
        )


def _alpha(value: Any) -> Any:
    if is_array(value):
        return value
    _refuse_sequence("alpha", value)
    if isinstance(value, (int, float)) and value in (float("inf"), -float("inf")):
        return float(value)
    return check_real_option("alpha", value)


def _scale(value: Any) -> Any:
    if is_array(value):
        return value
    _refuse_sequence("scale", value)
    return check_positive_real("scale", value)


#: Barron's shape parameter: a real number (``±inf`` included) or an array.
ALPHA = Option("alpha", _alpha, array=True)
#: Barron's scale :math:`c > 0`: a number or an array.
SCALE = Option("scale", _scale, array=True)


def _squared_residual(
    input: Any, target: Any, sample_weight: Any, scale: Any, conv: Any, **more: Any
) -> tuple[Any, Any]:
    """Validate the arrays; return ``xp`` and :math:`z^2 = ((x - y) / c)^2`.

    A non-positive array ``scale`` has no loss: NaN there, not a finite number.
    """
    if is_array(scale):
        more = {**more, "scale": scale}
    xp = array_namespace(input=input, target=target, **more, sample_weight=sample_weight)
    x, t = elementwise_pair(xp, input, target, bool_target=False)
    shape = tuple(input.shape)
    check_sample_weight(xp, sample_weight, shape, conv=conv)
    d = x - t
    if is_array(scale):
        check_broadcast_weight(xp, "scale", scale, shape)
        c = to_dtype(xp, scale, d.dtype)
        ok = c > 0
        d = xp.where(ok, d / xp.where(ok, c, scalar(xp, 1.0, c)), scalar(xp, xp.nan, d))
    else:
        c = check_positive_real("scale", scale)
        if c != 1.0:  # dividing by 1 changes no value and no gradient: skip the op
            d = d / c
    return xp, d * d


@loss_options(scale=positive("scale"))
def charbonnier_loss(
    input: Array,
    target: Array,
    /,
    *,
    scale: float = 1.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Charbonnier (pseudo-Huber) loss, kornia's ``charbonnier_loss`` (Barron's alpha 1).

    Parameters
    ----------
    input : array
        Predictions, real floating.
    target : array
        Targets of ``input``'s shape, real floating or integer.
    scale : float, default 1.0
        The residual scale :math:`c > 0` (kornia has none: :math:`c = 1`).
    {{sample_weight}}
        Per-element weight with ``input``'s number of dimensions, each of size 1 or
        equal (bool works as a mask); it enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For mismatched shapes, ``scale <= 0`` or an unknown ``reduction``.

    Notes
    -----
    With :math:`z_i = (x_i - y_i) / c`,

    .. math::

        \ell_i = \sqrt{z_i^2 + 1} - 1 = \frac{z_i^2}{\sqrt{z_i^2 + 1} + 1},

    the second form (no cancellation) below :math:`z^2 = 1`, as kornia. Quadratic
    near 0, linear far away (Charbonnier et al., 1994).

    Shape
    -----
    - input, target: any shape :math:`(*)`; sample_weight: :math:`(*)` with any size-1
      dimension.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    general_adaptive_loss : Barron's family; this is its alpha = 1.
    huber_loss : Quadratic near 0 and linear far away, with a kink.

    References
    ----------
    .. [1] J. T. Barron, "A General and Adaptive Robust Loss Function", CVPR 2019.
    .. [2] P. Charbonnier, L. Blanc-Féraud, G. Aubert and M. Barlaud, "Two
       deterministic half-quadratic regularization algorithms for computed imaging",
       ICIP 1994.
    .. [3] kornia, ``kornia.losses.charbonnier_loss``, https://kornia.readthedocs.io/en/latest/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.0, 1.0, 3.0]), np.zeros(3)
    >>> print(portloss.charbonnier_loss(x, t, reduction="none").round(4))
    [0.     0.4142 2.1623]
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    xp, s = _squared_residual(input, target, sample_weight, scale, conv)
    small = s < 1.0
    # Double where: the rational branch never sees an infinite square (inf / inf).
    s_small = xp.where(small, s, scalar(xp, 0.0, s))
    loss = xp.where(small, s_small / (xp.sqrt(s_small + 1.0) + 1.0), xp.sqrt(s + 1.0) - 1.0)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options(scale=positive("scale"))
def cauchy_loss(
    input: Array,
    target: Array,
    /,
    *,
    scale: float = 1.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Cauchy (Lorentzian) loss, kornia's ``cauchy_loss``: Barron's :math:`\alpha = 0`.

    Parameters
    ----------
    input : array
        Predictions, real floating.
    target : array
        Targets of ``input``'s shape, real floating or integer.
    scale : float, default 1.0
        The residual scale :math:`c > 0`.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``input``'s shape for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For mismatched shapes, ``scale <= 0`` or an unknown ``reduction``.

    Notes
    -----
    .. math::

        \ell_i = \log\left(\tfrac12 z_i^2 + 1\right), \qquad z_i = (x_i - y_i) / c,

    computed with ``log1p``. It grows logarithmically, so outliers weigh little.

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    general_adaptive_loss : Barron's family, with ``alpha`` and ``scale``.

    References
    ----------
    .. [1] J. T. Barron, "A General and Adaptive Robust Loss Function", CVPR 2019.
    .. [2] M. J. Black and P. Anandan, "The robust estimation of multiple motions",
       CVIU 63(1), 1996.
    .. [3] kornia, ``kornia.losses.cauchy_loss``, https://kornia.readthedocs.io/en/latest/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.0, 1.0, 3.0]), np.zeros(3)
    >>> print(portloss.cauchy_loss(x, t, reduction="none").round(4))
    [0.     0.4055 1.7047]
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    xp, s = _squared_residual(input, target, sample_weight, scale, conv)
    return reduce_loss(
        xp, xp.log1p(0.5 * s), conv=conv, sample_weight=sample_weight, dtype=input.dtype
    )


@loss_options(scale=positive("scale"))
def geman_mcclure_loss(
    input: Array,
    target: Array,
    /,
    *,
    scale: float = 1.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Geman-McClure loss, kornia's ``geman_mcclure_loss``: Barron's :math:`\alpha = -2`.

    Parameters
    ----------
    input : array
        Predictions, real floating.
    target : array
        Targets of ``input``'s shape, real floating or integer.
    scale : float, default 1.0
        The residual scale :math:`c > 0`.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``input``'s shape for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For mismatched shapes, ``scale <= 0`` or an unknown ``reduction``.

    Notes
    -----
    .. math::

        \ell_i = \frac{2 z_i^2}{z_i^2 + 4} = \frac{2}{1 + 4 / z_i^2},
        \qquad z_i = (x_i - y_i) / c,

    the second form above :math:`z^2 = 1`, so an overflowing square gives the limit 2
    instead of ``inf / inf``. Bounded by 2.

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    general_adaptive_loss : Barron's family, with ``alpha`` and ``scale``.

    References
    ----------
    .. [1] J. T. Barron, "A General and Adaptive Robust Loss Function", CVPR 2019.
    .. [2] S. Geman and D. E. McClure, "Bayesian image analysis: an application to
       single photon emission tomography", Proc. American Statistical Association, 1985.
    .. [3] kornia, ``kornia.losses.geman_mcclure_loss``, https://kornia.readthedocs.io/en/latest/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.0, 1.0, 3.0]), np.zeros(3)
    >>> print(portloss.geman_mcclure_loss(x, t, reduction="none").round(4))
    [0.     0.4    1.3846]
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    xp, s = _squared_residual(input, target, sample_weight, scale, conv)
    small = s < 1.0
    # Double where: each form sees only the squares it is accurate and finite for.
    s_small = xp.where(small, s, scalar(xp, 0.0, s))
    s_large = xp.where(small, scalar(xp, 1.0, s), s)
    loss = xp.where(small, 2.0 * s_small / (s_small + 4.0), 2.0 / (1.0 + 4.0 / s_large))
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


@loss_options(scale=positive("scale"))
def welsch_loss(
    input: Array,
    target: Array,
    /,
    *,
    scale: float = 1.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Welsch (Leclerc) loss, kornia's ``welsch_loss``: Barron's :math:`\alpha = -\infty`.

    Parameters
    ----------
    input : array
        Predictions, real floating.
    target : array
        Targets of ``input``'s shape, real floating or integer.
    scale : float, default 1.0
        The residual scale :math:`c > 0`.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``input``'s shape for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For mismatched shapes, ``scale <= 0`` or an unknown ``reduction``.

    Notes
    -----
    .. math::

        \ell_i = 1 - e^{-z_i^2 / 2}, \qquad z_i = (x_i - y_i) / c,

    computed as ``-expm1(-z^2/2)`` (accurate for small residuals). Bounded by 1.

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    general_adaptive_loss : Barron's family, with ``alpha`` and ``scale``.

    References
    ----------
    .. [1] J. T. Barron, "A General and Adaptive Robust Loss Function", CVPR 2019.
    .. [2] J. E. Dennis and R. E. Welsch, "Techniques for nonlinear least squares and
       robust regression", Communications in Statistics 7(4), 1978.
    .. [3] kornia, ``kornia.losses.welsch_loss``, https://kornia.readthedocs.io/en/latest/losses.html

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.0, 1.0, 3.0]), np.zeros(3)
    >>> print(portloss.welsch_loss(x, t, reduction="none").round(4))
    [0.     0.3935 0.9889]
    """
    conv = resolve_loss_convention(convention, reduction)
    scale = check_positive_real("scale", scale)
    xp, s = _squared_residual(input, target, sample_weight, scale, conv)
    return reduce_loss(
        xp, -xp.expm1(-0.5 * s), conv=conv, sample_weight=sample_weight, dtype=input.dtype
    )


@loss_options(alpha=ALPHA, scale=SCALE)
def general_adaptive_loss(
    input: Array,
    target: Array,
    /,
    *,
    alpha: float | Array = 1.0,
    scale: float | Array = 1.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""The general and adaptive robust loss of Barron (2019), shape ``alpha``, ``scale``.

    ``alpha`` and ``scale`` may be arrays (one per element, or anything that
    broadcasts to ``input``'s shape), so both can be learned: the value and the
    gradient with respect to them are finite at and near the special values
    :math:`\alpha \in \{0, 2\}` (and at :math:`\pm\infty`).

    Parameters
    ----------
    input : array
        Predictions, real floating.
    target : array
        Targets of ``input``'s shape, real floating or integer.
    alpha : float or array, default 1.0
        The shape :math:`\alpha`, any real number or :math:`\pm\infty`: 2 is L2, 1
        Charbonnier, 0 Cauchy, -2 Geman-McClure, :math:`-\infty` Welsch. An array
        broadcasts to ``input``'s shape (trailing dimensions aligned); a NaN gives NaN.
    scale : float or array, default 1.0
        The scale :math:`c > 0` of the quadratic bowl near 0. An array broadcasts to
        ``input``'s shape; an entry :math:`\le 0` gives NaN there.
    {{sample_weight}}
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or ``input``'s shape for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        For mismatched shapes, a NaN ``alpha``, a ``scale <= 0`` number, an ``alpha``
        or ``scale`` array that does not broadcast, or an unknown ``reduction``.

    Notes
    -----
    With :math:`z_i = (x_i - y_i) / c_i` and :math:`b = |\alpha - 2|`,

    .. math::

        \rho(z, \alpha) =
        \begin{cases}
            \tfrac12 z^2 & \alpha = 2 \\
            \log\left(\tfrac12 z^2 + 1\right) & \alpha = 0 \\
            1 - e^{-z^2/2} & \alpha = -\infty \\
            e^{z^2/2} - 1 & \alpha = +\infty \\
            \frac{b}{\alpha}\left(\left(\frac{z^2}{b} + 1\right)^{\alpha/2} - 1\right)
            & \text{otherwise.}
        \end{cases}

    As Barron's reference code, the general branch uses :math:`\max(\epsilon, b)` and
    :math:`\operatorname{sign}(\alpha) \max(\epsilon, |\alpha|)` (:math:`\epsilon` the
    dtype's machine epsilon), so it stays finite next to :math:`\alpha = 0, 2`; it is
    evaluated as :math:`\frac{b}{\alpha}\operatorname{expm1}(\frac{\alpha}{2}
    \operatorname{log1p}(z^2 / b))`, which keeps its accuracy as :math:`\alpha \to 0`.
    The special values are chosen with ``where`` (no Python branch on the data); each
    branch sees only the entries it is selected for, so no unselected ``inf`` reaches
    a gradient.

    Shape
    -----
    - input, target: any shape :math:`(*)`; alpha, scale: numbers or broadcastable to
      :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    charbonnier_loss : The special case alpha = 1.
    cauchy_loss : The special case alpha = 0.
    geman_mcclure_loss : The special case alpha = -2.
    welsch_loss : The special case alpha = -inf.

    References
    ----------
    .. [1] J. T. Barron, "A General and Adaptive Robust Loss Function", CVPR 2019,
       arXiv:1701.03077.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.0, 1.0, 3.0]), np.zeros(3)
    >>> print(portloss.general_adaptive_loss(x, t, alpha=1.0, reduction="none").round(4))
    [0.     0.4142 2.1623]
    >>> print(portloss.general_adaptive_loss(x, t, alpha=2.0, scale=2.0, reduction="none"))
    [0.    0.125 1.125]
    >>> alpha = np.array([2.0, 0.0, -np.inf])
    >>> print(portloss.general_adaptive_loss(x, t, alpha=alpha, reduction="none").round(4))
    [0.     0.4055 0.9889]
    """
    conv = resolve_loss_convention(convention, reduction)
    alpha = _alpha(alpha)
    scale = _scale(scale)
    xp, s = _squared_residual(
        input, target, sample_weight, scale, conv, **({"alpha": alpha} if is_array(alpha) else {})
    )
    if is_array(alpha):
        check_broadcast_weight(xp, "alpha", alpha, tuple(input.shape))
        loss = _barron(xp, s, to_dtype(xp, alpha, s.dtype))
    else:
        loss = _barron_scalar(xp, s, alpha)
        if loss is None:
            loss = _barron(xp, s, xp.asarray(alpha, dtype=s.dtype, device=_device(s)))
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


def _exact_in(dtype_is_64: bool, *values: float) -> bool:
    """Whether each value is a float32 number (always true for float64)."""
    if dtype_is_64:
        return True
    try:
        return all(struct.unpack("f", struct.pack("f", v))[0] == v for v in values)
    except OverflowError:
        return False


def _barron_scalar(xp: Any, s: Any, alpha: float) -> Any:
    """``_barron`` for a Python ``alpha``: its branch chosen in Python (an option, not
    array values), the same operations on ``s`` and so the same values and gradients.

    ``None`` where the constants of the general branch would round differently as
    Python floats than in ``s``'s dtype (the general path then computes them there).
    """
    if alpha == 2.0:
        return 0.5 * s
    if alpha == 0.0:
        return xp.log1p(0.5 * s)
    if alpha == -math.inf:
        return -xp.expm1(-0.5 * s)
    if alpha == math.inf:
        return xp.expm1(0.5 * s)
    eps = float(xp.finfo(s.dtype).eps)
    b = max(abs(alpha - 2.0), eps)
    a_safe = max(abs(alpha), eps) * (1.0 if alpha >= 0 else -1.0)
    coef, half = b / a_safe, 0.5 * alpha
    if coef * a_safe != b or not _exact_in(s.dtype == xp.float64, alpha, b, a_safe, coef, half):
        return None
    z = xp.log1p(s if b == 1.0 else s / b)
    general = xp.expm1(half * z)
    return general if coef == 1.0 else coef * general


def _barron(xp: Any, s: Any, a: Any) -> Any:
    """Barron's :math:`\\rho` of the squared scaled residual ``s`` at shape ``a``."""
    eps = xp.finfo(s.dtype).eps
    two, zero = a == 2.0, a == 0.0
    neg_inf, pos_inf = a == -xp.inf, a == xp.inf
    special = two | zero | neg_inf | pos_inf
    # Double where: the general branch sees alpha = 1 where a special value is chosen,
    # and the exp branch only the residuals it is chosen for (else e^(z^2/2) overflows
    # and its zero-weighted gradient turns into NaN).
    a_general = xp.where(special, scalar(xp, 1.0, a), a)
    b = xp.maximum(xp.abs(a_general - 2.0), scalar(xp, eps, a_general))
    magnitude = xp.maximum(xp.abs(a_general), scalar(xp, eps, a_general))
    a_safe = xp.where(a_general >= 0, magnitude, -magnitude)
    general = (b / a_safe) * xp.expm1(0.5 * a_general * xp.log1p(s / b))
    s_exp = xp.where(pos_inf, s, xp.zeros_like(s))
    loss = xp.where(pos_inf, xp.expm1(0.5 * s_exp), general)
    loss = xp.where(neg_inf, -xp.expm1(-0.5 * s), loss)
    loss = xp.where(zero, xp.log1p(0.5 * s), loss)
    return xp.where(two, 0.5 * s, loss)
