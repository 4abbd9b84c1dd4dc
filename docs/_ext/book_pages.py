"""The book's pages as the sources define them: path, label and title, in reading order.

The page "Linking to this book" (``docs/reference/linking.md``) prints its tables from this, the
tests check the site files against it, and ``site_meta`` uses its fingerprint to re-run that page
when a page, label or title changes. Nothing here imports Sphinx.

>>> pages = book_pages()
>>> pages[0].docname, pages[0].label
('index', 'book-index')
>>> page_url("https://example.org/book/", "ru", "questions/weight-shapes")
'https://example.org/book/ru/questions/weight-shapes.html'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1]
ROOT_DOC = "index"

_LABEL_TITLE = re.compile(r"^\((?P<label>[\w-]+)\)=\s*\n+#\s+(?P<title>.+?)\s*$", re.M)
_TOCTREE = re.compile(r"^```\{toctree\}\n(?P<body>.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class BookPage:
    """One page: ``docname`` (path without ``.md``), its ``label`` and its ``# Title``."""

    docname: str
    label: str
    title: str


def _toctree_docnames(index: Path) -> list[str]:
    """Entries of every ``{toctree}`` in the root page, in order (option lines skipped)."""
    names: list[str] = []
    for block in _TOCTREE.finditer(index.read_text(encoding="utf-8")):
        for line in block["body"].splitlines():
            entry = line.strip()
            if entry and not entry.startswith(":"):
                names.append(entry)
    return names


def page_of(path: Path, docs: Path = DOCS) -> BookPage:
    """Read the label and title at the top of one page: ``(label)=`` then ``# Title``."""
    match = _LABEL_TITLE.search(path.read_text(encoding="utf-8"))
    docname = path.relative_to(docs).with_suffix("").as_posix()
    if match is None:
        raise ValueError(f"{docname}.md has no '(label)=' line followed by a '# Title' line")
    return BookPage(docname, match["label"], match["title"])


def page_sources(docs: Path = DOCS) -> dict[str, Path]:
    """The source of every page, by docname, sorted: each ``.md`` file under ``docs`` outside
    folders whose name starts with ``_`` or ``.`` (builds, templates, extensions), and not a
    ``README.md``. The one list of the book's pages that the tests use too.

    >>> page_sources()["questions/weight-shapes"].name
    'weight-shapes.md'
    """
    return {
        path.relative_to(docs).with_suffix("").as_posix(): path
        for path in sorted(docs.rglob("*.md"))
        if not any(part.startswith(("_", ".")) for part in path.relative_to(docs).parts)
        and path.name != "README.md"
    }


def book_pages(docs: Path = DOCS) -> list[BookPage]:
    """Every page of the book: the root page, then the root page's toctrees in order, then any
    other page (sorted by path) so that no page is ever left out."""
    sources = page_sources(docs)
    order = [ROOT_DOC, *_toctree_docnames(docs / f"{ROOT_DOC}.md"), *sorted(sources)]
    seen: dict[str, None] = {}
    for name in order:
        if name in sources:
            seen.setdefault(name)
    return [page_of(sources[name], docs) for name in seen]


def inventory_name(language: str, source_language: str = "en") -> str:
    """The intersphinx name the page "Linking to this book" recommends for an edition: ``lstm``
    for the source edition, ``lstm_<language>`` in lowercase for the others. Lowercase because
    ``:ref:`` lowercases its whole target, the inventory name included: a project that names an
    inventory ``lstm_zh_CN`` gets "undefined label" for every ``lstm_zh_CN:...`` reference
    (tests/test_linking.py builds such a project).

    >>> [inventory_name(code) for code in ("en", "ru", "zh_CN", "ja")]
    ['lstm', 'lstm_ru', 'lstm_zh_cn', 'lstm_ja']
    """
    return "lstm" if language == source_language else f"lstm_{language.lower()}"


def page_url(base: str, language: str, docname: str) -> str:
    """The address of a page in one edition: ``<base><language>/<docname>.html``."""
    return f"{base.rstrip('/')}/{language}/{docname}.html"


def translated_titles(language: str, docs: Path = DOCS) -> dict[str, str]:
    """Each page's title in one edition, from its gettext catalog
    (``docs/locales/<language>/LC_MESSAGES/<page>.po``); a page whose catalog lacks a finished
    translation of its title keeps the source title.

    >>> translated_titles("xx")["index"] == book_pages()[0].title
    True
    """
    from babel.messages.pofile import read_po  # Sphinx's own dependency; read only here

    titles: dict[str, str] = {}
    for page in book_pages(docs):
        titles[page.docname] = page.title
        po = docs / "locales" / language / "LC_MESSAGES" / f"{page.docname}.po"
        if not po.is_file():
            continue
        with po.open("rb") as stream:
            message = read_po(stream).get(page.title)
        if message is not None and message.string and not message.fuzzy:
            titles[page.docname] = message.string
    return titles


def pages_fingerprint(docs: Path = DOCS) -> str:
    """SHA-256 of every page's path, label and title, in order, and of its title in every
    translation catalog under ``docs/locales``."""
    lines = [f"{p.docname}\t{p.label}\t{p.title}" for p in book_pages(docs)]
    locales = docs / "locales"
    languages = sorted(d.name for d in locales.iterdir() if d.is_dir()) if locales.is_dir() else []
    for language in languages:
        lines += [f"{language}\t{d}\t{t}" for d, t in translated_titles(language, docs).items()]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
