"""JAX: ``jax.nn`` log-softmax and log-sum-exp, IEEE division, ``lax`` loops and stop_gradient.

No softplus, sigmoid cross entropy or squared difference entries: XLA fuses the
standard formulas as well as ``jax.nn``'s (measured).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax

from .._primitives import _standard_log_softmax_at
from ._common import ieee_divide_by_count


def _log_softmax(xp: Any, x: Any, /, *, axis: int) -> Any:
    return jax.nn.log_softmax(x, axis=axis)


def _logsumexp(xp: Any, x: Any, /, *, axis: int, keepdims: bool = False) -> Any:
    return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)


def _log_softmax_at(xp: Any, x: Any, index: Any, /, *, axis: int) -> Any:
    # The pure formula with a constant shift (as jax.nn.log_softmax): the gradient does
    # not flow through the max, and XLA fuses exp-sum without writing x - m.
    return _standard_log_softmax_at(xp, x, index, axis=axis, constant_shift=True)


NATIVE: dict[str, Callable[..., Any]] = {
    "log_softmax": _log_softmax,
    "log_softmax_at": _log_softmax_at,
    "logsumexp": _logsumexp,
    "divide_by_count": ieee_divide_by_count,
}


def stop_gradient(x: Any) -> Any:
    return jax.lax.stop_gradient(x)


def fori_loop(lower: int, upper: int, body: Callable[[Any, Any], Any], init: Any) -> Any:
    # A scan with static bounds: one compiled step instead of an unrolled body.
    return jax.lax.fori_loop(lower, upper, body, init)
