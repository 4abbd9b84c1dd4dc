"""What a reader's browser downloads on a first visit to a page (a script, not a test).

    python benchmarks/page_size.py [--page questions/weight-shapes] [--phone] [--top N]
    python benchmarks/page_size.py --lighthouse
    python benchmarks/page_size.py --calculator [--phone]

Serves ``docs/_build/site`` (build it with ``nox -s docs``) on 127.0.0.1 as GitHub Pages
serves it (gzip), opens the page in every edition the site holds in Debian's headless Chromium
with an empty cache (at 1280 px, or at 390 px with ``--phone``), waits until MathJax has typeset
it and the network is idle, and prints the bytes of every response body by type (html, css, js,
fonts, images, other), uncompressed and gzip-compressed, and what actually crossed the
network. ``--top N`` lists the N largest files as well.

``--lighthouse`` runs Lighthouse (mobile; tests/node, ``npm ci --prefix tests/node``) on every
question page of every edition instead, and prints its four scores, the layout shift, the
transfer and the seconds each run took: the full set that the browser tests sample.

``--calculator`` times the in-browser shape calculator of ``tools/shape-calculator`` in every
edition: from submit to the first result with an empty cache (cold: Pyodide and the package
are fetched and started), a second submit on the same page (warm), and the first submit after
reloading the page (Pyodide from the browser's cache, started again); and the bytes the first
submit adds to the page (uncompressed, gzip, transferred). Wall time: on a busy machine,
compare runs made side by side.
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

from built_site import (
    HOW_TO_BUILD,
    SITE,
    book_pages,
    built_editions,
    lighthouse,
    lighthouse_problems,
    serve,
)

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


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def measure(browser, url: str, phone: bool = False) -> list[tuple[str, int, int, int]]:
    """(url, bytes, gzip bytes, bytes transferred) of every response while ``url`` loads in a
    fresh context."""
    options = PHONE if phone else {"viewport": {"width": 1280, "height": 800}}
    context = browser.new_context(**options)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    page.evaluate(SETTLED)
    page.wait_for_load_state("networkidle")
    rows = response_rows(responses)
    context.close()
    return rows


def response_rows(responses: list) -> list[tuple[str, int, int, int]]:
    """(url, bytes, gzip bytes, bytes transferred) of each Playwright response."""
    rows = []
    for response in responses:
        body = response.body() if response.status < 300 else b""
        sent = response.request.sizes()
        transferred = sent["responseBodySize"] + sent["responseHeadersSize"]
        rows.append((response.url, len(body), len(gzip.compress(body, 6)), transferred))
    return rows


def site_and_chromium(parser: argparse.ArgumentParser) -> tuple[list[str], str]:
    """The editions of the built site and Debian's Chromium; a usage error if either is missing."""
    editions = built_editions()
    if not editions:
        parser.error(f"no built site in {SITE}: {HOW_TO_BUILD}")
    chromium = shutil.which("chromium")
    if chromium is None:
        parser.error("Chromium is not installed: `bash .ci/run` installs Debian's chromium")
    return editions, chromium


def kib(n: int) -> str:
    return f"{n / 1024:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="questions/weight-shapes", help="page name")
    parser.add_argument("--top", type=int, default=0, help="also list the N largest files")
    parser.add_argument("--phone", action="store_true", help="390 px wide, 3x (else 1280 px)")
    parser.add_argument(
        "--lighthouse", action="store_true", help="Lighthouse on every question page instead"
    )
    parser.add_argument(
        "--calculator", action="store_true", help="time the in-browser calculator instead"
    )
    args = parser.parse_args(argv)
    if args.lighthouse:
        return run_lighthouse(parser)
    if args.calculator:
        return run_calculator(parser, args.phone)
    editions, chromium = site_and_chromium(parser)
    from playwright.sync_api import sync_playwright

    width = "390 px" if args.phone else "1280 px"
    print(
        f"first visit of {args.page}.html at {width}, KiB (gzip KiB): body bytes of every response"
    )
    print(
        f"{'edition':<8}"
        + "".join(f"{k:>19}" for k in (*KINDS, "total"))
        + f"{'files':>7}{'transfer':>10}"
    )
    with sync_playwright() as playwright, serve() as base:
        browser = playwright.chromium.launch(executable_path=chromium)
        for lang in editions:
            rows = measure(browser, f"{base}{lang}/{args.page}.html", args.phone)
            plain: dict[str, int] = defaultdict(int)
            packed: dict[str, int] = defaultdict(int)
            for url, size, gz, _ in rows:
                plain[kind(url)] += size
                packed[kind(url)] += gz
            plain["total"], packed["total"] = sum(plain.values()), sum(packed.values())
            cells = "".join(
                f"{kib(plain[k]) + ' (' + kib(packed[k]) + ')':>19}" for k in (*KINDS, "total")
            )
            transferred = sum(row[3] for row in rows)
            print(f"{lang:<8}{cells}{len(rows):>7}{kib(transferred):>10}")
            for url, size, gz, _ in sorted(rows, key=lambda row: -row[1])[: args.top]:
                print(f"    {kib(size):>9} ({kib(gz):>7})  {url.removeprefix(base)}")
        browser.close()
    return 0


