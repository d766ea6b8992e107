"""Sequence losses: connectionist temporal classification (CTC)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from ._backends import delegable, host_values
from ._backends import device as _device
from ._checks import (
    check_bool_option,
    check_integer,
    check_real_floating,
    check_real_option,
    check_sample_weight,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options
from ._primitives import log_softmax
from ._reduction import reduce_loss
from ._terms.ctc import ctc_forward, ctc_forward_probs, pad_concatenated_targets
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = ["ctc_forward_log_probs", "ctc_loss"]


@delegable
@loss_options()
def ctc_loss(
    log_probs: Array,
    targets: Array,
    input_lengths: Array,
    target_lengths: Array,
    /,
    *,
    blank: int = 0,
    sample_weight: Array = None,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    zero_infinity: bool = False,
    batch_first: bool = False,
    from_logits: bool = False,
) -> Array:
    r"""Connectionist temporal classification loss of padded label sequences.

    The same numbers as ``torch.nn.functional.ctc_loss`` with the same options, for
    arrays of any Array API library: the negative log-probability of each target
    sequence, summed over every alignment of it to the input frames.

    Parameters
    ----------
    log_probs : array
        Log-probabilities over the classes (blank included), real floating, of shape
        :math:`(T, N, C)` (torch's layout), :math:`(N, T, C)` with ``batch_first=True``,
        or :math:`(T, C)` for one unbatched sequence. Usually a log-softmax.
    targets : array
        Target label sequences, integer dtype, padded to :math:`(N, S)` (or
        :math:`(S)` unbatched). Entries past a sequence's target length are ignored;
        the others must be in :math:`[0, C)` and differ from ``blank``. torch's
        concatenated form, 1-D of shape :math:`(\sum_n \text{target\_lengths}_n)`, is
        accepted for batched input: it is padded inside to :math:`(N, L)` with
        :math:`L` its own length, a static bound (so it works under ``jax.jit``), at a
        cost of :math:`N L` instead of :math:`N \max_n S_n`; pad it yourself when
        :math:`N` and :math:`L` are large. Lengths summing past :math:`L` give NaN
        (NumPy raises).
    input_lengths : array or sequence of int
        Number of valid frames of each sequence, integer, shape :math:`(N)` (0-d
        unbatched), each at most :math:`T`.
    target_lengths : array or sequence of int
        Length of each target sequence, integer, shape :math:`(N)` (0-d unbatched),
        each at most :math:`S`.
    blank : int, default 0
        The blank class.
    {{sample_weight}}
        Here one weight per sequence, shape :math:`(N)` (0-d unbatched).
    {{reduction}}
        Here ``"mean"`` divides each sequence's loss by its target length (at least 1)
        before the (weighted) batch mean, as torch and Paddle do; ``"none"`` gives one
        loss per sequence.
    {{convention}}
        ``"torch"`` and ``"paddle"`` divide by the target lengths in ``"mean"``;
        ``"keras"`` does not (Keras' ``CTC`` with ``"sum_over_batch_size"``: the
        weighted sum over the number of sequences), nor do Keras' reduction strings
        under any convention.
    zero_infinity : bool, default False
        Replace infinite losses (a target that no alignment of the input can produce,
        e.g. longer than the input) and their gradients by zero.
    batch_first : bool, default False
        ``log_probs`` is :math:`(N, T, C)` instead of :math:`(T, N, C)` (Keras'
        layout).
    {{from_logits}}
        True: ``log_probs`` holds unnormalized logits (optax's ``ctc_loss``, Keras'
        ``CTC``) and the log-softmax over the classes is taken first; False: it holds
        log-probabilities (torch's). The gradient is then the
        logits' gradient, torch's ``log_softmax`` + ``ctc_loss`` one.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"`` and for unbatched input, :math:`(N)` for
        ``"none"``; the dtype of ``log_probs``.

    Raises
    ------
    ValueError
        For an unknown ``reduction``, a ``blank`` outside :math:`[0, C)`, ``log_probs``
        without frames (:math:`T = 0`), arrays whose shapes do not fit together (naming
        the argument and both shapes) and, for NumPy arrays, lengths or labels out of
        range (see Notes).
    TypeError
        For non-floating ``log_probs``, non-integer targets or lengths, and
        non-bool flags.

    Notes
    -----
    Write :math:`y_{t,c}` for ``log_probs`` of one sequence, :math:`T'` for its input
    length and :math:`l_1 \dots l_{S'}` for its target. The extended label sequence
    :math:`l'` of length :math:`2S' + 1` puts a blank before, between and after the
    labels. The forward variables, in log space,

    .. math::

        \alpha_0(s) = y_{0, l'_s} \ (s \le 1), \qquad
        \alpha_t(s) = y_{t, l'_s} + \log\!\big(e^{\alpha_{t-1}(s)} + e^{\alpha_{t-1}(s-1)}
        + [\,l'_s \ne \text{blank},\ l'_s \ne l'_{s-2}\,]\, e^{\alpha_{t-1}(s-2)}\big),

    give the loss :math:`\ell = -\log\big(e^{\alpha_{T'-1}(2S')} +
    e^{\alpha_{T'-1}(2S'-1)}\big)` (the second term only when :math:`S' > 0`), which
    is :math:`+\infty` when no alignment exists. ``"mean"`` is
    :math:`\sum_n s_n \ell_n / \max(S'_n, 1) \,/\, \sum_n s_n` (:math:`s_n` the
    ``sample_weight``, 1 by default: torch's :math:`\frac1N \sum_n \ell_n /
    \max(S'_n, 1)`), and :math:`\sum_n s_n \ell_n / N` under ``convention="keras"``.

    The recursion runs as a Python loop over the :math:`T` frames, vectorized over the
    batch and the :math:`2S + 1` extended positions, every sequence masked at its own
    length with arrays: no value is read on the host, so it traces under
    ``jax.jit`` (unrolled: compile time grows with :math:`T`) and stays lazy under
    Dask. Log-sum-exps use the double-``where`` pattern, so gradients are finite
    where an :math:`\alpha` is :math:`-\infty`.

    Gradients are those of the loss as written. torch's native kernel returns
    :math:`e^{y} - \gamma` for ``log_probs`` (:math:`\gamma` the alignment
    occupancy) instead of :math:`-\gamma`, correct only after a log-softmax: the
    gradients with respect to the logits of ``log_probs = log_softmax(logits)``
    agree with torch's, those with respect to ``log_probs`` itself differ by
    :math:`e^{y}` on the valid frames.

    Values that have no loss (an input length outside :math:`[0, T]`, a target length outside
    :math:`[0, S]`, a label outside :math:`[0, C)` or equal to ``blank`` within the
    target length) raise a ``ValueError`` for NumPy arrays; elsewhere, where reading
    them would cost a host sync, that sequence's loss is NaN (also with
    ``zero_infinity``), never a finite number. A NaN in ``log_probs`` gives NaN.
    float16 and bfloat16 are computed in float32.

    Shape
    -----
    - log_probs: :math:`(T, N, C)`, :math:`(N, T, C)` (``batch_first``) or
      :math:`(T, C)`.
    - targets: :math:`(N, S)` or :math:`(S)`.
    - input_lengths, target_lengths: :math:`(N)` or :math:`()`.
    - output: scalar, or :math:`(N)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> rng = np.random.default_rng(0)
    >>> logits = rng.normal(size=(6, 2, 4))  # (T, N, C)
    >>> log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    >>> targets = np.array([[1, 2, 2], [3, 1, 0]])  # padded; blank = 0
    >>> input_lengths, target_lengths = np.array([6, 5]), np.array([3, 2])
    >>> loss = portloss.ctc_loss(
    ...     log_probs, targets, input_lengths, target_lengths, reduction="none"
    ... )
    >>> print(loss.round(4))
    [5.6737 3.9929]
    >>> print(f"{portloss.ctc_loss(log_probs, targets, input_lengths, target_lengths):.4f}")
    1.9438

    See Also
    --------
    ctc_forward_log_probs : The per-frame forward variables, as optax returns them.

    References
    ----------
    .. [1] A. Graves, S. Fernández, F. Gomez and J. Schmidhuber, "Connectionist
       temporal classification: labelling unsegmented sequence data with recurrent
       neural networks", ICML 2006.
    .. [2] PyTorch, ``torch.nn.functional.ctc_loss``; Keras, ``keras.losses.CTC``;
       optax, ``optax.ctc_loss``.
    """
    conv = resolve_loss_convention(convention, reduction)
    # torch's and Paddle's "mean" divides each sequence by its target length; Keras'
    # (its convention, its reduction strings) averages the per-sequence losses.
    per_length = reduction == "mean" and conv.name != "keras"
    blank = check_integer("blank", blank)
    zero_infinity = check_bool_option("zero_infinity", zero_infinity)
    batch_first = check_bool_option("batch_first", batch_first)
    from_logits = check_bool_option("from_logits", from_logits)
    xp, lp, targets, input_lengths, target_lengths = _prepare(
        log_probs, targets, input_lengths, target_lengths, blank, batch_first, from_logits,
        sample_weight=sample_weight,
    )  # fmt: skip
    batched = log_probs.ndim == 3
    check_sample_weight(xp, sample_weight, tuple(lp.shape[1:2]) if batched else (), conv=conv)
    loss = ctc_forward(
        xp,
        log_probs=lp,
        targets=targets,
        input_lengths=input_lengths,
        target_lengths=target_lengths,
        blank=blank,
    )
    if zero_infinity:
        infinite = loss == xp.inf
        # Double where: the infinite branch gets a zero cotangent, so no NaN flows back.
        loss = xp.where(infinite, xp.zeros_like(loss), loss)
    if per_length:
        length = to_dtype(xp, target_lengths, lp.dtype)
        loss = loss / xp.where(length < 1, xp.ones_like(length), length)
    if not batched:
        loss = xp.reshape(loss, ())
    return reduce_loss(xp, loss, conv=conv, sample_weight=sample_weight, dtype=log_probs.dtype)


@loss_options()
def ctc_forward_log_probs(
    log_probs: Array,
    targets: Array,
    input_lengths: Array,
    target_lengths: Array,
    /,
    *,
    blank: int = 0,
    batch_first: bool = False,
    from_logits: bool = False,
    log_epsilon: float = -1e5,
) -> tuple[Array, Array, Array]:
    r"""CTC loss per sequence with its forward log-probabilities, as optax returns them.

    The same three arrays as ``optax.losses.ctc_loss_with_forward_probs`` (optax's
    recursion, with its ``log_epsilon`` in place of :math:`\log 0`), from
    ``ctc_loss``'s arguments: per-sequence losses, and the log forward variables of
    the blank and label states after every frame.

    Parameters
    ----------
    log_probs : array
        As in :func:`ctc_loss`: :math:`(T, N, C)`, :math:`(N, T, C)` with
        ``batch_first=True``, or :math:`(T, C)` unbatched; logits with
        ``from_logits=True`` (optax's input).
    targets : array
        Padded labels :math:`(N, S)` (:math:`(S)` unbatched), or torch's concatenated
        1-D form (then :math:`S` is its length). Padding entries take part in optax's
        repeat test and emission terms of the unreachable states, so pass the same
        padded array as to optax for the same unreachable values.
    input_lengths, target_lengths : array or sequence of int
        As in :func:`ctc_loss`. optax's paddings are these lengths:
        ``input_lengths = T - logit_paddings.sum(1)`` and
        ``target_lengths = S - label_paddings.sum(1)`` (right-padded inputs).
    blank : int, default 0
        The blank class (optax's ``blank_id``).
    batch_first : bool, default False
        ``log_probs`` is :math:`(N, T, C)`.
    {{from_logits}}
        True: ``log_probs`` holds logits, and the log-softmax over the classes is taken
        first; False: log-probabilities.
    log_epsilon : float, default -1e5
        The stand-in for :math:`\log 0` (optax's), the initial value of every unreachable
        state; a finite number.

    Returns
    -------
    loss : array
        The loss of each sequence, :math:`(N)` (0-d unbatched): the negative
        log-likelihood of each target, unreduced, ``ctc_loss(..., reduction="none")`` up to
        :math:`e^{\text{log\_epsilon}}` terms.
    log_alpha_blank : array
        The blank states' log forward variables, :math:`(T, N, S + 1)`
        (:math:`(T, S + 1)` unbatched), optax's
        ``logalpha_phi``. Entry :math:`(t, n, s)` is :math:`\log \alpha_t(2s)`, the
        log-probability that frames :math:`0..t` emit the first :math:`s` labels and
        end on a blank. The last frame's row also holds the paths that end on label
        :math:`s` (:math:`\log(\alpha_{T-1}(2s) + \alpha_{T-1}(2s - 1))`), so
        ``loss[n] = -log_alpha_blank[-1, n, target_lengths[n]]``.
    log_alpha_label : array
        The label states' log forward variables, :math:`(T, N, S)` (:math:`(T, S)`
        unbatched), optax's ``logalpha_emit``:
        entry :math:`(t, n, s)` is :math:`\log \alpha_t(2s + 1)`, the paths that end
        on label :math:`s + 1` (counting from 1). The two state arrays are
        time-major whatever ``batch_first``, as optax's; all three have
        ``log_probs``' dtype.

    Raises
    ------
    ValueError, TypeError
        As :func:`ctc_loss`; also for a non-finite or non-real ``log_epsilon``.

    Notes
    -----
    With :math:`\phi_t(s)` the blank and :math:`\eta_t(s)` the label states,
    :math:`y^b_t` the blank's and :math:`y_t(s)` label :math:`s`'s log-probability,
    :math:`r_s` whether label :math:`s` repeats label :math:`s - 1` and
    :math:`\oplus` the log-add-exp, each frame computes

    .. math::

        \tilde\phi(s) &= \phi_{t-1}(s) \oplus \eta_{t-1}(s - 1) \ (\text{not } r_s), \\
        \eta_t(s) &= y_t(s) + \big(\tilde\phi(s - 1) \oplus \eta_{t-1}(s)\big), \\
        \phi_t(s) &= y^b_t + \big(\phi_{t-1}(s) \oplus \eta_{t-1}(s - 1)\big),

    from :math:`\phi_{-1} = (0, \epsilon, \dots)` and :math:`\eta_{-1} = \epsilon`
    (:math:`\epsilon` = ``log_epsilon``; the excluded transitions add :math:`\epsilon`,
    as optax does). Frames past a sequence's input length keep the previous values.
    Unreachable states hold finite values near :math:`\epsilon`, optax's, not
    :math:`-\infty`.

    The frames run as a Python loop that keeps every step (unrolled under
    ``jax.jit``: compile time grows with :math:`T`); memory is
    :math:`O(T N S)`. Lengths outside their ranges raise for NumPy arrays and give
    NaN losses elsewhere.

    Shape
    -----
    - log_probs: :math:`(T, N, C)`, :math:`(N, T, C)` (``batch_first``) or
      :math:`(T, C)`; targets :math:`(N, S)` or :math:`(S)`.
    - output: :math:`(N)`, :math:`(T, N, S + 1)`, :math:`(T, N, S)`.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> rng = np.random.default_rng(0)
    >>> logits = rng.normal(size=(2, 6, 4))  # (N, T, C), optax's layout
    >>> targets = np.array([[1, 2, 2], [3, 1, 0]])
    >>> loss, blank_states, label_states = portloss.ctc_forward_log_probs(
    ...     logits, targets, [6, 5], [3, 2], batch_first=True, from_logits=True
    ... )
    >>> blank_states.shape, label_states.shape
    ((6, 2, 4), (6, 2, 3))
    >>> print(loss.round(4), (-blank_states[-1, [0, 1], [3, 2]]).round(4))
    [7.6563 3.3684] [7.6563 3.3684]

    See Also
    --------
    ctc_loss : The reduced loss, with torch's options.

    References
    ----------
    .. [1] A. Graves, S. Fernández, F. Gomez and J. Schmidhuber, "Connectionist
       temporal classification: labelling unsegmented sequence data with recurrent
       neural networks", ICML 2006.
    .. [2] optax, ``optax.losses.ctc_loss_with_forward_probs``.
    """
    blank = check_integer("blank", blank)
    batch_first = check_bool_option("batch_first", batch_first)
    from_logits = check_bool_option("from_logits", from_logits)
    log_epsilon = check_real_option("log_epsilon", log_epsilon)
    xp, lp, targets, input_lengths, target_lengths = _prepare(
        log_probs, targets, input_lengths, target_lengths, blank, batch_first, from_logits
    )
    loss, phi, emit = ctc_forward_probs(
        xp,
        log_probs=lp,
        targets=targets,
        input_lengths=input_lengths,
        target_lengths=target_lengths,
        blank=blank,
        log_epsilon=log_epsilon,
    )
    if log_probs.ndim == 2:
        loss, phi, emit = xp.reshape(loss, ()), phi[:, 0, :], emit[:, 0, :]
    dtype = log_probs.dtype
    return to_dtype(xp, loss, dtype), to_dtype(xp, phi, dtype), to_dtype(xp, emit, dtype)


def _prepare(
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    blank: int,
    batch_first: bool,
    from_logits: bool,
    **more: Any,
) -> tuple[Any, Any, Any, Any, Any]:
    """Check the CTC arrays; return ``xp``, the log-probabilities ``(T, N, C)`` in the
    compute dtype, padded targets ``(N, S)`` and the lengths ``(N)`` (a batch of one
    for unbatched input)."""
    arrays = {"log_probs": log_probs, "targets": targets, **more}
    for name, lengths in (("input_lengths", input_lengths), ("target_lengths", target_lengths)):
        if not _is_int_sequence(lengths):  # a tuple or list of ints is converted below
            arrays[name] = lengths
    xp = array_namespace(**arrays)
    input_lengths, target_lengths = _check_ctc_arrays(
        xp, log_probs, targets, input_lengths, target_lengths, blank=blank, batch_first=batch_first
    )
    lp = to_dtype(xp, log_probs, compute_dtype(xp, log_probs.dtype))
    if from_logits:  # optax's and Keras' input: the log-softmax is taken here
        lp = log_softmax(xp, lp, axis=-1)
    if log_probs.ndim == 3 and targets.ndim == 1:
        targets = pad_concatenated_targets(xp, targets, target_lengths, device=_device(log_probs))
    if log_probs.ndim == 2:  # one sequence: a batch of one, squeezed by the caller
        lp = xp.expand_dims(lp, axis=1)
        targets = xp.expand_dims(targets, axis=0)
        input_lengths = xp.reshape(input_lengths, (1,))
        target_lengths = xp.reshape(target_lengths, (1,))
    elif batch_first:
        lp = xp.permute_dims(lp, (1, 0, 2))
    return xp, lp, targets, input_lengths, target_lengths


def _check_ctc_arrays(
    xp: Any,
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    /,
    *,
    blank: int,
    batch_first: bool,
) -> tuple[Any, Any]:
    """Check the arrays of ``ctc_loss``; return the lengths as integer arrays."""
    check_real_floating(xp, "log_probs", log_probs)
    if log_probs.ndim not in (2, 3):
        raise ValueError(
            f"log_probs must have shape (T, N, C), (N, T, C) with batch_first=True, or "
            f"(T, C) unbatched, got shape {tuple(log_probs.shape)}"
        )
    batched = log_probs.ndim == 3
    device = _device(log_probs)
    input_lengths = _lengths(xp, "input_lengths", input_lengths, device)
    target_lengths = _lengths(xp, "target_lengths", target_lengths, device)
    _check_integer_array(xp, "targets", targets)
    if batched:
        t_axis, n_axis = (1, 0) if batch_first else (0, 1)
        num_frames, batch = log_probs.shape[t_axis], log_probs.shape[n_axis]
        if batch == 0:
            raise ValueError(
                f"log_probs must hold at least one sequence (as torch requires), got "
                f"shape {tuple(log_probs.shape)} with batch_first={batch_first}"
            )
        _check_shapes(log_probs, targets, input_lengths, target_lengths, batch, batch_first)
    else:
        num_frames, batch = log_probs.shape[0], None
        _check_unbatched_shapes(log_probs, targets, input_lengths, target_lengths)
    if num_frames == 0:
        raise ValueError(
            f"log_probs must hold at least one frame (T >= 1, as torch requires), got "
            f"shape {tuple(log_probs.shape)}"
        )
    num_classes = log_probs.shape[-1]
    if not 0 <= blank < num_classes:
        raise ValueError(
            f"blank must be a class index in [0, {num_classes}) for log_probs with "
            f"{num_classes} classes, got {blank}"
        )
    if batched and targets.ndim == 1:
        _check_concatenated(xp, targets, target_lengths, num_classes, blank)
        if host_values(input_lengths):
            bad = (input_lengths < 0) | (input_lengths > num_frames)
            if bad.any():
                raise ValueError(
                    f"input_lengths must be in [0, {num_frames}], got {input_lengths[bad].flat[0]}"
                )
    else:
        _check_values(xp, targets, input_lengths, target_lengths, num_frames, num_classes, blank)
    return input_lengths, target_lengths


def _check_concatenated(
    xp: Any, targets: Any, target_lengths: Any, num_classes: int, blank: int
) -> None:
    """Value checks of concatenated 1-D targets, for NumPy arrays only."""
    if not host_values(targets, target_lengths):
        return
    if (target_lengths < 0).any() or int(xp.sum(target_lengths)) > targets.shape[0]:
        raise ValueError(
            f"target_lengths must be >= 0 and sum to at most the {targets.shape[0]} "
            f"concatenated targets, got {target_lengths.tolist()}"
        )
    used = targets[: int(xp.sum(target_lengths))]
    bad = (used < 0) | (used >= num_classes) | (used == blank)
    if bad.any():
        raise ValueError(
            f"targets must hold labels in [0, {num_classes}) other than blank={blank} "
            f"within each target length, got {used[bad].flat[0]}"
        )


def _is_int_sequence(x: Any) -> bool:
    return isinstance(x, Sequence) and not isinstance(x, str)


def _lengths(xp: Any, name: str, lengths: Any, device: Any) -> Any:
    """Lengths as an integer array; a tuple or list of ints (torch allows them) is converted."""
    if _is_int_sequence(lengths):
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in lengths):
            raise TypeError(
                f"{name} must be an integer array or a sequence of ints, got {lengths!r}"
            )
        return xp.asarray(list(lengths), device=device)
    _check_integer_array(xp, name, lengths)
    return lengths


def _check_integer_array(xp: Any, name: str, x: Any) -> None:
    if not xp.isdtype(x.dtype, "integral"):
        raise TypeError(f"{name} must have an integer dtype, got {x.dtype}; cast it to int64")


def _check_shapes(
    log_probs: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    batch: int,
    batch_first: bool,
) -> None:
    layout = "(N, T, C)" if batch_first else "(T, N, C)"
    shape = tuple(log_probs.shape)
    if targets.ndim not in (1, 2) or (targets.ndim == 2 and targets.shape[0] != batch):
        raise ValueError(
            f"targets must have shape (N, S) = ({batch}, S), or (sum(target_lengths),) "
            f"concatenated, for log_probs of shape {shape} {layout}, got shape "
            f"{tuple(targets.shape)}"
        )
    for name, x in (("input_lengths", input_lengths), ("target_lengths", target_lengths)):
        if tuple(x.shape) != (batch,):
            hint = ""
            if not batch_first and x.ndim == 1 and shape[0] == x.shape[0]:
                hint = "; for (N, T, C) log_probs pass batch_first=True"
            raise ValueError(
                f"{name} must have shape (N,) = ({batch},) for log_probs of shape {shape} "
                f"{layout}, got shape {tuple(x.shape)}{hint}"
            )


def _check_unbatched_shapes(
    log_probs: Any, targets: Any, input_lengths: Any, target_lengths: Any
) -> None:
    shape = tuple(log_probs.shape)
    if targets.ndim != 1:
        raise ValueError(
            f"targets must have shape (S,) for unbatched log_probs of shape {shape} (T, C), "
            f"got shape {tuple(targets.shape)}"
        )
    for name, x in (("input_lengths", input_lengths), ("target_lengths", target_lengths)):
        if tuple(x.shape) not in ((), (1,)):
            raise ValueError(
                f"{name} must be 0-d for unbatched log_probs of shape {shape} (T, C), "
                f"got shape {tuple(x.shape)}"
            )


def _check_values(
    xp: Any,
    targets: Any,
    input_lengths: Any,
    target_lengths: Any,
    num_frames: int,
    num_classes: int,
    blank: int,
) -> None:
    """Range checks on values, for NumPy arrays only (elsewhere they would sync)."""
    arrays = (targets, input_lengths, target_lengths)
    if not host_values(*arrays):
        return
    for name, x, high in (
        ("input_lengths", input_lengths, num_frames),
        ("target_lengths", target_lengths, targets.shape[-1]),
    ):
        bad = (x < 0) | (x > high)
        if bad.any():
            raise ValueError(f"{name} must be in [0, {high}], got {x[bad].flat[0]}")
    valid = xp.arange(targets.shape[-1]) < xp.expand_dims(target_lengths, axis=-1)
    bad = valid & ((targets < 0) | (targets >= num_classes) | (targets == blank))
    if bad.any():
        raise ValueError(
            f"targets must hold labels in [0, {num_classes}) other than blank={blank} "
            f"within each target length, got {targets[bad].flat[0]}"
        )
