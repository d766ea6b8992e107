"""Large-vocabulary losses: cross entropy of a linear head without its logits."""

from __future__ import annotations

import math
from typing import Any

from ._backends import delegable, native
from ._backends import device as _device
from ._checks import (
    check_class_weight,
    check_index_range,
    check_integer,
    check_positive_real,
    check_real_floating,
    check_sample_weight,
    check_unit_interval,
)
from ._namespace import array_namespace, compute_dtype, to_dtype
from ._options import loss_options, nonnegative, optional, positive
from ._primitives import as_index, logsumexp, safe_divide, take_weights
from ._reduction import reduce_loss
from ._terms.softmax import linear_row_loss, smoothing_coefficients, softcap_logits
from ._typing import Array, ConventionName, Reduction
from .conventions import resolve_loss_convention

__all__ = ["linear_cross_entropy"]

#: The default chunk holds this fraction of the ``N x V`` logits (6.25%: one
#: ``(rows, V)`` buffer per chunk keeps the peak under a tenth of the logits) ...
CHUNK_FRACTION = 1 / 16
#: ... but at least this many logits (16 MB of float32: small inputs get few,
#: efficient chunks) ...
MIN_CHUNK_SIZE = 1 << 22
#: ... and at most this many (512 MB of float32: beyond a few thousand rows a
#: larger matrix product is no faster).
MAX_CHUNK_SIZE = 1 << 27


def default_chunk_size(rows: int, num_classes: int) -> int:
    """The number of logits a chunk holds when ``chunk_size`` is not given.

    A fixed share of the logits, :data:`CHUNK_FRACTION` of ``rows * num_classes``,
    clipped to ``[MIN_CHUNK_SIZE, MAX_CHUNK_SIZE]``: the memory stays a fixed fraction
    of what the dense loss would hold, and the chunks hold enough rows for the matrix
    products to run at full speed (4096 x 32000: 8.2 M logits, 256 rows per torch
    chunk; 8192 x 128256: 65.7 M, 512 rows).
    """
    share = int(rows * num_classes * CHUNK_FRACTION)
    return min(max(share, MIN_CHUNK_SIZE), MAX_CHUNK_SIZE)


def _check_chunk_size(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"chunk_size must be a positive int or None, got {value!r}")
    return value


