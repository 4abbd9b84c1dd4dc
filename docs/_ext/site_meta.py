"""How the editions present themselves to the web: addresses, sharing metadata, sitemap.

* ``html_baseurl`` in ``conf.py`` is the site's root (``site_root.base_url()``). Once the
  edition is known (``-D language=``), this extension makes it the edition's own root,
  ``<root><lang>/``, so each page's ``<link rel="canonical">`` and ``og:url`` point to that page
  in that edition; ``site_url`` keeps the site's root for sphinx-sitemap, which writes
  ``<root><lang>/<page>.html`` with an ``hreflang`` alternate for every edition, for every
  page of the edition even when an incremental build rewrote only some of them.
* Open Graph and Twitter tags (sphinxext-opengraph, no social-card images): ``og:description``
  is the page's own ``description`` (from its front matter, translated like any message)
  instead of its first paragraph; ``og:locale`` names the edition and ``og:locale:alternate``
  the others.
* Tables printed by a code cell as Markdown (the page "Linking to this book") are outputs, not
  prose: they hold addresses and cross-references that every edition resolves by itself, so
  they are kept out of the translation catalogs.
* The page "Linking to this book" lists every page: the execution cache keys on the page's
  code only, so when a page, label or title changes its cached output is dropped and the page
  re-read (the fingerprint comes from ``book_pages``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))
sys.path.insert(0, str(DOCS / "_ext"))

from book_pages import pages_fingerprint
from languages import LANGUAGES, SOURCE_LANGUAGE

LINKING_PAGE = "reference/linking"
# Pages Sphinx writes that are no content of their own: not for search engines' indexes.
SITEMAP_EXCLUDES = ["search.html", "genindex.html", "py-modindex.html"]

# Open Graph locales (language_TERRITORY) of the editions.
OG_LOCALE: dict[str, str] = {"en": "en_US", "ru": "ru_RU", "zh_CN": "zh_CN", "ja": "ja_JP"}


def og_locale(code: str) -> str:
    """The ``og:locale`` of an edition (``ru`` -> ``ru_RU``)."""
    return OG_LOCALE.get(code, code if "_" in code else f"{code}_{code.upper()}")


class KeepOutputsUntranslated(SphinxTransform):
    """Text parsed from a code cell's Markdown output is not a message to translate."""

    default_priority = 10  # before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for output in self.document.findall(nodes.container):
            if "cell_output" not in output.get("classes", []):
                continue
            for node in output.findall(nodes.TextElement):
                if not isinstance(node, nodes.caption | nodes.FixedTextElement):
                    node["translatable"] = False


def _config_inited(app: Sphinx, config) -> None:
    root = (config.html_baseurl or "").rstrip("/") + "/"
    lang = config.language or SOURCE_LANGUAGE
    config.site_url = root
    config.html_baseurl = f"{root}{lang}/"
    config.ogp_site_url = config.html_baseurl
    config.sitemap_url_scheme = "{lang}{link}"
    config.sitemap_locales = list(LANGUAGES)
    config.sitemap_excludes = [*config.sitemap_excludes, *SITEMAP_EXCLUDES]
    config.ogp_custom_meta_tags = [
        f'<meta property="og:locale" content="{og_locale(lang)}" />',
        *(
            f'<meta property="og:locale:alternate" content="{og_locale(code)}" />'
            for code in LANGUAGES
            if code != lang
        ),
        '<meta name="twitter:card" content="summary" />',
    ]


_META_DESCRIPTION = re.compile(
    r'<meta\s+(?:name="description"\s+content="([^"]*)"|content="([^"]*)"\s+name="description")'
)
_OG_DESCRIPTION = re.compile(r'<meta property="og:description" content="[^"]*" />')


def _page_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Share the page's own description (front matter), not its first paragraph. Twitter's
    card reads ``og:title`` and ``og:description`` when it has no tags of its own."""
    metatags = context.get("metatags") or ""
    found = _META_DESCRIPTION.search(metatags)
    if not found:
        return
    description = found.group(1) if found.group(1) is not None else found.group(2)
    tag = f'<meta property="og:description" content="{description}" />'
    if _OG_DESCRIPTION.search(metatags):
        metatags = _OG_DESCRIPTION.sub(lambda _: tag, metatags, count=1)
    else:
        metatags += tag + "\n"
    context["metatags"] = metatags


def _complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """List every page in the sitemap, not only those written by this (incremental) build.

    sphinx-sitemap collects the pages as they are written and writes ``sitemap.xml`` when the
    build finishes (priority 500); this runs first and adds the pages left untouched.
    """
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    from sphinx_sitemap import is_excluded

    found: dict[str, str | None] = {}
    while not links.empty():
        link, last_updated = links.get_nowait()
        found[link] = last_updated
    for docname in app.env.found_docs:
        found.setdefault(app.builder.get_target_uri(docname), None)
    for link in sorted(found):
        if not is_excluded(link, app.config.sitemap_excludes):
            links.put((link, found[link]))


def _outdated_linking_page(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-run and re-read the linking page when the book's pages, labels or titles changed."""
    if LINKING_PAGE not in env.found_docs:
        return []
    fingerprint = pages_fingerprint(DOCS)
    cache_path = Path(app.config.nb_execution_cache_path)
    stamp = cache_path / "book_pages.sha256"
    if stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return []
    if cache_path.is_dir():
        from jupyter_cache import get_cache

        cache = get_cache(cache_path)
        for record in cache.list_cache_records():
            if Path(record.uri).with_suffix("").as_posix().endswith(LINKING_PAGE):
                cache.remove_cache(record.pk)
    cache_path.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint + "\n")
    return [LINKING_PAGE]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("sphinxext.opengraph")
    app.add_transform(KeepOutputsUntranslated)
    app.connect("config-inited", _config_inited, priority=900)
    app.connect("html-page-context", _page_description, priority=900)
    app.connect("env-get-outdated", _outdated_linking_page)
    app.connect("build-finished", _complete_sitemap, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
