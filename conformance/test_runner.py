"""The runner's contract: exit status, reports, isolation, xfails, preflight, outside backends."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict

import numpy as np
import pytest

from .backends import Backend, BackendUnavailable, load_backend
from .cases import all_cases
from .check import CHECKS, transform_sample
from .runner import main

# ------------------------------------------------------------------ outside factories
# Referenced as conformance.test_runner:NAME; each runs in its own worker process.


def off_by_a_little() -> Backend:
    """A broken backend: results come back shifted by 1e-3."""
    numpy = load_backend("numpy")
    return Backend(
        name="broken",
        xp=numpy.xp,
        asarray=numpy.asarray,
        to_numpy=lambda x: np.asarray(x) + 1e-3,
        dtypes=("float32",),
        device="cpu",
    )


def unavailable() -> Backend:
    raise BackendUnavailable("needs hardware this machine lacks")


def strict_2023_globally() -> Backend:
    """A factory that switches array-api-strict to 2023.12 for the whole process."""
    import array_api_strict as xp

    xp.set_array_api_strict_flags(api_version="2023.12")
    return Backend(
        name="strict-2023-global",
        xp=xp,
        asarray=lambda a, batch_axis=0: xp.asarray(np.asarray(a)),
        to_numpy=np.asarray,
        dtypes=("float32",),
    )


def without_cumulative_sum() -> Backend:
    """array-api-strict without cumulative_sum: a library that lacks one function.

    Deleting the function is safe here only because each backend has its own process.
    """
    import array_api_strict as xp

    del xp.cumulative_sum
    return Backend(
        name="no-cumulative-sum",
        xp=xp,
        asarray=lambda a, batch_axis=0: xp.asarray(np.asarray(a)),
        to_numpy=np.asarray,
        dtypes=("float32",),
    )


def numpy_with_callables() -> Backend:
    """NumPy with a finite-difference ``grad`` and an identity ``jit``, not a subclass."""
    numpy = load_backend("numpy")

    def grad(fn, arrays, argnum=0):
        x = np.asarray(arrays[argnum], dtype=np.float64)
        g = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            for sign in (1, -1):
                a = list(arrays)
                y = x.copy()
                y[i] += sign * 1e-6
                a[argnum] = y  # float64 differences: accurate to ~1e-9
                g[i] += sign * float(fn(*a)) / 2e-6
        return g.astype(arrays[argnum].dtype)

    return Backend(
        name="numpy-callables",
        xp=numpy.xp,
        asarray=numpy.asarray,
        to_numpy=np.asarray,
        dtypes=("float32",),
        device="cpu",
        grad=grad,
        jit=lambda fn: fn,
    )


def numpy_sampled() -> Backend:
    """``numpy_with_callables`` with its transforms sampled, as JAX's are."""
    return dataclasses.replace(numpy_with_callables(), name="numpy-sampled", sample_transforms=True)


def _run(tmp_path, *argv):
    stem = tmp_path / "report"
    status = main([*argv, "--report", str(stem)])
    data = json.loads(stem.with_suffix(".json").read_text())
    return status, data, stem.with_suffix(".md").read_text()


# ------------------------------------------------------------------ tests


