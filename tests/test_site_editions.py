"""The translated editions of the built site (``docs/_build/site``) read as written in their
language (issue 10, i18n/TERMS.md §8), checked on the HTML a reader gets:

* no half-width space between a Chinese or Japanese character and a link whose rendered text
  starts (or ends) with one: 「见 术语表 中的」 shows as a gap;
* no interface string left in English: visible text and ``aria-label``/``title``/``alt``/
  ``placeholder`` attributes outside the article's prose, code, math and the language switcher,
  on every page of each translated edition, are in the edition's language, apart from the
  names on ``ALLOWED_LATIN`` (each with its reason);
* the search page's result count and the copy button's tooltips are translated
  (``translations.js``, ``copybutton.js``);
* glued numbers in prose are grouped as the language writes them (12 416, 12,416).

Skipped for an edition that is not built (``nox -s docs``).
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from html.parser import HTMLParser
from importlib.metadata import version

import polib
import pytest
from built_site import DOCS, LANGUAGES, SITE, SOURCE_LANGUAGE, book_pages, built_editions

pytestmark = pytest.mark.site  # needs the built site: `nox -s site`, after `nox -s docs`

TRANSLATED = [lang for lang in built_editions() if lang != SOURCE_LANGUAGE]
CJK_EDITIONS = [lang for lang in TRANSLATED if lang in ("zh_CN", "ja")]

CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
)
CJK_CHAR = re.compile(f"[{CJK}]")
SPACE = " \t\n\u00a0"

# Latin words an interface string of a translated edition may contain, and why.
ALLOWED_LATIN: dict[str, str] = {
    "LSTM": "the book's title (LSTM Explained) and the layer's name",
    "Explained": "the book's title, a proper name kept in every edition",
    "Keras": "a product name, kept in Latin script (i18n/TERMS.md §1)",
    "GRU": "a layer's name (§1)",
    "SimpleRNN": "a layer's name (§1)",
    "NumPy": "a product name (§1)",
    "PyTorch": "a product name",
    "TensorFlow": "a product name (§1)",
    "API": "written in Latin script in all three languages",
    "PDF": "a file format's name",
    "JavaScript": "a product name",
    "Jupyter": "a product name",
    "Notebook": "part of the product name Jupyter Notebook",
    "PEP": "Python Enhancement Proposal numbers are cited in Latin script",
    "Python": "a product name",
    "RNN": "an abbreviation used in Latin script in all three languages",
    "seq2seq": "a term used in Latin script (a Russian heading gives it in brackets)",
    "units": "the Keras argument named in page titles, kept in English (§4, §5, §6)",
    "Dense": "a layer's name (§1)",
    "Sphinx": "a product name",
    "intersphinx": "the name of a Sphinx extension",
}
# Pages that Sphinx writes whose whole body is interface (their text is checked too).
GENERATED_PAGES = ["genindex", "search", "py-modindex"]
# Elements whose content is never an interface string: code, math, the language switcher
# (each language's name in its own script), and the prose of the article (translated through
# the page catalogs and checked by tests/test_catalogs.py).
SKIP_CLASSES = {
    "highlight",
    "math",
    "lstm-lang-switcher",
    "notranslate",
    "sig",
    "descname",
    "descclassname",
    "pre",
    "MathJax",
}
SKIP_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "math", "svg", "template"}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-tooltip")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?:['’][a-z]+)?")


def _editions(langs: list[str]) -> list:
    return langs or [pytest.param(None, marks=pytest.mark.skip("no translated edition built"))]


# `nox -s site` (after `nox -s docs`, as CI runs it) sets this: every edition must be built, so
# that a missing edition fails the run instead of skipping the tests that need it.
if os.environ.get("LSTM_EXPLAINED_ALL_EDITIONS", "") not in ("", "0"):
    _missing = sorted(set(LANGUAGES) - set(built_editions()))
    if _missing:
        raise RuntimeError(
            f"LSTM_EXPLAINED_ALL_EDITIONS is set but {SITE} lacks the editions {_missing}: "
            "build them with `nox -s docs`"
        )


class _Strings(HTMLParser):
    """The interface strings of a page: visible text outside skipped elements (and, unless
    ``with_article``, outside the article body), and the listed attributes."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    )

    def __init__(self, with_article: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.with_article = with_article
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, article)
        self.strings: list[tuple[str, str]] = []

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        skipped, article = self._state()
        skipped = skipped or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        skipped = skipped or found.get("translate") == "no"
        article = article or (tag == "article" and "bd-article" in classes)
        if tag == "head":
            skipped = True
        if not skipped:
            for name in ATTRIBUTES:
                value = found.get(name)
                # inside the article, an image's alt text and a cross-reference's title (the
                # target's title) are prose, translated in the page catalogs
                prose = article and (
                    (name == "alt" and tag == "img")
                    or (name == "title" and tag == "a" and "reference" in classes)
                )
                if value and not prose:
                    self.strings.append((f"<{tag} {name}>", value))
        if tag not in self.VOID:
            self.stack.append((tag, skipped, article))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        skipped, article = self._state()
        if skipped or (article and not self.with_article) or not data.strip():
            return
        self.strings.append((self.stack[-1][0] if self.stack else "", data.strip()))


