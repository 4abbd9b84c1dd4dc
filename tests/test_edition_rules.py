"""The per-edition rules of ``docs/_ext/edition_rules.py`` and the catalog fixer
``i18n/cjk_links.py``, tested on their own (the built site is checked by test_site_editions.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext"), str(ROOT / "i18n")]

edition_rules = pytest.importorskip("edition_rules")  # needs Sphinx (docs extra)
cjk_links = pytest.importorskip("cjk_links")
from languages import TRANSLATIONS  # noqa: E402

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("ru", "12416", f"12{NNBSP}416"),
        ("ru", "1024", "1024"),  # four digits stay whole in Russian
        ("ru", "1234567", f"1{NNBSP}234{NNBSP}567"),
        ("zh_CN", "29568", "29,568"),
        ("zh_CN", "1024", "1024"),
        ("ja", "1024", "1,024"),
        ("ja", "-123456", "-123,456"),
        ("ja", "180", "180"),
        ("en", "12416", "12416"),  # the English edition is left as it is
        ("ru", "(8, 40)", "(8, 40)"),  # shapes, decimals and ranges are not numbers to group
        ("ja", "1.5e-07", "1.5e-07"),
        ("ja", "8:12", "8:12"),
    ],
)
def test_edition_rules_group_digits(lang, value, expected):
    assert edition_rules.group_digits(value, lang) == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("ru", "4 × (64·32 + 32·32 + 32) = 12416", f"4 × (64·32 + 32·32 + 32) = 12{NNBSP}416"),
        ("ja", "32·2 + 2 = 1066", "32·2 + 2 = 1,066"),
        ("zh_CN", "4 × (2·64 + 64·64 + 64) = 17152", "4 × (2·64 + 64·64 + 64) = 17,152"),
        ("en", "4 × (2·64 + 64·64 + 64) = 17152", "4 × (2·64 + 64·64 + 64) = 17152"),
        ("ru", "(10000, 12)", "(10000, 12)"),  # a shape is not a formula
        ("ru", "Total params: 12416 (48.50 KB)", "Total params: 12416 (48.50 KB)"),
    ],
)
def test_edition_rules_group_digits_in_formula(lang, value, expected):
    assert edition_rules.group_digits_in_formula(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.0608", "0,0608"),  # «разница доходит до 0,0608»
        ("3.1", "3,1"),  # «умножается на 3,1»
        ("-0.5", "-0,5"),
        ("8.9e-08", "8,9·10⁻⁸"),  # e-notation is Python's, not Russian prose
        ("1.5e-07", "1,5·10⁻⁷"),
        ("2e+05", "2·10⁵"),
        ("0.0e+00", "0"),  # an exact zero
        ("12", "12"),  # integers are group_digits' business
        ("3.15.1", "3.15.1"),  # a version
        ("(8, 40)", "(8, 40)"),
        ("Total params: 16 (64.00 B)", "Total params: 16 (64.00 B)"),  # a printed line stays
    ],
)
def test_edition_rules_russian_decimal_comma(value, expected):
    assert edition_rules.russian_decimal(value) == expected


def _format_glued(lang: str, prose: list, in_code: str) -> list[str]:
    """The glued values after FormatGluedNumbers for ``lang``: a paragraph of ``prose`` (text,
    and strings as glued values), then ``in_code`` glued inside inline code."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    def glued(value):
        return nodes.inline(value, value, classes=["pasted-text"])

    document = new_document("<test>", get_default_settings(Parser))
    paragraph = nodes.paragraph()
    paragraph += [part if isinstance(part, nodes.Node) else glued(part) for part in prose]
    literal = nodes.literal()
    literal += glued(in_code)
    document += [paragraph, literal]
    config = type("Config", (), {"language": lang})()
    transform = type("T", (edition_rules.FormatGluedNumbers,), {"config": config})(document)
    transform.run()
    return [n.astext() for n in document.findall(nodes.inline) if "pasted-text" in n["classes"]]


def test_edition_rules_decimal_comma_only_in_russian_prose():
    """Glued decimals take the comma in Russian prose; a version after a program's name, code,
    and the other editions keep the point."""
    from docutils.nodes import Text

    prose = [Text("до "), "0.0608", Text(", Keras "), "3.5"]
    assert _format_glued("ru", prose, "0.25") == ["0,0608", "3.5", "0.25"]
    assert _format_glued("ja", prose, "0.25") == ["0.0608", "3.5", "0.25"]
    assert _format_glued("zh_CN", prose, "0.25") == ["0.0608", "3.5", "0.25"]


def test_edition_rules_russian_no_break_spaces():
    text = "Слой — это Keras 3 и Python 3.11; 4 Б на вес, а Бета и 4 Бара остаются"
    assert edition_rules.russian_typography(text) == (
        f"Слой{NBSP}— это Keras{NBSP}3 и Python{NBSP}3.11; 4{NBSP}Б на вес, а Бета и 4 Бара остаются"
    )


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"4\,u\,(n + u + 1),", r"4\,u\,(n + u + 1)"),
        (r"\text{params} = 4u\,(n + u + 1).", r"\text{params} = 4u\,(n + u + 1)"),
        ("a &= b, \\\\\nc &= d.\n\\end{aligned}", "a &= b, \\\\\nc &= d\n\\end{aligned}"),
        (r"W = [W_i, W_f]", r"W = [W_i, W_f]"),
    ],
)
def test_edition_rules_formula_punctuation(latex, expected):
    assert edition_rules.strip_formula_punctuation(latex) == expected


