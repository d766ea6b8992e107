"""The API reference's families, computed from portloss itself (no Sphinx needed).

Every public topic module of portloss lists its functions in ``__all__`` and
``portloss.__init__`` re-exports them. A *family* is one such module: its title and blurb
come from the first line of the module docstring (``"Regression losses: L1, MSE, ..."``
gives the title "Regression losses"), its members from its ``__all__``. So a new loss
appears in the API reference without editing any page.

The reference has one page per entry of ``PAGES`` (one or more families), so the
sidebar lists the families and each function sits under its family. A topic module
that ``PAGES`` does not place still gets a page (``OTHER_PAGE``), and
``tests/test_docs.py`` fails until it is placed.

Used by the Sphinx extension ``portloss_docs`` (which writes the pages at build time)
and by ``tests/test_docs.py`` (which checks that every public function is listed).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class PageSpec:
    """One page of the API reference: ``modules`` are the topic modules it lists."""

    slug: str  # the page is ``generated/api-<slug>``
    title: str
    modules: tuple[str, ...] = ()
    intro: str = ""
    summary: str = ""  # the API page's table cell of a page without functions


#: The pages of the API reference, in the sidebar's order.
PAGES = (
    PageSpec("classification", "Classification", ("classification", "multiclass")),
    PageSpec("binary", "Binary classification", ("binary",)),
    PageSpec("focal", "Focal losses", ("focal",)),
    PageSpec("regression", "Regression", ("regression",)),
    PageSpec("robust", "Robust regression", ("robust",)),
    PageSpec("margin", "Margin and hinge", ("margin",)),
    PageSpec("embedding", "Embedding and ranking", ("embedding",)),
    PageSpec("contrastive", "Contrastive", ("contrastive",)),
    PageSpec("metric", "Metric learning", ("metric",)),
    PageSpec("divergence", "Divergences", ("divergence",)),
    PageSpec("distillation", "Distillation", ("distillation",)),
    PageSpec("preference", "Preference optimisation", ("preference",)),
    PageSpec("vocabulary", "Large vocabularies", ("vocabulary",)),
    PageSpec("sequence", "Sequences", ("sequence",)),
    PageSpec("segmentation", "Segmentation", ("segmentation", "hausdorff")),
    PageSpec("boxes", "Bounding boxes", ("boxes",)),
    PageSpec("image", "Image quality", ("image",)),
    PageSpec("labels", "Label helpers", ("labels",)),
    PageSpec(
        "conventions",
        "Conventions",
        (),
        "Module `portloss.conventions`: the torch, Keras and Paddle presets "
        "(`portloss.conventions.PRESETS`) that the `convention=` keyword of every loss "
        "selects, and the knobs behind them. What each convention changes, with worked "
        "numbers, is in {doc}`/conventions`; the rules every loss obeys under each are in "
        "{doc}`/semantics`.",
        "`portloss.conventions`: the torch, Keras and Paddle presets",
    ),
    PageSpec("objects", "Loss objects", ("objects",)),
    PageSpec(
        "adapters",
        "torch and Keras adapters",
        (),
        "Modules `portloss.torch` and `portloss.keras`: every loss object of "
        "{doc}`api-objects` as a `torch.nn.Module` (`portloss.torch.CrossEntropyLoss`) "
        "and as a `keras.losses.Loss` (`portloss.keras.CrossEntropyLoss`), with the same "
        "class names and options. torch and Keras are imported when a class is first "
        "used. See {doc}`/objects`.",
        "`portloss.torch`, `portloss.keras`: the loss objects as torch modules and Keras losses",
    ),
)
#: Guide pages (``docs/<name>.md``) of the modules whose guide is not ``docs/<module>.md``.
GUIDES = {
    "metric": "metric-learning",
    "boxes": "detection-and-image",
    "image": "detection-and-image",
    "distillation": "llm-training",
    "preference": "llm-training",
    "vocabulary": "large-vocabularies",
}
OTHER_TITLE = "Other functions"
OTHER_PAGE = PageSpec("other", OTHER_TITLE)


@dataclass(frozen=True)
class Family:
    """One module's public functions."""

    module: str  # "regression", or "" for names no topic module claims
    title: str
    blurb: str
    names: tuple[str, ...]


def _title_and_blurb(module: ModuleType) -> tuple[str, str]:
    first = (module.__doc__ or "").strip().splitlines()
    line = first[0].strip() if first else ""
    short = module.__name__.rsplit(".", 1)[-1]
    if ":" in line:
        title, blurb = line.split(":", 1)
        return title.strip(), blurb.strip().rstrip(".") + "."
    title = line.rstrip(".").strip()
    return (title or short.replace("_", " ").capitalize()), ""


def _order_key(short: str) -> tuple[int, str]:
    placed = [m for page in PAGES for m in page.modules]
    return (placed.index(short), short) if short in placed else (len(placed), short)


