"""Loss objects: every public loss as a callable class with its options bound.

``CrossEntropyLoss(weight=w, label_smoothing=0.1)(input, target)`` returns
``portloss.cross_entropy(input, target, weight=w, label_smoothing=0.1)``. The classes
are plain code in ``portloss/_objects_generated.py``, written by
``tools/generate_objects.py``; :class:`Loss` holds what they share: the options
checked by their specs at construction (no loss is evaluated), equality and hashing
(arrays by identity, so objects can be ``static_argnums`` of :func:`jax.jit`),
immutability, ``replace`` and pickling (by class name and non-default options).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any, ClassVar

from ._namespace import _library
from ._options import Option, is_array, normalize_option, option_key, options_of
from ._typing import Array
from .conventions import CONVENTION_DEFAULT, convention_defaults_of

#: Keyword-only parameters that are per-batch arrays: keywords of the call.
CALL_KEYWORDS: tuple[str, ...] = ("sample_weight", "mask")


@dataclass(frozen=True)
class LossSpec:
    """What a loss object needs to know about its function (from its signature)."""

    function_name: str
    function: Callable[..., Any]
    arguments: tuple[inspect.Parameter, ...]  # positional-only arrays
    call_keywords: tuple[inspect.Parameter, ...]  # per-batch keyword arrays
    options: tuple[inspect.Parameter, ...]  # keyword-only options
    #: Reads the option specs (:mod:`portloss._options`) by name, on first use.
    read_table: Callable[[], Mapping[str, Option]] = field(compare=False, repr=False)

    @classmethod
    def of(cls, function: Callable[..., Any]) -> LossSpec:
        """The spec of a loss function, read from its signature."""
        params = list(inspect.signature(function).parameters.values())
        keywords = [p for p in params if p.kind is p.KEYWORD_ONLY]
        return cls(
            function_name=function.__name__,
            function=function,
            arguments=tuple(p for p in params if p.kind is p.POSITIONAL_ONLY),
            call_keywords=tuple(p for p in keywords if p.name in CALL_KEYWORDS),
            options=tuple(p for p in keywords if p.name not in CALL_KEYWORDS),
            read_table=partial(options_of, function),
        )

    @property
    def table(self) -> Mapping[str, Option]:
        """The option specs by name (read from the function's annotations once)."""
        return self.read_table()

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


def loss_specs() -> dict[str, LossSpec]:
    """The spec of every loss object class, by class name, in name order."""
    classes = sorted(Loss.__subclasses__(), key=lambda cls: cls.__name__)
    return {cls.__name__: cls.spec for cls in classes}


# ------------------------------------------------------------------- option checks


def check_names(spec: LossSpec, given: Mapping[str, Any], owner: str) -> None:
    """Refuse a keyword of class ``owner`` that is not an option, saying what it is."""
    for name in given:
        if name == "self" or name in spec.option_names:
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


def check_options(spec: LossSpec, given: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """Check the options given to class ``owner``; return them all, defaults filled in.

    Each option that is not its default is checked by its spec (no loss is evaluated),
    with ``owner`` in the message. A ``"self"`` entry is ignored.
    """
    check_names(spec, given, owner)
    full: dict[str, Any] = {}
    own = convention_defaults_of(spec.function, given.get("convention", "torch"))
    for param in spec.options:
        value = given.get(param.name, CONVENTION_DEFAULT)
        if value is CONVENTION_DEFAULT:
            value = own.get(param.name, param.default)
        if value is param.empty:
            raise TypeError(f"{owner} needs the keyword argument {param.name!r}")
        if value is not param.default:
            try:
                spec.table[param.name].check(value)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{owner}: {error}") from None
            value = normalize_option(value)
        full[param.name] = value
    return full


# ---------------------------------------------------------- equality, hash and repr


def format_option(value: Any) -> str:
    """A short form of an option for a ``repr``: arrays by library, shape and dtype."""
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
    """The options that differ from the function's defaults (under the options'
    convention), in signature order."""
    defaults = {
        **spec.defaults,
        **convention_defaults_of(spec.function, options.get("convention", "torch")),
    }
    return {
        name: value
        for name, value in options.items()
        if name not in defaults or option_key(value) != option_key(defaults[name])
    }


def shown(spec: LossSpec, options: Mapping[str, Any]) -> str:
    """The options that differ from the defaults, as ``name=value, ...`` for a repr."""
    given = non_default_options(spec, options)
    return ", ".join(f"{k}={format_option(v)}" for k, v in given.items())


def call_function(
    spec: LossSpec,
    owner: str,
    arrays: tuple[Any, ...],
    options: Mapping[str, Any],
    keywords: Mapping[str, Any],
) -> Any:
    """Check the arrays and call keywords given to an object of ``owner``; call its loss."""
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
        if key in call_names:
            continue
        if key in options:
            raise TypeError(
                f"{owner}: {key} is an option, set when the object is built: "
                f"{owner}({key}=...), or criterion.replace({key}=...)"
            )
        allowed = ", ".join(call_names) or "none"
        raise TypeError(
            f"{owner} got an unexpected keyword argument {key!r}; its call keywords are {allowed}"
        )
    return spec.function(*arrays, **options, **keywords)


# ------------------------------------------------------------------- the base class


def _rebuild(class_name: str, options: dict[str, Any]) -> Loss:
    """Unpickle a loss object: its class by name, then its options."""
    cls = globals().get(class_name)
    if not (isinstance(cls, type) and issubclass(cls, Loss)):
        raise AttributeError(f"{__name__} has no loss object {class_name!r}")
    return cls(**options)


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
        cls.spec = LossSpec.of(function)
        cls.__module__ = __name__  # the classes are used, and documented, from here

    def __new__(cls, **options: Any) -> Loss:
        # Before __init__, so that a wrong keyword gets a message that lists the options.
        if not hasattr(cls, "spec"):
            raise TypeError(
                "Loss is the base class of the loss objects; build one of its "
                "subclasses, e.g. portloss.objects.CrossEntropyLoss()"
            )
        check_names(cls.spec, options, cls.__name__)
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
        """A copy with the options ``changes`` changed, checked as by the constructor."""
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
        return f"{type(self).__name__}({shown(self.spec, self._options)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self).__name__, non_default_options(self.spec, self._options)))


from ._objects_generated import *  # noqa: E402, F403  (the classes need Loss above)

__all__ = sorted(["Loss", *(cls.__name__ for cls in Loss.__subclasses__())])
