"""Train a linear classifier with optax and a portloss loss, under ``jax.jit``.

The loss object is a static argument of the jitted step (loss objects are hashable),
so the same step function serves any loss without closing over it:

    python examples/optax_train.py

Three Gaussian blobs in 8 dimensions, a linear model, Adam, label-smoothed cross
entropy; it takes a few seconds, mostly compilation.
"""

from __future__ import annotations

import functools
import time
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from portloss.objects import CrossEntropyLoss, Loss


def make_data(n: int = 512, dim: int = 8, classes: int = 3, seed: int = 0) -> tuple[Any, Any]:
    """Seeded Gaussian blobs: float32 features ``(n, dim)`` and int32 labels ``(n,)``."""
    rng = np.random.default_rng(seed)
    centers = 2.5 * rng.standard_normal((classes, dim))
    labels = rng.integers(0, classes, n)
    features = centers[labels] + rng.standard_normal((n, dim))
    return jnp.asarray(features, dtype=jnp.float32), jnp.asarray(labels, dtype=jnp.int32)


@functools.partial(jax.jit, static_argnums=(0, 1))
def step(
    criterion: Loss,
    optimizer: optax.GradientTransformation,
    params: Any,
    state: Any,
    x: Any,
    y: Any,
) -> tuple[Any, Any, Any]:
    """One optimizer step on the batch; returns the new parameters, state and loss."""

    def objective(p: Any) -> Any:
        return criterion(x @ p["w"] + p["b"], y)

    value, grads = jax.value_and_grad(objective)(params)
    updates, state = optimizer.update(grads, state, params)
    return optax.apply_updates(params, updates), state, value


def train(
    steps: int = 200,
    learning_rate: float = 0.05,
    criterion: Loss | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """Fit the classifier; returns the first and final loss, accuracy and seconds."""
    criterion = CrossEntropyLoss(label_smoothing=0.1) if criterion is None else criterion
    x, y = make_data(seed=seed)
    classes = int(y.max()) + 1
    params = {
        "w": jnp.zeros((x.shape[1], classes), jnp.float32),
        "b": jnp.zeros((classes,), jnp.float32),
    }
    optimizer = optax.adam(learning_rate)
    state = optimizer.init(params)
    start = time.perf_counter()
    losses = []
    for _ in range(steps):
        params, state, value = step(criterion, optimizer, params, state, x, y)
        losses.append(value)
    predicted = jnp.argmax(x @ params["w"] + params["b"], axis=-1)
    return {
        "first_loss": float(losses[0]),
        "final_loss": float(losses[-1]),
        "accuracy": float(jnp.mean(predicted == y)),
        "seconds": time.perf_counter() - start,
    }


if __name__ == "__main__":
    result = train()
    print(
        f"loss {result['first_loss']:.4f} -> {result['final_loss']:.4f}, "
        f"accuracy {result['accuracy']:.3f}, {result['seconds']:.2f} s"
    )
