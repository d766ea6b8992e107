"""The conformance suite's independent references (``conformance/reference``).

Every public function has one; none imports or calls portloss; each agrees with torch
float64 where torch has the loss, and with the independent NumPy formulas the unit
tests hold (Berman's Lovász code, DBNet's balanced BCE). The gradient references
(portloss on torch float64) are cross-checked against torch's own autograd here, so
the suite need not load torch peers at run time.
"""

from __future__ import annotations

import ast
import inspect
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import portloss
from conformance.cases import all_cases
from conformance.check import TOLERANCES, _call, _error
from conformance.reference import REFERENCES, expected_value

REFERENCE_DIR = pathlib.Path(__file__).parent.parent / "conformance" / "reference"
PUBLIC = sorted(n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n)))
CASES = all_cases()


def test_every_public_function_has_an_independent_reference():
    expected_value("mse_loss", [np.zeros(1), np.zeros(1)], {}, {})  # loads the registry
    assert sorted(set(PUBLIC) - set(REFERENCES)) == []


def test_references_never_import_portloss():
    for path in sorted(REFERENCE_DIR.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "portloss" for n in names), path.name
    # and at run time: loading every reference module leaves portloss unimported
    code = (
        "import sys; from conformance.reference import expected_value, REFERENCES; "
        "import numpy as np; expected_value('mse_loss', [np.zeros(1), np.zeros(1)], {}, {}); "
        "assert REFERENCES; assert 'portloss' not in sys.modules, 'portloss imported'"
    )
    root = str(REFERENCE_DIR.parent.parent)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_reference_matches_portloss_float64(case):
    # The two are written independently: agreement at float64 tolerance on every case
    # is the NumPy column of the suite without backends.
    args, arrays = case.inputs()
    ref = expected_value(case.function, args, arrays, case.options)
    got = np.asarray(_call(getattr(portloss, case.function), case, args, arrays))
    ok, worst = _error(got, ref, *TOLERANCES["float64"])
    assert ok, f"worst {worst:.3g}"


ORACLE_CASES = [c for c in CASES if c.oracle is not None]


@pytest.mark.parametrize("case", ORACLE_CASES, ids=lambda c: c.id)
def test_reference_matches_torch_float64(case):
    torch = pytest.importorskip("torch")
    args, arrays = case.inputs()
    ref = expected_value(case.function, args, arrays, case.options)
    t_args = [torch.asarray(a) for a in args]
    t_arrays = {k: torch.asarray(a) for k, a in arrays.items()}
    peer = case.oracle(*t_args, **t_arrays, **case.options).detach().numpy()
    ok, worst = _error(ref, peer, *TOLERANCES["float64"])
    assert ok, f"worst {worst:.3g}"


@pytest.mark.parametrize("case", [c for c in ORACLE_CASES if c.grad_argnums], ids=lambda c: c.id)
def test_gradient_reference_matches_torch_autograd(case):
    torch = pytest.importorskip("torch")
    from conformance.check import reference_gradients

    grads = reference_gradients(case)
    assert set(grads) == set(case.grad_argnums)
    args, arrays = case.inputs()
    for i, g in grads.items():
        y = torch.asarray(args[i]).requires_grad_(True)
        p_args = [torch.asarray(a) for a in args]
        p_args[i] = y
        p_arrays = {k: torch.asarray(a) for k, a in arrays.items()}
        (expected,) = torch.autograd.grad(case.oracle(*p_args, **p_arrays, **case.options).sum(), y)
        ok, worst = _error(g, expected.numpy(), *TOLERANCES["float64"])
        assert ok, f"argument {i}: worst {worst:.3g}"


def test_lovasz_references_match_bermans_code():
    import test_segmentation as ts

    rng = np.random.default_rng(3)
    logits = rng.standard_normal((3, 4, 5))
    labels = rng.integers(0, 2, (3, 4, 5))
    labels[0, 0, :2] = 255
    for per_image in (True, False):
        got = REFERENCES["lovasz_hinge_loss"](logits, labels, per_image=per_image, ignore_index=255)
        expected = ts.berman_lovasz_hinge(logits, labels, per_image=per_image, ignore=255)
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    probas = np.exp(rng.standard_normal((2, 3, 4, 5)))
    probas /= probas.sum(axis=1, keepdims=True)
    classes = rng.integers(0, 3, (2, 4, 5))
    for option in ("present", "all", [0, 2]):
        got = REFERENCES["lovasz_softmax_loss"](probas, classes, axis=1, classes=option)
        expected = ts.berman_lovasz_softmax(probas, classes, classes=option)
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_balanced_bce_reference_matches_dbnet():
    import test_binary as tb

    rng = np.random.default_rng(4)
    p = rng.uniform(0.01, 0.99, (2, 1, 5, 4))
    y = (rng.uniform(size=p.shape) < 0.3).astype(np.float64)
    m = (rng.uniform(size=p.shape) < 0.8).astype(np.float64)
    got = REFERENCES["balanced_binary_cross_entropy"](p, y, mask=m, negative_ratio=3.0)
    np.testing.assert_allclose(got, tb.dbnet_balanced_bce(p, y, m, 3.0), rtol=1e-12)
