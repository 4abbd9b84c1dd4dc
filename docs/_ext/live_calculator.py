"""The shape calculator in the reader's browser (issue 13): the ``live-calculator`` directive.

The page ``tools/shape-calculator`` gets a form (``id="live-calculator"``) that runs the
package's own command line, ``lstm-explained summary --json``, in the page with Pyodide and
shows the result in ``id="live-calculator-result"`` (``docs/_static/live-calculator.js``).
Nothing leaves the site:

* **Pyodide's core** comes from its npm package, pinned in ``vendor/package-lock.json``
  (``nox -s docs`` runs ``npm ci`` there), and is copied into each edition's
  ``_static/pyodide/``: the files a start needs (the loader, the WebAssembly interpreter,
  the standard library and the lock file the loader reads), no package: the calculator needs
  nothing beyond the standard library.
* **The package**: every module of ``lstm_explained`` in one zip,
  ``_static/live-calculator/lstm_explained-<hash of the sources>.zip``, written when the
  edition is built, and imported as it is (``import lstm_explained`` needs no NumPy).
* **Loaded when the reader asks**: only this page links the calculator's script, and the
  script loads Pyodide and the zip on the first submit, not before.
* **Without JavaScript** the form stays hidden (``hidden``, which the script removes) and a
  ``<noscript>`` note points to the command-line examples executed on the page.

The directive's content is a definition list: each term is a key (left untranslated), each
definition the text for that key, a message of the page's catalog like any paragraph, so the
labels, the button and the headings of the results come in the edition's language::

    :::{live-calculator}
    ---
    input: 5,2
    layers: |
      LSTM(64, return_sequences=True)
      LSTM(32)
    ---
    input
    : Shape of one sample
    ...
    :::
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from edition_rules import NUMBER_STYLE
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS / "_ext"))

from execution import package_fingerprint

PACKAGE = DOCS.parent / "lstm_explained"
NODE_DIR = DOCS.parent / "vendor"
PYODIDE_DIR = NODE_DIR / "node_modules" / "pyodide"
# What loadPyodide() fetches to start Python with its standard library, and nothing else: no
# package of the lock file is loaded, no console page, no TypeScript types, no source maps.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
PYODIDE_STATIC = "pyodide"  # under _static
PACKAGE_STATIC = "live-calculator"  # under _static
SCRIPT = "live-calculator.js"  # docs/_static
HOW_TO_INSTALL = (
    "Pyodide is missing from vendor/: run `npm ci --ignore-scripts --prefix vendor` "
    "(`nox -s docs` does)"
)

#: The keys of the directive's definition list: the form's labels, help and button, the
#: messages while Python starts, and the headings of the results.
MESSAGE_KEYS = (
    "input",
    "input-help",
    "layers",
    "layers-help",
    "batch",
    "submit",
    "loading",
    "failed",
    "error",
    "input-shape",
    "layer",
    "output-shape",
    "params",
    "formula",
    "weights",
    "total",
    "notes",
    "code",
    "noscript",
)
# Shown as the form's text (inline code kept); the others are handed to the script as text.
FORM_KEYS = ("input", "input-help", "layers", "layers-help", "batch", "submit", "noscript")


class live_calculator(nodes.General, nodes.Element):
    """The form; its child is the definition list of messages (translated like any text)."""


def package_zip_name() -> str:
    """``lstm_explained-<first 12 hex digits of the sources' SHA-256>.zip``: a new name for new
    code, so that a browser never runs a cached older package."""
    return f"lstm_explained-{package_fingerprint(PACKAGE)[:12]}.zip"


class LiveCalculator(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "input": directives.unchanged,
        "layers": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        node = live_calculator()
        node["input"] = self.options.get("input", "").strip()
        node["layers"] = "\n".join(
            line.strip() for line in self.options["layers"].splitlines() if line.strip()
        )
        self.state.nested_parse(self.content, self.content_offset, node)
        lists = [child for child in node.children if isinstance(child, nodes.definition_list)]
        if len(lists) != 1 or len(node.children) != 1:
            raise self.error("live-calculator: the content must be one definition list")
        keys = []
        for item in lists[0].findall(nodes.definition_list_item):
            term = item.next_node(nodes.term)
            term["translatable"] = False  # a key, not a message
            keys.append(term.astext().strip())
        missing = [key for key in MESSAGE_KEYS if key not in keys]
        unknown = [key for key in keys if key not in MESSAGE_KEYS]
        if missing or unknown or len(keys) != len(set(keys)):
            raise self.error(
                f"live-calculator: keys missing {missing}, unknown {unknown}; "
                f"give each of {list(MESSAGE_KEYS)} once"
            )
        self.set_source_info(node)
        return [node]


def messages(node: live_calculator) -> dict[str, nodes.Element]:
    """Key -> its definition (translated by now: Sphinx translates while reading)."""
    found = {}
    for item in node.findall(nodes.definition_list_item):
        found[item.next_node(nodes.term).astext().strip()] = item.next_node(nodes.definition)
    return found


def inline_html(element: nodes.Element) -> str:
    """A definition's text as HTML: text, inline code, emphasis, strong."""
    parts = []
    for child in element.findall(lambda n: isinstance(n, nodes.Text | nodes.literal)):
        if isinstance(child, nodes.literal):
            text = html.escape(child.astext())
            parts.append(
                f'<code class="docutils literal notranslate"><span class="pre">{text}</span></code>'
            )
        elif not isinstance(child.parent, nodes.literal):
            text = html.escape(child.astext())
            if isinstance(child.parent, nodes.strong):
                text = f"<strong>{text}</strong>"
            elif isinstance(child.parent, nodes.emphasis):
                text = f"<em>{text}</em>"
            parts.append(text)
    return " ".join("".join(parts).split())


