"""Preflight: what portloss needs from a namespace, checked once before any case runs.

A library that lacks one function portloss calls would otherwise fail every run that
reaches it with the same exception; the preflight names the function once, with the
public losses (and the number of planned runs) it affects.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import portloss
from portloss._namespace import MINIMUM_API_VERSION, api_version

from .backends import Backend

__all__ = ["Finding", "needs", "preflight"]


@dataclass
class Finding:
    """One problem the preflight found: a missing name or a call that does not work."""

    name: str
    problem: str
    functions: list[str]
    runs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "problem": self.problem,
            "functions": self.functions,
            "runs": self.runs,
        }

    def line(self) -> str:
        affected = ", ".join(self.functions) if self.functions else "every function"
        runs = f"{self.runs} runs of " if self.runs else ""
        return f"`{self.name}` {self.problem}: {runs}{affected} will fail"


@functools.cache
def needs() -> dict[str, frozenset[str]]:
    """Public portloss function -> the namespace names (``xp.NAME``) its code reaches.

    Read from portloss's source: each module-level function's ``xp.NAME`` uses and the
    module-level functions it calls, closed transitively. Fast paths registered for one
    library are not reached by a direct call, so a generic namespace is not held to them.
    """
    uses: dict[str, set[str]] = {}
    calls: dict[str, set[str]] = {}
    # Read the sources, not the modules: importing the torch and Keras adapters would
    # import those libraries into every backend's process.
    # The engines in subpackages (portloss/_terms/) count; the per-library fast paths of
    # portloss/_backends/ are not reached by a generic namespace.
    package = Path(portloss.__file__).parent
    paths = (p for p in package.rglob("*.py") if "_backends" not in p.relative_to(package).parts)
    for path in sorted(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            key = node.name
            u, c = uses.setdefault(key, set()), calls.setdefault(key, set())
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Attribute)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id == "xp"
                ):
                    u.add(sub.attr)
                elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                    c.add(sub.func.id)
    public = [n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n))]
    out = {}
    for name in public:
        seen, todo, names = set(), [name], set()
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            names |= uses.get(f, set())
            todo.extend(calls.get(f, set()))
        out[name] = frozenset(n for n in names if not n.startswith("__") and n not in _CONSTANTS)
    return out


_CONSTANTS = {"inf", "nan", "pi", "e", "newaxis"}

# Names guarded by the declared revision: portloss takes a fallback without them.
_OPTIONAL = {"take_along_axis", "cumsum"}


def _probes(xp: Any, device: Any, dtype: Any) -> dict[str, Callable[[], Any]]:
    """Calls with the signatures portloss relies on (keywords the standard defines)."""

    def x() -> Any:
        return xp.asarray([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], dtype=dtype, device=device)

    return {
        "asarray(..., dtype=, device=)": x,
        "arange(n, dtype=, device=)": lambda: xp.arange(3, dtype=xp.int64, device=device),
        "sum(x, axis=tuple)": lambda: xp.sum(x(), axis=(0, 1)),
        "max(x, axis=, keepdims=True)": lambda: xp.max(x(), axis=-1, keepdims=True),
        "where(cond, x1, x2)": lambda: xp.where(x() > 0, x(), xp.zeros_like(x())),
        "expand_dims(x, axis=)": lambda: xp.expand_dims(x(), axis=1),
        "cumulative_sum(x, axis=)": lambda: xp.cumulative_sum(x(), axis=1),
        "sort(x, axis=, descending=True)": lambda: xp.sort(x(), axis=-1, descending=True),
        "argsort(x, axis=, descending=True, stable=True)": lambda: xp.argsort(
            x(), axis=-1, descending=True, stable=True
        ),
        "vecdot(x1, x2, axis=-1)": lambda: xp.vecdot(x(), x(), axis=-1),
        "astype(x, dtype)": lambda: xp.astype(x(), xp.int64),
        "full_like(x, -inf)": lambda: xp.full_like(x(), -xp.inf),
        "x[:, 1:, ...]": lambda: x()[:, 1:, ...],
        "reshape(x, (-1,))": lambda: xp.reshape(x(), (-1,)),
    }


def preflight(backend: Backend, planned: Mapping[str, int] | None = None) -> list[Finding]:
    """Findings for ``backend``; ``planned`` maps function -> planned runs (for counts)."""
    xp = backend.xp
    planned = planned or {}
    required = needs()
    by_name: dict[str, list[str]] = {}
    for function, names in required.items():
        for n in names:
            by_name.setdefault(n, []).append(function)
    findings = []
    for name in sorted(by_name):
        if name in _OPTIONAL or hasattr(xp, name):  # the tool may probe; portloss may not
            continue
        functions = sorted(by_name[name])
        findings.append(
            Finding(
                name, "is missing", _short(functions), sum(planned.get(f, 0) for f in functions)
            )
        )
    version = api_version(xp)
    minimum = tuple(int(p) for p in MINIMUM_API_VERSION.split("."))
    if version < minimum:
        findings.append(
            Finding(
                "__array_api_version__",
                f"declares {getattr(xp, '__array_api_version__', 'nothing')}, older than "
                f"the {MINIMUM_API_VERSION} portloss needs",
                [],
                sum(planned.values()),
            )
        )
    dtype = _float(backend)
    context = backend.context() if backend.context is not None else contextlib.nullcontext()
    with context:
        for label, probe in _probes(xp, backend.device, dtype).items():
            try:
                probe()
            except Exception as exc:
                name = label.split("(")[0]
                if any(f.name == name for f in findings):
                    continue  # already reported missing
                functions = sorted(by_name.get(name, []))
                findings.append(
                    Finding(
                        label,
                        f"fails ({type(exc).__name__}: {str(exc)[:120]})",
                        _short(functions),
                        sum(planned.get(f, 0) for f in functions),
                    )
                )
    return findings


def _float(backend: Backend) -> Any:
    name = "float32" if "float32" in backend.dtypes else backend.dtypes[0]
    try:
        found = backend.xp.__array_namespace_info__().dtypes(device=backend.device).get(name)
    except Exception:
        found = None
    return found if found is not None else getattr(backend.xp, name, np.float32)


def _short(functions: Iterable[str]) -> list[str]:
    # "lovasz_hinge_loss, lovasz_softmax_loss" -> "lovasz_*" keeps the line readable.
    functions = list(functions)
    out: list[str] = []
    prefixes: dict[str, list[str]] = {}
    for f in functions:
        prefixes.setdefault(f.split("_")[0], []).append(f)
    for prefix, group in prefixes.items():
        out.append(f"{prefix}_*" if len(group) > 2 else ", ".join(group))
    return out
