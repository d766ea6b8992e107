"""portloss on array-api-strict at every standard revision it supports (issue 19).

Each revision runs with ``data_dependent_shapes=False`` and ``boolean_indexing=False``,
the strictest flags: a loss that reads a value into a shape, masks by boolean index,
passes a Python scalar where the revision wants an array, or probes for a function the
revision does not have fails here.
"""

from __future__ import annotations

import pytest

strict = pytest.importorskip("array_api_strict")

from conformance.backends import load_backend  # noqa: E402
from conformance.cases import all_cases  # noqa: E402
from conformance.check import run_case  # noqa: E402
from portloss._namespace import MINIMUM_API_VERSION, api_version, has_feature  # noqa: E402

REVISIONS = ("2023.12", "2024.12", "2025.12")


@pytest.fixture(params=REVISIONS)
def revision(request):
    with strict.ArrayAPIStrictFlags(
        api_version=request.param, data_dependent_shapes=False, boolean_indexing=False
    ):
        yield request.param


def test_minimum_revision_is_the_oldest_tested():
    assert REVISIONS[0] == MINIMUM_API_VERSION


def test_features_follow_the_declared_revision(revision):
    # array-api-strict keeps take_along_axis as an attribute at 2023.12 (it raises when
    # called): a hasattr probe would say yes.
    assert api_version(strict) == tuple(int(p) for p in revision.split("."))
    assert has_feature(strict, "take_along_axis") == (revision >= "2024.12")
    assert has_feature(strict, "scalar arguments") == (revision >= "2024.12")
    assert has_feature(strict, "cumulative_sum")


def test_every_case_passes_on_every_revision(revision):
    backend = load_backend("array_api_strict")
    failures = []
    for case in all_cases():
        dtypes = [d for d in case.dtypes if d in backend.dtypes]
        if not dtypes:  # a half-precision case: strict has no float16
            continue
        outcome = run_case(case, backend, "float32" if "float32" in dtypes else dtypes[0])
        if not outcome.passed:
            failures.append(f"{case.id}: {'; '.join(str(f) for f in outcome.failures)}")
    assert not failures, f"{len(failures)} failures at {revision}:\n" + "\n".join(failures[:20])


def test_overlap_losses_drop_the_background_on_a_leading_class_axis(revision):
    # The standard wants every axis of a multi-axis index: (:, 1:) on a 4-D array
    # needs its trailing ellipsis.
    import numpy as np

    import portloss

    rng = np.random.default_rng(0)
    x, y = rng.uniform(size=(2, 3, 4, 4)), rng.integers(0, 3, (2, 4, 4))
    for name in ("dice_loss", "jaccard_loss", "tversky_loss"):
        fn = getattr(portloss, name)
        got = fn(strict.asarray(x), strict.asarray(y), axis=1, include_background=False)
        expected = fn(x, y, axis=1, include_background=False)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12)


class _NoTake:
    """array-api-strict without ``take``: a lazy library's ``take`` may read its indices."""

    def __getattr__(self, name):
        if name == "take":
            raise AssertionError("take_weights called take")
        return getattr(strict, name)


def test_class_weights_are_looked_up_without_take(revision):
    import numpy as np

    from portloss._primitives import take_weights

    weight = np.array([0.5, 2.0, 3.0])
    index = np.array([[2, 0], [1, 1], [0, 2]])
    got = take_weights(_NoTake(), strict.asarray(weight), strict.asarray(index))
    np.testing.assert_array_equal(np.asarray(got), weight[index])
    empty = take_weights(_NoTake(), strict.asarray(weight), strict.asarray(index[:0]))
    assert empty.shape == (0, 2)
