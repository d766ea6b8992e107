"""Write the loss-object classes and their torch and Keras adapters as plain code.

Run ``python tools/generate_objects.py`` after adding a loss or changing a loss'
signature or first docstring line; ``tests/test_objects.py`` fails until the files are
regenerated (``--check`` prints the difference instead of writing). It writes:

- ``portloss/_objects_generated.py``: one :class:`portloss.objects.Loss` subclass per
  loss, ``__init__`` with the function's keyword-only options (annotations, defaults),
  ``__call__`` with its arrays and per-batch keywords (``sample_weight``, ``mask``);
- ``portloss/_generated_torch_adapters.py``: one ``torch.nn.Module`` per loss object;
- ``portloss/_generated_keras_adapters.py``: one ``keras.losses.Loss`` per loss object
  of two arrays (prediction, target).

Which functions are losses: every function of ``portloss.__all__`` with the loss
signature (positional-only arrays, keyword-only options), except the helpers
(:data:`HELPERS`, :data:`HELPER_MODULES`). Class names: torch's where torch has the
loss (:data:`TORCH_NAMES`), else CamelCase ending in ``Loss`` (:func:`class_name`).
Everything the classes share (validation, equality, hashing, pickling, ``replace``)
lives in their hand-written base classes.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "portloss"
sys.path.insert(0, str(ROOT))  # this checkout's portloss, not an installed one

#: Names of ``portloss.__all__`` that are helpers, not losses (no loss object).
HELPERS: frozenset[str] = frozenset(
    {
        "class_weights",
        "ctc_forward_log_probs",
        "one_hot",
        "pairwise_distances",
        "preference_rewards",
        "sequence_log_probs",
        "smooth_labels",
    }
)
#: Modules whose functions are helpers, not losses.
HELPER_MODULES: tuple[str, ...] = ("portloss.labels",)
#: torch's class name for each torch loss, by ``torch.nn.functional`` name.
TORCH_NAMES = MappingProxyType(
    {
        "binary_cross_entropy": "BCELoss",
        "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
        "cosine_embedding_loss": "CosineEmbeddingLoss",
        "cross_entropy": "CrossEntropyLoss",
        "ctc_loss": "CTCLoss",
        "gaussian_nll_loss": "GaussianNLLLoss",
        "hinge_embedding_loss": "HingeEmbeddingLoss",
        "huber_loss": "HuberLoss",
        "kl_div": "KLDivLoss",
        "l1_loss": "L1Loss",
        "linear_cross_entropy": "LinearCrossEntropyLoss",
        "margin_ranking_loss": "MarginRankingLoss",
        "mse_loss": "MSELoss",
        "multi_margin_loss": "MultiMarginLoss",
        "multilabel_margin_loss": "MultiLabelMarginLoss",
        "multilabel_soft_margin_loss": "MultiLabelSoftMarginLoss",
        "nll_loss": "NLLLoss",
        "poisson_nll_loss": "PoissonNLLLoss",
        "smooth_l1_loss": "SmoothL1Loss",
        "soft_margin_loss": "SoftMarginLoss",
        "triplet_margin_loss": "TripletMarginLoss",
        "triplet_margin_with_distance_loss": "TripletMarginWithDistanceLoss",
    }
)


def class_name(function_name: str) -> str:
    """The loss object's class name: torch's, else CamelCase ending in ``Loss``."""
    if function_name in TORCH_NAMES:
        return TORCH_NAMES[function_name]
    parts = [p for p in function_name.split("_") if p]
    if parts and parts[-1] == "loss":
        parts = parts[:-1]
    return "".join(p[:1].upper() + p[1:] for p in parts) + "Loss"


def loss_signature_problem(function: Callable[..., Any]) -> str | None:
    """Why ``function`` does not have the loss signature, or None when it has it."""
    try:
        params = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return "it has no inspectable signature"
    if not params or params[0].kind is not inspect.Parameter.POSITIONAL_ONLY:
        return "it takes no positional-only array"
    odd = [p.name for p in params if p.kind not in (p.POSITIONAL_ONLY, p.KEYWORD_ONLY)]
    if odd:
        return f"its parameters {odd} are neither positional-only arrays nor keyword-only"
    return None


def is_loss(name: str, obj: Any) -> bool:
    """Whether ``portloss.<name>`` is a loss that gets a loss object."""
    if name in HELPERS or not inspect.isfunction(obj):
        return False
    if getattr(obj, "__module__", None) in HELPER_MODULES:
        return False
    return loss_signature_problem(obj) is None


def losses() -> dict[str, Callable[..., Any]]:
    """Every public loss of ``portloss.__all__``, by class name, in name order."""
    package = importlib.import_module("portloss")
    found: dict[str, Callable[..., Any]] = {}
    for name in sorted(package.__all__):
        obj = getattr(package, name)
        if not is_loss(name, obj):
            continue
        cname = class_name(name)
        if cname in found:
            raise ImportError(f"{name} and {found[cname].__name__} would both be {cname}")
        found[cname] = obj
    return found


# --------------------------------------------------------------------- the sources


def _by_convention(spec: Any) -> dict[str, dict[str, Any]]:
    """``{option: {convention: default}}`` of the options whose default depends on it."""
    table = getattr(spec.function, "__portloss_convention_defaults__", {})
    found: dict[str, dict[str, Any]] = {}
    for convention, defaults in table.items():
        for name, value in defaults.items():
            found.setdefault(name, {})[convention] = value
    return found


def _param(p: inspect.Parameter, spec: Any) -> str:
    text = p.name if p.annotation is p.empty else f"{p.name}: {p.annotation}"
    if p.name in _by_convention(spec):
        return f"{text} = CONVENTION_DEFAULT"
    return text if p.default is p.empty else f"{text} = {p.default!r}"


def _docstring(cname: str, spec: Any) -> str:
    f = spec.function_name
    arrays = [p.name for p in spec.arguments]
    call = ", ".join([*arrays, *(f"{p.name}=None" for p in spec.call_keywords)])
    passed = ", ".join([*arrays, *(f"{p.name}={p.name}" for p in spec.call_keywords)])
    sentence = (
        f"``criterion({call})`` returns ``portloss.{f}({passed}, **options)`` with the "
        "options given to the constructor (see :class:`Loss`)."
    )
    lines = [f"Loss object of :func:`portloss.{f}`.", "", *textwrap.wrap(sentence, 88)]
    if spec.options:
        lines += ["", "Parameters", "----------"]
        for p in spec.options:
            default = "required" if p.default is p.empty else f"default ``{p.default!r}``"
            for convention, value in _by_convention(spec).get(p.name, {}).items():
                default += f" (``{value!r}`` under ``convention={convention!r}``)"
            text = f"As in :func:`portloss.{f}`; {default}."
            lines += [f"{p.name} : object", *(f"    {t}" for t in textwrap.wrap(text, 84))]
    lines += ["", "See Also", "--------", f"portloss.{f} : The function the object calls."]
    if all(p.default is not p.empty for p in spec.options):
        lines += ["", "Examples", "--------", f">>> from portloss.objects import {cname}"]
        lines += [f">>> criterion = {cname}()", ">>> criterion", f"{cname}()"]
        lines += [f">>> criterion == {cname}(**criterion.options)", "True"]
    body = "\n".join(f"    {line}" if line else "" for line in lines)
    return f'    """{body.lstrip()}\n    """\n'


def _object_class(cname: str, spec: Any) -> str:
    f = spec.function
    module = f.__module__.rpartition(".")[2]
    options = [_param(p, spec) for p in spec.options]
    ctor = ", ".join(["self", "*", *options]) if options else "self"
    call_kw = [_param(p, spec) for p in spec.call_keywords]
    arrays = [_param(p, spec) for p in spec.arguments]
    call = ", ".join(["self", *arrays, "/", *(["*", *call_kw] if call_kw else [])])
    passed = ", ".join(
        [*(p.name for p in spec.arguments), *(f"{p.name}={p.name}" for p in spec.call_keywords)]
    )
    returns = f.__annotations__.get("return", "Any")
    return f"""

