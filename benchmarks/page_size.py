"""What a reader's browser downloads on a first visit to a page, and what Lighthouse makes of
the question pages (a script, not a test).

    python benchmarks/page_size.py [--page questions/weight-shapes] [--phone] [--top N]
    python benchmarks/page_size.py --lighthouse [--runs 3] [--edition ja] [--pages questions/...]
    python benchmarks/page_size.py --calculator [--phone]

Serves ``docs/_build/site`` (build it with ``nox -s docs``) on 127.0.0.1 as GitHub Pages
serves it (gzip), opens the page in every edition the site holds in Debian's headless Chromium
with an empty cache (at 1280 px, or at 390 px with ``--phone``), waits until its web fonts have
loaded and the network is idle, and prints the bytes of every response body by type (html, css,
js, fonts, images, other), uncompressed and gzip-compressed, and what actually crossed the
network. ``--top N`` lists the N largest files as well.

``--lighthouse`` runs Lighthouse (mobile; tests/node, ``npm ci --prefix tests/node``) on every
question page of every edition instead and prints a Markdown table, one row per page and
edition: the transfer of the first visit (KiB, gzip), the Performance score, the cumulative
layout shift and the largest contentful paint, and the lowest Accessibility, Best practices and
SEO scores, each marked ✓ or ✗ against issue 11's targets (transfer ≤ 300 KiB, Performance
≥ 90, layout shift < 0.05, the other three 100; the paint against Lighthouse's "good", 2.5 s).
For a page short of a target it adds what Lighthouse blames: the element of the largest paint
and the phases of its time, the audits that estimate a saving, the main thread's work.

How it measures: Lighthouse's mobile settings (a Moto G Power screen, simulated slow 4G), with
the CPU slowdown calibrated to the host from the benchmark index Lighthouse measures at the
start of each round (``tests/node/lighthouse-run.mjs``: 4x on a fast desktop, less on a slow or
busy one, as Lighthouse's throttling documentation advises; ``LIGHTHOUSE_CPU_SLOWDOWN=4``
fixes it). Scores still move under load from other processes, so every page runs ``--runs``
times (3 by default), in rounds over all the pages rather than one page's runs in a row, and the
table shows the median (with the lowest and highest Performance score). Exit status 1 when any
page is short of a target.

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
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from built_site import (
    HOW_TO_BUILD,
    LIGHTHOUSE_TARGETS,
    MAX_LAYOUT_SHIFT,
    MAX_TRANSFER,
    SITE,
    book_pages,
    built_editions,
    lighthouse,
    lighthouse_problems,
    serve,
)

# Lighthouse's "good" largest contentful paint (Core Web Vitals): shown, not a target of issue 11.
GOOD_LCP = 2.5
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
SETTLED = "async () => { await document.fonts.ready; }"


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
        "--runs", type=int, default=3, help="Lighthouse runs per page, the median is shown (3)"
    )
    parser.add_argument(
        "--edition", action="append", help="with --lighthouse: only this edition (repeatable)"
    )
    parser.add_argument(
        "--pages",
        action="append",
        help="with --lighthouse: only this page, e.g. questions/weight-shapes (repeatable)",
    )
    parser.add_argument(
        "--calculator", action="store_true", help="time the in-browser calculator instead"
    )
    args = parser.parse_args(argv)
    if args.lighthouse:
        return run_lighthouse(parser, args)
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


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def lighthouse_rows(results: list[dict], base: str) -> list[dict]:
    """One row per page and edition from several Lighthouse runs of it: the medians of the
    transfer, Performance, layout shift and largest contentful paint, the lowest of the three
    scores that must be 100, and what kept the median run from a target."""
    runs: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        runs[result["url"]].append(result)
    rows = []
    for url, page_runs in runs.items():
        lang, page = url.removeprefix(base).removesuffix(".html").split("/", 1)
        performance = [r["scores"]["performance"] or 0 for r in page_runs]
        transfer = [sum(q["transferSize"] or 0 for q in r["requests"]) for r in page_runs]
        shift = [r["metrics"]["cumulative-layout-shift"] or 0 for r in page_runs]
        paint = [(r["metrics"]["largest-contentful-paint"] or 0) / 1000 for r in page_runs]
        others = {
            category: min(r["scores"][category] or 0 for r in page_runs)
            for category in ("accessibility", "best-practices", "seo")
        }
        typical = sorted(page_runs, key=lambda r: r["scores"]["performance"] or 0)[
            len(page_runs) // 2
        ]
        row = {
            "page": page,
            "edition": lang,
            "transfer": median(transfer) / 1024,
            "performance": median(performance),
            "performance_range": (min(performance), max(performance)),
            "cls": median(shift),
            "lcp": median(paint),
            "others": others,
            "runs": len(page_runs),
            "slowdown": sorted({round(r["cpuSlowdown"], 1) for r in page_runs}),
            "lcp_element": typical.get("lcpElement"),
            "opportunities": typical.get("opportunities", []),
            "problems": [
                p
                for r in page_runs
                for p in lighthouse_problems(r, base, ("accessibility", "best-practices", "seo"))
            ],
        }
        row["short"] = [
            name
            for name, missed in (
                ("transfer", row["transfer"] * 1024 > MAX_TRANSFER),
                ("performance", row["performance"] < LIGHTHOUSE_TARGETS["performance"]),
                ("cls", row["cls"] >= MAX_LAYOUT_SHIFT),
                ("others", any(s < 100 for s in others.values()) or bool(row["problems"])),
            )
            if missed
        ]
        rows.append(row)
    return rows


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def lighthouse_table(rows: list[dict]) -> list[str]:
    """The rows as a Markdown table, each figure flagged against its target (✓ met, ✗ not)."""
    lines = [
        "| page | edition | transfer KiB (≤ 300) | Performance (≥ 90) | CLS (< 0.05) "
        f"| LCP s (≤ {GOOD_LCP:g}) | A11y / BP / SEO (100) |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        low, high = row["performance_range"]
        spread = f" ({low:.0f}–{high:.0f})" if row["runs"] > 1 else ""
        others = "/".join(f"{score:.0f}" for score in row["others"].values())
        lines.append(
            f"| {row['page']} | {row['edition']} "
            f"| {row['transfer']:.0f} {mark('transfer' not in row['short'])} "
            f"| {row['performance']:.0f}{spread} {mark('performance' not in row['short'])} "
            f"| {row['cls']:.3f} {mark('cls' not in row['short'])} "
            f"| {row['lcp']:.1f} {mark(row['lcp'] <= GOOD_LCP)} "
            f"| {others} {mark('others' not in row['short'])} |"
        )
    return lines


def run_lighthouse(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Lighthouse (mobile) on every question page of every edition (or those named), ``--runs``
    times each; a table of the medians, and for each page short of a target, why."""
    import time

    editions = args.edition or built_editions()
    if not editions:
        parser.error(f"no built site in {SITE}: {HOW_TO_BUILD}")
    missing = sorted(set(editions) - set(built_editions()))
    if missing:
        parser.error(f"editions not built: {missing}; {HOW_TO_BUILD}")
    pages = args.pages or [page for page in book_pages() if page.startswith("questions/")]
    started = time.monotonic()
    results: list[dict] = []
    with serve() as base:
        urls = [f"{base}{lang}/{page}.html" for lang in editions for page in pages]
        # Round after round (not one page's runs in a row): a spell of load from other
        # processes on the machine then touches one run of several pages, not every run of one.
        for round_number in range(args.runs):
            print(f"round {round_number + 1} of {args.runs}: {len(urls)} pages", file=sys.stderr)
            results += lighthouse(urls)
        rows = lighthouse_rows(results, base)
    slowdowns = sorted({s for row in rows for s in row["slowdown"]})
    print(
        f"Lighthouse, mobile (simulated slow 4G; CPU slowdown x{slowdowns[0]:g}"
        + (f"–x{slowdowns[-1]:g}" if len(slowdowns) > 1 else "")
        + f", calibrated to this host), median of {args.runs} run(s) per page; "
        "transfer: gzip, as GitHub Pages sends it\n"
    )
    print("\n".join(lighthouse_table(rows)))
    short = [row for row in rows if row["short"]]
    for row in short:
        print(f"\n{row['edition']}/{row['page']}: short of {', '.join(row['short'])}")
        if row["lcp_element"]:
            print(f"    largest contentful paint: {row['lcp_element']}")
        for opportunity in row["opportunities"][:4]:
            print(f"    {opportunity}")
        for problem in dict.fromkeys(row["problems"]):
            print(f"    {problem}")
    minutes = (time.monotonic() - started) / 60
    print(
        f"\n{len(rows)} pages, {len(results)} runs in {minutes:.0f} min; "
        f"{len(short)} short of a target (LCP is shown against Lighthouse's 'good', not a target)"
    )
    return 1 if short else 0


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
