"""torchvision's box losses, loaded without torchvision's compiled extension.

``import torchvision`` loads its C++ operators, which fail against this torch build;
the box losses are pure torch. This module loads only ``torchvision/ops/_utils.py``,
``giou_loss.py``, ``diou_loss.py`` and ``ciou_loss.py`` from the installed package, under
a stub package whose ``utils._log_api_usage_once`` does nothing, so the oracles are
torchvision's own code, unmodified.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

__all__ = ["load"]

_STUB = "_portloss_tv_stub"


def _module(name: str, path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load() -> Any:
    """A namespace with torchvision's three box losses, or None where it is not installed."""
    if f"{_STUB}.ops" in sys.modules:
        return sys.modules[f"{_STUB}.ops"]
    spec = importlib.util.find_spec("torchvision")
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent
    package = types.ModuleType(_STUB)
    package.__path__ = []  # a package, so relative imports resolve
    utils = types.ModuleType(f"{_STUB}.utils")
    utils._log_api_usage_once = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    ops = types.ModuleType(f"{_STUB}.ops")
    ops.__path__ = [str(root / "ops")]
    sys.modules.update({_STUB: package, f"{_STUB}.utils": utils, f"{_STUB}.ops": ops})
    _module(f"{_STUB}.ops._utils", root / "ops" / "_utils.py")
    for name, function in (
        ("giou_loss", "generalized_box_iou_loss"),
        ("diou_loss", "distance_box_iou_loss"),
        ("ciou_loss", "complete_box_iou_loss"),
    ):
        module = _module(f"{_STUB}.ops.{name}", root / "ops" / f"{name}.py")
        setattr(ops, function, getattr(module, function))
    ops._diou_iou_loss = sys.modules[f"{_STUB}.ops.diou_loss"]._diou_iou_loss
    return ops
