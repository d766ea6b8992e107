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
