"""Compare two builds of the site page by page: what a reader would see change.

    python tools/compare_builds.py OLD_SITE NEW_SITE [--diff FILE] [--markdown FILE]
        [--locks OLD_LOCK NEW_LOCK] [--fail-on-difference]

OLD_SITE and NEW_SITE are ``docs/_build/site`` folders (one folder per edition). For every page
of every edition, the text of the article (the page's main content, without the navigation,
header and footer) is compared, with each figure as a line naming its image file, whose name
is a hash of its pixels, so a redrawn figure shows as a changed line. The footer's list of the
versions that produced the outputs is reported from each edition's home page.

Prints a summary; ``--diff`` writes a unified diff per changed page, ``--markdown`` appends a
report for a GitHub job summary (``$GITHUB_STEP_SUMMARY``); ``--locks`` adds the packages whose
pinned version differs between two requirements files. Exit status 1 with
``--fail-on-difference`` when any page differs. The standard library only: it runs before any
environment is installed. Used by ``.github/workflows/newest.yml``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

# Folders of an edition that hold no pages.
NOT_PAGES = {"_static", "_sources", "_images", "_downloads", "jupyter_execute"}
BLOCKS = {
    "p", "div", "section", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "table", "figure", "figcaption", "blockquote", "br", "details", "summary",
}  # fmt: skip
SKIPPED = {"script", "style", "template", "svg"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}


class _Article(HTMLParser):
    """Text of the ``<article class="bd-article">`` element, a line per block, and the
    versions sentence of the footer (``<p class="lstm-versions">``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.versions = ""
        self._article = 0  # depth inside the article, 0 outside
        self._skip = 0
        self._skipping: list[str] = []
        self._pre = 0
        self._in_versions = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "p" and "lstm-versions" in classes:
            self._in_versions = True
        if self._article:
            self._article += tag not in VOID
        elif tag == "article" and "bd-article" in classes:
            self._article = 1
        if not self._article:
            return
        if tag in SKIPPED or "headerlink" in classes:  # the "#" link after each heading
            self._skip += 1
            self._skipping.append(tag)
        if tag == "pre":
            self._pre += 1
        if tag in BLOCKS:
            self._newline()
        if tag == "img" and not self._skip:
            name = Path(attributes.get("src") or "").name
            self.lines.append(f"[image {name}: {attributes.get('alt') or ''}]")
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_versions = False
        if not self._article:
            return
        if self._skipping and tag == self._skipping[-1]:
            self._skip -= 1
            self._skipping.pop()
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in BLOCKS:
            self._newline()
        if tag not in VOID:
            self._article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_versions:
            self.versions += data
        if not self._article or self._skip:
            return
        if self._pre:
            first, *rest = data.split("\n")
            self.lines[-1] += first
            self.lines.extend(rest)
        else:
            text = re.sub(r"\s+", " ", data)
            self.lines[-1] += text if self.lines[-1].strip() else text.lstrip()

    def _newline(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def text(self) -> list[str]:
        return [line.rstrip() for line in self.lines if line.strip()]


def read_page(path: Path) -> tuple[list[str], str]:
    """(article lines, footer versions sentence) of one HTML page."""
    parser = _Article()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.text(), " ".join(parser.versions.split())


def pages(site: Path) -> dict[str, Path]:
    """{"<edition>/<page>.html": path} for every page of every edition of a built site."""
    found = {}
    for edition in sorted(path for path in site.iterdir() if path.is_dir()):
        for page in sorted(edition.rglob("*.html")):
            relative = page.relative_to(site)
            if not NOT_PAGES & set(relative.parts):
                found[relative.as_posix()] = page
    return found


def pins(lock: Path) -> dict[str, str]:
    """{package: version} of a requirements file written by `nox -s lock`."""
    text = lock.read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M))


def compare(old: Path, new: Path) -> tuple[dict[str, list[str]], list[str], list[str], dict]:
    """(unified diff lines per changed page, pages only in old, pages only in new,
    {"old": versions sentences, "new": ...})."""
    old_pages, new_pages = pages(old), pages(new)
    diffs: dict[str, list[str]] = {}
    versions: dict[str, set[str]] = {"old": set(), "new": set()}
    for name in sorted(old_pages.keys() & new_pages.keys()):
        before, old_versions = read_page(old_pages[name])
        after, new_versions = read_page(new_pages[name])
        if name.count("/") == 1 and name.endswith("/index.html"):  # each edition's home page
            versions["old"].add(old_versions)
            versions["new"].add(new_versions)
        diff = list(
            difflib.unified_diff(before, after, f"locked/{name}", f"newest/{name}", lineterm="")
        )
        if diff:
            diffs[name] = diff
    only_old = sorted(old_pages.keys() - new_pages.keys())
    only_new = sorted(new_pages.keys() - old_pages.keys())
    return diffs, only_old, only_new, versions


def markdown(diffs, only_old, only_new, versions, lock_changes, total: int) -> str:
    lines = ["## The site with the newest releases, against the lock", ""]
    for label, key in (("Locked build", "old"), ("Newest build", "new")):
        shown = "; ".join(sorted(filter(None, versions[key]))) or "(no versions line)"
        lines.append(f"- {label}: {shown}")
    lines.append("")
    if lock_changes:
        lines += ["| package | locked | newest |", "| --- | --- | --- |"]
        lines += [f"| {name} | {a or '—'} | {b or '—'} |" for name, a, b in lock_changes]
        lines.append("")
    lines.append(
        f"{len(diffs)} of {total} pages differ in their content"
        + (f"; only in the locked build: {', '.join(only_old)}" if only_old else "")
        + (f"; only in the newest build: {', '.join(only_new)}" if only_new else "")
        + "."
    )
    for name, diff in diffs.items():
        lines += ["", f"<details><summary>{name}</summary>", "", "```diff", *diff[:200]]
        if len(diff) > 200:
            lines.append(f"... {len(diff) - 200} more lines in the artifact's pages.diff")
        lines += ["```", "", "</details>"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the site built from the lock")
    parser.add_argument("new", type=Path, help="the site built with the newest releases")
    parser.add_argument("--diff", type=Path, help="write the unified diffs here")
    parser.add_argument("--markdown", type=Path, help="append a Markdown report here")
    parser.add_argument("--locks", type=Path, nargs=2, metavar=("OLD_LOCK", "NEW_LOCK"))
    parser.add_argument("--fail-on-difference", action="store_true")
    args = parser.parse_args(argv)
    for site in (args.old, args.new):
        if not site.is_dir():
            parser.error(f"{site} is not a folder: build the site with `nox -s docs`")
    diffs, only_old, only_new, versions = compare(args.old, args.new)
    lock_changes = []
    if args.locks:
        before, after = (pins(path) for path in args.locks)
        lock_changes = [
            (name, before.get(name), after.get(name))
            for name in sorted(before.keys() | after.keys())
            if before.get(name) != after.get(name)
        ]
    total = len(pages(args.new))
    if args.diff:
        args.diff.parent.mkdir(parents=True, exist_ok=True)
        args.diff.write_text(
            "".join("\n".join(diff) + "\n" for diff in diffs.values()), encoding="utf-8"
        )
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as out:
            out.write(markdown(diffs, only_old, only_new, versions, lock_changes, total))
    print(f"{len(diffs)} of {total} pages differ", *(f"  {name}" for name in diffs), sep="\n")
    for name, a, b in lock_changes:
        print(f"  {name}: {a or '-'} -> {b or '-'}")
    different = bool(diffs or only_old or only_new)
    return 1 if args.fail_on_difference and different else 0


if __name__ == "__main__":
    sys.exit(main())
