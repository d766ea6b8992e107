"""The rules every public loss obeys (docs/semantics.md, "Rules every loss obeys").

Parametrized over the public API (every loss of ``portloss.objects.loss_specs()``), not
hand-listed: a new loss is checked as soon as it is exported. Each check evaluates the
loss on the inputs of its first conformance case (NumPy, float64) and compares the
loss with itself under another spelling of the same request (a reduction, a weight of
ones, a Keras reduction string, a left-aligned ``sample_weight``), so the expected
value is written out from the rule, not computed by a second implementation.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import portloss
from conformance.cases import all_cases
from portloss import objects
from portloss.conventions import convention_defaults_of

LOSSES = sorted(spec.function_name for spec in objects.loss_specs().values())

#: Losses whose ``"mean"`` is not the mean of their ``"none"`` entries, by definition.
MEAN_IS_NOT_ELEMENT_MEAN = {
    # torch divides each sequence's loss by its target length before the batch mean
    "ctc_loss": "torch's mean divides by the target lengths",
    # DBNet's mean is over the mined entries, with eps in the denominator
    "balanced_binary_cross_entropy": "the mean over the mined entries (plus eps)",
    # "none" is the (N, N) matrix, 0 off the positive pairs; "mean" is over those (optax)
    "ntxent_loss": "the mean is over the positive pairs only",
    # the mean is over the triplets (anchor-positive pairs) that take part, by definition
    "batch_all_triplet_loss": "the mean is over the triplets with a positive loss",
    "triplet_semihard_loss": "the mean is over the anchor-positive pairs",
}


def _first_case(name):
    for case in all_cases():
        if case.function == name and not case.arrays and not case.options:
            return case
    for case in all_cases():
        if case.function == name:
            return case
    pytest.skip(f"{name} has no conformance case")  # pragma: no cover - every loss has one


def _call(name, **options):
    case = _first_case(name)
    args, arrays = case.inputs()
    arrays = {k: v for k, v in arrays.items() if k != "sample_weight" and k not in options}
    # the rules set the reduction, the weights and the convention themselves
    skip = ("reduction", "sample_weight", "convention")
    opts = {k: v for k, v in case.options.items() if k not in skip}
    opts.update(options)
    function = getattr(portloss, name)
    # The rules are about reductions and weights: the loss-specific defaults a convention
    # changes (Keras' Dice pools the classes, ...) stay torch's here; test_keras_defaults
    # checks them.
    own = convention_defaults_of(function, opts.get("convention"))
    opts = {**{k: function.__kwdefaults__[k] for k in own if k not in arrays}, **opts}
    return np.asarray(function(*args, **arrays, **opts))


def _plain(name):
    """Whether the first case has no weights, masks or ignored entries of its own."""
    case = _first_case(name)
    return not case.arrays and not case.options


@pytest.mark.parametrize("name", LOSSES)
def test_every_loss_takes_the_shared_options(name):
    params = inspect.signature(getattr(portloss, name)).parameters
    for option in ("reduction", "sample_weight", "convention"):
        assert option in params, f"{name} has no {option}="
        assert params[option].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["convention"].default == "torch"


@pytest.mark.parametrize("name", LOSSES)
def test_sum_is_the_sum_of_none(name):
    none = _call(name, reduction="none")
    np.testing.assert_allclose(_call(name, reduction="sum"), np.sum(none), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("convention", ["torch", "keras", "paddle"])
def test_keras_reduction_strings(name, convention):
    if name in MEAN_IS_NOT_ELEMENT_MEAN:
        pytest.skip(MEAN_IS_NOT_ELEMENT_MEAN[name])
    none = _call(name, reduction="none", convention=convention)
    over_count = _call(name, reduction="sum_over_batch_size", convention=convention)
    over_weights = _call(name, reduction="mean_with_sample_weight", convention=convention)
    if _plain(name) and np.all(np.isfinite(none)):
        expected = np.sum(none) / max(none.size, 1)
        np.testing.assert_allclose(over_count, expected, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(over_weights, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("convention", ["torch", "keras", "paddle"])
def test_sample_weight_of_ones_and_twos(name, convention):
    none = _call(name, reduction="none", convention=convention)
    base = {r: _call(name, reduction=r, convention=convention) for r in ("mean", "sum")}
    ones = np.ones(none.shape)
    for reduction in ("mean", "sum"):
        got = _call(name, reduction=reduction, convention=convention, sample_weight=ones)
        np.testing.assert_allclose(got, base[reduction], rtol=1e-10, atol=1e-12)
    twos = _call(name, reduction="sum", convention=convention, sample_weight=2 * ones)
    np.testing.assert_allclose(twos, 2 * base["sum"], rtol=1e-10, atol=1e-12)
    if name not in MEAN_IS_NOT_ELEMENT_MEAN:
        # torch and Paddle divide by the weights (a constant weight cancels), Keras by
        # the count (it scales the mean)
        factor = 2.0 if convention == "keras" else 1.0
        mean2 = _call(name, reduction="mean", convention=convention, sample_weight=2 * ones)
        np.testing.assert_allclose(mean2, factor * base["mean"], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", LOSSES)
def test_keras_mean_divides_by_the_count(name):
    """Keras' ``"sum_over_batch_size"``: the weighted sum over the number of entries."""
    none = _call(name, reduction="none", convention="keras")
    if not (_plain(name) and np.all(np.isfinite(none))) or name in MEAN_IS_NOT_ELEMENT_MEAN:
        pytest.skip("the case has weights, ignored entries or non-finite entries of its own")
    w = np.linspace(0.5, 2.0, max(none.size, 1))[: none.size].reshape(none.shape)
    got = _call(name, convention="keras", sample_weight=w)
    np.testing.assert_allclose(got, np.sum(w * none) / max(none.size, 1), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", LOSSES)
def test_lower_rank_sample_weight(name):
    """torch: refused with a message that says how; Keras: aligned from the left."""
    none = _call(name, reduction="none", convention="keras")
    if none.ndim < 2:
        torch_none = _call(name, reduction="none")
        if torch_none.ndim < 2:
            pytest.skip("the unreduced loss has fewer than two dimensions")
        with pytest.raises(ValueError, match=r"sample_weight.*reshape"):
            _call(name, sample_weight=np.ones(torch_none.shape[:1]))
        return
    w = np.linspace(0.5, 2.0, none.shape[0])
    with pytest.raises(ValueError, match=r"sample_weight.*reshape"):
        _call(name, sample_weight=w)
    left = _call(name, convention="keras", reduction="sum", sample_weight=w)
    padded = w.reshape(w.shape + (1,) * (none.ndim - 1))
    explicit = _call(name, convention="keras", reduction="sum", sample_weight=padded)
    np.testing.assert_allclose(left, explicit, rtol=1e-12)


@pytest.mark.parametrize("name", LOSSES)
def test_one_logits_spelling(name):
    """``from_logits`` is the one spelling of logits vs probabilities."""
    params = inspect.signature(getattr(portloss, name)).parameters
    for other in ("logits", "use_sigmoid", "use_softmax", "sigmoid", "softmax", "probabilities"):
        assert other not in params, f"{name} spells logits vs probabilities as {other}="
    if "activation" in params:
        assert "from_logits" in params, f"{name} has activation= without from_logits="


PUBLIC_FUNCTIONS = sorted(
    name
    for name in portloss.__all__
    if inspect.isfunction(getattr(portloss, name)) or inspect.isroutine(getattr(portloss, name))
)


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_docstring_has_see_also_and_references(name):
    doc = inspect.getdoc(getattr(portloss, name)) or ""
    for section in ("See Also", "References"):
        assert f"\n{section}\n" in doc, f"{name}'s docstring has no {section} section"


def _elementwise_weight_losses():
    from portloss._options import PARAGRAPHS

    first = PARAGRAPHS["weight:element"].splitlines()[1].strip()
    return [n for n in LOSSES if first in (inspect.getdoc(getattr(portloss, n)) or "")]


#: The peers' own elementwise weights whose mean does not divide by them.
TORCH_WEIGHT_NOT_IN_MEAN = {
    "huber_loss": "torch's",
    "binary_cross_entropy": "torch's",
    "binary_cross_entropy_with_logits": "torch's",
    "multilabel_soft_margin_loss": "torch's",
    "sigmoid_focal_loss": "kornia's",
}


@pytest.mark.parametrize("name", _elementwise_weight_losses())
def test_an_elementwise_weight_is_a_sample_weight(name):
    """Rule 4: where portloss adds an elementwise weight, loss(weight=w) == loss(sample_weight=w)."""
    if name in TORCH_WEIGHT_NOT_IN_MEAN:
        pytest.skip(
            f"{TORCH_WEIGHT_NOT_IN_MEAN[name]} weight leaves the mean's denominator the count"
        )
    none = _call(name, reduction="none")
    w = np.linspace(0.5, 2.0, none.size).reshape(none.shape)
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_allclose(
            _call(name, reduction=reduction, weight=w),
            _call(name, reduction=reduction, sample_weight=w, weight=None),
            rtol=1e-12,
        )
