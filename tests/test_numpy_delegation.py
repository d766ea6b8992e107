"""NumPy cross entropy's delegate agrees with the standard path, and steps aside.

``portloss._backends.numpy_delegates.cross_entropy`` computes a small NumPy cross
entropy in five fused operations; each case runs with it and inside
``use_native(False)`` (the standard path, the definition): values, dtypes and result
types must agree, including NaN and infinite logits, ignored entries and a batch whose
every entry is ignored.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss
from portloss._backends import numpy_delegates, use_native

N, C = 6, 5


def _inputs(dtype, *, ignore_all=False):
    rng = np.random.default_rng(0)
    x = (3.0 * rng.standard_normal((N, C))).astype(dtype)
    x[0, 1] = -np.inf  # a masked class
    x[1, 2] = 40.0  # a saturated one
    x[3, 0] = np.nan  # a NaN row
    t = rng.integers(0, C, N).astype(np.int32)
    t[0], t[2] = 0, -100  # the masked class is not the target; an ignored entry
    if ignore_all:
        t[:] = -100
    return x, t


CASES = [
    (np.float64, {}),
    (np.float32, {}),
    (np.float64, {"reduction": "sum"}),
    (np.float32, {"reduction": "none"}),
    (np.float64, {"ignore_index": 3}),
    (np.float64, {"ignore_all": True}),
    (np.float64, {"ignore_all": True, "reduction": "none"}),
]


@pytest.mark.parametrize(("dtype", "options"), CASES, ids=repr)
def test_delegate_matches_standard_path(dtype, options):
    options = dict(options)
    x, t = _inputs(dtype, ignore_all=options.pop("ignore_all", False))
    if options.get("ignore_index") == 3:
        t = np.where(t == -100, 3, t)
    assert numpy_delegates.cross_entropy(x, t, **options) is not NotImplemented
    got = portloss.cross_entropy(x, t, **options)
    with use_native(False):
        expected = portloss.cross_entropy(x, t, **options)
    assert type(got) is type(expected)
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-6 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize(
    "options",
    [
        {"weight": np.ones(C)},
        {"label_smoothing": 0.1},
        {"convention": "keras"},
        {"reduction": "sum_over_batch_size"},
        {"an_option_added_later": 1},
        {"ignore_index": 2.0},
    ],
    ids=repr,
)
def test_delegate_steps_aside_for_options(options):
    x, t = _inputs(np.float64)
    assert numpy_delegates.cross_entropy(x, t, **options) is NotImplemented


def test_delegate_steps_aside_for_other_arrays_and_bad_targets():
    x, t = _inputs(np.float64)
    assert numpy_delegates.cross_entropy(x.astype(np.float16), t) is NotImplemented
    assert numpy_delegates.cross_entropy(x[None], t[None]) is NotImplemented
    assert numpy_delegates.cross_entropy(x, np.eye(N, C)) is NotImplemented  # probabilities
    # large logits keep the standard path's memory-lean blocks
    big = np.zeros((64, 2048))
    assert numpy_delegates.cross_entropy(big, np.zeros(64, dtype=np.int64)) is NotImplemented
    bad = np.where(t == -100, C, t)  # an out-of-range class: the standard path's error
    assert numpy_delegates.cross_entropy(x, bad) is NotImplemented
    with pytest.raises(ValueError, match="class indices"):
        portloss.cross_entropy(x, bad)


def test_delegate_defaults_are_the_losss():
    loss_defaults = portloss.cross_entropy.__kwdefaults__
    for option, value in numpy_delegates.DEFAULTS["cross_entropy"].items():
        if option in loss_defaults:
            assert loss_defaults[option] == value, option
    x, t = _inputs(np.float64)
    defaults = numpy_delegates.DEFAULTS["cross_entropy"]
    assert numpy_delegates.cross_entropy(x, t, **defaults) is not NotImplemented


def test_a_row_without_finite_logits_warns_both_ways():
    """inf - inf: NaN and NumPy's RuntimeWarning, from the delegate as from the standard path."""
    x, t = _inputs(np.float64)
    x[4, :] = -np.inf
    with pytest.warns(RuntimeWarning, match="invalid value"):
        got = portloss.cross_entropy(x, t, reduction="none")
    with use_native(False), pytest.warns(RuntimeWarning, match="invalid value"):
        expected = portloss.cross_entropy(x, t, reduction="none")
    np.testing.assert_allclose(got, expected)
    assert np.isnan(got[4])
