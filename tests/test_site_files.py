"""The files that present the site to the web, tested at their generators (no site build needed):
the root's 404 page, sitemap index and robots.txt; the per-edition canonical URLs, sitemap and
Open Graph tags (``edition_settings`` of ``docs/conf.py`` and ``docs/_ext/site_meta.py``, on a
three-page Sphinx project); the pages' labels and titles; a description on every page."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext")]

import site_root  # noqa: E402
import source_pages  # noqa: E402
from languages import EDITIONS, LANGUAGES, html_lang  # noqa: E402

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
BASES = ["https://example.org/", "https://someone.github.io/lstm-book/"]


class _Refs(HTMLParser):
    """Every URL an HTML page refers to (href, src, action, srcset), and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src", "action", "srcset", "data", "poster"):
            if found.get(name):
                self.urls.append(found[name] or "")
        if tag == "a":
            self.links.append(found)


def _refs(text: str) -> _Refs:
    parser = _Refs()
    parser.feed(text)
    return parser


# -- The 404 page ------------------------------------------------------------------------


@pytest.mark.parametrize("base", BASES)
def test_404_requests_nothing_outside_the_site(base):
    text = site_root.not_found_html(base)
    refs = _refs(text)
    root = site_root.site_path(base)
    assert refs.urls, "the 404 page links nowhere"
    for url in refs.urls:
        assert url.startswith(root) and not url.startswith("//"), url
    assert "<link" not in text and "@import" not in text and "url(" not in text
    assert not re.search(r"\b(?:https?:)?//", text.replace(base, "")), "an absolute URL"


@pytest.mark.parametrize("base", BASES)
def test_404_links_to_every_edition_from_any_depth(base):
    links = _refs(site_root.not_found_html(base)).links
    root = site_root.site_path(base)
    by_href = {link["href"]: link for link in links}
    for code in LANGUAGES:
        href = f"{root}{code}/index.html"
        assert href in by_href, f"no link to {href}"
        assert by_href[href]["hreflang"] == html_lang(code)
    assert len(links) == len(LANGUAGES)


def test_404_has_the_message_in_every_language_in_its_own_lang():
    text = site_root.not_found_html(BASES[0])
    for code in LANGUAGES:
        words = EDITIONS[code].not_found
        heading, sentence, link_text = words.heading, words.sentence, words.contents
        section = re.search(
            rf'<section id="edition-{code}" lang="{html_lang(code)}">(.*?)</section>', text, re.S
        )
        assert section, code
        for part in (heading, sentence, link_text):
            assert part in section.group(1)


def test_404_refuses_a_language_without_a_message():
    with pytest.raises(KeyError, match="xx"):
        site_root.not_found_html(BASES[0], {**LANGUAGES, "xx": "Xx"})


@pytest.mark.parametrize(
    ("base", "path"),
    [
        ("https://example.org/", "/"),
        ("https://example.org", "/"),
        ("https://a.github.io/repo/", "/repo/"),
        ("https://a.github.io/repo", "/repo/"),
    ],
)
def test_site_path(base, path):
    assert site_root.site_path(base) == path


