"""Preference optimisation on per-sequence log-probabilities: DPO (and its hinge, IPO
and robust variants), SimPO and ORPO with TRL's numbers, the implicit rewards TRL
logs, and the per-sequence log-probabilities they all take."""

from __future__ import annotations

import math
from typing import Any

from ._checks import (
    check_bool_option,
    check_broadcast_weight,
    check_integer,
    check_positive_real,
    check_real_floating,
    check_real_option,
    check_same_shape,
    check_sample_weight,
    check_unit_interval,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import Option, choice, loss_options
from ._primitives import log_sigmoid, relu, safe_divide, stop_gradient
from ._reduction import reduce_loss
from ._terms.softmax import index_terms_from_logits
from ._typing import Array, ConventionName, PreferenceLossType, Reduction
from .conventions import resolve_loss_convention

__all__ = ["dpo_loss", "orpo_loss", "preference_rewards", "sequence_log_probs", "simpo_loss"]

_LOG_HALF = -math.log(2.0)
_BETA = Option(
    "beta",
    lambda value: check_positive_real("beta", value),
    "beta : float, default 0.1\n    :math:`\\beta > 0`, the scale of the log-probability margins.",
)


# Built once: the check reads the Literal's values (typing.get_args) when built.
_LOSS_TYPE = choice("loss_type", PreferenceLossType)


def _logps(xp: Any, named: dict[str, Any]) -> tuple[tuple[int, ...], list[Any], Any]:
    """Check real floating arrays of one shape; return the shape, the arrays in the
    compute dtype and the output dtype (the first array's)."""
    items = list(named.items())
    first_name, first = items[0]
    for name, x in items:
        check_real_floating(xp, name, x)
        check_same_shape(name, x, first_name, first)
    dtype = compute_dtype(xp, first.dtype)
    return tuple(first.shape), [to_dtype(xp, x, dtype) for _, x in items], first.dtype


def _sigmoid_terms(xp: Any, z: Any, label_smoothing: float) -> Any:
    """``-(1 - eps) log sigmoid(z) - eps log sigmoid(-z)``: the logistic loss of a
    preference whose label is flipped with probability ``eps``."""
    loss = -log_sigmoid(xp, z)
    if label_smoothing == 0.0:
        return loss
    return (1.0 - label_smoothing) * loss - label_smoothing * log_sigmoid(xp, -z)


def _log1mexp(xp: Any, x: Any) -> Any:
    """``log(1 - exp(x))`` for ``x <= 0`` (NaN above), in the accurate branch on each
    side of ``-log 2`` (Maechler 2012; TRL's ``log1mexp``).

    Double where: each branch reads a stand-in on the other side, so neither computes
    ``log(0)`` and its gradient at a point it does not own.
    """
    low = x < _LOG_HALF
    # x = 0 gives -inf and x > 0 NaN, set here rather than by log(0) or log(< 0),
    # which NumPy warns about.
    edge = x >= 0
    a = xp.where(low, x, xp.full_like(x, -1.0))
    b = xp.where(low | edge, xp.full_like(x, -0.5), x)
    out = xp.where(low, xp.log1p(-xp.exp(a)), xp.log(-xp.expm1(b)))
    at_edge = xp.where(x == 0, xp.full_like(x, -math.inf), xp.full_like(x, math.nan))
    return xp.where(edge, at_edge, out)


def _dpo_terms(xp: Any, z: Any, beta: float, label_smoothing: float, loss_type: str) -> Any:
    """TRL's per-pair DPO loss of the log-ratio margin ``z``."""
    if loss_type == "sigmoid":
        return _sigmoid_terms(xp, beta * z, label_smoothing)
    if loss_type == "robust":
        clean = -(1.0 - label_smoothing) * log_sigmoid(xp, beta * z)
        flipped = label_smoothing * log_sigmoid(xp, -beta * z)
        return (clean + flipped) / (1.0 - 2.0 * label_smoothing)
    if loss_type == "hinge":
        return relu(xp, 1.0 - beta * z)
    d = z - 1.0 / (2.0 * beta)  # ipo
    return d * d


@loss_options(
    beta=_BETA,
    loss_type=choice("loss_type", PreferenceLossType),
)
def dpo_loss(
    policy_chosen_logps: Array,
    policy_rejected_logps: Array,
    reference_chosen_logps: Array,
    reference_rejected_logps: Array,
    /,
    *,
    beta: float = 0.1,
    label_smoothing: float = 0.0,
    loss_type: PreferenceLossType = "sigmoid",
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""Direct Preference Optimization loss and its hinge, IPO and robust variants.

    The numbers of TRL's ``DPOTrainer`` (``loss_type`` and ``label_smoothing`` as
    there) from the per-sequence log-probabilities of the chosen and rejected
    responses under the policy and the frozen reference model
    (:func:`sequence_log_probs`).

    Parameters
    ----------
    policy_chosen_logps : array
        :math:`\log \pi_\theta(y_w \mid x)`, real floating, any shape, e.g. :math:`(N,)`.
    policy_rejected_logps : array
        :math:`\log \pi_\theta(y_l \mid x)`, the same shape.
    reference_chosen_logps : array
        :math:`\log \pi_\text{ref}(y_w \mid x)`, the same shape.
    reference_rejected_logps : array
        :math:`\log \pi_\text{ref}(y_l \mid x)`, the same shape.
    {{beta}}
    {{label_smoothing:preference}}
        :math:`\varepsilon`, the probability that a preference label is flipped:
        conservative DPO for ``"sigmoid"`` (in [0, 1]), the unbiased robust loss for
        ``"robust"`` (in [0, 0.5)); refused for ``"hinge"`` and ``"ipo"``.
    loss_type : {"sigmoid", "hinge", "ipo", "robust"}, default "sigmoid"
        The loss of the margin (see Notes).
    {{sample_weight}}
        A weight per pair, broadcast to the loss's shape; it enters the ``mean``
        denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or the inputs' shape for ``"none"``; the dtype of the first array.

    Raises
    ------
    ValueError
        When shapes differ or an option is out of range.
    TypeError
        For non-floating arrays.

    Notes
    -----
    With the margin :math:`z = (\log \pi_\theta(y_w) - \log \pi_\text{ref}(y_w)) -
    (\log \pi_\theta(y_l) - \log \pi_\text{ref}(y_l))`, :math:`\sigma` the logistic
    function and :math:`\varepsilon` the label smoothing,

    .. math::

        \ell^\text{sigmoid} &= -(1 - \varepsilon) \log \sigma(\beta z)
            - \varepsilon \log \sigma(-\beta z), \\
        \ell^\text{robust} &= \frac{-(1 - \varepsilon) \log \sigma(\beta z)
            + \varepsilon \log \sigma(-\beta z)}{1 - 2 \varepsilon}, \\
        \ell^\text{hinge} &= \max(0, 1 - \beta z), \qquad
        \ell^\text{ipo} = \Big(z - \frac{1}{2 \beta}\Big)^2.

    :math:`\log \sigma` is computed as :math:`-\operatorname{softplus}(-x)`: finite
    for every finite margin. For IPO, TRL (and the IPO authors' experiments) divide
    each log-ratio by the response length: pass length-averaged log-probabilities
    (``sequence_log_probs(..., average=True)``). The implicit rewards TRL logs are
    :func:`preference_rewards`.

    Shape
    -----
    - each log-probability array: :math:`(*)`, usually :math:`(N,)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    preference_rewards : The chosen and rejected rewards :math:`\beta \log(\pi_\theta /
        \pi_\text{ref})`.
    simpo_loss, orpo_loss : The reference-free objectives.
    sequence_log_probs : The per-sequence log-probabilities from logits.

    References
    ----------
    .. [1] R. Rafailov et al., "Direct Preference Optimization: Your Language Model is
       Secretly a Reward Model", NeurIPS 2023, arXiv:2305.18290.
    .. [2] M. G. Azar et al., "A General Theoretical Paradigm to Understand Learning
       from Human Preferences" (IPO), AISTATS 2024, arXiv:2310.12036.
    .. [3] S. R. Chowdhury et al., "Provably Robust DPO: Aligning Language Models with
       Noisy Feedback", ICML 2024, arXiv:2403.00409.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> chosen, rejected = np.array([-10.0, -12.0]), np.array([-14.0, -11.0])
    >>> ref_chosen, ref_rejected = np.array([-11.0, -12.0]), np.array([-13.0, -12.0])
    >>> print(f"{portloss.dpo_loss(chosen, rejected, ref_chosen, ref_rejected):.6f}")
    0.671268
    >>> out = portloss.dpo_loss(chosen, rejected, ref_chosen, ref_rejected, loss_type="ipo")
    >>> print(f"{out:.4f}")
    22.5000
    """
    conv = resolve_loss_convention(convention, reduction)
    beta = check_positive_real("beta", beta)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    loss_type = _LOSS_TYPE(loss_type)
    if label_smoothing and loss_type in ("hinge", "ipo"):
        raise ValueError(
            f"label_smoothing applies to loss_type 'sigmoid' and 'robust' only, got "
            f"label_smoothing={label_smoothing!r} with loss_type={loss_type!r}"
        )
    if loss_type == "robust" and label_smoothing >= 0.5:
        raise ValueError(
            f"label_smoothing must be in [0, 0.5) for loss_type 'robust', got {label_smoothing!r}"
        )
    named = {
        "policy_chosen_logps": policy_chosen_logps,
        "policy_rejected_logps": policy_rejected_logps,
        "reference_chosen_logps": reference_chosen_logps,
        "reference_rejected_logps": reference_rejected_logps,
    }
    xp = array_namespace(**named, sample_weight=sample_weight)
    shape, (pc, pr, rc, rr), dtype = _logps(xp, named)
    check_sample_weight(xp, sample_weight, shape, conv=conv)
    z = (pc - rc) - (pr - rr)  # TRL: chosen_logratios - rejected_logratios
    loss = _dpo_terms(xp, z, beta, label_smoothing, loss_type)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=dtype)


@loss_options(
    beta=_BETA,
    gamma=lambda value: check_real_option("gamma", value, minimum=0.0),
)
def simpo_loss(
    policy_chosen_logps: Array,
    policy_rejected_logps: Array,
    /,
    *,
    beta: float = 0.1,
    gamma: float = 0.5,
    label_smoothing: float = 0.0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""SimPO: a reference-free logistic loss on length-averaged log-probabilities.

    The numbers of TRL's ``CPOTrainer`` with ``loss_type="simpo"`` (``beta``,
    ``simpo_gamma``, ``label_smoothing``, TRL's defaults). Pass length-averaged
    log-probabilities (``sequence_log_probs(..., average=True)``), as TRL does for
    SimPO. TRL's ``cpo_alpha`` behaviour-cloning term is not part of this loss: add
    ``cpo_alpha * cross_entropy(...)`` of the chosen responses yourself.

    Parameters
    ----------
    policy_chosen_logps : array
        :math:`\frac{1}{|y_w|} \log \pi_\theta(y_w \mid x)`, real floating, any shape.
    policy_rejected_logps : array
        :math:`\frac{1}{|y_l|} \log \pi_\theta(y_l \mid x)`, the same shape.
    {{beta}}
    gamma : float, default 0.5
        :math:`\gamma \ge 0`, the target reward margin (TRL's ``simpo_gamma``).
    {{label_smoothing:preference}}
        :math:`\varepsilon \in [0, 1]`, the probability that a preference label is
        flipped (as DPO's conservative variant).
    {{sample_weight}}
        A weight per pair, broadcast to the loss's shape; it enters the ``mean``
        denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or the inputs' shape for ``"none"``; the dtype of the first array.

    Raises
    ------
    ValueError
        When shapes differ or an option is out of range.
    TypeError
        For non-floating arrays.

    Notes
    -----
    With :math:`z = \log \pi_\theta(y_w) - \log \pi_\theta(y_l) - \gamma / \beta` (the
    length-averaged log-probabilities),

    .. math::

        \ell = -(1 - \varepsilon) \log \sigma(\beta z) - \varepsilon \log \sigma(-\beta z),

    Eq. (6) of Meng et al. for :math:`\varepsilon = 0`. TRL's rewards are
    :math:`\beta` times the log-probabilities: :func:`preference_rewards` without
    reference arrays.

    Shape
    -----
    - each log-probability array: :math:`(*)`, usually :math:`(N,)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    dpo_loss : The same logistic loss with a reference model.
    sequence_log_probs : With ``average=True``, the inputs.

    References
    ----------
    .. [1] Y. Meng, M. Xia, D. Chen, "SimPO: Simple Preference Optimization with a
       Reference-Free Reward", NeurIPS 2024, arXiv:2405.14734.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> chosen, rejected = np.array([-0.8, -1.1]), np.array([-1.5, -1.0])
    >>> print(f"{portloss.simpo_loss(chosen, rejected, beta=2.0, gamma=0.5):.6f}")
    0.722170
    """
    conv = resolve_loss_convention(convention, reduction)
    beta = check_positive_real("beta", beta)
    gamma = check_real_option("gamma", gamma, minimum=0.0)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    named = {
        "policy_chosen_logps": policy_chosen_logps,
        "policy_rejected_logps": policy_rejected_logps,
    }
    xp = array_namespace(**named, sample_weight=sample_weight)
    shape, (pc, pr), dtype = _logps(xp, named)
    check_sample_weight(xp, sample_weight, shape, conv=conv)
    z = (pc - pr) - gamma / beta  # TRL: logits - gamma_logratios
    loss = _sigmoid_terms(xp, beta * z, label_smoothing)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=dtype)


@loss_options(beta=_BETA)
def orpo_loss(
    policy_chosen_logps: Array,
    policy_rejected_logps: Array,
    chosen_nll: Array = None,
    /,
    *,
    beta: float = 0.1,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
) -> Array:
    r"""ORPO: the chosen responses' NLL plus a weighted log odds-ratio penalty.

    The numbers of TRL's ``ORPOTrainer``: ``odds_ratio_loss`` with its weight
    ``beta`` (the paper's :math:`\lambda`), plus the supervised NLL term when it is
    given. Pass length-averaged log-probabilities
    (``sequence_log_probs(..., average=True)``), as TRL does.

    Parameters
    ----------
    policy_chosen_logps : array
        :math:`\log P_\theta(y_w \mid x)` (length-averaged), real floating, any shape;
        :math:`\le 0`.
    policy_rejected_logps : array
        :math:`\log P_\theta(y_l \mid x)`, the same shape.
    chosen_nll : array, optional
        :math:`\mathcal{L}_\text{SFT}`: the NLL of the chosen responses, per pair or
        0-d (TRL: ``cross_entropy`` over every chosen token of the batch), broadcast
        to the loss's shape and added to each pair's term. None: the odds-ratio term
        alone (what ``odds_ratio_loss`` returns, negated).
    {{beta}}
    {{sample_weight}}
        A weight per pair, broadcast to the loss's shape; it enters the ``mean``
        denominator.
    {{reduction}}
    {{convention}}

    Returns
    -------
    array
        0-d, or the inputs' shape for ``"none"``; the dtype of the first array.

    Raises
    ------
    ValueError
        When shapes differ or an option is out of range.
    TypeError
        For non-floating arrays.

    Notes
    -----
    With :math:`\operatorname{odds}(y) = P / (1 - P)`, computed in log space as
    :math:`\log \operatorname{odds} = \log P - \log(1 - e^{\log P})`,

    .. math::

        \ell = \mathcal{L}_\text{SFT} - \beta \log \sigma\Big(
            \log \frac{\operatorname{odds}(y_w)}{\operatorname{odds}(y_l)}\Big),

    Eqs. (4)-(7) of Hong et al. With a 0-d ``chosen_nll`` the ``"mean"`` is TRL's
    ``policy_nll_loss - losses.mean()``; with ``"sum"`` the NLL is counted once per
    pair. A log-probability above 0 gives NaN; :math:`\log P = 0` (a certain
    response) has an infinite odds. TRL's rewards are :func:`preference_rewards`
    without reference arrays.

    Shape
    -----
    - each log-probability array: :math:`(*)`, usually :math:`(N,)`.
    - chosen_nll: broadcastable to :math:`(*)`, e.g. 0-d.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    See Also
    --------
    simpo_loss, dpo_loss : The other preference objectives.
    sequence_log_probs : With ``average=True``, the inputs.

    References
    ----------
    .. [1] J. Hong, N. Lee, J. Thorne, "ORPO: Monolithic Preference Optimization
       without Reference Model", EMNLP 2024, arXiv:2403.07691.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> chosen, rejected = np.array([-0.8, -1.1]), np.array([-1.5, -1.0])
    >>> print(f"{portloss.orpo_loss(chosen, rejected):.6f}")
    0.053732
    >>> print(f"{portloss.orpo_loss(chosen, rejected, np.asarray(0.9)):.6f}")
    0.953732
    """
    conv = resolve_loss_convention(convention, reduction)
    beta = check_positive_real("beta", beta)
    named = {
        "policy_chosen_logps": policy_chosen_logps,
        "policy_rejected_logps": policy_rejected_logps,
    }
    given = {"chosen_nll": chosen_nll} if chosen_nll is not None else {}
    xp = array_namespace(**named, **given, sample_weight=sample_weight)
    shape, (pc, pr), dtype = _logps(xp, named)
    check_sample_weight(xp, sample_weight, shape, conv=conv)
    # Both log(1 - P) from one stacked array: each entry's own arithmetic, half the ops.
    log1m = _log1mexp(xp, xp.stack([pc, pr]))
    log_odds = (pc - pr) - (log1m[0, ...] - log1m[1, ...])
    loss = -beta * log_sigmoid(xp, log_odds)
    if chosen_nll is not None:
        check_real_floating(xp, "chosen_nll", chosen_nll)
        check_broadcast_weight(xp, "chosen_nll", chosen_nll, shape, of="policy_chosen_logps")
        loss = loss + to_dtype(xp, chosen_nll, loss.dtype)
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=dtype)


def preference_rewards(
    policy_chosen_logps: Array,
    policy_rejected_logps: Array,
    reference_chosen_logps: Array = None,
    reference_rejected_logps: Array = None,
    /,
    *,
    beta: float = 0.1,
) -> Array:
    r"""The chosen and rejected rewards TRL logs for DPO, SimPO and ORPO.

    With reference log-probabilities, DPO's implicit rewards
    :math:`\beta (\log \pi_\theta(y) - \log \pi_\text{ref}(y))`; without them,
    :math:`\beta \log \pi_\theta(y)` (TRL's CPO/SimPO and ORPO rewards). As TRL's,
    they are constants for autodiff (detached): metrics, not a loss. Reward accuracy
    is ``chosen > rejected``, the margin ``chosen - rejected``.

    Parameters
    ----------
    policy_chosen_logps, policy_rejected_logps : array
        The policy's per-sequence log-probabilities, real floating, one shape.
    reference_chosen_logps, reference_rejected_logps : array, optional
        The reference model's, the same shape; both or neither.
    beta : float, default 0.1
        :math:`\beta > 0`, the loss's ``beta``.

    Returns
    -------
    array
        Shape :math:`(2, *)`: ``[0]`` the chosen rewards, ``[1]`` the rejected ones
        (one array, so that it travels through ``jit`` and Dask as one); the dtype of
        the first array.

    Raises
    ------
    TypeError
        When only one reference array is given (naming the missing one).
    ValueError
        When shapes differ.

    See Also
    --------
    dpo_loss, simpo_loss, orpo_loss : The losses these rewards go with.

    References
    ----------
    .. [1] R. Rafailov et al., "Direct Preference Optimization: Your Language Model is
       Secretly a Reward Model", NeurIPS 2023, arXiv:2305.18290, Section 5.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> chosen, rejected = np.array([-10.0, -12.0]), np.array([-14.0, -11.0])
    >>> ref_chosen, ref_rejected = np.array([-11.0, -12.0]), np.array([-13.0, -12.0])
    >>> rewards = portloss.preference_rewards(chosen, rejected, ref_chosen, ref_rejected)
    >>> print(rewards.round(6))
    [[ 0.1  0. ]
     [-0.1  0.1]]
    >>> print((rewards[0] > rewards[1]).mean())  # reward accuracy
    0.5
    """
    beta = check_positive_real("beta", beta)
    named = {
        "policy_chosen_logps": policy_chosen_logps,
        "policy_rejected_logps": policy_rejected_logps,
    }
    # One reference array without the other: array_namespace names the missing one.
    if reference_chosen_logps is not None or reference_rejected_logps is not None:
        named["reference_chosen_logps"] = reference_chosen_logps
        named["reference_rejected_logps"] = reference_rejected_logps
    xp = array_namespace(**named)
    _, arrays, dtype = _logps(xp, named)
    chosen, rejected = arrays[0], arrays[1]
    if len(arrays) == 4:
        chosen, rejected = chosen - arrays[2], rejected - arrays[3]
    rewards = stop_gradient(xp, beta * xp.stack((chosen, rejected)))
    return to_dtype(xp, rewards, dtype)


@loss_options()
def sequence_log_probs(
    logits: Array,
    labels: Array,
    /,
    *,
    ignore_index: int = -100,
    shift: bool = True,
    average: bool = False,
) -> Array:
    r"""Per-sequence sum (or mean) of the labels' log-probabilities under ``logits``.

    TRL's ``get_batch_logps`` (and the policy / reference log-probabilities of its
    DPO, CPO and ORPO trainers): for each sequence, the log-softmax of the logits read
    at each label, summed (or averaged) over the positions whose label is not
    ``ignore_index``. Each position needs one logsumexp and one gathered logit; no
    log-softmax array of the logits' size is kept.

    Parameters
    ----------
    logits : array
        Real floating, shape :math:`(*, L, V)`: the vocabulary on the last axis, the
        positions on the one before.
    labels : array
        Integer token ids, shape :math:`(*, L)`; ``ignore_index`` marks positions
        that do not count (prompt, padding). A label outside :math:`[0, V)` gives NaN.
    {{ignore_index:token}}
    shift : bool, default True
        Causal-LM alignment, as TRL and Hugging Face's causal-LM loss do: the logits
        at position :math:`i` score the label at :math:`i + 1` (``logits[..., :-1, :]``
        against ``labels[..., 1:]``). False for logits already aligned with their
        labels (encoder-decoder models, or a shift done by the caller).
    average : bool, default False
        Divide each sum by the number of positions that count (0/0 is NaN, as TRL).
        True for SimPO, ORPO and IPO.

    Returns
    -------
    array
        Shape :math:`(*)`, the dtype of ``logits``.

    Raises
    ------
    ValueError
        When ``labels`` does not have the logits' shape without the vocabulary axis.
    TypeError
        For non-floating logits, non-integer labels or non-bool flags.

    Notes
    -----
    With :math:`x` the (shifted) logits and :math:`y` the (shifted) labels,

    .. math::

        \log \pi(y \mid x) = \sum_{i:\, y_i \ne \text{ignore}}
            \Big(x_{i, y_i} - \log \sum_v e^{x_{iv}}\Big),

    divided by the number of terms for ``average=True``. The logsumexp subtracts the
    row maximum first, so float32 logits of any size give finite results.

    Shape
    -----
    - logits: :math:`(*, L, V)`; labels: :math:`(*, L)`.
    - output: :math:`(*)`, e.g. :math:`(N,)` for :math:`(N, L, V)` logits.

    See Also
    --------
    dpo_loss, simpo_loss, orpo_loss : The losses that take these log-probabilities.
    cross_entropy : The token-mean negative log-likelihood.

    References
    ----------
    .. [1] R. Rafailov, A. Sharma, E. Mitchell, S. Ermon, C. D. Manning and C. Finn,
       "Direct Preference Optimization: Your Language Model is Secretly a Reward
       Model", NeurIPS 2023 (the sequence log-probabilities that TRL's
       ``get_batch_logps`` computes).

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> logits = np.log(np.array([[[0.5, 0.5], [0.25, 0.75], [0.9, 0.1]]]))
    >>> labels = np.array([[-100, 1, 0]])
    >>> print(portloss.sequence_log_probs(logits, labels).round(6))
    [-2.079442]
    >>> print(portloss.sequence_log_probs(logits, labels, shift=False, average=True).round(6))
    [-0.196521]
    """
    ignore_index = check_integer("ignore_index", ignore_index)
    shift = check_bool_option("shift", shift)
    average = check_bool_option("average", average)
    xp = array_namespace(logits=logits, labels=labels)
    check_real_floating(xp, "logits", logits)
    if not xp.isdtype(labels.dtype, "integral"):
        raise TypeError(f"labels must have an integer dtype, got {labels.dtype}")
    if logits.ndim < 2 or tuple(labels.shape) != tuple(logits.shape[:-1]):
        raise ValueError(
            f"labels must have the shape of logits (*, L, V) without its last axis, got "
            f"logits of shape {tuple(logits.shape)} and labels of shape {tuple(labels.shape)}"
        )
    x = to_dtype(xp, logits, compute_dtype(xp, logits.dtype))
    if shift:
        x, labels = x[..., :-1, :], labels[..., 1:]
    nll, valid, _ = index_terms_from_logits(
        xp,
        logits=x,
        target=labels,
        weight=None,
        ignore_index=ignore_index,
        keep=1.0,
        off=0.0,
        axis=-1,
        mode="per_class",
    )
    total = -xp.sum(xp.where(valid, nll, xp.zeros_like(nll)), axis=-1)
    if average:
        count = xp.sum(to_dtype(xp, valid, total.dtype), axis=-1)
        total = safe_divide(xp, total, count, fill=math.nan)
    return to_dtype(xp, total, logits.dtype)
