"""Linear cross entropy: time and peak memory against the dense losses and torch's chunks.

``python -m benchmarks.linear_cross_entropy [--quick] [--shapes NxHxV,...] [--repeats R]
[--interleave]`` times, for each shape (float32, mean over all tokens), forward and
forward + backward (gradients of the hidden states and of the head's weight) of

- ``torch-dense``: ``F.cross_entropy(h @ W.T, y)``;
- ``torch-chunked``: ``F.linear_cross_entropy(h, W, y, options=LinearCrossEntropyOptions())``
  (torch's own chunked path);
- ``portloss-torch``: ``portloss.linear_cross_entropy(h, W, y)`` (default chunk);
- ``optax-dense``: ``optax.softmax_cross_entropy_with_integer_labels(h @ W.T, y).mean()``
  under ``jax.jit`` (``jax.value_and_grad`` for the backward);
- ``portloss-jax``: ``portloss.linear_cross_entropy`` under ``jax.jit``.

Every measurement runs in a fresh process, which reports the best of ``R`` timed calls
after one warm-up call and its peak memory above what it held once the inputs existed
(JAX compiles ahead, before that baseline: the compiler's memory is not the call's):
the process's own high-water mark (``VmHWM``, reset once the inputs exist), since a
child's ``ru_maxrss`` inherits its parent's peak and ``tracemalloc`` does not see
torch's or XLA's allocations. The peak includes the gradients (for the default shape,
``(N + V) * H * 4`` bytes = 141 MiB) and the warm-up call; the table subtracts the
gradients and gives the rest as a share of the dense logits (``N * V * 4`` bytes), the
issue's memory measure. For JAX the last column is XLA's own count of the compiled
program's temporary buffers (``memory_analysis()``, outputs excluded), which the
allocator's and the thread pool's share of the RSS does not blur. Results are
printed as a Markdown table and written to ``--out`` (``.json`` and ``.md``).

``--interleave`` measures time only, for a shared machine whose load changes from one
process to the next: one process per library runs its methods in turn, ``R`` rounds,
and reports each method's median time and the median of its per-round ratios to the
dense method (each round's methods see about the same load).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

METHODS = ("torch-dense", "torch-chunked", "portloss-torch", "optax-dense", "portloss-jax")
MODES = ("forward", "forward+backward")
FULL_SHAPES = ((4096, 1024, 32000),)
QUICK_SHAPES = ((1024, 256, 8000),)
ROOT = Path(__file__).resolve().parent.parent


def _reset_peak() -> None:
    """Reset the process's high-water mark to its current size (Linux 4.0+: writing 5 to
    ``clear_refs``), so the peak counts only what comes after; a no-op elsewhere."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _status(field: str) -> int:
    """A ``/proc/self/status`` memory field in bytes (0 where there is none)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _torch_step(method: str, mode: str, h, W, y):
    import torch
    import torch.nn.functional as F

    import portloss

    def loss():
        if method == "torch-dense":
            return F.cross_entropy(h @ W.T, y)
        if method == "torch-chunked":
            return F.linear_cross_entropy(h, W, y, options=torch.nn.LinearCrossEntropyOptions())
        return portloss.linear_cross_entropy(h, W, y)

    def step():
        if mode == "forward":
            with torch.no_grad():
                return loss()
        h.grad = W.grad = None
        out = loss()
        out.backward()
        return out

    return step


def _jax_step(method: str, mode: str, h, W, y):
    import jax
    import jax.numpy as jnp

    import portloss

    def loss(h, W):
        if method == "optax-dense":
            import optax

            return jnp.mean(optax.softmax_cross_entropy_with_integer_labels(h @ W.T, y))
        return portloss.linear_cross_entropy(h, W, y)

    fn = jax.jit(loss if mode == "forward" else jax.value_and_grad(loss, argnums=(0, 1)))
    # Compiled here, before the peak is reset: the compiler's own memory (tens of MiB
    # of RSS on CPU) is not the call's.
    compiled = fn.lower(h, W).compile()

    def step():
        return jax.block_until_ready(compiled(h, W))

    # XLA's own account of the program's temporary buffers (outputs excluded): the
    # call's memory without the allocator's and the thread pool's share of the RSS.
    analysis = compiled.memory_analysis()
    step.xla_temp_mb = getattr(analysis, "temp_size_in_bytes", float("nan")) / 2**20
    return step


def _make_step(method: str, mode: str, h, W, y):
    """The timed call on NumPy inputs converted to the method's library."""
    if method.startswith(("torch", "portloss-torch")):
        import torch

        h = torch.from_numpy(h).requires_grad_(mode != "forward")
        W = torch.from_numpy(W).requires_grad_(mode != "forward")
        return _torch_step(method, mode, h, W, torch.from_numpy(y))
    import jax.numpy as jnp

    h, W, y = jnp.asarray(h), jnp.asarray(W), jnp.asarray(y, dtype=jnp.int32)
    return _jax_step(method, mode, h, W, y)


