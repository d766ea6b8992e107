"""Running one case on one backend and dtype, against the float64 reference.

The reference of a case is portloss itself on NumPy float64 inputs, cross-checked
against the native peer (``Case.oracle``, torch.nn.functional on float64 tensors) when
torch is installed; reference gradients come from portloss on torch float64 (else JAX),
cross-checked against the peer's autograd. A backend result passes when it is within
the dtype's tolerance of the reference: ``|got - ref| <= atol + rtol * |ref|``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import array_api_compat
import numpy as np

import portloss

from .backends import Backend, BackendUnavailable, load_backend
from .case import Case

__all__ = ["TOLERANCES", "Outcome", "Reference", "reference", "run_case"]

#: dtype -> (rtol, atol). float32 allows for summation order and libm differences
#: across backends; float64 for summation order only.
TOLERANCES = {
    "float64": (1e-9, 1e-12),
    "float32": (2e-5, 1e-6),
    "float16": (2e-2, 1e-3),
    "bfloat16": (5e-2, 1e-2),
}


@dataclass
class Outcome:
    """The result of one case on one backend and dtype."""

    case: str
    function: str
    backend: str
    dtype: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    worst_error: float = 0.0
    checks: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "function": self.function,
            "backend": self.backend,
            "dtype": self.dtype,
            "passed": self.passed,
            "failures": self.failures,
            "worst_error": self.worst_error,
            "checks": self.checks,
        }


@dataclass
class Reference:
    """Float64 reference value and gradients of a case, and any problem found with them."""

    value: np.ndarray
    grads: dict[int, np.ndarray]
    problems: list[str]


def _call(backend_fn: Callable[..., Any], case: Case, args: Sequence[Any], arrays: Any) -> Any:
    return backend_fn(*args, **arrays, **case.options)


def _function(case: Case) -> Callable[..., Any]:
    try:
        return getattr(portloss, case.function)
    except AttributeError:
        raise ValueError(f"case {case.id}: portloss has no public {case.function}") from None


def _cast(a: np.ndarray, dtype: str) -> np.ndarray:
    return a.astype(dtype) if np.issubdtype(a.dtype, np.floating) else a


def _build(backend: Backend, case: Case, dtype: str) -> tuple[list[Any], dict[str, Any]]:
    args, arrays = case.inputs()
    to = functools.partial(backend.asarray, batch_axis=case.batch_axis)
    return (
        [to(_cast(a, dtype)) for a in args],
        {k: to(_cast(a, dtype)) for k, a in arrays.items()},
    )


def _error(got: np.ndarray, ref: np.ndarray, rtol: float, atol: float) -> tuple[bool, float]:
    """Whether ``got`` is within tolerance of ``ref`` (NaN where NaN), and the worst error."""
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    if got.shape != ref.shape:
        return False, math.inf
    if not got.size:
        return True, 0.0
    same_nan = np.isnan(got) == np.isnan(ref)
    same_inf = np.where(np.isinf(ref), got == ref, True)
    finite = np.isfinite(ref) & np.isfinite(got)
    diff = np.abs(np.where(finite, got, 0.0) - np.where(finite, ref, 0.0))
    ok = bool(
        np.all(same_nan & same_inf & (diff <= atol + rtol * np.abs(np.where(finite, ref, 0))))
    )
    scale = np.maximum(np.abs(np.where(finite, ref, 0.0)), atol / rtol)
    worst = float(np.max(diff / scale)) if np.all(same_nan & same_inf) else math.inf
    return ok, worst


def _grad_backend() -> Backend | None:
    for name in ("torch", "jax"):
        try:
            return load_backend(name)
        except BackendUnavailable:
            continue
    return None


def _sum_output(fn: Callable[..., Any], case: Case, args: list[Any], arrays: Any, i: int) -> Any:
    def scalar(x: Any) -> Any:
        a = list(args)
        a[i] = x
        out = _call(fn, case, a, arrays)
        xp = array_api_compat.array_namespace(out)
        return xp.sum(out)

    return scalar


_REFERENCES: dict[str, Reference] = {}


def reference(case: Case) -> Reference:
    """The float64 reference of ``case`` (cached by id), cross-checked against its oracle."""
    if case.id not in _REFERENCES:
        _REFERENCES[case.id] = _reference(case)
    return _REFERENCES[case.id]


def _reference(case: Case) -> Reference:
    fn = _function(case)
    args, arrays = case.inputs()
    value = np.asarray(_call(fn, case, args, arrays), dtype=np.float64)
    problems: list[str] = []
    grads: dict[int, np.ndarray] = {}

    torch = None
    if case.oracle is not None:
        try:
            import torch
        except ImportError:
            torch = None
    if torch is not None:
        t_args = [torch.asarray(a) for a in args]
        t_arrays = {k: torch.asarray(a) for k, a in arrays.items()}
        expected = case.oracle(*t_args, **t_arrays, **case.options).detach().numpy()
        ok, worst = _error(value, expected, *TOLERANCES["float64"])
        if not ok:
            problems.append(f"float64 reference differs from the torch peer (worst {worst:.3g})")

    gb = _grad_backend() if case.grad_argnums else None
    if gb is not None:
        g_args = [gb.asarray(a) for a in args]
        g_arrays = {k: gb.asarray(a) for k, a in arrays.items()}
        for i in case.grad_argnums:
            g = gb.grad(_sum_output(fn, case, g_args, g_arrays, i), [g_args[i]])
            grads[i] = gb.to_numpy(g)
            if torch is not None and gb.name == "torch":
                x = torch.asarray(args[i]).requires_grad_(True)
                t_args = [torch.asarray(a) for a in args]
                t_args[i] = x
                t_arrays = {k: torch.asarray(a) for k, a in arrays.items()}
                (expected_g,) = torch.autograd.grad(
                    case.oracle(*t_args, **t_arrays, **case.options).sum(), x
                )
                ok, worst = _error(grads[i], expected_g.numpy(), *TOLERANCES["float64"])
                if not ok:
                    problems.append(
                        f"float64 reference gradient of argument {i} differs from the torch "
                        f"peer's (worst {worst:.3g})"
                    )
    return Reference(value, grads, problems)


def run_case(case: Case, backend: Backend, dtype: str) -> Outcome:
    """Run every check of ``case`` on ``backend`` in ``dtype``."""
    outcome = Outcome(case.id, case.function, backend.name, dtype, passed=True)

    def fail(message: str) -> None:
        outcome.passed = False
        outcome.failures.append(message)

    try:
        _run_checks(case, backend, dtype, outcome, fail)
    except Exception as exc:  # a crash is a failure of this case, not of the suite
        fail(f"raised {type(exc).__name__}: {exc}")
    return outcome


def _run_checks(
    case: Case, backend: Backend, dtype: str, outcome: Outcome, fail: Callable[[str], None]
) -> None:
    ref = reference(case)
    for problem in ref.problems:
        fail(problem)
    rtol, atol = TOLERANCES[dtype]
    fn = _function(case)
    args, arrays = _build(backend, case, dtype)
    before = [backend.to_numpy(a) for a in args] + [backend.to_numpy(a) for a in arrays.values()]

    if backend.lazy and backend.count_computes is not None:
        out, computes = backend.count_computes(lambda: _call(fn, case, args, arrays))
        outcome.checks.append("lazy")
        if computes:
            fail(f"building the loss computed {computes} time(s); it must stay lazy")
    else:
        out = _call(fn, case, args, arrays)

    outcome.checks.append("value")
    got = backend.to_numpy(out)
    # A result in a narrower dtype than the case's (a helper's default float from integer
    # inputs) is held to that dtype's tolerance.
    rtol, atol = max((rtol, atol), TOLERANCES.get(str(got.dtype), (rtol, atol)), key=lambda t: t[0])
    ok, worst = _error(got, ref.value, rtol, atol)
    outcome.worst_error = max(outcome.worst_error, worst)
    if not ok:
        fail(f"value differs from the float64 reference (worst relative error {worst:.3g})")

    outcome.checks.append("shape")
    if tuple(out.shape) != ref.value.shape:
        fail(f"output shape {tuple(out.shape)}, expected {ref.value.shape}")
    if case.check_dtype:
        outcome.checks.append("dtype")
        expected_dtype = _dtype(backend, dtype)
        if out.dtype != expected_dtype:
            fail(f"output dtype {out.dtype}, expected {expected_dtype}")
    outcome.checks.append("device")
    if backend.device is not None and array_api_compat.device(out) != backend.device:
        fail(f"output on device {array_api_compat.device(out)}, expected {backend.device}")

    if backend.autodiff and ref.grads:
        outcome.checks.append("gradient")
        for i, expected in ref.grads.items():
            g = backend.to_numpy(backend.grad(_sum_output(fn, case, args, arrays, i), [args[i]]))
            g_atol = atol * max(1.0, float(np.nanmax(np.abs(expected), initial=0.0)))
            ok, worst = _error(g, expected, rtol, g_atol)
            outcome.worst_error = max(outcome.worst_error, worst)
            if not ok:
                fail(f"gradient of argument {i} differs from the reference (worst {worst:.3g})")

    if backend.jit:
        outcome.checks.append("jit")
        jitted = backend.jit_call(lambda a, k: _call(fn, case, a, k), [list(args), dict(arrays)])
        ok, worst = _error(backend.to_numpy(jitted), got, rtol, atol)
        if not ok:
            fail(f"jit result differs from eager (worst relative error {worst:.3g})")

    outcome.checks.append("inputs unchanged")
    after = [backend.to_numpy(a) for a in args] + [backend.to_numpy(a) for a in arrays.values()]
    for b, a in zip(before, after):
        if not np.array_equal(b, a, equal_nan=True):
            fail("an input array was modified in place")
            break


def _dtype(backend: Backend, name: str) -> Any:
    return getattr(backend.xp, name)
