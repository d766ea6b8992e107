"""Time and measure portloss against each loss's native peer, interleaved in one process.

Every row runs the portloss call and its peer (``torch.nn.functional`` on CPU, and on
CUDA when available; ``optax``/``jax.nn`` under ``jax.jit``; a plain NumPy formula) on
the same inputs. Method:

- warm-up calls are excluded (they include jit compilation and allocator growth);
- each repeat times the two calls back to back, alternating which goes first (an even
  number of repeats), so both see the same machine load; a sample of a small input
  repeats the call until it lasts about 20 ms; before a sample of a large input the
  free heap is returned to the system, so each call allocates from the same state;
- the reported ratio is the median over repeats of the per-repeat ratio
  ``portloss / peer`` (robust on a shared machine), the times are medians;
- peak extra memory of one call is measured separately from the timing: ``tracemalloc``
  for NumPy (exact), otherwise the growth of the process's resident set: on Linux the
  kernel's peak (``VmHWM``, reset before the call, free heap released first), else
  sampled every 0.2 ms (approximate).

``python -m benchmarks`` writes ``docs/performance-results.json`` and
``docs/performance-results.md``; ``--quick`` uses smaller shapes and fewer repeats.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import json
import os
import platform
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

import portloss

ROOT = Path(__file__).resolve().parents[1]

# (rows, classes) of the class-axis losses and the element count of the others.
# "vocab" is the large-vocabulary shape, forward only (cross entropy with index targets).
FULL = {
    "small": (32, 10),
    "large": (4096, 32000),
    "elementwise_large": (4096, 4096),
    "vocab": (8192, 128256),
}
QUICK = {
    "small": (32, 10),
    "large": (512, 8000),
    "elementwise_large": (1024, 1024),
    "vocab": (1024, 32000),
}


@dataclass
class Row:
    loss: str
    variant: str
    backend: str
    device: str
    peer: str
    mode: str
    size: str
    shape: list[int]
    portloss_ms: float
    peer_ms: float
    ratio: float
    target: float | None
    met: bool | None
    portloss_mem_mb: float | None
    peer_mem_mb: float | None
    mem_method: str
    input_mb: float
    repeats: int
    calls_per_sample: int


# --------------------------------------------------------------------------- timing


def _calibrate(fn: Callable[[], Any], budget_s: float = 0.02) -> int:
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    return max(1, min(1000, int(budget_s / max(dt, 1e-7))))


def time_pair(
    a: Callable[[], Any], b: Callable[[], Any], *, repeats: int, warmup: int
) -> tuple[float, float, float, int]:
    """Median seconds per call of ``a`` and ``b``, median ratio, calls per sample."""
    for _ in range(warmup):
        a()
        b()
    number = min(_calibrate(a), _calibrate(b))
    ta, tb, ratios = [], [], []
    for i in range(repeats):
        pair = {}
        for name, fn in (("a", a), ("b", b)) if i % 2 == 0 else (("b", b), ("a", a)):
            if number == 1:
                # Large calls allocate input-sized buffers: start each from the same
                # allocator state, so neither side runs on pages the other left resident.
                gc.collect()
                _release_free_heap()
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            pair[name] = (time.perf_counter() - t0) / number
        ta.append(pair["a"])
        tb.append(pair["b"])
        ratios.append(pair["a"] / pair["b"])
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios), number


# --------------------------------------------------------------------------- memory


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024  # kB
    raise KeyError(key)


def _release_free_heap() -> None:
    # Freed but still resident heap memory would let a call grow without showing it.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def peak_rss_extra(fn: Callable[[], Any]) -> float | None:
    """Peak resident-set growth (MB) while ``fn`` runs.

    Linux: the kernel's high-water mark ``VmHWM``, reset just before the call through
    ``/proc/self/clear_refs``, minus the resident size then; exact, with free heap
    memory released first. Elsewhere a thread samples the resident size.
    """
    if not os.path.exists("/proc/self/statm"):
        return None
    gc.collect()
    _release_free_heap()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current resident size
        base = _status_mb("VmRSS:")
    except (OSError, KeyError):
        return _sampled_rss_extra(fn)
    out = fn()
    peak = _status_mb("VmHWM:")
    del out
    return peak - base


def _sampled_rss_extra(fn: Callable[[], Any]) -> float:
    gc.collect()
    base = _rss()
    peak = [base]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.0002)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        out = fn()
        peak[0] = max(peak[0], _rss())
        del out
    finally:
        done.set()
        thread.join()
    return (peak[0] - base) / 2**20


def peak_traced_extra(fn: Callable[[], Any]) -> float:
    """Peak NumPy/Python allocation (MB) during ``fn``, by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
        del out
    finally:
        tracemalloc.stop()
    return (peak - base) / 2**20


