"""The torchvision / kornia / MONAI rows of docs/migrating.md: both sides agree.

Each row of that section's table is two Python expressions; this test evaluates them
(the peer side on float64 torch tensors, the portloss side on NumPy arrays) and
compares, so the page says only what holds. torchvision's side runs its own loss files
(:mod:`tests.peer_torchvision`).
"""

from __future__ import annotations

import pathlib
import re
import sys
import types

import numpy as np
import pytest

import portloss
from tests.peer_torchvision import load

PAGE = pathlib.Path(__file__).parent.parent / "docs" / "migrating.md"
SECTION = "## From torchvision, kornia and MONAI"
ROW = re.compile(r"^\| `(?P<theirs>[^|]+)` \| `(?P<ours>[^|]+)` \|")


def _rows() -> list[tuple[str, str]]:
    text = PAGE.read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [(m["theirs"], m["ours"]) for m in map(ROW.match, text.splitlines()) if m]


def test_the_section_has_rows():
    assert len(_rows()) >= 10


def _inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    xy = rng.uniform(0.0, 4.0, (6, 2))
    b = np.concatenate([xy, xy + rng.uniform(0.2, 3.0, (6, 2))], axis=-1)
    g = b + rng.uniform(-1.0, 1.0, (6, 4)) * np.array([1.0, 1.0, 0.0, 0.0])
    x = rng.uniform(size=(2, 3, 16, 16))
    y = np.clip(x + 0.2 * rng.standard_normal(x.shape), 0.0, 1.0)
    return {"b": b, "g": g, "x": x, "y": y}


@pytest.mark.parametrize(("theirs", "ours"), _rows())
def test_row(theirs, ours):
    torch = pytest.importorskip("torch")
    inputs = _inputs()
    namespace = {k: torch.from_numpy(v) for k, v in inputs.items()}
    if theirs.startswith("torchvision"):
        namespace["torchvision"] = types.SimpleNamespace(ops=load())
    else:
        namespace["kornia"] = pytest.importorskip("kornia")
        pytest.importorskip("monai.losses")
        pytest.importorskip("monai.metrics")
        namespace["monai"] = sys.modules["monai"]  # the package, with both submodules loaded
    tol = 1e-4 if "monai" in theirs else 1e-10  # MONAI computes in float32
    expected = np.asarray(eval(theirs, namespace), dtype=float)  # the page's own text
    got = np.asarray(eval(ours, {"portloss": portloss, **inputs}), dtype=float)
    assert expected.shape == got.shape
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)
