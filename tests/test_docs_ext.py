"""The book's Sphinx extensions (docs/_ext) on small doctrees and small projects: CJK line
breaking, the editions' settings, the language switcher's links, and the lists of pages of
"Linking to this book"."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
from docutils import nodes
from docutils.core import publish_doctree

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext")]
from cjk_text import KeepCJKPunctuationWithMath  # noqa: E402
from language_switcher import language_links  # noqa: E402
from languages import EDITIONS, LANGUAGES  # noqa: E402


def _transformed(rst: str) -> nodes.document:
    document = publish_doctree(rst, settings_overrides={"report_level": 5})
    KeepCJKPunctuationWithMath(document).run()
    return document


def test_full_width_punctuation_after_math_stays_on_its_line():
    document = _transformed("输入 :math:`x_t`，即一个向量。结果是 :math:`h_t`。")
    wrappers = [w for w in document.findall(nodes.inline) if "lstm-nobr" in w["classes"]]
    assert [w.astext() for w in wrappers] == ["x_t，", "h_t。"]
    assert all(isinstance(w.children[0], nodes.math) for w in wrappers)
    assert document.astext() == "输入 x_t，即一个向量。结果是 h_t。"


def test_other_math_is_left_alone():
    document = _transformed("Here :math:`x_t`, then :math:`h_t` and 「:math:`u`」 個.")
    wrappers = [w for w in document.findall(nodes.inline) if "lstm-nobr" in w["classes"]]
    assert [w.astext() for w in wrappers] == ["u」"]


# -- The editions' settings --------------------------------------------------------------------


def _book_conf():
    import conf  # docs/conf.py: importing it defines settings and does nothing else

    return conf


@pytest.mark.parametrize("code", list(EDITIONS))
def test_each_edition_gets_its_own_settings(code):
    conf = _book_conf()
    settings = conf.edition_settings(EDITIONS[code], "https://example.org/book", {"x": 1})
    assert settings["html_baseurl"] == f"https://example.org/book/{code}/"
    assert settings["site_url"] == "https://example.org/book/"
    assert settings["author"] in settings["copyright"]
    assert settings["html_theme_options"] == {
        "x": 1,
        "search_bar_text": EDITIONS[code].search_placeholder,
    }
    tags = settings["ogp_custom_meta_tags"]
    assert tags[0] == f'<meta property="og:locale" content="{EDITIONS[code].og_locale}" />'
    assert len([tag for tag in tags if "og:locale:alternate" in tag]) == len(EDITIONS) - 1
    assert ("html_search_options" in settings) == code.startswith("zh")


def test_importing_conf_touches_no_file(tmp_path, monkeypatch):
    """conf.py only defines settings: the cache, MathJax and catalogs are build events' work."""
    import importlib.util

    before = {p: p.stat().st_mtime_ns for p in DOCS.rglob("*") if "_build" not in p.parts}
    spec = importlib.util.spec_from_file_location("conf_under_test", DOCS / "conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    after = {p: p.stat().st_mtime_ns for p in DOCS.rglob("*") if "_build" not in p.parts}
    assert after == before
    assert module.extensions and module.html_static_path == ["_static"]


def test_language_links_point_to_the_same_page_in_every_edition():
    links = language_links("questions/weight-shapes", "ja")
    assert [link["href"] for link in links] == [
        f"../../{code}/questions/weight-shapes.html" for code in LANGUAGES
    ]
    assert [link["current"] for link in links] == [code == "ja" for code in LANGUAGES]
    assert [link["lang"] for link in links] == ["en", "ru", "zh-CN", "ja"]


# -- A small MyST project: the lists of pages -------------------------------------------------

PAGES = {
    "index.md": "(book-index)=\n# Home\n\n```{toctree}\nsecond\nfirst\n```\n",
    "first.md": "(p-first)=\n# What `units` sets\n\nText.\n",
    "second.md": "(p-second)=\n# Second\n\nText.\n",
    "links.md": "(p-links)=\n# Links\n\n```{book-pages} addresses\n```\n\n"
    "```{book-pages} labels\n```\n",
}


def _catalog(path: Path, pairs: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in pairs.items())
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n{body}',
        encoding="utf-8",
    )


