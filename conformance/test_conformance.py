"""``pytest conformance``: the conformance cases as tests, one id per case x backend x dtype.

``pytest conformance --backend module:factory`` runs an outside backend; without
``--backend`` every registered backend runs in quick mode (``--conformance-full`` for
all of it). In-process: the isolated, merged report is ``python -m conformance``.
"""

from __future__ import annotations

import pytest

from .backends import BACKENDS, load_backends
from .cases import all_cases
from .check import run_case
from .runner import missing_rows, plan

_CASES = all_cases()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "run" not in metafunc.fixturenames:
        return
    specs = metafunc.config.getoption("--backend", default=[]) or None
    full = metafunc.config.getoption("--conformance-full", default=False)
    backends, skipped = load_backends(specs)
    params: list[object] = [
        pytest.param((case, backend, dtype), id=f"{case.id}-{backend.name}-{dtype}")
        for case, backend, dtype in plan(_CASES, backends, quick=not (full or specs))
    ]
    params += [
        pytest.param(None, id=f"{name}-unavailable", marks=pytest.mark.skip(reason=reason))
        for name, reason in skipped.items()
    ]
    metafunc.parametrize("run", params)


def test_case(run):
    case, backend, dtype = run
    outcome = run_case(case, backend, dtype)
    assert outcome.passed, "; ".join(outcome.messages)


def test_every_public_function_has_a_case():
    assert missing_rows(_CASES) == []


def test_registry_names_are_unique_and_known():
    backends, skipped = load_backends()
    names = [b.name for b in backends] + list(skipped)
    assert sorted(names) == sorted(BACKENDS)
