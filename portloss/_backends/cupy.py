"""CuPy: the blocked log-softmax at the target class (no logits-sized temporary)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._primitives import _standard_log_softmax_at
from ._common import row_blocks


def _log_softmax_at(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    return row_blocks(xp, _standard_log_softmax_at, x, index, axis=axis)


NATIVE: dict[str, Callable[..., Any]] = {"log_softmax_at": _log_softmax_at}
