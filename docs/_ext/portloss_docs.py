"""Sphinx extension that keeps the portloss site in step with the code.

At build time (``config-inited``) it writes, under ``docs/generated/`` (ignored by git):

- ``api-<family>.md``: one page per family of the API reference (``PAGES`` of
  ``portloss_api.py``), with an autosummary table of each topic module's ``__all__``, and
  ``_api_listing.md``: the table and toctree of those pages, which ``docs/api.md``
  includes (so the sidebar lists the families);
- ``portloss.<name>.rst``: one page per public function (autosummary's stub), and it
  removes the pages of functions that no longer exist;
- ``_migration_<framework>.md`` and ``_migration_legend.md``: the tables of
  ``docs/migrating.md``, from ``portloss_migration.py`` (whose every row the tests
  check against the framework);
- ``_conformance_backends.md``, ``_conformance_tolerances.md``: the registered
  backends and the tolerances, read from ``conformance/``;
- ``_conformance_report.md``: a copy of the committed ``docs/conformance-report.md``
  when there is one, else a note saying how to make it; ``docs/conformance.md``
  includes it.

It also adds two directives:

``portloss-toctree``
    A ``toctree`` whose entries may be missing: a page that does not exist (yet) is
    left out silently instead of failing a ``-W`` build. With the ``:rest:`` flag it
    also lists every other top-level page that no earlier ``portloss-toctree`` of the
    same document lists, so a new page can never break the build by being in no
    toctree.
``portloss-plot``
    A ``figure`` whose image is drawn at build time by ``docs/plots/<name>.py`` with
    matplotlib (Agg, no display), calling portloss on NumPy arrays. A script declares
    the portloss functions it needs in ``REQUIRES``; when one is missing the figure,
    caption and legend are left out, without a warning.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.directives.patches import Figure
from sphinx.util import logging
from sphinx.util.matching import Matcher

sys.path.insert(0, str(Path(__file__).parent))

import portloss_api
import portloss_migration

logger = logging.getLogger(__name__)

GENERATED = "generated"
API_LISTING = "_api_listing.md"
REPORT_COPY = "_conformance_report.md"
REPORT_SOURCE = "conformance-report.md"
PLOTS = "plots"
_EXPLICIT = re.compile(r"^(.+?)\s*<(.+)>$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://")

NO_REPORT = """\
No report is committed yet. Generate it from the repository root with

```bash
python -m conformance --report docs/conformance-report
```

and the next docs build includes `docs/conformance-report.md` here.
"""


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless ``path`` already holds it (so Sphinx sees no change)."""
    if path.is_file() and path.read_text(encoding="utf-8-sig") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate_sources(app: Sphinx, config: Any) -> None:
    """Write the API listing, the function pages and the report copy."""
    srcdir = Path(app.srcdir)
    out = srcdir / GENERATED
    out.mkdir(exist_ok=True)

    fams = portloss_api.families()
    guides = {
        family.module: portloss_api.guide_name(family.module)
        for family in fams
        if family.module and (srcdir / f"{portloss_api.guide_name(family.module)}.md").is_file()
    }
    _write_if_changed(out / API_LISTING, portloss_api.listing_markdown(fams, GENERATED))
    written = set()
    for page, members in portloss_api.pages(fams):
        target = out / f"api-{page.slug}.md"
        _write_if_changed(target, portloss_api.page_markdown(page, members, guides))
        written.add(target.name)
    for stale in out.glob("api-*.md"):  # a page that PAGES no longer has
        if stale.name not in written:
            stale.unlink()

    import portloss

    wanted = {name for family in fams for name in family.names}
    for name in sorted(wanted):
        _write_if_changed(out / f"portloss.{name}.rst", portloss_api.stub_text(name))
    # A function that was removed or renamed must not leave an orphan page behind.
    for stale in out.glob("portloss.*.rst"):
        name = stale.name[len("portloss.") : -len(".rst")]
        if "." not in name and not hasattr(portloss, name):
            stale.unlink()

    available = set(portloss.__all__)
    for framework in portloss_migration.TABLES:
        _write_if_changed(
            out / f"_migration_{framework}.md",
            portloss_migration.table_markdown(framework, available),
        )
    _write_if_changed(out / "_migration_legend.md", portloss_migration.legend_markdown())

    _write_if_changed(out / "_conformance_backends.md", _backends_markdown())
    _write_if_changed(out / "_conformance_tolerances.md", _tolerances_markdown())

    report = srcdir / REPORT_SOURCE
    text = report.read_text(encoding="utf-8-sig") if report.is_file() else NO_REPORT
    _write_if_changed(out / REPORT_COPY, text)


