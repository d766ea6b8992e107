"""What the whole-loss delegates of every library share (no library import)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REDUCTIONS = ("none", "mean", "sum")
_UNSET = object()


def at_defaults(options: Mapping[str, Any], defaults: Mapping[str, Any]) -> bool:
    """Whether every passed option is known and at its default (same type and value).

    A delegate lists the options it knows at the value that means the loss' default;
    any other value, and any keyword not listed (an option a loss gains later), sends
    the call to the standard path.
    """
    for key, value in options.items():
        default = defaults.get(key, _UNSET)
        if value is default:
            continue
        if default is _UNSET or type(value) is not type(default) or value != default:
            return False
    return True
