r"""Framework conventions: the torch, Keras and Paddle presets and the knobs behind them.

Frameworks agree on the plain cross entropy and disagree, quietly, on three choices that
show up as soon as class weights, label smoothing or ignored targets enter. portloss
makes each choice an explicit keyword ("knob") of the losses that have it, and a
*convention* is nothing but a named set of knob values:

=====================  ===============  =================  =====================
knob                   ``"torch"``      ``"keras"``        ``"paddle"``
=====================  ===============  =================  =====================
``class_weight_mode``  ``"per_class"``  ``"hard_target"``  ``"smoothed_target"``
``mean_denominator``   ``"weights"``    ``"count"``        ``"weights"``
``empty_mean``         ``"nan"``        ``"zero"``         ``"zero"``
=====================  ===============  =================  =====================

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
>>> keras.class_weight_mode, keras.mean_denominator, keras.empty_mean
('hard_target', 'count', 'zero')
>>> resolve_convention("keras", mean_denominator="weights").mean_denominator
'weights'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from ._typing import ClassWeightMode, ConventionName, EmptyMean, MeanDenominator, SmoothingVariant

__all__ = [
    "CLASS_WEIGHT_MODES",
    "CONVENTION_NAMES",
    "EMPTY_MEANS",
    "MEAN_DENOMINATORS",
    "PRESETS",
    "SMOOTHING_VARIANTS",
    "Convention",
    "resolve_convention",
]

CLASS_WEIGHT_MODES: tuple[str, ...] = get_args(ClassWeightMode)
MEAN_DENOMINATORS: tuple[str, ...] = get_args(MeanDenominator)
EMPTY_MEANS: tuple[str, ...] = get_args(EmptyMean)
SMOOTHING_VARIANTS: tuple[str, ...] = get_args(SmoothingVariant)


@dataclass(frozen=True)
class Convention:
    """The knob values of one convention (see the module docstring for their meaning)."""

    name: str
    class_weight_mode: str
    mean_denominator: str
    empty_mean: str


PRESETS: dict[str, Convention] = {
    "torch": Convention("torch", "per_class", "weights", "nan"),
    "keras": Convention("keras", "hard_target", "count", "zero"),
    "paddle": Convention("paddle", "smoothed_target", "weights", "zero"),
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
    >>> resolve_convention("paddle")
    Convention(name='paddle', class_weight_mode='smoothed_target', mean_denominator='weights', empty_mean='zero')
    >>> resolve_convention("torch", empty_mean="zero").empty_mean
    'zero'
    """  # noqa: E501
    preset = PRESETS[check_choice("convention", convention, CONVENTION_NAMES)]
    class_weight_mode = check_choice(
        "class_weight_mode", class_weight_mode, CLASS_WEIGHT_MODES, none_ok=True
    )
    mean_denominator = check_choice(
        "mean_denominator", mean_denominator, MEAN_DENOMINATORS, none_ok=True
    )
    empty_mean = check_choice("empty_mean", empty_mean, EMPTY_MEANS, none_ok=True)
    return Convention(
        preset.name,
        preset.class_weight_mode if class_weight_mode is None else class_weight_mode,
        preset.mean_denominator if mean_denominator is None else mean_denominator,
        preset.empty_mean if empty_mean is None else empty_mean,
    )
