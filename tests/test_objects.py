"""Loss objects (portloss.objects), JAX transformations of every loss, lazy imports.

Every loss is covered without naming it: the losses are read from ``portloss.__all__``
and their inputs from the conformance case table (every public loss has rows there), so
a loss that lands later is tested here without an edit.

- coverage: one class per loss, none per helper, torch's names, signatures;
- objects against functions: on every conformance case, ``Cls(**options)(*arrays)``
  is the function's result, bit for bit;
- construction checks, call checks, ``repr``, equality, hashing, immutability, pickling;
- JAX: every loss under ``jax.jit(jax.vmap(jax.value_and_grad(partial(f, **options))))``
  equals its eager value and gradient per sample; objects as static ``jax.jit``
  arguments (one trace per distinct object);
- docstrings: numpydoc validation (the check set of docs/conf.py) and generated
  Examples that call the object (run by ``--doctest-modules portloss/objects.py``);
- ``examples/optax_train.py`` trains (skipped without optax);
- ``import portloss`` imports no framework (in a subprocess).
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import pickle
import re
import runpy
import shutil
import subprocess
import sys
import textwrap
import warnings
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from conftest import get_backend

import portloss
from conformance.case import Case
from conformance.cases import all_cases
from portloss import objects
from portloss.conventions import CONVENTION_DEFAULT
from portloss.objects import CrossEntropyLoss, Loss
from tools import generate_objects as generator

ROOT = Path(__file__).resolve().parents[1]
LOSSES = {
    name: getattr(portloss, name)
    for name in portloss.__all__
    if generator.is_loss(name, getattr(portloss, name))
}
CLASSES = {name: getattr(objects, generator.class_name(name)) for name in LOSSES}


def _cases() -> dict[str, list[Case]]:
    by_function: dict[str, list[Case]] = defaultdict(list)
    for case in all_cases():
        if case.function in LOSSES:
            by_function[case.function].append(case)
    return by_function


CASES = _cases()


def _split(name: str, case_arrays: dict, options: dict) -> tuple[dict, dict]:
    """A case's keyword arrays and options as (constructor keywords, call keywords)."""
    call_names = {p.name for p in CLASSES[name].spec.call_keywords}
    merged = {**case_arrays, **options}
    ctor = {k: v for k, v in merged.items() if k not in call_names}
    call = {k: v for k, v in merged.items() if k in call_names}
    return ctor, call


# ------------------------------------------------------------------------- coverage


def test_every_loss_has_an_object_and_no_helper_has_one() -> None:
    functions = [n for n in portloss.__all__ if inspect.isfunction(getattr(portloss, n))]
    not_losses = sorted(set(functions) - set(LOSSES))
    # A function that is not a loss must be a registered helper: a loss with an odd
    # signature (or a new helper) fails here instead of silently getting no class.
    unexplained = [n for n in not_losses if n not in generator.HELPERS]
    assert not unexplained, (
        f"{unexplained} get no loss object: give them the loss signature (positional-only "
        "arrays, keyword-only options) or add them to portloss.generator.HELPERS"
    )
    assert set(generator.HELPERS) <= set(portloss.__all__)
    assert sorted(objects.__all__) == sorted(["Loss", *(c.__name__ for c in CLASSES.values())])
    for name, cls in CLASSES.items():
        assert issubclass(cls, Loss)
        assert cls.function is LOSSES[name]
        assert cls.__module__ == "portloss.objects"
        assert cls.__qualname__ == cls.__name__
    for helper in generator.HELPERS:
        assert not hasattr(objects, generator.class_name(helper))
    # no class name shadows a portloss function
    assert not set(objects.__all__) & set(functions)


