"""No shape, parameter count or summary is typed into the book's prose: it is glued from the
cell that computed it.

The rule this test enforces, on the messages of every page of the book (the English text) and on
every translated ``msgstr`` of ``docs/locales/**/*.po``:

What counts as prose
    Every message the book gives its readers and translators: what Sphinx's gettext builder
    extracts from the pages (paragraphs, headings, list items, table cells, admonition and
    card bodies, directive titles, figure captions and alt text, the API docstrings), read from
    a fresh extraction (the ``.pot`` templates ``nox -s i18n`` writes), and every translated
    ``msgstr``. Code cells, literal blocks and math blocks are not messages. Inside a message,
    these are not prose and are removed before checking: inline code, roles with their content
    (``{glue:text}`…```, ``{ref}`…```, ``{math}`…```, ``:func:`…```), dollar math (``$…$``,
    ``$$…$$``), link targets and HTML tags.

What counts as a typed number (any of these in prose fails the test)
    * a shape tuple: parentheses holding integers or ``None`` with at least one comma, e.g.
      ``(None, 5, 64)``, ``(8, 40)``, ``(40,)``, also with full-width ``（，）``;
    * a product of sizes: ``8×40``, ``8 × 40``, ``8x40``;
    * a digit-grouped number, which in this book is always a count: ``17,152``, ``17 152``
      (no-break or thin space);
    * a number of two or more digits right next to the word "parameter" in any edition
      (param/parameter(s), параметр…, 参数, パラメータ): ``17152 parameters``,
      ``parameters: 17152``, ``the parameter count is 480``, ``480 个参数``, ``パラメータ数は 480``.

What is allowed
    Small numbers and version numbers in prose (``Keras 3``, ``Python 3.11``, "four gates"),
    numbers that are the reader's input rather than a computed result when not written as a
    shape or next to "parameter" ("13 and 100 timesteps"), and a layer call such as
    ``LSTM(10)`` — a hyperparameter chosen by the author, not a result; the style is to write it
    as inline code anyway. Shapes and counts belong in code cells or glue roles, where the build
    computes them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

polib = pytest.importorskip("polib")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LOCALES = DOCS / "locales"
sys.path.insert(0, str(DOCS / "_ext"))
from book_pages import page_sources  # noqa: E402

_ROLE = re.compile(r"\{[\w:.+-]+\}(`+)(?:(?!\1).)+?\1")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$")
_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$]+?(?<![\\\s])\$")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
_HTML = re.compile(r"<[^>]+>")
_SUBSTITUTION = re.compile(r"\{\{.*?\}\}")


def strip_inline(text: str) -> str:
    """Remove what is not prose inside a line: roles, inline code, math, link targets, HTML."""
    for pattern in (_ROLE, _INLINE_CODE, _DISPLAY_MATH, _MATH, _SUBSTITUTION, _LINK_TARGET, _HTML):
        text = pattern.sub(" ", text)
    return text


_NUM = r"\d+"
_SHAPE = re.compile(r"[(（]\s*(?:None|\d+)\s*[,，、](?:\s*(?:None|\d+)\s*[,，、]?)*\s*[)）]")
_PRODUCT = re.compile(r"(?<![\w.])\d+\s*×\s*\d+|(?<![\w.])\d+x\d+(?![\w.])")
_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:(?:,|[\u00a0\u202f\u2009])\d{3})+(?![\w.]|,\d)")
_PARAM = r"(?:param(?:eter)?s?\b|параметр\w*|参数|パラメー?タ)"
_BIG = r"(?<![\w.,])\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?![\w.])|(?<![\w.,])\d{2,}(?![\w.,])"
_COUNT_WORDS = r"(?:\s*(?:count|counts|total|数|量|数量|の数|总数|个数|число|количество))?"
_CONNECT = (
    r"(?:\s*(?:[:=：]|is|are|of|equals|equal to|равно|равен|составляет|—|–|为|是|有|は|が|：))?"
)
_PARAM_COUNT = re.compile(
    rf"(?:{_BIG})(?:\s*[^\W\d]{{1,15}}){{0,2}}?\s*(?:个|個の|個|つの)?\s*{_PARAM}"
    rf"|{_PARAM}{_COUNT_WORDS}{_CONNECT}\s*(?:{_BIG})",
    re.IGNORECASE,
)


def typed_numbers(text: str) -> list[str]:
    """The typed shapes and parameter counts found in a piece of prose (already stripped)."""
    found: list[str] = []
    for pattern in (_SHAPE, _PRODUCT, _GROUPED, _PARAM_COUNT):
        found.extend(m.group(0).strip() for m in pattern.finditer(text))
    return found


def message_problems(template: Path) -> list[str]:
    """The typed numbers in the messages of one ``.pot`` (or ``.po``) file's msgids."""
    return [
        f"{hit!r} in {entry.msgid[:70]!r}"
        for entry in polib.pofile(str(template))
        if not entry.obsolete
        for hit in typed_numbers(strip_inline(entry.msgid))
    ]


