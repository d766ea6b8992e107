"""Running one case on one backend and dtype, against the float64 reference.

The expected value of a case comes from :mod:`conformance.reference`: float64 NumPy
formulas written for the suite, which never import or call portloss; the tests
(``tests/test_conformance_reference.py``) cross-check them against the native peer
(``Case.oracle``, torch.nn.functional on float64 tensors). Reference gradients are
portloss's on torch float64, which the same tests cross-check against the peer's
autograd (the gradient check does not apply where torch is not installed). A backend
result passes when it is within the dtype's tolerance of the reference:
``|got - ref| <= atol + rtol * |ref|``.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import array_api_compat
import numpy as np

import portloss

from .backends import Backend
from .case import Case
from .reference import expected_value

__all__ = [
    "CHECKS",
    "TOLERANCES",
    "Failure",
    "Outcome",
    "Reference",
    "reference",
    "reference_gradients",
    "run_case",
    "transform_sample",
]

#: dtype -> (rtol, atol). float32 allows for summation order and libm differences
#: across backends; float64 for summation order only.
TOLERANCES = {
    "float64": (1e-9, 1e-12),
    "float32": (2e-5, 1e-6),
    "float16": (2e-2, 1e-3),
    "bfloat16": (5e-2, 1e-2),
}

#: Every check a run can make, in the order it makes them.
CHECKS = (
    "reference",
    "lazy",
    "value",
    "shape",
    "dtype",
    "device",
    "gradient",
    "jit",
    "no-mutation",
)

_PORTLOSS_DIR = os.path.dirname(os.path.abspath(portloss.__file__))
_SUITE_DIR = os.path.dirname(os.path.abspath(__file__))


def _frame(tb: Any, keep: Callable[[str], bool]) -> str | None:
    frames = [f for f in traceback.extract_tb(tb) if keep(os.path.abspath(f.filename))]
    if not frames:
        return None
    f = frames[-1]
    where = os.path.relpath(f.filename) if f.filename.startswith(os.getcwd()) else f.filename
    return f"{where}:{f.lineno} in {f.name}: {(f.line or '').strip()}"


def _is_backend_file(path: str) -> bool:
    return not path.startswith((_PORTLOSS_DIR, _SUITE_DIR)) and "<" not in path


@dataclass
class Failure:
    """One failed check of a run: what failed, and where an exception came from."""

    check: str
    error: str
    exception_type: str | None = None
    portloss_frame: str | None = None
    backend_frame: str | None = None

    @classmethod
    def from_exception(cls, check: str, exc: BaseException) -> Failure:
        tb = exc.__traceback__
        return cls(
            check=check,
            error=f"raised {type(exc).__name__}: {exc}",
            exception_type=type(exc).__name__,
            portloss_frame=_frame(tb, lambda p: p.startswith(_PORTLOSS_DIR)),
            backend_frame=_frame(tb, _is_backend_file),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "error": self.error,
            "exception_type": self.exception_type,
            "portloss_frame": self.portloss_frame,
            "backend_frame": self.backend_frame,
        }


@dataclass
class Outcome:
    """The result of one case on one backend and dtype.

    ``checks`` maps each check of :data:`CHECKS` to ``"passed"``, ``"failed"``,
    ``"not applicable"`` (the backend has no such machinery, the case no such
    reference), ``"in another dtype"`` (``Backend.transform_dtypes``), ``"not sampled"``
    (``Backend.sample_transforms``: the case is outside :func:`transform_sample`) or ``"not run"``
    (an earlier check crashed).
    """

    case: str
    function: str
    backend: str
    dtype: str
    passed: bool
    failures: list[Failure] = field(default_factory=list)
    worst_error: float = 0.0
    checks: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    shapes: dict[str, list[int]] = field(default_factory=dict)
    dtypes: dict[str, str] = field(default_factory=dict)
    status: str = "passed"
    xfail_reason: str | None = None

    @property
    def messages(self) -> list[str]:
        return [f.error for f in self.failures]

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "function": self.function,
            "backend": self.backend,
            "dtype": self.dtype,
            "status": self.status,
            "passed": self.passed,
            "failures": [f.as_dict() for f in self.failures],
            "worst_error": self.worst_error if math.isfinite(self.worst_error) else None,
            "checks": self.checks,
            "options": self.options,
            "shapes": self.shapes,
            "dtypes": self.dtypes,
            "xfail_reason": self.xfail_reason,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Outcome:
        worst = d.get("worst_error")
        return cls(
            case=d["case"],
            function=d["function"],
            backend=d["backend"],
            dtype=d["dtype"],
            passed=d["passed"],
            failures=[Failure(**f) for f in d.get("failures", [])],
            worst_error=math.inf if worst is None else worst,
            checks=dict(d.get("checks", {})),
            options=dict(d.get("options", {})),
            shapes=dict(d.get("shapes", {})),
            dtypes=dict(d.get("dtypes", {})),
            status=d.get("status", "passed" if d["passed"] else "failed"),
            xfail_reason=d.get("xfail_reason"),
        )


@dataclass
class Reference:
    """Float64 reference value of a case, and any problem found with it.

    Gradients come from :func:`reference_gradients`, computed only for backends that
    check them. ``source`` says where the value came from (``"independent"`` formulas, or the
    fallback ``"portloss"`` for a function without one, which the report lists).
    """

    value: np.ndarray
    problems: list[str]
    source: str = "independent"


def _call(backend_fn: Callable[..., Any], case: Case, args: Sequence[Any], arrays: Any) -> Any:
    out = backend_fn(*args, **arrays, **case.options)
    if isinstance(out, tuple):
        # A function of several arrays (ctc_forward_log_probs): compared, differentiated
        # and compiled as one flat array, as its reference writes it.
        xp = array_api_compat.array_namespace(*out)
        out = xp.concat([xp.reshape(o, (-1,)) for o in out])
    return out


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


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        return None
    return torch


def _reference(case: Case) -> Reference:
    args, arrays = case.inputs()
    problems: list[str] = []
    value = expected_value(case.function, args, arrays, case.options)
    source = "independent"
    if value is None:
        # No formula written for this function: portloss on NumPy float64 stands in,
        # and the report lists the function as lacking an independent oracle.
        source = "portloss"
        value = np.asarray(_call(_function(case), case, args, arrays), dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    return Reference(value, problems, source)


_GRADIENTS: dict[str, dict[int, np.ndarray]] = {}


def reference_gradients(case: Case) -> dict[int, np.ndarray]:
    """Reference gradients of ``case`` (cached): portloss on torch float64, ``{}`` without torch.

    Computed only for backends that check gradients. The reference loads no backend
    factory (a factory may change process-wide settings): torch is called directly.
    """
    if case.id in _GRADIENTS:
        return _GRADIENTS[case.id]
    grads: dict[int, np.ndarray] = {}
    torch = _torch()
    if torch is not None and case.grad_argnums:
        args, arrays = case.inputs()
        fn = _function(case)
        for i in case.grad_argnums:
            t_args = [torch.asarray(a) for a in args]
            t_arrays = {k: torch.asarray(a) for k, a in arrays.items()}
            x = t_args[i].clone().requires_grad_(True)
            t_args[i] = x
            (g,) = torch.autograd.grad(torch.sum(_call(fn, case, t_args, t_arrays)), x)
            grads[i] = g.numpy()
    _GRADIENTS[case.id] = grads
    return grads


def _describe(a: np.ndarray) -> tuple[list[int], str]:
    return list(a.shape), str(a.dtype)


def transform_sample(cases: Sequence[Case]) -> frozenset[str]:
    """Ids of the cases whose gradient and jit checks run where transforms are sampled.

    Per function, in table order: the first case, then every case that brings something
    no earlier chosen case of that function had: an option value, an array keyword
    (weights, masks), an input's number of dimensions, an empty input or a dtype. So
    each function's options, reductions, weights, K-dim and empty inputs and dtypes all
    pass through the compiled gradient and jit at least once; the dtype rule
    (``Backend.transform_dtypes``) applies on top. Deterministic: the same table gives
    the same sample.
    """
    seen: dict[str, set[tuple[Any, ...]]] = {}
    chosen = set()
    for case in cases:
        args, arrays = case.inputs()
        features: set[tuple[Any, ...]] = {
            ("option", k, repr(_jsonable(v))) for k, v in case.options.items()
        }
        features |= {("array", k) for k in arrays}
        features |= {("ndim", i, a.ndim) for i, a in enumerate(args)}
        features |= {("empty",) for a in [*args, *arrays.values()] if a.size == 0}
        features |= {("dtype", d) for d in case.dtypes}
        known = seen.get(case.function)
        if known is None or not features <= known:
            seen.setdefault(case.function, set()).update(features)
            chosen.add(case.id)
    return frozenset(chosen)


def run_case(case: Case, backend: Backend, dtype: str, *, sampled: bool = True) -> Outcome:
    """Run every check of ``case`` on ``backend`` in ``dtype``.

    ``sampled=False`` (the case is outside :func:`transform_sample`) skips the gradient
    and jit checks on a backend with ``sample_transforms``; they read ``"not sampled"``.
    """
    outcome = Outcome(case.id, case.function, backend.name, dtype, passed=True)
    outcome.options = {k: _jsonable(v) for k, v in case.options.items()}
    args, arrays = case.inputs()
    named = {f"arg{i}": _cast(a, dtype) for i, a in enumerate(args)}
    named.update({k: _cast(a, dtype) for k, a in arrays.items()})
    for k, a in named.items():
        outcome.shapes[k], outcome.dtypes[k] = _describe(a)
    outcome.checks = dict.fromkeys(CHECKS, "not run")
    context = backend.context() if backend.context is not None else contextlib.nullcontext()
    current = ["reference"]
    try:
        with context:
            _run_checks(case, backend, dtype, outcome, current, sampled)
    except Exception as exc:  # a crash is a failure of this run, not of the suite
        outcome.failures.append(Failure.from_exception(current[0], exc))
        outcome.checks[current[0]] = "failed"
    outcome.passed = not outcome.failures
    outcome.status = "passed" if outcome.passed else "failed"
    return outcome


def _jsonable(v: Any) -> Any:
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (tuple, list)):
        return [_jsonable(x) for x in v]
    return getattr(v, "__name__", repr(v))


def _run_checks(
    case: Case, backend: Backend, dtype: str, outcome: Outcome, current: list[str], sampled: bool
) -> None:
    def start(check: str) -> None:
        current[0] = check
        outcome.checks[check] = "passed"

    def fail(check: str, message: str) -> None:
        outcome.failures.append(Failure(check, message))
        outcome.checks[check] = "failed"

    def not_applicable(check: str) -> None:
        outcome.checks[check] = "not applicable"

    start("reference")
    ref = reference(case)
    for problem in ref.problems:
        fail("reference", problem)
    rtol, atol = TOLERANCES[dtype]
    fn = _function(case)
    start("no-mutation")  # building inputs and reading them back
    args, arrays = _build(backend, case, dtype)
    before = [backend.to_numpy(a) for a in args] + [backend.to_numpy(a) for a in arrays.values()]

    if backend.lazy and backend.count_computes is not None:
        start("lazy")
        out, computes = backend.count_computes(lambda: _call(fn, case, args, arrays))
        if computes:
            fail("lazy", f"building the loss computed {computes} time(s); it must stay lazy")
    else:
        not_applicable("lazy")
        start("value")
        out = _call(fn, case, args, arrays)

    start("value")
    got = backend.to_numpy(out)
    # A result in a narrower dtype than the case's (a helper's default float from integer
    # inputs) is held to that dtype's tolerance.
    rtol, atol = max((rtol, atol), TOLERANCES.get(str(got.dtype), (rtol, atol)), key=lambda t: t[0])
    ok, worst = _error(got, ref.value, rtol, atol)
    outcome.worst_error = max(outcome.worst_error, worst)
    if not ok:
        message = f"value differs from the float64 reference (worst relative error {worst:.3g})"
        fail("value", message)

    start("shape")
    if tuple(out.shape) != ref.value.shape:
        fail("shape", f"output shape {tuple(out.shape)}, expected {ref.value.shape}")
    if case.check_dtype:
        start("dtype")
        expected_dtype = _dtype(backend, dtype)
        if out.dtype != expected_dtype:
            fail("dtype", f"output dtype {out.dtype}, expected {expected_dtype}")
    else:
        not_applicable("dtype")
    start("device")
    if backend.device is not None and array_api_compat.device(out) != backend.device:
        got_device = array_api_compat.device(out)
        fail("device", f"output on device {got_device}, expected {backend.device}")

    transforms = _transforms_apply(backend, case, dtype)
    if transforms and backend.sample_transforms and not sampled:
        # Values, dtype, shape, device and no-mutation still run on this case.
        for check, machinery in (("gradient", backend.grad), ("jit", backend.jit)):
            if machinery is not None and (check == "jit" or case.grad_argnums):
                outcome.checks[check] = "not sampled"
        transforms = False
    grads = reference_gradients(case) if backend.grad is not None and transforms else {}
    fused: tuple[Any, dict[int, Any]] | None = None
    if grads and callable(backend.jit) and backend.fuse_jit_and_grad:
        # One compile for the jit and gradient checks: the value and the gradients of
        # the compiled function (JAX traces the gradient inside the jit).
        start("jit")

        def value_and_grads(a: list[Any], k: dict[str, Any]) -> Any:
            g = {i: backend.grad(_sum_output(fn, case, a, k, i), [a[i]]) for i in grads}
            return _call(fn, case, a, k), g

        fused = backend.jit_call(value_and_grads, [list(args), dict(arrays)])
    if outcome.checks["gradient"] == "not sampled":
        pass
    elif backend.grad is not None and case.grad_argnums and not transforms:
        outcome.checks["gradient"] = "in another dtype"
    elif grads:
        start("gradient")
        for i, expected in grads.items():
            if fused is not None:
                g = backend.to_numpy(fused[1][i])
            else:
                g = backend.to_numpy(
                    backend.grad(_sum_output(fn, case, args, arrays, i), [args[i]])
                )
            g_atol = atol * max(1.0, float(np.nanmax(np.abs(expected), initial=0.0)))
            ok, worst = _error(g, expected, rtol, g_atol)
            outcome.worst_error = max(outcome.worst_error, worst)
            if not ok:
                message = f"gradient of argument {i} differs from the reference (worst {worst:.3g})"
                fail("gradient", message)
    else:
        not_applicable("gradient")

    if outcome.checks["jit"] == "not sampled":
        pass
    elif callable(backend.jit) and not transforms:
        outcome.checks["jit"] = "in another dtype"
    elif callable(backend.jit):
        start("jit")
        if fused is not None:
            jitted = fused[0]
        else:
            jitted = backend.jit_call(
                lambda a, k: _call(fn, case, a, k), [list(args), dict(arrays)]
            )
        ok, worst = _error(backend.to_numpy(jitted), got, rtol, atol)
        if not ok:
            fail("jit", f"jit result differs from eager (worst relative error {worst:.3g})")
    else:
        not_applicable("jit")

    start("no-mutation")
    after = [backend.to_numpy(a) for a in args] + [backend.to_numpy(a) for a in arrays.values()]
    for b, a in zip(before, after):
        if not np.array_equal(b, a, equal_nan=True):
            fail("no-mutation", "an input array was modified in place")
            break


def _transforms_apply(backend: Backend, case: Case, dtype: str) -> bool:
    """Whether the gradient and jit checks run in ``dtype`` (``Backend.transform_dtypes``)."""
    chosen = backend.transform_dtypes
    if chosen is None or dtype in chosen:
        return True
    runs = [d for d in case.dtypes if d in backend.dtypes]
    return not any(d in chosen for d in runs) and bool(runs) and runs[0] == dtype


def _dtype(backend: Backend, name: str) -> Any:
    """The namespace's dtype object called ``name``, from its namespace info where it has one.

    ``__array_namespace_info__().dtypes()`` is the standard's list (a library without
    float16 simply lacks the key); a namespace without it is looked up by attribute.
    """
    try:
        info = backend.xp.__array_namespace_info__()
        found = info.dtypes(device=backend.device).get(name)
    except Exception:
        found = None
    return found if found is not None else getattr(backend.xp, name)