def test_every_loss_has_conformance_cases() -> None:
    """The JAX and equivalence tests below take their inputs from the case table."""
    assert sorted(CASES) == sorted(LOSSES)


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("cross_entropy", "CrossEntropyLoss"),
        ("nll_loss", "NLLLoss"),
        ("kl_div", "KLDivLoss"),
        ("binary_cross_entropy", "BCELoss"),
        ("binary_cross_entropy_with_logits", "BCEWithLogitsLoss"),
        ("mse_loss", "MSELoss"),
        ("l1_loss", "L1Loss"),
        ("multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss"),
        ("triplet_margin_with_distance_loss", "TripletMarginWithDistanceLoss"),
        ("ctc_loss", "CTCLoss"),
        ("dice_loss", "DiceLoss"),
        ("sigmoid_focal_loss", "SigmoidFocalLoss"),
        ("js_divergence", "JsDivergenceLoss"),
        ("poly1_cross_entropy", "Poly1CrossEntropyLoss"),
        ("mean_squared_logarithmic_error", "MeanSquaredLogarithmicErrorLoss"),
    ],
)
def test_class_names(function: str, expected: str) -> None:
    assert generator.class_name(function) == expected


def test_torch_names_are_torchs() -> None:
    torch = pytest.importorskip("torch")
    for function, name in generator.TORCH_NAMES.items():
        assert hasattr(torch.nn.functional, function), function
        assert isinstance(getattr(torch.nn, name, None), type), name
    # every torch-named portloss loss takes torch's class name
    for name in LOSSES:
        if hasattr(torch.nn.functional, name) and name.endswith(("_loss", "_div", "entropy")):
            assert name in generator.TORCH_NAMES, name


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_signatures(name: str) -> None:
    cls, params = CLASSES[name], inspect.signature(LOSSES[name]).parameters.values()
    ctor = inspect.signature(cls).parameters.values()
    call = inspect.signature(cls()).parameters.values() if _defaults_only(cls) else None
    options = [
        p for p in params if p.kind is p.KEYWORD_ONLY and p.name not in ("sample_weight", "mask")
    ]
    # An option whose default depends on the convention shows CONVENTION_DEFAULT.
    by_convention = set().union(
        *getattr(LOSSES[name], "__portloss_convention_defaults__", {}).values()
    )
    assert [(p.name, p.kind, p.default) for p in ctor] == [
        (p.name, p.kind, CONVENTION_DEFAULT if p.name in by_convention else p.default)
        for p in options
    ]
    if call is not None:
        expected = [
            p for p in params if p.kind is p.POSITIONAL_ONLY or p.name in ("sample_weight", "mask")
        ]
        assert [(p.name, p.kind) for p in call] == [(p.name, p.kind) for p in expected]


def _defaults_only(cls: type[Loss]) -> bool:
    return all(p.default is not p.empty for p in cls.spec.options)


# ------------------------------------------------------------ objects = functions


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_objects_equal_functions_on_every_case(name: str) -> None:
    for case in CASES[name]:
        args, arrays = case.inputs()
        ctor, call = _split(name, arrays, dict(case.options))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # empty means, on purpose
            expected = LOSSES[name](*args, **arrays, **case.options)
            got = CLASSES[name](**ctor)(*args, **call)
        np.testing.assert_array_equal(got, expected, err_msg=case.id)
        assert got.dtype == expected.dtype


def test_generated_module_is_up_to_date() -> None:
    # The classes are written by tools/generate_objects.py from the signatures.
    if shutil.which("ruff") is None:
        pytest.skip("ruff is not installed (the generator formats its output with it)")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_objects.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, (
        "the generated classes are out of date: run python tools/generate_objects.py\n"
        + result.stdout
        + result.stderr
    )


def test_classes_are_written_out_not_generated_at_import() -> None:
    from portloss import _objects_generated

    for cls in CLASSES.values():
        assert vars(_objects_generated)[cls.__name__] is cls
        assert "__init__" in vars(cls), cls
        assert "__call__" in vars(cls), cls
    # the adapters too: one top-level class statement each, none built in a loop
    for module in ("_generated_torch_adapters", "_generated_keras_adapters"):
        source = (ROOT / "portloss" / f"{module}.py").read_text()
        classes = re.findall(r"^class (\w+)\(", source, re.M)
        assert classes, module
        assert set(classes) <= set(objects.__all__), module
    for module in ("_torch_adapters", "_keras_adapters", "torch", "keras", "objects"):
        source = (ROOT / "portloss" / f"{module}.py").read_text()
        assert not re.search(r"\btype\(\w+, \(", source), module  # type(name, bases, ...)


# ----------------------------------------------------------------- construction


