"""The documentation: the site builds without a warning, docstrings validate, examples run.

- ``test_docs_build``: ``sphinx-build -W`` on a copy of ``docs/`` (this is how CI builds
  the site; skipped, with the reason, without the docs extras).
- ``test_site_works_offline``: the built pages load no script, stylesheet or font from
  another host, and the MathJax they load is in the build.
- ``test_api_reference_*``: every public function has its page in the API reference.
- ``test_numpydoc_validation``: numpydoc's validation of every ``portloss.__all__``
  docstring, with the check set of ``docs/conf.py``.
- ``test_markdown_examples``: every ``>>>`` example of ``docs/*.md`` runs and prints
  what the page claims (blocks that need a library that is not here are skipped).
- ``test_migration_table``: both sides of every row of the migration tables
  (``docs/_ext/portloss_migration.py``) agree, for each installed framework; the Keras
  rows with ``sample_weight`` and masks (``keras_weights``) are issue 21's acceptance
  test of ``convention="keras"``.
- ``test_docs_name_existing_functions``: every ``portloss.<name>`` a page or table
  mentions exists.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import inspect
import io
import os
import re
import runpy
import shutil
import subprocess
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest

import portloss

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXT = DOCS / "_ext"
DOCS_EXTRAS = (
    "sphinx",
    "sphinx-mathjax-offline",
    "numpydoc",
    "myst_parser",
    "pydata_sphinx_theme",
    "sphinx_design",
    "matplotlib",
)
BUILD_TIMEOUT_S = 300


def _ext_module(name: str) -> types.ModuleType:
    """A module of ``docs/_ext`` (they need no Sphinx unless named ``portloss_docs``)."""
    if str(EXT) not in sys.path:
        sys.path.insert(0, str(EXT))
    return importlib.import_module(name)


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


# --------------------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def built_docs(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess, Path]:
    """``sphinx-build -W --keep-going -b html`` of a clean copy of ``docs/``."""
    missing = _missing(DOCS_EXTRAS)
    if missing:
        pytest.skip(f"docs extras not installed ({', '.join(missing)}): pip install -e '.[docs]'")
    base = tmp_path_factory.mktemp("docs")
    src, out = base / "src", base / "html"
    # A copy, so the build neither sees stale generated pages nor writes into the checkout.
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "generated", "__pycache__"))
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    return result, out


def test_docs_build(built_docs: tuple[subprocess.CompletedProcess, Path]) -> None:
    result, out = built_docs
    assert result.returncode == 0, (
        f"sphinx-build -W failed (exit {result.returncode}); its warnings:\n{result.stderr[-8000:]}"
    )
    assert (out / "index.html").is_file()


_TAG = re.compile(r"<(script|link)\b([^>]*)>", re.I)
_ATTR = re.compile(r"\b(src|href|rel)=[\"']([^\"']*)[\"']", re.I)
_CSS_URL = re.compile(r"@import\s+(?:url\()?\s*[\"']?([^\"')\s;]+)|url\(\s*[\"']?([^\"')]+)", re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# <link rel=...> a browser does not fetch to render the page (navigation, not assets).
_NAVIGATION = {"canonical", "next", "prev", "index", "search", "author", "license"}


def _page_assets(text: str) -> list[str]:
    """The scripts, links and CSS ``url()``/``@import`` targets one HTML page loads."""
    refs = []
    for kind, attrs in _TAG.findall(text):
        attr = {k.lower(): v for k, v in _ATTR.findall(attrs)}
        if kind.lower() == "script" and "src" in attr:
            refs.append(attr["src"])
        elif (
            kind.lower() == "link"
            and "href" in attr
            and not set(attr.get("rel", "").lower().split()) & _NAVIGATION
        ):
            refs.append(attr["href"])
    for css in re.findall(r"<style\b[^>]*>(.*?)</style>", text, flags=re.I | re.S):
        refs += [a or b for a, b in _CSS_URL.findall(css)]
    return refs


def _external_refs(out: Path) -> list[str]:
    """``file: url`` of every script, link or CSS url()/@import that leaves the site."""
    found = []
    for page in out.rglob("*.html"):
        if "_static" in page.relative_to(out).parts:
            continue  # the theme's template fragments, not pages
        refs = _page_assets(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(out)}: {r}" for r in refs if _EXTERNAL.match(r)]
    for sheet in out.rglob("*.css"):
        refs = [a or b for a, b in _CSS_URL.findall(sheet.read_text(encoding="utf-8"))]
        found += [f"{sheet.relative_to(out)}: {r}" for r in refs if _EXTERNAL.match(r)]
    return found


def test_site_works_offline(built_docs: tuple[subprocess.CompletedProcess, Path]) -> None:
    """No page fetches a script, stylesheet or font from a CDN; MathJax is in the build."""
    _, out = built_docs
    external = _external_refs(out)
    assert not external, "the site loads from the network:\n" + "\n".join(external[:20])
    # A page with math loads MathJax, from a path inside the build.
    page = out / "semantics.html"
    scripts = re.findall(r"<script\b[^>]*\bsrc=[\"']([^\"']*mathjax[^\"']*)", page.read_text())
    assert scripts, "semantics.html (which has math) loads no MathJax"
    for src in scripts:
        target = (page.parent / src.split("?", 1)[0]).resolve()
        assert target.is_file(), src
        assert target.is_relative_to(out.resolve()), src
        # MathJax's CommonHTML output loads its fonts relative to its own script.
        fonts = target.parent / "output" / "chtml" / "fonts" / "woff-v2"
        assert any(fonts.glob("*.woff")), f"no MathJax fonts next to {src}"


def test_api_reference_has_every_function(
    built_docs: tuple[subprocess.CompletedProcess, Path],
) -> None:
    """Every public function has its page, linked from its family's page, linked from api."""
    _, out = built_docs
    api_module = _ext_module("portloss_api")
    api = (out / "api.html").read_text(encoding="utf-8") if (out / "api.html").is_file() else ""
    no_page = [
        n for n in portloss.__all__ if not (out / "generated" / f"portloss.{n}.html").is_file()
    ]
    assert not no_page, f"functions without an API page: {no_page}"
    linked, unlisted = set(), []
    for page, _ in api_module.pages(api_module.families()):
        html = out / "generated" / f"api-{page.slug}.html"
        if f'href="generated/api-{page.slug}.html' not in api or not html.is_file():
            unlisted.append(page.slug)
            continue
        linked |= set(re.findall(r'href="portloss\.(\w+)\.html', html.read_text(encoding="utf-8")))
    assert not unlisted, f"family pages missing or not linked from api.html: {unlisted}"
    unlinked = sorted(set(portloss.__all__) - linked)
    assert not unlinked, f"functions on no family page of the API reference: {unlinked}"


