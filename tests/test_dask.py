"""Every public portloss function on Dask arrays chunked along every axis: lazy and exact.

The inputs come from the conformance case table (``conformance.cases.all_cases()``), so
a loss family that lands with its conformance rows is covered here without an edit.
The conformance suite already runs each case on Dask with the batch axis chunked; here
*every* axis of size >= 2 is split into irregular chunks (sizes like ``(1, 2, 2)``):
batch, spatial and class axes, and the per-class weight vectors too. For each case:

- building the loss computes nothing (a counting scheduler sees no call),
- the result is a Dask array whose shape and dtype are known before computing,
- ``.compute()`` equals portloss on the same inputs as NumPy arrays.

By default each public function runs the smallest set of its cases that covers every
feature of its rows (argument ranks and dtype kinds, weight arrays, option names and
values, zero-size inputs); ``PORTLOSS_DASK_ALL_CASES=1`` runs every case.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

import numpy as np
import pytest
from conftest import get_backend

import portloss

da = pytest.importorskip("dask.array", reason="dask is not installed (pip install dask[array])")

from conformance.cases import all_cases  # noqa: E402
from tests._helpers import public_function  # noqa: E402

RTOL, ATOL = 1e-9, 1e-12  # float64 on both sides: summation order only
ALL_CASES = os.environ.get("PORTLOSS_DASK_ALL_CASES", "") not in ("", "0")


def split_chunks(n: int) -> tuple[int, ...]:
    """Irregular chunks for an axis of length ``n``: two or three of them when ``n >= 2``."""
    if n < 2:
        return (n,)
    if n == 2:
        return (1, 1)
    m = (n - 1) // 2
    return tuple(s for s in (1, m, n - 1 - m) if s)


def chunk_every_axis(a: np.ndarray):
    """``a`` as a Dask array split along every axis of length >= 2."""
    a = np.asarray(a)
    return da.from_array(a, chunks=tuple(split_chunks(n) for n in a.shape))


def features(case) -> set[str]:
    """What distinguishes a case's code path: ranks, dtype kinds, weights, options."""
    args, arrays = case.inputs()
    out = set()
    for i, a in enumerate(args):
        out.add(f"arg{i}:{a.ndim}d:{a.dtype.kind}")
        if 0 in a.shape:
            out.add("zero-size")
    for k, a in arrays.items():
        out.add(f"{k}:{a.ndim}d:{a.dtype.kind}")
    for k, v in case.options.items():
        out.add(k)
        if v is None or isinstance(v, (str, bool, int)):
            out.add(f"{k}={v!r}")
    return out


def covering_cases(cases: list) -> list:
    """Greedy smallest subset of ``cases`` covering all their features (table order on ties)."""
    if ALL_CASES:
        return cases
    feats = [features(c) for c in cases]
    todo = set().union(*feats)
    chosen: list[int] = []
    while todo:
        best = max(range(len(cases)), key=lambda j: (len(feats[j] & todo), -j))
        chosen.append(best)
        todo -= feats[best]
    return [cases[j] for j in sorted(chosen)]


def _cases_by_function() -> dict[str, list]:
    by_function: dict[str, list] = defaultdict(list)
    for case in all_cases():
        by_function[case.function].append(case)
    return by_function


CASES = _cases_by_function()


def run_on_dask(case) -> list[str]:
    """Every problem found running ``case`` on fully chunked Dask inputs (empty: passed)."""
    backend = get_backend("dask")
    fn = public_function(case.function)
    args, arrays = case.inputs()
    expected = np.asarray(fn(*args, **arrays, **case.options))
    d_args = [chunk_every_axis(a) for a in args]
    d_arrays = {k: chunk_every_axis(a) for k, a in arrays.items()}
    for a in [*d_args, *d_arrays.values()]:
        assert all(len(c) >= 2 for c, n in zip(a.chunks, a.shape) if n >= 2), a.chunks

    problems = []
    try:
        out, computes = backend.count_computes(lambda: fn(*d_args, **d_arrays, **case.options))
    except Exception as exc:
        return [f"{case.id}: raised {type(exc).__name__}: {exc}"]
    if computes:
        problems.append(f"{case.id}: building the loss computed {computes} time(s)")
    if not isinstance(out, da.Array):
        return [*problems, f"{case.id}: returned {type(out).__name__}, not a Dask array"]
    if tuple(out.shape) != expected.shape:
        problems.append(f"{case.id}: lazy shape {out.shape}, NumPy gives {expected.shape}")
    if out.dtype != expected.dtype:
        problems.append(f"{case.id}: lazy dtype {out.dtype}, NumPy gives {expected.dtype}")
    try:
        got = np.asarray(out.compute(scheduler="sync"))
    except Exception as exc:
        return [*problems, f"{case.id}: compute raised {type(exc).__name__}: {exc}"]
    if got.shape != expected.shape or not np.allclose(
        got, expected, rtol=RTOL, atol=ATOL, equal_nan=True
    ):
        with np.errstate(invalid="ignore"):
            worst = (
                np.nanmax(np.abs(got - expected), initial=0.0)
                if got.shape == expected.shape
                else None
            )
        problems.append(f"{case.id}: computed value differs from NumPy (max abs diff {worst})")
    return problems


