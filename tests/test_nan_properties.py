"""NaN, -inf and float32 properties over every public loss, on every installed backend.

The losses are enumerated from ``portloss.__all__`` (``is_loss`` of tools/generate_objects.py),
and :data:`TABLE` says how to build valid inputs for each one; a public loss without an
entry fails ``test_every_public_loss_has_an_entry``. Three properties, each a hypothesis
test whose backend is a pytest parameter (a missing backend skips only its own tests):

- ``test_nan_in_nan_out``: a NaN anywhere in the first input gives a NaN loss and, on
  torch and JAX, a NaN in the gradient, unless the loss is in :data:`NAN_SAFE` (none is:
  the docs name no loss as NaN-safe, and a finite loss for a NaN input hides a
  diverging model).
- ``test_masked_logit_like_cross_entropy``: for the losses over class logits, a logit
  set to ``-inf`` (the usual way to forbid a class; never the target's) gives a loss and
  a gradient exactly as finite as ``cross_entropy``'s on the same logits.
- ``test_float32_matches_float64``: random float32 inputs at extreme scales (tiny, huge
  logits, huge embeddings) give the float64 result on the same values, to float32
  tolerance (where the float64 value is itself within float32's range).

Failures that the rel-num branch (issue 18, deliverables 1-3) fixes are listed in
:data:`FIXED_ON_REL_NUM` as strict xfails.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import portloss
from tests.conftest import UNIT_BACKENDS, get_backend
from tools import generate_objects as generator

PROPERTY = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples every run: the known failures stay exact
    database=None,
    # No shrinking: a known failure would spend minutes shrinking on every run, and
    # the failing example is printed as found.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow],
)
N, C, D, P = 4, 3, 5, 6  # batch, classes, embedding size, pixels


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    s = z - z.max(axis=-1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _pm1(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return np.where(rng.uniform(size=shape) < 0.5, -1.0, 1.0)


@dataclass(frozen=True)
class Entry:
    """How to build valid inputs for one loss.

    ``build(rng, scale)`` returns the positional arrays (float64 NumPy; integer arrays
    for indices) and ``options`` are the keyword options. The first array is the one
    that gets a NaN and the gradient. ``scales`` are the magnitudes of the float32
    property (logits, values, embedding norms). ``logits``: the first array holds class
    logits along its last axis, and ``targets(args)`` gives the index target of every
    row (``None`` for losses not over class logits).
    """

    build: Callable[[np.random.Generator, float], list[np.ndarray]]
    options: dict[str, Any] = field(default_factory=dict)
    scales: tuple[float, ...] = (1e-3, 1.0, 1e2, 1e4)
    targets: Callable[[list[np.ndarray]], np.ndarray] | None = None
    #: The flat positions of the first array that the loss reads (None: all of them).
    read: Callable[[list[np.ndarray]], np.ndarray] | None = None


def _logits_index(rng, s):
    return [s * rng.standard_normal((N, C)), rng.integers(0, C, (N,))]


def _logits_binary(rng, s):
    return [s * rng.standard_normal((N, C)), rng.integers(0, 2, (N, C)).astype(np.float64)]


def _logits_pm1(rng, s):
    return [s * rng.standard_normal((N,)), _pm1(rng, (N,))]


def _regression(rng, s):
    return [s * rng.standard_normal((N, C)), s * rng.standard_normal((N, C))]


def _positive(rng, s):
    return [s * rng.uniform(0.1, 2.0, (N, C)), s * rng.uniform(0.1, 2.0, (N, C))]


def _segmentation(rng, s):
    return [s * rng.standard_normal((N, P, C)), rng.integers(0, C, (N, P))]


def _pair(rng, s):
    return [s * rng.standard_normal((N, D)), s * rng.standard_normal((N, D))]


def _triplet(rng, s):
    return [s * rng.standard_normal((N, D)) for _ in range(3)]


def _probs(rng, s):
    # "scale" for probabilities: the softmax temperature, so large scales give tiny ones.
    return [_softmax(s * rng.standard_normal((N, C))), _softmax(s * rng.standard_normal((N, C)))]


def _index_target(args):
    return args[1]


def _onehot_target(args):
    return np.argmax(args[1], axis=-1)


def _multilabel_targets(rng):
    t = np.full((N, C), -1)
    for i in range(N):
        k = int(rng.integers(1, C))
        t[i, :k] = rng.permutation(C)[:k]
    return t


def _ctc(rng, s):
    t, length = 6, 2
    log_probs = _log_softmax(s * rng.standard_normal((t, N, C + 1)))
    targets = rng.integers(1, C + 1, (N, length))
    return [log_probs, targets, np.full(N, t), np.full(N, length)]


def _ctc_read(args):
    # The entries on some alignment of each sequence (as torch's kernel, a NaN elsewhere
    # does not reach the loss): the blank at every step, the first of two different
    # labels before the last step, the second after the first step.
    log_probs, targets = args[0], args[1]
    t, n, c = log_probs.shape
    used = np.zeros((t, n, c), dtype=bool)
    used[:, :, 0] = True
    for i, (first, second) in enumerate(targets):
        used[: t - 1, i, first] = True
        used[1:, i, second] = True
        if first == second:  # a repeated label may sit at any step
            used[:, i, first] = True
    return np.flatnonzero(used)


def _boxes(rng, s):
    # Proper boxes (x1, y1, x2, y2) at coordinate scale s, half of the pairs overlapping.
    def one(shift):
        xy = s * (rng.uniform(0.0, 4.0, (N, 2)) + shift)
        return np.concatenate([xy, xy + s * rng.uniform(0.2, 3.0, (N, 2))], axis=-1)

    return [one(0.0), one(1.0)]


def _images(rng, s):
    # Two (N, 1, 6, 6) image batches at pixel scale s (data_range stays 1).
    return [s * rng.uniform(0.0, 1.0, (N, 1, 6, 6)), s * rng.uniform(0.0, 1.0, (N, 1, 6, 6))]


# SSIM's variances are E[x^2] - E[x]^2: float32 loses them for pixels far above data_range
# (so do kornia's and MONAI's), hence moderate scales.
IMAGE_SCALES = (1e-3, 0.1, 1.0, 30.0)


def _student_teacher(rng, s):
    return [s * rng.standard_normal((N, C)), s * rng.standard_normal((N, C))]


def _teacher_argmax(args):
    return np.argmax(args[1], axis=-1)


def _logps(rng, s, k):
    # per-sequence log-probabilities: negative, of magnitude s
    return [-s * rng.uniform(0.05, 1.0, (N,)) for _ in range(k)]


LOGIT_SCALES = (1e-3, 1.0, 1e2, 1e4)
VALUE_SCALES = (1e-3, 1.0, 1e3, 1e6)
EMBEDDING_SCALES = (1e-3, 1.0, 1e10, 1e20)
PROBABILITY_SCALES = (0.1, 1.0, 10.0, 50.0)  # softmax temperatures: down to ~e-50
SEGMENTATION = {"from_logits": True, "activation": "softmax"}

TABLE: dict[str, Entry] = {
    "arcface_loss": Entry(
        lambda rng, s: [
            s * rng.standard_normal((N, D)),
            rng.standard_normal((C, D)),
            rng.integers(0, C, N),
        ],
        {"scale": 16.0},
        scales=EMBEDDING_SCALES,
    ),
    "asymmetric_loss": Entry(_logits_binary),
    "balanced_binary_cross_entropy": Entry(_logits_binary, {"from_logits": True}),
    "batch_all_triplet_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, D)), np.array([0, 0, 1, 1])],
        scales=EMBEDDING_SCALES,
    ),
    "batch_hard_triplet_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, D)), np.array([0, 0, 1, 1])],
        scales=EMBEDDING_SCALES,
    ),
    "binary_cross_entropy": Entry(
        lambda rng, s: [_sigmoid(s * rng.standard_normal((N, C))), *_logits_binary(rng, s)[1:]],
        scales=(1e-3, 1.0, 10.0, 80.0),
    ),
    "binary_cross_entropy_with_logits": Entry(_logits_binary),
    "binary_sparsemax_loss": Entry(_logits_binary),
    "box_iou_loss": Entry(_boxes, scales=VALUE_SCALES),
    "categorical_hinge_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, C)), np.eye(C)[rng.integers(0, C, N)]],
        targets=_onehot_target,
    ),
    "circle_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, D)), np.array([0, 0, 1, 1])],
        {"gamma": 16.0},
        scales=EMBEDDING_SCALES,
    ),
    "complete_box_iou_loss": Entry(_boxes, scales=VALUE_SCALES),
    "clip_loss": Entry(_pair, {"logit_scale": 100.0}, scales=EMBEDDING_SCALES),
    "cosine_embedding_loss": Entry(
        lambda rng, s: [*_pair(rng, s), _pm1(rng, (N,))], scales=EMBEDDING_SCALES
    ),
    "cauchy_loss": Entry(_regression, scales=VALUE_SCALES),
    "charbonnier_loss": Entry(_regression, scales=VALUE_SCALES),
    # One skeleton step keeps the eager JAX/Dask runs short; more steps repeat the same ops.
    "cldice_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, 3, C)), rng.integers(0, C, (N, 3))],
        {**SEGMENTATION, "iterations": 0},
    ),
    "cosine_similarity_loss": Entry(_pair, scales=EMBEDDING_SCALES),
    # Two erosion steps keep the eager JAX/Dask runs short; more repeat the same ops.
    "hausdorff_erosion_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, 3, C)), rng.integers(0, C, (N, 3))],
        {"from_logits": True, "iterations": 2},
    ),
    "cosface_loss": Entry(
        lambda rng, s: [
            s * rng.standard_normal((N, D)),
            rng.standard_normal((C, D)),
            rng.integers(0, C, N),
        ],
        {"scale": 16.0},
        scales=EMBEDDING_SCALES,
    ),
    "cross_entropy": Entry(_logits_index, targets=_index_target),
    # CTC reads the blank and the target labels of each sequence (as torch's kernel):
    # a NaN in a class a sequence never uses does not reach its loss.
    "ctc_loss": Entry(_ctc, read=_ctc_read),
    "dice_ce_loss": Entry(_segmentation, targets=_index_target),
    # Its focal term is a sigmoid per class, not a softmax: a -inf logit is no class mask.
    "dice_focal_loss": Entry(_segmentation),
    "dice_loss": Entry(_segmentation, SEGMENTATION, targets=_index_target),
    "distance_box_iou_loss": Entry(_boxes, scales=VALUE_SCALES),
    "dpo_loss": Entry(lambda rng, s: _logps(rng, s, 4), scales=VALUE_SCALES),
    "fenchel_young_loss": Entry(_logits_index, targets=_index_target),
    "focal_tversky_loss": Entry(_segmentation, SEGMENTATION, targets=_index_target),
    "gaussian_nll_loss": Entry(
        lambda rng, s: [*_regression(rng, s), s * s * rng.uniform(0.5, 2.0, (N, C))],
        scales=(1e-3, 1.0, 1e3, 1e6),
    ),
    "generalized_box_iou_loss": Entry(_boxes, scales=VALUE_SCALES),
    "general_adaptive_loss": Entry(_regression, scales=VALUE_SCALES),
    "geman_mcclure_loss": Entry(_regression, scales=VALUE_SCALES),
    "generalized_dice_loss": Entry(_segmentation, SEGMENTATION, targets=_index_target),
    "generalized_jsd_loss": Entry(_student_teacher, targets=_teacher_argmax),
    "generalized_cross_entropy": Entry(_logits_index, {"from_logits": True}, targets=_index_target),
    "generalized_kl_divergence": Entry(
        lambda rng, s: [s * rng.standard_normal((N, C)), rng.uniform(0.1, 2.0, (N, C))],
        scales=(1e-3, 1.0, 10.0, 20.0),  # log-predictions: exp overflows float32 above ~88
    ),
    "hinge_embedding_loss": Entry(
        lambda rng, s: [s * rng.uniform(0.0, 2.0, (N, C)), _pm1(rng, (N, C))],
        scales=VALUE_SCALES,
    ),
    "hinge_loss": Entry(_logits_pm1),
    # KL(teacher || student): a -inf student logit gives +inf (the divergence is infinite).
    "hinton_distillation_loss": Entry(_student_teacher, {"temperature": 2.0}),
    "huber_loss": Entry(_regression, scales=VALUE_SCALES),
    "infonce_loss": Entry(_pair, scales=EMBEDDING_SCALES),
    "jaccard_loss": Entry(_segmentation, SEGMENTATION, targets=_index_target),
    "js_divergence": Entry(_probs, scales=PROBABILITY_SCALES),
    "kl_div": Entry(
        lambda rng, s: [_log_softmax(s * rng.standard_normal((N, C))), _probs(rng, s)[1]],
        scales=PROBABILITY_SCALES,
    ),
    "l1_loss": Entry(_regression, scales=VALUE_SCALES),
    "log_cosh_loss": Entry(_regression, scales=VALUE_SCALES),
    "lovasz_hinge_loss": Entry(
        lambda rng, s: [
            s * rng.standard_normal((N, P)),
            rng.integers(0, 2, (N, P)).astype(np.float64),
        ]
    ),
    "lovasz_softmax_loss": Entry(_segmentation, SEGMENTATION, targets=_index_target),
    "margin_ranking_loss": Entry(
        lambda rng, s: [s * rng.standard_normal(N), s * rng.standard_normal(N), _pm1(rng, (N,))],
        scales=VALUE_SCALES,
    ),
    "mcc_loss": Entry(
        lambda rng, s: [
            s * rng.standard_normal((N, P)),
            rng.integers(0, 2, (N, P)).astype(np.float64),
        ],
        {"from_logits": True, "activation": "sigmoid"},
    ),
    "mean_absolute_percentage_error": Entry(_regression, scales=VALUE_SCALES),
    "mean_squared_logarithmic_error": Entry(_positive, scales=VALUE_SCALES),
    "ms_ssim_loss": Entry(_images, {"win_size": 3, "weights": (0.5, 0.5)}, scales=IMAGE_SCALES),
    "mse_loss": Entry(_regression, scales=VALUE_SCALES),
    "multi_margin_loss": Entry(_logits_index, targets=_index_target),
    "multi_similarity_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, D)), np.array([0, 0, 1, 1])],
        {"beta": 10.0},
        scales=EMBEDDING_SCALES,
    ),
    "multiclass_hinge_loss": Entry(_logits_index, targets=_index_target),
    "multiclass_perceptron_loss": Entry(_logits_index, targets=_index_target),
    "multilabel_margin_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, C)), _multilabel_targets(rng)]
    ),
    "multilabel_soft_margin_loss": Entry(_logits_binary),
    "linear_cross_entropy": Entry(
        lambda rng, s: [
            s * rng.standard_normal((N, D)),
            rng.standard_normal((C, D)),
            rng.integers(0, C, (N,)),
        ],
        {"chunk_size": 2 * C},  # chunks of two rows: the NaN row's neighbours stay finite
    ),
    "nll_loss": Entry(
        lambda rng, s: [_log_softmax(s * rng.standard_normal((N, C))), rng.integers(0, C, N)],
        # The loss is the target's log-probability; the other entries are never read.
        read=lambda args: np.arange(N) * C + args[1],
    ),
    "ntxent_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, D)), np.array([0, 0, 1, 1])],
        scales=EMBEDDING_SCALES,
    ),
    "orpo_loss": Entry(lambda rng, s: _logps(rng, s, 2), scales=VALUE_SCALES),
    "perceptron_loss": Entry(_logits_pm1),
    "poisson_nll_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, C)), rng.poisson(2.0, (N, C)) * 1.0],
        scales=(1e-3, 1.0, 10.0, 20.0),  # exp(input): float32 overflows above ~88
    ),
    "psnr_loss": Entry(_regression, scales=VALUE_SCALES),
    "poly1_cross_entropy": Entry(_logits_index, targets=_index_target),
    "ranking_softmax_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, C)), rng.integers(0, 3, (N, C)) * 1.0]
    ),
    "siglip_loss": Entry(
        _pair, {"logit_scale": 10.0, "logit_bias": -10.0}, scales=EMBEDDING_SCALES
    ),
    "sigmoid_focal_loss": Entry(_logits_binary),
    "simpo_loss": Entry(lambda rng, s: _logps(rng, s, 2), scales=VALUE_SCALES),
    "smooth_l1_loss": Entry(_regression, scales=VALUE_SCALES),
    "soft_margin_loss": Entry(_logits_pm1),
    "sphereface_loss": Entry(
        lambda rng, s: [
            s * rng.standard_normal((N, D)),
            rng.standard_normal((C, D)),
            rng.integers(0, C, N),
        ],
        {"scale": 8.0},
        scales=EMBEDDING_SCALES,
    ),
    "softmax_cross_entropy": Entry(_logits_index, targets=_index_target),
    "softmax_focal_loss": Entry(_logits_index, targets=_index_target),
    "sparsemax_loss": Entry(_logits_index, targets=_index_target),
    "squared_hinge_loss": Entry(_logits_pm1),
    "ssim_loss": Entry(_images, {"win_size": 3}, scales=IMAGE_SCALES),
    "total_variation": Entry(lambda rng, s: _images(rng, s)[:1], scales=VALUE_SCALES),
    "supcon_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, 2, D)), np.array([0, 0, 1, 1])],
        {"temperature": 0.01},
        scales=EMBEDDING_SCALES,
    ),
    "triplet_margin_loss": Entry(_triplet, scales=EMBEDDING_SCALES),
    "triplet_margin_with_distance_loss": Entry(_triplet, scales=EMBEDDING_SCALES),
    "triplet_semihard_loss": Entry(
        lambda rng, s: [s * rng.standard_normal((N, D)), np.array([0, 0, 1, 1])],
        scales=EMBEDDING_SCALES,
    ),
    "tversky_loss": Entry(_segmentation, SEGMENTATION, targets=_index_target),
    "welsch_loss": Entry(_regression, scales=VALUE_SCALES),
}

#: Losses that may give a number for a NaN input, with the reason. None: where torch's
#: kernels skip a NaN (multi_margin_loss, multilabel_margin_loss) portloss still gives
#: NaN, never a finite number (docs/guarantees.md).
NAN_SAFE: dict[str, str] = {}

#: Losses that check probability values where they can be read (NumPy), as torch does:
#: a NaN probability is a ValueError naming the argument there, NaN elsewhere.
VALUE_CHECKED = {"binary_cross_entropy"}

#: Losses whose gradient with respect to the first input does not depend on its values
#: (linear in it), so a NaN there cannot reach the gradient; torch's is the same.
GRAD_CONSTANT: dict[str, str] = {
    "nll_loss": "-input[target]: the gradient is -1 at the target, whatever its value",
    "kl_div": "target * (log target - input): the gradient is -target",
}

#: Losses whose NaN entry sits inside a clamp at zero: the loss is NaN, and the gradient
#: follows the framework's own backward rule of that clamp, which gives a number at NaN
#: (torch's clamp_min and relu backward, Keras' maximum). tests/test_reliability.py
#: compares these gradients with torch's, NaN pattern included.
GRAD_AT_CLAMP: dict[str, str] = {
    "margin_ranking_loss": "F.margin_ranking_loss: clamp_min backward",
    "hinge_embedding_loss": "F.hinge_embedding_loss: clamp_min backward",
    "lovasz_hinge_loss": "the reference implementation's F.relu backward",
    "hinge_loss": "Keras' maximum(1 - y x, 0) backward",
    "multi_margin_loss": "torch's kernel: a margin term's slope is 0 unless it is > 0",
    "multilabel_margin_loss": "torch's kernel: a margin term's slope is 0 unless it is > 0",
    "categorical_hinge_loss": "Keras' maximum(neg - pos + 1, 0) backward",
    "perceptron_loss": "optax's maximum(0, -y x) backward",
    "multiclass_hinge_loss": "optax's max over classes: JAX's max backward gives numbers at NaN",
    "multiclass_perceptron_loss": "optax's max over classes: JAX's max backward at NaN",
}

#: Known failures, as (loss, property) or (loss, property, backend), where the backend
#: is a backend's name or "autodiff" (torch and JAX: a gradient-only failure). A listed
#: case must fail (a strict expected failure): one that passes fails the test, so that
#: its entry is removed.
#:
#: FIXED_ON_REL_NUM: failures on this branch that the rel-num branch fixes (issue 18,
#: deliverables 1-3: the NaN-propagating clamp, -inf masks, float32 extremes). The lead
#: removes this set after merging rel-num.
FIXED_ON_REL_NUM: set[tuple[str, ...]] = set()
#: REPORTED_TO_LEAD: failures outside issue 18's list, reported to the lead (see the
#: report of the rel-tests branch); each needs a fix in a loss module or a decision.
REPORTED_TO_LEAD: set[tuple[str, ...]] = set()

LOSSES = sorted(TABLE)
LOGIT_LOSSES = sorted(n for n, e in TABLE.items() if e.targets is not None)


def _public_losses() -> set[str]:
    return {n for n in portloss.__all__ if generator.is_loss(n, getattr(portloss, n))}


def test_every_public_loss_has_an_entry() -> None:
    assert set(TABLE) == _public_losses()


def test_exemptions_name_public_losses() -> None:
    properties = {"nan", "masked_logit", "float32"}
    assert set(NAN_SAFE) <= set(TABLE)
    assert set(GRAD_CONSTANT) <= set(TABLE)
    assert set(GRAD_AT_CLAMP) <= set(TABLE)
    for key in FIXED_ON_REL_NUM | REPORTED_TO_LEAD:
        assert key[0] in TABLE, key
        assert key[1] in properties, key
        assert len(key) == 2 or key[2] in ("autodiff", *UNIT_BACKENDS), key
    assert not FIXED_ON_REL_NUM & REPORTED_TO_LEAD


def _known_failure(name: str, prop: str, backend) -> str | None:
    for listed, where in ((FIXED_ON_REL_NUM, "FIXED_ON_REL_NUM"), (REPORTED_TO_LEAD, "REPORTED")):
        for key in listed:
            if key[:2] != (name, prop):
                continue
            if (
                len(key) == 2
                or key[2] == backend.name
                or (key[2] == "autodiff" and backend.autodiff)
            ):
                return where
    return None


def _run(name: str, prop: str, backend, check: Callable[[], None]) -> None:
    """Run the hypothesis ``check``; a listed known failure must fail (strictly)."""
    listed = _known_failure(name, prop, backend)
    if listed is None:
        check()
        return
    try:
        check()
    except Exception as exc:
        # Only assertion failures are the known failure (an exception group holds one
        # per distinct failing example); any other error is a new problem.
        # NumPy's RuntimeWarning (an error under the suite's filterwarnings) is how an
        # overflow shows on NumPy and Dask.
        inner = getattr(exc, "exceptions", (exc,))
        if not all(isinstance(e, (AssertionError, RuntimeWarning)) for e in inner):
            raise
        pytest.xfail(f"known failure ({listed}): {str(exc).splitlines()[0][:200]}")
    pytest.fail(f"({name}, {prop!r}) passes on {backend.name}: remove it from {listed}")


# Dask is left out here: it runs NumPy's kernels chunk by chunk, so its NaN and
# extreme-value behaviour is NumPy's, and its values are checked on every case by the
# conformance suite's Dask column and tests/test_dask.py (its graphs made this file the
# slowest of the suite).
PROPERTY_BACKENDS = tuple(b for b in UNIT_BACKENDS if b != "dask")


@pytest.fixture(scope="module", params=PROPERTY_BACKENDS)
def prop_backend(request):
    return get_backend(request.param)


def _on(backend, a: np.ndarray, dtype: str):
    a = np.asarray(a)
    return backend.asarray(a.astype(dtype) if a.dtype.kind == "f" else a.astype(np.int64))


def _loss_fn(name: str, reduction: str) -> Callable[..., Any]:
    fn, options = getattr(portloss, name), dict(TABLE[name].options)
    if "reduction" in inspect.signature(fn).parameters:  # not every loss reduces
        options["reduction"] = reduction

    def loss(x, *rest):
        return fn(x, *rest, **options)

    return loss


@functools.cache
def _jax_grad(name: str, reduction: str) -> Callable[..., Any]:
    # One compiled gradient per loss (the shapes are fixed): not one per example.
    import jax

    return jax.jit(jax.grad(_loss_fn(name, reduction)))


@functools.cache
def _jax_value(name: str, reduction: str) -> Callable[..., Any]:
    # Compiled once per loss: eager JAX dispatches (and compiles) every operation.
    import jax

    return jax.jit(_loss_fn(name, reduction))


def _value(backend, name: str, arrays: list[Any], reduction: str = "none") -> np.ndarray:
    """The loss (``reduction``) as a NumPy array."""
    if backend.autodiff == "jax":
        return np.asarray(_jax_value(name, reduction)(*arrays))
    return backend.to_numpy(_loss_fn(name, reduction)(*arrays))


def _value_and_grad(backend, name: str, arrays: list[Any], reduction: str = "sum"):
    """The loss (``reduction``) and, on autodiff backends, its gradient in NumPy."""
    loss = _loss_fn(name, reduction)
    value = _value(backend, name, arrays, reduction)
    if backend.autodiff == "torch":
        import torch

        x = arrays[0].detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(loss(x, *arrays[1:]).sum(), x)
        return value, g.cpu().numpy()
    if backend.autodiff == "jax":
        return value, np.asarray(_jax_grad(name, reduction)(*arrays))
    return value, None


def _dtype(backend) -> str:
    return "float64" if "float64" in backend.dtypes else "float32"


# ------------------------------------------------------------------- NaN in, NaN out


@pytest.mark.parametrize("name", LOSSES)
def test_nan_in_nan_out(prop_backend, name):
    if name in NAN_SAFE:
        pytest.skip(f"{name} may give a number for a NaN input: {NAN_SAFE[name]}")
    entry, dtype = TABLE[name], _dtype(prop_backend)

    @PROPERTY
    @given(seed=st.integers(0, 2**32 - 1), where=st.floats(0.0, 1.0, exclude_max=True))
    def check(seed, where):
        args = entry.build(np.random.default_rng(seed), 1.0)
        x = args[0].copy()
        read = np.arange(x.size) if entry.read is None else entry.read(args)
        x.reshape(-1)[read[int(where * len(read))]] = np.nan
        arrays = [_on(prop_backend, a, dtype) for a in [x, *args[1:]]]
        if name in VALUE_CHECKED and prop_backend.name == "numpy":
            with pytest.raises(ValueError, match=r"^input must hold probabilities .* got nan"):
                _value_and_grad(prop_backend, name, arrays)
            return
        value, grad = _value_and_grad(prop_backend, name, arrays)
        assert np.isnan(value), (name, prop_backend.name, x, value)
        if grad is not None and name not in GRAD_CONSTANT and name not in GRAD_AT_CLAMP:
            assert np.isnan(grad).any(), (name, prop_backend.name, x, grad)

    _run(name, "nan", prop_backend, check)


def _cross_entropy_finiteness(backend, logits, target):
    """Whether cross entropy's loss and gradient are finite on these logits."""
    flat = logits.reshape(-1, logits.shape[-1])
    arrays = [_on(backend, flat, _dtype(backend)), _on(backend, target.reshape(-1), "int64")]
    value, grad = _value_and_grad(backend, "cross_entropy", arrays)
    return bool(np.isfinite(value)), None if grad is None else bool(np.isfinite(grad).all())


