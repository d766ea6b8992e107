"""Type hints: the public API is annotated, and mypy checks the package and its use.

- ``test_public_api_is_annotated``: every parameter and return of every public function
  (``portloss.__all__``) and of the public callables of the object/adapter modules has
  an annotation.
- ``test_mypy_package``: ``mypy portloss`` with the project's ``[tool.mypy]`` finds no error.
- ``test_mypy_checks_user_code``: mypy on a snippet that uses the API: the hints reach a
  user (a loss object class is ``type[Loss]``, a wrong option type is an error).

Skipped, with the reason, when mypy is not installed (``pip install mypy``).
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import portloss
import portloss.keras
import portloss.torch
from portloss import objects

ROOT = Path(__file__).resolve().parents[1]

USER_CODE = """\
from typing import Any

import portloss
from portloss.objects import CrossEntropyLoss, Loss

x: Any = ...
y: Any = ...
value = portloss.cross_entropy(x, y, label_smoothing=0.1, reduction="sum")
criterion = CrossEntropyLoss(label_smoothing=0.1)
reveal_type(CrossEntropyLoss)
reveal_type(criterion)
reveal_type(criterion.replace(reduction="sum"))
reveal_type(criterion.options)
portloss.cross_entropy(x, y, label_smoothing="high")
"""

ERROR = re.compile(r"^(?P<path>[^:\n]+\.py):(?P<line>\d+): error: (?P<message>.*)$", re.M)


def _mypy(tmp_path: Path, *targets: str) -> subprocess.CompletedProcess:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install mypy)")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-color-output",
            "--show-error-codes",
            *targets,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def _unannotated(obj: object, name: str) -> list[str]:
    try:
        signature = inspect.signature(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return []
    missing = [
        f"{name}({p.name})"
        for p in signature.parameters.values()
        if p.annotation is p.empty and p.name not in ("self", "cls")
    ]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append(f"{name} -> ?")
    return missing


def test_public_api_is_annotated() -> None:
    missing: list[str] = []
    for name in portloss.__all__:
        obj = getattr(portloss, name)
        if inspect.isfunction(obj):
            missing += _unannotated(obj, f"portloss.{name}")
    # the adapter modules without building their classes (no torch / keras import)
    for module in (objects, portloss.torch, portloss.keras):
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                missing += _unannotated(obj, f"{module.__name__}.{name}")
    for name, member in vars(objects.Loss).items():
        if inspect.isfunction(member) and (
            not name.startswith("_") or name in ("__call__", "__init__")
        ):
            missing += _unannotated(member, f"Loss.{name}")
    assert not missing, f"public callables without annotations: {missing}"


def test_mypy_package(tmp_path: Path) -> None:
    result = _mypy(tmp_path, "portloss")
    errors = [m.group(0) for m in ERROR.finditer(result.stdout)]
    assert not errors, result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_checks_user_code(tmp_path: Path) -> None:
    snippet = tmp_path / "user_code.py"
    snippet.write_text(textwrap.dedent(USER_CODE), encoding="utf-8")
    result = _mypy(tmp_path, str(snippet))
    out = result.stdout
    revealed = [t.replace("builtins.", "") for t in re.findall(r'Revealed type is "([^"]+)"', out)]
    assert revealed[:4] == [
        "type[portloss.objects.Loss]",
        "portloss.objects.Loss",
        "portloss.objects.Loss",
        "typing.Mapping[str, Any]",
    ], out
    errors = [m for m in ERROR.finditer(out) if "user_code.py" in m["path"]]
    assert len(errors) == 1, out
    assert 'incompatible type "str"; expected "float"' in errors[0]["message"], out
