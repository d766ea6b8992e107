"""Write ``portloss/_objects_generated.py``: one explicit loss-object class per loss.

Run ``python tools/generate_objects.py`` after adding a loss or changing a loss'
signature; ``tests/test_objects.py::test_generated_module_is_up_to_date`` fails until
the file is regenerated (``--check`` prints the difference instead of writing).

Each class is plain code a type checker reads: ``__init__`` has the function's
keyword-only options with their annotations and defaults, ``__call__`` its arrays and
per-batch keywords (``sample_weight``, ``mask``). Everything the classes share
(validation, equality, hashing, pickling, ``replace``, the docstring) lives in
:class:`portloss.objects.Loss`.
"""

from __future__ import annotations

import difflib
import inspect
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "portloss" / "_objects_generated.py"

HEADER = '''\
"""The loss-object classes, one per loss: written by tools/generate_objects.py.

Do not edit: run ``python tools/generate_objects.py`` after changing a loss' signature.
The behaviour is in :class:`portloss.objects.Loss`; import the classes from
:mod:`portloss.objects`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import {modules}
from ._typing import {aliases}
from .objects import Loss
'''


def _param(p: inspect.Parameter) -> str:
    text = p.name if p.annotation is p.empty else f"{p.name}: {p.annotation}"
    return text if p.default is p.empty else f"{text} = {p.default!r}"


def _class_source(spec: object) -> str:
    from portloss import objects

    assert isinstance(spec, objects.LossSpec)
    f = spec.function
    module = f.__module__.rpartition(".")[2]
    ctor = ", ".join(["self", "*", *(_param(p) for p in spec.options)]) if spec.options else "self"
    arrays = [_param(p) for p in spec.arguments]
    call_kw = [_param(p) for p in spec.call_keywords]
    call = ", ".join(["self", *arrays, "/", *(["*", *call_kw] if call_kw else [])])
    passed = ", ".join(
        [*(p.name for p in spec.arguments), *(f"{p.name}={p.name}" for p in spec.call_keywords)]
    )
    returns = f.__annotations__.get("return", "Any")
    return f'''

class {spec.class_name}(Loss, function={module}.{spec.function_name}):
    def __init__({ctor}) -> None:
        self._set_options(locals())

    def __call__({call}) -> {returns}:
        """The loss of the arrays (see the function)."""
        return self.function({passed}, **self._options)
'''


def source() -> str:
    """The generated module's text (formatted with ruff when ruff is installed)."""
    sys.path.insert(0, str(ROOT))
    import portloss._typing as typing_module
    from portloss import objects

    specs = objects._read_specs()  # from the functions, not the classes
    text = "".join(_class_source(spec) for spec in specs.values())
    modules = sorted({s.function.__module__.rpartition(".")[2] for s in specs.values()})
    aliases = [a for a in typing_module.__all__ if f": {a}" in text or f"-> {a}" in text]
    head = HEADER.format(modules=", ".join(modules), aliases=", ".join(aliases))
    if "Callable[" not in text:
        head = head.replace("from collections.abc import Callable\n", "")
    if "Any" not in text:
        head = head.replace("from typing import Any\n", "")
    out = head + text
    try:
        done = subprocess.run(
            ["ruff", "format", "--stdin-filename", str(TARGET), "-"],
            input=out,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    except (OSError, subprocess.CalledProcessError):
        return out
    return done.stdout


def main(argv: list[str]) -> int:
    new = source()
    old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if "--check" in argv:
        if new != old:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True)))
            return 1
        return 0
    TARGET.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
