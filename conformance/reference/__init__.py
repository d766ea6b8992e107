"""Independent float64 references: every loss written out again in plain NumPy.

Nothing here imports or calls portloss: each function restates the documented formula
(torch's semantics by default) on float64 NumPy arrays, so the suite compares every
backend, NumPy included, with code that does not share portloss's bugs. The formulas
are cross-checked against torch float64 where torch has the loss
(``tests/test_conformance_reference.py``), not at run time.

A module per portloss family registers ``name -> fn(*args, **arrays, **options)``
in :data:`REFERENCES`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["REFERENCES", "expected_value"]

REFERENCES: dict[str, Callable[..., np.ndarray]] = {}


def _load() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            REFERENCES.update(module.REFERENCES)


def expected_value(
    function: str,
    args: Sequence[np.ndarray],
    arrays: Mapping[str, np.ndarray],
    options: Mapping[str, Any],
) -> np.ndarray | None:
    """The reference value of ``function`` on float64 inputs, or ``None`` without a formula."""
    if not REFERENCES:
        _load()
    fn = REFERENCES.get(function)
    if fn is None:
        return None
    with np.errstate(all="ignore"):
        return np.asarray(fn(*args, **arrays, **options), dtype=np.float64)
