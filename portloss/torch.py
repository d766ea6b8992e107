"""torch adapters: every loss as a ``torch.nn.Module``, its array options as buffers.

``portloss.torch.CrossEntropyLoss(weight=w, label_smoothing=0.1)`` is used as
``torch.nn.CrossEntropyLoss`` is: ``criterion(input, target)`` returns
``portloss.cross_entropy(input, target, weight=w, label_smoothing=0.1)``. One class per
loss of :mod:`portloss.objects`, with the same name, options and validation.

- Array options (``weight``, ``pos_weight``, ...) are registered buffers, so
  ``.to(device)``, ``.half()``, ``state_dict()`` and ``load_state_dict`` treat them as
  for torch's loss modules (NumPy arrays become tensors; an option that may hold an
  array and is ``None`` is a ``None`` buffer, as torch's ``weight``). The other options
  are plain attributes (``criterion.reduction``), read at every call.
- ``sample_weight`` (and ``mask``) are keywords of the call:
  ``criterion(input, target, sample_weight=s)``.
- torch is imported when a class is first used, not when ``portloss`` or this module is
  imported: the classes are plain code in ``portloss._generated_torch_adapters``
  (written by ``tools/generate_objects.py``), imported on first use. Without torch,
  using a class raises an AttributeError that says to install it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from . import objects as _objects

if TYPE_CHECKING:
    from ._generated_torch_adapters import *  # noqa: F403
    from ._torch_adapters import LossModule as LossModule

__all__ = sorted(["LossModule", *_objects.loss_specs()])


def __getattr__(name: str) -> Any:
    if name in __all__:
        if importlib.util.find_spec("torch") is None:
            # An AttributeError, so that hasattr / getattr(..., None) probes survive.
            raise AttributeError(f"portloss.torch.{name} needs torch: pip install torch")
        return getattr(importlib.import_module("portloss._generated_torch_adapters"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
