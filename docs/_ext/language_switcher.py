"""The same page in every edition, for the language switcher (``_templates/language-switcher.html``).

Each page gets ``language_links``: relative links to that page in every edition
(``docs/_build/site/<code>/<pagename>.html``), the current edition's name and the switcher's
label in the page's language.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from languages import EDITIONS, edition


def language_links(pagename: str, current: str) -> list[dict[str, Any]]:
    """Links from ``pagename`` in edition ``current`` to the same page in every edition.

    >>> [link["href"] for link in language_links("questions/x", "ru")][:2]
    ['../../en/questions/x.html', '../../ru/questions/x.html']
    """
    up = "../" * (pagename.count("/") + 1)
    return [
        {
            "code": code,
            "lang": other.html_lang,
            "name": other.name,
            "href": f"{up}{code}/{pagename}.html",
            "current": code == current,
        }
        for code, other in EDITIONS.items()
    ]


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    current = edition(app.config.language)
    context["language_links"] = language_links(pagename, current.code)
    context["current_language_name"] = current.name
    context["language_label"] = current.language_label


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
