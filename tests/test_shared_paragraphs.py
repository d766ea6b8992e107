"""Shared parameter paragraphs: a shared option reads the same in every loss.

The paragraph of each shared option (``PARAGRAPHS`` of :mod:`portloss._options`) is
written once and put into the docstrings by ``{{name}}`` placeholders. For every
public loss and every shared option it takes, its docstring's paragraph must begin
with the shared text (one of the option's kinds, e.g. a per-class or an elementwise
``weight``; the loss-specific spec's text where the loss has its own, as ``kl_div``'s
``reduction``); lines after it say what is particular to the loss.
"""

from __future__ import annotations

import inspect
import re

import pytest

import portloss
from portloss._options import PARAGRAPHS, substitute_docs
from tools import generate_objects as generator

SHARED = sorted({key.partition(":")[0] for key in PARAGRAPHS})

# Known exceptions, each with its reason (xfail_strict: fixing one fails the run until
# it leaves this set).
PENDING: set[tuple[str, str]] = set()


def _losses() -> dict[str, object]:
    return {
        name: getattr(portloss, name)
        for name in portloss.__all__
        if generator.is_loss(name, getattr(portloss, name))
    }


def _cases() -> list[object]:
    cases = []
    for name, function in _losses().items():
        params = inspect.signature(function).parameters  # type: ignore[arg-type]
        for option in SHARED:
            # Options are keyword-only; a positional array of the same name (the class
            # centres ``weight`` of the margin-softmax losses) is not the option.
            if option in params and params[option].kind is inspect.Parameter.KEYWORD_ONLY:
                marks = []
                if (name, option) in PENDING:
                    marks = [pytest.mark.xfail(reason="known exception, see PENDING")]
                cases.append(pytest.param(name, option, id=f"{name}-{option}", marks=marks))
    return cases


def _paragraph(doc: str, option: str) -> str:
    found = re.search(rf"^(?:\w+, )*{option}(?:, \w+)* : .*\n(?:    .*\n?)*", doc, re.M)
    assert found, f"no paragraph for {option}"
    return found[0]


def _shared_texts(function: object, option: str) -> list[str]:
    specific = getattr(function, "__portloss_specific__", {})
    defaults = getattr(function, "__kwdefaults__", None) or {}
    keys = [k for k in PARAGRAPHS if k.partition(":")[0] == option]
    texts = []
    for key in keys:
        try:
            texts.append(substitute_docs("{{" + key + "}}", specific, defaults) or "")
        except ValueError:  # a kind that needs a default this loss does not have
            continue
    if option in specific and specific[option].doc:
        texts.append(specific[option].doc)
    return texts


@pytest.mark.parametrize(("name", "option"), _cases())
def test_shared_paragraph(name: str, option: str) -> None:
    function = getattr(portloss, name)
    paragraph = _paragraph(inspect.getdoc(function) or "", option)
    texts = _shared_texts(function, option)
    assert any(paragraph == t or paragraph.startswith(t + "\n") for t in texts), (
        f"{name}'s {option} paragraph is not the shared one:\n{paragraph}"
    )


def test_placeholder_kinds_and_defaults() -> None:
    def loss(x: object, /, *, axis: int = 1, eps: float = 1e-7) -> None:
        """Parameters
        ----------
            {{axis:feature}}
            {{eps}}
                added somewhere.
        """

    doc = substitute_docs(loss.__doc__, {}, loss.__kwdefaults__)
    assert doc is not None
    assert "axis : int, default 1\n" in doc
    assert "eps : float >= 0, default 1e-7\n" in doc
    assert doc.rstrip().endswith("finite.\n                added somewhere.")
    with pytest.raises(ValueError, match="no shared paragraph"):
        substitute_docs("    {{axis:bogus}}\n", {}, {"axis": -1})
    with pytest.raises(ValueError, match="no shared paragraph"):
        substitute_docs("    {{eps}}\n", {}, {})  # no default to write
