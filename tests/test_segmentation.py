"""Segmentation losses against independent NumPy formulas, on every backend.

torch has none of these losses. The expected values come from the golden values
(hardcoded) and from the published definitions written out here in NumPy, each
following its library's source: MONAI ``DiceLoss`` / ``GeneralizedDiceLoss`` /
``TverskyLoss``, Keras ``dice`` / ``tversky``, optax ``dice_loss``,
segmentation_models_pytorch ``DiceLoss`` and the Lovász losses of Berman et al. (the
reference algorithm, boolean indexing and all). No expected number is computed by
portloss. Gradients are checked against central differences of the NumPy references.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import get_backend

import portloss

N, C = 3, 4
AUTODIFF_BACKENDS = ("torch", "jax", "torch-cuda", "jax-gpu")
TOL = {"float64": {"rtol": 1e-9, "atol": 1e-12}, "float32": {"rtol": 2e-5, "atol": 1e-6}}
# name -> (spatial shape, class axis under test)
LAYOUTS = {
    "2d-axis1": ((5, 4), 1),
    "2d-last": ((5, 4), -1),
    "3d-axis1": ((3, 2, 4), 1),
    "3d-last": ((3, 2, 4), -1),
}


# ---------------------------------------------------------------- data and helpers


def np_softmax(x, axis=1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def one_hot(labels, classes):
    """(N, *S) class indices -> (N, C, *S) one-hot (channel-first), as torch/MONAI."""
    return np.moveaxis(np.eye(classes)[labels], -1, 1)


def to_last(a):
    """Channel-first (N, C, *S) -> channel-last (N, *S, C)."""
    return np.moveaxis(a, 1, -1)


def in_layout(a, axis):
    return a if axis == 1 else to_last(a)


def seg_data(spatial=(5, 4), seed=0, classes=C, n=N, missing=None):
    """Channel-first logits (n, C, *S) and class indices (n, *S).

    ``missing``: a class that never occurs in the targets.
    """
    rng = np.random.default_rng(seed)
    x = 2.0 * rng.standard_normal((n, classes, *spatial))
    y = rng.integers(0, classes, (n, *spatial))
    if missing is not None:
        y = np.where(y == missing, (missing + 1) % classes, y)
    return x, y


def assert_close(got, expected, dtype="float64"):
    np.testing.assert_allclose(
        np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64), **TOL[dtype]
    )


def best_dtype(backend):
    return "float64" if "float64" in backend.dtypes else "float32"


def numeric_grad(f, x, h=1e-6):
    """Central differences of the scalar NumPy function ``f`` at ``x``."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


# ------------------------------------------------------- references from the sources


def monai_dice(
    input,
    target,
    *,
    include_background=True,
    to_onehot_y=False,
    sigmoid=False,
    softmax=False,
    squared_pred=False,
    jaccard=False,
    reduction="mean",
    smooth_nr=1e-5,
    smooth_dr=1e-5,
    batch=False,
    weight=None,
):
    """monai.losses.DiceLoss.forward (channel-first; ``target`` (B, 1, ...) with one-hot)."""
    if sigmoid:
        input = np_sigmoid(input)
    n_pred_ch = input.shape[1]
    if softmax:
        input = np_softmax(input, 1)
    if to_onehot_y:
        target = one_hot(target[:, 0], n_pred_ch)
    if not include_background:
        target, input = target[:, 1:], input[:, 1:]
    reduce_axis = tuple(range(2, input.ndim))
    if batch:
        reduce_axis = (0, *reduce_axis)
    intersection = np.sum(target * input, axis=reduce_axis)
    if squared_pred:
        target, input = target**2, input**2
    denominator = np.sum(target, axis=reduce_axis) + np.sum(input, axis=reduce_axis)
    if jaccard:
        denominator = 2.0 * (denominator - intersection)
    f = 1.0 - (2.0 * intersection + smooth_nr) / (denominator + smooth_dr)
    if weight is not None:
        f = f * np.asarray(weight)  # MONAI: weight per remaining class, then torch.mean
    return {"mean": np.mean, "sum": np.sum, "none": lambda a: a}[reduction](f)


def monai_generalized_dice(
    input,
    target,
    *,
    include_background=True,
    w_type="square",
    smooth_nr=1e-5,
    smooth_dr=1e-5,
    batch=False,
    reduction="mean",
):
    """monai.losses.GeneralizedDiceLoss.forward on probabilities and one-hot targets."""
    if not include_background:
        target, input = target[:, 1:], input[:, 1:]
    reduce_axis = tuple(range(2, input.ndim))
    if batch:
        reduce_axis = (0, *reduce_axis)
    intersection = np.sum(target * input, axis=reduce_axis)
    ground_o = np.sum(target, axis=reduce_axis)
    pred_o = np.sum(input, axis=reduce_axis)
    denominator = ground_o + pred_o
    with np.errstate(divide="ignore"):
        if w_type == "simple":
            w = np.reciprocal(ground_o)
        elif w_type == "square":
            w = np.reciprocal(ground_o * ground_o)
        else:
            w = np.ones_like(ground_o)
    infs = np.isinf(w)
    if batch:
        w[infs] = 0.0
        w = w + infs * np.max(w)
    else:
        w[infs] = 0.0
        max_values = np.max(w, axis=1)[:, None]
        w = w + infs * max_values
    final_reduce_dim = 0 if batch else 1
    numer = 2.0 * (intersection * w).sum(final_reduce_dim) + smooth_nr
    denom = (denominator * w).sum(final_reduce_dim) + smooth_dr
    f = 1.0 - numer / denom
    return {"mean": np.mean, "sum": np.sum, "none": lambda a: a}[reduction](f)


def monai_tversky(
    input, target, *, alpha=0.5, beta=0.5, smooth_nr=1e-5, smooth_dr=1e-5, batch=False
):
    """monai.losses.TverskyLoss.forward, reduction="none" (probabilities, one-hot)."""
    p0, p1, g0, g1 = input, 1 - input, target, 1 - target
    reduce_axis = tuple(range(2, input.ndim))
    if batch:
        reduce_axis = (0, *reduce_axis)
    tp = np.sum(p0 * g0, reduce_axis)
    fp = alpha * np.sum(p0 * g1, reduce_axis)
    fn = beta * np.sum(p1 * g0, reduce_axis)
    return 1.0 - (tp + smooth_nr) / (tp + fp + fn + smooth_dr)


