"""Whole-loss delegation to ``torch.nn.functional`` agrees with the standard path.

``portloss._backends.torch_delegates`` hands a small eager call to the native torch
function where that function has portloss's semantics. Each case below runs twice, with
delegation and inside ``use_native(False)`` (the standard Array API path, the
definition): values and input gradients must agree, including NaN, ``-inf`` logits,
ignored targets, class weights and label smoothing. The cases also check that the
delegate really fires (else these comparisons would compare the standard path with
itself) and that it steps aside where the semantics differ.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss
from portloss._backends import use_native

torch = pytest.importorskip("torch", reason="torch is not installed: no torch delegates")
delegates = pytest.importorskip("portloss._backends.torch_delegates").DELEGATES

N, C = 6, 5


def _logits(rng, dtype):
    x = 3.0 * rng.standard_normal((N, C))
    x[0, 1] = -np.inf  # a masked class
    x[1, 2] = 40.0  # a saturated one
    return torch.tensor(x, dtype=dtype)


def _targets(rng):
    t = rng.integers(0, C, N)
    t[0] = 0  # the masked class is not the target
    t[2] = -100  # an ignored entry
    return torch.tensor(t)


def _elementwise_pair(rng, dtype):
    x = rng.standard_normal((N, C))
    x[0, 0] = np.nan
    return torch.tensor(x, dtype=dtype), torch.tensor(rng.standard_normal((N, C)), dtype=dtype)


def _distributions(rng, dtype):
    x = torch.log_softmax(torch.tensor(rng.standard_normal((N, C)), dtype=dtype), -1)
    p = rng.dirichlet(np.ones(C), N)
    p[0, 0] = 0.0
    return x, torch.tensor(p / p.sum(-1, keepdims=True), dtype=dtype)


def _probability_targets(rng, dtype):
    x = torch.tensor(rng.standard_normal((N, C)), dtype=dtype)
    return x, torch.tensor(rng.dirichlet(np.ones(C), N), dtype=dtype)


def _with_nan(x):
    x = x.clone()
    x.view(-1)[0] = float("nan")
    return x


def _signs(rng, shape, dtype):
    return torch.tensor(np.where(rng.random(shape) < 0.5, -1.0, 1.0), dtype=dtype)


def _ranking(rng, dtype):
    a, b = torch.tensor(rng.standard_normal((2, N)), dtype=dtype)
    b[1] = a[1]  # a tie
    target = _signs(rng, (N,), dtype)
    target[2] = 0.0  # not +-1: both frameworks give max(0, margin)
    return _with_nan(a), b, target


def _hinge(rng, dtype):
    x = torch.tensor(rng.standard_normal((N, C)), dtype=dtype)
    target = _signs(rng, (N, C), dtype)
    target[1, 1] = 0.0  # neither +1 nor -1: both sum the two branches
    return _with_nan(x), target


def _multilabel(rng, dtype):
    x = torch.tensor(40.0 * rng.standard_normal((N, C)), dtype=dtype)  # saturated
    return _with_nan(x), torch.tensor(rng.random((N, C)) < 0.5, dtype=dtype)


def _counts(rng, dtype):
    x = torch.tensor(rng.standard_normal((N, C)), dtype=dtype)
    counts = torch.tensor(rng.poisson(2.0, (N, C)), dtype=dtype)
    return _with_nan(x), counts


def _gaussian(rng, dtype):
    x, t = torch.tensor(rng.standard_normal((2, N, C)), dtype=dtype)
    var = torch.tensor(rng.random((N, C)) + 0.1, dtype=dtype)
    var[1, 1], var[1, 2] = 0.0, 1e-9  # below eps: clamped, both ways
    return _with_nan(x), t, var


def _head(rng, dtype):
    """A small linear head: features, class weights (V, H), targets with an ignored row."""
    h = torch.tensor(rng.standard_normal((N, 6)), dtype=dtype)
    w = torch.tensor(rng.standard_normal((C, 6)), dtype=dtype)
    t = _targets(rng)
    t[0] = -100
    return _with_nan(h), w, t


CASES = [
    ("cross_entropy", lambda r, d: (_logits(r, d), _targets(r)), {}),
    ("cross_entropy", lambda r, d: (_logits(r, d), _targets(r)), {"reduction": "sum"}),
    ("cross_entropy", lambda r, d: (_logits(r, d), _targets(r)), {"reduction": "none"}),
    ("cross_entropy", lambda r, d: (_logits(r, d)[1:], _targets(r)[1:]), {"label_smoothing": 0.2}),
    ("cross_entropy", lambda r, d: (_logits(r, d), _targets(r)), {"weight": "class"}),
    (
        "cross_entropy",
        lambda r, d: (_logits(r, d)[1:], _targets(r)[1:]),
        {"weight": "class", "label_smoothing": 0.1},
    ),
    ("cross_entropy", _probability_targets, {"label_smoothing": 0.1}),
    ("nll_loss", lambda r, d: (torch.log_softmax(_logits(r, d), -1), _targets(r)), {}),
    (
        "nll_loss",
        lambda r, d: (torch.log_softmax(_logits(r, d), -1), _targets(r)),
        {"weight": "class", "reduction": "sum"},
    ),
    ("mse_loss", _elementwise_pair, {}),
    ("huber_loss", _elementwise_pair, {"delta": 0.5}),
    ("smooth_l1_loss", _elementwise_pair, {"beta": 0.5, "reduction": "none"}),
    ("binary_cross_entropy_with_logits", _probability_targets, {}),
    ("kl_div", _distributions, {}),
    ("kl_div", _distributions, {"reduction": "batchmean"}),
    ("kl_div", _distributions, {"reduction": "none", "log_target": False}),
    ("margin_ranking_loss", _ranking, {}),
    ("margin_ranking_loss", _ranking, {"margin": 0.5, "reduction": "none"}),
    ("hinge_embedding_loss", _hinge, {}),
    ("hinge_embedding_loss", _hinge, {"margin": 0.5, "reduction": "sum"}),
    ("multilabel_soft_margin_loss", _multilabel, {}),
    ("multilabel_soft_margin_loss", _multilabel, {"weight": "class", "reduction": "none"}),
    ("poisson_nll_loss", _counts, {}),
    (
        "poisson_nll_loss",
        lambda r, d: (_counts(r, d)[0].abs(), _counts(r, d)[1]),
        {"log_input": False},
    ),
    ("gaussian_nll_loss", _gaussian, {}),
    ("gaussian_nll_loss", _gaussian, {"full": True, "reduction": "none"}),
    ("linear_cross_entropy", _head, {}),
    (
        "linear_cross_entropy",
        lambda r, d: (lambda h, w, t: (h, w, torch.where(t < 0, 2, t)))(*_head(r, d)),
        {"ignore_index": 2, "reduction": "none"},
    ),
]


def _options(options, dtype):
    if options.get("weight") == "class":
        return {**options, "weight": torch.linspace(0.5, 2.0, C, dtype=dtype)}
    return options


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.parametrize(("name", "make", "options"), CASES)
def test_delegate_matches_standard_path(name, make, options, dtype):
    rng = np.random.default_rng(0)
    arrays = make(rng, dtype)
    options = _options(options, dtype)
    loss = getattr(portloss, name)
    assert delegates[name](*arrays, **options) is not NotImplemented, "the delegate must fire"

    def run(native: bool):
        # every float array gets a gradient (targets too), except where only a constant
        # is delegated (kl_div's target)
        xs = [
            a.detach()
            .clone()
            .requires_grad_(a.is_floating_point() and (k == 0 or name != "kl_div"))
            for k, a in enumerate(arrays)
        ]
        with use_native(native):
            out = loss(*xs, **options)
        finite = torch.where(torch.isnan(out), 0.0, out)
        finite.sum().backward()
        return out.detach(), [x.grad for x in xs if x.requires_grad]

    value, grads = run(True)
    expected_value, expected_grads = run(False)
    tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-10, "atol": 1e-12}
    torch.testing.assert_close(value, expected_value, equal_nan=True, **tol)
    for grad, expected_grad in zip(grads, expected_grads, strict=True):
        torch.testing.assert_close(grad, expected_grad, equal_nan=True, **tol)


STEP_ASIDE = [
    # options torch's function does not have, or means differently
    ("cross_entropy", {"sample_weight": "row"}),
    ("cross_entropy", {"convention": "keras"}),
    ("cross_entropy", {"smoothing_variant": "others", "label_smoothing": 0.1}),
    ("cross_entropy", {"axis": 0}),
    ("mse_loss", {"weight": "element"}),
    ("binary_cross_entropy_with_logits", {"label_smoothing": 0.1}),
]


@pytest.mark.parametrize(("name", "options"), STEP_ASIDE)
def test_delegate_steps_aside(name, options):
    x = torch.randn(N, C, dtype=torch.float64)
    other = torch.randint(0, C, (N,)) if name == "cross_entropy" else torch.rand(N, C).double()
    if options.get("sample_weight") == "row":
        options = {**options, "sample_weight": torch.ones(N, dtype=torch.float64)}
    if options.get("weight") == "element":
        options = {**options, "weight": torch.ones(N, C, dtype=torch.float64)}
    assert delegates[name](x, other, **options) is NotImplemented


def test_delegate_steps_aside_for_bad_input_so_errors_are_portlosss():
    """A shape mismatch falls back to the standard path and its message."""
    x, t = torch.randn(N, C), torch.randn(N, C + 1)
    assert delegates["mse_loss"](x, t) is NotImplemented
    with pytest.raises(ValueError, match="shape"):
        portloss.mse_loss(x, t)


def test_kl_div_target_gradient_is_portlosss():
    """Where the target needs a gradient (portloss: -input at p = 0, torch: NaN) the
    standard path runs."""
    x, p = _distributions(np.random.default_rng(1), torch.float64)
    p.requires_grad_(True)
    assert delegates["kl_div"](x, p) is NotImplemented
    portloss.kl_div(x, p, reduction="sum").backward()
    assert torch.isfinite(p.grad).all()


def test_l1_loss_is_not_delegated_with_a_gradient():
    """torch's abs backward is 0 at NaN; portloss's gradient there is NaN: with a
    gradient the standard path runs (without one, the values are torch's)."""
    x = torch.tensor([float("nan"), 1.0], requires_grad=True)
    assert delegates["l1_loss"](x, torch.zeros(2)) is NotImplemented
    portloss.l1_loss(x, torch.zeros(2), reduction="sum").backward()
    assert torch.isnan(x.grad[0])


def test_large_class_axis_calls_keep_the_standard_path():
    x, t = torch.randn(64, 2048), torch.randint(0, 2048, (64,))
    assert delegates["cross_entropy"](x, t) is NotImplemented


def _arrays(name):
    """Inputs the delegate of ``name`` computes (float64, 6 x 5)."""
    rng = np.random.default_rng(2)
    maker = {case[0]: case[1] for case in NO_GRAD_CASES + CASES + CTC_CASES}[name]
    return maker(rng, torch.float64)


# Options without which a delegate never fires (ctc_loss: log-probabilities step aside,
# see test_ctc_delegate_steps_aside_for_log_probabilities)
_FIRING: dict[str, dict[str, object]] = {}


@pytest.mark.parametrize("name", sorted(delegates))
def test_delegate_defaults_are_the_losss(name):
    """A delegate treats an option at its DEFAULTS value as left out: that value must be
    the loss' own default (a loss whose default changes would otherwise be delegated
    with the old meaning), and passing every default explicitly still delegates."""
    defaults = pytest.importorskip("portloss._backends.torch_delegates").DEFAULTS[name]
    loss_defaults = getattr(portloss, name).__kwdefaults__
    for option, value in defaults.items():
        if option in loss_defaults:  # options a loss does not have never reach it
            assert loss_defaults[option] == value, option
    arrays = _arrays(name)
    assert delegates[name](*arrays, **{**defaults, **_FIRING.get(name, {})}) is not NotImplemented


@pytest.mark.parametrize("name", sorted(delegates))
@pytest.mark.parametrize(
    "options",
    [
        {"an_option_added_later": 1},  # e.g. issue 21's clip, from_logits, last_axis
        {"an_option_added_later": None},
        {"convention": "keras"},
        {"convention": "paddle"},
        {"reduction": "sum_over_batch_size"},  # Keras' spelling, not torch's
        {"reduction": "mean_with_sample_weight"},
        {"sample_weight": "row"},
    ],
    ids=repr,
)
def test_delegate_falls_back_for_options_it_does_not_know(name, options):
    """Never a TypeError from a delegate for an option the loss may accept: NotImplemented
    (the standard path, the definition, runs)."""
    arrays = _arrays(name)
    if options.get("sample_weight") == "row":
        options = {"sample_weight": torch.ones(arrays[0].shape[:1], dtype=torch.float64)}
    firing = _FIRING.get(name, {})
    assert delegates[name](*arrays, **firing) is not NotImplemented
    assert delegates[name](*arrays, **firing, **options) is NotImplemented


def test_keyword_a_loss_does_not_take_is_the_losss_type_error():
    """The decorator hands a delegate only keywords the loss takes: an unknown keyword
    is the loss' own TypeError, as without delegation."""
    x, t = _probability_targets(np.random.default_rng(3), torch.float64)
    with pytest.raises(TypeError, match="an_option_added_later"):
        portloss.mse_loss(x, t, an_option_added_later=1)
    with pytest.raises(TypeError):
        portloss.mse_loss(x, t, t)  # the wrong number of arrays


@pytest.mark.parametrize(
    ("name", "options"),
    [
        # torch: NaN target gradient where target <= 1 (without a gradient: delegated)
        ("poisson_nll_loss", {"full": True}),
        ("gaussian_nll_loss", {"weight": "element"}),  # portloss's weight, not torch's
    ],
)
def test_new_delegates_step_aside(name, options):
    arrays = [a.requires_grad_(a.is_floating_point()) for a in _arrays(name)]
    if options.get("weight") == "element":
        options = {"weight": torch.ones(arrays[0].shape, dtype=torch.float64)}
    assert delegates[name](*arrays, **options) is NotImplemented


def test_losses_torch_computes_differently_are_not_delegated():
    """NaN handling or overflow differs (docs/performance.md): the standard path runs."""
    for name in (
        "cosine_embedding_loss",  # float32 norms overflow at large scales in torch
        "triplet_margin_loss",
        "triplet_margin_with_distance_loss",
        "binary_cross_entropy",
        "soft_margin_loss",
        "multi_margin_loss",
        "multilabel_margin_loss",
    ):
        assert name not in delegates
    # torch's multi_margin_loss skips a NaN score (NaN > 0 is false); portloss's is NaN
    x = torch.tensor([[float("nan"), 1.0, 0.0]], dtype=torch.float64)
    assert torch.isnan(portloss.multi_margin_loss(x, torch.tensor([1])))
    # torch's soft_margin_loss overflows to inf at a large margin; portloss's does not
    big = torch.tensor([-1000.0], dtype=torch.float64)
    assert portloss.soft_margin_loss(big, torch.ones(1, dtype=torch.float64)) == 1000.0


@pytest.mark.parametrize(
    "options",
    [
        {"z_loss": 1e-4},
        {"softcap": 30.0},
        {"label_smoothing": 0.1},
        {"chunk_size": 4},
        {"linear_bias": "bias"},
        {"weight": "class"},
        {"large": True},
    ],
    ids=repr,
)
def test_linear_cross_entropy_delegate_is_for_small_plain_heads(options):
    """Only a head of at most 65536 logits, without the options F.cross_entropy of
    F.linear does not compute the same way, is delegated (the chunked path otherwise)."""
    h, w, t = _head(np.random.default_rng(4), torch.float64)
    if options.get("large"):
        h, t, options = (
            torch.randn(2048, 6, dtype=torch.float64),
            torch.zeros(2048, dtype=torch.int64),
            {},
        )
        w = torch.randn(64, 6, dtype=torch.float64)
    elif options.get("linear_bias") == "bias":
        options = {"linear_bias": torch.zeros(C, dtype=torch.float64)}
    options = _options(options, torch.float64)
    assert delegates["linear_cross_entropy"](h, w, t, **options) is NotImplemented


# Delegates for calls that take no gradient: torch's values are portloss's, its
# gradients are not (l1_loss: abs backward 0 at NaN; poisson_nll_loss with full=True:
# a NaN target gradient where the target is 0 or 1).

NAN, INF = float("nan"), float("inf")


def _l1_edges(rng, dtype):
    x = [0.0, 1.0, -2.0, NAN, INF, -INF, INF, 1e30, -1e-30, 0.5, 3.0, -INF]
    t = [0.0, 1.0, 2.0, 1.0, INF, 3.0, 5.0, -1e30, 1e-30, NAN, 3.0, INF]
    return torch.tensor(x, dtype=dtype), torch.tensor(t, dtype=dtype)


def _count_edges(rng, dtype):
    # targets at and around Stirling's mask (target > 1), NaN, +-inf, huge and tiny
    t = [0.0, 1.0, 2.0, 0.3, 0.999, 1.001, NAN, INF, -INF, 1e30, 3.0, -2.0, 1e-30, 2.0]
    x = [0.0, 0.5, -1.0, NAN, 0.1, 0.2, 1.0, 2.0, 1.0, 1e-3, INF, 1.0, 0.0, 80.0]
    return torch.tensor(x, dtype=dtype), torch.tensor(t, dtype=dtype)


NO_GRAD_CASES = [
    ("l1_loss", _elementwise_pair, {}),
    ("l1_loss", _l1_edges, {"reduction": "none"}),
    ("l1_loss", _l1_edges, {"reduction": "sum"}),
    ("poisson_nll_loss", _counts, {"full": True}),
    ("poisson_nll_loss", _count_edges, {"full": True, "reduction": "none"}),
    (
        "poisson_nll_loss",
        lambda r, d: tuple(a.abs() for a in _count_edges(r, d)),
        {"full": True, "log_input": False, "eps": 1e-3, "reduction": "none"},
    ),
    ("poisson_nll_loss", _count_edges, {"full": True, "reduction": "sum"}),
]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.parametrize(("name", "make", "options"), NO_GRAD_CASES)
def test_delegate_without_gradient_matches_standard_path(name, make, options, dtype):
    arrays = make(np.random.default_rng(0), dtype)
    loss = getattr(portloss, name)
    with use_native(False):
        expected = loss(*arrays, **options)
    tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-10, "atol": 1e-12}
    # plain tensors, and tensors that require a gradient under torch.no_grad()
    leaves = [a.clone().requires_grad_(True) for a in arrays]
    for xs, grad_mode in ((arrays, torch.enable_grad()), (leaves, torch.no_grad())):
        with grad_mode:
            assert delegates[name](*xs, **options) is not NotImplemented, "must fire"
            got = loss(*xs, **options)
        assert not got.requires_grad
        torch.testing.assert_close(got, expected, equal_nan=True, **tol)


