"""The runner's contract: exit status, reports, skipped and outside backends."""

from __future__ import annotations

import json

import numpy as np
import pytest

from .backends import Backend, BackendUnavailable, load_backend
from .runner import main


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


def test_outside_backend_passes_and_writes_reports(tmp_path, capsys):
    stem = tmp_path / "report"
    status = main(
        [
            "--backend",
            "conformance.example_backend:strict_device2",
            "--quick",
            "--report",
            str(stem),
        ]
    )
    assert status == 0, capsys.readouterr().out
    data = json.loads(stem.with_suffix(".json").read_text())
    assert data["backends"] == ["strict-device2"]
    assert data["outcomes"]
    assert all(o["passed"] for o in data["outcomes"])
    assert "| cross_entropy |" in stem.with_suffix(".md").read_text()


def test_wrong_results_fail_the_run(tmp_path, capsys):
    stem = tmp_path / "report"
    status = main(["--backend", f"{__name__}:off_by_a_little", "--quick", "--report", str(stem)])
    assert status == 1
    report = stem.with_suffix(".md").read_text()
    assert "FAIL" in report
    assert "value differs from the float64 reference" in report


def test_unavailable_backend_is_listed_with_its_reason(tmp_path):
    stem = tmp_path / "report"
    main(["--backend", f"{__name__}:unavailable", "--quick", "--report", str(stem)])
    data = json.loads(stem.with_suffix(".json").read_text())
    assert data["skipped"] == {f"{__name__}:unavailable": "needs hardware this machine lacks"}


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown backend 'nope'"):
        load_backend("nope")
    with pytest.raises(ValueError, match="cannot load"):
        load_backend("conformance.example_backend:missing")