def keras_dice(y_true, y_pred, axis=None):
    """keras.losses.dice: backend.epsilon() = 1e-7 in the denominator only."""
    intersection = np.sum(y_true * y_pred, axis=axis)
    return 1 - 2.0 * intersection / (np.sum(y_true, axis=axis) + np.sum(y_pred, axis=axis) + 1e-7)


def keras_tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """keras.losses.tversky, as written (``inputs = y_true``, ``targets = y_pred``)."""
    inputs, targets = y_true, y_pred
    intersection = np.sum(inputs * targets, axis=axis)
    fp = np.sum((1 - targets) * inputs, axis=axis)
    fn = np.sum(targets * (1 - inputs), axis=axis)
    return 1 - intersection / (intersection + fp * alpha + fn * beta + 1e-7)


def optax_dice(
    predictions,
    targets,
    *,
    class_weights=None,
    smooth=1.0,
    alpha=0.5,
    beta=0.5,
    apply_softmax=True,
    reduction="mean",
    ignore_background=False,
):
    """optax.losses.dice_loss (channel-last logits, one-hot targets): per-sample values."""
    probs = predictions
    if apply_softmax:
        probs = (
            np_sigmoid(predictions) if predictions.shape[-1] == 1 else np_softmax(predictions, -1)
        )
    axis = tuple(range(1, probs.ndim - 1))
    intersection = np.sum(probs * targets, axis=axis)
    pred_sum, target_sum = np.sum(probs, axis=axis), np.sum(targets, axis=axis)
    numerator = intersection + smooth
    denominator = (
        intersection
        + alpha * (pred_sum - intersection)
        + beta * (target_sum - intersection)
        + smooth
    )
    dice_l = 1.0 - numerator / denominator
    if class_weights is not None:
        dice_l = dice_l * class_weights
    if ignore_background and probs.shape[-1] > 1:
        dice_l = dice_l[..., 1:]
    return {"mean": np.mean, "sum": np.sum, "none": lambda a: a}[reduction](dice_l, axis=-1)


def smp_dice(y_pred, y_true, *, mode, smooth=0.0, eps=1e-7, ignore_index=None):
    """segmentation_models_pytorch.losses.DiceLoss (from_logits=True, log_loss=False)."""
    y_pred = np_softmax(y_pred, 1) if mode == "multiclass" else np_sigmoid(y_pred)
    bs, num_classes = y_true.shape[0], y_pred.shape[1]
    dims = (0, 2)
    if mode == "binary":
        y_true = y_true.reshape(bs, 1, -1)
        y_pred = y_pred.reshape(bs, 1, -1)
        if ignore_index is not None:
            mask = y_true != ignore_index
            y_pred, y_true = y_pred * mask, y_true * mask
    else:
        y_true = y_true.reshape(bs, -1)
        y_pred = y_pred.reshape(bs, num_classes, -1)
        if ignore_index is not None:
            mask = y_true != ignore_index
            y_pred = y_pred * mask[:, None]
            y_true = np.moveaxis(np.eye(num_classes)[y_true * mask], -1, 1) * mask[:, None]
        else:
            y_true = np.moveaxis(np.eye(num_classes)[y_true], -1, 1)
    y_true = y_true.astype(np.float64)
    intersection = np.sum(y_pred * y_true, axis=dims)
    cardinality = np.sum(y_pred + y_true, axis=dims)
    scores = (2.0 * intersection + smooth) / np.maximum(cardinality + smooth, eps)
    loss = 1.0 - scores
    loss = loss * (y_true.sum(dims) > 0)
    return loss.mean()


def berman_lovasz_grad(gt_sorted):
    p = len(gt_sorted)
    gts = gt_sorted.sum()
    intersection = gts - np.cumsum(gt_sorted)
    union = gts + np.cumsum(1.0 - gt_sorted)
    jaccard = 1.0 - intersection / union
    if p > 1:
        jaccard[1:p] = jaccard[1:p] - jaccard[0:-1]
    return jaccard


def berman_hinge_flat(logits, labels):
    if len(labels) == 0:
        return 0.0
    signs = 2.0 * labels - 1.0
    errors = 1.0 - logits * signs
    perm = np.argsort(-errors, kind="stable")
    return np.dot(np.maximum(errors[perm], 0.0), berman_lovasz_grad(labels[perm]))


def berman_flatten_binary(scores, labels, ignore):
    scores, labels = scores.reshape(-1), labels.reshape(-1).astype(np.float64)
    if ignore is None:
        return scores, labels
    valid = labels != ignore
    return scores[valid], labels[valid]


def berman_lovasz_hinge(logits, labels, per_image=True, ignore=None):
    if per_image:
        return np.mean(
            [
                berman_hinge_flat(*berman_flatten_binary(lo[None], la[None], ignore))
                for lo, la in zip(logits, labels)
            ]
        )
    return berman_hinge_flat(*berman_flatten_binary(logits, labels, ignore))


def berman_softmax_flat(probas, labels, classes="present"):
    if probas.size == 0:
        return 0.0
    num_classes = probas.shape[1]
    losses = []
    for c in range(num_classes) if classes in ("all", "present") else classes:
        fg = (labels == c).astype(np.float64)
        if classes == "present" and fg.sum() == 0:
            continue
        errors = np.abs(fg - probas[:, c])
        perm = np.argsort(-errors, kind="stable")
        losses.append(np.dot(errors[perm], berman_lovasz_grad(fg[perm])))
    return np.mean(losses) if losses else 0.0


def berman_flatten_probas(probas, labels, ignore):
    """(B, C, *S) probabilities and (B, *S) labels -> (P, C), (P,) without ignored pixels."""
    num_classes = probas.shape[1]
    probas = np.moveaxis(probas, 1, -1).reshape(-1, num_classes)
    labels = labels.reshape(-1)
    if ignore is None:
        return probas, labels
    valid = labels != ignore
    return probas[valid], labels[valid]


def berman_lovasz_softmax(probas, labels, classes="present", per_image=False, ignore=None):
    if per_image:
        return np.mean(
            [
                berman_softmax_flat(*berman_flatten_probas(p[None], la[None], ignore), classes)
                for p, la in zip(probas, labels)
            ]
        )
    return berman_softmax_flat(*berman_flatten_probas(probas, labels, ignore), classes)


# ------------------------------------------------------------------- golden values

