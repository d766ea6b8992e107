"""Knowledge distillation over a vocabulary: the generalized Jensen-Shannon divergence
(GKD, Liger's ``LigerJSD``, TRL's ``generalized_jsd_loss``) and Hinton's
temperature-scaled KL divergence, per token position, on student and teacher logits."""

from __future__ import annotations

import math
from typing import Any

from ._checks import (
    check_integer,
    check_positive_real,
    check_real_floating,
    check_same_shape,
    check_sample_weight,
    check_unit_interval,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import Option, loss_options
from ._primitives import log_softmax
from ._reduction import reduce_loss
from ._typing import Array, ConventionName, EmptyMean, Reduction
from .conventions import resolve_loss_convention
from .vocabulary import default_chunk_size

__all__ = ["generalized_jsd_loss", "hinton_distillation_loss"]

_TEMPERATURE = Option(
    "temperature",
    lambda value: check_positive_real("temperature", value),
    "temperature : float, default 1.0\n    :math:`T > 0`: both logits are divided by it "
    "before the softmax.",
)


def _kl_terms(xp: Any, log_a: Any, log_b: Any) -> Any:
    """``a * (log a - log b)`` per class, 0 where ``log a == -inf`` (a masked class).

    Double where: a masked class computes neither ``0 * inf`` nor its gradient. A NaN
    is not ``-inf`` and reaches the result.
    """
    zero = log_a == -math.inf
    zeros = xp.zeros_like(log_a)  # one array of zeros for the three wheres
    safe_a = xp.where(zero, zeros, log_a)
    same = tuple(log_b.shape) == tuple(log_a.shape) and log_b.dtype == log_a.dtype
    safe_b = xp.where(zero, zeros if same else xp.zeros_like(log_b), log_b)
    return xp.where(zero, zeros, xp.exp(safe_a) * (safe_a - safe_b))


def _log_mixture(xp: Any, log_q: Any, log_p: Any, beta: float) -> Any:
    """``log(beta * p + (1 - beta) * q)`` for ``0 < beta < 1`` in log space, so that
    probabilities that underflow keep a finite logarithm (a logaddexp)."""
    a = log_q + math.log1p(-beta)
    b = log_p + math.log(beta)
    first = (a >= b) | xp.isnan(a)
    big = xp.where(first, a, b)
    small = xp.where(first, b, a)
    # Both -inf (a class masked in both): any finite stand-in; _kl_terms masks it.
    both = big == -math.inf
    big = xp.where(both, xp.zeros_like(big), big)
    small = xp.where(both, xp.zeros_like(small), small)
    return big + xp.log1p(xp.exp(small - big))


def _block_terms(xp: Any, log_q: Any, log_p: Any, beta: float) -> Any:
    """Per-class generalized JSD terms of student ``log_q`` and teacher ``log_p``, with
    Liger's ends: ``beta = 0`` is KL(p || q), ``beta = 1`` KL(q || p)."""
    if beta == 0.0:
        return _kl_terms(xp, log_p, log_q)
    if beta == 1.0:
        return _kl_terms(xp, log_q, log_p)
    log_m = _log_mixture(xp, log_q, log_p, beta)
    return beta * _kl_terms(xp, log_p, log_m) + (1.0 - beta) * _kl_terms(xp, log_q, log_m)


def _token_terms(xp: Any, log_q: Any, log_p: Any, beta: float) -> Any:
    """Per-token generalized JSD, summed over blocks of the last (vocabulary) axis.

    A block holds at most :func:`default_chunk_size` values (a sixteenth of the
    array, at least 4 M), so the forward pass's temporaries (masks, the mixture's
    logarithm, the products) are one block's, not the array's; the blocks are static
    slices, so ``jax.jit`` and Dask see a fixed program.
    """
    classes = log_q.shape[-1]
    rows = math.prod(log_q.shape[:-1])
    cols = max(1, default_chunk_size(rows, classes) // max(rows, 1))
    total = None
    for start in range(0, classes, cols):
        block = slice(start, min(start + cols, classes))
        part = xp.sum(_block_terms(xp, log_q[..., block], log_p[..., block], beta), axis=-1)
        total = part if total is None else total + part
    return total


def _log_softmaxes(xp: Any, input: Any, target: Any, temperature: float) -> tuple[Any, Any]:
    """``log_softmax(input / T)`` and ``log_softmax(target / T)`` in the compute dtype
    (a helper, so that the scaled copies are dropped once the softmaxes exist)."""
    dtype = compute_dtype(xp, input.dtype)

    def scaled_log_softmax(logits: Any) -> Any:
        x = to_dtype(xp, logits, dtype)
        return log_softmax(xp, x if temperature == 1.0 else x / temperature, axis=-1)

    # One after the other: the first one's temporaries are gone when the second starts.
    return scaled_log_softmax(input), scaled_log_softmax(target)


def _distillation(
    input: Any,
    target: Any,
    labels: Any,
    *,
    beta: float,
    temperature: float,
    scale: float,
    ignore_index: int,
    sample_weight: Any,
    reduction: str,
    convention: str,
    empty_mean: str | None,
) -> Any:
    """The shared body: checks, the two log-softmaxes, the token terms, the reduction."""
    conv = resolve_loss_convention(convention, reduction, empty_mean=empty_mean)
    ignore_index = check_integer("ignore_index", ignore_index)
    given = {"labels": labels} if labels is not None else {}
    xp = array_namespace(input=input, target=target, **given, sample_weight=sample_weight)
    check_real_floating(xp, "input", input)
    check_real_floating(xp, "target", target)
    check_same_shape("target", target, "input", input)
    if input.ndim == 0:
        raise ValueError("input must have at least one dimension (the vocabulary), got 0-d")
    loss_shape = tuple(input.shape[:-1])
    valid = None
    if labels is not None:
        if not xp.isdtype(labels.dtype, "integral"):
            raise TypeError(f"labels must have an integer dtype, got {labels.dtype}")
        if tuple(labels.shape) != loss_shape:
            raise ValueError(
                f"labels must have input's shape without its last (vocabulary) axis, "
                f"{loss_shape}, got shape {tuple(labels.shape)}"
            )
        valid = labels != ignore_index
    check_sample_weight(xp, sample_weight, loss_shape, conv=conv)

    log_q, log_p = _log_softmaxes(xp, input, target, temperature)
    loss = _token_terms(xp, log_q, log_p, beta)
    del log_q, log_p
    if scale != 1.0:
        loss = scale * loss
    return reduce_loss(
        xp, loss, conv=conv, valid=valid, sample_weight=sample_weight, dtype=input.dtype
    )


@loss_options(
    beta=lambda value: check_unit_interval("beta", value),
    temperature=_TEMPERATURE,
)
def generalized_jsd_loss(
    input: Array,
    target: Array,
    labels: Array = None,
    /,
    *,
    beta: float = 0.5,
    temperature: float = 1.0,
    ignore_index: int = -100,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    empty_mean: EmptyMean | None = None,
) -> Array:
    r"""Generalized Jensen-Shannon divergence between a student and a teacher, per token.

    The distillation loss of GKD (Agarwal et al., 2024), with the numbers of
    Liger-Kernel's ``LigerJSD`` / ``LigerFusedLinearJSDLoss`` and TRL's
    ``GKDTrainer.generalized_jsd_loss``: ``beta = 0`` is the forward KL divergence
    :math:`\mathrm{KL}(p \,\|\, q)` and ``beta = 1`` the reverse one
    :math:`\mathrm{KL}(q \,\|\, p)` (:math:`p` the teacher, :math:`q` the student).
    Unlike :func:`js_divergence` (probabilities, symmetric) it takes logits, a
    ``beta``, a ``temperature`` and token labels.

    Parameters
    ----------
    input : array
        Student logits (or log-probabilities) :math:`s`, real floating, shape
        :math:`(*, V)`.
    target : array
        Teacher logits (or log-probabilities) :math:`t`, ``input``'s shape.
    labels : array, optional
        Integer token labels, shape :math:`(*)`: positions whose label is
        ``ignore_index`` take no part (Liger's ``shift_labels``, TRL's ``labels``).
    beta : float, default 0.5
        :math:`\beta \in [0, 1]`, the teacher's share of the mixture.
    temperature : float, default 1.0
        :math:`T > 0`: both logits are divided by it before the softmax (no
        :math:`T^2` factor, as Liger and TRL).
    {{ignore_index:token}}
    {{sample_weight}}
        Per-token weight with the shape :math:`(*)` (dimensions of size 1 allowed;
        bool works as a mask); it enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}
    {{empty_mean}}
        Every label ignored: NaN as torch's ``cross_entropy``, or ``"zero"`` as
        Liger and TRL.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, shape :math:`(*)` for ``"none"`` (ignored
        positions hold 0); the dtype of ``input``.

    Raises
    ------
    ValueError
        When shapes disagree, ``input`` is 0-d, or an option is out of range.
    TypeError
        For non-floating logits or non-integer labels.

    Notes
    -----
    With :math:`q = \operatorname{softmax}(s / T)`, :math:`p = \operatorname{softmax}
    (t / T)` over the last axis and the mixture :math:`m = \beta p + (1 - \beta) q`,

    .. math::

        \ell_n = \begin{cases}
            \mathrm{KL}(p_n \,\|\, q_n) & \beta = 0, \\
            \beta\, \mathrm{KL}(p_n \,\|\, m_n) + (1 - \beta)\, \mathrm{KL}(q_n \,\|\, m_n)
                & 0 < \beta < 1, \\
            \mathrm{KL}(q_n \,\|\, p_n) & \beta = 1,
        \end{cases}

    and ``"mean"`` is :math:`\sum_n v_n s_n \ell_n / \sum_n v_n s_n` over the token
    positions, :math:`v_n = [\text{labels}_n \ne \text{ignore\_index}]`: without
    weights, the sum over the tokens that take part divided by their number (Liger's
    ``n_non_ignore``, TRL's ``"batchmean"``), not by the vocabulary size. The
    interior formula tends to 0 as :math:`\beta \to 0` or 1; the ends are the KL
    divergences by definition, as in Liger and TRL. Everything is computed from
    log-softmaxes (:math:`\log m` by a logaddexp), so large float32 logits stay
    finite; a class at :math:`-\infty` in both contributes 0. The ignored positions'
    values do not reach the loss or its gradient.

    Memory: beyond the two log-softmaxes (and the temporaries of computing them, one
    after the other), the per-class terms (masks, :math:`\log m`, the products) exist
    one block of the vocabulary axis at a time, a sixteenth of the logits (at least
    :math:`2^{22}` values), summed block by block; NumPy's forward pass peaks at four
    logits-sized arrays, against eight or nine unblocked. Under automatic
    differentiation (torch autograd, ``jax.grad``) the framework keeps each block's
    intermediates for the backward pass, a few logits-sized arrays in all.

    Shape
    -----
    - input, target: :math:`(*, V)`, e.g. :math:`(B, L, V)` or :math:`(BL, V)`.
    - labels, sample_weight: :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    hinton_distillation_loss : The forward KL divergence times :math:`T^2`.
    js_divergence : The symmetric divergence of two probability arrays.

    References
    ----------
    .. [1] R. Agarwal et al., "On-Policy Distillation of Language Models: Learning from
       Self-Generated Mistakes" (GKD), ICLR 2024, arXiv:2306.13649, Eq. (1).
    .. [2] Liger-Kernel, ``LigerJSD`` (``src/liger_kernel/transformers/jsd.py``).

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> student = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.0]])
    >>> teacher = np.array([[1.0, 1.0, -1.0], [0.0, 2.0, 0.0]])
    >>> print(f"{portloss.generalized_jsd_loss(student, teacher):.6f}")
    0.087579
    >>> labels = np.array([7, -100])
    >>> print(f"{portloss.generalized_jsd_loss(student, teacher, labels, beta=0.0):.6f}")
    0.411222
    """
    beta = check_unit_interval("beta", beta)
    temperature = check_positive_real("temperature", temperature)
    return _distillation(
        input,
        target,
        labels,
        beta=beta,
        temperature=temperature,
        scale=1.0,
        ignore_index=ignore_index,
        sample_weight=sample_weight,
        reduction=reduction,
        convention=convention,
        empty_mean=empty_mean,
    )


@loss_options(temperature=_TEMPERATURE)
def hinton_distillation_loss(
    input: Array,
    target: Array,
    labels: Array = None,
    /,
    *,
    temperature: float = 1.0,
    ignore_index: int = -100,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    empty_mean: EmptyMean | None = None,
) -> Array:
    r"""Knowledge distillation loss of Hinton et al.: a KL divergence at temperature T, times T².

    Per token, :math:`T^2\,\mathrm{KL}(\operatorname{softmax}(t/T) \,\|\,
    \operatorname{softmax}(s/T))`.

    The soft-target term of Hinton et al. (2015), the usual
    ``F.kl_div(F.log_softmax(s / T, -1), F.softmax(t / T, -1), reduction="batchmean")
    * T**2`` for :math:`(N, V)` logits, with token labels and ``ignore_index`` over any
    leading shape. The :math:`T^2` keeps the gradient's scale independent of
    :math:`T`; add the hard-label cross entropy yourself (:func:`cross_entropy`).

    Parameters
    ----------
    input : array
        Student logits :math:`s`, real floating, shape :math:`(*, V)`.
    target : array
        Teacher logits :math:`t`, ``input``'s shape.
    labels : array, optional
        Integer token labels, shape :math:`(*)`: positions whose label is
        ``ignore_index`` take no part.
    {{temperature}}
    {{ignore_index:token}}
    {{sample_weight}}
        Per-token weight with the shape :math:`(*)` (dimensions of size 1 allowed;
        bool works as a mask); it enters the ``mean`` denominator.
    {{reduction}}
    {{convention}}
    {{empty_mean}}
        Every label ignored: NaN as torch's ``cross_entropy``, or ``"zero"`` as
        Liger and TRL.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, shape :math:`(*)` for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        When shapes disagree, ``input`` is 0-d, or an option is out of range.
    TypeError
        For non-floating logits or non-integer labels.

    Notes
    -----
    With :math:`q = \operatorname{softmax}(s / T)` and :math:`p =
    \operatorname{softmax}(t / T)` over the last axis,

    .. math::

        \ell_n = T^2 \sum_v p_{nv} (\log p_{nv} - \log q_{nv}), \qquad
        \text{mean} = \frac{\sum_n v_n s_n \ell_n}{\sum_n v_n s_n},

    :math:`v_n = [\text{labels}_n \ne \text{ignore\_index}]`: the mean over the
    tokens that take part (torch's ``"batchmean"`` for 2-d logits), not over the
    vocabulary. It equals :func:`generalized_jsd_loss` with ``beta=0`` times
    :math:`T^2`, computed from log-softmaxes (stable for large float32 logits).
    Its memory is :func:`generalized_jsd_loss`'s (blocked over the vocabulary axis).

    Shape
    -----
    - input, target: :math:`(*, V)`.
    - labels, sample_weight: :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    generalized_jsd_loss : The GKD divergence, with both KL directions.
    kl_div : The pointwise KL divergence, as torch's.

    References
    ----------
    .. [1] G. Hinton, O. Vinyals, J. Dean, "Distilling the Knowledge in a Neural
       Network", NIPS Deep Learning Workshop 2015, arXiv:1503.02531.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> student = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.0]])
    >>> teacher = np.array([[1.0, 1.0, -1.0], [0.0, 2.0, 0.0]])
    >>> print(f"{portloss.hinton_distillation_loss(student, teacher, temperature=2.0):.6f}")
    0.404102
    """
    temperature = check_positive_real("temperature", temperature)
    return _distillation(
        input,
        target,
        labels,
        beta=0.0,
        temperature=temperature,
        scale=temperature * temperature,
        ignore_index=ignore_index,
        sample_weight=sample_weight,
        reduction=reduction,
        convention=convention,
        empty_mean=empty_mean,
    )
