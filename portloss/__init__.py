"""portloss: loss functions written once against the Python Array API standard.

Every loss takes arrays from NumPy, CuPy, PyTorch, JAX, Dask or any other Array API
library and returns an array of the same library, on the same device, with the same
numbers as the framework it follows (torch.nn.functional by default).

Each topic module lists its public functions in its own ``__all__``; this package
re-exports them all.
"""

from . import (
    binary,
    boxes,
    classification,
    contrastive,
    distillation,
    divergence,
    embedding,
    focal,
    hausdorff,
    image,
    labels,
    margin,
    metric,
    multiclass,
    preference,
    regression,
    robust,
    segmentation,
    sequence,
    vocabulary,
)
from .binary import *  # noqa: F403
from .boxes import *  # noqa: F403
from .classification import *  # noqa: F403
from .contrastive import *  # noqa: F403
from .distillation import *  # noqa: F403
from .divergence import *  # noqa: F403
from .embedding import *  # noqa: F403
from .focal import *  # noqa: F403
from .hausdorff import *  # noqa: F403
from .image import *  # noqa: F403
from .labels import *  # noqa: F403
from .margin import *  # noqa: F403
from .metric import *  # noqa: F403
from .multiclass import *  # noqa: F403
from .preference import *  # noqa: F403
from .regression import *  # noqa: F403
from .robust import *  # noqa: F403
from .segmentation import *  # noqa: F403
from .sequence import *  # noqa: F403
from .vocabulary import *  # noqa: F403

__all__ = sorted(
    binary.__all__
    + boxes.__all__
    + classification.__all__
    + distillation.__all__
    + contrastive.__all__
    + divergence.__all__
    + embedding.__all__
    + focal.__all__
    + hausdorff.__all__
    + image.__all__
    + labels.__all__
    + margin.__all__
    + metric.__all__
    + preference.__all__
    + multiclass.__all__
    + regression.__all__
    + robust.__all__
    + segmentation.__all__
    + sequence.__all__
    + vocabulary.__all__
)
# Loss objects are generated from the functions above, so they come after __all__.
from . import objects
from .objects import *  # noqa: F403

__all__ = sorted(__all__ + objects.__all__)
__version__ = "0.1.0"