# -- Base URL, sitemap index, robots.txt ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.github.io/repo", "https://a.github.io/repo/"),
        ("https://a.github.io/repo/", "https://a.github.io/repo/"),
        ("  ", site_root.DEFAULT_BASE_URL),
        (None, site_root.DEFAULT_BASE_URL),
    ],
)
def test_base_url_comes_from_one_variable(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(site_root.BASE_URL_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(site_root.BASE_URL_VARIABLE, value)
    assert site_root.base_url() == expected
    assert expected.endswith("/")


@pytest.mark.parametrize("base", BASES)
def test_sitemap_index_and_robots(base, tmp_path):
    written = {p.name for p in site_root.write_site_root(tmp_path, LANGUAGES, base)}
    assert written == {"index.html", "404.html", "sitemap.xml", "robots.txt", "favicon.ico"}
    assert (tmp_path / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an icon
    alternates = re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
        (tmp_path / "index.html").read_text(encoding="utf-8"),
    )
    assert alternates == [(html_lang(code), f"{base}{code}/index.html") for code in LANGUAGES]
    index = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    locs = [el.text for el in index.iter(f"{SITEMAP_NS}loc")]
    assert locs == [f"{base}{code}/sitemap.xml" for code in LANGUAGES]
    robots = (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {base}sitemap.xml" in robots
    assert "Disallow: /" not in robots


# -- Per-edition metadata and sitemap (site_meta) on a two-page Sphinx project -------------

DESCRIPTION = "A page about gates, shared with a friend."


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory):
    """Build a three-page project with the book's edition settings and site_meta in two
    editions (html) and once as gettext,
    then the first edition again writing only the changed page (``sphinx-build ... third.rst``);
    ``cell-output`` makes the container myst-nb puts a code cell's output in."""
    sphinx_app = pytest.importorskip("sphinx.application")
    src = tmp_path_factory.mktemp("src")
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(DOCS)!r}, {str(DOCS / '_ext')!r}]\n"
        "import conf as book\n"
        "extensions = ['site_meta']\n"
        "project = 'LSTM Explained'\n"
        "site_url = html_baseurl = 'https://someone.github.io/lstm-book'\n"
        "ogp_social_cards = {'enable': False}\n"
        "ogp_enable_meta_description = False\n"
        "from docutils import nodes\n"
        "from docutils.parsers.rst import Directive\n"
        "class CellOutput(Directive):\n"
        "    has_content = True\n"
        "    def run(self):\n"
        "        node = nodes.container(classes=['cell_output'])\n"
        "        self.state.nested_parse(self.content, self.content_offset, node)\n"
        "        return [node]\n"
        "def setup(app):\n"
        "    app.connect('config-inited', book.apply_edition_settings)\n"
        "    app.add_directive('cell-output', CellOutput)\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(
        f".. meta::\n   :description: {DESCRIPTION}\n\n"
        "Gates\n=====\n\nThe first paragraph, which is not the description.\n\n"
        ".. toctree::\n\n   other\n   third\n\n"
        ".. cell-output::\n\n   Printed by a cell.\n",
        encoding="utf-8",
    )
    (src / "other.rst").write_text(
        "The ``units`` argument\n======================\n\nText.\n", encoding="utf-8"
    )
    (src / "third.rst").write_text("third\n=====\n\nText.\n", encoding="utf-8")
    out = {}
    builds = [("html", "en"), ("html", "ru"), ("gettext", "en"), ("html", "en")]
    for n, (builder, lang) in enumerate(builds):
        if n == len(builds) - 1:
            (src / "third.rst").write_text("third\n=====\n\nNew text.\n", encoding="utf-8")
        outdir = out.get((builder, lang)) or tmp_path_factory.mktemp(f"{builder}-{lang}")
        app = sphinx_app.Sphinx(
            str(src),
            str(src),
            str(outdir),
            str(outdir / ".doctrees"),
            builder,
            confoverrides={"language": lang},
            status=None,
            warning=None,
            freshenv=n < len(builds) - 1,
        )
        last = n == len(builds) - 1
        app.build(filenames=[str(src / "third.rst")] if last else None)
        out[builder, lang] = outdir
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_edition_head_has_canonical_and_sharing_tags(small_builds, lang):
    head = (small_builds["html", lang] / "index.html").read_text(encoding="utf-8")
    head = head[: head.index("</head>")]
    url = f"https://someone.github.io/lstm-book/{lang}/index.html"
    assert f'<link rel="canonical" href="{url}" />' in head
    assert f'<meta property="og:url" content="{url}" />' in head
    assert f'<meta property="og:description" content="{DESCRIPTION}" />' in head
    assert '<meta name="twitter:card" content="summary" />' in head
    assert '<meta property="og:title" content="Gates" />' in head
    assert head.count('name="description"') == 1
    locales = re.findall(r'property="og:locale(?::alternate)?" content="([^"]+)"', head)
    assert locales[0] == {"en": "en_US", "ru": "ru_RU"}[lang]
    assert len(locales) == len(set(locales)) == len(LANGUAGES)
    assert "og:image" not in head, "no social-card image is generated"


