"""Chinese and Japanese text: line breaking around formulas, and search queries.

* :class:`KeepCJKPunctuationWithMath` keeps full-width punctuation on the line of the inline
  formula before it.
* ``search_zh`` and ``search_ja`` give the search page a splitter for Chinese and Japanese
  queries that matches how the index was split (the index's own splitting, jieba with the
  book's user dictionary for Chinese, is configured per edition in ``conf.py``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# Closing punctuation of Chinese and Japanese text, which must not start a line.
CJK_CLOSING = "，。、；：？！）」』”’】》"


class KeepCJKPunctuationWithMath(SphinxPostTransform):
    """Keep a full-width comma or full stop on the line of the inline formula before it.

    MathJax draws ``$x_t$`` as an inline block, and the browser may break the line right after
    it, so that "，" starts the next line, which Chinese and Japanese typography forbids. The
    formula and the punctuation are wrapped in one ``<span class="lstm-nobr">`` (CSS:
    ``white-space: nowrap``).
    """

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for math in list(self.document.findall(nodes.math)):
            following = math.next_node(descend=False, siblings=True)
            if not isinstance(following, nodes.Text) or following.astext()[:1] not in CJK_CLOSING:
                continue
            text = following.astext()
            parent = math.parent
            wrapper = nodes.inline(classes=["lstm-nobr"])
            parent.replace(math, wrapper)
            wrapper += math
            wrapper += nodes.Text(text[0])
            if text[1:]:
                parent.replace(following, nodes.Text(text[1:]))
            else:
                parent.remove(following)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("search_ja")  # the search page splits Japanese queries like the index
    app.setup_extension("search_zh")  # ... and Chinese queries into the index's words
    app.add_post_transform(KeepCJKPunctuationWithMath)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