GOLDEN_X = np.array([[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]])
GOLDEN_T2 = np.array([[1, 0, 0], [1, 1, 1], [0, 1, 1]], dtype=np.float64)
GOLDEN_ROWS = [0.44815969, 0.19723815, 0.27270788]
GOLDEN_MEAN = 0.30603525


def test_golden_vnet_dice_rows(backend):
    """Golden D: 1 - 2 sum(p t2) / (sum p^2 + 0.001 + sum t2^2 + 0.001) per row."""
    dtype = best_dtype(backend)
    p = (1.0 / (1.0 + np.exp(-GOLDEN_X))).astype(dtype)
    # Each row is one sample whose three entries are pixels of a single channel.
    xp_p = backend.asarray(p[:, :, None])
    xp_t = backend.asarray(GOLDEN_T2.astype(dtype)[:, :, None])
    knobs = {"squared": True, "smooth_numerator": 0.0, "smooth_denominator": 0.002}
    rows = portloss.dice_loss(xp_p, xp_t, reduction="none", **knobs)
    assert tuple(rows.shape) == (3, 1)
    rtol = 1e-6 if dtype == "float64" else 1e-5
    np.testing.assert_allclose(backend.to_numpy(rows)[:, 0], GOLDEN_ROWS, rtol=rtol)
    mean = portloss.dice_loss(xp_p, xp_t, **knobs)
    np.testing.assert_allclose(backend.to_numpy(mean), GOLDEN_MEAN, rtol=rtol)
    # Channel-first, and from logits through the sigmoid: the same rows.
    logits = backend.asarray(GOLDEN_X.astype(dtype)[:, None, :])
    t_first = backend.asarray(GOLDEN_T2.astype(dtype)[:, None, :])
    rows = portloss.dice_loss(
        logits, t_first, from_logits=True, activation="sigmoid", axis=1, reduction="none", **knobs
    )
    np.testing.assert_allclose(backend.to_numpy(rows)[:, 0], GOLDEN_ROWS, rtol=rtol)


# --------------------------------------------------------------- MONAI (NumPy only)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"include_background": False},
        {"squared_pred": True},
        {"batch": True},
        {"smooth_nr": 0.0, "smooth_dr": 1e-3},
        {"include_background": False, "batch": True, "squared_pred": True},
    ],
    ids=["default", "no-background", "squared", "batch", "smooth-dr-only", "all"],
)
def test_dice_matches_monai(layout, options):
    spatial, axis = LAYOUTS[layout]
    x, y = seg_data(spatial, seed=1)
    knobs = {
        "include_background": options.get("include_background", True),
        "squared": options.get("squared_pred", False),
        "batch": options.get("batch", False),
        "smooth_numerator": options.get("smooth_nr", 1e-5),
        "smooth_denominator": options.get("smooth_dr", 1e-5),
    }
    for reduction in ("none", "mean", "sum"):
        expected = monai_dice(
            x, y[:, None], softmax=True, to_onehot_y=True, reduction=reduction, **options
        )
        got = portloss.dice_loss(
            in_layout(x, axis),
            y,
            from_logits=True,
            activation="softmax",
            axis=axis,
            reduction=reduction,
            **knobs,
        )
        assert got.shape == np.shape(expected)
        assert_close(got, expected)
    # mask targets (one-hot given as floats) and sigmoid: the same definition
    t = one_hot(y, C)
    expected = monai_dice(x, t, sigmoid=True, reduction="none", **options)
    got = portloss.dice_loss(
        in_layout(x, axis),
        in_layout(t, axis),
        from_logits=True,
        activation="sigmoid",
        axis=axis,
        reduction="none",
        **knobs,
    )
    assert_close(got, expected)


@pytest.mark.parametrize("include_background", [True, False])
def test_dice_class_weight_matches_monai_and_weighted_mean(include_background):
    x, y = seg_data((4, 3), seed=2)
    w = np.array([0.5, 1.0, 2.0, 3.0])
    kept = w if include_background else w[1:]
    monai = monai_dice(
        x,
        y[:, None],
        softmax=True,
        to_onehot_y=True,
        weight=kept,
        include_background=include_background,
        reduction="none",
    )
    options = {
        "from_logits": True,
        "activation": "softmax",
        "axis": 1,
        "include_background": include_background,
    }
    # MONAI multiplies and averages over all (sample, class) entries: mean_denominator="count"
    got = portloss.dice_loss(x, y, weight=w, mean_denominator="count", **options)
    assert_close(got, np.mean(monai))
    assert_close(portloss.dice_loss(x, y, weight=w, reduction="none", **options), monai)
    # torch's weighted mean divides by the weights that were applied
    plain = monai_dice(
        x,
        y[:, None],
        softmax=True,
        to_onehot_y=True,
        include_background=include_background,
        reduction="none",
    )
    weighted = np.sum(plain * kept) / (plain.shape[0] * np.sum(kept))
    assert_close(portloss.dice_loss(x, y, weight=w, **options), weighted)
    # with a per-sample weight too: sum(s w l) / sum(s w)
    s = np.array([[0.5], [1.0], [0.0]])
    expected = np.sum(plain * kept * s) / np.sum(np.broadcast_to(kept * s, plain.shape))
    assert_close(portloss.dice_loss(x, y, weight=w, sample_weight=s, **options), expected)


def test_jaccard_matches_monai_jaccard_with_half_smoothing():
    x, y = seg_data((5, 4), seed=3)
    for squared in (False, True):
        expected = monai_dice(
            x,
            y[:, None],
            softmax=True,
            to_onehot_y=True,
            jaccard=True,
            squared_pred=squared,
            smooth_nr=1e-2,
            smooth_dr=1e-2,
            reduction="none",
        )
        got = portloss.jaccard_loss(
            x,
            y,
            from_logits=True,
            activation="softmax",
            axis=1,
            squared=squared,
            smooth=5e-3,
            reduction="none",
        )
        assert_close(got, expected)
    # and the definition: 1 - (I + s) / (P + T - I + s)
    p, t = np_softmax(x), one_hot(y, C)
    inter, total = np.sum(p * t, (2, 3)), np.sum(p + t, (2, 3))
    expected = 1 - (inter + 0.1) / (total - inter + 0.1)
    got = portloss.jaccard_loss(
        x, y, from_logits=True, activation="softmax", axis=1, smooth=0.1, reduction="none"
    )
    assert_close(got, expected)


