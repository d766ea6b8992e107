"""Regression losses: L1, MSE, Huber, smooth L1, log-cosh, Poisson and Gaussian NLL, MAPE, MSLE.

Every loss here is elementwise: ``input`` and ``target`` have one shape (a mismatch is
an error; torch only warns and broadcasts) and the unreduced loss has that shape too.

Two weights:

- ``weight`` is torch's elementwise weight; it broadcasts to ``input``'s shape (trailing
  dimensions aligned, never enlarging it). It multiplies the loss; the weighted ``mean``
  divides by the sum of the weights (as torch's ``l1_loss`` and ``mse_loss``), except in
  ``huber_loss``, whose torch ``weight`` leaves the denominator the number of elements.
  Where torch has no ``weight`` (every loss here but those three), it is the same as a
  ``sample_weight`` of its broadcast shape: ``loss(weight=w) == loss(sample_weight=w)``.
- ``sample_weight`` is portloss' per-element weight, with ``input``'s number of
  dimensions (each of size 1 or equal): it multiplies the loss and its share of the
  ``mean`` denominator (``bool`` works as a mask).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from ._backends import delegable, host_values
from ._checks import (
    check_bool_option,
    check_broadcast_weight,
    check_positive_real,
    check_sample_weight,
    elementwise_pair,
)
from ._namespace import array_namespace, scalar, to_dtype
from ._options import check_option, loss_options, nonnegative, positive
from ._primitives import absolute, squared_difference, stop_gradient
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, Reduction
from .conventions import convention_defaults, resolve_loss_convention

__all__ = [
    "gaussian_nll_loss",
    "huber_loss",
    "l1_loss",
    "log_cosh_loss",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "mse_loss",
    "poisson_nll_loss",
    "smooth_l1_loss",
]

_LOG2 = math.log(2.0)
_KERAS_EPSILON = 1e-7


def _prepare(
    input: Any, target: Any, weight: Any, sample_weight: Any, conv: Any, **more: Any
) -> tuple[Any, Any, Any, Any]:
    """Validate the arrays of an elementwise loss; return ``xp``, the compute dtype and
    ``input`` and ``target`` in that dtype."""
    xp = array_namespace(
        input=input, target=target, **more, weight=weight, sample_weight=sample_weight
    )
    x, t = elementwise_pair(xp, input, target, bool_target=False)
    loss_shape = tuple(input.shape)
    check_broadcast_weight(xp, "weight", weight, loss_shape)
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv, elementwise=True)
    return xp, x.dtype, x, t


def _finish(
    xp: Any,
    loss: Any,
    input: Any,
    weight: Any,
    sample_weight: Any,
    conv: Any,
    *,
    weight_in_mean: bool = False,
) -> Any:
    """Apply ``weight``, then hand over to ``reduce_loss``; return ``input``'s dtype."""
    mean_weight = None
    if weight is not None:
        w = to_dtype(xp, weight, loss.dtype)
        loss = loss * w
        if weight_in_mean:
            mean_weight = w
    return reduce_loss(
        xp,
        loss,
        conv=conv,
        elementwise=True,
        sample_weight=sample_weight,
        mean_weight=mean_weight,
        dtype=input.dtype,
    )


