"""Framework conventions (torch / keras / paddle), their knobs and the smoothing variants.

Oracles: the golden values of ``shared/reference/golden-values.md`` (sections A and C,
hardcoded below, recomputed there with PyTorch, PaddlePaddle and Keras) and the
formulas of that file's "What differs" written out in NumPy here. No expected number is
computed by portloss.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import get_backend
from hypothesis import given, settings
from hypothesis import strategies as st

import portloss
from portloss._reduction import reduce_loss
from portloss.conventions import PRESETS, Convention, resolve_convention

CONVENTIONS = ("torch", "keras", "paddle")
TOL = {"float32": {"rtol": 1e-5, "atol": 1e-7}, "float64": {"rtol": 1e-6, "atol": 1e-9}}

# --- golden-values.md, section A ------------------------------------------------------
A_LOGITS = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
A_TARGET = [1, 2]
A_WEIGHT = [1.0, 2.0, 3.0]
# case -> (uses weight, label_smoothing, {convention: (mean, none)})
GOLDEN_A = {
    "plain": (
        False,
        0.0,
        {
            "torch": (0.9868951, [0.5840635, 1.3897266]),
            "paddle": (0.9868951, [0.5840635, 1.3897266]),
            "keras": (0.9868951, [0.5840635, 1.3897266]),
        },
    ),
    "smoothing": (
        False,
        0.1,
        {
            "torch": (1.0060617, [0.6457301, 1.3663933]),
            "paddle": (1.0060618, [0.6457301, 1.3663933]),
            "keras": (1.0060618, [0.6457301, 1.3663933]),
        },
    ),
    "weights": (
        True,
        0.0,
        {
            "torch": (1.0674614, [1.1681269, 4.1691799]),
            "paddle": (1.0674615, [1.168127, 4.1691804]),
            "keras": (2.6686535, [1.168127, 4.16918]),
        },
    ),
    "weights+smoothing": (
        True,
        0.1,
        {
            "torch": (1.0553335, [1.2931269, 3.9835405]),
            "paddle": (1.0722452, [1.2914603, 3.9625409]),
            "keras": (2.6953201, [1.2914603, 4.09918]),
        },
    ),
}

# --- golden-values.md, section C ------------------------------------------------------
GOLDEN_C = [
    ([[1, 8, 1], [1, 1, 8]], [1, 2], 0.05, 0.23515542, 0.35182208),
    ([[0.1, 8, 0.1], [0.1, 0.1, 8]], [1, 2], 0.05, 0.26407453, 0.39574119),
    (
        [[0, 0.2, 0.7, 0.1, 0], [0, 0.9, 0.2, 0.2, 1], [1, 0.2, 0.7, 0.9, 1]],
        [2, 1, 0],
        0.3,
        1.38828611,
        1.41778612,
    ),
    (
        [[0, 0.2, 0.7, 0.1, 0], [0, 0.9, 0.2, 0.2, 1], [1, 0.2, 0.7, 0.9, 1]],
        [2, 1, 0],
        0.5,
        1.46695280,
        1.51611948,
    ),
]


def call(backend, fn, x, t, /, **kw):
    """``fn`` on the backend's copies of the NumPy arrays (keyword arrays too), as NumPy."""
    kw = {k: backend.asarray(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    return backend.to_numpy(fn(backend.asarray(x), backend.asarray(t), **kw))


def skip_dtype(backend, dtype):
    if dtype not in backend.dtypes:
        pytest.skip(f"{backend.name} has no {dtype}")


# --- golden values --------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("case", list(GOLDEN_A))
def test_golden_section_a(backend, case, convention, dtype):
    skip_dtype(backend, dtype)
    weighted, smoothing, expected = GOLDEN_A[case]
    mean, none = expected[convention]
    x = np.asarray(A_LOGITS, dtype=dtype)
    t = np.asarray(A_TARGET)
    kw = {"label_smoothing": smoothing, "convention": convention}
    if weighted:
        kw["weight"] = np.asarray(A_WEIGHT, dtype=dtype)
    got_mean = call(backend, portloss.cross_entropy, x, t, **kw)
    got_none = call(backend, portloss.cross_entropy, x, t, reduction="none", **kw)
    assert got_mean.shape == ()
    assert got_mean.dtype == np.dtype(dtype)
    assert got_none.shape == (2,)
    np.testing.assert_allclose(got_mean, mean, **TOL[dtype])
    np.testing.assert_allclose(got_none, none, **TOL[dtype])


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_golden_section_a_explicit_knobs(backend, convention):
    """Each preset is exactly its knobs: spelling them out gives the same numbers."""
    preset = PRESETS[convention]
    x, t, w = (
        np.asarray(A_LOGITS, np.float32),
        np.asarray(A_TARGET),
        np.asarray(A_WEIGHT, np.float32),
    )
    got = call(
        backend,
        portloss.cross_entropy,
        x,
        t,
        weight=w,
        label_smoothing=0.1,
        class_weight_mode=preset.class_weight_mode,
        mean_denominator=preset.mean_denominator,
        empty_mean=preset.empty_mean,
    )
    np.testing.assert_allclose(got, GOLDEN_A["weights+smoothing"][2][convention][0], rtol=1e-5)


@pytest.mark.parametrize("row", range(len(GOLDEN_C)))
@pytest.mark.parametrize("variant", ["uniform", "others"])
def test_golden_section_c(backend, row, variant):
    logits, target, a, uniform, others = GOLDEN_C[row]
    got = call(
        backend,
        portloss.cross_entropy,
        np.asarray(logits, np.float32),
        np.asarray(target),
        label_smoothing=a,
        smoothing_variant=variant,
    )
    np.testing.assert_allclose(got, uniform if variant == "uniform" else others, rtol=1e-5)


def test_default_is_torch(backend):
    x, t, w = (
        np.asarray(A_LOGITS, np.float32),
        np.asarray(A_TARGET),
        np.asarray(A_WEIGHT, np.float32),
    )
    for reduction in ("mean", "sum", "none"):
        kw = {"weight": w, "label_smoothing": 0.1, "reduction": reduction}
        default = call(backend, portloss.cross_entropy, x, t, **kw)
        torch_ = call(backend, portloss.cross_entropy, x, t, convention="torch", **kw)
        np.testing.assert_array_equal(default, torch_)


# --- NumPy reference of golden-values.md "What differs" -------------------------------


def np_reference(x, t, *, convention, weight=None, a=0.0, variant="uniform", ignore_index=-100):
    """(none, mean) of each convention in float64 NumPy, class axis last.

    Integer ``t`` holds class indices (``ignore_index`` entries ignored), floating ``t``
    probabilities. Written from the formulas of golden-values.md, section A.
    """
    x = np.asarray(x, np.float64)
    C = x.shape[-1]
    logp = x - x.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    w = np.ones(C) if weight is None else np.asarray(weight, np.float64)
    index = np.issubdtype(np.asarray(t).dtype, np.integer)
    if index:
        valid = t != ignore_index
        hard = np.where(valid, t, 0)
        onehot = np.eye(C)[hard]
    else:
        valid = np.ones(t.shape[:-1], bool)
        hard = np.argmax(t, -1)
        onehot = np.asarray(t, np.float64)
    if variant == "uniform":
        smoothed = (1 - a) * onehot + a / C
    else:
        smoothed = (1 - a) * onehot + a / (C - 1) * (1 - onehot)
    ce = -(smoothed * logp).sum(-1)
    if convention == "torch":
        loss = -(w * smoothed * logp).sum(-1)
        share = w[hard] if index else np.ones_like(loss)
    elif convention == "keras":
        loss = w[hard] * ce
        share = np.ones_like(loss)
    else:
        s = (w * smoothed).sum(-1)
        loss, share = s * ce, s
    loss = np.where(valid, loss, 0.0)
    share = np.where(valid, share, 0.0)
    return loss, (loss.sum() / share.sum() if share.sum() > 0 else np.nan)


def random_case(seed, *, n=7, c=4, probabilities=False, ignore=True):
    rng = np.random.default_rng(seed)
    x = 2.0 * rng.standard_normal((n, c))
    if probabilities:
        t = rng.dirichlet(np.ones(c), size=n)
    else:
        t = rng.integers(0, c, size=n)
        if ignore:
            t[::3] = -100
    w = rng.uniform(0.2, 3.0, size=c)
    return x, t, w


@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("probabilities", [False, True], ids=["index", "probability"])
@pytest.mark.parametrize("variant", ["uniform", "others"])
def test_formulas_against_numpy(backend, convention, probabilities, variant):
    x, t, w = random_case(1, probabilities=probabilities)
    kw = {"weight": w, "label_smoothing": 0.2, "smoothing_variant": variant}
    none, mean = np_reference(x, t, convention=convention, weight=w, a=0.2, variant=variant)
    got_none = call(
        backend, portloss.cross_entropy, x, t, convention=convention, reduction="none", **kw
    )
    got_mean = call(backend, portloss.cross_entropy, x, t, convention=convention, **kw)
    np.testing.assert_allclose(got_none, none, rtol=1e-10)
    np.testing.assert_allclose(got_mean, mean, rtol=1e-10)


# --- properties -----------------------------------------------------------------------


@pytest.mark.parametrize("smoothing", [0.0, 0.15])
@pytest.mark.parametrize("probabilities", [False, True], ids=["index", "probability"])
def test_presets_agree_without_class_weights(backend, smoothing, probabilities):
    """No class weight, no sample weight, a non-empty batch: one number for all three."""
    x, t, _ = random_case(2, probabilities=probabilities)
    for reduction in ("none", "mean", "sum"):
        got = [
            call(
                backend,
                portloss.cross_entropy,
                x,
                t,
                label_smoothing=smoothing,
                reduction=reduction,
                convention=convention,
            )
            for convention in CONVENTIONS
        ]
        np.testing.assert_allclose(got[1], got[0], rtol=1e-12)
        np.testing.assert_allclose(got[2], got[0], rtol=1e-12)


def test_presets_agree_with_class_weights_and_no_smoothing(backend):
    """Index targets without smoothing: one unreduced loss; torch and paddle share the mean."""
    x, t, w = random_case(3)
    none = [
        call(backend, portloss.cross_entropy, x, t, weight=w, reduction="none", convention=c)
        for c in CONVENTIONS
    ]
    np.testing.assert_allclose(none[1], none[0], rtol=1e-12)
    np.testing.assert_allclose(none[2], none[0], rtol=1e-12)
    mean = {
        c: call(backend, portloss.cross_entropy, x, t, weight=w, convention=c) for c in CONVENTIONS
    }
    np.testing.assert_allclose(mean["paddle"], mean["torch"], rtol=1e-12)
    np.testing.assert_allclose(mean["keras"], none[0].sum() / np.sum(t != -100), rtol=1e-12)


@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("probabilities", [False, True], ids=["index", "probability"])
def test_others_is_uniform_at_rescaled_rate(backend, convention, probabilities):
    """'others' at a equals 'uniform' at a' = a C / (C - 1)."""
    x, t, w = random_case(4, c=5, probabilities=probabilities)
    a = 0.3
    rescaled = a * 5 / 4
    for reduction in ("none", "mean"):
        kw = {"weight": w, "reduction": reduction, "convention": convention}
        others = call(
            backend,
            portloss.cross_entropy,
            x,
            t,
            label_smoothing=a,
            smoothing_variant="others",
            **kw,
        )
        uniform = call(backend, portloss.cross_entropy, x, t, label_smoothing=rescaled, **kw)
        np.testing.assert_allclose(others, uniform, rtol=1e-10)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_nll_matches_cross_entropy(backend, convention):
    x, t, w = random_case(5)
    logp = x - x.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    for reduction in ("none", "mean", "sum"):
        kw = {"weight": w, "reduction": reduction, "convention": convention}
        ce = call(backend, portloss.cross_entropy, x, t, **kw)
        nll = call(backend, portloss.nll_loss, logp, t, **kw)
        np.testing.assert_allclose(nll, ce, rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 6),
    c=st.integers(2, 6),
    a=st.floats(0.0, 1.0),
    weighted=st.booleans(),
    convention=st.sampled_from(CONVENTIONS),
)
def test_property_numpy_reference(seed, n, c, a, weighted, convention):
    """Hypothesis on NumPy: the NumPy reference for any size, rate and convention."""
    x, t, w = random_case(seed, n=n, c=c)
    w = w if weighted else None
    none, mean = np_reference(x, t, convention=convention, weight=w, a=a)
    kw = {"weight": w, "label_smoothing": a, "convention": convention}
    np.testing.assert_allclose(
        portloss.cross_entropy(x, t, reduction="none", **kw), none, rtol=1e-9, atol=1e-12
    )
    got = portloss.cross_entropy(x, t, **kw)
    if np.all(t == -100):
        assert np.isnan(got) if convention == "torch" else got == 0.0
    else:
        np.testing.assert_allclose(got, mean, rtol=1e-9, atol=1e-12)


# --- knobs: the mean denominator, the empty mean, overrides ---------------------------


@pytest.mark.parametrize("fn", ["cross_entropy", "nll_loss"])
def test_empty_mean(backend, fn):
    x = np.asarray(A_LOGITS, np.float32)
    t = np.asarray([-100, -100])
    loss = getattr(portloss, fn)
    expected = {"torch": np.nan, "keras": 0.0, "paddle": 0.0}
    for convention in CONVENTIONS:
        got = call(backend, loss, x, t, convention=convention)
        np.testing.assert_array_equal(got, expected[convention])
        np.testing.assert_array_equal(
            call(backend, loss, x, t, convention=convention, reduction="sum"), 0.0
        )
        np.testing.assert_array_equal(
            call(backend, loss, x, t, convention=convention, reduction="none"), [0.0, 0.0]
        )
    np.testing.assert_array_equal(call(backend, loss, x, t, empty_mean="zero"), 0.0)
    np.testing.assert_array_equal(
        call(backend, loss, x, t, convention="keras", empty_mean="nan"), np.nan
    )


def test_empty_mean_gradient_is_finite(backend):
    if backend.autodiff is None:
        pytest.skip(f"{backend.name} has no autodiff")
    x = backend.asarray(np.asarray(A_LOGITS, np.float32))
    t = backend.asarray(np.asarray([-100, -100]))
    for convention in CONVENTIONS:
        g = backend.to_numpy(
            backend.grad(lambda x_, c=convention: portloss.cross_entropy(x_, t, convention=c), [x])
        )
        np.testing.assert_array_equal(g, np.zeros_like(g))


def test_mean_denominator_count(backend):
    """Keras' mean divides by the non-ignored count; numeric sample weights stay out of it."""
    x, t, w = random_case(6)
    s = np.linspace(0.5, 2.0, t.shape[0])
    none = call(backend, portloss.cross_entropy, x, t, weight=w, sample_weight=s, reduction="none")
    count = np.sum(t != -100)
    got = call(
        backend, portloss.cross_entropy, x, t, weight=w, sample_weight=s, mean_denominator="count"
    )
    np.testing.assert_allclose(got, none.sum() / count, rtol=1e-12)
    # A boolean sample_weight is a mask: masked entries leave the count as well.
    mask = np.arange(t.shape[0]) % 2 == 0
    got = call(backend, portloss.cross_entropy, x, t, sample_weight=mask, convention="keras")
    plain = call(backend, portloss.cross_entropy, x, t, reduction="none")
    np.testing.assert_allclose(got, plain[mask].sum() / np.sum(mask & (t != -100)), rtol=1e-12)


def test_knob_overrides_preset(backend):
    """keras with mean_denominator='weights' is Keras' mean_with_sample_weight = torch here."""
    x, t, w = (
        np.asarray(A_LOGITS, np.float32),
        np.asarray(A_TARGET),
        np.asarray(A_WEIGHT, np.float32),
    )
    got = call(
        backend,
        portloss.cross_entropy,
        x,
        t,
        weight=w,
        convention="keras",
        mean_denominator="weights",
    )
    np.testing.assert_allclose(got, GOLDEN_A["weights"][2]["torch"][0], rtol=1e-5)
    # torch's class-weight placement with Keras' denominator: sum of torch's losses / N.
    got = call(
        backend,
        portloss.cross_entropy,
        x,
        t,
        weight=w,
        label_smoothing=0.1,
        convention="keras",
        class_weight_mode="per_class",
    )
    np.testing.assert_allclose(
        got, sum(GOLDEN_A["weights+smoothing"][2]["torch"][1]) / 2, rtol=1e-5
    )


def test_jit_and_lazy(backend):
    """The knobs add no host sync: they compile under jax.jit and stay lazy on Dask."""
    x, t, w = random_case(7)
    args = [backend.asarray(a) for a in (x, t, w)]

    def fn(x_, t_, w_):
        return portloss.cross_entropy(
            x_, t_, weight=w_, label_smoothing=0.1, convention="paddle", empty_mean="zero"
        ) + portloss.cross_entropy(x_, t_, weight=w_, label_smoothing=0.1, convention="keras")

    expected = backend.to_numpy(fn(*args))
    if backend.jit:
        np.testing.assert_allclose(
            backend.to_numpy(backend.jit_call(fn, args)), expected, rtol=1e-12
        )
    elif backend.count_computes is not None:
        _, computes = backend.count_computes(lambda: fn(*args))
        assert computes == 0
    else:
        pytest.skip(f"{backend.name} is neither jit-able nor lazy")


# --- reduce_loss: the one place that reduces ------------------------------------------


def test_reduce_loss_keeps_its_keywords(backend):
    """The keywords other modules call with still mean what they meant."""
    xp = backend.xp
    loss = backend.asarray(np.asarray([1.0, 2.0, 4.0]))
    valid = backend.asarray(np.asarray([True, True, False]))
    share = backend.asarray(np.asarray([1.0, 3.0, 5.0]))
    sw = backend.asarray(np.asarray([2.0, 1.0, 1.0]))
    out = reduce_loss(xp, loss, reduction="mean", valid=valid, sample_weight=sw, mean_weight=share)
    np.testing.assert_allclose(backend.to_numpy(out), (2 + 2) / (2 + 3))
    out = reduce_loss(
        xp,
        loss,
        reduction="mean",
        valid=valid,
        sample_weight=sw,
        mean_weight=share,
        mean_denominator="count",
    )
    np.testing.assert_allclose(backend.to_numpy(out), (2 + 2) / 2)
    none = backend.asarray(np.asarray([False, False, False]))
    for empty, expected in (("nan", np.nan), ("zero", 0.0)):
        for denominator in ("weights", "count"):
            out = reduce_loss(
                xp,
                loss,
                reduction="mean",
                valid=none,
                mean_denominator=denominator,
                empty_mean=empty,
            )
            np.testing.assert_array_equal(backend.to_numpy(out), expected)


def test_reduce_loss_rejects_unknown_knobs():
    loss = np.ones(3)
    with pytest.raises(ValueError, match=r"mean_denominator must be .*'weights'.*'count'.*'batch'"):
        reduce_loss(np, loss, reduction="mean", mean_denominator="batch")
    with pytest.raises(ValueError, match=r"empty_mean must be .*'nan'.*'zero'.*'inf'"):
        reduce_loss(np, loss, reduction="mean", empty_mean="inf")


# --- errors ---------------------------------------------------------------------------


def test_resolve_convention():
    assert resolve_convention("torch") == PRESETS["torch"]
    assert resolve_convention("keras", empty_mean="nan") == Convention(
        "keras", "hard_target", "count", "nan", "mean", 1e-7, "left"
    )
    assert PRESETS["paddle"] == Convention(
        "paddle", "smoothed_target", "weights", "zero", "keep", 0.0, "exact"
    )


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"convention": "tf"}, r"convention must be 'torch' \| 'keras' \| 'paddle', got 'tf'"),
        ({"convention": None}, r"convention must be .*, got None"),
        (
            {"class_weight_mode": "sample"},
            r"class_weight_mode must be None .*'per_class'.*got 'sample'",
        ),
        (
            {"mean_denominator": "batch"},
            r"mean_denominator must be None .*'weights' \| 'count', got 'batch'",
        ),
        ({"empty_mean": 0}, r"empty_mean must be None .*'nan' \| 'zero', got 0"),
        (
            {"smoothing_variant": "random"},
            r"smoothing_variant must be 'uniform' \| 'others', got 'random'",
        ),
    ],
)
def test_knob_errors(kw, message):
    x, t = np.asarray(A_LOGITS), np.asarray(A_TARGET)
    with pytest.raises(ValueError, match=message):
        portloss.cross_entropy(x, t, **kw)
    nll_kw = {k: v for k, v in kw.items() if k in ("convention", "mean_denominator", "empty_mean")}
    if nll_kw:
        with pytest.raises(ValueError, match=message):
            portloss.nll_loss(x, t, **nll_kw)


def test_others_needs_two_classes():
    x, t = np.zeros((2, 1)), np.zeros(2, dtype=np.int64)
    with pytest.raises(
        ValueError,
        match=r"smoothing_variant='others' .* at least 2 classes, got input with 1 class",
    ):
        portloss.cross_entropy(x, t, label_smoothing=0.1, smoothing_variant="others")
    # Nothing to spread: a = 0 is fine.
    assert portloss.cross_entropy(x, t, smoothing_variant="others") == 0.0


def test_nll_loss_has_no_class_weight_mode():
    """Without smoothing the three placements coincide: nll_loss takes no such knob."""
    with pytest.raises(TypeError):
        portloss.nll_loss(np.zeros((2, 3)), np.zeros(2, np.int64), class_weight_mode="per_class")


def test_errors_need_no_backend():
    """Option errors come first, on every backend alike (checked on one non-NumPy one)."""
    backend = get_backend("array_api_strict")
    x, t = backend.asarray(np.asarray(A_LOGITS)), backend.asarray(np.asarray(A_TARGET))
    with pytest.raises(ValueError, match="convention must be"):
        portloss.cross_entropy(x, t, convention="Keras")
