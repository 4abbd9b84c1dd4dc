"""Keep the index entries in the search index of an incremental build.

The search page finds a function by its index entry (``build_model() (in module
lstm_explained.keras_bridge)``) through the ``indexentries`` of ``searchindex.js``. Sphinx
gathers them while it writes each page and, in a build that writes only some pages, reads the
titles and words of the others back from the previous ``searchindex.js`` but not their index
entries (sphinx-doc/sphinx#12599, open): after any rebuild that left the API page alone the
search no longer found a single function, in every edition. This extension reads them back
too, and drops those of removed pages; it also drops the words that no page holds any longer
(Sphinx kept each with an empty list of pages). An incremental build writes the index a cold
build writes (tests/test_search_index_entries.py).
"""

from __future__ import annotations

import io
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

_load = IndexBuilder.load
_prune = IndexBuilder.prune
_freeze = IndexBuilder.freeze


def _load_with_index_entries(self: IndexBuilder, stream: Any, format: Any) -> None:
    data = stream.read()
    _load(self, io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data), format)
    frozen = (self.formats[format] if isinstance(format, str) else format).loads(data)
    names = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {}
    # freeze() writes {entry (lower case): [(page index, anchor, is main entry)]}.
    for entry, places in (frozen.get("indexentries") or {}).items():
        for page, anchor, main in places:
            restored.setdefault(names[page], []).append((entry, anchor, "main" if main else ""))
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def _prune_index_entries(self: IndexBuilder, docnames: Any) -> None:
    keep = set(docnames)
    _prune(self, keep)
    for docname in [name for name in self._index_entries if name not in keep]:
        del self._index_entries[docname]
    # Words found only on the pages this build rewrites: their pages add them back when they
    # are read again; a word they no longer hold would stay in the index with no page.
    for mapping in (self._mapping, self._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]


def _freeze_in_page_order(self: IndexBuilder) -> dict[str, Any]:
    # A cold build feeds the pages in sorted order, and an entry's pages are listed in the
    # order they were fed: the same order here, whichever pages this build wrote.
    entries = sorted(self._index_entries.items())
    self._index_entries.clear()
    self._index_entries.update(entries)
    return _freeze(self)


def setup(app: Sphinx) -> dict[str, Any]:
    if not getattr(IndexBuilder, "_lstm_keeps_index_entries", False):
        IndexBuilder.load = _load_with_index_entries
        IndexBuilder.prune = _prune_index_entries
        IndexBuilder.freeze = _freeze_in_page_order
        IndexBuilder._lstm_keeps_index_entries = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}
