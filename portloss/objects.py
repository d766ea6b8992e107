"""Loss objects: every public loss as a callable class with its options bound.

``CrossEntropyLoss(weight=w, label_smoothing=0.1)`` holds the options of
:func:`portloss.cross_entropy`; calling it, ``criterion(input, target)``, returns
``portloss.cross_entropy(input, target, weight=w, label_smoothing=0.1)``.

- **The classes** are plain code in ``portloss/_objects_generated.py``, written by
  ``tools/generate_objects.py`` from the functions' signatures (a test fails when it is
  out of date): ``__init__`` takes the function's keyword-only options, ``__call__`` its
  arrays and the per-batch keywords :data:`CALL_KEYWORDS`. Which functions are losses:
  every function of ``portloss.__all__`` with the loss signature, except the helpers
  (:data:`HELPERS`, :data:`HELPER_MODULES`). Names: torch's where torch has the loss
  (:data:`TORCH_NAMES`), else CamelCase ending in ``Loss`` (:func:`class_name`).
- **Validation at construction**: each option given is checked by its spec
  (:mod:`portloss._options`), the check the function makes of it, with the class name in
  the message; checks that need the arrays (``axis`` against ``input.ndim``, a class
  weight's length) run at the call.
- **Equality and hashing.** Two objects are equal when they are of one class and their
  options are equal; options that are arrays compare and hash by identity (``is``), so
  no array value is ever read (no host sync, and traced arrays work). Objects are
  immutable and hashable, so they can be ``static_argnums`` of :func:`jax.jit`.
- **Pickling** by class name and the options that differ from the defaults.
"""

from __future__ import annotations

import importlib
import inspect
import numbers
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from ._namespace import _library
from ._options import Option, is_array, options_of
from ._typing import Array

#: Names of ``portloss.__all__`` that are helpers, not losses (no loss object).
HELPERS: frozenset[str] = frozenset({"class_weights", "one_hot", "smooth_labels"})
#: Modules whose functions are helpers, not losses.
HELPER_MODULES: tuple[str, ...] = ("portloss.labels",)
#: Keyword-only parameters that are per-batch arrays: keywords of the call.
CALL_KEYWORDS: tuple[str, ...] = ("sample_weight", "mask")
#: torch's class name for each torch loss, by ``torch.nn.functional`` name.
TORCH_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "binary_cross_entropy": "BCELoss",
        "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
        "cosine_embedding_loss": "CosineEmbeddingLoss",
        "cross_entropy": "CrossEntropyLoss",
        "ctc_loss": "CTCLoss",
        "gaussian_nll_loss": "GaussianNLLLoss",
        "hinge_embedding_loss": "HingeEmbeddingLoss",
        "huber_loss": "HuberLoss",
        "kl_div": "KLDivLoss",
        "l1_loss": "L1Loss",
        "linear_cross_entropy": "LinearCrossEntropyLoss",
        "margin_ranking_loss": "MarginRankingLoss",
        "mse_loss": "MSELoss",
        "multi_margin_loss": "MultiMarginLoss",
        "multilabel_margin_loss": "MultiLabelMarginLoss",
        "multilabel_soft_margin_loss": "MultiLabelSoftMarginLoss",
        "nll_loss": "NLLLoss",
        "poisson_nll_loss": "PoissonNLLLoss",
        "smooth_l1_loss": "SmoothL1Loss",
        "soft_margin_loss": "SoftMarginLoss",
        "triplet_margin_loss": "TripletMarginLoss",
        "triplet_margin_with_distance_loss": "TripletMarginWithDistanceLoss",
    }
)

_PACKAGE = __name__.rpartition(".")[0]


# ------------------------------------------------------------------------ the specs


def class_name(function_name: str) -> str:
    """The loss object's class name for a loss function's name.

    Parameters
    ----------
    function_name : str
        The function's name, e.g. ``"cross_entropy"``.

    Returns
    -------
    str
        torch's name where torch has the loss, else the CamelCase name ending in
        ``Loss``.
    """
    if function_name in TORCH_NAMES:
        return TORCH_NAMES[function_name]
    parts = [p for p in function_name.split("_") if p]
    if parts and parts[-1] == "loss":
        parts = parts[:-1]
    return "".join(p[:1].upper() + p[1:] for p in parts) + "Loss"


