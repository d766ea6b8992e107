r"""Framework conventions: the torch, Keras and Paddle presets and the knobs behind them.

Frameworks agree on the plain cross entropy and disagree, quietly, on three choices that
show up as soon as class weights, label smoothing or ignored targets enter. portloss
makes each choice an explicit keyword ("knob") of the losses that have it, and a
*convention* is nothing but a named set of knob values:

===========================  ===============  =================  =====================
knob                         ``"torch"``      ``"keras"``        ``"paddle"``
===========================  ===============  =================  =====================
``class_weight_mode``        ``"per_class"``  ``"hard_target"``  ``"smoothed_target"``
``mean_denominator``         ``"weights"``    ``"count"``        ``"weights"``
``empty_mean``               ``"nan"``        ``"zero"``         ``"zero"``
``last_axis``                ``"keep"``       ``"mean"``         ``"keep"``
``probability_clip``         ``0.0``          ``1e-7``           ``0.0``
``sample_weight_alignment``  ``"exact"``      ``"left"``         ``"exact"``
===========================  ===============  =================  =====================

Every loss takes ``convention``; each knob acts only on the losses it concerns
(``class_weight_mode`` on class-weighted smoothed cross entropy, ``last_axis`` on the
elementwise losses, ``probability_clip`` on the losses of probabilities), and the reduction knobs
(``mean_denominator``, ``empty_mean``, ``sample_weight_alignment``) on every loss.

A knob passed explicitly wins over the convention's value; a knob left as ``None``
takes it. So ``cross_entropy(x, y, convention="keras", mean_denominator="weights")``
is Keras' ``"mean_with_sample_weight"`` reduction.

The knobs
---------
``class_weight_mode``
    Where the class weight :math:`w` meets the (smoothed) target :math:`y'`:

    - ``"per_class"`` (torch): every class term of the cross entropy carries its own
      weight, :math:`\ell_n = -\sum_c w_c\, y'_{nc} \log p_{nc}`; a sample's share of the
      ``mean`` denominator is the weight of its hard target, :math:`w_{y_n}`
      (1 for probability targets, where torch divides by the number of samples).
    - ``"hard_target"`` (Keras ``class_weight``): the hard target's weight becomes a
      sample weight, :math:`s_n = w_{y_n}` (:math:`w_{\arg\max_c t_{nc}}` for probability
      targets, as Keras does), :math:`\ell_n = -s_n \sum_c y'_{nc} \log p_{nc}`.
    - ``"smoothed_target"`` (Paddle soft labels): the sample weight is the smoothed
      target's expected class weight, :math:`s_n = \sum_c w_c\, y'_{nc}`, and
      :math:`\ell_n = -s_n \sum_c y'_{nc} \log p_{nc}`.

    Without label smoothing and with class-index targets the three coincide.
``mean_denominator``
    What ``reduction="mean"`` divides the weighted sum by: ``"weights"`` the sum of the
    weights that were applied (each entry's share times its ``sample_weight``; torch,
    Paddle), ``"count"`` the number of entries that take part (ignored targets and
    entries masked by a *boolean* ``sample_weight`` excluded; numeric sample weights and
    class weights do not enter it: Keras' ``"sum_over_batch_size"``).
``empty_mean``
    What a ``mean`` with a zero denominator returns (every target ignored, an empty
    batch, all-zero weights): ``"nan"`` (torch, 0/0) or ``"zero"`` (Keras, Paddle).
``last_axis``
    ``"mean"`` (Keras): an elementwise loss (MSE, BCE, hinge, KL, ...) is averaged over
    its last axis before any weight or reduction, Keras' per-sample loss, so
    ``reduction="none"`` returns ``input.shape[:-1]`` and ``"sum"`` sums the
    per-sample means; ``"keep"`` (torch): every element is an entry.
``probability_clip``
    :math:`\epsilon`: probabilities are clipped to :math:`[\epsilon, 1 - \epsilon]`
    before their logarithm (Keras' ``1e-7``); ``0.0`` clips nothing (torch clamps the
    logarithm at -100 instead).
``sample_weight_alignment``
    ``"exact"`` (torch, Paddle): ``sample_weight`` has the unreduced loss' number of
    dimensions (each of size 1 or equal), a lower-rank weight is refused with a
    message that says how to reshape it; ``"left"`` (Keras): a lower-rank weight is
    aligned from the left, ``(N,)`` on an ``(N, T)`` loss weighting each row. Keras
    itself expands a weight only against a loss whose last axis has size 1 (an
    ``(N,)`` weight on an ``(N, 1)`` loss) and otherwise broadcasts from the right;
    portloss takes the per-sample reading at every rank rather than pair a weight
    with the wrong axis.

Known difference: with ``"mean_with_sample_weight"`` and a ``sample_weight`` that
broadcasts (an ``(N, 1)`` weight on an ``(N, T)`` loss), Keras divides by the sum of
the weight as given, portloss by the sum over every entry it weights.

Keras' reduction strings are accepted by every loss: ``"sum_over_batch_size"`` is
``"mean"`` with ``mean_denominator="count"`` and ``empty_mean="zero"``,
``"mean_with_sample_weight"`` is ``"mean"`` with ``mean_denominator="weights"`` and
``empty_mean="zero"``, whatever the convention.

Loss defaults under a convention
--------------------------------
Where Keras' loss has another default for an option that means the same thing,
``convention="keras"`` takes Keras' default for that option unless it is passed, so that
a Keras loss with its defaults is the portloss call with the convention alone:

==========================  ===========================================================
loss                        defaults under ``convention="keras"``
==========================  ===========================================================
``sigmoid_focal_loss``      ``alpha=None`` (``apply_class_balancing=False``)
``softmax_focal_loss``      ``alpha=0.25``
``dice_loss``               ``smooth_numerator=0``, ``smooth_denominator=1e-7``,
                            ``batch=True``, ``pool_classes=True`` (``axis=None``)
``tversky_loss``            as ``dice_loss``; ``alpha`` weighs the false negatives
``poisson_nll_loss``        ``eps=1e-7``
``circle_loss``             ``normalize=False``
==========================  ===========================================================

A convention never changes what the input arrays hold: ``from_logits``,
``log_input`` and a layout (``batch_first``) are the caller's to state, under every
convention (``cross_entropy`` takes logits unless ``from_logits=False``, Keras'
default or not), so the same arrays never change meaning with the convention. With
logits, the focal losses under ``convention="keras"`` turn them into clipped
probabilities first, as Keras does.

The label-smoothing *variant* (``smoothing_variant="uniform" | "others"``) is not part
of a convention: all three frameworks smooth uniformly.

Notes on fidelity: the Paddle preset follows ``paddle.nn.functional.cross_entropy``
with an ``ignore_index >= 0`` (Paddle ignores nothing for a negative ``ignore_index``
and then divides by all samples); smoothing is applied to the target before the
per-sample weight is formed, as when a Paddle user smooths with
``paddle.nn.functional.label_smooth`` and passes ``soft_label=True``.

Examples
--------
>>> from portloss.conventions import PRESETS, resolve_convention
>>> keras = PRESETS["keras"]
>>> keras.class_weight_mode, keras.mean_denominator, keras.empty_mean, keras.probability_clip
('hard_target', 'count', 'zero', 1e-07)
>>> resolve_convention("keras", mean_denominator="weights").mean_denominator
'weights'
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar, get_args

from ._typing import (
    ClassWeightMode,
    ConventionName,
    EmptyMean,
    LastAxis,
    MeanDenominator,
    Reduction,
    SampleWeightAlignment,
    SmoothingVariant,
)

__all__ = [
    "CLASS_WEIGHT_MODES",
    "CONVENTION_DEFAULT",
    "CONVENTION_NAMES",
    "EMPTY_MEANS",
    "KERAS_REDUCTIONS",
    "LAST_AXES",
    "MEAN_DENOMINATORS",
    "PRESETS",
    "REDUCTIONS",
    "SMOOTHING_VARIANTS",
    "Convention",
    "convention_defaults",
    "convention_defaults_of",
    "resolve_convention",
    "resolve_loss_convention",
]

CLASS_WEIGHT_MODES: tuple[str, ...] = get_args(ClassWeightMode)
MEAN_DENOMINATORS: tuple[str, ...] = get_args(MeanDenominator)
EMPTY_MEANS: tuple[str, ...] = get_args(EmptyMean)
SMOOTHING_VARIANTS: tuple[str, ...] = get_args(SmoothingVariant)
LAST_AXES: tuple[str, ...] = get_args(LastAxis)
SAMPLE_WEIGHT_ALIGNMENTS: tuple[str, ...] = get_args(SampleWeightAlignment)
#: Every loss' reductions: torch's and Keras' (see :data:`KERAS_REDUCTIONS`).
REDUCTIONS: tuple[str, ...] = get_args(Reduction)
#: Keras' names of a mean, with the ``mean_denominator`` each one means (and a mean
#: over nothing is 0: Keras divides with ``divide_no_nan``).
KERAS_REDUCTIONS: dict[str, str] = {
    "sum_over_batch_size": "count",
    "mean_with_sample_weight": "weights",
}


@dataclass(frozen=True)
class Convention:
    """The knob values of one convention (see the module docstring for their meaning)."""

    name: str
    class_weight_mode: str
    mean_denominator: str
    empty_mean: str
    last_axis: str = "keep"
    probability_clip: float = 0.0
    sample_weight_alignment: str = "exact"
    #: The reduction in force (Keras' names resolved to ``"mean"`` and their knobs).
    reduction: str = "mean"


PRESETS: dict[str, Convention] = {
    "torch": Convention("torch", "per_class", "weights", "nan", "keep", 0.0, "exact"),
    "keras": Convention("keras", "hard_target", "count", "zero", "mean", 1e-7, "left"),
    "paddle": Convention("paddle", "smoothed_target", "weights", "zero", "keep", 0.0, "exact"),
}
CONVENTION_NAMES: tuple[str, ...] = get_args(ConventionName)
assert tuple(PRESETS) == CONVENTION_NAMES, "a preset per convention name"


def check_choice(name: str, value: Any, choices: tuple[str, ...], *, none_ok: bool = False) -> Any:
    """Return ``value`` if it is one of ``choices`` (or ``None`` when ``none_ok``), else raise.

    The message names the argument, the accepted values and the value received.
    """
    if value is None and none_ok:
        return None
    if isinstance(value, str) and value in choices:
        return value
    expected = " | ".join(repr(c) for c in choices)
    if none_ok:
        expected = f"None (the convention's value) or {expected}"
    raise ValueError(f"{name} must be {expected}, got {value!r}")


def resolve_convention(
    convention: Any,
    /,
    *,
    class_weight_mode: Any = None,
    mean_denominator: Any = None,
    empty_mean: Any = None,
) -> Convention:
    """The knob values in force: each explicit knob, else the convention's preset value.

    Parameters
    ----------
    convention : {"torch", "keras", "paddle"}
        The preset that fills every knob left as ``None``.
    class_weight_mode : {None, "per_class", "hard_target", "smoothed_target"}
    mean_denominator : {None, "weights", "count"}
    empty_mean : {None, "nan", "zero"}

    Returns
    -------
    Convention
        ``name`` is the preset's name; the other fields are the resolved knobs.

    Raises
    ------
    ValueError
        For an unknown convention or knob value, naming the argument, the accepted
        values and the value received.

    Examples
    --------
    >>> resolve_convention("paddle").class_weight_mode
    'smoothed_target'
    >>> resolve_convention("torch", empty_mean="zero").empty_mean
    'zero'
    """
    preset = PRESETS[check_choice("convention", convention, CONVENTION_NAMES)]
    class_weight_mode = check_choice(
        "class_weight_mode", class_weight_mode, CLASS_WEIGHT_MODES, none_ok=True
    )
    mean_denominator = check_choice(
        "mean_denominator", mean_denominator, MEAN_DENOMINATORS, none_ok=True
    )
    empty_mean = check_choice("empty_mean", empty_mean, EMPTY_MEANS, none_ok=True)
    return replace(
        preset,
        class_weight_mode=class_weight_mode or preset.class_weight_mode,
        mean_denominator=mean_denominator or preset.mean_denominator,
        empty_mean=empty_mean or preset.empty_mean,
    )


def check_probability_clip(value: Any) -> Any:
    """``probability_clip``: None (the convention's) or a real number in ``[0, 0.5)``."""
    if value is None:
        return None
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not (0.0 <= float(value) < 0.5) or math.isnan(float(value)):
        raise ValueError(
            f"probability_clip must be None (the convention's value) or a real number in [0, 0.5), "
            f"got {value!r}"
        )
    return float(value)


def resolve_loss_convention(
    convention: Any,
    reduction: Any,
    /,
    *,
    reductions: tuple[str, ...] = REDUCTIONS,
    class_weight_mode: Any = None,
    mean_denominator: Any = None,
    empty_mean: Any = None,
    last_axis: Any = None,
    probability_clip: Any = None,
) -> Convention:
    """Everything a loss needs from its ``convention``, ``reduction`` and knobs, once.

    Each knob given explicitly wins over the convention's value; Keras' reduction
    strings become ``"mean"`` with their denominator and a 0 for a mean over nothing
    (an explicit ``mean_denominator`` that contradicts the string is an error).

    Parameters
    ----------
    convention : {"torch", "keras", "paddle"}
    reduction : str
        One of ``reductions`` (the loss' own: torch's three and Keras' two by default).
    reductions : tuple of str
        The reductions the loss accepts.
    class_weight_mode, mean_denominator, empty_mean, last_axis, probability_clip : optional
        The knobs (see the module docstring); None takes the convention's value.

    Returns
    -------
    Convention
        The resolved knobs, with ``reduction`` one of ``"none"``, ``"mean"``, ``"sum"``
        or a loss-specific extra such as ``"batchmean"``.

    Raises
    ------
    ValueError
        For an unknown convention, reduction or knob value, naming the argument, the
        accepted values and the value received.

    Examples
    --------
    >>> conv = resolve_loss_convention("torch", "sum_over_batch_size")
    >>> conv.reduction, conv.mean_denominator, conv.empty_mean
    ('mean', 'count', 'zero')
    >>> resolve_loss_convention("keras", "mean").last_axis
    'mean'
    """
    try:
        return _resolve(
            convention, reduction, reductions, class_weight_mode, mean_denominator,
            empty_mean, last_axis, probability_clip,
        )  # fmt: skip
    except TypeError:  # an unhashable value: resolve without the cache, for the message
        return _resolve.__wrapped__(
            convention, reduction, reductions, class_weight_mode, mean_denominator,
            empty_mean, last_axis, probability_clip,
        )  # fmt: skip


@functools.lru_cache(maxsize=512)
def _resolve(
    convention: Any,
    reduction: Any,
    reductions: tuple[str, ...],
    class_weight_mode: Any,
    mean_denominator: Any,
    empty_mean: Any,
    last_axis: Any,
    probability_clip: Any,
) -> Convention:
    # Cached: a loss resolves the same few option tuples on every call.
    if not isinstance(reduction, str) or reduction not in reductions:
        expected = " | ".join(repr(r) for r in reductions)
        raise ValueError(f"reduction must be one of {expected}, got {reduction!r}")
    conv = resolve_convention(
        convention,
        class_weight_mode=class_weight_mode,
        mean_denominator=mean_denominator,
        empty_mean=empty_mean,
    )
    last_axis = check_choice("last_axis", last_axis, LAST_AXES, none_ok=True)
    probability_clip = check_probability_clip(probability_clip)
    if reduction in KERAS_REDUCTIONS:
        denominator = KERAS_REDUCTIONS[reduction]
        if mean_denominator is not None and mean_denominator != denominator:
            raise ValueError(
                f"reduction={reduction!r} divides by "
                f"{'the count' if denominator == 'count' else 'the sum of the weights'}: "
                f"mean_denominator must be None or {denominator!r}, got {mean_denominator!r}"
            )
        empty = "zero" if empty_mean is None else empty_mean
        conv = replace(conv, mean_denominator=denominator, empty_mean=empty)
        reduction = "mean"
    return replace(
        conv,
        reduction=reduction,
        last_axis=conv.last_axis if last_axis is None else last_axis,
        probability_clip=(conv.probability_clip if probability_clip is None else probability_clip),
    )


F = TypeVar("F", bound=Callable[..., Any])


class _ConventionDefault:
    """The default of an option whose default depends on the convention (see
    :func:`convention_defaults`): the loss objects' constructors show it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "CONVENTION_DEFAULT"

    def __reduce__(self) -> str:
        return "CONVENTION_DEFAULT"  # a singleton, also when unpickled


#: Stands for "the convention's default" in a loss object's constructor.
CONVENTION_DEFAULT: Any = _ConventionDefault()


def convention_defaults(**by_convention: Mapping[str, Any]) -> Callable[[F], F]:
    """Decorator: the options whose default depends on ``convention``.

    ``@convention_defaults(keras={"from_logits": False})`` gives a call with
    ``convention="keras"`` that does not pass ``from_logits`` Keras' default instead of
    the signature's (which is torch's): a Keras user's call with Keras' defaults is the
    portloss call with ``convention="keras"`` alone. An option passed explicitly always
    wins. The loss objects read the table with :func:`convention_defaults_of`.
    """
    for name, defaults in by_convention.items():
        check_choice("convention", name, CONVENTION_NAMES)
        by_convention[name] = dict(defaults)

    def decorate(function: F) -> F:
        missing = set().union(*by_convention.values()) - set(function.__kwdefaults__ or {})
        assert not missing, f"{function.__name__} has no option {sorted(missing)}"

        @functools.wraps(function)
        def loss(*args: Any, **kwargs: Any) -> Any:
            convention = kwargs.get("convention")
            # A bad (even unhashable) value is the loss' to refuse, with its message.
            defaults = by_convention.get(convention) if type(convention) is str else None
            if defaults is not None:
                kwargs = {**defaults, **kwargs}
            return function(*args, **kwargs)

        # Introspection sees the loss' own (torch) defaults.
        loss.__kwdefaults__ = function.__kwdefaults__  # type: ignore[attr-defined]
        loss.__portloss_convention_defaults__ = by_convention  # type: ignore[attr-defined]
        return loss  # type: ignore[return-value]

    return decorate


def convention_defaults_of(function: Callable[..., Any], convention: Any) -> Mapping[str, Any]:
    """The options ``function`` defaults differently under ``convention`` (often none)."""
    table = getattr(function, "__portloss_convention_defaults__", {})
    return table.get(convention, {}) if isinstance(convention, str) else {}
