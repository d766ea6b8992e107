"""The one home of library knowledge: fast paths, special cases and per-library behaviour.

Everything outside this package (and the torch and Keras adapters) is written against
the Array API standard and names no array library. What differs per library lives in
one module per library (``numpy``, ``torch``, ``jax``, ``cupy``, ``dask``), each with a
table ``NATIVE`` of fast paths (primitive name -> implementation, the same formula as the
standard path, justified by a benchmark row) and, where the library needs them, the
special cases ``stop_gradient``, ``fori_loop`` and ``MISSING_FEATURES``.

A library's module is imported the first time a namespace of that library is looked
up, i.e. when one of its arrays reaches a loss: importing portloss imports no array
library.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, TypeVar, cast

import array_api_compat

__all__ = [
    "delegable",
    "device",
    "dtype_name",
    "fori_loop",
    "host_values",
    "lacks_feature",
    "library_name",
    "native",
    "stop_gradient",
    "use_native",
]

# (backend module name, namespace predicate), most common first: ``_backend`` tries
# them in order on every lookup.
_NAMESPACES: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("numpy", array_api_compat.is_numpy_namespace),
    ("torch", array_api_compat.is_torch_namespace),
    ("jax", array_api_compat.is_jax_namespace),
    ("cupy", array_api_compat.is_cupy_namespace),
    ("dask", array_api_compat.is_dask_namespace),
)

# Backend modules imported so far, by name (a plain dict: torch.compile traces the
# lookup without a graph break).
_LOADED: dict[str, ModuleType] = {}


def _backend(xp: Any) -> ModuleType | None:
    """The backend module of namespace ``xp`` (imported on first use), or None."""
    for name, is_namespace in _NAMESPACES:
        if is_namespace(xp):
            module = _LOADED.get(name)
            if module is None:
                module = _LOADED[name] = _import(name)
            return module
    return None


def _import(name: str) -> ModuleType:
    # Import statements, not importlib: the first lookup may run while torch.compile
    # traces a loss, and Dynamo executes an import statement but cannot trace
    # importlib.import_module.
    if name == "numpy":
        from . import numpy

        return numpy
    if name == "torch":
        from . import torch

        return torch
    if name == "jax":
        from . import jax

        return jax
    if name == "cupy":
        from . import cupy

        return cupy
    from . import dask

    return dask


# Whether fast paths apply in this context (use_native). torch.compile cannot trace a
# ContextVar read, so it is read only while some use_native context is open anywhere
# (``_open``, a count over all threads): by default a fast-path lookup reads plain
# module globals only. (Compiling inside ``use_native(...)`` is a graph break.)
_native_on: contextvars.ContextVar[bool] = contextvars.ContextVar("portloss_native", default=True)
_open = 0
_open_lock = threading.Lock()


@contextlib.contextmanager
def use_native(flag: bool = True, /) -> Iterator[None]:
    """Turn the native fast paths on (``True``) or off (``False``) inside the block.

    Off, every primitive takes its standard Array API path: the numbers a fast path
    must reproduce (tests and the conformance suite compare both). Per thread and per
    asyncio task (a context variable); blocks nest.

    Examples
    --------
    >>> import numpy as np
    >>> from portloss import cross_entropy
    >>> from portloss._backends import use_native
    >>> x, y = np.array([[2.0, 0.5, -1.0]]), np.array([0])
    >>> with use_native(False):
    ...     pure = cross_entropy(x, y)
    >>> bool(np.isclose(pure, cross_entropy(x, y)))
    True
    """
    global _open
    token = _native_on.set(bool(flag))
    with _open_lock:
        _open += 1
    try:
        yield
    finally:
        with _open_lock:
            _open -= 1
        _native_on.reset(token)


def native(xp: Any, name: str) -> Callable[..., Any] | None:
    """The fast path of primitive ``name`` for namespace ``xp``, or None (standard path)."""
    if _open and not _native_on.get():
        return None
    backend = _backend(xp)
    if backend is None:
        return None
    impl: Callable[..., Any] | None = backend.NATIVE.get(name)
    return impl


def host_values(*arrays: Any) -> bool:
    """Whether the values of ``arrays`` may be read in Python (all NumPy arrays).

    Reading a device, lazy or traced array's values would force a host sync (or fail
    under a tracer), so value checks run on NumPy arrays only; elsewhere a bad value
    gives NaN in the loss instead of an error.
    """
    return all(array_api_compat.is_numpy_array(x) for x in arrays)


def device(x: Any) -> Any:
    """The device of array ``x``, or None where it has none (a value traced by a jit).

    The standard ``.device`` attribute first (array_api_compat's ``device`` costs more
    than a small loss's arithmetic), array_api_compat for arrays without one (Dask).
    """
    try:
        return x.device
    except Exception:  # no attribute, or one that raises: ask array_api_compat
        pass
    try:
        return array_api_compat.device(x)
    except Exception:  # traced values (e.g. under jax.jit) may have no device
        return None


def library_name(x: Any) -> str:
    """The name of the library of array ``x`` (its top-level module), for messages."""
    name = type(x).__module__.split(".")[0]
    return {"jaxlib": "jax"}.get(name, name)  # JAX arrays are jaxlib objects


def dtype_name(dtype: Any) -> str | None:
    """The name of ``dtype`` where it is NumPy's (``np.dtype("float32")``, ``np.float32``).

    Other libraries accept NumPy's spellings of a dtype through its name; a dtype of
    any other kind gives None.
    """
    if type(dtype).__module__.split(".")[0] == "numpy":
        name = getattr(dtype, "name", None)
        return name if isinstance(name, str) else None
    if isinstance(dtype, type) and dtype.__module__.split(".")[0] == "numpy":
        return dtype.__name__
    return None


def lacks_feature(xp: Any, feature: str) -> bool:
    """Whether ``xp`` lacks ``feature`` although its declared revision has it."""
    backend = _backend(xp)
    return backend is not None and feature in getattr(backend, "MISSING_FEATURES", ())


def stop_gradient(xp: Any, x: Any, /) -> Any:
    """``x`` as a constant for autodiff: ``detach`` on torch, ``lax.stop_gradient`` on JAX.

    Libraries without autodiff get ``x`` itself. ``x + stop_gradient(f(x) - x)`` has the
    value ``f(x)`` and the gradient of ``x`` (a straight-through estimator).
    """
    impl = getattr(_backend(xp), "stop_gradient", None)
    return x if impl is None else impl(x)


def fori_loop(
    xp: Any, lower: int, upper: int, body: Callable[[Any, Any], Any], init: Any, /
) -> Any:
    """``carry = body(i, carry)`` for ``i`` in ``range(lower, upper)``; returns ``carry``.

    A Python loop everywhere (``i`` a Python int), except for JAX arrays, where it is
    ``jax.lax.fori_loop`` with static bounds (a ``scan``: one compiled step instead of an
    unrolled body, and reverse-mode differentiable); ``i`` is then a traced integer, so
    ``body`` must index with it as an array (``x[i, ...]``, ``i < lengths``). ``init`` is
    one array.
    """
    impl = getattr(_backend(xp), "fori_loop", None)
    if impl is not None:
        return impl(lower, upper, body, init)
    carry = init
    for i in range(lower, upper):
        carry = body(i, carry)
    return carry


# Whole-loss delegates by array type: {loss name: delegate} for a library that has them,
# {} otherwise (a plain dict keyed by type: one lookup per call, traceable by Dynamo).
_DELEGATES: dict[type, dict[str, Callable[..., Any]]] = {}


def _delegates_of(kind: type) -> dict[str, Callable[..., Any]]:
    table = _DELEGATES.get(kind)
    if table is None:
        table = {}
        library = kind.__module__.split(".")[0]
        if library == "torch":
            from . import torch_delegates

            table = torch_delegates.DELEGATES
        elif library == "numpy":
            from . import numpy_delegates

            table = numpy_delegates.DELEGATES
        _DELEGATES[kind] = table
    return table


_Loss = TypeVar("_Loss", bound=Callable[..., Any])
_UNKNOWN: Any = object()


def delegable(function: _Loss) -> _Loss:
    """Decorator: let a library's native function compute the whole loss where it can.

    A delegate (``DELEGATES`` of ``torch_delegates``) takes the loss' arguments and
    returns the native function's result where that function has exactly the loss'
    semantics for the given options and array metadata (dtypes, shapes, dimensions:
    decided in Python, never from array values), and ``NotImplemented`` otherwise: the
    loss then runs its standard Array API path, which also raises the errors for bad
    input. Off inside ``use_native(False)``.

    A delegate sees only calls the loss accepts by name: the loss' positional count and
    keyword names are read once here, and a call with other keywords, or another count
    of arrays, goes straight to the loss (whose TypeError names the argument). The
    delegate of an array type is looked up once and kept in a dict keyed by the exact
    type (a plain dict: torch.compile traces the lookup).
    """
    name = function.__name__
    code = function.__code__
    arity = code.co_argcount
    # CO_VARKEYWORDS (0x08): a loss with **kwargs accepts any keyword
    keywords = (
        None
        if code.co_flags & 0x08
        else frozenset(code.co_varnames[arity : arity + code.co_kwonlyargcount])
    )
    by_type: dict[type, Callable[..., Any] | None] = {}

    @functools.wraps(function)
    def loss(*args: Any, **kwargs: Any) -> Any:
        if len(args) == arity and (not _open or _native_on.get()):
            kind = type(args[0])
            delegate = by_type.get(kind, _UNKNOWN)
            if delegate is _UNKNOWN:
                delegate = by_type[kind] = _delegates_of(kind).get(name)
            if delegate is not None and (
                not kwargs or keywords is None or keywords.issuperset(kwargs)
            ):
                result = delegate(*args, **kwargs)
                if result is not NotImplemented:
                    return result
        return function(*args, **kwargs)

    # Introspection sees the loss' own defaults (functools.wraps copies the rest).
    loss.__kwdefaults__ = function.__kwdefaults__  # type: ignore[attr-defined]
    return cast(_Loss, loss)
