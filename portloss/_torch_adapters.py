"""The torch adapters' base class (see :mod:`portloss.torch`); it imports torch.

The adapter classes, one per loss object, are plain code in
``portloss/_generated_torch_adapters.py`` (written by ``tools/generate_objects.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import array_api_compat
import torch

from . import objects
from ._options import is_array


def attribute_name(option: str) -> str:
    """The module attribute of an option: its name, ``_`` appended where the name is one
    of ``torch.nn.Module``'s own attributes (none of today's options is)."""
    return option + "_" if hasattr(torch.nn.Module, option) else option


class LossModule(torch.nn.Module):
    """Base class of the torch adapters: a portloss loss as a ``torch.nn.Module``.

    Parameters
    ----------
    options : mapping of str to object
        The keyword-only options of the loss function (a ``"self"`` entry is ignored);
        tensors (and NumPy arrays) become buffers.
    """

    #: The loss function this class calls, and its signature (from the loss object).
    function: ClassVar[Callable[..., Any]]
    spec: ClassVar[objects.LossSpec]

    def __init_subclass__(cls, *, loss: type[objects.Loss] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if loss is None:  # a subclass of an adapter: the loss is its base's
            return
        cls.spec, cls.function = loss.spec, staticmethod(loss.function)
        cls.__module__ = "portloss.torch"
        arrays = ", ".join(p.name for p in cls.spec.arguments)
        cls.__doc__ = (
            f"torch module of :func:`portloss.{cls.spec.function_name}`: "
            f"``criterion({arrays}, ...)`` returns the function of the arrays with the "
            f"module's options (those of :class:`portloss.objects.{loss.__name__}`); "
            f"tensor options are buffers."
        )

    def __new__(cls, *args: Any, **options: Any) -> Any:
        # Before the generated __init__, so that a wrong keyword's message lists the options.
        if hasattr(cls, "spec"):
            objects.check_names(cls.spec, options, cls.__name__)
        return super().__new__(cls)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        if not hasattr(type(self), "spec"):
            raise TypeError(
                "LossModule is the base class of the torch adapters; build one of "
                "its subclasses, e.g. portloss.torch.CrossEntropyLoss()"
            )
        super().__init__()
        full = objects.check_options(self.spec, options or {}, type(self).__name__)
        for name, value in full.items():
            attr = attribute_name(name)
            if array_api_compat.is_numpy_array(value) and is_array(value):
                value = torch.as_tensor(value)
            if isinstance(value, torch.Tensor) or (value is None and self.spec.maybe_array(name)):
                self.register_buffer(attr, value)
            else:
                setattr(self, attr, value)

    def portloss_options(self) -> dict[str, Any]:
        """The options as they are now (buffers on their current device and dtype)."""
        return {n: getattr(self, attribute_name(n)) for n in self.spec.option_names}

    def forward(self, *arrays: Any, **keywords: Any) -> Any:
        """The loss of the arrays (and ``sample_weight``/``mask``), with the options now."""
        options = self.portloss_options()
        return objects.call_function(self.spec, type(self).__name__, arrays, options, keywords)

    def extra_repr(self) -> str:
        return objects.shown(self.spec, self.portloss_options())


LossModule.__module__ = "portloss.torch"