@pytest.mark.parametrize("batch", [False, True])
@pytest.mark.parametrize(("alpha", "beta"), [(0.5, 0.5), (0.3, 0.7), (0.9, 0.1), (0.0, 1.0)])
def test_tversky_matches_monai(alpha, beta, batch):
    x, y = seg_data((3, 2, 4), seed=4)
    expected = monai_tversky(np_softmax(x), one_hot(y, C), alpha=alpha, beta=beta, batch=batch)
    got = portloss.tversky_loss(
        to_last(x),
        y,
        alpha=alpha,
        beta=beta,
        from_logits=True,
        activation="softmax",
        batch=batch,
        reduction="none",
    )
    assert_close(got, expected)
    assert_close(
        portloss.tversky_loss(
            to_last(x),
            y,
            alpha=alpha,
            beta=beta,
            from_logits=True,
            activation="softmax",
            batch=batch,
        ),
        np.mean(expected),
    )


def test_tversky_at_one_half_is_dice():
    x, y = seg_data((5, 4), seed=5)
    options = {"from_logits": True, "activation": "softmax", "axis": 1, "reduction": "none"}
    # exactly without smoothing
    tversky = portloss.tversky_loss(x, y, alpha=0.5, beta=0.5, smooth=0.0, **options)
    dice = portloss.dice_loss(x, y, smooth=0.0, **options)
    np.testing.assert_allclose(tversky, dice, rtol=1e-12)
    # with smoothing s, Tversky's (I + s) / (I + (FP + FN) / 2 + s) is Dice with 2s
    tversky = portloss.tversky_loss(x, y, alpha=0.5, beta=0.5, smooth=0.3, **options)
    dice = portloss.dice_loss(x, y, smooth=0.6, **options)
    np.testing.assert_allclose(tversky, dice, rtol=1e-12)
    # and the independent definition: 1 - 2I / (P + T)
    p, t = np_softmax(x), one_hot(y, C)
    expected = 1 - 2 * np.sum(p * t, (2, 3)) / np.sum(p + t, (2, 3))
    assert_close(portloss.tversky_loss(x, y, smooth=0.0, **options), expected)


@pytest.mark.parametrize("gamma", [0.75, 1.0, 2.0])
def test_focal_tversky_is_tversky_to_the_gamma(gamma):
    x, y = seg_data((4, 4), seed=6)
    tversky = monai_tversky(np_softmax(x), one_hot(y, C), alpha=0.3, beta=0.7)
    options = {"from_logits": True, "activation": "softmax", "axis": 1, "alpha": 0.3, "beta": 0.7}
    got = portloss.focal_tversky_loss(x, y, gamma=gamma, reduction="none", **options)
    assert_close(got, tversky**gamma)
    assert_close(portloss.focal_tversky_loss(x, y, gamma=gamma, **options), np.mean(tversky**gamma))


@pytest.mark.parametrize("w_type", ["square", "simple", "uniform"])
@pytest.mark.parametrize("batch", [False, True])
@pytest.mark.parametrize("include_background", [True, False])
def test_generalized_dice_matches_monai(w_type, batch, include_background):
    x, y = seg_data((4, 3), seed=7, missing=2)  # class 2 absent everywhere: infinite weight
    y[1] = 0  # sample 1 holds background only: every foreground weight is infinite
    p, t = np_softmax(x), one_hot(y, C)
    options = {"include_background": include_background, "w_type": w_type, "batch": batch}
    knobs = {"include_background": include_background, "weight_type": w_type, "batch": batch}
    for reduction in ("none", "mean"):
        expected = monai_generalized_dice(p, t, reduction=reduction, **options)
        got = portloss.generalized_dice_loss(
            to_last(x), y, from_logits=True, activation="softmax", reduction=reduction, **knobs
        )
        assert got.shape == np.shape(expected)
        assert_close(got, expected)
    # a target mask (probabilities in, no activation) gives the same
    expected = monai_generalized_dice(p, t, reduction="none", **options)
    got = portloss.generalized_dice_loss(p, t, axis=1, reduction="none", **knobs)
    assert_close(got, expected)


def test_generalized_dice_absent_classes_are_finite_and_zero_when_all_absent():
    x, y = seg_data((4, 3), seed=8)
    y[0] = 0
    got = portloss.generalized_dice_loss(
        x,
        y,
        from_logits=True,
        activation="softmax",
        axis=1,
        include_background=False,
        reduction="none",
    )
    assert np.all(np.isfinite(got))
    assert got[0] == pytest.approx(0.0, abs=1e-12)  # weights all 0: 1 - s/s
    got = portloss.generalized_dice_loss(
        x,
        y,
        from_logits=True,
        activation="softmax",
        axis=1,
        include_background=False,
        smooth=0.0,
        reduction="none",
    )
    assert got[0] == 0.0  # 0/0 defined as a Dice of 1


# ---------------------------------------------------- Keras, optax, smp (NumPy only)


def test_keras_dice_and_tversky_mappings():
    rng = np.random.default_rng(9)
    y_true = (rng.uniform(size=(2, 4, 3, 2)) < 0.4).astype(np.float64)
    y_pred = rng.uniform(size=(2, 4, 3, 2))
    keras_knobs = {"smooth_numerator": 0.0, "smooth_denominator": 1e-7}
    # axis=None: one Dice over every element -> a single sample with a single channel
    got = portloss.dice_loss(y_pred.reshape(1, -1, 1), y_true.reshape(1, -1, 1), **keras_knobs)
    assert_close(got, keras_dice(y_true, y_pred))
    # axis=(1, 2, 3): one Dice per sample, classes pooled
    got = portloss.dice_loss(
        y_pred.reshape(2, -1, 1), y_true.reshape(2, -1, 1), reduction="none", **keras_knobs
    )
    assert_close(got[:, 0], keras_dice(y_true, y_pred, axis=(1, 2, 3)))
    # Keras' tversky multiplies sum((1 - p) t) by alpha: its alpha is our beta
    got = portloss.tversky_loss(
        y_pred.reshape(1, -1, 1), y_true.reshape(1, -1, 1), alpha=0.7, beta=0.3, **keras_knobs
    )
    assert_close(got, keras_tversky(y_true, y_pred, alpha=0.3, beta=0.7))
    # an empty target and an empty prediction: Keras gives 1 (0 / 1e-7), and so do we
    zeros = np.zeros((1, 5, 1))
    assert_close(portloss.dice_loss(zeros, zeros, **keras_knobs), keras_dice(zeros, zeros))


