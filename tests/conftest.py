"""Shared fixtures: one ``backend`` fixture over every array library the suite knows.

Backends come from the conformance registry, so tests and the conformance suite build
arrays the same way. A backend that is not installed (or needs a missing GPU) is skipped
with its reason; an installed one must pass.
"""

from __future__ import annotations

import functools

import pytest

from conformance.backends import Backend, BackendUnavailable, load_backend

UNIT_BACKENDS = (
    "numpy",
    "array_api_strict",
    "torch",
    "jax",
    "dask",
    "cupy",
    "torch-cuda",
    "jax-gpu",
)


@functools.cache
def _load(name: str) -> Backend | str:
    try:
        return load_backend(name)
    except BackendUnavailable as exc:
        return str(exc)


def get_backend(name: str) -> Backend:
    """The named backend, or a pytest skip saying why it is unavailable."""
    loaded = _load(name)
    if isinstance(loaded, str):
        pytest.skip(f"backend {name} unavailable: {loaded}")
    return loaded


@pytest.fixture(params=UNIT_BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each array backend in turn (skipped, with the reason, when unavailable)."""
    return get_backend(request.param)
