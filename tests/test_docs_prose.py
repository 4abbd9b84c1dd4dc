"""No shape, parameter count or summary is typed into the book's prose: it is glued from the
cell that computed it.

The rule this test enforces, on every ``docs/**/*.md`` page and on every translated ``msgstr``
of ``docs/locales/**/*.po``:

What counts as prose
    Everything a reader reads as running text: paragraphs, headings, list items, table cells,
    admonition and card bodies, directive titles, figure captions. NOT prose (removed before
    checking): front matter, ``(label)=`` targets, HTML comments, fenced code of any kind
    (``{code-cell}``, plain fences, ``{eval-rst}``, ``{literalinclude}``, ``{math}``, ``{toctree}``…),
    the option lines of directives (``:link: …``), inline code, roles with their content
    (``{glue:text}`…```, ``{ref}`…```, ``{math}`…```), dollar math (``$…$``, ``$$…$$``),
    ``\\begin{…}…\\end{…}`` math blocks, link targets and HTML tags.

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
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LOCALES = DOCS / "locales"

# Directives whose body is not prose: code, raw markup, math, file includes, tables of contents.
NON_PROSE_DIRECTIVES = {
    "code-cell",
    "code",
    "code-block",
    "sourcecode",
    "eval-rst",
    "literalinclude",
    "include",
    "math",
    "raw",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "toctree",
    "glue",
    "glue:any",
    "glue:math",
    "glue:md",
    "mermaid",
    "csv-table",
}

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[^}\s]+)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_LABEL = re.compile(r"^\s*\([\w:.-]+\)=\s*$")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def prose_lines(markdown: str) -> list[Line]:
    """The prose lines of a MyST page (see the module docstring), with their line numbers."""
    lines = markdown.splitlines()
    out: list[Line] = []
    i = 0
    if lines and lines[0].strip() == "---":  # front matter
        i = 1
        while i < len(lines) and lines[i].strip() != "---":
            i += 1
        i += 1
    # Stack of open fences: (char, length, is_prose, in_options)
    stack: list[list] = []
    in_comment = False
    in_math = False
    while i < len(lines):
        raw = lines[i]
        number = i + 1
        i += 1
        stripped = raw.strip()
        if in_comment:
            if "-->" in raw:
                in_comment = False
            continue
        skipping = any(not frame[2] for frame in stack)
        match = _FENCE.match(raw)
        if match:
            fence = match["fence"]
            info = match["info"].strip()
            top = stack[-1] if stack else None
            closes = top is not None and fence[0] == top[0] and len(fence) >= top[1] and not info
            if closes:
                stack.pop()
                continue
            if not skipping and not (top is not None and top[0] != ":" and fence[0] != top[0]):
                directive = _DIRECTIVE.match(info)
                if directive:
                    name = directive["name"]
                    prose = name not in NON_PROSE_DIRECTIVES
                    if prose and directive["arg"]:
                        out.append(Line(number, directive["arg"]))
                else:
                    prose = False  # a plain code fence
                stack.append([fence[0], len(fence), prose, True])
                continue
            if skipping:
                # a fence inside code: only track nesting of the same kind
                if top is not None and fence[0] == top[0] and info:
                    stack.append([fence[0], len(fence), False, False])
                continue
        if skipping:
            continue
        if stack and stack[-1][3]:  # directive options right after the opening line
            if _OPTION.match(raw):
                continue
            if stripped == "---":  # YAML options block
                while i < len(lines) and lines[i].strip() != "---":
                    i += 1
                i += 1
                stack[-1][3] = False
                continue
            stack[-1][3] = False
        if stripped.startswith("<!--"):
            if "-->" not in stripped:
                in_comment = True
            continue
        if in_math:
            if stripped.endswith("$$") or stripped.startswith(r"\end{"):
                in_math = False
            continue
        if stripped.startswith("$$"):
            if not (len(stripped) > 2 and stripped.endswith("$$")):
                in_math = True
            continue
        if stripped.startswith(r"\begin{"):
            if not re.search(r"\\end\{[^}]+\}\s*$", stripped):
                in_math = True
            continue
        if _LABEL.match(raw):
            continue
        out.append(Line(number, raw))
    return out


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


def markdown_problems(markdown: str) -> list[tuple[int, str]]:
    """(line number, typed number) for every offence on a MyST page."""
    problems = []
    for line in prose_lines(markdown):
        for hit in typed_numbers(strip_inline(line.text)):
            problems.append((line.number, hit))
    return problems


def doc_pages() -> list[Path]:
    return sorted(
        p
        for p in DOCS.rglob("*.md")
        if "_build" not in p.relative_to(DOCS).parts and "locales" not in p.relative_to(DOCS).parts
    )


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


def test_code_glue_math_and_options_are_not_prose():
    page = "\n".join(
        [
            "---",
            "title: (8, 40)",
            "---",
            "(q-label)=",
            "# A page",
            "",
            "The shape is {glue:text}`shape` and `(8, 40)` in code, $(n, 4u)$ in math, "
            "$$ (8, 40) $$ too, and [a link](https://example.invalid/(8,40)).",
            "",
            "```{code-cell} ipython3",
            "x = (8, 40)  # 17,152 parameters",
            "```",
            "",
            "```python",
            "(None, 5, 64)",
            "```",
            "",
            "::::{grid} 1 1 2 2",
            ":gutter: 3",
            "",
            ":::{grid-item-card} Title with `LSTM(10)`",
            ":link: q-label",
            "",
            "Card body.",
            ":::",
            "::::",
            "",
            "$$",
            "W \\in (8, 40)",
            "$$",
            "",
            "\\begin{aligned}",
            "(8, 40)",
            "\\end{aligned}",
            "",
            "<!-- (8, 40)",
            "-->",
            "```{eval-rst}",
            ".. automodule:: lstm_explained",
            "   (8, 40)",
            "```",
        ]
    )
    assert markdown_problems(page) == []
    prose = [line.text for line in prose_lines(page)]
    assert "Card body." in prose
    assert "Title with `LSTM(10)`" in prose


def test_prose_inside_directives_is_checked():
    page = "\n".join(
        [
            ":::{note}",
            ":class: dropdown",
            "",
            "The kernel is (8, 40).",
            ":::",
            "",
            "```{list-table}",
            ":header-rows: 1",
            "",
            "* - Layer",
            "  - 480 parameters",
            "```",
            "",
            "```{glue:figure} fig",
            ":alt: Heatmap of an (8, 40) kernel",
            "",
            "A kernel of shape (8, 40).",
            "```",
            "",
            "## Heading with 17,152",
        ]
    )
    hits = markdown_problems(page)
    assert [line for line, _ in hits] == [4, 11, 17, 20], hits


# --- the book ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_no_typed_numbers_in_page_prose(page):
    problems = markdown_problems(page.read_text(encoding="utf-8"))
    assert not problems, (
        "typed shapes or counts in prose (glue them from a code cell):\n"
        + "\n".join(f"{page.relative_to(ROOT)}:{line}: {hit}" for line, hit in problems)
    )


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda p: str(p.relative_to(LOCALES)))
def test_no_typed_numbers_in_translations(catalog):
    polib = pytest.importorskip("polib")
    problems = []
    for entry in polib.pofile(str(catalog)):
        if not entry.msgstr or entry.msgstr == entry.msgid:
            continue  # the source text itself is checked on its page
        for text in entry.msgstr.splitlines():
            for hit in typed_numbers(strip_inline(text)):
                problems.append(f"{hit!r} in msgstr of {entry.msgid[:60]!r}")
    assert not problems, f"{catalog.relative_to(ROOT)}:\n" + "\n".join(problems)
