"""Every public loss has a row in the call-overhead benchmark, and each row is honest.

``benchmarks/overhead.py`` times portloss at a small shape against its native
``torch.nn.functional`` twin or, without one, against a plain torch formula of the same
loss. A new loss without a row fails here; a row whose two sides compute different
things (a twin with other semantics, a formula that drifted from the loss' defaults)
fails here too. No timing: one call of each side on the benchmark's own inputs.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

import portloss  # noqa: E402
from benchmarks import overhead  # noqa: E402
from portloss.objects import loss_specs  # noqa: E402

TWINS = overhead._rows()
FORMULAS = overhead._formula_rows()


def test_every_public_loss_has_a_row() -> None:
    rows = {name.split(" ")[0] for name, *_ in TWINS} | {name for name, *_ in FORMULAS}
    losses = {spec.function_name for spec in loss_specs().values()}
    assert losses - rows == set(), "losses without a row in benchmarks/overhead.py"
    assert rows - losses == set(), "rows of names that are not public losses"
    assert all(callable(getattr(portloss, name)) for name in rows)


def test_no_loss_has_two_kinds_of_rows() -> None:
    twins = {name.split(" ")[0] for name, *_ in TWINS}
    assert twins.isdisjoint(name for name, *_ in FORMULAS)


@pytest.mark.parametrize("row", TWINS, ids=[row[0] for row in TWINS])
def test_twin_row_computes_the_loss(row) -> None:
    name, make, options, native = row
    arrays = make()
    got = getattr(portloss, name.split(" ")[0])(*arrays, **options)
    torch.testing.assert_close(got, native(*arrays, **options), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("row", FORMULAS, ids=[row[0] for row in FORMULAS])
def test_formula_row_computes_the_loss(row) -> None:
    name, make, formula = row
    arrays = make()
    got = getattr(portloss, name)(*arrays)
    assert got.shape == ()
    torch.testing.assert_close(got, formula(*arrays), rtol=1e-4, atol=1e-6)
