"""Segmentation additions of issue 24 against MONAI and segmentation_models_pytorch.

MONAI is the oracle where installed (DiceCELoss, DiceFocalLoss, MaskedDiceLoss,
``soft_label``, GeneralizedDiceLoss ``w_type``); smp is not installed, so its DiceLoss
(``log_loss``, ``classes``) is written out below from its source (losses/dice.py and
losses/_functional.py::soft_dice_score).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")
monai_losses = pytest.importorskip("monai.losses", reason="MONAI is the oracle")

C = 3


def _data(seed=0, shape=(2, C, 4, 5)):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    y = rng.integers(0, shape[1], (shape[0], *shape[2:]))
    return x, y, np.moveaxis(np.eye(shape[1])[y], -1, 1)


def _monai(cls, x, target, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MONAI's own deprecation/usage warnings
        xt = torch.tensor(x, requires_grad=True)
        mask = kw.pop("mask", None)
        loss = cls(**kw)
        out = (
            loss(xt, torch.tensor(target))
            if mask is None
            else loss(xt, torch.tensor(target), mask=torch.tensor(mask))
        )
        (g,) = torch.autograd.grad(out, xt)
    return out.item(), g.numpy()


def _ours(fn, x, target, **kw):
    xt = torch.tensor(x, requires_grad=True)
    out = fn(xt, torch.tensor(target), **kw)
    (g,) = torch.autograd.grad(out, xt)
    return out.item(), g.numpy()


def _close(ours, theirs, rtol=1e-10):
    np.testing.assert_allclose(ours[0], theirs[0], rtol=rtol)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=rtol, atol=rtol * np.abs(theirs[1]).max())


W = np.array([0.5, 1.0, 2.0])
DICE_OPTIONS = [
    ({}, {}),
    ({"include_background": False}, {"include_background": False}),
    ({"batch": True}, {"batch": True}),
    (
        {"squared_pred": True, "smooth_nr": 0.0, "smooth_dr": 1e-3},
        {"squared": True, "smooth_numerator": 0.0, "smooth_denominator": 1e-3},
    ),
]


# MONAI's "mean" reduces each term on its own; portloss' "sum" is the sum of its
# per-sample "none" (MONAI's "sum" is the two terms' sums: test_dice_ce_monai_sum).
@pytest.mark.parametrize(("theirs", "ours"), DICE_OPTIONS)
@pytest.mark.parametrize("reduction", ["mean"])
def test_dice_ce_matches_monai(theirs, ours, reduction):
    x, y, _ = _data()
    expected = _monai(
        monai_losses.DiceCELoss,
        x,
        y[:, None],
        softmax=True,
        to_onehot_y=True,
        weight=torch.tensor(W),
        lambda_dice=0.7,
        lambda_ce=1.3,
        reduction=reduction,
        **theirs,
    )
    got = _ours(
        portloss.dice_ce_loss,
        x,
        y,
        axis=1,
        weight=torch.tensor(W),
        lambda_dice=0.7,
        lambda_ce=1.3,
        reduction=reduction,
        **ours,
    )
    _close(got, expected, rtol=1e-7 if "squared" in ours else 1e-10)  # MONAI: norms, squared


def test_dice_ce_monai_sum():
    """MONAI's reduction="sum" is the sum of each term: two portloss calls."""
    x, y, _ = _data()
    kw = {"softmax": True, "to_onehot_y": True, "weight": torch.tensor(W), "reduction": "sum"}
    expected = _monai(monai_losses.DiceCELoss, x, y[:, None], lambda_dice=0.7, lambda_ce=1.3, **kw)

    def ours(xt, yt):
        dice = portloss.dice_loss(
            xt, yt, axis=1, from_logits=True, weight=torch.tensor(W), mean_denominator="count",
            reduction="sum",
        )  # fmt: skip
        ce = portloss.cross_entropy(xt, yt, axis=1, weight=torch.tensor(W), reduction="sum")
        return 0.7 * dice + 1.3 * ce

    _close(_ours(ours, x, y), expected)


def test_dice_ce_soft_target_label_smoothing_and_one_channel_match_monai():
    x, _, _ = _data()
    q = np.random.default_rng(1).dirichlet(np.ones(C), (2, 4, 5)).transpose(0, 3, 1, 2)
    expected = _monai(monai_losses.DiceCELoss, x, q, softmax=True, label_smoothing=0.1)
    _close(_ours(portloss.dice_ce_loss, x, q, axis=1, label_smoothing=0.1), expected)
    x1 = x[:, :1]
    t1 = (q[:, :1] > 0.3).astype(np.float64)
    expected = _monai(monai_losses.DiceCELoss, x1, t1, sigmoid=True, weight=torch.tensor([1.7]))
    got = _ours(
        portloss.dice_ce_loss,
        x1,
        t1,
        axis=1,
        from_logits=True,
        activation="sigmoid",
        weight=torch.tensor([1.7]),
    )
    _close(got, expected)