def _with_dual(delegate, xs, options):
    import warnings

    import torch.autograd.forward_ad as fwad

    with fwad.dual_level():
        with warnings.catch_warnings():
            # torch's first make_dual loads its jvp decompositions with torch.jit.script
            warnings.simplefilter("ignore", DeprecationWarning)
            dual = fwad.make_dual(xs[0], torch.ones_like(xs[0]))
        return delegate(dual, *xs[1:], **options)


def _under_grad(delegate, xs, options):
    seen = []

    def f(x):
        seen.append(delegate(x, *xs[1:], **options))
        return x.sum()

    torch.func.grad(f)(xs[0])
    return seen[0]


def _under_vmap(delegate, xs, options):
    seen = []

    def f(x):
        seen.append(delegate(x, *xs[1:], **options))
        return x.sum()

    torch.func.vmap(f)(torch.stack([xs[0], xs[0]]))
    return seen[0]


@pytest.mark.parametrize(
    ("name", "options"), [("l1_loss", {}), ("poisson_nll_loss", {"full": True})]
)
@pytest.mark.parametrize(
    "where",
    [
        lambda d, xs, o: d(xs[0].requires_grad_(True), *xs[1:], **o),
        lambda d, xs, o: d(xs[0], xs[1].requires_grad_(True), **o),  # a target gradient
        _with_dual,  # forward-mode AD: a dual tensor does not require a gradient
        _under_grad,
        _under_vmap,  # a torch.func wrapper, maybe under a grad transform
    ],
    ids=["input", "target", "forward_ad", "func.grad", "func.vmap"],
)
def test_delegate_without_gradient_steps_aside_where_one_may_be_taken(name, options, where):
    xs = list(_arrays(name))
    assert delegates[name](*xs, **options) is not NotImplemented
    assert where(delegates[name], xs, options) is NotImplemented