def _build(src: Path, out: Path, language: str = "en", builder: str = "html") -> str:
    sphinx_app = pytest.importorskip("sphinx.application")
    app = sphinx_app.Sphinx(
        str(src), str(src), str(out), str(out / ".doctrees"), builder,
        confoverrides={"language": language}, status=None, warning=None,
    )  # fmt: skip
    app.build()
    return (out / ("links.html" if builder == "html" else "links.pot")).read_text(encoding="utf-8")


@pytest.fixture
def small_book(tmp_path):
    pytest.importorskip("myst_parser")
    pytest.importorskip("sphinx_design")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(DOCS)!r}, {str(DOCS / '_ext')!r}]\n"
        "extensions = ['myst_parser', 'book_pages']\n"
        "myst_enable_extensions = ['colon_fence']\n"
        "site_url = 'https://example.org/book/'\n"
        "locale_dirs = ['locales/']\n"
        "gettext_compact = False\n",
        encoding="utf-8",
    )
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    _catalog(
        src / "locales" / "ru" / "LC_MESSAGES" / "first.po",
        {"What `units` sets": "Что задаёт `units`"},
    )
    return src


def _rows(html: str, tab: str) -> list[str]:
    """The rows of the table in the tab labelled ``tab`` (or of the labels table: ``None``)."""
    import re

    start = html.rindex("<table") if tab is None else html.index(f"\n{tab}</label>")
    part = html[start : html.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", part, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row)).strip() for row in rows]


def test_linking_lists_pages_in_reading_order_with_each_editions_titles(small_book, tmp_path):
    html = _build(small_book, tmp_path / "en")
    assert _rows(html, "English") == [
        "Page URL",
        "Home https://example.org/book/en/index.html",
        "Second https://example.org/book/en/second.html",
        "What units sets https://example.org/book/en/first.html",
        "Links https://example.org/book/en/links.html",
    ]
    # another edition's titles come from its catalog, parsed as Sphinx parses a message
    assert "Что задаёт units https://example.org/book/ru/first.html" in _rows(html, "Русский")
    assert 'Что задаёт <code class="docutils literal notranslate">' in html
    assert "Second https://example.org/book/zh_CN/second.html" in _rows(html, "简体中文")
    assert _rows(html, None)[:2] == [":ref: Page", "book-index Home"]
    assert 'href="first.html#p-first"><span class="std std-ref">What units sets</span>' in html


def test_linking_follows_a_changed_title_and_a_new_translation(small_book, tmp_path):
    out = tmp_path / "en"
    _build(small_book, out)
    (small_book / "second.md").write_text("(p-second)=\n# Later\n\nText.\n", encoding="utf-8")
    _catalog(small_book / "locales" / "ja" / "LC_MESSAGES" / "second.po", {"Later": "後で"})
    html = _build(small_book, out)  # incremental: only second.md changed
    assert "Later https://example.org/book/en/second.html" in _rows(html, "English")
    assert "後で https://example.org/book/ja/second.html" in _rows(html, "日本語")
    assert "p-second Later" in _rows(html, None)
    # a translation alone (no source changed): the page re-reads its catalogs, the list follows
    _catalog(
        small_book / "locales" / "ru" / "LC_MESSAGES" / "first.po",
        {"What `units` sets": "Что задаёт"},
    )
    html = _build(small_book, out)
    assert "Что задаёт https://example.org/book/ru/first.html" in _rows(html, "Русский")
    _catalog(
        small_book / "locales" / "zh_CN" / "LC_MESSAGES" / "first.po",
        {"What `units` sets": "`units` 设定什么"},
    )
    html = _build(small_book, out)
    assert "units 设定什么 https://example.org/book/zh_CN/first.html" in _rows(html, "简体中文")


def test_the_edition_being_built_shows_its_own_titles(small_book, tmp_path):
    html = _build(small_book, tmp_path / "ru", language="ru")
    assert "Что задаёт units https://example.org/book/ru/first.html" in _rows(html, "Русский")
    assert _rows(html, "Русский")[0] == "Страница URL"
    assert "What units sets https://example.org/book/en/first.html" in _rows(html, "English")


def test_the_lists_hold_no_message_to_translate(small_book, tmp_path):
    pot = _build(small_book, tmp_path / "gettext", builder="gettext")
    assert 'msgid "Links"' in pot
    assert "English" not in pot and "Page" not in pot and "https://" not in pot
