"""Property-based tests (hypothesis) over every loss family.

The generic properties are driven by the conformance case table
(:func:`conformance.cases.all_cases`): every public loss with a ``reduction`` option is
checked for reduction consistency, batch-permutation invariance, weight scaling and
bool-mask-equals-removal on freshly seeded inputs drawn by hypothesis. Targeted
properties (softmax shift invariance, logits vs probability forms, one-hot vs index
targets, a moved class axis) follow.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import portloss
from conformance.cases import all_cases

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def _params(name: str) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(getattr(portloss, name)).parameters)


def _reduction_cases() -> list:
    """Per function, the first case with a non-empty batch that has a reduction option."""
    seen: dict[str, object] = {}
    for case in all_cases():
        if case.function in seen or "reduction" not in _params(case.function):
            continue
        args, _ = case.inputs()
        if any(a.size == 0 for a in args):
            continue
        seen[case.function] = case
    return list(seen.values())


REDUCTION_CASES = _reduction_cases()
IDS = [c.id for c in REDUCTION_CASES]


def _draw_inputs(case, seed: int):
    rng = np.random.default_rng(seed)
    return [g(rng) for g in case.args], {k: g(rng) for k, g in case.arrays.items()}


def _call(case, args, arrays, **options):
    opts = {**case.options, **options}
    return np.asarray(getattr(portloss, case.function)(*args, **arrays, **opts), dtype=np.float64)


# Metric learning: batch_all averages the active triplets, semi-hard the positive pairs.
PAIR_MEANS = ("batch_all_triplet_loss", "triplet_semihard_loss")
# Losses of every row against the whole batch: removing a row changes the others.
BATCH_COUPLED = ("circle_loss", "multi_similarity_loss", "batch_hard_triplet_loss")


# Losses whose "mean" is not the plain mean of the unreduced output even without weights.
def _plain_mean(case) -> bool:
    if case.function in ("ntxent_loss", "ctc_loss", *PAIR_MEANS):
        # ntxent: the mean runs over positive pairs; ctc: over loss / target length (torch)
        return False
    if case.arrays or case.options.get("ignore_index") not in (None, -100):
        return False
    return not (
        case.function in ("lovasz_softmax_loss",) and case.options.get("per_image") is False
    )


def test_every_reduction_loss_has_a_property_case():
    functions = {
        n
        for n in portloss.__all__
        if inspect.isfunction(getattr(portloss, n)) and "reduction" in _params(n)
    }
    assert functions == {c.function for c in REDUCTION_CASES}


@pytest.mark.parametrize("case", REDUCTION_CASES, ids=IDS)
@SETTINGS
@given(seed=SEEDS)
def test_reduction_consistency(case, seed):
    """``sum`` is the sum of ``none``; ``mean`` is sum / count when unweighted."""
    args, arrays = _draw_inputs(case, seed)
    total = _call(case, args, arrays, reduction="sum")
    mean = _call(case, args, arrays, reduction="mean")
    none = _call(case, args, arrays, reduction="none")
    if case.function == "lovasz_softmax_loss" or (
        case.function == "lovasz_hinge_loss" and not case.options.get("per_image", True)
    ):
        # The batch-level Lovasz extension does not decompose per element.
        assert np.isfinite(total)
        assert np.isfinite(mean)
        return
    np.testing.assert_allclose(none.sum(), total, rtol=1e-6, atol=1e-9)
    if _plain_mean(case):
        np.testing.assert_allclose(none.mean(), mean, rtol=1e-6, atol=1e-9)
    else:
        assert np.isfinite(mean)


def _batch_permutable(case, args, arrays):
    n = args[0].shape[0] if args[0].ndim else None
    if n is None or n < 2:
        return None
    if not all(a.ndim and a.shape[0] == n for a in args):
        return None
    return n


def _per_element(name, v, args):
    """Keyword arrays that travel with the batch (elementwise weights, sample weights)."""
    x = args[0]
    return name == "sample_weight" or (v.ndim == x.ndim and v.shape[0] == x.shape[0])


@pytest.mark.parametrize("case", REDUCTION_CASES, ids=IDS)
@SETTINGS
@given(seed=SEEDS, data=st.data())
def test_batch_permutation_invariance(case, seed, data):
    args, arrays = _draw_inputs(case, seed)
    n = _batch_permutable(case, args, arrays)
    if n is None:
        pytest.skip("no common leading batch axis")
    perm = np.asarray(data.draw(st.permutations(range(n))))
    pargs = [a[perm] for a in args]
    parrays = {k: (v[perm] if _per_element(k, v, args) else v) for k, v in arrays.items()}
    for reduction in ("mean", "sum"):
        np.testing.assert_allclose(
            _call(case, pargs, parrays, reduction=reduction),
            _call(case, args, arrays, reduction=reduction),
            rtol=1e-6,
            atol=1e-9,
        )
    none = _call(case, args, arrays, reduction="none")
    if case.function == "ntxent_loss":  # pairwise (N, N) output
        np.testing.assert_allclose(
            _call(case, pargs, parrays, reduction="none"), none[perm][:, perm], rtol=1e-6
        )
    elif case.function == "triplet_semihard_loss":  # (N, N) pairs
        got = _call(case, pargs, parrays, reduction="none")
        np.testing.assert_allclose(got, none[perm][:, perm], rtol=1e-6, atol=1e-9)
    elif case.function == "batch_all_triplet_loss":  # (N, N, N) triplets
        got = _call(case, pargs, parrays, reduction="none")
        np.testing.assert_allclose(got, none[perm][:, perm][:, :, perm], rtol=1e-6, atol=1e-9)
    elif none.ndim and none.shape[0] == n:
        np.testing.assert_allclose(
            _call(case, pargs, parrays, reduction="none"), none[perm], rtol=1e-6, atol=1e-9
        )


SAMPLE_WEIGHT_CASES = [c for c in REDUCTION_CASES if "sample_weight" in _params(c.function)]


def _none_shape(case, args, arrays):
    kept = {k: v for k, v in arrays.items() if k != "sample_weight"}
    return _call(case, args, kept, reduction="none").shape


@pytest.mark.parametrize("case", SAMPLE_WEIGHT_CASES, ids=[c.id for c in SAMPLE_WEIGHT_CASES])
@SETTINGS
@given(seed=SEEDS, k=st.floats(0.125, 8.0))
def test_sample_weight_scaling(case, seed, k):
    """Scaling sample_weight by k scales the sum by k and leaves a mean over the weights
    unchanged (a mean over the count, Keras', is scaled by k too)."""
    args, arrays = _draw_inputs(case, seed)
    arrays = {a: v for a, v in arrays.items() if a != "sample_weight"}
    shape = _none_shape(case, args, arrays)
    sw = np.random.default_rng(seed).uniform(0.1, 2.0, shape)
    mean1 = _call(case, args, {**arrays, "sample_weight": sw}, reduction="mean")
    meank = _call(case, args, {**arrays, "sample_weight": k * sw}, reduction="mean")
    sum1 = _call(case, args, {**arrays, "sample_weight": sw}, reduction="sum")
    sumk = _call(case, args, {**arrays, "sample_weight": k * sw}, reduction="sum")
    over_count = (
        case.options.get("convention") == "keras" or case.options.get("mean_denominator") == "count"
    )
    np.testing.assert_allclose(meank, k * mean1 if over_count else mean1, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(sumk, k * sum1, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("case", SAMPLE_WEIGHT_CASES, ids=[c.id for c in SAMPLE_WEIGHT_CASES])
@SETTINGS
@given(seed=SEEDS)
def test_bool_mask_equals_removal(case, seed):
    """A bool sample_weight masking batch rows equals removing those rows."""
    args, arrays = _draw_inputs(case, seed)
    arrays = {a: v for a, v in arrays.items() if a != "sample_weight"}
    n = _batch_permutable(case, args, arrays)
    shape = _none_shape(case, args, arrays)
    # In-batch negatives: a masked row still serves as the other rows' negative.
    in_batch = ("ntxent_loss", "clip_loss", "infonce_loss", "siglip_loss")
    coupled = (*in_batch, "lovasz_softmax_loss", *BATCH_COUPLED)
    if n is None or shape != (n,) or case.function in coupled:
        pytest.skip("sample_weight is not one entry per batch row")
    rng = np.random.default_rng(seed)
    keep = rng.uniform(size=n) < 0.6
    keep[rng.integers(n)] = True
    for reduction in ("mean", "sum"):
        masked = _call(case, args, {**arrays, "sample_weight": keep}, reduction=reduction)
        removed = _call(case, [a[keep] for a in args], arrays, reduction=reduction)
        np.testing.assert_allclose(masked, removed, rtol=1e-6, atol=1e-9)


# --- targeted properties ------------------------------------------------------------

SOFTMAX_LOSSES = {
    "cross_entropy": {},
    "poly1_cross_entropy": {},
    "softmax_focal_loss": {},
    "categorical_hinge_loss": None,  # not a softmax loss: no shift invariance
    "dice_loss": {"from_logits": True, "activation": "softmax"},
    "lovasz_softmax_loss": {"from_logits": True, "activation": "softmax"},
}


@pytest.mark.parametrize("name", [n for n, o in SOFTMAX_LOSSES.items() if o is not None], ids=str)
@SETTINGS
@given(seed=SEEDS, shift=st.floats(-50.0, 50.0), axis=st.sampled_from([-1, 1]))
def test_softmax_shift_invariance(name, seed, shift, axis):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((4, 3, 5))
    target = rng.integers(0, 3, (4, 5)) if axis == 1 else rng.integers(0, 5, (4, 3))
    opts = {**SOFTMAX_LOSSES[name], "axis": axis}
    fn = getattr(portloss, name)
    a = np.asarray(fn(x, target, reduction="none", **opts))
    b = np.asarray(fn(x + shift, target, reduction="none", **opts))
    np.testing.assert_allclose(b, a, rtol=1e-7, atol=1e-9)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@SETTINGS
@given(seed=SEEDS, scale=st.floats(0.1, 6.0), smoothing=st.sampled_from([0.0, 0.1]))
def test_bce_probability_form_matches_logit_form(seed, scale, smoothing):
    rng = np.random.default_rng(seed)
    x = scale * rng.standard_normal((7, 3))
    y = rng.uniform(size=(7, 3))
    w = rng.uniform(0.2, 2.0, (3,))
    for reduction in ("none", "mean", "sum"):
        p = portloss.binary_cross_entropy(
            _sigmoid(x), y, weight=w, reduction=reduction, label_smoothing=smoothing
        )
        q = portloss.binary_cross_entropy_with_logits(
            x, y, weight=w, reduction=reduction, label_smoothing=smoothing
        )
        np.testing.assert_allclose(p, q, rtol=1e-9, atol=1e-12)


@SETTINGS
@given(
    seed=SEEDS,
    smoothing=st.sampled_from([0.0, 0.2]),
    weighted=st.booleans(),
    reduction=st.sampled_from(["none", "sum"]),
)
def test_cross_entropy_one_hot_probabilities_match_indices(seed, smoothing, weighted, reduction):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((6, 4))
    t = rng.integers(0, 4, (6,))
    w = rng.uniform(0.2, 2.0, (4,)) if weighted else None
    onehot = np.asarray(portloss.one_hot(t, 4), dtype=np.float64)
    a = portloss.cross_entropy(x, t, weight=w, label_smoothing=smoothing, reduction=reduction)
    b = portloss.cross_entropy(x, onehot, weight=w, label_smoothing=smoothing, reduction=reduction)
    # torch: with class weights, index targets weight the whole row (and the mean divides by
    # the weight sum) while probability targets weight each class term; "none"/"sum" without
    # smoothing agree.
    if weighted and smoothing:
        return
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    if not weighted:
        np.testing.assert_allclose(
            portloss.cross_entropy(x, t, label_smoothing=smoothing),
            portloss.cross_entropy(x, onehot, label_smoothing=smoothing),
            rtol=1e-9,
        )


CLASS_AXIS_LOSSES = [
    ("cross_entropy", "index", {}),
    ("nll_loss", "index", {}),
    ("poly1_cross_entropy", "index", {}),
    ("softmax_focal_loss", "index", {}),
    ("categorical_hinge_loss", "onehot", {}),
    ("dice_loss", "onehot", {"from_logits": True, "activation": "softmax"}),
    ("jaccard_loss", "onehot", {"from_logits": True, "activation": "softmax"}),
    ("tversky_loss", "onehot", {"from_logits": True, "activation": "softmax"}),
    ("lovasz_softmax_loss", "index", {"from_logits": True, "activation": "softmax"}),
    ("cross_entropy", "probs", {}),
    ("js_divergence", "probs", {}),
    ("cosine_similarity_loss", "probs", {}),
]


@pytest.mark.parametrize(
    ("name", "kind", "opts"), CLASS_AXIS_LOSSES, ids=[f"{n}-{k}" for n, k, _ in CLASS_AXIS_LOSSES]
)
@SETTINGS
@given(seed=SEEDS, axis=st.sampled_from([1, 2, -2]))
def test_class_axis_moved_equals_moveaxis(name, kind, opts, seed, axis):
    rng = np.random.default_rng(seed)
    c = 4
    x = rng.standard_normal((3, 5, c))  # classes last
    if name == "js_divergence":
        x = np.exp(x) / np.exp(x).sum(-1, keepdims=True)
    idx = rng.integers(0, c, (3, 5))
    if kind == "index":
        t, tm = idx, idx
    else:
        t = np.eye(c)[idx] if kind == "onehot" else rng.dirichlet(np.ones(c), (3, 5))
        tm = np.moveaxis(t, -1, axis)
    fn = getattr(portloss, name)
    for reduction in ("mean", "sum"):
        a = fn(x, t, axis=-1, reduction=reduction, **opts)
        b = fn(np.moveaxis(x, -1, axis), tm, axis=axis, reduction=reduction, **opts)
        np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "binary_cross_entropy_with_logits"])
@settings(max_examples=10, deadline=None, derandomize=True)
@given(seed=SEEDS)
def test_properties_hold_on_torch(name, seed):
    """Reduction consistency, permutation and mask-removal on torch tensors."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    x = torch.asarray(rng.standard_normal((9, 3)))
    y = torch.asarray(rng.uniform(size=(9, 3)))
    fn = getattr(portloss, name)
    none = fn(x, y, reduction="none")
    torch.testing.assert_close(none.sum(), fn(x, y, reduction="sum"))
    torch.testing.assert_close(none.mean(), fn(x, y, reduction="mean"))
    perm = torch.asarray(rng.permutation(9))
    torch.testing.assert_close(fn(x[perm], y[perm], reduction="none"), none[perm])
    keep = torch.asarray(rng.uniform(size=(9, 1)) < 0.6)
    keep[0] = True
    mask = keep.expand(9, 3)
    torch.testing.assert_close(
        fn(x, y, sample_weight=mask), fn(x[keep[:, 0]], y[keep[:, 0]]), rtol=1e-9, atol=1e-12
    )
    k = 3.5
    sw = torch.asarray(rng.uniform(0.1, 2.0, (9, 3)))
    torch.testing.assert_close(fn(x, y, sample_weight=k * sw), fn(x, y, sample_weight=sw))
    torch.testing.assert_close(
        fn(x, y, sample_weight=k * sw, reduction="sum"),
        k * fn(x, y, sample_weight=sw, reduction="sum"),
    )


@settings(max_examples=10, deadline=None, derandomize=True)
@given(seed=SEEDS, shift=st.floats(-30.0, 30.0))
def test_cross_entropy_shift_invariance_torch(seed, shift):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    x = torch.asarray(rng.standard_normal((5, 4)))
    t = torch.asarray(rng.integers(0, 4, (5,)))
    torch.testing.assert_close(
        portloss.cross_entropy(x + shift, t, reduction="none"),
        portloss.cross_entropy(x, t, reduction="none"),
    )


@pytest.mark.parametrize("lib", ["numpy", "torch"])
def test_deterministic_repeat_calls(lib):
    """The same inputs give bitwise the same result, call after call (every case)."""
    torch = pytest.importorskip("torch") if lib == "torch" else None
    for case in all_cases()[::3]:
        args, arrays = case.inputs()
        if lib == "torch":
            args = [torch.asarray(a) for a in args]
            arrays = {k: torch.asarray(v) for k, v in arrays.items()}
        fn = getattr(portloss, case.function)
        first = np.asarray(fn(*args, **arrays, **case.options))
        again = np.asarray(fn(*args, **arrays, **case.options))
        np.testing.assert_array_equal(first, again, err_msg=case.id)
