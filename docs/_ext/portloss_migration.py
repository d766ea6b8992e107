# ruff: noqa: E501  (the rows are data: one call per string, however long)
"""The migration tables: another framework's call and the portloss call with its number.

Each row is two Python expressions over the named inputs of ``_inputs``. The docs build
renders every table of ``docs/migrating.md`` from here (via ``portloss_docs``), one entry
per call: the framework's call, the portloss call beneath it, then the note, so the page
reads at any width. A table with ``evaluate`` set is checked by ``tests/test_docs.py``,
which evaluates both sides of every row and asserts that they give the same numbers
with the framework installed; the others name the test that checks them against peers
that are not installed with the docs (``checked_by``). So a row that stops being true
fails the tests, and what the page shows is exactly what is checked.

Conventions of the expressions: ``F`` is ``torch.nn.functional``, ``torchvision`` is
torchvision (the row is checked against a transcription of
``torchvision.ops.sigmoid_focal_loss``, which is not installed), ``keras`` and
``optax`` are the packages, ``masked(y_pred, m)`` attaches the boolean mask ``m`` to
``y_pred`` as a Keras ``Masking`` layer does, ``portloss`` is portloss. The framework
side gets the inputs as that framework's arrays (torch tensors for torch, NumPy for Keras
and optax), the portloss side as NumPy arrays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Row:
    """``theirs`` gives the same numbers as ``ours``; ``note`` says when or why."""

    theirs: str
    ours: str
    note: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the page.

    ``evaluate`` names the framework whose namespace ``tests/test_docs.py`` evaluates
    ``theirs`` in (``"torch" | "keras" | "optax"``); ``None`` for peers that are not
    installed with the docs, whose rows ``checked_by`` (a test file) evaluates instead.
    """

    title: str
    rows: list[Row]
    evaluate: str | None = None
    checked_by: str = ""

    def __iter__(self):  # ``title, rows = TABLES[key]`` as before the other fields
        return iter((self.title, self.rows))


N, C, D = 6, 4, 5


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _inputs(seed: int = 0) -> dict[str, tuple[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, C))
    y = rng.integers(0, C, N)
    logq = np.log(_softmax(x))
    t = (rng.uniform(size=(N, C)) > 0.5).astype(float)
    ml = np.array(
        [[1, 3, -1, 0], [0, -1, 2, 2], [2, 1, 0, 3], [-1, 0, 0, 0], [3, -1, 1, 1], [0, 1, -1, 1]]
    )
    seg_labels = rng.integers(0, C, (2, 6, 6))
    ptrue = rng.dirichlet(np.ones(C), N)
    named = {
        "x": ("logits, scores or predictions, `(N, C)`", x),
        "y": ("class indices, `(N,)`", y),
        "onehot": ("the one-hot of `y`, `(N, C)`", np.eye(C)[y]),
        "w": ("class weights, `(C,)`", rng.uniform(0.5, 2.0, C)),
        "ew": ("elementwise weights, `(N, C)`", rng.uniform(0.5, 2.0, (N, C))),
        "s": ("per-sample weights, `(N,)`", rng.uniform(0.5, 2.0, N)),
        "img_logits": (
            "logits in torch's image layout, `(N, C, H, W)`",
            rng.normal(size=(2, C, 3, 5)),
        ),
        "img_labels": ("class indices, `(N, H, W)`", rng.integers(0, C, (2, 3, 5))),
        "p": ("probabilities in (0, 1), `(N, C)`", 1 / (1 + np.exp(-x))),
        "t": ("binary targets in {0, 1}, `(N, C)`", t),
        "pm": ("labels in {-1, 1}, `(N, C)`", 2 * t - 1),
        "target": ("real targets, `(N, C)`", rng.normal(size=(N, C))),
        "logq": ("log-probabilities (log-softmax of `x`), `(N, C)`", logq),
        "q": ("probabilities (softmax of `x`), `(N, C)`", np.exp(logq)),
        "ptrue": ("target distributions, `(N, C)`", ptrue),
        "logp": ("their logarithms, `(N, C)`", np.log(ptrue)),
        "rate": ("Poisson rates, `(N, C)`", rng.uniform(0.5, 4.0, (N, C))),
        "counts": ("counts, `(N, C)`", rng.poisson(3.0, (N, C)).astype(float)),
        "var": ("variances, `(N, C)`", rng.uniform(0.5, 2.0, (N, C))),
        "ml": ("multi-label index lists ended by -1, `(N, C)`", ml),
        "s1": ("scores, `(N,)`", rng.normal(size=N)),
        "s2": ("scores, `(N,)`", rng.normal(size=N)),
        "pair": ("pair labels in {-1, 1}, `(N,)`", np.where(rng.uniform(size=N) > 0.5, 1.0, -1.0)),
        "anchor": ("embeddings, `(N, D)`", rng.normal(size=(N, D))),
        "positive": ("embeddings, `(N, D)`", rng.normal(size=(N, D))),
        "negative": ("embeddings, `(N, D)`", rng.normal(size=(N, D))),
        "groups": (
            "group labels of `anchor` (equal: a positive pair), `(N,)`",
            np.array([0, 0, 1, 1, 2, 0]),
        ),
        "prob_map": ("probabilities, one channel, `(N, H, W, 1)`", rng.uniform(size=(2, 6, 6, 1))),
        "mask": (
            "binary masks, `(N, H, W, 1)`",
            (rng.uniform(size=(2, 6, 6, 1)) > 0.6).astype(float),
        ),
        "seg_logits": ("logits, channels last, `(N, H, W, C)`", rng.normal(size=(2, 6, 6, C))),
        "seg_onehot": ("one-hot targets, `(N, H, W, C)`", np.eye(C)[seg_labels]),
        **_ctc_inputs(seed),
        **_keras_inputs(x),
    }
    seg_prob = _softmax(named["seg_logits"][1])
    named["seg_prob"] = ("the softmax of `seg_logits`, `(N, H, W, C)`", seg_prob)
    named.update(_optax_inputs(named["seg_onehot"][1]))
    return named


def _optax_inputs(seg_onehot: np.ndarray) -> dict[str, tuple[str, np.ndarray]]:
    """Inputs of the optax rows, computed from the others (no random draws)."""
    volume = seg_onehot.sum(axis=(0, 1, 2))
    inverse = 1 / (volume**2 + 1e-7)
    return {
        "gdw": (
            "optax's generalized Dice class weights of `seg_onehot`: `v = 1 / (F**2 + 1e-7)` for the "
            "class volumes of the batch `F = seg_onehot.sum(axis=(0, 1, 2))`, then `v / v.mean()`, `(C,)`",
            inverse / inverse.mean(),
        ),
    }


