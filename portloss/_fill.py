"""Python-scalar fills for ``where``, with the namespace's answer kept (issue 25).

``_namespace.scalar`` asks ``has_feature`` on every call, which costs about as much
(2 µs) as the ``full_like`` array a scalar fill saves; here the answer is kept per
namespace and declared revision, so a fill costs a dictionary lookup. (For the lead:
``scalar`` itself could keep it, and this module go.)
"""

from __future__ import annotations

from typing import Any

from ._namespace import has_feature, scalar

__all__ = ["fill"]

# (namespace name, declared revision) -> whether where/maximum/minimum take Python
# scalars. Strings, not the namespace module: torch.compile traces a lookup by strings
# (a module key is a graph break). The declared revision too: array-api-strict's is a
# process-wide flag.
_SCALAR_ARGUMENTS: dict[tuple[str, str], bool] = {}


def fill(xp: Any, value: float | int | bool, like: Any) -> Any:
    """``scalar(xp, value, like)``: ``value`` itself where the namespace takes Python
    scalars beside arrays (2024.12 on), else a 0-d array of ``like``'s dtype."""
    name = getattr(xp, "__name__", None)
    if not isinstance(name, str):  # not a module: ask every time
        return scalar(xp, value, like)
    key = (name, str(getattr(xp, "__array_api_version__", "")))
    takes = _SCALAR_ARGUMENTS.get(key)
    if takes is None:
        takes = _SCALAR_ARGUMENTS[key] = has_feature(xp, "scalar arguments")
    return value if takes else scalar(xp, value, like)