@dataclass(frozen=True)
class LossSpec:
    """What a loss object needs to know about its function (from its signature)."""

    function_name: str
    class_name: str
    function: Callable[..., Any]
    arguments: tuple[inspect.Parameter, ...]  # positional-only arrays
    call_keywords: tuple[inspect.Parameter, ...]  # per-batch keyword arrays
    options: tuple[inspect.Parameter, ...]  # keyword-only options
    #: The option specs (:mod:`portloss._options`) by name, read on first use.
    table: Mapping[str, Option]

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.options)

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.options if p.default is not p.empty}

    @property
    def required_arrays(self) -> int:
        return sum(p.default is p.empty for p in self.arguments)

    def maybe_array(self, name: str) -> bool:
        """Whether option ``name`` holds an array (or None): its spec says so."""
        return self.table[name].array


def loss_signature_problem(function: Callable[..., Any]) -> str | None:
    """Why ``function`` does not have the loss signature, or None when it has it."""
    try:
        params = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return "it has no inspectable signature"
    kinds = [p.kind for p in params]
    if not kinds or kinds[0] is not inspect.Parameter.POSITIONAL_ONLY:
        return "it takes no positional-only array"
    odd = [p.name for p in params if p.kind not in (p.POSITIONAL_ONLY, p.KEYWORD_ONLY)]
    if odd:
        return f"its parameters {odd} are neither positional-only arrays nor keyword-only"
    return None


def is_loss(name: str, obj: Any) -> bool:
    """Whether ``portloss.<name>`` is a loss that gets a loss object.

    Parameters
    ----------
    name : str
        The public name.
    obj : object
        ``portloss.<name>``.

    Returns
    -------
    bool
        True for a function that is not a helper (:data:`HELPERS`,
        :data:`HELPER_MODULES`) and has the loss signature.
    """
    if name in HELPERS or not inspect.isfunction(obj):
        return False
    if getattr(obj, "__module__", None) in HELPER_MODULES:
        return False
    return loss_signature_problem(obj) is None


def _public_names() -> list[str]:
    package = importlib.import_module(_PACKAGE)
    names = getattr(package, "__all__", None)
    if names is None:
        raise ImportError(
            f"{__name__} needs {_PACKAGE}.__all__, which is not defined yet: in "
            f"{_PACKAGE}/__init__.py import objects after the line that defines __all__"
        )
    return [n for n in names if hasattr(package, n)]


def _spec(name: str, function: Callable[..., Any]) -> LossSpec:
    params = list(inspect.signature(function).parameters.values())
    arguments = tuple(p for p in params if p.kind is p.POSITIONAL_ONLY)
    keywords = [p for p in params if p.kind is p.KEYWORD_ONLY]
    return LossSpec(
        function_name=name,
        class_name=class_name(name),
        function=function,
        arguments=arguments,
        call_keywords=tuple(p for p in keywords if p.name in CALL_KEYWORDS),
        options=tuple(p for p in keywords if p.name not in CALL_KEYWORDS),
        table=_LazyTable(function),
    )


