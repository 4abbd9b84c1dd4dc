"""The book's pages as Sphinx knows them, for the page "Linking to this book".

``{book-pages} addresses`` writes one tab per edition, each a table of the pages in reading
order with their titles in that edition and their addresses; ``{book-pages} labels`` writes
the table of every page's label with a reference to it. Both are filled in from the build
environment after every page has been read, so they follow the pages, their labels and
their titles with no cache of their own:

* the reading order is the root page, then its toctrees depth first, then any other page;
* a page's label is the explicit target on its first section (``(label)=`` above ``# Title``);
* its title in the edition being built is Sphinx's own (``env.titles``); in the source edition
  it is the title as written; in another edition it is that edition's translation of the title
  (the page's catalog in ``locale_dirs``: ``docs/locales/<code>/LC_MESSAGES/<page>.po``), parsed as Sphinx parses a translated message,
  or the source title while there is no finished translation. Each page depends on those
  catalogs (a changed or new catalog re-reads it), and the pages that hold the lists are
  written again whenever a page, label or title changed.

>>> inventory_name("zh_CN")
'lstm_zh_cn'
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))

from languages import EDITIONS, SOURCE_LANGUAGE, edition


def page_sources(docs: Path = DOCS) -> dict[str, Path]:
    """The source of every page, by docname, sorted: each ``.md`` file under ``docs`` outside
    folders whose name starts with ``_`` or ``.`` (builds, templates, extensions), and not a
    ``README.md``. The one list of the book's pages that the tests use too.

    >>> page_sources()["questions/weight-shapes"].name
    'weight-shapes.md'
    """
    return {
        path.relative_to(docs).with_suffix("").as_posix(): path
        for path in sorted(docs.rglob("*.md"))
        if not any(part.startswith(("_", ".")) for part in path.relative_to(docs).parts)
        and path.name != "README.md"
    }


def inventory_name(language: str, source_language: str = SOURCE_LANGUAGE) -> str:
    """The intersphinx name the page "Linking to this book" recommends for an edition: ``lstm``
    for the source edition, ``lstm_<language>`` in lowercase for the others. Lowercase because
    ``:ref:`` lowercases its whole target, the inventory name included: a project that names an
    inventory ``lstm_zh_CN`` gets "undefined label" for every ``lstm_zh_CN:...`` reference
    (tests/test_linking.py builds such a project).

    >>> [inventory_name(code) for code in ("en", "ru", "zh_CN", "ja")]
    ['lstm', 'lstm_ru', 'lstm_zh_cn', 'lstm_ja']
    """
    return "lstm" if language == source_language else f"lstm_{language.lower()}"


def translated_title(catalog: Path, title: str) -> str | None:
    """The finished translation of ``title`` in a gettext catalog, if it has one."""
    if not catalog.is_file():
        return None
    from babel.messages.pofile import read_po  # Sphinx's own dependency

    with catalog.open("rb") as stream:
        message = read_po(stream).get(title)
    if message is None or not message.string or message.fuzzy:
        return None
    return str(message.string)


# -- What each page contributes: its label and its title in every edition ---------------------


def _pages(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, "lstm_book_pages"):
        env.lstm_book_pages = {}
    return env.lstm_book_pages


def page_catalog(env: BuildEnvironment, docname: str, code: str) -> Path | None:
    """The gettext catalog of page ``docname`` for edition ``code``, as Sphinx looks it up."""
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(docname, env.config.gettext_compact)
    for folder in env.config.locale_dirs:
        catalog = Path(env.srcdir, folder, code, "LC_MESSAGES", f"{domain}.po")
        if catalog.is_file():
            return catalog
    return None


def _with_new_catalogs(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages to read again because another edition has a catalog for them that it had not
    when they were read (a changed catalog is a dependency Sphinx follows by itself)."""
    current = edition(env.config.language).code
    others = [code for code in EDITIONS if code not in (SOURCE_LANGUAGE, current)]
    return [
        docname
        for docname, page in _pages(env).items()
        if docname not in removed | changed
        and any(
            code not in page.get("catalogs", ()) and page_catalog(env, docname, code)
            for code in others
        )
    ]