def test_sharing_tags_hold_no_markup(small_builds):
    head = (small_builds["html", "en"] / "other.html").read_text(encoding="utf-8")
    tags = re.findall(r"<meta (?:property|name)=\"(?:og|twitter):[^>]*>", head)
    assert '<meta property="og:title" content="The units argument" />' in tags
    assert not [tag for tag in tags if "&lt;" in tag or "<code" in tag]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_edition_sitemap_lists_pages_with_every_language(small_builds, lang):
    urlset = ElementTree.parse(small_builds["html", lang] / "sitemap.xml").getroot()
    urls = list(urlset.iter(f"{SITEMAP_NS}url"))
    locs = [u.find(f"{SITEMAP_NS}loc").text for u in urls]
    pages = ["index", "other", "third"]
    assert locs == [f"https://someone.github.io/lstm-book/{lang}/{page}.html" for page in pages]
    for url, page in zip(urls, pages, strict=True):
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML_NS}link")
        }
        assert alternates == {
            html_lang(code): f"https://someone.github.io/lstm-book/{code}/{page}.html"
            for code in LANGUAGES
        }


def test_cell_outputs_are_not_messages_but_the_description_is(small_builds):
    pot = (small_builds["gettext", "en"] / "index.pot").read_text(encoding="utf-8")
    assert 'msgid "The first paragraph, which is not the description."' in pot
    assert f'msgid "{DESCRIPTION}"' in pot
    assert "Printed by a cell." not in pot


def test_conf_loads_the_sitemap_and_sharing_extension():
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert re.search(r'^\s*"site_meta",', conf, re.M)
    assert re.search(r"^SITE_ROOT = base_url\(\)$", conf, re.M)
    assert re.search(r'^ogp_social_cards = \{"enable": False\}', conf, re.M)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"sphinxext-opengraph>=' in pyproject


# -- Pages, labels, descriptions -----------------------------------------------------------

PAGES = source_pages.book_pages()
LABELS = {page.label for page in PAGES}
SOURCES = sorted(
    p
    for p in DOCS.rglob("*.md")
    if not any(part.startswith(("_", ".")) for part in p.relative_to(DOCS).parts)
    and p.name != "README.md"
)


def test_every_page_source_is_listed_once_with_a_label_and_title():
    docnames = [page.docname for page in PAGES]
    assert sorted(docnames) == sorted(
        p.relative_to(DOCS).with_suffix("").as_posix() for p in SOURCES
    )
    assert len(LABELS) == len(PAGES), "two pages share a label"
    assert PAGES[0].docname == "index"
    assert all(page.title for page in PAGES)


def test_reading_order_follows_the_root_toctrees():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    listed = [
        line.strip()
        for block in re.findall(r"```\{toctree\}\n(.*?)```", index, re.S)
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith(":")
    ]
    docnames = [page.docname for page in PAGES]
    assert docnames[1 : 1 + len(listed)] == listed


def test_page_without_a_label_is_refused(tmp_path):
    (tmp_path / "index.md").write_text("# No label\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"index\.md"):
        source_pages.book_pages(tmp_path)


def test_every_label_the_linking_page_names_exists():
    text = (DOCS / "reference" / "linking.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\{ref\}`(?:[^`<]*<)?(?:lstm\w*:)?([\w-]+)>?`", text))
    named |= set(re.findall(r":ref:`(?:lstm\w*:)?([\w-]+)`", text))
    assert named, "the linking page names no label"
    assert named <= LABELS, sorted(named - LABELS)
    assert "r-linking" in LABELS


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_page_has_a_description_that_reads_well_when_shared(source):
    text = source.read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert front, "no front matter"
    found = re.search(
        r"^myst:\n\s+html_meta:\n\s+description:\s*\"(.+)\"\s*$", front.group(1), re.M
    )
    assert found, "no myst: html_meta: description in the front matter"
    description = found.group(1)
    assert 50 <= len(description) <= 300, len(description)
    assert description.endswith("."), "a description is a sentence"
