"""Option specs: one definition per option, with its check and its docstring paragraph.

An :class:`Option` says how a keyword-only option of a loss is validated (``check``
takes the Python value, raises a TypeError/ValueError naming the option, and returns
the value to use) and how it is documented (``doc``, a numpydoc parameter paragraph).
The options shared by many losses (``reduction``, ``weight``, ``sample_weight``,
``ignore_index``, ``axis``, ``label_smoothing``, ``convention`` and its knobs, ...) are
defined once here; a loss-specific option is defined next to its loss, in the
``@loss_options(...)`` decorator above the function.

:func:`loss_options` records a loss' specific options on the function, and
:func:`options_of` gives its table, ``{name: Option}`` (built on first use); an
option the decorator is not told about gets the shared spec of its name, else a spec
read from its annotation (``bool``, ``int``, ``float``, a ``Literal``, ``Array``, a
callable, each optionally ``| None``). The loss objects call every option's ``check``
when they are built, so a bad option fails at construction,
with no loss evaluated; the checks that need the arrays (``axis`` against the input's
rank, a class weight's length) run in the function, at the call.
"""

from __future__ import annotations

import collections.abc
import contextlib
import inspect
import numbers
import re
import textwrap
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args, get_origin

import array_api_compat

from ._checks import (
    check_bool_option,
    check_integer,
    check_positive_real,
    check_real_option,
    check_reduction,
    check_unit_interval,
)
from ._typing import (
    Activation,
    ClassWeightMode,
    ConventionName,
    EmptyMean,
    KLReduction,
    LastAxis,
    MeanDenominator,
    SmoothingVariant,
)
from .conventions import check_probability_clip

__all__ = [
    "ACTIVATION",
    "ALPHA",
    "KL_REDUCTION",
    "OPTIONS",
    "PARAGRAPHS",
    "SEGMENTATION_MEAN",
    "Option",
    "check_option",
    "choice",
    "loss_options",
    "nonnegative",
    "normalize_option",
    "option_key",
    "optional",
    "options_of",
    "positive",
    "real",
    "substitute_docs",
]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Option:
    """One keyword-only option of a loss: its check and its documentation.

    Parameters
    ----------
    name : str
        The keyword.
    check : callable
        ``check(value)`` returns the value to use, or raises a TypeError/ValueError
        whose message names the option, the expected and the received value.
    doc : str
        The loss-specific numpydoc paragraph (``name : type`` line and indented
        description) for a ``{{name}}`` placeholder; empty where the paragraph is a
        shared one (:data:`PARAGRAPHS`) or the function's docstring writes it.
    array : bool
        Whether the option holds an array (or None): compared by identity in the loss
        objects, a buffer in the torch adapters.
    """

    name: str
    check: Callable[[Any], Any] = field(compare=False)
    doc: str = ""
    array: bool = False


# ------------------------------------------------------------------ check builders


def choice(name: str, values: Any, *, none_ok: bool = False) -> Callable[[Any], Any]:
    """A check accepting the strings of ``values`` (a tuple or a ``Literal`` type)."""
    from .conventions import check_choice

    accepted = tuple(get_args(values)) if get_origin(values) is Literal else tuple(values)

    def check(value: Any) -> Any:
        return check_choice(name, value, accepted, none_ok=none_ok)

    return check


def real(
    name: str, *, minimum: float | None = None, maximum: float | None = None
) -> Callable[[Any], float]:
    """A check accepting a finite real number in ``[minimum, maximum]``."""
    return lambda value: check_real_option(name, value, minimum=minimum, maximum=maximum)


def positive(name: str, *, allow_inf: bool = False) -> Callable[[Any], float]:
    """A check accepting a real number ``> 0``."""
    return lambda value: check_positive_real(name, value, allow_inf=allow_inf)


def nonnegative(name: str, *, allow_inf: bool = False) -> Callable[[Any], float]:
    """A check accepting a real number ``>= 0``."""
    return lambda value: check_positive_real(name, value, allow_zero=True, allow_inf=allow_inf)


def optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The check ``check`` that also accepts None."""
    return lambda value: None if value is None else check(value)


def _integer(name: str) -> Callable[[Any], int]:
    # ``axis`` and the other integers of the signatures: any integer, not a bool.
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be int, got {value!r} ({type(value).__name__})")
        return int(value)

    return check


def is_array(value: Any) -> bool:
    """Whether ``value`` is an array of an Array API library (not a Python scalar)."""
    return array_api_compat.is_array_api_obj(value) and not isinstance(
        value, (numbers.Number, str, bytes)
    )


def _array(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None or is_array(value):
            return value
        hint = ""
        if isinstance(value, (list, tuple)):
            hint = f"; pass an array of your library, e.g. numpy.asarray({value!r})"
        raise TypeError(
            f"{name} must be an array (NumPy, CuPy, PyTorch, JAX, Dask or any Array API "
            f"library) or None, got {type(value).__name__}{hint}"
        )

    return check


def _callable(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is not None and not callable(value):
            raise TypeError(f"{name} must be callable or None, got {value!r}")
        return value

    return check


# ------------------------------------------------------------------ shared options

#: The shared parameter paragraphs, written once: ``{{name}}`` in a loss' docstring is
#: replaced by ``PARAGRAPHS[name]``, ``{{name:variant}}`` by ``PARAGRAPHS["name:variant"]``
#: (an option whose meaning comes in kinds, as a per-class or an elementwise ``weight``).
#: ``{default}`` is the function's default. Lines indented under a placeholder continue
#: its paragraph with what is particular to the loss.
PARAGRAPHS: Mapping[str, str] = types.MappingProxyType(
    {
        "reduction": """\
reduction : {"mean", "sum", "none", "sum_over_batch_size", "mean_with_sample_weight"}, \
default "mean"
    ``"mean"`` (weighted where weights are given), ``"sum"``, or ``"none"`` for the
    unreduced loss; Keras' ``"sum_over_batch_size"`` (the mean over the count) and
    ``"mean_with_sample_weight"`` (over the sum of the weights) with their meaning.""",
        "sample_weight": """\
sample_weight : array, optional
    A weight per entry of the unreduced loss (what ``reduction="none"`` returns):
    its number of dimensions, each of size 1 or equal; a boolean array is a mask.
    It scales the loss and enters the denominator of ``"mean"``.""",
        "weight": """\
weight : array, optional
    A weight per class (or per entry), multiplying the loss.""",
        "weight:class": """\