@pytest.mark.parametrize("name", portloss.__all__)
def test_public_function_is_lazy_and_exact_on_fully_chunked_dask(name):
    cases = CASES.get(name)
    if not cases:
        pytest.skip(f"{name} has no conformance case yet (the conformance suite flags it)")
    problems = [p for case in covering_cases(cases) for p in run_on_dask(case)]
    assert not problems, "\n".join(problems)


def test_covering_selection_keeps_every_feature():
    for cases in CASES.values():
        chosen = covering_cases(cases)
        assert set().union(*map(features, chosen)) == set().union(*map(features, cases))


def test_split_chunks_are_irregular_and_complete():
    for n in range(12):
        chunks = split_chunks(n)
        assert sum(chunks) == n
        assert len(chunks) >= (2 if n >= 2 else 1)


def _rechunked_layers(out) -> set[str]:
    """Names of the layers that a rechunk layer of ``out``'s graph reads from."""
    graph = out.dask
    return {
        dep
        for name in graph.layers
        if re.sub(r"-[0-9a-f]{32}$", "", name).startswith("rechunk")
        for dep in graph.dependencies[name]
    }


@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
def test_split_class_axis_is_reduced_blockwise_not_rechunked(loss):
    """A class axis over several chunks is handled by tree reductions, without a rechunk.

    The logits keep their chunks: the log-softmax's max and sum are Dask reductions
    across the class chunks, and the target class is picked by a blockwise compare and
    sum (only that small boolean class mask is aligned to the logits' chunks). The
    unreduced loss keeps the target's chunks.
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 7, 5, 4))  # (N, C, H, W), torch layout
    if loss == "nll_loss":
        x = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
    t = rng.integers(0, 7, (6, 5, 4))
    dx = da.from_array(x, chunks=(2, 3, 3, 2))  # every axis split, the class axis in 3 chunks
    dt = da.from_array(t, chunks=(2, 3, 2))
    fn = getattr(portloss, loss)
    out = fn(dx, dt, axis=1, reduction="none")
    assert dx.name not in _rechunked_layers(out)
    assert dt.name not in _rechunked_layers(out)
    assert out.chunks == dt.chunks
    np.testing.assert_allclose(out.compute(), fn(x, t, axis=1, reduction="none"), rtol=RTOL)
    mean = fn(dx, dt, axis=1)
    np.testing.assert_allclose(mean.compute(), fn(x, t, axis=1), rtol=RTOL)


def test_loss_over_an_array_larger_than_memory_builds_instantly():
    """A 64 TiB lazy input: building the graph allocates nothing and computes nothing."""
    backend = get_backend("dask")
    n, c = 2**40, 8  # 2**43 float64 logits
    x = da.zeros((n, c), chunks=(2**36, c))
    t = da.zeros((n,), chunks=2**36, dtype=np.int64)
    out, computes = backend.count_computes(lambda: portloss.cross_entropy(x, t))
    assert computes == 0
    assert out.shape == ()
    assert out.dtype == np.float64
    assert out.npartitions == 1


def test_float32_stays_float32_lazily():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((9, 4)).astype(np.float32)
    t = rng.integers(0, 4, 9)
    out = portloss.cross_entropy(chunk_every_axis(x), chunk_every_axis(t), reduction="none")
    assert out.dtype == np.float32
    np.testing.assert_allclose(
        out.compute(), portloss.cross_entropy(x, t, reduction="none"), rtol=2e-6
    )