class _LazyTable(Mapping[str, Option]):
    """A loss' option table, read from its function when first looked at."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function
        self._table: dict[str, Option] | None = None

    def _get(self) -> dict[str, Option]:
        if self._table is None:
            self._table = options_of(self._function)
        return self._table

    def __getitem__(self, name: str) -> Option:
        return self._get()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def loss_specs() -> dict[str, LossSpec]:
    """The spec of every loss object class, by class name, in name order.

    The adapters of :mod:`portloss.torch` and :mod:`portloss.keras` are built from
    these (the same objects as the classes' ``spec``).

    Returns
    -------
    dict of str to LossSpec
        One entry per loss object class.
    """
    return {cls.__name__: cls.spec for cls in sorted(Loss.__subclasses__(), key=_name)}


def _name(cls: type) -> str:
    return cls.__name__


def _read_specs() -> dict[str, LossSpec]:
    package = importlib.import_module(_PACKAGE)
    specs: dict[str, LossSpec] = {}
    for name in sorted(_public_names()):
        obj = getattr(package, name)
        if not is_loss(name, obj):
            continue
        spec = _spec(name, obj)
        if spec.class_name in specs:
            other = specs[spec.class_name].function_name
            raise ImportError(f"{name} and {other} would both be named {spec.class_name}")
        specs[spec.class_name] = spec
    return specs


# ------------------------------------------------------------------- option checks


def check_option_names(spec: LossSpec, options: Mapping[str, Any], owner: str) -> None:
    """Refuse a keyword that is not an option, saying what it is instead.

    Parameters
    ----------
    spec : LossSpec
        The loss.
    options : mapping of str to object
        The keywords given to the constructor.
    owner : str
        The class name, for the messages.

    Raises
    ------
    TypeError
        For an unknown keyword or a call array passed as an option.
    """
    for name in options:
        if name in spec.option_names:
            continue
        if any(p.name == name for p in spec.call_keywords):
            raise TypeError(
                f"{owner}: {name} is an array of each call, not an option; pass it when "
                f"calling: criterion(..., {name}=...)"
            )
        raise TypeError(
            f"{owner} got an unexpected keyword argument {name!r}; its options are "
            f"{', '.join(spec.option_names) or 'none'}"
        )


def check_options(spec: LossSpec, options: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """Validate ``options`` with their specs; return all options, defaults filled in.

    Each option that is not its default is checked by its spec's ``check`` (the check
    the function makes of it), with ``owner`` added to the message; no loss is
    evaluated.

    Parameters
    ----------
    spec : LossSpec
        The loss.
    options : mapping of str to object
        The options given (a ``"self"`` entry is ignored).
    owner : str
        The class name, for the messages.

    Returns
    -------
    dict of str to object
        Every option of the loss, in signature order.

    Raises
    ------
    TypeError
        For an unknown keyword, a missing required option, or an option of the wrong
        type.
    ValueError
        For an option value the function refuses.
    """
    check_option_names(spec, {k: v for k, v in options.items() if k != "self"}, owner)
    full: dict[str, Any] = {}
    for param in spec.options:
        if param.name not in options:
            if param.default is param.empty:
                raise TypeError(f"{owner} needs the keyword argument {param.name!r}")
            full[param.name] = param.default
            continue
        value = options[param.name]
        if value is not param.default:
            try:
                spec.table[param.name].check(value)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{owner}: {error}") from None
            value = normalize_option(value)
        full[param.name] = value
    return full


# ---------------------------------------------------------- equality, hash and repr


def normalize_option(value: Any) -> Any:
    """A numeric option as a Python number: integers as ``int``, real numbers as ``float``.

    ``np.float32(0.1) == 0.1`` holds (NumPy compares in float32) while their hashes
    differ, so objects built from either would be equal but hash differently; as Python
    numbers they are simply two different floats. Lists and tuples are normalised item
    by item; booleans, arrays (0-d included) and everything else are kept as given.

    Parameters
    ----------
    value : object
        An option value.

    Returns
    -------
    object
        The value, with NumPy (and other) scalar numbers turned into Python numbers.
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
    """A hashable stand-in for an option value, equal exactly when the options are.

    Parameters
    ----------
    value : object
        An option value.

    Returns
    -------
    object
        The value itself for hashable scalars; arrays and other unhashable values by
        identity; lists and tuples as tuples of keys.
    """
    if value is None or isinstance(value, (str, bytes, bool, numbers.Number)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(option_key(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(option_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted(((k, option_key(v)) for k, v in value.items()), key=repr))
    if is_array(value):
        return _ByIdentity(value)
    try:
        hash(value)
    except TypeError:
        return _ByIdentity(value)
    return value


def format_option(value: Any) -> str:
    """A short, readable form of an option value for a ``repr``.

    Parameters
    ----------
    value : object
        An option value.

    Returns
    -------
    str
        ``repr(value)`` for scalars, ``<numpy array shape=(3,) dtype=float64>`` for
        arrays, the qualified name for functions and classes.
    """
    if is_array(value):
        shape = tuple(getattr(value, "shape", ()))
        return f"<{_library(value)} array shape={shape} dtype={getattr(value, 'dtype', '?')}>"
    if isinstance(value, (list, tuple)):
        items = ", ".join(format_option(v) for v in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' * (len(value) == 1)})"
    if inspect.isfunction(value) or inspect.isclass(value) or inspect.isbuiltin(value):
        return getattr(value, "__qualname__", getattr(value, "__name__", repr(value)))
    return repr(value)


def non_default_options(spec: LossSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options that differ from the function's defaults, in signature order."""
    defaults = spec.defaults
    return {
        name: value
        for name, value in options.items()
        if name not in defaults or option_key(value) != option_key(defaults[name])
    }


def call_function(
    spec: LossSpec,
    owner: str,
    arrays: tuple[Any, ...],
    options: Mapping[str, Any],
    keywords: Mapping[str, Any],
) -> Any:
    """Check the call arguments of a loss object and call its function.

    Parameters
    ----------
    spec : LossSpec
        The loss.
    owner : str
        The class name, for the messages.
    arrays : tuple
        The positional arrays.
    options : mapping of str to object
        The options.
    keywords : mapping of str to object
        The call keywords (``sample_weight``, ``mask``).

    Returns
    -------
    array
        The function's result.
    """
    names = [p.name for p in spec.arguments]
    if not spec.required_arrays <= len(arrays) <= len(names):
        count = (
            str(len(names))
            if spec.required_arrays == len(names)
            else f"{spec.required_arrays} to {len(names)}"
        )
        raise TypeError(
            f"{owner} takes {count} positional arrays ({', '.join(names)}), got {len(arrays)}"
        )
    call_names = [p.name for p in spec.call_keywords]
    for key in keywords:
        if key not in call_names:
            if key in options:
                raise TypeError(
                    f"{owner}: {key} is an option, set when the object is built: "
                    f"{owner}({key}=...), or criterion.replace({key}=...)"
                )
            allowed = ", ".join(call_names) or "none"
            raise TypeError(
                f"{owner} got an unexpected keyword argument {key!r}; its call keywords "
                f"are {allowed}"
            )
    return spec.function(*arrays, **options, **keywords)


# ------------------------------------------------------------------- the base class


def _rebuild(class_name: str, options: dict[str, Any]) -> Loss:
    """Unpickle a loss object: its class by name, then its options."""
    cls = globals().get(class_name)
    if not (isinstance(cls, type) and issubclass(cls, Loss)):
        raise AttributeError(f"{__name__} has no loss object {class_name!r}")
    return cls(**options)


_DOC = """{summary}

Loss object of :func:`portloss.{fname}`: ``criterion({call})`` returns
``portloss.{fname}({passed}, **options)`` with the options given to the constructor,
which are checked when the object is built. Objects are immutable, compare and hash by
their options (arrays by identity) and pickle.

Parameters
----------
{names} : object
    The options of :func:`portloss.{fname}`, documented there, with its defaults.

See Also
--------
portloss.{fname} : The function the object calls.
"""
_EXAMPLES = """
Examples
--------
>>> from portloss.objects import {cname}
>>> {cname}()
{cname}()
>>> {cname}() == {cname}(**{cname}().options)
True
"""


def _docstring(spec: LossSpec) -> str:
    # The first paragraph only (inspect.getdoc of every loss would slow the import).
    first = (spec.function.__doc__ or "").strip().partition("\n\n")[0]
    summary = " ".join(first.split()) or f"Loss object of {spec.function_name}."
    call = ", ".join(
        [*(p.name for p in spec.arguments), *(f"{p.name}=None" for p in spec.call_keywords)]
    )
    passed = ", ".join(
        [*(p.name for p in spec.arguments), *(f"{p.name}={p.name}" for p in spec.call_keywords)]
    )
    text = _DOC.format(
        summary=summary,
        fname=spec.function_name,
        call=call,
        passed=passed,
        names=", ".join(spec.option_names),
    )
    if not spec.options:
        text = text.replace("\nParameters\n----------\n : object\n", "\n").replace(
            "    The options of", "The options of"
        )
    if all(p.default is not p.empty for p in spec.options):
        text += _EXAMPLES.format(cname=spec.class_name)
    return text


class Loss:
    """Base class of the loss objects: a loss function with its options bound.

    The loss objects of :mod:`portloss.objects` (``CrossEntropyLoss``, ``MSELoss``,
    ...) are its subclasses, one per loss function; this class holds what they share:
    validation, ``repr``, equality, hashing, pickling and :meth:`replace`.

    Parameters
    ----------
    **options : object
        The keyword-only options of the loss function, with the function's defaults.

    See Also
    --------
    portloss.objects.CrossEntropyLoss : A loss object.

    Examples
    --------
    >>> import numpy as np
    >>> from portloss.objects import CrossEntropyLoss, Loss
    >>> criterion = CrossEntropyLoss(label_smoothing=0.1)
    >>> isinstance(criterion, Loss)
    True
    >>> criterion
    CrossEntropyLoss(label_smoothing=0.1)
    >>> criterion == CrossEntropyLoss(label_smoothing=0.1, reduction="mean")
    True
    >>> criterion.replace(reduction="sum")
    CrossEntropyLoss(reduction='sum', label_smoothing=0.1)
    >>> logits = np.array([[1.5, 2.0, 0.5], [1.0, 0.5, 2.5]])
    >>> print(f"{criterion(logits, np.array([1, 2])):.6f}")
    0.546910
    """

    __slots__ = ("__weakref__", "_key", "_options")

    #: The loss function this class calls (set by each subclass).
    function: ClassVar[Callable[..., Any]]
    #: The function's signature, split into call arrays, call keywords and options.
    spec: ClassVar[LossSpec]

    def __init_subclass__(
        cls, *, function: Callable[..., Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if function is None:  # a subclass of a loss object: the loss is its base's
            return
        cls.function = staticmethod(function)
        cls.spec = _spec(function.__name__, function)
        cls.__module__ = __name__  # the classes are used, and documented, from here
        if not cls.__dict__.get("__doc__"):
            cls.__doc__ = _docstring(cls.spec)

    def __new__(cls, **options: Any) -> Loss:
        # Before __init__, so that a wrong keyword gets a message that lists the options.
        if not hasattr(cls, "spec"):
            raise TypeError(
                "Loss is the base class of the loss objects; build one of its "
                "subclasses, e.g. portloss.objects.CrossEntropyLoss()"
            )
        check_option_names(cls.spec, options, cls.__name__)
        return super().__new__(cls)

    def __init__(self, **options: Any) -> None:
        self._set_options(options)

    def _set_options(self, given: Mapping[str, Any]) -> None:
        full = check_options(self.spec, given, type(self).__name__)
        object.__setattr__(self, "_options", MappingProxyType(full))
        key = tuple((name, option_key(value)) for name, value in full.items())
        object.__setattr__(self, "_key", key)

    @property
    def options(self) -> Mapping[str, Any]:
        """Every option of the object, the defaults included (read-only)."""
        return self._options

    def __call__(self, *arrays: Array, **keywords: Array) -> Array:
        return call_function(self.spec, type(self).__name__, arrays, self._options, keywords)

    def replace(self, **changes: Any) -> Loss:
        """Return a copy with some options changed (validated like the constructor's).

        Parameters
        ----------
        **changes : object
            The options to change.

        Returns
        -------
        Loss
            A new object of the same class.
        """
        return type(self)(**{**non_default_options(self.spec, self._options), **changes})

    def __getattr__(self, name: str) -> Any:
        # Options read as attributes, as torch's loss modules: ``criterion.reduction``.
        if not name.startswith("_"):
            try:
                options = object.__getattribute__(self, "_options")
            except AttributeError:
                pass
            else:
                if name in options:
                    return options[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"{type(self).__name__} objects are immutable (they are hashable); "
            f"use criterion.replace({name}=...) for one with another option"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Loss):
            return NotImplemented
        return type(self) is type(other) and self._key == other._key

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key))

    def __repr__(self) -> str:
        shown = non_default_options(self.spec, self._options)
        inner = ", ".join(f"{k}={format_option(v)}" for k, v in shown.items())
        return f"{type(self).__name__}({inner})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self).__name__, non_default_options(self.spec, self._options)))


from ._objects_generated import *  # noqa: E402, F403  (the classes need Loss above)

__all__ = sorted(["Loss", *(cls.__name__ for cls in Loss.__subclasses__())])