@delegable
@loss_options()
def l1_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Mean absolute error between ``input`` and ``target``.

    The same numbers as ``torch.nn.functional.l1_loss`` (including its ``weight``).

    Parameters
    ----------
    input : Array
        Predictions, real floating.
    target : Array
        Targets of ``input``'s shape, real floating or integer.
    {{weight:element}}
        The weighted ``mean`` divides by :math:`\sum w`.
    {{sample_weight}}
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
        When ``target`` does not have ``input``'s shape, a weight does not broadcast to
        it, or ``reduction`` is unknown.
    TypeError
        For a non-floating ``input`` or arrays of different libraries.

    See Also
    --------
    mse_loss : The squared error.
    huber_loss : Quadratic near 0, L1 beyond ``delta``.
    smooth_l1_loss : Huber divided by ``beta``.

    Notes
    -----
    .. math::

        \ell_i = w_i\, |x_i - y_i|, \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i}, \qquad
        \text{sum} = \sum_i s_i \ell_i.

    A mean over no element is NaN. The gradient at :math:`x_i = y_i` is 0.

    References
    ----------
    .. [1] torch.nn.functional.l1_loss,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.l1_loss.html
    .. [2] Keras ``MeanAbsoluteError``, https://keras.io/api/losses/regression_losses/

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]])
    >>> t = np.array([[1.0, 0, 0], [0, 0, 1], [0, 1, 0]])
    >>> print(f"{portloss.l1_loss(x, t):.8f}")
    0.55333333
    >>> print(portloss.l1_loss(x[0], t[0], reduction="none").round(4))
    [0.8 0.3 0.4]
    >>> w = np.array([[1.0], [0.0], [0.0]])
    >>> print(f"{portloss.l1_loss(x, t, weight=w):.4f}")
    0.5000
    """
    conv = resolve_loss_convention(convention, reduction)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    loss = absolute(xp, x - t)
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


@delegable
@loss_options()
def mse_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Mean squared error between ``input`` and ``target``.

    The same numbers as ``torch.nn.functional.mse_loss`` (including its ``weight``).

    Parameters
    ----------
    input : Array
        Predictions, real floating.
    target : Array
        Targets of ``input``'s shape, real floating or integer.
    {{weight:element}}
        The weighted ``mean`` divides by :math:`\sum w`.
    {{sample_weight}}
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
        When ``target`` does not have ``input``'s shape, a weight does not broadcast to
        it, or ``reduction`` is unknown.

    See Also
    --------
    l1_loss : The absolute error.
    huber_loss : Robust to outliers beyond ``delta``.
    mean_squared_logarithmic_error : The squared error of the logs.

    Notes
    -----
    .. math::

        \ell_i = w_i\, (x_i - y_i)^2, \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i}, \qquad
        \text{sum} = \sum_i s_i \ell_i.

    A mean over no element is NaN.

    References
    ----------
    .. [1] torch.nn.functional.mse_loss,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.mse_loss.html
    .. [2] Keras ``MeanSquaredError``, https://keras.io/api/losses/regression_losses/

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x = np.array([[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]])
    >>> t = np.array([[1.0, 0, 0], [0, 0, 1], [0, 1, 0]])
    >>> print(f"{portloss.mse_loss(x, t):.8f}")
    0.44668889
    >>> print(f"{portloss.mse_loss(x, t, reduction='sum'):.4f}")
    4.0202
    """
    conv = resolve_loss_convention(convention, reduction)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    loss = squared_difference(xp, x, t)
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


@delegable
@loss_options(delta=positive("delta"))
def huber_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    delta: float = 1.0,
) -> Array:
    r"""Huber loss: quadratic for errors below ``delta``, linear (slope ``delta``) above.

    The same numbers as ``torch.nn.functional.huber_loss`` (including its ``weight``).

    Parameters
    ----------
    input : Array
        Predictions, real floating.
    target : Array
        Targets of ``input``'s shape, real floating or integer.
    {{weight:element}}
        As torch, the ``mean`` still divides by the number of elements.
    {{sample_weight}}
    {{reduction}}
    {{convention}}
    delta : Float > 0, default 1.0
        :math:`\delta`, where the loss turns from quadratic to linear.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For ``delta <= 0``, mismatched shapes or an unknown ``reduction``.

    See Also
    --------
    smooth_l1_loss : The same shape divided by ``beta``.
    log_cosh_loss : A smooth loss with the same limits.
    portloss.charbonnier_loss : A smooth L1.

    Notes
    -----
    With :math:`z_i = |x_i - y_i|`,

    .. math::

        \ell_i = w_i \begin{cases}
            \tfrac12 z_i^2 & z_i < \delta \\
            \delta\,(z_i - \tfrac12 \delta) & \text{otherwise}
        \end{cases}, \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i}.

    The loss and its gradient :math:`\operatorname{clip}(x_i - y_i, -\delta, \delta)` are
    continuous at :math:`z_i = \delta`. ``huber_loss(delta=d)`` equals
    ``d * smooth_l1_loss(beta=d)``.

    References
    ----------
    .. [1] P. J. Huber, "Robust Estimation of a Location Parameter", *Annals of
       Mathematical Statistics* 35(1), 1964.
    .. [2] torch.nn.functional.huber_loss,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.huber_loss.html

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.5, 2.0, -3.0]), np.zeros(3)
    >>> print(portloss.huber_loss(x, t, reduction="none").round(4))
    [0.125 1.5   2.5  ]
    >>> print(portloss.huber_loss(x, t, delta=2.0, reduction="none").round(4))
    [0.125 2.    4.   ]
    """
    conv = resolve_loss_convention(convention, reduction)
    delta = check_positive_real("delta", delta)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    d = x - t
    z = absolute(xp, d)
    # Double where: the quadratic branch only sees small d (no overflow warning or inf).
    quadratic = z < delta
    dq = xp.where(quadratic, d, scalar(xp, 0.0, d))
    loss = xp.where(quadratic, 0.5 * (dq * dq), delta * (z - 0.5 * delta))
    return _finish(xp, loss, input, weight, sample_weight, conv)


