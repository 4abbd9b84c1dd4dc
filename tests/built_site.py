"""The built site (``docs/_build/site``) as the browser tests and ``benchmarks/page_size.py``
see it: which editions and pages it holds, and a local HTTP server for it.

Not a test module: ``tests/test_browser.py`` and the page-weight script import it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SITE = Path(os.environ.get("LSTM_EXPLAINED_SITE", DOCS / "_build" / "site"))

_spec = importlib.util.spec_from_file_location("lstm_book_languages", DOCS / "languages.py")
languages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(languages)

LANGUAGES: dict[str, str] = languages.LANGUAGES
SOURCE_LANGUAGE: str = languages.SOURCE_LANGUAGE
html_lang = languages.html_lang

# Pages Sphinx writes that are not pages of the book (generated indexes, the search page).
NOT_BOOK_PAGES = {"genindex", "search", "py-modindex", "404"}
# Folders of an edition that hold assets or copies of sources, not pages.
NOT_PAGE_FOLDERS = {"_static", "_sources", "_images", "_downloads", "jupyter_execute"}

HOW_TO_BUILD = "build it with `nox -s docs` (all four editions) or `nox -s docs -- en`"


def built_editions(site: Path = SITE) -> list[str]:
    """The editions of ``LANGUAGES`` that the site holds, in the order ``LANGUAGES`` lists them."""
    return [lang for lang in LANGUAGES if (site / lang / "index.html").is_file()]


def book_pages(site: Path = SITE, lang: str = SOURCE_LANGUAGE) -> list[str]:
    """Page names (``questions/weight-shapes``) of one edition, found in its folder."""
    edition = site / lang
    pages = []
    for path in edition.rglob("*.html"):
        relative = path.relative_to(edition)
        if relative.parts[0] in NOT_PAGE_FOLDERS:
            continue
        name = relative.with_suffix("").as_posix()
        if name not in NOT_BOOK_PAGES:
            pages.append(name)
    return sorted(pages)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path = SITE) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port in a background thread; yield its base URL
    (ending in ``/``). No cache headers are added: every visit of a new browser context is a
    first visit."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
