"""What a reader's browser downloads on a first visit to a page (a script, not a test).

    python benchmarks/page_size.py [--page questions/weight-shapes] [--top N]

Serves ``docs/_build/site`` (build it with ``nox -s docs``) on 127.0.0.1, opens the page in
every edition the site holds in Debian's headless Chromium with an empty cache, waits until
MathJax has typeset it and the network is idle, and prints the bytes of every response body
by type (html, css, js, fonts, images, other), uncompressed and gzip-compressed (as a host
that compresses would send them). ``--top N`` lists the N largest files as well.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from built_site import HOW_TO_BUILD, SITE, built_editions, serve

KINDS = ("html", "css", "js", "fonts", "images", "other")
SUFFIXES = {
    ".html": "html",
    ".css": "css",
    ".js": "js",
    ".mjs": "js",
    ".woff": "fonts",
    ".woff2": "fonts",
    ".ttf": "fonts",
    ".otf": "fonts",
    ".png": "images",
    ".svg": "images",
    ".jpg": "images",
    ".jpeg": "images",
    ".gif": "images",
    ".ico": "images",
    ".webp": "images",
}
SETTLED = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
}"""


def kind(url: str) -> str:
    return SUFFIXES.get(Path(urlsplit(url).path).suffix.lower(), "other")


def measure(browser, url: str) -> list[tuple[str, int, int]]:
    """(url, bytes, gzip bytes) of every response while ``url`` loads in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    page.evaluate(SETTLED)
    page.wait_for_load_state("networkidle")
    rows = []
    for response in responses:
        body = response.body() if response.status < 300 else b""
        rows.append((response.url, len(body), len(gzip.compress(body, 6))))
    context.close()
    return rows


def kib(n: int) -> str:
    return f"{n / 1024:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="questions/weight-shapes", help="page name")
    parser.add_argument("--top", type=int, default=0, help="also list the N largest files")
    args = parser.parse_args(argv)
    editions = built_editions()
    if not editions:
        parser.error(f"no built site in {SITE}: {HOW_TO_BUILD}")
    chromium = shutil.which("chromium")
    if chromium is None:
        parser.error("Chromium is not installed: `bash .ci/run` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    print(f"first visit of {args.page}.html, KiB (gzip KiB): body bytes of every response")
    print(f"{'edition':<8}" + "".join(f"{k:>19}" for k in (*KINDS, "total")) + f"{'files':>7}")
    with sync_playwright() as playwright, serve() as base:
        browser = playwright.chromium.launch(executable_path=chromium)
        for lang in editions:
            rows = measure(browser, f"{base}{lang}/{args.page}.html")
            plain: dict[str, int] = defaultdict(int)
            packed: dict[str, int] = defaultdict(int)
            for url, size, gz in rows:
                plain[kind(url)] += size
                packed[kind(url)] += gz
            plain["total"], packed["total"] = sum(plain.values()), sum(packed.values())
            cells = "".join(
                f"{kib(plain[k]) + ' (' + kib(packed[k]) + ')':>19}" for k in (*KINDS, "total")
            )
            print(f"{lang:<8}{cells}{len(rows):>7}")
            for url, size, gz in sorted(rows, key=lambda row: -row[1])[: args.top]:
                print(f"    {kib(size):>9} ({kib(gz):>7})  {url.removeprefix(base)}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
