"""torch adapters: every loss as a ``torch.nn.Module``, its array options as buffers.

``portloss.torch.CrossEntropyLoss(weight=w, label_smoothing=0.1)`` is used as
``torch.nn.CrossEntropyLoss`` is: ``criterion(input, target)`` returns
``portloss.cross_entropy(input, target, weight=w, label_smoothing=0.1)``. One class per
loss of :mod:`portloss.objects`, with the same name, options and validation.

- Array options (``weight``, ``pos_weight``, ...) are registered buffers, so
  ``.to(device)``, ``.half()``, ``.double()``, ``state_dict()`` and ``load_state_dict``
  treat them as for torch's loss modules (NumPy arrays are turned into tensors; an
  option that may hold an array and is ``None`` is a ``None`` buffer, as torch's
  ``weight``). The other options are plain attributes (``criterion.reduction``), read
  at every call.
- ``sample_weight`` (and ``mask``) are keywords of the call:
  ``criterion(input, target, sample_weight=s)``.
- torch is imported when a class is first used (``portloss.torch.CrossEntropyLoss``),
  not when ``portloss`` or this module is imported, so the module imports, and is
  listed, without torch; without torch, using a class raises an AttributeError that
  says to install it.
"""

from __future__ import annotations

import importlib.util
import inspect
from typing import TYPE_CHECKING, Any

import array_api_compat

from . import objects as _objects

if TYPE_CHECKING:  # the runtime class is built on first use, when torch is imported
    import torch as _torch

    class LossModule(_torch.nn.Module):
        spec: _objects.LossSpec

        def __init__(self, **options: Any) -> None: ...

        def forward(self, *arrays: Any, **keywords: Any) -> Any: ...


_SPECS = _objects.loss_specs()
__all__ = sorted(["LossModule", *_SPECS])


def __getattr__(name: str) -> Any:
    if name in __all__:
        if importlib.util.find_spec("torch") is None:
            # An AttributeError, so that hasattr / getattr(..., None) probes survive.
            raise AttributeError(f"portloss.torch.{name} needs torch: pip install torch")
        _build()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    import torch

    return option + "_" if hasattr(torch.nn.Module, option) else option


def _build() -> None:
    if "LossModule" in globals():
        return
    import torch

    class LossModule(torch.nn.Module):
        """Base class of the torch adapters: a portloss loss as a ``torch.nn.Module``.

        Parameters
        ----------
        **options : object
            The keyword-only options of the loss function; tensors (and NumPy arrays)
            become buffers.
        """

        spec: _objects.LossSpec

        def __init__(self, **options: Any) -> None:
            if not hasattr(type(self), "spec"):
                raise TypeError(
                    "LossModule is the base class of the torch adapters; build one of "
                    "its subclasses, e.g. portloss.torch.CrossEntropyLoss()"
                )
            super().__init__()
            full = _objects.check_options(self.spec, options, type(self).__name__)
            for name, value in full.items():
                attr = attribute_name(name)
                if array_api_compat.is_numpy_array(value) and _objects.is_array(value):
                    value = torch.as_tensor(value)
                if isinstance(value, torch.Tensor) or (
                    value is None and self.spec.maybe_array(name)
                ):
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
            return _objects.call_function(
                self.spec, type(self).__name__, arrays, self.portloss_options(), keywords
            )

        def extra_repr(self) -> str:
            shown = _objects.non_default_options(self.spec, self.portloss_options())
            return ", ".join(f"{k}={_objects.format_option(v)}" for k, v in shown.items())

    LossModule.__module__ = __name__
    classes: dict[str, Any] = {"LossModule": LossModule}
    for spec in _SPECS.values():
        classes[spec.class_name] = _make_module_class(LossModule, spec)
    globals().update(classes)


def _make_module_class(base: Any, spec: _objects.LossSpec) -> type:
    def __init__(self: Any, **options: Any) -> None:
        base.__init__(self, **options)

    def forward(self: Any, *arrays: Any, **keywords: Any) -> Any:
        return base.forward(self, *arrays, **keywords)

    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    __init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [self_param, *spec.options], return_annotation=None
    )
    forward.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [self_param, *spec.arguments, *spec.call_keywords],
        return_annotation=spec.function.__annotations__.get("return", "Any"),
    )
    forward.__doc__ = f"Return ``portloss.{spec.function_name}`` of the arrays."
    for method in (__init__, forward):
        method.__qualname__ = f"{spec.class_name}.{method.__name__}"
    return type(base)(
        spec.class_name,
        (base,),
        {
            "__module__": __name__,
            "__qualname__": spec.class_name,
            "__doc__": _module_docstring(spec),
            "__init__": __init__,
            "forward": forward,
            "function": staticmethod(spec.function),
            "spec": spec,
        },
    )


def _module_docstring(spec: _objects.LossSpec) -> str:
    summary, _, sections = _objects.parse_docstring(spec.function.__doc__)
    arrays = ", ".join(p.name for p in spec.arguments)
    call_kw = "".join(f", {p.name}=None" for p in spec.call_keywords)
    lines = [
        summary,
        "",
        f"torch module of :func:`portloss.{spec.function_name}`: "
        f"``criterion({arrays}{call_kw})`` returns the function of the arrays with "
        f"the module's options; tensor options are buffers.",
        "",
        "Parameters",
        "----------",
    ]
    documented = {
        n: (kind, desc)
        for n, kind, desc in _objects.parse_parameters(sections.get("Parameters", ""))
    }
    for param in spec.options:
        kind, desc = documented.get(param.name, ("", [f"    See portloss.{spec.function_name}."]))
        lines += [f"{param.name} : {kind}" if kind else param.name, *desc]
    return "\n".join(lines) + "\n"
