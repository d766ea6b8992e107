"""Array namespace, device and compute-dtype resolution for loss arguments.

Every public loss resolves its namespace here, over *every* array argument (weights
included), so that mixing libraries or devices fails loudly and in one place.
"""

from __future__ import annotations

from typing import Any

import array_api_compat

from ._backends import device as _device
from ._backends import lacks_feature
from ._backends import library_name as _library

__all__ = [
    "MINIMUM_API_VERSION",
    "api_version",
    "array_namespace",
    "compute_dtype",
    "has_feature",
    "scalar",
    "to_dtype",
]


# Array arguments that may be None (left out); every other name must be an array.
OPTIONAL = frozenset({"weight", "sample_weight", "pos_weight", "mask", "alpha"})


# The namespace of a call, by the exact types of its present arrays (in order): the
# libraries below give one namespace per array type (array_api_compat decides from the
# type), so after the first call of a combination the namespace costs one dict lookup
# (a plain dict: torch.compile traces the lookup). Arrays of the libraries in
# _STATIC_SHAPES always have known sizes (JAX tracers too), so their shapes are not
# checked again; Dask's and the others' are, on every call.
_BY_TYPES: dict[tuple[type, ...], tuple[Any, bool]] = {}
_STATIC_SHAPES = frozenset({"numpy", "torch", "jax", "jaxlib", "cupy"})
_CACHED_LIBRARIES = _STATIC_SHAPES | {"dask", "array_api_strict"}


def array_namespace(**arrays: Any) -> Any:
    """Return the namespace shared by the named arrays; optional ``None`` values are skipped.

    Raises ``TypeError`` naming the argument when a required argument (a name not in
    ``OPTIONAL``) is ``None`` or an argument is not an array, or when the arrays come
    from different libraries; ``ValueError`` when they live on different devices or
    an array has a size that is not known (a Dask array after boolean indexing).
    """
    present = [(name, x) for name, x in arrays.items() if x is not None]
    if len(present) != len(arrays):
        for name, x in arrays.items():
            if x is None and name not in OPTIONAL:
                raise TypeError(f"{name} must be an array ({_LIBRARIES}), got None")
    kinds = tuple(type(x) for _, x in present)
    known = _BY_TYPES.get(kinds)
    if known is not None:
        xp, static = known
        if not static:
            for name, x in present:
                _check_known_shape(name, x)
        first_name, first_x = present[0]
        for name, x in present[1:]:
            _check_same_device(first_name, first_x, name, x)
        return xp
    for name, x in present:
        _check_known_shape(name, x)
    try:
        # One call for the common case; the loop below names the culprit otherwise.
        # (array_api_compat accepts Python scalars beside arrays; a loss argument
        # must be an array, so scalars go to the loop too.)
        if any(isinstance(x, (int, float, complex)) for _, x in present):
            raise TypeError
        xp = array_api_compat.array_namespace(*(x for _, x in present))
    except TypeError:
        pass
    else:
        first_name, first_x = present[0]
        for name, x in present[1:]:
            _check_same_device(first_name, first_x, name, x)
        libraries = {t.__module__.split(".")[0] for t in kinds}
        if libraries <= _CACHED_LIBRARIES:
            _BY_TYPES[kinds] = (xp, libraries <= _STATIC_SHAPES)
        return xp
    first: tuple[str, Any, Any] | None = None
    for name, x in arrays.items():
        if x is None:
            continue
        try:
            xp = array_api_compat.array_namespace(x)
        except TypeError:
            got = type(x).__name__
            raise TypeError(f"{name} must be an array ({_LIBRARIES}), got {got}") from None
        if first is None:
            first = (name, x, xp)
            continue
        first_name, first_x, first_xp = first
        if xp is not first_xp:
            raise TypeError(
                f"{first_name} is a {_library(first_x)} array but {name} is a "
                f"{_library(x)} array; pass arrays of one library"
            )
        _check_same_device(first_name, first_x, name, x)
    if first is None:
        raise TypeError("no array argument was given")
    return first[2]


_LIBRARIES = "NumPy, CuPy, PyTorch, JAX, Dask or any Array API library"


