"""The backend registry: how to build arrays on each array library and read them back.

One registry serves the conformance runner and the unit tests (``tests/conftest.py``).
A backend is described by a :class:`Backend`; a *factory* returns one, or raises
:class:`BackendUnavailable` with the reason it cannot run here (library not installed,
no GPU). Backends from outside this package are registered with ``--backend
module:factory`` (see ``docs/adding-a-backend.md``).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "BACKENDS",
    "Backend",
    "BackendUnavailable",
    "load_backend",
    "load_backends",
]


class BackendUnavailable(Exception):
    """Raised by a factory whose backend cannot run here; the message is the reason."""


@dataclass(frozen=True)
class Backend:
    """What the suite needs to know about one array library on one device.

    Attributes
    ----------
    name : str
        Unique label, e.g. ``"torch"``, ``"torch-cuda"``, ``"array_api_strict-device1"``.
    xp : namespace
        The (array-api-compat wrapped) namespace of the arrays ``asarray`` builds.
    asarray : callable
        ``asarray(np_array, batch_axis=0)`` builds an array on the backend's device
        (``batch_axis`` tells lazy backends how to chunk).
    to_numpy : callable
        Brings a backend array back to a NumPy array.
    dtypes : tuple of str
        Floating dtypes it supports (names of NumPy dtypes, plus "bfloat16").
    device : object
        The device the arrays live on, compared with ``array_api_compat.device``.
    autodiff : {"torch", "jax", None}
        Which gradient machinery :meth:`grad` uses.
    jit : bool
        Whether :meth:`jit` compiles.
    lazy : bool
        Whether results are lazy (Dask) and need computing.
    """

    name: str
    xp: Any
    asarray: Callable[..., Any]
    to_numpy: Callable[[Any], np.ndarray]
    dtypes: tuple[str, ...] = ("float32", "float64")
    device: Any = None
    autodiff: str | None = None
    jit: bool = False
    lazy: bool = False
    count_computes: Callable[[Callable[[], Any]], tuple[Any, int]] | None = field(
        default=None, compare=False
    )

    def grad(self, fn: Callable[..., Any], arrays: Sequence[Any], argnum: int = 0) -> Any:
        """Gradient of the scalar ``fn(*arrays)`` with respect to ``arrays[argnum]``."""
        if self.autodiff == "torch":
            import torch

            args = list(arrays)
            args[argnum] = args[argnum].detach().clone().requires_grad_(True)
            (g,) = torch.autograd.grad(fn(*args), args[argnum])
            return g
        if self.autodiff == "jax":
            import jax

            # Compiled: eager jax.grad compiles every primitive separately, which
            # dominates the suite's run time.
            return jax.jit(jax.grad(fn, argnums=argnum))(*arrays)
        raise NotImplementedError(f"backend {self.name} has no autodiff")

    def jit_call(self, fn: Callable[..., Any], arrays: Sequence[Any]) -> Any:
        """``fn(*arrays)`` compiled with the backend's jit (options closed over)."""
        if not self.jit:
            raise NotImplementedError(f"backend {self.name} has no jit")
        import jax

        return jax.jit(fn)(*arrays)


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise BackendUnavailable(f"{module} is not installed ({exc})") from None


def _numpy() -> Backend:
    import array_api_compat.numpy as xp

    return Backend(
        name="numpy",
        xp=xp,
        asarray=lambda a, batch_axis=0: np.asarray(a),
        to_numpy=np.asarray,
        dtypes=("float16", "float32", "float64"),
        device="cpu",
    )


def _strict(device_name: str | None) -> Callable[[], Backend]:
    def factory() -> Backend:
        xp = _import("array_api_strict")
        device = xp.Device(device_name) if device_name else xp.Device()
        dtypes = ("float32",) if device_name == "no_float64" else ("float32", "float64")

        def to_numpy(x: Any) -> np.ndarray:
            # Only CPU_DEVICE arrays export to NumPy; others are moved there first.
            return np.asarray(xp.asarray(x, device=xp.Device()) if x.device != xp.Device() else x)

        return Backend(
            name="array_api_strict" + (f"-{device_name}" if device_name else ""),
            xp=xp,
            asarray=lambda a, batch_axis=0: xp.asarray(np.asarray(a), device=device),
            to_numpy=to_numpy,
            dtypes=dtypes,
            device=device,
        )

    return factory