@pytest.mark.parametrize("ignore_background", [False, True])
@pytest.mark.parametrize(("alpha", "beta"), [(0.5, 0.5), (0.3, 0.7)])
def test_optax_dice_mapping(ignore_background, alpha, beta):
    x, y = seg_data((4, 3), seed=10)
    logits, targets = to_last(x), np.eye(C)[y]
    w = np.array([0.2, 1.0, 1.5, 3.0])
    expected = optax_dice(
        logits,
        targets,
        class_weights=w,
        alpha=alpha,
        beta=beta,
        ignore_background=ignore_background,
    )
    options = {
        "from_logits": True,
        "activation": "softmax",
        "weight": w,
        "include_background": not ignore_background,
        "mean_denominator": "count",
    }
    if alpha == beta == 0.5:
        # optax's (I + 1) / (I + (FP + FN) / 2 + 1) is Dice with smooth=2
        per_class = portloss.dice_loss(logits, targets, smooth=2.0, reduction="none", **options)
        mean = portloss.dice_loss(logits, y, smooth=2.0, **options)
    else:
        per_class = portloss.tversky_loss(
            logits, targets, alpha=alpha, beta=beta, smooth=1.0, reduction="none", **options
        )
        mean = portloss.tversky_loss(logits, y, alpha=alpha, beta=beta, smooth=1.0, **options)
    assert_close(np.mean(per_class, axis=-1), expected)
    assert_close(mean, np.mean(expected))


def test_optax_dice_oracle():
    optax = pytest.importorskip("optax")
    jnp = pytest.importorskip("jax.numpy")
    x, y = seg_data((4, 3), seed=11)
    logits, targets = to_last(x).astype(np.float32), np.eye(C, dtype=np.float32)[y]
    w = np.array([0.2, 1.0, 1.5, 3.0], dtype=np.float32)
    expected = optax.losses.dice_loss(
        jnp.asarray(logits), jnp.asarray(targets), class_weights=jnp.asarray(w)
    )
    got = portloss.dice_loss(
        logits,
        targets,
        from_logits=True,
        activation="softmax",
        weight=w,
        smooth=2.0,
        mean_denominator="count",
        reduction="none",
    )
    assert_close(np.mean(got, axis=-1), np.asarray(expected), "float32")


@pytest.mark.parametrize("ignore_index", [None, 255])
def test_smp_dice_mappings(ignore_index):
    x, y = seg_data((5, 4), seed=12, missing=3)  # class 3 absent: smp zeroes it
    if ignore_index is not None:
        y[:, ::2, 1] = ignore_index
    expected = smp_dice(x, y, mode="multiclass", ignore_index=ignore_index)
    got = portloss.dice_loss(
        x,
        y,
        from_logits=True,
        activation="softmax",
        axis=1,
        batch=True,
        smooth=0.0,
        empty_target="zero",
        ignore_index=255 if ignore_index is None else ignore_index,
    )
    assert_close(got, expected)
    # binary mode: one logit channel, sigmoid, a 0/1 mask
    logits = x[:, :1]
    mask = (y[:, None] == 1).astype(np.float64)
    expected = smp_dice(logits, mask, mode="binary")
    got = portloss.dice_loss(
        logits,
        mask,
        from_logits=True,
        activation="sigmoid",
        axis=1,
        batch=True,
        smooth=0.0,
        empty_target="zero",
    )
    assert_close(got, expected)


def test_empty_target_modes():
    x, y = seg_data((4, 3), seed=13, missing=1)
    options = {"from_logits": True, "activation": "softmax", "axis": 1}
    keep = portloss.dice_loss(x, y, reduction="none", **options)
    assert np.all(keep[:, 1] > 0.99)  # class 1 predicted but absent: loss close to 1
    zero = portloss.dice_loss(x, y, empty_target="zero", reduction="none", **options)
    np.testing.assert_array_equal(zero[:, 1], 0.0)
    np.testing.assert_array_equal(np.delete(zero, 1, axis=1), np.delete(keep, 1, axis=1))
    others = np.delete(keep, 1, axis=1)
    assert_close(
        portloss.dice_loss(x, y, empty_target="zero", **options), np.sum(others) / keep.size
    )
    assert_close(portloss.dice_loss(x, y, empty_target="ignore", **options), np.mean(others))


def test_ignore_index_leaves_every_sum():
    x, y = seg_data((5, 4), seed=14)
    y_ignored = y.copy()
    y_ignored[:, 1:3, 1] = -100
    keep = (y_ignored != -100)[:, None]
    # the same pixels zeroed in both the prediction and the one-hot target
    p = np_softmax(x) * keep
    t = one_hot(np.where(keep[:, 0], y, 0), C) * keep
    for function in (portloss.dice_loss, portloss.jaccard_loss, portloss.tversky_loss):
        got = function(
            x, y_ignored, from_logits=True, activation="softmax", axis=1, reduction="none"
        )
        expected = function(p, t, axis=1, reduction="none")
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    expected = monai_dice(p, t, reduction="none")
    got = portloss.dice_loss(
        x, y_ignored, from_logits=True, activation="softmax", axis=1, reduction="none"
    )
    assert_close(got, expected)


def test_layouts_agree():
    """axis=1 and axis=-1, 2-D and 3-D, give the same numbers for every overlap loss."""
    for spatial in ((5, 4), (3, 2, 4)):
        x, y = seg_data(spatial, seed=15)
        for function in (
            portloss.dice_loss,
            portloss.jaccard_loss,
            portloss.tversky_loss,
            portloss.focal_tversky_loss,
            portloss.generalized_dice_loss,
            portloss.lovasz_softmax_loss,
        ):
            first = function(x, y, from_logits=True, activation="softmax", axis=1, reduction="none")
            last = function(
                to_last(x), y, from_logits=True, activation="softmax", axis=-1, reduction="none"
            )
            np.testing.assert_allclose(first, last, rtol=1e-12)


# ------------------------------------------------------------------------ Lovász