@delegable
@loss_options(
    z_loss=nonnegative("z_loss"),
    softcap=optional(positive("softcap")),
    chunk_size=_check_chunk_size,
)
def linear_cross_entropy(
    input: Array,
    linear_weight: Array,
    target: Array,
    /,
    *,
    linear_bias: Array = None,
    weight: Array = None,
    sample_weight: Array = None,
    ignore_index: int = -100,
    reduction: Reduction = "mean",
    convention: ConventionName = "torch",
    label_smoothing: float = 0.0,
    z_loss: float = 0.0,
    softcap: float | None = None,
    chunk_size: int | None = None,
) -> Array:
    r"""Cross entropy of a linear head's logits, computed in chunks without holding them.

    The logits are ``input @ linear_weight.T + linear_bias``.

    The same numbers (and gradients) as ``torch.nn.functional.linear_cross_entropy``
    and as ``cross_entropy(input @ linear_weight.T + linear_bias, target, ...)``, with
    peak extra memory of one chunk of logits instead of all :math:`N \times V` of
    them: a language model's head at 8192 tokens and 128256 classes has 4 GB of
    float32 logits. On PyTorch (autograd) and JAX (``jax.grad``, ``jax.jit``) the
    backward pass recomputes each chunk's logits too, so training holds no
    :math:`(N, V)` array either; elsewhere (NumPy, CuPy, Dask, array-api-strict) the
    forward pass is chunked (evaluation, perplexity). A small PyTorch head (at most
    65536 logits, no bias, class weight, smoothing, z-loss or cap) is computed by
    ``F.cross_entropy(F.linear(input, linear_weight), target)``, whose logits are no
    larger than one chunk; an out-of-range target then raises torch's error.

    Parameters
    ----------
    input : array of shape (..., H)
        Hidden states, real floating; any leading shape.
    linear_weight : array of shape (V, H)
        The head's weight, one row per class.
    target : array of shape (...)
        Class indices, integer dtype, ``input``'s leading shape; entries equal to
        ``ignore_index`` are ignored.
    linear_bias : array of shape (V,), optional
        The head's bias :math:`b`.
    {{weight:class}}
        Per-class weight :math:`w_c`, applied as ``cross_entropy`` does (torch's
        ``per_class`` mode). No gradient flows to it on the chunked backward paths.
    {{sample_weight}}
        Per-token weight :math:`s_n` broadcastable to the target's shape (same number of
        dimensions; bool works as a mask); it scales each token's loss and its share of
        the ``mean`` denominator.
    {{ignore_index}}
    {{reduction}}
    {{convention}}
        The class ``weight`` and the smoothing stay torch's (``per_class``) under
        every convention: only the reduction rules change.
    {{label_smoothing:classes}}
        :math:`a`, spread uniformly over the :math:`V` classes.
    z_loss : float >= 0, default 0.0
        :math:`\zeta`, PaLM's z-loss coefficient: :math:`\zeta \log^2 Z_n` is added to
        each token's loss (ignored tokens excluded, not scaled by class weights).
    softcap : float > 0, optional
        :math:`\kappa`, Gemma 2's soft cap: the logits become
        :math:`\kappa \tanh(z / \kappa)` before the softmax.
    chunk_size : int, optional
        The most logits one chunk holds (rows times classes). The default,
        :func:`default_chunk_size`, is a sixteenth of the :math:`N \times V` logits,
        at least :math:`2^{22}` (16 MB of float32) and at most :math:`2^{27}`.
        PyTorch's chunks hold whole rows (``chunk_size // V`` of them, at least one),
        JAX's whole columns (``chunk_size // (8 N)`` classes; differentiated and reduced:
        ``chunk_size // (2 V)`` whole rows), the standard path rows of at
        most ``chunk_size`` classes. Larger chunks are faster up to a point, and cost
        their size in memory.

    Returns
    -------
    array
        0-d for ``"mean"`` and ``"sum"``, the target's shape for ``"none"``; the dtype
        of ``input``.

    Raises
    ------
    ValueError
        For shapes that do not fit together (naming the argument), an unknown option
        value, a probability target, or a weight with more than two dimensions (torch's
        K-dimensional head is not supported: reshape it to ``(V * d1 ..., H)``).

    Notes
    -----
    With :math:`z_{nv} = \mathrm{cap}(h_n \cdot W_v + b_v)`, :math:`\log Z_n =
    \operatorname{logsumexp}_v z_{nv}`, :math:`k = 1 - a` and :math:`o = a / V`,
    each token's loss is

    .. math::

        \ell_n = k\, w_{y_n} (\log Z_n - z_{n y_n})
               + o \sum_v w_v (\log Z_n - z_{nv}) + \zeta \log^2 Z_n

    and the reduction is ``cross_entropy``'s under the torch convention:
    :math:`\text{mean} = \sum_n s_n \ell_n / \sum_n s_n w_{y_n}` over non-ignored
    tokens (NaN when there are none). :math:`\log Z_n` is accumulated chunk by chunk
    (an online log-sum-exp), and the gradient of a chunk of rows is
    :math:`\partial \ell_n / \partial z_{nv} = p_{nv} (k w_{y_n} + o \sum_u w_u
    + 2 \zeta \log Z_n) - k w_{y_n} [v = y_n] - o w_v`, times
    :math:`1 - (z_{nv}/\kappa)^2` under the cap; the input, weight and bias gradients
    are its products with :math:`W`, :math:`h` and ones. On PyTorch and JAX, when the
    loss is reduced and differentiated, these are computed during the forward pass
    (three matrix products per chunk of rows, the same work as the dense loss).

    Only class-index targets are supported (probability targets are an
    :math:`(N, V)` array themselves); an index outside ``[0, V)`` raises for NumPy
    arrays and gives NaN elsewhere. float16 and bfloat16 are computed in float32.

    Shape
    -----
    - input: :math:`(*, H)`. linear_weight: :math:`(V, H)`. linear_bias, weight:
      :math:`(V)`.
    - target: :math:`(*)`. sample_weight: broadcastable to :math:`(*)`.
    - output: scalar, or :math:`(*)` for ``reduction="none"``.

    Examples
    --------
    >>> import numpy as np
    >>> import portloss
    >>> h = np.array([[1.0, 0.5], [-0.5, 2.0], [0.0, 1.0]])
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0], [0.5, 0.5]])
    >>> y = np.array([0, 1, -100])
    >>> print(f"{portloss.linear_cross_entropy(h, W, y):.6f}")
    0.708881
    >>> print(f"{portloss.cross_entropy(h @ W.T, y):.6f}")
    0.708881
    >>> loss = portloss.linear_cross_entropy(h, W, y, z_loss=1e-4, softcap=30.0,
    ...                                      chunk_size=3)
    >>> print(f"{loss:.6f}")
    0.709879

    See Also
    --------
    portloss.cross_entropy : The same loss from logits.

    References
    ----------
    .. [1] Wijmans et al., "Cut Your Losses in Large-Vocabulary Language Models",
       ICLR 2025. arXiv:2411.09009.
    .. [2] Chowdhery et al., "PaLM: Scaling Language Modeling with Pathways", JMLR
       2023 (the z-loss). arXiv:2204.02311.
    .. [3] Gemma Team, "Gemma 2: Improving Open Language Models at a Practical Size",
       2024 (logit soft-capping). arXiv:2408.00118.
    .. [4] PyTorch, ``torch.nn.functional.linear_cross_entropy`` (2.13 documentation),
       https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.linear_cross_entropy.html
    """
    conv = resolve_loss_convention(convention, reduction)
    label_smoothing = check_unit_interval("label_smoothing", label_smoothing)
    z_loss = check_positive_real("z_loss", z_loss, allow_zero=True)
    softcap = None if softcap is None else check_positive_real("softcap", softcap)
    ignore_index = check_integer("ignore_index", ignore_index)
    # linear_bias by name only when given: array_namespace refuses None for names
    # outside its shared list of optional arrays.
    bias = {} if linear_bias is None else {"linear_bias": linear_bias}
    xp = array_namespace(
        input=input,
        linear_weight=linear_weight,
        target=target,
        weight=weight,
        sample_weight=sample_weight,
        **bias,
    )
    num_classes = _check_shapes(xp, input, linear_weight, target, linear_bias, weight)
    check_sample_weight(xp, sample_weight, tuple(target.shape), conv=conv)
    check_index_range(xp, target, num_classes, ignore_index)
    keep, off = smoothing_coefficients(
        label_smoothing=label_smoothing, variant="uniform", num_classes=num_classes, axis=-1
    )
    dtype = compute_dtype(xp, input.dtype)
    rows = math.prod(target.shape)
    chunk = _check_chunk_size(chunk_size) or default_chunk_size(rows, num_classes)
    h = xp.reshape(to_dtype(xp, input, dtype), (rows, input.shape[-1]))
    W = to_dtype(xp, linear_weight, dtype)
    b = None if linear_bias is None else to_dtype(xp, linear_bias, dtype)
    w = None if weight is None else to_dtype(xp, weight, dtype)
    y = xp.reshape(as_index(xp, target), (rows,))
    valid = y != ignore_index
    safe = xp.clip(y, 0, num_classes - 1)
    # An index outside [0, V) has no loss: NaN rather than a finite wrong number.
    ok = (safe == y) | ~valid
    options = {"keep": keep, "off": off, "z_loss": z_loss, "softcap": softcap, "chunk": chunk}
    share = None if sample_weight is None else _row_share(xp, sample_weight, target, dtype)
    if conv.reduction == "none":
        loss = _row_losses(xp, h, W, b, safe, w, options)
        loss = xp.reshape(xp.where(ok, loss, xp.full_like(loss, xp.nan)), tuple(target.shape))
        valid = xp.reshape(valid, tuple(target.shape))
        return reduce_loss(
            xp, loss, conv=conv, valid=valid, sample_weight=sample_weight, dtype=input.dtype
        )
    mask = sample_weight is not None and xp.isdtype(sample_weight.dtype, "bool")
    out = _reduced(xp, h, W, b, safe, w, valid, ok, share, conv, mask, options)
    return to_dtype(xp, out, input.dtype)