@delegable
@loss_options(beta=nonnegative("beta"))
def smooth_l1_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    beta: float = 1.0,
) -> Array:
    r"""Smooth L1 loss: quadratic (scaled by ``1/beta``) below ``beta``, L1 above.

    The same numbers as ``torch.nn.functional.smooth_l1_loss``; ``beta=0`` is exactly
    ``l1_loss``, as in torch.

    Parameters
    ----------
    input : Array
        Predictions, real floating.
    target : Array
        Targets of ``input``'s shape, real floating or integer.
    {{weight:element}}
        torch's ``smooth_l1_loss`` has none: the same as ``sample_weight`` (the weighted
        ``mean`` divides by :math:`\sum w`).
    {{sample_weight}}
    {{reduction}}
    {{convention}}
    beta : Float >= 0, default 1.0
        :math:`\beta`, where the loss turns from quadratic to linear.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For ``beta < 0`` (as torch), mismatched shapes or an unknown ``reduction``.

    See Also
    --------
    huber_loss : ``beta`` times this loss with ``delta=beta``.
    l1_loss : The limit ``beta -> 0``.

    Notes
    -----
    With :math:`z_i = |x_i - y_i|`,

    .. math::

        \ell_i = w_i \begin{cases}
            \frac{z_i^2}{2\beta} & z_i < \beta \\
            z_i - \tfrac12 \beta & \text{otherwise}
        \end{cases}, \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i},

    and :math:`\ell_i = w_i z_i` for :math:`\beta = 0` (no division by zero, and a finite
    gradient).

    References
    ----------
    .. [1] R. Girshick, "Fast R-CNN", ICCV 2015.
    .. [2] torch.nn.functional.smooth_l1_loss,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.smooth_l1_loss.html

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.5, 2.0, -3.0]), np.zeros(3)
    >>> print(portloss.smooth_l1_loss(x, t, reduction="none").round(4))
    [0.125 1.5   2.5  ]
    >>> print(portloss.smooth_l1_loss(x, t, beta=0.0, reduction="none").round(4))
    [0.5 2.  3. ]
    """
    conv = resolve_loss_convention(convention, reduction)
    beta = check_positive_real("beta", beta, allow_zero=True)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    d = x - t
    z = absolute(xp, d)
    # beta is a Python option: at 0 no untaken branch divides by zero.
    if beta == 0.0:
        loss = z
    else:
        # Double where: the quadratic branch only sees small d (no overflow warning or inf).
        quadratic = z < beta
        dq = xp.where(quadratic, d, scalar(xp, 0.0, d))
        loss = xp.where(quadratic, (0.5 / beta) * (dq * dq), z - 0.5 * beta)
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


