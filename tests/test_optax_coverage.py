"""Every public loss of the installed ``optax.losses`` has a row in the optax migration table.

Issue 21 promises that an optax user reproduces every optax number; the table's rows are
evaluated against optax by ``tests/test_docs.py::test_migration_table``, and this test
keeps the table complete: a loss that a new optax adds fails here until it has a row.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _migration_module() -> types.ModuleType:
    """``docs/_ext/portloss_migration.py``, imported as ``tests/test_docs.py`` does."""
    ext = str(ROOT / "docs" / "_ext")
    if ext not in sys.path:
        sys.path.insert(0, ext)
    return importlib.import_module("portloss_migration")


def _optax_names_in_table() -> set[str]:
    """The ``optax.losses.<name>`` (or ``optax.<name>``) the rows call."""
    rows = _migration_module().TABLES["optax"].rows
    return {
        name
        for row in rows
        for name in re.findall(r"\boptax\.(?:losses\.)?(\w+)\(", row.theirs)
        if name != "losses"
    }


def test_every_optax_loss_has_a_migration_row() -> None:
    losses = pytest.importorskip("optax.losses", reason="optax is not installed")
    public = {
        name
        for name, value in vars(losses).items()
        if not name.startswith("_") and inspect.isfunction(value)
    }
    assert public, "optax.losses exposes no function: the test would check nothing"
    missing = sorted(public - _optax_names_in_table())
    assert not missing, (
        f"optax.losses functions without a row in TABLES['optax'] of "
        f"docs/_ext/portloss_migration.py: {missing}"
    )
