"""``python -m conformance``: every case on every backend, a matrix and a report."""

from __future__ import annotations

import argparse
import inspect
import json
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import portloss

from .backends import BACKENDS, Backend, load_backends
from .case import Case
from .cases import all_cases
from .check import TOLERANCES, Outcome, run_case

__all__ = ["main", "missing_rows", "plan"]


def missing_rows(cases: Sequence[Case]) -> list[str]:
    """Public portloss functions with no row in the case table."""
    covered = {c.function for c in cases}
    # Loss objects (classes) call the functions, which are the ones with rows.
    functions = {n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n))}
    return sorted(functions - covered)


def plan(
    cases: Sequence[Case], backends: Sequence[Backend], *, quick: bool = False
) -> list[tuple[Case, Backend, str]]:
    """The (case, backend, dtype) runs, in report order.

    ``quick`` keeps float32 and every third case of each function (at least one).
    """
    if quick:
        by_function: dict[str, list[Case]] = defaultdict(list)
        for c in cases:
            by_function[c.function].append(c)
        cases = [c for group in by_function.values() for c in group[::3]]
    runs = []
    for backend in backends:
        for case in cases:
            for dtype in case.dtypes:
                if quick and dtype != "float32" and "float32" in case.dtypes:
                    continue
                if dtype in backend.dtypes:
                    runs.append((case, backend, dtype))
    return runs


class _Progress:
    def __init__(self, total: int, stream: Any = sys.stderr) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_tenth = -1

    def step(self, label: str) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:50]:<50}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            tenth = 10 * self.done // max(self.total, 1)
            if tenth != self.last_tenth:
                self.last_tenth = tenth
                self.stream.write(f"conformance: {self.done}/{self.total} runs\n")
        self.stream.flush()


def _matrix(outcomes: Sequence[Outcome], backends: Sequence[str]) -> list[str]:
    cells: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    functions: list[str] = []
    for o in outcomes:
        cells[o.function, o.backend].append(o)
        if o.function not in functions:
            functions.append(o.function)
    lines = [
        "| function | " + " | ".join(backends) + " |",
        "|---|" + "---|" * len(backends),
    ]
    for function in functions:
        row = []
        for b in backends:
            group = cells.get((function, b), [])
            if not group:
                row.append("n/a")
                continue
            passed = sum(o.passed for o in group)
            worst = max(o.worst_error for o in group)
            mark = "" if passed == len(group) else " FAIL"
            row.append(f"{passed}/{len(group)} ({worst:.1e}){mark}")
        lines.append(f"| {function} | " + " | ".join(row) + " |")
    return lines


def _markdown(
    outcomes: Sequence[Outcome],
    backends: Sequence[str],
    skipped: dict[str, str],
    missing: Sequence[str],
    seconds: float,
) -> str:
    failed = [o for o in outcomes if not o.passed]
    lines = [
        "# portloss conformance report",
        "",
        f"portloss {portloss.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {len(outcomes)} runs in {seconds:.0f} s: "
        f"{len(outcomes) - len(failed)} passed, {len(failed)} failed.",
        "",
        "Cell: runs passed / total (worst error relative to the float64 reference, ",
        "in units of max(|reference|, atol/rtol)). Tolerances (rtol, atol): "
        + ", ".join(f"{k} {v}" for k, v in TOLERANCES.items())
        + ".",
        "",
        *_matrix(outcomes, backends),
        "",
    ]
    if skipped:
        lines += ["## Skipped backends", ""]
        lines += [f"- {name}: {reason}" for name, reason in skipped.items()]
        lines.append("")
    if missing:
        lines += ["## Public functions without a case (the suite fails)", ""]
        lines += [f"- {name}" for name in missing]
        lines.append("")
    if failed:
        lines += ["## Failures", ""]
        for o in failed[:200]:
            lines.append(f"- {o.case} on {o.backend} {o.dtype}: " + "; ".join(o.failures))
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description="Check every portloss function on every installed array backend "
        "against a float64 reference.",
    )
    parser.add_argument(
        "--backend",
        action="append",
        metavar="NAME",
        help=f"a registered backend ({', '.join(BACKENDS)}) or module:factory; "
        "repeat for several (default: all registered)",
    )
    parser.add_argument(
        "--report",
        default="conformance-report",
        metavar="PATH",
        help="write PATH.json and PATH.md (default: conformance-report)",
    )
    parser.add_argument("--quick", action="store_true", help="float32, a third of the cases")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    backends, skipped = load_backends(args.backend)
    cases = all_cases()
    missing = missing_rows(cases)
    runs = plan(cases, backends, quick=args.quick)
    progress = _Progress(len(runs))
    outcomes = []
    for case, backend, dtype in runs:
        outcomes.append(run_case(case, backend, dtype))
        progress.step(f"{backend.name} {case.id}")
    seconds = time.perf_counter() - start

    names = [b.name for b in backends]
    report = _markdown(outcomes, names, skipped, missing, seconds)
    print("\n".join(report.splitlines()[4:]))  # the matrix onwards; the header is for files

    stem = Path(args.report)
    stem = stem.with_suffix("") if stem.suffix in (".json", ".md") else stem
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".md").write_text(report)
    stem.with_suffix(".json").write_text(
        json.dumps(
            {
                "portloss": portloss.__version__,
                "python": platform.python_version(),
                "seconds": seconds,
                "backends": names,
                "skipped": skipped,
                "missing_rows": list(missing),
                "tolerances": TOLERANCES,
                "outcomes": [o.as_dict() for o in outcomes],
            },
            indent=1,
        )
    )
    print(f"report: {stem.with_suffix('.md')} and {stem.with_suffix('.json')}")
    all_passed = all(o.passed for o in outcomes) and not missing
    return 0 if all_passed else 1