REDUCING = sorted(n for n, cls in CLASSES.items() if "reduction" in cls.spec.option_names)


@pytest.mark.parametrize("name", REDUCING)
def test_bad_reduction_raises_at_construction(name: str) -> None:
    with pytest.raises(ValueError, match="reduction"):
        CLASSES[name](reduction="bogus")


def test_construction_runs_the_functions_checks() -> None:
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\], got 1.5"):
        CrossEntropyLoss(label_smoothing=1.5)
    with pytest.raises(TypeError, match="ignore_index must be an int"):
        CrossEntropyLoss(ignore_index=1.5)
    with pytest.raises(ValueError, match="convention"):
        CrossEntropyLoss(convention="tensorflow")
    with pytest.raises(TypeError, match="margin"):
        objects.TripletMarginLoss(margin="1")
    with pytest.raises(ValueError, match="margin"):
        objects.TripletMarginWithDistanceLoss(margin=-1.0)
    with pytest.raises(TypeError, match="distance_function"):
        objects.TripletMarginWithDistanceLoss(distance_function=3)


BAD_VALUES = ("bogus", -1.5, 1.5, True, 2, None, [1.0, 2.0], float("nan"))
SAME_MESSAGE = ("reduction", "label_smoothing", "eps")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_construction_refuses_only_what_the_function_refuses(name: str) -> None:
    # The option specs check at construction what the function checks at the call:
    # never stricter (a value the function accepts must build), same error; for the
    # shared options (one check each, _options.check_option) the same message too.
    cls, (case, *_) = CLASSES[name], CASES[name]
    args, arrays = case.inputs()
    ctor, _ = _split(name, arrays, dict(case.options))
    for option in cls.spec.option_names:
        for bad in BAD_VALUES:
            try:
                cls(**{**ctor, option: bad})
            except (TypeError, ValueError) as error:
                kwargs = {**arrays, **case.options, option: bad}
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    message = str(error).partition(": ")[2]
                    same = re.escape(message) if option in SAME_MESSAGE else None
                    with pytest.raises(type(error), match=same):
                        LOSSES[name](*args, **kwargs)


def test_shared_options_are_one_spec() -> None:
    from portloss._options import OPTIONS

    for cls in CLASSES.values():
        for option, spec in cls.spec.table.items():
            # reduction, mean_denominator and axis come in kinds (kl_div's "batchmean",
            # the Dice family's knob without a convention, cross_entropy's tuple axis)
            if option in OPTIONS and option not in ("reduction", "mean_denominator", "axis"):
                assert spec is OPTIONS[option], (cls.__name__, option)


def test_shared_paragraphs_are_written_once() -> None:
    import inspect as _inspect

    from portloss._options import PARAGRAPHS, Option, substitute_docs

    for option, at_least in (("reduction", 30), ("sample_weight", 20), ("ignore_index", 1)):
        paragraph = PARAGRAPHS[option]
        users = [n for n, f in LOSSES.items() if paragraph in (_inspect.getdoc(f) or "")]
        assert len(users) >= at_least, (option, users)
    table = {"margin": Option("margin", float)}
    doc = "Parameters\n----------\n    {{reduction}}\n"
    assert substitute_docs(doc, table) == (
        "Parameters\n----------\n" + textwrap.indent(PARAGRAPHS["reduction"], "    ") + "\n"
    )
    with pytest.raises(ValueError, match="no shared paragraph for the placeholder"):
        substitute_docs("    {{margin}}\n", table)  # a loss-specific option has none
    with pytest.raises(ValueError, match="no shared paragraph"):
        substitute_docs("    {{bogus}}\n", table)


def test_construction_checks_simple_annotations() -> None:
    # axis is checked against input.ndim by the function, at the call; its type here
    with pytest.raises(TypeError, match=r"CrossEntropyLoss: axis must be int, got 'last'"):
        CrossEntropyLoss(axis="last")
    with pytest.raises(TypeError, match="axis must be int, got True"):
        CrossEntropyLoss(axis=True)
    CrossEntropyLoss(axis=np.int64(1))  # an integer of any kind is fine


