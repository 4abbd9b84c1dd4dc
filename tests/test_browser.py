"""The built site in a real browser: Debian's Chromium driven by Playwright, the site served
on 127.0.0.1 (``nox -s browser``, which builds the site first if it is missing).

For every page of every edition that the site holds: it loads with no console error and no
failed request, every image loads, every formula is typeset (SVG, drawn while the book was built,
with MathML for screen readers), ``<html lang>`` is the
edition's, the language switcher links to the same page in every edition and, clicked, lands
there, and no request leaves the site (anything not on 127.0.0.1 is aborted and reported).
Search finds a known page for a known term in each edition. Each question page is
photographed full-page at desktop and phone width into ``docs/_build/screenshots/<lang>/``,
and must not scroll sideways on a phone.

The tests fail, never skip, when Chromium or the site is missing. With
``LSTM_EXPLAINED_ALL_EDITIONS=1`` (set by ``nox -s browser``) every edition must be built.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from built_site import (
    HOW_TO_BUILD,
    HOW_TO_INSTALL_NODE_TOOLS,
    LANGUAGES,
    NODE_TOOLS,
    SITE,
    SOURCE_LANGUAGE,
    NodeToolMissing,
    book_pages,
    built_editions,
    html_lang,
    lighthouse,
    lighthouse_problems,
    serve,
)
from calculator_page import CALCULATOR_PATHS, argv, submit
from calculator_page import PAGE as CALCULATOR_PAGE

pytestmark = pytest.mark.browser

ALL_EDITIONS = os.environ.get("LSTM_EXPLAINED_ALL_EDITIONS", "") not in ("", "0")
# axe-core and Lighthouse come from the npm registry, pinned in tests/node/package-lock.json;
# `nox -s browser` installs them (npm ci). Never a browser: Lighthouse drives Debian's Chromium.
AXE_SCRIPT = NODE_TOOLS / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = SITE.parent / "screenshots"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 1,
        "is_mobile": True,
        "has_touch": True,
    },
}

# Terms each edition's readers would type, and a page search must return for them. The
# glossary's term table holds every edition's word for each term; finding a question page as well
# shows that the edition's translated prose is what was indexed. Chinese and Japanese queries
# typed without spaces are split on the search page (docs/_ext/search_zh.py, search_ja.py).
SEARCH = {
    "en": [
        ("forget gate", "reference/glossary"),
        ("forget gate", "questions/weight-shapes"),
        ("Bidirectional", "reference/glossary"),
    ],
    "ru": [
        ("вентиль забывания", "reference/glossary"),
        ("вентиль забывания", "questions/weight-shapes"),
    ],
    "zh_CN": [
        ("遗忘门", "reference/glossary"),
        ("遗忘门", "questions/weight-shapes"),
        ("隐藏状态", "reference/glossary"),
        ("遗忘门的偏置", "reference/glossary"),
    ],
    "ja": [
        ("忘却ゲート", "reference/glossary"),
        ("忘却ゲート", "questions/weight-shapes"),
        ("隠れ状態", "reference/glossary"),
    ],
}

# Collected from the site folder; when it is missing, one placeholder keeps each test in the
# run so that it fails (in the `site` fixture) with how to build the site, instead of
# pytest skipping an empty parameter set.
EDITIONS = built_editions() or [SOURCE_LANGUAGE]
PAGES = book_pages() if built_editions() else ["index"]
QUESTIONS = [page for page in PAGES if page.startswith("questions/")] or ["questions/missing"]
#: Pages looked at in full-page screenshots: the questions and the explanations with figures.
SCREENSHOT_PAGES = QUESTIONS + [page for page in PAGES if page.startswith("explanations/")]

# Wait until every web font has loaded; give up after 20 s. Returns what is still pending, ""
# when nothing is. (The formulas are in the HTML: no script typesets them.)
SETTLED = """async () => {
  const settled = document.fonts.ready.then(() => "");
  const timeout = new Promise((done) => setTimeout(() => done("the web fonts"), 20000));
  return Promise.race([settled, timeout]);
}"""
# Load every image now (lazy ones included) and return those that did not load.
BROKEN_IMAGES = """async () => {
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done);
  })));
  return images.filter((img) => !(img.complete && img.naturalWidth > 0))
               .map((img) => img.getAttribute("src"));
}"""
# Math Sphinx marked up (span.math / div.math) that holds no typeset formula (docs/_ext/math_svg.py:
# an <mjx-container> with its SVG), formulas without the MathML that screen readers read, glyphs
# that a formula uses and the page does not define (they would be blank), and MathJax's error
# boxes.
UNTYPESET_MATH = """() => {
  const math = Array.from(document.querySelectorAll(".math"));
  const text = (node) => node.textContent.trim().slice(0, 60);
  const raw = math.filter((node) => !node.querySelector("mjx-container > svg")).map(text);
  const unread = math.filter((node) => !node.querySelector("mjx-assistive-mml > math"))
                     .map(text);
  const blank = Array.from(document.querySelectorAll("mjx-container use"))
    .map((use) => use.getAttribute("xlink:href") || use.getAttribute("href"))
    .filter((ref) => !ref || !document.getElementById(ref.slice(1)));
  const errors = Array.from(document.querySelectorAll("mjx-merror, [data-mjx-error]"))
                     .map((node) => node.getAttribute("data-mjx-error") || node.textContent);
  return {count: math.length, raw, unread, blank: [...new Set(blank)], errors};
}"""
# Sphinx's search replaces its "Searching" heading when every result is listed. (Not the
# summary line: the Russian and Japanese catalogs of Sphinx leave it empty.)
SEARCH_FINISHED = """() => typeof Search !== "undefined" && Search.title
  && !Search.title.textContent.startsWith(Documentation.gettext("Searching"))"""
SWITCHER_LINKS = """() => Array.from(document.querySelectorAll(".lstm-lang-switcher a.lstm-lang-link"))
  .map((a) => ({lang: a.getAttribute("hreflang"), href: a.href,
                current: a.getAttribute("aria-current") === "page"}))"""


@pytest.fixture(scope="session")
def site() -> Path:
    editions = built_editions()
    if not editions:
        pytest.fail(f"no built site in {SITE} (no <edition>/index.html): {HOW_TO_BUILD}")
    if ALL_EDITIONS:
        missing = [lang for lang in LANGUAGES if lang not in editions]
        if missing:
            pytest.fail(
                f"editions {missing} are missing from {SITE}: build every edition with "
                "`nox -s docs` (LSTM_EXPLAINED_ALL_EDITIONS is set, so all four are required)"
            )
    return SITE


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install -e '.[test]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "Chromium is not installed: `bash .ci/run` installs Debian's chromium package "
            "(or: sudo apt-get install chromium). The tests drive it; they never download a browser."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()


@dataclass
class Visit:
    """One browser context and page, with everything that went wrong while it was open."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {text}" for text in self.failed_requests]
            + [f"request leaving the site: {url}" for url in self.external_requests]
        )

    def page_name(self, url: str) -> str:
        """``ru/questions/weight-shapes`` for a URL of the site (query and fragment dropped)."""
        path = urlsplit(url).path
        base = urlsplit(self.base_url).path
        assert path.startswith(base), url
        return path[len(base) :].removesuffix(".html")