@pytest.mark.parametrize(("theirs", "ours"), DICE_OPTIONS[:3])
@pytest.mark.parametrize("reduction", ["mean"])
def test_dice_focal_matches_monai(theirs, ours, reduction):
    x, y, _ = _data()
    # MONAI's class weight counts the classes left after the background is dropped.
    w = W[1:] if theirs.get("include_background") is False else W
    expected = _monai(
        monai_losses.DiceFocalLoss,
        x,
        y[:, None],
        sigmoid=True,
        to_onehot_y=True,
        weight=w.tolist(),
        gamma=1.5,
        alpha=0.3,
        lambda_dice=0.7,
        lambda_focal=1.3,
        reduction=reduction,
        **theirs,
    )
    got = _ours(
        portloss.dice_focal_loss,
        x,
        y,
        axis=1,
        weight=torch.tensor(W),
        gamma=1.5,
        alpha=0.3,
        lambda_dice=0.7,
        lambda_focal=1.3,
        reduction=reduction,
        **ours,
    )
    _close(got, expected, rtol=2e-7)  # MONAI's FocalLoss computes in float32


def test_compound_none_is_per_sample_and_averages_to_the_mean():
    x, y, _ = _data()
    for fn in (portloss.dice_ce_loss, portloss.dice_focal_loss):
        none = fn(x, y, axis=1, reduction="none")
        assert none.shape == (2,)
        np.testing.assert_allclose(none.mean(), fn(x, y, axis=1), rtol=1e-12)
        s = np.array([2.0, 0.0])
        np.testing.assert_allclose(
            fn(x, y, axis=1, sample_weight=s, reduction="none"), none * s, rtol=1e-12
        )


def test_compound_channels_last_equals_channels_first():
    x, y, _ = _data()
    last = np.moveaxis(x, 1, -1)
    for fn in (portloss.dice_ce_loss, portloss.dice_focal_loss):
        np.testing.assert_allclose(fn(last, y), fn(x, y, axis=1), rtol=1e-12)


@pytest.mark.parametrize(("theirs", "ours"), DICE_OPTIONS)
def test_mask_matches_monai_masked_dice(theirs, ours):
    x, y, onehot = _data()
    m = (np.random.default_rng(2).uniform(size=(2, 1, 4, 5)) > 0.3) * 1.0
    expected = _monai(monai_losses.MaskedDiceLoss, x, onehot, softmax=True, mask=m, **theirs)
    _close(
        _ours(
            portloss.dice_loss,
            x,
            y,
            axis=1,
            from_logits=True,
            activation="softmax",
            mask=torch.tensor(m),
            **ours,
        ),
        expected,
    )
    # The same mask without the class axis, as bool.
    got = portloss.dice_loss(
        x, y, axis=1, from_logits=True, activation="softmax", mask=m[:, 0] > 0, **ours
    )
    np.testing.assert_allclose(got, expected[0], rtol=1e-10)


def test_mask_on_jaccard_and_tversky_zeroes_the_masked_pixels():
    x, y, onehot = _data()
    m = np.random.default_rng(3).uniform(size=(2, 1, 4, 5))
    p = torch.softmax(torch.tensor(x), 1).numpy()
    for fn, kw in (
        (portloss.jaccard_loss, {}),
        (portloss.tversky_loss, {"alpha": 0.3, "beta": 0.7}),
    ):
        expected = fn(p * m, onehot * m, axis=1, **kw)
        np.testing.assert_allclose(fn(p, y, axis=1, mask=m, **kw), expected, rtol=1e-12)


@pytest.mark.parametrize("w_type", ["square", "simple", "uniform"])
def test_generalized_dice_weight_type_matches_monai_w_type(w_type):
    x, y, onehot = _data()
    expected = _monai(monai_losses.GeneralizedDiceLoss, x, onehot, softmax=True, w_type=w_type)
    got = _ours(
        portloss.generalized_dice_loss,
        x,
        y,
        axis=1,
        from_logits=True,
        activation="softmax",
        weight_type=w_type,
    )
    _close(got, expected, rtol=1e-7)  # MONAI rounds the weights through float32