def test_a_subclass_of_a_loss_object_is_that_loss() -> None:
    class Smoothed(CrossEntropyLoss):
        pass

    x, y = np.array([[1.5, 2.0, 0.5], [1.0, 0.5, 2.5]]), np.array([1, 2])
    assert Smoothed.spec is CrossEntropyLoss.spec
    assert Smoothed(label_smoothing=0.1)(x, y) == CrossEntropyLoss(label_smoothing=0.1)(x, y)
    with pytest.raises(ValueError, match="Smoothed: label_smoothing must be in"):
        Smoothed(label_smoothing=2.0)


def test_construction_keyword_errors() -> None:
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'wieght'.*weight"):
        CrossEntropyLoss(wieght=np.ones(3))
    with pytest.raises(TypeError, match=r"sample_weight is an array of each call"):
        CrossEntropyLoss(sample_weight=np.ones(2))
    with pytest.raises(TypeError, match="positional argument"):
        CrossEntropyLoss("mean")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="base class"):
        Loss()


def test_call_errors() -> None:
    # __call__ has the function's arrays and call keywords as its explicit signature
    criterion = CrossEntropyLoss()
    x, y = np.zeros((2, 3)), np.array([0, 1])
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: 'target'"):
        criterion(x)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'reduction'"):
        criterion(x, y, reduction="sum")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'mask'"):
        criterion(x, y, mask=None)  # type: ignore[call-arg]
    # array checks happen at the call, with the function's messages
    with pytest.raises(ValueError, match="axis=2 is out of range"):
        CrossEntropyLoss(axis=2)(x, y)


# ----------------------------------------------------- repr, equality, hash, pickle


def test_repr_shows_non_default_options() -> None:
    assert repr(CrossEntropyLoss()) == "CrossEntropyLoss()"
    assert repr(CrossEntropyLoss(reduction="mean", label_smoothing=0.1)) == (
        "CrossEntropyLoss(label_smoothing=0.1)"
    )
    w = np.ones(3)
    assert repr(CrossEntropyLoss(weight=w, reduction="sum")) == (
        "CrossEntropyLoss(weight=<numpy array shape=(3,) dtype=float64>, reduction='sum')"
    )

    def dist(a, b):
        return a - b

    assert repr(objects.TripletMarginWithDistanceLoss(distance_function=dist)) == (
        "TripletMarginWithDistanceLoss(distance_function="
        "test_repr_shows_non_default_options.<locals>.dist)"
    )


def test_equality_and_hash() -> None:
    a = CrossEntropyLoss(label_smoothing=0.1)
    assert a == CrossEntropyLoss(label_smoothing=0.1, reduction="mean")
    assert hash(a) == hash(CrossEntropyLoss(label_smoothing=0.1, reduction="mean"))
    assert a != CrossEntropyLoss(label_smoothing=0.2)
    assert CrossEntropyLoss() != objects.NLLLoss()  # same options, other loss
    assert CrossEntropyLoss() != "CrossEntropyLoss()"
    assert len({CrossEntropyLoss(), CrossEntropyLoss(), objects.NLLLoss()}) == 2
    # array options compare and hash by identity: no value is read
    w = np.array([1.0, 2.0, 3.0])
    assert CrossEntropyLoss(weight=w) == CrossEntropyLoss(weight=w)
    assert hash(CrossEntropyLoss(weight=w)) == hash(CrossEntropyLoss(weight=w))
    assert CrossEntropyLoss(weight=w) != CrossEntropyLoss(weight=w.copy())
    # sequences compare by value, lists and tuples alike (hashable although a list)
    lovasz = objects.LovaszSoftmaxLoss
    assert lovasz(classes=[0, 2]) == lovasz(classes=(0, 2))
    assert hash(lovasz(classes=[0, 2])) == hash(lovasz(classes=(0, 2)))


# Numeric option values as users write them: Python numbers and NumPy scalars of several
# dtypes, some equal in value (0.5 is exact in float32, 0.1 is not).
NUMERIC_VALUES = [
    0.1,
    np.float32(0.1),
    np.float64(0.1),
    0.5,
    np.float32(0.5),
    np.float16(0.5),
    np.float64(0.5),
    0,
    0.0,
    np.int64(0),
    np.int32(0),
    1,
    np.int64(1),
    1.0,
    np.float32(1.0),
]


