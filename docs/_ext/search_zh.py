"""Chinese search that splits the reader's query into the words of the index.

Sphinx segments Chinese text with jieba when it builds the index, but gives the search page no
splitter for the query, so a query written as Chinese is written, without spaces (遗忘门的偏置),
is one unknown word and finds nothing. jieba does not run in the browser; instead the page
splits each run of Chinese characters by forward maximum matching against the index's own
words (the longest indexed word at each position; characters that start none, such as 的, are
dropped). Loaded by ``cjk_text``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search import languages
from sphinx.search.zh import SearchChinese as _SphinxSearchChinese

# `var`: searchtools.js declares its own splitQuery with `var` when none exists. It runs when
# the index is loaded (Search.query parses the query), so Search._index is there.
JS_SPLITTER = r"""
var splitQuery = (() => {
  const han = /[\u3400-\u9fff\uf900-\ufaff]/;
  const longest = 8;
  const known = (word) => {
    const index = Search._index || {};
    return Object.hasOwn(index.terms || {}, word) || Object.hasOwn(index.titleterms || {}, word);
  };
  const runs = /[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/g;
  const segmentHan = (run) => {
    if (known(run)) return [run];
    const words = [];
    for (let i = 0; i < run.length; ) {
      let j = Math.min(run.length, i + longest);
      while (j > i + 1 && !known(run.slice(i, j))) j--;
      if (j > i + 1 || known(run.slice(i, j))) words.push(run.slice(i, j));
      i = j;
    }
    return words;
  };
  const segment = (chunk) => (known(chunk.toLowerCase()) ? [chunk] : chunk.match(runs)
    .flatMap((run) => (han.test(run) ? segmentHan(run) : [run])));
  return (query) => query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term)
    .flatMap(segment);
})();
"""


class SearchChinese(_SphinxSearchChinese):
    """Sphinx's Chinese search, plus the query splitter for the search page."""

    js_splitter_code = JS_SPLITTER


def setup(app: Sphinx) -> dict[str, Any]:
    languages["zh"] = SearchChinese
    return {"parallel_read_safe": True, "parallel_write_safe": True}
