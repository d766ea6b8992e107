"""Eager call overhead on small inputs: portloss against its ``torch.nn.functional`` twin.

For every loss with a twin in ``torch.nn.functional``, at the small shape (32 x 10, or
its equivalent), eager on CPU, forward and forward+backward: the median over repeats
of the ratio ``portloss time / native time``, with portloss's native paths (fast paths
and whole-loss delegation) on, and off (``use_native(False)``: the standard Array API
path). Each repeat times the calls back to back, alternating their order, each sample
a loop of about 20 ms, so both see the same machine load.

``python -m benchmarks.overhead`` writes ``docs/overhead-results.md``.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

import portloss
from portloss._backends import use_native

ROOT = Path(__file__).resolve().parents[1]
N, C = 32, 10


def _rows() -> list[tuple[str, Callable[[], tuple[Any, ...]], dict[str, Any], Callable[..., Any]]]:
    g = torch.Generator().manual_seed(0)

    def logits() -> Any:
        return torch.randn(N, C, generator=g)

    def labels() -> Any:
        return torch.randint(0, C, (N,), generator=g)

    def pair() -> tuple[Any, Any]:
        return logits(), torch.randn(N, C, generator=g)

    def probs() -> Any:
        return torch.rand(N, C, generator=g)

    def pm1() -> Any:
        return torch.randint(0, 2, (N,), generator=g).double().float() * 2 - 1

    return [
        ("cross_entropy", lambda: (logits(), labels()), {}, F.cross_entropy),
        (
            "cross_entropy (weight, smoothing)",
            lambda: (logits(), labels()),
            {"weight": torch.linspace(0.5, 2, C), "label_smoothing": 0.1},
            F.cross_entropy,
        ),
        ("nll_loss", lambda: (torch.log_softmax(logits(), -1), labels()), {}, F.nll_loss),
        ("mse_loss", pair, {}, F.mse_loss),
        ("l1_loss", pair, {}, F.l1_loss),
        ("huber_loss", pair, {}, F.huber_loss),
        ("smooth_l1_loss", pair, {}, F.smooth_l1_loss),
        (
            "binary_cross_entropy_with_logits",
            lambda: (logits(), probs()),
            {},
            F.binary_cross_entropy_with_logits,
        ),
        ("binary_cross_entropy", lambda: (probs(), probs()), {}, F.binary_cross_entropy),
        (
            "kl_div",
            lambda: (torch.log_softmax(logits(), -1), torch.softmax(logits(), -1)),
            {"reduction": "batchmean"},
            F.kl_div,
        ),
        (
            "soft_margin_loss",
            lambda: (logits(), torch.sign(torch.randn(N, C, generator=g))),
            {},
            F.soft_margin_loss,
        ),
        (
            "multilabel_soft_margin_loss",
            lambda: (logits(), (probs() > 0.5).float()),
            {},
            F.multilabel_soft_margin_loss,
        ),
        ("multi_margin_loss", lambda: (logits(), labels()), {}, F.multi_margin_loss),
        (
            "poisson_nll_loss",
            lambda: (logits(), torch.poisson(torch.ones(N, C) * 2, generator=g)),
            {},
            F.poisson_nll_loss,
        ),
        (
            "gaussian_nll_loss",
            lambda: (logits(), torch.randn(N, C, generator=g), probs() + 0.5),
            {},
            F.gaussian_nll_loss,
        ),
        (
            "hinge_embedding_loss",
            lambda: (logits(), torch.sign(torch.randn(N, C, generator=g))),
            {},
            F.hinge_embedding_loss,
        ),
        (
            "margin_ranking_loss",
            lambda: (torch.randn(N, generator=g), torch.randn(N, generator=g), pm1()),
            {},
            F.margin_ranking_loss,
        ),
        (
            "cosine_embedding_loss",
            lambda: (logits(), logits(), pm1()),
            {},
            F.cosine_embedding_loss,
        ),
        ("triplet_margin_loss", lambda: (logits(), logits(), logits()), {}, F.triplet_margin_loss),
    ]


def _sample(fn: Callable[[], Any], seconds: float) -> float:
    """Seconds per call of ``fn``, looped for about ``seconds``."""
    fn()
    start, count = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        fn()
        count += 1
    return (time.perf_counter() - start) / count


def _ratio(
    ours: Callable[[], Any], peer: Callable[[], Any], repeats: int, seconds: float
) -> tuple[float, float, float]:
    ratios, times, peers = [], [], []
    for k in range(repeats):
        if k % 2:
            b, a = _sample(peer, seconds), _sample(ours, seconds)
        else:
            a, b = _sample(ours, seconds), _sample(peer, seconds)
        ratios.append(a / b)
        times.append(a)
        peers.append(b)
    return statistics.median(ratios), statistics.median(times), statistics.median(peers)


def _calls(
    name: str,
    make: Callable[[], tuple[Any, ...]],
    options: dict[str, Any],
    native: Callable[..., Any],
    backward: bool,
    standard: bool,
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    arrays = make()
    x = arrays[0].clone().requires_grad_(backward)
    rest = arrays[1:]
    loss = getattr(portloss, name.split(" ")[0])

    def ours() -> Any:
        if standard:
            with use_native(False):
                out = loss(x, *rest, **options)
        else:
            out = loss(x, *rest, **options)
        if backward:
            out.backward()
        return out

    def peer() -> Any:
        out = native(x, *rest, **options)
        if backward:
            out.backward()
        return out

    return ours, peer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "overhead-results.md")
    args = parser.parse_args(argv)
    repeats, seconds = (4, 0.01) if args.quick else (8, 0.02)
    torch.set_num_threads(1)
    lines = [
        "# Call overhead on small inputs",
        "",
        "<!-- Written by `python -m benchmarks.overhead`; do not edit by hand. -->",
        "",
        f"Run of {datetime.date.today()} on {platform.system()} {platform.machine()}, torch "
        f"{torch.__version__}, one thread, eager CPU, shape {N}x{C}. Ratio = median over "
        f"{repeats} repeats of portloss time / `torch.nn.functional` time; *standard* is "
        "portloss inside `use_native(False)` (no fast path, no delegation). Target: 1.5.",
        "",
        "| loss | mode | portloss µs | native µs | ratio | ratio, standard path | met |",
        "|---|---|--:|--:|--:|--:|---|",
    ]
    for name, make, options, native in _rows():
        for backward in (False, True):
            ours, peer = _calls(name, make, options, native, backward, standard=False)
            ratio, t_ours, t_peer = _ratio(ours, peer, repeats, seconds)
            std, _ = _calls(name, make, options, native, backward, standard=True)
            std_ratio, _, _ = _ratio(std, peer, repeats, seconds)
            mode = "forward+backward" if backward else "forward"
            met = "yes" if ratio <= 1.5 else "**no**"
            lines.append(
                f"| {name} | {mode} | {t_ours * 1e6:.1f} | {t_peer * 1e6:.1f} | {ratio:.2f} "
                f"| {std_ratio:.2f} | {met} |"
            )
            print(lines[-1], flush=True)
    args.output.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