@pytest.mark.parametrize(
    ("cls", "option"),
    [(CrossEntropyLoss, "label_smoothing"), (objects.HingeEmbeddingLoss, "margin")],
)
def test_objects_that_compare_equal_hash_equal(cls, option) -> None:
    built = [cls(**{option: v}) for v in NUMERIC_VALUES]
    for a, va in zip(built, NUMERIC_VALUES):
        for b, vb in zip(built, NUMERIC_VALUES):
            if a == b:
                assert hash(a) == hash(b), (option, va, vb)
    # Equal in value: equal objects. np.float32(0.1) is not 0.1 (another float).
    assert cls(**{option: np.float32(0.5)}) == cls(**{option: 0.5})
    assert cls(**{option: np.float64(0.1)}) == cls(**{option: 0.1})
    assert cls(**{option: np.float32(0.1)}) != cls(**{option: 0.1})
    assert len({cls(**{option: v}) for v in (0.5, np.float32(0.5), np.float64(0.5))}) == 1


def test_numeric_options_are_python_numbers() -> None:
    criterion = CrossEntropyLoss(label_smoothing=np.float32(0.25), ignore_index=np.int64(3))
    assert type(criterion.label_smoothing) is float
    assert criterion.label_smoothing == 0.25
    assert type(criterion.ignore_index) is int
    assert repr(criterion) == "CrossEntropyLoss(ignore_index=3, label_smoothing=0.25)"
    lovasz = objects.LovaszSoftmaxLoss(classes=[np.int64(0), 2])
    assert lovasz == objects.LovaszSoftmaxLoss(classes=(0, 2))
    assert all(type(c) is int for c in lovasz.classes)


def _array_options() -> list[tuple[str, str]]:
    return [
        (name, option)
        for name, cls in sorted(CLASSES.items())
        for option in cls.spec.option_names
        if cls.spec.maybe_array(option)
    ]


@pytest.mark.parametrize(("name", "option"), _array_options())
def test_array_options_given_as_lists_are_refused_at_construction(name, option) -> None:
    cls = CLASSES[name]
    for value in ([1.0, 2.0], (1.0, 2.0)):
        with pytest.raises(TypeError, match=rf"{cls.__name__}: {option} must be an array .* got "):
            cls(**{option: value})
    assert cls(**{option: np.array([1.0, 2.0])}) is not None  # an array is fine


def test_every_object_is_hashable_and_equal_to_its_rebuild() -> None:
    for name, cls in CLASSES.items():
        if not _defaults_only(cls):
            continue
        criterion = cls()
        assert criterion == cls(**criterion.options), name
        assert hash(criterion) == hash(cls(**criterion.options)), name


def test_immutable_options_and_replace() -> None:
    criterion = CrossEntropyLoss(label_smoothing=0.1)
    assert criterion.reduction == "mean"
    assert criterion.label_smoothing == 0.1
    assert criterion.options["ignore_index"] == -100
    with pytest.raises(AttributeError, match="immutable"):
        criterion.reduction = "sum"
    with pytest.raises(AttributeError, match="immutable"):
        del criterion.reduction
    with pytest.raises(TypeError):
        criterion.options["reduction"] = "sum"  # type: ignore[index]
    with pytest.raises(AttributeError, match="no attribute 'bogus'"):
        _ = criterion.bogus
    summed = criterion.replace(reduction="sum")
    assert summed == CrossEntropyLoss(label_smoothing=0.1, reduction="sum")
    assert criterion.reduction == "mean"
    with pytest.raises(ValueError, match="reduction"):
        criterion.replace(reduction="avg")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_pickle_round_trip(name: str) -> None:
    cls = CLASSES[name]
    case = CASES[name][0]
    args, arrays = case.inputs()
    ctor, call = _split(name, arrays, dict(case.options))
    if any(callable(v) and not isinstance(v, type) for v in ctor.values()):
        pytest.skip("a local function option does not pickle")
    criterion = cls(**ctor)
    clone = pickle.loads(pickle.dumps(criterion))
    assert type(clone) is cls
    assert repr(clone) == repr(criterion)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        np.testing.assert_array_equal(clone(*args, **call), criterion(*args, **call))
    if not any(objects.is_array(v) for v in ctor.values()):
        assert clone == criterion
        assert hash(clone) == hash(criterion)