def test_api_reference_families_cover_all() -> None:
    """Each public name is on exactly one family page, and every family is placed."""
    api = _ext_module("portloss_api")
    families = api.families()
    listed = [name for family in families for name in family.names]
    assert sorted(listed) == sorted(portloss.__all__)
    assert len(listed) == len(set(listed))
    assert all(f.title for f in families)
    # A new topic module (or a name no module claims) must get its place in PAGES, so
    # the sidebar never has a catch-all "Other functions" page.
    assert not api.unplaced(families), (
        f"add these modules to PAGES in docs/_ext/portloss_api.py: {api.unplaced(families)}"
    )
    on_pages = []
    for page, members in api.pages(families):
        text = api.page_markdown(page, members)
        on_pages += re.findall(r"^   (\w+)$", text, flags=re.M)
        assert page.intro or members, page.slug
    assert sorted(on_pages) == sorted(portloss.__all__)
    slugs = [page.slug for page in api.PAGES]
    assert len(slugs) == len(set(slugs))
    text = api.listing_markdown(families)
    assert all(f"generated/api-{slug}" in text for slug in slugs)


def test_api_listing_follows_module_all() -> None:
    """A topic module's family holds exactly the public names of its ``__all__``."""
    api = _ext_module("portloss_api")
    for family in api.families():
        if not family.module:
            continue
        module = importlib.import_module(f"portloss.{family.module}")
        assert set(family.names) == set(module.__all__) & set(portloss.__all__), family.module


# ------------------------------------------------------------------------- docstrings


def _validation_checks() -> set[str]:
    """The check set of docs/conf.py (running it also registers the "Shape" section)."""
    from numpydoc.validate import get_validation_checks

    conf = runpy.run_path(str(DOCS / "conf.py"))
    return get_validation_checks(set(conf["numpydoc_validation_checks"]))


