"""The torch adapters (see :mod:`portloss.torch`): imported on first use, it imports torch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import array_api_compat
import torch

from . import objects
from ._options import is_array

__all__ = sorted(["LossModule", *objects.loss_specs()])


def attribute_name(option: str) -> str:
    """The module attribute of an option: its name, with ``_`` appended where the name
    is one of ``torch.nn.Module``'s own attributes (none of today's options is).

    Parameters
    ----------
    option : str
        The option's name.

    Returns
    -------
    str
        The attribute name.
    """
    return option + "_" if hasattr(torch.nn.Module, option) else option


class LossModule(torch.nn.Module):
    """Base class of the torch adapters: a portloss loss as a ``torch.nn.Module``.

    Parameters
    ----------
    **options : object
        The keyword-only options of the loss function; tensors (and NumPy arrays)
        become buffers.
    """

    #: The loss function this class calls, and its signature (from the loss object).
    function: ClassVar[Callable[..., Any]]
    spec: ClassVar[objects.LossSpec]

    def __init_subclass__(cls, *, loss: type[objects.Loss] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if loss is None:  # a subclass of an adapter (Keras makes some): the loss is its base's
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

    def __init__(self, **options: Any) -> None:
        if not hasattr(type(self), "spec"):
            raise TypeError(
                "LossModule is the base class of the torch adapters; build one of "
                "its subclasses, e.g. portloss.torch.CrossEntropyLoss()"
            )
        super().__init__()
        full = objects.check_options(self.spec, options, type(self).__name__)
        for name, value in full.items():
            attr = attribute_name(name)
            if array_api_compat.is_numpy_array(value) and is_array(value):
                value = torch.as_tensor(value)
            if isinstance(value, torch.Tensor) or (value is None and self.spec.maybe_array(name)):
                self.register_buffer(attr, value)
            else:
                setattr(self, attr, value)

    def portloss_options(self) -> dict[str, Any]:
        """The options as they are now (buffers on their current device and dtype).

        Returns
        -------
        dict of str to object
            Every option of the loss, by name.
        """
        return {n: getattr(self, attribute_name(n)) for n in self.spec.option_names}

    def forward(self, *arrays: Any, **keywords: Any) -> Any:
        """The loss of the arrays, with the module's options as they are now.

        Parameters
        ----------
        *arrays : torch.Tensor
            The function's positional arrays.
        **keywords : torch.Tensor
            Its per-batch keywords (``sample_weight``, ``mask``).

        Returns
        -------
        torch.Tensor
            The loss.
        """
        options = self.portloss_options()
        return objects.call_function(self.spec, type(self).__name__, arrays, options, keywords)

    def extra_repr(self) -> str:
        shown = objects.non_default_options(self.spec, self.portloss_options())
        return ", ".join(f"{k}={objects.format_option(v)}" for k, v in shown.items())


LossModule.__module__ = "portloss.torch"
for _loss in objects.Loss.__subclasses__():
    globals()[_loss.__name__] = type(_loss.__name__, (LossModule,), {}, loss=_loss)