def _backends_markdown() -> str:
    from conformance.backends import BACKENDS

    return ", ".join(f"`{name}`" for name in BACKENDS) + ".\n"


def _tolerances_markdown() -> str:
    from conformance.check import TOLERANCES

    lines = ["| dtype | rtol | atol |", "|---|---|---|"]
    lines += [f"| {dtype} | {rtol:g} | {atol:g} |" for dtype, (rtol, atol) in TOLERANCES.items()]
    return "\n".join(lines) + "\n"


class PortlossTocTree(TocTree):
    """A toctree that skips missing pages; ``:rest:`` adds every unlisted page."""

    option_spec: ClassVar[dict] = {**TocTree.option_spec, "rest": directives.flag}

    def run(self) -> list[nodes.Node]:
        env = self.env
        docname = env.current_document.docname
        listed: dict[str, set[str]] = env.portloss_toc_listed  # type: ignore[attr-defined]
        seen = listed.setdefault(docname, set())
        keep: list[str] = []
        for entry in self.content:
            if not entry.strip():
                continue
            explicit = _EXPLICIT.match(entry)
            ref = explicit.group(2) if explicit else entry.strip()
            if ref == "self" or _URL.match(ref):
                keep.append(entry)
                continue
            ref = ref.removesuffix(".md").removesuffix(".rst")
            if ref in env.found_docs:
                keep.append(entry)
                seen.add(ref)
        if "rest" in self.options:
            excluded = Matcher(self.config.exclude_patterns)
            elsewhere = {
                child
                for parent, children in env.toctree_includes.items()
                if parent != docname
                for child in children
            }
            rest = sorted(
                name
                for name in env.found_docs
                if "/" not in name
                and name != docname
                and name not in seen
                and name not in elsewhere
                and not excluded(str(env.doc2path(name, False)))
            )
            keep += rest
            seen.update(rest)
        # The entries depend on which pages exist: read this document on every build.
        env.note_reread()
        if not keep:
            return []  # no page of this toctree exists (yet): no empty caption either
        self.content = type(self.content)(keep)
        self.options.pop("rest", None)
        return super().run()


def _load_plot_script(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"portloss_docs_plot_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PortlossPlot(Figure):
    """``figure`` whose image ``docs/plots/<name>.py`` draws during the build."""

    @property
    def env(self) -> Any:
        return self.state.document.settings.env

    def run(self) -> list[nodes.Node]:
        import portloss

        name = self.arguments[0]
        srcdir = Path(self.env.srcdir)
        script = srcdir / PLOTS / f"{name}.py"
        self.env.note_reread()  # redraw on every build: the curves come from the code
        self.env.note_dependency(str(script))
        if not script.is_file():
            raise self.error(f"portloss-plot: no script {script}")
        module = _load_plot_script(script)
        missing = [fn for fn in getattr(module, "REQUIRES", ()) if not hasattr(portloss, fn)]
        if missing:
            logger.info("portloss-plot: %s skipped, portloss has no %s", name, ", ".join(missing))
            return []
        import matplotlib

        matplotlib.use("Agg", force=True)
        figure = module.figure(portloss)
        target = srcdir / GENERATED / PLOTS / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(target, dpi=110, metadata={"Software": None})
        self.arguments = [f"/{GENERATED}/{PLOTS}/{name}.png"]
        self.options.setdefault("alt", getattr(module, "ALT", name))
        return super().run()


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    env.portloss_toc_listed.pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    for docname in docnames:
        if docname in other.portloss_toc_listed:
            env.portloss_toc_listed[docname] = other.portloss_toc_listed[docname]


def _init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "portloss_toc_listed"):
        app.env.portloss_toc_listed = {}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", generate_sources)
    app.connect("builder-inited", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.add_directive("portloss-toctree", PortlossTocTree)
    app.add_directive("portloss-plot", PortlossPlot)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
