"""The book's editions, described once: ``conf.py``, the extensions in ``_ext``, the site root
files and ``noxfile.py`` all read them from here.

An edition's key is its Sphinx/gettext locale name: the ``-D language=`` value, the
``docs/locales/<code>`` folder and the ``docs/_build/site/<code>/`` folder. Interface strings
live in one of two places, never both: strings that a template looks up with ``_()`` (the
theme's and Sphinx's) are translated in the catalogs of ``docs/_theme_locales``; the few that no
catalog can provide (configuration values, the root files written outside Sphinx, our own
labels) are fields of :class:`Edition`.

>>> EDITIONS["zh_CN"].html_lang, EDITIONS["ja"].og_locale
('zh-CN', 'ja_JP')
>>> EDITIONS["ja"].copyright("2026")
'2026 LSTM Explained 執筆チーム'
"""

# No `from __future__ import annotations`: the noxfile and the tests load this file by path,
# without a module in sys.modules, where dataclasses cannot resolve string annotations.
from dataclasses import dataclass


@dataclass(frozen=True)
class NotFoundText:
    """The 404 page's words in one edition: heading, one sentence, the link to the contents."""

    heading: str
    sentence: str
    contents: str


@dataclass(frozen=True)
class Edition:
    """One edition of the book and everything about it that is not a translated message."""

    code: str  # Sphinx/gettext locale: ru, zh_CN
    name: str  # the language's own name, as the language switcher shows it
    og_locale: str  # Open Graph locale (language_TERRITORY)
    author: str  # the footer's "By …" and "© Copyright 2026, …"
    language_label: str  # "Language": the switcher's label and a column header
    page_label: str  # "Page": the header of the columns of page titles ("Linking to this book")
    search_placeholder: str  # the search box's placeholder (a theme option, not a message)
    not_found: NotFoundText  # the site's 404 page
    # Between the year and the authors in the copyright line: Chinese and Japanese put no
    # half-width comma there.
    copyright_separator: str = ", "

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for ``<html lang>`` and ``hreflang`` (``zh_CN`` -> ``zh-CN``)."""
        return html_lang(self.code)

    def copyright(self, year: str) -> str:
        """The copyright line after "©": year and authors."""
        return f"{year}{self.copyright_separator}{self.author}"


SOURCE_LANGUAGE = "en"

EDITIONS: dict[str, Edition] = {
    edition.code: edition
    for edition in (
        Edition(
            code="en",
            name="English",
            og_locale="en_US",
            author="LSTM Explained authors",
            language_label="Language",
            page_label="Page",
            search_placeholder="Search…",
            not_found=NotFoundText(
                "Page not found",
                "There is no page at this address: it may have moved, or the link may have a typo.",
                "Contents of the English edition",
            ),
        ),
        Edition(
            code="ru",
            name="Русский",
            og_locale="ru_RU",
            author="команда LSTM Explained",
            language_label="Язык",
            page_label="Страница",
            search_placeholder="Поиск…",
            not_found=NotFoundText(
                "Страница не найдена",
                "По этому адресу ничего нет: возможно, страницу перенесли или в ссылке опечатка.",
                "Оглавление русского издания",
            ),
        ),
        Edition(
            code="zh_CN",
            name="简体中文",
            og_locale="zh_CN",
            author="LSTM Explained 编写组",
            language_label="语言",
            page_label="页面",
            search_placeholder="搜索……",
            not_found=NotFoundText(
                "找不到页面",
                "这个地址下没有页面：页面可能已经移走，也可能是链接有误。",
                "中文版目录",
            ),
            copyright_separator=" ",
        ),
        Edition(
            code="ja",
            name="日本語",
            og_locale="ja_JP",
            author="LSTM Explained 執筆チーム",
            language_label="言語",
            page_label="ページ",
            search_placeholder="検索…",
            not_found=NotFoundText(
                "ページが見つかりません",
                "このアドレスにはページがありません。移動したか、リンクに誤りがある可能性があります。",
                "日本語版の目次",
            ),
            copyright_separator=" ",
        ),
    )
}

# Views of EDITIONS for the code that needs only one field.
LANGUAGES: dict[str, str] = {code: edition.name for code, edition in EDITIONS.items()}
TRANSLATIONS: tuple[str, ...] = tuple(lang for lang in EDITIONS if lang != SOURCE_LANGUAGE)
LANGUAGE_LABEL: dict[str, str] = {code: e.language_label for code, e in EDITIONS.items()}
PAGE_LABEL: dict[str, str] = {code: e.page_label for code, e in EDITIONS.items()}


def edition(code: str | None) -> Edition:
    """The edition built with ``-D language=<code>`` (the source edition when none is given).

    >>> edition(None).code
    'en'
    >>> edition("xx")
    Traceback (most recent call last):
    ...
    KeyError: "no edition 'xx': the editions are en, ru, zh_CN, ja (docs/languages.py)"
    """
    code = code or SOURCE_LANGUAGE
    if code not in EDITIONS:
        known = ", ".join(EDITIONS)
        raise KeyError(f"no edition {code!r}: the editions are {known} (docs/languages.py)")
    return EDITIONS[code]


def html_lang(locale: str) -> str:
    """BCP 47 tag for ``<html lang>`` (Sphinx turns ``zh_CN`` into ``zh-CN`` the same way)."""
    return locale.replace("_", "-")
