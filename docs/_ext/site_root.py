"""Write the files at the root of the published site (``docs/_build/site/``).

* ``index.html`` sends the reader to the edition matching the browser's languages
  (``navigator.languages``) and lists all editions as plain links, so it works without
  JavaScript too.
* ``404.html``, which GitHub Pages serves for any missing address at any depth: the message in
  every language and a link to each edition's contents. Its links are absolute paths taken
  from the base URL's path (``/`` or ``/<repository>/``) and its style is inline, so it works
  wherever the missing address was.
* ``sitemap.xml``, a sitemap index of the editions' own sitemaps (sphinx-sitemap writes
  ``<lang>/sitemap.xml``), and ``robots.txt`` naming it.
* ``favicon.ico``, the book's icon, where browsers look for it on pages that name none.

Every file is self-contained: no request leaves the site. Used by ``nox -s docs``; also
``python docs/_ext/site_root.py SITE``.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))

from languages import LANGUAGES, SOURCE_LANGUAGE, html_lang

FAVICON = DOCS / "_static" / "favicon.ico"  # docs/_static/favicon.svg drawn at 16, 32, 48 px
BASE_URL_VARIABLE = "LSTM_EXPLAINED_BASE_URL"
# A placeholder until the site is published: the Pages workflow sets the real address.
DEFAULT_BASE_URL = "https://lstm-explained.github.io/"


REPOSITORY_URL_VARIABLE = "LSTM_EXPLAINED_REPOSITORY_URL"
# Where the source of the book and of its package lives; the Pages workflow sets it from the
# repository it builds. Shown by the theme's repository button and in the install command.
DEFAULT_REPOSITORY_URL = "https://github.com/lstm-explained/lstm-explained"


def repository_url() -> str:
    """The address of the source repository, without a trailing ``/``: the one setting
    (``$LSTM_EXPLAINED_REPOSITORY_URL``) behind the theme's repository, source, edit and issue
    buttons and the install command on the index and calculator pages."""
    value = os.environ.get(REPOSITORY_URL_VARIABLE, "").strip() or DEFAULT_REPOSITORY_URL
    return value.rstrip("/")


def base_url() -> str:
    """The address of the published site's root, always ending in ``/``: the one setting
    (``$LSTM_EXPLAINED_BASE_URL``) behind canonical links, the sitemap, Open Graph URLs, the
    404 page's links and the addresses on the page "Linking to this book"."""
    value = os.environ.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
    return value.rstrip("/") + "/"


TEMPLATE = """<!DOCTYPE html>
<html lang="{source_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LSTM Explained</title>
{alternates}
<script>
(function () {{
  var editions = {editions};
  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || ""];
  var target = "{source}";
  outer: for (var i = 0; i < wanted.length; i++) {{
    var tag = String(wanted[i]).toLowerCase().replace("_", "-");
    for (var j = 0; j < editions.length; j++) {{
      var code = editions[j], prefix = code.toLowerCase().replace("_", "-").split("-")[0];
      if (tag === code.toLowerCase().replace("_", "-") || tag.split("-")[0] === prefix) {{
        target = code;
        break outer;
      }}
    }}
  }}
  window.location.replace(target + "/index.html");
}})();
</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; }}
li {{ margin: 0.4rem 0; font-size: 1.15rem; }}
</style>
</head>
<body>
<main>
<h1>LSTM Explained</h1>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def root_index_html(languages: dict[str, str] = LANGUAGES, base: str | None = None) -> str:
    """The root page's HTML: a JS redirect by browser language, and a link to every edition.
    Its hreflang alternates are absolute (``base``), as search engines require."""
    base = base or base_url()
    links = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{html_lang(code)}" lang="{html_lang(code)}">'
        f"{html.escape(name)}</a></li>"
        for code, name in languages.items()
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{html_lang(code)}" href="{base}{code}/index.html">'
        for code in languages
    )
    return TEMPLATE.format(
        source_lang=html_lang(SOURCE_LANGUAGE),
        source=SOURCE_LANGUAGE,
        editions=json.dumps(list(languages)),
        links=links,
        alternates=alternates,
    )


def write_root_index(
    site: Path, languages: dict[str, str] = LANGUAGES, base: str | None = None
) -> Path:
    """Write ``site/index.html`` and return its path."""
    site.mkdir(parents=True, exist_ok=True)
    target = site / "index.html"
    target.write_text(root_index_html(languages, base), encoding="utf-8")
    return target


# The 404 page in each edition's language: heading, one sentence, and the link's text.
NOT_FOUND: dict[str, tuple[str, str, str]] = {
    "en": (
        "Page not found",
        "There is no page at this address: it may have moved, or the link may have a typo.",
        "Contents of the English edition",
    ),
    "ru": (
        "Страница не найдена",
        "По этому адресу ничего нет: возможно, страницу перенесли или в ссылке опечатка.",
        "Оглавление русского издания",
    ),
    "zh_CN": (
        "找不到页面",
        "这个地址下没有页面：页面可能已经移走，也可能是链接有误。",
        "中文版目录",
    ),
    "ja": (
        "ページが見つかりません",
        "このアドレスにはページがありません。移動したか、リンクに誤りがある可能性があります。",
        "日本語版の目次",
    ),
}

NOT_FOUND_TEMPLATE = """<!DOCTYPE html>
<html lang="{source_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} · LSTM Explained</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 38rem; margin: 3rem auto; padding: 0 1rem;
  line-height: 1.5; color: #1f2328; background: #fff; }}