def test_poisson_full_gradient_is_portlosss():
    """With a gradient, full=True runs the standard path: a finite target gradient
    where the target is 0 or 1 (torch's is NaN)."""
    x = torch.zeros(3, dtype=torch.float64)
    t = torch.tensor([0.0, 1.0, 2.0], dtype=torch.float64, requires_grad=True)
    portloss.poisson_nll_loss(x, t, full=True, reduction="sum").backward()
    assert torch.isfinite(t.grad).all()


def test_delegate_without_gradient_steps_aside_for_an_empty_batch():
    x = torch.empty(0, 3)
    for name, options in (("l1_loss", {}), ("poisson_nll_loss", {"full": True})):
        assert delegates[name](x, x, **options) is NotImplemented
        assert torch.isnan(getattr(portloss, name)(x, x, **options))


# ctc_loss without a gradient (torch's log_probs gradient is exp(log_probs) - gamma, the
# loss' -gamma), from logits (on log-probabilities above 0, +inf or an overflow, torch's
# log-add-exp gives NaN where the standard path's gives +inf), padded targets, CPU.

CTC_T, CTC_N, CTC_C, CTC_S = 7, 8, 5, 3


def _ctc_inputs(rng, dtype, *, blank=0, index=torch.int64):
    """Logits (T, N, C), padded targets and lengths, one edge per sequence."""
    x = 2.0 * rng.standard_normal((CTC_T, CTC_N, CTC_C))
    labels = [c for c in range(CTC_C) if c != blank]
    targets = rng.choice(labels, (CTC_N, CTC_S))
    targets[:, -1] = [-7, 99, 10**9, -1, 2**31 - 1, -(2**31), 3, 4]  # padding is ignored
    input_lengths = np.full(CTC_N, CTC_T)
    target_lengths = np.full(CTC_N, CTC_S - 1)
    targets[0, :2] = labels[0]  # repeated labels
    input_lengths[1] = 2  # too short for its target: inf (0 with zero_infinity)
    input_lengths[2], target_lengths[2] = 0, 0  # no frames, no labels: 0
    input_lengths[3], target_lengths[3] = CTC_T - 2, 0  # only blanks
    x[5, 4, labels[1]] = np.nan  # beyond input length 5: ignored
    input_lengths[4] = 5
    x[2, 5, :] = np.nan  # a NaN frame: NaN
    x[1, 6, :] = -np.inf  # an impossible frame (every class -inf): NaN softmax
    x[3, 7, labels[0]] = np.inf  # an infinite logit: NaN softmax
    x[0, 0, labels[-1]] = -np.inf  # a class never emitted at frame 0
    arrays = (x, targets, input_lengths, target_lengths)
    dtypes = (dtype, index, index, index)
    return tuple(torch.tensor(a, dtype=d) for a, d in zip(arrays, dtypes, strict=True))


