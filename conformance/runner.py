"""``python -m conformance``: every case on every backend, a matrix and a report.

Each backend runs in its own Python process (``--worker``), so one library's global
settings (array-api-strict flags, JAX's x64 switch) cannot change another's column; the
parent merges the workers' results, applies the known-failures file and writes the
reports. The reference values are computed in every worker from the same independent
formulas, never through a backend factory.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib.metadata
import inspect
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import portloss
from portloss._namespace import MINIMUM_API_VERSION

from .backends import BACKENDS, Backend, BackendUnavailable, load_backend
from .case import Case
from .cases import all_cases
from .check import CHECKS, TOLERANCES, Outcome, reference, run_case, transform_sample

__all__ = [
    "Xfail",
    "cause_of",
    "main",
    "missing_rows",
    "plan",
    "read_xfails",
    "select",
]


def missing_rows(cases: Sequence[Case]) -> list[str]:
    """Public portloss functions with no row in the case table."""
    covered = {c.function for c in cases}
    # Loss objects (classes) call the functions, which are the ones with rows.
    functions = {n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n))}
    return sorted(functions - covered)


def _matches(pattern: str, text: str) -> bool:
    # Case ids hold brackets ("cross_entropy[batched-plain-mean]"): only * and ? are
    # wildcards, so a copied id matches itself.
    escaped = "".join("[[]" if ch == "[" else "[]]" if ch == "]" else ch for ch in pattern)
    return fnmatch.fnmatchcase(text, escaped)


def select(cases: Sequence[Case], pattern: str | None) -> list[Case]:
    """Cases whose id contains ``pattern`` or matches it as a glob (``-k``)."""
    if not pattern:
        return list(cases)
    return [c for c in cases if pattern in c.id or _matches(pattern, c.id)]


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


# ----------------------------------------------------------------------------- xfails


@dataclass
class Xfail:
    """One line of a known-failures file: a case id or glob, and why it fails."""

    pattern: str
    reason: str = ""
    used: bool = field(default=False, compare=False)

    def matches(self, o: Outcome) -> bool:
        run_id = f"{o.case}-{o.backend}-{o.dtype}"
        return any(self.pattern == t or _matches(self.pattern, t) for t in (o.case, run_id))


def read_xfails(path: str | os.PathLike[str]) -> list[Xfail]:
    """``PATTERN [reason]`` per line; ``#`` starts a comment, blank lines are skipped.

    ``PATTERN`` matches a case id (``cross_entropy[batched-plain-mean]``) or a run id
    (``<case id>-<backend>-<dtype>``); ``*`` and ``?`` are wildcards.
    """
    out = []
    for raw in Path(path).read_text().splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        pattern, _, reason = line.partition(" ")
        out.append(Xfail(pattern, reason.strip()))
    return out


def _apply_xfails(outcomes: Iterable[Outcome], xfails: Sequence[Xfail]) -> None:
    for o in outcomes:
        hit = next((x for x in xfails if x.matches(o)), None)
        if hit is None:
            continue
        hit.used = True
        o.xfail_reason = hit.reason or hit.pattern
        o.status = "xfailed" if not o.passed else "xpassed"


# ----------------------------------------------------------------------------- worker


def _versions(backend: Backend | None) -> dict[str, str]:
    names = ["portloss", "numpy", "array-api-compat"]
    if backend is not None:
        top = getattr(backend.xp, "__name__", "").split(".")
        lib = top[1] if top[0] == "array_api_compat" and len(top) > 1 else top[0]
        names.append({"jax": "jax", "array_api_strict": "array-api-strict"}.get(lib, lib))
    out = {"python": platform.python_version()}
    for n in names:
        try:
            out[n] = importlib.metadata.version(n)
        except importlib.metadata.PackageNotFoundError:
            mod = sys.modules.get(n.replace("-", "_"))
            if mod is not None and hasattr(mod, "__version__"):
                out[n] = str(mod.__version__)
    return out


def run_backend(
    spec: str,
    cases: Sequence[Case],
    *,
    quick: bool = False,
    full: bool = False,
    progress: bool = True,
) -> dict[str, Any]:
    """Load one backend and run its plan in this process; the worker's JSON result."""
    from .preflight import preflight

    started = time.process_time()  # the library's import included
    try:
        backend = load_backend(spec)
    except BackendUnavailable as exc:
        return {"spec": spec, "skipped": str(exc), "versions": _versions(None)}
    runs = plan(cases, [backend], quick=quick)
    planned = Counter(case.function for case, _, _ in runs)
    findings = preflight(backend, planned)
    every = {c.id for c in cases}
    sample = every if full or not backend.sample_transforms else transform_sample(cases)
    outcomes = []
    step = max(1, len(runs) // 10)
    for n, (case, b, dtype) in enumerate(runs, 1):
        outcomes.append(run_case(case, b, dtype, sampled=case.id in sample))
        if progress and (n % step == 0 or n == len(runs)):
            sys.stderr.write(f"conformance [{backend.name}]: {n}/{len(runs)} runs\n")
            sys.stderr.flush()
    sources = {c.function: reference(c).source for c, _, _ in runs}
    return {
        "spec": spec,
        "backend": backend.name,
        "standard": backend.standard,
        "versions": _versions(backend),
        "preflight": [f.as_dict() for f in findings],
        "transform_sample": None if sample is every else [len(sample), len(every)],
        "cpu_seconds": time.process_time() - started,
        "portloss_references": sorted(f for f, s in sources.items() if s == "portloss"),
        "outcomes": [o.as_dict() for o in outcomes],
    }


def _worker_command(spec: str, out: str, args: argparse.Namespace) -> list[str]:
    cmd = [sys.executable, "-m", "conformance", "--worker", spec, "--worker-out", out]
    if args.quick:
        cmd.append("--quick")
    if args.full:
        cmd.append("--full")
    if args.k:
        cmd += ["-k", args.k]
    if args.fuzz:
        cmd += ["--fuzz", "--seed", str(args.seed), "--examples", str(args.examples)]
    return cmd


def _run_isolated(specs: Sequence[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    """One worker process per backend, ``args.jobs`` at a time; results in ``specs`` order."""
    env = dict(os.environ)
    # The workers import the same portloss and conformance (and outside factories).
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # The slowest column first (JAX compiles), so the others fill the other core.
        pending = sorted(enumerate(specs), key=lambda item: "jax" not in item[1])
        running: list[tuple[int, str, str, subprocess.Popen[bytes]]] = []
        while pending or running:
            while pending and len(running) < max(1, args.jobs):
                i, spec = pending.pop(0)
                out = os.path.join(tmp, f"{i}.json")
                proc = subprocess.Popen(_worker_command(spec, out, args), env=env)
                running.append((i, spec, out, proc))
            time.sleep(0.05)
            for item in list(running):
                i, spec, out, proc = item
                if proc.poll() is None:
                    continue
                running.remove(item)
                if proc.returncode == 0 and os.path.exists(out):
                    results[spec] = json.loads(Path(out).read_text())
                else:
                    results[spec] = {
                        "spec": spec,
                        "crashed": f"the worker process exited with status {proc.returncode}",
                        "versions": {},
                    }
    return [results[s] for s in specs]


# ----------------------------------------------------------------------------- reports


def cause_of(o: Outcome) -> tuple[str, ...]:
    """What groups failures: the check, exception type, frame and message without numbers."""
    f = o.failures[0]
    message = "".join("#" if ch.isdigit() else ch for ch in f.error)
    if f.exception_type is None:  # a value mismatch: the message is the cause
        message = message.split(" (worst")[0]
    return (f.check, f.exception_type or "", f.portloss_frame or "", message[:160])


def _cell(group: Sequence[Outcome]) -> str:
    passed = sum(o.status in ("passed", "xpassed") for o in group)
    xfailed = sum(o.status == "xfailed" for o in group)
    crashed = sum(any(f.exception_type for f in o.failures) for o in group)
    if crashed == len(group):
        return f"0/{len(group)} crashed"
    worst: dict[str, float] = {}
    for o in group:
        if o.status in ("passed", "xpassed"):
            worst[o.dtype] = max(worst.get(o.dtype, 0.0), o.worst_error)
    errors = " ".join(
        f"{d.replace('float', 'f').replace('bf', 'bf')} {w:.0e}" for d, w in sorted(worst.items())
    )
    text = f"{passed}/{len(group)}"
    if xfailed:
        text += f" +{xfailed} xfail"
    if errors:
        text += f" ({errors})"
    failed = len(group) - passed - xfailed
    return text + (" FAIL" if failed else "")


def _matrix(outcomes: Sequence[Outcome], backends: Sequence[str]) -> list[str]:
    cells: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    functions: list[str] = []
    for o in outcomes:
        cells[o.function, o.backend].append(o)
        if o.function not in functions:
            functions.append(o.function)
    lines = ["| function | " + " | ".join(backends) + " |", "|---|" + "---|" * len(backends)]
    for function in functions:
        row = [_cell(cells[function, b]) if cells.get((function, b)) else "n/a" for b in backends]
        lines.append(f"| {function} | " + " | ".join(row) + " |")
    return lines


def _checks_table(outcomes: Sequence[Outcome], backends: Sequence[str]) -> list[str]:
    counts: dict[str, Counter[str]] = {b: Counter() for b in backends}
    for o in outcomes:
        for check, state in o.checks.items():
            counts[o.backend][f"{check}:{state}"] += 1
    lines = [
        "| check | " + " | ".join(backends) + " |",
        "|---|" + "---|" * len(backends),
    ]
    for check in CHECKS:
        row = []
        for b in backends:
            c = counts[b]
            ran = c[f"{check}:passed"] + c[f"{check}:failed"]
            text = f"{ran} run"
            if c[f"{check}:failed"]:
                text += f", {c[f'{check}:failed']} failed"
            if c[f"{check}:not applicable"]:
                text += f", {c[f'{check}:not applicable']} n/a"
            if c[f"{check}:in another dtype"]:
                text += f", {c[f'{check}:in another dtype']} in another dtype"
            if c[f"{check}:not sampled"]:
                text += f", {c[f'{check}:not sampled']} not sampled"
            if c[f"{check}:not run"]:
                text += f", {c[f'{check}:not run']} not reached"
            row.append(text)
        lines.append(f"| {check} | " + " | ".join(row) + " |")
    return lines


def _listing(items: Sequence[str], limit: int) -> list[str]:
    shown = [f"  - {i}" for i in items[:limit]]
    if len(items) > limit:
        shown.append(f"  - and {len(items) - limit} more (all in the JSON report)")
    return shown


def _causes(failed: Sequence[Outcome], limit: int) -> list[str]:
    groups: dict[tuple[str, ...], list[Outcome]] = defaultdict(list)
    for o in failed:
        groups[cause_of(o)].append(o)
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    lines = [f"{len(failed)} failures, {len(groups)} causes.", ""]
    for n, (_key, group) in enumerate(ordered, 1):
        first = group[0].failures[0]
        backends = sorted({o.backend for o in group})
        functions = sorted({o.function for o in group})
        lines.append(f"### Cause {n}: {len(group)} failures ({first.check} check)")
        lines.append("")
        lines.append(f"- error: {first.error[:300]}")
        if first.portloss_frame:
            lines.append(f"- portloss frame: `{first.portloss_frame}`")
        if first.backend_frame:
            lines.append(f"- backend frame: `{first.backend_frame}`")
        lines.append(f"- backends: {', '.join(backends)}; functions: {', '.join(functions)}")
        lines.append("- runs:")
        lines += _listing([f"{o.case} on {o.backend} {o.dtype}" for o in group], limit)
        lines.append("")
    return lines


def _skipped(results: Sequence[dict[str, Any]]) -> dict[str, str]:
    return {r["spec"]: r.get("skipped") or r.get("crashed") for r in results if "backend" not in r}


def _xfail_line(o: Outcome) -> str:
    return f"{o.case} on {o.backend} {o.dtype}: {o.xfail_reason}"


def totals_line(outcomes: Sequence[Outcome], skipped: int) -> str:
    """The terminal's last line: ``N passed, N failed`` (and xfailed, xpassed, skipped)."""
    c = Counter(o.status for o in outcomes)
    parts = [f"{c['passed']} passed", f"{c['failed']} failed"]
    if c["xfailed"]:
        parts.append(f"{c['xfailed']} xfailed")
    if c["xpassed"]:
        parts.append(f"{c['xpassed']} xpassed (unexpected passes)")
    if skipped:
        parts.append(f"{skipped} skipped backend{'s' if skipped != 1 else ''}")
    return ", ".join(parts)


def _markdown(
    outcomes: Sequence[Outcome],
    results: Sequence[dict[str, Any]],
    missing: Sequence[str],
    unused_xfails: Sequence[Xfail],
    seconds: float,
    *,
    limit: int = 20,
) -> str:
    backends = [r["backend"] for r in results if "backend" in r]
    failed = [o for o in outcomes if o.status == "failed"]
    xpassed = [o for o in outcomes if o.status == "xpassed"]
    xfailed = [o for o in outcomes if o.status == "xfailed"]
    skipped = _skipped(results)
    lines = [
        "# portloss conformance report",
        "",
        f"portloss {portloss.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {len(outcomes)} runs in {seconds:.0f} s. "
        f"portloss needs Array API {MINIMUM_API_VERSION} or later.",
        "",
        "Cell: runs passed / total (worst error per dtype relative to the float64 reference, "
        "in units of max(|reference|, atol/rtol)). Tolerances (rtol, atol): "
        + ", ".join(f"{k} {v}" for k, v in TOLERANCES.items())
        + ".",
        "",
        *_matrix(outcomes, backends),
        "",
        "## Backends",
        "",
    ]
    for r in results:
        if "backend" in r:
            versions = ", ".join(f"{k} {v}" for k, v in r["versions"].items())
            standard = r.get("standard") or "undeclared"
            lines.append(f"- {r['backend']}: standard {standard}; {versions}")
    lines.append("")
    lines += ["## Checks (runs per check; n/a = the backend has no such machinery)", ""]
    lines += [*_checks_table(outcomes, backends), ""]
    sampled = [(r["backend"], r["transform_sample"]) for r in results if r.get("transform_sample")]
    for backend, (n, total) in sampled:
        lines.append(
            f"{backend}: gradient and jit checks on {n} of {total} cases (each function's "
            "options, weights, input ranks, empty inputs and dtypes at least once; every case's "
            "value, dtype, shape, device and no-mutation checked); --full runs them on all."
        )
    if sampled:
        lines.append("")
    preflight = [(r["backend"], f) for r in results for f in r.get("preflight", [])]
    if preflight:
        lines += ["## Preflight", ""]
        for backend, f in preflight:
            affected = ", ".join(f["functions"]) or "every function"
            lines.append(
                f"- {backend}: `{f['name']}` {f['problem']}: "
                f"{f['runs']} runs of {affected} will fail"
            )
        lines.append("")
    portloss_refs = sorted({f for r in results for f in r.get("portloss_references", [])})
    if portloss_refs:
        lines += ["## Functions without an independent reference (portloss stands in)", ""]
        lines += [f"- {f}" for f in portloss_refs] + [""]
    if skipped:
        lines += ["## Skipped backends", ""]
        lines += [f"- {name}: {reason}" for name, reason in skipped.items()] + [""]
    if missing:
        lines += ["## Public functions without a case (the suite fails)", ""]
        lines += [f"- {name}" for name in missing] + [""]
    if failed:
        lines += ["## Failures by cause", "", *_causes(failed, limit)]
    if xpassed:
        lines += ["## Unexpected passes (listed in the xfails file; remove the line)", ""]
        lines += _listing([_xfail_line(o) for o in xpassed], limit)
        lines.append("")
    if xfailed:
        lines += [f"## Expected failures ({len(xfailed)})", ""]
        lines += _listing([_xfail_line(o) for o in xfailed], limit)
        lines.append("")
    if unused_xfails:
        lines += ["## Xfail lines that matched no run", ""]
        lines += [f"- {x.pattern}" for x in unused_xfails] + [""]
    lines += [totals_line(outcomes, len(skipped)), ""]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- repro


def repro(case: Case, spec: str) -> str:
    """A standalone snippet that runs ``case`` on backend ``spec`` and compares it."""
    args, arrays = case.inputs()
    ref = reference(case)
    import numpy as np

    def lit(a: np.ndarray) -> str:
        body = np.array2string(a, separator=", ", threshold=sys.maxsize, floatmode="unique")
        return f"np.array({body}, dtype=np.{a.dtype.name}).reshape({a.shape})"

    lines = [
        f"# conformance repro: {case.id} on {spec}",
        "import numpy as np",
        "import portloss",
        "from conformance.backends import load_backend",
        "",
        f"backend = load_backend({spec!r})",
        "args = [",
        *[f"    {lit(a)}," for a in args],
        "]",
        "arrays = {",
        *[f"    {k!r}: {lit(a)}," for k, a in arrays.items()],
        "}",
        f"options = {dict(case.options)!r}",
        f"expected = {lit(ref.value)}  # float64 reference ({ref.source})",
        "dtype = 'float32' if 'float32' in backend.dtypes else backend.dtypes[0]",
        "cast = lambda a: a.astype(dtype) if a.dtype.kind == 'f' else a",
        "to = lambda a: backend.asarray(cast(a))",
        "kw = {k: to(v) for k, v in arrays.items()}",
        f"out = portloss.{case.function}(*map(to, args), **kw, **options)",
        "got = backend.to_numpy(out)",
        "print('got     ', got)",
        "print('expected', expected)",
        "print('max abs error', np.max(np.abs(got.astype(np.float64) - expected), initial=0.0))",
    ]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- main


def _default_specs() -> list[str]:
    return list(BACKENDS)


def _cases(args: argparse.Namespace) -> list[Case]:
    if args.fuzz:
        from .fuzz import fuzz_cases

        cases = fuzz_cases(seed=args.seed, examples=args.examples)
    else:
        cases = all_cases()
    return select(cases, args.k)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description="Check every portloss function on every installed array backend "
        "against an independent float64 reference.",
    )
    parser.add_argument(
        "--backend",
        action="append",
        metavar="SPEC",
        help=f"a registered backend ({', '.join(BACKENDS)}), xp:MODULE (a namespace alone) "
        "or module:factory; repeat for several (default: all registered)",
    )
    parser.add_argument(
        "--report",
        default="conformance-report",
        metavar="PATH",
        help="write PATH.json and PATH.md (default: conformance-report)",
    )
    parser.add_argument("--quick", action="store_true", help="float32, a third of the cases")
    parser.add_argument(
        "--full",
        action="store_true",
        help="gradient and jit checks on every case (default: a sample on backends that "
        "compile each, e.g. JAX)",
    )
    add = parser.add_argument
    add("-k", metavar="PATTERN", help="only cases whose id contains or matches PATTERN")
    add("--xfails", metavar="FILE", help="known failures: PATTERN [reason] per line")
    add("--repro", metavar="CASE", help="print a standalone snippet for CASE and exit")
    add("--fuzz", action="store_true", help="hypothesis-drawn cases instead of the table")
    add("--seed", type=int, default=0, help="the --fuzz seed (default 0)")
    add("--examples", type=int, default=50, help="--fuzz cases drawn (default 50)")
    add("--jobs", type=int, default=2, help="backend processes at a time (default 2)")
    add("--limit", type=int, default=20, help="runs listed per cause in the Markdown")
    parser.add_argument("--worker", metavar="SPEC", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", metavar="PATH", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    if args.worker:
        result = run_backend(args.worker, _cases(args), quick=args.quick, full=args.full)
        Path(args.worker_out).write_text(json.dumps(result))
        return 0

    if args.repro:
        if not args.backend or len(args.backend) != 1:
            print("--repro needs exactly one --backend", file=sys.stderr)
            return 2
        every = _cases(argparse.Namespace(**{**vars(args), "k": None}))
        found = [c for c in every if c.id == args.repro]
        if not found:
            print(f"--repro: no case {args.repro!r} (ids as in the report)", file=sys.stderr)
            return 2
        print(repro(found[0], args.backend[0]), end="")
        return 0

    start = time.perf_counter()
    specs = args.backend or _default_specs()
    cases = _cases(args)
    missing = [] if (args.k or args.fuzz) else missing_rows(cases)
    xfails = read_xfails(args.xfails) if args.xfails else []
    results = _run_isolated(specs, args)
    outcomes = [Outcome.from_dict(d) for r in results for d in r.get("outcomes", [])]
    _apply_xfails(outcomes, xfails)
    seconds = time.perf_counter() - start

    unused = [x for x in xfails if not x.used]
    report = _markdown(outcomes, results, missing, unused, seconds, limit=args.limit)
    print("\n".join(report.splitlines()[2:-2]))  # the totals line comes last, below
    stem = Path(args.report)
    stem = stem.with_suffix("") if stem.suffix in (".json", ".md") else stem
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".md").write_text(report)
    skipped = _skipped(results)
    stem.with_suffix(".json").write_text(
        json.dumps(
            {
                "portloss": portloss.__version__,
                "minimum_api_version": MINIMUM_API_VERSION,
                "python": platform.python_version(),
                "seconds": seconds,
                "backends": [r["backend"] for r in results if "backend" in r],
                "backend_details": {
                    r["backend"]: {
                        "spec": r["spec"],
                        "standard": r.get("standard"),
                        "versions": r.get("versions", {}),
                        "preflight": r.get("preflight", []),
                        "cpu_seconds": r.get("cpu_seconds"),
                    }
                    for r in results
                    if "backend" in r
                },
                "skipped": skipped,
                "missing_rows": list(missing),
                "portloss_references": sorted(
                    {f for r in results for f in r.get("portloss_references", [])}
                ),
                "tolerances": TOLERANCES,
                "xfails_unused": [x.pattern for x in unused],
                "outcomes": [o.as_dict() for o in outcomes],
            },
            indent=1,
        )
    )
    print(f"report: {stem.with_suffix('.md')} and {stem.with_suffix('.json')}")
    print(totals_line(outcomes, len(skipped)))
    crashed = any("crashed" in r for r in results)
    ok = not any(o.status in ("failed", "xpassed") for o in outcomes)
    return 0 if ok and not missing and not crashed else 1