def _keras_inputs(x: np.ndarray) -> dict[str, tuple[str, np.ndarray]]:
    """Masks and weights of the Keras rows (no random draws: the others stay as they were)."""
    p = 1 / (1 + np.exp(-x))
    return {
        "m": ("a boolean mask of the samples, `(N,)`", np.array([1, 1, 0, 1, 0, 1], bool)),
        # float32, as Keras computes: its clip bound 1 - 1e-7 rounds to 1 - 1.19e-7 there.
        "psat": (
            "probabilities with exact 0s and 1s (`p` saturated where `|x| > 1`), float32, `(N, C)`",
            np.where(x > 1.0, 1.0, np.where(x < -1.0, 0.0, p)).astype(np.float32),
        ),
        "s_img": ("per-image weights of `prob_map`, `(2,)`", np.array([0.5, 1.5])),
        "m_img": ("a boolean mask of the images of `prob_map`, `(2,)`", np.array([True, False])),
    }


def _ctc_inputs(seed: int) -> dict[str, tuple[str, np.ndarray]]:
    """CTC inputs, from their own generator so the other inputs stay as they were."""
    rng = np.random.default_rng(seed + 12)
    steps, labels = 8, 3
    logits = rng.normal(size=(steps, N, C))
    lp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    ctc_in_len = rng.integers(labels + 3, steps + 1, N)
    ctc_tgt_len = rng.integers(0, labels + 1, N)
    targets = rng.integers(1, C, (N, labels))
    return {
        "ctc_lp": ("CTC log-probabilities (blank = 0), `(T, N, C)` with T = 8", lp),
        "ctc_lp_btc": ("the same, batch first, `(N, T, C)`", np.swapaxes(lp, 0, 1).copy()),
        "ctc_targets": ("padded CTC targets in [1, C), `(N, S)` with S = 3", targets),
        "ctc_in_len": ("CTC input lengths, `(N,)`", ctc_in_len),
        "ctc_tgt_len": ("CTC target lengths, `(N,)`", ctc_tgt_len),
        "ctc_in_pad": (
            "optax's frame paddings (1 past the input length), `(N, T)`",
            (np.arange(steps) >= ctc_in_len[:, None]).astype(np.float32),
        ),
        "ctc_tgt_pad": (
            "optax's label paddings (1 past the target length), `(N, S)`",
            (np.arange(labels) >= ctc_tgt_len[:, None]).astype(np.float32),
        ),
        "ctc_logits": ("CTC logits, batch first, `(N, T, C)`", np.swapaxes(logits, 0, 1).copy()),
        "ctc_targets0": (
            "`ctc_targets` padded with 0 (Keras' blank) past the target length, `(N, S)`",
            np.where(np.arange(labels) < ctc_tgt_len[:, None], targets, 0),
        ),
        "ctc_full_len": ("input lengths all T = 8 (Keras' CTC), `(N,)`", np.full(N, steps)),
    }


def inputs(seed: int = 0) -> dict[str, np.ndarray]:
    """The named NumPy inputs the rows are written over."""
    return {name: value for name, (_, value) in _inputs(seed).items()}


def legend() -> list[tuple[str, str]]:
    """``(name, description)`` of every input, for the page."""
    return [(name, text) for name, (text, _) in _inputs().items()]


# Keras losses with a portloss counterpart. Each gives a row with ``sample_weight`` and a
# row with a Keras mask (``masked``), both with Keras' default reduction; the portloss
# side is the call with ``convention='keras'`` alone.
@dataclass(frozen=True)
class KerasLoss:
    """``keras.losses.<ctor>(y_true, y_pred)`` is ``portloss.<call>)`` with its weights."""

    ctor: str
    y_true: str
    y_pred: str
    call: str  # the portloss call without its closing parenthesis
    note: str = ""
    weight: str = "s"
    mask: str = "m"


KERAS_WEIGHTED: list[KerasLoss] = [
    KerasLoss(
        "BinaryCrossentropy()",
        "t",
        "psat",
        "binary_cross_entropy(psat, t",
        "probabilities, clipped to [1e-7, 1 - 1e-7] as Keras does (`psat` has exact 0s and 1s)",
    ),
    KerasLoss(
        "BinaryCrossentropy(from_logits=True)",
        "t",
        "x",
        "binary_cross_entropy(x, t, from_logits=True",
    ),
    KerasLoss(
        "BinaryFocalCrossentropy()",
        "t",
        "p",
        "sigmoid_focal_loss(p, t, from_logits=False",
        "Keras' `alpha` is off by default (`apply_class_balancing=False`), so under the convention",
    ),
    KerasLoss(
        "BinaryFocalCrossentropy(from_logits=True, apply_class_balancing=True, alpha=0.3)",
        "t",
        "x",
        "sigmoid_focal_loss(x, t, alpha=0.3",
    ),
    KerasLoss(
        "CategoricalCrossentropy(from_logits=True)", "onehot", "x", "cross_entropy(x, onehot"
    ),
    KerasLoss("SparseCategoricalCrossentropy(from_logits=True)", "y", "x", "cross_entropy(x, y"),
    KerasLoss(
        "CategoricalFocalCrossentropy(from_logits=True)",
        "onehot",
        "x",
        "softmax_focal_loss(x, onehot",
        "Keras' `alpha=0.25` is the default under the convention",
    ),
    KerasLoss(
        "CategoricalGeneralizedCrossEntropy(q=0.7)",
        "y",
        "q",
        "generalized_cross_entropy(q, y, q=0.7",
    ),
    KerasLoss(
        "MeanSquaredError()",
        "target",
        "x",
        "mse_loss(x, target",
        "elementwise losses: Keras averages over the last axis, then weights each sample",
    ),
    KerasLoss("MeanAbsoluteError()", "target", "x", "l1_loss(x, target"),
    KerasLoss(
        "MeanAbsolutePercentageError()", "target", "x", "mean_absolute_percentage_error(x, target"
    ),
    KerasLoss(
        "MeanSquaredLogarithmicError()", "target", "x", "mean_squared_logarithmic_error(x, target"
    ),
    KerasLoss("Huber(delta=0.5)", "target", "x", "huber_loss(x, target, delta=0.5"),
    KerasLoss("LogCosh()", "target", "x", "log_cosh_loss(x, target"),
    KerasLoss("Hinge()", "t", "x", "hinge_loss(x, t"),
    KerasLoss("SquaredHinge()", "t", "x", "squared_hinge_loss(x, t"),
    KerasLoss("CategoricalHinge()", "onehot", "x", "categorical_hinge_loss(x, onehot"),
    KerasLoss(
        "KLDivergence()",
        "ptrue",
        "q",
        "kl_div(q, ptrue, log_input=False",
        "Keras sums over the last axis, then averages the samples",
    ),
    KerasLoss("Poisson()", "counts", "rate", "poisson_nll_loss(rate, counts, log_input=False"),
    KerasLoss("CosineSimilarity()", "target", "x", "cosine_similarity_loss(x, target"),
    KerasLoss(
        "Dice(axis=(1, 2, 3))",
        "mask",
        "prob_map",
        "dice_loss(prob_map, mask, batch=False",
        "one value per image: Keras' `axis` without the batch axis is `batch=False`",
        weight="s_img",
        mask="m_img",
    ),
    KerasLoss(
        "Tversky(alpha=0.3, beta=0.7, axis=(1, 2, 3))",
        "mask",
        "prob_map",
        "tversky_loss(prob_map, mask, alpha=0.3, beta=0.7, batch=False",
        "Keras' `alpha` weighs the false negatives, and keeps that meaning under the convention",
        weight="s_img",
        mask="m_img",
    ),
    KerasLoss(
        "Circle()",
        "groups",
        "anchor",
        "circle_loss(anchor, groups",
        "anchors without a positive pair leave the mean, in Keras as in portloss",
    ),
    KerasLoss(
        "CTC()",
        "ctc_targets0",
        "ctc_logits",
        "ctc_loss(ctc_logits, ctc_targets0, ctc_full_len, ctc_tgt_len, batch_first=True, from_logits=True",
        "Keras' CTC: logits, 0 is the blank and the padding",
    ),
]

