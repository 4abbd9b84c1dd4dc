"""Formulas typeset while the book is built: SVG from MathJax, and no MathJax in the pages.

MathJax in the browser was most of what a first visit of a question page downloaded (its
scripts and fonts, about 180 KiB compressed), its typesetting held the main thread after the
text had arrived, and the article stayed hidden until it was done so that no line moved when
raw TeX became a formula (issue 11: Lighthouse's largest contentful paint waited for it). Now
MathJax 3 runs in Node.js (``docs/_node/typeset.cjs``, installed with ``npm ci`` by
``nox -s docs``) and each formula goes into the page as what MathJax would have made of it in
the browser, with SVG output instead of CommonHTML:

* ``<span class="math">`` / ``<div class="math">`` as ``sphinx.ext.mathjax`` writes them (the
  theme's rules and equation numbers unchanged), holding an ``<mjx-container>`` whose SVG is
  hidden from screen readers and whose ``<mjx-assistive-mml>`` carries the formula as MathML,
  visually hidden, for them to read (MathJax's assistive-mml extension, which the pages loaded);
* one copy of each glyph per page: the formulas' ``<use>`` elements name paths that a hidden
  ``<svg id="MJX-SVG-global-cache">`` at the top of the article defines (MathJax's global font
  cache, as in the browser); sizes are in ``ex``, so formulas scale with the text around them;
* MathJax's stylesheet for SVG output, ``_static/lstm-math.css``, joined into the book's one
  stylesheet by ``reader_ready``.

A TeX error or an unknown macro is a build warning (the strict build fails), never red text on a
page. Typeset formulas are kept in ``docs/_build/.math_cache`` (one file each, keyed by the TeX,
the MathJax version and the script), so the other editions, which repeat the English formulas,
and later builds start no Node.js at all.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
NODE_PACKAGE = DOCS / "_node"
SCRIPT = NODE_PACKAGE / "typeset.cjs"
CSS_FILE = "lstm-math.css"  # under _static
CACHE_ID = "MJX-SVG-global-cache"  # MathJax's id for the page's glyph definitions
HOW_TO_INSTALL = (
    "install it with `npm ci --prefix docs/_node` (`nox -s docs` does; Node.js >= 18: "
    "`bash .ci/run` installs Debian's nodejs and npm)"
)
_GLYPH_REF = re.compile(r'xlink:href="#(MJX-[^"]+)"')


class TypesetError(RuntimeError):
    """MathJax refused a formula (a TeX error or a macro no package defines)."""


def typesetter_version() -> str:
    """A digest of what decides the output: the locked MathJax and the script that drives it."""
    digest = hashlib.sha256()
    for path in (NODE_PACKAGE / "package-lock.json", SCRIPT):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Typesetter:
    """MathJax in one Node.js process, started at the first formula not in the cache, and the
    glyphs of every formula seen (id -> ``<path>``)."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.version = typesetter_version()
        self.glyphs: dict[str, str] = {}
        self._process: subprocess.Popen | None = None
        self._pid = 0  # the process that started Node.js (a forked writer starts its own)
        self._css = ""

    def _start(self) -> subprocess.Popen:
        if self._process is not None and self._pid == os.getpid():
            return self._process
        node = shutil.which("node")
        if node is None:
            raise ExtensionError(
                f"Node.js typesets the book's formulas and is missing: {HOW_TO_INSTALL}"
            )
        if not (NODE_PACKAGE / "node_modules" / "mathjax-full").is_dir():
            raise ExtensionError(f"MathJax (docs/_node) is not installed: {HOW_TO_INSTALL}")
        self._process = subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=NODE_PACKAGE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._pid = os.getpid()
        hello = self._read()
        self._css = hello["css"]
        return self._process

    def _read(self) -> dict:
        assert self._process is not None and self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            code = self._process.wait()
            self._process = None
            raise ExtensionError(f"MathJax (node {SCRIPT.name}) stopped with exit status {code}")
        return json.loads(line)

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None and self._pid == os.getpid():
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=30)
            for stream in (process.stdout, process.stderr):
                if stream is not None:  # a pipe left open is a ResourceWarning (an error in tests)
                    stream.close()

    def css(self) -> str:
        """MathJax's stylesheet for its SVG output."""
        path = self.cache / f"style-{self.version}.css"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        self._start()
        _write(path, self._css)
        return self._css

    def typeset(self, tex: str, display: bool) -> str:
        """The ``<mjx-container>`` of one formula; its glyphs join :attr:`glyphs`."""
        key = hashlib.sha256(f"{self.version}\0{int(display)}\0{tex}".encode()).hexdigest()
        path = self.cache / f"{key}.json"
        if path.is_file():
            typeset = json.loads(path.read_text(encoding="utf-8"))
        else:
            process = self._start()
            assert process.stdin is not None
            process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            process.stdin.flush()
            typeset = self._read()
            if "error" in typeset:
                raise TypesetError(typeset["error"])
            _write(path, json.dumps(typeset, ensure_ascii=False))
        self.glyphs.update(typeset["glyphs"])
        return typeset["html"]

    def glyph_definitions(self, body: str) -> str:
        """The hidden ``<svg>`` defining every glyph that ``body`` uses, "" for none."""
        used = dict.fromkeys(_GLYPH_REF.findall(body))
        missing = [glyph for glyph in used if glyph not in self.glyphs]
        if missing:
            raise ExtensionError(f"glyphs used but never typeset: {missing[:5]}")
        if not used:
            return ""
        paths = "".join(self.glyphs[glyph] for glyph in used)
        return (
            f'<svg id="{CACHE_ID}" style="display: none" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg"><defs>{paths}</defs></svg>'
        )