def test_pickle_is_by_name_and_non_default_options() -> None:
    criterion = CrossEntropyLoss(label_smoothing=0.1)
    rebuild, (name, options) = criterion.__reduce__()
    assert name == "CrossEntropyLoss"
    assert options == {"label_smoothing": 0.1}
    assert rebuild(name, options) == criterion
    assert pickle.loads(pickle.dumps(CrossEntropyLoss)) is CrossEntropyLoss


# ------------------------------------------------------------------------- JAX


def _representative(name: str) -> Case:
    """A non-empty case of the loss, preferring a reduced one."""

    def nonempty(case: Case) -> bool:
        args, _ = case.inputs()
        return all(a.size for a in args)

    cases = [c for c in CASES[name] if nonempty(c)]
    reduced = [c for c in cases if c.options.get("reduction", "mean") != "none"]
    return (reduced or cases)[0]


def _case_inputs(case: Case, seed: int) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    """The case's NumPy inputs for another seed, floats in the case's widest dtype."""
    dtype = "float64" if "float64" in case.dtypes else "float32"
    rng = np.random.default_rng(zlib.crc32(f"{case.id}/{seed}".encode()))

    def cast(a: np.ndarray) -> np.ndarray:
        return a.astype(dtype) if np.issubdtype(a.dtype, np.floating) else a

    args = [cast(g(rng)) for g in case.args]
    return args, {k: cast(g(rng)) for k, g in case.arrays.items()}


def _torch_value_and_grad(name: str, case: Case, args: list, arrays: dict, argnum: int):
    """Value and gradient of the summed loss by torch autograd (eager), or None."""
    if importlib.util.find_spec("torch") is None:
        return None
    import torch

    tensors = [torch.from_numpy(a) for a in args]
    tensors[argnum].requires_grad_(True)
    kw = {k: torch.from_numpy(a) for k, a in arrays.items()}
    value = LOSSES[name](*tensors, **kw, **case.options).sum()
    (grad,) = torch.autograd.grad(value, tensors[argnum])
    return value.detach().numpy(), grad.numpy()


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_jax_jit_vmap_grad_with_partial(name: str) -> None:
    """``jax.jit(jax.vmap(jax.value_and_grad(partial(f, **options))))`` per loss.

    Each sample's value equals the loss of NumPy arrays, its gradient torch autograd's
    of the same loss (both eager, so cheap), and the gradients are finite.
    """
    jax_backend = get_backend("jax")
    import jax
    import jax.numpy as jnp

    case = _representative(name)
    samples = [_case_inputs(case, seed) for seed in (0, 1)]
    arrays = samples[0][1]  # keyword arrays (weights, masks) are shared, not mapped
    argnum = case.grad_argnums[0] if case.grad_argnums else 0
    loss = functools.partial(
        LOSSES[name], **{k: jax_backend.asarray(a) for k, a in arrays.items()}, **case.options
    )

    def scalar(*a):
        return jnp.sum(loss(*a))

    batched = jax.jit(jax.vmap(jax.value_and_grad(scalar, argnums=argnum)))
    stacked = [jax_backend.asarray(np.stack(pair)) for pair in zip(*(s[0] for s in samples))]
    values, grads = batched(*stacked)
    dtype = stacked[argnum].dtype
    tol = {"rtol": 1e-9, "atol": 1e-12} if dtype == jnp.float64 else {"rtol": 2e-5, "atol": 1e-6}
    assert values.dtype == dtype, case.id
    assert grads.dtype == dtype, case.id
    assert np.all(np.isfinite(np.asarray(grads))), case.id
    for i, (args, _) in enumerate(samples):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = np.sum(LOSSES[name](*args, **arrays, **case.options))
        np.testing.assert_allclose(values[i], expected, **tol, err_msg=case.id)
        oracle = _torch_value_and_grad(name, case, args, arrays, argnum)
        if oracle is not None:
            np.testing.assert_allclose(grads[i], oracle[1], **tol, err_msg=case.id)