# Keras' other reductions, on a few losses (the rule is the same for every loss).
KERAS_REDUCTIONS: list[tuple[str, str, str, str]] = [
    ("MeanSquaredError", "target", "x", "mse_loss(x, target"),
    ("BinaryCrossentropy", "t", "p", "binary_cross_entropy(p, t"),
    ("SparseCategoricalCrossentropy", "y", "x", "cross_entropy(x, y"),
]


def _keras_weighted_rows() -> list[Row]:
    rows = []
    for k in KERAS_WEIGHTED:
        keras_call = f"keras.losses.{k.ctor}({k.y_true}, "
        rows.append(
            Row(
                f"{keras_call}{k.y_pred}, sample_weight={k.weight})",
                f"portloss.{k.call}, sample_weight={k.weight}, convention='keras')",
                k.note,
            )
        )
        rows.append(
            Row(
                f"{keras_call}masked({k.y_pred}, {k.mask}))",
                f"portloss.{k.call}, sample_weight={k.mask}, convention='keras')",
            )
        )
    for name, y_true, y_pred, call in KERAS_REDUCTIONS:
        logits = ", from_logits=True" if name == "SparseCategoricalCrossentropy" else ""
        for reduction in ("sum", "mean_with_sample_weight"):
            rows.append(
                Row(
                    f"keras.losses.{name}(reduction='{reduction}'{logits})"
                    f"({y_true}, {y_pred}, sample_weight=s)",
                    f"portloss.{call}, sample_weight=s, reduction='{reduction}', "
                    "convention='keras')",
                    "Keras' reduction strings keep their Keras meaning"
                    if reduction != "sum"
                    else "",
                )
            )
    return rows


