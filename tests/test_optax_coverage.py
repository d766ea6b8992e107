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


# ---------------------------------------------------------- the options optax users need


def test_optax_options_refuse_bad_values_by_name() -> None:
    """``eps_mode``, a tuple ``axis`` and ``where`` name the argument and the value."""
    import numpy as np

    import portloss

    rng = np.random.default_rng(0)
    a, p, n = (rng.normal(size=(3, 4)) for _ in range(3))
    with pytest.raises(
        ValueError, match=re.escape("eps_mode must be 'difference' | 'power_sum', got 'root'")
    ):
        portloss.triplet_margin_loss(a, p, n, eps_mode="root")
    with pytest.raises(ValueError, match="eps_mode='power_sum' needs a finite p"):
        portloss.triplet_margin_loss(a, p, n, eps_mode="power_sum", p=float("inf"))
    x, t = rng.normal(size=(2, 3, 4)), rng.uniform(0.1, 1.0, (2, 3, 4))
    with pytest.raises(ValueError, match=r"axis must name distinct axes, got \(1, -2\)"):
        portloss.generalized_kl_divergence(x, t, axis=(1, -2))
    with pytest.raises(TypeError, match="where must be a boolean array"):
        portloss.generalized_kl_divergence(x, t, where=np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match=r"where must broadcast .* got shape \(3, 3\)"):
        portloss.generalized_kl_divergence(x, t, where=np.ones((3, 3), bool))
    with pytest.raises(TypeError, match="axis must be an int or a non-empty tuple"):
        portloss.GeneralizedKlDivergenceLoss(axis=())
    with pytest.raises(ValueError, match=r"axis must name distinct axes, got \(2, 2\)"):
        portloss.cosine_similarity_loss(x, t, axis=(2, 2))
    with pytest.raises(TypeError, match="where must be a boolean array"):
        portloss.cosine_similarity_loss(x, t, where=np.ones((2, 3, 4), np.int64))


def test_generalized_kl_divergence_per_row_where_leaves_the_mean() -> None:
    """A loss-shaped ``where`` masks whole rows: 0 in the output, out of the mean."""
    import numpy as np

    import portloss

    x = np.log(np.array([[0.5, 1.0], [2.0, 0.25], [1.0, 1.0]]))
    t = np.array([[1.0, 1.0], [1.0, 0.5], [3.0, 0.0]])
    rows = np.array([True, False, True])
    # written out: sum_c t log t - t x + e^x - t per row
    full = np.sum(
        np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0) - t * x + np.exp(x) - t, -1
    )
    out = portloss.generalized_kl_divergence(x, t, where=rows, reduction="none")
    np.testing.assert_allclose(out, np.where(rows, full, 0.0), rtol=1e-12)
    mean = portloss.generalized_kl_divergence(x, t, where=rows)
    np.testing.assert_allclose(mean, full[rows].mean(), rtol=1e-12)
    obj = portloss.GeneralizedKlDivergenceLoss(axis=(0, 1), reduction="none")
    np.testing.assert_allclose(obj(x, t), full.sum(), rtol=1e-12)