def _torch(device_name: str) -> Callable[[], Backend]:
    def factory() -> Backend:
        torch = _import("torch")
        import array_api_compat.torch as xp

        if device_name == "cuda" and not torch.cuda.is_available():
            raise BackendUnavailable("no CUDA device is available to torch")
        device = torch.device(device_name)
        return Backend(
            name="torch" if device_name == "cpu" else f"torch-{device_name}",
            xp=xp,
            asarray=lambda a, batch_axis=0: torch.asarray(np.asarray(a), device=device),
            to_numpy=lambda x: (
                x.detach().cpu().float().numpy()
                if x.dtype == torch.bfloat16
                else x.detach().cpu().numpy()
            ),
            dtypes=("float16", "bfloat16", "float32", "float64"),
            device=device,
            autodiff="torch",
        )

    return factory


def _jax(platform: str) -> Callable[[], Backend]:
    def factory() -> Backend:
        jax = _import("jax")
        jax.config.update("jax_enable_x64", True)  # float64 cases need it
        try:
            device = jax.devices(platform)[0]
        except RuntimeError:
            raise BackendUnavailable(f"jax has no {platform} device") from None
        import jax.numpy as jnp

        return Backend(
            name="jax" if platform == "cpu" else f"jax-{platform}",
            xp=jnp,
            asarray=lambda a, batch_axis=0: jax.device_put(jnp.asarray(np.asarray(a)), device),
            to_numpy=lambda x: np.asarray(x.astype(jnp.float32) if x.dtype == jnp.bfloat16 else x),
            dtypes=("float16", "bfloat16", "float32", "float64"),
            device=device,
            autodiff="jax",
            jit=True,
        )

    return factory


def _dask() -> Backend:
    da = _import("dask.array")
    import array_api_compat.dask.array as xp
    import dask

    def asarray(a: Any, batch_axis: int = 0) -> Any:
        a = np.asarray(a)
        if a.ndim == 0:
            return da.from_array(a)
        # Several chunks along the batch axis, so reductions cross chunk boundaries.
        chunks = list(a.shape)
        chunks[batch_axis] = max(1, math.ceil(a.shape[batch_axis] / 3))
        return da.from_array(a, chunks=tuple(chunks))

    def count_computes(build: Callable[[], Any]) -> tuple[Any, int]:
        calls = 0

        def scheduler(dsk: Any, keys: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return dask.get(dsk, keys, **kwargs)

        with dask.config.set(scheduler=scheduler):
            result = build()
        return result, calls

    return Backend(
        name="dask",
        xp=xp,
        asarray=asarray,
        # The synchronous scheduler: for test-sized arrays threads cost more than they save.
        to_numpy=lambda x: np.asarray(x.compute(scheduler="sync") if hasattr(x, "compute") else x),
        dtypes=("float32", "float64"),
        device="cpu",
        lazy=True,
        count_computes=count_computes,
    )


def _cupy() -> Backend:
    cp = _import("cupy")
    try:
        cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # no driver, no device
        raise BackendUnavailable(f"cupy finds no CUDA device ({exc})") from None
    import array_api_compat.cupy as xp

    return Backend(
        name="cupy",
        xp=xp,
        asarray=lambda a, batch_axis=0: cp.asarray(np.asarray(a)),
        to_numpy=lambda x: cp.asnumpy(x),
        dtypes=("float16", "float32", "float64"),
        device=cp.cuda.Device(),
    )


#: name -> factory; the default set, in report order.
BACKENDS: dict[str, Callable[[], Backend]] = {
    "numpy": _numpy,
    "array_api_strict": _strict(None),
    "array_api_strict-device1": _strict("device1"),
    "array_api_strict-no_float64": _strict("no_float64"),
    "torch": _torch("cpu"),
    "torch-cuda": _torch("cuda"),
    "jax": _jax("cpu"),
    "jax-gpu": _jax("gpu"),
    "dask": _dask,
    "cupy": _cupy,
}


def load_backend(spec: str) -> Backend:
    """A backend by registry name, or by ``module:factory`` for one defined elsewhere."""
    if spec in BACKENDS:
        return BACKENDS[spec]()
    if ":" in spec:
        module, _, attr = spec.partition(":")
        try:
            factory = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise ValueError(
                f"--backend {spec!r}: cannot load {attr} from {module} ({exc})"
            ) from None
        backend = factory()
        if not isinstance(backend, Backend):
            raise TypeError(
                f"--backend {spec!r}: the factory must return a conformance.backends.Backend, "
                f"got {type(backend).__name__}"
            )
        return backend
    known = ", ".join(BACKENDS)
    raise ValueError(f"unknown backend {spec!r}; expected one of {known} or module:factory")


def load_backends(specs: Sequence[str] | None = None) -> tuple[list[Backend], dict[str, str]]:
    """Load backends (all registered ones by default); return them and the skipped reasons."""
    loaded, skipped = [], {}
    for spec in specs or list(BACKENDS):
        try:
            loaded.append(load_backend(spec))
        except BackendUnavailable as exc:
            skipped[spec] = str(exc)
    return loaded, skipped