# Tables of peers that are not installed with the docs: their rows are checked by the
# named test files (against the peer's formula written out, or the peer itself).
PEER_TABLES: dict[str, Table] = {
    "metric": Table(
        "pytorch-metric-learning (`pml`) and TensorFlow Addons (`tfa`)",
        [
            Row(
                "pml.losses.ArcFaceLoss(C, D, margin=28.6, scale=64)(emb, labels)",
                "portloss.arcface_loss(emb, W, labels, margin=0.5, scale=64.0)",
                "pml's margin is in degrees, portloss' in radians; insightface's `th`/`mm` fallback",
            ),
            Row(
                "pml.losses.SubCenterArcFaceLoss(C, D, sub_centers=3)",
                "portloss.arcface_loss(emb, W, labels, k=3)",
            ),
            Row(
                "pml.losses.CosFaceLoss(C, D, margin=0.35, scale=64)(emb, labels)",
                "portloss.cosface_loss(emb, W, labels, margin=0.35, scale=64.0)",
            ),
            Row(
                "pml.losses.SphereFaceLoss(C, D, margin=4)",
                "portloss.sphereface_loss(emb, W, labels, margin=4, scale=s)",
                "pml scales by the embedding norm; portloss normalises and uses a fixed scale",
            ),
            Row(
                "pml.losses.MultiSimilarityLoss(alpha=2, beta=50, base=0.5)(emb, labels)",
                "portloss.multi_similarity_loss(emb, labels)",
            ),
            Row(
                "tfa.losses.triplet_semihard_loss(labels, emb, margin=1.0)",
                "portloss.triplet_semihard_loss(emb, labels, margin=1.0)",
            ),
            Row(
                "tfa.losses.TripletSemiHardLoss(distance_metric='squared-L2')",
                "portloss.triplet_semihard_loss(emb, labels, metric='squared')",
            ),
            Row(
                "batch_hard_triplet_loss(labels, emb, margin)",
                "portloss.batch_hard_triplet_loss(emb, labels, margin=margin)",
                "the common TensorFlow reference; anchors without a positive or negative "
                "are left out",
            ),
            Row(
                "batch_all_triplet_loss(labels, emb, margin)",
                "portloss.batch_all_triplet_loss(emb, labels, margin=margin)",
                "the same reference",
            ),
        ],
        checked_by="tests/test_metric.py",
    ),
    "contrastive": Table(
        "open_clip and sentence-transformers",
        [
            Row(
                "open_clip.ClipLoss()(img, txt, model.logit_scale.exp())",
                "portloss.clip_loss(img, txt, logit_scale=model.logit_scale.exp())",
            ),
            Row(
                "open_clip.SigLipLoss()(img, txt, logit_scale.exp(), logit_bias)",
                "portloss.siglip_loss(img, txt, logit_scale=logit_scale.exp(), "
                "logit_bias=logit_bias)",
            ),
            Row(
                "MultipleNegativesRankingLoss(model, scale=20.0)",
                "portloss.infonce_loss(anchor, positive, scale=20.0)",
                "on (anchor, positive)",
            ),
            Row(
                "MultipleNegativesRankingLoss(model, scale=20.0)",
                "portloss.infonce_loss(anchor, positive, neg)",
                "on (anchor, positive, negative_1, …, negative_K)",
            ),
            Row(
                "SupConLoss(temperature=0.07)(features, labels)",
                "portloss.supcon_loss(features, labels, temperature=0.07)",
            ),
        ],
        checked_by="tests/test_contrastive.py",
    ),
    "segmentation": Table(
        "MONAI, kornia and segmentation_models_pytorch (`smp`)",
        [
            Row(
                "monai.losses.DiceCELoss(softmax=True, to_onehot_y=True, lambda_dice=a, "
                "lambda_ce=b)(x, y[:, None])",
                "portloss.dice_ce_loss(x, y, axis=1, lambda_dice=a, lambda_ce=b)",
            ),
            Row(
                "monai.losses.DiceFocalLoss(sigmoid=True, to_onehot_y=True, gamma=g, "
                "lambda_focal=b)(x, y[:, None])",
                "portloss.dice_focal_loss(x, y, axis=1, gamma=g, lambda_focal=b)",
            ),
            Row(
                "monai.losses.MaskedDiceLoss(softmax=True)(x, onehot, mask=m)",
                "portloss.dice_loss(x, y, axis=1, from_logits=True, activation='softmax', mask=m)",
            ),
            Row(
                "monai.losses.DiceLoss(softmax=True, soft_label=True)(x, q)",
                "portloss.dice_loss(x, q, axis=1, from_logits=True, activation='softmax', soft_label=True)",
            ),
            Row(
                "monai.losses.GeneralizedDiceLoss(softmax=True, w_type=k)(x, onehot)",
                "portloss.generalized_dice_loss(x, y, axis=1, from_logits=True, activation='softmax', weight_type=k)",
            ),
            Row(
                "smp.losses.DiceLoss('multiclass', classes=k, log_loss=True)(x, y)",
                "portloss.dice_loss(x, y, axis=1, from_logits=True, activation='softmax', batch=True, smooth=0, "
                "empty_target='zero', classes=k, log_loss=True)",
            ),
            Row("smp.losses.MCCLoss()(p, t)", "portloss.mcc_loss(p, t)"),
            Row(
                "monai.losses.SoftclDiceLoss(softmax=True, to_onehot_y=True, iter_=k)"
                "(x, y[:, None])",
                "portloss.cldice_loss(x, y, axis=1, from_logits=True, activation='softmax', iterations=k)",
            ),
            Row(
                "kornia.losses.lovasz_softmax_loss(x, y, weight=w)",
                "portloss.lovasz_softmax_loss(x, y, axis=1, from_logits=True, activation='softmax', "
                "classes='all', per_image=True, weight=w)",
            ),
            Row(
                "kornia.losses.HausdorffERLoss(alpha=a, k=k)(p, y[:, None])",
                "portloss.hausdorff_erosion_loss(p, y, axis=1, alpha=a, iterations=k)",
                "`HausdorffERLoss3D` for volumes; checked by `tests/test_hausdorff.py`",
            ),
            Row(
                "kornia.losses.charbonnier_loss(x, t)",
                "portloss.charbonnier_loss(x, t, reduction='none')",
                "kornia's default reduction is `'none'`; the same for `cauchy_loss`, "
                "`geman_mcclure_loss` and `welsch_loss`",
            ),
            Row(
                "general.lossfun(x - t, alpha, scale)",
                "portloss.general_adaptive_loss(x, t, alpha=alpha, scale=scale, reduction='none')",
                "Barron's reference implementation",
            ),
        ],
        checked_by="tests/test_segmentation_extras.py and tests/test_robust.py",
    ),
    "peers": Table(
        "torchvision, kornia and MONAI",
        [
            Row(
                "torchvision.ops.generalized_box_iou_loss(b, g)",
                'portloss.generalized_box_iou_loss(b, g, reduction="none")',
                "torchvision's default reduction is `'none'`",
            ),
            Row(
                'torchvision.ops.distance_box_iou_loss(b, g, reduction="mean")',
                "portloss.distance_box_iou_loss(b, g)",
            ),
            Row(
                'torchvision.ops.complete_box_iou_loss(b, g, reduction="sum")',
                'portloss.complete_box_iou_loss(b, g, reduction="sum")',
                "the same `eps` enters every term",
            ),
            Row(
                "kornia.losses.ssim_loss(x, y, 5)",
                'portloss.ssim_loss(x, y, win_size=5, padding="reflect", dssim=True, eps=1e-12)',
                "kornia's window size is required",
            ),
            Row(
                'kornia.losses.ssim_loss(x, y, 5, max_val=2.0, padding="valid")',
                "portloss.ssim_loss(x, y, win_size=5, data_range=2.0, dssim=True, eps=1e-12)",
            ),
            Row(
                "monai.losses.SSIMLoss(spatial_dims=2, win_size=5)(x, y)",
                "portloss.ssim_loss(x, y, win_size=5)",
                "MONAI computes in float32",
            ),
            Row(
                "1 - monai.metrics.MultiScaleSSIMMetric(spatial_dims=2, kernel_size=3, "
                "weights=(0.5, 0.5))(x, y).ravel()",
                'portloss.ms_ssim_loss(x, y, win_size=3, weights=(0.5, 0.5), reduction="none")',
                "one value per image",
            ),
            Row("kornia.losses.psnr_loss(x, y, 1.0)", "portloss.psnr_loss(x, y)"),
            Row(
                "-monai.metrics.PSNRMetric(max_val=1.0)(x, y).ravel()",
                'portloss.psnr_loss(x, y, per_image=True, reduction="none")',
            ),
            Row(
                "kornia.losses.total_variation(x)",
                'portloss.total_variation(x, reduction="none")',
            ),
            Row(
                'kornia.losses.total_variation(x, reduction="mean")',
                'portloss.total_variation(x, average=True, reduction="none")',
                "kornia's `reduction` is `average`",
            ),
        ],
        checked_by="tests/test_migration_peers.py",
    ),
}