def test_numpydoc_validation() -> None:
    pytest.importorskip("numpydoc", reason="numpydoc is not installed (pip install -e '.[docs]')")
    from numpydoc.validate import validate

    checks = _validation_checks()
    failures = []
    for name in portloss.__all__:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = validate(f"portloss.{name}")
        errors = [f"{code} {message}" for code, message in report["errors"] if code in checks]
        errors += [f"warning: {w.message}" for w in caught]
        if errors:
            failures.append(f"portloss.{name}:\n    " + "\n    ".join(errors))
    assert not failures, "numpydoc validation (docs/conf.py's checks) fails for:\n" + "\n".join(
        failures
    )


def test_every_public_function_has_a_doctest() -> None:
    """Each docstring has examples, in a portloss module that --doctest-modules collects."""
    finder = doctest.DocTestFinder(recurse=False)
    without = []
    for name in portloss.__all__:
        obj = getattr(portloss, name)
        module = inspect.getmodule(obj)
        tests = finder.find(obj, name, module=module)
        if not module.__name__.startswith("portloss.") or not any(t.examples for t in tests):
            without.append(name)
    assert not without, f"public functions without a runnable Examples section: {without}"


# ------------------------------------------------------------------ markdown examples

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_IMPORT = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_][\w]*)")


def _doctest_blocks(path: Path) -> list[tuple[int, str]]:
    """``(first line, text)`` of each fenced code block of ``path`` holding ``>>>`` lines."""
    blocks, lines, i = [], path.read_text(encoding="utf-8").splitlines(), 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent, start = opening["fence"], len(opening["indent"]), i + 1
        i += 1
        body = []
        while i < len(lines):
            closing = _FENCE.match(lines[i])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        i += 1
        if any(line.lstrip().startswith(">>>") for line in body):
            blocks.append((start + 1, "\n".join(body) + "\n"))
    return blocks


def _unavailable(source: str) -> str | None:
    """Why a block cannot run here (a library it imports is missing), or None."""
    for module in sorted(set(_IMPORT.findall(source))):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed"
        if module == "cupy":
            try:
                import cupy

                if cupy.cuda.runtime.getDeviceCount() < 1:
                    return "no GPU for CuPy"
            except Exception as exc:  # no CUDA driver, no device
                return f"CuPy cannot run here ({type(exc).__name__})"
    return None


MARKDOWN_WITH_EXAMPLES = sorted(p.name for p in DOCS.glob("*.md") if _doctest_blocks(p))


def test_markdown_pages_are_scanned() -> None:
    """The pages known to carry examples are found (the scanner itself works)."""
    assert "getting-started.md" in MARKDOWN_WITH_EXAMPLES


@pytest.mark.parametrize("page", MARKDOWN_WITH_EXAMPLES)
def test_markdown_examples(page: str) -> None:
    """Every ``>>>`` example of a docs page prints what the page says it prints."""
    path = DOCS / page
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    globs: dict = {"__name__": f"docs.{path.stem}"}
    report, ran, skipped = io.StringIO(), 0, []
    for lineno, text in _doctest_blocks(path):
        test = parser.get_doctest(text, globs, f"{page}:{lineno}", str(path), lineno - 1)
        why = _unavailable("\n".join(example.source for example in test.examples))
        if why:
            skipped.append(f"{page}:{lineno} ({why})")
            continue
        runner.run(test, out=report.write, clear_globs=False)
        globs.update(test.globs)  # the next block sees this one's names, as in a session
        ran += 1
    failed, attempted = runner.failures, runner.tries
    assert failed == 0, (
        f"{failed} of {attempted} examples of docs/{page} fail:\n{report.getvalue()}"
    )
    if not ran:
        pytest.skip("every example block needs a library that is not here: " + ", ".join(skipped))


# ------------------------------------------------------------------- migration tables


def _torchvision_sigmoid_focal_loss(torch):
    """``torchvision.ops.sigmoid_focal_loss``, transcribed (torchvision is not a dependency)."""
    functional = torch.nn.functional

    def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):
        p = torch.sigmoid(inputs)
        ce = functional.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
        p_t = p * targets + (1 - p) * (1 - targets)
        loss = ce * ((1 - p_t) ** gamma)
        if alpha >= 0:
            loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
        return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]

    return types.SimpleNamespace(ops=types.SimpleNamespace(sigmoid_focal_loss=sigmoid_focal_loss))