def _check_shapes(
    xp: Any, input: Any, linear_weight: Any, target: Any, linear_bias: Any, weight: Any
) -> int:
    """Raise for shapes and dtypes that do not fit together; return the class count."""
    check_real_floating(xp, "input", input)
    check_real_floating(xp, "linear_weight", linear_weight)
    if input.ndim < 1:
        raise ValueError("input must have shape (..., H) with at least one dimension, got ()")
    if linear_weight.ndim != 2:
        raise ValueError(
            f"linear_weight must have shape (V, H), got shape {tuple(linear_weight.shape)}; "
            "a K-dimensional head (V, d1, ..., H) is not supported: reshape it to "
            "(V * d1 * ..., H) and the target to match"
        )
    num_classes, hidden = linear_weight.shape
    if input.shape[-1] != hidden:
        raise ValueError(
            f"input has {input.shape[-1]} features in its last axis but linear_weight "
            f"has shape {tuple(linear_weight.shape)} (V, H); they must agree"
        )
    if num_classes < 1:
        raise ValueError("linear_weight must have at least one class (row), got 0")
    if not xp.isdtype(target.dtype, "integral"):
        raise TypeError(
            f"target must hold class indices (an integer dtype), got {target.dtype}; "
            "linear_cross_entropy takes no probability targets"
        )
    if tuple(target.shape) != tuple(input.shape[:-1]):
        raise ValueError(
            f"target must have input's leading shape {tuple(input.shape[:-1])}, "
            f"got shape {tuple(target.shape)}"
        )
    if linear_bias is not None:
        check_real_floating(xp, "linear_bias", linear_bias)
        if tuple(linear_bias.shape) != (num_classes,):
            raise ValueError(
                f"linear_bias must have shape ({num_classes},), one entry per class, "
                f"got shape {tuple(linear_bias.shape)}"
            )
    check_class_weight(xp, weight, num_classes)
    return int(num_classes)


