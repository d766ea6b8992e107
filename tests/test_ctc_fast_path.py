"""torch's CTC kernel as ``ctc_loss``'s recursion (``portloss/_backends/torch_ctc.py``).

The fast path runs torch's forward and backward kernels and corrects the backward to
the gradient of the loss as written (torch's is the gradient after a log-softmax). It
is compared with the standard path (``use_native(False)``) on the inputs where the two
could part: repeated labels, impossible alignments, empty inputs and targets, invalid
lengths and labels, NaN and ``-inf`` log-probabilities, in both float dtypes, with every
reduction and ``zero_infinity``; and the float32 gradient with a float64 one.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

import portloss  # noqa: E402
from portloss._backends import (  # noqa: E402
    native,
    torch_ctc,
    use_native,
)

T, N, C, S = 10, 6, 5, 4
CASES = [
    "plain",
    "repeat",
    "impossible",
    "empty_input",
    "nan_read",
    "nan_unread",
    "neginf_unread",
    "neginf_read",
    "short",
    "invalid",
    "above_zero",
]
OPTIONS = [{}, {"reduction": "none", "zero_infinity": True}]


def _inputs(case, dtype, seed=0):
    g = torch.Generator().manual_seed(seed)
    lp = torch.log_softmax(3 * torch.randn(T, N, C, generator=g, dtype=torch.float64), -1)
    lp = lp.to(dtype)
    tg = torch.randint(1, C, (N, S), generator=g)
    il = torch.full((N,), T)
    tl = torch.tensor([4, 2, 3, 1, 0, 4])
    if case in ("repeat", "impossible"):
        tg[0] = 2  # repeated labels need a blank between them: 7 frames at least
        if case == "impossible":
            il[0] = 6
    elif case == "empty_input":
        il[1] = il[4] = 0  # sequence 4 also has an empty target: loss 0
    elif case == "nan_read":
        lp[3, 0, tg[0, 0]] = float("nan")
    elif case == "nan_unread":
        tg[2, :3] = torch.tensor([1, 2, 1])
        lp[3, 2, 4] = float("nan")  # class 4 is neither a label of sequence 2 nor blank
    elif case == "neginf_unread":
        tg[tg == 4] = 3
        lp[:, :, 4] = -float("inf")  # a forbidden class
    elif case == "neginf_read":
        lp[2, 0, tg[0, 1]] = -float("inf")
    elif case == "short":
        il = torch.tensor([10, 9, 5, 3, 1, 8])
    elif case == "above_zero":  # not log-probabilities: NaN (empty target: -inf)
        lp[0, 0, 0] = lp[4, 4, 0] = float("inf")
    elif case == "invalid":
        tg[1, 0] = 0  # the blank within the target
        tl[2] = 7  # longer than S
        il[3] = 11  # longer than T
        tg[5, 3] = C  # not a class
    return lp, tg, il, tl


def _run(native_paths, lp, tg, il, tl, options):
    x = lp.clone().requires_grad_()
    with use_native(native_paths):
        out = portloss.ctc_loss(x, tg, il, tl, **options)
    out.sum().backward()
    return out.detach(), x.grad


@pytest.mark.parametrize("options", OPTIONS, ids=repr)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
def test_fast_path_matches_standard_path(case, dtype, options):
    lp, tg, il, tl = _inputs(case, dtype)
    value, grad = _run(True, lp, tg, il, tl, options)
    want, want_grad = _run(False, lp, tg, il, tl, options)
    tol = {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    torch.testing.assert_close(value, want, equal_nan=True, **tol)
    # In a sequence whose loss is NaN every entry an alignment may read gets NaN; the
    # standard path's autodiff leaves some of them finite. Elsewhere: the same numbers.
    assert not torch.any(torch.isnan(want_grad) & ~torch.isnan(grad))
    nan = torch.isnan(grad)
    torch.testing.assert_close(torch.where(nan, 0.0, grad), torch.where(nan, 0.0, want_grad), **tol)
    nan_loss = torch.isnan(_run(False, lp, tg, il, tl, {"reduction": "none"})[0])
    assert not torch.any(nan.any(dim=0).any(dim=-1) & ~nan_loss)


def test_float32_gradient_is_as_accurate_as_the_standard_paths():
    """Computed in float64: torch's float32 kernel alone is off by about 1e-5."""
    errors = {True: 0.0, False: 0.0}
    for seed in range(5):
        lp, tg, il, tl = _inputs("plain", torch.float64, seed)
        _, reference = _run(False, lp, tg, il, tl, {"reduction": "sum"})
        for fast in (True, False):
            _, grad = _run(fast, lp.float(), tg, il, tl, {"reduction": "sum"})
            errors[fast] = max(errors[fast], (grad.double() - reference).abs().max().item())
    assert errors[True] <= max(errors[False], 1e-6)


def test_fast_path_fires_on_cpu_and_steps_aside_under_torch_func():
    xp = pytest.importorskip("array_api_compat").array_namespace(torch.zeros(1))
    assert native(xp, "ctc_nll") is torch_ctc.ctc_nll
    lp, tg, il, tl = _inputs("plain", torch.float64)
    labels, in_len, tg_len = tg.clamp(1, C - 1), il.reshape(N, 1), tl.reshape(N, 1)
    assert torch_ctc.ctc_nll(xp, lp, labels, in_len, tg_len, blank=0) is not NotImplemented
    # torch.func wrappers: the standard path, per-example values
    got = torch.func.vmap(lambda x: portloss.ctc_loss(x, tg, il, tl, reduction="sum"))(
        torch.stack([lp, lp])
    )
    want = portloss.ctc_loss(lp, tg, il, tl, reduction="sum")
    torch.testing.assert_close(got, torch.stack([want, want]))


def test_gradcheck_float64():
    g = torch.Generator().manual_seed(3)
    lp = torch.log_softmax(torch.randn(5, 2, 3, generator=g, dtype=torch.float64), -1)
    x = lp.detach().clone().requires_grad_()
    tg, il, tl = torch.tensor([[1, 2], [2, 2]]), torch.tensor([5, 5]), torch.tensor([2, 2])

    def loss(v):
        return portloss.ctc_loss(v, tg, il, tl, reduction="sum")

    assert torch.isfinite(loss(x))
    assert torch.autograd.gradcheck(loss, (x,))
