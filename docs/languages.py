"""The book's editions, defined once: ``conf.py`` and ``noxfile.py`` both import this.

Keys are Sphinx/gettext locale names (the ``-D language=`` value, the ``docs/locales/<key>``
folder and the ``docs/_build/site/<key>/`` folder); values are each language's own name, as
the language switcher shows it.
"""

from __future__ import annotations

SOURCE_LANGUAGE = "en"

LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "zh_CN": "简体中文",
    "ja": "日本語",
}

# The word "Language" in each edition, for the switcher's label (theme strings must be in the
# page's language, and this one is not in Sphinx's or the theme's catalogs).
LANGUAGE_LABEL: dict[str, str] = {
    "en": "Language",
    "ru": "Язык",
    "zh_CN": "语言",
    "ja": "言語",
}

# The word "Page" in each edition: the header of the columns of page titles in the tables of
# "Linking to this book" (docs/_ext/reader_ready.py makes it a MyST substitution).
PAGE_LABEL: dict[str, str] = {
    "en": "Page",
    "ru": "Страница",
    "zh_CN": "页面",
    "ja": "ページ",
}

# The theme's search box placeholder is a theme option, not a translated string: one per edition.
SEARCH_PLACEHOLDER: dict[str, str] = {
    "en": "Search…",
    "ru": "Поиск…",
    "zh_CN": "搜索…",
    "ja": "検索…",
}

# The book's authors as the footer names them ("By …", "© Copyright 2026, …"), in each
# edition's language.
AUTHORS: dict[str, str] = {
    "en": "LSTM Explained authors",
    "ru": "команда LSTM Explained",
    "zh_CN": "LSTM Explained 编写组",
    "ja": "LSTM Explained 執筆チーム",
}

TRANSLATIONS: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def html_lang(locale: str) -> str:
    """BCP 47 tag for ``<html lang>`` (Sphinx turns ``zh_CN`` into ``zh-CN`` the same way)."""
    return locale.replace("_", "-")