def english_strings(html: str, with_article: bool) -> list[str]:
    parser = _Strings(with_article)
    parser.feed(html)
    found = []
    for where, text in parser.strings:
        if re.fullmatch(r"\.[a-z]+", text):  # a file type in the download menu: .md, .pdf
            continue
        # an index entry starts with the object's name: size (… attribute), to_text() (…)
        text = re.sub(r"^[A-Za-z_][A-Za-z0-9_.]*(?:\(\))?(?=\s*[（(])", "", text)
        # identifiers (lstm_explained.shapes, to_text(), LSTMSpec) are names, not English
        words = [
            w
            for w in IDENTIFIER.findall(text)
            if w not in ALLOWED_LATIN and not re.search(r"[_.]|[a-z][A-Z]|\d", w)
        ]
        words = [w for w in words if len(w) > 1]
        if words:
            found.append(f"{where}: {text!r}")
    return found


def _page_names(lang: str) -> list[str]:
    names = book_pages(SITE, lang)
    return names + [name for name in GENERATED_PAGES if (SITE / lang / f"{name}.html").is_file()]


@pytest.mark.parametrize("lang", _editions(TRANSLATED))
def test_site_interface_strings_are_in_the_editions_language(lang):
    problems = []
    for name in _page_names(lang):
        html = (SITE / lang / f"{name}.html").read_text(encoding="utf-8")
        for string in english_strings(html, with_article=name in GENERATED_PAGES):
            problems.append(f"{name}: {string}")
    assert not problems, f"English interface strings in the {lang} edition:\n" + "\n".join(
        sorted(set(problems))
    )


def test_site_interface_string_finder_sees_english():
    """The finder above is not blind: it reports what the issue quoted."""
    html = (
        '<html><body><nav aria-label="Main"><a href="x">LSTM 方程</a></nav>'
        '<article class="bd-article"><p>units 的值 <code>units=32</code></p>'
        '<span class="o" title="Keyword-only parameters separator (PEP 3102)">*</span></article>'
        '<p class="copyright">© Copyright 2026, LSTM Explained authors.</p>'
        '<div class="lstm-lang-switcher"><a>English</a></div></body></html>'
    )
    found = english_strings(html, with_article=False)
    assert any("Main" in item for item in found), found
    assert any("Keyword-only" in item for item in found), found
    assert any("Copyright" in item for item in found), found
    assert not any("English" in item or "units" in item for item in found), found


