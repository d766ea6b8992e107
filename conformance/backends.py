"""The backend registry: how to build arrays on each array library and read them back.

One registry serves the conformance runner and the unit tests (``tests/conftest.py``).
A backend is described by a :class:`Backend`; a *factory* returns one, or raises
:class:`BackendUnavailable` with the reason it cannot run here (library not installed,
no GPU). Backends from outside this package are registered with ``--backend
module:factory`` (see ``docs/adding-a-backend.md``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "BACKENDS",
    "Backend",
    "BackendUnavailable",
    "load_backend",
    "load_backends",
    "namespace_backend",
]


class BackendUnavailable(Exception):
    """Raised by a factory whose backend cannot run here; the message is the reason."""


def torch_grad(fn: Callable[..., Any], arrays: Sequence[Any], argnum: int = 0) -> Any:
    """Gradient of the scalar ``fn(*arrays)`` with respect to ``arrays[argnum]`` (torch)."""
    import torch

    args = list(arrays)
    args[argnum] = args[argnum].detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(fn(*args), args[argnum])
    return g


def jax_grad(fn: Callable[..., Any], arrays: Sequence[Any], argnum: int = 0) -> Any:
    """Gradient of the scalar ``fn(*arrays)`` with respect to ``arrays[argnum]`` (JAX)."""
    import jax

    # Compiled: eager jax.grad compiles every primitive separately, which dominates the
    # suite's run time.
    return jax.jit(jax.grad(fn, argnums=argnum))(*arrays)


def jax_jit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``jax.jit``; options are closed over by the caller, so they stay static."""
    import jax

    return jax.jit(fn)


@dataclass(frozen=True)
class Backend:
    """What the suite needs to know about one array library on one device.

    Attributes
    ----------
    name : str
        Unique label, e.g. ``"torch"``, ``"torch-cuda"``, ``"array_api_strict-device1"``.
    xp : namespace
        The namespace of the arrays ``asarray`` builds.
    asarray : callable
        ``asarray(np_array, batch_axis=0)`` builds an array on the backend's device
        (``batch_axis`` tells lazy backends how to chunk).
    to_numpy : callable
        Brings a backend array back to a NumPy array.
    dtypes : tuple of str
        Floating dtypes it supports (names of NumPy dtypes, plus "bfloat16").
    device : object
        The device the arrays live on, compared with ``array_api_compat.device``.
    grad : callable, optional
        ``grad(fn, arrays, argnum=0)``: the gradient of the scalar ``fn(*arrays)`` with
        respect to ``arrays[argnum]``, as an array of the backend. ``None``: the gradient
        check does not apply (it is counted as such in the report).
    jit : callable, optional
        ``jit(fn)``: ``fn`` compiled; called as ``jit(fn)(*arrays)``. ``True`` is
        ``jax.jit`` (kept for older factories).
    autodiff : str, optional
        A label for the gradient machinery (``"torch"``, ``"jax"``); ``"torch"`` and
        ``"jax"`` without ``grad`` use the built-in ones.
    lazy : bool
        Whether results are lazy (Dask) and need computing.
    count_computes : callable, optional
        ``count_computes(build)`` runs ``build()`` and returns its result and how many
        times it computed data (a lazy backend must not compute while building).
    fuse_jit_and_grad : bool
        Whether ``grad`` can run inside ``jit`` (JAX): the jit and gradient checks then
        share one compiled function, its value and its gradients.
    transform_dtypes : tuple of str, optional
        The dtypes in which the gradient and jit checks run (each compiles, on JAX);
        a case with none of them runs them in its first dtype. ``None``: every dtype.
    sample_transforms : bool
        Whether the default run checks gradients and jit on a sample of the cases
        (:func:`conformance.check.transform_sample`: each function's options, weights,
        input ranks, empty inputs and dtypes at least once) instead of on every case, because
        each check compiles (JAX). ``--full`` runs them on every case. Values, dtypes,
        shapes, devices and no-mutation run on every case regardless.
    context : callable, optional
        Returns a context manager entered around every run (library settings that
        must not leak into other code in the process, e.g. array-api-strict flags).
    standard : str, optional
        The Array API revision the namespace declares, for the report.
    """

    name: str
    xp: Any
    asarray: Callable[..., Any]
    to_numpy: Callable[[Any], np.ndarray]
    dtypes: tuple[str, ...] = ("float32", "float64")
    device: Any = None
    grad: Callable[..., Any] | None = field(default=None, compare=False)
    jit: Callable[..., Any] | bool | None = field(default=None, compare=False)
    autodiff: str | None = None
    lazy: bool = False
    count_computes: Callable[[Callable[[], Any]], tuple[Any, int]] | None = field(
        default=None, compare=False
    )
    transform_dtypes: tuple[str, ...] | None = None
    fuse_jit_and_grad: bool = False
    sample_transforms: bool = False
    context: Callable[[], Any] | None = field(default=None, compare=False)
    standard: str | None = None

    def __post_init__(self) -> None:
        # frozen: fill the derived fields through object.__setattr__
        if self.grad is None and self.autodiff in ("torch", "jax"):
            object.__setattr__(self, "grad", torch_grad if self.autodiff == "torch" else jax_grad)
        elif self.grad is not None and self.autodiff is None:
            object.__setattr__(self, "autodiff", "custom")
        if self.jit is True:
            object.__setattr__(self, "jit", jax_jit)
        elif self.jit is False:
            object.__setattr__(self, "jit", None)
        if self.standard is None:
            declared = getattr(self.xp, "__array_api_version__", None)
            object.__setattr__(self, "standard", str(declared) if declared else None)

    def jit_call(self, fn: Callable[..., Any], arrays: Sequence[Any]) -> Any:
        """``fn(*arrays)`` compiled with the backend's jit (options closed over)."""
        if not callable(self.jit):
            raise NotImplementedError(f"backend {self.name} has no jit")
        return self.jit(fn)(*arrays)


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


