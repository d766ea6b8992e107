"""The declarative case table's row type and the input generators rows are built from.

A :class:`Case` names a public portloss function, how to generate its array
arguments (seeded, as NumPy float64 / int64), its Python options, and optionally the
native peer (``oracle``) that the float64 reference is cross-checked against. The
runner expands each case over dtypes and backends.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "Case",
    "Gen",
    "integers",
    "labels",
    "mask",
    "normal",
    "probabilities",
    "uniform",
]

#: A generator: seeded ``numpy.random.Generator`` -> NumPy array (float64 or integer).
Gen = Callable[[np.random.Generator], np.ndarray]


@dataclass(frozen=True)
class Case:
    """One row of the case table.

    Attributes
    ----------
    function : str
        Name of the public portloss function (``portloss.<function>``).
    name : str
        Short label of the variant, unique per function (e.g. ``"kdim-axis1-weight-mean"``).
    args : tuple of Gen
        Positional array arguments.
    arrays : mapping of str to Gen
        Keyword array arguments (``weight``, ``sample_weight``, ...).
    options : mapping
        Keyword Python options (``reduction``, ``axis``, ...), fixed (static under jit).
    oracle : callable, optional
        The native peer, called as ``oracle(*args, **arrays, **options)`` on float64
        torch tensors, returning a tensor; cross-checks the float64 reference.
    grad_argnums : tuple of int
        Positional arguments to differentiate (sum of the output) on autodiff backends.
    dtypes : tuple of str
        Floating dtypes to run; floating arrays are cast to each, integer ones kept.
    batch_axis : int
        Axis Dask chunks the inputs along.
    check_dtype : bool
        Whether the output dtype must equal the case dtype.
    """

    function: str
    name: str
    args: tuple[Gen, ...]
    arrays: Mapping[str, Gen] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    oracle: Callable[..., Any] | None = None
    grad_argnums: tuple[int, ...] = (0,)
    dtypes: tuple[str, ...] = ("float32", "float64")
    batch_axis: int = 0
    check_dtype: bool = True

    @property
    def id(self) -> str:
        return f"{self.function}[{self.name}]"

    def inputs(self) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
        """The case's NumPy inputs, the same on every call (seeded by the case id)."""
        rng = np.random.default_rng(zlib.crc32(self.id.encode()))
        return [g(rng) for g in self.args], {k: g(rng) for k, g in self.arrays.items()}


def normal(*shape: int, scale: float = 1.0) -> Gen:
    """Gaussian floats, e.g. logits."""
    return lambda rng: scale * rng.standard_normal(shape)


def uniform(*shape: int, low: float = 0.0, high: float = 1.0) -> Gen:
    """Uniform floats in ``[low, high)``, e.g. positive weights."""
    return lambda rng: rng.uniform(low, high, shape)


def integers(*shape: int, low: int = 0, high: int = 2) -> Gen:
    """Uniform int64 in ``[low, high)``."""
    return lambda rng: rng.integers(low, high, shape, dtype=np.int64)


def labels(*shape: int, classes: int, ignore: int | None = None, frac: float = 0.25) -> Gen:
    """Class indices in ``[0, classes)``, a fraction ``frac`` set to ``ignore`` if given.

    At least one entry stays valid when there are any, so means are defined.
    """

    def gen(rng: np.random.Generator) -> np.ndarray:
        out = rng.integers(0, classes, shape, dtype=np.int64)
        if ignore is not None and out.size:
            hit = rng.uniform(size=shape) < frac
            hit.flat[0] = False
            out[hit] = ignore
        return out

    return gen


def probabilities(*shape: int, axis: int = -1) -> Gen:
    """Rows summing to one along ``axis`` (a softmax of Gaussians)."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal(shape)
        e = np.exp(z - z.max(axis=axis, keepdims=True)) if z.size else z
        return e / e.sum(axis=axis, keepdims=True) if z.size else z

    return gen


def mask(*shape: int, frac: float = 0.7) -> Gen:
    """A bool array with about ``frac`` True, the first entry True."""

    def gen(rng: np.random.Generator) -> np.ndarray:
        out = rng.uniform(size=shape) < frac
        if out.size:
            out.flat[0] = True
        return out

    return gen
