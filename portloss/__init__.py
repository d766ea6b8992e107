"""portloss: loss functions written once against the Python Array API standard.

Every loss takes arrays from NumPy, CuPy, PyTorch, JAX, Dask or any other Array API
library and returns an array of the same library, on the same device, with the same
numbers as the framework it follows (torch.nn.functional by default).

Each topic module lists its public functions in its own ``__all__``; this package
re-exports them all.
"""

from . import classification, labels
from .classification import *  # noqa: F403
from .labels import *  # noqa: F403

__all__ = sorted(classification.__all__ + labels.__all__)
__version__ = "0.1.0"
