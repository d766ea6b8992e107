"""Eager call overhead on small inputs: portloss against the native call.

At the small shape (32 x 10, or its equivalent), eager on CPU, forward and
forward+backward, the median over repeats of the ratio ``portloss time / peer time``:

- every loss with a twin in ``torch.nn.functional`` against that twin (target 1.5), with
  portloss's native paths (fast paths and whole-loss delegation) on, and off
  (``use_native(False)``: the standard Array API path);
- losses without a twin against a plain written-out torch formula of the same loss
  (target 3); each formula is checked against portloss's value before it is timed;
- NumPy cross entropy against a plain NumPy formula (target 3, forward only).

Each repeat times the calls back to back, alternating their order, each sample a loop
of about ``seconds``, so both see the same machine load.

``python -m benchmarks.overhead`` writes ``docs/overhead-results.md`` and
``docs/overhead-results.json`` (read by ``docs/plots/overhead.py``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

import portloss
from portloss._backends import use_native

from .overhead_formulas import formula_rows

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

    def ctc() -> tuple[Any, ...]:
        # 12 frames of 32 sequences over 10 symbols (blank 0), targets of 1 to 5 symbols
        log_probs = torch.log_softmax(torch.randn(12, N, C, generator=g), -1)
        lengths = torch.randint(1, 6, (N,), generator=g)
        targets = torch.randint(1, C, (N, 5), generator=g)
        return log_probs, targets, torch.full((N,), 12), lengths

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
        (
            "multilabel_margin_loss",
            lambda: (logits(), torch.randint(-1, C, (N, C), generator=g)),
            {},
            F.multilabel_margin_loss,
        ),
        (
            "triplet_margin_with_distance_loss",
            lambda: (logits(), logits(), logits()),
            {},
            F.triplet_margin_with_distance_loss,
        ),
        ("ctc_loss", ctc, {}, F.ctc_loss),
    ]


def _formula_rows() -> list[tuple[str, Callable[[], tuple[Any, ...]], Callable[..., Any]]]:
    """Losses without a torch twin, each beside a plain torch formula of the same loss
    (these and the rest of the losses, from ``benchmarks/overhead_formulas.py``)."""
    g = torch.Generator().manual_seed(1)

    def pair() -> tuple[Any, Any]:
        return torch.randn(N, C, generator=g), torch.randn(N, C, generator=g)

    def signs() -> tuple[Any, Any]:
        return torch.randn(N, C, generator=g), torch.randn(N, C, generator=g).sign()

    def labels() -> tuple[Any, Any]:
        return torch.randn(N, C, generator=g), torch.randint(0, C, (N,), generator=g)

    def onehot() -> tuple[Any, Any]:
        x, t = labels()
        return x, F.one_hot(t, C).float()

    def binary() -> tuple[Any, Any]:
        return torch.randn(N, C, generator=g), (torch.rand(N, C, generator=g) > 0.5).float()

    def positive() -> tuple[Any, Any]:
        return torch.rand(N, C, generator=g) + 0.1, torch.rand(N, C, generator=g) + 0.1

    def focal(x: Any, t: Any) -> Any:
        ce = F.binary_cross_entropy_with_logits(x, t, reduction="none")
        p = torch.sigmoid(x)
        p_t = p * t + (1 - p) * (1 - t)
        return (ce * (1 - p_t) ** 2 * (0.25 * t + 0.75 * (1 - t))).mean()

    def softmax_focal(x: Any, t: Any) -> Any:
        logp = torch.log_softmax(x, -1).gather(-1, t[:, None])[:, 0]
        return (-((1 - logp.exp()) ** 2) * logp).mean()

    def poly1(x: Any, t: Any) -> Any:
        logp = torch.log_softmax(x, -1).gather(-1, t[:, None])[:, 0]
        return (-logp + 1.0 - logp.exp()).mean()

    def categorical_hinge(x: Any, t: Any) -> Any:
        pos = (t * x).sum(-1)
        neg = ((1 - t) * x).amax(-1)
        return torch.relu(neg - pos + 1).mean()

    def cosine_similarity(x: Any, t: Any) -> Any:
        return -F.cosine_similarity(x, t, dim=-1, eps=1e-7).mean()

    def distributions() -> tuple[Any, Any]:
        return (
            torch.softmax(torch.randn(N, C, generator=g), -1),
            torch.softmax(torch.randn(N, C, generator=g), -1),
        )

    def logprobs() -> tuple[Any, ...]:
        return tuple(-torch.rand(N, generator=g) * 10 for _ in range(4))

    def boxes() -> tuple[Any, Any]:
        def one() -> Any:
            lo = torch.rand(N, 2, generator=g)
            return torch.cat([lo, lo + torch.rand(N, 2, generator=g) + 0.1], -1)

        return one(), one()

    def js(p: Any, q: Any) -> Any:
        m = (p + q) / 2
        return (0.5 * (p * (p / m).log()).sum(-1) + 0.5 * (q * (q / m).log()).sum(-1)).mean()

    def gkl(x: Any, t: Any) -> Any:
        return (t * (t.log() - x) - t + x.exp()).sum(-1).mean()

    def multiclass_hinge(x: Any, t: Any) -> Any:
        x_t = x.gather(-1, t[:, None])
        others = x.scatter(-1, t[:, None], float("-inf")).amax(-1, keepdim=True)
        return torch.relu(1 + others - x_t).mean()

    def multiclass_perceptron(x: Any, t: Any) -> Any:
        return (x.amax(-1) - x.gather(-1, t[:, None])[:, 0]).mean()

    def softmax_ce(x: Any, p: Any) -> Any:
        return -(p * torch.log_softmax(x, -1)).sum(-1).mean()

    def dpo(pc: Any, pr: Any, rc: Any, rr: Any) -> Any:
        return -F.logsigmoid(0.1 * ((pc - rc) - (pr - rr))).mean()

    def box_iou(a: Any, b: Any) -> Any:
        lo, hi = torch.maximum(a[:, :2], b[:, :2]), torch.minimum(a[:, 2:], b[:, 2:])
        inter = (hi - lo).clamp_min(0).prod(-1)
        area = (a[:, 2:] - a[:, :2]).prod(-1) + (b[:, 2:] - b[:, :2]).prod(-1)
        return (1 - inter / (area - inter + 1e-7)).mean()

    def clip(a: Any, b: Any) -> Any:
        logits = 100.0 * F.normalize(a, dim=-1) @ F.normalize(b, dim=-1).T
        labels = torch.arange(N)
        return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2

    return [
        ("sigmoid_focal_loss", binary, focal),
        ("softmax_focal_loss", labels, softmax_focal),
        ("poly1_cross_entropy", labels, poly1),
        ("log_cosh_loss", pair, lambda x, y: torch.log(torch.cosh(x - y)).mean()),
        ("charbonnier_loss", pair, lambda x, y: (torch.sqrt((x - y) ** 2 + 1) - 1).mean()),
        ("cauchy_loss", pair, lambda x, y: torch.log(0.5 * (x - y) ** 2 + 1).mean()),
        ("geman_mcclure_loss", pair, lambda x, y: (2 * (x - y) ** 2 / ((x - y) ** 2 + 4)).mean()),
        ("welsch_loss", pair, lambda x, y: (1 - torch.exp(-0.5 * (x - y) ** 2)).mean()),
        ("hinge_loss", signs, lambda x, y: torch.relu(1 - y * x).mean()),
        ("squared_hinge_loss", signs, lambda x, y: (torch.relu(1 - y * x) ** 2).mean()),
        ("perceptron_loss", signs, lambda x, y: torch.relu(-y * x).mean()),
        ("categorical_hinge_loss", onehot, categorical_hinge),
        ("cosine_similarity_loss", pair, cosine_similarity),
        (
            "mean_squared_logarithmic_error",
            positive,
            lambda x, y: ((torch.log1p(x) - torch.log1p(y)) ** 2).mean(),
        ),
        (
            "mean_absolute_percentage_error",
            positive,
            lambda x, y: (100 * (y - x).abs() / y.abs().clamp_min(1e-7)).mean(),
        ),
        ("js_divergence", distributions, js),
        ("generalized_kl_divergence", distributions, gkl),
        ("multiclass_hinge_loss", labels, multiclass_hinge),
        ("multiclass_perceptron_loss", labels, multiclass_perceptron),
        (
            "softmax_cross_entropy",
            lambda: (torch.randn(N, C, generator=g), distributions()[1]),
            softmax_ce,
        ),
        ("dpo_loss", logprobs, dpo),
        ("box_iou_loss", boxes, box_iou),
        ("clip_loss", pair, clip),
        *formula_rows(),
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


def _formula_calls(
    name: str, make: Callable[[], tuple[Any, ...]], formula: Callable[..., Any], backward: bool
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    x, *rest = make()
    x = x.clone().requires_grad_(backward)
    loss = getattr(portloss, name)
    expected = formula(x, *rest)
    got = loss(x, *rest)
    if not torch.allclose(got, expected, rtol=1e-4, atol=1e-6):
        raise AssertionError(f"{name}: the formula gives {expected}, portloss {got}")

    def ours() -> Any:
        out = loss(x, *rest)
        if backward:
            out.backward()
        return out

    def peer() -> Any:
        out = formula(x, *rest)
        if backward:
            out.backward()
        return out

    return ours, peer


def _numpy_calls() -> tuple[Callable[[], Any], Callable[[], Any]]:
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((N, C)), rng.integers(0, C, N)

    def formula() -> Any:
        m = x.max(-1, keepdims=True)
        lse = np.log(np.exp(x - m).sum(-1)) + m[:, 0]
        return (lse - x[np.arange(N), t]).mean()

    assert np.isclose(portloss.cross_entropy(x, t), formula())
    return (lambda: portloss.cross_entropy(x, t)), formula


def _load() -> str:
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except OSError:  # pragma: no cover (no getloadavg)
        return "load not known"


def _measure(repeats: int, seconds: float) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    modes = ((False, "forward"), (True, "forward+backward"))

    def add(name: str, kind: str, mode: str, measured: tuple[float, float, float], **extra: Any):
        ratio, t_ours, t_peer = measured
        target = 1.5 if kind == "twin" else 3.0
        rows.append(
            {
                "loss": name,
                "kind": kind,
                "mode": mode,
                "ours_us": t_ours * 1e6,
                "peer_us": t_peer * 1e6,
                "ratio": ratio,
                "target": target,
                **extra,
            }
        )
        print(rows[-1], flush=True)

    for name, make, options, native in _rows():
        for backward, mode in modes:
            ours, peer = _calls(name, make, options, native, backward, standard=False)
            measured = _ratio(ours, peer, repeats, seconds)
            std, _ = _calls(name, make, options, native, backward, standard=True)
            add(name, "twin", mode, measured, standard=_ratio(std, peer, repeats, seconds)[0])
    for name, make, formula in _formula_rows():
        for backward, mode in modes:
            ours, peer = _formula_calls(name, make, formula, backward)
            add(name, "formula", mode, _ratio(ours, peer, repeats, seconds))
    ours, peer = _numpy_calls()
    add("cross_entropy (NumPy)", "numpy", "forward", _ratio(ours, peer, repeats, seconds))
    return rows


def _table(rows: list[dict[str, Any]], kind: str, peer: str) -> list[str]:
    twin = kind == "twin"
    head = f"| loss | mode | portloss µs | {peer} µs | ratio |"
    lines = [head + (" ratio, standard path |" if twin else "") + " met |"]
    lines.append("|---|---|--:|--:|--:|" + ("--:|" if twin else "") + "---|")
    for r in rows:
        if r["kind"] != kind:
            continue
        std = f" {r['standard']:.2f} |" if twin else ""
        met = "yes" if r["ratio"] <= r["target"] else "**no**"
        lines.append(
            f"| {r['loss']} | {r['mode']} | {r['ours_us']:.1f} | {r['peer_us']:.1f} "
            f"| {r['ratio']:.2f} |{std} {met} |"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "overhead-results.md")
    args = parser.parse_args(argv)
    repeats, seconds = (3, 0.005) if args.quick else (7, 0.02)
    torch.set_num_threads(1)
    load_before = _load()
    rows = _measure(repeats, seconds)
    load = f"{load_before} before the run, {_load()} after"
    lines = [
        "# Call overhead on small inputs",
        "",
        "<!-- Written by `python -m benchmarks.overhead`; do not edit by hand. -->",
        "",
        f"Run of {datetime.date.today()} on {platform.system()} {platform.machine()}, torch "
        f"{torch.__version__}, NumPy {np.__version__}, one thread, eager CPU, shape {N}x{C} "
        f"(or the loss' small equivalent: 4 images of 8x8 pixels and 3 classes for "
        f"segmentation, (4, 1, 16, 16) for SSIM, (1, 1, 176, 176) for MS-SSIM, "
        f"`benchmarks/overhead_formulas.py`); {load}, a 2-core machine shared with other "
        f"work: absolute times are inflated and noisy, read the ratios. Ratio = median "
        f"over {repeats} repeats of portloss time / peer time (each sample a loop of "
        f"{seconds * 1e3:.0f} ms, the two calls alternating).",
        "",
        "Losses with a twin in `torch.nn.functional` (target 1.5); *standard* is portloss "
        "inside `use_native(False)` (no fast path, no delegation):",
        "",
        *_table(rows, "twin", "torch.nn.functional"),
        "",
        "Losses without a torch twin, against a plain torch formula of the same loss "
        "(written out in `benchmarks/overhead.py`, checked against portloss's value; "
        "target 3):",
        "",
        *_table(rows, "formula", "formula"),
        "",
        "NumPy cross entropy against a plain NumPy formula (target 3):",
        "",
        *_table(rows, "numpy", "NumPy formula"),
    ]
    args.output.write_text("\n".join(lines) + "\n")
    meta = {"date": str(datetime.date.today()), "shape": [N, C], "load": load}
    args.output.with_suffix(".json").write_text(json.dumps({**meta, "rows": rows}, indent=1))
    print(f"wrote {args.output} and its .json")


if __name__ == "__main__":
    main()
