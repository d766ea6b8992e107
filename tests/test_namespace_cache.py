"""The namespace cache of ``portloss._namespace.array_namespace`` changes no outcome.

After a first call with arrays of some types, the namespace comes from a dict keyed by
those types: it must be the namespace array_api_compat gives, and every check the
uncached call makes (a missing array, mixed libraries, mixed devices, a Dask array of
unknown size) must still fire on later calls.
"""

from __future__ import annotations

import array_api_compat
import numpy as np
import pytest

from portloss._namespace import _BY_TYPES, array_namespace


def test_cached_namespace_is_array_api_compats():
    x, t = np.ones((2, 3)), np.zeros(2, dtype=np.int64)
    first = array_namespace(input=x, target=t)
    assert (np.ndarray, np.ndarray) in _BY_TYPES
    assert array_namespace(input=x, target=t) is first
    assert first is array_api_compat.array_namespace(x, t)


def test_checks_still_fire_after_caching():
    x = np.ones((2, 3))
    array_namespace(input=x, target=x)
    with pytest.raises(TypeError, match="target must be an array"):
        array_namespace(input=x, target=None)
    with pytest.raises(TypeError, match="target must be an array"):
        array_namespace(input=x, target=[1.0, 2.0])


def test_mixed_libraries_and_devices_after_caching():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    x = torch.ones(2, 3)
    array_namespace(input=x, target=x)
    with pytest.raises(TypeError, match="torch array but target is a numpy array"):
        array_namespace(input=x, target=np.ones((2, 3)))
    meta = torch.ones(2, 3, device="meta")
    with pytest.raises(ValueError, match="device"):
        array_namespace(input=x, target=meta)


def test_dask_unknown_sizes_are_checked_on_every_call():
    da = pytest.importorskip("dask.array", reason="dask is not installed")
    x = da.ones((4,), chunks=2)
    array_namespace(input=x, target=x)
    assert _BY_TYPES[(type(x), type(x))][1] is False  # shapes checked every call
    unknown = x[x > 0]
    with pytest.raises(ValueError, match="not known"):
        array_namespace(input=unknown, target=unknown)