class _LinkSpacing(HTMLParser):
    """The article's text as one string per block, with the spans of its internal links."""

    BLOCKS = frozenset(
        {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "figcaption", "caption"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_article = 0
        self.skip = 0
        self.text: list[str] = []
        self.links: list[tuple[int, int, str]] = []
        self.open_links: list[int] = []
        self.blocks: list[tuple[str, list[tuple[int, int, str]]]] = []
        self.tags: list[str] = []

    def _flush(self) -> None:
        if self.text:
            self.blocks.append(("".join(self.text), self.links))
        self.text, self.links, self.open_links = [], [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        if tag == "article" and "bd-article" in classes:
            self.depth_article += 1
        if tag in self.BLOCKS:
            self._flush()
        self.tags.append(tag)
        if tag in SKIP_TAGS or classes & {"math", "highlight", "headerlink"}:
            self.skip += 1
            self.tags[-1] = f"!{tag}"
        if tag == "a":
            internal = "reference" in classes and "internal" in classes
            self.open_links.append(len("".join(self.text)) if internal else -1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open_links:
            start = self.open_links.pop()
            if start >= 0:
                text = "".join(self.text)
                self.links.append((start, len(text), text[start:]))
        for index in range(len(self.tags) - 1, -1, -1):
            if self.tags[index].lstrip("!") == tag:
                self.skip -= sum(1 for t in self.tags[index:] if t.startswith("!"))
                del self.tags[index:]
                break
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.depth_article and not self.skip:
            self.text.append(data)
        elif self.depth_article and self.skip:
            # code and math count as Latin text for spacing
            self.text.append("x" if data.strip() else data)


def link_spacing_problems(html: str) -> list[str]:
    parser = _LinkSpacing()
    parser.feed(html)
    parser._flush()
    problems = []
    for text, links in parser.blocks:
        for start, end, link in links:
            shown = link.strip(SPACE)
            if not shown:
                continue
            before = text[:start]
            after = text[end:]
            if CJK_CHAR.match(shown[0]) and re.search(f"[{CJK}][{SPACE}]+$", before):
                problems.append(f"space before {shown!r}: …{before[-12:]}|{shown[:12]}…")
            if CJK_CHAR.match(shown[-1]) and re.match(f"[{SPACE}]+[{CJK}]", after):
                problems.append(f"space after {shown!r}: …{shown[-12:]}|{after[:12]}…")
    return problems


@pytest.mark.parametrize("lang", _editions(CJK_EDITIONS))
def test_site_no_space_between_cjk_text_and_a_cjk_link(lang):
    problems = []
    for name in book_pages(SITE, lang):
        html = (SITE / lang / f"{name}.html").read_text(encoding="utf-8")
        problems += [f"{name}: {p}" for p in link_spacing_problems(html)]
    assert not problems, "run `nox -s i18n-rules` (i18n/cjk_links.py):\n" + "\n".join(problems)


def test_site_link_spacing_finder_sees_the_gaps():
    html = (
        '<article class="bd-article"><p>见 <a class="reference internal" href="g.html">'
        '<span class="std std-ref">术语表</span></a> 中的定义，'
        '<a class="reference internal" href="e.html">LSTM 方程</a>一页，'
        '<a class="reference internal" href="e.html">API 参考</a>与 <code>x</code></p></article>'
    )
    problems = link_spacing_problems(html)
    assert len(problems) == 2, problems
    assert "space before '术语表'" in problems[0] and "space after '术语表'" in problems[1]


def _translations(lang: str) -> dict:
    script = (SITE / lang / "_static" / "translations.js").read_text(encoding="utf-8")
    body = script[script.index("(") + 1 : script.rindex(")")]
    return json.loads(body)["messages"]


@pytest.mark.parametrize("lang", _editions(TRANSLATED))
def test_site_search_result_count_is_translated(lang):
    messages = _translations(lang)
    count = messages.get("Search finished, found one page matching the search query.")
    assert isinstance(count, list) and count and all(count), count
    assert all("${resultCount}" in form for form in count), count
    assert not any(LATIN_WORD.search(form.replace("${resultCount}", "")) for form in count)


@pytest.mark.parametrize("lang", _editions(TRANSLATED))
def test_site_copy_button_tooltips_are_translated(lang):
    script = (SITE / lang / "_static" / "copybutton.js").read_text(encoding="utf-8")
    tag = lang.replace("_", "-")
    match = re.search(rf"(?:messages\[\"{tag}\"\] = |'{tag}' ?: )(\{{.*?\}})", script, re.S)
    assert match, f"no copy button messages for {tag}"
    text = match.group(1)
    assert "Copy" not in text and "Copied" not in text, text


@pytest.mark.parametrize("lang", _editions(TRANSLATED))
def test_site_glued_numbers_are_grouped_in_prose(lang):
    separator, fewest = {"ru": ("\u202f", 5), "zh_CN": (",", 5), "ja": (",", 4)}[lang]
    pasted = re.compile(r'<span class="pasted-text">([^<]*)</span>')
    seen = 0
    for name in book_pages(SITE, lang):
        html = (SITE / lang / f"{name}.html").read_text(encoding="utf-8")
        for value in pasted.findall(html):
            digits = value.replace(separator, "")
            if not re.fullmatch(r"-?\d+", digits):
                continue
            assert len(digits.lstrip("-")) < fewest or separator in value, f"{name}: {value!r}"
            seen += len(digits.lstrip("-")) >= fewest
    assert seen, "no glued number long enough to be grouped: is this the built site?"


class _Flow(HTMLParser):
    """A page's visible text outside code and math as one string (a block element starts a new
    line; code and math stand as ``x``), and its attribute strings (aria-label, title…)."""

    BLOCKS = frozenset(
        {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div", "nav"}
        | {"figcaption", "caption", "title", "summary", "label", "button", "a", "header"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.text: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        outer = bool(self.stack) and self.stack[-1][1]
        skipped = outer or tag in SKIP_TAGS or bool(classes & {"highlight", "math", "MathJax"})
        if not skipped:
            for name in ATTRIBUTES:
                if found.get(name):
                    self.attributes.append((f"<{tag} {name}>", found[name]))
        if tag in self.BLOCKS:
            self.text.append("\n")
        if skipped and not outer:
            self.text.append("x")
        if tag not in _Strings.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in self.BLOCKS:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]):
            self.text.append(data)


HALF_WIDTH_AFTER_CJK = re.compile(f"[{CJK}][ \u00a0]?[:;,!?](?=\\s|$)")
# A shape written with words keeps the tuple's commas: (批大小, 时间步数, 特征数).
TUPLE = re.compile(r"\([^()]*\)")


def half_width_punctuation(html: str) -> list[str]:
    """Half-width ``:`` ``;`` ``,`` ``!`` ``?`` after a Chinese or Japanese character, in the
    visible text (outside code, math and tuples) and the attribute strings of a page."""
    parser = _Flow()
    parser.feed(html)
    text = TUPLE.sub("()", "".join(parser.text))
    found = [
        f"…{text[max(0, m.start() - 12) : m.end() + 12]}…".replace("\n", " ")
        for m in HALF_WIDTH_AFTER_CJK.finditer(text)
    ]
    found += [
        f"{where}: {value!r}"
        for where, value in parser.attributes
        if HALF_WIDTH_AFTER_CJK.search(TUPLE.sub("()", value))
    ]
    return found


@pytest.mark.parametrize("lang", _editions(CJK_EDITIONS))
def test_site_no_half_width_punctuation_after_cjk_text(lang):
    """「参数：」, 「语言：简体中文」: the API page's field names, the language menu and every other
    label end in the full-width colon (i18n/TERMS.md §8)."""
    problems = []
    for name in _page_names(lang):
        html = (SITE / lang / f"{name}.html").read_text(encoding="utf-8")
        problems += [f"{name}: {p}" for p in half_width_punctuation(html)]
    assert not problems, "\n".join(problems)


def test_site_half_width_punctuation_finder_sees_it():
    html = (
        '<html><body><details><summary aria-label="语言: 简体中文">简体中文</summary></details>'
        '<dl class="field-list"><dt>参数<span class="colon">:</span></dt><dd>units</dd></dl>'
        "<p>形状为 (2, 5), 见 <code>参数: x</code>, $x$：ok; Parameters: fine, (批大小, 特征数)</p>"
        "</body></html>"
    )
    found = half_width_punctuation(html)
    assert len(found) == 2, found
    assert "参数:" in found[0] and "语言: 简体中文" in found[1]


@pytest.mark.parametrize("lang", _editions(["en", *TRANSLATED]))
def test_site_api_field_names_end_in_the_editions_colon(lang):
    html = (SITE / lang / "reference" / "api.html").read_text(encoding="utf-8")
    colons = re.findall(r'<dt class="field-(?:odd|even)">[^<]*<span class="colon">(.)</span>', html)
    assert len(colons) > 10, "no field list on the API page"
    assert set(colons) == {"：" if lang in ("zh_CN", "ja") else ":"}


@pytest.mark.parametrize("lang", _editions(CJK_EDITIONS))
def test_site_glued_lists_of_shapes_are_joined_as_the_language_lists(lang):
    """what-units-means glues lists of shapes built with ", ".join: 「(2, 4, 5)、(2, 5) 和 (2, 5)」."""
    pasted = re.compile(r'<span class="pasted-text">([^<]*)</span>')
    joined = 0
    for name in book_pages(SITE, lang):
        html = (SITE / lang / f"{name}.html").read_text(encoding="utf-8")
        for value in pasted.findall(html):
            assert "), (" not in value, f"{name}: {value!r}"
            joined += bool(re.search(r"\)(?:、| 和 )\(", value))
    assert joined >= 3, "fewer glued lists of shapes than what-units-means has"


# -- The versions in each page's footer (docs/_ext/page_versions.py) ------------------------
# (module a page imports, name shown, distribution): Keras, TensorFlow and NumPy on every page.
LIBRARIES = (
    ("keras", "Keras", "keras"),
    ("tensorflow", "TensorFlow", "tensorflow"),
    ("numpy", "NumPy", "numpy"),
    ("torch", "PyTorch", "torch"),
    ("tf_keras", "tf-keras", "tf-keras"),
)
EVERY_PAGE = ("keras", "tensorflow", "numpy")
VERSIONS_LINE = re.compile(r'<p class="lstm-versions">(.*?)</p>', re.S)
SENTENCES = {  # the template's two messages: (page's own run, the book's runs)
    "page": "Versions that produced this page’s outputs: %(versions)s",
    "book": "Versions that produced this book’s outputs: %(versions)s",
}


def _sentence(lang: str, scope: str) -> str:
    """The edition's sentence, from the theme catalog the build translates it with."""
    if lang == SOURCE_LANGUAGE:
        return SENTENCES[scope]
    catalog = polib.pofile(str(DOCS / "_theme_locales" / lang / "LC_MESSAGES" / "sphinx.po"))
    entry = catalog.find(SENTENCES[scope])
    assert entry and entry.msgstr and not entry.fuzzy, f"{lang}: {SENTENCES[scope]!r} untranslated"
    return entry.msgstr


def _imports(page: str) -> set[str] | None:
    """The modules of LIBRARIES that the page's source imports; None if it runs no code."""
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    if "```{code-cell}" not in source:
        return None
    found = {
        module
        for module, _, _ in LIBRARIES
        if re.search(rf"^\s*(?:import|from)\s+{module}\b", source, re.M)
    }
    if "keras" in found:  # Keras 3 imports TensorFlow, its backend here, and NumPy
        found |= {"tensorflow", "numpy"}
    return found


@pytest.mark.parametrize("lang", built_editions() or _editions([]))
def test_site_every_page_names_the_versions_that_produced_it(lang):
    """Every page's footer names, in the edition's language, the installed versions (the
    environment that built the site is the one running this test) of Keras, TensorFlow and
    NumPy, and of PyTorch and tf-keras on the pages that import them."""
    installed = {module: version(dist) for module, _, dist in LIBRARIES}
    problems = []
    pages = _page_names(lang)
    for name in pages:
        html = (SITE / lang / f"{name}.html").read_text(encoding="utf-8")
        lines = VERSIONS_LINE.findall(html)
        if len(lines) != 1:
            problems.append(f"{name}: {len(lines)} versions lines")
            continue
        imported = _imports(name) if (DOCS / f"{name}.md").is_file() else None
        scope = "page" if imported else "book"  # the book's versions if it used none
        expected = set(EVERY_PAGE) | (imported or set(installed))
        shown = " · ".join(
            f"{label} {installed[module]}" for module, label, _ in LIBRARIES if module in expected
        )
        text = " ".join(unescape(re.sub(r"<[^>]+>", "", lines[0])).split())
        wanted = _sentence(lang, scope) % {"versions": shown}
        if text != wanted:
            problems.append(f"{name}: {text!r}, expected {wanted!r}")
    assert len(pages) > 10, pages
    assert not problems, "\n".join(problems)
