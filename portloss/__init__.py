"""portloss: loss functions written once against the Python Array API standard.

Every loss takes arrays from NumPy, CuPy, PyTorch, JAX, Dask or any other Array API
library and returns an array of the same library, on the same device, with the same
numbers as the framework it follows (torch.nn.functional by default).

Each topic module lists its public functions in its own ``__all__``; this package
re-exports them all.
"""

from . import (
    binary,
    classification,
    divergence,
    embedding,
    focal,
    labels,
    margin,
    regression,
    segmentation,
    sequence,
    vocabulary,
)
from .binary import *  # noqa: F403
from .classification import *  # noqa: F403
from .divergence import *  # noqa: F403
from .embedding import *  # noqa: F403
from .focal import *  # noqa: F403
from .labels import *  # noqa: F403
from .margin import *  # noqa: F403
from .regression import *  # noqa: F403
from .segmentation import *  # noqa: F403
from .sequence import *  # noqa: F403
from .vocabulary import *  # noqa: F403

__all__ = sorted(
    binary.__all__
    + classification.__all__
    + divergence.__all__
    + embedding.__all__
    + focal.__all__
    + labels.__all__
    + margin.__all__
    + regression.__all__
    + segmentation.__all__
    + sequence.__all__
    + vocabulary.__all__
)
# Loss objects are generated from the functions above, so they come after __all__.
from . import objects
from .objects import *  # noqa: F403

__all__ = sorted(__all__ + objects.__all__)
__version__ = "0.1.0"
