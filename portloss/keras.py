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
  get Keras' own factor ``entries / unmasked``. The loss is evaluated once per call
  (plus, for the first batch of each input rank, once on one sample to learn the
  unreduced loss' rank). Keras has no public API for a tensor's mask: it is read with
  ``keras.src.backend.common.masking.get_keras_mask``, else the ``_keras_mask``
  attribute.
- **Dtypes.** A floating ``y_pred`` or ``y_true`` is cast to the loss' ``dtype``
  (Keras' float policy, float32 by default), as Keras' own losses do; integer targets
  (class indices) keep their dtype.
- **Laziness.** Keras is imported when a class is first used, not when this module is
  imported; set ``KERAS_BACKEND`` before that. When Keras, or the backend it would load
  (``KERAS_BACKEND``, else ``keras.json``), is not installed, using a class raises an
  AttributeError that says so, without importing Keras (a failed Keras import would
  leave it half-imported in the process, and ``hasattr`` probes must survive).
- **Saving.** The classes are registered as Keras serializable (package
  ``"portloss"``) when built, so touch one (e.g. ``portloss.keras.Loss``) before
  ``keras.models.load_model``, or pass ``custom_objects``.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from . import objects as _objects

if TYPE_CHECKING:  # the runtime class is built on first use, when keras is imported
    import keras as _keras

    class Loss(_keras.losses.Loss):
        spec: _objects.LossSpec

        def __init__(
            self, *, name: str | None = None, dtype: Any = None, **options: Any
        ) -> None: ...

        def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any: ...


def _fits_keras(spec: _objects.LossSpec) -> bool:
    return len(spec.arguments) == 2 and spec.required_arrays == 2


_SPECS = {name: spec for name, spec in _objects.loss_specs().items() if _fits_keras(spec)}
__all__ = sorted(["Loss", *_SPECS])
#: Keywords of the Keras constructor, besides the loss options.
KERAS_KEYWORDS = ("name", "dtype")
_ARRAY_TAG = "__portloss_array__"


def __getattr__(name: str) -> Any:
    if name in __all__:
        _check_keras(name)
        _build()
        return globals()[name]
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


def _keras_mask(x: Any) -> Any:
    try:
        from keras.src.backend.common.masking import get_keras_mask
    except ImportError:  # a Keras without it: masks are not read
        return getattr(x, "_keras_mask", None)
    return get_keras_mask(x)


def _build() -> None:
    if "Loss" in globals():
        return
    import keras

    ops = keras.ops

    class Loss(keras.losses.Loss):
        """Base class of the Keras adapters: a portloss loss as a ``keras.losses.Loss``.

        Parameters
        ----------
        name : str, optional
            The Keras name of the loss.
        dtype : str, optional
            The dtype floating arrays are cast to (Keras' float policy by default).
        **options : object
            The keyword-only options of the loss function.
        """

        spec: _objects.LossSpec

        def __init__(self, *, name: str | None = None, dtype: Any = None, **options: Any) -> None:
            if not hasattr(type(self), "spec"):
                raise TypeError(
                    "Loss is the base class of the Keras adapters; build one of its "
                    "subclasses, e.g. portloss.keras.CrossEntropyLoss()"
                )
            options = {k: _decode(v) for k, v in options.items()}
            full = _objects.check_options(self.spec, options, type(self).__name__)
            self.portloss_options = {
                k: ops.convert_to_tensor(v) if _objects.is_array(v) else v for k, v in full.items()
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
            """The unreduced loss (``reduction="none"``), in Keras' argument order.

            Parameters
            ----------
            y_true : array
                The target.
            y_pred : array
                The prediction.

            Returns
            -------
            array
                The per-element loss.
            """
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
                one = (
                    (y_true[:1], y_pred[:1])
                    if len(y_pred.shape) and len(y_true.shape)
                    else (
                        y_true,
                        y_pred,
                    )
                )
                ranks[key] = len(self.call(*one).shape)
            return int(ranks[key])

        def get_config(self) -> dict[str, Any]:
            given = _objects.non_default_options(self.spec, self.portloss_options)
            return {"name": self.name, **{k: _encode(v) for k, v in given.items()}}

        @classmethod
        def from_config(cls, config: dict[str, Any]) -> Any:
            return cls(**config)

        def __repr__(self) -> str:
            shown = _objects.non_default_options(self.spec, self.portloss_options)
            inner = ", ".join(f"{k}={_objects.format_option(v)}" for k, v in shown.items())
            return f"{type(self).__name__}({inner})"

    Loss.__module__ = __name__
    classes: dict[str, Any] = {"Loss": Loss}
    register = keras.saving.register_keras_serializable(package="portloss")
    for spec in _SPECS.values():
        classes[spec.class_name] = register(_make_loss_class(Loss, spec))
    globals().update(classes)


def _to_rank(weight: Any, rank: int) -> Any:
    """``weight`` with trailing axes of size 1 up to ``rank`` (Keras' are per sample)."""
    import keras

    while len(weight.shape) < rank:
        weight = keras.ops.expand_dims(weight, -1)
    return weight


def _encode(value: Any) -> Any:
    """An option for a Keras config (JSON): arrays as nested lists with their dtype."""
    if _objects.is_array(value):
        import keras

        array = keras.ops.convert_to_numpy(value)
        return {_ARRAY_TAG: array.tolist(), "dtype": str(array.dtype)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and _ARRAY_TAG in value:
        import keras

        return keras.ops.convert_to_tensor(value[_ARRAY_TAG], dtype=value["dtype"])
    return value


def _make_loss_class(base: Any, spec: _objects.LossSpec) -> type:
    def __init__(self: Any, *, name: str | None = None, dtype: Any = None, **options: Any) -> None:
        base.__init__(self, name=name, dtype=dtype, **options)

    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    keras_params = [
        inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY, default=None) for k in KERAS_KEYWORDS
    ]
    __init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [self_param, *spec.options, *keras_params], return_annotation=None
    )
    __init__.__qualname__ = f"{spec.class_name}.__init__"
    summary, _, _ = _objects.parse_docstring(spec.function.__doc__)
    doc = (
        f"{summary}\n\nKeras loss of :func:`portloss.{spec.function_name}`: on a batch "
        f"it returns ``portloss.{spec.function_name}(y_pred, y_true, sample_weight="
        f"sample_weight, **options)``; the options are the function's, plus Keras' "
        f"``name`` and ``dtype``.\n"
    )
    return type(base)(
        spec.class_name,
        (base,),
        {
            "__module__": __name__,
            "__qualname__": spec.class_name,
            "__doc__": doc,
            "__init__": __init__,
            "spec": spec,
        },
    )