def _strict_revision(version: str) -> Callable[[], Backend]:
    """array-api-strict at one standard revision, with the strictest flags.

    The flags are process-wide: they are set only around each run (``context``), so
    they change nothing else in the process.
    """

    def factory() -> Backend:
        xp = _import("array_api_strict")

        def flags() -> Any:
            return xp.ArrayAPIStrictFlags(
                api_version=version, data_dependent_shapes=False, boolean_indexing=False
            )

        return Backend(
            name=f"array_api_strict-{version}",
            xp=xp,
            asarray=lambda a, batch_axis=0: xp.asarray(np.asarray(a)),
            to_numpy=np.asarray,
            device=xp.Device(),
            context=flags,
            standard=version,
        )

    return factory


def namespace_backend(module: str) -> Backend:
    """A backend from a namespace alone (``--backend xp:MODULE``): no factory to write.

    Uses only the standard: arrays are built with ``asarray`` (from NumPy directly, by
    DLPack, or from a flat list and ``reshape``), read back with ``__array__`` or
    DLPack, on ``__array_namespace_info__().default_device()``; the floating dtypes are
    those ``__array_namespace_info__().dtypes()`` lists. No gradient, no jit.
    """
    xp = _import(module)
    try:
        info = xp.__array_namespace_info__()
        device = info.default_device()
        floats = info.dtypes(device=device, kind="real floating")
    except Exception as exc:
        raise BackendUnavailable(
            f"{module} has no working __array_namespace_info__ ({type(exc).__name__}: {exc}); "
            "write a factory (see docs/adding-a-backend.md)"
        ) from None
    dtypes = tuple(n for n in ("float16", "float32", "float64") if n in floats)

    def build(a: np.ndarray) -> Any:
        dtype = floats.get(a.dtype.name) if a.dtype.kind == "f" else None
        if dtype is None and a.dtype.kind != "f":
            dtype = info.dtypes(device=device).get(a.dtype.name)
        for attempt in (
            lambda: xp.asarray(a, dtype=dtype, device=device),
            lambda: xp.asarray(xp.from_dlpack(a), dtype=dtype, device=device),
        ):
            try:
                out = attempt()
            except Exception:
                continue
            if tuple(out.shape) == a.shape:
                return out
        flat = xp.asarray(a.reshape(-1).tolist(), dtype=dtype, device=device)
        return xp.reshape(flat, a.shape)

    def to_numpy(x: Any) -> np.ndarray:
        errors = []
        for attempt in (
            lambda: np.asarray(x),
            lambda: np.from_dlpack(x),
            lambda: np.from_dlpack(x, device="cpu", copy=True),
        ):
            try:
                out = np.asarray(attempt())
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if out.dtype != object and out.shape == tuple(x.shape):
                return out
        raise TypeError(
            f"cannot read a {type(x).__name__} back into NumPy (no __array__ or DLPack "
            f"export to the CPU): {'; '.join(errors)}"
        )

    return Backend(
        name=f"xp:{module}",
        xp=xp,
        asarray=lambda a, batch_axis=0: build(np.asarray(a)),
        to_numpy=to_numpy,
        dtypes=dtypes,
        device=device,
    )


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
            # Each gradient and jit check compiles (0.4 s a run); float32 covers the
            # transforms, the other dtypes still get every value check.
            transform_dtypes=("float32",),
            fuse_jit_and_grad=True,
            # A compile per case is most of the suite's time; the sample keeps every
            # option, weight, rank, empty input and dtype of each function (--full: all).
            sample_transforms=True,
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