weight : array of shape (C,), optional
    A weight per class, :math:`w_c`, taken by each entry's target class.""",
        "weight:element": """\
weight : array, optional
    An elementwise weight :math:`w` that broadcasts to ``input``'s shape without
    changing it (trailing dimensions aligned), e.g. ``(C,)`` for ``(N, C)`` input.
    It scales the loss.""",
        "axis": """\
axis : int, default {default}
    The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``.""",
        "axis:tuple": """\
axis : int or tuple of int, default {default}
    The class axis of ``input``; ``axis=1`` is torch's ``(N, C, d1, ..., dK)``; a
    tuple names several class axes (optax).""",
        "axis:feature": """\
axis : int, default {default}
    The feature axis of ``input``: the axis of the vectors.""",
        "label_smoothing:binary": """\
label_smoothing : float in [0, 1], default {default}
    :math:`a`, the probability mass moved off the target: the target becomes
    :math:`y (1 - a) + a / 2` (Keras).""",
        "label_smoothing:classes": """\
label_smoothing : float in [0, 1], default {default}
    :math:`a`, the probability mass moved off the target and spread over the
    classes: :math:`(1 - a)\\, t + a / C` (torch's uniform smoothing).""",
        "smoothing_variant": """\
smoothing_variant : {"uniform", "others"}, default "uniform"
    Where the smoothed mass goes: ``"uniform"`` (torch, Keras, Paddle, optax) spreads
    :math:`a` over all :math:`C` classes, ``"others"`` over the :math:`C - 1`
    non-target classes (needs :math:`C \\ge 2` when :math:`a > 0`).""",
        "eps": """\
eps : float >= 0, default {default}
    A small constant that keeps a logarithm, a division or a norm finite.""",
        "convention": """\
convention : {"torch", "keras", "paddle"}, default "torch"
    The framework whose conventions the loss follows (:mod:`portloss.conventions`):
    what a ``"mean"`` divides by and returns when empty, how a lower-rank
    ``sample_weight`` aligns, and each knob of this loss left as None. Where the
    frameworks define this loss alike, only those reduction rules change.""",
        "from_logits": """\
from_logits : bool, default {default}
    Whether ``input`` holds logits (True) or probabilities (False).""",
        "probability_clip": """\
probability_clip : float in [0, 0.5), optional
    :math:`\\epsilon`: probabilities are clipped to :math:`[\\epsilon, 1 - \\epsilon]`
    before their logarithm (Keras clips at ``1e-7``); 0 clips nothing. None takes the
    convention's (0 for torch and Paddle, ``1e-7`` for Keras).""",
        "last_axis": """\
last_axis : {"keep", "mean"}, optional
    ``"mean"`` averages the elementwise loss over the last axis before any weight or
    reduction (Keras' per-sample loss: ``"none"`` returns ``input.shape[:-1]``);
    ``"keep"`` keeps every element (torch). None takes the convention's.""",
        "class_weight_mode": """\
class_weight_mode : {"per_class", "hard_target", "smoothed_target"}, optional
    Where ``weight`` meets the smoothed target: on each class term (torch), as the
    sample weight of the hard target (Keras), or as the sample weight
    :math:`\\sum_c w_c y'_{nc}` of the smoothed target (Paddle); None takes the
    convention's.""",
        "mean_denominator": """\
mean_denominator : {"weights", "count"}, optional
    What ``"mean"`` divides by: the sum of the applied weights (torch, Paddle) or the
    number of entries that take part (Keras); None takes the convention's.""",
        "mean_denominator:no_convention": """\
mean_denominator : {"weights", "count"}, default "weights"
    What ``"mean"`` divides by: the sum of the applied class and sample weights
    (torch's weighted mean) or the number of entries (MONAI and optax, which
    multiply the losses by the class weights and average).""",
        "empty_mean": """\
empty_mean : {"nan", "zero"}, optional
    What a ``"mean"`` over no entry returns: NaN (torch) or 0 (Keras, Paddle);
    None takes the convention's.""",
        "ignore_index": """\
ignore_index : int, default -100
    Class index whose targets take no part in the loss, its sums or its weights
    (class-index targets only).""",
        "ignore_index:label": """\
ignore_index : int, default -100
    Label value whose entries take no part in the loss (binary targets).""",
        "ignore_index:token": """\
ignore_index : int, default {default}
    Label of the token positions that take no part in the loss (nor in its
    ``"mean"``).""",
        "ignore_index:elementwise": """\
ignore_index : int or None, default {default}
    Entries whose target equals it take no part in the loss (None: every entry
    does).""",
        "empty_mean:no_convention": """\
empty_mean : {"nan", "zero"}, default {default}
    What a ``"mean"`` over no entry returns: NaN (torch) or 0 (Keras, Paddle).""",
        "label_smoothing:preference": """\
label_smoothing : float, default {default}
    :math:`\\varepsilon`, the probability that a preference label is flipped.""",
        "smooth": """\
smooth : float >= 0, default {default}
    Added to the numerator and the denominator of the ratio.""",
        "smooth_numerator": """\
smooth_numerator, smooth_denominator : float >= 0, optional
    The smoothing of the numerator or of the denominator alone; None takes
    ``smooth``.""",
    }
)

#: The shared options, one spec each, by name.
OPTIONS: Mapping[str, Option] = types.MappingProxyType(
    {
        option.name: option
        for option in (
            Option("reduction", check_reduction),
            Option("weight", _array("weight"), array=True),
            Option("sample_weight", _array("sample_weight"), array=True),
            Option("ignore_index", lambda value: check_integer("ignore_index", value)),
            Option("axis", _integer("axis")),
            Option("label_smoothing", lambda value: check_unit_interval("label_smoothing", value)),
            Option("smoothing_variant", choice("smoothing_variant", SmoothingVariant)),
            Option("convention", choice("convention", ConventionName)),
            Option(
                "class_weight_mode",
                choice("class_weight_mode", ClassWeightMode, none_ok=True),
            ),
            Option("mean_denominator", choice("mean_denominator", MeanDenominator, none_ok=True)),
            Option("empty_mean", choice("empty_mean", EmptyMean, none_ok=True)),
            Option("last_axis", choice("last_axis", LastAxis, none_ok=True)),
            Option("probability_clip", check_probability_clip),
            Option("from_logits", lambda value: check_bool_option("from_logits", value)),
            Option("smooth", nonnegative("smooth", allow_inf=True)),
            Option("smooth_numerator", optional(nonnegative("smooth_numerator", allow_inf=True))),
            Option(
                "smooth_denominator",
                optional(nonnegative("smooth_denominator", allow_inf=True)),
            ),
            Option("eps", nonnegative("eps")),
        )
    }
)


