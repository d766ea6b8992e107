"""portloss.torch: the losses as torch.nn.Module, array options as buffers.

torch's own loss modules are the oracle: the same training run, the same state_dict
(loaded both ways), the same dtype/device moves. Every adapter is checked against its
function on a conformance case, so losses that land later are covered too.
"""

from __future__ import annotations

import copy
import io
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import portloss  # noqa: E402
import portloss.torch as pt  # noqa: E402
from conformance.cases import all_cases  # noqa: E402
from portloss import objects  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SPECS = objects.loss_specs()
F = torch.nn.functional


def test_one_adapter_per_loss_object() -> None:
    assert sorted(pt.__all__) == sorted(["LossModule", *SPECS])
    for name, spec in SPECS.items():
        cls = getattr(pt, name)
        assert issubclass(cls, pt.LossModule)
        assert issubclass(cls, torch.nn.Module)
        assert cls.spec is spec
        assert cls.function is spec.function
        assert cls.__module__ == "portloss.torch"
        assert cls.__qualname__ == name
    assert "CrossEntropyLoss" in dir(pt)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = pt.Nope


@pytest.mark.parametrize("name", sorted(SPECS))
def test_adapter_equals_function(name: str) -> None:
    """On the loss' first non-empty conformance case, in float64, with gradients."""
    spec = SPECS[name]
    cases = [c for c in all_cases() if c.function == spec.function_name]
    case = next(c for c in cases if all(a.size for a in c.inputs()[0]))
    args, arrays = case.inputs()
    tensors = [torch.from_numpy(a) for a in args]
    for i in case.grad_argnums:
        tensors[i].requires_grad_(True)
    call_names = {p.name for p in spec.call_keywords}
    merged = {**{k: torch.from_numpy(a) for k, a in arrays.items()}, **case.options}
    ctor = {k: v for k, v in merged.items() if k not in call_names}
    call = {k: v for k, v in merged.items() if k in call_names}
    criterion = getattr(pt, name)(**ctor)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = criterion(*tensors, **call)
        expected = spec.function(*tensors, **merged)
    torch.testing.assert_close(got, expected, rtol=0, atol=0)
    if case.grad_argnums:
        (g1,) = torch.autograd.grad(got.sum(), tensors[case.grad_argnums[0]])
        (g2,) = torch.autograd.grad(expected.sum(), tensors[case.grad_argnums[0]])
        torch.testing.assert_close(g1, g2, rtol=0, atol=0)
    for option, value in ctor.items():
        if isinstance(value, torch.Tensor):
            assert option in dict(criterion.named_buffers()), option


def _train(criterion: torch.nn.Module, steps: int = 8) -> dict[str, torch.Tensor]:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Tanh(), torch.nn.Linear(16, 4))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    generator = torch.Generator().manual_seed(1)
    for _ in range(steps):
        x = torch.randn(32, 6, generator=generator)
        y = torch.randint(0, 4, (32,), generator=generator)
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def test_training_matches_torch() -> None:
    w = torch.tensor([1.0, 2.0, 0.5, 1.5])
    ours = _train(pt.CrossEntropyLoss(weight=w, label_smoothing=0.1))
    theirs = _train(torch.nn.CrossEntropyLoss(weight=w, label_smoothing=0.1))
    initial = _train(torch.nn.CrossEntropyLoss(weight=w, label_smoothing=0.1), steps=0)
    for key in theirs:
        torch.testing.assert_close(ours[key], theirs[key], rtol=1e-5, atol=1e-6)
        assert not torch.allclose(theirs[key], initial[key])  # it did train


# name -> (options with tensors, the same for torch's module)
WEIGHTED = {
    "CrossEntropyLoss": {"weight": torch.tensor([0.2, 1.0, 3.0])},
    "NLLLoss": {"weight": torch.tensor([0.2, 1.0, 3.0])},
    "BCELoss": {"weight": torch.tensor([0.2, 1.0, 3.0])},
    "BCEWithLogitsLoss": {
        "weight": torch.tensor([0.2, 1.0, 3.0]),
        "pos_weight": torch.tensor([2.0, 1.0, 0.5]),
    },
    "MultiLabelSoftMarginLoss": {"weight": torch.tensor([0.2, 1.0, 3.0])},
    "MultiMarginLoss": {"weight": torch.tensor([0.2, 1.0, 3.0])},
}


@pytest.mark.parametrize("name", sorted(WEIGHTED))
def test_state_dict_like_torch(name: str) -> None:
    options = WEIGHTED[name]
    ours, theirs = getattr(pt, name)(**options), getattr(torch.nn, name)(**options)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for key, value in theirs.state_dict().items():
        torch.testing.assert_close(ours.state_dict()[key], value)
    # load both ways: torch's state into ours and back
    blank = {k: torch.zeros_like(v) for k, v in options.items()}
    fresh = getattr(pt, name)(**blank)
    fresh.load_state_dict(theirs.state_dict())
    for key in options:
        torch.testing.assert_close(getattr(fresh, key), options[key])
    other = getattr(torch.nn, name)(**blank)
    other.load_state_dict(ours.state_dict())
    for key in options:
        torch.testing.assert_close(getattr(other, key), options[key])
    # without the array options: no buffers in the state, as torch
    assert list(getattr(pt, name)().state_dict()) == list(getattr(torch.nn, name)().state_dict())