# --------------------------------------------------------------------------- inputs


def _inputs(loss: str, shape: tuple[int, ...], seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    if loss == "dice_loss":
        n, c = shape
        # (N, P, C) with a few classes: the same element count as (n, c)
        classes = 4
        pixels = max(1, (n * c) // (8 * classes)) if n * c > 320 else 8
        batch = max(1, (n * c) // (pixels * classes))
        logits = rng.normal(size=(batch, pixels, classes)).astype(np.float32)
        probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
        labels = rng.integers(0, classes, size=(batch, pixels))
        onehot = np.eye(classes, dtype=np.float32)[labels]
        return {"input": probs.astype(np.float32), "target": onehot}
    n, c = shape
    x = (2.0 * rng.standard_normal(size=(n, c), dtype=np.float32)).astype(np.float32)
    if loss.startswith("cross_entropy"):
        y = rng.integers(0, c, size=(n,))
        if loss == "cross_entropy_weighted":
            y[::7] = -100  # ignored entries
        out = {"input": x, "target": y}
        if loss == "cross_entropy_weighted":
            out["weight"] = rng.uniform(0.5, 2.0, size=(c,)).astype(np.float32)
        return out
    if loss == "mse_loss":
        return {"input": x, "target": rng.standard_normal(size=(n, c), dtype=np.float32)}
    return {"input": x, "target": (rng.uniform(size=(n, c)) < 0.3).astype(np.float32)}


# --------------------------------------------------------------------------- losses


def _portloss_call(loss: str) -> Callable[..., Any]:
    if loss == "cross_entropy":
        return lambda input, target: portloss.cross_entropy(input, target)
    if loss == "cross_entropy_weighted":
        return lambda input, target, weight: portloss.cross_entropy(
            input, target, weight=weight, label_smoothing=0.1, ignore_index=-100
        )
    if loss == "binary_cross_entropy_with_logits":
        return lambda input, target: portloss.binary_cross_entropy_with_logits(input, target)
    if loss == "sigmoid_focal_loss":
        return lambda input, target: portloss.sigmoid_focal_loss(
            input, target, alpha=0.25, gamma=2.0
        )
    if loss == "dice_loss":
        return lambda input, target: portloss.dice_loss(input, target, smooth=1e-5)
    if loss == "mse_loss":
        return lambda input, target: portloss.mse_loss(input, target)
    raise KeyError(loss)


def _generic_peer(np_like: Any, log_softmax: Callable, log_sigmoid: Callable, loss: str):
    """A plain formula of ``loss`` in the NumPy-like namespace ``np_like``."""
    xp = np_like

    def ce_weighted(input, target, weight):
        # torch's semantics: per-class weights, uniform smoothing, ignore_index
        logp = log_softmax(input)
        valid = target != -100
        safe = xp.where(valid, target, 0)
        picked = xp.take_along_axis(logp, safe[:, None], axis=1)[:, 0]
        wy = weight[safe] * valid
        a, c = 0.1, input.shape[1]
        nll = -(wy * picked).sum() / wy.sum()
        smooth = -((logp * weight).sum(1) * valid).sum() / wy.sum()
        return (1 - a) * nll + a / c * smooth

    def focal(input, target):
        p = 1 / (1 + xp.exp(-input))
        ce = -(target * log_sigmoid(input) + (1 - target) * log_sigmoid(-input))
        p_t = p * target + (1 - p) * (1 - target)
        alpha_t = 0.25 * target + 0.75 * (1 - target)
        return (alpha_t * ce * (1 - p_t) ** 2).mean()

    def dice(input, target):
        inter = (input * target).sum(1)
        denom = input.sum(1) + target.sum(1)
        return (1 - (2 * inter + 1e-5) / (denom + 1e-5)).mean()

    return {
        "cross_entropy": lambda input, target: (
            -xp.take_along_axis(log_softmax(input), target[:, None], axis=1).mean()
        ),
        "cross_entropy_weighted": ce_weighted,
        "binary_cross_entropy_with_logits": lambda input, target: (
            -(target * log_sigmoid(input) + (1 - target) * log_sigmoid(-input)).mean()
        ),
        "sigmoid_focal_loss": focal,
        "dice_loss": dice,
        "mse_loss": lambda input, target: ((input - target) ** 2).mean(),
    }[loss]


def _numpy_peer(loss: str) -> tuple[str, Callable[..., Any]]:
    def log_softmax(x):
        m = x.max(axis=1, keepdims=True)
        shifted = x - m
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def log_sigmoid(x):
        return -(np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x))))

    return "plain NumPy formula", _generic_peer(np, log_softmax, log_sigmoid, loss)