@pytest.fixture
def visit(browser, base_url: str) -> Callable[..., contextlib.AbstractContextManager[Visit]]:
    """``with visit("en/index.html", "phone") as v:`` opens the page in a fresh context (empty
    cache) and records console errors, failed requests and any request to another host, which
    is aborted. ``replace={"file.css": path}`` serves ``path`` for every file of that name."""

    @contextlib.contextmanager
    def open_page(
        path: str, viewport: str = "desktop", replace: dict[str, Path] | None = None, **options
    ) -> Iterator[Visit]:
        context = browser.new_context(**VIEWPORTS[viewport], **options)
        page = context.new_page()
        record = Visit(page, base_url)

        def route(route) -> None:
            url = route.request.url
            name = urlsplit(url).path.rsplit("/", 1)[-1]
            if url.startswith(base_url) and replace and name in replace:
                route.fulfill(path=str(replace[name]))
            elif url.startswith(base_url):
                route.continue_()
            else:
                record.external_requests.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and record.console_errors.append(f"{message.text} ({message.location.get('url')})")
            ),
        )
        page.on("pageerror", lambda error: record.console_errors.append(str(error)))
        page.on(
            "requestfailed",
            lambda request: record.failed_requests.append(f"{request.url}: {request.failure}"),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and record.failed_requests.append(f"{response.url}: HTTP {response.status}")
            ),
        )
        try:
            page.goto(base_url + path, wait_until="load")
            pending = page.evaluate(SETTLED)
            if pending:
                record.console_errors.append(f"still loading after 20 s: {pending}")
            yield record
            page.wait_for_load_state("networkidle")
        finally:
            context.close()

    return open_page


