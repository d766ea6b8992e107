"""Dask: no fast paths; the functions array-api-compat's namespace lacks.

Dask's namespace declares revision 2024.12 and later without ``take_along_axis``; the
primitives take their fallback there (a ``take`` on the flattened array). Nothing here
imports Dask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NATIVE: dict[str, Callable[..., Any]] = {}

MISSING_FEATURES = frozenset({"take_along_axis"})
