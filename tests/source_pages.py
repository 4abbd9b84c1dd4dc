"""The book's pages read from the Markdown sources: path, label and title, in reading order.

The tests' own view of the pages, independent of Sphinx: the site tests check what the build
wrote (the page "Linking to this book" lists the pages from Sphinx's environment) against it.

>>> pages = book_pages()
>>> pages[0].docname, pages[0].label
('index', 'book-index')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
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


def book_pages(docs: Path = DOCS) -> list[BookPage]:
    """Every page of the book: the root page, then the root page's toctrees in order, then any
    other page (sorted by path) so that no page is ever left out."""
    sources = {
        path.relative_to(docs).with_suffix("").as_posix(): path
        for path in docs.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(docs).parts)
        and path.name != "README.md"
    }
    order = [ROOT_DOC, *_toctree_docnames(docs / f"{ROOT_DOC}.md"), *sorted(sources)]
    seen: dict[str, None] = {}
    for name in order:
        if name in sources:
            seen.setdefault(name)
    return [page_of(sources[name], docs) for name in seen]
