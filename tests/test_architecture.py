"""The package's layering, read from its source (AST) and from a fresh interpreter.

- Library knowledge lives in ``portloss/_backends/`` and the adapters (``torch.py``,
  ``keras.py``, ``_torch_adapters.py``, ``_keras_adapters.py`` and their generated
  classes): no other module imports an array library, refers to one by name, or
  asks array-api-compat which library an array or namespace comes from. Docstrings and
  messages may name libraries (only imports, names and attributes are read here).
- (No family module imports another family's private name: tests/test_structure.py.)
- ``import portloss`` imports no array library (each backend module is imported when an
  array of its library shows up).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "portloss"
LIBRARIES = frozenset({"numpy", "torch", "jax", "jaxlib", "cupy", "dask", "keras"})
# array_api_compat.is_numpy_array, is_torch_namespace, ... (is_array_api_obj is fine)
LIBRARY_PREDICATE = re.compile(r"is_[a-z_]+_(array|namespace)$")
# The adapters: the torch and Keras front modules and the classes they import lazily.
ALLOWED = (
    "_backends",
    "torch.py",
    "keras.py",
    "_torch_adapters.py",
    "_keras_adapters.py",
    "_generated_torch_adapters.py",
    "_generated_keras_adapters.py",
)


def _modules() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in ALLOWED
    )


def _library_references(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {a.name}")
                for a in node.names
                if a.name.split(".")[0] in LIBRARIES
            ]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and module.split(".")[0] in LIBRARIES:
                found.append((node.lineno, f"from {module} import ..."))
            if module == "array_api_compat":
                found += [
                    (node.lineno, f"from array_api_compat import {a.name}")
                    for a in node.names
                    if LIBRARY_PREDICATE.match(a.name)
                ]
        elif isinstance(node, ast.Name) and node.id in LIBRARIES:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute) and LIBRARY_PREDICATE.match(node.attr):
            found.append((node.lineno, f".{node.attr}"))
    return found


def test_the_scan_finds_library_references():
    """The checker itself: each kind of reference it must catch is caught."""
    source = (
        "import numpy as np\n"
        "from torch import nn\n"
        "from array_api_compat import is_jax_array\n"
        "def f(x):\n"
        "    '''numpy.asarray in a docstring is fine.'''\n"
        "    return array_api_compat.is_numpy_array(x) or dask.array\n"
    )
    lines = [line for line, _ in _library_references(ast.parse(source))]
    assert lines == sorted([1, 2, 3, 6, 6])


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_library_outside_backends(path):
    found = _library_references(ast.parse(path.read_text(), filename=str(path)))
    assert not found, (
        f"{path.relative_to(PACKAGE.parent)} names an array library in code at "
        f"{found}; move it to portloss/_backends/ (host_values, device, native, ...)"
    )


def test_import_portloss_imports_no_array_library():
    code = (
        "import sys, portloss, portloss.objects, portloss.conventions\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(LIBRARIES)!r})\n"
        "assert not loaded, loaded\n"
        "assert not [m for m in sys.modules if m.startswith('portloss._backends.')]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent
    )
    assert done.returncode == 0, done.stderr


def test_backend_module_first_imported_while_torch_compiles():
    """The first lookup of torch's backend module may happen inside torch.compile's
    trace (fullgraph: an untraceable import would fail); values as eager."""
    pytest.importorskip("torch")
    code = (
        "import sys, torch, portloss\n"
        "assert 'portloss._backends.torch' not in sys.modules\n"
        "loss = torch.compile(portloss.cross_entropy, fullgraph=True)\n"
        "x = torch.randn(8, 5, dtype=torch.float64)\n"
        "t = torch.randint(0, 5, (8,))\n"
        "torch.testing.assert_close(loss(x, t), torch.nn.functional.cross_entropy(x, t))\n"
        "assert 'portloss._backends.torch' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_host_values_only_for_numpy():
    """Values may be read from NumPy arrays only (no host sync, no tracer)."""
    import numpy as np

    from portloss._backends import device, host_values

    a = np.ones(3)
    assert host_values(a)
    assert host_values(a, a)
    assert host_values()  # nothing to read: nothing forbids it
    strict = pytest.importorskip("array_api_strict")
    b = strict.ones(3)
    assert not host_values(b)
    assert not host_values(a, b)
    assert device(a) == "cpu"
    assert device(b) == b.device


def test_device_of_a_jax_tracer_is_none():
    jax = pytest.importorskip("jax")
    from portloss._backends import device

    seen = []

    def f(x):
        seen.append(device(x))
        return x

    jax.jit(f)(jax.numpy.ones(2))
    assert seen == [None]