def test_site_holds_the_editions(site: Path) -> None:
    """The root page and every edition built; all four when LSTM_EXPLAINED_ALL_EDITIONS is set
    (the `site` fixture), and each edition has the English edition's pages."""
    assert (site / "index.html").is_file(), f"no root index.html in {site}: {HOW_TO_BUILD}"
    english = book_pages(site, SOURCE_LANGUAGE)
    assert english, f"no pages in {site / SOURCE_LANGUAGE}: {HOW_TO_BUILD}"
    for lang in built_editions(site):
        assert book_pages(site, lang) == english, f"{lang} does not have the English pages"


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_page(site: Path, visit, lang: str, page: str) -> None:
    """Loads cleanly, self-contained, images and math rendered, right lang, the switcher links
    to this page in every edition."""
    problems: list[str] = []
    with visit(f"{lang}/{page}.html") as v:
        html = v.page
        for src in html.evaluate(BROKEN_IMAGES):
            problems.append(f"image did not load: {src}")
        math = html.evaluate(UNTYPESET_MATH)
        if math["raw"]:
            shown = ", ".join(math["raw"][:5])
            problems.append(f"{len(math['raw'])} formulas not typeset: {shown}")
        if math["unread"]:
            shown = ", ".join(math["unread"][:5])
            problems.append(f"{len(math['unread'])} formulas without MathML: {shown}")
        if math["blank"]:
            problems.append(f"glyphs used but not defined: {', '.join(math['blank'][:5])}")
        problems += [f"MathJax error: {text}" for text in math["errors"]]
        if math["count"] and html.locator("mjx-container").count() == 0:
            problems.append("the page has math but no mjx-container")
        actual_lang = html.locator("html").get_attribute("lang")
        if actual_lang != html_lang(lang):
            problems.append(f'<html lang="{actual_lang}">, expected "{html_lang(lang)}"')

        links = html.evaluate(SWITCHER_LINKS)
        expected = {html_lang(code): f"{v.base_url}{code}/{page}.html" for code in LANGUAGES}
        found = {link["lang"]: link["href"] for link in links}
        if found != expected:
            problems.append(f"language switcher links {found}, expected {expected}")
        current = [link["lang"] for link in links if link["current"]]
        if current != [html_lang(lang)]:
            problems.append(f"language switcher marks {current} as current, not {html_lang(lang)}")

        # The same page narrowed to a phone's width must not scroll sideways (API signatures,
        # the general index and long Russian headings once did).
        html.set_viewport_size(VIEWPORTS["phone"]["viewport"])
        overflow = html.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide = html.evaluate(WIDER_THAN_VIEWPORT)
            problems.append(f"scrolls sideways by {overflow}px at phone width; too wide: {wide}")
    problems += v.problems()
    assert not problems, f"{lang}/{page}.html:\n  " + "\n  ".join(problems)


# Sphinx's own pages of each edition (indexes, search), which readers reach too.
GENERATED_PAGES = [
    name
    for name in ("genindex", "py-modindex", "search")
    if (SITE / SOURCE_LANGUAGE / f"{name}.html").is_file()
] or ["genindex"]
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices: every rule axe runs by default
# but the experimental ones.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
}"""


def node_tool(path: Path) -> Path:
    """A file of tests/node (axe-core, Lighthouse); fail, never skip, when it is missing."""
    if not path.is_file():
        pytest.fail(f"{path} is missing: {HOW_TO_INSTALL_NODE_TOOLS}")
    return path


def axe_violations(page, width: str) -> list[str]:
    """axe-core's violations on the page as it is now, one line each."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(node_tool(AXE_SCRIPT)))
    return [
        f"{width}: {v['id']} ({v['impact']}) {v['help']}: {v['count']} element(s), "
        f"e.g. {v['targets']}"
        for v in page.evaluate(AXE_RUN, AXE_TAGS)
    ]


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", PAGES + GENERATED_PAGES)
def test_page_accessibility(site: Path, visit, lang: str, page: str) -> None:
    """axe-core finds no violation of any impact (WCAG 2.1 A and AA, best practices) at desktop
    width (1280 px) nor, on the same page narrowed, at phone width (390 px): the theme's markup
    included, which docs/_templates overrides where it falls short."""
    problems: list[str] = []
    with visit(f"{lang}/{page}.html") as v:
        problems += axe_violations(v.page, "1280px")
        v.page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
        # The theme gives code blocks and tables that now scroll their tab stop 300 ms after a
        # resize (docs/_static/lstm-book.js does it for equations at once): let it.
        v.page.wait_for_timeout(600)
        problems += axe_violations(v.page, "390px")
    problems += v.problems()
    assert not problems, f"{lang}/{page}.html:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["index.html", "404.html"])
