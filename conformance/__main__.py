"""``python -m conformance``: run the conformance matrix."""

import sys

from .runner import main

sys.exit(main())
