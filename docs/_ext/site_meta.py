"""How the editions present themselves to the web: sitemap, sharing metadata.

The addresses themselves are settings of each edition (``conf.py``, ``edition_settings``):
``html_baseurl`` is the edition's root, ``<root><code>/``, so each page's
``<link rel="canonical">`` and ``og:url`` point to that page in that edition, and ``site_url``
is the site's root.

* ``sitemap.xml`` of the edition lists every page of the edition, ``<root><code>/<page>.html``,
  with an ``hreflang`` alternate for every edition. It is written from the environment's list
  of documents, so an incremental build that rewrote only some pages still lists them all
  (sphinx-sitemap lists only the pages the build wrote: jdillard/sphinx-sitemap#13).
* Open Graph and Twitter tags (sphinxext-opengraph, no social-card images): ``og:description``
  is the page's own ``description`` (from its front matter, translated like any message)
  instead of its first paragraph.
* Tables printed by a code cell as Markdown (the page "Linking to this book") are outputs, not
  prose: they hold addresses that every edition writes by itself, so they are kept out of the
  translation catalogs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from languages import EDITIONS, edition

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


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


def sitemap_xml(site_root: str, code: str, links: list[str]) -> bytes:
    """The sitemap of edition ``code``: each link (``<page>.html``) at ``<site_root><code>/``,
    with its address in every edition as an ``hreflang`` alternate."""
    ElementTree.register_namespace("xhtml", XHTML_NS)
    root = ElementTree.Element("urlset", xmlns=SITEMAP_NS)
    for link in links:
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = f"{site_root}{code}/{link}"
        for other in EDITIONS.values():
            ElementTree.SubElement(
                url,
                f"{{{XHTML_NS}}}link",
                rel="alternate",
                hreflang=other.html_lang,
                href=f"{site_root}{other.code}/{link}",
            )
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Write ``sitemap.xml``: every document of the edition, whichever pages this build wrote."""
    if exception is not None or app.builder.format != "html":
        return
    site_root = (app.config.site_url or "").rstrip("/") + "/"
    links = sorted(app.builder.get_target_uri(docname) for docname in app.env.found_docs)
    xml = sitemap_xml(site_root, edition(app.config.language).code, links)
    (Path(app.outdir) / "sitemap.xml").write_bytes(xml)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxext.opengraph")
    # The site's root (conf.py sets it; html_baseurl is the edition's root).
    if "site_url" not in app.config:  # also declared by book_pages
        app.add_config_value("site_url", "", "html", types=[str])
    app.add_transform(KeepOutputsUntranslated)
    app.connect("html-page-context", _page_description, priority=900)
    app.connect("build-finished", _write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