def _torch_peer(loss: str) -> tuple[str, Callable[..., Any]]:
    import torch
    import torch.nn.functional as F

    if loss == "cross_entropy":
        return "F.cross_entropy", lambda input, target: F.cross_entropy(input, target)
    if loss == "cross_entropy_weighted":
        return "F.cross_entropy", lambda input, target, weight: F.cross_entropy(
            input, target, weight=weight, label_smoothing=0.1, ignore_index=-100
        )
    if loss == "binary_cross_entropy_with_logits":
        return "F.binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits
    if loss == "mse_loss":
        return "F.mse_loss", F.mse_loss
    if loss == "sigmoid_focal_loss":

        def focal(input, target):  # torchvision.ops.sigmoid_focal_loss
            p = torch.sigmoid(input)
            ce = F.binary_cross_entropy_with_logits(input, target, reduction="none")
            p_t = p * target + (1 - p) * (1 - target)
            alpha_t = 0.25 * target + 0.75 * (1 - target)
            return (alpha_t * ce * (1 - p_t) ** 2).mean()

        return "torchvision formula", focal
    if loss == "dice_loss":

        def dice(input, target):
            inter = (input * target).sum(1)
            denom = input.sum(1) + target.sum(1)
            return (1 - (2 * inter + 1e-5) / (denom + 1e-5)).mean()

        return "plain torch formula", dice
    raise KeyError(loss)


def _jax_peer(loss: str) -> tuple[str, Callable[..., Any]]:
    import jax
    import jax.numpy as jnp

    try:
        import optax
    except ImportError:  # pragma: no cover
        optax = None
    if optax is not None:
        if loss == "cross_entropy":
            return (
                "optax (integer labels)",
                lambda input, target: optax.softmax_cross_entropy_with_integer_labels(
                    input, target
                ).mean(),
            )
        if loss == "binary_cross_entropy_with_logits":
            return "optax", lambda input, target: optax.sigmoid_binary_cross_entropy(
                input, target
            ).mean()
        if loss == "sigmoid_focal_loss":
            return "optax", lambda input, target: optax.sigmoid_focal_loss(
                input, target, alpha=0.25, gamma=2.0
            ).mean()
        if loss == "mse_loss":
            return "optax", lambda input, target: optax.squared_error(input, target).mean()
    peer = _generic_peer(jnp, lambda x: jax.nn.log_softmax(x, axis=1), jax.nn.log_sigmoid, loss)
    return "jax.nn formula", peer