@pytest.mark.parametrize("per_image", [True, False])
@pytest.mark.parametrize("ignore", [None, 255])
def test_lovasz_hinge_matches_reference(per_image, ignore):
    rng = np.random.default_rng(16)
    logits = 2.0 * rng.standard_normal((4, 5, 3))
    labels = rng.integers(0, 2, (4, 5, 3))
    if ignore is not None:
        labels[rng.uniform(size=labels.shape) < 0.3] = ignore
        labels[2] = ignore  # an image with no valid pixel: loss 0, still averaged
    expected = berman_lovasz_hinge(logits, labels, per_image=per_image, ignore=ignore)
    options = {"per_image": per_image, "ignore_index": 255 if ignore is None else ignore}
    assert_close(portloss.lovasz_hinge_loss(logits, labels, **options), expected)
    none = portloss.lovasz_hinge_loss(
        logits, labels.astype(np.float64), reduction="none", **options
    )
    assert none.shape == ((4,) if per_image else ())


@pytest.mark.parametrize("classes", ["present", "all", (0, 2)])
@pytest.mark.parametrize("per_image", [False, True])
@pytest.mark.parametrize("ignore", [None, 255])
def test_lovasz_softmax_matches_reference(classes, per_image, ignore):
    x, y = seg_data((5, 3), seed=17, missing=3)
    if ignore is not None:
        y[np.random.default_rng(0).uniform(size=y.shape) < 0.3] = ignore
        y[1] = ignore  # an image with no valid pixel: no class present, loss 0
    probs = np_softmax(x)
    expected = berman_lovasz_softmax(probs, y, classes=classes, per_image=per_image, ignore=ignore)
    options = {"classes": classes, "per_image": per_image}
    options["ignore_index"] = -100 if ignore is None else ignore
    assert_close(portloss.lovasz_softmax_loss(probs, y, axis=1, **options), expected)
    got = portloss.lovasz_softmax_loss(
        x, y, from_logits=True, activation="softmax", axis=1, **options
    )
    assert_close(got, expected)


