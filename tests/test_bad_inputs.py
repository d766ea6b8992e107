"""A bad-input matrix over every public function.

Valid inputs come from the conformance case table (the first case of each function);
each test corrupts one thing (a shape, a dtype, a library, a device, an option) and
expects a ``ValueError``/``TypeError`` whose message names the argument. Out-of-range
class indices raise on NumPy and give NaN (never a finite wrong number) on torch/JAX.
No call modifies its inputs.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import portloss
from conformance.cases import all_cases
from portloss import metric

FUNCTIONS = sorted(n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n)))


def _first_cases():
    seen = {}
    for case in all_cases():
        args, _ = case.inputs()
        if case.function not in seen and args[0].size:
            seen[case.function] = case
    return seen


CASES = _first_cases()


def _positional(name):
    params = inspect.signature(getattr(portloss, name)).parameters.values()
    return [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_ONLY]


def _keywords(name):
    return dict(inspect.signature(getattr(portloss, name)).parameters)


def _valid(name):
    case = CASES[name]
    args, arrays = case.inputs()
    return case, args, arrays, dict(case.options)


def _call(name, args, arrays, options):
    return getattr(portloss, name)(*args, **arrays, **options)


def _raises_naming(names, fn, *args, **kwargs):
    with pytest.raises((ValueError, TypeError)) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert any(n in message for n in names), f"{names} not named in: {message!r}"
    return message


def test_every_public_function_has_a_case():
    assert set(FUNCTIONS) <= set(CASES), set(FUNCTIONS) - set(CASES)


# --- shapes ---------------------------------------------------------------------------

# Functions whose second positional argument legitimately has another shape than the
# first (it is checked against the first in another way).
# ctc_loss, ctc_forward_log_probs: padded (N, S) targets of any S are legitimate
# (torch), so excluded.
SHAPE_FUNCTIONS = [
    n
    for n in FUNCTIONS
    if len(_positional(n)) >= 2
    and n not in ("smooth_labels", "one_hot", "ctc_loss", "ctc_forward_log_probs")
]


@pytest.mark.parametrize("name", SHAPE_FUNCTIONS)
def test_wrong_shape_second_argument(name):
    _case, args, arrays, options = _valid(name)
    pos = _positional(name)
    bad = list(args)
    t = args[1]
    # One extra entry along the last axis (or a new axis for 0-d / 1-d index targets).
    pad = [(0, 0)] * t.ndim
    if t.ndim:
        pad[-1] = (0, 1)
        bad[1] = np.pad(t, pad, mode="edge")
    else:
        bad[1] = np.stack([t, t])
    _raises_naming(pos[:2], _call, name, bad, arrays, options)


@pytest.mark.parametrize("name", [n for n in FUNCTIONS if "sample_weight" in _keywords(n)])
def test_wrong_shape_sample_weight(name):
    _case, args, arrays, options = _valid(name)
    arrays = {**arrays, "sample_weight": np.ones((7, 3, 2, 5))}
    _raises_naming(["sample_weight"], _call, name, args, arrays, options)


# --- dtypes ---------------------------------------------------------------------------

FLOAT_FIRST = [n for n in FUNCTIONS if n in CASES and CASES[n].inputs()[0][0].dtype.kind == "f"]


@pytest.mark.parametrize("name", FLOAT_FIRST)
@pytest.mark.parametrize("kind", ["int", "complex"])
def test_integer_or_complex_input(name, kind):
    if name == "class_weights" and kind == "int":
        pytest.skip("class_weights takes integer counts")
    _case, args, arrays, options = _valid(name)
    bad = list(args)
    bad[0] = args[0].astype(np.int64) if kind == "int" else args[0].astype(np.complex128)
    _raises_naming([_positional(name)[0]], _call, name, bad, arrays, options)


INDEX_TARGET = [
    n
    for n in FUNCTIONS
    if n in CASES and len(CASES[n].args) >= 2 and CASES[n].inputs()[0][1].dtype.kind in "iu"
]


@pytest.mark.parametrize("name", INDEX_TARGET)
def test_float_class_indices(name):
    _case, args, arrays, options = _valid(name)
    bad = list(args)
    bad[1] = args[1].astype(np.float64) + 0.5
    if name == "lovasz_hinge_loss":  # binary labels may be floating; 1.5 is out of range
        bad[1] = bad[1] + 1.0
    _raises_naming([_positional(name)[1]], _call, name, bad, arrays, options)


# --- libraries and devices --------------------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
def test_mixed_numpy_and_torch(name):
    torch = pytest.importorskip("torch")
    _case, args, arrays, options = _valid(name)
    pos = _positional(name)
    if len(args) < 2:
        if not arrays:
            pytest.skip("a single array argument")
        k, v = next(iter(arrays.items()))
        arrays = {**arrays, k: torch.asarray(v)}
        _raises_naming([k], _call, name, args, arrays, options)
        return
    bad = list(args)
    bad[1] = torch.asarray(args[1])
    message = _raises_naming(pos[:2], _call, name, bad, arrays, options)
    assert "torch" in message.lower(), message
    assert "numpy" in message.lower(), message


@pytest.mark.parametrize("name", FUNCTIONS)
def test_arrays_on_different_devices(name):
    xp = pytest.importorskip("array_api_strict")
    _case, args, arrays, options = _valid(name)
    if len(args) < 2:
        pytest.skip("a single array argument")
    pos = _positional(name)
    bad = [xp.asarray(a) for a in args]
    bad[1] = xp.asarray(args[1], device=xp.Device("device1"))
    barrays = {k: xp.asarray(v) for k, v in arrays.items()}
    message = _raises_naming(pos[:2], _call, name, bad, barrays, options)
    assert "device" in message, message


# --- options --------------------------------------------------------------------------

STRING_OPTIONS = [
    (n, k)
    for n in FUNCTIONS
    for k, p in _keywords(n).items()
    if p.kind is inspect.Parameter.KEYWORD_ONLY
    and (
        isinstance(p.default, str)
        or k in ("activation", "convention", "class_weight_mode", "mean_denominator", "empty_mean")
    )
]


@pytest.mark.parametrize(
    ("name", "option"), STRING_OPTIONS, ids=[f"{n}-{k}" for n, k in STRING_OPTIONS]
)
def test_unknown_string_option(name, option):
    _case, args, arrays, options = _valid(name)
    options = {**options, option: "no-such-value"}
    _raises_naming([option], _call, name, args, arrays, options)


# option -> values that are out of range wherever the option exists
BAD_VALUES = {
    "label_smoothing": [-0.1, 1.5],
    "eps": [-1.0],
    "gamma": [-1.0],
    "temperature": [0.0, -1.0],
    "delta": [0.0, -1.0],
    "smooth": [-1.0],
    "negative_ratio": [-1.0],
    "p": [0, -1],
    "beta": [-1.0],
    "alpha": [-0.5],
    "margin": [float("nan")],
    "num_classes": [0, -2],
    "ignore_index": [1.5],
    "axis": [7, -9, 1.5],
    "per_image": ["yes"],
    "full": ["yes"],
    "log_input": ["yes"],
    "log_target": ["yes"],
    "swap": ["yes"],
    "squared": ["yes"],
    "include_background": ["yes"],
}
# (function, option) pairs where a value above is valid by the documented semantics.
ALLOWED = {
    ("poly1_cross_entropy", "epsilon"),
    ("sigmoid_focal_loss", "alpha"),  # torchvision: alpha < 0 disables the weighting
    ("general_adaptive_loss", "alpha"),  # Barron: any real shape, -2 is Geman-McClure
}

OPTION_CASES = [
    (n, k, v)
    for n in FUNCTIONS
    for k, values in BAD_VALUES.items()
    if k in _keywords(n) and (n, k) not in ALLOWED
    for v in values
]


@pytest.mark.parametrize(
    ("name", "option", "value"), OPTION_CASES, ids=[f"{n}-{k}={v}" for n, k, v in OPTION_CASES]
)
def test_out_of_range_option(name, option, value):
    _case, args, arrays, options = _valid(name)
    options = {**options, option: value}
    _raises_naming([option], _call, name, args, arrays, options)


# --- out-of-range class indices -----------------------------------------------------------


def _class_count(name, case, args, options):
    axis = options.get("axis", -1)
    return args[0].shape[axis]


OUT_OF_RANGE = [
    n
    for n in INDEX_TARGET
    if n not in ("one_hot", "smooth_labels", "ntxent_loss", "multilabel_margin_loss")
    # group labels of the metric-learning pair losses: any integers, no range
    and n not in metric.__all__
    # a helper without reduction; its NaN for a label >= V is tested in test_preference.py
    and n != "sequence_log_probs"
    # optax's forward variables: no reduction, three arrays; its loss is ctc_loss'
    and n != "ctc_forward_log_probs"
    if n not in ("one_hot", "smooth_labels", "ntxent_loss", "multilabel_margin_loss", "supcon_loss")
]


# Bugs in files this suite's owner may not edit; reported to the lead.
@pytest.mark.parametrize("name", OUT_OF_RANGE)
@pytest.mark.parametrize("lib", ["numpy", "torch", "jax"])
def test_target_out_of_range(name, lib):
    case, args, arrays, options = _valid(name)
    c = _class_count(name, case, args, options)
    bad = [a.copy() for a in args]
    bad[1].flat[0] = c
    options = {**options, "reduction": "mean"}
    if lib == "numpy":
        _raises_naming([_positional(name)[1]], _call, name, bad, arrays, options)
        return
    if lib == "torch":
        torch = pytest.importorskip("torch")
        conv = torch.asarray
    else:
        pytest.importorskip("jax")
        import jax.numpy as jnp

        conv = jnp.asarray
    out = _call(name, [conv(a) for a in bad], {k: conv(v) for k, v in arrays.items()}, options)
    assert np.isnan(np.asarray(out, dtype=np.float64)).any(), (name, lib, out)


# --- inputs are never modified --------------------------------------------------------


@pytest.mark.parametrize("lib", ["numpy", "torch"])
def test_inputs_never_modified(lib):
    torch = pytest.importorskip("torch") if lib == "torch" else None
    checked = 0
    for case in all_cases():
        args, arrays = case.inputs()
        before = [a.copy() for a in args], {k: v.copy() for k, v in arrays.items()}
        if lib == "torch":
            targs = [torch.asarray(a.copy()) for a in args]
            tarrays = {k: torch.asarray(v.copy()) for k, v in arrays.items()}
            getattr(portloss, case.function)(*targs, **tarrays, **case.options)
            after = [t.numpy() for t in targs], {k: t.numpy() for k, t in tarrays.items()}
        else:
            getattr(portloss, case.function)(*args, **arrays, **case.options)
            after = args, arrays
        for a, b in zip(before[0], after[0]):
            np.testing.assert_array_equal(a, b, err_msg=case.id)
        for k in before[1]:
            np.testing.assert_array_equal(before[1][k], after[1][k], err_msg=case.id)
        checked += 1
    assert checked > 100
