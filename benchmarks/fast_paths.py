"""What each native fast path gains: portloss with and without fast paths, interleaved.

``python -m benchmarks.fast_paths [--rows N] [--classes C] [--repeats R]`` times
``cross_entropy`` (plain, and with class weights and label smoothing),
``binary_cross_entropy_with_logits``, ``sigmoid_focal_loss`` and ``mse_loss`` (torch
forward and forward + backward, ``jax.jit`` forward and value-and-grad, NumPy forward)
with the fast paths on and off (``portloss._backends.use_native``) in the same
process, alternating, and prints the median time ratio fast / pure (below 1: the fast
path pays) and NumPy's peak extra memory both ways; then the same for 1000 calls of
``cross_entropy`` on a ``32x10`` torch batch (the call overhead).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import portloss
from portloss._backends import use_native

from .suite import _set_threads, peak_traced_extra


def _switch(native: bool, fn):
    def call():
        with use_native(native):
            return fn()

    return call


def _ratio(fast, pure, repeats):
    fast()
    pure()
    ratios, tf, tp = [], [], []
    for i in range(repeats):
        times = {}
        for name, fn in (("f", fast), ("p", pure)) if i % 2 == 0 else (("p", pure), ("f", fast)):
            t0 = time.perf_counter()
            fn()
            times[name] = time.perf_counter() - t0
        ratios.append(times["f"] / times["p"])
        tf.append(times["f"])
        tp.append(times["p"])
    return statistics.median(tf) * 1e3, statistics.median(tp) * 1e3, statistics.median(ratios)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fast_paths")
    parser.add_argument("--rows", type=int, default=2048)
    parser.add_argument("--classes", type=int, default=32000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    _set_threads(1)
    import jax
    import torch

    rng = np.random.default_rng(0)
    shape = (args.rows, args.classes)
    x = (2 * rng.standard_normal(size=shape, dtype=np.float32)).astype(np.float32)
    y = rng.integers(0, args.classes, size=args.rows)
    b = (rng.uniform(size=shape) < 0.3).astype(np.float32)
    w = rng.uniform(0.5, 2.0, size=args.classes).astype(np.float32)
    # name -> (loss of (input, target, weight), target, class weight or None)
    losses = {
        "cross_entropy": (lambda v, t, _: portloss.cross_entropy(v, t), y, None),
        "cross_entropy (weight, smoothing)": (
            lambda v, t, cw: portloss.cross_entropy(v, t, weight=cw, label_smoothing=0.1),
            y,
            w,
        ),
        "binary_cross_entropy_with_logits": (
            lambda v, t, _: portloss.binary_cross_entropy_with_logits(v, t),
            b,
            None,
        ),
        "sigmoid_focal_loss": (lambda v, t, _: portloss.sigmoid_focal_loss(v, t), b, None),
        "mse_loss": (lambda v, t, _: portloss.mse_loss(v, t), b, None),
    }
    print(f"shape {shape} float32, median over {args.repeats} repeats; ratio = fast / pure")
    for name, (loss, target, weight) in losses.items():
        # NumPy
        call = lambda loss=loss, target=target, weight=weight: loss(x, target, weight)  # noqa: E731
        fast, pure = _switch(True, call), _switch(False, call)
        f, p, r = _ratio(fast, pure, args.repeats)
        mem = (peak_traced_extra(fast), peak_traced_extra(pure))
        print(
            f"{name:34s} numpy forward          {f:9.1f} {p:9.1f} ms ratio {r:5.2f}  "
            f"peak extra {mem[0]:.0f} / {mem[1]:.0f} MB (input {x.nbytes / 2**20:.0f} MB)"
        )
        # torch
        xt, tt = torch.from_numpy(x), torch.from_numpy(target)
        wt = None if weight is None else torch.from_numpy(weight)
        xg = xt.clone().requires_grad_(True)

        def fwd_bwd(loss=loss, tt=tt, wt=wt, xg=xg):
            loss(xg, tt, wt).backward()
            xg.grad = None

        for mode, fn in (
            ("forward", lambda loss=loss, xt=xt, tt=tt, wt=wt: loss(xt, tt, wt)),
            ("forward+backward", fwd_bwd),
        ):
            f, p, r = _ratio(_switch(True, fn), _switch(False, fn), args.repeats)
            print(f"{name:34s} torch {mode:17s}{f:9.1f} {p:9.1f} ms ratio {r:5.2f}")
        # jax: the switch applies at trace time, so each variant is its own jit
        xj, tj = jax.numpy.asarray(x), jax.numpy.asarray(target)
        wj = None if weight is None else jax.numpy.asarray(weight)
        for mode in ("forward", "value_and_grad"):
            compiled = {}
            for native in (True, False):
                fn = jax.jit(loss if mode == "forward" else jax.value_and_grad(loss))
                with use_native(native):  # trace and compile with the switch
                    jax.block_until_ready(fn(xj, tj, wj))
                compiled[native] = lambda fn=fn, a=(xj, tj, wj): jax.block_until_ready(fn(*a))
            f, p, r = _ratio(compiled[True], compiled[False], args.repeats)
            print(f"{name:34s} jax   {mode:17s}{f:9.1f} {p:9.1f} ms ratio {r:5.2f}")
    # The call overhead: 1000 calls on a small torch batch, fast paths on and off.
    xs = torch.from_numpy(rng.standard_normal(size=(32, 10), dtype=np.float32))
    ys = torch.from_numpy(rng.integers(0, 10, size=32))

    def thousand() -> None:
        for _ in range(1000):
            portloss.cross_entropy(xs, ys)

    f, p, r = _ratio(_switch(True, thousand), _switch(False, thousand), max(args.repeats, 5))
    name = "cross_entropy 32x10, 1000 calls"
    print(f"{name:34s} torch forward          {f:9.1f} {p:9.1f} ms ratio {r:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