def test_site_root_accessibility(site: Path, visit, path: str, viewport: str) -> None:
    """The site's root page and its 404 page have no axe violation either. The root page sends
    a browser on to an edition at once; here it is shown without that script, as the list of
    editions that a reader without JavaScript sees."""
    problems: list[str] = []
    with visit("404.html", viewport) as v:
        if path == "index.html":
            html = (site / "index.html").read_text(encoding="utf-8")
            v.page.set_content(re.sub(r"<script>.*?</script>", "", html, flags=re.S))
        problems += axe_violations(v.page, viewport)
    problems += v.problems()
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


# The stylesheet pages link holds only the rules the edition's pages and scripts can use, and the
# icon fonts only the icons they show (docs/_ext/reader_ready.py); lstm-book-full.css, beside
# it, joins the same files whole, and webfonts/full/ holds the fonts as shipped. A page must
# look the same, pixel for pixel, with either: pages with math, a figure, code, tables,
# tabs, cards, autodoc and the search page, in English and Japanese, on a desktop and a phone,
# in dark mode, with the phone's menu open and with the search dialog open.
BUNDLE = "lstm-book-bundle.css"
FULL_CSS = "lstm-book-full.css"
LOOK_PAGES = [
    page for page in ["index", QUESTIONS[0], "reference/linking", "reference/api"] if page in PAGES
] + ["search"]
LOOK_STATES = {
    "desktop": ("desktop", {}, None),
    "phone": ("phone", {}, None),
    "desktop-dark": ("desktop", {"color_scheme": "dark"}, None),
    "phone-menu": ("phone", {}, ".bd-header-article .primary-toggle"),
    "desktop-search": ("desktop", {}, "Control+k"),
}


# Pixels of two PNGs (same size) that differ by more than a shade in some channel; -1 when the
# sizes differ. Chromium's software rasterizer may shade an anti-aliased edge one level apart
# between two loads of the same page; a rule that matters changes far more than that.
DIFFERING_PIXELS = """async ([a, b]) => {
  const load = (data) => new Promise((done, fail) => {
    const img = new Image(); img.onload = () => done(img); img.onerror = fail;
    img.src = "data:image/png;base64," + data;
  });
  const [x, y] = await Promise.all([load(a), load(b)]);
  if (x.width !== y.width || x.height !== y.height) return -1;
  const pixels = (img) => {
    const canvas = document.createElement("canvas");
    canvas.width = img.width; canvas.height = img.height;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    return context.getImageData(0, 0, img.width, img.height).data;
  };
  const p = pixels(x), q = pixels(y);
  let count = 0;
  for (let i = 0; i < p.length; i += 4)
    if (Math.abs(p[i] - q[i]) > 24 || Math.abs(p[i + 1] - q[i + 1]) > 24
        || Math.abs(p[i + 2] - q[i + 2]) > 24) count++;
  return count;
}"""


def _differing_pixels(page, a: bytes, b: bytes) -> int:
    page.goto("about:blank")
    encoded = [base64.b64encode(a).decode(), base64.b64encode(b).decode()]
    return page.evaluate(DIFFERING_PIXELS, encoded)


def _screenshot(v: Visit, action: str | None) -> bytes:
    if action and action.startswith("Control+"):
        v.page.keyboard.press(action)
    elif action:
        v.page.locator(action).first.click()
    if action:
        v.page.wait_for_timeout(500)  # the drawer's and the dialog's transitions
    return v.page.screenshot(full_page=action is None, animations="disabled")


