"""The shared engines (``portloss/_terms``) and the one-of-each numerics (issue 20).

- ``safe_divide``: the fill where the denominator is 0, no 0/0 computed (NumPy would
  warn, and warnings are errors), and finite gradients there (torch).
- ``class_ramp``: ``0..n-1`` along the axis, with ``x``'s shape and the asked dtype.
- every engine takes the namespace positionally and everything else by keyword.
"""

from __future__ import annotations

import inspect
import math

import array_api_compat.numpy as xnp
import numpy as np
import pytest

from portloss import _primitives
from portloss._terms import ctc, overlap, sigmoid, softmax


@pytest.mark.parametrize("fill", [math.nan, 0.0, 1.0])
def test_safe_divide_fills_where_the_denominator_is_zero(fill: float) -> None:
    num = xnp.asarray([1.0, 2.0, 0.0, -3.0])
    den = xnp.asarray([2.0, 0.0, 0.0, 4.0])
    out = _primitives.safe_divide(xnp, num, den, fill=fill)
    np.testing.assert_array_equal(np.asarray(out), np.asarray([0.5, fill, fill, -0.75]))


def test_safe_divide_gradient_is_finite_at_zero() -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed")
    from array_api_compat import torch as xtorch

    num = torch.tensor([1.0, 0.0, 3.0], dtype=torch.float64, requires_grad=True)
    den = torch.tensor([2.0, 0.0, 0.0], dtype=torch.float64, requires_grad=True)
    out = _primitives.safe_divide(xtorch, num, den, fill=math.nan)
    torch.sum(torch.where(torch.isnan(out), torch.zeros_like(out), out)).backward()
    # d(n/d)/dn = 1/d and d(n/d)/dd = -n/d^2 where d != 0; 0 where the fill was taken.
    np.testing.assert_array_equal(num.grad.numpy(), [0.5, 0.0, 0.0])
    np.testing.assert_array_equal(den.grad.numpy(), [-0.25, 0.0, 0.0])


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_class_ramp_counts_along_the_axis(axis: int) -> None:
    x = xnp.zeros((2, 3, 4), dtype=xnp.float32)
    ramp = _primitives.class_ramp(xnp, x, axis=axis, dtype=xnp.int64)
    shape = [1, 1, 1]
    shape[axis] = x.shape[axis]
    expected = np.broadcast_to(np.arange(x.shape[axis]).reshape(shape), x.shape)
    assert ramp.dtype == np.int64
    np.testing.assert_array_equal(np.asarray(ramp), expected)
    assert _primitives.class_ramp(xnp, x, axis=axis).dtype == np.float32


ENGINES = [
    softmax.smoothing_coefficients,
    softmax.index_terms_from_logits,
    softmax.index_terms_from_log_probs,
    softmax.probability_terms,
    sigmoid.bce_logits_terms,
    overlap.overlap_sums,
    overlap.finish_per_class,
    overlap.tversky_index,
    ctc.ctc_forward,
]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda f: f.__qualname__)
def test_engines_are_keyword_only(engine: object) -> None:
    params = list(inspect.signature(engine).parameters.values())  # type: ignore[arg-type]
    positional = [p for p in params if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    assert len(positional) <= 1, f"{engine} takes {[p.name for p in positional]} by position"
    assert all(p.kind is inspect.Parameter.POSITIONAL_ONLY for p in positional)


def test_logits_and_log_probs_engines_agree() -> None:
    # The two index engines differ only in what their array means: logits, whose
    # log-softmax is taken inside, or log-probabilities taken as given.
    rng = np.random.default_rng(0)
    x = xnp.asarray(rng.normal(size=(5, 4)))
    t = xnp.asarray([0, 3, -100, 2, 1])
    logp = x - np.log(np.sum(np.exp(x), axis=-1, keepdims=True))
    for keep, off in ((1.0, 0.0), (0.9, 0.025)):
        kw = dict(target=t, weight=None, ignore_index=-100, keep=keep, off=off, axis=-1)
        a = softmax.index_terms_from_logits(xnp, logits=x, mode="per_class", **kw)
        b = softmax.index_terms_from_log_probs(xnp, log_probs=logp, mode="per_class", **kw)
        np.testing.assert_allclose(np.asarray(a[0]), np.asarray(b[0]), rtol=1e-12)
        np.testing.assert_array_equal(np.asarray(a[1]), np.asarray(b[1]))
