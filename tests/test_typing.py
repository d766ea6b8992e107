"""Type hints: the public API is annotated, and mypy checks the package and its use.

- ``test_public_api_is_annotated``: every parameter and return of every public function
  (``portloss.__all__``) and of the public callables of the object/adapter modules has
  an annotation.
- ``test_mypy_package``: ``mypy portloss`` with the project's ``[tool.mypy]`` finds no error.
- ``test_mypy_checks_user_code``: mypy on a snippet that uses the API: the hints reach a
  user (loss objects are explicit classes; a wrong option type, or an option string
  outside its ``Literal`` type, is an error on the functions, the objects and the torch
  and Keras adapters).

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
import portloss.keras
import portloss.torch
from portloss.objects import CrossEntropyLoss, DiceLoss, Loss

x: Any = ...
y: Any = ...
value = portloss.cross_entropy(x, y, label_smoothing=0.1, reduction="sum")
criterion = CrossEntropyLoss(label_smoothing=0.1, convention="keras")
loss: Loss = criterion
reveal_type(criterion)
reveal_type(criterion.replace(reduction="sum"))
reveal_type(criterion.options)
reveal_type(criterion(x, y))
portloss.cross_entropy(x, y, label_smoothing="high")  # error: str for float
portloss.cross_entropy(x, y, reduction="average")  # error: not a Reduction
portloss.cross_entropy(x, y, convention="tensorflow")  # error: not a ConventionName
CrossEntropyLoss(reduction="average")  # error: not a Reduction
DiceLoss(activation="relu")  # error: not an Activation
portloss.dice_loss(x, y, empty_target="skip")  # error: not an EmptyTarget
portloss.torch.CrossEntropyLoss(reduction="average")  # error: the adapters too
portloss.keras.DiceLoss(activation="relu", name="dice")  # error: not an Activation
portloss.torch.MSELoss(reduction="sum")
portloss.keras.MSELoss(reduction="sum", name="mse")
"""

# The lines of USER_CODE that must be type errors, with a word of mypy's message.
EXPECTED_ERRORS = {
    17: '"str"; expected "float"',
    18: '"reduction" to "cross_entropy" has incompatible type "Literal[\'average\']"',
    19: '"convention" to "cross_entropy" has incompatible type',
    20: '"reduction" to "CrossEntropyLoss" has incompatible type "Literal[\'average\']"',
    21: '"activation" to "DiceLoss" has incompatible type',
    22: '"empty_target" to "dice_loss" has incompatible type',
    23: '"reduction" to "CrossEntropyLoss" has incompatible type "Literal[\'average\']"',
    24: '"activation" to "DiceLoss" has incompatible type',
}

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
    assert revealed == [
        "portloss._objects_generated.CrossEntropyLoss",
        "portloss.objects.Loss",
        "typing.Mapping[str, Any]",
        "Any",
    ], out
    errors = {
        int(m["line"]): m["message"] for m in ERROR.finditer(out) if "user_code.py" in m["path"]
    }
    assert sorted(errors) == sorted(EXPECTED_ERRORS), out
    for line, words in EXPECTED_ERRORS.items():
        assert words in errors[line], (line, out)
