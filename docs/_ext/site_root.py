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

Every file is self-contained: no request leaves the site. The files are rendered from the
Jinja templates in ``docs/_templates/site_root/`` with the editions' descriptions
(``docs/languages.py``). Used by ``nox -s docs``; also ``python docs/_ext/site_root.py SITE``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))

from jinja2 import Environment, FileSystemLoader, select_autoescape
from languages import LANGUAGES, SOURCE_LANGUAGE, edition

TEMPLATES = DOCS / "_templates" / "site_root"
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


def render(name: str, languages: dict[str, str], **context: str) -> str:
    """Render the template ``name`` of ``docs/_templates/site_root`` for the editions named in
    ``languages`` (a language without an edition description is refused)."""
    jinja = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    editions = [edition(code) for code in languages]
    return jinja.get_template(name).render(
        editions=editions, source=edition(SOURCE_LANGUAGE), **context
    )


def root_index_html(languages: dict[str, str] = LANGUAGES, base: str | None = None) -> str:
    """The root page's HTML: a JS redirect by browser language, and a link to every edition.
    Its hreflang alternates are absolute (``base``), as search engines require."""
    return render("index.html", languages, base=base or base_url())


def write_root_index(
    site: Path, languages: dict[str, str] = LANGUAGES, base: str | None = None
) -> Path:
    """Write ``site/index.html`` and return its path."""
    site.mkdir(parents=True, exist_ok=True)
    target = site / "index.html"
    target.write_text(root_index_html(languages, base), encoding="utf-8")
    return target


def site_path(base: str) -> str:
    """The path of the site's root on its host, ending in ``/``: ``/`` or ``/<repository>/``."""
    path = urlsplit(base).path or "/"
    return path.rstrip("/") + "/"


def not_found_html(base: str, languages: dict[str, str] = LANGUAGES) -> str:
    """The 404 page: every edition's message and a link to its contents, by absolute path."""
    return render("404.html", languages, root=site_path(base))


def sitemap_index_xml(base: str, languages: dict[str, str] = LANGUAGES) -> str:
    """A sitemap index listing each edition's ``sitemap.xml``."""
    return render("sitemap.xml", languages, base=base)


def robots_txt(base: str) -> str:
    """Allow everything and name the sitemap index."""
    return render("robots.txt", {}, base=base)


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