def test_outside_backend_passes_and_writes_reports(tmp_path, capsys):
    status, data, md = _run(
        tmp_path, "--backend", "conformance.example_backend:strict_device2", "--quick"
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert data["backends"] == ["strict-device2"]
    assert data["outcomes"]
    assert all(o["status"] == "passed" for o in data["outcomes"])
    assert "| cross_entropy |" in md
    n = len(data["outcomes"])
    assert out.rstrip().splitlines()[-1] == f"{n} passed, 0 failed"


def test_wrong_results_fail_the_run_with_one_cause(tmp_path, capsys):
    status, data, md = _run(
        tmp_path, "--backend", f"{__name__}:off_by_a_little", "--quick", "-k", "l1_loss"
    )
    assert status == 1
    assert "FAIL" in md
    assert "value differs from the float64 reference" in md
    failed = [o for o in data["outcomes"] if o["status"] == "failed"]
    assert failed
    assert f"{len(failed)} failures, 1 causes." in md
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.endswith(f"{len(failed)} failed")


def test_report_fields(tmp_path):
    _, data, _ = _run(tmp_path, "--backend", "array_api_strict-2023.12", "-k", "mse_loss")
    assert data["minimum_api_version"] == "2023.12"
    detail = data["backend_details"]["array_api_strict-2023.12"]
    assert detail["standard"] == "2023.12"
    assert {"numpy", "array-api-strict", "portloss", "python"} <= set(detail["versions"])
    run = data["outcomes"][0]
    for key in ("case", "function", "backend", "dtype", "status", "failures", "checks"):
        assert key in run
    assert set(run["checks"]) == set(CHECKS)
    # no autodiff, no jit on array-api-strict: counted, not hidden
    assert run["checks"]["gradient"] == "not applicable"
    assert run["checks"]["jit"] == "not applicable"
    assert run["shapes"]
    assert run["dtypes"]
    assert all(isinstance(s, list) for s in run["shapes"].values())


def test_crash_records_check_exception_and_frames(tmp_path):
    backend = f"{__name__}:without_cumulative_sum"
    status, data, md = _run(tmp_path, "--backend", backend, "-k", "ctc_loss")
    assert status == 1
    failure = next(o for o in data["outcomes"] if o["status"] == "failed")["failures"][0]
    assert failure["check"] == "value"
    assert failure["exception_type"] == "AttributeError"
    assert failure["portloss_frame"].startswith("portloss/")
    assert "cumulative_sum" in failure["error"]
    # the preflight named the missing function once, with what it affects
    findings = data["backend_details"]["no-cumulative-sum"]["preflight"]
    missing = [f for f in findings if f["name"] == "cumulative_sum"]
    assert missing
    assert missing[0]["problem"] == "is missing"
    assert any("ctc_loss" in f for f in missing[0]["functions"])
    assert missing[0]["runs"] == len(data["outcomes"])
    assert "`cumulative_sum` is missing" in md


def test_isolation_a_factory_that_sets_global_flags_changes_no_other_column(tmp_path):
    # The factory sets array-api-strict to 2023.12 process-wide; in one process the
    # plain array_api_strict column would then run at 2023.12 too.
    _, data, _ = _run(
        tmp_path,
        "--backend",
        f"{__name__}:strict_2023_globally",
        "--backend",
        "array_api_strict",
        "-k",
        "mse_loss[",
    )
    standards = {b: d["standard"] for b, d in data["backend_details"].items()}
    assert standards["strict-2023-global"] == "2023.12"
    assert standards["array_api_strict"] != "2023.12"


def test_xfails_expected_failure_and_unexpected_pass(tmp_path, capsys):
    broken = ("--backend", f"{__name__}:off_by_a_little", "-k", "l1_loss[*")
    status, data, _ = _run(tmp_path, *broken)
    assert status == 1
    failing = sorted({o["case"] for o in data["outcomes"] if o["status"] == "failed"})
    assert failing
    xfails = tmp_path / "xfails.txt"
    xfails.write_text(
        "# known gaps of the broken backend\n"
        + "".join(f"{case}  shifted results (a known bug)\n" for case in failing)
    )
    capsys.readouterr()
    status, data, md = _run(tmp_path, *broken, "--xfails", str(xfails))
    assert status == 0, md
    xfailed = [o for o in data["outcomes"] if o["status"] == "xfailed"]
    assert len(xfailed) == len(failing)
    assert xfailed[0]["xfail_reason"] == "shifted results (a known bug)"
    assert (
        capsys.readouterr()
        .out.rstrip()
        .splitlines()[-1]
        .endswith(f"0 failed, {len(failing)} xfailed")
    )
    # The same file on a correct backend: every listed run passes unexpectedly (strict).
    status, data, md = _run(
        tmp_path, "--backend", "numpy", "-k", "l1_loss[*", "--xfails", str(xfails)
    )
    assert status == 1
    assert {o["status"] for o in data["outcomes"] if o["case"] in failing} == {"xpassed"}
    assert "Unexpected passes" in md


def test_xfail_patterns_are_globs_over_case_and_run_ids():
    from .check import Outcome
    from .runner import Xfail

    o = Outcome("l1_loss[batched-sum]", "l1_loss", "torch", "float32", passed=False)
    assert Xfail("l1_loss[batched-sum]").matches(o)
    assert Xfail("l1_loss[*").matches(o)
    assert Xfail("*-torch-float32").matches(o)
    assert not Xfail("l1_loss[*]-jax-*").matches(o)
    assert not Xfail("smooth_l1_loss[*").matches(o)


def test_namespace_only_backend(tmp_path):
    status, data, md = _run(tmp_path, "--backend", "xp:array_api_strict", "--quick")
    assert status == 0, md
    assert data["backends"] == ["xp:array_api_strict"]
    assert len(data["outcomes"]) > 50


def test_grad_and_jit_callables_plug_in_without_subclassing(tmp_path):
    backend = f"{__name__}:numpy_with_callables"
    _status, data, md = _run(tmp_path, "--backend", backend, "-k", "mse_loss")
    run = data["outcomes"][0]
    assert run["checks"]["gradient"] == "passed", md
    assert run["checks"]["jit"] == "passed"
    assert load_backend(f"{__name__}:numpy_with_callables").autodiff == "custom"


def test_k_selects_cases(tmp_path):
    _, data, _ = _run(tmp_path, "--backend", "numpy", "-k", "huber_loss")
    assert data["outcomes"]
    assert {o["function"] for o in data["outcomes"]} == {"huber_loss"}
    assert data["missing_rows"] == []  # a filtered run does not claim missing rows


def test_repro_prints_a_runnable_snippet(tmp_path, capsys):
    from .cases import all_cases

    case = next(c for c in all_cases() if c.function == "mse_loss")
    assert main(["--repro", case.id, "--backend", "numpy"]) == 0
    snippet = capsys.readouterr().out
    assert "portloss.mse_loss(" in snippet
    namespace: dict[str, object] = {}
    exec(compile(snippet, "<repro>", "exec"), namespace)  # runs standalone
    assert "expected" in snippet


def test_unavailable_backend_is_listed_with_its_reason(tmp_path):
    _, data, _ = _run(tmp_path, "--backend", f"{__name__}:unavailable", "--quick")
    assert data["skipped"] == {f"{__name__}:unavailable": "needs hardware this machine lacks"}


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown backend 'nope'"):
        load_backend("nope")
    with pytest.raises(ValueError, match="cannot load"):
        load_backend("conformance.example_backend:missing")


def test_fuzz_is_seeded_and_reproducible():
    from .fuzz import fuzz_cases

    first = fuzz_cases(seed=7, examples=15)
    again = fuzz_cases(seed=7, examples=15)
    assert [c.id for c in first] == [c.id for c in again]
    assert [c.options for c in first] == [c.options for c in again]
    for a, b in zip(first, again):
        for x, y in zip(a.inputs()[0], b.inputs()[0]):
            np.testing.assert_array_equal(x, y)
    assert [c.id for c in fuzz_cases(seed=8, examples=15)] != [c.id for c in first]


def test_fuzz_runs_on_a_backend(tmp_path):
    status, data, md = _run(
        tmp_path, "--backend", "numpy", "--fuzz", "--seed", "3", "--examples", "12"
    )
    assert status == 0, md
    assert all("[fuzz-3-" in o["case"] for o in data["outcomes"])


def test_pytest_route_takes_an_outside_backend(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "conformance/test_conformance.py",
            "--backend",
            "conformance.example_backend:strict_device2",
            "-k",
            "huber_loss",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        capture_output=True,
        text=True,
        cwd=str(__import__("pathlib").Path(__file__).parent.parent),
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout
    assert " failed" not in result.stdout


def test_worked_example_marray_with_its_xfails(tmp_path):
    # docs/adding-a-backend.md's worked example: a third-party library with known gaps.
    pytest.importorskip("marray", reason="marray is not installed (pip install marray)")
    xfails = tmp_path / "xfails.txt"
    xfails.write_text(
        "balanced_binary_cross_entropy[*   sort() has no descending=\n"
        "lovasz_*[*                        argsort() has no descending=\n"
        "*[*empty*sum]                     a masked sum of nothing\n"
    )
    backend = "conformance.example_backend:marray_numpy"
    status, data, md = _run(tmp_path, "--backend", backend, "-k", "lovasz_hinge")
    assert status == 1
    findings = data["backend_details"]["marray-numpy"]["preflight"]
    assert any(f["name"].startswith("argsort(") for f in findings)
    status, data, md = _run(
        tmp_path, "--backend", backend, "-k", "lovasz_hinge", "--xfails", str(xfails)
    )
    assert status == 0, md


# ------------------------------------------------------------------ transform sampling


def _features(case):
    args, arrays = case.inputs()
    out = {("option", k, repr(v)) for k, v in case.options.items()}
    out |= {("array", k) for k in arrays}
    out |= {("ndim", i, a.ndim) for i, a in enumerate(args)}
    out |= {("empty",) for a in [*args, *arrays.values()] if a.size == 0}
    out |= {("dtype", d) for d in case.dtypes}
    return out


def test_transform_sample_covers_every_function_option_weight_rank_and_empty_input():
    cases = all_cases()
    sample = transform_sample(cases)
    assert sample == transform_sample(cases)  # deterministic
    # it does cut the compiles (the new families have many options per function:
    # about 53% of the cases carry a feature no earlier case of their function has)
    assert len(sample) < 0.6 * len(cases)
    covered = defaultdict(set)
    for c in cases:
        if c.id in sample:
            covered[c.function] |= _features(c)
    functions = {c.function for c in cases}
    assert set(covered) == functions
    for c in cases:
        missing = _features(c) - covered[c.function]
        assert not missing, f"{c.id}: {missing} never reaches the gradient and jit checks"
    # the first case of each function is always in the sample
    first = {}
    for c in cases:
        first.setdefault(c.function, c.id)
    assert set(first.values()) <= sample


def test_jax_samples_its_transforms():
    try:
        backend = load_backend("jax")
    except BackendUnavailable as exc:
        pytest.skip(str(exc))
    assert backend.sample_transforms
    assert not load_backend("torch").sample_transforms


def test_sampled_transforms_run_per_function_and_dtype_and_full_runs_all(tmp_path, capsys):
    backend = f"{__name__}:numpy_sampled"
    _, data, md = _run(tmp_path, "--backend", backend, "-k", "hinge_loss[*")
    out = capsys.readouterr().out
    runs = data["outcomes"]
    states = defaultdict(set)
    for o in runs:
        for check in ("gradient", "jit"):
            states[o["function"], o["dtype"], check].add(o["checks"][check])
    assert any("not sampled" in s for s in states.values())
    for (function, dtype, check), seen in states.items():
        if seen != {"not applicable"}:
            assert "passed" in seen, f"{function} {dtype}: no run of its {check} check ran"
    assert "not sampled" in md
    assert "--full runs them on all" in out
    detail = [o for o in runs if o["checks"]["gradient"] == "not sampled"]
    assert all(o["checks"]["value"] == "passed" for o in detail)
    assert all(o["checks"]["no-mutation"] == "passed" for o in detail)

    _, full, md = _run(tmp_path, "--backend", backend, "-k", "hinge_loss[*", "--full")
    assert len(full["outcomes"]) == len(runs)
    for o in full["outcomes"]:
        # "not applicable": a case with no differentiable argument
        assert o["checks"]["gradient"] in ("passed", "not applicable"), md
        assert o["checks"]["jit"] == "passed"
    assert "not sampled" not in md