class {cname}(Loss, function={module}.{spec.function_name}):
{_docstring(cname, spec)}
    def __init__({ctor}) -> None:
        self._set_options(locals())

    def __call__({call}) -> {returns}:
        return self.function({passed}, **self._options)
"""


def _adapter_class(cname: str, spec: Any, base: str, keras: bool) -> str:
    options = [_param(p, spec) for p in spec.options]
    if keras:
        options = ["name: str | None = None", "dtype: Any = None", *options]
    ctor = ", ".join(["self", "*", *options]) if options else "self"
    decorator = "@_register\n" if keras else ""
    return f"""

{decorator}class {cname}({base}, loss=objects.{cname}):
    def __init__({ctor}) -> None:
        {base}.__init__(self, locals())
"""


OBJECTS_HEADER = '''\
"""The loss-object classes, one per loss: written by tools/generate_objects.py.

Do not edit: run ``python tools/generate_objects.py`` after changing a loss' signature.
The behaviour is in :class:`portloss.objects.Loss`; import the classes from
:mod:`portloss.objects`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import {modules}
from ._typing import {aliases}
from .conventions import CONVENTION_DEFAULT
from .objects import Loss
'''

ADAPTERS_HEADER = '''\
"""The {what} adapter classes, one per loss object: written by tools/generate_objects.py.

Do not edit: run ``python tools/generate_objects.py``. The behaviour is in
:class:`{base}` (``portloss/_{lib}_adapters.py``); use the classes from
:mod:`portloss.{lib}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import objects
from ._{lib}_adapters import {imports}
from ._typing import {aliases}
from .conventions import CONVENTION_DEFAULT
'''


def _finish(head: str, text: str) -> str:
    import portloss._typing as typing_module

    aliases = [a for a in typing_module.__all__ if f": {a}" in text or f"-> {a}" in text]
    head = head.replace("{aliases}", ", ".join(aliases))
    if not aliases:
        head = head.replace("from ._typing import \n", "")
    if "Callable[" not in text:
        head = head.replace("from collections.abc import Callable\n", "")
    if "Any" not in text:
        head = head.replace("from typing import Any\n", "")
    if "CONVENTION_DEFAULT" not in text:
        head = head.replace("from .conventions import CONVENTION_DEFAULT\n", "")
    return head + text


def sources() -> dict[Path, str]:
    """The generated modules' texts, by path (formatted with ruff when it is installed)."""
    from portloss import objects
    from portloss.keras import fits_keras

    specs = {cname: objects.LossSpec.of(f) for cname, f in losses().items()}
    modules = sorted({s.function.__module__.rpartition(".")[2] for s in specs.values()})
    texts = {
        PACKAGE / "_objects_generated.py": _finish(
            OBJECTS_HEADER.replace("{modules}", ", ".join(modules)),
            "".join(_object_class(c, s) for c, s in specs.items()),
        ),
        PACKAGE / "_generated_torch_adapters.py": _finish(
            ADAPTERS_HEADER.format(
                what="torch",
                base="LossModule",
                lib="torch",
                imports="LossModule",
                aliases="{aliases}",
            ),
            "".join(_adapter_class(c, s, "LossModule", False) for c, s in specs.items()),
        ),
        PACKAGE / "_generated_keras_adapters.py": _finish(
            ADAPTERS_HEADER.format(
                what="Keras",
                base="Loss",
                lib="keras",
                imports="Loss, _register",
                aliases="{aliases}",
            ),
            "".join(_adapter_class(c, s, "Loss", True) for c, s in specs.items() if fits_keras(s)),
        ),
    }
    return {path: _ruff_format(path, text) for path, text in texts.items()}


def _ruff_format(path: Path, text: str) -> str:
    try:
        done = subprocess.run(
            ["ruff", "format", "--stdin-filename", str(path), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    except (OSError, subprocess.CalledProcessError):
        return text
    return done.stdout


def main(argv: list[str]) -> int:
    """Write the generated modules, or with ``--check`` print how they differ."""
    status = 0
    for path, new in sources().items():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if "--check" not in argv:
            path.write_text(new, encoding="utf-8")
        elif new != old:
            diff = difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(path))
            sys.stdout.writelines(diff)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
