"""Sphinx configuration. Build: ``sphinx-build -W -b html docs docs/_build/html``.

Neither the build nor the site reaches the network: no intersphinx, the figures are drawn
locally by matplotlib, and MathJax is served from the site itself (the
``sphinx-mathjax-offline`` extension copies it to ``_static/mathjax``), so the pages,
math included, render offline. ``tests/test_docs.py`` checks that the built HTML loads no
script, stylesheet or font from elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

from numpydoc import docscrape, docscrape_sphinx

HERE = Path(__file__).resolve().parent
# portloss from this checkout (not an installed copy), and the docs' own extension.
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE / "_ext"))

import portloss  # noqa: E402

# Docstrings carry a "Shape" section, as torch's do; numpydoc knows no such section, so
# register it and render it right before the Notes.
docscrape.NumpyDocString.sections["Shape"] = []
_str_section = docscrape_sphinx.SphinxDocString._str_section


def _str_section_with_shape(self, name):
    if name == "Notes":
        return _str_section(self, "Shape") + _str_section(self, "Notes")
    return _str_section(self, name)


docscrape_sphinx.SphinxDocString._str_section = _str_section_with_shape

project = "portloss"
author = "portloss developers"
copyright = "2026, portloss developers"
release = version = portloss.__version__

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    # MathJax 3 from the site's own _static/mathjax (fonts included), not from a CDN.
    "sphinx-mathjax-offline",
    "sphinx_design",
    # docs/_ext/portloss_docs.py: the API listing, the function pages, the optional
    # toctree entries, the conformance report and the matplotlib figures.
    "portloss_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# The report and the generated snippets are included into pages, never pages themselves.
exclude_patterns = ["_build", "**/_build", "conformance-report.md", "generated/_*", "plots"]
# deflist: the migration entries of docs/_ext/portloss_migration.py (call, then the
# portloss call and the note as its definition).
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# The function pages are written by docs/_ext/portloss_docs.py (one autofunction each);
# autosummary must not overwrite them with its own templates (autoclass with members for
# the loss objects).
autosummary_generate = False
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# numpydoc validation of every public docstring (all checks but: no extended summary or
# See Also required; GL06/GL07 would flag the torch-style "Shape" section registered below).
numpydoc_validation_checks = {"all", "ES01", "SA01", "GL06", "GL07", "GL08", "RT02", "PR04"}

html_theme = "pydata_sphinx_theme"
html_title = "portloss"
html_static_path = ["_static"]
html_css_files = ["portloss.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 6,
}
html_show_sourcelink = False
