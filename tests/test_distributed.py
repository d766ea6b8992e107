"""portloss losses computed on a real ``distributed`` cluster equal NumPy's results.

One module-scoped ``LocalCluster`` of two single-threaded worker processes on the
loopback interface serves every test; the graphs travel to other processes, so this
checks that a loss graph pickles and that partial reductions computed on different
workers combine correctly. The example ``examples/dask_large_eval.py`` runs here at
its ``--small`` size, in process and as a script. Skipped when ``distributed`` is
not installed.
"""

from __future__ import annotations

import importlib.util
import inspect
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import portloss

pytest.importorskip("dask.array", reason="dask is not installed (pip install dask[array])")
pytest.importorskip("distributed", reason="distributed is not installed (pip install distributed)")

import dask.array as da
from distributed import Client, LocalCluster
from test_dask import ATOL, CASES, RTOL, covering_cases

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dask_large_eval.py"


@pytest.fixture(scope="module")
def client():
    """A two-process local cluster (one thread each, loopback only) and its client."""
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        # No dashboard, but the scheduler still serves /health and /metrics, by default
        # on port 8787: a free port instead, so that two runs side by side do not warn
        # "Port 8787 is already in use" (an error under the suite's filterwarnings).
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def example():
    """``examples/dask_large_eval.py`` as a module whose functions pickle by value."""
    cloudpickle = pytest.importorskip("cloudpickle")
    spec = importlib.util.spec_from_file_location("portloss_dask_large_eval", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    cloudpickle.register_pickle_by_value(module)  # the workers cannot import it by name
    yield module
    cloudpickle.unregister_pickle_by_value(module)
    del sys.modules[spec.name]


def in_two_batch_chunks(a: np.ndarray, batch_axis: int):
    """``a`` as a Dask array in two chunks along its batch axis (one per worker)."""
    a = np.asarray(a)
    chunks = list(a.shape)
    if a.ndim:
        axis = batch_axis if batch_axis < a.ndim else 0
        chunks[axis] = max(1, math.ceil(a.shape[axis] / 2))
    return da.from_array(a, chunks=tuple(chunks))


def _one_function_per_module() -> list[str]:
    """The first public function (with a case) of each module: what a cluster adds to
    tests/test_dask.py (which runs every function) is the pickling and scheduling of each
    module's graphs, not another check of every formula."""
    # The soft skeletons, erosions and CTC recursions unroll into thousands of tasks
    # (30 s or more each on a cluster); test_dask.py runs them on the local scheduler.
    first: dict[str, str] = {
        "portloss.segmentation": "dice_loss",
        "portloss.hausdorff": "",
        "portloss.sequence": "",
    }
    for name in sorted(portloss.__all__):
        fn = getattr(portloss, name)
        if inspect.isfunction(fn) and CASES.get(name):
            first.setdefault(fn.__module__, name)
    return sorted(name for name in first.values() if name)


@pytest.mark.parametrize("name", _one_function_per_module())
def test_public_function_through_the_client_equals_numpy(client, name):
    """A public function's covering cases (see test_dask.py), computed on the cluster.

    Two chunks along the batch axis: the chunking along every axis is test_dask.py's
    job, and it multiplies the number of tasks (about 5x), which a cluster pays for.
    """
    cases = CASES.get(name)
    if not cases:
        pytest.skip(f"{name} has no conformance case yet (the conformance suite flags it)")
    cases = covering_cases(cases)
    fn = getattr(portloss, name)
    lazy, expected = [], []
    for case in cases:
        args, arrays = case.inputs()
        expected.append(np.asarray(fn(*args, **arrays, **case.options)))
        d_args = [in_two_batch_chunks(a, case.batch_axis) for a in args]
        d_arrays = {k: in_two_batch_chunks(a, case.batch_axis) for k, a in arrays.items()}
        lazy.append(fn(*d_args, **d_arrays, **case.options))
    results = client.gather(client.compute(lazy))
    for case, got, want in zip(cases, results, expected):
        got = np.asarray(got)
        assert got.shape == want.shape, case.id
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=case.id)


def _spread(client, parts, axis=0):
    """A Dask array from NumPy ``parts`` placed alternately on the two workers."""
    workers = sorted(client.scheduler_info()["workers"])
    blocks = []
    for i, part in enumerate(parts):
        future = client.scatter(part, workers=[workers[i % len(workers)]])
        blocks.append(da.from_delayed(future, shape=part.shape, dtype=part.dtype))
    return da.concatenate(blocks, axis=axis)


def test_partial_reductions_from_both_workers_combine(client):
    """Data living on two workers: the weighted mean needs sums from both of them."""
    rng = np.random.default_rng(0)
    x = [rng.standard_normal((50, 4, 3, 6)) for _ in range(4)]  # (N, H, W, C) pieces
    t = [rng.integers(0, 6, (50, 4, 3)) for _ in range(4)]
    t[1][:7] = -100  # ignored entries in one piece
    w = np.array([0.5, 1.0, 2.0, 1.5, 0.25, 3.0])
    dx, dt = _spread(client, x), _spread(client, t)
    who = client.who_has()
    assert len({addr for holders in who.values() for addr in holders}) == 2
    kwargs = {"weight": da.from_array(w), "label_smoothing": 0.1}
    lazy = [
        portloss.cross_entropy(dx, dt, **kwargs),
        portloss.cross_entropy(dx, dt, reduction="none", **kwargs),
        portloss.nll_loss(dx, dt, weight=da.from_array(w), reduction="sum"),
    ]
    got = client.gather(client.compute(lazy))
    nx, nt = np.concatenate(x), np.concatenate(t)
    expected = [
        portloss.cross_entropy(nx, nt, weight=w, label_smoothing=0.1),
        portloss.cross_entropy(nx, nt, weight=w, label_smoothing=0.1, reduction="none"),
        portloss.nll_loss(nx, nt, weight=w, reduction="sum"),
    ]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=RTOL, atol=ATOL)


def test_example_small_in_process(client, example):
    logits, labels = example.make_inputs(**example.SMALL, seed=3)
    losses = example.build_losses(logits, labels)
    assert "cross_entropy" in losses
    assert len(losses) == 2
    result = example.evaluate(client, losses, show_progress=False)
    expected = example.numpy_reference(logits, labels, list(losses))
    for name, value in result["values"].items():
        np.testing.assert_allclose(value, expected[name], rtol=1e-5, err_msg=name)
    assert not result["workers_lost"]
    assert len(result["peak_rss"]) == 2
    assert all(peak > 0 for peak in result["peak_rss"].values())


def test_example_small_script():
    """The script end to end (its own cluster): exit status 0 and NumPy agreement."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    proc = subprocess.run(
        [sys.executable, str(EXAMPLE), "--small", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cross_entropy: NumPy gives" in proc.stdout
    assert "DIFFERS" not in proc.stdout