TABLES: dict[str, Table] = {
    "torch": Table(
        "`torch.nn.functional` (`F`)",
        [
            Row(
                "F.cross_entropy(x, y)",
                "portloss.cross_entropy(x, y)",
                "`(N, C)`: the class axis is the last one",
            ),
            Row(
                "F.cross_entropy(img_logits, img_labels)",
                "portloss.cross_entropy(img_logits, img_labels, axis=1)",
                "torch's `(N, C, d1, …)` layout is `axis=1`",
            ),
            Row(
                "F.cross_entropy(x, y, w, ignore_index=2, label_smoothing=0.1)",
                "portloss.cross_entropy(x, y, weight=w, ignore_index=2, label_smoothing=0.1)",
                "options are keyword-only",
            ),
            Row(
                "F.nll_loss(logq, y, weight=w)",
                "portloss.nll_loss(logq, y, weight=w)",
                "`axis=1` for `(N, C, d1, …)`",
            ),
            Row(
                "F.binary_cross_entropy(p, t, weight=ew)",
                "portloss.binary_cross_entropy(p, t, weight=ew)",
                "logs clamped at -100, as torch",
            ),
            Row(
                "F.binary_cross_entropy_with_logits(x, t, pos_weight=w)",
                "portloss.binary_cross_entropy_with_logits(x, t, pos_weight=w)",
            ),
            Row(
                "F.kl_div(logq, ptrue, reduction='batchmean')",
                "portloss.kl_div(logq, ptrue, reduction='batchmean')",
                "torch's default `'mean'` too",
            ),
            Row(
                "F.kl_div(logq, logp, log_target=True)",
                "portloss.kl_div(logq, logp, log_target=True)",
            ),
            Row("F.l1_loss(x, target, weight=ew)", "portloss.l1_loss(x, target, weight=ew)"),
            Row("F.mse_loss(x, target, weight=ew)", "portloss.mse_loss(x, target, weight=ew)"),
            Row("F.huber_loss(x, target, delta=0.5)", "portloss.huber_loss(x, target, delta=0.5)"),
            Row(
                "F.smooth_l1_loss(x, target, beta=0.5)",
                "portloss.smooth_l1_loss(x, target, beta=0.5)",
            ),
            Row(
                "F.poisson_nll_loss(x, counts, full=True)",
                "portloss.poisson_nll_loss(x, counts, full=True)",
                "`log_input=True` by default, as torch",
            ),
            Row(
                "F.gaussian_nll_loss(x, target, var)", "portloss.gaussian_nll_loss(x, target, var)"
            ),
            Row(
                "F.hinge_embedding_loss(x, pm, margin=0.5)",
                "portloss.hinge_embedding_loss(x, pm, margin=0.5)",
            ),
            Row(
                "F.soft_margin_loss(x, pm)",
                "portloss.soft_margin_loss(x, pm)",
                "no overflow where torch's float32 gives inf",
            ),
            Row(
                "F.multi_margin_loss(x, y, p=2, margin=0.5, weight=w)",
                "portloss.multi_margin_loss(x, y, p=2, margin=0.5, weight=w)",
            ),
            Row("F.multilabel_margin_loss(x, ml)", "portloss.multilabel_margin_loss(x, ml)"),
            Row(
                "F.multilabel_soft_margin_loss(x, t, weight=w)",
                "portloss.multilabel_soft_margin_loss(x, t, weight=w)",
            ),
            Row(
                "F.margin_ranking_loss(s1, s2, pair, margin=0.3)",
                "portloss.margin_ranking_loss(s1, s2, pair, margin=0.3)",
            ),
            Row(
                "F.cosine_embedding_loss(anchor, positive, pair, margin=0.2)",
                "portloss.cosine_embedding_loss(anchor, positive, pair, margin=0.2)",
                "also with more batch dimensions than torch takes",
            ),
            Row(
                "F.triplet_margin_loss(anchor, positive, negative, p=1, swap=True)",
                "portloss.triplet_margin_loss(anchor, positive, negative, p=1, swap=True)",
            ),
            Row(
                "F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=dist)",
                "portloss.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=dist)",
                "`dist` gets arrays of the inputs' library",
            ),
            Row(
                "F.one_hot(y, 4)",
                "portloss.one_hot(y, 4, dtype=y.dtype)",
                "portloss' default dtype is floating",
            ),
            Row(
                "torchvision.ops.sigmoid_focal_loss(x, t)",
                "portloss.sigmoid_focal_loss(x, t, reduction='none')",
                "torchvision's default reduction is `'none'`",
            ),
            Row(
                "F.ctc_loss(ctc_lp, ctc_targets, ctc_in_len, ctc_tgt_len)",
                "portloss.ctc_loss(ctc_lp, ctc_targets, ctc_in_len, ctc_tgt_len)",
                "padded `(N, S)` targets only (not the concatenated 1-D form)",
            ),
            Row(
                "F.kl_div(F.log_softmax(x / 2, -1), F.softmax(target / 2, -1), reduction='batchmean') * 4",
                "portloss.hinton_distillation_loss(x, target, temperature=2.0)",
                "Hinton's distillation loss at T = 2 (T² = 4)",
            ),
        ],
        evaluate="torch",
    ),
    "keras": Table(
        "Keras 3 (`keras.losses`, called as `loss(y_true, y_pred)`)",
        [
            Row(
                "keras.losses.CategoricalCrossentropy(from_logits=True)(onehot, x)",
                "portloss.cross_entropy(x, onehot)",
                "arguments swap: prediction first",
            ),
            Row(
                "keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(onehot, x)",
                "portloss.cross_entropy(x, onehot, label_smoothing=0.1)",
            ),
            Row(
                "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, x)",
                "portloss.cross_entropy(x, y)",
            ),
            Row(
                "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, x, sample_weight=s)",
                "portloss.cross_entropy(x, y, sample_weight=s, convention='keras')",
                "Keras' mean divides by the count, not the weights",
            ),
            Row(
                "keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1)(y, x)",
                "portloss.cross_entropy(x, y, ignore_index=1, convention='keras')",
                "an all-ignored batch gives 0, as Keras",
            ),
            Row(
                "keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2)(t, x)",
                "portloss.binary_cross_entropy_with_logits(x, t, label_smoothing=0.2)",
            ),
            Row(
                "keras.losses.BinaryCrossentropy()(t, p)",
                "portloss.binary_cross_entropy(p, t, convention='keras')",
                "the convention clips `p` to [1e-7, 1 - 1e-7], as Keras",
            ),
            Row(
                "keras.losses.BinaryCrossentropy()(t, p, sample_weight=s)",
                "portloss.binary_cross_entropy(p, t, sample_weight=s, convention='keras')",
                "per-sample means over the last axis, weighted, divided by the count",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(from_logits=True)(t, x)",
                "portloss.sigmoid_focal_loss(x, t, convention='keras')",
                "the convention takes Keras' `alpha` (off) and clips the sigmoid's probability, as Keras",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(from_logits=True, apply_class_balancing=True, alpha=0.3)(t, x)",
                "portloss.sigmoid_focal_loss(x, t, alpha=0.3)",
            ),
            Row(
                "keras.losses.CategoricalFocalCrossentropy(from_logits=True)(onehot, x)",
                "portloss.softmax_focal_loss(x, onehot, convention='keras')",
                "Keras' default `alpha=0.25` comes with the convention (portloss' own is `None`)",
            ),
            Row(
                "keras.losses.CategoricalFocalCrossentropy()(onehot, q)",
                "portloss.softmax_focal_loss(q, onehot, from_logits=False, convention='keras')",
                "probabilities: say so with `from_logits=False` (a convention never changes what the input holds)",
            ),
            Row("keras.losses.MeanSquaredError()(target, x)", "portloss.mse_loss(x, target)"),
            Row("keras.losses.MeanAbsoluteError()(target, x)", "portloss.l1_loss(x, target)"),
            Row(
                "keras.losses.Huber(delta=0.5)(target, x)",
                "portloss.huber_loss(x, target, delta=0.5)",
            ),
            Row("keras.losses.LogCosh()(target, x)", "portloss.log_cosh_loss(x, target)"),
            Row(
                "keras.losses.MeanAbsolutePercentageError()(target, x)",
                "portloss.mean_absolute_percentage_error(x, target)",
            ),
            Row(
                "keras.losses.MeanSquaredLogarithmicError()(target, x)",
                "portloss.mean_squared_logarithmic_error(x, target)",
            ),
            Row(
                "keras.losses.KLDivergence()(ptrue, q)",
                "portloss.kl_div(q, ptrue, log_input=False, convention='keras')",
                "probabilities, clipped to [1e-7, 1] as Keras",
            ),
            Row(
                "keras.losses.Poisson()(counts, rate)",
                "portloss.poisson_nll_loss(rate, counts, log_input=False, convention='keras')",
                "the convention takes Keras' `eps=1e-7`",
            ),
            Row(
                "keras.losses.CosineSimilarity()(target, x)",
                "portloss.cosine_similarity_loss(x, target)",
            ),
            Row(
                "keras.losses.Hinge()(t, x)",
                "portloss.hinge_loss(x, t)",
                "{0, 1} labels become {-1, 1}, as Keras",
            ),
            Row(
                "keras.losses.Hinge()(t, x, sample_weight=s)",
                "portloss.hinge_loss(x, t, sample_weight=s, convention='keras')",
            ),
            Row("keras.losses.SquaredHinge()(t, x)", "portloss.squared_hinge_loss(x, t)"),
            Row(
                "keras.losses.CategoricalHinge()(onehot, x)",
                "portloss.categorical_hinge_loss(x, onehot)",
                "index targets work too",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy()(t, p)",
                "portloss.sigmoid_focal_loss(p, t, from_logits=False, convention='keras')",
                "probabilities: Keras' default `from_logits=False`, clipped at 1e-7 by the convention",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(from_logits=True, label_smoothing=0.1)(t, x)",
                "portloss.sigmoid_focal_loss(x, t, label_smoothing=0.1, alpha=None)",
            ),
            Row(
                "keras.losses.CategoricalGeneralizedCrossEntropy(q=0.7)(y, q)",
                "portloss.generalized_cross_entropy(q, y, q=0.7)",
                "probabilities; `from_logits=True` for logits",
            ),
            Row(
                "keras.losses.Dice()(mask, prob_map)",
                "portloss.dice_loss(prob_map, mask, convention='keras')",
                "Keras' `axis=None` pools the batch and the classes (`batch=True, pool_classes=True`) and "
                "smooths the denominator only, by 1e-7: the convention's defaults",
            ),
            Row(
                "keras.losses.Dice()(seg_onehot, seg_prob)",
                "portloss.dice_loss(seg_prob, seg_onehot, convention='keras')",
                "several classes: pooled, as Keras",
            ),
            Row(
                "keras.losses.Dice(axis=(1, 2))(seg_onehot, seg_prob)",
                "portloss.dice_loss(seg_prob, seg_onehot, batch=False, pool_classes=False, convention='keras')",
                "Keras' axis without the batch and class axes: one Dice per (image, class), averaged",
            ),
            Row(
                "keras.losses.Tversky(alpha=0.3, beta=0.7)(mask, prob_map)",
                "portloss.tversky_loss(prob_map, mask, alpha=0.3, beta=0.7, convention='keras')",
                "under the convention `alpha` weighs the false negatives, as Keras' does",
            ),
            Row(
                "keras.losses.Circle()(groups, anchor)",
                "portloss.circle_loss(anchor, groups, convention='keras')",
                "Keras expects unit rows and does not normalise: neither does the convention",
            ),
        ],
        evaluate="keras",
    ),
    "keras_weights": Table(
        "Keras 3 with `sample_weight` and masks (`convention='keras'`)",
        _keras_weighted_rows(),
        evaluate="keras",
    ),
    "optax": Table(
        "optax (`optax.losses`, unreduced: one value per example)",
        [
            Row(
                "optax.losses.softmax_cross_entropy(x, onehot)",
                "portloss.cross_entropy(x, onehot, reduction='none')",
            ),
            Row(
                "optax.losses.softmax_cross_entropy_with_integer_labels(x, y)",
                "portloss.cross_entropy(x, y, reduction='none')",
            ),
            Row(
                "optax.losses.softmax_cross_entropy(x, optax.losses.smooth_labels(onehot, 0.1))",
                "portloss.cross_entropy(x, y, label_smoothing=0.1, reduction='none')",
            ),
            Row(
                "optax.losses.softmax_cross_entropy(seg_logits, seg_prob, axis=(1, 2))",
                "portloss.cross_entropy(seg_logits, seg_prob, axis=(1, 2), reduction='none')",
                "a tuple `axis`: the classes span those axes, as optax's",
            ),
            Row(
                "optax.losses.softmax_cross_entropy(x, ptrue, where=t > 0)",
                "portloss.cross_entropy(x, ptrue, where=t > 0, reduction='none')",
                "`where` leaves classes out of the softmax and the sum",
            ),
            Row(
                "optax.losses.softmax_cross_entropy_with_integer_labels(x, y, where=t > 0)",
                "portloss.cross_entropy(x, y, where=t > 0, reduction='none')",
            ),
            Row("optax.losses.smooth_labels(onehot, 0.1)", "portloss.smooth_labels(onehot, 0.1)"),
            Row(
                "optax.losses.sigmoid_binary_cross_entropy(x, t)",
                "portloss.binary_cross_entropy_with_logits(x, t, reduction='none')",
            ),
            Row(
                "optax.losses.sigmoid_focal_loss(x, t)",
                "portloss.sigmoid_focal_loss(x, t, alpha=None, reduction='none')",
                "optax's default `alpha` is `None`, portloss' 0.25 (torchvision's)",
            ),
            Row(
                "optax.losses.poly_loss_cross_entropy(x, onehot)",
                "portloss.poly1_cross_entropy(x, onehot, epsilon=2.0, reduction='none')",
                "optax's default `epsilon` is 2, portloss' 1 (the paper's)",
            ),
            Row(
                "optax.losses.squared_error(x, target)",
                "portloss.mse_loss(x, target, reduction='none')",
            ),
            Row(
                "optax.losses.l2_loss(x, target)",
                "0.5 * portloss.mse_loss(x, target, reduction='none')",
            ),
            Row(
                "optax.losses.huber_loss(x, target, delta=0.5)",
                "portloss.huber_loss(x, target, delta=0.5, reduction='none')",
            ),
            Row(
                "optax.losses.log_cosh(x, target)",
                "portloss.log_cosh_loss(x, target, reduction='none')",
            ),
            Row(
                "optax.losses.kl_divergence(logq, ptrue)",
                "portloss.kl_div(logq, ptrue, reduction='none').sum(axis=-1)",
            ),
            Row(
                "optax.losses.kl_divergence(logq, ptrue, where=t > 0)",
                "portloss.kl_div(logq, ptrue, sample_weight=t > 0, reduction='none').sum(axis=-1)",
                "elementwise: a boolean `sample_weight` is optax's `where`, the sum its class sum",
            ),
            Row(
                "optax.losses.kl_divergence(seg_logits, seg_prob, axis=(1, 2))",
                "portloss.kl_div(seg_logits, seg_prob, reduction='none').sum(axis=(1, 2))",
            ),
            Row(
                "optax.losses.kl_divergence_with_log_targets(logq, logp, where=t > 0)",
                "portloss.kl_div(logq, logp, log_target=True, sample_weight=t > 0, reduction='none').sum(axis=-1)",
            ),
            Row(
                "optax.losses.kl_divergence(logq, ptrue).mean()",
                "portloss.kl_div(logq, ptrue, reduction='batchmean')",
            ),
            Row(
                "optax.losses.kl_divergence_with_log_targets(logq, logp).mean()",
                "portloss.kl_div(logq, logp, log_target=True, reduction='batchmean')",
            ),
            Row(
                "optax.losses.cosine_similarity(x, target)",
                "-portloss.cosine_similarity_loss(x, target, reduction='none')",
            ),
            Row(
                "optax.losses.cosine_similarity(x, target, where=t > 0)",
                "-portloss.cosine_similarity_loss(x, target, where=t > 0, reduction='none')",
                "`where` leaves entries out of the dot product and the norms",
            ),
            Row(
                "optax.losses.cosine_distance(seg_logits, seg_prob, axis=(1, 2))",
                "1 + portloss.cosine_similarity_loss(seg_logits, seg_prob, axis=(1, 2), reduction='none')",
                "a tuple `axis`: the vectors span those axes",
            ),
            Row(
                "optax.losses.cosine_distance(x, target)",
                "1 + portloss.cosine_similarity_loss(x, target, reduction='none')",
            ),
            Row(
                "optax.losses.hinge_loss(x, pm)",
                "portloss.hinge_loss(x, pm, reduction='none')",
                "labels in {-1, 1}",
            ),
            Row(
                "optax.losses.ntxent(anchor, groups, temperature=0.5)",
                "portloss.ntxent_loss(anchor, groups, temperature=0.5)",
                "both already averaged over the positive pairs",
            ),
            Row(
                "optax.losses.ranking_softmax_loss(x, counts)",
                "portloss.ranking_softmax_loss(x, counts)",
                "scores `x` and relevance labels per list (the last axis)",
            ),
            Row(
                "optax.losses.ranking_softmax_loss(x, counts, where=t > 0, weights=ew, reduce_fn=None)",
                "portloss.ranking_softmax_loss(x, counts, where=t > 0, weights=ew, reduction='none')",
                "`where` leaves items out of the softmax; `weights` multiply the labels",
            ),
            Row(
                "optax.losses.dice_loss(seg_logits, seg_onehot)",
                "portloss.tversky_loss(seg_logits, seg_onehot, from_logits=True, activation='softmax', smooth=1.0, "
                "reduction='none').mean(axis=-1)",
                "optax's Dice is the Tversky form; equal to `dice_loss` with `smooth=2.0`",
            ),
            Row(
                "optax.losses.dice_loss(seg_logits, seg_onehot, alpha=0.3, beta=0.7, class_weights=w).mean()",
                "portloss.tversky_loss(seg_logits, seg_onehot, from_logits=True, activation='softmax', smooth=1.0, "
                "alpha=0.3, beta=0.7, weight=w, mean_denominator='count')",
                "optax multiplies by the class weights and averages",
            ),
            Row(
                "optax.losses.dice_loss(seg_logits, seg_onehot, axis=(0, 1, 2), ignore_background=True, reduction='none')",
                "portloss.tversky_loss(seg_logits, seg_onehot, from_logits=True, smooth=1.0, batch=True, "
                "include_background=False, reduction='none')",
                "a tuple `axis` with the batch axis 0 is `batch=True` (one value per class); "
                "`ignore_background` is `include_background=False`",
            ),
            Row(
                "optax.losses.binary_dice_loss(seg_logits[..., :1], mask)",
                "portloss.dice_loss(seg_logits[..., :1], mask, from_logits=True, smooth=2.0, pool_classes=True, reduction='none')",
                "one value per image; optax's `smooth` s is `smooth=2 * s` here. optax's "
                "`apply_sigmoid=False` refuses probabilities other than 1 (it wants them to sum "
                "to 1 over the one channel); with probabilities leave out `from_logits`",
            ),
            Row(
                "optax.losses.binary_dice_loss(seg_logits[..., 0], mask[..., 0], smooth=0.5)",
                "portloss.dice_loss(seg_logits[..., :1], mask, from_logits=True, smooth=1.0, pool_classes=True, reduction='none')",
                "optax adds the missing channel axis; portloss wants it",
            ),
            Row(
                "optax.losses.multiclass_generalized_dice_loss(seg_logits, seg_onehot)",
                "portloss.dice_loss(seg_logits, seg_onehot, from_logits=True, smooth=2.0, weight=gdw, mean_denominator='count')",
                "not Sudre's pooled ratio (`generalized_dice_loss`): the mean of the per-(image, class) "
                "Dice losses times the class weights `gdw`, which optax computes from the batch",
            ),
            Row(
                "optax.losses.multiclass_generalized_dice_loss(seg_logits, seg_onehot, smooth=0.5, ignore_background=True)",
                "portloss.dice_loss(seg_logits, seg_onehot, from_logits=True, smooth=1.0, include_background=False, "
                "weight=gdw, mean_denominator='count')",
                "the weights are those of all the classes, the background's included",
            ),
            Row(
                "optax.losses.multiclass_generalized_dice_loss(seg_prob, seg_onehot, apply_softmax=False)",
                "portloss.dice_loss(seg_prob, seg_onehot, smooth=2.0, weight=gdw, mean_denominator='count')",
            ),
            Row(
                "optax.losses.multiclass_hinge_loss(x, y)",
                "portloss.multiclass_hinge_loss(x, y, reduction='none')",
                "Crammer-Singer; Keras' `CategoricalHinge` is `categorical_hinge_loss`",
            ),
            Row(
                "optax.losses.perceptron_loss(x, pm)",
                "portloss.perceptron_loss(x, pm, reduction='none')",
            ),
            Row(
                "optax.losses.multiclass_perceptron_loss(x, y)",
                "portloss.multiclass_perceptron_loss(x, y, reduction='none')",
            ),
            Row(
                "optax.losses.multiclass_sparsemax_loss(x, y)",
                "portloss.sparsemax_loss(x, y, reduction='none')",
            ),
            Row(
                "optax.losses.sparsemax_loss(x, t)",
                "portloss.binary_sparsemax_loss(x, t, reduction='none')",
                "optax's binary sparsemax loss; `sparsemax_loss` is its multiclass one",
            ),
            Row(
                "optax.losses.make_fenchel_young_loss(lambda z: z.max())(x, ptrue)",
                "portloss.fenchel_young_loss(x, ptrue, max_fun='max', reduction='none')",
                "also `max_fun='logsumexp'` and `'sparsemax'`",
            ),
            Row(
                "optax.losses.generalized_kl_divergence(logq, ptrue)",
                "portloss.generalized_kl_divergence(logq, ptrue, reduction='none')",
            ),
            Row(
                "optax.losses.convex_kl_divergence(logq, ptrue)",
                "portloss.generalized_kl_divergence(logq, ptrue, reduction='none')",
                "optax's other name of `generalized_kl_divergence`",
            ),
            Row(
                "optax.losses.convex_kl_divergence(logq, ptrue, where=t > 0)",
                "portloss.generalized_kl_divergence(logq, ptrue, where=t > 0, reduction='none')",
                "`where` keeps entries out of the sums, as optax's",
            ),
            Row(
                "optax.losses.generalized_kl_divergence(seg_logits, seg_prob, axis=(1, 2))",
                "portloss.generalized_kl_divergence(seg_logits, seg_prob, axis=(1, 2), reduction='none')",
                "a tuple `axis` sums over all of them",
            ),
            Row(
                "optax.losses.triplet_margin_loss(anchor, positive, negative)",
                "portloss.triplet_margin_loss(anchor, positive, negative, eps_mode='power_sum', reduction='none')",
                "optax adds `eps` under the root, torch (portloss' default) to each difference",
            ),
            Row(
                "optax.losses.triplet_margin_loss(anchor, positive, negative, norm_degree=4, margin=0.5, eps=1e-3)",
                "portloss.triplet_margin_loss(anchor, positive, negative, p=4.0, margin=0.5, eps=1e-3, "
                "eps_mode='power_sum', reduction='none')",
                "`norm_degree` is `p`, for even degrees: optax takes no absolute value",
            ),
            Row(
                "optax.losses.triplet_margin_loss(anchor.T, positive.T, negative.T, axis=0)",
                "portloss.triplet_margin_loss(anchor.T, positive.T, negative.T, axis=0, eps_mode='power_sum', reduction='none')",
                "`axis` is the feature axis, as optax's",
            ),
            Row(
                "optax.losses.triplet_margin_loss(anchor, positive, negative, norm_degree=1)",
                "portloss.triplet_margin_with_distance_loss(anchor, positive, negative, "
                "distance_function=lambda u, v: (u - v).sum(axis=-1) + 1e-6, reduction='none')",
                "optax's degree 1 sums the signed differences (no norm; `p=1.0` is the L1 "
                "distance): its number needs this distance",
            ),
            Row(
                "optax.losses.safe_softmax_cross_entropy(x, onehot)",
                "portloss.softmax_cross_entropy(x, onehot, reduction='none')",
                "-inf logits with target 0 give 0; `where=` masks classes as optax's",
            ),
            Row(
                "optax.ctc_loss(ctc_lp_btc, ctc_in_pad, ctc_targets, ctc_tgt_pad)",
                "portloss.ctc_loss(ctc_lp_btc, ctc_targets, ctc_in_len, ctc_tgt_len, batch_first=True, reduction='none')",
                "optax takes logits `(N, T, C)` and paddings; it gives about 1e5, not inf, where no alignment exists",
            ),
            Row(
                "optax.ctc_loss(ctc_lp_btc * 3.0, ctc_in_pad, ctc_targets, ctc_tgt_pad)",
                "portloss.ctc_loss(ctc_lp_btc * 3.0, ctc_targets, ctc_in_len, ctc_tgt_len, batch_first=True, from_logits=True, reduction='none')",
                "logits: `from_logits=True` applies the log-softmax as optax does",
            ),
            Row(
                "optax.losses.ctc_loss_with_forward_probs(ctc_lp_btc * 3.0, ctc_in_pad, "
                "ctc_targets, ctc_tgt_pad)[1]",
                "portloss.ctc_forward_log_probs(ctc_lp_btc * 3.0, ctc_targets, ctc_in_len, "
                "ctc_tgt_len, batch_first=True, from_logits=True)[1]",
                "the blank states `(T, N, S + 1)`; `[0]` the losses, `[2]` the label states",
            ),
        ],
        evaluate="optax",
    ),
    **PEER_TABLES,
}


