"""Structure of the package (issue 20), read from the source with ``ast``.

- ``test_no_long_function``: no function of ``portloss`` has more than 60 lines of code
  (lines that are neither blank nor only a comment, from the first statement after the
  docstring to the end; a nested function counts in its parent too), the objects and
  the adapters included.
- ``test_no_private_import_across_families``: a family module (one public loss family)
  imports no private name of another family module; shared engines live in
  ``portloss/_terms/`` and shared building blocks in the underscore modules.
- ``test_code_line_count``: the counter itself, on a written-out function.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "portloss"
MAX_LINES = 60
# The family modules: the public top-level modules, minus the adapters, the objects and
# the conventions (shared presets every family may import). Read from the package, so a
# family added later is checked without an edit.
FAMILIES = {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")} - {
    "torch",
    "keras",
    "objects",
    "conventions",
}


def _code_lines(fn: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    body = fn.body
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        body = body[1:]
    if not body:
        return 0
    span = lines[body[0].lineno - 1 : fn.end_lineno]
    return sum(1 for line in span if line.strip() and not line.strip().startswith("#"))


def _functions(path: Path) -> list[tuple[str, int, int]]:
    source = path.read_text()
    lines = source.splitlines()
    return [
        (node.name, node.lineno, _code_lines(node, lines))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_code_line_count() -> None:
    source = textwrap.dedent(
        '''
        def f(x):
            """Docstring.

            Not code.
            """
            # a comment

            y = (
                x + 1
            )
            return y
        '''
    )
    fn = ast.parse(source).body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert _code_lines(fn, source.splitlines()) == 4


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_long_function(path: Path) -> None:
    long = [
        f"{name} (line {lineno}): {count} lines"
        for name, lineno, count in _functions(path)
        if count > MAX_LINES
    ]
    assert not long, f"functions over {MAX_LINES} lines of code in {path.name}: {long}"


def _private_imports(tree: ast.Module) -> list[str]:
    """``module._name`` for every private name taken from a family module."""
    found = []
    family_aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module in FAMILIES:
                found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            elif node.module is None:
                family_aliases |= {a.asname or a.name for a in node.names if a.name in FAMILIES}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in family_aliases
            and node.attr.startswith("_")
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_private_import_across_families(family: str) -> None:
    tree = ast.parse((PACKAGE / f"{family}.py").read_text())
    found = _private_imports(tree)
    assert not found, (
        f"{family}.py uses private names of other families: {found}; move the shared "
        f"code into portloss/_terms/ (engines) or an underscore module"
    )


def test_the_family_list_is_read() -> None:
    assert {"classification", "binary", "focal", "segmentation", "labels"} <= FAMILIES


def test_private_import_detection() -> None:
    tree = ast.parse("from .binary import _terms, smooth\nfrom . import focal\nfocal._loss(1)\n")
    assert _private_imports(tree) == ["binary._terms", "focal._loss"]