@pytest.mark.parametrize("state", list(LOOK_STATES))
@pytest.mark.parametrize("lang", [code for code in (SOURCE_LANGUAGE, "ja") if code in EDITIONS])
@pytest.mark.parametrize("page", LOOK_PAGES)
def test_lean_stylesheet_looks_the_same(site: Path, visit, page: str, lang: str, state: str):
    """A page with the lean stylesheet and with every rule of the same files: the same pixels."""
    viewport, options, action = LOOK_STATES[state]
    full = site / lang / "_static" / "styles" / FULL_CSS
    assert full.is_file(), f"{full} is missing: the build writes it (docs/_ext/reader_ready.py)"
    shipped = site / lang / "_static" / "vendor" / "fontawesome" / "webfonts" / "full"
    replace = {BUNDLE: full, **{font.name: font for font in shipped.glob("*.woff2")}}
    # Chromium's rasterizer now and then shades a few pixels of one glyph differently between
    # two loads of a page (38 pixels of a Japanese glyph once): a difference must persist over
    # a second pair of loads to count.
    for _attempt in range(2):
        with visit(f"{lang}/{page}.html", viewport, **options) as v:
            linked = v.page.eval_on_selector_all(
                'link[rel="stylesheet"]', "links => links.map((l) => l.getAttribute('href'))"
            )
            lean = _screenshot(v, action)
        with visit(f"{lang}/{page}.html", viewport, replace=replace, **options) as w:
            whole = _screenshot(w, action)
            differing = _differing_pixels(w.page, lean, whole) if lean != whole else 0
        if not differing:
            break
    assert any(BUNDLE in href for href in linked), f"the page links {linked}, not {BUNDLE}"
    if differing:
        target = SCREENSHOTS / "lean-css" / lang
        target.mkdir(parents=True, exist_ok=True)
        stem = f"{page.replace('/', '-')}-{state}"
        (target / f"{stem}-lean.png").write_bytes(lean)
        (target / f"{stem}-full.png").write_bytes(whole)
        pytest.fail(
            f"{lang}/{page}.html ({state}) looks different without the rules the build left "
            f"out ({differing} pixels, -1: another size): compare {target / stem}-lean.png "
            "and -full.png"
        )
    assert not v.problems() and not w.problems(), v.problems() + w.problems()


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", ["index", QUESTIONS[0]])
def test_language_switcher_lands_on_the_same_page(site: Path, visit, lang: str, page: str) -> None:
    """Open the switcher and choose each other edition: the same page, in that language. (Every
    page's links are checked by test_page; this clicks them.)"""
    problems: list[str] = []
    with visit(f"{lang}/{page}.html") as v:
        html = v.page
        for other in built_editions(site):
            if other == lang:
                continue
            html.locator(".lstm-lang-switcher > summary").first.click()
            html.locator(f'.lstm-lang-switcher a[hreflang="{html_lang(other)}"]').first.click()
            html.wait_for_load_state("load")
            landed = v.page_name(html.url)
            if landed != f"{other}/{page}":
                problems.append(f"switcher to {other} landed on {landed}")
            other_lang = html.locator("html").get_attribute("lang")
            if other_lang != html_lang(other):
                problems.append(f'switcher to {other} landed on <html lang="{other_lang}">')
            html.go_back(wait_until="load")
    problems += v.problems()
    assert not problems, f"{lang}/{page}.html:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_search_finds_known_terms(site: Path, visit, lang: str) -> None:
    """search.html?q=TERM lists the page that defines the term (jieba segments Chinese)."""
    problems: list[str] = []
    for term, expected in SEARCH[lang]:
        with visit(f"{lang}/search.html?q={quote(term)}") as v:
            v.page.wait_for_function(SEARCH_FINISHED)
            hrefs = v.page.eval_on_selector_all(
                "#search-results ul.search li > a", "links => links.map((a) => a.href)"
            )
            found = [v.page_name(href) for href in hrefs]
            if f"{lang}/{expected}" not in found:
                problems.append(f"{term!r}: expected {lang}/{expected} among {found}")
        problems += [f"{term!r}: {problem}" for problem in v.problems()]
    assert not problems, f"search in {lang}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_root_index_sends_reader_to_their_edition(site: Path, visit, lang: str) -> None:
    """The root page redirects a browser set to the edition's language to that edition."""
    with visit("index.html", locale=html_lang(lang)) as v:
        v.page.wait_for_url(f"{v.base_url}{lang}/index.html")
    assert not v.problems(), "\n".join(v.problems())


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", SCREENSHOT_PAGES)
def test_question_page_screenshot(site: Path, visit, lang: str, page: str, viewport: str) -> None:
    """A full-page screenshot to look at, and no sideways scrolling of the whole page (wide
    tables, code and outputs must scroll inside their own box)."""
    target = SCREENSHOTS / lang / f"{Path(page).name}-{viewport}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    with visit(f"{lang}/{page}.html", viewport) as v:
        v.page.screenshot(path=str(target), full_page=True)
        overflow = v.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = v.page.evaluate(WIDER_THAN_VIEWPORT) if overflow > 0 else []
    assert overflow <= 0, (
        f"{lang}/{page}.html scrolls sideways by {overflow}px at {viewport} width; "
        f"too wide: {wide} (screenshot: {target})"
    )
    assert not v.problems(), "\n".join(v.problems())


