"""The torchvision / kornia / MONAI entries of docs/migrating.md: both sides agree.

Each entry of that section is two Python expressions (``TABLES["peers"]`` of
``docs/_ext/portloss_migration.py``, which the page renders); this test evaluates them
(the peer side on float64 torch tensors, the portloss side on NumPy arrays) and
compares, so the page says only what holds. torchvision's side runs its own loss files
(:mod:`tests.peer_torchvision`).
"""

from __future__ import annotations

import pathlib
import sys
import types

import numpy as np
import pytest

import portloss
from tests.peer_torchvision import load

EXT = pathlib.Path(__file__).parent.parent / "docs" / "_ext"


def _rows() -> list[tuple[str, str]]:
    # The page renders this section from docs/_ext/portloss_migration.py ("peers").
    if str(EXT) not in sys.path:
        sys.path.insert(0, str(EXT))
    import portloss_migration

    return [(row.theirs, row.ours) for row in portloss_migration.TABLES["peers"].rows]


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