def _data(rows: int, hidden: int, classes: int):
    import numpy as np

    rng = np.random.default_rng(0)
    h = rng.standard_normal((rows, hidden), dtype=np.float32)
    W = (rng.standard_normal((classes, hidden), dtype=np.float32) / np.sqrt(hidden)).astype(
        np.float32
    )
    return h, W, rng.integers(0, classes, rows)


def _dense_of(method: str) -> str:
    return "torch-dense" if method.startswith(("torch", "portloss-torch")) else "optax-dense"


def interleaved_child(
    methods: list[str], mode: str, rows: int, hidden: int, classes: int, rounds: int
) -> list[dict]:
    """Times of one library's methods in this process, taking turns for ``rounds`` rounds.

    On a shared machine the load changes between (and within) processes; side by side,
    each round's methods see about the same load, so the median over rounds of each
    round's ratio to the dense method is far steadier than best-of times measured in
    separate processes. No memory is measured here (the methods share the process).
    """
    import statistics

    h, W, y = _data(rows, hidden, classes)
    methods = [_dense_of(methods[0]), *(m for m in methods if m != _dense_of(methods[0]))]
    steps = {m: _make_step(m, mode, h, W, y) for m in methods}
    for step in steps.values():  # warm-up (and JAX's compilation, done ahead)
        step()
    times: dict[str, list[float]] = {m: [] for m in methods}
    cpu: dict[str, list[float]] = {m: [] for m in methods}
    for _ in range(rounds):
        for method, step in steps.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            step()
            times[method].append(time.perf_counter() - start)
            cpu[method].append(time.process_time() - start_cpu)
    dense, dense_cpu = times[methods[0]], cpu[methods[0]]
    return [
        {
            "method": m,
            "mode": mode,
            "shape": [rows, hidden, classes],
            "seconds": statistics.median(t),
            "ratio": statistics.median(a / b for a, b in zip(t, dense)),
            "ratios": [round(a / b, 3) for a, b in zip(t, dense)],
            # CPU time of all the process's threads: the other sessions' load stretches
            # it far less than the wall clock (a descheduled thread accrues none).
            "cpu_ratio": statistics.median(a / b for a, b in zip(cpu[m], dense_cpu)),
        }
        for m, t in times.items()
    ]


def child(method: str, mode: str, rows: int, hidden: int, classes: int, repeats: int) -> dict:
    """One measurement in this process: best time and peak memory above the inputs."""
    h, W, y = _data(rows, hidden, classes)
    step = _make_step(method, mode, h, W, y)
    # A call on a tiny problem first: lazy imports, library code pages and thread pools
    # are then resident before the baseline, so the peak counts the call's own arrays.
    _make_step(method, mode, h[:64], W[:128], y[:64] % 128)()
    base = _status("VmRSS")
    _reset_peak()  # the inputs' construction (temporaries) must not count
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    result = {
        "method": method,
        "mode": mode,
        "shape": [rows, hidden, classes],
        "seconds": min(times[1:]),
        "peak_extra_mb": (_status("VmHWM") - base) / 2**20,
    }
    if hasattr(step, "xla_temp_mb"):
        result["xla_temp_mb"] = step.xla_temp_mb
    return result