def _lists(env: BuildEnvironment) -> set[str]:
    """The pages that hold a ``book-pages`` directive."""
    if not hasattr(env, "lstm_book_pages_lists"):
        env.lstm_book_pages_lists = set()
    return env.lstm_book_pages_lists


class RecordTitles(SphinxTransform):
    """Record the page's title in the source edition and in the other editions, before
    Sphinx translates the page (``sphinx.transforms.i18n.Locale``, priority 20)."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        if str(self.document.get("source", "")).endswith("<translated>"):
            return  # a translated message parsed on its own: not a page
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            return
        title = section[0]
        source = (title.rawsource or title.astext()).replace("\n", " ").strip()
        current = edition(self.config.language).code
        titles: dict[str, list[nodes.Node]] = {
            SOURCE_LANGUAGE: [child.deepcopy() for child in title.children]
        }
        catalogs: list[str] = []
        for code in EDITIONS:
            if code in (SOURCE_LANGUAGE, current):
                continue
            catalog = page_catalog(self.env, self.env.docname, code)
            if catalog is None:
                continue
            catalogs.append(code)
            self.env.note_dependency(str(catalog))  # a new translation re-reads this page
            translation = translated_title(catalog, source)
            parsed = None if translation is None else self._parse(translation, title)
            if parsed is not None:
                titles[code] = parsed
        _pages(self.env)[self.env.docname] = {"titles": titles, "catalogs": catalogs}

    def _parse(self, text: str, title: nodes.title) -> list[nodes.Node] | None:
        """A translated title parsed as Sphinx parses a translated message (which keeps the
        source title when the translation does not parse as one paragraph)."""
        from sphinx.transforms.i18n import publish_msgstr

        parsed = publish_msgstr(
            self.app,
            text,
            title.source or self.env.doc2path(self.env.docname),
            title.line or 0,
            self.config,
            self.document.settings,
        )
        if not isinstance(parsed, nodes.paragraph):
            return None
        return [child.deepcopy() for child in parsed.children]


class BookPagesCollector(EnvironmentCollector):
    """Each page's label (the explicit target of its first section), kept with its titles."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _pages(env).pop(docname, None)
        _lists(env).discard(docname)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in _pages(other):
                _pages(env)[docname] = _pages(other)[docname]
        _lists(env).update(_lists(other) & docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        page = _pages(app.env).get(app.env.docname)
        section = next(iter(doctree.findall(nodes.section)), None)
        if page is None or section is None:
            return
        explicit = [name for name in section["names"] if doctree.nametypes.get(name)]
        page["label"] = explicit[0] if explicit else None

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """The pages that hold a list, when a page, label or title changed since last time."""
        lines = []
        for docname in reading_order(env):
            page = _pages(env).get(docname, {})
            titles = page.get("titles", {})
            title = env.titles[docname].astext() if docname in env.titles else ""
            lines.append(f"{docname}\t{page.get('label')}\t{title}")
            lines += [f"\t{code}\t{nodes.Element('', *t).astext()}" for code, t in titles.items()]
        fingerprint = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        if getattr(env, "lstm_book_pages_fingerprint", None) == fingerprint:
            return []
        env.lstm_book_pages_fingerprint = fingerprint
        return sorted(_lists(env) & env.found_docs)


def reading_order(env: BuildEnvironment) -> list[str]:
    """The root page, its toctrees depth first, then every other page by name."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order or docname not in env.found_docs:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    for docname in sorted(env.found_docs):
        visit(docname)
    return order


# -- The directive and the tables it becomes ------------------------------------------------


class book_pages_table(nodes.General, nodes.Element):
    """Where a table of the book's pages goes, once every page has been read."""


class BookPagesDirective(SphinxDirective):
    """``{book-pages} addresses`` (tabs of addresses, one per edition) or
    ``{book-pages} labels`` (labels and references)."""

    required_arguments = 1
    optional_arguments = 1  # an edition: one table of addresses (used by the tabs)

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in ("addresses", "labels"):
            raise self.error(f"book-pages: {kind!r} is neither 'addresses' nor 'labels'")
        _lists(self.env).add(self.env.docname)
        if kind == "labels" or len(self.arguments) == 2:
            code = self.arguments[1] if len(self.arguments) == 2 else None
            return [book_pages_table(kind=kind, edition=code)]
        # One tab per edition (sphinx-design), each holding that edition's table.
        lines = ["::::{tab-set}"]
        for code, each in EDITIONS.items():
            lines += [f":::{{tab-item}} {each.name}", f"```{{book-pages}} addresses {code}", "```"]
            lines += [":::"]
        lines += ["::::"]
        container = nodes.Element()
        self.state.nested_parse(StringList(lines, self.get_source_info()[0]), 0, container)
        for node in container.findall(nodes.TextElement):
            node["translatable"] = False  # the editions' names: the same in every edition
        return container.children


def _table(header: list[nodes.Node], rows: list[list[list[nodes.Node]]]) -> nodes.table:
    """A two-column table, built as MyST builds a Markdown table."""
    table = nodes.table(classes=["colwidths-auto"])
    tgroup = nodes.tgroup(cols=2)
    table += tgroup
    tgroup += [nodes.colspec(colwidth=50), nodes.colspec(colwidth=50)]
    thead = nodes.thead()
    tgroup += thead
    tbody = nodes.tbody()
    tgroup += tbody
    for section, cells_of_rows in ((thead, [header]), (tbody, rows)):
        for cells in cells_of_rows:
            row = nodes.row()
            for cell in cells:
                row += nodes.entry("", nodes.paragraph("", "", *cell))
            section += row
    return table


class FillBookPagesTables(SphinxPostTransform):
    """Replace each ``book_pages_table`` with its table (before the references are resolved,
    priority 10, so that ``labels`` links like ``{ref}`` does)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(book_pages_table)):
            if self.app.builder.format != "html":
                placeholder.parent.remove(placeholder)
                continue
            placeholder.replace_self(self._table(placeholder["kind"], placeholder["edition"]))

    def _table(self, kind: str, code: str | None) -> nodes.table:
        env = self.env
        pages = [d for d in reading_order(env) if _pages(env).get(d, {}).get("label")]
        current = edition(self.config.language)
        page_label = nodes.Text(current.page_label)
        if kind == "labels":
            header = [[nodes.literal(":ref:", ":ref:")], [page_label]]
            rows = [
                [[nodes.literal(label, label)], [self._reference(label)]]
                for label in (_pages(env)[d]["label"] for d in pages)
            ]
            return _table(header, rows)
        base = self.config.site_url.rstrip("/") + "/"
        # The address as two words, the site's root and the page's path in the edition: the
        # Japanese search index splits each text by itself, and one text would add "/ja" etc.
        rows = [
            [self._title(docname, code), [nodes.Text(base), nodes.Text(f"{code}/{docname}.html")]]
            for docname in pages
        ]
        return _table([[page_label], [nodes.Text("URL")]], rows)

    def _title(self, docname: str, code: str) -> list[nodes.Node]:
        if code == edition(self.config.language).code:
            return [child.deepcopy() for child in self.env.titles[docname].children]
        titles = _pages(self.env)[docname]["titles"]
        chosen = titles.get(code, titles[SOURCE_LANGUAGE])
        return [child.deepcopy() for child in chosen]

    def _reference(self, label: str) -> addnodes.pending_xref:
        """What ``{ref}`label``` makes: a link whose text is the page's title."""
        return addnodes.pending_xref(
            "",
            nodes.inline(label, label, classes=["xref", "std", "std-ref"]),
            refdoc=self.env.docname,
            refdomain="std",
            reftype="ref",
            reftarget=label,
            refexplicit=False,
            refwarn=True,
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_design")
    if "site_url" not in app.config:  # the site's root (also declared by site_meta)
        app.add_config_value("site_url", "", "html", types=[str])
    app.add_node(book_pages_table)
    app.add_directive("book-pages", BookPagesDirective)
    app.add_transform(RecordTitles)
    app.add_env_collector(BookPagesCollector)
    app.connect("env-get-outdated", _with_new_catalogs)
    app.add_post_transform(FillBookPagesTables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
