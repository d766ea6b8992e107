"""portloss.robust against kornia's robust losses and Barron's formula written out."""

from __future__ import annotations

import math

import numpy as np
import pytest

import portloss

torch = pytest.importorskip("torch")
kornia_losses = pytest.importorskip("kornia.losses", reason="kornia is the oracle")

NAMED = {
    "charbonnier_loss": (kornia_losses.charbonnier_loss, 1.0),
    "cauchy_loss": (kornia_losses.cauchy_loss, 0.0),
    "geman_mcclure_loss": (kornia_losses.geman_mcclure_loss, -2.0),
    "welsch_loss": (kornia_losses.welsch_loss, -math.inf),
}


def _data(dtype=np.float64, shape=(4, 5), spread=3.0):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape) * spread
    x[0, :3] = [0.0, 1e-4, 0.5]  # zero, tiny and sub-1 residuals: the rational branches
    return x.astype(dtype), np.zeros(shape, dtype)


def _barron_torch(x, y, alpha, c):
    """Barron's general formula in float64 torch, special values by Python branch."""
    s = ((x - y) / c) ** 2
    if alpha == 2:
        return 0.5 * s
    if alpha == 0:
        return torch.log1p(0.5 * s)
    if alpha == -math.inf:
        return -torch.expm1(-0.5 * s)
    if alpha == math.inf:
        return torch.expm1(0.5 * s)
    b = abs(alpha - 2)
    return b / alpha * ((s / b + 1) ** (alpha / 2) - 1)