def catalogs() -> list[Path]:
    return sorted(LOCALES.rglob("*.po")) if LOCALES.is_dir() else []


# --- the detector on examples ------------------------------------------------------------

TYPED = [
    "The output shape is (None, 5, 64).",
    "get_weights() gives (8, 40), then the recurrent kernel.",
    "the bias has shape (40,) and",
    "a (None, None) shape",
    "形状为（8，40）的矩阵",
    "the kernel is an 8×40 matrix",
    "an 8 × 40 matrix",
    "an 8x40 matrix",
    "The model has 17,152 parameters.",
    "В модели 17 152 параметра.",
    "This layer has 480 trainable parameters",
    "with 480 params",
    "Total parameters: 17152",
    "the parameter count is 480",
    "число параметров равно 480",
    "该层共有 480 个参数",
    "参数量为 480",
    "パラメータ数は 480 です",
    "480 個のパラメータ",
    "The summary says 1,234,567 in total.",
]

NOT_TYPED = [
    "Keras 3 stores one kernel per layer.",
    "In Keras 2 there were 12 attributes.",
    "Python 3.11 or newer",
    "LSTM(10) on eight timesteps",
    "the same parameter count for 13 and for 100 timesteps",
    "The four gates share one kernel; every parameter is trained.",
    "parameters are counted per layer",
    "Section 2, step 3",
    "(see above)",
    "a list (of shapes, counts)",
    "Keras 3.15 (2026)",
    "4 parameters",
    "按时间步 13 和 100 计算",
]


@pytest.mark.parametrize("text", TYPED)
def test_detector_flags_typed_numbers(text):
    assert typed_numbers(strip_inline(text)), text


@pytest.mark.parametrize("text", NOT_TYPED)
def test_detector_allows_ordinary_prose(text):
    assert typed_numbers(strip_inline(text)) == [], text


def test_roles_code_math_and_links_are_not_prose():
    message = (
        "The shape is {glue:text}`shape` and `(8, 40)` in code, $(n, 4u)$ in math, "
        "$$ (8, 40) $$ too, :func:`f(8, 40)` and [a link](https://example.invalid/(8,40))."
    )
    assert typed_numbers(strip_inline(message)) == []
    assert typed_numbers(strip_inline(message + " The kernel is (8, 40).")) == ["(8, 40)"]


def test_a_typed_number_in_a_message_is_found(tmp_path):
    template = tmp_path / "page.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "A kernel of shape (8, 40)."\nmsgstr ""\n\n'
        'msgid "Glued: {glue:text}`kernel_shape`."\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert message_problems(template) == ["'(8, 40)' in 'A kernel of shape (8, 40).'"]


# --- the book ------------------------------------------------------------------------------


@pytest.mark.docs
@pytest.mark.parametrize("page", list(page_sources(DOCS)))
def test_no_typed_numbers_in_page_prose(page, fresh_templates):
    template = fresh_templates / f"{page}.pot"
    if not template.is_file():
        pytest.fail(f"docs/{page}.md yields no messages: is it still a page of the book?")
    problems = message_problems(template)
    assert not problems, (
        f"typed shapes or counts in the prose of docs/{page}.md (glue them from a code cell):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda p: str(p.relative_to(LOCALES)))
def test_no_typed_numbers_in_translations(catalog):
    problems = []
    for entry in polib.pofile(str(catalog)):
        if not entry.msgstr or entry.msgstr == entry.msgid:
            continue  # the source text itself is checked on its page
        for text in entry.msgstr.splitlines():
            for hit in typed_numbers(strip_inline(text)):
                problems.append(f"{hit!r} in msgstr of {entry.msgid[:60]!r}")
    assert not problems, f"{catalog.relative_to(ROOT)}:\n" + "\n".join(problems)