@loss_options()
def log_cosh_loss(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Logarithm of the hyperbolic cosine of the error (Keras' ``LogCosh``).

    Keras' ``log_cosh`` averages over the last axis per sample; here the loss is
    elementwise, so ``reduction="mean"`` gives Keras' default number and
    ``reduction="none"`` averaged over the last axis gives Keras' per-sample values.

    Parameters
    ----------
    input : Array
        Predictions, real floating.
    target : Array
        Targets of ``input``'s shape, real floating or integer.
    {{weight:element}}
        The same as ``sample_weight``: the weighted ``mean`` divides by :math:`\sum w`
        (Keras' count is ``convention="keras"``).
    {{sample_weight}}
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
        For mismatched shapes or an unknown ``reduction``.

    See Also
    --------
    huber_loss : Quadratic near 0 and linear beyond ``delta``.
    mse_loss, l1_loss : The two limits.

    Notes
    -----
    With :math:`d_i = x_i - y_i` and :math:`z_i = |d_i|`,

    .. math::

        \ell_i = w_i \log\cosh d_i = w_i \left(z_i + \log\left(1 + e^{-2 z_i}\right)
            - \log 2\right), \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i}.

    That form never overflows (finite value and gradient :math:`\tanh d_i` at
    :math:`|d_i| = 10^4`); below :math:`z_i = 1` the equal form
    :math:`\log(1 + 2\sinh^2(d_i/2))` is used, which keeps its relative accuracy for
    small errors where the first form cancels.

    References
    ----------
    .. [1] Keras ``LogCosh``, https://keras.io/api/losses/regression_losses/
    .. [2] P. Chen, G. Chen, S. Zhang, "Log Hyperbolic Cosine Loss Improves
       Variational Auto-Encoder", 2019.

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> x, t = np.array([0.0, 1.0, -3.0]), np.zeros(3)
    >>> print(portloss.log_cosh_loss(x, t, reduction="none").round(4))
    [0.     0.4338 2.3093]
    >>> print(f"{portloss.log_cosh_loss(np.array([1e4]), np.array([0.0])):.4f}")
    9999.3069
    >>> y_true, y_pred = np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[1.0, 1.0], [0.0, 0.0]])
    >>> print(f"{portloss.log_cosh_loss(y_pred, y_true):.6f}")
    0.108445
    """
    conv = resolve_loss_convention(convention, reduction)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    d = x - t
    z = xp.abs(d)
    small = z < 1.0
    # Double where: each branch sees only arguments where it is finite and accurate.
    d_small = xp.where(small, d, xp.zeros_like(d))
    z_large = xp.where(small, xp.ones_like(z), z)
    sinh_half = xp.sinh(0.5 * d_small)
    near = xp.log1p(2.0 * (sinh_half * sinh_half))
    far = z_large + xp.log1p(xp.exp(-2.0 * z_large)) - _LOG2
    loss = xp.where(small, near, far)
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


@convention_defaults(keras={"eps": 1e-7})
@delegable
@loss_options()
def poisson_nll_loss(
    input: Array,
    target: Array,
    /,
    *,
    log_input: bool = True,
    full: bool = False,
    eps: float = 1e-8,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Negative log-likelihood of ``target`` under a Poisson distribution of rate ``input``.

    The same numbers as ``torch.nn.functional.poisson_nll_loss`` with the same options.

    Parameters
    ----------
    input : Array
        The rate :math:`\lambda` (``log_input=False``) or its logarithm
        (``log_input=True``), real floating.
    target : Array
        Counts of ``input``'s shape, real floating or integer.
    log_input : Bool, default True
        Whether ``input`` holds :math:`\log\lambda`; Keras' ``Poisson()(y, rate)`` is
        ``poisson_nll_loss(rate, y, log_input=False, convention="keras")``.
    full : Bool, default False
        Whether to add Stirling's approximation of :math:`\log(y!)`, on entries with
        :math:`y > 1` (as torch).
    {{eps}}
        Here it is added to :math:`\lambda` inside the logarithm when
        ``log_input=False``. Under ``convention="keras"`` the default is ``1e-7``
        (Keras' ``backend.epsilon()``).
    {{weight:element}}
        torch has none: the same as ``sample_weight`` (the weighted ``mean`` divides by
        :math:`\sum w`).
    {{sample_weight}}
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
        For ``eps < 0``, mismatched shapes or an unknown ``reduction``.
    TypeError
        For a non-bool ``log_input`` or ``full``.

    See Also
    --------
    gaussian_nll_loss : The Gaussian likelihood.
    portloss.kl_div : The divergence of distributions.

    Notes
    -----
    .. math::

        \ell_i = w_i \left( e^{x_i} - y_i x_i \right) \ \text{(log\_input)}, \qquad
        \ell_i = w_i \left( x_i - y_i \log(x_i + \varepsilon) \right) \ \text{(otherwise)},

    plus, with ``full``, :math:`w_i\left(y_i \log y_i - y_i + \tfrac12 \log(2\pi y_i)\right)`
    where :math:`y_i > 1`. :math:`\text{mean} = \sum_i s_i \ell_i / \sum_i s_i`.

    References
    ----------
    .. [1] torch.nn.functional.poisson_nll_loss,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.poisson_nll_loss.html
    .. [2] Keras ``Poisson``, https://keras.io/api/losses/regression_losses/

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> log_rate, counts = np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 8.0])
    >>> print(portloss.poisson_nll_loss(log_rate, counts, reduction="none").round(4))
    [ 1.      0.7183 -8.6109]
    >>> out = portloss.poisson_nll_loss(log_rate, counts, full=True, reduction="none")
    >>> print(out.round(4))
    [1.     1.3701 1.9832]
    """
    conv = resolve_loss_convention(convention, reduction)
    log_input = check_bool_option("log_input", log_input)
    full = check_bool_option("full", full)
    eps = check_option("eps", eps)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    loss = xp.exp(x) - t * x if log_input else x - t * xp.log(x + eps)
    if full:
        counted = t > 1
        ts = xp.where(counted, t, xp.ones_like(t))  # double where: log stays finite
        stirling = ts * xp.log(ts) - ts + 0.5 * xp.log((2.0 * math.pi) * ts)
        loss = loss + xp.where(counted, stirling, xp.zeros_like(stirling))
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