h1 {{ font-size: 1.6rem; margin: 0 0 2rem; }}
section {{ margin: 0 0 1.75rem; }}
h2 {{ font-size: 1.2rem; margin: 0 0 0.25rem; }}
p {{ margin: 0 0 0.25rem; }}
a {{ color: #0b5cad; }}
@media (prefers-color-scheme: dark) {{
  body {{ color: #e6edf3; background: #0d1117; }} a {{ color: #6cb6ff; }}
}}
</style>
</head>
<body>
<header><h1>LSTM Explained</h1></header>
<main id="editions">
{sections}
</main>
<script>
(function () {{
  var main = document.getElementById("editions");
  var parts = window.location.pathname.split("/");
  for (var i = 0; i < parts.length; i++) {{
    var section = document.getElementById("edition-" + parts[i]);
    if (section) {{
      main.insertBefore(section, main.firstChild);
      document.documentElement.lang = section.lang;
      document.title = section.querySelector("h2").textContent + " · LSTM Explained";
      return;
    }}
  }}
}})();
</script>
</body>
</html>
"""


def site_path(base: str) -> str:
    """The path of the site's root on its host, ending in ``/``: ``/`` or ``/<repository>/``."""
    path = urlsplit(base).path or "/"
    return path.rstrip("/") + "/"


def not_found_html(base: str, languages: dict[str, str] = LANGUAGES) -> str:
    """The 404 page: every edition's message and a link to its contents, by absolute path."""
    missing = sorted(set(languages) - set(NOT_FOUND))
    if missing:
        raise KeyError(f"no 404 message for {missing}: add them to NOT_FOUND in site_root.py")
    root = site_path(base)
    sections = "\n".join(
        f'<section id="edition-{code}" lang="{html_lang(code)}">\n'
        f"<h2>{html.escape(NOT_FOUND[code][0])}</h2>\n"
        f"<p>{html.escape(NOT_FOUND[code][1])}</p>\n"
        f'<p><a href="{root}{code}/index.html" hreflang="{html_lang(code)}">'
        f"{html.escape(NOT_FOUND[code][2])}</a></p>\n</section>"
        for code in languages
    )
    return NOT_FOUND_TEMPLATE.format(
        source_lang=html_lang(SOURCE_LANGUAGE),
        title=html.escape(NOT_FOUND[SOURCE_LANGUAGE][0]),
        sections=sections,
    )


def sitemap_index_xml(base: str, languages: dict[str, str] = LANGUAGES) -> str:
    """A sitemap index listing each edition's ``sitemap.xml``."""
    entries = "\n".join(
        f"  <sitemap><loc>{html.escape(base)}{code}/sitemap.xml</loc></sitemap>"
        for code in languages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</sitemapindex>\n"
    )


def robots_txt(base: str) -> str:
    """Allow everything and name the sitemap index."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


def write_site_root(
    site: Path, languages: dict[str, str] = LANGUAGES, base: str | None = None
) -> list[Path]:
    """Write ``index.html``, ``404.html``, ``sitemap.xml`` and ``robots.txt`` into ``site``,
    and copy the book's ``favicon.ico`` there (browsers ask the root for it on pages that name
    no icon, such as these)."""
    base = base or base_url()
    written = [write_root_index(site, languages, base)]
    favicon = site / "favicon.ico"
    shutil.copyfile(FAVICON, favicon)
    written.append(favicon)
    for name, text in (
        ("404.html", not_found_html(base, languages)),
        ("sitemap.xml", sitemap_index_xml(base, languages)),
        ("robots.txt", robots_txt(base)),
    ):
        target = site / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else DOCS / "_build" / "site")
    for path in write_site_root(site):
        print(path)
