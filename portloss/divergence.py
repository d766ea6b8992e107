"""Divergences between distributions: Kullback-Leibler (torch's ``kl_div``) and Jensen-Shannon."""

from __future__ import annotations

import math
from typing import Any

from ._backends import delegable
from ._checks import (
    check_axis,
    check_bool_option,
    check_real_floating,
    check_same_shape,
    check_sample_weight,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import KL_REDUCTION, check_option, loss_options
from ._primitives import relu
from ._reduction import reduce_loss
from ._typing import Array, KLReduction, Reduction

__all__ = ["js_divergence", "kl_div"]

_LOG2 = math.log(2.0)


def _xlogx(xp: Any, t: Any) -> Any:
    """``t * log(t)`` with 0 at ``t == 0`` (and a finite gradient there); NaN for ``t < 0``."""
    positive = (t > 0) | xp.isnan(t)  # a NaN reaches the log: NaN, as torch's xlogy
    safe = xp.where(positive, t, xp.ones_like(t))  # double where: no log(0) in any branch
    out = xp.where(positive, t * xp.log(safe), xp.zeros_like(t))
    return xp.where(t < 0, xp.full_like(t, xp.nan), out)


@delegable
@loss_options(reduction=KL_REDUCTION)
def kl_div(
    input: Array,
    target: Array,
    /,
    *,
    sample_weight: Array = None,
    reduction: KLReduction = "mean",
    log_target: bool = False,
) -> Array:
    r"""Kullback-Leibler divergence of ``input`` (log-probabilities) from ``target``.

    The same numbers as ``torch.nn.functional.kl_div`` with the same options: ``input``
    holds log-probabilities, ``target`` probabilities (or log-probabilities with
    ``log_target=True``), and the pointwise terms are reduced over *all* elements.
    ``reduction="batchmean"`` is the KL divergence per sample; torch's default
    ``"mean"`` also divides by the number of classes.

    Parameters
    ----------
    input : array
        Log-probabilities :math:`x = \log q`, real floating.
    target : array
        Probabilities :math:`p` (or :math:`\log p` with ``log_target``), ``input``'s
        shape, real floating.
    {{sample_weight}}
        It enters the ``"batchmean"`` denominator too.
    {{reduction}}
    log_target : bool, default False
        Whether ``target`` holds log-probabilities.

    Returns
    -------
    array
        0-d, or ``input``'s shape for ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        When ``target`` does not have ``input``'s shape or ``reduction`` is unknown.
    TypeError
        For non-floating arrays or a non-bool ``log_target``.

    Notes
    -----
    Pointwise, with the convention :math:`0 \log 0 = 0` (torch's ``xlogy``),

    .. math::

        \ell_i = p_i (\log p_i - x_i) \ \text{(probabilities)}, \qquad
        \ell_i = e^{y_i} (y_i - x_i) \ \text{(log\_target, } y = \log p\text{)}.

    A negative target probability gives NaN, as in torch. A log-target of
    :math:`-\infty` (:math:`p_i = 0`) contributes 0, as :math:`p_i = 0` does without
    ``log_target`` (torch returns NaN there, :math:`0 \cdot \infty`). With :math:`N` the size of the
    first dimension and :math:`M` the number of elements,

    .. math::

        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i}, \qquad
        \text{batchmean} = \frac{\sum_i s_i \ell_i}{\frac{N}{M}\sum_i s_i}
        \ \Big(= \tfrac1N \textstyle\sum_i \ell_i \text{ without weights}\Big).

    As in torch, ``"batchmean"`` divides by ``input.shape[0]`` whatever the number of
    dimensions: for 1-D input it equals ``"mean"``, for 0-d input it is the sum. The
    gradient with respect to ``target`` at :math:`p_i = 0` is
    :math:`-x_i` here (torch: NaN).

    Shape
    -----
    - input: any shape :math:`(*)`, usually :math:`(N, C)`.
    - target: :math:`(*)`, the shape of ``input``.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> q = np.log(np.array([[0.25, 0.25, 0.5], [0.1, 0.2, 0.7]]))
    >>> p = np.array([[0.5, 0.5, 0.0], [0.1, 0.2, 0.7]])
    >>> print(f"{portloss.kl_div(q, p, reduction='batchmean'):.6f}")
    0.346574
    >>> print(f"{portloss.kl_div(q, p):.6f}")
    0.115525
    >>> print(portloss.kl_div(q, p, reduction="none").round(4)[0])
    [0.3466 0.3466 0.    ]
    >>> log_p = np.log(np.array([[0.5, 0.25, 0.25]]))
    >>> print(f"{portloss.kl_div(q[:1], log_p, log_target=True, reduction='sum'):.6f}")
    0.173287
    """
    reduction = KL_REDUCTION.check(reduction)
    log_target = check_bool_option("log_target", log_target)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    check_real_floating(xp, "target", target)
    check_same_shape("target", target, "input", input)
    shape = tuple(input.shape)
    check_sample_weight(xp, sample_weight, shape)

    dtype = compute_dtype(xp, input.dtype)
    x, t = to_dtype(xp, input, dtype), to_dtype(xp, target, dtype)
    if log_target:
        # p = 0 (a log-target of -inf) contributes 0, as it does with log_target=False;
        # double where, so neither 0 * inf nor its gradient appears.
        zero = t == -math.inf
        safe = xp.where(zero, xp.zeros_like(t), t)
        loss = xp.where(zero, xp.zeros_like(t), xp.exp(safe) * (safe - x))
    else:
        loss = _xlogx(xp, t) - t * x

    if reduction == "batchmean" and shape:
        numel = math.prod(shape)
        if numel:
            # each element's share of the denominator: sum of shares = N without weights
            share = xp.full_like(loss, shape[0] / numel)
            out = reduce_loss(
                xp, loss, reduction="mean", sample_weight=sample_weight, mean_weight=share
            )
        else:  # torch: 0 / N, which is NaN for N == 0
            mean_or_sum = "mean" if shape[0] == 0 else "sum"
            out = reduce_loss(xp, loss, reduction=mean_or_sum, sample_weight=sample_weight)
    else:
        out = reduce_loss(
            xp,
            loss,
            reduction="sum" if reduction == "batchmean" else reduction,
            sample_weight=sample_weight,
        )
    return to_dtype(xp, out, input.dtype)


def _log_and_prob(xp: Any, a: Any, is_log: bool) -> tuple[Any, Any, Any]:
    """``(log p, p, p > 0)`` for probabilities or log-probabilities ``a``.

    ``log p`` is only meaningful where ``p > 0``; elsewhere it is a finite stand-in.
    """
    # A NaN counts as positive, so that it reaches the logarithms and the loss.
    if is_log:
        p = xp.exp(a)
        positive = (p > 0) | xp.isnan(p)
        return xp.where(positive, a, xp.zeros_like(a)), p, positive
    positive = (a > 0) | xp.isnan(a)
    return xp.log(xp.where(positive, a, xp.ones_like(a))), a, positive


@loss_options()
def js_divergence(
    input: Array,
    target: Array,
    /,
    *,
    log_input: bool = False,
    log_target: bool = False,
    axis: int = -1,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
) -> Array:
    r"""Jensen-Shannon divergence between two distributions along ``axis`` (natural log).

    Symmetric and bounded by :math:`\log 2`; torch, Keras and optax have no peer.

    Parameters
    ----------
    input : array
        Probabilities :math:`p` (or :math:`\log p` with ``log_input``), real floating,
        with the classes along ``axis``.
    target : array
        Probabilities :math:`q` (or :math:`\log q` with ``log_target``), ``input``'s
        shape, real floating.
    log_input : bool, default False
        Whether ``input`` holds log-probabilities.
    log_target : bool, default False
        Whether ``target`` holds log-probabilities.
    {{axis}}
        The divergence sums over it.
    {{sample_weight}}
        One per distribution: ``input``'s shape without ``axis``.
    {{reduction}}

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, ``input``'s shape without ``axis`` for
        ``"none"``; the dtype of ``input``.

    Raises
    ------
    ValueError
        When ``target`` does not have ``input``'s shape, ``input`` is 0-d, or an option
        is unknown.

    Notes
    -----
    With :math:`m = \tfrac12 (p + q)` and :math:`0 \log 0 = 0`,

    .. math::

        \mathrm{JS}_n = \tfrac12 \sum_c p_{nc} \log\frac{p_{nc}}{m_{nc}}
            + \tfrac12 \sum_c q_{nc} \log\frac{q_{nc}}{m_{nc}}, \qquad
        \text{mean} = \frac{\sum_n s_n \mathrm{JS}_n}{\sum_n s_n}.

    With log-probabilities :math:`\log m` is computed as
    :math:`\operatorname{logaddexp}(\log p, \log q) - \log 2`. Rows need not be
    normalized (no check); a negative probability gives NaN. Where :math:`p_{nc} = 0`
    the exact gradient is :math:`-\infty`; the one returned is finite (the zero term is
    a constant).

    Shape
    -----
    - input, target: :math:`(N, C)`, :math:`(C)` or any shape with the classes at
      ``axis``.
    - sample_weight: input's shape without ``axis``, dimensions of size 1 allowed.
    - output: scalar, or input's shape without ``axis`` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> p = np.array([[1.0, 0.0], [0.5, 0.5]])
    >>> q = np.array([[0.0, 1.0], [0.9, 0.1]])
    >>> print(portloss.js_divergence(p, q, reduction="none").round(6))
    [0.693147 0.101749]
    >>> log_p = np.array([[0.0, -np.inf], [np.log(0.5), np.log(0.5)]])
    >>> out = portloss.js_divergence(log_p, q, log_input=True, reduction="none")
    >>> print(out.round(6))
    [0.693147 0.101749]
    """
    reduction = check_option("reduction", reduction)
    log_input = check_bool_option("log_input", log_input)
    log_target = check_bool_option("log_target", log_target)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    check_real_floating(xp, "target", target)
    check_same_shape("target", target, "input", input)
    if input.ndim == 0:
        raise ValueError("input must have at least one dimension (the class axis), got 0-d")
    axis = check_axis(axis, input.ndim)
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape)

    dtype = compute_dtype(xp, input.dtype)
    log_p, p, p_pos = _log_and_prob(xp, to_dtype(xp, input, dtype), log_input)
    log_q, q, q_pos = _log_and_prob(xp, to_dtype(xp, target, dtype), log_target)
    m_pos = p_pos | q_pos
    if log_input or log_target:
        log_m = _logaddexp(
            xp, _log_or_floor(xp, log_p, p_pos, m_pos), _log_or_floor(xp, log_q, q_pos, m_pos)
        )
        log_m = log_m - _LOG2
    else:
        m = 0.5 * (p + q)
        log_m = xp.log(xp.where(m > 0, m, xp.ones_like(m)))
    log_m = xp.where(m_pos, log_m, xp.zeros_like(log_m))
    zero = xp.zeros_like(p)
    terms = xp.where(p_pos, p * (log_p - log_m), zero) + xp.where(q_pos, q * (log_q - log_m), zero)
    # A negative probability: NaN, not a finite wrong number.
    terms = xp.where((p < 0) | (q < 0), xp.full_like(terms, xp.nan), terms)
    # Rounding can leave a tiny negative sum where p and q nearly agree; JS >= 0.
    loss = relu(xp, 0.5 * xp.sum(terms, axis=axis))
    out = reduce_loss(xp, loss, reduction=reduction, sample_weight=sample_weight)
    return to_dtype(xp, out, input.dtype)


def _logaddexp(xp: Any, a: Any, b: Any) -> Any:
    """``log(e^a + e^b)`` for ``a``, ``b`` not both ``-inf``; NaN in, NaN out.

    NumPy's ``logaddexp`` warns on a NaN; this form does not, and its gradient is 1/2
    to each side where they are equal.
    """
    first = a >= b
    big = xp.where(first, a, b)
    small = xp.where(first, b, a)
    return big + xp.log1p(xp.exp(small - big))


def _log_or_floor(xp: Any, log_p: Any, positive: Any, either: Any) -> Any:
    """``log p`` where ``p > 0``, ``-inf`` where only the other distribution is positive
    (``logaddexp`` then returns the other term), 0 where neither is (masked later; a
    finite stand-in keeps ``logaddexp``'s gradient finite)."""
    floor = xp.where(either, xp.full_like(log_p, -xp.inf), xp.zeros_like(log_p))
    return xp.where(positive, log_p, floor)
