"""``pytest conformance``: the conformance cases as tests, one id per case x backend x dtype."""

from __future__ import annotations

import pytest

from .backends import BACKENDS, load_backends
from .cases import all_cases
from .check import run_case
from .runner import missing_rows, plan

_BACKENDS, _SKIPPED = load_backends()
_CASES = all_cases()


def _params() -> list[object]:
    params: list[object] = [
        pytest.param(case, backend, dtype, id=f"{case.id}-{backend.name}-{dtype}")
        for case, backend, dtype in plan(_CASES, _BACKENDS)
    ]
    params += [
        pytest.param(
            None, name, None, id=f"{name}-unavailable", marks=pytest.mark.skip(reason=reason)
        )
        for name, reason in _SKIPPED.items()
    ]
    return params


@pytest.mark.parametrize(("case", "backend", "dtype"), _params())
def test_case(case, backend, dtype):
    outcome = run_case(case, backend, dtype)
    assert outcome.passed, "; ".join(outcome.failures)


def test_every_public_function_has_a_case():
    assert missing_rows(_CASES) == []


def test_registry_names_are_unique_and_known():
    names = [b.name for b in _BACKENDS] + list(_SKIPPED)
    assert sorted(names) == sorted(BACKENDS)
