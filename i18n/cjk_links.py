"""Remove the spaces that zh_CN and ja catalogs put between CJK text and a link whose rendered
text is CJK too (i18n/TERMS.md, "Links inside CJK text").

A half-width space belongs between a CJK character and rendered *Latin* text (`LSTM 层`,
`` 见 {ref}`API reference <r-api>` ``); between two CJK characters it shows as a gap
(「LSTM 方程 一页」). A link's rendered text is the text of `` {ref}`text <label>` `` /
`` {doc}`text <path>` ``, or, for a bare `` {ref}`label` `` / `` {doc}`path` ``, the title
of the heading or page it points to, in the catalog's language (read from the English source
and that page's catalog).

Also, a link whose text is a question (ends in ？, or in のか in Japanese) is put in quotation marks when it sits in
the middle of a sentence, so that it does not read as the end of one: “{ref}`…？ <label>`”一页
(zh_CN), 「{ref}`…？ <label>`」のページ (ja).

Re-runnable and idempotent; it writes the catalogs in the layout ``nox -s i18n`` writes
(sphinx-intl/Babel, width 76) and touches only the messages it changes:

    nox -s i18n-rules            # fix the catalogs (after i18n/review_edits.py)
    nox -s i18n-rules -- --check # list what it would change; exit 1 if anything

(or ``python i18n/cjk_links.py [--check]`` in an environment with the docs extra.)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LOCALES = DOCS / "locales"
CJK_LANGUAGES = ("zh_CN", "ja")

# Han, kana, CJK punctuation and full-width forms: the characters between which no space goes.
CJK = r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_CHAR = re.compile(f"[{CJK}“”‘’]")
LINK = re.compile(r"\{(ref|doc)\}`([^`]*)`")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
QUOTES = {"zh_CN": ("“", "”"), "ja": ("「", "」")}
OPENING = "“‘「『（(《【"
CLOSING = "”’」』）)》】"


def _heading_after(lines: list[str], start: int) -> str | None:
    for line in lines[start:]:
        match = re.match(r"^#+\s+(.*\S)\s*$", line)
        if match:
            return match.group(1)
        if line.strip() and not line.startswith("("):
            return None
    return None


def english_titles() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """label -> (docname, English heading) and docname -> English page title."""
    labels: dict[str, tuple[str, str]] = {}
    pages: dict[str, str] = {}
    for path in sorted(DOCS.rglob("*.md")):
        rel = path.relative_to(DOCS)
        if rel.parts[0] in {"_build", "locales"} or rel.parts[0].startswith("."):
            continue
        docname = rel.with_suffix("").as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = re.match(r"^\(([\w:.-]+)\)=\s*$", line)
            if match:
                heading = _heading_after(lines, number + 1)
                if heading:
                    labels[match.group(1)] = (docname, heading)
            elif docname not in pages and re.match(r"^#\s+\S", line):
                pages[docname] = line.lstrip("#").strip()
    return labels, pages


def load(path: Path):
    from sphinx_intl.catalog import load_po

    return load_po(str(path))


def dump(path: Path, catalog) -> None:
    """Write like sphinx-intl; keep the file's "Generated-By" line, so that the Babel
    version of this machine does not show up as a change."""
    from sphinx_intl.catalog import dump_po

    generated = re.compile(r'^"Generated-By: [^"]*"$', re.M)
    before = generated.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    dump_po(str(path), catalog, width=76)
    if before:
        text = path.read_text(encoding="utf-8")
        path.write_text(generated.sub(lambda _: before.group(0), text, count=1), encoding="utf-8")


class Titles:
    """Rendered titles of headings and pages in one language, from the catalogs."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.labels, self.pages = english_titles()
        self._catalogs: dict[str, dict[str, str]] = {}

    def _translate(self, docname: str, english: str) -> str:
        if docname not in self._catalogs:
            path = LOCALES / self.lang / "LC_MESSAGES" / f"{docname}.po"
            messages = {}
            if path.is_file():
                messages = {m.id: m.string for m in load(path) if m.id and m.string}
            self._catalogs[docname] = messages
        return self._catalogs[docname].get(english, english)

    def rendered(self, role: str, content: str, docname: str) -> str:
        match = EXPLICIT.match(content)
        if match:
            return match.group("text")
        if role == "ref":
            label = content.split(":")[-1]
            if label in self.labels:
                return self._translate(*self.labels[label])
            return content
        target = content
        if not target.startswith("/"):
            target = str(Path(docname).parent / target)
        target = Path(target.lstrip("/")).as_posix()
        if target in self.pages:
            return self._translate(target, self.pages[target])
        return content


def fix_message(text: str, lang: str, titles: Titles, docname: str) -> str:
    """The msgstr with no space between CJK text and a link that renders CJK at that side."""
    out: list[str] = []
    position = 0
    space_before = re.compile(f"(?<=[{CJK}“”‘’]) +$")
    space_after = re.compile(f"^ +(?=[{CJK}“”‘’])")
    for match in LINK.finditer(text):
        rendered = titles.rendered(match.group(1), match.group(2), docname).strip()
        before = text[position : match.start()]
        tail = text[match.end() :]
        link = match.group(0)
        # A question title in mid-sentence goes in quotation marks, or it reads as the end
        # of a sentence: “{ref}`…？ <label>`”一页.
        following = tail.lstrip(" ")[:1]
        preceding = before.rstrip(" ")[-1:] or "".join(out).rstrip(" ")[-1:]
        if (
            (rendered.endswith(("？", "?")) or (lang == "ja" and rendered.endswith("のか")))
            and following
            and CJK_CHAR.match(following)
            and following not in CLOSING + "。，、；：！？"
            and preceding not in OPENING
        ):
            opening, closing = QUOTES[lang]
            link = f"{opening}{link}{closing}"
            rendered = f"{opening}{rendered}{closing}"
        if rendered and CJK_CHAR.match(rendered[0]):
            before = space_before.sub("", before)
        skipped = 0
        if rendered and CJK_CHAR.match(rendered[-1]):
            skipped = len(tail) - len(space_after.sub("", tail))
        out += [before, link]
        position = match.end() + skipped
    out.append(text[position:])
    return "".join(out)


def run(check: bool) -> int:
    changed = 0
    for lang in CJK_LANGUAGES:
        titles = Titles(lang)
        messages = LOCALES / lang / "LC_MESSAGES"
        for path in sorted(messages.rglob("*.po")):
            docname = path.relative_to(messages).with_suffix("").as_posix()
            catalog = load(path)
            edits = 0
            for message in catalog:
                if not message.id or not isinstance(message.string, str) or not message.string:
                    continue
                fixed = fix_message(message.string, lang, titles, docname)
                if fixed != message.string:
                    print(f"{path.relative_to(ROOT)}:\n  - {message.string}\n  + {fixed}")
                    message.string = fixed
                    edits += 1
            if edits and not check:
                dump(path, catalog)
            changed += edits
    print(f"{changed} message(s) {'to change' if check else 'changed'}")
    return 1 if check and changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    return run(parser.parse_args(argv).check)


if __name__ == "__main__":
    sys.exit(main())
