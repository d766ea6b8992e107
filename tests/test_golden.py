"""Golden values: numbers from ../shared/reference/golden-values.md, on every backend.

Each number was recomputed with PyTorch 2.13 (the torch column). Inputs are float32 and
compared at rtol=1e-5, as the file prescribes. Section A's paddle / keras columns and
section C's "others" column are convention tests and live elsewhere.
"""

from __future__ import annotations

import numpy as np
import pytest

import portloss

RTOL = 1e-5

A_LOGITS = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
A_TARGETS = [1, 2]
A_WEIGHT = [1.0, 2.0, 3.0]
B_LOGITS = [[1.5, 2.0, 0.5], [1.0, 0.5, 2.5]]
B2_LOGITS = [[2.0, 0.5], [0.5, 2.0]]
PEAKED = [[1.0, 8.0, 1.0], [1.0, 1.0, 8.0]]
PEAKED_LOW = [[0.1, 8.0, 0.1], [0.1, 0.1, 8.0]]
FIVE = [[0, 0.2, 0.7, 0.1, 0], [0, 0.9, 0.2, 0.2, 1], [1, 0.2, 0.7, 0.9, 1]]
D_X = [[0.2, 0.3, 0.4], [-0.02, -0.13, 0.2], [0.5, -0.3, 0.73]]

# id -> (logits, targets, options, expected); options may hold a class "weight" list
CROSS_ENTROPY = {
    # A. torch column
    "A-plain-mean": (A_LOGITS, A_TARGETS, {}, 0.9868951),
    "A-plain-none": (A_LOGITS, A_TARGETS, {"reduction": "none"}, [0.5840635, 1.3897266]),
    "A-smooth-mean": (A_LOGITS, A_TARGETS, {"label_smoothing": 0.1}, 1.0060617),
    "A-smooth-none": (
        A_LOGITS,
        A_TARGETS,
        {"label_smoothing": 0.1, "reduction": "none"},
        [0.6457301, 1.3663933],
    ),
    "A-weights-mean": (A_LOGITS, A_TARGETS, {"weight": A_WEIGHT}, 1.0674614),
    "A-weights-none": (
        A_LOGITS,
        A_TARGETS,
        {"weight": A_WEIGHT, "reduction": "none"},
        [1.1681269, 4.1691799],
    ),
    "A-weights-smooth-mean": (
        A_LOGITS,
        A_TARGETS,
        {"weight": A_WEIGHT, "label_smoothing": 0.1},
        1.0553335,
    ),
    "A-weights-smooth-none": (
        A_LOGITS,
        A_TARGETS,
        {"weight": A_WEIGHT, "label_smoothing": 0.1, "reduction": "none"},
        [1.2931269, 3.9835405],
    ),
    # B.
    "B-mean": (B_LOGITS, [1, 2], {}, 0.45524317),
    "B-weights-mean": (B_LOGITS, [1, 2], {"weight": [0.7, 0.2, 0.1]}, 0.50487226),
    "B-smooth-mean": (B_LOGITS, [1, 2], {"label_smoothing": 0.1}, 0.54690981),
    "B-two-class-mean": (B2_LOGITS, [0, 1], {}, 0.20141333),
    "B-two-class-repeated-mean": (B2_LOGITS * 2, [0, 1, 0, 1], {}, 0.20141333),
    "B-peaked-mean": (PEAKED, [1, 2], {}, 0.0018220623),
    # C. uniform smoothing column
    "C-peaked-0.05": (PEAKED, [1, 2], {"label_smoothing": 0.05}, 0.23515542),
    "C-peaked-low-0.05": (PEAKED_LOW, [1, 2], {"label_smoothing": 0.05}, 0.26407453),
    "C-five-0.3": (FIVE, [2, 1, 0], {"label_smoothing": 0.3}, 1.38828611),
    "C-five-0.5": (FIVE, [2, 1, 0], {"label_smoothing": 0.5}, 1.46695280),
    # D. first row
    "D-cross-entropy-mean": (D_X, [0, 2, 1], {}, 1.3076527),
}


@pytest.mark.parametrize("case", list(CROSS_ENTROPY))
def test_cross_entropy_golden(backend, case):
    logits, targets, options, expected = CROSS_ENTROPY[case]
    options = dict(options)
    if "weight" in options:
        options["weight"] = backend.asarray(np.asarray(options["weight"], dtype=np.float32))
    out = portloss.cross_entropy(
        backend.asarray(np.asarray(logits, dtype=np.float32)),
        backend.asarray(np.asarray(targets, dtype=np.int64)),
        **options,
    )
    assert out.dtype == backend.xp.float32
    got = backend.to_numpy(out)
    assert got.shape == np.shape(expected)
    np.testing.assert_allclose(got, expected, rtol=RTOL)


def test_cross_entropy_golden_one_hot_targets(backend):
    """Section D's first row again, with the one-hot t1 as probability targets."""
    t1 = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=np.float32)
    out = portloss.cross_entropy(
        backend.asarray(np.asarray(D_X, dtype=np.float32)), backend.asarray(t1)
    )
    np.testing.assert_allclose(backend.to_numpy(out), 1.3076527, rtol=RTOL)


def test_nll_loss_golden(backend):
    """Section B: the two-class mean "also equals NLL of log_softmax" (0.20141333)."""
    z = np.asarray(B2_LOGITS, dtype=np.float32)
    log_softmax = z - z.max(axis=1, keepdims=True)
    log_softmax = log_softmax - np.log(np.exp(log_softmax).sum(axis=1, keepdims=True))
    out = portloss.nll_loss(
        backend.asarray(log_softmax.astype(np.float32)), backend.asarray(np.array([0, 1]))
    )
    np.testing.assert_allclose(backend.to_numpy(out), 0.20141333, rtol=RTOL)