# --------------------------------------------------------------------------- backends


def _target(loss: str, backend: str, mode: str, size: str) -> float | None:
    if size == "small":
        return 3.0 if backend.startswith("torch") else None
    if loss == "cross_entropy" and backend.startswith("torch"):
        return 1.05 if mode == "forward" else 1.10
    if loss == "cross_entropy" and backend == "jax" and mode != "forward":
        return 1.05
    return 1.25


def _bench_numpy(loss, arrays, size, repeats, warmup):
    peer_name, peer = _numpy_peer(loss)
    mine = _portloss_call(loss)
    a = lambda: mine(**arrays)  # noqa: E731
    b = lambda: peer(**arrays)  # noqa: E731
    np.testing.assert_allclose(a(), b(), rtol=2e-3, atol=1e-5)
    ta, tb, ratio, number = time_pair(a, b, repeats=repeats, warmup=warmup)
    mem = (peak_traced_extra(a), peak_traced_extra(b)) if size != "small" else (None, None)
    yield "numpy", "cpu", peer_name, "forward", ta, tb, ratio, number, mem, "tracemalloc"


def _bench_torch(loss, arrays, size, repeats, warmup, device):
    import torch

    peer_name, peer = _torch_peer(loss)
    mine = _portloss_call(loss)
    tensors = {k: torch.from_numpy(v).to(device) for k, v in arrays.items()}

    def sync():
        if device != "cpu":
            torch.cuda.synchronize()

    def fwd(fn):
        def call():
            with torch.no_grad():
                out = fn(**tensors)
            sync()
            return out

        return call

    def fwd_bwd(fn):
        x = tensors["input"].clone().requires_grad_(True)
        rest = {k: v for k, v in tensors.items() if k != "input"}

        def call():
            fn(x, **rest).backward()
            x.grad = None
            sync()

        return call

    ref = fwd(peer)()
    torch.testing.assert_close(fwd(mine)(), ref, rtol=2e-3, atol=1e-5)
    modes = (
        (("forward", fwd),)
        if size == "vocab"
        else (("forward", fwd), ("forward+backward", fwd_bwd))
    )
    for mode, wrap in modes:
        a, b = wrap(mine), wrap(peer)
        ta, tb, ratio, number = time_pair(a, b, repeats=repeats, warmup=warmup)
        if size != "small" and device == "cpu":
            mem = (peak_rss_extra(a), peak_rss_extra(b))
        else:
            mem = (None, None)
        yield "torch", device, peer_name, mode, ta, tb, ratio, number, mem, "rss"


def _bench_jax(loss, arrays, size, repeats, warmup):
    import jax
    import jax.numpy as jnp

    peer_name, peer = _jax_peer(loss)
    mine = _portloss_call(loss)
    dev = {k: jnp.asarray(v) for k, v in arrays.items()}
    np.testing.assert_allclose(jax.jit(mine)(**dev), jax.jit(peer)(**dev), rtol=2e-3, atol=1e-5)
    for mode in ("forward",) if size == "vocab" else ("forward", "forward+grad"):
        if mode == "forward":
            fa, fb = jax.jit(mine), jax.jit(peer)
        else:
            fa = jax.jit(jax.value_and_grad(lambda x, kw: mine(x, **kw)))
            fb = jax.jit(jax.value_and_grad(lambda x, kw: peer(x, **kw)))
        if mode == "forward":
            a = lambda f=fa: jax.block_until_ready(f(**dev))  # noqa: E731
            b = lambda f=fb: jax.block_until_ready(f(**dev))  # noqa: E731
        else:
            x = dev["input"]
            rest = {k: v for k, v in dev.items() if k != "input"}
            a = lambda f=fa, x=x, rest=rest: jax.block_until_ready(f(x, rest))  # noqa: E731
            b = lambda f=fb, x=x, rest=rest: jax.block_until_ready(f(x, rest))  # noqa: E731
        ta, tb, ratio, number = time_pair(a, b, repeats=repeats, warmup=warmup)
        mem = (peak_rss_extra(a), peak_rss_extra(b)) if size != "small" else (None, None)
        yield "jax", "cpu", peer_name, mode, ta, tb, ratio, number, mem, "rss"


