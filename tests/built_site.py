"""The built site (``docs/_build/site``) as the browser tests and ``benchmarks/page_size.py``
see it: which editions and pages it holds, and a local HTTP server for it.

Not a test module: ``tests/test_browser.py`` and the page-weight script import it.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SITE = Path(os.environ.get("LSTM_EXPLAINED_SITE", DOCS / "_build" / "site"))

_spec = importlib.util.spec_from_file_location("lstm_book_languages", DOCS / "languages.py")
languages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(languages)

LANGUAGES: dict[str, str] = languages.LANGUAGES
SOURCE_LANGUAGE: str = languages.SOURCE_LANGUAGE
html_lang = languages.html_lang

# Pages Sphinx writes that are not pages of the book (generated indexes, the search page).
NOT_BOOK_PAGES = {"genindex", "search", "py-modindex", "404"}
# Folders of an edition that hold assets or copies of sources, not pages.
NOT_PAGE_FOLDERS = {"_static", "_sources", "_images", "_downloads", "jupyter_execute"}

HOW_TO_BUILD = "build it with `nox -s docs` (all four editions) or `nox -s docs -- en`"


def built_editions(site: Path = SITE) -> list[str]:
    """The editions of ``LANGUAGES`` that the site holds, in the order ``LANGUAGES`` lists them."""
    return [lang for lang in LANGUAGES if (site / lang / "index.html").is_file()]


def book_pages(site: Path = SITE, lang: str = SOURCE_LANGUAGE) -> list[str]:
    """Page names (``questions/weight-shapes``) of one edition, found in its folder."""
    edition = site / lang
    pages = []
    for path in edition.rglob("*.html"):
        relative = path.relative_to(edition)
        if relative.parts[0] in NOT_PAGE_FOLDERS:
            continue
        name = relative.with_suffix("").as_posix()
        if name not in NOT_BOOK_PAGES:
            pages.append(name)
    return sorted(pages)


# What GitHub Pages sends gzip-compressed to a browser that accepts it: text, scripts, styles,
# SVG, JSON, XML. Fonts (woff2 is compressed already) and PNGs go as they are.
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like GitHub Pages does: gzip when the client accepts it, cacheable for
    10 minutes (``Cache-Control: max-age=600``)."""

    _gzipped: ClassVar[dict[tuple[str, float], bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        content_type = self.guess_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (
            accepts_gzip and os.path.isfile(path) and content_type.startswith(COMPRESSED_TYPES)
        ):
            super().do_GET()
            return
        key = (path, os.path.getmtime(path))
        body = self._gzipped.get(key)
        if body is None:
            with open(path, "rb") as file:
                body = gzip.compress(file.read(), compresslevel=6, mtime=0)
            self._gzipped[key] = body
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path = SITE) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port in a background thread; yield its base URL
    (ending in ``/``). Text is sent gzip-compressed, as GitHub Pages sends it; every visit of a
    new browser context is still a first visit (an empty cache)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


NODE_TOOLS = ROOT / "tests" / "node"
LIGHTHOUSE_SCRIPT = NODE_TOOLS / "lighthouse-run.mjs"
HOW_TO_INSTALL_NODE_TOOLS = (
    "install axe-core and Lighthouse with `npm ci --prefix tests/node` (`nox -s browser` does)"
)
# What every question page must score in Lighthouse, mobile (issue 11), and the most layout
# shift it may show.
LIGHTHOUSE_TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_LAYOUT_SHIFT = 0.05
# What a first visit of a question page may transfer (gzip, as GitHub Pages sends it).
MAX_TRANSFER = 300 * 1024


class NodeToolMissing(RuntimeError):
    """Node.js, Chromium or the npm packages of tests/node are not installed."""


def lighthouse(urls: list[str], timeout: float = 120.0) -> list[dict]:
    """Run Lighthouse (mobile) on ``urls`` in one headless Debian Chromium, one after the other;
    return one summary per URL (``tests/node/lighthouse-run.mjs`` says what it holds)."""
    node = shutil.which("node")
    chromium = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if node is None:
        raise NodeToolMissing("Node.js is not installed: `bash .ci/run` installs Debian's nodejs")
    if chromium is None:
        raise NodeToolMissing(
            "Chromium is not installed: `bash .ci/run` installs Debian's chromium"
        )
    if not (NODE_TOOLS / "node_modules" / "lighthouse").is_dir():
        raise NodeToolMissing(f"Lighthouse is missing: {HOW_TO_INSTALL_NODE_TOOLS}")
    done = subprocess.run(
        [node, str(LIGHTHOUSE_SCRIPT), *urls],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": chromium},
        timeout=timeout * len(urls),
        check=False,
    )
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or len(results) != len(urls):
        raise RuntimeError(f"Lighthouse failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return results


def lighthouse_problems(
    result: dict, base_url: str, only: tuple[str, ...] | None = None
) -> list[str]:
    """What keeps a page's Lighthouse result from the targets, one line each; ``only`` names
    the targets to check (categories, ``cumulative-layout-shift``, ``transfer``,
    ``requests``), all by default."""
    problems = []
    if result["runtimeError"]:
        problems.append(f"Lighthouse could not run: {result['runtimeError']}")
    for category, target in LIGHTHOUSE_TARGETS.items():
        if only is not None and category not in only:
            continue
        score = result["scores"].get(category)
        if score is None or score < target:
            failing = "; ".join(result["failing"].get(category, [])) or "no failing audit listed"
            problems.append(f"{category} {score} < {target}: {failing}")
    shift = result["metrics"].get("cumulative-layout-shift")
    if (only is None or "cumulative-layout-shift" in only) and (
        shift is None or shift >= MAX_LAYOUT_SHIFT
    ):
        problems.append(f"cumulative layout shift {shift} (must be < {MAX_LAYOUT_SHIFT})")
    if only is not None and "transfer" not in only:
        return problems
    transferred = sum(request["transferSize"] or 0 for request in result["requests"])
    if transferred > MAX_TRANSFER:
        largest = sorted(result["requests"], key=lambda r: -(r["transferSize"] or 0))[:5]
        shown = ", ".join(f"{r['url'].removeprefix(base_url)} {r['transferSize']}" for r in largest)
        problems.append(f"{transferred / 1024:.0f} KiB transferred > 300 KiB; largest: {shown}")
    for request in result["requests"]:  # always checked
        if not request["url"].startswith((base_url, "data:")):
            problems.append(f"request leaving the site: {request['url']}")
    return problems
