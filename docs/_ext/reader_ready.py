"""Every reader, every device: what the built pages need to be accessible and fast on a phone.

Measured with ``benchmarks/page_size.py`` and Lighthouse (``tests/test_browser.py``); issue 11.

* **One stylesheet, only the rules the book uses.** Each page linked nine stylesheets (the
  pydata theme's 368 KiB of Bootstrap and Font Awesome among them, reached through an
  ``@import`` that the browser finds only after the first has arrived), all render-blocking.
  When an edition is built, they are joined in the same order into
  ``_static/styles/lstm-book-bundle.css``, and every rule none of whose selectors can match is
  left out: a selector stays while each class, id, element and attribute name in it occurs in
  some page of the edition or in a script of its ``_static`` folder (scripts add classes such as
  ``show`` or ``active`` later), the way PurgeCSS decides. At-rules are kept, and so are the
  rules of MathJax's elements. The joined file with every rule is written beside it
  (``lstm-book-full.css``, linked from no page) so that the browser tests can show that a page
  looks the same with either.
* **Icon font cut to the icons shown.** Font Awesome's solid font is 112 KiB for 1,400 icons;
  the book shows a few dozen. Each Font Awesome font is cut down (fontTools) to the icons whose
  class names occur in the pages or scripts and those the kept stylesheet writes itself (the
  theme's admonition icons). The fonts as shipped stay beside them (``full/``) for the browser
  test that compares the pages with and without the cuts.
* **Scripts wait for the text.** Every script in the head is deferred except
  ``documentation_options.js``, which the inline script after it reads (the search page keeps
  them all as they are: its own scripts need doctools at once). Deferred scripts still run in
  order, before ``DOMContentLoaded``. sphinx-design's tab script is left out of pages without
  tab sets.
* **Figures reserve their space and come in a phone's size.** Each ``<img>`` of ``_images``
  gets its ``width`` and ``height`` (so nothing moves when it arrives: cumulative layout shift),
  ``loading="lazy"``, and a ``srcset`` of lossless WebP copies (``NAME-720w.webp``..., and one
  at full size), narrower for screens that show it at a few hundred pixels; ``src`` stays the
  PNG; the link around it still opens the full-size picture.
* **No formula jumps.** The formulas are typeset while the book is built (``math_svg``): the
  page arrives with them drawn, and nothing moves or waits for MathJax. (Typeset in the
  browser, each line of raw TeX changed length when it became a formula, so the article was
  kept hidden until MathJax was done, which held back the largest contentful paint.)
* **An icon.** ``docs/_static/favicon.svg``, written into each page's head as a ``data:`` URI
  (no request); browsers no longer ask for a missing ``/favicon.ico``.
* **Alternates for search engines.** ``<link rel="alternate" hreflang>`` with absolute URLs
  (relative ones are invalid), and ``x-default`` pointing at the source edition.
* **Linking page tables have header text.** Their first header cell was empty (axe:
  empty-table-header); the words come from MyST substitutions set per edition here.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import json
import os
import re
import shutil
import struct
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))

import build_cache
from languages import LANGUAGE_LABEL, LANGUAGES, PAGE_LABEL, SOURCE_LANGUAGE, html_lang

logger = logging.getLogger(__name__)

BUNDLE = "styles/lstm-book-bundle.css"  # under _static
FULL_BUNDLE = "styles/lstm-book-full.css"
# The theme's own stylesheets, linked by its template (webpack macro), not through css_files:
# theme.css is only `@import "../basic.css"`.
THEME_CSS = ["basic.css", "styles/pydata-sphinx-theme.css"]
# Scripts the inline ones after them need at once.
SYNC_SCRIPTS = {"_static/documentation_options.js"}
# sphinx-design's script for tab sets, which it adds to every page: kept on pages with tabs.
TABS_SCRIPT = "design-tabs.js"
# Elements MathJax creates; their rules stay whatever the pages hold before it runs.
SAFE_PREFIXES = ("mjx-", "MathJax", "MJX")
# Bootstrap's script names every component it has (popover, modal, toast, carousel...), so its
# words would keep all their rules. It is left out of the words, and these, the names it adds
# at run time to what the theme uses (tooltips on the header buttons, dropdown menus,
# collapsing sections), are added instead.
BOOTSTRAP_SCRIPT = "bootstrap.js"
BOOTSTRAP_RUNTIME = {
    "show", "showing", "hiding", "fade", "active", "disabled", "collapse", "collapsing",
    "collapse-horizontal", "tooltip", "tooltip-inner", "tooltip-arrow", "bs-tooltip-auto",
    "bs-tooltip-top", "bs-tooltip-bottom", "bs-tooltip-start", "bs-tooltip-end", "dropdown",
    "dropup", "dropend", "dropstart", "dropdown-menu", "dropdown-menu-end", "dropdown-item",
    "dropdown-toggle", "data-bs-popper", "data-popper-placement", "role",
}  # fmt: skip
# Narrower copies of each figure for the srcset (px), and how wide a figure is shown:
# the text column's width on a wide screen, nearly the whole screen below the theme's `lg`.
IMAGE_WIDTHS = (480, 720, 960)
IMAGE_SIZES = "(min-width: 992px) 820px, calc(100vw - 2rem)"
# Lossless: a third smaller than the PNG, the same pixels.
WEBP_OPTIONS = {"format": "WEBP", "lossless": True, "quality": 100, "method": 6}
FONT_AWESOME = "vendor/fontawesome/webfonts"
# Part of the key of the results this module shares between editions (build_cache): a change
# to this code makes them anew.
_SOURCE = Path(__file__).read_bytes()


# -- Configuration and page context ------------------------------------------------------


def _config_inited(app: Sphinx, config) -> None:
    lang = config.language or SOURCE_LANGUAGE
    config.myst_substitutions = {
        **config.myst_substitutions,
        "lstm_header_language": LANGUAGE_LABEL.get(lang, LANGUAGE_LABEL[SOURCE_LANGUAGE]),
        "lstm_header_page": PAGE_LABEL.get(lang, PAGE_LABEL[SOURCE_LANGUAGE]),
    }


def bundle_sources(app: Sphinx) -> list[str]:
    """The stylesheets of ``_static`` that every page links, in the order it links them."""
    files = getattr(app.builder, "_css_files", None) or getattr(app.builder, "css_files", [])
    names = [*THEME_CSS]
    for css in files:
        name = str(getattr(css, "filename", css)).split("?")[0]
        if "://" not in name and name.removeprefix("_static/") not in names:
            names.append(name.removeprefix("_static/"))
    return names


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html":
        return
    # One stylesheet: layout.html drops the links to what the bundle holds.
    sources = bundle_sources(app)
    context["lstm_bundled_css"] = ["styles/theme.css", *sources]
    context["lstm_css_bundle"] = f"_static/{BUNDLE}"
    context["lstm_css_version"] = _sources_digest(app, sources)
    # Deferred scripts.
    scripts = context.get("script_files")
    if scripts:
        body = context.get("body", "")
        # The search page's own scripts, which the template adds after these, call doctools'
        # _ready at once: there the scripts stay as they are.
        defer = _deferred if pagename != "search" else (lambda js: js)
        context["script_files"] = [
            defer(js)
            for js in scripts
            if not (str(getattr(js, "filename", "")).endswith(TABS_SCRIPT) and "sd-tab" not in body)
        ]
    # The icon, inside the page: no request, which a reader leaving the page at once would
    # also cut short (the root has favicon.ico for pages that name none).
    context["lstm_favicon"] = favicon_data_uri()
    # Absolute alternates (hreflang must name absolute URLs).
    root = (getattr(app.config, "site_url", "") or "").rstrip("/") + "/"
    context["lstm_alternates"] = [
        {"lang": html_lang(code), "href": f"{root}{code}/{pagename}.html"} for code in LANGUAGES
    ] + [{"lang": "x-default", "href": f"{root}{SOURCE_LANGUAGE}/{pagename}.html"}]
    # Figures with their size and narrower copies.
    if "body" in context:
        context["body"] = _sized_images(app, pagename, context["body"])


FAVICON = DOCS / "_static" / "favicon.svg"


def favicon_data_uri() -> str:
    """``docs/_static/favicon.svg`` as a ``data:`` URI."""
    from urllib.parse import quote

    return "data:image/svg+xml," + quote(FAVICON.read_text(encoding="utf-8").strip(), safe=" =:/")


def _deferred(js):
    filename = str(getattr(js, "filename", "") or "")
    attributes = dict(getattr(js, "attributes", {}) or {})
    if (
        not filename
        or filename in SYNC_SCRIPTS
        or "://" in filename
        or attributes.get("async")
        or attributes.get("defer")
        or "body" in attributes
    ):
        return js
    from sphinx.builders.html._assets import _JavaScript

    attributes["defer"] = "defer"
    return _JavaScript(filename, priority=getattr(js, "priority", 500), **attributes)


def _sources_digest(app: Sphinx, sources: list[str]) -> str:
    """A short hash of the bundle's inputs as they are in the output folder, computed once per
    build (every page links the same bundle)."""
    cached = getattr(app.builder, "_lstm_bundle_digest", None)
    if cached:
        return cached
    digest = hashlib.sha256()
    for name in sources:
        for folder in _static_dirs(app):
            path = folder / name
            if path.is_file():
                digest.update(path.read_bytes())
                break
    digest.update(Path(__file__).read_bytes())
    value = digest.hexdigest()[:12]
    app.builder._lstm_bundle_digest = value
    return value


def _static_dirs(app: Sphinx) -> list[Path]:
    """Where the bundle's sources may be before the build copies them: the theme's folders
    and html_static_path (the output's _static last, as a copy of a previous build)."""
    folders = []
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        for theme_dir in theme.get_theme_dirs():
            folders.append(Path(theme_dir) / "static")
    for extra in app.config.html_static_path:
        folders.append(Path(app.confdir, extra))
    folders.append(Path(app.outdir) / "_static")
    return folders


# -- Figures -------------------------------------------------------------------------------

_IMG = re.compile(
    r'<img\b[^>]*\bsrc="(?P<prefix>(?:\.\./)*)_images/(?P<name>[^"/]+\.png)"[^>]*?/?>'
)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    with path.open("rb") as file:
        head = file.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def _image_sources(app: Sphinx) -> dict[str, Path]:
    """``_images`` name -> the picture it is copied from."""
    images = getattr(app.builder, "images", {}) or {}
    return {name: Path(app.srcdir, src) for src, name in images.items()}


def _sized_images(app: Sphinx, pagename: str, body: str) -> str:
    sources = _image_sources(app)

    def rewrite(match: re.Match) -> str:
        tag = match.group(0)
        if " width=" in tag or " srcset=" in tag:
            return tag
        source = sources.get(match.group("name"))
        if source is None or not source.is_file():
            return tag
        width, height = png_size(source)
        prefix = match.group("prefix")
        stem = match.group("name").removesuffix(".png")
        candidates = [
            f"{prefix}_images/{stem}-{w}w.webp {w}w"
            for w in [*(w for w in IMAGE_WIDTHS if w < width), width]
            if _resized_copy(app, source, stem, w)
        ]
        extra = f' width="{width}" height="{height}" loading="lazy" decoding="async"'
        if candidates:
            extra += f' srcset="{", ".join(candidates)}" sizes="{IMAGE_SIZES}"'
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + extra + " " + tag[end:]

    return _IMG.sub(rewrite, body)


def _resized_copy(app: Sphinx, source: Path, stem: str, width: int) -> bool:
    """Write ``_images/<stem>-<width>w.webp`` (see ``WEBP_OPTIONS``); False if it cannot be
    made. Encoded once for every edition and build (``build_cache``): the figures are the same
    files in each."""
    target = Path(app.outdir, "_images", f"{stem}-{width}w.webp")
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return True
    try:
        import PIL
        from PIL import Image, features
    except ImportError as missing:
        raise ExtensionError(
            "Pillow is needed to write phone-sized copies of the figures: install the docs extra"
        ) from missing

    def encode() -> bytes:
        buffer = io.BytesIO()
        with Image.open(source) as image:
            height = round(image.height * width / image.width)
            small = image if width == image.width else image.resize((width, height), Image.LANCZOS)
            small.save(buffer, **WEBP_OPTIONS)
        return buffer.getvalue()

    # Keyed on this function's code, not the module's: re-encoding every figure is slow.
    encoder = [inspect.getsource(_resized_copy), repr(WEBP_OPTIONS), PIL.__version__]
    encoder.append(features.version("webp") or "")
    data = build_cache.cached_bytes("webp", [source.read_bytes(), width, *encoder], encode)
    _write_bytes(target, data)
    return True


# -- The stylesheet bundle ---------------------------------------------------------------


def content_words(outdir: Path) -> set[str]:
    """Every name-like word of the edition's pages and of the scripts in ``_static`` (but
    MathJax's, the search index and Bootstrap: see ``BOOTSTRAP_RUNTIME``): the names a
    selector may use."""
    words: set[str] = set(BOOTSTRAP_RUNTIME)
    pattern = re.compile(r"[A-Za-z0-9_-]+")
    skip = {"mathjax", "_sources", "_images", "_downloads", "jupyter_execute"}
    for path in outdir.rglob("*"):
        if path.suffix not in {".html", ".js"} or skip & set(path.relative_to(outdir).parts):
            continue
        if path.name in {"searchindex.js", "language_data.js", BOOTSTRAP_SCRIPT}:
            continue
        words.update(pattern.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _split_top(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` outside brackets, parentheses and strings."""
    parts, depth, quote, current = [], 0, "", []
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _drop_functions(selector: str) -> str:
    """Remove functional pseudo-classes (``:not(...)``, ``:is(...)``, ``:nth-child(...)``) with
    their arguments: what they name need not be present for the selector to match."""
    out, i = [], 0
    while i < len(selector):
        match = re.match(r"::?[A-Za-z-]+\(", selector[i:])
        if match:
            depth, j = 1, i + match.end()
            while j < len(selector) and depth:
                depth += {"(": 1, ")": -1}.get(selector[j], 0)
                j += 1
            i = j
            continue
        out.append(selector[i])
        i += 1
    return "".join(out)


_ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_][\w-]*)[^\]]*\]")
_PSEUDO = re.compile(r"::?[A-Za-z-]+")
_NAMES = re.compile(r"(?:^|(?<=[\s>+~]))([A-Za-z][\w-]*)|[.#]([A-Za-z_-][\w-]*)")


def selector_names(selector: str) -> set[str] | None:
    """The element, class, id and attribute names a selector needs, or None when it cannot be
    judged (escaped characters) and must be kept."""
    if "\\" in selector:
        return None
    plain = _drop_functions(selector)
    names = set(_ATTRIBUTE.findall(plain))
    plain = _PSEUDO.sub("", _ATTRIBUTE.sub("", plain))
    for element, other in _NAMES.findall(plain):
        names.add(element or other)
    return names


def selector_used(selector: str, words: set[str]) -> bool:
    if any(prefix in selector for prefix in SAFE_PREFIXES):
        return True
    names = selector_names(selector)
    if names is None:
        return True
    return all(name in words or name.lower() in ("html", "body") for name in names)


def purge(rules: list, words: set[str]) -> list:
    """The rules of a parsed stylesheet (tinycss2) that can match, at-rules kept and @media or
    @supports blocks purged inside."""
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude)
            if any(selector_used(s, words) for s in _split_top(prelude)):
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports", "layer"}:
            if rule.content is None:
                kept.append(rule)
                continue
            inner = purge(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                words,
            )
            if inner:
                rule.content = [token for child in inner for token in _with_space(child)]
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"charset", "import"}:
            continue  # imports are inlined by the bundler, one charset is implied (UTF-8)
        elif rule.type != "error":
            kept.append(rule)
    return kept


def _with_space(rule) -> list:
    from tinycss2.ast import WhitespaceToken

    return [rule, WhitespaceToken(0, 0, "\n")]


_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _rebase_urls(css: str, source: str, target: str) -> str:
    """Rewrite relative url()s of a stylesheet at ``source`` (path under _static) for one at
    ``target``."""
    source_dir = Path(source).parent
    target_dir = Path(target).parent

    def rewrite(match: re.Match) -> str:
        url = match.group(2).strip()
        if re.match(r"^(?:[a-z]+:|/|#)", url):
            return match.group(0)
        path, _, rest = url.partition("?")
        resolved = os.path.normpath(source_dir / path)
        relative = os.path.relpath(resolved, target_dir).replace(os.sep, "/")
        return f'url("{relative}{"?" + rest if rest else ""}")'

    return _URL.sub(rewrite, css)


def _read_with_imports(static: Path, name: str, seen: set[str]) -> list[tuple[str, str]]:
    """(path under _static, text) of a stylesheet and, before it, what it @imports."""
    path = static / name
    if name in seen or not path.is_file():
        return []
    seen.add(name)
    text = path.read_text(encoding="utf-8")
    out = []
    for imported in re.findall(r"@import\s+(?:url\()?['\"]([^'\"]+)['\"]\)?[^;]*;", text):
        out += _read_with_imports(static, os.path.normpath(Path(name).parent / imported), seen)
    text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)
    out.append((name, text))
    return out


def write_bundle(app: Sphinx, words: set[str]) -> tuple[int, int]:
    """Write the bundle (purged) and the full joined file; return their sizes in bytes."""
    import tinycss2

    static = Path(app.outdir) / "_static"
    seen: set[str] = set()
    parts: list[tuple[str, str]] = []
    for name in bundle_sources(app):
        parts += _read_with_imports(static, name, seen)

    def join(words) -> list[str]:
        full, lean = [], []
        for name, text in parts:
            text = _rebase_urls(text, name, BUNDLE)
            full.append(f"/* {name} */\n{text}")
            rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
            kept = purge(rules, words)
            lean.append(f"/* {name} */\n" + "\n".join(tinycss2.serialize([r]) for r in kept))
        return ["\n".join(full) + "\n", "\n".join(lean) + "\n"]

    # The same in every edition whose pages give the same answer for each name it looks up.
    key = [_SOURCE, tinycss2.__version__, json.dumps(parts)]
    full_text, lean_text = build_cache.cached_for_words("css-bundle", key, words, join)
    _write(static / FULL_BUNDLE, full_text)
    _write(static / BUNDLE, lean_text)
    return len(full_text.encode()), len(lean_text.encode())


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode())


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# -- Icon font ---------------------------------------------------------------------------


def icon_codepoints(css: str, words: set[str]) -> set[int]:
    """The code points of the Font Awesome icons whose class names occur in ``words``."""
    import tinycss2

    points: set[int] = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = _split_top(tinycss2.serialize(rule.prelude))
        names = [s.lstrip(".").split(":")[0] for s in selectors if s.startswith(".fa-")]
        if not names or not any(name in words for name in names):
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content):
            if declaration.type != "declaration":
                continue
            if declaration.name not in {"--fa", "--fa--fa", "content"}:
                continue
            for token in declaration.value:
                if token.type == "string":
                    points.update(ord(char) for char in token.value)
    return points


def private_use_characters(css: str) -> set[int]:
    """Icon characters a stylesheet writes itself (Unicode's private use area, where Font
    Awesome's icons are), such as the theme's admonition icons (``--pst-icon-lightbulb``)."""
    points = {ord(char) for char in re.findall("[\ue000-\uf8ff]", css)}
    for escape in re.findall(r"\\([0-9a-fA-F]{4,6})", css):
        if 0xE000 <= int(escape, 16) <= 0xF8FF:
            points.add(int(escape, 16))
    return points


def _font_tools() -> list[str]:
    """The versions of what writes a WOFF2 font (part of the key of a cached font)."""
    import brotli
    import fontTools

    return [fontTools.version, getattr(brotli, "__version__", "")]


def subset_icon_fonts(app: Sphinx, words: set[str]) -> dict[str, tuple[int, int]]:
    """Cut each Font Awesome font of ``_static`` down to the icons in use, in place."""
    import tinycss2
    from fontTools import subset
    from fontTools.ttLib import TTFont

    static = Path(app.outdir) / "_static"
    css = static / "styles" / "pydata-sphinx-theme.css"
    folder = static / FONT_AWESOME
    if not css.is_file() or not folder.is_dir():
        return {}
    css_text = css.read_text(encoding="utf-8")
    key = [_SOURCE, tinycss2.__version__, css_text]
    points = set(
        build_cache.cached_for_words(
            "icon-codepoints", key, words, lambda words: sorted(icon_codepoints(css_text, words))
        )
    )
    bundle = static / BUNDLE
    if bundle.is_file():
        points |= private_use_characters(bundle.read_text(encoding="utf-8"))
    sizes = {}
    for font_path in sorted(folder.glob("*.woff2")):
        before = font_path.stat().st_size
        shipped = folder / "full" / font_path.name  # the build copied the theme's font anew
        shipped.parent.mkdir(exist_ok=True)
        shutil.copyfile(font_path, shipped)
        original = font_path.read_bytes()

        def cut(original: bytes = original) -> bytes:
            font = TTFont(io.BytesIO(original))
            present = set(font.getBestCmap() or {})
            keep = sorted(points & present) or [0x20]
            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]
            options.name_IDs = ["*"]
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=keep)
            subsetter.subset(font)
            font.flavor = "woff2"
            buffer = io.BytesIO()
            font.save(buffer)
            return buffer.getvalue()

        key = [_SOURCE, *_font_tools(), original, json.dumps(sorted(points))]
        _write_bytes(font_path, build_cache.cached_bytes("icon-font", key, cut))
        sizes[font_path.name] = (before, font_path.stat().st_size)
    return sizes


# -- Build ---------------------------------------------------------------------------------


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    words = content_words(outdir)
    full, lean = write_bundle(app, words)
    fonts = subset_icon_fonts(app, words)
    report = {
        "stylesheets": {"joined": full, "bundle": lean},
        "icon_fonts": {name: {"before": b, "after": a} for name, (b, a) in fonts.items()},
    }
    (outdir / "_static" / "styles" / "lstm-book-assets.json").write_text(
        json.dumps(report, indent=1) + "\n", encoding="utf-8"
    )
    logger.info(
        f"[reader_ready] stylesheet {full // 1024} KiB -> {lean // 1024} KiB; icon fonts "
        + ", ".join(f"{name} {b // 1024} -> {a // 1024} KiB" for name, (b, a) in fonts.items())
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("build_cache")
    app.connect("config-inited", _config_inited, priority=950)
    app.connect("html-page-context", _page_context, priority=950)
    app.connect("build-finished", _build_finished, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