LOSSES = (
    "cross_entropy",
    "cross_entropy_weighted",
    "binary_cross_entropy_with_logits",
    "sigmoid_focal_loss",
    "dice_loss",
    "mse_loss",
)
VARIANTS = {
    "cross_entropy": "index targets",
    "cross_entropy_weighted": "index targets, weight, label_smoothing=0.1, ignore_index",
    "binary_cross_entropy_with_logits": "",
    "sigmoid_focal_loss": "alpha=0.25, gamma=2",
    "dice_loss": "probabilities (N, P, C), one-hot mask",
    "mse_loss": "",
}


def _available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def run(
    *, quick: bool, backends: list[str], losses: list[str], log: Callable[[str], None]
) -> list[Row]:
    shapes = QUICK if quick else FULL
    rows: list[Row] = []
    for loss in losses:
        sizes = ("small", "large", "vocab") if loss == "cross_entropy" else ("small", "large")
        for size in sizes:
            if size in ("small", "vocab"):
                shape = shapes[size]
            elif loss.startswith("cross_entropy"):
                shape = shapes["large"]
            else:
                shape = shapes["elementwise_large"]
            # Even counts: each side goes first equally often.
            repeats = {"small": 16, "large": 4, "vocab": 2}[size]
            warmup = 3 if size == "small" else 1
            arrays = _inputs(loss, shape)
            input_mb = arrays["input"].nbytes / 2**20
            # Generators: each backend's arrays live only while its rows are measured.
            runners = []
            if "numpy" in backends:
                runners.append(_bench_numpy(loss, arrays, size, repeats, warmup))
            if "torch" in backends and _available("torch"):
                runners.append(_bench_torch(loss, arrays, size, repeats, warmup, "cpu"))
                import torch

                if torch.cuda.is_available():
                    runners.append(_bench_torch(loss, arrays, size, repeats, warmup, "cuda"))
            if "jax" in backends and _available("jax"):
                runners.append(_bench_jax(loss, arrays, size, repeats, warmup))
            for runner in runners:
                for backend, device, peer, mode, ta, tb, ratio, number, mem, how in runner:
                    backend_name = backend if device == "cpu" else f"{backend}-{device}"
                    target = _target(loss, backend_name, mode, size)
                    row = Row(
                        loss=loss,
                        variant=VARIANTS[loss],
                        backend=backend_name,
                        device=device,
                        peer=peer,
                        mode=mode,
                        size=size,
                        shape=list(arrays["input"].shape),
                        portloss_ms=ta * 1e3,
                        peer_ms=tb * 1e3,
                        ratio=ratio,
                        target=target,
                        met=None if target is None else bool(ratio <= target),
                        portloss_mem_mb=mem[0],
                        peer_mem_mb=mem[1],
                        mem_method=how,
                        input_mb=input_mb,
                        repeats=repeats,
                        calls_per_sample=number,
                    )
                    rows.append(row)
                    log(_line(row))
            del arrays
            gc.collect()
    return rows


def _line(r: Row) -> str:
    mem = (
        "" if r.portloss_mem_mb is None else f" mem {r.portloss_mem_mb:.0f}/{r.peer_mem_mb:.0f} MB"
    )
    return (
        f"{r.loss:34s} {r.backend:6s} {r.mode:17s} {'x'.join(map(str, r.shape)):>14s} "
        f"{r.portloss_ms:10.3f} ms {r.peer_ms:10.3f} ms  ratio {r.ratio:5.2f}{mem}"
    )


def _fmt_mem(v: float | None) -> str:
    return "" if v is None else f"{v:.0f}"