def run_lighthouse(parser: argparse.ArgumentParser) -> int:
    """Lighthouse (mobile) on every question page of every edition; one line per page."""
    import time

    editions = built_editions()
    if not editions:
        parser.error(f"no built site in {SITE}: {HOW_TO_BUILD}")
    questions = [page for page in book_pages() if page.startswith("questions/")]
    print("Lighthouse, mobile: performance accessibility best-practices seo | CLS | KiB | s")
    failures = 0
    started = time.monotonic()
    with serve() as base:
        for lang in editions:
            urls = [f"{base}{lang}/{page}.html" for page in questions]
            for result in lighthouse(urls):
                scores = " ".join(f"{result['scores'][k]:>3}" for k in result["scores"])
                shift = result["metrics"]["cumulative-layout-shift"] or 0
                sent = sum(r["transferSize"] or 0 for r in result["requests"]) / 1024
                problems = lighthouse_problems(result, base)
                failures += bool(problems)
                print(
                    f"{result['url'].removeprefix(base):<45} {scores} | {shift:.3f} | "
                    f"{sent:5.0f} | {result['seconds']:4.1f} (cpu x{result['cpuSlowdown']:.1f})"
                )
                for problem in problems:
                    print(f"    {problem}")
    pages = len(editions) * len(questions)
    print(f"{pages} pages in {time.monotonic() - started:.0f} s; {failures} short of a target")
    return 1 if failures else 0


def measure_calculator(browser, base: str, lang: str, phone: bool = False) -> dict:
    """Submit the calculator's example three times (cold, warm, after a reload) and return the
    milliseconds each took and the responses the first submit caused (url, bytes, gzip bytes,
    bytes transferred)."""
    from live_calculator import PAGE, submit

    options = PHONE if phone else {"viewport": {"width": 1280, "height": 800}}
    context = browser.new_context(**options)
    page = context.new_page()
    responses: list = []
    page.goto(f"{base}{lang}/{PAGE}.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.on("response", lambda response: responses.append(response))
    example = page.eval_on_selector("#live-calculator-layers", "t => t.value").splitlines()
    shape = page.eval_on_selector("#live-calculator-input", "i => i.value")
    cold = submit(page, shape, example)
    page.wait_for_load_state("networkidle")
    added = response_rows(responses)
    warm = submit(page, "None,8", ["GRU(16, return_sequences=True)", "Dense(4)"])
    page.reload(wait_until="load")
    reloaded = submit(page, shape, example)
    context.close()
    for shown in (cold, warm, reloaded):
        if shown.total is None:
            raise RuntimeError(f"{lang}: the calculator failed: {shown.error}")
    return {"cold": cold.ms, "warm": warm.ms, "reload": reloaded.ms, "added": added}


def run_calculator(parser: argparse.ArgumentParser, phone: bool = False) -> int:
    """One line per edition: submit-to-result times and the bytes Pyodide adds."""
    editions, chromium = site_and_chromium(parser)
    from playwright.sync_api import sync_playwright

    print(
        f"in-browser calculator at {'390' if phone else '1280'} px: ms from submit to result; "
        "KiB the first submit fetches (gzip KiB, transferred KiB)"
    )
    print(f"{'edition':<8}{'cold':>9}{'warm':>8}{'reload':>9}{'files':>7}{'added':>30}")
    with sync_playwright() as playwright, serve() as base:
        browser = playwright.chromium.launch(executable_path=chromium)
        for lang in editions:
            result = measure_calculator(browser, base, lang, phone)
            added = result["added"]
            size, packed, sent = (sum(row[i] for row in added) for i in (1, 2, 3))
            cells = f"{kib(size)} ({kib(packed)}, {kib(sent)})"
            print(
                f"{lang:<8}{result['cold']:>9.0f}{result['warm']:>8.0f}{result['reload']:>9.0f}"
                f"{len(added):>7}{cells:>30}"
            )
            if lang == editions[0]:
                for url, size, gz, _ in sorted(added, key=lambda row: -row[1]):
                    print(f"    {kib(size):>9} ({kib(gz):>7})  {url.removeprefix(base)}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
