"""Loss objects: every public loss as a callable class, generated from its function.

``CrossEntropyLoss(weight=w, label_smoothing=0.1)`` holds the options of
:func:`portloss.cross_entropy`; calling it with the arrays,
``criterion(input, target)``, returns ``portloss.cross_entropy(input, target,
weight=w, label_smoothing=0.1)``. The classes are generated when this module is imported,
one per loss of ``portloss.__all__``, so a loss added to a topic module gets its class
without an edit here.

- **Which names are losses.** Every function of ``portloss.__all__`` except the label
  helpers: the names in :data:`HELPERS` and every function defined in a module of
  :data:`HELPER_MODULES`. A loss has the loss signature (one or more positional-only
  arrays, then only keyword-only options); a function without it gets no class (the
  test suite fails until it is listed in :data:`HELPERS`).
- **Names.** torch's class name where torch has the loss (:data:`TORCH_NAMES`:
  ``nll_loss`` -> ``NLLLoss``, ``binary_cross_entropy`` -> ``BCELoss``), otherwise
  CamelCase of the function name with a final ``Loss`` (``dice_loss`` -> ``DiceLoss``,
  ``js_divergence`` -> ``JsDivergenceLoss``).
- **Constructor and call.** The keyword-only options become the constructor's
  keywords, with the function's defaults. The positional-only arrays are the call's
  arguments; the per-batch arrays ``sample_weight`` and ``mask`` (:data:`CALL_KEYWORDS`)
  are keywords of the call, not options.
- **Validation at construction.** The function's own option checks run when the object
  is built: the function is called with the options and stand-in arrays that stop it at
  its first look at an array, so every check it makes before that (reduction, smoothing
  in [0, 1], knob values, types of scalar options, ``weight`` being an array at all)
  raises from the constructor, with the function's message. Options annotated ``int``,
  ``bool`` or ``str`` are also type-checked there. Checks that need the arrays (``axis``
  against ``input.ndim``, a class weight's length) run at the call.
- **Equality and hashing.** Two objects are equal when they are of one class and their
  options are equal; options that are arrays compare and hash by identity (``is``), so
  no array value is ever read (no host sync, and traced arrays work). Objects are
  immutable and hashable, so they can be ``static_argnums`` of :func:`jax.jit`.
- **Pickling.** By class name and the options that differ from the defaults, so
  instances pickle although their classes are generated.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import importlib
import inspect
import numbers
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, cast

import array_api_compat

from ._namespace import _library

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
        """Whether option ``name`` may hold an array (annotated ``Any``, default None)."""
        param = next(p for p in self.options if p.name == name)
        return param.default is None and _annotation_text(param) in ("Any", "", "Array | None")


def _annotation_text(param: inspect.Parameter) -> str:
    ann = param.annotation
    if ann is param.empty:
        return ""
    return ann if isinstance(ann, str) else getattr(ann, "__name__", repr(ann))


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
    )


def loss_specs() -> dict[str, LossSpec]:
    """The spec of every loss of ``portloss.__all__``, by class name, in name order.

    The specs are read once, when this module is imported (the classes are built from
    them); the adapters of :mod:`portloss.torch` and :mod:`portloss.keras` share them.

    Returns
    -------
    dict of str to LossSpec
        One entry per loss function.
    """
    return dict(_SPECS)


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


class _ArrayReached(BaseException):
    """Raised by a stand-in array when the loss first looks at it (not an Exception)."""


def _reached(*args: Any, **kwargs: Any) -> Any:
    raise _ArrayReached


class _StandIn:
    """An array stand-in: any use stops the dry run (the option checks are done)."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        raise _ArrayReached


_BINARY = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor")
_OTHER = (
    "abs array array_namespace bool complex contains dlpack eq float ge getitem gt hash "
    "index int invert iter le len lt ne neg pos setitem"
)
for _name in [*_BINARY, *(f"r{op}" for op in _BINARY), *_OTHER.split(" ")]:
    setattr(_StandIn, f"__{_name}__", _reached)
