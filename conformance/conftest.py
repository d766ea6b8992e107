"""``pytest conformance --backend SPEC``: the case table on chosen backends.

Without ``--backend`` the registered backends run, in quick mode unless
``--conformance-full`` is given (the whole table is ``python -m conformance``).
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance")
    group.addoption(
        "--backend",
        action="append",
        default=[],
        metavar="SPEC",
        help="conformance backend: registry name, xp:MODULE or module:factory (repeatable)",
    )
    group.addoption(
        "--conformance-full",
        action="store_true",
        help="run every case and dtype (default: quick mode, float32 and a third of the cases)",
    )