def _standard(factory: Callable[[], Backend]) -> Callable[[], Backend]:
    """``factory``'s backend with portloss's native paths off: the standard path alone.

    portloss computes some losses (or primitives) with a library's own function where
    that function has the same semantics (``portloss._backends``); this column runs every
    case again inside ``use_native(False)``, so a fast path or a delegate that drifts from
    the standard Array API path shows up as a difference between the two columns.
    """

    def build() -> Backend:
        from portloss._backends import use_native

        backend = factory()
        outer = backend.context

        @contextlib.contextmanager
        def standard() -> Iterator[None]:
            with contextlib.ExitStack() as stack:
                if outer is not None:
                    stack.enter_context(outer())
                stack.enter_context(use_native(False))
                yield

        return dataclasses.replace(backend, name=f"{backend.name}-standard", context=standard)

    return build


#: name -> factory; the default set, in report order.
BACKENDS: dict[str, Callable[[], Backend]] = {
    "numpy": _numpy,
    "numpy-standard": _standard(_numpy),
    "array_api_strict": _strict(None),
    "array_api_strict-device1": _strict("device1"),
    "array_api_strict-no_float64": _strict("no_float64"),
    "array_api_strict-2023.12": _strict_revision("2023.12"),
    "array_api_strict-2024.12": _strict_revision("2024.12"),
    "array_api_strict-2025.12": _strict_revision("2025.12"),
    "torch": _torch("cpu"),
    "torch-standard": _standard(_torch("cpu")),
    "torch-cuda": _torch("cuda"),
    "jax": _jax("cpu"),
    "jax-standard": _standard(_jax("cpu")),
    "jax-gpu": _jax("gpu"),
    "dask": _dask,
    "cupy": _cupy,
}


def load_backend(spec: str) -> Backend:
    """A backend by registry name, ``xp:MODULE`` (a namespace alone) or ``module:factory``."""
    if spec in BACKENDS:
        return BACKENDS[spec]()
    if spec.startswith("xp:"):
        return namespace_backend(spec[3:])
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
    raise ValueError(
        f"unknown backend {spec!r}; expected one of {known}, xp:MODULE or module:factory"
    )


def load_backends(specs: Sequence[str] | None = None) -> tuple[list[Backend], dict[str, str]]:
    """Load backends (all registered ones by default); return them and the skipped reasons."""
    loaded, skipped = [], {}
    for spec in specs or list(BACKENDS):
        try:
            loaded.append(load_backend(spec))
        except BackendUnavailable as exc:
            skipped[spec] = str(exc)
    return loaded, skipped