# The elements that stick out of the viewport, not counting those inside a box that scrolls or
# clips (a wide table or output scrolling inside its own box is fine), to say what breaks a
# phone layout.
WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (node) => {
    for (let box = node.parentElement; box && box !== document.body; box = box.parentElement)
      if (getComputedStyle(box).overflowX !== "visible") return true;
    return false;
  };
  return Array.from(document.querySelectorAll("body *"))
    .filter((node) => node.getBoundingClientRect().right > width + 1 && !clipped(node))
    .slice(0, 5)
    .map((node) => `${node.tagName.toLowerCase()}.${String(node.className).split(" ").join(".")}`
                   + ` "${node.textContent.trim().slice(0, 40)}"`);
}"""


# Lighthouse on question pages, mobile. One run takes 15 to 50 s on the 2-core CI machine, so
# by default each edition runs one question page, a different one for each edition (all four
# editions together cover four pages); with LSTM_EXPLAINED_LIGHTHOUSE=all every question page
# of every edition runs, as `python benchmarks/page_size.py --lighthouse` does.
LIGHTHOUSE_ALL = os.environ.get("LSTM_EXPLAINED_LIGHTHOUSE", "") == "all"


def lighthouse_pages(lang: str) -> list[str]:
    if LIGHTHOUSE_ALL:
        return QUESTIONS
    return [QUESTIONS[list(LANGUAGES).index(lang) % len(QUESTIONS)]]


_LIGHTHOUSE_RUNS: dict[str, tuple[list[dict], float]] = {}


def lighthouse_run(base_url: str, lang: str) -> tuple[list[dict], float]:
    """Lighthouse's results on the edition's pages and the seconds they took, run once for the
    tests that read them."""
    if lang not in _LIGHTHOUSE_RUNS:
        urls = [f"{base_url}{lang}/{page}.html" for page in lighthouse_pages(lang)]
        started = time.monotonic()
        try:
            results = lighthouse(urls)
        except NodeToolMissing as missing:
            pytest.fail(str(missing))
        _LIGHTHOUSE_RUNS[lang] = (results, time.monotonic() - started)
        for result in results:
            print(
                f"lighthouse {result['url'].removeprefix(base_url)}: {result['scores']}, "
                f"CLS {result['metrics']['cumulative-layout-shift']}, "
                f"cpu x{result['cpuSlowdown']:.2f}, {result['seconds']:.0f} s"
            )
    return _LIGHTHOUSE_RUNS[lang]


def _lighthouse_assert(base_url: str, lang: str, only: tuple[str, ...]) -> None:
    results, _ = lighthouse_run(base_url, lang)
    problems = [
        f"{result['url'].removeprefix(base_url)}: {problem}"
        for result in results
        for problem in lighthouse_problems(result, base_url, only)
    ]
    assert not problems, "\n  ".join(["Lighthouse (mobile):", *problems])


@pytest.mark.parametrize("lang", EDITIONS)
def test_lighthouse_mobile(site: Path, base_url: str, lang: str) -> None:
    """Lighthouse, mobile, on question pages of the edition served with gzip as GitHub Pages
    serves it: Accessibility, Best practices and SEO 100, layout shift under 0.05, at most
    300 KiB transferred, and no request to any host but this one. (The Performance score moves
    with the load on the machine: `python benchmarks/page_size.py --lighthouse` takes the
    median of several runs.)"""
    _lighthouse_assert(
        base_url,
        lang,
        ("accessibility", "best-practices", "seo", "cumulative-layout-shift", "transfer"),
    )


# --- The shape calculator in the reader's browser (issue 13) ----------------------------------
# The shape calculator in the reader's browser (issue 13), in Debian's Chromium, in every
# edition: ``tools/shape-calculator`` runs the package's command line with Pyodide, served by the
# site itself (``nox -s browser -- -k calculator``).
#
# * Every model the book's pages compute (each ``main(["summary", ...])`` and ``summarize(...)``
#   of their code cells, read from the sources) gives in the page what ``lstm-explained summary
#   --json`` gives: total, each layer's name, output shapes, count and formula, each weight's
#   shape, or the same one-line message for a mistake; so do a misspelt keyword and a missing
#   ``return_sequences``. The results have the edition's headings and the Keras code with the
#   site's copy button; axe finds nothing at 1280 and 390 px once they are shown; the form works
#   from the keyboard.
# * Nothing of Pyodide is requested before the reader submits, nor on any other page; no request
#   leaves 127.0.0.1 (the ``visit`` fixture aborts and reports any).
# * Without JavaScript the form stays hidden and the page shows the executed command-line
#   examples.

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENGLISH_HEADINGS = ["Layer (type)", "Output shape", "Param #", "Formula"]
# The two mistakes the issue names, each with the start of the command line's message.
MISTAKES = [
    ("5,2", ["LSTM(64, return_sequence=True)"], "unknown keyword 'return_sequence'"),
    ("5,2", ["LSTM(64)", "LSTM(32)"], "LSTM layer 'lstm_1' needs a 3-D input"),
]
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def _page_models() -> list[tuple[str, str, list[str], str]]:
    """(page, input, layers, batch) of every model a code cell of the book computes."""
    models = []
    for source in sorted(DOCS.rglob("*.md")):
        if "_build" in source.relative_to(DOCS).parts:
            continue
        page = source.relative_to(DOCS).with_suffix("").as_posix()
        for cell in CODE_CELL.findall(source.read_text(encoding="utf-8")):
            code = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
            try:
                tree = ast.parse(code)
            except SyntaxError:
                continue
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
                    continue
                try:
                    args = [ast.literal_eval(a) for a in call.args]
                    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
                except ValueError:
                    continue
                if call.func.id == "main" and args and args[0][:1] == ["summary"]:
                    words, layers, options = list(args[0][1:]), [], {}
                    while words:
                        word = words.pop(0)
                        if word in ("--input", "--batch"):
                            options[word] = words.pop(0)
                        elif not word.startswith("--"):
                            layers.append(word)
                    models.append(
                        (page, options.get("--input", ""), layers, options.get("--batch", ""))
                    )
                elif call.func.id == "summarize" and len(args) == 2:
                    batch = kwargs.get("batch")
                    models.append(
                        (page, str(args[0]), list(args[1]), "" if batch is None else str(batch))
                    )
    return models


PAGE_MODELS = _page_models()


def test_calculator_has_models_from_the_book_to_compare():
    """The calculator page's own examples are among them, errors included."""
    pages = {page for page, *_ in PAGE_MODELS}
    assert CALCULATOR_PAGE in pages and len(pages) >= 3, PAGE_MODELS
    assert len(PAGE_MODELS) >= 10