def _keras_masked(keras):
    """``masked(y_pred, m)``: ``y_pred`` carrying the Keras mask ``m``, as after ``Masking``."""
    from keras.src.backend import set_keras_mask

    def masked(y_pred, mask):
        tensor = keras.ops.convert_to_tensor(y_pred)
        set_keras_mask(tensor, keras.ops.convert_to_tensor(mask))
        return tensor

    return masked


def _framework_namespace(framework: str, inputs: dict) -> tuple[dict, float]:
    """The names a row's framework side is evaluated with, and the tolerance."""
    if framework == "torch":
        torch = pytest.importorskip("torch")
        tensors = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in inputs.items()}
        return {
            "F": torch.nn.functional,
            "torchvision": _torchvision_sigmoid_focal_loss(torch),
            "dist": lambda a, b: (a - b).abs().sum(-1),
            **tensors,
        }, 1e-9
    if framework == "keras":
        os.environ.setdefault("KERAS_BACKEND", "jax")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                keras = importlib.import_module("keras")
            except Exception as exc:  # not installed, or no usable Keras backend
                pytest.skip(f"keras unavailable: {exc}")
        return {"keras": keras, "masked": _keras_masked(keras), **inputs}, 2e-5  # float32
    if framework == "optax":
        optax = pytest.importorskip("optax")
        return {"optax": optax, **inputs}, 2e-5  # float32 unless jax_enable_x64
    raise AssertionError(framework)


MIGRATION_TABLES = [
    key for key, table in _ext_module("portloss_migration").TABLES.items() if table.evaluate
]


def test_migration_tables_are_evaluated() -> None:
    """Each table is evaluated here or names the test that checks it."""
    tables = _ext_module("portloss_migration").TABLES
    assert {"torch", "keras", "keras_weights", "optax"} <= set(MIGRATION_TABLES)
    for key, table in tables.items():
        assert table.evaluate or (ROOT / table.checked_by.split(" and ")[0]).is_file(), key


@pytest.mark.parametrize("table", MIGRATION_TABLES)
def test_migration_table(table: str) -> None:
    """Each row's two calls give the same numbers (what the Migrating page promises)."""
    migration = _ext_module("portloss_migration")
    inputs = migration.inputs()
    framework = migration.TABLES[table].evaluate
    theirs_ns, tol = _framework_namespace(framework, inputs)
    ours_ns = {"portloss": portloss, "dist": lambda a, b: np.abs(a - b).sum(axis=-1), **inputs}
    rows = migration.TABLES[table].rows
    bad = []
    for row in rows:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the frameworks' own dtype / deprecation chatter
            theirs = np.asarray(eval(row.theirs, dict(theirs_ns)), dtype=float)
        try:
            ours = np.asarray(eval(row.ours, dict(ours_ns)), dtype=float)
        except (TypeError, ValueError) as exc:  # an option portloss lacks: report, go on
            bad.append(f"{row.theirs}  ->  {row.ours}\n    {type(exc).__name__}: {exc}")
            continue
        if theirs.shape != ours.shape or not np.allclose(theirs, ours, rtol=tol, atol=tol):
            bad.append(f"{row.theirs}  !=  {row.ours}\n    {theirs!r}\n    {ours!r}")
    assert not bad, f"{len(bad)} of {len(rows)} {table} migration rows disagree:\n" + "\n".join(bad)


def test_docs_name_existing_functions() -> None:
    """Every ``portloss.<name>`` of the pages and the migration table exists."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    migration = _ext_module("portloss_migration")
    texts["_ext/portloss_migration.py"] = "\n".join(
        row.ours for table in migration.TABLES.values() for row in table.rows
    )
    missing = []
    for where, text in texts.items():
        for dotted in sorted(set(re.findall(r"\bportloss(?:\.[A-Za-z_]\w*)+", text))):
            obj, parts = portloss, dotted.split(".")[1:]
            for i, part in enumerate(parts):
                if hasattr(obj, part):
                    obj = getattr(obj, part)
                    continue
                try:
                    obj = importlib.import_module("portloss." + ".".join(parts[: i + 1]))
                except ImportError:
                    missing.append(f"{where}: {dotted}")
                    break
    assert not missing, "the docs name things portloss does not have:\n" + "\n".join(missing)
