"""Japanese search that splits the reader's query the way the index was split.

Sphinx splits Japanese text into words with TinySegmenter when it builds the index
(``忘却ゲート`` is indexed as ``忘却`` and ``ゲート``), but gives the search page no splitter for
the query, so a query typed as Japanese is written, without spaces, is one unknown word and
finds nothing. This extension hands the page the same TinySegmenter, its model taken from
Sphinx's own, and drops one-character words as the index does. Loaded by ``cjk_text``.
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import languages
from sphinx.search.ja import DefaultSplitter
from sphinx.search.ja import SearchJapanese as _SphinxSearchJapanese


def _model() -> dict[str, Any]:
    """TinySegmenter's weights (BIAS__, BC1__, ...) as Sphinx's Python splitter holds them."""
    return {
        name: value
        for name, value in vars(DefaultSplitter).items()
        if name.endswith("__") and not name.startswith("__")
    }


def _char_types() -> list[list[str]]:
    return [[pattern.pattern, kind] for pattern, kind in DefaultSplitter.patterns_.items()]


# A port of DefaultSplitter.split (sphinx/search/ja.py), itself a port of TinySegmenter.
# `var`: searchtools.js declares its own splitQuery with `var` when none exists.
_JS_TEMPLATE = """
var splitQuery = (() => {
  const m = %(model)s;
  const types = %(types)s.map(([pattern, kind]) => [new RegExp(pattern), kind]);
  const ctype = (c) => { for (const [re, kind] of types) if (re.test(c)) return kind; return "O"; };
  const ts = (table, key) => table[key] || 0;
  const segment = (input) => {
    if (!input) return [];
    const chars = Array.from(input);
    const seg = ["B3", "B2", "B1", ...chars, "E1", "E2", "E3"];
    const ct = ["O", "O", "O", ...chars.map(ctype), "O", "O", "O"];
    const result = [];
    let word = seg[3], p1 = "U", p2 = "U", p3 = "U";
    for (let i = 4; i < seg.length - 3; i++) {
      const [w1, w2, w3, w4, w5, w6] = seg.slice(i - 3, i + 3);
      const [c1, c2, c3, c4, c5, c6] = ct.slice(i - 3, i + 3);
      let score = m.BIAS__
        + ts(m.UP1__, p1) + ts(m.UP2__, p2) + ts(m.UP3__, p3)
        + ts(m.BP1__, p1 + p2) + ts(m.BP2__, p2 + p3)
        + ts(m.UW1__, w1) + ts(m.UW2__, w2) + ts(m.UW3__, w3)
        + ts(m.UW4__, w4) + ts(m.UW5__, w5) + ts(m.UW6__, w6)
        + ts(m.BW1__, w2 + w3) + ts(m.BW2__, w3 + w4) + ts(m.BW3__, w4 + w5)
        + ts(m.TW1__, w1 + w2 + w3) + ts(m.TW2__, w2 + w3 + w4)
        + ts(m.TW3__, w3 + w4 + w5) + ts(m.TW4__, w4 + w5 + w6)
        + ts(m.UC1__, c1) + ts(m.UC2__, c2) + ts(m.UC3__, c3)
        + ts(m.UC4__, c4) + ts(m.UC5__, c5) + ts(m.UC6__, c6)
        + ts(m.BC1__, c2 + c3) + ts(m.BC2__, c3 + c4) + ts(m.BC3__, c4 + c5)
        + ts(m.TC1__, c1 + c2 + c3) + ts(m.TC2__, c2 + c3 + c4)
        + ts(m.TC3__, c3 + c4 + c5) + ts(m.TC4__, c4 + c5 + c6)
        + ts(m.UQ1__, p1 + c1) + ts(m.UQ2__, p2 + c2) + ts(m.UQ1__, p3 + c3)
        + ts(m.BQ1__, p2 + c2 + c3) + ts(m.BQ2__, p2 + c3 + c4)
        + ts(m.BQ3__, p3 + c2 + c3) + ts(m.BQ4__, p3 + c3 + c4)
        + ts(m.TQ1__, p2 + c1 + c2 + c3) + ts(m.TQ2__, p2 + c2 + c3 + c4)
        + ts(m.TQ3__, p3 + c1 + c2 + c3) + ts(m.TQ4__, p3 + c2 + c3 + c4);
      let p = "O";
      if (score > 0) { result.push(word.trim()); word = ""; p = "B"; }
      p1 = p2; p2 = p3; p3 = p;
      word += seg[i];
    }
    result.push(word.trim());
    return result;
  };
  return (query) => query
    .split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .flatMap(segment)
    .filter((word) => Array.from(word).length > 1);
})();
"""


def js_splitter_code() -> str:
    return _JS_TEMPLATE % {
        "model": json.dumps(_model(), ensure_ascii=False, separators=(",", ":")),
        "types": json.dumps(_char_types(), ensure_ascii=False),
    }


class SearchJapanese(_SphinxSearchJapanese):
    """Sphinx's Japanese search, plus the query splitter for the search page."""

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        # Only the default splitter has a browser twin; another one keeps Sphinx's behaviour.
        if isinstance(self.splitter, DefaultSplitter):
            self.js_splitter_code = js_splitter_code()


def setup(app: Sphinx) -> dict[str, Any]:
    languages["ja"] = SearchJapanese
    return {"parallel_read_safe": True, "parallel_write_safe": True}