def test_edition_rules_translations_js_gets_the_search_count():
    sphinx_js = (
        "Documentation.addTranslations("
        + json.dumps(
            {
                "locale": "ru",
                "messages": {
                    "Search": "Поиск",
                    "Search finished, found one page matching the search query.": ["", "", "", ""],
                },
                "plural_expr": "n == 1 ? 0 : 1",
            }
        )
        + ");"
    )
    ours = {
        "Search finished, found one page matching the search query.": ["a ${resultCount}"] * 3,
        "Main": "not a JavaScript message",
    }
    merged = edition_rules.merge_translations_js(sphinx_js, ours)
    data = json.loads(merged[merged.index("(") + 1 : merged.rindex(")")])
    count = data["messages"]["Search finished, found one page matching the search query."]
    assert count == ["a ${resultCount}"] * 4  # as many forms as Sphinx's catalog has
    assert data["messages"]["Search"] == "Поиск" and "Main" not in data["messages"]


def test_edition_rules_copybutton_gets_the_editions_tooltips():
    script = "const messages = {\n  'en': {'copy': 'Copy'},\n}\n\nlet locale = 'en'\n"
    ours = {"Copy": "コピー", "Copied!": "コピーしました"}
    patched = edition_rules.patch_copybutton_js(script, "ja", ours)
    assert 'messages["ja"] = {"copy": "コピー", "copy_success": "コピーしました"};' in patched
    assert edition_rules.patch_copybutton_js(patched, "ja", ours) == patched  # idempotent


def test_edition_rules_template_rewrites_translate_literals():
    source = '<nav class="bd-links" aria-label="Main">{{ translate(\'By\') }} {{ author }}</nav>'
    for literal, replacement in edition_rules.TEMPLATE_REWRITES:
        source = source.replace(literal, replacement)
    assert "aria-label=\"{{ _('Main') }}\"" in source
    assert "{{ _('By %(author)s') % {'author': author} }}" in source


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_edition_rules_theme_catalog_translates_every_rewritten_literal(lang):
    catalog = edition_rules._catalog(lang, "sphinx")
    translated = {m.id for m in catalog if m.id and m.string}
    for _, replacement in edition_rules.TEMPLATE_REWRITES:
        msgid = replacement.split("_('", 1)[1].split("')", 1)[0]
        assert msgid in translated, f"{lang}: no translation of {msgid!r} in _theme_locales"
    plural = ("Search finished, found one page matching the search query.", "")
    assert any(isinstance(m.id, tuple) and m.id[0] == plural[0] for m in catalog if m.string)


def test_edition_rules_cjk_links_fixer(tmp_path):
    titles = cjk_links.Titles("zh_CN")
    fix = cjk_links.fix_message
    assert (
        fix("见 {ref}`术语表 <r-glossary>` 中的定义", "zh_CN", titles, "index")
        == "见{ref}`术语表 <r-glossary>`中的定义"
    )
    # a Latin side keeps its space
    assert (
        fix(
            "{ref}`LSTM 公式 <e-lstm-equations>` 一页，见 {ref}`API 参考 <r-api>`。",
            "zh_CN",
            titles,
            "index",
        )
        == "{ref}`LSTM 公式 <e-lstm-equations>`一页，见 {ref}`API 参考 <r-api>`。"
    )
    # a question title in mid-sentence goes in quotation marks
    assert (
        fix("详见 {ref}`会发生什么？ <q-x>` 一页。", "zh_CN", titles, "index")
        == "详见“{ref}`会发生什么？ <q-x>`”一页。"
    )
    # idempotent
    once = fix("详见 {ref}`会发生什么？ <q-x>` 一页。", "zh_CN", titles, "index")
    assert fix(once, "zh_CN", titles, "index") == once


def _translated(lang: str):
    messages = cjk_links.LOCALES / lang / "LC_MESSAGES"
    for path in sorted(messages.rglob("*.po")):
        docname = path.relative_to(messages).with_suffix("").as_posix()
        for message in cjk_links.load(path):
            if message.id and isinstance(message.string, str) and message.string:
                yield docname, message


@pytest.mark.parametrize("lang", ["zh_CN", "ja"])
def test_edition_rules_catalogs_have_no_space_around_cjk_links(lang):
    """The catalogs already follow the link spacing rule (what `nox -s i18n-rules` fixes)."""
    titles = cjk_links.Titles(lang)
    left = [
        f"{docname}: {message.string[:80]}"
        for docname, message in _translated(lang)
        if cjk_links.fix_message(message.string, lang, titles, docname) != message.string
    ]
    assert not left, "run `nox -s i18n-rules`:\n" + "\n".join(left)