def check_option(name: str, value: Any) -> Any:
    """Check the shared option ``name`` by its spec: the check the loss objects run.

    The loss functions call it for their shared options (``reduction``, ``eps``, ...),
    so a function and its object accept the same values with the same messages.
    """
    return OPTIONS[name].check(value)


#: ``kl_div``'s reduction (torch's ``"batchmean"`` too).
KL_REDUCTION = Option(
    "reduction",
    lambda value: check_reduction(value, get_args(KLReduction)),
    """\
reduction : {"mean", "batchmean", "sum", "none", "sum_over_batch_size", \
"mean_with_sample_weight"}, default "mean"
    ``"mean"`` averages the pointwise terms over all elements, ``"batchmean"``
    divides their sum by ``input.shape[0]``, ``"sum"`` sums them, ``"none"``
    returns them; Keras' two names of a mean with their meaning.""",
)


def _alpha(value: Any) -> Any:
    if value is None or is_array(value):
        return value
    if isinstance(value, (list, tuple)):
        return _array("alpha")(value)
    return check_real_option("alpha", value, minimum=0.0)


#: The segmentation losses' ``mean_denominator`` (no convention there: None is refused).
SEGMENTATION_MEAN = Option("mean_denominator", choice("mean_denominator", MeanDenominator))
#: The segmentation losses' ``activation`` (applied to ``input`` first), or None.
ACTIVATION = Option("activation", lambda value: _activation(value))


def _activation(value: Any) -> Any:
    if value is None or (isinstance(value, str) and value in get_args(Activation)):
        return value
    raise ValueError(f"activation must be None, 'softmax' or 'sigmoid', got {value!r}")


#: A class-balancing factor that is a number or an array of one per class.
ALPHA = Option("alpha", _alpha, array=True)


# ------------------------------------------------- option values in loss objects


def normalize_option(value: Any) -> Any:
    """A numeric option as a Python number (``int`` or ``float``), items of lists too.

    ``np.float32(0.1) == 0.1`` holds while their hashes differ, so objects built from
    either would be equal but hash differently. Booleans and arrays are kept as given.
    """
    if isinstance(value, bool) or (is_array(value) and not isinstance(value, numbers.Number)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple)):
        return type(value)(normalize_option(v) for v in value)
    return value


