"""portloss.keras: the losses as keras.losses.Loss, in model.compile(loss=...).

Keras picks its backend from KERAS_BACKEND when it is first imported, once per process,
so each backend runs in its own subprocess (and this process never imports Keras): a
tiny model fits for a few epochs, its loss goes down, and Keras' loss on a batch equals
portloss' on the same predictions (with and without sample weights, with a mask, after
a save/load round trip).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import portloss.keras as pk
from portloss import objects

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, sys
import numpy as np
import portloss, portloss.keras as pk

lazy = "keras" not in sys.modules
import keras
from keras.src.backend.common.masking import set_keras_mask

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.standard_normal((96, 4)).astype("float32")
y = ((x[:, 0] > 0).astype("int64") + (x[:, 1] > 0.5)).astype("int32")
w = np.array([1.0, 2.0, 0.5], dtype="float32")
out = {"lazy": lazy, "backend": keras.backend.backend()}

loss = pk.CrossEntropyLoss(weight=w, label_smoothing=0.1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
model.compile(optimizer=keras.optimizers.SGD(0.5), loss=loss)
history = model.fit(x, y, epochs=4, batch_size=32, verbose=0, shuffle=False)
out["history"] = history.history["loss"]

pred = np.asarray(keras.ops.convert_to_numpy(model(x)))
out["evaluate"] = model.evaluate(x, y, batch_size=len(x), verbose=0)
out["portloss"] = float(portloss.cross_entropy(pred, y, weight=w, label_smoothing=0.1))
sw = rng.uniform(0.5, 2.0, len(x)).astype("float32")
out["evaluate_sw"] = model.evaluate(x, y, sample_weight=sw, batch_size=len(x), verbose=0)
out["portloss_sw"] = float(
    portloss.cross_entropy(pred, y, weight=w, label_smoothing=0.1, sample_weight=sw)
)
out["direct"] = float(keras.ops.convert_to_numpy(loss(y, model(x))))
out["unreduced"] = np.asarray(keras.ops.convert_to_numpy(loss.call(y, model(x)))).shape

# a Keras mask on y_pred becomes the sample weight (here over (N, T) positions)
p3 = rng.standard_normal((2, 5, 3)).astype("float32")
y3 = rng.integers(0, 3, (2, 5)).astype("int32")
m3 = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 0]], dtype=bool)
p3t = keras.ops.convert_to_tensor(p3)
set_keras_mask(p3t, keras.ops.convert_to_tensor(m3))
out["masked"] = float(keras.ops.convert_to_numpy(pk.CrossEntropyLoss()(y3, p3t)))
out["portloss_masked"] = float(portloss.cross_entropy(p3, y3, sample_weight=m3))

# Embedding(mask_zero=True) masks the padded steps. Keras' own loss and portloss' under
# convention="keras" must give the same mean (over the unmasked steps only), without and
# with sample weights, on one model (the same predictions).
tokens = rng.integers(1, 6, (8, 7)).astype("int32")
tokens[:, 5:] = 0
tokens[0, 2:] = 0
tokens[3, 4:] = 0
seq_y = rng.integers(0, 4, (8, 7)).astype("int32")
# Per-step weights: Keras' own losses cannot broadcast (N,) weights against an (N, T) mask.
seq_sw = rng.uniform(0.5, 2.0, (8, 7)).astype("float32")
seq = keras.Sequential(
    [keras.Input((7,), dtype="int32"), keras.layers.Embedding(6, 4, mask_zero=True),
     keras.layers.Dense(4)]
)
for key, seq_loss in (
    ("keras", keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
    ("portloss", pk.CrossEntropyLoss(convention="keras")),
):
    seq.compile(loss=seq_loss)
    out["seq_" + key] = seq.evaluate(tokens, seq_y, batch_size=8, verbose=0)
    out["seq_sw_" + key] = seq.evaluate(
        tokens, seq_y, sample_weight=seq_sw, batch_size=8, verbose=0
    )
seq_pred = np.asarray(keras.ops.convert_to_numpy(seq(tokens)))
out["seq_unmasked_mean"] = float(np.mean(
    portloss.cross_entropy(seq_pred, seq_y, reduction="none")[tokens != 0]
))
# The float mask mean (dividing by every step) is what a mask must not give.
out["seq_float_mask"] = float(portloss.cross_entropy(
    seq_pred, seq_y, sample_weight=(tokens != 0).astype("float32"), convention="keras"
))

# The loss is evaluated once per call with weights or a mask (after the first batch of a
# kind, which also evaluates one sample to learn the unreduced loss' rank).
import dataclasses

calls = []
spec = pk.CrossEntropyLoss.spec


def counted(*args, **kwargs):
    calls.append(kwargs.get("reduction"))
    return spec.function(*args, **kwargs)


class Counted(pk.CrossEntropyLoss):
    spec = dataclasses.replace(spec, function=counted)


counted_loss = Counted(convention="keras")
p3m = keras.ops.convert_to_tensor(p3)
set_keras_mask(p3m, keras.ops.convert_to_tensor(m3))
sw3 = keras.ops.convert_to_tensor(np.array([1.0, 2.0], dtype="float32"))
counts = {}
for key, kwargs, pred3 in (
    ("sample_weight", {"sample_weight": sw3}, keras.ops.convert_to_tensor(p3)),
    ("mask", {}, p3m),
    ("both", {"sample_weight": sw3}, p3m),
):
    counted_loss(y3, pred3, **kwargs)  # may learn the rank
    calls.clear()
    counted_loss(y3, pred3, **kwargs)
    counts[key] = len(calls)
seq.compile(loss=counted_loss, optimizer="sgd", run_eagerly=True)
seq.fit(tokens, seq_y, batch_size=4, epochs=1, verbose=0, class_weight={0: 1.0, 1: 2.0, 2: 1.0, 3: 0.5})
calls.clear()
seq.fit(tokens, seq_y, batch_size=4, epochs=1, verbose=0, class_weight={0: 1.0, 1: 2.0, 2: 1.0, 3: 0.5})
counts["fit_class_weight"] = len(calls)  # 2 batches
out["counts"] = counts

# reduction="none" cannot be Keras' loss: refused with a message saying what to do.
seq.compile(loss=pk.CrossEntropyLoss(reduction="none"), optimizer="sgd")
try:
    seq.fit(tokens, seq_y, batch_size=4, epochs=1, verbose=0)
except ValueError as exc:
    out["none_error"] = str(exc)

# a regression loss, with float targets
mse = pk.HuberLoss(delta=0.5)
reg = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
reg.compile(optimizer=keras.optimizers.SGD(0.05), loss=mse)
t = (x @ np.array([1.0, -2.0, 0.5, 0.0], dtype="float32"))[:, None]
out["reg_history"] = reg.fit(x, t, epochs=4, batch_size=32, verbose=0).history["loss"]
reg_pred = np.asarray(keras.ops.convert_to_numpy(reg(x)))
out["reg_evaluate"] = reg.evaluate(x, t, batch_size=len(x), verbose=0)
out["reg_portloss"] = float(portloss.huber_loss(reg_pred, t, delta=0.5))

# config round trip and model save / load
config = loss.get_config()
clone = pk.CrossEntropyLoss.from_config(config)
out["config"] = config
out["clone"] = float(keras.ops.convert_to_numpy(clone(y, model(x))))
path = sys.argv[1]
model.save(path)
loaded = keras.models.load_model(path)
out["loaded_type"] = type(loaded.loss).__name__
out["loaded"] = loaded.evaluate(x, y, batch_size=len(x), verbose=0)
print("RESULT " + json.dumps(out))
"""


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_fit_on_backend(backend: str, tmp_path: Path) -> None:
    if not _installed("keras"):
        pytest.skip("keras is not installed")
    if not _installed(backend):
        pytest.skip(f"{backend} is not installed (the Keras {backend} backend needs it)")
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
    env.pop("CUDA_VISIBLE_DEVICES", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "model.keras")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    line = next(s for s in result.stdout.splitlines() if s.startswith("RESULT "))
    out = json.loads(line[len("RESULT ") :])
    close = {"rel": 2e-5, "abs": 1e-6}  # float32
    assert out["lazy"]
    assert out["backend"] == backend
    history = out["history"]
    assert all(b < a for a, b in itertools.pairwise(history)), history
    assert out["evaluate"] == pytest.approx(out["portloss"], **close)
    assert out["evaluate_sw"] == pytest.approx(out["portloss_sw"], **close)
    assert out["evaluate_sw"] != pytest.approx(out["evaluate"], **close)  # weights count
    assert out["direct"] == pytest.approx(out["portloss"], **close)
    assert out["unreduced"] == [96]
    assert out["masked"] == pytest.approx(out["portloss_masked"], **close)
    assert out["seq_portloss"] == pytest.approx(out["seq_keras"], **close)
    assert out["seq_portloss"] == pytest.approx(out["seq_unmasked_mean"], **close)
    assert out["seq_float_mask"] != pytest.approx(out["seq_keras"], **close)
    assert out["seq_sw_portloss"] == pytest.approx(out["seq_sw_keras"], **close)
    assert out["counts"] == {"sample_weight": 1, "mask": 1, "both": 1, "fit_class_weight": 2}
    assert "reduction='none'" in out["none_error"]
    assert "reduction='mean' or 'sum'" in out["none_error"]
    assert out["reg_history"][-1] < out["reg_history"][0], out["reg_history"]
    assert out["reg_evaluate"] == pytest.approx(out["reg_portloss"], **close)
    assert out["config"]["label_smoothing"] == 0.1
    assert out["config"]["weight"]["__portloss_array__"] == [1.0, 2.0, 0.5]
    assert out["clone"] == pytest.approx(out["portloss"], **close)
    assert out["loaded_type"] == "CrossEntropyLoss"
    assert out["loaded"] == pytest.approx(out["portloss"], **close)