def test_objects_are_static_jit_arguments() -> None:
    get_backend("jax")
    import jax
    import jax.numpy as jnp

    traces = []

    @functools.partial(jax.jit, static_argnums=0)
    def step(criterion, x, y):
        traces.append(criterion)
        return criterion(x, y)

    rng = np.random.default_rng(0)
    x_np, y_np, w_np = rng.standard_normal((8, 3)), rng.integers(0, 3, 8), np.array([1.0, 2.0, 0.5])
    x, y, w = jnp.asarray(x_np), jnp.asarray(y_np), jnp.asarray(w_np)
    a = CrossEntropyLoss(weight=w, label_smoothing=0.1)
    first = step(a, x, y)
    step(a, x, y)
    step(CrossEntropyLoss(weight=w, label_smoothing=0.1), x, y)  # equal: no new trace
    assert len(traces) == 1
    step(CrossEntropyLoss(weight=jnp.asarray([1.0, 2.0, 0.5]), label_smoothing=0.1), x, y)
    assert len(traces) == 2  # another array object: another trace
    step(a.replace(reduction="sum"), x, y)
    assert len(traces) == 3
    expected = portloss.cross_entropy(x_np, y_np, weight=w_np, label_smoothing=0.1)
    np.testing.assert_allclose(first, expected, rtol=1e-12)
    # the object itself jits, and differentiates
    np.testing.assert_allclose(jax.jit(a)(x, y), expected, rtol=1e-12)
    assert jnp.all(jnp.isfinite(jax.jit(jax.grad(a))(x, y)))


# ------------------------------------------------------------------ docstrings


def _validation_checks() -> set[str]:
    from numpydoc.validate import get_validation_checks

    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))  # also registers "Shape"
    return get_validation_checks(set(conf["numpydoc_validation_checks"]))


def test_numpydoc_validation_of_the_classes() -> None:
    """numpydoc's checks of docs/conf.py pass for every class.

    An error the function's own docstring has too (it is copied over) is left to the
    function's tests (tests/test_docs.py); this test catches what the generation adds.
    """
    pytest.importorskip("numpydoc", reason="numpydoc is not installed (pip install -e '.[docs]')")
    from numpydoc.validate import validate

    checks = _validation_checks()

    def errors(path: str) -> set[str]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = validate(path)
        found = {f"{code} {message}" for code, message in report["errors"] if code in checks}
        return found | {f"warning: {w.message}" for w in caught}

    failures = []
    for name in ["Loss", *(c.__name__ for c in CLASSES.values())]:
        own = errors(f"portloss.objects.{name}")
        cls = getattr(objects, name)
        if name != "Loss":
            own -= errors(f"portloss.{cls.spec.function_name}")
        if own:
            failures.append(f"portloss.objects.{name}: {sorted(own)}")
    assert not failures, "\n".join(failures)


def test_generated_examples_call_the_object() -> None:
    import doctest

    finder = doctest.DocTestFinder(recurse=False)
    for name, cls in CLASSES.items():
        (test,) = finder.find(cls, cls.__name__, module=objects)
        sources = "".join(example.source for example in test.examples)
        assert f"from portloss.objects import {cls.__name__}" in sources, name
        assert f"portloss.{name}(" not in sources or "criterion" in sources, name
        assert any(example.want for example in test.examples), name


# ---------------------------------------------------------------- optax example


def test_optax_example_trains() -> None:
    pytest.importorskip("optax", reason="optax is not installed")
    get_backend("jax")
    example = runpy.run_path(str(ROOT / "examples" / "optax_train.py"))
    result = example["train"](steps=100)
    assert result["final_loss"] < 0.6 * result["first_loss"], result
    assert result["accuracy"] > 0.9, result


# ------------------------------------------------------------------- laziness


FRAMEWORKS = ("torch", "jax", "jaxlib", "keras", "dask", "cupy", "tensorflow")


def _imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {FRAMEWORKS!r} if m in sys.modules))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [m for m in result.stdout.strip().split(",") if m]


def test_import_portloss_imports_no_framework() -> None:
    assert _imported_after("import portloss") == []
    assert _imported_after("import portloss, portloss.objects") == []
    # the adapter modules import their framework when a class is first used
    assert _imported_after("import portloss.torch, portloss.keras; dir(portloss.torch)") == []