def test_soft_label_matches_monai():
    x, _, _ = _data()
    q = np.random.default_rng(4).dirichlet(np.ones(C), (2, 4, 5)).transpose(0, 3, 1, 2)
    cases = [
        (monai_losses.DiceLoss, {}, portloss.dice_loss, {}),
        (monai_losses.DiceLoss, {"jaccard": True}, portloss.jaccard_loss, {"smooth": 0.5e-5}),
        (
            monai_losses.TverskyLoss,
            {"alpha": 0.3, "beta": 0.7},
            portloss.tversky_loss,
            {"alpha": 0.3, "beta": 0.7},
        ),
        (monai_losses.GeneralizedDiceLoss, {}, portloss.generalized_dice_loss, {}),
    ]
    for cls, theirs, fn, ours in cases:
        expected = _monai(cls, x, q, softmax=True, soft_label=True, **theirs)
        got = _ours(
            fn, x, q, axis=1, from_logits=True, activation="softmax", soft_label=True, **ours
        )
        _close(got, expected, rtol=1e-7)
    # With 0/1 targets the soft-label intersection is the product's.
    _, y, onehot = _data()
    np.testing.assert_allclose(
        portloss.dice_loss(
            x, onehot, axis=1, from_logits=True, activation="softmax", soft_label=True
        ),
        portloss.dice_loss(x, y, axis=1, from_logits=True, activation="softmax"),
        rtol=1e-12,
    )


def _smp_dice(x, y, *, classes=None, log_loss=False, smooth=0.0, eps=1e-7):
    """segmentation_models_pytorch DiceLoss(mode="multiclass"), written out."""
    bs, c = x.shape[:2]
    y_pred = x.log_softmax(dim=1).exp().view(bs, c, -1)
    y_true = torch.nn.functional.one_hot(y.view(bs, -1), c).permute(0, 2, 1).type_as(y_pred)
    dims = (0, 2)
    inter = torch.sum(y_pred * y_true, dim=dims)
    card = torch.sum(y_pred + y_true, dim=dims)
    scores = (2.0 * inter + smooth) / (card + smooth).clamp_min(eps)
    loss = -torch.log(scores.clamp_min(eps)) if log_loss else 1.0 - scores
    loss = loss * (y_true.sum(dims) > 0).to(loss.dtype)
    if classes is not None:
        loss = loss[torch.tensor(classes)]
    return loss.mean()


@pytest.mark.parametrize("classes", [None, [0, 2]])
@pytest.mark.parametrize("log_loss", [False, True])
def test_log_loss_and_classes_match_smp(classes, log_loss):
    x, _, _ = _data()
    y = np.random.default_rng(5).integers(0, 2, (2, 4, 5))  # class 2 absent: smp zeroes it
    xt = torch.tensor(x, requires_grad=True)
    expected = _smp_dice(xt, torch.tensor(y), classes=classes, log_loss=log_loss)
    (g_expected,) = torch.autograd.grad(expected, xt)
    got = _ours(
        portloss.dice_loss,
        x,
        y,
        axis=1,
        from_logits=True,
        activation="softmax",
        batch=True,
        smooth=0.0,
        empty_target="zero",
        log_loss=log_loss,
        classes=classes,
    )
    _close(got, (expected.item(), g_expected.numpy()))


def test_classes_leave_the_other_classes_out_of_none_and_mean():
    x, y, _ = _data()
    none = portloss.jaccard_loss(
        x, y, axis=1, from_logits=True, activation="softmax", reduction="none"
    )
    sub = portloss.jaccard_loss(
        x, y, axis=1, from_logits=True, activation="softmax", classes=(1,), reduction="none"
    )
    np.testing.assert_array_equal(sub[:, [0, 2]], 0.0)
    np.testing.assert_allclose(sub[:, 1], none[:, 1], rtol=1e-12)
    np.testing.assert_allclose(
        portloss.jaccard_loss(x, y, axis=1, from_logits=True, activation="softmax", classes=(1,)),
        none[:, 1].mean(),
        rtol=1e-12,
    )


def test_lovasz_softmax_weight_matches_kornia():
    kornia_losses = pytest.importorskip("kornia.losses")
    x, y, _ = _data()
    xt = torch.tensor(x, requires_grad=True)
    expected = kornia_losses.lovasz_softmax_loss(xt, torch.tensor(y), weight=torch.tensor(W))
    (g,) = torch.autograd.grad(expected, xt)
    got = _ours(
        portloss.lovasz_softmax_loss,
        x,
        y,
        axis=1,
        from_logits=True,
        activation="softmax",
        classes="all",
        per_image=True,
        weight=torch.tensor(W),
    )
    _close(got, (expected.item(), g.numpy()))