del _name

_SIMPLE_TYPES: dict[str, Callable[[Any], bool]] = {
    "int": lambda v: isinstance(v, numbers.Integral) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "None": lambda v: v is None,
}


def _check_annotation(owner: str, param: inspect.Parameter, value: Any) -> None:
    """Type-check ``value`` for an option annotated with ``int``/``bool``/``str`` (| None)."""
    parts = [p.strip() for p in _annotation_text(param).split("|")]
    if not parts or not all(p in _SIMPLE_TYPES for p in parts):
        return  # float, Any, Callable, ...: the function's own checks decide
    if not any(_SIMPLE_TYPES[p](value) for p in parts):
        expected = " or ".join(parts)
        raise TypeError(
            f"{owner}: {param.name} must be {expected}, got {value!r} ({type(value).__name__})"
        )


def check_options(spec: LossSpec, options: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """Validate ``options`` for ``spec`` and return all options, defaults filled in.

    Parameters
    ----------
    spec : LossSpec
        The loss.
    options : mapping of str to object
        The options given to the constructor.
    owner : str
        The class name, for the messages.

    Returns
    -------
    dict of str to object
        Every option of the loss, in signature order.

    Raises
    ------
    TypeError
        For an unknown keyword, a call argument passed as an option, a missing
        required option, or an option of the wrong type.
    ValueError
        For an option value the function refuses.
    """
    unknown = [k for k in options if k not in spec.option_names]
    if unknown:
        name = unknown[0]
        if any(p.name == name for p in spec.call_keywords):
            raise TypeError(
                f"{owner}: {name} is an array of each call, not an option; pass it when "
                f"calling: criterion(..., {name}=...)"
            )
        raise TypeError(
            f"{owner} got an unexpected keyword argument {name!r}; its options are "
            f"{', '.join(spec.option_names) or 'none'}"
        )
    full: dict[str, Any] = {}
    for param in spec.options:
        if param.name in options:
            full[param.name] = normalize_option(options[param.name])
        elif param.default is param.empty:
            raise TypeError(f"{owner} needs the keyword argument {param.name!r}")
        else:
            full[param.name] = param.default
        value = full[param.name]
        if isinstance(value, (list, tuple)) and spec.maybe_array(param.name):
            # The function refuses it too, but only at its first look at the arrays,
            # after the dry run below has stopped.
            raise TypeError(
                f"{owner}: {param.name} must be an array (NumPy, CuPy, PyTorch, JAX, Dask "
                f"or any Array API library), got {type(value).__name__}; pass an array "
                f"of your library, e.g. numpy.asarray({format_option(value)})"
            )
    # The function's own option checks: a dry run that ends at the first array access.
    stand_ins = [_StandIn() for p in spec.arguments if p.default is p.empty]
    with contextlib.suppress(_ArrayReached):
        spec.function(*stand_ins, **full)
    for param in spec.options:
        _check_annotation(owner, param, full[param.name])
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


def is_array(value: Any) -> bool:
    """Whether an option value is an array (of any Array API library)."""
    return array_api_compat.is_array_api_obj(value) and not isinstance(
        value, (numbers.Number, str, bytes)
    )


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


_DOCSTRINGS: dict[str, str] = {}


class _LossType(type):
    """The loss objects' metaclass: a generated class builds its docstring when read.

    (Building the ~40 docstrings, examples included, would double ``import portloss``'s
    time; help(), Sphinx, numpydoc and doctest all read ``__doc__``, which calls this.)
    """

    @property
    def __doc__(cls) -> str | None:  # type: ignore[override]
        spec = cls.__dict__.get("spec")
        if not isinstance(spec, LossSpec):
            return cls.__dict__.get("__doc__")
        if cls.__name__ not in _DOCSTRINGS:
            _DOCSTRINGS[cls.__name__] = _class_docstring(spec)
        return _DOCSTRINGS[cls.__name__]


class Loss(metaclass=_LossType):
    """Base class of the loss objects: a loss function with its options bound.

    The loss objects of :mod:`portloss.objects` (``CrossEntropyLoss``, ``MSELoss``,
    ...) are generated subclasses, one per loss function; this class holds what they
    share: calling, ``repr``, equality, hashing, pickling and :meth:`replace`.

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

    #: The loss function this class calls (set on the generated subclasses).
    function: ClassVar[Callable[..., Any]]
    #: The function's signature, split into call arrays, call keywords and options.
    spec: ClassVar[LossSpec]

    def __init__(self, **options: Any) -> None:
        if not hasattr(type(self), "spec"):
            raise TypeError(
                "Loss is the base class of the loss objects; build one of its "
                "subclasses, e.g. portloss.objects.CrossEntropyLoss()"
            )
        full = check_options(self.spec, options, type(self).__name__)
        object.__setattr__(self, "_options", MappingProxyType(full))
        key = tuple((name, option_key(value)) for name, value in full.items())
        object.__setattr__(self, "_key", key)

    @property
    def options(self) -> Mapping[str, Any]:
        """Every option of the object, the defaults included (read-only)."""
        return self._options

    def __call__(self, *arrays: Any, **keywords: Any) -> Any:
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


# ---------------------------------------------------------------------- docstrings

_SECTION_TITLE = re.compile(r"^[A-Z][A-Za-z ]*$")


def parse_docstring(doc: str | None) -> tuple[str, str, dict[str, str]]:
    """Split a numpydoc docstring into summary, extended summary and sections.

    Parameters
    ----------
    doc : str or None
        The docstring.

    Returns
    -------
    tuple of (str, str, dict of str to str)
        The summary, the extended summary and each section's body by title.
    """
    lines = inspect.cleandoc(doc or "").splitlines()
    starts = [
        i
        for i in range(len(lines) - 1)
        if _SECTION_TITLE.match(lines[i].strip())
        and lines[i + 1].strip()
        and set(lines[i + 1].strip()) == {"-"}
        and len(lines[i + 1].strip()) == len(lines[i].strip())
    ]
    head = lines[: starts[0]] if starts else lines
    sections: dict[str, str] = {}
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        sections[lines[start].strip()] = "\n".join(lines[start + 2 : end]).strip("\n")
    text = "\n".join(head).strip()
    summary, _, extended = text.partition("\n\n")
    return " ".join(summary.split()), extended.strip(), sections


def parse_parameters(body: str) -> list[tuple[str, str, list[str]]]:
    """The entries of a Parameters section: ``(name, type, description lines)``.

    Parameters
    ----------
    body : str
        The section's text.

    Returns
    -------
    list of tuple
        One entry per name (combined entries ``a, b : float`` are split).
    """
    entries: list[tuple[str, str, list[str]]] = []
    current: list[tuple[str, str, list[str]]] = []
    for line in body.splitlines():
        if line and not line[0].isspace():
            names, _, kind = line.partition(" : ")
            description: list[str] = []
            current = [(n.strip(), kind.strip(), description) for n in names.split(",")]
            entries.extend(current)
        elif current:
            current[0][2].append(line)
    return entries


class _CallRewriter(ast.NodeTransformer):
    """``portloss.f(x, y, opt=v, sample_weight=s)`` -> ``Cls(opt=v)(x, y, sample_weight=s)``."""

    def __init__(self, spec: LossSpec, hoist: bool) -> None:
        self.spec, self.hoist = spec, hoist
        self.constructors: list[ast.Call] = []

    def _matches(self, node: ast.Call) -> bool:
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "portloss"
            and func.attr == self.spec.function_name
            and not any(isinstance(a, ast.Starred) for a in node.args)
            and all(k.arg is not None for k in node.keywords)
        )

    def visit_Call(self, node: ast.Call) -> Any:
        self.generic_visit(node)
        if not self._matches(node):
            return node
        call_names = {p.name for p in self.spec.call_keywords}
        options = [k for k in node.keywords if k.arg not in call_names]
        keywords = [k for k in node.keywords if k.arg in call_names]
        constructor = ast.Call(ast.Name(self.spec.class_name, ast.Load()), [], options)
        self.constructors.append(constructor)
        func = ast.Name("criterion", ast.Load()) if self.hoist else constructor
        return ast.Call(func, node.args, keywords)


def _prompted(source: str, options: dict[int, bool] | None = None) -> list[str]:
    import doctest

    lines = source.rstrip("\n").splitlines() or [""]
    if options:
        names = {v: k for k, v in doctest.OPTIONFLAGS_BY_NAME.items()}
        flags = ", ".join(("+" if on else "-") + names[f] for f, on in options.items())
        if "doctest:" not in lines[0]:
            lines[0] += f"  # doctest: {flags}"
    return [(">>> " if i == 0 else "... ") + line for i, line in enumerate(lines)]


def _count_calls(spec: LossSpec, tree: ast.AST) -> tuple[int, bool]:
    """(number of calls of the function, whether one of them passes an option)."""
    probe = _CallRewriter(spec, hoist=False)
    probe.visit(copy.deepcopy(tree))
    return len(probe.constructors), any(c.keywords for c in probe.constructors)


def _generated_examples(spec: LossSpec) -> list[str]:
    """The class's Examples: the function's own, with its calls made through the object.

    The function's examples are kept up to the first one that passes an option (or the
    first call when none does) and the next printed output; each call of the function
    becomes a call of the object, so the printed outputs are the function's own.
    """
    import doctest  # here: building docstrings is lazy, and doctest is slow to import

    try:
        examples = doctest.DocTestParser().get_examples(inspect.getdoc(spec.function) or "")
    except ValueError:
        examples = []
    trees: list[ast.Module | None] = []
    info: list[tuple[int, bool]] = []
    for example in examples:
        try:
            tree: ast.Module | None = ast.parse(example.source)
        except SyntaxError:
            tree = None
        trees.append(tree)
        info.append(_count_calls(spec, tree) if tree is not None else (0, False))
    calls = [i for i, (n, _) in enumerate(info) if n]
    if not calls:
        return _fallback_examples(spec)
    with_options = [i for i in calls if info[i][1]]
    first = with_options[0] if with_options else calls[0]
    last = next((j for j in range(first, len(examples)) if examples[j].want.strip()), first)
    out: list[str] = []
    imported = False
    for example, tree, (n, _) in zip(examples[: last + 1], trees, info):
        if not n or tree is None:
            out += _prompted(example.source, example.options)
        else:
            if not imported:
                out.append(f">>> from {__name__} import {spec.class_name}")
                imported = True
            simple = (
                n == 1
                and len(tree.body) == 1
                and isinstance(tree.body[0], (ast.Expr, ast.Assign))
                and not any(
                    isinstance(node, (ast.Lambda, ast.comprehension, ast.NamedExpr))
                    for node in ast.walk(tree)
                )
            )
            rewriter = _CallRewriter(spec, hoist=simple)
            rewritten = ast.fix_missing_locations(rewriter.visit(ast.parse(example.source)))
            if simple:
                out += _prompted(f"criterion = {ast.unparse(rewriter.constructors[0])}")
            out += _prompted(ast.unparse(rewritten), example.options)
        out += example.want.rstrip("\n").splitlines()
    return out


def _fallback_examples(spec: LossSpec) -> list[str]:
    if any(p.default is p.empty for p in spec.options):
        return []
    name = spec.class_name
    return [
        f">>> from {__name__} import {name}",
        f">>> {name}()",
        f"{name}()",
        f">>> {name}() == {name}(**{name}().options)",
        "True",
    ]


def _class_docstring(spec: LossSpec) -> str:
    summary, extended, sections = parse_docstring(spec.function.__doc__)
    fname, cname = spec.function_name, spec.class_name
    arrays = ", ".join(p.name for p in spec.arguments)
    call_kw = "".join(f", {p.name}=None" for p in spec.call_keywords)
    call_pass = "".join(f", {p.name}={p.name}" for p in spec.call_keywords)
    lines = [
        summary or f"Loss object of portloss.{fname}.",
        "",
        textwrap.fill(
            f"Loss object of :func:`portloss.{fname}`: ``{cname}(**options)`` holds the "
            f"options, and calling it, ``criterion({arrays}{call_kw})``, returns "
            f"``portloss.{fname}({arrays}{call_pass}, **options)``. The options are "
            f"checked when the object is built, the arrays when it is called. Objects "
            f"are immutable, compare and hash by their options (arrays by identity) and "
            f"pickle.",
            width=88,
            break_long_words=False,
            break_on_hyphens=False,
        ),
    ]
    if extended:
        lines += ["", extended]
    documented = {
        n: (kind, desc) for n, kind, desc in parse_parameters(sections.get("Parameters", ""))
    }
    lines += ["", "Parameters", "----------"]
    for param in spec.options:
        if param.name in documented:
            kind, desc = documented[param.name]
            lines.append(f"{param.name} : {kind}" if kind else param.name)
            lines += desc
        else:
            default = "" if param.default is param.empty else f", default {param.default!r}"
            lines += [
                f"{param.name} : {_annotation_text(param) or 'object'}{default}",
                f"    The ``{param.name}`` option of :func:`portloss.{fname}`.",
            ]
    for title in ("Raises", "Warns"):
        if sections.get(title):
            lines += ["", title, "-" * len(title), sections[title]]
    lines += [
        "",
        "See Also",
        "--------",
        f"portloss.{fname} : The function the object calls, with the call arrays'",
        "    documentation.",
    ]
    for title in ("Notes", "Shape", "References"):
        if sections.get(title):
            lines += ["", title, "-" * len(title), sections[title]]
    examples = _generated_examples(spec)
    if examples:
        lines += ["", "Examples", "--------", *examples]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- the generation


def _signature(spec: LossSpec, params: list[inspect.Parameter], returns: Any) -> inspect.Signature:
    self = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    return inspect.Signature([self, *params], return_annotation=returns)


def make_class(spec: LossSpec) -> type[Loss]:
    """Generate the loss object class of one loss.

    Parameters
    ----------
    spec : LossSpec
        The loss.

    Returns
    -------
    type
        A subclass of :class:`Loss`, named ``spec.class_name``, of this module.
    """

    def __init__(self: Loss, **options: Any) -> None:
        Loss.__init__(self, **options)

    def __call__(self: Loss, *arrays: Any, **keywords: Any) -> Any:
        return Loss.__call__(self, *arrays, **keywords)

    __init__.__signature__ = _signature(spec, list(spec.options), None)  # type: ignore[attr-defined]
    __call__.__signature__ = _signature(  # type: ignore[attr-defined]
        spec,
        [*spec.arguments, *spec.call_keywords],
        spec.function.__annotations__.get("return", "Any"),
    )
    __call__.__doc__ = f"Return ``portloss.{spec.function_name}`` of the arrays."
    for method in (__init__, __call__):
        method.__qualname__ = f"{spec.class_name}.{method.__name__}"
    namespace = {
        "__module__": __name__,
        "__qualname__": spec.class_name,
        "__slots__": (),
        "__init__": __init__,
        "__call__": __call__,
        "function": staticmethod(spec.function),
        "spec": spec,
    }
    return cast("type[Loss]", _LossType(spec.class_name, (Loss,), namespace))


def _generate() -> Iterator[type[Loss]]:
    for spec in _SPECS.values():
        yield make_class(spec)


_SPECS = _read_specs()

_CLASSES: dict[str, type[Loss]] = {cls.__name__: cls for cls in _generate()}
globals().update(_CLASSES)

__all__ = sorted(["Loss", *_CLASSES])


def __getattr__(name: str) -> type[Loss]:
    # Only reached for names that are not loss objects; it tells type checkers that
    # the generated names (``portloss.objects.CrossEntropyLoss``) are Loss classes.
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