def _ctc_bad_labels(rng, dtype):
    """Labels with no loss within the target length: NaN for those sequences."""
    x, targets, input_lengths, target_lengths = _ctc_inputs(rng, dtype)
    targets[0, 0] = 0  # the blank
    targets[4, 1] = CTC_C  # out of range: torch's kernel would read out of bounds
    targets[5, 0] = -1
    targets[7, 0] = 2**40
    return x, targets, input_lengths, target_lengths


def _ctc_bad_lengths(rng, dtype):
    """Lengths with no loss: NaN for those sequences (torch's kernel would raise)."""
    x, targets, input_lengths, target_lengths = _ctc_inputs(rng, dtype)
    input_lengths[0], input_lengths[4] = CTC_T + 1, -1
    target_lengths[5], target_lengths[7] = CTC_S + 1, -1
    return x, targets, input_lengths, target_lengths


CTC_CASES = [
    ("ctc_loss", _ctc_inputs, {"reduction": "none"}),
    ("ctc_loss", _ctc_inputs, {"reduction": "none", "zero_infinity": True}),
    (
        "ctc_loss",
        lambda r, d: tuple(a[:, :2] if k == 0 else a[:2] for k, a in enumerate(_ctc_inputs(r, d))),
        {},
    ),
    ("ctc_loss", lambda r, d: _ctc_inputs(r, d, blank=2), {"blank": 2, "reduction": "sum"}),
    ("ctc_loss", lambda r, d: _ctc_inputs(r, d, index=torch.int32), {"zero_infinity": True}),
    ("ctc_loss", _ctc_bad_labels, {"reduction": "none"}),
    ("ctc_loss", _ctc_bad_labels, {"reduction": "none", "zero_infinity": True}),
    ("ctc_loss", _ctc_bad_labels, {"reduction": "sum"}),
    ("ctc_loss", _ctc_bad_lengths, {"reduction": "none"}),
    ("ctc_loss", _ctc_bad_lengths, {"zero_infinity": True}),
]


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.parametrize(("name", "make", "options"), CTC_CASES)
def test_ctc_delegate_matches_standard_path(name, make, options, dtype, batch_first):
    x, *rest = make(np.random.default_rng(0), dtype)
    if batch_first:
        x = x.transpose(0, 1).contiguous()
    arrays = (x, *rest)
    options = {**options, "from_logits": True, "batch_first": batch_first}
    with use_native(False):
        expected = portloss.ctc_loss(*arrays, **options)
    assert delegates[name](*arrays, **options) is not NotImplemented, "must fire"
    got = portloss.ctc_loss(*arrays, **options)
    tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-10, "atol": 1e-12}
    torch.testing.assert_close(got, expected, equal_nan=True, **tol)
    if options.get("reduction") == "none":  # every edge above is in the comparison
        assert torch.isnan(got).any()
        assert torch.isinf(got).any() != options.get("zero_infinity", False)