def test_lovasz_ignored_pixels_equal_removed_pixels():
    """Ignored pixels change neither the value nor the gradient of the valid pixels."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(18)
    x, y = seg_data((6, 5), seed=18)
    y[rng.uniform(size=y.shape) < 0.35] = 255
    keep = y != 255
    logits = np.moveaxis(x, 1, -1)  # (N, H, W, C)
    removed_x, removed_y = logits[keep][None], y[keep][None]  # (1, P_valid, C)
    tx = torch.tensor(logits, requires_grad=True)
    got = portloss.lovasz_softmax_loss(
        tx, torch.tensor(y), from_logits=True, activation="softmax", ignore_index=255
    )
    (g,) = torch.autograd.grad(got, tx)
    tr = torch.tensor(removed_x, requires_grad=True)
    expected = portloss.lovasz_softmax_loss(
        tr, torch.tensor(removed_y), from_logits=True, activation="softmax"
    )
    (g_removed,) = torch.autograd.grad(expected, tr)
    assert_close(got.detach(), expected.detach())
    np.testing.assert_allclose(g.numpy()[keep], g_removed.numpy()[0], rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(g.numpy()[~keep], 0.0)
    # the binary hinge too
    h, t = x[:, 0], rng.integers(0, 2, y.shape)
    t = np.where(keep, t, 255)
    th = torch.tensor(h, requires_grad=True)
    got = portloss.lovasz_hinge_loss(th, torch.tensor(t), per_image=False, ignore_index=255)
    (g,) = torch.autograd.grad(got, th)
    tr = torch.tensor(h[keep], requires_grad=True)
    expected = portloss.lovasz_hinge_loss(tr, torch.tensor(t[keep]), per_image=False)
    (g_removed,) = torch.autograd.grad(expected, tr)
    assert_close(got.detach(), expected.detach())
    np.testing.assert_allclose(g.numpy()[keep], g_removed.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(g.numpy()[~keep], 0.0)


# ------------------------------------------------------- every backend: values, jit


def _backend_cases():
    """(name, portloss call, NumPy reference) on one shared channel-last shape."""
    x, y = seg_data((3, 2), seed=19, missing=2)  # (3, C, 3, 2), class 2 absent
    y_ign = y.copy()
    y_ign[:, 0, 0] = 255
    last = to_last(x)
    p = np_softmax(x)
    rng = np.random.default_rng(19)
    w = np.array([0.5, 1.0, 2.0, 1.5])
    hinge_t = rng.integers(0, 2, (3, 3, 2)).astype(np.float64)
    ok = (y_ign != 255)[:, None]
    p_ign, t_ign = p * ok, one_hot(np.where(ok[:, 0], y_ign, 0), C) * ok
    return {
        "dice": (
            (last, y_ign),
            {
                "from_logits": True,
                "activation": "softmax",
                "weight": w,
                "ignore_index": 255,
                "reduction": "none",
            },
            monai_dice(p_ign, t_ign, reduction="none") * w,
        ),
        "jaccard": (
            (last, y),
            {
                "from_logits": True,
                "activation": "softmax",
                "batch": True,
                "smooth": 0.5,
                "reduction": "none",
            },
            monai_dice(
                p,
                one_hot(y, C),
                jaccard=True,
                batch=True,
                smooth_nr=1.0,
                smooth_dr=1.0,
                reduction="none",
            ),
        ),
        "tversky": (
            (last, y),
            {
                "from_logits": True,
                "activation": "softmax",
                "alpha": 0.3,
                "beta": 0.7,
                "reduction": "none",
            },
            monai_tversky(p, one_hot(y, C), alpha=0.3, beta=0.7),
        ),
        "focal_tversky": (
            (last, y),
            {"from_logits": True, "activation": "softmax", "gamma": 0.75, "reduction": "none"},
            monai_tversky(p, one_hot(y, C)) ** 0.75,
        ),
        "generalized_dice": (
            (last, y),
            {"from_logits": True, "activation": "softmax", "reduction": "none"},
            monai_generalized_dice(p, one_hot(y, C), reduction="none"),
        ),
        "lovasz_hinge": (
            (last[..., 0], hinge_t),
            {"reduction": "none"},
            np.array(
                [berman_lovasz_hinge(last[i : i + 1, ..., 0], hinge_t[i : i + 1]) for i in range(3)]
            ),
        ),
        "lovasz_softmax": (
            (last, y_ign),
            {"from_logits": True, "activation": "softmax", "ignore_index": 255},
            berman_lovasz_softmax(p, y_ign, ignore=255),
        ),
    }


BACKEND_CASES = _backend_cases()


@pytest.mark.parametrize("name", list(BACKEND_CASES))
def test_backends_match_references(backend, name):
    (x, t), options, expected = BACKEND_CASES[name]
    dtype = best_dtype(backend)
    args = [
        backend.asarray(x.astype(dtype)),
        backend.asarray(t if t.dtype.kind != "f" else t.astype(dtype)),
    ]
    if "weight" in options:
        options = {**options, "weight": backend.asarray(options["weight"].astype(dtype))}
    out = getattr(portloss, f"{name}_loss")(*args, **options)
    assert out.dtype == getattr(backend.xp, dtype)
    assert_close(backend.to_numpy(out), expected, dtype)
    if backend.jit:
        jitted = backend.jit_call(
            lambda a, b: getattr(portloss, f"{name}_loss")(a, b, **options), args
        )
        assert_close(backend.to_numpy(jitted), expected, dtype)


# ------------------------------------------------------------------------ gradients


@pytest.mark.parametrize("backend_name", ["torch", "jax"])
def test_gradients_match_numeric_reference(backend_name):
    backend = get_backend(backend_name)
    x, y = seg_data((3, 2), seed=20, n=2)
    last = to_last(x)

    def ref_dice(z):
        return monai_dice(
            np_softmax(np.moveaxis(z, -1, 1)), one_hot(y, C), smooth_nr=0.1, smooth_dr=0.1
        )

    def ref_lovasz(z):
        return berman_lovasz_softmax(np_softmax(np.moveaxis(z, -1, 1)), y, classes="all")

    for name, ref, options in (
        ("dice_loss", ref_dice, {"smooth": 0.1}),
        ("lovasz_softmax_loss", ref_lovasz, {"classes": "all"}),
    ):
        fn = getattr(portloss, name)
        g = backend.grad(
            lambda a, fn=fn, options=options: fn(
                a, backend.asarray(y), from_logits=True, activation="softmax", **options
            ),
            [backend.asarray(last)],
        )
        np.testing.assert_allclose(
            backend.to_numpy(g), numeric_grad(ref, last), rtol=1e-6, atol=1e-9
        )


@pytest.mark.parametrize("backend_name", ["torch", "jax"])
def test_gradients_finite_on_empty_masks(backend_name):
    """Empty prediction and target (0/0 without smoothing), gamma < 1, all ignored."""
    backend = get_backend(backend_name)
    rng = np.random.default_rng(21)
    p = rng.uniform(size=(2, 6, C))
    p[..., 1] = 0.0  # class 1 predicted nowhere ...
    y = rng.integers(0, C, (2, 6))
    y[y == 1] = 0  # ... and absent from the target
    t = np.eye(C)[y]
    ignored = np.full((2, 6), 255)
    calls = {
        "dice smooth 0": lambda a: portloss.dice_loss(a, backend.asarray(t), smooth=0.0),
        "dice squared smooth 0": lambda a: portloss.dice_loss(
            a, backend.asarray(y), smooth=0.0, squared=True
        ),
        "jaccard smooth 0": lambda a: portloss.jaccard_loss(a, backend.asarray(y), smooth=0.0),
        "focal tversky gamma 0.75": lambda a: portloss.focal_tversky_loss(
            a, backend.asarray(y), smooth=0.0, gamma=0.75
        ),
        "generalized dice": lambda a: portloss.generalized_dice_loss(
            a, backend.asarray(y), smooth=0.0
        ),
        "dice all ignored": lambda a: portloss.dice_loss(
            a, backend.asarray(ignored), ignore_index=255, smooth=0.0
        ),
        "lovasz softmax all ignored": lambda a: portloss.lovasz_softmax_loss(
            a, backend.asarray(ignored), ignore_index=255
        ),
        "lovasz hinge all ignored": lambda a: portloss.lovasz_hinge_loss(
            a[..., 0], backend.asarray(ignored), ignore_index=255
        ),
    }
    for label, call in calls.items():
        value = backend.to_numpy(call(backend.asarray(p)))
        assert np.isfinite(value), label
        g = backend.to_numpy(backend.grad(call, [backend.asarray(p)]))
        assert np.all(np.isfinite(g)), label
    # the empty class itself has loss 0 and contributes no gradient
    none = portloss.dice_loss(p, t, smooth=0.0, reduction="none")
    np.testing.assert_array_equal(none[:, 1], 0.0)


# ---------------------------------------------------------------- dtypes and shapes


@pytest.mark.parametrize("backend_name", ["numpy", "torch"])
def test_dtypes(backend_name):
    backend = get_backend(backend_name)
    x, y = seg_data((3, 2), seed=22)
    for dtype in ("float16", "float32", "float64"):
        a = backend.asarray(to_last(x).astype(dtype))
        t = backend.asarray(y)
        for name in ("dice_loss", "generalized_dice_loss", "lovasz_softmax_loss"):
            out = getattr(portloss, name)(a, t, from_logits=True, activation="softmax")
            assert out.dtype == getattr(backend.xp, dtype), (name, dtype)
        out = portloss.lovasz_hinge_loss(a[..., 0], backend.asarray((y > 1).astype(dtype)))
        assert out.dtype == getattr(backend.xp, dtype)
    # float16 is computed in float32
    x16 = to_last(x).astype(np.float16)
    got = portloss.dice_loss(x16, y, from_logits=True, activation="softmax")
    expected = portloss.dice_loss(x16.astype(np.float32), y, from_logits=True, activation="softmax")
    assert got == expected.astype(np.float16)


def test_unreduced_shapes():
    x, y = seg_data((3, 2), seed=23)
    last = to_last(x)
    assert portloss.dice_loss(last, y, reduction="none").shape == (N, C)
    assert portloss.dice_loss(last, y, batch=True, reduction="none").shape == (C,)
    assert portloss.dice_loss(last, y, include_background=False, reduction="none").shape == (
        N,
        C - 1,
    )
    assert portloss.generalized_dice_loss(last, y, reduction="none").shape == (N,)
    assert portloss.generalized_dice_loss(last, y, batch=True, reduction="none").shape == ()
    assert portloss.lovasz_softmax_loss(last, y, per_image=True, reduction="none").shape == (N,)
    assert portloss.lovasz_softmax_loss(last, y, reduction="none").shape == ()
    # no spatial axes: each (sample, class) is one pixel
    assert portloss.dice_loss(last[:, 0, 0], y[:, 0, 0], reduction="none").shape == (N, C)
    # a zero-size batch: an empty unreduced loss, NaN mean (torch's 0/0), zero sum
    empty_x, empty_y = last[:0], y[:0]
    assert portloss.dice_loss(empty_x, empty_y, reduction="none").shape == (0, C)
    assert np.isnan(portloss.dice_loss(empty_x, empty_y))
    assert portloss.dice_loss(empty_x, empty_y, reduction="sum") == 0.0
    assert portloss.lovasz_softmax_loss(empty_x, empty_y, per_image=True, reduction="sum") == 0.0
    assert portloss.lovasz_hinge_loss(empty_x[..., 0], empty_x[..., 0], reduction="sum") == 0.0


def test_out_of_range_class_is_nan_off_numpy_and_raises_on_numpy():
    x, y = seg_data((3, 2), seed=24)
    y[0, 0, 0] = C
    with pytest.raises(ValueError, match=r"class indices in \[0, 4\)"):
        portloss.dice_loss(x, y, axis=1)
    torch = pytest.importorskip("torch")
    out = portloss.dice_loss(torch.tensor(x), torch.tensor(y), axis=1, reduction="none")
    assert torch.isnan(out[0]).all()
    assert not torch.isnan(out[1:]).any()
    out = portloss.lovasz_softmax_loss(
        torch.tensor(x), torch.tensor(y), axis=1, per_image=True, reduction="none"
    )
    assert torch.isnan(out[0])
    assert not torch.isnan(out[1:]).any()


# ------------------------------------------------------------------------- errors


def test_errors():
    x, y = seg_data((3, 2), seed=25)
    last = to_last(x)
    with pytest.raises(ValueError, match="activation must be None, 'softmax' or 'sigmoid'"):
        portloss.dice_loss(last, y, from_logits=True, activation="relu")
    # the old activation= alone meant logits: refused, never reinterpreted
    for fn in (portloss.dice_loss, portloss.tversky_loss, portloss.lovasz_softmax_loss):
        with pytest.raises(ValueError, match="pass from_logits=True"):
            fn(last, y, activation="softmax")
    with pytest.raises(ValueError, match="from_logits must be True"):
        portloss.dice_ce_loss(last, y, from_logits=False)
    with pytest.raises(ValueError, match="reduction must be one of"):
        portloss.jaccard_loss(last, y, reduction="batchmean")
    with pytest.raises(ValueError, match="axis=0 is the batch axis"):
        portloss.dice_loss(x, y, axis=0)
    with pytest.raises(ValueError, match="needs input with a batch axis 0 and a class axis"):
        portloss.dice_loss(last[0, 0, 0], y[0, 0, 0])
    with pytest.raises(ValueError, match=r"has its class axis at 3; pass axis=1"):
        portloss.dice_loss(x, y)
    with pytest.raises(ValueError, match="activation='softmax' needs at least 2 classes"):
        portloss.dice_loss(
            last[..., :1], np.zeros_like(last[..., :1]), from_logits=True, activation="softmax"
        )
    with pytest.raises(ValueError, match="include_background=False leaves out class 0"):
        portloss.tversky_loss(last[..., :1], last[..., :1], include_background=False)
    with pytest.raises(ValueError, match=r"weight must have shape \(4,\)"):
        portloss.dice_loss(last, y, weight=np.ones(3))
    with pytest.raises(ValueError, match="ignore_index applies to class-index targets only"):
        portloss.dice_loss(last, np.eye(C)[y], ignore_index=0)
    with pytest.raises(ValueError, match=r"smooth must be >= 0\.0, got -1\.0"):
        portloss.dice_loss(last, y, smooth=-1)
    with pytest.raises(ValueError, match="smooth_denominator must be a finite number, got nan"):
        portloss.dice_loss(last, y, smooth_denominator=float("nan"))
    with pytest.raises(TypeError, match="squared must be True or False"):
        portloss.dice_loss(last, y, squared=1)
    with pytest.raises(
        ValueError, match=r"empty_target must be 'keep' \| 'zero' \| 'ignore', got 'skip'"
    ):
        portloss.dice_loss(last, y, empty_target="skip")
    with pytest.raises(
        ValueError, match=r"mean_denominator must be .*'weights' \| 'count', got 'batch'"
    ):
        portloss.dice_loss(last, y, mean_denominator="batch")
    with pytest.raises(ValueError, match=r"alpha must be >= 0\.0, got -0\.1"):
        portloss.tversky_loss(last, y, alpha=-0.1)
    with pytest.raises(ValueError, match="gamma must be > 0"):
        portloss.focal_tversky_loss(last, y, gamma=0)
    with pytest.raises(
        ValueError, match=r"weight_type must be 'square' \| 'simple' \| 'uniform', got 'log'"
    ):
        portloss.generalized_dice_loss(last, y, weight_type="log")
    with pytest.raises(ValueError, match=r"sample_weight must broadcast .* \(3, 4\)"):
        portloss.dice_loss(last, y, sample_weight=np.ones(3))
    with pytest.raises(ValueError, match=r"sample_weight must broadcast .* \(3,\)"):
        portloss.generalized_dice_loss(last, y, sample_weight=np.ones((3, 4)))
    with pytest.raises(TypeError, match="input must have a real floating dtype"):
        portloss.dice_loss(y[..., None], y)
    with pytest.raises(TypeError, match=r"target must be class indices .* dtype bool"):
        portloss.dice_loss(last, y > 0)
    with pytest.raises(ValueError, match=r"classes must hold class indices in \[0, 4\), got 4"):
        portloss.lovasz_softmax_loss(last, y, classes=[1, 4])
    with pytest.raises(ValueError, match=r"classes must be 'present' \| 'all', got 'some'"):
        portloss.lovasz_softmax_loss(last, y, classes="some")
    with pytest.raises(ValueError, match="this loss takes no class probabilities"):
        portloss.lovasz_softmax_loss(last, np.eye(C)[y])
    with pytest.raises(ValueError, match=r"target must have input's shape \(3, 3, 2\)"):
        portloss.lovasz_hinge_loss(last[..., 0], y[..., 0])
    with pytest.raises(TypeError, match="per_image must be True or False"):
        portloss.lovasz_hinge_loss(last[..., 0], y, per_image="yes")
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="input is a numpy array but target is a torch array"):
        portloss.dice_loss(last, torch.tensor(y))