@pytest.mark.parametrize("name", LOGIT_LOSSES)
def test_masked_logit_like_cross_entropy(prop_backend, name):
    entry, dtype = TABLE[name], _dtype(prop_backend)
    assert entry.targets is not None

    @PROPERTY
    @given(
        seed=st.integers(0, 2**32 - 1), rows=st.integers(1, N), scale=st.sampled_from([1.0, 30.0])
    )
    def check(seed, rows, scale):
        rng = np.random.default_rng(seed)
        args = entry.build(rng, scale)
        target = entry.targets(args)
        x = args[0].copy()
        # In the first `rows` samples one class other than the target is forbidden (-inf).
        flat_x, flat_t = x.reshape(-1, C), target.reshape(-1)
        for r in range(rows * (flat_x.shape[0] // N)):
            flat_x[r, (flat_t[r] + 1 + int(rng.integers(0, C - 1))) % C] = -np.inf
        arrays = [_on(prop_backend, a, dtype) for a in [x, *args[1:]]]
        value, grad = _value_and_grad(prop_backend, name, arrays)
        ce_value, ce_grad = _cross_entropy_finiteness(prop_backend, x, target)
        assert ce_value  # the reference is finite
        assert ce_grad in (True, None)
        assert bool(np.isfinite(value)) == ce_value, (name, prop_backend.name, x, value)
        if grad is not None:
            assert bool(np.isfinite(grad).all()) == ce_grad, (name, prop_backend.name, x, grad)

    _run(name, "masked_logit", prop_backend, check)


@pytest.mark.parametrize("name", LOSSES)
def test_float32_matches_float64(prop_backend, name):
    if not {"float32", "float64"} <= set(prop_backend.dtypes):
        pytest.skip(f"{prop_backend.name} lacks float32 or float64")
    entry = TABLE[name]

    @PROPERTY
    @given(seed=st.integers(0, 2**32 - 1), scale_index=st.integers(0, 3))
    def check(seed, scale_index):
        scale = entry.scales[scale_index]
        args = entry.build(np.random.default_rng(seed), scale)
        # The same values in both precisions: the float32 inputs, widened for float64.
        args32 = [a.astype(np.float32) if a.dtype.kind == "f" else a for a in args]
        got = _value(prop_backend, name, [_on(prop_backend, a, "float32") for a in args32])
        ref = _value(prop_backend, name, [_on(prop_backend, a, "float64") for a in args32])
        assert str(got.dtype) == "float32", (name, got.dtype)
        ref = np.asarray(ref, dtype=np.float64)
        in_range = np.abs(ref) < np.finfo(np.float32).max / 4
        assert np.array_equal(np.isnan(got), np.isnan(ref)), (name, scale, got, ref)
        big = float(np.max(np.abs(ref[in_range & np.isfinite(ref)]), initial=1.0))
        np.testing.assert_allclose(
            np.where(in_range, got, 0.0),
            np.where(in_range, ref, 0.0),
            rtol=2e-4,
            atol=2e-5 * max(1.0, big),
            err_msg=f"{name} at scale {scale:g} on {prop_backend.name}",
        )

    _run(name, "float32", prop_backend, check)


def test_float32_scales_are_extreme() -> None:
    """Each loss is tried at a scale far from 1 in both directions (the property's point)."""
    for name, entry in TABLE.items():
        assert min(entry.scales) <= 0.1, name
        assert max(entry.scales) >= 20.0, name
        assert len(entry.scales) == 4, name  # scale_index draws 0..3