def test_ctc_delegate_steps_aside():
    x, targets, il, tl = _ctc_inputs(np.random.default_rng(1), torch.float64)
    delegate = delegates["ctc_loss"]
    assert delegate(x, targets, il, tl, from_logits=True) is not NotImplemented
    flat = targets[:, :2].reshape(-1)
    for arrays, options in (
        ((x.clone().requires_grad_(True), targets, il, tl), {}),  # a gradient
        ((x, flat, il, tl), {}),  # concatenated: torch needs sum(target_lengths) entries
        ((x, targets, il.tolist(), tl.tolist()), {}),
        ((x, targets.to(torch.int16), il, tl), {}),
        ((x.half(), targets, il, tl), {}),
        ((x[:, 0], targets[0], il[0], tl[0]), {}),  # unbatched
        ((x[:, :0], targets[:0], il[:0], tl[:0]), {}),  # no sequence: portloss's error
        ((x, targets, il, tl), {"blank": CTC_C}),  # portloss's error
        ((x, targets, il, tl), {"blank": 1.0}),
        ((x, targets, il, tl), {"zero_infinity": 1}),
        ((x, targets, il, tl), {"sample_weight": torch.ones(CTC_N, dtype=torch.float64)}),
    ):
        assert delegate(*arrays, **{"from_logits": True, **options}) is NotImplemented
    with pytest.raises(ValueError, match="blank"):
        portloss.ctc_loss(x, targets, il, tl, blank=CTC_C, from_logits=True)