def functions_used() -> set[str]:
    """Every ``portloss.<name>`` the rows call."""
    return {
        match
        for table in TABLES.values()
        for row in table.rows
        for match in re.findall(r"portloss\.(\w+)", row.ours)
    }


def table_markdown(key: str, available: set[str] | None = None) -> str:
    """The MyST source of one table; rows calling a missing function are left out.

    One entry per call, not a table row: the framework's call, the portloss call
    beneath it and the note under both, so nothing hides past the right edge of a
    narrow page (a definition list in a ``portloss-migration`` container, styled by
    ``_static/portloss.css``).
    """
    table = TABLES[key]
    lines = [":::{container} portloss-migration", ""]
    for row in table.rows:
        names = set(re.findall(r"portloss\.(\w+)", row.ours))
        if available is not None and not names <= available:
            continue
        lines += [f"`{row.theirs}`", f": `{row.ours}`"]
        if row.note:
            lines += ["", f"  {row.note}"]
        lines.append("")
    if table.checked_by:
        lines += [f"Checked by `{table.checked_by}`.", ""]
    lines += [":::", ""]
    return "\n".join(lines)


def legend_markdown() -> str:
    """The inputs the rows are written over, one entry each."""
    lines = [":::{container} portloss-migration-legend", ""]
    for name, text in legend():
        lines += [f"`{name}`", f": {text}", ""]
    lines += [":::", ""]
    return "\n".join(lines)