class _ByIdentity:
    """An array-valued option in an equality/hash key: compared with ``is``."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByIdentity) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def option_key(value: Any) -> Any:
    """A hashable stand-in for an option value (arrays and unhashables by identity)."""
    if value is None or isinstance(value, (str, bytes, bool, numbers.Number)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(option_key(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(option_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted(((k, option_key(v)) for k, v in value.items()), key=repr))
    try:
        hash(value)
    except TypeError:
        return _ByIdentity(value)
    return _ByIdentity(value) if is_array(value) else value


# ---------------------------------------------------------- reading a signature


def _from_annotation(name: str, annotation: Any, default: Any) -> Option:
    """The spec of an option that has no shared or loss-specific one."""
    args = get_args(annotation)
    origin = get_origin(annotation)
    union = origin is typing.Union or origin is types.UnionType
    if union and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        inner = _from_annotation(name, rest[0] if len(rest) == 1 else Any, default)
        if inner.array:
            return inner
        return Option(name, optional(inner.check), array=inner.array)
    if union:
        return Option(name, lambda value: value)  # e.g. ``bool | str``: the function checks
    if origin is Literal:
        return Option(name, choice(name, annotation))
    if annotation is bool:
        return Option(name, lambda value: check_bool_option(name, value))
    if annotation is int:
        return Option(name, lambda value: check_integer(name, value))
    if annotation is float:
        return Option(name, real(name))
    if origin is collections.abc.Callable or annotation is collections.abc.Callable:
        return Option(name, _callable(name))
    if annotation is Any and default is None:
        return Option(name, _array(name), array=True)
    return Option(name, lambda value: value)


def _table(function: Callable[..., Any], specific: Mapping[str, Option]) -> dict[str, Option]:
    hints = typing.get_type_hints(function)
    table: dict[str, Option] = {}
    for param in inspect.signature(function).parameters.values():
        if param.kind is not param.KEYWORD_ONLY:
            continue
        if param.name in specific:
            table[param.name] = specific[param.name]
        elif param.name in OPTIONS:
            table[param.name] = OPTIONS[param.name]
        else:
            annotation = hints.get(param.name, Any)
            table[param.name] = _from_annotation(param.name, annotation, param.default)
    unknown = set(specific) - set(table)
    if unknown:
        raise TypeError(f"{function.__name__} has no keyword-only options {sorted(unknown)}")
    return table


def loss_options(**specific: Option | Callable[[Any], Any]) -> Callable[[F], F]:
    """Decorator: record a loss' specific options and substitute the shared paragraphs.

    Parameters
    ----------
    **specific : Option or callable
        The loss-specific options by name: an :class:`Option`, or a check alone (the
        function's docstring documents the option). Every other option gets the shared
        spec of its name, else a spec read from its annotation.

    Returns
    -------
    callable
        The decorator; it returns the function itself.
    """
    options = {
        name: value if isinstance(value, Option) else Option(name, value)
        for name, value in specific.items()
    }

    def decorate(function: F) -> F:
        # The table is read from the annotations on first use (options_of): resolving
        # them for every loss at import would slow ``import portloss`` down.
        function.__portloss_specific__ = options  # type: ignore[attr-defined]
        function.__doc__ = substitute_docs(
            function.__doc__, options, getattr(function, "__kwdefaults__", None) or {}
        )
        return function

    return decorate


_PLACEHOLDER = re.compile(
    r"^(?P<indent>[ \t]*)\{\{(?P<name>\w+)(?::(?P<variant>\w+))?\}\}[ \t]*$", re.M
)


def _format_default(value: Any) -> str:
    # As the docstrings write defaults: "mean" in double quotes, 1e-6 without the 0.
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value).replace("e-0", "e-")


def substitute_docs(
    doc: str | None,
    specific: Mapping[str, Option] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> str | None:
    """Replace each ``{{name}}`` (``{{name:variant}}``) line of a docstring by its paragraph.

    The shared parameter paragraphs are written once, in :data:`PARAGRAPHS`; a loss'
    docstring holds a placeholder line where the paragraph goes, at the indentation of
    its Parameters section. Lines indented under the placeholder stay and continue the
    paragraph (what is particular to the loss).

    Parameters
    ----------
    doc : str or None
        The docstring.
    specific : mapping of str to Option, optional
        The loss-specific options; the ``doc`` of one is used for ``{{name}}``.
    defaults : mapping of str to object, optional
        The function's keyword defaults, written where a paragraph says ``{default}``.

    Returns
    -------
    str or None
        The docstring with the paragraphs in place.

    Raises
    ------
    ValueError
        For a placeholder without a paragraph, or whose paragraph needs a default the
        function does not have.
    """
    if doc is None:
        return None
    specific = specific or {}
    defaults = defaults or {}

    def paragraph(match: re.Match[str]) -> str:
        name, variant = match["name"], match["variant"]
        option = specific.get(name)
        text = PARAGRAPHS.get(name if variant is None else f"{name}:{variant}", "")
        if variant is None and option is not None and option.doc:
            text = option.doc
        if not text or ("{default}" in text and name not in defaults):
            raise ValueError(f"no shared paragraph for the placeholder {match[0].strip()}")
        if "{default}" in text:
            text = text.replace("{default}", _format_default(defaults[name]))
        return textwrap.indent(text, match["indent"])

    return _PLACEHOLDER.sub(paragraph, doc)


def options_of(function: Callable[..., Any]) -> dict[str, Option]:
    """The option table of a loss function (read from its signature when undecorated).

    Parameters
    ----------
    function : callable
        A public loss.

    Returns
    -------
    dict of str to Option
        Every keyword-only option, in signature order.
    """
    table = getattr(function, "__portloss_options__", None)
    if table is None:
        table = _table(function, getattr(function, "__portloss_specific__", {}))
        with contextlib.suppress(AttributeError, TypeError):  # e.g. a builtin
            function.__portloss_options__ = table  # type: ignore[attr-defined]
    return dict(table)