def markdown(rows: list[Row], meta: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "<!-- Written by `python -m benchmarks`; do not edit by hand. -->",
        "",
        f"Run of {meta['date']} on {meta['machine']} ({meta['cpus']} CPUs), "
        f"{'quick' if meta['quick'] else 'full'} run, {meta['threads']} thread(s), "
        f"native fast paths {'on' if meta['native_fast_paths'] else 'off'}; "
        + ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
        + ". Ratio = median over repeats of portloss time / peer time (lower is better); "
        "memory = peak extra MB of one call (portloss / peer).",
        "",
        "| loss | backend | peer | mode | shape | portloss ms | peer ms | ratio | target "
        "| met | memory MB (portloss / peer) | input MB |",
        "|---|---|---|---|---|--:|--:|--:|--:|---|--:|--:|",
    ]
    for r in rows:
        name = r.loss if not r.variant else f"{r.loss} ({r.variant})"
        target = "" if r.target is None else f"≤ {r.target:.2f}"
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        mem = (
            ""
            if r.portloss_mem_mb is None
            else f"{_fmt_mem(r.portloss_mem_mb)} / {_fmt_mem(r.peer_mem_mb)} ({r.mem_method})"
        )
        lines.append(
            f"| {name} | {r.backend} | {r.peer} | {r.mode} | {'x'.join(map(str, r.shape))} "
            f"| {r.portloss_ms:.3f} | {r.peer_ms:.3f} | {r.ratio:.2f} | {target} | {met} "
            f"| {mem} | {r.input_mb:.1f} |"
        )
    return "\n".join(lines) + "\n"


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "numpy": np.__version__}
    for name in ("torch", "jax", "optax"):
        with contextlib.suppress(ImportError):
            out[name] = __import__(name).__version__
    return out


def _set_threads(threads: int) -> None:
    if "jax" not in sys.modules:
        flags = os.environ.get("XLA_FLAGS", "")
        os.environ["XLA_FLAGS"] = (
            f"{flags} --xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'} "
            f"intra_op_parallelism_threads={threads}"
        ).strip()
    if _available("torch"):
        import torch

        torch.set_num_threads(threads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="small shapes, few repeats")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="intra-op threads of torch and XLA (default 1: steadier on a shared machine)",
    )
    parser.add_argument(
        "--backends", default="numpy,torch,jax", help="comma-separated (default: all)"
    )
    parser.add_argument(
        "--losses", default=",".join(LOSSES), help="comma-separated subset of " + ", ".join(LOSSES)
    )
    parser.add_argument(
        "--out",
        default=str(ROOT / "docs" / "performance-results"),
        help="output path without suffix (writes .json and .md); '' writes nothing",
    )
    parser.add_argument(
        "--no-native",
        action="store_true",
        help="turn the native fast paths of portloss._backends off (the pure Array API "
        "path), to measure what each fast path gains",
    )
    args = parser.parse_args(argv)
    losses = [s for s in args.losses.split(",") if s]
    unknown = sorted(set(losses) - set(LOSSES))
    if unknown:
        parser.error(f"unknown losses {unknown}; choose from {list(LOSSES)}")
    _set_threads(args.threads)
    t0 = time.perf_counter()
    from portloss._backends import use_native

    with use_native(not args.no_native):
        rows = run(
            quick=args.quick,
            backends=args.backends.split(","),
            losses=losses,
            log=lambda s: print(s, flush=True),
        )
    meta = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "quick": args.quick,
        "threads": args.threads,
        "native_fast_paths": not args.no_native,
        "versions": _versions(),
        "wall_s": round(time.perf_counter() - t0, 1),
        "command": "python -m benchmarks" + (" --quick" if args.quick else ""),
    }
    if args.out:
        out = Path(args.out)
        out.with_suffix(".json").write_text(
            json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=1) + "\n"
        )
        out.with_suffix(".md").write_text(markdown(rows, meta))
        print(f"wrote {out.with_suffix('.json')} and {out.with_suffix('.md')}", file=sys.stderr)
    print(f"{meta['wall_s']} s", file=sys.stderr)
    return 0
