"""Options whose default depends on the convention (``convention_defaults``).

Under ``convention="keras"`` a loss takes Keras' default for an option that Keras' loss
has with another default (focal ``alpha``, Dice's smoothing and pooling, ...), unless the
option is passed. The numbers themselves are checked against Keras in the migration
tables (``tests/test_docs.py``) and against the written-out references in the
conformance suite; here: the mechanism, the loss objects, the documentation.
"""

from __future__ import annotations

import pathlib
import pickle

import numpy as np
import pytest

import portloss
from conformance.cases import all_cases
from portloss import objects
from portloss.conventions import CONVENTION_DEFAULT, convention_defaults_of

BY_CONVENTION = {
    name: getattr(portloss, name).__portloss_convention_defaults__
    for name in portloss.__all__
    if hasattr(getattr(portloss, name), "__portloss_convention_defaults__")
}
KERAS_ONLY = sorted(n for n, table in BY_CONVENTION.items() if "keras" in table)


def test_the_conventions_tables_list_every_one() -> None:
    doc = portloss.conventions.__doc__
    page = (pathlib.Path(__file__).parent.parent / "docs" / "conventions.md").read_text()
    assert KERAS_ONLY, "no loss has Keras defaults"
    for name in KERAS_ONLY:
        assert any(line.startswith(f"``{name}``") for line in doc.splitlines()), name
        assert any(line.startswith(f"| `{name}` |") for line in page.splitlines()), name


@pytest.mark.parametrize("name", KERAS_ONLY)
def test_each_keras_default_is_documented_at_its_option(name: str) -> None:
    doc = getattr(portloss, name).__doc__
    for option in BY_CONVENTION[name]["keras"]:
        assert option in doc, (name, option)
    assert 'convention="keras"' in doc, name


def _case(name: str):
    # a case that leaves one of the options out, so that the convention decides it
    for case in all_cases():
        left_out = set(BY_CONVENTION[name]["keras"]) - set(case.options) - set(case.arrays)
        if case.function == name and case.options.get("convention") == "keras" and left_out:
            return case
    pytest.fail(f"{name} has no conformance case under convention='keras'")


@pytest.mark.parametrize("name", KERAS_ONLY)
def test_an_option_left_out_takes_keras_default_and_a_given_one_wins(name: str) -> None:
    function = getattr(portloss, name)
    case = _case(name)
    args, arrays = case.inputs()
    keras = BY_CONVENTION[name]["keras"]
    alone = function(*args, **arrays, **case.options)
    explicit = function(*args, **arrays, **{**keras, **case.options})
    np.testing.assert_array_equal(np.asarray(alone), np.asarray(explicit))
    # torch's defaults, passed explicitly, win over the convention's
    left_out = {k: function.__kwdefaults__[k] for k in keras if k not in case.options}
    if any(k in arrays for k in left_out):
        return
    pinned = function(*args, **arrays, **{**case.options, **left_out})
    assert not np.array_equal(np.asarray(pinned), np.asarray(alone), equal_nan=True), (
        f"{name}: Keras' defaults change nothing on this case; pick one where they matter"
    )


@pytest.mark.parametrize("name", KERAS_ONLY)
def test_loss_objects_take_the_convention_defaults(name: str) -> None:
    cls = next(
        c for c in vars(objects).values() if getattr(c, "function", None) is getattr(portloss, name)
    )
    keras = cls(convention="keras")
    assert (
        dict(convention_defaults_of(cls.function, "keras")).items() <= dict(keras.options).items()
    )
    assert repr(keras) == f"{cls.__name__}(convention='keras')"
    assert pickle.loads(pickle.dumps(keras)) == keras
    back = keras.replace(convention="torch")
    assert back == cls(), "replace(convention=...) keeps the other convention's defaults"
    given = next(iter(BY_CONVENTION[name]["keras"]))
    assert cls(convention="keras", **{given: cls.function.__kwdefaults__[given]}) != keras


def test_the_sentinel_is_a_singleton() -> None:
    assert pickle.loads(pickle.dumps(CONVENTION_DEFAULT)) is CONVENTION_DEFAULT
    assert repr(CONVENTION_DEFAULT) == "CONVENTION_DEFAULT"


def test_pooled_classes_refuse_per_class_options_and_say_why() -> None:
    p = np.full((2, 4, 3), 1 / 3)
    t = np.eye(3)[np.array([[0, 1, 2, 0], [1, 1, 2, 0]])]
    with pytest.raises(
        ValueError, match=r"pool_classes.*convention='keras'.*weight.*pool_classes=False"
    ):
        portloss.dice_loss(p, t, weight=np.ones(3), convention="keras")
    got = portloss.dice_loss(p, t, weight=np.ones(3), pool_classes=False, convention="keras")
    assert np.isfinite(got)


def test_keras_dice_and_tversky_written_out() -> None:
    # Keras: 1 - 2 sum(y p) / (sum y + sum p + eps); Tversky with alpha on sum(y (1 - p))
    rng = np.random.default_rng(3)
    p, y = rng.uniform(size=(2, 5, 3)), (rng.uniform(size=(2, 5, 3)) > 0.5).astype(float)
    inter = np.sum(y * p)
    dice = 1 - 2 * inter / (y.sum() + p.sum() + 1e-7)
    np.testing.assert_allclose(portloss.dice_loss(p, y, convention="keras"), dice, rtol=1e-12)
    a, b = 0.3, 0.7
    fn, fp = np.sum(y * (1 - p)), np.sum((1 - y) * p)
    tversky = 1 - inter / (inter + a * fn + b * fp + 1e-7)
    got = portloss.tversky_loss(p, y, alpha=a, beta=b, convention="keras")
    np.testing.assert_allclose(got, tversky, rtol=1e-12)