def _run(method: str, mode: str, shape: tuple[int, int, int], repeats: int) -> list[dict]:
    """``method`` (or, with ``--interleave``, comma-separated methods) in a fresh process."""
    flag = "--interleave-child" if "," in method else "--child"
    command = [sys.executable, "-m", "benchmarks.linear_cross_entropy", flag, method, mode]
    command += [str(v) for v in (*shape, repeats)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        return [{"method": method, "mode": mode, "shape": list(shape), "error": " ".join(tail)}]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out if isinstance(out, list) else [out]


def table(results: list[dict]) -> str:
    lines = [
        "| shape N x H x V | pass | method | time (s) | x dense | peak extra (MiB) "
        "| beyond the gradients (MiB, % of the logits) | XLA temporaries (MiB, %) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    dense = {}
    for r in results:
        if r["method"] in ("torch-dense", "optax-dense") and "seconds" in r:
            dense[(tuple(r["shape"]), r["mode"], r["method"].split("-")[0])] = r["seconds"]
    for r in results:
        shape = "x".join(str(v) for v in r["shape"])
        if "error" in r:
            lines.append(f"| {shape} | {r['mode']} | {r['method']} | failed: {r['error']} | | | |")
            continue
        family = "optax" if r["method"].endswith("jax") or r["method"] == "optax-dense" else "torch"
        ref = dense.get((tuple(r["shape"]), r["mode"], family))
        ratio = f"{r['seconds'] / ref:.2f}" if ref else ""
        if "ratio" in r:  # interleaved: the median of the rounds' ratios
            ratio = f"{r['ratio']:.2f} (rounds: {', '.join(f'{v:.2f}' for v in r['ratios'])})"
            if "cpu_ratio" in r:
                ratio += f"; CPU time {r['cpu_ratio']:.2f}"
        if "peak_extra_mb" not in r:
            lines.append(
                f"| {shape} | {r['mode']} | {r['method']} | {r['seconds']:.3f} | {ratio} | | | |"
            )
            continue
        rows, hidden, classes = r["shape"]
        grads = (rows + classes) * hidden * 4 / 2**20 if r["mode"] != "forward" else 0.0
        beyond = r["peak_extra_mb"] - grads
        logits = rows * classes * 4 / 2**20
        temp = r.get("xla_temp_mb")
        temp_text = "" if temp is None else f"{temp:.0f} ({100 * temp / logits:.1f}%)"
        lines.append(
            f"| {shape} | {r['mode']} | {r['method']} | {r['seconds']:.3f} | {ratio} "
            f"| {r['peak_extra_mb']:.0f} | {beyond:.0f} ({100 * beyond / logits:.1f}%) "
            f"| {temp_text} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linear_cross_entropy")
    parser.add_argument("--quick", action="store_true", help=f"shape {QUICK_SHAPES[0]} only")
    parser.add_argument("--shapes", default="", help="NxHxV,... (overrides --quick)")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--out", default="", help="output path without suffix")
    parser.add_argument(
        "--interleave",
        action="store_true",
        help="time each library's methods side by side in one process, --repeats rounds "
        "(medians; no memory)",
    )
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    parser.add_argument("--interleave-child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        method, mode, *numbers = args.child
        print(json.dumps(child(method, mode, *(int(v) for v in numbers))))
        return 0
    if args.interleave_child:
        methods, mode, *numbers = args.interleave_child
        out = interleaved_child(methods.split(","), mode, *(int(v) for v in numbers))
        print(json.dumps(out))
        return 0
    if args.shapes:
        shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    else:
        shapes = list(QUICK_SHAPES if args.quick else FULL_SHAPES)
    methods = args.methods.split(",")
    if args.interleave:  # one process per library, its dense method first
        groups = [[m for m in methods if _dense_of(m) == d] for d in ("torch-dense", "optax-dense")]
        methods = [",".join(g) for g in groups if g]
    results = []
    for shape in shapes:
        for mode in args.modes.split(","):
            for method in methods:
                results.extend(_run(method, mode, shape, args.repeats))
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    text = table(results)
    print(text)
    if args.out:
        Path(args.out + ".json").write_text(json.dumps(results, indent=1) + "\n")
        Path(args.out + ".md").write_text(f"Machine: {os.cpu_count()} CPUs (shared).\n\n{text}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
