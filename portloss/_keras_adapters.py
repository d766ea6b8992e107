"""The Keras adapters' base class (see :mod:`portloss.keras`); it imports Keras.

The adapter classes, one per loss object of two arrays, are plain code in
``portloss/_generated_keras_adapters.py`` (written by ``tools/generate_objects.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import keras

from . import objects
from ._options import is_array

ops = keras.ops
_ARRAY_TAG = "__portloss_array__"
_register = keras.saving.register_keras_serializable(package="portloss")


def _keras_mask(x: Any) -> Any:
    # Keras 3 (3.15) has no public reader of a tensor's mask: its private one, else the
    # attribute it sets on tensors.
    try:
        from keras.src.backend.common.masking import get_keras_mask
    except ImportError:
        return getattr(x, "_keras_mask", None)
    return get_keras_mask(x)


class Loss(keras.losses.Loss):
    """Base class of the Keras adapters: a portloss loss as a ``keras.losses.Loss``.

    Parameters
    ----------
    options : mapping of str to object
        The keyword-only options of the loss function, and Keras' ``name`` (of the
        loss) and ``dtype`` (floating arrays are cast to it; Keras' float policy by
        default); a ``"self"`` entry is ignored.
    """

    #: The loss function this class calls, and its signature (from the loss object).
    function: ClassVar[Any]
    spec: ClassVar[objects.LossSpec]

    def __init_subclass__(cls, *, loss: type[objects.Loss] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if loss is None:  # a subclass of an adapter: the loss is its base's
            return
        cls.spec, cls.function = loss.spec, staticmethod(loss.function)
        cls.__module__ = "portloss.keras"
        fname = cls.spec.function_name
        cls.__doc__ = (
            f"Keras loss of :func:`portloss.{fname}`: on a batch it returns "
            f"``portloss.{fname}(y_pred, y_true, sample_weight=sample_weight, **options)``; "
            f"the options are those of :class:`portloss.objects.{loss.__name__}`, plus "
            f"Keras' ``name`` and ``dtype``."
        )

    def __new__(cls, *args: Any, **options: Any) -> Any:
        # Before the generated __init__, so that a wrong keyword's message lists the options.
        if hasattr(cls, "spec"):
            given = {k: v for k, v in options.items() if k not in ("name", "dtype")}
            objects.check_names(cls.spec, given, cls.__name__)
        return super().__new__(cls)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        if not hasattr(type(self), "spec"):
            raise TypeError(
                "Loss is the base class of the Keras adapters; build one of its "
                "subclasses, e.g. portloss.keras.CrossEntropyLoss()"
            )
        options = {k: _decode(v) for k, v in (options or {}).items() if k != "self"}
        name, dtype = options.pop("name", None), options.pop("dtype", None)
        full = objects.check_options(self.spec, options, type(self).__name__)
        self.portloss_options = {
            k: ops.convert_to_tensor(v) if is_array(v) else v for k, v in full.items()
        }
        super().__init__(name=name, reduction=None, dtype=dtype)

    def _arrays(self, y_true: Any, y_pred: Any) -> tuple[Any, Any]:
        y_pred = ops.convert_to_tensor(y_pred)
        y_true = ops.convert_to_tensor(y_true)
        if keras.backend.is_float_dtype(y_pred.dtype):
            y_pred = ops.cast(y_pred, self.dtype)
        if keras.backend.is_float_dtype(y_true.dtype):
            y_true = ops.cast(y_true, self.dtype)
        return y_true, y_pred

    def call(self, y_true: Any, y_pred: Any) -> Any:
        """The unreduced loss (``reduction="none"``), in Keras' argument order."""
        y_true, y_pred = self._arrays(y_true, y_pred)
        options = dict(self.portloss_options)
        if "reduction" in options:
            options["reduction"] = "none"
        return self.spec.function(y_pred, y_true, **options)

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        reduction = self.portloss_options.get("reduction")
        if reduction == "none":
            raise ValueError(
                f"{type(self).__name__}(reduction='none') returns one loss per entry, "
                "but Keras (model.fit, evaluate, calling the loss) needs the scalar "
                "loss of the batch; pass reduction='mean' or 'sum', and use "
                "criterion.call(y_true, y_pred) for the unreduced loss"
            )
        mask = _keras_mask(y_pred)
        y_true, y_pred = self._arrays(y_true, y_pred)
        if mask is None and sample_weight is None:
            return self.spec.function(y_pred, y_true, **self.portloss_options)
        if not any(p.name == "sample_weight" for p in self.spec.call_keywords):
            raise TypeError(
                f"{type(self).__name__}: portloss.{self.spec.function_name} takes "
                "no sample_weight; fit without sample_weight / class_weight / a mask"
            )
        rank = self._loss_rank(y_true, y_pred)
        weight = None
        if sample_weight is not None:
            weight = _to_rank(ops.cast(ops.convert_to_tensor(sample_weight), self.dtype), rank)
        if mask is not None:
            mask = _to_rank(ops.cast(ops.convert_to_tensor(mask), "bool"), rank)
            if weight is None:
                # A boolean sample_weight is portloss' mask: masked entries leave the
                # loss and the mean's count (Keras' mean divides by unmasked entries).
                weight = mask
            elif reduction == "mean":
                # Weights and a mask: Keras' own arithmetic (keras.losses.Loss) gives
                # each unmasked entry the weight total / unmasked, so that a mean over
                # every entry is the mean over the unmasked ones. Exact for portloss'
                # means too: a "weights" mean cancels the factor, and a "count" mean
                # divides by every entry (when no target is ignored).
                maskf = ops.cast(mask, self.dtype)
                total = ops.cast(ops.size(maskf), self.dtype)
                unmasked = ops.sum(maskf)
                weight = weight * maskf * ops.divide_no_nan(total, unmasked)
            else:
                weight = weight * ops.cast(mask, self.dtype)
        return self.spec.function(y_pred, y_true, **self.portloss_options, sample_weight=weight)

    def _loss_rank(self, y_true: Any, y_pred: Any) -> int:
        """The rank of the unreduced loss, learned once per rank and dtype of the inputs.

        Keras' weights and masks have the batch's leading axes only and need trailing
        axes of size 1 to broadcast against the unreduced loss. Its rank depends on
        the loss and its options (class axis, probability targets, ``batch`` ...),
        so it is read from one unreduced evaluation of the first sample of the first
        batch of each kind; every other call evaluates the loss once.
        """
        key = (len(y_true.shape), len(y_pred.shape), str(y_true.dtype), str(y_pred.dtype))
        ranks = self.__dict__.setdefault("_portloss_ranks", {})
        if key not in ranks:
            batched = len(y_pred.shape) and len(y_true.shape)
            one = (y_true[:1], y_pred[:1]) if batched else (y_true, y_pred)
            ranks[key] = len(self.call(*one).shape)
        return int(ranks[key])

    def get_config(self) -> dict[str, Any]:
        given = objects.non_default_options(self.spec, self.portloss_options)
        return {"name": self.name, **{k: _encode(v) for k, v in given.items()}}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({objects.shown(self.spec, self.portloss_options)})"


def _to_rank(weight: Any, rank: int) -> Any:
    """``weight`` with trailing axes of size 1 up to ``rank`` (Keras' are per sample)."""
    while len(weight.shape) < rank:
        weight = keras.ops.expand_dims(weight, -1)
    return weight


def _encode(value: Any) -> Any:
    """An option for a Keras config (JSON): arrays as nested lists with their dtype."""
    if is_array(value):
        array = keras.ops.convert_to_numpy(value)
        return {_ARRAY_TAG: array.tolist(), "dtype": str(array.dtype)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and _ARRAY_TAG in value:
        return keras.ops.convert_to_tensor(value[_ARRAY_TAG], dtype=value["dtype"])
    return value


Loss.__module__ = "portloss.keras"