def _row_share(xp: Any, sample_weight: Any, target: Any, dtype: Any) -> Any:
    """``sample_weight`` broadcast to the target's shape, one value per row (a
    lower-rank weight, accepted by the Keras convention, aligned from the left)."""
    extra = (1,) * (target.ndim - sample_weight.ndim)
    share = xp.reshape(to_dtype(xp, sample_weight, dtype), (*sample_weight.shape, *extra))
    share = xp.broadcast_to(share, tuple(target.shape))
    return xp.reshape(share, (math.prod(target.shape),))


def _reduced(
    xp: Any,
    h: Any,
    W: Any,
    b: Any,
    safe: Any,
    w: Any,
    valid: Any,
    ok: Any,
    share: Any,
    conv: Any,
    mask: bool,
    options: dict[str, Any],
) -> Any:
    """The ``"sum"`` or ``"mean"`` of the row losses, by ``reduce_loss``'s rules.

    The total is ``sum_n c_n l_n`` with ``c_n = valid_n s_n`` (NaN for an index out of
    range), handed to the backend whole so that PyTorch can compute the gradients
    during the forward pass; the mean divides by ``sum_n valid_n s_n w_{y_n}`` (the
    weights) or by the number of valid rows (the count; a ``mask`` still masks).
    """
    ones = xp.ones(safe.shape, dtype=h.dtype, device=_device(h))
    coef = ones if share is None else share
    coef = xp.where(valid, coef, xp.zeros_like(coef))
    coef = xp.where(ok, coef, xp.full_like(coef, xp.nan))
    impl = native(xp, "linear_cross_entropy")
    total = NotImplemented
    if impl is not None:
        total = impl(xp, h, W, b, safe, w, valid=valid, coef=coef, **options)
    if total is NotImplemented:
        loss = _standard_rows(xp, h, W, b, safe, w, options)
        total = xp.sum(xp.where(valid, coef * loss, xp.zeros_like(loss)))
    if conv.reduction == "sum":
        return total
    by_count = conv.mean_denominator == "count"
    share_of_mean = ones if w is None or by_count else take_weights(xp, w, safe)
    if share is not None and (mask or not by_count):
        share_of_mean = share_of_mean * share
    denominator = xp.sum(xp.where(valid, share_of_mean, xp.zeros_like(share_of_mean)))
    return safe_divide(xp, total, denominator, fill=xp.nan if conv.empty_mean == "nan" else 0.0)