def _check_known_shape(name: str, x: Any) -> None:
    # Unknown sizes are None (the standard) or NaN (Dask); NaN != NaN. Losses compare
    # shapes, so an unknown size would give self-contradicting shape errors later.
    shape = getattr(x, "shape", None)
    if shape is None or all(d is not None and d == d for d in shape):
        return
    shown = "(" + ", ".join("?" if d is None or d != d else str(d) for d in shape) + ")"
    raise ValueError(
        f"{name} has a size that is not known yet (shape {shown}, e.g. a Dask array "
        f"after boolean indexing); portloss needs known shapes: call "
        f"{name}.compute_chunk_sizes() first (Dask), or index with a static shape"
    )


def _check_same_device(name_a: str, a: Any, name_b: str, b: Any) -> None:
    try:
        dev_a, dev_b = _device(a), _device(b)
    except Exception:  # traced values (e.g. under jax.jit) may have no device
        return
    if dev_a is None or dev_b is None:
        return
    if dev_a != dev_b:
        raise ValueError(
            f"{name_b} is on device {dev_b} but {name_a} is on device {dev_a}; "
            f"move {name_b} to {dev_a}"
        )


def compute_dtype(xp: Any, dtype: Any) -> Any:
    """The dtype a loss computes in: float32/float64 as given, narrower floats in float32."""
    if dtype == xp.float64 or dtype == xp.float32:
        return dtype
    return xp.float32


def to_dtype(xp: Any, x: Any, dtype: Any) -> Any:
    """``astype`` that leaves an array of the right dtype untouched (no copy, no re-wrap)."""
    return x if x.dtype == dtype else xp.astype(x, dtype)


#: The oldest Array API revision portloss's pure code runs on.
MINIMUM_API_VERSION = "2023.12"

# feature -> the first standard revision that has it. Decided from the revision a
# namespace declares, never by probing names: array-api-strict at 2023.12 has
# ``take_along_axis`` as an attribute that raises when called.
_SINCE = {
    "cumulative_sum": "2023.12",
    "take_along_axis": "2024.12",
    # where / maximum / minimum (and clip's bounds) take Python scalars beside arrays
    "scalar arguments": "2024.12",
}

# Keyed by the declared string, not the namespace: array-api-strict's revision is a
# process-wide flag that can change between calls.
_VERSIONS: dict[str, tuple[int, int]] = {}


def _parse_version(text: Any) -> tuple[int, int]:
    try:
        year, month = str(text).split(".")[:2]
        return int(year), int(month)
    except ValueError:
        return (0, 0)


def api_version(xp: Any) -> tuple[int, int]:
    """The standard revision ``xp`` declares (``__array_api_version__``) as ``(year, month)``.

    A namespace that declares none is taken as older than every revision portloss
    relies on, so it gets the fallbacks (``(0, 0)``).
    """
    declared = getattr(xp, "__array_api_version__", "")
    version = _VERSIONS.get(declared)
    if version is None:
        version = _VERSIONS[declared] = _parse_version(declared)
    return version


def has_feature(xp: Any, feature: str) -> bool:
    """Whether ``xp`` provides ``feature`` (a key of ``_SINCE``) by its declared revision.

    Where a wrapped library declares a revision but lacks one of its functions, its
    backend module says so (``MISSING_FEATURES``).
    """
    # Cached by namespace name and declared revision (array-api-strict's may change
    # between calls): losses ask on every call, and the parsing cost more than an array
    # op. Strings, not the module: torch.compile traces a lookup by strings.
    name = getattr(xp, "__name__", None)
    key = (name, str(getattr(xp, "__array_api_version__", "")), feature)
    known = _FEATURES.get(key) if isinstance(name, str) else None
    if known is None:
        known = not lacks_feature(xp, feature) and api_version(xp) >= _parse_version(
            _SINCE[feature]
        )
        if isinstance(name, str):
            _FEATURES[key] = known
    return known


_FEATURES: dict[tuple[Any, str, str], bool] = {}


def scalar(xp: Any, value: float | int | bool, like: Any) -> Any:
    """``value`` as an argument of ``where``/``maximum``/``minimum`` beside the array ``like``.

    From 2024.12 the standard takes Python scalars there (kept: no array to build);
    before, a 0-d array of ``like``'s dtype on its device.
    """
    if has_feature(xp, "scalar arguments"):
        return value
    return xp.asarray(value, dtype=like.dtype, device=_device(like))
