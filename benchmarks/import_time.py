"""How long ``import portloss`` takes, beside ``import array_api_compat`` (its one dependency).

``python -m benchmarks.import_time [--repeats R]`` starts a fresh interpreter R times
for each statement (alternating, so that both see the same machine load), takes the
median wall time of each, and prints them with their difference: what portloss itself
adds. Then it runs ``python -X importtime -c "import portloss"`` once and prints the
cumulative microseconds of ``portloss`` and lists any array library that was imported
(there should be none: each backend module is imported only when an array of its
library shows up).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

LIBRARIES = ("numpy", "torch", "jax", "cupy", "dask", "keras", "array_api_strict")


def _wall(statement: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return time.perf_counter() - t0


def measure(repeats: int) -> dict[str, float]:
    """Median seconds of a fresh interpreter importing each module (and of ``pass``)."""
    statements = {
        "python": "pass",
        "array_api_compat": "import array_api_compat",
        "portloss": "import portloss",
    }
    times: dict[str, list[float]] = {name: [] for name in statements}
    for i in range(repeats):
        order = list(statements.items())
        if i % 2:
            order.reverse()
        for name, statement in order:
            times[name].append(_wall(statement))
    return {name: statistics.median(t) for name, t in times.items()}


def importtime() -> tuple[int, list[str]]:
    """``portloss``'s cumulative import time in microseconds, and the libraries it imported."""
    check = f"import sys, portloss; print(sorted(set({LIBRARIES!r}) & set(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", check],
        check=True,
        capture_output=True,
        text=True,
    )
    cumulative = 0
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == "portloss":
            cumulative = int(parts[1])
    imported = eval(done.stdout.strip())  # a list literal printed by the child above
    return cumulative, imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_time", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    med = measure(args.repeats)
    print(f"median wall time of a fresh interpreter, {args.repeats} runs each:")
    for name, seconds in med.items():
        print(f"  {name:<18} {seconds * 1e3:8.1f} ms")
    own = med["portloss"] - med["array_api_compat"]
    print(f"  portloss adds     {own * 1e3:8.1f} ms over array_api_compat")
    cumulative, imported = importtime()
    print(f"python -X importtime: portloss cumulative {cumulative / 1e3:.1f} ms")
    print(f"array libraries imported by `import portloss`: {imported or 'none'}")
    return 1 if imported else 0


if __name__ == "__main__":
    raise SystemExit(main())