def families(package: ModuleType | None = None) -> list[Family]:
    """The families of ``package`` (portloss by default), covering its whole ``__all__``.

    A name of ``package.__all__`` that no public submodule lists in its own ``__all__``
    goes to a last family titled ``OTHER_TITLE``.
    """
    if package is None:
        package = importlib.import_module("portloss")
    public = list(package.__all__)
    claimed: set[str] = set()
    found: list[tuple[str, Family]] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        names = tuple(
            sorted(
                name
                for name in getattr(module, "__all__", ())
                if name in public
                and name not in claimed
                and getattr(package, name, None) is getattr(module, name, None)
            )
        )
        if not names:
            continue
        claimed.update(names)
        title, blurb = _title_and_blurb(module)
        found.append((info.name, Family(info.name, title, blurb, names)))
    found.sort(key=lambda item: _order_key(item[0]))
    result = [family for _, family in found]
    rest = tuple(sorted(name for name in public if name not in claimed))
    if rest:
        result.append(Family("", OTHER_TITLE, "", rest))
    return result


def stub_text(name: str, package: str = "portloss") -> str:
    """The page of one function: the same text as autosummary's default stub."""
    full = f"{package}.{name}"
    escaped = full.replace("_", r"\_")
    return (
        f"{escaped}\n{'=' * len(escaped)}\n\n"
        f".. currentmodule:: {package}\n\n.. autofunction:: {name}"
    )


def pages(fams: list[Family]) -> list[tuple[PageSpec, list[Family]]]:
    """Each page of ``PAGES`` with its families, then ``OTHER_PAGE`` for the unplaced."""
    by_module = {family.module: family for family in fams}
    out = [(page, [by_module[m] for m in page.modules if m in by_module]) for page in PAGES]
    placed = {m for page in PAGES for m in page.modules}
    rest = [family for family in fams if family.module not in placed]
    if rest:
        out.append((OTHER_PAGE, rest))
    return out


def unplaced(fams: list[Family]) -> list[str]:
    """Topic modules (or ``""`` for stray names) that no entry of ``PAGES`` lists."""
    placed = {m for page in PAGES for m in page.modules}
    return [family.module for family in fams if family.module not in placed]


def guide_name(module: str) -> str:
    """The docname of a module's guide page (which may not exist)."""
    return GUIDES.get(module, module)


def page_markdown(
    page: PageSpec,
    fams: list[Family],
    guides: Mapping[str, str] | None = None,
    package: str = "portloss",
) -> str:
    """The MyST source of one family page (written to ``generated/api-<slug>.md``).

    ``guides`` maps a module to the docname of its existing guide page
    (``"regression"`` for ``docs/regression.md``), which the family links to. The function
    pages are ``generated/portloss.<name>`` (the autosummary toctree is ``.``, this
    page's own folder).
    """
    out = [
        "<!-- Generated by docs/_ext/portloss_docs.py at build time: do not edit. -->",
        "",
        f"# {page.title}",
        "",
    ]
    if page.intro:
        out += [page.intro, ""]
    for family in fams:
        if len(fams) > 1:
            out += [f"## {family.title}", ""]
        if family.module:
            line = f"Module `{package}.{family.module}`"
            line += f": {family.blurb}" if family.blurb else "."
            if family.module in (guides or {}):
                line += f" Guide: {{doc}}`/{guides[family.module]}`."
            out += [line, ""]
        out += [
            "```{eval-rst}",
            f".. currentmodule:: {package}",
            "",
            ".. autosummary::",
            "   :toctree: .",
            "   :nosignatures:",
            "",
        ]
        out += [f"   {name}" for name in family.names]
        out += ["```", ""]
    return "\n".join(out)


def listing_markdown(fams: list[Family], folder: str = "generated") -> str:
    """The MyST source that ``docs/api.md`` includes: the family pages' toctree and table.

    ``folder`` is where the family pages are, relative to ``docs/api.md``.
    """
    out = [
        "<!-- Generated by docs/_ext/portloss_docs.py at build time: do not edit. -->",
        "",
        "| family | functions |",
        "|---|---|",
    ]
    entries = pages(fams)
    for page, members in entries:
        names = [name for family in members for name in family.names]
        shown = ", ".join(f"`{name}`" for name in names[:4])
        more = f", … ({len(names)})" if len(names) > 4 else ""
        cell = f"{shown}{more}" if names else page.summary
        out.append(f"| {{doc}}`{page.title} <{folder}/api-{page.slug}>` | {cell} |")
    out += ["", "```{toctree}", ":maxdepth: 1", ":hidden:", ""]
    out += [f"{folder}/api-{page.slug}" for page, _ in entries]
    out += ["```", ""]
    return "\n".join(out)