def _var_shape(var_shape: tuple[int, ...], input_shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape ``var`` is viewed as, following torch's ``gaussian_nll_loss`` rules."""
    if var_shape == input_shape:
        return var_shape
    if var_shape == input_shape[:-1] and input_shape:
        return (*var_shape, 1)  # homoscedastic over the last dimension
    if len(var_shape) == len(input_shape):
        mismatched = [v for v, n in zip(var_shape, input_shape) if v != n]
        if mismatched == [1]:  # one dimension shared by broadcasting
            return var_shape
    raise ValueError(
        f"var must have input's shape {input_shape}, that shape with one dimension of "
        f"size 1, or input's shape without its last dimension {input_shape[:-1]}, "
        f"got shape {var_shape}"
    )


@delegable
@loss_options()
def gaussian_nll_loss(
    input: Array,
    target: Array,
    var: Array,
    /,
    *,
    full: bool = False,
    eps: float = 1e-6,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Negative log-likelihood of ``target`` under a Gaussian of mean ``input``, variance ``var``.

    The same numbers and gradients as ``torch.nn.functional.gaussian_nll_loss``.

    Parameters
    ----------
    input : Array
        The mean :math:`\mu`, real floating.
    target : Array
        Samples of ``input``'s shape, real floating or integer.
    var : Array or float
        The variance :math:`\sigma^2`: an array of ``input``'s shape, of ``input``'s
        shape with one dimension of size 1 (e.g. the last), or of ``input``'s shape
        without its last dimension (one variance per sample); or a Python number.
        Negative entries raise for NumPy arrays and Python numbers and give NaN
        elsewhere (a check would need a host sync).
    full : Bool, default False
        Whether to add the constant :math:`\tfrac12\log 2\pi`.
    {{eps}}
        Here the variance is clamped at ``eps`` from below. As torch, the clamp is invisible to
        autodiff: the gradient with respect to ``var`` is the gradient at the clamped value.
    {{weight:element}}
        torch has none: the same as ``sample_weight`` (the weighted ``mean`` divides by
        :math:`\sum w`).
    {{sample_weight}}
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
        For a ``var`` of another shape, a negative ``var`` (NumPy or Python number),
        ``eps < 0``, mismatched ``input`` and ``target`` or an unknown ``reduction``.

    See Also
    --------
    poisson_nll_loss : The Poisson likelihood.
    mse_loss : The loss at a constant variance, up to scale.

    Notes
    -----
    With :math:`v_i = \max(\sigma^2_i, \varepsilon)` broadcast to ``input``,

    .. math::

        \ell_i = \frac{w_i}{2} \left( \log v_i + \frac{(x_i - y_i)^2}{v_i}
            \right) \left[ + \frac{w_i}{2}\log 2\pi \right], \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i}.

    References
    ----------
    .. [1] D. A. Nix, A. S. Weigend, "Estimating the mean and variance of the target
       probability distribution", ICNN 1994.
    .. [2] torch.nn.functional.gaussian_nll_loss,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.gaussian_nll_loss.html

    Shape
    -----
    - input, target: :math:`(N, *)` or any shape.
    - var: input's shape, input's shape with one dimension 1, or :math:`(N, *)` without
      its last dimension, or a number.
    - output: scalar, or input's shape for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> mu, y = np.array([[0.0, 1.0], [2.0, 2.0]]), np.array([[0.5, 1.0], [1.0, 2.0]])
    >>> print(f"{portloss.gaussian_nll_loss(mu, y, np.ones((2, 2))):.6f}")
    0.156250
    >>> print(portloss.gaussian_nll_loss(mu, y, np.array([1.0, 4.0]), reduction="none").round(4))
    [[0.125  0.    ]
     [0.8181 0.6931]]
    >>> print(f"{portloss.gaussian_nll_loss(mu, y, 2.0, full=True):.6f}")
    1.343637
    """
    conv = resolve_loss_convention(convention, reduction)
    full = check_bool_option("full", full)
    eps = check_option("eps", eps)
    var_is_array = isinstance(var, bool) or not isinstance(var, numbers.Real)
    if not var_is_array:
        var = check_positive_real("var", var, allow_zero=True, allow_inf=True)
    # A scalar var is no array argument; var=None must be named as a missing array.
    more = {"var": var} if var_is_array else {}
    xp, dtype, x, t = _prepare(input, target, weight, sample_weight, conv, **more)
    if var_is_array:
        if not xp.isdtype(var.dtype, ("real floating", "integral")):
            raise TypeError(f"var must have a real dtype, got {var.dtype}")
        shape = _var_shape(tuple(var.shape), tuple(input.shape))
        if host_values(var) and bool((var < 0).any()):
            raise ValueError("var must be non-negative, got negative entries")
        v = to_dtype(xp, var, dtype)
        if shape != tuple(v.shape):
            v = xp.reshape(v, shape)
    else:
        v = xp.full_like(x, var)
    # torch clamps under no_grad: the value of max(v, eps), the gradient of v.
    clamped = v + stop_gradient(xp, xp.clip(v, min=eps) - v)
    d = x - t
    loss = 0.5 * (xp.log(clamped) + (d * d) / clamped)
    # A negative variance has no likelihood: NaN, never a finite wrong number.
    loss = xp.where(v < 0, xp.full_like(loss, xp.nan), loss)
    if full:
        loss = loss + 0.5 * math.log(2.0 * math.pi)
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


@loss_options()
def mean_absolute_percentage_error(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    eps: float = _KERAS_EPSILON,
) -> Array:
    r"""Mean absolute percentage error (Keras' ``MeanAbsolutePercentageError``).

    Keras' definition: the error relative to :math:`\max(|y|, \varepsilon)`, in percent.
    Keras averages over the last axis per sample; here the loss is elementwise, so
    ``reduction="mean"`` gives Keras' default number.

    Parameters
    ----------
    input : Array
        Predictions :math:`\hat y`, real floating.
    target : Array
        Targets :math:`y` of ``input``'s shape, real floating or integer.
    {{weight:element}}
        The same as ``sample_weight``: the weighted ``mean`` divides by :math:`\sum w`
        (Keras' count is ``convention="keras"``).
    {{sample_weight}}
    {{reduction}}
    {{convention}}
    {{eps}}
        Here it is the smallest denominator, Keras' ``backend.epsilon()``.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For ``eps < 0``, mismatched shapes or an unknown ``reduction``.

    See Also
    --------
    l1_loss : The absolute error.
    mean_squared_logarithmic_error : A relative error of another form.

    Notes
    -----
    .. math::

        \ell_i = 100\, w_i \frac{|y_i - \hat y_i|}{\max(|y_i|, \varepsilon)}, \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i}.

    References
    ----------
    .. [1] Keras ``MeanAbsolutePercentageError``, https://keras.io/api/losses/regression_losses/

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> y_true, y_pred = np.array([[2.0, 1.0], [2.0, 3.0]]), np.array([[1.0, 1.0], [1.0, 0.0]])
    >>> print(f"{portloss.mean_absolute_percentage_error(y_pred, y_true):.4f}")
    50.0000
    """
    conv = resolve_loss_convention(convention, reduction)
    eps = check_option("eps", eps)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    denominator = xp.clip(absolute(xp, t), min=eps)
    loss = 100.0 * (absolute(xp, t - x) / denominator)
    return _finish(xp, loss, input, weight, sample_weight, conv, weight_in_mean=True)


@loss_options()
def mean_squared_logarithmic_error(
    input: Array,
    target: Array,
    /,
    *,
    weight: Array = None,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    eps: float = _KERAS_EPSILON,
) -> Array:
    r"""Mean squared logarithmic error (Keras' ``MeanSquaredLogarithmicError``).

    Keras' definition: both sides are clamped at :math:`\varepsilon` from below before
    :math:`\log(1 + \cdot)`. Keras averages over the last axis per sample; here the
    loss is elementwise, so ``reduction="mean"`` gives Keras' default number.

    Parameters
    ----------
    input : Array
        Predictions :math:`\hat y`, real floating.
    target : Array
        Targets :math:`y` of ``input``'s shape, real floating or integer.
    {{weight:element}}
        The same as ``sample_weight``: the weighted ``mean`` divides by :math:`\sum w`
        (Keras' count is ``convention="keras"``).
    {{sample_weight}}
    {{reduction}}
    {{convention}}
    {{eps}}
        Here it is the clamp of both sides, Keras' ``backend.epsilon()``.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For ``eps < 0``, mismatched shapes or an unknown ``reduction``.

    See Also
    --------
    mse_loss : The squared error.
    mean_absolute_percentage_error : A relative error of another form.

    Notes
    -----
    .. math::

        \ell_i = w_i \left( \log(1 + \max(\hat y_i, \varepsilon))
            - \log(1 + \max(y_i, \varepsilon)) \right)^2, \qquad
        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i w_i}.

    ``log1p`` is used where Keras writes ``log(x + 1)``: the same function, more
    accurate for small values. A prediction below :math:`\varepsilon` gets no
    gradient (the clamp), as in Keras.

    References
    ----------
    .. [1] Keras ``MeanSquaredLogarithmicError``, https://keras.io/api/losses/regression_losses/

    Shape
    -----
    - input, target: any shape :math:`(*)`.
    - weight: broadcastable to :math:`(*)` (trailing dimensions aligned).
    - sample_weight: :math:`(*)` with any dimension of size 1.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> y_true, y_pred = np.array([[0.0, 1.0], [0.0, 0.0]]), np.array([[1.0, 1.0], [1.0, 0.0]])
    >>> print(f"{portloss.mean_squared_logarithmic_error(y_pred, y_true):.4f}")
    0.2402
    """
    conv = resolve_loss_convention(convention, reduction)
    eps = check_option("eps", eps)
    xp, _, x, t = _prepare(input, target, weight, sample_weight, conv)
    # A where, not clip: torch's clip has a zero gradient at NaN, which would hide it.
    d = xp.log1p(_at_least(xp, x, eps)) - xp.log1p(_at_least(xp, t, eps))
    return _finish(xp, d * d, input, weight, sample_weight, conv, weight_in_mean=True)


def _at_least(xp: Any, x: Any, low: float) -> Any:
    """``max(x, low)`` that keeps NaN, with gradient 1 above ``low`` (and at NaN)."""
    return xp.where(x < low, xp.full_like(x, low), x)