def visit_live_calculator_html(self, node: live_calculator) -> None:
    texts = messages(node)
    here = self.builder.get_target_uri(self.builder.current_docname)
    pyodide = relative_uri(here, f"_static/{PYODIDE_STATIC}/")
    package = relative_uri(here, f"_static/{PACKAGE_STATIC}/{package_zip_name()}")
    script_messages = {
        key: " ".join(texts[key].astext().split()) for key in MESSAGE_KEYS if key not in FORM_KEYS
    }
    form = {key: inline_html(texts[key]) for key in FORM_KEYS}
    attr = html.escape
    # Counts grouped as the edition's prose groups them (edition_rules.NUMBER_STYLE: «17 152»
    # in Russian); English keeps the command line's 17,152.
    separator, fewest = NUMBER_STYLE.get(self.builder.config.language, (",", 4))
    self.body.append(
        f'<form id="live-calculator" class="lstm-calc" hidden novalidate'
        f' data-pyodide="{attr(pyodide)}" data-package="{attr(package)}"'
        f' data-group="{attr(separator)}" data-group-from="{fewest}"'
        f' data-messages="{attr(json.dumps(script_messages, ensure_ascii=False))}">\n'
        '<div class="lstm-calc-fields">\n'
        '<div class="lstm-calc-field">\n'
        f'<label for="live-calculator-input">{form["input"]}</label>\n'
        '<input id="live-calculator-input" name="input" type="text" autocomplete="off"'
        ' autocapitalize="off" spellcheck="false" aria-describedby="live-calculator-input-help"'
        f' value="{attr(node["input"])}" />\n'
        f'<p id="live-calculator-input-help" class="lstm-calc-help">{form["input-help"]}</p>\n'
        "</div>\n"
        '<div class="lstm-calc-field">\n'
        f'<label for="live-calculator-batch">{form["batch"]}</label>\n'
        '<input id="live-calculator-batch" name="batch" type="text" inputmode="numeric"'
        ' autocomplete="off" value="" />\n'
        "</div>\n"
        "</div>\n"
        '<div class="lstm-calc-field">\n'
        f'<label for="live-calculator-layers">{form["layers"]}</label>\n'
        '<textarea id="live-calculator-layers" name="layers" rows="4" autocomplete="off"'
        ' autocapitalize="off" spellcheck="false" wrap="off"'
        f' aria-describedby="live-calculator-layers-help">{attr(node["layers"])}</textarea>\n'
        f'<p id="live-calculator-layers-help" class="lstm-calc-help">{form["layers-help"]}</p>\n'
        "</div>\n"
        f'<button type="submit" class="lstm-calc-submit">{form["submit"]}</button>\n'
        '<p class="lstm-calc-status" role="status"></p>\n'
        "</form>\n"
        '<div id="live-calculator-result" class="lstm-calc-result" aria-live="polite"></div>\n'
        f'<noscript><p class="lstm-calc-noscript">{form["noscript"]}</p></noscript>\n'
    )
    raise nodes.SkipNode


def skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise ExtensionError(f"{HOW_TO_INSTALL}; missing: {', '.join(missing)}")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and any(doctree.findall(live_calculator)):
        app.add_js_file(SCRIPT, defer="defer")  # this page only


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.is_file():
        a, b = source.stat(), target.stat()
        if a.st_size == b.st_size and a.st_mtime <= b.st_mtime:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copy2(source, tmp)
    os.replace(tmp, target)


def write_package_zip(folder: Path) -> Path:
    """Every ``.py`` file of the package (subpackages included), in one zip under ``folder``;
    older zips there are removed. The same sources give the same bytes."""
    target = folder / package_zip_name()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("lstm_explained-*.zip"):
        if old != target:
            old.unlink()
    if target.is_file():
        return target
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(PACKAGE.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            name = path.relative_to(PACKAGE.parent).as_posix()
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(tmp, target)
    return target


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for name in PYODIDE_FILES:
        _copy_if_changed(PYODIDE_DIR / name, static / PYODIDE_STATIC / name)
    write_package_zip(static / PACKAGE_STATIC)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        live_calculator,
        html=(visit_live_calculator_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("live-calculator", LiveCalculator)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
