"""Test helpers shared by the test files: tolerances and the framework oracles.

- :data:`TOL`: the ``assert_allclose`` tolerances of a loss against an oracle (torch,
  Keras, a float64 formula) by dtype; a file that needs looser ones says why next to
  its own.
- :func:`torch_oracle`: ``(torch, torch.nn.functional)``, or a skip saying torch is not
  installed; :func:`keras_oracle`: Keras on its JAX backend (unless ``KERAS_BACKEND``
  says otherwise), or a skip with the reason.
- :data:`AUTODIFF`: the backends whose gradients the tests compare.
"""

from __future__ import annotations

import functools
import importlib
import os
import warnings
from types import ModuleType
from typing import Any

import pytest

TOL: dict[str, dict[str, float]] = {
    "float32": {"rtol": 1e-5, "atol": 1e-6},
    "float64": {"rtol": 1e-10, "atol": 1e-12},
}
AUTODIFF: tuple[str, ...] = ("torch", "jax")


def torch_oracle() -> tuple[Any, Any]:
    """``(torch, torch.nn.functional)``, or a skip when torch is not installed."""
    torch = pytest.importorskip("torch", reason="torch is not installed (the oracle)")
    return torch, torch.nn.functional


def keras_oracle() -> ModuleType:
    """Keras (JAX backend by default), or a skip saying why it cannot be imported."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module("keras")
        except Exception as exc:  # not installed, or no usable Keras backend
            pytest.skip(f"keras unavailable: {exc}")


def public_function(name: str) -> Any:
    """``portloss.<name>``, a tuple of arrays returned as one flat array (as the
    conformance harness compares a function of several arrays: ctc_forward_log_probs)."""
    import array_api_compat

    import portloss

    fn = getattr(portloss, name)

    @functools.wraps(fn)  # the tests read its signature
    def flat(*args: Any, **kwargs: Any) -> Any:
        out = fn(*args, **kwargs)
        if isinstance(out, tuple):
            xp = array_api_compat.array_namespace(*out)
            return xp.concat([xp.reshape(o, (-1,)) for o in out])
        return out

    return flat