def test_edition_rules_russian_words_do_not_hang_on_a_glued_number():
    """A glued number's value may change: no «(их N)», «все N», «N» as the only agreement."""
    bent = re.compile(r"\(их \{glue|\bвсе \{glue:text\}`[^`]*`[,.]")
    found = [f"{d}: {m.string[:100]}" for d, m in _translated("ru") if bent.search(m.string)]
    assert not found, "\n".join(found)


def test_edition_rules_template_literals_are_still_in_the_themes():
    """Each rewritten literal is still written by an installed theme template: after a theme
    upgrade that changes one, this fails instead of the English label silently coming back."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    sources = "".join(
        path.read_text(encoding="utf-8")
        for package in (sphinx_book_theme, pydata_sphinx_theme)
        for path in Path(package.__file__).parent.rglob("*.html")
    )
    stale = [literal for literal, _ in edition_rules.TEMPLATE_REWRITES if literal not in sources]
    assert stale == [], f"no theme template writes {stale}: update TEMPLATE_REWRITES"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("zh_CN", "(2, 4, 5), (2, 5), (2, 5)", "(2, 4, 5)、(2, 5) 和 (2, 5)"),
        ("zh_CN", "(4, 5), (4, 5)", "(4, 5) 和 (4, 5)"),
        ("ja", "(2, 4, 5), (2, 5), (2, 5)", "(2, 4, 5)、(2, 5)、(2, 5)"),
        ("ja", "(4, 5), (4, 5)", "(4, 5)、(4, 5)"),
        ("zh_CN", "(None, 5), (16,), ()", "(None, 5)、(16,) 和 ()"),
        ("en", "(2, 4, 5), (2, 5), (2, 5)", "(2, 4, 5), (2, 5), (2, 5)"),
        ("ru", "(2, 4, 5), (2, 5), (2, 5)", "(2, 4, 5), (2, 5), (2, 5)"),
        # one tuple is not a list: the commas inside it stay
        ("zh_CN", "(2, 4, 5)", "(2, 4, 5)"),
        # not a list of flat tuples: a Python list, a nested tuple, a mixed list, a printed line
        ("zh_CN", "[(2, 5), (2, 5)]", "[(2, 5), (2, 5)]"),
        ("ja", "((2, 5), (2, 5))", "((2, 5), (2, 5))"),
        ("ja", "(2, 5), 3", "(2, 5), 3"),
        ("zh_CN", "Total params: 16 (64.00 B), (2, 5)", "Total params: 16 (64.00 B), (2, 5)"),
    ],
)
def test_edition_rules_join_glued_list(lang, value, expected):
    assert edition_rules.join_glued_list(value, lang) == expected


def test_edition_rules_glued_lists_joined_only_in_cjk_prose():
    """A glued list of shapes is joined with 、 in Chinese and Japanese prose; the same value in
    code stays as printed, and the English and Russian editions keep ", "."""
    from docutils.nodes import Text

    shapes = "(2, 4, 5), (2, 5), (2, 5)"
    prose = [Text("形状为 "), shapes]
    assert _format_glued("zh_CN", prose, shapes) == ["(2, 4, 5)、(2, 5) 和 (2, 5)", shapes]
    assert _format_glued("ja", prose, shapes) == ["(2, 4, 5)、(2, 5)、(2, 5)", shapes]
    assert _format_glued("ru", prose, shapes) == [shapes, shapes]
    assert _format_glued("en", prose, shapes) == [shapes, shapes]


@pytest.mark.parametrize(("lang", "colon"), [("ru", ":"), ("zh_CN", "："), ("ja", "：")])
def test_edition_rules_label_colon_comes_from_the_theme_catalog(lang, colon):
    """The separator of the language menu's label, read from _theme_locales, is the field colon
    (an edition whose catalog does not translate the string keeps the English ':')."""
    catalog = edition_rules._catalog(lang, "sphinx")
    message = catalog.get(edition_rules.LABEL_TEMPLATE)
    template = message.string if message and message.string else edition_rules.LABEL_TEMPLATE
    assert edition_rules.label_colon(template) == colon


@pytest.mark.parametrize(
    ("template", "colon"),
    [("%(label)s: %(language)s", ":"), ("%(label)s：%(language)s", "：")],
)
def test_edition_rules_field_names_end_in_the_editions_colon(monkeypatch, template, colon):
    """docutils' own HTML translator with the mixin: 参数：/ パラメータ：, and English's 'Parameters:'
    as docutils writes it; the field's body is untouched."""
    import sphinx.locale
    from docutils.core import publish_parts
    from docutils.writers import html5_polyglot

    monkeypatch.setattr(sphinx.locale, "_", lambda message: template)

    class Translator(edition_rules.EditionFieldColon, html5_polyglot.HTMLTranslator):
        pass

    writer = html5_polyglot.Writer()
    writer.translator_class = Translator
    source = "Text.\n\n:参数: units: 单元数\n:返回类型: int\n"
    body = publish_parts(source, writer=writer)["body"]
    names = re.findall(r"<dt[^>]*>(.*?)</dt>", body, re.S)
    assert names == [
        f'参数<span class="colon">{colon}</span>',
        f'返回类型<span class="colon">{colon}</span>',
    ]
    assert "units: 单元数" in body
