# ruff: noqa: E501  (the rows are data: one call per string, however long)
"""The migration tables: another framework's call and the portloss call with its number.

Each row is two Python expressions over the named inputs of ``INPUTS``. The docs build
renders them as the tables of ``docs/migrating.md`` (via ``portloss_docs``), and
``tests/test_docs.py`` evaluates both sides of every row and asserts that they give the
same numbers, with the framework installed. So a row that stops being true fails the
tests, and what the page shows is exactly what is checked.

Conventions of the expressions: ``F`` is ``torch.nn.functional``, ``torchvision`` is
torchvision (the row is checked against a transcription of
``torchvision.ops.sigmoid_focal_loss``, which is not installed), ``keras`` and
``optax`` are the packages, ``portloss`` is portloss. The framework side gets the
inputs as that framework's arrays (torch tensors for torch, NumPy for Keras and optax),
the portloss side as NumPy arrays.
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
    return {
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
    }


def _ctc_inputs(seed: int) -> dict[str, tuple[str, np.ndarray]]:
    """CTC inputs, from their own generator so the other inputs stay as they were."""
    rng = np.random.default_rng(seed + 12)
    steps, labels = 8, 3
    logits = rng.normal(size=(steps, N, C))
    lp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    ctc_in_len = rng.integers(labels + 3, steps + 1, N)
    ctc_tgt_len = rng.integers(0, labels + 1, N)
    ctc_targets = rng.integers(1, C, (N, labels))
    return {
        "ctc_lp": ("CTC log-probabilities (blank = 0), `(T, N, C)` with T = 8", lp),
        "ctc_lp_btc": ("the same, batch first, `(N, T, C)`", np.swapaxes(lp, 0, 1).copy()),
        "ctc_targets": ("padded CTC targets in [1, C), `(N, S)` with S = 3", ctc_targets),
        "ctc_keras_targets": (
            "the CTC targets padded with 0 (Keras' blank) past each target length, `(N, S)`",
            np.where(np.arange(labels) < ctc_tgt_len[:, None], ctc_targets, 0),
        ),
        "ctc_full_len": ("every frame (Keras' input lengths), `(N,)`", np.full(N, steps)),
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
    }


def inputs(seed: int = 0) -> dict[str, np.ndarray]:
    """The named NumPy inputs the rows are written over."""
    return {name: value for name, (_, value) in _inputs(seed).items()}


def legend() -> list[tuple[str, str]]:
    """``(name, description)`` of every input, for the page."""
    return [(name, text) for name, (text, _) in _inputs().items()]


TABLES: dict[str, tuple[str, list[Row]]] = {
    "torch": (
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
    ),
    "keras": (
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
                "portloss.binary_cross_entropy(p, t)",
                "for `p` in [1e-7, 1 - 1e-7], where Keras' clip and torch's log clamp do nothing",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(from_logits=True, gamma=2.0)(t, x)",
                "portloss.sigmoid_focal_loss(x, t, gamma=2.0, apply_class_balancing=False)",
                "for logits within about ±16 (Keras clips the probability)",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(from_logits=True, apply_class_balancing=True, alpha=0.3)(t, x)",
                "portloss.sigmoid_focal_loss(x, t, alpha=0.3, gamma=2.0)",
            ),
            Row(
                "keras.losses.CategoricalFocalCrossentropy(from_logits=True)(onehot, x)",
                "portloss.softmax_focal_loss(x, onehot, alpha=0.25, gamma=2.0)",
                "Keras' default `alpha=0.25`; portloss' is `None`",
            ),
            Row("keras.losses.MeanSquaredError()(target, x)", "portloss.mse_loss(x, target)"),
            Row(
                "keras.losses.MeanSquaredError()(target, x, sample_weight=s)",
                "portloss.mse_loss(x, target, sample_weight=s[:, None], reduction='sum') / x.size",
                "Keras divides a weighted sum by the count; so for every elementwise loss",
            ),
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
                "portloss.kl_div(logq, ptrue, reduction='batchmean')",
                "`(N, C)`, no probability below 1e-7 (Keras clips)",
            ),
            Row(
                "keras.losses.Poisson()(counts, rate)",
                "portloss.poisson_nll_loss(rate, counts, log_input=False, eps=1e-7)",
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
            Row("keras.losses.SquaredHinge()(t, x)", "portloss.squared_hinge_loss(x, t)"),
            Row(
                "keras.losses.CategoricalHinge()(onehot, x)",
                "portloss.categorical_hinge_loss(x, onehot)",
                "index targets work too",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(gamma=2.0)(t, p)",
                "portloss.sigmoid_focal_loss(p, t, from_logits=False, apply_class_balancing=False)",
                "probabilities: Keras' default `from_logits=False`, clipped at 1e-7",
            ),
            Row(
                "keras.losses.BinaryFocalCrossentropy(from_logits=True, label_smoothing=0.1)(t, x)",
                "portloss.sigmoid_focal_loss(x, t, label_smoothing=0.1, apply_class_balancing=False)",
            ),
            Row(
                "keras.losses.CategoricalGeneralizedCrossEntropy(q=0.7)(y, q)",
                "portloss.generalized_cross_entropy(q, y, q=0.7)",
                "probabilities; `from_logits=True` for logits",
            ),
            Row(
                "keras.losses.Dice()(mask, prob_map)",
                "portloss.dice_loss(prob_map, mask, batch=True, smooth_numerator=0.0, smooth_denominator=1e-7)",
                "one channel (Keras pools all channels together)",
            ),
            Row(
                "keras.losses.Tversky(alpha=0.3, beta=0.7)(mask, prob_map)",
                "portloss.tversky_loss(prob_map, mask, alpha=0.7, beta=0.3, batch=True, "
                "smooth_numerator=0.0, smooth_denominator=1e-7)",
                "Keras' `alpha` weighs the false negatives: swap them",
            ),
            Row(
                "keras.losses.Circle()(groups, anchor)",
                "portloss.circle_loss(anchor, groups, normalize=False)",
                "Keras expects unit rows and does not normalise; portloss does by default",
            ),
            Row(
                "keras.losses.Circle()(groups, anchor, sample_weight=s)",
                "portloss.circle_loss(anchor, groups, normalize=False, sample_weight=s, "
                "convention='keras')",
                "Keras' mean divides by the number of rows that take part",
            ),
            Row(
                "keras.losses.CTC()(ctc_keras_targets, ctc_lp_btc, sample_weight=s)",
                "portloss.ctc_loss(ctc_lp_btc, ctc_keras_targets, ctc_full_len, ctc_tgt_len, "
                "batch_first=True, from_logits=True, sample_weight=s, convention='keras')",
                "Keras takes logits `(N, T, C)`, every frame, labels padded with 0 (its blank); "
                "its mean does not divide by the target lengths",
            ),
        ],
    ),
    "optax": (
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
                "portloss.tversky_loss(seg_logits, seg_onehot, activation='softmax', smooth=1.0, "
                "reduction='none').mean(axis=-1)",
                "optax's Dice is the Tversky form; equal to `dice_loss` with `smooth=2.0`",
            ),
            Row(
                "optax.losses.dice_loss(seg_logits, seg_onehot, alpha=0.3, beta=0.7, class_weights=w).mean()",
                "portloss.tversky_loss(seg_logits, seg_onehot, activation='softmax', smooth=1.0, "
                "alpha=0.3, beta=0.7, weight=w, mean_denominator='count')",
                "optax multiplies by the class weights and averages",
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
                "optax.losses.make_fenchel_young_loss(lambda z: z.max())(x, ptrue)",
                "portloss.fenchel_young_loss(x, ptrue, max_fun='max', reduction='none')",
                "also `max_fun='logsumexp'` and `'sparsemax'`",
            ),
            Row(
                "optax.losses.generalized_kl_divergence(logq, ptrue)",
                "portloss.generalized_kl_divergence(logq, ptrue, reduction='none')",
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
    ),
}


def functions_used() -> set[str]:
    """Every ``portloss.<name>`` the rows call."""
    return {
        match
        for _, rows in TABLES.values()
        for row in rows
        for match in re.findall(r"portloss\.(\w+)", row.ours)
    }


def table_markdown(framework: str, available: set[str] | None = None) -> str:
    """The MyST table of one framework; rows calling a missing function are left out."""
    title, rows = TABLES[framework]
    header = title.split(" (", 1)[0]
    lines = [f"| {header} | portloss | |", "|---|---|---|"]
    for row in rows:
        names = set(re.findall(r"portloss\.(\w+)", row.ours))
        if available is not None and not names <= available:
            continue
        lines.append(f"| `{row.theirs}` | `{row.ours}` | {row.note} |")
    return "\n".join(lines) + "\n"


def legend_markdown() -> str:
    lines = ["| name | what |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in legend()]
    return "\n".join(lines) + "\n"
