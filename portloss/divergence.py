"""Divergences between distributions: Kullback-Leibler (torch's ``kl_div``) and Jensen-Shannon.

``kl_div`` follows torch by default; ``convention="keras"`` gives Keras'
``KLDivergence`` (the per-sample loss sums over the last axis and the probabilities are
clipped to ``[1e-7, 1]``). ``js_divergence`` is the same under every convention, which
changes only its reduction rules.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, get_args

from ._backends import delegable
from ._checks import (
    check_axis,
    check_bool_option,
    check_real_floating,
    check_same_shape,
    check_sample_weight,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import KL_REDUCTION, loss_options
from ._primitives import relu
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, KLReduction, Reduction
from .conventions import resolve_loss_convention

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
    log_input: bool = True,
    convention: ConventionName = "torch",
    probability_clip: float | None = None,
) -> Array:
    r"""Kullback-Leibler divergence of ``input`` (log-probabilities) from ``target``.

    The same numbers as ``torch.nn.functional.kl_div`` with the same options: ``input``
    holds log-probabilities, ``target`` probabilities (or log-probabilities with
    ``log_target=True``), and the pointwise terms are reduced over *all* elements.
    ``reduction="batchmean"`` is the KL divergence per sample; torch's default
    ``"mean"`` also divides by the number of classes. With ``convention="keras"``,
    ``kl_div(y_pred, y_true, log_input=False, convention="keras")`` is Keras'
    ``KLDivergence`` (the per-sample loss sums over the last axis; probabilities
    clipped at ``1e-7``).

    Parameters
    ----------
    input : array
        Log-probabilities :math:`x = \log q` (probabilities :math:`q` with
        ``log_input=False``), real floating.
    target : array
        Probabilities :math:`p` (or :math:`\log p` with ``log_target``), ``input``'s
        shape, real floating.
    {{sample_weight}}
        It enters the ``"batchmean"`` denominator too.
    {{reduction}}
    log_target : bool, default False
        Whether ``target`` holds log-probabilities.
    log_input : bool, default True
        Whether ``input`` holds log-probabilities (torch); ``False``: probabilities
        :math:`q`, whose log is taken here (after the clip, if any), as Keras'
        ``KLDivergence``.
    {{convention}}
        ``"keras"`` also sums the pointwise terms over the last axis (Keras' per-sample
        loss: ``"none"`` returns ``input.shape[:-1]``) and clips (``probability_clip``).
    {{probability_clip}}
        Here both distributions are clipped to :math:`[\epsilon, 1]`, as Keras:
        ``target`` (:math:`[\log\epsilon, 0]` with ``log_target``) and ``input`` to
        :math:`[\log\epsilon, 0]`.

    Returns
    -------
    array
        0-d, or ``input``'s shape for ``"none"`` (``input.shape[:-1]`` under
        ``convention="keras"``); the dtype of ``input``.

    Raises
    ------
    ValueError
        When ``target`` does not have ``input``'s shape or an option is unknown.
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
    first dimension and :math:`M` the number of entries of the unreduced loss,

    .. math::

        \text{mean} = \frac{\sum_i s_i \ell_i}{\sum_i s_i}, \qquad
        \text{batchmean} = \frac{M}{N}\,\text{mean}
        \ \Big(= \tfrac1N \textstyle\sum_i \ell_i \text{ without weights}\Big).

    As in torch, ``"batchmean"`` divides by ``input.shape[0]`` whatever the number of
    dimensions: for 1-D input it equals ``"mean"``, for 0-d input it is the sum. The
    gradient with respect to ``target`` at :math:`p_i = 0` is
    :math:`-x_i` here (torch: NaN).

    Keras' ``KLDivergence`` takes probabilities :math:`q` for ``y_pred``
    (``log_input=False``). Its per-sample loss is
    :math:`\sum_c \tilde p_c (\log \tilde p_c - \log \tilde q_c)` with
    :math:`\tilde p = \operatorname{clip}(p, \epsilon, 1)` and likewise :math:`\tilde q`.

    Shape
    -----
    - input: any shape :math:`(*)`, usually :math:`(N, C)`.
    - target: :math:`(*)`, the shape of ``input``.
    - output: scalar, or :math:`(*)` for ``reduction="none"`` (:math:`(*)` without its
      last axis under ``convention="keras"``).

    See Also
    --------
    js_divergence : The symmetric, bounded Jensen-Shannon divergence.
    cross_entropy : Cross entropy with probability targets (KL plus the target entropy).

    References
    ----------
    .. [1] S. Kullback and R. A. Leibler, "On Information and Sufficiency", Annals of
       Mathematical Statistics 22(1), 79-86, 1951.
    .. [2] PyTorch, ``torch.nn.functional.kl_div``,
       https://pytorch.org/docs/stable/generated/torch.nn.functional.kl_div.html
    .. [3] Keras, ``keras.losses.KLDivergence``,
       https://keras.io/api/losses/probabilistic_losses/#kldivergence-class

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
    >>> keras = portloss.kl_div(np.exp(q), p, log_input=False, convention="keras", reduction="none")
    >>> print(keras.round(4))
    [0.6931 0.    ]
    """
    conv = resolve_loss_convention(
        convention, reduction, reductions=get_args(KLReduction), probability_clip=probability_clip
    )
    log_target = check_bool_option("log_target", log_target)
    log_input = check_bool_option("log_input", log_input)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    check_real_floating(xp, "target", target)
    check_same_shape("target", target, "input", input)
    # Keras' per-sample loss sums over the last axis (a 0-d input has none to sum).
    per_sample = conv.last_axis == "mean" and input.ndim >= 1
    shape = tuple(input.shape[:-1]) if per_sample else tuple(input.shape)
    check_sample_weight(xp, sample_weight, shape, conv=conv)

    dtype = compute_dtype(xp, input.dtype)
    x, t = to_dtype(xp, input, dtype), to_dtype(xp, target, dtype)
    if not log_input:
        if conv.probability_clip > 0:
            x = xp.clip(x, min=conv.probability_clip, max=1.0)
        x = xp.log(x)
    if conv.probability_clip > 0:
        log_clip = math.log(conv.probability_clip)
        x = xp.clip(x, min=log_clip, max=0.0)
        t = (
            xp.clip(t, min=log_clip, max=0.0)
            if log_target
            else xp.clip(t, min=conv.probability_clip, max=1.0)
        )
    loss = _kl_terms(xp, x, t, log_target)
    if per_sample:
        loss = xp.sum(loss, axis=-1)
    return _kl_reduce(xp, loss, conv, sample_weight, tuple(input.shape), input.dtype)


def _kl_terms(xp: Any, x: Any, t: Any, log_target: bool) -> Any:
    """The pointwise terms of ``kl_div``."""
    if log_target:
        # p = 0 (a log-target of -inf) contributes 0, as it does with log_target=False;
        # double where, so neither 0 * inf nor its gradient appears.
        zero = t == -math.inf
        safe = xp.where(zero, xp.zeros_like(t), t)
        return xp.where(zero, xp.zeros_like(t), xp.exp(safe) * (safe - x))
    return _xlogx(xp, t) - t * x


def _kl_reduce(
    xp: Any, loss: Any, conv: Any, sample_weight: Any, input_shape: Any, dtype: Any
) -> Any:
    """``reduce_loss``, with ``"batchmean"``: the mean times ``M / N`` (torch's sum / N)."""
    if conv.reduction != "batchmean":
        return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=dtype)
    numel, rows = math.prod(loss.shape), (input_shape[0] if input_shape else 1)
    if loss.ndim == 0 or (numel and rows):
        # M / N: 1 for a 0-d loss (the sum), the number of entries per row otherwise
        scale = numel / rows if loss.ndim else 1.0
        mean_or_sum = replace(conv, reduction="mean" if loss.ndim else "sum")
        out = reduce_loss(xp, loss, conv=mean_or_sum, sample_weight=sample_weight)
        return to_dtype(xp, out * scale if scale != 1.0 else out, dtype)
    # no entry: torch's 0 / N, which is NaN for N == 0 and 0 otherwise
    mean_or_sum = replace(conv, reduction="mean" if rows == 0 else "sum")
    return reduce_loss(xp, loss, conv=mean_or_sum, sample_weight=sample_weight, dtype=dtype)


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
    convention: ConventionName = "torch",
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
    log_input : bool, default True
        Whether ``input`` holds log-probabilities (torch); ``False``: probabilities
        :math:`q`, whose log is taken here (after the clip, if any), as Keras'
        ``KLDivergence``. Under ``convention="keras"`` the default is ``False``.
    {{axis}}
        The divergence sums over it.
    {{sample_weight}}
        One per distribution: ``input``'s shape without ``axis``.
    {{reduction}}
    {{convention}}
        torch and Keras have no Jensen-Shannon loss; the divergence is the same under
        every convention.

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

    See Also
    --------
    kl_div : The Kullback-Leibler divergence (torch's ``kl_div``).

    References
    ----------
    .. [1] J. Lin, "Divergence measures based on the Shannon entropy", IEEE Transactions
       on Information Theory 37(1), 145-151, 1991.
    .. [2] SciPy, ``scipy.spatial.distance.jensenshannon`` (the square root of this
       divergence), https://docs.scipy.org/doc/scipy/reference/generated/scipy.spatial.distance.jensenshannon.html

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
    conv = resolve_loss_convention(convention, reduction)
    log_input = check_bool_option("log_input", log_input)
    log_target = check_bool_option("log_target", log_target)
    log_input = check_bool_option("log_input", log_input)
    xp = array_namespace(input=input, target=target, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    check_real_floating(xp, "target", target)
    check_same_shape("target", target, "input", input)
    if input.ndim == 0:
        raise ValueError("input must have at least one dimension (the class axis), got 0-d")
    axis = check_axis(axis, input.ndim)
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)

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
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=input.dtype)


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