def test_dtype_and_device_moves() -> None:
    w = torch.tensor([0.2, 1.0, 3.0])
    criterion = pt.CrossEntropyLoss(weight=w, label_smoothing=0.1)
    assert criterion.double() is criterion
    assert criterion.weight.dtype == torch.float64
    x = torch.randn(5, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([0, 1, 2, 1, 0])
    expected = F.cross_entropy(x, y, weight=w.double(), label_smoothing=0.1)
    got = criterion(x, y)
    assert got.dtype == torch.float64
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)
    assert criterion.half().weight.dtype == torch.float16
    assert criterion.float().weight.dtype == torch.float32
    assert criterion.to("cpu").weight.device.type == "cpu"
    assert criterion.to(torch.float64).weight.dtype == torch.float64
    # a NumPy array option becomes a buffer
    from_numpy = pt.CrossEntropyLoss(weight=np.array([0.2, 1.0, 3.0]))
    assert isinstance(from_numpy.weight, torch.Tensor)
    assert "weight" in from_numpy.state_dict()


def test_buffers_follow_cuda_when_there_is_one() -> None:
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    criterion = pt.CrossEntropyLoss(weight=torch.tensor([0.2, 1.0, 3.0])).cuda()
    assert criterion.weight.is_cuda
    x, y = torch.randn(4, 3, device="cuda"), torch.tensor([0, 1, 2, 0], device="cuda")
    assert criterion(x, y).is_cuda


def test_options_are_attributes_read_at_each_call() -> None:
    criterion = pt.MSELoss()
    x, y = torch.ones(2, 2), torch.zeros(2, 2)
    assert criterion.reduction == "mean"
    assert float(criterion(x, y)) == 1.0
    criterion.reduction = "sum"  # as for torch's modules
    assert float(criterion(x, y)) == 4.0
    assert repr(criterion) == "MSELoss(reduction='sum')"
    assert repr(pt.CrossEntropyLoss()) == "CrossEntropyLoss()"
    assert repr(pt.CrossEntropyLoss(weight=torch.ones(3), label_smoothing=0.1)) == (
        "CrossEntropyLoss(weight=<torch array shape=(3,) dtype=torch.float32>, label_smoothing=0.1)"
    )


def test_construction_and_call_errors() -> None:
    with pytest.raises(ValueError, match="reduction"):
        pt.CrossEntropyLoss(reduction="bogus")
    with pytest.raises(ValueError, match="label_smoothing"):
        pt.CrossEntropyLoss(label_smoothing=-0.1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'size_average'"):
        pt.CrossEntropyLoss(size_average=True)
    with pytest.raises(TypeError, match="sample_weight is an array of each call"):
        pt.CrossEntropyLoss(sample_weight=torch.ones(3))
    with pytest.raises(TypeError, match="base class"):
        pt.LossModule()
    with pytest.raises(TypeError, match=r"takes 2 positional arrays"):
        pt.CrossEntropyLoss()(torch.zeros(2, 3))
    # an array option as a list is refused when the module is built, not at the first call
    with pytest.raises(TypeError, match=r"CrossEntropyLoss: weight must be an array .* got list"):
        pt.CrossEntropyLoss(weight=[1.0, 2.0, 3.0])
    # numeric options are Python numbers, so equal options print (and compare) alike
    assert pt.CrossEntropyLoss(label_smoothing=np.float32(0.5)).label_smoothing == 0.5
    assert type(pt.CrossEntropyLoss(label_smoothing=np.float32(0.5)).label_smoothing) is float


def test_sample_weight_is_a_call_keyword() -> None:
    x = torch.randn(4, 3, generator=torch.Generator().manual_seed(0))
    y, s = torch.tensor([0, 1, 2, 0]), torch.tensor([1.0, 0.0, 2.0, 1.0])
    got = pt.CrossEntropyLoss(reduction="sum")(x, y, sample_weight=s)
    expected = (F.cross_entropy(x, y, reduction="none") * s).sum()
    torch.testing.assert_close(got, expected)


def test_pickle_and_deepcopy() -> None:
    criterion = pt.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 0.5]), reduction="sum")
    buffer = io.BytesIO()
    torch.save(criterion, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=False)
    assert type(loaded) is pt.BCEWithLogitsLoss
    assert loaded.reduction == "sum"
    torch.testing.assert_close(loaded.pos_weight, criterion.pos_weight)
    clone = copy.deepcopy(criterion)
    assert clone.pos_weight is not criterion.pos_weight
    x, y = torch.randn(3, 2), torch.rand(3, 2)
    torch.testing.assert_close(clone(x, y), criterion(x, y))


def test_torch_is_imported_only_when_an_adapter_is_used() -> None:
    code = (
        "import sys, portloss, portloss.torch as pt\n"
        "before = 'torch' in sys.modules\n"
        "names = pt.__all__\n"
        "pt.CrossEntropyLoss()\n"
        "print(before, 'torch' in sys.modules, 'jax' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "False"]


def test_portloss_functions_accept_adapter_buffers() -> None:
    """The buffer is the tensor the function gets (no copy, same device and dtype)."""
    w = torch.tensor([0.2, 1.0, 3.0])
    criterion = pt.CrossEntropyLoss(weight=w)
    assert criterion.portloss_options()["weight"] is criterion.weight
    x, y = torch.randn(4, 3), torch.tensor([0, 1, 2, 0])
    torch.testing.assert_close(criterion(x, y), portloss.cross_entropy(x, y, weight=w))
