"""Evaluate cross entropy and Dice over more data than the workers can hold, with Dask.

A segmentation-style evaluation: logits of shape ``(B, H, W, C)`` (channels last,
portloss' default ``axis=-1``) and integer labels ``(B, H, W)``, generated lazily by
``dask.array.random`` with a seed, chunked along the batch axis with the class axis in
one chunk. The default size is 2048 x 256 x 256 x 8: 4 GiB of float32 logits and
1 GiB of int64 labels, evaluated on a local cluster of two single-threaded worker
processes limited to 1 GiB each. Every chunk is generated, reduced to partial sums and
dropped; nothing ever holds the whole data. Each loss is computed in its own pass over
the inputs, which keeps every worker's peak memory independent of the data size;
``--together`` computes both in one pass instead (each input chunk produced once, at
the price of a peak that grows with the data).

    python examples/dask_large_eval.py             # full size (a few minutes on 2 cores)
    python examples/dask_large_eval.py --small     # a few MB, same code path, checked
                                                   # against NumPy
    python examples/dask_large_eval.py --together  # one pass for both losses
    python examples/dask_large_eval.py --scheduler tcp://host:8786   # an existing cluster

The script prints the losses, the wall time, and each worker's peak resident memory
(sampled on the worker every 20 ms), and exits with status 1 if a worker went over its
memory limit or a worker was lost. ``portloss.dice_loss`` is used when portloss has it,
``portloss.nll_loss`` on the log-softmax otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import dask.array as da
import numpy as np

import portloss

GiB = 2**30
FULL = {"batch": 2048, "height": 256, "width": 256, "classes": 8, "chunk": 16}
SMALL = {"batch": 32, "height": 32, "width": 32, "classes": 5, "chunk": 4}


def make_inputs(
    batch: int, height: int, width: int, classes: int, chunk: int, seed: int = 0
) -> tuple[Any, Any]:
    """Lazily generated float32 logits ``(B, H, W, C)`` and int64 labels ``(B, H, W)``.

    Chunks hold ``chunk`` whole images with every class: the class axis in one chunk.
    """
    rng = da.random.default_rng(seed)
    logits = rng.standard_normal(
        (batch, height, width, classes), chunks=(chunk, height, width, classes), dtype=np.float32
    )
    labels = rng.integers(
        0, classes, (batch, height, width), chunks=(chunk, height, width), dtype=np.int64
    )
    return logits, labels


def build_losses(logits: Any, labels: Any) -> dict[str, Any]:
    """The lazy losses (0-d Dask arrays); building them computes nothing."""
    losses = {"cross_entropy": portloss.cross_entropy(logits, labels)}
    if hasattr(portloss, "dice_loss"):
        losses["dice_loss"] = portloss.dice_loss(
            logits, labels, from_logits=True, activation="softmax"
        )
    else:
        log_probs = logits - da.log(da.exp(logits).sum(axis=-1, keepdims=True))
        losses["nll_loss"] = portloss.nll_loss(log_probs, labels)
    return losses


def _start_peak_sampler(dask_worker: Any, interval: float = 0.02) -> int:
    """Start a thread on the worker that records its peak resident memory."""
    import threading

    import psutil

    process = psutil.Process()
    state = {"peak": process.memory_info().rss, "stop": False}

    def sample() -> None:
        while not state["stop"]:
            state["peak"] = max(state["peak"], process.memory_info().rss)
            time.sleep(interval)

    threading.Thread(target=sample, daemon=True, name="peak-rss").start()
    dask_worker._portloss_peak_rss = state
    return state["peak"]


def _stop_peak_sampler(dask_worker: Any) -> int:
    state = dask_worker._portloss_peak_rss
    state["stop"] = True
    return state["peak"]


def evaluate(
    client: Any, losses: dict[str, Any], *, together: bool = False, show_progress: bool = True
) -> dict[str, Any]:
    """Compute ``losses`` on ``client``'s cluster; the values and the memory measurements.

    By default one loss after the other: each pass streams over the inputs with a
    per-worker peak that does not grow with the data. ``together=True`` computes them
    in one graph, reading (here: generating) every input chunk once; the scheduler then
    keeps some chunks waiting for their second consumer, so the peak grows with the
    data (see docs/dask.md).
    """
    from distributed import progress

    info = client.scheduler_info()["workers"]
    workers_before = set(info)
    limits = {addr: w.get("memory_limit") for addr, w in info.items()}
    baseline = client.run(_start_peak_sampler)
    start = time.perf_counter()
    values: dict[str, float] = {}
    for names in [list(losses)] if together else [[name] for name in losses]:
        futures = client.compute([losses[name] for name in names])
        if show_progress:
            print(", ".join(names))
            progress(futures)
            print()
        values.update({name: float(v) for name, v in zip(names, client.gather(futures))})
    wall = time.perf_counter() - start
    workers_after = set(client.scheduler_info()["workers"])
    peaks = client.run(_stop_peak_sampler) if workers_after == workers_before else {}
    return {
        "values": values,
        "wall_s": wall,
        "baseline_rss": baseline,
        "peak_rss": peaks,
        "memory_limit": limits,
        "workers_lost": sorted(workers_before - workers_after),
    }


def numpy_reference(logits: Any, labels: Any, names: list[str]) -> dict[str, float]:
    """The same losses on the materialised inputs as NumPy arrays (small sizes only)."""
    x, t = np.asarray(logits.compute()), np.asarray(labels.compute())
    out = {"cross_entropy": float(portloss.cross_entropy(x, t))}
    if "dice_loss" in names:
        out["dice_loss"] = float(portloss.dice_loss(x, t, from_logits=True, activation="softmax"))
    if "nll_loss" in names:
        m = x.max(axis=-1, keepdims=True)
        log_probs = (x - m) - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))
        out["nll_loss"] = float(portloss.nll_loss(log_probs, t))
    return out


def report(result: dict[str, Any], nbytes: int) -> bool:
    """Print the measurements; whether every worker stayed under its memory limit."""
    for name, value in result["values"].items():
        print(f"{name:>15}: {value:.6f}")
    size = f"{nbytes / GiB:.2f} GiB" if nbytes >= GiB / 10 else f"{nbytes / 2**20:.1f} MiB"
    print(f"{'inputs':>15}: {size} generated lazily")
    print(f"{'wall time':>15}: {result['wall_s']:.1f} s")
    ok = not result["workers_lost"]
    for addr, peak in sorted(result["peak_rss"].items()):
        limit = result["memory_limit"].get(addr)
        base = result["baseline_rss"].get(addr, 0)
        share = f" = {peak / limit:.0%} of its {limit / GiB:.2f} GiB limit" if limit else ""
        print(f"{'worker peak':>15}: {peak / 2**20:.0f} MiB (idle {base / 2**20:.0f} MiB){share}")
        ok = ok and (not limit or peak <= limit)
    if result["workers_lost"]:
        print(f"workers lost during the run: {result['workers_lost']}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="a few MB, checked against NumPy")
    for key, value in FULL.items():
        parser.add_argument(f"--{key}", type=int, default=None, help=f"default {value}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GiB", help="per worker (default 1GiB)")
    parser.add_argument("--scheduler", default=None, help="address of an existing scheduler")
    parser.add_argument(
        "--together", action="store_true", help="all losses in one pass over the inputs"
    )
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    size = dict(SMALL if args.small else FULL)
    size.update({k: getattr(args, k) for k in FULL if getattr(args, k) is not None})
    logits, labels = make_inputs(**size, seed=args.seed)
    losses = build_losses(logits, labels)
    nbytes = logits.nbytes + labels.nbytes
    print(
        f"logits {logits.shape} {logits.dtype} in {logits.npartitions} chunks of "
        f"{logits.chunksize}, labels {labels.shape} {labels.dtype}"
    )

    if args.scheduler:
        cluster = None
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=args.memory_limit,
            host="127.0.0.1",
            dashboard_address=None,
            # the scheduler's /health and /metrics on a free port rather than 8787
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
        client = Client(cluster)
    try:
        result = evaluate(
            client, losses, together=args.together, show_progress=not args.no_progress
        )
        ok = report(result, nbytes)
        if args.small:
            expected = numpy_reference(logits, labels, list(losses))
            for name, value in result["values"].items():
                agrees = np.isclose(value, expected[name], rtol=1e-5, atol=1e-7)
                verdict = "ok" if agrees else "DIFFERS"
                print(f"{name:>15}: NumPy gives {expected[name]:.6f} ({verdict})")
                ok = ok and bool(agrees)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
