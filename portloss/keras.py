"""Keras adapters: portloss losses as ``keras.losses.Loss``, for ``model.compile(loss=...)``.

``portloss.keras.CrossEntropyLoss(weight=w, label_smoothing=0.1)`` is a
``keras.losses.Loss`` whose value on a batch is ``portloss.cross_entropy(y_pred, y_true,
weight=w, label_smoothing=0.1, sample_weight=sample_weight)``. One class per loss of
:mod:`portloss.objects` whose function takes two arrays (prediction, then target); the
losses of three arrays (triplets, pairs, Gaussian NLL) do not fit Keras'
``loss(y_true, y_pred)``.

- **Backends.** The arrays Keras hands the loss must be Array API arrays: the JAX and
  torch backends work; TensorFlow tensors are not Array API arrays (portloss raises a
  TypeError naming the argument).
- **Reduction.** portloss reduces, not Keras: the loss returns the scalar of the
  function's own ``reduction`` (default ``"mean"``), so the number is portloss' (torch's
  weighted mean, ``ignore_index``, ``convention``, ...). Keras' ``sample_weight``
  (including what ``fit(class_weight=...)`` makes of it) becomes the function's
  ``sample_weight``, given trailing axes of size 1 to match the unreduced loss: under
  the torch convention a weighted ``mean`` divides by the sum of the weights, where
  Keras' ``"sum_over_batch_size"`` divides by the batch size (``convention="keras"`` or
  ``mean_denominator="count"`` gives Keras' mean for the losses that have those
  knobs). The Keras ``reduction`` argument is not used; ``reduction="none"`` is
  refused when Keras calls the loss (Keras needs a scalar).
- **Masks.** The mask of a masked ``y_pred`` is a boolean ``sample_weight`` (masked
  entries leave the loss and the count of a mean); with weights too, unmasked entries
  get Keras' own factor ``entries / unmasked``. Keras 3 (up to 3.15) has no public API
  for a tensor's mask: it is read with ``keras.src...masking.get_keras_mask``, else the
  ``_keras_mask`` attribute. The loss is evaluated once per call (and once on one sample
  per input rank, to learn the unreduced loss' rank).
- **Dtypes.** A floating ``y_pred`` or ``y_true`` is cast to the loss' ``dtype``
  (Keras' float policy), as Keras' own losses do; integer targets keep their dtype.
- **Laziness.** Keras is imported when a class is first used (the classes are plain
  code in ``portloss._generated_keras_adapters``, written by
  ``tools/generate_objects.py``); set ``KERAS_BACKEND`` before. Without Keras or its
  backend, using a class raises an AttributeError that says so, without importing
  Keras (a failed import would leave it half-imported, and ``hasattr`` must survive).
- **Saving.** The classes are registered as Keras serializable (package
  ``"portloss"``) when built: touch one (e.g. ``portloss.keras.Loss``) before
  ``keras.models.load_model``, or pass ``custom_objects``.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from . import objects as _objects

if TYPE_CHECKING:
    from ._generated_keras_adapters import *  # noqa: F403
    from ._keras_adapters import Loss as Loss


def fits_keras(spec: _objects.LossSpec) -> bool:
    """Whether a loss fits Keras' ``loss(y_true, y_pred)``: two arrays, both required."""
    return len(spec.arguments) == 2 and spec.required_arrays == 2


__all__ = sorted(
    ["Loss", *(name for name, spec in _objects.loss_specs().items() if fits_keras(spec))]
)


def __getattr__(name: str) -> Any:
    if name in __all__:
        _check_keras(name)
        return getattr(importlib.import_module("portloss._generated_keras_adapters"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def keras_backend() -> str:
    """The backend Keras will load: ``KERAS_BACKEND``, else its config file's choice.

    Returns
    -------
    str
        ``"jax"``, ``"torch"``, ``"tensorflow"``, ...; Keras' own when it is imported.
    """
    if "keras" in sys.modules:
        return str(sys.modules["keras"].backend.backend())
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json"), encoding="utf-8") as f:
            return str(json.load(f).get("backend", "tensorflow"))
    except (OSError, ValueError):
        return "tensorflow"


def _check_keras(name: str) -> None:
    """Refuse, without importing Keras, when it or its backend is missing.

    The error is an AttributeError, so that tools probing the module's attributes
    (``getattr(portloss.keras, name, None)``, ``hasattr``) see a missing attribute
    rather than a half-imported Keras, which would stay broken in the process.
    """
    if "keras" in sys.modules:
        return
    if importlib.util.find_spec("keras") is None:
        raise AttributeError(f"portloss.keras.{name} needs Keras 3: pip install 'keras>=3'")
    backend = keras_backend()
    if importlib.util.find_spec(backend) is None:
        raise AttributeError(
            f"portloss.keras.{name} needs Keras with an installed backend, but Keras "
            f"would load {backend!r} (KERAS_BACKEND or keras.json), which is not "
            f"installed; set KERAS_BACKEND='jax' or 'torch' before using portloss.keras"
        )


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