def test_classes_for_two_array_losses_only() -> None:
    """Listing the adapters imports no Keras; the three-array losses have none, nor
    those whose second array is optional (Keras always passes y_true)."""
    specs = objects.loss_specs()
    two = {
        name
        for name, spec in specs.items()
        if len(spec.arguments) == 2 and spec.required_arrays == 2
    }
    assert set(pk.__all__) == {"Loss", *two}
    assert "TripletMarginLoss" not in pk.__all__
    assert "CrossEntropyLoss" in pk.__all__
    with pytest.raises(AttributeError, match="TripletMarginLoss"):
        _ = pk.TripletMarginLoss


def test_import_portloss_keras_imports_no_keras() -> None:
    code = (
        "import sys, portloss, portloss.keras as pk\n"
        "names = pk.__all__, dir(pk)\n"
        "print('keras' in sys.modules, 'tensorflow' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_missing_keras_backend_is_a_clear_attribute_error() -> None:
    """Keras is not imported when its backend is missing: probes see no attribute."""
    if _installed("tensorflow"):
        pytest.skip("tensorflow is installed: the 'tensorflow' backend is not missing")
    code = (
        "import sys, portloss.keras as pk\n"
        "assert getattr(pk, 'CrossEntropyLoss', None) is None\n"
        "try:\n"
        "    pk.CrossEntropyLoss\n"
        "except AttributeError as exc:\n"
        "    print(exc)\n"
        "print('keras' in sys.modules)\n"
    )
    env = {**os.environ, "KERAS_BACKEND": "tensorflow", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    message, imported = result.stdout.strip().splitlines()
    assert "Keras would load 'tensorflow'" in message
    assert "set KERAS_BACKEND='jax' or 'torch'" in message
    assert imported == "False"