@pytest.mark.parametrize("name", sorted(NAMED))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_named_match_kornia_values_and_gradients(name, dtype):
    oracle, _ = NAMED[name]
    x, y = _data(dtype)
    xt = torch.tensor(x, requires_grad=True)
    expected = oracle(xt, torch.tensor(y), reduction="mean")
    (grad_expected,) = torch.autograd.grad(expected, xt)
    xp_ = torch.tensor(x, requires_grad=True)
    got = getattr(portloss, name)(xp_, torch.tensor(y))
    (grad_got,) = torch.autograd.grad(got, xp_)
    tol = 1e-6 if dtype == np.float32 else 1e-12
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got.detach().numpy(), expected.detach().numpy(), rtol=tol)
    np.testing.assert_allclose(grad_got.numpy(), grad_expected.numpy(), rtol=tol, atol=tol)
    none = getattr(portloss, name)(x, y, reduction="none")
    np.testing.assert_allclose(
        none, oracle(torch.tensor(x), torch.tensor(y)).numpy(), rtol=tol, atol=tol
    )


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_are_barron_special_cases_with_scale(name):
    _, alpha = NAMED[name]
    x, y = _data()
    got = getattr(portloss, name)(x, y, scale=0.7, reduction="none")
    general = portloss.general_adaptive_loss(x, y, alpha=alpha, scale=0.7, reduction="none")
    written = _barron_torch(torch.tensor(x), torch.tensor(y), alpha, 0.7).numpy()
    np.testing.assert_allclose(got, written, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(general, written, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("alpha", [-math.inf, -5.0, -2.0, 0.0, 0.5, 1.0, 2.0, 3.5, math.inf])
def test_general_matches_written_formula_values_and_gradients(alpha):
    x, y = _data(spread=1.5)
    c = 1.3
    xt = torch.tensor(x, requires_grad=True)
    expected = _barron_torch(xt, torch.tensor(y), alpha, c).mean()
    (grad_expected,) = torch.autograd.grad(expected, xt)
    xg = torch.tensor(x, requires_grad=True)
    got = portloss.general_adaptive_loss(xg, torch.tensor(y), alpha=alpha, scale=c)
    (grad_got,) = torch.autograd.grad(got, xg)
    np.testing.assert_allclose(got.item(), expected.item(), rtol=1e-12)
    np.testing.assert_allclose(grad_got.numpy(), grad_expected.numpy(), rtol=1e-10, atol=1e-14)


def test_array_alpha_and_scale_gradients_match_autograd():
    x, y = _data(spread=1.5)
    alpha = np.array([-3.0, -0.5, 0.7, 1.5, 4.0])
    scale = np.array([0.5, 1.0, 2.0, 1.5, 0.8])
    xt = torch.tensor(x)
    a1 = torch.tensor(alpha, requires_grad=True)
    c1 = torch.tensor(scale, requires_grad=True)
    s = (xt / c1) ** 2
    b = (a1 - 2).abs()
    expected = (b / a1 * ((s / b + 1) ** (a1 / 2) - 1)).sum()
    g_expected = torch.autograd.grad(expected, (a1, c1))
    a2 = torch.tensor(alpha, requires_grad=True)
    c2 = torch.tensor(scale, requires_grad=True)
    got = portloss.general_adaptive_loss(xt, torch.tensor(y), alpha=a2, scale=c2, reduction="sum")
    g_got = torch.autograd.grad(got, (a2, c2))
    np.testing.assert_allclose(got.item(), expected.item(), rtol=1e-12)
    for g, e in zip(g_got, g_expected):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-9)


@pytest.mark.parametrize("special", [0.0, 2.0])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_near_special_alpha_is_continuous_with_finite_gradient(special, dtype):
    x = torch.linspace(-4.0, 4.0, 9, dtype=dtype)
    y = torch.zeros_like(x)
    at = portloss.general_adaptive_loss(x, y, alpha=special, reduction="none")
    eps = torch.finfo(dtype).eps
    for delta in (1e-3, eps, -eps, -1e-3):
        a = torch.full((9,), special + delta, dtype=dtype, requires_grad=True)
        xg = x.clone().requires_grad_(True)
        near = portloss.general_adaptive_loss(xg, y, alpha=a, reduction="none")
        ga, gx = torch.autograd.grad(near.sum(), (a, xg))
        assert torch.isfinite(ga).all()
        assert torch.isfinite(gx).all()
        tol = 4e-3 if abs(delta) > eps else 1e-5
        np.testing.assert_allclose(near.detach().numpy(), at.numpy(), rtol=tol, atol=tol)


def test_array_alpha_with_every_special_value_has_finite_gradients():
    x = torch.tensor([30.0, 0.0, 2.0, 3.0, 1.0], dtype=torch.float64, requires_grad=True)
    alpha = torch.tensor([-math.inf, 0.0, 2.0, 1.0, math.inf], dtype=torch.float64)
    loss = portloss.general_adaptive_loss(x, torch.zeros(5, dtype=torch.float64), alpha=alpha)
    (g,) = torch.autograd.grad(loss, x)
    assert torch.isfinite(g).all()
    expected = [1 - math.exp(-450.0), 0.0, 2.0, math.sqrt(10.0) - 1, math.expm1(0.5)]
    np.testing.assert_allclose(
        portloss.general_adaptive_loss(
            x.detach().numpy(), np.zeros(5), alpha=alpha.numpy(), reduction="none"
        ),
        expected,
        rtol=1e-12,
    )


def test_sample_weight_reduction_and_dtype():
    x, y = _data(np.float32)
    w = np.array([[1.0], [0.0], [2.0], [1.0]], dtype=np.float32)
    none = portloss.cauchy_loss(x, y, reduction="none")
    got = portloss.cauchy_loss(x, y, sample_weight=w)
    expected = (none * w).sum() / (w.sum() * x.shape[1])
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    assert got.dtype == np.float32
    mask = w > 0
    np.testing.assert_allclose(
        portloss.welsch_loss(x, y, sample_weight=mask, reduction="sum"),
        (portloss.welsch_loss(x, y, reduction="none") * mask).sum(),
        rtol=1e-6,
    )


def test_extreme_residuals_stay_finite_and_nan_propagates():
    x = np.array([1e30, -1e30, np.nan], dtype=np.float32)
    y = np.zeros(3, dtype=np.float32)
    with np.errstate(over="ignore"):  # the square overflows to inf; the loss must not
        gm = portloss.geman_mcclure_loss(x, y, reduction="none")
    np.testing.assert_allclose(gm[:2], [2.0, 2.0])
    assert np.isnan(gm[2])
    with np.errstate(over="ignore"):
        assert np.isnan(portloss.charbonnier_loss(x, y, reduction="none")[2])
    nan_alpha = np.array(np.nan, np.float32)
    assert np.isnan(portloss.general_adaptive_loss(x[:2] * 1e-30, y[:2], alpha=nan_alpha))
    bad_scale = portloss.general_adaptive_loss(
        x[:2] * 1e-30, y[:2], scale=np.array([1.0, -1.0], np.float32), reduction="none"
    )
    assert np.isfinite(bad_scale[0])
    assert np.isnan(bad_scale[1])


def test_jax_jit_with_array_alpha():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    x, y = _data(np.float32)
    alpha = jnp.asarray(np.array([2.0, 0.0, -2.0, 1.0, 0.5], np.float32))

    def f(a):
        return portloss.general_adaptive_loss(jnp.asarray(x), jnp.asarray(y), alpha=a)

    value, grad = jax.jit(jax.value_and_grad(f))(alpha)
    np.testing.assert_allclose(value, f(alpha), rtol=1e-6)
    assert np.isfinite(np.asarray(grad)).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"scale": 0.0}, ValueError, "scale must be > 0"),
        ({"scale": "1"}, TypeError, "scale must be a real number"),
        ({"alpha": float("nan")}, ValueError, "alpha must be a finite number"),
        ({"alpha": np.ones(3)}, ValueError, "alpha"),
        ({"reduction": "batchmean"}, ValueError, "reduction"),
    ],
)
def test_bad_options(kwargs, error, match):
    x, y = _data()
    with pytest.raises(error, match=match):
        portloss.general_adaptive_loss(x, y, **kwargs)


def test_shape_mismatch_names_target():
    with pytest.raises(ValueError, match="target"):
        portloss.charbonnier_loss(np.zeros((2, 3)), np.zeros((3, 2)))
