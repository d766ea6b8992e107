"""Argument validation shared by every loss.

Checks look at shapes, dtypes and Python options only, never at array values, so they
cost nothing on device or lazy arrays and keep losses jit-able. The one exception,
``check_index_range``, reads values only for NumPy arrays, which live on the host.
Messages name the argument, what was expected, what was received and, where there is
one, the fix.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any, get_args

from ._backends import host_values
from ._namespace import compute_dtype, to_dtype
from ._typing import Reduction

__all__ = [
    "check_axis",
    "check_class_axes",
    "check_class_weight",
    "check_embeddings",
    "check_index_range",
    "check_integer",
    "check_real_floating",
    "check_reduction",
    "check_sample_weight",
    "check_summed_axes",
    "check_unit_interval",
    "check_where",
    "class_target_form",
    "elementwise_pair",
    "unreduced_shape",
]

#: Every loss' reductions (torch's three and Keras' two names of a mean).
REDUCTIONS: tuple[str, ...] = get_args(Reduction)


def check_reduction(reduction: Any, allowed: Sequence[str] = REDUCTIONS) -> Any:
    if not isinstance(reduction, str) or reduction not in allowed:
        expected = " | ".join(repr(r) for r in allowed)
        raise ValueError(f"reduction must be one of {expected}, got {reduction!r}")
    return reduction


def check_unit_interval(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1], got {type(value).__name__}")
    number = float(value)
    if not 0.0 <= number <= 1.0:  # also rejects NaN
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")
    return number


def check_integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    return int(value)


def check_axis(axis: Any, ndim: int, *, name: str = "axis", of: str = "input") -> int:
    """Normalize ``axis`` against an array of ``ndim`` dimensions to a non-negative int."""
    axis = check_integer(name, axis)
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"{name}={axis} is out of range for {of} with {ndim} dimension(s); "
            f"expected an int in [{-ndim}, {ndim - 1}]"
        )
    return axis % ndim


def check_class_axes(axis: Any) -> Any:
    """``axis``: an int, or a non-empty tuple of ints (optax's class or feature axes)."""
    if isinstance(axis, tuple):
        if not axis or not all(
            isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axis
        ):
            raise TypeError(f"axis must be an int or a non-empty tuple of ints, got {axis!r}")
        return axis
    return check_integer("axis", axis)


def check_summed_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (an int or optax's tuple) as distinct non-negative axes of ``ndim``."""
    axis = check_class_axes(axis)
    axes = tuple(check_axis(a, ndim) for a in (axis if isinstance(axis, tuple) else (axis,)))
    if len(set(axes)) != len(axes):
        raise ValueError(f"axis must name distinct axes, got {axis!r}")
    return axes


def check_where(xp: Any, where: Any, input: Any, axes: tuple[int, ...]) -> Any:
    """optax's ``where``: a boolean mask broadcast to ``input``'s shape.

    A mask with the unreduced loss' shape (``input`` without ``axes``) that does not
    broadcast to ``input`` as it is, is a per-entry mask: it gains the ``axes``.
    """
    if not xp.isdtype(where.dtype, "bool"):
        raise TypeError(f"where must be a boolean array, got dtype {where.dtype}")
    shape = tuple(input.shape)
    loss_shape = tuple(n for a, n in enumerate(shape) if a not in axes)
    if tuple(where.shape) == loss_shape and not _broadcasts(tuple(where.shape), shape):
        for a in sorted(axes):
            where = xp.expand_dims(where, axis=a)
    check_broadcast_weight(xp, "where", where, shape)
    return xp.broadcast_to(where, shape)


def _broadcasts(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    """Whether ``shape`` broadcasts to ``target`` (trailing dimensions aligned)."""
    return len(shape) <= len(target) and all(
        m in (1, n) for m, n in zip(reversed(shape), reversed(target))
    )


def check_real_floating(xp: Any, name: str, x: Any) -> None:
    if not xp.isdtype(x.dtype, "real floating"):
        raise TypeError(f"{name} must have a real floating dtype, got {x.dtype}")


def check_embeddings(xp: Any, name: str, x: Any) -> None:
    """A real floating matrix of row vectors, shape ``(N, D)``."""
    check_real_floating(xp, name, x)
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (N, D), got shape {tuple(x.shape)}")


def class_target_form(
    xp: Any, input: Any, target: Any, axis: int, *, allow_probabilities: bool = True
) -> str:
    """Tell whether ``target`` holds class indices or class probabilities for ``input``.

    Index targets are integer and have ``input``'s shape without the class axis;
    probability targets are floating and have ``input``'s shape. Anything else raises,
    saying which form was expected and, for a misplaced class axis, which ``axis`` fits.
    """
    in_shape, t_shape = tuple(input.shape), tuple(target.shape)
    index_shape = in_shape[:axis] + in_shape[axis + 1 :]
    # The accepted cases first: the messages below are built only for an error.
    integral = xp.isdtype(target.dtype, "integral")
    if integral and t_shape == index_shape:
        if in_shape[axis] == 0 and 0 not in t_shape:
            raise ValueError(
                f"input must have at least one class along axis {axis} for class-index "
                f"targets, got shape {in_shape}"
            )
        return "index"
    if allow_probabilities and t_shape == in_shape and xp.isdtype(target.dtype, "real floating"):
        return "probability"
    index_form = f"class indices of shape {index_shape} with an integer dtype"
    prob_form = f"class probabilities of shape {in_shape} with a real floating dtype"
    expected = f"{index_form} or {prob_form}" if allow_probabilities else index_form
    got = f"got shape {t_shape} and dtype {target.dtype}"

    if xp.isdtype(target.dtype, "integral"):
        if t_shape == index_shape:
            return "index"
        raise ValueError(f"target must be {index_form}, {got}{_axis_hint(in_shape, t_shape, axis)}")
    if not xp.isdtype(target.dtype, "real floating"):
        raise TypeError(f"target must be {expected}, {got}")
    if t_shape == in_shape:
        if allow_probabilities:
            return "probability"
        raise ValueError(
            f"target must be {index_form}; this loss takes no class probabilities, {got}"
        )
    if t_shape == index_shape:
        raise TypeError(
            f"target must be {index_form}, {got}; cast the class indices to an integer dtype"
        )
    raise ValueError(f"target must be {expected}, {got}{_axis_hint(in_shape, t_shape, axis)}")


def _axis_hint(in_shape: tuple[int, ...], t_shape: tuple[int, ...], axis: int) -> str:
    fits = [a for a in range(len(in_shape)) if in_shape[:a] + in_shape[a + 1 :] == t_shape]
    if not fits:
        return ""
    return f", but input of shape {in_shape} has its class axis at {axis}; pass axis={fits[0]}"


def check_index_range(xp: Any, target: Any, num_classes: int, ignore_index: int) -> None:
    """Raise for class indices outside ``[0, num_classes)`` that are not ``ignore_index``.

    Only NumPy arrays are inspected: reading values of device, lazy or traced arrays
    would force a host sync, so there an out-of-range target yields NaN instead.
    """
    if not host_values(target):
        return
    bad = (target < 0) | (target >= num_classes)
    bad &= target != ignore_index
    if bad.any():
        first = target[bad].flat[0]
        raise ValueError(
            f"target must hold class indices in [0, {num_classes}) or "
            f"ignore_index={ignore_index}, got {first}"
        )


def check_class_weight(xp: Any, weight: Any, num_classes: int) -> None:
    if weight is None:
        return
    if not xp.isdtype(weight.dtype, ("real floating", "integral")):
        raise TypeError(f"weight must have a real dtype, got {weight.dtype}")
    if tuple(weight.shape) != (num_classes,):
        raise ValueError(
            f"weight must have shape ({num_classes},), one entry per class, "
            f"got shape {tuple(weight.shape)}"
        )


def check_sample_weight(
    xp: Any,
    sample_weight: Any,
    loss_shape: tuple[int, ...],
    *,
    conv: Any = None,
    elementwise: bool = False,
) -> None:
    """``sample_weight`` must broadcast to the unreduced loss without changing its shape.

    ``loss_shape`` is the shape of the per-element loss; with ``conv`` (a resolved
    :class:`~portloss.conventions.Convention`) and ``elementwise``, a ``last_axis="mean"``
    convention drops its last axis first (Keras' per-sample loss). Dimensions are
    matched one to one (size 1 broadcasts). A weight with fewer dimensions is aligned
    from the left under ``sample_weight_alignment="left"`` (Keras) and refused
    otherwise, rather than right-aligned, which would silently pair a per-sample
    weight of shape ``(N,)`` with a spatial axis.
    """
    if sample_weight is None:
        return
    if not xp.isdtype(sample_weight.dtype, ("real floating", "integral", "bool")):
        raise TypeError(f"sample_weight must have a real or bool dtype, got {sample_weight.dtype}")
    loss_shape = unreduced_shape(loss_shape, conv, elementwise)
    shape = tuple(sample_weight.shape)
    if conv is not None and conv.sample_weight_alignment == "left" and len(shape) < len(loss_shape):
        shape = shape + (1,) * (len(loss_shape) - len(shape))
    ok = shape == () or (
        len(shape) == len(loss_shape) and all(s == 1 or s == n for s, n in zip(shape, loss_shape))
    )
    if not ok:
        shape = tuple(sample_weight.shape)
        hint = ""
        if len(shape) < len(loss_shape) and shape == tuple(loss_shape[: len(shape)]):
            padded = shape + (1,) * (len(loss_shape) - len(shape))
            hint = (
                f"; for a per-sample weight reshape it to {padded} "
                f"(or pass convention='keras', which aligns it from the left)"
            )
        raise ValueError(
            f"sample_weight must broadcast to the unreduced loss of shape "
            f"{tuple(loss_shape)} (same number of dimensions, each of size 1 or equal), "
            f"got shape {shape}{hint}"
        )


def unreduced_shape(loss_shape: tuple[int, ...], conv: Any, elementwise: bool) -> tuple[int, ...]:
    """The unreduced loss' shape: ``loss_shape``, less its last axis where an elementwise
    loss averages over it (``last_axis="mean"``, Keras)."""
    loss_shape = tuple(loss_shape)
    if elementwise and conv is not None and conv.last_axis == "mean" and loss_shape:
        return loss_shape[:-1]
    return loss_shape


# Appended for the regression, divergence and embedding losses (issue 6).
__all__ += ["check_bool_option", "check_positive_real"]


def check_bool_option(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return value


def check_positive_real(
    name: str, value: Any, *, allow_zero: bool = False, allow_inf: bool = False
) -> float:
    """A real Python number ``> 0`` (``>= 0`` with ``allow_zero``), finite unless ``allow_inf``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    ok = value >= 0.0 if allow_zero else value > 0.0  # also rejects NaN
    if not ok or (value == float("inf") and not allow_inf):
        expected = ">= 0" if allow_zero else "> 0"
        finite = "" if allow_inf else " and finite"
        raise ValueError(f"{name} must be {expected}{finite}, got {value!r}")
    return value


# Appended for the binary, focal and margin losses (issue 5).
__all__ += [
    "check_broadcast_weight",
    "check_probability_values",
    "check_real_option",
    "check_same_shape",
]


def check_real_option(
    name: str, value: Any, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    """A finite real Python number (not bool) in ``[minimum, maximum]``, as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):  # NaN and +-inf: no loss is defined by them
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    low = -float("inf") if minimum is None else minimum
    high = float("inf") if maximum is None else maximum
    if not low <= value <= high:
        if maximum is None:
            expected = f">= {minimum}"
        elif minimum is None:
            expected = f"<= {maximum}"
        else:
            expected = f"in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return value


def check_broadcast_weight(
    xp: Any, name: str, weight: Any, shape: tuple[int, ...], *, of: str = "input"
) -> None:
    """An elementwise weight must broadcast to ``shape`` (right-aligned) without changing it.

    This is NumPy / torch broadcasting (trailing dimensions aligned, size 1 broadcasts,
    missing leading dimensions added), minus the case where the weight would enlarge
    the result: a weight of shape ``(C,)`` fits an ``(N, C)`` input, one of shape
    ``(2, N, C)`` does not.
    """
    if weight is None:
        return
    if not xp.isdtype(weight.dtype, ("real floating", "integral", "bool")):
        raise TypeError(f"{name} must have a real dtype, got {weight.dtype}")
    w_shape, shape = tuple(weight.shape), tuple(shape)
    ok = len(w_shape) <= len(shape) and all(
        w == 1 or w == s for w, s in zip(reversed(w_shape), reversed(shape))
    )
    if not ok:
        raise ValueError(
            f"{name} must broadcast to {of}'s shape {shape} without changing it "
            f"(trailing dimensions aligned, each of size 1 or equal), got shape {w_shape}"
        )


def check_same_shape(name: str, x: Any, other_name: str, other: Any) -> None:
    """``x`` must have exactly ``other``'s shape (nothing is broadcast silently)."""
    if tuple(x.shape) != tuple(other.shape):
        raise ValueError(
            f"{name} must have the shape of {other_name}, {tuple(other.shape)}, got "
            f"shape {tuple(x.shape)}; reshape it (no silent broadcasting)"
        )


def elementwise_pair(
    xp: Any, input: Any, target: Any, /, *, bool_target: bool = True
) -> tuple[Any, Any]:
    """Check an elementwise loss's ``input`` and ``target``; return both in the compute dtype.

    ``input`` must be real floating; ``target`` real (or bool, with ``bool_target``)
    with exactly ``input``'s shape.
    """
    check_real_floating(xp, "input", input)
    kinds = ("real floating", "integral", "bool") if bool_target else ("real floating", "integral")
    if not xp.isdtype(target.dtype, kinds):
        expected = "a real or bool dtype" if bool_target else "a real floating or integer dtype"
        raise TypeError(f"target must have {expected}, got {target.dtype}")
    check_same_shape("target", target, "input", input)
    dtype = compute_dtype(xp, input.dtype)
    return to_dtype(xp, input, dtype), to_dtype(xp, target, dtype)


def check_probability_values(xp: Any, name: str, x: Any) -> None:
    """Raise for entries of ``x`` outside ``[0, 1]``; NumPy arrays only (no host sync).

    Elsewhere an out-of-range probability gives NaN in the loss.
    """
    if not host_values(x):
        return
    bad = ~((x >= 0) & (x <= 1))
    if bad.any():
        first = x[bad].flat[0]
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got {first}; "
            f"for logits use the *_with_logits / from_logits form"
        )


def check_binary_labels(xp: Any, name: str, target: Any, ignore_index: int | None) -> None:
    """Raise for entries of ``target`` outside ``[0, 1]`` that are not ``ignore_index``.

    Binary and soft labels, and the masks of the overlap losses (``ignore_index=None``:
    nothing is exempt). NumPy arrays only (no host sync); elsewhere such a label gives
    NaN in the loss.
    """
    if not host_values(target) or target.dtype == bool:
        return
    bad = (target < 0) | (target > 1)  # a NaN label passes: it gives a NaN loss
    if ignore_index is not None:
        bad &= target != ignore_index
    if bad.any():
        first = target[bad].flat[0]
        ignored = "" if ignore_index is None else f" or ignore_index={ignore_index}"
        hint = ""
        if first == 255:
            hint = "; a {0, 255} image mask must be divided by 255 (or compared with 0) first"
        raise ValueError(f"{name} must hold labels in [0, 1]{ignored}, got {first}{hint}")


# Shared by the softmax cross entropy losses (classification and focal; issue 20).
__all__ += ["check_class_inputs"]


def check_class_inputs(
    xp: Any,
    input: Any,
    target: Any,
    *,
    axis: Any,
    weight: Any,
    sample_weight: Any,
    ignore_index: int,
) -> tuple[int, str, int]:
    """Check logits, target, class weight and sample weight of a softmax cross entropy.

    Returns the normalized class ``axis``, the target's form (``"index"`` or
    ``"probability"``) and the number of classes. Class indices are range-checked
    separately, by ``check_index_range``, once every option is known to be valid.
    """
    check_real_floating(xp, "input", input)
    axis = check_axis(axis, input.ndim)
    form = class_target_form(xp, input, target, axis)
    num_classes = input.shape[axis]
    check_class_weight(xp, weight, num_classes)
    loss_shape = tuple(input.shape[:axis]) + tuple(input.shape[axis + 1 :])
    check_sample_weight(xp, sample_weight, loss_shape)
    if form == "probability" and ignore_index != -100:
        raise ValueError(
            f"ignore_index applies to class-index targets only, got ignore_index="
            f"{ignore_index} with class-probability targets of shape {tuple(target.shape)}"
        )
    return axis, form, num_classes