def _smp_mcc(y_pred, y_true, eps=1e-5):
    """segmentation_models_pytorch MCCLoss, written out from losses/mcc.py."""
    bs = y_true.shape[0]
    y_true, y_pred = y_true.view(bs, 1, -1), y_pred.view(bs, 1, -1)
    tp = torch.sum(y_pred * y_true) + eps
    tn = torch.sum((1 - y_pred) * (1 - y_true)) + eps
    fp = torch.sum(y_pred * (1 - y_true)) + eps
    fn = torch.sum((1 - y_pred) * y_true) + eps
    den = torch.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return 1.0 - (tp * tn - fp * fn).sum() / den.sum()


@pytest.mark.parametrize("eps", [1e-5, 0.1])
def test_mcc_matches_smp(eps):
    rng = np.random.default_rng(6)
    p = rng.uniform(0.01, 0.99, (2, 1, 4, 5))
    t = (rng.uniform(size=(2, 4, 5)) > 0.5) * 1.0
    xt = torch.tensor(p, requires_grad=True)
    expected = _smp_mcc(xt, torch.tensor(t), eps)
    (g,) = torch.autograd.grad(expected, xt)
    _close(_ours(portloss.mcc_loss, p, t, eps=eps), (expected.item(), g.numpy()))
    per_image = portloss.mcc_loss(p, t, eps=eps, per_image=True, reduction="none")
    assert per_image.shape == (2,)
    for i in range(2):
        np.testing.assert_allclose(
            per_image[i],
            _smp_mcc(torch.tensor(p[i : i + 1]), torch.tensor(t[i : i + 1]), eps).item(),
        )


@pytest.mark.parametrize("shape", [(2, 3, 8, 9), (2, 2, 5, 6, 4)])
@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ({}, {}),
        ({"include_background": False, "iter_": 1}, {"include_background": False, "iterations": 1}),
    ],
)
def test_cldice_matches_monai(shape, theirs, ours):
    x, y, _ = _data(7, shape)
    onehot = np.moveaxis(np.eye(shape[1])[y], -1, 1)
    expected = _monai(monai_losses.SoftclDiceLoss, x, onehot, softmax=True, **theirs)
    got = _ours(portloss.cldice_loss, x, y, axis=1, from_logits=True, activation="softmax", **ours)
    _close(got, expected)


def test_jax_jit_compound_and_mask():
    jax = pytest.importorskip("jax")
    x, y, _ = _data()
    m = np.ones((2, 1, 4, 5))
    xj, yj = jax.numpy.asarray(x, dtype="float32"), jax.numpy.asarray(y)
    for fn, kw in (
        (portloss.dice_ce_loss, {}),
        (portloss.dice_focal_loss, {}),
        (portloss.cldice_loss, {}),
        (portloss.dice_loss, {"mask": jax.numpy.asarray(m, dtype="float32"), "soft_label": True}),
    ):
        f = jax.jit(jax.value_and_grad(lambda v, fn=fn, kw=kw: fn(v, yj, axis=1, **kw)))
        value, grad = f(xj)
        np.testing.assert_allclose(
            value,
            fn(
                x.astype(np.float32),
                y,
                axis=1,
                **{k: np.asarray(v) if k == "mask" else v for k, v in kw.items()},
            ),
            rtol=1e-5,
        )
        assert np.isfinite(np.asarray(grad)).all()


@pytest.mark.parametrize(
    ("fn", "kwargs", "error", "match"),
    [
        (portloss.dice_ce_loss, {"lambda_ce": -1.0}, ValueError, "lambda_ce must be >= 0"),
        (portloss.dice_focal_loss, {"lambda_dice": -0.5}, ValueError, "lambda_dice must be >= 0"),
        (
            portloss.dice_ce_loss,
            {"batch": True, "sample_weight": np.ones(2)},
            ValueError,
            "batch=True",
        ),
        (
            portloss.dice_loss,
            {"mask": np.ones((2, 3, 4, 5))},
            ValueError,
            "mask must have input's shape",
        ),
        (
            portloss.dice_loss,
            {"classes": [3]},
            ValueError,
            r"classes must hold class indices in \[0, 3\)",
        ),
        (
            portloss.dice_loss,
            {"classes": [0], "include_background": False},
            ValueError,
            "include_background=False",
        ),
        (portloss.dice_loss, {"classes": "all"}, TypeError, "classes must be a sequence"),
        (portloss.dice_loss, {"log_loss": 1}, TypeError, "log_loss"),
    ],
)
def test_bad_options(fn, kwargs, error, match):
    x, y, _ = _data()
    with pytest.raises(error, match=match):
        fn(x, y, axis=1, **kwargs)