def _write(path: Path, text: str) -> None:
    """Write at once (builds of other editions may read the cache at the same time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _typesetter(app: Sphinx) -> Typesetter:
    typesetter = getattr(app, "_lstm_typesetter", None)
    if typesetter is None:
        typesetter = Typesetter(Path(app.srcdir, "_build", ".math_cache"))
        app._lstm_typesetter = typesetter
    return typesetter


def _formula(translator, node: nodes.Element, tex: str, display: bool) -> str:
    try:
        return _typesetter(translator.builder.app).typeset(tex, display)
    except TypesetError as error:
        logger.warning(f"MathJax could not typeset {tex!r}: {error}", location=node)
        return html.escape(tex)


# -- The math renderer: Sphinx's markup (sphinx.ext.mathjax), typeset -------------------------


def html_visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_formula(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def display_tex(node: nodes.math_block) -> str:
    """The TeX MathJax got from ``sphinx.ext.mathjax`` for a display formula: paragraphs become
    aligned lines, a part with ``\\\\`` a ``split``.

    >>> display_tex(nodes.math_block("a = b\\n\\nc = d", "a = b\\n\\nc = d"))
    ' \\\\begin{align}\\\\begin{aligned}a = b\\\\\\\\c = d\\\\end{aligned}\\\\end{align} '
    """
    if node.get("no-wrap", node.get("nowrap", False)):
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    lines = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(lines) == 1:
        return lines[0]
    return r" \begin{align}\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}\end{align} "


def html_visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node.get("no-wrap", node.get("nowrap", False)):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_formula(self, node, display_tex(node), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


# -- Build events ----------------------------------------------------------------------------


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html" or app.builder.math_renderer_name != "svg":
        return
    _write(Path(app.outdir, "_static", CSS_FILE), _typesetter(app).css())
    app.add_css_file(CSS_FILE)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The glyphs of the page's formulas, defined once at the top of its article."""
    typesetter = getattr(app, "_lstm_typesetter", None)
    body = context.get("body")
    if typesetter is None or not body:
        return
    context["body"] = typesetter.glyph_definitions(body) + body


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    typesetter = getattr(app, "_lstm_typesetter", None)
    if typesetter is not None:
        typesetter.close()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(
        "svg",
        inline_renderers=(html_visit_math, None),
        block_renderers=(html_visit_displaymath, None),
    )
    # A new MathJax or script rewrites every page (the HTML builder compares "html" settings).
    app.add_config_value("lstm_math_typesetter", typesetter_version(), "html", types=(str,))
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
