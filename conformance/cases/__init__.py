"""The case table: every module in this package contributes a ``CASES`` list.

Modules are discovered, so a new loss family adds its rows by adding a module here
(one per ``portloss`` topic module), without touching a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..case import Case

__all__ = ["all_cases"]


def all_cases() -> list[Case]:
    """Every case of every family module, in module then table order."""
    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        cases.extend(module.CASES)
    ids = [c.id for c in cases]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"case ids must be unique, duplicated: {duplicated}")
    return cases