def _shape(dims: list[int | None]) -> str:
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


_CLI: dict[tuple, dict] = {}


def command_line(input_shape: str, layers: list[str], batch: str) -> dict:
    """``lstm-explained summary --json`` run as a command: its JSON, or its message."""
    key = (input_shape, tuple(layers), batch)
    if key not in _CLI:
        done = subprocess.run(
            [sys.executable, "-m", "lstm_explained", *argv(input_shape, layers, batch)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        if done.returncode == 0:
            _CLI[key] = json.loads(done.stdout)
        else:
            assert done.returncode == 2, done.stderr
            line = done.stderr.strip()
            assert line.startswith("lstm-explained: error: ") and "\n" not in line, line
            _CLI[key] = {"error": line.removeprefix("lstm-explained: error: ")}
    return _CLI[key]


# How each edition's prose groups a count (i18n/TERMS.md §8: a narrow no-break space in
# Russian from five digits, a comma from five in Chinese and four in Japanese); the calculator's
# table groups its counts, and the total that ends each formula, the same way. English shows
# them as the command line prints them.
_GROUPING = {"ru": ("\u202f", 5), "zh_CN": (",", 5), "ja": (",", 4)}


def _count(n: int, lang: str) -> str:
    separator, fewest = _GROUPING.get(lang, (",", 4))
    return str(n) if len(str(abs(n))) < fewest else f"{n:,}".replace(",", separator)


def _formula(formula: str, lang: str) -> str:
    if lang not in _GROUPING:
        return formula
    return re.sub(r"= (\d+)$", lambda m: "= " + _count(int(m.group(1)), lang), formula)


def _differences(shown, expected: dict, lang: str) -> list[str]:
    if "error" in expected:
        if shown.error != expected["error"]:
            return [f"message {shown.error!r}, the command line says {expected['error']!r}"]
        return []
    problems = []
    if shown.error is not None or shown.total != str(expected["total_params"]):
        problems.append(
            f"total {shown.total} (error {shown.error!r}), expected {expected['total_params']}"
        )
    rows = [
        [
            f"{layer['name']} ({layer['type']})",
            _shape(layer["output_shapes"][0])
            if len(layer["output_shapes"]) == 1
            else "[" + ", ".join(map(_shape, layer["output_shapes"])) + "]",
            _count(layer["params"], lang),
            _formula(layer["formula"], lang),
        ]
        for layer in expected["layers"]
    ]
    if shown.layers != rows:
        problems.append(f"layers {shown.layers}, expected {rows}")
    weights = [
        [f"{w['name']} {_shape(w['shape'])}" for w in layer["weights"]]
        for layer in expected["layers"]
        if layer["weights"]
    ]
    if shown.weights != weights:
        problems.append(f"weights {shown.weights}, expected {weights}")
    for note in expected["notes"]:
        if note not in shown.text:
            problems.append(f"note missing: {note}")
    if not shown.code or "keras.Sequential" not in shown.code or shown.copy != 1:
        problems.append(f"Keras code {shown.code!r} with {shown.copy} copy buttons")
    return problems


def _calculator_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if any(path in url for path in CALCULATOR_PATHS)]


@pytest.mark.parametrize("lang", EDITIONS)
def test_calculator_gives_what_the_command_line_gives(site, visit, lang: str) -> None:
    problems: list[str] = []
    with visit(f"{lang}/{CALCULATOR_PAGE}.html") as v:
        page = v.page
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        form = page.locator("#live-calculator")
        assert form.is_visible(), "the form is hidden although JavaScript runs"
        page.wait_for_load_state("networkidle")
        if _calculator_requests(requests):
            problems.append(f"loaded before any submit: {_calculator_requests(requests)}")
        messages = json.loads(form.get_attribute("data-messages"))
        headings = [messages[key] for key in ("layer", "output-shape", "params", "formula")]
        if lang != "en" and headings == ENGLISH_HEADINGS:
            problems.append(f"the headings are English in {lang}: {headings}")

        # The prefilled example, from the keyboard: from the layers field, Tab reaches the button
        # and Enter submits.
        page.locator("#live-calculator-layers").focus()
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        if "lstm-calc-submit" not in focused:
            problems.append(f"Tab from the layers field focuses {focused!r}, not the button")
        page.keyboard.press("Enter")
        page.wait_for_selector("#live-calculator-result[data-total-params]", timeout=300_000)
        shown = page.locator("#live-calculator-result thead th").all_text_contents()
        if shown != headings:
            problems.append(f"result headings {shown}, expected the page's {headings}")
        if not _calculator_requests(requests):
            problems.append("no request for Pyodide after the submit")

        mistakes = [(CALCULATOR_PAGE, shape, layers, "") for shape, layers, _ in MISTAKES]
        for _, input_shape, layers, batch in [*PAGE_MODELS, *mistakes]:
            result = submit(page, input_shape, layers, batch)
            expected = command_line(input_shape, layers, batch)
            problems += [
                f"{input_shape!r} {layers} batch={batch!r}: {problem}"
                for problem in _differences(result, expected, lang)
            ]
        for input_shape, layers, start in MISTAKES:
            message = command_line(input_shape, layers, "").get("error", "")
            if not message.startswith(start):
                problems.append(f"{layers}: the command line says {message!r}")

        # A result with notes and a wide table, then axe and a look at both widths.
        submit(
            page,
            "None,2",
            ["LSTM(64, return_sequences=True)", "LSTM(32, input_shape=(10, 64))"],
            "32",
        )
        problems += axe_violations(page, "1280px (results shown)")
        target = SCREENSHOTS / lang
        target.mkdir(parents=True, exist_ok=True)
        section = page.locator("#live-calculator").locator("xpath=..")
        section.screenshot(path=str(target / "live-calculator-desktop.png"))
        page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
        page.wait_for_timeout(300)
        problems += axe_violations(page, "390px (results shown)")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"the page scrolls sideways by {overflow}px at phone width")
        section.screenshot(path=str(target / "live-calculator-phone.png"))
    problems += v.problems()
    assert not problems, f"{lang}/{CALCULATOR_PAGE}.html:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_other_pages_load_nothing_of_the_calculator(site, visit, lang: str) -> None:
    """No page but the calculator's links its script, and none requests Pyodide."""
    problems: list[str] = []
    for name in PAGES:
        with visit(f"{lang}/{name}.html") as v:
            requests: list[str] = []
            v.page.on("request", lambda request, seen=requests: seen.append(request.url))
            v.page.wait_for_load_state("networkidle")
            scripts = v.page.eval_on_selector_all("script[src]", "s => s.map((e) => e.src)")
            forms = v.page.locator("#live-calculator").count()
        linked = [src for src in scripts if "live-calculator" in src]
        if name == CALCULATOR_PAGE:
            if not linked or forms != 1:
                problems.append(f"{name}: script {linked}, {forms} forms")
        elif linked or forms:
            problems.append(f"{name}: links {linked}, {forms} calculator forms")
        if _calculator_requests(requests):
            problems.append(f"{name}: requested {_calculator_requests(requests)}")
        problems += [f"{name}: {problem}" for problem in v.problems()]
    assert not problems, f"{lang}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_without_javascript_the_page_shows_the_command_line(site, browser, base_url, lang) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}{lang}/{CALCULATOR_PAGE}.html", wait_until="load")
        form_visible = page.locator("#live-calculator").is_visible()
        note_visible = page.locator(".lstm-calc-noscript").is_visible()
        outputs = page.locator(".cell_output").count()
    finally:
        context.close()
    assert not form_visible, "a form that cannot work is shown without JavaScript"
    assert note_visible, "no note that the calculator needs JavaScript"
    assert outputs >= 5, "the executed command-line examples are missing"