@pytest.mark.parametrize(
    "where", [_with_dual, _under_grad, _under_vmap], ids=["forward_ad", "func.grad", "func.vmap"]
)
def test_ctc_delegate_steps_aside_where_a_gradient_may_be_taken(where):
    xs = _ctc_inputs(np.random.default_rng(1), torch.float64)
    assert where(delegates["ctc_loss"], xs, {"from_logits": True}) is NotImplemented


def test_ctc_above_zero_is_nan_as_torchs():
    """On log_probs above 0 (not log-probabilities: here +inf) torch's kernel gives NaN
    (its log-add-exp subtracts an infinite maximum), and so does the standard path; the
    delegate fires on log-probabilities."""
    x, targets, il, tl = _ctc_inputs(np.random.default_rng(1), torch.float64)
    lp = torch.log_softmax(x, -1)[:, :1].clone()
    lp[0, 0, 0] = INF
    one = (lp, targets[:1], il[:1], tl[:1])
    assert delegates["ctc_loss"](*one) is not NotImplemented
    assert torch.isnan(_torch_ctc(*one))
    with use_native(False):
        assert torch.isnan(portloss.ctc_loss(*one))


def _torch_ctc(*arrays):
    return torch.nn.functional.ctc_loss(*arrays, reduction="sum")


# Dynamo traces through functools.lru_cache wrappers (array-api-compat's, portloss's
# convention cache) and warns; tests/test_compile.py ignores the same warning
@pytest.mark.filterwarnings("ignore:Dynamo detected a call to a `functools.lru_cache`")
def test_delegate_without_gradient_compiles():
    """Under torch.compile the standard path is traced (Dynamo cannot trace the
    torch.func wrapper test): fullgraph compiles, with and without a gradient."""
    x, t = _l1_edges(None, torch.float32)
    compiled = torch.compile(portloss.l1_loss, fullgraph=True, backend="aot_eager")
    with torch.no_grad():
        torch.testing.assert_close(compiled(x, t), portloss.l1_loss(x, t), equal_nan=True)
    leaf = x.clone().requires_grad_(True)
    compiled(leaf, t, reduction="sum").backward()
    assert torch.isnan(leaf.grad[3])  # portloss's NaN gradient at a NaN input