def _row_losses(xp: Any, h: Any, W: Any, b: Any, safe: Any, w: Any, options: Any) -> Any:
    """Each row's loss ``l_n`` (a backend's chunked op where it has one)."""
    impl = native(xp, "linear_cross_entropy")
    if impl is not None:
        loss = impl(xp, h, W, b, safe, w, valid=None, coef=None, **options)
        if loss is not NotImplemented:
            return loss
    return _standard_rows(xp, h, W, b, safe, w, options)


def _standard_rows(xp: Any, h: Any, W: Any, b: Any, safe: Any, w: Any, options: Any) -> Any:
    """The standard path: row losses from tiles of at most ``chunk`` logits.

    A tile is ``rows x cols`` with ``cols = min(V, chunk)``; each row's statistics
    (log-sum-exp, target logit, weighted logit sum) are accumulated over the column
    tiles (an online log-sum-exp), then combined by :func:`linear_row_loss`.
    """
    rows, num_classes = h.shape[0], W.shape[0]
    chunk = options["chunk"]
    cols = min(num_classes, chunk)
    step = max(1, chunk // cols)
    stats: list[tuple[Any, Any, Any]] = []
    for start in range(0, rows, step):
        block = slice(start, min(start + step, rows))
        stats.append(_row_block_stats(xp, h[block, ...], W, b, safe[block], w, cols, options))
    if not stats:  # no rows: the loss of nothing, shape (0,)
        return xp.zeros((0,), dtype=h.dtype, device=_device(h))
    lse, picked, wsum = (
        xp.concat([s[i] for s in stats]) if stats[0][i] is not None else None for i in range(3)
    )
    return linear_row_loss(
        xp,
        lse=lse,
        picked=picked,
        weighted_sum=wsum,
        target_weight=None if w is None else take_weights(xp, w, safe),
        weight_total=num_classes if w is None else xp.sum(w),
        keep=options["keep"],
        off=options["off"],
        z_loss=options["z_loss"],
    )


def _row_block_stats(
    xp: Any, h: Any, W: Any, b: Any, safe: Any, w: Any, cols: int, options: Any
) -> tuple[Any, Any, Any]:
    """``(logsumexp_v z, z_y, sum_v w_v z)`` of a block of rows, over column tiles."""
    num_classes = W.shape[0]
    lse = picked = wsum = None
    target = xp.reshape(safe, (-1, 1))
    for start in range(0, num_classes, cols):
        part = slice(start, min(start + cols, num_classes))
        z = h @ W[part, ...].T
        if b is not None:
            z = z + b[part]
        z = softcap_logits(xp, z, softcap=options["softcap"])
        column = xp.arange(part.start, part.stop, dtype=safe.dtype, device=_device(h))
        hit = xp.sum(xp.where(target == column, z, xp.zeros_like(z)), axis=-1)
        block = logsumexp(xp, z, axis=-1)
        lse = block if lse is None else xp.logaddexp(lse, block)
        picked = hit if picked is None else picked + hit
        if options["off"] > 0.0:
            total = xp.sum(z, axis=-1) if w is None else z @ w[part]
            wsum = total if wsum is None else wsum + total
    return lse, picked, wsum
