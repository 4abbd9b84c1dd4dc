"""Compare two builds of the site file by file: did a change to the build alter what a reader
gets? ``python benchmarks/compare_sites.py OLD NEW`` with two copies of ``docs/_build/site``
(or of ``docs/_build/html``, or two editions' folders); exit status 1 if anything differs.

Every file is compared byte for byte, except what legitimately varies from build to build:

* fonts (``.woff2``, ``.woff``, ``.ttf``, ``.otf``): fontTools stamps the time it wrote a font
  into its ``head`` table, so two fonts are equal when their tables are, that stamp and the
  checksum that covers it aside;
* the version query of the book's stylesheet (``lstm-book-bundle.css?v=...``): a digest that
  includes the source of ``docs/_ext/reader_ready.py``, so that browsers fetch the stylesheet
  again after that code changes; the stylesheet itself is compared like any file;
* the compressed sizes of those fonts in ``lstm-book-assets.json`` (a report linked from no
  page), which move by a few bytes with the stamp;
* ``.buildinfo``, Sphinx's record of the configuration, which the site does not publish.

Notebooks (``.ipynb``) are compared as JSON, so that key order does not count.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path

FONTS = {".woff2", ".woff", ".ttf", ".otf"}
SKIP = {".buildinfo"}
BUNDLE_VERSION = re.compile(rb"(lstm-book-bundle\.css\?v=)[0-9a-f]+")


def _font_tables(data: bytes) -> dict[str, object]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    tags = [tag for tag in font.keys() if tag not in {"GlyphOrder", "head"}]  # noqa: SIM118
    tables: dict[str, object] = {tag: font.getTableData(tag) for tag in tags}
    stamp = {"modified", "checkSumAdjustment"}
    tables["head"] = {k: v for k, v in vars(font["head"]).items() if k not in stamp}
    return tables


def same(path_a: Path, path_b: Path) -> bool:
    """Whether two files give a reader the same thing (see the module docstring)."""
    a, b = path_a.read_bytes(), path_b.read_bytes()
    if a == b:
        return True
    suffix = path_a.suffix.lower()
    if suffix in FONTS:
        try:
            return _font_tables(a) == _font_tables(b)
        except Exception:  # not a font fontTools reads: the bytes decide
            return False
    if suffix == ".html":
        return BUNDLE_VERSION.sub(rb"\1", a) == BUNDLE_VERSION.sub(rb"\1", b)
    if path_a.name == "lstm-book-assets.json":
        try:
            report_a, report_b = json.loads(a), json.loads(b)
        except ValueError:
            return False
        sizes = "icon_fonts"
        return (
            report_a.pop(sizes, {}).keys() == report_b.pop(sizes, {}).keys()
            and report_a == report_b
        )
    if suffix == ".ipynb":
        try:
            return json.loads(a) == json.loads(b)
        except ValueError:
            return False
    return False


def files(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name not in SKIP
    }


def compare(old: Path, new: Path) -> list[str]:
    """One line per difference between the trees ``old`` and ``new``."""
    before, after = files(old), files(new)
    lines = [f"only in {old}: {name}" for name in sorted(before - after)]
    lines += [f"only in {new}: {name}" for name in sorted(after - before)]
    lines += [
        f"differs: {name}" for name in sorted(before & after) if not same(old / name, new / name)
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    differences = compare(args.old, args.new)
    for line in differences:
        print(line)
    count = len(files(args.new))
    print(f"{count} files in {args.new}: {len(differences)} difference(s) from {args.old}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
