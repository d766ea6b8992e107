"""A backend registered from outside the registry, as ``docs/adding-a-backend.md`` shows.

Run it with ``python -m conformance --backend conformance.example_backend:strict_device2``.
"""

from __future__ import annotations

import numpy as np

from conformance.backends import Backend, BackendUnavailable


def strict_device2() -> Backend:
    """array-api-strict arrays on its second simulated device, ``Device("device2")``."""
    try:
        import array_api_strict as xp
    except ImportError:
        raise BackendUnavailable("array_api_strict is not installed") from None
    device = xp.Device("device2")
    return Backend(
        name="strict-device2",
        xp=xp,
        # batch_axis tells lazy backends how to chunk; eager ones ignore it.
        asarray=lambda a, batch_axis=0: xp.asarray(np.asarray(a), device=device),
        # Arrays off the CPU device cannot export to NumPy: move them back first.
        to_numpy=lambda x: np.asarray(xp.asarray(x, device=xp.Device())),
        dtypes=("float32", "float64"),
        device=device,
    )


def marray_numpy() -> Backend:
    """marray's masked arrays over NumPy: a third-party library, plugged in by a factory.

    ``marray`` (``pip install marray``) builds its namespace with a function,
    ``marray.masked_namespace(numpy)``, so ``--backend xp:MODULE`` cannot name it, and
    its arrays export neither ``__array__`` nor a NumPy-readable DLPack capsule: the
    factory says how to build them and how to read them back (the data, with masked
    entries as NaN). It has no autodiff and no jit, so those checks count as not
    applicable.
    """
    try:
        import marray
    except ImportError:
        raise BackendUnavailable("marray is not installed (pip install marray)") from None
    xp = marray.masked_namespace(np)

    def to_numpy(x: object) -> np.ndarray:
        data, mask = np.asarray(x.data), np.asarray(x.mask)  # type: ignore[attr-defined]
        return np.where(mask, np.nan, data) if mask.any() else data

    return Backend(
        name="marray-numpy",
        xp=xp,
        asarray=lambda a, batch_axis=0: xp.asarray(np.asarray(a)),
        to_numpy=to_numpy,
        dtypes=("float32", "float64"),
        device="cpu",
    )
